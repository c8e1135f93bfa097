import { audit } from '../../../core/audit/audit.ts';
import { requireAccess, type StaffActor } from '../../../core/auth/policy.ts';
import type { Db } from '../../../core/db/database.ts';

export type DeactivateResult = { ok: true; displayName: string } | { ok: false; reason: 'not-found' | 'self' };

/**
 * Deactivates a staff account of the actor's municipality and ends all its
 * sessions at once (a deactivated person must not keep working in an open tab).
 * Outcomes: ok (also when already inactive: the end state is what counts);
 * not-found (no such account in this tenant); self (an admin cannot lock
 * themself out, which also keeps at least one admin active).
 */
export async function deactivateStaffUser(db: Db, actor: StaffActor, userId: string): Promise<DeactivateResult> {
  requireAccess(actor, 'users.manage', { tenantId: actor.tenantId });
  if (userId === actor.userId) return { ok: false, reason: 'self' };
  return db.transaction().execute(async (tx) => {
    const user = await tx
      .updateTable('staff_users')
      .set({ active: false })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', userId)
      .returning(['display_name'])
      .executeTakeFirst();
    if (!user) return { ok: false as const, reason: 'not-found' as const };
    const ended = await tx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', userId).executeTakeFirst();
    await audit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      actorLabel: actor.displayName,
      action: 'staff.deactivate',
      objectType: 'staff_user',
      objectId: userId,
      details: { sessionsEnded: Number(ended.numDeletedRows) },
    });
    return { ok: true as const, displayName: user.display_name };
  });
}
