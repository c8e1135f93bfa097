/**
 * What every scenario gets from the runner: the app under test, its
 * database (for correctness checks straight in the tables), the demo
 * tenant, and whether this is the quick run.
 */
import type { DatabaseHandle } from '../../src/core/db/database.ts';
import type { AppProcess } from '../harness/app.ts';
import type { PgServer } from '../harness/postgres.ts';

export interface ScenarioContext {
  app: AppProcess;
  pg: PgServer;
  /** A small pool of the benchmark process itself (setup and checks, not load). */
  database: DatabaseHandle;
  tenantId: string;
  quick: boolean;
  log(message: string): void;
}

/** An address per simulated citizen (TRUST_PROXY=true): 10.x.y.z from a number, distinct per scenario `block`. */
export function citizenAddress(block: number, i: number): string {
  return `10.${block & 255}.${(i >> 8) & 255}.${i & 255}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
