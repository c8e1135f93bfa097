/**
 * What a drill reports: named checks (PASS/FAIL with the measured detail),
 * plus numbers worth recording. A drill that throws is one failed check
 * ("ran to the end") with the error, so the table always shows every drill.
 */
import type { Template } from './template.ts';

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface DrillResult {
  drill: string;
  title: string;
  pass: boolean;
  seconds: number;
  checks: Check[];
  metrics: Record<string, unknown>;
}

export interface DrillContext {
  short: boolean;
  /** The seeded cluster every drill copies (support/template.ts). */
  template: Template;
  /** A new empty directory for this drill under the run's work directory (deleted with it). */
  dir(name: string): string;
  /** Log a progress line (stderr, so the table on stdout stays clean). */
  log(message: string): void;
}

/** Collects the checks and metrics of one drill. */
export class Recorder {
  readonly checks: Check[] = [];
  readonly metrics: Record<string, unknown> = {};

  check(name: string, pass: boolean, detail: string): boolean {
    this.checks.push({ name, pass, detail });
    return pass;
  }

  metric(name: string, value: unknown): void {
    this.metrics[name] = value;
  }
}

export interface Drill {
  name: string;
  title: string;
  run(ctx: DrillContext, rec: Recorder): Promise<void>;
}

export async function runDrill(drill: Drill, ctx: DrillContext): Promise<DrillResult> {
  const rec = new Recorder();
  const started = Date.now();
  try {
    await drill.run(ctx, rec);
  } catch (error) {
    rec.check('ran to the end', false, error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join(' | ') : String(error));
  }
  if (rec.checks.length === 0) rec.check('ran to the end', false, 'no checks recorded');
  return { drill: drill.name, title: drill.title, pass: rec.checks.every((c) => c.pass), seconds: Math.round((Date.now() - started) / 100) / 10, checks: rec.checks, metrics: rec.metrics };
}

/** The result table: one line per check, the drill's name on its first line. */
export function formatTable(results: DrillResult[]): string {
  const rows: [string, string, string, string][] = [['drill', 'check', 'result', 'detail']];
  for (const r of results) {
    r.checks.forEach((c, i) => rows.push([i === 0 ? `${r.drill} (${r.seconds} s)` : '', c.name, c.pass ? 'PASS' : 'FAIL', c.detail]));
  }
  const width = [0, 1, 2].map((col) => Math.max(...rows.map((row) => row[col as 0 | 1 | 2].length)));
  const line = (row: string[]) => row.map((cell, col) => (col < 3 ? cell.padEnd(width[col] as number) : cell)).join('  ');
  const out = [line(rows[0] as string[]), width.map((w) => '-'.repeat(w)).join('  ') + '  ------'];
  for (const row of rows.slice(1)) out.push(line(row));
  const failed = results.filter((r) => !r.pass).map((r) => r.drill);
  out.push('', failed.length === 0 ? `ALL ${results.length} DRILLS PASSED` : `FAILED: ${failed.join(', ')} (${results.length - failed.length} of ${results.length} passed)`);
  return out.join('\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined, or the deadline passes (then undefined). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 200): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}
