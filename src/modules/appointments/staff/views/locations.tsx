/** /verwaltung/termine: the Standorte a staff member manages, each with its day and week views. */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { DataTable, StatusTag, trusted } from '../../../../core/ui/components.tsx';
import type { Location } from '../../booking/locations.ts';
import { formatIsoDay } from '../../format.ts';
import { bookPath, dayPath, Link, STATS_PATH, weekPath } from './shared.tsx';

export interface LocationsPageProps {
  t: Translate;
  locale: Locale;
  locations: readonly (Location & { unitName: string })[];
  today: string;
  monday: string;
}

export function LocationsPage({ t, locale, locations, today, monday }: LocationsPageProps): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.title')}
      </h1>
      <p class="kern-body" safe>
        {t('apptStaff.lead', { today: formatIsoDay(today, locale) })}
      </p>
      {locations.length === 0 ? (
        <p class="kern-body" role="status" safe>
          {t('apptStaff.noLocations')}
        </p>
      ) : (
        <DataTable
          id="appt-locations"
          caption={t('apptStaff.locations.caption')}
          head={[t('apptStaff.locations.col.name'), t('apptStaff.locations.col.unit'), t('apptStaff.locations.col.today'), t('apptStaff.locations.col.week'), t('apptStaff.locations.col.book')]}
          rowHeaders
          rows={locations.map((l) => [
            trusted(
              <>
                <span safe>{l.name}</span>
                {l.active ? (
                  ''
                ) : (
                  <>
                    {' '}
                    <StatusTag label={t('apptStaff.inactive')} tone="neutral" />
                  </>
                )}
              </>,
            ),
            l.unitName,
            trusted(<Link href={dayPath(l.slug, today)} text={t('apptStaff.locations.todayLink')} srText={l.name} />),
            trusted(<Link href={weekPath(l.slug, monday)} text={t('apptStaff.locations.weekLink')} srText={l.name} />),
            trusted(<Link href={bookPath(l.slug)} text={t('apptStaff.locations.bookLink')} srText={l.name} />),
          ])}
        />
      )}
      <p class="kern-body">
        <Link href={STATS_PATH} text={t('apptStaff.stats.link')} />
      </p>
    </>
  );
}
