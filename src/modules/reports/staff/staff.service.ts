/**
 * Read models of the back office: the queue (reports of the units one works
 * in, found through the Vorgang's unit), one report with everything staff
 * may see, and a photo behind the case access check.
 */
import { sql } from 'kysely';
import { requireAccess, workUnits, type CaseResource, type StaffActor } from '../../../core/auth/policy.ts';
import type { CaseContact } from '../../../core/db/tables.ts';
import type { Services } from '../../../core/services.ts';
import type { AttributeAnswers, CategoryAttribute, ReportPublication, ReportSource, ReportState } from '../schema.ts';

const QUEUE_PAGE_SIZE = 25;
const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export interface QueueFilters {
  /** A state, 'open', 'closed' or '' (all). */
  state: ReportState | 'open' | 'closed' | '';
  categoryId?: string;
  unitId?: string;
  overdue?: boolean;
  publication?: ReportPublication;
  source?: ReportSource;
  q?: string;
  order: 'urgent' | 'newest';
  page: number;
}

export interface QueueRow {
  id: string;
  reference: string;
  categoryName: { de: string; en: string };
  address: string;
  lat: number | null;
  lng: number | null;
  state: ReportState;
  publication: ReportPublication;
  source: ReportSource;
  unitName: string;
  assigneeName: string | null;
  requestedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
  duplicateOf: string | null;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The queue: newest or most urgent first (open before closed, earliest deadline first). */
export async function listQueue(services: Services, actor: StaffActor, filters: QueueFilters): Promise<{ rows: QueueRow[]; total: number; page: number; pageCount: number }> {
  requireAccess(actor, 'reports.view', { tenantId: actor.tenantId });
  const units = workUnits(actor);
  const now = services.now();
  let query = services.db
    .selectFrom('reports as r')
    .innerJoin('cases as k', (j) => j.onRef('k.tenant_id', '=', 'r.tenant_id').onRef('k.id', '=', 'r.case_id'))
    .innerJoin('report_categories as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.category_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.id', '=', 'k.unit_id'))
    .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'k.tenant_id').onRef('s.id', '=', 'k.assignee_id'))
    .where('r.tenant_id', '=', actor.tenantId);
  if (units) query = query.where((eb) => eb.or([eb('k.unit_id', 'in', units.length ? units : [NO_UNIT]), eb('k.assignee_id', '=', actor.userId)]));
  if (filters.state === 'open') query = query.where('r.closed_at', 'is', null);
  else if (filters.state === 'closed') query = query.where('r.closed_at', 'is not', null);
  else if (filters.state) query = query.where('r.state', '=', filters.state);
  if (filters.categoryId) query = query.where('r.category_id', '=', filters.categoryId);
  if (filters.unitId) query = query.where('k.unit_id', '=', filters.unitId);
  if (filters.overdue) query = query.where('r.due_at', '<', now).where('r.closed_at', 'is', null);
  if (filters.publication) query = query.where('r.publication', '=', filters.publication);
  if (filters.source) query = query.where('r.source', '=', filters.source);
  const q = filters.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    query = query.where((eb) => eb.or([eb('r.reference', 'ilike', pattern), eb('r.address', 'ilike', pattern)]));
  }
  const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page), pageCount);
  let ordered = query.select([
    'r.id',
    'r.reference',
    'c.name_de',
    'c.name_en',
    'r.address',
    'r.lat',
    'r.lng',
    'r.state',
    'r.publication',
    'r.source',
    'u.name as unit_name',
    's.display_name as assignee_name',
    'r.requested_at',
    'r.due_at',
    'r.closed_at',
    'r.duplicate_of',
  ]);
  ordered = filters.order === 'newest' ? ordered.orderBy('r.requested_at', 'desc') : ordered.orderBy(sql`r.closed_at is not null`).orderBy(sql`r.due_at asc nulls last`).orderBy('r.requested_at', 'desc');
  const rows = await ordered
    .orderBy('r.id')
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  return {
    total,
    page,
    pageCount,
    rows: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      categoryName: { de: r.name_de, en: r.name_en },
      address: r.address,
      lat: r.lat,
      lng: r.lng,
      state: r.state,
      publication: r.publication,
      source: r.source,
      unitName: r.unit_name,
      assigneeName: r.assignee_name,
      requestedAt: r.requested_at,
      dueAt: r.due_at,
      closedAt: r.closed_at,
      duplicateOf: r.duplicate_of,
    })),
  };
}

export interface Option {
  id: string;
  name: string;
}

/** Units for the queue filter: all for admins, else one's own. */
export async function queueUnits(services: Services, actor: StaffActor): Promise<Option[]> {
  const all = await allUnits(services, actor.tenantId);
  const own = workUnits(actor);
  return own === null ? all : all.filter((u) => own.includes(u.id));
}

export async function allUnits(services: Services, tenantId: string): Promise<Option[]> {
  return services.db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export interface StaffReport {
  id: string;
  caseId: string;
  reference: string;
  category: { id: string; name: { de: string; en: string }; attributes: CategoryAttribute[] };
  state: ReportState;
  stateReason: string | null;
  lat: number | null;
  lng: number | null;
  address: string;
  description: string;
  publicDescription: string | null;
  attributes: AttributeAnswers;
  source: ReportSource;
  mediaLink: string | null;
  publication: ReportPublication;
  duplicateOf: { id: string; reference: string } | null;
  duplicates: { id: string; reference: string }[];
  reopenCount: number;
  reopenUntil: Date | null;
  feedbackScore: number | null;
  requestedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  dueAt: Date | null;
  unit: Option;
  assignee: Option | null;
  caseStatus: string;
  anonymised: boolean;
  contact: CaseContact;
  phone: string | null;
  locale: 'de' | 'en';
  photos: { id: string; position: number; width: number; height: number; published: boolean; redactedAt: Date | null }[];
  updates: { state: ReportState | null; body: string | null; kind: string; createdAt: Date }[];
  orders: { id: string; contractorName: string; instructions: string; createdBy: string; createdAt: Date; respondedAt: Date | null; outcome: 'done' | 'not_possible' | null; response: string | null; revokedAt: Date | null }[];
}

/**
 * One report with everything staff may see, after the case access check
 * (`case.view`: the unit's clerks, the assignee, admins); null if there is
 * no such report in this tenant.
 */
export async function staffReport(services: Services, actor: StaffActor, reportId: string): Promise<StaffReport | null> {
  const db = services.db;
  const row = await db
    .selectFrom('reports as r')
    .innerJoin('cases as k', (j) => j.onRef('k.tenant_id', '=', 'r.tenant_id').onRef('k.id', '=', 'r.case_id'))
    .innerJoin('report_categories as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.category_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.id', '=', 'k.unit_id'))
    .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'k.tenant_id').onRef('s.id', '=', 'k.assignee_id'))
    .leftJoin('reports as d', (j) => j.onRef('d.tenant_id', '=', 'r.tenant_id').onRef('d.id', '=', 'r.duplicate_of'))
    .selectAll('r')
    .select(['k.unit_id', 'k.assignee_id', 'k.status as case_status', 'k.contact', 'k.data', 'k.locale', 'k.anonymised_at', 'c.name_de', 'c.name_en', 'c.attributes as category_attributes', 'u.name as unit_name', 's.display_name as assignee_name', 'd.reference as duplicate_reference'])
    .where('r.tenant_id', '=', actor.tenantId)
    .where('r.id', '=', reportId)
    .executeTakeFirst();
  if (!row) return null;
  requireAccess(actor, 'case.view', caseResource(actor.tenantId, row.case_id, row.unit_id, row.assignee_id));
  const [photos, updates, orders, duplicates] = await Promise.all([
    db.selectFrom('report_photos').select(['id', 'position', 'width', 'height', 'published', 'redacted_at']).where('tenant_id', '=', actor.tenantId).where('report_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('report_updates').select(['state', 'body', 'kind', 'created_at']).where('tenant_id', '=', actor.tenantId).where('report_id', '=', row.id).orderBy('created_at').orderBy('id').execute(),
    db
      .selectFrom('report_orders as o')
      .innerJoin('report_contractors as c', (j) => j.onRef('c.tenant_id', '=', 'o.tenant_id').onRef('c.id', '=', 'o.contractor_id'))
      .select(['o.id', 'c.name', 'o.instructions', 'o.created_by_label', 'o.created_at', 'o.responded_at', 'o.outcome', 'o.response', 'o.revoked_at'])
      .where('o.tenant_id', '=', actor.tenantId)
      .where('o.report_id', '=', row.id)
      .orderBy('o.created_at', 'desc')
      .execute(),
    db.selectFrom('reports').select(['id', 'reference']).where('tenant_id', '=', actor.tenantId).where('duplicate_of', '=', row.id).orderBy('requested_at').execute(),
  ]);
  const phone = typeof row.data.phone === 'string' ? row.data.phone : null;
  return {
    id: row.id,
    caseId: row.case_id,
    reference: row.reference,
    category: { id: row.category_id, name: { de: row.name_de, en: row.name_en }, attributes: [...row.category_attributes].sort((a, b) => a.order - b.order) },
    state: row.state,
    stateReason: row.state_reason,
    lat: row.lat,
    lng: row.lng,
    address: row.address,
    description: row.description,
    publicDescription: row.public_description,
    attributes: row.attributes,
    source: row.source,
    mediaLink: row.media_link,
    publication: row.publication,
    duplicateOf: row.duplicate_of && row.duplicate_reference ? { id: row.duplicate_of, reference: row.duplicate_reference } : null,
    duplicates,
    reopenCount: row.reopen_count,
    reopenUntil: row.reopen_until,
    feedbackScore: row.feedback_score,
    requestedAt: row.requested_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    dueAt: row.due_at,
    unit: { id: row.unit_id, name: row.unit_name },
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    caseStatus: row.case_status,
    anonymised: row.anonymised_at !== null,
    contact: row.contact,
    phone,
    locale: row.locale,
    photos: photos.map((p) => ({ id: p.id, position: p.position, width: p.width, height: p.height, published: p.published, redactedAt: p.redacted_at })),
    updates: updates.map((u) => ({ state: u.state, body: u.body, kind: u.kind, createdAt: u.created_at })),
    orders: orders.map((o) => ({ id: o.id, contractorName: o.name, instructions: o.instructions, createdBy: o.created_by_label, createdAt: o.created_at, respondedAt: o.responded_at, outcome: o.outcome, response: o.response, revokedAt: o.revoked_at })),
  };
}

function caseResource(tenantId: string, id: string, unitId: string, assigneeId: string | null): CaseResource {
  return { tenantId, id, unitId, assigneeId };
}

/** A photo of a report (published or not) for staff who may see the report's Vorgang; null if there is none. */
export async function staffPhoto(services: Services, actor: StaffActor, reportId: string, photoId: string) {
  const row = await services.db
    .selectFrom('report_photos as p')
    .innerJoin('reports as r', (j) => j.onRef('r.tenant_id', '=', 'p.tenant_id').onRef('r.id', '=', 'p.report_id'))
    .innerJoin('cases as k', (j) => j.onRef('k.tenant_id', '=', 'r.tenant_id').onRef('k.id', '=', 'r.case_id'))
    .select(['p.file_id', 'k.id as case_id', 'k.unit_id', 'k.assignee_id'])
    .where('p.tenant_id', '=', actor.tenantId)
    .where('p.report_id', '=', reportId)
    .where('p.id', '=', photoId)
    .executeTakeFirst();
  if (!row) return null;
  requireAccess(actor, 'case.view', caseResource(actor.tenantId, row.case_id, row.unit_id, row.assignee_id));
  return services.files.read(services.db, actor.tenantId, row.file_id);
}

export async function activeContractors(services: Services, tenantId: string): Promise<Option[]> {
  return services.db.selectFrom('report_contractors').select(['id', 'name']).where('tenant_id', '=', tenantId).where('active', '=', true).orderBy('name').execute();
}

export async function responseTemplates(services: Services, tenantId: string): Promise<{ id: string; title: string; body: string }[]> {
  return services.db.selectFrom('report_templates').select(['id', 'title', 'body']).where('tenant_id', '=', tenantId).orderBy('position').orderBy('title').execute();
}
