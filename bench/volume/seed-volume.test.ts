import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { staffBrowser } from '../../test/support/staff.ts';
import { createApiKey } from '../../src/core/auth/api-keys.ts';
import { normaliseReference } from '../../src/core/cases/reference.ts';
import { addDays, berlinDay, isoWeekday } from '../../src/core/time/berlin.ts';
import type { Tenant } from '../../src/core/tenancy/tenants.ts';
import { seedVolume, VOLUME_AT_SCALE_1, volumeFreeDay, volumeFreeSaturday } from './seed-volume.ts';

const SCALE = 0.01;
let t: TestApp;
let tenant: Tenant;
let other: Tenant;
let counts: Record<string, number>;
const now = new Date();
const before_: Record<string, number> = {};

const count = async (query: ReturnType<typeof sql<{ n: number }>>): Promise<number> => Number((await query.execute(t.services.db)).rows[0]?.n ?? 0);

before(async () => {
  t = await createTestApp();
  tenant = (await t.services.tenants.bySlug('musterstadt')) as Tenant;
  other = (await t.services.tenants.bySlug('beispielhausen')) as Tenant;
  before_.councilPapers = await count(sql`select count(*)::int as n from council_papers where tenant_id = ${tenant.id}`);
  before_.bookings = await count(sql`select count(*)::int as n from appt_bookings where tenant_id = ${tenant.id}`);
  before_.mails = await count(sql`select count(*)::int as n from mails`);
  before_.jobs = await count(sql`select count(*)::int as n from pgboss.job where state = 'created'`).catch(() => 0);
  counts = await seedVolume(t.services.db, t.services.files, { scale: SCALE, now });
});
after(() => t.close());

test('the counts it returns are the rows in the database', async () => {
  assert.equal(counts.applications, Math.round(VOLUME_AT_SCALE_1.applications * SCALE));
  assert.equal(counts.reports, Math.round(VOLUME_AT_SCALE_1.reports * SCALE));
  assert.equal(counts.councilPapers, Math.round(VOLUME_AT_SCALE_1.councilPapers * SCALE));
  assert.equal(await count(sql`select count(*)::int as n from cases where tenant_id = ${tenant.id} and idempotency_key like 'volume:app:%' and type like 'antrag.%'`), counts.applications);
  assert.equal(await count(sql`select count(*)::int as n from cases where tenant_id = ${other.id} and idempotency_key like 'volume:app:%'`), counts['other.applications']);
  assert.equal(await count(sql`select count(*)::int as n from reports r join cases c on c.tenant_id = r.tenant_id and c.id = r.case_id where r.tenant_id = ${tenant.id} and c.idempotency_key like 'volume:report:%' and c.reference = r.reference`), counts.reports);
  assert.equal(await count(sql`select count(*)::int as n from reports where tenant_id = ${other.id}`), counts['other.reports']);
  assert.equal(await count(sql`select count(*)::int as n from report_updates u join reports r on r.tenant_id = u.tenant_id and r.id = u.report_id where r.tenant_id = ${tenant.id}`), counts.reportUpdates);
  assert.equal(await count(sql`select count(*)::int as n from council_papers where tenant_id = ${tenant.id}`) - before_.councilPapers!, counts.councilPapers);
  assert.equal(await count(sql`select count(*)::int as n from appt_bookings where tenant_id = ${tenant.id}`) - before_.bookings!, counts.appointmentBookings);
  // Every Vorgang has exactly one 'created' event; more events for those a clerk worked on.
  assert.equal(
    await count(sql`select count(*)::int as n from cases c where c.idempotency_key like 'volume:%' and (select count(*) from case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id and e.kind = 'created') <> 1`),
    0,
  );
  assert.ok((counts.applicationEvents ?? 0) > counts.applications! && (counts.reportEvents ?? 0) > counts.reports!);
  assert.ok((counts.appointmentBookings ?? 0) > 100, 'weeks of bookings at the Bürgerbüro');
});

test('the volume keeps every rule of the database and the app', async () => {
  const refs = await sql<{ reference: string }>`select reference from cases where idempotency_key like 'volume:%' or type = 'appointment'`.execute(t.services.db);
  assert.ok(refs.rows.length > 1000);
  for (const { reference } of refs.rows) assert.equal(normaliseReference(reference), reference, `valid reference ${reference}`);
  assert.equal(new Set(refs.rows.map((r) => r.reference)).size, refs.rows.length);
  // Council objects are never deleted, the demo's papers are all still there, and what is public was marked published.
  assert.equal(await count(sql`select count(*)::int as n from council_papers where deleted_at is not null`), 0);
  assert.equal(await count(sql`select count(*)::int as n from council_public_papers where tenant_id = ${tenant.id} and first_published_at is null`), 0);
  assert.equal(await count(sql`select count(*)::int as n from council_public_files where tenant_id = ${tenant.id} and first_published_at is null`), 0);
  assert.equal(await count(sql`select count(*)::int as n from council_public_consultations where tenant_id = ${tenant.id} and first_published_at is null`), 0);
  // … and nothing that never was public carries the mark.
  assert.equal(await count(sql`select count(*)::int as n from council_papers where tenant_id = ${tenant.id} and not public and first_published_at is not null`), 0);
  assert.ok((await count(sql`select count(*)::int as n from council_papers where tenant_id = ${tenant.id} and not public`)) > 0);
  // Slot counters equal their live claims, never above capacity.
  assert.equal(
    await count(sql`select count(*)::int as n from appt_slots s where s.tenant_id = ${tenant.id} and s.claimed <> (select count(*) from appt_claims c where c.tenant_id = s.tenant_id and c.location_id = s.location_id and c.starts_at = s.starts_at and c.released_at is null)`),
    0,
  );
  assert.equal(await count(sql`select count(*)::int as n from appt_slots where claimed > capacity or claimed_online > capacity_online or claimed_phone > capacity_phone`), 0);
  // Nothing for the background jobs to do: no mail queued, no Vorgang due for anonymisation (as of `now`), no reminder pending.
  assert.equal(await count(sql`select count(*)::int as n from mails`), before_.mails);
  const due = await sql<{ type: string; reference: string }>`select type, reference from cases where retention_until < ${now} and anonymised_at is null`.execute(t.services.db);
  assert.deepEqual(due.rows, []);
  assert.equal(await count(sql`select count(*)::int as n from appt_bookings where status = 'confirmed' and reminder and reminded_at is null`), 0);
  // The storm's days are free.
  for (const day of [volumeFreeDay(now), volumeFreeSaturday(now)]) {
    assert.equal(await count(sql`select count(*)::int as n from appt_bookings where tenant_id = ${tenant.id} and (starts_at at time zone 'Europe/Berlin')::date = ${day}::date`), 0, day);
  }
  assert.ok(isoWeekday(volumeFreeDay(now)) <= 5 && volumeFreeDay(now) > berlinDay(now));
  await assert.rejects(seedVolume(t.services.db, t.services.files, { scale: SCALE, now }), /already has the volume/);
});

test('Open311 lists volume reports, newest first', async () => {
  const res = await t.app.inject({ url: '/open311/v2/requests.json', headers: { host: 'localhost' } });
  assert.equal(res.statusCode, 200);
  const list = res.json() as { service_request_id: string; requested_datetime: string }[];
  const volume = new Set((await sql<{ reference: string }>`select reference from reports where tenant_id = ${tenant.id}`.execute(t.services.db)).rows.map((r) => r.reference));
  assert.ok(list.length > 50, `${list.length} requests listed`);
  assert.ok(list.every((r) => volume.has(r.service_request_id)));
  const times = list.map((r) => Date.parse(r.requested_datetime));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
});

test('the council shows volume papers publicly and in OParl, with their main file', async () => {
  const body = await t.services.db.selectFrom('council_bodies').select('id').where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
  const paper = await sql<{ id: string; reference: string }>`
    select p.id, p.reference from council_public_papers p where p.tenant_id = ${tenant.id} and p.date < make_date(extract(year from now())::int, 1, 1) order by p.reference desc limit 1`.execute(t.services.db);
  const row = paper.rows[0];
  assert.ok(row);
  const page = await t.app.inject({ url: `/ratsinfo/vorlagen/${row.id}`, headers: { host: 'localhost' } });
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(row.reference));
  const oparl = await t.app.inject({ url: `/oparl/v1.1/paper/${row.id}`, headers: { host: 'localhost' } });
  assert.equal(oparl.statusCode, 200);
  const object = oparl.json() as { reference: string; mainFile?: { accessUrl: string }; consultation?: unknown[] };
  assert.equal(object.reference, row.reference);
  assert.ok(object.mainFile && object.consultation?.length);
  const file = await t.app.inject({ url: new URL(object.mainFile.accessUrl).pathname, headers: { host: 'localhost' } });
  assert.equal(file.statusCode, 200);
  assert.equal(file.headers['content-type'], 'application/pdf');
  const list = await t.app.inject({ url: `/oparl/v1.1/body/${body.id}/papers`, headers: { host: 'localhost' } });
  const publicPapers = await count(sql`select count(*)::int as n from council_public_papers where tenant_id = ${tenant.id}`);
  assert.equal((list.json() as { pagination: { totalElements: number } }).pagination.totalElements, publicPapers);
});

test('staff see the applications in the inbox and the export API counts them', async () => {
  const sample = await sql<{ id: string; reference: string }>`select id, reference from cases where tenant_id = ${tenant.id} and idempotency_key like 'volume:app:%' and status = 'in_progress' limit 1`.execute(t.services.db);
  const kase = sample.rows[0];
  assert.ok(kase);
  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  const inbox = await admin.get(`/verwaltung?q=${kase.reference}&status=all`);
  assert.equal(inbox.statusCode, 200);
  assert.ok(inbox.body.includes(kase.reference));
  const detail = await admin.get(`/verwaltung/vorgaenge/${kase.id}`);
  assert.equal(detail.statusCode, 200);
  assert.ok(detail.body.includes(kase.reference));

  const key = await createApiKey(t.services.db, { tenantId: tenant.id, name: 'Volume test', scopes: ['applications:read'], actorLabel: 'test' });
  assert.ok(key.ok);
  const bearer = `Bearer ${key.key}`;
  let listed = 0;
  for (let page = 1; page < 100; page++) {
    const res = await t.app.inject({ url: `/api/v1/applications?page=${page}`, headers: { host: 'localhost', authorization: bearer } });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { items: unknown[]; nextPage: number | null };
    listed += body.items.length;
    if (!body.nextPage) break;
  }
  const applications = await count(sql`select count(*)::int as n from cases where tenant_id = ${tenant.id} and type like 'antrag.%' and anonymised_at is null`);
  assert.equal(listed, applications);
  assert.ok(listed >= counts.applications!);
});

test('slots ten months ahead can be read through the appointments API', async () => {
  const location = await sql<{ id: string; service_id: string }>`
    select l.id, s.service_id from appt_locations l join appt_services s on s.tenant_id = l.tenant_id and s.location_id = l.id
    join portal_services p on p.tenant_id = s.tenant_id and p.id = s.service_id
    where l.tenant_id = ${tenant.id} and l.slug = 'buergerbuero' and p.slug = 'meldebescheinigung'`.execute(t.services.db);
  const row = location.rows[0];
  assert.ok(row);
  let day = addDays(berlinDay(now), 300);
  while (isoWeekday(day) > 5) day = addDays(day, 1);
  const to = addDays(day, 6);
  const res = await t.app.inject({ url: `/api/v1/appointments/slots?location=buergerbuero&services=${row.service_id}&from=${day}&to=${to}`, headers: { host: 'localhost' } });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { slots: unknown[]; window: { last: string } };
  assert.ok(body.window.last >= addDays(berlinDay(now), 365));
  assert.ok(body.slots.length > 20, `${body.slots.length} slots in the week from ${day}`);
});
