/**
 * Pages of the member area: pure functions from data to HTML. Built for
 * tablets (large touch targets, short lines; see assets/member.css) and for
 * use without JavaScript.
 */
import type { Children } from '@kitajs/html';
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import {
  Button,
  ButtonGroup,
  ButtonLink,
  CsrfField,
  DataTable,
  ErrorSummary,
  InsetText,
  Pagination,
  Paragraphs,
  RadioGroup,
  StatusTag,
  SummaryList,
  TextInput,
  Textarea,
  WarningText,
  trusted,
  type FieldError,
  type SummaryRow,
} from '../../../core/ui/components.tsx';
import type { SearchHit } from '../search/search.service.ts';
import type { Dashboard, DocumentDetail, Faction, FileSummary, MeetingDetail, MeetingSummary, Note, PaperDetail, PaperSummary } from './member.service.ts';
import { MEMBER_HOME, documentDownloadUrl, documentFileUrl, documentPath, meetingPath, paperPath, searchPath } from './paths.ts';
import { numberFormat } from '../../../core/i18n/intl-formats.ts';

interface ViewBase {
  t: Translate;
  locale: Locale;
}

export function formatSize(bytes: number, locale: Locale): string {
  const format = (n: number) => numberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024)} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}

function formatDay(day: string, locale: Locale): string {
  return formatDate(new Date(`${day}T12:00:00Z`), locale, 'date');
}

function itemNumber(t: Translate, number: string | null): string {
  return number ? t('councilMember.agenda.item', { number }) : '';
}

function NonPublicTag({ t }: { t: Translate }): JSX.Element {
  return <StatusTag label={t('council.nonPublic')} tone="warning" />;
}

function RsvpTag({ t, rsvp }: { t: Translate; rsvp: 'attending' | 'absent' | null }): JSX.Element {
  if (rsvp === 'attending') return <StatusTag label={t('councilMember.rsvp.attending')} tone="success" />;
  if (rsvp === 'absent') return <StatusTag label={t('councilMember.rsvp.absent')} tone="neutral" />;
  return <StatusTag label={t('councilMember.rsvp.none')} tone="info" />;
}

/** Files as a list of links to their document pages (notes live there); large targets for touch. */
function FileList({ t, locale, files }: ViewBase & { files: readonly FileSummary[] }): JSX.Element {
  return (
    <ul class="rathaus-member-list rathaus-member-files">
      {files.map((file) => (
        <li class="rathaus-member-list__item">
          <a class="kern-link rathaus-member-list__link" href={documentPath(file.id)}>
            <span class="rathaus-member-list__title" safe>
              {file.name}
            </span>
            <span class="rathaus-member-list__meta" safe>
              {`${file.fileName} · ${formatSize(file.size, locale)}`}
            </span>
          </a>
          {file.access === 'member' ? <NonPublicTag t={t} /> : ''}
        </li>
      ))}
    </ul>
  );
}

function MeetingList({ t, locale, meetings }: ViewBase & { meetings: readonly MeetingSummary[] }): JSX.Element {
  return (
    <ul class="rathaus-member-list">
      {meetings.map((m) => (
        <li class="rathaus-member-list__item">
          <a class="kern-link rathaus-member-list__link" href={meetingPath(m.id)}>
            <span class="rathaus-member-list__title" safe>
              {m.name}
            </span>
            <span class="rathaus-member-list__meta" safe>
              {[formatDate(m.startAt, locale), m.organizations].filter(Boolean).join(' · ')}
            </span>
          </a>
          {m.cancelled ? <StatusTag label={t('council.cancelled')} tone="danger" /> : <RsvpTag t={t} rsvp={m.rsvp} />}
        </li>
      ))}
    </ul>
  );
}

function PaperList({ t, locale, papers }: ViewBase & { papers: readonly PaperSummary[] }): JSX.Element {
  return (
    <ul class="rathaus-member-list">
      {papers.map((p) => (
        <li class="rathaus-member-list__item">
          <a class="kern-link rathaus-member-list__link" href={paperPath(p.id)}>
            <span class="rathaus-member-list__title" safe>
              {p.name}
            </span>
            <span class="rathaus-member-list__meta" safe>
              {[p.reference, p.paperType, p.date ? formatDay(p.date, locale) : null].filter(Boolean).join(' · ')}
            </span>
          </a>
          {p.isPublic ? '' : <NonPublicTag t={t} />}
        </li>
      ))}
    </ul>
  );
}

function Section({ id, title, children }: { id: string; title: string; children?: Children }): JSX.Element {
  // Markup composed by the calling views (checked by xss-scan there).
  const safeChildren = children;
  return (
    <section class="rathaus-member-section" aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id} safe>
        {title}
      </h2>
      {safeChildren}
    </section>
  );
}

function Empty({ text }: { text: string }): JSX.Element {
  return (
    <p class="kern-body" safe>
      {text}
    </p>
  );
}

export function DashboardPage({ t, locale, data }: ViewBase & { data: Dashboard }): JSX.Element {
  return (
    <div class="rathaus-member">
      <h1 class="kern-heading-large" safe>
        {t('councilMember.title')}
      </h1>
      <p class="kern-body kern-body--large" safe>
        {t('councilMember.lead')}
      </p>
      <p class="kern-body">
        <a class="kern-link rathaus-member-action" href={searchPath()} safe>
          {t('councilMember.searchLink')}
        </a>
      </p>
      <Section id="sitzungen" title={t('councilMember.meetings.title')}>
        {data.meetings.length ? <MeetingList t={t} locale={locale} meetings={data.meetings} /> : <Empty text={t('councilMember.meetings.none')} />}
      </Section>
      <Section id="einladungen" title={t('councilMember.invitations.title')}>
        {data.invitations.length ? (
          <ul class="rathaus-member-list">
            {data.invitations.map((i) => (
              <li class="rathaus-member-list__item">
                <a class="kern-link rathaus-member-list__link" href={meetingPath(i.meetingId)}>
                  <span class="rathaus-member-list__title" safe>
                    {`${t(`councilMember.invitation.${i.kind}`)}: ${i.meetingName}`}
                  </span>
                  <span class="rathaus-member-list__meta" safe>
                    {`${formatDate(i.startAt, locale)} · ${t('councilMember.invitations.sent', { date: formatDate(i.sentAt, locale, 'date') })}`}
                  </span>
                </a>
                {i.kind === 'cancellation' ? '' : <RsvpTag t={t} rsvp={i.rsvp} />}
              </li>
            ))}
          </ul>
        ) : (
          <Empty text={t('councilMember.invitations.none')} />
        )}
      </Section>
      <Section id="vorlagen" title={t('councilMember.papers.title')}>
        {data.papers.length ? <PaperList t={t} locale={locale} papers={data.papers} /> : <Empty text={t('councilMember.papers.none')} />}
      </Section>
    </div>
  );
}

export interface RsvpFormState {
  errors: FieldError[];
  values: Record<string, string>;
}

function RsvpSection({ t, meeting, csrfToken, state, open }: { t: Translate; meeting: MeetingDetail; csrfToken: string; state: RsvpFormState; open: boolean }): JSX.Element {
  const current = meeting.rsvp ? t(`councilMember.rsvp.${meeting.rsvp.status}`) : t('councilMember.rsvp.none');
  const error = (field: string) => state.errors.find((e) => e.field === field)?.message;
  return (
    <Section id="teilnahme" title={t('councilMember.rsvp.title')}>
      <p class="kern-body" safe>
        {t('councilMember.rsvp.current', { status: current })}
      </p>
      {open ? (
        <form method="post" action={`${meetingPath(meeting.id)}/rueckmeldung`} novalidate class="rathaus-member-form">
          <CsrfField token={csrfToken} />
          <RadioGroup
            t={t}
            name="status"
            label={t('councilMember.rsvp.question')}
            value={state.values.status ?? meeting.rsvp?.status}
            error={error('status')}
            options={[
              { value: 'attending', label: t('councilMember.rsvp.yes') },
              { value: 'absent', label: t('councilMember.rsvp.no') },
            ]}
          />
          <Textarea t={t} name="note" label={t('councilMember.rsvp.reason')} hint={t('councilMember.rsvp.reasonHint')} rows={3} maxlength={500} value={state.values.note ?? meeting.rsvp?.note ?? ''} error={error('note')} />
          <Button label={t('councilMember.rsvp.submit')} />
        </form>
      ) : (
        <InsetText>
          <span safe>{t('councilMember.rsvp.closed')}</span>
        </InsetText>
      )}
    </Section>
  );
}

export function MeetingPage({ t, locale, meeting, csrfToken, rsvp, rsvpOpen }: ViewBase & { meeting: MeetingDetail; csrfToken: string; rsvp: RsvpFormState; rsvpOpen: boolean }): JSX.Element {
  const rows: SummaryRow[] = [
    { key: t('councilMember.meeting.when'), value: meeting.endAt ? `${formatDate(meeting.startAt, locale)} – ${formatDate(meeting.endAt, locale)}` : formatDate(meeting.startAt, locale) },
    ...(meeting.location ? [{ key: t('councilMember.meeting.where'), value: meeting.location }] : []),
    ...(meeting.organizations ? [{ key: t('councilMember.meeting.organizations'), value: meeting.organizations }] : []),
    { key: t('councilMember.meeting.state'), value: t(`council.meetingState.${meeting.state}`) },
  ];
  return (
    <div class="rathaus-member">
      <ErrorSummary t={t} errors={rsvp.errors} />
      <h1 class="kern-heading-large" safe>
        {meeting.name}
      </h1>
      {meeting.cancelled ? (
        <WarningText t={t}>
          <span safe>{t('councilMember.meeting.cancelled')}</span>
        </WarningText>
      ) : (
        ''
      )}
      <SummaryList t={t} rows={rows} />
      {meeting.mayRespond || meeting.invited ? <RsvpSection t={t} meeting={meeting} csrfToken={csrfToken} state={rsvp} open={rsvpOpen} /> : ''}
      <Section id="tagesordnung" title={t('councilMember.agenda.title')}>
        {meeting.agenda.length === 0 ? (
          <Empty text={t('councilMember.agenda.none')} />
        ) : (
          <ol class="rathaus-member-agenda">
            {meeting.agenda.map((item) => (
              <li class="rathaus-member-agenda__item">
                {item.detail === null ? (
                  <p class="rathaus-member-agenda__title">
                    <span class="rathaus-member-agenda__number" safe>
                      {itemNumber(t, item.number)}
                    </span>
                    <span safe>{t('council.nonPublic')}</span>
                  </p>
                ) : (
                  <>
                    <h3 class="rathaus-member-agenda__title">
                      <span class="rathaus-member-agenda__number" safe>
                        {itemNumber(t, item.number)}
                      </span>
                      <span safe>{item.detail.name}</span>
                    </h3>
                    {item.detail.isPublic ? '' : <NonPublicTag t={t} />}
                    {item.detail.paper ? (
                      <p class="kern-body">
                        <span safe>{`${t('councilMember.agenda.paper')}: `}</span>
                        <a class="kern-link" href={paperPath(item.detail.paper.id)} safe>
                          {[item.detail.paper.reference, item.detail.paper.name].filter(Boolean).join(' – ')}
                        </a>
                      </p>
                    ) : (
                      ''
                    )}
                    {item.detail.result ? (
                      <p class="kern-body" safe>
                        {`${t('councilMember.agenda.result')}: ${item.detail.result}`}
                      </p>
                    ) : (
                      ''
                    )}
                    {item.detail.resolutionText ? (
                      <div class="rathaus-member-resolution">
                        <p class="kern-body">
                          <strong safe>{t('councilMember.agenda.resolution')}</strong>
                        </p>
                        <Paragraphs text={item.detail.resolutionText} />
                      </div>
                    ) : (
                      ''
                    )}
                    {item.detail.files.length ? <FileList t={t} locale={locale} files={item.detail.files} /> : ''}
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section id="unterlagen" title={t('councilMember.documents.meeting')}>
        {meeting.files.length ? <FileList t={t} locale={locale} files={meeting.files} /> : <Empty text={t('councilMember.documents.none')} />}
      </Section>
    </div>
  );
}

export function PaperPage({ t, locale, paper }: ViewBase & { paper: PaperDetail }): JSX.Element {
  const rows: SummaryRow[] = [
    ...(paper.reference ? [{ key: t('councilMember.paper.reference'), value: paper.reference }] : []),
    { key: t('councilMember.paper.type'), value: paper.paperType },
    ...(paper.date ? [{ key: t('councilMember.paper.date'), value: formatDay(paper.date, locale) }] : []),
    { key: t('councilMember.paper.publicity'), value: paper.isPublic ? t('councilMember.paper.public') : t('council.nonPublic') },
  ];
  return (
    <div class="rathaus-member">
      <h1 class="kern-heading-large" safe>
        {paper.name}
      </h1>
      <SummaryList t={t} rows={rows} />
      <Section id="dokumente" title={t('councilMember.paper.files')}>
        {paper.files.length ? <FileList t={t} locale={locale} files={paper.files} /> : <Empty text={t('councilMember.documents.none')} />}
      </Section>
      <Section id="beratungsfolge" title={t('councilMember.paper.consultations')}>
        {paper.consultations.length ? (
          <DataTable
            caption={t('councilMember.paper.consultations')}
            captionHidden
            head={[t('councilMember.paper.col.date'), t('councilMember.paper.col.meeting'), t('councilMember.paper.col.organization'), t('councilMember.paper.col.item'), t('councilMember.paper.col.role'), t('councilMember.paper.col.result')]}
            rows={paper.consultations.map((c) => [
              c.startAt ? formatDate(c.startAt, locale, 'date') : '',
              c.meetingId && c.meetingName
                ? trusted(
                    <a class="kern-link" href={meetingPath(c.meetingId)} safe>
                      {c.meetingName}
                    </a>,
                  )
                : '',
              c.organizations,
              c.agendaItem ? [c.agendaItem.number, c.agendaItem.name].filter(Boolean).join(' ') : c.meetingId ? t('council.nonPublic') : '',
              c.role ?? '',
              c.result ?? '',
            ])}
          />
        ) : (
          <Empty text={t('councilMember.paper.consultationsNone')} />
        )}
      </Section>
    </div>
  );
}

export interface NoteFormState {
  errors: FieldError[];
  values: Record<string, string>;
}

function visibilityOptions(t: Translate, factions: readonly Faction[], keep?: { id: string; name: string } | null) {
  const list = [...factions];
  if (keep && !list.some((f) => f.id === keep.id)) list.push(keep);
  return [{ value: 'private', label: t('councilMember.notes.visibility.private') }, ...list.map((f) => ({ value: f.id, label: t('councilMember.notes.visibility.faction', { faction: f.name }) }))];
}

export function NoteForm({ t, action, csrfToken, factions, state, maxPage, submitLabel, cancelHref, keepFaction }: { t: Translate; action: string; csrfToken: string; factions: readonly Faction[]; state: NoteFormState; maxPage: number; submitLabel: string; cancelHref?: string; keepFaction?: { id: string; name: string } | null }): JSX.Element {
  const error = (field: string) => state.errors.find((e) => e.field === field)?.message;
  return (
    <form method="post" action={action} novalidate class="rathaus-member-form">
      <CsrfField token={csrfToken} />
      <TextInput t={t} name="page" label={t('councilMember.notes.field.page')} hint={t('councilMember.notes.field.pageHint')} inputmode="numeric" width="width-4" value={state.values.page ?? ''} error={error('page')} maxlength={String(maxPage).length} />
      <Textarea t={t} name="quote" label={t('councilMember.notes.field.quote')} hint={t('councilMember.notes.field.quoteHint')} rows={3} maxlength={2000} value={state.values.quote ?? ''} error={error('quote')} />
      <Textarea t={t} name="body" label={t('councilMember.notes.field.body')} rows={5} maxlength={10000} value={state.values.body ?? ''} error={error('body')} />
      <RadioGroup t={t} name="visibility" label={t('councilMember.notes.field.visibility')} value={state.values.visibility ?? 'private'} error={error('visibility')} options={visibilityOptions(t, factions, keepFaction)} />
      <ButtonGroup>
        <Button label={submitLabel} />
        {cancelHref ? <ButtonLink href={cancelHref} variant="secondary" label={t('councilMember.notes.cancel')} /> : ''}
      </ButtonGroup>
    </form>
  );
}

function NoteItem({ t, locale, note, fileId, csrfToken }: ViewBase & { note: Note; fileId: string; csrfToken: string }): JSX.Element {
  const meta = [
    note.page ? t('councilMember.notes.page', { page: note.page }) : null,
    note.faction ? t('councilMember.notes.sharedWith', { faction: note.faction.name }) : t('councilMember.notes.private'),
    note.mine ? null : t('councilMember.notes.by', { name: note.authorName }),
    formatDate(note.updatedAt, locale),
  ].filter(Boolean);
  return (
    <li class="rathaus-member-note" id={`notiz-${note.id}`}>
      <p class="rathaus-member-note__meta" safe>
        {meta.join(' · ')}
      </p>
      {note.quote ? (
        <blockquote class="rathaus-member-note__quote">
          <span class="kern-sr-only" safe>
            {`${t('councilMember.notes.quote')}: `}
          </span>
          <mark safe>{note.quote}</mark>
        </blockquote>
      ) : (
        ''
      )}
      {note.body ? <Paragraphs text={note.body} /> : ''}
      {note.mine ? (
        <div class="rathaus-member-note__actions">
          <a class="kern-link rathaus-member-action" href={`${documentPath(fileId)}/notizen/${note.id}`}>
            <span safe>{t('councilMember.notes.edit')}</span>
            <span class="kern-sr-only" safe>
              {` (${meta.join(', ')})`}
            </span>
          </a>
          <form method="post" action={`${documentPath(fileId)}/notizen/${note.id}/loeschen`}>
            <CsrfField token={csrfToken} />
            <Button variant="secondary" label={t('councilMember.notes.delete')} />
          </form>
        </div>
      ) : (
        ''
      )}
    </li>
  );
}

export function DocumentPage({ t, locale, doc, access, notes, factions, csrfToken, noteForm }: ViewBase & { doc: DocumentDetail; access: 'public' | 'member'; notes: readonly Note[]; factions: readonly Faction[]; csrfToken: string; noteForm: NoteFormState }): JSX.Element {
  const rows: SummaryRow[] = [
    { key: t('councilMember.document.fileName'), value: doc.fileName },
    { key: t('councilMember.document.type'), value: doc.mimeType === 'application/pdf' ? 'PDF' : doc.mimeType },
    { key: t('councilMember.document.size'), value: formatSize(doc.size, locale) },
    ...(doc.pageCount ? [{ key: t('councilMember.document.pages'), value: String(doc.pageCount) }] : []),
    ...(doc.date ? [{ key: t('councilMember.document.date'), value: formatDay(doc.date, locale) }] : []),
    { key: t('councilMember.document.access'), value: access === 'public' ? t('councilMember.document.accessPublic') : t('councilMember.document.accessMember') },
  ];
  return (
    <div class="rathaus-member">
      <ErrorSummary t={t} errors={noteForm.errors} />
      <h1 class="kern-heading-large" safe>
        {doc.name}
      </h1>
      {access === 'member' ? <NonPublicTag t={t} /> : ''}
      {doc.parents.length ? (
        <ul class="rathaus-member-list" aria-label={t('councilMember.document.belongsTo')}>
          {doc.parents.map((p) => (
            <li class="rathaus-member-list__item">
              <a class="kern-link rathaus-member-list__link" href={p.kind === 'paper' ? paperPath(p.id) : meetingPath(p.id)} safe>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <ButtonGroup>
        <ButtonLink href={documentFileUrl(doc.id)} variant="primary" label={t('councilMember.document.open')} />
        <ButtonLink href={documentDownloadUrl(doc.id)} variant="secondary" label={t('councilMember.document.download')} />
      </ButtonGroup>
      <SummaryList t={t} rows={rows} />
      <p class="kern-body rathaus-member-hint" safe>
        {t('councilMember.document.offline')}
      </p>
      <Section id="notizen" title={t('councilMember.notes.title')}>
        <p class="kern-body" safe>
          {t('councilMember.notes.lead')}
        </p>
        {notes.length ? (
          <ul class="rathaus-member-notes">
            {notes.map((note) => (
              <NoteItem t={t} locale={locale} note={note} fileId={doc.id} csrfToken={csrfToken} />
            ))}
          </ul>
        ) : (
          <Empty text={t('councilMember.notes.none')} />
        )}
        <h3 class="kern-heading-small" safe>
          {t('councilMember.notes.add')}
        </h3>
        <NoteForm t={t} action={`${documentPath(doc.id)}/notizen`} csrfToken={csrfToken} factions={factions} state={noteForm} maxPage={doc.pageCount ?? 10000} submitLabel={t('councilMember.notes.save')} />
      </Section>
    </div>
  );
}

export function NoteEditPage({ t, doc, note, factions, csrfToken, state }: { t: Translate; doc: DocumentDetail; note: Note; factions: readonly Faction[]; csrfToken: string; state: NoteFormState }): JSX.Element {
  return (
    <div class="rathaus-member">
      <ErrorSummary t={t} errors={state.errors} />
      <h1 class="kern-heading-large" safe>
        {t('councilMember.notes.editTitle')}
      </h1>
      <p class="kern-body" safe>
        {doc.name}
      </p>
      <NoteForm
        t={t}
        action={`${documentPath(doc.id)}/notizen/${note.id}`}
        csrfToken={csrfToken}
        factions={factions}
        state={state}
        maxPage={doc.pageCount ?? 10000}
        submitLabel={t('councilMember.notes.save')}
        cancelHref={`${documentPath(doc.id)}#notiz-${note.id}`}
        keepFaction={note.faction}
      />
    </div>
  );
}

export function SearchPage({ t, locale, query, hits, total, page, pageCount, error }: ViewBase & { query: string; hits: readonly SearchHit[]; total: number; page: number; pageCount: number; error?: string }): JSX.Element {
  const errors = error ? [{ field: 'q', message: error }] : [];
  return (
    <div class="rathaus-member">
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('councilMember.search.title')}
      </h1>
      <p class="kern-body" safe>
        {t('councilMember.search.lead')}
      </p>
      <form method="get" action={searchPath()} class="rathaus-member-form rathaus-member-search" role="search">
        <TextInput t={t} name="q" type="search" label={t('councilMember.search.field')} value={query} error={error} maxlength={200} />
        <Button label={t('councilMember.search.submit')} />
      </form>
      {query && !error ? (
        <section class="rathaus-member-section" aria-labelledby="treffer">
          <h2 class="kern-heading-medium" id="treffer" safe>
            {total ? t('councilMember.search.count', { count: total, q: query }) : t('councilMember.search.none', { q: query })}
          </h2>
          <ul class="rathaus-member-list">
            {hits.map((hit) => {
              const safeSnippet = hit.safeSnippet;
              return (
                <li class="rathaus-member-list__item rathaus-member-hit">
                  <a class="kern-link rathaus-member-list__link" href={paperPath(hit.paperId)}>
                    <span class="rathaus-member-list__title" safe>
                      {hit.name}
                    </span>
                    <span class="rathaus-member-list__meta" safe>
                      {[hit.reference, hit.paperType, hit.date ? formatDay(hit.date, locale) : null].filter(Boolean).join(' · ')}
                    </span>
                  </a>
                  {hit.public ? '' : <NonPublicTag t={t} />}
                  {safeSnippet ? <p class="kern-body rathaus-member-hit__snippet">{safeSnippet}</p> : ''}
                  {hit.files.length ? (
                    <ul class="rathaus-member-hit__files">
                      {hit.files.map((f) => (
                        <li>
                          <a class="kern-link" href={documentPath(f.id)} safe>
                            {f.name}
                          </a>
                          {f.public ? '' : <NonPublicTag t={t} />}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    ''
                  )}
                </li>
              );
            })}
          </ul>
          <Pagination t={t} page={page} pageCount={pageCount} hrefFor={(p) => `${searchPath()}?q=${encodeURIComponent(query)}&seite=${p}`} />
        </section>
      ) : (
        ''
      )}
    </div>
  );
}

export function OfflinePage({ t }: { t: Translate }): JSX.Element {
  return (
    <div class="rathaus-member">
      <h1 class="kern-heading-large" safe>
        {t('councilMember.offline.title')}
      </h1>
      <p class="kern-body" safe>
        {t('councilMember.offline.text')}
      </p>
      <p class="kern-body">
        <a class="kern-link rathaus-member-action" href={MEMBER_HOME} safe>
          {t('councilMember.offline.back')}
        </a>
      </p>
    </div>
  );
}

