/**
 * Which objects an OParl list or GET sees, as (id, created, modified, live)
 * rows in id order. Live objects come ONLY from the `council_public_*` views
 * and the always-public tables filtered by `deleted_at is null`; tombstones
 * are objects that left the API:
 * - papers, agenda items, consultations and files: not in their view, but
 *   `first_published_at` is set (they were public once — never-public
 *   objects stay unknown, 404);
 * - every other type: `deleted_at` is set.
 * A tombstone row carries nothing but its id and stamps.
 *
 * The id is a UUIDv7, so ordering by it is stable and roughly creation
 * order, and a keyset cursor (`id > after`) never skips or repeats an object
 * when others change between two page fetches.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../core/db/database.ts';
import type { ListQuery } from './params.ts';
import type { ObjectSegment } from './urls.ts';

export interface IndexRow {
  id: string;
  created: Date;
  modified: Date;
  live: boolean;
}

/** Narrows a list to one organization (Organization.meeting / .consultation). */
export type ListScope = { kind: 'tenant' } | { kind: 'organization'; organizationId: string };

interface Source {
  /** Base table (tombstones and always-public types). */
  table: string;
  /** Public view, for the types whose visibility is more than `deleted_at is null`. */
  view?: string;
}

const SOURCES: Record<ObjectSegment, Source> = {
  body: { table: 'council_bodies' },
  location: { table: 'council_locations' },
  'legislative-term': { table: 'council_legislative_terms' },
  organization: { table: 'council_organizations' },
  person: { table: 'council_persons' },
  membership: { table: 'council_memberships' },
  meeting: { table: 'council_meetings', view: 'council_public_meetings' },
  'agenda-item': { table: 'council_agenda_items', view: 'council_public_agenda_items' },
  paper: { table: 'council_papers', view: 'council_public_papers' },
  consultation: { table: 'council_consultations', view: 'council_public_consultations' },
  file: { table: 'council_files', view: 'council_public_files' },
};

/** Types that were public once only if first_published_at says so. */
const PUBLISHED_ONCE = new Set<ObjectSegment>(['agenda-item', 'paper', 'consultation', 'file']);

/**
 * A location that only a person's private address uses is contact data:
 * published only with the person's consent (spec 1-06), like Person.location.
 */
const PRIVATE_LOCATION = sql`(exists (select 1 from council_persons p where p.tenant_id = x.tenant_id and p.location_id = x.id and not p.publish_contact)
  and not exists (select 1 from council_bodies b where b.tenant_id = x.tenant_id and b.location_id = x.id)
  and not exists (select 1 from council_organizations o where o.tenant_id = x.tenant_id and o.location_id = x.id)
  and not exists (select 1 from council_meetings m where m.tenant_id = x.tenant_id and m.location_id = x.id)
  and not exists (select 1 from council_paper_locations pl where pl.tenant_id = x.tenant_id and pl.location_id = x.id))`;

function scopeCondition(segment: ObjectSegment, tenantId: string, scope: ListScope): RawBuilder<unknown> {
  if (scope.kind === 'tenant') return sql`true`;
  const org = scope.organizationId;
  if (segment === 'meeting') {
    return sql`x.id in (select meeting_id from council_meeting_organizations where tenant_id = ${tenantId} and organization_id = ${org})`;
  }
  if (segment === 'consultation') {
    // Exactly the consultations whose `organization` names it (schema back-reference of Organization.consultation).
    return sql`x.id in (select consultation_id from council_consultation_organizations where tenant_id = ${tenantId} and organization_id = ${org})`;
  }
  throw new Error(`no organization scope for ${segment}`);
}

function rowsSql(segment: ObjectSegment, tenantId: string, scope: ListScope, withTombstones: boolean): RawBuilder<unknown> {
  const source = SOURCES[segment];
  const where = scopeCondition(segment, tenantId, scope);
  const liveFrom = source.view ?? source.table;
  const liveExtra = source.view ? sql`true` : segment === 'location' ? sql`x.deleted_at is null and not ${PRIVATE_LOCATION}` : sql`x.deleted_at is null`;
  const live = sql`select x.id, x.created, x.modified, true as live from ${sql.table(liveFrom)} x where x.tenant_id = ${tenantId} and ${liveExtra} and ${where}`;
  if (!withTombstones) return live;
  const gone = PUBLISHED_ONCE.has(segment)
    ? sql`x.first_published_at is not null and not exists (select 1 from ${sql.table(liveFrom)} v where v.tenant_id = x.tenant_id and v.id = x.id)`
    : sql`x.deleted_at is not null`;
  const tomb = sql`select x.id, x.created, x.modified, false as live from ${sql.table(source.table)} x where x.tenant_id = ${tenantId} and ${gone} and ${where}`;
  return sql`${live} union all ${tomb}`;
}

function filterConditions(query: Pick<ListQuery, 'filters'>): RawBuilder<unknown>[] {
  const f = query.filters;
  const conditions: RawBuilder<unknown>[] = [];
  // Inclusive bounds: a client passing back a `modified` it saw gets that object again, never misses one.
  if (f.created_since) conditions.push(sql`r.created >= ${f.created_since}::timestamptz`);
  if (f.created_until) conditions.push(sql`r.created <= ${f.created_until}::timestamptz`);
  if (f.modified_since) conditions.push(sql`r.modified >= ${f.modified_since}::timestamptz`);
  if (f.modified_until) conditions.push(sql`r.modified <= ${f.modified_until}::timestamptz`);
  return conditions;
}

export interface IndexPage {
  rows: IndexRow[];
  /** Id of the last row when another page follows. */
  nextAfter: string | null;
  total: number;
}

/**
 * One page of a list. Tombstones are included only when `modified_since` is
 * given (spec 2-05); the other filters apply to them too.
 */
export async function listPage(db: Executor, segment: ObjectSegment, tenantId: string, scope: ListScope, query: ListQuery): Promise<IndexPage> {
  const withTombstones = query.filters.modified_since !== undefined;
  const rows = rowsSql(segment, tenantId, scope, withTombstones);
  const filters = filterConditions(query);
  const filterSql = filters.length ? sql.join(filters, sql` and `) : sql`true`;
  const cursor = query.after ? sql`r.id > ${query.after}::uuid` : sql`true`;
  const [page, count] = await Promise.all([
    sql<IndexRow>`select r.id, r.created, r.modified, r.live from (${rows}) r where ${filterSql} and ${cursor} order by r.id limit ${query.limit + 1}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from (${rows}) r where ${filterSql}`.execute(db),
  ]);
  const more = page.rows.length > query.limit;
  const visible = more ? page.rows.slice(0, query.limit) : page.rows;
  return { rows: visible, nextAfter: more ? (visible.at(-1)?.id ?? null) : null, total: count.rows[0]?.n ?? 0 };
}

/** One object by id: live, a tombstone, or null (never public, or not of this tenant). */
export async function findOne(db: Executor, segment: ObjectSegment, tenantId: string, id: string): Promise<IndexRow | null> {
  const rows = rowsSql(segment, tenantId, { kind: 'tenant' }, true);
  const found = await sql<IndexRow>`select r.id, r.created, r.modified, r.live from (${rows}) r where r.id = ${id}::uuid`.execute(db);
  return found.rows[0] ?? null;
}
