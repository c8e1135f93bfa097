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

const PREPARED_MARK = '/* prepared */ ';

/**
 * Put first in a hot statement (`sql\`${prepared}select …\``): it runs as
 * a named prepared statement, parsed and planned once per connection (and
 * after five runs PostgreSQL may keep a generic plan), instead of planned
 * anew each time. For the few statements a release storm sends thousands of
 * times, where planning cost more than executing. The name is derived from
 * the text, so every distinct text is its own statement; keep the number of
 * distinct texts small (parameters, not literals). A connection pooler in
 * front of PostgreSQL must support prepared statements (PgBouncer ≥ 1.21
 * with max_prepared_statements, or session pooling).
 */
export const prepared = sql.raw(PREPARED_MARK);

/** Sends statements that start with the mark as named prepared statements on this connection. */
function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => unknown;
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && config.startsWith(PREPARED_MARK) && Array.isArray(values) && callback === undefined) {
      return query({ name: `rathaus_${createHash('sha1').update(config).digest('hex').slice(0, 32)}`, text: config, values });
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
