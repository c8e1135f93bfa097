/**
 * What the public Ratsinformationssystem shows, read only through the
 * council_public_* views and the always-public tables (bodies, locations,
 * organizations, persons, memberships; without deleted rows). The single
 * exception is the agenda's non-public part: of such a TOP only its position
 * and number are read, so the page can say "nicht öffentlich" in its place.
 */
import type { Executor } from '../../../core/db/database.ts';
import { addDays, berlinInstant } from '../../../core/time/berlin.ts';
import type { FileRole, MeetingState } from '../schema.ts';

export interface OrgRef {
  id: string;
  name: string;
  shortName: string | null;
}

export interface MeetingSummary {
  id: string;
  name: string;
  startAt: Date;
  endAt: Date | null;
  state: MeetingState;
  cancelled: boolean;
  organizations: OrgRef[];
  location: string | null;
  modified: Date;
}

export interface FileRef {
  id: string;
  name: string;
  fileName: string;
  size: number;
  mimeType: string;
  role: FileRole;
}

export interface PaperSummary {
  id: string;
  name: string;
  reference: string | null;
  paperType: string;
  date: string | null;
  published: Date;
}

function locationText(row: { description: string | null; street_address: string | null; room: string | null; postal_code: string | null; locality: string | null } | undefined): string | null {
  if (!row) return null;
  const place = [row.postal_code, row.locality].filter(Boolean).join(' ');
  const parts = [row.description, row.room, row.street_address, place].filter((p): p is string => Boolean(p && p.trim()));
  return parts.length ? parts.join(', ') : null;
}

export function publicCouncil(db: Executor) {
  async function organizationsOfMeetings(tenantId: string, meetingIds: string[]): Promise<Map<string, OrgRef[]>> {
    const map = new Map<string, OrgRef[]>();
    if (meetingIds.length === 0) return map;
    const rows = await db
      .selectFrom('council_meeting_organizations as mo')
      .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'mo.tenant_id').onRef('o.id', '=', 'mo.organization_id'))
      .select(['mo.meeting_id', 'o.id', 'o.name', 'o.short_name'])
      .where('mo.tenant_id', '=', tenantId)
      .where('mo.meeting_id', 'in', meetingIds)
      .where('o.deleted_at', 'is', null)
      .orderBy('mo.position')
      .orderBy('o.name')
      .execute();
    for (const r of rows) {
      const list = map.get(r.meeting_id) ?? [];
      list.push({ id: r.id, name: r.name, shortName: r.short_name });
      map.set(r.meeting_id, list);
    }
    return map;
  }

  async function meetingSummaries(tenantId: string, build: (q: ReturnType<typeof baseMeetings>) => ReturnType<typeof baseMeetings>): Promise<MeetingSummary[]> {
    const rows = await build(baseMeetings(tenantId)).execute();
    const orgs = await organizationsOfMeetings(
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      startAt: r.start_at,
      endAt: r.end_at,
      state: r.meeting_state,
      cancelled: r.cancelled,
      organizations: orgs.get(r.id) ?? [],
      location: locationText(r.l_id ? { description: r.description, street_address: r.street_address, room: r.room, postal_code: r.postal_code, locality: r.locality } : undefined),
      modified: r.modified,
    }));
  }

  function baseMeetings(tenantId: string) {
    return db
      .selectFrom('council_public_meetings as m')
      .leftJoin('council_locations as l', (j) => j.onRef('l.tenant_id', '=', 'm.tenant_id').onRef('l.id', '=', 'm.location_id').on('l.deleted_at', 'is', null))
      .select(['m.id', 'm.name', 'm.start_at', 'm.end_at', 'm.meeting_state', 'm.cancelled', 'm.modified', 'l.id as l_id', 'l.description', 'l.street_address', 'l.room', 'l.postal_code', 'l.locality'])
      .where('m.tenant_id', '=', tenantId);
  }

  function inOrganization(organizationId: string) {
    return (q: ReturnType<typeof baseMeetings>) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('council_meeting_organizations as f')
            .select('f.meeting_id')
            .whereRef('f.tenant_id', '=', 'm.tenant_id')
            .whereRef('f.meeting_id', '=', 'm.id')
            .where('f.organization_id', '=', organizationId),
        ),
      );
  }

  return {
    async upcomingMeetings(tenantId: string, now: Date, limit: number, organizationId?: string): Promise<MeetingSummary[]> {
      return meetingSummaries(tenantId, (q) => {
        // A meeting under way (started up to 4 hours ago) still counts as the next one.
        const base = q.where('m.start_at', '>=', new Date(now.getTime() - 4 * 3_600_000)).orderBy('m.start_at').orderBy('m.id').limit(limit);
        return organizationId ? inOrganization(organizationId)(base) : base;
      });
    },

    async pastMeetings(tenantId: string, now: Date, limit: number, organizationId: string): Promise<MeetingSummary[]> {
      return meetingSummaries(tenantId, (q) => inOrganization(organizationId)(q.where('m.start_at', '<', new Date(now.getTime() - 4 * 3_600_000)).orderBy('m.start_at', 'desc').limit(limit)));
    },

    /** Meetings of a Berlin calendar month (month = 'yyyy-mm'). */
    async meetingsOfMonth(tenantId: string, month: string, organizationId?: string): Promise<MeetingSummary[]> {
      const first = `${month}-01`;
      const next = addDays(`${month}-28`, 7).slice(0, 7) + '-01';
      const from = berlinInstant(first, '00:00') as Date;
      const to = berlinInstant(next, '00:00') as Date;
      return meetingSummaries(tenantId, (q) => {
        const base = q.where('m.start_at', '>=', from).where('m.start_at', '<', to).orderBy('m.start_at').orderBy('m.id');
        return organizationId ? inOrganization(organizationId)(base) : base;
      });
    },

    async allMeetings(tenantId: string, organizationId?: string): Promise<MeetingSummary[]> {
      return meetingSummaries(tenantId, (q) => {
        const base = q.orderBy('m.start_at').orderBy('m.id').limit(2000);
        return organizationId ? inOrganization(organizationId)(base) : base;
      });
    },

    async meeting(tenantId: string, id: string): Promise<MeetingSummary | null> {
      const list = await meetingSummaries(tenantId, (q) => q.where('m.id', '=', id));
      return list[0] ?? null;
    },

    /** The agenda in order: public items in full, non-public items as their number only. */
    async agendaOf(tenantId: string, meetingId: string) {
      const [publicItems, hidden] = await Promise.all([
        db
          .selectFrom('council_public_agenda_items as a')
          .leftJoin('council_public_consultations as c', (j) => j.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.agenda_item_id', '=', 'a.id'))
          .leftJoin('council_public_papers as p', (j) => j.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.paper_id'))
          .select(['a.id', 'a.position', 'a.number', 'a.name', 'a.result', 'a.resolution_text', 'p.id as paper_id', 'p.name as paper_name', 'p.reference as paper_reference'])
          .where('a.tenant_id', '=', tenantId)
          .where('a.meeting_id', '=', meetingId)
          .execute(),
        db.selectFrom('council_agenda_items').select(['position', 'number']).where('tenant_id', '=', tenantId).where('meeting_id', '=', meetingId).where('public', '=', false).where('deleted_at', 'is', null).execute(),
      ]);
      const files = await filesOfParents(
        db,
        tenantId,
        'agenda_item_id',
        publicItems.map((i) => i.id),
      );
      type Item = { kind: 'public'; id: string; number: string | null; name: string; result: string | null; resolutionText: string | null; paper: { id: string; name: string; reference: string | null } | null; files: FileRef[] } | { kind: 'hidden'; number: string | null };
      const items: (Item & { position: number })[] = [
        ...publicItems.map((i) => ({
          kind: 'public' as const,
          position: i.position,
          id: i.id,
          number: i.number,
          name: i.name,
          result: i.result,
          resolutionText: i.resolution_text,
          paper: i.paper_id ? { id: i.paper_id, name: i.paper_name ?? '', reference: i.paper_reference } : null,
          files: files.get(i.id) ?? [],
        })),
        ...hidden.map((h) => ({ kind: 'hidden' as const, position: h.position, number: h.number })),
      ];
      items.sort((a, b) => a.position - b.position);
      return items;
    },

    async meetingFiles(tenantId: string, meetingId: string): Promise<FileRef[]> {
      return (await filesOfParents(db, tenantId, 'meeting_id', [meetingId])).get(meetingId) ?? [];
    },

    async newestPapers(tenantId: string, limit: number): Promise<PaperSummary[]> {
      const rows = await db
        .selectFrom('council_public_papers')
        .select(['id', 'name', 'reference', 'paper_type', 'date', 'first_published_at', 'created'])
        .where('tenant_id', '=', tenantId)
        .orderBy('date', (ob) => ob.desc().nullsLast())
        .orderBy('created', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, reference: r.reference, paperType: r.paper_type, date: r.date, published: r.first_published_at ?? r.created }));
    },

    /** Persons and organizations that submitted at least one public paper (the originator filter). */
    async originators(tenantId: string): Promise<{ id: string; name: string }[]> {
      const rows = await db
        .selectFrom('council_paper_originators as po')
        .innerJoin('council_public_papers as p', (j) => j.onRef('p.tenant_id', '=', 'po.tenant_id').onRef('p.id', '=', 'po.paper_id'))
        .leftJoin('council_persons as pe', (j) => j.onRef('pe.tenant_id', '=', 'po.tenant_id').onRef('pe.id', '=', 'po.person_id').on('pe.deleted_at', 'is', null))
        .leftJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'po.tenant_id').onRef('o.id', '=', 'po.organization_id').on('o.deleted_at', 'is', null))
        .select(['pe.id as person_id', 'pe.name as person_name', 'o.id as org_id', 'o.name as org_name'])
        .distinct()
        .where('po.tenant_id', '=', tenantId)
        .where('po.kind', '=', 'originator')
        .execute();
      return rows
        .flatMap((r) => (r.person_id ? [{ id: r.person_id, name: r.person_name ?? '' }] : r.org_id ? [{ id: r.org_id, name: r.org_name ?? '' }] : []))
        .sort((a, b) => a.name.localeCompare(b.name, 'de'));
    },

    async paperTypes(tenantId: string): Promise<string[]> {
      const rows = await db.selectFrom('council_public_papers').select('paper_type').distinct().where('tenant_id', '=', tenantId).orderBy('paper_type').execute();
      return rows.map((r) => r.paper_type);
    },

    async paper(tenantId: string, id: string) {
      const paper = await db.selectFrom('council_public_papers').select(['id', 'name', 'reference', 'paper_type', 'date']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!paper) return null;
      const [originators, files, consultations, relations] = await Promise.all([
        db
          .selectFrom('council_paper_originators as po')
          .leftJoin('council_persons as pe', (j) => j.onRef('pe.tenant_id', '=', 'po.tenant_id').onRef('pe.id', '=', 'po.person_id').on('pe.deleted_at', 'is', null))
          .leftJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'po.tenant_id').onRef('o.id', '=', 'po.organization_id').on('o.deleted_at', 'is', null))
          .select(['po.kind', 'pe.id as person_id', 'pe.name as person_name', 'o.id as org_id', 'o.name as org_name'])
          .where('po.tenant_id', '=', tenantId)
          .where('po.paper_id', '=', id)
          .orderBy('po.kind')
          .orderBy('po.position')
          .execute(),
        filesOfParents(db, tenantId, 'paper_id', [id]),
        db
          .selectFrom('council_public_consultations as c')
          .leftJoin('council_public_meetings as m', (j) => j.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.meeting_id'))
          .leftJoin('council_public_agenda_items as a', (j) => j.onRef('a.tenant_id', '=', 'c.tenant_id').onRef('a.id', '=', 'c.agenda_item_id'))
          .select(['c.id', 'c.role', 'c.authoritative', 'm.id as meeting_id', 'm.name as meeting_name', 'm.start_at', 'm.cancelled', 'a.number', 'a.result'])
          .where('c.tenant_id', '=', tenantId)
          .where('c.paper_id', '=', id)
          .orderBy('c.position')
          .orderBy('m.start_at')
          .execute(),
        relationsOf(db, tenantId, id),
      ]);
      const consultationOrgs = await consultationOrganizations(
        db,
        tenantId,
        consultations.map((c) => c.id),
      );
      const meetingOrgs = await organizationsOfMeetings(
        tenantId,
        consultations.map((c) => c.meeting_id).filter((m): m is string => m !== null),
      );
      const ref = (r: { id: string; name: string; reference: string | null }) => ({ id: r.id, name: r.name, reference: r.reference });
      return {
        id: paper.id,
        name: paper.name,
        reference: paper.reference,
        paperType: paper.paper_type,
        date: paper.date,
        originators: originators
          .filter((o) => o.kind === 'originator')
          .flatMap((o): { kind: 'person' | 'organization'; id: string; name: string }[] => (o.person_id ? [{ kind: 'person', id: o.person_id, name: o.person_name ?? '' }] : o.org_id ? [{ kind: 'organization', id: o.org_id, name: o.org_name ?? '' }] : [])),
        underDirectionOf: originators.filter((o) => o.kind === 'direction' && o.org_id).map((o) => ({ id: o.org_id as string, name: o.org_name ?? '' })),
        files: files.get(id) ?? [],
        consultations: consultations.map((c) => ({
          id: c.id,
          role: c.role,
          authoritative: c.authoritative,
          meeting: c.meeting_id ? { id: c.meeting_id, name: c.meeting_name ?? '', startAt: c.start_at as Date, cancelled: Boolean(c.cancelled) } : null,
          agendaNumber: c.number,
          result: c.result,
          organizations: consultationOrgs.get(c.id) ?? (c.meeting_id ? (meetingOrgs.get(c.meeting_id) ?? []) : []),
        })),
        related: relations.filter((r) => r.kind === 'related').map(ref),
        superordinated: relations.filter((r) => r.kind === 'super').map(ref),
        subordinated: relations.filter((r) => r.kind === 'sub').map(ref),
      };
    },

    async organizations(tenantId: string) {
      return db
        .selectFrom('council_organizations')
        .select(['id', 'name', 'short_name', 'organization_type', 'classification'])
        .where('tenant_id', '=', tenantId)
        .where('deleted_at', 'is', null)
        .orderBy('organization_type')
        .orderBy('position')
        .orderBy('name')
        .execute();
    },

    async organization(tenantId: string, id: string) {
      return db
        .selectFrom('council_organizations')
        .select(['id', 'name', 'short_name', 'organization_type', 'classification', 'website', 'start_date', 'end_date'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    async membersOf(tenantId: string, organizationId: string) {
      return db
        .selectFrom('council_memberships as ms')
        .innerJoin('council_persons as p', (j) => j.onRef('p.tenant_id', '=', 'ms.tenant_id').onRef('p.id', '=', 'ms.person_id'))
        .leftJoin('council_organizations as f', (j) => j.onRef('f.tenant_id', '=', 'ms.tenant_id').onRef('f.id', '=', 'ms.on_behalf_of').on('f.deleted_at', 'is', null))
        .select(['p.id as person_id', 'p.name', 'p.family_name', 'ms.role', 'ms.voting_right', 'ms.start_date', 'ms.end_date', 'f.id as faction_id', 'f.name as faction_name', 'f.short_name as faction_short'])
        .where('ms.tenant_id', '=', tenantId)
        .where('ms.organization_id', '=', organizationId)
        .where('ms.deleted_at', 'is', null)
        .where('p.deleted_at', 'is', null)
        .orderBy('p.family_name')
        .orderBy('p.name')
        .execute();
    },

    async persons(tenantId: string) {
      return db.selectFrom('council_persons').select(['id', 'name', 'family_name']).where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).orderBy('family_name').orderBy('name').execute();
    },

    async person(tenantId: string, id: string) {
      const person = await db
        .selectFrom('council_persons')
        .select(['id', 'name', 'form_of_address', 'title', 'phone', 'email', 'publish_contact', 'status', 'life'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!person) return null;
      const memberships = await db
        .selectFrom('council_memberships as ms')
        .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'ms.tenant_id').onRef('o.id', '=', 'ms.organization_id'))
        .leftJoin('council_organizations as f', (j) => j.onRef('f.tenant_id', '=', 'ms.tenant_id').onRef('f.id', '=', 'ms.on_behalf_of').on('f.deleted_at', 'is', null))
        .select(['o.id', 'o.name', 'o.organization_type', 'ms.role', 'ms.start_date', 'ms.end_date', 'f.name as faction_name'])
        .where('ms.tenant_id', '=', tenantId)
        .where('ms.person_id', '=', id)
        .where('ms.deleted_at', 'is', null)
        .where('o.deleted_at', 'is', null)
        .orderBy('o.position')
        .orderBy('o.name')
        .execute();
      return {
        id: person.id,
        name: person.name,
        status: person.status,
        life: person.life,
        // Contact data only with the person's recorded consent (OParl spec 1-06).
        contact: person.publish_contact ? { phone: person.phone, email: person.email } : null,
        memberships,
      };
    },

    /** The stored bytes' location of a council file: only after councilFileAccess allowed this viewer to read it. */
    async fileRow(tenantId: string, fileId: string) {
      return db
        .selectFrom('council_files')
        .select(['id', 'name', 'file_name', 'mime_type', 'stored_file_id', 'size'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', fileId)
        .executeTakeFirst();
    },
  };
}

/** Public files hung on papers, meetings or agenda items, per parent, in role and position order. */
async function filesOfParents(db: Executor, tenantId: string, column: 'paper_id' | 'meeting_id' | 'agenda_item_id', parentIds: string[]): Promise<Map<string, FileRef[]>> {
  const map = new Map<string, FileRef[]>();
  if (parentIds.length === 0) return map;
  const rows = await db
    .selectFrom('council_file_links as l')
    .innerJoin('council_public_files as f', (j) => j.onRef('f.tenant_id', '=', 'l.tenant_id').onRef('f.id', '=', 'l.file_id'))
    .select([`l.${column} as parent_id`, 'l.role', 'f.id', 'f.name', 'f.file_name', 'f.size', 'f.mime_type'])
    .where('l.tenant_id', '=', tenantId)
    .where(`l.${column}`, 'in', parentIds)
    .orderBy('l.role')
    .orderBy('l.position')
    .orderBy('f.name')
    .execute();
  for (const r of rows) {
    const parent = r.parent_id as string;
    const list = map.get(parent) ?? [];
    list.push({ id: r.id, name: r.name, fileName: r.file_name, size: Number(r.size), mimeType: r.mime_type, role: r.role });
    map.set(parent, list);
  }
  return map;
}

/** Related, superordinated and subordinated papers, as far as they are public ('sub': other_paper is subordinate to paper). */
async function relationsOf(db: Executor, tenantId: string, paperId: string) {
  const links = await db
    .selectFrom('council_paper_relations')
    .select(['paper_id', 'other_paper_id', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('paper_id', '=', paperId), eb('other_paper_id', '=', paperId)]))
    .execute();
  const wanted = links.map((l) => ({
    otherId: l.paper_id === paperId ? l.other_paper_id : l.paper_id,
    kind: l.kind === 'related' ? ('related' as const) : l.paper_id === paperId ? ('sub' as const) : ('super' as const),
  }));
  if (wanted.length === 0) return [];
  const papers = await db
    .selectFrom('council_public_papers')
    .select(['id', 'name', 'reference'])
    .where('tenant_id', '=', tenantId)
    .where(
      'id',
      'in',
      wanted.map((w) => w.otherId),
    )
    .execute();
  const byId = new Map(papers.map((p) => [p.id, p]));
  const seen = new Set<string>();
  return wanted.flatMap((w) => {
    const paper = byId.get(w.otherId);
    const key = `${w.kind}:${w.otherId}`;
    if (!paper || seen.has(key)) return [];
    seen.add(key);
    return [{ kind: w.kind, ...paper }];
  });
}

async function consultationOrganizations(db: Executor, tenantId: string, consultationIds: string[]): Promise<Map<string, OrgRef[]>> {
  const map = new Map<string, OrgRef[]>();
  if (consultationIds.length === 0) return map;
  const rows = await db
    .selectFrom('council_consultation_organizations as co')
    .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'co.tenant_id').onRef('o.id', '=', 'co.organization_id'))
    .select(['co.consultation_id', 'o.id', 'o.name', 'o.short_name'])
    .where('co.tenant_id', '=', tenantId)
    .where('co.consultation_id', 'in', consultationIds)
    .where('o.deleted_at', 'is', null)
    .orderBy('co.position')
    .execute();
  for (const r of rows) {
    const list = map.get(r.consultation_id) ?? [];
    list.push({ id: r.id, name: r.name, shortName: r.short_name });
    map.set(r.consultation_id, list);
  }
  return map;
}

/** Sizes for people: "1,2 MB". */
export function fileSizeLabel(bytes: number, locale: 'de' | 'en'): string {
  const fmt = (n: number) => n.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fmt(bytes / 1024)} KB`;
  return `${fmt(bytes / 1024 / 1024)} MB`;
}

