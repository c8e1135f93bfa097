/**
 * The real Rathaus server as a child process (the same entry point as
 * production), on its own clone of the seeded template database, a free
 * port and a temporary data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../../support/database.ts';
import { freePort } from '../../../src/core/db/embedded.ts';
import { provideTemplateFiles } from '../../support/template-files.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const READY_TIMEOUT_MS = 60_000;

export interface RunningServer {
  /** http://localhost:<port>: the default tenant (Musterstadt). */
  baseUrl: string;
  port: number;
  /** The base URL of another tenant host, e.g. `urlFor('beispielhausen.localhost')`. */
  urlFor(hostname: string): string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export { freePort };

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitForReady(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`server not ready after ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

export async function startServer(options: { env?: Record<string, string>; settings?: Record<string, unknown> } = {}): Promise<RunningServer> {
  const database = await createTestDatabase();
  // Tenant settings of the default tenant (Musterstadt), as an operator would set them with `settings:set`.
  for (const [key, value] of Object.entries(options.settings ?? {})) {
    const tenant = await database.db.selectFrom('tenants').select('id').where('is_default', '=', true).executeTakeFirstOrThrow();
    await database.db
      .insertInto('tenant_settings')
      .values({ tenant_id: tenant.id, key, value: JSON.stringify(value) })
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value: JSON.stringify(value) }))
      .execute();
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-e2e-'));
  provideTemplateFiles(dataDir);
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(36).toString('base64url'),
    SEED: 'none',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    // The browser journeys run with the page cache as in production (tests' default is off).
    PAGE_CACHE: 'on',
    // The journeys check what people do, not load shedding (page-cache.test.ts does): on a busy CI
    // machine a query may wait a second for a connection, which is no reason to answer 503 here.
    OVERLOAD_MAX_DB_WAIT_MS: '10000',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  child.on('exit', (code, signal) => chunks.push(`[server exited: ${signal ?? `code ${code}`}]\n`));
  const output = (): string => chunks.join('');

  const cleanup = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(timer);
    }
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(baseUrl, child, output);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    baseUrl,
    port,
    urlFor: (hostname) => `http://${hostname}:${port}`,
    output,
    stop: cleanup,
  };
}
