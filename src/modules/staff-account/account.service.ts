/** Reads what the account page shows beyond the session: the names of the staff member's units. */
import type { Db } from '../../core/db/database.ts';

export async function unitNames(db: Db, tenantId: string, unitIds: readonly string[]): Promise<Map<string, string>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', [...unitIds]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
