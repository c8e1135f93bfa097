import { PaymentSummary } from '../../../core/payments/payment-summary.tsx';
import type { Payment } from '../../../core/payments/payment-service.ts';
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import type { CaseDetail } from '../../../core/cases/case-service.ts';
import type { DataRow } from '../../../core/cases/case-types.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import { STATUS_TONE, statusLabelKey, type CaseStatus } from '../../../core/cases/statuses.ts';
import { Button, CsrfField, ErrorSummary, FileInput, InsetText, StatusTag, SummaryList, Textarea } from '../../../core/ui/components.tsx';

export interface StatusPageProps {
  t: Translate;
  locale: Locale;
  detail: CaseDetail;
  typeLabel: string;
  dataRows: DataRow[];
  basePath: string;
  csrfToken: string;
  errors: FieldError[];
  values: Record<string, string>;
  payments: readonly Payment[];
}

function eventTitle(t: Translate, kind: string, toStatus: string | null): string {
  if (kind === 'status') return t('status.event.status', { status: t(statusLabelKey(toStatus ?? '')) });
  return t(`status.event.${kind}`);
}

export function StatusPage(p: StatusPageProps): JSX.Element {
  const { t, detail } = p;
  const closed = detail.closedAt !== null;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  // The open question of a Rückfrage: the clerk's latest words since the case started waiting.
  const question =
    detail.status === 'awaiting_citizen'
      ? [...detail.events].reverse().find((e) => e.visibleToCitizen && e.actorType === 'staff' && e.body && (e.kind === 'message_to_citizen' || (e.kind === 'status' && e.toStatus === 'awaiting_citizen')))?.body
      : undefined;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('status.title', { reference: detail.reference })}
      </h1>
      <p class="kern-body">
        <span safe>{t('status.current') + ': '}</span>
        <StatusTag label={t(statusLabelKey(detail.status))} tone={STATUS_TONE[detail.status as CaseStatus] ?? 'neutral'} />
      </p>
      {question ? (
        <div class="kern-alert kern-alert--warning" role="region" aria-labelledby="question-heading">
          <div class="kern-alert__header">
            <h2 class="kern-title" id="question-heading" safe>
              {t('status.question.heading')}
            </h2>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body rathaus-prewrap" safe>
              {question}
            </p>
            <p class="kern-body" safe>
              {t('status.question.lead')}
            </p>
            <p class="kern-body">
              <a class="kern-link" href="#reply-heading" safe>
                {t('status.question.link')}
              </a>
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      <SummaryList
        t={t}
        rows={[
          { key: t('status.type'), value: p.typeLabel },
          { key: t('status.submitted'), value: formatDate(detail.createdAt, p.locale) },
          { key: t('status.unit'), value: detail.unitName },
        ]}
      />
      <PaymentSummary t={t} locale={p.locale} payments={p.payments} />
      <h2 class="kern-heading-medium" safe>
        {t('status.history')}
      </h2>
      <ol class="rathaus-timeline">
        {[...detail.events].reverse().map((event) => (
          <li class="rathaus-timeline__item">
            <p class="rathaus-timeline__when">
              <time datetime={event.createdAt.toISOString()} safe>
                {formatDate(event.createdAt, p.locale)}
              </time>
            </p>
            <h3 class="kern-heading-small rathaus-timeline__title" safe>
              {eventTitle(t, event.kind, event.toStatus)}
            </h3>
            {event.body ? (
              <p class="kern-body rathaus-prewrap" safe>
                {event.body}
              </p>
            ) : (
              ''
            )}
            {event.documents.length ? (
              <ul class="kern-list">
                {event.documents.map((d) => (
                  <li>
                    <a class="kern-link" href={`${p.basePath}/dokumente/${d.id}`} safe>
                      {`${d.filename} (${Math.max(1, Math.round(d.size / 1024))} KB)`}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </li>
        ))}
      </ol>
      <h2 class="kern-heading-medium" safe>
        {t('status.yourData')}
      </h2>
      <SummaryList t={t} rows={p.dataRows.filter((r) => r.value !== '').map((r) => ({ key: r.label, value: r.value }))} />
      {closed ? (
        <InsetText>
          <span safe>{t('status.closed')}</span>
        </InsetText>
      ) : (
        <section aria-labelledby="reply-heading">
          <h2 class="kern-heading-medium" id="reply-heading" safe>
            {t('status.reply.heading')}
          </h2>
          <form method="post" action={`${p.basePath}/antwort`} enctype="multipart/form-data" novalidate>
            <CsrfField token={p.csrfToken} />
            <Textarea t={t} name="message" label={t('status.reply.message')} required rows={6} maxlength={5000} value={p.values.message ?? ''} error={error('message')} />
            <FileInput t={t} name="attachment" label={t('status.reply.attachment')} hint={t('status.reply.attachmentHint')} accept="application/pdf,image/jpeg,image/png" error={error('attachment')} />
            <Button label={t('status.reply.submit')} />
          </form>
        </section>
      )}
      <p class="kern-body kern-hint" safe>
        {t('status.keepLink')}
      </p>
    </>
  );
}
