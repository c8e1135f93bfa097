/**
 * Open-loop arrivals: every request is sent at its planned time whether or
 * not earlier ones have been answered — as citizens arrive at a portal. A
 * closed loop (autocannon) slows down with the server and so hides overload
 * ("coordinated omission"); here a slow server faces a growing queue, and
 * latency is measured from the planned send time, so the wait a citizen
 * would see is counted even if the client itself fell behind.
 */
import { percentiles, type Percentiles } from './http.ts';

export interface Phase {
  name: string;
  ratePerSecond: number;
  seconds: number;
}

export interface Arrival {
  /** Planned send time in ms after the start. */
  at: number;
  /** Index into the phases. */
  phase: number;
}

/** Evenly spaced arrivals, phase after phase: `rate × seconds` per phase, the i-th at phaseStart + i·1000/rate. */
export function plannedArrivals(phases: readonly Phase[]): Arrival[] {
  const out: Arrival[] = [];
  let phaseStart = 0;
  phases.forEach((p, phase) => {
    const count = Math.round(p.ratePerSecond * p.seconds);
    const gap = 1000 / p.ratePerSecond;
    for (let i = 0; i < count; i++) out.push({ at: phaseStart + i * gap, phase });
    phaseStart += p.seconds * 1000;
  });
  return out;
}

/** How many arrivals from index `from` on are due at `elapsedMs` (arrivals sorted by time). */
export function dueCount(arrivals: readonly Arrival[], from: number, elapsedMs: number): number {
  let i = from;
  while (i < arrivals.length && (arrivals[i] as Arrival).at <= elapsedMs) i++;
  return i - from;
}

export interface OpenLoopRun<T> {
  results: T[];
  /** How late the client sent requests behind plan (ms): large values mean the load generator itself was saturated. */
  sendLagMs: Percentiles;
  /** performance.now() at the start (arrival offsets are relative to it). */
  startedAt: number;
}

/**
 * Fires `fire(i, plannedAt)` for every arrival at its planned time (plannedAt
 * is the absolute performance.now() value), never waiting for answers; resolves
 * when every fired promise has settled.
 */
export async function runOpenLoop<T>(arrivals: readonly Arrival[], fire: (index: number, plannedAt: number) => Promise<T>): Promise<OpenLoopRun<T>> {
  const startedAt = performance.now();
  const pending: Promise<T>[] = new Array(arrivals.length);
  const lag: number[] = [];
  let next = 0;
  while (next < arrivals.length) {
    const elapsed = performance.now() - startedAt;
    const due = dueCount(arrivals, next, elapsed);
    for (let k = 0; k < due; k++, next++) {
      const planned = startedAt + (arrivals[next] as Arrival).at;
      lag.push(elapsed - (arrivals[next] as Arrival).at);
      pending[next] = fire(next, planned);
    }
    if (next >= arrivals.length) break;
    const wait = (arrivals[next] as Arrival).at - (performance.now() - startedAt);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
  const results = await Promise.all(pending);
  return { results, sendLagMs: percentiles(lag), startedAt };
}
