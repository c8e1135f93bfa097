import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { availableDays, claimDay, DayFullError, districtFor } from './pickup.service.ts';

let t: TestApp;
let tenant: Tenant;
before(async () => {
  t = await createTestApp();
  tenant = (await t.services.tenants.bySlug('musterstadt')) as Tenant;
});
after(async () => t.close());

test('the street decides the Abfuhrbezirk; unknown streets fall to the default district', async () => {
  assert.match((await districtFor(t.services.db, tenant.id, 'Lindenstr.'))?.name ?? '', /Bezirk 1/);
  assert.match((await districtFor(t.services.db, tenant.id, 'lindenstrasse'))?.name ?? '', /Bezirk 1/);
  assert.match((await districtFor(t.services.db, tenant.id, 'Irgendweg'))?.name ?? '', /Bezirk 2/);
});

test('offered days: only pickup weekdays, after the lead time, never on a public holiday of the Land', async () => {
  const district = (await districtFor(t.services.db, tenant.id, 'Lindenstraße'))!;
  assert.equal(district.leadDays, 7);
  // From Monday 26 April 2027 on: first possible day is 3 May; Christi Himmelfahrt (Thursday 6 May) is a holiday.
  const days = await availableDays(t.services.db, tenant, district, '2027-04-26', 'de');
  assert.ok(days.length > 0);
  for (const day of days) {
    const weekday = new Date(`${day.value}T12:00:00Z`).getUTCDay();
    assert.ok(weekday === 2 || weekday === 4, day.value);
    assert.ok(day.value >= '2027-05-03', day.value);
  }
  assert.equal(days[0]?.value, '2027-05-04');
  assert.match(days[0]?.label ?? '', /Dienstag, 04\.05\.2027/);
  assert.ok(!days.some((d) => d.value === '2027-05-06'), 'Christi Himmelfahrt is not offered');
  assert.ok(days.some((d) => d.value === '2027-05-13'));
});

test('a day with no room left is not offered and cannot be booked, even by many people at once', async () => {
  const district = (await districtFor(t.services.db, tenant.id, 'Lindenstraße'))!;
  const day = '2027-01-12';
  const attempts = await Promise.allSettled(
    Array.from({ length: 20 }, () => t.services.db.transaction().execute((tx) => claimDay(tx, tenant.id, district, day))),
  );
  const won = attempts.filter((a) => a.status === 'fulfilled').length;
  assert.equal(won, district.capacity, 'exactly the capacity is booked');
  for (const a of attempts) if (a.status === 'rejected') assert.ok(a.reason instanceof DayFullError);
  const row = await t.services.db.selectFrom('portal_pickup_bookings').select('booked').where('day', '=', day).executeTakeFirstOrThrow();
  assert.equal(row.booked, district.capacity);
  const offered = await availableDays(t.services.db, tenant, district, '2027-01-04', 'de');
  assert.ok(!offered.some((d) => d.value === day), 'the full day is no longer offered');
  assert.ok(offered.some((d) => d.value === '2027-01-14'), 'other days still are');
});
