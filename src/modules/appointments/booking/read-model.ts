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
 * Freshness: every capacity change this process makes (claim, release,
 * cancellation, closure, setup change) drops the affected entries at once;
 * changes made by other instances show after the time to live at most. A
 * booking attempt that finds a time full drops entries loaded before it
 * looked, so the next calendar read shows the time as gone.
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
import { claimedOnDays, startsFrom } from './availability.ts';
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
  /** When the load of a list of free times began (performance.now() time). */
  const loadedAt = new WeakMap<StartTime[], number>();
  /**
   * What booking attempts read (from when: performance.now() before the
   * statement was sent): per time whether it was full (`<tenant>:<location>:<ms>`),
   * per day the counters of all its times (`<tenant>:<location>:<day>`).
   */
  const seenTimes = new Map<string, { seenAt: number; full: boolean }>();
  const seenDays = new Map<string, { seenAt: number; claimed: ReadonlyMap<number, ClaimedCounts> }>();
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
    for (const map of [seenTimes, seenDays] as Map<string, { seenAt: number }>[]) {
      for (const [key, value] of map) if (key.startsWith(prefix) && value.seenAt < before) map.delete(key);
    }
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
  function daySlots(location: Location, bundesland: Bundesland, day: string): Promise<Slot[]> {
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
      const list = startsFrom({ slotMinutes: q.location.slotMinutes, bundesland: q.bundesland, rules: open, closures }, claimed, q);
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
     * This process claimed one online place on each of `slots` with a
     * statement sent at `sentAt` that had committed by `doneAt`
     * (performance.now() times). Lists of free times for one-slot visits
     * loaded before it was sent are corrected in place (one place less on
     * those times: exact, as online claims take one place of the total and
     * of the online contingent alike), so a claim in a storm does not send
     * every reader back to the database; lists loaded after it committed
     * have it already; the others are read again.
     */
    claimed(location: Location, slots: readonly Slot[], sentAt: number, doneAt: number): void {
      const times = new Set(slots.map((s) => s.startsAt.getTime()));
      availability.revise(startsKey(location.tenantId, location.id), (entry, key) => {
        if (entry.startedAt >= doneAt) return 'keep';
        if (entry.loadedAt === undefined || entry.loadedAt >= sentAt || !key.endsWith(':online')) return 'drop';
        const list = entry.value as StartTime[];
        if (list.length === 0 || list.some((s) => s.slots.length !== 1)) return 'drop';
        const patched = list.flatMap((s) => (!times.has(s.startsAt.getTime()) ? [s] : s.free > 1 ? [{ ...s, free: s.free - 1 }] : []));
        return { value: patched };
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
     * looked (`lookedAt`, performance.now() time): lists of free times loaded
     * before then that still offer it are dropped (another instance took it).
     */
    sawFull(location: Location, startsAt: Date, lookedAt: number): void {
      const at = startsAt.getTime();
      availability.invalidate(startsKey(location.tenantId, location.id), lookedAt, (value) => (value as StartTime[]).some((s) => s.startsAt.getTime() === at));
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
