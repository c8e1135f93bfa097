import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workingDayAfter, workingDaysBetween, workingDaysDeadline } from './working-days.ts';

test('working days skip weekends and the public holidays of the Bundesland', () => {
  // Friday 2027-04-23 + 2 working days = Tuesday 2027-04-27.
  assert.equal(workingDayAfter(new Date('2027-04-23T17:00:00Z'), 2, 'NW'), '2027-04-27');
  // Thursday 2027-05-27 is Fronleichnam in NW but not in NI.
  assert.equal(workingDayAfter(new Date('2027-05-26T08:00:00Z'), 1, 'NW'), '2027-05-28');
  assert.equal(workingDayAfter(new Date('2027-05-26T08:00:00Z'), 1, 'NI'), '2027-05-27');
  // Received late on Thursday evening in Berlin time (already Friday in Berlin at 23:30 UTC).
  assert.equal(workingDayAfter(new Date('2027-04-22T22:30:00Z'), 1, 'NW'), '2027-04-26');
});

test('the deadline is the end of the day in Berlin time, in summer and in winter', () => {
  assert.equal(workingDaysDeadline(new Date('2027-07-05T09:00:00Z'), 1, 'BY').toISOString(), '2027-07-06T21:59:00.000Z');
  assert.equal(workingDaysDeadline(new Date('2027-01-11T09:00:00Z'), 1, 'BY').toISOString(), '2027-01-12T22:59:00.000Z');
});

test('working days between two instants', () => {
  assert.equal(workingDaysBetween(new Date('2027-04-23T10:00:00Z'), new Date('2027-04-27T10:00:00Z'), 'NW'), 2);
  assert.equal(workingDaysBetween(new Date('2027-04-27T10:00:00Z'), new Date('2027-04-23T10:00:00Z'), 'NW'), 0);
});
