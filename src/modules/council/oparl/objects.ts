/**
 * The OParl representation of live objects, built for a whole page of ids at
 * once: one query per table and page, never one per item (the paper list
 * must stay fast with thousands of papers).
 *
 * Public data comes only from the `council_public_*` views and from the
 * always-public tables with `deleted_at is null`; nothing of the member area
 * is read. Embedded objects carry their own id/type/created/modified and no
 * back-reference to the parent; standalone ones (GET by id, list items) carry
 * the back-references (spec 3-00). Embedding is at most two levels deep:
 * Meeting › AgendaItem › File.
 */
import type { Executor } from '../../../core/db/database.ts';
import { compact, opt, optTime, stamps, type JsonObject } from './format.ts';
import type { ObjectSegment, OParlUrls } from './urls.ts';

export interface RenderContext {
  db: Executor;
  tenantId: string;
  urls: OParlUrls;
  omitInternal: boolean;
  /** The licence of the System (Body.license is emitted only where it differs). */
  systemLicense: string;
}

type Loaded = Map<string, JsonObject>;

const group = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
};

const nonEmpty = <T>(ids: readonly (T | null | undefined)[]): T[] => [...new Set(ids.filter((x): x is T => x !== null && x !== undefined))];

// ------------------------------------------------------------------ Location

async function locationRows(ctx: RenderContext, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .selectFrom('council_locations')
    .select(['id', 'created', 'modified', 'description', 'street_address', 'room', 'postal_code', 'sub_locality', 'locality', 'geojson'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', 'in', [...ids])
    .where('deleted_at', 'is', null)
    .execute();
}

type LocationRow = Awaited<ReturnType<typeof locationRows>>[number];

function locationJson(ctx: RenderContext, row: LocationRow, extra: JsonObject = {}): JsonObject {
  const geojson = row.geojson ? ({ ...row.geojson, properties: row.geojson.properties ?? null } as unknown as JsonObject) : undefined;
  return compact({
    ...stamps('Location', ctx.urls.object('location', row.id), row.created, row.modified),
    description: opt(row.description),
    geojson,
    streetAddress: opt(row.street_address),
    room: opt(row.room),
    postalCode: opt(row.postal_code),
    subLocality: opt(row.sub_locality),
    locality: opt(row.locality),
    ...extra,
  });
}

/** Embedded locations by id (no back-references). */
async function embeddedLocations(ctx: RenderContext, ids: readonly (string | null)[]): Promise<Loaded> {
  const rows = await locationRows(ctx, nonEmpty(ids));
  return new Map(rows.map((r) => [r.id, locationJson(ctx, r)]));
}

async function loadLocations(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const t = ctx.tenantId;
  const [rows, bodies, organizations, persons, meetings, papers] = await Promise.all([
    locationRows(ctx, ids),
    ctx.db.selectFrom('council_bodies').select(['id', 'location_id']).where('tenant_id', '=', t).where('location_id', 'in', [...ids]).where('deleted_at', 'is', null).orderBy('id').execute(),
    ctx.db.selectFrom('council_organizations').select(['id', 'location_id']).where('tenant_id', '=', t).where('location_id', 'in', [...ids]).where('deleted_at', 'is', null).orderBy('id').execute(),
    // Only persons who agreed to publish their contact data show their location.
    ctx.db.selectFrom('council_persons').select(['id', 'location_id']).where('tenant_id', '=', t).where('location_id', 'in', [...ids]).where('deleted_at', 'is', null).where('publish_contact', '=', true).orderBy('id').execute(),
    ctx.db.selectFrom('council_public_meetings').select(['id', 'location_id']).where('tenant_id', '=', t).where('location_id', 'in', [...ids]).orderBy('id').execute(),
    ctx.db
      .selectFrom('council_paper_locations as pl')
      .innerJoin('council_public_papers as p', (j) => j.onRef('p.tenant_id', '=', 'pl.tenant_id').onRef('p.id', '=', 'pl.paper_id'))
      .select(['p.id', 'pl.location_id'])
      .where('pl.tenant_id', '=', t)
      .where('pl.location_id', 'in', [...ids])
      .orderBy('p.id')
      .execute(),
  ]);
  const refs = (list: readonly { id: string; location_id: string | null }[], segment: ObjectSegment) => {
    const byLocation = group(list, (r) => r.location_id);
    return (locationId: string) => (byLocation.get(locationId) ?? []).map((r) => ctx.urls.object(segment, r.id));
  };
  const b = refs(bodies, 'body');
  const o = refs(organizations, 'organization');
  const p = refs(persons, 'person');
  const m = refs(meetings, 'meeting');
  const pa = refs(papers, 'paper');
  return new Map(rows.map((r) => [r.id, locationJson(ctx, r, { bodies: b(r.id), organizations: o(r.id), persons: p(r.id), meetings: m(r.id), papers: pa(r.id) })]));
}

// ------------------------------------------------------------------ File

async function fileRows(ctx: RenderContext, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .selectFrom('council_public_files')
    .select(['id', 'created', 'modified', 'name', 'file_name', 'mime_type', 'size', 'sha512', 'date', 'text', 'master_file_id', 'file_license'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', 'in', [...ids])
    .execute();
}

type FileRow = Awaited<ReturnType<typeof fileRows>>[number];

function fileJson(ctx: RenderContext, row: FileRow, extra: JsonObject = {}): JsonObject {
  return compact({
    ...stamps('File', ctx.urls.object('file', row.id), row.created, row.modified),
    name: row.name,
    fileName: row.file_name,
    mimeType: row.mime_type,
    date: opt(row.date),
    size: Number(row.size),
    sha512Checksum: row.sha512,
    text: opt(row.text),
    accessUrl: ctx.urls.fileContent(row.id),
    downloadUrl: ctx.urls.fileDownload(row.id),
    fileLicense: opt(row.file_license),
    ...extra,
  });
}

interface LinkedFile {
  parentId: string;
  role: string;
  json: JsonObject;
}

/** masterFile / derivativeFile of files, public ones only (the same on embedded and standalone copies). */
async function fileRelations(ctx: RenderContext, rows: readonly { id: string; master_file_id: string | null }[]): Promise<(row: { id: string; master_file_id: string | null }) => JsonObject> {
  const ids = rows.map((r) => r.id);
  const masters = nonEmpty(rows.map((r) => r.master_file_id));
  const [derivatives, publicMasters] = await Promise.all([
    ids.length ? ctx.db.selectFrom('council_public_files').select(['id', 'master_file_id']).where('tenant_id', '=', ctx.tenantId).where('master_file_id', 'in', ids).orderBy('id').execute() : Promise.resolve([]),
    masters.length ? ctx.db.selectFrom('council_public_files').select('id').where('tenant_id', '=', ctx.tenantId).where('id', 'in', masters).execute() : Promise.resolve([]),
  ]);
  const derivativesByMaster = group(derivatives, (d) => d.master_file_id);
  const visibleMasters = new Set(publicMasters.map((m) => m.id));
  return (row) => ({
    masterFile: row.master_file_id && visibleMasters.has(row.master_file_id) ? ctx.urls.object('file', row.master_file_id) : undefined,
    derivativeFile: (derivativesByMaster.get(row.id) ?? []).map((d) => ctx.urls.object('file', d.id)),
  });
}

/**
 * The public files hanging on papers, meetings or agenda items, embedded
 * (no back-references), in the Ratsbüro's order.
 */
async function linkedFiles(ctx: RenderContext, parent: 'paper_id' | 'meeting_id' | 'agenda_item_id', parentIds: readonly string[]): Promise<Map<string, LinkedFile[]>> {
  if (parentIds.length === 0) return new Map();
  // Links first (indexed by parent), then the view for just those files: the view's visibility test then runs
  // for the page's files only, not for every file of the municipality.
  const links = await ctx.db
    .selectFrom('council_file_links')
    .select(['paper_id', 'meeting_id', 'agenda_item_id', 'role', 'file_id'])
    .where('tenant_id', '=', ctx.tenantId)
    .where(parent, 'in', [...parentIds])
    .orderBy('position')
    .orderBy('file_id')
    .execute();
  const rows = await fileRows(ctx, nonEmpty(links.map((l) => l.file_id)));
  const relations = await fileRelations(ctx, rows);
  const byId = new Map(rows.map((r) => [r.id, fileJson(ctx, r, relations(r))]));
  const out = new Map<string, LinkedFile[]>();
  for (const link of links) {
    const json = byId.get(link.file_id);
    if (!json) continue;
    const parentId = link[parent] as string;
    const list = out.get(parentId) ?? [];
    list.push({ parentId, role: link.role, json });
    out.set(parentId, list);
  }
  return out;
}

const filesWithRole = (files: readonly LinkedFile[] | undefined, role: string): JsonObject[] => (files ?? []).filter((f) => f.role === role).map((f) => f.json);

async function loadFiles(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const [rows, links] = await Promise.all([
    fileRows(ctx, ids),
    // Back-references to the direct parents, and only to parents that are visible themselves.
    ctx.db
      .selectFrom('council_file_links as l')
      .leftJoin('council_public_papers as p', (j) => j.onRef('p.tenant_id', '=', 'l.tenant_id').onRef('p.id', '=', 'l.paper_id'))
      .leftJoin('council_public_meetings as m', (j) => j.onRef('m.tenant_id', '=', 'l.tenant_id').onRef('m.id', '=', 'l.meeting_id'))
      .leftJoin('council_public_agenda_items as a', (j) => j.onRef('a.tenant_id', '=', 'l.tenant_id').onRef('a.id', '=', 'l.agenda_item_id'))
      .select(['l.file_id', 'p.id as paper_id', 'm.id as meeting_id', 'a.id as agenda_item_id'])
      .where('l.tenant_id', '=', ctx.tenantId)
      .where('l.file_id', 'in', [...ids])
      .execute(),
  ]);
  const relations = await fileRelations(ctx, rows);
  const linksByFile = group(links, (l) => l.file_id);
  const refs = (ids: readonly (string | null)[], segment: ObjectSegment): string[] =>
    nonEmpty(ids)
      .sort()
      .map((id) => ctx.urls.object(segment, id));
  return new Map(
    rows.map((r) => {
      const own = linksByFile.get(r.id) ?? [];
      return [
        r.id,
        fileJson(ctx, r, {
          ...relations(r),
          meeting: refs(
            own.map((l) => l.meeting_id),
            'meeting',
          ),
          agendaItem: refs(
            own.map((l) => l.agenda_item_id),
            'agenda-item',
          ),
          paper: refs(
            own.map((l) => l.paper_id),
            'paper',
          ),
        }),
      ];
    }),
  );
}

// ------------------------------------------------------------------ Body and LegislativeTerm

async function termRows(ctx: RenderContext, column: 'id' | 'body_id', ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .selectFrom('council_legislative_terms')
    .select(['id', 'body_id', 'created', 'modified', 'name', 'start_date', 'end_date'])
    .where('tenant_id', '=', ctx.tenantId)
    .where(column, 'in', [...ids])
    .where('deleted_at', 'is', null)
    .orderBy('start_date')
    .orderBy('id')
    .execute();
}

type TermRow = Awaited<ReturnType<typeof termRows>>[number];

function termJson(ctx: RenderContext, row: TermRow, standalone: boolean): JsonObject {
  return compact({
    ...stamps('LegislativeTerm', ctx.urls.object('legislative-term', row.id), row.created, row.modified),
    body: standalone ? ctx.urls.object('body', row.body_id) : undefined,
    name: row.name,
    startDate: opt(row.start_date),
    endDate: opt(row.end_date),
  });
}

async function loadTerms(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const rows = await termRows(ctx, 'id', ids);
  return new Map(rows.map((r) => [r.id, termJson(ctx, r, true)]));
}

async function loadBodies(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const rows = await ctx.db.selectFrom('council_bodies').selectAll().where('tenant_id', '=', ctx.tenantId).where('id', 'in', [...ids]).where('deleted_at', 'is', null).execute();
  const [terms, locations] = await Promise.all([ctx.omitInternal ? Promise.resolve([]) : termRows(ctx, 'body_id', ids), embeddedLocations(ctx, rows.map((r) => r.location_id))]);
  const termsByBody = group(terms, (t) => t.body_id);
  const u = ctx.urls;
  return new Map(
    rows.map((r) => [
      r.id,
      compact(
        {
          ...stamps('Body', u.object('body', r.id), r.created, r.modified),
          system: u.system,
          shortName: opt(r.short_name),
          name: r.name,
          website: opt(r.website),
          license: r.license && r.license !== ctx.systemLicense ? r.license : undefined,
          licenseValidSince: optTime(r.license_valid_since),
          oparlSince: optTime(r.oparl_since),
          ags: opt(r.ags),
          rgs: opt(r.rgs),
          equivalent: r.equivalent,
          contactEmail: opt(r.contact_email),
          contactName: opt(r.contact_name),
          organization: u.bodyList(r.id, 'organizations'),
          person: u.bodyList(r.id, 'persons'),
          meeting: u.bodyList(r.id, 'meetings'),
          paper: u.bodyList(r.id, 'papers'),
          legislativeTerm: ctx.omitInternal ? undefined : (termsByBody.get(r.id) ?? []).map((t) => termJson(ctx, t, false)),
          agendaItem: u.bodyList(r.id, 'agenda-items'),
          consultation: u.bodyList(r.id, 'consultations'),
          file: u.bodyList(r.id, 'files'),
          locationList: u.bodyList(r.id, 'locations'),
          legislativeTermList: u.bodyList(r.id, 'legislative-terms'),
          membership: u.bodyList(r.id, 'memberships'),
          classification: opt(r.classification),
          location: r.location_id ? locations.get(r.location_id) : undefined,
          web: u.web.portal,
        },
        // A mandatory array: [] when there are no terms (only omit_internal may drop it).
        ctx.omitInternal ? [] : ['legislativeTerm'],
      ),
    ]),
  );
}

// ------------------------------------------------------------------ Organization, Person, Membership

async function membershipRows(ctx: RenderContext, column: 'id' | 'person_id' | 'organization_id', ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .selectFrom('council_memberships')
    .select(['id', 'person_id', 'organization_id', 'created', 'modified', 'role', 'voting_right', 'start_date', 'end_date', 'on_behalf_of'])
    .where('tenant_id', '=', ctx.tenantId)
    .where(column, 'in', [...ids])
    .where('deleted_at', 'is', null)
    .orderBy('start_date')
    .orderBy('id')
    .execute();
}

type MembershipRow = Awaited<ReturnType<typeof membershipRows>>[number];

function membershipJson(ctx: RenderContext, row: MembershipRow, standalone: boolean): JsonObject {
  const u = ctx.urls;
  return compact({
    ...stamps('Membership', u.object('membership', row.id), row.created, row.modified),
    person: standalone ? u.object('person', row.person_id) : undefined,
    organization: u.object('organization', row.organization_id),
    role: opt(row.role),
    votingRight: row.voting_right ?? undefined,
    startDate: opt(row.start_date),
    endDate: opt(row.end_date),
    onBehalfOf: row.on_behalf_of ? u.object('organization', row.on_behalf_of) : undefined,
  });
}

async function loadMemberships(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const rows = await membershipRows(ctx, 'id', ids);
  return new Map(rows.map((r) => [r.id, membershipJson(ctx, r, true)]));
}

async function loadOrganizations(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const rows = await ctx.db.selectFrom('council_organizations').selectAll().where('tenant_id', '=', ctx.tenantId).where('id', 'in', [...ids]).where('deleted_at', 'is', null).execute();
  const parents = nonEmpty(rows.map((r) => r.sub_organization_of));
  const [memberships, locations, liveParents] = await Promise.all([
    membershipRows(ctx, 'organization_id', ids),
    embeddedLocations(ctx, rows.map((r) => r.location_id)),
    parents.length ? ctx.db.selectFrom('council_organizations').select('id').where('tenant_id', '=', ctx.tenantId).where('id', 'in', parents).where('deleted_at', 'is', null).execute() : Promise.resolve([]),
  ]);
  const liveParent = new Set(liveParents.map((p) => p.id));
  const membershipsByOrg = group(memberships, (m) => m.organization_id);
  const u = ctx.urls;
  return new Map(
    rows.map((r) => [
      r.id,
      compact({
        ...stamps('Organization', u.object('organization', r.id), r.created, r.modified),
        body: u.object('body', r.body_id),
        name: r.name,
        membership: (membershipsByOrg.get(r.id) ?? []).map((m) => u.object('membership', m.id)),
        meeting: u.organizationList(r.id, 'meetings'),
        consultation: u.organizationList(r.id, 'consultations'),
        shortName: opt(r.short_name),
        post: r.post,
        subOrganizationOf: r.sub_organization_of && liveParent.has(r.sub_organization_of) ? u.object('organization', r.sub_organization_of) : undefined,
        organizationType: r.organization_type,
        classification: opt(r.classification),
        startDate: opt(r.start_date),
        endDate: opt(r.end_date),
        website: opt(r.website),
        location: r.location_id ? locations.get(r.location_id) : undefined,
        web: u.web.organization(r.id),
      }),
    ]),
  );
}

async function loadPersons(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const rows = await ctx.db
    .selectFrom('council_persons')
    .select(['id', 'body_id', 'created', 'modified', 'name', 'family_name', 'given_name', 'form_of_address', 'affix', 'title', 'gender', 'phone', 'email', 'publish_contact', 'location_id', 'status', 'life', 'life_source'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', 'in', [...ids])
    .where('deleted_at', 'is', null)
    .execute();
  const [memberships, locations] = await Promise.all([
    ctx.omitInternal ? Promise.resolve([]) : membershipRows(ctx, 'person_id', ids),
    // Contact data (address included) only with the person's consent (spec 1-06).
    embeddedLocations(
      ctx,
      rows.filter((r) => r.publish_contact).map((r) => r.location_id),
    ),
  ]);
  const membershipsByPerson = group(memberships, (m) => m.person_id);
  const u = ctx.urls;
  return new Map(
    rows.map((r) => {
      const location = r.publish_contact && r.location_id ? locations.get(r.location_id) : undefined;
      return [
        r.id,
        compact({
          ...stamps('Person', u.object('person', r.id), r.created, r.modified),
          body: u.object('body', r.body_id),
          name: r.name,
          familyName: opt(r.family_name),
          givenName: opt(r.given_name),
          formOfAddress: opt(r.form_of_address),
          affix: opt(r.affix),
          title: r.title,
          gender: opt(r.gender),
          phone: r.publish_contact ? r.phone : undefined,
          email: r.publish_contact ? r.email : undefined,
          location: location ? u.object('location', r.location_id as string) : undefined,
          locationObject: location,
          status: r.status,
          membership: ctx.omitInternal ? undefined : (membershipsByPerson.get(r.id) ?? []).map((m) => membershipJson(ctx, m, false)),
          life: opt(r.life),
          lifeSource: opt(r.life_source),
          web: u.web.person(r.id),
        }),
      ];
    }),
  );
}

// ------------------------------------------------------------------ Consultation

async function consultationRows(ctx: RenderContext, column: 'id' | 'paper_id', ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .selectFrom('council_public_consultations as c')
    .leftJoin('council_public_agenda_items as a', (j) => j.onRef('a.tenant_id', '=', 'c.tenant_id').onRef('a.id', '=', 'c.agenda_item_id'))
    .leftJoin('council_public_meetings as m', (j) => j.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.meeting_id'))
    // The meeting of a visible TOP wins over the stored one (AgendaItem.meeting and Consultation.meeting must agree).
    .select((eb) => ['c.id', 'c.paper_id', 'c.created', 'c.modified', 'c.authoritative', 'c.role', 'a.id as agenda_item_id', eb.fn.coalesce('a.meeting_id', 'm.id').as('meeting_id')])
    .where('c.tenant_id', '=', ctx.tenantId)
    .where(`c.${column}`, 'in', [...ids])
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
}

type ConsultationRow = Awaited<ReturnType<typeof consultationRows>>[number];

async function consultationOrganizations(ctx: RenderContext, ids: readonly string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('council_consultation_organizations as co')
    .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'co.tenant_id').onRef('o.id', '=', 'co.organization_id'))
    .select(['co.consultation_id', 'o.id'])
    .where('co.tenant_id', '=', ctx.tenantId)
    .where('co.consultation_id', 'in', [...ids])
    .where('o.deleted_at', 'is', null)
    .orderBy('co.position')
    .orderBy('o.id')
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.consultation_id, [...(out.get(r.consultation_id) ?? []), ctx.urls.object('organization', r.id)]);
  return out;
}

function consultationJson(ctx: RenderContext, row: ConsultationRow, organizations: Map<string, string[]>, standalone: boolean): JsonObject {
  const u = ctx.urls;
  return compact({
    ...stamps('Consultation', u.object('consultation', row.id), row.created, row.modified),
    paper: standalone ? u.object('paper', row.paper_id) : undefined,
    // Only visible agenda items and meetings: a non-public TOP is not revealed even by its id.
    agendaItem: row.agenda_item_id ? u.object('agenda-item', row.agenda_item_id) : undefined,
    meeting: row.meeting_id ? u.object('meeting', row.meeting_id) : undefined,
    organization: organizations.get(row.id) ?? [],
    authoritative: row.authoritative ?? undefined,
    role: opt(row.role),
  });
}

async function loadConsultations(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const [rows, organizations] = await Promise.all([consultationRows(ctx, 'id', ids), consultationOrganizations(ctx, ids)]);
  return new Map(rows.map((r) => [r.id, consultationJson(ctx, r, organizations, true)]));
}

// ------------------------------------------------------------------ Paper

async function loadPapers(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const t = ctx.tenantId;
  const rows = await ctx.db
    .selectFrom('council_public_papers')
    .select(['id', 'body_id', 'created', 'modified', 'name', 'reference', 'date', 'paper_type'])
    .where('tenant_id', '=', t)
    .where('id', 'in', [...ids])
    .execute();
  if (rows.length === 0) return new Map();
  const [relations, originators, locationLinks, files, consultations] = await Promise.all([
    // Relations to papers that are public themselves, in both directions.
    ctx.db
      .selectFrom('council_paper_relations as r')
      .innerJoin('council_public_papers as a', (j) => j.onRef('a.tenant_id', '=', 'r.tenant_id').onRef('a.id', '=', 'r.paper_id'))
      .innerJoin('council_public_papers as b', (j) => j.onRef('b.tenant_id', '=', 'r.tenant_id').onRef('b.id', '=', 'r.other_paper_id'))
      .select(['r.paper_id', 'r.other_paper_id', 'r.kind'])
      .where('r.tenant_id', '=', t)
      .where((eb) => eb.or([eb('r.paper_id', 'in', [...ids]), eb('r.other_paper_id', 'in', [...ids])]))
      .execute(),
    ctx.db
      .selectFrom('council_paper_originators as po')
      .leftJoin('council_persons as p', (j) => j.onRef('p.tenant_id', '=', 'po.tenant_id').onRef('p.id', '=', 'po.person_id'))
      .leftJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'po.tenant_id').onRef('o.id', '=', 'po.organization_id'))
      .select(['po.paper_id', 'po.kind', 'po.person_id', 'po.organization_id', 'p.deleted_at as person_deleted', 'o.deleted_at as organization_deleted'])
      .where('po.tenant_id', '=', t)
      .where('po.paper_id', 'in', [...ids])
      .orderBy('po.position')
      .execute(),
    ctx.omitInternal ? Promise.resolve([]) : ctx.db.selectFrom('council_paper_locations').select(['paper_id', 'location_id']).where('tenant_id', '=', t).where('paper_id', 'in', [...ids]).orderBy('location_id').execute(),
    linkedFiles(ctx, 'paper_id', ids),
    consultationRows(ctx, 'paper_id', ids),
  ]);
  const [locations, consultationOrgs] = await Promise.all([
    embeddedLocations(
      ctx,
      locationLinks.map((l) => l.location_id),
    ),
    consultationOrganizations(
      ctx,
      consultations.map((c) => c.id),
    ),
  ]);
  const u = ctx.urls;
  const related = new Map<string, Set<string>>();
  const sub = new Map<string, Set<string>>();
  const sup = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, k: string, v: string) => map.set(k, (map.get(k) ?? new Set()).add(v));
  for (const r of relations) {
    if (r.kind === 'related') {
      add(related, r.paper_id, r.other_paper_id);
      add(related, r.other_paper_id, r.paper_id);
    } else {
      add(sub, r.paper_id, r.other_paper_id);
      add(sup, r.other_paper_id, r.paper_id);
    }
  }
  const refs = (map: Map<string, Set<string>>, id: string) => [...(map.get(id) ?? [])].sort().map((x) => u.object('paper', x));
  const originatorsByPaper = group(originators, (o) => o.paper_id);
  const locationsByPaper = group(locationLinks, (l) => l.paper_id);
  const consultationsByPaper = group(consultations, (c) => c.paper_id);
  return new Map(
    rows.map((r) => {
      const own = originatorsByPaper.get(r.id) ?? [];
      const paperFiles = files.get(r.id) ?? [];
      const main = paperFiles.find((f) => f.role === 'paper_main');
      return [
        r.id,
        compact({
          ...stamps('Paper', u.object('paper', r.id), r.created, r.modified),
          body: u.object('body', r.body_id),
          name: r.name,
          reference: opt(r.reference),
          date: opt(r.date),
          paperType: r.paper_type,
          relatedPaper: refs(related, r.id),
          superordinatedPaper: refs(sup, r.id),
          subordinatedPaper: refs(sub, r.id),
          mainFile: main?.json,
          // Every other file; the main file never again (spec: "ausgenommen der … in mainFile angegebenen").
          auxiliaryFile: ctx.omitInternal ? undefined : paperFiles.filter((f) => f.role !== 'paper_main').map((f) => f.json),
          location: ctx.omitInternal ? undefined : (locationsByPaper.get(r.id) ?? []).map((l) => locations.get(l.location_id)).filter((l): l is JsonObject => l !== undefined),
          originatorPerson: own.filter((o) => o.kind === 'originator' && o.person_id && !o.person_deleted).map((o) => u.object('person', o.person_id as string)),
          originatorOrganization: own.filter((o) => o.kind === 'originator' && o.organization_id && !o.organization_deleted).map((o) => u.object('organization', o.organization_id as string)),
          underDirectionOf: own.filter((o) => o.kind === 'direction' && o.organization_id && !o.organization_deleted).map((o) => u.object('organization', o.organization_id as string)),
          consultation: (consultationsByPaper.get(r.id) ?? []).map((c) => consultationJson(ctx, c, consultationOrgs, false)),
          web: u.web.paper(r.id),
        }),
      ];
    }),
  );
}

// ------------------------------------------------------------------ Meeting and AgendaItem

async function agendaItemRows(ctx: RenderContext, column: 'id' | 'meeting_id', ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .selectFrom('council_public_agenda_items')
    .select(['id', 'meeting_id', 'created', 'modified', 'number', 'oparl_order', 'name', 'result', 'resolution_text', 'start_at', 'end_at'])
    .where('tenant_id', '=', ctx.tenantId)
    .where(column, 'in', [...ids])
    .orderBy('meeting_id')
    .orderBy('oparl_order')
    .execute();
}

/** Agenda items with their files and consultation link; `standalone` adds the meeting back-reference. */
async function agendaItemsJson(ctx: RenderContext, column: 'id' | 'meeting_id', ids: readonly string[], standalone: boolean): Promise<Array<{ id: string; meetingId: string; json: JsonObject }>> {
  const rows = await agendaItemRows(ctx, column, ids);
  const itemIds = rows.map((r) => r.id);
  const [files, consultations] = await Promise.all([
    linkedFiles(ctx, 'agenda_item_id', itemIds),
    itemIds.length ? ctx.db.selectFrom('council_public_consultations').select(['id', 'agenda_item_id']).where('tenant_id', '=', ctx.tenantId).where('agenda_item_id', 'in', itemIds).execute() : Promise.resolve([]),
  ]);
  const consultationOf = new Map(consultations.map((c) => [c.agenda_item_id as string, c.id]));
  const u = ctx.urls;
  return rows.map((r) => {
    const own = files.get(r.id);
    const consultation = consultationOf.get(r.id);
    return {
      id: r.id,
      meetingId: r.meeting_id,
      json: compact({
        ...stamps('AgendaItem', u.object('agenda-item', r.id), r.created, r.modified),
        meeting: standalone ? u.object('meeting', r.meeting_id) : undefined,
        number: opt(r.number),
        order: r.oparl_order,
        name: r.name,
        // The views hold public items only (non-public ones are not in the API at all).
        public: true,
        consultation: consultation ? u.object('consultation', consultation) : undefined,
        result: opt(r.result),
        resolutionText: opt(r.resolution_text),
        resolutionFile: filesWithRole(own, 'agenda_resolution')[0],
        auxiliaryFile: ctx.omitInternal ? undefined : filesWithRole(own, 'agenda_aux'),
        start: optTime(r.start_at),
        end: optTime(r.end_at),
      }),
    };
  });
}

async function loadAgendaItems(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const items = await agendaItemsJson(ctx, 'id', ids, true);
  return new Map(items.map((i) => [i.id, i.json]));
}

async function loadMeetings(ctx: RenderContext, ids: readonly string[]): Promise<Loaded> {
  const t = ctx.tenantId;
  const rows = await ctx.db
    .selectFrom('council_public_meetings')
    .select(['id', 'created', 'modified', 'name', 'meeting_state', 'cancelled', 'start_at', 'end_at', 'location_id', 'publish_participants'])
    .where('tenant_id', '=', t)
    .where('id', 'in', [...ids])
    .execute();
  if (rows.length === 0) return new Map();
  // Attendance is personal data: only when the Ratsbüro published it, and only after the meeting.
  const withParticipants = rows.filter((r) => r.publish_participants && r.meeting_state === 'durchgeführt').map((r) => r.id);
  const [locations, organizations, participants, files, items] = await Promise.all([
    embeddedLocations(
      ctx,
      rows.map((r) => r.location_id),
    ),
    ctx.db
      .selectFrom('council_meeting_organizations as mo')
      .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'mo.tenant_id').onRef('o.id', '=', 'mo.organization_id'))
      .select(['mo.meeting_id', 'o.id'])
      .where('mo.tenant_id', '=', t)
      .where('mo.meeting_id', 'in', [...ids])
      .where('o.deleted_at', 'is', null)
      .orderBy('mo.position')
      .orderBy('o.id')
      .execute(),
    withParticipants.length
      ? ctx.db
          .selectFrom('council_meeting_participants as mp')
          .innerJoin('council_persons as p', (j) => j.onRef('p.tenant_id', '=', 'mp.tenant_id').onRef('p.id', '=', 'mp.person_id'))
          .select(['mp.meeting_id', 'p.id'])
          .where('mp.tenant_id', '=', t)
          .where('mp.meeting_id', 'in', withParticipants)
          .where('p.deleted_at', 'is', null)
          .orderBy('p.id')
          .execute()
      : Promise.resolve([]),
    linkedFiles(ctx, 'meeting_id', ids),
    ctx.omitInternal ? Promise.resolve([]) : agendaItemsJson(ctx, 'meeting_id', ids, false),
  ]);
  const orgsByMeeting = group(organizations, (o) => o.meeting_id);
  const participantsByMeeting = group(participants, (p) => p.meeting_id);
  const itemsByMeeting = group(items, (i) => i.meetingId);
  const u = ctx.urls;
  return new Map(
    rows.map((r) => {
      const own = files.get(r.id);
      return [
        r.id,
        compact({
          ...stamps('Meeting', u.object('meeting', r.id), r.created, r.modified),
          name: r.name,
          meetingState: r.meeting_state,
          cancelled: r.cancelled,
          start: optTime(r.start_at),
          end: optTime(r.end_at),
          location: r.location_id ? locations.get(r.location_id) : undefined,
          organization: (orgsByMeeting.get(r.id) ?? []).map((o) => u.object('organization', o.id)),
          participant: (participantsByMeeting.get(r.id) ?? []).map((p) => u.object('person', p.id)),
          invitation: filesWithRole(own, 'meeting_invitation')[0],
          resultsProtocol: filesWithRole(own, 'meeting_results')[0],
          verbatimProtocol: filesWithRole(own, 'meeting_verbatim')[0],
          auxiliaryFile: ctx.omitInternal ? undefined : filesWithRole(own, 'meeting_aux'),
          agendaItem: ctx.omitInternal ? undefined : (itemsByMeeting.get(r.id) ?? []).map((i) => i.json),
          web: u.web.meeting(r.id),
        }),
      ];
    }),
  );
}

// ------------------------------------------------------------------ dispatch

const LOADERS: Record<ObjectSegment, (ctx: RenderContext, ids: readonly string[]) => Promise<Loaded>> = {
  body: loadBodies,
  'legislative-term': loadTerms,
  location: loadLocations,
  organization: loadOrganizations,
  person: loadPersons,
  membership: loadMemberships,
  meeting: loadMeetings,
  'agenda-item': loadAgendaItems,
  paper: loadPapers,
  consultation: loadConsultations,
  file: loadFiles,
};

/** Standalone representations of live objects of one type, by id (missing ids are not live). */
export async function loadObjects(ctx: RenderContext, segment: ObjectSegment, ids: readonly string[]): Promise<Loaded> {
  if (ids.length === 0) return new Map();
  return LOADERS[segment](ctx, ids);
}
