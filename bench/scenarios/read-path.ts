/**
 * Read path: the pages and lists anonymous visitors and API clients read
 * most — the service catalogue, a service page, the Open311 request list and
 * the first page of the OParl paper list of Musterstadt's body — each under
 * autocannon (100 connections, sending the Accept-Encoding a browser sends)
 * for N seconds, twice:
 *
 * - cached: the same URL every time, as a crowd reads it; the app's page
 *   cache (a few seconds per entry, src/core/http/page-cache.ts) answers
 *   most of them;
 * - uncached: a distinct, ignored query parameter per request
 *   (`?nocache=<n>`). The cache keys on the full URL, so every request
 *   misses and renders from the database (and adds an entry the LRU evicts
 *   again): the cost of the page itself, and what a cache-busting client
 *   gets.
 */
import { CLIENT_HEADERS, closedLoop, type ClosedLoopResult } from '../harness/load.ts';
import { startHello } from '../harness/hello.ts';
import { header, request } from '../harness/http.ts';
import { loadAverage, sampleMemory } from '../harness/proc.ts';
import { round, sleep, type ScenarioContext } from './context.ts';

export type EndpointId = 'catalogue' | 'servicePage' | 'open311' | 'oparlPapers';

export interface EndpointResult {
  id: EndpointId;
  path: string;
  /** Bytes of one answer (a sanity check that a real page was measured). */
  bytes: number;
  /** Bytes on the wire of a cached answer to a client that accepts compression, and the encoding (none: sent as it is). */
  wire?: { bytes: number; encoding: string | null };
  /**
   * The bare hello-world server answering the same number of bytes, under
   * the same load: the most any server manages for answers that big on this
   * machine with this client (bench/harness/hello.ts).
   */
  bytesCeiling?: ClosedLoopResult & { ratioToA1: number };
  cached: Variant;
  uncached: Variant;
}

export interface Variant extends ClosedLoopResult {
  ratioToA1: number;
  loadBefore: number;
  /** Highest app RSS while this line ran (MB). */
  appPeakMb: number;
}

/**
 * Requests still running when a load run ends keep the app busy (autocannon
 * stops counting, the server does not stop working): wait until a trivial
 * request is fast again before the next measurement, at most `maxMs`.
 */
export async function settle(baseUrl: string, maxMs = 20_000): Promise<void> {
  const until = Date.now() + maxMs;
  let fast = 0;
  while (Date.now() < until && fast < 3) {
    const res = await request(`${baseUrl}/healthz`, { timeoutMs: 5_000 });
    fast = res.status === 200 && res.ms < 20 ? fast + 1 : 0;
    await sleep(100);
  }
}

export interface ReadPathResult {
  seconds: number;
  connections: number;
  endpoints: EndpointResult[];
  /** Endpoints that could not be measured, with the reason. */
  skipped: { id: EndpointId; reason: string }[];
}

/** Path and query of an absolute URL the app built (its PUBLIC_URL host differs from ours). */
const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** OParl: system → body list → Musterstadt's body → its paper list (first page). */
export async function findPaperList(baseUrl: string): Promise<string> {
  const system = await request(`${baseUrl}/oparl/v1.1/system`);
  if (system.status !== 200) throw new Error(`GET /oparl/v1.1/system: ${system.status}`);
  const bodyList = (JSON.parse(system.body) as { body?: string }).body;
  if (!bodyList) throw new Error('OParl system without body list');
  const bodies = await request(`${baseUrl}${pathOf(bodyList)}`);
  if (bodies.status !== 200) throw new Error(`GET ${pathOf(bodyList)}: ${bodies.status}`);
  const list = (JSON.parse(bodies.body) as { data?: { name?: string; paper?: string }[] }).data ?? [];
  const body = list.find((b) => /musterstadt/i.test(b.name ?? '')) ?? list[0];
  if (!body?.paper) throw new Error('no OParl body with a paper list');
  return pathOf(body.paper);
}

export async function runReadPath(ctx: ScenarioContext, opts: { seconds: number; connections?: number; anchorOkPerSecond: number }): Promise<ReadPathResult> {
  const connections = opts.connections ?? 100;
  const base = ctx.app.url;
  const endpoints: { id: EndpointId; path: string }[] = [
    { id: 'catalogue', path: '/leistungen' },
    { id: 'servicePage', path: '/leistungen/briefwahl' },
    { id: 'open311', path: '/open311/v2/requests.json' },
  ];
  const skipped: ReadPathResult['skipped'] = [];
  try {
    endpoints.push({ id: 'oparlPapers', path: await findPaperList(base) });
  } catch (error) {
    skipped.push({ id: 'oparlPapers', reason: (error as Error).message });
  }
  const ratio = (r: ClosedLoopResult) => (opts.anchorOkPerSecond > 0 ? round(r.okPerSecond / opts.anchorOkPerSecond, 4) : 0);
  const results: EndpointResult[] = [];
  const hello = await startHello();
  try {
    for (const e of endpoints) {
      const sep = e.path.includes('?') ? '&' : '?';
      const probe = await request(`${base}${e.path}`);
      const probeUncached = await request(`${base}${e.path}${sep}nocache=probe`);
      if (probe.status !== 200 || probeUncached.status !== 200) {
        skipped.push({ id: e.id, reason: `probe answered ${probe.status} (uncached variant ${probeUncached.status})` });
        continue;
      }
      ctx.log(`read path: ${e.path} (${probe.body.length} bytes), cached then uncached, ${opts.seconds} s each`);
      // Warm-up: JIT, pool connections, the cache entry.
      await closedLoop({ url: `${base}${e.path}`, connections, seconds: 1, headers: { ...CLIENT_HEADERS } });
      await settle(base);
      // A cached answer as a browser gets it (the entry is compressed on its first hits: ask until it is, or it is not compressible).
      let wire = await request(`${base}${e.path}`, { headers: { ...CLIENT_HEADERS } });
      for (let i = 0; i < 10 && !header(wire, 'content-encoding'); i++) {
        await sleep(50);
        wire = await request(`${base}${e.path}`, { headers: { ...CLIENT_HEADERS } });
      }
      const encoding = header(wire, 'content-encoding') ?? null;
      const wireBytes = Number(header(wire, 'content-length') ?? Buffer.byteLength(wire.body));
      const measure = async (pathFor?: (n: number) => string): Promise<Variant> => {
        const loadBefore = loadAverage();
        const memory = sampleMemory({ appPid: () => ctx.app.pid, postgresPid: () => null });
        const run = await closedLoop({ url: `${base}${e.path}`, connections, seconds: opts.seconds, headers: { ...CLIENT_HEADERS }, ...(pathFor ? { pathFor } : {}) });
        const appPeakMb = memory.stop().appPeakMb;
        await settle(base);
        return { ...run, ratioToA1: ratio(run), loadBefore, appPeakMb };
      };
      const cached = await measure();
      // Right after the cached line, so both see the same machine.
      const ceilingUrl = `${hello.url}/bytes/${wireBytes}`;
      await closedLoop({ url: ceilingUrl, connections, seconds: 1, headers: { ...CLIENT_HEADERS } });
      const ceiling = await closedLoop({ url: ceilingUrl, connections, seconds: opts.seconds, headers: { ...CLIENT_HEADERS } });
      const uncached = await measure((n) => `${e.path}${sep}nocache=${n}`);
      results.push({
        id: e.id,
        path: e.path,
        bytes: Buffer.byteLength(probe.body),
        wire: { bytes: wireBytes, encoding },
        bytesCeiling: { ...ceiling, ratioToA1: ratio(ceiling) },
        cached,
        uncached,
      });
    }
  } finally {
    await hello.stop();
  }
  return { seconds: opts.seconds, connections, endpoints: results, skipped };
}
