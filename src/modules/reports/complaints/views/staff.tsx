/**
 * The back office's complaint pages: the list with both deadlines (an
 * overdue one says so in words, the colour only repeats it) and one
 * complaint with its actions — acknowledge, answer and close, forward.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { formatDate } from '../../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../../core/http/validation.ts';
import { STATUS_TONE, statusLabelKey, type CaseStatus } from '../../../../core/cases/statuses.ts';
import { Button, CsrfField, DataTable, ErrorSummary, InsetText, Pagination, Paragraphs, Select, StatusTag, SummaryList, Textarea, TextInput, trusted, type Content } from '../../../../core/ui/components.tsx';
import { COMPLAINT_FILTERS, type ComplaintDetail, type ComplaintFilter, type ComplaintSummary, type ComplaintTopic, type UnitChoice } from '../complaints.service.ts';

export const COMPLAINTS_PATH = '/verwaltung/beschwerden';

interface Deadline {
  dueAt: Date;
  doneAt: Date | null;
  closedAt: Date | null;
}

/** A deadline's state as words: done (late or not), not needed any more, overdue, or due. */
function deadlineCell(t: Translate, locale: Locale, now: Date, d: Deadline, closedText: string): Content {
  if (d.doneAt) return t(d.doneAt > d.dueAt ? 'complaints.staff.doneLate' : 'complaints.staff.doneOn', { date: formatDate(d.doneAt, locale, 'date') });
  if (d.closedAt) return closedText;
  const date = formatDate(d.dueAt, locale, 'date');
  if (d.dueAt < now) {
    return trusted(
      <strong class="rathaus-overdue" safe>
        {t('complaints.staff.overdue', { date })}
      </strong>,
    );
  }
  return t('complaints.staff.due', { date });
}

const topicLabel = (t: Translate, topic: ComplaintTopic | null): string => (topic ? t(`complaints.topic.${topic}`) : t('complaints.caseType'));

export interface ComplaintListProps {
  t: Translate;
  locale: Locale;
  allUnits: boolean;
  filter: ComplaintFilter;
  result: { items: ComplaintSummary[]; total: number; page: number; pageCount: number };
  now: Date;
  hrefFor(page: number): string;
}

export function ComplaintList(p: ComplaintListProps): JSX.Element {
  const { t, locale } = p;
  const rows = p.result.items.map((c) => [
    trusted(
      <a class="kern-link" href={`${COMPLAINTS_PATH}/${c.caseId}`} safe>
        {c.reference}
      </a>,
    ),
    c.subject,
    c.unitName,
    formatDate(c.createdAt, locale, 'date'),
    deadlineCell(t, locale, p.now, { dueAt: c.ackDueAt, doneAt: c.acknowledgedAt, closedAt: c.closedAt }, t('complaints.staff.notNeeded')),
    deadlineCell(t, locale, p.now, { dueAt: c.answerDueAt, doneAt: c.answeredAt, closedAt: c.closedAt }, t('complaints.staff.closedWithout')),
  ]);
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('complaints.staff.title')}
      </h1>
      <p class="kern-body" safe>
        {t(p.allUnits ? 'complaints.staff.leadAdmin' : 'complaints.staff.lead')}
      </p>
      <form method="get" action={COMPLAINTS_PATH} class="rathaus-filters" aria-label={t('complaints.staff.filters')}>
        <div class="rathaus-filters__grid">
          <Select t={t} name="stand" label={t('complaints.staff.filter.state')} placeholder={false} value={p.filter} options={COMPLAINT_FILTERS.map((f) => ({ value: f, label: t(`complaints.staff.filter.${f}`) }))} />
        </div>
        <Button variant="secondary" label={t('complaints.staff.filter.apply')} />
      </form>
      {p.result.total === 0 ? (
        <p class="kern-body" role="status" safe>
          {t('complaints.staff.empty')}
        </p>
      ) : (
        <>
          <DataTable
            id="complaints-table"
            caption={t('complaints.staff.caption', { total: p.result.total })}
            head={[t('complaints.staff.col.reference'), t('complaints.staff.col.topic'), t('complaints.staff.col.unit'), t('complaints.staff.col.received'), t('complaints.staff.col.ack'), t('complaints.staff.col.answer')]}
            rows={rows}
          />
          <Pagination t={t} page={p.result.page} pageCount={p.result.pageCount} hrefFor={p.hrefFor} />
        </>
      )}
    </>
  );
}

export interface ComplaintPageProps {
  t: Translate;
  locale: Locale;
  complaint: ComplaintDetail;
  now: Date;
  units: readonly UnitChoice[];
  csrfToken: string;
  errors: readonly FieldError[];
  values: Record<string, string>;
  /** The prefilled Eingangsbestätigung. */
  ackTemplate: string;
}

export function ComplaintPage(p: ComplaintPageProps): JSX.Element {
  const { t, locale, complaint } = p;
  const { detail } = complaint;
  const base = `${COMPLAINTS_PATH}/${detail.id}`;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  const closed = detail.closedAt !== null;
  const hasEmail = Boolean(detail.contact.email);
  const about = typeof detail.data.unit === 'string' ? detail.data.unit : t('complaints.unit.unknown');
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('complaints.staff.detailTitle', { reference: detail.reference })}
      </h1>
      <p class="kern-body">
        <a class="kern-link" href={`/verwaltung/vorgaenge/${detail.id}`} safe>
          {t('complaints.staff.caseLink', { reference: detail.reference })}
        </a>
      </p>
      <div class="rathaus-case">
        <div class="rathaus-case__main">
          <h2 class="kern-heading-medium" safe>
            {t('complaints.staff.overview')}
          </h2>
          <SummaryList
            t={t}
            rows={[
              { key: t('complaints.field.topic'), value: topicLabel(t, complaint.topic) },
              { key: t('complaints.field.unit'), value: about },
              { key: t('complaints.staff.col.unit'), value: detail.unitName },
              { key: t('complaints.staff.status'), value: trusted(<StatusTag label={t(statusLabelKey(detail.status))} tone={STATUS_TONE[detail.status as CaseStatus] ?? 'neutral'} />) },
              { key: t('complaints.staff.col.received'), value: formatDate(detail.createdAt, locale) },
            ]}
          />
          <h2 class="kern-heading-medium" safe>
            {t('complaints.staff.deadlines')}
          </h2>
          <SummaryList
            t={t}
            rows={[
              { key: t('complaints.staff.ackDue'), value: deadlineCell(t, locale, p.now, { dueAt: complaint.ackDueAt, doneAt: complaint.acknowledgedAt, closedAt: detail.closedAt }, t('complaints.staff.notNeeded')) },
              { key: t('complaints.staff.answerDue'), value: deadlineCell(t, locale, p.now, { dueAt: complaint.answerDueAt, doneAt: complaint.answeredAt, closedAt: detail.closedAt }, t('complaints.staff.closedWithout')) },
            ]}
          />
          <h2 class="kern-heading-medium" safe>
            {t('complaints.staff.message')}
          </h2>
          <Paragraphs text={typeof detail.data.text === 'string' ? detail.data.text : ''} />
          <h2 class="kern-heading-medium" safe>
            {t('complaints.staff.contact')}
          </h2>
          {detail.contact.name || detail.contact.email ? (
            <SummaryList
              t={t}
              rows={[
                { key: t('complaints.field.name'), value: detail.contact.name ?? '–' },
                { key: t('complaints.field.email'), value: detail.contact.email ?? '–' },
              ]}
            />
          ) : (
            <p class="kern-body" safe>
              {t('complaints.staff.anonymous')}
            </p>
          )}
          <InsetText>
            <p class="kern-body" safe>
              {t('complaints.staff.unitsNote')}
            </p>
          </InsetText>
        </div>
        <aside class="rathaus-case__actions" aria-labelledby="complaint-actions">
          <h2 class="kern-heading-medium" id="complaint-actions" safe>
            {t('complaints.staff.actions')}
          </h2>
          {closed ? (
            <p class="kern-body" safe>
              {complaint.answeredAt ? t('complaints.answered', { date: formatDate(complaint.answeredAt, locale, 'date') }) : t('complaints.answer.closed')}
            </p>
          ) : (
            <>
              {complaint.acknowledgedAt ? (
                ''
              ) : (
                <form method="post" action={`${base}/eingang`} novalidate>
                  <CsrfField token={p.csrfToken} />
                  <h3 class="kern-heading-small" safe>
                    {t('complaints.ack.heading')}
                  </h3>
                  {hasEmail ? (
                    <>
                      <p class="kern-body kern-body--small" safe>
                        {t('complaints.ack.lead')}
                      </p>
                      <Textarea t={t} name="message" label={t('complaints.ack.label')} rows={6} maxlength={5000} required value={p.values.message ?? p.ackTemplate} error={error('message')} />
                      <Button label={t('complaints.ack.submit')} />
                    </>
                  ) : (
                    <>
                      <p class="kern-body kern-body--small" safe>
                        {t('complaints.ack.noEmail')}
                      </p>
                      <Button variant="secondary" label={t('complaints.ack.submitNoEmail')} />
                    </>
                  )}
                </form>
              )}
              <form method="post" action={`${base}/antwort`} novalidate>
                <CsrfField token={p.csrfToken} />
                <h3 class="kern-heading-small" safe>
                  {t('complaints.answer.heading')}
                </h3>
                <p class="kern-body kern-body--small" safe>
                  {t(hasEmail ? 'complaints.answer.lead' : 'complaints.answer.leadNoEmail')}
                </p>
                <Textarea t={t} name="answer" label={t('complaints.answer.label')} rows={8} maxlength={5000} required value={p.values.answer ?? ''} error={error('answer')} />
                <Button label={t(hasEmail ? 'complaints.answer.submit' : 'complaints.answer.submitNoEmail')} />
              </form>
              <form method="post" action={`${base}/weiterleiten`} novalidate>
                <CsrfField token={p.csrfToken} />
                <h3 class="kern-heading-small" safe>
                  {t('complaints.forward.heading')}
                </h3>
                <Select t={t} name="unit" label={t('complaints.forward.unit')} required value={p.values.unit ?? ''} error={error('unit')} options={p.units.filter((u) => u.id !== detail.unitId).map((u) => ({ value: u.id, label: u.name }))} />
                <TextInput t={t} name="forwardNote" label={t('complaints.forward.note')} maxlength={500} value={p.values.forwardNote ?? ''} />
                <Button variant="secondary" label={t('complaints.forward.submit')} />
              </form>
            </>
          )}
        </aside>
      </div>
    </>
  );
}
