/**
 * Statistik des Mängelmelders (/verwaltung/maengel/statistik) and its figures
 * as CSV. Both show only the reports whose Vorgang sits in a unit the clerk
 * works in (admins: all), filtered by a period of months, a category and a
 * unit. The CSV holds counts only, no personal data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAccess, workUnits, type StaffActor } from '../../../core/auth/policy.ts';
import { contentDisposition } from '../../../core/files/download.ts';
import { staffOf } from '../../../core/http/context.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import type { NavEntry } from '../../../core/module.ts';
import type { Services } from '../../../core/services.ts';
import { berlinDay } from '../../../core/time/berlin.ts';
import { toCsv } from '../../portal/statistics/csv.ts';
import { reportsOf } from '../instance.ts';
import { addMonths, GRID_COLUMNS, MAX_MONTHS, monthsBetween, reportFigures, type ReportFigures, type StatisticsScope } from './statistics.service.ts';
import { monthLabel, StatisticsPage, type StatsCategory } from './views/statistics-page.tsx';
import { numberFormat } from '../../../core/i18n/intl-formats.ts';

export { reportStatisticsMessages } from './messages.ts';

const PATH = '/maengel/statistik';
const FULL_PATH = `/verwaltung${PATH}`;

export const reportStatisticsNavigation: NavEntry[] = [{ labelKey: 'reportStats.nav', href: FULL_PATH, permission: 'reports.view', order: 32 }];

/** How many months back the period selection offers. */
const MONTHS_OFFERED = 60;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const statsQuery = z.object({
  von: z.string().regex(MONTH).optional(),
  bis: z.string().regex(MONTH).optional(),
  kategorie: z.union([z.literal(''), z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(40)]).optional(),
  einheit: z.union([z.literal(''), z.uuid()]).optional(),
  lang: z.string().optional(),
});
type StatsQuery = z.infer<typeof statsQuery>;

interface Resolved {
  values: { von: string; bis: string; kategorie: string; einheit: string };
  errors: FieldError[];
  scope: StatisticsScope;
  categories: StatsCategory[];
  units: { id: string; name: string }[];
  allUnits: boolean;
}

/**
 * The filter as the clerk may use it: a period (default the last twelve
 * months), a category of the tenant and one of the clerk's own units.
 * Outcomes: the scope (with errors for an impossible period), 'bad' for a
 * category that does not exist, 'forbidden' for a unit that is not theirs.
 */
async function resolve(services: Services, actor: StaffActor, q: StatsQuery, t: Translate, locale: Locale): Promise<Resolved | 'bad' | 'forbidden'> {
  requireAccess(actor, 'reports.view', { tenantId: actor.tenantId });
  const current = berlinDay(services.now()).slice(0, 7);
  const bis = q.bis ?? current;
  const von = q.von ?? addMonths(bis, -11);
  const errors: FieldError[] = [];
  if (von > bis) errors.push({ field: 'von', message: t('reportStats.error.order') });
  else if (monthsBetween(von, bis).length > MAX_MONTHS) errors.push({ field: 'von', message: t('reportStats.error.span', { max: MAX_MONTHS }) });
  const categories = (await reportsOf(services).categories(actor.tenantId, { includeInactive: true })).map((c) => ({ id: c.id, code: c.code, name: c.name[locale] }));
  const category = q.kategorie ? categories.find((c) => c.code === q.kategorie) : null;
  if (category === undefined) return 'bad';
  const own = workUnits(actor);
  const all = await services.db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).orderBy('name').execute();
  const units = own === null ? all : all.filter((u) => own.includes(u.id));
  if (q.einheit && !units.some((u) => u.id === q.einheit)) return 'forbidden';
  return {
    values: { von, bis, kategorie: category?.code ?? '', einheit: q.einheit ?? '' },
    errors,
    scope: { tenantId: actor.tenantId, from: von, to: bis, unitIds: q.einheit ? [q.einheit] : own, categoryId: category?.id ?? null, now: services.now() },
    categories,
    units,
    allUnits: own === null,
  };
}

function queryString(values: Resolved['values']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  return params.toString();
}

/** The months offered in the period selection, newest first (a chosen older month stays selectable). */
function monthOptions(current: string, chosen: readonly string[], locale: Locale) {
  const months = new Set([...monthsBetween(addMonths(current, -(MONTHS_OFFERED - 1)), current), ...chosen]);
  return [...months].sort().reverse().map((m) => ({ value: m, label: monthLabel(m, locale) }));
}

export function reportStatisticsRoutes(app: FastifyInstance, services: Services): void {
  async function resolved(request: FastifyRequest, reply: FastifyReply): Promise<Resolved | null> {
    const r = await resolve(services, staffOf(request), request.query as StatsQuery, request.t, request.locale);
    if (r === 'bad') {
      await reply.errorPage(400, '400');
      return null;
    }
    if (r === 'forbidden') {
      await reply.errorPage(403, '403');
      return null;
    }
    return r;
  }

  app.get(PATH, { schema: { querystring: statsQuery } }, async (request, reply) => {
    const r = await resolved(request, reply);
    if (!r) return reply;
    const { t, locale } = request;
    const bounds = await reportsOf(services).boundsOf(r.scope.tenantId);
    const figures = r.errors.length ? null : await reportFigures(services.db, r.scope, bounds);
    const midLat = ((bounds.minLat + bounds.maxLat) / 2) * (Math.PI / 180);
    const cellMetres = Math.round((((bounds.maxLng - bounds.minLng) / GRID_COLUMNS) * 111_320 * Math.cos(midLat)) / 10) * 10;
    return reply.page({
      title: (r.errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('reportStats.title'),
      status: r.errors.length ? 422 : 200,
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('reportStats.nav') }],
      body: StatisticsPage({
        t,
        locale,
        tenantName: request.tenant.name,
        allUnits: r.allUnits,
        values: r.values,
        monthOptions: monthOptions(berlinDay(services.now()).slice(0, 7), [r.values.von, r.values.bis], locale),
        categories: r.categories,
        units: r.units,
        errors: r.errors,
        figures,
        cellMetres,
        csvHref: `${FULL_PATH}/zahlen.csv?${queryString(r.values)}`,
      }),
    });
  });

  app.get(`${PATH}/zahlen.csv`, { schema: { querystring: statsQuery } }, async (request, reply) => {
    const r = await resolved(request, reply);
    if (!r) return reply;
    if (r.errors.length) return reply.errorPage(400, '400');
    const { t, locale } = request;
    const figures = await reportFigures(services.db, r.scope, await reportsOf(services).boundsOf(r.scope.tenantId));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition(t('reportStats.csv.filename', { from: r.values.von, to: r.values.bis })))
      .header('cache-control', 'no-store')
      .send(toCsv(csvRows(t, locale, request.tenant.name, r, figures)));
  });
}

/** All figures of the page as spreadsheet rows, one block per table, numbers in the reader's notation. */
function csvRows(t: Translate, locale: Locale, tenantName: string, r: Resolved, f: ReportFigures): string[][] {
  const decimal = (n: number | null) => (n === null ? '' : numberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { useGrouping: false, maximumFractionDigits: 2 }).format(n));
  const shown = r.categories.filter((c) => f.perCategory.some((p) => p.categoryId === c.id));
  const count = (month: string, categoryId: string) => f.perMonth.find((m) => m.month === month && m.categoryId === categoryId)?.count ?? 0;
  const processing = (name: string, p: ReportFigures['total']) => [name, String(p.received), String(p.closed), String(p.open), String(p.overdue), decimal(p.medianDays), decimal(p.p90Days), String(p.closedWithDeadline), String(p.closedInTime)];
  return [
    [tenantName, t('reportStats.title'), r.values.von, r.values.bis],
    [],
    [t('reportStats.csv.section.month')],
    [t('reportStats.col.month'), ...shown.map((c) => c.name), t('reportStats.col.total')],
    ...f.months.map((m) => [m, ...shown.map((c) => String(count(m, c.id))), String(f.perMonth.filter((p) => p.month === m).reduce((sum, p) => sum + p.count, 0))]),
    [],
    [t('reportStats.csv.section.processing')],
    [t('reportStats.col.category'), t('reportStats.col.received'), t('reportStats.col.closed'), t('reportStats.col.open'), t('reportStats.col.overdue'), t('reportStats.csv.medianDays'), t('reportStats.csv.p90Days'), t('reportStats.csv.closedWithDeadline'), t('reportStats.csv.closedInTime')],
    ...shown.map((c) => processing(c.name, f.perCategory.find((p) => p.categoryId === c.id) as ReportFigures['total'])),
    processing(t('reportStats.col.total'), f.total),
    [],
    [t('reportStats.csv.section.feedback')],
    [t('reportStats.col.score'), t('reportStats.col.count')],
    ...f.feedback.distribution.map((d) => [String(d.score), String(d.count)]),
    [],
    [t('reportStats.csv.section.sources')],
    [t('reportStats.col.source'), t('reportStats.col.count')],
    ...f.sources.map((s) => [t(`reports.source.${s.source}`), String(s.count)]),
    [],
    [t('reportStats.csv.section.areas')],
    [t('reportStats.col.area'), t('reportStats.col.received'), t('reportStats.col.open')],
    ...f.areas.map((a) => [a.name, String(a.total), String(a.open)]),
    [t('reportStats.map.noPoint'), String(f.total.withoutPoint), ''],
  ];
}
