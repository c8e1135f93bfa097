/**
 * The report of a benchmark result: the generated part of
 * docs/performance.md (tables per scenario, every target with PASS/MISS and
 * its margin), the chart docs/performance-throughput.svg, and the headline
 * in bench/README.md. Hand-written text in those files stays: only the part
 * between the `bench:generated` (README: `bench:headline`) markers is
 * replaced.
 *
 * Re-render an old result:
 *   node --import tsx bench/report/render.ts bench/results/<file>.json
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClosedLoopResult } from '../harness/load.ts';
import type { BenchResult } from './result.ts';
import { correctnessFailures, evaluateTargets, ms, ratio, READ_TARGETS, readRows, type TargetRow } from './targets.ts';
import type { Outcomes } from '../scenarios/burst.ts';
import type { ColdStartSeries, StartPhases } from '../scenarios/cold-start.ts';

const root = path.resolve(import.meta.dirname, '../..');
export const DOC_FILE = path.join(root, 'docs/performance.md');
export const SVG_FILE = path.join(root, 'docs/performance-throughput.svg');
export const README_FILE = path.join(root, 'bench/README.md');

export const GENERATED_START = '<!-- bench:generated:start (everything up to the end marker is rewritten by bench/report/render.ts) -->';
export const GENERATED_END = '<!-- bench:generated:end -->';
export const HEADLINE_START = '<!-- bench:headline:start (rewritten by bench/report/render.ts) -->';
export const HEADLINE_END = '<!-- bench:headline:end -->';

const n0 = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const n1 = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const cell = (s: string | number): string => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: (string | number)[][]): string => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
const statuses = (h: Record<string, number>): string =>
  Object.entries(h)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([k, v]) => `${k === '-1' ? 'timeout' : k === '0' ? 'network error' : k}: ${n0(v)}`)
    .join(', ') || '–';

function header(r: BenchResult, resultFile: string | undefined): string {
  const m = r.machine;
  const when = `${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const lines = [
    `Run of ${when} (${r.options.quick ? '**quick** run: shorter and lighter than the targets assume' : 'full run'}), commit \`${r.git.commit.slice(0, 10)}\`${r.git.dirty ? ' with local changes' : ''}${resultFile ? `, result \`${resultFile}\`` : ''}.`,
    `Machine: ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, ${m.platform}; Node ${r.versions.node}, PostgreSQL ${r.versions.postgres} (${r.database.external ? 'external server' : 'embedded'}). Load average before the run: ${m.loadBefore} on ${m.cores} cores.`,
  ];
  if (m.loadBefore > m.cores * 0.5) lines.push(`\n> The machine was busy before this run (load ${m.loadBefore} on ${m.cores} cores): absolute numbers and ratios are depressed; compare with a run on a quiet machine.`);
  if (r.options.note) lines.push(`\n> Note: ${r.options.note}`);
  return lines.join('\n');
}

function correctnessSection(r: BenchResult): string {
  const failures = correctnessFailures(r);
  if (failures.length === 0) return '**Correctness: all checks passed** (nothing oversold, no application lost or duplicated, no 5xx in the storm other than load shedding, the app stayed up).';
  return `**Correctness: FAILED** — the run exits non-zero:\n\n${failures.map((f) => `- ${f}`).join('\n')}`;
}

function targetsTable(rows: TargetRow[]): string {
  const mark = (v: TargetRow['verdict']) => (v === 'PASS' ? 'PASS' : v === 'MISS' ? '**MISS**' : 'N/A');
  return table(
    ['Area', 'Target', 'Required', 'Measured', 'Verdict', 'Margin'],
    rows.map((t) => [t.group, t.label, t.target, t.measured, mark(t.verdict), t.margin]),
  );
}

/** Data-driven hints for misses; the hand-written analysis below the generated part says the rest. */
function missNotes(r: BenchResult, rows: TargetRow[]): string[] {
  const notes: string[] = [];
  const missed = (prefix: string) => rows.some((t) => t.verdict === 'MISS' && t.id.startsWith(prefix));
  const busy = r.machine.loadBefore > r.machine.cores * 0.5;
  if (missed('read.')) {
    const e = r.scenarios.readPath?.endpoints ?? [];
    const gaps = e.map((x) => `${x.id} ${ratio(x.cached.ratioToA1)} cached vs ${ratio(x.uncached.ratioToA1)} uncached`).join('; ');
    notes.push(`Read path: ${gaps}. Where both are low the cost is outside the page (request pipeline, logging, the client itself); where only uncached is low the page cache carries the load.`);
    for (const x of e) {
      const c = x.bytesCeiling;
      if (!c || !rows.some((t) => t.verdict === 'MISS' && t.id.startsWith(`read.${x.id}.`))) continue;
      const t = READ_TARGETS[x.id];
      const beyond = [c.ratioToA1 < t.minRatio ? `${t.minRatio} × A1` : '', c.latencyMs.p99 > t.maxP99 ? `a p99 of ${t.maxP99} ms` : ''].filter(Boolean);
      const share = c.okPerSecond > 0 ? Math.round((100 * x.cached.okPerSecond) / c.okPerSecond) : 0;
      notes.push(
        `${READ_TARGETS[x.id].label}: a bare Fastify server sending the same ${n0((x.wire?.bytes ?? x.bytes) / 1024)} KB per answer to the same client manages ${n0(c.okPerSecond)} req/s (${ratio(c.ratioToA1)}, p99 ${ms(c.latencyMs.p99)}); the endpoint reaches ${share} % of that.${beyond.length ? ` Even the bare server misses ${beyond.join(' and ')} for answers this big on this machine: the limit there is the bytes (the client and the loopback), not the app.` : ''}`,
      );
    }
  }
  if (missed('storm.p99')) {
    const s = r.scenarios.storm;
    if (s) notes.push(`Storm: ${n0(s.attempts)} booking attempts for ${s.capacity} places, all clients chasing the same earliest rows; ${n1(s.storm.requestsPerSecond)} req/s during the storm, load ${s.loadBefore} before it.${s.shed > 0 && r.shed?.storm ? ` The ${n0(s.shed)} refusals (503 + Retry-After) came from: ${Object.entries(r.shed.storm).map(([reason, n]) => `${reason} ${n0(n)}`).join(', ') || 'no counter (the app may have restarted)'}.` : ''}`);
  }
  const b = r.scenarios.burst;
  if (b && (missed('burst.p99') || missed('burst.throughput') || missed('burst.timeouts'))) {
    notes.push(`Burst: offered ${b.steady.offeredPerSecond}/s, accepted ${n1(b.steady.achievedPerSecond)}/s; the load generator sent with a p99 lag of ${ms(b.sendLagMs.p99)} behind plan${b.sendLagMs.p99 > 50 ? ' (it was itself short of CPU: the app shares the cores with it)' : ''}.`);
  }
  if (missed('cold.')) notes.push('Cold start: the time includes starting PostgreSQL from its data directory and loading the bundle and its packages.');
  if (busy && rows.some((t) => t.verdict === 'MISS')) notes.push(`The machine's load average was ${r.machine.loadBefore} on ${r.machine.cores} cores before the run (per scenario in the tables below): other work competed for the same cores.`);
  return notes;
}

function loopRow(name: string, variant: string, x: ClosedLoopResult & { ratioToA1?: number; loadBefore?: number; appPeakMb?: number }): (string | number)[] {
  const none = x.requests === 0 ? `none in ${x.seconds} s` : null;
  return [name, variant, n0(x.okPerSecond), x.ratioToA1 === undefined ? '1 (A1)' : ratio(x.ratioToA1), none ?? ms(x.latencyMs.p50), none ?? ms(x.latencyMs.p99), n0(x.non2xx), `${n0(x.errors)} / ${n0(x.timeouts)}`, x.appPeakMb === undefined ? '–' : `${n0(x.appPeakMb)} MB`, x.loadBefore ?? ''];
}

function readSection(r: BenchResult): string {
  const a = r.scenarios.anchor;
  const rp = r.scenarios.readPath;
  if (!a && !rp) return '';
  const out = ['### Read path (throughput as a ratio to A1)', ''];
  if (rp) out.push('![Requests per second of the read-path endpoints as a ratio to the hello-world anchor A1, cached and uncached, with the target lines](performance-throughput.svg)', '');
  out.push(
    `autocannon, ${rp?.connections ?? a?.connections ?? 100} connections, no pipelining, ${rp?.seconds ?? r.options.seconds} s per line${rp?.endpoints.some((e) => e.wire) ? ', each request with the Accept-Encoding a browser sends (gzip, deflate, br); the size in brackets is the page, then what a cached answer puts on the wire' : ''}. "cached": the same URL each time (the app's page cache answers most); "uncached": a distinct ignored query parameter per request, so every request renders from the database. req/s counts 2xx answers only; "none in N s" means no request finished within the run (each took longer).`,
    '',
  );
  const rows: (string | number)[][] = [];
  if (a) rows.push(loopRow('A1 hello-world', '–', a));
  for (const e of rp?.endpoints ?? []) {
    const wire = e.wire?.encoding ? `, ${n0(e.wire.bytes / 1024)} KB ${e.wire.encoding}` : '';
    rows.push(loopRow(`${READ_TARGETS[e.id].label} (${n0(e.bytes / 1024)} KB${wire})`, 'cached', e.cached));
    rows.push(loopRow('', 'uncached', e.uncached));
    if (e.bytesCeiling) rows.push(loopRow('', `bare server, same ${n0((e.wire?.bytes ?? e.bytes) / 1024)} KB`, e.bytesCeiling));
  }
  out.push(table(['Endpoint', 'Variant', 'req/s (2xx)', 'Ratio', 'p50', 'p99', 'non-2xx', 'errors / timeouts', 'app RSS peak', 'load before'], rows));
  for (const s of rp?.skipped ?? []) out.push('', `Not measured: ${s.id} — ${s.reason}`);
  const uncached = readRows(r, 'uncached').filter((t) => t.verdict !== 'N/A');
  if (uncached.length) {
    out.push('', 'The same targets against the uncached numbers (information only: the targets apply to what visitors get, i.e. cached):', '');
    out.push(table(['Target', 'Required', 'Measured uncached', 'Would be'], uncached.map((t) => [t.label, t.target, t.measured, t.verdict])));
  }
  return out.join('\n');
}

function stormSection(r: BenchResult): string {
  const s = r.scenarios.storm;
  if (!s) return '';
  const rows: string[][] = [
    ['Clients', `${n0(s.options.clients)} booking + ${n0(s.options.pollers)} polling (poll every ~${s.options.pollMs} ms), release after ${s.options.waitMs} ms; after a 409 ${s.options.thinkMs ? `~${n0(s.options.thinkMs)} ms to choose again` : 'again at once'}`],
    ['Released day', `${s.day} at ${s.location}: ${s.capacity} places`],
    ['Booked / capacity', `${s.booked} / ${s.capacity}`],
    ['Oversold', `${s.oversold} (database: ${s.database.claimed} claimed of ${s.database.capacity}, ${s.database.over} slots over capacity, ${s.database.mismatched} counters ≠ claims, ${s.database.pending} pending bookings)`],
    ['Booking attempts', n0(s.attempts)],
    ['Bookings by status', statuses(s.statuses.bookings)],
    ['Slot reads during the storm', statuses(s.statuses.slotsDuringStorm)],
    ['Pollers', statuses(s.statuses.pollers)],
    ['Watching before the release', statuses(s.statuses.watchBeforeRelease)],
    ['5xx / of them shed (503 + Retry-After) / client timeouts', `${s.serverErrors} / ${s.shed} / ${s.clientTimeouts}`],
    ['Booking latency p50 / p95 / p99 / max', `${ms(s.latencyMs.bookings.p50)} / ${ms(s.latencyMs.bookings.p95)} / ${ms(s.latencyMs.bookings.p99)} / ${ms(s.latencyMs.bookings.max)}`],
    ['Slot read latency p50 / p99 (storm)', `${ms(s.latencyMs.slotsDuringStorm.p50)} / ${ms(s.latencyMs.slotsDuringStorm.p99)}`],
    ['Sold out after', s.storm.soldOutAfterSeconds === null ? '–' : `${n1(s.storm.soldOutAfterSeconds)} s after the release`],
    ['Storm', `${n0(s.storm.requests)} requests in ${n1(s.storm.seconds)} s = ${n1(s.storm.requestsPerSecond)} req/s`],
    ['Load average before', String(s.loadBefore)],
  ];
  const w = s.warmUp;
  const warmUp = w
    ? [
        '',
        `Warm-up (not counted against the latency target; its 5xx count): before the watching began, ${n0(s.options.warmUp?.clients ?? 0)} booking clients booked ${w.day} the same way (${w.capacity} places) in ${n1(w.seconds)} s — the harness starts the app fresh, and this runs its booking code before the storm does, as a server that has been taking bookings all day has it. ${w.booked} booked, ${n0(w.attempts)} attempts (${statuses(w.statuses.bookings)}), slot reads ${statuses(w.statuses.slots)}; 5xx ${w.serverErrors} (shed ${w.shed}), client timeouts ${w.clientTimeouts}; booking p50 / p99 ${ms(w.latencyMs.bookings.p50)} / ${ms(w.latencyMs.bookings.p99)}.`,
      ]
    : [];
  return ['### Slot-release storm', '', table(['', 'Value'], rows), ...warmUp].join('\n');
}

/** Counts per message, summed over several maps (older results lack them). */
const messages = (maps: (Record<string, number> | undefined)[]): string => {
  const sum: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m ?? {})) sum[k] = (sum[k] ?? 0) + v;
  return Object.entries(sum).map(([k, v]) => `${k}: ${n0(v)}`).join(', ') || '–';
};

const outcomeCells = (o: Outcomes): string[] => [n0(o.served), n0(o.shed), n0(o.timeouts), n0(o.networkErrors + o.rateLimited + o.other), statuses(o.statuses)];

function burstSection(r: BenchResult): string {
  const b = r.scenarios.burst;
  if (!b) return '';
  const rows = [
    ...(b.warmUp && b.options.warmUp
      ? [['Warm-up (not counted)', `${b.warmUp.offeredPerSecond}/s × ${b.options.warmUp.seconds} s`, n1(b.warmUp.achievedPerSecond), ms(b.warmUp.latencyMs.p50), ms(b.warmUp.latencyMs.p99), ...outcomeCells(b.warmUp.outcomes)]]
      : []),
    ['Steady', `${b.steady.offeredPerSecond}/s × ${b.options.steady.seconds} s`, n1(b.steady.achievedPerSecond), ms(b.steady.latencyMs.p50), ms(b.steady.latencyMs.p99), ...outcomeCells(b.steady.outcomes)],
    ['Spike', `${b.spike.offeredPerSecond}/s × ${b.options.spike.seconds} s`, n1(b.spike.achievedPerSecond), ms(b.spike.latencyMs.p50), ms(b.spike.latencyMs.p99), ...outcomeCells(b.spike.outcomes)],
  ];
  return [
    '### Application burst (Briefwahl)',
    '',
    `Open-loop arrivals (each request sent at its planned time, whatever the answers); latency counted from the planned time.${b.warmUp ? ' The warm-up phase runs the freshly started app\'s submit path at a lower rate before the steady phase (its code is not yet optimised by V8 at first); it is shown, not counted against the targets.' : ''} ${n0(b.drafts)} prepared drafts (${b.preparation.method}; ${n1(b.preparation.ms / 1000)} s), ${n0(b.duplicates)} of them submitted twice at once, ${n0(b.requests)} requests; client timeout ${n0(b.options.clientTimeoutMs / 1000)} s. Served = 303 to the confirmation page.`,
    '',
    table(['Phase', 'Offered', 'Accepted /s', 'p50', 'p99', 'Served', 'Shed (503 + Retry-After)', 'Timeouts', 'Other', 'Statuses'], rows),
    '',
    table(
      ['Check', 'Value'],
      [
        ['Vorgänge created', n0(b.check.cases)],
        ['Drafts with more than one Vorgang', n0(b.check.duplicateCases)],
        ['Accepted submits without their Vorgang (lost)', n0(b.check.lost)],
        ['Applications never accepted (shed or failed every time)', n0(b.check.notAccepted)],
        ['Shed answers p50 / p99 (spike)', b.spike.shedLatencyMs.count ? `${ms(b.spike.shedLatencyMs.p50)} / ${ms(b.spike.shedLatencyMs.p99)}` : '–'],
        ['Network errors by message', messages([b.warmUp?.outcomes.networkErrorMessages, b.steady.outcomes.networkErrorMessages, b.spike.outcomes.networkErrorMessages])],
        ['Load generator lag behind plan p50 / p99', `${ms(b.sendLagMs.p50)} / ${ms(b.sendLagMs.p99)}`],
        ['App alive afterwards', b.appAlive ? 'yes' : '**no**'],
        ['Load average before', String(b.loadBefore)],
      ],
    ),
  ].join('\n');
}

function coldSection(r: BenchResult): string {
  const c = r.scenarios.coldStart;
  if (!c) return '';
  const e = c.embeddedDatabase;
  const rows = [
    ['Embedded database (the app starts PostgreSQL itself)', 'medianMs' in e ? `${ms(e.medianMs)} (runs: ${e.runs.map(ms).join(', ')})` : `skipped: ${e.skipped}`, 'medianMs' in e ? e.data : ''],
    ['External database (already running)', `${ms(c.externalDatabase.medianMs)} (runs: ${c.externalDatabase.runs.map(ms).join(', ')})`, c.externalDatabase.data],
  ];
  const phaseText = (p: StartPhases | null | undefined): string =>
    p ? `loading ${ms(p.loadMs)}, runtime ${ms(p.runtimeMs)}${p.embeddedPostgresMs === undefined ? '' : ` (of it PostgreSQL start ${ms(p.embeddedPostgresMs)})`}, first answer ${ms(p.firstAnswerMs)}` : '–';
  const first = (s: ColdStartSeries | { skipped: string }) => ('phases' in s ? s.phases?.[0] : undefined);
  return [
    '### Cold start',
    '',
    'From spawning `node dist/server.js` to the first 200 of GET /leistungen. The breakdown of the first start comes from the app\'s own log lines: loading = spawn until the server module has loaded (bundle, packages, config); runtime = database, migrations check, building the app, listening; first answer = listening until the first page was rendered.',
    '',
    table(['Case', 'Spawn → first 200 (median)', 'Where the time went (first start)', 'Data'], rows.map((row, i) => [row[0] as string, row[1] as string, phaseText(first(i === 0 ? e : c.externalDatabase)), row[2] as string])),
    '',
    `Load average before: ${c.loadBefore}.`,
  ].join('\n');
}

function memorySection(r: BenchResult): string {
  const m = r.scenarios.memory;
  if (!m) return '';
  const mb = (x: number | null) => (x === null ? '–' : `${n0(x)} MB`);
  const rows = [['idle after start', mb(m.appIdleMb), mb(m.postgresIdleMb)], ...Object.entries(m.peaks).map(([k, p]) => [`peak during ${k}`, mb(p.appPeakMb), mb(p.postgresPeakMb)])];
  if (r.scenarios.coldStart) rows.push(['idle after a restart', mb(r.scenarios.coldStart.idleRssAfterRestartMb), '–']);
  return ['### Memory', '', table(['When', 'App (RSS)', 'PostgreSQL (PSS, counted separately)'], rows), '', m.note].join('\n');
}

/** Why the app refused requests (503 + Retry-After) in each scenario, from its own counters. */
function sheddingSection(r: BenchResult): string {
  if (!r.shed) return '';
  const rows = Object.entries(r.shed).map(([name, reasons]) => {
    const total = Object.values(reasons).reduce((sum, n) => sum + n, 0);
    return [name, n0(total), Object.entries(reasons).map(([reason, n]) => `${reason}: ${n0(n)}`).join(', ') || '–'];
  });
  return [
    '### Load shedding',
    '',
    'Requests the app refused with 503 + Retry-After during each scenario, by the bound that refused them (the app\'s `rathaus_requests_shed_total`, read from /metrics before and after): `event-loop` (the process itself saturated), `database-queue` / `database-wait` (too many or too old waits for a connection), `submit-queue` / `heavy-queue` (a group of routes at its limit, see src/core/http/load-shedding.ts).',
    '',
    table(['Scenario', 'Refused', 'By reason'], rows),
  ].join('\n');
}

function appErrorsSection(r: BenchResult): string {
  const e = r.appErrors;
  if (!e) return '';
  if (e.count === 0) return '### App errors\n\nThe app logged no error during the load scenarios.';
  return [
    '### App errors',
    '',
    `The app logged ${n0(e.count)} lines at level error or fatal during the load scenarios${e.count > e.messages.reduce((s, m) => s + m.count, 0) ? ' (the first 500 are grouped here)' : ''}:`,
    '',
    table(['Count', 'Message'], e.messages.map((m) => [n0(m.count), m.message])),
    '',
    'The result file has one full log line per message.',
  ].join('\n');
}

function seedSection(r: BenchResult): string {
  const v = r.seed.volume;
  const volume = 'skipped' in v ? `**volume seed skipped** (${v.skipped}): the lists were measured on the demo data only` : `volume at scale ${r.options.volumeScale} in ${n1(v.ms / 1000)} s: ${Object.entries(v.counts).map(([k, c]) => `${k} ${n0(c)}`).join(', ')}`;
  return ['### Data', '', `Demo seed in ${n1(r.seed.demoMs / 1000)} s; ${volume}.`].join('\n');
}

/** The generated Markdown (without markers). */
export function renderMarkdown(r: BenchResult, opts: { resultFile?: string } = {}): string {
  const rows = evaluateTargets(r);
  const notes = missNotes(r, rows);
  const errors = Object.entries(r.errors);
  return [
    '## Latest run',
    '',
    header(r, opts.resultFile),
    '',
    correctnessSection(r),
    '',
    '### Targets',
    '',
    targetsTable(rows),
    ...(notes.length ? ['', 'Where the misses come from (measured in this run):', '', ...notes.map((x) => `- ${x}`)] : []),
    ...(errors.length ? ['', '### Scenarios that did not run', '', ...errors.map(([k, v]) => `- ${k}: ${v.split('\n')[0]}`)] : []),
    '',
    readSection(r),
    '',
    stormSection(r),
    '',
    burstSection(r),
    '',
    coldSection(r),
    '',
    memorySection(r),
    '',
    sheddingSection(r),
    '',
    appErrorsSection(r),
    '',
    seedSection(r),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Horizontal bars: each read-path endpoint's req/s as a ratio to A1, cached and uncached, with its target line. */
export function renderSvg(r: BenchResult): string {
  const endpoints = r.scenarios.readPath?.endpoints ?? [];
  const width = 760;
  const left = 270;
  const right = 150;
  const barH = 16;
  const groupH = 2 * barH + 30;
  const top = 56;
  const height = top + Math.max(1, endpoints.length) * groupH + 40;
  const maxRatio = Math.max(0.3, ...endpoints.flatMap((e) => [e.cached.ratioToA1, e.uncached.ratioToA1])) * 1.1;
  const x = (v: number) => left + (v / maxRatio) * (width - left - right);
  const a1 = r.scenarios.anchor ? `${n0(r.scenarios.anchor.okPerSecond)} req/s` : 'not measured';
  const desc = endpoints.length
    ? endpoints.map((e) => `${READ_TARGETS[e.id].label}: cached ${e.cached.ratioToA1.toFixed(3)}, uncached ${e.uncached.ratioToA1.toFixed(3)} times A1 (target at least ${READ_TARGETS[e.id].minRatio})`).join('; ')
    : 'No read-path measurements in this result.';
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="13">`,
    `<title id="chart-title">Read-path throughput as a ratio to the hello-world anchor A1 (${xml(r.startedAt.slice(0, 10))}${r.options.quick ? ', quick run' : ''})</title>`,
    `<desc id="chart-desc">${xml(`A1 = ${a1}. ${desc}.`)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#171717">${xml('Read path: req/s as a ratio to A1 (hello-world)')}</text>`,
    `<text x="12" y="42" fill="#3a3a3a">${xml(`A1 = ${a1}; dark = cached, light = uncached; dashed line = target`)}</text>`,
  ];
  endpoints.forEach((e, i) => {
    const y = top + i * groupH;
    const target = READ_TARGETS[e.id];
    parts.push(`<text x="12" y="${y + barH + 4}" fill="#171717">${xml(target.label)}</text>`);
    for (const [k, variant] of (['cached', 'uncached'] as const).entries()) {
      const v = e[variant].ratioToA1;
      const by = y + k * (barH + 2);
      const pass = v >= target.minRatio;
      parts.push(`<rect x="${left}" y="${by}" width="${Math.max(1, x(v) - left).toFixed(1)}" height="${barH}" fill="${variant === 'cached' ? '#1f4e8c' : '#8fb3e0'}"><title>${xml(`${target.label}, ${variant}: ${v.toFixed(3)} × A1 (${n0(e[variant].okPerSecond)} req/s)`)}</title></rect>`);
      // The value goes right of the bar, or right of the target line when the bar ends before it, so the line never crosses the text.
      const labelX = Math.max(x(v), x(target.minRatio)) + 6;
      parts.push(`<text x="${labelX.toFixed(1)}" y="${by + barH - 3}" fill="#171717">${xml(`${v.toFixed(3)} ${variant}${pass ? '' : ' (miss)'}`)}</text>`);
    }
    const tx = x(target.minRatio).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${y - 4}" x2="${tx}" y2="${y + 2 * barH + 6}" stroke="#b3261e" stroke-width="2" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${tx}" y="${y + 2 * barH + 18}" text-anchor="middle" font-size="11" fill="#b3261e">${xml(`target ≥ ${target.minRatio}`)}</text>`);
  });
  if (endpoints.length === 0) parts.push(`<text x="12" y="${top + 20}" fill="#171717">No read-path measurements in this result.</text>`);
  const axisY = top + Math.max(1, endpoints.length) * groupH + 8;
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${width - right}" y2="${axisY}" stroke="#3a3a3a"/>`);
  for (let t = 0; t <= maxRatio + 1e-9; t += maxRatio > 0.6 ? 0.2 : 0.05) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${axisY}" x2="${x(t).toFixed(1)}" y2="${axisY + 4}" stroke="#3a3a3a"/>`);
    parts.push(`<text x="${x(t).toFixed(1)}" y="${axisY + 17}" text-anchor="middle" font-size="11" fill="#3a3a3a">${t.toFixed(2)}</text>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Hand-written text around the generated part stays; a file without markers gets the generated part appended. */
export function mergeGenerated(existing: string | null, generated: string, start = GENERATED_START, end = GENERATED_END): string {
  const block = `${start}\n\n${generated.trim()}\n\n${end}`;
  if (existing === null) return `${block}\n`;
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  if (from === -1 || to === -1 || to < from) return `${existing.trimEnd()}\n\n${block}\n`;
  return `${existing.slice(0, from)}${block}${existing.slice(to + end.length)}`;
}

/** One paragraph for READMEs: the ratios and the correctness verdict. */
export function headline(r: BenchResult): string {
  const rows = evaluateTargets(r);
  const pass = rows.filter((t) => t.verdict === 'PASS').length;
  const miss = rows.filter((t) => t.verdict === 'MISS').length;
  const e = r.scenarios.readPath?.endpoints ?? [];
  const ratios = e.map((x) => `${READ_TARGETS[x.id].label} ${x.cached.ratioToA1.toFixed(3)} × A1 (uncached ${x.uncached.ratioToA1.toFixed(3)})`).join('; ');
  const storm = r.scenarios.storm;
  const burst = r.scenarios.burst;
  return [
    `Latest ${r.options.quick ? 'quick ' : ''}run (${r.startedAt.slice(0, 10)}, ${r.machine.cores} × ${r.machine.cpu}, load ${r.machine.loadBefore} before): ${pass} targets met, ${miss} missed — details in [docs/performance.md](../docs/performance.md).`,
    ratios ? `Read path: ${ratios}.` : '',
    storm ? `Storm: ${storm.booked} of ${storm.capacity} places booked by ${n0(storm.options.clients)} clients, ${storm.oversold} oversold, booking p99 ${ms(storm.latencyMs.bookings.p99)}.` : '',
    burst ? `Burst: ${n1(burst.steady.achievedPerSecond)} applications/s accepted at ${burst.steady.offeredPerSecond}/s offered (p99 ${ms(burst.steady.latencyMs.p99)}); spike: ${n0(burst.spike.outcomes.served)} served, ${n0(burst.spike.outcomes.shed)} shed, ${n0(burst.spike.outcomes.timeouts)} timeouts; ${burst.check.lost} lost, ${burst.check.duplicateCases} duplicated.` : '',
    `Correctness: ${correctnessFailures(r).length === 0 ? 'all checks passed' : 'FAILED'}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** Writes docs/performance.md, the SVG and the README headline; returns the files and a console summary. */
export function writeReport(r: BenchResult, opts: { resultFile?: string; docFile?: string; svgFile?: string; readmeFile?: string } = {}): { files: string[]; summary: string } {
  const docFile = opts.docFile ?? DOC_FILE;
  const svgFile = opts.svgFile ?? SVG_FILE;
  const readmeFile = opts.readmeFile ?? README_FILE;
  writeFileSync(docFile, mergeGenerated(existsSync(docFile) ? readFileSync(docFile, 'utf8') : null, renderMarkdown(r, opts.resultFile ? { resultFile: opts.resultFile } : {})));
  writeFileSync(svgFile, renderSvg(r));
  const files = [docFile, svgFile];
  if (existsSync(readmeFile)) {
    const readme = readFileSync(readmeFile, 'utf8');
    if (readme.includes(HEADLINE_START)) {
      writeFileSync(readmeFile, mergeGenerated(readme, headline(r), HEADLINE_START, HEADLINE_END));
      files.push(readmeFile);
    }
  }
  const rows = evaluateTargets(r);
  const width = Math.max(...rows.map((t) => t.label.length));
  const summary = [
    ...rows.map((t) => `${t.verdict.padEnd(4)}  ${t.label.padEnd(width)}  ${t.measured.padEnd(16)} ${t.target.padEnd(12)} ${t.margin}`),
    `correctness: ${correctnessFailures(r).length === 0 ? 'ok' : `FAILED: ${correctnessFailures(r).join('; ')}`}`,
  ].join('\n');
  return { files, summary };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node --import tsx bench/report/render.ts bench/results/<file>.json');
    process.exit(2);
  }
  const result = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
  const written = writeReport(result, { resultFile: path.relative(root, path.resolve(file)) });
  console.log(written.summary);
  console.error(`wrote ${written.files.map((f) => path.relative(root, f)).join(', ')}`);
}
