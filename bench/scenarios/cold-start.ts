/**
 * Cold start: milliseconds from spawning `node dist/server.js` to the first
 * 200 of GET /leistungen (the catalogue: tenant, database and rendering all
 * work), on data that is already there — a restart, not a first install.
 *
 * - external database: the app connects to the running benchmark server
 *   (DATABASE_URL), with the seeded volume;
 * - embedded database: the app starts its own PostgreSQL from DATA_DIR, as
 *   `npm start` without DATABASE_URL does. When the benchmark runs on its
 *   embedded server, that server's data directory IS <DATA_DIR>/postgres of
 *   the app (same layout, same info file), so after stopping it the app
 *   starts PostgreSQL on exactly the data the other scenarios used. With
 *   DATABASE_URL set there is no such directory: a fresh DATA_DIR is
 *   prepared by one first start with SEED=demo (demo data, no volume), and
 *   the restart after it is measured.
 *
 * Stops the app it is given; leaves nothing running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type AppProcess } from '../harness/app.ts';
import { percentiles } from '../harness/http.ts';
import { loadAverage } from '../harness/proc.ts';
import { sleep, type ScenarioContext } from './context.ts';

/** Where a start's time went, from the app's own log lines (LOG_LEVEL=info). */
export interface StartPhases {
  /** Spawn → the server module has loaded its code and config (bundle + packages). */
  loadMs: number;
  /** Of the runtime start: starting the embedded PostgreSQL (absent with an external server). */
  embeddedPostgresMs?: number;
  /** Runtime start: database (connect or start), migrations check, building the app, listening. */
  runtimeMs: number;
  /** Listening → our first 200 of /leistungen (first tenant lookup, first render). */
  firstAnswerMs: number;
}

export interface ColdStartSeries {
  /** Each start's spawn → first 200 of /leistungen, ms. */
  runs: number[];
  /** The same starts broken down (null when the log lines were not found). */
  phases: (StartPhases | null)[];
  medianMs: number;
  maxMs: number;
  /** How the data directory came to be. */
  data: string;
}

export interface ColdStartResult {
  loadBefore: number;
  externalDatabase: ColdStartSeries;
  embeddedDatabase: ColdStartSeries | { skipped: string };
  /** VmRSS of a freshly restarted app, 2 s after its first answer, before any load (MB). */
  idleRssAfterRestartMb: number;
}

const FIRST_ANSWER = { readyPath: '/leistungen', pollMs: 10, readyTimeoutMs: 120_000 } as const;

function series(starts: { ms: number; phases: StartPhases | null }[], data: string): ColdStartSeries {
  const runs = starts.map((s) => s.ms);
  return { runs, phases: starts.map((s) => s.phases), medianMs: percentiles(runs).p50, maxMs: Math.max(...runs), data };
}

/** Reads the app's start-up log lines ('embedded PostgreSQL ready', 'Rathaus is ready': pino JSON with time and ms). */
export function startPhases(output: string, startedAt: number, readyAt: number): StartPhases | null {
  let embedded: number | undefined;
  let ready: { time: number; ms: number } | null = null;
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; time?: number; ms?: number };
      if (entry.msg === 'embedded PostgreSQL ready' && typeof entry.ms === 'number') embedded = entry.ms;
      if (entry.msg === 'Rathaus is ready' && typeof entry.time === 'number' && typeof entry.ms === 'number') ready = { time: entry.time, ms: entry.ms };
    } catch {
      // not a log line
    }
  }
  if (!ready) return null;
  return { loadMs: ready.time - ready.ms - startedAt, ...(embedded === undefined ? {} : { embeddedPostgresMs: embedded }), runtimeMs: ready.ms, firstAnswerMs: readyAt - ready.time };
}

async function timedStart(start: () => Promise<AppProcess>): Promise<{ ms: number; phases: StartPhases | null; app: AppProcess }> {
  const app = await start();
  return { ms: app.readyAt - app.startedAt, phases: startPhases(app.output(), app.startedAt, app.readyAt), app };
}

export async function runColdStart(ctx: ScenarioContext, opts: { repeats: number; logLevel?: string }): Promise<ColdStartResult> {
  const logLevel = opts.logLevel ?? 'info';
  await ctx.app.stop();
  await sleep(500);
  const loadBefore = loadAverage();

  ctx.log(`cold start: external database, ${opts.repeats}×`);
  const external: { ms: number; phases: StartPhases | null }[] = [];
  let idleRssAfterRestartMb = 0;
  for (let i = 0; i < opts.repeats; i++) {
    const { ms, phases, app } = await timedStart(() => startApp({ databaseUrl: ctx.pg.url, dataDir: ctx.app.dataDir, logLevel, ...FIRST_ANSWER }));
    external.push({ ms, phases });
    if (i === 0) {
      await sleep(2_000);
      idleRssAfterRestartMb = app.rssMb();
    }
    await app.stop();
  }

  let embedded: ColdStartSeries | { skipped: string };
  if (!ctx.pg.external) {
    ctx.log(`cold start: embedded database (the app starts PostgreSQL from DATA_DIR itself), ${opts.repeats}×`);
    await ctx.database.close();
    await ctx.pg.stop();
    const runs: { ms: number; phases: StartPhases | null }[] = [];
    for (let i = 0; i < opts.repeats; i++) {
      const { ms, phases, app } = await timedStart(() => startApp({ dataDir: ctx.app.dataDir, logLevel, ...FIRST_ANSWER }));
      runs.push({ ms, phases });
      // SIGTERM: the app stops its embedded server too.
      await app.stop();
    }
    embedded = series(runs, "this run's database (demo seed, and the volume when seeded): the benchmark server stopped, the app starts it from DATA_DIR/postgres");
  } else {
    ctx.log('cold start: embedded database — preparing a DATA_DIR with a first start (SEED=demo)');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-bench-cold-'));
    try {
      const first = await startApp({ dataDir: dir, seed: 'demo', logLevel, readyTimeoutMs: 600_000 });
      await first.stop();
      const runs: { ms: number; phases: StartPhases | null }[] = [];
      for (let i = 0; i < opts.repeats; i++) {
        const { ms, phases, app } = await timedStart(() => startApp({ dataDir: dir, logLevel, ...FIRST_ANSWER }));
        runs.push({ ms, phases });
        await app.stop();
      }
      embedded = series(runs, 'a DATA_DIR set up by one earlier start with SEED=demo (demo data, no volume)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { loadBefore, externalDatabase: series(external, "this run's database (demo seed, and the volume when seeded), server running"), embeddedDatabase: embedded, idleRssAfterRestartMb };
}
