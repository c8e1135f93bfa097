/**
 * `npm test`: one PostgreSQL cluster per run (the embedded server, or the one
 * at TEST_DATABASE_URL), one migrated and seeded template database, then the
 * node test runner over every *.test.ts(x) file. Each test file clones the
 * template (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 *
 * Usage: npm test [-- [--no-e2e] <file or directory filter>…]
 *   --no-e2e  leaves out the browser journeys of test/e2e (CI's second run,
 *             against another PostgreSQL version)
 * TEST_TIMINGS=<file> also writes each test file's time there, slowest first.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/core/db/embedded.ts';
import { connectDatabase, withDatabase } from '../src/core/db/database.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { seedDemo } from '../seed/demo.ts';
import { TEMPLATE_DB } from '../test/support/database.ts';
import { TEMPLATE_FILES_ENV } from '../test/support/template-files.ts';
import { createFileStore } from '../src/core/files/file-store.ts';
import { installJobSchema } from '../src/core/jobs/jobs.ts';

const root = path.resolve(import.meta.dirname, '..');

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (/\.test\.tsx?$/.test(entry)) out.push(full);
  }
  return out;
}

/**
 * Tools the tests drive: Debian's chromium (browser journeys) and poppler-utils
 * (reading back generated PDFs). On a Debian machine where we are root they are
 * installed here, so `npm test` stays the only command; elsewhere the run
 * stops with the command to type.
 */
function ensureTools(): void {
  const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const missing = [
    ...(existsSync(browser) ? [] : ['chromium']),
    ...(existsSync('/usr/bin/pdftotext') ? [] : ['poppler-utils']),
  ];
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log(`installing Debian packages the tests need: ${missing.join(' ')} …`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  throw new Error(`The tests need ${missing.join(' and ')}. Install them (Debian: sudo apt-get install ${missing.join(' ')}) or set CHROMIUM_PATH.`);
}

async function prepareTemplate(adminUrl: string, filesDir: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const handle = connectDatabase(withDatabase(adminUrl, TEMPLATE_DB));
  try {
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, createFileStore(filesDir));
  } finally {
    await handle.close();
  }
  await installJobSchema(withDatabase(adminUrl, TEMPLATE_DB));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const withoutE2e = args.includes('--no-e2e');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--no-e2e');
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')} (known: --no-e2e)`);
  const filters = args.filter((a) => !a.startsWith('--')).map((f) => path.resolve(f));
  ensureTools();
  let server: EmbeddedServer | undefined;
  let tmp: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  const started = Date.now();
  const templateFiles = mkdtempSync(path.join(os.tmpdir(), 'rathaus-template-files-'));
  if (!adminUrl) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'rathaus-test-'));
    server = await startEmbeddedPostgres(path.join(tmp, 'postgres'), { persistent: false });
    adminUrl = server.urlFor('postgres');
  }
  try {
    await prepareTemplate(adminUrl, templateFiles);
    const version = await (async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      const v = (await c.query<{ server_version: string }>('show server_version')).rows[0]?.server_version;
      await c.end();
      return v;
    })();
    console.log(`test database: PostgreSQL ${version}, template ready in ${Date.now() - started} ms`);
    const all = ['src', 'seed', 'test', 'bench', 'drills'].filter((dir) => existsSync(path.join(root, dir))).flatMap((dir) => findTests(path.join(root, dir)));
    const e2e = path.join(root, 'test', 'e2e') + path.sep;
    const files = (filters.length ? all.filter((f) => filters.some((flt) => f.startsWith(flt))) : all).filter((f) => !(withoutE2e && f.startsWith(e2e)));
    // With no file the test runner would look for tests everywhere, browser journeys included.
    if (files.length === 0) throw new Error(`no test file under ${filters.join(', ') || 'src, seed, test, bench, drills'}`);
    // Longest first: the browser journeys (the biggest files take longest) start at once and the many short
    // files fill the gaps beside them, instead of the journeys starting last and running on alone.
    const size = (f: string) => statSync(f).size;
    files.sort((a, b) => Number(b.startsWith(e2e)) - Number(a.startsWith(e2e)) || (a.startsWith(e2e) ? size(b) - size(a) : 0));
    const child = spawn(
      process.execPath,
      [
        '--import', 'tsx', '--test', '--test-concurrency=3', '--test-reporter=spec', '--test-reporter-destination=stdout',
        ...(process.env.TEST_TIMINGS ? ['--test-reporter', path.join(root, 'scripts', 'file-timings.ts'), '--test-reporter-destination', process.env.TEST_TIMINGS] : []),
        ...files,
      ],
      { stdio: 'inherit', env: { ...process.env, TEST_PG_ADMIN_URL: adminUrl, NODE_ENV: 'test', [TEMPLATE_FILES_ENV]: templateFiles } },
    );
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    rmSync(templateFiles, { recursive: true, force: true });
  }
}

process.exitCode = await main();
