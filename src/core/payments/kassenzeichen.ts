/**
 * Kassenzeichen: the municipal cash office's payment reference that citizens
 * write into the Verwendungszweck of a bank transfer. Shape, per tenant:
 *
 *   <prefix>.<year>.<sequence>.<check>   e.g. 51.2026.000123.6
 *
 * - prefix: the tenant's digits (often the Kasse or Haushaltsstelle), may
 *   itself be grouped with dots ("5.100");
 * - year: four digits, 2000–2099;
 * - sequence: zero-padded to a fixed width (default 6);
 * - check: one Damm check digit over all preceding digits.
 *
 * Why Damm: it is a single decimal digit (mod 11 needs an eleventh symbol "X"
 * or has to skip every eleventh number) and it detects every single-digit
 * error and every swap of two adjacent digits, check digit included (Luhn
 * misses 09↔90). Bank apps and citizens mangle the number — spaces instead of
 * dots, no separators, a line break in the middle — so matching works on
 * digits only and the fixed length, prefix, year range and check digit keep
 * IBANs, dates and amounts from passing as a Kassenzeichen.
 */

export interface KassenzeichenScheme {
  /** Digits, optionally grouped with dots for display: "51", "5.100". At most 8 digits. */
  prefix: string;
  /** Width of the zero-padded sequence part, 4–9; default 6. */
  sequenceDigits?: number;
}

export interface ParsedKassenzeichen {
  /** Canonical display form, e.g. "51.2026.000123.6". */
  kassenzeichen: string;
  year: number;
  sequence: number;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2099;
const DEFAULT_SEQUENCE_DIGITS = 6;

/** Damm's weakly totally anti-symmetric quasigroup of order 10 (Damm 2004). */
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

/** The Damm interim digit after `digits`; a number with its check digit appended yields 0. */
function dammInterim(digits: string): number {
  let interim = 0;
  for (const char of digits) interim = DAMM[interim]![char.charCodeAt(0) - 48]!;
  return interim;
}

/** The Damm check digit for a string of decimal digits. */
export function dammCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError('Damm check digit needs decimal digits');
  return dammInterim(digits);
}

interface Layout {
  prefixDigits: string;
  prefixDisplay: string;
  sequenceDigits: number;
  length: number;
}

function layoutOf(scheme: KassenzeichenScheme): Layout {
  const sequenceDigits = scheme.sequenceDigits ?? DEFAULT_SEQUENCE_DIGITS;
  if (!/^\d+(?:\.\d+)*$/.test(scheme.prefix)) throw new RangeError(`Kassenzeichen prefix must be digits grouped by dots: "${scheme.prefix}"`);
  const prefixDigits = scheme.prefix.replaceAll('.', '');
  if (prefixDigits.length > 8) throw new RangeError('Kassenzeichen prefix has more than 8 digits');
  if (!Number.isInteger(sequenceDigits) || sequenceDigits < 4 || sequenceDigits > 9) throw new RangeError('sequenceDigits must be an integer from 4 to 9');
  return { prefixDigits, prefixDisplay: scheme.prefix, sequenceDigits, length: prefixDigits.length + 4 + sequenceDigits + 1 };
}

/** Builds the Kassenzeichen for a sequence number of a year, e.g. (51, 2026, 123) → "51.2026.000123.6". */
export function formatKassenzeichen(scheme: KassenzeichenScheme, year: number, sequence: number): string {
  const layout = layoutOf(scheme);
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`Kassenzeichen year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence >= 10 ** layout.sequenceDigits) {
    throw new RangeError(`Kassenzeichen sequence out of range: ${sequence}`);
  }
  const sequenceText = String(sequence).padStart(layout.sequenceDigits, '0');
  const check = dammInterim(`${layout.prefixDigits}${year}${sequenceText}`);
  return `${layout.prefixDisplay}.${year}.${sequenceText}.${check}`;
}

/** Strips what people put between the digits: whitespace, dots, dashes. */
export function normalizeKassenzeichen(value: string): string {
  return value.replace(/[\s.\-\u2010-\u2015]+/g, '');
}

function parseDigits(layout: Layout, digits: string): ParsedKassenzeichen | null {
  if (digits.length !== layout.length || !/^\d+$/.test(digits)) return null;
  if (!digits.startsWith(layout.prefixDigits)) return null;
  const yearStart = layout.prefixDigits.length;
  const year = Number(digits.slice(yearStart, yearStart + 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (dammInterim(digits) !== 0) return null;
  const sequenceText = digits.slice(yearStart + 4, yearStart + 4 + layout.sequenceDigits);
  return {
    kassenzeichen: `${layout.prefixDisplay}.${year}.${sequenceText}.${digits.slice(-1)}`,
    year,
    sequence: Number(sequenceText),
  };
}

/** Reads a Kassenzeichen typed in any of the usual ways; null unless it belongs to the scheme and its check digit is right. */
export function parseKassenzeichen(scheme: KassenzeichenScheme, value: string): ParsedKassenzeichen | null {
  return parseDigits(layoutOf(scheme), normalizeKassenzeichen(value));
}

export function isValidKassenzeichen(scheme: KassenzeichenScheme, value: string): boolean {
  return parseKassenzeichen(scheme, value) !== null;
}

/**
 * IBAN lengths of the SEPA countries. Deliberately not every IBAN country:
 * "KZ" (Kazakhstan) is also how people abbreviate Kassenzeichen.
 */
const SEPA_IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22,
  GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18,
  NO: 15, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
};

function ibanChecksumValid(compact: string): boolean {
  let remainder = 0;
  for (const char of compact.slice(4) + compact.slice(0, 4)) {
    const value = Number.parseInt(char, 36);
    remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/**
 * Blanks out valid SEPA IBANs (compact or in groups of four), so that their
 * digit groups cannot be combined into a Kassenzeichen. Only an exact-length
 * IBAN with a valid checksum is blanked: a following Kassenzeichen stays.
 */
function maskIbans(text: string): string {
  let masked = text;
  for (const match of text.matchAll(/(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})/g)) {
    const length = SEPA_IBAN_LENGTHS[match[1]!.toUpperCase()];
    if (length === undefined) continue;
    let compact = match[1]!.toUpperCase() + match[2]!;
    let end = match.index + 4;
    while (compact.length < length && end < text.length) {
      const char = text.charAt(end);
      if (/[A-Za-z0-9]/.test(char)) compact += char.toUpperCase();
      else if (!/\s/.test(char) || !/[A-Za-z0-9]/.test(text.charAt(end + 1))) break;
      end++;
    }
    if (compact.length !== length || /[A-Za-z0-9]/.test(text.charAt(end)) || !ibanChecksumValid(compact)) continue;
    masked = masked.slice(0, match.index) + ' '.repeat(end - match.index) + masked.slice(end);
  }
  return masked;
}

/**
 * Finds the Kassenzeichen of a scheme in free text (Verwendungszweck, a
 * structured creditor reference, a letter) and returns them in canonical
 * form, each once, in order of appearance.
 *
 * Digit groups joined by whitespace (line breaks too), dots or dashes form a run; any
 * consecutive groups of a run whose digits make a valid Kassenzeichen count.
 * Matching whole groups only (never part of one) is what keeps longer numbers
 * such as account numbers or phone numbers from matching by accident.
 */
export function findKassenzeichen(scheme: KassenzeichenScheme, text: string): string[] {
  const layout = layoutOf(scheme);
  const found = new Set<string>();
  for (const run of maskIbans(text).matchAll(/\d+(?:[\s.\-\u2010-\u2015]+\d+)*/g)) {
    const groups = run[0].split(/[^\d]+/);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length && digits.length < layout.length; last++) {
        digits += groups[last];
        const parsed = digits.length === layout.length ? parseDigits(layout, digits) : null;
        if (parsed) found.add(parsed.kassenzeichen);
      }
    }
  }
  return [...found];
}
