/**
 * Beschwerdemanagement over HTTP. Citizens: /beschwerde (form → check your
 * answers → send → confirmation; works without JavaScript, invalid input
 * re-renders with an error summary and keeps everything typed). Staff:
 * /verwaltung/beschwerden (list with both deadlines) and one complaint with
 * acknowledge, answer-and-close and forward; the case service authorizes
 * and records each action.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { workUnits } from '../../../core/auth/policy.ts';
import { staffOf } from '../../../core/http/context.ts';
import { parseForm, type FieldError } from '../../../core/http/validation.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import type { NavEntry } from '../../../core/module.ts';
import type { Services } from '../../../core/services.ts';
import { acknowledgeComplaint, answerComplaint, complaintDeadlines, complaintUnits, getComplaint, listComplaints, submitComplaint } from './complaints.service.ts';
import { acknowledgeForm, answerForm, caseParams, forwardForm, listQuery, readComplaintForm } from './forms.ts';
import { CheckPage, ComplaintConfirmation, ComplaintForm } from './views/public.tsx';
import { ComplaintList, ComplaintPage, COMPLAINTS_PATH } from './views/staff.tsx';

export { complaintMessages } from './messages.ts';

export const complaintStaffNavigation: NavEntry[] = [{ labelKey: 'complaints.staff.nav', href: COMPLAINTS_PATH, permission: 'inbox.view', order: 35 }];

const CONFIRMATION_COOKIE = 'rathaus-complaint';
const pageLimit = { rateLimit: { max: 100, timeWindow: '10 minutes' } };
const submitLimit = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

interface ConfirmationState {
  reference: string;
  withEmail: boolean;
  ackDueAt: string;
  answerDueAt: string;
}

function readConfirmation(request: FastifyRequest): ConfirmationState | null {
  const raw = request.cookies[CONFIRMATION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const state = JSON.parse(unsigned.value) as Partial<ConfirmationState>;
    if (typeof state.reference !== 'string' || typeof state.ackDueAt !== 'string' || typeof state.answerDueAt !== 'string') return null;
    return { reference: state.reference, withEmail: state.withEmail === true, ackDueAt: state.ackDueAt, answerDueAt: state.answerDueAt };
  } catch {
    return null;
  }
}

export function complaintPublicRoutes(app: FastifyInstance, services: Services): void {
  const secure = services.config.secureCookies;
  const breadcrumbs = (request: FastifyRequest) => [{ label: request.t('nav.start'), href: '/' }, { label: request.t('complaints.title') }];

  async function renderForm(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldError[], status = 200) {
    const units = await complaintUnits(services.db, request.tenant.id);
    const { ackDays, answerDays } = await complaintDeadlines(services, request.tenant, services.now());
    const submission = /^[0-9a-f-]{36}$/.test(values.submission ?? '') ? (values.submission as string) : randomUUID();
    return reply.page({
      title: (errors.length ? `${request.t('ui.field.errorPrefix')} ` : '') + request.t('complaints.title'),
      breadcrumbs: breadcrumbs(request),
      status,
      body: ComplaintForm({ t: request.t, csrfToken: reply.csrfToken(), units, values, errors, submission, ackDays, answerDays }),
    });
  }

  /** Reads the posted answers; invalid ones re-render the form (422) and the caller stops. */
  async function readAnswers(request: FastifyRequest) {
    const units = await complaintUnits(services.db, request.tenant.id);
    return { form: readComplaintForm(request.body, request.t, units.map((u) => u.slug)), units };
  }

  app.get('/beschwerde', async (request, reply) => renderForm(request, reply, {}, []));

  app.post('/beschwerde', { config: pageLimit }, async (request, reply) => {
    const { form, units } = await readAnswers(request);
    if (!form.ok) return renderForm(request, reply, form.values, form.errors, 422);
    return reply.page({
      title: request.t('complaints.check.title'),
      breadcrumbs: breadcrumbs(request),
      body: CheckPage({ t: request.t, csrfToken: reply.csrfToken(), values: form.values, unitName: units.find((u) => u.slug === form.data.unit)?.name ?? null }),
    });
  });

  app.post('/beschwerde/absenden', { config: submitLimit }, async (request, reply) => {
    const { form } = await readAnswers(request);
    if (!form.ok) return renderForm(request, reply, form.values, form.errors, 422);
    if ((request.body as Record<string, unknown>).aktion === 'aendern') return renderForm(request, reply, form.values, []);
    const result = await submitComplaint(services, request.tenant, request.locale, form.data);
    if (!result.ok) return renderForm(request, reply, form.values, [{ field: 'unit', message: request.t('validation.choose') }], 422);
    const state: ConfirmationState = { reference: result.reference, withEmail: result.withEmail, ackDueAt: result.deadlines.ackDueAt.toISOString(), answerDueAt: result.deadlines.answerDueAt.toISOString() };
    reply.setCookie(CONFIRMATION_COOKIE, JSON.stringify(state), { path: '/', httpOnly: true, secure, sameSite: 'lax', signed: true, maxAge: 3600 });
    return reply.redirect('/beschwerde/bestaetigung', 303);
  });

  app.get('/beschwerde/bestaetigung', async (request, reply) => {
    const state = readConfirmation(request);
    if (!state) return reply.redirect('/beschwerde', 303);
    return reply.page({
      title: request.t('complaints.confirmation.title'),
      body: ComplaintConfirmation({ t: request.t, locale: request.locale, reference: state.reference, withEmail: state.withEmail, ackDueAt: new Date(state.ackDueAt), answerDueAt: new Date(state.answerDueAt) }),
    });
  });
}

export function complaintStaffRoutes(app: FastifyInstance, services: Services): void {
  const PATH = '/beschwerden';

  app.get(PATH, { schema: { querystring: listQuery } }, async (request, reply) => {
    const actor = staffOf(request);
    const q = request.query as z.infer<typeof listQuery>;
    const filter = q.stand ?? 'open';
    const result = await listComplaints(services, actor, { filter, page: q.page ?? 1 });
    const t = request.t;
    return reply.page({
      title: t('complaints.staff.title'),
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('complaints.staff.title') }],
      body: ComplaintList({ t, locale: request.locale, allUnits: workUnits(actor) === null, filter, result, now: services.now(), hrefFor: (page) => `${COMPLAINTS_PATH}?stand=${filter}&page=${page}` }),
    });
  });

  async function renderComplaint(request: FastifyRequest, reply: FastifyReply, caseId: string, state: { errors: FieldError[]; values: Record<string, string> } = { errors: [], values: {} }, status = 200) {
    const actor = staffOf(request);
    const complaint = await getComplaint(services, actor, caseId);
    if (!complaint) return reply.callNotFound();
    const t = request.t;
    const { detail } = complaint;
    const units = await complaintUnits(services.db, actor.tenantId);
    // The acknowledgement goes to the citizen: in their language, not the clerk's.
    const ackTemplate = services.translators[detail.locale]('complaints.ack.template', { date: formatDate(detail.createdAt, detail.locale, 'date'), answerDate: formatDate(complaint.answerDueAt, detail.locale, 'date') });
    return reply.page({
      title: (state.errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('complaints.staff.detailTitle', { reference: detail.reference }),
      status,
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('complaints.staff.title'), href: COMPLAINTS_PATH }, { label: detail.reference }],
      body: ComplaintPage({ t, locale: request.locale, complaint, now: services.now(), units, csrfToken: reply.csrfToken(), errors: state.errors, values: state.values, ackTemplate }),
    });
  }

  /** Maps a command outcome to flash + 303, or to the page with the reason (422/404). */
  async function finish(request: FastifyRequest, reply: FastifyReply, caseId: string, outcome: { ok: true } | { ok: false; reason: string }, done: string, field: string, values: Record<string, string>) {
    if (outcome.ok) {
      reply.flash('success', request.t(done));
      return reply.redirect(`${COMPLAINTS_PATH}/${caseId}`, 303);
    }
    if (outcome.reason === 'not-found') return reply.callNotFound();
    const key = { closed: 'complaints.answer.closed', already: 'complaints.ack.already', unchanged: 'complaints.forward.unchanged', 'unit-invalid': 'validation.choose' }[outcome.reason] ?? 'validation.invalid';
    return renderComplaint(request, reply, caseId, { errors: [{ field, message: request.t(key) }], values }, 422);
  }

  app.get(`${PATH}/:caseId`, { schema: { params: caseParams } }, async (request, reply) => renderComplaint(request, reply, (request.params as z.infer<typeof caseParams>).caseId));

  app.post(`${PATH}/:caseId/eingang`, { schema: { params: caseParams } }, async (request, reply) => {
    const { caseId } = request.params as z.infer<typeof caseParams>;
    const actor = staffOf(request);
    const complaint = await getComplaint(services, actor, caseId);
    if (!complaint) return reply.callNotFound();
    const parsed = parseForm(acknowledgeForm, request.body, request.t);
    if (!parsed.ok) return renderComplaint(request, reply, caseId, parsed, 422);
    const message = complaint.detail.contact.email ? parsed.data.message : '';
    if (complaint.detail.contact.email && !message) return renderComplaint(request, reply, caseId, { errors: [{ field: 'message', message: request.t('validation.required') }], values: { message: '' } }, 422);
    const outcome = await acknowledgeComplaint(services, actor, caseId, { message, note: request.t('complaints.ack.recorded') });
    return finish(request, reply, caseId, outcome, 'complaints.ack.done', 'message', { message });
  });

  app.post(`${PATH}/:caseId/antwort`, { schema: { params: caseParams } }, async (request, reply) => {
    const { caseId } = request.params as z.infer<typeof caseParams>;
    const actor = staffOf(request);
    if (!(await getComplaint(services, actor, caseId))) return reply.callNotFound();
    const parsed = parseForm(answerForm, request.body, request.t);
    if (!parsed.ok) return renderComplaint(request, reply, caseId, parsed, 422);
    const outcome = await answerComplaint(services, actor, caseId, parsed.data.answer);
    return finish(request, reply, caseId, outcome, 'complaints.answer.done', 'answer', { answer: parsed.data.answer });
  });

  app.post(`${PATH}/:caseId/weiterleiten`, { schema: { params: caseParams } }, async (request, reply) => {
    const { caseId } = request.params as z.infer<typeof caseParams>;
    const actor = staffOf(request);
    if (!(await getComplaint(services, actor, caseId))) return reply.callNotFound();
    const parsed = parseForm(forwardForm, request.body, request.t);
    if (!parsed.ok) return renderComplaint(request, reply, caseId, parsed, 422);
    const outcome = await services.cases.forwardCase(actor, caseId, parsed.data.unit, parsed.data.forwardNote || undefined);
    if (outcome.ok) {
      // The clerk may no longer see the complaint once it sits with another unit: back to the list.
      reply.flash('success', request.t('complaints.forward.done'));
      return reply.redirect(COMPLAINTS_PATH, 303);
    }
    return finish(request, reply, caseId, outcome, 'complaints.forward.done', 'unit', { unit: parsed.data.unit, forwardNote: parsed.data.forwardNote });
  });
}
