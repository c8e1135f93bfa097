/**
 * Drafts of online applications. A draft belongs to one browser (its id
 * travels in a signed cookie) until the citizen asks to continue later: then a
 * secret link is mailed and the draft follows the link instead. Drafts expire
 * after the days their service sets (30 unless an administrator changed it);
 * the job deletes them with their files.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Executor, Tx } from '../../../core/db/database.ts';
import type { FileStore } from '../../../core/files/file-store.ts';
import type { Locale } from '../../../core/i18n/i18n.ts';
import type { Answers } from '../forms/engine.ts';

export const DRAFT_DAYS = 30;
const DAY_MS = 86_400_000;

export interface Draft {
  id: string;
  tenantId: string;
  serviceSlug: string;
  formId: string;
  formVersion: number;
  answers: Answers;
  locale: Locale;
  privacyVersion: string | null;
  privacyConsentedAt: Date | null;
  resumeEmail: string | null;
  caseId: string | null;
  expiresAt: Date;
  /** The reason of a claimed Gebührenbefreiung (its proof is a draft file of EXEMPTION_PROOF_FIELD), or null. */
  exemptionReason: string | null;
}

/** The reserved field id of the Gebührenbefreiung proof among a draft's files (form field ids never start with `_`). */
export const EXEMPTION_PROOF_FIELD = '_gebuehrenbefreiung';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

type Row = {
  id: string;
  tenant_id: string;
  service_slug: string;
  form_id: string;
  form_version: number;
  answers: Record<string, unknown>;
  locale: Locale;
  privacy_version: string | null;
  privacy_consented_at: Date | null;
  resume_email: string | null;
  case_id: string | null;
  expires_at: Date;
  exemption_reason: string | null;
};

function toDraft(r: Row): Draft {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    serviceSlug: r.service_slug,
    formId: r.form_id,
    formVersion: r.form_version,
    // Answers are only ever written by the form engine (parsePage), so they have its shape.
    answers: r.answers as Answers,
    locale: r.locale,
    privacyVersion: r.privacy_version,
    privacyConsentedAt: r.privacy_consented_at,
    resumeEmail: r.resume_email,
    caseId: r.case_id,
    expiresAt: r.expires_at,
    exemptionReason: r.exemption_reason,
  };
}

const columns = ['id', 'tenant_id', 'service_slug', 'form_id', 'form_version', 'answers', 'locale', 'privacy_version', 'privacy_consented_at', 'resume_email', 'case_id', 'expires_at', 'exemption_reason'] as const;

export function createDraftStore(db: Db, files: FileStore, now: () => Date = () => new Date()) {
  async function create(tenantId: string, input: { serviceSlug: string; formId: string; formVersion: number; locale: Locale; retentionDays?: number }): Promise<Draft> {
    const row = await db
      .insertInto('portal_drafts')
      .values({ tenant_id: tenantId, service_slug: input.serviceSlug, form_id: input.formId, form_version: input.formVersion, locale: input.locale, answers: '{}', expires_at: new Date(now().getTime() + (input.retentionDays ?? DRAFT_DAYS) * DAY_MS) })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toDraft(row);
  }

  /** A live (not expired) draft of this tenant, or null. */
  async function get(tenantId: string, id: string): Promise<Draft | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const row = await db.selectFrom('portal_drafts').select(columns).where('tenant_id', '=', tenantId).where('id', '=', id).where('expires_at', '>', now()).executeTakeFirst();
    return row ? toDraft(row) : null;
  }

  /** A draft regardless of its expiry (a payment may settle after it): the payment handler needs it. */
  async function getEvenIfExpired(tenantId: string, id: string): Promise<Draft | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const row = await db.selectFrom('portal_drafts').select(columns).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row ? toDraft(row) : null;
  }

  async function saveAnswers(tenantId: string, id: string, answers: Answers, executor: Executor = db): Promise<void> {
    await executor.updateTable('portal_drafts').set({ answers: JSON.stringify(answers), updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }

  /** Records (reason) or withdraws (null) the claim of a Gebührenbefreiung; withdrawing deletes its proof. */
  async function setExemption(tenantId: string, id: string, reason: string | null): Promise<void> {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('portal_drafts').set({ exemption_reason: reason, updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      if (reason !== null) return;
      const proofs = await tx.deleteFrom('portal_draft_files').where('tenant_id', '=', tenantId).where('draft_id', '=', id).where('field_id', '=', EXEMPTION_PROOF_FIELD).returning('file_id').execute();
      for (const { file_id } of proofs) await files.remove(tx, tenantId, file_id);
    });
  }

  async function consent(tenantId: string, id: string, version: string): Promise<void> {
    await db.updateTable('portal_drafts').set({ privacy_version: version, privacy_consented_at: now(), updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }

  /** Issues the secret "continue later" link token; a new token replaces the old one. */
  async function issueResumeToken(tenantId: string, id: string, email: string, retentionDays: number = DRAFT_DAYS): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await db
      .updateTable('portal_drafts')
      .set({ resume_email: email, resume_token_hash: hashToken(token), expires_at: new Date(now().getTime() + retentionDays * DAY_MS), updated_at: now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    return token;
  }

  async function findByResumeToken(tenantId: string, token: string): Promise<Draft | null> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
    const row = await db.selectFrom('portal_drafts').select(columns).where('tenant_id', '=', tenantId).where('resume_token_hash', '=', hashToken(token)).where('expires_at', '>', now()).executeTakeFirst();
    return row ? toDraft(row) : null;
  }

  async function addFile(tenantId: string, draftId: string, fieldId: string, upload: { buffer: Buffer; filename: string; mimeType: string }) {
    return db.transaction().execute(async (tx) => {
      const stored = await files.put(tx, tenantId, upload);
      await tx.insertInto('portal_draft_files').values({ tenant_id: tenantId, draft_id: draftId, file_id: stored.id, field_id: fieldId }).execute();
      return stored;
    });
  }

  async function removeFile(tenantId: string, draftId: string, fileId: string): Promise<boolean> {
    return db.transaction().execute(async (tx) => {
      const link = await tx.deleteFrom('portal_draft_files').where('tenant_id', '=', tenantId).where('draft_id', '=', draftId).where('file_id', '=', fileId).returning('file_id').executeTakeFirst();
      if (!link) return false;
      await files.remove(tx, tenantId, fileId);
      return true;
    });
  }

  async function filesOf(tenantId: string, draftId: string): Promise<{ fileId: string; fieldId: string; filename: string; size: number }[]> {
    const rows = await db
      .selectFrom('portal_draft_files as d')
      .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'd.tenant_id').onRef('f.id', '=', 'd.file_id'))
      .select(['d.file_id', 'd.field_id', 'f.filename', 'f.size'])
      .where('d.tenant_id', '=', tenantId)
      .where('d.draft_id', '=', draftId)
      .orderBy('f.created_at')
      .execute();
    return rows.map((r) => ({ fileId: r.file_id, fieldId: r.field_id, filename: r.filename, size: r.size }));
  }

  /**
   * After submission the draft only remembers its case (repeated submits land
   * on the same Vorgang). Files the application kept now belong to the case;
   * the others (removed, or on pages that no longer apply) are deleted.
   */
  /** The draft was sent as `caseId`; in `within` (the transaction that creates the Vorgang), or in one of its own. */
  async function markSubmitted(tenantId: string, id: string, caseId: string, keptFileIds: readonly string[], within?: Tx): Promise<void> {
    const mark = async (tx: Tx) => {
      // The draft's file links go and the draft is marked in one statement; files the application does not keep are removed.
      const linked = await tx
        .with('marked', (q) => q.updateTable('portal_drafts').set({ case_id: caseId, answers: '{}', resume_email: null, resume_token_hash: null, updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', id))
        .deleteFrom('portal_draft_files')
        .where('tenant_id', '=', tenantId)
        .where('draft_id', '=', id)
        .returning('file_id')
        .execute();
      for (const { file_id } of linked) if (!keptFileIds.includes(file_id)) await files.remove(tx, tenantId, file_id);
    };
    if (within) await mark(within);
    else await db.transaction().execute(mark);
  }

  /** Retention: expired drafts go, with their uploaded files. */
  async function purgeExpired(): Promise<number> {
    const expired = await db.selectFrom('portal_drafts').select(['tenant_id', 'id']).where('expires_at', '<=', now()).limit(500).execute();
    for (const draft of expired) {
      await db.transaction().execute(async (tx) => {
        const linked = await tx.selectFrom('portal_draft_files').select('file_id').where('tenant_id', '=', draft.tenant_id).where('draft_id', '=', draft.id).execute();
        await tx.deleteFrom('portal_draft_files').where('tenant_id', '=', draft.tenant_id).where('draft_id', '=', draft.id).execute();
        for (const f of linked) await files.remove(tx, draft.tenant_id, f.file_id);
        await tx.deleteFrom('portal_drafts').where('tenant_id', '=', draft.tenant_id).where('id', '=', draft.id).execute();
      });
    }
    return expired.length;
  }

  return { create, get, getEvenIfExpired, saveAnswers, setExemption, consent, issueResumeToken, findByResumeToken, addFile, removeFile, filesOf, markSubmitted, purgeExpired };
}

export type DraftStore = ReturnType<typeof createDraftStore>;
