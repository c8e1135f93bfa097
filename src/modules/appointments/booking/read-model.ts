/**
 * The read side of Terminbuchung, cached in process (issue 8, slot-release
 * storm): the Standorte with their services and the module's tenant
 * settings (5 s), and per Standort the schedule (opening hours and closures)
 * and the free start times derived from the slot counter rows (1 s).
 *
 * The counter rows (appt_slots, kept in the same statement as every claim
 * and release) are the precomputed availability; this cache only keeps
 * the calendar's many identical reads from reaching PostgreSQL at all. It is
 * never the authority: the booking path's conditional UPDATE decides, so a
 * stale entry can cost a 409, never an oversold place.
 *
 * Freshness: a claim by this process corrects the lists at once, a release,
 * cancellation, closure or setup change drops them; changes made by other
 * instances show after the time to live at most. A booking attempt that
 * finds a time full takes it out of the lists loaded before it looked.
 *
 * Corrected, not dropped (the storm): a claim answers with the slot
 * counters it left, and a list is kept with what it was computed from, so
 * it is computed again with those counts, loaded or still loading (a load
 * under way when a claim commits may or may not have seen it: it takes the
 * higher count). Dropping instead made every claim and every refusal in a
 * release storm send the next reader to PostgreSQL: hundreds of list loads
 * in the first second, queueing for connections with the claims, and
 * calendar reads of a second and more.
 *
 * Booking attempts' reads are remembered too (`looked`, `knownFull`): a time
 * an attempt found full is refused for the time to live without another
 * read, with the free times that read saw. Only times whose counters were
 * read with their claims due for release count (an expired hold makes room);
 * a release by this process forgets them at once, one by another instance
 * shows after the time to live, as with the lists. Under NODE_ENV=test
 * nothing is cached unless a test asks for it (tests change settings and
 * rows directly and expect to see the change).
 */
import type { Db } from '../../../core/db/database.ts';
import type { TenantService } from '../../../core/tenancy/tenants.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { slotsOfDay, type Contingent, type OpeningRule, type ScheduleInput, type Slot, type StartTime } from '../model/schedule.ts';
import { claimedOnDays, startsFrom, type StartsInput as ListInput } from './availability.ts';
import type { ClaimedCounts } from './claims.ts';
import { createReadCache } from './read-cache.ts';
import { closedDays, listLocations, openingRules, type Location, type Visit } from './locations.ts';

export const CONFIG_TTL_MS = 5_000;
export const AVAILABILITY_TTL_MS = 1_000;
/**
 * A list with nothing free (sold out, or closed until a release) is shared
 * only while it loads: that is what citizens poll for at a release, and a
 * cached "nothing free" would hide the release from some of them for longer
 * than from others.
 */
export const NOTHING_FREE_TTL_MS = 0;

/** How long the counters left by claims are kept for lists loaded before them. */
const COUNTS_KEPT_MS = 60_000;

/** What a list of free times was computed from. */
interface ListSource {
  /** When its load began (performance.now() time). */
  startedAt: number;
  schedule: ScheduleInput;
  claimed: ReadonlyMap<number, ClaimedCounts>;
  query: ListInput;
}

export interface StartsQuery {
  location: Location;
  bundesland: Bundesland;
  visit: Pick<Visit, 'slots'>;
  contingent: Contingent;
  from: string;
  to: string;
  now: Date;
  /** When the request came in (performance.now() time; default: now): a list with nothing free is read no earlier. */
  askedAt?: number;
}

export interface ReadModelDeps {
  db: Db;
  tenants: TenantService;
  configTtlMs: number;
  availabilityTtlMs: number;
}

export function createReadModel(deps: ReadModelDeps) {
  const { db, tenants } = deps;
  const config = createReadCache({ ttlMs: deps.configTtlMs });
  const availability = createReadCache({ ttlMs: deps.availabilityTtlMs, maxEntries: 2000 });
  /** When the load of a list of free times began (performance.now() time): only for lists as a load left them. */
  const loadedAt = new WeakMap<StartTime[], number>();
  /** What a list (as loaded or corrected since) was computed from, to compute it again with a claim's counts. */
  const sources = new WeakMap<StartTime[], ListSource>();
  /**
   * What booking attempts read (from when: performance.now() before the
   * statement was sent): per time whether it was full (`<tenant>:<location>:<ms>`),
   * per day the counters of all its times (`<tenant>:<location>:<day>`).
   */
  const seenTimes = new Map<string, { seenAt: number; full: boolean }>();
  const seenDays = new Map<string, { seenAt: number; claimed: ReadonlyMap<number, ClaimedCounts> }>();
  /** Times a booking attempt found full (`<tenant>:<location>:<ms>`), from when it looked: lists loaded before then leave them out. */
  const fullSeen = new Map<string, { seenAt: number }>();
  /**
   * Per Standort (`<tenant>:<location>:`), the counters this process's
   * claims left per time (`seenAt`: when the claim had committed): lists
   * whose load began before then take them.
   */
  const counted = new Map<string, Map<number, { seenAt: number; counts: ClaimedCounts }>>();
  const SEEN_MAX = 5000;
  function remember<V extends { seenAt: number }>(map: Map<string, V>, key: string, value: V): void {
    const known = map.get(key);
    if (known && known.seenAt > value.seenAt) return;
    map.delete(key);
    if (map.size >= SEEN_MAX) map.delete(map.keys().next().value as string);
    map.set(key, value);
  }
  /** When what attempts read was last forgotten, per `<tenant>:` and `<tenant>:<location>:` ('' for all): a read sent earlier and answered later is not remembered. */
  const forgottenAt = new Map<string, number>();
  /** Forgets what attempts read of a tenant (or one Standort of it, or '' everything) before `before`. */
  function forgetSeen(prefix: string, before = performance.now()): void {
    forgottenAt.set(prefix, Math.max(forgottenAt.get(prefix) ?? Number.NEGATIVE_INFINITY, before));
    for (const map of [seenTimes, seenDays, fullSeen] as Map<string, { seenAt: number }>[]) {
      for (const [key, value] of map) if (key.startsWith(prefix) && value.seenAt < before) map.delete(key);
    }
    for (const [key, times] of counted) {
      if (!key.startsWith(prefix)) continue;
      for (const [at, value] of times) if (value.seenAt < before) times.delete(at);
      if (times.size === 0) counted.delete(key);
    }
  }

  /**
   * A list of free times from what it was loaded from, with what this
   * process learnt since the load began: the counters its claims left (the
   * higher count where the load may not have seen the claim) and the times
   * attempts found full.
   */
  function derive(source: ListSource): StartTime[] {
    const prefix = `${source.query.location.tenantId}:${source.query.location.id}:`;
    let claimed = source.claimed;
    let merged: Map<number, ClaimedCounts> | null = null;
    for (const [at, { seenAt, counts }] of counted.get(prefix) ?? []) {
      // A claim that had committed before the load began is in what the load read.
      if (seenAt <= source.startedAt) continue;
      const had = claimed.get(at);
      if (had && had.total >= counts.total && had.online >= counts.online && had.phone >= counts.phone) continue;
      merged ??= new Map(claimed);
      merged.set(at, had ? { total: Math.max(had.total, counts.total), online: Math.max(had.online, counts.online), phone: Math.max(had.phone, counts.phone) } : counts);
    }
    if (merged) claimed = merged;
    const foundFull = (slot: Slot): boolean => (fullSeen.get(`${prefix}${slot.startsAt.getTime()}`)?.seenAt ?? Number.NEGATIVE_INFINITY) > source.startedAt;
    const list = startsFrom(source.schedule, claimed, source.query).filter((s) => !s.slots.some(foundFull));
    sources.set(list, source);
    return list;
  }
  function forgottenSince(tenantId: string, locationId: string): number {
    return Math.max(forgottenAt.get('') ?? Number.NEGATIVE_INFINITY, forgottenAt.get(`${tenantId}:`) ?? Number.NEGATIVE_INFINITY, forgottenAt.get(`${tenantId}:${locationId}:`) ?? Number.NEGATIVE_INFINITY);
  }

  /** The active Standorte of a tenant with their bookable services. */
  function locations(tenantId: string): Promise<Location[]> {
    return config.get(`${tenantId}:locations`, () => listLocations(db, tenantId));
  }

  /** An active Standort by id or slug. */
  async function location(tenantId: string, idOrSlug: string): Promise<Location | null> {
    return (await locations(tenantId)).find((l) => l.id === idOrSlug || l.slug === idOrSlug) ?? null;
  }

  function setting<T>(tenantId: string, key: string): Promise<T> {
    return config.get(`${tenantId}:setting:${key}`, () => tenants.getSetting<T>(tenantId, key));
  }

  // Keys: `<tenant>:grid:<location>:…` (opening hours and closures), `<tenant>:starts:<location>:…` (free times).
  const gridKey = (location: Location): string => `${location.tenantId}:grid:${location.id}:`;
  const startsKey = (tenantId: string, locationId: string): string => `${tenantId}:starts:${locationId}:`;

  /** All opening hours of a Standort (the slot grid applies their validity per day). */
  function rules(location: Location): Promise<OpeningRule[]> {
    return config.get(`${location.tenantId}:rules:${location.id}`, () => openingRules(db, location));
  }

  /** Opening hours (cached as settings are) and closures of a Standort for some days (for the slot grid). */
  function schedule(location: Location, bundesland: Bundesland, from: string, to: string): Promise<ScheduleInput> {
    return availability.get(`${gridKey(location)}schedule:${location.slotMinutes}:${bundesland}:${from}:${to}`, async () => {
      const [open, closures] = await Promise.all([rules(location), closedDays(db, location, from, to)]);
      return { slotMinutes: location.slotMinutes, bundesland, rules: open, closures };
    });
  }

  /** The slot grid of one day (the booking path looks up the slots of a visit in it). */
  function daySlots(location: Location, bundesland: Bundesland, day: string): Promise<readonly Slot[]> {
    return availability.get(`${gridKey(location)}day:${location.slotMinutes}:${bundesland}:${day}`, async () => slotsOfDay(await schedule(location, bundesland, day, day), day));
  }

  /** Free start times for a visit of `visit.slots` slots (see availableStarts); never one in the past. */
  async function starts(q: StartsQuery): Promise<StartTime[]> {
    if (q.to < q.from) return [];
    const key = `${startsKey(q.location.tenantId, q.location.id)}${q.location.slotMinutes}:${q.bundesland}:${q.from}:${q.to}:${q.visit.slots}:${q.contingent}`;
    const asked = q.askedAt ?? performance.now();
    // Closures and counters are read afresh (in parallel: one wait for the pool) whenever the list is.
    const load = async () => {
      const started = performance.now();
      const [open, closures, claimed] = await Promise.all([rules(q.location), closedDays(db, q.location, q.from, q.to), claimedOnDays(db, q.location, q.from, q.to, q.now)]);
      const query: ListInput = { location: q.location, visit: q.visit, contingent: q.contingent, from: q.from, to: q.to, now: q.now };
      const list = derive({ startedAt: started, schedule: { slotMinutes: q.location.slotMinutes, bundesland: q.bundesland, rules: open, closures }, claimed, query });
      loadedAt.set(list, started);
      return list;
    };
    const ttlOf = (list: StartTime[]) => (list.length ? Number.POSITIVE_INFINITY : NOTHING_FREE_TTL_MS);
    let all = await availability.get(key, load, ttlOf);
    // "Nothing free" only from a read that began after this request came in (shared with those that came in before it began):
    // a poller who asks after a release sees it.
    if (all.length === 0 && (loadedAt.get(all) ?? 0) < asked) all = await availability.get(key, load, ttlOf, asked);
    const now = q.now.getTime();
    return all[0] && all[0].startsAt.getTime() <= now ? all.filter((s) => s.startsAt.getTime() > now) : all;
  }

  return {
    /** Whether anything is cached (not under NODE_ENV=test). */
    cached: deps.availabilityTtlMs > 0,
    locations,
    location,
    setting,
    schedule,
    daySlots,
    starts,
    /**
     * Free places of a Standort (or of every Standort of the tenant) changed:
     * a claim or a release. Its free times are read again; the slot grid
     * stays. `before` (performance.now() time): only entries loaded before
     * it are dropped.
     */
    capacityChanged(tenantId: string, locationId?: string, before?: number): void {
      availability.invalidate(locationId ? startsKey(tenantId, locationId) : `${tenantId}:starts:`, before);
      forgetSeen(locationId ? `${tenantId}:${locationId}:` : `${tenantId}:`, before);
    },
    /**
     * A booking attempt read the counters of `day` (sent at `seenAt`,
     * performance.now() time): `times` are the times it read with their
     * claims due for release (or a claim filled), and whether each was full;
     * `claimed` is what is claimed on every time of the day (for the free
     * times of a 409), when the read had it.
     */
    looked(location: Pick<Location, 'tenantId' | 'id'>, day: string, seenAt: number, times: ReadonlyArray<readonly [Date, boolean]>, claimed?: ReadonlyMap<number, ClaimedCounts>): void {
      if (deps.availabilityTtlMs <= 0 || seenAt < forgottenSince(location.tenantId, location.id)) return;
      for (const [startsAt, full] of times) remember(seenTimes, `${location.tenantId}:${location.id}:${startsAt.getTime()}`, { seenAt, full });
      if (claimed) remember(seenDays, `${location.tenantId}:${location.id}:${day}`, { seenAt, claimed });
    },
    /**
     * Whether an attempt read one of `slots` full within the time to live
     * (and nothing this process did since made room): then with when, and
     * the day's claims from a read as recent, if there is one.
     */
    knownFull(location: Location, slots: readonly Slot[]): { seenAt: number; claimed: ReadonlyMap<number, ClaimedCounts> | null } | null {
      if (deps.availabilityTtlMs <= 0 || slots.length === 0) return null;
      const now = performance.now();
      const fresh = (seen: { seenAt: number } | undefined): boolean => seen !== undefined && now - seen.seenAt < deps.availabilityTtlMs;
      for (const slot of slots) {
        const seen = seenTimes.get(`${location.tenantId}:${location.id}:${slot.startsAt.getTime()}`);
        if (!seen?.full || !fresh(seen)) continue;
        const day = seenDays.get(`${location.tenantId}:${location.id}:${slot.day}`);
        return { seenAt: seen.seenAt, claimed: day && fresh(day) ? day.claimed : null };
      }
      return null;
    },
    /**
     * This process claimed places with a statement sent at `sentAt` that had
     * committed by `doneAt` (performance.now() times), leaving the slot
     * counters `counts`. Every list of the Standort that began loading
     * before `doneAt` takes them: a loaded one at once, one still loading
     * when it is done. Lists whose load began after it have the claim
     * already. If this process gave places back while the claim was under
     * way, its counts may be older than that release: lists that may lack
     * the claim are dropped instead.
     */
    claimed(location: Pick<Location, 'tenantId' | 'id'>, sentAt: number, doneAt: number, counts: ReadonlyArray<{ startsAt: Date; counts: ClaimedCounts }>): void {
      if (deps.availabilityTtlMs <= 0) return;
      const prefix = `${location.tenantId}:${location.id}:`;
      if (sentAt < forgottenSince(location.tenantId, location.id)) {
        availability.invalidate(startsKey(location.tenantId, location.id), doneAt);
        return;
      }
      let times = counted.get(prefix);
      if (!times) counted.set(prefix, (times = new Map()));
      for (const c of counts) {
        const at = c.startsAt.getTime();
        if ((times.get(at)?.seenAt ?? Number.NEGATIVE_INFINITY) < doneAt) times.set(at, { seenAt: doneAt, counts: c.counts });
      }
      // Kept while a list loaded before them may still be around (its time to live, or a slow load): a minute.
      for (const [at, value] of times) if (doneAt - value.seenAt > COUNTS_KEPT_MS) times.delete(at);
      availability.revise(startsKey(location.tenantId, location.id), (entry) => {
        if (entry.startedAt >= doneAt || entry.loadedAt === undefined) return 'keep';
        const source = sources.get(entry.value as StartTime[]);
        return source ? { value: derive(source) } : 'drop';
      });
    },
    /** A closure of a Standort was added or lifted: its slot grid and free times are read again. */
    closuresChanged(location: Location): void {
      availability.invalidate(gridKey(location));
      availability.invalidate(startsKey(location.tenantId, location.id));
      forgetSeen(`${location.tenantId}:${location.id}:`);
    },
    /**
     * A booking attempt found the time starting at `startsAt` full when it
     * looked (`lookedAt`, performance.now() time), perhaps filled by another
     * instance: lists loaded before then leave it out (a loaded one at once,
     * one still loading when it is done).
     */
    sawFull(location: Pick<Location, 'tenantId' | 'id'>, startsAt: Date, lookedAt: number): void {
      if (deps.availabilityTtlMs <= 0 || lookedAt < forgottenSince(location.tenantId, location.id)) return;
      const at = startsAt.getTime();
      remember(fullSeen, `${location.tenantId}:${location.id}:${at}`, { seenAt: lookedAt });
      const offers = (s: StartTime): boolean => s.slots.some((slot) => slot.startsAt.getTime() === at);
      availability.revise(startsKey(location.tenantId, location.id), (entry) => {
        if (entry.startedAt >= lookedAt || entry.loadedAt === undefined || !(entry.value as StartTime[]).some(offers)) return 'keep';
        const source = sources.get(entry.value as StartTime[]);
        if (!source) return 'drop';
        const list = (entry.value as StartTime[]).filter((s) => !offers(s));
        sources.set(list, source);
        return { value: list };
      });
    },
    /** Free places of every Standort of every tenant (the release job's sweep). */
    allCapacityChanged(): void {
      availability.invalidate((key) => key.includes(':starts:'));
      forgetSeen('');
    },
    /** Standorte, services, opening hours, closures or settings of a tenant changed. */
    configChanged(tenantId: string): void {
      config.invalidate(`${tenantId}:`);
      availability.invalidate(`${tenantId}:`);
      forgetSeen(`${tenantId}:`);
    },
  };
}

export type AppointmentReadModel = ReturnType<typeof createReadModel>;
