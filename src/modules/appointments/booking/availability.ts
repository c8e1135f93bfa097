/**
 * Free start times for a visit: the Standort's slot grid (opening hours,
 * holidays, closures) minus what is claimed, for one contingent. Claims that
 * are due for release already count as free. The claimed places come from
 * the slot counter rows (one indexed range read, in parallel with the grid's
 * rows); read-model.ts caches the result for the calendar.
 */
import type { Executor } from '../../../core/db/database.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { addDays, berlinInstant } from '../../../core/time/berlin.ts';
import { slotsBetween, startTimes, type Contingent, type ScheduleInput, type StartTime } from '../model/schedule.ts';
import { claimedBetween, type ClaimedCounts } from './claims.ts';
import { scheduleInput, type Location, type Visit } from './locations.ts';

export interface StartsInput {
  location: Location;
  visit: Pick<Visit, 'slots'>;
  contingent: Contingent;
  from: string;
  to: string;
  now: Date;
}

export async function availableStarts(db: Executor, input: StartsInput & { bundesland: Bundesland }): Promise<StartTime[]> {
  if (input.to < input.from) return [];
  const [schedule, claimed] = await Promise.all([scheduleInput(db, input.location, input.bundesland, input.from, input.to), claimedOnDays(db, input.location, input.from, input.to, input.now)]);
  return startsFrom(schedule, claimed, input);
}

/** What is claimed per slot (by start instant) on the days from `from` to `to`, Berlin time. */
export function claimedOnDays(db: Executor, location: Location, from: string, to: string, now: Date): Promise<Map<number, ClaimedCounts>> {
  const start = berlinInstant(from, '00:00') ?? new Date(`${from}T00:00:00Z`);
  const end = berlinInstant(addDays(to, 1), '00:00') ?? new Date(`${addDays(to, 1)}T00:00:00Z`);
  return claimedBetween(db, location.tenantId, location.id, start, end, now);
}

/** The free start times, from the slot grid and what is claimed; none at or before `now`. */
export function startsFrom(schedule: ScheduleInput, claimed: ReadonlyMap<number, ClaimedCounts>, input: StartsInput): StartTime[] {
  if (input.to < input.from) return [];
  const slots = slotsBetween(schedule, input.from, input.to);
  const none = { total: 0, online: 0, phone: 0 };
  return startTimes(slots, input.visit.slots, input.contingent, (s) => claimed.get(s.startsAt.getTime()) ?? none).filter((s) => s.startsAt.getTime() > input.now.getTime());
}
