/**
 * Reading Open311 parameters the lenient way the spec asks for: an empty
 * parameter is an absent one, lists are comma-separated (or repeated),
 * datetimes are W3C with a zone (a "+" that a client forgot to encode and
 * that arrived as a space is read as "+"), attributes come as
 * `attribute[code]=v` or `attribute[code][]=v1&attribute[code][]=v2`.
 */
import type { Format } from './format.ts';

export const WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;

export type Params = Record<string, unknown>;

/** `requests.json` → resource and format; null for anything else (no suffix, another suffix). */
export function splitFile(file: string): { name: string; format: Format } | null {
  const match = /^(.+)\.(xml|json)$/i.exec(file);
  if (!match) return null;
  return { name: match[1] as string, format: (match[2] as string).toLowerCase() as Format };
}

/** The format an error under an unknown path is written in: JSON if the path ends in .json, else XML (the required one). */
export function formatOfUrl(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return /\.json$/i.test(path) ? 'json' : 'xml';
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
  if (Array.isArray(value)) return value.flatMap(strings);
  return [];
}

/** One value: the first if repeated; empty or blank counts as absent. */
export function single(value: unknown): string | undefined {
  const first = strings(value)[0]?.trim();
  return first ? first : undefined;
}

/** A comma-separated (or repeated) list, trimmed, without empty entries. */
export function commaList(value: unknown): string[] {
  return strings(value)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const W3C_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A W3C-DTF datetime with a zone, or null. Calendar-checked (no 30 February:
 * `Date.parse` would roll it over silently).
 */
export function parseW3cDatetime(raw: string): Date | null {
  // `+02:00` sent unencoded in a query string arrives as ` 02:00`.
  const text = raw.trim().replace(/(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$/, '$1+$2');
  const match = W3C_DATETIME.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = match as unknown as [string, string, string, string, string, string, string | undefined, string | undefined, string];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  let offset = 'Z';
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 14 || om > 59) return null;
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
  }
  const ms = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  const time = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}.${ms}${offset}`);
  return Number.isNaN(time) ? null : new Date(time);
}

export type DateParam = { ok: true; date: Date | null } | { ok: false };

/** An optional datetime parameter: absent/empty → null; malformed → not ok. */
export function dateParam(value: unknown): DateParam {
  const text = single(value);
  if (text === undefined) return { ok: true, date: null };
  const date = parseW3cDatetime(text);
  return date ? { ok: true, date } : { ok: false };
}

/**
 * The span of `requested_datetime` a list covers. The spec allows at most
 * 90 days and by default "the most recent 90 days or the first 1000
 * requests, whichever is smaller". A span given by the client that is longer
 * is clipped (the spec leaves open whether to clip or refuse): it starts at
 * start_date and ends 90 days later. Only end_date: the 90 days up to it.
 */
export function requestWindow(start: Date | null, end: Date | null, now: Date): { ok: true; from: Date; to: Date | null; clipped: boolean } | { ok: false } {
  const span = WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end < start) return { ok: false };
    const clipped = end.getTime() - start.getTime() > span;
    return { ok: true, from: start, to: clipped ? new Date(start.getTime() + span) : end, clipped };
  }
  if (start) return { ok: true, from: start, to: new Date(start.getTime() + span), clipped: false };
  if (end) return { ok: true, from: new Date(end.getTime() - span), to: end, clipped: false };
  return { ok: true, from: new Date(now.getTime() - span), to: null, clipped: false };
}

export type StatusFilter = { ok: true; status: 'open' | 'closed' | undefined } | { ok: false };

/** `open`, `closed`, or both (= no filter). */
export function statusFilter(value: unknown): StatusFilter {
  const wanted = new Set(commaList(value).map((s) => s.toLowerCase()));
  if ([...wanted].some((s) => s !== 'open' && s !== 'closed')) return { ok: false };
  if (wanted.size !== 1) return { ok: true, status: undefined };
  return { ok: true, status: wanted.has('open') ? 'open' : 'closed' };
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;

/**
 * Attribute answers from the flat form keys (`attribute[code]`,
 * `attribute[code][]`), or from an `attribute` object (a JSON body).
 * Several values for one code make a list; checking them against the
 * category is the report service's job.
 */
export function attributesOf(params: Params): Record<string, string | string[]> {
  const collected = new Map<string, { values: string[]; multi: boolean }>();
  const add = (code: string, values: string[], multi: boolean): void => {
    const entry = collected.get(code) ?? { values: [], multi: false };
    entry.values.push(...values);
    entry.multi ||= multi;
    collected.set(code, entry);
  };
  for (const [key, value] of Object.entries(params)) {
    const match = ATTRIBUTE_KEY.exec(key);
    if (match) add(match[1] as string, strings(value), match[2] !== undefined || Array.isArray(value));
  }
  const nested = params.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [code, value] of Object.entries(nested as Record<string, unknown>)) add(code, strings(value), Array.isArray(value));
  }
  const answers: Record<string, string | string[]> = {};
  for (const [code, { values, multi }] of collected) answers[code] = multi || values.length > 1 ? values : (values[0] ?? '');
  return answers;
}

export type Coordinates = { ok: true; lat: number | null; lng: number | null } | { ok: false };

/** A WGS84 decimal degree, with as many decimals as the client's doubles print (a decimal comma is accepted too). */
function coordinate(text: string, limit: number): number | null {
  const normal = text.replace(',', '.');
  if (!/^[+-]?\d{1,3}(\.\d+)?$/.test(normal)) return null;
  const n = Number(normal);
  return Math.abs(n) <= limit ? n : null;
}

/**
 * The point of a POST: both `lat` and `long`, or neither. A lone one is
 * ignored (the address has to do then); a malformed one is an error.
 */
export function coordinatesOf(params: Params): Coordinates {
  const rawLat = single(params.lat);
  const rawLng = single(params.long);
  const lat = rawLat === undefined ? null : coordinate(rawLat, 90);
  const lng = rawLng === undefined ? null : coordinate(rawLng, 180);
  if ((rawLat !== undefined && lat === null) || (rawLng !== undefined && lng === null)) return { ok: false };
  return lat !== null && lng !== null ? { ok: true, lat, lng } : { ok: true, lat: null, lng: null };
}

export const MEDIA_URL_MAX = 2000;

/** A media_url as given (stored, never fetched): http(s) only, so staff never get a `javascript:` link. */
export function mediaUrlOf(value: unknown): { ok: true; url: string | undefined } | { ok: false } {
  const text = single(value);
  if (text === undefined) return { ok: true, url: undefined };
  if (text.length > MEDIA_URL_MAX || !URL.canParse(text)) return { ok: false };
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? { ok: true, url: text } : { ok: false };
}
