/**
 * Test support: the online application journey over HTTP (no browser), as a
 * citizen walks it — start, privacy consent, every form page with the form's
 * sample answers (a real PNG wherever a file is asked for), declaration,
 * confirmation. Used by the journey tests and by the back-office tests that
 * need a submitted application.
 */
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { fileFields, firstPage, getForm, nextPage, pageFormBody, sampleAnswers, type FormDefinition } from '../forms/engine.ts';

export const journeyPath = (slug: string): string => `/leistungen/${slug}/antrag`;

let pngCache: Buffer | null = null;
/** A small real PNG (sharp-encoded), as a phone would upload. */
export async function testPng(): Promise<Buffer> {
  pngCache ??= await sharp({ create: { width: 8, height: 8, channels: 3, background: '#246' } }).png().toBuffer();
  return pngCache;
}

/** Walks a form page by page with its sample answers. */
export async function fillForm(browser: TestBrowser, slug: string, form: FormDefinition): Promise<void> {
  const png = await testPng();
  const base = journeyPath(slug);
  const answers = sampleAnswers(form.id);
  let page: string | null = firstPage(form, answers);
  let guard = 0;
  while (page && guard++ < 40) {
    await browser.get(`${base}/seite/${page}`);
    assert.equal(browser.lastBody.match(/<h1[\s>]/g)?.length, 1, `${slug}/${page}: one h1`);
    // Where the journey offers fixed days (Sperrmüll), a citizen picks one of them.
    for (const [, name, value] of browser.lastBody.matchAll(/<input[^>]*name="([^"]+)"[^>]*type="radio"[^>]*value="(\d{4}-\d{2}-\d{2})"/g)) {
      if (name && value && answers[name] !== undefined && !browser.lastBody.includes(`value="${String(answers[name])}"`)) answers[name] = value;
    }
    const files = fileFields(form, page, answers).flatMap((f) => (f.required ? [{ field: f.id, filename: 'nachweis.png', content: png, type: 'image/png' }] : []));
    const res = await browser.postMultipart(`${base}/seite/${page}`, pageFormBody(form, page, answers), files);
    assert.equal(res.statusCode, 303, `${slug}/${page}: ${res.statusCode} ${(/id="error-summary"[\s\S]{0,800}/.exec(res.body) ?? [''])[0].replace(/<[^>]+>/g, ' ')}`);
    page = nextPage(form, page, answers);
  }
}

/** Starts an application, consents, answers every page and sends it; returns the browser and the reference. */
export async function applyOnline(t: TestApp, slug: string, host?: string): Promise<{ browser: TestBrowser; reference: string }> {
  const form = getForm(slug) as FormDefinition;
  const base = journeyPath(slug);
  const browser = new TestBrowser(t.app, ...(host ? [host] : []));
  await browser.get(base);
  assert.equal((await browser.post(base, {})).statusCode, 303);
  await browser.get(`${base}/datenschutz`);
  assert.equal((await browser.post(`${base}/datenschutz`, { privacy: 'yes' })).statusCode, 303);
  await fillForm(browser, slug, form);
  await browser.get(`${base}/erklaerung`);
  const sent = await browser.post(`${base}/erklaerung`, { declaration: 'yes' });
  assert.equal(sent.statusCode, 303);
  // Fee-based services go to the payment provider (the built-in Test-Kasse) first.
  if (String(sent.headers.location).includes('/testkasse/')) await payAtTestkasse(browser, String(sent.headers.location), 'paid');
  const done = await browser.get(`${base}/bestaetigung`);
  const reference = /class="rathaus-panel__reference">([A-Z0-9-]+)</.exec(done.body)?.[1] as string;
  assert.ok(reference, `${slug}: confirmation with reference`);
  return { browser, reference };
}

/** A path on our host from an absolute URL the app built (provider redirects carry PUBLIC_URL). */
export const pathOf = (url: string): string => {
  const parsed = new URL(url, 'http://localhost');
  return `${parsed.pathname}${parsed.search}`;
};

/**
 * At the Test-Kasse's hosted page: choose a method and an outcome, then follow
 * the provider's redirect back (return or cancel URL) to the journey's
 * payment page. Returns the last response (the journey's page or redirect).
 */
export async function payAtTestkasse(browser: TestBrowser, location: string, outcome: 'paid' | 'failed' | 'cancelled' | 'late', method = 'creditcard') {
  const page = await browser.get(pathOf(location));
  assert.equal(page.statusCode, 200, 'the Test-Kasse page');
  assert.match(page.body, /Testmodus/, 'the Test-Kasse says it is a test');
  const decided = await browser.post(pathOf(location), { method, outcome });
  assert.equal(decided.statusCode, 303, `Test-Kasse decision ${outcome}`);
  let response = await browser.get(pathOf(String(decided.headers.location)));
  for (let i = 0; i < 3 && response.statusCode === 303 && !String(response.headers.location).includes('/bestaetigung'); i++) response = await browser.get(pathOf(String(response.headers.location)));
  return response;
}
