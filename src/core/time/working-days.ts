/**
 * Deadlines in working days (Werktage Montag–Freitag without the public
 * holidays of the municipality's Bundesland), as Ämter count them: a report
 * received on a Friday evening with 2 working days is due at the end of
 * Tuesday. The day of receipt itself does not count.
 */
import { addDays, berlinDay, berlinInstant, isoWeekday } from './berlin.ts';
import { isPublicHoliday, type Bundesland } from './holidays.ts';

export function isWorkingDay(day: string, land: Bundesland): boolean {
  return isoWeekday(day) <= 5 && !isPublicHoliday(day, land);
}

/** The Berlin day that is `n` working days after the day of `from`. */
export function workingDayAfter(from: Date, n: number, land: Bundesland): string {
  let day = berlinDay(from);
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, land)) left--;
  }
  return day;
}

/** The deadline instant: the end (23:59 Berlin time) of the `n`-th working day after `from`. */
export function workingDaysDeadline(from: Date, n: number, land: Bundesland): Date {
  const day = workingDayAfter(from, n, land);
  return berlinInstant(day, '23:59') ?? new Date(`${day}T22:59:00Z`);
}

/** Working days from the day of `from` to the day of `to` (0 when `to` is on or before `from`'s day). */
export function workingDaysBetween(from: Date, to: Date, land: Bundesland): number {
  const end = berlinDay(to);
  let day = berlinDay(from);
  let count = 0;
  while (day < end) {
    day = addDays(day, 1);
    if (isWorkingDay(day, land)) count++;
  }
  return count;
}
