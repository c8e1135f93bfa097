/**
 * The Sitzungsdienst in a real browser with real mail over SMTP: the
 * Ratsbüro prepares a meeting (an agenda item with a paper), sends the
 * invitation (the members' mails arrive at the SMTP server, an outsider's
 * does not) and records a result. Every office page kind, including a form
 * with errors, passes the page checks (axe, CSP, one h1). The public
 * meeting page shows the agenda, the OParl meeting the result with a newer
 * `modified`; neither shows the non-public item's name.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage, staffLogin } from './support/browser.ts';
import { startSmtp, type TestMailbox } from './support/smtp.ts';
import { savePaper } from '../../src/modules/council/office/sitzungsdienst.service.ts';
import { createOfficeFixture, officeActorFor, testPdf, type OfficeFixture } from '../../src/modules/council/office/test-fixtures.ts';

const O = '/verwaltung/sitzungsdienst';
let t: TestApp;
let smtp: TestMailbox;
let browser: Browser;
let base: string;
let fx: OfficeFixture;
let paperId: string;
const reference = `E2E/${Math.floor(Math.random() * 9000 + 1000)}`;

before(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  fx = await createOfficeFixture(t.services, await officeActorFor(t.services, 'ratsbuero@musterstadt.example'));
  const paper = await savePaper(t.services, fx.actor, null, { name: `Neubau Feuerwache ${fx.tag}`, reference, paperType: 'Beschlussvorlage', date: '2027-02-01', public: true, originatorPersonIds: [], originatorOrganizationIds: [], directionOrganizationId: null }, { content: await testPdf('Drehleiter'), fileName: 'feuerwache.pdf', published: true });
  assert.ok(paper.ok);
  paperId = paper.id;
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://localhost:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.stop();
});

async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${base}${path}`);
  assert.equal(response?.status(), 200, path);
  await assertPageOk(page);
}

async function press(page: Page, name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.getByRole('button', { name }).first().click()]);
}

test('the Ratsbüro prepares a meeting, invites by mail and records a result; the public page and OParl follow', async () => {
  const page = await newMonitoredPage(await newContext(browser, { javaScript: true }), { javaScript: true });
  await staffLogin(page, base, 'ratsbuero@musterstadt.example');
  await visit(page, O);

  // A meeting form sent half-filled: the error state.
  await visit(page, `${O}/sitzungen/neu`);
  await press(page, 'Speichern');
  assert.match(await page.locator('#error-summary').innerText(), /Bitte/);
  await assertPageOk(page);

  await page.locator('#field-name').fill(`5. Sitzung ${fx.tag}`);
  await page.locator('#field-gremium1').selectOption(fx.gremiumId);
  await page.locator('#field-tag').fill('2027-06-17');
  await page.locator('#field-beginn').fill('17:30');
  await page.locator('#field-ort').selectOption(fx.locationId);
  await press(page, 'Speichern');
  assert.match(page.url(), /\/sitzungen\/[0-9a-f-]{36}$/);
  await assertPageOk(page);
  const meetingPath = new URL(page.url()).pathname;

  // The agenda: a public item with the paper, then a non-public one.
  const addForm = page.locator(`form[action$="/tagesordnung"]`);
  await addForm.locator('#field-name').fill(`Feuerwache ${fx.tag}`);
  await addForm.locator('#field-vorlage').selectOption(paperId);
  await press(page, 'Punkt hinzufügen');
  await addForm.locator('#field-name').fill(`Personalangelegenheit ${fx.tag}`);
  await addForm.locator('input[name="teil"][value="nichtoeffentlich"]').check();
  await press(page, 'Punkt hinzufügen');
  await assertPageOk(page);
  assert.match(await page.locator('.rathaus-agenda').first().innerText(), new RegExp(`Ö 1 Feuerwache ${fx.tag}`));

  await press(page, 'Jetzt einladen');
  await assertPageOk(page);
  for (const member of fx.members) {
    const mail = await smtp.waitFor((m) => m.to.includes(member.email));
    assert.match(mail.subject, new RegExp(`Einladung: 5. Sitzung ${fx.tag}`));
    assert.match(mail.text, new RegExp(`Feuerwache ${fx.tag}`));
    assert.match(mail.text, new RegExp(`Personalangelegenheit ${fx.tag}`));
    assert.match(mail.text, new RegExp(`/verwaltung/mandat/sitzungen/`));
  }
  assert.ok(!smtp.messages().some((m) => m.to.includes(fx.outsider.email) || m.to.includes(fx.formerMember.email)), 'no mail to non-members');

  // OParl before the result: the meeting as a machine sees it.
  const meetingId = meetingPath.split('/').pop() as string;
  const oparlMeeting = async (): Promise<{ modified: string; agendaItem?: { name: string; resolutionText?: string }[] }> => {
    const response = await fetch(`${base}/oparl/v1.1/meeting/${meetingId}`);
    assert.equal(response.status, 200);
    return (await response.json()) as { modified: string; agendaItem?: { name: string; resolutionText?: string }[] };
  };
  const before = await oparlMeeting();
  assert.deepEqual(before.agendaItem?.map((i) => i.name), [`Feuerwache ${fx.tag}`], 'OParl shows the public item only');
  // Stamps are whole seconds: let the clock pass the second of the last change, so "updated" is measurable.
  const beforeMs = Date.parse(before.modified);
  while (Math.floor(Date.now() / 1000) <= Math.floor(beforeMs / 1000)) await new Promise((resolve) => setTimeout(resolve, 100));

  // The result of the public item.
  const item = page.locator('.rathaus-agenda__item').first();
  await item.locator('summary').click();
  await item.locator('select[name^="ergebnis-"]').selectOption('beschlossen');
  await item.locator('textarea[name^="beschluss-"]').fill('Der Ausschuss empfiehlt den Neubau.');
  await Promise.all([page.waitForNavigation(), item.getByRole('button', { name: /Ergebnis zu Ö 1 speichern/ }).click()]);
  await assertPageOk(page);
  assert.match(await page.locator('.rathaus-agenda').first().innerText(), /beschlossen/);
  assert.equal(new URL(page.url()).pathname, meetingPath);

  // The public page and OParl reflect it, with a newer `modified`; the non-public item stays a number.
  const after = await oparlMeeting();
  assert.ok(Date.parse(after.modified) > beforeMs, `OParl modified moved on (${before.modified} → ${after.modified})`);
  assert.equal(after.agendaItem?.[0]?.resolutionText, 'Der Ausschuss empfiehlt den Neubau.');
  assert.ok(!JSON.stringify(after).includes('Personalangelegenheit'), 'the non-public item is not in OParl');
  const publicPage = await (await newContext(browser, { javaScript: false })).newPage();
  await publicPage.goto(`${base}/ratsinfo/sitzungen/${meetingId}`);
  const publicText = await publicPage.locator('main').innerText();
  // Results show on the public page once the meeting is marked held (office.routes.test.ts); the agenda and state already do.
  assert.match(publicText, new RegExp(`Ö 1 Feuerwache ${fx.tag}`));
  assert.match(publicText, /eingeladen/);
  assert.match(publicText, /nicht öffentlich/);
  assert.doesNotMatch(publicText, new RegExp(`Personalangelegenheit ${fx.tag}`));
  await publicPage.close();

  // The other page kinds (one of each template: lists share theirs, as do the terms and locations pages).
  for (const path of [`${O}/vorlagen`, `${O}/vorlagen/${paperId}`, `${O}/personen`, `${O}/personen/${fx.members[0]?.id}`, `${O}/gremien/${fx.gremiumId}`, `${O}/orte`]) await visit(page, path);
});
