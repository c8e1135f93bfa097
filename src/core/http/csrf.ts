/**
 * CSRF protection that works without JavaScript: every form carries a hidden
 * `_csrf` token, which must match an HMAC of a random per-browser secret kept
 * in an HttpOnly cookie. A cross-site page can neither read the cookie nor
 * compute the HMAC, so it cannot forge the token. The token travels in the
 * form body (not a header), because plain HTML forms cannot set headers.
 * As a second line, requests the browser marks as cross-site are refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CsrfOptions {
  secret: string;
  cookieName: string;
  secureCookies: boolean;
}

function sign(secret: string, browserSecret: string): string {
  return createHmac('sha256', secret).update(`csrf:${browserSecret}`).digest('base64url');
}

export function createCsrf(options: CsrfOptions) {
  const { secret, cookieName, secureCookies } = options;

  /** Returns the token for this browser, setting the secret cookie on first use. */
  function tokenFor(request: FastifyRequest, reply: FastifyReply): string {
    let browserSecret = request.cookies[cookieName];
    if (!browserSecret || !/^[A-Za-z0-9_-]{32,}$/.test(browserSecret)) {
      browserSecret = randomBytes(24).toString('base64url');
      request.cookies[cookieName] = browserSecret;
      reply.setCookie(cookieName, browserSecret, {
        path: '/',
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'lax',
      });
    }
    return sign(secret, browserSecret);
  }

  /**
   * The same token, for a response whose cookies are already written (a page
   * served from the page cache fills its token hole at the very end): a new
   * browser secret goes straight into the Set-Cookie header.
   */
  function lateTokenFor(request: FastifyRequest, reply: FastifyReply, serialize: (name: string, value: string, options: object) => string): string {
    const known = request.cookies[cookieName];
    if (known && /^[A-Za-z0-9_-]{32,}$/.test(known)) return sign(secret, known);
    const browserSecret = randomBytes(24).toString('base64url');
    request.cookies[cookieName] = browserSecret;
    const existing = reply.getHeader('set-cookie');
    const cookies = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
    reply.header('set-cookie', [...cookies, serialize(cookieName, browserSecret, { path: '/', httpOnly: true, secure: secureCookies, sameSite: 'lax' })]);
    return sign(secret, browserSecret);
  }

  function isValid(request: FastifyRequest, token: unknown): boolean {
    if (request.headers['sec-fetch-site'] === 'cross-site') return false;
    const browserSecret = request.cookies[cookieName];
    if (!browserSecret || typeof token !== 'string' || token.length === 0) return false;
    const expected = Buffer.from(sign(secret, browserSecret));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  return { tokenFor, lateTokenFor, isValid };
}

export type Csrf = ReturnType<typeof createCsrf>;
