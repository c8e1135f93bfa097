/**
 * The public Ratsinformationssystem in a real browser, on the demo council
 * of the test template: a new visitor finds the next council meeting from
 * the start page, reads its agenda, opens a paper and its PDF, and finds a
 * paper by a word that occurs only inside its PDF; axe on every page kind
 * (overview, calendar, meeting, paper, Gremium, person, search with results,
 * report form with errors, confirmation).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage } from './support/browser.ts';
import { follow, pathOf, submit } from './support/journey.ts';
import { councilToday } from '../../src/modules/council/council.service.ts';
import { DEMO_PDF_ONLY_WORDS, demoCouncil } from '../../seed/council-content.ts';

let t: TestApp;
let browser: Browser;
let base: string;

before(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test('a visitor finds the next meeting, its agenda, a paper and its PDF, and a paper by a word inside its PDF (axe on every page kind)', async () => {
  const pdfOnly = DEMO_PDF_ONLY_WORDS.musterstadt[0];
  assert.ok(pdfOnly, 'the demo council names a PDF-only word');
  const wanted = demoCouncil('musterstadt', councilToday(new Date())).papers.find((p) => p.key === pdfOnly.paperKey);
  assert.ok(wanted, 'the paper of the PDF-only word');

  const context = await newContext(browser, { javaScript: true });
  const page = await newMonitoredPage(context, { javaScript: true });
  try {
    await page.goto(`${base}/`);
    await follow(page, page.locator('nav a[href="/ratsinfo"]').first());
    assert.equal(pathOf(page), '/ratsinfo');
    await assertPageOk(page);

    // The next meeting is the first thing under "Nächste Sitzung".
    await follow(page, page.locator('main .rathaus-inset a[href^="/ratsinfo/sitzungen/"]').first());
    assert.match(pathOf(page), /^\/ratsinfo\/sitzungen\/[0-9a-f-]{36}$/);
    const agenda = page.locator('main .rathaus-council-agenda > li');
    assert.ok((await agenda.count()) > 0, 'the meeting has an agenda');
    await assertPageOk(page);
    const meetingUrl = page.url();

    await follow(page, page.locator('main .rathaus-council-agenda a[href^="/ratsinfo/vorlagen/"]').first());
    assert.match(pathOf(page), /^\/ratsinfo\/vorlagen\/[0-9a-f-]{36}$/);
    await assertPageOk(page);
    const pdfHref = await page.locator('main a[href^="/ratsinfo/dokumente/"]').first().getAttribute('href');
    const pdf = await page.request.get(`${base}${pdfHref}`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    const reportHref = await page.locator('main a[href$="/melden"]').first().getAttribute('href');

    // Search from the overview for a word only the PDF contains.
    await page.goto(`${base}/ratsinfo`);
    await page.locator('#field-q').fill(pdfOnly.word);
    await Promise.all([page.waitForURL(/\/ratsinfo\/suche\?/), page.locator('main form[role="search"] button[type="submit"]').click()]);
    await page.locator('main mark', { hasText: pdfOnly.word }).first().waitFor();
    await assertPageOk(page);
    await follow(page, page.locator('main .rathaus-council-results h3 a', { hasText: wanted.name }).first());
    assert.equal(await page.locator('main h1').innerText(), wanted.name);

    // The other page kinds: calendar, the meeting's Gremium, one of its members.
    await page.goto(`${base}/ratsinfo/sitzungen`);
    await assertPageOk(page);
    await page.goto(meetingUrl);
    await follow(page, page.locator('main a[href^="/ratsinfo/gremien/"]').first());
    await assertPageOk(page);
    await follow(page, page.locator('main a[href^="/ratsinfo/personen/"]').first());
    await assertPageOk(page);

    // "Dokument melden": errors first, then the confirmation with the reference number.
    await page.goto(`${base}${reportHref}`);
    await assertPageOk(page);
    await submit(page, page.locator('main form button[type="submit"]'));
    await page.locator('#error-summary').waitFor();
    await assertPageOk(page);
    await page.locator('#field-reason').check();
    await page.locator('#field-text').fill('Auf Seite 1 steht ein Tippfehler.');
    await submit(page, page.locator('main form button[type="submit"]'));
    assert.equal(pathOf(page), `${reportHref}/bestaetigung`);
    assert.match(await page.locator('.rathaus-panel__reference').innerText(), /^RI-/);
    await assertPageOk(page);
  } finally {
    await context.close();
  }
});
