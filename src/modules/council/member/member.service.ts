/**
 * What a council member sees in the member area: their meetings and
 * invitations, agendas, papers and documents — non-public ones only where the
 * one access rule allows it (council_member_may_see_meeting for a meeting's
 * non-public part, council_member_may_read_file / councilFileAccess for
 * files) — their answers to invitations, and their notes on documents.
 * No HTTP here; routes authorize the member first (member.routes.tsx).
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../../../core/db/database.ts';
import { audit } from '../../../core/audit/audit.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { CouncilMember } from '../council.service.ts';
import type { FileRole, MeetingState } from '../schema.ts';

/** How a member may read a file: released to everyone, or as a member of one of its Gremien. */
export type Readable = 'public' | 'member';

export interface FileSummary {
  id: string;
  name: string;
  fileName: string;
  size: number;
  access: Readable;
}

export interface MeetingSummary {
  id: string;
  name: string;
  startAt: Date;
  cancelled: boolean;
  state: MeetingState;
  organizations: string;
  rsvp: 'attending' | 'absent' | null;
}

export interface InvitationSummary {
  meetingId: string;
  meetingName: string;
  startAt: Date;
  kind: 'invitation' | 'update' | 'cancellation';
  sentAt: Date;
  rsvp: 'attending' | 'absent' | null;
}

export interface PaperSummary {
  id: string;
  name: string;
  reference: string | null;
  paperType: string;
  date: string | null;
  isPublic: boolean;
}

export interface Dashboard {
  meetings: MeetingSummary[];
  invitations: InvitationSummary[];
  papers: PaperSummary[];
}

const LIST_LIMIT = 20;
/** A meeting stays "upcoming" for the rest of its day, so a member can open it during the session. */
const UPCOMING_GRACE_MS = 12 * 3_600_000;

/**
 * Papers consulted by the member's Gremien: the same Gremien a paper's files
 * belong to (council_file_committees): the consultation's organizations, or
 * the meeting's when the consultation names none.
 */
function paperOfMyCommittees(tenantId: string, committeeIds: string[]) {
  return sql<boolean>`exists (
    select 1 from council_consultations c
    left join council_consultation_organizations co on co.tenant_id = c.tenant_id and co.consultation_id = c.id
    left join council_meeting_organizations mo on mo.tenant_id = c.tenant_id and mo.meeting_id = c.meeting_id
    where c.tenant_id = ${tenantId} and c.paper_id = p.id and c.deleted_at is null
      and coalesce(co.organization_id, mo.organization_id) = any(${committeeIds}::uuid[]))`;
}

export async function dashboard(db: Executor, tenantId: string, member: CouncilMember, now: Date): Promise<Dashboard> {
  const committees = member.committeeIds;
  const meetings =
    committees.length === 0
      ? []
      : await db
          .selectFrom('council_meetings as m')
          .leftJoin('council_rsvps as r', (j) => j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.meeting_id', '=', 'm.id').on('r.person_id', '=', member.personId))
          .select(['m.id', 'm.name', 'm.start_at', 'm.cancelled', 'm.meeting_state', 'r.status'])
          .select(
            sql<string>`(select string_agg(o.name, ', ' order by mo.position) from council_meeting_organizations mo join council_organizations o on o.tenant_id = mo.tenant_id and o.id = mo.organization_id where mo.tenant_id = m.tenant_id and mo.meeting_id = m.id)`.as('organizations'),
          )
          .where('m.tenant_id', '=', tenantId)
          .where('m.deleted_at', 'is', null)
          .where('m.start_at', '>=', new Date(now.getTime() - UPCOMING_GRACE_MS))
          .where(sql<boolean>`exists (select 1 from council_meeting_organizations mo where mo.tenant_id = m.tenant_id and mo.meeting_id = m.id and mo.organization_id = any(${committees}::uuid[]))`)
          .orderBy('m.start_at')
          .limit(LIST_LIMIT)
          .execute();
  const invitations = await db
    .selectFrom('council_invitations as i')
    .innerJoin('council_meetings as m', (j) => j.onRef('m.tenant_id', '=', 'i.tenant_id').onRef('m.id', '=', 'i.meeting_id'))
    .leftJoin('council_rsvps as r', (j) => j.onRef('r.tenant_id', '=', 'i.tenant_id').onRef('r.meeting_id', '=', 'i.meeting_id').onRef('r.person_id', '=', 'i.person_id'))
    .select(['m.id', 'm.name', 'm.start_at', 'i.kind', 'i.sent_at', 'r.status'])
    .where('i.tenant_id', '=', tenantId)
    .where('i.person_id', '=', member.personId)
    .where('m.deleted_at', 'is', null)
    .orderBy('i.sent_at', 'desc')
    .limit(LIST_LIMIT)
    .execute();
  const papers =
    committees.length === 0
      ? []
      : await db
          .selectFrom('council_papers as p')
          .select(['p.id', 'p.name', 'p.reference', 'p.paper_type', 'p.date', 'p.public'])
          .where('p.tenant_id', '=', tenantId)
          .where('p.deleted_at', 'is', null)
          .where(paperOfMyCommittees(tenantId, committees))
          .orderBy('p.date', (o) => o.desc().nullsLast())
          .orderBy('p.id', 'desc')
          .limit(LIST_LIMIT)
          .execute();
  return {
    meetings: meetings.map((m) => ({ id: m.id, name: m.name, startAt: m.start_at, cancelled: m.cancelled, state: m.meeting_state, organizations: m.organizations ?? '', rsvp: m.status })),
    invitations: invitations.map((i) => ({ meetingId: i.id, meetingName: i.name, startAt: i.start_at, kind: i.kind, sentAt: i.sent_at, rsvp: i.status })),
    papers: papers.map(toPaperSummary),
  };
}

function toPaperSummary(p: { id: string; name: string; reference: string | null; paper_type: string; date: string | null; public: boolean }): PaperSummary {
  return { id: p.id, name: p.name, reference: p.reference, paperType: p.paper_type, date: p.date, isPublic: p.public };
}

/**
 * Which of the given files the member may read, by the same rule as
 * councilFileAccess (public view first, then council_member_may_read_file),
 * in one query for a whole agenda.
 */
export async function readableFiles(db: Executor, tenantId: string, member: CouncilMember, today: string, fileIds: readonly string[]): Promise<Map<string, Readable>> {
  const ids = [...new Set(fileIds)];
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; is_public: boolean; is_member: boolean }>`
    select f.id, (p.id is not null) as is_public, council_member_may_read_file(${tenantId}, ${member.personId}, f.id, ${today}::date) as is_member
    from council_files f
    left join council_public_files p on p.tenant_id = f.tenant_id and p.id = f.id
    where f.tenant_id = ${tenantId} and f.id = any(${ids}::uuid[])`.execute(db);
  const result = new Map<string, Readable>();
  for (const row of rows.rows) {
    if (row.is_public) result.set(row.id, 'public');
    else if (row.is_member) result.set(row.id, 'member');
  }
  return result;
}

interface LinkedFile {
  fileId: string;
  role: FileRole;
  parentId: string;
  position: number;
  name: string;
  fileName: string;
  size: number;
}

async function linkedFiles(db: Executor, tenantId: string, column: 'paper_id' | 'meeting_id' | 'agenda_item_id', parentIds: readonly string[]): Promise<LinkedFile[]> {
  if (parentIds.length === 0) return [];
  const rows = await db
    .selectFrom('council_file_links as l')
    .innerJoin('council_files as f', (j) => j.onRef('f.tenant_id', '=', 'l.tenant_id').onRef('f.id', '=', 'l.file_id'))
    .select(['l.file_id', 'l.role', `l.${column} as parent_id`, 'l.position', 'f.name', 'f.file_name', 'f.size'])
    .where('l.tenant_id', '=', tenantId)
    .where(`l.${column}`, 'in', parentIds)
    .where('f.deleted_at', 'is', null)
    .orderBy('l.position')
    .orderBy('f.name')
    .execute();
  return rows.map((r) => ({ fileId: r.file_id, role: r.role, parentId: r.parent_id as string, position: r.position, name: r.name, fileName: r.file_name, size: Number(r.size) }));
}

function keepReadable(files: LinkedFile[], readable: Map<string, Readable>, parentId: string, roles?: readonly FileRole[]): FileSummary[] {
  return files
    .filter((f) => f.parentId === parentId && (!roles || roles.includes(f.role)))
    .flatMap((f) => {
      const access = readable.get(f.fileId);
      return access ? [{ id: f.fileId, name: f.name, fileName: f.fileName, size: f.size, access }] : [];
    });
}

export interface AgendaEntry {
  id: string;
  number: string | null;
  /** null: a non-public item the member may not see — only its number is shown. */
  detail: {
    name: string;
    isPublic: boolean;
    result: string | null;
    resolutionText: string | null;
    paper: PaperSummary | null;
    files: FileSummary[];
  } | null;
}

export interface MeetingDetail {
  id: string;
  name: string;
  startAt: Date;
  endAt: Date | null;
  cancelled: boolean;
  state: MeetingState;
  location: string | null;
  organizations: string;
  /** The member belongs to a Gremium holding the meeting (non-public part, answer to the invitation). */
  mayRespond: boolean;
  invited: boolean;
  rsvp: { status: 'attending' | 'absent'; note: string } | null;
  agenda: AgendaEntry[];
  files: FileSummary[];
}

async function maySeeMeeting(db: Executor, tenantId: string, member: CouncilMember, meetingId: string, today: string): Promise<boolean> {
  const row = await sql<{ ok: boolean }>`select council_member_may_see_meeting(${tenantId}, ${member.personId}, ${meetingId}, ${today}::date) as ok`.execute(db);
  return row.rows[0]?.ok === true;
}

/** A meeting as the member sees it, or null when it does not exist (or is deleted). */
export async function meetingFor(db: Executor, tenantId: string, member: CouncilMember, meetingId: string, today: string): Promise<MeetingDetail | null> {
  const meeting = await db
    .selectFrom('council_meetings as m')
    .leftJoin('council_locations as l', (j) => j.onRef('l.tenant_id', '=', 'm.tenant_id').onRef('l.id', '=', 'm.location_id'))
    .select(['m.id', 'm.name', 'm.start_at', 'm.end_at', 'm.cancelled', 'm.meeting_state', 'l.description', 'l.room', 'l.street_address', 'l.postal_code', 'l.locality'])
    .select(
      sql<string>`(select string_agg(o.name, ', ' order by mo.position) from council_meeting_organizations mo join council_organizations o on o.tenant_id = mo.tenant_id and o.id = mo.organization_id where mo.tenant_id = m.tenant_id and mo.meeting_id = m.id)`.as('organizations'),
    )
    .where('m.tenant_id', '=', tenantId)
    .where('m.id', '=', meetingId)
    .where('m.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!meeting) return null;
  const maySee = await maySeeMeeting(db, tenantId, member, meetingId, today);
  const items = await db
    .selectFrom('council_agenda_items as a')
    .leftJoin('council_consultations as c', (j) => j.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.agenda_item_id', '=', 'a.id').on('c.deleted_at', 'is', null))
    .leftJoin('council_papers as p', (j) => j.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.paper_id').on('p.deleted_at', 'is', null))
    .select(['a.id', 'a.number', 'a.name', 'a.public', 'a.result', 'a.resolution_text', 'p.id as paper_id', 'p.name as paper_name', 'p.reference', 'p.paper_type', 'p.date', 'p.public as paper_public'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.meeting_id', '=', meetingId)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.position')
    .orderBy('a.id')
    .execute();
  const visible = items.filter((i) => i.public || maySee);
  const meetingFiles = await linkedFiles(db, tenantId, 'meeting_id', [meetingId]);
  const itemFiles = await linkedFiles(db, tenantId, 'agenda_item_id', visible.map((i) => i.id));
  const paperFiles = await linkedFiles(db, tenantId, 'paper_id', visible.flatMap((i) => (i.paper_id ? [i.paper_id] : [])));
  const readable = await readableFiles(db, tenantId, member, today, [...meetingFiles, ...itemFiles, ...paperFiles].map((f) => f.fileId));
  const rsvp = await db.selectFrom('council_rsvps').select(['status', 'note']).where('tenant_id', '=', tenantId).where('meeting_id', '=', meetingId).where('person_id', '=', member.personId).executeTakeFirst();
  const invited = await db.selectFrom('council_invitations').select('id').where('tenant_id', '=', tenantId).where('meeting_id', '=', meetingId).where('person_id', '=', member.personId).limit(1).executeTakeFirst();
  const place = [meeting.description, meeting.room, meeting.street_address, [meeting.postal_code, meeting.locality].filter(Boolean).join(' ')].filter((s) => s && s.trim() !== '');
  return {
    id: meeting.id,
    name: meeting.name,
    startAt: meeting.start_at,
    endAt: meeting.end_at,
    cancelled: meeting.cancelled,
    state: meeting.meeting_state,
    location: place.length ? place.join(', ') : null,
    organizations: meeting.organizations ?? '',
    mayRespond: maySee,
    invited: invited !== undefined,
    rsvp: rsvp ? { status: rsvp.status, note: rsvp.note } : null,
    agenda: items.map((i) => ({
      id: i.id,
      number: i.number,
      detail:
        i.public || maySee
          ? {
              name: i.name,
              isPublic: i.public,
              result: i.result,
              resolutionText: i.resolution_text,
              // A paper the member may not open (non-public, not of their Gremien) is not linked.
              paper: i.paper_id && i.paper_name && i.paper_type && (i.paper_public || maySee) ? toPaperSummary({ id: i.paper_id, name: i.paper_name, reference: i.reference, paper_type: i.paper_type, date: i.date, public: i.paper_public ?? false }) : null,
              files: [...keepReadable(itemFiles, readable, i.id), ...(i.paper_id ? keepReadable(paperFiles, readable, i.paper_id) : [])],
            }
          : null,
    })),
    files: keepReadable(meetingFiles, readable, meetingId),
  };
}

export interface ConsultationEntry {
  meetingId: string | null;
  meetingName: string | null;
  startAt: Date | null;
  organizations: string;
  /** TOP number and name, only where the member may see the item. */
  agendaItem: { number: string | null; name: string } | null;
  role: string | null;
  result: string | null;
}

export interface PaperDetail extends PaperSummary {
  consultations: ConsultationEntry[];
  files: FileSummary[];
}

/** A paper for the member: public ones, and non-public ones their Gremien consult; else null. */
export async function paperFor(db: Executor, tenantId: string, member: CouncilMember, paperId: string, today: string): Promise<PaperDetail | null> {
  const paper = await db
    .selectFrom('council_papers as p')
    .select(['p.id', 'p.name', 'p.reference', 'p.paper_type', 'p.date', 'p.public'])
    .select(member.committeeIds.length ? paperOfMyCommittees(tenantId, member.committeeIds).as('mine') : sql<boolean>`false`.as('mine'))
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', paperId)
    .where('p.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!paper || !(paper.public || paper.mine)) return null;
  const consultations = await db
    .selectFrom('council_consultations as c')
    .leftJoin('council_meetings as m', (j) => j.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.meeting_id').on('m.deleted_at', 'is', null))
    .leftJoin('council_agenda_items as a', (j) => j.onRef('a.tenant_id', '=', 'c.tenant_id').onRef('a.id', '=', 'c.agenda_item_id').on('a.deleted_at', 'is', null))
    .select(['c.id', 'c.role', 'm.id as meeting_id', 'm.name as meeting_name', 'm.start_at', 'a.number', 'a.name as item_name', 'a.public as item_public', 'a.result'])
    .select(
      sql<string>`coalesce(
        (select string_agg(o.name, ', ' order by co.position) from council_consultation_organizations co join council_organizations o on o.tenant_id = co.tenant_id and o.id = co.organization_id where co.tenant_id = c.tenant_id and co.consultation_id = c.id),
        (select string_agg(o.name, ', ' order by mo.position) from council_meeting_organizations mo join council_organizations o on o.tenant_id = mo.tenant_id and o.id = mo.organization_id where mo.tenant_id = c.tenant_id and mo.meeting_id = c.meeting_id), '')`.as('organizations'),
    )
    .select(sql<boolean>`case when m.id is null then false else council_member_may_see_meeting(${tenantId}, ${member.personId}, m.id, ${today}::date) end`.as('may_see'))
    .where('c.tenant_id', '=', tenantId)
    .where('c.paper_id', '=', paperId)
    .where('c.deleted_at', 'is', null)
    .orderBy('c.position')
    .orderBy('m.start_at')
    .execute();
  const files = await linkedFiles(db, tenantId, 'paper_id', [paperId]);
  const readable = await readableFiles(db, tenantId, member, today, files.map((f) => f.fileId));
  return {
    ...toPaperSummary(paper),
    consultations: consultations.map((c) => {
      const itemVisible = c.item_name !== null && (c.item_public === true || c.may_see);
      return {
        meetingId: c.meeting_id,
        meetingName: c.meeting_name,
        startAt: c.start_at,
        organizations: c.organizations,
        agendaItem: itemVisible ? { number: c.number, name: c.item_name as string } : null,
        role: c.role,
        result: itemVisible ? c.result : null,
      };
    }),
    files: [...keepReadable(files, readable, paperId, ['paper_main']), ...keepReadable(files, readable, paperId, ['paper_aux'])],
  };
}

export interface DocumentParent {
  kind: 'paper' | 'meeting' | 'agendaItem';
  /** Where the member area shows it (the paper or meeting page). */
  id: string;
  label: string;
}

export interface DocumentDetail {
  id: string;
  name: string;
  fileName: string;
  mimeType: string;
  size: number;
  date: string | null;
  pageCount: number | null;
  parents: DocumentParent[];
}

/** Metadata of a file the caller has already found readable (councilFileAccess), with the places it hangs on that the member may see. */
export async function documentFor(db: Executor, tenantId: string, member: CouncilMember, fileId: string, today: string): Promise<DocumentDetail | null> {
  const file = await db
    .selectFrom('council_files')
    .select(['id', 'name', 'file_name', 'mime_type', 'size', 'date', 'page_count'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', fileId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!file) return null;
  const links = await db
    .selectFrom('council_file_links as l')
    .leftJoin('council_papers as p', (j) => j.onRef('p.tenant_id', '=', 'l.tenant_id').onRef('p.id', '=', 'l.paper_id').on('p.deleted_at', 'is', null))
    .leftJoin('council_agenda_items as a', (j) => j.onRef('a.tenant_id', '=', 'l.tenant_id').onRef('a.id', '=', 'l.agenda_item_id').on('a.deleted_at', 'is', null))
    .leftJoin('council_meetings as m', (j) => j.onRef('m.tenant_id', '=', 'l.tenant_id').on((eb) => eb('m.id', '=', eb.fn.coalesce('l.meeting_id', 'a.meeting_id'))).on('m.deleted_at', 'is', null))
    .select(['l.role', 'p.id as paper_id', 'p.name as paper_name', 'p.reference', 'p.public as paper_public', 'm.id as meeting_id', 'm.name as meeting_name', 'a.number', 'a.name as item_name', 'a.public as item_public'])
    .select(sql<boolean>`case when m.id is null then false else council_member_may_see_meeting(${tenantId}, ${member.personId}, m.id, ${today}::date) end`.as('may_see'))
    .select(member.committeeIds.length ? paperOfMyCommittees(tenantId, member.committeeIds).as('paper_mine') : sql<boolean>`false`.as('paper_mine'))
    .where('l.tenant_id', '=', tenantId)
    .where('l.file_id', '=', fileId)
    .orderBy('l.position')
    .execute();
  const parents: DocumentParent[] = [];
  for (const l of links) {
    if (l.paper_id && l.paper_name) {
      // A file may also hang on a paper the member may not see (readable through a meeting of their Gremium).
      if (!l.paper_public && !l.paper_mine) continue;
      parents.push({ kind: 'paper', id: l.paper_id, label: l.reference ? `${l.reference} – ${l.paper_name}` : l.paper_name });
    } else if (l.meeting_id && l.meeting_name) {
      const itemVisible = l.item_name !== null && (l.item_public === true || l.may_see);
      if (l.item_name !== null && !itemVisible) continue;
      parents.push({ kind: l.item_name ? 'agendaItem' : 'meeting', id: l.meeting_id, label: itemVisible ? `${l.meeting_name}: ${[l.number, l.item_name].filter(Boolean).join(' ')}` : l.meeting_name });
    }
  }
  return { id: file.id, name: file.name, fileName: file.file_name, mimeType: file.mime_type, size: Number(file.size), date: file.date, pageCount: file.page_count, parents };
}

// ---------------------------------------------------------------- notes and highlights

export interface Note {
  id: string;
  mine: boolean;
  authorName: string;
  /** The Fraktion it is shared with, or null for a private note. */
  faction: { id: string; name: string } | null;
  page: number | null;
  quote: string | null;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NoteInput {
  page: number | null;
  quote: string | null;
  body: string;
  /** A Fraktion of the author, or null: private. */
  sharedWithFaction: string | null;
}

/**
 * The member's own notes on a file and those shared with one of their
 * Fraktionen. Callers show them only to a reader who may read the file
 * (councilFileAccess → public or member): a faction colleague from another
 * Gremium must not learn non-public content through a note.
 */
export async function notesFor(db: Executor, tenantId: string, member: CouncilMember, fileId: string): Promise<Note[]> {
  const rows = await db
    .selectFrom('council_notes as n')
    .innerJoin('council_persons as a', (j) => j.onRef('a.tenant_id', '=', 'n.tenant_id').onRef('a.id', '=', 'n.author_id'))
    .leftJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'n.tenant_id').onRef('o.id', '=', 'n.shared_with_faction'))
    .select(['n.id', 'n.author_id', 'a.name as author_name', 'n.shared_with_faction', 'o.name as faction_name', 'n.page', 'n.quote', 'n.body', 'n.created_at', 'n.updated_at'])
    .where('n.tenant_id', '=', tenantId)
    .where('n.file_id', '=', fileId)
    .where((eb) => {
      const shared = member.factionIds.length ? [eb('n.shared_with_faction', 'in', member.factionIds)] : [];
      return eb.or([eb('n.author_id', '=', member.personId), ...shared]);
    })
    .orderBy('n.page', (o) => o.asc().nullsFirst())
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    mine: r.author_id === member.personId,
    authorName: r.author_name,
    faction: r.shared_with_faction ? { id: r.shared_with_faction, name: r.faction_name ?? '' } : null,
    page: r.page,
    quote: r.quote,
    body: r.body,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export interface Faction {
  id: string;
  name: string;
}

/** The member's Fraktionen by name (the choices for sharing a note). */
export async function factionsOf(db: Executor, tenantId: string, member: CouncilMember): Promise<Faction[]> {
  if (member.factionIds.length === 0) return [];
  return db.selectFrom('council_organizations').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', member.factionIds).orderBy('position').orderBy('name').execute();
}

export async function myNote(db: Executor, tenantId: string, member: CouncilMember, fileId: string, noteId: string): Promise<Note | null> {
  const notes = await notesFor(db, tenantId, member, fileId);
  return notes.find((n) => n.id === noteId && n.mine) ?? null;
}

type NoteOutcome = { ok: true; id: string } | { ok: false; reason: 'not-my-faction' | 'not-found' };

export async function addNote(db: Executor, tenantId: string, member: CouncilMember, fileId: string, input: NoteInput): Promise<NoteOutcome> {
  if (input.sharedWithFaction && !member.factionIds.includes(input.sharedWithFaction)) return { ok: false, reason: 'not-my-faction' };
  const row = await db
    .insertInto('council_notes')
    .values({ tenant_id: tenantId, file_id: fileId, author_id: member.personId, shared_with_faction: input.sharedWithFaction, page: input.page, quote: input.quote, body: input.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id };
}

export async function updateNote(db: Executor, tenantId: string, member: CouncilMember, fileId: string, noteId: string, input: NoteInput): Promise<NoteOutcome> {
  const current = await myNote(db, tenantId, member, fileId, noteId);
  if (!current) return { ok: false, reason: 'not-found' };
  // A note may stay with a Fraktion the author has left; it cannot move to one they are not in.
  if (input.sharedWithFaction && input.sharedWithFaction !== current.faction?.id && !member.factionIds.includes(input.sharedWithFaction)) return { ok: false, reason: 'not-my-faction' };
  await db
    .updateTable('council_notes')
    .set({ shared_with_faction: input.sharedWithFaction, page: input.page, quote: input.quote, body: input.body, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', noteId)
    .where('author_id', '=', member.personId)
    .where('file_id', '=', fileId)
    .execute();
  return { ok: true, id: noteId };
}

export async function deleteNote(db: Executor, tenantId: string, member: CouncilMember, fileId: string, noteId: string): Promise<NoteOutcome> {
  const result = await db.deleteFrom('council_notes').where('tenant_id', '=', tenantId).where('id', '=', noteId).where('author_id', '=', member.personId).where('file_id', '=', fileId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1 ? { ok: true, id: noteId } : { ok: false, reason: 'not-found' };
}

// ---------------------------------------------------------------- answers to invitations

export interface RsvpInput {
  status: 'attending' | 'absent';
  note: string;
}

/**
 * Records the member's Zusage or Absage. Outcomes: ok; not-found (no such
 * meeting, or not one of the member's Gremien and no invitation); closed
 * (cancelled or already begun).
 */
export async function respond(db: Db, tenantId: string, actor: StaffActor, member: CouncilMember, meetingId: string, input: RsvpInput, now: Date, today: string): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'closed' }> {
  const meeting = await db.selectFrom('council_meetings').select(['id', 'start_at', 'cancelled']).where('tenant_id', '=', tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!meeting) return { ok: false, reason: 'not-found' };
  const invited = await db.selectFrom('council_invitations').select('id').where('tenant_id', '=', tenantId).where('meeting_id', '=', meetingId).where('person_id', '=', member.personId).limit(1).executeTakeFirst();
  if (!invited && !(await maySeeMeeting(db, tenantId, member, meetingId, today))) return { ok: false, reason: 'not-found' };
  if (meeting.cancelled || meeting.start_at.getTime() <= now.getTime()) return { ok: false, reason: 'closed' };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('council_rsvps')
      .values({ tenant_id: tenantId, meeting_id: meetingId, person_id: member.personId, status: input.status, note: input.note })
      .onConflict((oc) => oc.columns(['tenant_id', 'meeting_id', 'person_id']).doUpdateSet({ status: input.status, note: input.note, updated_at: sql`now()` }))
      .execute();
    // The reason of an Absage stays out of the audit log (it may be personal); the fact of the answer goes in.
    await audit(tx, { tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'council.rsvp', objectType: 'council_meeting', objectId: meetingId, details: { status: input.status } });
  });
  return { ok: true };
}
