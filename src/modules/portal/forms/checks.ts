/** Pure checks and normalisations of single values (IBAN, Postleitzahl, dates …). */
import { dateTimeFormat } from '../../../core/i18n/intl-formats.ts';

/** Removes whitespace and dashes, upper case: "de89 3704-0044…" → "DE893704…". */
export function normaliseIban(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

/** ISO 13616 check: rearrange, letters to numbers (A=10 … Z=35), remainder mod 97 must be 1. */
export function ibanChecksumValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export type IbanProblem = 'format' | 'checksum';

/** German IBANs only: DE, two check digits, 18 digits of BLZ and account number. */
export function checkGermanIban(raw: string): { iban: string; problem?: IbanProblem } {
  const iban = normaliseIban(raw);
  if (!/^DE\d{20}$/.test(iban)) return { iban, problem: 'format' };
  if (!ibanChecksumValid(iban)) return { iban, problem: 'checksum' };
  return { iban };
}

/** Groups of four, as printed on bank cards: "DE89 3704 0044 0532 0130 00". */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** For places a citizen's full IBAN should not appear (mails): "DE•• •••• … 3000". */
export function maskIban(iban: string): string {
  if (iban.length < 8) return iban;
  return formatIban(iban.slice(0, 2) + '•'.repeat(iban.length - 6) + iban.slice(-4));
}

/**
 * Leitregionen (first two digits) that the Deutsche Post has never assigned;
 * 00 does not exist either. Not a full directory, but it catches typos like
 * 05123 or 43210 without a data file to maintain.
 */
const UNASSIGNED_PLZ_REGIONS = new Set(['00', '05', '43', '62']);

export type PlzProblem = 'format' | 'unknown';

export function checkPlz(raw: string): { plz: string; problem?: PlzProblem } {
  const plz = raw.replace(/\s+/g, '');
  if (!/^\d{5}$/.test(plz)) return { plz, problem: 'format' };
  if (UNASSIGNED_PLZ_REGIONS.has(plz.slice(0, 2))) return { plz, problem: 'unknown' };
  return { plz };
}

/** 12, 12a, 12 a, 12-14, 12–14, 3/1, 7 b-c: starts with a number, short. */
export function houseNumberValid(value: string): boolean {
  return /^\d{1,5}\s?[a-zA-Z]?(\s?[-–/]\s?(\d{1,5}\s?)?[a-zA-Z]?)?$/.test(value);
}

export function emailValid(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/.test(value);
}

/** National or international numbers with the usual separators, 6 to 20 digits. */
export function phoneValid(value: string): boolean {
  if (!/^\+?[0-9 ()/-]{4,30}$/.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 20;
}

// ---------------------------------------------------------------- dates

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

function isoOf(year: number, month: number, day: number): IsoDate | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads what a date input sends (`2026-03-27`) and, for browsers without a
 * date picker, what people type (`27.3.2026`, `27.03.26` is not accepted:
 * two-digit years are ambiguous for birth dates).
 */
export function parseDate(raw: string): IsoDate | null {
  const value = raw.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const german = /^(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})$/.exec(value);
  if (german) return isoOf(Number(german[3]), Number(german[2]), Number(german[1]));
  return null;
}

/** Today's date in the municipality's time zone. */
export function todayInBerlin(now: Date = new Date()): IsoDate {
  return dateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same calendar day `years` earlier (29 February → 28 February). */
export function minusYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return isoOf(y - years, m, d) ?? isoOf(y - years, m, d - 1) ?? date;
}

export function isWeekday(date: IsoDate): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day >= 1 && day <= 5;
}

/** dd.mm.yyyy */
export function formatDateGerman(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}
