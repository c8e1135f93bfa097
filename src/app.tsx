/**
 * The composition root: `buildApp(services, modules)` assembles Fastify with
 * one function per concern (security headers, cookies, body parsing, tenancy,
 * locale, staff session, CSRF, rate limits, rendering, errors) and then
 * mounts every module's public, staff and API routes.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { ZodType } from 'zod';
import type { Services } from './core/services.ts';
import type { RathausModule } from './core/module.ts';
import { createCsrf } from './core/http/csrf.ts';
import { rateLimitStore } from './core/http/rate-limit-store.ts';
import { registerSecurityHeaders } from './core/http/security-headers.ts';
import { batchedStdout } from './core/http/log-destination.ts';
import { installLoadShedding, isDatabaseUnavailable, OverloadedError, RETRY_AFTER_SECONDS } from './core/http/load-shedding.ts';
import { installRenderer, FLASH_COOKIE } from './core/http/render.tsx';
import { MAX_UPLOAD_BYTES } from './core/http/forms.ts';
import { httpDuration } from './core/http/metrics.ts';
import { ErrorPage } from './core/http/views/error-page.tsx';
import { ForbiddenError } from './core/auth/policy.ts';
import { createTranslator, isLocale, DEFAULT_LOCALE, type Locale } from './core/i18n/i18n.ts';
import { projectRoot } from './core/paths.ts';
import './core/http/context.ts';
import './core/http/api-auth.ts';

const root = projectRoot();
const LOCALE_COOKIE = 'rathaus-lang';

/** Paths whose segments after the prefix are secrets and must not reach the logs. */
const SECRET_PATHS = /^(\/vorgang\/|\/termine\/bestaetigen\/|\/termine\/buchung\/|\/maengelmelder\/(?:status|meine|abo|auftrag)\/)[^/?]+/;

export function redactUrl(url: string): string {
  const pathOnly = url.split('?')[0] ?? '';
  return pathOnly.replace(SECRET_PATHS, '$1[redacted]');
}

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-rathaus-session' : 'rathaus-session';
}

export type ErrorKind = '400' | '403' | '404' | '413' | '429' | '500' | '503' | 'csrf';

async function sendError(request: FastifyRequest, reply: FastifyReply, status: number, kind: ErrorKind): Promise<FastifyReply> {
  if (request.url.startsWith('/api/')) {
    return reply.code(status).header('cache-control', 'no-store').send({ error: { status, code: kind, requestId: request.id } });
  }
  if (!request.t) {
    // Tenant resolution itself failed: render without chrome.
    return reply.code(status).type('text/plain; charset=utf-8').send(`Fehler ${status} (${request.id})`);
  }
  return reply.page({ title: request.t(`error.${kind}.title`), body: ErrorPage({ t: request.t, kind, requestId: request.id }), status });
}

/**
 * Errors in the log: what identifies the fault, never the data. A PostgreSQL
 * error's `detail` quotes the failing row or key (a citizen's name, an
 * e-mail), so only its code, constraint and table are kept.
 */
export function serializeError(error: Error & { code?: unknown; constraint?: unknown; table?: unknown; statusCode?: unknown }): { type: string; message: string; stack: string; [key: string]: unknown } {
  return {
    type: error.name,
    message: error.message,
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(error.constraint !== undefined ? { constraint: error.constraint } : {}),
    ...(error.table !== undefined ? { table: error.table } : {}),
    ...(error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
    stack: error.stack ?? '',
  };
}

/** Logging options: level and destination may vary (tests capture lines); the privacy serializers always apply. */
export interface AppLogOptions {
  level?: string;
  stream?: { write(line: string): void };
}

export async function buildApp(services: Services, modules: readonly RathausModule[], options: { log?: AppLogOptions } = {}): Promise<FastifyInstance> {
  const { config } = services;
  // Request lines in batches to standard output (core/http/log-destination.ts), unless a caller captures them.
  const logDestination = options.log?.stream === undefined ? batchedStdout() : null;
  const app = Fastify({
    logger: {
      level: options.log?.level ?? config.logLevel,
      stream: options.log?.stream ?? logDestination ?? process.stdout,
      serializers: {
        // Method, redacted path, status and timing only: no query strings, IPs or bodies (they may hold personal data).
        req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), host: req.headers.host }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
    },
    genReqId: () => randomUUID(),
    // One line per request, written when it is answered (onResponse below), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 10_000,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
  });

  // Zod schemas on params and querystrings; an invalid value becomes a 400 page, never a 500.
  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    const result = (schema as ZodType).safeParse(data);
    return result.success ? { value: result.data } : { error: new Error(result.error.issues.map((i) => i.message).join('; ')) };
  });

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(config.publicUrl.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.publicUrl.startsWith('https:') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 200, fields: 100, fieldSize: 256 * 1024, parts: 300 } });
  // Counted in memory, shared with the other instances through the database every 200 ms (rate-limit-store.ts).
  services.rateCounter.reportErrorsTo((error) => app.log.warn({ err: error }, 'rate limits: the shared counters could not be written; counting locally meanwhile'));
  app.addHook('onClose', () => services.rateCounter.close());
  app.addHook('onClose', async () => logDestination?.close());
  await app.register(rateLimit, {
    global: false,
    store: rateLimitStore(services.rateCounter),
    skipOnError: true,
    keyGenerator: (request) => request.ip,
  });
  await app.register(fastifyStatic, { root: path.join(root, 'node_modules/@kern-ux/native/dist'), prefix: '/assets/kern/', decorateReply: false, maxAge: '7d', index: false, allowedPath: (p) => /\.(css|woff2?|ttf|svg|js)$/.test(p) });
  await app.register(fastifyStatic, { root: path.join(root, 'src/core/ui/assets'), prefix: '/assets/ui/', decorateReply: false, maxAge: '1h', index: false });

  const catalog = services.catalog;
  const translators = { de: createTranslator(catalog, 'de'), en: createTranslator(catalog, 'en') };
  const csrf = createCsrf({ secret: config.sessionSecret, cookieName: config.secureCookies ? '__Host-rathaus-csrf' : 'rathaus-csrf', secureCookies: config.secureCookies });
  const sessionCookie = sessionCookieName(config.secureCookies);

  app.decorateRequest('tenant', null as never);
  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', null as never);
  app.decorateRequest('staffSession', null);
  app.decorateRequest('staff', null);
  app.decorateRequest('apiKey', null);

  // Tenancy and locale, once per request.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/') || request.url === '/healthz') return;
    const tenant = await services.tenants.resolve(request.headers.host);
    if (!tenant) return reply.code(503).type('text/plain; charset=utf-8').send('Keine Kommune eingerichtet. Bitte "npm run cli -- seed" ausführen.');
    request.tenant = tenant;
    const query = request.query as Record<string, unknown> | undefined;
    let locale: Locale = DEFAULT_LOCALE;
    const fromQuery = typeof query?.lang === 'string' ? query.lang : undefined;
    if (isLocale(fromQuery)) {
      locale = fromQuery;
      reply.setCookie(LOCALE_COOKIE, locale, { path: '/', httpOnly: true, secure: config.secureCookies, sameSite: 'lax', maxAge: 31_536_000 });
    } else if (isLocale(request.cookies[LOCALE_COOKIE])) {
      locale = request.cookies[LOCALE_COOKIE] as Locale;
    }
    request.locale = locale;
    request.t = translators[locale];
  });

  // Anonymous public reads from the page cache; then, past capacity, a quick 503 instead of a queue.
  services.pageCache.install(app, {
    bypass: (request) => Boolean(request.cookies[sessionCookie] || request.cookies[FLASH_COOKIE] || (request.query as Record<string, unknown> | undefined)?.lang !== undefined),
    csrfToken: (request, reply) => csrf.lateTokenFor(request, reply, (name, value, options) => app.serializeCookie(name, value, options)),
  });
  await installLoadShedding(app, {
    pool: services.pool,
    maxPoolWaiting: config.maxPoolWaiting,
    maxPoolWaitMs: config.maxPoolWaitMs,
    maxHeavy: 4,
    // Half the pool: submits keep connections for reads and the other half of the site.
    maxSubmits: Math.max(2, Math.floor(config.databasePoolMax / 2)),
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

  // The staff or member session, where there is one.
  app.addHook('onRequest', async (request) => {
    if (!request.tenant) return;
    // OParl is anonymous and stateless (spec 2-03): a session is never looked at there.
    const token = request.url.startsWith('/oparl/') ? undefined : request.cookies[sessionCookie];
    if (token) {
      const tenant = request.tenant;
      const state = await services.staffAuth.session(tenant.id, token);
      request.staffSession = state;
      request.staff = state && !state.secondFactorPending ? state.actor : null;
    }
  });

  // CSRF on every state change of a cookie-authenticated route. Multipart forms
  // are checked by the form reader once the body is parsed (see core/http/forms.ts).
  app.addHook('preHandler', async (request, reply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    if (request.routeOptions.config.csrf === false) return;
    if (request.isMultipart()) return;
    const token = (request.body as Record<string, unknown> | undefined)?._csrf;
    if (!csrf.isValid(request, token)) {
      request.log.warn({ reason: 'csrf' }, 'rejected state change without valid CSRF token');
      return sendError(request, reply, 403, 'csrf');
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    // A slow answer is a warning: it shows where an operator logs warnings only (and in a failed e2e journey's server output).
    const slow = reply.elapsedTime >= config.slowRequestMs;
    request.log[slow ? 'warn' : 'info']({ req: request, res: reply, responseTime: reply.elapsedTime }, slow ? 'slow request completed' : 'request completed');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control') && !request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  const publicNav = modules.flatMap((m) => m.navigation?.public ?? []);
  const staffNav = modules.flatMap((m) => m.navigation?.staff ?? []);
  installRenderer(app, { csrf, publicNav, staffNav, secureCookies: config.secureCookies, csrfMarker: services.pageCache.csrfMarker });
  app.decorate('csrf', csrf);

  app.decorateReply('errorPage', function (this: FastifyReply, status: number, kind: ErrorKind) {
    return sendError(this.request, this, status, kind);
  });

  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, '404'));

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    if (error instanceof ForbiddenError) return sendError(request, reply, 403, '403');
    const status = error.statusCode ?? 500;
    if (status === 429) return sendError(request, reply, 429, '429');
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT' || error.code === 'FST_PARTS_LIMIT') return sendError(request, reply, 413, '413');
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, status }, 'client error');
      return sendError(request, reply, status === 404 ? 404 : 400, status === 404 ? '404' : '400');
    }
    if (isDatabaseUnavailable(error)) {
      if (!(error instanceof OverloadedError)) request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendError(request, reply, 503, '503');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 500, '500');
  });

  for (const module of modules) {
    if (module.publicRoutes) await app.register(async (scope) => module.publicRoutes?.(scope, services));
    if (module.staffRoutes) {
      await app.register(
        async (scope) => {
          scope.addHook('preHandler', async (request, reply) => {
            if (request.staff) return;
            if (request.method === 'GET') return reply.redirect(`/verwaltung/anmelden?weiter=${encodeURIComponent(request.url)}`, 303);
            return sendError(request, reply, 403, '403');
          });
          await module.staffRoutes?.(scope, services);
        },
        { prefix: '/verwaltung' },
      );
    }
    if (module.apiRoutes) await app.register(async (scope) => module.apiRoutes?.(scope, services), { prefix: '/api' });
  }
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    csrf: import('./core/http/csrf.ts').Csrf;
  }
  interface FastifyReply {
    /** Renders the friendly error page (JSON under /api). */
    errorPage(status: number, kind: ErrorKind): Promise<FastifyReply>;
  }
  interface FastifyContextConfig {
    /** false: route is not cookie-authenticated (APIs, callbacks) and has no CSRF check. */
    csrf?: boolean;
  }
}
