/**
 * The Mängelmelder's set-up pages over HTTP: admins add a category with a
 * required list question (it then counts for every intake channel), edit
 * contractors and templates; every change is audited; nobody else may.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { reportsOf } from '../instance.ts';
import { parseValues } from './setup.service.ts';

const BASE = '/verwaltung/maengel/einrichtung';
let t: TestApp;
let tenant: Tenant;

before(async () => {
  t = await createTestApp();
  tenant = (await t.services.tenants.resolve('localhost')) as Tenant;
});
after(() => t.close());

test('answer options are read line by line as key=Name DE|Name EN', () => {
  assert.deepEqual(parseValues('hoch=Hoch|High\n\n niedrig=Niedrig \n'), {
    values: [
      { key: 'hoch', name: { de: 'Hoch', en: 'High' } },
      { key: 'niedrig', name: { de: 'Niedrig', en: 'Niedrig' } },
    ],
    problem: null,
  });
  assert.equal(parseValues('Hoch').problem, 'reportsStaff.setup.error.valueLine');
  assert.equal(parseValues('a=A\na=B').problem, 'reportsStaff.setup.error.valueDuplicate');
  assert.equal(parseValues('Groß=Groß').problem, 'reportsStaff.setup.error.valueLine');
});

test('an admin adds a category with a required list question; the intake then asks it', async () => {
  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  const overview = await admin.get(BASE);
  assert.equal(overview.statusCode, 200);
  assert.match(overview.body, /href="\/verwaltung\/maengel\/einrichtung"[^>]*>\s*Mängelmelder einrichten/);
  const bauhof = await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenant.id).where('slug', '=', 'bauhof').executeTakeFirstOrThrow();
  await admin.get(`${BASE}/kategorien/neu`);
  const invalid = await admin.post(`${BASE}/kategorien/neu`, { code: 'Kein Code', nameDe: '', nameEn: 'Benches', unit: bauhof.id, deadlineDays: '0', position: '5', active: '1' });
  assert.equal(invalid.statusCode, 422);
  for (const field of ['code', 'nameDe', 'deadlineDays']) assert.match(invalid.body, new RegExp(`href="#field-${field}"`));
  const taken = await admin.post(`${BASE}/kategorien/neu`, { code: 'schlagloch', nameDe: 'Bänke', nameEn: 'Benches', unit: bauhof.id, deadlineDays: '7', position: '5', active: '1' });
  assert.equal(taken.statusCode, 422);
  assert.match(taken.body, /Diesen Code gibt es schon/);

  const created = await admin.post(`${BASE}/kategorien/neu`, { code: 'sitzbank', nameDe: 'Sitzbank', nameEn: 'Bench', descriptionDe: 'Kaputte Bänke', descriptionEn: 'Broken benches', group: 'Grün', keywords: 'Bank', unit: bauhof.id, deadlineDays: '7', position: '5', active: '1' });
  assert.equal(created.statusCode, 303);
  const path = String(created.headers.location);
  const id = path.split('/').pop() as string;
  await admin.get(`${path}/fragen/neu`);
  const noValues = await admin.post(`${path}/fragen/neu`, { code: 'schaden', datatype: 'singlevaluelist', required: '1', order: '1', descriptionDe: 'Was ist kaputt?', descriptionEn: 'What is broken?', values: '' });
  assert.equal(noValues.statusCode, 422);
  assert.match(noValues.body, /href="#field-values"/);
  const added = await admin.post(`${path}/fragen/neu`, { code: 'schaden', datatype: 'singlevaluelist', required: '1', order: '1', descriptionDe: 'Was ist kaputt?', descriptionEn: 'What is broken?', hintDe: '', hintEn: '', values: 'lehne=Lehne|Backrest\nsitz=Sitzfläche|Seat' });
  assert.equal(added.statusCode, 303);

  const category = await reportsOf(t.services).category(tenant.id, { id });
  assert.ok(category);
  assert.equal(category.code, 'sitzbank');
  assert.equal(category.deadlineDays, 7);
  assert.equal(category.unitId, bauhof.id);
  assert.deepEqual(category.attributes, [
    {
      code: 'schaden',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      description: { de: 'Was ist kaputt?', en: 'What is broken?' },
      values: [
        { key: 'lehne', name: { de: 'Lehne', en: 'Backrest' } },
        { key: 'sitz', name: { de: 'Sitzfläche', en: 'Seat' } },
      ],
    },
  ]);
  // The one intake asks the new question.
  const refused = await reportsOf(t.services).submit(tenant, { categoryId: id, address: 'Stadtpark', description: 'Bank kaputt', locale: 'de', source: 'web' });
  assert.ok(!refused.ok && refused.problems.some((p) => p.field === 'attribute.schaden'));

  // Edit and remove the question; the audit log has every step.
  await admin.get(`${path}/fragen/schaden`);
  await admin.post(`${path}/fragen/schaden`, { datatype: 'singlevaluelist', order: '2', descriptionDe: 'Was genau?', descriptionEn: 'What exactly?', values: 'lehne=Lehne|Backrest' });
  const edited = await reportsOf(t.services).category(tenant.id, { id });
  assert.equal(edited?.attributes[0]?.required, false);
  assert.equal(edited?.attributes[0]?.description.de, 'Was genau?');
  await admin.get(`${path}/fragen/schaden`);
  assert.equal((await admin.post(`${path}/fragen/schaden/loeschen`, {})).statusCode, 303);
  assert.deepEqual((await reportsOf(t.services).category(tenant.id, { id }))?.attributes, []);
  const actions = await t.services.db.selectFrom('audit_log').select('action').where('tenant_id', '=', tenant.id).where('object_id', '=', id).orderBy('id').execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ['reports.category.create', 'reports.attribute.add', 'reports.attribute.update', 'reports.attribute.remove'],
  );
});

test('contractors and templates are edited by admins; a clerk gets 403 on every set-up page and POST', async () => {
  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  await admin.get(`${BASE}/auftragnehmer/neu`);
  const badMail = await admin.post(`${BASE}/auftragnehmer/neu`, { name: 'Pflaster Peters', email: 'keine-adresse', active: '1' });
  assert.equal(badMail.statusCode, 422);
  assert.equal((await admin.post(`${BASE}/auftragnehmer/neu`, { name: 'Pflaster Peters', email: 'auftrag@pflaster-peters.example', active: '1' })).statusCode, 303);
  const contractor = await t.services.db.selectFrom('report_contractors').selectAll().where('tenant_id', '=', tenant.id).where('name', '=', 'Pflaster Peters').executeTakeFirstOrThrow();
  assert.equal(contractor.active, true);
  await admin.get(`${BASE}/auftragnehmer/${contractor.id}`);
  await admin.post(`${BASE}/auftragnehmer/${contractor.id}`, { name: 'Pflaster Peters', email: 'auftrag@pflaster-peters.example' });
  assert.equal((await t.services.db.selectFrom('report_contractors').select('active').where('id', '=', contractor.id).executeTakeFirstOrThrow()).active, false);

  await admin.get(`${BASE}/vorlagen/neu`);
  assert.equal((await admin.post(`${BASE}/vorlagen/neu`, { title: 'Winterpause', body: 'Arbeiten an Grünflächen ruhen bis März.', position: '9' })).statusCode, 303);
  const template = await t.services.db.selectFrom('report_templates').selectAll().where('tenant_id', '=', tenant.id).where('title', '=', 'Winterpause').executeTakeFirstOrThrow();
  await admin.get(`${BASE}/vorlagen/${template.id}`);
  assert.equal((await admin.post(`${BASE}/vorlagen/${template.id}/loeschen`, {})).statusCode, 303);
  assert.equal(await t.services.db.selectFrom('report_templates').select('id').where('id', '=', template.id).executeTakeFirst(), undefined);

  const clerk = await staffBrowser(t, 'bauhof@musterstadt.example');
  const queue = await clerk.get('/verwaltung/maengel');
  assert.doesNotMatch(queue.body, /href="\/verwaltung\/maengel\/einrichtung"/, 'no set-up link for clerks');
  const category = await reportsOf(t.services).category(tenant.id, { code: 'schlagloch' });
  for (const path of [BASE, `${BASE}/kategorien/neu`, `${BASE}/kategorien/${category?.id}`, `${BASE}/auftragnehmer/neu`, `${BASE}/vorlagen/neu`]) {
    assert.equal((await clerk.get(path)).statusCode, 403, path);
  }
  await clerk.get('/verwaltung/maengel');
  assert.equal((await clerk.post(`${BASE}/kategorien/${category?.id}`, { nameDe: 'Gekapert', nameEn: 'x', unit: category?.unitId ?? '', deadlineDays: '1', position: '0' })).statusCode, 403);
  assert.equal((await clerk.post(`${BASE}/kategorien/${category?.id}/fragen/gefahr/loeschen`, {})).statusCode, 403);
  assert.equal((await clerk.post(`${BASE}/vorlagen/neu`, { title: 'x', body: 'y', position: '0' })).statusCode, 403);
  const unchanged = await reportsOf(t.services).category(tenant.id, { code: 'schlagloch' });
  assert.equal(unchanged?.name.de, 'Straßenschaden / Schlagloch');
  assert.equal(unchanged?.attributes.length, 1);
});
