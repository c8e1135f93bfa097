import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, TestBrowser, type TestApp } from '../../../../../test/support/app.ts';
import type { Tenant } from '../../../../core/tenancy/tenants.ts';
import { reportsOf } from '../../instance.ts';
import type { ReportService } from '../../reports.service.ts';
import { PDF_NAMED_JPG, phonePhoto, pixelFloodPng, SVG_WITH_SCRIPT } from './test-images.ts';

let t: TestApp;
let tenant: Tenant;
let reports: ReportService;
const clock = new Date('2027-05-04T09:00:00Z');
const J = '/maengelmelder/melden';
const POINT = { lat: 51.9412, lng: 9.0871 };

before(async () => {
  t = await createTestApp({ now: () => clock });
  tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  reports = reportsOf(t.services);
});
after(() => t.close());

async function categoryId(code: string): Promise<string> {
  const c = await reports.category(tenant.id, { code });
  assert.ok(c, code);
  return c.id;
}

/** Field messages and error-summary entries of the last page, as plain text. */
const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

function errorSummary(html: string): string[] {
  const summary = /<div[^>]*id="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => `${m[1]} ${text(m[2] as string).trim()}`);
}

/** Walks category → place → description; returns the browser on the photo step. */
async function startReport(options: { category?: string; address?: string; point?: { lat: number; lng: number } | null; description?: string; answers?: Record<string, string | string[]> } = {}): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app);
  const first = await browser.get(J);
  assert.equal(first.statusCode, 200);
  const chosen = await browser.post(J, { kategorie: await categoryId(options.category ?? 'schlagloch') });
  assert.equal(chosen.statusCode, 303, chosen.body.slice(0, 300));
  assert.equal(chosen.headers.location, `${J}/ort`);
  await browser.get(`${J}/ort`);
  const point = options.point === undefined ? POINT : options.point;
  const placed = await browser.post(`${J}/ort`, { adresse: options.address ?? 'Lange Straße 12', lat: point ? String(point.lat) : '', lng: point ? String(point.lng) : '' });
  assert.equal(placed.statusCode, 303, placed.body.slice(0, 300));
  await browser.get(`${J}/beschreibung`);
  const described = await browser.post(`${J}/beschreibung`, { beschreibung: options.description ?? 'Tiefes Loch in der Fahrbahn.', ...(options.answers ?? {}) });
  assert.equal(described.statusCode, 303, errorSummary(described.body).join('\n'));
  assert.equal(described.headers.location, `${J}/fotos`);
  await browser.get(`${J}/fotos`);
  return browser;
}

async function draftOf(browser: TestBrowser) {
  const raw = /rathaus-meldung=([^;]+)/.exec(browser.cookieHeader())?.[1];
  assert.ok(raw, 'the browser holds the draft cookie');
  const id = /^([0-9a-f-]{36})\./.exec(decodeURIComponent(raw))?.[1];
  assert.ok(id, 'the cookie names the draft');
  const draft = await t.services.db.selectFrom('report_drafts').selectAll().where('id', '=', id).executeTakeFirst();
  const photos = await t.services.db.selectFrom('report_draft_photos').selectAll().where('draft_id', '=', id).orderBy('position').execute();
  return { id, draft, photos };
}

test('without JavaScript: category, address and point, questions, a photo, contact, check, send: one report at the right unit, receipt mail queued, draft gone', async () => {
  const browser = new TestBrowser(t.app);
  const start = await browser.get(J);
  assert.match(start.body, /Was möchten Sie melden\?/);
  assert.match(start.body, /<h2[^>]*>Straßen und Wege<\/h2>/, 'categories are grouped');
  assert.match(start.body, /Defekte oder beschädigte Straßenlaternen/, 'with their descriptions');
  const light = await categoryId('beleuchtung');
  assert.equal((await browser.post(J, { kategorie: light })).headers.location, `${J}/ort`);
  const location = await browser.get(`${J}/ort`);
  assert.match(location.body, /name="adresse"/);
  assert.match(location.body, /data-report-map="pick"/, 'the map container is there for the script');
  assert.match(location.body, /<div class="rathaus-report-map" hidden/, 'and hidden without it');
  const placed = await browser.post(`${J}/ort`, { adresse: 'Am Markt 3', lat: '51,9405', lng: '9.0902' });
  assert.equal(placed.headers.location, `${J}/beschreibung`);
  const details = await browser.get(`${J}/beschreibung`);
  assert.match(details.body, /Was ist los mit der Leuchte\?/);
  assert.match(details.body, /Meist ein kleines Schild in Augenhöhe/, 'the hint of a question is shown');
  assert.match(details.body, /type="radio"[^>]*name="attr-stoerung"|name="attr-stoerung"[^>]*type="radio"/);
  const described = await browser.post(`${J}/beschreibung`, { beschreibung: '  Die Laterne vor Nr. 3 ist seit Tagen aus.  ', 'attr-stoerung': 'aus', 'attr-leuchtennummer': 'L 1234' });
  assert.equal(described.headers.location, `${J}/fotos`);
  await browser.get(`${J}/fotos`);
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#334455' } }).png().toBuffer();
  const uploaded = await browser.postMultipart(`${J}/fotos`, { aktion: 'weiter' }, [{ field: 'fotos', filename: 'laterne.png', content: photo, type: 'image/png' }]);
  assert.equal(uploaded.statusCode, 303, errorSummary(uploaded.body).join('\n'));
  assert.equal(uploaded.headers.location, `${J}/kontakt`);
  await browser.get(`${J}/kontakt`);
  const contact = await browser.post(`${J}/kontakt`, { name: 'Erika Mustermann', email: 'erika.meldet@example.org', datenschutz: 'yes' });
  assert.equal(contact.headers.location, `${J}/pruefen`);
  const check = await browser.get(`${J}/pruefen`);
  assert.equal(check.statusCode, 200);
  const shown = text(check.body);
  for (const expected of ['Straßenbeleuchtung', 'Am Markt 3', '51.9405, 9.0902', 'Die Laterne vor Nr. 3 ist seit Tagen aus.', 'Leuchtet nicht', 'L 1234', '1 Foto(s)', 'Erika Mustermann', 'erika.meldet@example.org']) {
    assert.ok(shown.includes(expected), `the check page shows ${expected}`);
  }
  assert.ok(check.body.includes(`href="${J}/ort?pruefen=1"`), 'each answer has its "Ändern" link');
  const { id: draftId, photos: draftPhotos } = await draftOf(browser);
  assert.equal(draftPhotos.length, 1);

  const sent = await browser.post(`${J}/absenden`, {});
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `${J}/gesendet`);
  const confirmation = await browser.get(`${J}/gesendet`);
  const reference = /rathaus-panel__reference[^>]*>(MM-[0-9A-Z]{5}-[0-9A-Z])</.exec(confirmation.body)?.[1];
  assert.ok(reference, 'the confirmation shows the reference in the panel');
  assert.ok(confirmation.body.includes(`href="/maengelmelder/meldung/${reference}"`), 'and the public link');
  assert.doesNotMatch(confirmation.body, /\/maengelmelder\/status\//, 'with an e-mail address the status link comes by mail');

  const report = await t.services.db.selectFrom('reports').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  assert.equal(report.category_id, light);
  assert.equal(report.lat, 51.9405);
  assert.equal(report.lng, 9.0902);
  assert.equal(report.address, 'Am Markt 3');
  assert.equal(report.description, 'Die Laterne vor Nr. 3 ist seit Tagen aus.');
  assert.deepEqual(report.attributes, { stoerung: 'aus', leuchtennummer: 'L 1234' });
  assert.equal(report.source, 'web');
  const photos = await t.services.db.selectFrom('report_photos').selectAll().where('report_id', '=', report.id).execute();
  assert.deepEqual(photos.map((p) => p.file_id), draftPhotos.map((p) => p.file_id), 'the draft\'s photo file became the report\'s');
  const kase = await t.services.db.selectFrom('cases as c').innerJoin('org_units as u', 'u.id', 'c.unit_id').select(['c.id', 'u.slug', 'c.contact', 'c.locale']).where('c.id', '=', report.case_id).executeTakeFirstOrThrow();
  assert.equal(kase.slug, 'bauhof');
  assert.deepEqual(kase.contact, { name: 'Erika Mustermann', email: 'erika.meldet@example.org' });
  const consent = await t.services.db.selectFrom('consents').selectAll().where('case_id', '=', kase.id).executeTakeFirstOrThrow();
  assert.equal(consent.kind, 'privacy');
  assert.equal(consent.version, await t.services.tenants.getSetting<string>(tenant.id, 'privacy.noticeVersion'));
  const mails = await t.services.db.selectFrom('mails').select(['template', 'to_address']).where('case_id', '=', kase.id).execute();
  assert.deepEqual(mails, [{ template: 'report.received', to_address: 'erika.meldet@example.org' }]);
  assert.equal(await t.services.db.selectFrom('report_drafts').select('id').where('id', '=', draftId).executeTakeFirst(), undefined, 'the draft row is gone');

  // A second click on "Meldung absenden" (same browser, same token) shows the report sent, and sends nothing more.
  const again = await browser.post(`${J}/absenden`, {}, { csrf: /name="_csrf" value="([^"]+)"/.exec(check.body)?.[1] as string });
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers.location, `${J}/gesendet`);
  assert.equal((await browser.get(`${J}/pruefen`)).headers.location, `${J}/gesendet`, 'the back button after sending shows the sent report');
  const count = await t.services.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).where('idempotency_key', '=', `report-draft:${draftId}`).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1);
});

test('without an e-mail address the confirmation gives the status link to bookmark; an address-only report has no point', async () => {
  const browser = await startReport({ category: 'graffiti', point: null, address: 'Brücke an der Weser, Südseite' });
  assert.equal((await browser.postMultipart(`${J}/fotos`, { aktion: 'weiter' })).headers.location, `${J}/kontakt`);
  await browser.get(`${J}/kontakt`);
  assert.equal((await browser.post(`${J}/kontakt`, { name: '', email: '' })).headers.location, `${J}/pruefen`);
  await browser.get(`${J}/pruefen`);
  assert.equal((await browser.post(`${J}/absenden`, {})).headers.location, `${J}/gesendet`);
  const confirmation = await browser.get(`${J}/gesendet`);
  const token = /href="\/maengelmelder\/status\/([A-Za-z0-9_-]{32})"/.exec(confirmation.body)?.[1];
  assert.ok(token, 'the status link is shown');
  const reference = /rathaus-panel__reference[^>]*>([^<]+)</.exec(confirmation.body)?.[1] as string;
  const mine = await reports.forReporter(tenant.id, token);
  assert.equal(mine?.reference, reference, 'the link leads to this report');
  assert.equal(mine?.lat, null);
  assert.equal(mine?.address, 'Brücke an der Weser, Südseite');
  const kase = await t.services.db.selectFrom('cases').select(['id', 'contact']).where('reference', '=', reference).executeTakeFirstOrThrow();
  assert.deepEqual(kase.contact, {});
  assert.equal((await t.services.db.selectFrom('mails').select('id').where('case_id', '=', kase.id).execute()).length, 0);
  assert.equal(await t.services.db.selectFrom('consents').select('id').where('case_id', '=', kase.id).executeTakeFirst(), undefined, 'no personal data, no consent needed');
});

test('two submits at once (double click) create one report', async () => {
  const browser = await startReport();
  await browser.get(`${J}/pruefen`);
  const token = browser.csrf();
  const [a, b] = await Promise.all([browser.post(`${J}/absenden`, {}, { csrf: token }), browser.post(`${J}/absenden`, {}, { csrf: token })]);
  assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
  assert.deepEqual([a.headers.location, b.headers.location], [`${J}/gesendet`, `${J}/gesendet`]);
  const { id } = await draftOf(browser);
  const cases = await t.services.db.selectFrom('cases').select('id').where('idempotency_key', '=', `report-draft:${id}`).execute();
  assert.equal(cases.length, 1);
  const reportRows = await t.services.db.selectFrom('reports').select('id').where('case_id', '=', cases[0]?.id as string).execute();
  assert.equal(reportRows.length, 1);
});

test('validation: each step re-renders with an error summary linking to the field and the service\'s messages', async () => {
  const browser = new TestBrowser(t.app);
  await browser.get(J);
  const noCategory = await browser.post(J, {});
  assert.equal(noCategory.statusCode, 422);
  assert.deepEqual(errorSummary(noCategory.body), ['#field-kategorie Bitte wählen Sie aus, um welche Art von Mangel es geht.']);
  assert.match(noCategory.body, /<title>Fehler: /);
  const unknown = await browser.post(J, { kategorie: '00000000-0000-4000-8000-000000000000' });
  assert.equal(unknown.statusCode, 422);

  await browser.post(J, { kategorie: await categoryId('muell') });
  await browser.get(`${J}/ort`);
  const nowhere = await browser.post(`${J}/ort`, { adresse: '   ', lat: '', lng: '' });
  assert.equal(nowhere.statusCode, 422);
  assert.deepEqual(errorSummary(nowhere.body), ['#field-adresse Bitte geben Sie an, wo der Mangel ist: auf der Karte oder als Adresse bzw. Beschreibung des Ortes.']);
  const outside = await browser.post(`${J}/ort`, { adresse: 'Marienplatz', lat: '48.137', lng: '11.575' });
  assert.equal(outside.statusCode, 422);
  assert.deepEqual(errorSummary(outside.body), [`#field-adresse Der Ort liegt nicht im Gebiet von ${tenant.name}. Bitte prüfen Sie die Angabe.`]);
  assert.match(outside.body, /value="Marienplatz"/, 'what was typed stays');
  const garbage = await browser.post(`${J}/ort`, { adresse: '', lat: 'north', lng: '9.08' });
  assert.equal(garbage.statusCode, 422);
  assert.equal((await browser.post(`${J}/ort`, { adresse: 'Parkplatz Waldweg', lat: '', lng: '' })).headers.location, `${J}/beschreibung`);

  await browser.get(`${J}/beschreibung`);
  const empty = await browser.post(`${J}/beschreibung`, { beschreibung: ' ' });
  assert.equal(empty.statusCode, 422);
  assert.deepEqual(errorSummary(empty.body), ['#field-beschreibung Bitte beschreiben Sie den Mangel.', '#field-attr-art Bitte beantworten Sie diese Frage.']);
  assert.match(empty.body, /id="field-attr-art"/, 'the summary link has its target');
  const long = await browser.post(`${J}/beschreibung`, { beschreibung: 'x'.repeat(4001), 'attr-art': ['reifen', 'erfunden'] });
  assert.deepEqual(errorSummary(long.body), ['#field-beschreibung Die Beschreibung darf höchstens 4000 Zeichen lang sein.', '#field-attr-art Bitte wählen Sie eine der angebotenen Antworten.']);
  assert.match(long.body, /value="reifen"[^>]*checked|checked[^>]*value="reifen"/, 'the ticked answer stays ticked');
  assert.equal((await browser.post(`${J}/beschreibung`, { beschreibung: 'Alte Reifen am Waldweg.', 'attr-art': ['reifen', 'sonstiges'] })).headers.location, `${J}/fotos`);

  await browser.get(`${J}/kontakt`);
  const badMail = await browser.post(`${J}/kontakt`, { name: 'Max', email: 'max-at-example', datenschutz: 'yes' });
  assert.equal(badMail.statusCode, 422);
  assert.deepEqual(errorSummary(badMail.body), ['#field-email Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de.']);
  const noConsent = await browser.post(`${J}/kontakt`, { name: '', email: 'max@example.org' });
  assert.deepEqual(errorSummary(noConsent.body), ['#field-datenschutz Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben, oder lassen Sie Name und E-Mail-Adresse leer.']);
  assert.equal((await browser.post(`${J}/kontakt`, { name: '', email: 'max@example.org', datenschutz: 'yes' })).headers.location, `${J}/pruefen`);

  // Changing the category from the check page asks the new category's questions before going back.
  await browser.get(`${J}?pruefen=1`);
  const changed = await browser.post(J, { kategorie: await categoryId('beleuchtung'), pruefen: '1' });
  assert.equal(changed.headers.location, `${J}/beschreibung?pruefen=1`);
  const check = await browser.get(`${J}/pruefen`);
  assert.deepEqual(errorSummary(check.body), [`${J}/beschreibung?pruefen=1 Bitte ergänzen Sie Ihre Meldung: Bitte beantworten Sie diese Frage.`]);
  const refused = await browser.post(`${J}/absenden`, {});
  assert.equal(refused.statusCode, 422, 'the service refuses the incomplete report');
  assert.equal((await t.services.db.selectFrom('cases').select('id').where('contact', '=', JSON.stringify({ email: 'max@example.org' }) as never).execute()).length, 0);

  // Bad query values are a 400 page, never a 500.
  assert.equal((await browser.get(`${J}/ort?pruefen=ja`)).statusCode, 400);
  assert.equal((await browser.get(`${J}/fotos/7`)).statusCode, 400);
});

test('bad photos are each refused with their own message, and nothing else of the report is lost', async () => {
  const browser = await startReport({ description: 'Schlagloch, etwa 30 cm breit.' });
  const good = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#556b2f' } }).jpeg().toBuffer();
  const first = await browser.postMultipart(`${J}/fotos`, { aktion: 'hochladen' }, [{ field: 'fotos', filename: 'loch.jpg', content: good, type: 'image/jpeg' }]);
  assert.equal(first.statusCode, 303);
  assert.equal(first.headers.location, `${J}/fotos`);
  const page = await browser.get(`${J}/fotos`);
  assert.match(page.body, /Das Foto wurde hinzugefügt\./);
  assert.match(page.body, new RegExp(`<img[^>]*src="${J}/fotos/0"`), 'with a preview');

  const truncated = good.subarray(0, Math.floor(good.length / 2));
  const cases: { name: string; content: Buffer; message: RegExp }[] = [
    { name: 'rechnung.jpg', content: PDF_NAMED_JPG, message: /„rechnung\.jpg“ ist kein Foto im Format JPEG, PNG oder WebP/ },
    { name: 'notiz.jpg', content: Buffer.from('Das ist kein Bild, nur Text.\n'), message: /„notiz\.jpg“ ist kein Foto/ },
    { name: 'halb.jpg', content: truncated, message: /„halb\.jpg“ konnte nicht gelesen werden/ },
    { name: 'bild.svg', content: SVG_WITH_SCRIPT, message: /„bild\.svg“ ist kein Foto/ },
    { name: 'flut.png', content: pixelFloodPng(), message: /„flut\.png“ konnte nicht gelesen werden: .*mehr als 40 Megapixel/ },
    { name: 'leer.jpg', content: Buffer.alloc(0), message: /„leer\.jpg“ ist leer/ },
    { name: 'riesig.jpg', content: Buffer.concat([good.subarray(0, 4), Buffer.alloc(60 * 1024 * 1024, 7)]), message: /„riesig\.jpg“ ist größer als 10 MB/ },
  ];
  for (const c of cases) {
    await browser.get(`${J}/fotos`);
    const refused = await browser.postMultipart(`${J}/fotos`, { aktion: 'hochladen' }, [{ field: 'fotos', filename: c.name, content: c.content, type: 'image/jpeg' }]);
    assert.equal(refused.statusCode, 422, `${c.name}: ${refused.statusCode}`);
    const summary = errorSummary(refused.body);
    assert.equal(summary.length, 1, `${c.name}: ${summary.join(' | ')}`);
    assert.match(summary[0] as string, /^#field-fotos /);
    assert.match(text(refused.body), c.message, c.name);
    assert.match(refused.body, new RegExp(`<img[^>]*src="${J}/fotos/0"`), `${c.name}: the accepted photo is still there`);
  }
  // Three more at once, with one already there: two are taken, the third is refused by name.
  await browser.get(`${J}/fotos`);
  const many = await browser.postMultipart(`${J}/fotos`, { aktion: 'weiter' }, ['a.jpg', 'b.jpg', 'c.jpg'].map((filename) => ({ field: 'fotos', filename, content: good, type: 'image/jpeg' })));
  assert.equal(many.statusCode, 422);
  assert.deepEqual(errorSummary(many.body), ['#field-fotos „c.jpg“ wurde nicht hinzugefügt: Sie können höchstens 3 Fotos mitschicken.']);
  assert.match(many.body, /Sie haben 3 Fotos hinzugefügt; mehr sind nicht möglich/);

  const { draft, photos } = await draftOf(browser);
  assert.equal(photos.length, 3);
  assert.equal(draft?.data.description, 'Schlagloch, etwa 30 cm breit.');
  assert.equal(draft?.data.lat, POINT.lat);
  const check = await browser.get(`${J}/pruefen`);
  assert.ok(text(check.body).includes('Schlagloch, etwa 30 cm breit.'));
  assert.ok(text(check.body).includes('3 Foto(s)'));

  // Removing one frees its place; its file goes with it.
  await browser.get(`${J}/fotos`);
  const removed = await browser.post(`${J}/fotos/entfernen`, { position: '1' });
  assert.equal(removed.headers.location, `${J}/fotos`);
  assert.deepEqual((await draftOf(browser)).photos.map((p) => p.position), [0, 2]);
  assert.equal(await t.services.db.selectFrom('files').select('id').where('id', '=', photos[1]?.file_id as string).executeTakeFirst(), undefined);
  // The preview is this browser's only.
  const stranger = new TestBrowser(t.app);
  assert.equal((await stranger.get(`${J}/fotos/0`)).statusCode, 404);
  const preview = await browser.get(`${J}/fotos/0`);
  assert.equal(preview.statusCode, 200);
  assert.equal(preview.headers['content-type'], 'image/jpeg');
});

test('a phone photo\'s EXIF and GPS data are gone from the stored file', async () => {
  const browser = await startReport();
  const { jpeg, latitudeBytes } = await phonePhoto(51.9432, 9.0811);
  assert.ok((await sharp(jpeg).metadata()).exif, 'the upload carries EXIF');
  assert.ok(jpeg.includes(latitudeBytes), 'with the GPS latitude');
  const uploaded = await browser.postMultipart(`${J}/fotos`, { aktion: 'weiter' }, [{ field: 'fotos', filename: 'IMG_2031.JPG', content: jpeg, type: 'image/jpeg' }]);
  assert.equal(uploaded.statusCode, 303);
  const { photos } = await draftOf(browser);
  const stored = await t.services.files.read(t.services.db, tenant.id, photos[0]?.file_id as string);
  assert.ok(stored);
  const metadata = await sharp(stored.content).metadata();
  assert.equal(metadata.format, 'jpeg');
  assert.equal(metadata.exif, undefined, 'no EXIF');
  assert.ok(!stored.content.includes(latitudeBytes), 'no GPS bytes');
  assert.ok(!stored.content.includes(Buffer.from('Exif\0\0', 'latin1')));
});

test('"Ist es dieses?": an open report of the same category near the point is offered; another category or far away is not', async () => {
  const existing = await reports.submit(tenant, { categoryId: await categoryId('spielplatz'), lat: 51.9301, lng: 9.1102, address: 'Spielplatz Lindenallee', description: 'Schaukelkette gerissen.', locale: 'de', source: 'web' });
  assert.ok(existing.ok);
  const near = { lat: 51.93025, lng: 9.1103 }; // about 17 m away
  const browser = new TestBrowser(t.app);
  await browser.get(J);
  await browser.post(J, { kategorie: await categoryId('spielplatz') });
  await browser.get(`${J}/ort`);
  const placed = await browser.post(`${J}/ort`, { adresse: '', lat: String(near.lat), lng: String(near.lng) });
  assert.equal(placed.headers.location, `${J}/aehnliche`);
  const offer = await browser.get(`${J}/aehnliche`);
  assert.equal(offer.statusCode, 200);
  assert.match(offer.body, /Ist es dieses\?/);
  assert.ok(offer.body.includes(`href="/maengelmelder/meldung/${existing.reference}"`));
  assert.ok(offer.body.includes(`href="/maengelmelder/meldung/${existing.reference}/folgen"`));
  assert.match(text(offer.body), /Das ist es – Neuigkeiten erhalten/);
  assert.match(text(offer.body), /Spielplatz Lindenallee/);
  assert.match(text(offer.body), /Eingegangen/);
  assert.ok(offer.body.includes(`href="${J}/beschreibung"`), '"Nein, weiter" goes on');

  const other = new TestBrowser(t.app);
  await other.get(J);
  await other.post(J, { kategorie: await categoryId('graffiti') });
  await other.get(`${J}/ort`);
  assert.equal((await other.post(`${J}/ort`, { adresse: '', lat: String(near.lat), lng: String(near.lng) })).headers.location, `${J}/beschreibung`);
  assert.equal((await other.get(`${J}/aehnliche`)).headers.location, `${J}/beschreibung`);
  await other.get(J);
  await other.post(J, { kategorie: await categoryId('spielplatz') });
  await other.get(`${J}/ort`);
  assert.equal((await other.post(`${J}/ort`, { adresse: '', lat: '51.9350', lng: '9.1102' })).headers.location, `${J}/beschreibung`, '550 m away is another place');
});

test('only the location page allows the tile server in its CSP; the map files are served', async () => {
  const browser = await startReport();
  const location = await browser.get(`${J}/ort`);
  const csp = String(location.headers['content-security-policy']);
  assert.match(csp, /img-src 'self' data: https:\/\/tile\.openstreetmap\.org(;|$)/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /style-src 'self'(;|$)/);
  const photos = String((await browser.get(`${J}/fotos`)).headers['content-security-policy']);
  assert.doesNotMatch(photos, /openstreetmap/);
  for (const asset of ['/assets/maengelmelder/leaflet/leaflet.js', '/assets/maengelmelder/leaflet/leaflet.css', '/assets/maengelmelder/leaflet/images/marker-icon.png', '/assets/maengelmelder/report-map.js', '/assets/maengelmelder/report-journey.js', '/assets/maengelmelder/report-map.css']) {
    assert.equal((await browser.get(asset)).statusCode, 200, asset);
  }
  assert.equal((await browser.get('/assets/maengelmelder/leaflet/leaflet.js.map')).statusCode, 404);
  assert.equal((await browser.get('/assets/maengelmelder/../../../../package.json')).statusCode, 404);
  // No tile server: no map, and the default policy.
  await t.services.tenants.setSetting(tenant.id, 'reports.tileUrl', '');
  try {
    const plain = await browser.get(`${J}/ort`);
    assert.doesNotMatch(plain.body, /data-report-map/);
    assert.doesNotMatch(plain.body, /leaflet\.js/);
    assert.doesNotMatch(String(plain.headers['content-security-policy']), /openstreetmap/);
  } finally {
    await t.services.tenants.setSetting(tenant.id, 'reports.tileUrl', 'https://tile.openstreetmap.org/{z}/{x}/{y}.png');
  }
});

test('steps without a draft go back to the start; a stolen or forged cookie finds nothing', async () => {
  const browser = new TestBrowser(t.app);
  for (const step of ['ort', 'beschreibung', 'fotos', 'kontakt', 'pruefen', 'gesendet']) {
    const response = await browser.get(`${J}/${step}`);
    assert.equal(response.statusCode, 303, step);
    assert.equal(response.headers.location, J);
  }
  browser.setCookie('rathaus-meldung', '00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  assert.equal((await browser.get(`${J}/pruefen`)).headers.location, J, 'an unsigned cookie is ignored');
  await browser.get(J);
  assert.equal((await browser.post(`${J}/absenden`, {})).headers.location, J);
  const noToken = await browser.post(`${J}/ort`, { adresse: 'x' }, { csrf: null });
  assert.equal(noToken.statusCode, 403);
  const english = await browser.get(`${J}?lang=en`);
  assert.match(english.body, /What would you like to report\?/);
  assert.match(english.body, /Road damage \/ pothole/);
});
