import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import type { Db } from '../../../core/db/database.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { berlinInstant } from '../../../core/time/berlin.ts';
import { appointmentsOf } from '../module.ts';
import { availableStarts } from './availability.ts';
import { findLocation, visitOf, type Location, type Visit } from './locations.ts';
import { emailKey, type AppointmentService } from './booking.service.ts';
import { assertCountersMatchClaims } from './invariants.test-support.ts';

let t: TestApp;
let clock = new Date('2027-01-11T07:00:00Z'); // Monday 08:00 Berlin
let tenant: Tenant;
let office: Location;
let appointments: AppointmentService;
let idCard: string;
let certificate: string;

const at = (day: string, time: string): Date => berlinInstant(day, time) as Date;
const details = (email: string, name = 'Erika Mustermann') => ({ name, email, phone: null, note: null, reminder: true, locale: 'de' as const });

function visit(lines: [string, number][]): Visit {
  const result = visitOf(office, lines.map(([serviceId, quantity]) => ({ serviceId, quantity })));
  assert.ok(result.ok);
  return result.visit;
}

async function free(day: string, v: Visit, contingent: 'online' | 'phone' | 'internal' = 'online') {
  const starts = await availableStarts(t.services.db, { location: office, bundesland: tenant.bundesland as Bundesland, visit: v, contingent, from: day, to: day, now: clock });
  return new Map(starts.map((s) => [s.time, s.free]));
}

async function book(day: string, time: string, v: Visit, holder: string, email: string): Promise<string> {
  const held = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, time), holder, verifiedHuman: false });
  assert.ok(held.ok, `hold ${day} ${time}`);
  assert.deepEqual(await appointments.saveDetails(tenant.id, held.id, holder, details(email)), { ok: true });
  const submitted = await appointments.submit(tenant.id, held.id, holder, office);
  assert.ok(submitted.ok, `submit ${email}`);
  return held.id;
}

async function confirmToken(id: string): Promise<string> {
  const row = await t.services.db.selectFrom('appt_bookings').select(['id', 'token_salt']).where('id', '=', id).executeTakeFirstOrThrow();
  return appointments.tokensOf(row).confirm;
}

async function bookingRow(id: string) {
  return t.services.db.selectFrom('appt_bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function staffActor(email: string): Promise<StaffActor> {
  const user = await t.services.db.selectFrom('staff_users').select(['id', 'display_name', 'tenant_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const roles = await t.services.db.selectFrom('staff_roles').select(['role', 'unit_id']).where('user_id', '=', user.id).execute();
  return { kind: 'staff', tenantId: user.tenant_id, userId: user.id, displayName: user.display_name, roles: roles.map((r) => ({ role: r.role, unitId: r.unit_id })) };
}

before(async () => {
  t = await createTestApp({ now: () => clock });
  tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  office = (await findLocation(t.services.db, tenant.id, 'buergerbuero')) as Location;
  appointments = appointmentsOf(t.services);
  idCard = office.services.find((s) => s.slug === 'personalausweis')?.id as string;
  certificate = office.services.find((s) => s.slug === 'meldebescheinigung')?.id as string;
});
after(() => t.close());

test('a visit for several services and persons adds up and is computed on the server', () => {
  const v = visit([
    [idCard, 2],
    [certificate, 1],
  ]);
  assert.equal(v.minutes, 50);
  assert.equal(v.slots, 5);
  assert.deepEqual(visitOf(office, [{ serviceId: idCard, quantity: 6 }]), { ok: false, problem: 'too-many' });
  assert.deepEqual(visitOf(office, [{ serviceId: '00000000-0000-0000-0000-000000000000', quantity: 1 }]), { ok: false, problem: 'unknown-service' });
  assert.deepEqual(visitOf(office, [{ serviceId: idCard, quantity: 0 }]), { ok: false, problem: 'none-chosen' });
});

test('hold → details → submit → e-mail link → confirmed, with a Vorgang and the calendar entry; the hold claims capacity', async () => {
  const day = '2027-01-12';
  const v = visit([[idCard, 2]]); // 40 minutes: 4 slots
  assert.equal((await free(day, v)).get('08:00'), 2, 'two online counters on weekday mornings');
  const a = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '08:00'), holder: 'browser-a', verifiedHuman: true });
  const b = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '08:00'), holder: 'browser-b', verifiedHuman: false });
  assert.ok(a.ok && b.ok);
  assert.equal(a.reference.slice(0, 3), 'TB-');
  const c = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '08:10'), holder: 'browser-c', verifiedHuman: false });
  assert.ok(!c.ok && c.reason === 'taken', 'overlapping a full slot is refused');
  assert.deepEqual(
    c.alternatives?.map((s) => [s.time, s.free]),
    [...(await free(day, v)).entries()],
    'with the day’s free times for the visit, as the calendar shows them',
  );
  assert.equal((await free(day, v)).has('08:00'), false);
  assert.equal((await free(day, v)).get('08:40'), 2);
  assert.equal((await free(day, v, 'internal')).get('08:00'), 1, 'staff still see the third counter');
  await assertCountersMatchClaims(t.services.db);

  assert.deepEqual(await appointments.submit(tenant.id, a.id, 'browser-a', office), { ok: false, reason: 'incomplete' });
  assert.deepEqual(await appointments.saveDetails(tenant.id, a.id, 'browser-b', details('x@example.org')), { ok: false, reason: 'expired' }, 'another browser cannot touch the hold');
  await appointments.saveDetails(tenant.id, a.id, 'browser-a', details('erika@example.org'));
  assert.deepEqual(await appointments.submit(tenant.id, a.id, 'browser-a', office), { ok: true, email: 'erika@example.org', confirmExpiresAt: new Date(clock.getTime() + office.confirmMinutes * 60_000) });
  const confirmMail = await t.services.db.selectFrom('mails').selectAll().where('template', '=', 'appointment.confirm').where('to_address', '=', 'erika@example.org').executeTakeFirstOrThrow();
  const token = await confirmToken(a.id);
  assert.ok(confirmMail.text_body.includes(`/termine/bestaetigen/${token}`));
  assert.equal((await bookingRow(a.id)).status, 'pending');

  const confirmed = await appointments.confirm(tenant, token);
  assert.ok(confirmed.ok && !confirmed.already);
  const again = await appointments.confirm(tenant, token);
  assert.ok(again.ok && again.already, 'a second click shows the same appointment');
  const row = await bookingRow(a.id);
  assert.equal(row.status, 'confirmed');
  const kase = await t.services.db.selectFrom('cases').selectAll().where('id', '=', row.case_id as string).executeTakeFirstOrThrow();
  assert.equal(kase.reference, a.reference, 'the Vorgang carries the booking number');
  assert.equal(kase.type, 'appointment');
  const unit = await t.services.db.selectFrom('org_units').select('slug').where('id', '=', kase.unit_id).executeTakeFirstOrThrow();
  assert.equal(unit.slug, 'buergerbuero');
  const consent = await t.services.db.selectFrom('consents').select(['kind', 'version']).where('case_id', '=', kase.id).executeTakeFirstOrThrow();
  assert.deepEqual(consent, { kind: 'appointment-terms', version: '2026-01' }, 'the accepted terms are recorded');
  const mails = await t.services.db.selectFrom('mails').selectAll().where('case_id', '=', kase.id).execute();
  assert.deepEqual(mails.map((m) => m.template), ['appointment.confirmed'], 'the confirmation, not a generic receipt');
  const ics = mails[0]?.calendar as string;
  assert.equal(mails[0]?.calendar_method, 'REQUEST');
  assert.match(ics, new RegExp(`UID:${a.reference}@`));
  assert.match(ics, /SEQUENCE:0/);
  assert.match(ics, /DTSTART;TZID=Europe\/Berlin:20270112T080000/);
  assert.match(ics, /DTEND;TZID=Europe\/Berlin:20270112T084000/);
  assert.match(mails[0]?.text_body as string, /Bitte bringen Sie mit:/);
  await assertCountersMatchClaims(t.services.db);

  // The other hold runs out: its time is free for citizens at once, and released by the sweep.
  clock = new Date(clock.getTime() + 16 * 60_000);
  assert.equal((await free(day, v)).get('08:00'), 1, 'an expired hold counts as free before the sweep');
  assert.ok((await appointments.releaseDue()) >= 1);
  const expired = await bookingRow(b.id);
  assert.equal(expired.status, 'expired');
  assert.equal(expired.email, null);
  await assertCountersMatchClaims(t.services.db);
  assert.deepEqual(await appointments.confirm(tenant, await confirmToken(b.id)), { ok: false, reason: 'expired' });
});

test('the per-person limit counts pending and confirmed bookings by normalised e-mail, under a lock', async () => {
  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 2);
  const day = '2027-01-13';
  const v = visit([[certificate, 1]]);
  await book(day, '08:00', v, 'p-1', 'Max.Muster@Example.org');
  await book(day, '08:10', v, 'p-2', 'max.muster+termin@example.org');
  assert.equal(emailKey('Max.Muster+x@Example.ORG'), 'max.muster@example.org');
  assert.equal(emailKey('m.a.x+1@googlemail.com'), 'max@gmail.com');
  const third = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '08:20'), holder: 'p-3', verifiedHuman: false });
  assert.ok(third.ok);
  await appointments.saveDetails(tenant.id, third.id, 'p-3', details('MAX.MUSTER@example.org'));
  assert.deepEqual(await appointments.submit(tenant.id, third.id, 'p-3', office), { ok: false, reason: 'limit' });
  assert.equal(await appointments.underPersonLimit(tenant.id, 'max.muster@example.org'), false);
  // Two parallel submits of the same person, one place left: exactly one passes.
  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 3);
  const holds = await Promise.all(
    ['q-1', 'q-2'].map(async (holder, i) => {
      const h = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, i ? '09:00' : '09:10'), holder, verifiedHuman: false });
      assert.ok(h.ok);
      await appointments.saveDetails(tenant.id, h.id, holder, details('max.muster@example.org'));
      return { holder, id: h.id };
    }),
  );
  const results = await Promise.all(holds.map((h) => appointments.submit(tenant.id, h.id, h.holder, office)));
  assert.deepEqual(results.map((r) => r.ok).sort(), [false, true]);
  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 3);
});

test('cancel by the citizen: calendar CANCEL, Vorgang closed, capacity back only after the release delay', async () => {
  const day = '2027-01-14';
  const v = visit([[certificate, 1]]);
  const id = await book(day, '08:00', v, 'c-1', 'cancel@example.org');
  await book(day, '08:00', v, 'c-2', 'other@example.org');
  await appointments.confirm(tenant, await confirmToken(id));
  assert.equal((await free(day, v)).has('08:00'), false);
  assert.deepEqual(await appointments.cancel(tenant.id, id, { kind: 'citizen' }), { ok: true });
  assert.deepEqual(await appointments.cancel(tenant.id, id, { kind: 'citizen' }), { ok: false, reason: 'not-cancellable' }, 'once only');
  const row = await bookingRow(id);
  assert.equal(row.status, 'cancelled');
  assert.equal(row.ics_sequence, 1);
  const mail = await t.services.db.selectFrom('mails').selectAll().where('template', '=', 'appointment.cancelled').where('to_address', '=', 'cancel@example.org').executeTakeFirstOrThrow();
  assert.equal(mail.calendar_method, 'CANCEL');
  assert.match(mail.calendar as string, /STATUS:CANCELLED/);
  assert.match(mail.calendar as string, /SEQUENCE:1/);
  assert.match(mail.calendar as string, new RegExp(`UID:${row.reference}@`));
  const kase = await t.services.db.selectFrom('cases').select(['status', 'closed_at']).where('id', '=', row.case_id as string).executeTakeFirstOrThrow();
  assert.equal(kase.status, 'completed');
  assert.equal((await free(day, v)).has('08:00'), false, 'still taken during the release delay (anti-trading)');
  clock = new Date(clock.getTime() + 31 * 60_000);
  assert.equal((await free(day, v)).get('08:00'), 1, 'free once the delay has passed');
  await appointments.releaseDue();
  await assertCountersMatchClaims(t.services.db);
});

test('reschedule keeps the UID, raises SEQUENCE, claims the new time and frees the old after the delay', async () => {
  const day = '2027-01-15';
  const v = visit([[certificate, 1]]);
  const id = await book(day, '10:00', v, 'r-1', 'move@example.org');
  await appointments.confirm(tenant, await confirmToken(id));
  const moved = await appointments.reschedule(tenant, id, office, at(day, '11:00'), { kind: 'citizen' });
  assert.deepEqual(moved, { ok: true });
  const row = await bookingRow(id);
  assert.equal(row.starts_at.toISOString(), at(day, '11:00').toISOString());
  assert.equal(row.ics_sequence, 1);
  const mails = await t.services.db.selectFrom('mails').selectAll().where('to_address', '=', 'move@example.org').where('template', '=', 'appointment.confirmed').orderBy('created_at').execute();
  assert.equal(mails.length, 2);
  assert.match(mails[1]?.subject as string, /verlegt/);
  assert.match(mails[1]?.calendar as string, /SEQUENCE:1/);
  assert.match(mails[1]?.calendar as string, /DTSTART;TZID=Europe\/Berlin:20270115T110000/);
  assert.equal((await free(day, v)).get('11:00'), 1);
  assert.equal((await free(day, v)).get('10:00'), 1, 'the old time stays claimed during the delay');
  await assertCountersMatchClaims(t.services.db);
  assert.deepEqual(await appointments.reschedule(tenant, id, office, at(day, '13:00'), { kind: 'citizen' }), { ok: false, reason: 'not-bookable' }, 'outside the opening hours');
});

test('staff book on behalf in the phone contingent (audited, limit override), record arrival, and close a day', async () => {
  const day = '2027-01-18';
  const actor = await staffActor('buergerbuero@musterstadt.example');
  const v = visit([[certificate, 1]]);
  const base = { location: office, visit: v, variant: 'onsite' as const, name: 'Hans Telefon', email: null, phone: '0151 1234567', note: 'rief an', reminder: false, locale: 'de' as const, overrideLimit: false };
  const first = await appointments.bookOnBehalf(actor, { ...base, startsAt: at(day, '09:00'), channel: 'phone', idempotencyKey: 'staff-1' });
  assert.ok(first.ok);
  const repeat = await appointments.bookOnBehalf(actor, { ...base, startsAt: at(day, '09:00'), channel: 'phone', idempotencyKey: 'staff-1' });
  assert.ok(repeat.ok && repeat.duplicate && repeat.id === first.id, 'the same form sent twice books once');
  assert.deepEqual(await appointments.bookOnBehalf(actor, { ...base, startsAt: at(day, '09:00'), channel: 'phone', idempotencyKey: 'staff-2' }), { ok: false, reason: 'taken' }, 'one phone counter');
  const internal = await appointments.bookOnBehalf(actor, { ...base, startsAt: at(day, '09:00'), channel: 'internal', idempotencyKey: 'staff-3' });
  assert.ok(internal.ok);
  assert.equal((await free(day, v)).get('09:00'), 1, 'online: its own contingent is untouched, but only one counter is left');
  assert.equal((await free(day, v, 'internal')).get('09:00'), 1);
  const auditRows = await t.services.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'appointment.book').execute();
  assert.ok(auditRows.length >= 2);
  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 1);
  const person = { ...base, email: 'viel@example.org' };
  assert.ok((await appointments.bookOnBehalf(actor, { ...person, startsAt: at(day, '10:00'), channel: 'internal', idempotencyKey: 'staff-4' })).ok);
  assert.deepEqual(await appointments.bookOnBehalf(actor, { ...person, startsAt: at(day, '10:10'), channel: 'internal', idempotencyKey: 'staff-5' }), { ok: false, reason: 'limit' });
  assert.ok((await appointments.bookOnBehalf(actor, { ...person, startsAt: at(day, '10:10'), channel: 'internal', idempotencyKey: 'staff-6', overrideLimit: true })).ok);
  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 3);

  assert.deepEqual(await appointments.recordVisit(actor, first.id, 'no_show'), { ok: false, reason: 'too-early' });
  const saved = clock;
  clock = at(day, '09:30');
  assert.deepEqual(await appointments.recordVisit(actor, first.id, 'no_show'), { ok: true });
  assert.deepEqual(await appointments.recordVisit(actor, internal.id, 'attended'), { ok: true });
  assert.equal((await bookingRow(first.id)).status, 'no_show');
  clock = saved;

  const online = await book('2027-01-19', '08:00', v, 'd-1', 'closed@example.org');
  await appointments.confirm(tenant, await confirmToken(online));
  const closed = await appointments.closeDay(actor, office, '2027-01-19', 'Wegen einer Betriebsversammlung bleibt das Bürgerbüro geschlossen.');
  assert.ok(closed.ok);
  assert.equal(closed.cancelled, 1);
  assert.deepEqual(await appointments.closeDay(actor, office, '2027-01-08', 'zu spät'), { ok: false, reason: 'past' });
  const bauhof = await staffActor('bauhof@musterstadt.example');
  await assert.rejects(appointments.closeDay(bauhof, office, '2027-01-20', 'x'), /forbidden/, 'the engine checks the unit too');
  await assert.rejects(appointments.bookOnBehalf(bauhof, { ...base, startsAt: at(day, '11:00'), channel: 'internal', idempotencyKey: 'staff-x' }), /forbidden/);
  await assert.rejects(appointments.recordVisit(bauhof, internal.id, 'no_show'), /forbidden/);
  const mail = await t.services.db.selectFrom('mails').selectAll().where('template', '=', 'appointment.cancelled').where('to_address', '=', 'closed@example.org').executeTakeFirstOrThrow();
  assert.match(mail.text_body, /Betriebsversammlung/);
  assert.equal((await free('2027-01-19', v)).size, 0, 'a closed day offers nothing');
  await assertCountersMatchClaims(t.services.db);
});

test('property: random book/submit/confirm/cancel/expire sequences keep claimed ≤ capacity and lose no confirmed appointment', async () => {
  const day = '2027-02-02';
  const v = visit([[certificate, 1]]);
  const times = ['08:00', '08:10', '08:20'];
  type Op = { kind: 'hold'; time: number; who: number } | { kind: 'submit'; who: number } | { kind: 'confirm'; who: number } | { kind: 'cancel'; who: number } | { kind: 'wait'; minutes: number } | { kind: 'sweep' };
  const op = fc.oneof(
    fc.record({ kind: fc.constant('hold' as const), time: fc.integer({ min: 0, max: 2 }), who: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('submit' as const), who: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('confirm' as const), who: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('cancel' as const), who: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('sweep' as const) }),
  );
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops: Op[]) => {
      run++;
      clock = new Date('2027-01-25T07:00:00Z');
      await sql`update appt_bookings set status = 'cancelled', cancelled_at = now() where starts_at >= ${at(day, '00:00')} and starts_at < ${at(day, '23:00')} and status in ('held', 'pending', 'confirmed')`.execute(t.services.db);
      await sql`update appt_claims set release_after = coalesce(release_after, ${clock}) where released_at is null and starts_at >= ${at(day, '00:00')} and starts_at < ${at(day, '23:00')}`.execute(t.services.db);
      await appointments.releaseDue(10_000);
      await assertCountersMatchClaims(t.services.db);
      const bookings = new Map<number, string>();
      const confirmedByModel = new Set<string>();
      for (const o of ops) {
        if (o.kind === 'hold') {
          const h = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, times[o.time] as string), holder: `prop-${run}-${o.who}`, verifiedHuman: false });
          if (h.ok) {
            bookings.set(o.who, h.id);
            await appointments.saveDetails(tenant.id, h.id, `prop-${run}-${o.who}`, details(`p${run}-${o.who}@example.org`));
          }
        } else if (o.kind === 'submit' && bookings.has(o.who)) {
          await appointments.submit(tenant.id, bookings.get(o.who) as string, `prop-${run}-${o.who}`, office);
        } else if (o.kind === 'confirm' && bookings.has(o.who)) {
          const result = await appointments.confirm(tenant, await confirmToken(bookings.get(o.who) as string));
          if (result.ok) confirmedByModel.add(result.bookingId);
        } else if (o.kind === 'cancel' && bookings.has(o.who)) {
          const id = bookings.get(o.who) as string;
          const result = await appointments.cancel(tenant.id, id, { kind: 'citizen' });
          if (result.ok) confirmedByModel.delete(id);
        } else if (o.kind === 'wait') {
          clock = new Date(clock.getTime() + o.minutes * 60_000);
        } else if (o.kind === 'sweep') {
          await appointments.releaseDue();
        }
        await assertCountersMatchClaims(t.services.db);
      }
      for (const id of confirmedByModel) assert.equal((await bookingRow(id)).status, 'confirmed', 'no confirmed appointment lost');
      const claims = await t.services.db.selectFrom('appt_claims').select('booking_id').where('released_at', 'is', null).where('starts_at', '>=', at(day, '00:00')).where('starts_at', '<', at(day, '23:00')).execute();
      for (const id of confirmedByModel) assert.ok(claims.some((c) => c.booking_id === id), 'a confirmed appointment keeps its claim');
    }),
    { numRuns: 25 },
  );
});

test('housekeeping: past unrecorded appointments close their Vorgang; cancelled-before-confirmation bookings are anonymised after the retention period', async () => {
  const day = '2027-03-01';
  const v = visit([[certificate, 1]]);
  const saved = clock;
  clock = new Date('2027-02-22T07:00:00Z');
  await appointments.tidyUp(); // the earlier tests' January appointments
  const id = await book(day, '08:00', v, 't-1', 'past@example.org');
  await appointments.confirm(tenant, await confirmToken(id));
  const pendingOnly = await book(day, '09:00', v, 't-2', 'pending@example.org');
  const actor = await staffActor('buergerbuero@musterstadt.example');
  assert.deepEqual(await appointments.cancel(tenant.id, pendingOnly, { kind: 'staff', actor, reason: 'Doppelt gebucht' }), { ok: true });
  clock = new Date('2027-03-02T12:00:00Z');
  assert.deepEqual(await appointments.tidyUp(), { closed: 0, anonymised: 0 }, 'nothing before two days have passed');
  clock = new Date('2027-03-04T12:00:00Z');
  assert.equal((await appointments.tidyUp()).closed, 1);
  const kase = await t.services.db.selectFrom('cases').select(['status', 'retention_until']).where('id', '=', (await bookingRow(id)).case_id as string).executeTakeFirstOrThrow();
  assert.equal(kase.status, 'completed');
  assert.ok(kase.retention_until, 'the retention period runs');
  assert.equal((await bookingRow(pendingOnly)).email, 'pending@example.org', 'kept within the retention period');
  clock = new Date('2027-06-15T12:00:00Z');
  assert.ok((await appointments.tidyUp()).anonymised >= 1);
  const gone = await bookingRow(pendingOnly);
  assert.equal(gone.email, null);
  assert.equal(gone.name, null);
  assert.ok(gone.anonymised_at);
  clock = saved;
});

test('trying a full time keeps the browser\'s earlier hold; a new free time replaces it', async () => {
  const day = '2027-02-03';
  const v = visit([[certificate, 1]]);
  for (const holder of ['x-1', 'x-2']) assert.ok((await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '08:00'), holder, verifiedHuman: false })).ok);
  const mine = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '09:00'), holder: 'x-3', verifiedHuman: false });
  assert.ok(mine.ok);
  const writesBefore = await t.services.db.selectFrom('appt_bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.deepEqual(await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '08:00'), holder: 'x-3', verifiedHuman: false }), { ok: false, reason: 'taken' });
  const writesAfter = await t.services.db.selectFrom('appt_bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(writesAfter.n), Number(writesBefore.n), 'a full time is refused without writing');
  assert.ok(await appointments.heldBy(tenant.id, mine.id, 'x-3'), 'the earlier hold is kept');
  const moved = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '09:10'), holder: 'x-3', verifiedHuman: false });
  assert.ok(moved.ok);
  assert.equal(await appointments.heldBy(tenant.id, mine.id, 'x-3'), null, 'replaced by the new hold');
  const again = await appointments.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '09:10'), holder: 'x-3', verifiedHuman: false });
  assert.ok(again.ok, 'the same time again (e.g. back button) gives the own hold back and takes it anew');
  await assertCountersMatchClaims(t.services.db);
});
