import { PaymentSummary } from '../../../core/payments/payment-summary.tsx';
import type { Payment } from '../../../core/payments/payment-service.ts';
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import type { CaseDetail, CaseEvent } from '../../../core/cases/case-service.ts';
import type { DataRow } from '../../../core/cases/case-types.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import { CASE_STATUSES, STATUS_TONE, statusLabelKey, type CaseStatus } from '../../../core/cases/statuses.ts';
import { Button, CsrfField, ErrorSummary, FileInput, InsetText, Select, StatusTag, SummaryList, Textarea, TextInput, trusted } from '../../../core/ui/components.tsx';
import type { UnitOption } from '../inbox.service.ts';

export interface CaseDetailProps {
  t: Translate;
  locale: Locale;
  detail: CaseDetail;
  typeLabel: string;
  dataRows: DataRow[];
  staffId: string;
  assignable: UnitOption[];
  units: UnitOption[];
  csrfToken: string;
  errors: FieldError[];
  values: Record<string, string>;
  /** Type-specific work offered by the module that owns the case type. */
  typeLinks: { label: string; href: string }[];
  payments: readonly Payment[];
  /** Link to a payment in the Kasse's back office, for those allowed to see it. */
  paymentHref?: (id: string) => string;
}

function eventTitle(t: Translate, e: CaseEvent): string {
  if (e.kind === 'status') return t('case.event.status', { from: e.fromStatus ? t(statusLabelKey(e.fromStatus)) : '–', to: t(statusLabelKey(e.toStatus ?? '')) });
  return t(`case.event.${e.kind}`);
}

function eventActor(t: Translate, e: CaseEvent): string {
  if (e.actorType === 'system') return t('case.event.system');
  if (e.actorType === 'citizen') return t('case.event.citizen');
  return t('case.event.by', { name: e.actorName ?? '?' });
}

export function CaseDetailPage(p: CaseDetailProps): JSX.Element {
  const { t, detail, locale } = p;
  const base = `/verwaltung/vorgaenge/${detail.id}`;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  const assignedToMe = detail.assigneeId === p.staffId;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('case.title', { reference: detail.reference })}
      </h1>
      <p class="kern-body kern-body--large" safe>
        {detail.subject}
      </p>
      <div class="rathaus-case">
        <div class="rathaus-case__main">
          <h2 class="kern-heading-medium" safe>
            {t('case.overview')}
          </h2>
          <SummaryList
            t={t}
            rows={[
              { key: t('case.reference'), value: detail.reference },
              { key: t('case.type'), value: p.typeLabel },
              { key: t('case.status'), value: trusted(<StatusTag label={t(statusLabelKey(detail.status))} tone={STATUS_TONE[detail.status as CaseStatus] ?? 'neutral'} />) },
              { key: t('case.unit'), value: detail.unitName },
              { key: t('case.assignee'), value: detail.assigneeName ?? t('inbox.nobody') },
              { key: t('case.received'), value: formatDate(detail.createdAt, locale) },
              ...(detail.dueAt ? [{ key: t('case.due'), value: formatDate(detail.dueAt, locale, 'date') }] : []),
              ...(detail.closedAt ? [{ key: t('case.closed'), value: formatDate(detail.closedAt, locale) }] : []),
              ...(detail.retentionUntil ? [{ key: t('case.retention'), value: formatDate(detail.retentionUntil, locale, 'date') }] : []),
            ]}
          />
          <h2 class="kern-heading-medium" safe>
            {t('case.contact')}
          </h2>
          <SummaryList
            t={t}
            rows={[
              { key: t('case.contact.name'), value: detail.contact.name ?? '–' },
              { key: t('case.contact.email'), value: detail.contact.email ?? '–' },
              ...(detail.contact.phone ? [{ key: t('case.contact.phone'), value: detail.contact.phone }] : []),
            ]}
          />
          <PaymentSummary t={t} locale={locale} payments={p.payments} {...(p.paymentHref ? { staffHref: p.paymentHref } : {})} />
          <h2 class="kern-heading-medium" safe>
            {t('case.data')}
          </h2>
          <dl class="kern-description-list rathaus-summary-list">
            {p.dataRows.map((row) => (
              <div class="kern-description-list-item rathaus-summary-list__row">
                <dt class="kern-description-list-item__key" safe>
                  {row.label}
                </dt>
                <dd class="kern-description-list-item__value rathaus-prewrap" safe>
                  {row.value || '–'}
                </dd>
              </div>
            ))}
          </dl>
          <h2 class="kern-heading-medium" safe>
            {t('case.documents')}
          </h2>
          {detail.documents.length === 0 ? (
            <p class="kern-body" safe>
              {t('case.noDocuments')}
            </p>
          ) : (
            <ul class="kern-list">
              {detail.documents.map((d) => (
                <li>
                  <a class="kern-link" href={`${base}/dokumente/${d.id}`} safe>
                    {`${d.filename} (${d.mimeType}, ${Math.max(1, Math.round(d.size / 1024))} KB)`}
                  </a>
                  {['application/pdf', 'image/jpeg', 'image/png'].includes(d.mimeType) ? (
                    <>
                      {' · '}
                      <a class="kern-link" href={`${base}/dokumente/${d.id}?ansicht=1`} target="_blank" rel="noopener">
                        <span safe>{t('case.viewDocument')}</span>
                        <span class="kern-sr-only" safe>{` ${d.filename} ${t('case.newWindow')}`}</span>
                      </a>
                    </>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ul>
          )}
          <h2 class="kern-heading-medium" safe>
            {t('case.history')}
          </h2>
          <ol class="rathaus-timeline">
            {[...detail.events].reverse().map((e) => (
              <li class={`rathaus-timeline__item${e.visibleToCitizen ? '' : ' rathaus-timeline__item--internal'}`}>
                <p class="rathaus-timeline__when">
                  <time datetime={e.createdAt.toISOString()} safe>
                    {formatDate(e.createdAt, locale)}
                  </time>
                  <span safe>{` · ${eventActor(t, e)}${e.visibleToCitizen ? '' : ` ${t('case.event.internal')}`}`}</span>
                </p>
                <h3 class="kern-heading-small rathaus-timeline__title" safe>
                  {eventTitle(t, e)}
                </h3>
                {e.body && e.kind !== 'assigned' ? (
                  <p class="kern-body rathaus-prewrap" safe>
                    {e.body}
                  </p>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ol>
        </div>
        <aside class="rathaus-case__actions" aria-labelledby="case-actions">
          <h2 class="kern-heading-medium" id="case-actions" safe>
            {t('case.actions')}
          </h2>
          {p.typeLinks.length ? (
            <ul class="kern-list rathaus-case__type-links">
              {p.typeLinks.map((link) => (
                <li>
                  <a class="kern-link" href={link.href} safe>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            ''
          )}
          <form method="post" action={`${base}/zuweisen`}>
            <CsrfField token={p.csrfToken} />
            <input type="hidden" name="assignee" value={assignedToMe ? '' : 'me'} />
            <Button variant="secondary" label={assignedToMe ? t('case.release') : t('case.claim')} />
          </form>
          <form method="post" action={`${base}/zuweisen`} novalidate>
            <CsrfField token={p.csrfToken} />
            <Select t={t} name="assignee" label={t('case.assign.label')} value={detail.assigneeId ?? ''} error={error('assignee')} options={p.assignable.map((s) => ({ value: s.id, label: s.name }))} />
            <Button variant="secondary" label={t('case.assign.submit')} />
          </form>
          <form method="post" action={`${base}/status`} novalidate>
            <CsrfField token={p.csrfToken} />
            <Select t={t} name="status" label={t('case.status.label')} value={p.values.status ?? ''} error={error('status')} options={CASE_STATUSES.filter((s) => s !== detail.status).map((s) => ({ value: s, label: t(statusLabelKey(s)) }))} />
            <Textarea t={t} name="statusMessage" label={t('case.status.message')} hint={t('case.status.messageHint')} rows={3} maxlength={5000} value={p.values.statusMessage ?? ''} error={error('statusMessage')} />
            <Button label={t('case.status.submit')} />
          </form>
          {detail.closedAt === null && detail.contact.email ? (
            <form method="post" action={`${base}/rueckfrage`} novalidate>
              <CsrfField token={p.csrfToken} />
              <h3 class="kern-heading-small" safe>
                {t('case.question.heading')}
              </h3>
              <p class="kern-body kern-body--small" safe>
                {t('case.question.lead')}
              </p>
              <Textarea t={t} name="question" label={t('case.question.label')} rows={4} maxlength={5000} value={p.values.question ?? ''} error={error('question')} required />
              <Button label={t('case.question.submit')} />
            </form>
          ) : (
            ''
          )}
          <form method="post" action={`${base}/nachricht`} enctype="multipart/form-data" novalidate>
            <CsrfField token={p.csrfToken} />
            <h3 class="kern-heading-small" safe>
              {t('case.message.heading')}
            </h3>
            {detail.contact.email ? (
              ''
            ) : (
              <InsetText>
                <span safe>{t('case.message.noEmail')}</span>
              </InsetText>
            )}
            <Textarea t={t} name="message" label={t('case.message.label')} rows={5} maxlength={5000} value={p.values.message ?? ''} error={error('message')} required />
            <FileInput t={t} name="attachment" label={t('case.message.attachment')} accept="application/pdf,image/jpeg,image/png" error={error('attachment')} />
            <Button label={t('case.message.submit')} />
          </form>
          <form method="post" action={`${base}/notiz`} novalidate>
            <CsrfField token={p.csrfToken} />
            <h3 class="kern-heading-small" safe>
              {t('case.note.heading')}
            </h3>
            <Textarea t={t} name="note" label={t('case.note.label')} rows={3} maxlength={5000} value={p.values.note ?? ''} error={error('note')} required />
            <Button variant="secondary" label={t('case.note.submit')} />
          </form>
          <form method="post" action={`${base}/weiterleiten`} novalidate>
            <CsrfField token={p.csrfToken} />
            <h3 class="kern-heading-small" safe>
              {t('case.forward.heading')}
            </h3>
            <Select t={t} name="unit" label={t('case.forward.unit')} value={p.values.unit ?? ''} error={error('unit')} options={p.units.filter((u) => u.id !== detail.unitId).map((u) => ({ value: u.id, label: u.name }))} required />
            <TextInput t={t} name="forwardNote" label={t('case.forward.note')} value={p.values.forwardNote ?? ''} maxlength={500} />
            <Button variant="secondary" label={t('case.forward.submit')} />
          </form>
        </aside>
      </div>
    </>
  );
}
