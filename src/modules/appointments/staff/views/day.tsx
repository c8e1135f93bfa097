/**
 * The day view of a Standort: one table per counter with the booked
 * appointments in time order and the arrival / no-show buttons, the
 * reservations still running (without personal data), and the places per
 * hour. Navigation to the neighbouring days, any day, the week.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { Button, CsrfField, DataTable, DateInput, ErrorSummary, InsetText, trusted, WarningText, type FieldError } from '../../../../core/ui/components.tsx';
import { addDays, mondayOf } from '../../../../core/time/berlin.ts';
import type { Location } from '../../booking/locations.ts';
import { formatClock, formatIsoDay } from '../../format.ts';
import type { DayBooking, DayPlan } from '../staff.service.ts';
import { BookingStatus, bookingPath, dayPath, Link, LocationLinks, NamedButton, percent, servicesLabel, STAFF_PATH, timeRange, weekPath } from './shared.tsx';

export interface DayPageProps {
  t: Translate;
  locale: Locale;
  location: Location;
  plan: DayPlan;
  today: string;
  csrfToken: string;
  /** The day picker's error (a day that does not exist). */
  errors?: readonly FieldError[];
  pickerValue?: string;
}

/** POST buttons for arrival and no-show; the time and reference go into the accessible name. */
export function VisitButtons(props: { t: Translate; locale: Locale; id: string; reference: string; startsAt: Date; canCheckIn: boolean; canNoShow: boolean; csrfToken: string; back: 'tag' | 'buchung' }): JSX.Element {
  const { t } = props;
  const which = ` ${formatClock(props.startsAt, props.locale)}, ${props.reference}`;
  return (
    <>
      {props.canCheckIn ? (
        <form method="post" action={`${bookingPath(props.id)}/ankunft`}>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="zurueck" value={props.back} />
          <NamedButton variant="secondary" label={t('apptStaff.action.checkIn')} accessibleName={`${t('apptStaff.action.checkIn')}:${which}`} />
        </form>
      ) : (
        ''
      )}
      {props.canNoShow ? (
        <form method="post" action={`${bookingPath(props.id)}/nicht-erschienen`}>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="zurueck" value={props.back} />
          <NamedButton variant="tertiary" label={t('apptStaff.action.noShow')} accessibleName={`${t('apptStaff.action.noShow')}:${which}`} />
        </form>
      ) : (
        ''
      )}
    </>
  );
}

function VariantCell({ t, booking }: { t: Translate; booking: DayBooking }): JSX.Element {
  const label = t(`appointments.variant.${booking.variant}`);
  if (!booking.videoUrl) return <span safe>{label}</span>;
  return (
    <>
      <span safe>{label}</span>
      <br />
      <Link href={booking.videoUrl} text={t('apptStaff.videoLink')} srText={booking.reference} />
    </>
  );
}

function CounterTable(props: { t: Translate; locale: Locale; number: number; bookings: readonly DayBooking[]; day: string; csrfToken: string }): JSX.Element {
  const { t, locale } = props;
  const heading = t('apptStaff.day.counter', { number: props.number });
  return (
    <section aria-labelledby={`counter-${props.number}`}>
      <h2 class="kern-heading-medium" id={`counter-${props.number}`} safe>
        {heading}
      </h2>
      {props.bookings.length === 0 ? (
        <p class="kern-body" safe>
          {t('apptStaff.day.counterEmpty')}
        </p>
      ) : (
        <DataTable
          id={`counter-${props.number}-table`}
          caption={t('apptStaff.day.counterCaption', { counter: heading, day: formatIsoDay(props.day, locale) })}
          captionHidden
          head={[t('apptStaff.col.time'), t('apptStaff.col.reference'), t('apptStaff.col.name'), t('apptStaff.col.services'), t('apptStaff.col.variant'), t('apptStaff.col.channel'), t('apptStaff.col.status'), t('apptStaff.col.actions')]}
          rowHeaders
          rows={props.bookings.map((b) => [
            timeRange(b.startsAt, b.endsAt, locale),
            trusted(<Link href={bookingPath(b.id)} text={b.reference} />),
            b.name,
            servicesLabel(t, b.services),
            trusted(<VariantCell t={t} booking={b} />),
            t(`appointments.channel.${b.channel}`),
            trusted(<BookingStatus t={t} status={b.status} />),
            b.canCheckIn || b.canNoShow ? trusted(<VisitButtons t={t} locale={locale} id={b.id} reference={b.reference} startsAt={b.startsAt} canCheckIn={b.canCheckIn} canNoShow={b.canNoShow} csrfToken={props.csrfToken} back="tag" />) : '–',
          ])}
        />
      )}
    </section>
  );
}

export function DayPage(p: DayPageProps): JSX.Element {
  const { t, locale, location, plan } = p;
  const booked = plan.counters.reduce((n, c) => n + c.length, 0);
  const previous = addDays(plan.day, -1);
  const next = addDays(plan.day, 1);
  const errors = p.errors ?? [];
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.day.title', { location: location.name, day: formatIsoDay(plan.day, locale) })}
      </h1>
      <LocationLinks t={t} slug={location.slug} day={p.today} monday={mondayOf(plan.day)} />
      <nav aria-label={t('apptStaff.day.navLabel')}>
        <ul class="kern-list">
          <li>
            <Link href={dayPath(location.slug, previous)} text={t('apptStaff.day.previous')} srText={formatIsoDay(previous, locale)} />
          </li>
          <li>
            <Link href={dayPath(location.slug, next)} text={t('apptStaff.day.next')} srText={formatIsoDay(next, locale)} />
          </li>
          <li>
            <Link href={weekPath(location.slug, mondayOf(plan.day))} text={t('apptStaff.day.weekOf')} />
          </li>
        </ul>
      </nav>
      <form method="get" action={`${STAFF_PATH}/${location.slug}/tag`} class="rathaus-filters">
        <DateInput t={t} name="tag" label={t('apptStaff.day.pick')} value={p.pickerValue ?? plan.day} error={errors.find((e) => e.field === 'tag')?.message} />
        <Button variant="secondary" label={t('apptStaff.day.show')} />
      </form>
      {plan.closure !== null ? (
        <WarningText t={t}>
          <span safe>{t('apptStaff.day.closed', { reason: plan.closure })}</span>
        </WarningText>
      ) : (
        ''
      )}
      {plan.holiday !== null ? (
        <InsetText>
          <p class="kern-body" safe>
            {t('apptStaff.day.holiday', { name: plan.holiday })}
          </p>
        </InsetText>
      ) : (
        ''
      )}
      <p class="kern-body" role="status" safe>
        {booked === 0 ? t('apptStaff.day.none') : t('apptStaff.day.count', { count: booked })}
      </p>
      {plan.counters.map((bookings, i) => (
        <CounterTable t={t} locale={locale} number={i + 1} bookings={bookings} day={plan.day} csrfToken={p.csrfToken} />
      ))}
      {plan.unconfirmed.length > 0 ? (
        <section aria-labelledby="unconfirmed-heading">
          <h2 class="kern-heading-medium" id="unconfirmed-heading" safe>
            {t('apptStaff.day.unconfirmed')}
          </h2>
          <p class="kern-body" safe>
            {t('apptStaff.day.unconfirmedLead')}
          </p>
          <DataTable
            id="unconfirmed-table"
            caption={t('apptStaff.day.unconfirmed')}
            captionHidden
            head={[t('apptStaff.col.time'), t('apptStaff.col.reference'), t('apptStaff.col.status'), t('apptStaff.col.expires')]}
            rowHeaders
            rows={plan.unconfirmed.map((u) => [timeRange(u.startsAt, u.endsAt, locale), u.reference, t(`apptStaff.status.${u.status}`), formatClock(u.expiresAt, locale)])}
          />
        </section>
      ) : (
        ''
      )}
      {plan.hours.length > 0 ? (
        <section aria-labelledby="hours-heading">
          <h2 class="kern-heading-medium" id="hours-heading" safe>
            {t('apptStaff.day.hours')}
          </h2>
          <p class="kern-body" safe>
            {t('apptStaff.day.hoursLead', { minutes: location.slotMinutes })}
          </p>
          <DataTable
            id="hours-table"
            caption={t('apptStaff.day.hours')}
            captionHidden
            head={[t('apptStaff.col.hour'), t('apptStaff.col.places'), t('apptStaff.col.claimed'), t('apptStaff.col.free'), t('apptStaff.col.usage')]}
            rowHeaders
            rows={plan.hours.map((h) => [t('apptStaff.hourLabel', { hour: h.hour }), String(h.capacity), String(h.claimed), String(Math.max(0, h.capacity - h.claimed)), percent(h.claimed, h.capacity, locale)])}
          />
        </section>
      ) : (
        ''
      )}
    </>
  );
}
