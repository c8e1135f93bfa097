/**
 * One report for the clerk (/verwaltung/maengel/:id): everything about it,
 * the reporter's contact (staff only), photos, the public timeline, orders,
 * and one small form per action (each a POST with CSRF).
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { formatDate } from '../../../../core/i18n/i18n.ts';
import { Button, CsrfField, ErrorSummary, fieldId, InsetText, Paragraphs, Select, SummaryList, Textarea, TextInput, Timeline, trusted, type FieldError, type SummaryRow } from '../../../../core/ui/components.tsx';
import { describeAnswer } from '../../model/attributes.ts';
import { REPORT_STATES, stateLabelKey } from '../../model/states.ts';
import type { Option, StaffReport } from '../staff.service.ts';
import { casePath, coordinates, DeadlineCell, osmHref, photoPath, PublicationTag, QUEUE_PATH, reportPath, StateTag, type Deadline } from './shared.tsx';

export interface ReportPageProps {
  t: Translate;
  locale: Locale;
  report: StaffReport;
  deadline: Deadline | null;
  categories: { id: string; name: { de: string; en: string } }[];
  units: Option[];
  contractors: Option[];
  templates: { id: string; title: string; body: string }[];
  staffId: string;
  csrfToken: string;
  errors: FieldError[];
  values: Record<string, string>;
}

/** Only web links are links; anything else (javascript:, data:) is shown as text. */
function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function Overview(p: ReportPageProps): JSX.Element {
  const { t, locale, report: r } = p;
  const rows: SummaryRow[] = [
    { key: t('reportsStaff.field.reference'), value: r.reference },
    { key: t('reports.field.category'), value: r.category.name[locale] },
    { key: t('reportsStaff.field.state'), value: trusted(<StateTag t={t} state={r.state} />) },
    ...(r.stateReason ? [{ key: t('reportsStaff.field.stateReason'), value: r.stateReason }] : []),
    { key: t('reportsStaff.field.publication'), value: trusted(<PublicationTag t={t} publication={r.publication} />) },
    { key: t('reportsStaff.field.unit'), value: r.unit.name },
    { key: t('reportsStaff.field.assignee'), value: r.assignee?.name ?? t('reportsStaff.nobody') },
    { key: t('reportsStaff.field.received'), value: formatDate(r.requestedAt, locale) },
    { key: t('reportsStaff.field.due'), value: trusted(<DeadlineCell t={t} locale={locale} dueAt={r.dueAt} deadline={p.deadline} />) },
    ...(r.closedAt ? [{ key: t('reportsStaff.field.closed'), value: formatDate(r.closedAt, locale) }] : []),
    ...(r.reopenUntil ? [{ key: t('reportsStaff.field.reopenUntil'), value: formatDate(r.reopenUntil, locale, 'date') }] : []),
    ...(r.reopenCount ? [{ key: t('reportsStaff.field.reopenCount'), value: String(r.reopenCount) }] : []),
    ...(r.feedbackScore ? [{ key: t('reportsStaff.field.feedback'), value: t('reportsStaff.feedback', { score: r.feedbackScore }) }] : []),
    { key: t('reports.field.source'), value: t(`reports.source.${r.source}`) },
    ...(r.duplicateOf
      ? [
          {
            key: t('reportsStaff.field.duplicateOf'),
            value: trusted(
              <a class="kern-link" href={reportPath(r.duplicateOf.id)} safe>
                {r.duplicateOf.reference}
              </a>,
            ),
          },
        ]
      : []),
    ...(r.duplicates.length
      ? [
          {
            key: t('reportsStaff.field.duplicates'),
            value: trusted(
              <>
                {r.duplicates.map((d, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a class="kern-link" href={reportPath(d.id)} safe>
                      {d.reference}
                    </a>
                  </>
                ))}
              </>,
            ),
          },
        ]
      : []),
    {
      key: t('reportsStaff.field.case'),
      value: trusted(
        <a class="kern-link" href={casePath(r.caseId)} safe>
          {t('reportsStaff.caseLink')}
        </a>,
      ),
    },
  ];
  return <SummaryList t={t} rows={rows} />;
}

function Place({ t, report: r }: ReportPageProps): JSX.Element {
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.section.place')}
      </h2>
      <SummaryList
        t={t}
        rows={[
          { key: t('reportsStaff.field.address'), value: r.address || t('reportsStaff.none') },
          {
            key: t('reportsStaff.field.coordinates'),
            value:
              r.lat !== null && r.lng !== null
                ? trusted(
                    <>
                      <span safe>{coordinates(r.lat, r.lng)}</span>{' '}
                      <a class="kern-link" href={osmHref(r.lat, r.lng)} rel="noreferrer noopener" target="_blank">
                        <span safe>{t('reportsStaff.osm')}</span>
                        <span class="kern-sr-only" safe>
                          {` ${t('reportsStaff.newWindow')}`}
                        </span>
                      </a>
                    </>,
                  )
                : t('reportsStaff.none'),
          },
        ]}
      />
    </>
  );
}

function Reporter({ t, report: r }: ReportPageProps): JSX.Element {
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.section.reporter')}
      </h2>
      {r.anonymised ? (
        <p class="kern-body" safe>
          {t('reportsStaff.anonymised')}
        </p>
      ) : (
        <SummaryList
          t={t}
          rows={[
            { key: t('reportsStaff.field.name'), value: r.contact.name ?? t('reportsStaff.none') },
            { key: t('reportsStaff.field.email'), value: r.contact.email ?? t('reportsStaff.none') },
            { key: t('reports.field.phone'), value: r.phone ?? r.contact.phone ?? t('reportsStaff.none') },
            { key: t('reportsStaff.field.language'), value: t(`reportsStaff.language.${r.locale}`) },
          ]}
        />
      )}
    </>
  );
}

function Description({ t, locale, report: r }: ReportPageProps): JSX.Element {
  const answered = r.category.attributes.filter((a) => r.attributes[a.code] !== undefined);
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.section.description')}
      </h2>
      <Paragraphs text={r.description} />
      {r.publicDescription !== null ? (
        <InsetText>
          <p class="kern-body">
            <strong safe>{t('reportsStaff.publicTextShown')}</strong>
          </p>
          <Paragraphs text={r.publicDescription} />
        </InsetText>
      ) : (
        ''
      )}
      {answered.length ? (
        <>
          <h3 class="kern-heading-small" safe>
            {t('reportsStaff.section.attributes')}
          </h3>
          <SummaryList t={t} rows={answered.map((a) => ({ key: a.description[locale], value: describeAnswer(a, r.attributes[a.code] as string | string[], locale) }))} />
        </>
      ) : (
        ''
      )}
      {r.mediaLink ? (
        <>
          <h3 class="kern-heading-small" safe>
            {t('reportsStaff.section.mediaLink')}
          </h3>
          <p class="kern-body" safe>
            {t('reportsStaff.mediaLinkHint')}
          </p>
          <p class="kern-body rathaus-report-break">
            {isWebLink(r.mediaLink) ? (
              <a class="kern-link" href={r.mediaLink} rel="noreferrer noopener nofollow" referrerpolicy="no-referrer" safe>
                {r.mediaLink}
              </a>
            ) : (
              <span safe>{r.mediaLink}</span>
            )}
          </p>
        </>
      ) : (
        ''
      )}
    </>
  );
}

function Photos({ t, locale, report: r, csrfToken }: ReportPageProps): JSX.Element {
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.section.photos')}
      </h2>
      {r.photos.length === 0 ? (
        <p class="kern-body" safe>
          {t('reportsStaff.noPhotos')}
        </p>
      ) : (
        <ul class="rathaus-report-photos">
          {r.photos.map((photo) => {
            const n = photo.position + 1;
            return (
              <li class="rathaus-report-photos__item">
                <figure class="rathaus-report-figure">
                  <img class="rathaus-report-photo" src={photoPath(r.id, photo.id)} width={String(photo.width)} height={String(photo.height)} alt={t('reportsStaff.photo.alt', { n, reference: r.reference })} />
                  <figcaption class="kern-body kern-body--small">
                    <span safe>{t('reportsStaff.photo.caption', { n })}</span>{' '}
                    <span safe>{t(photo.published ? 'reportsStaff.photo.published' : 'reportsStaff.photo.withheld')}</span>
                    {photo.redactedAt ? <span safe>{` · ${t('reportsStaff.photo.redacted', { when: formatDate(photo.redactedAt, locale) })}`}</span> : ''}
                  </figcaption>
                </figure>
                <div class="rathaus-button-group kern-btn-wrapper">
                  {photo.published && r.closedAt ? (
                    <a class="kern-btn kern-btn--secondary" href={`${photoPath(r.id, photo.id)}/loeschen`}>
                      <span class="kern-label" safe>
                        {t('reportsStaff.photo.withholdDelete', { n })}
                      </span>
                    </a>
                  ) : (
                    <form method="post" action={`${photoPath(r.id, photo.id)}/freigabe`}>
                      <CsrfField token={csrfToken} />
                      <input type="hidden" name="published" value={photo.published ? '0' : '1'} />
                      <Button variant="secondary" label={t(photo.published ? 'reportsStaff.photo.withhold' : 'reportsStaff.photo.publish', { n })} />
                    </form>
                  )}
                  <a class="kern-btn kern-btn--tertiary" href={`${photoPath(r.id, photo.id)}/schwaerzen`}>
                    <span class="kern-label" safe>
                      {t('reportsStaff.photo.redact', { n })}
                    </span>
                  </a>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function updateTitle(t: Translate, u: StaffReport['updates'][number]): string {
  if (u.kind === 'created') return t('reportsStaff.update.created');
  if (u.kind === 'reopened') return t('reportsStaff.update.reopened');
  if (u.kind === 'merged') return t('reportsStaff.update.merged');
  if (u.kind === 'comment' || !u.state) return t('reportsStaff.update.comment');
  return t('reportsStaff.update.state', { state: t(stateLabelKey(u.state)) });
}

function PublicTimeline({ t, locale, report: r }: ReportPageProps): JSX.Element {
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.section.timeline')}
      </h2>
      <p class="kern-hint" safe>
        {t('reportsStaff.timelineHint')}
      </p>
      <Timeline items={[...r.updates].reverse().map((u) => ({ when: formatDate(u.createdAt, locale), datetime: u.createdAt.toISOString(), title: updateTitle(t, u), ...(u.body ? { body: u.body } : {}) }))} />
    </>
  );
}

function Orders({ t, locale, report: r, csrfToken }: ReportPageProps): JSX.Element {
  if (r.orders.length === 0) return '';
  return (
    <>
      <h2 class="kern-heading-medium" id="auftraege" safe>
        {t('reportsStaff.section.orders')}
      </h2>
      <ul class="kern-list rathaus-report-orders">
        {r.orders.map((o) => {
          const status = o.revokedAt
            ? t('reportsStaff.order.revoked', { when: formatDate(o.revokedAt, locale) })
            : o.respondedAt
              ? t(o.outcome === 'done' ? 'reportsStaff.order.answeredDone' : 'reportsStaff.order.answeredNotPossible', { when: formatDate(o.respondedAt, locale) })
              : t('reportsStaff.order.open');
          return (
            <li class="rathaus-report-orders__item">
              <p class="kern-body">
                <strong safe>{o.contractorName}</strong>
                <span safe>{` · ${t('reportsStaff.order.sent', { when: formatDate(o.createdAt, locale), by: o.createdBy })}`}</span>
              </p>
              <p class="kern-body">
                <strong safe>{status}</strong>
              </p>
              {o.instructions ? (
                <p class="kern-body rathaus-prewrap" safe>
                  {t('reportsStaff.order.instructions', { text: o.instructions })}
                </p>
              ) : (
                ''
              )}
              {o.response ? (
                <p class="kern-body rathaus-prewrap" safe>
                  {t('reportsStaff.order.response', { text: o.response })}
                </p>
              ) : (
                ''
              )}
              {!o.respondedAt && !o.revokedAt ? (
                <form method="post" action={`${reportPath(r.id)}/auftrag/${o.id}/widerrufen`}>
                  <CsrfField token={csrfToken} />
                  <Button variant="secondary" label={t('reportsStaff.order.revoke', { contractor: o.contractorName })} />
                </form>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function TemplatePicker({ t, templates, value }: { t: Translate; templates: ReportPageProps['templates']; value: string }): JSX.Element {
  if (templates.length === 0) return '';
  const id = fieldId('template');
  return (
    <div class="kern-form-input">
      <label class="kern-label" for={id} safe>
        {t('reportsStaff.field.template')}
      </label>
      <div class="kern-hint" id={`${id}-hint`} safe>
        {t('reportsStaff.field.templateHint')}
      </div>
      <div class="rathaus-report-template">
        <div class="kern-form-input__select-wrapper">
          <select class="kern-form-input__select" id={id} name="template" aria-describedby={`${id}-hint`} data-template-target={fieldId('comment')}>
            <option value="" safe>
              {t('ui.field.selectPlaceholder')}
            </option>
            {templates.map((tpl) => (
              <option value={tpl.id} selected={tpl.id === value} data-body={tpl.body} safe>
                {tpl.title}
              </option>
            ))}
          </select>
        </div>
        <Button name="aktion" value="vorlage" variant="secondary" formnovalidate label={t('reportsStaff.field.templateApply')} />
      </div>
    </div>
  );
}

function Actions(p: ReportPageProps): JSX.Element {
  const { t, locale, report: r, csrfToken, values } = p;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  const base = reportPath(r.id);
  return (
    <div class="rathaus-case__actions">
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.section.actions')}
      </h2>
      <form method="post" action={`${base}/stand`} id="stand">
        <CsrfField token={csrfToken} />
        <h3 class="kern-heading-small" safe>
          {t('reportsStaff.action.state')}
        </h3>
        <Select t={t} name="state" label={t('reportsStaff.field.newState')} placeholder={false} value={values.state ?? r.state} error={error('state')} options={REPORT_STATES.map((s) => ({ value: s, label: t(stateLabelKey(s)) }))} />
        <TemplatePicker t={t} templates={p.templates} value={values.template ?? ''} />
        <Textarea t={t} name="comment" label={t('reportsStaff.field.comment')} hint={t('reportsStaff.field.commentHint')} rows={5} maxlength={4000} value={values.comment ?? ''} error={error('comment')} />
        <Textarea t={t} name="note" label={t('reportsStaff.field.note')} hint={t('reportsStaff.field.noteHint')} rows={3} maxlength={4000} value={values.note ?? ''} error={error('note')} />
        <Button name="aktion" value="speichern" label={t('reportsStaff.action.stateSubmit')} />
      </form>
      {r.assignee?.id === p.staffId ? (
        ''
      ) : (
        <form method="post" action={`${base}/zuweisen`}>
          <CsrfField token={csrfToken} />
          <h3 class="kern-heading-small" safe>
            {t('reportsStaff.action.assign')}
          </h3>
          <Button variant="secondary" label={t('reportsStaff.action.assignMe')} />
        </form>
      )}
      <form method="post" action={`${base}/veroeffentlichung`}>
        <CsrfField token={csrfToken} />
        <h3 class="kern-heading-small" safe>
          {t('reportsStaff.action.publication')}
        </h3>
        <p class="kern-body" safe>
          {t('reportsStaff.publicationNow', { value: t(`reportsStaff.publication.${r.publication}`) })}
        </p>
        <div class="rathaus-button-group kern-btn-wrapper">
          {r.publication === 'published' ? '' : <Button name="publication" value="published" variant="secondary" label={t('reportsStaff.action.publish')} />}
          {r.publication === 'hidden' ? '' : <Button name="publication" value="hidden" variant="secondary" label={t('reportsStaff.action.hide')} />}
        </div>
      </form>
      <form method="post" action={`${base}/oeffentlicher-text`}>
        <CsrfField token={csrfToken} />
        <h3 class="kern-heading-small" safe>
          {t('reportsStaff.action.publicText')}
        </h3>
        <Textarea t={t} name="publicDescription" label={t('reportsStaff.field.publicDescription')} hint={t('reportsStaff.field.publicDescriptionHint')} rows={5} maxlength={4000} value={values.publicDescription ?? r.publicDescription ?? r.description} error={error('publicDescription')} />
        <Button variant="secondary" label={t('reportsStaff.action.publicTextSubmit')} />
      </form>
      <form method="post" action={`${base}/kategorie`}>
        <CsrfField token={csrfToken} />
        <h3 class="kern-heading-small" safe>
          {t('reportsStaff.action.category')}
        </h3>
        <Select t={t} name="category" label={t('reports.field.category')} hint={t('reportsStaff.field.categoryHint')} placeholder={false} value={values.category ?? r.category.id} error={error('category')} options={p.categories.map((c) => ({ value: c.id, label: c.name[locale] }))} />
        <Button variant="secondary" label={t('reportsStaff.action.categorySubmit')} />
      </form>
      <form method="post" action={`${base}/weiterleiten`}>
        <CsrfField token={csrfToken} />
        <h3 class="kern-heading-small" safe>
          {t('reportsStaff.action.route')}
        </h3>
        <Select t={t} name="unit" label={t('reportsStaff.field.unit')} value={values.unit ?? ''} error={error('unit')} options={p.units.filter((u) => u.id !== r.unit.id).map((u) => ({ value: u.id, label: u.name }))} />
        <TextInput t={t} name="forwardNote" label={t('reportsStaff.field.forwardNote')} maxlength={500} value={values.forwardNote ?? ''} error={error('forwardNote')} />
        <Button variant="secondary" label={t('reportsStaff.action.routeSubmit')} />
      </form>
      {r.closedAt || p.contractors.length === 0 ? (
        ''
      ) : (
        <form method="post" action={`${base}/auftrag`}>
          <CsrfField token={csrfToken} />
          <h3 class="kern-heading-small" safe>
            {t('reportsStaff.action.order')}
          </h3>
          <p class="kern-hint" safe>
            {t('reportsStaff.action.orderHint')}
          </p>
          <Select t={t} name="contractor" label={t('reportsStaff.field.contractor')} value={values.contractor ?? ''} error={error('contractor')} options={p.contractors.map((c) => ({ value: c.id, label: c.name }))} />
          <Textarea t={t} name="instructions" label={t('reportsStaff.field.instructions')} rows={4} maxlength={4000} value={values.instructions ?? ''} error={error('instructions')} />
          <Button variant="secondary" label={t('reportsStaff.action.orderSubmit')} />
        </form>
      )}
      {r.duplicateOf ? (
        ''
      ) : (
        <form method="post" action={`${base}/zusammenfuehren`}>
          <CsrfField token={csrfToken} />
          <h3 class="kern-heading-small" safe>
            {t('reportsStaff.action.merge')}
          </h3>
          <TextInput t={t} name="duplicateOf" label={t('reportsStaff.field.duplicateOfInput')} hint={t('reportsStaff.field.duplicateOfHint')} autocomplete="off" spellcheck={false} maxlength={20} value={values.duplicateOf ?? ''} error={error('duplicateOf')} />
          <Button variant="secondary" label={t('reportsStaff.action.mergeSubmit')} />
        </form>
      )}
    </div>
  );
}

export function ReportPage(p: ReportPageProps): JSX.Element {
  const { t, report: r } = p;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reportsStaff.report.title', { reference: r.reference })}
      </h1>
      <p class="kern-body kern-body--large" safe>
        {`${r.category.name[p.locale]} · ${r.address || (r.lat !== null && r.lng !== null ? coordinates(r.lat, r.lng) : '')}`}
      </p>
      <div class="rathaus-case">
        <div class="rathaus-case__main">
          <Overview {...p} />
          <Place {...p} />
          <Reporter {...p} />
          <Description {...p} />
          <Photos {...p} />
          <Orders {...p} />
          <PublicTimeline {...p} />
          <p class="kern-body">
            <a class="kern-link" href={QUEUE_PATH} safe>
              {t('reportsStaff.backToQueue')}
            </a>
          </p>
        </div>
        <Actions {...p} />
      </div>
    </>
  );
}

export interface PhotoDeleteProps {
  t: Translate;
  report: StaffReport;
  photoId: string;
  n: number;
  csrfToken: string;
}

/** Closed reports keep photos only while published: withholding one deletes it, so the clerk confirms first. */
export function PhotoDeletePage({ t, report, photoId, n, csrfToken }: PhotoDeleteProps): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('reportsStaff.photoDelete.title', { n, reference: report.reference })}
      </h1>
      <img class="rathaus-report-photo rathaus-report-photo--preview" src={photoPath(report.id, photoId)} alt={t('reportsStaff.photo.alt', { n, reference: report.reference })} />
      <p class="kern-body" safe>
        {t('reportsStaff.photoDelete.text')}
      </p>
      <form method="post" action={`${photoPath(report.id, photoId)}/freigabe`}>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="published" value="0" />
        <input type="hidden" name="bestaetigt" value="1" />
        <div class="rathaus-button-group kern-btn-wrapper">
          <Button variant="danger" label={t('reportsStaff.photoDelete.confirm')} />
          <a class="kern-link" href={reportPath(report.id)} safe>
            {t('reportsStaff.photoDelete.cancel')}
          </a>
        </div>
      </form>
    </>
  );
}
