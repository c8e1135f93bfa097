/** Read models for the inbox screens: units and the staff who may work a unit's cases. */
import type { Db } from '../../core/db/database.ts';
import { workUnits, type StaffActor } from '../../core/auth/policy.ts';

export interface UnitOption {
  id: string;
  name: string;
}

export async function listUnits(db: Db, tenantId: string): Promise<UnitOption[]> {
  return db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

/** Units offered in the inbox filter: all for admins, else the member's own. */
export async function unitsFor(db: Db, actor: StaffActor): Promise<UnitOption[]> {
  const all = await listUnits(db, actor.tenantId);
  const own = workUnits(actor);
  return own === null ? all : all.filter((u) => own.includes(u.id));
}

/** Active staff who may be assigned a case of this unit (its clerks and the admins). */
export async function assignableStaff(db: Db, tenantId: string, unitId: string): Promise<UnitOption[]> {
  const rows = await db
    .selectFrom('staff_users as u')
    .innerJoin('staff_roles as r', (j) => j.onRef('r.tenant_id', '=', 'u.tenant_id').onRef('r.user_id', '=', 'u.id'))
    .select(['u.id', 'u.display_name'])
    .distinct()
    .where('u.tenant_id', '=', tenantId)
    .where('u.active', '=', true)
    .where((eb) => eb.or([eb('r.unit_id', '=', unitId), eb('r.role', '=', 'admin')]))
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}
