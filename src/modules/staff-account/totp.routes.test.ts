import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';
import { h1Count, resetRateLimits, SESSION_COOKIE, sessionCookieOf, setupSecret, signIn, totpFor, wrongCode } from './test-helpers.ts';

let t: TestApp;
let strict: TestApp;
before(async () => {
  [t, strict] = await Promise.all([createTestApp(), createTestApp({ env: { REQUIRE_TOTP: 'true' } })]);
});
after(async () => Promise.all([t.close(), strict.close()]));
beforeEach(async () => Promise.all([resetRateLimits(t), resetRateLimits(strict)]));

test('set up TOTP, then sign-in asks for the code: wrong code 422, right code in with a new session id', async () => {
  const email = 'hauptamt@musterstadt.example';
  const browser = new TestBrowser(t.app);
  await signIn(browser, email);

  const setup = await browser.get('/verwaltung/konto/zwei-faktor');
  assert.equal(setup.statusCode, 200);
  assert.equal(h1Count(setup.body), 1);
  assert.match(setup.body, /rathaus-breadcrumbs/);
  assert.match(setup.body, /name="code"[^>]*autocomplete="one-time-code"[^>]*inputmode="numeric"/);
  const secret = setupSecret(setup.body);
  assert.ok(setup.body.includes(secret.match(/.{4}/g)?.join(' ') ?? '-'), 'secret shown in groups of four');
  assert.match(setup.body, /otpauth:\/\/totp\//);

  const wrong = await browser.post('/verwaltung/konto/zwei-faktor', { setup: /name="setup" value="([^"]+)"/.exec(setup.body)?.[1] ?? '', code: wrongCode(secret) });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Der Code ist falsch oder abgelaufen/);
  assert.equal(setupSecret(wrong.body), secret, 'after a typo the same key stays valid');

  const token = /name="setup" value="([^"]+)"/.exec(wrong.body)?.[1] ?? '';
  const ok = await browser.post('/verwaltung/konto/zwei-faktor', { setup: token, code: totpFor(secret).generate() });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/verwaltung/konto');
  const account = await browser.get('/verwaltung/konto');
  assert.match(account.body, /Die Zwei-Faktor-Authentifizierung ist eingerichtet/);
  assert.match(account.body, /Eingerichtet/);

  await browser.post('/verwaltung/abmelden', {});
  const login = await signIn(browser, email, undefined, '/verwaltung/konto');
  assert.equal(login.statusCode, 303);
  assert.equal(login.headers.location, '/verwaltung/anmelden/code?weiter=%2Fverwaltung%2Fkonto');
  const pendingToken = sessionCookieOf(login)?.value;
  assert.ok(pendingToken);

  const guarded = await browser.get('/verwaltung/konto');
  assert.equal(guarded.statusCode, 303, 'password alone does not open staff pages');
  const again = await browser.get(String(guarded.headers.location));
  assert.equal(again.statusCode, 303);
  assert.match(String(again.headers.location), /^\/verwaltung\/anmelden\/code/, 'the login page sends a pending session to its next step');
  const replaceAttempt = await browser.get('/verwaltung/konto/zwei-faktor');
  assert.equal(replaceAttempt.statusCode, 303, 'a password-only session must not replace the second factor');
  assert.match(String(replaceAttempt.headers.location), /^\/verwaltung\/anmelden\/code/);

  const codePage = await browser.get('/verwaltung/anmelden/code?weiter=%2Fverwaltung%2Fkonto');
  assert.equal(codePage.statusCode, 200);
  assert.equal(h1Count(codePage.body), 1);
  assert.match(codePage.body, /name="code"[^>]*autocomplete="one-time-code"[^>]*inputmode="numeric"/);
  assert.match(codePage.body, /action="\/verwaltung\/abmelden"/, 'a pending sign-in can be cancelled');

  const malformed = await browser.post('/verwaltung/anmelden/code', { code: '12ab', weiter: '/verwaltung/konto' });
  assert.equal(malformed.statusCode, 422);
  assert.match(malformed.body, /Geben Sie den Code mit 6 Ziffern ein/);
  const bad = await browser.post('/verwaltung/anmelden/code', { code: wrongCode(secret), weiter: '/verwaltung/konto' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Der Code ist falsch oder abgelaufen/);
  assert.equal(sessionCookieOf(bad), undefined);

  const good = await browser.post('/verwaltung/anmelden/code', { code: totpFor(secret).generate().replace(/^(\d{3})/, '$1 '), weiter: '/verwaltung/konto' });
  assert.equal(good.statusCode, 303);
  assert.equal(good.headers.location, '/verwaltung/konto');
  const fresh = sessionCookieOf(good);
  assert.ok(fresh?.value && fresh.value !== pendingToken, 'the session id changes once the second factor is done');
  assert.equal((await browser.get('/verwaltung/konto')).statusCode, 200);
  const stale = await t.app.inject({ method: 'GET', url: '/verwaltung/konto', headers: { host: 'localhost', cookie: `${SESSION_COOKIE}=${pendingToken}` } });
  assert.equal(stale.statusCode, 303, 'the pre-code token is dead');
});

test('a tampered or foreign set-up token is refused with a fresh key', async () => {
  const browser = new TestBrowser(t.app);
  await signIn(browser, 'bauhof@musterstadt.example');
  const page = await browser.get('/verwaltung/konto/zwei-faktor');
  const token = /name="setup" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const secret = setupSecret(page.body);
  const chosen = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const swapped = token.replace(secret, chosen);
  const res = await browser.post('/verwaltung/konto/zwei-faktor', { setup: swapped, code: totpFor(chosen).generate() });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Die Einrichtung hat zu lange gedauert/);
  assert.notEqual(setupSecret(res.body), chosen);

  // Another staff member's valid set-up form does not work for this account.
  const other = new TestBrowser(t.app);
  await signIn(other, 'ordnungsamt@musterstadt.example');
  await other.get('/verwaltung/konto/zwei-faktor');
  const foreign = await other.post('/verwaltung/konto/zwei-faktor', { setup: token, code: totpFor(secret).generate() });
  assert.equal(foreign.statusCode, 422);
  const row = await t.services.db.selectFrom('staff_users').select('totp_enabled').where('email', '=', 'ordnungsamt@musterstadt.example').executeTakeFirstOrThrow();
  assert.equal(row.totp_enabled, false);
});

test('REQUIRE_TOTP: a user without TOTP must set it up before reaching any staff page', async () => {
  const browser = new TestBrowser(strict.app);
  const login = await signIn(browser, 'buergerbuero@musterstadt.example');
  assert.equal(login.statusCode, 303);
  assert.equal(login.headers.location, '/verwaltung/konto/zwei-faktor');

  const blocked = await browser.get('/verwaltung/konto');
  assert.equal(blocked.statusCode, 303);
  assert.match(String(blocked.headers.location), /^\/verwaltung\/anmelden/);
  const loginPage = await browser.get('/verwaltung/anmelden');
  assert.equal(loginPage.statusCode, 303);
  assert.equal(loginPage.headers.location, '/verwaltung/konto/zwei-faktor');
  const codeStep = await browser.get('/verwaltung/anmelden/code');
  assert.equal(codeStep.headers.location, '/verwaltung/konto/zwei-faktor', 'there is no code to ask for yet');

  const setup = await browser.get(String(login.headers.location));
  assert.equal(setup.statusCode, 200);
  assert.equal(h1Count(setup.body), 1);
  assert.match(setup.body, /verlangt bei der Anmeldung einen zweiten Faktor/);
  assert.doesNotMatch(setup.body, /rathaus-breadcrumbs/, 'no links to pages the session cannot open yet');
  assert.match(setup.body, /Abbrechen und abmelden/);

  const secret = setupSecret(setup.body);
  const token = /name="setup" value="([^"]+)"/.exec(setup.body)?.[1] ?? '';
  const done = await browser.post('/verwaltung/konto/zwei-faktor', { setup: token, code: totpFor(secret).generate() });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, '/verwaltung');
  assert.equal((await browser.get('/verwaltung/konto')).statusCode, 200);

  // From now on this account signs in with password and code.
  await browser.post('/verwaltung/abmelden', {});
  const next = await signIn(browser, 'buergerbuero@musterstadt.example');
  assert.equal(next.headers.location, '/verwaltung/anmelden/code');
});

test('REQUIRE_TOTP: a pending sign-in can be cancelled', async () => {
  const browser = new TestBrowser(strict.app);
  const login = await signIn(browser, 'ordnungsamt@musterstadt.example');
  const token = sessionCookieOf(login)?.value;
  await browser.get('/verwaltung/konto/zwei-faktor');
  const out = await browser.post('/verwaltung/abmelden', {});
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers.location, '/verwaltung/anmelden');
  const replay = await strict.app.inject({ method: 'GET', url: '/verwaltung/konto/zwei-faktor', headers: { host: 'localhost', cookie: `${SESSION_COOKIE}=${token}` } });
  assert.equal(replay.statusCode, 303);
  assert.match(String(replay.headers.location), /^\/verwaltung\/anmelden/);
});
