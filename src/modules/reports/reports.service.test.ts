import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import type { Tenant } from '../../core/tenancy/tenants.ts';
import { checkPhoto } from '../../core/files/uploads.ts';
import { reportsOf } from './instance.ts';
import { anonymiseReport, type ReportService } from './reports.service.ts';

let t: TestApp;
let tenant: Tenant;
let other: Tenant;
let reports: ReportService;
const clock = new Date('2027-04-23T15:00:00Z'); // a Friday

const CANARY_NAME = 'Kanarienvogel Zwitscher';
const CANARY_EMAIL = 'kanarienvogel.zwitscher@example.org';
const CANARY_PHONE = '0170 5550199';

before(async () => {
  t = await createTestApp({ now: () => clock });
  const all = await t.services.tenants.all();
  tenant = all.find((x) => x.slug === 'musterstadt') as Tenant;
  other = all.find((x) => x.slug === 'beispielhausen') as Tenant;
  reports = reportsOf(t.services);
});
after(() => t.close());

async function categoryId(code: string, of: Tenant = tenant): Promise<string> {
  const c = await reports.category(of.id, { code });
  assert.ok(c);
  return c.id;
}

async function photo(): Promise<Parameters<ReportService['submit']>[1]['photos']> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } }).jpeg().toBuffer();
  const checked = await checkPhoto(jpeg, 'loch.jpg', { maxBytes: 1_000_000 });
  assert.ok(checked.ok);
  return [checked.photo];
}

test('a report opens a Vorgang at the category\'s unit with a deadline in working days, and mails the receipt', async () => {
  const result = await reports.submit(tenant, {
    categoryId: await categoryId('schlagloch'),
    lat: 51.9412,
    lng: 9.0871,
    address: 'Lange Straße 12',
    description: 'Tiefes Schlagloch vor der Einfahrt.',
    attributes: { gefahr: 'ja', unbekannt: 'wird ignoriert' },
    photos: await photo(),
    name: CANARY_NAME,
    email: CANARY_EMAIL,
    phone: CANARY_PHONE,
    locale: 'de',
    source: 'web',
  });
  assert.ok(result.ok);
  assert.match(result.reference, /^MM-[0-9A-Z]{5}-[0-9A-Z]$/);
  const row = await t.services.db.selectFrom('reports').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
  assert.deepEqual(row.attributes, { gefahr: 'ja' });
  assert.equal(row.publication, 'published');
  const kase = await t.services.db.selectFrom('cases as c').innerJoin('org_units as u', 'u.id', 'c.unit_id').select(['c.type', 'c.due_at', 'u.slug']).where('c.id', '=', result.caseId).executeTakeFirstOrThrow();
  assert.equal(kase.type, 'report');
  assert.equal(kase.slug, 'bauhof');
  // Friday + 5 working days = Friday a week later, end of the day in Berlin.
  assert.equal(kase.due_at?.toISOString(), '2027-04-30T21:59:00.000Z');
  const mail = await t.services.db.selectFrom('mails').select(['template', 'to_address', 'text_body']).where('case_id', '=', result.caseId).executeTakeFirstOrThrow();
  assert.equal(mail.template, 'report.received');
  assert.equal(mail.to_address, CANARY_EMAIL);
  assert.match(mail.text_body, /\/maengelmelder\/status\/[A-Za-z0-9_-]{32}/);

  // The public projections carry nothing of the reporter.
  const listed = await reports.listPublic(tenant.id, {});
  const detail = await reports.getPublic(tenant.id, result.reference);
  const text = JSON.stringify({ listed, detail });
  for (const canary of [CANARY_NAME, CANARY_EMAIL, CANARY_PHONE]) assert.ok(!text.includes(canary), `public view leaks ${canary}`);
  assert.equal(detail?.description, 'Tiefes Schlagloch vor der Einfahrt.');
  assert.equal(detail?.photos.length, 1);
  assert.ok(await reports.publicPhoto(tenant.id, detail?.photos[0]?.id as string));
  // Another municipality sees none of it.
  assert.equal(await reports.getPublic(other.id, result.reference), null);
  assert.equal(await reports.publicPhoto(other.id, detail?.photos[0]?.id as string), null);
});

test('the same rules for every channel: missing location, place outside the town, unanswered required question, bad e-mail', async () => {
  const result = await reports.submit(tenant, { categoryId: await categoryId('beleuchtung'), description: '  ', email: 'kein-at', locale: 'de', source: 'open311' });
  assert.ok(!result.ok);
  assert.deepEqual(result.problems.map((p) => p.field).sort(), ['attribute.stoerung', 'description', 'email', 'location']);
  const outside = await reports.submit(tenant, { categoryId: await categoryId('schlagloch'), lat: 52.52, lng: 13.405, description: 'Berlin', locale: 'de', source: 'web' });
  assert.ok(!outside.ok);
  assert.deepEqual(outside.problems.map((p) => p.messageKey), ['reports.problem.outside']);
  const foreign = await reports.submit(tenant, { categoryId: await categoryId('winterdienst', other), address: 'Dorfstraße', description: 'x', locale: 'de', source: 'web' });
  assert.ok(!foreign.ok, 'a category of another municipality is unknown here');
  const tooLong = await reports.submit(tenant, { categoryId: await categoryId('sonstiges'), address: 'Markt', description: 'x'.repeat(4001), locale: 'de', source: 'web' });
  assert.ok(!tooLong.ok);
  assert.equal(await t.services.db.selectFrom('reports').select('id').where('description', '=', 'Berlin').executeTakeFirst(), undefined);
});

test('with review before publishing, a report is listed without its text and photos until released', async () => {
  const result = await reports.submit(other, { categoryId: await categoryId('schlagloch', other), lat: 48.81, lng: 13.55, description: 'Loch am Dorfplatz', photos: await photo(), locale: 'de', source: 'web' });
  assert.ok(result.ok);
  assert.equal(result.publication, 'pending');
  const detail = await reports.getPublic(other.id, result.reference);
  assert.equal(detail?.description, null);
  assert.deepEqual(detail?.photos, []);
  const photoId = (await t.services.db.selectFrom('report_photos').select('id').where('report_id', '=', result.id).executeTakeFirstOrThrow()).id;
  assert.equal(await reports.publicPhoto(other.id, photoId), null);
});

test('open reports of the same category near by are offered, nearest first; others are not', async () => {
  const pothole = await categoryId('schlagloch');
  const near = await reports.submit(tenant, { categoryId: pothole, lat: 51.9450, lng: 9.0900, description: 'Loch A', locale: 'de', source: 'web' });
  const far = await reports.submit(tenant, { categoryId: pothole, lat: 51.9500, lng: 9.0900, description: 'Loch B', locale: 'de', source: 'web' });
  assert.ok(near.ok && far.ok);
  const found = await reports.nearbyOpen(tenant.id, pothole, { lat: 51.9452, lng: 9.0901 });
  assert.deepEqual(found.map((r) => r.reference), [near.reference]);
  assert.ok((found[0]?.distance ?? 99) < 30);
  assert.deepEqual(await reports.nearbyOpen(tenant.id, await categoryId('graffiti'), { lat: 51.9452, lng: 9.0901 }), []);
});

test('retention keeps a published report public but deletes the reporter\'s traces and unpublished photos', async () => {
  const result = await reports.submit(tenant, { categoryId: await categoryId('graffiti'), lat: 51.94, lng: 9.08, description: 'Graffiti an der Brücke', photos: [...((await photo()) ?? []), ...((await photo()) ?? [])], email: CANARY_EMAIL, locale: 'de', source: 'web' });
  assert.ok(result.ok);
  const photos = await t.services.db.selectFrom('report_photos').select(['id', 'file_id']).where('report_id', '=', result.id).orderBy('position').execute();
  await t.services.db.updateTable('report_photos').set({ published: false }).where('id', '=', photos[1]?.id as string).execute();
  await t.services.db.transaction().execute((tx) => anonymiseReport(tx, tenant.id, result.caseId, (fileId) => t.services.files.remove(tx, tenant.id, fileId)));
  const row = await t.services.db.selectFrom('reports').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
  assert.equal(row.reporter_key, null);
  assert.equal(row.description, 'Graffiti an der Brücke');
  const left = await t.services.db.selectFrom('report_photos').select('id').where('report_id', '=', result.id).execute();
  assert.deepEqual(left.map((p) => p.id), [photos[0]?.id]);
  assert.equal(await t.services.files.read(t.services.db, tenant.id, photos[1]?.file_id as string), null);
});
