/**
 * Read models of the administration pages. Every query is scoped by the
 * tenant id first, so nothing of another municipality can appear.
 */
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.ts';
import type { StaffRole } from '../../core/db/tables.ts';

export const PAGE_SIZE = 25;
export const MAIL_STATUSES = ['queued', 'sent', 'held', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface Paged<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
}

function paged<T>(rows: T[], total: number, page: number): Paged<T> {
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export interface MailListRow {
  id: string;
  created_at: Date;
  to_address: string;
  subject: string;
  template: string;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
}

export async function listMails(db: Db, tenantId: string, filter: { status?: MailStatus | undefined }, page: number): Promise<Paged<MailListRow>> {
  let query = db.selectFrom('mails').where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'created_at', 'to_address', 'subject', 'template', 'status', 'attempts', 'last_error'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return paged(rows, Number(count.n), page);
}

/** Headers and the plain-text body; the HTML body is deliberately not read (it is never rendered here). */
export async function findMail(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('mails')
    .select(['id', 'created_at', 'sent_at', 'to_address', 'subject', 'template', 'locale', 'status', 'attempts', 'last_error', 'text_body'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export type MailDetail = NonNullable<Awaited<ReturnType<typeof findMail>>>;

export interface AuditRow {
  id: number;
  at: Date;
  actor_label: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  details: Record<string, unknown>;
}

export async function listAudit(db: Db, tenantId: string, filter: { actionPrefix?: string | undefined }, page: number): Promise<Paged<AuditRow>> {
  let query = db.selectFrom('audit_log').where('tenant_id', '=', tenantId);
  // starts_with instead of LIKE: the prefix is taken literally, so "%" or "_" typed into the filter match themselves.
  if (filter.actionPrefix) query = query.where(sql<boolean>`starts_with(action, ${filter.actionPrefix})`);
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'at', 'actor_label', 'action', 'object_type', 'object_id', 'details'])
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return paged(rows, Number(count.n), page);
}

export interface StaffUserRow {
  id: string;
  displayName: string;
  email: string;
  totpEnabled: boolean;
  active: boolean;
  roles: { role: StaffRole; unitName: string | null }[];
}

export async function listStaffUsers(db: Db, tenantId: string): Promise<StaffUserRow[]> {
  const [users, roles] = await Promise.all([
    db
      .selectFrom('staff_users')
      .select(['id', 'display_name', 'email', 'totp_enabled', 'active'])
      .where('tenant_id', '=', tenantId)
      .orderBy('active', 'desc')
      .orderBy('display_name')
      .execute(),
    db
      .selectFrom('staff_roles as r')
      .leftJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.id', '=', 'r.unit_id'))
      .select(['r.user_id', 'r.role', 'u.name as unit_name'])
      .where('r.tenant_id', '=', tenantId)
      .orderBy('r.role')
      .orderBy('u.name')
      .execute(),
  ]);
  return users.map((u) => ({
    id: u.id,
    displayName: u.display_name,
    email: u.email,
    totpEnabled: u.totp_enabled,
    active: u.active,
    roles: roles.filter((r) => r.user_id === u.id).map((r) => ({ role: r.role, unitName: r.unit_name })),
  }));
}

export async function listUnits(db: Db, tenantId: string): Promise<{ slug: string; name: string }[]> {
  return db.selectFrom('org_units').select(['slug', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

/** The stored (not defaulted) setting values of a tenant, by key. */
export async function storedSettings(db: Db, tenantId: string): Promise<Map<string, unknown>> {
  const rows = await db.selectFrom('tenant_settings').select(['key', 'value']).where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}
