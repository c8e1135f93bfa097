import { test } from 'node:test';
import assert from 'node:assert/strict';
import { berlinDay, berlinTime } from './berlin.ts';

const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function expected(instant: Date): { day: string; time: string } {
  const p = Object.fromEntries(intl.formatToParts(instant).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

test('Berlin day and time agree with Intl every 7 minutes around both zone changes of 2026 and at midnight', () => {
  const ranges = [
    ['2026-03-28T20:00:00Z', '2026-03-29T04:00:00Z'],
    ['2026-10-24T20:00:00Z', '2026-10-25T04:00:00Z'],
    ['2026-12-31T21:00:00Z', '2027-01-01T01:00:00Z'],
  ] as const;
  for (const [from, to] of ranges) {
    for (let t = Date.parse(from); t <= Date.parse(to); t += 7 * 60_000 + 13_000) {
      const instant = new Date(t);
      assert.deepEqual({ day: berlinDay(instant), time: berlinTime(instant) }, expected(instant), instant.toISOString());
    }
  }
  assert.equal(berlinTime(new Date('2026-03-29T01:00:00Z')), '03:00', 'summer time starts: 02:00 is skipped');
  assert.equal(berlinTime(new Date('2026-10-25T00:30:00Z')), '02:30', 'the first 02:30 (summer time)');
  assert.equal(berlinTime(new Date('2026-10-25T01:30:00Z')), '02:30', 'the second 02:30 (winter time)');
});
