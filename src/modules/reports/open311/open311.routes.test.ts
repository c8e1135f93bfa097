/**
 * The Open311 server as built: what it stores, how it maps the report
 * service's outcomes, its defaults and limits. (The spec-level behaviour is
 * checked by open311.client.test.ts, a client that knows only HTTP.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { createApiKey, revokeApiKey } from '../../../core/auth/api-keys.ts';
import { checkPhoto } from '../../../core/files/uploads.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { reportsOf } from '../instance.ts';
import type { ReportInput, ReportService } from '../reports.service.ts';
import { escapeXml, toXml, fields, list } from './format.ts';
import { attributesOf, parseW3cDatetime, requestWindow } from './params.ts';

const BASE = '/open311/v2';
const DAY = 86_400_000;
const T0 = new Date('2027-03-10T10:00:00Z');
let clock = T0;
let t: TestApp;
let musterstadt: Tenant;
let beispielhausen: Tenant;
let reports: ReportService;
let key: string;
let keyId: string;
let reviewKey: string;

before(async () => {
  t = await createTestApp({ now: () => clock });
  const all = await t.services.tenants.all();
  musterstadt = all.find((x) => x.slug === 'musterstadt') as Tenant;
  beispielhausen = all.find((x) => x.slug === 'beispielhausen') as Tenant;
  reports = reportsOf(t.services);
  const created = await createApiKey(t.services.db, { tenantId: musterstadt.id, name: 'Stadt-App', scopes: ['open311:write'], actorLabel: 'test' });
  assert.ok(created.ok);
  key = created.key;
  keyId = created.id;
  const other = await createApiKey(t.services.db, { tenantId: beispielhausen.id, name: 'Bürger-App', scopes: ['open311:write'], actorLabel: 'test' });
  assert.ok(other.ok);
  reviewKey = other.key;
});
after(() => t.close());

let ipCounter = 0;
const nextIp = (): string => `10.1.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

function get(url: string, host = 'localhost'): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url: `${BASE}${url}`, headers: { host }, remoteAddress: nextIp() });
}

function post(url: string, form: Record<string, string | string[]>, options: { host?: string; ip?: string } = {}): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return t.app.inject({
    method: 'POST',
    url: `${BASE}${url}`,
    headers: { host: options.host ?? 'localhost', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    payload: body.toString(),
    remoteAddress: options.ip ?? nextIp(),
  });
}

async function categoryId(code: string, tenant = musterstadt): Promise<string> {
  const found = await reports.category(tenant.id, { code });
  assert.ok(found);
  return found.id;
}

async function photos(): Promise<ReportInput['photos']> {
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  const checked = await checkPhoto(jpeg, 'mangel.jpg', { maxBytes: 1_000_000 });
  assert.ok(checked.ok);
  return [checked.photo];
}

async function submitDirect(tenant: Tenant, overrides: Partial<ReportInput> = {}): Promise<{ reference: string; token: string; id: string }> {
  const result = await reports.submit(tenant, {
    categoryId: await categoryId('gruenflaeche', tenant).catch(() => categoryId('sonstiges', tenant)),
    address: 'Am Markt 1',
    description: 'Ast hängt über dem Weg.',
    locale: 'de',
    source: 'web',
    ...overrides,
  });
  assert.ok(result.ok);
  return result;
}

test('discovery names this endpoint, its formats and how to get a key', async () => {
  const res = await get('/discovery.json');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  const body = res.json();
  const endpoint = body.endpoints[0];
  assert.equal(endpoint.url, `${await t.services.baseUrlOf(musterstadt.id)}/open311/v2`);
  assert.equal(endpoint.type, 'test');
  assert.deepEqual(endpoint.formats, ['text/xml', 'application/json']);
  assert.match(body.key_service, /API-Schlüssel/);
  assert.match(body.contact, /Musterstadt/);
  const latest = await t.services.db.selectFrom('report_categories').select((eb) => eb.fn.max('updated_at').as('m')).where('tenant_id', '=', musterstadt.id).executeTakeFirstOrThrow();
  assert.equal(body.changeset, (latest.m as Date).toISOString().replace(/\.\d{3}Z$/, 'Z'));
});

test('services are realtime without review and batch with review; inactive categories are not offered', async () => {
  const own = (await get('/services.json')).json() as { service_code: string; metadata: boolean; type: string; group: string }[];
  const codes = (await reports.categories(musterstadt.id)).map((c) => c.code);
  assert.deepEqual(own.map((s) => s.service_code), codes);
  assert.ok(own.every((s) => s.type === 'realtime'));
  assert.equal(own.find((s) => s.service_code === 'schlagloch')?.metadata, true);
  assert.equal(own.find((s) => s.service_code === 'gruenflaeche')?.metadata, false);
  assert.equal(own.find((s) => s.service_code === 'schlagloch')?.group, 'Straßen und Wege');
  const reviewed = (await get('/services.json', 'beispielhausen.localhost')).json() as { type: string }[];
  assert.ok(reviewed.length > 0 && reviewed.every((s) => s.type === 'batch'));

  await t.services.db.updateTable('report_categories').set({ active: false }).where('tenant_id', '=', musterstadt.id).where('code', '=', 'graffiti').execute();
  try {
    const listed = (await get('/services.json')).json() as { service_code: string }[];
    assert.ok(!listed.some((s) => s.service_code === 'graffiti'));
    assert.equal((await get('/services/graffiti.json')).statusCode, 404);
    const res = await post('/requests.json', { api_key: key, service_code: 'graffiti', address_string: 'Brücke', description: 'Schmiererei' });
    assert.equal(res.statusCode, 404);
  } finally {
    await t.services.db.updateTable('report_categories').set({ active: true }).where('tenant_id', '=', musterstadt.id).where('code', '=', 'graffiti').execute();
  }
});

test('a service definition numbers its questions 1, 2, 3 even when the configuration repeats an order', async () => {
  const before = await reports.category(musterstadt.id, { code: 'spielplatz' });
  assert.ok(before);
  const attributes = [
    { code: 'geraet', datatype: 'string', required: false, order: 4, description: { de: 'Welches Gerät?', en: 'Which equipment?' } },
    { code: 'verletzt', datatype: 'singlevaluelist', required: true, order: 4, description: { de: 'Hat sich jemand verletzt?', en: 'Was anyone hurt?' }, hint: { de: 'Ja oder nein', en: 'Yes or no' }, values: [{ key: 'ja', name: { de: 'Ja', en: 'Yes' } }, { key: 'nein', name: { de: 'Nein', en: 'No' } }] },
  ];
  await t.services.db.updateTable('report_categories').set({ attributes: JSON.stringify(attributes) }).where('id', '=', before.id).execute();
  try {
    const body = (await get('/services/spielplatz.json')).json();
    assert.deepEqual(body.attributes.map((a: { order: number }) => a.order), [1, 2]);
    assert.equal(body.attributes[0].values, undefined, 'a string question has no values');
    assert.deepEqual(body.attributes[1].values, [{ key: 'ja', name: 'Ja' }, { key: 'nein', name: 'Nein' }]);
    assert.equal(body.attributes[1].datatype_description, 'Ja oder nein');
    assert.equal(body.attributes[0].datatype_description, null);
  } finally {
    await t.services.db.updateTable('report_categories').set({ attributes: JSON.stringify(before.attributes) }).where('id', '=', before.id).execute();
  }
});

test('a POST goes through the web form\'s intake: source, key, media link, contact, attributes and receipt mail', async () => {
  const res = await post('/requests.json', {
    api_key: key,
    service_code: 'muell',
    lat: '51.9412345678901',
    long: '9.0871234567890',
    address_string: 'Parkplatz am Freibad',
    description: 'Sofa und Reifen abgeladen.\r\nZweite Zeile.',
    'attribute[art][]': ['sperrmuell', 'reifen'],
    first_name: 'Frieda',
    last_name: 'Fuchs',
    email: 'frieda.fuchs@example.org',
    phone: '05231 123456',
    device_id: 'geraet-1',
    account_id: 'konto-7',
    media_url: 'https://bilder.example.org/sofa.jpg',
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['cache-control'], 'no-store');
  const [created] = res.json() as { service_request_id: string; service_notice: string; token?: string }[];
  assert.ok(created);
  assert.equal(created.token, undefined, 'realtime: an id, not a token');
  assert.match(created.service_notice, new RegExp(`${created.service_request_id}.*Ordnungsamt`));
  const row = await t.services.db.selectFrom('reports').selectAll().where('reference', '=', created.service_request_id).executeTakeFirstOrThrow();
  assert.equal(row.source, 'open311');
  assert.equal(row.api_key_id, keyId);
  assert.equal(row.media_link, 'https://bilder.example.org/sofa.jpg');
  assert.deepEqual(row.attributes, { art: ['sperrmuell', 'reifen'] });
  assert.equal(row.description, 'Sofa und Reifen abgeladen.\nZweite Zeile.');
  assert.equal(row.lat, 51.9412345678901);
  const kase = await t.services.db.selectFrom('cases').select(['contact', 'data']).where('id', '=', row.case_id).executeTakeFirstOrThrow();
  assert.deepEqual(kase.contact, { name: 'Frieda Fuchs', email: 'frieda.fuchs@example.org' });
  assert.equal((kase.data as { phone?: string }).phone, '05231 123456');
  const mail = await t.services.db.selectFrom('mails').select(['template', 'to_address']).where('case_id', '=', row.case_id).executeTakeFirstOrThrow();
  assert.deepEqual(mail, { template: 'report.received', to_address: 'frieda.fuchs@example.org' });

  // The key can also come in the query string, the multi-value list as repeated plain keys.
  const viaQuery = await t.app.inject({
    method: 'POST',
    url: `${BASE}/requests.xml?api_key=${encodeURIComponent(key)}`,
    headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'service_code=muell&address_string=Waldweg&attribute%5Bart%5D=elektro&attribute%5Bart%5D=bauschutt',
    remoteAddress: nextIp(),
  });
  assert.equal(viaQuery.statusCode, 200, viaQuery.body);
  const reference = /<service_request_id>([^<]+)<\/service_request_id>/.exec(viaQuery.body)?.[1];
  const second = await t.services.db.selectFrom('reports').select(['attributes', 'description']).where('reference', '=', reference as string).executeTakeFirstOrThrow();
  assert.deepEqual(second.attributes, { art: ['elektro', 'bauschutt'] });
  assert.equal(second.description, 'Wilder Müll', 'no description: the category names the problem');
});

test('a JSON, multipart or text/plain body is read as leniently as a form', async () => {
  const json = await t.app.inject({
    method: 'POST',
    url: `${BASE}/requests.json`,
    headers: { host: 'localhost', 'content-type': 'application/json' },
    payload: JSON.stringify({ api_key: key, service_code: 'beleuchtung', lat: 51.94, long: 9.08, description: 'Laterne aus', attribute: { stoerung: 'aus' } }),
    remoteAddress: nextIp(),
  });
  assert.equal(json.statusCode, 200, json.body);
  const boundary = 'grenze0815';
  const multipart = [`--${boundary}`, 'content-disposition: form-data; name="api_key"', '', key, `--${boundary}`, 'content-disposition: form-data; name="service_code"', '', 'sonstiges', `--${boundary}`, 'content-disposition: form-data; name="address_string"', '', 'Rathausplatz', `--${boundary}`, 'content-disposition: form-data; name="description"', '', 'Bank kaputt', `--${boundary}--`, ''].join('\r\n');
  const res = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { host: 'localhost', 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart, remoteAddress: nextIp() });
  assert.equal(res.statusCode, 200, res.body);
  const plain = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { host: 'localhost', 'content-type': 'text/plain' }, payload: `api_key=${encodeURIComponent(key)}&service_code=sonstiges&address_string=Markt+3&description=Falsch+beschriftet`, remoteAddress: nextIp() });
  assert.equal(plain.statusCode, 200, plain.body);
});

test('the web form\'s problems become 400 errors with German descriptions, one per problem', async () => {
  const res = await post('/requests.json', { api_key: key, service_code: 'beleuchtung', lat: '48.1', long: '11.5', description: 'Dunkel' });
  assert.equal(res.statusCode, 400);
  const descriptions = (res.json() as { code: number; description: string }[]).map((e) => e.description).sort();
  assert.deepEqual(descriptions, ['attribute[stoerung]: Bitte beantworten Sie diese Frage.', `lat/long: Der Ort liegt nicht im Gebiet von ${musterstadt.name}. Bitte prüfen Sie die Angabe.`]);
  const cases: [Record<string, string>, RegExp][] = [
    [{ service_code: 'sonstiges', lat: 'abc', long: '9.1', description: 'x' }, /lat und long/],
    [{ service_code: 'sonstiges', address_string: 'Markt', media_url: 'javascript:alert(1)', description: 'x' }, /media_url/],
    [{ service_code: 'sonstiges', address_string: 'Markt', media_url: `https://example.org/${'a'.repeat(2000)}`, description: 'x' }, /media_url/],
    [{ address_string: 'Markt', description: 'x' }, /service_code/],
    [{ service_code: 'sonstiges', description: 'x' }, /^lat\/long oder address_string: Bitte geben Sie an, wo/],
    [{ service_code: 'sonstiges', address_string: 'Markt', email: 'kein-at-zeichen', description: 'x' }, /^email: Bitte geben Sie eine gültige E-Mail-Adresse an/],
    [{ service_code: 'sonstiges', address_string: 'Markt', first_name: 'A'.repeat(100), last_name: 'B'.repeat(30), description: 'x' }, /^first_name\/last_name: /],
    [{ service_code: 'sonstiges', address_string: 'x'.repeat(301), description: 'x' }, /^address_string: /],
    [{ service_code: 'sonstiges', address_string: 'Markt', description: 'x'.repeat(4001) }, /^description: Die Beschreibung darf höchstens 4000 Zeichen/],
    [{ service_code: 'muell', address_string: 'Markt', description: 'x', 'attribute[art]': 'atommuell' }, /^attribute\[art\]: Bitte wählen Sie eine der angebotenen Antworten/],
  ];
  for (const [form, expected] of cases) {
    const failed = await post('/requests.json', { api_key: key, ...form });
    assert.equal(failed.statusCode, 400, JSON.stringify(form).slice(0, 80));
    assert.match((failed.json() as { description: string }[])[0]?.description ?? '', expected);
  }
  const count = await t.services.db.selectFrom('reports').select((eb) => eb.fn.countAll<string>().as('n')).where('description', '=', 'x').executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 0, 'nothing was stored');
});

test('only a live key of this municipality with open311:write may POST', async () => {
  const form = { service_code: 'sonstiges', address_string: 'Markt', description: 'Schlüsseltest' };
  const readOnly = await createApiKey(t.services.db, { tenantId: musterstadt.id, name: 'Export', scopes: ['applications:read'], actorLabel: 'test' });
  const revoked = await createApiKey(t.services.db, { tenantId: musterstadt.id, name: 'Alt', scopes: ['open311:write'], actorLabel: 'test' });
  assert.ok(readOnly.ok && revoked.ok);
  await revokeApiKey(t.services.db, musterstadt.id, revoked.id, { actorLabel: 'test' });
  for (const [api_key, expected] of [[undefined, /api_key nötig/], [readOnly.key, /ungültig/], [revoked.key, /ungültig/], [reviewKey, /ungültig/], ['rh_' + 'A'.repeat(43), /ungültig/]] as const) {
    const res = await post('/requests.xml', { ...form, ...(api_key ? { api_key } : {}) });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<errors><error><code>403<\/code><description>/);
    assert.match(res.body, expected);
  }
  // Authentication comes first: an unknown service does not tell a keyless client anything.
  assert.equal((await post('/requests.json', { service_code: 'gibtsnicht', address_string: 'Markt' })).statusCode, 403);
  assert.equal((await post('/requests.json', { api_key: key, service_code: 'gibtsnicht', address_string: 'Markt' })).statusCode, 404);
});

test('published reports show the photo URL; reports waiting for review show neither description nor photo', async () => {
  const published = await submitDirect(musterstadt, { photos: await photos(), lat: 51.95, lng: 9.1 });
  const photo = await t.services.db.selectFrom('report_photos').select('id').where('report_id', '=', published.id).executeTakeFirstOrThrow();
  const [one] = (await get(`/requests/${published.reference}.json`)).json();
  assert.equal(one.media_url, `${await t.services.baseUrlOf(musterstadt.id)}/maengelmelder/foto/${photo.id}`);
  assert.equal(one.description, 'Ast hängt über dem Weg.');
  assert.equal(one.agency_responsible, 'Bauhof');
  assert.equal(one.lat, 51.95);
  assert.equal(one.long, 9.1);
  assert.equal(one.address, 'Am Markt 1');
  assert.equal(one.address_id, null);
  assert.equal(one.status_notes, 'Eingegangen');
  assert.match(one.service_notice, /^Zuständig ist Bauhof; angestrebt ist die Erledigung bis \d/);
  assert.equal(one.expected_datetime, (await t.services.db.selectFrom('reports').select('due_at').where('id', '=', published.id).executeTakeFirstOrThrow()).due_at?.toISOString().replace(/\.\d{3}Z$/, 'Z'));

  const pending = await submitDirect(beispielhausen, { photos: await photos(), description: 'Geheimer Text vor der Prüfung' });
  const host = 'beispielhausen.localhost';
  for (const url of [`/requests/${pending.reference}.json`, '/requests.json']) {
    const res = await get(url, host);
    assert.equal(res.statusCode, 200);
    const item = (res.json() as { service_request_id: string; description: unknown; media_url: unknown; service_notice: string }[]).find((r) => r.service_request_id === pending.reference);
    assert.ok(item, url);
    assert.equal(item.description, null);
    assert.equal(item.media_url, null);
    assert.match(item.service_notice, /geprüft/);
  }
  const xml = (await get(`/requests/${pending.reference}.xml`, host)).body;
  assert.match(xml, /<description><\/description>/);
  assert.ok(!xml.includes('Geheimer Text'));
  // Hidden reports are not there at all.
  await t.services.db.updateTable('reports').set({ publication: 'hidden' }).where('id', '=', pending.id).execute();
  assert.equal((await get(`/requests/${pending.reference}.json`, host)).statusCode, 404);
  const [tokenOnly] = (await get(`/tokens/${pending.token}.json`, host)).json();
  assert.deepEqual(tokenOnly, { token: pending.token });
});

test('status notes give the state and its public reason; closed requests report their closing time and filter as closed', async () => {
  const report = await submitDirect(musterstadt, { description: 'Privater Baum' });
  const closedAt = new Date(T0.getTime() + 3_600_000);
  await t.services.db.updateTable('reports').set({ state: 'referred', state_reason: 'Privatgrund – Eigentümer informiert', closed_at: closedAt, updated_at: new Date(T0.getTime() + 7_200_000) }).where('id', '=', report.id).execute();
  const [one] = (await get(`/requests/${report.reference}.json`)).json();
  assert.equal(one.status, 'closed');
  assert.equal(one.status_notes, 'Nicht zuständig / weitergeleitet: Privatgrund – Eigentümer informiert');
  assert.equal(one.updated_datetime, '2027-03-10T11:00:00Z');
  assert.equal(one.service_notice, null);
  const ids = async (query: string): Promise<string[]> => ((await get(`/requests.json?${query}`)).json() as { service_request_id: string }[]).map((r) => r.service_request_id);
  assert.ok((await ids('status=closed')).includes(report.reference));
  assert.ok(!(await ids('status=open')).includes(report.reference));
  assert.ok((await ids('status=open,closed')).includes(report.reference));
  assert.ok((await ids('status=CLOSED&service_code=gruenflaeche,schlagloch')).includes(report.reference));
  assert.ok(!(await ids('status=closed&service_code=schlagloch')).includes(report.reference));
  assert.equal((await get('/requests.json?status=erledigt')).statusCode, 400);
});

test('the time window: the last 90 days by default, a longer span clipped to 90 days from start_date, 400 for bad dates', async () => {
  clock = new Date(T0.getTime() - 100 * DAY);
  const old = await submitDirect(musterstadt, { description: 'Alte Meldung' });
  clock = T0;
  const recent = await submitDirect(musterstadt, { description: 'Neue Meldung' });
  const ids = async (query: string): Promise<{ ids: string[]; window: string }> => {
    const res = await get(`/requests.json?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return { ids: (res.json() as { service_request_id: string }[]).map((r) => r.service_request_id), window: String(res.headers['x-open311-window']) };
  };
  const byDefault = await ids('');
  assert.ok(byDefault.ids.includes(recent.reference) && !byDefault.ids.includes(old.reference));
  assert.equal(byDefault.window, '2026-12-10T10:00:00Z/');
  const clipped = await ids('start_date=2026-11-01T00:00:00Z&end_date=2027-03-31T00:00:00Z');
  assert.equal(clipped.window, '2026-11-01T00:00:00Z/2027-01-30T00:00:00Z');
  assert.ok(clipped.ids.includes(old.reference) && !clipped.ids.includes(recent.reference));
  const onlyEnd = await ids('end_date=2026-12-01T00:00:00Z');
  assert.ok(onlyEnd.ids.includes(old.reference));
  assert.equal(onlyEnd.window, '2026-09-02T00:00:00Z/2026-12-01T00:00:00Z');
  // A "+" the client forgot to encode arrives as a space and still means "+".
  const plus = await ids('start_date=2027-03-10T10:30:00+01:00');
  assert.ok(plus.ids.includes(recent.reference));
  assert.equal(plus.window.slice(0, 20), '2027-03-10T09:30:00Z');
  for (const bad of ['start_date=gestern', 'end_date=2027-02-30T00:00:00Z', 'start_date=2027-03-01T00:00:00', 'start_date=2027-03-01', 'start_date=2027-03-10T00:00:00Z&end_date=2027-03-01T00:00:00Z']) {
    const res = await get(`/requests.xml?${bad}`);
    assert.equal(res.statusCode, 400, bad);
    assert.match(res.body, /<errors><error><code>400<\/code><description>[^<]+<\/description><\/error>/);
  }
  const both = (await get('/requests.json?start_date=x&end_date=y&status=z')).json() as unknown[];
  assert.equal(both.length, 3, 'every bad parameter is reported');
  // service_request_id overrides the window.
  assert.ok((await ids(`service_request_id=${old.reference.toLowerCase()},MM-22222-2,kaputt`)).ids.includes(old.reference));
});

test('a list holds at most 1000 requests, newest first', async () => {
  const category = await categoryId('sonstiges');
  const unit = await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', musterstadt.id).where('slug', '=', 'ordnungsamt').executeTakeFirstOrThrow();
  await sql`
    with made as (
      insert into cases (tenant_id, reference, type, status, unit_id, subject, access_salt, access_token_hash, created_at)
      select ${musterstadt.id}, 'ZZ-' || lpad(i::text, 5, '0') || '-X', 'report', 'received', ${unit.id}, 'Massentest', 'salz', md5(i::text) || md5(i::text), ${T0}::timestamptz - make_interval(mins => i)
      from generate_series(1, 1005) i
      returning id, reference, created_at
    )
    insert into reports (tenant_id, case_id, reference, category_id, address, description, source, publication, token, requested_at, updated_at)
    select ${musterstadt.id}, id, reference, ${category}, 'Massenweg', 'Massentest', 'web', 'published', 'massentoken' || replace(reference, '-', ''), created_at, created_at from made
  `.execute(t.services.db);
  const started = performance.now();
  const res = await get('/requests.json?service_code=sonstiges');
  const elapsed = performance.now() - started;
  const items = res.json() as { requested_datetime: string }[];
  assert.equal(items.length, 1000);
  const times = items.map((r) => Date.parse(r.requested_datetime));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  assert.ok(elapsed < 5000, `1000 requests took ${Math.round(elapsed)} ms`);
});

test('tokens: every report\'s token resolves to its id once it is public; unknown tokens are 404', async () => {
  const report = await submitDirect(musterstadt);
  const [resolved] = (await get(`/tokens/${report.token}.json`)).json();
  assert.deepEqual(resolved, { service_request_id: report.reference, token: report.token });
  assert.equal((await get('/tokens/AAAAAAAAAAAAAAAAAAAAAAAA.json')).statusCode, 404);
  assert.equal((await get('/tokens/kurz.xml')).statusCode, 404);
  // Another municipality's token is unknown here.
  assert.equal((await get(`/tokens/${report.token}.json`, 'beispielhausen.localhost')).statusCode, 404);
});

test('the review mode: a POST answers with a token, which names the id only after a clerk published the report', async () => {
  const host = 'beispielhausen.localhost';
  const res = await post('/requests.json', { api_key: reviewKey, service_code: 'winterdienst', lat: '48.81', long: '13.55', description: 'Nicht gestreut' }, { host });
  assert.equal(res.statusCode, 200, res.body);
  const [answer] = res.json();
  assert.equal(answer.service_request_id, undefined);
  assert.match(answer.token, /^[A-Za-z0-9_-]{16,64}$/);
  assert.match(answer.service_notice, /geprüft/);
  assert.deepEqual((await get(`/tokens/${answer.token}.json`, host)).json(), [{ token: answer.token }]);
  const row = await t.services.db.updateTable('reports').set({ publication: 'published' }).where('token', '=', answer.token).returning('reference').executeTakeFirstOrThrow();
  assert.deepEqual((await get(`/tokens/${answer.token}.json`, host)).json(), [{ service_request_id: row.reference, token: answer.token }]);
});

test('unknown paths, methods, formats and bodies, and foreign jurisdictions, are Open311 errors, never HTML', async () => {
  const expectError = (res: LightMyRequestResponse, status: number, format: 'xml' | 'json'): void => {
    assert.equal(res.statusCode, status, `${res.statusCode} ${res.body.slice(0, 200)}`);
    assert.equal(res.headers['content-type'], format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8');
    if (format === 'json') assert.equal((res.json() as { code: number }[])[0]?.code, status);
    else assert.match(res.body, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<errors><error><code>${status}</code>`));
  };
  expectError(await get('/foo.json'), 404, 'json');
  expectError(await get('/services.html'), 404, 'xml');
  expectError(await get('/services'), 404, 'xml');
  expectError(await get('/'), 404, 'xml');
  expectError(await get('/requests/MM-ABCDE-F/extra.json'), 404, 'json');
  expectError(await get(`/services/${'x'.repeat(300)}.json`), 404, 'json');
  expectError(await get('/services/Ungültig!.xml'), 404, 'xml');
  expectError(await t.app.inject({ method: 'GET', url: BASE, headers: { host: 'localhost' } }), 404, 'xml');
  expectError(await t.app.inject({ method: 'PUT', url: `${BASE}/requests.json`, headers: { host: 'localhost' }, payload: {} }), 404, 'json');
  expectError(await t.app.inject({ method: 'DELETE', url: `${BASE}/requests/MM-ABCDE-F.xml`, headers: { host: 'localhost' } }), 404, 'xml');
  expectError(await post('/services.json', { api_key: key }), 404, 'json');
  expectError(await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { host: 'localhost', 'content-type': 'application/xml' }, payload: '<a/>', remoteAddress: nextIp() }), 400, 'json');
  expectError(await t.app.inject({ method: 'POST', url: `${BASE}/requests.xml`, headers: { host: 'localhost', 'content-type': 'application/json' }, payload: '{kaputt', remoteAddress: nextIp() }), 400, 'xml');
  expectError(await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' }, payload: `description=${'x'.repeat(300 * 1024)}`, remoteAddress: nextIp() }), 400, 'json');
  // A staff session cookie changes nothing: no CSRF token is needed, and the key still is.
  expectError(await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded', cookie: 'rathaus-session=irgendwas; rathaus-csrf=abc' }, payload: 'service_code=sonstiges', remoteAddress: nextIp() }), 403, 'json');

  expectError(await get('/services.json?jurisdiction_id=beispielhausen.localhost'), 404, 'json');
  expectError(await post('/requests.json', { api_key: key, jurisdiction_id: 'anderswo.de', service_code: 'sonstiges', address_string: 'Markt' }), 404, 'json');
  for (const jurisdiction of ['', 'musterstadt', 'musterstadt.localhost', 'WWW.Musterstadt.localhost', 'localhost']) {
    assert.equal((await get(`/services.json?jurisdiction_id=${jurisdiction}`)).statusCode, 200, jurisdiction);
  }
  const read = await get('/services.xml');
  assert.equal(read.headers['access-control-allow-origin'], '*');
  assert.match(String(read.headers['cache-control']), /max-age/);
});

test('POSTs are rate-limited per client address, with an Open311 error', async () => {
  let last: LightMyRequestResponse | undefined;
  for (let i = 0; i < 61; i++) last = await post('/requests.xml', { service_code: 'sonstiges' }, { ip: '10.99.99.99' });
  assert.ok(last);
  assert.equal(last.statusCode, 429);
  assert.match(last.body, /<errors><error><code>429<\/code><description>Zu viele Meldungen/);
  assert.equal((await post('/requests.xml', { service_code: 'sonstiges' }, { ip: '10.99.99.98' })).statusCode, 403, 'other clients are not affected');
});

test('the XML writer escapes markup, keeps umlauts and drops characters XML cannot carry', () => {
  assert.equal(escapeXml('Straße & <Übergröße> "€" \'ß\'\r\n\u0007\uD800'), 'Straße &amp; &lt;Übergröße&gt; &quot;€&quot; &apos;ß&apos;&#13;\n');
  assert.equal(toXml('a', fields({ b: list('c', ['1', 2, true, null]), d: undefined })), '<?xml version="1.0" encoding="UTF-8"?>\n<a><b><c>1</c><c>2</c><c>true</c><c></c></b></a>\n');
});

test('parameters: W3C datetimes are calendar-checked, windows computed, attributes collected', () => {
  assert.equal(parseW3cDatetime('2027-02-28T23:59:59.5+01:00')?.toISOString(), '2027-02-28T22:59:59.500Z');
  assert.equal(parseW3cDatetime('2028-02-29T00:00Z')?.toISOString(), '2028-02-29T00:00:00.000Z');
  for (const bad of ['2027-02-29T00:00:00Z', '2027-04-31T00:00:00Z', '2027-01-01T24:00:00Z', '2027-01-01T00:00:00+15:00', '2027-01-01']) assert.equal(parseW3cDatetime(bad), null, bad);
  const start = new Date('2027-01-01T00:00:00Z');
  assert.deepEqual(requestWindow(start, null, T0), { ok: true, from: start, to: new Date('2027-04-01T00:00:00Z'), clipped: false });
  assert.deepEqual(requestWindow(new Date('2027-02-01T00:00:00Z'), start, T0), { ok: false });
  assert.deepEqual(attributesOf({ 'attribute[a]': 'x', 'attribute[b][]': 'y', 'attribute[c]': ['1', '2'], other: 'z' }), { a: 'x', b: ['y'], c: ['1', '2'] });
});
