/**
 * The staff session cookie: a browser-session cookie (no Max-Age, so it ends
 * with the browser; the server enforces idle and absolute timeouts), HttpOnly,
 * SameSite=Lax, and with `__Host-` + Secure whenever the site is https.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookieName } from '../../app.tsx';

export function sessionCookie(secure: boolean) {
  const name = sessionCookieName(secure);
  const attributes = { path: '/', httpOnly: true, secure, sameSite: 'lax' } as const;
  return {
    read: (request: FastifyRequest): string | undefined => request.cookies[name],
    set: (reply: FastifyReply, token: string): FastifyReply => reply.setCookie(name, token, attributes),
    clear: (reply: FastifyReply): FastifyReply => reply.clearCookie(name, attributes),
  };
}

export type SessionCookie = ReturnType<typeof sessionCookie>;
