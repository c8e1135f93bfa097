/**
 * The Ratsbüro's commands (Sitzungsdienst), without HTTP: master data
 * (persons, Gremien, memberships, terms, locations), papers with their files,
 * meetings and their agenda, results and minutes. Every command runs in one
 * transaction that writes the audit entry and ends with markPublished, so
 * tombstones and first_published_at stay right whichever path wrote.
 * created/modified are the database's business (triggers); nothing here is
 * ever hard-deleted — OParl objects get deleted_at.
 * Invitations (mails, schedule, job) are in invitations.service.ts.
 */
import type { Executor, Tx } from '../../../core/db/database.ts';
import { audit } from '../../../core/audit/audit.ts';
import type { Services } from '../../../core/services.ts';
import { addDays, berlinDay, berlinInstant, berlinTime, isIsoDay } from '../../../core/time/berlin.ts';
import { linkCouncilFile, markPublished, storeCouncilFile } from '../council.service.ts';
import { extractPdfText } from '../documents/pdf-text.ts';
import { renderMinutes, type MinutesItem } from '../documents/minutes-pdf.ts';
import type { FileRole, OrganizationType } from '../schema.ts';
import { grantRoleByEmail } from '../../../core/auth/staff-auth.ts';

/** Who acts: a Ratsbüro clerk, or the system (the invitation job). */
export interface OfficeActor {
  tenantId: string;
  userId: string | null;
  displayName: string;
}

export type Outcome<T extends object = object, R extends string = string> = ({ ok: true } & T) | { ok: false; reason: R };

export const ORGANIZATION_TYPES = ['Gremium', 'Fraktion', 'Verwaltungsbereich', 'Partei', 'externes Gremium', 'Institution', 'Sonstiges'] as const satisfies readonly OrganizationType[];
export const PAPER_TYPES = ['Vorlage', 'Beschlussvorlage', 'Antrag', 'Anfrage', 'Mitteilung'] as const;
export const AGENDA_RESULTS = ['beschlossen', 'einstimmig beschlossen', 'mehrheitlich beschlossen', 'abgelehnt', 'vertagt', 'zurückgestellt', 'zur Kenntnis genommen', 'verwiesen', 'zurückgezogen'] as const;

/** Largest council document: the multipart reader's limit (core/http/forms.ts MAX_UPLOAD_BYTES), so both agree. */
export const MAX_COUNCIL_FILE_BYTES = 10 * 1024 * 1024;
const PDF = 'application/pdf';

async function inTx<T>(services: Services, work: (tx: Tx) => Promise<T>): Promise<T> {
  return services.db.transaction().execute(work);
}

async function log(tx: Executor, actor: OfficeActor, action: string, objectType: string, objectId: string, details: Record<string, unknown> = {}): Promise<void> {
  await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action, objectType, objectId, details });
}

/** The tenant's Body; created on first use so the Ratsbüro can start on an empty council. */
export async function ensureBody(tx: Executor, services: Services, tenantId: string): Promise<string> {
  const existing = await tx.selectFrom('council_bodies').select('id').where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).executeTakeFirst();
  if (existing) return existing.id;
  const tenant = (await services.tenants.all()).find((t) => t.id === tenantId);
  const row = await tx
    .insertInto('council_bodies')
    .values({ tenant_id: tenantId, name: tenant?.name ?? 'Rat', ags: tenant?.ags && /^\d{8}$/.test(tenant.ags) ? tenant.ags : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === constraint;
}

// ---------------------------------------------------------------- PDFs

export type PdfProblem = 'empty' | 'too-large' | 'not-pdf';

/**
 * A council file must really be a PDF: the header (magic bytes) and poppler
 * agree. Poppler failing on a file that is a PDF (encrypted, odd producer) is
 * accepted — it is stored with text_status 'failed' — but anything else is not.
 */
export async function checkCouncilPdf(content: Buffer, maxBytes = MAX_COUNCIL_FILE_BYTES): Promise<PdfProblem | null> {
  if (content.length === 0) return 'empty';
  if (content.length > maxBytes) return 'too-large';
  if (!content.subarray(0, 5).equals(Buffer.from('%PDF-'))) return 'not-pdf';
  const text = await extractPdfText(content);
  if (!text.ok && text.reason === 'not-pdf') return 'not-pdf';
  return null;
}

export interface UploadedPdf {
  content: Buffer;
  fileName: string;
  /** Display name; defaults to the file name without extension. */
  name?: string;
  date?: string | null;
  published: boolean;
}

function displayName(file: UploadedPdf): string {
  const base = (file.name?.trim() || file.fileName.replace(/\.pdf$/i, '')).slice(0, 300);
  return base || 'Dokument';
}

function safeFileName(name: string): string {
  const cleaned = name.replace(/[/\\]/g, '_').replace(/[^\p{L}\p{N}._ -]+/gu, '_').trim().slice(0, 180);
  const base = cleaned.replace(/\.pdf$/i, '') || 'dokument';
  return `${base}.pdf`;
}

async function storePdf(tx: Tx, services: Services, tenantId: string, bodyId: string, file: UploadedPdf): Promise<string> {
  const stored = await storeCouncilFile(tx, services.files, tenantId, bodyId, { content: file.content, fileName: safeFileName(file.fileName), name: displayName(file), mimeType: PDF, date: file.date ?? null, published: file.published });
  return stored.id;
}

// ---------------------------------------------------------------- locations

export interface LocationInput {
  description: string;
  streetAddress: string;
  room: string;
  postalCode: string;
  locality: string;
  lat: number | null;
  lon: number | null;
}

export function geoFeature(lat: number | null, lon: number | null): string | null {
  if (lat === null || lon === null) return null;
  // GeoJSON orders [longitude, latitude] (RFC 7946), OParl wants a whole Feature.
  return JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: {} });
}

export async function saveLocation(services: Services, actor: OfficeActor, id: string | null, input: LocationInput): Promise<Outcome<{ id: string }, 'not-found'>> {
  return inTx(services, async (tx) => {
    const bodyId = await ensureBody(tx, services, actor.tenantId);
    const values = {
      description: input.description || null,
      street_address: input.streetAddress || null,
      room: input.room || null,
      postal_code: input.postalCode || null,
      locality: input.locality || null,
      geojson: geoFeature(input.lat, input.lon),
    };
    let locationId: string;
    if (id) {
      const row = await tx.updateTable('council_locations').set(values).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
      if (!row) return { ok: false, reason: 'not-found' } as const;
      locationId = row.id;
    } else {
      locationId = (await tx.insertInto('council_locations').values({ tenant_id: actor.tenantId, body_id: bodyId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await log(tx, actor, id ? 'council.location.update' : 'council.location.create', 'council_location', locationId);
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: locationId } as const;
  });
}

// ---------------------------------------------------------------- legislative terms

export interface TermInput {
  name: string;
  startDate: string | null;
  endDate: string | null;
}

export async function saveTerm(services: Services, actor: OfficeActor, id: string | null, input: TermInput): Promise<Outcome<{ id: string }, 'not-found' | 'dates'>> {
  if (input.startDate && input.endDate && input.endDate < input.startDate) return { ok: false, reason: 'dates' };
  return inTx(services, async (tx) => {
    const bodyId = await ensureBody(tx, services, actor.tenantId);
    const values = { name: input.name, start_date: input.startDate, end_date: input.endDate };
    let termId: string;
    if (id) {
      const row = await tx.updateTable('council_legislative_terms').set(values).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
      if (!row) return { ok: false, reason: 'not-found' } as const;
      termId = row.id;
    } else {
      termId = (await tx.insertInto('council_legislative_terms').values({ tenant_id: actor.tenantId, body_id: bodyId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await log(tx, actor, id ? 'council.term.update' : 'council.term.create', 'council_legislative_term', termId);
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: termId } as const;
  });
}

// ---------------------------------------------------------------- organizations

export interface OrganizationInput {
  name: string;
  shortName: string;
  type: OrganizationType;
  classification: string;
  startDate: string | null;
  endDate: string | null;
  position: number;
}

export async function saveOrganization(services: Services, actor: OfficeActor, id: string | null, input: OrganizationInput): Promise<Outcome<{ id: string }, 'not-found' | 'dates'>> {
  if (input.startDate && input.endDate && input.endDate < input.startDate) return { ok: false, reason: 'dates' };
  return inTx(services, async (tx) => {
    const bodyId = await ensureBody(tx, services, actor.tenantId);
    const values = {
      name: input.name,
      short_name: input.shortName || null,
      organization_type: input.type,
      classification: input.classification || null,
      start_date: input.startDate,
      end_date: input.endDate,
      position: input.position,
    };
    let orgId: string;
    if (id) {
      const row = await tx.updateTable('council_organizations').set(values).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
      if (!row) return { ok: false, reason: 'not-found' } as const;
      orgId = row.id;
    } else {
      orgId = (await tx.insertInto('council_organizations').values({ tenant_id: actor.tenantId, body_id: bodyId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await log(tx, actor, id ? 'council.organization.update' : 'council.organization.create', 'council_organization', orgId, { type: input.type });
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: orgId } as const;
  });
}

// ---------------------------------------------------------------- persons

export interface PersonInput {
  title: string[];
  formOfAddress: string;
  givenName: string;
  familyName: string;
  affix: string;
  gender: string;
  status: string[];
  email: string;
  phone: string;
  publishContact: boolean;
  /** E-mail of an existing staff account to link for the member area; '' unlinks. */
  accountEmail: string;
}

export function personDisplayName(p: { title: readonly string[]; givenName: string; familyName: string }): string {
  return [...p.title, p.givenName, p.familyName].filter(Boolean).join(' ');
}

export type PersonProblem = 'not-found' | 'account-unknown' | 'account-taken';

export async function savePerson(services: Services, actor: OfficeActor, id: string | null, input: PersonInput): Promise<Outcome<{ id: string }, PersonProblem>> {
  return inTx(services, async (tx) => {
    const bodyId = await ensureBody(tx, services, actor.tenantId);
    let accountId: string | null = null;
    if (input.accountEmail) {
      // Links the member-area role so the account can log in as a member (second factor is enforced for the role).
      const account = await grantRoleByEmail(tx, actor.tenantId, input.accountEmail, 'mandatstraeger');
      if (!account) return { ok: false, reason: 'account-unknown' } as const;
      accountId = account.userId;
      if (account.granted) await log(tx, actor, 'staff.role.grant', 'staff_user', account.userId, { role: 'mandatstraeger', by: 'council.person' });
    }
    const values = {
      name: personDisplayName(input),
      given_name: input.givenName || null,
      family_name: input.familyName || null,
      form_of_address: input.formOfAddress || null,
      affix: input.affix || null,
      title: input.title,
      gender: input.gender || null,
      status: input.status,
      email: input.email ? [input.email] : [],
      phone: input.phone ? [input.phone] : [],
      publish_contact: input.publishContact,
      account_id: accountId,
    };
    let personId: string;
    if (id) {
      const row = await tx.updateTable('council_persons').set(values).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
      if (!row) return { ok: false, reason: 'not-found' } as const;
      personId = row.id;
    } else {
      personId = (await tx.insertInto('council_persons').values({ tenant_id: actor.tenantId, body_id: bodyId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await log(tx, actor, id ? 'council.person.update' : 'council.person.create', 'council_person', personId, { account: accountId !== null });
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: personId } as const;
  }).catch((error: unknown) => {
    if (isUniqueViolation(error, 'council_persons_account')) return { ok: false, reason: 'account-taken' } as const;
    throw error;
  });
}

// ---------------------------------------------------------------- memberships

export interface MembershipInput {
  personId: string;
  organizationId: string;
  role: string;
  votingRight: boolean;
  onBehalfOf: string | null;
  startDate: string | null;
  endDate: string | null;
}

export async function addMembership(services: Services, actor: OfficeActor, input: MembershipInput): Promise<Outcome<{ id: string }, 'person' | 'organization' | 'faction' | 'dates'>> {
  if (input.startDate && input.endDate && input.endDate < input.startDate) return { ok: false, reason: 'dates' };
  return inTx(services, async (tx) => {
    const person = await tx.selectFrom('council_persons').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.personId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!person) return { ok: false, reason: 'person' } as const;
    const org = await tx.selectFrom('council_organizations').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.organizationId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!org) return { ok: false, reason: 'organization' } as const;
    if (input.onBehalfOf) {
      const faction = await tx.selectFrom('council_organizations').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.onBehalfOf).where('organization_type', '=', 'Fraktion').where('deleted_at', 'is', null).executeTakeFirst();
      if (!faction) return { ok: false, reason: 'faction' } as const;
    }
    const row = await tx
      .insertInto('council_memberships')
      .values({ tenant_id: actor.tenantId, person_id: input.personId, organization_id: input.organizationId, role: input.role || null, voting_right: input.votingRight, on_behalf_of: input.onBehalfOf, start_date: input.startDate, end_date: input.endDate })
      .returning('id')
      .executeTakeFirstOrThrow();
    await log(tx, actor, 'council.membership.create', 'council_membership', row.id, { organizationId: input.organizationId });
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: row.id } as const;
  });
}

/** Ends a membership on a day (the record stays: OParl keeps the history). */
export async function endMembership(services: Services, actor: OfficeActor, id: string, endDate: string): Promise<Outcome<object, 'not-found' | 'dates'>> {
  return inTx(services, async (tx) => {
    const row = await tx.selectFrom('council_memberships').select(['id', 'start_date', 'person_id']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) return { ok: false, reason: 'not-found' } as const;
    if (row.start_date && endDate < row.start_date) return { ok: false, reason: 'dates' } as const;
    await tx.updateTable('council_memberships').set({ end_date: endDate }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
    await log(tx, actor, 'council.membership.end', 'council_membership', id, { endDate });
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

// ---------------------------------------------------------------- papers

export interface PaperInput {
  name: string;
  reference: string;
  paperType: string;
  date: string | null;
  public: boolean;
  originatorPersonIds: string[];
  originatorOrganizationIds: string[];
  /** Federführendes Amt (OParl underDirectionOf). */
  directionOrganizationId: string | null;
}

export type PaperProblem = 'not-found' | 'reference-taken' | 'main-file-missing' | 'originator-invalid' | PdfProblem;

async function activeMainFile(tx: Executor, tenantId: string, paperId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('council_file_links as l')
    .innerJoin('council_files as f', (j) => j.onRef('f.tenant_id', '=', 'l.tenant_id').onRef('f.id', '=', 'l.file_id'))
    .select('f.id')
    .where('l.tenant_id', '=', tenantId)
    .where('l.paper_id', '=', paperId)
    .where('l.role', '=', 'paper_main')
    .where('f.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function checkIds(tx: Executor, tenantId: string, table: 'council_persons' | 'council_organizations', ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const rows = await tx.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).where('deleted_at', 'is', null).execute();
  return rows.length === new Set(ids).size;
}

/**
 * Creates or edits a paper, optionally with its main file in the same
 * transaction. A public paper needs a main file (OParl: mainFile; the public
 * would otherwise see a paper without its text).
 */
export async function savePaper(services: Services, actor: OfficeActor, id: string | null, input: PaperInput, mainFile?: UploadedPdf): Promise<Outcome<{ id: string }, PaperProblem>> {
  if (mainFile) {
    const problem = await checkCouncilPdf(mainFile.content);
    if (problem) return { ok: false, reason: problem };
  }
  return inTx(services, async (tx) => {
    const bodyId = await ensureBody(tx, services, actor.tenantId);
    const orgIds = [...input.originatorOrganizationIds, ...(input.directionOrganizationId ? [input.directionOrganizationId] : [])];
    if (!(await checkIds(tx, actor.tenantId, 'council_persons', input.originatorPersonIds)) || !(await checkIds(tx, actor.tenantId, 'council_organizations', orgIds))) return { ok: false, reason: 'originator-invalid' } as const;
    const values = { name: input.name, reference: input.reference || null, paper_type: input.paperType, date: input.date, public: input.public };
    let paperId: string;
    if (id) {
      const row = await tx.updateTable('council_papers').set(values).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
      if (!row) return { ok: false, reason: 'not-found' } as const;
      paperId = row.id;
    } else {
      paperId = (await tx.insertInto('council_papers').values({ tenant_id: actor.tenantId, body_id: bodyId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
    }
    if (mainFile) await replaceMainFile(tx, services, actor.tenantId, bodyId, paperId, { ...mainFile, date: mainFile.date ?? input.date });
    if (input.public && !(await activeMainFile(tx, actor.tenantId, paperId))) {
      // Rolls the whole save back: nothing half-written.
      throw new MainFileMissing();
    }
    await syncOriginators(tx, actor.tenantId, paperId, input);
    await log(tx, actor, id ? 'council.paper.update' : 'council.paper.create', 'council_paper', paperId, { public: input.public, mainFile: Boolean(mainFile) });
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: paperId } as const;
  }).catch((error: unknown) => {
    // Both roll the whole transaction back: nothing half-written.
    if (error instanceof MainFileMissing) return { ok: false, reason: 'main-file-missing' } as const;
    if (isUniqueViolation(error, 'council_papers_reference')) return { ok: false, reason: 'reference-taken' } as const;
    throw error;
  });
}

class MainFileMissing extends Error {}

async function syncOriginators(tx: Tx, tenantId: string, paperId: string, input: PaperInput): Promise<void> {
  const wanted = [
    ...input.originatorPersonIds.map((personId, i) => ({ kind: 'originator' as const, person_id: personId, organization_id: null, position: i })),
    ...input.originatorOrganizationIds.map((orgId, i) => ({ kind: 'originator' as const, person_id: null, organization_id: orgId, position: input.originatorPersonIds.length + i })),
    ...(input.directionOrganizationId ? [{ kind: 'direction' as const, person_id: null, organization_id: input.directionOrganizationId, position: 0 }] : []),
  ];
  const current = await tx.selectFrom('council_paper_originators').select(['kind', 'person_id', 'organization_id', 'position']).where('tenant_id', '=', tenantId).where('paper_id', '=', paperId).execute();
  const key = (r: { kind: string; person_id: string | null; organization_id: string | null; position: number }) => `${r.kind}:${r.person_id ?? ''}:${r.organization_id ?? ''}:${r.position}`;
  const same = current.length === wanted.length && current.map(key).sort().join('|') === wanted.map(key).sort().join('|');
  // Rewriting an unchanged list would bump the paper's modified for nothing.
  if (same) return;
  await tx.deleteFrom('council_paper_originators').where('tenant_id', '=', tenantId).where('paper_id', '=', paperId).execute();
  if (wanted.length) await tx.insertInto('council_paper_originators').values(wanted.map((w) => ({ tenant_id: tenantId, paper_id: paperId, ...w }))).execute();
}

async function replaceMainFile(tx: Tx, services: Services, tenantId: string, bodyId: string, paperId: string, file: UploadedPdf): Promise<string> {
  await retireLinkedFiles(tx, tenantId, 'paper_id', paperId, 'paper_main');
  const fileId = await storePdf(tx, services, tenantId, bodyId, file);
  await linkCouncilFile(tx, tenantId, fileId, 'paper_main', { paperId });
  return fileId;
}

/**
 * A role that holds one file per parent (main file, invitation, minutes,
 * resolution): the old file becomes a tombstone (OParl keeps it, deleted)
 * and its link goes, so the new version takes the place.
 */
export async function retireLinkedFiles(tx: Tx, tenantId: string, column: 'paper_id' | 'meeting_id' | 'agenda_item_id', parentId: string, role: FileRole): Promise<void> {
  const old = await tx.selectFrom('council_file_links').select('file_id').where('tenant_id', '=', tenantId).where(column, '=', parentId).where('role', '=', role).execute();
  if (old.length === 0) return;
  const ids = old.map((o) => o.file_id);
  await tx.updateTable('council_files').set({ deleted_at: new Date() }).where('tenant_id', '=', tenantId).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  await tx.deleteFrom('council_file_links').where('tenant_id', '=', tenantId).where(column, '=', parentId).where('role', '=', role).execute();
}

export type FileTarget = { kind: 'paper'; paperId: string; role: 'paper_main' | 'paper_aux' } | { kind: 'agendaItem'; agendaItemId: string; role: 'agenda_aux' | 'agenda_resolution' } | { kind: 'meeting'; meetingId: string; role: 'meeting_aux' };

/** Uploads a file to a paper, TOP or meeting; a new main file replaces the old one (which becomes a tombstone). */
export async function attachFile(services: Services, actor: OfficeActor, target: FileTarget, file: UploadedPdf): Promise<Outcome<{ id: string }, 'not-found' | PdfProblem>> {
  const problem = await checkCouncilPdf(file.content);
  if (problem) return { ok: false, reason: problem };
  return inTx(services, async (tx) => {
    const bodyId = await ensureBody(tx, services, actor.tenantId);
    let fileId: string;
    if (target.kind === 'paper') {
      const paper = await tx.selectFrom('council_papers').select(['id', 'date']).where('tenant_id', '=', actor.tenantId).where('id', '=', target.paperId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!paper) return { ok: false, reason: 'not-found' } as const;
      if (target.role === 'paper_main') fileId = await replaceMainFile(tx, services, actor.tenantId, bodyId, paper.id, { ...file, date: file.date ?? paper.date });
      else {
        fileId = await storePdf(tx, services, actor.tenantId, bodyId, { ...file, date: file.date ?? paper.date });
        await linkCouncilFile(tx, actor.tenantId, fileId, 'paper_aux', { paperId: paper.id }, await nextLinkPosition(tx, actor.tenantId, 'paper_id', paper.id));
      }
    } else if (target.kind === 'agendaItem') {
      const item = await tx.selectFrom('council_agenda_items').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', target.agendaItemId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!item) return { ok: false, reason: 'not-found' } as const;
      if (target.role === 'agenda_resolution') await retireLinkedFiles(tx, actor.tenantId, 'agenda_item_id', item.id, 'agenda_resolution');
      fileId = await storePdf(tx, services, actor.tenantId, bodyId, file);
      await linkCouncilFile(tx, actor.tenantId, fileId, target.role, { agendaItemId: item.id }, await nextLinkPosition(tx, actor.tenantId, 'agenda_item_id', item.id));
    } else {
      const meeting = await tx.selectFrom('council_meetings').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', target.meetingId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!meeting) return { ok: false, reason: 'not-found' } as const;
      fileId = await storePdf(tx, services, actor.tenantId, bodyId, file);
      await linkCouncilFile(tx, actor.tenantId, fileId, 'meeting_aux', { meetingId: meeting.id }, await nextLinkPosition(tx, actor.tenantId, 'meeting_id', meeting.id));
    }
    await log(tx, actor, 'council.file.upload', 'council_file', fileId, { role: target.role, published: file.published });
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: fileId } as const;
  });
}

async function nextLinkPosition(tx: Executor, tenantId: string, column: 'paper_id' | 'agenda_item_id' | 'meeting_id', id: string): Promise<number> {
  const row = await tx.selectFrom('council_file_links').select((eb) => eb.fn.max('position').as('max')).where('tenant_id', '=', tenantId).where(column, '=', id).executeTakeFirst();
  return (row?.max ?? -1) + 1;
}

/** Releases a file for the public or withdraws it (it is public only while every parent is, too). */
export async function setFilePublished(services: Services, actor: OfficeActor, fileId: string, published: boolean): Promise<Outcome<object, 'not-found'>> {
  return inTx(services, async (tx) => {
    const row = await tx.updateTable('council_files').set({ published }).where('tenant_id', '=', actor.tenantId).where('id', '=', fileId).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
    if (!row) return { ok: false, reason: 'not-found' } as const;
    await log(tx, actor, published ? 'council.file.publish' : 'council.file.depublish', 'council_file', fileId);
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

/** Removes a file (tombstone). A public paper keeps its main file: replace it instead. */
export async function removeFile(services: Services, actor: OfficeActor, fileId: string): Promise<Outcome<object, 'not-found' | 'main-file-of-public-paper'>> {
  return inTx(services, async (tx) => {
    const mainOfPublic = await tx
      .selectFrom('council_file_links as l')
      .innerJoin('council_papers as p', (j) => j.onRef('p.tenant_id', '=', 'l.tenant_id').onRef('p.id', '=', 'l.paper_id'))
      .select('p.id')
      .where('l.tenant_id', '=', actor.tenantId)
      .where('l.file_id', '=', fileId)
      .where('l.role', '=', 'paper_main')
      .where('p.public', '=', true)
      .where('p.deleted_at', 'is', null)
      .executeTakeFirst();
    if (mainOfPublic) return { ok: false, reason: 'main-file-of-public-paper' } as const;
    const row = await tx.updateTable('council_files').set({ deleted_at: new Date() }).where('tenant_id', '=', actor.tenantId).where('id', '=', fileId).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
    if (!row) return { ok: false, reason: 'not-found' } as const;
    await log(tx, actor, 'council.file.remove', 'council_file', fileId);
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

export async function relatePapers(services: Services, actor: OfficeActor, paperId: string, otherPaperId: string, kind: 'related' | 'sub'): Promise<Outcome<object, 'not-found' | 'self'>> {
  if (paperId === otherPaperId) return { ok: false, reason: 'self' };
  return inTx(services, async (tx) => {
    const papers = await tx.selectFrom('council_papers').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', [paperId, otherPaperId]).where('deleted_at', 'is', null).execute();
    if (papers.length !== 2) return { ok: false, reason: 'not-found' } as const;
    await tx.insertInto('council_paper_relations').values({ tenant_id: actor.tenantId, paper_id: paperId, other_paper_id: otherPaperId, kind }).onConflict((oc) => oc.doNothing()).execute();
    await log(tx, actor, 'council.paper.relate', 'council_paper', paperId, { otherPaperId, kind });
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

export async function unrelatePapers(services: Services, actor: OfficeActor, paperId: string, otherPaperId: string): Promise<Outcome<object, 'not-found'>> {
  return inTx(services, async (tx) => {
    const result = await tx.deleteFrom('council_paper_relations').where('tenant_id', '=', actor.tenantId).where('paper_id', '=', paperId).where('other_paper_id', '=', otherPaperId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return { ok: false, reason: 'not-found' } as const;
    await log(tx, actor, 'council.paper.unrelate', 'council_paper', paperId, { otherPaperId });
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

// ---------------------------------------------------------------- meetings

export interface MeetingInput {
  name: string;
  /** Gremien in order; the first is federführend. */
  organizationIds: string[];
  day: string;
  startTime: string;
  endTime: string | null;
  locationId: string | null;
}

export type MeetingProblem = 'not-found' | 'organizations' | 'location' | 'time' | 'cancelled';

function meetingTimes(input: MeetingInput): { start: Date; end: Date | null } | null {
  if (!isIsoDay(input.day)) return null;
  const start = berlinInstant(input.day, input.startTime);
  if (!start) return null;
  const end = input.endTime ? berlinInstant(input.day, input.endTime) : null;
  if (input.endTime && (!end || end < start)) return null;
  return { start, end };
}

/** The legal deadline: start minus the Ladungsfrist in whole Berlin calendar days (same wall-clock time, DST-safe). */
export function invitationDeadline(start: Date, invitationDays: number): Date {
  return berlinInstant(addDays(berlinDay(start), -invitationDays), berlinTime(start)) ?? new Date(start.getTime() - invitationDays * 86_400_000);
}

export async function saveMeeting(services: Services, actor: OfficeActor, id: string | null, input: MeetingInput): Promise<Outcome<{ id: string }, MeetingProblem>> {
  const times = meetingTimes(input);
  if (!times) return { ok: false, reason: 'time' };
  const orgIds = [...new Set(input.organizationIds)];
  if (orgIds.length === 0) return { ok: false, reason: 'organizations' };
  return inTx(services, async (tx) => {
    const bodyId = await ensureBody(tx, services, actor.tenantId);
    const gremien = await tx.selectFrom('council_organizations').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', orgIds).where('organization_type', '=', 'Gremium').where('deleted_at', 'is', null).execute();
    if (gremien.length !== orgIds.length) return { ok: false, reason: 'organizations' } as const;
    if (input.locationId) {
      const loc = await tx.selectFrom('council_locations').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.locationId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!loc) return { ok: false, reason: 'location' } as const;
    }
    const values = { name: input.name, start_at: times.start, end_at: times.end, location_id: input.locationId };
    let meetingId: string;
    if (id) {
      const current = await tx.selectFrom('council_meetings').select(['id', 'invitation_due_at', 'invitation_sent_at']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      if (!current) return { ok: false, reason: 'not-found' } as const;
      // A scheduled, not yet sent invitation moves with the meeting.
      const days = await invitationDays(services, actor.tenantId, tx);
      const due = current.invitation_due_at && !current.invitation_sent_at ? invitationDeadline(times.start, days) : current.invitation_due_at;
      await tx.updateTable('council_meetings').set({ ...values, invitation_due_at: due }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      meetingId = id;
    } else {
      meetingId = (await tx.insertInto('council_meetings').values({ tenant_id: actor.tenantId, body_id: bodyId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
    }
    const current = await tx.selectFrom('council_meeting_organizations').select(['organization_id', 'position']).where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).orderBy('position').execute();
    const unchanged = current.length === orgIds.length && current.every((row, i) => row.organization_id === orgIds[i] && row.position === i);
    if (!unchanged) {
      await tx.deleteFrom('council_meeting_organizations').where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).execute();
      await tx.insertInto('council_meeting_organizations').values(orgIds.map((orgId, position) => ({ tenant_id: actor.tenantId, meeting_id: meetingId, organization_id: orgId, position }))).execute();
    }
    await log(tx, actor, id ? 'council.meeting.update' : 'council.meeting.create', 'council_meeting', meetingId);
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: meetingId } as const;
  });
}

export async function invitationDays(services: Services, tenantId: string, executor: Executor = services.db): Promise<number> {
  return services.tenants.getSetting<number>(tenantId, 'council.invitationDays', executor);
}

export async function setPublishParticipants(services: Services, actor: OfficeActor, meetingId: string, publish: boolean): Promise<Outcome<object, 'not-found'>> {
  return inTx(services, async (tx) => {
    const row = await tx.updateTable('council_meetings').set({ publish_participants: publish }).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).returning('id').executeTakeFirst();
    if (!row) return { ok: false, reason: 'not-found' } as const;
    await log(tx, actor, 'council.meeting.participants.publish', 'council_meeting', meetingId, { publish });
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

/** Attendance: the list of persons present (replaces the previous list). */
export async function recordAttendance(services: Services, actor: OfficeActor, meetingId: string, personIds: string[]): Promise<Outcome<object, 'not-found' | 'person'>> {
  const ids = [...new Set(personIds)];
  return inTx(services, async (tx) => {
    const meeting = await tx.selectFrom('council_meetings').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!meeting) return { ok: false, reason: 'not-found' } as const;
    if (!(await checkIds(tx, actor.tenantId, 'council_persons', ids))) return { ok: false, reason: 'person' } as const;
    const current = await tx.selectFrom('council_meeting_participants').select('person_id').where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).execute();
    const have = new Set(current.map((r) => r.person_id));
    const gone = [...have].filter((p) => !ids.includes(p));
    const added = ids.filter((p) => !have.has(p));
    if (gone.length) await tx.deleteFrom('council_meeting_participants').where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).where('person_id', 'in', gone).execute();
    if (added.length) await tx.insertInto('council_meeting_participants').values(added.map((personId) => ({ tenant_id: actor.tenantId, meeting_id: meetingId, person_id: personId }))).execute();
    await log(tx, actor, 'council.meeting.attendance', 'council_meeting', meetingId, { present: ids.length });
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

export async function markHeld(services: Services, actor: OfficeActor, meetingId: string): Promise<Outcome<object, 'not-found' | 'cancelled' | 'in-future'>> {
  return inTx(services, async (tx) => {
    const meeting = await tx.selectFrom('council_meetings').select(['id', 'cancelled', 'start_at']).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!meeting) return { ok: false, reason: 'not-found' } as const;
    if (meeting.cancelled) return { ok: false, reason: 'cancelled' } as const;
    if (meeting.start_at > services.now()) return { ok: false, reason: 'in-future' } as const;
    await tx.updateTable('council_meetings').set({ meeting_state: 'durchgeführt' }).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).execute();
    await log(tx, actor, 'council.meeting.held', 'council_meeting', meetingId);
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

// ---------------------------------------------------------------- agenda

export interface AgendaItemInput {
  name: string;
  public: boolean;
  paperId: string | null;
  /** The consultation's role, e.g. "Entscheidung", "Vorberatung", "Kenntnisnahme". */
  consultationRole: string;
  authoritative: boolean;
}

interface ItemRow {
  id: string;
  position: number;
  number: string | null;
  public: boolean;
}

/**
 * Public part first, then the non-public part, each in its order; numbers
 * follow ("Ö 1", "Ö 2" … "N 1" …), so moving or removing an item never
 * leaves a gap or a duplicate.
 */
async function renumber(tx: Tx, tenantId: string, meetingId: string): Promise<void> {
  const items = await tx.selectFrom('council_agenda_items').select(['id', 'position', 'number', 'public']).where('tenant_id', '=', tenantId).where('meeting_id', '=', meetingId).where('deleted_at', 'is', null).orderBy('position').orderBy('id').execute();
  const ordered = [...items.filter((i) => i.public), ...items.filter((i) => !i.public)];
  let pub = 0;
  let nonPub = 0;
  for (const [index, item] of ordered.entries()) {
    const number = item.public ? `Ö ${++pub}` : `N ${++nonPub}`;
    const position = index + 1;
    if (item.position !== position || item.number !== number) await tx.updateTable('council_agenda_items').set({ position, number }).where('tenant_id', '=', tenantId).where('id', '=', item.id).execute();
  }
}

async function openMeeting(tx: Executor, tenantId: string, meetingId: string): Promise<{ id: string; cancelled: boolean } | null> {
  return (await tx.selectFrom('council_meetings').select(['id', 'cancelled']).where('tenant_id', '=', tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).executeTakeFirst()) ?? null;
}

export async function addAgendaItem(services: Services, actor: OfficeActor, meetingId: string, input: AgendaItemInput): Promise<Outcome<{ id: string }, 'not-found' | 'paper' | 'cancelled'>> {
  return inTx(services, async (tx) => {
    const meeting = await openMeeting(tx, actor.tenantId, meetingId);
    if (!meeting) return { ok: false, reason: 'not-found' } as const;
    if (meeting.cancelled) return { ok: false, reason: 'cancelled' } as const;
    if (input.paperId) {
      const paper = await tx.selectFrom('council_papers').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.paperId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!paper) return { ok: false, reason: 'paper' } as const;
    }
    const last = await tx.selectFrom('council_agenda_items').select((eb) => eb.fn.max('position').as('max')).where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).where('deleted_at', 'is', null).executeTakeFirst();
    const item = await tx
      .insertInto('council_agenda_items')
      .values({ tenant_id: actor.tenantId, meeting_id: meetingId, position: (last?.max ?? 0) + 1, name: input.name, public: input.public })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.paperId) {
      const pos = await tx.selectFrom('council_consultations').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', actor.tenantId).where('paper_id', '=', input.paperId).where('deleted_at', 'is', null).executeTakeFirst();
      const consultation = await tx
        .insertInto('council_consultations')
        .values({ tenant_id: actor.tenantId, paper_id: input.paperId, agenda_item_id: item.id, meeting_id: meetingId, role: input.consultationRole || null, authoritative: input.authoritative, position: Number(pos?.n ?? 0) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const lead = await tx.selectFrom('council_meeting_organizations').select('organization_id').where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).orderBy('position').executeTakeFirst();
      if (lead) await tx.insertInto('council_consultation_organizations').values({ tenant_id: actor.tenantId, consultation_id: consultation.id, organization_id: lead.organization_id }).execute();
    }
    await renumber(tx, actor.tenantId, meetingId);
    await log(tx, actor, 'council.agenda.add', 'council_agenda_item', item.id, { meetingId, public: input.public, paperId: input.paperId });
    await markPublished(tx, actor.tenantId);
    return { ok: true, id: item.id } as const;
  });
}

async function agendaItemOf(tx: Executor, tenantId: string, itemId: string): Promise<(ItemRow & { meeting_id: string }) | null> {
  return (await tx.selectFrom('council_agenda_items').select(['id', 'position', 'number', 'public', 'meeting_id']).where('tenant_id', '=', tenantId).where('id', '=', itemId).where('deleted_at', 'is', null).executeTakeFirst()) ?? null;
}

/** Up or down within its part (public/non-public); at the edge nothing changes. */
export async function moveAgendaItem(services: Services, actor: OfficeActor, itemId: string, direction: 'up' | 'down'): Promise<Outcome<{ meetingId: string }, 'not-found' | 'edge'>> {
  return inTx(services, async (tx) => {
    const item = await agendaItemOf(tx, actor.tenantId, itemId);
    if (!item) return { ok: false, reason: 'not-found' } as const;
    await renumber(tx, actor.tenantId, item.meeting_id);
    const siblings = await tx.selectFrom('council_agenda_items').select(['id', 'position']).where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', item.meeting_id).where('public', '=', item.public).where('deleted_at', 'is', null).orderBy('position').execute();
    const index = siblings.findIndex((s) => s.id === itemId);
    const other = siblings[direction === 'up' ? index - 1 : index + 1];
    const self = siblings[index];
    if (!other || !self) return { ok: false, reason: 'edge' } as const;
    await tx.updateTable('council_agenda_items').set({ position: other.position }).where('tenant_id', '=', actor.tenantId).where('id', '=', self.id).execute();
    await tx.updateTable('council_agenda_items').set({ position: self.position }).where('tenant_id', '=', actor.tenantId).where('id', '=', other.id).execute();
    await renumber(tx, actor.tenantId, item.meeting_id);
    await log(tx, actor, 'council.agenda.move', 'council_agenda_item', itemId, { direction });
    await markPublished(tx, actor.tenantId);
    return { ok: true, meetingId: item.meeting_id } as const;
  });
}

/** Moves a TOP into the other part (it goes to the end of that part). */
export async function setAgendaItemPublic(services: Services, actor: OfficeActor, itemId: string, isPublic: boolean): Promise<Outcome<{ meetingId: string }, 'not-found'>> {
  return inTx(services, async (tx) => {
    const item = await agendaItemOf(tx, actor.tenantId, itemId);
    if (!item) return { ok: false, reason: 'not-found' } as const;
    if (item.public !== isPublic) {
      const last = await tx.selectFrom('council_agenda_items').select((eb) => eb.fn.max('position').as('max')).where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', item.meeting_id).where('deleted_at', 'is', null).executeTakeFirst();
      await tx.updateTable('council_agenda_items').set({ public: isPublic, position: (last?.max ?? 0) + 1 }).where('tenant_id', '=', actor.tenantId).where('id', '=', itemId).execute();
      await renumber(tx, actor.tenantId, item.meeting_id);
      await log(tx, actor, 'council.agenda.visibility', 'council_agenda_item', itemId, { public: isPublic });
    }
    await markPublished(tx, actor.tenantId);
    return { ok: true, meetingId: item.meeting_id } as const;
  });
}

/** Removes a TOP (tombstone) and its consultation: the paper is no longer dealt with in this meeting. */
export async function removeAgendaItem(services: Services, actor: OfficeActor, itemId: string): Promise<Outcome<{ meetingId: string }, 'not-found'>> {
  return inTx(services, async (tx) => {
    const item = await agendaItemOf(tx, actor.tenantId, itemId);
    if (!item) return { ok: false, reason: 'not-found' } as const;
    const now = new Date();
    await tx.updateTable('council_consultations').set({ deleted_at: now }).where('tenant_id', '=', actor.tenantId).where('agenda_item_id', '=', itemId).where('deleted_at', 'is', null).execute();
    await tx.updateTable('council_agenda_items').set({ deleted_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', itemId).execute();
    await renumber(tx, actor.tenantId, item.meeting_id);
    await log(tx, actor, 'council.agenda.remove', 'council_agenda_item', itemId);
    await markPublished(tx, actor.tenantId);
    return { ok: true, meetingId: item.meeting_id } as const;
  });
}

export async function recordResult(services: Services, actor: OfficeActor, itemId: string, result: string, resolutionText: string): Promise<Outcome<{ meetingId: string }, 'not-found'>> {
  return inTx(services, async (tx) => {
    const item = await agendaItemOf(tx, actor.tenantId, itemId);
    if (!item) return { ok: false, reason: 'not-found' } as const;
    await tx.updateTable('council_agenda_items').set({ result: result || null, resolution_text: resolutionText || null }).where('tenant_id', '=', actor.tenantId).where('id', '=', itemId).execute();
    await log(tx, actor, 'council.agenda.result', 'council_agenda_item', itemId, { result });
    await markPublished(tx, actor.tenantId);
    return { ok: true, meetingId: item.meeting_id } as const;
  });
}

// ---------------------------------------------------------------- what documents are made of

export interface MeetingFacts {
  id: string;
  name: string;
  start: Date;
  end: Date | null;
  cancelled: boolean;
  state: string;
  organizations: { id: string; name: string }[];
  location: string;
  agenda: { id: string; number: string; name: string; public: boolean; paperReference: string | null; result: string | null; resolutionText: string | null; modified: Date }[];
}

export function locationLabel(l: { description: string | null; street_address: string | null; room: string | null; locality: string | null } | undefined): string {
  if (!l) return 'Ort wird noch bekannt gegeben';
  return [l.description, l.room, l.street_address, l.locality].filter(Boolean).join(', ') || 'Ort wird noch bekannt gegeben';
}

/** What the invitation, the minutes and the mails say about a meeting. */
export async function meetingFacts(db: Executor, tenantId: string, meetingId: string): Promise<MeetingFacts | null> {
  const meeting = await db.selectFrom('council_meetings').selectAll().where('tenant_id', '=', tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!meeting) return null;
  const [orgs, location, items] = await Promise.all([
    db
      .selectFrom('council_meeting_organizations as mo')
      .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'mo.tenant_id').onRef('o.id', '=', 'mo.organization_id'))
      .select(['o.id', 'o.name'])
      .where('mo.tenant_id', '=', tenantId)
      .where('mo.meeting_id', '=', meetingId)
      .orderBy('mo.position')
      .execute(),
    meeting.location_id ? db.selectFrom('council_locations').select(['description', 'street_address', 'room', 'locality']).where('tenant_id', '=', tenantId).where('id', '=', meeting.location_id).executeTakeFirst() : Promise.resolve(undefined),
    db
      .selectFrom('council_agenda_items as a')
      .leftJoin('council_consultations as c', (j) => j.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.agenda_item_id', '=', 'a.id').on('c.deleted_at', 'is', null))
      .leftJoin('council_papers as p', (j) => j.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.paper_id'))
      .select(['a.id', 'a.number', 'a.name', 'a.public', 'a.result', 'a.resolution_text', 'a.modified', 'p.reference'])
      .where('a.tenant_id', '=', tenantId)
      .where('a.meeting_id', '=', meetingId)
      .where('a.deleted_at', 'is', null)
      .orderBy('a.position')
      .execute(),
  ]);
  return {
    id: meeting.id,
    name: meeting.name,
    start: meeting.start_at,
    end: meeting.end_at,
    cancelled: meeting.cancelled,
    state: meeting.meeting_state,
    organizations: orgs,
    location: locationLabel(location),
    agenda: items.map((i) => ({ id: i.id, number: i.number ?? '', name: i.name, public: i.public, paperReference: i.reference, result: i.result, resolutionText: i.resolution_text, modified: i.modified })),
  };
}

/** Soft-deletes the file a meeting has in a single role (invitation, minutes): a new version replaces it. */
export async function retireMeetingFiles(tx: Tx, tenantId: string, meetingId: string, role: 'meeting_invitation' | 'meeting_results'): Promise<void> {
  await retireLinkedFiles(tx, tenantId, 'meeting_id', meetingId, role);
}

/**
 * Generates the public Niederschrift (non-public items only as number and
 * "nicht öffentlich", no names), links it as meeting_results, releases it and
 * records minutes_published_at.
 */
export async function publishMinutes(services: Services, actor: OfficeActor, meetingId: string): Promise<Outcome<{ fileId: string }, 'not-found' | 'not-held'>> {
  return inTx(services, async (tx) => {
    const facts = await meetingFacts(tx, actor.tenantId, meetingId);
    if (!facts) return { ok: false, reason: 'not-found' } as const;
    if (facts.state !== 'durchgeführt') return { ok: false, reason: 'not-held' } as const;
    const bodyId = await ensureBody(tx, services, actor.tenantId);
    const tenant = (await services.tenants.all()).find((t) => t.id === actor.tenantId);
    const meeting = await tx.selectFrom('council_meetings').select('publish_participants').where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).executeTakeFirstOrThrow();
    const participants = meeting.publish_participants
      ? await tx
          .selectFrom('council_meeting_participants as mp')
          .innerJoin('council_persons as p', (j) => j.onRef('p.tenant_id', '=', 'mp.tenant_id').onRef('p.id', '=', 'mp.person_id'))
          .select('p.name')
          .where('mp.tenant_id', '=', actor.tenantId)
          .where('mp.meeting_id', '=', meetingId)
          .orderBy('p.family_name')
          .execute()
      : [];
    const agenda: MinutesItem[] = facts.agenda.map((i) => ({ number: i.number, name: i.name, public: i.public, ...(i.paperReference ? { paperReference: i.paperReference } : {}), ...(i.result ? { result: i.result } : {}), ...(i.resolutionText ? { resolutionText: i.resolutionText } : {}) }));
    const now = services.now();
    const pdf = await renderMinutes(
      {
        issuer: { name: tenant?.name ?? 'Rat' },
        organizationName: facts.organizations.map((o) => o.name).join(', '),
        meetingName: facts.name,
        start: facts.start,
        ...(facts.end ? { end: facts.end } : {}),
        location: facts.location,
        participants: participants.map((p) => ({ name: p.name })),
        agenda,
        minutesDate: berlinDay(now),
        variant: 'public',
      },
      { creationDate: now },
    );
    await retireMeetingFiles(tx, actor.tenantId, meetingId, 'meeting_results');
    const fileId = await storePdf(tx, services, actor.tenantId, bodyId, { content: pdf, fileName: `Niederschrift-${berlinDay(facts.start)}.pdf`, name: `Niederschrift: ${facts.name}`, date: berlinDay(now), published: true });
    await linkCouncilFile(tx, actor.tenantId, fileId, 'meeting_results', { meetingId });
    await tx.updateTable('council_meetings').set({ minutes_published_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).execute();
    await log(tx, actor, 'council.minutes.publish', 'council_meeting', meetingId, { fileId });
    await markPublished(tx, actor.tenantId);
    return { ok: true, fileId } as const;
  });
}
