import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { createApiKey } from '../../../core/auth/api-keys.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { getForm, sampleAnswers } from '../forms/engine.ts';

let t: TestApp;
let tenant: Tenant;
let reference: string;
let readKey: string;
let otherScopeKey: string;
let foreignKey: string;

before(async () => {
  t = await createTestApp();
  tenant = (await t.services.tenants.bySlug('musterstadt')) as Tenant;
  const foreign = (await t.services.tenants.bySlug('beispielhausen')) as Tenant;
  const unit = await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenant.id).where('slug', '=', 'buergerbuero').executeTakeFirstOrThrow();
  const form = getForm('meldebescheinigung')!;
  const created = await t.services.cases.createCase(tenant, {
    type: 'antrag.meldebescheinigung',
    unitId: unit.id,
    subject: 'Meldebescheinigung',
    data: { service: 'meldebescheinigung', form: form.id, formVersion: form.version, answers: sampleAnswers('meldebescheinigung') },
    contact: { name: 'Max Mustermann', email: 'max@example.org' },
    locale: 'de',
  });
  reference = created.reference;
  const make = async (tenantId: string, scopes: string[]) => {
    const r = await createApiKey(t.services.db, { tenantId, name: `Fachverfahren ${scopes.join(',')}`, scopes, actorLabel: 'test' });
    assert.ok(r.ok);
    return r.key;
  };
  readKey = await make(tenant.id, ['applications:read']);
  otherScopeKey = await make(tenant.id, ['open311:write']);
  foreignKey = await make(foreign.id, ['applications:read']);
});
after(async () => t.close());

const get = (url: string, key?: string, host = 'localhost') => t.app.inject({ url, headers: { host, ...(key ? { authorization: `Bearer ${key}` } : {}) } });

test('an application as JSON with the answers keyed by field id', async () => {
  const res = await get(`/api/v1/applications/${reference}`, readKey);
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.reference, reference);
  assert.equal(body.service, 'meldebescheinigung');
  assert.equal(body.submission.form, 'meldebescheinigung');
  assert.ok(Object.keys(body.submission.answers).length > 3);
  assert.equal(body.unit, 'buergerbuero');
  assert.equal(res.headers['cache-control'], 'no-store');
});

test('the list pages and filters', async () => {
  const res = await get('/api/v1/applications?service=meldebescheinigung', readKey);
  assert.equal(res.statusCode, 200);
  assert.ok(res.json().items.some((i: { reference: string }) => i.reference === reference));
  assert.equal((await get('/api/v1/applications?service=sperrmuell', readKey)).json().items.length, 0);
  assert.equal((await get('/api/v1/applications?since=gestern', readKey)).statusCode, 400);
  assert.match((await get('/api/v1/applications?since=gestern', readKey)).headers['content-type'] as string, /json/);
});

test('no key 401, wrong scope 403, other tenant\'s key 401, other tenant\'s host 404', async () => {
  assert.equal((await get(`/api/v1/applications/${reference}`)).statusCode, 401);
  assert.equal((await get(`/api/v1/applications/${reference}`, 'rh_nonsense')).statusCode, 401);
  assert.equal((await get(`/api/v1/applications/${reference}`, otherScopeKey)).statusCode, 403);
  assert.equal((await get(`/api/v1/applications/${reference}`, foreignKey)).statusCode, 401, 'a Beispielhausen key is no key in Musterstadt');
  assert.equal((await get(`/api/v1/applications/${reference}`, foreignKey, 'beispielhausen.localhost')).statusCode, 404);
});

test('the OpenAPI document describes the endpoints', async () => {
  const res = await t.app.inject({ url: '/api/openapi.json', headers: { host: 'localhost' } });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v1/applications/{reference}'].get);
  assert.ok(doc.components.schemas.Application);
  assert.ok(doc.components.securitySchemes.apiKey);
});
