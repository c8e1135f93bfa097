/**
 * The connection pool and the Kysely instance. One pool per process; every
 * pool and checked-out client has an error listener, so a PostgreSQL restart
 * makes the pool reconnect instead of killing the process.
 */
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.ts';

// Return bigint/numeric counts as numbers (they stay far below 2^53 here) and dates as Date.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// A calendar date stays 'YYYY-MM-DD': turning it into a Date would shift it by the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A query executor: the database itself or a transaction. */
export type Executor = Db | Tx;

const PREPARED_MARK = '/* prepared */';

/**
 * Marks a hot statement: it runs as a named prepared statement, parsed and
 * planned once per connection (and after five runs PostgreSQL may keep a
 * generic plan), instead of planned anew each time. Put it first in raw SQL
 * (`sql\`${prepared} select …\``) or last in a built query
 * (`.modifyEnd(prepared)`). For the statements a release storm or an
 * application burst sends thousands of times, where planning cost PostgreSQL
 * as much as executing. The name is derived from the text, so every distinct
 * text is its own statement: keep the number of distinct texts small
 * (parameters, not literals, no `in (…)` lists of varying length), and name
 * the columns (no `select *`: a column added by a migration would change a
 * prepared statement's result type, which PostgreSQL refuses on connections
 * that prepared it before). A connection pooler in front of PostgreSQL must
 * support prepared statements (PgBouncer ≥ 1.21 with
 * max_prepared_statements, or session pooling).
 *
 * Weigh the plan going stale: a connection keeps the generic plan it chose
 * while a table was a few pages — a sequential scan — until the next
 * ANALYZE of that table (up to a minute with autovacuum's defaults). In an
 * application burst that started on a small mails table, the mail worker's
 * marked lookup by primary key read 689 pages per call (0.95 ms, against
 * 0.10 ms for the same key's unmarked update; bench, 2026-12-04). So a
 * single-key lookup in a table that grows fast (the mail worker's, the
 * draft reads, a booking's idempotency key) stays unmarked: planning it
 * costs little. Marked are inserts, reads of tables that stay small (the
 * catalogue, closures), and the big statements a release storm or a burst
 * sends thousands of times (the storm's day read, claim and batched
 * idempotency lookup, the Vorgang's creation with its idempotency check);
 * these read tables a municipality fills long before a release (slots,
 * bookings, cases).
 */
export const prepared = sql.raw(PREPARED_MARK);

/** True for a statement text marked with `prepared`. */
export function isMarkedPrepared(text: string): boolean {
  return text.startsWith(PREPARED_MARK) || text.endsWith(PREPARED_MARK);
}

/** Appends the `prepared` mark to a statement text that is not built with Kysely (pg-boss's). */
export function markPrepared(text: string): string {
  return isMarkedPrepared(text) ? text : `${text} ${PREPARED_MARK}`;
}

/** Statement names by text (a hash per call cost more than a lookup; the marked texts are few). */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `rathaus_${createHash('sha1').update(text).digest('hex').slice(0, 32)}`;
    // A safety bound only: marked texts are a few dozen.
    if (statementNames.size >= 1000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/** Sends statements that carry the mark as named prepared statements on this connection. */
function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => unknown;
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && isMarkedPrepared(config) && Array.isArray(values) && callback === undefined) {
      return query({ name: statementName(config), text: config, values });
    }
    return (query as (...args: unknown[]) => unknown)(...[config, values, callback].filter((a) => a !== undefined));
  }) as typeof client.query;
}

export interface DatabaseHandle {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

export function connectDatabase(
  connectionString: string,
  options: { max?: number; onError?: (error: Error) => void; applicationName?: string } = {},
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 20,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: options.applicationName ?? 'rathaus',
    // A hung query must not hold a request forever.
    statement_timeout: 30_000,
  });
  const onError = options.onError ?? (() => {});
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
    prepareMarkedStatements(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    pool,
    db,
    close: async () => {
      await db.destroy();
    },
  };
}

/** Database name part of a connection URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Creates the database named in `url` if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  admin.on('error', () => {});
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}
