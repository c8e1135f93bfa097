import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';
import { h1Count, resetRateLimits, SESSION_COOKIE, sessionCookieOf, signIn } from './test-helpers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());
beforeEach(async () => resetRateLimits(t));

test('the login page has one h1, autocomplete hints and no breadcrumbs to pages it cannot open', async () => {
  const res = await new TestBrowser(t.app).get('/verwaltung/anmelden');
  assert.equal(res.statusCode, 200);
  assert.equal(h1Count(res.body), 1);
  assert.match(res.body, /<h1[^>]*>Anmeldung für Mitarbeitende<\/h1>/);
  assert.match(res.body, /name="email"[^>]*autocomplete="username"/);
  assert.match(res.body, /name="password"[^>]*autocomplete="current-password"/);
  const en = await new TestBrowser(t.app).get('/verwaltung/anmelden?lang=en');
  assert.match(en.body, /<h1[^>]*>Staff sign-in<\/h1>/);
});

test('login succeeds: browser-session cookie (__Host-, Secure, HttpOnly, SameSite=Lax) and 303 to /verwaltung', async () => {
  const browser = new TestBrowser(t.app);
  const res = await signIn(browser, 'buergerbuero@musterstadt.example');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/verwaltung');
  const cookie = sessionCookieOf(res);
  assert.ok(cookie, 'session cookie set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  assert.equal(cookie.maxAge, undefined, 'no Max-Age: ends with the browser');
  assert.equal(cookie.expires, undefined, 'no Expires: ends with the browser');
  assert.equal(cookie.domain, undefined, '__Host- cookies carry no Domain');
  const account = await browser.get('/verwaltung/konto');
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /Birgit Brandt/);
});

test('a signed-in user visiting the login page goes to /verwaltung', async () => {
  const browser = new TestBrowser(t.app);
  await signIn(browser, 'ordnungsamt@musterstadt.example');
  const res = await browser.get('/verwaltung/anmelden');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/verwaltung');
});

test('wrong password and unknown e-mail get the same 422 answer', async () => {
  const wrong = await signIn(new TestBrowser(t.app), 'bauhof@musterstadt.example', 'falsches-Passwort-123');
  const unknown = await signIn(new TestBrowser(t.app), 'niemand@musterstadt.example', 'falsches-Passwort-123');
  for (const res of [wrong, unknown]) {
    assert.equal(res.statusCode, 422);
    assert.equal(sessionCookieOf(res), undefined);
    assert.match(res.body, /id="error-summary"/);
    assert.match(res.body, /E-Mail-Adresse oder Passwort ist falsch\./);
    assert.equal(h1Count(res.body), 1);
    assert.doesNotMatch(res.body, /falsches-Passwort-123/, 'the password is never echoed');
  }
  const strip = (body: string) => body.replace(/value="[^"]*"/g, '');
  assert.equal(strip(wrong.body), strip(unknown.body), 'nothing tells the two apart');
});

test('empty fields get field errors and 422, never 500', async () => {
  const browser = new TestBrowser(t.app);
  await browser.get('/verwaltung/anmelden');
  const res = await browser.post('/verwaltung/anmelden', { email: '', password: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /href="#field-email"/);
  assert.match(res.body, /href="#field-password"/);
  const missing = await browser.post('/verwaltung/anmelden', {});
  assert.equal(missing.statusCode, 422);
});

test('five failures lock the account for 15 minutes, even against the right password', async () => {
  const email = 'ratsbuero@musterstadt.example';
  for (let i = 0; i < 5; i++) {
    const res = await signIn(new TestBrowser(t.app), email, `falsch-${i}-xxxxxxxx`);
    assert.equal(res.statusCode, 422);
  }
  const res = await signIn(new TestBrowser(t.app), email);
  assert.equal(res.statusCode, 422);
  assert.equal(sessionCookieOf(res), undefined);
  assert.match(res.body, /Zu viele Fehlversuche\..*15 Minuten/);
  const locks = await t.services.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.login.locked').execute();
  assert.ok(locks.length >= 1, 'the lock is audited');
});

test('the 11th login POST from one IP within 10 minutes gets 429', async () => {
  for (let i = 1; i <= 10; i++) {
    const res = await signIn(new TestBrowser(t.app), `unbekannt-${i}@musterstadt.example`, 'irgendein-Passwort');
    assert.equal(res.statusCode, 422, `attempt ${i}`);
  }
  const res = await signIn(new TestBrowser(t.app), 'admin@musterstadt.example');
  assert.equal(res.statusCode, 429);
  assert.match(res.body, /Zu viele Anfragen/);
  assert.equal(sessionCookieOf(res), undefined);
});

test('weiter: a back-office path is honoured, other sites never', async () => {
  const ok = await signIn(new TestBrowser(t.app), 'hauptamt@musterstadt.example', undefined, '/verwaltung/konto');
  assert.equal(ok.headers.location, '/verwaltung/konto');
  for (const evil of ['//evil.example', 'https://evil.example', '/verwaltung//evil.example', '/\\evil.example', '/verwaltungevil', 'javascript:alert(1)', '/verwaltung/\nSet-Cookie:x']) {
    const res = await signIn(new TestBrowser(t.app), 'admin@musterstadt.example', undefined, evil);
    assert.equal(res.statusCode, 303, evil);
    assert.equal(res.headers.location, '/verwaltung', evil);
    await resetRateLimits(t);
  }
});

test('the staff guard sends anonymous visitors to the login and back afterwards', async () => {
  const browser = new TestBrowser(t.app);
  const guarded = await browser.get('/verwaltung/konto');
  assert.equal(guarded.statusCode, 303);
  assert.equal(guarded.headers.location, '/verwaltung/anmelden?weiter=%2Fverwaltung%2Fkonto');
  await browser.get(String(guarded.headers.location));
  assert.match(browser.lastBody, /name="weiter" value="\/verwaltung\/konto"/);
  const res = await browser.post('/verwaltung/anmelden', { email: 'admin@musterstadt.example', password: 'Rathaus-Demo-2026', weiter: '/verwaltung/konto' });
  assert.equal(res.headers.location, '/verwaltung/konto');
});

test('logout ends the session: the old cookie no longer opens staff pages', async () => {
  const browser = new TestBrowser(t.app);
  const login = await signIn(browser, 'admin@musterstadt.example');
  const token = sessionCookieOf(login)?.value;
  assert.ok(token);
  await browser.get('/verwaltung/konto');
  const res = await browser.post('/verwaltung/abmelden', {});
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/verwaltung/anmelden');
  const cleared = sessionCookieOf(res);
  assert.equal(cleared?.value, '', 'cookie cleared');
  assert.equal(cleared?.secure, true, '__Host- cookies can only be cleared with Secure');
  assert.equal(cleared?.path, '/');
  const loginPage = await browser.get('/verwaltung/anmelden');
  assert.match(loginPage.body, /Sie wurden abgemeldet\./);
  const replay = await t.app.inject({ method: 'GET', url: '/verwaltung/konto', headers: { host: 'localhost', cookie: `${SESSION_COOKIE}=${token}` } });
  assert.equal(replay.statusCode, 303);
  assert.match(String(replay.headers.location), /^\/verwaltung\/anmelden/);
  const audited = await t.services.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.logout').execute();
  assert.ok(audited.length >= 1);
});

test('CSRF: login and logout without _csrf are refused with 403', async () => {
  const browser = new TestBrowser(t.app);
  await browser.get('/verwaltung/anmelden');
  const login = await browser.post('/verwaltung/anmelden', { email: 'admin@musterstadt.example', password: 'Rathaus-Demo-2026' }, { csrf: null });
  assert.equal(login.statusCode, 403);
  assert.equal(sessionCookieOf(login), undefined);

  await signIn(browser, 'admin@musterstadt.example');
  const logout = await browser.post('/verwaltung/abmelden', {}, { csrf: null });
  assert.equal(logout.statusCode, 403);
  assert.equal((await browser.get('/verwaltung/konto')).statusCode, 200, 'still signed in');
});

test('tenants are separate: a Musterstadt session is nothing in Beispielhausen', async () => {
  const browser = new TestBrowser(t.app);
  const login = await signIn(browser, 'admin@musterstadt.example');
  const token = sessionCookieOf(login)?.value;
  const other = await t.app.inject({ method: 'GET', url: '/verwaltung/konto', headers: { host: 'beispielhausen.localhost', cookie: `${SESSION_COOKIE}=${token}` } });
  assert.equal(other.statusCode, 303);
  const foreign = await signIn(new TestBrowser(t.app, 'beispielhausen.localhost'), 'admin@musterstadt.example');
  assert.equal(foreign.statusCode, 422);
});
