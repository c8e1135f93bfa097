/**
 * Query parameters of OParl's external lists (spec 2-05): the four time
 * filters, `limit`, `omit_internal` and our keyset cursor `after`; and the
 * `links` of a list page, which carry all of them in one fixed order
 * (spec 2-03: one canonical spelling per URL). Unknown parameters are ignored.
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export const FILTER_NAMES = ['created_since', 'created_until', 'modified_since', 'modified_until'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export interface ListQuery {
  /** Normalised instants (`yyyy-mm-ddThh:mm:ss[.ffffff]±hh:mm`), compared inclusively by PostgreSQL. */
  filters: Partial<Record<FilterName, string>>;
  /** Page size actually used (clamped to MAX_LIMIT). */
  limit: number;
  /** The client asked for a limit (it is then kept in the links). */
  limitGiven: boolean;
  omitInternal: boolean;
  /** Keyset cursor: the id of the last item of the previous page. */
  after: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; debug: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isUuid = (value: string): boolean => UUID.test(value);

// yyyy-mm-ddThh:mm:ss, optional fraction, then Z, ±hh:mm, or " hh:mm" (an unencoded + read as a space).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+\- ])(\d{2}):(\d{2}))$/;

/**
 * A filter value in the spec's form, leniently: also `Z`, fractions of a
 * second (cut to microseconds, PostgreSQL's precision) and `+` that arrived
 * as a space. Returns the canonical spelling, or null if it is no instant.
 */
export function parseFilterDateTime(raw: string): string | null {
  const m = DATE_TIME.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, zone, sign, oh, om] = m as unknown as [string, string, string, string, string, string, string, string | undefined, string, string | undefined, string | undefined, string | undefined];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  let offset = '+00:00';
  if (zone !== 'Z') {
    if (Number(oh) > 23 || Number(om) > 59) return null;
    offset = `${sign === '-' ? '-' : '+'}${oh}:${om}`;
  }
  const frac = fraction ? fraction.slice(0, 6).replace(/0+$/, '') : '';
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${frac ? `.${frac}` : ''}${offset}`;
}

type RawQuery = Record<string, unknown>;

/** The single value of a query parameter (a repeated one counts as invalid). */
function single(query: RawQuery, name: string): string | undefined | null {
  const value = query[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

export function parseListQuery(query: RawQuery): Parsed<ListQuery> {
  const filters: ListQuery['filters'] = {};
  for (const name of FILTER_NAMES) {
    const raw = single(query, name);
    if (raw === undefined) continue;
    const value = raw === null ? null : parseFilterDateTime(raw);
    if (value === null) {
      return { ok: false, message: `Der Parameter ${name} muss ein Zeitpunkt der Form JJJJ-MM-TTThh:mm:ss±hh:mm sein.`, debug: `invalid ${name}: ${JSON.stringify(query[name])}` };
    }
    filters[name] = value;
  }
  let limit = DEFAULT_LIMIT;
  const rawLimit = single(query, 'limit');
  if (rawLimit !== undefined) {
    if (rawLimit === null || !/^[0-9]{1,9}$/.test(rawLimit) || Number(rawLimit) < 1) {
      return { ok: false, message: `Der Parameter limit muss eine ganze Zahl von 1 bis ${MAX_LIMIT} sein.`, debug: `invalid limit: ${JSON.stringify(query.limit)}` };
    }
    limit = Math.min(Number(rawLimit), MAX_LIMIT);
  }
  const rawAfter = single(query, 'after');
  if (rawAfter !== undefined && (rawAfter === null || !isUuid(rawAfter))) {
    return { ok: false, message: 'Der Parameter after ist ungültig; bitte den Links der Liste folgen.', debug: `invalid after: ${JSON.stringify(query.after)}` };
  }
  const rawOmit = single(query, 'omit_internal');
  return { ok: true, value: { filters, limit, limitGiven: rawLimit !== undefined, omitInternal: rawOmit === 'true', after: rawAfter ?? null } };
}

/**
 * The URL of a list page: every filter, limit and omit_internal the client
 * used, plus the cursor, in alphabetical order (spec 2-05: filters must be
 * kept in all links; 2-03: one canonical spelling).
 */
export function listPageUrl(listUrl: string, query: ListQuery, after: string | null): string {
  const parts: string[] = [];
  if (after) parts.push(`after=${after}`);
  for (const name of ['created_since', 'created_until'] as const) {
    const v = query.filters[name];
    if (v !== undefined) parts.push(`${name}=${encodeURIComponent(v)}`);
  }
  if (query.limitGiven) parts.push(`limit=${query.limit}`);
  for (const name of ['modified_since', 'modified_until'] as const) {
    const v = query.filters[name];
    if (v !== undefined) parts.push(`${name}=${encodeURIComponent(v)}`);
  }
  if (query.omitInternal) parts.push('omit_internal=true');
  return parts.length ? `${listUrl}?${parts.join('&')}` : listUrl;
}

export interface ListLinks {
  first: string;
  self: string;
  next?: string;
}

/** first and self always; next only when another page follows (mandatory on all pages but the last). */
export function listLinks(listUrl: string, query: ListQuery, nextAfter: string | null): ListLinks {
  const links: ListLinks = { first: listPageUrl(listUrl, query, null), self: listPageUrl(listUrl, query, query.after) };
  if (nextAfter) links.next = listPageUrl(listUrl, query, nextAfter);
  return links;
}
