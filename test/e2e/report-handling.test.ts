/**
 * A Mängelmeldung handled end to end in a real browser, with real mail
 * delivery over SMTP: the Bauhof's clerk takes it on with a public comment
 * and routes it to the Ordnungsamt, whose clerk closes it; the reporter gets
 * a mail at every step, follows the link from the last one and says
 * "nicht erledigt", which puts the report back into the clerk's queue.
 * Every page on the way passes the page checks (axe, CSP, one h1).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { startSmtp, type TestMailbox } from './support/smtp.ts';
import type { Tenant } from '../../src/core/tenancy/tenants.ts';
import { reportsOf } from '../../src/modules/reports/instance.ts';

const REPORTER = 'melderin.e2e@example.org';

let t: TestApp;
let smtp: TestMailbox;
let browser: Browser;
let base: string;
let tenant: Tenant;

before(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  tenant = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  // No map tiles: this journey is about the handling, the map has its own browser test.
  await t.services.tenants.setSetting(tenant.id, 'reports.tileUrl', '');
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.stop();
});

const linkIn = (text: string, path: string): string => {
  const match = new RegExp(`https?://[^\\s]+${path}[^\\s]*`).exec(text);
  assert.ok(match, `a link to ${path} in:\n${text}`);
  return new URL(match[0]).pathname;
};

async function openReport(page: Page, reference: string): Promise<void> {
  await page.goto(`${base}/verwaltung/maengel`);
  await assertPageOk(page);
  await Promise.all([page.waitForURL(/\/verwaltung\/maengel\/[0-9a-f-]{36}$/), page.getByRole('link', { name: reference }).click()]);
  await assertPageOk(page);
}

async function changeState(page: Page, state: string, comment: string): Promise<void> {
  const form = page.locator('form#stand');
  await form.locator('select[name="state"]').selectOption(state);
  await form.locator('textarea[name="comment"]').fill(comment);
  await Promise.all([page.waitForLoadState('load'), form.locator('button[name="aktion"][value="speichern"]').click()]);
  await page.waitForURL(/\/verwaltung\/maengel\/[0-9a-f-]{36}$/);
  await assertPageOk(page);
}

test('the clerk takes the report on, routes it, the next clerk closes it; the reporter gets every mail and reopens it', async () => {
  const pothole = await reportsOf(t.services).category(tenant.id, { code: 'schlagloch' });
  const sent = await reportsOf(t.services).submit(tenant, { categoryId: pothole?.id as string, lat: 51.9401, lng: 9.0889, address: 'Lange Straße 12', description: 'Tiefes Schlagloch vor der Einfahrt.', email: REPORTER, name: 'Erika Melderin', locale: 'de', source: 'web' });
  assert.ok(sent.ok);
  const receipt = await smtp.waitFor((m) => m.to.includes(REPORTER) && m.subject.includes(sent.reference));
  assert.match(receipt.text, /Danke für Ihre Meldung/);

  const bauhof = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await staffLogin(bauhof, base, 'bauhof@musterstadt.example');
  await openReport(bauhof, sent.reference);
  await changeState(bauhof, 'in_progress', 'Wir sehen uns das Loch diese Woche an.');
  const taken = await smtp.waitFor((m) => m.to.includes(REPORTER) && m.subject.includes('In Bearbeitung'));
  assert.match(taken.text, /Wir sehen uns das Loch diese Woche an\./);

  // Routed: the Ordnungsamt is responsible for this stretch (a private access road).
  const route = bauhof.locator('form[action$="/weiterleiten"]');
  await route.locator('select[name="unit"]').selectOption({ label: 'Ordnungsamt' });
  await route.locator('input[name="forwardNote"]').fill('Privatweg, bitte Eigentümer anschreiben.');
  await Promise.all([bauhof.waitForLoadState('load'), route.locator('button').last().click()]);
  await assertPageOk(bauhof);

  const ordnungsamt = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await staffLogin(ordnungsamt, base, 'ordnungsamt@musterstadt.example');
  await openReport(ordnungsamt, sent.reference);
  await changeState(ordnungsamt, 'fixed', 'Die Eigentümerin hat das Loch verfüllen lassen.');
  const closed = await smtp.waitFor((m) => m.to.includes(REPORTER) && m.subject.includes('Erledigt'));
  assert.match(closed.text, /Die Eigentümerin hat das Loch verfüllen lassen\./);
  assert.match(closed.text, /Nicht erledigt/);

  // The reporter follows the link from the mail and says it is not fixed.
  const reporter = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await reporter.goto(`${base}${linkIn(closed.text, '/maengelmelder/status/')}`);
  await assertPageOk(reporter);
  const reopen = reporter.locator('form[action$="/nicht-erledigt"]');
  await reopen.locator('textarea[name="grund"]').fill('Das Loch ist nur halb verfüllt.');
  await Promise.all([reporter.waitForLoadState('load'), reopen.locator('button').click()]);
  await assertPageOk(reporter);
  assert.match(await reporter.locator('main').innerText(), /wieder in Bearbeitung/);

  const row = await t.services.db.selectFrom('reports as r').innerJoin('cases as c', 'c.id', 'r.case_id').select(['r.state', 'c.status', 'c.unit_id']).where('r.id', '=', sent.id).executeTakeFirstOrThrow();
  assert.equal(row.state, 'in_progress');
  assert.equal(row.status, 'in_progress');
  // Back in the queue of the clerk who closed it, with the reporter's reason in the history.
  await ordnungsamt.goto(`${base}/verwaltung/maengel?state=open`);
  await assertPageOk(ordnungsamt);
  assert.ok(await ordnungsamt.getByRole('link', { name: sent.reference }).isVisible());
  const history = await t.services.db.selectFrom('case_events').select('body').where('case_id', '=', sent.caseId).where('kind', '=', 'report_reopened').executeTakeFirstOrThrow();
  assert.equal(history.body, 'Das Loch ist nur halb verfüllt.');
  // Nobody's name or address went to the public page on the way.
  await reporter.goto(`${base}/maengelmelder/meldung/${sent.reference}`);
  await assertPageOk(reporter);
  const publicText = await reporter.content();
  for (const secret of ['Erika Melderin', REPORTER, 'Privatweg, bitte']) assert.ok(!publicText.includes(secret), `public page shows ${secret}`);
});

/** Clicks the only submit button of a form and waits for the page that follows. */
async function send(page: Page, form: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.locator(form).locator('button[type="submit"], button:not([type])').first().click()]);
  await page.waitForLoadState('load');
  await assertPageOk(page);
}

test('following a report, a contractor\'s answer and "Meine Meldungen", each through the link in its mail', async () => {
  const NEIGHBOUR = 'nachbar.e2e@example.org';
  const pothole = await reportsOf(t.services).category(tenant.id, { code: 'beleuchtung' });
  const sent = await reportsOf(t.services).submit(tenant, { categoryId: pothole?.id as string, lat: 51.9433, lng: 9.0811, address: 'Am Markt 2', description: 'Laterne ist dunkel.', attributes: { stoerung: 'aus' }, email: REPORTER, locale: 'de', source: 'web' });
  assert.ok(sent.ok);

  // A neighbour follows it (double opt-in).
  const neighbour = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await neighbour.goto(`${base}/maengelmelder/meldung/${sent.reference}/folgen`);
  await assertPageOk(neighbour);
  await neighbour.locator('input[name="email"]').fill(NEIGHBOUR);
  await neighbour.locator('input[name="privacy"]').check();
  await send(neighbour, 'form[action$="/folgen"]');
  const confirm = await smtp.waitFor((m) => m.to.includes(NEIGHBOUR) && m.subject.includes(sent.reference));
  await neighbour.goto(`${base}${linkIn(confirm.text, '/maengelmelder/abo/')}`);
  await assertPageOk(neighbour);
  await send(neighbour, 'main form[method="post"]');

  // The clerk sends it to the street-lighting contractor, who answers through the link in the order mail.
  const clerk = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await staffLogin(clerk, base, 'bauhof@musterstadt.example');
  await openReport(clerk, sent.reference);
  const order = clerk.locator('form[action$="/auftrag"]');
  await order.locator('select[name="contractor"]').selectOption({ label: 'Lichttechnik Lippe GmbH (Straßenbeleuchtung)' });
  await order.locator('textarea[name="instructions"]').fill('Bitte Leuchtmittel tauschen.');
  await send(clerk, 'form[action$="/auftrag"]');
  const orderMail = await smtp.waitFor((m) => m.to.includes('stoerung@lichttechnik-lippe.example'));
  assert.ok(!orderMail.text.includes(REPORTER), 'the contractor gets nothing of the reporter');
  const contractor = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await contractor.goto(`${base}${linkIn(orderMail.text, '/maengelmelder/auftrag/')}`);
  await assertPageOk(contractor);
  await contractor.locator('input[name="outcome"][value="done"]').check();
  await contractor.locator('textarea[name="remark"]').fill('Leuchtmittel getauscht.');
  await send(contractor, 'main form[method="post"]');
  // The order moved the report to "in progress": reporter and follower hear of it; the follower can unsubscribe.
  const news = await smtp.waitFor((m) => m.to.includes(NEIGHBOUR) && m.subject.startsWith(`Neuigkeiten zur Meldung ${sent.reference}: In Bearbeitung`));
  await neighbour.goto(`${base}${linkIn(news.text, '/maengelmelder/abo/')}`);
  await assertPageOk(neighbour);
  await send(neighbour, 'main form[method="post"]');
  assert.equal(await t.services.db.selectFrom('report_subscriptions').select('id').where('report_id', '=', sent.id).executeTakeFirst(), undefined);

  // "Meine Meldungen": the reporter asks for the link and sees both reports.
  const reporter = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await reporter.goto(`${base}/maengelmelder/meine`);
  await assertPageOk(reporter);
  await reporter.locator('input[name="email"]').fill(REPORTER);
  await send(reporter, 'form[action="/maengelmelder/meine"]');
  const mine = await smtp.waitFor((m) => m.to.includes(REPORTER) && m.subject.includes('Ihre Meldungen'));
  await reporter.goto(`${base}${linkIn(mine.text, '/maengelmelder/meine/')}`);
  await assertPageOk(reporter);
  assert.match(await reporter.locator('main').innerText(), new RegExp(sent.reference));
});

test('a complaint: sent by a citizen, acknowledged and answered by the Hauptamt, with a mail each time', async () => {
  const CITIZEN = 'beschwerde.e2e@example.org';
  const citizen = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await citizen.goto(`${base}/beschwerde`);
  await assertPageOk(citizen);
  await citizen.locator('input[name="topic"]').first().check();
  await citizen.locator('textarea[name="text"]').fill('Die Wartezeit im Bürgerbüro war über zwei Stunden.');
  await citizen.locator('input[name="email"]').fill(CITIZEN);
  await citizen.locator('input[name="privacy"]').check();
  await send(citizen, 'form[action="/beschwerde"]');
  await Promise.all([citizen.waitForLoadState('load'), citizen.locator('button[name="aktion"][value="absenden"]').click()]);
  await citizen.waitForURL(/\/beschwerde\/bestaetigung$/);
  await assertPageOk(citizen);
  const reference = (await citizen.locator('main').innerText()).match(/BS-[0-9A-Z]{5}-[0-9A-Z]/)?.[0];
  assert.ok(reference, 'the confirmation shows the reference');
  await smtp.waitFor((m) => m.to.includes(CITIZEN) && m.subject.includes(reference));

  const clerk = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await staffLogin(clerk, base, 'hauptamt@musterstadt.example');
  await clerk.goto(`${base}/verwaltung/beschwerden`);
  await assertPageOk(clerk);
  await Promise.all([clerk.waitForURL(/\/verwaltung\/beschwerden\/[0-9a-f-]{36}$/), clerk.getByRole('link', { name: reference }).click()]);
  await assertPageOk(clerk);
  await send(clerk, 'form[action$="/eingang"]');
  await smtp.waitFor((m) => m.to.includes(CITIZEN) && m.subject.includes('Neue Nachricht'));
  await clerk.locator('textarea[name="answer"]').fill('Wir haben eine zusätzliche Kraft im Bürgerbüro eingeplant. Entschuldigen Sie bitte die Wartezeit.');
  await send(clerk, 'form[action$="/antwort"]');
  const answer = await smtp.waitFor((m) => m.to.includes(CITIZEN) && m.subject.includes('Erledigt'));
  assert.match(answer.text, /zusätzliche Kraft/);
});
