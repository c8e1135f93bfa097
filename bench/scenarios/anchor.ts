/**
 * A1, the anchor: a bare Fastify hello-world under the same load generator
 * (autocannon, 100 connections, no pipelining, the headers a browser sends)
 * on the same machine, in the same run. Every other throughput is reported as a ratio to it, so results
 * from different machines compare.
 */
import { startHello } from '../harness/hello.ts';
import { CLIENT_HEADERS, closedLoop, type ClosedLoopResult } from '../harness/load.ts';
import { loadAverage } from '../harness/proc.ts';

export interface AnchorResult extends ClosedLoopResult {
  loadBefore: number;
}

export async function runAnchor(opts: { seconds: number; connections?: number }): Promise<AnchorResult> {
  const hello = await startHello();
  try {
    // JIT and connection set-up outside the measurement.
    await closedLoop({ url: `${hello.url}/`, connections: opts.connections ?? 100, seconds: 1, headers: { ...CLIENT_HEADERS } });
    const loadBefore = loadAverage();
    const run = await closedLoop({ url: `${hello.url}/`, connections: opts.connections ?? 100, seconds: opts.seconds, headers: { ...CLIENT_HEADERS } });
    return { ...run, loadBefore };
  } finally {
    await hello.stop();
  }
}
