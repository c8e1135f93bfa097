/**
 * "Alle Unterlagen als ein PDF" for a paper or a meeting. Which documents go
 * in is decided per file by councilFileAccess, the one rule for every
 * channel: the public version holds only public files; a member's version
 * adds the non-public files of their Gremien (each read audited); the
 * Ratsbüro's version everything not deleted.
 */
import { sql } from 'kysely';
import type { Executor } from '../../../core/db/database.ts';
import type { FileStore } from '../../../core/files/file-store.ts';
import { councilFileAccess, type FileViewer } from '../council.service.ts';
import type { CombinePart } from '../documents/combine-pdf.ts';

export interface CombinedSelection {
  parts: CombinePart[];
  /** Files a member read although they are not public (to audit). */
  nonPublicFileIds: string[];
}

/** Whether the viewer may see this paper at all (the combined PDF of a paper one cannot see is a 404). */
export async function paperVisibleTo(db: Executor, tenantId: string, paperId: string, viewer: FileViewer, today: string): Promise<{ name: string; reference: string | null } | null> {
  if (viewer.kind === 'public') {
    return (await db.selectFrom('council_public_papers').select(['name', 'reference']).where('tenant_id', '=', tenantId).where('id', '=', paperId).executeTakeFirst()) ?? null;
  }
  const paper = await db.selectFrom('council_papers').select(['name', 'reference', 'public']).where('tenant_id', '=', tenantId).where('id', '=', paperId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!paper) return null;
  if (paper.public || viewer.kind === 'office') return paper;
  const consulted = await sql<{ ok: boolean }>`select exists (
      select 1 from council_consultations c
      left join council_consultation_organizations co on co.tenant_id = c.tenant_id and co.consultation_id = c.id
      left join council_meeting_organizations mo on mo.tenant_id = c.tenant_id and mo.meeting_id = c.meeting_id
      where c.tenant_id = ${tenantId} and c.paper_id = ${paperId} and c.deleted_at is null
        and coalesce(co.organization_id, mo.organization_id) = any(${viewer.member.committeeIds}::uuid[])) as ok`.execute(db);
  return consulted.rows[0]?.ok ? paper : null;
}

async function paperFileIds(db: Executor, tenantId: string, paperIds: string[]): Promise<string[]> {
  if (paperIds.length === 0) return [];
  const rows = await db
    .selectFrom('council_file_links')
    .select(['file_id', 'paper_id', 'role', 'position'])
    .where('tenant_id', '=', tenantId)
    .where('paper_id', 'in', paperIds)
    .execute();
  const order = new Map(paperIds.map((id, i) => [id, i]));
  return rows
    .sort((a, b) => (order.get(a.paper_id as string) ?? 0) - (order.get(b.paper_id as string) ?? 0) || (a.role === b.role ? 0 : a.role === 'paper_main' ? -1 : 1) || a.position - b.position)
    .map((r) => r.file_id);
}

/** Candidate files of a meeting in reading order: invitation, per agenda item its papers' and its own files, then minutes and the rest. */
async function meetingFileIds(db: Executor, tenantId: string, meetingId: string): Promise<string[]> {
  const [meetingLinks, items] = await Promise.all([
    db.selectFrom('council_file_links').select(['file_id', 'role', 'position']).where('tenant_id', '=', tenantId).where('meeting_id', '=', meetingId).orderBy('position').execute(),
    db.selectFrom('council_agenda_items').select(['id']).where('tenant_id', '=', tenantId).where('meeting_id', '=', meetingId).where('deleted_at', 'is', null).orderBy('position').orderBy('id').execute(),
  ]);
  const ids: string[] = meetingLinks.filter((l) => l.role === 'meeting_invitation').map((l) => l.file_id);
  const itemIds = items.map((i) => i.id);
  if (itemIds.length) {
    const [consultations, itemLinks] = await Promise.all([
      db.selectFrom('council_consultations').select(['agenda_item_id', 'paper_id']).where('tenant_id', '=', tenantId).where('agenda_item_id', 'in', itemIds).where('deleted_at', 'is', null).execute(),
      db.selectFrom('council_file_links').select(['file_id', 'agenda_item_id', 'position']).where('tenant_id', '=', tenantId).where('agenda_item_id', 'in', itemIds).orderBy('position').execute(),
    ]);
    for (const item of itemIds) {
      ids.push(...(await paperFileIds(db, tenantId, consultations.filter((c) => c.agenda_item_id === item).map((c) => c.paper_id))));
      ids.push(...itemLinks.filter((l) => l.agenda_item_id === item).map((l) => l.file_id));
    }
  }
  for (const role of ['meeting_results', 'meeting_verbatim', 'meeting_aux']) ids.push(...meetingLinks.filter((l) => l.role === role).map((l) => l.file_id));
  return ids;
}

async function select(db: Executor, files: FileStore, tenantId: string, candidates: string[], viewer: FileViewer, today: string): Promise<CombinedSelection> {
  const parts: CombinePart[] = [];
  const nonPublicFileIds: string[] = [];
  for (const fileId of [...new Set(candidates)]) {
    const access = await councilFileAccess(db, tenantId, fileId, viewer, today);
    if (access !== 'public' && access !== 'member' && access !== 'office') continue;
    const row = await db.selectFrom('council_files').select(['name', 'stored_file_id', 'mime_type']).where('tenant_id', '=', tenantId).where('id', '=', fileId).executeTakeFirst();
    if (!row || row.mime_type !== 'application/pdf') continue;
    const stored = await files.read(db, tenantId, row.stored_file_id);
    if (!stored) continue;
    parts.push({ title: row.name, content: stored.content });
    if (access === 'member') nonPublicFileIds.push(fileId);
  }
  return { parts, nonPublicFileIds };
}

export async function paperSelection(db: Executor, files: FileStore, tenantId: string, paperId: string, viewer: FileViewer, today: string): Promise<CombinedSelection> {
  return select(db, files, tenantId, await paperFileIds(db, tenantId, [paperId]), viewer, today);
}

export async function meetingSelection(db: Executor, files: FileStore, tenantId: string, meetingId: string, viewer: FileViewer, today: string): Promise<CombinedSelection> {
  return select(db, files, tenantId, await meetingFileIds(db, tenantId, meetingId), viewer, today);
}
