/**
 * The online application journey of the Bürgerserviceportal, end to end
 * through the real server, a real browser and a real SMTP server, for the
 * four services issue 3 requires (Meldebescheinigung, Gewerbeanmeldung,
 * Briefwahl, Sperrmüll): service page → "Antrag online stellen" → start →
 * privacy notice → every form page → check your answers → declaration →
 * confirmation with reference, PDF receipt and receipt mail; the clerk of
 * the responsible unit finds the application in the inbox.
 *
 * The form pages are driven generically from the form engine: on each page
 * the browser fills exactly what `pageFormBody` says a browser would send
 * for the sample answers, and uploads a real PNG for every upload field.
 * Once with JavaScript (every page checked: axe WCAG 2.1 AA, one h1, no CSP
 * violation, no script error), once without (the site must work without it).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { startSmtp, type TestMailbox } from './support/smtp.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { onePixelPng } from './support/png.ts';
import { fileFields, firstPage, getForm, nextPage, pageFormBody, sampleAnswers, todayInBerlin, type Answers, type FormDefinition } from '../../src/modules/portal/forms/engine.ts';
import { addDays } from '../../src/modules/portal/forms/checks.ts';

const REFERENCE = /^[A-Z]{2}-[A-HJ-NP-Y2-9]{5}-[A-HJ-NP-Y2-9]$/;

interface ServiceCase {
  slug: string;
  /** The clerk of the unit the service belongs to (seed/services.ts, Musterstadt). */
  clerk: string;
  /** Changes to the sample answers, e.g. to reach a page with an upload. */
  answers?: (today: string) => Answers;
}

const SERVICES: ServiceCase[] = [
  { slug: 'meldebescheinigung', clerk: 'buergerbuero@musterstadt.example' },
  {
    slug: 'gewerbeanmeldung',
    clerk: 'ordnungsamt@musterstadt.example',
    // A licensed trade: the journey passes the page with the upload of the licence.
    answers: (today) => ({ erlaubnispflichtig: 'ja', erlaubnisBehoerde: 'Kreis Lippe, Ordnungsamt', erlaubnisDatum: addDays(today, -30) }),
  },
  { slug: 'briefwahl', clerk: 'hauptamt@musterstadt.example' },
  { slug: 'sperrmuell', clerk: 'bauhof@musterstadt.example' },
];

/** The first form page of the Meldebescheinigung submitted empty: every required input is named in the error summary. */
const MELDEBESCHEINIGUNG_PERSON_ERRORS = ['nachname', 'vorname', 'geburtsdatum', 'anschrift-street', 'anschrift-houseNumber', 'anschrift-plz', 'anschrift-city'];

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
async function submit(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()), button.click()]);
  await page.waitForLoadState('load');
  return response;
}

/** Follows a link and waits for the page it leads to. */
async function follow(page: Page, link: Locator): Promise<Response | null> {
  const href = await link.getAttribute('href');
  assert.ok(href, 'link has an href');
  const target = new URL(href, page.url());
  const [response] = await Promise.all([page.waitForNavigation({ url: (url) => url.pathname === target.pathname }), link.click()]);
  return response;
}

/** The primary "Weiter" of a form page: visible, not the visually hidden default button that pages with groups or uploads have first. */
function continueButton(page: Page): Locator {
  return page.locator('main form button[type="submit"][name="action"][value="continue"]:not(.kern-sr-only)');
}

const pathOf = (page: Page): string => new URL(page.url()).pathname;

/**
 * Fills the current form page with exactly what a browser would send for
 * these answers, and a PNG for every upload field. Returns the answers as
 * actually given (a Sperrmüll day not offered is replaced by the first day
 * that is).
 */
async function fillPage(page: Page, def: FormDefinition, pageId: string, answers: Answers): Promise<{ given: Answers; uploaded: string[] }> {
  const given: Answers = { ...answers };
  const uploaded: string[] = [];
  const form = page.locator('main form[method="post"]');
  for (const [name, raw] of Object.entries(pageFormBody(def, pageId, answers))) {
    const values = Array.isArray(raw) ? raw : [raw];
    const inputs = form.locator(`[name="${name}"]`);
    assert.ok((await inputs.count()) > 0, `page ${pageId} has an input named ${name}`);
    const kind = await inputs.first().evaluate((el) => (el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase()));
    if (kind === 'radio') {
      const value = values[0] ?? '';
      const wanted = form.locator(`input[type="radio"][name="${name}"][value="${value}"]`);
      if ((await wanted.count()) === 1) await wanted.check();
      else {
        // A date offered as a choice (Sperrmüll pickup days): the sample day may not be one of them.
        const offered = form.locator(`input[type="radio"][name="${name}"]`).first();
        const day = (await offered.getAttribute('value')) ?? '';
        assert.match(day, /^\d{4}-\d{2}-\d{2}$/, `radio ${name} has no option ${value}, and its options are no days`);
        await offered.check();
        given[name] = day;
      }
    } else if (kind === 'checkbox') {
      for (const value of values) await form.locator(`input[type="checkbox"][name="${name}"][value="${value}"]`).check();
    } else if (kind === 'select' || kind === 'select-one') {
      await inputs.first().selectOption(values[0] ?? '');
    } else {
      await inputs.first().fill(values[0] ?? '');
    }
  }
  for (const field of fileFields(def, pageId, answers)) {
    if (!field.required) continue;
    const filename = `${field.id}-${randomBytes(3).toString('hex')}.png`;
    await form.locator(`input[type="file"][name="${field.id}"]`).setInputFiles({ name: filename, mimeType: 'image/png', buffer: onePixelPng() });
    uploaded.push(filename);
  }
  return { given, uploaded };
}

interface Run {
  javaScript: boolean;
  citizen: Page;
  check: (page: Page) => Promise<void>;
  log: (message: string) => void;
}

/** The error summary of the page names exactly these inputs, each link leading to an element on the page. */
async function assertErrorSummary(page: Page, javaScript: boolean, names: string[]): Promise<void> {
  const summary = page.locator('#error-summary');
  assert.equal(await summary.count(), 1, 'error summary shown');
  assert.ok(await summary.isVisible(), 'error summary visible');
  const hrefs = await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  assert.deepEqual([...hrefs].sort(), names.map((n) => `#field-${n}`).sort(), 'error summary links to every missing input');
  for (const href of hrefs) assert.equal(await page.locator(href).count(), 1, `error summary link ${href} leads to an element`);
  if (javaScript) assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'focus moves to the error summary');
}

/** On the check page: "Ändern" for a row, a new answer, "Weiter" straight back to the check page. */
async function changeAnswer(run: Run, change: { rowLabel: string; pagePath: string; name: string; value: string; shown: RegExp }): Promise<void> {
  const { rowLabel, name, value, shown } = change;
  const { citizen } = run;
  const row = citizen.locator('.rathaus-summary-list__row').filter({ has: citizen.locator('dt', { hasText: rowLabel }) });
  assert.equal(await row.count(), 1, `check page has one row "${rowLabel}"`);
  await follow(citizen, row.getByRole('link', { name: `Ändern ${rowLabel}` }));
  assert.equal(pathOf(citizen), change.pagePath, '"Ändern" leads to the page of the answer');
  await run.check(citizen);
  const field = citizen.locator(`main form [name="${name}"]`);
  assert.notEqual(await field.inputValue(), '', 'the page shows the answer given before');
  await field.fill(value);
  const walked: string[] = [];
  for (let i = 0; i < 10 && !pathOf(citizen).endsWith('/pruefen'); i++) {
    walked.push(pathOf(citizen));
    const response = await submit(citizen, continueButton(citizen));
    assert.equal(response.status(), 303, `changed page ${walked.at(-1)} → 303`);
    await run.check(citizen);
  }
  run.log(`"Ändern ${rowLabel}": ${walked.join(' → ')} → ${pathOf(citizen)}`);
  assert.ok(pathOf(citizen).endsWith('/pruefen'), 'back on the check page');
  assert.equal(walked.length, 1, 'a change made from the check page returns to it directly');
  const changed = citizen.locator('.rathaus-summary-list__row').filter({ has: citizen.locator('dt', { hasText: rowLabel }) });
  assert.match((await changed.locator('dd').first().innerText()).trim(), shown, `the check page shows the changed answer for "${rowLabel}"`);
}

async function applyFor(run: Run, service: ServiceCase): Promise<{ reference: string; email: string }> {
  const { citizen, check, javaScript } = run;
  const base = server.baseUrl;
  const def = getForm(service.slug);
  assert.ok(def, `form ${service.slug} exists`);
  const today = todayInBerlin();
  const email = `antrag-${service.slug}-${javaScript ? 'js' : 'nojs'}-${randomBytes(4).toString('hex')}@example.org`;
  let answers: Answers = { ...sampleAnswers(service.slug, today), ...service.answers?.(today), email };
  const journey = `/leistungen/${service.slug}/antrag`;

  // Service page → start page.
  assert.equal((await citizen.goto(`${base}/leistungen/${service.slug}`))?.status(), 200, 'service page');
  await check(citizen);
  const apply = citizen.locator('main').getByRole('link', { name: 'Antrag online stellen', exact: true });
  assert.equal(await apply.count(), 1, 'service page has one "Antrag online stellen"');
  assert.equal((await follow(citizen, apply))?.status(), 200, 'start page');
  assert.equal(pathOf(citizen), journey);
  await check(citizen);

  // Start → privacy notice → first form page.
  let response = await submit(citizen, citizen.locator('main form').getByRole('button', { name: 'Antrag starten' }));
  assert.equal(response.status(), 303, '"Antrag starten" → 303');
  assert.equal(pathOf(citizen), `${journey}/datenschutz`);
  await check(citizen);
  await citizen.locator('main form input[type="checkbox"][name="privacy"]').check();
  response = await submit(citizen, citizen.locator('main form').getByRole('button', { name: 'Weiter' }));
  assert.equal(response.status(), 303, 'privacy consent → 303');
  let pageId: string | null = firstPage(def, answers);
  assert.equal(pathOf(citizen), `${journey}/seite/${pageId}`);
  await check(citizen);

  // The first page submitted empty is refused with every missing input named.
  if (service.slug === 'meldebescheinigung') {
    response = await submit(citizen, continueButton(citizen));
    assert.equal(response.status(), 422, 'empty first page → 422');
    assert.equal(pathOf(citizen), `${journey}/seite/${pageId}`);
    await assertErrorSummary(citizen, javaScript, MELDEBESCHEINIGUNG_PERSON_ERRORS);
    assert.match(await citizen.title(), /^Fehler/, 'the page title says there is an error');
    await check(citizen);
  }

  // Every form page, filled as a browser would, in the order the engine expects.
  const visited: string[] = [];
  const uploads: string[] = [];
  while (pageId) {
    visited.push(pageId);
    const filled = await fillPage(citizen, def, pageId, answers);
    for (const [name, value] of Object.entries(filled.given)) if (value !== answers[name]) run.log(`${service.slug}: ${name} ${JSON.stringify(answers[name])} is not offered, chose ${JSON.stringify(value)}`);
    answers = filled.given;
    uploads.push(...filled.uploaded);
    response = await submit(citizen, continueButton(citizen));
    const next: string | null = nextPage(def, pageId, answers);
    if (response.status() !== 303) {
      const errors = await citizen.locator('#error-summary').innerText().catch(() => '(no error summary)');
      assert.fail(`page ${pageId} answered ${response.status()} instead of 303:\n${errors}`);
    }
    assert.equal(pathOf(citizen), next ? `${journey}/seite/${next}` : `${journey}/pruefen`, `after page ${pageId}`);
    await check(citizen);
    pageId = next;
  }
  run.log(`${service.slug}: pages ${visited.join(' → ')}`);

  // Check your answers (once: change an answer there).
  const main = citizen.locator('main');
  const checkText = await main.innerText();
  assert.ok(checkText.includes(email), 'the check page shows the e-mail address');
  for (const filename of uploads) assert.ok(checkText.includes(filename), `the check page lists the upload ${filename}`);
  if (service.slug === 'meldebescheinigung' && javaScript) {
    await changeAnswer(run, { rowLabel: 'Anzahl der Exemplare', pagePath: `${journey}/seite/anzahl`, name: 'anzahl', value: '3', shown: /^3$/ });
    answers = { ...answers, anzahl: '3' };
  }
  await follow(citizen, main.getByRole('link', { name: 'Weiter zur Erklärung' }));
  assert.equal(pathOf(citizen), `${journey}/erklaerung`);
  await check(citizen);

  // Declaration → confirmation.
  await citizen.locator('main form input[type="checkbox"][name="declaration"]').check();
  response = await submit(citizen, citizen.locator('main form').getByRole('button', { name: /^Antrag absenden/ }));
  assert.equal(response.status(), 303, '"Antrag absenden" → 303');
  // Fee-based services go to the payment provider first (the built-in Test-Kasse), then come back to the confirmation.
  if (pathOf(citizen).startsWith('/testkasse/')) {
    await check(citizen);
    assert.match(await citizen.locator('main').innerText(), /Testmodus/, 'the Test-Kasse says it is a test');
    await citizen.locator('main input[type="radio"][name="method"][value="creditcard"]').check();
    await citizen.locator('main input[type="radio"][name="outcome"][value="paid"]').check();
    response = await submit(citizen, citizen.locator('main form').getByRole('button', { name: 'Weiter' }));
    assert.equal(response.status(), 303, 'Test-Kasse → back to the journey');
  }
  assert.equal(pathOf(citizen), `${journey}/bestaetigung`);
  const reference = ((await citizen.locator('.rathaus-panel__reference').textContent()) ?? '').trim();
  assert.match(reference, REFERENCE);
  assert.ok(reference.startsWith(`${def.prefix}-`), `reference ${reference} starts with the form prefix ${def.prefix}`);
  run.log(`${service.slug}: reference ${reference} for ${email}`);
  await check(citizen);

  // The PDF receipt, with the cookies of the citizen's browser.
  const pdfLink = main.getByRole('link', { name: /Eingangsbestätigung.*PDF/ });
  const pdfHref = (await pdfLink.getAttribute('href')) ?? '';
  assert.equal(pdfHref, `${journey}/bestaetigung/eingangsbestaetigung.pdf`);
  const pdf = await citizen.context().request.get(new URL(pdfHref, citizen.url()).href);
  assert.equal(pdf.status(), 200, 'PDF receipt → 200');
  assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/);
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');

  // The receipt mail: reference and status link.
  const receipt = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(reference));
  assert.match(receipt.subject, /Eingangsbestätigung/);
  assert.ok(receipt.text.includes(`${base}/`), `receipt mail links back to ${base}:\n${receipt.text}`);
  return { reference, email };
}

async function clerkFinds(service: ServiceCase, reference: string): Promise<void> {
  const context = await newContext(browser, { javaScript: true });
  try {
    context.setDefaultTimeout(15_000);
    const clerk = await newMonitoredPage(context, { javaScript: true });
    await staffLogin(clerk, server.baseUrl, service.clerk);
    assert.equal((await clerk.goto(`${server.baseUrl}/verwaltung`))?.status(), 200);
    const link = clerk.locator('main a').filter({ hasText: reference });
    assert.equal(await link.count(), 1, `${service.clerk} finds ${reference} in /verwaltung`);
  } finally {
    await context.close();
  }
}

for (const javaScript of [true, false]) {
  // The four services run side by side (own contexts, own drafts, own mail addresses).
  test(`application journeys ${javaScript ? 'with' : 'without'} JavaScript`, { concurrency: true }, async (t) => {
    const journeys = SERVICES.map((service) =>
      t.test(service.slug, async (st) => {
        const context: BrowserContext = await newContext(browser, { javaScript });
        context.setDefaultTimeout(15_000);
        try {
          const citizen = await newMonitoredPage(context, { javaScript });
          const run: Run = { javaScript, citizen, check: assertPageOk, log: (m) => st.diagnostic(m) };
          const { reference } = await applyFor(run, service);
          if (javaScript) await clerkFinds(service, reference);
        } catch (error) {
          st.diagnostic(`server output:\n${server.output() || '(none)'}`);
          throw error;
        } finally {
          await context.close();
        }
      }),
    );
    await Promise.all(journeys);
  });
}
