import { test } from 'node:test';
import assert from 'node:assert/strict';
import { easterSunday, isPublicHoliday, publicHolidays } from './holidays.ts';

test('Easter Sunday for known years', () => {
  const known: Record<number, string> = { 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2038: '2038-04-25' };
  for (const [year, date] of Object.entries(known)) assert.equal(easterSunday(Number(year)).toISOString().slice(0, 10), date);
});

test('holidays differ by Bundesland', () => {
  assert.ok(isPublicHoliday('2026-06-04', 'NW'), 'Fronleichnam in NRW');
  assert.ok(!isPublicHoliday('2026-06-04', 'NI'), 'no Fronleichnam in Niedersachsen');
  assert.ok(isPublicHoliday('2026-01-06', 'BY'));
  assert.ok(!isPublicHoliday('2026-01-06', 'NW'));
  assert.ok(isPublicHoliday('2026-11-18', 'SN'), 'Buß- und Bettag 2026 is 18 November');
  assert.ok(isPublicHoliday('2026-10-03', 'HH'));
  assert.equal(publicHolidays(2026, 'NW').size, 11);
  assert.equal(publicHolidays(2026, 'BY').size, 12);
});
