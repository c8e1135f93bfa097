/**
 * The capacity engine. A claim is one booking's use of one slot (a row of
 * appt_claims); the slot's counter row counts the live claims per contingent
 * and its CHECK constraints make more than the capacity impossible.
 *
 * Lock order, everywhere: a booking row (when the change starts from one),
 * then its claim rows, then slot rows in ascending starts_at. Two
 * transactions therefore never wait for each other in a cycle, on one app
 * instance or on several.
 */
import { sql } from 'kysely';
import type { ApptChannel } from '../../../core/db/tables.ts';
import type { Db, Executor, Tx } from '../../../core/db/database.ts';
import type { Slot } from '../model/schedule.ts';

export class SlotTaken extends Error {
  constructor() {
    super('slot taken');
  }
}

const byTime = <T extends { startsAt: Date }>(a: T, b: T): number => a.startsAt.getTime() - b.startsAt.getTime();

/**
 * Claims `slots` (consecutive, one visit) for a booking in the caller's
 * transaction, or throws SlotTaken (the caller's transaction rolls back).
 * Counter rows are created on first use with the capacity the opening hours
 * give now; an existing row takes a changed capacity, never below what is
 * already claimed.
 */
export async function claimSlots(tx: Tx, tenantId: string, locationId: string, bookingId: string, slots: readonly Slot[], channel: ApptChannel): Promise<void> {
  const sorted = [...slots].sort(byTime);
  await tx
    .insertInto('appt_slots')
    .values(sorted.map((s) => ({ tenant_id: tenantId, location_id: locationId, starts_at: s.startsAt, capacity: s.total, capacity_online: s.online, capacity_phone: s.phone })))
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'location_id', 'starts_at'])
        .doUpdateSet({
          capacity: sql`greatest(excluded.capacity, appt_slots.claimed)`,
          capacity_online: sql`greatest(excluded.capacity_online, appt_slots.claimed_online)`,
          capacity_phone: sql`greatest(excluded.capacity_phone, appt_slots.claimed_phone)`,
        })
        // All conflicting rows are locked either way; only changed capacities are written.
        .where(sql<boolean>`(appt_slots.capacity, appt_slots.capacity_online, appt_slots.capacity_phone) is distinct from (greatest(excluded.capacity, appt_slots.claimed), greatest(excluded.capacity_online, appt_slots.claimed_online), greatest(excluded.capacity_phone, appt_slots.claimed_phone))`),
    )
    .execute();
  const times = sorted.map((s) => s.startsAt);
  let update = tx
    .updateTable('appt_slots')
    .set((eb) => ({
      claimed: eb('claimed', '+', 1),
      ...(channel === 'online' ? { claimed_online: eb('claimed_online', '+', 1) } : {}),
      ...(channel === 'phone' ? { claimed_phone: eb('claimed_phone', '+', 1) } : {}),
    }))
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where('starts_at', 'in', times)
    .where(sql<boolean>`claimed < capacity`);
  if (channel === 'online') update = update.where(sql<boolean>`claimed_online < capacity_online`);
  if (channel === 'phone') update = update.where(sql<boolean>`claimed_phone < capacity_phone`);
  const claimed = await update.returning('starts_at').execute();
  if (claimed.length !== sorted.length) throw new SlotTaken();
  await tx
    .insertInto('appt_claims')
    .values(sorted.map((s) => ({ tenant_id: tenantId, booking_id: bookingId, location_id: locationId, starts_at: s.startsAt, channel })))
    .execute();
}

/**
 * A read-only look before a claim: true when one of the slots is already full
 * in the contingent. It only saves the losing side of a rush its writes (the
 * claim decides; a slot freed in between is simply not tried this time).
 */
export async function looksFull(db: Executor, tenantId: string, locationId: string, slots: readonly Slot[], channel: ApptChannel): Promise<boolean> {
  const rows = await db
    .selectFrom('appt_slots')
    .select(['starts_at', 'capacity', 'capacity_online', 'capacity_phone', 'claimed', 'claimed_online', 'claimed_phone'])
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where(
      'starts_at',
      'in',
      slots.map((s) => s.startsAt),
    )
    .execute();
  return rows.some((r) => {
    const slot = slots.find((s) => s.startsAt.getTime() === r.starts_at.getTime());
    // A row created before the opening hours grew: the claim will raise its capacity to the schedule's.
    const capacity = Math.max(r.capacity, slot?.total ?? 0);
    if (r.claimed >= capacity) return true;
    if (channel === 'online') return r.claimed_online >= Math.max(r.capacity_online, slot?.online ?? 0);
    if (channel === 'phone') return r.claimed_phone >= Math.max(r.capacity_phone, slot?.phone ?? 0);
    return false;
  });
}

/**
 * Marks a booking's live claims for release at `after` (now, or later for
 * the anti-trading delay); claims already marked keep their time. Returns
 * the ids of the claims that are due now, for `releaseClaims`.
 */
export async function scheduleRelease(tx: Tx, tenantId: string, bookingId: string, after: Date, now: Date): Promise<string[]> {
  const rows = await tx
    .updateTable('appt_claims')
    .set({ release_after: after })
    .where('tenant_id', '=', tenantId)
    .where('booking_id', '=', bookingId)
    .where('released_at', 'is', null)
    .where('release_after', 'is', null)
    .returning(['id', 'release_after'])
    .execute();
  return rows.filter((r) => (r.release_after as Date).getTime() <= now.getTime()).map((r) => r.id);
}

/**
 * Gives the capacity of due claims back, exactly once: the claim row is
 * marked released with a guarded UPDATE, then the slot counters go down
 * (slot rows locked in starts_at order).
 */
export async function releaseClaims(tx: Tx, tenantId: string, claimIds: readonly string[], now: Date): Promise<number> {
  if (claimIds.length === 0) return 0;
  const released = await tx
    .updateTable('appt_claims')
    .set({ released_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', claimIds)
    .where('released_at', 'is', null)
    .where('release_after', '<=', now)
    .returning(['location_id', 'starts_at', 'channel'])
    .execute();
  if (released.length === 0) return 0;
  const sorted = [...released].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime() || a.location_id.localeCompare(b.location_id));
  await tx
    .selectFrom('appt_slots')
    .select('starts_at')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or(sorted.map((r) => eb.and([eb('location_id', '=', r.location_id), eb('starts_at', '=', r.starts_at)]))))
    .orderBy('starts_at')
    .orderBy('location_id')
    .forUpdate()
    .execute();
  for (const r of sorted) {
    await tx
      .updateTable('appt_slots')
      .set((eb) => ({
        claimed: eb('claimed', '-', 1),
        ...(r.channel === 'online' ? { claimed_online: eb('claimed_online', '-', 1) } : {}),
        ...(r.channel === 'phone' ? { claimed_phone: eb('claimed_phone', '-', 1) } : {}),
      }))
      .where('tenant_id', '=', tenantId)
      .where('location_id', '=', r.location_id)
      .where('starts_at', '=', r.starts_at)
      .execute();
  }
  return released.length;
}

export interface ClaimedCounts {
  total: number;
  online: number;
  phone: number;
}

/**
 * What is claimed per slot of a Standort between two instants, as the
 * citizen should see it: claims that are due for release (expired holds,
 * unconfirmed bookings past their link's expiry, cancellations past the
 * delay) count as free even before the job has released them.
 */
export async function claimedBetween(db: Executor, tenantId: string, locationId: string, from: Date, to: Date, now: Date): Promise<Map<number, ClaimedCounts>> {
  const rows = await db
    .selectFrom('appt_slots')
    .select(['starts_at', 'claimed', 'claimed_online', 'claimed_phone'])
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .where('claimed', '>', 0)
    .execute();
  const out = new Map<number, ClaimedCounts>(rows.map((r) => [r.starts_at.getTime(), { total: r.claimed, online: r.claimed_online, phone: r.claimed_phone }]));
  if (out.size === 0) return out;
  const stale = await staleClaims(db, tenantId, now)
    .where('c.location_id', '=', locationId)
    .where('c.starts_at', '>=', from)
    .where('c.starts_at', '<', to)
    .select(['c.starts_at', 'c.channel'])
    .execute();
  for (const s of stale) {
    const c = out.get(s.starts_at.getTime());
    if (!c) continue;
    c.total--;
    if (s.channel === 'online') c.online--;
    if (s.channel === 'phone') c.phone--;
  }
  return out;
}

/** Live claims that are due for release: marked with a passed time, or of a hold/unconfirmed booking that expired. */
export function staleClaims(db: Executor, tenantId: string, now: Date) {
  return db
    .selectFrom('appt_claims as c')
    .innerJoin('appt_bookings as b', (j) => j.onRef('b.tenant_id', '=', 'c.tenant_id').onRef('b.id', '=', 'c.booking_id'))
    .where('c.tenant_id', '=', tenantId)
    .where('c.released_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('c.release_after', '<=', now),
        eb.and([eb('b.status', '=', 'held'), eb('b.hold_expires_at', '<=', now)]),
        eb.and([eb('b.status', '=', 'pending'), eb('b.confirm_expires_at', '<=', now)]),
      ]),
    );
}

const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs a transaction, retrying it when PostgreSQL aborts it as a deadlock
 * victim or a serialization failure (a safety net; the lock order above
 * should make them impossible).
 */
export async function transact<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
