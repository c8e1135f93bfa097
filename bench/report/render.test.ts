import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureResult } from './fixture.ts';
import { GENERATED_END, GENERATED_START, headline, mergeGenerated, renderMarkdown, renderSvg } from './render.ts';
import { correctnessFailures, evaluateTargets } from './targets.ts';

const TARGET_IDS = [
  'read.catalogue.ratio', 'read.catalogue.p99', 'read.servicePage.ratio', 'read.servicePage.p99',
  'read.open311.ratio', 'read.open311.p99', 'read.oparlPapers.ratio', 'read.oparlPapers.p99',
  'storm.booked', 'storm.oversold', 'storm.5xx', 'storm.p99',
  'burst.throughput', 'burst.p99', 'burst.spike', 'burst.timeouts', 'burst.alive', 'burst.lost', 'burst.duplicates',
  'cold.embedded', 'memory.idle', 'memory.load',
];

const verdicts = (r = fixtureResult()) => Object.fromEntries(evaluateTargets(r).map((t) => [t.id, t.verdict]));

test('every target of the issue has a row', () => {
  assert.deepEqual(evaluateTargets(fixtureResult()).map((t) => t.id).sort(), [...TARGET_IDS].sort());
});

test('PASS and MISS follow the measured values', () => {
  assert.deepEqual(verdicts(), {
    'read.catalogue.ratio': 'PASS', 'read.catalogue.p99': 'PASS',
    'read.servicePage.ratio': 'MISS', 'read.servicePage.p99': 'PASS',
    'read.open311.ratio': 'PASS', 'read.open311.p99': 'MISS',
    'read.oparlPapers.ratio': 'MISS', 'read.oparlPapers.p99': 'PASS',
    'storm.booked': 'PASS', 'storm.oversold': 'PASS', 'storm.5xx': 'PASS', 'storm.p99': 'MISS',
    'burst.throughput': 'MISS', 'burst.p99': 'PASS', 'burst.spike': 'PASS', 'burst.timeouts': 'PASS', 'burst.alive': 'PASS', 'burst.lost': 'PASS', 'burst.duplicates': 'PASS',
    'cold.embedded': 'PASS', 'memory.idle': 'PASS', 'memory.load': 'MISS',
  });
});

test('a miss says by how much; a pass its headroom', () => {
  const rows = Object.fromEntries(evaluateTargets(fixtureResult()).map((t) => [t.id, t]));
  assert.equal(rows['storm.p99']?.margin, 'missed by 300 ms (60 %)');
  assert.equal(rows['read.servicePage.ratio']?.margin, 'missed by 0.050 × A1 (20 %)');
  assert.equal(rows['cold.embedded']?.margin, '500 ms headroom');
  assert.equal(rows['burst.throughput']?.margin, 'missed by 0.5 /s (0 %)');
});

test('a quick run that offers less than the target rate gets N/A for throughput, never PASS', () => {
  const r = fixtureResult();
  const burst = r.scenarios.burst;
  assert.ok(burst);
  burst.steady.offeredPerSecond = 100;
  burst.steady.achievedPerSecond = 250;
  assert.equal(verdicts(r)['burst.throughput'], 'N/A');
});

test('the burst\'s warm-up is shown but not counted: its shedding and latency leave the steady targets alone; its timeouts count', () => {
  const r = fixtureResult();
  const md = renderMarkdown(r);
  assert.match(md, /\| Warm-up \(not counted\) \| 50\/s × 10 s \| 44.0 \| 60 ms \| 900 ms \| 440 \| 60 \|/);
  const v = verdicts(r);
  assert.equal(v['burst.p99'], 'PASS', 'the warm-up p99 of 900 ms is not the steady p99');
  const burst = r.scenarios.burst;
  assert.ok(burst?.warmUp);
  burst.warmUp.outcomes.timeouts = 1;
  assert.equal(verdicts(r)['burst.timeouts'], 'MISS');
});

test('load shedding is shown by scenario and reason, and the storm\'s refusals are explained', () => {
  const r = fixtureResult();
  Object.assign(r.scenarios.storm ?? {}, { serverErrors: 12, shed: 12 });
  r.shed = { readPath: { 'heavy-queue': 40 }, storm: { 'event-loop': 12 }, burst: {} };
  const md = renderMarkdown(r);
  assert.match(md, /### Load shedding/);
  assert.match(md, /\| storm \| 12 \| event-loop: 12 \|/);
  assert.match(md, /\| burst \| 0 \| – \|/);
  assert.match(md, /The 12 refusals \(503 \+ Retry-After\) came from: event-loop 12\./);
  delete r.shed;
  assert.doesNotMatch(renderMarkdown(r), /### Load shedding/, 'older results have no counters: no section');
});

test('a list that answered nothing within the run misses its p99 target', () => {
  const r = fixtureResult();
  const oparl = r.scenarios.readPath?.endpoints.find((e) => e.id === 'oparlPapers');
  assert.ok(oparl);
  oparl.cached = { ...oparl.uncached };
  assert.equal(verdicts(r)['read.oparlPapers.p99'], 'MISS');
});

test('missing scenarios give N/A rows, not PASS', () => {
  const r = fixtureResult();
  delete r.scenarios.storm;
  delete r.scenarios.coldStart;
  const v = verdicts(r);
  for (const id of ['storm.booked', 'storm.oversold', 'storm.5xx', 'storm.p99', 'cold.embedded']) assert.equal(v[id], 'N/A', id);
});

test('correctness: wrong results fail, load shedding alone does not', () => {
  assert.deepEqual(correctnessFailures(fixtureResult()), []);
  const shed = fixtureResult();
  Object.assign(shed.scenarios.storm ?? {}, { serverErrors: 12, shed: 12 });
  assert.deepEqual(correctnessFailures(shed), []);
  assert.equal(verdicts(shed)['storm.5xx'], 'MISS');
  const broken = fixtureResult();
  Object.assign(broken.scenarios.storm ?? {}, { serverErrors: 13, shed: 12, oversold: 1 });
  Object.assign(broken.scenarios.burst?.check ?? {}, { lost: 2, duplicateCases: 1 });
  Object.assign(broken.scenarios.burst ?? {}, { appAlive: false });
  broken.errors.coldStart = 'boom\nstack';
  const failures = correctnessFailures(broken);
  assert.equal(failures.length, 6, failures.join('\n'));
  assert.ok(failures.some((f) => f.includes('1 answers with 5xx other than load shedding')));
});

test('the Markdown has every target row and the scenario sections', () => {
  const md = renderMarkdown(fixtureResult(), { resultFile: 'bench/results/2026-12-03.json' });
  for (const t of evaluateTargets(fixtureResult())) assert.ok(md.includes(`| ${t.group} | ${t.label} | ${t.target} |`), t.id);
  for (const heading of ['### Targets', '### Read path', '### Slot-release storm', '### Application burst (Briefwahl)', '### Cold start', '### Memory']) assert.ok(md.includes(heading), heading);
  assert.ok(md.includes('**Correctness: all checks passed**'));
  assert.ok(md.includes('performance-throughput.svg'));
  assert.ok(md.includes('none in 10 s'), 'a line without answers says so');
});

test('a missed list says what a bare server manages for the same bytes, and whether the target is beyond it', () => {
  const md = renderMarkdown(fixtureResult());
  assert.ok(md.includes('| OParl paper list (first page) (186 KB, 29 KB br) | cached |'), 'the size on the wire is shown');
  assert.ok(md.includes('| bare server, same 29 KB | 1,600 | 0.080 × A1 |'), 'the ceiling line is in the table');
  assert.match(md, /OParl paper list \(first page\): a bare Fastify server sending the same 29 KB per answer to the same client manages 1,600 req\/s \(0\.080 × A1, p99 70 ms\); the endpoint reaches 63 % of that\. Even the bare server misses 0\.1 × A1 for answers this big/);
});

/** Minimal well-formedness: every tag closes in order, attributes are quoted, text has no raw '<' or '&'. */
function assertWellFormedXml(svg: string): void {
  const stack: string[] = [];
  const tokens = svg.split(/(<[^>]*>)/).filter(Boolean);
  for (const token of tokens) {
    if (!token.startsWith('<')) {
      assert.ok(!/[<>]|&(?!amp;|lt;|gt;|quot;|#\d+;)/.test(token), `bad text: ${token}`);
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    assert.ok(m, `malformed tag: ${token}`);
    const [, closing, name, , selfClosing] = m as unknown as [string, string, string, string, string];
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `unbalanced </${name}>`);
    else stack.push(name);
  }
  assert.deepEqual(stack, [], 'unclosed tags');
}

test('the SVG is well-formed and accessible', () => {
  const svg = renderSvg(fixtureResult());
  assertWellFormedXml(svg);
  assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/);
  assert.match(svg, /<title id="chart-title">[^<]+<\/title>/);
  assert.match(svg, /<desc id="chart-desc">[^<]*Service catalogue[^<]*<\/desc>/);
  assert.equal((svg.match(/stroke-dasharray/g) ?? []).length, 4, 'one target line per endpoint');
  const empty = fixtureResult();
  delete empty.scenarios.readPath;
  assertWellFormedXml(renderSvg(empty));
});

test('re-rendering keeps the hand-written text around the generated part', () => {
  const doc = `# Performance\n\nHand-written intro.\n\n${GENERATED_START}\nold\n${GENERATED_END}\n\n## Analysis\n\nHand-written analysis.\n`;
  const merged = mergeGenerated(doc, 'new part');
  assert.ok(merged.startsWith('# Performance\n\nHand-written intro.\n\n'));
  assert.ok(merged.endsWith('\n\n## Analysis\n\nHand-written analysis.\n'));
  assert.ok(merged.includes('new part') && !merged.includes('\nold\n'));
  assert.equal(mergeGenerated(merged, 'new part'), merged, 'idempotent');
  assert.ok(mergeGenerated(null, 'x').includes(GENERATED_START));
});

test('the headline quotes the ratios', () => {
  assert.match(headline(fixtureResult()), /Service catalogue \/leistungen 0\.300 × A1 \(uncached 0\.050\)/);
});

test('app error lines are grouped by message', async () => {
  const { summarizeErrors } = await import('./app-errors.ts');
  const line = (msg: string, message: string) => JSON.stringify({ level: 50, msg, err: { type: 'Error', message } });
  const summary = summarizeErrors({ lines: [line('oparl: unhandled error', 'timeout exceeded when trying to connect'), line('oparl: unhandled error', 'timeout exceeded when trying to connect'), 'plain text'], count: 3 });
  assert.equal(summary.count, 3);
  assert.deepEqual(summary.messages.map((m) => [m.message, m.count]), [['oparl: unhandled error: Error: timeout exceeded when trying to connect', 2], ['plain text', 1]]);
  const md = renderMarkdown({ ...fixtureResult(), appErrors: summary });
  assert.ok(md.includes('| 2 | oparl: unhandled error: Error: timeout exceeded when trying to connect |'));
});
