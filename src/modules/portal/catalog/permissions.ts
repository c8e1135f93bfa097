/** Who may edit the Leistungskatalog: decided by the policy layer (`catalog.edit`: Redaktion and admins). */
import { can, requireAccess, type StaffActor } from '../../../core/auth/policy.ts';

export function canEditCatalog(actor: StaffActor, tenantId: string): boolean {
  return can(actor, 'catalog.edit', { tenantId });
}

export function requireCatalogEditor(actor: StaffActor, tenantId: string): void {
  requireAccess(actor, 'catalog.edit', { tenantId });
}
