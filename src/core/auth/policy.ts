/**
 * The one authorization layer. Pages, JSON APIs and file downloads all ask
 * `can(actor, action, resource)`; anything not allowed here is denied.
 * Every rule checks the tenant first, so nothing crosses municipalities.
 */
import type { StaffRole } from '../db/tables.ts';

export interface StaffActor {
  kind: 'staff';
  tenantId: string;
  userId: string;
  displayName: string;
  roles: { role: StaffRole; unitId: string | null }[];
}

/** A citizen holding the secret link of one Vorgang. */
export interface CitizenActor {
  kind: 'citizen';
  tenantId: string;
  caseId: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
  tenantId: string;
}

export type Actor = StaffActor | CitizenActor | AnonymousActor;

export interface CaseResource {
  tenantId: string;
  id: string;
  unitId: string;
  assigneeId: string | null;
}

export type TenantAction =
  | 'inbox.view'
  | 'outbox.view'
  | 'audit.view'
  | 'settings.edit'
  | 'users.manage'
  | 'metrics.view'
  | 'catalog.edit'
  | 'catalog.configure'
  | 'payments.view'
  | 'payments.refund'
  | 'payments.import'
  | 'payments.export'
  /** See the appointment pages at all (day views of the units one works in). */
  | 'appointments.view'
  /** Set up Standorte: opening hours, counters, bookable services, booking rules. */
  | 'appointments.configure'
  /** See the Mängelmelder queue and statistics (reports of the units one works in; editing is per case). */
  | 'reports.view'
  /** Set up the Mängelmelder: categories and their questions, contractors, response templates. */
  | 'reports.configure'
  /** Sitzungsdienst (Ratsbüro): persons, Gremien, papers, agendas, invitations, minutes, publication. */
  | 'council.manage'
  /** The member area of council members (Mandatsträger, sachkundige Bürger): their Gremien's documents. */
  | 'council.member';

export type CaseAction = 'case.view' | 'case.edit' | 'case.reply';

/** Actions on something that belongs to an Organisationseinheit (e.g. a Standort's appointments). */
export type UnitAction = 'appointments.manage';

export interface UnitResource {
  tenantId: string;
  unitId: string;
}

export const isAdmin = (actor: StaffActor): boolean => actor.roles.some((r) => r.role === 'admin');

/** Units whose inbox a staff member works in (admins: all, signalled by null). */
export function workUnits(actor: StaffActor): string[] | null {
  if (isAdmin(actor)) return null;
  return actor.roles.filter((r) => r.role === 'sachbearbeitung' && r.unitId).map((r) => r.unitId as string);
}

export function can(actor: Actor, action: TenantAction, resource: { tenantId: string }): boolean;
export function can(actor: Actor, action: CaseAction, resource: CaseResource): boolean;
export function can(actor: Actor, action: UnitAction, resource: UnitResource): boolean;
export function can(actor: Actor, action: TenantAction | CaseAction | UnitAction, resource: { tenantId: string } | CaseResource | UnitResource): boolean {
  if (actor.tenantId !== resource.tenantId) return false;
  switch (action) {
    case 'inbox.view':
    case 'appointments.view':
    case 'reports.view':
      return actor.kind === 'staff' && (isAdmin(actor) || (workUnits(actor)?.length ?? 0) > 0);
    case 'appointments.manage':
      return actor.kind === 'staff' && (isAdmin(actor) || (workUnits(actor) ?? []).includes((resource as UnitResource).unitId));
    case 'catalog.edit':
      return actor.kind === 'staff' && actor.roles.some((r) => r.role === 'redaktion' || r.role === 'admin');
    case 'payments.view':
    case 'payments.refund':
    case 'payments.import':
    case 'payments.export':
      return actor.kind === 'staff' && actor.roles.some((r) => r.role === 'kasse' || r.role === 'admin');
    case 'council.manage':
      return actor.kind === 'staff' && actor.roles.some((r) => r.role === 'ratsbuero' || r.role === 'admin');
    case 'council.member':
      return actor.kind === 'staff' && actor.roles.some((r) => r.role === 'mandatstraeger');
    case 'catalog.configure':
    case 'appointments.configure':
    case 'reports.configure':
    case 'outbox.view':
    case 'audit.view':
    case 'settings.edit':
    case 'users.manage':
    case 'metrics.view':
      return actor.kind === 'staff' && isAdmin(actor);
    case 'case.view':
    case 'case.edit': {
      const c = resource as CaseResource;
      if (actor.kind === 'staff') {
        if (isAdmin(actor)) return true;
        return c.assigneeId === actor.userId || (workUnits(actor) ?? []).includes(c.unitId);
      }
      return action === 'case.view' && actor.kind === 'citizen' && actor.caseId === c.id;
    }
    case 'case.reply': {
      const c = resource as CaseResource;
      return actor.kind === 'citizen' && actor.caseId === c.id;
    }
    default:
      return false;
  }
}

export class ForbiddenError extends Error {
  constructor() {
    super('forbidden');
  }
}

export function requireAccess(actor: Actor, action: TenantAction, resource: { tenantId: string }): void;
export function requireAccess(actor: Actor, action: CaseAction, resource: CaseResource): void;
export function requireAccess(actor: Actor, action: UnitAction, resource: UnitResource): void;
export function requireAccess(actor: Actor, action: TenantAction | CaseAction | UnitAction, resource: { tenantId: string } | CaseResource | UnitResource): void {
  if (!can(actor, action as CaseAction, resource as CaseResource)) throw new ForbiddenError();
}
