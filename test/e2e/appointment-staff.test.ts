/**
 * The appointment pages for staff in a real browser: WCAG 2.1 AA (axe), one
 * h1, a document language, no CSP violation — with bookings on the day,
 * with errors, in English — and booking on behalf clicked through without
 * JavaScript.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { checkPage, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { berlinInstant } from '../../src/core/time/berlin.ts';
import { findLocation, visitOf, type Location } from '../../src/modules/appointments/booking/locations.ts';
import { appointmentsOf } from '../../src/modules/appointments/module.ts';


const CLERK = 'buergerbuero@musterstadt.example';
const BASE = '/verwaltung/termine';
const clock = new Date('2027-01-13T07:30:00Z'); // Wednesday 08:30 Berlin

let t: TestApp;
let browser: Browser;
let base: string;
let context: BrowserContext;
let bookingId = '';

before(async () => {
  t = await createTestApp({ now: () => clock });
  const tenant = (await t.services.tenants.bySlug('musterstadt'))?.id as string;
  const office = (await findLocation(t.services.db, tenant, 'buergerbuero')) as Location;
  const trade = (await findLocation(t.services.db, tenant, 'gewerbe')) as Location;
  const user = await t.services.db.selectFrom('staff_users').select(['id', 'display_name']).where('email', '=', CLERK).executeTakeFirstOrThrow();
  const unit = office.unitId;
  const admin = { kind: 'staff' as const, tenantId: tenant, userId: user.id, displayName: user.display_name, roles: [{ role: 'sachbearbeitung' as const, unitId: unit }, { role: 'admin' as const, unitId: null }] };
  const engine = appointmentsOf(t.services);
  let n = 0;
  const book = async (location: Location, slug: string, day: string, time: string, extra: { email?: string; variant?: 'onsite' | 'video' } = {}) => {
    const visit = visitOf(location, [{ serviceId: location.services.find((s) => s.slug === slug)?.id as string, quantity: 1 }]);
    assert.ok(visit.ok);
    const result = await engine.bookOnBehalf(admin, { location, visit: visit.visit, variant: extra.variant ?? 'onsite', startsAt: berlinInstant(day, time) as Date, channel: 'internal', name: `Person ${++n}`, email: extra.email ?? null, phone: '05231 123', note: 'Hinweis', reminder: false, locale: 'de', overrideLimit: false, idempotencyKey: `a11y-${n}` });
    assert.ok(result.ok);
    return result.id;
  };
  bookingId = await book(office, 'personalausweis', '2027-01-13', '08:40', { email: 'a11y@example.org' });
  await book(office, 'meldebescheinigung', '2027-01-13', '09:00');
  await book(office, 'meldebescheinigung', '2027-01-13', '09:00');
  await book(trade, 'gewerbeummeldung', '2027-01-14', '09:00', { variant: 'video' });
  await engine.closeDay(admin, office, '2027-01-15', 'Betriebsversammlung');

  const app = t.app;
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  context = await newContext(browser, { javaScript: true });
  const login = await newMonitoredPage(context, { javaScript: true });
  await staffLogin(login, base, CLERK);
  await login.close();
});
after(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

async function assertClean(page: Page, label: string): Promise<void> {
  const result = await checkPage(page);
  assert.deepEqual(result.problems, [], `${label}:\n${result.problems.join('\n')}`);
}

async function visit(path: string, status = 200): Promise<void> {
  const page = await newMonitoredPage(context, { javaScript: true });
  const response = await page.goto(`${base}${path}`);
  assert.equal(response?.status(), status, path);
  await assertClean(page, path);
  await page.close();
}

test('the appointment pages pass the page checks, with data, with errors and in English', async () => {
  for (const path of [
    BASE,
    `${BASE}/buergerbuero/tag/2027-01-13`,
    `${BASE}/buergerbuero/tag/2027-01-15`,
    `${BASE}/buergerbuero/tag/2027-01-01`,
    `${BASE}/buergerbuero/woche/2027-01-11`,
    `${BASE}/buchung/${bookingId}`,
    `${BASE}/buchung/${bookingId}/verlegen`,
    `${BASE}/buchung/${bookingId}/absagen`,
    `${BASE}/buergerbuero/buchen`,
    `${BASE}/buergerbuero/schliessen`,
    `${BASE}/statistik?von=2027-01-01&bis=2027-01-31`,
    `${BASE}/buergerbuero/tag/2027-01-13?lang=en`,
    `${BASE}/statistik?lang=en`,
    `${BASE}/buchung/${bookingId}?lang=de`,
  ]) {
    await visit(path);
  }
  await visit(`${BASE}/buergerbuero/tag?tag=2027-02-30`, 422);
  await visit(`${BASE}/buergerbuero/tag/2027-02-30`, 400);
  await visit(`${BASE}/statistik?von=2027-02-30`, 422);
});

/** Books on behalf through the forms; `check` runs the page checks on each state (JavaScript pages only: axe needs it). */
async function bookThrough(page: Page, check: boolean): Promise<void> {
  const clean = async (label: string) => {
    if (check) await assertClean(page, label);
  };
  await page.goto(`${base}${BASE}/buergerbuero/buchen`);
  await page.getByRole('button', { name: 'Weiter' }).click();
  assert.match(await page.locator('#error-summary').innerText(), /mindestens ein Anliegen/);
  await clean('step 1 with errors');
  await page.locator('select[name^="menge-"]').nth(3).selectOption('1');
  await page.getByLabel('Vor Ort').check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  assert.match(await page.locator('h1').innerText(), /Wann\?/);
  await clean('time step');
  await page.getByRole('button', { name: /Nächster Tag/ }).click();
  await page.getByLabel('10:00').check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  assert.match(await page.locator('h1').innerText(), /Für wen/);
  await clean('person step');
  await page.locator('#field-name').fill('Karl Klick');
  await page.getByRole('button', { name: 'Weiter' }).click();
  assert.match(await page.locator('h1').innerText(), /Angaben prüfen/);
  await clean('check page');
  await page.getByRole('button', { name: 'Termin verbindlich buchen' }).click();
  assert.match(await page.locator('.rathaus-panel__reference').innerText(), /^TB-/);
  await clean('confirmation');
}

test('booking on behalf and closing a day: every step clean, and all of it works without JavaScript', async () => {
  const page = await newMonitoredPage(context, { javaScript: true });
  await bookThrough(page, true);
  await page.goto(`${base}${BASE}/buergerbuero/schliessen`);
  await page.locator('#field-tag').fill('2027-01-20');
  await page.getByRole('button', { name: 'Weiter' }).click();
  assert.match(await page.locator('#error-summary').innerText(), /Grund/);
  await assertClean(page, 'close with errors');
  await page.locator('#field-grund').fill('Streik');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await assertClean(page, 'close confirmation');
  await page.getByRole('button', { name: /Tag schließen und/ }).click();
  assert.match(await page.locator('main').innerText(), /Geschlossen am/);
  await assertClean(page, 'close result');
  await page.close();

  const plainContext = await newContext(browser, { javaScript: false });
  const plain = await newMonitoredPage(plainContext, { javaScript: false });
  await staffLogin(plain, base, CLERK);
  await bookThrough(plain, false);
  await plainContext.close();
});
