/**
 * Operations endpoints: liveness, readiness (the database answers) and
 * Prometheus metrics (only from localhost or for admins: they reveal load
 * and internals, not meant for the public).
 */
import type { FastifyInstance } from 'fastify';
import { metricsRegistry as registry } from '../../core/http/metrics.ts';
import { sql } from 'kysely';
import type { RathausModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { can } from '../../core/auth/policy.ts';
import { tenantBaseUrl } from '../../core/services.ts';
import { buildOpenApi } from '../../core/http/openapi.ts';
import { modules } from '../index.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function operationsRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    try {
      await sql`select 1`.execute(services.db);
      return reply.send({ status: 'ok' });
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', reason: 'database' });
    }
  });

  app.get('/api/openapi.json', async (request, reply) => {
    return reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(buildOpenApi(modules, tenantBaseUrl(services.config, request.tenant), '0.1.0'));
  });

  app.get('/metrics', async (request, reply) => {
    const fromLocalhost = LOOPBACK.has(request.socket.remoteAddress ?? '') && !request.headers['x-forwarded-for'];
    const admin = request.staff && can(request.staff, 'metrics.view', { tenantId: request.tenant.id });
    if (!fromLocalhost && !admin) return reply.callNotFound();
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

export const operationsModule: RathausModule = {
  name: 'operations',
  publicRoutes: operationsRoutes,
};
