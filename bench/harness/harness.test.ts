import assert from 'node:assert/strict';
import { test } from 'node:test';
import { productionLaunch } from './app.ts';
import { histogram, percentiles } from './http.ts';
import { dueCount, plannedArrivals, runOpenLoop } from './open-loop.ts';
import { parseShed, shedBetween } from './metrics.ts';

test('percentiles are nearest-rank', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(percentiles(values), { p50: 50, p95: 95, p99: 99, max: 100, count: 100 });
  assert.deepEqual(percentiles([7]), { p50: 7, p95: 7, p99: 7, max: 7, count: 1 });
  assert.deepEqual(percentiles([]), { p50: 0, p95: 0, p99: 0, max: 0, count: 0 });
  assert.equal(percentiles([1.234, 2.345]).p99, 2.3);
});

test('histogram counts statuses', () => {
  assert.deepEqual(histogram([200, 503, 200, -1, 0]), { '200': 2, '503': 1, '-1': 1, '0': 1 });
});

test('planned arrivals are evenly spaced per phase, phases back to back', () => {
  const arrivals = plannedArrivals([
    { name: 'steady', ratePerSecond: 200, seconds: 2 },
    { name: 'spike', ratePerSecond: 1000, seconds: 0.5 },
  ]);
  assert.equal(arrivals.length, 400 + 500);
  assert.deepEqual(arrivals.slice(0, 3), [{ at: 0, phase: 0 }, { at: 5, phase: 0 }, { at: 10, phase: 0 }]);
  assert.deepEqual(arrivals[399], { at: 1995, phase: 0 });
  assert.deepEqual(arrivals[400], { at: 2000, phase: 1 });
  assert.deepEqual(arrivals[401], { at: 2001, phase: 1 });
  assert.ok(Math.abs((arrivals.at(-1)?.at ?? 0) - 2499) < 1e-9);
});

test('dueCount counts the arrivals whose time has come', () => {
  const arrivals = plannedArrivals([{ name: 'x', ratePerSecond: 100, seconds: 1 }]);
  assert.equal(dueCount(arrivals, 0, 0), 1);
  assert.equal(dueCount(arrivals, 0, 9.99), 1);
  assert.equal(dueCount(arrivals, 0, 10), 2);
  assert.equal(dueCount(arrivals, 2, 35), 2);
  assert.equal(dueCount(arrivals, 0, 10_000), 100);
  assert.equal(dueCount(arrivals, 100, 10_000), 0);
});

test('the open loop never sends early and does not wait for answers', async () => {
  const arrivals = plannedArrivals([{ name: 'x', ratePerSecond: 500, seconds: 0.1 }]);
  let inFlight = 0;
  let maxInFlight = 0;
  const run = await runOpenLoop(arrivals, async (i, plannedAt) => {
    const early = plannedAt - performance.now();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // Each "request" takes longer than the whole schedule: a closed loop would send one at a time.
    await new Promise((resolve) => setTimeout(resolve, 150));
    inFlight--;
    return { i, early };
  });
  assert.equal(run.results.length, 50);
  assert.deepEqual(run.results.map((r) => r.i), Array.from({ length: 50 }, (_, i) => i));
  for (const r of run.results) assert.ok(r.early <= 1, `sent ${r.early} ms early`);
  assert.equal(maxInFlight, 50, 'all requests in flight at once');
});

test('the app is started as npm start starts it: flags and environment defaults from package.json', () => {
  const launch = productionLaunch();
  assert.ok(launch.nodeFlags.includes('--max-semi-space-size=16'), launch.nodeFlags.join(' '));
  assert.ok(launch.nodeFlags.includes('--heap-growing-percent=100'), launch.nodeFlags.join(' '));
  assert.equal(launch.envDefaults.MALLOC_ARENA_MAX, '2');
  const other = productionLaunch(JSON.stringify({ scripts: { start: 'node scripts/build.ts && A=1 B=${B:-x} node --foo --bar=2 dist/server.js' } }));
  assert.deepEqual(other, { nodeFlags: ['--foo', '--bar=2'], envDefaults: { A: '1', B: 'x' } });
  assert.throws(() => productionLaunch(JSON.stringify({ scripts: { start: 'tsx src/server.ts' } })), /cannot read tsx|does not end with/);
});

test('the shed counters are read from the app\'s /metrics text and differenced per scenario', () => {
  const before = parseShed('# HELP rathaus_requests_shed_total Requests refused\n# TYPE rathaus_requests_shed_total counter\nrathaus_requests_shed_total{reason="heavy-queue"} 10\nrathaus_other 3\n');
  assert.deepEqual(before, { 'heavy-queue': 10 });
  const after = parseShed('rathaus_requests_shed_total{reason="heavy-queue"} 10\nrathaus_requests_shed_total{reason="event-loop"} 7\n');
  assert.deepEqual(shedBetween(before, after), { 'event-loop': 7 });
  assert.deepEqual(shedBetween({}, {}), {});
});
