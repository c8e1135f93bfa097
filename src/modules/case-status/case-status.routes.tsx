/**
 * The citizen's status page behind the secret link from the mails: history,
 * messages from the clerk, documents, and a reply form. The link is the only
 * credential, so every lookup goes through the token and the policy layer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../core/services.ts';
import type { CitizenActor } from '../../core/auth/policy.ts';
import { caseType, caseTypeLabel } from '../../core/cases/case-types.ts';
import { readUploadForm } from '../../core/http/forms.ts';
import { fields, type FieldError } from '../../core/http/validation.ts';
import { contentDisposition } from '../../core/files/download.ts';
import { StatusPage } from './views/status-page.tsx';

const tokenParams = z.object({ token: z.string().max(100) });
const documentParams = z.object({ token: z.string().max(100), fileId: z.uuid() });
const replyForm = z.object({ message: fields.requiredText(5000) });

export function caseStatusRoutes(app: FastifyInstance, services: Services): void {
  async function actorFor(request: FastifyRequest, token: string): Promise<CitizenActor | null> {
    const found = await services.cases.findByAccessToken(request.tenant.id, token);
    return found ? { kind: 'citizen', tenantId: request.tenant.id, caseId: found.id } : null;
  }

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    return reply.page({ title: request.t('status.pageTitle'), status: 404, body: (
      <>
        <h1 class="kern-heading-large" safe>{request.t('status.pageTitle')}</h1>
        <p class="kern-body" safe>{request.t('status.notFound')}</p>
      </>
    ) });
  }

  async function render(request: FastifyRequest, reply: FastifyReply, token: string, state: { errors: FieldError[]; values: Record<string, string> }, status = 200) {
    const actor = await actorFor(request, token);
    const detail = actor ? await services.cases.getCase(actor, actor.caseId) : null;
    if (!detail) return notFound(request, reply);
    const type = caseType(detail.type);
    return reply.page({
      title: request.t('status.pageTitle'),
      status,
      body: StatusPage({
        t: request.t,
        locale: request.locale,
        detail,
        typeLabel: caseTypeLabel(type, request.t, request.locale),
        dataRows: type.describe(detail.data, request.t, request.locale),
        basePath: `/vorgang/${token}`,
        csrfToken: reply.csrfToken(),
        errors: state.errors,
        values: state.values,
        payments: await services.payments.forCase(request.tenant.id, detail.id),
      }),
    });
  }

  app.get('/vorgang/:token', { schema: { params: tokenParams } }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    return render(request, reply, token, { errors: [], values: {} });
  });

  app.post('/vorgang/:token/antwort', { schema: { params: tokenParams }, config: { rateLimit: { max: 20, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const form = await readUploadForm(request, replyForm);
    if (!form.ok) {
      if (form.reason === 'csrf') return reply.errorPage(403, 'csrf');
      return render(request, reply, token, { errors: form.errors, values: form.values }, 422);
    }
    const actor = await actorFor(request, token);
    if (!actor) return notFound(request, reply);
    const result = await services.cases.replyAsCitizen(actor, actor.caseId, form.data.message, form.files);
    if (!result.ok) return render(request, reply, token, { errors: [], values: {} }, result.reason === 'closed' ? 409 : 404);
    reply.flash('success', request.t('status.reply.sent'));
    return reply.redirect(`/vorgang/${token}`, 303);
  });

  app.get('/vorgang/:token/dokumente/:fileId', { schema: { params: documentParams } }, async (request, reply) => {
    const { token, fileId } = request.params as z.infer<typeof documentParams>;
    const actor = await actorFor(request, token);
    const file = actor ? await services.cases.getDocument(actor, actor.caseId, fileId) : null;
    if (!file) return reply.callNotFound();
    return reply.type(file.mimeType).header('content-disposition', contentDisposition(file.filename)).header('cache-control', 'no-store').send(file.content);
  });
}
