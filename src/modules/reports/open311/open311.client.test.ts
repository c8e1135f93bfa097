/**
 * An Open311 GeoReport v2 client written from the specification
 * (/work/shared/standards/open311-georeport-v2.md), not from the server:
 * it imports nothing of the reports module, speaks only HTTP, reads XML with
 * its own small element tree (saxes) and JSON, and finds the services and
 * their questions through the API itself. Set-up only: the test app, an API
 * key made as staff would make it, and — where the spec leaves the server's
 * internals to the server — the database (the demo town's area, a clerk's
 * "publish", a realtime report's token).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { SaxesParser } from 'saxes';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { createApiKey } from '../../../core/auth/api-keys.ts';

// ---------------------------------------------------------------- XML tree

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function parseXml(source: string): { encoding: string | undefined; root: XmlElement } {
  const parser = new SaxesParser();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let encoding: string | undefined;
  parser.on('xmldecl', (decl) => {
    encoding = decl.encoding;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(source).close();
  assert.ok(root, 'the document has a root element');
  return { encoding, root };
}

const childrenOf = (element: XmlElement, name: string): XmlElement[] => element.children.filter((c) => c.name === name);

function childOf(element: XmlElement, name: string): XmlElement {
  const found = childrenOf(element, name);
  assert.equal(found.length, 1, `<${element.name}> has exactly one <${name}>`);
  return found[0] as XmlElement;
}

/** A flat element (a request, a service) as name → text; the JSON twin of it has the same keys. */
function flat(element: XmlElement): Record<string, string> {
  return Object.fromEntries(element.children.map((c) => [c.name, c.text]));
}

/** A JSON leaf as the XML text it stands for (Spark convention): null is an empty element. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

// ---------------------------------------------------------------- the client

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];
const SERVICE_TYPES = ['realtime', 'batch', 'blackbox'];

type Form = Record<string, string | string[]>;
type Json = Record<string, unknown>;

class Open311Client {
  constructor(
    private readonly app: TestApp['app'],
    readonly host: string,
    private readonly base = '/open311/v2',
  ) {}

  private url(path: string, query: Record<string, string> = {}): string {
    const search = new URLSearchParams(query).toString();
    return `${this.base}/${path}${search ? `?${search}` : ''}`;
  }

  async raw(method: 'GET' | 'POST', path: string, query: Record<string, string> = {}, form?: Form): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form ?? {})) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    return this.app.inject({
      method,
      url: this.url(path, query),
      headers: { host: this.host, ...(form ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}) },
      ...(form ? { payload: body.toString() } : {}),
    });
  }

  /** A GET or POST in XML: checks status, content type and declaration, returns the root. */
  async xml(path: string, options: { query?: Record<string, string>; form?: Form; status?: number } = {}): Promise<{ root: XmlElement; body: string }> {
    const res = await this.raw(options.form ? 'POST' : 'GET', `${path}.xml`, options.query, options.form);
    assert.equal(res.statusCode, options.status ?? 200, `${path}.xml: ${res.body.slice(0, 300)}`);
    assert.equal(res.headers['content-type']?.toString().toLowerCase(), 'text/xml; charset=utf-8');
    assert.ok(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), 'XML declaration first');
    const { encoding, root } = parseXml(res.body);
    assert.equal(encoding?.toUpperCase(), 'UTF-8');
    assert.ok(!('xmlns' in root.attributes) || root.attributes.xmlns === 'http://wiki.open311.org/GeoReport_v2', 'no foreign namespace');
    return { root, body: res.body };
  }

  async json(path: string, options: { query?: Record<string, string>; form?: Form; status?: number } = {}): Promise<{ value: unknown; body: string }> {
    const res = await this.raw(options.form ? 'POST' : 'GET', `${path}.json`, options.query, options.form);
    assert.equal(res.statusCode, options.status ?? 200, `${path}.json: ${res.body.slice(0, 300)}`);
    assert.equal(res.headers['content-type']?.toString().toLowerCase(), 'application/json; charset=utf-8');
    return { value: JSON.parse(res.body), body: res.body };
  }

  /** The spec's error document in both formats, with the HTTP status as code. */
  async expectError(path: string, status: number, options: { query?: Record<string, string>; form?: Form } = {}): Promise<string[]> {
    const { root } = await this.xml(path, { ...options, status });
    assert.equal(root.name, 'errors');
    const errors = childrenOf(root, 'error');
    assert.ok(errors.length > 0, 'at least one <error>');
    for (const error of errors) {
      assert.equal(childOf(error, 'code').text, String(status));
      assert.ok(childOf(error, 'description').text.trim().length > 0);
    }
    const { value } = await this.json(path, { ...options, status });
    assert.ok(Array.isArray(value) && value.length === errors.length, 'JSON errors are an array like the XML list');
    for (const error of value as Json[]) {
      assert.equal(String(error.code), String(status));
      assert.equal(typeof error.description, 'string');
    }
    return (value as Json[]).map((e) => String(e.description));
  }

  /** Requests in both formats, checked against each other and against the spec's required fields. */
  async requests(path: string, query: Record<string, string> = {}): Promise<Record<string, string>[]> {
    const { root } = await this.xml(path, { query });
    assert.equal(root.name, 'service_requests');
    const fromXml = childrenOf(root, 'request').map(flat);
    const { value } = await this.json(path, { query });
    assert.ok(Array.isArray(value), 'JSON requests are an array');
    const fromJson = (value as Json[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asText(v)])));
    assert.deepEqual(fromJson, fromXml, 'XML and JSON say the same');
    for (const r of value as Json[]) {
      assert.equal(typeof r.service_request_id, 'string');
      assert.ok(r.status === 'open' || r.status === 'closed');
      assert.equal(typeof r.service_code, 'string');
      assert.match(String(r.requested_datetime), W3C);
      for (const field of ['updated_datetime', 'expected_datetime']) if (r[field] !== null && r[field] !== undefined) assert.match(String(r[field]), W3C);
      for (const field of ['lat', 'long']) assert.ok(r[field] === null || r[field] === undefined || typeof r[field] === 'number');
      if (typeof r.description === 'string') assert.ok(r.description.length <= 4000);
    }
    return fromXml;
  }

  async tokenLookup(token: string): Promise<Record<string, string>> {
    const { root } = await this.xml(`tokens/${token}`);
    assert.equal(root.name, 'service_requests');
    const items = childrenOf(root, 'request');
    assert.equal(items.length, 1);
    const fromXml = flat(items[0] as XmlElement);
    const { value } = await this.json(`tokens/${token}`);
    assert.ok(Array.isArray(value) && value.length === 1);
    assert.deepEqual(Object.fromEntries(Object.entries(value[0] as Json).map(([k, v]) => [k, asText(v)])), fromXml);
    return fromXml;
  }
}

interface Attribute {
  code: string;
  datatype: string;
  required: boolean;
  order: number;
  values: { key: string; name: string }[];
}

interface Service {
  code: string;
  metadata: boolean;
  type: string;
  attributes: Attribute[];
}

/** Answers the required questions of a service as a careful client would: the first offered value, or a plain one. */
function answersFor(service: Service): Form {
  const form: Form = {};
  for (const a of service.attributes.filter((x) => x.required)) {
    const first = a.values[0]?.key ?? '';
    if (a.datatype === 'multivaluelist') form[`attribute[${a.code}][]`] = [first];
    else if (a.datatype === 'singlevaluelist') form[`attribute[${a.code}]`] = first;
    else if (a.datatype === 'number') form[`attribute[${a.code}]`] = '1';
    else if (a.datatype === 'datetime') form[`attribute[${a.code}]`] = '2026-01-01T00:00:00Z';
    else form[`attribute[${a.code}]`] = 'Angabe';
  }
  return form;
}

// ---------------------------------------------------------------- set-up

let t: TestApp;
let client: Open311Client;
let key: string;
let reviewKey: string;
let services: Service[] = [];
/** Inside the demo town Musterstadt (its reports.bounds). */
const INSIDE = { lat: '51.9402', long: '9.0871' };
const created: { id: string; code: string; description: string; address: string }[] = [];

before(async () => {
  t = await createTestApp();
  const tenants = await t.services.tenants.all();
  const own = tenants.find((x) => x.slug === 'musterstadt');
  const reviewing = tenants.find((x) => x.slug === 'beispielhausen');
  assert.ok(own && reviewing);
  const made = await createApiKey(t.services.db, { tenantId: own.id, name: 'Open311-Client', scopes: ['open311:write'], actorLabel: 'test' });
  const madeReview = await createApiKey(t.services.db, { tenantId: reviewing.id, name: 'Open311-Client', scopes: ['open311:write'], actorLabel: 'test' });
  assert.ok(made.ok && madeReview.ok);
  key = made.key;
  reviewKey = madeReview.key;
  client = new Open311Client(t.app, 'localhost');
});
after(() => t.close());

// ---------------------------------------------------------------- the spec, endpoint by endpoint

test('discovery: changeset, contact, key_service and endpoints with specification, url, type and formats', async () => {
  const { root } = await client.xml('discovery');
  assert.equal(root.name, 'discovery');
  for (const field of ['changeset', 'contact', 'key_service']) assert.ok(childOf(root, field).text.trim(), field);
  const endpoints = childrenOf(childOf(root, 'endpoints'), 'endpoint');
  assert.ok(endpoints.length >= 1);
  const v2 = endpoints.find((e) => childOf(e, 'specification').text === 'http://wiki.open311.org/GeoReport_v2');
  assert.ok(v2, 'a GeoReport v2 endpoint');
  assert.ok(['production', 'test'].includes(childOf(v2, 'type').text));
  assert.match(childOf(v2, 'url').text, /^https?:\/\/.+\/open311\/v2$/);
  assert.ok(childOf(v2, 'changeset').text);
  const formats = childrenOf(childOf(v2, 'formats'), 'format').map((f) => f.text);
  assert.ok(formats.includes('text/xml') && formats.includes('application/json'), 'JSON is announced');

  const { value } = await client.json('discovery');
  const json = value as Json;
  assert.equal(json.contact, childOf(root, 'contact').text);
  assert.equal(json.key_service, childOf(root, 'key_service').text);
  const [endpoint] = json.endpoints as Json[];
  assert.ok(endpoint);
  assert.deepEqual(endpoint.formats, formats, 'formats is an array of strings');
  assert.equal(endpoint.url, childOf(v2, 'url').text);
});

test('service list: codes, names, metadata as a boolean and one of the three types, in both formats', async () => {
  const { root } = await client.xml('services');
  assert.equal(root.name, 'services');
  const xmlServices = childrenOf(root, 'service').map(flat);
  assert.ok(xmlServices.length > 0);
  for (const s of xmlServices) {
    assert.ok(s.service_code && s.service_name);
    assert.ok(s.metadata === 'true' || s.metadata === 'false', 'metadata is true or false');
    assert.ok(SERVICE_TYPES.includes(s.type as string), `type ${s.type}`);
  }
  assert.equal(new Set(xmlServices.map((s) => s.service_code)).size, xmlServices.length, 'codes are unique');
  const { value } = await client.json('services');
  assert.ok(Array.isArray(value));
  assert.equal(value.length, xmlServices.length);
  for (const [index, s] of (value as Json[]).entries()) {
    assert.equal(typeof s.service_code, 'string', 'ids and codes are strings');
    assert.equal(typeof s.metadata, 'boolean');
    assert.deepEqual(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, asText(v)])), xmlServices[index]);
  }
  services = (value as Json[]).map((s) => ({ code: String(s.service_code), metadata: s.metadata === true, type: String(s.type), attributes: [] }));
  assert.ok(services.every((s) => s.type === 'realtime'), 'this town publishes at once: an id comes back at once');
});

test('service definitions: attributes with unique positive orders, datatypes of the spec, values for lists', async () => {
  const withMetadata = services.filter((s) => s.metadata);
  assert.ok(withMetadata.length > 0, 'some service asks extra questions');
  for (const service of withMetadata) {
    const { root } = await client.xml(`services/${service.code}`);
    assert.equal(root.name, 'service_definition');
    assert.equal(childOf(root, 'service_code').text, service.code);
    const xmlAttributes = childrenOf(childOf(root, 'attributes'), 'attribute');
    const { value } = await client.json(`services/${service.code}`);
    assert.ok(value && typeof value === 'object' && !Array.isArray(value), 'the JSON definition is an object');
    const json = value as { service_code: string; attributes: Json[] };
    assert.equal(json.service_code, service.code);
    assert.equal(json.attributes.length, xmlAttributes.length);
    const orders = new Set<number>();
    const codes = new Set<string>();
    for (const [index, a] of json.attributes.entries()) {
      const x = xmlAttributes[index] as XmlElement;
      assert.equal(typeof a.variable, 'boolean');
      assert.equal(childOf(x, 'variable').text, String(a.variable));
      assert.equal(typeof a.required, 'boolean');
      assert.equal(childOf(x, 'required').text, String(a.required));
      assert.ok(DATATYPES.includes(String(a.datatype)), `datatype ${String(a.datatype)}`);
      assert.ok(Number.isInteger(a.order) && (a.order as number) >= 1, 'order is a positive integer');
      orders.add(a.order as number);
      codes.add(String(a.code));
      assert.equal(childOf(x, 'code').text, a.code);
      assert.ok(String(a.description).trim(), 'a question to show');
      let values: { key: string; name: string }[] = [];
      if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
        values = a.values as { key: string; name: string }[];
        assert.ok(Array.isArray(values) && values.length > 0, 'a list offers values');
        assert.deepEqual(childrenOf(childOf(x, 'values'), 'value').map((v) => ({ key: childOf(v, 'key').text, name: childOf(v, 'name').text })), values);
        for (const v of values) assert.ok(typeof v.key === 'string' && typeof v.name === 'string' && v.key && v.name);
      }
      service.attributes.push({ code: String(a.code), datatype: String(a.datatype), required: a.required === true, order: a.order as number, values });
    }
    assert.equal(orders.size, json.attributes.length, 'orders are unique within the service');
    assert.equal(codes.size, json.attributes.length, 'codes are unique within the service');
  }
  await client.expectError('services/gibt-es-nicht', 404);
});

test('POST requests: an id comes back, the request reads back in XML and JSON with umlauts intact, and its token resolves', async () => {
  const multi = services.find((s) => s.attributes.some((a) => a.datatype === 'multivaluelist' && a.values.length >= 2));
  assert.ok(multi, 'a service with a multi-value question');
  const question = multi.attributes.find((a) => a.datatype === 'multivaluelist') as Attribute;
  const description = 'Übergröße Sperrmüll an der Straße, geschätzter Schaden 500 € – ß & <b>nicht fett</b>\nZweite Zeile';
  const address = 'Große Straße 7, Musterstadt';
  const form: Form = {
    ...answersFor(multi),
    api_key: key,
    service_code: multi.code,
    ...INSIDE,
    address_string: address,
    description,
    [`attribute[${question.code}][]`]: [question.values[0]?.key as string, question.values[1]?.key as string],
  };
  const { root } = await client.xml('requests', { form });
  assert.equal(root.name, 'service_requests');
  const answer = flat(childOf(root, 'request'));
  assert.ok(answer.service_request_id, 'realtime: service_request_id');
  assert.equal(answer.token, undefined, 'never both id and token');
  const id = answer.service_request_id as string;
  created.push({ id, code: multi.code, description, address });

  const [one] = await client.requests(`requests/${id}`);
  assert.ok(one);
  assert.equal(one.service_request_id, id);
  assert.equal(one.service_code, multi.code);
  assert.equal(one.status, 'open');
  assert.equal(one.description, description);
  assert.equal(one.address, address);
  assert.equal(Number(one.lat), Number(INSIDE.lat));
  assert.equal(Number(one.long), Number(INSIDE.long));
  const { value } = await client.json(`requests/${id}`);
  assert.equal((value as Json[])[0]?.description, description);

  // A value that is not one of the offered keys is refused, also in a multi-value list.
  await client.expectError('requests', 400, { form: { ...form, [`attribute[${question.code}][]`]: [question.values[0]?.key as string, 'gibt-es-nicht'] } });

  // The token of a realtime request (not returned to us; the spec leaves it to the server) still resolves.
  const row = await t.services.db.selectFrom('reports').select('token').where('reference', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(await client.tokenLookup(row.token), { service_request_id: id, token: row.token });

  // JSON answers to a POST the same way.
  const other = services.find((s) => s.code !== multi.code && !s.attributes.some((a) => a.required)) as Service;
  const { value: posted } = await client.json('requests', { form: { api_key: key, service_code: other.code, ...INSIDE, description: 'ß'.repeat(4000) } });
  const [second] = posted as Json[];
  assert.ok(second && typeof second.service_request_id === 'string' && second.token === undefined);
  created.push({ id: second.service_request_id as string, code: other.code, description: 'ß'.repeat(4000), address: '' });
  const [back] = await client.requests(`requests/${String(second.service_request_id)}`);
  assert.equal(back?.description, 'ß'.repeat(4000), 'exactly 4000 characters are fine and come back whole');
});

test('GET requests: service_request_id overrides the other filters; service_code, status and start/end dates filter', async () => {
  assert.equal(created.length, 2);
  const [a, b] = created as [(typeof created)[0], (typeof created)[0]];
  const ids = (list: Record<string, string>[]): string[] => list.map((r) => r.service_request_id as string);

  const all = await client.requests('requests');
  assert.ok(ids(all).includes(a.id) && ids(all).includes(b.id), 'the default list holds recent requests');

  const onlyA = await client.requests('requests', { service_code: a.code });
  assert.ok(ids(onlyA).includes(a.id) && !ids(onlyA).includes(b.id));
  assert.ok(onlyA.every((r) => r.service_code === a.code));
  const both = await client.requests('requests', { service_code: `${a.code},${b.code}` });
  assert.ok(ids(both).includes(a.id) && ids(both).includes(b.id));

  const open = await client.requests('requests', { status: 'open' });
  assert.ok(open.every((r) => r.status === 'open') && ids(open).includes(a.id));
  const closed = await client.requests('requests', { status: 'closed' });
  assert.ok(closed.every((r) => r.status === 'closed') && !ids(closed).includes(a.id));

  const times = all.filter((r) => r.service_request_id === a.id || r.service_request_id === b.id).map((r) => Date.parse(r.requested_datetime as string));
  const w3c = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const earliest = Math.min(...times);
  const latest = Math.max(...times);
  assert.deepEqual(ids(await client.requests('requests', { start_date: w3c(latest + 2000) })).filter((id) => id === a.id || id === b.id), []);
  assert.deepEqual(ids(await client.requests('requests', { end_date: w3c(earliest - 2000) })).filter((id) => id === a.id || id === b.id), []);
  const around = ids(await client.requests('requests', { start_date: w3c(earliest - 60_000), end_date: w3c(latest + 60_000) }));
  assert.ok(around.includes(a.id) && around.includes(b.id));
  // The same window written with a zone offset.
  const berlin = new Date(earliest - 60_000 + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+02:00');
  assert.ok(ids(await client.requests('requests', { start_date: berlin })).includes(a.id));

  const third = services.find((s) => s.code !== a.code && s.code !== b.code) as Service;
  const overridden = await client.requests('requests', { service_request_id: `${a.id},${b.id}`, service_code: third.code, status: 'closed', start_date: '2001-01-01T00:00:00Z', end_date: '2001-01-02T00:00:00Z' });
  assert.deepEqual(ids(overridden).sort(), [a.id, b.id].sort());

  const badDates: Record<string, string>[] = [{ start_date: 'gestern' }, { end_date: '2026-13-01T00:00:00Z' }, { start_date: '2026-01-01T00:00:00' }];
  for (const bad of badDates) await client.expectError('requests', 400, { query: bad });
});

test('POST errors: 403 without or with a wrong api_key, 404 for an unknown service, 400 for what the request lacks', async () => {
  const simple = services.find((s) => !s.attributes.some((a) => a.required)) as Service;
  const strict = services.find((s) => s.attributes.some((a) => a.required));
  assert.ok(strict, 'a service with a required question');
  const valid: Form = { api_key: key, service_code: simple.code, ...INSIDE, description: 'Fehlerprobe' };
  const { api_key: _omitted, ...withoutKey } = valid;
  await client.expectError('requests', 403, { form: withoutKey });
  await client.expectError('requests', 403, { form: { ...valid, api_key: 'falsch' } });
  await client.expectError('requests', 403, { form: { ...valid, api_key: reviewKey } });
  await client.expectError('requests', 404, { form: { ...valid, service_code: 'gibt-es-nicht' } });
  await client.expectError('requests', 400, { form: { api_key: key, service_code: simple.code, description: 'Wo?' } });
  await client.expectError('requests', 400, { form: { api_key: key, service_code: strict.code, ...INSIDE, description: 'Ohne Antwort' } });
  await client.expectError('requests', 400, { form: { ...valid, description: 'x'.repeat(4001) } });
  const row = await t.services.db.selectFrom('reports').select('id').where('description', '=', 'Fehlerprobe').executeTakeFirst();
  assert.equal(row, undefined, 'no failed POST left a request behind');
});

test('unknown request ids and tokens are 404 in both formats', async () => {
  await client.expectError('requests/MM-22222-2', 404);
  await client.expectError('requests/gibt-es-nicht', 404);
  await client.expectError('tokens/AAAAAAAAAAAAAAAAAAAAAAAA', 404);
});

test('no personal data sent with a POST comes back from any GET', async () => {
  const canaries = { first_name: 'Kanarienvogel', last_name: 'Zwitscherling', email: 'kanari.zwitscher@example.org', phone: '0170 5550123', device_id: 'geraet-kanari-42', account_id: 'konto-kanari-42' };
  const simple = services.find((s) => !s.attributes.some((a) => a.required)) as Service;
  const { value } = await client.json('requests', { form: { api_key: key, service_code: simple.code, ...INSIDE, description: 'Bank am Spielplatz wackelt', ...canaries } });
  const id = String((value as Json[])[0]?.service_request_id);
  const token = (await t.services.db.selectFrom('reports').select('token').where('reference', '=', id).executeTakeFirstOrThrow()).token;
  const paths: [string, Record<string, string>?][] = [
    ['discovery'],
    ['services'],
    ...services.filter((s) => s.metadata).map((s): [string] => [`services/${s.code}`]),
    ['requests'],
    ['requests', { service_request_id: id }],
    ['requests', { service_code: simple.code, status: 'open' }],
    [`requests/${id}`],
    [`tokens/${token}`],
  ];
  for (const [path, query] of paths) {
    for (const format of ['xml', 'json']) {
      const res = await client.raw('GET', `${path}.${format}`, query);
      assert.equal(res.statusCode, 200, path);
      for (const canary of Object.values(canaries)) assert.ok(!res.body.includes(canary), `${path}.${format} shows ${canary}`);
    }
  }
  assert.ok((await client.raw('GET', `requests/${id}.json`)).body.includes('Bank am Spielplatz wackelt'), 'the request itself is public');
});

test('review before publishing: batch services answer with a token, which gives the id once the request is published', async () => {
  const reviewing = new Open311Client(t.app, 'beispielhausen.localhost');
  const { value } = await reviewing.json('services');
  const list = value as Json[];
  assert.ok(list.length > 0 && list.every((s) => s.type === 'batch'));
  const simple = list.find((s) => s.metadata === false) as Json;
  const description = 'Glatteis auf dem Gehweg vor der Schule';
  const { root } = await reviewing.xml('requests', { form: { api_key: reviewKey, service_code: String(simple.service_code), lat: '48.81', long: '13.55', description } });
  const answer = flat(childOf(root, 'request'));
  assert.equal(answer.service_request_id, undefined, 'batch: a token instead of the id');
  const token = answer.token as string;
  assert.ok(token);

  const waiting = await reviewing.tokenLookup(token);
  assert.equal(waiting.token, token);
  assert.ok(!waiting.service_request_id, 'no id before the request is published');
  for (const format of ['xml', 'json']) {
    const listed = await reviewing.raw('GET', `requests.${format}`);
    assert.equal(listed.statusCode, 200);
    assert.ok(!listed.body.includes(description), 'an unpublished description is not public');
  }

  // A clerk releases the request (the staff pages are not part of this API).
  await t.services.db.updateTable('reports').set({ publication: 'published' }).where('token', '=', token).execute();
  const released = await reviewing.tokenLookup(token);
  assert.equal(released.token, token);
  assert.ok(released.service_request_id);
  const [request] = await reviewing.requests(`requests/${released.service_request_id}`);
  assert.equal(request?.description, description);
  // The other town knows neither the token nor the request.
  await client.expectError(`tokens/${token}`, 404);
  await client.expectError(`requests/${released.service_request_id}`, 404);
});
