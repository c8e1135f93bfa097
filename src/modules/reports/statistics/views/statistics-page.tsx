/**
 * The Mängelmelder statistics page: the filter, an overview, reports per
 * month and category (stacked bars), processing time and deadlines per
 * category, satisfaction, channels, and the dot map with the counts per
 * district. Every chart has a table with all its figures beside it (the
 * accessible alternative), and the page says how each figure is counted.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { Button, DataTable, ErrorSummary, Select, SummaryList, type FieldError, type Option } from '../../../../core/ui/components.tsx';
import { stateLabelKey } from '../../model/states.ts';
import type { ProcessingFigures, ReportFigures } from '../statistics.service.ts';
import { colourOf, HorizontalBarChart, StackedBarChart, Swatch } from '../../../../core/ui/charts.tsx';
import { DotMap, LegendMark } from './dot-map.tsx';
import { dateTimeFormat, numberFormat } from '../../../../core/i18n/intl-formats.ts';

export interface StatsCategory {
  id: string;
  code: string;
  name: string;
}

export interface StatisticsPageProps {
  t: Translate;
  locale: Locale;
  tenantName: string;
  allUnits: boolean;
  values: { von: string; bis: string; kategorie: string; einheit: string };
  monthOptions: readonly Option[];
  categories: readonly StatsCategory[];
  units: readonly { id: string; name: string }[];
  errors: readonly FieldError[];
  figures: ReportFigures | null;
  /** Ground size of a map cell in metres (for the map's explanation). */
  cellMetres: number;
  csvHref: string;
}

const intlLocale = (locale: Locale): string => (locale === 'de' ? 'de-DE' : 'en-GB');

/** "März 2027" / "Mär 27" for a YYYY-MM month. */
export function monthLabel(month: string, locale: Locale, width: 'long' | 'short' = 'long'): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return dateTimeFormat(intlLocale(locale), width === 'long' ? { month: 'long', year: 'numeric', timeZone: 'UTC' } : { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(Date.UTC(year, m - 1, 1));
}

function oneDecimal(locale: Locale, n: number): string {
  return numberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(Math.round(n * 10) / 10);
}

export function daysText(t: Translate, locale: Locale, value: number | null): string {
  if (value === null) return t('reportStats.none');
  const rounded = Math.round(value * 10) / 10;
  return rounded === 1 ? t('reportStats.day') : t('reportStats.days', { days: oneDecimal(locale, rounded) });
}

export function shareText(t: Translate, count: number, of: number): string {
  if (of === 0) return t('reportStats.none');
  return t('reportStats.share', { percent: Math.round((count / of) * 100), count, of });
}

function processingCells(t: Translate, locale: Locale, f: ProcessingFigures): string[] {
  return [String(f.received), String(f.closed), String(f.open), String(f.overdue), daysText(t, locale, f.medianDays), daysText(t, locale, f.p90Days), shareText(t, f.closedInTime, f.closedWithDeadline)];
}

function Filter(p: StatisticsPageProps): JSX.Element {
  const { t } = p;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  return (
    <form method="get" action="/verwaltung/maengel/statistik" class="rathaus-filters" aria-label={t('reportStats.filter')}>
      <div class="rathaus-filters__grid">
        <Select t={t} name="von" label={t('reportStats.filter.from')} placeholder={false} value={p.values.von} error={error('von')} options={p.monthOptions} />
        <Select t={t} name="bis" label={t('reportStats.filter.to')} placeholder={false} value={p.values.bis} error={error('bis')} options={p.monthOptions} />
        <Select t={t} name="kategorie" label={t('reportStats.filter.category')} placeholder={false} value={p.values.kategorie} options={[{ value: '', label: t('reportStats.filter.allCategories') }, ...p.categories.map((c) => ({ value: c.code, label: c.name }))]} />
        <Select t={t} name="einheit" label={t('reportStats.filter.unit')} placeholder={false} value={p.values.einheit} options={[{ value: '', label: t(p.allUnits ? 'reportStats.filter.allUnitsAdmin' : 'reportStats.filter.allUnits') }, ...p.units.map((u) => ({ value: u.id, label: u.name }))]} />
      </div>
      <Button variant="secondary" label={t('reportStats.filter.apply')} />
    </form>
  );
}

function Overview({ t, locale, f }: { t: Translate; locale: Locale; f: ReportFigures }): JSX.Element {
  const average = f.feedback.average === null ? t('reportStats.none') : t('reportStats.average', { average: oneDecimal(locale, f.feedback.average), count: f.feedback.count });
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportStats.overview')}
      </h2>
      <SummaryList
        t={t}
        rows={[
          { key: t('reportStats.received'), value: String(f.total.received) },
          { key: t('reportStats.closed'), value: String(f.total.closed) },
          { key: t('reportStats.open'), value: String(f.total.open) },
          { key: t('reportStats.overdue'), value: String(f.total.overdue) },
          { key: t('reportStats.median'), value: daysText(t, locale, f.total.medianDays) },
          { key: t('reportStats.p90'), value: daysText(t, locale, f.total.p90Days) },
          { key: t('reportStats.inTime'), value: shareText(t, f.total.closedInTime, f.total.closedWithDeadline) },
          { key: t('reportStats.satisfaction'), value: average },
        ]}
      />
    </>
  );
}

/** The categories that have reports in the period, in the tenant's order. */
function categoriesWithReports(categories: readonly StatsCategory[], f: ReportFigures): StatsCategory[] {
  const used = new Set(f.perMonth.map((m) => m.categoryId));
  return categories.filter((c) => used.has(c.id));
}

function PerMonth({ t, locale, f, categories }: { t: Translate; locale: Locale; f: ReportFigures; categories: readonly StatsCategory[] }): JSX.Element {
  const shown = categoriesWithReports(categories, f);
  const count = (month: string, categoryId: string) => f.perMonth.find((m) => m.month === month && m.categoryId === categoryId)?.count ?? 0;
  const monthTotal = (month: string) => f.perMonth.filter((m) => m.month === month).reduce((sum, m) => sum + m.count, 0);
  const peak = f.months.reduce((a, b) => (monthTotal(b) > monthTotal(a) ? b : a), f.months[0] ?? '');
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportStats.perMonth')}
      </h2>
      <StackedBarChart
        id="stats-months"
        title={t('reportStats.perMonth.chart')}
        description={t('reportStats.perMonth.desc', { total: f.total.received, from: monthLabel(f.months[0] ?? '', locale), to: monthLabel(f.months.at(-1) ?? '', locale), peakMonth: monthLabel(peak, locale), peak: monthTotal(peak) })}
        labels={f.months.map((m) => monthLabel(m, locale, 'short'))}
        series={shown.map((c, i) => ({ name: c.name, colour: colourOf(i), values: f.months.map((m) => count(m, c.id)) }))}
      />
      <h3 class="kern-heading-small" id="stats-months-legend" safe>
        {t('reportStats.perMonth.legend')}
      </h3>
      <ul class="kern-list kern-list--horizontal" aria-labelledby="stats-months-legend">
        {shown.map((c, i) => (
          <li>
            <span class="kern-badge rathaus-badge--neutral">
              <Swatch colour={colourOf(i)} />
              <span class="kern-label" safe>
                {c.name}
              </span>
            </span>
          </li>
        ))}
      </ul>
      <DataTable
        id="stats-months-table"
        caption={t('reportStats.perMonth.table')}
        head={[t('reportStats.col.month'), ...shown.map((c) => c.name), t('reportStats.col.total')]}
        rowHeaders
        rows={[
          ...f.months.map((m) => [monthLabel(m, locale), ...shown.map((c) => String(count(m, c.id))), String(monthTotal(m))]),
          [t('reportStats.col.total'), ...shown.map((c) => String(f.perMonth.filter((m) => m.categoryId === c.id).reduce((sum, m) => sum + m.count, 0))), String(f.total.received)],
        ]}
      />
    </>
  );
}

function Processing({ t, locale, f, categories }: { t: Translate; locale: Locale; f: ReportFigures; categories: readonly StatsCategory[] }): JSX.Element {
  const rows = categories.flatMap((c) => {
    const figures = f.perCategory.find((p) => p.categoryId === c.id);
    return figures ? [{ category: c, figures }] : [];
  });
  const withDeadline = rows.filter((r) => r.figures.closedWithDeadline > 0);
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportStats.processing')}
      </h2>
      {withDeadline.length ? (
        <HorizontalBarChart
          id="stats-in-time"
          title={t('reportStats.inTime.chart')}
          max={100}
          bars={withDeadline.map((r) => {
            const percent = Math.round((r.figures.closedInTime / r.figures.closedWithDeadline) * 100);
            return { label: r.category.name, value: percent, text: `${percent} %` };
          })}
        />
      ) : (
        ''
      )}
      <DataTable
        id="stats-processing-table"
        caption={t('reportStats.processing.table')}
        head={[t('reportStats.col.category'), t('reportStats.col.received'), t('reportStats.col.closed'), t('reportStats.col.open'), t('reportStats.col.overdue'), t('reportStats.col.median'), t('reportStats.col.p90'), t('reportStats.col.inTime')]}
        rowHeaders
        rows={[...rows.map((r) => [r.category.name, ...processingCells(t, locale, r.figures)]), [t('reportStats.col.total'), ...processingCells(t, locale, f.total)]]}
      />
    </>
  );
}

function Feedback({ t, locale, f }: { t: Translate; locale: Locale; f: ReportFigures }): JSX.Element {
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportStats.feedback')}
      </h2>
      {f.feedback.count === 0 ? (
        <p class="kern-body" safe>
          {t('reportStats.feedback.none')}
        </p>
      ) : (
        <>
          <p class="kern-body" safe>
            {`${t('reportStats.satisfaction')}: ${t('reportStats.average', { average: oneDecimal(locale, f.feedback.average ?? 0), count: f.feedback.count })}`}
          </p>
          <HorizontalBarChart id="stats-feedback" title={t('reportStats.feedback.chart')} bars={[...f.feedback.distribution].reverse().map((d) => ({ label: t(`reportStats.score.${d.score}`), value: d.count }))} />
          <DataTable
            id="stats-feedback-table"
            caption={t('reportStats.feedback.table')}
            head={[t('reportStats.col.score'), t('reportStats.col.count'), t('reportStats.col.share')]}
            rowHeaders
            rows={[...f.feedback.distribution].reverse().map((d) => [t(`reportStats.score.${d.score}`), String(d.count), shareText(t, d.count, f.feedback.count)])}
          />
        </>
      )}
    </>
  );
}

function Sources({ t, f }: { t: Translate; f: ReportFigures }): JSX.Element {
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportStats.sources')}
      </h2>
      <HorizontalBarChart id="stats-sources" title={t('reportStats.sources.chart')} bars={f.sources.map((s) => ({ label: t(`reports.source.${s.source}`), value: s.count }))} />
      <DataTable
        id="stats-sources-table"
        caption={t('reportStats.sources.table')}
        head={[t('reportStats.col.source'), t('reportStats.col.count'), t('reportStats.col.share')]}
        rowHeaders
        rows={f.sources.map((s) => [t(`reports.source.${s.source}`), String(s.count), shareText(t, s.count, f.total.received)])}
      />
    </>
  );
}

function MapSection(p: StatisticsPageProps & { f: ReportFigures }): JSX.Element {
  const { t, f } = p;
  const summary = f.map.perState.map((s) => t('reportStats.map.legendItem', { state: t(stateLabelKey(s.state)), count: s.count })).join(', ');
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportStats.map')}
      </h2>
      <p class="kern-body" safe>
        {t('reportStats.map.lead', { size: p.cellMetres })}
      </p>
      <DotMap
        id="stats-map"
        title={t('reportStats.map.title', { tenant: p.tenantName })}
        description={t('reportStats.map.desc', { summary })}
        bounds={f.map.bounds}
        columns={f.map.columns}
        rows={f.map.rows}
        cells={f.map.cells}
        areas={f.areas}
      />
      <h3 class="kern-heading-small" id="stats-map-legend" safe>
        {t('reportStats.map.legend')}
      </h3>
      <ul class="kern-list kern-list--horizontal" aria-labelledby="stats-map-legend">
        {f.map.perState.map((s) => (
          <li>
            <span class="kern-badge rathaus-badge--neutral">
              <LegendMark state={s.state} />
              <span class="kern-label" safe>
                {t('reportStats.map.legendItem', { state: t(stateLabelKey(s.state)), count: s.count })}
              </span>
            </span>
          </li>
        ))}
      </ul>
      <p class="kern-body kern-body--small" safe>
        {t('reportStats.map.north')}
      </p>
      <DataTable
        id="stats-areas-table"
        caption={t('reportStats.areas.table')}
        head={[t('reportStats.col.area'), t('reportStats.col.received'), t('reportStats.col.open')]}
        rowHeaders
        rows={[...f.areas.map((a) => [a.name, String(a.total), String(a.open)]), [t('reportStats.map.noPoint'), String(f.total.withoutPoint), '–']]}
      />
      <p class="kern-body kern-body--small" safe>
        {t('reportStats.areas.note')}
      </p>
    </>
  );
}

export function StatisticsPage(p: StatisticsPageProps): JSX.Element {
  const { t, locale, figures: f } = p;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reportStats.title')}
      </h1>
      <p class="kern-body" safe>
        {t(p.allUnits ? 'reportStats.leadAdmin' : 'reportStats.lead')}
      </p>
      <Filter {...p} />
      {f ? (
        <>
          <p class="kern-body kern-body--large" safe>
            {t('reportStats.heading', { from: monthLabel(f.months[0] ?? p.values.von, locale), to: monthLabel(f.months.at(-1) ?? p.values.bis, locale) })}
          </p>
          {f.total.received === 0 ? (
            <p class="kern-body" role="status" safe>
              {t('reportStats.empty')}
            </p>
          ) : (
            <>
              <Overview t={t} locale={locale} f={f} />
              <PerMonth t={t} locale={locale} f={f} categories={p.categories} />
              <Processing t={t} locale={locale} f={f} categories={p.categories} />
              <Feedback t={t} locale={locale} f={f} />
              <Sources t={t} f={f} />
              <MapSection {...p} f={f} />
            </>
          )}
          <h2 class="kern-heading-medium" safe>
            {t('reportStats.explain')}
          </h2>
          {['period', 'time', 'deadline', 'feedback'].map((k) => (
            <p class="kern-body" safe>
              {t(`reportStats.explain.${k}`)}
            </p>
          ))}
          <h2 class="kern-heading-medium" safe>
            {t('reportStats.download')}
          </h2>
          <p class="kern-body" safe>
            {t('reportStats.download.lead')}
          </p>
          <p class="kern-body">
            <a class="kern-link" href={p.csvHref} safe>
              {t('reportStats.download.link', { from: monthLabel(p.values.von, locale), to: monthLabel(p.values.bis, locale) })}
            </a>
          </p>
        </>
      ) : (
        ''
      )}
    </>
  );
}
