/**
 * The member area in a real browser at a tablet's size (1024×768): a council
 * member signs in with the mandatory second factor (TOTP set-up, the code
 * computed here with otpauth), opens a non-public document of their Gremium,
 * adds a private note; every kind of member page passes the page checks
 * (axe WCAG 2.1 AA, one h1, no CSP violation or broken subresource).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { checkPage, DEMO_PASSWORD, launchBrowser, newMonitoredPage } from './support/browser.ts';
import { createMemberFixture, type MemberFixture } from '../../src/modules/council/member/test-helpers.ts';

const totpFor = (secret: string) => new OTPAuth.TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });

let t: TestApp;
let fx: MemberFixture;
let browser: Browser;
let context: BrowserContext;
let base: string;

before(async () => {
  t = await createTestApp();
  fx = await createMemberFixture(t);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  // The page checks run without the offline worker (the last test covers it), so its background fetches do not mix into them.
  context = await browser.newContext({ javaScriptEnabled: true, locale: 'de-DE', viewport: { width: 1024, height: 768 }, serviceWorkers: 'block' });
  await context.addInitScript({
    content: `window.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));`,
  });
});
after(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

async function assertClean(page: Page, what: string, options: { axe?: boolean } = {}): Promise<void> {
  const result = await checkPage(page, options);
  assert.deepEqual(result.problems, [], `${what} (${result.url}):\n${result.problems.join('\n')}`);
}

test('a member signs in with TOTP, reads a non-public document of their Gremium and adds a private note; every member page passes axe at tablet size', async () => {
  const page = await newMonitoredPage(context, { javaScript: true });
  await page.goto(`${base}/verwaltung/anmelden?weiter=${encodeURIComponent('/verwaltung/mandat')}`);
  const login = page.locator('form').filter({ has: page.locator('input[name="password"]') });
  await login.locator('input[name="email"]').fill(fx.memberA.email);
  await login.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/verwaltung\/konto\/zwei-faktor/), login.locator('button[type="submit"]').first().click()]);

  // The set-up is forced: read the key as an authenticator app would, answer with its current code.
  const setup = (await page.locator('input[name="setup"]').getAttribute('value')) ?? '';
  const secret = setup.split('.')[0] ?? '';
  const code = totpFor(secret).generate();
  await page.locator('input[name="code"]').fill(code);
  await Promise.all([page.waitForURL(`${base}/verwaltung/mandat`), page.locator('input[name="code"]').press('Enter')]);
  await assertClean(page, 'start page');
  await page.getByRole('link', { name: /Sitzung Ausschuss X/ }).first().click();
  await page.waitForURL(/\/verwaltung\/mandat\/sitzungen\//);
  assert.ok((await page.content()).includes(fx.secretItemName), 'the non-public item of my Gremium');
  await assertClean(page, 'meeting');

  await page.locator(`a[href="/verwaltung/mandat/dokumente/${fx.secretItemFile}"]`).click();
  await page.waitForURL(/\/verwaltung\/mandat\/dokumente\//);
  // axe runs on this page kind below, once it shows a note as well.
  await assertClean(page, 'document', { axe: false });
  await page.getByLabel('Notiz', { exact: true }).fill('Nachfragen zum Kaufpreis');
  await page.getByLabel('Markierte Stelle (optional)').fill('Kaufpreisverhandlung');
  await Promise.all([page.waitForURL(/#notiz-/), page.getByRole('button', { name: 'Notiz speichern' }).click()]);
  assert.equal(await page.locator('.rathaus-member-note').count(), 1);
  const note = (await page.locator('.rathaus-member-note').textContent()) ?? '';
  assert.ok(note.includes('Nachfragen zum Kaufpreis') && note.includes('privat') && note.includes('Kaufpreisverhandlung'), note);
  await assertClean(page, 'document with a note');

  await page.getByRole('link', { name: /^Bearbeiten/ }).click();
  await page.waitForURL(/\/notizen\//);
  await assertClean(page, 'note edit');

  await page.goto(`${base}/verwaltung/mandat/vorlagen/${fx.secretPaper}`);
  await assertClean(page, 'paper');
  await page.goto(`${base}/verwaltung/mandat/suche?q=${fx.secretWord}`);
  assert.ok((await page.content()).includes(fx.secretPaperName), 'found by a word inside the PDF');
  await assertClean(page, 'search');
  await page.goto(`${base}/verwaltung/mandat/offline`);
  await assertClean(page, 'offline page');
  await page.close();
});

test('offline: visited member pages and opened documents stay readable, others show the offline page, and signing out clears the copies', async () => {
  const c = await browser.newContext({ javaScriptEnabled: true, locale: 'de-DE', viewport: { width: 1024, height: 768 } });
  try {
    const page = await c.newPage();
    // TOTP is set up by now (first test): the sign-in asks for the code.
    const user = await t.services.db.selectFrom('staff_users').select('totp_secret').where('tenant_id', '=', fx.tenantId).where('email', '=', fx.memberA.email).executeTakeFirstOrThrow();
    await page.goto(`${base}/verwaltung/anmelden?weiter=${encodeURIComponent('/verwaltung/mandat')}`);
    const login = page.locator('form').filter({ has: page.locator('input[name="password"]') });
    await login.locator('input[name="email"]').fill(fx.memberA.email);
    await login.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(/\/verwaltung\/anmelden\/code/), login.locator('button[type="submit"]').first().click()]);
    await page.locator('input[name="code"]').fill(totpFor(user.totp_secret ?? '').generate());
    await Promise.all([page.waitForURL(`${base}/verwaltung/mandat`), page.locator('input[name="code"]').press('Enter')]);

    await page.goto(`${base}/verwaltung/mandat`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const meeting = `${base}/verwaltung/mandat/sitzungen/${fx.meetingX}`;
    await page.goto(meeting);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.reload();

    // A document opened once (here fetched by the page, as the PDF viewer would) is kept for offline reading.
    const fileUrl = `/ratsinfo/dokumente/${fx.secretItemFile}`;
    const fetchFile = (url: string) => page.evaluate(async (u) => {
      const response = await fetch(u);
      return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
    }, url);
    assert.equal((await fetchFile(fileUrl)).status, 200);

    await c.setOffline(true);
    const offlineFile = await fetchFile(fileUrl);
    assert.equal(offlineFile.status, 200, 'the document is read from the copy');
    assert.ok(offlineFile.bytes > 1000);
    await page.goto(meeting);
    assert.ok((await page.content()).includes(fx.secretItemName), 'the visited page is read from the copy');
    await page.goto(`${base}/verwaltung/mandat/vorlagen/${fx.publicPaper}`);
    assert.match(await page.locator('h1').textContent() ?? '', /Keine Verbindung/);
    await c.setOffline(false);

    await page.goto(`${base}/verwaltung/mandat`);
    const before = await page.evaluate(() => caches.keys());
    assert.ok(before.some((k) => k.startsWith('rathaus-mandat-')), before.join());
    await Promise.all([page.waitForURL(/\/verwaltung\/anmelden/), page.locator('form[action="/verwaltung/abmelden"] button').click()]);
    const after = await page.evaluate(() => caches.keys());
    assert.deepEqual(after.filter((k) => k.startsWith('rathaus-mandat-')), []);
  } finally {
    await c.close();
  }
});
