/**
 * The life of an appointment (after ZMS's process states):
 *
 *   hold ──details──▶ held ──submit──▶ pending ──e-mail link──▶ confirmed ──▶ attended | no_show
 *     │                 │ hold expires    │ link expires           │ cancel (citizen/staff)
 *     ▼                 ▼                 ▼                        ▼
 *   (409: taken)     expired           expired                  cancelled
 *
 * The hold already claims the capacity (claims.ts), so confirming never
 * re-checks anything. Every transition is a guarded UPDATE (… WHERE status =
 * 'from'), so it happens exactly once, whatever races it. Staff bookings (on
 * behalf of callers or visitors) start confirmed in their own contingent.
 * Each confirmed appointment is a Vorgang of the Standort's unit.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { ApptChannel, ApptStatus, ApptVariant } from '../../../core/db/tables.ts';
import { batchedLookup } from '../../../core/db/batched-lookup.ts';
import { prepared, type Db, type Executor, type Tx } from '../../../core/db/database.ts';
import type { JobQueue } from '../../../core/jobs/jobs.ts';
import type { Locale } from '../../../core/i18n/i18n.ts';
import type { Tenant, TenantService } from '../../../core/tenancy/tenants.ts';
import { requireAccess, type StaffActor } from '../../../core/auth/policy.ts';
import { audit } from '../../../core/audit/audit.ts';
import { generateReference } from '../../../core/cases/reference.ts';
import type { createCaseService } from '../../../core/cases/case-service.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { berlinDay, berlinTime } from '../../../core/time/berlin.ts';
import { slotsOfDay, type Contingent, type Slot, type StartTime } from '../model/schedule.ts';
import { bookingWindow, scheduleInput, type Location, type Visit } from './locations.ts';
import { claimSlotRows, claimSlots, lockWithoutWaiting, looksFull, releaseClaims, scheduleRelease, SlotTaken, staleClaims, transact, type ClaimedCounts } from './claims.ts';
import { createClaimGate } from './claim-gate.ts';
import { createReadModel, type AppointmentReadModel } from './read-model.ts';
import { startsFrom } from './availability.ts';
import { appointmentNotifier, type BookingForMail } from './notifications.ts';
import { formatWhen } from '../format.ts';

export const APPOINTMENT_CASE_TYPE = 'appointment';
export const REFERENCE_PREFIX = 'TB';

type CaseService = ReturnType<typeof createCaseService>;

export interface AppointmentServiceDeps {
  db: Db;
  jobs: JobQueue;
  tenants: TenantService;
  cases: CaseService;
  /** Key for the secret links (derived per booking, so every mail can carry them without storing them). */
  secret: string;
  baseUrl(tenantId: string): Promise<string>;
  now?: () => Date;
  /** The cached read side (Standorte, settings, schedules, free places); without one nothing is cached. */
  read?: AppointmentReadModel;
}

export interface Details {
  name: string;
  email: string;
  phone: string | null;
  note: string | null;
  reminder: boolean;
  locale: Locale;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Normalised e-mail for the per-person limit: lower case, no +tag, Gmail dots ignored. */
export function emailKey(email: string): string {
  const [local = '', domain = ''] = email.trim().toLowerCase().split('@');
  let name = local.split('+')[0] as string;
  const gmail = domain === 'gmail.com' || domain === 'googlemail.com';
  if (gmail) name = name.replace(/\./g, '');
  return `${name}@${gmail ? 'gmail.com' : domain}`;
}

const MINUTE = 60_000;
/** Claims tried without queueing for a slot row that another claim holds, before one waits its turn (so every attempt gets an answer). */
const TRIES_WITHOUT_WAITING = 8;

/** A slot row was held by another claim: nothing was written, try again. */
class SlotBusy extends Error {}

/** A column of the booking row a hold inserts: name, value, SQL type (INSERT … SELECT needs the types spelled out). */
type BookingColumn = [string, string | number | boolean | Date | null, 'uuid' | 'text' | 'timestamptz' | 'boolean'];

export function createAppointmentService(deps: AppointmentServiceDeps) {
  const { db, tenants, cases } = deps;
  const now = deps.now ?? (() => new Date());
  const read = deps.read ?? createReadModel({ db, tenants, configTtlMs: 0, availabilityTtlMs: 0 });
  const notify = appointmentNotifier({ db, jobs: deps.jobs, tenants, baseUrl: deps.baseUrl, now });
  const gate = createClaimGate();

  const tokenFor = (kind: 'manage' | 'confirm', bookingId: string, salt: string): string =>
    createHmac('sha256', deps.secret).update(`appointment-${kind}:${bookingId}:${salt}`).digest('base64url').slice(0, 32);

  /** The secret link tokens of a booking (for mails and the API's answer). */
  function tokensOf(b: { id: string; token_salt: string }) {
    return { manage: tokenFor('manage', b.id, b.token_salt), confirm: tokenFor('confirm', b.id, b.token_salt) };
  }

  async function tenantOf(tenantId: string): Promise<Tenant> {
    const tenant = (await tenants.all()).find((t) => t.id === tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    return tenant;
  }

  /**
   * The k slots a visit starting at `startsAt` would use, or null when it does
   * not fit the opening hours. The schedule comes from the read cache; a
   * "does not fit" is checked again on fresh rows (a closure just lifted must
   * not answer not-bookable), and a closure just added is caught by the claim.
   */
  async function slotsFor(location: Location, bundesland: Bundesland, visit: Visit, startsAt: Date, fresh = false): Promise<Slot[] | null> {
    const day = berlinDay(startsAt);
    const daySlots = fresh ? slotsOfDay(await scheduleInput(db, location, bundesland, day, day), day) : await read.daySlots(location, bundesland, day);
    const i = daySlots.findIndex((s) => s.startsAt.getTime() === startsAt.getTime());
    const window = i < 0 ? [] : daySlots.slice(i, i + visit.slots);
    if (i >= 0 && window.length === visit.slots && window.every((s) => s.run === (daySlots[i] as Slot).run)) {
      // The cached grid said no: it was out of date (e.g. a closure lifted by another instance).
      if (fresh) read.closuresChanged(location);
      return window;
    }
    return fresh || !read.cached ? null : slotsFor(location, bundesland, visit, startsAt, true);
  }

  /** Releases what is due on these slots before claiming them, in short transactions of their own. */
  async function releaseStaleOn(tenantId: string, locationId: string, slots: readonly Slot[]): Promise<void> {
    const stale = await staleClaims(db, tenantId, now())
      .where('c.location_id', '=', locationId)
      .where(
        'c.starts_at',
        'in',
        slots.map((s) => s.startsAt),
      )
      .select(['c.id', 'c.booking_id', 'b.status'])
      .execute();
    for (const claim of stale) {
      if (claim.status === 'held' || claim.status === 'pending') await expireBooking(tenantId, claim.booking_id);
      else if (await transact(db, (tx) => releaseClaims(tx, tenantId, [claim.id], now()))) read.capacityChanged(tenantId, locationId);
    }
  }

  interface HoldInput {
    location: Location;
    visit: Visit;
    variant: ApptVariant;
    startsAt: Date;
    /** Online: the browser's booking cookie (or the API client's token); it alone may continue. */
    holder: string;
    /** The holder secret was made for this request (API): it has no earlier hold to give back. */
    newHolder?: boolean;
    verifiedHuman: boolean;
    idempotencyKey?: string;
    /** The citizen's details when they come with the request (API): stored with the hold, and the per-person limit is checked first. */
    details?: Details;
  }

  type HoldOutcome =
    | { ok: true; id: string; reference: string; holdExpiresAt: Date; duplicate: boolean; /** Of a new hold: the secret of its manage link. */ manageToken?: string }
    | {
        ok: false;
        reason: 'not-bookable' | 'taken' | 'variant' | 'limit';
        /** With `taken`, when the look that refused it read them: the day's other free times. */
        alternatives?: StartTime[];
        /** With `taken`: no request with this idempotency key was there when it was refused. */
        keyChecked?: true;
      };

  type Earlier = { id: string; reference: string; status: string; hold_expires_at: Date | null };

  /** An identical request (same idempotency key) got here first: its hold, or taken when it is past holding. */
  const answerEarlier = (earlier: Earlier): HoldOutcome =>
    earlier.status === 'held' && earlier.hold_expires_at ? { ok: true, id: earlier.id, reference: earlier.reference, holdExpiresAt: earlier.hold_expires_at, duplicate: true } : { ok: false, reason: 'taken' };

  interface Look {
    /** One of the slots has no room in the online contingent (claims due for release aside). */
    full: boolean;
    /** Claims due for release sit on the slots. */
    stale: boolean;
    earlier: Earlier | null;
    /** The person's upcoming appointments (when asked). */
    active: number;
    /** The holder has a live hold (which a new hold gives back). */
    holderHolds: boolean;
    /** What is claimed per slot of the whole day, for the free times offered with a 409 (claims due for release: subtracted on the wanted slots only). */
    claimedThatDay: ReadonlyMap<number, ClaimedCounts>;
  }

  /**
   * Everything a hold needs to know before it writes, in one read: the
   * counters of the day's slots with their claims due for release (a full
   * time is answered at once — the losing side of a rush costs this one
   * statement — and the day's other free times come with the answer), an
   * earlier request with the same idempotency key, the person's upcoming
   * appointments and the holder's live hold.
   */
  async function look(tenantId: string, locationId: string, slots: readonly Slot[], at: Date, q: { idempotencyKey?: string; emailKey?: string; holderHash?: string }): Promise<Look> {
    const day = (slots[0] as Slot).day;
    const times = slots.map((s) => s.startsAt);
    // Claims due for release are looked for on the wanted slots only (the other slots' counters serve the alternatives as they are).
    const due = staleClaims(db, tenantId, at)
      .where('c.location_id', '=', locationId)
      .where('c.starts_at', '=', sql<Date>`s.starts_at`)
      .where(sql<boolean>`s.starts_at = any(${times}::timestamptz[])`)
      .select([sql<number>`count(*)`.as('total'), sql<number>`count(*) filter (where c.channel = 'online')`.as('online'), sql<number>`count(*) filter (where c.channel = 'phone')`.as('phone')]);
    const sentAt = performance.now();
    const earlier = q.idempotencyKey
      ? sql`(select id, reference, status, hold_expires_at from appt_bookings where tenant_id = ${tenantId}::uuid and idempotency_key = ${q.idempotencyKey})`
      : sql`(select null::uuid as id, null::text as reference, null::text as status, null::timestamptz as hold_expires_at where false)`;
    const active = q.emailKey ? sql`(${activeQuery(db, tenantId, q.emailKey)})` : sql`0`;
    const holderHolds = q.holderHash ? sql`exists (select 1 from appt_bookings where tenant_id = ${tenantId}::uuid and holder_hash = ${q.holderHash} and status = 'held')` : sql`false`;
    const result = await sql<{
      starts_at: Date | null;
      capacity: number;
      capacity_online: number;
      claimed: number;
      claimed_online: number;
      claimed_phone: number;
      due_total: number;
      due_online: number;
      due_phone: number;
      earlier_id: string | null;
      earlier_reference: string | null;
      earlier_status: string | null;
      earlier_hold_expires_at: Date | null;
      active: number;
      holder_holds: boolean;
    }>`${prepared}
      select s.starts_at, s.capacity, s.capacity_online, s.claimed, s.claimed_online, s.claimed_phone, s.due_total, s.due_online, s.due_phone,
             e.id as earlier_id, e.reference as earlier_reference, e.status as earlier_status, e.hold_expires_at as earlier_hold_expires_at,
             ${active}::int as active, ${holderHolds} as holder_holds
      from (select 1) as one
      left join ${earlier} as e on true
      left join lateral (
        select s.starts_at, s.capacity, s.capacity_online, s.claimed, s.claimed_online, s.claimed_phone, due.total as due_total, due.online as due_online, due.phone as due_phone
        from appt_slots s cross join lateral (${due}) as due
        where s.tenant_id = ${tenantId}::uuid and s.location_id = ${locationId}::uuid
          and s.starts_at >= (${day}::date)::timestamp at time zone 'Europe/Berlin' and s.starts_at < (${day}::date + 1)::timestamp at time zone 'Europe/Berlin'
      ) as s on true`.execute(db);
    const rows = result.rows.filter((r): r is typeof r & { starts_at: Date } => r.starts_at !== null);
    const first = result.rows[0];
    const wanted = rows.filter((r) => slots.some((s) => s.startsAt.getTime() === r.starts_at.getTime()));
    const bySlot = new Map(slots.map((s) => [s.startsAt.getTime(), s]));
    const isFull = (r: (typeof rows)[number]): boolean => {
      if (Number(r.due_total) > 0) return false;
      const slot = bySlot.get(r.starts_at.getTime());
      // A row created before the opening hours grew: the claim raises its capacity to the schedule's.
      return r.claimed >= Math.max(r.capacity, slot?.total ?? 0) || r.claimed_online >= Math.max(r.capacity_online, slot?.online ?? 0);
    };
    const claimedThatDay = new Map(rows.map((r) => [r.starts_at.getTime(), { total: r.claimed - Number(r.due_total), online: r.claimed_online - Number(r.due_online), phone: r.claimed_phone - Number(r.due_phone) }]));
    // The wanted times were read with their claims due for release: what they showed holds for the next attempts too.
    read.looked(
      { tenantId, id: locationId },
      day,
      sentAt,
      wanted.map((r) => [r.starts_at, isFull(r)] as const),
      claimedThatDay,
    );
    return {
      full: wanted.some(isFull),
      stale: wanted.some((r) => Number(r.due_total) > 0),
      earlier: first?.earlier_id ? { id: first.earlier_id, reference: first.earlier_reference as string, status: first.earlier_status as string, hold_expires_at: first.earlier_hold_expires_at } : null,
      active: first?.active ?? 0,
      holderHolds: first?.holder_holds ?? false,
      claimedThatDay,
    };
  }

  /**
   * Reserves a time for an online booking: the capacity is claimed now and
   * held for the Standort's hold period. A browser holds one time at most;
   * a new hold gives the previous one back.
   *
   * Cost (issue 8): a full time is answered after one read (look), with
   * the day's other free times; a hold is one more statement — the counter
   * rows, the booking, its services and its claims in one INSERT with CTEs,
   * committed on its own, so the hot slot row is locked for that statement
   * only. It takes the slot rows with SKIP LOCKED: while another claim holds
   * one, it writes nothing and looks again a few milliseconds later (a full
   * time is answered then) instead of waiting in the row's lock queue with a
   * pool connection; after TRIES_WITHOUT_WAITING it waits its turn. A visit
   * of several slots runs the statement in a transaction, which rolls back
   * when one of its slots is full. In one process, attempts on the same time
   * pass a gate (claim-gate.ts) at most as many at once as the time has
   * places; those behind a claim that took the last place are refused from
   * memory, their Idempotency-Keys looked up together (batched-lookup.ts).
   */
  async function hold(tenant: Tenant, input: HoldInput): Promise<HoldOutcome> {
    const { location, visit } = input;
    if (!visit.variants.includes(input.variant)) return { ok: false, reason: 'variant' };
    const at = now();
    const window = bookingWindow(location, berlinDay(at));
    const day = berlinDay(input.startsAt);
    const bookable = day >= window.first && day <= window.last && input.startsAt.getTime() > at.getTime();
    const slots = bookable ? await slotsFor(location, tenant.bundesland as Bundesland, visit, input.startsAt) : null;
    if (!slots) {
      const earlier = input.idempotencyKey ? await findByIdempotencyKey(tenant.id, input.idempotencyKey) : undefined;
      return earlier ? answerEarlier(earlier) : { ok: false, reason: 'not-bookable' };
    }
    // A time an attempt of this process found full a moment ago is refused without another read (the read model's time to live;
    // a release here forgets it at once). Not for a browser: its own earlier hold may be what fills the time.
    // Such a refusal says "taken" before the per-person limit is looked at (that needs the database): nothing is booked either
    // way, and a person at the limit hears of it with the next attempt on a free time.
    const refuseKnownFull = async (known: { seenAt: number; claimed: ReadonlyMap<number, ClaimedCounts> | null }): Promise<HoldOutcome> => {
      const earlier = input.idempotencyKey ? await earlierByKey.get(`${tenant.id} ${input.idempotencyKey}`) : undefined;
      if (earlier) return answerEarlier(earlier);
      const refused = await taken(location, slots, known.seenAt, known.claimed ? { seen: { claimedThatDay: known.claimed }, visit, bundesland: tenant.bundesland as Bundesland, at } : undefined);
      return !refused.ok && input.idempotencyKey ? { ...refused, keyChecked: true } : refused;
    };
    const known = input.newHolder ? read.knownFull(location, slots) : null;
    if (known) return refuseKnownFull(known);
    // Few attempts at a time per time in this process: the ones waiting learn from those before them (see claim-gate.ts).
    // As many at once as the time has online places (one when the grid knows none).
    const places = Math.min(...slots.map((s) => s.online));
    return gate.run(
      `${tenant.id}:${location.id}:${slots.map((s) => s.startsAt.getTime()).join(',')}`,
      async () => {
        const filled = input.newHolder ? read.knownFull(location, slots) : null;
        if (filled) return refuseKnownFull(filled);
        return lookAndClaim(tenant, input, slots, at, day);
      },
      Number.isFinite(places) && places > 0 ? places : 1,
      // Full: everyone waiting is refused from memory at once (with their earlier requests looked up together).
      () => read.knownFull(location, slots) !== null,
    );
  }

  /** The rest of `hold` (behind the gate): read the counters, refuse a full time or claim it. */
  async function lookAndClaim(tenant: Tenant, input: HoldInput, slots: readonly Slot[], at: Date, day: string): Promise<HoldOutcome> {
    const { location, visit } = input;
    const holderHash = hashToken(input.holder);
    const lookedAt = performance.now();
    const seen = await look(tenant.id, location.id, slots, at, {
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      ...(input.details ? { emailKey: emailKey(input.details.email) } : {}),
      ...(input.newHolder ? {} : { holderHash }),
    });
    if (seen.earlier) return answerEarlier(seen.earlier);
    if (input.details && seen.active >= (await maxActive(tenant.id))) return { ok: false, reason: 'limit' };
    if (seen.stale) await releaseStaleOn(tenant.id, location.id, slots);
    if (seen.holderHolds) {
      const previous = await db.selectFrom('appt_bookings').select('id').where('tenant_id', '=', tenant.id).where('holder_hash', '=', holderHash).where('status', '=', 'held').execute();
      // A full time is refused before anything is written — and before the browser's earlier hold is given up,
      // unless that hold is on these very slots (then giving it back is what makes room).
      const ownHere = previous.length
        ? await db.selectFrom('appt_claims').select('id').where('tenant_id', '=', tenant.id).where('booking_id', 'in', previous.map((p) => p.id)).where('released_at', 'is', null).where('starts_at', 'in', slots.map((s) => s.startsAt)).limit(1).execute()
        : [];
      if (ownHere.length === 0 && (await looksFull(db, tenant.id, location.id, slots, 'online'))) return taken(location, slots, lookedAt);
      for (const p of previous) await expireBooking(tenant.id, p.id, { force: true });
    } else if (seen.full && !seen.stale) {
      return taken(location, slots, lookedAt, { seen, visit, bundesland: tenant.bundesland as Bundesland, at });
    }

    const id = randomUUID();
    const salt = randomBytes(12).toString('base64url');
    const reference = generateReference(REFERENCE_PREFIX);
    const holdExpiresAt = new Date(at.getTime() + location.holdMinutes * MINUTE);
    const d = input.details;
    const manageToken = tokenFor('manage', id, salt);
    const booking: BookingColumn[] = [
      ['tenant_id', tenant.id, 'uuid'],
      ['id', id, 'uuid'],
      ['location_id', location.id, 'uuid'],
      ['reference', reference, 'text'],
      ['status', 'held', 'text'],
      ['channel', 'online', 'text'],
      ['variant', input.variant, 'text'],
      ['starts_at', input.startsAt, 'timestamptz'],
      ['ends_at', new Date(input.startsAt.getTime() + visit.slots * location.slotMinutes * MINUTE), 'timestamptz'],
      ['holder_hash', holderHash, 'text'],
      ['hold_expires_at', holdExpiresAt, 'timestamptz'],
      ['token_salt', salt, 'text'],
      ['manage_token_hash', hashToken(manageToken), 'text'],
      ['confirm_token_hash', hashToken(tokenFor('confirm', id, salt)), 'text'],
      ['verified_human', input.verifiedHuman, 'boolean'],
      ['idempotency_key', input.idempotencyKey ?? null, 'text'],
      ['created_at', at, 'timestamptz'],
      ...(d
        ? ([
            ['name', d.name, 'text'],
            ['email', d.email.trim(), 'text'],
            ['email_key', emailKey(d.email), 'text'],
            ['phone', d.phone, 'text'],
            ['note', d.note, 'text'],
            ['reminder', d.reminder, 'boolean'],
            ['locale', d.locale, 'text'],
          ] satisfies BookingColumn[])
        : []),
    ];
    const statement = (wait: boolean) => {
      const lock = lockWithoutWaiting(tenant.id, location.id, slots);
      return sql<{ claimed: number; closed: boolean; busy: boolean; filled: Date[]; counts: { at: string; total: number; online: number; phone: number }[] }>`${prepared}
        with ${wait ? sql`` : sql`${lock.ctes},`}
        claim as (${claimSlotRows(tenant.id, location.id, slots, 'online', wait ? sql<boolean>`true` : lock.gotAll)}),
        booking as (
          insert into appt_bookings (${sql.join(booking.map(([column]) => sql.ref(column)))})
          select ${sql.join(booking.map(([, value, type]) => sql`${value}::${sql.raw(type)}`))}
          where (select count(*) from claim) = ${slots.length}
          returning id
        ),
        services as (
          insert into appt_booking_services (tenant_id, booking_id, service_id, quantity, minutes)
          select ${tenant.id}::uuid, booking.id, v.service_id, v.quantity, v.minutes
          from booking, (values ${sql.join(visit.lines.map((l) => sql`(${l.serviceId}::uuid, ${l.quantity}::int, ${l.minutes}::int)`))}) as v (service_id, quantity, minutes)
        ),
        claims as (
          insert into appt_claims (tenant_id, booking_id, location_id, starts_at, channel)
          select ${tenant.id}::uuid, booking.id, ${location.id}::uuid, claim.starts_at, 'online' from booking, claim
        )
        select (select count(*)::int from claim) as claimed,
               array(select starts_at from claim where full_after) as filled,
               coalesce((select json_agg(json_build_object('at', starts_at, 'total', claimed, 'online', claimed_online, 'phone', claimed_phone)) from claim), '[]') as counts,
               exists (select 1 from appt_closures where tenant_id = ${tenant.id}::uuid and location_id = ${location.id}::uuid and day = ${day}::date) as closed,
               ${wait ? sql`false` : sql`not ${lock.gotAll}`} as busy`;
    };
    const claim = async (wait: boolean) => {
      if (slots.length === 1) return (await statement(wait).execute(db)).rows[0];
      return transact(db, async (tx) => {
        const row = (await statement(wait).execute(tx)).rows[0];
        if (row?.busy) throw new SlotBusy();
        // Some of the visit's slots had room, not all: nothing of it may stay.
        if (row?.claimed !== slots.length) throw new SlotTaken();
        return row;
      });
    };
    try {
      for (let attempt = 1; ; attempt++) {
        let outcome;
        const sentAt = performance.now();
        try {
          outcome = await claim(attempt > TRIES_WITHOUT_WAITING);
        } catch (error) {
          if (!(error instanceof SlotBusy)) throw error;
          outcome = { claimed: 0, closed: false, busy: true, filled: [], counts: [] };
        }
        if (outcome?.busy) {
          // Another claim holds a slot row right now: look again a moment later (a full time is answered then), without a connection.
          await sleep(2 + Math.random() * 3 * attempt);
          // That claim may have taken the last place (it says so): then no read is needed.
          const filled = input.newHolder ? read.knownFull(location, slots) : null;
          if (filled) return taken(location, slots, filled.seenAt, filled.claimed ? { seen: { claimedThatDay: filled.claimed }, visit, bundesland: tenant.bundesland as Bundesland, at } : undefined);
          const again = performance.now();
          const now2 = await look(tenant.id, location.id, slots, at, {});
          if (now2.full) return taken(location, slots, again, { seen: now2, visit, bundesland: tenant.bundesland as Bundesland, at });
          continue;
        }
        if (outcome?.closed) {
          // Closed meanwhile (by another instance): the cached grid is out of date.
          read.closuresChanged(location);
          return { ok: false, reason: 'not-bookable' };
        }
        if (outcome?.claimed !== slots.length) return taken(location, slots, lookedAt);
        // The counters it left correct the cached lists of free times (loaded or still loading) instead of sending readers to the database.
        read.claimed(location, sentAt, performance.now(), outcome.counts.map((c) => ({ startsAt: new Date(c.at), counts: { total: c.total, online: c.online, phone: c.phone } })));
        // The times this claim filled are refused to the next attempts here without a read.
        if (outcome.filled.length) read.looked(location, day, sentAt, outcome.filled.map((t) => [t, true] as const));
        return { ok: true, id, reference, holdExpiresAt, duplicate: false, manageToken };
      }
    } catch (error) {
      if (error instanceof SlotTaken) return taken(location, slots, lookedAt);
      const constraint = (error as { constraint?: string }).constraint;
      if (constraint === 'appt_bookings_tenant_id_idempotency_key_key' && input.idempotencyKey) {
        // The same request, sent twice at once, got there first: its answer (not hold() again: this runs behind the gate).
        const earlier = await findByIdempotencyKey(tenant.id, input.idempotencyKey);
        if (earlier) return answerEarlier(earlier);
      }
      throw error;
    }
  }

  /**
   * A time was full when we looked at `lookedAt`: calendar lists read before
   * then may still offer it. With the look's counters of the day, the answer
   * carries the day's other free times (no further read).
   */
  async function taken(location: Location, slots: readonly Slot[], lookedAt: number, from?: { seen: Pick<Look, 'claimedThatDay'>; visit: Visit; bundesland: Bundesland; at: Date }): Promise<HoldOutcome> {
    for (const s of slots) read.sawFull(location, s.startsAt, lookedAt);
    if (!from) return { ok: false, reason: 'taken' };
    const day = (slots[0] as Slot).day;
    const grid = await read.schedule(location, from.bundesland, day, day);
    return { ok: false, reason: 'taken', alternatives: startsFrom(grid, from.seen.claimedThatDay, { location, visit: from.visit, contingent: 'online', from: day, to: day, now: from.at }) };
  }

  /**
   * Earlier requests by `<tenant> <Idempotency-Key>`, many in one statement
   * (every refusal from memory in a storm asks for one; see batched-lookup.ts).
   */
  const earlierByKey = batchedLookup<string, Earlier>(async (keys) => {
    const split = keys.map((k) => [k.slice(0, k.indexOf(' ')), k.slice(k.indexOf(' ') + 1)] as const);
    const rows = await sql<Earlier & { tenant_id: string; idempotency_key: string }>`${prepared}
      select b.tenant_id, b.idempotency_key, b.id, b.reference, b.status, b.hold_expires_at
      from unnest(${split.map(([t]) => t)}::uuid[], ${split.map(([, k]) => k)}::text[]) as k (tenant_id, idempotency_key)
      join appt_bookings b on b.tenant_id = k.tenant_id and b.idempotency_key = k.idempotency_key`.execute(db);
    return new Map(rows.rows.map((r) => [`${r.tenant_id} ${r.idempotency_key}`, { id: r.id, reference: r.reference, status: r.status, hold_expires_at: r.hold_expires_at }]));
  });

  async function findByIdempotencyKey(tenantId: string, key: string) {
    return db.selectFrom('appt_bookings').select(['id', 'reference', 'status', 'hold_expires_at']).where('tenant_id', '=', tenantId).where('idempotency_key', '=', key).executeTakeFirst();
  }

  /** The live hold of a browser, or null when it expired or was given back. */
  async function heldBy(tenantId: string, bookingId: string, holder: string) {
    const row = await db
      .selectFrom('appt_bookings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', bookingId)
      .where('holder_hash', '=', hashToken(holder))
      .where('status', '=', 'held')
      .where('hold_expires_at', '>', now())
      .executeTakeFirst();
    return row ?? null;
  }

  /** Stores the citizen's details on the hold (before the check page). Outcomes: ok, expired. */
  async function saveDetails(tenantId: string, bookingId: string, holder: string, details: Details): Promise<{ ok: true } | { ok: false; reason: 'expired' }> {
    const row = await db
      .updateTable('appt_bookings')
      .set({ name: details.name, email: details.email.trim(), email_key: emailKey(details.email), phone: details.phone, note: details.note, reminder: details.reminder, locale: details.locale })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', bookingId)
      .where('holder_hash', '=', hashToken(holder))
      .where('status', '=', 'held')
      .where('hold_expires_at', '>', now())
      .returning('id')
      .executeTakeFirst();
    return row ? { ok: true } : { ok: false, reason: 'expired' };
  }

  /**
   * Gives a held time more minutes while the citizen is still filling in the
   * form (WCAG 2.2.1: time limits can be extended), at most twice the hold.
   */
  async function extendHold(tenantId: string, bookingId: string, holder: string, location: Location): Promise<Date | null> {
    const at = now();
    const row = await db
      .updateTable('appt_bookings')
      .set({ hold_expires_at: new Date(at.getTime() + location.holdMinutes * MINUTE) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', bookingId)
      .where('holder_hash', '=', hashToken(holder))
      .where('status', '=', 'held')
      .where('hold_expires_at', '>', at)
      .where('created_at', '>', new Date(at.getTime() - 2 * location.holdMinutes * MINUTE))
      .returning('hold_expires_at')
      .executeTakeFirst();
    return row?.hold_expires_at ?? null;
  }

  /** The upcoming appointments of a person (normalised e-mail), pending ones included: a count query. */
  function activeQuery(executor: Executor, tenantId: string, key: string, except?: string) {
    let query = executor
      .selectFrom('appt_bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('email_key', '=', key)
      .where('starts_at', '>', now())
      .where((eb) => eb.or([eb('status', '=', 'confirmed'), eb.and([eb('status', '=', 'pending'), eb('confirm_expires_at', '>', now())])]));
    if (except) query = query.where('id', '<>', except);
    return query;
  }

  /** How many appointments a person (normalised e-mail) has coming up, pending ones included. */
  async function activeCount(executor: Executor, tenantId: string, key: string, except?: string): Promise<number> {
    const row = await activeQuery(executor, tenantId, key, except).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function maxActive(tenantId: string): Promise<number> {
    return read.setting<number>(tenantId, 'appointments.maxActivePerPerson');
  }

  /** Whether a person may book one more (a fast check before claiming; `submit` decides under a lock). */
  async function underPersonLimit(tenantId: string, email: string): Promise<boolean> {
    return (await activeCount(db, tenantId, emailKey(email))) < (await maxActive(tenantId));
  }

  type SubmitOutcome = { ok: true; email: string; confirmExpiresAt: Date } | { ok: false; reason: 'expired' | 'incomplete' | 'limit' };

  /**
   * Submits a held time: it becomes pending and the confirmation link goes
   * out. The per-person limit is checked here, under a lock on the person's
   * normalised e-mail, so parallel submits cannot both pass it.
   */
  async function submit(tenantId: string, bookingId: string, holder: string, location: Location, options: { emailKey?: string } = {}): Promise<SubmitOutcome> {
    // Read before the transaction: it must not wait for a second pool connection while it holds one.
    const max = await maxActive(tenantId);
    return transact(db, async (tx): Promise<SubmitOutcome> => {
      // The caller that stored the details with the hold knows the person's key; it is checked against the row below.
      const pre = options.emailKey ? { email_key: options.emailKey } : await tx.selectFrom('appt_bookings').select(['email_key']).where('tenant_id', '=', tenantId).where('id', '=', bookingId).executeTakeFirst();
      if (pre?.email_key) await sql`select pg_advisory_xact_lock(hashtextextended(${`${tenantId}:${pre.email_key}`}, 0))`.execute(tx);
      const row = await tx
        .selectFrom('appt_bookings')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', bookingId)
        .where('holder_hash', '=', hashToken(holder))
        .where('status', '=', 'held')
        .where('hold_expires_at', '>', now())
        .forUpdate()
        .executeTakeFirst();
      if (!row) return { ok: false, reason: 'expired' };
      if (!row.name || !row.email || !row.email_key || row.email_key !== pre?.email_key) return { ok: false, reason: 'incomplete' };
      if ((await activeCount(tx, tenantId, row.email_key, row.id)) >= max) return { ok: false, reason: 'limit' };
      const confirmExpiresAt = new Date(now().getTime() + location.confirmMinutes * MINUTE);
      await tx
        .updateTable('appt_bookings')
        .set({ status: 'pending', submitted_at: now(), confirm_expires_at: confirmExpiresAt, hold_expires_at: null })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', bookingId)
        .where('status', '=', 'held')
        .execute();
      await notify.confirmRequest(tx, await bookingForMail(tx, tenantId, bookingId), tokensOf(row).confirm);
      return { ok: true, email: row.email, confirmExpiresAt };
    });
  }

  type ConfirmOutcome = { ok: true; bookingId: string; manageToken: string; already: boolean } | { ok: false; reason: 'not-found' | 'expired' | 'cancelled' };

  class NotConfirmable extends Error {}

  /** The citizen confirms with the e-mail link: the appointment becomes binding and a Vorgang. */
  async function confirm(tenant: Tenant, token: string): Promise<ConfirmOutcome> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return { ok: false, reason: 'not-found' };
    const row = await db.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', tenant.id).where('confirm_token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row || row.anonymised_at) return { ok: false, reason: 'not-found' };
    const manageToken = tokensOf(row).manage;
    if (row.status === 'confirmed' || row.status === 'attended' || row.status === 'no_show') return { ok: true, bookingId: row.id, manageToken, already: true };
    if (row.status === 'cancelled') return { ok: false, reason: 'cancelled' };
    if (row.status !== 'pending' || (row.confirm_expires_at && row.confirm_expires_at <= now())) return { ok: false, reason: 'expired' };
    try {
      await openCase(tenant, row.id, async (tx) => {
        const done = await tx
          .updateTable('appt_bookings')
          .set({ status: 'confirmed', confirmed_at: now(), confirm_expires_at: null })
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .where('confirm_expires_at', '>', now())
          .returning('id')
          .executeTakeFirst();
        if (!done) throw new NotConfirmable();
      });
    } catch (error) {
      if (!(error instanceof NotConfirmable)) throw error;
      const again = await db.selectFrom('appt_bookings').select(['status']).where('tenant_id', '=', tenant.id).where('id', '=', row.id).executeTakeFirstOrThrow();
      if (again.status === 'confirmed') return { ok: true, bookingId: row.id, manageToken, already: true };
      return { ok: false, reason: again.status === 'cancelled' ? 'cancelled' : 'expired' };
    }
    return { ok: true, bookingId: row.id, manageToken, already: false };
  }

  /**
   * Creates the Vorgang of a booking that becomes confirmed (`transition`
   * makes it so inside the same transaction), gives a video appointment its
   * room and sends the confirmation with the calendar entry.
   */
  async function openCase(tenant: Tenant, bookingId: string, transition: (tx: Tx) => Promise<void>): Promise<string> {
    const b = await db.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', bookingId).executeTakeFirstOrThrow();
    const location = await db.selectFrom('appt_locations').select(['name', 'unit_id']).where('tenant_id', '=', tenant.id).where('id', '=', b.location_id).executeTakeFirstOrThrow();
    const lines = await serviceLines(db, tenant.id, bookingId);
    const videoBase = b.variant === 'video' ? await tenants.getSetting<string>(tenant.id, 'appointments.videoBaseUrl') : '';
    // Online: the citizen accepted the terms of use and the privacy notice on the details page.
    const consentVersion = b.channel === 'online' ? await tenants.getSetting<string>(tenant.id, 'privacy.noticeVersion') : null;
    const created = await cases.createCase(tenant, {
      type: APPOINTMENT_CASE_TYPE,
      unitId: location.unit_id,
      subject: `${lines.map((l) => (l.quantity > 1 ? `${l.title} (${l.quantity})` : l.title)).join(', ')} – ${berlinDay(b.starts_at)} ${berlinTime(b.starts_at)}`,
      data: { bookingId, startsAt: b.starts_at.toISOString(), location: location.name, services: lines.map((l) => ({ title: l.title, quantity: l.quantity })), variant: b.variant, channel: b.channel, phone: b.phone, note: b.note },
      contact: { name: b.name ?? '', ...(b.email ? { email: b.email } : {}), ...(b.phone ? { phone: b.phone } : {}) },
      locale: b.locale,
      reference: b.reference,
      idempotencyKey: `appointment:${bookingId}`,
      receiptMail: false,
      ...(consentVersion ? { consent: { kind: 'appointment-terms', version: consentVersion } } : {}),
      onCreate: async (tx, caseId) => {
        await transition(tx);
        await tx
          .updateTable('appt_bookings')
          .set({ case_id: caseId, ...(videoBase ? { video_room: `rathaus-${randomBytes(18).toString('base64url')}` } : {}) })
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', bookingId)
          .execute();
        if (b.email) await notify.confirmed(tx, await bookingForMail(tx, tenant.id, bookingId), tokensOf(b).manage, { rescheduled: false });
      },
    });
    return created.id;
  }

  async function serviceLines(executor: Executor, tenantId: string, bookingId: string) {
    return executor
      .selectFrom('appt_booking_services as s')
      .innerJoin('portal_services as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.service_id'))
      .select(['s.service_id', 'p.title', 'p.required_documents', 's.quantity', 's.minutes'])
      .where('s.tenant_id', '=', tenantId)
      .where('s.booking_id', '=', bookingId)
      .orderBy('p.title')
      .execute();
  }

  /** Everything the mails and the calendar entry need about a booking. */
  async function bookingForMail(executor: Executor, tenantId: string, bookingId: string): Promise<BookingForMail> {
    const b = await executor
      .selectFrom('appt_bookings as b')
      .innerJoin('appt_locations as l', (j) => j.onRef('l.tenant_id', '=', 'b.tenant_id').onRef('l.id', '=', 'b.location_id'))
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'l.tenant_id').onRef('u.id', '=', 'l.unit_id'))
      .select(['b.id', 'b.reference', 'b.starts_at', 'b.ends_at', 'b.name', 'b.email', 'b.locale', 'b.variant', 'b.video_room', 'b.ics_sequence', 'b.case_id', 'b.confirm_expires_at', 'l.name as location_name', 'l.address', 'l.cancel_until_hours', 'u.name as unit_name', 'u.email as unit_email'])
      .where('b.tenant_id', '=', tenantId)
      .where('b.id', '=', bookingId)
      .executeTakeFirstOrThrow();
    const lines = await serviceLines(executor, tenantId, bookingId);
    return {
      tenant: await tenantOf(tenantId),
      id: b.id,
      reference: b.reference,
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      name: b.name,
      email: b.email,
      locale: b.locale,
      variant: b.variant,
      videoRoom: b.video_room,
      icsSequence: b.ics_sequence,
      caseId: b.case_id,
      confirmExpiresAt: b.confirm_expires_at,
      locationName: b.location_name,
      address: b.address,
      cancelUntilHours: b.cancel_until_hours,
      organizer: { name: b.unit_name, email: b.unit_email },
      services: lines.map((l) => ({ title: l.title, quantity: l.quantity, requiredDocuments: l.required_documents })),
    };
  }

  /**
   * A hold or unconfirmed booking whose time ran out (or, with `force`, that
   * its browser replaced) becomes `expired`: the capacity goes back at once
   * and the personal data it collected is deleted. Guarded: once only.
   */
  async function expireBooking(tenantId: string, bookingId: string, options: { force?: boolean } = {}): Promise<boolean> {
    const done = await transact(db, async (tx) => {
      const at = now();
      const done = await tx
        .updateTable('appt_bookings')
        .set({ status: 'expired', hold_expires_at: null, confirm_expires_at: null, name: null, email: null, email_key: null, phone: null, note: null, holder_hash: null })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', bookingId)
        .where((eb) =>
          options.force
            ? eb('status', '=', 'held')
            : eb.or([eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '<=', at)]), eb.and([eb('status', '=', 'pending'), eb('confirm_expires_at', '<=', at)])]),
        )
        .returning('id')
        .executeTakeFirst();
      if (!done) return false;
      await releaseClaims(tx, tenantId, await scheduleRelease(tx, tenantId, bookingId, at, at), at);
      return true;
    });
    if (done) read.capacityChanged(tenantId);
    return done;
  }

  type CancelOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'not-cancellable' | 'too-late' };

  /**
   * Cancels a booking. A citizen's cancellation gives the capacity back only
   * after the Standort's release delay (anti-trading); staff cancellations
   * free it at once. A confirmed appointment's citizen gets the cancellation
   * with a calendar CANCEL; the Vorgang is closed.
   */
  async function cancel(tenantId: string, bookingId: string, by: { kind: 'citizen' } | { kind: 'staff'; actor: StaffActor; reason: string | null } | { kind: 'system'; reason: string }): Promise<CancelOutcome> {
    const tenant = await tenantOf(tenantId);
    const outcome = await transact(db, async (tx): Promise<CancelOutcome> => {
      const at = now();
      const row = await tx.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', tenantId).where('id', '=', bookingId).forUpdate().executeTakeFirst();
      if (!row || row.anonymised_at) return { ok: false, reason: 'not-found' };
      if (!['held', 'pending', 'confirmed'].includes(row.status)) return { ok: false, reason: 'not-cancellable' };
      const location = await tx.selectFrom('appt_locations').select(['release_delay_minutes', 'cancel_until_hours', 'unit_id']).where('tenant_id', '=', tenantId).where('id', '=', row.location_id).executeTakeFirstOrThrow();
      if (by.kind === 'staff') requireAccess(by.actor, 'appointments.manage', { tenantId, unitId: location.unit_id });
      if (by.kind === 'citizen' && row.status === 'confirmed' && row.starts_at.getTime() - location.cancel_until_hours * 60 * MINUTE < at.getTime()) return { ok: false, reason: 'too-late' };
      const wasConfirmed = row.status === 'confirmed';
      const reason = by.kind === 'citizen' ? null : by.reason;
      await tx
        .updateTable('appt_bookings')
        .set({ status: 'cancelled', cancelled_at: at, cancelled_by: by.kind, cancel_reason: reason, hold_expires_at: null, confirm_expires_at: null, ics_sequence: wasConfirmed ? row.ics_sequence + 1 : row.ics_sequence })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', bookingId)
        .where('status', '=', row.status)
        .execute();
      const delay = by.kind === 'citizen' && wasConfirmed ? location.release_delay_minutes : 0;
      await releaseClaims(tx, tenantId, await scheduleRelease(tx, tenantId, bookingId, new Date(at.getTime() + delay * MINUTE), at), at);
      if (wasConfirmed && row.email) await notify.cancelled(tx, await bookingForMail(tx, tenantId, bookingId), reason);
      if (row.case_id) {
        const who = by.kind === 'citizen' ? 'citizen' : by.kind === 'staff' ? 'staff' : 'system';
        await cases.setStatusBySystem(tx, tenantId, row.case_id, 'completed', cancelNote(who, reason));
      }
      if (by.kind === 'staff') {
        await audit(tx, { tenantId, actorId: by.actor.userId, actorLabel: by.actor.displayName, action: 'appointment.cancel', objectType: 'appointment', objectId: bookingId, details: { reference: row.reference, withMessage: Boolean(reason) } });
      }
      void tenant;
      return { ok: true };
    });
    if (outcome.ok) read.capacityChanged(tenantId);
    return outcome;
  }

  type RescheduleOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'not-bookable' | 'taken' | 'too-late' };

  /**
   * Moves a confirmed appointment: the new time is claimed and the old one
   * released (after the delay for citizens) in one transaction; the calendar
   * entry keeps its UID with SEQUENCE + 1.
   */
  async function reschedule(tenant: Tenant, bookingId: string, location: Location, startsAt: Date, by: { kind: 'citizen' } | { kind: 'staff'; actor: StaffActor }): Promise<RescheduleOutcome> {
    if (by.kind === 'staff') requireAccess(by.actor, 'appointments.manage', { tenantId: tenant.id, unitId: location.unitId });
    const at = now();
    const current = await db.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', bookingId).executeTakeFirst();
    if (!current || current.status !== 'confirmed' || current.location_id !== location.id) return { ok: false, reason: 'not-found' };
    // The same move sent twice: it is done already.
    if (current.starts_at.getTime() === startsAt.getTime()) return { ok: true };
    if (by.kind === 'citizen' && current.starts_at.getTime() - location.cancelUntilHours * 60 * MINUTE < at.getTime()) return { ok: false, reason: 'too-late' };
    const lines = await serviceLines(db, tenant.id, bookingId);
    const slotsNeeded = Math.round((current.ends_at.getTime() - current.starts_at.getTime()) / (location.slotMinutes * MINUTE));
    const window = bookingWindow(by.kind === 'staff' ? { ...location, bookFromDays: 0 } : location, berlinDay(at));
    const day = berlinDay(startsAt);
    if (day < window.first || day > window.last || startsAt.getTime() <= at.getTime()) return { ok: false, reason: 'not-bookable' };
    const visit: Visit = { lines: [], minutes: lines.reduce((s, l) => s + l.minutes, 0), slots: slotsNeeded, variants: [current.variant] };
    const slots = await slotsFor(location, tenant.bundesland as Bundesland, visit, startsAt);
    if (!slots) return { ok: false, reason: 'not-bookable' };
    await releaseStaleOn(tenant.id, location.id, slots);
    try {
      const moved = await transact(db, async (tx): Promise<RescheduleOutcome> => {
        const row = await tx.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', bookingId).where('status', '=', 'confirmed').forUpdate().executeTakeFirst();
        if (!row) return { ok: false, reason: 'not-found' };
        const oldClaims = await tx.selectFrom('appt_claims').select(['starts_at', 'channel']).where('tenant_id', '=', tenant.id).where('booking_id', '=', bookingId).where('released_at', 'is', null).where('release_after', 'is', null).execute();
        const channel = (oldClaims[0]?.channel ?? row.channel) as ApptChannel;
        // Old and new slot rows in one ascending pass, before any of them changes.
        const union = [...new Set([...oldClaims.map((c) => c.starts_at.getTime()), ...slots.map((s) => s.startsAt.getTime())])].sort((a, b) => a - b).map((t) => new Date(t));
        await tx.selectFrom('appt_slots').select('starts_at').where('tenant_id', '=', tenant.id).where('location_id', '=', location.id).where('starts_at', 'in', union).orderBy('starts_at').forUpdate().execute();
        const delay = by.kind === 'citizen' ? location.releaseDelayMinutes : 0;
        const due = await scheduleRelease(tx, tenant.id, bookingId, new Date(at.getTime() + delay * MINUTE), at);
        await claimSlots(tx, tenant.id, location.id, bookingId, slots, channel);
        await releaseClaims(tx, tenant.id, due, at);
        await tx
          .updateTable('appt_bookings')
          .set({ starts_at: startsAt, ends_at: new Date(startsAt.getTime() + slotsNeeded * location.slotMinutes * MINUTE), ics_sequence: row.ics_sequence + 1, reminded_at: null })
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', bookingId)
          .execute();
        if (row.email) await notify.confirmed(tx, await bookingForMail(tx, tenant.id, bookingId), tokensOf(row).manage, { rescheduled: true });
        if (row.case_id) await cases.recordSystemEvent(tx, tenant.id, row.case_id, { kind: 'appointment_moved', body: `${formatWhen(row.starts_at, row.locale)} → ${formatWhen(startsAt, row.locale)}`, visibleToCitizen: true });
        if (by.kind === 'staff') {
          await audit(tx, { tenantId: tenant.id, actorId: by.actor.userId, actorLabel: by.actor.displayName, action: 'appointment.reschedule', objectType: 'appointment', objectId: bookingId, details: { reference: row.reference, from: row.starts_at.toISOString(), to: startsAt.toISOString() } });
        }
        return { ok: true };
      });
      read.capacityChanged(tenant.id, location.id);
      return moved;
    } catch (error) {
      if (error instanceof SlotTaken) return { ok: false, reason: 'taken' };
      throw error;
    }
  }

  /**
   * The job's sweep: expires holds and unconfirmed bookings whose time ran
   * out and releases claims whose delay has passed, across all tenants.
   */
  async function releaseDue(limit = 500): Promise<number> {
    const at = now();
    const due = await db
      .selectFrom('appt_claims as c')
      .innerJoin('appt_bookings as b', (j) => j.onRef('b.tenant_id', '=', 'c.tenant_id').onRef('b.id', '=', 'c.booking_id'))
      .select(['c.tenant_id', 'c.id', 'c.booking_id', 'b.status', 'c.release_after'])
      .where('c.released_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('c.release_after', '<=', at),
          eb.and([eb('b.status', '=', 'held'), eb('b.hold_expires_at', '<=', at)]),
          eb.and([eb('b.status', '=', 'pending'), eb('b.confirm_expires_at', '<=', at)]),
        ]),
      )
      .limit(limit)
      .execute();
    let count = 0;
    const expired = new Set<string>();
    for (const claim of due) {
      if ((claim.status === 'held' || claim.status === 'pending') && claim.release_after === null) {
        if (expired.has(claim.booking_id)) continue;
        expired.add(claim.booking_id);
        if (await expireBooking(claim.tenant_id, claim.booking_id)) count++;
      } else {
        count += await transact(db, (tx) => releaseClaims(tx, claim.tenant_id, [claim.id], at));
      }
    }
    if (count) read.allCapacityChanged();
    return count;
  }

  /** Sends the reminders that are due (the tenant's lead time before the start); once each. */
  async function sendReminders(limit = 200): Promise<number> {
    const at = now();
    const candidates = await db
      .selectFrom('appt_bookings')
      .select(['tenant_id', 'id', 'starts_at', 'token_salt'])
      .where('status', '=', 'confirmed')
      .where('reminder', '=', true)
      .where('reminded_at', 'is', null)
      .where('starts_at', '>', at)
      .where('starts_at', '<=', new Date(at.getTime() + 8 * 24 * 60 * MINUTE))
      .orderBy('starts_at')
      .limit(limit)
      .execute();
    let sent = 0;
    for (const c of candidates) {
      const hours = await tenants.getSetting<number>(c.tenant_id, 'appointments.reminderHours');
      if (c.starts_at.getTime() - hours * 60 * MINUTE > at.getTime()) continue;
      await db.transaction().execute(async (tx) => {
        const done = await tx
          .updateTable('appt_bookings')
          .set({ reminded_at: at })
          .where('tenant_id', '=', c.tenant_id)
          .where('id', '=', c.id)
          .where('status', '=', 'confirmed')
          .where('reminded_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!done) return;
        await notify.reminder(tx, await bookingForMail(tx, c.tenant_id, c.id), tokensOf({ id: c.id, token_salt: c.token_salt }).manage);
        sent++;
      });
    }
    return sent;
  }

  /** A booking by its secret manage link (citizen), or null. */
  async function byManageToken(tenantId: string, token: string) {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
    const row = await db.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', tenantId).where('manage_token_hash', '=', hashToken(token)).where('anonymised_at', 'is', null).executeTakeFirst();
    return row ?? null;
  }

  interface StaffBookingInput {
    location: Location;
    visit: Visit;
    variant: ApptVariant;
    startsAt: Date;
    channel: 'phone' | 'internal';
    name: string;
    email: string | null;
    phone: string | null;
    note: string | null;
    reminder: boolean;
    locale: Locale;
    /** Book although the person has reached the per-person limit (recorded in the audit log). */
    overrideLimit: boolean;
    idempotencyKey: string;
  }

  type StaffBookingOutcome = { ok: true; id: string; reference: string; caseId: string; duplicate: boolean } | { ok: false; reason: 'not-bookable' | 'taken' | 'limit' | 'variant' };

  /**
   * Staff book for someone who phoned, wrote or came in: confirmed at once
   * (no e-mail confirmation), in the phone or internal contingent, from
   * today on; the per-person limit applies unless overridden. Audited.
   */
  async function bookOnBehalf(actor: StaffActor, input: StaffBookingInput): Promise<StaffBookingOutcome> {
    const tenant = await tenantOf(actor.tenantId);
    const { location, visit } = input;
    requireAccess(actor, 'appointments.manage', { tenantId: tenant.id, unitId: location.unitId });
    if (!visit.variants.includes(input.variant)) return { ok: false, reason: 'variant' };
    const earlier = await findByIdempotencyKey(tenant.id, input.idempotencyKey);
    if (earlier) {
      const c = await db.selectFrom('appt_bookings').select(['case_id']).where('tenant_id', '=', tenant.id).where('id', '=', earlier.id).executeTakeFirstOrThrow();
      if (c.case_id) return { ok: true, id: earlier.id, reference: earlier.reference, caseId: c.case_id, duplicate: true };
      return { ok: false, reason: 'taken' };
    }
    const at = now();
    const window = bookingWindow({ ...location, bookFromDays: 0 }, berlinDay(at));
    const day = berlinDay(input.startsAt);
    if (day < window.first || day > window.last || input.startsAt.getTime() <= at.getTime()) return { ok: false, reason: 'not-bookable' };
    const slots = await slotsFor(location, tenant.bundesland as Bundesland, visit, input.startsAt);
    if (!slots) return { ok: false, reason: 'not-bookable' };
    await releaseStaleOn(tenant.id, location.id, slots);
    const key = input.email ? emailKey(input.email) : null;
    const max = await maxActive(tenant.id);
    let bookingId: string;
    let reference: string;
    try {
      ({ bookingId, reference } = await transact(db, async (tx) => {
        if (key) {
          await sql`select pg_advisory_xact_lock(hashtextextended(${`${tenant.id}:${key}`}, 0))`.execute(tx);
          if (!input.overrideLimit && (await activeCount(tx, tenant.id, key)) >= max) throw new LimitReached();
        }
        const salt = randomBytes(12).toString('base64url');
        const ref = generateReference(REFERENCE_PREFIX);
        // The id is made here, so the token hash goes in with the row: a shared placeholder in the unique column would make
        // every concurrent booking wait for the one before it to commit.
        const id = randomUUID();
        const booking = await tx
          .insertInto('appt_bookings')
          .values({
            tenant_id: tenant.id,
            id,
            location_id: location.id,
            reference: ref,
            status: 'held',
            channel: input.channel,
            variant: input.variant,
            starts_at: input.startsAt,
            ends_at: new Date(input.startsAt.getTime() + visit.slots * location.slotMinutes * MINUTE),
            hold_expires_at: new Date(at.getTime() + 10 * MINUTE),
            name: input.name,
            email: input.email,
            email_key: key,
            phone: input.phone,
            note: input.note,
            reminder: input.reminder && Boolean(input.email),
            locale: input.locale,
            token_salt: salt,
            manage_token_hash: hashToken(tokenFor('manage', id, salt)),
            idempotency_key: input.idempotencyKey,
            created_by: actor.userId,
            created_at: at,
            submitted_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('appt_booking_services')
          .values(visit.lines.map((l) => ({ tenant_id: tenant.id, booking_id: booking.id, service_id: l.serviceId, quantity: l.quantity, minutes: l.minutes })))
          .execute();
        await claimSlots(tx, tenant.id, location.id, booking.id, slots, input.channel);
        await audit(tx, {
          tenantId: tenant.id,
          actorId: actor.userId,
          actorLabel: actor.displayName,
          action: 'appointment.book',
          objectType: 'appointment',
          objectId: booking.id,
          details: { reference: ref, channel: input.channel, startsAt: input.startsAt.toISOString(), overrideLimit: input.overrideLimit },
        });
        return { bookingId: booking.id, reference: ref };
      }));
    } catch (error) {
      if (error instanceof SlotTaken) return { ok: false, reason: 'taken' };
      if (error instanceof LimitReached) return { ok: false, reason: 'limit' };
      // The same form sent twice at once: the other request booked it; answer with its booking once its Vorgang exists.
      if ((error as { constraint?: string }).constraint === 'appt_bookings_tenant_id_idempotency_key_key') return bookOnBehalf(actor, input);
      throw error;
    }
    read.capacityChanged(tenant.id, location.id);
    // Held for a moment only (no holder can continue it): the Vorgang and the confirmation are one transaction with the status change.
    const caseId = await openCase(tenant, bookingId, async (tx) => {
      await tx.updateTable('appt_bookings').set({ status: 'confirmed', confirmed_at: now(), hold_expires_at: null }).where('tenant_id', '=', tenant.id).where('id', '=', bookingId).where('status', '=', 'held').execute();
    });
    return { ok: true, id: bookingId, reference, caseId, duplicate: false };
  }

  class LimitReached extends Error {}

  type VisitOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'wrong-status' | 'too-early' };

  /** Staff record arrival (check-in) or a no-show; closes the Vorgang. */
  async function recordVisit(actor: StaffActor, bookingId: string, outcome: 'attended' | 'no_show'): Promise<VisitOutcome> {
    return transact(db, async (tx): Promise<VisitOutcome> => {
      const row = await tx.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', bookingId).forUpdate().executeTakeFirst();
      if (!row) return { ok: false, reason: 'not-found' };
      const location = await tx.selectFrom('appt_locations').select('unit_id').where('tenant_id', '=', actor.tenantId).where('id', '=', row.location_id).executeTakeFirstOrThrow();
      requireAccess(actor, 'appointments.manage', { tenantId: actor.tenantId, unitId: location.unit_id });
      if (row.status !== 'confirmed') return { ok: false, reason: 'wrong-status' };
      const at = now();
      // A no-show can only be recorded once the appointment has begun; arrival from the start of its day.
      if (outcome === 'no_show' && row.starts_at > at) return { ok: false, reason: 'too-early' };
      if (outcome === 'attended' && berlinDay(row.starts_at) > berlinDay(at)) return { ok: false, reason: 'too-early' };
      await tx
        .updateTable('appt_bookings')
        .set({ status: outcome, ...(outcome === 'attended' ? { checked_in_at: at } : {}) })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', bookingId)
        .where('status', '=', 'confirmed')
        .execute();
      if (row.case_id) await cases.setStatusBySystem(tx, actor.tenantId, row.case_id, 'completed', outcome === 'attended' ? 'Vorsprache erfolgt.' : 'Termin nicht wahrgenommen.');
      await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: outcome === 'attended' ? 'appointment.checkin' : 'appointment.no_show', objectType: 'appointment', objectId: bookingId, details: { reference: row.reference } });
      return { ok: true };
    });
  }

  /**
   * Closes a Standort for a day (e.g. illness, strike) and cancels every
   * appointment of that day, telling each citizen with the given message.
   */
  async function closeDay(actor: StaffActor, location: Location, day: string, reason: string): Promise<{ ok: true; cancelled: number } | { ok: false; reason: 'past' }> {
    requireAccess(actor, 'appointments.manage', { tenantId: actor.tenantId, unitId: location.unitId });
    if (day < berlinDay(now())) return { ok: false, reason: 'past' };
    // The closure first: from now on nobody can book the day, so the list below is complete.
    await db
      .insertInto('appt_closures')
      .values({ tenant_id: actor.tenantId, location_id: location.id, day, reason })
      .onConflict((oc) => oc.columns(['tenant_id', 'location_id', 'day']).doUpdateSet({ reason }))
      .execute();
    read.closuresChanged(location);
    const affected = await db
      .selectFrom('appt_bookings')
      .select(['id', 'starts_at'])
      .where('tenant_id', '=', actor.tenantId)
      .where('location_id', '=', location.id)
      .where('status', 'in', ['held', 'pending', 'confirmed'])
      .where('starts_at', '>=', sql<Date>`(${day}::date)::timestamp at time zone 'Europe/Berlin'`)
      .where('starts_at', '<', sql<Date>`(${day}::date + 1)::timestamp at time zone 'Europe/Berlin'`)
      .execute();
    let cancelled = 0;
    // Each cancellation is its own transaction with its mail; a failure leaves the others done and the day closed.
    for (const b of affected) {
      const result = await cancel(actor.tenantId, b.id, { kind: 'staff', actor, reason });
      if (result.ok) cancelled++;
    }
    await audit(db, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'appointment.close_day', objectType: 'appointment_location', objectId: location.id, details: { day, reason, cancelled } });
    return { ok: true, cancelled };
  }

  /**
   * Nightly housekeeping. Appointments two days past whose arrival nobody
   * recorded get their Vorgang closed (so its retention period starts);
   * bookings that never became a Vorgang (cancelled before confirmation)
   * lose their personal data after the tenant's retention period.
   */
  async function tidyUp(): Promise<{ closed: number; anonymised: number }> {
    const at = now();
    const past = await db
      .selectFrom('appt_bookings as b')
      .innerJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'b.tenant_id').onRef('c.id', '=', 'b.case_id'))
      .select(['b.tenant_id', 'b.case_id'])
      .where('b.status', '=', 'confirmed')
      .where('b.ends_at', '<', new Date(at.getTime() - 2 * 24 * 60 * MINUTE))
      .where('c.closed_at', 'is', null)
      .limit(1000)
      .execute();
    for (const p of past) {
      await db.transaction().execute((tx) => cases.setStatusBySystem(tx, p.tenant_id, p.case_id as string, 'completed', 'Termin verstrichen; Ankunft nicht erfasst.'));
    }
    let anonymised = 0;
    for (const tenant of await tenants.all()) {
      const days = await tenants.getSetting<number>(tenant.id, 'appointments.retentionDays');
      const result = await db
        .updateTable('appt_bookings')
        .set({ name: null, email: null, email_key: null, phone: null, note: null, cancel_reason: null, holder_hash: null, anonymised_at: at })
        .where('tenant_id', '=', tenant.id)
        .where('case_id', 'is', null)
        .where('anonymised_at', 'is', null)
        .where('status', 'in', ['cancelled', 'expired'])
        .where((eb) => eb.or([eb('cancelled_at', '<', new Date(at.getTime() - days * 24 * 60 * MINUTE)), eb.and([eb('cancelled_at', 'is', null), eb('created_at', '<', new Date(at.getTime() - days * 24 * 60 * MINUTE))])]))
        .executeTakeFirst();
      anonymised += Number(result.numUpdatedRows);
    }
    return { closed: past.length, anonymised };
  }

  return {
    hold,
    heldBy,
    tidyUp,
    saveDetails,
    extendHold,
    submit,
    confirm,
    cancel,
    reschedule,
    releaseDue,
    expireBooking,
    sendReminders,
    byManageToken,
    bookOnBehalf,
    recordVisit,
    closeDay,
    underPersonLimit,
    tokensOf,
    bookingForMail,
    serviceLines: (tenantId: string, bookingId: string) => serviceLines(db, tenantId, bookingId),
  };
}

function cancelNote(by: 'citizen' | 'staff' | 'system', reason: string | null): string {
  const who = by === 'citizen' ? 'Termin von der Bürgerin/dem Bürger abgesagt.' : 'Termin von der Verwaltung abgesagt.';
  return reason ? `${who}\n${reason}` : who;
}

export type AppointmentService = ReturnType<typeof createAppointmentService>;
export type { ApptStatus, Contingent };
