/**
 * Load shedding: when the instance is past what it can serve in time, a
 * request is answered at once with 503 and `Retry-After` instead of being
 * queued until it times out. A quick "please try again in a moment" keeps the
 * instance responsive for the requests it does take, and a client (or a load
 * balancer) knows when to come back; a request that waits 30 s and then
 * fails helps nobody and holds memory and a socket all the while.
 *
 * Two signals: the database pool's queue (how long the oldest query has
 * waited for a connection, and how many wait — the first thing to grow when
 * PostgreSQL is the bottleneck; checked on every request, so it reacts within
 * one request; a long queue of short queries that moves is not overload) and the event loop delay sampled
 * by @fastify/under-pressure (the process itself is saturated). Liveness,
 * readiness, metrics and static assets are never shed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import underPressure from '@fastify/under-pressure';
import type pg from 'pg';
import { Counter } from 'prom-client';
import { metricsRegistry } from './metrics.ts';
import { admission, type AdmissionOptions } from './admission.ts';

export interface LoadSheddingOptions {
  pool: pg.Pool;
  /**
   * Routes marked \`config: { heavy: true }\` (big lists built in memory) run at
   * most this many at a time; more wait in a short queue (4 × as many), beyond
   * that they are refused. Bounds memory: a hundred parallel half-megabyte
   * lists would otherwise hold a hundred copies of their rows at once.
   */
  maxHeavy: number;
  /**
   * Routes marked \`config: { concurrency: 'submit' }\` (a citizen sending an
   * application or a report: one transaction each) run at most this many at a
   * time per instance; more wait in a queue sized to what the instance
   * completes in half a second at its current pace (at least twice, at most
   * twenty times as many as run), beyond that they are refused at once. So a
   * hiccup of a few hundred milliseconds refuses nobody, while at a burst an
   * admitted submit is still answered within about a second and the excess
   * is told to come back, instead of every submit waiting up to the database
   * bound below.
   */
  maxSubmits: number;
  /** Queries waiting for a database connection before new requests are refused (a backstop). */
  maxPoolWaiting: number;
  /** How long the oldest query may have waited for a connection before new requests are refused. */
  maxPoolWaitMs: number;
  /** Mean event loop delay (ms) over a sample interval before new requests are refused. */
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
}

/**
 * A request refused because the instance is overloaded. Thrown from the
 * shedding hooks, so the error handler of the route's own API answers it in
 * that API's format (an OParl error object, Open311's error list, the
 * appointment API's JSON, the localized 503 page), with Retry-After.
 */
export class OverloadedError extends Error {
  readonly statusCode = 503;
  readonly code = 'RATHAUS_OVERLOADED';
  constructor(readonly reason: string) {
    // Thousands a second in a spike, and nobody reads their stack: none is captured (that was most of their cost).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`overloaded: request refused (${reason})`);
    Error.stackTraceLimit = limit;
    this.name = 'OverloadedError';
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Builds a big response in memory: limited to a few at a time per instance (see LoadSheddingOptions.maxHeavy). */
    heavy?: boolean;
    /** Belongs to a group of routes limited to so many at a time per instance (see LoadSheddingOptions.maxSubmits). */
    concurrency?: 'submit';
  }
}

const shed = new Counter({ name: 'rathaus_requests_shed_total', help: 'Requests refused with 503 because the instance was overloaded', labelNames: ['reason'], registers: [metricsRegistry] });

/** How long a submit may expect to wait for its turn before it is refused instead (see core/http/admission.ts). */
const SUBMIT_WAIT_BUDGET_MS = 500;

/** Seconds a refused client should wait before trying again (load shedding, database restart). */
export const RETRY_AFTER_SECONDS = 5;

const NEVER_SHED = /^\/(?:healthz|readyz|metrics)$|^\/assets\//;

export function isExempt(url: string): boolean {
  return NEVER_SHED.test(url.split('?')[0] ?? '');
}

export async function installLoadShedding(app: FastifyInstance, options: LoadSheddingOptions): Promise<void> {
  const refuse = async (request: FastifyRequest, reply: FastifyReply, reason: string): Promise<never> => {
    shed.inc({ reason });
    // The one log line of this refusal (the error handlers do not log an OverloadedError again).
    request.log.warn({ reason }, 'overloaded: request refused');
    reply.header('retry-after', String(options.retryAfterSeconds));
    throw new OverloadedError(reason);
  };

  // under-pressure only measures here (its handler lets every request pass); the decision is one hook below.
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    sampleInterval: 250,
    retryAfter: options.retryAfterSeconds,
    pressureHandler: () => undefined,
  });

  // Start-up (loading modules, migrating) blocks the loop by design; that delay is not overload.
  let measuringFrom = Infinity;
  app.addHook('onReady', async () => {
    measuringFrom = Date.now() + 1000;
  });

  const waitingSince = watchPoolWaits(options.pool);
  app.addHook('onRequest', async (request, reply) => {
    if (isExempt(request.url)) return;
    if (options.pool.waitingCount >= options.maxPoolWaiting) return refuse(request, reply, 'database-queue');
    const oldest = waitingSince();
    if (oldest !== null && performance.now() - oldest > options.maxPoolWaitMs) return refuse(request, reply, 'database-wait');
    if (Date.now() >= measuringFrom && app.isUnderPressure()) return refuse(request, reply, 'event-loop');
  });

  const groups = {
    heavy: limiter({ max: options.maxHeavy, queue: 4 * options.maxHeavy }),
    // Submits wait as long as the instance answers the queue within half a second at its current pace (at least 2 ×, at most 20 × as many as run).
    submit: limiter({ max: options.maxSubmits, queue: { budgetMs: SUBMIT_WAIT_BUDGET_MS, min: 2 * options.maxSubmits, max: 20 * options.maxSubmits } }),
  };
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    const name = config.heavy ? 'heavy' : config.concurrency;
    if (!name) return;
    if (!(await groups[name].enter(request, reply))) return refuse(request, reply, `${name}-queue`);
  });
}

/**
 * Admission of a request into a group (see core/http/admission.ts). Its place
 * is given back when the response is closed — 'close' comes for every
 * response, also when the client went away while it waited (then neither
 * onResponse nor onRequestAbort follows, and the place would be lost for good).
 */
function limiter(options: AdmissionOptions) {
  const group = admission(options);
  const held = new WeakSet<FastifyRequest>();
  function release(request: FastifyRequest): void {
    if (!held.has(request)) return;
    held.delete(request);
    group.release();
  }
  return {
    async enter(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      if (!(await group.enter())) return false;
      held.add(request);
      if (reply.raw.writableFinished || reply.raw.destroyed) release(request);
      else reply.raw.once('close', () => release(request));
      return true;
    },
  };
}

/**
 * When the longest-waiting connection request of the pool started
 * (performance.now()), or null when none waits. pg-pool hands connections out
 * in order, so the first pending request is the oldest.
 */
function watchPoolWaits(pool: pg.Pool): () => number | null {
  const pending = new Set<{ since: number }>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const watched = (async () => {
    const entry = { since: performance.now() };
    pending.add(entry);
    try {
      return await connect();
    } finally {
      pending.delete(entry);
    }
  }) as typeof pool.connect;
  // Callback-style callers (none in Rathaus) keep the original.
  pool.connect = ((callback?: unknown) => (typeof callback === 'function' ? (connect as (cb: unknown) => void)(callback) : watched())) as typeof pool.connect;
  return () => {
    for (const entry of pending) return entry.since;
    return null;
  };
}

/**
 * Errors that mean "the database is not reachable right now" (restart,
 * failover, pool exhausted), as opposed to a bug: they become 503 with
 * Retry-After, and the request can simply be repeated.
 */
export function isDatabaseUnavailable(error: { message?: string; code?: unknown; syscall?: unknown }): boolean {
  if (error instanceof OverloadedError) return true;
  const code = typeof error.code === 'string' ? error.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)) return true;
  // The embedded server's Unix socket is gone while it restarts (ENOENT), or its backlog is full (EAGAIN); only for a connect, not for a missing file.
  if (error.syscall === 'connect' && ['ENOENT', 'EAGAIN'].includes(code)) return true;
  // PostgreSQL: 08xxx connection exceptions, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections.
  if (/^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  const message = error.message ?? '';
  return /timeout exceeded when trying to connect|Connection terminated|connection (?:is )?closed|Client has encountered a connection error/i.test(message);
}
