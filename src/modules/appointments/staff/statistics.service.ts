/**
 * Figures about a Standort's appointments in a period of days (by the day of
 * the appointment, Berlin time):
 *
 * - appointments: bookings that are binding — confirmed, attended or missed;
 *   cancelled ones are counted apart, unconfirmed reservations not at all;
 * - per service (appointments that include it, and persons) and per channel;
 * - no-show rate: missed / (attended + missed), over the appointments
 *   whose outcome was recorded;
 * - lead time: days from the booking (created_at) to the appointment,
 *   median and average, over the appointments;
 * - utilisation: claimed slot places against the places the opening hours
 *   give (computed from the schedule: counter rows exist only for slots
 *   that were ever claimed), separately for the days gone by and the days
 *   to come (booked so far).
 */
import { sql } from 'kysely';
import type { ApptChannel } from '../../../core/db/tables.ts';
import type { Services } from '../../../core/services.ts';
import { addDays, berlinDay, berlinInstant } from '../../../core/time/berlin.ts';
import { claimedBetween } from '../booking/claims.ts';
import { scheduleInput, type Location } from '../booking/locations.ts';
import { slotsBetween } from '../model/schedule.ts';
import { bundeslandOf, dayStart } from './staff.service.ts';

const CHANNELS: readonly ApptChannel[] = ['online', 'phone', 'internal'];

export interface Usage {
  from: string;
  to: string;
  capacity: number;
  claimed: number;
}

export interface AppointmentFigures {
  from: string;
  to: string;
  appointments: number;
  perService: { title: string; appointments: number; persons: number }[];
  perChannel: { channel: ApptChannel; appointments: number }[];
  attended: number;
  noShow: number;
  /** noShow / (attended + noShow); null without any recorded outcome. */
  noShowRate: number | null;
  leadMedianDays: number | null;
  leadAverageDays: number | null;
  cancelled: { citizen: number; staff: number; system: number };
  past: Usage | null;
  upcoming: Usage | null;
}

interface TotalsRow {
  appointments: string;
  attended: string;
  no_show: string;
  lead_median: number | string | null;
  lead_average: number | string | null;
  by_citizen: string;
  by_staff: string;
  by_system: string;
}

const toNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

async function usage(services: Services, location: Location, from: string, to: string): Promise<Usage | null> {
  if (from > to) return null;
  const schedule = await scheduleInput(services.db, location, await bundeslandOf(services, location.tenantId), from, to);
  const capacity = slotsBetween(schedule, from, to).reduce((sum, s) => sum + s.total, 0);
  const claimed = await claimedBetween(services.db, location.tenantId, location.id, berlinInstant(from, '00:00') as Date, berlinInstant(addDays(to, 1), '00:00') as Date, services.now());
  let taken = 0;
  for (const c of claimed.values()) taken += Math.max(0, c.total);
  return { from, to, capacity, claimed: taken };
}

export async function appointmentFigures(services: Services, location: Location, from: string, to: string): Promise<AppointmentFigures> {
  const { db } = services;
  const scope = db
    .selectFrom('appt_bookings as b')
    .where('b.tenant_id', '=', location.tenantId)
    .where('b.location_id', '=', location.id)
    .where('b.starts_at', '>=', dayStart(from))
    .where('b.starts_at', '<', dayStart(addDays(to, 1)));
  const booked = sql<boolean>`b.status in ('confirmed', 'attended', 'no_show')`;
  const leadDays = sql<number>`extract(epoch from (b.starts_at - b.created_at)) / 86400.0`;
  const totals = (await scope
    .select([
      sql<string>`count(*) filter (where ${booked})`.as('appointments'),
      sql<string>`count(*) filter (where b.status = 'attended')`.as('attended'),
      sql<string>`count(*) filter (where b.status = 'no_show')`.as('no_show'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${leadDays}) filter (where ${booked})`.as('lead_median'),
      sql<number | null>`avg(${leadDays}) filter (where ${booked})`.as('lead_average'),
      sql<string>`count(*) filter (where b.status = 'cancelled' and b.confirmed_at is not null and b.cancelled_by = 'citizen')`.as('by_citizen'),
      sql<string>`count(*) filter (where b.status = 'cancelled' and b.confirmed_at is not null and b.cancelled_by = 'staff')`.as('by_staff'),
      sql<string>`count(*) filter (where b.status = 'cancelled' and b.confirmed_at is not null and b.cancelled_by = 'system')`.as('by_system'),
    ])
    .executeTakeFirstOrThrow()) as TotalsRow;
  const channels = await scope.select(['b.channel', sql<string>`count(*)`.as('n')]).where(booked).groupBy('b.channel').execute();
  const perService = await scope
    .innerJoin('appt_booking_services as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.booking_id', '=', 'b.id'))
    .innerJoin('portal_services as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.service_id'))
    .select(['p.title', sql<string>`count(distinct b.id)`.as('appointments'), sql<string>`sum(s.quantity)`.as('persons')])
    .where(booked)
    .groupBy('p.title')
    .orderBy(sql`count(distinct b.id)`, 'desc')
    .orderBy('p.title')
    .execute();
  const attended = Number(totals.attended);
  const noShow = Number(totals.no_show);
  const today = berlinDay(services.now());
  const pastTo = to < today ? to : addDays(today, -1);
  const upcomingFrom = from > today ? from : today;
  return {
    from,
    to,
    appointments: Number(totals.appointments),
    perService: perService.map((r) => ({ title: r.title, appointments: Number(r.appointments), persons: Number(r.persons) })),
    perChannel: CHANNELS.map((channel) => ({ channel, appointments: Number(channels.find((c) => c.channel === channel)?.n ?? 0) })),
    attended,
    noShow,
    noShowRate: attended + noShow > 0 ? noShow / (attended + noShow) : null,
    leadMedianDays: toNumber(totals.lead_median),
    leadAverageDays: toNumber(totals.lead_average),
    cancelled: { citizen: Number(totals.by_citizen), staff: Number(totals.by_staff), system: Number(totals.by_system) },
    past: await usage(services, location, from, pastTo),
    upcoming: await usage(services, location, upcomingFrom, to),
  };
}
