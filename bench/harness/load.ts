/**
 * Closed-loop load (autocannon): N connections, each sends its next request
 * as soon as the previous answer arrived, for a fixed time. This measures the
 * throughput a server sustains; it is the right tool for the anchor and the
 * read path, and the wrong one for arrival bursts (see open-loop.ts).
 */
import autocannon from 'autocannon';

export interface ClosedLoopOptions {
  url: string;
  connections?: number;
  seconds: number;
  headers?: Record<string, string>;
  /** A different path per request, e.g. a cache-busting query string. */
  pathFor?: (n: number) => string;
  /** Client timeout per request in seconds (autocannon's default: 10). */
  timeoutSeconds?: number;
}

export interface ClosedLoopResult {
  connections: number;
  seconds: number;
  requests: number;
  /** All answers per second. */
  requestsPerSecond: number;
  /** 2xx answers per second: the throughput that counts. */
  okPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * What every browser and HTTP library sends with a GET: the compressions it
 * accepts. The anchor and the read path send it, so they measure what real
 * clients get (a server that compresses answers them with fewer bytes).
 */
export const CLIENT_HEADERS: Readonly<Record<string, string>> = { 'accept-encoding': 'gzip, deflate, br' };

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function closedLoop(opts: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const connections = opts.connections ?? 100;
  const pathFor = opts.pathFor;
  let n = 0;
  const result = await autocannon({
    url: opts.url,
    connections,
    pipelining: 1,
    duration: opts.seconds,
    timeout: opts.timeoutSeconds ?? 10,
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(pathFor ? { requests: [{ setupRequest: (request) => ({ ...request, path: pathFor(n++) }) }] } : {}),
  });
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = Number(count);
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ok = Object.entries(statuses).reduce((sum, [status, count]) => (status.startsWith('2') ? sum + count : sum), 0);
  const seconds = result.duration || opts.seconds;
  return {
    connections,
    seconds: round(seconds, 2),
    requests,
    requestsPerSecond: round(requests / seconds),
    okPerSecond: round(ok / seconds),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: round(result.latency.mean, 2) },
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
