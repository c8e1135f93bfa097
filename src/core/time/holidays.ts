/**
 * German public holidays (gesetzliche Feiertage) per Bundesland, computed
 * from the Gauss Easter date. Days are ISO dates in the calendar of
 * Europe/Berlin. Sources: the Feiertagsgesetze of the Länder.
 */
export type Bundesland = 'BW' | 'BY' | 'BE' | 'BB' | 'HB' | 'HH' | 'HE' | 'MV' | 'NI' | 'NW' | 'RP' | 'SL' | 'SN' | 'ST' | 'SH' | 'TH';

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const plus = (d: Date, days: number): Date => new Date(d.getTime() + days * 86_400_000);

/** Easter Sunday (Gregorian), anonymous Gregorian algorithm. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

/** Buß- und Bettag: the Wednesday before 23 November. */
function repentanceDay(year: number): Date {
  const nov23 = utc(year, 11, 23);
  const back = ((nov23.getUTCDay() - 3 + 7) % 7) || 7;
  return plus(nov23, -back);
}

/** All public holidays of a year in a Bundesland: ISO date → name. */
export function publicHolidays(year: number, land: Bundesland): Map<string, string> {
  const easter = easterSunday(year);
  const days: [Date, string, Bundesland[] | 'all'][] = [
    [utc(year, 1, 1), 'Neujahr', 'all'],
    [utc(year, 1, 6), 'Heilige Drei Könige', ['BW', 'BY', 'ST']],
    [utc(year, 3, 8), 'Internationaler Frauentag', ['BE', 'MV']],
    [plus(easter, -2), 'Karfreitag', 'all'],
    [plus(easter, 1), 'Ostermontag', 'all'],
    [utc(year, 5, 1), 'Tag der Arbeit', 'all'],
    [plus(easter, 39), 'Christi Himmelfahrt', 'all'],
    [plus(easter, 50), 'Pfingstmontag', 'all'],
    [plus(easter, 60), 'Fronleichnam', ['BW', 'BY', 'HE', 'NW', 'RP', 'SL']],
    [utc(year, 8, 15), 'Mariä Himmelfahrt', ['SL']],
    [utc(year, 9, 20), 'Weltkindertag', ['TH']],
    [utc(year, 10, 3), 'Tag der Deutschen Einheit', 'all'],
    [utc(year, 10, 31), 'Reformationstag', ['BB', 'HB', 'HH', 'MV', 'NI', 'SN', 'ST', 'SH', 'TH']],
    [utc(year, 11, 1), 'Allerheiligen', ['BW', 'BY', 'NW', 'RP', 'SL']],
    [repentanceDay(year), 'Buß- und Bettag', ['SN']],
    [utc(year, 12, 25), '1. Weihnachtstag', 'all'],
    [utc(year, 12, 26), '2. Weihnachtstag', 'all'],
  ];
  const result = new Map<string, string>();
  for (const [date, name, lands] of days) if (lands === 'all' || lands.includes(land)) result.set(iso(date), name);
  return result;
}

export function isPublicHoliday(isoDate: string, land: Bundesland): boolean {
  return publicHolidays(Number(isoDate.slice(0, 4)), land).has(isoDate);
}
