/**
 * A report being written, between the pages of the journey: one row in
 * report_drafts per browser, found by the hash of a random secret in a signed
 * cookie (the cookie also names the draft, so the "sent" page and a repeated
 * submit still find the report after the draft is gone). Accepted photos are
 * already checked and re-encoded files in the file store; on submit they
 * become the report's photos. Drafts live 24 hours from their last change;
 * the nightly tidy job deletes the rest with their files.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Services } from '../../../../core/services.ts';
import type { CheckedPhoto } from '../../../../core/files/uploads.ts';
import { hashToken } from '../../notify.ts';
import { MAX_PHOTOS } from '../../reports.service.ts';

export const DRAFT_COOKIE = 'rathaus-meldung';
export const DRAFT_PATH = '/maengelmelder/melden';
export const DRAFT_HOURS = 24;

/**
 * What the draft holds. Besides the lead's ReportDraftData fields it records
 * the version of the privacy notice the citizen agreed to with their contact
 * details (jsonb, so no schema change).
 */
const draftDataSchema = z.object({
  categoryId: z.string().optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  address: z.string().optional(),
  description: z.string().optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  consentVersion: z.string().optional(),
});

export type DraftData = z.infer<typeof draftDataSchema>;

export interface DraftPhoto {
  position: number;
  fileId: string;
  width: number;
  height: number;
}

export interface Draft {
  id: string;
  data: DraftData;
  photos: DraftPhoto[];
}

/** What the cookie carries: the draft's id and the browser's secret (only its hash is stored). */
export interface DraftKey {
  draftId: string;
  secret: string;
}

export function parseDraftCookie(value: string | null | undefined): DraftKey | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  return match ? { draftId: match[1] as string, secret: match[2] as string } : null;
}

export const draftCookieValue = (key: DraftKey): string => `${key.draftId}.${key.secret}`;

/** The idempotency key of the report sent from a draft: a double submit finds the first report. */
export const submissionKey = (draftId: string): string => `report-draft:${draftId}`;

export function createDraftStore(services: Services) {
  const { db, files } = services;
  const expiry = () => new Date(services.now().getTime() + DRAFT_HOURS * 3_600_000);

  async function find(tenantId: string, key: DraftKey | null): Promise<Draft | null> {
    if (!key) return null;
    const row = await db
      .selectFrom('report_drafts')
      .select(['id', 'data'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', key.draftId)
      .where('browser_hash', '=', hashToken(key.secret))
      .where('expires_at', '>', services.now())
      .executeTakeFirst();
    if (!row) return null;
    const parsed = draftDataSchema.safeParse(row.data);
    const photos = await db.selectFrom('report_draft_photos').select(['position', 'file_id', 'width', 'height']).where('tenant_id', '=', tenantId).where('draft_id', '=', row.id).orderBy('position').execute();
    return { id: row.id, data: parsed.success ? parsed.data : {}, photos: photos.map((p) => ({ position: p.position, fileId: p.file_id, width: p.width, height: p.height })) };
  }

  async function create(tenantId: string, data: DraftData): Promise<{ key: DraftKey; draft: Draft }> {
    const secret = randomBytes(32).toString('base64url');
    const row = await db
      .insertInto('report_drafts')
      .values({ tenant_id: tenantId, browser_hash: hashToken(secret), data: JSON.stringify(data), expires_at: expiry() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { key: { draftId: row.id, secret }, draft: { id: row.id, data, photos: [] } };
  }

  /** Replaces the draft's answers and gives it another 24 hours. */
  async function save(tenantId: string, draftId: string, data: DraftData): Promise<void> {
    await db.updateTable('report_drafts').set({ data: JSON.stringify(data), updated_at: services.now(), expires_at: expiry() }).where('tenant_id', '=', tenantId).where('id', '=', draftId).execute();
  }

  /**
   * Stores a checked photo with the draft, in the first free place. The draft
   * row is locked, so two uploads at once cannot exceed MAX_PHOTOS.
   * Outcomes: added; full; gone (the draft expired or was sent meanwhile).
   */
  async function addPhoto(tenantId: string, draftId: string, photo: CheckedPhoto): Promise<'added' | 'full' | 'gone'> {
    return db.transaction().execute(async (tx) => {
      const draft = await tx.selectFrom('report_drafts').select('id').where('tenant_id', '=', tenantId).where('id', '=', draftId).forUpdate().executeTakeFirst();
      if (!draft) return 'gone';
      const taken = (await tx.selectFrom('report_draft_photos').select('position').where('tenant_id', '=', tenantId).where('draft_id', '=', draftId).execute()).map((p) => p.position);
      if (taken.length >= MAX_PHOTOS) return 'full';
      const position = [...Array(MAX_PHOTOS).keys()].find((p) => !taken.includes(p)) as number;
      const file = await files.put(tx, tenantId, photo);
      await tx.insertInto('report_draft_photos').values({ tenant_id: tenantId, draft_id: draftId, file_id: file.id, position, width: photo.width, height: photo.height }).execute();
      await tx.updateTable('report_drafts').set({ updated_at: services.now(), expires_at: expiry() }).where('tenant_id', '=', tenantId).where('id', '=', draftId).execute();
      return 'added';
    });
  }

  async function removePhoto(tenantId: string, draftId: string, position: number): Promise<void> {
    await db.transaction().execute(async (tx) => {
      const row = await tx.deleteFrom('report_draft_photos').where('tenant_id', '=', tenantId).where('draft_id', '=', draftId).where('position', '=', position).returning('file_id').executeTakeFirst();
      if (row) await files.remove(tx, tenantId, row.file_id);
    });
  }

  /** After the report went out: the row goes, its photo files now belong to the report. */
  async function discard(tenantId: string, draftId: string): Promise<void> {
    await db.deleteFrom('report_drafts').where('tenant_id', '=', tenantId).where('id', '=', draftId).execute();
  }

  return { find, create, save, addPhoto, removePhoto, discard };
}

export type DraftStore = ReturnType<typeof createDraftStore>;
