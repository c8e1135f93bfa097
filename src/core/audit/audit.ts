/**
 * Audit log of staff and security-relevant actions: who did what to which
 * object, when. Written in the same transaction as the action it records.
 * Details carry identifiers and field names, never citizens' personal data.
 */
import type { Executor } from '../db/database.ts';

export interface AuditEntry {
  tenantId: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType?: string;
  objectId?: string;
  details?: Record<string, unknown>;
}

export async function audit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      actor_id: entry.actorId,
      actor_label: entry.actorLabel,
      action: entry.action,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
