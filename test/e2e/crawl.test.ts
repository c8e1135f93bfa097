/**
 * Crawls the pages a visitor or a staff member can reach by following
 * links (GET only) and holds each to the page checks: WCAG 2.1 AA (axe),
 * one h1, a document language, no CSP violation, no script error, no broken
 * subresource, no broken link. Both tenants, both languages, error pages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstPage, getForm, nextPage, pageFormBody, sampleAnswers } from '../../src/modules/portal/forms/engine.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { checkPage, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { crawl, describeCrawl, describeProblems, type CrawledPage } from './support/crawler.ts';
import { onePixelPng } from './support/png.ts';

/** Pages that exist for every tenant: the crawl must reach at least these. */
const PUBLIC_PAGES = ['/', '/ratsinfo', '/termine', '/termine/andere-stellen', '/maengelmelder', '/maengelmelder/melden', '/maengelmelder/meine', '/beschwerde', '/impressum', '/datenschutz', '/barrierefreiheit', '/leichte-sprache', '/kontakt', '/barriere-melden', '/verwaltung/anmelden'];
const STAFF_PAGES = ['/verwaltung', '/verwaltung/maengel', '/verwaltung/maengel/neu', '/verwaltung/maengel/einrichtung', '/verwaltung/maengel/statistik', '/verwaltung/beschwerden'];
/** The map tiles of the default tile server (OpenStreetMap), answered in the browser: the machine may be offline, the pages' maps are checked all the same. */
const TILE_SERVER = 'https://tile.openstreetmap.org/**';
/** Each service page links the booking with its concern chosen: the same page as /termine, once per service; /termine is crawled itself. */
const followPublic = (path: string): boolean => !path.startsWith('/termine/leistung/');

/**
 * The kind of a page: ids, tokens, references and the slugs of services,
 * Lebenslagen and categories replaced, so pages of one template share a kind.
 */
function kindOf(path: string): string {
  return path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
    .replace(/\b[A-Z]{2}-[0-9A-Z]{5}-[0-9A-Z]\b/g, ':ref')
    .replace(/^(\/verwaltung)?\/leistungen\/(lebenslage\/)?(?!suche\b)[a-z0-9-]+/, '$1/leistungen/$2:slug');
}
/**
 * The English crawl and Beispielhausen's check the language, the host's own
 * content and every template: one page of each kind, not each of the same
 * template's pages again.
 */
const SAMPLE_OF_EACH_KIND = { max: 1, kindOf };
/**
 * The German public crawl of Musterstadt checks two pages of
 * every page kind (every service page is checked in both languages by
 * catalog-pages.test.ts, every service's form by application-journey.test.ts,
 * the council's journeys by the council-*.test.ts files).
 */
const TWO_OF_EACH_KIND = { max: 2, kindOf };

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // Before the crawls, so the public map, the report pages and the back office have a report to show.
  await submitReport(server.baseUrl);
});

after(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.stop();
});

async function jsContext(): Promise<BrowserContext> {
  const context = await newContext(browser, { javaScript: true });
  await context.route(TILE_SERVER, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: onePixelPng([232, 228, 216]) }));
  contexts.push(context);
  return context;
}

function assertCrawl(pages: CrawledPage[], required: string[], diagnostic: (message: string) => void): void {
  const paths = new Set(pages.map((p) => p.path));
  const missing = required.filter((p) => !paths.has(p));
  assert.deepEqual(missing, [], `pages not reached by the crawl: ${missing.join(', ')}`);
  const broken = pages.filter((p) => p.status !== 200).map((p) => `${p.status} ${p.path} (linked from ${p.linkedFrom ?? 'start'})`);
  assert.deepEqual(broken, [], `links that do not lead to a page:\n${broken.join('\n')}`);
  const problems = describeProblems(pages);
  if (problems) diagnostic(problems);
  assert.equal(problems, '', `page problems:\n${problems}`);
}

test('harness: the CSP recorder, the page monitor and tenant host names work', async (t) => {
  const context = await jsContext();
  const page = await newMonitoredPage(context, { javaScript: true });
  await page.goto(`${server.baseUrl}/`);
  assert.deepEqual((await checkPage(page)).problems, []);
  // An inline script is what the CSP forbids: the recorder must see it being blocked.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
  });
  const { problems } = await checkPage(page);
  assert.ok(problems.some((p) => p.startsWith('CSP violation: script-src')), `CSP violation not detected: ${problems.join('; ')}`);
  // axe and the h1 rule are live too: an image without alt text and a second h1 are reported.
  await page.evaluate(() => {
    const main = document.querySelector('main');
    const img = document.createElement('img');
    img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    main?.append(img, Object.assign(document.createElement('h1'), { textContent: 'Zweite' }));
  });
  const injected = (await checkPage(page)).problems;
  assert.ok(injected.some((p) => p.startsWith('axe image-alt')), `axe violation not detected: ${injected.join('; ')}`);
  assert.ok(injected.includes('expected exactly one h1, found 2'), `second h1 not detected: ${injected.join('; ')}`);

  const response = await page.goto(`${server.urlFor('beispielhausen.localhost')}/`);
  assert.equal(response?.status(), 200);
  assert.match(await page.title(), /Gemeinde Beispielhausen/);
  await page.close();
});

test('public pages of Musterstadt, in German', async (t) => {
  const page = await newMonitoredPage(await jsContext(), { javaScript: true });
  const pages = await crawl(page, { origin: server.baseUrl, start: ['/', '/verwaltung/anmelden'], follow: followPublic, lang: 'de', perKind: TWO_OF_EACH_KIND });
  t.diagnostic(describeCrawl('Musterstadt (de)', pages));
  assertCrawl(pages, PUBLIC_PAGES, (m) => t.diagnostic(m));
});

test('public pages of Musterstadt, in English', async (t) => {
  const page = await newMonitoredPage(await jsContext(), { javaScript: true });
  // The first page sets the language cookie; everything after it is English.
  const pages = await crawl(page, { origin: server.baseUrl, start: ['/?lang=en', '/verwaltung/anmelden'], follow: followPublic, lang: 'en', perKind: SAMPLE_OF_EACH_KIND });
  t.diagnostic(describeCrawl('Musterstadt (en)', pages));
  assertCrawl(pages, ['/?lang=en', ...PUBLIC_PAGES.filter((p) => p !== '/')], (m) => t.diagnostic(m));
});

test('public pages of Beispielhausen', async (t) => {
  const page = await newMonitoredPage(await jsContext(), { javaScript: true });
  const origin = server.urlFor('beispielhausen.localhost');
  const pages = await crawl(page, { origin, start: ['/', '/verwaltung/anmelden'], follow: followPublic, lang: 'de', perKind: SAMPLE_OF_EACH_KIND });
  t.diagnostic(describeCrawl('Beispielhausen (de)', pages));
  assertCrawl(pages, PUBLIC_PAGES, (m) => t.diagnostic(m));
  await page.goto(`${origin}/`);
  assert.doesNotMatch(await page.content(), /Musterstadt/);
});

test('error page: an unknown address gets the 404 page', async () => {
  const page = await newMonitoredPage(await jsContext(), { javaScript: true });
  for (const url of [`${server.baseUrl}/gibt-es-nicht`, `${server.baseUrl}/gibt-es-nicht?lang=en`, `${server.urlFor('beispielhausen.localhost')}/gibt-es-nicht`]) {
    const response = await page.goto(url);
    assert.equal(response?.status(), 404, url);
    const { problems } = await checkPage(page);
    assert.deepEqual(problems, [], `${url}:\n${problems.join('\n')}`);
  }
});

/** A contact submission through the form, so the inbox has a case (with a document) to crawl. */
async function submitContact(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/kontakt`);
  const form = page.locator('form[action="/kontakt"]');
  await form.locator('input[name="topic"][value="melde-pass"]').check();
  await form.locator('input[name="name"]').fill('Max Crawl');
  await form.locator('input[name="email"]').fill('crawl@example.org');
  await form.locator('textarea[name="message"]').fill('Eine Frage zum Reisepass.');
  await form.locator('input[name="attachment"]').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: onePixelPng() });
  await form.locator('input[name="privacy"]').check();
  await Promise.all([page.waitForURL('**/kontakt/bestaetigung'), form.getByRole('button', { name: 'Nachricht senden' }).click()]);
  return ((await page.locator('.rathaus-panel__reference').textContent()) ?? '').trim();
}

/**
 * An online application sent over HTTP (as a browser without JavaScript
 * would), so the crawl also reaches an application's processing pages.
 */
async function submitApplication(origin: string, slug: string): Promise<void> {
  const cookies = new Map<string, string>();
  let last = '';
  const request = async (path: string, body?: FormData | URLSearchParams): Promise<Response> => {
    const response = await fetch(`${origin}${path}`, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      ...(body ? { body } : {}),
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) cookies.set(name, value.join('='));
    }
    if (!body) last = await response.text();
    return response;
  };
  const post = async (path: string, fields: Record<string, string | string[]>): Promise<Response> => {
    await request(path);
    // Form pages are multipart (they may carry uploads); the other steps are plain forms, as in the browser.
    const form = path.includes('/seite/') ? new FormData() : new URLSearchParams();
    form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(last)?.[1] ?? '');
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
    const response = await request(path, form);
    assert.equal(response.status, 303, `${path}: ${response.status}`);
    return response;
  };
  const def = getForm(slug);
  assert.ok(def);
  const answers = sampleAnswers(slug);
  const base = `/leistungen/${slug}/antrag`;
  await post(base, {});
  await post(`${base}/datenschutz`, { privacy: 'yes' });
  for (let page: string | null = firstPage(def, answers); page; page = nextPage(def, page, answers)) await post(`${base}/seite/${page}`, pageFormBody(def, page, answers));
  const sent = await post(`${base}/erklaerung`, { declaration: 'yes' });
  // A fee-based service goes to the Test-Kasse first: pay there, then follow the provider's return to the confirmation.
  const location = sent.headers.get('location') ?? '';
  if (location.includes('/testkasse/')) {
    const kasse = new URL(location, origin).pathname;
    const paid = await post(kasse, { method: 'creditcard', outcome: 'paid' });
    let next = paid.headers.get('location') ?? '';
    for (let i = 0; i < 3 && next && !next.endsWith('/bestaetigung'); i++) next = (await request(new URL(next, origin).pathname)).headers.get('location') ?? '';
    assert.ok(next.endsWith('/bestaetigung'), `paid at the Test-Kasse, back at the confirmation (${next})`);
  }
}

/** A browser session over plain HTTP (as without JavaScript): cookies kept, the CSRF token read from the last page. */
function httpSession(origin: string) {
  const cookies = new Map<string, string>();
  let last = '';
  const request = async (path: string, body?: FormData | URLSearchParams): Promise<Response> => {
    const response = await fetch(`${origin}${path}`, { method: body ? 'POST' : 'GET', redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, ...(body ? { body } : {}) });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) cookies.set(name, value.join('='));
    }
    if (!body) last = await response.text();
    return response;
  };
  const post = async (path: string, form: FormData | URLSearchParams, from = path): Promise<Response> => {
    await request(from);
    form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(last)?.[1] ?? '');
    const response = await request(path, form);
    assert.equal(response.status, 303, `${path}: ${response.status}`);
    return response;
  };
  return { request, post, lastPage: () => last };
}

/** A Mängelmeldung with a place on the map and a photo, sent through the report journey, so the public map and the back office have one. */
async function submitReport(origin: string): Promise<void> {
  const session = httpSession(origin);
  await session.request('/maengelmelder/melden');
  const category = /name="kategorie" type="radio" value="([0-9a-f-]{36})"/.exec(session.lastPage())?.[1];
  assert.ok(category, 'the first category of the journey');
  await session.post('/maengelmelder/melden', new URLSearchParams({ kategorie: category }));
  await session.post('/maengelmelder/melden/ort', new URLSearchParams({ adresse: 'Marktplatz 3', lat: '51.9420', lng: '9.0880' }));
  await session.post('/maengelmelder/melden/beschreibung', new URLSearchParams({ beschreibung: 'Abgesackter Gullydeckel vor dem Rathaus.' }));
  const photos = new FormData();
  photos.set('aktion', 'weiter');
  photos.set('fotos', new Blob([new Uint8Array(onePixelPng())], { type: 'image/png' }), 'gully.png');
  await session.post('/maengelmelder/melden/fotos', photos);
  await session.post('/maengelmelder/melden/kontakt', new URLSearchParams({}));
  const sent = await session.post('/maengelmelder/melden/absenden', new URLSearchParams({}), '/maengelmelder/melden/pruefen');
  assert.match(sent.headers.get('location') ?? '', /\/gesendet$/);
}

test('staff area, signed in as administrator', async (t) => {
  const page = await newMonitoredPage(await jsContext(), { javaScript: true });
  const reference = await submitContact(await newMonitoredPage(await jsContext(), { javaScript: true }), server.baseUrl);
  await submitApplication(server.baseUrl, 'melderegisterauskunft');
  await staffLogin(page, server.baseUrl, 'admin@musterstadt.example');
  // The appointment calendars page on day by day without end; their pages are checked in appointment-staff.test.ts.
  const calendarPages = /^\/verwaltung\/termine\/[^/]+\/(tag|woche)\//;
  // Every category has the same question pages: those of two are checked, not of all of them.
  const questionPages = /^\/verwaltung\/maengel\/einrichtung\/kategorien\/([^/]+)\/fragen\//;
  const questionCategories = new Set<string>();
  const followQuestions = (p: string): boolean => {
    const category = questionPages.exec(p)?.[1];
    if (!category) return true;
    if (questionCategories.size < 2) questionCategories.add(category);
    return questionCategories.has(category);
  };
  // Each service's editor and procedure page, each category's and template's page are one template each: three of every kind
  // are checked (with two, the cases reached first from the inbox need not include the application with its Bescheid page).
  const pages = await crawl(page, {
    origin: server.baseUrl,
    start: ['/verwaltung'],
    follow: (p) => p.startsWith('/verwaltung') && p !== '/verwaltung/abmelden' && !calendarPages.test(p) && followQuestions(p),
    lang: 'de',
    perKind: { max: 3, kindOf },
  });
  t.diagnostic(describeCrawl('Verwaltung (admin@musterstadt)', pages));
  assertCrawl(pages, STAFF_PAGES, (m) => t.diagnostic(m));
  assert.ok(
    pages.some((p) => /^\/verwaltung\/vorgaenge\/[0-9a-f-]{36}$/.test(p.path)),
    `the case ${reference} was reached from the inbox`,
  );
  assert.ok(
    pages.some((p) => /^\/verwaltung\/vorgaenge\/[0-9a-f-]{36}\/dokumente\//.test(p.path)),
    'its document was reached from the case page',
  );
  for (const work of ['bescheid', 'versand']) {
    assert.ok(pages.some((p) => new RegExp(`^/verwaltung/antraege/[0-9a-f-]{36}/${work}$`).test(p.path)), `the application's ${work} page was checked`);
  }
  assert.ok(pages.some((p) => p.path === '/verwaltung/statistik'), 'the statistics page was checked');
  assert.ok(pages.some((p) => /^\/verwaltung\/maengel\/[0-9a-f-]{36}$/.test(p.path)), 'the report was reached from the Mängelmelder queue');
  assert.ok(pages.some((p) => /^\/verwaltung\/maengel\/[0-9a-f-]{36}\/fotos\/[0-9a-f-]{36}\/schwaerzen$/.test(p.path)), 'its photo redaction page was checked');
  // Still signed in: the crawl followed no logout.
  await page.goto(`${server.baseUrl}/verwaltung`);
  assert.equal(new URL(page.url()).pathname, '/verwaltung');
});
