/**
 * The app under test: the production bundle (`dist/server.js`, built once
 * per benchmark process) as a child process with NODE_ENV=production, as it
 * runs in production. Behind a load balancer each simulated citizen has its
 * own address, so TRUST_PROXY=true and clients send X-Forwarded-For: the
 * per-IP rate limits then apply per citizen.
 *
 * Without `databaseUrl` the app starts its own embedded PostgreSQL in
 * `<dataDir>/postgres` (DATABASE_URL of this process is NOT passed on then);
 * the harness stops that server at exit if the app could not (kill -9).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/core/db/embedded.ts';
import { killOnExit, onExit } from './cleanup.ts';
import { request } from './http.ts';
import { rssMb } from './proc.ts';

export const root = path.resolve(import.meta.dirname, '../..');

/** The session secret every benchmark app gets, so a benchmark can sign cookies the app accepts. */
export const BENCH_SESSION_SECRET = 'rathaus-bench-session-secret-0123456789abcdef';

let built: Promise<void> | null = null;

/** Bundles the app (scripts/build.ts) once per process; later calls wait for the same build. */
export function buildOnce(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/build.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed (exit ${code}):\n${output}`))));
  });
  return built;
}

export interface AppOptions {
  /** PostgreSQL of the app; absent = the app's own embedded server in <dataDir>/postgres. */
  databaseUrl?: string;
  /** DATA_DIR (files, embedded database); absent = a temp dir deleted at exit. */
  dataDir?: string;
  /** Extra environment (wins over the defaults). */
  env?: Record<string, string>;
  port?: number;
  seed?: 'demo' | 'none';
  /** LOG_LEVEL; default 'info' as in production (one line per request). */
  logLevel?: string;
  /** Resolve when this path answers 200; default '/readyz'. */
  readyPath?: string;
  /** Give up after this long; default 180 s (a first start with the demo seed takes ~30 s, more on a busy machine). */
  readyTimeoutMs?: number;
  /** Readiness poll interval; default 100 ms (use less when the start time itself is measured). */
  pollMs?: number;
}

export interface AppProcess {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** performance.timeOrigin-based ms (Date.now()) taken right before spawn. */
  startedAt: number;
  /** Date.now() when the ready path first answered 200. */
  readyAt: number;
  /** The last ~256 KB of stdout+stderr. */
  output(): string;
  /** Log lines at level error or fatal (pino JSON), the first 500, and how many there were in all. */
  errorLines(): { lines: string[]; count: number };
  /** VmRSS of the app process in MB (0 once it is gone). */
  rssMb(): number;
  signal(sig: NodeJS.Signals): void;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** SIGTERM, wait, SIGKILL after 30 s. */
  stop(): Promise<void>;
}

const OUTPUT_KEEP = 256 * 1024;
const MAX_ERROR_LINES = 500;

/** Stops an embedded PostgreSQL left running in `<dataDir>/postgres` (its app was killed). */
function stopOrphanedPostgres(dataDir: string): void {
  const pgData = path.join(dataDir, 'postgres');
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return;
  }
  // SIGINT = PostgreSQL's fast shutdown; wait up to 30 s for the pid file to go.
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  spawnSync('sh', ['-c', `for i in $(seq 300); do kill -0 ${pid} 2>/dev/null || exit 0; sleep 0.1; done; kill -9 ${pid}`]);
}

/**
 * How `npm start` runs the bundle, read from package.json's start script
 * (its last command: `NAME=${NAME:-default} … node <flags> dist/server.js`),
 * so the benchmark and the drills run the app exactly as production does:
 * the same Node flags, the same environment defaults (an operator's own
 * value of such a variable wins, as in the script).
 */
export function productionLaunch(packageJson = readFileSync(path.join(root, 'package.json'), 'utf8')): { nodeFlags: string[]; envDefaults: Record<string, string> } {
  const start = (JSON.parse(packageJson) as { scripts?: { start?: string } }).scripts?.start ?? '';
  const command = start.split('&&').at(-1)?.trim() ?? '';
  const tokens = command.split(/\s+/).filter(Boolean);
  const envDefaults: Record<string, string> = {};
  let i = 0;
  for (; i < tokens.length && tokens[i] !== 'node'; i++) {
    const m = /^([A-Z_][A-Z0-9_]*)=(?:\$\{\1:-([^}]*)\}|(.*))$/.exec(tokens[i] ?? '');
    if (!m) throw new Error(`package.json start: cannot read ${tokens[i]}`);
    envDefaults[m[1] as string] = m[2] ?? m[3] ?? '';
  }
  const serverAt = tokens.indexOf('dist/server.js');
  if (i === tokens.length || serverAt < i) throw new Error(`package.json start does not end with "node … dist/server.js": ${command}`);
  return { nodeFlags: tokens.slice(i + 1, serverAt), envDefaults };
}

export async function startApp(opts: AppOptions = {}): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'rathaus-bench-app-'));
  const launch = productionLaunch();
  const env: NodeJS.ProcessEnv = {
    ...launch.envDefaults,
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    SESSION_SECRET: BENCH_SESSION_SECRET,
    SEED: opts.seed ?? 'none',
    LOG_LEVEL: opts.logLevel ?? 'info',
    TRUST_PROXY: 'true',
    ...opts.env,
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;

  let tail = '';
  // Error and fatal log lines are kept apart: at level info, request lines would push them out of the tail.
  let partial = '';
  const errors: string[] = [];
  let errorCount = 0;
  const startedAt = Date.now();
  // BENCH_APP_NODE_ARGS: extra Node flags for the app, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a scenario's time goes.
  const nodeArgs = [...launch.nodeFlags, ...(process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/server.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (c: Buffer) => {
    const text = c.toString('utf8');
    tail += text;
    if (tail.length > OUTPUT_KEEP * 2) tail = tail.slice(-OUTPUT_KEEP);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    if (partial.length > OUTPUT_KEEP) partial = '';
    for (const line of lines) {
      if (!/"level":(50|60)\b/.test(line)) continue;
      errorCount++;
      if (errors.length < MAX_ERROR_LINES) errors.push(line);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // BENCH_APP_OUTPUT=<file>: the app's whole output also goes there (e.g. with BENCH_APP_NODE_ARGS=--trace-gc).
  if (process.env.BENCH_APP_OUTPUT) {
    const file = createWriteStream(process.env.BENCH_APP_OUTPUT, { flags: 'a' });
    child.stdout?.pipe(file, { end: false });
    child.stderr?.pipe(file, { end: false });
  }
  const pid = child.pid ?? 0;
  const unkill = killOnExit(pid);
  let exitedFlag = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitedFlag = true;
      unkill();
      resolve(code);
    }),
  );
  const stop = async () => {
    if (!exitedFlag) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
  };
  onExit(async () => {
    await stop();
    if (!opts.databaseUrl) stopOrphanedPostgres(dataDir);
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const url = `http://127.0.0.1:${port}`;
  const readyUrl = `${url}${opts.readyPath ?? '/readyz'}`;
  const deadline = startedAt + (opts.readyTimeoutMs ?? 180_000);
  const output = () => tail.slice(-OUTPUT_KEEP);
  let readyAt = 0;
  for (;;) {
    if (exitedFlag) throw new Error(`app exited (code ${child.exitCode}) before it was ready:\n${output().slice(-8000)}`);
    const res = await request(readyUrl, { timeoutMs: 2_000 });
    if (res.status === 200) {
      readyAt = Date.now();
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`app not ready after ${opts.readyTimeoutMs ?? 180_000} ms:\n${output().slice(-8000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 100));
  }

  return {
    url,
    port,
    pid,
    dataDir,
    startedAt,
    readyAt,
    output,
    errorLines: () => ({ lines: [...errors], count: errorCount }),
    rssMb: () => rssMb(pid),
    signal: (sig) => {
      if (!exitedFlag) child.kill(sig);
    },
    exited,
    hasExited: () => exitedFlag,
    stop,
  };
}
