/** Test support: the capacity engine's invariant, checked on the database (claims.ts). */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.ts';

/** The invariant: every slot counts exactly its live claims, per contingent, within capacity. */
export async function assertCountersMatchClaims(db: Db): Promise<void> {
  const mismatches = await sql<{ starts_at: Date }>`
    select s.starts_at from appt_slots s
    left join (select tenant_id, location_id, starts_at, count(*)::int as total,
                      count(*) filter (where channel = 'online')::int as online,
                      count(*) filter (where channel = 'phone')::int as phone
               from appt_claims where released_at is null group by 1, 2, 3) c
      using (tenant_id, location_id, starts_at)
    where s.claimed <> coalesce(c.total, 0) or s.claimed_online <> coalesce(c.online, 0) or s.claimed_phone <> coalesce(c.phone, 0)
       or s.claimed > s.capacity or s.claimed_online > s.capacity_online or s.claimed_phone > s.capacity_phone`.execute(db);
  assert.deepEqual(mismatches.rows, [], 'slot counters equal their live claims and stay within capacity');
}
