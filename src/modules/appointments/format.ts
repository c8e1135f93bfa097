/** How appointment times read for people: always Berlin time, German or English. */
import type { Locale } from '../../core/i18n/i18n.ts';
import { ZONE } from '../../core/time/berlin.ts';
import { dateTimeFormat } from '../../core/i18n/intl-formats.ts';

const tag = (locale: Locale): string => (locale === 'de' ? 'de-DE' : 'en-GB');

/** "Dienstag, 12. Januar 2027, 09:30 Uhr" / "Tuesday, 12 January 2027, 09:30". */
export function formatWhen(instant: Date, locale: Locale): string {
  const day = formatDayLong(instant, locale);
  const time = formatClock(instant, locale);
  return locale === 'de' ? `${day}, ${time} Uhr` : `${day}, ${time}`;
}

/** "09:30" */
export function formatClock(instant: Date, locale: Locale): string {
  return dateTimeFormat(tag(locale), { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** "Dienstag, 12. Januar 2027" */
export function formatDayLong(instant: Date, locale: Locale): string {
  return dateTimeFormat(tag(locale), { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}

/** A calendar day (ISO) as "Dienstag, 12. Januar 2027". */
export function formatIsoDay(day: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const noonUtc = new Date(`${day}T12:00:00Z`);
  return dateTimeFormat(tag(locale), style === 'long' ? { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } : { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(noonUtc);
}

/** "Januar 2027" */
export function formatMonth(day: string, locale: Locale): string {
  return dateTimeFormat(tag(locale), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
}
