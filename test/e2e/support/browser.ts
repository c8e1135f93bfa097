/**
 * One headless Chromium per test file, contexts with and without JavaScript,
 * and `checkPage`: the checks every page must pass (axe WCAG 2.1 AA, one h1,
 * a document language, no CSP violation, no script error, no broken
 * subresource).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import type { AxeResults, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/**
 * Records CSP violations inside the page. Init scripts are injected by the
 * driver and run whatever the page's CSP says (the crawl self-test proves it).
 */
const CSP_RECORDER = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' at ' + (event.sourceFile || event.documentURI) + ':' + event.lineNumber);
  });
`;

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/**
 * The longest a navigation or an action may take in a journey. On a busy
 * machine the test server lets a page take long by design: it sheds load only
 * after a database wait of 10 s (OVERLOAD_MAX_DB_WAIT_MS in server.ts, 1 s in
 * production), and a request for a page that another request is rendering
 * waits up to 5 s for that render (page cache). CI runs three test files with
 * their browsers on a few cores; with a limit of 15 s a journey failed there
 * once (2026-12-04) on a service page that had not finished loading.
 */
export const PAGE_TIMEOUT_MS = 30_000;

export async function newContext(browser: Browser, options: { javaScript: boolean; locale?: string }): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript, locale: options.locale ?? 'de-DE', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  if (options.javaScript) await context.addInitScript({ content: CSP_RECORDER });
  return context;
}

interface Monitor {
  javaScript: boolean;
  problems: string[];
  /** Documents the page has shown so far (main-frame navigations). */
  documents: number;
  /** Cancelled subresource loads, with the document they were made for: only those of the current page count. */
  aborted: { document: number; problem: string }[];
  /** "Blocked script execution" reports with the document they are about: only those about the page checked count. */
  blocked: { url: string; problem: string }[];
}

const monitors = new WeakMap<Page, Monitor>();

/**
 * A page whose console, script errors and failed subresources are recorded
 * for `checkPage`. Use this instead of `context.newPage()`.
 */
export async function newMonitoredPage(context: BrowserContext, options: { javaScript: boolean }): Promise<Page> {
  const page = await context.newPage();
  const monitor: Monitor = { javaScript: options.javaScript, problems: [], documents: 0, aborted: [], blocked: [] };
  monitors.set(page, monitor);
  page.on('console', (message) => {
    const text = message.text();
    // The monitor's init script runs in every document, and a stored file shown in the browser is
    // sandboxed (no scripts): Chrome reports that, sometimes only after the crawl has moved on to the
    // next page — even before page.url() has changed. Such a report is kept with the document it names
    // and counts only when that is the page checked (checkPage).
    const blocked = /^Blocked script execution in '([^']+)'/.exec(text);
    if (blocked) {
      monitor.blocked.push({ url: blocked[1] as string, problem: `console error: ${text}` });
      return;
    }
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) monitor.problems.push(`CSP (console): ${text}`);
    else if (message.type() === 'error' && !/^Failed to load resource/.test(text)) monitor.problems.push(`console error: ${text}`);
  });
  page.on('pageerror', (error) => monitor.problems.push(`script error: ${error.message}`));
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) return;
    if (response.status() >= 400) monitor.problems.push(`subresource ${request.resourceType()} ${response.url()} → HTTP ${response.status()}`);
  });
  // Which document a request was made for: leaving a page cancels what it was still loading (fonts, images).
  const madeFor = new WeakMap<Request, number>();
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) monitor.documents++;
  });
  page.on('request', (request) => madeFor.set(request, monitor.documents));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // A navigation superseded by the next one is not a page problem.
    if (reason === 'net::ERR_ABORTED' && request.isNavigationRequest()) return;
    if (reason === 'net::ERR_ABORTED') {
      monitor.aborted.push({ document: madeFor.get(request) ?? monitor.documents, problem: `request failed: ${request.url()} (${reason})` });
      return;
    }
    monitor.problems.push(`request failed: ${request.url()} (${reason})`);
  });
  return page;
}

export interface CheckResult {
  url: string;
  problems: string[];
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

declare global {
  interface Window {
    axe?: { run(context: Document, options: RunOptions): Promise<AxeResults> };
  }
}

/**
 * axe-core WCAG 2.1 AA on the page. Our pages have no frames, so axe is
 * injected into the document once and run directly: about a quarter of the
 * time AxeBuilder takes (it prepares every frame and finishes the run in a
 * page of its own). A page with frames goes through AxeBuilder, which looks
 * into them.
 */
async function axeViolations(page: Page): Promise<AxeResults['violations']> {
  if ((await page.locator('iframe, frame, object, embed').count()) > 0) {
    return (await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()).violations;
  }
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return results.violations;
}

function formatAxe(violations: AxeResults['violations']): string[] {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`).join('\n');
    return `axe ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n      ${v.helpUrl}\n${nodes}`;
  });
}

/**
 * Every check on the page as it is now; returns the problems (empty = fine)
 * and forgets what the monitor recorded so far. axe runs only with
 * JavaScript: run the same page in a JavaScript context for it.
 */
export async function checkPage(page: Page, options: { axe?: boolean } = {}): Promise<CheckResult> {
  const monitor = monitors.get(page);
  if (!monitor) throw new Error('checkPage needs a page from newMonitoredPage()');
  const problems: string[] = [];
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) problems.push(`expected exactly one h1, found ${h1}`);
  const lang = await page.locator('html').getAttribute('lang');
  if (lang !== 'de' && lang !== 'en') problems.push(`html[lang] is ${JSON.stringify(lang)}, expected "de" or "en"`);
  if (monitor.javaScript) {
    const recorded = await page.evaluate(() => window.__cspViolations);
    if (!recorded) problems.push('CSP recorder missing: the init script did not run');
    for (const violation of recorded ?? []) problems.push(`CSP violation: ${violation}`);
    if (options.axe !== false) problems.push(...formatAxe(await axeViolations(page)));
  }
  // Console messages may arrive a moment after the event that caused them.
  await page.waitForTimeout(20);
  problems.push(...monitor.problems.splice(0));
  problems.push(...monitor.blocked.splice(0).filter((b) => b.url === page.url()).map((b) => b.problem));
  // A load cancelled because the page was left (the browser moved on to the next document) is not a problem of this page.
  problems.push(...monitor.aborted.splice(0).filter((a) => a.document >= monitor.documents).map((a) => a.problem));
  return { url: page.url(), problems };
}

/**
 * Drops what the monitor recorded on a file the browser showed itself (an
 * image or PDF in its own sandboxed viewer, whose internals trip our CSP):
 * that is the browser's viewer, not one of our pages.
 */
export async function forgetRecorded(page: Page): Promise<void> {
  const monitor = monitors.get(page);
  if (!monitor) throw new Error('forgetRecorded needs a page from newMonitoredPage()');
  await page.waitForTimeout(50);
  monitor.problems.splice(0);
  monitor.aborted.splice(0);
  monitor.blocked.splice(0);
}

/** checkPage, throwing with every problem listed. */
export async function assertPageOk(page: Page, options: { axe?: boolean } = {}): Promise<void> {
  const { url, problems } = await checkPage(page, options);
  if (problems.length > 0) throw new Error(`${url}:\n  - ${problems.join('\n  - ')}`);
}

export const DEMO_PASSWORD = 'Rathaus-Demo-2026';

/** Signs a staff member in through the login form (no second factor outside production). */
export async function staffLogin(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  const response = await page.goto(`${baseUrl}/verwaltung/anmelden`);
  if (response?.status() !== 200) throw new Error(`login page ${baseUrl}/verwaltung/anmelden answered HTTP ${response?.status()}`);
  const form = page.locator('form').filter({ has: page.locator('input[name="password"]') });
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/verwaltung/anmelden')), form.locator('button[type="submit"], button:not([type])').first().click()]);
}
