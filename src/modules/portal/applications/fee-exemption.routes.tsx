/**
 * Staff page of a claimed Gebührenbefreiung (under /verwaltung/antraege/:id):
 * the claim with its reason and proof, the fee, and the decision — grant
 * (nothing to pay) or refuse with a reason (an invoice with Kassenzeichen
 * follows). The citizen is told either way, by mail and on the status page.
 * The rules live in fee-exemptions.service.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import { requireAccess, type StaffActor } from '../../../core/auth/policy.ts';
import type { CaseDetail } from '../../../core/cases/case-service.ts';
import { staffOf } from '../../../core/http/context.ts';
import { formatDate, type Locale } from '../../../core/i18n/i18n.ts';
import { formatEuro } from '../../../core/i18n/money.ts';
import { fields, parseForm, type FieldError } from '../../../core/http/validation.ts';
import { Button, CsrfField, ErrorSummary, InsetText, RadioGroup, SummaryList, Textarea } from '../../../core/ui/components.tsx';
import { applicationCase, caseParams } from './application-case.ts';
import { decideExemption, exemptionOf, type ExemptionState } from './fee-exemptions.service.ts';
import { notifyDecision } from './fee-exemption-decision.ts';

export const exemptionPath = (caseId: string): string => `/verwaltung/antraege/${caseId}/gebuehrenbefreiung`;

const decideForm = z.object({ decision: z.enum(['granted', 'refused'], { error: 'process.exemption.error.decision' }), note: fields.optionalText(2000) });

const REASON_KEYS: Record<string, string> = {
  'no-claim': 'process.exemption.error.noClaim',
  decided: 'process.exemption.error.decided',
  closed: 'process.exemption.error.closed',
  undecided: 'process.exemption.error.noClaim',
};

function stateText(t: Services['translators']['de'], state: ExemptionState, locale: Locale): string {
  if (state.status === 'requested') return t('process.exemption.state.requested', { date: formatDate(state.requestedAt, locale) });
  const params = { name: state.decidedBy ?? '?', date: formatDate(state.decidedAt ?? state.requestedAt, locale) };
  return state.status === 'granted' ? t('process.exemption.state.granted', params) : t('process.exemption.state.refused', params);
}

export function feeExemptionRoutes(app: FastifyInstance, services: Services): void {
  async function render(request: FastifyRequest, reply: FastifyReply, detail: CaseDetail, state: ExemptionState, errors: FieldError[], values: Record<string, string>, status = 200) {
    const t = request.t;
    const locale = request.locale;
    const closed = detail.closedAt !== null;
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('process.exemption.title'),
      status,
      breadcrumbs: [
        { label: t('staff.area'), href: '/verwaltung' },
        { label: detail.reference, href: `/verwaltung/vorgaenge/${detail.id}` },
        { label: t('process.exemption.title') },
      ],
      body: (
        <>
          <ErrorSummary t={t} errors={errors} />
          <h1 class="kern-heading-large" safe>
            {t('process.exemption.title')}
          </h1>
          <p class="kern-body" safe>
            {t('process.exemption.lead', { reference: detail.reference })}
          </p>
          <SummaryList
            t={t}
            rows={[
              { key: t('process.exemption.fee'), value: formatEuro(state.feeCents, locale) },
              { key: t('process.exemption.reason'), value: state.reason },
              { key: t('process.exemption.proof'), value: state.proof?.filename ?? t('process.exemption.noProof') },
              { key: t('process.exemption.state'), value: stateText(t, state, locale) },
              ...(state.decisionNote ? [{ key: t('process.exemption.note'), value: state.decisionNote }] : []),
            ]}
          />
          {state.proof ? (
            <p class="kern-body">
              <a class="kern-link" href={`/verwaltung/vorgaenge/${detail.id}/dokumente/${state.proof.id}?ansicht=1`} target="_blank" rel="noopener">
                <span safe>{t('process.exemption.viewProof')}</span>
                <span class="kern-sr-only" safe>{` ${state.proof.filename}`}</span>
              </a>
            </p>
          ) : (
            ''
          )}
          {closed ? (
            ''
          ) : state.status === 'requested' ? (
            <form method="post" action={`${exemptionPath(detail.id)}/entscheiden`} novalidate>
              <CsrfField token={reply.csrfToken()} />
              <RadioGroup
                t={t}
                name="decision"
                label={t('process.exemption.decision')}
                required
                value={values.decision ?? ''}
                error={errors.find((e) => e.field === 'decision')?.message}
                options={[
                  { value: 'granted', label: t('process.exemption.grant') },
                  { value: 'refused', label: t('process.exemption.refuse') },
                ]}
              />
              <Textarea t={t} name="note" label={t('process.exemption.noteLabel')} hint={t('process.exemption.noteHint')} rows={3} maxlength={2000} value={values.note ?? ''} error={errors.find((e) => e.field === 'note')?.message} />
              <Button label={t('process.exemption.submit')} />
            </form>
          ) : state.status === 'refused' && !state.paymentId ? (
            <>
              <InsetText>
                <span safe>{t('process.exemption.invoiceMissing')}</span>
              </InsetText>
              <form method="post" action={`${exemptionPath(detail.id)}/rechnung`}>
                <CsrfField token={reply.csrfToken()} />
                <Button label={t('process.exemption.invoiceRetry')} />
              </form>
            </>
          ) : (
            ''
          )}
        </>
      ),
    });
  }

  async function load(request: FastifyRequest, reply: FastifyReply): Promise<{ detail: CaseDetail; state: ExemptionState } | null> {
    const detail = await applicationCase(services, request);
    const state = detail ? await exemptionOf(services.db, request.tenant.id, detail.id) : null;
    if (!detail || !state) {
      await reply.callNotFound();
      return null;
    }
    return { detail, state };
  }

  /** The decision is recorded; if the invoice or the message fails afterwards, the page says so and offers to finish. */
  async function finishDecision(request: FastifyRequest, reply: FastifyReply, actor: StaffActor, caseId: string, done: string) {
    try {
      const outcome = await notifyDecision(services, actor, caseId);
      if (!outcome.ok) throw new Error(`fee exemption: ${outcome.reason}`);
      reply.flash('success', request.t(done));
    } catch (error) {
      request.log.error({ err: error, caseId }, 'fee exemption: invoice or message failed after the decision');
      reply.flash('error', request.t('process.exemption.invoiceMissing'));
    }
    return reply.redirect(exemptionPath(caseId), 303);
  }

  app.get('/antraege/:id/gebuehrenbefreiung', { schema: { params: caseParams } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    return render(request, reply, found.detail, found.state, [], {});
  });

  app.post('/antraege/:id/gebuehrenbefreiung/entscheiden', { schema: { params: caseParams } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const { detail, state } = found;
    const parsed = parseForm(decideForm, request.body, request.t);
    if (!parsed.ok) return render(request, reply, detail, state, parsed.errors, parsed.values, 422);
    const note = parsed.data.note?.trim() || null;
    const values = { decision: parsed.data.decision, note: note ?? '' };
    if (parsed.data.decision === 'refused' && !note) return render(request, reply, detail, state, [{ field: 'note', message: request.t('process.exemption.error.reason') }], values, 422);
    const actor = staffOf(request);
    const outcome = await decideExemption(services, actor, detail.id, parsed.data.decision, note);
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.callNotFound();
      const fresh = (await exemptionOf(services.db, request.tenant.id, detail.id)) ?? state;
      return render(request, reply, detail, fresh, [{ field: 'decision', message: request.t(REASON_KEYS[outcome.reason] ?? 'validation.invalid') }], values, 409);
    }
    return finishDecision(request, reply, actor, detail.id, parsed.data.decision === 'granted' ? 'process.exemption.done.granted' : 'process.exemption.done.refused');
  });

  app.post('/antraege/:id/gebuehrenbefreiung/rechnung', { schema: { params: caseParams } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const { detail, state } = found;
    if (state.status !== 'refused' || state.paymentId) return reply.redirect(exemptionPath(detail.id), 303);
    // Only who may work on the Vorgang: the same check as the decision (a read-only viewer gets a 403).
    requireAccess(staffOf(request), 'case.edit', { tenantId: request.tenant.id, id: detail.id, unitId: detail.unitId, assigneeId: detail.assigneeId });
    return finishDecision(request, reply, staffOf(request), detail.id, 'process.exemption.done.refused');
  });
}
