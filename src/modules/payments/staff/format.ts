/**
 * Money and days for the back office. Amounts are integer cents from the
 * database to the screen or file; they are never added up as floating-point
 * euros. Days are calendar days in Berlin.
 */
export { formatEuro, parseEuro } from '../../../core/i18n/money.ts';

/** Cents as a finance system imports them: "-12,50", no thousands separator, always two decimals. */
export function csvAmount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not whole cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.trunc(absolute / 100)},${String(absolute % 100).padStart(2, '0')}`;
}

const berlinDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const berlinTimeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** The Berlin calendar day of an instant, as YYYY-MM-DD. */
export function berlinDay(instant: Date): string {
  return berlinDayFormat.format(instant);
}

/** The Berlin wall-clock time of an instant, as HH:MM:SS. */
export function berlinTime(instant: Date): string {
  return berlinTimeFormat.format(instant);
}

/** YYYY-MM-DD → DD.MM.YYYY, the way German forms and spreadsheets write a date. */
export function germanDate(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}.${month}.${year}`;
}

/** A real calendar date as YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(isoDay: string): string {
  const date = new Date(`${isoDay}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
