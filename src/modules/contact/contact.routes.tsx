/**
 * Kontaktformular and "Barriere melden": form → 303 → confirmation with the
 * reference number. Works without JavaScript; invalid input re-renders the
 * form with an error summary (422) and everything typed kept.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../core/services.ts';
import { readUploadForm } from '../../core/http/forms.ts';
import { parseForm, type FieldError } from '../../core/http/validation.ts';
import { barrierForm, contactForm } from './forms.ts';
import { listTopics, submitBarrier, submitContact } from './contact.service.ts';
import { BarrierForm, ContactForm } from './views/contact-form.tsx';
import { Confirmation } from './views/confirmation.tsx';

const CONFIRMATION_COOKIE = 'rathaus-confirmation';
const submitLimit = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

interface ConfirmationState {
  kind: 'contact' | 'barrier';
  reference: string;
  withEmail: boolean;
}

function rememberConfirmation(reply: FastifyReply, state: ConfirmationState, secure: boolean): void {
  reply.setCookie(CONFIRMATION_COOKIE, JSON.stringify(state), { path: '/', httpOnly: true, secure, sameSite: 'lax', signed: true, maxAge: 3600 });
}

function readConfirmation(request: FastifyRequest, kind: ConfirmationState['kind']): ConfirmationState | null {
  const raw = request.cookies[CONFIRMATION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const state = JSON.parse(unsigned.value) as ConfirmationState;
    return state.kind === kind ? state : null;
  } catch {
    return null;
  }
}

export function contactRoutes(app: FastifyInstance, services: Services): void {
  const secure = services.config.secureCookies;
  const breadcrumbs = (request: FastifyRequest, titleKey: string) => [{ label: request.t('nav.start'), href: '/' }, { label: request.t(titleKey) }];

  async function renderContact(request: FastifyRequest, reply: FastifyReply, state: { values: Record<string, string>; errors: FieldError[]; hadAttachment: boolean }, status = 200) {
    const topics = await listTopics(services, request.tenant.id, request.locale);
    const submission = /^[0-9a-f-]{36}$/.test(state.values.submission ?? '') ? (state.values.submission as string) : randomUUID();
    return reply.page({
      title: (state.errors.length ? `${request.t('ui.field.errorPrefix')} ` : '') + request.t('contact.title'),
      breadcrumbs: breadcrumbs(request, 'contact.title'),
      status,
      body: ContactForm({ t: request.t, csrfToken: reply.csrfToken(), topics, values: state.values, errors: state.errors, submission, hadAttachment: state.hadAttachment }),
    });
  }

  app.get('/kontakt', async (request, reply) => renderContact(request, reply, { values: {}, errors: [], hadAttachment: false }));

  app.post('/kontakt', { config: submitLimit }, async (request, reply) => {
    const form = await readUploadForm(request, contactForm);
    if (!form.ok) {
      if (form.reason === 'csrf') return reply.errorPage(403, 'csrf');
      return renderContact(request, reply, { values: form.values, errors: form.errors, hadAttachment: form.hadValidFile }, 422);
    }
    const result = await submitContact(services, request.tenant, request.locale, form.data, form.files);
    if (!result.ok) return renderContact(request, reply, { values: form.values, errors: [{ field: 'topic', message: request.t('validation.choose') }], hadAttachment: form.files.length > 0 }, 422);
    rememberConfirmation(reply, { kind: 'contact', reference: result.reference, withEmail: result.withEmail }, secure);
    return reply.redirect('/kontakt/bestaetigung', 303);
  });

  app.get('/kontakt/bestaetigung', async (request, reply) => {
    const state = readConfirmation(request, 'contact');
    if (!state) return reply.redirect('/kontakt', 303);
    const days = await services.tenants.getSetting<number>(request.tenant.id, 'cases.contactDueDays');
    return reply.page({ title: request.t('contact.confirmation.title'), body: Confirmation({ t: request.t, title: request.t('contact.confirmation.title'), reference: state.reference, withEmail: state.withEmail, dueDays: days }) });
  });

  async function renderBarrier(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldError[], status = 200) {
    const submission = /^[0-9a-f-]{36}$/.test(values.submission ?? '') ? (values.submission as string) : randomUUID();
    return reply.page({
      title: (errors.length ? `${request.t('ui.field.errorPrefix')} ` : '') + request.t('barrier.title'),
      breadcrumbs: breadcrumbs(request, 'barrier.title'),
      status,
      body: BarrierForm({ t: request.t, csrfToken: reply.csrfToken(), values, errors, submission }),
    });
  }

  app.get('/barriere-melden', async (request, reply) => renderBarrier(request, reply, {}, []));

  app.post('/barriere-melden', { config: submitLimit }, async (request, reply) => {
    const parsed = parseForm(barrierForm, request.body, request.t);
    if (!parsed.ok) return renderBarrier(request, reply, parsed.values, parsed.errors, 422);
    const subject = parsed.data.page ? request.t('contact.subject.barrier', { page: parsed.data.page.slice(0, 120) }) : request.t('contact.subject.barrierNoPage');
    const result = await submitBarrier(services, request.tenant, request.locale, parsed.data, subject);
    if (!result.ok) return renderBarrier(request, reply, parsed.data as unknown as Record<string, string>, [{ field: 'description', message: request.t('validation.form') }], 422);
    rememberConfirmation(reply, { kind: 'barrier', reference: result.reference, withEmail: result.withEmail }, secure);
    return reply.redirect('/barriere-melden/bestaetigung', 303);
  });

  app.get('/barriere-melden/bestaetigung', async (request, reply) => {
    const state = readConfirmation(request, 'barrier');
    if (!state) return reply.redirect('/barriere-melden', 303);
    const days = await services.tenants.getSetting<number>(request.tenant.id, 'cases.contactDueDays');
    return reply.page({ title: request.t('barrier.confirmation.title'), body: Confirmation({ t: request.t, title: request.t('barrier.confirmation.title'), reference: state.reference, withEmail: state.withEmail, dueDays: days }) });
  });
}
