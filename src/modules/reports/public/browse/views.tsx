/**
 * Views of the public Mängelmelder pages and the reporter's own pages: pure
 * functions from plain data to HTML. Public views get only the public
 * projection of a report (no personal data can reach them).
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { formatDate } from '../../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../../core/http/validation.ts';
import {
  Button,
  ButtonGroup,
  ButtonLink,
  Checkbox,
  CsrfField,
  DataTable,
  ErrorSummary,
  InsetText,
  Pagination,
  Paragraphs,
  RadioGroup,
  Select,
  StatusTag,
  SummaryList,
  TextInput,
  Textarea,
  Timeline,
  trusted,
  type Option,
  type SummaryRow,
} from '../../../../core/ui/components.tsx';
import { describeAnswer } from '../../model/attributes.ts';
import { NEEDS_REASON, STATE_TONE, stateLabelKey } from '../../model/states.ts';
import { placeOf, type PublicReport, type PublicUpdate } from '../../reports.service.ts';
import type { AttributeAnswers, CategoryAttribute, ReportState } from '../../schema.ts';
import type { MineEntry } from './reporter.service.ts';

const errorFor = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

const day = (date: Date, locale: Locale): string => formatDate(date, locale, 'date');

const placeText = (r: { address: string; lat: number | null; lng: number | null }): string => placeOf(r.address, r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null);

/** Width and height of a photo scaled to at most `max` pixels wide (the layout shrinks it further on small screens). */
function scaled(photo: { width: number; height: number }, max: number): { width: string; height: string } {
  const width = Math.min(max, photo.width);
  return { width: String(width), height: String(Math.max(1, Math.round((photo.height * width) / photo.width))) };
}

function StateTag({ t, state }: { t: Translate; state: ReportState }): JSX.Element {
  return <StatusTag label={t(stateLabelKey(state))} tone={STATE_TONE[state]} />;
}

export function MessagePage(props: { title: string; text: string; links?: readonly { href: string; label: string }[] }): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {props.title}
      </h1>
      <p class="kern-body" safe>
        {props.text}
      </p>
      {props.links?.length ? (
        <ul class="kern-list">
          {props.links.map((link) => (
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
    </>
  );
}

// ---------------------------------------------------------------- start page and list

export interface ListFilters {
  kategorie: string;
  status: string;
  gebiet: string;
}

export interface ListPageProps {
  t: Translate;
  locale: Locale;
  filters: ListFilters;
  errors: FieldError[];
  categories: readonly Option[];
  areas: readonly Option[];
  reports: readonly PublicReport[];
  total: number;
  page: number;
  pageCount: number;
  hrefFor(page: number): string;
  /** The map of the listed reports, when the tenant has a tile server. */
  safeMap?: JSX.Element;
}

const STATE_FILTERS: readonly string[] = ['open', 'closed', 'received', 'in_progress', 'fixed', 'referred', 'rejected'];

export function stateFilterOptions(t: Translate): Option[] {
  return STATE_FILTERS.map((value) => ({ value, label: value === 'open' ? t('reports.browse.filter.open') : value === 'closed' ? t('reports.browse.filter.closed') : t(stateLabelKey(value as ReportState)) }));
}

function ReportTile({ t, locale, report }: { t: Translate; locale: Locale; report: PublicReport }): JSX.Element {
  const photo = report.photos[0];
  const place = placeText(report);
  const category = report.categoryName[locale];
  return (
    <li class="rathaus-tile">
      <h3 class="kern-heading-small">
        <a class="kern-link" href={`/maengelmelder/meldung/${report.reference}`} safe>
          {category}
        </a>
      </h3>
      {photo ? <img src={`/maengelmelder/foto/${photo.id}/vorschau`} alt={t('reports.browse.thumbnailAlt', { category, place })} {...scaled(photo, 320)} loading="lazy" /> : ''}
      <p class="kern-body" safe>
        {place}
      </p>
      <p class="kern-body">
        <StateTag t={t} state={report.state} />
      </p>
      <p class="kern-body kern-body--small" safe>
        {`${t('reports.browse.reportedOn', { date: day(report.requestedAt, locale) })} · ${report.reference}`}
      </p>
    </li>
  );
}

export function ListPage(props: ListPageProps): JSX.Element {
  const { t, locale, filters, errors } = props;
  const safeMap = props.safeMap ?? '';
  const all: Option = { value: '', label: t('reports.browse.filter.all') };
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('reports.browse.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.browse.lead')}
      </p>
      <ButtonGroup>
        <ButtonLink href="/maengelmelder/melden" variant="primary" label={t('reports.browse.report')} />
      </ButtonGroup>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/maengelmelder/meine" safe>
            {t('reports.browse.mine')}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/beschwerde" safe>
            {t('reports.browse.complaint')}
          </a>
        </li>
      </ul>
      <p class="kern-body" safe>
        {t('reports.browse.privacyNote')}
      </p>
      <h2 class="kern-heading-medium" safe>
        {t('reports.browse.list.heading')}
      </h2>
      <form method="get" action="/maengelmelder" class="rathaus-filters" aria-label={t('reports.browse.filter.label')} novalidate>
        <div class="rathaus-filters__grid">
          <Select t={t} name="kategorie" label={t('reports.browse.filter.category')} options={[all, ...props.categories]} placeholder={false} value={filters.kategorie} error={errorFor(errors, 'kategorie')} />
          <Select t={t} name="status" label={t('reports.browse.filter.state')} options={[all, ...stateFilterOptions(t)]} placeholder={false} value={filters.status} error={errorFor(errors, 'status')} />
          {props.areas.length ? <Select t={t} name="gebiet" label={t('reports.browse.filter.area')} options={[all, ...props.areas]} placeholder={false} value={filters.gebiet} error={errorFor(errors, 'gebiet')} /> : ''}
        </div>
        <ButtonGroup>
          <Button variant="secondary" label={t('reports.browse.filter.submit')} />
          <a class="kern-link" href="/maengelmelder" safe>
            {t('reports.browse.filter.reset')}
          </a>
        </ButtonGroup>
      </form>
      <p class="kern-body" role="status" safe>
        {props.total === 1 ? t('reports.browse.countOne') : t('reports.browse.count', { count: props.total })}
      </p>
      {safeMap}
      {props.reports.length ? (
        <ul class="rathaus-tiles">
          {props.reports.map((report) => (
            <ReportTile t={t} locale={locale} report={report} />
          ))}
        </ul>
      ) : (
        <InsetText>
          <span safe>{t('reports.browse.none')}</span>
        </InsetText>
      )}
      <Pagination t={t} page={props.page} pageCount={props.pageCount} hrefFor={props.hrefFor} />
    </>
  );
}

// ---------------------------------------------------------------- a report's public page

function updateTitle(t: Translate, update: { kind: string; state: ReportState | null }): string {
  switch (update.kind) {
    case 'created':
      return t('reports.browse.update.created');
    case 'reopened':
      return t('reports.browse.update.reopened');
    case 'merged':
      return t('reports.browse.update.merged');
    case 'comment':
      return t('reports.browse.update.comment');
    default:
      return update.state ? t('reports.browse.update.state', { state: t(stateLabelKey(update.state)) }) : t('reports.browse.update.comment');
  }
}

/** Newest first; a reopening's stored text is replaced by its localized title (it says the same). */
function timelineItems(t: Translate, locale: Locale, updates: readonly PublicUpdate[]) {
  return [...updates].reverse().map((u) => ({
    when: formatDate(u.createdAt, locale),
    datetime: u.createdAt.toISOString(),
    title: updateTitle(t, u),
    ...(u.body && u.kind !== 'reopened' ? { body: u.body } : {}),
  }));
}

function stateValue(t: Translate, state: ReportState, reason: string | null): JSX.Element {
  return (
    <>
      <StateTag t={t} state={state} />
      {reason && NEEDS_REASON.includes(state) ? (
        <p class="kern-body" safe>
          {`${t('reports.browse.detail.reason')}: ${reason}`}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export interface ReportPageProps {
  t: Translate;
  locale: Locale;
  report: PublicReport & { updates: PublicUpdate[]; attributes: AttributeAnswers; categoryAttributes: CategoryAttribute[] };
  /** Reference of the report this one was merged into. */
  originalReference: string | null;
  safeMap?: JSX.Element;
}

export function ReportPage(props: ReportPageProps): JSX.Element {
  const { t, locale, report, safeMap } = props;
  const category = report.categoryName[locale];
  const place = placeText(report);
  const closed = report.closedAt !== null;
  const rows: SummaryRow[] = [
    { key: t('reports.browse.detail.category'), value: category },
    { key: t('reports.browse.detail.place'), value: place },
    ...(report.address && report.lat !== null && report.lng !== null ? [{ key: t('reports.browse.detail.coordinates'), value: `${report.lat.toFixed(5)}, ${report.lng.toFixed(5)}` }] : []),
    { key: t('reports.browse.detail.state'), value: trusted(stateValue(t, report.state, report.stateReason)) },
    { key: t('reports.browse.detail.reported'), value: day(report.requestedAt, locale) },
    { key: t('reports.browse.detail.unit'), value: report.unitName },
    ...(closed && report.closedAt ? [{ key: t('reports.browse.detail.closed'), value: day(report.closedAt, locale) }] : []),
    ...(!closed && report.dueAt ? [{ key: t('reports.browse.detail.due'), value: day(report.dueAt, locale) }] : []),
  ];
  const answers = report.categoryAttributes
    .filter((def) => report.attributes[def.code] !== undefined)
    .sort((a, b) => a.order - b.order)
    .map((def): SummaryRow => ({ key: def.description[locale], value: describeAnswer(def, report.attributes[def.code] as string | string[], locale) }));
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('reports.browse.detail.title', { reference: report.reference })}
      </h1>
      {props.originalReference ? (
        <InsetText>
          <p class="kern-body" safe>
            {t('reports.browse.detail.duplicate', { reference: props.originalReference })}
          </p>
          <p class="kern-body">
            <a class="kern-link" href={`/maengelmelder/meldung/${props.originalReference}`} safe>
              {t('reports.browse.detail.duplicateLink', { reference: props.originalReference })}
            </a>
          </p>
        </InsetText>
      ) : (
        ''
      )}
      <SummaryList t={t} rows={rows} />
      <h2 class="kern-heading-medium" safe>
        {t('reports.browse.detail.description')}
      </h2>
      {report.description === null ? (
        <p class="kern-body" safe>
          {t('reports.browse.detail.pending')}
        </p>
      ) : (
        <Paragraphs text={report.description} />
      )}
      {answers.length ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('reports.browse.detail.answers')}
          </h2>
          <SummaryList t={t} rows={answers} />
        </>
      ) : (
        ''
      )}
      {report.photos.length ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('reports.browse.detail.photos')}
          </h2>
          <ul class="rathaus-tiles">
            {report.photos.map((photo, i) => (
              <li>
                <a href={`/maengelmelder/foto/${photo.id}`}>
                  <img src={`/maengelmelder/foto/${photo.id}`} alt={t('reports.browse.detail.photoAlt', { n: i + 1, reference: report.reference, category, place })} {...scaled(photo, 640)} />
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {safeMap ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('reports.browse.detail.mapHeading')}
          </h2>
          {safeMap}
        </>
      ) : (
        ''
      )}
      <h2 class="kern-heading-medium" safe>
        {t('reports.browse.detail.timeline')}
      </h2>
      <Timeline items={timelineItems(t, locale, report.updates)} />
      <p class="kern-body">
        <a class="kern-link" href={`/maengelmelder/meldung/${report.reference}/folgen`} safe>
          {t('reports.browse.detail.follow')}
        </a>
      </p>
      <p class="kern-body kern-body--small" safe>
        {t('reports.browse.detail.followHint')}
      </p>
      <p class="kern-body">
        <a class="kern-link" href="/maengelmelder" safe>
          {t('reports.browse.detail.back')}
        </a>
      </p>
    </>
  );
}

// ---------------------------------------------------------------- following

export function FollowForm(props: { t: Translate; reference: string; csrfToken: string; values: Record<string, string>; errors: FieldError[] }): JSX.Element {
  const { t, values, errors } = props;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('reports.browse.follow.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.browse.follow.lead', { reference: props.reference })}
      </p>
      <form method="post" action={`/maengelmelder/meldung/${props.reference}/folgen`} novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput t={t} name="email" type="email" label={t('reports.browse.follow.email')} hint={t('reports.browse.follow.emailHint')} required autocomplete="email" spellcheck={false} maxlength={254} value={values.email ?? ''} error={errorFor(errors, 'email')} />
        <p class="kern-body">
          <a class="kern-link" href="/datenschutz" safe>
            {t('reports.browse.follow.privacyLink')}
          </a>
        </p>
        <Checkbox t={t} name="privacy" value="yes" label={t('reports.browse.follow.privacy')} required checked={values.privacy === 'yes'} error={errorFor(errors, 'privacy')} />
        <Button label={t('reports.browse.follow.submit')} />
      </form>
      <p class="kern-body">
        <a class="kern-link" href={`/maengelmelder/meldung/${props.reference}`} safe>
          {t('reports.browse.detail.duplicateLink', { reference: props.reference })}
        </a>
      </p>
    </>
  );
}

/** A page with one button that does what the mailed link promised (a mail scanner opening the link changes nothing). */
export function ButtonPage(props: { title: string; text: string; action: string; csrfToken: string; button: string }): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {props.title}
      </h1>
      <p class="kern-body" safe>
        {props.text}
      </p>
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <Button label={props.button} />
      </form>
    </>
  );
}

// ---------------------------------------------------------------- the reporter's page

export interface ReporterView {
  reference: string;
  categoryName: { de: string; en: string };
  state: ReportState;
  stateReason: string | null;
  lat: number | null;
  lng: number | null;
  address: string;
  description: string;
  publication: 'published' | 'pending' | 'hidden';
  requestedAt: Date;
  closedAt: Date | null;
  reopenUntil: Date | null;
  canReopen: boolean;
  canGiveFeedback: boolean;
  feedbackScore: number | null;
  photos: { id: string; width: number; height: number; published: boolean }[];
  updates: PublicUpdate[];
}

export interface ReporterPageProps {
  t: Translate;
  locale: Locale;
  token: string;
  report: ReporterView;
  csrfToken: string;
  errors: FieldError[];
  values: Record<string, string>;
}

function ReopenForm({ t, locale, base, report, csrfToken, errors, values }: { t: Translate; locale: Locale; base: string; report: ReporterView; csrfToken: string; errors: FieldError[]; values: Record<string, string> }): JSX.Element {
  return (
    <section aria-labelledby="reopen-heading">
      <h2 class="kern-heading-medium" id="reopen-heading" safe>
        {t('reports.browse.reopen.heading')}
      </h2>
      <p class="kern-body" safe>
        {t('reports.browse.reopen.lead', { until: day(report.reopenUntil as Date, locale) })}
      </p>
      <form method="post" action={`${base}/nicht-erledigt`} novalidate>
        <CsrfField token={csrfToken} />
        <Textarea t={t} name="grund" label={t('reports.browse.reopen.reason')} hint={t('reports.browse.reopen.reasonHint')} required rows={3} maxlength={1000} value={values.grund ?? ''} error={errorFor(errors, 'grund')} />
        <Button variant="secondary" label={t('reports.browse.reopen.submit')} />
      </form>
    </section>
  );
}

function FeedbackForm({ t, base, csrfToken, errors, values }: { t: Translate; base: string; csrfToken: string; errors: FieldError[]; values: Record<string, string> }): JSX.Element {
  return (
    <section aria-labelledby="feedback-heading">
      <h2 class="kern-heading-medium" id="feedback-heading" safe>
        {t('reports.browse.feedback.heading')}
      </h2>
      <form method="post" action={`${base}/bewertung`} novalidate>
        <CsrfField token={csrfToken} />
        <RadioGroup
          t={t}
          name="zufriedenheit"
          label={t('reports.browse.feedback.question')}
          options={['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: t(`reports.browse.feedback.${v}`) }))}
          value={values.zufriedenheit ?? ''}
          error={errorFor(errors, 'zufriedenheit')}
        />
        <Button variant="secondary" label={t('reports.browse.feedback.submit')} />
      </form>
    </section>
  );
}

export function ReporterPage(props: ReporterPageProps): JSX.Element {
  const { t, locale, report } = props;
  const base = `/maengelmelder/status/${props.token}`;
  const rows: SummaryRow[] = [
    { key: t('reports.browse.detail.category'), value: report.categoryName[locale] },
    { key: t('reports.browse.detail.place'), value: placeText(report) },
    { key: t('reports.browse.detail.state'), value: trusted(stateValue(t, report.state, report.stateReason)) },
    { key: t('reports.browse.detail.reported'), value: day(report.requestedAt, locale) },
    ...(report.closedAt ? [{ key: t('reports.browse.detail.closed'), value: day(report.closedAt, locale) }] : []),
    { key: t('reports.browse.status.publication'), value: t(`reports.browse.status.publication.${report.publication}`) },
  ];
  return (
    <>
      <ErrorSummary t={t} errors={props.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reports.browse.status.title', { reference: report.reference })}
      </h1>
      <p class="kern-body" safe>
        {t('reports.browse.status.lead')}
      </p>
      <SummaryList t={t} rows={rows} />
      {report.canReopen ? <ReopenForm t={t} locale={locale} base={base} report={report} csrfToken={props.csrfToken} errors={props.errors} values={props.values} /> : ''}
      {report.canGiveFeedback ? (
        <FeedbackForm t={t} base={base} csrfToken={props.csrfToken} errors={props.errors} values={props.values} />
      ) : report.feedbackScore !== null ? (
        <p class="kern-body" safe>
          {t('reports.browse.feedback.given', { score: report.feedbackScore })}
        </p>
      ) : (
        ''
      )}
      <h2 class="kern-heading-medium" safe>
        {t('reports.browse.status.sent')}
      </h2>
      <Paragraphs text={report.description} />
      {report.photos.length ? (
        <ul class="rathaus-tiles">
          {report.photos.map((photo, i) => (
            <li>
              <img src={`${base}/foto/${photo.id}`} alt={t('reports.browse.status.photoAlt', { n: i + 1, reference: report.reference })} {...scaled(photo, 480)} />
              {photo.published ? (
                ''
              ) : (
                <p class="kern-body kern-body--small" safe>
                  {t('reports.browse.status.photoUnpublished')}
                </p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <h2 class="kern-heading-medium" safe>
        {t('reports.browse.detail.timeline')}
      </h2>
      <Timeline items={timelineItems(t, locale, report.updates)} />
      <p class="kern-body" safe>
        {t('reports.browse.status.messages')}
      </p>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={`/vorgang/${props.token}`} safe>
            {t('reports.browse.status.messagesLink')}
          </a>
        </li>
        {report.publication === 'hidden' ? (
          ''
        ) : (
          <li>
            <a class="kern-link" href={`/maengelmelder/meldung/${report.reference}`} safe>
              {t('reports.browse.status.publicLink')}
            </a>
          </li>
        )}
      </ul>
    </>
  );
}

// ---------------------------------------------------------------- "Meine Meldungen"

export function MineForm(props: { t: Translate; csrfToken: string; values: Record<string, string>; errors: FieldError[] }): JSX.Element {
  const { t, values, errors } = props;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('reports.browse.mine.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.browse.mine.lead')}
      </p>
      <form method="post" action="/maengelmelder/meine" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput t={t} name="email" type="email" label={t('reports.browse.mine.email')} required autocomplete="email" spellcheck={false} maxlength={254} value={values.email ?? ''} error={errorFor(errors, 'email')} />
        <Button label={t('reports.browse.mine.submit')} />
      </form>
    </>
  );
}

export function MineList(props: { t: Translate; locale: Locale; entries: readonly MineEntry[]; expiresAt: Date }): JSX.Element {
  const { t, locale } = props;
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('reports.browse.mine.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.browse.mine.listLead', { until: formatDate(props.expiresAt, locale) })}
      </p>
      {props.entries.length ? (
        <DataTable
          caption={t('reports.browse.mine.caption')}
          head={[t('reports.browse.col.reference'), t('reports.browse.col.category'), t('reports.browse.col.place'), t('reports.browse.col.state'), t('reports.browse.col.date')]}
          rowHeaders
          rows={props.entries.map((e) => [
            e.statusPath
              ? trusted(
                  <a class="kern-link" href={e.statusPath} safe>
                    {e.reference}
                  </a>,
                )
              : e.reference,
            e.categoryName[locale],
            e.place,
            trusted(<StateTag t={t} state={e.state} />),
            day(e.requestedAt, locale),
          ])}
        />
      ) : (
        <InsetText>
          <span safe>{t('reports.browse.mine.empty')}</span>
        </InsetText>
      )}
    </>
  );
}
