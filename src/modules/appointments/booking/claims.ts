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
import { sql, type RawBuilder } from 'kysely';
import type { ApptChannel } from '../../../core/db/tables.ts';
import { prepared, type Db, type Executor, type Tx } from '../../../core/db/database.ts';
import type { Slot } from '../model/schedule.ts';

export class SlotTaken extends Error {
  constructor() {
    super('slot taken');
  }
}

const byTime = <T extends { startsAt: Date }>(a: T, b: T): number => a.startsAt.getTime() - b.startsAt.getTime();

/**
 * The counter rows of `slots`, each claimed by one more place in `channel`,
 * as one INSERT … ON CONFLICT DO UPDATE (a data-modifying CTE for the
 * callers below): a missing row is created with the capacity the opening
 * hours give now and this claim; an existing row takes a changed capacity
 * (never below what is claimed) and counts the claim only while the slot
 * has room in the contingent. Rows go in ascending starts_at (the lock
 * order); a waiting claimer re-checks the room on the row's newest version
 * once the holder commits. Returns the rows it claimed (starts_at, whether
 * the claim filled it, and its counters after the claim): a slot that is
 * full, has no place in the contingent, or lies on a day the Standort has
 * closed is not returned.
 */
export function claimSlotRows(tenantId: string, locationId: string, slots: readonly Slot[], channel: ApptChannel, onlyIf: RawBuilder<boolean> = sql<boolean>`true`) {
  const sorted = [...slots].sort(byTime);
  const wanted = sql.join(sorted.map((s) => sql`(${s.startsAt}::timestamptz, ${s.day}::date, ${s.total}::int, ${s.online}::int, ${s.phone}::int)`));
  const online = channel === 'online' ? 1 : 0;
  const phone = channel === 'phone' ? 1 : 0;
  // The contingent's own capacity is taken from the schedule when this claim counts in it; the others never drop below their claims.
  const room =
    channel === 'online'
      ? sql`s.claimed < excluded.capacity and s.claimed_online < excluded.capacity_online`
      : channel === 'phone'
        ? sql`s.claimed < excluded.capacity and s.claimed_phone < excluded.capacity_phone`
        : sql`s.claimed < excluded.capacity`;
  const newRowRoom = channel === 'online' ? sql`and w.online > 0` : channel === 'phone' ? sql`and w.phone > 0` : sql``;
  const fullAfter =
    channel === 'online'
      ? sql`s.claimed >= s.capacity or s.claimed_online >= s.capacity_online`
      : channel === 'phone'
        ? sql`s.claimed >= s.capacity or s.claimed_phone >= s.capacity_phone`
        : sql`s.claimed >= s.capacity`;
  return sql<{ starts_at: Date; full_after: boolean }>`
    insert into appt_slots as s (tenant_id, location_id, starts_at, capacity, capacity_online, capacity_phone, claimed, claimed_online, claimed_phone)
    select ${tenantId}::uuid, ${locationId}::uuid, w.starts_at, w.total, w.online, w.phone, 1, ${online}::int, ${phone}::int
    from (values ${wanted}) as w (starts_at, day, total, online, phone)
    where w.total > 0 ${newRowRoom}
      and not exists (select 1 from appt_closures c where c.tenant_id = ${tenantId}::uuid and c.location_id = ${locationId}::uuid and c.day = w.day)
      and ${onlyIf}
    order by w.starts_at
    on conflict (tenant_id, location_id, starts_at) do update set
      capacity = excluded.capacity,
      capacity_online = ${channel === 'online' ? sql`excluded.capacity_online` : sql`greatest(excluded.capacity_online, s.claimed_online)`},
      capacity_phone = ${channel === 'phone' ? sql`excluded.capacity_phone` : sql`greatest(excluded.capacity_phone, s.claimed_phone)`},
      claimed = s.claimed + 1,
      claimed_online = s.claimed_online + ${online}::int,
      claimed_phone = s.claimed_phone + ${phone}::int
    where ${room}
    returning s.starts_at, (${fullAfter}) as full_after, s.claimed, s.claimed_online, s.claimed_phone`;
}

/**
 * CTEs that lock the slots' counter rows without queueing behind another
 * claim: `slot_rows` counts them, `unlocked` locks those nobody else holds
 * (SKIP LOCKED, in starts_at order). A claim guarded by `gotAll` does
 * nothing unless it holds them all; its caller tries again a moment later
 * instead of keeping a pool connection idle in a lock queue (in a release
 * storm, a hundred attempts on one row would otherwise each wait for the
 * one before, and every other request would wait for a connection).
 */
export function lockWithoutWaiting(tenantId: string, locationId: string, slots: readonly Slot[]) {
  const times = slots.map((s) => s.startsAt);
  const rows = sql`from appt_slots where tenant_id = ${tenantId}::uuid and location_id = ${locationId}::uuid and starts_at = any(${times}::timestamptz[])`;
  return {
    ctes: sql`slot_rows as (select count(*) as n ${rows}), unlocked as (select starts_at ${rows} order by starts_at for update skip locked)`,
    gotAll: sql<boolean>`((select count(*) from unlocked) = (select n from slot_rows))`,
  };
}

/**
 * Claims `slots` (consecutive, one visit) for a booking in the caller's
 * transaction, or throws SlotTaken (the caller's transaction rolls back,
 * with the counters of the slots that did have room). One statement: the
 * counter rows (claimSlotRows) and the claim rows.
 */
export async function claimSlots(tx: Tx, tenantId: string, locationId: string, bookingId: string, slots: readonly Slot[], channel: ApptChannel): Promise<void> {
  const result = await sql<{ claimed: number }>`
    with claim as (${claimSlotRows(tenantId, locationId, slots, channel)}),
    claims as (
      insert into appt_claims (tenant_id, booking_id, location_id, starts_at, channel)
      select ${tenantId}::uuid, ${bookingId}::uuid, ${locationId}::uuid, claim.starts_at, ${channel} from claim
    )
    select count(*)::int as claimed from claim`.execute(tx);
  if (result.rows[0]?.claimed !== slots.length) throw new SlotTaken();
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
  // One statement: the counter rows with their claims that are due, per row (the calendar reloads this after every claim in a storm).
  const due = staleClaims(db, tenantId, now)
    .where('c.location_id', '=', locationId)
    .where('c.starts_at', '=', sql<Date>`s.starts_at`)
    .select([sql<number>`count(*)`.as('total'), sql<number>`count(*) filter (where c.channel = 'online')`.as('online'), sql<number>`count(*) filter (where c.channel = 'phone')`.as('phone')]);
  const rows = await sql<{ starts_at: Date; total: number; online: number; phone: number }>`${prepared}
    select s.starts_at, s.claimed - due.total as total, s.claimed_online - due.online as online, s.claimed_phone - due.phone as phone
    from appt_slots s cross join lateral (${due}) as due
    where s.tenant_id = ${tenantId}::uuid and s.location_id = ${locationId}::uuid and s.starts_at >= ${from} and s.starts_at < ${to} and s.claimed > 0`.execute(db);
  return new Map(rows.rows.map((r) => [r.starts_at.getTime(), { total: Number(r.total), online: Number(r.online), phone: Number(r.phone) }]));
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
