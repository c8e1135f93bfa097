/** The week of a Standort: per day the booked appointments and how full the opening hours are, each day linking to its day view. */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { DataTable, trusted } from '../../../../core/ui/components.tsx';
import { addDays } from '../../../../core/time/berlin.ts';
import type { Location } from '../../booking/locations.ts';
import { formatIsoDay } from '../../format.ts';
import type { WeekDay } from '../staff.service.ts';
import { dayPath, Link, LocationLinks, percent, weekPath } from './shared.tsx';

export interface WeekPageProps {
  t: Translate;
  locale: Locale;
  location: Location;
  monday: string;
  today: string;
  days: readonly WeekDay[];
}

function note(t: Translate, d: WeekDay): string {
  if (d.closure !== null) return t('apptStaff.day.closed', { reason: d.closure });
  if (d.holiday !== null) return t('apptStaff.week.holiday', { name: d.holiday });
  if (d.capacity === 0) return t('apptStaff.week.noHours');
  return '';
}

export function WeekPage({ t, locale, location, monday, today, days }: WeekPageProps): JSX.Element {
  const sunday = addDays(monday, 6);
  const previous = addDays(monday, -7);
  const next = addDays(monday, 7);
  const total = days.reduce((n, d) => n + d.bookings, 0);
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.week.title', { location: location.name })}
      </h1>
      <p class="kern-body kern-body--large" safe>
        {t('apptStaff.week.range', { from: formatIsoDay(monday, locale), to: formatIsoDay(sunday, locale) })}
      </p>
      <LocationLinks t={t} slug={location.slug} day={today} monday={monday} />
      <nav aria-label={t('apptStaff.week.navLabel')}>
        <ul class="kern-list">
          <li>
            <Link href={weekPath(location.slug, previous)} text={t('apptStaff.week.previous')} srText={formatIsoDay(previous, locale)} />
          </li>
          <li>
            <Link href={weekPath(location.slug, next)} text={t('apptStaff.week.next')} srText={formatIsoDay(next, locale)} />
          </li>
        </ul>
      </nav>
      <p class="kern-body" safe>
        {t('apptStaff.week.lead', { minutes: location.slotMinutes })}
      </p>
      <DataTable
        id="week-table"
        caption={t('apptStaff.week.caption', { count: total })}
        head={[t('apptStaff.col.day'), t('apptStaff.col.bookings'), t('apptStaff.col.unconfirmed'), t('apptStaff.col.claimedOfPlaces'), t('apptStaff.col.usage'), t('apptStaff.col.note')]}
        rowHeaders
        rows={days.map((d) => [
          trusted(<Link href={dayPath(location.slug, d.day)} text={formatIsoDay(d.day, locale)} />),
          String(d.bookings),
          String(d.unconfirmed),
          d.capacity > 0 ? t('apptStaff.week.claimedOf', { claimed: d.claimed, capacity: d.capacity }) : '–',
          percent(d.claimed, d.capacity, locale),
          note(t, d),
        ])}
      />
    </>
  );
}
