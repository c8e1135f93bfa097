/**
 * Rate-limit counters in PostgreSQL, so several app instances share them
 * (a counter in process memory would let a bot multiply its budget by the
 * number of instances). One upsert per counted request.
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

export function pgRateLimitStore(pool: pg.Pool, namespace = 'rl'): FastifyRateLimitStoreCtor {
  class PgStore implements FastifyRateLimitStore {
    constructor(private readonly prefix: string) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      pool.query<{ hits: number; ttl: number }>(upsert, [`${this.prefix}:${key}`, timeWindow]).then(
        (result) => {
          const row = result.rows[0];
          callback(null, { current: row?.hits ?? 1, ttl: Number(row?.ttl ?? timeWindow) });
        },
        (error: Error) => callback(error),
      );
    }

    /** One counter per route: the plugin passes the route's merged limit parameters, with the route under `routeInfo`. */
    child(params: object): FastifyRateLimitStore {
      const route = (params as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new PgStore(`${this.prefix}:${String(route.method ?? '*')}:${String(route.url ?? '*')}`);
    }
  }
  /** The plugin constructs the store with its own options object; the namespace comes from this closure instead. */
  class RootStore extends PgStore {
    constructor() {
      super(namespace);
    }
  }
  return RootStore as unknown as FastifyRateLimitStoreCtor;
}

/**
 * Counts one hit on a named budget (e.g. unverified bookings per IP) in the
 * same shared table, for limits a route decides on inside its handler.
 * Returns the hits in the current window, this one included.
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
