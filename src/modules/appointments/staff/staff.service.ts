/**
 * Read side of the Bürgerbüro's appointment pages: the Standorte a staff
 * member manages, a day's plan with its counters, a week's utilisation and
 * one booking's file. Every function authorizes first (`appointments.view`
 * for the list, `appointments.manage` on the Standort's unit for the rest)
 * and reads only the actor's tenant. Changes go through the booking engine
 * (booking.service.ts), which audits them. No HTTP here.
 */
import { sql } from 'kysely';
import { can, requireAccess, type StaffActor } from '../../../core/auth/policy.ts';
import type { ApptChannel, ApptStatus, ApptVariant } from '../../../core/db/tables.ts';
import type { Services } from '../../../core/services.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { addDays, berlinDay, berlinInstant } from '../../../core/time/berlin.ts';
import { claimedBetween } from '../booking/claims.ts';
import { findLocation, listLocations, scheduleInput, type Location } from '../booking/locations.ts';
import { videoUrl } from '../booking/notifications.ts';
import { holidayName, slotsOfDay, type Contingent } from '../model/schedule.ts';
import { assignCounters } from './counters.ts';

/** Statuses of a binding appointment (booked, or already taken place / missed). */
const BOOKED: readonly ApptStatus[] = ['confirmed', 'attended', 'no_show'];

/** Start of a Berlin calendar day as an instant, in SQL (DST-safe). */
export const dayStart = (day: string) => sql<Date>`(${day}::date)::timestamp at time zone 'Europe/Berlin'`;

export interface ServiceLine {
  title: string;
  quantity: number;
}

export async function bundeslandOf(services: Services, tenantId: string): Promise<Bundesland> {
  const tenant = (await services.tenants.all()).find((t) => t.id === tenantId);
  return (tenant?.bundesland ?? 'NW') as Bundesland;
}

/** The Standorte whose unit the actor works in (admins: all), inactive ones included. */
export async function visibleLocations(services: Services, actor: StaffActor): Promise<Location[]> {
  requireAccess(actor, 'appointments.view', { tenantId: actor.tenantId });
  const all = await listLocations(services.db, actor.tenantId, { includeInactive: true });
  return all.filter((l) => can(actor, 'appointments.manage', { tenantId: l.tenantId, unitId: l.unitId }));
}

/**
 * One Standort of the actor's tenant by slug, or null when there is none;
 * a Standort of another unit is a ForbiddenError (403). `bookable` reads it
 * with its active services only, as the booking form offers them.
 */
export async function managedLocation(services: Services, actor: StaffActor, slug: string, options: { bookable?: boolean } = {}): Promise<Location | null> {
  const location = await findLocation(services.db, actor.tenantId, slug, { includeInactive: true });
  if (!location) return null;
  requireAccess(actor, 'appointments.manage', { tenantId: location.tenantId, unitId: location.unitId });
  if (!options.bookable) return location;
  return findLocation(services.db, actor.tenantId, location.id);
}

async function linesOf(services: Services, tenantId: string, bookingIds: readonly string[]): Promise<Map<string, ServiceLine[]>> {
  const out = new Map<string, ServiceLine[]>();
  if (bookingIds.length === 0) return out;
  const rows = await services.db
    .selectFrom('appt_booking_services as s')
    .innerJoin('portal_services as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.service_id'))
    .select(['s.booking_id', 'p.title', 's.quantity'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.booking_id', 'in', bookingIds)
    .orderBy('p.title')
    .execute();
  for (const r of rows) out.set(r.booking_id, [...(out.get(r.booking_id) ?? []), { title: r.title, quantity: r.quantity }]);
  return out;
}

async function videoBase(services: Services, tenantId: string): Promise<string> {
  return services.tenants.getSetting<string>(tenantId, 'appointments.videoBaseUrl');
}

export interface DayBooking {
  id: string;
  reference: string;
  status: ApptStatus;
  channel: ApptChannel;
  variant: ApptVariant;
  startsAt: Date;
  endsAt: Date;
  name: string;
  phone: string | null;
  services: ServiceLine[];
  videoUrl: string | null;
  canCheckIn: boolean;
  canNoShow: boolean;
}

/** A reservation in progress or an appointment waiting for its e-mail confirmation: no personal data shown. */
export interface UnconfirmedBooking {
  id: string;
  reference: string;
  status: 'held' | 'pending';
  startsAt: Date;
  endsAt: Date;
  expiresAt: Date;
}

export interface DayPlan {
  day: string;
  closure: string | null;
  holiday: string | null;
  /** One column per counter (Schalter 1 … n), bookings in time order. */
  counters: DayBooking[][];
  unconfirmed: UnconfirmedBooking[];
  /** Places per hour of the opening hours: slot places, and of them claimed. */
  hours: { hour: string; capacity: number; claimed: number }[];
}

/** What staff may record for a booked appointment now (the engine's rules for recordVisit). */
function visitActions(status: ApptStatus, startsAt: Date, now: Date): { canCheckIn: boolean; canNoShow: boolean } {
  if (status !== 'confirmed') return { canCheckIn: false, canNoShow: false };
  return { canCheckIn: berlinDay(startsAt) <= berlinDay(now), canNoShow: startsAt.getTime() <= now.getTime() };
}

export async function dayPlan(services: Services, location: Location, day: string): Promise<DayPlan> {
  const { db } = services;
  const tenantId = location.tenantId;
  const now = services.now();
  const bundesland = await bundeslandOf(services, tenantId);
  const schedule = await scheduleInput(db, location, bundesland, day, day);
  const slots = slotsOfDay(schedule, day);
  const closure = await db.selectFrom('appt_closures').select('reason').where('tenant_id', '=', tenantId).where('location_id', '=', location.id).where('day', '=', day).executeTakeFirst();
  const rows = await db
    .selectFrom('appt_bookings')
    .select(['id', 'reference', 'status', 'channel', 'variant', 'starts_at', 'ends_at', 'name', 'phone', 'video_room', 'hold_expires_at', 'confirm_expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', location.id)
    .where('starts_at', '>=', dayStart(day))
    .where('starts_at', '<', dayStart(addDays(day, 1)))
    .where('status', 'in', [...BOOKED, 'held', 'pending'])
    .orderBy('starts_at')
    .orderBy('reference')
    .execute();
  const booked = rows.filter((r) => BOOKED.includes(r.status));
  const lines = await linesOf(services, tenantId, booked.map((r) => r.id));
  const base = await videoBase(services, tenantId);
  const bookings: DayBooking[] = booked.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    channel: r.channel,
    variant: r.variant,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    name: r.name ?? '',
    phone: r.phone,
    services: lines.get(r.id) ?? [],
    videoUrl: r.variant === 'video' ? (videoUrl(base, r.video_room) ?? null) : null,
    ...visitActions(r.status, r.starts_at, now),
  }));
  const unconfirmed = rows.flatMap((r): UnconfirmedBooking[] => {
    const expiresAt = r.status === 'held' ? r.hold_expires_at : r.status === 'pending' ? r.confirm_expires_at : null;
    if (!expiresAt || expiresAt.getTime() <= now.getTime() || (r.status !== 'held' && r.status !== 'pending')) return [];
    return [{ id: r.id, reference: r.reference, status: r.status, startsAt: r.starts_at, endsAt: r.ends_at, expiresAt }];
  });
  const counters = Math.max(0, ...slots.map((s) => s.total));
  const claimed = await claimedBetween(db, tenantId, location.id, slots[0]?.startsAt ?? now, new Date((slots.at(-1)?.startsAt ?? now).getTime() + 1), now);
  const hours = new Map<string, { capacity: number; claimed: number }>();
  for (const s of slots) {
    const hour = s.time.slice(0, 2);
    const h = hours.get(hour) ?? { capacity: 0, claimed: 0 };
    h.capacity += s.total;
    h.claimed += Math.max(0, claimed.get(s.startsAt.getTime())?.total ?? 0);
    hours.set(hour, h);
  }
  return {
    day,
    closure: closure?.reason ?? null,
    holiday: holidayName(day, bundesland),
    counters: assignCounters(bookings, counters),
    unconfirmed,
    hours: [...hours].map(([hour, h]) => ({ hour, ...h })),
  };
}

export interface WeekDay {
  day: string;
  closure: string | null;
  holiday: string | null;
  /** Booked appointments (confirmed, attended, missed). */
  bookings: number;
  /** Reservations and unconfirmed bookings still running. */
  unconfirmed: number;
  /** Slot places of the opening hours, and of them claimed. */
  capacity: number;
  claimed: number;
}

export async function weekPlan(services: Services, location: Location, monday: string): Promise<WeekDay[]> {
  const { db } = services;
  const tenantId = location.tenantId;
  const now = services.now();
  const sunday = addDays(monday, 6);
  const bundesland = await bundeslandOf(services, tenantId);
  const schedule = await scheduleInput(db, location, bundesland, monday, sunday);
  const closures = await db.selectFrom('appt_closures').select(['day', 'reason']).where('tenant_id', '=', tenantId).where('location_id', '=', location.id).where('day', '>=', monday).where('day', '<=', sunday).execute();
  const counts = await db
    .selectFrom('appt_bookings')
    .select([
      sql<string>`to_char(starts_at at time zone 'Europe/Berlin', 'YYYY-MM-DD')`.as('day'),
      sql<string>`count(*) filter (where status in ('confirmed', 'attended', 'no_show'))`.as('booked'),
      sql<string>`count(*) filter (where (status = 'held' and hold_expires_at > ${now}) or (status = 'pending' and confirm_expires_at > ${now}))`.as('unconfirmed'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', location.id)
    .where('starts_at', '>=', dayStart(monday))
    .where('starts_at', '<', dayStart(addDays(sunday, 1)))
    .groupBy(sql`1`)
    .execute();
  const claimed = await claimedBetween(db, tenantId, location.id, berlinInstant(monday, '00:00') as Date, berlinInstant(addDays(sunday, 1), '00:00') as Date, now);
  const claimedPerDay = new Map<string, number>();
  for (const [at, c] of claimed) {
    const day = berlinDay(new Date(at));
    claimedPerDay.set(day, (claimedPerDay.get(day) ?? 0) + Math.max(0, c.total));
  }
  return Array.from({ length: 7 }, (_, i) => {
    const day = addDays(monday, i);
    const row = counts.find((c) => c.day === day);
    return {
      day,
      closure: closures.find((c) => c.day === day)?.reason ?? null,
      holiday: holidayName(day, bundesland),
      bookings: Number(row?.booked ?? 0),
      unconfirmed: Number(row?.unconfirmed ?? 0),
      capacity: slotsOfDay(schedule, day).reduce((sum, s) => sum + s.total, 0),
      claimed: claimedPerDay.get(day) ?? 0,
    };
  });
}

export interface HistoryEntry {
  at: Date;
  /** Message key of what happened (apptStaff.history.*). */
  kind: string;
  actor: string | null;
  detail: string | null;
}

export interface BookingFile {
  id: string;
  reference: string;
  status: ApptStatus;
  channel: ApptChannel;
  variant: ApptVariant;
  startsAt: Date;
  endsAt: Date;
  name: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  locale: 'de' | 'en';
  reminder: boolean;
  caseId: string | null;
  videoUrl: string | null;
  anonymised: boolean;
  cancelReason: string | null;
  location: Location;
  services: ServiceLine[];
  history: HistoryEntry[];
  canCheckIn: boolean;
  canNoShow: boolean;
  /** Slots the appointment takes (for finding another time of the same length). */
  slots: number;
  /** The contingent its capacity is counted in (a move stays in it). */
  contingent: Contingent;
}

const AUDITED: Record<string, string> = {
  'appointment.book': 'booked',
  'appointment.reschedule': 'rescheduled',
  'appointment.cancel': 'cancelledByStaff',
  'appointment.checkin': 'checkedIn',
  'appointment.no_show': 'noShow',
};

/** One booking of the actor's tenant with its history; null when unknown. 403 for a Standort of another unit. */
export async function bookingFile(services: Services, actor: StaffActor, id: string): Promise<BookingFile | null> {
  const { db } = services;
  const row = await db.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const location = await findLocation(db, actor.tenantId, row.location_id, { includeInactive: true });
  if (!location) return null;
  requireAccess(actor, 'appointments.manage', { tenantId: location.tenantId, unitId: location.unitId });
  const lines = (await linesOf(services, actor.tenantId, [id])).get(id) ?? [];
  const audits = await db
    .selectFrom('audit_log')
    .select(['at', 'action', 'actor_label', 'details'])
    .where('tenant_id', '=', actor.tenantId)
    .where('object_type', '=', 'appointment')
    .where('object_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const claim = await db.selectFrom('appt_claims').select('channel').where('tenant_id', '=', actor.tenantId).where('booking_id', '=', id).orderBy('starts_at').executeTakeFirst();
  const history: HistoryEntry[] = [
    // Staff bookings are confirmed at once; their audit entry ('booked') names who made them.
    ...(row.created_by ? [] : [{ at: row.created_at, kind: 'created', actor: null, detail: null }]),
    ...(row.submitted_at && !row.created_by ? [{ at: row.submitted_at, kind: 'submitted', actor: null, detail: null }] : []),
    ...(row.confirmed_at && !row.created_by ? [{ at: row.confirmed_at, kind: 'confirmed', actor: null, detail: null }] : []),
    ...(row.cancelled_at && row.cancelled_by !== 'staff' ? [{ at: row.cancelled_at, kind: row.cancelled_by === 'citizen' ? 'cancelledByCitizen' : 'cancelledBySystem', actor: null, detail: row.cancel_reason }] : []),
    ...audits.flatMap((a): HistoryEntry[] => {
      const kind = AUDITED[a.action];
      if (!kind) return [];
      const details = a.details as Record<string, unknown>;
      const detail = kind === 'rescheduled' && typeof details.from === 'string' && typeof details.to === 'string' ? `${details.from}|${details.to}` : kind === 'cancelledByStaff' ? row.cancel_reason : null;
      return [{ at: a.at, kind, actor: a.actor_label, detail }];
    }),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const contingent: Contingent = (claim?.channel ?? row.channel) === 'online' ? 'online' : (claim?.channel ?? row.channel) === 'phone' ? 'phone' : 'internal';
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    channel: row.channel,
    variant: row.variant,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    name: row.name,
    email: row.email,
    phone: row.phone,
    note: row.note,
    locale: row.locale,
    reminder: row.reminder,
    caseId: row.case_id,
    videoUrl: row.variant === 'video' ? (videoUrl(await videoBase(services, actor.tenantId), row.video_room) ?? null) : null,
    anonymised: row.anonymised_at !== null,
    cancelReason: row.cancel_reason,
    location,
    services: lines,
    history,
    ...visitActions(row.status, row.starts_at, services.now()),
    slots: Math.max(1, Math.round((row.ends_at.getTime() - row.starts_at.getTime()) / (location.slotMinutes * 60_000))),
    contingent,
  };
}

/** Appointments and reservations a closure of `day` would cancel (the same set `closeDay` cancels). */
export async function affectedByClosure(services: Services, location: Location, day: string): Promise<number> {
  const row = await services.db
    .selectFrom('appt_bookings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', location.tenantId)
    .where('location_id', '=', location.id)
    .where('status', 'in', ['held', 'pending', 'confirmed'])
    .where('starts_at', '>=', dayStart(day))
    .where('starts_at', '<', dayStart(addDays(day, 1)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The booking an earlier send of the same journey made (its idempotency
 * key), in whatever state: a second click goes to it instead of checking
 * the time again, which that booking has taken meanwhile.
 */
export async function bookedWithKey(services: Services, location: Location, key: string): Promise<string | null> {
  const row = await services.db.selectFrom('appt_bookings').select('id').where('tenant_id', '=', location.tenantId).where('location_id', '=', location.id).where('idempotency_key', '=', key).executeTakeFirst();
  return row?.id ?? null;
}

export async function closureOf(services: Services, location: Location, day: string): Promise<string | null> {
  const row = await services.db.selectFrom('appt_closures').select('reason').where('tenant_id', '=', location.tenantId).where('location_id', '=', location.id).where('day', '=', day).executeTakeFirst();
  return row?.reason ?? null;
}

