/**
 * The statistics page in a real browser: WCAG 2.1 AA (axe), one h1, document
 * language, no CSP violation (the SVG chart has no inline style) — with a
 * chart, empty, and in English; and the export form downloads the file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { checkPage, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { getService } from '../../src/modules/portal/catalog/catalog.service.ts';
import { getForm, sampleAnswers } from '../../src/modules/portal/forms/engine.ts';
import { closeStatisticsApp, statisticsApp } from '../../src/modules/portal/statistics/test-helpers.ts';

let t: TestApp;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];

before(async () => {
  t = await createTestApp();
  const tenant = await t.services.tenants.bySlug('musterstadt');
  assert.ok(tenant);
  const service = await getService(t.services.db, tenant.id, 'meldebescheinigung');
  assert.ok(service);
  for (let i = 0; i < 3; i++) {
    await t.services.cases.createCase(tenant, {
      type: 'antrag.meldebescheinigung',
      unitId: service.unitId,
      subject: service.title,
      data: { service: service.slug, form: 'meldebescheinigung', formVersion: getForm('meldebescheinigung')?.version, answers: sampleAnswers('meldebescheinigung') },
      contact: { name: 'Erika Mustermann' },
      locale: 'de',
    });
  }
  app = await statisticsApp(t);
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
after(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await closeStatisticsApp(t, app);
  await t?.close();
});

async function loggedIn(email: string, javaScript = true): Promise<BrowserContext> {
  const c = await newContext(browser, { javaScript });
  contexts.push(c);
  const page = await newMonitoredPage(c, { javaScript });
  await staffLogin(page, base, email);
  await page.close();
  return c;
}

async function assertClean(c: BrowserContext, path: string): Promise<void> {
  const page = await newMonitoredPage(c, { javaScript: true });
  const response = await page.goto(`${base}${path}`);
  assert.equal(response?.status(), 200, path);
  const result = await checkPage(page);
  assert.deepEqual(result.problems, [], `${path}:\n${result.problems.join('\n')}`);
  await page.close();
}

test('the statistics page passes the page checks with a chart, empty, and in English', async () => {
  const clerk = await loggedIn('buergerbuero@musterstadt.example');
  const year = new Date().getFullYear();
  await assertClean(clerk, `/verwaltung/statistik?leistung=meldebescheinigung&jahr=${year}`);
  await assertClean(clerk, '/verwaltung/statistik');
  await assertClean(clerk, '/verwaltung/statistik?jahr=2020');
  await assertClean(clerk, '/verwaltung/statistik?lang=en');
  const bauhof = await loggedIn('bauhof@musterstadt.example');
  await assertClean(bauhof, '/verwaltung/statistik');
});

test('the export form downloads the CSV file without JavaScript', async () => {
  const c = await loggedIn('buergerbuero@musterstadt.example', false);
  const page = await newMonitoredPage(c, { javaScript: false });
  await page.goto(`${base}/verwaltung/statistik?leistung=meldebescheinigung`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV-Datei herunterladen' }).click()]);
  assert.match(download.suggestedFilename(), /^antraege-meldebescheinigung-\d{4}-01-01-bis-\d{4}-\d{2}-\d{2}\.csv$/);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  assert.equal(text.trimEnd().split('\r\n').length, 4, 'header and three applications');
  await page.close();
});
