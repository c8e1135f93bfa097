/**
 * Read model of the Standorte: their settings, bookable services (with what
 * to bring, from the Leistungskatalog), opening hours and closures, and the
 * visit a request for services and quantities amounts to.
 */
import type { ApptVariant } from '../../../core/db/tables.ts';
import { prepared, type Executor } from '../../../core/db/database.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { addDays } from '../../../core/time/berlin.ts';
import { slotsNeeded, type OpeningRule, type ScheduleInput } from '../model/schedule.ts';

export interface BookableService {
  id: string;
  slug: string;
  title: string;
  /** Minutes per person. */
  minutes: number;
  maxQuantity: number;
  variants: ApptVariant[];
  requiredDocuments: string[];
}

export interface Location {
  tenantId: string;
  id: string;
  slug: string;
  name: string;
  address: string;
  directions: string;
  unitId: string;
  slotMinutes: number;
  bookFromDays: number;
  bookUntilDays: number;
  holdMinutes: number;
  confirmMinutes: number;
  releaseDelayMinutes: number;
  cancelUntilHours: number;
  active: boolean;
  services: BookableService[];
}

export async function listLocations(db: Executor, tenantId: string, options: { includeInactive?: boolean } = {}): Promise<Location[]> {
  let query = db.selectFrom('appt_locations').selectAll().where('tenant_id', '=', tenantId);
  if (!options.includeInactive) query = query.where('active', '=', true);
  const rows = await query.orderBy('position').orderBy('name').execute();
  if (rows.length === 0) return [];
  let servicesQuery = db
    .selectFrom('appt_services as a')
    .innerJoin('portal_services as p', (j) => j.onRef('p.tenant_id', '=', 'a.tenant_id').onRef('p.id', '=', 'a.service_id'))
    .select(['a.location_id', 'a.service_id', 'a.minutes', 'a.max_quantity', 'a.variants', 'p.slug', 'p.title', 'p.required_documents'])
    .where('a.tenant_id', '=', tenantId)
    .where('p.active', '=', true);
  if (!options.includeInactive) servicesQuery = servicesQuery.where('a.active', '=', true);
  const services = await servicesQuery.orderBy('a.position').orderBy('p.title').execute();
  return rows.map((r) => ({
    tenantId,
    id: r.id,
    slug: r.slug,
    name: r.name,
    address: r.address,
    directions: r.directions,
    unitId: r.unit_id,
    slotMinutes: r.slot_minutes,
    bookFromDays: r.book_from_days,
    bookUntilDays: r.book_until_days,
    holdMinutes: r.hold_minutes,
    confirmMinutes: r.confirm_minutes,
    releaseDelayMinutes: r.release_delay_minutes,
    cancelUntilHours: r.cancel_until_hours,
    active: r.active,
    services: services
      .filter((s) => s.location_id === r.id)
      .map((s) => ({ id: s.service_id, slug: s.slug, title: s.title, minutes: s.minutes, maxQuantity: s.max_quantity, variants: s.variants, requiredDocuments: s.required_documents })),
  }));
}

/** One Standort by id or slug (active ones only unless asked). */
export async function findLocation(db: Executor, tenantId: string, idOrSlug: string, options: { includeInactive?: boolean } = {}): Promise<Location | null> {
  const all = await listLocations(db, tenantId, options);
  return all.find((l) => l.id === idOrSlug || l.slug === idOrSlug) ?? null;
}

export async function scheduleInput(db: Executor, location: Location, bundesland: Bundesland, from: string, to: string): Promise<ScheduleInput> {
  const [rules, closures] = await Promise.all([openingRules(db, location, from, to), closedDays(db, location, from, to)]);
  return { slotMinutes: location.slotMinutes, bundesland, closures, rules };
}

/** The Standort's opening hours that apply somewhere between `from` and `to` (all of them without a range). */
export async function openingRules(db: Executor, location: Location, from?: string, to?: string): Promise<OpeningRule[]> {
  let query = db
    .selectFrom('appt_opening_hours')
    .select(['weekday', 'starts', 'ends', 'valid_from', 'valid_until', 'counters', 'online', 'phone'])
    .where('tenant_id', '=', location.tenantId)
    .where('location_id', '=', location.id);
  if (from && to) query = query.where('valid_from', '<=', to).where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', from)]));
  const rules = await query.execute();
  return rules.map((r): OpeningRule => ({ weekday: r.weekday, starts: r.starts.slice(0, 5), ends: r.ends.slice(0, 5), validFrom: r.valid_from, validUntil: r.valid_until, counters: r.counters, online: r.online, phone: r.phone }));
}

/** The days between `from` and `to` the Standort is closed. */
export async function closedDays(db: Executor, location: Location, from: string, to: string): Promise<Set<string>> {
  // Read with every list of free times (a calendar's polling at a release): prepared.
  const rows = await db.selectFrom('appt_closures').select('day').where('tenant_id', '=', location.tenantId).where('location_id', '=', location.id).where('day', '>=', from).where('day', '<=', to).modifyEnd(prepared).execute();
  return new Set(rows.map((c) => c.day));
}

export interface VisitLine {
  serviceId: string;
  quantity: number;
}

export interface Visit {
  lines: (VisitLine & { service: BookableService; minutes: number })[];
  minutes: number;
  /** Consecutive slots the visit claims. */
  slots: number;
  /** Variants every chosen service allows. */
  variants: ApptVariant[];
}

export type VisitProblem = 'none-chosen' | 'unknown-service' | 'too-many';

/** The visit for a choice of services and persons; computed here, never taken from the client. */
export function visitOf(location: Location, lines: readonly VisitLine[]): { ok: true; visit: Visit } | { ok: false; problem: VisitProblem } {
  const chosen = lines.filter((l) => l.quantity > 0);
  if (chosen.length === 0) return { ok: false, problem: 'none-chosen' };
  const out: Visit['lines'] = [];
  for (const line of chosen) {
    const service = location.services.find((s) => s.id === line.serviceId);
    if (!service || out.some((o) => o.serviceId === line.serviceId)) return { ok: false, problem: 'unknown-service' };
    if (!Number.isInteger(line.quantity) || line.quantity > service.maxQuantity) return { ok: false, problem: 'too-many' };
    out.push({ ...line, service, minutes: service.minutes * line.quantity });
  }
  const minutes = out.reduce((sum, l) => sum + l.minutes, 0);
  const variants = (['onsite', 'phone', 'video'] as const).filter((v) => out.every((l) => l.service.variants.includes(v)));
  return { ok: true, visit: { lines: out, minutes, slots: slotsNeeded(minutes, location.slotMinutes), variants } };
}

/** Parses "id:2,id2" (the URL and API form of a choice) into lines; null when malformed. */
export function parseVisitParam(value: unknown): VisitLine[] | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) return null;
  const lines: VisitLine[] = [];
  for (const part of value.split(',')) {
    const match = /^([0-9a-f-]{36})(?::(\d{1,2}))?$/i.exec(part.trim());
    if (!match) return null;
    lines.push({ serviceId: (match[1] as string).toLowerCase(), quantity: match[2] === undefined ? 1 : Number(match[2]) });
  }
  return lines;
}

export function visitParam(lines: readonly VisitLine[]): string {
  return lines
    .filter((l) => l.quantity > 0)
    .map((l) => `${l.serviceId}:${l.quantity}`)
    .join(',');
}

/** The days citizens may book: from `bookFromDays` to `bookUntilDays` after today (Berlin). */
export function bookingWindow(location: Location, today: string): { first: string; last: string } {
  return { first: addDays(today, location.bookFromDays), last: addDays(today, location.bookUntilDays) };
}
