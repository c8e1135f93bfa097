/**
 * The operator's path on the embedded PostgreSQL, with real processes:
 * `npm start` equivalent on an empty DATA_DIR → CLI commands while the server
 * runs (user:create, settings:set, backup) → graceful SIGTERM → restore into a
 * fresh DATA_DIR → the restored server has everything.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../e2e/support/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'rathaus-ops-'));
// As root, PostgreSQL runs as `postgres` and must be able to enter the directory.
chmodSync(tmp, 0o711);
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

function env(dataDir: string, port: number): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: 'info', DATABASE_URL: '' };
}

async function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; output: () => string; readyMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env: env(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  // The first start seeds the demo, whose council documents (~300 PDFs, rendered and read back) take a while.
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) return { child, output: () => out, readyMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready:\n${out}`);
}

async function cli(dataDir: string, port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: env(dataDir, port) });
  return stdout;
}

/** Signs in through the real login form; returns the HTTP status and redirect target. */
async function signIn(port: number, email: string, password: string): Promise<{ status: number; location: string | null }> {
  const base = `http://127.0.0.1:${port}`;
  const page = await fetch(`${base}/verwaltung/anmelden`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/verwaltung/anmelden`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  return { status: res.status, location: res.headers.get('location') };
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Runs on the embedded server whatever server the rest of the run uses: CI's
 * second run (TEST_DATABASE_URL, another PostgreSQL version) would repeat it
 * unchanged, so it is left to the first.
 */
const onAnotherServer = process.env.TEST_DATABASE_URL ? 'uses the embedded server only; covered by the run without TEST_DATABASE_URL' : false;

test('embedded server: start, CLI while running, backup, graceful stop, restore into a fresh data directory', { timeout: 300_000, skip: onAnotherServer }, async (t) => {
  const dataDir = path.join(tmp, 'data');
  const port = await freePort();
  const first = await startServer(dataDir, port);
  assert.match(first.output(), /demo data seeded/);
  const home = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(home.status, 200);
  assert.match(await home.text(), /Stadt Musterstadt/);
  // The listening socket queues LISTEN_BACKLOG (4096) connections, capped by the kernel's somaxconn — not Node's 511.
  const listening = await run('ss', ['-ltnH', `sport = :${port}`]).then((r) => r.stdout, () => null);
  if (listening === null) t.diagnostic('ss (iproute2) is not installed: the listen backlog was not checked');
  else {
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    assert.equal(Number(listening.trim().split(/\s+/)[2]), Math.min(4096, somaxconn), listening);
  }

  const created = await cli(dataDir, port, 'user:create', '--tenant', 'musterstadt', '--email', 'neu.kollegin@musterstadt.example', '--password', 'Neue-Kollegin-2026', '--role', 'sachbearbeitung', '--unit', 'bauhof', '--name', 'Nora Neu');
  assert.match(created, /created user neu\.kollegin@musterstadt\.example/);
  const login = await signIn(port, 'neu.kollegin@musterstadt.example', 'Neue-Kollegin-2026');
  assert.equal(login.status, 303, 'the user created by the CLI can sign in to the running server');
  assert.equal(login.location, '/verwaltung');

  assert.match(await cli(dataDir, port, 'settings:set', '--tenant', 'musterstadt', 'cases.contactDueDays=7'), /cases\.contactDueDays=7/);
  assert.equal((await cli(dataDir, port, 'settings:get', '--tenant', 'musterstadt', 'cases.contactDueDays')).trim(), '7');
  await assert.rejects(cli(dataDir, port, 'settings:set', '--tenant', 'musterstadt', 'session.idleMinutes=abc'), /session\.idleMinutes/);

  const backup = path.join(tmp, 'backup.tar.gz');
  assert.match(await cli(dataDir, port, 'backup', backup), /backup written/);
  assert.ok(existsSync(backup));

  assert.equal(await stop(first.child), 0, 'SIGTERM ends the server cleanly');
  assert.match(first.output(), /stopped cleanly/);
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  assert.ok(!existsSync(pidFile), 'the embedded PostgreSQL was shut down');

  // Restore into a fresh data directory, then start a server on it.
  const freshDir = path.join(tmp, 'fresh');
  const port2 = await freePort();
  assert.match(await cli(freshDir, port2, 'restore', backup), /restored \d+ tables/);
  const second = await startServer(freshDir, port2);
  assert.doesNotMatch(second.output(), /demo data seeded/, 'restored data, not a new seed');
  assert.equal((await signIn(port2, 'neu.kollegin@musterstadt.example', 'Neue-Kollegin-2026')).status, 303);
  assert.equal((await cli(freshDir, port2, 'settings:get', '--tenant', 'musterstadt', 'cases.contactDueDays')).trim(), '7');
  assert.match(await cli(freshDir, port2, 'tenants'), /beispielhausen/);
  assert.equal(await stop(second.child), 0);
  assert.ok(!readFileSync(path.join(freshDir, 'session-secret'), 'utf8').includes('\n'));
});
