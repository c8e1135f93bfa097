import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticateApiKey } from '../../core/auth/api-keys.ts';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';
import { staffBrowser } from '../../../test/support/staff.ts';

const ADMIN = 'admin@musterstadt.example';
const CLERK = 'buergerbuero@musterstadt.example';
const PATH = '/verwaltung/api-schluessel';

let t: TestApp;
let musterstadt: string;
let beispielhausen: string;

const h1Count = (body: string): number => body.match(/<h1[\s>]/g)?.length ?? 0;
const shownKey = (body: string): string => /id="api-key"[^>]*value="(rh_[A-Za-z0-9_-]{43})"/.exec(body)?.[1] ?? '';

before(async () => {
  t = await createTestApp();
  const m = await t.services.tenants.bySlug('musterstadt');
  const b = await t.services.tenants.bySlug('beispielhausen');
  assert.ok(m && b);
  musterstadt = m.id;
  beispielhausen = b.id;
});

after(async () => {
  await t.close();
});

async function createViaForm(admin: TestBrowser, name: string, scopes: string[]): Promise<string> {
  await admin.get(`${PATH}/neu`);
  const res = await admin.post(`${PATH}/neu`, { name, scopes });
  assert.equal(res.statusCode, 200);
  const key = shownKey(res.body);
  assert.ok(key, 'the new key is on the page');
  return key;
}

describe('API-Schlüssel', () => {
  test('an admin creates a key: shown once with a warning, working at once, audited', async () => {
    const admin = await staffBrowser(t, ADMIN);
    const form = await admin.get(`${PATH}/neu`);
    assert.equal(form.statusCode, 200);
    assert.equal(h1Count(form.body), 1);
    assert.match(form.body, /type="checkbox" value="applications:read"/);
    assert.match(form.body, /type="checkbox" value="open311:write"/);

    const res = await admin.post(`${PATH}/neu`, { name: 'Open311-App <Bauhof>', scopes: ['open311:write'] });
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    assert.match(res.body, /<h1[^>]*>API-Schlüssel erstellt<\/h1>/);
    assert.match(res.body, /nur dieses eine Mal angezeigt/);
    assert.match(res.body, /Open311-App &lt;Bauhof/);
    assert.doesNotMatch(res.body, /<Bauhof/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const key = shownKey(res.body);
    assert.match((await admin.get(PATH)).body, /Noch nie/, 'not used yet');
    const principal = await authenticateApiKey(t.services.db, musterstadt, key);
    assert.deepEqual(principal?.scopes, ['open311:write']);
    assert.equal(principal?.name, 'Open311-App <Bauhof>');
    assert.equal(await authenticateApiKey(t.services.db, beispielhausen, key), null);

    const entry = await t.services.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', musterstadt).where('action', '=', 'apikey.create').where('object_id', '=', principal?.id ?? '').executeTakeFirstOrThrow();
    assert.equal(entry.actor_label, 'Andrea Adler');
    assert.ok(entry.actor_id);

    const list = await admin.get(PATH);
    assert.equal(list.statusCode, 200);
    assert.equal(h1Count(list.body), 1);
    assert.match(list.body, /Open311-App &lt;Bauhof/);
    assert.ok(list.body.includes(`${key.slice(0, 8)}…`), 'the prefix is listed');
    assert.ok(!list.body.includes(key.slice(8)), 'the key itself is not');
    assert.doesNotMatch(list.body, /Noch nie/, 'the use is recorded');
    assert.match(list.body, /von Andrea Adler/);
  });

  test('missing name or scopes → 422 with an error summary; nothing created', async () => {
    const admin = await staffBrowser(t, ADMIN);
    const count = async () => Number((await t.services.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cases: [Record<string, string | string[]>, string[]][] = [
      [{ name: '' }, ['name', 'scopes']],
      [{ name: 'Ohne Rechte' }, ['scopes']],
      [{ name: 'x'.repeat(101), scopes: ['open311:write'] }, ['name']],
      [{ name: 'Zu viel', scopes: ['open311:write', 'alles:erlaubt'] }, ['scopes']],
    ];
    for (const [form, expected] of cases) {
      await admin.get(`${PATH}/neu`);
      const res = await admin.post(`${PATH}/neu`, form);
      assert.equal(res.statusCode, 422, JSON.stringify(form));
      assert.equal(h1Count(res.body), 1);
      assert.match(res.body, /<title>Fehler: API-Schlüssel erstellen/);
      assert.match(res.body, /id="error-summary"/);
      for (const field of expected) assert.match(res.body, new RegExp(`href="#field-${field}"`));
      assert.equal(shownKey(res.body), '');
    }
    await admin.get(`${PATH}/neu`);
    const kept = await admin.post(`${PATH}/neu`, { name: 'Behalten', scopes: [] });
    assert.match(kept.body, /value="Behalten"/, 'what was typed is kept');
    assert.match((await admin.post(`${PATH}/neu`, { name: '', scopes: ['applications:read'] })).body, /value="applications:read" checked/);
    assert.equal(await count(), before);
  });

  test('revoking stops the key at once, is audited and shown in the list', async () => {
    const admin = await staffBrowser(t, ADMIN);
    const key = await createViaForm(admin, 'Wird widerrufen', ['applications:read']);
    const principal = await authenticateApiKey(t.services.db, musterstadt, key);
    assert.ok(principal);
    await admin.get(PATH);
    assert.match(admin.lastBody, new RegExp(`action="${PATH}/${principal.id}/widerrufen"`));
    const res = await admin.post(`${PATH}/${principal.id}/widerrufen`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, PATH);
    assert.equal(await authenticateApiKey(t.services.db, musterstadt, key), null);
    const entry = await t.services.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', musterstadt).where('action', '=', 'apikey.revoke').where('object_id', '=', principal.id).executeTakeFirstOrThrow();
    assert.equal(entry.actor_label, 'Andrea Adler');
    const list = await admin.get(PATH);
    assert.match(list.body, /Der API-Schlüssel „Wird widerrufen“ wurde widerrufen/);
    assert.doesNotMatch(list.body, new RegExp(`action="${PATH}/${principal.id}/widerrufen"`), 'no revoke button for a revoked key');
    assert.match(list.body, /Widerrufen/);
  });

  test('a POST without CSRF token is refused (403) and changes nothing', async () => {
    const admin = await staffBrowser(t, ADMIN);
    const key = await createViaForm(admin, 'CSRF-Probe', ['open311:write']);
    const principal = await authenticateApiKey(t.services.db, musterstadt, key);
    assert.ok(principal);
    const before = await t.services.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await admin.get(PATH);
    assert.equal((await admin.post(`${PATH}/neu`, { name: 'Ohne Token', scopes: ['open311:write'] }, { csrf: null })).statusCode, 403);
    assert.equal((await admin.post(`${PATH}/${principal.id}/widerrufen`, {}, { csrf: null })).statusCode, 403);
    assert.ok(await authenticateApiKey(t.services.db, musterstadt, key));
    const after = await t.services.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  test('case workers get 403 on every page and action; the nav shows the page to admins only', async () => {
    const admin = await staffBrowser(t, ADMIN);
    const key = await createViaForm(admin, 'Nur für Admins', ['open311:write']);
    const principal = await authenticateApiKey(t.services.db, musterstadt, key);
    assert.ok(principal);
    const adminPage = await admin.get('/verwaltung/protokoll');
    assert.match(adminPage.body, new RegExp(`class="rathaus-nav__link" href="${PATH}"`));

    const clerk = await staffBrowser(t, CLERK);
    for (const path of [PATH, `${PATH}/neu`]) {
      const res = await clerk.get(path);
      assert.equal(res.statusCode, 403, path);
      assert.match(res.body, /Kein Zugriff/);
      assert.doesNotMatch(res.body, /Nur für Admins/);
    }
    assert.doesNotMatch((await clerk.get('/verwaltung')).body, new RegExp(`href="${PATH}"`));
    const create = await clerk.post(`${PATH}/neu`, { name: 'Eindringling', scopes: ['applications:read'] });
    assert.equal(create.statusCode, 403);
    assert.match(create.body, /Kein Zugriff/, 'refused by the policy, not by a missing CSRF token');
    assert.equal(shownKey(create.body), '');
    assert.equal((await clerk.post(`${PATH}/${principal.id}/widerrufen`, {})).statusCode, 403);
    assert.ok(await authenticateApiKey(t.services.db, musterstadt, key));
    const names = (await t.services.db.selectFrom('api_keys').select('name').execute()).map((k) => k.name);
    assert.ok(!names.includes('Eindringling'));
  });

  test('tenant isolation: another municipality’s key is neither listed nor revocable; a malformed id is a 400', async () => {
    const other = await staffBrowser(t, 'admin@beispielhausen.example', 'beispielhausen.localhost');
    const otherKey = await createViaForm(other, 'Beispielhausen-Export', ['applications:read']);
    const otherPrincipal = await authenticateApiKey(t.services.db, beispielhausen, otherKey);
    assert.ok(otherPrincipal);
    const admin = await staffBrowser(t, ADMIN);
    const list = await admin.get(PATH);
    assert.doesNotMatch(list.body, /Beispielhausen-Export/);
    assert.equal((await admin.post(`${PATH}/${otherPrincipal.id}/widerrufen`, {})).statusCode, 404);
    assert.ok(await authenticateApiKey(t.services.db, beispielhausen, otherKey));
    await admin.get(PATH);
    assert.equal((await admin.post(`${PATH}/keine-uuid/widerrufen`, {})).statusCode, 400);
  });

  test('pages speak English too', async () => {
    const admin = await staffBrowser(t, ADMIN);
    for (const [path, heading] of [
      [`${PATH}?lang=en`, 'API keys'],
      [`${PATH}/neu?lang=en`, 'Create API key'],
    ] as const) {
      const res = await admin.get(path);
      assert.equal(res.statusCode, 200, path);
      assert.match(res.body, new RegExp(`<h1[^>]*>${heading}</h1>`), path);
    }
  });
});
