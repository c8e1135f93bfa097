/**
 * Calendar arithmetic in the municipality's time zone. Instants are stored
 * as timestamptz; days and wall-clock times are Europe/Berlin, whatever the
 * server's own TZ is. Days are ISO dates ('2027-03-28'), times 'HH:MM'.
 */
export const ZONE = 'Europe/Berlin';

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Berlin's offset from UTC (ms) per UTC hour: zone changes happen on the hour, and formatToParts is slow for slot lists. */
const offsets = new Map<number, number>();

function offsetMs(instant: Date): number {
  const hour = Math.floor(instant.getTime() / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const p = Object.fromEntries(partsFormat.formatToParts(new Date(hour * 3_600_000)).map((x) => [x.type, Number(x.value)]));
    offset = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second) - hour * 3_600_000;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

function wallParts(instant: Date): { day: string; time: string; seconds: number } {
  const wall = new Date(instant.getTime() + offsetMs(instant));
  const iso = wall.toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16), seconds: wall.getUTCSeconds() };
}

/** The Berlin calendar day of an instant. */
export function berlinDay(instant: Date): string {
  return wallParts(instant).day;
}

/** The Berlin wall-clock time (HH:MM) of an instant. */
export function berlinTime(instant: Date): string {
  return wallParts(instant).time;
}

/** Offset of Berlin from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function berlinOffsetMinutes(instant: Date): number {
  return Math.round(offsetMs(instant) / 60_000);
}

/**
 * The instant at which Berlin clocks show `time` on `day`; null when that
 * wall time does not exist (the hour skipped when clocks go forward). In the
 * repeated hour of the autumn change the earlier instant is returned.
 */
export function berlinInstant(day: string, time: string): Date | null {
  const naive = Date.parse(`${day}T${time}:00Z`);
  if (Number.isNaN(naive)) throw new Error(`invalid day/time ${day} ${time}`);
  for (const offset of [120, 60]) {
    const candidate = new Date(naive - offset * 60_000);
    const wall = wallParts(candidate);
    if (wall.day === day && wall.time === time) return candidate;
  }
  return null;
}

/** `day` plus `n` calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week a day is in. */
export function mondayOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T12:00:00Z`) - Date.parse(`${a}T12:00:00Z`)) / 86_400_000);
}

export const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A valid calendar day in ISO form (rejects 2027-02-30). */
export function isIsoDay(value: unknown): value is string {
  return typeof value === 'string' && ISO_DAY.test(value) && new Date(`${value}T12:00:00Z`).toISOString().slice(0, 10) === value;
}
