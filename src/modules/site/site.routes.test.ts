import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

test('start page of the default tenant, in German, with one h1 and strict headers', async () => {
  const browser = new TestBrowser(t.app);
  const res = await browser.get('/');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<html lang="de"/);
  assert.match(res.body, /Stadt Musterstadt/);
  assert.equal(res.body.match(/<h1[\s>]/g)?.length, 1);
  assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
  assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline/);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
});

test('the host name selects the tenant', async () => {
  const res = await new TestBrowser(t.app, 'beispielhausen.localhost').get('/');
  assert.match(res.body, /Gemeinde Beispielhausen/);
  assert.doesNotMatch(res.body, /Musterstadt/);
  const css = await new TestBrowser(t.app, 'beispielhausen.localhost').get('/branding.css');
  assert.match(css.body, /--rathaus-brand:#2f5d1e/);
});

test('language switch: ?lang=en sticks through a cookie', async () => {
  const browser = new TestBrowser(t.app);
  const en = await browser.get('/?lang=en');
  assert.match(en.body, /<html lang="en"/);
  assert.match(en.body, /Welcome to the digital town hall/);
  const again = await browser.get('/impressum');
  assert.match(again.body, /<html lang="en"/);
});

test('legal pages and Leichte Sprache exist for every tenant', async () => {
  for (const host of ['localhost', 'beispielhausen.localhost']) {
    for (const path of ['/impressum', '/datenschutz', '/barrierefreiheit', '/leichte-sprache']) {
      const res = await new TestBrowser(t.app, host).get(path);
      assert.equal(res.statusCode, 200, `${host}${path}`);
      assert.equal(res.body.match(/<h1[\s>]/g)?.length, 1, `${host}${path}`);
    }
  }
});

test('unknown pages get the friendly 404 page', async () => {
  const res = await new TestBrowser(t.app).get('/gibt-es-nicht');
  assert.equal(res.statusCode, 404);
  assert.match(res.body, /Seite nicht gefunden/);
});

test('health and readiness', async () => {
  assert.deepEqual((await t.app.inject('/healthz')).json(), { status: 'ok' });
  assert.deepEqual((await t.app.inject('/readyz')).json(), { status: 'ok' });
});
