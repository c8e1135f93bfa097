/**
 * Every page of the Kasse in a real browser: WCAG 2.1 AA (axe), one h1, a
 * document language, no CSP violation — with data, with errors, after the
 * reconciliation, and in English.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildCamt053, STADTKASSE_IBAN } from '../support/camt053.ts';
import { checkPage, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { importStatement } from '../../src/modules/payments/staff/staff.service.ts';
import { kasseActor, KASSE_EMAIL, payOnline, startPayment } from '../../src/modules/payments/staff/test-helpers.ts';

let t: TestApp;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let context: BrowserContext;
const ids: Record<string, string> = {};

before(async () => {
  t = await createTestApp();
  const tenantId = (await t.services.tenants.bySlug('musterstadt'))?.id as string;
  const kasse = await kasseActor(t, tenantId);
  const paid = await payOnline(t, await startPayment(t, tenantId, 3500, { purpose: 'Meldebescheinigung' }));
  const invoice = await startPayment(t, tenantId, 5000, { invoice: true, purpose: 'Sondernutzung' });
  const mismatch = await startPayment(t, tenantId, 1000);
  await t.services.payments.applyReport(tenantId, mismatch.id, { status: 'paid', amountCents: 990, currency: 'EUR' }, 'callback');
  const imported = await importStatement(t.services, kasse, {
    filename: 'auszug.xml',
    bytes: Buffer.from(
      buildCamt053({
        iban: STADTKASSE_IBAN,
        entries: [
          { amountCents: 2000, remittance: `KZ ${invoice.kassenzeichen}`, debtorName: 'Hans Beispiel' },
          { amountCents: 1000, remittance: 'Spende', debtorName: 'Anna Anonym' },
        ],
      }),
    ),
  });
  assert.ok(imported.ok);
  const credit = await t.services.db.selectFrom('payment_bank_credits').select('id').where('tenant_id', '=', tenantId).where('outcome', '=', 'no-reference').executeTakeFirstOrThrow();
  Object.assign(ids, { paid: paid.id, invoice: invoice.id, mismatch: mismatch.id, import: imported.importId, credit: credit.id });

  app = t.app;
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  context = await newContext(browser, { javaScript: true });
  const login = await newMonitoredPage(context, { javaScript: true });
  await staffLogin(login, base, KASSE_EMAIL);
  await login.close();
});
after(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

async function assertClean(page: Page, label: string): Promise<void> {
  const result = await checkPage(page);
  assert.deepEqual(result.problems, [], `${label}:\n${result.problems.join('\n')}`);
}

async function visit(path: string, status = 200): Promise<void> {
  const page = await newMonitoredPage(context, { javaScript: true });
  const response = await page.goto(`${base}${path}`);
  assert.equal(response?.status(), status, path);
  await assertClean(page, path);
  await page.close();
}

test('the Kasse pages pass the page checks, in German and in English', async () => {
  for (const path of [
    '/verwaltung/zahlungen',
    `/verwaltung/zahlungen/${ids.paid}`,
    `/verwaltung/zahlungen/${ids.invoice}`,
    `/verwaltung/zahlungen/${ids.mismatch}`,
    '/verwaltung/zahlungen/kontoauszug',
    `/verwaltung/zahlungen/kontoauszug/${ids.import}`,
    '/verwaltung/zahlungen/kontoauszug/klaeren',
    `/verwaltung/zahlungen/kontoauszug/klaeren/${ids.credit}`,
    '/verwaltung/zahlungen/export',
    `/verwaltung/zahlungen/${ids.paid}?lang=en`,
    '/verwaltung/zahlungen/kontoauszug/klaeren?lang=en',
  ]) {
    await visit(path);
  }
  await visit('/verwaltung/zahlungen?lang=de&von=2026-02-30', 422);
  await visit('/verwaltung/zahlungen/export.csv?tag=', 422);
});

test('forms re-shown with errors and the reconciliation result pass too, without JavaScript as well', async () => {
  const page = await newMonitoredPage(context, { javaScript: true });
  await page.goto(`${base}/verwaltung/zahlungen/${ids.paid}`);
  await page.locator('button', { hasText: 'Betrag erstatten' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#error-summary').innerText(), /Betrag in Euro/);
  await assertClean(page, 'refund with errors');

  await page.locator('button', { hasText: 'Beim Zahlungsdienst abfragen' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /Ergebnis der Abfrage/);
  await assertClean(page, 'reconciliation result');

  await page.goto(`${base}/verwaltung/zahlungen/kontoauszug`);
  await page.locator('button', { hasText: 'Kontoauszug einlesen' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#error-summary').innerText(), /Datei/);
  await assertClean(page, 'import without a file');
  await page.close();

  const noScript = await newContext(browser, { javaScript: false });
  const plain = await newMonitoredPage(noScript, { javaScript: false });
  await staffLogin(plain, base, KASSE_EMAIL);
  await plain.goto(`${base}/verwaltung/zahlungen/${ids.invoice}`);
  await plain.locator('input[name="bookAmount"]').fill('30');
  await plain.locator('input[name="bookNote"]').fill('Überweisung laut Auszug 12');
  await plain.locator('button', { hasText: 'Zahlungseingang verbuchen' }).click();
  await plain.waitForURL(`${base}/verwaltung/zahlungen/${ids.invoice}`);
  assert.match(await plain.locator('main').innerText(), /Zahlungseingang über 30,00 € verbucht\. Die Rechnung ist damit bezahlt\./);
  await noScript.close();
});
