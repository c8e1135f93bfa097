import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { buildApp } from '../../../app.tsx';
import { modules } from '../../index.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { berlinInstant } from '../../../core/time/berlin.ts';
import { appointmentsOf } from '../booking/instance.ts';
import { findLocation, type Location } from '../booking/locations.ts';

// Until the module manifest mounts the API (apiRoutes/apiDocs in module.ts), the tests mount it themselves.

const BASE = '/api/v1/appointments';
let t: TestApp;
let clock = new Date('2027-01-11T07:00:00Z'); // Monday 08:00 Berlin
let tenant: Tenant;
let office: Location;
let idCard: string;
let certificate: string;
let trade: string;
let ipCounter = 0;

/** A fresh client address per call, so that the per-IP limits stay out of the way unless a test wants them. */
const nextIp = (): string => `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const at = (day: string, time: string): string => (berlinInstant(day, time) as Date).toISOString();

async function get(url: string, headers: Record<string, string> = {}, ip = nextIp()): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers: { host: 'localhost', ...headers }, remoteAddress: ip });
}

async function post(body: unknown, options: { key?: string; headers?: Record<string, string>; ip?: string; raw?: string } = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `${BASE}/bookings`,
    headers: { host: 'localhost', 'content-type': 'application/json', ...(options.key ? { 'idempotency-key': options.key } : {}), ...options.headers },
    payload: options.raw ?? JSON.stringify(body),
    remoteAddress: options.ip ?? nextIp(),
  });
}

function booking(overrides: Record<string, unknown> = {}) {
  return { location: 'buergerbuero', services: [{ id: certificate, count: 1 }], start: at('2027-01-12', '08:00'), name: 'Erika Mustermann', email: `erika-${randomUUID().slice(0, 8)}@example.org`, termsAccepted: true, ...overrides };
}

async function manage(method: 'GET' | 'DELETE' | 'POST', id: string, token?: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url: method === 'POST' ? `${BASE}/bookings/${id}/cancel` : `${BASE}/bookings/${id}`, headers: { host: 'localhost', ...(token ? { authorization: `Bearer ${token}` } : {}) }, remoteAddress: nextIp() });
}

async function freeAt(day: string, time: string, services = certificate): Promise<number> {
  const res = await get(`${BASE}/slots?location=buergerbuero&services=${services}&from=${day}&to=${day}`);
  assert.equal(res.statusCode, 200);
  return (res.json().slots as { start: string; free: number }[]).find((s) => s.start === at(day, time))?.free ?? 0;
}

async function confirmByMail(id: string): Promise<void> {
  const row = await t.services.db.selectFrom('appt_bookings').select(['id', 'token_salt']).where('id', '=', id).executeTakeFirstOrThrow();
  const result = await appointmentsOf(t.services).confirm(tenant, appointmentsOf(t.services).tokensOf(row).confirm);
  assert.ok(result.ok);
}

/** Every slot counts exactly its live claims and stays within its capacities. */
async function assertCountersMatchClaims(): Promise<void> {
  const mismatches = await sql<{ starts_at: Date }>`
    select s.starts_at from appt_slots s
    left join (select tenant_id, location_id, starts_at, count(*)::int as total, count(*) filter (where channel = 'online')::int as online
               from appt_claims where released_at is null group by 1, 2, 3) c using (tenant_id, location_id, starts_at)
    where s.claimed <> coalesce(c.total, 0) or s.claimed_online <> coalesce(c.online, 0) or s.claimed > s.capacity or s.claimed_online > s.capacity_online`.execute(t.services.db);
  assert.deepEqual(mismatches.rows, []);
}

before(async () => {
  t = await createTestApp({ now: () => clock });
  tenant = (await t.services.tenants.bySlug('musterstadt')) as Tenant;
  office = (await findLocation(t.services.db, tenant.id, 'buergerbuero')) as Location;
  idCard = office.services.find((s) => s.slug === 'personalausweis')?.id as string;
  certificate = office.services.find((s) => s.slug === 'meldebescheinigung')?.id as string;
  trade = ((await findLocation(t.services.db, tenant.id, 'gewerbe')) as Location).services.find((s) => s.slug === 'gewerbeanmeldung')?.id as string;
  await t.services.tenants.setSetting(tenant.id, 'appointments.captcha', false);
});
after(() => t.close());

test('locations: the tenant’s Standorte with services, CORS open, cacheable; another host sees its own', async () => {
  const res = await get(`${BASE}/locations`, { origin: 'https://www.musterstadt.example' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
  assert.equal(res.headers['cache-control'], 'public, max-age=60');
  const body = res.json();
  assert.equal(body.captchaRequired, false);
  const listed = body.locations.find((l: { slug: string }) => l.slug === 'buergerbuero');
  assert.deepEqual(Object.keys(listed).sort(), ['address', 'bookFromDays', 'bookUntilDays', 'id', 'name', 'services', 'slotMinutes', 'slug']);
  assert.equal(listed.slotMinutes, 10);
  const title = office.services.find((s) => s.id === idCard)?.title;
  assert.deepEqual(
    listed.services.find((s: { id: string }) => s.id === idCard),
    { id: idCard, slug: 'personalausweis', title, minutes: 20, maxQuantity: 5, variants: ['onsite'] },
  );
  const other = await get(`${BASE}/locations`, { host: 'beispielhausen.localhost' });
  assert.deepEqual(
    other.json().locations.map((l: { slug: string }) => l.slug),
    ['meldeamt'],
  );
});

test('slots: free start times of the online contingent, clamped to the booking window', async () => {
  const res = await get(`${BASE}/slots?location=buergerbuero&services=${idCard}:2&from=2027-01-11&to=2027-01-12`);
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.minutes, 40);
  assert.equal(body.from, '2027-01-12', 'today is not bookable (bookFromDays 1)');
  assert.deepEqual(body.window, { first: '2027-01-12', last: '2027-03-12' });
  assert.deepEqual(body.slots[0], { start: at('2027-01-12', '08:00'), end: at('2027-01-12', '08:40'), free: 2 });
  assert.equal(body.slots.at(-1).start, at('2027-01-12', '11:50'), 'the last start where 40 minutes fit before 12:30');
  assert.equal(body.location.slug, 'buergerbuero');
  const byId = await get(`${BASE}/slots?location=${office.id}&services=${certificate}&from=2027-01-16&to=2027-01-16`);
  assert.equal(byId.json().slots.length, 18, 'Saturday 09–12: one online counter');
  const outside = await get(`${BASE}/slots?location=buergerbuero&services=${certificate}&from=2027-06-01&to=2027-06-02`);
  assert.equal(outside.statusCode, 200);
  assert.deepEqual(outside.json().slots, []);
});

test('slots: malformed or unknown parameters are 400/404 with the field named, never 500', async () => {
  const cases: [string, number, string, string | undefined][] = [
    [`services=${certificate}&from=2027-01-12&to=2027-01-12`, 400, 'invalid-request', 'location'],
    [`location=buergerbuero&from=2027-01-12&to=2027-01-12`, 400, 'invalid-request', 'services'],
    [`location=buergerbuero&services=${certificate}&from=2027-02-30&to=2027-03-01`, 400, 'invalid-request', 'from'],
    [`location=buergerbuero&services=${certificate}&from=2027-01-12&to=2027-03-15`, 400, 'invalid-request', 'to'],
    [`location=buergerbuero&services=${certificate}&from=2027-01-13&to=2027-01-12`, 400, 'invalid-request', 'to'],
    [`location=buergerbuero&services=nonsense&from=2027-01-12&to=2027-01-12`, 400, 'invalid-request', 'services'],
    [`location=buergerbuero&services=${randomUUID()}&from=2027-01-12&to=2027-01-12`, 400, 'invalid-request', 'services'],
    [`location=buergerbuero&services=${idCard}:9&from=2027-01-12&to=2027-01-12`, 400, 'invalid-request', 'services'],
    [`location=buergerbuero&services=${certificate}&from=2027-01-12&to=2027-01-12&variant=video`, 400, 'variant-not-offered', 'variant'],
    [`location=buergerbuero&services=${certificate}&from=2027-01-12&to=2027-01-12&variant=fax`, 400, 'invalid-request', 'variant'],
    [`location=gibt-es-nicht&services=${certificate}&from=2027-01-12&to=2027-01-12`, 404, 'location-not-found', undefined],
    [`location=${'x'.repeat(61)}&services=${certificate}&from=2027-01-12&to=2027-01-12`, 400, 'invalid-request', 'location'],
  ];
  for (const [query, status, code, field] of cases) {
    const res = await get(`${BASE}/slots?${query}`);
    assert.equal(res.statusCode, status, query);
    const error = res.json().error;
    assert.equal(error.code, code, query);
    assert.equal(typeof error.message, 'string');
    if (field) assert.equal(error.fields[0].field, field, query);
  }
  const german = await get(`${BASE}/slots?location=buergerbuero&services=${certificate}&from=2027-01-13&to=2027-01-12`, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' });
  assert.match(german.json().error.fields[0].message, /Zeitraum/);
});

test('booking: 201 pending with a manage token, the confirmation mail goes out, capacity is claimed', async () => {
  const before = await freeAt('2027-01-12', '08:00');
  const body = booking({ reminder: true, phone: '0151 2345678', note: 'Ich komme mit Rollstuhl.\nDanke!', locale: 'en' });
  const res = await post(body);
  assert.equal(res.statusCode, 201, res.body);
  const created = res.json();
  assert.deepEqual(Object.keys(created).sort(), ['confirmBy', 'end', 'id', 'manageToken', 'reference', 'start', 'status']);
  assert.equal(created.status, 'pending');
  assert.match(created.reference, /^TB-/);
  assert.equal(created.start, at('2027-01-12', '08:00'));
  assert.equal(created.end, at('2027-01-12', '08:10'));
  assert.equal(created.confirmBy, new Date(clock.getTime() + 60 * 60_000).toISOString());
  assert.match(created.manageToken, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(res.headers.location, `${BASE}/bookings/${created.id}`);
  assert.equal(await freeAt('2027-01-12', '08:00'), before - 1);
  const mail = await t.services.db.selectFrom('mails').select(['template', 'text_body']).where('to_address', '=', body.email).executeTakeFirstOrThrow();
  assert.equal(mail.template, 'appointment.confirm');
  const row = await t.services.db.selectFrom('appt_bookings').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
  assert.equal(row.channel, 'online');
  assert.equal(row.locale, 'en');
  assert.equal(row.reminder, true);
  assert.equal(row.phone, '0151 2345678');
  assert.equal(row.note, 'Ich komme mit Rollstuhl.\nDanke!');
  assert.equal(row.verified_human, false, 'no ALTCHA asked for: not marked as verified');
  await assertCountersMatchClaims();
});

test('booking: a phone appointment keeps its variant and number; confirmed, the accepted terms are recorded as consent', async () => {
  const res = await post(booking({ location: 'gewerbe', services: [{ id: trade }], variant: 'phone', phone: '+49 5251 1234', start: at('2027-01-12', '09:00') }));
  assert.equal(res.statusCode, 201, res.body);
  const { id } = res.json();
  await confirmByMail(id);
  const row = await t.services.db.selectFrom('appt_bookings').select(['variant', 'phone', 'case_id']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.variant, 'phone');
  assert.equal(row.phone, '+49 5251 1234');
  const consent = await t.services.db.selectFrom('consents').select(['kind', 'version']).where('case_id', '=', row.case_id as string).executeTakeFirstOrThrow();
  assert.deepEqual(consent, { kind: 'appointment-terms', version: '2026-01' });
});

test('booking: video appointments only where the municipality has a video server', async () => {
  const seeded = await t.services.tenants.getSetting<string>(tenant.id, 'appointments.videoBaseUrl');
  const tradeOffice = async () => (await get(`${BASE}/locations`)).json().locations.find((l: { slug: string }) => l.slug === 'gewerbe');
  const variants = async () => (await tradeOffice()).services.map((s: { variants: string[] }) => s.variants);
  const body = booking({ location: 'gewerbe', services: [{ id: trade }], variant: 'video', start: at('2027-01-12', '10:00') });
  await t.services.tenants.setSetting(tenant.id, 'appointments.videoBaseUrl', '');
  try {
    assert.deepEqual(await variants(), [
      ['onsite', 'phone'],
      ['onsite', 'phone'],
      ['onsite', 'phone'],
    ]);
    assert.equal((await post(body)).json().error.code, 'variant-not-offered');
  } finally {
    await t.services.tenants.setSetting(tenant.id, 'appointments.videoBaseUrl', seeded);
  }
  assert.ok((await variants())[0].includes('video'));
  const res = await post(body);
  assert.equal(res.statusCode, 201, res.body);
});

test('booking: a full time is 409 slot-taken; of 12 parallel requests for one place exactly the free ones win', async () => {
  const start = at('2027-01-12', '09:00');
  const results = await Promise.all(Array.from({ length: 12 }, () => post(booking({ start }))));
  const codes = results.map((r) => r.statusCode).sort();
  assert.deepEqual(codes, [201, 201, ...Array(10).fill(409)]);
  for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'slot-taken');
  assert.equal(await freeAt('2027-01-12', '09:00'), 0);
  await assertCountersMatchClaims();
  // The 409 offers the other free times of that day, as GET /slots lists them, so the client can try one at once.
  const late = await post(booking({ start }));
  assert.equal(late.statusCode, 409);
  const slots = (await get(`${BASE}/slots?location=buergerbuero&services=${certificate}&from=2027-01-12&to=2027-01-12`)).json().slots;
  assert.deepEqual(late.json().error.alternatives, slots.slice(0, 5));
  assert.ok(late.json().error.alternatives.every((a: { start: string }) => a.start !== start && a.start.startsWith('2027-01-12')));
  const retry = await post(booking({ start: late.json().error.alternatives[0].start }));
  assert.equal(retry.statusCode, 201, retry.body);
});

test('booking: an Idempotency-Key makes a repeat return the same booking (200), also after confirmation and when sent in parallel', async () => {
  const key = randomUUID();
  const body = booking({ start: at('2027-01-12', '09:30') });
  const first = await post(body, { key });
  assert.equal(first.statusCode, 201);
  const again = await post(body, { key });
  assert.equal(again.statusCode, 200);
  assert.deepEqual(again.json(), first.json());
  await confirmByMail(first.json().id);
  const later = await post(body, { key });
  assert.equal(later.statusCode, 200);
  assert.equal(later.json().status, 'confirmed');
  assert.equal(later.json().confirmBy, null);
  assert.equal(later.json().id, first.json().id);
  const other = await post({ ...body, email: `other-${randomUUID().slice(0, 8)}@example.org` }, { key });
  assert.equal(other.statusCode, 201, 'the key is bound to the content: other data is another booking');
  assert.notEqual(other.json().id, first.json().id);

  const parallelKey = randomUUID();
  const parallelBody = booking({ start: at('2027-01-12', '10:00') });
  const parallel = await Promise.all(Array.from({ length: 4 }, () => post(parallelBody, { key: parallelKey })));
  assert.deepEqual(parallel.map((r) => r.statusCode).sort(), [200, 200, 200, 201]);
  assert.equal(new Set(parallel.map((r) => r.json().id)).size, 1, 'one booking for all four');
  const count = await t.services.db.selectFrom('appt_bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('location_id', '=', office.id).where('starts_at', '=', new Date(parallelBody.start)).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1);
  assert.equal((await post(parallelBody, { key: 'short' })).json().error.fields[0].field, 'Idempotency-Key');
  await assertCountersMatchClaims();
});

test('booking: the per-person limit is 422 limit-reached and leaks no capacity, also when two requests race', async () => {
  await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 1);
  try {
    const email = 'limit@example.org';
    assert.equal((await post(booking({ email, start: at('2027-01-13', '08:00') }))).statusCode, 201);
    const free = await freeAt('2027-01-13', '08:10');
    const second = await post(booking({ email: 'Limit+zwei@Example.org', start: at('2027-01-13', '08:10') }));
    assert.equal(second.statusCode, 422);
    assert.equal(second.json().error.code, 'limit-reached');
    assert.equal(await freeAt('2027-01-13', '08:10'), free, 'nothing stays claimed');

    const racer = 'racer@example.org';
    const race = await Promise.all(['08:20', '08:30', '08:40'].map((time) => post(booking({ email: racer, start: at('2027-01-13', time) }))));
    assert.deepEqual(race.map((r) => r.statusCode).sort(), [201, 422, 422]);
    const held = await t.services.db.selectFrom('appt_bookings').select('id').where('status', '=', 'held').execute();
    assert.deepEqual(held, [], 'a hold whose submit failed was given back at once');
    await assertCountersMatchClaims();
  } finally {
    await t.services.tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 3);
  }
});

test('booking: malformed requests are 400/404/415/422 with clear codes, never 500', async () => {
  const cases: [string, LightMyRequestResponse, number, string, string | undefined][] = [
    ['broken JSON', await post(null, { raw: '{"location":' }), 400, 'invalid-json', undefined],
    ['empty body', await post(null, { raw: '' }), 400, 'invalid-json', undefined],
    ['an array', await post([1, 2]), 400, 'invalid-request', 'body'],
    ['text/plain', await post(null, { raw: 'hallo', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported-media-type', undefined],
    ['over 1 MiB', await post(booking({ name: 'x'.repeat(1_100_000) })), 413, 'payload-too-large', undefined],
    ['unknown field', await post(booking({ remark: 'x' })), 400, 'invalid-request', 'remark'],
    ['terms not accepted', await post(booking({ termsAccepted: false })), 400, 'invalid-request', 'termsAccepted'],
    ['terms missing', await post(booking({ termsAccepted: undefined })), 400, 'invalid-request', 'termsAccepted'],
    ['phone appointment without a number', await post(booking({ location: 'gewerbe', services: [{ id: trade }], variant: 'phone', start: at('2027-01-12', '09:00') })), 400, 'invalid-request', 'phone'],
    ['missing name', await post(booking({ name: undefined })), 400, 'invalid-request', 'name'],
    ['blank name', await post(booking({ name: '   ' })), 400, 'invalid-request', 'name'],
    ['bad email', await post(booking({ email: 'kein-at' })), 400, 'invalid-request', 'email'],
    ['bad phone', await post(booking({ phone: 'ruf mich an' })), 400, 'invalid-request', 'phone'],
    ['no services', await post(booking({ services: [] })), 400, 'invalid-request', 'services'],
    ['count 0', await post(booking({ services: [{ id: certificate, count: 0 }] })), 400, 'invalid-request', 'services.0.count'],
    ['duplicate service', await post(booking({ services: [{ id: certificate }, { id: certificate }] })), 400, 'invalid-request', 'services'],
    ['too many persons', await post(booking({ services: [{ id: certificate, count: 4 }] })), 400, 'invalid-request', 'services'],
    ['unknown service', await post(booking({ services: [{ id: randomUUID() }] })), 400, 'invalid-request', 'services'],
    ['start without offset', await post(booking({ start: '2027-01-12T08:00:00' })), 400, 'invalid-request', 'start'],
    ['variant video', await post(booking({ variant: 'video' })), 400, 'variant-not-offered', 'variant'],
    ['unknown location', await post(booking({ location: 'nirgendwo' })), 404, 'location-not-found', undefined],
    ['off the grid', await post(booking({ start: at('2027-01-12', '08:05') })), 422, 'not-bookable', 'start'],
    ['today', await post(booking({ start: at('2027-01-11', '11:00') })), 422, 'not-bookable', 'start'],
    ['past the window', await post(booking({ start: at('2027-06-01', '08:00') })), 422, 'not-bookable', 'start'],
    ['a Sunday', await post(booking({ start: at('2027-01-17', '10:00') })), 422, 'not-bookable', 'start'],
  ];
  for (const [name, res, status, code, field] of cases) {
    assert.equal(res.statusCode, status, `${name}: ${res.body}`);
    assert.match(res.headers['content-type'] as string, /application\/json/, name);
    const error = res.json().error;
    assert.equal(error.code, code, name);
    assert.equal(error.status, status, name);
    assert.ok(error.requestId, name);
    if (field) assert.ok(error.fields.some((f: { field: string }) => f.field === field), `${name}: ${JSON.stringify(error.fields)}`);
  }
  const german = await post(booking({ email: 'kein-at' }), { headers: { 'accept-language': 'de' } });
  assert.equal(german.json().error.fields[0].message, 'Keine gültige E-Mail-Adresse.');
});

test('property: any JSON body gets a 4xx or 201, never a 5xx', async () => {
  const field = fc.oneof(fc.constant(undefined), fc.anything());
  const body = fc.oneof(
    fc.anything(),
    fc.record({ location: fc.oneof(fc.constant('buergerbuero'), fc.string()), services: fc.oneof(fc.constant([{ id: '00000000-0000-4000-8000-000000000000' }]), fc.anything()), start: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()), name: field, email: field, phone: field, variant: field, reminder: field, locale: field, altcha: field }, { requiredKeys: [] }),
  );
  await fc.assert(
    fc.asyncProperty(body, async (value) => {
      const res = await post(null, { raw: JSON.stringify(value) ?? 'null' });
      assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(value)}: ${res.body}`);
      assert.ok(res.statusCode === 201 || res.json().error.code, res.body);
    }),
    { numRuns: 150 },
  );
});

test('manage: the token reads the booking and cancels it; no token 401, a wrong one 404', async () => {
  const body = booking({ start: at('2027-01-14', '08:00') });
  const created = (await post(body)).json();
  const other = (await post(booking({ start: at('2027-01-14', '08:10') }))).json();

  const read = await manage('GET', created.id, created.manageToken);
  assert.equal(read.statusCode, 200);
  const view = read.json();
  assert.equal(view.status, 'pending');
  assert.equal(view.reference, created.reference);
  assert.equal(view.name, 'Erika Mustermann');
  assert.equal(view.email, body.email);
  assert.equal(view.location.slug, 'buergerbuero');
  assert.deepEqual(view.services, [{ id: certificate, title: office.services.find((s) => s.id === certificate)?.title, count: 1, minutes: 10 }]);
  assert.equal(view.phone, undefined, 'no personal data beyond name and e-mail');

  const missing = await manage('GET', created.id);
  assert.equal(missing.statusCode, 401);
  assert.match(missing.headers['www-authenticate'] as string, /^Bearer/);
  assert.equal((await manage('GET', created.id, 'A'.repeat(32))).statusCode, 404);
  assert.equal((await manage('GET', other.id, created.manageToken)).statusCode, 404, 'a token opens its own booking only');
  assert.equal((await manage('GET', 'not-a-uuid', created.manageToken)).statusCode, 404);
  assert.equal((await manage('DELETE', other.id, created.manageToken)).statusCode, 404);

  const cancelled = await manage('DELETE', created.id, created.manageToken);
  assert.equal(cancelled.statusCode, 204);
  assert.equal((await manage('GET', created.id, created.manageToken)).json().status, 'cancelled');
  const twice = await manage('DELETE', created.id, created.manageToken);
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().error.code, 'not-cancellable');
  assert.equal(await freeAt('2027-01-14', '08:00'), 2, 'an unconfirmed booking gives its time back at once');

  const viaPost = await manage('POST', other.id, other.manageToken);
  assert.equal(viaPost.statusCode, 200);
  assert.equal(viaPost.json().status, 'cancelled');
  await assertCountersMatchClaims();
});

test('manage: a confirmed appointment cannot be cancelled online inside the cancellation period (409 too-late)', async () => {
  const created = (await post(booking({ start: at('2027-01-15', '10:00') }))).json();
  await confirmByMail(created.id);
  const confirmed = (await manage('GET', created.id, created.manageToken)).json();
  assert.equal(confirmed.status, 'confirmed');
  assert.equal(confirmed.cancellableUntil, at('2027-01-15', '08:00'));
  const saved = clock;
  clock = new Date(at('2027-01-15', '09:00'));
  try {
    const late = await manage('DELETE', created.id, created.manageToken);
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'too-late');
  } finally {
    clock = saved;
  }
  assert.equal((await manage('DELETE', created.id, created.manageToken)).statusCode, 204);
});

test('rate limit: the 21st booking attempt from one address within 10 minutes is 429 with Retry-After', async () => {
  const ip = '192.0.2.77';
  for (let i = 0; i < 20; i++) assert.equal((await post({}, { ip })).statusCode, 400);
  const limited = await post(booking(), { ip });
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'rate-limited');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.equal(limited.headers['access-control-allow-origin'], '*');
  assert.equal((await post({}, { ip: '192.0.2.78' })).statusCode, 400, 'another address is not affected');
});

test('CORS preflight, unknown endpoints and the OpenAPI document', async () => {
  const preflight = await t.app.inject({ method: 'OPTIONS', url: `${BASE}/bookings`, headers: { host: 'localhost', origin: 'https://cms.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' } });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], '*');
  assert.match(preflight.headers['access-control-allow-methods'] as string, /POST/);
  assert.match(preflight.headers['access-control-allow-headers'] as string, /idempotency-key/);
  assert.equal(preflight.headers['access-control-allow-credentials'], undefined);

  const unknown = await get(`${BASE}/nope`);
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error.code, 'route-not-found');

  const res = await get('/api/openapi.json');
  assert.equal(res.statusCode, 200);
  const doc = JSON.parse(res.body);
  for (const path of ['/locations', '/slots', '/challenge', '/bookings', '/bookings/{id}', '/bookings/{id}/cancel']) assert.ok(doc.paths[`${BASE}${path}`], path);
  assert.ok(doc.paths[`${BASE}/bookings/{id}`].delete);
  assert.ok(doc.paths['/api/v1/applications'], 'the other modules’ APIs stay');
  const refs = [...res.body.matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/g)].map((m) => m[1] as string);
  assert.ok(refs.length > 5);
  for (const name of refs) assert.ok(doc.components.schemas[name], `schema ${name} exists`);
});

test('logs carry no name, e-mail, phone, manage token or client address of an API booking', async () => {
  const logged: string[] = [];
  const app = await buildApp(t.services, modules, { log: { level: 'info', stream: { write: (line: string) => logged.push(line) } } });
  try {
    const body = booking({ start: at('2027-01-19', '08:00'), name: 'Lotte Logfrei', email: 'lotte.logfrei@example.org', phone: '0171 9876543' });
    const headers = { host: 'localhost', 'content-type': 'application/json' };
    const created = await app.inject({ method: 'POST', url: `${BASE}/bookings`, headers, payload: JSON.stringify(body), remoteAddress: '198.51.100.99' });
    assert.equal(created.statusCode, 201);
    const { id, manageToken } = created.json();
    await app.inject({ method: 'GET', url: `${BASE}/bookings/${id}`, headers: { host: 'localhost', authorization: `Bearer ${manageToken}` } });
    await app.inject({ method: 'POST', url: `${BASE}/bookings`, headers, payload: JSON.stringify({ ...body, email: 'lotte.logfrei@' }) });
    await app.inject({ method: 'DELETE', url: `${BASE}/bookings/${id}`, headers: { host: 'localhost', authorization: `Bearer ${manageToken}` } });
    const text = logged.join('\n');
    assert.ok(logged.filter((line) => /"msg":"(slow )?request completed"/.test(line)).length >= 4, 'every request is logged (one line each)');
    for (const secret of ['Lotte', 'logfrei', '9876543', manageToken, '198.51.100.99']) assert.ok(!text.includes(secret), `${secret} not in the log`);
  } finally {
    await app.close();
  }
});

test('ALTCHA on: POST needs a verified solution (403 without, once only); GET /challenge serves one', async () => {
  assert.equal((await get(`${BASE}/challenge`)).json().error.code, 'captcha-disabled');
  await t.services.tenants.setSetting(tenant.id, 'appointments.captcha', true);
  try {
    assert.equal((await get(`${BASE}/locations`)).json().captchaRequired, true);
    const without = await post(booking({ start: at('2027-01-18', '08:00') }));
    assert.equal(without.statusCode, 403);
    assert.equal(without.json().error.code, 'captcha-required');
    assert.equal((await post(booking({ start: at('2027-01-18', '08:00'), altcha: 'bm9wZQ==' }))).statusCode, 403);

    const res = await get(`${BASE}/challenge`);
    assert.equal(res.statusCode, 200);
    const challenge = res.json() as Challenge;
    // Production cost (about 1–2 s of CPU), solved the way an app would.
    const solution = await solveChallenge({ challenge, deriveKey });
    assert.ok(solution);
    const altcha = Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
    const body = booking({ start: at('2027-01-18', '08:00'), altcha });
    const ok = await post(body);
    assert.equal(ok.statusCode, 201, ok.body);
    const row = await t.services.db.selectFrom('appt_bookings').select('verified_human').where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    assert.equal(row.verified_human, true);
    const replay = await post({ ...body, email: 'someone-else@example.org' });
    assert.equal(replay.statusCode, 403, 'a solution is spent once');
  } finally {
    await t.services.tenants.setSetting(tenant.id, 'appointments.captcha', false);
  }
});
