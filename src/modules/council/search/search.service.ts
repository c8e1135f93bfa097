/**
 * Full-text search of the Ratsinformationssystem: papers and the extracted
 * text of their files (German stemming), grouped per paper, with filters by
 * type, Gremium, originator and date. One function serves the public portal
 * and the member area; what a viewer may find is decided here once:
 * - public: only through the council_public_* views (never a base table row
 *   that is not public);
 * - member: the public set plus non-public papers consulted by one of their
 *   Gremien and the files council_member_may_read_file allows — no others.
 * An empty query with filters lists the matching papers by date (the paper
 * list of the portal uses it that way).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../core/db/database.ts';
import type { CouncilMember } from '../council.service.ts';

export interface SearchFilters {
  paperType?: string;
  /** A Gremium (organization id) that consults the paper. */
  organizationId?: string;
  /** A person or organization among the paper's originators. */
  originatorId?: string;
  /** yyyy-mm-dd, inclusive, on the paper's date. */
  dateFrom?: string;
  dateTo?: string;
  page?: number;
  pageSize?: number;
}

export type SearchViewer = { kind: 'public' } | { kind: 'member'; member: CouncilMember; today: string };

export interface SearchFileHit {
  id: string;
  name: string;
  fileName: string;
  public: boolean;
}

export interface SearchHit {
  paperId: string;
  name: string;
  reference: string | null;
  paperType: string;
  date: string | null;
  public: boolean;
  /** Highlighted snippet as HTML: escaped text with <mark> around the matches; '' without a query. */
  safeSnippet: string;
  /** Files of the paper whose text matched (only those the viewer may read). */
  files: SearchFileHit[];
}

export type SearchOutcome =
  | { ok: true; hits: SearchHit[]; total: number; page: number; pageCount: number; pageSize: number }
  | { ok: false; reason: 'too-long' };

export const MAX_QUERY_LENGTH = 200;
const DEFAULT_PAGE_SIZE = 20;
const HEADLINE_TEXT_LIMIT = 100_000;
// Control characters cannot occur in escaped output, so they mark the matches safely until escaping is done.
const START = '\u0001';
const STOP = '\u0002';
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=" … "`;

const SINGLE_WORD = /^[\p{L}\p{N}]{3,60}$/u;

/** websearch syntax for everything; a single word also matches as a prefix, so "Radverkehr" finds "Radverkehrskonzept". */
function tsQuery(query: string): RawBuilder<unknown> {
  const web = sql`websearch_to_tsquery('german', ${query})`;
  if (!SINGLE_WORD.test(query)) return web;
  return sql`(${web} || to_tsquery('german', ${`${query.toLowerCase()}:*`}))`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

/** ts_headline gives raw document text: escape it first, then turn the markers into <mark>. */
export function highlight(headline: string): string {
  const clean = headline.replace(/[\u0000\u0003-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\s+/g, ' ').trim();
  let html = escapeHtml(clean).replace(new RegExp(`${START}([^${START}${STOP}]*)${STOP}`, 'g'), '<mark>$1</mark>');
  html = html.replace(/[\u0001\u0002]/g, '');
  return html;
}

/** The papers this viewer may see, as a relation with the columns of council_papers. */
function papersOf(viewer: SearchViewer, tenantId: string): RawBuilder<unknown> {
  if (viewer.kind === 'public') return sql`(select * from council_public_papers where tenant_id = ${tenantId})`;
  const { member, today } = viewer;
  return sql`(select p.* from council_papers p
    where p.tenant_id = ${tenantId} and p.deleted_at is null
      and (p.public or exists (
        select 1 from council_consultations c
        left join council_consultation_organizations co on co.tenant_id = c.tenant_id and co.consultation_id = c.id
        left join council_meeting_organizations mo on mo.tenant_id = c.tenant_id and mo.meeting_id = c.meeting_id
        where c.tenant_id = p.tenant_id and c.paper_id = p.id and c.deleted_at is null
          and coalesce(co.organization_id, mo.organization_id) in (select council_member_committees(${tenantId}, ${member.personId}, ${today}::date)))))`;
}

/** The files this viewer may read, as a relation with the columns of council_files plus is_public. */
function filesOf(viewer: SearchViewer, tenantId: string): RawBuilder<unknown> {
  if (viewer.kind === 'public') return sql`(select f.*, true as is_public from council_public_files f where f.tenant_id = ${tenantId})`;
  const { member, today } = viewer;
  return sql`(select f.*, exists (select 1 from council_public_files pf where pf.tenant_id = f.tenant_id and pf.id = f.id) as is_public
    from council_files f
    where f.tenant_id = ${tenantId} and f.deleted_at is null
      and (exists (select 1 from council_public_files pf where pf.tenant_id = f.tenant_id and pf.id = f.id)
        or council_member_may_read_file(${tenantId}, ${member.personId}, f.id, ${today}::date)))`;
}

/** Consultations the viewer may see (the Gremium filter must not reveal what a non-public consultation is about). */
function consultationsOf(viewer: SearchViewer, tenantId: string): RawBuilder<unknown> {
  if (viewer.kind === 'public') return sql`(select * from council_public_consultations where tenant_id = ${tenantId})`;
  return sql`(select * from council_consultations where tenant_id = ${tenantId} and deleted_at is null)`;
}

interface Row {
  paper_id: string;
  name: string;
  reference: string | null;
  paper_type: string;
  date: string | null;
  public: boolean;
  total: string;
  headline: string | null;
  files: { id: string; name: string; file_name: string; is_public: boolean }[] | null;
}

export async function searchCouncil(db: Executor, tenantId: string, query: string, filters: SearchFilters, viewer: SearchViewer): Promise<SearchOutcome> {
  const q = query.replace(/[\u0000-\u001F\u007F]/g, ' ').trim();
  if (q.length > MAX_QUERY_LENGTH) return { ok: false, reason: 'too-long' };
  const pageSize = Math.min(Math.max(filters.pageSize ?? DEFAULT_PAGE_SIZE, 1), 100);
  const page = Math.max(1, Math.floor(filters.page ?? 1));
  const papers = papersOf(viewer, tenantId);
  const files = filesOf(viewer, tenantId);
  const consultations = consultationsOf(viewer, tenantId);

  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (filters.paperType) conditions.push(sql`p.paper_type = ${filters.paperType}`);
  if (filters.dateFrom) conditions.push(sql`p.date >= ${filters.dateFrom}::date`);
  if (filters.dateTo) conditions.push(sql`p.date <= ${filters.dateTo}::date`);
  if (filters.originatorId) {
    conditions.push(sql`exists (select 1 from council_paper_originators o where o.tenant_id = p.tenant_id and o.paper_id = p.id and o.kind = 'originator'
      and ${filters.originatorId}::uuid in (o.person_id, o.organization_id))`);
  }
  if (filters.organizationId) {
    conditions.push(sql`exists (select 1 from ${consultations} c
      left join council_consultation_organizations co on co.tenant_id = c.tenant_id and co.consultation_id = c.id
      left join council_meeting_organizations mo on mo.tenant_id = c.tenant_id and mo.meeting_id = c.meeting_id
      where c.paper_id = p.id and ${filters.organizationId}::uuid in (co.organization_id, mo.organization_id))`);
  }
  const where = sql.join(conditions, sql` and `);
  const offset = (page - 1) * pageSize;

  let rows: Row[];
  if (q === '') {
    const result = await sql<Row>`
      select p.id as paper_id, p.name, p.reference, p.paper_type, p.date::text as date, p.public, count(*) over () as total, null as headline, null as files
      from ${papers} p
      where ${where}
      order by p.date desc nulls last, p.id desc
      limit ${pageSize} offset ${offset}`.execute(db);
    rows = result.rows;
  } else {
    const tsq = tsQuery(q);
    const result = await sql<Row>`
      with query as (select ${tsq} as q),
      hits as (
        select p.id as paper_id, ts_rank(p.search, query.q) * 2 as rank, null::uuid as file_id
        from ${papers} p, query where p.search @@ query.q
        union all
        select l.paper_id, ts_rank(f.search, query.q) as rank, f.id as file_id
        from ${files} f
        join council_file_links l on l.tenant_id = f.tenant_id and l.file_id = f.id and l.paper_id is not null
        join ${papers} lp on lp.id = l.paper_id,
        query where f.search @@ query.q
      ),
      grouped as (
        select paper_id, max(rank) as rank,
          (array_agg(file_id order by rank desc) filter (where file_id is not null))[1] as best_file,
          array_agg(distinct file_id) filter (where file_id is not null) as file_ids
        from hits group by paper_id
      ),
      page as (
        select p.id as paper_id, p.name, p.reference, p.paper_type, p.date::text as date, p.public, g.rank, g.best_file, g.file_ids, count(*) over () as total
        from grouped g join ${papers} p on p.id = g.paper_id
        where ${where}
        order by g.rank desc, p.date desc nulls last, p.id desc
        limit ${pageSize} offset ${offset}
      )
      select page.paper_id, page.name, page.reference, page.paper_type, page.date, page.public, page.total,
        coalesce(
          (select ts_headline('german', left(f.text, ${HEADLINE_TEXT_LIMIT}), query.q, ${HEADLINE_OPTIONS}) from council_files f where f.tenant_id = ${tenantId} and f.id = page.best_file and f.text is not null),
          ts_headline('german', page.name, query.q, ${HEADLINE_OPTIONS})) as headline,
        (select json_agg(json_build_object('id', f.id, 'name', f.name, 'file_name', f.file_name, 'is_public', f.is_public) order by f.name)
          from ${files} f where f.id = any(page.file_ids)) as files
      from page, query
      order by page.rank desc, page.date desc nulls last, page.paper_id desc`.execute(db);
    rows = result.rows;
  }
  if (rows.length === 0 && page > 1) {
    // Past the last page (an old link): say how many there are instead of "nothing found".
    const first = await searchCouncil(db, tenantId, q, { ...filters, page: 1 }, viewer);
    return first.ok ? { ...first, hits: [], page } : first;
  }
  const total = Number(rows[0]?.total ?? 0);
  return {
    ok: true,
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    hits: rows.map((r) => ({
      paperId: r.paper_id,
      name: r.name,
      reference: r.reference,
      paperType: r.paper_type,
      date: r.date,
      public: r.public,
      safeSnippet: r.headline ? highlight(r.headline) : '',
      files: (r.files ?? []).map((f) => ({ id: f.id, name: f.name, fileName: f.file_name, public: f.is_public })),
    })),
  };
}
