import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';
import { DEMO_PASSWORD, h1Count, resetRateLimits, signIn } from './test-helpers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());
beforeEach(async () => resetRateLimits(t));

test('Mein Konto shows name, e-mail, translated roles with units and the 2FA status', async () => {
  const browser = new TestBrowser(t.app);
  await signIn(browser, 'hauptamt@musterstadt.example');
  const res = await browser.get('/verwaltung/konto');
  assert.equal(res.statusCode, 200);
  assert.equal(h1Count(res.body), 1);
  assert.match(res.body, /<h1[^>]*>Mein Konto<\/h1>/);
  assert.match(res.body, /Hanna Hoffmann/);
  assert.match(res.body, /hauptamt@musterstadt\.example/);
  assert.match(res.body, /Redaktion, Sachbearbeitung \(Hauptamt\)/);
  assert.match(res.body, /Nicht eingerichtet/);
  assert.match(res.body, /href="\/verwaltung\/konto\/zwei-faktor"/);
  assert.match(res.body, /href="\/verwaltung\/konto\/passwort"/);
  assert.match(res.body, /class="rathaus-breadcrumbs"/);
  const en = await browser.get('/verwaltung/konto?lang=en');
  assert.match(en.body, /<h1[^>]*>My account<\/h1>/);
  assert.match(en.body, /Caseworker \(Hauptamt\), Editor/);
});

test('password form: 422 with field errors for empty, short, mismatched and wrong entries', async () => {
  const browser = new TestBrowser(t.app);
  await signIn(browser, 'ratsbuero@musterstadt.example');
  const page = await browser.get('/verwaltung/konto/passwort');
  assert.equal(page.statusCode, 200);
  assert.equal(h1Count(page.body), 1);
  assert.equal(page.body.match(/autocomplete="new-password"/g)?.length, 2);
  assert.match(page.body, /name="current"[^>]*autocomplete="current-password"/);

  const cases: [Record<string, string>, RegExp][] = [
    [{ current: '', next: '', repeat: '' }, /href="#field-current".*href="#field-next"/s],
    [{ current: DEMO_PASSWORD, next: 'kurz', repeat: 'kurz' }, /mindestens 12 Zeichen/],
    [{ current: DEMO_PASSWORD, next: 'ein-langes-neues-Passwort', repeat: 'ein-anderes-Passwort' }, /stimmen nicht überein/],
    [{ current: 'nicht-das-richtige', next: 'ein-langes-neues-Passwort', repeat: 'ein-langes-neues-Passwort' }, /Das aktuelle Passwort ist falsch/],
  ];
  for (const [form, message] of cases) {
    const res = await browser.post('/verwaltung/konto/passwort', form);
    assert.equal(res.statusCode, 422, JSON.stringify(form));
    assert.match(res.body, /id="error-summary"/);
    assert.match(res.body, message);
    assert.doesNotMatch(res.body, /ein-langes-neues-Passwort|nicht-das-richtige/, 'passwords are not echoed');
  }
  assert.equal((await signIn(new TestBrowser(t.app), 'ratsbuero@musterstadt.example')).statusCode, 303, 'password unchanged');
});

test('changing the password ends the other sessions and keeps this one', async () => {
  const email = 'bauhof@musterstadt.example';
  const next = 'Neues-Passwort-fuer-den-Bauhof';
  const here = new TestBrowser(t.app);
  const elsewhere = new TestBrowser(t.app);
  await signIn(here, email);
  await signIn(elsewhere, email);
  await elsewhere.get('/verwaltung/konto');

  await here.get('/verwaltung/konto/passwort');
  const res = await here.post('/verwaltung/konto/passwort', { current: DEMO_PASSWORD, next, repeat: next });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/verwaltung/konto');
  const account = await here.get('/verwaltung/konto');
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /Ihr Passwort wurde geändert/);

  const other = await elsewhere.get('/verwaltung/konto');
  assert.equal(other.statusCode, 303, 'the other session ended');
  assert.equal((await signIn(new TestBrowser(t.app), email)).statusCode, 422, 'old password no longer works');
  assert.equal((await signIn(new TestBrowser(t.app), email, next)).statusCode, 303, 'new password works');
  const audited = await t.services.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.password.changed').execute();
  assert.equal(audited.length, 1);
});

test('account pages need a signed-in staff member; a POST without session is refused', async () => {
  const browser = new TestBrowser(t.app);
  const res = await browser.get('/verwaltung/konto/passwort');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/verwaltung/anmelden?weiter=%2Fverwaltung%2Fkonto%2Fpasswort');
  await browser.get('/verwaltung/anmelden');
  const post = await browser.post('/verwaltung/konto/passwort', { current: 'x', next: 'y', repeat: 'y' });
  assert.equal(post.statusCode, 403);
});
