/**
 * Figures about online applications for the back office: submissions per
 * month of a year with processing time and the share done fully online, and
 * the applications of one service in a period for the CSV export. Staff see
 * the cases of their own units (and those assigned to them), admins all —
 * the same scope as the inbox (`listCases`). Months and days are counted in
 * Europe/Berlin. No HTTP here.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { requireAccess, workUnits, type StaffActor } from '../../../core/auth/policy.ts';
import type { Db } from '../../../core/db/database.ts';
import type { Database } from '../../../core/db/tables.ts';
import { applicationCaseType } from '../applications/submit-application.ts';

/** Which applications: those of one service (its slug and form), or all online applications. */
export type ServiceScope = { slug: string; formId: string } | null;

export interface MonthFigures {
  /** 1–12. */
  month: number;
  submitted: number;
  closed: number;
  /** Median days from submission to closing over the closed ones; null when none is closed. */
  medianDays: number | null;
  /** Closed ones that needed nothing back from the citizen (see `needsCitizenContact`). */
  closedOnline: number;
}

export interface YearFigures {
  year: number;
  months: MonthFigures[];
  total: Omit<MonthFigures, 'month'>;
}

export interface ExportCase {
  reference: string;
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  data: Record<string, unknown>;
}

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

type CasesScope = ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>;

/** The inbox scope of a staff member, exactly as `listCases` applies it. */
function visibleTo(actor: StaffActor) {
  const units = workUnits(actor);
  return (eb: CasesScope): Expression<SqlBool> => (units ? eb.or([eb('c.unit_id', 'in', units.length ? units : [NO_UNIT]), eb('c.assignee_id', '=', actor.userId)]) : eb.lit(true));
}

/**
 * Applications of a service are matched by their Vorgangstyp and the service
 * slug they were made through. Retention empties `data` of anonymised cases,
 * so those count by their type alone: the figures of past years stay.
 */
function ofService(scope: ServiceScope) {
  return (eb: CasesScope): Expression<SqlBool> => {
    if (!scope) return eb('c.type', 'like', 'antrag.%');
    return eb.and([eb('c.type', '=', applicationCaseType(scope.formId)), eb(sql<string>`coalesce(c.data->>'service', ${scope.slug})`, '=', scope.slug)]);
  };
}

/** Start of a calendar day in Europe/Berlin, as an instant (`day` is YYYY-MM-DD). */
const berlinDayStart = (day: string) => sql<Date>`(${day}::date)::timestamp at time zone 'Europe/Berlin'`;

/**
 * "Vollständig online erledigt" — an approximation: the case is closed, was
 * never set to "Rückfrage an Sie" (awaiting_citizen) and has no message from
 * the citizen. Contact outside the system (a phone call, a visit, a letter)
 * leaves no trace and cannot be seen; a case closed by rejection counts as
 * closed too. The page says so.
 */
const needsCitizenContact = sql<boolean>`exists (
  select 1 from case_events e
  where e.tenant_id = c.tenant_id and e.case_id = c.id
    and (e.kind = 'message_from_citizen' or (e.kind = 'status' and e.to_status = 'awaiting_citizen'))
)`;

const MONTH = sql<number>`extract(month from c.created_at at time zone 'Europe/Berlin')::int`;

interface FigureRow {
  month: number | null;
  submitted: string;
  closed: string;
  median_days: number | null;
  closed_online: string;
}

const toFigures = (row: FigureRow | undefined): Omit<MonthFigures, 'month'> => ({
  submitted: Number(row?.submitted ?? 0),
  closed: Number(row?.closed ?? 0),
  medianDays: row?.median_days ?? null,
  closedOnline: Number(row?.closed_online ?? 0),
});

/** Per month of `year` (by submission date) and for the whole year. */
export async function yearFigures(db: Db, actor: StaffActor, scope: ServiceScope, year: number): Promise<YearFigures> {
  requireAccess(actor, 'inbox.view', { tenantId: actor.tenantId });
  // Both grouping sets repeat MONTH verbatim: it carries no parameters, so PostgreSQL sees the same expression.
  const rows = await db
    .selectFrom('cases as c')
    .select([
      sql<number | null>`${MONTH}`.as('month'),
      sql<string>`count(*)`.as('submitted'),
      sql<string>`count(*) filter (where c.closed_at is not null)`.as('closed'),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (c.closed_at - c.created_at)) / 86400.0) filter (where c.closed_at is not null)`.as('median_days'),
      sql<string>`count(*) filter (where c.closed_at is not null and not ${needsCitizenContact})`.as('closed_online'),
    ])
    .where('c.tenant_id', '=', actor.tenantId)
    .where(visibleTo(actor))
    .where(ofService(scope))
    .where('c.created_at', '>=', berlinDayStart(`${year}-01-01`))
    .where('c.created_at', '<', berlinDayStart(`${year + 1}-01-01`))
    .groupBy(sql`grouping sets ((${MONTH}), ())`)
    .execute();
  const byMonth = new Map(rows.filter((r) => r.month !== null).map((r) => [r.month, r]));
  return {
    year,
    months: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...toFigures(byMonth.get(i + 1)) })),
    total: toFigures(rows.find((r) => r.month === null)),
  };
}

/**
 * The applications of one service submitted from `from` to `to` (both
 * inclusive, YYYY-MM-DD), oldest first. Anonymised cases have no answers
 * left and are not exported.
 */
export async function casesForExport(db: Db, actor: StaffActor, scope: { slug: string; formId: string }, from: string, to: string): Promise<ExportCase[]> {
  requireAccess(actor, 'inbox.view', { tenantId: actor.tenantId });
  const rows = await db
    .selectFrom('cases as c')
    .select(['c.reference', 'c.status', 'c.created_at', 'c.closed_at', 'c.data'])
    .where('c.tenant_id', '=', actor.tenantId)
    .where('c.anonymised_at', 'is', null)
    .where(visibleTo(actor))
    .where('c.type', '=', applicationCaseType(scope.formId))
    .where(sql<string>`c.data->>'service'`, '=', scope.slug)
    .where('c.created_at', '>=', berlinDayStart(from))
    .where('c.created_at', '<', sql<Date>`(${to}::date + 1)::timestamp at time zone 'Europe/Berlin'`)
    .orderBy('c.created_at')
    .orderBy('c.reference')
    .execute();
  return rows.map((r) => ({ reference: r.reference, status: r.status, createdAt: r.created_at, closedAt: r.closed_at, data: r.data }));
}
