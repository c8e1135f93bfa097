/**
 * A complete, hand-made benchmark result for the report tests: every
 * scenario present, values chosen so each target's verdict is known.
 */
import type { ClosedLoopResult } from '../harness/load.ts';
import type { Percentiles } from '../harness/http.ts';
import type { BenchResult } from './result.ts';
import type { Variant } from '../scenarios/read-path.ts';

const pct = (p50: number, p99: number): Percentiles => ({ p50, p95: p99, p99, max: p99 * 1.5, count: 1000 });

const loop = (okPerSecond: number, p99: number): ClosedLoopResult => ({
  connections: 100,
  seconds: 10,
  requests: okPerSecond * 10,
  requestsPerSecond: okPerSecond,
  okPerSecond,
  latencyMs: { p50: p99 / 3, p90: p99 / 2, p99, max: p99 * 2, mean: p99 / 3 },
  statuses: { '200': okPerSecond * 10 },
  non2xx: 0,
  errors: 0,
  timeouts: 0,
});

const A1 = 20_000;
const variant = (ratioToA1: number, p99: number): Variant => ({ ...loop(ratioToA1 * A1, p99), ratioToA1, loadBefore: 0.5, appPeakMb: 150 });

/**
 * Verdicts by construction:
 * catalogue PASS/PASS, service page MISS (ratio 0.2) / PASS, Open311 PASS / MISS (p99 150),
 * OParl MISS (0.05) / PASS; storm all PASS except p99 (800 ms); burst all PASS;
 * cold start PASS (1,500 ms); memory idle PASS (150 MB), load MISS (450 MB).
 */
export function fixtureResult(): BenchResult {
  return {
    schema: 1,
    startedAt: '2026-12-03T10:00:00.000Z',
    finishedAt: '2026-12-03T10:20:00.000Z',
    options: { quick: false, seconds: 10, volumeScale: 1, only: null, note: 'fixture <&> "quoted"' },
    machine: { cpu: 'Test CPU <1>', cores: 2, memoryGb: 8, platform: 'linux test', node: 'v24.0.0', hostname: 'test', loadBefore: 0.4 },
    versions: { node: 'v24.0.0', postgres: '18.4' },
    git: { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false },
    database: { external: false },
    seed: { demoMs: 30_000, volume: { counts: { cases: 10_000, reports: 100_000 }, ms: 60_000 } },
    scenarios: {
      anchor: { ...loop(A1, 20), loadBefore: 0.4 },
      readPath: {
        seconds: 10,
        connections: 100,
        endpoints: [
          { id: 'catalogue', path: '/leistungen', bytes: 18_000, cached: variant(0.3, 40), uncached: variant(0.05, 300) },
          { id: 'servicePage', path: '/leistungen/briefwahl', bytes: 8_000, cached: variant(0.2, 45), uncached: variant(0.04, 200) },
          { id: 'open311', path: '/open311/v2/requests.json', bytes: 50_000, cached: variant(0.15, 150), uncached: variant(0.02, 900) },
          {
            id: 'oparlPapers',
            path: '/oparl/v1.1/body/x/papers',
            bytes: 190_000,
            wire: { bytes: 30_000, encoding: 'br' },
            bytesCeiling: { ...loop(0.08 * A1, 70), ratioToA1: 0.08 },
            cached: variant(0.05, 90),
            uncached: { ...variant(0, 0), requests: 0 },
          },
        ],
        skipped: [],
      },
      storm: {
        options: { clients: 1000, pollers: 200, waitMs: 3000, pollMs: 1000, pick: 3, maxAttempts: 8, thinkMs: 1000 },
        loadBefore: 0.6,
        day: '2026-12-07',
        location: 'buergerbuero',
        capacity: 54,
        attempts: 3000,
        booked: 54,
        oversold: 0,
        database: { claimed: 54, capacity: 54, over: 0, mismatched: 0, pending: 54 },
        clients: { booked: 54, soldOutOrGaveUp: 946 },
        statuses: { watchBeforeRelease: { '200': 3000 }, slotsDuringStorm: { '200': 2000 }, bookings: { '201': 54, '409': 2946 }, pollers: { '200': 800 } },
        serverErrors: 0,
        shed: 0,
        clientTimeouts: 0,
        latencyMs: { bookings: pct(200, 800), slotsDuringStorm: pct(100, 300), pollers: pct(50, 200) },
        storm: { seconds: 12, requests: 5000, requestsPerSecond: 416, soldOutAfterSeconds: 2.5 },
      },
      burst: {
        options: { warmUp: { ratePerSecond: 50, seconds: 10 }, steady: { ratePerSecond: 200, seconds: 60 }, spike: { ratePerSecond: 1000, seconds: 10 }, duplicateShare: 0.05, clientTimeoutMs: 10_000 },
        loadBefore: 0.7,
        drafts: 22_000,
        duplicates: 1_100,
        requests: 23_100,
        preparation: { method: 'drafts in the database', ms: 9_000 },
        warmUp: { offeredPerSecond: 50, achievedPerSecond: 44, latencyMs: pct(60, 900), outcomes: { served: 440, shed: 60, timeouts: 0, networkErrors: 0, rateLimited: 0, other: 0, statuses: { '303': 440, '503': 60 }, networkErrorMessages: {} } },
        steady: { offeredPerSecond: 200, achievedPerSecond: 199.5, latencyMs: pct(40, 250), outcomes: { served: 12_600, shed: 0, timeouts: 0, networkErrors: 0, rateLimited: 0, other: 0, statuses: { '303': 12_600 }, networkErrorMessages: {} } },
        spike: { offeredPerSecond: 1000, achievedPerSecond: 400, latencyMs: pct(60, 900), shedLatencyMs: pct(2, 10), outcomes: { served: 4_000, shed: 6_500, timeouts: 0, networkErrors: 0, rateLimited: 0, other: 0, statuses: { '303': 4_000, '503': 6_500 }, networkErrorMessages: {} } },
        sendLagMs: pct(1, 5),
        appAlive: true,
        check: { duplicateCases: 0, lost: 0, cases: 15_800, notAccepted: 6_200 },
      },
      coldStart: {
        loadBefore: 0.3,
        externalDatabase: { runs: [900, 950, 1000], phases: [{ loadMs: 400, runtimeMs: 300, firstAnswerMs: 200 }, null, null], medianMs: 950, maxMs: 1000, data: 'running server' },
        embeddedDatabase: { runs: [1400, 1500, 1600], phases: [{ loadMs: 400, embeddedPostgresMs: 600, runtimeMs: 800, firstAnswerMs: 200 }, null, null], medianMs: 1500, maxMs: 1600, data: 'existing DATA_DIR' },
        idleRssAfterRestartMb: 160,
      },
      memory: {
        appIdleMb: 150,
        postgresIdleMb: 80,
        peaks: { readPath: { appPeakMb: 300, postgresPeakMb: 120, samples: 400 }, burst: { appPeakMb: 450, postgresPeakMb: 200, samples: 400 } },
        note: 'fixture',
      },
    },
    errors: {},
    correctness: { ok: true, failures: [] },
  };
}
