/**
 * A year of appointment capacity at the demo Bürgerbüro and the bookings a
 * busy one has: the booking window is opened to 365 days (its weekly opening
 * hours are open-ended, so they cover the year), the next four weeks are
 * booked to about 60 % (fuller the nearer the day), and the last twelve
 * weeks hold what happened: attended visits, no-shows and cancellations.
 *
 * Each booking is written as the engine leaves it (booking.service.ts):
 * the booking with its service line, one claim per slot it uses (released
 * for a cancellation), the slot counter rows with the capacity the opening
 * hours give and the live claims counted per contingent, and its Vorgang
 * (type `appointment`, the booking number as reference) with history and,
 * for online bookings, the accepted terms. Online bookings use the online
 * counters, phone bookings the phone counter, staff bookings any counter.
 *
 * Two days in the window stay empty for the slot-release storm: the first
 * weekday and the first Saturday from tomorrow (`volumeFreeDay`,
 * `volumeFreeSaturday`). Reminders are off for the volume's bookings, so the
 * reminder job mails nobody during a benchmark.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { REFERENCE_ALPHABET } from '../../src/core/cases/reference.ts';
import { addDays, berlinDay, berlinTime, isoWeekday } from '../../src/core/time/berlin.ts';
import { isPublicHoliday, type Bundesland } from '../../src/core/time/holidays.ts';
import { findLocation, listLocations, scheduleInput, type BookableService, type Location } from '../../src/modules/appointments/booking/locations.ts';
import { emailKey } from '../../src/modules/appointments/booking/booking.service.ts';
import { slotsBetween, slotsNeeded, type Slot } from '../../src/modules/appointments/model/schedule.ts';
import { musterstadt } from '../../seed/tenants.ts';
import { FAMILY_NAMES, GIVEN_NAMES, affected, clerksByUnit, setting, type SectionContext } from './common.ts';

const FUTURE_DAYS = 28;
const PAST_DAYS = 84;
const YEAR_DAYS = 365;
const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/** First day from tomorrow (Berlin) with the given weekday test that is no public holiday in the demo's Land. */
function firstDay(now: Date, wanted: (weekday: number) => boolean): string {
  for (let day = addDays(berlinDay(now), 1); ; day = addDays(day, 1)) {
    if (wanted(isoWeekday(day)) && !isPublicHoliday(day, musterstadt.bundesland as Bundesland)) return day;
  }
}

/**
 * The weekday (YYYY-MM-DD) in the Bürgerbüro's booking window that the volume
 * leaves without bookings: the first Monday–Friday from tomorrow (Berlin)
 * that is not a public holiday — the day the storm picks with `--day weekday`
 * (first weekday of the window with capacity; the demo books from 1 day ahead).
 */
export function volumeFreeDay(now: Date): string {
  return firstDay(now, (weekday) => weekday <= 5);
}

/** The first Saturday from tomorrow: also left free (the storm's default `--day saturday`). */
export function volumeFreeSaturday(now: Date): string {
  return firstDay(now, (weekday) => weekday === 6);
}

/** Deterministic numbers per day (mulberry32), so runs are comparable. */
function prng(seed: string): () => number {
  let a = createHash('md5').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Booking numbers in the engine's format (TB-XXXXX-C), distinct by construction, none already taken. */
function bookingReferences(tenantId: string, taken: ReadonlySet<string>): () => string {
  const n = REFERENCE_ALPHABET.length;
  const space = n ** 5;
  let i = createHash('md5').update(`booking:${tenantId}`).digest().readUInt32LE(0) % space;
  return () => {
    for (;;) {
      i = (i + 7368787) % space;
      const digits = Array.from({ length: 5 }, (_, k) => Math.floor(i / n ** k) % n);
      const sum = digits.reduce((s, d, k) => s + (k + 1) * d, 0);
      const check = REFERENCE_ALPHABET.charAt((((n - (sum % n)) % n) * 26) % n);
      const reference = `TB-${digits.map((d) => REFERENCE_ALPHABET.charAt(d)).join('')}-${check}`;
      if (!taken.has(reference)) return reference;
    }
  }
}

const SERVICE_WEIGHTS: Record<string, number> = { personalausweis: 35, 'anmeldung-wohnsitz': 25, reisepass: 15, meldebescheinigung: 15, fuehrungszeugnis: 10 };

interface Booking {
  id: string;
  reference: string;
  status: 'confirmed' | 'cancelled' | 'attended' | 'no_show';
  channel: 'online' | 'phone' | 'internal';
  starts_at: string;
  ends_at: string;
  created_at: string;
  confirmed_at: string;
  cancelled_at: string | null;
  checked_in_at: string | null;
  name: string;
  email: string;
  email_key: string;
  locale: 'de' | 'en';
  token_salt: string;
  manage_token_hash: string;
  confirm_token_hash: string | null;
  created_by: string | null;
  case_id: string;
  case_status: 'received' | 'completed';
  closed_at: string | null;
  close_note: string | null;
  subject: string;
  service_id: string;
  service_title: string;
  quantity: number;
  minutes: number;
  slots: { starts_at: string; channel: string; released_at: string | null }[];
}

type Contingent = 'online' | 'phone' | 'internal';

/** Fills one day's slots lane by lane (a lane is one counter): visits start with a chance chosen to reach `fill`. */
function bookDay(day: string, slots: readonly Slot[], fill: number, random: () => number, services: readonly BookableService[], slotMinutes: number): { slots: Slot[]; contingent: Contingent; service: BookableService; quantity: number; minutes: number }[] {
  const claimed = new Map<number, { total: number; online: number; phone: number }>();
  const visits: ReturnType<typeof bookDay> = [];
  const lanes = Math.max(0, ...slots.map((s) => s.total));
  const weights = services.map((s) => SERVICE_WEIGHTS[s.slug] ?? 5);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const pick = (): BookableService => {
    let x = random() * weightSum;
    for (const [k, s] of services.entries()) {
      x -= weights[k] as number;
      if (x < 0) return s;
    }
    return services[services.length - 1] as BookableService;
  };
  for (let lane = 0; lane < lanes; lane++) {
    for (let i = 0; i < slots.length; ) {
      const first = slots[i] as Slot;
      const service = pick();
      const quantity = service.maxQuantity > 1 && random() < 0.12 ? 2 : 1;
      const minutes = service.minutes * quantity;
      const k = slotsNeeded(minutes, slotMinutes);
      // Starting with this chance at every free position books `fill` of the lane on average.
      const chance = fill / (k * (1 - fill) + fill);
      const window = slots.slice(i, i + k);
      const contingent: Contingent = lane < first.online ? 'online' : lane < first.online + first.phone ? 'phone' : 'internal';
      const fits =
        window.length === k &&
        window.every((s) => s.run === first.run && s.day === day && s.total > lane) &&
        window.every((s) => {
          const c = claimed.get(s.startsAt.getTime()) ?? { total: 0, online: 0, phone: 0 };
          if (c.total >= s.total) return false;
          if (contingent === 'online') return c.online < s.online;
          if (contingent === 'phone') return c.phone < s.phone;
          return true;
        });
      if (fits && random() < chance) {
        for (const s of window) {
          const c = claimed.get(s.startsAt.getTime()) ?? { total: 0, online: 0, phone: 0 };
          claimed.set(s.startsAt.getTime(), { total: c.total + 1, online: c.online + (contingent === 'online' ? 1 : 0), phone: c.phone + (contingent === 'phone' ? 1 : 0) });
        }
        visits.push({ slots: window, contingent, service, quantity, minutes });
        i += k;
      } else {
        i += 1;
      }
    }
  }
  return visits;
}

const iso = (d: Date): string => d.toISOString();
const hash = (s: string): string => createHash('sha256').update(s).digest('hex');
const later = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * MINUTE);

/** Share of the places booked on a day: the next week is nearly full, later weeks less. */
function fillOf(day: string, today: string): number {
  if (day < today) return 0.85;
  const ahead = (Date.parse(`${day}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / DAY_MS;
  return ahead <= 7 ? 0.8 : ahead <= 14 ? 0.65 : ahead <= 21 ? 0.5 : 0.45;
}

/** Adds the Bürgerbüro's year of capacity and bookings; returns rows written. */
export async function seedAppointments(ctx: SectionContext): Promise<Record<string, number>> {
  const { tx, tenant, now } = ctx;
  const location = (await findLocation(tx, tenant.id, 'buergerbuero')) ?? (await listLocations(tx, tenant.id))[0];
  if (!location || location.services.length === 0) return { appointmentBookings: 0 };
  const widened = await sql`update appt_locations set book_until_days = greatest(book_until_days, ${YEAR_DAYS}::int) where tenant_id = ${tenant.id}::uuid and id = ${location.id}::uuid`.execute(tx);
  const today = berlinDay(now);
  const yearFrom = addDays(today, 1);
  const yearTo = addDays(today, YEAR_DAYS);
  const year = slotsBetween(await scheduleInput(tx, location, tenant.bundesland, yearFrom, yearTo), yearFrom, yearTo);

  const from = addDays(today, -PAST_DAYS);
  const to = addDays(today, FUTURE_DAYS);
  const slots = slotsBetween(await scheduleInput(tx, location, tenant.bundesland, from, to), from, to);
  const clerks = (await clerksByUnit(tx, tenant.id)).get(location.unitId) ?? [];
  const bookings = buildBookings(ctx, location, slots, await takenReferences(ctx), clerks);
  const rows = await writeBookings(ctx, location, bookings, slots, clerks[0] ?? null, await setting<number>(tx, tenant.id, 'appointments.retentionDays'), await setting<string>(tx, tenant.id, 'privacy.noticeVersion'));
  return {
    appointmentLocationsWidened: affected(widened),
    appointmentYearSlots: year.length,
    appointmentYearPlaces: year.reduce((sum, s) => sum + s.total, 0),
    appointmentYearOnlinePlaces: year.reduce((sum, s) => sum + s.online, 0),
    ...rows,
  };
}

async function takenReferences(ctx: SectionContext): Promise<Set<string>> {
  const rows = await sql<{ reference: string }>`
select reference from cases where tenant_id = ${ctx.tenant.id}::uuid and reference like 'TB-%'
union select reference from appt_bookings where tenant_id = ${ctx.tenant.id}::uuid`.execute(ctx.tx);
  return new Set(rows.rows.map((r) => r.reference));
}

function buildBookings(ctx: SectionContext, location: Location, slots: readonly Slot[], taken: Set<string>, clerks: readonly { id: string; name: string }[]): Booking[] {
  const { tenant, now } = ctx;
  const today = berlinDay(now);
  const free = new Set([volumeFreeDay(now), volumeFreeSaturday(now)]);
  const nextReference = bookingReferences(tenant.id, taken);
  const byDay = new Map<string, Slot[]>();
  for (const s of slots) byDay.set(s.day, [...(byDay.get(s.day) ?? []), s]);
  const out: Booking[] = [];
  for (const [day, daySlots] of byDay) {
    if (day === today || free.has(day)) continue;
    const random = prng(`${tenant.id}:${location.id}:${day}`);
    for (const visit of bookDay(day, daySlots, fillOf(day, today), random, location.services, location.slotMinutes)) {
      const n = out.length;
      const startsAt = (visit.slots[0] as Slot).startsAt;
      const past = day < today;
      const r = random();
      const status: Booking['status'] = past ? (r < 0.8 ? 'attended' : r < 0.87 ? 'no_show' : 'cancelled') : r < 0.05 ? 'cancelled' : 'confirmed';
      const createdAt = new Date(Math.min(startsAt.getTime() - (1 + 27 * random()) * DAY_MS, now.getTime() - 60 * MINUTE));
      const byStaff = visit.contingent !== 'online';
      const confirmedAt = byStaff ? createdAt : later(createdAt, 5);
      // Cancellations come a few days before the visit (so a past one is still within the retention period).
      const cancelledAt = status === 'cancelled' ? new Date(Math.min(Math.max(confirmedAt.getTime() + MINUTE, startsAt.getTime() - (0.5 + 4 * random()) * DAY_MS), now.getTime() - MINUTE)) : null;
      const closedAt = status === 'attended' ? later(startsAt, -5) : status === 'no_show' ? later(startsAt, 30) : cancelledAt;
      const given = GIVEN_NAMES[n % GIVEN_NAMES.length] as string;
      const family = `${FAMILY_NAMES[(n * 7) % FAMILY_NAMES.length] as string}-${n}`;
      const email = `${given}.${family}@example.invalid`.toLowerCase();
      const released = cancelledAt ? later(cancelledAt, byStaff ? 0 : location.releaseDelayMinutes) : null;
      out.push({
        id: randomUUID(),
        reference: nextReference(),
        status,
        channel: visit.contingent,
        starts_at: iso(startsAt),
        ends_at: iso(later(startsAt, visit.slots.length * location.slotMinutes)),
        created_at: iso(createdAt),
        confirmed_at: iso(confirmedAt),
        cancelled_at: cancelledAt ? iso(cancelledAt) : null,
        checked_in_at: status === 'attended' ? iso(later(startsAt, -5)) : null,
        name: `${given} ${family}`,
        email,
        email_key: emailKey(email),
        locale: n % 25 === 0 ? 'en' : 'de',
        token_salt: randomBytes(12).toString('base64url'),
        manage_token_hash: hash(`volume-manage:${randomUUID()}`),
        confirm_token_hash: byStaff ? null : hash(`volume-confirm:${randomUUID()}`),
        created_by: byStaff && clerks.length ? (clerks[n % clerks.length] as { id: string }).id : null,
        case_id: randomUUID(),
        case_status: status === 'confirmed' ? 'received' : 'completed',
        closed_at: closedAt ? iso(closedAt) : null,
        close_note: status === 'attended' ? 'Vorsprache erfolgt.' : status === 'no_show' ? 'Termin nicht wahrgenommen.' : status === 'cancelled' ? 'Termin von der Bürgerin/dem Bürger abgesagt.' : null,
        subject: `${visit.quantity > 1 ? `${visit.service.title} (${visit.quantity})` : visit.service.title} – ${day} ${berlinTime(startsAt)}`,
        service_id: visit.service.id,
        service_title: visit.service.title,
        quantity: visit.quantity,
        minutes: visit.minutes,
        slots: visit.slots.map((s) => ({ starts_at: iso(s.startsAt), channel: visit.contingent, released_at: released ? iso(released) : null })),
      });
    }
  }
  return out;
}

/** Slot counter rows for every slot a booking touched: the schedule's capacity, the live claims per contingent. */
function slotRows(bookings: readonly Booking[], slots: readonly Slot[]) {
  const bySlot = new Map(slots.map((s) => [iso(s.startsAt), s]));
  const counts = new Map<string, { claimed: number; online: number; phone: number }>();
  for (const b of bookings) {
    for (const claim of b.slots) {
      const c = counts.get(claim.starts_at) ?? { claimed: 0, online: 0, phone: 0 };
      if (!claim.released_at) {
        c.claimed += 1;
        if (claim.channel === 'online') c.online += 1;
        if (claim.channel === 'phone') c.phone += 1;
      }
      counts.set(claim.starts_at, c);
    }
  }
  return [...counts].map(([startsAt, c]) => {
    const s = bySlot.get(startsAt) as Slot;
    return { starts_at: startsAt, capacity: s.total, capacity_online: s.online, capacity_phone: s.phone, claimed: c.claimed, claimed_online: c.online, claimed_phone: c.phone };
  });
}

async function writeBookings(ctx: SectionContext, location: Location, bookings: Booking[], slots: readonly Slot[], clerk: { id: string } | null, retentionDays: number, privacyVersion: string): Promise<Record<string, number>> {
  const { tx, tenant } = ctx;
  if (bookings.length === 0) return { appointmentBookings: 0 };
  const json = JSON.stringify(bookings.map(({ slots: _slots, ...b }) => b));
  await sql`create temp table vol_booking on commit drop as select * from jsonb_to_recordset(${json}::jsonb) as x(
    id uuid, reference text, status text, channel text, starts_at timestamptz, ends_at timestamptz, created_at timestamptz, confirmed_at timestamptz,
    cancelled_at timestamptz, checked_in_at timestamptz, name text, email text, email_key text, locale text, token_salt text, manage_token_hash text,
    confirm_token_hash text, created_by uuid, case_id uuid, case_status text, closed_at timestamptz, close_note text, subject text,
    service_id uuid, service_title text, quantity int, minutes int)`.execute(tx);
  const claimsJson = JSON.stringify(bookings.flatMap((b) => b.slots.map((s) => ({ booking_id: b.id, ...s }))));

  const cases = await sql`
insert into cases (tenant_id, id, reference, type, status, unit_id, subject, data, contact, locale, access_salt, access_token_hash, idempotency_key,
                   retention_until, created_at, updated_at, closed_at)
select ${tenant.id}::uuid, b.case_id, b.reference, 'appointment', b.case_status, ${location.unitId}::uuid, b.subject,
  jsonb_build_object('bookingId', b.id, 'startsAt', to_char(b.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'location', ${location.name}::text,
    'services', jsonb_build_array(jsonb_build_object('title', b.service_title, 'quantity', b.quantity)), 'variant', 'onsite', 'channel', b.channel, 'phone', null, 'note', null),
  jsonb_build_object('name', b.name, 'email', b.email), b.locale,
  substr(md5('salt:' || b.case_id::text), 1, 16), encode(sha256(convert_to('volume-access:' || b.case_id::text, 'UTF8')), 'hex'), 'appointment:' || b.id,
  b.closed_at + make_interval(days => ${retentionDays}::int), b.confirmed_at, coalesce(b.closed_at, b.confirmed_at), b.closed_at
from vol_booking b order by b.starts_at`.execute(tx);

  const inserted = await sql`
insert into appt_bookings (tenant_id, id, location_id, reference, status, channel, variant, starts_at, ends_at, name, email, email_key, locale, reminder,
                           token_salt, manage_token_hash, confirm_token_hash, case_id, verified_human, created_by, created_at, submitted_at, confirmed_at,
                           cancelled_at, cancelled_by, checked_in_at)
select ${tenant.id}::uuid, b.id, ${location.id}::uuid, b.reference, b.status, b.channel, 'onsite', b.starts_at, b.ends_at, b.name, b.email, b.email_key, b.locale, false,
  b.token_salt, b.manage_token_hash, b.confirm_token_hash, b.case_id, b.channel = 'online', b.created_by, b.created_at,
  case when b.channel = 'online' then b.created_at + interval '2 minutes' else b.created_at end, b.confirmed_at,
  b.cancelled_at, case when b.cancelled_at is not null then 'citizen' end, b.checked_in_at
from vol_booking b order by b.starts_at`.execute(tx);

  const lines = await sql`
insert into appt_booking_services (tenant_id, booking_id, service_id, quantity, minutes)
select ${tenant.id}::uuid, b.id, b.service_id, b.quantity, b.minutes from vol_booking b`.execute(tx);

  const slotCounters = await sql`
insert into appt_slots (tenant_id, location_id, starts_at, capacity, capacity_online, capacity_phone, claimed, claimed_online, claimed_phone)
select ${tenant.id}::uuid, ${location.id}::uuid, s.starts_at, s.capacity, s.capacity_online, s.capacity_phone, s.claimed, s.claimed_online, s.claimed_phone
from jsonb_to_recordset(${JSON.stringify(slotRows(bookings, slots))}::jsonb) as s(starts_at timestamptz, capacity int, capacity_online int, capacity_phone int, claimed int, claimed_online int, claimed_phone int)
order by s.starts_at`.execute(tx);

  const claims = await sql`
insert into appt_claims (tenant_id, booking_id, location_id, starts_at, channel, release_after, released_at)
select ${tenant.id}::uuid, c.booking_id, ${location.id}::uuid, c.starts_at, c.channel, c.released_at, c.released_at
from jsonb_to_recordset(${claimsJson}::jsonb) as c(booking_id uuid, starts_at timestamptz, channel text, released_at timestamptz)
order by c.starts_at`.execute(tx);

  const events = await sql`
insert into case_events (tenant_id, case_id, kind, actor_type, from_status, to_status, body, visible_to_citizen, created_at)
select ${tenant.id}::uuid, b.case_id, e.kind, 'system', e.from_status, e.to_status, e.body, true, e.at
from vol_booking b cross join lateral (values
  (true, 'created', null, 'received', null, b.confirmed_at),
  (b.closed_at is not null, 'status', 'received', 'completed', b.close_note, b.closed_at)
) as e(applies, kind, from_status, to_status, body, at)
where e.applies`.execute(tx);

  const consents = await sql`
insert into consents (tenant_id, case_id, kind, version, given_at)
select ${tenant.id}::uuid, b.case_id, 'appointment-terms', ${privacyVersion}::text, b.confirmed_at from vol_booking b where b.channel = 'online'`.execute(tx);

  // Phone and counter bookings are made by a clerk; arrivals and no-shows are recorded by one.
  const auditRows = clerk
    ? await sql`
insert into audit_log (tenant_id, at, actor_id, actor_label, action, object_type, object_id, details)
select ${tenant.id}::uuid, e.at, u.id, u.display_name, e.action, 'appointment', b.id::text, e.details
from vol_booking b
join staff_users u on u.tenant_id = ${tenant.id}::uuid and u.id = coalesce(b.created_by, ${clerk.id}::uuid)
cross join lateral (values
  (b.created_by is not null, b.created_at, 'appointment.book', jsonb_build_object('reference', b.reference, 'channel', b.channel, 'startsAt', b.starts_at, 'overrideLimit', false)),
  (b.status = 'attended', b.checked_in_at, 'appointment.checkin', jsonb_build_object('reference', b.reference)),
  (b.status = 'no_show', b.closed_at, 'appointment.no_show', jsonb_build_object('reference', b.reference))
) as e(applies, at, action, details)
where e.applies`.execute(tx)
    : {};

  await sql`drop table vol_booking`.execute(tx);
  return {
    appointmentBookings: affected(inserted),
    appointmentCases: affected(cases),
    appointmentBookingServices: affected(lines),
    appointmentSlots: affected(slotCounters),
    appointmentClaims: affected(claims),
    appointmentEvents: affected(events),
    appointmentConsents: affected(consents),
    appointmentAudit: affected(auditRows),
    appointmentFutureBooked: bookings.filter((b) => b.status === 'confirmed').length,
  };
}
