/**
 * An HTTP request that records its phases — started, request written,
 * response headers, end — and how it ended: complete, cut off after the
 * headers (truncated), refused, reset before any answer, or no answer in
 * time. The harness client (bench/harness/http.ts) folds all failures into
 * status 0; the shutdown drill needs to tell "refused cleanly" from "cut off
 * mid-response". The body can be trickled in chunks, to keep a request in
 * flight for a while (a slow upload).
 */
import http from 'node:http';

export type Ending = 'complete' | 'truncated' | 'refused' | 'reset-before-answer' | 'timeout' | 'error';

export interface ProbeResult {
  startedAt: number;
  /** The whole request was written (null: it never was). */
  sentAt: number | null;
  headersAt: number | null;
  endedAt: number;
  status: number;
  ending: Ending;
  error?: string;
}

export interface ProbeOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Send the body in this many chunks spread over `trickleMs`. */
  trickle?: { chunks: number; ms: number };
  timeoutMs: number;
  agent: http.Agent;
}

export function probe(url: string, opts: ProbeOptions): Promise<ProbeResult> {
  const target = new URL(url);
  const startedAt = Date.now();
  let sentAt: number | null = null;
  let headersAt: number | null = null;
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: number, ending: Ending, error?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ startedAt, sentAt, headersAt, endedAt: Date.now(), status, ending, ...(error ? { error } : {}) });
    };
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body) headers['content-length'] = String(opts.body.length);
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: opts.method ?? 'GET', headers, agent: opts.agent }, (res) => {
      headersAt = Date.now();
      const expected = Number(res.headers['content-length'] ?? NaN);
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => {
        const short = Number.isFinite(expected) && bytes < expected;
        finish(res.statusCode ?? 0, short ? 'truncated' : 'complete', short ? `${bytes} of ${expected} bytes` : undefined);
      });
      res.on('error', (error) => finish(res.statusCode ?? 0, 'truncated', error.message));
      res.on('aborted', () => finish(res.statusCode ?? 0, 'truncated', 'aborted'));
    });
    const timer = setTimeout(() => {
      finish(-1, 'timeout', 'client timeout');
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (error: Error & { code?: string }) => {
      if (headersAt !== null) return finish(0, 'truncated', error.message);
      if (error.code === 'ECONNREFUSED') return finish(0, 'refused', error.message);
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || /socket hang up/.test(error.message)) return finish(0, 'reset-before-answer', error.message);
      finish(0, 'error', error.message);
    });
    const body = opts.body;
    if (!body) {
      req.end(() => (sentAt = Date.now()));
      return;
    }
    if (!opts.trickle) {
      req.end(body, () => (sentAt = Date.now()));
      return;
    }
    const { chunks, ms } = opts.trickle;
    const size = Math.ceil(body.length / chunks);
    const next = (i: number) => {
      if (done) return;
      const part = body.subarray(i * size, (i + 1) * size);
      if (i === chunks - 1) {
        req.end(part, () => (sentAt = Date.now()));
        return;
      }
      req.write(part);
      setTimeout(() => next(i + 1), ms / chunks);
    };
    next(0);
  });
}
