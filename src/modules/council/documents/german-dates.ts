/** Dates and times as council documents print them: German, in Europe/Berlin whatever the server's zone. */
const ZONE = 'Europe/Berlin';

const longDate = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const clock = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "Donnerstag, 10. Dezember 2026" */
export function germanLongDate(instant: Date): string {
  return longDate.format(instant);
}

/** "18:00 Uhr" */
export function germanTime(instant: Date): string {
  return `${clock.format(instant)} Uhr`;
}

/** "10.12.2026" for an instant. */
export function germanShortDate(instant: Date): string {
  return shortDate.format(instant);
}

/** "2026-12-03" → "03.12.2026"; anything else is shown as given. */
export function germanDay(isoDay: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : isoDay;
}
