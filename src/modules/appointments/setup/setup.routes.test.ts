import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { berlinInstant } from '../../../core/time/berlin.ts';
import { appointmentsOf } from '../module.ts';
import { availableStarts } from '../booking/availability.ts';
import { findLocation, visitOf, type Location } from '../booking/locations.ts';

let t: TestApp;
const clock = new Date('2027-01-11T07:00:00Z');
let tenant: Tenant;
let admin: TestBrowser;

before(async () => {
  t = await createTestApp({ now: () => clock });
  tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  admin = await staffBrowser(t, 'admin@musterstadt.example');
});
after(() => t.close());

async function unitId(slug: string): Promise<string> {
  return (await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenant.id).where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

test('only admins set up the Terminbuchung', async () => {
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  assert.equal((await clerk.get('/verwaltung/termine/einrichtung')).statusCode, 403);
  assert.equal((await new TestBrowser(t.app).get('/verwaltung/termine/einrichtung')).statusCode, 303, 'to the sign-in');
  const page = await admin.get('/verwaltung/termine/einrichtung');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Bürgerbüro im Rathaus/);
  assert.match(page.body, /Gewerbeamt/);
  const other = await staffBrowser(t, 'admin@beispielhausen.example', 'beispielhausen.localhost');
  const office = (await findLocation(t.services.db, tenant.id, 'buergerbuero')) as Location;
  assert.equal((await other.get(`/verwaltung/termine/einrichtung/${office.id}`)).statusCode, 404, "another municipality's Standort does not exist here");
});

test('a new Standort with a service and opening hours becomes bookable; validation keeps the input', async () => {
  await admin.get('/verwaltung/termine/einrichtung/neu');
  const invalid = await admin.post('/verwaltung/termine/einrichtung/neu', { slug: 'Nord Büro', name: '', unit: 'x', slotMinutes: '7', bookFromDays: '1', bookUntilDays: '60', holdMinutes: '15', confirmMinutes: '60', releaseDelayMinutes: '30', cancelUntilHours: '2' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /error-summary/);
  assert.ok(invalid.body.includes('value="Nord Büro"'));
  const created = await admin.post('/verwaltung/termine/einrichtung/neu', {
    slug: 'buergerbuero-nord',
    name: 'Bürgerbüro Nord',
    address: 'Nordring 5, 32999 Musterstadt',
    directions: '',
    unit: await unitId('buergerbuero'),
    slotMinutes: '15',
    bookFromDays: '0',
    bookUntilDays: '30',
    holdMinutes: '10',
    confirmMinutes: '30',
    releaseDelayMinutes: '0',
    cancelUntilHours: '1',
    active: '1',
  });
  assert.equal(created.statusCode, 303);
  const servicesPath = created.headers.location as string;
  const id = /einrichtung\/([0-9a-f-]{36})\/leistungen/.exec(servicesPath)?.[1] as string;
  await admin.get(servicesPath);
  const ausweis = (await t.services.db.selectFrom('portal_services').select('id').where('tenant_id', '=', tenant.id).where('slug', '=', 'personalausweis').executeTakeFirstOrThrow()).id;
  const bad = await admin.post(servicesPath, { [`bookable-${ausweis}`]: '1', [`minutes-${ausweis}`]: '2', [`max-${ausweis}`]: '1', [`variants-${ausweis}`]: 'onsite' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Dauer 5–240 Minuten/);
  assert.equal((await admin.post(servicesPath, { [`bookable-${ausweis}`]: '1', [`minutes-${ausweis}`]: '25', [`max-${ausweis}`]: '3', [`variants-${ausweis}`]: ['onsite', 'video'] })).statusCode, 303);

  const hoursPath = `/verwaltung/termine/einrichtung/${id}/oeffnungszeiten`;
  await admin.get(hoursPath);
  const wrong = await admin.post(hoursPath, { weekday: '2', starts: '12:00', ends: '08:00', validFrom: '2027-01-01', validUntil: '', counters: '2', online: '1', phone: '1' });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Ende muss nach dem Beginn/);
  const tooMany = await admin.post(hoursPath, { weekday: '2', starts: '08:00', ends: '12:00', validFrom: '2027-01-01', validUntil: '', counters: '2', online: '2', phone: '1' });
  assert.match(tooMany.body, /nicht mehr als die Schalter/);
  assert.equal((await admin.post(hoursPath, { weekday: '2', starts: '08:00', ends: '12:00', validFrom: '2027-01-01', validUntil: '', counters: '2', online: '1', phone: '1' })).statusCode, 303);

  const location = (await findLocation(t.services.db, tenant.id, 'buergerbuero-nord')) as Location;
  const v = visitOf(location, [{ serviceId: ausweis, quantity: 1 }]);
  assert.ok(v.ok);
  assert.equal(v.visit.slots, 2, '25 minutes on a 15-minute grid');
  const starts = await availableStarts(t.services.db, { location, bundesland: 'NW' as Bundesland, visit: v.visit, contingent: 'online', from: '2027-01-12', to: '2027-01-12', now: clock });
  assert.equal(starts[0]?.time, '08:00');
  assert.equal(starts.length, 15);
  const audit = await t.services.db.selectFrom('audit_log').select('action').where('object_id', '=', id).execute();
  assert.deepEqual(audit.map((a) => a.action).sort(), ['appointment.location.create', 'appointment.location.hours.add', 'appointment.location.services']);

  // Ending the window takes the days after today off the calendar.
  const page = await admin.get(hoursPath);
  const endPath = /action="(\/verwaltung\/termine\/einrichtung\/[^"]+\/beenden)"/.exec(page.body)?.[1] as string;
  assert.equal((await admin.post(endPath, {})).statusCode, 303);
  assert.deepEqual(await availableStarts(t.services.db, { location, bundesland: 'NW' as Bundesland, visit: v.visit, contingent: 'online', from: '2027-01-12', to: '2027-01-19', now: clock }), []);
});

test('the slot grid cannot change while appointments are booked on it', async () => {
  const office = (await findLocation(t.services.db, tenant.id, 'buergerbuero')) as Location;
  const v = visitOf(office, [{ serviceId: office.services[0]?.id as string, quantity: 1 }]);
  assert.ok(v.ok);
  const held = await appointmentsOf(t.services).hold(tenant, { location: office, visit: v.visit, variant: 'onsite', startsAt: berlinInstant('2027-01-13', '08:00') as Date, holder: 'grid', verifiedHuman: false });
  assert.ok(held.ok);
  await admin.get(`/verwaltung/termine/einrichtung/${office.id}`);
  const form = { name: office.name, address: office.address, directions: office.directions, unit: office.unitId, slotMinutes: '15', bookFromDays: '1', bookUntilDays: '60', holdMinutes: '15', confirmMinutes: '60', releaseDelayMinutes: '30', cancelUntilHours: '2', active: '1' };
  const refused = await admin.post(`/verwaltung/termine/einrichtung/${office.id}`, form);
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Zeitraster kann nicht geändert werden/);
  assert.equal((await admin.post(`/verwaltung/termine/einrichtung/${office.id}`, { ...form, slotMinutes: '10', directions: 'Seiteneingang' })).statusCode, 303);
  assert.equal(((await findLocation(t.services.db, tenant.id, 'buergerbuero')) as Location).directions, 'Seiteneingang');
});
