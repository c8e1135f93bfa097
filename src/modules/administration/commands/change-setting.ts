import { audit } from '../../../core/audit/audit.ts';
import { requireAccess, type StaffActor } from '../../../core/auth/policy.ts';
import type { Db } from '../../../core/db/database.ts';
import { parseSettingValue, settingDefinition } from '../../../core/tenancy/settings.ts';
import type { TenantService } from '../../../core/tenancy/tenants.ts';

export type ChangeSettingResult = { ok: true; key: string } | { ok: false; reason: 'unknown-setting' | 'invalid-value' };

/**
 * Sets one tenant setting from a form value.
 * Outcomes: ok; unknown-setting (no such key is declared); invalid-value
 * (the declared schema rejects it). Nothing is written unless ok; the value
 * and its audit entry commit together.
 */
export async function changeSetting(deps: { db: Db; tenants: TenantService }, actor: StaffActor, input: { key: string; raw: string }): Promise<ChangeSettingResult> {
  requireAccess(actor, 'settings.edit', { tenantId: actor.tenantId });
  if (!settingDefinition(input.key)) return { ok: false, reason: 'unknown-setting' };
  const parsed = parseSettingValue(input.key, input.raw);
  if (!parsed.ok) return { ok: false, reason: 'invalid-value' };
  await deps.db.transaction().execute(async (tx) => {
    await deps.tenants.setSetting(actor.tenantId, input.key, parsed.value, tx);
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'settings.set', objectType: 'setting', objectId: input.key, details: { key: input.key } });
  });
  // Settings are read fresh, but the tenant cache may hold derived data; other instances expire theirs within seconds.
  deps.tenants.invalidate();
  return { ok: true, key: input.key };
}
