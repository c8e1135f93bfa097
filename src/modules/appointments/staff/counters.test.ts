import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assignCounters, type Interval } from './counters.ts';

const MINUTE = 60_000;
const span = (from: number, to: number, id = `${from}-${to}`) => ({ id, startsAt: new Date(from * MINUTE), endsAt: new Date(to * MINUTE) });

test('a booking goes to the lowest-numbered counter that is free when it starts', () => {
  const columns = assignCounters([span(0, 20, 'a'), span(0, 10, 'b'), span(10, 30, 'c'), span(20, 30, 'd'), span(40, 50, 'e')], 3);
  assert.deepEqual(
    columns.map((c) => c.map((b) => b.id)),
    [['b', 'c', 'e'], ['a', 'd'], []],
  );
});

test('more overlap than counters (opening hours cut after booking) opens an extra column rather than hiding a booking', () => {
  const columns = assignCounters([span(0, 10), span(0, 10), span(0, 10)], 2);
  assert.equal(columns.length, 3);
  assert.equal(columns.flat().length, 3);
});

test('property: no two bookings of a counter overlap, and no more counters are used than the busiest moment needs', () => {
  const booking = fc.record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 1, max: 12 }) }).map(({ start, length }) => span(start * 10, (start + length) * 10));
  fc.assert(
    fc.property(fc.array(booking, { maxLength: 40 }), (bookings: Interval[]) => {
      const peak = Math.max(0, ...bookings.map((b) => bookings.filter((o) => o.startsAt <= b.startsAt && o.endsAt > b.startsAt).length));
      const columns = assignCounters(bookings, peak);
      assert.equal(columns.length, peak);
      assert.equal(columns.flat().length, bookings.length);
      for (const column of columns) {
        for (let i = 1; i < column.length; i++) assert.ok((column[i - 1] as Interval).endsAt <= (column[i] as Interval).startsAt);
      }
    }),
  );
});
