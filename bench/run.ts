/**
 * `npm run bench` (`-- --quick` for the short form): the benchmark of issue 8.
 *
 * Starts PostgreSQL (embedded, or DATABASE_URL's server), prepares a
 * database in-process (migrations, demo seed, the volume seed), starts the
 * production bundle against it, and runs the scenarios in order: the A1
 * anchor, the read path (cached and uncached), the slot-release storm, the
 * Briefwahl burst, cold start; memory is sampled throughout. Writes
 * bench/results/<date>.json and renders docs/performance.md with its chart.
 *
 * Exits non-zero when a correctness check fails (oversold, lost or
 * duplicated application, 5xx in the storm, app crash, a scenario that could
 * not run) — never because something was slow.
 *
 * Options: --quick  --only anchor,read,storm,burst,cold  --no-volume
 *          --scale N (volume scale; default 1, quick 0.1)  --note "text"
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectDatabase, type Db } from '../src/core/db/database.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { createFileStore, type FileStore } from '../src/core/files/file-store.ts';
import { installJobSchema } from '../src/core/jobs/jobs.ts';
import { createTenantService } from '../src/core/tenancy/tenants.ts';
import { seedDemo } from '../seed/demo.ts';
import { buildOnce, root, startApp } from './harness/app.ts';
import { onExit, runCleanups } from './harness/cleanup.ts';
import { keepAliveAgent } from './harness/http.ts';
import { startPostgres } from './harness/postgres.ts';
import { loadAverage, machineInfo, sampleMemory, treePssMb } from './harness/proc.ts';
import { summarizeErrors } from './report/app-errors.ts';
import { correctnessFailures } from './report/targets.ts';
import { shedBetween, shedCounters } from './harness/metrics.ts';
import { writeReport } from './report/render.ts';
import type { BenchResult, MemoryResult } from './report/result.ts';
import { runAnchor } from './scenarios/anchor.ts';
import { runBurst } from './scenarios/burst.ts';
import { runColdStart } from './scenarios/cold-start.ts';
import { sleep, type ScenarioContext } from './scenarios/context.ts';
import { runReadPath } from './scenarios/read-path.ts';
import { runStorm } from './scenarios/storm.ts';

const SCENARIOS = ['anchor', 'read', 'storm', 'burst', 'cold'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-volume': { type: 'boolean', default: false },
    scale: { type: 'string' },
    note: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`node --import tsx bench/run.ts [--quick] [--only ${SCENARIOS.join(',')}] [--no-volume] [--scale N] [--note TEXT]
DATABASE_URL=postgres://… runs against that server (a rathaus_bench_<random> database is created and dropped).`);
  process.exit(0);
}

const quick = args.quick;
const only = args.only ? (args.only.split(',').map((s) => s.trim()) as ScenarioName[]) : null;
for (const name of only ?? []) if (!SCENARIOS.includes(name)) throw new Error(`--only: unknown scenario ${name} (${SCENARIOS.join(', ')})`);
const wanted = (name: ScenarioName): boolean => !only || only.includes(name);
const seconds = quick ? 5 : 10;
const volumeScale = args.scale ? Number(args.scale) : quick ? 0.1 : 1;

const t0 = Date.now();
const log = (message: string): void => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${message}`);

type SeedVolume = (db: Db, files: FileStore, options: { scale: number; now: Date; log?: (msg: string) => void }) => Promise<Record<string, number>>;

/** The volume seed (bench/volume/seed-volume.ts), if it is there. */
async function loadSeedVolume(): Promise<SeedVolume | null> {
  const file = path.join(root, 'bench/volume/seed-volume.ts');
  if (!existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { seedVolume?: SeedVolume };
  return mod.seedVolume ?? null;
}

function git(): BenchResult['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim().length > 0;
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

/**
 * bench/results/<YYYY-MM-DD>.json, or -2, -3 … after the day's highest: the
 * numbers keep the order of the runs even when a probe's file was deleted.
 */
function resultPath(date: Date): string {
  const dir = path.join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const day = date.toISOString().slice(0, 10);
  const taken = readdirSync(dir).map((name) => (name === `${day}.json` ? 1 : Number(new RegExp(`^${day}-(\\d+)\\.json$`).exec(name)?.[1] ?? 0)));
  const n = Math.max(0, ...taken) + 1;
  return path.join(dir, `${day}${n === 1 ? '' : `-${n}`}.json`);
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadBefore = loadAverage();
  log(`${quick ? 'quick' : 'full'} run; load average ${loadBefore} on ${os.cpus().length} cores`);
  await buildOnce();

  // The app's DATA_DIR: the embedded server lives in <dir>/postgres (the app's own layout, see the cold start), the seed's files in <dir>/files.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-bench-run-'));
  onExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const external = Boolean(process.env.DATABASE_URL);
  const pg = await startPostgres(external ? {} : { dir: dataDir, database: 'rathaus' });
  const database = connectDatabase(pg.url, { max: 4, applicationName: 'rathaus-bench' });
  onExit(() => database.close().catch(() => {}));
  log(`PostgreSQL ${external ? '(DATABASE_URL)' : '(embedded)'} ready; migrating and seeding the demo …`);
  await migrateToLatest(database.db);
  const files = createFileStore(path.join(dataDir, 'files'));
  const seedStarted = Date.now();
  await seedDemo(database.db, files);
  const demoMs = Date.now() - seedStarted;
  await installJobSchema(pg.url);
  const tenants = createTenantService(database.db);
  const tenant = await tenants.bySlug('musterstadt');
  if (!tenant) throw new Error('demo tenant Musterstadt missing');
  // The setting exists for load tests: a client cannot solve a proof of work per booking.
  await tenants.setSetting(tenant.id, 'appointments.captcha', false);

  let volume: BenchResult['seed']['volume'];
  const seedVolume = args['no-volume'] ? null : await loadSeedVolume();
  if (seedVolume) {
    log(`volume seed at scale ${volumeScale} …`);
    const started = Date.now();
    const counts = await seedVolume(database.db, files, { scale: volumeScale, now: new Date(), log: (m) => log(`  volume: ${m}`) });
    volume = { counts, ms: Date.now() - started };
  } else {
    const reason = args['no-volume'] ? '--no-volume' : 'bench/volume/seed-volume.ts not found';
    log(`WARNING: running without the volume seed (${reason}): lists are measured on the demo data only`);
    volume = { skipped: reason };
  }
  const pgVersion = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(database.db)).rows[0]?.v ?? 'unknown';

  log('starting the app (production bundle, SEED=none) …');
  const app = await startApp({ databaseUrl: pg.url, dataDir, seed: 'none' });
  const ctx: ScenarioContext = { app, pg, database, tenantId: tenant.id, quick, log };
  await sleep(2_000);
  const postgresPid = () => pg.pid();
  const pgIdle = postgresPid();
  const memory: MemoryResult = {
    appIdleMb: app.rssMb(),
    postgresIdleMb: pgIdle ? treePssMb(pgIdle) : null,
    peaks: {},
    note: 'App: VmRSS of the Node process. PostgreSQL: PSS summed over the postmaster and its backends (shared buffers counted once); not measured on an external server.',
  };

  const result: BenchResult = {
    schema: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    options: { quick, seconds, volumeScale, only, note: args.note ?? null },
    machine: { ...machineInfo(), loadBefore },
    versions: { node: process.version, postgres: pgVersion },
    git: git(),
    database: { external },
    seed: { demoMs, volume },
    scenarios: { memory },
    errors: {},
    correctness: { ok: true, failures: [] },
  };

  const scenario = async <T>(name: string, work: () => Promise<T>, sampled = false): Promise<T | undefined> => {
    if (ctx.app.hasExited()) {
      result.errors[name] = 'not run: the app had exited';
      return undefined;
    }
    const sampler = sampled ? sampleMemory({ appPid: () => (ctx.app.hasExited() ? null : ctx.app.pid), postgresPid }) : null;
    const shedBefore = sampled ? await shedCounters(ctx.app.url) : null;
    try {
      return await work();
    } catch (error) {
      log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      result.errors[name] = (error as Error).message;
      return undefined;
    } finally {
      if (sampler) memory.peaks[name] = sampler.stop();
      const shedAfter = shedBefore && !ctx.app.hasExited() ? await shedCounters(ctx.app.url) : null;
      if (shedBefore && shedAfter) (result.shed ??= {})[name] = shedBetween(shedBefore, shedAfter);
    }
  };

  if (wanted('anchor') || wanted('read')) {
    log(`A1 anchor: hello-world, 100 connections, ${seconds} s`);
    result.scenarios.anchor = await scenario('anchor', () => runAnchor({ seconds }));
  }
  if (wanted('read')) {
    const anchorOk = result.scenarios.anchor?.okPerSecond ?? 0;
    result.scenarios.readPath = await scenario('readPath', () => runReadPath(ctx, { seconds, anchorOkPerSecond: anchorOk }), true);
  }
  if (wanted('storm')) {
    result.scenarios.storm = await scenario('storm', () => runStorm(ctx, quick ? { clients: 300, pollers: 60, waitMs: 3_000, pollMs: 1_000, pick: 3, maxAttempts: 8, thinkMs: 1_000, warmUp: { clients: 100 } } : { clients: 1_000, pollers: 200, waitMs: 3_000, pollMs: 1_000, pick: 3, maxAttempts: 8, thinkMs: 1_000, warmUp: { clients: 300 } }), true);
  }
  if (wanted('burst')) {
    const options = quick
      ? { warmUp: { ratePerSecond: 25, seconds: 10 }, steady: { ratePerSecond: 100, seconds: 20 }, spike: { ratePerSecond: 500, seconds: 5 }, duplicateShare: 0.05, clientTimeoutMs: 10_000 }
      : { warmUp: { ratePerSecond: 50, seconds: 10 }, steady: { ratePerSecond: 200, seconds: 60 }, spike: { ratePerSecond: 1_000, seconds: 10 }, duplicateShare: 0.05, clientTimeoutMs: 10_000 };
    // Let the storm's stragglers and the mail jobs it queued settle first.
    await sleep(2_000);
    result.scenarios.burst = await scenario('burst', () => runBurst(ctx, options), true);
  }
  result.appErrors = summarizeErrors(ctx.app.errorLines());
  if (wanted('cold')) {
    result.scenarios.coldStart = await scenario('coldStart', () => runColdStart(ctx, { repeats: quick ? 1 : 3 }));
  }

  if (!ctx.app.hasExited()) await ctx.app.stop();
  else if (!result.scenarios.coldStart) result.errors.app = `the app exited unexpectedly (code ${await ctx.app.exited}):\n${ctx.app.output().slice(-4000)}`;
  result.finishedAt = new Date().toISOString();
  const failures = correctnessFailures(result);
  result.correctness = { ok: failures.length === 0, failures };

  const file = resultPath(startedAt);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  const written = writeReport(result, { resultFile: path.relative(root, file) });
  log(`wrote ${[file, ...written.files].map((f) => path.relative(root, f)).join(', ')}`);
  console.log(written.summary);
  if (failures.length) {
    log(`CORRECTNESS FAILED:\n  - ${failures.join('\n  - ')}`);
    return 1;
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s; correctness checks passed`);
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  keepAliveAgent.destroy();
  await runCleanups();
}
process.exit(code);
