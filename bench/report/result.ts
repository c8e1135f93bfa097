/**
 * The shape of a benchmark result (bench/results/<date>.json). The report
 * renderer reads only this, so an old result can be rendered again.
 */
import type { AnchorResult } from '../scenarios/anchor.ts';
import type { BurstResult } from '../scenarios/burst.ts';
import type { ColdStartResult } from '../scenarios/cold-start.ts';
import type { ReadPathResult } from '../scenarios/read-path.ts';
import type { StormResult } from '../scenarios/storm.ts';
import type { MachineInfo } from '../harness/proc.ts';

export interface MemoryResult {
  /** App VmRSS after start, before any load (MB). */
  appIdleMb: number;
  /** PostgreSQL (postmaster + backends, PSS) at the same moment; null when not measurable (external server). */
  postgresIdleMb: number | null;
  /** Peaks sampled every 200 ms per scenario. */
  peaks: Record<string, { appPeakMb: number; postgresPeakMb: number | null; samples: number }>;
  note: string;
}

export interface BenchResult {
  schema: 1;
  startedAt: string;
  finishedAt: string;
  options: { quick: boolean; seconds: number; volumeScale: number; only: string[] | null; note: string | null };
  machine: MachineInfo & { loadBefore: number };
  versions: { node: string; postgres: string };
  git: { commit: string; dirty: boolean };
  database: { external: boolean };
  seed: { demoMs: number; volume: { counts: Record<string, number>; ms: number } | { skipped: string } };
  scenarios: {
    anchor?: AnchorResult;
    readPath?: ReadPathResult;
    storm?: StormResult;
    burst?: BurstResult;
    coldStart?: ColdStartResult;
    memory?: MemoryResult;
  };
  /** Error/fatal log lines of the app under test during the load scenarios: how many, and per distinct message how often (with one example). */
  appErrors?: { count: number; messages: { message: string; count: number; example: string }[] };
  /** Requests the app refused by load shedding during each load scenario, by reason (from its /metrics); runs before it was recorded have none. */
  shed?: Record<string, Record<string, number>>;
  /** Scenarios that failed to run, with the error. */
  errors: Record<string, string>;
  /** Correctness failures (the run exits non-zero when there is any). */
  correctness: { ok: boolean; failures: string[] };
}
