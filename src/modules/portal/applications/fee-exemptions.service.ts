/**
 * Gebührenbefreiung: for services where an administrator allows it, the
 * citizen may claim an exemption from the fee with a reason and a proof
 * document instead of paying online. The application is sent without payment;
 * the claim is one row per Vorgang. A clerk who may work on the Vorgang
 * grants it (nothing to pay) or refuses it with a reason: then an invoice
 * with Kassenzeichen follows, and the citizen is told by mail and on the
 * status page. Until the claim is decided (and a refusal invoiced) the
 * Vorgang cannot be completed: the case type's status blocker asks
 * `exemptionBlocker`.
 */
import type { Executor, Tx } from '../../../core/db/database.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { Services } from '../../../core/services.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { getProcessing, type ServiceProcessing } from '../catalog/processing.ts';
import { totalCents, type FeeBasis } from './fees.ts';

export type ExemptionStatus = 'requested' | 'granted' | 'refused';

export interface ExemptionState {
  status: ExemptionStatus;
  reason: string;
  feeCents: number;
  requestedAt: Date;
  proof: { id: string; filename: string } | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  /** The invoice that followed a refusal. */
  paymentId: string | null;
}

/** Whether the citizen may claim an exemption for these answers: the service allows it and a fee is due. */
export async function exemptionOffered(db: Executor, tenantId: string, service: CatalogService, basis: FeeBasis): Promise<boolean> {
  const feeCents = totalCents(service, basis);
  return feeCents > 0 && exemptionAllowed(await getProcessing(db, tenantId, service.slug), feeCents);
}

/** The same, for settings already loaded. */
export function exemptionAllowed(processing: ServiceProcessing | null, feeCents: number): boolean {
  return feeCents > 0 && Boolean(processing?.feeExemption && processing.paymentPolicy !== 'none');
}

/** Records the claim with the new Vorgang (inside its transaction). */
export async function recordClaim(tx: Tx, tenantId: string, caseId: string, claim: { reason: string; proofFileId: string | null; feeCents: number }): Promise<void> {
  await tx
    .insertInto('portal_fee_exemptions')
    .values({ tenant_id: tenantId, case_id: caseId, reason: claim.reason, proof_file_id: claim.proofFileId, fee_cents: claim.feeCents, decided_by: null, decided_at: null, decision_note: null, payment_id: null })
    .onConflict((oc) => oc.columns(['tenant_id', 'case_id']).doNothing())
    .execute();
}

export async function exemptionOf(db: Executor, tenantId: string, caseId: string): Promise<ExemptionState | null> {
  const row = await db
    .selectFrom('portal_fee_exemptions as e')
    .leftJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'e.tenant_id').onRef('f.id', '=', 'e.proof_file_id'))
    .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'e.tenant_id').onRef('s.id', '=', 'e.decided_by'))
    .select(['e.status', 'e.reason', 'e.fee_cents', 'e.requested_at', 'e.proof_file_id', 'f.filename', 's.display_name', 'e.decided_at', 'e.decision_note', 'e.payment_id'])
    .where('e.tenant_id', '=', tenantId)
    .where('e.case_id', '=', caseId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    status: row.status,
    reason: row.reason,
    feeCents: row.fee_cents,
    requestedAt: row.requested_at,
    proof: row.proof_file_id && row.filename ? { id: row.proof_file_id, filename: row.filename } : null,
    decidedBy: row.display_name,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
    paymentId: row.payment_id,
  };
}

/** For the case type's status blocker: the i18n key of why the Vorgang cannot be completed yet, or null. */
export async function exemptionBlocker(db: Executor, tenantId: string, caseId: string, toStatus: string): Promise<string | null> {
  if (toStatus !== 'completed') return null;
  const state = await exemptionOf(db, tenantId, caseId);
  if (!state) return null;
  if (state.status === 'requested') return 'process.exemption.blockedOpen';
  if (state.status === 'refused' && !state.paymentId) return 'process.exemption.blockedInvoice';
  return null;
}

/** Anonymisation: the reason is personal data (the proof goes with the Vorgang's documents). */
export async function anonymiseExemption(tx: Executor, tenantId: string, caseId: string): Promise<void> {
  await tx.updateTable('portal_fee_exemptions').set({ reason: '', decision_note: null }).where('tenant_id', '=', tenantId).where('case_id', '=', caseId).execute();
}

export type DecideExemptionOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'no-claim' | 'decided' | 'closed'; messageKey?: string };

/** The clerk's decision; a refusal needs a reason. The invoice and the citizen's message follow (fee-exemption-decision.ts). */
export async function decideExemption(services: Services, actor: StaffActor, caseId: string, decision: 'granted' | 'refused', note: string | null): Promise<DecideExemptionOutcome> {
  return services.cases.workOnCase<'no-claim' | 'decided' | 'closed'>(actor, caseId, async (tx, c) => {
    if (c.closed) return { ok: false, reason: 'closed' };
    const state = await exemptionOf(tx, actor.tenantId, c.id);
    if (!state) return { ok: false, reason: 'no-claim' };
    if (state.status !== 'requested') return { ok: false, reason: 'decided' };
    await tx
      .updateTable('portal_fee_exemptions')
      .set({ status: decision, decided_by: actor.userId, decided_at: new Date(), decision_note: note })
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', c.id)
      .where('status', '=', 'requested')
      .execute();
    return {
      ok: true,
      event: { kind: decision === 'granted' ? 'fee_exemption_granted' : 'fee_exemption_refused', body: note, visibleToCitizen: false },
      audit: { action: decision === 'granted' ? 'case.fee_exemption.grant' : 'case.fee_exemption.refuse', details: { feeCents: state.feeCents } },
    };
  });
}
