/**
 * Staff pages of the four-eyes release: the release page of one application
 * (request, release or refuse, withdraw) and the list of releases waiting for
 * the signed-in staff member. The rules live in approvals.service.ts.
 */
import { applicationCase, caseParams } from './application-case.ts';
import { staffOf } from '../../../core/http/context.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import type { CaseDetail } from '../../../core/cases/case-service.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import { fields, parseForm, type FieldError } from '../../../core/http/validation.ts';
import type { NavEntry } from '../../../core/module.ts';
import { Button, CsrfField, DataTable, ErrorSummary, InsetText, RadioGroup, SummaryList, Textarea, trusted } from '../../../core/ui/components.tsx';
import { approvalState, decideApproval, pendingApprovalsFor, requestApproval, withdrawApproval, type ApprovalState } from './approvals.service.ts';

const decideForm = z.object({ decision: z.enum(['approved', 'declined'], { error: 'process.approval.error.decision' }), note: fields.optionalText(2000) });

export const approvalsNavigation: NavEntry[] = [{ labelKey: 'process.approval.nav', href: '/verwaltung/freigaben', permission: 'inbox.view', order: 55 }];

export const approvalPath = (caseId: string): string => `/verwaltung/antraege/${caseId}/freigabe`;

const REASON_KEYS: Record<string, string> = {
  'not-required': 'process.approval.error.notRequired',
  'no-document': 'process.approval.error.noDocument',
  pending: 'process.approval.error.pending',
  released: 'process.approval.error.released',
  closed: 'process.approval.error.closed',
  'nothing-pending': 'process.approval.error.nothingPending',
  'same-person': 'process.approval.error.samePerson',
  outdated: 'process.approval.error.outdated',
  'not-yours': 'process.approval.error.notYours',
};

export function approvalRoutes(app: FastifyInstance, services: Services): void {
  async function render(request: FastifyRequest, reply: FastifyReply, detail: CaseDetail, errors: FieldError[], values: Record<string, string>, status = 200) {
    const t = request.t;
    const actor = staffOf(request);
    const state: ApprovalState = await approvalState(services.db, actor.tenantId, detail);
    const ownRequest = state.pending?.requestedById === actor.userId;
    const rows = [
      { key: t('process.approval.document'), value: state.document?.filename ?? t('process.approval.noDocument') },
      {
        key: t('process.approval.state'),
        value: !state.required
          ? t('process.approval.state.notRequired')
          : state.pending
            ? t('process.approval.state.pending', { name: state.pending.requestedBy, date: formatDate(state.pending.requestedAt, request.locale) })
            : state.released
              ? t('process.approval.state.released', { name: state.decision?.decidedBy ?? '?', date: formatDate(state.decision?.decidedAt ?? new Date(), request.locale) })
              : state.decision?.decision === 'declined'
                ? t('process.approval.state.declined', { name: state.decision.decidedBy, date: formatDate(state.decision.decidedAt, request.locale) })
                : t('process.approval.state.open'),
      },
      ...(state.decision?.note ? [{ key: t('process.approval.note'), value: state.decision.note }] : []),
    ];
    const closed = detail.closedAt !== null;
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('process.approval.title'),
      status,
      breadcrumbs: [
        { label: t('staff.area'), href: '/verwaltung' },
        { label: detail.reference, href: `/verwaltung/vorgaenge/${detail.id}` },
        { label: t('process.approval.title') },
      ],
      body: (
        <>
          <ErrorSummary t={t} errors={errors} />
          <h1 class="kern-heading-large" safe>
            {t('process.approval.title')}
          </h1>
          <p class="kern-body" safe>
            {t('process.approval.lead', { reference: detail.reference })}
          </p>
          <SummaryList t={t} rows={rows} />
          {state.document ? (
            <p class="kern-body">
              <a class="kern-link" href={`/verwaltung/vorgaenge/${detail.id}/dokumente/${state.document.id}?ansicht=1`} target="_blank" rel="noopener">
                <span safe>{t('process.approval.view')}</span>
                <span class="kern-sr-only" safe>{` ${state.document.filename}`}</span>
              </a>
            </p>
          ) : (
            ''
          )}
          {closed || !state.required ? (
            ''
          ) : state.pending && !ownRequest ? (
            <form method="post" action={`${approvalPath(detail.id)}/entscheiden`} novalidate>
              <CsrfField token={reply.csrfToken()} />
              <RadioGroup
                t={t}
                name="decision"
                label={t('process.approval.decision')}
                required
                value={values.decision ?? ''}
                error={errors.find((e) => e.field === 'decision')?.message}
                options={[
                  { value: 'approved', label: t('process.approval.approve') },
                  { value: 'declined', label: t('process.approval.decline') },
                ]}
              />
              <Textarea t={t} name="note" label={t('process.approval.noteLabel')} hint={t('process.approval.noteHint')} rows={3} maxlength={2000} value={values.note ?? ''} error={errors.find((e) => e.field === 'note')?.message} />
              <Button label={t('process.approval.submitDecision')} />
            </form>
          ) : state.pending && ownRequest ? (
            <>
              <InsetText>
                <span safe>{t('process.approval.waiting')}</span>
              </InsetText>
              <form method="post" action={`${approvalPath(detail.id)}/zurueckziehen`}>
                <CsrfField token={reply.csrfToken()} />
                <Button variant="secondary" label={t('process.approval.withdraw')} />
              </form>
            </>
          ) : state.document && !state.released ? (
            <form method="post" action={`${approvalPath(detail.id)}/anfordern`}>
              <CsrfField token={reply.csrfToken()} />
              <Button label={t('process.approval.request')} />
            </form>
          ) : !state.document ? (
            <InsetText>
              <a class="kern-link" href={`/verwaltung/antraege/${detail.id}/bescheid`} safe>
                {t('process.approval.createFirst')}
              </a>
            </InsetText>
          ) : (
            <InsetText>
              <a class="kern-link" href={`/verwaltung/antraege/${detail.id}/versand`} safe>
                {t('process.approval.toDispatch')}
              </a>
            </InsetText>
          )}
        </>
      ),
    });
  }

  function finish(request: FastifyRequest, reply: FastifyReply, detail: CaseDetail, outcome: { ok: true } | { ok: false; reason: string; messageKey?: string }, done: string, field: string, values: Record<string, string> = {}) {
    if (outcome.ok) {
      reply.flash('success', request.t(done));
      return reply.redirect(approvalPath(detail.id), 303);
    }
    if (outcome.reason === 'not-found') return reply.callNotFound();
    return render(request, reply, detail, [{ field, message: request.t(outcome.messageKey ?? REASON_KEYS[outcome.reason] ?? 'validation.invalid') }], values, 409);
  }

  app.get('/antraege/:id/freigabe', { schema: { params: caseParams } }, async (request, reply) => {
    const detail = await applicationCase(services, request);
    if (!detail) return reply.callNotFound();
    return render(request, reply, detail, [], {});
  });

  app.post('/antraege/:id/freigabe/anfordern', { schema: { params: caseParams } }, async (request, reply) => {
    const detail = await applicationCase(services, request);
    if (!detail) return reply.callNotFound();
    return finish(request, reply, detail, await requestApproval(services, staffOf(request), detail.id), 'process.approval.done.requested', 'approval');
  });

  app.post('/antraege/:id/freigabe/zurueckziehen', { schema: { params: caseParams } }, async (request, reply) => {
    const detail = await applicationCase(services, request);
    if (!detail) return reply.callNotFound();
    return finish(request, reply, detail, await withdrawApproval(services, staffOf(request), detail.id), 'process.approval.done.withdrawn', 'approval');
  });

  app.post('/antraege/:id/freigabe/entscheiden', { schema: { params: caseParams } }, async (request, reply) => {
    const detail = await applicationCase(services, request);
    if (!detail) return reply.callNotFound();
    const parsed = parseForm(decideForm, request.body, request.t);
    if (!parsed.ok) return render(request, reply, detail, parsed.errors, parsed.values, 422);
    const note = parsed.data.note?.trim() || null;
    if (parsed.data.decision === 'declined' && !note) return render(request, reply, detail, [{ field: 'note', message: request.t('process.approval.error.reason') }], { decision: 'declined' }, 422);
    const outcome = await decideApproval(services, staffOf(request), detail.id, parsed.data.decision, note);
    return finish(request, reply, detail, outcome, parsed.data.decision === 'approved' ? 'process.approval.done.approved' : 'process.approval.done.declined', 'decision', { decision: parsed.data.decision, note: note ?? '' });
  });

  app.get('/freigaben', async (request, reply) => {
    const t = request.t;
    const pending = await pendingApprovalsFor(services.db, staffOf(request));
    return reply.page({
      title: t('process.approval.listTitle'),
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('process.approval.listTitle') }],
      body: (
        <>
          <h1 class="kern-heading-large" safe>
            {t('process.approval.listTitle')}
          </h1>
          <p class="kern-body" safe>
            {t('process.approval.listLead')}
          </p>
          {pending.length === 0 ? (
            <InsetText>
              <span safe>{t('process.approval.listEmpty')}</span>
            </InsetText>
          ) : (
            <DataTable
              caption={t('process.approval.listTitle')}
              captionHidden
              id="freigaben"
              head={[t('process.approval.col.case'), t('process.approval.col.subject'), t('process.approval.col.unit'), t('process.approval.col.requested')]}
              rows={pending.map((p) => [
                trusted(
                  <a class="kern-link" href={approvalPath(p.caseId)} safe>
                    {p.reference}
                  </a>,
                ),
                p.subject,
                p.unitName,
                t('process.approval.col.requestedValue', { name: p.requestedBy, date: formatDate(p.requestedAt, request.locale) }),
              ])}
            />
          )}
        </>
      ),
    });
  });
}
