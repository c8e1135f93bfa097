/**
 * OParl 1.1 conformance crawler for tests. It speaks only HTTP through a
 * pluggable `fetch` (app.inject, real HTTP, or an in-process fake) and knows
 * only the specification plus the decisions below where the spec leaves the
 * server a choice. It imports nothing of our server.
 *
 * - crawlOParl: families A–F and K of research-notes §5.1 (entry, lists,
 *   objects, references, semantics, files, HTTP);
 * - checkFilters (G), checkLimit (J), checkTombstones + checkAbsent (H),
 *   syncSince + compareSync (I).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Problem, RuleId } from './problems.ts';
import {
  BACKREFERENCES,
  OMIT_INTERNAL,
  OPARL_ERROR_TYPE,
  OPARL_VERSION,
  backreferenceKeys,
  canonicalJson,
  deepEqual,
  formatOParlDateTime,
  isObject,
  isUrl,
  parseOParlDateTime,
  sharedOParlValidator,
  typeNameOf,
  withoutKeys,
  type OParlObject,
  type OParlTypeName,
  type OParlValidator,
} from './validator.ts';

export { formatOParlDateTime, parseOParlDateTime } from './validator.ts';
export type { Problem } from './problems.ts';

// ------------------------------------------------------------------ transport

export interface OParlHttpResponse {
  status: number;
  /** Header names in any case; the crawler lower-cases them. Repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface OParlRequestInit {
  method?: 'GET' | 'HEAD' | 'OPTIONS';
  headers?: Record<string, string>;
}

/** Fetches an absolute URL. Must not follow redirects. */
export type OParlFetch = (url: string, init?: OParlRequestInit) => Promise<OParlHttpResponse>;

/** An OParlFetch over Fastify's app.inject: the URL's host becomes the Host header. */
export function injectFetch(app: Pick<FastifyInstance, 'inject'>, options: { headers?: Record<string, string>; remoteAddress?: string } = {}): OParlFetch {
  return async (url, init = {}) => {
    const target = new URL(url);
    const response = await app.inject({
      method: init.method ?? 'GET',
      url: `${target.pathname}${target.search}`,
      headers: { host: target.host, ...options.headers, ...init.headers },
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return { status: response.statusCode, headers, body: response.rawPayload };
  };
}

/** An OParlFetch over real HTTP (Node's fetch, redirects not followed). */
export function httpFetch(options: { headers?: Record<string, string> } = {}): OParlFetch {
  return async (url, init = {}) => {
    const response = await fetch(url, { method: init.method ?? 'GET', headers: { ...options.headers, ...init.headers }, redirect: 'manual' });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) headers['set-cookie'] = cookies.join(', ');
    return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  };
}

// ------------------------------------------------------------------ our decisions where the spec leaves a choice

export const OPARL_DECISIONS = {
  /** Page size without `limit`. */
  defaultLimit: 100,
  /** Largest page; a larger `limit` is clamped to it and elementsPerPage says so. */
  maxLimit: 1000,
  /** created_since / modified_since mean >=, created_until / modified_until mean <=. */
  filterBounds: 'inclusive',
  /** Keyset pagination: links.first, links.self and links.next (all but the last page); prev optional; no last/totalPages needed. */
  pagination: 'keyset',
  /** Never-public objects: 404 on the JSON and the file URLs. Once public, then depublished or deleted: tombstone (200) and 410 on file URLs. */
  nonPublic: 'absent (404)',
} as const;

// ------------------------------------------------------------------ results

export interface CrawledList {
  /** The list URL as the owning object gives it. */
  url: string;
  itemType: OParlTypeName;
  /** Id of the object holding the list (System, Body or Organization) and its property name. */
  owner: string;
  property: string;
  pageUrls: string[];
  ids: string[];
  items: OParlObject[];
}

export interface CrawlResult {
  systemUrl: string;
  /** The URL prefix everything of this server lives under (systemUrl up to its last "/"). */
  base: string;
  /** OParl date-time taken before the first request (from options.now). */
  startedAt: string;
  /** The standalone representation (GET of its id) of every object reached, by id. */
  objects: Map<string, OParlObject>;
  /** The type of every object in `objects`. */
  types: Map<string, OParlTypeName>;
  /** Every external list walked, by the URL its owner gives. */
  lists: Map<string, CrawledList>;
  /** For every embedded object: the ids of all standalone objects that embed it, at any depth. */
  containers: Map<string, Set<string>>;
  problems: Problem[];
}

export interface CrawlOptions {
  fetch: OParlFetch;
  systemUrl: string;
  /** Page size asked for on every list's first URL (and expected back in every link). Default: the server's. */
  limit?: number;
  /** The server's largest page (for the one-big-page order check). Default OPARL_DECISIONS.maxLimit. */
  maxLimit?: number;
  /** Sent with every request. */
  requestHeaders?: Record<string, string>;
  /** Family K: every JSON response is fetched again with these headers (e.g. a member's session cookie) and must be byte-identical. */
  alternateHeaders?: Record<string, string>;
  /** Fetch and check every accessUrl/downloadUrl (default true). */
  checkFiles?: boolean;
  /** Ours: every Paper has a mainFile (default true). */
  requirePaperMainFile?: boolean;
  /** Ours: every File has mimeType, size, sha512Checksum and downloadUrl (default true). */
  requireFileMetadata?: boolean;
  /** Parallel standalone fetches (default 8). */
  concurrency?: number;
  /** Clock for startedAt (default: the machine's). */
  now?: () => Date;
}

export interface SessionOptions {
  requestHeaders?: Record<string, string>;
  alternateHeaders?: Record<string, string>;
}

// ------------------------------------------------------------------ helpers

const SHA512 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('hex');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const FAR_FUTURE = '2999-12-31T23:59:59+01:00';

function lowerHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function baseOf(systemUrl: string): string {
  const u = new URL(systemUrl);
  return `${u.origin}${u.pathname.slice(0, u.pathname.lastIndexOf('/') + 1)}`;
}

/** Adds query parameters with URL encoding (so "+" travels as %2B and ":" as %3A). */
export function withParams(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** An instant from a filter value as a server would read it: an unencoded "+" arrives as a space. */
function paramInstant(value: string): number | undefined {
  return parseOParlDateTime(value.replace(/ (\d{2}:\d{2})$/, '+$1'));
}

function sameParamValue(a: string, b: string): boolean {
  if (a === b) return true;
  const ia = paramInstant(a);
  return ia !== undefined && ia === paramInstant(b);
}

/** Same origin, path and query parameters (order aside, date-times compared as instants). */
function sameQueryUrl(a: string, b: string): boolean {
  if (!URL.canParse(a) || !URL.canParse(b)) return false;
  const ua = new URL(a);
  const ub = new URL(b);
  if (ua.origin !== ub.origin || ua.pathname !== ub.pathname) return false;
  const pa = [...ua.searchParams].sort(([x], [y]) => x.localeCompare(y));
  const pb = [...ub.searchParams].sort(([x], [y]) => x.localeCompare(y));
  return pa.length === pb.length && pa.every(([k, v], i) => pb[i]?.[0] === k && sameParamValue(v, pb[i]?.[1] ?? ''));
}

function differingKeys(a: OParlObject, b: OParlObject): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k])).sort();
}

function urlsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function sequenceDiff(actual: readonly string[], expected: readonly string[]): string {
  const a = new Set(actual);
  const e = new Set(expected);
  const missing = expected.filter((id) => !a.has(id));
  const extra = actual.filter((id) => !e.has(id));
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}`);
  if (extra.length) parts.push(`unexpected ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ` (+${extra.length - 5})` : ''}`);
  if (!parts.length) parts.push('same ids in a different order');
  return parts.join('; ');
}

const sameSequence = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Embedded objects of `obj` (direct children), with their type, property and JSON pointer. */
function embeddedChildren(validator: OParlValidator, obj: OParlObject, type: OParlTypeName): Array<{ child: OParlObject; type: OParlTypeName; property: string; pointer: string }> {
  const out: Array<{ child: OParlObject; type: OParlTypeName; property: string; pointer: string }> = [];
  for (const [property, target] of Object.entries(validator.types[type].embedded)) {
    const value = obj[property];
    if (target.array && Array.isArray(value)) {
      value.forEach((child, i) => {
        if (isObject(child)) out.push({ child, type: target.type, property, pointer: `/${property}/${i}` });
      });
    } else if (!target.array && isObject(value)) out.push({ child: value, type: target.type, property, pointer: `/${property}` });
  }
  return out;
}

// ------------------------------------------------------------------ HTTP session with the K checks

interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}

interface WalkOptions {
  itemType: OParlTypeName;
  /** Client parameters (filters, limit, omit_internal): added to the first URL and expected in every link. */
  params?: Record<string, string>;
  /** Use this exact first URL (e.g. with an unencoded "+"); `params` then only say what the links must keep. */
  firstUrl?: string;
  /** Validate every item (tombstones are always validated). */
  validateItems?: boolean;
  maxPages?: number;
}

interface WalkResult {
  ok: boolean;
  firstUrl: string;
  pageUrls: string[];
  items: Array<{ item: OParlObject; page: string; index: number }>;
  ids: string[];
  /** The walk stopped at a page without next although the server announced more items. */
  nextMissing: boolean;
  pages: Array<{ url: string; count: number; elementsPerPage: unknown }>;
}

class Session {
  readonly problems: Problem[] = [];
  readonly validator = sharedOParlValidator();

  constructor(
    private readonly fetchFn: OParlFetch,
    private readonly options: SessionOptions = {},
  ) {}

  problem(path: string, rule: RuleId, message: string): void {
    this.problems.push({ path, rule, message });
  }

  /** Validates and records the problems; `prefix` + the JSON pointer becomes each problem's path. */
  validate(obj: unknown, prefix: string, context: 'standalone' | 'listItem' | 'embedded', omitInternal = false): void {
    for (const p of this.validator.validateObject(obj, { context, omitInternal })) this.problems.push({ ...p, path: `${prefix}${p.path}` });
  }

  async request(url: string, method: 'GET' | 'HEAD' | 'OPTIONS' = 'GET', headers: Record<string, string> = {}): Promise<OParlHttpResponse> {
    const response = await this.fetchFn(url, { method, headers: { ...this.options.requestHeaders, ...headers } });
    return { ...response, headers: lowerHeaders(response.headers) };
  }

  /** GET of a JSON URL with the family-K checks. `expect` = the status the caller needs (a mismatch is http.status). */
  async json(url: string, expect?: number): Promise<JsonResponse> {
    const response = await this.request(url);
    const { status, headers, body } = response;
    if (headers['access-control-allow-origin'] !== '*') this.problem(url, 'http.cors', `HTTP ${status} without Access-Control-Allow-Origin: * (got ${JSON.stringify(headers['access-control-allow-origin'] ?? null)})`);
    if (headers['set-cookie'] !== undefined) this.problem(url, 'http.set-cookie', `sets a cookie: ${headers['set-cookie']}`);
    if (!/^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(headers['content-type'] ?? '')) this.problem(url, 'http.content-type', `Content-Type ${JSON.stringify(headers['content-type'] ?? null)} is not application/json`);
    if (body.subarray(0, 3).equals(BOM)) this.problem(url, 'http.bom', 'the JSON starts with a byte order mark');
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(body.subarray(0, 3).equals(BOM) ? 3 : 0)));
    } catch {
      this.problem(url, 'http.json', `HTTP ${status}: the body is not UTF-8 JSON`);
    }
    if (status >= 400) this.checkErrorObject(url, status, json);
    else if (isObject(json) && json.type === OPARL_ERROR_TYPE) this.problem(url, 'http.error-object', `an Error object with the non-error status ${status}`);
    if (expect !== undefined && status !== expect) this.problem(url, 'http.status', `expected HTTP ${expect}, got ${status}`);
    if (this.options.alternateHeaders) {
      const again = await this.request(url, 'GET', this.options.alternateHeaders);
      if (again.status !== status || !again.body.equals(body)) this.problem(url, 'http.depends-on-headers', `the response differs when sent with ${Object.keys(this.options.alternateHeaders).join(', ')}`);
    }
    return { status, headers, json };
  }

  checkErrorObject(url: string, status: number, json: unknown): void {
    if (!isObject(json) || json.type !== OPARL_ERROR_TYPE || typeof json.message !== 'string' || json.message === '' || typeof json.debug !== 'string') {
      this.problem(url, 'http.error-object', `HTTP ${status} must carry {type: "${OPARL_ERROR_TYPE}", message, debug}, got ${JSON.stringify(json)?.slice(0, 200)}`);
    }
  }

  /** GET of an object URL: 200, id = URL, the expected type, and HEAD works. */
  async fetchObject(url: string, expectedTypes: ReadonlyMap<OParlTypeName, string> = new Map()): Promise<OParlObject | undefined> {
    const r = await this.json(url);
    if (r.status !== 200) {
      const from = [...expectedTypes.values()][0];
      this.problem(url, 'ref.broken', `HTTP ${r.status}${from ? ` (referenced from ${from})` : ''}`);
      return undefined;
    }
    if (!isObject(r.json)) return undefined;
    const obj = r.json;
    if (obj.id !== url) this.problem(url, 'object.id-mismatch', `fetched from ${url} but its id is ${JSON.stringify(obj.id)}`);
    const actual = typeNameOf(obj);
    for (const [type, from] of expectedTypes) {
      if (actual !== type) this.problem(url, 'ref.wrong-type', `${from} expects a ${type}, got type ${JSON.stringify(obj.type)}`);
    }
    const head = await this.request(url, 'HEAD');
    if (head.status !== 200) this.problem(url, 'http.head', `HEAD answered ${head.status}`);
    else if (head.headers['access-control-allow-origin'] !== '*') this.problem(url, 'http.cors', 'HEAD without Access-Control-Allow-Origin: *');
    return obj;
  }

  async checkOptions(url: string): Promise<void> {
    const r = await this.request(url, 'OPTIONS');
    const methods = r.headers['access-control-allow-methods'];
    if (r.status !== 204) this.problem(url, 'http.options', `OPTIONS answered ${r.status}, expected 204`);
    if (r.headers['access-control-allow-origin'] !== '*') this.problem(url, 'http.options', 'OPTIONS without Access-Control-Allow-Origin: *');
    if (methods !== undefined && !/\bGET\b/i.test(methods)) this.problem(url, 'http.options', `Access-Control-Allow-Methods ${JSON.stringify(methods)} lacks GET`);
  }

  /** Walks an external list page by page with the family-B checks. */
  async walk(listUrl: string, options: WalkOptions): Promise<WalkResult> {
    const requested = options.params ?? {};
    const first = options.firstUrl ?? withParams(listUrl, requested);
    const tombstonesAllowed = 'modified_since' in requested;
    const maxPages = options.maxPages ?? 10_000;
    const result: WalkResult = { ok: true, firstUrl: first, pageUrls: [], items: [], ids: [], nextMissing: false, pages: [] };
    const seenIds = new Set<string>();
    let total: number | undefined;
    let pageUrl: string | undefined = first;
    while (pageUrl !== undefined) {
      if (result.pageUrls.includes(pageUrl)) {
        this.problem(pageUrl, 'list.cycle', `links.next leads back to a page already seen (list ${listUrl})`);
        break;
      }
      if (result.pageUrls.length >= maxPages) {
        this.problem(pageUrl, 'list.cycle', `more than ${maxPages} pages (list ${listUrl})`);
        break;
      }
      result.pageUrls.push(pageUrl);
      const r = await this.json(pageUrl, 200);
      if (r.status !== 200 || !isObject(r.json)) {
        result.ok = false;
        break;
      }
      const page = r.json;
      if (!Array.isArray(page.data)) {
        this.problem(pageUrl, 'list.shape', 'the page has no data array');
        result.ok = false;
        break;
      }
      const pagination = isObject(page.pagination) ? page.pagination : undefined;
      const links = isObject(page.links) ? page.links : undefined;
      if (!pagination) this.problem(pageUrl, 'list.shape', 'the page has no pagination object');
      if (!links) this.problem(pageUrl, 'list.shape', 'the page has no links object');
      this.checkLinks(pageUrl, links ?? {}, requested);
      if (result.pages.length === 0 && typeof pagination?.totalElements === 'number') total = pagination.totalElements;
      page.data.forEach((item, index) => this.takeItem(listUrl, pageUrl as string, item, index, options, tombstonesAllowed, seenIds, result));
      result.pages.push({ url: pageUrl, count: page.data.length, elementsPerPage: pagination?.elementsPerPage });
      const next: unknown = links?.next;
      pageUrl = typeof next === 'string' && isUrl(next) ? next : undefined;
    }
    if (result.ok) this.checkPageSizes(listUrl, result, total);
    return result;
  }

  private takeItem(listUrl: string, pageUrl: string, item: unknown, index: number, options: WalkOptions, tombstonesAllowed: boolean, seenIds: Set<string>, result: WalkResult): void {
    const at = `${pageUrl}#/data/${index}`;
    if (!isObject(item) || typeof item.id !== 'string') {
      this.problem(at, 'list.shape', 'a list item is not an object with an id');
      return;
    }
    if (seenIds.has(item.id)) this.problem(at, 'list.duplicate-id', `${item.id} appears twice in ${listUrl}`);
    seenIds.add(item.id);
    if (typeNameOf(item) !== options.itemType) this.problem(at, 'list.wrong-type', `a ${options.itemType} list holds ${JSON.stringify(item.type)}`);
    if (item.deleted === true && !tombstonesAllowed) this.problem(at, 'list.tombstone-unfiltered', `deleted ${item.id} in a list requested without modified_since`);
    if (options.validateItems || item.deleted === true) this.validate(item, `${at}`, 'listItem', options.params?.omit_internal === 'true');
    result.items.push({ item, page: pageUrl, index });
    result.ids.push(item.id);
  }

  private checkLinks(pageUrl: string, links: OParlObject, requested: Record<string, string>): void {
    for (const rel of ['first', 'self']) {
      if (links[rel] === undefined) this.problem(pageUrl, 'list.links', `links.${rel} is missing`);
    }
    for (const [rel, href] of Object.entries(links)) {
      if (typeof href !== 'string' || !isUrl(href)) {
        this.problem(pageUrl, 'list.links', `links.${rel} is not an absolute URL: ${JSON.stringify(href)}`);
        continue;
      }
      if (rel === 'web') continue; // the HTML view lives in another URL space
      const got = new URL(href).searchParams;
      for (const [name, value] of Object.entries(requested)) {
        const kept = got.get(name);
        if (kept === null || !sameParamValue(kept, value)) this.problem(pageUrl, 'list.links-drop-params', `links.${rel} does not keep ${name}=${value}: ${href}`);
      }
    }
    if (typeof links.self === 'string' && isUrl(links.self) && !sameQueryUrl(links.self, pageUrl)) {
      this.problem(pageUrl, 'list.self-mismatch', `links.self is ${links.self}`);
    }
  }

  private checkPageSizes(listUrl: string, result: WalkResult, total: number | undefined): void {
    const last = result.pages.length - 1;
    result.pages.forEach((page, i) => {
      const epp = page.elementsPerPage;
      if (typeof epp !== 'number' || !Number.isInteger(epp) || epp < 1) {
        this.problem(page.url, 'list.page-size', `pagination.elementsPerPage is missing or not a positive integer: ${JSON.stringify(epp)}`);
        return;
      }
      if (i === last) return;
      if (epp !== result.pages[0]?.elementsPerPage) this.problem(page.url, 'list.page-size', `elementsPerPage ${epp} differs from the first page's ${String(result.pages[0]?.elementsPerPage)}`);
      if (page.count !== epp) this.problem(page.url, 'list.page-size', `a page before the last holds ${page.count} items, elementsPerPage says ${epp}`);
    });
    if (total !== undefined && total > result.ids.length) {
      result.nextMissing = true;
      this.problem(result.pageUrls[last] ?? listUrl, 'list.next-missing', `the walk ended without links.next after ${result.ids.length} of ${total} items (list ${listUrl})`);
    } else if (total !== undefined && total !== result.ids.length) {
      this.problem(listUrl, 'list.total-elements', `totalElements ${total}, crawled ${result.ids.length}`);
    }
  }
}

// ------------------------------------------------------------------ the crawl (families A–F, K)

interface Embedding {
  parentId: string;
  parentType: OParlTypeName;
  childType: OParlTypeName;
  child: OParlObject;
  at: string;
}

class Crawler {
  readonly session: Session;
  readonly base: string;
  readonly objects = new Map<string, OParlObject>();
  readonly types = new Map<string, OParlTypeName>();
  readonly lists = new Map<string, CrawledList>();
  readonly containers = new Map<string, Set<string>>();
  private readonly expected = new Map<string, Map<OParlTypeName, string>>();
  private readonly queue: string[] = [];
  private readonly listItems: Array<{ list: CrawledList; item: OParlObject; page: string; index: number }> = [];

  constructor(private readonly options: CrawlOptions) {
    this.session = new Session(options.fetch, { requestHeaders: options.requestHeaders, alternateHeaders: options.alternateHeaders });
    this.base = baseOf(options.systemUrl);
  }

  private get schemaTypes(): OParlValidator['types'] {
    return this.session.validator.types;
  }

  async run(): Promise<CrawlResult> {
    const startedAt = formatOParlDateTime((this.options.now?.() ?? new Date()).getTime());
    const { systemUrl } = this.options;
    const system = await this.session.fetchObject(systemUrl, new Map([['System', 'the entry point']]));
    if (system) {
      this.store(systemUrl, system, 'System');
      this.checkEntry(system);
      await this.walkListsOf(system, 'System');
      for (const body of this.listedObjects('Body')) await this.walkListsOf(body, 'Body');
      for (const org of this.listedObjects('Organization')) await this.walkListsOf(org, 'Organization');
      await this.fetchAll();
      this.compareListItems();
      for (const [id, obj] of this.objects) this.session.validate(obj, `${id}#`, 'standalone');
      this.compareEmbedded();
      this.checkReferences();
      this.checkProjectRules();
      if (this.options.checkFiles !== false) await this.checkFiles();
      await this.checkHttpExtras();
    }
    return {
      systemUrl,
      base: this.base,
      startedAt,
      objects: this.objects,
      types: this.types,
      lists: this.lists,
      containers: this.containers,
      problems: this.session.problems,
    };
  }

  private checkEntry(system: OParlObject): void {
    const url = this.options.systemUrl;
    if (typeNameOf(system) !== 'System') this.session.problem(url, 'system.entry', `type is ${JSON.stringify(system.type)}, expected ${OPARL_VERSION}System`);
    if (system.oparlVersion !== OPARL_VERSION) this.session.problem(url, 'system.entry', `oparlVersion must be exactly ${OPARL_VERSION}, got ${JSON.stringify(system.oparlVersion)}`);
    if (typeof system.body !== 'string') this.session.problem(url, 'system.entry', 'System.body (the list of bodies) is missing');
  }

  private internal(url: string): boolean {
    return url.startsWith(this.base);
  }

  private store(id: string, obj: OParlObject, type: OParlTypeName): void {
    this.objects.set(id, obj);
    this.types.set(id, type);
  }

  /** Objects met as items of the lists walked so far, of one type, deduplicated. */
  private listedObjects(type: OParlTypeName): OParlObject[] {
    const seen = new Map<string, OParlObject>();
    for (const { list, item } of this.listItems) if (list.itemType === type && item.deleted !== true && typeof item.id === 'string') seen.set(item.id, item);
    return [...seen.values()];
  }

  private async walkListsOf(owner: OParlObject, ownerType: OParlTypeName): Promise<void> {
    for (const [property, itemType] of Object.entries(this.schemaTypes[ownerType].externalLists)) {
      const url = owner[property];
      if (typeof url !== 'string' || !isUrl(url) || this.lists.has(url)) continue;
      const params: Record<string, string> = this.options.limit ? { limit: String(this.options.limit) } : {};
      const walk = await this.session.walk(url, { itemType, params });
      const list: CrawledList = { url, itemType, owner: String(owner.id), property, pageUrls: walk.pageUrls, ids: walk.ids, items: walk.items.map((i) => i.item) };
      this.lists.set(url, list);
      for (const { item, page, index } of walk.items) {
        this.listItems.push({ list, item, page, index });
        if (item.deleted === true) continue;
        this.want(String(item.id), itemType, `list ${url}`);
        this.discover(item, itemType, `${page}#/data/${index}`);
      }
      if (walk.ok) await this.checkStableOrder(list, walk);
    }
  }

  /** Family B: the pages concatenated equal one big page. */
  private async checkStableOrder(list: CrawledList, walk: WalkResult): Promise<void> {
    const maxLimit = this.options.maxLimit ?? OPARL_DECISIONS.maxLimit;
    const big = await this.session.walk(list.url, { itemType: list.itemType, params: { limit: String(maxLimit) } });
    if (!big.ok || sameSequence(big.ids, walk.ids)) return;
    const isPrefix = walk.ids.length < big.ids.length && walk.ids.every((id, i) => big.ids[i] === id);
    if (isPrefix) {
      if (!walk.nextMissing) this.session.problem(walk.pageUrls.at(-1) ?? list.url, 'list.next-missing', `paging ended after ${walk.ids.length} items without links.next, one big page holds ${big.ids.length} (list ${list.url})`);
    } else if (sameSet(walk.ids, big.ids) && walk.ids.length === big.ids.length) {
      this.session.problem(list.url, 'list.order-unstable', `paged order differs from the order of one page with limit=${maxLimit}`);
    } else {
      this.session.problem(list.url, 'list.inconsistent', `paging and one page with limit=${maxLimit} differ: ${sequenceDiff(walk.ids, big.ids)}`);
    }
  }

  /** Remembers an id to fetch, and which type the referrer expects. */
  private want(id: string, type: OParlTypeName, from: string): void {
    if (!isUrl(id) || !this.internal(id)) return;
    let expectations = this.expected.get(id);
    if (!expectations) {
      expectations = new Map();
      this.expected.set(id, expectations);
      if (!this.objects.has(id)) this.queue.push(id);
    }
    if (!expectations.has(type)) expectations.set(type, from);
  }

  /** Queues everything an object references or embeds. */
  private discover(obj: OParlObject, type: OParlTypeName, at: string): void {
    for (const [property, target] of Object.entries(this.schemaTypes[type].references)) {
      for (const url of urlsOf(obj[property])) this.want(url, target.type, `${at}/${property}`);
    }
    for (const { child, type: childType, pointer } of embeddedChildren(this.session.validator, obj, type)) {
      if (typeof child.id === 'string') this.want(child.id, childType, `${at}${pointer}`);
      this.discover(child, childType, `${at}${pointer}`);
    }
  }

  private async fetchAll(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0).filter((id) => !this.objects.has(id));
      await forEachLimit(batch, this.options.concurrency ?? 8, async (id) => {
        const obj = await this.session.fetchObject(id, this.expected.get(id));
        const type = obj ? typeNameOf(obj) : undefined;
        if (!obj || !type) return;
        this.store(id, obj, type);
        if (obj.deleted !== true) this.discover(obj, type, id);
      });
    }
  }

  /** Family C: the standalone GET equals the list item (back-references aside); a differing item is validated on its own. */
  private compareListItems(): void {
    for (const { list, item, page, index } of this.listItems) {
      if (item.deleted === true) continue;
      const standalone = this.objects.get(String(item.id));
      if (!standalone) continue;
      if (deepEqual(item, standalone)) continue;
      const ignore = backreferenceKeys(list.itemType);
      const keys = differingKeys(withoutKeys(item, ignore), withoutKeys(standalone, ignore));
      if (keys.length) this.session.problem(`${page}#/data/${index}`, 'object.list-item-differs', `differs from GET ${String(item.id)} in: ${keys.join(', ')}`);
      this.session.validate(item, `${page}#/data/${index}`, 'listItem');
    }
  }

  /** Family C/D: embedded copies equal the standalone object minus back-references; who embeds whom. */
  private compareEmbedded(): void {
    for (const [id, obj] of this.objects) {
      const type = this.types.get(id);
      if (!type || obj.deleted === true) continue;
      for (const e of this.embeddingsOf(obj, type, id, id)) {
        const childId = String(e.child.id);
        let set = this.containers.get(childId);
        if (!set) this.containers.set(childId, (set = new Set()));
        set.add(id);
        const standalone = this.objects.get(childId);
        if (!standalone || standalone.deleted === true) continue;
        const ignore = backreferenceKeys(e.childType);
        const keys = differingKeys(withoutKeys(e.child, ignore), withoutKeys(standalone, ignore));
        if (keys.length) this.session.problem(e.at, 'object.embedded-differs', `the embedded copy differs from GET ${childId} in: ${keys.join(', ')}`);
        this.checkBackreference(e, standalone);
      }
    }
  }

  private embeddingsOf(obj: OParlObject, type: OParlTypeName, id: string, at: string): Embedding[] {
    const out: Embedding[] = [];
    for (const { child, type: childType, pointer } of embeddedChildren(this.session.validator, obj, type)) {
      if (typeof child.id !== 'string') continue;
      out.push({ parentId: id, parentType: type, childType, child, at: `${at}${pointer}` });
      out.push(...this.embeddingsOf(child, childType, child.id, `${at}${pointer}`));
    }
    return out;
  }

  /** The standalone child's back-reference names its embedding parent. */
  private checkBackreference(e: Embedding, standalone: OParlObject): void {
    const key = BACKREFERENCES[e.childType]?.[e.parentType];
    if (!key || standalone[key] === undefined) return;
    const value = standalone[key];
    const ok = Array.isArray(value) ? value.includes(e.parentId) : value === e.parentId;
    if (!ok) this.session.problem(`${String(standalone.id)}#/${key}`, 'ref.backreference-mismatch', `${e.parentId} embeds this ${e.childType}, but its ${key} is ${JSON.stringify(value)}`);
  }

  /** Family D. */
  private checkReferences(): void {
    const inBodyLists = new Map<OParlTypeName, Set<string>>();
    for (const list of this.lists.values()) {
      if (this.types.get(list.owner) === 'Organization') continue; // the Body 1.1 lists (and System.body) are the registry
      let set = inBodyLists.get(list.itemType);
      if (!set) inBodyLists.set(list.itemType, (set = new Set()));
      for (const id of list.ids) set.add(id);
    }
    for (const [id, type] of this.types) {
      const obj = this.objects.get(id);
      if (type === 'System' || !obj || obj.deleted === true) continue;
      if (!inBodyLists.get(type)?.has(id)) this.session.problem(id, 'ref.not-in-list', `this ${type} is referenced or embedded but is not in any Body's ${type} list`);
    }
    const all = (type: OParlTypeName): OParlObject[] => [...this.objects.values()].filter((o) => typeNameOf(o) === type && o.deleted !== true);
    for (const body of all('Body')) this.checkLegislativeTerms(body);
    const meetings = all('Meeting');
    const consultations = all('Consultation');
    const memberships = all('Membership');
    for (const org of all('Organization')) {
      const orgId = String(org.id);
      this.compareListWith(org, 'meeting', meetings.filter((m) => urlsOf(m.organization).includes(orgId)), 'organization.meeting-list');
      this.compareListWith(org, 'consultation', consultations.filter((c) => urlsOf(c.organization).includes(orgId)), 'organization.consultation-list');
      if (Array.isArray(org.membership)) {
        const expected = memberships.filter((m) => m.organization === orgId).map((m) => String(m.id));
        const actual = urlsOf(org.membership);
        if (!sameSet(actual, expected)) this.session.problem(`${orgId}#/membership`, 'organization.membership', sequenceDiff(actual, expected));
      }
    }
    for (const item of all('AgendaItem')) {
      if (typeof item.consultation !== 'string') continue;
      const c = this.objects.get(item.consultation);
      if (!c || c.deleted === true) continue;
      if (c.agendaItem !== item.id || c.meeting !== item.meeting) {
        this.session.problem(`${String(item.id)}#/consultation`, 'ref.backreference-mismatch', `the consultation ${item.consultation} names agendaItem ${JSON.stringify(c.agendaItem)} and meeting ${JSON.stringify(c.meeting)}, expected ${String(item.id)} and ${JSON.stringify(item.meeting)}`);
      }
    }
  }

  private checkLegislativeTerms(body: OParlObject): void {
    if (typeof body.legislativeTermList !== 'string' || !Array.isArray(body.legislativeTerm)) return;
    const list = this.lists.get(body.legislativeTermList);
    if (!list) return;
    const embedded = body.legislativeTerm.filter(isObject).map((t) => String(t.id));
    if (!sameSet(embedded, list.ids)) this.session.problem(`${String(body.id)}#/legislativeTerm`, 'body.legislative-term-list', `Body.legislativeTerm and legislativeTermList differ: ${sequenceDiff(embedded, list.ids)}`);
  }

  private compareListWith(owner: OParlObject, property: string, expectedObjects: OParlObject[], rule: RuleId): void {
    const url = owner[property];
    if (typeof url !== 'string') return;
    const list = this.lists.get(url);
    if (!list) return;
    const expected = expectedObjects.map((o) => String(o.id));
    if (!sameSet(list.ids, expected)) this.session.problem(url, rule, sequenceDiff(list.ids, expected));
  }

  private checkProjectRules(): void {
    for (const [id, obj] of this.objects) {
      if (obj.deleted === true) continue;
      const type = this.types.get(id);
      if (type === 'Paper' && this.options.requirePaperMainFile !== false && !isObject(obj.mainFile)) this.session.problem(id, 'paper.main-file-missing', 'the paper has no mainFile');
      if (type === 'File' && this.options.requireFileMetadata !== false) {
        const missing = ['mimeType', 'size', 'sha512Checksum', 'downloadUrl'].filter((k) => obj[k] === undefined);
        if (missing.length) this.session.problem(id, 'file.metadata-missing', `missing ${missing.join(', ')}`);
      }
    }
  }

  /** Family F. */
  private async checkFiles(): Promise<void> {
    const files = [...this.objects.entries()].filter(([id, obj]) => this.types.get(id) === 'File' && obj.deleted !== true);
    await forEachLimit(files, this.options.concurrency ?? 8, async ([id, file]) => checkFileBytes(this.session, id, file));
  }

  /** Family K beyond what every request checks. */
  private async checkHttpExtras(): Promise<void> {
    const firstList = [...this.lists.keys()][0];
    const someObject = [...this.objects.keys()].find((id) => id !== this.options.systemUrl);
    for (const url of [this.options.systemUrl, firstList, someObject]) if (url) await this.session.checkOptions(url);
    const unknown = `${this.base}oparl-conformance-unknown/0`;
    const r = await this.session.json(unknown);
    if (r.status !== 404) this.session.problem(unknown, 'http.not-found', `an unknown URL answered ${r.status}, expected 404`);
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

async function checkFileBytes(session: Session, id: string, file: OParlObject): Promise<void> {
  if (typeof file.accessUrl !== 'string' || !isUrl(file.accessUrl)) return; // the schema reports it
  const access = await session.request(file.accessUrl);
  if (access.status !== 200) {
    session.problem(file.accessUrl, 'file.status', `accessUrl of ${id} answered ${access.status}`);
    return;
  }
  const disposition = access.headers['content-disposition'] ?? '';
  if (/(?:^|;)\s*attachment\b/i.test(disposition)) session.problem(file.accessUrl, 'file.access-attachment', `accessUrl sends Content-Disposition: ${disposition}`);
  const contentType = (access.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (typeof file.mimeType === 'string' && contentType !== file.mimeType.toLowerCase()) session.problem(file.accessUrl, 'file.mime-type', `Content-Type ${JSON.stringify(contentType)}, mimeType ${JSON.stringify(file.mimeType)}`);
  if (typeof file.size === 'number') {
    if (access.body.length !== file.size) session.problem(file.accessUrl, 'file.size', `served ${access.body.length} bytes, size says ${file.size}`);
    const length = access.headers['content-length'];
    if (length !== undefined && Number(length) !== file.size) session.problem(file.accessUrl, 'file.size', `Content-Length ${length}, size says ${file.size}`);
  }
  if (typeof file.sha512Checksum === 'string' && SHA512(access.body) !== file.sha512Checksum.toLowerCase()) {
    session.problem(file.accessUrl, 'file.sha512', `sha512 of the served bytes differs from sha512Checksum of ${id}`);
  }
  if (typeof file.downloadUrl !== 'string' || !isUrl(file.downloadUrl)) return;
  const download = await session.request(file.downloadUrl);
  if (download.status !== 200) {
    session.problem(file.downloadUrl, 'file.status', `downloadUrl of ${id} answered ${download.status}`);
    return;
  }
  const dd = download.headers['content-disposition'] ?? '';
  if (!/^\s*attachment\s*(?:;|$)/i.test(dd) || !/;\s*filename\*?=/i.test(dd)) session.problem(file.downloadUrl, 'file.download-disposition', `Content-Disposition ${JSON.stringify(dd)} must start with attachment and name a filename`);
  if (!download.body.equals(access.body)) session.problem(file.downloadUrl, 'file.download-bytes', 'downloadUrl serves other bytes than accessUrl');
}

export async function crawlOParl(options: CrawlOptions): Promise<CrawlResult> {
  return new Crawler(options).run();
}

// ------------------------------------------------------------------ family G: filters

export interface FilterCheckOptions extends SessionOptions {
  /** Only these list URLs (default: every list of the crawl). */
  lists?: string[];
}

type Field = 'created' | 'modified';

function instantOf(obj: OParlObject, field: Field): number | undefined {
  const v = obj[field];
  return typeof v === 'string' ? parseOParlDateTime(v) : undefined;
}

/** The value of `field` at quantile q of the items, as the server wrote it (so the bound equals an object's value). */
function pickValue(items: readonly OParlObject[], field: Field, q: number): string | undefined {
  const values = items
    .map((o) => ({ raw: o[field], at: instantOf(o, field) }))
    .filter((v): v is { raw: string; at: number } => typeof v.raw === 'string' && v.at !== undefined)
    .sort((a, b) => a.at - b.at);
  return values[Math.min(values.length - 1, Math.floor(q * (values.length - 1)))]?.raw;
}

export async function checkFilters(fetch: OParlFetch, crawl: CrawlResult, options: FilterCheckOptions = {}): Promise<Problem[]> {
  const session = new Session(fetch, options);
  const lists = [...crawl.lists.values()].filter((l) => !options.lists || options.lists.includes(l.url));
  for (const list of lists) await checkListFilters(session, list);
  return session.problems;
}

async function checkListFilters(session: Session, list: CrawledList): Promise<void> {
  const items = list.items.filter((i) => i.deleted !== true);
  const liveIds = new Set(items.map((i) => String(i.id)));
  const limit = String(Math.max(2, Math.ceil(items.length / 3)));

  const expectIds = (field: Field, since?: string, until?: string): string[] => {
    const lo = since === undefined ? -Infinity : (paramInstant(since) ?? NaN);
    const hi = until === undefined ? Infinity : (paramInstant(until) ?? NaN);
    return items.filter((o) => {
      const t = instantOf(o, field);
      return t !== undefined && t >= lo && t <= hi;
    }).map((o) => String(o.id));
  };

  const run = async (params: Record<string, string>, field: Field, since: string | undefined, until: string | undefined, rule: RuleId, firstUrl?: string): Promise<void> => {
    const walk = await session.walk(list.url, { itemType: list.itemType, params: { ...params, limit }, firstUrl, validateItems: params.omit_internal === 'true' });
    if (!walk.ok) {
      if (rule === 'filter.plus') session.problem(walk.firstUrl, 'filter.plus', 'a filter value with an unencoded + was not accepted');
      return;
    }
    const live = walk.items.filter((i) => i.item.deleted !== true).map((i) => String(i.item.id));
    const expected = expectIds(field, since, until);
    const query = Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&');
    if (!sameSequence(live, expected)) session.problem(walk.firstUrl, rule, `${query}: ${sequenceDiff(live, expected)} (inclusive bounds, order of the full list)`);
    for (const { item, page, index } of walk.items) {
      if (item.deleted !== true) continue;
      const at = `${page}#/data/${index}`;
      if (liveIds.has(String(item.id))) session.problem(at, rule, `${String(item.id)} is live in the full list but reported deleted`);
      const t = instantOf(item, 'modified');
      const lo = since === undefined || field !== 'modified' ? -Infinity : (paramInstant(since) ?? NaN);
      const hi = until === undefined || field !== 'modified' ? Infinity : (paramInstant(until) ?? NaN);
      if (t === undefined || t < lo || t > hi) session.problem(at, rule, `the tombstone's modified ${String(item.modified)} is outside ${query}`);
    }
  };

  if (items.length) {
    const midC = pickValue(items, 'created', 0.5) as string;
    const midM = pickValue(items, 'modified', 0.5) as string;
    const [lowC, highC] = [pickValue(items, 'created', 0.25) as string, pickValue(items, 'created', 0.75) as string];
    const [lowM, highM] = [pickValue(items, 'modified', 0.25) as string, pickValue(items, 'modified', 0.75) as string];
    await run({ created_since: midC }, 'created', midC, undefined, 'filter.result');
    await run({ created_until: midC }, 'created', undefined, midC, 'filter.result');
    await run({ modified_since: midM, omit_internal: 'true' }, 'modified', midM, undefined, 'filter.result');
    await run({ modified_until: midM }, 'modified', undefined, midM, 'filter.result');
    await run({ created_since: lowC, created_until: highC }, 'created', lowC, highC, 'filter.result');
    await run({ modified_since: lowM, modified_until: highM }, 'modified', lowM, highM, 'filter.result');
    // An unencoded "+" (the same instant written at +01:00, raw in the query string).
    const plus = formatOParlDateTime(paramInstant(midM) as number, 60);
    const raw = `${list.url}${list.url.includes('?') ? '&' : '?'}modified_since=${plus}&limit=${limit}`;
    await run({ modified_since: plus }, 'modified', plus, undefined, 'filter.plus', raw);
  }

  const future = await session.walk(list.url, { itemType: list.itemType, params: { modified_since: FAR_FUTURE } });
  if (future.ok && future.items.length) session.problem(future.firstUrl, 'filter.far-future', `modified_since=${FAR_FUTURE} returned ${future.items.length} items`);
  if (!future.ok) session.problem(future.firstUrl, 'filter.far-future', `modified_since=${FAR_FUTURE} must answer 200 with an empty data array`);

  const malformed: Array<[string, string]> = [
    ['created_since', 'gestern'],
    ['created_until', '2027-02-30T10:00:00+01:00'],
    ['modified_since', '2027-01-01'],
    ['modified_until', '2027-01-01T25:00:00+01:00'],
  ];
  for (const [name, value] of malformed) {
    const url = withParams(list.url, { [name]: value });
    const r = await session.json(url);
    if (r.status !== 400) session.problem(url, 'filter.malformed', `${name}=${value} answered ${r.status}, expected 400`);
  }
}

// ------------------------------------------------------------------ family J: limit

export interface LimitCheckOptions extends SessionOptions {
  defaultLimit?: number;
  maxLimit?: number;
  /** The list to page through (default: the smallest list with at least 8 items, else the largest). */
  list?: string;
}

export async function checkLimit(fetch: OParlFetch, crawl: CrawlResult, options: LimitCheckOptions = {}): Promise<Problem[]> {
  const session = new Session(fetch, options);
  const defaultLimit = options.defaultLimit ?? OPARL_DECISIONS.defaultLimit;
  const maxLimit = options.maxLimit ?? OPARL_DECISIONS.maxLimit;
  const lists = [...crawl.lists.values()];
  const list =
    (options.list ? crawl.lists.get(options.list) : undefined) ??
    lists.filter((l) => l.ids.length >= 8).sort((a, b) => a.ids.length - b.ids.length)[0] ??
    lists.sort((a, b) => b.ids.length - a.ids.length)[0];
  if (!list) return [{ path: crawl.systemUrl, rule: 'limit.exact', message: 'the crawl found no list to check limit on' }];

  for (const n of [1, 2, 7]) {
    const walk = await session.walk(list.url, { itemType: list.itemType, params: { limit: String(n) }, maxPages: list.ids.length + 2 });
    if (!walk.ok) continue;
    walk.pages.forEach((page, i) => {
      const last = i === walk.pages.length - 1;
      if (page.elementsPerPage !== n) session.problem(page.url, 'limit.exact', `limit=${n}: elementsPerPage is ${JSON.stringify(page.elementsPerPage)}`);
      if ((!last && page.count !== n) || page.count > n) session.problem(page.url, 'limit.exact', `limit=${n}: the page holds ${page.count} items`);
    });
    if (!sameSequence(walk.ids, list.ids)) session.problem(walk.firstUrl, 'limit.exact', `limit=${n} pages differ from the crawl: ${sequenceDiff(walk.ids, list.ids)}`);
  }

  const plain = await session.json(list.url, 200);
  if (isObject(plain.json)) {
    const epp = isObject(plain.json.pagination) ? plain.json.pagination.elementsPerPage : undefined;
    const count = Array.isArray(plain.json.data) ? plain.json.data.length : -1;
    if (epp !== defaultLimit || count !== Math.min(list.ids.length, defaultLimit)) session.problem(list.url, 'limit.default', `without limit: elementsPerPage ${JSON.stringify(epp)} and ${count} items, expected ${defaultLimit} per page`);
  }

  for (const asked of [maxLimit + 1, 100_000]) {
    const url = withParams(list.url, { limit: String(asked) });
    const r = await session.json(url, 200);
    if (!isObject(r.json)) continue;
    const epp = isObject(r.json.pagination) ? r.json.pagination.elementsPerPage : undefined;
    const count = Array.isArray(r.json.data) ? r.json.data.length : 0;
    if (epp !== maxLimit || count > maxLimit) session.problem(url, 'limit.clamp', `limit=${asked}: elementsPerPage ${JSON.stringify(epp)}, ${count} items; expected clamping to ${maxLimit}`);
  }

  for (const bad of ['0', '-1', '1.5', 'x']) {
    const url = withParams(list.url, { limit: bad });
    const r = await session.json(url);
    if (r.status !== 400) session.problem(url, 'limit.invalid', `limit=${bad} answered ${r.status}, expected 400`);
  }
  return session.problems;
}

// ------------------------------------------------------------------ family H: deletion and depublication

export async function checkTombstones(fetch: OParlFetch, before: CrawlResult, sinceIso: string, expectedDeletedIds: readonly string[], options: SessionOptions = {}): Promise<Problem[]> {
  const session = new Session(fetch, options);
  const since = parseOParlDateTime(sinceIso);
  const deleted = new Set(expectedDeletedIds);
  for (const id of expectedDeletedIds) {
    const old = before.objects.get(id);
    const type = before.types.get(id);
    if (!old || !type) {
      session.problem(id, 'tombstone.unknown-id', 'not in the earlier crawl');
      continue;
    }
    const tombstone = await checkStandaloneTombstone(session, id, old, since, sinceIso);
    for (const list of before.lists.values()) {
      if (!list.ids.includes(id)) continue;
      const unfiltered = await session.walk(list.url, { itemType: list.itemType });
      if (unfiltered.ids.includes(id)) session.problem(list.url, 'tombstone.in-unfiltered-list', `${id} is still listed`);
      const filtered = await session.walk(list.url, { itemType: list.itemType, params: { modified_since: sinceIso } });
      const found = filtered.items.find((i) => i.item.id === id);
      if (!found) session.problem(filtered.firstUrl, 'tombstone.missing-from-since-list', `${id} is not in the list filtered with modified_since=${sinceIso}`);
      else if (tombstone && !deepEqual(found.item, tombstone)) session.problem(`${found.page}#/data/${found.index}`, 'tombstone.list-differs', `the listed tombstone differs from GET ${id}`);
    }
    for (const containerId of before.containers.get(id) ?? []) {
      if (deleted.has(containerId)) continue;
      await checkContainer(session, containerId, id, before);
    }
    if (type === 'File') {
      for (const key of ['accessUrl', 'downloadUrl']) {
        const url = old[key];
        if (typeof url !== 'string') continue;
        const r = await session.request(url);
        if (r.status !== 410) session.problem(url, 'tombstone.file-not-gone', `the ${key} of deleted ${id} answered ${r.status}, expected 410`);
      }
    }
  }
  return session.problems;
}

async function checkStandaloneTombstone(session: Session, id: string, old: OParlObject, since: number | undefined, sinceIso: string): Promise<OParlObject | undefined> {
  const r = await session.json(id);
  if (r.status !== 200 || !isObject(r.json) || r.json.deleted !== true) {
    session.problem(id, 'tombstone.status', `GET answered ${r.status}${isObject(r.json) && r.json.deleted !== true ? ' with an object that is not deleted' : ''}, expected 200 with a tombstone`);
    return undefined;
  }
  const tombstone = r.json;
  session.validate(tombstone, `${id}#`, 'standalone');
  if (tombstone.id !== old.id || tombstone.type !== old.type || tombstone.created !== old.created) {
    session.problem(id, 'tombstone.created-changed', `id/type/created changed: ${JSON.stringify([tombstone.id, tombstone.type, tombstone.created])} vs ${JSON.stringify([old.id, old.type, old.created])}`);
  }
  const modified = instantOf(tombstone, 'modified');
  if (since !== undefined && (modified === undefined || modified < since)) session.problem(`${id}#/modified`, 'tombstone.modified-too-early', `modified ${String(tombstone.modified)} is before ${sinceIso}`);
  return tombstone;
}

async function checkContainer(session: Session, containerId: string, childId: string, before: CrawlResult): Promise<void> {
  const r = await session.json(containerId, 200);
  if (!isObject(r.json) || r.json.deleted === true) return;
  const was = before.objects.get(containerId);
  const old = was ? instantOf(was, 'modified') : undefined;
  const now = instantOf(r.json, 'modified');
  if (old !== undefined && (now === undefined || now <= old)) session.problem(`${containerId}#/modified`, 'tombstone.parent-not-bumped', `embedded ${childId} was deleted but modified stayed ${String(r.json.modified)}`);
  const stack: unknown[] = [r.json];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (isObject(node)) {
      if (node !== r.json && node.id === childId) {
        session.problem(containerId, 'tombstone.still-embedded', `still embeds the deleted ${childId}`);
        return;
      }
      stack.push(...Object.values(node));
    }
  }
}

/** Family H/L: never-public objects (and their file URLs) answer 404. */
export async function checkAbsent(fetch: OParlFetch, urls: readonly string[], options: SessionOptions = {}): Promise<Problem[]> {
  const session = new Session(fetch, options);
  for (const url of urls) {
    const r = await session.json(url);
    if (r.status !== 404) session.problem(url, 'absent.not-404', `answered ${r.status}, expected 404`);
  }
  return session.problems;
}

// ------------------------------------------------------------------ family I: incremental sync

export interface SyncResult {
  since: string;
  /** Objects the sync received (omit_internal=true representations), by id. */
  objects: Map<string, OParlObject>;
  /** Ids the sync received as tombstones. */
  deleted: Set<string>;
  problems: Problem[];
}

/**
 * What a client does to catch up: GET the System, then every Body list with
 * modified_since=since and omit_internal=true (the Body list itself included).
 */
export async function syncSince(fetch: OParlFetch, systemUrl: string, sinceIso: string, options: SessionOptions & { limit?: number } = {}): Promise<SyncResult> {
  const session = new Session(fetch, options);
  const result: SyncResult = { since: sinceIso, objects: new Map(), deleted: new Set(), problems: session.problems };
  const since = parseOParlDateTime(sinceIso);
  const base: Record<string, string> = options.limit ? { limit: String(options.limit) } : {};
  const system = await session.fetchObject(systemUrl);
  if (!system || typeof system.body !== 'string') return result;
  result.objects.set(systemUrl, system);
  const take = (walk: WalkResult): void => {
    for (const { item, page, index } of walk.items) {
      const id = String(item.id);
      const t = instantOf(item, 'modified');
      if (since !== undefined && (t === undefined || t < since)) session.problem(`${page}#/data/${index}`, 'filter.result', `modified ${String(item.modified)} is before modified_since=${sinceIso}`);
      if (item.deleted === true) {
        result.deleted.add(id);
        result.objects.delete(id);
      } else result.objects.set(id, item);
    }
  };
  const sinceParams = { ...base, modified_since: sinceIso, omit_internal: 'true' };
  take(await session.walk(system.body, { itemType: 'Body', params: sinceParams, validateItems: true }));
  // The Body list URLs come from the unfiltered body list: an unchanged Body is not in the filtered one.
  const bodies = await session.walk(system.body, { itemType: 'Body', params: { ...base, omit_internal: 'true' } });
  for (const { item: body } of bodies.items) {
    for (const [property, itemType] of Object.entries(session.validator.types.Body.externalLists)) {
      const url = body[property];
      if (typeof url === 'string' && isUrl(url)) take(await session.walk(url, { itemType, params: sinceParams, validateItems: true }));
    }
  }
  return result;
}

/** The snapshot after applying a sync: received objects replace, tombstones remove. */
export function applySync(snapshot: ReadonlyMap<string, OParlObject>, sync: SyncResult): Map<string, OParlObject> {
  const out = new Map(snapshot);
  for (const [id, obj] of sync.objects) out.set(id, obj);
  for (const id of sync.deleted) out.delete(id);
  return out;
}

/** Compares without the internal lists omit_internal leaves out (they come back through the Body 1.1 lists). */
function normalised(obj: OParlObject): OParlObject {
  const type = typeNameOf(obj);
  return type ? withoutKeys(obj, OMIT_INTERNAL[type] ?? []) : obj;
}

/**
 * Family I: `before` (full crawl) + `sync` (syncSince from before) must equal
 * `fresh` (a full crawl afterwards); created never changes; every object whose
 * content changed has a newer modified (and, with strictModified, only those).
 */
export function compareSync(before: CrawlResult, sync: SyncResult, fresh: CrawlResult, options: { strictModified?: boolean } = {}): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, rule: RuleId, message: string): void => {
    problems.push({ path, rule, message });
  };
  const applied = applySync(before.objects, sync);
  for (const [id, obj] of fresh.objects) {
    const mine = applied.get(id);
    if (!mine) add(id, 'sync.missing', `in the fresh crawl but not reached by modified_since=${sync.since}`);
    else if (!deepEqual(normalised(mine), normalised(obj))) add(id, 'sync.differs', `the synced copy differs in: ${differingKeys(normalised(mine), normalised(obj)).join(', ')}`);
  }
  for (const id of applied.keys()) if (!fresh.objects.has(id)) add(id, 'sync.extra', 'the synced copy still holds it, the fresh crawl does not (no tombstone received?)');
  for (const [id, now] of fresh.objects) {
    const was = before.objects.get(id);
    if (!was) continue;
    if (was.created !== now.created) add(`${id}#/created`, 'sync.created-changed', `created changed from ${String(was.created)} to ${String(now.created)}`);
    const changed = !deepEqual(withoutKeys(was, ['modified']), withoutKeys(now, ['modified']));
    if (changed && was.modified === now.modified) add(`${id}#/modified`, 'sync.modified-not-bumped', `content changed (${differingKeys(withoutKeys(was, ['modified']), withoutKeys(now, ['modified'])).join(', ')}) but modified stayed ${String(now.modified)}`);
    if (!changed && was.modified !== now.modified && options.strictModified) add(`${id}#/modified`, 'sync.modified-without-change', `modified moved from ${String(was.modified)} to ${String(now.modified)} without any change`);
  }
  return problems;
}
