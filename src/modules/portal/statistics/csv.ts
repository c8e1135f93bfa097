/**
 * CSV as German Excel opens it without an import dialog: UTF-8 with a byte
 * order mark (else umlauts break), `;` between cells (the German list
 * separator), CRLF line ends. Cells are quoted where needed with quotes
 * doubled, and cells that a spreadsheet would run as a formula are defused
 * (OWASP "CSV injection"): a citizen's answer must never become a formula
 * on a clerk's machine.
 */
import type { JsonValue } from '../forms/engine.ts';

export const CSV_BOM = '\uFEFF';
const SEPARATOR = ';';
const LINE_END = '\r\n';

/** Characters that start a formula (or can smuggle one in) in Excel and LibreOffice. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula starts prefixed with `'`, then quoted if it holds a separator, quote, line break or edge spaces. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[";\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The whole file, BOM included. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return CSV_BOM + rows.map((row) => row.map(csvCell).join(SEPARATOR) + LINE_END).join('');
}

export interface CellFormat {
  /** Text of `true` / `false` (e.g. "ja" / "nein"). */
  yes: string;
  no: string;
}

const germanNumber = new Intl.NumberFormat('de-DE', { useGrouping: false, maximumFractionDigits: 10 });

function scalarText(value: string | number | boolean, format: CellFormat): string {
  if (typeof value === 'boolean') return value ? format.yes : format.no;
  // A decimal comma, or German Excel reads 2.5 as a date.
  if (typeof value === 'number') return germanNumber.format(value);
  return value;
}

const isScalar = (v: JsonValue): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One exported answer as spreadsheet columns: scalars and lists of scalars in
 * one column named by the field id; an address as one column per part
 * (`anschrift.plz`); uploads by their file names; repeatable groups one
 * column per item and sub-field (`kinder.1.vorname`).
 */
export function flattenAnswer(key: string, value: JsonValue, format: CellFormat, out: Map<string, string> = new Map()): Map<string, string> {
  if (value === null) return out;
  if (isScalar(value)) {
    out.set(key, scalarText(value, format));
  } else if (Array.isArray(value)) {
    if (value.every(isScalar)) out.set(key, value.map((v) => scalarText(v, format)).join(', '));
    else if (value.every((v) => isObject(v) && typeof v.filename === 'string')) out.set(key, value.map((v) => (isObject(v) ? String(v.filename) : '')).join(', '));
    else value.forEach((item, index) => flattenAnswer(`${key}.${index + 1}`, item, format, out));
  } else {
    for (const [part, v] of Object.entries(value)) flattenAnswer(`${key}.${part}`, v, format, out);
  }
  return out;
}
