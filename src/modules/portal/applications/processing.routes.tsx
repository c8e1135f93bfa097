/**
 * Back-office work on online applications beyond the generic case screen:
 * produce the document (Bescheid) as a tagged PDF from the application's data
 * and the clerk's text, and record that it went out by post. Both are linked
 * from the case screen through the case type's `staffLinks`.
 */
import { applicationCase, caseParams } from './application-case.ts';
import { staffOf } from '../../../core/http/context.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import type { CaseDetail } from '../../../core/cases/case-service.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import { fields, parseForm, type FieldError } from '../../../core/http/validation.ts';
import { renderDocumentPdf } from '../../../core/pdf/pdf.ts';
import { Button, Checkbox, CsrfField, DateInput, ErrorSummary, InsetText, Textarea } from '../../../core/ui/components.tsx';
import { closeBlocker } from './approvals.service.ts';
import { approvalPath } from './approvals.routes.tsx';
import { getForm, summary, todayInBerlin, type Answers } from '../forms/engine.ts';

const documentForm = z.object({ text: fields.requiredText(10_000), visible: z.literal('yes').optional() });
const dispatchForm = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.invalid') });

export function processingRoutes(app: FastifyInstance, services: Services): void {
  const crumbs = (request: FastifyRequest, detail: CaseDetail, label: string) => [
    { label: request.t('staff.area'), href: '/verwaltung' },
    { label: detail.reference, href: `/verwaltung/vorgaenge/${detail.id}` },
    { label },
  ];

  async function renderDocumentPage(request: FastifyRequest, reply: FastifyReply, detail: CaseDetail, values: Record<string, string>, errors: FieldError[]) {
    const t = request.t;
    const text = values.text ?? t('process.document.template', { subject: detail.subject, name: detail.contact.name ?? '' });
    return reply.page({
      title: t('process.document.title'),
      status: errors.length ? 422 : 200,
      breadcrumbs: crumbs(request, detail, t('process.document.title')),
      body: (
        <>
          <ErrorSummary t={t} errors={errors} />
          <h1 class="kern-heading-large" safe>
            {t('process.document.title')}
          </h1>
          <p class="kern-body" safe>
            {t('process.document.lead', { reference: detail.reference })}
          </p>
          <form method="post" action={`/verwaltung/antraege/${detail.id}/bescheid`} novalidate>
            <CsrfField token={reply.csrfToken()} />
            <Textarea t={t} name="text" label={t('process.document.text')} hint={t('process.document.hint')} rows={10} required value={text} error={errors.find((e) => e.field === 'text')?.message} />
            <Checkbox t={t} name="visible" value="yes" label={t('process.document.visible')} checked={values.visible === 'yes'} />
            <Button label={t('process.document.submit')} />
          </form>
        </>
      ),
    });
  }

  app.get('/antraege/:id/bescheid', { schema: { params: caseParams } }, async (request, reply) => {
    const detail = await applicationCase(services, request);
    if (!detail) return reply.callNotFound();
    return renderDocumentPage(request, reply, detail, {}, []);
  });

  app.post('/antraege/:id/bescheid', { schema: { params: caseParams } }, async (request, reply) => {
    const detail = await applicationCase(services, request);
    if (!detail) return reply.callNotFound();
    const parsed = parseForm(documentForm, request.body, request.t);
    if (!parsed.ok) return renderDocumentPage(request, reply, detail, parsed.values, parsed.errors);
    const form = getForm(String(detail.data.form), Number(detail.data.formVersion));
    const answers = (detail.data.answers ?? {}) as Answers;
    const locale = detail.locale;
    const tenant = request.tenant;
    const pdf = await renderDocumentPdf({
      locale,
      issuer: { name: tenant.name, ...(tenant.contact.address ? { address: tenant.contact.address } : {}), contact: detail.unitName },
      title: detail.subject,
      reference: { label: request.t('process.document.reference'), value: detail.reference },
      meta: [{ label: request.t('process.document.date'), value: formatDate(new Date(), locale, 'date') }],
      intro: parsed.data.text,
      sections: form ? summary(form, answers, locale).map((s) => ({ heading: s.pageTitle, rows: s.rows.map((r) => ({ label: r.label, value: r.value || '–' })) })) : [],
      footer: request.t('process.document.footer'),
    });
    const outcome = await services.cases.addDocument(
      staffOf(request),
      detail.id,
      { buffer: pdf, filename: `Bescheid-${detail.reference}.pdf`, mimeType: 'application/pdf' },
      { visibleToCitizen: parsed.data.visible === 'yes', note: request.t('process.document.note') },
    );
    if (!outcome.ok) return reply.callNotFound();
    reply.flash('success', request.t('process.document.done'));
    return reply.redirect(`/verwaltung/vorgaenge/${detail.id}`, 303);
  });

  async function renderDispatchPage(request: FastifyRequest, reply: FastifyReply, detail: CaseDetail, values: Record<string, string>, errors: FieldError[], status?: number) {
    const t = request.t;
    const blocker = await closeBlocker(services.db, request.tenant.id, detail, 'completed');
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('process.dispatch.title'),
      status: status ?? (errors.length ? 422 : 200),
      breadcrumbs: crumbs(request, detail, t('process.dispatch.title')),
      body: (
        <>
          <ErrorSummary t={t} errors={errors} />
          <h1 class="kern-heading-large" safe>
            {t('process.dispatch.title')}
          </h1>
          <p class="kern-body" safe>
            {t('process.dispatch.lead')}
          </p>
          {blocker ? (
            <InsetText>
              <p class="kern-body" safe>
                {t(blocker)}
              </p>
              <a class="kern-link" href={approvalPath(detail.id)} safe>
                {t('process.approval.goTo')}
              </a>
            </InsetText>
          ) : (
            ''
          )}
          <form method="post" action={`/verwaltung/antraege/${detail.id}/versand`} novalidate>
            <CsrfField token={reply.csrfToken()} />
            <DateInput t={t} name="date" label={t('process.dispatch.date')} required value={values.date ?? todayInBerlin()} error={errors.find((e) => e.field === 'date')?.message} />
            <Button label={t('process.dispatch.submit')} />
          </form>
        </>
      ),
    });
  }

  app.get('/antraege/:id/versand', { schema: { params: caseParams } }, async (request, reply) => {
    const detail = await applicationCase(services, request);
    if (!detail) return reply.callNotFound();
    return renderDispatchPage(request, reply, detail, {}, []);
  });

  app.post('/antraege/:id/versand', { schema: { params: caseParams } }, async (request, reply) => {
    const detail = await applicationCase(services, request);
    if (!detail) return reply.callNotFound();
    const parsed = parseForm(dispatchForm, request.body, request.t);
    const date = parsed.ok ? parsed.data.date : '';
    const valid = parsed.ok && !Number.isNaN(Date.parse(`${date}T12:00:00Z`)) && date <= todayInBerlin();
    if (!valid) return renderDispatchPage(request, reply, detail, { date }, [{ field: 'date', message: request.t('process.dispatch.invalid') }]);
    const shown = formatDate(new Date(`${date}T12:00:00Z`), detail.locale, 'date');
    const message = request.t('process.dispatch.message', { date: shown });
    const outcome = await services.cases.changeStatus(staffOf(request), detail.id, 'completed', message);
    if (!outcome.ok && outcome.reason === 'not-found') return reply.callNotFound();
    if (!outcome.ok && outcome.reason === 'blocked') return renderDispatchPage(request, reply, detail, { date }, [{ field: 'date', message: request.t(outcome.messageKey ?? 'validation.invalid') }], 409);
    reply.flash('success', request.t('process.dispatch.done'));
    return reply.redirect(`/verwaltung/vorgaenge/${detail.id}`, 303);
  });
}
