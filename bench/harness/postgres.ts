/**
 * The PostgreSQL server a benchmark or drill runs against: an embedded
 * PostgreSQL 18 (src/core/db/embedded.ts) in a temp directory by default, or,
 * when DATABASE_URL is set, that server — then a `rathaus_bench_<random>`
 * database is created on it and dropped by `destroy()` (a database that
 * existed before is never dropped). Either way `url` points at a database
 * of its own, fresh unless `database` named an existing one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, withDatabase } from '../../src/core/db/database.ts';
import { postmasterPid, startEmbeddedPostgres, type EmbeddedServer } from '../../src/core/db/embedded.ts';
import { onExit } from './cleanup.ts';

export interface PgServer {
  /** Connection URL of the bench database. */
  url: string;
  /** Connection URL of another database on the same server (e.g. 'postgres' for admin work). */
  adminUrl(db: string): string;
  /** True when DATABASE_URL pointed at a server we did not start (no stop/restart then). */
  external: boolean;
  /** Embedded only: the data directory. */
  dataDir: string | null;
  /** Embedded only: the postmaster's pid while it runs (for memory sampling), else null. */
  pid(): number | null;
  /** Stops the embedded server (fast shutdown); no-op for an external one. */
  stop(): Promise<void>;
  /** Embedded only: fast stop, wait `downMs` (default 0), start again on the same port and data. */
  restart(opts?: { downMs?: number }): Promise<void>;
  /** Stop and delete: the temp directory (embedded) or the bench database (external). */
  destroy(): Promise<void>;
}


async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    return ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  } finally {
    await client.end();
  }
}

export interface PostgresOptions {
  /** Parent directory of the embedded data dir (`<dir>/postgres`, like the app's DATA_DIR); default a temp dir. */
  dir?: string;
  /** Database name; default `rathaus_bench_<random>`. An existing database of that name is used as it is. */
  database?: string;
}

export async function startPostgres(opts: PostgresOptions = {}): Promise<PgServer> {
  const name = opts.database ?? `rathaus_bench_${randomBytes(4).toString('hex')}`;
  const external = process.env.DATABASE_URL;
  if (external) {
    const url = withDatabase(external, name);
    // Never drop a database this run did not create.
    const existed = await databaseExists(withDatabase(external, 'postgres'), name);
    await ensureDatabase(url);
    let destroyed = false;
    const destroy = async () => {
      if (destroyed) return;
      destroyed = true;
      unregister();
      if (!existed) await dropDatabase(withDatabase(external, 'postgres'), name);
    };
    const unregister = onExit(destroy);
    return {
      url,
      adminUrl: (db) => withDatabase(external, db),
      external: true,
      dataDir: null,
      pid: () => null,
      stop: async () => {},
      restart: async () => {
        throw new Error('restart() needs the embedded server: unset DATABASE_URL');
      },
      destroy,
    };
  }

  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'rathaus-bench-pg-'));
  const dataDir = path.join(dir, 'postgres');
  // persistent: the data must survive stop() for restart(); destroy() deletes it.
  let server: EmbeddedServer | null = await startEmbeddedPostgres(dataDir, { persistent: true });
  // URLs stay valid across restarts: the port is remembered in <dataDir>.json and reused when free.
  const urlFor = server.urlFor.bind(server);
  const url = urlFor(name);
  await ensureDatabase(url);
  const stop = async () => {
    const s = server;
    server = null;
    await s?.stop();
  };
  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    unregister();
    await stop();
    rmSync(ownDir ? dir : dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.json`, { force: true });
  };
  const unregister = onExit(destroy);
  return {
    url,
    adminUrl: (db) => (server ? server.urlFor(db) : urlFor(db)),
    external: false,
    dataDir,
    pid: () => postmasterPid(dataDir),
    stop,
    restart: async ({ downMs = 0 } = {}) => {
      await stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await startEmbeddedPostgres(dataDir, { persistent: true });
      // Clients hold `url`: if something took the port while the server was down, say so instead of failing later.
      if (server.urlFor(name) !== url) throw new Error(`PostgreSQL came back on another port (its port was taken meanwhile): ${new URL(server.urlFor(name)).port}`);
    },
    destroy,
  };
}
