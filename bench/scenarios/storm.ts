/**
 * Slot-release storm on the public appointment API (issue 8; the logic of
 * the earlier bench/appointments-storm.ts). A weekday of the demo Bürgerbüro
 * of Musterstadt (2 online counters, 10-minute slots: about 50 places) is
 * closed; booking clients watch its free times. At the release the closure
 * is lifted (staff reopen the day) and every booking client tries at once:
 * pick one of the earliest free times, POST, on 409 look again and retry,
 * until booked, sold out or out of attempts. Polling clients keep reading
 * the slots all the while, as the crowd that only looks does.
 *
 * Correctness (checked in the database, not only from the answers): booked
 * equals capacity, no slot counter above its capacity, every counter equal
 * to its live claims, one pending booking per place; no 5xx.
 */
import { writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { createTenantService } from '../../src/core/tenancy/tenants.ts';
import { addDays, berlinDay, isoWeekday } from '../../src/core/time/berlin.ts';
import type { Bundesland } from '../../src/core/time/holidays.ts';
import { availableStarts } from '../../src/modules/appointments/booking/availability.ts';
import { bookingWindow, findLocation, visitOf, type Location } from '../../src/modules/appointments/booking/locations.ts';
import type { Db } from '../../src/core/db/database.ts';
import { header, histogram, percentiles, request, type Percentiles } from '../harness/http.ts';
import { loadAverage } from '../harness/proc.ts';
import { citizenAddress, round, sleep, type ScenarioContext } from './context.ts';

export interface StormOptions {
  clients: number;
  pollers: number;
  /** Watching before the release (ms). */
  waitMs: number;
  /** Poll interval of watchers and pollers, with jitter (ms). */
  pollMs: number;
  /** Each client picks among the N earliest free times. */
  pick: number;
  maxAttempts: number;
}

export interface StormResult {
  options: StormOptions;
  loadBefore: number;
  day: string;
  location: string;
  capacity: number;
  attempts: number;
  booked: number;
  /** 201s beyond capacity plus slot rows over capacity in the database: must be 0. */
  oversold: number;
  database: { claimed: number; capacity: number; over: number; mismatched: number; pending: number };
  clients: { booked: number; soldOutOrGaveUp: number };
  statuses: { watchBeforeRelease: Record<string, number>; slotsDuringStorm: Record<string, number>; bookings: Record<string, number>; pollers: Record<string, number> };
  serverErrors: number;
  /** 503 answers that carried Retry-After (load shedding), counted inside serverErrors too. */
  shed: number;
  clientTimeouts: number;
  latencyMs: { bookings: Percentiles; slotsDuringStorm: Percentiles; pollers: Percentiles };
  storm: { seconds: number; requests: number; requestsPerSecond: number; soldOutAfterSeconds: number | null };
}

interface Sample {
  kind: 'watch' | 'slots' | 'book' | 'poller';
  status: number;
  ms: number;
  at: number;
  retryAfter: boolean;
}

interface Setup {
  location: Location;
  service: string;
  day: string;
  capacity: number;
  release(): Promise<void>;
}

/** The first weekday in the booking window with free online places: closed now, reopened at the release. */
async function prepare(db: Db, tenantSlug = 'musterstadt'): Promise<Setup> {
  const tenants = createTenantService(db);
  const tenant = await tenants.bySlug(tenantSlug);
  if (!tenant) throw new Error('demo tenant missing');
  const location = await findLocation(db, tenant.id, 'buergerbuero');
  const service = location?.services.find((s) => s.slug === 'meldebescheinigung')?.id;
  if (!location || !service) throw new Error('demo Bürgerbüro missing');
  const visit = visitOf(location, [{ serviceId: service, quantity: 1 }]);
  if (!visit.ok) throw new Error('demo service not bookable');
  const now = new Date();
  const window = bookingWindow(location, berlinDay(now));
  // Preferably a day nobody (the volume seed included) has booked yet: the release is of fresh capacity.
  let fallback: { day: string; capacity: number } | null = null;
  let chosen: { day: string; capacity: number } | null = null;
  for (let day = window.first; day <= window.last && !chosen; day = addDays(day, 1)) {
    if (isoWeekday(day) > 5) continue;
    const starts = await availableStarts(db, { location, bundesland: tenant.bundesland as Bundesland, visit: visit.visit, contingent: 'online', from: day, to: day, now });
    const capacity = starts.reduce((sum, s) => sum + s.free, 0);
    if (capacity === 0) continue;
    const booked = await db
      .selectFrom('appt_bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('location_id', '=', location.id)
      .where(sql<boolean>`starts_at >= (${day}::date)::timestamp at time zone 'Europe/Berlin' and starts_at < (${day}::date + 1)::timestamp at time zone 'Europe/Berlin'`)
      .executeTakeFirstOrThrow();
    if (booked.n === 0) chosen = { day, capacity };
    else if (!fallback || capacity > fallback.capacity) fallback = { day, capacity };
  }
  const pick = chosen ?? fallback;
  if (pick) {
    const { day, capacity } = pick;
    await db.insertInto('appt_closures').values({ tenant_id: tenant.id, location_id: location.id, day, reason: 'Termine werden gleich freigeschaltet.' }).execute();
    const release = async () => {
      await db.deleteFrom('appt_closures').where('tenant_id', '=', tenant.id).where('location_id', '=', location.id).where('day', '=', day).execute();
    };
    return { location, service, day, capacity, release };
  }
  throw new Error('no weekday with free online places in the booking window');
}

async function checkDatabase(db: Db, setup: Setup) {
  const row = await sql<{ claimed: number; capacity: number; over: number; mismatched: number; pending: number }>`
    with live as (
      select starts_at, count(*)::int as n from appt_claims
      where location_id = ${setup.location.id} and released_at is null and channel = 'online' group by starts_at)
    select coalesce(sum(s.claimed_online), 0)::int as claimed,
           coalesce(sum(s.capacity_online), 0)::int as capacity,
           count(*) filter (where s.claimed_online > s.capacity_online)::int as over,
           count(*) filter (where s.claimed_online <> coalesce(live.n, 0))::int as mismatched,
           (select count(*)::int from appt_bookings b where b.location_id = ${setup.location.id} and b.status = 'pending'
              and b.starts_at >= (${setup.day}::date)::timestamp at time zone 'Europe/Berlin'
              and b.starts_at < (${setup.day}::date + 1)::timestamp at time zone 'Europe/Berlin') as pending
    from appt_slots s left join live using (starts_at)
    where s.location_id = ${setup.location.id}
      and s.starts_at >= (${setup.day}::date)::timestamp at time zone 'Europe/Berlin'
      and s.starts_at < (${setup.day}::date + 1)::timestamp at time zone 'Europe/Berlin'`.execute(db);
  return row.rows[0] as StormResult['database'];
}

/** Seconds to wait after a 503: the server's Retry-After, capped, with jitter so retries do not arrive in step. */
const backoffMs = (retryAfter: string | undefined): number => Math.min(Number(retryAfter) || 1, 5) * 1000 * (0.5 + Math.random());

export async function runStorm(ctx: ScenarioContext, options: StormOptions): Promise<StormResult> {
  const setup = await prepare(ctx.database.db);
  const base = ctx.app.url;
  const slotsUrl = `${base}/api/v1/appointments/slots?location=${setup.location.slug}&services=${setup.service}&from=${setup.day}&to=${setup.day}`;
  ctx.log(`storm: ${options.clients} booking clients + ${options.pollers} pollers on ${setup.day} (${setup.capacity} places), release after ${options.waitMs} ms`);
  const samples: Sample[] = [];
  let releaseAt = Number.POSITIVE_INFINITY;
  let lastBooked = 0;
  let clientsBooked = 0;
  let clientsDone = 0;
  let stormOver = false;

  const readSlots = async (kind: Sample['kind'], address: string): Promise<{ free: string[]; askedAt: number }> => {
    const askedAt = performance.now();
    const res = await request(slotsUrl, { headers: { 'x-forwarded-for': address, accept: 'application/json' } });
    const at = performance.now();
    const actualKind = kind === 'watch' && askedAt >= releaseAt ? 'slots' : kind;
    samples.push({ kind: actualKind, status: res.status, ms: res.ms, at, retryAfter: header(res, 'retry-after') !== undefined });
    if (res.status !== 200) return { free: [], askedAt };
    return { free: (JSON.parse(res.body) as { slots: { start: string }[] }).slots.map((s) => s.start), askedAt };
  };

  async function bookingClient(i: number): Promise<void> {
    const address = citizenAddress(1, i);
    await sleep(Math.random() * options.pollMs);
    let seen = await readSlots('watch', address);
    while (seen.free.length === 0) {
      // Looked after the release and nothing free: sold out before this client got a look.
      if (seen.askedAt >= releaseAt) return;
      await sleep(options.pollMs * (0.5 + Math.random()));
      seen = await readSlots('watch', address);
    }
    let free = seen.free;
    for (let attempt = 0; attempt < options.maxAttempts && free.length > 0; attempt++) {
      const start = free[Math.floor(Math.random() * Math.min(options.pick, free.length))] as string;
      const body = JSON.stringify({ location: setup.location.slug, services: [{ id: setup.service, count: 1 }], start, name: `Bench Person ${i}`, email: `bench-${i}@example.org`, termsAccepted: true });
      const res = await request(`${base}/api/v1/appointments/bookings`, {
        method: 'POST',
        headers: { 'x-forwarded-for': address, accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': `bench-storm-${i}-${attempt}` },
        body,
      });
      const at = performance.now();
      samples.push({ kind: 'book', status: res.status, ms: res.ms, at, retryAfter: header(res, 'retry-after') !== undefined });
      if (res.status === 201) {
        clientsBooked++;
        lastBooked = Math.max(lastBooked, at);
        return;
      }
      if (res.status === 503) {
        // Shed: come back when the server says, then look again.
        await sleep(backoffMs(header(res, 'retry-after')));
      } else if (res.status !== 409) {
        return;
      }
      free = (await readSlots('slots', address)).free;
    }
  }

  async function poller(i: number): Promise<void> {
    const address = citizenAddress(2, i);
    await sleep(Math.random() * options.pollMs);
    while (!stormOver) {
      await readSlots('poller', address);
      await sleep(options.pollMs * (0.5 + Math.random()));
    }
  }

  const loadBefore = loadAverage();
  const pollers = Promise.all(Array.from({ length: options.pollers }, (_, i) => poller(i)));
  const bookers = Promise.all(
    Array.from({ length: options.clients }, (_, i) =>
      bookingClient(i).finally(() => {
        clientsDone++;
      }),
    ),
  );
  await sleep(options.waitMs);
  await setup.release();
  releaseAt = performance.now();
  await bookers;
  const end = performance.now();
  stormOver = true;
  await pollers;

  // BENCH_STORM_SAMPLES=<file>: every request's kind, status, end and latency (ms since the release), for analysing a run.
  if (process.env.BENCH_STORM_SAMPLES) {
    await writeFile(process.env.BENCH_STORM_SAMPLES, JSON.stringify(samples.map((s) => ({ ...s, at: round(s.at - releaseAt, 1), ms: round(s.ms, 1) }))));
  }
  const database = await checkDatabase(ctx.database.db, setup);
  const of = (kind: Sample['kind']) => samples.filter((s) => s.kind === kind);
  const booked = of('book').filter((s) => s.status === 201).length;
  const duringStorm = samples.filter((s) => s.at >= releaseAt);
  const stormSeconds = (end - releaseAt) / 1000;
  return {
    options,
    loadBefore,
    day: setup.day,
    location: setup.location.slug,
    capacity: setup.capacity,
    attempts: of('book').length,
    booked,
    oversold: Math.max(0, booked - setup.capacity) + database.over,
    database,
    clients: { booked: clientsBooked, soldOutOrGaveUp: clientsDone - clientsBooked },
    statuses: {
      watchBeforeRelease: histogram(of('watch').map((s) => s.status)),
      slotsDuringStorm: histogram(of('slots').map((s) => s.status)),
      bookings: histogram(of('book').map((s) => s.status)),
      pollers: histogram(of('poller').map((s) => s.status)),
    },
    serverErrors: samples.filter((s) => s.status >= 500).length,
    shed: samples.filter((s) => s.status === 503 && s.retryAfter).length,
    clientTimeouts: samples.filter((s) => s.status === -1).length,
    latencyMs: { bookings: percentiles(of('book').map((s) => s.ms)), slotsDuringStorm: percentiles(of('slots').map((s) => s.ms)), pollers: percentiles(of('poller').filter((s) => s.at >= releaseAt).map((s) => s.ms)) },
    storm: {
      seconds: round(stormSeconds, 2),
      requests: duringStorm.length,
      requestsPerSecond: stormSeconds > 0 ? round(duringStorm.length / stormSeconds) : 0,
      soldOutAfterSeconds: lastBooked ? round((lastBooked - releaseAt) / 1000, 2) : null,
    },
  };
}
