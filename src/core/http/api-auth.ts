/**
 * Authentication of machine APIs: an API key (Authorization: Bearer … or
 * X-API-Key) of the tenant the request is addressed to, carrying the scope
 * the route needs. Failures are JSON (401 without a valid key, 403 without
 * the scope), never an HTML page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { apiKeyFromRequest, authenticateApiKey, type ApiKeyPrincipal, type ApiScope } from '../auth/api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: ApiKeyPrincipal | null;
  }
}

export function apiError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error: { status, code, message, requestId: reply.request.id } });
}

/** A preHandler that admits only requests with a valid key holding `scope`. */
export function requireApiScope(db: Db, scope: ApiScope) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const principal = await authenticateApiKey(db, request.tenant.id, apiKeyFromRequest(request));
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="rathaus"');
      return apiError(reply, 401, 'unauthorized', 'A valid API key is required (Authorization: Bearer <key>).');
    }
    if (!principal.scopes.includes(scope)) return apiError(reply, 403, 'forbidden', `The API key lacks the scope ${scope}.`);
    request.apiKey = principal;
    return undefined;
  };
}
