import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, TestBrowser, type TestApp } from '../../../../../test/support/app.ts';
import type { Tenant } from '../../../../core/tenancy/tenants.ts';
import { checkPhoto, type CheckedPhoto } from '../../../../core/files/uploads.ts';
import { notifyDepsOf, reportsOf } from '../../instance.ts';
import { notifyReportChange } from '../../notify.ts';
import type { ReportInput, ReportService } from '../../reports.service.ts';

let t: TestApp;
let musterstadt: Tenant;
let beispielhausen: Tenant;
let reports: ReportService;
let clock = new Date('2027-05-04T08:00:00Z'); // a Tuesday

const CANARY_NAME = 'Zaunkönig Flötenton';
const CANARY_EMAIL = 'zaunkoenig.floetenton@example.org';
const CANARY_PHONE = '0151 5550142';
const CANARIES = [CANARY_NAME, CANARY_EMAIL, CANARY_PHONE, 'zaunkoenig'];

before(async () => {
  t = await createTestApp({ now: () => clock });
  const all = await t.services.tenants.all();
  musterstadt = all.find((x) => x.slug === 'musterstadt') as Tenant;
  beispielhausen = all.find((x) => x.slug === 'beispielhausen') as Tenant;
  reports = reportsOf(t.services);
});
after(() => t.close());

async function photo(colour = '#884422'): Promise<CheckedPhoto> {
  const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: colour } }).jpeg().toBuffer();
  const checked = await checkPhoto(jpeg, 'mangel.jpg', { maxBytes: 2_000_000 });
  assert.ok(checked.ok);
  return checked.photo;
}

async function submit(tenant: Tenant, code: string, input: Partial<ReportInput>) {
  const category = await reports.category(tenant.id, { code });
  assert.ok(category, code);
  const result = await reports.submit(tenant, { categoryId: category.id, description: 'Ein Mangel.', locale: 'de', source: 'web', name: CANARY_NAME, email: CANARY_EMAIL, phone: CANARY_PHONE, ...input });
  assert.ok(result.ok, JSON.stringify(result));
  return result;
}

function assertNoCanaries(text: string, where: string) {
  for (const canary of CANARIES) assert.ok(!text.toLowerCase().includes(canary.toLowerCase()), `${where} leaks ${canary}`);
}

const decode = (html: string): string =>
  html
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The markers the page hands to the map script. */
function markersOf(html: string): { href: string; label: string; state: string }[] {
  const raw = /data-markers="([^"]*)"/.exec(html)?.[1];
  return raw ? (JSON.parse(decode(raw)) as { href: string; label: string; state: string }[]) : [];
}

let pothole: Awaited<ReturnType<typeof submit>>;
let graffiti: Awaited<ReturnType<typeof submit>>;
let tree: Awaited<ReturnType<typeof submit>>;

test('the start page lists reports without personal data, filters by category, state and area, and maps them', async () => {
  // Altstadt, with a photo and an answer to the extra question.
  pothole = await submit(musterstadt, 'schlagloch', { lat: 51.9412, lng: 9.0871, address: 'Lange Straße 12', description: 'Tiefes Schlagloch vor der Einfahrt.', attributes: { gefahr: 'ja' }, photos: [await photo()] });
  // Musterstadt-Nord.
  graffiti = await submit(musterstadt, 'graffiti', { lat: 51.97, lng: 9.1, address: 'Brücke am Nordring', description: 'Schmiererei an der Brücke.' });
  // Süd, closed.
  tree = await submit(musterstadt, 'gruenflaeche', { lat: 51.91, lng: 9.05, description: 'Ast hängt über dem Weg.' });
  await t.services.db.updateTable('reports').set({ state: 'fixed', closed_at: clock }).where('id', '=', tree.id).execute();

  const browser = new TestBrowser(t.app);
  const page = await browser.get('/maengelmelder');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1[^>]*>Mängelmelder<\/h1>/);
  assert.match(page.body, /href="\/maengelmelder\/melden"[^>]*>\s*<span class="kern-label">Mangel melden/);
  assert.match(page.body, /href="\/maengelmelder\/meine"/);
  assert.match(page.body, /href="\/beschwerde"/);
  for (const r of [pothole, graffiti, tree]) assert.ok(page.body.includes(`/maengelmelder/meldung/${r.reference}`), `${r.reference} listed`);
  assert.match(page.body, /Straßenschaden \/ Schlagloch/);
  assert.match(page.body, /Lange Straße 12/);
  assert.match(page.body, /Erledigt/);
  assertNoCanaries(page.body, 'the list');

  // The map gets the listed reports, with their pages and states, and the tile server may deliver images.
  const markers = markersOf(page.body);
  assert.ok(markers.some((m) => m.href === `/maengelmelder/meldung/${pothole.reference}` && m.state === 'received' && m.label.includes('Lange Straße 12')));
  assert.ok(markers.some((m) => m.href === `/maengelmelder/meldung/${tree.reference}` && m.state === 'fixed'));
  assert.match(String(page.headers['content-security-policy']), /img-src[^;]*https:\/\/tile\.openstreetmap\.org/);
  assertNoCanaries(JSON.stringify(markers), 'the map');

  // The thumbnail of the photo is a small public JPEG.
  const thumb = /src="(\/maengelmelder\/foto\/[0-9a-f-]{36}\/vorschau)"/.exec(page.body)?.[1];
  assert.ok(thumb, 'the pothole has a thumbnail');
  const small = await browser.get(thumb);
  assert.equal(small.statusCode, 200);
  assert.equal(small.headers['content-type'], 'image/jpeg');
  assert.equal((await sharp(small.rawPayload).metadata()).width, 320);

  const listed = async (query: string) => {
    const response = await browser.get(`/maengelmelder?${query}`);
    assert.equal(response.statusCode, 200, query);
    return [pothole, graffiti, tree].filter((r) => response.body.includes(`/maengelmelder/meldung/${r.reference}"`)).map((r) => r.reference);
  };
  assert.deepEqual(await listed('kategorie=schlagloch&status=&gebiet='), [pothole.reference]);
  assert.deepEqual(await listed('status=closed'), [tree.reference]);
  assert.deepEqual((await listed('status=open')).sort(), [pothole.reference, graffiti.reference].sort());
  assert.deepEqual(await listed('status=fixed'), [tree.reference]);
  assert.deepEqual(await listed('gebiet=altstadt'), [pothole.reference]);
  assert.deepEqual(await listed('gebiet=nord'), [graffiti.reference]);
  assert.deepEqual(await listed('gebiet=sued&status=open'), []);
  const filtered = await browser.get('/maengelmelder?gebiet=nord');
  assert.match(filtered.body, /<option value="nord" selected>/);
  assert.deepEqual(markersOf(filtered.body).map((m) => m.href), [`/maengelmelder/meldung/${graffiti.reference}`], 'the map shows what the list shows');

  // Wrong filter values get an error summary, never a 500.
  const unknown = await browser.get('/maengelmelder?kategorie=gibtsnicht&status=quatsch');
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /id="error-summary"/);
  assert.match(unknown.body, /href="#field-kategorie"/);
  assert.match(unknown.body, /href="#field-status"/);
  assert.equal((await browser.get('/maengelmelder?seite=zwei')).statusCode, 400);
  assert.equal((await browser.get('/maengelmelder?kategorie=a&kategorie=b')).statusCode, 400);

  // Another municipality lists none of it.
  const other = await new TestBrowser(t.app, 'beispielhausen.localhost').get('/maengelmelder');
  assert.equal(other.statusCode, 200);
  assert.ok(!other.body.includes(pothole.reference));
});

test('the list pages through many reports, keeping the filters in the links', async () => {
  const created: string[] = [];
  for (let i = 0; i < 21; i++) {
    clock = new Date(clock.getTime() + 60_000);
    created.push((await submit(musterstadt, 'sonstiges', { address: `Marktplatz ${i + 1}`, description: `Sonstiges Nr. ${i + 1}` })).reference);
  }
  const browser = new TestBrowser(t.app);
  const first = await browser.get('/maengelmelder?kategorie=sonstiges');
  assert.match(first.body, /21 Meldungen/);
  assert.equal(created.filter((r) => first.body.includes(`/maengelmelder/meldung/${r}"`)).length, 20);
  assert.ok(/href="\/maengelmelder\?kategorie=sonstiges&(amp;)?seite=2" rel="next"/.test(first.body), 'the next page keeps the filter');
  const second = await browser.get('/maengelmelder?kategorie=sonstiges&seite=2');
  assert.equal(created.filter((r) => second.body.includes(`/maengelmelder/meldung/${r}"`)).length, 1);
  assert.ok(second.body.includes(`/maengelmelder/meldung/${created[0]}"`), 'the oldest comes last');
  assert.equal(markersOf(second.body).length, 0, 'reports without coordinates have no marker');
});

test('a report\'s page shows the public details, photos, answers and timeline; hidden and unknown ones are 404', async () => {
  const browser = new TestBrowser(t.app);
  const page = await browser.get(`/maengelmelder/meldung/${pothole.reference}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`<h1[^>]*>Meldung ${pothole.reference}</h1>`));
  assert.match(page.body, /Tiefes Schlagloch vor der Einfahrt\./);
  assert.match(page.body, /Besteht eine akute Gefahr[^<]*<\/dt>\s*<dd[^>]*>Ja</);
  assert.match(page.body, /Bauhof/);
  assert.match(page.body, /Voraussichtlich erledigt bis/);
  assert.match(page.body, /Meldung eingegangen/);
  assert.match(page.body, /Eingegangen/);
  assert.ok(page.body.includes(`href="/maengelmelder/meldung/${pothole.reference}/folgen"`));
  assert.match(page.body, /Neuigkeiten per E-Mail erhalten/);
  assertNoCanaries(page.body, 'the report page');
  const photoUrl = /<img src="(\/maengelmelder\/foto\/[0-9a-f-]{36})" alt="Foto 1 zur Meldung [^"]+"/.exec(page.body)?.[1];
  assert.ok(photoUrl, 'the photo is shown with an alt text');
  const markers = markersOf(page.body);
  assert.equal(markers.length, 1);
  assert.match(page.body, /data-centre="/);

  const image = await browser.get(photoUrl);
  assert.equal(image.statusCode, 200);
  assert.equal(image.headers['content-type'], 'image/jpeg');
  assert.equal(image.headers['x-content-type-options'], 'nosniff');
  assert.match(String(image.headers['cache-control']), /max-age=\d+/);
  assert.ok((await sharp(image.rawPayload).metadata()).width === 800);
  assertNoCanaries(image.rawPayload.toString('latin1'), 'the photo');

  // English.
  const english = await browser.get(`/maengelmelder/meldung/${pothole.reference}?lang=en`);
  assert.match(english.body, /Road damage \/ pothole/);
  assert.match(english.body, /Is there an immediate danger[^<]*<\/dt>\s*<dd[^>]*>Yes</);
  await browser.get('/maengelmelder?lang=de');

  // A merged duplicate points to its original.
  await t.services.db.updateTable('reports').set({ duplicate_of: pothole.id }).where('id', '=', graffiti.id).execute();
  const merged = await browser.get(`/maengelmelder/meldung/${graffiti.reference}`);
  assert.equal(merged.statusCode, 200);
  assert.ok(merged.body.includes(`href="/maengelmelder/meldung/${pothole.reference}"`));
  assert.match(merged.body, /zusammengeführt/);
  assert.ok(!(await browser.get('/maengelmelder')).body.includes(`/maengelmelder/meldung/${graffiti.reference}"`), 'a merged report leaves the list');
  await t.services.db.updateTable('reports').set({ duplicate_of: null }).where('id', '=', graffiti.id).execute();

  // Unknown, malformed, another municipality's: 404.
  assert.equal((await browser.get('/maengelmelder/meldung/MM-ZZZZZ-Z')).statusCode, 404);
  assert.equal((await browser.get('/maengelmelder/meldung/quatsch')).statusCode, 404);
  assert.equal((await new TestBrowser(t.app, 'beispielhausen.localhost').get(`/maengelmelder/meldung/${pothole.reference}`)).statusCode, 404);
  assert.equal((await new TestBrowser(t.app, 'beispielhausen.localhost').get(photoUrl)).statusCode, 404);
  assert.equal((await browser.get('/maengelmelder/foto/not-a-uuid')).statusCode, 404);

  // Hidden: nothing of it is public any more.
  await t.services.db.updateTable('reports').set({ publication: 'hidden' }).where('id', '=', pothole.id).execute();
  const hidden = await browser.get(`/maengelmelder/meldung/${pothole.reference}`);
  assert.equal(hidden.statusCode, 404);
  assert.match(hidden.body, /Meldung nicht gefunden/);
  assert.equal((await browser.get(photoUrl)).statusCode, 404);
  assert.equal((await browser.get(`${photoUrl}/vorschau`)).statusCode, 404);
  assert.ok(!(await browser.get('/maengelmelder')).body.includes(pothole.reference));
  await t.services.db.updateTable('reports').set({ publication: 'published' }).where('id', '=', pothole.id).execute();
});

test('in review mode a report is listed without description and photos until it is released', async () => {
  const pending = await submit(beispielhausen, 'schlagloch', { lat: 48.81, lng: 13.55, address: 'Dorfstraße 3', description: 'Geheime Beschreibung vor der Prüfung.', photos: [await photo('#224488')] });
  assert.equal(pending.publication, 'pending');
  const browser = new TestBrowser(t.app, 'beispielhausen.localhost');
  const list = await browser.get('/maengelmelder');
  assert.ok(list.body.includes(`/maengelmelder/meldung/${pending.reference}"`));
  assert.ok(!list.body.includes('/maengelmelder/foto/'), 'no thumbnail while pending');
  const page = await browser.get(`/maengelmelder/meldung/${pending.reference}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Die Beschreibung wird nach Prüfung veröffentlicht\./);
  assert.ok(!page.body.includes('Geheime Beschreibung'));
  assert.ok(!page.body.includes('/maengelmelder/foto/'));
  assertNoCanaries(page.body, 'a pending report');
  const photoRow = await t.services.db.selectFrom('report_photos').select('id').where('report_id', '=', pending.id).executeTakeFirstOrThrow();
  assert.equal((await browser.get(`/maengelmelder/foto/${photoRow.id}`)).statusCode, 404);
  assert.equal((await browser.get(`/maengelmelder/foto/${photoRow.id}/vorschau`)).statusCode, 404);
  // Released: now it shows.
  await t.services.db.updateTable('reports').set({ publication: 'published' }).where('id', '=', pending.id).execute();
  assert.match((await browser.get(`/maengelmelder/meldung/${pending.reference}`)).body, /Geheime Beschreibung vor der Prüfung\./);
  assert.equal((await browser.get(`/maengelmelder/foto/${photoRow.id}`)).statusCode, 200);
});

async function mailsTo(address: string) {
  return t.services.db.selectFrom('mails').select(['template', 'text_body', 'subject']).where('to_address', '=', address).orderBy('created_at').orderBy('id').execute();
}

async function changeState(reportId: string, state: 'in_progress' | 'fixed', message?: string) {
  await t.services.db.transaction().execute(async (tx) => {
    await tx.updateTable('reports').set({ state, closed_at: state === 'fixed' ? clock : null }).where('id', '=', reportId).execute();
    await notifyReportChange(tx, notifyDepsOf(t.services), musterstadt, reportId, { state, message: message ?? null });
  });
}

test('following a report: double opt-in by mail, updates by mail, unsubscribe stops them', async () => {
  const follower = 'nachbarin@example.org';
  const browser = new TestBrowser(t.app);
  const form = await browser.get(`/maengelmelder/meldung/${graffiti.reference}/folgen`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /name="email"/);
  assert.match(form.body, /href="\/datenschutz"/);

  // Consent and a valid address are required; the CSRF token too.
  const invalid = await browser.post(`/maengelmelder/meldung/${graffiti.reference}/folgen`, { email: 'kein-at' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /href="#field-email"/);
  assert.match(invalid.body, /href="#field-privacy"/);
  assert.equal((await browser.post(`/maengelmelder/meldung/${graffiti.reference}/folgen`, { email: follower, privacy: 'yes' }, { csrf: null })).statusCode, 403);
  assert.equal((await mailsTo(follower)).length, 0);

  await browser.get(`/maengelmelder/meldung/${graffiti.reference}/folgen`);
  const sent = await browser.post(`/maengelmelder/meldung/${graffiti.reference}/folgen`, { email: follower, privacy: 'yes' });
  assert.equal(sent.statusCode, 200);
  assert.match(sent.body, /Bitte prüfen Sie Ihr E-Mail-Postfach/);
  const [subscribeMail] = await mailsTo(follower);
  assert.equal(subscribeMail?.template, 'report.subscribe');
  const confirmPath = /\/maengelmelder\/abo\/[A-Za-z0-9_-]{32}/.exec(subscribeMail?.text_body ?? '')?.[0];
  assert.ok(confirmPath);
  const row = await t.services.db.selectFrom('report_subscriptions').selectAll().where('report_id', '=', graffiti.id).executeTakeFirstOrThrow();
  assert.equal(row.confirmed_at, null);
  assert.match(row.token_hash, /^[0-9a-f]{64}$/);
  assert.ok(!row.token_hash.includes(confirmPath.slice(-32)));

  // Not confirmed yet: a change mails nobody but the reporter.
  await changeState(graffiti.id, 'in_progress', 'Wir kümmern uns.');
  assert.deepEqual((await mailsTo(follower)).map((m) => m.template), ['report.subscribe']);

  // Opening the link changes nothing (mail scanners); the button confirms.
  const scanner = await new TestBrowser(t.app).get(confirmPath);
  assert.equal(scanner.statusCode, 200);
  assert.match(scanner.body, /Ja, E-Mails zu dieser Meldung erhalten/);
  assert.equal((await t.services.db.selectFrom('report_subscriptions').select('confirmed_at').where('id', '=', row.id).executeTakeFirstOrThrow()).confirmed_at, null);
  // A multipart body skips the core CSRF check: refused here, so no cross-site form can confirm.
  assert.equal((await browser.postMultipart(confirmPath, {}, [], { csrf: null })).statusCode, 403);
  assert.equal((await t.services.db.selectFrom('report_subscriptions').select('confirmed_at').where('id', '=', row.id).executeTakeFirstOrThrow()).confirmed_at, null);
  await browser.get(confirmPath);
  const confirmed = await browser.post(confirmPath, {});
  assert.equal(confirmed.statusCode, 200);
  assert.match(confirmed.body, /Bestätigt/);
  assert.notEqual((await t.services.db.selectFrom('report_subscriptions').select('confirmed_at').where('id', '=', row.id).executeTakeFirstOrThrow()).confirmed_at, null);
  await browser.get(confirmPath);
  assert.match(browser.lastBody, /schon bestätigt/);
  assert.equal((await browser.get('/maengelmelder/abo/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);

  // Asking again gives the same answer whether or not the address follows already (no enumeration).
  await browser.get(`/maengelmelder/meldung/${graffiti.reference}/folgen`);
  const again = await browser.post(`/maengelmelder/meldung/${graffiti.reference}/folgen`, { email: follower.toUpperCase(), privacy: 'yes' });
  await browser.get(`/maengelmelder/meldung/${graffiti.reference}/folgen`);
  const stranger = await browser.post(`/maengelmelder/meldung/${graffiti.reference}/folgen`, { email: 'fremd@example.org', privacy: 'yes' });
  assert.equal(again.statusCode, stranger.statusCode);
  const text = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0].replace(/name="_csrf" value="[^"]*"/g, '');
  assert.equal(text(again.body), text(stranger.body));
  assert.notEqual((await t.services.db.selectFrom('report_subscriptions').select('confirmed_at').where('id', '=', row.id).executeTakeFirstOrThrow()).confirmed_at, null, 'asking again keeps the confirmation');

  // Confirmed: a change mails the follower with the public link and an unsubscribe link.
  await changeState(graffiti.id, 'fixed', 'Die Brücke ist gereinigt.');
  const statusMail = (await mailsTo(follower)).at(-1);
  assert.equal(statusMail?.template, 'report.status');
  assert.ok(statusMail?.text_body.includes(`/maengelmelder/meldung/${graffiti.reference}`));
  assert.ok(!statusMail?.text_body.includes('/maengelmelder/status/'), 'a follower never gets the reporter\'s link');
  const unsubscribePath = /\/maengelmelder\/abo\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{32}\/abbestellen/.exec(statusMail?.text_body ?? '')?.[0];
  assert.ok(unsubscribePath);

  // Unsubscribe: the page asks, the button removes the address, further changes mail nobody.
  const ask = await new TestBrowser(t.app).get(unsubscribePath);
  assert.equal(ask.statusCode, 200);
  assert.match(ask.body, /E-Mails abbestellen/);
  assert.ok(await t.services.db.selectFrom('report_subscriptions').select('id').where('id', '=', row.id).executeTakeFirst());
  await browser.get(unsubscribePath);
  const done = await browser.post(unsubscribePath, {});
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Abbestellt/);
  assert.equal(await t.services.db.selectFrom('report_subscriptions').select('id').where('id', '=', row.id).executeTakeFirst(), undefined);
  const before = (await mailsTo(follower)).length;
  await changeState(graffiti.id, 'in_progress');
  assert.equal((await mailsTo(follower)).length, before);
  await browser.get(unsubscribePath);
  assert.match(browser.lastBody, /keine E-Mails zu dieser Meldung \(mehr\)/);
  const forged = unsubscribePath.replace(/\.([A-Za-z0-9_-])/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
  assert.equal((await browser.get(forged)).statusCode, 404);

  // Only public reports can be followed.
  await t.services.db.updateTable('reports').set({ publication: 'hidden' }).where('id', '=', graffiti.id).execute();
  assert.equal((await browser.get(`/maengelmelder/meldung/${graffiti.reference}/folgen`)).statusCode, 404);
  await t.services.db.updateTable('reports').set({ publication: 'published' }).where('id', '=', graffiti.id).execute();
});
