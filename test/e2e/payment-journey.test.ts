/**
 * ePayment in a real browser, with JavaScript (axe on every page) and
 * without: a new user applies for a Sterbeurkunde with two copies, goes to
 * the Test-Kasse, cancels, comes back to a page that offers another try, the
 * payment fails, tries again and pays; the confirmation page says what was
 * paid, the receipt mail arrives, and the clerk sees the Vorgang "bezahlt"
 * with the right amount. The Test-Kasse's signed callback reaches the real
 * server over HTTP. And the Gebührenbefreiung: claimed with a proof instead
 * of paying, refused by the clerk, invoiced to the citizen.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { startSmtp, type TestMailbox } from './support/smtp.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { continueButton, fillPage, follow, pathOf, submit } from './support/journey.ts';
import { onePixelPng } from './support/png.ts';
import { firstPage, getForm, nextPage, sampleAnswers, todayInBerlin, type Answers, type FormDefinition } from '../../src/modules/portal/forms/engine.ts';

let server: RunningServer;
let smtp: TestMailbox;
let browser: Browser;

before(async () => {
  smtp = await startSmtp();
  [server, browser] = await Promise.all([startServer({ env: { SMTP_URL: smtp.url } }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

const SLUG = 'sterbeurkunde';
const journey = `/leistungen/${SLUG}/antrag`;

/** At the Test-Kasse: it says it is a test, offers the methods; choose and go on. */
async function atTestkasse(page: Page, check: (page: Page) => Promise<void>, method: string, outcome: string): Promise<void> {
  assert.match(pathOf(page), /^\/testkasse\//, 'redirected to the payment provider');
  await check(page);
  assert.match(await page.locator('main').innerText(), /Testmodus/);
  assert.match(await page.locator('main').innerText(), /18,00\s€/, 'the amount for two copies');
  await page.locator(`main input[type="radio"][name="method"][value="${method}"]`).check();
  await page.locator(`main input[type="radio"][name="outcome"][value="${outcome}"]`).check();
  const response = await submit(page, page.locator('main form').getByRole('button', { name: 'Weiter' }));
  assert.equal(response.status(), 303);
}

/** The Bürgerbüro clerk signs in and opens the Vorgang found by its reference in the inbox. */
async function openAsClerk(context: BrowserContext, reference: string): Promise<Page> {
  const clerk = await newMonitoredPage(context, { javaScript: true });
  await staffLogin(clerk, server.baseUrl, 'buergerbuero@musterstadt.example');
  await clerk.goto(`${server.baseUrl}/verwaltung?q=${encodeURIComponent(reference)}`);
  await follow(clerk, clerk.locator('main a').filter({ hasText: reference }));
  return clerk;
}

/** From the start page: "Antrag starten", privacy consent, every form page answered; ends on check-your-answers. */
async function answerEveryPage(page: Page, def: FormDefinition, sample: Answers): Promise<void> {
  await submit(page, page.locator('main form').getByRole('button', { name: 'Antrag starten' }));
  await page.locator('main form input[type="checkbox"][name="privacy"]').check();
  await submit(page, page.locator('main form').getByRole('button', { name: 'Weiter' }));
  let answers = sample;
  let pageId: string | null = firstPage(def, answers);
  while (pageId) {
    answers = (await fillPage(page, def, pageId, answers)).given;
    assert.equal((await submit(page, continueButton(page))).status(), 303, `page ${pageId}`);
    pageId = nextPage(def, pageId, answers);
  }
  assert.equal(pathOf(page), `${journey}/pruefen`);
}

for (const javaScript of [true, false]) {
  test(`fee-based application paid through the Test-Kasse ${javaScript ? 'with' : 'without'} JavaScript: cancel, failure, retry, paid`, async (t) => {
    const context = await newContext(browser, { javaScript });
    try {
      const page = await newMonitoredPage(context, { javaScript });
      const check = javaScript ? assertPageOk : async () => {};
      const def = getForm(SLUG);
      assert.ok(def);
      const email = `zahlung-${javaScript ? 'js' : 'nojs'}-${randomBytes(4).toString('hex')}@example.org`;
      const answers: Answers = { ...sampleAnswers(SLUG, todayInBerlin()), anzahl: '2', email };

      // The service page marks the fee; start, consent, answer every page.
      assert.equal((await page.goto(`${server.baseUrl}/leistungen/${SLUG}`))?.status(), 200);
      await check(page);
      assert.match(await page.locator('main').innerText(), /€/);
      await follow(page, page.locator('main').getByRole('link', { name: 'Antrag online stellen', exact: true }));
      await answerEveryPage(page, def, answers);
      assert.match(await page.locator('main').innerText(), /18,00\s€/, 'the fee is shown on check-your-answers');
      await follow(page, page.locator('main').getByRole('link', { name: 'Weiter zu Gebühren und Erklärung' }));
      await check(page);
      // Sterbeurkunden may be free of charge (Gebührenbefreiung); this citizen pays.
      assert.equal(pathOf(page), `${journey}/gebuehren`);
      await page.locator('main form').getByRole('radio', { name: 'Nein, ich bezahle die Gebühr', exact: true }).check();
      await submit(page, page.locator('main form').getByRole('button', { name: 'Weiter' }));
      assert.equal(pathOf(page), `${journey}/erklaerung`);
      await check(page);

      // Declaration → Test-Kasse → cancel → back, with a way to try again.
      await page.locator('main form input[type="checkbox"][name="declaration"]').check();
      await submit(page, page.locator('main form').getByRole('button', { name: 'Antrag absenden und bezahlen' }));
      await atTestkasse(page, check, 'paypal', 'cancelled');
      assert.equal(pathOf(page), `${journey}/zahlung`);
      await check(page);
      assert.match(await page.locator('h1').innerText(), /abgebrochen/);

      // Try again → fails → try again → paid with Wero.
      await submit(page, page.locator('main form').getByRole('button', { name: 'Erneut bezahlen' }));
      await atTestkasse(page, check, 'creditcard', 'failed');
      assert.match(await page.locator('h1').innerText(), /fehlgeschlagen/);
      await submit(page, page.locator('main form').getByRole('button', { name: 'Erneut bezahlen' }));
      await atTestkasse(page, check, 'wero', 'paid');
      assert.equal(pathOf(page), `${journey}/bestaetigung`, 'paid → confirmation');
      await check(page);
      const main = await page.locator('main').innerText();
      assert.match(main, /Die Gebühr von 18,00\s€ ist bezahlt \(Wero\)/);
      const reference = ((await page.locator('.rathaus-panel__reference').textContent()) ?? '').trim();
      t.diagnostic(`${reference}: paid`);

      const receipt = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(reference));
      assert.match(receipt.subject, /Eingangsbestätigung/);

      // The clerk sees the Vorgang as paid, with the amount and the Kassenzeichen.
      const clerkContext = await newContext(browser, { javaScript: true });
      try {
        const clerk = await openAsClerk(clerkContext, reference);
        await assertPageOk(clerk);
        const caseText = await clerk.locator('main').innerText();
        assert.match(caseText, /bezahlt/);
        assert.match(caseText, /18,00\s€/);
        assert.match(caseText, /Kassenzeichen\s*51\.\d{4}\.\d{6}\.\d/);
        assert.match(caseText, /Gebühr bezahlt: 18,00\s€ \(Wero\)/, 'the payment is in the history');
      } finally {
        await clerkContext.close();
      }
    } catch (error) {
      t.diagnostic(`server output:\n${server.output() || '(none)'}`);
      throw error;
    } finally {
      await context.close();
    }
  });
}

test('Gebührenbefreiung with JavaScript: the citizen claims it with a proof and pays nothing now; the clerk refuses it and the invoice reaches the citizen', async (t) => {
  const context = await newContext(browser, { javaScript: true });
  try {
    const page = await newMonitoredPage(context, { javaScript: true });
    const def = getForm(SLUG);
    assert.ok(def);
    const email = `befreiung-${randomBytes(4).toString('hex')}@example.org`;
    const answers: Answers = { ...sampleAnswers(SLUG, todayInBerlin()), anzahl: '2', email };
    await page.goto(`${server.baseUrl}${journey}`);
    await answerEveryPage(page, def, answers);
    await follow(page, page.locator('main').getByRole('link', { name: 'Weiter zu Gebühren und Erklärung' }));
    assert.equal(pathOf(page), `${journey}/gebuehren`);
    await assertPageOk(page);

    // A claim without reason and proof is refused with both named; then reason and proof make it.
    const form = page.locator('main form');
    await form.getByRole('radio', { name: 'Ja, ich beantrage eine Gebührenbefreiung', exact: true }).check();
    assert.equal((await submit(page, form.getByRole('button', { name: 'Weiter' }))).status(), 422);
    const summary = await page.locator('#error-summary').innerText();
    assert.match(summary, /begründen Sie die Befreiung/);
    assert.match(summary, /laden Sie einen Nachweis/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'focus moves to the error summary');
    await assertPageOk(page);
    await form.getByRole('radio', { name: 'Ja, ich beantrage eine Gebührenbefreiung', exact: true }).check();
    await form.getByLabel('Begründung (nur bei einer Befreiung)').fill('Für den Antrag auf Witwenrente bei der Deutschen Rentenversicherung.');
    await form.locator('input[type="file"][name="nachweis"]').setInputFiles({ name: 'schreiben-rentenversicherung.png', mimeType: 'image/png', buffer: onePixelPng() });
    assert.equal((await submit(page, form.getByRole('button', { name: 'Weiter' }))).status(), 303);
    assert.equal(pathOf(page), `${journey}/erklaerung`);
    await assertPageOk(page);
    assert.match(await page.locator('main').innerText(), /Sie beantragen eine Gebührenbefreiung: Sie bezahlen jetzt nichts/);
    await page.locator('main form input[type="checkbox"][name="declaration"]').check();
    await submit(page, page.locator('main form').getByRole('button', { name: 'Antrag absenden', exact: true }));
    assert.equal(pathOf(page), `${journey}/bestaetigung`, 'no Test-Kasse: straight to the confirmation');
    await assertPageOk(page);
    const reference = ((await page.locator('.rathaus-panel__reference').textContent()) ?? '').trim();
    const receipt = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(reference));
    const statusUrl = new RegExp(`${server.baseUrl}/vorgang/[A-Za-z0-9_-]{32}`).exec(receipt.text)?.[0];
    assert.ok(statusUrl, 'the receipt mail links to the status page');
    t.diagnostic(`${reference}: exemption claimed`);

    // The clerk looks at the proof and refuses; the invoice goes out.
    const clerkContext = await newContext(browser, { javaScript: true });
    try {
      const clerk = await openAsClerk(clerkContext, reference);
      await follow(clerk, clerk.locator('main').getByRole('link', { name: 'Über Gebührenbefreiung entscheiden' }));
      await assertPageOk(clerk);
      const claim = await clerk.locator('main').innerText();
      assert.match(claim, /Witwenrente/);
      assert.match(claim, /schreiben-rentenversicherung\.png/);
      assert.match(claim, /18,00\s€/);
      const decision = clerk.locator('main form[method="post"]');
      await decision.getByRole('radio', { name: /^Befreiung ablehnen/ }).check();
      await decision.getByLabel('Begründung', { exact: true }).fill('Für die Witwenrente genügt die Urkunde der Rentenversicherung nicht; bitte reichen Sie deren Anforderung ein.');
      assert.equal((await submit(clerk, decision.getByRole('button', { name: 'Entscheidung speichern und mitteilen' }))).status(), 303);
      await assertPageOk(clerk);
      assert.match(await clerk.locator('main').innerText(), /abgelehnt von/);
    } finally {
      await clerkContext.close();
    }
    const invoice = await smtp.waitFor((m) => m.to.includes(email) && /Gebührenbefreiung .* wurde abgelehnt/.test(m.text));
    const kassenzeichen = /Verwendungszweck \(bitte genau so angeben\): (\S+)/.exec(invoice.text)?.[1];
    assert.ok(kassenzeichen, `the mail names the Kassenzeichen:\n${invoice.text}`);
    assert.match(invoice.text, /18,00\s€/);

    // The citizen's status page shows the message and the open invoice.
    await page.goto(statusUrl);
    await assertPageOk(page);
    const status = await page.locator('main').innerText();
    assert.ok(status.includes(kassenzeichen), 'the status page shows the invoice with its Kassenzeichen');
    assert.match(status, /wurde abgelehnt/);
  } catch (error) {
    t.diagnostic(`server output:\n${server.output() || '(none)'}`);
    throw error;
  } finally {
    await context.close();
  }
});
