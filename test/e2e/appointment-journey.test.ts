/**
 * The acceptance journey of the Terminbuchung through the real server, a real
 * browser and a real SMTP server: a new user chooses a concern, a day and a
 * time, enters their details, confirms with the e-mail link, gets the
 * calendar entry and the reminder, moves the appointment and cancels it.
 * Once with JavaScript (ALTCHA solves its proof of work; axe on every page)
 * and once without (the hold then counts against the unverified budget).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { startSmtp, type Mail, type TestMailbox } from './support/smtp.ts';
import { assertPageOk, launchBrowser, newContext, newMonitoredPage } from './support/browser.ts';
import { follow, submit } from './support/journey.ts';

const REFERENCE = /TB-[A-Z2-9]{5}-[A-Z2-9]/;

let server: RunningServer;
let smtp: TestMailbox;
let browser: Browser;

before(async () => {
  smtp = await startSmtp();
  // Reminders a week ahead, so the appointment booked here (from tomorrow on) gets one within a minute.
  [server, browser] = await Promise.all([startServer({ env: { SMTP_URL: smtp.url }, settings: { 'appointments.reminderHours': 168 } }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

const mailTo = (email: string, subject: RegExp, timeoutMs?: number): Promise<Mail> => smtp.waitFor((m) => m.to.includes(email) && subject.test(m.subject), timeoutMs);

/** The first link in a mail's text that starts with the server's URL and the path. */
function linkIn(mail: Mail, path: string): string {
  const url = new RegExp(`${server.baseUrl}${path}[A-Za-z0-9_-]{32}`).exec(mail.text)?.[0];
  assert.ok(url, `the mail "${mail.subject}" links ${path}`);
  return url;
}

/** Decoded calendar part of a mail (nodemailer sends it as text/calendar, maybe base64 or quoted-printable). */
function calendarOf(mail: Mail): string {
  const raw = mail.raw;
  const start = raw.search(/Content-Type: text\/calendar/i);
  assert.ok(start >= 0, 'the mail has a text/calendar part');
  const section = raw.slice(start, raw.indexOf('\r\n--', start));
  const [headers = '', body = ''] = section.split(/\r\n\r\n/);
  if (/base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

async function check(page: Page, javaScript: boolean): Promise<void> {
  await assertPageOk(page, { axe: javaScript });
}

async function journey(javaScript: boolean): Promise<void> {
  const context = await newContext(browser, { javaScript });
  const page = await newMonitoredPage(context, { javaScript });
  const email = `termin-${javaScript ? 'js' : 'nojs'}-${randomBytes(3).toString('hex')}@example.org`;
  try {
    await page.goto(`${server.baseUrl}/termine`);
    await check(page, javaScript);
    await page.getByLabel(/^Meldebescheinigung.*: Anzahl Personen/).selectOption('1');
    await page.getByLabel('Personalausweis beantragen: Anzahl Personen').selectOption('2');
    await Promise.all([page.waitForURL(/\/termine\/kalender\?/), page.locator('main form button[type="submit"]').click()]);
    await check(page, javaScript);

    // The first day with free times, then its first time.
    await follow(page, page.locator('a.rathaus-calendar__link').first());
    await check(page, javaScript);
    // The two journeys run at once on the same server: they take times far enough apart not to compete for one place.
    const times = page.locator('input[type="radio"][name="start"]');
    await times.nth(javaScript ? 0 : Math.min(9, (await times.count()) - 1)).check();
    if (javaScript) {
      // ALTCHA starts its proof of work when the form gets focus; wait until the payload is in the form.
      await page.waitForFunction(() => ((document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value ?? '').length > 20, null, { timeout: 30_000 });
    }
    const held = await submit(page, page.getByRole('button', { name: 'Zeit reservieren' }));
    assert.equal(held.status(), 303);
    await check(page, javaScript);
    assert.match(await page.locator('main').innerText(), /für Sie reserviert bis \d{2}:\d{2} Uhr/);

    if (javaScript) {
      // The error state too: nothing filled in → error summary, still accessible.
      const invalid = await submit(page, page.getByRole('button', { name: 'Weiter' }));
      assert.equal(invalid.status(), 422);
      await check(page, javaScript);
      assert.equal(await page.locator('#error-summary a').count(), 3, 'name, e-mail and the terms are missing');
    }
    await page.locator('input[name="name"]').fill('Erika Mustermann');
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="terms"]').check();
    await submit(page, page.getByRole('button', { name: 'Weiter' }));
    await check(page, javaScript);
    assert.match(await page.locator('main').innerText(), /Erika Mustermann/);
    await submit(page, page.getByRole('button', { name: 'Termin verbindlich anfragen' }));
    await check(page, javaScript);
    const reference = REFERENCE.exec(await page.locator('main').innerText())?.[0];
    assert.ok(reference, 'the "please confirm" page shows the booking number');

    // Double opt-in: the link opens a page with a button.
    const confirmMail = await mailTo(email, /Bitte bestätigen Sie Ihren Termin/);
    await page.goto(linkIn(confirmMail, '/termine/bestaetigen/'));
    await check(page, javaScript);
    await submit(page, page.getByRole('button', { name: 'Termin verbindlich bestätigen' }));
    await check(page, javaScript);
    assert.match(await page.locator('main').innerText(), /Bestätigt/);
    const managePath = new URL(page.url()).pathname;

    const confirmed = await mailTo(email, /^Terminbestätigung/);
    assert.ok(confirmed.text.includes(reference));
    const invite = calendarOf(confirmed);
    assert.match(invite, /METHOD:REQUEST/);
    assert.match(invite, new RegExp(`UID:${reference}@localhost`));
    assert.match(invite, /SEQUENCE:0/);
    assert.match(confirmed.raw, /filename="?termin\.ics"?/i, 'also attached as a file');
    const ics = await page.request.get(`${server.baseUrl}${managePath}/termin.ics`);
    assert.equal(ics.status(), 200);
    assert.match(await ics.text(), new RegExp(`UID:${reference}@localhost`));

    const reminder = await mailTo(email, /^Erinnerung an Ihren Termin/, 90_000);
    assert.ok(reminder.text.includes(managePath), 'the reminder carries the cancel link');

    // Move it to another time.
    await follow(page, page.getByRole('link', { name: 'Termin verschieben' }));
    await check(page, javaScript);
    await follow(page, page.locator('a.rathaus-calendar__link').last());
    await check(page, javaScript);
    const later = page.locator('input[type="radio"][name="start"]');
    const count = await later.count();
    await later.nth(javaScript ? count - 1 : Math.max(0, count - 8)).check();
    await submit(page, page.getByRole('button', { name: 'Auf diese Zeit verschieben' }));
    await check(page, javaScript);
    assert.match(await page.locator('main').innerText(), /verschoben/);
    const moved = await mailTo(email, /wurde verlegt/);
    assert.match(calendarOf(moved), /SEQUENCE:1/);

    // And cancel it.
    await follow(page, page.getByRole('link', { name: 'Termin absagen' }));
    await check(page, javaScript);
    await submit(page, page.getByRole('button', { name: 'Ja, Termin absagen' }));
    await check(page, javaScript);
    assert.match(await page.locator('main').innerText(), /Abgesagt/);
    const cancelled = await mailTo(email, /ist abgesagt/);
    const cancel = calendarOf(cancelled);
    assert.match(cancel, /METHOD:CANCEL/);
    assert.match(cancel, /STATUS:CANCELLED/);
    assert.match(cancel, /SEQUENCE:2/);
  } finally {
    await context.close();
  }
}

test('a new user books, confirms, gets the .ics and the reminder, reschedules and cancels – with and without JavaScript', async () => {
  await Promise.all([journey(true), journey(false)]);
});
