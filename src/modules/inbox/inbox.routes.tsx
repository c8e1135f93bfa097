/**
 * The staff inbox (/verwaltung) and the case screen. Every action is a small
 * form posting to its own route; the case service authorizes, records the
 * history and the audit entry, and mails the citizen where due.
 */
import { staffOf } from '../../core/http/context.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../core/services.ts';
import { can } from '../../core/auth/policy.ts';
import { caseType, caseTypeLabel, caseTypes } from '../../core/cases/case-types.ts';
import { CASE_STATUSES, isCaseStatus } from '../../core/cases/statuses.ts';
import type { CaseFilters } from '../../core/cases/case-service.ts';
import { readUploadForm } from '../../core/http/forms.ts';
import { fields, parseForm, type FieldError } from '../../core/http/validation.ts';
import { contentDisposition, INLINE_VIEW_HEADERS, INLINE_VIEWABLE } from '../../core/files/download.ts';
import { assignableStaff, listUnits, unitsFor } from './inbox.service.ts';
import { InboxList } from './views/inbox-list.tsx';
import { CaseDetailPage } from './views/case-detail.tsx';

const listQuery = z.object({
  unit: z.union([z.literal(''), z.uuid()]).optional(),
  type: z.string().max(40).optional(),
  status: z.union([z.enum(CASE_STATUSES), z.literal('open'), z.literal('all')]).optional(),
  assignee: z.union([z.literal(''), z.literal('me'), z.literal('none')]).optional(),
  overdue: z.literal('1').optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  lang: z.string().optional(),
});
const caseParams = z.object({ id: z.uuid() });
const documentParams = z.object({ id: z.uuid(), fileId: z.uuid() });
const documentQuery = z.object({ ansicht: z.literal('1').optional(), lang: z.string().optional() });

const statusForm = z.object({ status: z.enum(CASE_STATUSES, { error: 'validation.choose' }), statusMessage: fields.optionalText(5000) });
const messageForm = z.object({ message: fields.requiredText(5000) });
const noteForm = z.object({ note: fields.requiredText(5000) });
const questionForm = z.object({ question: fields.requiredText(5000) });
const forwardForm = z.object({ unit: z.uuid({ error: 'validation.choose' }), forwardNote: fields.optionalText(500) });
const assignForm = z.object({ assignee: z.union([z.literal(''), z.literal('me'), z.uuid()], { error: 'validation.choose' }) });

export function inboxRoutes(app: FastifyInstance, services: Services): void {
  app.get('/', { schema: { querystring: listQuery } }, async (request, reply) => {
    const actor = staffOf(request);
    const q = request.query as z.infer<typeof listQuery>;
    const filters: CaseFilters = {
      ...(q.unit ? { unitId: q.unit } : {}),
      ...(q.type ? { type: q.type } : {}),
      status: q.status === 'all' ? undefined : (q.status ?? 'open'),
      ...(q.assignee ? { assignee: q.assignee } : {}),
      ...(q.overdue ? { overdue: true } : {}),
      ...(q.q ? { q: q.q } : {}),
      page: q.page ?? 1,
    };
    if (filters.status === undefined) delete filters.status;
    const [result, units] = await Promise.all([services.cases.listCases(actor, filters), unitsFor(services.db, actor)]);
    const t = request.t;
    const hrefFor = (page: number): string => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries({ unit: q.unit, type: q.type, status: q.status, assignee: q.assignee, overdue: q.overdue, q: q.q })) if (value) params.set(key, value);
      params.set('page', String(page));
      return `/verwaltung?${params.toString()}`;
    };
    return reply.page({
      title: t('inbox.title'),
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('inbox.title') }],
      body: InboxList({
        t,
        locale: request.locale,
        filters: { ...filters, status: q.status ?? 'open' },
        units,
        types: caseTypes().map((ct) => ({ value: ct.type, label: caseTypeLabel(ct, t, request.locale) })),
        result,
        now: new Date(),
        hrefFor,
        typeLabel: (type) => caseTypeLabel(caseType(type), t, request.locale),
      }),
    });
  });

  async function renderCase(request: FastifyRequest, reply: FastifyReply, caseId: string, state: { errors: FieldError[]; values: Record<string, string> } = { errors: [], values: {} }, status = 200) {
    const actor = staffOf(request);
    const detail = await services.cases.getCase(actor, caseId);
    if (!detail) return reply.callNotFound();
    const t = request.t;
    const type = caseType(detail.type);
    const [assignable, units] = await Promise.all([assignableStaff(services.db, actor.tenantId, detail.unitId), listUnits(services.db, actor.tenantId)]);
    return reply.page({
      title: (state.errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('case.title', { reference: detail.reference }),
      status,
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('inbox.title'), href: '/verwaltung' }, { label: detail.reference }],
      body: CaseDetailPage({
        t,
        locale: request.locale,
        detail,
        typeLabel: caseTypeLabel(type, t, request.locale),
        dataRows: type.describe(detail.data, t, request.locale),
        staffId: actor.userId,
        assignable,
        units,
        csrfToken: reply.csrfToken(),
        errors: state.errors,
        values: state.values,
        payments: await services.payments.forCase(actor.tenantId, detail.id),
        ...(can(actor, 'payments.view', { tenantId: actor.tenantId }) ? { paymentHref: (id: string) => `/verwaltung/zahlungen/${id}` } : {}),
        typeLinks: (await type.staffLinks?.({ id: detail.id, tenantId: actor.tenantId, status: detail.status, closed: detail.closedAt !== null, data: detail.data }, t, services.db)) ?? [],
      }),
    });
  }

  app.get('/vorgaenge/:id', { schema: { params: caseParams } }, async (request, reply) => renderCase(request, reply, (request.params as z.infer<typeof caseParams>).id));

  /** Maps a command outcome to flash + 303, or to the case page with an error (422/404). */
  async function finish(request: FastifyRequest, reply: FastifyReply, caseId: string, outcome: { ok: true } | { ok: false; reason: string; messageKey?: string }, done: string, errorField: string, values: Record<string, string>) {
    if (outcome.ok) {
      reply.flash('success', request.t(done));
      return reply.redirect(`/verwaltung/vorgaenge/${caseId}`, 303);
    }
    if (outcome.reason === 'not-found') return reply.callNotFound();
    const key = outcome.messageKey ?? { unchanged: 'case.error.unchanged', 'assignee-invalid': 'case.error.assignee', 'unit-invalid': 'case.error.unit', closed: 'case.error.closed', 'no-contact': 'case.error.noEmail' }[outcome.reason] ?? 'validation.invalid';
    return renderCase(request, reply, caseId, { errors: [{ field: errorField, message: request.t(key) }], values }, 422);
  }

  app.post('/vorgaenge/:id/zuweisen', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof caseParams>;
    const actor = staffOf(request);
    const parsed = parseForm(assignForm, request.body, request.t);
    if (!parsed.ok) return renderCase(request, reply, id, parsed, 422);
    const assignee = parsed.data.assignee === 'me' ? actor.userId : parsed.data.assignee || null;
    return finish(request, reply, id, await services.cases.assignCase(actor, id, assignee), 'case.done.assigned', 'assignee', {});
  });

  app.post('/vorgaenge/:id/status', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof caseParams>;
    const parsed = parseForm(statusForm, request.body, request.t);
    if (!parsed.ok) return renderCase(request, reply, id, parsed, 422);
    const status = parsed.data.status;
    if (!isCaseStatus(status)) return renderCase(request, reply, id, { errors: [{ field: 'status', message: request.t('validation.choose') }], values: {} }, 422);
    const outcome = await services.cases.changeStatus(staffOf(request), id, status, parsed.data.statusMessage || undefined);
    return finish(request, reply, id, outcome, 'case.done.status', 'status', { statusMessage: parsed.data.statusMessage });
  });

  app.post('/vorgaenge/:id/nachricht', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof caseParams>;
    const form = await readUploadForm(request, messageForm);
    if (!form.ok) {
      if (form.reason === 'csrf') return reply.errorPage(403, 'csrf');
      return renderCase(request, reply, id, { errors: form.errors, values: form.values }, 422);
    }
    const outcome = await services.cases.messageCitizen(staffOf(request), id, form.data.message, form.files);
    return finish(request, reply, id, outcome, 'case.done.message', 'message', form.values);
  });

  app.post('/vorgaenge/:id/rueckfrage', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof caseParams>;
    const parsed = parseForm(questionForm, request.body, request.t);
    if (!parsed.ok) return renderCase(request, reply, id, parsed, 422);
    return finish(request, reply, id, await services.cases.askCitizen(staffOf(request), id, parsed.data.question), 'case.done.question', 'question', { question: parsed.data.question });
  });

  app.post('/vorgaenge/:id/notiz', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof caseParams>;
    const parsed = parseForm(noteForm, request.body, request.t);
    if (!parsed.ok) return renderCase(request, reply, id, parsed, 422);
    return finish(request, reply, id, await services.cases.addNote(staffOf(request), id, parsed.data.note), 'case.done.note', 'note', {});
  });

  app.post('/vorgaenge/:id/weiterleiten', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof caseParams>;
    const parsed = parseForm(forwardForm, request.body, request.t);
    if (!parsed.ok) return renderCase(request, reply, id, parsed, 422);
    const outcome = await services.cases.forwardCase(staffOf(request), id, parsed.data.unit, parsed.data.forwardNote || undefined);
    if (outcome.ok) {
      // After forwarding to another unit the clerk may no longer see the case: back to the inbox.
      reply.flash('success', request.t('case.done.forwarded'));
      return reply.redirect('/verwaltung', 303);
    }
    return finish(request, reply, id, outcome, 'case.done.forwarded', 'unit', { unit: parsed.data.unit });
  });

  app.get('/vorgaenge/:id/dokumente/:fileId', { schema: { params: documentParams, querystring: documentQuery } }, async (request, reply) => {
    const { id, fileId } = request.params as z.infer<typeof documentParams>;
    const file = await services.cases.getDocument(staffOf(request), id, fileId);
    if (!file) return reply.callNotFound();
    // Staff read documents in the browser (medienbruchfrei); a viewer is sandboxed, everything else downloads.
    const inline = (request.query as z.infer<typeof documentQuery>).ansicht === '1' && INLINE_VIEWABLE.has(file.mimeType);
    if (inline) reply.headers(INLINE_VIEW_HEADERS);
    return reply.type(file.mimeType).header('content-disposition', contentDisposition(file.filename, inline ? 'inline' : 'attachment')).header('cache-control', 'no-store').send(file.content);
  });
}
