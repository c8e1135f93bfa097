/**
 * The online application journey of the Bürgerserviceportal, end to end
 * through the real server, a real browser and a real SMTP server, for every
 * service Musterstadt offers online (read from the seeded catalogue and
 * checked against the form registry, so a new service cannot be skipped):
 *
 * citizen: service page → "Antrag online stellen" → start → privacy notice →
 * every form page → check your answers → declaration → (payment at the
 * Test-Kasse, for fees paid online) → confirmation with reference, PDF
 * receipt and receipt mail;
 * clerk of the responsible unit: inbox → the Vorgang → "In Bearbeitung"
 * (mail) → Bescheid as PDF for the status page → dispatch "per Post
 * versandt" today, which completes the Vorgang (mail with the date);
 * citizen: the status link from the receipt mail shows the completed
 * status, the dispatch date and the Bescheid.
 *
 * The form pages are driven generically from the form engine: on each page
 * the browser fills exactly what `pageFormBody` says a browser would send
 * for the sample answers, and uploads a real PNG for every upload field.
 * Every service runs once with JavaScript (every page checked: one h1, no
 * CSP violation, no script error, and axe WCAG 2.1 AA — on every page that
 * shows the service's own content, and once per kind of page for the pages
 * every service shares, such as the inbox and the dispatch form). Without
 * JavaScript the site must work too: what a browser does without it depends
 * on what the form asks of it (the kinds of input, repeating groups with
 * their add buttons, uploads, conditional questions and pages, a pickup
 * date, the fee steps), not on the service's wording, so the journeys
 * without JavaScript are the fewest services whose forms together show
 * every such feature (computed from the form registry and the catalogue:
 * a new kind of input gets its journey without JavaScript by itself), plus
 * the Meldebescheinigung with its error summary. The HTTP tests of
 * applications.routes.test.ts post every page of every form. The clerk's
 * screens are the same for every service: each service is processed once,
 * without JavaScript in the journeys without it and with JavaScript in the
 * others. The journeys
 * run side by side, a few at a time; each browser context comes from an
 * address of its own (X-Forwarded-For to a server that trusts its proxy),
 * as every citizen and clerk has, so the per-address rate limits see many
 * people rather than one very busy one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { startSmtp, type Mail, type TestMailbox } from './support/smtp.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { continueButton, fillPage, follow, pathOf, submit } from './support/journey.ts';
import { pool } from './support/pool.ts';
import { createTestDatabase } from '../support/database.ts';
import { musterstadt } from '../../seed/tenants.ts';
import { firstPage, formDefinitions, getForm, nextPage, repeatInputName, sampleAnswers, todayInBerlin, visibleFields, type Answers, type FormDefinition } from '../../src/modules/portal/forms/engine.ts';
import { repeatItemsOf } from '../../src/modules/portal/forms/fields.ts';
import { addDays } from '../../src/modules/portal/forms/checks.ts';

const REFERENCE = /^[A-Z]{2}-[A-HJ-NP-Y2-9]{5}-[A-HJ-NP-Y2-9]$/;
const CASE_PATH = /^\/verwaltung\/vorgaenge\/([0-9a-f-]{36})$/;

/** Journeys at a time: each drives one browser context; more only queue for the two cores. */
const PARALLEL_JOURNEYS = 4;

interface ServiceCase {
  /** The service in the catalogue; its journey lives under /leistungen/<slug>/antrag. */
  slug: string;
  /** Its form in the registry. */
  formId: string;
  /** The unit responsible for it in Musterstadt, and a clerk of that unit. */
  unit: string;
  clerk: string;
  /** What the journey asks of a browser (browserFeatures). */
  features: string[];
}

/** Changes to the sample answers, e.g. to reach a page with an upload. */
const ANSWER_CHANGES: Record<string, (today: string) => Answers> = {
  // A licensed trade: the journey passes the page with the upload of the licence.
  gewerbeanmeldung: (today) => ({ erlaubnispflichtig: 'ja', erlaubnisBehoerde: 'Kreis Lippe, Ordnungsamt', erlaubnisDatum: addDays(today, -30) }),
};

/** The first form page of the Meldebescheinigung submitted empty: every required input is named in the error summary. */
const MELDEBESCHEINIGUNG_PERSON_ERRORS = ['nachname', 'vorname', 'geburtsdatum', 'anschrift-street', 'anschrift-houseNumber', 'anschrift-plz', 'anschrift-city'];

let server: RunningServer;
let smtp: TestMailbox;
let browser: Browser;
let services: ServiceCase[];

function clerkOf(unit: string): string {
  const clerk = musterstadt.staff.find((s) => s.roles.some((r) => r.role === 'sachbearbeitung' && r.unit === unit));
  assert.ok(clerk, `Musterstadt has a clerk (Sachbearbeitung) in unit ${unit}`);
  return clerk.email;
}

/** What a form asks of a browser: each kind of input (in a repeating group too), add buttons, uploads, conditions, a pickup date. */
function browserFeatures(def: FormDefinition): string[] {
  const features = new Set<string>();
  for (const page of def.pages) {
    if (page.showIf) features.add('page:showIf');
    for (const field of page.fields) {
      features.add(`input:${field.kind}`);
      if (field.showIf) features.add('input:showIf');
      if (field.kind === 'address' && field.withAddition) features.add('input:address+addition');
      if (field.kind === 'date' && field.dateSource) features.add(`date:${field.dateSource}`);
      if (field.kind === 'repeat') for (const sub of field.fields) features.add(`repeat:${sub.kind}`);
    }
  }
  return [...features];
}

/** The Meldebescheinigung's journey also submits an empty page (error summary): it always runs without JavaScript too. */
const ALWAYS_WITHOUT_JAVASCRIPT = ['meldebescheinigung'];

/** The fewest services (greedy set cover) whose journeys together show every browser feature of all services. */
function withoutJavaScriptCover(all: readonly ServiceCase[]): Set<string> {
  const chosen = new Set(all.filter((s) => ALWAYS_WITHOUT_JAVASCRIPT.includes(s.slug)).map((s) => s.slug));
  const missing = new Set(all.flatMap((s) => s.features));
  for (const s of all) if (chosen.has(s.slug)) for (const f of s.features) missing.delete(f);
  while (missing.size > 0) {
    const gain = (s: ServiceCase): number => s.features.filter((f) => missing.has(f)).length;
    const best = all.filter((s) => !chosen.has(s.slug)).reduce((a, b) => (gain(b) > gain(a) ? b : a));
    chosen.add(best.slug);
    for (const f of best.features) missing.delete(f);
  }
  return chosen;
}

/** The services Musterstadt offers online, as seeded, with the clerk of each one's unit. */
async function onlineServices(): Promise<ServiceCase[]> {
  const database = await createTestDatabase();
  try {
    const rows = await database.db
      .selectFrom('portal_services as s')
      .innerJoin('tenants as t', 't.id', 's.tenant_id')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.unit_id'))
      .select(['s.slug', 's.form_id', 'u.slug as unit', 's.fees', 's.payment_policy', 's.fee_exemption'])
      .where('t.slug', '=', musterstadt.slug)
      .where('s.form_id', 'is not', null)
      .orderBy('s.position')
      .execute();
    return rows.map((row) => {
      const def = getForm(row.form_id ?? '');
      assert.ok(def, `${row.slug}: form ${row.form_id} is in the registry`);
      const fees = row.fees.length === 0 ? ['fees:none'] : [`fees:${row.payment_policy}`, ...(row.fee_exemption ? ['fees:exemption'] : [])];
      return { slug: row.slug, formId: def.id, unit: row.unit, clerk: clerkOf(row.unit), features: [...browserFeatures(def), ...fees] };
    });
  } finally {
    await database.drop();
  }
}

before(async () => {
  smtp = await startSmtp();
  [server, browser, services] = await Promise.all([startServer({ env: { SMTP_URL: smtp.url, TRUST_PROXY: 'true' } }), launchBrowser(), onlineServices()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

let addresses = 0;

/** A fresh browser context (no cookies) that browses from an address of its own. */
async function openContext(javaScript: boolean): Promise<BrowserContext> {
  const context = await newContext(browser, { javaScript });
  const n = ++addresses;
  // 198.18.0.0/15 is reserved for benchmarks: never a real citizen.
  await context.setExtraHTTPHeaders({ 'x-forwarded-for': `198.18.${n >> 8}.${n & 255}` });
  return context;
}

interface Run {
  javaScript: boolean;
  /** The checks every page must pass (axe only with JavaScript). */
  check: (page: Page) => Promise<void>;
  /**
   * The same for a page whose template does not depend on the service (inbox,
   * Bescheid and dispatch forms, the status page): axe runs on the first page
   * of each kind in the whole file, the other checks on every page.
   */
  checkShared: (page: Page) => Promise<void>;
  log: (message: string) => void;
}

/** `work` on a monitored page in a context of its own, closed afterwards: one context per journey at a time. */
async function inBrowser<T>(run: Run, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await openContext(run.javaScript);
  try {
    return await work(await newMonitoredPage(context, { javaScript: run.javaScript }));
  } finally {
    await context.close();
  }
}

/** The value of a row of a summary list (check page, case screen), by its exact label. */
async function summaryValue(page: Page, label: string): Promise<string> {
  const row = page.locator('main .rathaus-summary-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) });
  assert.equal(await row.count(), 1, `one row "${label}"`);
  return (await row.locator('dd').first().innerText()).trim();
}

/** A document behind a link, fetched with the cookies of the page's browser: it must be a PDF. */
async function assertPdfBehind(page: Page, link: Locator, what: string): Promise<void> {
  const href = (await link.getAttribute('href')) ?? '';
  const pdf = await page.context().request.get(new URL(href, page.url()).href);
  assert.equal(pdf.status(), 200, `${what} → 200`);
  assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/, `${what} is a PDF`);
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-', `${what} starts like a PDF`);
}

/** The German date a citizen reads for a day (YYYY-MM-DD). */
function germanDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}.${month}.${year}`;
}

/** Each repeating group of the page gets as many items as the answers have, through its own "add" button. */
async function addRepeatItems(run: Run, page: Page, def: FormDefinition, pageId: string, answers: Answers): Promise<void> {
  const form = page.locator('main form[method="post"]');
  const path = pathOf(page);
  for (const field of visibleFields(def, pageId, answers)) {
    if (field.kind !== 'repeat') continue;
    const firstInput = field.fields[0]?.id ?? '';
    const wanted = repeatItemsOf(answers[field.id]).length;
    for (let item = 0; item < wanted; item++) {
      if ((await form.locator(`[name^="${repeatInputName(field.id, item, firstInput)}"]`).count()) > 0) continue;
      const response = await submit(page, form.getByRole('button', { name: field.addLabel.de, exact: true }));
      assert.equal(response.status(), 200, `"${field.addLabel.de}" shows the page again, one item longer`);
      assert.equal(pathOf(page), path, `"${field.addLabel.de}" stays on the page`);
      await run.check(page);
      assert.ok((await form.locator(`[name^="${repeatInputName(field.id, item, firstInput)}"]`).count()) > 0, `"${field.addLabel.de}" adds item ${item + 1} of ${field.id}`);
    }
  }
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
async function changeAnswer(run: Run, citizen: Page, change: { rowLabel: string; pagePath: string; name: string; value: string; shown: RegExp }): Promise<void> {
  const { rowLabel, name, value, shown } = change;
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

interface StepBeforeConfirmation {
  name: string;
  /** The path of its page (on our host: the provider's page too, as the Test-Kasse's is). */
  path: RegExp;
  /** Gets the citizen through the page, on to the next one. */
  pass: (run: Run, citizen: Page, service: ServiceCase) => Promise<void>;
}

/**
 * Pages a service may show between "Antrag absenden" and the confirmation,
 * and how the citizen gets through each: the one place to add such a step.
 */
const STEPS_BEFORE_CONFIRMATION: StepBeforeConfirmation[] = [
  {
    // Fee-based services are paid online before they are sent; the built-in Test-Kasse stands in for the provider.
    name: 'payment at the Test-Kasse',
    path: /^\/testkasse\/[0-9a-f-]{36}$/,
    pass: async (_run, citizen) => {
      const form = citizen.locator('main form[method="post"]');
      assert.match(await citizen.locator('main').innerText(), /Testmodus/, 'the Test-Kasse says it is a test');
      await form.getByRole('radio', { name: 'Kreditkarte', exact: true }).check();
      await form.getByRole('radio', { name: 'Zahlung erfolgreich', exact: true }).check();
      const response = await submit(citizen, form.getByRole('button', { name: 'Weiter' }));
      assert.equal(response.status(), 303, 'Test-Kasse → 303 back to the journey');
    },
  },
];

async function throughStepsBeforeConfirmation(run: Run, citizen: Page, service: ServiceCase, journey: string): Promise<void> {
  for (let i = 0; i < 5 && pathOf(citizen) !== `${journey}/bestaetigung`; i++) {
    const step = STEPS_BEFORE_CONFIRMATION.find((s) => s.path.test(pathOf(citizen)));
    assert.ok(step, `${service.slug}: "Antrag absenden" led to ${citizen.url()}, a step this test does not know yet (STEPS_BEFORE_CONFIRMATION)`);
    await run.check(citizen);
    await step.pass(run, citizen, service);
    run.log(`${service.slug}: ${step.name}`);
  }
}

interface Application {
  reference: string;
  email: string;
  /** The citizen's status page, from the receipt mail. */
  statusUrl: string;
}

/** The citizen's status link in a mail from the server. */
function statusLinkIn(mail: Mail): string {
  const link = new RegExp(`${server.baseUrl}/vorgang/[A-Za-z0-9_-]{32}`).exec(mail.text)?.[0];
  assert.ok(link, `mail "${mail.subject}" carries the status link:\n${mail.text}`);
  return link;
}

async function applyFor(run: Run, citizen: Page, service: ServiceCase): Promise<Application> {
  const { check, javaScript } = run;
  const base = server.baseUrl;
  const def = getForm(service.formId);
  assert.ok(def, `form ${service.formId} exists`);
  const today = todayInBerlin();
  const email = `antrag-${service.slug}-${javaScript ? 'js' : 'nojs'}-${randomBytes(4).toString('hex')}@example.org`;
  let answers: Answers = { ...sampleAnswers(service.formId, today), ...ANSWER_CHANGES[service.slug]?.(today), email };
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
    await addRepeatItems(run, citizen, def, pageId, answers);
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
    await changeAnswer(run, citizen, { rowLabel: 'Anzahl der Exemplare', pagePath: `${journey}/seite/anzahl`, name: 'anzahl', value: '3', shown: /^3$/ });
    answers = { ...answers, anzahl: '3' };
  }
  await follow(citizen, main.getByRole('link', { name: /^Weiter zu(r Erklärung| Gebühren und Erklärung)$/ }));
  if (pathOf(citizen) === `${journey}/gebuehren`) {
    // The service allows a claim of Gebührenbefreiung: this citizen pays (the claim has a journey of its own in payment-journey.test.ts).
    await check(citizen);
    await citizen.locator('main form').getByRole('radio', { name: 'Nein, ich bezahle die Gebühr', exact: true }).check();
    response = await submit(citizen, citizen.locator('main form').getByRole('button', { name: 'Weiter' }));
    assert.equal(response.status(), 303, 'no exemption claimed → 303');
  }
  assert.equal(pathOf(citizen), `${journey}/erklaerung`);
  await check(citizen);

  // Declaration → the steps a service adds after it (payment) → confirmation.
  await citizen.locator('main form input[type="checkbox"][name="declaration"]').check();
  response = await submit(citizen, citizen.locator('main form').getByRole('button', { name: /^Antrag absenden/ }));
  assert.equal(response.status(), 303, '"Antrag absenden" → 303');
  await throughStepsBeforeConfirmation(run, citizen, service, journey);
  assert.equal(pathOf(citizen), `${journey}/bestaetigung`);
  const reference = ((await citizen.locator('.rathaus-panel__reference').textContent()) ?? '').trim();
  assert.match(reference, REFERENCE);
  assert.ok(reference.startsWith(`${def.prefix}-`), `reference ${reference} starts with the form prefix ${def.prefix}`);
  run.log(`${service.slug}: reference ${reference} for ${email}`);
  await check(citizen);

  // The PDF receipt, with the cookies of the citizen's browser.
  const pdfLink = main.getByRole('link', { name: /Eingangsbestätigung.*PDF/ });
  assert.equal(await pdfLink.getAttribute('href'), `${journey}/bestaetigung/eingangsbestaetigung.pdf`);
  await assertPdfBehind(citizen, pdfLink, 'PDF receipt');

  // The receipt mail: reference and status link.
  const receipt = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(reference));
  assert.match(receipt.subject, /Eingangsbestätigung/);
  return { reference, email, statusUrl: statusLinkIn(receipt) };
}

/** The mail the citizen gets when the Vorgang reaches a status (by its German label); it links to the same status page. */
async function statusMail(application: Application, statusLabel: string): Promise<Mail> {
  const { email, reference } = application;
  const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes(`${reference}: ${statusLabel}`));
  assert.equal(statusLinkIn(mail), application.statusUrl, `the "${statusLabel}" mail links to the status page of the receipt mail`);
  return mail;
}

/**
 * The clerk of the responsible unit signs in, finds the application in the
 * inbox, sets it in progress, produces the Bescheid for the citizen and
 * records its dispatch by post today. Returns the dispatch day.
 */
async function processAsClerk(run: Run, clerk: Page, service: ServiceCase, application: Application): Promise<string> {
  const { check, checkShared } = run;
  const { reference } = application;
  await staffLogin(clerk, server.baseUrl, service.clerk);
  assert.equal(pathOf(clerk), '/verwaltung', `${service.clerk} lands in the inbox`);

  // Inbox → search by reference → the Vorgang.
  const filters = clerk.locator('main form[method="get"]');
  await filters.getByLabel('Suche nach Vorgangsnummer, Name oder Betreff').fill(reference);
  await Promise.all([clerk.waitForURL((url) => url.searchParams.get('q') === reference), filters.getByRole('button', { name: 'Filter anwenden' }).click()]);
  await checkShared(clerk);
  const found = clerk.locator('main table a').filter({ hasText: reference });
  assert.equal(await found.count(), 1, `${service.clerk} finds ${reference} in the inbox`);
  await follow(clerk, found);
  const caseId = CASE_PATH.exec(pathOf(clerk))?.[1];
  assert.ok(caseId, `the inbox links to a Vorgang, not ${pathOf(clerk)}`);
  const casePath = `/verwaltung/vorgaenge/${caseId}`;
  await check(clerk);
  assert.equal(await summaryValue(clerk, 'Status'), 'Eingegangen');
  const actions = clerk.locator('main aside');

  // In progress: the citizen is told.
  const statusForm = actions.locator('form').filter({ has: clerk.locator('select[name="status"]') });
  await statusForm.getByLabel('Neuer Status').selectOption({ label: 'In Bearbeitung' });
  let response = await submit(clerk, statusForm.getByRole('button', { name: 'Status ändern' }));
  assert.equal(response.status(), 303, 'status change → 303');
  assert.equal(pathOf(clerk), casePath);
  assert.equal(await summaryValue(clerk, 'Status'), 'In Bearbeitung');
  await statusMail(application, 'In Bearbeitung');

  // The Bescheid, through the link of the case type, on the citizen's status page.
  await follow(clerk, actions.getByRole('link', { name: 'Bescheid als PDF erstellen', exact: true }));
  assert.equal(pathOf(clerk), `/verwaltung/antraege/${caseId}/bescheid`);
  await checkShared(clerk);
  const documentForm = clerk.locator('main form[method="post"]');
  assert.match(await documentForm.locator('textarea[name="text"]').inputValue(), /Ihrem Antrag .* wird entsprochen/, 'the Bescheid text is prefilled');
  await documentForm.getByLabel('Der antragstellenden Person auf der Statusseite bereitstellen').check();
  response = await submit(clerk, documentForm.getByRole('button', { name: 'PDF erstellen und ablegen' }));
  assert.equal(response.status(), 303, 'Bescheid → 303');
  assert.equal(pathOf(clerk), casePath);
  const bescheid = clerk.locator('main').getByRole('link', { name: new RegExp(`^Bescheid-${reference}\\.pdf `) });
  assert.equal(await bescheid.count(), 1, 'the Bescheid is filed with the Vorgang');
  await assertPdfBehind(clerk, bescheid, 'Bescheid (clerk)');

  // Dispatch by post today: the Vorgang is completed, the citizen is told the date.
  await follow(clerk, actions.getByRole('link', { name: 'Als „per Post versandt“ markieren', exact: true }));
  assert.equal(pathOf(clerk), `/verwaltung/antraege/${caseId}/versand`);
  await checkShared(clerk);
  const dispatchForm = clerk.locator('main form[method="post"]');
  const today = todayInBerlin();
  assert.equal(await dispatchForm.getByLabel('Versanddatum').inputValue(), today, 'the dispatch date is today');
  response = await submit(clerk, dispatchForm.getByRole('button', { name: 'Versand vermerken und abschließen' }));
  assert.equal(response.status(), 303, 'dispatch → 303');
  assert.equal(pathOf(clerk), casePath);
  await checkShared(clerk);
  assert.equal(await summaryValue(clerk, 'Status'), 'Erledigt');
  assert.equal(await actions.getByRole('link', { name: /Bescheid als PDF|per Post versandt/ }).count(), 0, 'a completed Vorgang offers no Bescheid or dispatch any more');
  const completed = await statusMail(application, 'Erledigt');
  const dispatched = `Ihr Dokument wurde am ${germanDate(today)} per Post an Sie versandt.`;
  assert.ok(completed.text.includes(dispatched), `the completion mail says "${dispatched}":\n${completed.text}`);
  run.log(`${service.slug}: ${reference} processed by ${service.clerk} (${service.unit})`);
  return today;
}

/** The status link from the receipt mail: completed, dispatched on that day, with the Bescheid to download. */
async function citizenSeesOutcome(run: Run, citizen: Page, application: Application, dispatchDay: string): Promise<void> {
  const { reference } = application;
  assert.equal((await citizen.goto(application.statusUrl))?.status(), 200, 'status page');
  await run.checkShared(citizen);
  const main = citizen.locator('main');
  assert.match(await main.locator('p').filter({ hasText: 'Aktueller Stand' }).innerText(), /Erledigt/, 'the status page shows the Vorgang completed');
  const text = await main.innerText();
  assert.ok(text.includes(`Ihr Dokument wurde am ${germanDate(dispatchDay)} per Post an Sie versandt.`), `the status page shows the dispatch date:\n${text}`);
  const bescheid = main.getByRole('link', { name: new RegExp(`^Bescheid-${reference}\\.pdf `) });
  assert.equal(await bescheid.count(), 1, 'the status page offers the Bescheid');
  await assertPdfBehind(citizen, bescheid, 'Bescheid (citizen)');
}

/**
 * The citizen's part runs for every service in both modes (the forms differ
 * per service); the clerk's part is the same screens for every service, so
 * it runs once per service, with JavaScript for every other service and
 * without it for the rest — both modes see it many times.
 */
async function journey(run: Run, service: ServiceCase, clerkToo: boolean): Promise<void> {
  const application = await inBrowser(run, (citizen) => applyFor(run, citizen, service));
  if (!clerkToo) return;
  const dispatchDay = await inBrowser(run, (clerk) => processAsClerk(run, clerk, service, application));
  await inBrowser(run, (citizen) => citizenSeesOutcome(run, citizen, application, dispatchDay));
}

/** Page kinds (path with ids and tokens replaced) axe has checked in this file. */
const axeCheckedKinds = new Set<string>();

async function checkSharedPage(page: Page, javaScript: boolean): Promise<void> {
  const kind = pathOf(page).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/vorgang\/[A-Za-z0-9_-]{32}/, '/vorgang/:token');
  // axe needs JavaScript: a kind counts as checked only once a page of it ran with JavaScript.
  const first = javaScript && !axeCheckedKinds.has(kind);
  if (javaScript) axeCheckedKinds.add(kind);
  await assertPageOk(page, { axe: first });
}

test('every form in the registry is a service Musterstadt offers online, with a clerk for it', () => {
  assert.deepEqual(services.map((s) => s.formId).sort(), [...formDefinitions.keys()].sort(), 'the journeys below cover exactly the forms of the registry');
  for (const service of services) assert.ok(getForm(service.formId), `${service.slug}: form ${service.formId} is in the registry`);
});

test('the journeys without JavaScript show every browser feature of every online service', () => {
  const cover = withoutJavaScriptCover(services);
  const shown = new Set(services.filter((s) => cover.has(s.slug)).flatMap((s) => s.features));
  for (const service of services) for (const feature of service.features) assert.ok(shown.has(feature), `${feature} (${service.slug}) is shown by a journey without JavaScript`);
  for (const feature of ['input:file', 'input:repeat', 'fees:required', 'date:sperrmuell']) assert.ok(shown.has(feature), `some online service has ${feature}, so a journey without JavaScript shows it`);
  assert.ok(cover.size < services.length, 'the cover is smaller than all services');
});

test('application journeys, processed to "per Post versandt"', { concurrency: true }, async (t) => {
  const limit = pool(PARALLEL_JOURNEYS);
  const cover = withoutJavaScriptCover(services);
  t.diagnostic(`without JavaScript: ${[...cover].join(', ')}`);
  // With and without JavaScript interleaved: the axe checks of one keep the cores busy while the other waits for the server.
  const runs = services.flatMap((service) =>
    cover.has(service.slug)
      ? [
          { service, javaScript: true, clerkToo: false },
          { service, javaScript: false, clerkToo: true },
        ]
      : [{ service, javaScript: true, clerkToo: true }],
  );
  await Promise.all(
    runs.map(({ service, javaScript, clerkToo }) =>
      limit(() =>
        t.test(`${service.slug} ${javaScript ? 'with' : 'without'} JavaScript${clerkToo ? ', processed by the clerk' : ''}`, async (st) => {
          const started = Date.now();
          const run: Run = { javaScript, check: assertPageOk, checkShared: (page) => checkSharedPage(page, javaScript), log: (m) => st.diagnostic(`${Math.round((Date.now() - started) / 1000)} s: ${m}`) };
          try {
            await journey(run, service, clerkToo);
          } catch (error) {
            st.diagnostic(`server output:\n${server.output() || '(none)'}`);
            throw error;
          }
        }),
      ),
    ),
  );
});
