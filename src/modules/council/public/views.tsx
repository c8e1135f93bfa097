/** Pure views of the public Ratsinformationssystem: data in, HTML out. */
import { escapeHtml } from '@kitajs/html';
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { berlinDay, berlinTime } from '../../../core/time/berlin.ts';
import {
  Button,
  ButtonGroup,
  CsrfField,
  DataTable,
  DateInput,
  ErrorSummary,
  InsetText,
  Pagination,
  Panel,
  RadioGroup,
  Select,
  StatusTag,
  SummaryList,
  Textarea,
  TextInput,
  trusted,
  type FieldError,
  type Option,
  type SummaryRow,
} from '../../../core/ui/components.tsx';
import type { SearchHit } from '../search/search.service.ts';
import { fileSizeLabel, type FileRef, type MeetingSummary, type OrgRef, type PaperSummary } from './public.service.ts';
import { dateTimeFormat } from '../../../core/i18n/intl-formats.ts';

// ---------------------------------------------------------------- formatting

const localeTag = (locale: Locale) => (locale === 'de' ? 'de-DE' : 'en-GB');

/** A calendar day ('yyyy-mm-dd') for people: 12.03.2027 / 12 Mar 2027. */
export function dayLabel(day: string, locale: Locale): string {
  return dateTimeFormat(localeTag(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

function longDay(instant: Date, locale: Locale): string {
  return dateTimeFormat(localeTag(locale), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' }).format(instant);
}

export function monthLabel(month: string, locale: Locale): string {
  return dateTimeFormat(localeTag(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
}

export function meetingWhen(t: Translate, locale: Locale, m: { startAt: Date; endAt: Date | null }): string {
  const day = longDay(m.startAt, locale);
  const start = berlinTime(m.startAt);
  if (m.endAt && berlinDay(m.endAt) === berlinDay(m.startAt)) return t('council.public.meeting.timeRange', { day, start, end: berlinTime(m.endAt) });
  return t('council.public.meeting.time', { day, start });
}

function orgNames(orgs: OrgRef[]): string {
  return orgs.map((o) => o.name).join(', ');
}

function stateTag(t: Translate, m: { state: string; cancelled: boolean }): JSX.Element {
  if (m.cancelled) return <StatusTag label={t('council.cancelled')} tone="danger" />;
  return <StatusTag label={t(`council.meetingState.${m.state}`)} tone={m.state === 'durchgeführt' ? 'success' : 'info'} />;
}

function paperTitle(p: { name: string; reference: string | null }): string {
  return p.reference ? `${p.reference}: ${p.name}` : p.name;
}

function period(t: Translate, locale: Locale, from: string | null, to: string | null): string {
  if (from && to) return t('council.public.fromTo', { from: dayLabel(from, locale), to: dayLabel(to, locale) });
  if (from) return t('council.public.since', { date: dayLabel(from, locale) });
  if (to) return t('council.public.until', { date: dayLabel(to, locale) });
  return '';
}

function H1({ text }: { text: string }): JSX.Element {
  return (
    <h1 class="kern-heading-large" safe>
      {text}
    </h1>
  );
}

function H2({ text, id }: { text: string; id?: string }): JSX.Element {
  return (
    <h2 class="kern-heading-medium" id={id} safe>
      {text}
    </h2>
  );
}

function Para({ text }: { text: string }): JSX.Element {
  return (
    <p class="kern-body" safe>
      {text}
    </p>
  );
}

function Link({ href, text }: { href: string; text: string }): JSX.Element {
  return (
    <a class="kern-link" href={href} safe>
      {text}
    </a>
  );
}

// ---------------------------------------------------------------- shared blocks

/** A list of documents: open inline, download, report. */
export function FileList({ t, locale, files }: { t: Translate; locale: Locale; files: readonly FileRef[] }): JSX.Element {
  return (
    <ul class="kern-list">
      {files.map((f) => (
        <li>
          <a class="kern-link" href={`/ratsinfo/dokumente/${f.id}`} safe>
            {t('council.public.file.open', { name: `${t(`council.public.role.${f.role}`)}: ${f.name}`, size: fileSizeLabel(f.size, locale) })}
          </a>
          {' · '}
          <a class="kern-link" href={`/ratsinfo/dokumente/${f.id}/download`}>
            {escapeHtml(t('council.public.file.download'))}
            <span class="kern-sr-only" safe>
              {`: ${f.name}`}
            </span>
          </a>
          {' · '}
          <a class="kern-link" href={`/ratsinfo/dokumente/${f.id}/melden`}>
            {escapeHtml(t('council.public.file.report'))}
            <span class="kern-sr-only" safe>
              {`: ${f.name}`}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function meetingRows(t: Translate, locale: Locale, meetings: readonly MeetingSummary[]) {
  return meetings.map((m) => [
    trusted(
      <time datetime={m.startAt.toISOString()} safe>
        {dayLabel(berlinDay(m.startAt), locale)}
      </time>,
    ),
    berlinTime(m.startAt),
    trusted(<Link href={`/ratsinfo/sitzungen/${m.id}`} text={m.name} />),
    orgNames(m.organizations),
    trusted(stateTag(t, m)),
  ]);
}

export function MeetingTable({ t, locale, meetings, caption, captionHidden }: { t: Translate; locale: Locale; meetings: readonly MeetingSummary[]; caption: string; captionHidden?: boolean }): JSX.Element {
  return (
    <DataTable
      caption={caption}
      captionHidden={captionHidden}
      head={[t('council.public.col.date'), t('council.public.col.time'), t('council.public.col.meeting'), t('council.public.col.organization'), t('council.public.col.state')]}
      rows={meetingRows(t, locale, meetings)}
    />
  );
}

function PaperTable({ t, locale, papers, caption, captionHidden }: { t: Translate; locale: Locale; papers: readonly { id: string; name: string; reference: string | null; paperType: string; date: string | null }[]; caption: string; captionHidden?: boolean }): JSX.Element {
  return (
    <DataTable
      caption={caption}
      captionHidden={captionHidden}
      head={[t('council.public.col.date'), t('council.public.col.reference'), t('council.public.col.name'), t('council.public.col.type')]}
      rows={papers.map((p) => [p.date ? dayLabel(p.date, locale) : '', p.reference ?? '', trusted(<Link href={`/ratsinfo/vorlagen/${p.id}`} text={p.name} />), p.paperType])}
    />
  );
}

function SearchBox({ t, value }: { t: Translate; value: string }): JSX.Element {
  return (
    <form method="get" action="/ratsinfo/suche" role="search">
      <TextInput t={t} name="q" type="search" label={t('council.public.search.label')} hint={t('council.public.search.hint')} value={value} maxlength={200} />
      <Button label={t('council.public.search.button')} />
    </form>
  );
}

// ---------------------------------------------------------------- overview

export function OverviewPage(props: { t: Translate; locale: Locale; next: MeetingSummary | null; upcoming: MeetingSummary[]; papers: PaperSummary[] }): JSX.Element {
  const { t, locale, next } = props;
  return (
    <>
      <H1 text={t('council.public.title')} />
      <Para text={t('council.public.intro')} />
      <SearchBox t={t} value="" />
      <H2 text={t('council.public.nextMeeting')} />
      {next ? (
        <InsetText>
          <p class="kern-heading-small">
            <Link href={`/ratsinfo/sitzungen/${next.id}`} text={next.name} />
          </p>
          <p class="kern-body" safe>
            {meetingWhen(t, locale, next)}
          </p>
          {next.location ? <Para text={next.location} /> : ''}
          <p class="kern-body">{stateTag(t, next)}</p>
        </InsetText>
      ) : (
        <Para text={t('council.public.noNextMeeting')} />
      )}
      {props.upcoming.length ? <MeetingTable t={t} locale={locale} meetings={props.upcoming} caption={t('council.public.upcoming')} /> : ''}
      <p class="kern-body">
        <Link href="/ratsinfo/sitzungen" text={t('council.public.allMeetings')} />
      </p>
      <H2 text={t('council.public.newestPapers')} />
      {props.papers.length ? <PaperTable t={t} locale={locale} papers={props.papers} caption={t('council.public.newestPapers')} captionHidden /> : <Para text={t('council.public.noPapers')} />}
      <p class="kern-body">
        <Link href="/ratsinfo/vorlagen" text={t('council.public.allPapers')} />
      </p>
      <H2 text={t('council.public.browse')} />
      <ul class="kern-list">
        <li>
          <Link href="/ratsinfo/gremien" text={t('council.public.organizations.title')} />
        </li>
        <li>
          <Link href="/ratsinfo/personen" text={t('council.public.persons.title')} />
        </li>
      </ul>
      <H2 text={t('council.public.feeds')} />
      <ul class="kern-list">
        <li>
          <Link href="/ratsinfo/sitzungen.ics" text={t('council.public.feed.ical')} />
        </li>
        <li>
          <Link href="/ratsinfo/vorlagen.rss" text={t('council.public.feed.rss')} />
        </li>
      </ul>
    </>
  );
}

// ---------------------------------------------------------------- calendar

export function CalendarPage(props: { t: Translate; locale: Locale; month: string; previous: string; next: string; organizationId: string; organizations: Option[]; meetings: MeetingSummary[]; errors: FieldError[] }): JSX.Element {
  const { t, locale, month } = props;
  const q = (m: string) => `/ratsinfo/sitzungen?monat=${m}${props.organizationId ? `&gremium=${props.organizationId}` : ''}`;
  const heading = t('council.public.calendar.month', { month: monthLabel(month, locale) });
  return (
    <>
      <ErrorSummary t={t} errors={props.errors} />
      <H1 text={t('council.public.calendar.title')} />
      <form method="get" action="/ratsinfo/sitzungen">
        <TextInput t={t} name="monat" type="text" label={t('council.public.calendar.monthLabel')} hint={t('council.public.calendar.monthHint')} value={month} maxlength={7} width="width-4" />
        <Select t={t} name="gremium" label={t('council.public.filter.organization')} options={props.organizations} value={props.organizationId} error={props.errors.find((e) => e.field === 'gremium')?.message} />
        <Button label={t('council.public.calendar.show')} variant="secondary" />
      </form>
      <H2 text={heading} />
      {props.meetings.length ? <MeetingTable t={t} locale={locale} meetings={props.meetings} caption={heading} captionHidden /> : <Para text={t('council.public.calendar.none')} />}
      <nav aria-label={t('council.public.calendar.title')}>
        <ul class="kern-list">
          <li>
            <a class="kern-link" href={q(props.previous)} rel="prev" safe>
              {`${t('council.public.calendar.previous')}: ${monthLabel(props.previous, locale)}`}
            </a>
          </li>
          <li>
            <a class="kern-link" href={q(props.next)} rel="next" safe>
              {`${t('council.public.calendar.next')}: ${monthLabel(props.next, locale)}`}
            </a>
          </li>
        </ul>
      </nav>
      <p class="kern-body">
        <Link href="/ratsinfo/sitzungen.ics" text={t('council.public.feed.ical')} />
      </p>
    </>
  );
}

// ---------------------------------------------------------------- meeting

export type AgendaEntry =
  | { kind: 'public'; id: string; number: string | null; name: string; result: string | null; resolutionText: string | null; paper: { id: string; name: string; reference: string | null } | null; files: FileRef[] }
  | { kind: 'hidden'; number: string | null };

export function MeetingPage(props: { t: Translate; locale: Locale; meeting: MeetingSummary; agenda: AgendaEntry[]; files: FileRef[] }): JSX.Element {
  const { t, locale, meeting } = props;
  const rows: SummaryRow[] = [
    { key: t('council.public.meeting.when'), value: meetingWhen(t, locale, meeting) },
    ...(meeting.location ? [{ key: t('council.public.meeting.place'), value: meeting.location }] : []),
    {
      key: t('council.public.meeting.organizations'),
      value: trusted(
        <>
          {meeting.organizations.map((o, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <Link href={`/ratsinfo/gremien/${o.id}`} text={o.name} />
            </>
          ))}
        </>,
      ),
    },
    { key: t('council.public.meeting.state'), value: trusted(stateTag(t, meeting)) },
  ];
  const held = meeting.state === 'durchgeführt';
  const hasHidden = props.agenda.some((a) => a.kind === 'hidden');
  return (
    <>
      <H1 text={meeting.name} />
      {meeting.cancelled ? (
        <InsetText>
          <Para text={t('council.public.meeting.cancelledNote')} />
        </InsetText>
      ) : (
        ''
      )}
      <SummaryList t={t} rows={rows} />
      <H2 text={t('council.public.meeting.agenda')} />
      {props.agenda.length === 0 ? (
        <Para text={t('council.public.meeting.noAgenda')} />
      ) : (
        <ul class="kern-list rathaus-council-agenda">
          {props.agenda.map((item) =>
            item.kind === 'hidden' ? (
              <li>
                <p class="kern-body" safe>
                  {`${item.number ?? ''} ${t('council.nonPublic')}`.trim()}
                </p>
              </li>
            ) : (
              <li>
                <h3 class="kern-heading-small" safe>
                  {`${item.number ? `${item.number} ` : ''}${item.name}`}
                </h3>
                {item.paper ? (
                  <p class="kern-body">
                    {escapeHtml(`${t('council.public.agenda.paper')}: `)}
                    <Link href={`/ratsinfo/vorlagen/${item.paper.id}`} text={paperTitle(item.paper)} />
                  </p>
                ) : (
                  ''
                )}
                {held && item.result ? <Para text={`${t('council.public.agenda.result')}: ${item.result}`} /> : ''}
                {held && item.resolutionText ? <Para text={`${t('council.public.agenda.resolution')}: ${item.resolutionText}`} /> : ''}
                {item.files.length ? <FileList t={t} locale={locale} files={item.files} /> : ''}
              </li>
            ),
          )}
        </ul>
      )}
      {hasHidden ? (
        <p class="kern-body kern-body--small" safe>
          {t('council.public.agenda.nonPublicHint')}
        </p>
      ) : (
        ''
      )}
      <H2 text={t('council.public.meeting.documents')} />
      {props.files.length ? <FileList t={t} locale={locale} files={props.files} /> : <Para text={t('council.public.meeting.noDocuments')} />}
      <p class="kern-body">
        <Link href={`/ratsinfo/sitzungen/${meeting.id}/gesamt.pdf`} text={t('council.public.meeting.combined')} />
      </p>
      <p class="kern-body kern-body--small" safe>
        {t('council.public.meeting.combinedHint')}
      </p>
    </>
  );
}

// ---------------------------------------------------------------- papers, search

export interface FilterState {
  q: string;
  art: string;
  gremium: string;
  urheber: string;
  von: string;
  bis: string;
}

export interface FilterOptions {
  types: Option[];
  organizations: Option[];
  originators: Option[];
}

function FilterFields({ t, values, options, errors }: { t: Translate; values: FilterState; options: FilterOptions; errors: FieldError[] }): JSX.Element {
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <Select t={t} name="art" label={t('council.public.filter.type')} options={options.types} value={values.art} error={err('art')} />
      <Select t={t} name="gremium" label={t('council.public.filter.organization')} options={options.organizations} value={values.gremium} error={err('gremium')} />
      <Select t={t} name="urheber" label={t('council.public.filter.originator')} options={options.originators} value={values.urheber} error={err('urheber')} />
      <DateInput t={t} name="von" label={t('council.public.filter.from')} value={values.von} error={err('von')} />
      <DateInput t={t} name="bis" label={t('council.public.filter.to')} value={values.bis} error={err('bis')} />
    </>
  );
}

export function PapersPage(props: { t: Translate; locale: Locale; values: FilterState; options: FilterOptions; errors: FieldError[]; papers: SearchHit[]; total: number; page: number; pageCount: number; hrefFor: (page: number) => string }): JSX.Element {
  const { t, locale } = props;
  return (
    <>
      <ErrorSummary t={t} errors={props.errors} />
      <H1 text={t('council.public.papers.title')} />
      <SearchBox t={t} value="" />
      <form method="get" action="/ratsinfo/vorlagen">
        <H2 text={t('council.public.search.filters')} />
        <FilterFields t={t} values={props.values} options={props.options} errors={props.errors} />
        <Button label={t('council.public.search.apply')} variant="secondary" />
      </form>
      <H2 text={t('council.public.papers.count', { count: props.total })} />
      {props.papers.length ? <PaperTable t={t} locale={locale} papers={props.papers.map((p) => ({ ...p, id: p.paperId }))} caption={t('council.public.papers.title')} captionHidden /> : <Para text={t('council.public.papers.none')} />}
      <Pagination t={t} page={props.page} pageCount={props.pageCount} hrefFor={props.hrefFor} />
      <p class="kern-body">
        <Link href="/ratsinfo/vorlagen.rss" text={t('council.public.feed.rss')} />
      </p>
    </>
  );
}

export function SearchPage(props: { t: Translate; locale: Locale; values: FilterState; options: FilterOptions; errors: FieldError[]; searched: boolean; hits: SearchHit[]; total: number; page: number; pageCount: number; hrefFor: (page: number) => string }): JSX.Element {
  const { t, locale, values } = props;
  return (
    <>
      <ErrorSummary t={t} errors={props.errors} />
      <H1 text={t('council.public.search.title')} />
      <form method="get" action="/ratsinfo/suche" role="search">
        <TextInput t={t} name="q" type="search" label={t('council.public.search.label')} hint={t('council.public.search.hint')} value={values.q} maxlength={200} error={props.errors.find((e) => e.field === 'q')?.message} />
        <details class="kern-accordion rathaus-details" open={Boolean(values.art || values.gremium || values.urheber || values.von || values.bis)}>
          <summary class="kern-accordion__header">
            <span class="kern-title" safe>
              {t('council.public.search.filters')}
            </span>
          </summary>
          <div class="kern-accordion__body">
            <FilterFields t={t} values={values} options={props.options} errors={props.errors} />
          </div>
        </details>
        <Button label={t('council.public.search.button')} />
      </form>
      {!props.searched ? (
        <Para text={t('council.public.search.empty')} />
      ) : props.hits.length === 0 ? (
        <>
          <H2 text={t('council.public.search.results', { count: 0 })} />
          <Para text={t('council.public.search.none')} />
        </>
      ) : (
        <>
          <H2 text={props.total === 1 ? t('council.public.search.resultsOne') : t('council.public.search.results', { count: props.total })} />
          <ol class="kern-list rathaus-council-results">
            {props.hits.map((hit) => {
              const safeSnippet = hit.safeSnippet;
              return (
              <li>
                <h3 class="kern-heading-small">
                  <Link href={`/ratsinfo/vorlagen/${hit.paperId}`} text={paperTitle(hit)} />
                </h3>
                <p class="kern-body kern-body--small" safe>
                  {[hit.paperType, hit.date ? dayLabel(hit.date, locale) : '', hit.public ? '' : t('council.nonPublic')].filter(Boolean).join(' · ')}
                </p>
                {safeSnippet ? <p class="kern-body">{safeSnippet}</p> : ''}
                {hit.files.length ? (
                  <p class="kern-body kern-body--small">
                    {escapeHtml(`${t('council.public.search.foundIn')} `)}
                    {hit.files.map((f, i) => (
                      <>
                        {i > 0 ? ', ' : ''}
                        <Link href={`/ratsinfo/dokumente/${f.id}`} text={f.name} />
                      </>
                    ))}
                  </p>
                ) : (
                  ''
                )}
              </li>
              );
            })}
          </ol>
          <Pagination t={t} page={props.page} pageCount={props.pageCount} hrefFor={props.hrefFor} />
        </>
      )}
    </>
  );
}

export interface PaperDetail {
  id: string;
  name: string;
  reference: string | null;
  paperType: string;
  date: string | null;
  originators: { kind: 'person' | 'organization'; id: string; name: string }[];
  underDirectionOf: { id: string; name: string }[];
  files: FileRef[];
  consultations: { id: string; role: string | null; authoritative: boolean | null; meeting: { id: string; name: string; startAt: Date; cancelled: boolean } | null; agendaNumber: string | null; result: string | null; organizations: OrgRef[] }[];
  related: { id: string; name: string; reference: string | null }[];
  superordinated: { id: string; name: string; reference: string | null }[];
  subordinated: { id: string; name: string; reference: string | null }[];
}

function PaperLinks({ heading, papers }: { heading: string; papers: { id: string; name: string; reference: string | null }[] }): JSX.Element {
  if (papers.length === 0) return '';
  return (
    <>
      <H2 text={heading} />
      <ul class="kern-list">
        {papers.map((p) => (
          <li>
            <Link href={`/ratsinfo/vorlagen/${p.id}`} text={paperTitle(p)} />
          </li>
        ))}
      </ul>
    </>
  );
}

export function PaperPage({ t, locale, paper }: { t: Translate; locale: Locale; paper: PaperDetail }): JSX.Element {
  const linkList = (items: { href: string; name: string }[]) =>
    trusted(
      <>
        {items.map((x, i) => (
          <>
            {i > 0 ? ', ' : ''}
            <Link href={x.href} text={x.name} />
          </>
        ))}
      </>,
    );
  const rows: SummaryRow[] = [
    ...(paper.reference ? [{ key: t('council.public.paper.reference'), value: paper.reference }] : []),
    { key: t('council.public.paper.type'), value: paper.paperType },
    ...(paper.date ? [{ key: t('council.public.paper.date'), value: dayLabel(paper.date, locale) }] : []),
    ...(paper.originators.length
      ? [{ key: t('council.public.paper.originators'), value: linkList(paper.originators.map((o) => ({ href: o.kind === 'person' ? `/ratsinfo/personen/${o.id}` : `/ratsinfo/gremien/${o.id}`, name: o.name }))) }]
      : []),
    ...(paper.underDirectionOf.length ? [{ key: t('council.public.paper.direction'), value: paper.underDirectionOf.map((o) => o.name).join(', ') }] : []),
  ];
  return (
    <>
      <H1 text={paper.name} />
      <SummaryList t={t} rows={rows} />
      <H2 text={t('council.public.paper.documents')} />
      {paper.files.length ? (
        <>
          <FileList t={t} locale={locale} files={paper.files} />
          <p class="kern-body">
            <Link href={`/ratsinfo/vorlagen/${paper.id}/gesamt.pdf`} text={t('council.public.paper.combined')} />
          </p>
        </>
      ) : (
        <Para text={t('council.public.paper.noDocuments')} />
      )}
      <H2 text={t('council.public.paper.consultations')} />
      {paper.consultations.length ? (
        <DataTable
          caption={t('council.public.paper.consultations')}
          captionHidden
          head={[t('council.public.col.date'), t('council.public.col.organization'), t('council.public.col.meeting'), t('council.public.col.role'), t('council.public.col.result')]}
          rows={paper.consultations.map((c) => [
            c.meeting ? dayLabel(berlinDay(c.meeting.startAt), locale) : '',
            orgNames(c.organizations),
            c.meeting ? trusted(<Link href={`/ratsinfo/sitzungen/${c.meeting.id}`} text={`${c.meeting.name}${c.agendaNumber ? ` (${c.agendaNumber})` : ''}`} />) : '',
            [c.role ?? '', c.authoritative ? t('council.public.paper.authoritative') : ''].filter(Boolean).join(' · '),
            c.meeting?.cancelled ? t('council.cancelled') : (c.result ?? t('council.public.paper.pending')),
          ])}
        />
      ) : (
        <Para text={t('council.public.paper.noConsultations')} />
      )}
      <PaperLinks heading={t('council.public.paper.superordinated')} papers={paper.superordinated} />
      <PaperLinks heading={t('council.public.paper.subordinated')} papers={paper.subordinated} />
      <PaperLinks heading={t('council.public.paper.related')} papers={paper.related} />
    </>
  );
}

// ---------------------------------------------------------------- organizations, persons

export function OrganizationsPage({ t, organizations }: { t: Translate; organizations: { id: string; name: string; organization_type: string }[] }): JSX.Element {
  const groups: [string, typeof organizations][] = [
    [t('council.public.organizations.type.Gremium'), organizations.filter((o) => o.organization_type === 'Gremium')],
    [t('council.public.organizations.type.Fraktion'), organizations.filter((o) => o.organization_type === 'Fraktion')],
    [t('council.public.organizations.type.other'), organizations.filter((o) => o.organization_type !== 'Gremium' && o.organization_type !== 'Fraktion')],
  ];
  return (
    <>
      <H1 text={t('council.public.organizations.title')} />
      {groups
        .filter(([, list]) => list.length > 0)
        .map(([heading, list]) => (
          <>
            <H2 text={heading} />
            <ul class="kern-list">
              {list.map((o) => (
                <li>
                  <Link href={`/ratsinfo/gremien/${o.id}`} text={o.name} />
                </li>
              ))}
            </ul>
          </>
        ))}
      <p class="kern-body">
        <Link href="/ratsinfo/personen" text={t('council.public.persons.title')} />
      </p>
    </>
  );
}

export interface MemberRow {
  person_id: string;
  name: string;
  role: string | null;
  start_date: string | null;
  end_date: string | null;
  faction_id: string | null;
  faction_name: string | null;
}

export function OrganizationPage(props: { t: Translate; locale: Locale; organization: { id: string; name: string; organization_type: string; classification: string | null }; current: MemberRow[]; former: MemberRow[]; upcoming: MeetingSummary[]; past: MeetingSummary[] }): JSX.Element {
  const { t, locale, organization } = props;
  const memberTable = (caption: string, rows: MemberRow[]) => (
    <DataTable
      caption={caption}
      head={[t('council.public.col.person'), t('council.public.col.role'), t('council.public.col.faction'), t('council.public.col.period')]}
      rows={rows.map((m) => [trusted(<Link href={`/ratsinfo/personen/${m.person_id}`} text={m.name} />), m.role ?? t('council.public.member'), m.faction_name ?? '', period(t, locale, m.start_date, m.end_date)])}
    />
  );
  const isGremium = organization.organization_type === 'Gremium';
  return (
    <>
      <H1 text={organization.name} />
      {organization.classification ? <Para text={organization.classification} /> : ''}
      <H2 text={t('council.public.organization.members')} />
      {props.current.length ? memberTable(t('council.public.organization.members'), props.current) : <Para text={t('council.public.organization.noMembers')} />}
      {props.former.length ? memberTable(t('council.public.organization.formerMembers'), props.former) : ''}
      {isGremium ? (
        <>
          <H2 text={t('council.public.organization.upcoming')} />
          {props.upcoming.length ? <MeetingTable t={t} locale={locale} meetings={props.upcoming} caption={t('council.public.organization.upcoming')} captionHidden /> : <Para text={t('council.public.organization.noMeetings')} />}
          <p class="kern-body">
            <Link href={`/ratsinfo/gremien/${organization.id}/sitzungen.ics`} text={t('council.public.feed.icalOrg')} />
          </p>
          <H2 text={t('council.public.organization.past')} />
          {props.past.length ? <MeetingTable t={t} locale={locale} meetings={props.past} caption={t('council.public.organization.past')} captionHidden /> : <Para text={t('council.public.organization.noMeetings')} />}
        </>
      ) : (
        ''
      )}
    </>
  );
}

export function PersonsPage({ t, persons }: { t: Translate; persons: { id: string; name: string }[] }): JSX.Element {
  return (
    <>
      <H1 text={t('council.public.persons.title')} />
      <ul class="kern-list">
        {persons.map((p) => (
          <li>
            <Link href={`/ratsinfo/personen/${p.id}`} text={p.name} />
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <Link href="/ratsinfo/gremien" text={t('council.public.organizations.title')} />
      </p>
    </>
  );
}

export interface PersonMembership {
  id: string;
  name: string;
  role: string | null;
  start_date: string | null;
  end_date: string | null;
  faction_name: string | null;
}

export function PersonPage(props: { t: Translate; locale: Locale; person: { name: string; status: string[]; contact: { phone: string[]; email: string[] } | null }; current: PersonMembership[]; former: PersonMembership[] }): JSX.Element {
  const { t, locale, person } = props;
  const table = (caption: string, rows: PersonMembership[]) => (
    <DataTable
      caption={caption}
      head={[t('council.public.col.organization'), t('council.public.col.role'), t('council.public.col.faction'), t('council.public.col.period')]}
      rows={rows.map((m) => [trusted(<Link href={`/ratsinfo/gremien/${m.id}`} text={m.name} />), m.role ?? t('council.public.member'), m.faction_name ?? '', period(t, locale, m.start_date, m.end_date)])}
    />
  );
  const contactRows: SummaryRow[] = person.contact
    ? [
        ...person.contact.phone.map((p) => ({ key: t('council.public.person.phone'), value: p })),
        ...person.contact.email.map((e) => ({ key: t('council.public.person.email'), value: trusted(<Link href={`mailto:${e}`} text={e} />) })),
      ]
    : [];
  return (
    <>
      <H1 text={person.name} />
      {person.status.length ? <Para text={person.status.join(', ')} /> : ''}
      {contactRows.length ? (
        <>
          <H2 text={t('council.public.person.contact')} />
          <SummaryList t={t} rows={contactRows} />
        </>
      ) : (
        ''
      )}
      {props.current.length ? table(t('council.public.person.memberships'), props.current) : <Para text={t('council.public.person.noMemberships')} />}
      {props.former.length ? table(t('council.public.person.pastMemberships'), props.former) : ''}
    </>
  );
}

// ---------------------------------------------------------------- messages, report form

export function MessagePage({ t, title, text }: { t: Translate; title: string; text: string }): JSX.Element {
  return (
    <>
      <H1 text={title} />
      <Para text={text} />
      <ul class="kern-list">
        <li>
          <Link href="/ratsinfo/suche" text={t('council.public.search.title')} />
        </li>
        <li>
          <Link href="/ratsinfo" text={t('council.public.back')} />
        </li>
      </ul>
    </>
  );
}

export const REPORT_REASONS = ['privacy', 'copyright', 'error', 'other'] as const;

export function ReportForm(props: { t: Translate; fileId: string; fileName: string; csrfToken: string; values: Record<string, string>; errors: FieldError[] }): JSX.Element {
  const { t, values, errors } = props;
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <H1 text={t('council.public.report.title')} />
      <Para text={t('council.public.report.intro', { name: props.fileName })} />
      <form method="post" action={`/ratsinfo/dokumente/${props.fileId}/melden`} novalidate>
        <CsrfField token={props.csrfToken} />
        <RadioGroup t={t} name="reason" label={t('council.public.report.reason')} required options={REPORT_REASONS.map((r) => ({ value: r, label: t(`council.fileReport.reason.${r}`) }))} value={values.reason} error={err('reason')} />
        <Textarea t={t} name="text" label={t('council.public.report.text')} hint={t('council.public.report.textHint')} required value={values.text} maxlength={2000} error={err('text')} />
        <TextInput t={t} name="email" type="email" autocomplete="email" label={t('council.public.report.email')} hint={t('council.public.report.emailHint')} value={values.email} maxlength={254} error={err('email')} spellcheck={false} />
        <ButtonGroup>
          <Button label={t('council.public.report.submit')} />
        </ButtonGroup>
      </form>
    </>
  );
}

export function ReportDone({ t, reference, withEmail }: { t: Translate; reference: string; withEmail: boolean }): JSX.Element {
  return (
    <>
      <Panel title={t('council.public.report.done')} reference={reference} referenceLabel={t('council.public.report.reference')} />
      <Para text={t('council.public.report.next')} />
      {withEmail ? <Para text={t('council.public.report.nextEmail')} /> : ''}
      <p class="kern-body">
        <Link href="/ratsinfo" text={t('council.public.report.backToDocument')} />
      </p>
    </>
  );
}
