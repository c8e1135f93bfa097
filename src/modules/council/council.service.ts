/**
 * The council core every face of the Ratsinformationssystem shares: the Body
 * of a tenant, storing a document (file store + SHA-512 + extracted text),
 * recording what became public (tombstones later), who a council member is,
 * and the one decision who may read which council file — used by the public
 * portal, OParl, the member area, search, feeds and combined PDFs alike.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../../core/db/database.ts';
import type { FileStore } from '../../core/files/file-store.ts';
import type { StaffActor } from '../../core/auth/policy.ts';
import { audit } from '../../core/audit/audit.ts';
import { berlinDay } from '../../core/time/berlin.ts';
import { extractPdfText, type PdfTextResult } from './documents/pdf-text.ts';
import type { FileRole } from './schema.ts';

export interface CouncilBody {
  id: string;
  name: string;
  shortName: string | null;
}

/** The tenant's council (one Body per tenant), or null before the Ratsbüro set one up. */
export async function bodyOf(db: Executor, tenantId: string): Promise<CouncilBody | null> {
  const row = await db.selectFrom('council_bodies').select(['id', 'name', 'short_name']).where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? { id: row.id, name: row.name, shortName: row.short_name } : null;
}

export interface NewCouncilFile {
  content: Buffer;
  /** e.g. 'Vorlage-2026-014.pdf' */
  fileName: string;
  /** Display name without extension. */
  name: string;
  mimeType: string;
  /** The document's legal date (yyyy-mm-dd), not the upload time. */
  date?: string | null;
  /** Released for the public (still only public while every parent it hangs on is). */
  published: boolean;
  license?: string | null;
  /** The text when the caller already extracted it (the seed does this in parallel); otherwise pdftotext runs here. */
  extracted?: PdfTextResult;
}

const PDF = 'application/pdf';

/**
 * Stores a document: bytes in the file store, metadata with SHA-512 (OParl's
 * checksum) and the text (pdftotext) for search and OParl's File.text. A PDF
 * whose text cannot be read is still stored (text_status says why); the
 * caller decides whether that is acceptable.
 */
export async function storeCouncilFile(tx: Executor, files: FileStore, tenantId: string, bodyId: string, file: NewCouncilFile): Promise<{ id: string; textStatus: 'ok' | 'empty' | 'failed' }> {
  const extracted = file.mimeType === PDF ? (file.extracted ?? (await extractPdfText(file.content))) : null;
  const text = extracted?.ok ? extracted.text : null;
  const textStatus = extracted === null ? 'empty' : extracted.ok ? (extracted.text.trim() ? 'ok' : 'empty') : 'failed';
  const stored = await files.put(tx, tenantId, { buffer: file.content, filename: file.fileName, mimeType: file.mimeType });
  const row = await tx
    .insertInto('council_files')
    .values({
      tenant_id: tenantId,
      body_id: bodyId,
      stored_file_id: stored.id,
      name: file.name,
      file_name: file.fileName,
      mime_type: file.mimeType,
      size: file.content.length,
      sha512: createHash('sha512').update(file.content).digest('hex'),
      date: file.date ?? null,
      text: text && text.trim() ? text : null,
      text_status: textStatus,
      page_count: extracted?.ok ? extracted.pages : null,
      published: file.published,
      file_license: file.license ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, textStatus };
}

/** Hangs a file on a paper, meeting or agenda item (its role there decides where OParl shows it). */
export async function linkCouncilFile(tx: Executor, tenantId: string, fileId: string, role: FileRole, parent: { paperId?: string; meetingId?: string; agendaItemId?: string }, position = 0): Promise<void> {
  await tx
    .insertInto('council_file_links')
    .values({ tenant_id: tenantId, file_id: fileId, role, paper_id: parent.paperId ?? null, meeting_id: parent.meetingId ?? null, agenda_item_id: parent.agendaItemId ?? null, position })
    .execute();
}

/**
 * Every write path calls this at the end of its transaction: objects that are
 * public now get their first_published_at, so that once they disappear they
 * leave a tombstone (OParl) instead of a 404.
 */
export async function markPublished(tx: Executor, tenantId: string): Promise<void> {
  await sql`select council_mark_published(${tenantId})`.execute(tx);
}

export interface CouncilMember {
  personId: string;
  name: string;
  /** Gremien (Rat, Ausschüsse) the member belongs to today: these open non-public documents. */
  committeeIds: string[];
  /** Fraktionen the member belongs to today (shared notes). */
  factionIds: string[];
}

/**
 * The council member behind a staff account (role mandatstraeger, second
 * factor passed — request.staff is only set then), or null.
 */
export async function memberOf(db: Executor, actor: StaffActor | null, today: string): Promise<CouncilMember | null> {
  if (!actor || !actor.roles.some((r) => r.role === 'mandatstraeger')) return null;
  const person = await db
    .selectFrom('council_persons')
    .select(['id', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('account_id', '=', actor.userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!person) return null;
  const memberships = await db
    .selectFrom('council_memberships as ms')
    .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'ms.tenant_id').onRef('o.id', '=', 'ms.organization_id'))
    .select(['o.id', 'o.organization_type'])
    .where('ms.tenant_id', '=', actor.tenantId)
    .where('ms.person_id', '=', person.id)
    .where('ms.deleted_at', 'is', null)
    .where('o.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('ms.start_date', 'is', null), eb('ms.start_date', '<=', today)]))
    .where((eb) => eb.or([eb('ms.end_date', 'is', null), eb('ms.end_date', '>=', today)]))
    .execute();
  return {
    personId: person.id,
    name: person.name,
    committeeIds: [...new Set(memberships.filter((m) => m.organization_type === 'Gremium').map((m) => m.id))],
    factionIds: [...new Set(memberships.filter((m) => m.organization_type === 'Fraktion').map((m) => m.id))],
  };
}

/** Who is asking for a council file. */
export type FileViewer = { kind: 'public' } | { kind: 'member'; member: CouncilMember } | { kind: 'office'; actor: StaffActor };

/**
 * The one rule for council files, for every channel (portal, OParl, member
 * area, search, combined PDFs, feeds):
 * - `public`: released and every parent public — anyone;
 * - `member`: a member of a Gremium the file belongs to (council_member_may_read_file);
 * - `office`: the Ratsbüro (and admins) read everything of their tenant;
 * - `gone`: was public once and is no more (OParl: 410 on the bytes, tombstone on the object);
 * - `none`: does not exist for this viewer (404: existence is not confirmed).
 */
export type FileAccess = 'public' | 'member' | 'office' | 'gone' | 'none';

export async function councilFileAccess(db: Executor, tenantId: string, fileId: string, viewer: FileViewer, today: string): Promise<FileAccess> {
  if (!/^[0-9a-f-]{36}$/.test(fileId)) return 'none';
  const row = await db
    .selectFrom('council_files as f')
    .leftJoin('council_public_files as p', (j) => j.onRef('p.tenant_id', '=', 'f.tenant_id').onRef('p.id', '=', 'f.id'))
    .select(['f.id', 'f.deleted_at', 'f.first_published_at', 'p.id as public_id'])
    .where('f.tenant_id', '=', tenantId)
    .where('f.id', '=', fileId)
    .executeTakeFirst();
  if (!row) return 'none';
  if (row.public_id) return 'public';
  if (viewer.kind === 'office' && row.deleted_at === null) return 'office';
  if (viewer.kind === 'member' && row.deleted_at === null) {
    const may = await sql<{ ok: boolean }>`select council_member_may_read_file(${tenantId}, ${viewer.member.personId}, ${fileId}, ${today}) as ok`.execute(db);
    if (may.rows[0]?.ok) return 'member';
  }
  return row.first_published_at ? 'gone' : 'none';
}

/** Reading a non-public document is recorded (who, which file, through which channel). */
export async function auditNonPublicRead(db: Db | Executor, tenantId: string, actor: StaffActor, fileId: string, channel: 'view' | 'download' | 'combined' | 'search' | 'offline'): Promise<void> {
  await audit(db, { tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'council.file.read', objectType: 'council_file', objectId: fileId, details: { channel } });
}

/** Today in Berlin (memberships are by calendar day). */
export function councilToday(now: Date): string {
  return berlinDay(now);
}
