/**
 * Browser steps of the application journey shared by the journey tests:
 * clicking a form's submit button and waiting for the POST's answer, following
 * a link, and filling one form page with exactly what a browser would send
 * for given answers (a PNG for every required upload).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Locator, Page, Response } from 'playwright-core';
import { fileFields, pageFormBody, type Answers, type FormDefinition } from '../../../src/modules/portal/forms/engine.ts';
import { onePixelPng } from './png.ts';

/** Clicks a submit button and returns the response to the form's POST (the page then shows its result). */
export async function submit(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()), button.click()]);
  await page.waitForLoadState('load');
  return response;
}

/** Follows a link and waits for the page it leads to. */
export async function follow(page: Page, link: Locator): Promise<Response | null> {
  const href = await link.getAttribute('href');
  assert.ok(href, 'link has an href');
  const target = new URL(href, page.url());
  const [response] = await Promise.all([page.waitForNavigation({ url: (url) => url.pathname === target.pathname }), link.click()]);
  return response;
}

/** The primary "Weiter" of a form page: visible, not the visually hidden default button that pages with groups or uploads have first. */
export function continueButton(page: Page): Locator {
  return page.locator('main form button[type="submit"][name="action"][value="continue"]:not(.kern-sr-only)');
}

export const pathOf = (page: Page): string => new URL(page.url()).pathname;

/**
 * Fills the current form page with exactly what a browser would send for
 * these answers, and a PNG for every upload field. Returns the answers as
 * actually given (a Sperrmüll day not offered is replaced by the first day
 * that is) and the names of the uploaded files.
 */
export async function fillPage(page: Page, def: FormDefinition, pageId: string, answers: Answers): Promise<{ given: Answers; uploaded: string[] }> {
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
