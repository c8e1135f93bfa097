/**
 * The booking engine with the read cache switched on, as in production
 * (issue 8): two engine instances on one database stand for two app
 * instances, each with its own cache. The cache may be stale for what the
 * other instance did, never for what its own instance did, and the claim
 * decides on fresh rows, so nothing is ever sold twice.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import type { Db } from '../../../core/db/database.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { berlinInstant } from '../../../core/time/berlin.ts';
import { createAppointmentService, type AppointmentService } from './booking.service.ts';
import { assertCountersMatchClaims } from './invariants.test-support.ts';
import { findLocation, visitOf, type Location, type Visit } from './locations.ts';
import { createReadModel, type AppointmentReadModel } from './read-model.ts';

const clock = new Date('2027-01-11T07:00:00Z'); // Monday 08:00 Berlin
let t: TestApp;
let tenant: Tenant;
let office: Location;
let certificate: string;
let idCard: string;

interface Instance {
  read: AppointmentReadModel;
  engine: AppointmentService;
}
let a: Instance;
let b: Instance;

const at = (day: string, time: string): Date => berlinInstant(day, time) as Date;

/** An engine with its own read cache; `readDb`: what the read model reads through (default: the app's database). */
function instance(readDb: Db = t.services.db): Instance {
  const s = t.services;
  // Long times to live: what is checked here is which change drops what, not the clock (a slow test machine must not refresh a list by itself).
  const read = createReadModel({ db: readDb, tenants: s.tenants, configTtlMs: 60_000, availabilityTtlMs: 60_000 });
  const engine = createAppointmentService({ db: s.db, jobs: s.jobs, tenants: s.tenants, cases: s.cases, secret: s.config.sessionSecret, baseUrl: s.baseUrlOf, now: () => clock, read });
  return { read, engine };
}

/**
 * A booking engine on `read` that counts the statements it runs — where
 * results come back: a subquery builder is transformed too, but only
 * executed statements return rows.
 */
function countingEngine(read: AppointmentReadModel): { engine: AppointmentService; statements: () => number } {
  let statements = 0;
  const s = t.services;
  const db = s.db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      statements++;
      return args.result;
    },
  });
  const engine = createAppointmentService({ db, jobs: s.jobs, tenants: s.tenants, cases: s.cases, secret: s.config.sessionSecret, baseUrl: s.baseUrlOf, now: () => clock, read });
  return { engine, statements: () => statements };
}

function visit(lines: [string, number][]): Visit {
  const result = visitOf(office, lines.map(([serviceId, quantity]) => ({ serviceId, quantity })));
  assert.ok(result.ok);
  return result.visit;
}

async function times(x: Instance, day: string, v: Visit): Promise<Map<string, number>> {
  const starts = await x.read.starts({ location: office, bundesland: tenant.bundesland as Bundesland, visit: v, contingent: 'online', from: day, to: day, now: clock });
  return new Map(starts.map((s) => [s.time, s.free]));
}

const hold = (x: Instance, day: string, time: string, v: Visit, holder: string) => x.engine.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, time), holder, verifiedHuman: false });

before(async () => {
  t = await createTestApp({ now: () => clock });
  tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  office = (await findLocation(t.services.db, tenant.id, 'buergerbuero')) as Location;
  certificate = office.services.find((s) => s.slug === 'meldebescheinigung')?.id as string;
  idCard = office.services.find((s) => s.slug === 'personalausweis')?.id as string;
  a = instance();
  b = instance();
});
after(() => t.close());

test('free times are cached per instance; its own holds show at once, the other instance’s after a failed attempt there (or the time to live)', async () => {
  const day = '2027-01-12';
  const v = visit([[certificate, 1]]);
  assert.equal((await times(a, day, v)).get('08:00'), 2);
  assert.equal((await times(b, day, v)).get('08:00'), 2);
  assert.ok((await hold(a, day, '08:00', v, 'h-1')).ok);
  assert.equal((await times(a, day, v)).get('08:00'), 1, 'the instance that claimed sees it at once');
  assert.equal((await times(b, day, v)).get('08:00'), 2, 'the other instance still shows its snapshot (at most the time to live)');
  assert.ok((await hold(b, day, '08:00', v, 'h-2')).ok, 'the claim decides on fresh rows, not on the cache');
  assert.equal((await times(b, day, v)).has('08:00'), false, 'b corrected its list with the counters its claim left, which count a’s claim too: full');
  assert.equal((await times(a, day, v)).get('08:00'), 1, 'instance a: still its snapshot');
  const late = await hold(a, day, '08:00', v, 'h-3');
  assert.ok(!late.ok && late.reason === 'taken', 'a stale calendar costs a 409, never an oversold place');
  assert.equal(late.alternatives?.[0]?.time, '08:10', 'the answer offers the next free times');
  assert.equal((await times(a, day, v)).has('08:00'), false, 'the failed attempt dropped the list that still offered the time');
  await assertCountersMatchClaims(t.services.db);
});

test('a closure lifted by another instance is bookable at once; a closure added meanwhile stops the claim', async () => {
  const day = '2027-01-13';
  const v = visit([[certificate, 1]]);
  await t.services.db.insertInto('appt_closures').values({ tenant_id: tenant.id, location_id: office.id, day, reason: 'Release um 8 Uhr' }).execute();
  assert.equal((await times(a, day, v)).size, 0, 'closed: no times (and the schedule is cached)');
  await t.services.db.deleteFrom('appt_closures').where('tenant_id', '=', tenant.id).where('location_id', '=', office.id).where('day', '=', day).execute();
  assert.ok((await hold(a, day, '08:00', v, 'c-1')).ok, 'not answered not-bookable from the cached closure: checked again on fresh rows');

  assert.ok((await times(b, day, v)).get('09:00'), 'b has the open day cached');
  await t.services.db.insertInto('appt_closures').values({ tenant_id: tenant.id, location_id: office.id, day, reason: 'Krankheit' }).execute();
  const before = await t.services.db.selectFrom('appt_bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.deepEqual(await hold(b, day, '09:00', v, 'c-2'), { ok: false, reason: 'not-bookable' }, 'the claim sees the closure, whatever the cache says');
  const afterwards = await t.services.db.selectFrom('appt_bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(afterwards.n), Number(before.n), 'nothing written');
  await assertCountersMatchClaims(t.services.db);
});

test('a full time is refused after one read, without writing anything', async () => {
  const day = '2027-01-14';
  const v = visit([[certificate, 1]]);
  assert.ok((await hold(a, day, '10:00', v, 'f-1')).ok);
  assert.ok((await hold(a, day, '10:00', v, 'f-2')).ok);
  const { engine: counting, statements } = countingEngine(a.read);
  await times(a, day, v);
  const outcome = await counting.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '10:00'), holder: 'f-3', verifiedHuman: false, newHolder: true, idempotencyKey: 'k-f-3', details: { name: 'Late', email: 'late@example.org', phone: null, note: null, reminder: false, locale: 'de' } });
  assert.ok(!outcome.ok && outcome.reason === 'taken');
  assert.equal(statements(), 1, 'one statement for a losing attempt (the day’s slot grid and the settings come from the cache)');
  assert.deepEqual(
    outcome.alternatives?.map((s) => s.time).slice(0, 3),
    ['08:00', '08:10', '08:20'],
    'and the day’s other free times come with it, from the same read',
  );
  const rows = await t.services.db.selectFrom('appt_bookings').select('id').where('idempotency_key', '=', 'k-f-3').execute();
  assert.deepEqual(rows, []);
});

test('a rush of overlapping visits of several slots on two instances: no slot over capacity, every booking with all its claims', async () => {
  const day = '2027-01-15';
  const shapes = [visit([[certificate, 1]]), visit([[idCard, 1]]), visit([[idCard, 2]]), visit([[certificate, 2]])]; // 1, 2, 4 and 2 slots
  const starts = ['08:00', '08:10', '08:20', '08:30', '08:40'];
  const attempts = Array.from({ length: 60 }, (_, i) => ({ x: i % 2 ? a : b, v: shapes[i % shapes.length] as Visit, time: starts[(i * 7) % starts.length] as string, holder: `rush-${i}` }));
  const outcomes = await Promise.all(attempts.map((p) => hold(p.x, day, p.time, p.v, p.holder)));
  assert.ok(outcomes.every((o) => o.ok || o.reason === 'taken'), JSON.stringify(outcomes.filter((o) => !o.ok)));
  assert.ok(outcomes.some((o) => o.ok) && outcomes.some((o) => !o.ok), 'some won, some lost');
  await assertCountersMatchClaims(t.services.db);
  const incomplete = await sql<{ id: string }>`
    select b.id from appt_bookings b
    left join appt_claims c on c.tenant_id = b.tenant_id and c.booking_id = b.id and c.released_at is null
    where b.location_id = ${office.id} and b.status = 'held'
      and b.starts_at >= ${at(day, '00:00')} and b.starts_at < ${at('2027-01-16', '00:00')}
    group by b.id, b.starts_at, b.ends_at
    having count(c.id) <> round(extract(epoch from b.ends_at - b.starts_at) / 600)`.execute(t.services.db);
  assert.deepEqual(incomplete.rows, [], 'every hold has exactly one claim per slot of its visit');
  const orphans = await t.services.db.selectFrom('appt_booking_services as s').leftJoin('appt_bookings as b', 'b.id', 's.booking_id').select('s.booking_id').where('b.id', 'is', null).execute();
  assert.deepEqual(orphans, []);
  const over = await t.services.db.selectFrom('appt_slots').select('starts_at').where('location_id', '=', office.id).where(sql<boolean>`claimed_online > capacity_online or claimed > capacity`).execute();
  assert.deepEqual(over, []);
});

test('an own claim corrects the lists of one-slot and of longer visits in place; a list loaded after the claim is kept as it is', async () => {
  const day = '2027-01-18';
  const one = visit([[certificate, 1]]);
  const two = visit([[idCard, 1]]); // 20 minutes: 2 slots
  const x = instance();
  assert.equal((await times(x, day, one)).get('09:00'), 2);
  assert.equal((await times(x, day, two)).get('08:50'), 2);
  assert.ok((await hold(x, day, '09:00', two, 'p-1')).ok, 'claims 09:00 and 09:10');
  const after = await times(x, day, one);
  assert.deepEqual([after.get('08:50'), after.get('09:00'), after.get('09:10'), after.get('09:20')], [2, 1, 1, 2], 'one place less on the claimed times');
  assert.equal((await times(x, day, two)).get('09:00'), 1, 'the two-slot list too');
  assert.equal((await times(x, day, two)).get('08:50'), 1, '08:50 + 09:00 now has one place');
  assert.ok((await hold(x, day, '09:00', one, 'p-2')).ok);
  assert.equal((await times(x, day, one)).has('09:00'), false, 'the last place gone: the time is no longer offered');
  await assertCountersMatchClaims(t.services.db);
});

test('an API attempt on a time an attempt found full moments ago is refused without a read; a release by the same instance forgets it', async () => {
  const day = '2027-01-19';
  const v = visit([[certificate, 1]]);
  const x = instance();
  const y = instance();
  // Booked through y: x has not seen 11:00 fill up.
  const first = await hold(y, day, '11:00', v, 'k-1');
  const second = await hold(y, day, '11:00', v, 'k-2');
  assert.ok(first.ok && second.ok);
  // 12:00 is full too, but one of its holds ran out (nobody has looked at it since).
  assert.ok((await hold(y, day, '12:00', v, 'k-3')).ok);
  const expiring = await hold(y, day, '12:00', v, 'k-4');
  assert.ok(expiring.ok);
  await t.services.db.updateTable('appt_bookings').set({ hold_expires_at: new Date(clock.getTime() - 60_000) }).where('id', '=', expiring.id).execute();

  const { engine: counting, statements } = countingEngine(x.read);
  const viaApi = (time: string, holder: string, idempotencyKey?: string) =>
    counting.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, time), holder, verifiedHuman: false, newHolder: true, ...(idempotencyKey ? { idempotencyKey } : {}) });
  const counted = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const before = statements();
    const result = await run();
    return [result, statements() - before];
  };

  const [looked, reads] = await counted(() => viaApi('11:00', 'k-5'));
  assert.ok(!looked.ok && looked.reason === 'taken');
  assert.equal(reads, 1, 'the first losing attempt reads the counters');
  const [known, none] = await counted(() => viaApi('11:00', 'k-6'));
  assert.ok(!known.ok && known.reason === 'taken');
  assert.equal(none, 0, 'the next one is refused from what the first read');
  assert.deepEqual(known.alternatives?.map((s) => s.time), looked.alternatives?.map((s) => s.time), 'with the same free times');
  const [keyed, oneRead] = await counted(() => viaApi('11:00', 'k-7', 'key-k-7'));
  assert.ok(!keyed.ok && keyed.reason === 'taken' && keyed.keyChecked);
  assert.equal(oneRead, 1, 'with an idempotency key, one read looks for an earlier identical request');

  // y gives a place back: x does not know (at most the time to live) and still refuses without reading.
  assert.ok(await y.engine.expireBooking(tenant.id, second.id, { force: true }));
  const [stale, staleReads] = await counted(() => viaApi('11:00', 'k-8'));
  assert.ok(!stale.ok && stale.reason === 'taken', 'another instance’s release shows after the time to live');
  assert.equal(staleReads, 0);

  // A browser's attempt always reads (its own earlier hold may be what fills the time). Taking 11:00 again gives its
  // earlier hold back through x, which forgets what it read of the Standort.
  const [browser, browserReads] = await counted(() => counting.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '11:00'), holder: 'k-1', verifiedHuman: false }));
  assert.ok(browser.ok && browserReads >= 1);
  const [booked, bookedReads] = await counted(() => viaApi('11:00', 'k-9'));
  assert.ok(booked.ok, 'after a release of its own, x reads again and books the place y gave back');
  assert.ok(bookedReads >= 2, 'read and claimed');

  // What x read of 11:00 says nothing about 12:00, whose expired hold makes room.
  assert.ok((await viaApi('11:00', 'k-10')).ok === false);
  const [freed, freedReads] = await counted(() => viaApi('12:00', 'k-11'));
  assert.ok(freed.ok, 'a time not read itself is looked at, and the expired hold is given back');
  assert.ok(freedReads >= 1);
  await assertCountersMatchClaims(t.services.db);
});

test('what an attempt read is not remembered when this instance gave a place back while the read was under way', async () => {
  const day = '2027-01-20';
  const x = instance();
  const slot = (await x.read.daySlots(office, tenant.bundesland as Bundesland, day)).find((s) => s.startsAt.getTime() === at(day, '09:00').getTime());
  assert.ok(slot);
  const sentAt = performance.now();
  x.read.capacityChanged(tenant.id, office.id);
  x.read.looked(office, day, sentAt, [[slot.startsAt, true]], new Map());
  assert.equal(x.read.knownFull(office, [slot]), null, 'read before the release: not trusted');
  x.read.looked(office, day, performance.now(), [[slot.startsAt, true]], new Map());
  assert.ok(x.read.knownFull(office, [slot]), 'read after it: trusted for the time to live');
  x.read.closuresChanged(office);
  assert.equal(x.read.knownFull(office, [slot]), null, 'a closure change forgets it');
});

test('the claim that takes the last place of a time says so: the next API attempt there is refused without a read', async () => {
  const day = '2027-01-21';
  const v = visit([[certificate, 1]]);
  const x = instance();
  const { engine: counting, statements } = countingEngine(x.read);
  const viaApi = (holder: string) => counting.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '09:30'), holder, verifiedHuman: false, newHolder: true });
  assert.ok((await viaApi('l-1')).ok);
  assert.ok((await viaApi('l-2')).ok, 'the last place');
  const before = statements();
  const late = await viaApi('l-3');
  assert.ok(!late.ok && late.reason === 'taken');
  assert.equal(statements() - before, 0);
  await assertCountersMatchClaims(t.services.db);
});

test('a crowd of API attempts on one time of one instance: exactly its places are won; retries find their earlier request in one batched lookup', async () => {
  const day = '2027-01-22';
  const v = visit([[certificate, 1]]);
  const x = instance();
  await times(x, day, v);
  const { engine: counting, statements } = countingEngine(x.read);
  const before = statements();
  const outcomes = await Promise.all(
    Array.from({ length: 12 }, (_, i) => counting.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '10:30'), holder: `crowd-${i}`, verifiedHuman: false, newHolder: true })),
  );
  const won = outcomes.filter((o) => o.ok).length;
  assert.equal(won, 2, 'the two places of the time');
  assert.ok(outcomes.every((o) => o.ok || o.reason === 'taken'));
  // How many statements the crowd sends depends on timing (an attempt that finds a slot row locked looks again a few
  // milliseconds later): the gate's order is tested in claim-gate.test.ts, and 'the claim that takes the last place…'
  // above shows that an attempt after the filling claim sends none.
  assert.ok(statements() - before >= 4);

  // Retries of a won and of a lost attempt (same Idempotency-Key) on the now full time, at once: one statement asks for both keys.
  const keyed = (holder: string, idempotencyKey: string) => counting.hold(tenant, { location: office, visit: v, variant: 'onsite', startsAt: at(day, '10:40'), holder, verifiedHuman: false, newHolder: true, idempotencyKey });
  const first = await keyed('r-1', 'retry-won');
  assert.ok(first.ok);
  assert.ok((await keyed('r-2', 'retry-other')).ok, 'the last place of 10:40');
  const beforeRetries = statements();
  const [again, lost, blocker] = await Promise.all([keyed('r-1', 'retry-won'), keyed('r-3', 'retry-lost'), keyed('r-4', 'retry-late')]);
  assert.ok(again.ok && again.duplicate && again.id === first.id, 'the retry of the won attempt gets its hold back');
  assert.ok(!lost.ok && lost.reason === 'taken' && lost.keyChecked);
  assert.ok(!blocker.ok && blocker.reason === 'taken');
  assert.ok(statements() - beforeRetries <= 2, `the three keys were looked up in at most two statements (${statements() - beforeRetries})`);
  await assertCountersMatchClaims(t.services.db);
});

test('claims and refusals correct the cached lists, loaded or still loading, without a list being read again', async () => {
  const day = '2027-01-25';
  const v = visit([[certificate, 1]]);
  // The read model's reads of the slot counters (one per list load) are counted, and can be held back before their rows
  // come back: a load "under way".
  let loads = 0;
  let gate: Promise<void> | null = null;
  const counterReads = new Set<unknown>();
  const s = t.services;
  const gatedDb = s.db.withPlugin({
    transformQuery: (args) => {
      if (args.node.kind === 'RawNode' && args.node.sqlFragments.join(' ').includes('from appt_slots s cross join lateral')) counterReads.add(args.queryId);
      return args.node;
    },
    transformResult: async (args) => {
      if (!counterReads.delete(args.queryId)) return args.result;
      loads++;
      if (gate) await gate;
      return args.result;
    },
  });
  const x = instance(gatedDb);
  const y = instance();

  assert.equal((await times(x, day, v)).get('09:00'), 2);
  const afterLoad = loads;
  assert.ok((await hold(x, day, '09:00', v, 'u-1')).ok);
  assert.equal((await times(x, day, v)).get('09:00'), 1, 'a loaded list takes the counters the claim left');
  // y fills 10:00; x still offers it until an attempt of x finds it full.
  assert.ok((await hold(y, day, '10:00', v, 'u-2')).ok && (await hold(y, day, '10:00', v, 'u-3')).ok);
  assert.equal((await times(x, day, v)).get('10:00'), 2);
  const refused = await hold(x, day, '10:00', v, 'u-4');
  assert.ok(!refused.ok && refused.reason === 'taken');
  assert.equal((await times(x, day, v)).has('10:00'), false, 'the time an attempt found full is left out');
  assert.equal(loads, afterLoad, 'no list was read again for the claim or the refusal');

  // A load under way while a claim commits: its rows were read before the claim, and it takes the claim's counters when it is done.
  x.read.capacityChanged(tenant.id, office.id);
  let open!: () => void;
  gate = new Promise((resolve) => {
    open = resolve;
  });
  const pending = times(x, day, v);
  while (loads === afterLoad) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok((await hold(x, day, '11:00', v, 'u-5')).ok);
  gate = null;
  open();
  const loaded = await pending;
  assert.equal(loaded.get('11:00'), 1, 'the claim that committed during the load is in the list');
  assert.equal(loaded.get('09:00'), 1);
  assert.equal(loaded.has('10:00'), false);
  const reloads = loads;
  assert.equal((await times(x, day, v)).get('11:00'), 1, 'and the list is kept');
  assert.equal(loads, reloads);
  await assertCountersMatchClaims(t.services.db);
});
