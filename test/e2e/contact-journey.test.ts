/**
 * The acceptance journey of the contact form, end to end through the real
 * server, a real browser and a real SMTP server: a citizen writes, gets a
 * reference and a receipt mail, the Bürgerbüro claims, answers and closes
 * the case, the citizen follows it on the status page. Once with
 * JavaScript, once without (the site must work without it); every page is
 * checked (axe only in the JavaScript run, where it can run).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { startSmtp, type TestMailbox } from './support/smtp.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { onePixelPng } from './support/png.ts';

const REFERENCE = /^KF-[A-Z2-9]{5}-[A-Z2-9]$/;
const CLERK = 'buergerbuero@musterstadt.example';
const OTHER_UNIT_CLERK = 'bauhof@musterstadt.example';

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

/** Clicks a submit button and returns the response to the form's POST (the page then shows its result). */
async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<Response> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()), button.click()]);
  await page.waitForLoadState('load');
  return response;
}

/** The error summary lists exactly these fields, each link leading to an element on the page. */
async function assertErrorSummary(page: Page, fields: string[]): Promise<void> {
  const summary = page.locator('#error-summary');
  assert.equal(await summary.count(), 1, 'error summary shown');
  const hrefs = await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  assert.deepEqual([...hrefs].sort(), fields.map((f) => `#field-${f}`).sort(), 'error summary lists the missing fields');
  for (const href of hrefs) assert.equal(await page.locator(href).count(), 1, `error summary link ${href} leads to a field`);
}

interface Journey {
  javaScript: boolean;
  email: string;
  citizen: Page;
  clerk: Page;
  otherClerk: Page;
}

async function openJourney(javaScript: boolean): Promise<{ journey: Journey; contexts: BrowserContext[] }> {
  const contexts = await Promise.all([0, 1, 2].map(() => newContext(browser, { javaScript })));
  const [citizen, clerk, otherClerk] = await Promise.all(contexts.map((c) => newMonitoredPage(c, { javaScript })));
  if (!citizen || !clerk || !otherClerk) throw new Error('pages not opened');
  const email = `buerger-${javaScript ? 'js' : 'nojs'}-${randomBytes(4).toString('hex')}@example.org`;
  return { journey: { javaScript, email, citizen, clerk, otherClerk }, contexts };
}

async function runJourney(j: Journey, log: (message: string) => void): Promise<void> {
  const { citizen, clerk, otherClerk, email } = j;
  const base = server.baseUrl;
  const name = 'Erika Mustermann';
  const message = `Ich brauche einen neuen Personalausweis (${j.javaScript ? 'mit' : 'ohne'} JavaScript). Wann kann ich vorbeikommen?`;
  const reply = `Guten Tag, kommen Sie gern donnerstags zwischen 14 und 18 Uhr vorbei. (${randomBytes(3).toString('hex')})`;

  // 1. The empty form is refused with every missing field named.
  assert.equal((await citizen.goto(`${base}/kontakt`))?.status(), 200);
  await assertPageOk(citizen);
  const form = citizen.locator('form[action="/kontakt"]');
  const send = form.getByRole('button', { name: 'Nachricht senden' });
  let response = await submit(citizen, send);
  assert.equal(response.status(), 422, 'empty form → 422');
  assert.equal(new URL(citizen.url()).pathname, '/kontakt');
  await assertErrorSummary(citizen, ['topic', 'name', 'email', 'message', 'privacy']);
  if (j.javaScript) assert.equal(await citizen.evaluate(() => document.activeElement?.id), 'error-summary', 'focus moves to the error summary');
  await assertPageOk(citizen);

  // 2. Half filled: the rest is still refused, and nothing typed is lost.
  await form.locator('input[name="name"]').fill(name);
  await form.locator('input[name="email"]').fill(email);
  await form.locator('textarea[name="message"]').fill(message);
  response = await submit(citizen, send);
  assert.equal(response.status(), 422, 'incomplete form → 422');
  await assertErrorSummary(citizen, ['topic', 'privacy']);
  assert.equal(await form.locator('input[name="name"]').inputValue(), name);
  assert.equal(await form.locator('input[name="email"]').inputValue(), email);
  assert.equal(await form.locator('textarea[name="message"]').inputValue(), message);
  await assertPageOk(citizen);

  // 3. Complete it, with a picture attached: confirmation with the reference.
  const topic = form.locator('input[type="radio"][name="topic"][value="melde-pass"]');
  assert.match((await form.locator(`label[for="${await topic.getAttribute('id')}"]`).textContent()) ?? '', /Meldewesen, Ausweise und Pässe/);
  await topic.check();
  await form.locator('input[name="attachment"]').setInputFiles({ name: 'ausweis-foto.png', mimeType: 'image/png', buffer: onePixelPng() });
  await form.locator('input[type="checkbox"][name="privacy"]').check();
  response = await submit(citizen, send);
  assert.equal(response.status(), 303, 'valid form → 303 redirect');
  assert.equal(new URL(citizen.url()).pathname, '/kontakt/bestaetigung');
  const reference = ((await citizen.locator('.rathaus-panel__reference').textContent()) ?? '').trim();
  assert.match(reference, REFERENCE);
  log(`reference ${reference} for ${email}`);
  await assertPageOk(citizen);

  // 4. The receipt mail: reference and the secret status link.
  const receipt = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(reference));
  const statusLink = new RegExp(`${base.replace(/[.:/]/g, '\\$&')}/vorgang/[A-Za-z0-9_-]+`).exec(receipt.text)?.[0];
  assert.ok(statusLink, `receipt mail has a status link to ${base}/vorgang/…:\n${receipt.text}`);

  // 5. Another unit's clerk neither sees nor opens the case.
  await staffLogin(otherClerk, base, OTHER_UNIT_CLERK);
  for (const inbox of ['/verwaltung', '/verwaltung?status=all', `/verwaltung?status=all&q=${encodeURIComponent(reference)}`]) {
    assert.equal((await otherClerk.goto(`${base}${inbox}`))?.status(), 200);
    assert.doesNotMatch(await otherClerk.locator('main').innerText(), new RegExp(reference), `${OTHER_UNIT_CLERK} must not see ${reference} on ${inbox}`);
  }

  // 6. The Bürgerbüro finds it in the inbox and opens it.
  await staffLogin(clerk, base, CLERK);
  assert.equal((await clerk.goto(`${base}/verwaltung`))?.status(), 200);
  await assertPageOk(clerk);
  const caseLink = clerk.locator('main a').filter({ hasText: reference });
  assert.equal(await caseLink.count(), 1, `inbox links ${reference} once`);
  const caseHref = (await caseLink.getAttribute('href')) ?? '';
  assert.match(caseHref, /^\/verwaltung\/vorgaenge\/[0-9a-f-]{36}$/);
  await Promise.all([clerk.waitForURL(`${base}${caseHref}`), caseLink.click()]);
  assert.ok(await clerk.getByText(message).first().isVisible(), 'the message is shown on the case page');
  assert.ok(await clerk.getByText(/ausweis-foto\.png/).first().isVisible(), 'the attachment is listed');
  await assertPageOk(clerk);

  const forbidden = await otherClerk.goto(`${base}${caseHref}`);
  assert.equal(forbidden?.status(), 403, 'another unit gets 403 on the case URL');
  assert.doesNotMatch(await otherClerk.locator('main').innerText(), new RegExp(message.slice(0, 30)));
  await assertPageOk(otherClerk);

  // 7. Claim, answer, close.
  response = await submit(clerk, clerk.getByRole('button', { name: 'Übernehmen', exact: true }));
  assert.equal(response.status(), 303, 'claim → 303');
  assert.equal(clerk.url(), `${base}${caseHref}`);
  await assertPageOk(clerk);

  const messageForm = clerk.locator('form[action$="/nachricht"]');
  await messageForm.locator('textarea[name="message"]').fill(reply);
  response = await submit(clerk, messageForm.getByRole('button', { name: 'Nachricht senden' }));
  assert.equal(response.status(), 303, 'message → 303');
  assert.ok(await clerk.getByText(reply).first().isVisible(), 'the reply appears in the history');
  await assertPageOk(clerk);

  const statusForm = clerk.locator('form[action$="/status"]');
  await statusForm.locator('select[name="status"]').selectOption('completed');
  response = await submit(clerk, statusForm.getByRole('button', { name: 'Status ändern' }));
  assert.equal(response.status(), 303, 'status → 303');
  await assertPageOk(clerk);

  // 8. Two more mails: the clerk's message and the status "Erledigt".
  const messageMail = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(reply));
  const statusMail = await smtp.waitFor((m) => m.to.includes(email) && m !== messageMail && /Erledigt/.test(`${m.subject}\n${m.text}`) && m.text.includes(reference));
  assert.ok(statusMail.text.includes(statusLink) || messageMail.text.includes(statusLink), 'the follow-up mails carry the status link');
  assert.equal(smtp.messages().filter((m) => m.to.includes(email)).length, 3, 'exactly three mails to the citizen');

  // 9. The citizen follows the link from the mail.
  assert.equal((await citizen.goto(statusLink))?.status(), 200);
  const statusPage = await citizen.locator('main').innerText();
  assert.match(statusPage, new RegExp(reference));
  assert.match(statusPage, /Erledigt/);
  assert.ok(statusPage.includes(reply), 'the clerk message is in the citizen history');
  await assertPageOk(citizen);
}

for (const javaScript of [true, false]) {
  test(`contact journey ${javaScript ? 'with' : 'without'} JavaScript`, async (t) => {
    const { journey, contexts } = await openJourney(javaScript);
    try {
      await runJourney(journey, (m) => t.diagnostic(m));
    } catch (error) {
      t.diagnostic(`server output:\n${server.output() || '(none)'}`);
      throw error;
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  });
}
