/** What the Sitzungsdienst pages show: plain data for the views, read for one tenant (office view: everything, public or not). */
import { sql } from 'kysely';
import type { Executor } from '../../../core/db/database.ts';
import type { FileRole, OrganizationType } from '../schema.ts';
import { berlinDay } from '../../../core/time/berlin.ts';
import { invitationDeadline } from './sitzungsdienst.service.ts';

export interface OrgOption {
  id: string;
  name: string;
  type: OrganizationType;
}

export async function organizations(db: Executor, tenantId: string, type?: OrganizationType): Promise<(OrgOption & { shortName: string | null; classification: string | null; members: number })[]> {
  let q = db
    .selectFrom('council_organizations as o')
    .select(['o.id', 'o.name', 'o.organization_type', 'o.short_name', 'o.classification'])
    .select((eb) =>
      eb
        .selectFrom('council_memberships as ms')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('ms.tenant_id', '=', 'o.tenant_id')
        .whereRef('ms.organization_id', '=', 'o.id')
        .where('ms.deleted_at', 'is', null)
        .where((w) => w.or([w('ms.end_date', 'is', null), w('ms.end_date', '>=', sql<string>`current_date`)]))
        .as('members'),
    )
    .where('o.tenant_id', '=', tenantId)
    .where('o.deleted_at', 'is', null);
  if (type) q = q.where('o.organization_type', '=', type);
  const rows = await q.orderBy('o.organization_type').orderBy('o.position').orderBy('o.name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.organization_type, shortName: r.short_name, classification: r.classification, members: Number(r.members ?? 0) }));
}

export async function organization(db: Executor, tenantId: string, id: string) {
  return db.selectFrom('council_organizations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

export interface PersonRow {
  id: string;
  name: string;
  familyName: string | null;
  email: string | null;
  hasAccount: boolean;
  organizations: string[];
}

export async function persons(db: Executor, tenantId: string, q = ''): Promise<PersonRow[]> {
  let query = db
    .selectFrom('council_persons as p')
    .select(['p.id', 'p.name', 'p.family_name', 'p.account_id', sql<string | null>`p.email[1]`.as('email')])
    .select((eb) =>
      eb
        .selectFrom('council_memberships as ms')
        .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'ms.tenant_id').onRef('o.id', '=', 'ms.organization_id'))
        .select(sql<string[]>`coalesce(array_agg(distinct coalesce(o.short_name, o.name)), '{}')`.as('orgs'))
        .whereRef('ms.tenant_id', '=', 'p.tenant_id')
        .whereRef('ms.person_id', '=', 'p.id')
        .where('ms.deleted_at', 'is', null)
        .where((w) => w.or([w('ms.end_date', 'is', null), w('ms.end_date', '>=', sql<string>`current_date`)]))
        .as('orgs'),
    )
    .where('p.tenant_id', '=', tenantId)
    .where('p.deleted_at', 'is', null);
  if (q) query = query.where('p.name', 'ilike', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = await query.orderBy('p.family_name').orderBy('p.name').limit(500).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, familyName: r.family_name, email: r.email, hasAccount: r.account_id !== null, organizations: r.orgs ?? [] }));
}

export async function person(db: Executor, tenantId: string, id: string) {
  const row = await db
    .selectFrom('council_persons as p')
    .leftJoin('staff_users as u', (j) => j.onRef('u.tenant_id', '=', 'p.tenant_id').onRef('u.id', '=', 'p.account_id'))
    .selectAll('p')
    .select('u.email as account_email')
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', id)
    .where('p.deleted_at', 'is', null)
    .executeTakeFirst();
  return row;
}

export interface MembershipRow {
  id: string;
  personId: string;
  personName: string;
  organizationId: string;
  organizationName: string;
  role: string | null;
  votingRight: boolean | null;
  onBehalfOf: string | null;
  startDate: string | null;
  endDate: string | null;
}

export async function memberships(db: Executor, tenantId: string, by: { personId?: string; organizationId?: string }): Promise<MembershipRow[]> {
  let q = db
    .selectFrom('council_memberships as ms')
    .innerJoin('council_persons as p', (j) => j.onRef('p.tenant_id', '=', 'ms.tenant_id').onRef('p.id', '=', 'ms.person_id'))
    .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'ms.tenant_id').onRef('o.id', '=', 'ms.organization_id'))
    .leftJoin('council_organizations as f', (j) => j.onRef('f.tenant_id', '=', 'ms.tenant_id').onRef('f.id', '=', 'ms.on_behalf_of'))
    .select(['ms.id', 'ms.person_id', 'p.name as person_name', 'ms.organization_id', 'o.name as org_name', 'ms.role', 'ms.voting_right', 'f.name as faction', 'ms.start_date', 'ms.end_date'])
    .where('ms.tenant_id', '=', tenantId)
    .where('ms.deleted_at', 'is', null);
  if (by.personId) q = q.where('ms.person_id', '=', by.personId);
  if (by.organizationId) q = q.where('ms.organization_id', '=', by.organizationId);
  const rows = await q.orderBy('o.name').orderBy('p.family_name').execute();
  return rows.map((r) => ({ id: r.id, personId: r.person_id, personName: r.person_name, organizationId: r.organization_id, organizationName: r.org_name, role: r.role, votingRight: r.voting_right, onBehalfOf: r.faction, startDate: r.start_date, endDate: r.end_date }));
}

export async function terms(db: Executor, tenantId: string) {
  return db.selectFrom('council_legislative_terms').select(['id', 'name', 'start_date', 'end_date']).where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).orderBy('start_date', 'desc').execute();
}

export async function locations(db: Executor, tenantId: string) {
  return db.selectFrom('council_locations').select(['id', 'description', 'street_address', 'room', 'postal_code', 'locality', 'geojson']).where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).orderBy('description').execute();
}

export interface PaperRow {
  id: string;
  name: string;
  reference: string | null;
  paperType: string;
  date: string | null;
  public: boolean;
  hasMainFile: boolean;
  modified: Date;
}

export interface PaperFilters {
  q?: string;
  type?: string;
  withoutMainFile?: boolean;
}

const hasMainFile = sql<boolean>`exists (select 1 from council_file_links l join council_files f on f.tenant_id = l.tenant_id and f.id = l.file_id where l.tenant_id = p.tenant_id and l.paper_id = p.id and l.role = 'paper_main' and f.deleted_at is null)`;

export async function papers(db: Executor, tenantId: string, filters: PaperFilters = {}, limit = 200): Promise<PaperRow[]> {
  let q = db
    .selectFrom('council_papers as p')
    .select(['p.id', 'p.name', 'p.reference', 'p.paper_type', 'p.date', 'p.public', 'p.modified', hasMainFile.as('has_main')])
    .where('p.tenant_id', '=', tenantId)
    .where('p.deleted_at', 'is', null);
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('p.name', 'ilike', like), eb('p.reference', 'ilike', like)]));
  }
  if (filters.type) q = q.where('p.paper_type', '=', filters.type);
  if (filters.withoutMainFile) q = q.where(sql<boolean>`not ${hasMainFile}`);
  const rows = await q.orderBy('p.date', (ob) => ob.desc().nullsFirst()).orderBy('p.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, reference: r.reference, paperType: r.paper_type, date: r.date, public: r.public, hasMainFile: r.has_main, modified: r.modified }));
}

export async function paper(db: Executor, tenantId: string, id: string) {
  const row = await db.selectFrom('council_papers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) return null;
  const [originators, related, consultations] = await Promise.all([
    db.selectFrom('council_paper_originators').select(['kind', 'person_id', 'organization_id']).where('tenant_id', '=', tenantId).where('paper_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('council_paper_relations as r')
      .innerJoin('council_papers as o', (j) => j.onRef('o.tenant_id', '=', 'r.tenant_id').onRef('o.id', '=', 'r.other_paper_id'))
      .select(['o.id', 'o.name', 'o.reference', 'r.kind'])
      .where('r.tenant_id', '=', tenantId)
      .where('r.paper_id', '=', id)
      .where('o.deleted_at', 'is', null)
      .execute(),
    db
      .selectFrom('council_consultations as c')
      .leftJoin('council_meetings as m', (j) => j.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.meeting_id'))
      .leftJoin('council_agenda_items as a', (j) => j.onRef('a.tenant_id', '=', 'c.tenant_id').onRef('a.id', '=', 'c.agenda_item_id'))
      .select(['c.id', 'c.role', 'm.id as meeting_id', 'm.name as meeting_name', 'm.start_at', 'a.number', 'a.result'])
      .where('c.tenant_id', '=', tenantId)
      .where('c.paper_id', '=', id)
      .where('c.deleted_at', 'is', null)
      .orderBy('m.start_at')
      .execute(),
  ]);
  return { row, originators, related, consultations, files: await filesOf(db, tenantId, { paperId: id }) };
}

export interface FileRow {
  id: string;
  name: string;
  fileName: string;
  role: FileRole;
  size: number;
  published: boolean;
  textStatus: string;
  agendaItemId: string | null;
}

export async function filesOf(db: Executor, tenantId: string, by: { paperId?: string; meetingId?: string; agendaItemIds?: string[] }): Promise<FileRow[]> {
  let q = db
    .selectFrom('council_file_links as l')
    .innerJoin('council_files as f', (j) => j.onRef('f.tenant_id', '=', 'l.tenant_id').onRef('f.id', '=', 'l.file_id'))
    .select(['f.id', 'f.name', 'f.file_name', 'l.role', 'f.size', 'f.published', 'f.text_status', 'l.agenda_item_id'])
    .where('l.tenant_id', '=', tenantId)
    .where('f.deleted_at', 'is', null);
  if (by.paperId) q = q.where('l.paper_id', '=', by.paperId);
  else if (by.meetingId) q = q.where('l.meeting_id', '=', by.meetingId);
  else if (by.agendaItemIds) {
    if (by.agendaItemIds.length === 0) return [];
    q = q.where('l.agenda_item_id', 'in', by.agendaItemIds);
  } else return [];
  const rows = await q.orderBy('l.role').orderBy('l.position').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, fileName: r.file_name, role: r.role, size: Number(r.size), published: r.published, textStatus: r.text_status, agendaItemId: r.agenda_item_id }));
}

export interface MeetingRow {
  id: string;
  name: string;
  start: Date;
  state: string;
  cancelled: boolean;
  organizations: string;
  invitationSentAt: Date | null;
  invitationDueAt: Date | null;
  deadline: Date;
  items: number;
}

export async function meetings(db: Executor, tenantId: string, options: { from?: Date; before?: Date; invitationDays: number; limit?: number; order?: 'asc' | 'desc' }): Promise<MeetingRow[]> {
  let q = db
    .selectFrom('council_meetings as m')
    .select(['m.id', 'm.name', 'm.start_at', 'm.meeting_state', 'm.cancelled', 'm.invitation_sent_at', 'm.invitation_due_at'])
    .select((eb) =>
      eb
        .selectFrom('council_meeting_organizations as mo')
        .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'mo.tenant_id').onRef('o.id', '=', 'mo.organization_id'))
        .select(sql<string>`string_agg(o.name, ', ' order by mo.position)`.as('orgs'))
        .whereRef('mo.tenant_id', '=', 'm.tenant_id')
        .whereRef('mo.meeting_id', '=', 'm.id')
        .as('orgs'),
    )
    .select((eb) => eb.selectFrom('council_agenda_items as a').select(sql<string>`count(*)`.as('n')).whereRef('a.tenant_id', '=', 'm.tenant_id').whereRef('a.meeting_id', '=', 'm.id').where('a.deleted_at', 'is', null).as('items'))
    .where('m.tenant_id', '=', tenantId)
    .where('m.deleted_at', 'is', null);
  if (options.from) q = q.where('m.start_at', '>=', options.from);
  if (options.before) q = q.where('m.start_at', '<', options.before);
  const rows = await q.orderBy('m.start_at', options.order ?? 'asc').limit(options.limit ?? 200).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    start: r.start_at,
    state: r.meeting_state,
    cancelled: r.cancelled,
    organizations: r.orgs ?? '',
    invitationSentAt: r.invitation_sent_at,
    invitationDueAt: r.invitation_due_at,
    deadline: invitationDeadline(r.start_at, options.invitationDays),
    items: Number(r.items ?? 0),
  }));
}

export async function meetingDetail(db: Executor, tenantId: string, id: string) {
  const meeting = await db.selectFrom('council_meetings').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!meeting) return null;
  const [orgs, items, participants, invitations] = await Promise.all([
    db
      .selectFrom('council_meeting_organizations as mo')
      .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'mo.tenant_id').onRef('o.id', '=', 'mo.organization_id'))
      .select(['o.id', 'o.name'])
      .where('mo.tenant_id', '=', tenantId)
      .where('mo.meeting_id', '=', id)
      .orderBy('mo.position')
      .execute(),
    db
      .selectFrom('council_agenda_items as a')
      .leftJoin('council_consultations as c', (j) => j.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.agenda_item_id', '=', 'a.id').on('c.deleted_at', 'is', null))
      .leftJoin('council_papers as p', (j) => j.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.paper_id'))
      .select(['a.id', 'a.number', 'a.name', 'a.public', 'a.result', 'a.resolution_text', 'a.modified', 'p.id as paper_id', 'p.reference as paper_reference', 'p.name as paper_name', 'c.role as consultation_role'])
      .where('a.tenant_id', '=', tenantId)
      .where('a.meeting_id', '=', id)
      .where('a.deleted_at', 'is', null)
      .orderBy('a.position')
      .execute(),
    db.selectFrom('council_meeting_participants').select('person_id').where('tenant_id', '=', tenantId).where('meeting_id', '=', id).execute(),
    db.selectFrom('council_invitations').select(['kind', sql<string>`count(*)`.as('n'), sql<Date>`max(sent_at)`.as('last')]).where('tenant_id', '=', tenantId).where('meeting_id', '=', id).groupBy('kind').execute(),
  ]);
  const files = [...(await filesOf(db, tenantId, { meetingId: id })), ...(await filesOf(db, tenantId, { agendaItemIds: items.map((i) => i.id) }))];
  // Everybody who belongs to one of the meeting's Gremien on the meeting day: the attendance list to tick.
  const day = berlinDay(meeting.start_at);
  const members = orgs.length
    ? await db
        .selectFrom('council_memberships as ms')
        .innerJoin('council_persons as p', (j) => j.onRef('p.tenant_id', '=', 'ms.tenant_id').onRef('p.id', '=', 'ms.person_id'))
        .select(['p.id', 'p.name', 'p.family_name'])
        .distinct()
        .where('ms.tenant_id', '=', tenantId)
        .where('ms.organization_id', 'in', orgs.map((o) => o.id))
        .where('ms.deleted_at', 'is', null)
        .where('p.deleted_at', 'is', null)
        .where((eb) => eb.or([eb('ms.start_date', 'is', null), eb('ms.start_date', '<=', day)]))
        .where((eb) => eb.or([eb('ms.end_date', 'is', null), eb('ms.end_date', '>=', day)]))
        .orderBy('p.family_name')
        .execute()
    : [];
  return { meeting, orgs, items, participants: participants.map((p) => p.person_id), invitations, files, members };
}

/** The Ratsbüro's own actions (what the overview lists as recent changes). */
export const OFFICE_AUDIT_ACTIONS = [
  'council.location.create', 'council.location.update', 'council.term.create', 'council.term.update', 'council.organization.create', 'council.organization.update',
  'council.person.create', 'council.person.update', 'council.membership.create', 'council.membership.end',
  'council.paper.create', 'council.paper.update', 'council.paper.relate', 'council.paper.unrelate',
  'council.file.upload', 'council.file.publish', 'council.file.depublish', 'council.file.remove',
  'council.meeting.create', 'council.meeting.update', 'council.meeting.participants.publish', 'council.meeting.attendance', 'council.meeting.held', 'council.meeting.cancel',
  'council.agenda.add', 'council.agenda.move', 'council.agenda.visibility', 'council.agenda.remove', 'council.agenda.result',
  'council.minutes.publish', 'council.invitation.send', 'council.invitation.schedule', 'council.invitation.unschedule', 'council.invitation.update',
] as const;

export async function recentChanges(db: Executor, tenantId: string, limit = 10) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'actor_label', 'object_type', 'object_id', 'at'])
    .where('tenant_id', '=', tenantId)
    .where('action', 'in', [...OFFICE_AUDIT_ACTIONS])
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Whether the agenda (items added, moved, moved between parts, removed) or
 * the meeting itself (name, time, place) changed after the last notice to
 * the members: then a Nachtrag is due. Results recorded afterwards are not
 * such a change.
 */
export async function agendaChangedSince(db: Executor, tenantId: string, meetingId: string, since: Date): Promise<boolean> {
  const items = db.selectFrom('council_agenda_items').select(sql<string>`id::text`.as('id')).where('tenant_id', '=', tenantId).where('meeting_id', '=', meetingId);
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('at', '>', since)
    .where((eb) =>
      eb.or([
        eb.and([eb('action', 'in', ['council.agenda.add', 'council.agenda.move', 'council.agenda.visibility', 'council.agenda.remove']), eb('object_id', 'in', items)]),
        eb.and([eb('action', '=', 'council.meeting.update'), eb('object_id', '=', meetingId)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
