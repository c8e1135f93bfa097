/**
 * Figures about Mängelmeldungen for the back office, over the reports
 * received in a period of calendar months (Europe/Berlin):
 *
 * - received per category and month;
 * - per category and overall: closed, still open, overdue (open past the
 *   deadline), processing time (median and 90th percentile of the days from
 *   receipt to closing, over the closed ones) and the share closed within
 *   the deadline (closed_at ≤ due_at, over the closed ones with a deadline);
 * - satisfaction (the reporters' 1–5 feedback): average and distribution;
 * - reports by channel (web form, Open311, entered by staff);
 * - where: reports per district (report_areas; districts may overlap, a
 *   report counts in each that contains it) and a grid of the points by
 *   state for the dot map.
 *
 * The figures come from four aggregate queries over `reports` (per
 * category with the totals, channels and feedback; per month; per district;
 * the map grid), each bounded by tenant and period and each one pass over
 * the rows, so the page stays fast with 100 000 reports; nothing loops over
 * rows in JavaScript. Clerks see the reports whose Vorgang sits in a unit they work in,
 * admins all. No HTTP here.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../../core/db/database.ts';
import type { Database } from '../../../core/db/tables.ts';
import { berlinInstant } from '../../../core/time/berlin.ts';
import type { Bounds } from '../model/geo.ts';
import { REPORT_STATES } from '../model/states.ts';
import type { ReportSource, ReportState } from '../schema.ts';

export const SOURCES: readonly ReportSource[] = ['web', 'open311', 'staff'];
export const SCORES = [1, 2, 3, 4, 5] as const;
/** The longest period the page computes at once. */
export const MAX_MONTHS = 36;
/** Columns of the dot map's grid; the rows follow from the tenant's area. */
export const GRID_COLUMNS = 40;

export interface StatisticsScope {
  tenantId: string;
  /** First and last month of the period, YYYY-MM (Berlin calendar). */
  from: string;
  to: string;
  /** Units whose reports count; null = all (admins). */
  unitIds: readonly string[] | null;
  categoryId: string | null;
  /** "Overdue" is measured against this instant. */
  now: Date;
}

export interface ProcessingFigures {
  received: number;
  closed: number;
  open: number;
  overdue: number;
  /** Days from receipt to closing over the closed reports; null when none is closed. */
  medianDays: number | null;
  p90Days: number | null;
  /** Closed reports that had a deadline, and those of them closed by it. */
  closedWithDeadline: number;
  closedInTime: number;
  /** Reports placed by address only (no point on the map). */
  withoutPoint: number;
}

export interface MapCell {
  /** Centre of the grid cell. */
  lat: number;
  lng: number;
  state: ReportState;
  count: number;
}

export interface ReportFigures {
  months: string[];
  /** Received per month and category (only pairs with reports). */
  perMonth: { month: string; categoryId: string; count: number }[];
  perCategory: (ProcessingFigures & { categoryId: string })[];
  total: ProcessingFigures;
  feedback: { count: number; average: number | null; distribution: { score: number; count: number }[] };
  sources: { source: ReportSource; count: number }[];
  areas: { id: string; slug: string; name: string; bounds: Bounds; total: number; open: number }[];
  map: { bounds: Bounds; columns: number; rows: number; cells: MapCell[]; perState: { state: ReportState; count: number }[] };
}

/** The months from `from` to `to`, both included (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard <= 1200; guard++) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > to) break;
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** YYYY-MM of the month `n` months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The period as instants: from the first midnight of `from` to the first midnight after `to`, Berlin time. */
export function periodInstants(from: string, to: string): { start: Date; end: Date } {
  return { start: berlinInstant(`${from}-01`, '00:00') as Date, end: berlinInstant(`${addMonths(to, 1)}-01`, '00:00') as Date };
}

type ReportsQuery = SelectQueryBuilder<Database & { r: Database['reports'] }, 'r', object>;

/** The reports that count: tenant, period, category and the units' Vorgänge (a semi-join on the case's unit). */
function scoped(db: Db, scope: StatisticsScope): ReportsQuery {
  const { start, end } = periodInstants(scope.from, scope.to);
  let query = db.selectFrom('reports as r').where('r.tenant_id', '=', scope.tenantId).where('r.requested_at', '>=', start).where('r.requested_at', '<', end) as unknown as ReportsQuery;
  if (scope.categoryId) query = query.where('r.category_id', '=', scope.categoryId);
  if (scope.unitIds) {
    const units = scope.unitIds.length ? [...scope.unitIds] : ['00000000-0000-0000-0000-000000000000'];
    query = query.where('r.case_id', 'in', db.selectFrom('cases').select('id').where('tenant_id', '=', scope.tenantId).where('unit_id', 'in', units));
  }
  return query;
}

const days = sql<number>`extract(epoch from (r.closed_at - r.requested_at)) / 86400.0`;
const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

interface ProcessingRow {
  category_id: string | null;
  is_total: number;
  received: string;
  closed: string;
  open: string;
  overdue: string;
  /** [median, 90th percentile] in days. */
  percentiles: (number | string | null)[] | null;
  closed_with_deadline: string;
  closed_in_time: string;
  without_point: string;
}

function processing(row: ProcessingRow | undefined): ProcessingFigures {
  return {
    received: Number(row?.received ?? 0),
    closed: Number(row?.closed ?? 0),
    open: Number(row?.open ?? 0),
    overdue: Number(row?.overdue ?? 0),
    medianDays: toNumber(row?.percentiles?.[0]),
    p90Days: toNumber(row?.percentiles?.[1]),
    closedWithDeadline: Number(row?.closed_with_deadline ?? 0),
    closedInTime: Number(row?.closed_in_time ?? 0),
    withoutPoint: Number(row?.without_point ?? 0),
  };
}

type Counts = Record<string, string | number | null>;

/**
 * Per category and (grouping set ()) overall, in one pass; the channels and
 * the feedback scores are counted in the same pass.
 */
async function processingFigures(db: Db, scope: StatisticsScope) {
  const rows = (await scoped(db, scope)
    .select([
      'r.category_id',
      sql<number>`grouping(r.category_id)`.as('is_total'),
      sql<string>`count(*)`.as('received'),
      sql<string>`count(*) filter (where r.closed_at is not null)`.as('closed'),
      sql<string>`count(*) filter (where r.closed_at is null)`.as('open'),
      sql<string>`count(*) filter (where r.closed_at is null and r.due_at < ${scope.now})`.as('overdue'),
      // Both percentiles from one sort.
      sql<number[] | null>`percentile_cont(array[0.5, 0.9]) within group (order by ${days}) filter (where r.closed_at is not null)`.as('percentiles'),
      sql<string>`count(*) filter (where r.closed_at is not null and r.due_at is not null)`.as('closed_with_deadline'),
      sql<string>`count(*) filter (where r.closed_at <= r.due_at)`.as('closed_in_time'),
      sql<string>`count(*) filter (where r.lat is null)`.as('without_point'),
      ...SOURCES.map((source) => sql<string>`count(*) filter (where r.source = ${source})`.as(`source_${source}`)),
      ...SCORES.map((score) => sql<string>`count(*) filter (where r.feedback_score = ${score})`.as(`score_${score}`)),
    ])
    .groupBy(sql`grouping sets ((r.category_id), ())`)
    .execute()) as unknown as (ProcessingRow & Counts)[];
  const totalRow = rows.find((r) => Number(r.is_total) === 1);
  const distribution = SCORES.map((score) => ({ score, count: Number(totalRow?.[`score_${score}`] ?? 0) }));
  const rated = distribution.reduce((sum, d) => sum + d.count, 0);
  return {
    total: processing(totalRow),
    perCategory: rows.filter((r) => Number(r.is_total) === 0 && r.category_id).map((r) => ({ categoryId: r.category_id as string, ...processing(r) })),
    sources: SOURCES.map((source) => ({ source, count: Number(totalRow?.[`source_${source}`] ?? 0) })),
    feedback: { count: rated, average: rated ? distribution.reduce((sum, d) => sum + d.score * d.count, 0) / rated : null, distribution },
  };
}

/** Received per month and category; the month is found by comparing with the months' first instants (no time-zone arithmetic per row). */
async function perMonth(db: Db, scope: StatisticsScope) {
  const months = monthsBetween(scope.from, scope.to);
  const starts = months.map((m) => (berlinInstant(`${m}-01`, '00:00') as Date).toISOString());
  const bucket = sql<number>`width_bucket(r.requested_at, ${starts}::timestamptz[])`;
  // Grouped by position: the bucket expression carries a parameter, which PostgreSQL does not match between select and group by.
  const rows = await scoped(db, scope).select([bucket.as('bucket'), 'r.category_id', sql<string>`count(*)`.as('n')]).groupBy([sql`1`, 'r.category_id']).execute();
  return rows.map((r) => ({ month: months[Number(r.bucket) - 1] ?? months[0] ?? scope.from, categoryId: r.category_id, count: Number(r.n) }));
}

/** Reports per district, in one pass: a filtered count per district rectangle. */
async function areas(db: Db, scope: StatisticsScope): Promise<ReportFigures['areas']> {
  const list = await db.selectFrom('report_areas').selectAll().where('tenant_id', '=', scope.tenantId).orderBy('position').orderBy('name').execute();
  if (list.length === 0) return [];
  const counts = list.flatMap((a, i) => {
    const inside = sql<boolean>`r.lat between ${a.min_lat} and ${a.max_lat} and r.lng between ${a.min_lng} and ${a.max_lng}`;
    return [sql<string>`count(*) filter (where ${inside})`.as(`total_${i}`), sql<string>`count(*) filter (where ${inside} and r.closed_at is null)`.as(`open_${i}`)];
  });
  const row = ((await scoped(db, scope).select(counts).where('r.lat', 'is not', null).executeTakeFirst()) ?? {}) as Counts;
  return list.map((a, i) => ({
    id: a.id,
    slug: a.slug,
    name: a.name,
    bounds: { minLat: a.min_lat, minLng: a.min_lng, maxLat: a.max_lat, maxLng: a.max_lng },
    total: Number(row[`total_${i}`] ?? 0),
    open: Number(row[`open_${i}`] ?? 0),
  }));
}

/** Rows of the grid for the area's shape: cells about square on the ground. */
export function gridRows(bounds: Bounds): number {
  const midLat = ((bounds.minLat + bounds.maxLat) / 2) * (Math.PI / 180);
  const ratio = (bounds.maxLat - bounds.minLat) / ((bounds.maxLng - bounds.minLng) * Math.max(0.01, Math.cos(midLat)));
  return Math.min(GRID_COLUMNS * 2, Math.max(8, Math.round(GRID_COLUMNS * ratio)));
}

/** The points inside the tenant's area, counted per grid cell and state (bounded size, whatever the number of reports). */
async function mapGrid(db: Db, scope: StatisticsScope, bounds: Bounds): Promise<ReportFigures['map']> {
  const rows = gridRows(bounds);
  const cellLat = (bounds.maxLat - bounds.minLat) / rows;
  const cellLng = (bounds.maxLng - bounds.minLng) / GRID_COLUMNS;
  const gy = sql<number>`least(floor((r.lat - ${bounds.minLat}) / ${cellLat}), ${rows - 1})::int`;
  const gx = sql<number>`least(floor((r.lng - ${bounds.minLng}) / ${cellLng}), ${GRID_COLUMNS - 1})::int`;
  const found = await scoped(db, scope)
    .select([gy.as('gy'), gx.as('gx'), 'r.state', sql<string>`count(*)`.as('n')])
    .where('r.lat', '>=', bounds.minLat)
    .where('r.lat', '<=', bounds.maxLat)
    .where('r.lng', '>=', bounds.minLng)
    .where('r.lng', '<=', bounds.maxLng)
    // By position: the cell expressions carry parameters, which PostgreSQL does not match between select and group by.
    .groupBy([sql`1`, sql`2`, 'r.state'])
    .execute();
  const cells = found.map((c) => ({ lat: bounds.minLat + (Number(c.gy) + 0.5) * cellLat, lng: bounds.minLng + (Number(c.gx) + 0.5) * cellLng, state: c.state, count: Number(c.n) }));
  const perState = REPORT_STATES.map((state) => ({ state, count: cells.filter((c) => c.state === state).reduce((sum, c) => sum + c.count, 0) }));
  return { bounds, columns: GRID_COLUMNS, rows, cells, perState };
}

/** All figures of the page: four passes over the period's reports, independent, run side by side. */
export async function reportFigures(db: Db, scope: StatisticsScope, bounds: Bounds): Promise<ReportFigures> {
  const [processingResult, months, areaResult, map] = await Promise.all([processingFigures(db, scope), perMonth(db, scope), areas(db, scope), mapGrid(db, scope, bounds)]);
  return { months: monthsBetween(scope.from, scope.to), perMonth: months, ...processingResult, areas: areaResult, map };
}
