/**
 * Four-eyes release (Vier-Augen-Prinzip) of a Bescheid, for services that
 * require it: the clerk who produced the Bescheid asks for the release; a
 * second person who may work on the case releases or refuses it (with a
 * reason). Only a released Bescheid lets the case be completed ("per Post
 * versandt"): the case type's status blocker asks `closeBlocker`. A new
 * Bescheid after the release needs a release of its own, because the release
 * is bound to the file.
 *
 * The database refuses a release by the requester (check constraint), so the
 * rule holds even if a code path forgot it.
 */
import type { Executor } from '../../../core/db/database.ts';
import { workUnits, type StaffActor } from '../../../core/auth/policy.ts';
import type { Services } from '../../../core/services.ts';

export interface ApprovalState {
  /** The service asks for four eyes. */
  required: boolean;
  /** The newest document staff filed (the Bescheid the release is about). */
  document: { id: string; filename: string } | null;
  pending: { id: string; requestedById: string; requestedBy: string; requestedAt: Date; fileId: string } | null;
  /** The newest decision on the current document, if any. */
  decision: { decision: 'approved' | 'declined'; decidedBy: string; decidedAt: Date; note: string | null } | null;
  /** The current document is released. */
  released: boolean;
}

async function fourEyesRequired(db: Executor, tenantId: string, data: Record<string, unknown>): Promise<boolean> {
  const slug = typeof data.service === 'string' ? data.service : '';
  const row = await db.selectFrom('portal_services').select('four_eyes').where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();
  return row?.four_eyes ?? false;
}

async function latestStaffDocument(db: Executor, tenantId: string, caseId: string): Promise<{ id: string; filename: string } | null> {
  const row = await db
    .selectFrom('case_documents as d')
    .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'd.tenant_id').onRef('f.id', '=', 'd.file_id'))
    .select(['f.id', 'f.filename'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.case_id', '=', caseId)
    .where('d.source', '=', 'staff')
    .orderBy('d.created_at', 'desc')
    .orderBy('f.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

export async function approvalState(db: Executor, tenantId: string, c: { id: string; data: Record<string, unknown> }): Promise<ApprovalState> {
  const [required, document] = await Promise.all([fourEyesRequired(db, tenantId, c.data), latestStaffDocument(db, tenantId, c.id)]);
  const rows = await db
    .selectFrom('portal_approvals as a')
    .innerJoin('staff_users as r', (j) => j.onRef('r.tenant_id', '=', 'a.tenant_id').onRef('r.id', '=', 'a.requested_by'))
    .leftJoin('staff_users as d', (j) => j.onRef('d.tenant_id', '=', 'a.tenant_id').onRef('d.id', '=', 'a.decided_by'))
    .select(['a.id', 'a.file_id', 'a.requested_by', 'r.display_name as requested_by_name', 'a.requested_at', 'a.decision', 'd.display_name as decided_by_name', 'a.decided_at', 'a.note'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.case_id', '=', c.id)
    .orderBy('a.requested_at', 'desc')
    .execute();
  const open = rows.find((r) => r.decision === null);
  const decided = rows.find((r) => r.decision !== null && r.file_id === document?.id);
  return {
    required,
    document,
    pending: open ? { id: open.id, requestedById: open.requested_by, requestedBy: open.requested_by_name, requestedAt: open.requested_at, fileId: open.file_id } : null,
    decision: decided && decided.decision && decided.decided_at ? { decision: decided.decision, decidedBy: decided.decided_by_name ?? '?', decidedAt: decided.decided_at, note: decided.note } : null,
    released: !open && decided?.decision === 'approved',
  };
}

/** For the case type's status blocker: the i18n key of why the case cannot be completed yet, or null. */
export async function closeBlocker(db: Executor, tenantId: string, c: { id: string; data: Record<string, unknown> }, toStatus: string): Promise<string | null> {
  if (toStatus !== 'completed') return null;
  const state = await approvalState(db, tenantId, c);
  if (!state.required || state.released) return null;
  return state.pending ? 'process.approval.blockedPending' : 'process.approval.blocked';
}

export type RequestOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'not-required' | 'no-document' | 'pending' | 'released' | 'closed'; messageKey?: string };

/** The clerk asks for the release of the newest Bescheid. */
export async function requestApproval(services: Services, actor: StaffActor, caseId: string): Promise<RequestOutcome> {
  return services.cases.workOnCase<'not-required' | 'no-document' | 'pending' | 'released' | 'closed'>(actor, caseId, async (tx, c) => {
    if (c.closed) return { ok: false, reason: 'closed' };
    const state = await approvalState(tx, actor.tenantId, c);
    if (!state.required) return { ok: false, reason: 'not-required' };
    if (!state.document) return { ok: false, reason: 'no-document' };
    if (state.pending) return { ok: false, reason: 'pending' };
    if (state.released) return { ok: false, reason: 'released' };
    await tx.insertInto('portal_approvals').values({ tenant_id: actor.tenantId, case_id: c.id, file_id: state.document.id, requested_by: actor.userId, decided_by: null, decision: null, note: null }).execute();
    return { ok: true, event: { kind: 'approval_requested', body: state.document.filename, visibleToCitizen: false }, audit: { action: 'case.approval.request', details: { fileId: state.document.id } } };
  });
}

export type DecideOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'nothing-pending' | 'same-person' | 'outdated'; messageKey?: string };

/** A second person releases or refuses the pending request (refusing needs a reason). */
export async function decideApproval(services: Services, actor: StaffActor, caseId: string, decision: 'approved' | 'declined', note: string | null): Promise<DecideOutcome> {
  return services.cases.workOnCase<'nothing-pending' | 'same-person' | 'outdated'>(actor, caseId, async (tx, c) => {
    const state = await approvalState(tx, actor.tenantId, c);
    if (!state.pending) return { ok: false, reason: 'nothing-pending' };
    if (state.pending.requestedById === actor.userId) return { ok: false, reason: 'same-person' };
    // A newer Bescheid was filed after the request: the request is about a file that is no longer the one to send.
    if (state.document?.id !== state.pending.fileId) return { ok: false, reason: 'outdated' };
    await tx
      .updateTable('portal_approvals')
      .set({ decision, decided_by: actor.userId, decided_at: new Date(), note })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', state.pending.id)
      .where('decision', 'is', null)
      .execute();
    return {
      ok: true,
      event: { kind: decision === 'approved' ? 'approved' : 'approval_declined', body: note, visibleToCitizen: false },
      audit: { action: decision === 'approved' ? 'case.approval.approve' : 'case.approval.decline', details: { fileId: state.pending.fileId, requestedBy: state.pending.requestedById } },
    };
  });
}

/** Withdraws a pending request (e.g. to file a corrected Bescheid first). Only the requester or an admin. */
export async function withdrawApproval(services: Services, actor: StaffActor, caseId: string): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'nothing-pending' | 'not-yours'; messageKey?: string }> {
  return services.cases.workOnCase<'nothing-pending' | 'not-yours'>(actor, caseId, async (tx, c) => {
    const state = await approvalState(tx, actor.tenantId, c);
    if (!state.pending) return { ok: false, reason: 'nothing-pending' };
    if (state.pending.requestedById !== actor.userId && workUnits(actor) !== null) return { ok: false, reason: 'not-yours' };
    await tx.deleteFrom('portal_approvals').where('tenant_id', '=', actor.tenantId).where('id', '=', state.pending.id).where('decision', 'is', null).execute();
    return { ok: true, event: { kind: 'approval_withdrawn', body: null, visibleToCitizen: false }, audit: { action: 'case.approval.withdraw', details: { fileId: state.pending.fileId } } };
  });
}

export interface PendingApproval {
  caseId: string;
  reference: string;
  subject: string;
  unitName: string;
  requestedBy: string;
  requestedAt: Date;
}

/** Releases waiting for this staff member: open requests in their units (all for admins), not their own. */
export async function pendingApprovalsFor(db: Executor, actor: StaffActor): Promise<PendingApproval[]> {
  const units = workUnits(actor);
  let query = db
    .selectFrom('portal_approvals as a')
    .innerJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.id', '=', 'a.case_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.unit_id'))
    .innerJoin('staff_users as r', (j) => j.onRef('r.tenant_id', '=', 'a.tenant_id').onRef('r.id', '=', 'a.requested_by'))
    .select(['c.id as case_id', 'c.reference', 'c.subject', 'u.name as unit_name', 'r.display_name', 'a.requested_at'])
    .where('a.tenant_id', '=', actor.tenantId)
    .where('a.decision', 'is', null)
    .where('a.requested_by', '<>', actor.userId)
    .where('c.closed_at', 'is', null);
  if (units) query = query.where('c.unit_id', 'in', units.length ? units : ['00000000-0000-0000-0000-000000000000']);
  const rows = await query.orderBy('a.requested_at', 'asc').limit(200).execute();
  return rows.map((r) => ({ caseId: r.case_id, reference: r.reference, subject: r.subject, unitName: r.unit_name, requestedBy: r.display_name, requestedAt: r.requested_at }));
}
