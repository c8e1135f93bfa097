import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { slotsOfDay, slotsNeeded, startTimes, type OpeningRule, type ScheduleInput } from './schedule.ts';
import { berlinInstant, berlinTime } from '../../../core/time/berlin.ts';

const rule = (weekday: number, starts: string, ends: string, counters = 2, online = 1, phone = 1, validFrom = '2026-01-01', validUntil: string | null = null): OpeningRule => ({ weekday, starts, ends, validFrom, validUntil, counters, online, phone });
const input = (rules: OpeningRule[], extra: Partial<ScheduleInput> = {}): ScheduleInput => ({ slotMinutes: 15, rules, closures: new Set(), bundesland: 'NW', ...extra });

test('DST: a Standort open on the last Sunday of March and of October shows correct times', () => {
  const sundays = input([rule(7, '08:00', '12:00')]);
  // 2027-03-28: clocks go forward at 02:00 CET → 03:00 CEST; 08:00 Berlin is 06:00 UTC.
  const march = slotsOfDay(sundays, '2027-03-28');
  assert.equal(march.length, 16);
  assert.equal(march[0]?.startsAt.toISOString(), '2027-03-28T06:00:00.000Z');
  assert.equal(march.at(-1)?.startsAt.toISOString(), '2027-03-28T09:45:00.000Z');
  // 2027-10-31: clocks go back at 03:00 CEST → 02:00 CET; 08:00 Berlin is 07:00 UTC.
  const october = slotsOfDay(sundays, '2027-10-31');
  assert.equal(october.length, 16);
  assert.equal(october[0]?.startsAt.toISOString(), '2027-10-31T07:00:00.000Z');
  // The Sunday before each change is on the other offset.
  assert.equal(slotsOfDay(sundays, '2027-03-21')[0]?.startsAt.toISOString(), '2027-03-21T07:00:00.000Z');
  assert.equal(slotsOfDay(sundays, '2027-10-24')[0]?.startsAt.toISOString(), '2027-10-24T06:00:00.000Z');
  for (const s of [...march, ...october]) assert.equal(berlinTime(s.startsAt), s.time, 'every slot shows the wall time it was made for');
  assert.ok(march.every((s) => s.run === 0) && october.every((s) => s.run === 0), 'no break inside the window');
});

test('DST: a window across the changed hour skips the missing hour and shows the repeated one once', () => {
  const night = input([rule(7, '01:00', '04:00')], { slotMinutes: 30 });
  const march = slotsOfDay(night, '2027-03-28').map((s) => s.time);
  assert.deepEqual(march, ['01:00', '01:30', '03:00', '03:30']);
  const spring = slotsOfDay(night, '2027-03-28');
  // 01:30 CET + 30 min is 03:00 CEST: physically consecutive, so no break.
  assert.equal(spring[2]?.run, spring[1]?.run);
  const october = slotsOfDay(night, '2027-10-31');
  assert.deepEqual(october.map((s) => s.time), ['01:00', '01:30', '02:00', '02:30', '03:00', '03:30']);
  assert.equal(new Set(october.map((s) => s.startsAt.getTime())).size, 6);
  // 02:30 CEST + 30 min is 02:00 CET (not offered a second time), so 03:00 CET starts a new run.
  assert.notEqual(october[4]?.run, october[3]?.run);
});

test('breaks, several windows, validity periods, holidays and closures', () => {
  const rules = [rule(1, '08:00', '12:00', 2, 1, 1), rule(1, '10:00', '12:00', 1, 1, 0), rule(1, '13:00', '15:00', 1, 1, 0), rule(1, '16:00', '17:00', 1, 1, 0, '2026-01-01', '2027-01-31')];
  const monday = slotsOfDay(input(rules), '2027-01-11');
  assert.equal(monday.length, 16 + 8 + 4);
  assert.deepEqual(monday.find((s) => s.time === '09:45'), { ...monday.find((s) => s.time === '09:45'), total: 2, online: 1, phone: 1 });
  assert.equal(monday.find((s) => s.time === '10:00')?.total, 3, 'overlapping windows add their counters');
  assert.equal(monday.find((s) => s.time === '10:00')?.online, 2);
  assert.equal(new Set(monday.map((s) => s.run)).size, 3, 'two breaks make three runs');
  assert.equal(slotsOfDay(input(rules), '2027-02-01').length, 16 + 8, 'the afternoon window expired on 31 January');
  // Ostermontag 2027 is 29 March: a public holiday everywhere.
  assert.equal(slotsOfDay(input(rules), '2027-03-29').length, 0);
  // Fronleichnam (27 May 2027) is a holiday in NW but not in Berlin.
  const thursday = [rule(4, '08:00', '09:00')];
  assert.equal(slotsOfDay(input(thursday), '2027-05-27').length, 0);
  assert.equal(slotsOfDay(input(thursday, { bundesland: 'BE' }), '2027-05-27').length, 4);
  assert.equal(slotsOfDay(input(rules, { closures: new Set(['2027-01-11']) }), '2027-01-11').length, 0);
});

test('start times: a visit needs consecutive slots of one run, each with room in its contingent', () => {
  const day = slotsOfDay(input([rule(1, '08:00', '09:00', 1, 1, 0), rule(1, '09:30', '10:00', 1, 1, 0)]), '2027-01-11');
  const none = { total: 0, online: 0, phone: 0 };
  const taken = berlinInstant('2027-01-11', '08:30')?.getTime();
  const claimed = (s: { startsAt: Date }) => (s.startsAt.getTime() === taken ? { total: 1, online: 1, phone: 0 } : none);
  const times = startTimes(day, 2, 'online', claimed).map((s) => s.time);
  // 08:00–08:30 fits, 08:15 would need 08:30 (taken), 08:45 would cross the break, 09:30 fits.
  assert.deepEqual(times, ['08:00', '09:30']);
  assert.deepEqual(startTimes(day, 1, 'phone', () => none), [], 'no phone contingent in these windows');
  assert.equal(startTimes(day, 1, 'internal', () => none).length, 6, 'staff may use every counter');
  assert.equal(slotsNeeded(35, 15), 3);
  assert.equal(slotsNeeded(5, 15), 1);
});

test('property: every offered start has k slots in one run, each with room; nothing fitting is left out', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: 4 }), (claims, k) => {
      const day = slotsOfDay(input([rule(2, '08:00', '11:00', 3, 2, 1), rule(2, '12:00', '14:00', 3, 2, 1)]), '2027-01-12');
      const claimedAt = (s: { startsAt: Date }) => {
        const [total, online] = claims[day.findIndex((d) => d.startsAt === s.startsAt) % claims.length] as [number, number];
        return { total, online: Math.min(online, total), phone: 0 };
      };
      const offered = new Set(startTimes(day, k, 'online', claimedAt).map((s) => s.time));
      for (let i = 0; i < day.length; i++) {
        const window = day.slice(i, i + k);
        const fits = window.length === k && window.every((s) => s.run === day[i]?.run && claimedAt(s).total < s.total && claimedAt(s).online < s.online);
        assert.equal(offered.has(day[i]?.time as string), fits, `${day[i]?.time} k=${k}`);
      }
    }),
  );
});
