/**
 * Nothing of one municipality is reachable through the other: pages, search,
 * documents, status links, outbox, audit log, sessions. Canary values from
 * Musterstadt must never show up in any Beispielhausen response.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';
import { staffBrowser } from '../../../test/support/staff.ts';

let t: TestApp;
const CANARY = 'KANARIE-MUSTERSTADT-7731';
let caseId: string;
let reference: string;
let fileId: string;
let statusPath: string;
let mailId: string;

before(async () => {
  t = await createTestApp();
  const citizen = new TestBrowser(t.app, 'musterstadt.localhost');
  await citizen.get('/kontakt');
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0a0' } }).png().toBuffer();
  const res = await citizen.postMultipart('/kontakt', { topic: 'melde-pass', name: CANARY, email: 'kanarie@example.org', message: `Nachricht ${CANARY}`, privacy: 'yes', submission: crypto.randomUUID() }, [{ field: 'attachment', filename: 'beleg.png', content: png, type: 'image/png' }]);
  assert.equal(res.statusCode, 303);
  const row = await t.services.db.selectFrom('cases').select(['id', 'reference']).where('subject', '=', 'Meldewesen, Ausweise und Pässe').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  caseId = row.id;
  reference = row.reference;
  fileId = (await t.services.db.selectFrom('case_documents').select('file_id').where('case_id', '=', caseId).executeTakeFirstOrThrow()).file_id;
  const mail = await t.services.db.selectFrom('mails').select(['id', 'text_body']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
  mailId = mail.id;
  statusPath = /(\/vorgang\/[A-Za-z0-9_-]{32})/.exec(mail.text_body)?.[1] as string;
});
after(async () => t.close());

test('the owning tenant reaches everything (so the checks below are meaningful)', async () => {
  const admin = await staffBrowser(t, 'admin@musterstadt.example', 'musterstadt.localhost');
  assert.match((await admin.get(`/verwaltung?q=${reference}`)).body, new RegExp(caseId));
  assert.match((await admin.get(`/verwaltung/vorgaenge/${caseId}`)).body, new RegExp(CANARY));
  const doc = await admin.get(`/verwaltung/vorgaenge/${caseId}/dokumente/${fileId}`);
  assert.equal(doc.statusCode, 200);
  assert.equal(doc.headers['content-type'], 'image/png');
  assert.match(String(doc.headers['content-disposition']), /^attachment;/);
  assert.equal((await admin.get(`/verwaltung/postausgang/${mailId}`)).statusCode, 200);
  assert.equal((await new TestBrowser(t.app, 'musterstadt.localhost').get(statusPath)).statusCode, 200);
});

test('Beispielhausen staff see nothing of it: inbox, search, case, document, outbox, audit', async () => {
  const foreign = await staffBrowser(t, 'admin@beispielhausen.example', 'beispielhausen.localhost');
  const responses = [
    await foreign.get('/verwaltung?status=all'),
    await foreign.get(`/verwaltung?status=all&q=${encodeURIComponent(CANARY)}`),
    await foreign.get(`/verwaltung/vorgaenge/${caseId}`),
    await foreign.get(`/verwaltung/vorgaenge/${caseId}/dokumente/${fileId}`),
    await foreign.get('/verwaltung/postausgang'),
    await foreign.get(`/verwaltung/postausgang/${mailId}`),
    await foreign.get('/verwaltung/protokoll'),
  ];
  for (const res of responses) {
    // Attribute values may echo what the visitor typed (the search box, the language-switch URL); content may not leak.
    const content = res.body.replace(/="[^"]*"/g, '=""');
    assert.doesNotMatch(content, new RegExp(CANARY));
    assert.doesNotMatch(content, new RegExp(reference));
    assert.doesNotMatch(res.body, new RegExp(`href="/verwaltung/vorgaenge/${caseId}"`));
  }
  assert.equal(responses[2]?.statusCode, 404);
  assert.equal(responses[3]?.statusCode, 404);
  assert.equal(responses[5]?.statusCode, 404);
});

test('citizen links and sessions do not cross hosts', async () => {
  const other = new TestBrowser(t.app, 'beispielhausen.localhost');
  const status = await other.get(statusPath);
  assert.equal(status.statusCode, 404);
  assert.doesNotMatch(status.body, new RegExp(CANARY));
  assert.equal((await other.get(`${statusPath}/dokumente/${fileId}`)).statusCode, 404);
  const own = await staffBrowser(t, 'admin@musterstadt.example', 'musterstadt.localhost');
  const cookie = /__Host-rathaus-session=([^;]+)/.exec(own.cookieHeader())?.[1] as string;
  other.setCookie('__Host-rathaus-session', cookie);
  const res = await other.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal(res.statusCode, 303, 'a Musterstadt session is no session in Beispielhausen');
});

test('a Mängelmeldung of Musterstadt is nowhere in Beispielhausen: public pages, photo, Open311, back office', async () => {
  const { reportsOf } = await import('../../modules/reports/instance.ts');
  const { checkPhoto } = await import('../files/uploads.ts');
  const tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt');
  assert.ok(tenant);
  const reports = reportsOf(t.services);
  const category = await reports.category(tenant.id, { code: 'schlagloch' });
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a50' } }).jpeg().toBuffer();
  const photo = await checkPhoto(jpeg, 'loch.jpg', { maxBytes: 1_000_000 });
  assert.ok(photo.ok);
  const sent = await reports.submit(tenant, { categoryId: category?.id as string, lat: 51.94, lng: 9.08, description: `Loch ${CANARY}`, photos: [photo.photo], email: 'kanarie@example.org', locale: 'de', source: 'web' });
  assert.ok(sent.ok);
  const photoId = (await t.services.db.selectFrom('report_photos').select('id').where('report_id', '=', sent.id).executeTakeFirstOrThrow()).id;
  const own = new TestBrowser(t.app, 'musterstadt.localhost');
  assert.equal((await own.get(`/maengelmelder/meldung/${sent.reference}`)).statusCode, 200, 'the owning tenant shows it (so the checks below mean something)');
  assert.equal((await own.get(`/maengelmelder/foto/${photoId}`)).statusCode, 200);

  const other = new TestBrowser(t.app, 'beispielhausen.localhost');
  for (const path of [`/maengelmelder/meldung/${sent.reference}`, `/maengelmelder/foto/${photoId}`, `/open311/v2/requests/${sent.reference}.json`, `/maengelmelder/status/${sent.accessToken}`]) {
    const res = await other.get(path);
    assert.equal(res.statusCode, 404, path);
    assert.doesNotMatch(res.body, new RegExp(CANARY), path);
  }
  for (const path of ['/maengelmelder', '/open311/v2/requests.json', `/open311/v2/requests.xml?service_request_id=${sent.reference}`]) {
    const res = await other.get(path);
    assert.doesNotMatch(res.body, new RegExp(`${CANARY}|${sent.reference}`), path);
  }
  const staff = await staffBrowser(t, 'admin@beispielhausen.example', 'beispielhausen.localhost');
  assert.equal((await staff.get(`/verwaltung/maengel/${sent.id}`)).statusCode, 404);
  // The search box repeats what was typed; no report is listed for it.
  assert.doesNotMatch((await staff.get(`/verwaltung/maengel?q=${sent.reference}&state=all`)).body, new RegExp(`/verwaltung/maengel/${sent.id}|${CANARY}`));
  assert.equal((await staff.get(`/verwaltung/maengel/${sent.id}/fotos/${photoId}`)).statusCode, 404);
});
