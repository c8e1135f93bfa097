/**
 * Fault drills (issue 8): the built app under load meets a fault — killed,
 * its database restarted, its mail server gone, told to stop, its payment
 * provider failing — and each drill checks that nothing acknowledged is
 * lost, nothing hangs, and the app recovers by itself. See drills/README.md.
 *
 *   node --import tsx drills/run.ts [--short] [--only name,name] [--json FILE]
 *
 * Prints a PASS/FAIL table (one line per check) and exits 1 when any check
 * failed. Progress goes to stderr.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildOnce } from '../bench/harness/app.ts';
import { onExit, runCleanups } from '../bench/harness/cleanup.ts';
import { loadAverage, machineInfo } from '../bench/harness/proc.ts';
import { killDrill } from './kill-app.ts';
import { postgresRestartDrill } from './postgres-restart.ts';
import { smtpDownDrill } from './smtp-down.ts';
import { sigtermDrill } from './sigterm.ts';
import { paymentProviderDrill } from './payment-provider.ts';
import { formatTable, runDrill, type Drill, type DrillContext, type DrillResult } from './support/result.ts';
import { loadTemplate, openForPostgres, prepareTemplate } from './support/template.ts';

const DRILLS: Drill[] = [killDrill, postgresRestartDrill, smtpDownDrill, sigtermDrill, paymentProviderDrill];

const { values: args } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'string' },
    'template-cache': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`node --import tsx drills/run.ts [--short] [--only ${DRILLS.map((d) => d.name).join(',')}] [--json FILE]
  --short      minimal durations (CI: all drills in about 3 minutes on 2 cores)
  --only LIST  run only these drills (comma-separated names)
  --json FILE  also write the results as JSON
  --template-cache DIR  keep the seeded template cluster in DIR and reuse it next time
               (development only: saves the ~30 s seed; delete DIR after code changes to migrations or seed)`);
  process.exit(0);
}

const wanted = args.only ? args.only.split(',').map((s) => s.trim()) : DRILLS.map((d) => d.name);
const unknown = wanted.filter((name) => !DRILLS.some((d) => d.name === name));
if (unknown.length) {
  console.error(`unknown drill(s): ${unknown.join(', ')} (known: ${DRILLS.map((d) => d.name).join(', ')})`);
  process.exit(2);
}

async function main(): Promise<number> {
  const started = Date.now();
  const log = (message: string) => console.error(`[drill ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
  if (process.env.DATABASE_URL) {
    // The drills stop, restart and kill servers: they always use embedded servers of their own.
    log('DATABASE_URL is ignored: every drill runs its own embedded PostgreSQL');
    delete process.env.DATABASE_URL;
  }
  const loadBefore = loadAverage();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-drill-'));
  openForPostgres(workDir);
  onExit(() => rmSync(workDir, { recursive: true, force: true }));
  // The harness (cleanup.ts) stops everything on these and exits; say so, so a failure printed meanwhile is not blamed on the app.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => log(`received ${signal}: stopping every started process`));
  const cacheDir = args['template-cache'] ? path.resolve(args['template-cache']) : null;
  if (cacheDir) {
    mkdirSync(cacheDir, { recursive: true });
    openForPostgres(cacheDir);
  }
  const cached = cacheDir ? loadTemplate(cacheDir) : null;
  log(`building the app${cached ? ` (template from ${cacheDir})` : ` and seeding the template cluster (${cacheDir ?? workDir})`} …`);
  const [template] = await Promise.all([cached ?? prepareTemplate(cacheDir ?? workDir), buildOnce()]);
  log(cached ? 'app built' : `template seeded in ${template.seconds} s`);

  let dirs = 0;
  const ctx: DrillContext = {
    short: args.short ?? false,
    template,
    dir: (name) => {
      const dir = path.join(workDir, `${String(++dirs).padStart(2, '0')}-${name}`);
      mkdirSync(dir);
      openForPostgres(dir);
      return dir;
    },
    log,
  };
  const results: DrillResult[] = [];
  for (const drill of DRILLS.filter((d) => wanted.includes(d.name))) {
    log(`── ${drill.name}: ${drill.title}`);
    const result = await runDrill(drill, ctx);
    log(`── ${drill.name}: ${result.pass ? 'PASS' : 'FAIL'} in ${result.seconds} s`);
    results.push(result);
  }

  console.log(formatTable(results));
  const summary = {
    date: new Date().toISOString(),
    mode: ctx.short ? 'short' : 'full',
    machine: { ...machineInfo(), loadAverageBefore: loadBefore },
    templateSeedSeconds: template.seconds,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    pass: results.every((r) => r.pass),
    drills: results,
  };
  console.log(`\n${summary.mode} run: ${summary.seconds} s in all (seed ${template.seconds} s), load average ${loadBefore} before`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify(summary, null, 2)}\n`);
  return summary.pass ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
} finally {
  await runCleanups();
}
process.exit(code);
