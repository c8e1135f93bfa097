/**
 * The slot grid of a Standort, computed from its opening hours: which start
 * times exist on a day, with how many counters (and how many of them for
 * online and phone bookings). Pure functions; the database only keeps
 * counters for slots that were claimed.
 *
 * Opening hours are weekly windows with a validity period. Windows of the
 * same weekday add up (e.g. 08–12 with 2 counters plus 10–12 with 1 more);
 * the gap between two windows is a break. No slot on public holidays of the
 * Bundesland or on the Standort's closures. Wall-clock times are Berlin
 * time; a slot's instant is computed per day, so both DST Sundays are right.
 */
import { publicHolidays, type Bundesland } from '../../../core/time/holidays.ts';
import { addDays, berlinInstant, isoWeekday } from '../../../core/time/berlin.ts';

export interface OpeningRule {
  weekday: number;
  /** 'HH:MM' or 'HH:MM:SS' */
  starts: string;
  ends: string;
  validFrom: string;
  validUntil: string | null;
  counters: number;
  online: number;
  phone: number;
}

export interface ScheduleInput {
  slotMinutes: number;
  rules: readonly OpeningRule[];
  closures: ReadonlySet<string>;
  bundesland: Bundesland;
}

export interface Capacity {
  total: number;
  online: number;
  phone: number;
}

export interface Slot extends Capacity {
  startsAt: Date;
  day: string;
  /** Berlin wall time 'HH:MM'. */
  time: string;
  /** Slots with the same run follow each other without a gap (no break between them). */
  run: number;
}

const minutesOf = (time: string): number => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const timeOf = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const holidayCache = new Map<string, Map<string, string>>();
export function holidayName(day: string, land: Bundesland): string | null {
  const key = `${day.slice(0, 4)}-${land}`;
  let holidays = holidayCache.get(key);
  if (!holidays) {
    holidays = publicHolidays(Number(day.slice(0, 4)), land);
    holidayCache.set(key, holidays);
  }
  return holidays.get(day) ?? null;
}

/**
 * The slot grids computed from a set of opening hours, per grid and day.
 * The grid of a day depends only on the opening hours (cached for seconds
 * as one array), the slot length, the Land's holidays and whether the day
 * is closed; it is asked for on every calendar load and every refused
 * booking attempt (the free alternatives), and computing it — Berlin wall
 * time to instants, slot by slot — was a quarter of the cost of a refused
 * attempt. The arrays and slots are frozen: callers share them.
 */
const grids = new WeakMap<readonly OpeningRule[], Map<string, readonly Slot[]>>();

/** Every slot of one day, in time order. */
export function slotsOfDay(input: ScheduleInput, day: string): readonly Slot[] {
  if (input.closures.has(day)) return [];
  const key = `${input.slotMinutes}:${input.bundesland}:${day}`;
  let byDay = grids.get(input.rules);
  const known = byDay?.get(key);
  if (known) return known;
  const slots = Object.freeze(computeSlotsOfDay(input, day).map((slot) => Object.freeze(slot)));
  if (!byDay) grids.set(input.rules, (byDay = new Map()));
  byDay.set(key, slots);
  return slots;
}

function computeSlotsOfDay(input: ScheduleInput, day: string): Slot[] {
  if (holidayName(day, input.bundesland)) return [];
  const weekday = isoWeekday(day);
  const step = input.slotMinutes;
  const byMinute = new Map<number, Capacity>();
  for (const rule of input.rules) {
    if (rule.weekday !== weekday || day < rule.validFrom || (rule.validUntil !== null && day > rule.validUntil)) continue;
    const from = minutesOf(rule.starts);
    const until = minutesOf(rule.ends);
    // Slots sit on the Standort's grid from midnight, so windows of different rules line up.
    for (let m = Math.ceil(from / step) * step; m + step <= until; m += step) {
      const c = byMinute.get(m) ?? { total: 0, online: 0, phone: 0 };
      byMinute.set(m, { total: c.total + rule.counters, online: c.online + rule.online, phone: c.phone + rule.phone });
    }
  }
  const slots: Slot[] = [];
  let run = 0;
  let previous: Slot | null = null;
  for (const minute of [...byMinute.keys()].sort((a, b) => a - b)) {
    const time = timeOf(minute);
    const startsAt = berlinInstant(day, time);
    if (!startsAt) continue; // the hour skipped when clocks go forward
    if (previous && startsAt.getTime() !== previous.startsAt.getTime() + step * 60_000) run++;
    const slot: Slot = { startsAt, day, time, run, ...(byMinute.get(minute) as Capacity) };
    slots.push(slot);
    previous = slot;
  }
  return slots;
}

/** Slots of the days from `from` to `to` (inclusive). */
export function slotsBetween(input: ScheduleInput, from: string, to: string): Slot[] {
  const out: Slot[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(...slotsOfDay(input, day));
  return out;
}

/** Number of slots a visit needs: the durations of all its services and persons, rounded up to the grid. */
export function slotsNeeded(minutes: number, slotMinutes: number): number {
  return Math.max(1, Math.ceil(minutes / slotMinutes));
}

export type Contingent = 'online' | 'phone' | 'internal';

/** Free places of a slot for a contingent, given what is claimed. */
export function freeIn(capacity: Capacity, claimed: Capacity, contingent: Contingent): number {
  const total = capacity.total - claimed.total;
  if (contingent === 'internal') return Math.max(0, total);
  return Math.max(0, Math.min(total, capacity[contingent] - claimed[contingent]));
}

export interface StartTime {
  startsAt: Date;
  day: string;
  time: string;
  /** How many more visits of this length can start here. */
  free: number;
  /** The k slots the visit would claim. */
  slots: Slot[];
}

/**
 * Start times where a visit of `k` consecutive slots fits: the k slots follow
 * each other without a break and each still has room in the contingent.
 */
export function startTimes(slots: readonly Slot[], k: number, contingent: Contingent, claimedAt: (slot: Slot) => Capacity): StartTime[] {
  const out: StartTime[] = [];
  for (let i = 0; i + k <= slots.length; i++) {
    const first = slots[i] as Slot;
    const window = slots.slice(i, i + k);
    if (window.some((s) => s.run !== first.run || s.day !== first.day)) continue;
    const free = Math.min(...window.map((s) => freeIn(s, claimedAt(s), contingent)));
    if (free > 0) out.push({ startsAt: first.startsAt, day: first.day, time: first.time, free, slots: window });
  }
  return out;
}
