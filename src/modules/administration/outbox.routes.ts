/** Postausgang: staff read the tenant's mails (in the offline demo: instead of receiving them). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../core/auth/policy.ts';
import type { Services } from '../../core/services.ts';
import { findMail, listMails, MAIL_STATUSES } from './queries.ts';
import { breadcrumbs, listHref, pageParam, staffActor } from './shared.ts';
import { MailPage, OutboxPage } from './views/outbox.tsx';

const PATH = '/verwaltung/postausgang';
// "" is the "Alle" option of the filter form.
const listQuery = z.object({ status: z.union([z.literal(''), z.enum(MAIL_STATUSES)]).optional(), seite: pageParam });
const mailParams = z.object({ id: z.uuid() });

export function outboxRoutes(app: FastifyInstance, services: Services): void {
  const offline = !services.config.smtpUrl;

  app.get<{ Querystring: z.infer<typeof listQuery> }>('/postausgang', { schema: { querystring: listQuery } }, async (request, reply) => {
    requireAccess(staffActor(request), 'outbox.view', { tenantId: request.tenant.id });
    const t = request.t;
    const status = request.query.status || undefined;
    const mails = await listMails(services.db, request.tenant.id, { status }, request.query.seite);
    return reply.page({
      title: t('admin.outbox.title'),
      breadcrumbs: breadcrumbs(t, { label: t('admin.outbox.title') }),
      body: OutboxPage({ t, locale: request.locale, mails, status, offline, hrefFor: (seite) => listHref(PATH, { status, seite }) }),
    });
  });

  app.get<{ Params: z.infer<typeof mailParams> }>('/postausgang/:id', { schema: { params: mailParams } }, async (request, reply) => {
    requireAccess(staffActor(request), 'outbox.view', { tenantId: request.tenant.id });
    const t = request.t;
    const mail = await findMail(services.db, request.tenant.id, request.params.id);
    if (!mail) return reply.callNotFound();
    return reply.page({
      title: mail.subject,
      breadcrumbs: breadcrumbs(t, { label: t('admin.outbox.title'), href: PATH }, { label: mail.subject }),
      body: MailPage({ t, locale: request.locale, mail, offline }),
    });
  });
}
