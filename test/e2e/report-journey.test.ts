/**
 * The Mängelmelder's report journey in a real browser. With JavaScript: the
 * map (tiles from a stand-in tile server), the place taken from a phone
 * photo's EXIF GPS after the citizen agrees, "Ist es dieses?", the character
 * count, a photo upload; axe on every page, an error state included, and no
 * CSP violation. Without JavaScript: the same journey with an address only.
 * The stored photos carry no EXIF.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage } from './support/browser.ts';
import { submit } from './support/journey.ts';
import type { Tenant } from '../../src/core/tenancy/tenants.ts';
import { reportsOf } from '../../src/modules/reports/instance.ts';
import { phonePhoto } from '../../src/modules/reports/public/journey/test-images.ts';

const TILES = 'https://tiles.rathaus.test';
const PHOTO_POINT = { lat: 51.9387, lng: 9.0954 };

let t: TestApp;
let tenant: Tenant;
let browser: Browser;
let base: string;
let tile: Buffer;
let existingReference = '';

before(async () => {
  t = await createTestApp();
  tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  await t.services.tenants.setSetting(tenant.id, 'reports.tileUrl', `${TILES}/{z}/{x}/{y}.png`);
  // An open pothole 20 m from where the phone photo was taken: the journey offers it.
  const reports = reportsOf(t.services);
  const pothole = await reports.category(tenant.id, { code: 'schlagloch' });
  const existing = await reports.submit(tenant, { categoryId: pothole?.id as string, lat: PHOTO_POINT.lat + 0.00018, lng: PHOTO_POINT.lng, address: 'Bahnhofstraße 4', description: 'Loch am Bordstein.', locale: 'de', source: 'web' });
  assert.ok(existing.ok);
  existingReference = existing.reference;
  tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#e8e4d8' } }).png().toBuffer();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await t?.close();
});

const J = '/maengelmelder/melden';

/**
 * The map is at rest: no zoom animation, tiles at this zoom level shown and
 * none still loading (the next view change would cancel those, which the page
 * check reports as failed requests).
 */
async function tilesSettled(page: Page, zoom?: number): Promise<void> {
  await page.waitForFunction(
    (z) =>
      document.querySelector('.leaflet-zoom-anim') === null &&
      document.querySelector(z === null ? '.leaflet-tile-loaded' : `.leaflet-tile-loaded[src*="/${z}/"]`) !== null &&
      document.querySelector('.leaflet-tile:not(.leaflet-tile-loaded)') === null,
    zoom ?? null,
  );
}

async function continueTo(page: Page, path: string): Promise<void> {
  await submit(page, page.locator('main form button[type="submit"]').last());
  assert.equal(new URL(page.url()).pathname, path);
}

/** The stored file of each photo of the report, checked for metadata. */
async function assertPhotosClean(reference: string, count: number): Promise<void> {
  const report = await t.services.db.selectFrom('reports').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
  const photos = await t.services.db.selectFrom('report_photos').select('file_id').where('report_id', '=', report.id).execute();
  assert.equal(photos.length, count);
  for (const photo of photos) {
    const stored = await t.services.files.read(t.services.db, tenant.id, photo.file_id);
    assert.ok(stored);
    assert.equal((await sharp(stored.content).metadata()).exif, undefined, 'the stored photo has no EXIF');
  }
}

async function withJavaScript(): Promise<void> {
  const context = await newContext(browser, { javaScript: true });
  // The stand-in tile server: every tile is a plain PNG (the real one is not reachable here).
  await context.route(`${TILES}/**`, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: tile }));
  const page = await newMonitoredPage(context, { javaScript: true });
  const { jpeg, latitudeBytes } = await phonePhoto(PHOTO_POINT.lat, PHOTO_POINT.lng);
  try {
    await page.goto(`${base}${J}`);
    await assertPageOk(page);
    // The error state, checked with axe too.
    await continueTo(page, J);
    assert.match(await page.locator('#error-summary').innerText(), /Bitte wählen Sie aus, um welche Art von Mangel es geht/);
    await assertPageOk(page);
    await page.getByLabel('Straßenschaden / Schlagloch').check();
    await continueTo(page, `${J}/ort`);

    // The map is shown with our tiles; the place comes from the photo once the citizen agrees.
    await tilesSettled(page);
    await assertPageOk(page);
    // "Use my position" puts the marker where the device is …
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 51.9442, longitude: 9.1013 });
    await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
    await page.locator('#report-point', { hasText: '51.9442, 9.1013' }).waitFor();
    await tilesSettled(page, 17);
    assert.equal(await page.locator('#report-lat').inputValue(), '51.9442');
    // … and the phone photo's place replaces it once the citizen agrees.
    await page.getByLabel('Foto mit Standort auswählen').setInputFiles({ name: 'IMG_0815.JPG', mimeType: 'image/jpeg', buffer: jpeg });
    const agree = page.getByRole('button', { name: 'Standort aus dem Foto übernehmen' });
    await agree.waitFor();
    assert.equal(await page.locator('#report-lat').inputValue(), '51.9442', 'nothing is taken before the citizen agrees');
    await agree.click();
    await page.locator('.leaflet-marker-icon').waitFor();
    assert.ok(Math.abs(Number(await page.locator('#report-lat').inputValue()) - PHOTO_POINT.lat) < 1e-5);
    assert.ok(Math.abs(Number(await page.locator('#report-lng').inputValue()) - PHOTO_POINT.lng) < 1e-5);
    assert.match(await page.locator('#report-point').innerText(), /51\.9387, 9\.0954/);
    await tilesSettled(page, 17);
    await assertPageOk(page);

    await continueTo(page, `${J}/aehnliche`);
    assert.ok((await page.locator(`a[href="/maengelmelder/meldung/${existingReference}/folgen"]`).count()) === 1, 'the report nearby is offered');
    await assertPageOk(page);
    await Promise.all([page.waitForURL(`${base}${J}/beschreibung`), page.getByRole('link', { name: /anderer Mangel/ }).click()]);

    await page.getByLabel('Beschreibung', { exact: true }).fill('Tiefes Loch direkt an der Haltestelle.');
    await page.locator('.rathaus-character-count__message', { hasText: 'Sie haben noch 3962 Zeichen.' }).waitFor();
    await page.getByLabel('Ja', { exact: true }).check();
    await assertPageOk(page);
    await continueTo(page, `${J}/fotos`);

    await assertPageOk(page);
    await page.getByLabel('Foto auswählen', { exact: true }).setInputFiles({ name: 'IMG_0815.JPG', mimeType: 'image/jpeg', buffer: jpeg });
    await submit(page, page.getByRole('button', { name: 'Foto hochladen' }));
    await page.locator('img.rathaus-photo-list__image').waitFor();
    assert.ok(await page.locator('img.rathaus-photo-list__image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the preview shows');
    await assertPageOk(page);
    await continueTo(page, `${J}/kontakt`);

    await assertPageOk(page);
    await continueTo(page, `${J}/pruefen`);
    assert.match(await page.locator('main').innerText(), /51\.9387, 9\.0954/);
    await assertPageOk(page);
    await submit(page, page.getByRole('button', { name: 'Meldung absenden' }));
    assert.equal(new URL(page.url()).pathname, `${J}/gesendet`);
    await assertPageOk(page);
    const reference = await page.locator('.rathaus-panel__reference').innerText();
    assert.ok(await page.locator('a[href^="/maengelmelder/status/"]').count(), 'without an e-mail address: the status link');

    const report = await t.services.db.selectFrom('reports').select(['lat', 'lng', 'attributes']).where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.ok(Math.abs((report.lat as number) - PHOTO_POINT.lat) < 1e-5 && Math.abs((report.lng as number) - PHOTO_POINT.lng) < 1e-5, 'the report has the photo\'s place');
    assert.deepEqual(report.attributes, { gefahr: 'ja' });
    await assertPhotosClean(reference, 1);
    const stored = await t.services.db.selectFrom('report_photos as p').innerJoin('reports as r', 'r.id', 'p.report_id').select('p.file_id').where('r.reference', '=', reference).executeTakeFirstOrThrow();
    assert.ok(!(await t.services.files.read(t.services.db, tenant.id, stored.file_id))?.content.includes(latitudeBytes), 'no GPS bytes');
  } finally {
    await context.close();
  }
}

async function withoutJavaScript(): Promise<void> {
  const context = await newContext(browser, { javaScript: false });
  const page = await newMonitoredPage(context, { javaScript: false });
  const check = () => assertPageOk(page, { axe: false });
  try {
    await page.goto(`${base}${J}`);
    await check();
    await page.getByLabel('Graffiti und Schmierereien').check();
    await continueTo(page, `${J}/ort`);
    assert.equal(await page.locator('.rathaus-report-map').isVisible(), false, 'no map without JavaScript');
    await check();
    await page.getByLabel('Adresse oder Beschreibung des Ortes').fill('Unterführung am Bahnhof, Nordseite');
    await continueTo(page, `${J}/beschreibung`);
    await page.getByLabel('Beschreibung', { exact: true }).fill('Großflächige Schmiererei an der Wand.');
    await continueTo(page, `${J}/fotos`);
    const { jpeg } = await phonePhoto(51.95, 9.1, '#445566');
    await page.getByLabel('Foto auswählen', { exact: true }).setInputFiles({ name: 'wand.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await continueTo(page, `${J}/kontakt`);
    await check();
    await page.getByLabel('E-Mail-Adresse (optional)').fill('ohne-js@example.org');
    await page.getByLabel(/Ich habe die Datenschutzhinweise gelesen/).check();
    await continueTo(page, `${J}/pruefen`);
    await check();
    await submit(page, page.getByRole('button', { name: 'Meldung absenden' }));
    assert.equal(new URL(page.url()).pathname, `${J}/gesendet`);
    await check();
    const reference = await page.locator('.rathaus-panel__reference').innerText();
    const report = await t.services.db.selectFrom('reports').select(['lat', 'address']).where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.deepEqual(report, { lat: null, address: 'Unterführung am Bahnhof, Nordseite' });
    await assertPhotosClean(reference, 1);
  } finally {
    await context.close();
  }
}

test('a citizen reports a problem – with JavaScript (map, place from the photo, axe on every page) and without (address only)', async () => {
  await Promise.all([withJavaScript(), withoutJavaScript()]);
});
