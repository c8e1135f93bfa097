/**
 * The online application journey (GOV.UK pattern, no JavaScript needed):
 * start → privacy notice → one topic per page → check your answers →
 * (Gebührenbefreiung, where the service allows a claim) → declaration →
 * (payment) → confirmation with reference number and PDF receipt.
 * Answers live in a draft (signed cookie, or the "continue later" mail link);
 * submitting turns the draft into a Vorgang exactly once.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { tenantBaseUrl } from '../../../core/services.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import { fields, parseForm } from '../../../core/http/validation.ts';
import { readForm, validateUpload } from '../../../core/http/forms.ts';
import { queueMail } from '../../../core/mail/outbox.ts';
import { contentDisposition } from '../../../core/files/download.ts';
import { getService, type CatalogService } from '../catalog/catalog.service.ts';
import { fileFields, getForm, renderPage, parsePage, summary, validateAll, isPageVisible, firstPage, nextPage, previousPage, type Answers, type FormDefinition, type FormError } from '../forms/engine.ts';
import { createDraftStore, EXEMPTION_PROOF_FIELD, type Draft } from './drafts.service.ts';
import { exemptionAllowed, exemptionOf, exemptionOffered } from './fee-exemptions.service.ts';
import { getProcessing } from '../catalog/processing.ts';
import { feeLines, formatEuro, totalCents } from './fees.ts';
import { pickupField, pickupStreet, submitApplication, receiptPdf } from './submit-application.ts';
import { availableDays, DayFullError, districtFor } from './pickup.service.ts';
import { todayInBerlin } from '../forms/engine.ts';
import { CheckPage, ConfirmationPage, DeclarationPage, ExemptionPage, PaymentPage, PrivacyPage, SavePage, StartPage, type ConfirmationPayment, type DeclarationPayment } from './views/journey.tsx';
import { draftPayable, invoiceDetails, policyOf, startDraftPayment, startInvoice } from './payment-step.ts';
import { ProviderError } from '../../../core/payments/provider.ts';
import { settle } from '../../../core/payments/payables.ts';

const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/) });
const pageParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/), page: z.string().regex(/^[a-z0-9-]{1,60}$/) });
const tokenParams = z.object({ token: z.string().max(100) });
/** `pruefen=1`: the citizen came from check-your-answers and returns there once the answers are complete again. */
const pageQuery = z.object({ pruefen: z.literal('1').optional(), lang: z.string().optional() });
const privacyForm = z.object({ privacy: fields.checkbox('validation.consent') });
const declarationForm = z.object({ declaration: fields.checkbox('apply.declaration.required') });
const saveForm = z.object({ email: fields.email() });

/** Sending applications: generous enough for a Bürgerbüro terminal or a shared NAT, tight enough to stop floods. */
const submitLimit = { rateLimit: { max: 30, timeWindow: '10 minutes' } };
/** The submit itself: rate-limited per address, and a few at a time per instance at a burst (core/http/load-shedding.ts). */
const submitConfig = { ...submitLimit, concurrency: 'submit' as const };
/** Answering pages is ordinary use (long forms, corrections, repeats): a high ceiling that only stops scripted abuse. */
const pageLimit = { rateLimit: { max: 600, timeWindow: '10 minutes' } };

export function applicationRoutes(app: FastifyInstance, services: Services): void {
  const drafts = createDraftStore(services.db, services.files);
  const secure = services.config.secureCookies;
  const cookieName = (slug: string): string => `rathaus-antrag-${slug}`;
  const base = (slug: string): string => `/leistungen/${slug}/antrag`;

  function rememberDraft(reply: FastifyReply, draft: Draft): void {
    reply.setCookie(cookieName(draft.serviceSlug), draft.id, { path: base(draft.serviceSlug), httpOnly: true, secure, sameSite: 'lax', signed: true, maxAge: 30 * 86_400 });
  }

  async function currentDraft(request: FastifyRequest, slug: string): Promise<Draft | null> {
    const raw = request.cookies[cookieName(slug)];
    if (!raw) return null;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return null;
    const draft = await drafts.get(request.tenant.id, unsigned.value);
    return draft && draft.serviceSlug === slug ? draft : null;
  }

  /** The service and its form, or null when the service cannot be applied for online here. */
  async function serviceWithForm(request: FastifyRequest, slug: string): Promise<{ service: CatalogService; form: FormDefinition } | null> {
    const service = await getService(services.db, request.tenant.id, slug);
    if (!service?.formId || service.onlineMode === 'visit') return null;
    const form = getForm(service.formId);
    return form ? { service, form } : null;
  }

  const breadcrumbs = (request: FastifyRequest, service: CatalogService) => [
    { label: request.t('nav.start'), href: '/' },
    { label: request.t('catalog.title'), href: '/leistungen' },
    { label: service.title, href: `/leistungen/${service.slug}` },
    { label: request.t('apply.start.heading') },
  ];

  /**
   * Loads service, form and the live, unsent draft; otherwise answers with a
   * redirect to the start page — or to `whenSent` if the draft was sent already.
   */
  async function journey(request: FastifyRequest, reply: FastifyReply, slug: string, options: { whenSent?: string } = {}) {
    const found = await serviceWithForm(request, slug);
    if (!found) {
      await reply.callNotFound();
      return null;
    }
    const draft = await currentDraft(request, slug);
    if (draft?.caseId && options.whenSent) {
      await reply.redirect(options.whenSent, 303);
      return null;
    }
    if (!draft || draft.caseId) {
      reply.flash('info', request.t('apply.expired'));
      await reply.redirect(base(slug), 303);
      return null;
    }
    const form = getForm(draft.formId, draft.formVersion) ?? found.form;
    return { ...found, form, draft };
  }

  function title(request: FastifyRequest, service: CatalogService, page: string, errors: boolean): string {
    return `${errors ? `${request.t('ui.field.errorPrefix')} ` : ''}${page} – ${service.title}`;
  }

  app.get('/leistungen/:slug/antrag', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const found = await serviceWithForm(request, slug);
    if (!found) return reply.callNotFound();
    const draft = await currentDraft(request, slug);
    const fees = feeLines(found.service, { form: found.form, answers: {} }, request.locale);
    return reply.page({
      title: `${request.t('apply.start.heading')} – ${found.service.title}`,
      breadcrumbs: breadcrumbs(request, found.service),
      body: StartPage({
        t: request.t,
        serviceTitle: found.service.title,
        csrfToken: reply.csrfToken(),
        action: base(slug),
        requirements: found.service.requiredDocuments,
        fees,
        processingTime: found.service.processingTime,
        draftDays: found.service.draftRetentionDays,
        hasDraft: Boolean(draft && !draft.caseId),
        continueHref: `${base(slug)}/datenschutz`,
      }),
    });
  });

  app.post('/leistungen/:slug/antrag', { schema: { params: slugParams }, config: pageLimit }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const found = await serviceWithForm(request, slug);
    if (!found) return reply.callNotFound();
    const draft = await drafts.create(request.tenant.id, { serviceSlug: slug, formId: found.form.id, formVersion: found.form.version, locale: request.locale, retentionDays: found.service.draftRetentionDays });
    rememberDraft(reply, draft);
    return reply.redirect(`${base(slug)}/datenschutz`, 303);
  });

  async function renderPrivacy(request: FastifyRequest, reply: FastifyReply, service: CatalogService, errors: { field: string; message: string }[]) {
    const version = await services.tenants.getSetting<string>(request.tenant.id, 'privacy.noticeVersion');
    return reply.page({
      title: title(request, service, request.t('apply.privacy.heading'), errors.length > 0),
      status: errors.length ? 422 : 200,
      breadcrumbs: breadcrumbs(request, service),
      body: PrivacyPage({ t: request.t, serviceTitle: service.title, csrfToken: reply.csrfToken(), action: `${base(service.slug)}/datenschutz`, unitName: service.unitName, tenantName: request.tenant.name, errors, version, draftDays: service.draftRetentionDays }),
    });
  }

  app.get('/leistungen/:slug/antrag/datenschutz', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    return renderPrivacy(request, reply, state.service, []);
  });

  app.post('/leistungen/:slug/antrag/datenschutz', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    const parsed = parseForm(privacyForm, request.body, request.t);
    if (!parsed.ok) return renderPrivacy(request, reply, state.service, parsed.errors);
    const version = await services.tenants.getSetting<string>(request.tenant.id, 'privacy.noticeVersion');
    await drafts.consent(request.tenant.id, state.draft.id, version);
    return reply.redirect(`${base(slug)}/seite/${firstPage(state.form, state.draft.answers)}`, 303);
  });

  /** The pickup days still free in the citizen's Abfuhrbezirk, for the Sperrmüll date field on this page. */
  async function dateChoices(request: FastifyRequest, form: FormDefinition, pageId: string, answers: Answers) {
    const pickup = pickupField(form);
    if (!pickup || pickup.pageId !== pageId) return undefined;
    const district = await districtFor(services.db, request.tenant.id, pickupStreet(form, answers));
    const days = district ? await availableDays(services.db, request.tenant, district, todayInBerlin(), request.locale) : [];
    return { [pickup.fieldId]: days.map((d) => ({ value: d.value, label: d.label })) };
  }

  const fromCheck = (request: FastifyRequest): boolean => (request.query as z.infer<typeof pageQuery> | undefined)?.pruefen === '1';

  async function renderFormPage(request: FastifyRequest, reply: FastifyReply, state: NonNullable<Awaited<ReturnType<typeof journey>>>, pageId: string, answers: Answers, errors: readonly FormError[]) {
    const page = state.form.pages.find((p) => p.id === pageId);
    if (!page || !isPageVisible(state.form, pageId, answers)) return reply.callNotFound();
    const previous = previousPage(state.form, pageId, answers);
    const uploaded = await drafts.filesOf(request.tenant.id, state.draft.id);
    const choices = await dateChoices(request, state.form, pageId, answers);
    return reply.page({
      title: title(request, state.service, page.title[request.locale], errors.length > 0),
      status: errors.length ? 422 : 200,
      breadcrumbs: breadcrumbs(request, state.service),
      body: renderPage(state.form, pageId, {
        t: request.t,
        locale: request.locale,
        answers,
        errors,
        csrfToken: reply.csrfToken(),
        action: `${base(state.service.slug)}/seite/${pageId}${fromCheck(request) ? '?pruefen=1' : ''}`,
        backHref: fromCheck(request) ? `${base(state.service.slug)}/pruefen` : previous ? `${base(state.service.slug)}/seite/${previous}` : `${base(state.service.slug)}/datenschutz`,
        files: uploaded.map((f) => ({ fileId: f.fileId, fieldId: f.fieldId, filename: f.filename, size: f.size })),
        ...(choices ? { dateChoices: choices } : {}),
      }),
    });
  }

  app.get('/leistungen/:slug/antrag/seite/:page', { schema: { params: pageParams, querystring: pageQuery } }, async (request, reply) => {
    const { slug, page } = request.params as z.infer<typeof pageParams>;
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    if (!state.draft.privacyConsentedAt) return reply.redirect(`${base(slug)}/datenschutz`, 303);
    return renderFormPage(request, reply, state, page, state.draft.answers, []);
  });

  app.post('/leistungen/:slug/antrag/seite/:page', { schema: { params: pageParams, querystring: pageQuery }, config: pageLimit }, async (request, reply) => {
    const { slug, page } = request.params as z.infer<typeof pageParams>;
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    if (!state.draft.privacyConsentedAt) return reply.redirect(`${base(slug)}/datenschutz`, 303);
    const formPage = state.form.pages.find((p) => p.id === page);
    if (!formPage || !isPageVisible(state.form, page, state.draft.answers)) return reply.callNotFound();
    const body = await readForm(request, 10);
    if (!body.ok) {
      if (body.reason === 'csrf') return reply.errorPage(403, 'csrf');
      return renderFormPage(request, reply, state, page, state.draft.answers, [{ field: formPage.fields[0]?.id ?? 'form', message: request.t('validation.form') }]);
    }
    // Files first: each upload must belong to an upload field of this page, is checked by content against the
    // kinds the field accepts, counted against its limit, and stored with the draft; its reference becomes the answer.
    const uploadErrors: { field: string; message: string }[] = [];
    const accepting = fileFields(state.form, page, state.draft.answers);
    const stored = await drafts.filesOf(request.tenant.id, state.draft.id);
    for (const field of accepting) {
      const parts = body.files.filter((p) => p.field === field.id);
      if (parts.length === 0) continue;
      const room = field.maxFiles - stored.filter((f) => f.fieldId === field.id).length;
      // All or nothing per field: more files than there is room for are refused together, with the limit named.
      if (parts.length > room || (body.tooManyFiles && parts.length > 0)) {
        uploadErrors.push({ field: field.id, message: request.t('validation.file.tooMany', { max: field.maxFiles }) });
        continue;
      }
      for (const part of parts) {
        const checked = await validateUpload(request.t, field.id, part, { allowed: field.accept });
        if (checked.error) {
          uploadErrors.push(checked.error);
          break;
        }
        if (checked.file) {
          const file = await drafts.addFile(request.tenant.id, state.draft.id, field.id, checked.file);
          stored.push({ fileId: file.id, fieldId: field.id, filename: file.filename, size: file.size });
        }
      }
    }
    const uploaded = await drafts.filesOf(request.tenant.id, state.draft.id);
    const withFiles: Answers = { ...state.draft.answers };
    for (const field of formPage.fields) {
      if (field.kind === 'file') withFiles[field.id] = uploaded.filter((f) => f.fieldId === field.id).map((f) => ({ fileId: f.fileId, filename: f.filename, size: f.size }));
    }
    const result = parsePage(state.form, page, body.fields, withFiles, request.locale);
    if (result.action === 'remove-file' && result.removedFileId) await drafts.removeFile(request.tenant.id, state.draft.id, result.removedFileId);
    await drafts.saveAnswers(request.tenant.id, state.draft.id, result.answers);
    // Adding or removing a repeated group or a file stays on the page; only "Weiter" validates and moves on.
    if (result.action !== 'continue') return renderFormPage(request, reply, state, page, result.answers, uploadErrors);
    // What went wrong with an upload says more than "please upload a file", so it wins for that field.
    const errors = [...uploadErrors, ...result.errors.filter((e) => !uploadErrors.some((u) => u.field === e.field))];
    const choices = await dateChoices(request, state.form, page, result.answers);
    for (const [fieldId, days] of Object.entries(choices ?? {})) {
      const chosen = result.answers[fieldId];
      if (typeof chosen === 'string' && !days.some((d) => d.value === chosen) && !errors.some((e) => e.field === fieldId)) errors.push({ field: fieldId, message: request.t('apply.pickup.unavailable') });
    }
    if (errors.length) return renderFormPage(request, reply, state, page, result.answers, errors);
    // A change made from check-your-answers returns there, unless it opened questions that still need answers.
    if (fromCheck(request) && validateAll(state.form, result.answers, request.locale).length === 0) return reply.redirect(`${base(slug)}/pruefen`, 303);
    const next = nextPage(state.form, page, result.answers);
    const suffix = fromCheck(request) ? '?pruefen=1' : '';
    return reply.redirect(next ? `${base(slug)}/seite/${next}${suffix}` : `${base(slug)}/pruefen`, 303);
  });

  app.get('/leistungen/:slug/antrag/pruefen', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    const problems = validateAll(state.form, state.draft.answers, request.locale);
    if (!state.draft.privacyConsentedAt) return reply.redirect(`${base(slug)}/datenschutz`, 303);
    if (problems.length) {
      reply.flash('error', request.t('apply.fixErrors'));
      return reply.redirect(`${base(slug)}/seite/${problems[0]?.pageId}`, 303);
    }
    const basis = { form: state.form, answers: state.draft.answers };
    const fees = feeLines(state.service, basis, request.locale);
    const total = totalCents(state.service, basis);
    return reply.page({
      title: `${request.t('apply.check.heading')} – ${state.service.title}`,
      breadcrumbs: breadcrumbs(request, state.service),
      body: CheckPage({
        t: request.t,
        serviceTitle: state.service.title,
        sections: summary(state.form, state.draft.answers, request.locale).map((section) => ({ pageTitle: section.pageTitle, changeHref: `${base(slug)}/seite/${section.pageId}?pruefen=1`, rows: section.rows })),
        fees,
        total: total > 0 ? formatEuro(total, request.locale) : null,
        ...((await exemptionOffered(services.db, request.tenant.id, state.service, basis)) ? { declarationHref: `${base(slug)}/gebuehren`, exemptionNext: true } : { declarationHref: `${base(slug)}/erklaerung` }),
        saveHref: `${base(slug)}/speichern`,
      }),
    });
  });

  async function declarationPayment(request: FastifyRequest, state: NonNullable<Awaited<ReturnType<typeof journey>>>): Promise<DeclarationPayment | null> {
    const basis = { form: state.form, answers: state.draft.answers };
    const total = totalCents(state.service, basis);
    if (total <= 0) return null;
    // One read of the service's settings for both: how the fee is paid, and whether an exemption can be claimed.
    const processing = await getProcessing(services.db, request.tenant.id, state.service.slug);
    const policy = policyOf(processing, total);
    const offered = exemptionAllowed(processing, total);
    return {
      policy: offered && state.draft.exemptionReason !== null ? 'exemption' : policy,
      total: formatEuro(total, request.locale),
      ...(offered ? { exemptionHref: `${base(state.service.slug)}/gebuehren` } : {}),
    };
  }

  async function renderExemption(request: FastifyRequest, reply: FastifyReply, state: NonNullable<Awaited<ReturnType<typeof journey>>>, errors: { field: string; message: string }[], values: { claim: string; reason: string }) {
    const proof = (await drafts.filesOf(request.tenant.id, state.draft.id)).find((f) => f.fieldId === EXEMPTION_PROOF_FIELD) ?? null;
    return reply.page({
      title: title(request, state.service, request.t('apply.exemption.heading'), errors.length > 0),
      status: errors.length ? 422 : 200,
      breadcrumbs: breadcrumbs(request, state.service),
      body: ExemptionPage({
        t: request.t,
        serviceTitle: state.service.title,
        csrfToken: reply.csrfToken(),
        action: `${base(state.service.slug)}/gebuehren`,
        total: formatEuro(totalCents(state.service, { form: state.form, answers: state.draft.answers }), request.locale),
        grounds: state.service.feeExemptions,
        proof,
        errors,
        values,
      }),
    });
  }

  /** The journey for a service that allows a claim of Gebührenbefreiung, with complete answers; otherwise null (and the reply redirected). */
  async function exemptionJourney(request: FastifyRequest, reply: FastifyReply, slug: string) {
    const state = await journey(request, reply, slug);
    if (!state) return null;
    if (!state.draft.privacyConsentedAt || validateAll(state.form, state.draft.answers, request.locale).length) {
      await reply.redirect(`${base(slug)}/pruefen`, 303);
      return null;
    }
    if (!(await exemptionOffered(services.db, request.tenant.id, state.service, { form: state.form, answers: state.draft.answers }))) {
      await reply.redirect(`${base(slug)}/erklaerung`, 303);
      return null;
    }
    return state;
  }

  app.get('/leistungen/:slug/antrag/gebuehren', { schema: { params: slugParams } }, async (request, reply) => {
    const state = await exemptionJourney(request, reply, (request.params as z.infer<typeof slugParams>).slug);
    if (!state) return reply;
    const claimed = state.draft.exemptionReason !== null;
    return renderExemption(request, reply, state, [], { claim: claimed ? 'ja' : '', reason: state.draft.exemptionReason ?? '' });
  });

  /**
   * The claim: "nein" withdraws any earlier claim (and deletes its proof);
   * "ja" needs a reason and a proof (checked by content). A valid proof is
   * kept even when the reason is still missing, and the typed reason is shown
   * again, so nothing valid is lost.
   */
  app.post('/leistungen/:slug/antrag/gebuehren', { schema: { params: slugParams }, config: pageLimit }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const state = await exemptionJourney(request, reply, slug);
    if (!state) return reply;
    const body = await readForm(request, 1);
    if (!body.ok) {
      if (body.reason === 'csrf') return reply.errorPage(403, 'csrf');
      return renderExemption(request, reply, state, [{ field: 'claim', message: request.t('validation.form') }], { claim: '', reason: '' });
    }
    const text = (name: string): string => {
      const value = body.fields[name];
      return typeof value === 'string' ? value.trim() : '';
    };
    const claim = text('claim');
    const reason = text('reason');
    const values = { claim: claim === 'ja' || claim === 'nein' ? claim : '', reason };
    if (claim === 'nein') {
      await drafts.setExemption(request.tenant.id, state.draft.id, null);
      return reply.redirect(`${base(slug)}/erklaerung`, 303);
    }
    if (claim !== 'ja') return renderExemption(request, reply, state, [{ field: 'claim', message: request.t('apply.exemption.error.claim') }], values);
    const errors: { field: string; message: string }[] = [];
    const part = body.files.find((f) => f.field === 'nachweis');
    if (body.tooManyFiles) errors.push({ field: 'nachweis', message: request.t('validation.file.tooMany', { max: 1 }) });
    else if (part) {
      const checked = await validateUpload(request.t, 'nachweis', part, { allowed: ['pdf', 'jpeg', 'png'] });
      if (checked.error) errors.push(checked.error);
      else if (checked.file) {
        // One proof: a new one replaces the one before.
        for (const old of (await drafts.filesOf(request.tenant.id, state.draft.id)).filter((f) => f.fieldId === EXEMPTION_PROOF_FIELD)) await drafts.removeFile(request.tenant.id, state.draft.id, old.fileId);
        await drafts.addFile(request.tenant.id, state.draft.id, EXEMPTION_PROOF_FIELD, checked.file);
      }
    }
    if (!reason || reason.length > 2000) errors.push({ field: 'reason', message: request.t('apply.exemption.error.reason') });
    const hasProof = (await drafts.filesOf(request.tenant.id, state.draft.id)).some((f) => f.fieldId === EXEMPTION_PROOF_FIELD);
    if (!hasProof && !errors.some((e) => e.field === 'nachweis')) errors.push({ field: 'nachweis', message: request.t('apply.exemption.error.proof') });
    if (errors.length) return renderExemption(request, reply, state, errors, values);
    await drafts.setExemption(request.tenant.id, state.draft.id, reason);
    return reply.redirect(`${base(slug)}/erklaerung`, 303);
  });

  async function renderDeclaration(request: FastifyRequest, reply: FastifyReply, state: NonNullable<Awaited<ReturnType<typeof journey>>>, errors: { field: string; message: string }[], status?: number, values?: Record<string, string>) {
    return reply.page({
      title: title(request, state.service, request.t('apply.declaration.heading'), errors.length > 0),
      status: status ?? (errors.length ? 422 : 200),
      breadcrumbs: breadcrumbs(request, state.service),
      body: DeclarationPage({ t: request.t, serviceTitle: state.service.title, csrfToken: reply.csrfToken(), action: `${base(state.service.slug)}/erklaerung`, errors, payment: await declarationPayment(request, state), ...(values ? { values } : {}) }),
    });
  }

  app.get('/leistungen/:slug/antrag/erklaerung', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    return renderDeclaration(request, reply, state, []);
  });

  /** Sends the application; on a full pickup day nothing is saved and the citizen chooses again. */
  async function submit(request: FastifyRequest, reply: FastifyReply, state: NonNullable<Awaited<ReturnType<typeof journey>>>): Promise<{ caseId: string } | null> {
    try {
      return await submitApplication(services, drafts, request.tenant, state.service, state.form, state.draft);
    } catch (error) {
      if (!(error instanceof DayFullError)) throw error;
      // Someone took the last pickup on that day since the citizen chose it: nothing was saved; choose again.
      reply.flash('error', request.t('apply.pickup.full'));
      await reply.redirect(`${base(state.service.slug)}/seite/${pickupField(state.form)?.pageId ?? ''}`, 303);
      return null;
    }
  }

  /** Starts the online payment and sends the citizen to the provider; if the provider fails, the page says so and nothing is lost. */
  async function payOnline(request: FastifyRequest, reply: FastifyReply, state: NonNullable<Awaited<ReturnType<typeof journey>>>, onError: (message: string, status: number) => Promise<unknown>) {
    const started = await startDraftPayment(services, request.tenant.id, state.service, state.form, state.draft, request.locale);
    if (!started.ok) {
      request.log.warn({ reason: started.reason }, 'payment could not be started');
      return onError(request.t(started.reason === 'provider-unavailable' ? 'apply.payment.unavailable' : 'apply.payment.refused'), started.reason === 'provider-unavailable' ? 503 : 502);
    }
    if (!started.redirectUrl) return reply.redirect(`${base(state.service.slug)}/zahlung`, 303);
    return reply.redirect(started.redirectUrl, 303);
  }

  app.post('/leistungen/:slug/antrag/erklaerung', { schema: { params: slugParams }, config: submitConfig }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    // A repeated submit (second click, second tab, retried POST) finds the draft already sent: same confirmation.
    const state = await journey(request, reply, slug, { whenSent: `${base(slug)}/bestaetigung` });
    if (!state) return reply;
    const parsed = parseForm(declarationForm, request.body, request.t);
    const payment = await declarationPayment(request, state);
    const choice = (request.body as Record<string, unknown> | undefined)?.payment;
    const values = { payment: choice === 'online' || choice === 'invoice' ? choice : '' };
    const errors = [...(parsed.ok ? [] : parsed.errors), ...(payment?.policy === 'optional' && !values.payment ? [{ field: 'payment', message: request.t('apply.declaration.payRequired') }] : [])];
    if (errors.length) return renderDeclaration(request, reply, state, errors, 422, values);
    const problems = validateAll(state.form, state.draft.answers, request.locale);
    if (problems.length || !state.draft.privacyConsentedAt) {
      reply.flash('error', request.t('apply.fixErrors'));
      return reply.redirect(problems[0] ? `${base(slug)}/seite/${problems[0].pageId}` : `${base(slug)}/datenschutz`, 303);
    }
    const online = payment?.policy === 'required' || (payment?.policy === 'optional' && values.payment === 'online');
    if (online) {
      // Paid already (a late click after the payment went through): the application is on its way.
      const earlier = (await services.payments.forPayable(request.tenant.id, draftPayable(state.draft.id))).find((p) => p.status === 'paid');
      if (earlier) return reply.redirect(`${base(slug)}/zahlung`, 303);
      return payOnline(request, reply, state, (message, status) => renderDeclaration(request, reply, state, [{ field: 'declaration', message }], status, values));
    }
    const sent = await submit(request, reply, state);
    if (!sent) return reply;
    if (payment && (payment.policy === 'deferred' || payment.policy === 'optional')) await startInvoice(services, request.tenant.id, state.service, state.form, state.draft.answers, sent.caseId, request.locale);
    return reply.redirect(`${base(slug)}/bestaetigung`, 303);
  });

  /** Back from the provider: paid → confirmation; otherwise the state of the payment and a way to try again. */
  async function renderPayment(request: FastifyRequest, reply: FastifyReply, slug: string, errors: { field: string; message: string }[] = [], status = 200) {
    const found = await serviceWithForm(request, slug);
    if (!found) return reply.callNotFound();
    const draft = await currentDraft(request, slug);
    if (!draft) return reply.redirect(base(slug), 303);
    if (draft.caseId) return reply.redirect(`${base(slug)}/bestaetigung`, 303);
    const latest = (await services.payments.forPayable(request.tenant.id, draftPayable(draft.id)))[0];
    if (!latest) return reply.redirect(`${base(slug)}/erklaerung`, 303);
    let payment = latest;
    if (services.payments.isOpen(latest.status)) {
      try {
        payment = (await services.payments.refresh(request.tenant.id, latest.id, 'citizen'))?.payment ?? latest;
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
      }
    }
    if (payment.status === 'paid') {
      await settle(services, payment);
      return reply.redirect(`${base(slug)}/bestaetigung`, 303);
    }
    return reply.page({
      title: title(request, found.service, request.t(services.payments.isOpen(payment.status) ? 'apply.payment.pendingHeading' : `apply.payment.heading.${payment.status}`), errors.length > 0),
      status,
      breadcrumbs: breadcrumbs(request, found.service),
      body: PaymentPage({
        t: request.t,
        serviceTitle: found.service.title,
        csrfToken: reply.csrfToken(),
        action: `${base(slug)}/zahlung`,
        checkHref: `${base(slug)}/pruefen`,
        payment: { status: payment.status, amount: formatEuro(payment.amountCents, request.locale), kassenzeichen: payment.kassenzeichen },
        errors,
      }),
    });
  }

  app.get('/leistungen/:slug/antrag/zahlung', { schema: { params: slugParams } }, async (request, reply) => renderPayment(request, reply, (request.params as z.infer<typeof slugParams>).slug));

  app.post('/leistungen/:slug/antrag/zahlung', { schema: { params: slugParams }, config: submitLimit }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const draft = await currentDraft(request, slug);
    if (draft?.caseId) return reply.redirect(`${base(slug)}/bestaetigung`, 303);
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    const attempts = await services.payments.forPayable(request.tenant.id, draftPayable(state.draft.id));
    // Never two live attempts: an open one is still the one to finish; a paid one sends the application.
    if (attempts.some((p) => p.status === 'paid' || services.payments.isOpen(p.status))) return reply.redirect(`${base(slug)}/zahlung`, 303);
    if (attempts.length === 0) return reply.redirect(`${base(slug)}/erklaerung`, 303);
    return payOnline(request, reply, state, (message, status) => renderPayment(request, reply, slug, [{ field: 'payment', message }], status));
  });

  /** What the confirmation says about the fee: paid (with method), or the invoice to transfer. */
  async function confirmationPayment(request: FastifyRequest, caseId: string): Promise<ConfirmationPayment | null> {
    const payment = (await services.payments.forCase(request.tenant.id, caseId)).find((p) => p.status === 'paid' || p.provider === 'invoice');
    if (!payment) {
      const exemption = await exemptionOf(services.db, request.tenant.id, caseId);
      return exemption ? { kind: 'exemption', amount: formatEuro(exemption.feeCents, request.locale), kassenzeichen: '' } : null;
    }
    const amount = formatEuro(payment.amountCents, request.locale);
    if (payment.status === 'paid') return { kind: 'paid', amount, kassenzeichen: payment.kassenzeichen, method: request.t(`payment.method.${payment.method ?? 'other'}`) };
    return { kind: 'invoice', amount, kassenzeichen: payment.kassenzeichen, invoice: await invoiceDetails(services, request.tenant, payment, request.locale) };
  }

  async function submittedCase(request: FastifyRequest, slug: string) {
    const draft = await currentDraft(request, slug);
    if (!draft?.caseId) return null;
    const row = await services.db.selectFrom('cases').select(['id', 'reference', 'contact', 'created_at', 'data']).where('tenant_id', '=', request.tenant.id).where('id', '=', draft.caseId).executeTakeFirst();
    return row ? { draft, row } : null;
  }

  app.get('/leistungen/:slug/antrag/bestaetigung', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const service = await getService(services.db, request.tenant.id, slug);
    const submitted = await submittedCase(request, slug);
    if (!service || !submitted) return reply.redirect(base(slug), 303);
    return reply.page({
      title: `${request.t('apply.done.heading')} – ${service.title}`,
      body: ConfirmationPage({
        t: request.t,
        serviceTitle: service.title,
        reference: submitted.row.reference,
        processingTime: service.processingTime,
        pdfHref: `${base(slug)}/bestaetigung/eingangsbestaetigung.pdf`,
        withEmail: Boolean(submitted.row.contact.email),
        payment: await confirmationPayment(request, submitted.row.id),
      }),
    });
  });

  app.get('/leistungen/:slug/antrag/bestaetigung/eingangsbestaetigung.pdf', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const service = await getService(services.db, request.tenant.id, slug);
    const submitted = await submittedCase(request, slug);
    if (!service || !submitted) return reply.callNotFound();
    const pdf = await receiptPdf(request.tenant, service, submitted.row, request.locale, request.t);
    if (!pdf) return reply.callNotFound();
    return reply.type('application/pdf').header('content-disposition', contentDisposition(`Eingangsbestaetigung-${submitted.row.reference}.pdf`)).header('cache-control', 'no-store').send(pdf);
  });

  async function renderSave(request: FastifyRequest, reply: FastifyReply, state: NonNullable<Awaited<ReturnType<typeof journey>>>, view: { errors: { field: string; message: string }[]; email: string; sent: boolean }) {
    return reply.page({
      title: title(request, state.service, request.t('apply.save.heading'), view.errors.length > 0),
      status: view.errors.length ? 422 : 200,
      breadcrumbs: breadcrumbs(request, state.service),
      body: SavePage({ t: request.t, serviceTitle: state.service.title, csrfToken: reply.csrfToken(), action: `${base(state.service.slug)}/speichern`, errors: view.errors, email: view.email, sent: view.sent, expiresOn: formatDate(state.draft.expiresAt, request.locale, 'date') }),
    });
  }

  app.get('/leistungen/:slug/antrag/speichern', { schema: { params: slugParams } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    return renderSave(request, reply, state, { errors: [], email: state.draft.resumeEmail ?? '', sent: false });
  });

  app.post('/leistungen/:slug/antrag/speichern', { schema: { params: slugParams }, config: { rateLimit: { max: 5, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const state = await journey(request, reply, slug);
    if (!state) return reply;
    const parsed = parseForm(saveForm, request.body, request.t);
    if (!parsed.ok) return renderSave(request, reply, state, { errors: parsed.errors, email: parsed.values.email ?? '', sent: false });
    const token = await drafts.issueResumeToken(request.tenant.id, state.draft.id, parsed.data.email, state.service.draftRetentionDays);
    const refreshed = (await drafts.get(request.tenant.id, state.draft.id)) ?? state.draft;
    await queueMail(services.db, services.jobs, {
      tenantId: request.tenant.id,
      to: parsed.data.email,
      locale: request.locale,
      template: 'draft.resume',
      params: { tenantName: request.tenant.name, serviceTitle: state.service.title, resumeUrl: `${tenantBaseUrl(services.config, request.tenant)}/antrag/fortsetzen/${token}`, expiresOn: formatDate(refreshed.expiresAt, request.locale, 'date') },
    });
    return renderSave(request, reply, { ...state, draft: refreshed }, { errors: [], email: '', sent: true });
  });

  app.get('/antrag/fortsetzen/:token', { schema: { params: tokenParams } }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const draft = await drafts.findByResumeToken(request.tenant.id, token);
    if (!draft || draft.caseId) {
      return reply.page({ title: request.t('apply.start.heading'), status: 404, body: <p class="kern-body" safe>{request.t('apply.resume.invalid')}</p> });
    }
    rememberDraft(reply, draft);
    reply.flash('info', request.t('apply.resume.welcome'));
    const form = getForm(draft.formId, draft.formVersion);
    const problems = form ? validateAll(form, draft.answers, request.locale) : [];
    const target = !draft.privacyConsentedAt ? 'datenschutz' : problems[0] ? `seite/${problems[0].pageId}` : 'pruefen';
    return reply.redirect(`${base(draft.serviceSlug)}/${target}`, 303);
  });
}

export type { Tenant };
