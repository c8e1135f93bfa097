/**
 * The HTTP client of benchmarks and drills: Node's http module with a
 * keep-alive agent (no connection limit), a client timeout, and a result that
 * never throws — a network error is status 0, a client timeout status -1 —
 * so a load loop can count failures instead of crashing. Plus the small
 * statistics every report uses.
 */
import http from 'node:http';

export interface Response {
  /** HTTP status; 0 = network error (refused, reset), -1 = client timeout. */
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  /** Milliseconds from sending to the end of the body (or the failure). */
  ms: number;
  error?: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Client timeout for the whole exchange; default 10 s. */
  timeoutMs?: number;
  /** Another agent (e.g. one without keep-alive); default: the shared keep-alive agent. */
  agent?: http.Agent;
}

export const keepAliveAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

export function request(url: string, opts: RequestOptions = {}): Promise<Response> {
  const target = new URL(url);
  const started = performance.now();
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Omit<Response, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...r, ms: performance.now() - started });
    };
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: opts.method ?? 'GET', headers, agent: opts.agent ?? keepAliveAgent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string | string[]>, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => finish({ status: 0, headers: {}, body: '', error: error.message }));
      },
    );
    const timer = setTimeout(() => {
      finish({ status: -1, headers: {}, body: '', error: 'client timeout' });
      req.destroy();
    }, opts.timeoutMs ?? 10_000);
    req.on('error', (error) => finish({ status: 0, headers: {}, body: '', error: error.message }));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** First value of a response header (lower-case name). */
export function header(res: Pick<Response, 'headers'>, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** All Set-Cookie values as `name=value` pairs (attributes dropped), joined for a Cookie header. */
export function cookiesOf(res: Pick<Response, 'headers'>): Record<string, string> {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const out: Record<string, string> = {};
  for (const c of list) {
    const pair = c.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

/** Nearest-rank percentiles (the value at rank ceil(q·n)), rounded to 0.1; all 0 for no values. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number) : 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(at(1)), count: sorted.length };
}

/** Count per status code, keys as strings ('200', '503', '0' = network error, '-1' = timeout). */
export function histogram(statuses: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
}
