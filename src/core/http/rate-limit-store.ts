/**
 * Rate-limit counters shared by every app instance through PostgreSQL (a
 * counter in process memory alone would let a bot multiply its budget by the
 * number of instances), without a database round trip on the request path.
 *
 * Each instance counts in memory and flushes its new hits to the shared
 * table every `flushMs` (one statement for all keys): the answer of the
 * flush is the shared count of every instance, which becomes the local base.
 * A request is decided on `base + hits not yet flushed` at once, so a
 * crowd (a slot release, a postal vote opening) does not queue for pool
 * connections just to be counted, and the limits keep working while the
 * database is away.
 *
 * Precision: one instance counts exactly; the hits of other instances are
 * seen after at most one flush interval, so several instances together may
 * let through what they receive within one interval beyond the limit. A new
 * key starts from 0 until its first flush (the shared count then wins).
 */
import type pg from 'pg';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';

const upsert = `
insert into rate_limits (key, hits, reset_at)
values ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
on conflict (key) do update set
  hits = case when rate_limits.reset_at <= now() then 1 else rate_limits.hits + 1 end,
  reset_at = case when rate_limits.reset_at <= now() then excluded.reset_at else rate_limits.reset_at end
returning hits, greatest(0, extract(epoch from reset_at - now()) * 1000)::bigint as ttl`;

/** Adds many keys' new hits at once; keys sorted, so two instances' flushes lock rows in the same order. */
const flushStatement = `
insert into rate_limits (key, hits, reset_at)
select k, h, now() + make_interval(secs => w / 1000)
from unnest($1::text[], $2::int[], $3::double precision[]) as t(k, h, w)
order by k
on conflict (key) do update set
  hits = case when rate_limits.reset_at <= now() then excluded.hits else rate_limits.hits + excluded.hits end,
  reset_at = case when rate_limits.reset_at <= now() then excluded.reset_at else rate_limits.reset_at end
returning key, hits, greatest(0, extract(epoch from reset_at - now()) * 1000)::bigint as ttl`;

interface Counter {
  /** Hits of all instances at the last flush (this one's included). */
  base: number;
  /** Hits counted here since, not yet sent. */
  pending: number;
  /** Hits being sent by the running flush. */
  sending: number;
  /** Local clock, ms: when the window ends (taken from the shared row after a flush). */
  resetAt: number;
  windowMs: number;
}

export interface RateCounter {
  /** Counts a hit on `key` and answers at once with the hits in its window (this one included) and the ms until it resets. */
  hit(key: string, windowMs: number): { current: number; ttl: number };
  /** Sends the hits not yet sent (also called by the timer). */
  flush(): Promise<void>;
  /** Last flush; afterwards hits are still counted, but only locally. */
  close(): Promise<void>;
  /** Keys held in memory (for tests and metrics). */
  size(): number;
  /** Forgets every local count (tests, after emptying the table). */
  clear(): void;
  /** Where failed flushes are reported (at most every 10 s), e.g. the app's log. */
  reportErrorsTo(report: (error: Error) => void): void;
}

export interface RateCounterOptions {
  /** How often new hits go to the shared table; default 200 ms. */
  flushMs?: number;
  /** Most keys held in memory; the oldest already sent ones go first. Default 100,000. */
  maxKeys?: number;
  now?: () => number;
}

export function createRateCounter(pool: pg.Pool, options: RateCounterOptions = {}): RateCounter {
  const flushMs = options.flushMs ?? 200;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  const counters = new Map<string, Counter>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  let lastErrorAt = 0;
  let report: (error: Error) => void = () => {};

  function schedule(): void {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, flushMs);
    timer.unref();
  }

  function evict(): void {
    if (counters.size <= maxKeys) return;
    const at = now();
    for (const [key, c] of counters) {
      if (counters.size <= maxKeys) break;
      if (c.pending === 0 && c.sending === 0) counters.delete(key);
      else if (c.resetAt <= at) counters.delete(key);
    }
  }

  function hit(key: string, windowMs: number): { current: number; ttl: number } {
    const at = now();
    let c = counters.get(key);
    if (!c || c.resetAt <= at) {
      // A window that ended here may still be open in the table (another instance's clock); the next flush tells.
      c = { base: 0, pending: 0, sending: c?.sending ?? 0, resetAt: at + windowMs, windowMs };
      counters.set(key, c);
      evict();
    }
    c.pending += 1;
    schedule();
    return { current: c.base + c.sending + c.pending, ttl: Math.max(0, c.resetAt - at) };
  }

  async function send(): Promise<void> {
    const at = now();
    const keys: string[] = [];
    const hits: number[] = [];
    const windows: number[] = [];
    for (const [key, c] of counters) {
      if (c.pending > 0) {
        c.sending = c.pending;
        c.pending = 0;
        keys.push(key);
        hits.push(c.sending);
        windows.push(c.windowMs);
      } else if (c.sending === 0 && c.resetAt <= at) {
        counters.delete(key);
      }
    }
    if (keys.length === 0) return;
    try {
      const result = await pool.query<{ key: string; hits: number; ttl: string }>(flushStatement, [keys, hits, windows]);
      const after = now();
      for (const key of keys) {
        const c = counters.get(key);
        if (c) c.sending = 0;
      }
      for (const row of result.rows) {
        const c = counters.get(row.key);
        if (!c) continue;
        c.base = row.hits;
        c.resetAt = after + Number(row.ttl);
      }
    } catch (error) {
      // Not lost: sent again with the next flush.
      for (const key of keys) {
        const c = counters.get(key);
        if (!c) continue;
        c.pending += c.sending;
        c.sending = 0;
      }
      if (now() - lastErrorAt > 10_000) {
        lastErrorAt = now();
        report(error as Error);
      }
      if (!closed) schedule();
    }
  }

  function flush(): Promise<void> {
    // One flush at a time; a hit counted during one is sent by the next.
    running ??= send().finally(() => {
      running = null;
      if ([...counters.values()].some((c) => c.pending > 0)) schedule();
    });
    return running;
  }

  return {
    hit,
    flush,
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      await flush().catch(() => {});
      closed = true;
    },
    size: () => counters.size,
    clear: () => counters.clear(),
    reportErrorsTo: (fn) => {
      report = fn;
    },
  };
}

/** The store for @fastify/rate-limit: one counter per route (the plugin passes the route under `routeInfo`). */
export function rateLimitStore(counter: RateCounter, namespace = 'rl'): FastifyRateLimitStoreCtor {
  class Store implements FastifyRateLimitStore {
    constructor(private readonly prefix: string) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      callback(null, counter.hit(`${this.prefix}:${key}`, timeWindow));
    }

    child(params: object): FastifyRateLimitStore {
      const route = (params as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new Store(`${this.prefix}:${String(route.method ?? '*')}:${String(route.url ?? '*')}`);
    }
  }
  /** The plugin constructs the store with its own options object; the namespace comes from this closure instead. */
  class RootStore extends Store {
    constructor() {
      super(namespace);
    }
  }
  return RootStore as unknown as FastifyRateLimitStoreCtor;
}

/**
 * Counts one hit on a named budget (e.g. mails per address) in the shared
 * table at once, for limits a handler decides on where a few extra hits
 * across instances would matter. Returns the hits in the current window,
 * this one included.
 */
export async function countHit(pool: pg.Pool, key: string, windowMs: number): Promise<number> {
  const result = await pool.query<{ hits: number }>(upsert, [`budget:${key}`, windowMs]);
  return result.rows[0]?.hits ?? 1;
}

/** Deletes expired counters; run periodically. */
export async function purgeExpiredRateLimits(pool: pg.Pool): Promise<number> {
  const result = await pool.query('delete from rate_limits where reset_at < now()');
  return result.rowCount ?? 0;
}
