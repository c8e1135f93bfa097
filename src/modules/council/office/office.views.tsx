/** The Sitzungsdienst's pages: pure functions from plain data to HTML (no queries here). */
import type { Children } from '@kitajs/html';
import { formatDate, type Locale, type Translate } from '../../../core/i18n/i18n.ts';
import { berlinTime } from '../../../core/time/berlin.ts';
import {
  Button,
  ButtonGroup,
  ButtonLink,
  Checkbox,
  CheckboxGroup,
  CsrfField,
  DataTable,
  DateInput,
  Details,
  ErrorSummary,
  FileInput,
  InsetText,
  RadioGroup,
  Select,
  StatusTag,
  SummaryList,
  Textarea,
  TextInput,
  trusted,
  WarningText,
  type FieldError,
  type Option,
} from '../../../core/ui/components.tsx';
import type { FileRow, MembershipRow, MeetingRow, PaperRow, PersonRow } from './office.queries.ts';
import { AGENDA_RESULTS, ORGANIZATION_TYPES, PAPER_TYPES } from './sitzungsdienst.service.ts';

export const OFFICE = '/verwaltung/sitzungsdienst';
export const meetingHref = (id: string): string => `${OFFICE}/sitzungen/${id}`;
export const paperHref = (id: string): string => `${OFFICE}/vorlagen/${id}`;
export const personHref = (id: string): string => `${OFFICE}/personen/${id}`;
export const orgHref = (id: string): string => `${OFFICE}/gremien/${id}`;
export const fileHref = (id: string): string => `${OFFICE}/dateien/${id}`;

export interface FormState {
  errors: FieldError[];
  values: Record<string, string | string[]>;
}

export const emptyForm = (values: Record<string, string | string[]> = {}): FormState => ({ errors: [], values });

function v(state: FormState, name: string): string {
  const value = state.values[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function vs(state: FormState, name: string): string[] {
  const value = state.values[name];
  return Array.isArray(value) ? value : value ? [value] : [];
}

function e(state: FormState, name: string): string | undefined {
  return state.errors.find((err) => err.field === name)?.message;
}

function link(href: string, label: string): JSX.Element {
  return (
    <a class="kern-link" href={href} safe>
      {label}
    </a>
  );
}

/** The office's own navigation: one row of links under the page title. */
export function OfficeNav({ t, current }: { t: Translate; current: string }): JSX.Element {
  const items: [string, string][] = [
    [OFFICE, t('co.nav.overview')],
    [`${OFFICE}/sitzungen`, t('co.nav.meetings')],
    [`${OFFICE}/vorlagen`, t('co.nav.papers')],
    [`${OFFICE}/personen`, t('co.nav.persons')],
    [`${OFFICE}/gremien`, t('co.nav.organizations')],
    [`${OFFICE}/wahlperioden`, t('co.nav.terms')],
    [`${OFFICE}/orte`, t('co.nav.locations')],
  ];
  return (
    <nav aria-label={t('co.nav.label')}>
      <ul class="rathaus-footer__links">
        {items.map(([href, label]) => (
          <li>
            <a class="kern-link" href={href} aria-current={href === current ? 'page' : undefined} safe>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Page({ t, title, current, errors, children }: { t: Translate; title: string; current: string; errors?: FieldError[]; children?: Children }): JSX.Element {
  return (
    <>
      <ErrorSummary t={t} errors={errors ?? []} />
      <h1 class="kern-heading-large" safe>
        {title}
      </h1>
      <OfficeNav t={t} current={current} />
      {children}
    </>
  );
}

function date(value: Date | null, locale: Locale, style: 'date' | 'dateTime' = 'dateTime'): string {
  return value ? formatDate(value, locale, style) : '–';
}

function day(value: string | null): string {
  return value ? value.split('-').reverse().join('.') : '–';
}

export function meetingStateLabel(t: Translate, m: { state: string; cancelled: boolean }): string {
  return m.cancelled ? t('council.cancelled') : t(`council.meetingState.${m.state}`);
}

export function invitationStatus(t: Translate, locale: Locale, m: { invitationSentAt: Date | null; invitationDueAt: Date | null; deadline: Date; cancelled: boolean }, now: Date): { label: string; tone: 'success' | 'info' | 'warning' | 'danger' | 'neutral' } {
  if (m.cancelled) return { label: t('council.cancelled'), tone: 'neutral' };
  if (m.invitationSentAt) return { label: t('co.invitation.sentOn', { when: date(m.invitationSentAt, locale) }), tone: 'success' };
  if (m.deadline < now) return { label: t('co.invitation.missed', { when: date(m.deadline, locale) }), tone: 'danger' };
  if (m.invitationDueAt) return { label: t('co.invitation.scheduledFor', { when: date(m.invitationDueAt, locale) }), tone: 'info' };
  return { label: t('co.invitation.dueBy', { when: date(m.deadline, locale) }), tone: 'warning' };
}

// ---------------------------------------------------------------- overview

export function OverviewPage(p: { t: Translate; locale: Locale; now: Date; upcoming: MeetingRow[]; withoutFile: PaperRow[]; recent: { action: string; actor_label: string; object_type: string | null; object_id: string | null; at: Date }[] }): JSX.Element {
  const { t, locale } = p;
  return (
    <Page t={t} title={t('co.title')} current={OFFICE}>
      <ButtonGroup>
        <ButtonLink href={`${OFFICE}/sitzungen/neu`} variant="primary" label={t('co.meeting.new')} />
        <ButtonLink href={`${OFFICE}/vorlagen/neu`} label={t('co.paper.new')} />
      </ButtonGroup>
      <h2 class="kern-heading-medium" safe>
        {t('co.overview.upcoming')}
      </h2>
      <MeetingTable t={t} locale={locale} now={p.now} rows={p.upcoming} caption={t('co.overview.upcoming')} />
      <h2 class="kern-heading-medium" safe>
        {t('co.overview.withoutFile')}
      </h2>
      {p.withoutFile.length ? <PaperTable t={t} rows={p.withoutFile} caption={t('co.overview.withoutFile')} /> : <p class="kern-body" safe>{t('co.overview.allHaveFiles')}</p>}
      <h2 class="kern-heading-medium" safe>
        {t('co.overview.recent')}
      </h2>
      {p.recent.length ? (
        <DataTable
          caption={t('co.overview.recent')}
          captionHidden
          head={[t('co.col.when'), t('co.col.who'), t('co.col.what')]}
          rows={p.recent.map((r) => [date(r.at, locale), r.actor_label, objectLink(t(`co.audit.${r.action}`), r.object_type, r.object_id)])}
        />
      ) : (
        <p class="kern-body" safe>
          {t('co.overview.noChanges')}
        </p>
      )}
    </Page>
  );
}

/** The changed object, where it has a page of its own. */
function objectLink(label: string, type: string | null, id: string | null): string | ReturnType<typeof trusted> {
  const href = !id ? null : type === 'council_meeting' ? meetingHref(id) : type === 'council_paper' ? paperHref(id) : type === 'council_person' ? personHref(id) : type === 'council_organization' ? orgHref(id) : null;
  return href ? trusted(link(href, label)) : label;
}

function MeetingTable({ t, locale, now, rows, caption }: { t: Translate; locale: Locale; now: Date; rows: MeetingRow[]; caption: string }): JSX.Element {
  if (rows.length === 0) return <p class="kern-body" safe>{t('co.meeting.none')}</p>;
  return (
    <DataTable
      caption={caption}
      captionHidden
      head={[t('co.col.meeting'), t('co.col.date'), t('co.col.organizations'), t('co.col.state'), t('co.col.invitation')]}
      rows={rows.map((m) => {
        const status = invitationStatus(t, locale, m, now);
        return [trusted(link(meetingHref(m.id), m.name)), date(m.start, locale), m.organizations, meetingStateLabel(t, m), trusted(<StatusTag label={status.label} tone={status.tone} />)];
      })}
    />
  );
}

function PaperTable({ t, rows, caption }: { t: Translate; rows: PaperRow[]; caption: string }): JSX.Element {
  return (
    <DataTable
      caption={caption}
      captionHidden
      head={[t('co.col.reference'), t('co.col.paper'), t('co.col.type'), t('co.col.date'), t('co.col.public'), t('co.col.mainFile')]}
      rows={rows.map((r) => [r.reference ?? '–', trusted(link(paperHref(r.id), r.name)), r.paperType, day(r.date), r.public ? t('co.yes') : t('co.no'), r.hasMainFile ? t('co.yes') : trusted(<StatusTag label={t('co.paper.noMainFile')} tone="warning" />)])}
    />
  );
}

// ---------------------------------------------------------------- meetings

export function MeetingListPage(p: { t: Translate; locale: Locale; now: Date; rows: MeetingRow[]; past: boolean }): JSX.Element {
  const { t } = p;
  return (
    <Page t={t} title={t('co.meetings.title')} current={`${OFFICE}/sitzungen`}>
      <ButtonGroup>
        <ButtonLink href={`${OFFICE}/sitzungen/neu`} variant="primary" label={t('co.meeting.new')} />
        <ButtonLink href={p.past ? `${OFFICE}/sitzungen` : `${OFFICE}/sitzungen?zeit=vergangen`} label={p.past ? t('co.meetings.showUpcoming') : t('co.meetings.showPast')} />
      </ButtonGroup>
      <MeetingTable t={t} locale={p.locale} now={p.now} rows={p.rows} caption={t('co.meetings.title')} />
    </Page>
  );
}

export function MeetingFormPage(p: { t: Translate; title: string; action: string; csrf: string; state: FormState; gremien: Option[]; locations: Option[]; back: string }): JSX.Element {
  const { t, state } = p;
  return (
    <Page t={t} title={p.title} current={`${OFFICE}/sitzungen`} errors={state.errors}>
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.csrf} />
        <TextInput t={t} name="name" label={t('co.field.meetingName')} hint={t('co.field.meetingNameHint')} value={v(state, 'name')} error={e(state, 'name')} required maxlength={300} />
        <Select t={t} name="gremium1" label={t('co.field.leadGremium')} options={p.gremien} value={v(state, 'gremium1')} error={e(state, 'gremium1')} required />
        <CheckboxGroup t={t} name="weitere" label={t('co.field.moreGremien')} hint={t('co.field.moreGremienHint')} options={p.gremien} values={vs(state, 'weitere')} error={e(state, 'weitere')} />
        <DateInput t={t} name="tag" label={t('co.field.day')} value={v(state, 'tag')} error={e(state, 'tag')} required />
        <TextInput t={t} name="beginn" label={t('co.field.startTime')} hint={t('co.field.timeHint')} value={v(state, 'beginn')} error={e(state, 'beginn')} required width="width-4" inputmode="numeric" />
        <TextInput t={t} name="ende" label={t('co.field.endTime')} hint={t('co.field.timeHint')} value={v(state, 'ende')} error={e(state, 'ende')} width="width-4" inputmode="numeric" />
        <Select t={t} name="ort" label={t('co.field.location')} options={p.locations} value={v(state, 'ort')} error={e(state, 'ort')} />
        <ButtonGroup>
          <Button label={t('co.save')} />
          <ButtonLink href={p.back} label={t('co.cancel')} />
        </ButtonGroup>
      </form>
    </Page>
  );
}

type MeetingDetail = {
  meeting: { id: string; name: string; start_at: Date; end_at: Date | null; meeting_state: string; cancelled: boolean; invitation_sent_at: Date | null; invitation_due_at: Date | null; minutes_published_at: Date | null; publish_participants: boolean; modified: Date };
  orgs: { id: string; name: string }[];
  items: { id: string; number: string | null; name: string; public: boolean; result: string | null; resolution_text: string | null; modified: Date; paper_id: string | null; paper_reference: string | null; paper_name: string | null; consultation_role: string | null }[];
  participants: string[];
  invitations: { kind: string; n: string; last: Date }[];
  files: FileRow[];
  members: { id: string; name: string }[];
};

export interface MeetingPageProps {
  t: Translate;
  locale: Locale;
  now: Date;
  csrf: string;
  detail: MeetingDetail;
  location: string;
  deadline: Date;
  /** Agenda changed after the invitation went out: offer the Nachtrag. */
  changedSinceInvitation: boolean;
  papers: Option[];
  state: FormState;
  /** Which form the errors belong to (the item id for per-TOP forms). */
  errorForm?: string;
}

function PostButton({ action, csrf, label, variant, fields }: { action: string; csrf: string; label: string; variant?: 'primary' | 'secondary' | 'tertiary' | 'danger'; fields?: Record<string, string> }): JSX.Element {
  return (
    <form method="post" action={action} class="rathaus-inline-form">
      <CsrfField token={csrf} />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <Button variant={variant ?? 'secondary'} label={label} />
    </form>
  );
}

export function MeetingPage(p: MeetingPageProps): JSX.Element {
  const { t, locale, detail, csrf, state } = p;
  const m = detail.meeting;
  const base = meetingHref(m.id);
  const status = invitationStatus(t, locale, { invitationSentAt: m.invitation_sent_at, invitationDueAt: m.invitation_due_at, deadline: p.deadline, cancelled: m.cancelled }, p.now);
  const publicItems = detail.items.filter((i) => i.public);
  const nonPublicItems = detail.items.filter((i) => !i.public);
  const meetingFiles = detail.files.filter((f) => f.agendaItemId === null);
  const held = m.meeting_state === 'durchgeführt';
  const sentCount = detail.invitations.find((i) => i.kind === 'invitation')?.n;
  return (
    <Page t={t} title={m.name} current={`${OFFICE}/sitzungen`} errors={state.errors}>
      <SummaryList
        t={t}
        rows={[
          { key: t('co.col.organizations'), value: detail.orgs.map((o, i) => (i === 0 ? `${o.name} (${t('co.meeting.lead')})` : o.name)).join(', ') },
          { key: t('co.col.date'), value: `${date(m.start_at, locale)}${m.end_at ? ` – ${berlinTime(m.end_at)}` : ''}` },
          { key: t('co.field.location'), value: p.location },
          { key: t('co.col.state'), value: meetingStateLabel(t, { state: m.meeting_state, cancelled: m.cancelled }) },
          { key: t('co.col.invitation'), value: trusted(<StatusTag label={status.label} tone={status.tone} />) },
          { key: t('co.meeting.modified'), value: date(m.modified, locale) },
        ]}
      />
      {m.cancelled ? (
        ''
      ) : (
        <ButtonGroup>
          <ButtonLink href={`${base}/bearbeiten`} label={t('co.meeting.edit')} />
        </ButtonGroup>
      )}

      <h2 class="kern-heading-medium" id="einladung" safe>
        {t('co.invitation.title')}
      </h2>
      {!m.invitation_sent_at && !m.cancelled && p.deadline < p.now ? (
        <WarningText t={t}>
          <span safe>{t('co.invitation.missedWarning', { when: date(p.deadline, locale) })}</span>
        </WarningText>
      ) : (
        ''
      )}
      {m.invitation_sent_at ? (
        <p class="kern-body" safe>
          {t('co.invitation.sentSummary', { when: date(m.invitation_sent_at, locale), n: sentCount ?? '0' })}
        </p>
      ) : (
        <p class="kern-body" safe>
          {t('co.invitation.deadlineText', { when: date(p.deadline, locale) })}
        </p>
      )}
      {m.cancelled ? (
        ''
      ) : m.invitation_sent_at ? (
        held ? (
          ''
        ) : (
          <>
            {p.changedSinceInvitation ? (
              <InsetText>
                <p class="kern-body" safe>
                  {t('co.invitation.changed')}
                </p>
              </InsetText>
            ) : (
              ''
            )}
            <ButtonGroup>
              <PostButton action={`${base}/nachtrag`} csrf={csrf} label={t('co.invitation.update')} variant={p.changedSinceInvitation ? 'primary' : 'secondary'} />
              <PostButton action={`${base}/absagen`} csrf={csrf} label={t('co.meeting.cancel')} variant="danger" />
            </ButtonGroup>
          </>
        )
      ) : (
        <ButtonGroup>
          <PostButton action={`${base}/einladung`} csrf={csrf} label={t('co.invitation.sendNow')} variant="primary" fields={{ aktion: 'jetzt' }} />
          {m.invitation_due_at ? (
            <PostButton action={`${base}/einladung`} csrf={csrf} label={t('co.invitation.unschedule')} fields={{ aktion: 'nicht-planen' }} />
          ) : (
            <PostButton action={`${base}/einladung`} csrf={csrf} label={t('co.invitation.schedule')} fields={{ aktion: 'planen' }} />
          )}
          <PostButton action={`${base}/absagen`} csrf={csrf} label={t('co.meeting.cancel')} variant="danger" />
        </ButtonGroup>
      )}

      <h2 class="kern-heading-medium" id="tagesordnung" safe>
        {t('co.agenda.title')}
      </h2>
      <AgendaPart t={t} csrf={csrf} meetingBase={base} title={t('co.agenda.public')} items={publicItems} isPublic={true} files={detail.files} held={held} state={p.errorForm ? state : emptyForm()} errorForm={p.errorForm} />
      <AgendaPart t={t} csrf={csrf} meetingBase={base} title={t('co.agenda.nonPublic')} items={nonPublicItems} isPublic={false} files={detail.files} held={held} state={p.errorForm ? state : emptyForm()} errorForm={p.errorForm} />
      {m.cancelled ? (
        ''
      ) : (
        <form method="post" action={`${base}/tagesordnung`} novalidate class="rathaus-form-section">
          <h3 class="kern-heading-small" safe>
            {t('co.agenda.add')}
          </h3>
          <CsrfField token={csrf} />
          <TextInput t={t} name="name" label={t('co.field.itemName')} value={p.errorForm ? '' : v(state, 'name')} error={p.errorForm ? undefined : e(state, 'name')} required maxlength={500} />
          <RadioGroup t={t} name="teil" label={t('co.field.part')} inline options={[{ value: 'oeffentlich', label: t('co.agenda.public') }, { value: 'nichtoeffentlich', label: t('co.agenda.nonPublic') }]} value={v(state, 'teil') || 'oeffentlich'} error={p.errorForm ? undefined : e(state, 'teil')} />
          <Select t={t} name="vorlage" label={t('co.field.paper')} hint={t('co.field.paperHint')} options={p.papers} value={v(state, 'vorlage')} error={p.errorForm ? undefined : e(state, 'vorlage')} />
          <Select t={t} name="rolle" label={t('co.field.consultationRole')} placeholder={false} options={['Entscheidung', 'Vorberatung', 'Kenntnisnahme', 'Anhörung'].map((r) => ({ value: r, label: r }))} value={v(state, 'rolle')} />
          <Checkbox t={t} name="abschliessend" label={t('co.field.authoritative')} checked={v(state, 'abschliessend') === '1'} />
          <Button label={t('co.agenda.addButton')} />
        </form>
      )}

      <h2 class="kern-heading-medium" id="dokumente" safe>
        {t('co.meeting.files')}
      </h2>
      <FileTable t={t} csrf={csrf} files={meetingFiles} back={base} />

      <h2 class="kern-heading-medium" id="nach-der-sitzung" safe>
        {t('co.after.title')}
      </h2>
      {detail.members.length ? (
        <form method="post" action={`${base}/anwesenheit`}>
          <CsrfField token={csrf} />
          <CheckboxGroup t={t} name="personen" label={t('co.after.present')} options={detail.members.map((mm) => ({ value: mm.id, label: mm.name }))} values={detail.participants} />
          <Button variant="secondary" label={t('co.after.saveAttendance')} />
        </form>
      ) : (
        <p class="kern-body" safe>
          {t('co.after.noMembers')}
        </p>
      )}
      <form method="post" action={`${base}/teilnehmende`}>
        <CsrfField token={csrf} />
        <Checkbox t={t} name="veroeffentlichen" label={t('co.after.publishParticipants')} hint={t('co.after.publishParticipantsHint')} checked={m.publish_participants} />
        <Button variant="secondary" label={t('co.save')} />
      </form>
      <ButtonGroup>
        {held || m.cancelled ? '' : <PostButton action={`${base}/durchgefuehrt`} csrf={csrf} label={t('co.after.markHeld')} />}
        {held ? <PostButton action={`${base}/niederschrift`} csrf={csrf} label={m.minutes_published_at ? t('co.after.republishMinutes') : t('co.after.publishMinutes')} variant="primary" /> : ''}
      </ButtonGroup>
      {m.minutes_published_at ? (
        <p class="kern-body" safe>
          {t('co.after.minutesPublished', { when: date(m.minutes_published_at, locale) })}
        </p>
      ) : (
        ''
      )}
    </Page>
  );
}

function AgendaPart(p: { t: Translate; csrf: string; meetingBase: string; title: string; items: MeetingDetail['items']; isPublic: boolean; files: FileRow[]; held: boolean; state: FormState; errorForm: string | undefined }): JSX.Element {
  const { t, csrf } = p;
  return (
    <section class="rathaus-agenda-part" aria-labelledby={`teil-${p.isPublic ? 'oe' : 'n'}`}>
      <h3 class="kern-heading-small" id={`teil-${p.isPublic ? 'oe' : 'n'}`} safe>
        {p.title}
      </h3>
      {p.items.length === 0 ? (
        <p class="kern-body" safe>
          {t('co.agenda.empty')}
        </p>
      ) : (
        <ol class="kern-list rathaus-agenda">
          {p.items.map((item, index) => {
            const itemFiles = p.files.filter((f) => f.agendaItemId === item.id);
            const mine = p.errorForm === item.id;
            return (
              <li class="rathaus-agenda__item" id={`top-${item.id}`}>
                <h4 class="kern-heading-small">
                  <span safe>{`${item.number ?? ''} ${item.name}`}</span>
                </h4>
                {item.paper_id ? (
                  <p class="kern-body">
                    <span safe>{t('co.agenda.paper')}</span> {link(paperHref(item.paper_id), `${item.paper_reference ?? ''} ${item.paper_name ?? ''}`.trim())}
                    {item.consultation_role ? <span safe>{` (${item.consultation_role})`}</span> : ''}
                  </p>
                ) : (
                  ''
                )}
                {item.result ? (
                  <p class="kern-body">
                    <strong safe>{t('co.agenda.result')}</strong> <span safe>{item.result}</span>
                  </p>
                ) : (
                  ''
                )}
                <ButtonGroup>
                  {index > 0 ? <PostButton action={`${OFFICE}/tops/${item.id}/verschieben`} csrf={csrf} label={t('co.agenda.up', { item: item.number ?? '' })} variant="tertiary" fields={{ richtung: 'hoch' }} /> : ''}
                  {index < p.items.length - 1 ? <PostButton action={`${OFFICE}/tops/${item.id}/verschieben`} csrf={csrf} label={t('co.agenda.down', { item: item.number ?? '' })} variant="tertiary" fields={{ richtung: 'runter' }} /> : ''}
                  <PostButton action={`${OFFICE}/tops/${item.id}/teil`} csrf={csrf} label={p.isPublic ? t('co.agenda.toNonPublic', { item: item.number ?? '' }) : t('co.agenda.toPublic', { item: item.number ?? '' })} variant="tertiary" fields={{ oeffentlich: p.isPublic ? '0' : '1' }} />
                  <PostButton action={`${OFFICE}/tops/${item.id}/entfernen`} csrf={csrf} label={t('co.agenda.remove', { item: item.number ?? '' })} variant="tertiary" />
                </ButtonGroup>
                <details class="kern-accordion rathaus-details" open={mine}>
                  <summary class="kern-accordion__header">
                    <span class="kern-title" safe>
                      {t('co.agenda.details', { item: item.number ?? '' })}
                    </span>
                  </summary>
                  <div class="kern-accordion__body">
                    <form method="post" action={`${OFFICE}/tops/${item.id}/ergebnis`} novalidate>
                      <CsrfField token={csrf} />
                      <Select t={t} name={`ergebnis-${item.id}`} label={t('co.field.result')} options={AGENDA_RESULTS.map((r) => ({ value: r, label: r }))} value={mine ? v(p.state, `ergebnis-${item.id}`) : (item.result ?? '')} error={mine ? e(p.state, `ergebnis-${item.id}`) : undefined} />
                      <Textarea t={t} name={`beschluss-${item.id}`} label={t('co.field.resolution')} value={mine ? v(p.state, `beschluss-${item.id}`) : (item.resolution_text ?? '')} error={mine ? e(p.state, `beschluss-${item.id}`) : undefined} maxlength={20000} />
                      <Button variant="secondary" label={t('co.agenda.saveResult', { item: item.number ?? '' })} />
                    </form>
                    <FileTable t={t} csrf={csrf} files={itemFiles} back={p.meetingBase} />
                    <form method="post" action={`${OFFICE}/tops/${item.id}/dateien`} enctype="multipart/form-data" novalidate>
                      <CsrfField token={csrf} />
                      <FileInput t={t} name={`datei-${item.id}`} label={t('co.field.file')} hint={t('co.field.fileHint')} accept="application/pdf" error={mine ? e(p.state, `datei-${item.id}`) : undefined} />
                      <Select t={t} name="rolle" label={t('co.field.fileRole')} placeholder={false} options={[{ value: 'agenda_aux', label: t('co.fileRole.agenda_aux') }, { value: 'agenda_resolution', label: t('co.fileRole.agenda_resolution') }]} />
                      <Checkbox t={t} name="freigeben" label={t('co.field.release')} />
                      <Button variant="secondary" label={t('co.file.upload')} />
                    </form>
                  </div>
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function FileTable({ t, csrf, files, back }: { t: Translate; csrf: string; files: FileRow[]; back: string }): JSX.Element {
  if (files.length === 0) return <p class="kern-body" safe>{t('co.file.none')}</p>;
  return (
    <DataTable
      caption={t('co.file.caption')}
      captionHidden
      head={[t('co.col.file'), t('co.col.role'), t('co.col.size'), t('co.col.released'), t('co.col.actions')]}
      rows={files.map((f) => [
        trusted(link(fileHref(f.id), f.name)),
        t(`co.fileRole.${f.role}`),
        `${Math.max(1, Math.round(f.size / 1024))} KB`,
        f.published ? t('co.yes') : t('co.no'),
        trusted(
          <>
            <PostButton action={`${fileHref(f.id)}/freigabe`} csrf={csrf} label={f.published ? t('co.file.depublish', { name: f.name }) : t('co.file.publish', { name: f.name })} variant="tertiary" fields={{ freigegeben: f.published ? '0' : '1', zurueck: back }} />
            {f.role === 'meeting_invitation' || f.role === 'meeting_results' ? '' : <PostButton action={`${fileHref(f.id)}/entfernen`} csrf={csrf} label={t('co.file.remove', { name: f.name })} variant="tertiary" fields={{ zurueck: back }} />}
          </>,
        ),
      ])}
    />
  );
}

// ---------------------------------------------------------------- papers

export function PaperListPage(p: { t: Translate; rows: PaperRow[]; filters: { q: string; typ: string; ohneDatei: boolean } }): JSX.Element {
  const { t } = p;
  return (
    <Page t={t} title={t('co.papers.title')} current={`${OFFICE}/vorlagen`}>
      <ButtonGroup>
        <ButtonLink href={`${OFFICE}/vorlagen/neu`} variant="primary" label={t('co.paper.new')} />
      </ButtonGroup>
      <form method="get" action={`${OFFICE}/vorlagen`} class="rathaus-filters">
        <TextInput t={t} name="q" type="search" label={t('co.filter.search')} value={p.filters.q} />
        <Select t={t} name="typ" label={t('co.field.paperType')} options={PAPER_TYPES.map((x) => ({ value: x, label: x }))} value={p.filters.typ} />
        <Checkbox t={t} name="ohne-datei" label={t('co.filter.withoutFile')} checked={p.filters.ohneDatei} />
        <Button variant="secondary" label={t('co.filter.apply')} />
      </form>
      {p.rows.length ? <PaperTable t={t} rows={p.rows} caption={t('co.papers.title')} /> : <p class="kern-body" safe>{t('co.papers.none')}</p>}
    </Page>
  );
}

export interface PaperFormProps {
  t: Translate;
  title: string;
  action: string;
  csrf: string;
  state: FormState;
  persons: Option[];
  organizations: Option[];
  departments: Option[];
  /** New papers take their main file in the same form. */
  withFile: boolean;
}

function PaperFields(p: PaperFormProps): JSX.Element {
  const { t, state } = p;
  return (
    <>
      <TextInput t={t} name="name" label={t('co.field.paperName')} value={v(state, 'name')} error={e(state, 'name')} required maxlength={500} />
      <TextInput t={t} name="aktenzeichen" label={t('co.field.reference')} hint={t('co.field.referenceHint')} value={v(state, 'aktenzeichen')} error={e(state, 'aktenzeichen')} maxlength={60} />
      <Select t={t} name="typ" label={t('co.field.paperType')} options={PAPER_TYPES.map((x) => ({ value: x, label: x }))} value={v(state, 'typ')} error={e(state, 'typ')} required />
      <DateInput t={t} name="datum" label={t('co.field.paperDate')} value={v(state, 'datum')} error={e(state, 'datum')} />
      <Details summary={t('co.field.originatorsSummary', { n: vs(state, 'urheber_personen').length + vs(state, 'urheber_gremien').length })} open={Boolean(e(state, 'urheber_personen') || e(state, 'urheber_gremien'))}>
        <CheckboxGroup t={t} name="urheber_personen" label={t('co.field.originatorPersons')} options={p.persons} values={vs(state, 'urheber_personen')} error={e(state, 'urheber_personen')} />
        <CheckboxGroup t={t} name="urheber_gremien" label={t('co.field.originatorOrganizations')} options={p.organizations} values={vs(state, 'urheber_gremien')} error={e(state, 'urheber_gremien')} />
      </Details>
      <Select t={t} name="federfuehrend" label={t('co.field.direction')} options={p.departments} value={v(state, 'federfuehrend')} error={e(state, 'federfuehrend')} />
      {p.withFile ? <FileInput t={t} name="datei" label={t('co.field.mainFile')} hint={t('co.field.fileHint')} accept="application/pdf" error={e(state, 'datei')} /> : ''}
      {p.withFile ? <Checkbox t={t} name="freigeben" label={t('co.field.release')} checked={v(state, 'freigeben') === '1'} /> : ''}
      <Checkbox t={t} name="oeffentlich" label={t('co.field.paperPublic')} hint={t('co.field.paperPublicHint')} checked={v(state, 'oeffentlich') === '1'} error={e(state, 'oeffentlich')} />
    </>
  );
}

export function PaperFormPage(p: PaperFormProps & { back: string }): JSX.Element {
  const { t } = p;
  return (
    <Page t={t} title={p.title} current={`${OFFICE}/vorlagen`} errors={p.state.errors}>
      <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
        <CsrfField token={p.csrf} />
        <PaperFields {...p} />
        <ButtonGroup>
          <Button label={t('co.save')} />
          <ButtonLink href={p.back} label={t('co.cancel')} />
        </ButtonGroup>
      </form>
    </Page>
  );
}

export function PaperPage(
  p: PaperFormProps & {
    locale: Locale;
    modified: Date;
    files: FileRow[];
    related: { id: string; name: string; reference: string | null; kind: string }[];
    consultations: { meeting_id: string | null; meeting_name: string | null; start_at: Date | null; number: string | null; role: string | null; result: string | null }[];
    errorForm?: string;
  },
): JSX.Element {
  const { t, locale } = p;
  const formState = p.errorForm ? emptyForm(p.state.values) : p.state;
  const fileErr = p.errorForm === 'datei' ? e(p.state, 'datei') : undefined;
  const relErr = p.errorForm === 'verwandt' ? e(p.state, 'verwandt') : undefined;
  const base = p.action;
  return (
    <Page t={t} title={p.title} current={`${OFFICE}/vorlagen`} errors={p.state.errors}>
      <p class="kern-body" safe>
        {t('co.meeting.modified')}: {date(p.modified, locale)}
      </p>
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.csrf} />
        <PaperFields {...p} state={formState} withFile={false} />
        <Button label={t('co.save')} />
      </form>
      <h2 class="kern-heading-medium" id="dateien" safe>
        {t('co.paper.files')}
      </h2>
      <FileTable t={t} csrf={p.csrf} files={p.files} back={base} />
      <form method="post" action={`${base}/dateien`} enctype="multipart/form-data" novalidate>
        <CsrfField token={p.csrf} />
        <FileInput t={t} name="datei" label={t('co.field.file')} hint={t('co.field.fileHint')} accept="application/pdf" error={fileErr} />
        <RadioGroup t={t} name="rolle" label={t('co.field.fileRole')} inline options={[{ value: 'paper_main', label: t('co.fileRole.paper_main') }, { value: 'paper_aux', label: t('co.fileRole.paper_aux') }]} value="paper_aux" />
        <Checkbox t={t} name="freigeben" label={t('co.field.release')} />
        <Button variant="secondary" label={t('co.file.upload')} />
      </form>
      <h2 class="kern-heading-medium" id="verwandt" safe>
        {t('co.paper.related')}
      </h2>
      {p.related.length ? (
        <ul class="kern-list">
          {p.related.map((r) => (
            <li>
              {link(paperHref(r.id), `${r.reference ?? ''} ${r.name}`.trim())}
              <PostButton action={`${base}/verwandt/entfernen`} csrf={p.csrf} label={t('co.paper.unrelate', { name: r.reference ?? r.name })} variant="tertiary" fields={{ andere: r.id }} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="kern-body" safe>
          {t('co.paper.noRelated')}
        </p>
      )}
      <form method="post" action={`${base}/verwandt`} novalidate>
        <CsrfField token={p.csrf} />
        <TextInput t={t} name="verwandt" label={t('co.field.relatedReference')} error={relErr} maxlength={60} />
        <Button variant="secondary" label={t('co.paper.relate')} />
      </form>
      <h2 class="kern-heading-medium" safe>
        {t('co.paper.consultations')}
      </h2>
      {p.consultations.length ? (
        <ul class="kern-list">
          {p.consultations.map((c) => (
            <li>
              {c.meeting_id ? link(meetingHref(c.meeting_id), `${c.meeting_name ?? ''}, ${date(c.start_at, locale)}`) : ''}
              <span safe>{[c.number, c.role, c.result].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="kern-body" safe>
          {t('co.paper.noConsultations')}
        </p>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------- persons

export function PersonListPage(p: { t: Translate; rows: PersonRow[]; q: string }): JSX.Element {
  const { t } = p;
  return (
    <Page t={t} title={t('co.persons.title')} current={`${OFFICE}/personen`}>
      <ButtonGroup>
        <ButtonLink href={`${OFFICE}/personen/neu`} variant="primary" label={t('co.person.new')} />
      </ButtonGroup>
      <form method="get" action={`${OFFICE}/personen`} class="rathaus-filters">
        <TextInput t={t} name="q" type="search" label={t('co.filter.search')} value={p.q} />
        <Button variant="secondary" label={t('co.filter.apply')} />
      </form>
      {p.rows.length ? (
        <DataTable
          caption={t('co.persons.title')}
          captionHidden
          head={[t('co.col.name'), t('co.col.organizations'), t('co.col.email'), t('co.col.account')]}
          rows={p.rows.map((r) => [trusted(link(personHref(r.id), r.name)), r.organizations.join(', '), r.email ?? '–', r.hasAccount ? t('co.yes') : t('co.no')])}
        />
      ) : (
        <p class="kern-body" safe>
          {t('co.persons.none')}
        </p>
      )}
    </Page>
  );
}

export function PersonFormPage(p: { t: Translate; title: string; action: string; csrf: string; state: FormState; back: string; memberships?: MembershipRow[]; organizations?: Option[]; factions?: Option[]; membershipState?: FormState }): JSX.Element {
  const { t, state } = p;
  const ms = p.membershipState ?? emptyForm();
  return (
    <Page t={t} title={p.title} current={`${OFFICE}/personen`} errors={[...state.errors, ...ms.errors]}>
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.csrf} />
        <TextInput t={t} name="titel" label={t('co.field.title')} hint={t('co.field.titleHint')} value={v(state, 'titel')} error={e(state, 'titel')} maxlength={100} />
        <TextInput t={t} name="anrede" label={t('co.field.formOfAddress')} value={v(state, 'anrede')} error={e(state, 'anrede')} maxlength={40} />
        <TextInput t={t} name="vorname" label={t('co.field.givenName')} value={v(state, 'vorname')} error={e(state, 'vorname')} required maxlength={100} />
        <TextInput t={t} name="nachname" label={t('co.field.familyName')} value={v(state, 'nachname')} error={e(state, 'nachname')} required maxlength={100} />
        <TextInput t={t} name="zusatz" label={t('co.field.affix')} value={v(state, 'zusatz')} error={e(state, 'zusatz')} maxlength={100} />
        <Select t={t} name="geschlecht" label={t('co.field.gender')} options={['female', 'male', 'other'].map((g) => ({ value: g, label: t(`co.gender.${g}`) }))} value={v(state, 'geschlecht')} error={e(state, 'geschlecht')} />
        <TextInput t={t} name="status" label={t('co.field.status')} hint={t('co.field.statusHint')} value={v(state, 'status')} error={e(state, 'status')} maxlength={200} />
        <TextInput t={t} name="email" type="email" label={t('co.field.email')} hint={t('co.field.emailHint')} value={v(state, 'email')} error={e(state, 'email')} maxlength={254} />
        <TextInput t={t} name="telefon" type="tel" label={t('co.field.phone')} value={v(state, 'telefon')} error={e(state, 'telefon')} maxlength={60} />
        <Checkbox t={t} name="kontakt_veroeffentlichen" label={t('co.field.publishContact')} hint={t('co.field.publishContactHint')} checked={v(state, 'kontakt_veroeffentlichen') === '1'} />
        <TextInput t={t} name="konto" type="email" label={t('co.field.account')} hint={t('co.field.accountHint')} value={v(state, 'konto')} error={e(state, 'konto')} maxlength={254} />
        <ButtonGroup>
          <Button label={t('co.save')} />
          <ButtonLink href={p.back} label={t('co.cancel')} />
        </ButtonGroup>
      </form>
      {p.memberships ? (
        <>
          <h2 class="kern-heading-medium" id="mitgliedschaften" safe>
            {t('co.memberships.title')}
          </h2>
          <MembershipTable t={t} csrf={p.csrf} rows={p.memberships} show="organization" back={p.action} />
          <form method="post" action={`${p.action}/mitgliedschaften`} novalidate>
            <h3 class="kern-heading-small" safe>
              {t('co.memberships.add')}
            </h3>
            <CsrfField token={p.csrf} />
            <Select t={t} name="gremium" label={t('co.field.organization')} options={p.organizations ?? []} value={v(ms, 'gremium')} error={e(ms, 'gremium')} required />
            <TextInput t={t} name="rolle" label={t('co.field.membershipRole')} hint={t('co.field.membershipRoleHint')} value={v(ms, 'rolle')} error={e(ms, 'rolle')} maxlength={100} />
            <Checkbox t={t} name="stimmrecht" label={t('co.field.votingRight')} checked={v(ms, 'stimmrecht') !== '0'} />
            <Select t={t} name="fraktion" label={t('co.field.onBehalfOf')} options={p.factions ?? []} value={v(ms, 'fraktion')} error={e(ms, 'fraktion')} />
            <DateInput t={t} name="von" label={t('co.field.from')} value={v(ms, 'von')} error={e(ms, 'von')} />
            <DateInput t={t} name="bis" label={t('co.field.until')} value={v(ms, 'bis')} error={e(ms, 'bis')} />
            <Button variant="secondary" label={t('co.memberships.addButton')} />
          </form>
        </>
      ) : (
        ''
      )}
    </Page>
  );
}

function MembershipTable({ t, csrf, rows, show, back }: { t: Translate; csrf: string; rows: MembershipRow[]; show: 'organization' | 'person'; back: string }): JSX.Element {
  if (rows.length === 0) return <p class="kern-body" safe>{t('co.memberships.none')}</p>;
  return (
    <DataTable
      caption={t('co.memberships.title')}
      captionHidden
      head={[show === 'organization' ? t('co.col.organization') : t('co.col.name'), t('co.col.role'), t('co.field.onBehalfOf'), t('co.col.period'), t('co.col.actions')]}
      rows={rows.map((r) => [
        trusted(show === 'organization' ? link(orgHref(r.organizationId), r.organizationName) : link(personHref(r.personId), r.personName)),
        [r.role ?? '', r.votingRight === false ? t('co.memberships.noVote') : ''].filter(Boolean).join(', ') || '–',
        r.onBehalfOf ?? '–',
        `${day(r.startDate)} – ${r.endDate ? day(r.endDate) : t('co.memberships.open')}`,
        r.endDate ? '' : trusted(<PostButton action={`${OFFICE}/mitgliedschaften/${r.id}/beenden`} csrf={csrf} label={t('co.memberships.end', { name: show === 'organization' ? r.organizationName : r.personName })} variant="tertiary" fields={{ zurueck: back }} />),
      ])}
    />
  );
}

// ---------------------------------------------------------------- organizations

export function OrganizationListPage(p: { t: Translate; rows: { id: string; name: string; type: string; shortName: string | null; classification: string | null; members: number }[]; type: string }): JSX.Element {
  const { t } = p;
  return (
    <Page t={t} title={t('co.organizations.title')} current={`${OFFICE}/gremien`}>
      <ButtonGroup>
        <ButtonLink href={`${OFFICE}/gremien/neu`} variant="primary" label={t('co.organization.new')} />
      </ButtonGroup>
      <form method="get" action={`${OFFICE}/gremien`} class="rathaus-filters">
        <Select t={t} name="typ" label={t('co.field.organizationType')} options={ORGANIZATION_TYPES.map((x) => ({ value: x, label: x }))} value={p.type} />
        <Button variant="secondary" label={t('co.filter.apply')} />
      </form>
      {p.rows.length ? (
        <DataTable
          caption={t('co.organizations.title')}
          captionHidden
          head={[t('co.col.name'), t('co.field.shortName'), t('co.col.type'), t('co.field.classification'), t('co.col.members')]}
          rows={p.rows.map((r) => [trusted(link(orgHref(r.id), r.name)), r.shortName ?? '–', r.type, r.classification ?? '–', String(r.members)])}
        />
      ) : (
        <p class="kern-body" safe>
          {t('co.organizations.none')}
        </p>
      )}
    </Page>
  );
}

export function OrganizationFormPage(p: { t: Translate; title: string; action: string; csrf: string; state: FormState; back: string; memberships?: MembershipRow[] }): JSX.Element {
  const { t, state } = p;
  return (
    <Page t={t} title={p.title} current={`${OFFICE}/gremien`} errors={state.errors}>
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.csrf} />
        <TextInput t={t} name="name" label={t('co.col.name')} value={v(state, 'name')} error={e(state, 'name')} required maxlength={200} />
        <TextInput t={t} name="kurzname" label={t('co.field.shortName')} value={v(state, 'kurzname')} error={e(state, 'kurzname')} maxlength={60} />
        <Select t={t} name="typ" label={t('co.field.organizationType')} options={ORGANIZATION_TYPES.map((x) => ({ value: x, label: x }))} value={v(state, 'typ')} error={e(state, 'typ')} required />
        <TextInput t={t} name="klassifikation" label={t('co.field.classification')} hint={t('co.field.classificationHint')} value={v(state, 'klassifikation')} error={e(state, 'klassifikation')} maxlength={100} />
        <DateInput t={t} name="von" label={t('co.field.from')} value={v(state, 'von')} error={e(state, 'von')} />
        <DateInput t={t} name="bis" label={t('co.field.until')} value={v(state, 'bis')} error={e(state, 'bis')} />
        <TextInput t={t} name="reihenfolge" label={t('co.field.position')} hint={t('co.field.positionHint')} value={v(state, 'reihenfolge')} error={e(state, 'reihenfolge')} width="width-4" inputmode="numeric" />
        <ButtonGroup>
          <Button label={t('co.save')} />
          <ButtonLink href={p.back} label={t('co.cancel')} />
        </ButtonGroup>
      </form>
      {p.memberships ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('co.memberships.title')}
          </h2>
          <MembershipTable t={t} csrf={p.csrf} rows={p.memberships} show="person" back={p.action} />
        </>
      ) : (
        ''
      )}
    </Page>
  );
}

// ---------------------------------------------------------------- terms and locations

export function TermsPage(p: { t: Translate; csrf: string; rows: { id: string; name: string; start_date: string | null; end_date: string | null }[]; state: FormState; action: string; title: string; editing: boolean }): JSX.Element {
  const { t, state } = p;
  return (
    <Page t={t} title={p.title} current={`${OFFICE}/wahlperioden`} errors={state.errors}>
      {p.editing ? (
        ''
      ) : p.rows.length ? (
        <DataTable caption={t('co.terms.title')} captionHidden head={[t('co.col.name'), t('co.col.period')]} rows={p.rows.map((r) => [trusted(link(`${OFFICE}/wahlperioden/${r.id}`, r.name)), `${day(r.start_date)} – ${day(r.end_date)}`])} />
      ) : (
        <p class="kern-body" safe>
          {t('co.terms.none')}
        </p>
      )}
      <form method="post" action={p.action} novalidate>
        <h2 class="kern-heading-medium" safe>
          {p.editing ? t('co.terms.edit') : t('co.terms.new')}
        </h2>
        <CsrfField token={p.csrf} />
        <TextInput t={t} name="name" label={t('co.col.name')} hint={t('co.field.termNameHint')} value={v(state, 'name')} error={e(state, 'name')} required maxlength={200} />
        <DateInput t={t} name="von" label={t('co.field.from')} value={v(state, 'von')} error={e(state, 'von')} />
        <DateInput t={t} name="bis" label={t('co.field.until')} value={v(state, 'bis')} error={e(state, 'bis')} />
        <Button label={t('co.save')} />
      </form>
    </Page>
  );
}

export function LocationsPage(p: { t: Translate; csrf: string; rows: { id: string; description: string | null; street_address: string | null; room: string | null; locality: string | null }[]; state: FormState; action: string; title: string; editing: boolean }): JSX.Element {
  const { t, state } = p;
  return (
    <Page t={t} title={p.title} current={`${OFFICE}/orte`} errors={state.errors}>
      {p.editing ? (
        ''
      ) : p.rows.length ? (
        <DataTable
          caption={t('co.locations.title')}
          captionHidden
          head={[t('co.field.description'), t('co.field.room'), t('co.field.street'), t('co.field.locality')]}
          rows={p.rows.map((r) => [trusted(link(`${OFFICE}/orte/${r.id}`, r.description ?? r.street_address ?? r.id)), r.room ?? '–', r.street_address ?? '–', r.locality ?? '–'])}
        />
      ) : (
        <p class="kern-body" safe>
          {t('co.locations.none')}
        </p>
      )}
      <form method="post" action={p.action} novalidate>
        <h2 class="kern-heading-medium" safe>
          {p.editing ? t('co.locations.edit') : t('co.locations.new')}
        </h2>
        <CsrfField token={p.csrf} />
        <TextInput t={t} name="bezeichnung" label={t('co.field.description')} hint={t('co.field.descriptionHint')} value={v(state, 'bezeichnung')} error={e(state, 'bezeichnung')} required maxlength={500} />
        <TextInput t={t} name="raum" label={t('co.field.room')} value={v(state, 'raum')} error={e(state, 'raum')} maxlength={100} />
        <TextInput t={t} name="strasse" label={t('co.field.street')} value={v(state, 'strasse')} error={e(state, 'strasse')} maxlength={200} />
        <TextInput t={t} name="plz" label={t('co.field.postalCode')} value={v(state, 'plz')} error={e(state, 'plz')} width="width-4" inputmode="numeric" maxlength={5} />
        <TextInput t={t} name="ort" label={t('co.field.locality')} value={v(state, 'ort')} error={e(state, 'ort')} maxlength={100} />
        <TextInput t={t} name="breite" label={t('co.field.lat')} hint={t('co.field.coordinatesHint')} value={v(state, 'breite')} error={e(state, 'breite')} inputmode="decimal" maxlength={20} />
        <TextInput t={t} name="laenge" label={t('co.field.lon')} value={v(state, 'laenge')} error={e(state, 'laenge')} inputmode="decimal" maxlength={20} />
        <Button label={t('co.save')} />
      </form>
    </Page>
  );
}
