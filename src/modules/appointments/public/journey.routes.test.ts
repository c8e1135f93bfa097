import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { berlinInstant } from '../../../core/time/berlin.ts';

let t: TestApp;
let clock = new Date('2027-01-11T07:00:00Z'); // Monday 08:00 Berlin
let tenant: Tenant;
let idCard: string;
let certificate: string;
let passport: string;

before(async () => {
  t = await createTestApp({ now: () => clock, env: { LOG_LEVEL: 'error' } });
  tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  const ids = await t.services.db.selectFrom('portal_services').select(['id', 'slug']).where('tenant_id', '=', tenant.id).execute();
  idCard = ids.find((s) => s.slug === 'personalausweis')?.id as string;
  certificate = ids.find((s) => s.slug === 'meldebescheinigung')?.id as string;
  passport = ids.find((s) => s.slug === 'reisepass')?.id as string;
  await t.services.tenants.setSetting(tenant.id, 'appointments.captcha', false);
});
after(() => t.close());

const at = (day: string, time: string): string => (berlinInstant(day, time) as Date).toISOString();

async function mailsTo(address: string) {
  return t.services.db.selectFrom('mails').selectAll().where('to_address', '=', address).orderBy('created_at').execute();
}

/** Walks the journey up to the check page; returns the browser. */
async function reserve(browser: TestBrowser, day: string, time: string, email: string, lines: Record<string, string> = { [`anzahl-${idCard}`]: '2', [`anzahl-${certificate}`]: '1' }) {
  const services = await browser.get('/termine');
  assert.equal(services.statusCode, 200);
  assert.match(services.body, /Wofür brauchen Sie einen Termin\?/);
  const location = await browser.get(`/termine/standort?${new URLSearchParams(lines)}`);
  assert.equal(location.statusCode, 303, 'one Standort offers these: straight on');
  const art = await browser.get(location.headers.location as string);
  assert.equal(art.statusCode, 303, 'only on-site: no question');
  const calendarUrl = art.headers.location as string;
  assert.match(calendarUrl, /^\/termine\/kalender\?/);
  const calendar = await browser.get(calendarUrl);
  assert.equal(calendar.statusCode, 200);
  assert.match(calendar.body, /<caption[^>]*>Januar 2027<\/caption>/);
  const dayLink = new RegExp(`href="(/termine/zeit\\?[^"]*tag=${day})"`).exec(calendar.body)?.[1];
  assert.ok(dayLink, `the calendar links ${day}`);
  const times = await browser.get(dayLink.replace(/&amp;/g, '&'));
  assert.equal(times.statusCode, 200);
  assert.ok(times.body.includes(`value="${at(day, time)}"`), `${time} is offered`);
  const hidden = Object.fromEntries([...times.body.matchAll(/<input type="hidden" name="(leistungen|standort|art|tag)" value="([^"]*)"/g)].map((m) => [m[1], m[2] as string]));
  const held = await browser.post('/termine/reservieren', { ...hidden, start: at(day, time) });
  assert.equal(held.statusCode, 303, held.body.slice(0, 500));
  assert.equal(held.headers.location, '/termine/reservierung');
  const details = await browser.get('/termine/reservierung');
  assert.match(details.body, /ist für Sie reserviert bis 08:15 Uhr/);
  const saved = await browser.post('/termine/reservierung', { name: 'Erika Mustermann', email, phone: '', note: 'Ich komme mit Kinderwagen.', reminder: '1', terms: '1' });
  assert.equal(saved.statusCode, 303);
  const check = await browser.get('/termine/reservierung/pruefen');
  assert.equal(check.statusCode, 200);
  return { check, hidden };
}

test('a citizen books without JavaScript: hold → details → check → e-mail link → confirmed, .ics, manage page', async () => {
  const browser = new TestBrowser(t.app);
  const { check } = await reserve(browser, '2027-01-12', '09:00', 'erika@example.org');
  assert.match(check.body, /Personalausweis beantragen \(2 Personen\), Meldebescheinigung beantragen|Meldebescheinigung[^<]*, Personalausweis beantragen \(2 Personen\)/);
  assert.match(check.body, /Dienstag, 12\. Januar 2027, 09:00 Uhr/);
  assert.match(check.body, /Kinderwagen/);
  const sent = await browser.post('/termine/reservierung/absenden', {});
  assert.equal(sent.statusCode, 303);
  const sentPage = await browser.get(sent.headers.location as string);
  assert.match(sentPage.body, /Bitte bestätigen Sie Ihren Termin/);
  assert.match(sentPage.body, /erika@example\.org/);
  const reference = /TB-[A-Z2-9]{5}-[A-Z2-9]/.exec(sentPage.body)?.[0] as string;
  assert.ok(reference);

  const [confirmMail] = await mailsTo('erika@example.org');
  assert.equal(confirmMail?.template, 'appointment.confirm');
  const confirmPath = /\/termine\/bestaetigen\/[A-Za-z0-9_-]{32}/.exec(confirmMail?.text_body as string)?.[0] as string;
  // A mail scanner opening the link changes nothing.
  const page = await new TestBrowser(t.app).get(confirmPath);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Termin verbindlich bestätigen/);
  assert.equal((await t.services.db.selectFrom('appt_bookings').select('status').where('reference', '=', reference).executeTakeFirstOrThrow()).status, 'pending');
  await browser.get(confirmPath);
  const confirmed = await browser.post(confirmPath, {});
  assert.equal(confirmed.statusCode, 303);
  const managePath = confirmed.headers.location as string;
  assert.match(managePath, /^\/termine\/buchung\/[A-Za-z0-9_-]{32}$/);
  const manage = await browser.get(managePath);
  assert.match(manage.body, /Ihr Termin ist bestätigt/);
  assert.match(manage.body, /Bitte bringen Sie mit/);
  assert.match(manage.body, /biometrisches Passfoto/);
  assert.ok(manage.body.includes(reference));
  const ics = await browser.get(`${managePath}/termin.ics`);
  assert.equal(ics.statusCode, 200);
  assert.match(ics.headers['content-type'] as string, /^text\/calendar/);
  assert.match(ics.body, /DTSTART;TZID=Europe\/Berlin:20270112T090000/);
  assert.match(ics.body, /DTEND;TZID=Europe\/Berlin:20270112T095000/, '2 × 20 + 10 minutes');
  const mails = await mailsTo('erika@example.org');
  assert.deepEqual(mails.map((m) => m.template), ['appointment.confirm', 'appointment.confirmed']);
  assert.equal(mails[1]?.calendar_method, 'REQUEST');
  assert.ok((mails[1]?.text_body as string).includes(managePath), 'the confirmation links the manage page');

  // Reschedule to another day, then cancel.
  const cal = await browser.get(`${managePath}/verschieben`);
  assert.equal(cal.statusCode, 200);
  const times = await browser.get(`${managePath}/verschieben?tag=2027-01-13`);
  assert.ok(times.body.includes(`value="${at('2027-01-13', '10:00')}"`));
  const moved = await browser.post(`${managePath}/verschieben`, { tag: '2027-01-13', start: at('2027-01-13', '10:00') });
  assert.equal(moved.statusCode, 303);
  assert.match((await browser.get(managePath)).body, /Mittwoch, 13\. Januar 2027, 10:00 Uhr/);
  const cancelPage = await browser.get(`${managePath}/absagen`);
  assert.match(cancelPage.body, /wirklich absagen/);
  const cancelled = await browser.post(`${managePath}/absagen`, {});
  assert.equal(cancelled.statusCode, 303);
  assert.match((await browser.get(managePath)).body, /Abgesagt/);
  const all = await mailsTo('erika@example.org');
  assert.deepEqual(all.map((m) => m.template), ['appointment.confirm', 'appointment.confirmed', 'appointment.confirmed', 'appointment.cancelled']);
  assert.match(all[2]?.calendar as string, /SEQUENCE:1/);
  assert.match(all[3]?.calendar as string, /SEQUENCE:2/);
  assert.equal(all[3]?.calendar_method, 'CANCEL');
});

test('errors keep the citizen on the page with a clear message; nothing half-written', async () => {
  const browser = new TestBrowser(t.app);
  const none = await browser.get(`/termine/standort?anzahl-${idCard}=0`);
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Wählen Sie mindestens ein Anliegen/);
  assert.match(none.body, /error-summary/);
  const tooMany = await browser.get(`/termine/standort?anzahl-${idCard}=9`);
  assert.equal(tooMany.statusCode, 422);
  assert.equal((await browser.get('/termine/standort?anzahl-x=1&leistungen=<script>')).statusCode, 422);
  assert.equal((await browser.get('/termine/kalender?leistungen=garbage&standort=buergerbuero')).statusCode, 303);
  assert.equal((await browser.get(`/termine/kalender?leistungen=${idCard}:1&standort=nirgendwo&art=onsite`)).statusCode, 404);
  assert.equal((await browser.get(`/termine/zeit?leistungen=${idCard}:1&standort=buergerbuero&art=onsite&tag=2027-02-30`)).statusCode, 303);

  await browser.get(`/termine/zeit?leistungen=${certificate}:1&standort=buergerbuero&art=onsite&tag=2027-01-14`);
  const noTime = await browser.post('/termine/reservieren', { leistungen: `${certificate}:1`, standort: 'buergerbuero', art: 'onsite', tag: '2027-01-14' });
  assert.equal(noTime.statusCode, 422);
  assert.match(noTime.body, /Wählen Sie eine Uhrzeit/);
  const closed = await browser.post('/termine/reservieren', { leistungen: `${certificate}:1`, standort: 'buergerbuero', art: 'onsite', tag: '2027-01-14', start: at('2027-01-14', '13:00') });
  assert.equal(closed.statusCode, 409, 'outside the opening hours');
  assert.equal((await browser.post('/termine/reservieren', { leistungen: `${certificate}:1`, standort: 'buergerbuero', art: 'onsite', tag: '2027-01-14', start: at('2027-01-14', '09:00') }, { csrf: 'forged' })).statusCode, 403);

  await browser.get(`/termine/zeit?leistungen=${certificate}:1&standort=buergerbuero&art=onsite&tag=2027-01-14`);
  const held = await browser.post('/termine/reservieren', { leistungen: `${certificate}:1`, standort: 'buergerbuero', art: 'onsite', tag: '2027-01-14', start: at('2027-01-14', '09:00') });
  assert.equal(held.statusCode, 303);
  await browser.get('/termine/reservierung');
  const invalid = await browser.post('/termine/reservierung', { name: ' ', email: 'nicht-gültig', phone: 'abc', note: 'x', terms: '' });
  assert.equal(invalid.statusCode, 422);
  for (const message of ['Bitte', 'personengebunden']) assert.match(invalid.body, new RegExp(message));
  assert.ok(invalid.body.includes('value="nicht-gültig"'), 'what was typed is kept');
  const booking = await t.services.db.selectFrom('appt_bookings').select(['name', 'email', 'status']).where('starts_at', '=', new Date(at('2027-01-14', '09:00'))).executeTakeFirstOrThrow();
  assert.deepEqual(booking, { name: null, email: null, status: 'held' }, 'invalid details are not stored');

  // The hold runs out while the form is open.
  clock = new Date(clock.getTime() + 16 * 60_000);
  const late = await browser.post('/termine/reservierung', { name: 'Max', email: 'max@example.org', terms: '1' });
  assert.equal(late.statusCode, 410);
  assert.match(late.body, /Reservierung ist abgelaufen/);
  clock = new Date('2027-01-11T07:00:00Z');
  assert.equal((await browser.get('/termine/bestaetigen/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
  assert.equal((await browser.get('/termine/bestaetigen/kurz')).statusCode, 400);
  assert.equal((await browser.get('/termine/buchung/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
});

test('the time just taken by someone else: 409 with the message and the current free times', async () => {
  const a = new TestBrowser(t.app);
  const b = new TestBrowser(t.app);
  const form = { leistungen: `${passport}:2`, standort: 'buergerbuero', art: 'onsite', tag: '2027-01-15' };
  for (const browser of [a, b]) await browser.get(`/termine/zeit?${new URLSearchParams(form)}`);
  assert.equal((await a.post('/termine/reservieren', { ...form, start: at('2027-01-15', '08:00') })).statusCode, 303);
  const c = new TestBrowser(t.app);
  await c.get(`/termine/zeit?${new URLSearchParams(form)}`);
  assert.equal((await c.post('/termine/reservieren', { ...form, start: at('2027-01-15', '08:00') })).statusCode, 303);
  const lost = await b.post('/termine/reservieren', { ...form, start: at('2027-01-15', '08:00') });
  assert.equal(lost.statusCode, 409);
  assert.match(lost.body, /gerade vergeben worden/);
  assert.ok(!lost.body.includes(`value="${at('2027-01-15', '08:00')}"`), 'no longer offered');
  assert.ok(lost.body.includes(`value="${at('2027-01-15', '08:40')}"`));
});

test('the per-person limit stops the submit with an explanation; the captcha widget appears when switched on', async () => {
  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 1);
  const first = new TestBrowser(t.app);
  await reserve(first, '2027-01-18', '09:00', 'limit@example.org');
  assert.equal((await first.post('/termine/reservierung/absenden', {})).statusCode, 303);
  const second = new TestBrowser(t.app);
  await reserve(second, '2027-01-18', '10:00', 'Limit+zwei@Example.org');
  const refused = await second.post('/termine/reservierung/absenden', {});
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /schon 1 Termine gebucht oder angefragt/);
  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 3);

  await t.services.tenants.setSetting(tenant.id, 'appointments.captcha', true);
  const page = await new TestBrowser(t.app).get(`/termine/zeit?leistungen=${certificate}:1&standort=buergerbuero&art=onsite&tag=2027-01-19`);
  assert.match(page.body, /<altcha-widget/);
  assert.match(page.body, /<script type="module" src="\/assets\/ui\/altcha\/altcha-setup\.js">/);
  assert.match(page.body, /<noscript>/);
  await t.services.tenants.setSetting(tenant.id, 'appointments.captcha', false);
});

test('video appointments: the variant question, and the meeting link after confirmation', async () => {
  const ids = await t.services.db.selectFrom('portal_services').select(['id', 'slug']).where('tenant_id', '=', tenant.id).where('slug', '=', 'gewerbeanmeldung').executeTakeFirstOrThrow();
  const browser = new TestBrowser(t.app);
  const step = await browser.get(`/termine/standort?anzahl-${ids.id}=1`);
  const art = await browser.get(step.headers.location as string);
  assert.equal(art.statusCode, 200);
  assert.match(art.body, /Wie möchten Sie den Termin wahrnehmen\?/);
  assert.match(art.body, /Per Video/);
  const form = { leistungen: `${ids.id}:1`, standort: 'gewerbe', art: 'video', tag: '2027-01-12' };
  const times = await browser.get(`/termine/zeit?${new URLSearchParams(form)}`);
  assert.ok(times.body.includes(at('2027-01-12', '09:00')));
  assert.equal((await browser.post('/termine/reservieren', { ...form, start: at('2027-01-12', '09:00') })).statusCode, 303);
  await browser.get('/termine/reservierung');
  await browser.post('/termine/reservierung', { name: 'Gerda Gewerbe', email: 'gerda@example.org', terms: '1' });
  await browser.get('/termine/reservierung/pruefen');
  await browser.post('/termine/reservierung/absenden', {});
  const [mail] = await mailsTo('gerda@example.org');
  const confirmPath = /\/termine\/bestaetigen\/[A-Za-z0-9_-]{32}/.exec(mail?.text_body as string)?.[0] as string;
  await browser.get(confirmPath);
  const confirmed = await browser.post(confirmPath, {});
  const manage = await browser.get(confirmed.headers.location as string);
  const link = /href="(https:\/\/meet\.musterstadt\.example\/rathaus-[A-Za-z0-9_-]{24})"/.exec(manage.body)?.[1];
  assert.ok(link, 'an unguessable room on the configured server');
  const mails = await mailsTo('gerda@example.org');
  assert.ok((mails[1]?.text_body as string).includes(link as string), 'the confirmation mail carries the link');
});

test('a service page leads straight into the booking with that concern chosen; a service not bookable online to the offices', async () => {
  const browser = new TestBrowser(t.app);
  const start = await browser.get('/termine/leistung/personalausweis');
  assert.equal(start.statusCode, 303);
  const page = await browser.get(start.headers.location as string);
  assert.match(page.body, new RegExp(`<select[^>]*id="field-anzahl-${idCard}"[\\s\\S]*?<option value="1" selected`));
  const other = await browser.get('/termine/leistung/hundeanmeldung');
  assert.equal(other.headers.location, '/termine/andere-stellen');
  const offices = await browser.get('/termine/andere-stellen');
  assert.match(offices.body, /Bürgerbüro/);
  assert.match(offices.body, /05231 99 77-100/);
  assert.equal((await browser.get('/termine/leistung/%3Cscript%3E')).statusCode, 400);
});

test('DST: on the last Sundays of March and October the times page offers Berlin wall-clock times with the right instants', async () => {
  const office = await t.services.db.selectFrom('appt_locations').select(['id']).where('tenant_id', '=', tenant.id).where('slug', '=', 'buergerbuero').executeTakeFirstOrThrow();
  await t.services.db.insertInto('appt_opening_hours').values({ tenant_id: tenant.id, location_id: office.id, weekday: 7, starts: '09:00', ends: '10:00', valid_from: '2027-03-01', valid_until: '2027-10-31', counters: 1, online: 1, phone: 0 }).execute();
  const saved = clock;
  try {
    for (const [now, day, first] of [
      ['2027-03-20T10:00:00Z', '2027-03-28', '2027-03-28T07:00:00.000Z'],
      ['2027-10-20T10:00:00Z', '2027-10-31', '2027-10-31T08:00:00.000Z'],
    ] as const) {
      clock = new Date(now);
      const page = await new TestBrowser(t.app).get(`/termine/zeit?leistungen=${certificate}:1&standort=buergerbuero&art=onsite&tag=${day}`);
      assert.equal(page.statusCode, 200);
      const options = [...page.body.matchAll(/value="(\d{4}-[^"]+Z)"[^>]*\/?>\s*<label[^>]*>([^<]+)</g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(options[0], [first, '09:00 Uhr'], `${day}: 09:00 Berlin`);
      assert.deepEqual(options.at(-1)?.[1], '09:50 Uhr');
      assert.equal(options.length, 6);
    }
  } finally {
    clock = saved;
    await t.services.db.deleteFrom('appt_opening_hours').where('tenant_id', '=', tenant.id).where('location_id', '=', office.id).where('weekday', '=', 7).execute();
  }
});

test('every POST can be sent twice: a second submit shows the sent page, a second move changes nothing', async () => {
  const browser = new TestBrowser(t.app);
  await reserve(browser, '2027-01-20', '11:00', 'twice@example.org');
  const csrf = browser.csrf();
  assert.equal((await browser.post('/termine/reservierung/absenden', {}, { csrf })).statusCode, 303);
  const again = await browser.post('/termine/reservierung/absenden', {}, { csrf });
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers.location, '/termine/reservierung/gesendet');
  assert.equal((await mailsTo('twice@example.org')).length, 1, 'one confirmation link');
  const [mail] = await mailsTo('twice@example.org');
  const confirmPath = /\/termine\/bestaetigen\/[A-Za-z0-9_-]{32}/.exec(mail?.text_body as string)?.[0] as string;
  await browser.get(confirmPath);
  const managePath = (await browser.post(confirmPath, {})).headers.location as string;
  await browser.get(`${managePath}/verschieben?tag=2027-01-21`);
  const token = browser.csrf();
  for (let i = 0; i < 2; i++) assert.equal((await browser.post(`${managePath}/verschieben`, { tag: '2027-01-21', start: at('2027-01-21', '11:00') }, { csrf: token })).statusCode, 303);
  const moved = (await mailsTo('twice@example.org')).filter((m) => /verlegt/.test(m.subject));
  assert.equal(moved.length, 1, 'moved once, told once');
  const claims = await t.services.db.selectFrom('appt_claims as c').innerJoin('appt_bookings as b', 'b.id', 'c.booking_id').select(['c.starts_at']).where('b.email', '=', 'twice@example.org').where('c.released_at', 'is', null).where('c.release_after', 'is', null).execute();
  assert.equal(claims.length, 5, 'the new time claimed once (50 minutes: 5 slots), not twice');
});
