/**
 * One appointment for staff: its details, its Vorgang, its history, and
 * what can be done with it (arrival, no-show, move, cancel). Moving and
 * cancelling are pages of their own, so the choice is deliberate.
 */
import { formatDate, type Locale, type Translate } from '../../../../core/i18n/i18n.ts';
import { addDays, berlinDay } from '../../../../core/time/berlin.ts';
import { Button, ButtonGroup, ButtonLink, CsrfField, DateInput, ErrorSummary, InsetText, RadioGroup, SummaryList, Textarea, Timeline, trusted, type FieldError, type SummaryRow } from '../../../../core/ui/components.tsx';
import type { StartTime } from '../../model/schedule.ts';
import { formatClock, formatIsoDay, formatWhen } from '../../format.ts';
import type { BookingFile, HistoryEntry } from '../staff.service.ts';
import { VisitButtons } from './day.tsx';
import { BookingStatus, bookingPath, casePath, dayPath, Link, servicesLabel, timeRange } from './shared.tsx';

const none = '–';

function whenText(b: BookingFile, locale: Locale): string {
  return `${formatWhen(b.startsAt, locale)} (${timeRange(b.startsAt, b.endsAt, locale)})`;
}

function historyTitle(t: Translate, locale: Locale, e: HistoryEntry): { title: string; body?: string } {
  const by = e.actor ? ` ${t('apptStaff.history.by', { name: e.actor })}` : '';
  if (e.kind === 'rescheduled' && e.detail) {
    const [from, to] = e.detail.split('|') as [string, string];
    return { title: `${t('apptStaff.history.rescheduled')}${by}`, body: t('apptStaff.history.fromTo', { from: formatWhen(new Date(from), locale), to: formatWhen(new Date(to), locale) }) };
  }
  return { title: `${t(`apptStaff.history.${e.kind}`)}${by}`, ...(e.detail ? { body: e.detail } : {}) };
}

function bookingRows(t: Translate, locale: Locale, b: BookingFile): SummaryRow[] {
  return [
    { key: t('apptStaff.field.reference'), value: b.reference },
    { key: t('apptStaff.field.status'), value: trusted(<BookingStatus t={t} status={b.status} />) },
    { key: t('apptStaff.field.location'), value: b.location.name },
    { key: t('apptStaff.field.when'), value: whenText(b, locale) },
    { key: t('apptStaff.field.services'), value: servicesLabel(t, b.services) || none },
    {
      key: t('apptStaff.field.variant'),
      value: b.videoUrl
        ? trusted(
            <>
              <span safe>{t(`appointments.variant.${b.variant}`)}</span>
              {' – '}
              <a class="kern-link" href={b.videoUrl} safe>
                {b.videoUrl}
              </a>
            </>,
          )
        : t(`appointments.variant.${b.variant}`),
    },
    { key: t('apptStaff.field.channel'), value: t(`appointments.channel.${b.channel}`) },
    { key: t('apptStaff.field.name'), value: b.anonymised ? t('apptStaff.anonymised') : (b.name ?? none) },
    { key: t('apptStaff.field.email'), value: b.email ?? none },
    { key: t('apptStaff.field.phone'), value: b.phone ?? none },
    { key: t('apptStaff.field.note'), value: b.note ?? none },
    { key: t('apptStaff.field.reminder'), value: b.reminder ? t('apptStaff.yes') : t('apptStaff.no') },
    { key: t('apptStaff.field.locale'), value: t(`apptStaff.locale.${b.locale}`) },
    { key: t('apptStaff.field.case'), value: b.caseId ? trusted(<Link href={casePath(b.caseId)} text={t('apptStaff.caseLink', { reference: b.reference })} />) : none },
  ];
}

export function BookingPage({ t, locale, booking: b, csrfToken }: { t: Translate; locale: Locale; booking: BookingFile; csrfToken: string }): JSX.Element {
  const day = berlinDay(b.startsAt);
  const active = b.status === 'confirmed';
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.booking.title', { reference: b.reference })}
      </h1>
      <SummaryList t={t} rows={bookingRows(t, locale, b)} />
      <p class="kern-body">
        <Link href={dayPath(b.location.slug, day)} text={t('apptStaff.booking.toDay', { day: formatIsoDay(day, locale) })} />
      </p>
      <h2 class="kern-heading-medium" safe>
        {t('apptStaff.booking.actions')}
      </h2>
      {active ? (
        <>
          <VisitButtons t={t} locale={locale} id={b.id} reference={b.reference} startsAt={b.startsAt} canCheckIn={b.canCheckIn} canNoShow={b.canNoShow} csrfToken={csrfToken} back="buchung" />
          {b.canNoShow ? (
            ''
          ) : (
            <p class="kern-body" safe>
              {t('apptStaff.booking.noShowLater')}
            </p>
          )}
          <ButtonGroup>
            <ButtonLink href={`${bookingPath(b.id)}/verlegen`} label={t('apptStaff.booking.move')} />
            <ButtonLink href={`${bookingPath(b.id)}/absagen`} label={t('apptStaff.booking.cancel')} />
          </ButtonGroup>
        </>
      ) : (
        <p class="kern-body" safe>
          {t('apptStaff.booking.noActions', { status: t(`apptStaff.status.${b.status}`) })}
        </p>
      )}
      <h2 class="kern-heading-medium" safe>
        {t('apptStaff.booking.history')}
      </h2>
      <Timeline
        items={[...b.history].reverse().map((e) => {
          const { title, body } = historyTitle(t, locale, e);
          return { when: formatDate(e.at, locale), datetime: e.at.toISOString(), title, ...(body ? { body } : {}) };
        })}
      />
    </>
  );
}

export interface CancelPageProps {
  t: Translate;
  locale: Locale;
  booking: BookingFile;
  csrfToken: string;
  message: string;
  errors: readonly FieldError[];
}

export function CancelPage({ t, locale, booking: b, csrfToken, message, errors }: CancelPageProps): JSX.Element {
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.cancel.title', { reference: b.reference })}
      </h1>
      <SummaryList
        t={t}
        rows={[
          { key: t('apptStaff.field.when'), value: whenText(b, locale) },
          { key: t('apptStaff.field.name'), value: b.name ?? none },
          { key: t('apptStaff.field.services'), value: servicesLabel(t, b.services) || none },
        ]}
      />
      <InsetText>
        <p class="kern-body" safe>
          {b.email ? t('apptStaff.cancel.withEmail', { email: b.email }) : t('apptStaff.cancel.withoutEmail')}
        </p>
      </InsetText>
      <form method="post" action={`${bookingPath(b.id)}/absagen`} novalidate>
        <CsrfField token={csrfToken} />
        <Textarea t={t} name="nachricht" label={t('apptStaff.cancel.message')} hint={t('apptStaff.cancel.messageHint')} value={message} maxlength={2000} error={errors.find((e) => e.field === 'nachricht')?.message} />
        <ButtonGroup>
          <Button variant="danger" label={t('apptStaff.cancel.submit')} />
          <ButtonLink href={bookingPath(b.id)} label={t('apptStaff.cancel.back')} />
        </ButtonGroup>
      </form>
    </>
  );
}

export interface MovePageProps {
  t: Translate;
  locale: Locale;
  booking: BookingFile;
  csrfToken: string;
  /** What the day field holds (as typed) and the valid day whose times are listed. */
  day: string;
  shownDay: string;
  today: string;
  lastDay: string;
  starts: readonly StartTime[];
  errors: readonly FieldError[];
}

export function MovePage(p: MovePageProps): JSX.Element {
  const { t, locale, booking: b } = p;
  const base = `${bookingPath(b.id)}/verlegen`;
  const previous = addDays(p.shownDay, -1);
  const next = addDays(p.shownDay, 1);
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.move.title', { reference: b.reference })}
      </h1>
      <p class="kern-body" safe>
        {t('apptStaff.move.lead', { when: whenText(b, locale), minutes: b.slots * b.location.slotMinutes })}
      </p>
      <form method="get" action={base} class="rathaus-filters">
        <DateInput t={t} name="tag" label={t('apptStaff.move.day')} value={p.day} min={p.today} max={p.lastDay} error={error('tag')} />
        <Button variant="secondary" label={t('apptStaff.move.showDay')} />
      </form>
      <nav aria-label={t('apptStaff.day.navLabel')}>
        <ul class="kern-list">
          {previous >= p.today ? (
            <li>
              <Link href={`${base}?tag=${previous}`} text={t('apptStaff.day.previous')} srText={formatIsoDay(previous, locale)} />
            </li>
          ) : (
            ''
          )}
          {next <= p.lastDay ? (
            <li>
              <Link href={`${base}?tag=${next}`} text={t('apptStaff.day.next')} srText={formatIsoDay(next, locale)} />
            </li>
          ) : (
            ''
          )}
        </ul>
      </nav>
      {p.starts.length === 0 ? (
        <p class="kern-body" role="status" safe>
          {t('apptStaff.move.none', { day: formatIsoDay(p.shownDay, locale) })}
        </p>
      ) : (
        <form method="post" action={base} novalidate>
          <CsrfField token={p.csrfToken} />
          <input type="hidden" name="tag" value={p.shownDay} />
          <RadioGroup
            t={t}
            name="zeit"
            label={t('apptStaff.move.times', { day: formatIsoDay(p.shownDay, locale) })}
            hint={t(`apptStaff.contingent.${b.contingent}`)}
            required
            inline
            error={error('zeit')}
            options={p.starts.map((s) => ({ value: s.time, label: formatClock(s.startsAt, locale) }))}
          />
          <ButtonGroup>
            <Button label={t('apptStaff.move.submit')} />
            <ButtonLink href={bookingPath(b.id)} label={t('apptStaff.cancel.back')} />
          </ButtonGroup>
        </form>
      )}
    </>
  );
}
