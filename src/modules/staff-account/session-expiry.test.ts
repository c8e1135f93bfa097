import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';
import { resetRateLimits, signIn } from './test-helpers.ts';

// The services read this clock, so a test can let half an hour pass in a millisecond.
let clock = Date.now();
const minutes = (n: number) => n * 60_000;
let t: TestApp;
before(async () => {
  t = await createTestApp({ now: () => new Date(clock) });
});
after(async () => t.close());

async function expectSignedIn(browser: TestBrowser, message: string) {
  const res = await browser.get('/verwaltung/konto');
  assert.equal(res.statusCode, 200, message);
}

async function expectSentToLogin(browser: TestBrowser, message: string) {
  const res = await browser.get('/verwaltung/konto');
  assert.equal(res.statusCode, 303, message);
  assert.equal(res.headers.location, '/verwaltung/anmelden?weiter=%2Fverwaltung%2Fkonto', message);
}

test('idle timeout: activity keeps the session alive, 30 idle minutes end it', async () => {
  await resetRateLimits(t);
  const browser = new TestBrowser(t.app);
  await signIn(browser, 'buergerbuero@musterstadt.example');
  clock += minutes(29);
  await expectSignedIn(browser, 'after 29 idle minutes');
  clock += minutes(29);
  await expectSignedIn(browser, 'the last request counted as activity');
  clock += minutes(30);
  await expectSentToLogin(browser, 'after 30 idle minutes');
  clock -= minutes(30);
  await expectSentToLogin(browser, 'the expired session was deleted, not just hidden');
});

test('idle timeout follows the tenant setting session.idleMinutes', async () => {
  await resetRateLimits(t);
  const tenant = await t.services.tenants.resolve('localhost');
  assert.ok(tenant);
  await t.services.tenants.setSetting(tenant.id, 'session.idleMinutes', 10);
  try {
    const browser = new TestBrowser(t.app);
    await signIn(browser, 'ordnungsamt@musterstadt.example');
    clock += minutes(9);
    await expectSignedIn(browser, 'after 9 idle minutes');
    clock += minutes(11);
    await expectSentToLogin(browser, 'after 11 idle minutes with a 10-minute setting');
  } finally {
    await t.services.tenants.setSetting(tenant.id, 'session.idleMinutes', 30);
  }
});

test('absolute timeout: after 10 hours the session ends however active it was', async () => {
  await resetRateLimits(t);
  const browser = new TestBrowser(t.app);
  await signIn(browser, 'bauhof@musterstadt.example');
  const started = clock;
  while (clock - started < minutes(9 * 60 + 40)) {
    clock += minutes(20);
    await expectSignedIn(browser, `active at ${Math.round((clock - started) / 60_000)} min`);
  }
  clock = started + minutes(10 * 60);
  await expectSentToLogin(browser, 'at 10 hours');
});
