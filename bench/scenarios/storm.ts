/**
 * Slot-release storm on the public appointment API (issue 8; the logic of
 * the earlier bench/appointments-storm.ts). A weekday of the demo Bürgerbüro
 * of Musterstadt (2 online counters, 10-minute slots: about 50 places) is
 * closed; booking clients watch its free times. At the release the closure
 * is lifted (staff reopen the day) and every booking client tries at once:
 * pick one of the earliest free times, POST, on 409 take a moment (a person
 * reading "taken" and choosing again: `thinkMs`), look again and retry,
 * until booked, sold out or out of attempts. Polling clients keep reading
 * the slots all the while, as the crowd that only looks does.
 *
 * Connections: every client (a browser) has its own keep-alive connection,
 * opened with its first look and kept while it polls, as browsers do (and as
 * a reverse proxy in front of the app keeps its upstream connections). The
 * harness's shared agent used to hand connections from one client to the
 * next and close all but 256 idle ones, so the release opened some 700 new
 * connections at once; on the saturated app their first requests waited
 * about 0.7 s to be accepted (requests on open connections: 0.05 s) and
 * made the booking p99.
 *
 * Correctness (checked in the database, not only from the answers): booked
 * equals capacity, no slot counter above its capacity, every counter equal
 * to its live claims, one pending booking per place; no 5xx.
 *
 * Warm-up (`warmUp`): before the watching begins, a smaller crowd books
 * another weekday the same way (read, book, on 409 think and look again), so the
 * storm meets the booking path as a server that has been taking bookings
 * all day has it: optimised by V8. The harness starts the app fresh, and
 * the storm is the first time its booking code runs at all: storms of the
 * same code alone gave p99 1.3–1.6 s cold, against 0.35–0.8 s after the read
 * path had warmed the shared code. Its answers are shown, not counted
 * against the latency target; a 5xx in it counts like one in the storm.
 */
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
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
  /**
   * After a 409 a citizen reads the message and picks another time: this
   * long (ms, with jitter) before looking again. 0 or absent (results from
   * before it was added) = at once, as a script would.
   */
  thinkMs?: number;
  /** A crowd of this many booking clients on another weekday first (not counted against the latency target). */
  warmUp?: { clients: number };
}

/** The warm-up round: what its clients got (results from before it was added have none). */
export interface StormWarmUp {
  day: string;
  capacity: number;
  attempts: number;
  booked: number;
  statuses: { slots: Record<string, number>; bookings: Record<string, number> };
  /** 5xx answers (counted with the storm's), and those of them that were load shedding (503 + Retry-After). */
  serverErrors: number;
  shed: number;
  clientTimeouts: number;
  seconds: number;
  latencyMs: { bookings: Percentiles };
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
  warmUp?: StormWarmUp;
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

interface Day {
  day: string;
  capacity: number;
  booked: number;
}

/**
 * The weekday to release: the first in the booking window with free online
 * places that nobody (the volume seed included) has booked yet, so the
 * release is of fresh capacity (else the one with the most free places). It
 * is closed now and reopened at the release. With `warmUpDay`, also another
 * weekday with free places for the warm-up round.
 */
async function prepare(db: Db, warmUpDay: boolean, tenantSlug = 'musterstadt'): Promise<Setup & { warmUp: Day | null }> {
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
  const days: Day[] = [];
  for (let day = window.first; day <= window.last; day = addDays(day, 1)) {
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
    days.push({ day, capacity, booked: Number(booked.n) });
    const fresh = days.filter((d) => d.booked === 0);
    if (fresh.length >= (warmUpDay ? 2 : 1)) break;
  }
  const byFree = [...days].sort((a, b) => b.capacity - a.capacity);
  const pick = days.find((d) => d.booked === 0) ?? byFree[0];
  if (!pick) throw new Error('no weekday with free online places in the booking window');
  const warmUp = warmUpDay ? (days.find((d) => d.booked === 0 && d !== pick) ?? byFree.find((d) => d !== pick) ?? null) : null;
  if (warmUpDay && !warmUp) throw new Error('no second weekday with free online places for the warm-up');
  const { day, capacity } = pick;
  await db.insertInto('appt_closures').values({ tenant_id: tenant.id, location_id: location.id, day, reason: 'Termine werden gleich freigeschaltet.' }).execute();
  const release = async () => {
    await db.deleteFrom('appt_closures').where('tenant_id', '=', tenant.id).where('location_id', '=', location.id).where('day', '=', day).execute();
  };
  return { location, service, day, capacity, release, warmUp };
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
  const setup = await prepare(ctx.database.db, options.warmUp !== undefined);
  const base = ctx.app.url;
  const slotsUrlOf = (day: string) => `${base}/api/v1/appointments/slots?location=${setup.location.slug}&services=${setup.service}&from=${day}&to=${day}`;
  const slotsUrl = slotsUrlOf(setup.day);
  const samples: Sample[] = [];
  let releaseAt = Number.POSITIVE_INFINITY;
  let lastBooked = 0;
  let clientsBooked = 0;
  let clientsDone = 0;
  let stormOver = false;

  // One keep-alive connection per client (see the header), closed at the end.
  const agents: http.Agent[] = [];
  const connection = (): http.Agent => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };

  const readSlots = async (url: string, sink: Sample[], kind: Sample['kind'], who: { address: string; agent: http.Agent }): Promise<{ free: string[]; askedAt: number }> => {
    const askedAt = performance.now();
    const res = await request(url, { headers: { 'x-forwarded-for': who.address, accept: 'application/json' }, agent: who.agent });
    const at = performance.now();
    const actualKind = kind === 'watch' && askedAt >= releaseAt ? 'slots' : kind;
    sink.push({ kind: actualKind, status: res.status, ms: res.ms, at, retryAfter: header(res, 'retry-after') !== undefined });
    if (res.status !== 200) return { free: [], askedAt };
    return { free: (JSON.parse(res.body) as { slots: { start: string }[] }).slots.map((s) => s.start), askedAt };
  };

  /** Picks one of the earliest free times and posts a booking; on 409 looks again and retries. True when booked. */
  async function book(url: string, sink: Sample[], who: { address: string; agent: http.Agent; name: string; key: string }, free: string[]): Promise<boolean> {
    for (let attempt = 0; attempt < options.maxAttempts && free.length > 0; attempt++) {
      const start = free[Math.floor(Math.random() * Math.min(options.pick, free.length))] as string;
      const body = JSON.stringify({ location: setup.location.slug, services: [{ id: setup.service, count: 1 }], start, name: `Bench Person ${who.name}`, email: `bench-${who.name}@example.org`, termsAccepted: true });
      const res = await request(`${base}/api/v1/appointments/bookings`, {
        method: 'POST',
        headers: { 'x-forwarded-for': who.address, accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': `${who.key}-${attempt}` },
        body,
        agent: who.agent,
      });
      const at = performance.now();
      sink.push({ kind: 'book', status: res.status, ms: res.ms, at, retryAfter: header(res, 'retry-after') !== undefined });
      if (res.status === 201) {
        if (sink === samples) lastBooked = Math.max(lastBooked, at);
        return true;
      }
      if (res.status === 503) {
        // Shed: come back when the server says, then look again.
        await sleep(backoffMs(header(res, 'retry-after')));
      } else if (res.status !== 409) {
        return false;
      } else {
        await sleep((options.thinkMs ?? 0) * (0.5 + Math.random()));
      }
      free = (await readSlots(url, sink, 'slots', who)).free;
    }
    return false;
  }

  let warmUp: StormWarmUp | undefined;
  if (options.warmUp && setup.warmUp) {
    const { day, capacity } = setup.warmUp;
    ctx.log(`storm warm-up: ${options.warmUp.clients} booking clients on ${day} (${capacity} places)`);
    const url = slotsUrlOf(day);
    const warm: Sample[] = [];
    const began = performance.now();
    const booked = await Promise.all(
      Array.from({ length: options.warmUp.clients }, async (_, i) => {
        const who = { address: citizenAddress(3, i), agent: connection(), name: `warm-${i}`, key: `bench-storm-warm-${i}` };
        await sleep(Math.random() * options.pollMs);
        const { free } = await readSlots(url, warm, 'slots', who);
        return book(url, warm, who, free);
      }),
    );
    // The warm-up's connections are not kept into the storm.
    for (const agent of agents.splice(0)) agent.destroy();
    const bookings = warm.filter((x) => x.kind === 'book');
    warmUp = {
      day,
      capacity,
      attempts: bookings.length,
      booked: booked.filter(Boolean).length,
      statuses: { slots: histogram(warm.filter((x) => x.kind === 'slots').map((x) => x.status)), bookings: histogram(bookings.map((x) => x.status)) },
      serverErrors: warm.filter((x) => x.status >= 500).length,
      shed: warm.filter((x) => x.status === 503 && x.retryAfter).length,
      clientTimeouts: warm.filter((x) => x.status === -1).length,
      seconds: round((performance.now() - began) / 1000, 2),
      latencyMs: { bookings: percentiles(bookings.map((x) => x.ms)) },
    };
  }

  ctx.log(`storm: ${options.clients} booking clients + ${options.pollers} pollers on ${setup.day} (${setup.capacity} places), release after ${options.waitMs} ms`);
  async function bookingClient(i: number): Promise<void> {
    const who = { address: citizenAddress(1, i), agent: connection(), name: String(i), key: `bench-storm-${i}` };
    await sleep(Math.random() * options.pollMs);
    let seen = await readSlots(slotsUrl, samples, 'watch', who);
    while (seen.free.length === 0) {
      // Looked after the release and nothing free: sold out before this client got a look.
      if (seen.askedAt >= releaseAt) return;
      await sleep(options.pollMs * (0.5 + Math.random()));
      seen = await readSlots(slotsUrl, samples, 'watch', who);
    }
    if (await book(slotsUrl, samples, who, seen.free)) clientsBooked++;
  }

  async function poller(i: number): Promise<void> {
    const who = { address: citizenAddress(2, i), agent: connection() };
    await sleep(Math.random() * options.pollMs);
    while (!stormOver) {
      await readSlots(slotsUrl, samples, 'poller', who);
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
  for (const agent of agents) agent.destroy();

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
    ...(warmUp ? { warmUp } : {}),
  };
}
