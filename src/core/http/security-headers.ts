/**
 * The security headers of every answer (CSP, HSTS, Referrer-Policy,
 * X-Content-Type-Options …), computed once at start with helmet and set by
 * one hook. @fastify/helmet builds the helmet middleware, and with it the
 * CSP, again on every request: a measurable share of what a page from the
 * page cache costs (issue 8). Routes change a header where they need to
 * (e.g. the map's tile server in img-src, src/modules/reports/public/map.tsx).
 */
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';

/** The headers helmet sets with these options (names in lower case). */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as never, response as never, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
