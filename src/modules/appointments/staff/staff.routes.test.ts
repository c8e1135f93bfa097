/**
 * The Bürgerbüro's appointment pages over HTTP, with the clock fixed on a
 * Monday morning in January 2027 (Berlin): who may see which Standort,
 * booking on behalf from the first step to the mail with its calendar
 * entry, the day view per counter with arrival and no-show, moving and
 * cancelling, closing a day, the week, statistics for a constructed set of
 * appointments, and bad input (4xx, never 500).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { berlinInstant } from '../../../core/time/berlin.ts';
import type { AppointmentService } from '../booking/booking.service.ts';
import { findLocation, visitOf, type Location } from '../booking/locations.ts';
import { appointmentsOf } from '../module.ts';
import { appointmentFigures } from './statistics.service.ts';


const CLERK = 'buergerbuero@musterstadt.example';
const BASE = '/verwaltung/termine';
const START = new Date('2027-01-11T07:00:00Z'); // Monday 08:00 Berlin

let t: TestApp;
let clock = START;
let tenant: Tenant;
let office: Location;
let trade: Location;
let engine: AppointmentService;
let idCard: string;
let certificate: string;
let tradeRegistration: string;
let tradeChange: string;

const at = (day: string, time: string): Date => berlinInstant(day, time) as Date;
/** Page text with entities and no-break spaces made plain, for matching. */
const text = (html: string): string => html.replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/[\u00a0\u202f]/g, ' ');
const as = (email: string, host?: string): Promise<TestBrowser> => staffBrowser(t, email, host);

async function actor(email: string): Promise<StaffActor> {
  const user = await t.services.db.selectFrom('staff_users').select(['id', 'display_name', 'tenant_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const roles = await t.services.db.selectFrom('staff_roles').select(['role', 'unit_id']).where('user_id', '=', user.id).execute();
  return { kind: 'staff', tenantId: user.tenant_id, userId: user.id, displayName: user.display_name, roles: roles.map((r) => ({ role: r.role, unitId: r.unit_id })) };
}

let keys = 0;
/** A booking made straight through the engine, for setting up a day. */
async function bookDirect(o: { location?: Location; lines: [string, number][]; day: string; time: string; channel?: 'phone' | 'internal'; email?: string; name?: string; variant?: 'onsite' | 'phone' | 'video' }) {
  const location = o.location ?? office;
  const visit = visitOf(location, o.lines.map(([serviceId, quantity]) => ({ serviceId, quantity })));
  assert.ok(visit.ok);
  const result = await engine.bookOnBehalf(await actor(location === office ? CLERK : 'ordnungsamt@musterstadt.example'), {
    location,
    visit: visit.visit,
    variant: o.variant ?? 'onsite',
    startsAt: at(o.day, o.time),
    channel: o.channel ?? 'internal',
    name: o.name ?? 'Erika Mustermann',
    email: o.email ?? null,
    phone: null,
    note: null,
    reminder: false,
    locale: 'de',
    overrideLimit: false,
    idempotencyKey: `test-${++keys}`,
  });
  assert.ok(result.ok, `book ${o.day} ${o.time}: ${JSON.stringify(result)}`);
  return result;
}

async function bookingRow(id: string) {
  return t.services.db.selectFrom('appt_bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The part of the day view that belongs to one counter. */
function counterSection(html: string, n: number): string {
  const start = html.indexOf(`id="counter-${n}"`);
  assert.ok(start >= 0, `counter ${n} shown`);
  const end = html.indexOf('<section', start);
  return html.slice(start, end < 0 ? undefined : end);
}

before(async () => {
  t = await createTestApp({ now: () => clock });
  tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  office = (await findLocation(t.services.db, tenant.id, 'buergerbuero')) as Location;
  trade = (await findLocation(t.services.db, tenant.id, 'gewerbe')) as Location;
  engine = appointmentsOf(t.services);
  idCard = office.services.find((s) => s.slug === 'personalausweis')?.id as string;
  certificate = office.services.find((s) => s.slug === 'meldebescheinigung')?.id as string;
  tradeRegistration = trade.services.find((s) => s.slug === 'gewerbeanmeldung')?.id as string;
  tradeChange = trade.services.find((s) => s.slug === 'gewerbeummeldung')?.id as string;
});
after(() => t.close());

test('each sees the Standorte of their own unit: 403 for others, 404 across tenants, admin sees all', async () => {
  const booking = await bookDirect({ lines: [[certificate, 1]], day: '2027-01-25', time: '11:00' });
  const clerk = await as(CLERK);
  const list = await clerk.get(BASE);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /href="\/verwaltung\/termine"[^>]*>\s*Termine/, 'the staff navigation links the appointments');
  assert.match(list.body, /Bürgerbüro im Rathaus/);
  assert.doesNotMatch(list.body, /Gewerbeamt/);
  assert.match(list.body, /href="\/verwaltung\/termine\/buergerbuero\/tag\/2027-01-11"/, "a link to today's day view (Berlin)");

  const trades = await as('ordnungsamt@musterstadt.example');
  const tradeList = await trades.get(BASE);
  assert.match(tradeList.body, /Gewerbeamt \(Ordnungsamt\)/);
  assert.doesNotMatch(tradeList.body, /Bürgerbüro im Rathaus/);
  assert.equal((await trades.get(`${BASE}/gewerbe/tag/2027-01-12`)).statusCode, 200);
  assert.equal((await trades.get(`${BASE}/buergerbuero/tag/2027-01-12`)).statusCode, 403);
  assert.doesNotMatch((await trades.get(`${BASE}/statistik`)).body, /Bürgerbüro im Rathaus/);

  const yard = await as('bauhof@musterstadt.example');
  const empty = await yard.get(BASE);
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /keine Standorte/);
  for (const path of [`${BASE}/buergerbuero/tag/2027-01-11`, `${BASE}/buergerbuero/woche/2027-01-11`, `${BASE}/buergerbuero/buchen`, `${BASE}/buergerbuero/schliessen`, `${BASE}/buchung/${booking.id}`, `${BASE}/buchung/${booking.id}/verlegen`, `${BASE}/statistik?standort=buergerbuero`]) {
    assert.equal((await yard.get(path)).statusCode, 403, path);
  }
  await yard.get(BASE);
  assert.equal((await yard.post(`${BASE}/buchung/${booking.id}/absagen`, { nachricht: 'x' })).statusCode, 403);
  assert.equal((await yard.post(`${BASE}/buergerbuero/schliessen`, { aktion: 'schliessen', tag: '2027-01-25', grund: 'x' })).statusCode, 403);
  assert.equal((await bookingRow(booking.id)).status, 'confirmed');

  const cashier = await as('kasse@musterstadt.example');
  assert.equal((await cashier.get(BASE)).statusCode, 403, 'no unit, no appointments');
  assert.doesNotMatch((await cashier.get('/verwaltung/zahlungen')).body, /href="\/verwaltung\/termine"/);

  const admin = await as('admin@musterstadt.example');
  const all = await admin.get(BASE);
  assert.match(all.body, /Bürgerbüro im Rathaus/);
  assert.match(all.body, /Gewerbeamt/);
  assert.equal((await admin.get(`${BASE}/buchung/${booking.id}`)).statusCode, 200);

  const foreign = await as('admin@beispielhausen.example', 'beispielhausen.localhost');
  assert.equal((await foreign.get(`${BASE}/buergerbuero/tag/2027-01-11`)).statusCode, 404);
  assert.equal((await foreign.get(`${BASE}/buchung/${booking.id}`)).statusCode, 404);
  assert.match((await foreign.get(BASE)).body, /Einwohnermeldeamt/);

  const anonymous = await new TestBrowser(t.app).get(BASE);
  assert.equal(anonymous.statusCode, 303);
  assert.match(String(anonymous.headers.location), /^\/verwaltung\/anmelden/);
});

test('book on behalf: four steps, mail with calendar entry, audited, a double submit books once', async () => {
  const clerk = await as(CLERK);
  const path = `${BASE}/buergerbuero/buchen`;
  const first = await clerk.get(path);
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /Worum geht es\?/);
  const key = /name="schluessel" value="([^"]+)"/.exec(first.body)?.[1] as string;
  assert.match(key, /^staff-/);
  const answers: Record<string, string> = { schluessel: key, [`menge-${idCard}`]: '2', art: 'onsite', weg: 'telefon' };

  const timeStep = await clerk.post(path, { ...answers, schritt: 'anliegen', aktion: 'weiter' });
  assert.equal(timeStep.statusCode, 200);
  assert.match(timeStep.body, /Wann\?/);
  assert.match(timeStep.body, /dauert 40 Minuten/);
  const nextDay = await clerk.post(path, { ...answers, schritt: 'zeit', aktion: 'tag-2027-01-12', tag: '2027-01-11' });
  assert.match(nextDay.body, /Freie Uhrzeiten am Dienstag, 12\. Januar 2027/);
  assert.match(nextDay.body, /name="zeit" type="radio" value="09:00"/);

  Object.assign(answers, { tag: '2027-01-12', zeit: '09:00' });
  const person = await clerk.post(path, { ...answers, schritt: 'zeit', aktion: 'weiter' });
  assert.match(person.body, /Für wen ist der Termin\?/);
  assert.match(person.body, /name="menge-[^"]+" value="2"/, 'earlier answers travel in hidden fields');

  Object.assign(answers, { name: 'Hans Telefon', email: 'hans.telefon@example.org', telefon: '0151 1234567', hinweis: 'braucht Dolmetscher', erinnerung: '1', sprache: 'de' });
  const check = await clerk.post(path, { ...answers, schritt: 'person', aktion: 'weiter' });
  assert.equal(check.statusCode, 200);
  assert.match(check.body, /Angaben prüfen/);
  assert.match(check.body, /Dienstag, 12\. Januar 2027, 09:00 Uhr – 09:40/);
  assert.match(check.body, /Personalausweis beantragen \(2 Personen\)|Personalausweis[^<]*\(2 Personen\)/);
  assert.match(check.body, /hans\.telefon@example\.org/);

  const booked = await clerk.post(path, { ...answers, schritt: 'pruefen', aktion: 'buchen' });
  assert.equal(booked.statusCode, 303);
  const done = String(booked.headers.location);
  const id = /\/buchung\/([0-9a-f-]{36})\/gebucht$/.exec(done)?.[1] as string;
  assert.ok(id, done);
  const confirmation = await clerk.get(done);
  const row = await bookingRow(id);
  assert.match(confirmation.body, new RegExp(`rathaus-panel__reference">${row.reference}<`));
  assert.match(confirmation.body, /Bestätigung mit Kalendereintrag per E-Mail/);
  assert.equal(row.status, 'confirmed');
  assert.equal(row.channel, 'phone');
  assert.equal(row.reminder, true);
  assert.equal(row.note, 'braucht Dolmetscher');
  assert.equal(row.starts_at.toISOString(), '2027-01-12T08:00:00.000Z');
  const claims = await t.services.db.selectFrom('appt_claims').select('channel').where('booking_id', '=', id).execute();
  assert.deepEqual([...new Set(claims.map((c) => c.channel))], ['phone'], 'a phone request books in the phone contingent');

  const mail = await t.services.db.selectFrom('mails').selectAll().where('to_address', '=', 'hans.telefon@example.org').where('template', '=', 'appointment.confirmed').executeTakeFirstOrThrow();
  assert.equal(mail.calendar_method, 'REQUEST');
  assert.match(mail.calendar as string, /DTSTART;TZID=Europe\/Berlin:20270112T090000/);
  assert.match(mail.calendar as string, new RegExp(`UID:${row.reference}@`));
  const audit = await t.services.db.selectFrom('audit_log').select(['actor_label', 'details']).where('action', '=', 'appointment.book').where('object_id', '=', id).executeTakeFirstOrThrow();
  assert.equal(audit.actor_label, 'Birgit Brandt');
  assert.equal((audit.details as { channel: string }).channel, 'phone');

  await clerk.get(path);
  const again = await clerk.post(path, { ...answers, schritt: 'pruefen', aktion: 'buchen' });
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers.location, done, 'the same form sent twice shows the same booking');
  const count = await t.services.db.selectFrom('appt_bookings').select((eb) => eb.fn.countAll<string>().as('n')).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1);
  const mails = await t.services.db.selectFrom('mails').select('id').where('to_address', '=', 'hans.telefon@example.org').execute();
  assert.equal(mails.length, 1, 'one confirmation only');

  // Two sends at the same moment (a double click) book once as well.
  const twin = { ...answers, schluessel: 'staff-00000000-0000-4000-8000-00000000000a', zeit: '10:00', schritt: 'pruefen', aktion: 'buchen' };
  await clerk.get(path);
  const both = await Promise.all([clerk.post(path, twin), clerk.post(path, twin)]);
  assert.deepEqual(both.map((r) => r.statusCode), [303, 303]);
  assert.equal(both[0]?.headers.location, both[1]?.headers.location);
  const twins = await t.services.db.selectFrom('appt_bookings').select('status').where('idempotency_key', '=', twin.schluessel).execute();
  assert.deepEqual(twins.map((r) => r.status), ['confirmed']);

  // Back from the check page keeps what was typed.
  await clerk.get(path);
  const backToPerson = await clerk.post(path, { ...answers, schritt: 'pruefen', aktion: 'aendern-person' });
  assert.match(backToPerson.body, /value="Hans Telefon"/);
});

test('a time taken meanwhile and the per-person limit are explained with an error summary; the limit can be overridden', async () => {
  const clerk = await as(CLERK);
  const path = `${BASE}/buergerbuero/buchen`;
  await clerk.get(path);
  // The phone counter is taken 09:00–09:40 on the 12th (previous test): 09:10 is not free by phone any more.
  const taken = { schluessel: 'staff-00000000-0000-4000-8000-000000000001', [`menge-${certificate}`]: '1', art: 'onsite', weg: 'telefon', tag: '2027-01-12', zeit: '09:10', name: 'Paula Parallel', email: '', telefon: '', hinweis: '', sprache: 'de' };
  const refused = await clerk.post(path, { ...taken, schritt: 'pruefen', aktion: 'buchen' });
  assert.ok(refused.statusCode >= 400 && refused.statusCode < 500);
  assert.match(refused.body, /id="error-summary"/);
  assert.match(refused.body, /href="#field-zeit"[^>]*>Diese Zeit ist nicht mehr frei/);
  assert.match(refused.body, /name="zeit" type="radio" value="09:40"/, 'the free times are offered again');
  assert.doesNotMatch(refused.body, /name="zeit" type="radio" value="09:10"/);
  assert.match(refused.body, /<title>Fehler:/);

  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 1);
  try {
    await bookDirect({ lines: [[certificate, 1]], day: '2027-01-14', time: '11:00', email: 'viel@example.org' });
    const limited = { schluessel: 'staff-00000000-0000-4000-8000-000000000002', [`menge-${certificate}`]: '1', art: 'onsite', weg: 'vor-ort', tag: '2027-01-14', zeit: '11:10', name: 'Viel Bucher', email: 'Viel@Example.org', telefon: '', hinweis: '', sprache: 'de' };
    const limit = await clerk.post(path, { ...limited, schritt: 'pruefen', aktion: 'buchen' });
    assert.equal(limit.statusCode, 409);
    assert.match(text(limit.body), /href="#field-obergrenze"[^>]*>Für diese E-Mail-Adresse sind schon 1 Termine gebucht/);
    assert.match(limit.body, /Für wen ist der Termin\?/);
    const overridden = await clerk.post(path, { ...limited, obergrenze: '1', schritt: 'pruefen', aktion: 'buchen' });
    assert.equal(overridden.statusCode, 303);
    const id = /\/buchung\/([0-9a-f-]{36})\/gebucht$/.exec(String(overridden.headers.location))?.[1] as string;
    const audit = await t.services.db.selectFrom('audit_log').select('details').where('action', '=', 'appointment.book').where('object_id', '=', id).executeTakeFirstOrThrow();
    assert.equal((audit.details as { overrideLimit: boolean }).overrideLimit, true, 'the override is in the audit log');
  } finally {
    await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 3);
  }
});

test('the day view puts bookings on counters by start time; arrival and no-show follow the rules', async () => {
  const day = '2027-01-13';
  const a = await bookDirect({ lines: [[certificate, 2]], day, time: '08:00', name: 'Anna Arm' }); // 08:00–08:20
  const b = await bookDirect({ lines: [[certificate, 1]], day, time: '08:00', name: 'Bert Bein' }); // 08:00–08:10
  const c = await bookDirect({ lines: [[certificate, 2]], day, time: '08:10', name: 'Cora Chor' }); // 08:10–08:30
  const d = await bookDirect({ lines: [[certificate, 1]], day, time: '08:20', name: 'Dora Dach' }); // 08:20–08:30
  let clerk = await as(CLERK);
  const view = await clerk.get(`${BASE}/buergerbuero/tag/${day}`);
  assert.equal(view.statusCode, 200);
  assert.match(view.body, /Mittwoch, 13\. Januar 2027/);
  // Both A and B start at 08:00; the shorter one (B) goes first. C starts when B is done, D when A is.
  const first = counterSection(view.body, 1);
  const second = counterSection(view.body, 2);
  assert.match(first, new RegExp(`08:00–08:10[\\s\\S]*${b.reference}[\\s\\S]*Bert Bein[\\s\\S]*08:10–08:30[\\s\\S]*${c.reference}`), 'counter 1: B, then C');
  assert.match(second, new RegExp(`08:00–08:20[\\s\\S]*${a.reference}[\\s\\S]*Anna Arm[\\s\\S]*08:20–08:30[\\s\\S]*${d.reference}`), 'counter 2: A, then D');
  assert.doesNotMatch(counterSection(view.body, 3), /TB-/, 'counter 3 is free');
  assert.doesNotMatch(view.body, /Ankunft erfassen/, 'no arrival before the day');

  clock = at(day, '07:50');
  clerk = await as(CLERK);
  const morning = await clerk.get(`${BASE}/buergerbuero/tag/${day}`);
  assert.match(morning.body, new RegExp(`aria-label="Ankunft erfassen: 08:00, ${a.reference}"`), 'the button names time and reference');
  assert.doesNotMatch(morning.body, /Nicht erschienen<\/span>/, 'no no-show before the start');
  const early = await clerk.post(`${BASE}/buchung/${b.id}/nicht-erschienen`, { zurueck: 'tag' });
  assert.equal(early.statusCode, 409);
  assert.match(text(early.body), /erst ab Beginn des Termins erfasst werden \(08:00 Uhr\)/);
  assert.equal((await bookingRow(b.id)).status, 'confirmed');

  clock = at(day, '08:05');
  clerk = await as(CLERK);
  await clerk.get(`${BASE}/buergerbuero/tag/${day}`);
  const arrived = await clerk.post(`${BASE}/buchung/${a.id}/ankunft`, { zurueck: 'tag' });
  assert.equal(arrived.statusCode, 303);
  assert.equal(arrived.headers.location, `${BASE}/buergerbuero/tag/${day}`);
  await clerk.get(`${BASE}/buchung/${b.id}`);
  const missed = await clerk.post(`${BASE}/buchung/${b.id}/nicht-erschienen`, { zurueck: 'buchung' });
  assert.equal(missed.statusCode, 303);
  assert.equal(missed.headers.location, `${BASE}/buchung/${b.id}`);
  assert.equal((await bookingRow(a.id)).status, 'attended');
  assert.equal((await bookingRow(b.id)).status, 'no_show');
  const after = await clerk.get(`${BASE}/buergerbuero/tag/${day}`);
  assert.match(after.body, /Als nicht erschienen erfasst: /, 'the flash message');
  assert.match(counterSection(after.body, 2), /<span class="kern-label">erschienen<\/span>/);
  assert.match(counterSection(after.body, 1), /<span class="kern-label">nicht erschienen<\/span>/);
  const twice = await clerk.post(`${BASE}/buchung/${a.id}/ankunft`, { zurueck: 'tag' });
  assert.equal(twice.statusCode, 409);
  const audits = await t.services.db.selectFrom('audit_log').select('action').where('object_id', 'in', [a.id, b.id]).where('action', 'in', ['appointment.checkin', 'appointment.no_show']).execute();
  assert.deepEqual(audits.map((x) => x.action).sort(), ['appointment.checkin', 'appointment.no_show']);
  const file = await clerk.get(`${BASE}/buchung/${a.id}`);
  assert.match(file.body, /Ankunft erfasst von Birgit Brandt/);
  const caseId = (await bookingRow(a.id)).case_id as string;
  assert.match(file.body, new RegExp(`href="/verwaltung/vorgaenge/${caseId}"`), 'the Vorgang is linked');
  assert.equal((await clerk.get(`/verwaltung/vorgaenge/${caseId}`)).statusCode, 200);
  clock = START;
});

test('summer time: the day view shows Berlin wall-clock times', async () => {
  clock = new Date('2027-04-05T06:00:00Z'); // Monday 08:00 CEST
  try {
    const b = await bookDirect({ lines: [[certificate, 1]], day: '2027-04-06', time: '09:00' });
    assert.equal((await bookingRow(b.id)).starts_at.toISOString(), '2027-04-06T07:00:00.000Z');
    const clerk = await as(CLERK);
    const view = await clerk.get(`${BASE}/buergerbuero/tag/2027-04-06`);
    assert.match(counterSection(view.body, 1), new RegExp(`09:00–09:10[\\s\\S]*${b.reference}`));
  } finally {
    clock = START;
  }
});

test('move an appointment on its page: free times of its contingent, the new time mailed', async () => {
  const b = await bookDirect({ lines: [[certificate, 1]], day: '2027-01-15', time: '08:00', email: 'verlegen@example.org' });
  const clerk = await as(CLERK);
  const page = await clerk.get(`${BASE}/buchung/${b.id}/verlegen`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Freie Uhrzeiten am Freitag, 15\. Januar 2027/);
  const outside = await clerk.post(`${BASE}/buchung/${b.id}/verlegen`, { tag: '2027-01-15', zeit: '13:00' });
  assert.equal(outside.statusCode, 409);
  assert.match(outside.body, /href="#field-zeit"/);
  const garbage = await clerk.post(`${BASE}/buchung/${b.id}/verlegen`, { tag: '2027-01-15', zeit: 'abc' });
  assert.equal(garbage.statusCode, 422);
  const moved = await clerk.post(`${BASE}/buchung/${b.id}/verlegen`, { tag: '2027-01-15', zeit: '10:30' });
  assert.equal(moved.statusCode, 303);
  assert.equal((await bookingRow(b.id)).starts_at.toISOString(), at('2027-01-15', '10:30').toISOString());
  const mails = await t.services.db.selectFrom('mails').selectAll().where('to_address', '=', 'verlegen@example.org').where('template', '=', 'appointment.confirmed').orderBy('created_at').execute();
  assert.equal(mails.length, 2);
  assert.match(mails[1]?.calendar as string, /DTSTART;TZID=Europe\/Berlin:20270115T103000/);
  const file = await clerk.get(`${BASE}/buchung/${b.id}`);
  assert.match(file.body, /Termin .* ist verlegt auf Freitag, 15\. Januar 2027, 10:30 Uhr/);
  assert.match(file.body, /Verlegt von Birgit Brandt/);
});

test('cancel with a message to the citizen: the mail carries it, the Vorgang is closed, once only', async () => {
  const b = await bookDirect({ lines: [[idCard, 1]], day: '2027-01-15', time: '09:00', email: 'absage@example.org' });
  const clerk = await as(CLERK);
  const form = await clerk.get(`${BASE}/buchung/${b.id}/absagen`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Die Absage geht per E-Mail an absage@example\.org/);
  const tooLong = await clerk.post(`${BASE}/buchung/${b.id}/absagen`, { nachricht: 'x'.repeat(2001) });
  assert.equal(tooLong.statusCode, 422);
  assert.match(tooLong.body, /href="#field-nachricht"/);
  const message = 'Leider ist die Ausweisbehörde an diesem Tag nicht besetzt. Bitte buchen Sie einen neuen Termin.';
  const cancelled = await clerk.post(`${BASE}/buchung/${b.id}/absagen`, { nachricht: message });
  assert.equal(cancelled.statusCode, 303);
  const row = await bookingRow(b.id);
  assert.equal(row.status, 'cancelled');
  assert.equal(row.cancelled_by, 'staff');
  const mail = await t.services.db.selectFrom('mails').selectAll().where('to_address', '=', 'absage@example.org').where('template', '=', 'appointment.cancelled').executeTakeFirstOrThrow();
  assert.ok(mail.text_body.includes(message), 'the message is in the cancellation mail');
  assert.equal(mail.calendar_method, 'CANCEL');
  const kase = await t.services.db.selectFrom('cases').select('status').where('id', '=', row.case_id as string).executeTakeFirstOrThrow();
  assert.equal(kase.status, 'completed');
  const page = await clerk.get(`${BASE}/buchung/${b.id}`);
  assert.match(page.body, /ist abgesagt/);
  assert.match(page.body, /Ausweisbehörde an diesem Tag nicht besetzt/, 'the history shows the message');
  assert.equal((await clerk.post(`${BASE}/buchung/${b.id}/absagen`, { nachricht: '' })).statusCode, 409, 'once only');
});

test('close a day: confirmation with the count, every citizen told the reason, the day marked closed', async () => {
  const day = '2027-01-19';
  await bookDirect({ lines: [[certificate, 1]], day, time: '08:00', email: 'zu1@example.org' });
  await bookDirect({ lines: [[certificate, 1]], day, time: '10:00', email: 'zu2@example.org' });
  const clerk = await as(CLERK);
  const path = `${BASE}/buergerbuero/schliessen`;
  assert.equal((await clerk.get(path)).statusCode, 200);
  const missing = await clerk.post(path, { aktion: 'pruefen', tag: day, grund: '' });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /href="#field-grund"/);
  const past = await clerk.post(path, { aktion: 'pruefen', tag: '2027-01-08', grund: 'Streik' });
  assert.equal(past.statusCode, 422);
  assert.match(past.body, /href="#field-tag"/);
  const reason = 'Wegen einer Betriebsversammlung bleibt das Bürgerbüro geschlossen.';
  const confirm = await clerk.post(path, { aktion: 'pruefen', tag: day, grund: reason });
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /abgesagt werden: 2\./);
  assert.match(confirm.body, /Tag schließen und 2 Termine absagen/);
  assert.equal((await t.services.db.selectFrom('appt_closures').select('day').where('day', '=', day).execute()).length, 0, 'nothing happens before the confirmation');
  const closed = await clerk.post(path, { aktion: 'schliessen', tag: day, grund: reason });
  assert.equal(closed.statusCode, 303);
  const result = await clerk.get(String(closed.headers.location));
  assert.equal(result.statusCode, 200);
  assert.match(result.body, /Abgesagte Termine und Reservierungen: 2\./);
  for (const to of ['zu1@example.org', 'zu2@example.org']) {
    const mail = await t.services.db.selectFrom('mails').select('text_body').where('to_address', '=', to).where('template', '=', 'appointment.cancelled').executeTakeFirstOrThrow();
    assert.ok(mail.text_body.includes(reason), `${to} is told why`);
  }
  const view = await clerk.get(`${BASE}/buergerbuero/tag/${day}`);
  assert.match(view.body, /Geschlossen: Wegen einer Betriebsversammlung/);
  assert.match(view.body, /keine Termine gebucht/);
  const audit = await t.services.db.selectFrom('audit_log').select('details').where('action', '=', 'appointment.close_day').executeTakeFirstOrThrow();
  assert.equal((audit.details as { day: string }).day, day);
});

test('the week view counts appointments and places per day', async () => {
  await bookDirect({ location: trade, lines: [[tradeRegistration, 1]], day: '2027-01-26', time: '09:00' }); // 30 min: 2 places
  await bookDirect({ location: trade, lines: [[tradeChange, 1]], day: '2027-01-26', time: '10:00', variant: 'video' }); // 1 place
  await bookDirect({ location: trade, lines: [[tradeChange, 1]], day: '2027-01-28', time: '09:00' });
  const trades = await as('ordnungsamt@musterstadt.example');
  const redirect = await trades.get(`${BASE}/gewerbe/woche/2027-01-27`);
  assert.equal(redirect.statusCode, 303);
  assert.equal(redirect.headers.location, `${BASE}/gewerbe/woche/2027-01-25`);
  const week = await trades.get(`${BASE}/gewerbe/woche/2027-01-25`);
  assert.equal(week.statusCode, 200);
  const row = (day: string): string => {
    const start = week.body.indexOf(`href="${BASE}/gewerbe/tag/${day}"`);
    assert.ok(start >= 0, `row of ${day}`);
    return text(week.body.slice(start, week.body.indexOf('</tr>', start)));
  };
  assert.match(row('2027-01-26'), /Dienstag, 26\. Januar 2027<\/span><\/a><\/th><td class="kern-table__cell">2<\/td><td class="kern-table__cell">0<\/td><td class="kern-table__cell">3 von 12<\/td><td class="kern-table__cell">25 %/);
  assert.match(row('2027-01-28'), />1<\/td><td class="kern-table__cell">0<\/td><td class="kern-table__cell">1 von 12<\/td><td class="kern-table__cell">8 %/);
  assert.match(row('2027-01-25'), />0<\/td>[\s\S]*keine Öffnungszeiten/);
  assert.match(text(week.body), /Termine der Woche \(insgesamt 3\)/);
  const day = await trades.get(`${BASE}/gewerbe/tag/2027-01-26`);
  assert.match(day.body, /href="https:\/\/meet\.musterstadt\.example\/rathaus-[A-Za-z0-9_-]+"/, 'video appointments link their room');
});

test('statistics of a constructed set: per channel and service, no-show rate, lead time, utilisation, cancellations', async () => {
  clock = new Date('2027-02-01T07:00:00Z'); // Monday 08:00
  try {
    const b1 = await bookDirect({ lines: [[idCard, 1]], day: '2027-02-15', time: '08:00' }); // lead 14 days, 2 places
    const b2 = await bookDirect({ lines: [[certificate, 1]], day: '2027-02-16', time: '08:00', channel: 'phone' }); // 15 days, 1 place
    const b3 = await bookDirect({ lines: [[idCard, 2], [certificate, 1]], day: '2027-02-17', time: '08:00' }); // 16 days, 5 places
    const b4 = await bookDirect({ lines: [[certificate, 1]], day: '2027-02-18', time: '08:00' });
    const visit = visitOf(office, [{ serviceId: certificate, quantity: 1 }]);
    assert.ok(visit.ok);
    const held = await engine.hold(tenant, { location: office, visit: visit.visit, variant: 'onsite', startsAt: at('2027-02-19', '08:00'), holder: 'stats-browser', verifiedHuman: true });
    assert.ok(held.ok);
    await engine.saveDetails(tenant.id, held.id, 'stats-browser', { name: 'Olga Online', email: 'olga@example.org', phone: null, note: null, reminder: false, locale: 'de' });
    assert.ok((await engine.submit(tenant.id, held.id, 'stats-browser', office)).ok);
    const row = await t.services.db.selectFrom('appt_bookings').select(['id', 'token_salt']).where('id', '=', held.id).executeTakeFirstOrThrow();
    assert.ok((await engine.confirm(tenant, engine.tokensOf(row).confirm)).ok); // online, 18 days, 1 place
    const clerkActor = await actor(CLERK);
    assert.ok((await engine.cancel(tenant.id, b4.id, { kind: 'staff', actor: clerkActor, reason: null })).ok);

    clock = at('2027-02-17', '09:00');
    assert.ok((await engine.recordVisit(clerkActor, b1.id, 'attended')).ok);
    assert.ok((await engine.recordVisit(clerkActor, b2.id, 'no_show')).ok);
    assert.ok((await engine.recordVisit(clerkActor, b3.id, 'attended')).ok);

    const figures = await appointmentFigures(t.services, office, '2027-02-15', '2027-02-19');
    assert.equal(figures.appointments, 4);
    assert.deepEqual(figures.perChannel, [
      { channel: 'online', appointments: 1 },
      { channel: 'phone', appointments: 1 },
      { channel: 'internal', appointments: 2 },
    ]);
    assert.equal(figures.attended, 2);
    assert.equal(figures.noShow, 1);
    assert.equal(figures.noShowRate, 1 / 3);
    assert.equal(figures.leadMedianDays, 15.5);
    assert.equal(figures.leadAverageDays, 15.75);
    assert.deepEqual(figures.cancelled, { citizen: 0, staff: 1, system: 0 });
    assert.deepEqual(
      figures.perService.map((s) => [s.appointments, s.persons]),
      [
        [3, 3],
        [2, 3],
      ],
    );
    // Weekdays 08:00–12:30 are 27 slots × 3 counters; Thursday adds 14:00–18:00 with 2.
    assert.deepEqual(figures.past, { from: '2027-02-15', to: '2027-02-16', capacity: 162, claimed: 3 });
    assert.deepEqual(figures.upcoming, { from: '2027-02-17', to: '2027-02-19', capacity: 81 + 81 + 48 + 81, claimed: 6 });

    const clerk = await as(CLERK);
    const page = await clerk.get(`${BASE}/statistik?standort=buergerbuero&von=2027-02-15&bis=2027-02-19`);
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /Nicht-erschienen-Quote<\/dt><dd[^>]*>33 %/);
    assert.match(body, /Vorlaufzeit \(Median\)<\/dt><dd[^>]*>15,5 Tage/);
    assert.match(body, /Vorlaufzeit \(Durchschnitt\)<\/dt><dd[^>]*>15,8 Tage/);
    assert.match(body, /2 % \(3 von 162 Plätzen/);
    assert.match(body, /1 \(von Bürgerinnen und Bürgern: 0, von der Verwaltung: 1, automatisch: 0\)/);
    assert.match(body, /Telefon \(durch die Verwaltung\)<\/th><td class="kern-table__cell">1<\/td><td class="kern-table__cell">25 %/);
    assert.match(body, /Verwaltung \(intern\)<\/th><td class="kern-table__cell">2<\/td><td class="kern-table__cell">50 %/);
    assert.match(body, /<svg[^>]*role="img"[^>]*aria-labelledby="chart-channels-title"/);
    assert.match(body, /<desc id="chart-channels-desc">Online-Buchung: 1; Telefon \(durch die Verwaltung\): 1; Verwaltung \(intern\): 2<\/desc>/);
    assert.doesNotMatch(page.body, /style=/, 'no inline styles (strict CSP)');
    const defaults = await clerk.get(`${BASE}/statistik`);
    assert.equal(defaults.statusCode, 200);
    assert.match(defaults.body, /value="2027-01-18"/, 'default period starts 30 days back');
    assert.match(defaults.body, /value="2027-03-19"/, 'and ends 30 days ahead');
  } finally {
    clock = START;
  }
});

test('bad input gets a 4xx page with a message, never a 500', async () => {
  const clerk = await as(CLERK);
  const badDay = await clerk.get(`${BASE}/buergerbuero/tag/2027-02-30`);
  assert.equal(badDay.statusCode, 400);
  assert.match(text(badDay.body), /„2027-02-30“ ist kein gültiger Tag/);
  const picker = await clerk.get(`${BASE}/buergerbuero/tag?tag=2027-02-30`);
  assert.equal(picker.statusCode, 422);
  assert.match(picker.body, /href="#field-tag"/);
  const picked = await clerk.get(`${BASE}/buergerbuero/tag?tag=2027-01-20`);
  assert.equal(picked.statusCode, 303);
  assert.equal(picked.headers.location, `${BASE}/buergerbuero/tag/2027-01-20`);
  assert.equal((await clerk.get(`${BASE}/buergerbuero/woche/2027-13-01`)).statusCode, 400);
  assert.equal((await clerk.get(`${BASE}/unbekannt/tag/2027-01-11`)).statusCode, 404);
  assert.equal((await clerk.get(`${BASE}/Bad_Slug/tag/2027-01-11`)).statusCode, 400);
  assert.equal((await clerk.get(`${BASE}/buchung/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
  assert.equal((await clerk.get(`${BASE}/buchung/keine-id`)).statusCode, 400);
  assert.equal((await clerk.get(`${BASE}/buchung/00000000-0000-4000-8000-000000000000/gebucht`)).statusCode, 404);
  assert.equal((await clerk.get(`${BASE}/buergerbuero/schliessen/ergebnis?tag=2027-01-19&abgesagt=minus`)).statusCode, 400);
  const stats = await clerk.get(`${BASE}/statistik?von=2027-02-30`);
  assert.equal(stats.statusCode, 422);
  assert.match(stats.body, /href="#field-von"/);
  assert.equal((await clerk.get(`${BASE}/statistik?bis=2027-01-01&von=2027-02-01`)).statusCode, 422);
  assert.equal((await clerk.get(`${BASE}/statistik?standort=Nicht%20da`)).statusCode, 400);

  const path = `${BASE}/buergerbuero/buchen`;
  await clerk.get(path);
  assert.equal((await clerk.post(path, { schluessel: 'x', schritt: 'foo', aktion: 'weiter' })).statusCode, 400, 'a form not made by our pages');
  const key = 'staff-00000000-0000-4000-8000-000000000009';
  assert.equal((await clerk.post(path, { schluessel: key, schritt: 'anliegen', aktion: 'weiter', [`menge-${certificate}`]: 'abc' })).statusCode, 400);
  const none = await clerk.post(path, { schluessel: key, schritt: 'anliegen', aktion: 'weiter' });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Wählen Sie mindestens ein Anliegen aus/);
  assert.match(none.body, /Wählen Sie, wie die Person den Termin angefragt hat/);
  const tooMany = await clerk.post(path, { schluessel: key, schritt: 'anliegen', aktion: 'weiter', [`menge-${idCard}`]: '9', weg: 'telefon', art: 'onsite' });
  assert.equal(tooMany.statusCode, 422);
  assert.match(tooMany.body, /zu viele Personen/);
  const unknown = await clerk.post(path, { schluessel: key, schritt: 'anliegen', aktion: 'weiter', 'menge-00000000-0000-4000-8000-000000000000': '1', weg: 'telefon', art: 'onsite' });
  assert.equal(unknown.statusCode, 422);
  const person = { schluessel: key, [`menge-${certificate}`]: '1', art: 'onsite', weg: 'vor-ort', tag: '2027-01-20', zeit: '08:00', sprache: 'de' };
  const long = await clerk.post(path, { ...person, schritt: 'person', aktion: 'weiter', name: 'N'.repeat(300), email: 'kein-at-zeichen', telefon: 'abc', hinweis: 'H'.repeat(1001) });
  assert.equal(long.statusCode, 422);
  for (const field of ['name', 'email', 'telefon', 'hinweis']) assert.match(long.body, new RegExp(`href="#field-${field}"`), field);
  const reminder = await clerk.post(path, { ...person, schritt: 'person', aktion: 'weiter', name: 'Ohne Mail', email: '', telefon: '', hinweis: '', erinnerung: '1' });
  assert.equal(reminder.statusCode, 422);
  assert.match(reminder.body, /href="#field-erinnerung"[^>]*>Für eine Erinnerung brauchen wir eine E-Mail-Adresse/);
  const badDayStep = await clerk.post(path, { ...person, tag: '2027-02-30', schritt: 'zeit', aktion: 'tag' });
  assert.equal(badDayStep.statusCode, 422);
  assert.match(badDayStep.body, /href="#field-tag"/);
  const farAway = await clerk.post(path, { ...person, tag: '2028-01-20', schritt: 'zeit', aktion: 'weiter' });
  assert.equal(farAway.statusCode, 422);
  assert.match(farAway.body, /So weit im Voraus/);
  assert.equal((await clerk.post(path, { ...person, schritt: 'zeit', aktion: 'loeschen' })).statusCode, 400);

  const b = await bookDirect({ lines: [[certificate, 1]], day: '2027-01-20', time: '12:00' });
  await clerk.get(`${BASE}/buchung/${b.id}`);
  assert.equal((await clerk.post(`${BASE}/buchung/${b.id}/ankunft`, { zurueck: 'https://evil.example' })).statusCode, 400);
  assert.equal((await clerk.post(`${BASE}/buergerbuero/schliessen`, { aktion: 'sprengen' })).statusCode, 400);
  assert.equal((await clerk.post(`${BASE}/buchung/${b.id}/absagen`, { nachricht: 'x' }, { csrf: null })).statusCode, 403, 'no CSRF token, no change');
  assert.equal((await bookingRow(b.id)).status, 'confirmed');
  const english = await clerk.get(`${BASE}/buergerbuero/tag/2027-01-20?lang=en`);
  assert.equal(english.statusCode, 200);
  assert.match(english.body, /Counter 1/);
  for (const page of [BASE, `${BASE}/buchung/${b.id}`, `${BASE}/buchung/${b.id}/verlegen`, `${BASE}/buchung/${b.id}/absagen`, `${BASE}/buergerbuero/woche/2027-01-18`, `${BASE}/buergerbuero/buchen`, `${BASE}/buergerbuero/schliessen`, `${BASE}/statistik`]) {
    assert.equal((await clerk.get(page)).statusCode, 200, `${page} in English`);
  }
});
