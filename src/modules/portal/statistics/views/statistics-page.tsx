/**
 * The statistics page: choose a service and a year, see submissions per month
 * as a chart and as a table (the table is the accessible alternative and
 * holds all figures), read how they are counted, and download the
 * applications of a period as CSV.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { Button, DataTable, DateInput, Select, WarningText, type Option } from '../../../../core/ui/components.tsx';
import type { MonthFigures, YearFigures } from '../statistics.service.ts';
import { BarChart } from '../../../../core/ui/charts.tsx';
import { dateTimeFormat, numberFormat } from '../../../../core/i18n/intl-formats.ts';

export interface StatisticsPageProps {
  t: Translate;
  locale: Locale;
  /** Admins see every unit; the lead says which scope the figures have. */
  allUnits: boolean;
  services: readonly { slug: string; title: string }[];
  service: { slug: string; title: string } | null;
  years: readonly number[];
  figures: YearFigures;
  exportDefaults: { service: string; from: string; to: string };
}

const intlLocale = (locale: Locale): string => (locale === 'de' ? 'de-DE' : 'en-GB');

export function monthName(month: number, locale: Locale, width: 'long' | 'short'): string {
  return dateTimeFormat(intlLocale(locale), { month: width, timeZone: 'UTC' }).format(Date.UTC(2000, month - 1, 1));
}

function medianText(t: Translate, locale: Locale, days: number | null): string {
  if (days === null) return t('stats.none');
  const rounded = Math.round(days * 10) / 10;
  if (rounded === 1) return t('stats.dayOne');
  return t('stats.days', { days: numberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(rounded) });
}

function onlineText(t: Translate, f: Omit<MonthFigures, 'month'>): string {
  if (f.closed === 0) return t('stats.none');
  return t('stats.percent', { percent: Math.round((f.closedOnline / f.closed) * 100), count: f.closedOnline, closed: f.closed });
}

function figureCells(t: Translate, locale: Locale, f: Omit<MonthFigures, 'month'>): string[] {
  return [String(f.submitted), String(f.closed), medianText(t, locale, f.medianDays), onlineText(t, f)];
}

function Figures({ t, locale, figures, serviceTitle }: { t: Translate; locale: Locale; figures: YearFigures; serviceTitle: string }): JSX.Element {
  const { year } = figures;
  if (figures.total.submitted === 0) {
    return (
      <p class="kern-body" role="status" safe>
        {t('stats.empty', { year })}
      </p>
    );
  }
  const peak = figures.months.reduce((a, b) => (b.submitted > a.submitted ? b : a));
  return (
    <>
      <BarChart
        id="stats-chart"
        title={t('stats.chart.title', { year })}
        description={t('stats.chart.desc', { service: serviceTitle, total: figures.total.submitted, year, peakMonth: monthName(peak.month, locale, 'long'), peak: peak.submitted })}
        bars={figures.months.map((m) => ({ label: monthName(m.month, locale, 'short'), value: m.submitted }))}
      />
      <DataTable
        id="stats-table"
        caption={t('stats.table.caption', { year, service: serviceTitle })}
        head={[t('stats.col.month'), t('stats.col.submitted'), t('stats.col.closed'), t('stats.col.median'), t('stats.col.online')]}
        rowHeaders
        rows={[...figures.months.map((m) => [monthName(m.month, locale, 'long'), ...figureCells(t, locale, m)]), [t('stats.total', { year }), ...figureCells(t, locale, figures.total)]]}
      />
    </>
  );
}

function ExportForm({ t, services, defaults }: { t: Translate; services: readonly Option[]; defaults: StatisticsPageProps['exportDefaults'] }): JSX.Element {
  if (services.length === 0) {
    return (
      <p class="kern-body" safe>
        {t('stats.export.noServices')}
      </p>
    );
  }
  return (
    <form method="get" action="/verwaltung/statistik/export.csv" class="rathaus-filters" aria-labelledby="stats-export-heading">
      <div class="rathaus-filters__grid">
        <Select t={t} name="service" label={t('stats.export.service')} required placeholder={false} value={defaults.service} options={services} />
        <DateInput t={t} name="from" label={t('stats.export.from')} required value={defaults.from} />
        <DateInput t={t} name="to" label={t('stats.export.to')} required value={defaults.to} />
      </div>
      <Button label={t('stats.export.submit')} />
    </form>
  );
}

export function StatisticsPage(p: StatisticsPageProps): JSX.Element {
  const { t, locale, figures } = p;
  const serviceTitle = p.service?.title ?? t('stats.filter.allServices');
  const serviceOptions = p.services.map((s) => ({ value: s.slug, label: s.title }));
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('stats.title')}
      </h1>
      <p class="kern-body" safe>
        {t(p.allUnits ? 'stats.leadAdmin' : 'stats.lead')}
      </p>
      <form method="get" action="/verwaltung/statistik" class="rathaus-filters" aria-label={t('stats.filter.heading')}>
        <div class="rathaus-filters__grid">
          <Select t={t} name="leistung" label={t('stats.filter.service')} placeholder={false} value={p.service?.slug ?? ''} options={[{ value: '', label: t('stats.filter.allServices') }, ...serviceOptions]} />
          <Select t={t} name="jahr" label={t('stats.filter.year')} placeholder={false} value={String(figures.year)} options={p.years.map((y) => ({ value: String(y), label: String(y) }))} />
        </div>
        <Button variant="secondary" label={t('stats.filter.apply')} />
      </form>
      <h2 class="kern-heading-medium" safe>
        {t('stats.heading', { service: serviceTitle, year: figures.year })}
      </h2>
      <Figures t={t} locale={locale} figures={figures} serviceTitle={serviceTitle} />
      <h2 class="kern-heading-medium" safe>
        {t('stats.explain.heading')}
      </h2>
      <p class="kern-body" safe>
        {t('stats.explain.month')}
      </p>
      <p class="kern-body" safe>
        {t('stats.explain.median')}
      </p>
      <p class="kern-body" safe>
        {t('stats.explain.online')}
      </p>
      <h2 class="kern-heading-medium" id="stats-export-heading" safe>
        {t('stats.export.heading')}
      </h2>
      <p class="kern-body" safe>
        {t('stats.export.lead')}
      </p>
      <WarningText t={t}>
        <span safe>{t('stats.export.privacy')}</span>
      </WarningText>
      <ExportForm t={t} services={serviceOptions} defaults={p.exportDefaults} />
    </>
  );
}
