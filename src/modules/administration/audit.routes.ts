/** Protokoll: the tenant's audit log for admins. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../core/auth/policy.ts';
import type { Services } from '../../core/services.ts';
import { listAudit } from './queries.ts';
import { breadcrumbs, listHref, pageParam, staffActor } from './shared.ts';
import { AuditPage } from './views/audit-log.tsx';

const PATH = '/verwaltung/protokoll';
const listQuery = z.object({
  aktion: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim().slice(0, 100)),
  seite: pageParam,
});

export function auditRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: z.infer<typeof listQuery> }>('/protokoll', { schema: { querystring: listQuery } }, async (request, reply) => {
    requireAccess(staffActor(request), 'audit.view', { tenantId: request.tenant.id });
    const t = request.t;
    const actionPrefix = request.query.aktion;
    const entries = await listAudit(services.db, request.tenant.id, { actionPrefix }, request.query.seite);
    return reply.page({
      title: t('admin.audit.title'),
      breadcrumbs: breadcrumbs(t, { label: t('admin.audit.title') }),
      body: AuditPage({ t, locale: request.locale, entries, actionPrefix, hrefFor: (seite) => listHref(PATH, { aktion: actionPrefix, seite }) }),
    });
  });
}
