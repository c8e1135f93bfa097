/**
 * The contractor's side of an order: found by the secret link (only its
 * hash is stored), answered once with an outcome, a remark and photos. The
 * photos become unpublished photos of the report (the clerk decides about
 * publishing them); the answer lands in the Vorgang's history.
 */
import type { CheckedPhoto } from '../../../core/files/uploads.ts';
import type { Services } from '../../../core/services.ts';
import { hashToken } from '../notify.ts';
import { MAX_STORED_PHOTOS } from './report-commands.ts';
import type { ContractorOrder } from './views/contractor.tsx';

export const ORDER_TOKEN = /^[A-Za-z0-9_-]{32}$/;

export async function findOrder(services: Services, tenant: { id: string; name: string }, token: string): Promise<(ContractorOrder & { id: string }) | null> {
  if (!ORDER_TOKEN.test(token)) return null;
  const row = await services.db
    .selectFrom('report_orders as o')
    .innerJoin('reports as r', (j) => j.onRef('r.tenant_id', '=', 'o.tenant_id').onRef('r.id', '=', 'o.report_id'))
    .innerJoin('report_categories as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.category_id'))
    .innerJoin('report_contractors as k', (j) => j.onRef('k.tenant_id', '=', 'o.tenant_id').onRef('k.id', '=', 'o.contractor_id'))
    .select(['o.id', 'o.instructions', 'o.created_at', 'o.responded_at', 'o.revoked_at', 'o.outcome', 'r.reference', 'r.address', 'r.lat', 'r.lng', 'r.description', 'r.public_description', 'c.name_de', 'c.name_en', 'k.name as contractor_name'])
    .where('o.tenant_id', '=', tenant.id)
    .where('o.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    reference: row.reference,
    tenantName: tenant.name,
    contractorName: row.contractor_name,
    category: { de: row.name_de, en: row.name_en },
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    description: row.public_description ?? row.description,
    instructions: row.instructions,
    createdAt: row.created_at,
    respondedAt: row.responded_at,
    revokedAt: row.revoked_at,
    outcome: row.outcome,
  };
}

/**
 * Records the contractor's answer, once. Outcomes: ok, not-found, closed
 * (answered or withdrawn meanwhile), too-many-photos (the report has no room left).
 */
export async function answerOrder(services: Services, tenantId: string, orderId: string, answer: { outcome: 'done' | 'not_possible'; remark: string; photos: readonly CheckedPhoto[] }): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'closed' | 'too-many-photos' }> {
  return services.db.transaction().execute(async (tx) => {
    const order = await tx
      .selectFrom('report_orders as o')
      .innerJoin('reports as r', (j) => j.onRef('r.tenant_id', '=', 'o.tenant_id').onRef('r.id', '=', 'o.report_id'))
      .innerJoin('report_contractors as k', (j) => j.onRef('k.tenant_id', '=', 'o.tenant_id').onRef('k.id', '=', 'o.contractor_id'))
      .select(['o.id', 'o.report_id', 'o.responded_at', 'o.revoked_at', 'r.case_id', 'k.name'])
      .where('o.tenant_id', '=', tenantId)
      .where('o.id', '=', orderId)
      .forUpdate('o')
      .executeTakeFirst();
    if (!order) return { ok: false, reason: 'not-found' as const };
    if (order.responded_at || order.revoked_at) return { ok: false, reason: 'closed' as const };
    const taken = await tx.selectFrom('report_photos').select('position').where('tenant_id', '=', tenantId).where('report_id', '=', order.report_id).forUpdate().execute();
    const used = new Set(taken.map((p) => p.position));
    const free = Array.from({ length: MAX_STORED_PHOTOS }, (_, i) => i).filter((i) => !used.has(i));
    if (answer.photos.length > free.length) return { ok: false, reason: 'too-many-photos' as const };
    for (const [index, photo] of answer.photos.entries()) {
      const file = await services.files.put(tx, tenantId, photo);
      await tx.insertInto('report_photos').values({ tenant_id: tenantId, report_id: order.report_id, file_id: file.id, position: free[index] as number, width: photo.width, height: photo.height, published: false }).execute();
    }
    const remark = answer.remark.trim();
    await tx.updateTable('report_orders').set({ responded_at: services.now(), outcome: answer.outcome, response: remark || null }).where('tenant_id', '=', tenantId).where('id', '=', order.id).execute();
    const t = services.translators.de;
    await services.cases.recordSystemEvent(tx, tenantId, order.case_id, {
      kind: 'report_order',
      body: t('reportsStaff.event.orderAnswered', { contractor: order.name, outcome: t(answer.outcome === 'done' ? 'reportsStaff.contractor.done' : 'reportsStaff.contractor.notPossible'), remark: remark || '–', photos: answer.photos.length }),
      visibleToCitizen: false,
    });
    return { ok: true as const };
  });
}
