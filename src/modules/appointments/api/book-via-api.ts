/**
 * An online booking through the public API: hold → details → submit in one
 * request, with the engine's rules (booking.service.ts). The client gets a
 * pending booking; the citizen still confirms it with the e-mail link.
 *
 * Outcomes: ok (created, or an earlier identical request's booking),
 * captcha, taken, not-bookable, variant, limit, key-reused, try-again.
 *
 * The holder secret is random per request: an API client never continues a
 * hold, so nobody else may touch it. Idempotency: the client's
 * Idempotency-Key is stored scoped to the request's content (a hash of key +
 * every booking field), so knowing someone's key alone never reveals their
 * booking and its manage token. A repeat finds the first request's booking;
 * while that one is still between hold and submit, the repeat waits for it
 * (it must not touch a hold it does not own).
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApptVariant } from '../../../core/db/tables.ts';
import type { Executor } from '../../../core/db/database.ts';
import type { Services } from '../../../core/services.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { emailKey, type Details } from '../booking/booking.service.ts';
import type { Location, Visit } from '../booking/locations.ts';
import type { StartTime } from '../model/schedule.ts';
import { appointmentsOf } from '../booking/instance.ts';

export interface ApiBookingInput {
  tenant: Tenant;
  location: Location;
  visit: Visit;
  variant: ApptVariant;
  startsAt: Date;
  details: Details;
  /** Whether the tenant asks for a solved ALTCHA challenge. */
  captchaRequired: boolean;
  /**
   * Checks the request's ALTCHA payload, asked only when a new hold is
   * needed: a retry of a request that already got its booking needs no new
   * proof of work, and a spent payload would be refused as a replay.
   */
  verifyHuman(): Promise<boolean>;
  /** The client's Idempotency-Key header, if any. */
  idempotencyKey: string | null;
}

/** What the API answers about a booking this request made (so it need not read it back). */
export interface CreatedBooking {
  reference: string;
  startsAt: Date;
  endsAt: Date;
  confirmBy: Date;
  manageToken: string;
}

export type ApiBookingOutcome =
  | { ok: true; bookingId: string; created: false }
  | { ok: true; bookingId: string; created: true; booking: CreatedBooking }
  | { ok: false; reason: 'captcha' | 'taken' | 'not-bookable' | 'variant' | 'limit' | 'key-reused' | 'try-again'; /** With `taken`, when the engine read them anyway: the day's other free times. */ alternatives?: StartTime[] };

/** The storage form of an Idempotency-Key: bound to the tenant's booking fields, never the raw key. */
export function scopedIdempotencyKey(input: Omit<ApiBookingInput, 'captchaRequired' | 'verifyHuman'> & { idempotencyKey: string }): string {
  const lines = input.visit.lines.map((l) => `${l.serviceId}:${l.quantity}`).sort();
  const d = input.details;
  const material = JSON.stringify([input.idempotencyKey, input.location.id, lines, input.startsAt.toISOString(), input.variant, d.name, d.email.toLowerCase(), d.phone, d.note, d.reminder, d.locale]);
  return `api:${createHash('sha256').update(material).digest('base64url')}`;
}

/** The booking an earlier request with the same scoped key made, if any. */
async function byScopedKey(db: Executor, tenantId: string, key: string) {
  return db.selectFrom('appt_bookings').select('id').where('tenant_id', '=', tenantId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** How long a repeat waits for an identical request that is still between hold and submit. */
const WAIT_FOR_EARLIER_MS = 5_000;

export function createApiBooking(services: Services) {
  const appointments = appointmentsOf(services);
  const { db } = services;

  /** Submit for our own hold (it carries the details already); a failed submit gives the capacity back at once. */
  async function finish(input: ApiBookingInput, held: { id: string; reference: string; manageToken: string }, holder: string): Promise<ApiBookingOutcome> {
    const { tenant } = input;
    const bookingId = held.id;
    const result = await appointments.submit(tenant.id, bookingId, holder, input.location, { emailKey: emailKey(input.details.email) });
    if (result.ok) {
      const endsAt = new Date(input.startsAt.getTime() + input.visit.slots * input.location.slotMinutes * 60_000);
      return { ok: true, bookingId, created: true, booking: { reference: held.reference, startsAt: input.startsAt, endsAt, confirmBy: result.confirmExpiresAt, manageToken: held.manageToken } };
    }
    await appointments.expireBooking(tenant.id, bookingId, { force: true });
    return { ok: false, reason: result.reason === 'limit' ? 'limit' : 'try-again' };
  }

  /** The answer for a repeat: the earlier request's booking once it is submitted, or why there is none. */
  async function resume(input: ApiBookingInput, bookingId: string): Promise<ApiBookingOutcome> {
    const deadline = Date.now() + WAIT_FOR_EARLIER_MS;
    for (;;) {
      const row = await db.selectFrom('appt_bookings').select(['status', 'submitted_at']).where('tenant_id', '=', input.tenant.id).where('id', '=', bookingId).executeTakeFirstOrThrow();
      if (row.submitted_at) return { ok: true, bookingId, created: false };
      if (row.status !== 'held') break;
      // Still held: the first request is running (or died; then its hold runs out).
      if (Date.now() > deadline) return { ok: false, reason: 'try-again' };
      await sleep(50);
    }
    // The attempt failed before it was submitted and its hold was given back: tell the likely reason, else ask for a new key.
    if (!(await appointments.underPersonLimit(input.tenant.id, input.details.email))) return { ok: false, reason: 'limit' };
    return { ok: false, reason: 'key-reused' };
  }

  return async function bookViaApi(input: ApiBookingInput): Promise<ApiBookingOutcome> {
    const { tenant } = input;
    const scopedKey = input.idempotencyKey ? scopedIdempotencyKey({ ...input, idempotencyKey: input.idempotencyKey }) : null;
    // With a challenge to check, a repeat is recognised first (it needs no new proof of work); without, the hold's first read finds it.
    if (scopedKey && input.captchaRequired) {
      const earlier = await byScopedKey(db, tenant.id, scopedKey);
      if (earlier) return resume(input, earlier.id);
    }
    const verified = input.captchaRequired ? await input.verifyHuman() : false;
    if (input.captchaRequired && !verified) return { ok: false, reason: 'captcha' };
    // randomUUID draws from a buffered pool: randomBytes per request was a tenth of the cost of a refused attempt.
    const holder = randomUUID();
    // The hold checks the per-person limit before it claims anything (submit decides under the person's lock).
    const held = await appointments.hold(tenant, {
      location: input.location,
      visit: input.visit,
      variant: input.variant,
      startsAt: input.startsAt,
      holder,
      newHolder: true,
      details: input.details,
      verifiedHuman: verified,
      ...(scopedKey ? { idempotencyKey: scopedKey } : {}),
    });
    // A duplicate is the hold of an identical request that got there first: not ours to continue.
    if (held.ok) return held.duplicate || !held.manageToken ? resume(input, held.id) : finish(input, { id: held.id, reference: held.reference, manageToken: held.manageToken }, holder);
    if (held.reason === 'taken' && scopedKey && !held.keyChecked) {
      // hold() also answers 'taken' when an identical request got past its hold in the meantime.
      const earlier = await byScopedKey(db, tenant.id, scopedKey);
      if (earlier) return resume(input, earlier.id);
    }
    return { ok: false, reason: held.reason, ...(held.alternatives ? { alternatives: held.alternatives } : {}) };
  };
}
