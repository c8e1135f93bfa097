/**
 * A short-lived, per-instance cache for anonymous public reads (the service
 * catalogue, service pages, the Open311 and OParl lists). The moment of a
 * release — Briefwahl opens, a council agenda is published — sends many
 * identical anonymous requests at once; rendering each from the database is
 * what falls over first. Entries live for a few seconds per route
 * (`config: { cache: { ttlSeconds } }`), are keyed by tenant, language and
 * URL, and all of a tenant's entries are dropped when a state-changing
 * request of that tenant succeeds in this process (or a writer outside HTTP
 * calls `invalidate`). Other instances see a change when their entry
 * expires, so the TTL is the bound on staleness across instances.
 *
 * What is never cached: anything with a session cookie (staff, members), a
 * pending flash message, a non-GET method, a status other than 200, and a
 * response that sets a cookie. A page with a form is cached with a hole for
 * its CSRF token, filled per request from the browser's own secret, so a
 * token is never shared between browsers.
 *
 * A render is kept from a key's second render on, or at once when other
 * requests waited for it: a URL asked for only once (a crawler, a client
 * varying the query string) does not push out the pages everybody reads,
 * nor fill the memory.
 *
 * Concurrent misses of the same key wait for the first render instead of
 * rendering in parallel (no thundering herd). When an entry expires, the
 * first request renders its successor while the others are still served
 * the expired one (for at most one more TTL: stale-while-revalidate), so an
 * expiry costs one render, not a stall of everyone reading that page. A
 * write that drops a tenant's entries drops them outright: nobody gets a
 * page from before their own change.
 *
 * Entries without a token hole are compressed once, on their first hit that
 * accepts it, off the event loop (zlib's thread pool), into Brotli and gzip,
 * and a client that accepts one gets those bytes: an Open311 list of half a
 * megabyte goes out as a tenth of it, and a hit costs no compression. Until
 * the copies are ready (a few milliseconds) clients get identity.
 * Each representation has its own ETag (`"…-br"`, `"…-gz"`), and all of them
 * say `Vary: Accept-Encoding`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface RouteCacheConfig {
  ttlSeconds: number;
}

type Encoding = 'br' | 'gzip';

interface Entry {
  tenantId: string;
  expires: number;
  /** Until then an expired entry may still be served while its successor is rendered. */
  staleUntil: number;
  body: string | Buffer;
  /** The body is worth compressing: text, big enough, no holes. */
  compressible: boolean;
  /** Compressed copies of the body, once they are ready; 'pending' while they are made. */
  encoded?: Partial<Record<Encoding, Buffer>> | 'pending';
  /** The body has CSRF token holes (string bodies only). */
  hole: boolean;
  headers: Record<string, string>;
  etag: string;
  bytes: number;
}

interface RequestState {
  key: string;
  tenantId: string;
  ttlSeconds: number;
  /** 'store': rendering now, keep the result; 'hit': served from the cache. */
  mode: 'store' | 'hit';
  /** Others asked for the same key while this request rendered it (so it is worth keeping). */
  demanded?: boolean;
  hole: boolean;
  release?: () => void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anonymous GETs of this route may be served from the page cache. */
    cache?: RouteCacheConfig;
  }
  interface FastifyRequest {
    pageCache: RequestState | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Bodies smaller than this go out as they are: compression would save less than it costs. */
const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/([a-z.+-]+\+)?(json|xml|javascript)|image\/svg\+xml)/;
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
const ETAG_SUFFIX: Record<Encoding, string> = { br: '-br', gzip: '-gz' };

/**
 * The encoding to send for an Accept-Encoding header: Brotli before gzip, a
 * coding with q=0 refused, identity when neither is accepted.
 */
export function preferredEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  let br = false;
  let gz = false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    if (coding === 'br') br = true;
    else if (coding === 'gzip' || coding === 'x-gzip') gz = true;
  }
  return br ? 'br' : gz ? 'gzip' : null;
}

/** Headers a cached response does not keep: per-connection or per-request ones (security headers are set again on every request). */
const PER_REQUEST_HEADERS = new Set(['set-cookie', 'date', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);

export interface PageCache {
  /** The marker a cached render writes where the CSRF token goes. */
  readonly csrfMarker: string;
  /** Drops the tenant's entries (a write outside an HTTP request, e.g. a job, that changes public data). */
  invalidate(tenantId: string): void;
  clear(): void;
  stats(): { entries: number; bytes: number; hits: number; misses: number };
}

export interface PageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** Longest a request waits for a concurrent render of the same key before rendering itself. */
  waitMs?: number;
  /** false: every request renders (tests that change data behind the app's back). */
  enabled?: boolean;
}

export function createPageCache(options: PageCacheOptions = {}): PageCache & {
  install(app: FastifyInstance, hooks: { bypass(request: FastifyRequest): boolean; csrfToken(request: FastifyRequest, reply: FastifyReply): string }): void;
} {
  const maxEntries = options.maxEntries ?? 2000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const waitMs = options.waitMs ?? 5000;
  const csrfMarker = `csrf-${randomBytes(12).toString('hex')}`;
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<void>>();
  /** The render of each key in flight, so a request that waits for it can say it wants the result too. */
  const rendering = new Map<string, RequestState>();
  /**
   * Keys rendered before (most recent last, bounded): a page is kept from its
   * second render on, or at once when others waited for its first. A URL
   * asked for once — a crawler, a client varying the query string — then
   * never takes the place (and the memory) of the pages everybody reads.
   */
  const seen = new Set<string>();
  const maxSeen = 4 * maxEntries;
  /** The key each stored entry is kept under (a compression finishing late must find its own entry). */
  const keyOf = new WeakMap<Entry, string>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  function drop(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  /** The entry of a key, and whether it has expired (but may still be served while its successor is rendered). */
  function lookup(key: string): { entry: Entry; stale: boolean } | null {
    const entry = entries.get(key);
    if (!entry) return null;
    const now = Date.now();
    if (entry.staleUntil <= now) {
      drop(key);
      return null;
    }
    // Least recently used goes first when full: re-insert on use.
    entries.delete(key);
    entries.set(key, entry);
    return { entry, stale: entry.expires <= now };
  }

  /** Whether a fresh render of the key should be kept: its second render, or one that others waited for. */
  function admit(state: RequestState): boolean {
    if (state.demanded || seen.has(state.key)) return true;
    seen.add(state.key);
    if (seen.size > maxSeen) for (const oldest of seen) {
      seen.delete(oldest);
      break;
    }
    return false;
  }

  function store(key: string, entry: Entry): void {
    drop(key);
    if (entry.bytes > maxBytes / 8) return;
    entries.set(key, entry);
    bytes += entry.bytes;
    evict();
  }

  /** Least recently used first, until the cache is within its bounds. */
  function evict(): void {
    for (const [oldest] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      drop(oldest);
    }
  }

  function invalidate(tenantId: string): void {
    for (const [key, entry] of entries) if (entry.tenantId === tenantId) drop(key);
  }

  function serve(request: FastifyRequest, reply: FastifyReply, entry: Entry) {
    hits += 1;
    reply.code(200).headers(entry.headers);
    if (entry.hole) return reply.send(entry.body);
    const encoding = entry.compressible ? preferredEncoding(request.headers['accept-encoding']) : null;
    // Compressed on the first hit that asks for it, not on store: a URL read once (a cache-busting client) costs no compression.
    if (encoding && !entry.encoded) compress(entry);
    const encoded = encoding && typeof entry.encoded === 'object' ? entry.encoded[encoding] : undefined;
    const etag = encoded && encoding ? entry.etag.replace(/"$/, `${ETAG_SUFFIX[encoding]}"`) : entry.etag;
    if (encoded) reply.header('content-encoding', encoding).header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(encoded ?? entry.body);
  }

  /** Compresses a stored entry's body in the background; hits use the copies once both are there. */
  function compress(entry: Entry): void {
    const body = entry.body;
    if (!Buffer.isBuffer(body)) return;
    entry.encoded = 'pending';
    Promise.all([
      brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzipped(body, { level: 6 }),
    ]).then(
      ([br, gz]) => {
        // Only an entry still cached gets (and counts) its copies.
        if (entries.get(keyOf.get(entry) ?? '') !== entry) return;
        entry.encoded = { br, gzip: gz };
        entry.bytes += br.length + gz.length;
        bytes += br.length + gz.length;
        evict();
      },
      () => {
        entry.compressible = false;
        entry.encoded = undefined;
      },
    );
  }

  function install(app: FastifyInstance, hooks: { bypass(request: FastifyRequest): boolean; csrfToken(request: FastifyRequest, reply: FastifyReply): string }): void {
    app.decorateRequest('pageCache', null);
    if (options.enabled === false) return;

    app.addHook('onRequest', async (request, reply) => {
      const config = request.routeOptions.config.cache;
      if (!config || request.method !== 'GET' || !request.tenant || hooks.bypass(request)) return;
      const key = `${request.tenant.id}\u0000${request.locale}\u0000${request.url}`;
      const state: RequestState = { key, tenantId: request.tenant.id, ttlSeconds: config.ttlSeconds, mode: 'store', hole: false };
      const found = lookup(key);
      // Expired, and nobody renders it yet: this request does (the others meanwhile get the expired entry).
      let entry = found && (!found.stale || inflight.has(key)) ? found.entry : null;
      if (!entry && !found) {
        const pending = inflight.get(key);
        if (pending) {
          const renderer = rendering.get(key);
          if (renderer) renderer.demanded = true;
          await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
          const rendered = lookup(key);
          entry = rendered && !rendered.stale ? rendered.entry : null;
        }
      }
      if (entry) {
        request.pageCache = { ...state, mode: 'hit', hole: entry.hole };
        return serve(request, reply, entry);
      }
      misses += 1;
      if (!inflight.has(key)) {
        let release = (): void => {};
        const pending = new Promise<void>((resolve) => (release = resolve));
        inflight.set(key, pending);
        rendering.set(key, state);
        let done = false;
        state.release = () => {
          if (done) return;
          done = true;
          if (inflight.get(key) === pending) inflight.delete(key);
          if (rendering.get(key) === state) rendering.delete(key);
          release();
        };
      }
      request.pageCache = state;
      // A render whose client went away must not leave others waiting for it ('close' comes in every case).
      reply.raw.once('close', () => state.release?.());
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const state = request.pageCache;
      if (!state) return payload;
      let body = payload;
      if (state.mode === 'store') {
        if (reply.statusCode === 200 && !reply.hasHeader('set-cookie') && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(reply.getHeaders())) {
            if (!PER_REQUEST_HEADERS.has(name) && (typeof value === 'string' || typeof value === 'number')) headers[name] = String(value);
          }
          const etag = headers.etag ?? `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
          const compressible = !state.hole && Buffer.byteLength(payload) >= COMPRESS_MIN_BYTES && COMPRESSIBLE.test(headers['content-type'] ?? '');
          if (compressible) {
            headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
            reply.header('vary', headers.vary);
          }
          if (!state.hole) {
            headers.etag = etag;
            if (!headers['cache-control'] || headers['cache-control'] === 'no-store') headers['cache-control'] = 'private, no-cache';
            reply.header('etag', etag).header('cache-control', headers['cache-control']);
          }
          if (admit(state)) {
            // Kept as bytes unless a token goes in: a hit then costs no encoding (an Open311 list is half a megabyte).
            const body = state.hole || Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
            const expires = Date.now() + state.ttlSeconds * 1000;
            const entry: Entry = { tenantId: state.tenantId, expires, staleUntil: expires + state.ttlSeconds * 1000, body, hole: state.hole, compressible, headers, etag, bytes: body.length + 512 };
            keyOf.set(entry, state.key);
            store(state.key, entry);
          }
        }
        state.release?.();
      }
      if (state.hole && typeof body === 'string') {
        body = body.split(csrfMarker).join(hooks.csrfToken(request, reply));
        reply.header('cache-control', 'no-store');
      }
      return body;
    });

    app.addHook('onResponse', async (request, reply) => {
      // A render that failed must not leave others waiting for it.
      request.pageCache?.release?.();
      // Read your writes: a successful change drops what this instance cached for the tenant.
      if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400 && request.tenant) invalidate(request.tenant.id);
    });
    app.addHook('onRequestAbort', async (request) => {
      request.pageCache?.release?.();
    });
  }

  return {
    csrfMarker,
    install,
    invalidate,
    clear() {
      entries.clear();
      seen.clear();
      bytes = 0;
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
