/**
 * Nightly housekeeping: report drafts nobody finished (with their photos)
 * and follow requests nobody confirmed are deleted.
 */
import type { Services } from '../../core/services.ts';

const DAY_MS = 86_400_000;

export async function tidyReports(services: Services): Promise<{ drafts: number; subscriptions: number }> {
  const { db, files } = services;
  const now = services.now();
  const drafts = await db.selectFrom('report_drafts').select(['tenant_id', 'id']).where('expires_at', '<', now).limit(500).execute();
  for (const draft of drafts) {
    await db.transaction().execute(async (tx) => {
      const photos = await tx.selectFrom('report_draft_photos').select('file_id').where('tenant_id', '=', draft.tenant_id).where('draft_id', '=', draft.id).execute();
      await tx.deleteFrom('report_drafts').where('tenant_id', '=', draft.tenant_id).where('id', '=', draft.id).execute();
      // A photo that became part of a sent report belongs to the report now, not to the draft.
      for (const photo of photos) {
        const used = await tx.selectFrom('report_photos').select('id').where('tenant_id', '=', draft.tenant_id).where('file_id', '=', photo.file_id).executeTakeFirst();
        if (!used) await files.remove(tx, draft.tenant_id, photo.file_id);
      }
    });
  }
  const subscriptions = await db
    .deleteFrom('report_subscriptions')
    .where('confirmed_at', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - 7 * DAY_MS))
    .executeTakeFirst();
  return { drafts: drafts.length, subscriptions: Number(subscriptions.numDeletedRows) };
}
