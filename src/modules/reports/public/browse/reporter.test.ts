import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, TestBrowser, type TestApp } from '../../../../../test/support/app.ts';
import type { Tenant } from '../../../../core/tenancy/tenants.ts';
import { checkPhoto } from '../../../../core/files/uploads.ts';
import { reportsOf } from '../../instance.ts';
import type { ReportInput, ReportService } from '../../reports.service.ts';
import { mineToken } from './reporter.service.ts';

let t: TestApp;
let musterstadt: Tenant;
let reports: ReportService;
let clock = new Date('2027-06-01T08:00:00Z'); // a Tuesday
const DAY_MS = 86_400_000;

const REPORTER = 'Amsel.Morgenlied@example.org';
const OTHER = 'drossel.abendlied@example.org';

before(async () => {
  t = await createTestApp({ now: () => clock });
  musterstadt = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  reports = reportsOf(t.services);
});
after(() => t.close());

async function submit(code: string, input: Partial<ReportInput>) {
  const category = await reports.category(musterstadt.id, { code });
  assert.ok(category);
  const result = await reports.submit(musterstadt, { categoryId: category.id, description: 'Ein Mangel.', locale: 'de', source: 'web', ...input });
  assert.ok(result.ok, JSON.stringify(result));
  return result;
}

async function mailsTo(address: string) {
  return t.services.db.selectFrom('mails').select(['template', 'text_body']).where('to_address', '=', address).orderBy('created_at').orderBy('id').execute();
}

/** Closes a report the way the staff page does: state, closing date, reopen period, the Vorgang's status. */
async function close(reportId: string, caseId: string, reopenUntil: Date) {
  await t.services.db.transaction().execute(async (tx) => {
    await tx.updateTable('reports').set({ state: 'fixed', closed_at: clock, reopen_until: reopenUntil, updated_at: clock }).where('id', '=', reportId).execute();
    await tx.insertInto('report_updates').values({ tenant_id: musterstadt.id, report_id: reportId, state: 'fixed', body: 'Das Loch ist verfüllt.', kind: 'state', created_at: clock }).execute();
    await t.services.cases.setStatusBySystem(tx, musterstadt.id, caseId, 'completed', null);
  });
}

/** A CSRF token of this browser (from a page that surely has a form). */
async function csrfOf(browser: TestBrowser): Promise<string> {
  await browser.get('/maengelmelder/meine');
  return browser.csrf();
}

/** Follows a redirect and returns the page it leads to. */
async function follow(browser: TestBrowser, response: { statusCode: number; headers: Record<string, unknown> }) {
  assert.equal(response.statusCode, 303);
  return browser.get(String(response.headers.location));
}

let statusPath = '';
let report: Awaited<ReturnType<typeof submit>>;

test('the reporter sees their report as sent through the link from the receipt, photos included', async () => {
  const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#335577' } }).jpeg().toBuffer();
  const checked = await checkPhoto(jpeg, 'loch.jpg', { maxBytes: 1_000_000 });
  assert.ok(checked.ok);
  report = await submit('schlagloch', { lat: 51.9412, lng: 9.0871, address: 'Lange Straße 12', description: 'Tiefes Loch, Radfahrer stürzen.', photos: [checked.photo], name: 'Amsel Morgenlied', email: REPORTER });
  const [receipt] = await mailsTo(REPORTER);
  assert.equal(receipt?.template, 'report.received');
  statusPath = /\/maengelmelder\/status\/[A-Za-z0-9_-]{32}/.exec(receipt?.text_body ?? '')?.[0] as string;
  assert.ok(statusPath);

  const browser = new TestBrowser(t.app);
  const page = await browser.get(statusPath);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(`Ihre Meldung ${report.reference}`));
  assert.match(page.body, /Tiefes Loch, Radfahrer stürzen\./);
  assert.match(page.body, /Eingegangen/);
  assert.ok(page.body.includes(`href="/vorgang/${statusPath.split('/').pop()}"`), 'messages go through the Vorgang page');
  assert.ok(page.body.includes(`href="/maengelmelder/meldung/${report.reference}"`));
  assert.ok(!page.body.includes('nicht-erledigt'), 'an open report cannot be reopened');
  assert.ok(!page.body.includes('name="zufriedenheit"'), 'no feedback before it is closed');
  const photoUrl = /src="(\/maengelmelder\/status\/[A-Za-z0-9_-]{32}\/foto\/[0-9a-f-]{36})"/.exec(page.body)?.[1];
  assert.ok(photoUrl);
  const image = await browser.get(photoUrl);
  assert.equal(image.statusCode, 200);
  assert.equal(image.headers['content-type'], 'image/jpeg');
  assert.equal(image.headers['cache-control'], 'no-store');
  assert.equal(image.headers['x-content-type-options'], 'nosniff');
  // A withheld photo stays visible to its reporter only.
  await t.services.db.updateTable('report_photos').set({ published: false }).where('report_id', '=', report.id).execute();
  assert.equal((await browser.get(photoUrl)).statusCode, 200);
  assert.match((await browser.get(statusPath)).body, /nicht öffentlich/);
  const photoId = photoUrl.split('/').pop() as string;
  assert.equal((await browser.get(`/maengelmelder/foto/${photoId}`)).statusCode, 404);
  await t.services.db.updateTable('report_photos').set({ published: true }).where('report_id', '=', report.id).execute();

  assert.equal((await browser.get('/maengelmelder/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
  assert.equal((await browser.get('/maengelmelder/status/kurz')).statusCode, 404);
  assert.equal((await browser.get(`/maengelmelder/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/foto/${photoId}`)).statusCode, 404);
  assert.equal((await new TestBrowser(t.app, 'beispielhausen.localhost').get(statusPath)).statusCode, 404);
});

test('"Nicht erledigt" reopens a closed report once, within the period; followers hear of it, the reason stays private', async () => {
  const follower = 'mitleser@example.org';
  await t.services.db.insertInto('report_subscriptions').values({ tenant_id: musterstadt.id, report_id: report.id, email: follower, email_key: 'a'.repeat(64), token_hash: 'b'.repeat(64), locale: 'de', confirmed_at: clock }).execute();
  await close(report.id, report.caseId, new Date(clock.getTime() + 28 * DAY_MS));
  clock = new Date(clock.getTime() + 3 * DAY_MS); // Friday
  const browser = new TestBrowser(t.app);
  const page = await browser.get(statusPath);
  assert.match(page.body, /Der Mangel ist nicht behoben\?/);
  assert.match(page.body, /bis 29\.06\.2027/);
  assert.match(page.body, /Wie zufrieden sind Sie mit der Erledigung Ihrer Meldung\?/);

  const empty = await browser.post(`${statusPath}/nicht-erledigt`, { grund: '  ' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /href="#field-grund"/);
  assert.equal((await browser.post(`${statusPath}/nicht-erledigt`, { grund: 'x' }, { csrf: null })).statusCode, 403);

  await browser.get(statusPath);
  const mailsBefore = (await mailsTo(REPORTER)).length;
  const reason = 'Nur zur Hälfte verfüllt, Herr Nachbar Schmidt hat es gesehen.';
  const done = await follow(browser, await browser.post(`${statusPath}/nicht-erledigt`, { grund: reason }));
  assert.match(done.body, /Ihre Meldung ist wieder in Bearbeitung/);
  assert.ok(!done.body.includes('nicht-erledigt"'), 'the form is gone');

  const row = await t.services.db.selectFrom('reports').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow();
  assert.equal(row.state, 'in_progress');
  assert.equal(row.closed_at, null);
  assert.equal(row.reopen_until, null);
  assert.equal(row.reopen_count, 1);
  // Friday + 5 working days of the category: the Friday after, end of the day in Berlin.
  assert.equal(row.due_at?.toISOString(), '2027-06-11T21:59:00.000Z');
  const update = await t.services.db.selectFrom('report_updates').selectAll().where('report_id', '=', report.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  assert.equal(update.kind, 'reopened');
  assert.equal(update.body, null, 'the public timeline says it in the reader\'s language, not in stored text');
  const kase = await t.services.db.selectFrom('cases').select(['status', 'closed_at']).where('id', '=', report.caseId).executeTakeFirstOrThrow();
  assert.equal(kase.status, 'in_progress');
  assert.equal(kase.closed_at, null);
  assert.equal((await t.services.db.selectFrom('cases').select('due_at').where('id', '=', report.caseId).executeTakeFirstOrThrow()).due_at?.toISOString(), '2027-06-11T21:59:00.000Z', 'the Vorgang gets the new deadline too');
  const event = await t.services.db.selectFrom('case_events').select(['body', 'visible_to_citizen']).where('case_id', '=', report.caseId).where('kind', '=', 'report_reopened').executeTakeFirstOrThrow();
  assert.equal(event.body, reason);
  // The follower is told; the reporter, who did it, gets no mail.
  const followerMail = (await mailsTo(follower)).at(-1);
  assert.equal(followerMail?.template, 'report.status');
  assert.ok(!followerMail?.text_body.includes('Schmidt'));
  assert.equal((await mailsTo(REPORTER)).length, mailsBefore);
  // The public page says it was reopened, without the reporter's words.
  const publicPage = await new TestBrowser(t.app).get(`/maengelmelder/meldung/${report.reference}`);
  assert.match(publicPage.body, /Wieder geöffnet/);
  assert.ok(!publicPage.body.includes('Schmidt'));

  // A second reopen changes nothing and says so.
  const second = await follow(browser, await browser.post(`${statusPath}/nicht-erledigt`, { grund: 'Immer noch nicht!' }, { csrf: await csrfOf(browser) }));
  assert.match(second.body, /bereits wieder in Bearbeitung/);
  assert.equal((await t.services.db.selectFrom('reports').select('reopen_count').where('id', '=', report.id).executeTakeFirstOrThrow()).reopen_count, 1);
  assert.equal((await t.services.db.selectFrom('case_events').select('id').where('case_id', '=', report.caseId).where('kind', '=', 'report_reopened').execute()).length, 1);

  // Closed again, but the period is over: no reopening.
  await close(report.id, report.caseId, new Date(clock.getTime() + 28 * DAY_MS));
  clock = new Date(clock.getTime() + 29 * DAY_MS);
  const late = await browser.get(statusPath);
  assert.ok(!late.body.includes('nicht-erledigt"'), 'no form after the period');
  const refused = await follow(browser, await browser.post(`${statusPath}/nicht-erledigt`, { grund: 'Doch nicht erledigt.' }, { csrf: await csrfOf(browser) }));
  assert.match(refused.body, /Frist[^<]*abgelaufen/);
  assert.equal((await t.services.db.selectFrom('reports').select('state').where('id', '=', report.id).executeTakeFirstOrThrow()).state, 'fixed');
});

test('a closed report takes one satisfaction score', async () => {
  const browser = new TestBrowser(t.app);
  await browser.get(statusPath);
  const invalid = await browser.post(`${statusPath}/bewertung`, { zufriedenheit: '9' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /href="#field-zufriedenheit"/);
  const done = await follow(browser, await browser.post(`${statusPath}/bewertung`, { zufriedenheit: '4' }));
  assert.match(done.body, /Danke für Ihre Bewertung/);
  assert.match(done.body, /Ihre Bewertung: 4 von 5/);
  assert.ok(!done.body.includes('name="zufriedenheit"'));
  const row = await t.services.db.selectFrom('reports').select(['feedback_score', 'feedback_at']).where('id', '=', report.id).executeTakeFirstOrThrow();
  assert.equal(row.feedback_score, 4);
  assert.equal(row.feedback_at?.toISOString(), clock.toISOString());
  const again = await follow(browser, await browser.post(`${statusPath}/bewertung`, { zufriedenheit: '1' }, { csrf: await csrfOf(browser) }));
  assert.match(again.body, /schon bewertet/);
  assert.equal((await t.services.db.selectFrom('reports').select('feedback_score').where('id', '=', report.id).executeTakeFirstOrThrow()).feedback_score, 4);
  assert.equal((await t.services.db.selectFrom('case_events').select('id').where('case_id', '=', report.caseId).where('kind', '=', 'report_feedback').execute()).length, 1);
});

test('"Meine Meldungen" mails a signed link that lists exactly that address\'s reports', async () => {
  const second = await submit('graffiti', { address: 'Rathausplatz 1', email: REPORTER.toLowerCase() });
  const others = await submit('muell', { address: 'Waldweg', attributes: { art: ['reifen'] }, email: OTHER });
  await submit('sonstiges', { address: 'Ohne Adresse' });

  const browser = new TestBrowser(t.app);
  const form = await browser.get('/maengelmelder/meine');
  assert.equal(form.statusCode, 200);
  const invalid = await browser.post('/maengelmelder/meine', { email: 'kaputt' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /href="#field-email"/);

  const before = (await mailsTo(REPORTER)).length;
  await browser.get('/maengelmelder/meine');
  const known = await browser.post('/maengelmelder/meine', { email: REPORTER.toUpperCase() });
  await browser.get('/maengelmelder/meine');
  const unknown = await browser.post('/maengelmelder/meine', { email: 'niemand@example.org' });
  assert.equal(known.statusCode, 200);
  assert.equal(unknown.statusCode, known.statusCode);
  const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0];
  assert.equal(main(known.body), main(unknown.body), 'the same answer for known and unknown addresses');
  assert.match(known.body, /Wenn es Meldungen zu dieser Adresse gibt, haben wir Ihnen einen Link geschickt/);
  assert.equal((await mailsTo('niemand@example.org')).length, 0);
  const mails = await mailsTo(REPORTER.toUpperCase());
  assert.equal(mails.length, 1);
  assert.equal(mails[0]?.template, 'report.mine');
  assert.equal((await mailsTo(REPORTER)).length, before);
  const listPath = /\/maengelmelder\/meine\/[0-9a-z]+\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}/.exec(mails[0]?.text_body ?? '')?.[0] as string;
  assert.ok(listPath);

  const list = await new TestBrowser(t.app).get(listPath);
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes(report.reference));
  assert.ok(list.body.includes(second.reference));
  assert.ok(!list.body.includes(others.reference), 'another address\'s report is not listed');
  assert.ok(list.body.includes(`href="${statusPath}"`), 'each links to its status page');
  assert.match(list.body, /Rathausplatz 1/);

  // Forged, another municipality's, expired: refused with a way to ask again.
  const forged = listPath.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  const refused = await browser.get(forged);
  assert.equal(refused.statusCode, 404);
  assert.match(refused.body, /abgelaufen oder ungültig/);
  assert.match(refused.body, /href="\/maengelmelder\/meine"/);
  assert.equal((await new TestBrowser(t.app, 'beispielhausen.localhost').get(listPath)).statusCode, 404);
  const otherKey = (await t.services.db.selectFrom('reports').select('reporter_key').where('id', '=', others.id).executeTakeFirstOrThrow()).reporter_key as string;
  const swapped = listPath.split('.');
  swapped[1] = Buffer.from(otherKey, 'hex').toString('base64url');
  assert.equal((await browser.get(swapped.join('.'))).statusCode, 404, 'a key swapped into a signed link is refused');
  assert.equal((await browser.get('/maengelmelder/meine/quatsch')).statusCode, 404);
  const saved = clock;
  clock = new Date(clock.getTime() + 25 * 3_600_000);
  assert.equal((await browser.get(listPath)).statusCode, 404);
  clock = saved;
  // A link we made ourselves for the other address shows only theirs.
  const theirs = await browser.get(`/maengelmelder/meine/${mineToken(t.config.sessionSecret, musterstadt.id, otherKey, new Date(clock.getTime() + 3_600_000))}`);
  assert.equal(theirs.statusCode, 200);
  assert.ok(theirs.body.includes(others.reference));
  assert.ok(!theirs.body.includes(report.reference));
});
