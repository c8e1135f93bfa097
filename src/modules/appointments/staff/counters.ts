/**
 * Which counter (Schalter) serves which appointment on the day view. The
 * engine only counts capacity per slot, it does not pin a booking to a
 * counter; the day view spreads them greedily by start time (interval
 * partitioning): a booking goes to the lowest-numbered counter that is free
 * when it starts. Since at most `capacity` bookings overlap at any moment,
 * this never needs more counters than the busiest slot has.
 */
export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

/**
 * Columns of bookings, one per counter, each in time order. At least
 * `counters` columns; more only if the data overlaps beyond that (e.g. the
 * opening hours were cut after the bookings were made), so nothing is hidden.
 */
export function assignCounters<T extends Interval>(bookings: readonly T[], counters: number): T[][] {
  const sorted = [...bookings].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime());
  const columns: T[][] = Array.from({ length: Math.max(0, counters) }, () => []);
  const freeAt: number[] = columns.map(() => Number.NEGATIVE_INFINITY);
  for (const booking of sorted) {
    const start = booking.startsAt.getTime();
    let index = freeAt.findIndex((free) => free <= start);
    if (index < 0) {
      columns.push([]);
      freeAt.push(Number.NEGATIVE_INFINITY);
      index = columns.length - 1;
    }
    (columns[index] as T[]).push(booking);
    freeAt[index] = booking.endsAt.getTime();
  }
  return columns;
}
