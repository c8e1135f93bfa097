/**
 * One headless Chromium per test file, contexts with and without JavaScript,
 * and `checkPage`: the checks every page must pass (axe WCAG 2.1 AA, one h1,
 * a document language, no CSP violation, no script error, no broken
 * subresource).
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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

export async function newContext(browser: Browser, options: { javaScript: boolean; locale?: string }): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript, locale: options.locale ?? 'de-DE', viewport: { width: 1280, height: 900 } });
  if (options.javaScript) await context.addInitScript({ content: CSP_RECORDER });
  return context;
}

interface Monitor {
  javaScript: boolean;
  problems: string[];
}

const monitors = new WeakMap<Page, Monitor>();

/**
 * A page whose console, script errors and failed subresources are recorded
 * for `checkPage`. Use this instead of `context.newPage()`.
 */
export async function newMonitoredPage(context: BrowserContext, options: { javaScript: boolean }): Promise<Page> {
  const page = await context.newPage();
  const monitor: Monitor = { javaScript: options.javaScript, problems: [] };
  monitors.set(page, monitor);
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) monitor.problems.push(`CSP (console): ${text}`);
    else if (message.type() === 'error' && !/^Failed to load resource/.test(text)) monitor.problems.push(`console error: ${text}`);
  });
  page.on('pageerror', (error) => monitor.problems.push(`script error: ${error.message}`));
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) return;
    if (response.status() >= 400) monitor.problems.push(`subresource ${request.resourceType()} ${response.url()} → HTTP ${response.status()}`);
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // A navigation superseded by the next one is not a page problem.
    if (reason === 'net::ERR_ABORTED' && request.isNavigationRequest()) return;
    monitor.problems.push(`request failed: ${request.url()} (${reason})`);
  });
  return page;
}

export interface CheckResult {
  url: string;
  problems: string[];
}

function formatAxe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
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
export async function checkPage(page: Page): Promise<CheckResult> {
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
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    problems.push(...formatAxe(axe.violations));
  }
  // Console messages may arrive a moment after the event that caused them.
  await page.waitForTimeout(20);
  problems.push(...monitor.problems.splice(0));
  return { url: page.url(), problems };
}

/** checkPage, throwing with every problem listed. */
export async function assertPageOk(page: Page): Promise<void> {
  const { url, problems } = await checkPage(page);
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
