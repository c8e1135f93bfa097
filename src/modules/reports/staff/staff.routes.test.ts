/**
 * The Mängelmelder's back office over HTTP, with the clock fixed on a
 * Friday in April 2027 (Musterstadt, NRW): who sees which reports, state
 * changes with public comments and mails, closing and reopening, the case
 * access check on page, actions and photos, re-categorising, contractor
 * orders and their answer page, redaction, merging duplicates, bulk
 * actions, templates, publication and reports taken by phone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import { checkPhoto } from '../../../core/files/uploads.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { reportsOf } from '../instance.ts';
import { hashToken } from '../notify.ts';
import type { ReportInput, ReportService } from '../reports.service.ts';

const BAUHOF = 'bauhof@musterstadt.example';
const ORDNUNGSAMT = 'ordnungsamt@musterstadt.example';
const ADMIN = 'admin@musterstadt.example';
const BASE = '/verwaltung/maengel';

const CANARY_NAME = 'Kanarienvogel Zwitscher';
const CANARY_EMAIL = 'kanarienvogel.zwitscher@example.org';
const CANARY_PHONE = '0170 5550199';

const START = new Date('2027-04-23T08:00:00Z'); // Friday, 10:00 in Berlin
let clock = START;
let t: TestApp;
let tenant: Tenant;
let reports: ReportService;

/** Page text with entities made plain, for matching. */
const text = (html: string): string => html.replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/[\u00a0\u202f]/g, ' ');

before(async () => {
  t = await createTestApp({ now: () => clock });
  tenant = (await t.services.tenants.resolve('localhost')) as Tenant;
  reports = reportsOf(t.services);
});
after(() => t.close());

async function categoryId(code: string): Promise<string> {
  const c = await reports.category(tenant.id, { code });
  assert.ok(c, code);
  return c.id;
}

async function jpeg(width = 200, height = 100, background = '#ffffff'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer();
}

let counter = 0;
/** A report through the one intake, with the canary reporter unless told otherwise. */
async function report(code: string, overrides: Partial<ReportInput> & { photo?: boolean } = {}) {
  const { photo, ...rest } = overrides;
  const photos = [];
  if (photo) {
    const checked = await checkPhoto(await jpeg(), 'foto.jpg', { maxBytes: 1_000_000 });
    assert.ok(checked.ok);
    photos.push(checked.photo);
  }
  const result = await reports.submit(tenant, {
    categoryId: await categoryId(code),
    lat: 51.9412 + counter++ * 0.001,
    lng: 9.0871,
    address: `Lange Straße ${counter}`,
    description: `Mangel Nummer ${counter}`,
    attributes: code === 'muell' ? { art: 'sperrmuell' } : code === 'beleuchtung' ? { stoerung: 'aus' } : {},
    name: CANARY_NAME,
    email: CANARY_EMAIL,
    phone: CANARY_PHONE,
    locale: 'de',
    source: 'web',
    photos,
    ...rest,
  });
  assert.ok(result.ok, JSON.stringify(result));
  return result;
}

const row = (id: string) => t.services.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const kase = (id: string) => t.services.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const as = (email: string): Promise<TestBrowser> => staffBrowser(t, email);

/** The table row of a reference in the queue page. */
function queueRow(html: string, reference: string): string {
  const at = html.indexOf(`>${reference}</a>`);
  assert.ok(at >= 0, `${reference} listed`);
  const start = html.lastIndexOf('<tr', at);
  return html.slice(start, html.indexOf('</tr>', at));
}

test('the queue shows the reports of the clerk\'s units (admins: all), overdue ones flagged in words', async () => {
  clock = START;
  const road = await report('schlagloch'); // Bauhof, 5 working days
  const waste = await report('muell'); // Ordnungsamt, 3 working days
  clock = new Date('2027-04-26T08:00:00Z'); // Monday: a newer Bauhof report, not overdue
  const fresh = await report('gruenflaeche'); // Bauhof, 10 working days
  clock = new Date('2027-05-05T08:00:00Z'); // the pothole was due on 30 April

  const yard = await as(BAUHOF);
  const page = await yard.get(BASE);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /href="\/verwaltung\/maengel"[^>]*>\s*Mängelmelder/, 'the staff navigation links the queue');
  assert.doesNotMatch(page.body, new RegExp(waste.reference), 'another unit\'s report is not listed');
  const roadRow = text(queueRow(page.body, road.reference));
  assert.match(roadRow, /Überfällig/);
  assert.match(roadRow, /seit 3 Arbeitstagen überfällig/);
  const freshRow = text(queueRow(page.body, fresh.reference));
  assert.doesNotMatch(freshRow, /Überfällig/);
  assert.match(freshRow, /noch \d+ Arbeitstage/);
  assert.ok(page.body.indexOf(road.reference) < page.body.indexOf(fresh.reference), 'the overdue report comes first');

  const overdueOnly = await yard.get(`${BASE}?overdue=1`);
  assert.match(overdueOnly.body, new RegExp(road.reference));
  assert.doesNotMatch(overdueOnly.body, new RegExp(fresh.reference));
  const byReference = await yard.get(`${BASE}?q=${fresh.reference}`);
  assert.match(byReference.body, new RegExp(fresh.reference));
  assert.doesNotMatch(byReference.body, new RegExp(road.reference));

  const order = await as(ORDNUNGSAMT);
  const theirs = await order.get(BASE);
  assert.match(theirs.body, new RegExp(waste.reference));
  assert.doesNotMatch(theirs.body, new RegExp(road.reference));

  const admin = await as(ADMIN);
  const all = await admin.get(BASE);
  for (const r of [road, waste, fresh]) assert.match(all.body, new RegExp(r.reference));
  assert.equal((await admin.get(`${BASE}?state=nonsense`)).statusCode, 400);

  // Staff without a unit (the Kasse) have no queue.
  const cashier = await as('kasse@musterstadt.example');
  assert.equal((await cashier.get(BASE)).statusCode, 403);
});

test('a state change with a public comment: public timeline, Vorgang status, mail to the reporter; the internal note stays internal', async () => {
  clock = START;
  const r = await report('schlagloch');
  const yard = await as(BAUHOF);
  const page = await yard.get(`${BASE}/${r.id}`);
  assert.equal(page.statusCode, 200);
  const shown = text(page.body);
  for (const canary of [CANARY_NAME, CANARY_EMAIL, CANARY_PHONE]) assert.ok(shown.includes(canary), `staff see ${canary}`);
  assert.match(page.body, new RegExp(`href="/verwaltung/vorgaenge/${r.caseId}"`));
  assert.match(page.body, /href="https:\/\/www\.openstreetmap\.org\/\?mlat=51\.\d+&(amp;)?mlon=9\.087100#map=18\//);

  const response = await yard.post(`${BASE}/${r.id}/stand`, { state: 'in_progress', comment: 'Wir kümmern uns diese Woche darum.', note: 'GEHEIM: Kolonne 3 fragen' });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, `${BASE}/${r.id}`);
  assert.equal((await row(r.id)).state, 'in_progress');
  assert.equal((await kase(r.caseId)).status, 'in_progress');
  const updates = await t.services.db.selectFrom('report_updates').selectAll().where('report_id', '=', r.id).orderBy('created_at').execute();
  assert.deepEqual(updates.map((u) => [u.kind, u.state, u.body]), [
    ['created', 'received', null],
    ['state', 'in_progress', 'Wir kümmern uns diese Woche darum.'],
  ]);
  const mail = await t.services.db.selectFrom('mails').selectAll().where('case_id', '=', r.caseId).where('template', '=', 'report.status').executeTakeFirstOrThrow();
  assert.equal(mail.to_address, CANARY_EMAIL);
  assert.match(mail.text_body, /Wir kümmern uns diese Woche darum\./);
  assert.match(mail.text_body, /In Bearbeitung/);

  // The internal note is in the case history only: not in the public timeline, the public view or any mail.
  const mails = await t.services.db.selectFrom('mails').select(['text_body', 'html_body']).where('case_id', '=', r.caseId).execute();
  const publicView = await reports.getPublic(tenant.id, r.reference);
  assert.ok(!JSON.stringify({ updates, mails, publicView }).includes('GEHEIM'));
  const events = await t.services.db.selectFrom('case_events').select(['kind', 'body', 'visible_to_citizen']).where('case_id', '=', r.caseId).where('kind', '=', 'report_updated').execute();
  assert.equal(events.length, 1);
  assert.match(events[0]?.body ?? '', /Intern: GEHEIM: Kolonne 3 fragen/);
  assert.equal(events[0]?.visible_to_citizen, false);

  // A public comment without a state change.
  await yard.get(`${BASE}/${r.id}`);
  assert.equal((await yard.post(`${BASE}/${r.id}/stand`, { state: 'in_progress', comment: 'Material ist bestellt.', note: '' })).statusCode, 303);
  const comment = await t.services.db.selectFrom('report_updates').selectAll().where('report_id', '=', r.id).where('kind', '=', 'comment').executeTakeFirstOrThrow();
  assert.equal(comment.body, 'Material ist bestellt.');
  // Nothing at all: refused.
  await yard.get(`${BASE}/${r.id}`);
  assert.equal((await yard.post(`${BASE}/${r.id}/stand`, { state: 'in_progress', comment: '', note: '' })).statusCode, 422);
});

test('"referred" without a public reason is refused with an error summary; closing sets the reopen window, reopening clears it', async () => {
  clock = START;
  const r = await report('schlagloch');
  const yard = await as(BAUHOF);
  await yard.get(`${BASE}/${r.id}`);
  const refused = await yard.post(`${BASE}/${r.id}/stand`, { state: 'referred', comment: '  ', note: 'intern' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /id="error-summary"/);
  assert.match(refused.body, /href="#field-comment"/);
  assert.match(text(refused.body), /warum abgelehnt wird oder an wen weitergeleitet wurde/);
  assert.match(refused.body, /<title>Fehler:/);
  assert.equal((await row(r.id)).state, 'received');

  await yard.post(`${BASE}/${r.id}/stand`, { state: 'referred', comment: 'Zuständig ist der Landesbetrieb Straßenbau NRW.', note: '' });
  let closed = await row(r.id);
  assert.equal(closed.state, 'referred');
  assert.equal(closed.state_reason, 'Zuständig ist der Landesbetrieb Straßenbau NRW.');
  assert.equal(closed.closed_at?.toISOString(), START.toISOString());
  assert.equal(closed.reopen_until?.toISOString(), new Date(START.getTime() + 28 * 86_400_000).toISOString());
  assert.equal((await kase(r.caseId)).status, 'completed');
  const mail = await t.services.db.selectFrom('mails').select('text_body').where('case_id', '=', r.caseId).where('template', '=', 'report.status').executeTakeFirstOrThrow();
  assert.match(mail.text_body, /21\.05\.2027/, 'the reporter learns until when they can reopen');

  await yard.get(`${BASE}/${r.id}`);
  await yard.post(`${BASE}/${r.id}/stand`, { state: 'in_progress', comment: 'Doch unsere Straße: wir übernehmen.', note: '' });
  closed = await row(r.id);
  assert.equal(closed.closed_at, null);
  assert.equal(closed.reopen_until, null);
  assert.equal(closed.state_reason, null);
  assert.equal((await kase(r.caseId)).status, 'in_progress');
});

test('a clerk of another unit gets 403 for the page, every action and the photos of a report', async () => {
  clock = START;
  const r = await report('schlagloch', { photo: true });
  const photo = await t.services.db.selectFrom('report_photos').select('id').where('report_id', '=', r.id).executeTakeFirstOrThrow();
  const yard = await as(BAUHOF);
  const own = await yard.get(`${BASE}/${r.id}/fotos/${photo.id}`);
  assert.equal(own.statusCode, 200);
  assert.equal(own.headers['content-type'], 'image/jpeg');

  const other = await as(ORDNUNGSAMT);
  assert.equal((await other.get(`${BASE}/${r.id}`)).statusCode, 403);
  assert.equal((await other.get(`${BASE}/${r.id}/fotos/${photo.id}`)).statusCode, 403);
  assert.equal((await other.get(`${BASE}/${r.id}/fotos/${photo.id}/schwaerzen`)).statusCode, 403);
  await other.get(BASE);
  for (const [path, form] of [
    ['stand', { state: 'fixed', comment: 'erledigt' }],
    ['veroeffentlichung', { publication: 'hidden' }],
    ['oeffentlicher-text', { publicDescription: 'anders' }],
    ['zuweisen', {}],
    [`fotos/${photo.id}/freigabe`, { published: '0' }],
  ] as const) {
    const response = await other.post(`${BASE}/${r.id}/${path}`, form);
    assert.equal(response.statusCode, 403, path);
  }
  const after = await row(r.id);
  assert.equal(after.state, 'received');
  assert.equal(after.publication, 'published');
  assert.equal(after.public_description, null);
  assert.equal((await kase(r.caseId)).assignee_id, null);
  assert.equal((await yard.get(`${BASE}/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
  assert.equal((await yard.get(`${BASE}/not-a-uuid`)).statusCode, 400);
});

test('re-categorising recalculates the deadline from the new category and hands the Vorgang to its unit', async () => {
  clock = START; // Friday
  const r = await report('schlagloch');
  assert.equal((await row(r.id)).due_at?.toISOString(), '2027-04-30T21:59:00.000Z');
  const yard = await as(BAUHOF);
  await yard.get(`${BASE}/${r.id}`);
  const response = await yard.post(`${BASE}/${r.id}/kategorie`, { category: await categoryId('muell') });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, BASE, 'the clerk no longer works on it: back to the queue');
  const moved = await row(r.id);
  assert.equal(moved.category_id, await categoryId('muell'));
  // Friday + 3 working days = Wednesday, end of the day in Berlin.
  assert.equal(moved.due_at?.toISOString(), '2027-04-28T21:59:00.000Z');
  const movedCase = await kase(r.caseId);
  assert.equal(movedCase.due_at?.toISOString(), '2027-04-28T21:59:00.000Z');
  const unit = await t.services.db.selectFrom('org_units').select('slug').where('id', '=', movedCase.unit_id).executeTakeFirstOrThrow();
  assert.equal(unit.slug, 'ordnungsamt');
  assert.equal(movedCase.data.category, 'Wilder Müll');
  assert.equal((await yard.get(`${BASE}/${r.id}`)).statusCode, 403);
  assert.equal((await (await as(ORDNUNGSAMT)).get(`${BASE}/${r.id}`)).statusCode, 200);
});

test('a contractor order mails no reporter data; the answer with a photo reaches the case; a revoked link is refused', async () => {
  clock = START;
  const r = await report('beleuchtung');
  const contractor = await t.services.db.selectFrom('report_contractors').select(['id', 'email']).where('tenant_id', '=', tenant.id).where('name', 'like', 'Lichttechnik%').executeTakeFirstOrThrow();
  const yard = await as(BAUHOF);
  await yard.get(`${BASE}/${r.id}`);
  const sent = await yard.post(`${BASE}/${r.id}/auftrag`, { contractor: contractor.id, instructions: 'Leuchtmittel tauschen, Mast prüfen.' });
  assert.equal(sent.statusCode, 303);
  const mail = await t.services.db.selectFrom('mails').selectAll().where('case_id', '=', r.caseId).where('template', '=', 'report.order').executeTakeFirstOrThrow();
  assert.equal(mail.to_address, contractor.email);
  const whole = `${mail.subject}\n${mail.text_body}\n${mail.html_body}`;
  for (const canary of [CANARY_NAME, CANARY_EMAIL, CANARY_PHONE]) assert.ok(!whole.includes(canary), `the order mail leaks ${canary}`);
  assert.match(mail.text_body, /Leuchtmittel tauschen, Mast prüfen\./);
  assert.match(mail.text_body, /51\.9\d+, 9\.087100/, 'the coordinates');
  assert.equal((await row(r.id)).state, 'in_progress', 'an order starts the work');
  const token = /\/maengelmelder\/auftrag\/([A-Za-z0-9_-]{32})/.exec(mail.text_body)?.[1] as string;
  assert.ok(token);
  const order = await t.services.db.selectFrom('report_orders').selectAll().where('report_id', '=', r.id).executeTakeFirstOrThrow();
  assert.equal(order.token_hash, hashToken(token), 'only the hash is stored');

  const firm = new TestBrowser(t.app);
  const page = await firm.get(`/maengelmelder/auftrag/${token}`);
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), /Leuchtmittel tauschen/);
  for (const canary of [CANARY_NAME, CANARY_EMAIL, CANARY_PHONE]) assert.ok(!text(page.body).includes(canary));
  const noReason = await firm.postMultipart(`/maengelmelder/auftrag/${token}`, { outcome: 'not_possible', remark: '' });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /href="#field-remark"/);
  const notAPhoto = await firm.postMultipart(`/maengelmelder/auftrag/${token}`, { outcome: 'done', remark: '' }, [{ field: 'photos', filename: 'x.jpg', content: Buffer.from('kein Bild') }]);
  assert.equal(notAPhoto.statusCode, 422);
  const answered = await firm.postMultipart(`/maengelmelder/auftrag/${token}`, { outcome: 'done', remark: 'Leuchte ersetzt.' }, [{ field: 'photos', filename: 'nachher.jpg', content: await jpeg(120, 80, '#336699'), type: 'image/jpeg' }]);
  assert.equal(answered.statusCode, 303);
  const photos = await t.services.db.selectFrom('report_photos').selectAll().where('report_id', '=', r.id).execute();
  assert.equal(photos.length, 1);
  assert.equal(photos[0]?.published, false, 'the contractor\'s photo waits for the clerk');
  const event = await t.services.db.selectFrom('case_events').select(['body', 'visible_to_citizen']).where('case_id', '=', r.caseId).where('kind', '=', 'report_order').where('body', 'like', 'Antwort von%').executeTakeFirstOrThrow();
  assert.match(event.body ?? '', /Erledigt\. Fotos: 1\. Bemerkung: Leuchte ersetzt\./);
  assert.equal(event.visible_to_citizen, false);
  const staffPage = text((await yard.get(`${BASE}/${r.id}`)).body);
  assert.match(staffPage, /Erledigt gemeldet am/);
  assert.match(staffPage, /Antwort der Firma: Leuchte ersetzt\./);
  const again = await firm.get(`/maengelmelder/auftrag/${token}`);
  assert.match(text(again.body), /Danke für Ihre Rückmeldung/);
  await firm.postMultipart(`/maengelmelder/auftrag/${token}`, { outcome: 'not_possible', remark: 'doch nicht' }, [], { csrf: 'stale' });
  assert.equal((await t.services.db.selectFrom('report_orders').select('outcome').where('id', '=', order.id).executeTakeFirstOrThrow()).outcome, 'done', 'answered once');

  // A second order, withdrawn: its link no longer works.
  await yard.get(`${BASE}/${r.id}`);
  await yard.post(`${BASE}/${r.id}/auftrag`, { contractor: contractor.id, instructions: 'Zweiter Auftrag' });
  const second = await t.services.db.selectFrom('mails').select('text_body').where('case_id', '=', r.caseId).where('template', '=', 'report.order').where('text_body', 'like', '%Zweiter Auftrag%').executeTakeFirstOrThrow();
  const secondToken = /\/maengelmelder\/auftrag\/([A-Za-z0-9_-]{32})/.exec(second.text_body)?.[1] as string;
  const secondOrder = await t.services.db.selectFrom('report_orders').select('id').where('token_hash', '=', hashToken(secondToken)).executeTakeFirstOrThrow();
  await yard.get(`${BASE}/${r.id}`);
  assert.equal((await yard.post(`${BASE}/${r.id}/auftrag/${secondOrder.id}/widerrufen`, {})).statusCode, 303);
  const revoked = await firm.get(`/maengelmelder/auftrag/${secondToken}`);
  assert.equal(revoked.statusCode, 410);
  assert.match(text(revoked.body), /Auftrag zurückgezogen/);
  const late = await firm.postMultipart(`/maengelmelder/auftrag/${secondToken}`, { outcome: 'done', remark: 'trotzdem' }, [], { csrf: 'stale' });
  assert.equal(late.statusCode, 410);
  assert.equal((await t.services.db.selectFrom('report_orders').select('responded_at').where('id', '=', secondOrder.id).executeTakeFirstOrThrow()).responded_at, null);
  assert.equal((await firm.get('/maengelmelder/auftrag/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
});

test('blacking out areas burns black rectangles into a new file and deletes the old one', async () => {
  clock = START;
  const r = await report('schlagloch', { photo: true });
  const before = await t.services.db.selectFrom('report_photos').selectAll().where('report_id', '=', r.id).executeTakeFirstOrThrow();
  const original = await t.services.files.read(t.services.db, tenant.id, before.file_id);
  assert.ok(original);
  const yard = await as(BAUHOF);
  const form = await yard.get(`${BASE}/${r.id}/fotos/${before.id}/schwaerzen`);
  assert.equal(form.statusCode, 200);
  const bad = await yard.post(`${BASE}/${r.id}/fotos/${before.id}/schwaerzen`, { x1: '150', y1: '0', w1: '10', h1: '10' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#field-x1"/);
  const none = await yard.post(`${BASE}/${r.id}/fotos/${before.id}/schwaerzen`, {});
  assert.equal(none.statusCode, 422);

  const done = await yard.post(`${BASE}/${r.id}/fotos/${before.id}/schwaerzen`, { x1: '10', y1: '20', w1: '30', h1: '40', x2: '', y2: '', w2: '', h2: '' });
  assert.equal(done.statusCode, 303);
  const after = await t.services.db.selectFrom('report_photos').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
  assert.notEqual(after.file_id, before.file_id);
  assert.ok(after.redacted_at);
  assert.equal(await t.services.files.read(t.services.db, tenant.id, before.file_id), null, 'no unredacted copy remains');
  const redacted = await t.services.files.read(t.services.db, tenant.id, after.file_id);
  assert.ok(redacted);
  assert.notEqual(redacted.sha256, original.sha256);
  const meta = await sharp(redacted.content).metadata();
  assert.equal(meta.exif, undefined);
  const { data, info } = await sharp(redacted.content).raw().toBuffer({ resolveWithObject: true });
  const pixel = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return [data[i], data[i + 1], data[i + 2]] as number[];
  };
  // The rectangle spans x 20–80 px and y 20–60 px of the 200×100 photo.
  for (const [x, y] of [[25, 25], [50, 40], [75, 55]] as const) assert.ok(pixel(x, y).every((v) => v < 16), `black at ${x},${y}: ${pixel(x, y)}`);
  for (const [x, y] of [[5, 5], [150, 50], [50, 90]] as const) assert.ok(pixel(x, y).every((v) => v > 230), `untouched at ${x},${y}: ${pixel(x, y)}`);
});

test('merging a duplicate closes it with a public reason and moves its reporter and followers to the original', async () => {
  clock = START;
  const original = await report('muell', { email: 'erste@example.org' });
  const duplicate = await report('muell');
  const db = t.services.db;
  await db
    .insertInto('report_subscriptions')
    .values({ tenant_id: tenant.id, report_id: duplicate.id, email: 'nachbarin@example.org', email_key: 'a'.repeat(64), token_hash: 'b'.repeat(64), locale: 'de', confirmed_at: START })
    .execute();
  const order = await as(ORDNUNGSAMT);
  await order.get(`${BASE}/${duplicate.id}`);
  const self = await order.post(`${BASE}/${duplicate.id}/zusammenfuehren`, { duplicateOf: duplicate.reference });
  assert.equal(self.statusCode, 422);
  const badFormat = await order.post(`${BASE}/${duplicate.id}/zusammenfuehren`, { duplicateOf: 'MM-123' });
  assert.equal(badFormat.statusCode, 422);
  assert.match(text(badFormat.body), /im Format MM-7K3QX-4/);

  const merged = await order.post(`${BASE}/${duplicate.id}/zusammenfuehren`, { duplicateOf: original.reference.toLowerCase() });
  assert.equal(merged.statusCode, 303);
  const dup = await row(duplicate.id);
  assert.equal(dup.duplicate_of, original.id);
  assert.equal(dup.state, 'referred');
  assert.equal(dup.state_reason, `Zusammengeführt mit ${original.reference}`);
  assert.ok(dup.closed_at);
  assert.equal((await kase(duplicate.caseId)).status, 'completed');
  const followers = await db.selectFrom('report_subscriptions').select(['email', 'confirmed_at']).where('report_id', '=', original.id).orderBy('email').execute();
  assert.deepEqual(
    followers.map((f) => [f.email, f.confirmed_at !== null]),
    [
      [CANARY_EMAIL, true],
      ['nachbarin@example.org', true],
    ],
  );
  assert.equal((await db.selectFrom('report_subscriptions').select('id').where('report_id', '=', duplicate.id).execute()).length, 0);
  const kinds = await db.selectFrom('report_updates').select(['report_id', 'kind', 'body']).where('kind', '=', 'merged').where('report_id', 'in', [original.id, duplicate.id]).execute();
  assert.equal(kinds.length, 2);
  assert.match(kinds.find((k) => k.report_id === original.id)?.body ?? '', new RegExp(duplicate.reference));
  const mail = await db.selectFrom('mails').select(['to_address', 'text_body']).where('case_id', '=', duplicate.caseId).where('template', '=', 'report.status').where('to_address', '=', CANARY_EMAIL).executeTakeFirstOrThrow();
  assert.match(mail.text_body, new RegExp(`Zusammengeführt mit ${original.reference}`));
  // The original's own reporter, reporting it again, is not made a follower of their own report.
  const again = await report('muell', { email: 'erste@example.org' });
  await order.get(`${BASE}/${again.id}`);
  assert.equal((await order.post(`${BASE}/${again.id}/zusammenfuehren`, { duplicateOf: original.reference })).statusCode, 303);
  assert.equal((await db.selectFrom('report_subscriptions').select('id').where('report_id', '=', original.id).where('email', '=', 'erste@example.org').execute()).length, 0);
  // A later change of the original reaches the moved followers.
  await order.get(`${BASE}/${original.id}`);
  await order.post(`${BASE}/${original.id}/stand`, { state: 'fixed', comment: 'Abgeholt.' });
  const toFollowers = await db.selectFrom('mails').select('to_address').where('case_id', '=', original.caseId).where('template', '=', 'report.status').execute();
  assert.deepEqual(toFollowers.map((m) => m.to_address).sort(), [CANARY_EMAIL, 'erste@example.org', 'nachbarin@example.org'].sort());
});

test('a bulk action changes the reports the clerk may edit and lists the others', async () => {
  clock = START;
  const mine = await report('schlagloch');
  const theirs = await report('muell');
  const yard = await as(BAUHOF);
  await yard.get(BASE);
  const missing = await yard.post(`${BASE}/sammelaktion`, { aktion: 'stand', bulkState: 'in_progress', bulkComment: 'x' });
  assert.equal(missing.statusCode, 422);
  assert.match(text(missing.body), /mindestens eine Meldung/);
  const noReason = await yard.post(`${BASE}/sammelaktion`, { ids: [mine.id], aktion: 'stand', bulkState: 'rejected', bulkComment: '' });
  assert.equal(noReason.statusCode, 422);
  assert.equal((await row(mine.id)).state, 'received');

  const result = await yard.post(`${BASE}/sammelaktion`, { ids: [mine.id, theirs.id], aktion: 'stand', bulkState: 'in_progress', bulkComment: 'Wir sind dran.', zurueck: `${BASE}?state=open` });
  assert.equal(result.statusCode, 200);
  const shown = text(result.body);
  assert.match(shown, new RegExp(`${theirs.reference}: Sie dürfen diese Meldung nicht bearbeiten`));
  assert.match(shown, /1 Meldungen geändert/);
  assert.equal((await row(mine.id)).state, 'in_progress');
  assert.equal((await row(theirs.id)).state, 'received');
  const updates = await t.services.db.selectFrom('report_updates').select('body').where('report_id', '=', mine.id).where('kind', '=', 'state').executeTakeFirstOrThrow();
  assert.equal(updates.body, 'Wir sind dran.');

  await yard.get(BASE);
  const assigned = await yard.post(`${BASE}/sammelaktion`, { ids: mine.id, aktion: 'mir', zurueck: 'https://evil.example/' });
  assert.equal(assigned.statusCode, 303);
  assert.equal(assigned.headers.location, BASE, 'only our own queue as the way back');
  const me = await t.services.db.selectFrom('staff_users').select('id').where('email', '=', BAUHOF).executeTakeFirstOrThrow();
  assert.equal((await kase(mine.caseId)).assignee_id, me.id);
});

test('templates fill the public comment without JavaScript; publication and the public text change what the public sees', async () => {
  clock = START;
  const r = await report('gruenflaeche');
  const template = await t.services.db.selectFrom('report_templates').select(['id', 'body']).where('tenant_id', '=', tenant.id).where('title', '=', 'Privatgrund').executeTakeFirstOrThrow();
  const yard = await as(BAUHOF);
  await yard.get(`${BASE}/${r.id}`);
  const filled = await yard.post(`${BASE}/${r.id}/stand`, { state: 'referred', template: template.id, comment: '', note: '', aktion: 'vorlage' });
  assert.equal(filled.statusCode, 200);
  assert.ok(text(filled.body).includes(template.body), 'the template text is in the comment field');
  assert.match(filled.body, /<option value="referred" selected/);
  assert.equal((await row(r.id)).state, 'received', 'nothing saved yet');

  await yard.post(`${BASE}/${r.id}/oeffentlicher-text`, { publicDescription: 'Umgestürzter Baum (Name entfernt).' });
  assert.equal((await reports.getPublic(tenant.id, r.reference))?.description, 'Umgestürzter Baum (Name entfernt).');
  await yard.get(`${BASE}/${r.id}`);
  await yard.post(`${BASE}/${r.id}/oeffentlicher-text`, { publicDescription: '' });
  assert.equal((await row(r.id)).public_description, null, 'empty: the original again');
  await yard.get(`${BASE}/${r.id}`);
  await yard.post(`${BASE}/${r.id}/veroeffentlichung`, { publication: 'hidden' });
  assert.equal(await reports.getPublic(tenant.id, r.reference), null);
  const hiddenOnly = await yard.get(`${BASE}?publication=hidden&state=all`);
  assert.match(hiddenOnly.body, new RegExp(r.reference));
});

test('withholding a photo of a closed report deletes it, after a confirmation', async () => {
  clock = START;
  const r = await report('spielplatz', { photo: true });
  const photo = await t.services.db.selectFrom('report_photos').selectAll().where('report_id', '=', r.id).executeTakeFirstOrThrow();
  const yard = await as(BAUHOF);
  await yard.get(`${BASE}/${r.id}`);
  await yard.post(`${BASE}/${r.id}/stand`, { state: 'fixed', comment: 'Repariert.' });
  await yard.get(`${BASE}/${r.id}`);
  const unconfirmed = await yard.post(`${BASE}/${r.id}/fotos/${photo.id}/freigabe`, { published: '0' });
  assert.equal(unconfirmed.statusCode, 303);
  assert.equal(unconfirmed.headers.location, `${BASE}/${r.id}/fotos/${photo.id}/loeschen`);
  assert.ok(await t.services.files.read(t.services.db, tenant.id, photo.file_id), 'still there');
  const confirm = await yard.get(`${BASE}/${r.id}/fotos/${photo.id}/loeschen`);
  assert.equal(confirm.statusCode, 200);
  assert.equal((await yard.post(`${BASE}/${r.id}/fotos/${photo.id}/freigabe`, { published: '0', bestaetigt: '1' })).statusCode, 303);
  assert.equal(await t.services.files.read(t.services.db, tenant.id, photo.file_id), null);
  assert.equal((await t.services.db.selectFrom('report_photos').select('id').where('report_id', '=', r.id).execute()).length, 0);
});

test('a report taken by phone goes through the same intake (required questions included)', async () => {
  clock = START;
  const yard = await as(BAUHOF);
  const light = await categoryId('beleuchtung');
  const step = await yard.get(`${BASE}/neu?kategorie=${light}`);
  assert.equal(step.statusCode, 200);
  assert.match(text(step.body), /Was ist los mit der Leuchte\?/);
  const missing = await yard.post(`${BASE}/neu`, { kategorie: light, address: 'Am Markt 3', lat: '', lng: '', description: 'Laterne dunkel', name: 'Anrufer', email: '', phone: '05231 1234', locale: 'de' });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /href="#field-attr-stoerung"/);
  const badPoint = await yard.post(`${BASE}/neu`, { kategorie: light, address: '', lat: '51,94', lng: '', description: 'Laterne dunkel', 'attr-stoerung': 'aus' });
  assert.equal(badPoint.statusCode, 422);
  assert.match(badPoint.body, /href="#field-lng"/);
  const created = await yard.post(`${BASE}/neu`, { kategorie: light, address: 'Am Markt 3', lat: '', lng: '', description: 'Laterne dunkel', 'attr-stoerung': 'aus', name: 'Anrufer', email: '', phone: '05231 1234', locale: 'de', schluessel: '6f1c1e2a-1111-4222-8333-444455556666' });
  assert.equal(created.statusCode, 303);
  const id = /\/verwaltung\/maengel\/([0-9a-f-]{36})$/.exec(String(created.headers.location))?.[1] as string;
  const made = await row(id);
  assert.equal(made.source, 'staff');
  assert.deepEqual(made.attributes, { stoerung: 'aus' });
  assert.equal((await kase(made.case_id)).data.phone, '05231 1234');
  // The same form sent twice (double click, reload) makes one report.
  await yard.get(`${BASE}/neu?kategorie=${light}`);
  const twice = await yard.post(`${BASE}/neu`, { kategorie: light, address: 'Am Markt 3', description: 'Laterne dunkel', 'attr-stoerung': 'aus', schluessel: '6f1c1e2a-1111-4222-8333-444455556666' });
  assert.equal(twice.headers.location, created.headers.location);
});
