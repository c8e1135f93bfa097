/**
 * The catalogue pages in a real browser: WCAG 2.1 AA (axe), one h1, document
 * language, no CSP violation or script error — public pages in both
 * languages and the Redaktion's pages, including the form with errors.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { checkPage, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { catalogApp } from '../../src/modules/portal/catalog/test-helpers.ts';

let t: TestApp;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];

before(async () => {
  t = await createTestApp();
  app = await catalogApp(t);
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
after(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await app?.close();
  await t?.close();
});

async function context(): Promise<BrowserContext> {
  const c = await newContext(browser, { javaScript: true });
  contexts.push(c);
  return c;
}

async function assertClean(c: BrowserContext, path: string, status = 200): Promise<void> {
  const page = await newMonitoredPage(c, { javaScript: true });
  const response = await page.goto(`${base}${path}`);
  assert.equal(response?.status(), status, path);
  const result = await checkPage(page);
  assert.deepEqual(result.problems, [], `${path}:\n${result.problems.join('\n')}`);
  await page.close();
}

test('public catalogue pages pass the page checks in German and English', async () => {
  const c = await context();
  const paths = [
    '/leistungen',
    '/leistungen/lebenslage/umzug',
    '/leistungen/suche?q=Meldebeschenigung',
    '/leistungen/suche?q=Mledebschnigung',
    '/leistungen/suche?q=',
    '/leistungen/fuehrungszeugnis',
    '/leistungen/geburtsurkunde',
    '/leistungen/briefwahl',
    '/leistungen/personalausweis',
  ];
  for (const path of paths) await assertClean(c, path);
  for (const path of ['/leistungen?lang=en', '/leistungen/meldebescheinigung?lang=en', '/leistungen/suche?q=Hund&lang=en']) await assertClean(c, path);
});

test('the Redaktion pages pass the page checks, also with errors', async () => {
  const c = await context();
  const loginPage = await newMonitoredPage(c, { javaScript: true });
  await staffLogin(loginPage, base, 'hauptamt@musterstadt.example');
  await loginPage.close();
  await assertClean(c, '/verwaltung/leistungen');
  await assertClean(c, '/verwaltung/leistungen/sperrmuell');
  const page = await newMonitoredPage(c, { javaScript: true });
  await page.goto(`${base}/verwaltung/leistungen/sperrmuell`);
  await page.fill('#field-title', '');
  await page.fill('#field-fee-0-amount', 'zwölf');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Änderungen speichern' }).click()]);
  await page.waitForSelector('#error-summary');
  const result = await checkPage(page);
  assert.deepEqual(result.problems, [], result.problems.join('\n'));
});
