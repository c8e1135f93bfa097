/**
 * Free start times for a visit: the Standort's slot grid (opening hours,
 * holidays, closures) minus what is claimed, for one contingent. Claims that
 * are due for release already count as free.
 */
import type { Executor } from '../../../core/db/database.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { addDays, berlinInstant } from '../../../core/time/berlin.ts';
import { slotsBetween, startTimes, type Contingent, type StartTime } from '../model/schedule.ts';
import { claimedBetween } from './claims.ts';
import { scheduleInput, type Location, type Visit } from './locations.ts';

export async function availableStarts(db: Executor, input: { location: Location; bundesland: Bundesland; visit: Visit; contingent: Contingent; from: string; to: string; now: Date }): Promise<StartTime[]> {
  const { location, from, to } = input;
  if (to < from) return [];
  const schedule = await scheduleInput(db, location, input.bundesland, from, to);
  const slots = slotsBetween(schedule, from, to);
  if (slots.length === 0) return [];
  const claimed = await claimedBetween(db, location.tenantId, location.id, berlinInstant(from, '00:00') ?? new Date(`${from}T00:00:00Z`), berlinInstant(addDays(to, 1), '00:00') ?? new Date(`${addDays(to, 1)}T00:00:00Z`), input.now);
  const none = { total: 0, online: 0, phone: 0 };
  return startTimes(slots, input.visit.slots, input.contingent, (s) => claimed.get(s.startsAt.getTime()) ?? none).filter((s) => s.startsAt.getTime() > input.now.getTime());
}
