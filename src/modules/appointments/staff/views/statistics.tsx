/**
 * Appointment statistics of one Standort for a period: the key figures, the
 * appointments per service and per channel as charts with tables (the
 * tables are the accessible alternative and hold all figures), and how each
 * figure is counted.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { Button, DataTable, DateInput, ErrorSummary, Select, SummaryList, type FieldError } from '../../../../core/ui/components.tsx';
import type { Location } from '../../booking/locations.ts';
import { formatIsoDay } from '../../format.ts';
import type { AppointmentFigures, Usage } from '../statistics.service.ts';
import { HorizontalBarChart } from '../../../../core/ui/charts.tsx';
import { percent, STATS_PATH } from './shared.tsx';
import { numberFormat } from '../../../../core/i18n/intl-formats.ts';

export interface StatisticsPageProps {
  t: Translate;
  locale: Locale;
  locations: readonly Location[];
  location: Location | null;
  values: { standort: string; von: string; bis: string };
  errors: readonly FieldError[];
  figures: AppointmentFigures | null;
}

const oneDecimal = (locale: Locale) => numberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function daysText(t: Translate, locale: Locale, days: number | null): string {
  if (days === null) return '–';
  return t('apptStaff.stats.days', { days: oneDecimal(locale).format(days) });
}

function usageText(t: Translate, locale: Locale, u: Usage | null): string {
  if (!u) return '–';
  if (u.capacity === 0) return t('apptStaff.stats.noCapacity');
  return t('apptStaff.stats.usage', { percent: percent(u.claimed, u.capacity, locale), claimed: u.claimed, capacity: u.capacity, from: formatIsoDay(u.from, locale, 'short'), to: formatIsoDay(u.to, locale, 'short') });
}

function Figures({ t, locale, f }: { t: Translate; locale: Locale; f: AppointmentFigures }): JSX.Element {
  const cancelled = f.cancelled.citizen + f.cancelled.staff + f.cancelled.system;
  return (
    <>
      <SummaryList
        t={t}
        rows={[
          { key: t('apptStaff.stats.appointments'), value: String(f.appointments) },
          { key: t('apptStaff.stats.outcome'), value: t('apptStaff.stats.outcomeValue', { attended: f.attended, noShow: f.noShow }) },
          { key: t('apptStaff.stats.noShowRate'), value: f.noShowRate === null ? '–' : percent(f.noShow, f.attended + f.noShow, locale) },
          { key: t('apptStaff.stats.leadMedian'), value: daysText(t, locale, f.leadMedianDays) },
          { key: t('apptStaff.stats.leadAverage'), value: daysText(t, locale, f.leadAverageDays) },
          { key: t('apptStaff.stats.usagePast'), value: usageText(t, locale, f.past) },
          { key: t('apptStaff.stats.usageUpcoming'), value: usageText(t, locale, f.upcoming) },
          { key: t('apptStaff.stats.cancelled'), value: t('apptStaff.stats.cancelledValue', { total: cancelled, citizen: f.cancelled.citizen, staff: f.cancelled.staff, system: f.cancelled.system }) },
        ]}
      />
      <h2 class="kern-heading-medium" safe>
        {t('apptStaff.stats.perService')}
      </h2>
      {f.perService.length === 0 ? (
        <p class="kern-body" safe>
          {t('apptStaff.stats.empty')}
        </p>
      ) : (
        <>
          <HorizontalBarChart id="chart-services" title={t('apptStaff.stats.perServiceChart')} bars={f.perService.map((s) => ({ label: s.title, value: s.appointments }))} />
          <DataTable
            id="table-services"
            caption={t('apptStaff.stats.perServiceTable')}
            head={[t('apptStaff.col.service'), t('apptStaff.col.bookings'), t('apptStaff.col.persons')]}
            rowHeaders
            rows={f.perService.map((s) => [s.title, String(s.appointments), String(s.persons)])}
          />
        </>
      )}
      <h2 class="kern-heading-medium" safe>
        {t('apptStaff.stats.perChannel')}
      </h2>
      <HorizontalBarChart id="chart-channels" title={t('apptStaff.stats.perChannelChart')} bars={f.perChannel.map((c) => ({ label: t(`appointments.channel.${c.channel}`), value: c.appointments }))} />
      <DataTable
        id="table-channels"
        caption={t('apptStaff.stats.perChannelTable')}
        head={[t('apptStaff.col.channel'), t('apptStaff.col.bookings'), t('apptStaff.col.share')]}
        rowHeaders
        rows={f.perChannel.map((c) => [t(`appointments.channel.${c.channel}`), String(c.appointments), percent(c.appointments, f.appointments, locale)])}
      />
    </>
  );
}

export function StatisticsPage(p: StatisticsPageProps): JSX.Element {
  const { t, locale } = p;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.stats.title')}
      </h1>
      {p.locations.length === 0 ? (
        <p class="kern-body" role="status" safe>
          {t('apptStaff.noLocations')}
        </p>
      ) : (
        <form method="get" action={STATS_PATH} class="rathaus-filters" aria-label={t('apptStaff.stats.filter')}>
          <div class="rathaus-filters__grid">
            <Select t={t} name="standort" label={t('apptStaff.field.location')} placeholder={false} value={p.values.standort} error={error('standort')} options={p.locations.map((l) => ({ value: l.slug, label: l.name }))} />
            <DateInput t={t} name="von" label={t('apptStaff.stats.from')} value={p.values.von} error={error('von')} />
            <DateInput t={t} name="bis" label={t('apptStaff.stats.to')} value={p.values.bis} error={error('bis')} />
          </div>
          <Button variant="secondary" label={t('apptStaff.stats.apply')} />
        </form>
      )}
      {p.figures && p.location ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('apptStaff.stats.heading', { location: p.location.name, from: formatIsoDay(p.figures.from, locale), to: formatIsoDay(p.figures.to, locale) })}
          </h2>
          <Figures t={t} locale={locale} f={p.figures} />
          <h2 class="kern-heading-medium" safe>
            {t('apptStaff.stats.explain')}
          </h2>
          {['appointments', 'noShow', 'lead', 'usage', 'cancelled'].map((k) => (
            <p class="kern-body" safe>
              {t(`apptStaff.stats.explain.${k}`)}
            </p>
          ))}
        </>
      ) : (
        ''
      )}
    </>
  );
}
