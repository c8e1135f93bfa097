/**
 * The Kasse's payment pages over HTTP: who may see them, the list and its
 * filters, the file of one payment, reconciliation with the Test-Kasse,
 * refunds (full, partial, too much, bad input) with the note to the citizen,
 * and the manual booking of a transfer to an invoice.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import { browserFor, kasseTestApp, KASSE_EMAIL, payOnline, startPayment } from './test-helpers.ts';

let t: TestApp;
let app: FastifyInstance;
let tenantId: string;
let kasse: StaffActor;

before(async () => {
  ({ t, app, tenantId, kasse } = await kasseTestApp());
});
after(async () => t.close());

const detailPath = (id: string) => `/verwaltung/zahlungen/${id}`;
const digits = (kassenzeichen: string) => kassenzeichen.replace(/\D/g, '');

async function paymentRow(id: string) {
  return t.services.db.selectFrom('payments').select(['status', 'received_cents', 'refunded_cents', 'needs_review', 'method']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
}

async function lastAudit(action: string) {
  return t.services.db.selectFrom('audit_log').select(['actor_id', 'object_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('id', 'desc').executeTakeFirst();
}

test('only the Kasse and administrators see the payment pages', async () => {
  const payment = await startPayment(t, tenantId, 1500);
  const clerk = await browserFor(t, app, 'buergerbuero@musterstadt.example');
  for (const path of ['/verwaltung/zahlungen', detailPath(payment.id), '/verwaltung/zahlungen/kontoauszug', '/verwaltung/zahlungen/kontoauszug/klaeren', '/verwaltung/zahlungen/export', '/verwaltung/zahlungen/export.csv?tag=2026-03-02']) {
    assert.equal((await clerk.get(path)).statusCode, 403, `${path} is closed to a Sachbearbeiterin`);
  }
  const inbox = await clerk.get('/verwaltung');
  assert.doesNotMatch(inbox.body, /href="\/verwaltung\/zahlungen"/, 'no navigation entry without the permission');
  assert.equal((await clerk.post(`${detailPath(payment.id)}/abgleich`, {})).statusCode, 403);
  await clerk.get('/verwaltung');
  assert.equal((await clerk.post(`${detailPath(payment.id)}/erstattung`, { refundAmount: '1', refundReason: 'x' })).statusCode, 403);

  const anonymous = new TestBrowser(app);
  const redirected = await anonymous.get('/verwaltung/zahlungen');
  assert.equal(redirected.statusCode, 303);
  assert.match(String(redirected.headers.location), /^\/verwaltung\/anmelden/);

  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const list = await cashier.get('/verwaltung/zahlungen');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /href="\/verwaltung\/zahlungen"[^>]*>\s*Zahlungen/, 'the navigation links the payments');
  assert.equal((await cashier.get(detailPath(payment.id))).statusCode, 200);
  assert.equal((await cashier.get('/verwaltung/zahlungen/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  assert.equal((await cashier.get('/verwaltung/zahlungen/keine-id')).statusCode, 400);

  const admin = await browserFor(t, app, 'admin@musterstadt.example');
  assert.equal((await admin.get('/verwaltung/zahlungen')).statusCode, 200);
});

test('the list filters by status group, payment route, date and Kassenzeichen, with exact sums', async () => {
  const invoice = await startPayment(t, tenantId, 2000, { invoice: true, purpose: 'Rechnung Sondernutzung' });
  const paid = await payOnline(t, await startPayment(t, tenantId, 3333, { purpose: 'Führungszeugnis' }));
  const failed = await startPayment(t, tenantId, 700);
  await t.services.payments.applyReport(tenantId, failed.id, { status: 'failed', amountCents: 0, currency: 'EUR' }, 'callback');
  const mismatch = await startPayment(t, tenantId, 1000);
  await t.services.payments.applyReport(tenantId, mismatch.id, { status: 'paid', amountCents: 100, currency: 'EUR' }, 'callback');
  const cashier = await browserFor(t, app, KASSE_EMAIL);

  const start = await cashier.get('/verwaltung/zahlungen');
  assert.match(start.body, /href="\/verwaltung\/zahlungen\?status=offen&(amp;)?weg=invoice"[^>]*>Offene Posten/, 'open items are one click away');

  const openItems = await cashier.get('/verwaltung/zahlungen?status=offen&weg=invoice');
  assert.equal(openItems.statusCode, 200);
  assert.match(openItems.body, new RegExp(invoice.kassenzeichen.replaceAll('.', '\\.')));
  for (const other of [paid, failed, mismatch]) assert.doesNotMatch(openItems.body, new RegExp(other.kassenzeichen.replaceAll('.', '\\.')));
  assert.match(openItems.body, /Rechnung Sondernutzung/);
  assert.match(openItems.body, /20,00 €/);

  const paidList = await cashier.get('/verwaltung/zahlungen?status=bezahlt');
  assert.match(paidList.body, new RegExp(paid.kassenzeichen.replaceAll('.', '\\.')));
  assert.doesNotMatch(paidList.body, new RegExp(invoice.kassenzeichen.replaceAll('.', '\\.')));
  assert.match(paidList.body, /33,33 €/);

  const failedList = await cashier.get('/verwaltung/zahlungen?status=gescheitert');
  assert.match(failedList.body, new RegExp(failed.kassenzeichen.replaceAll('.', '\\.')));
  assert.match(failedList.body, /fehlgeschlagen/);

  const review = await cashier.get('/verwaltung/zahlungen?status=pruefen');
  assert.match(review.body, new RegExp(mismatch.kassenzeichen.replaceAll('.', '\\.')));
  assert.doesNotMatch(review.body, new RegExp(paid.kassenzeichen.replaceAll('.', '\\.')));
  assert.match(review.body, /zu prüfen/);

  const byReference = await cashier.get(`/verwaltung/zahlungen?kz=${encodeURIComponent(digits(paid.kassenzeichen))}`);
  assert.match(byReference.body, /1 Zahlungen gefunden/);
  assert.match(byReference.body, /Summe dieser 1 Zahlungen: 33,33 € gefordert, 33,33 € eingegangen, 0,00 € erstattet\./);

  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const withDates = await cashier.get(`/verwaltung/zahlungen?weg=invoice&von=${today}&bis=${today}`);
  assert.match(withDates.body, new RegExp(invoice.kassenzeichen.replaceAll('.', '\\.')));
  assert.match((await cashier.get('/verwaltung/zahlungen?von=2001-01-01&bis=2001-01-02')).body, /Keine Zahlungen gefunden/);

  const bad = await cashier.get('/verwaltung/zahlungen?von=2026-02-30&bis=2026-01-01');
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#field-von"/);
  const reversed = await cashier.get('/verwaltung/zahlungen?von=2026-03-02&bis=2026-03-01');
  assert.equal(reversed.statusCode, 422);
  assert.match(reversed.body, /darf nicht vor/);
  assert.equal((await cashier.get('/verwaltung/zahlungen?status=irgendwas')).statusCode, 400);
});

test('the payment file shows the history and what needs a look, in German', async () => {
  const mismatch = await startPayment(t, tenantId, 1000);
  await t.services.payments.applyReport(tenantId, mismatch.id, { status: 'paid', amountCents: 990, currency: 'EUR' }, 'callback');
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const page = await cashier.get(detailPath(mismatch.id));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Bitte prüfen/);
  assert.match(page.body, /meldet 9,90 € als bezahlt, angefordert waren 10,00 €/);
  assert.match(page.body, /Rückmeldung des Zahlungsdienstes/, 'the history names the source');
  assert.match(page.body, /angelegt → offen/);
  assert.match(page.body, /Beim Zahlungsdienst abfragen/);
  assert.doesNotMatch(page.body, /name="refundAmount"/, 'nothing to refund before it is paid');

  const invoice = await startPayment(t, tenantId, 4000, { invoice: true });
  await t.services.db.transaction().execute((tx) => t.services.payments.bookTransfer(tx, tenantId, invoice.id, 1500, 'CAMT.053 2026-03-02 Teilzahlung', null));
  const partial = await cashier.get(detailPath(invoice.id));
  assert.match(partial.body, /Es ist erst ein Teil des Betrags eingegangen; offen sind noch 25,00 €/);
  assert.match(partial.body, /Rechnungen werden per Überweisung bezahlt/, 'no provider to ask for an invoice');
  assert.match(partial.body, /Bank \(Überweisung\)/);
  assert.match(partial.body, /name="bookAmount"/);
});

test('reconciliation takes over what the Test-Kasse says, and explains when it cannot ask', async () => {
  const payment = await startPayment(t, tenantId, 1250);
  const cashier = await browserFor(t, app, KASSE_EMAIL);

  await cashier.get(detailPath(payment.id));
  const same = await cashier.post(`${detailPath(payment.id)}/abgleich`, {});
  assert.equal(same.statusCode, 200);
  assert.match(same.body, /Der Zahlungsdienst bestätigt den Stand, den wir verbucht haben/);

  // Paid at the provider, but the callback never reached us.
  await t.services.db.updateTable('testkasse_transactions').set({ status: 'paid', method: 'paypal', paid_at: new Date() }).where('id', '=', payment.providerRef as string).execute();
  const changed = await cashier.post(`${detailPath(payment.id)}/abgleich`, {});
  assert.equal(changed.statusCode, 200);
  assert.match(changed.body, /meldet einen anderen Stand; wir haben ihn übernommen/);
  assert.match(changed.body, /<td class="kern-table__cell">offen<\/td><td class="kern-table__cell">bezahlt<\/td>/);
  assert.equal((await paymentRow(payment.id)).status, 'paid');
  const audited = await lastAudit('payment.reconcile');
  assert.equal(audited?.object_id, payment.id);
  assert.deepEqual(audited?.details, { from: 'pending', to: 'paid', review: false });

  // The provider no longer knows the transaction: a clear message, not an error page.
  const lost = await startPayment(t, tenantId, 800);
  await t.services.db.deleteFrom('testkasse_transactions').where('id', '=', lost.providerRef as string).execute();
  await cashier.get(detailPath(lost.id));
  const refused = await cashier.post(`${detailPath(lost.id)}/abgleich`, {});
  assert.equal(refused.statusCode, 502);
  assert.match(refused.body, /Der Zahlungsdienst hat die Abfrage abgelehnt/);
  assert.match(refused.body, /href="#field-reconcile"/);
  assert.equal((await paymentRow(lost.id)).status, 'pending');

  const invoice = await startPayment(t, tenantId, 800, { invoice: true });
  await cashier.get(detailPath(invoice.id));
  const none = await cashier.post(`${detailPath(invoice.id)}/abgleich`, {});
  assert.equal(none.statusCode, 409);
});

test('refunds: bad input field by field, too much, partial, then the rest; the citizen sees it in the Vorgang', async () => {
  const unit = await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  const tenant = (await t.services.tenants.bySlug('musterstadt'))!;
  const kase = await t.services.cases.createCase(tenant, { type: 'contact', unitId: unit.id, subject: 'Gebühr', data: {}, contact: { name: 'Erika Mustermann', email: 'erika@example.org' }, locale: 'de' });
  const payment = await payOnline(t, await startPayment(t, tenantId, 3500, { caseId: kase.id, payerEmail: 'erika@example.org' }));
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const refundPath = `${detailPath(payment.id)}/erstattung`;

  const form = await cashier.get(detailPath(payment.id));
  assert.match(form.body, /Noch erstattbar: 35,00 €/);
  assert.match(form.body, new RegExp(`href="/verwaltung/vorgaenge/${kase.id}"`));

  const empty = await cashier.post(refundPath, { refundAmount: '', refundReason: '' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /href="#field-refundAmount"/);
  assert.match(empty.body, /href="#field-refundReason"/);
  assert.match(empty.body, /<title>Fehler:/);
  const garbled = await cashier.post(refundPath, { refundAmount: '12,505', refundReason: 'Doppelt bezahlt' });
  assert.equal(garbled.statusCode, 422);
  assert.match(garbled.body, /zum Beispiel 12,50/);
  assert.match(garbled.body, /name="refundReason"[^>]*>Doppelt bezahlt</, 'what was typed is kept');
  const zero = await cashier.post(refundPath, { refundAmount: '0', refundReason: 'x' });
  assert.equal(zero.statusCode, 422);
  assert.match(zero.body, /größer als 0 Euro/);
  const tooMuch = await cashier.post(refundPath, { refundAmount: '35,01', refundReason: 'Zu viel' });
  assert.equal(tooMuch.statusCode, 422);
  assert.match(tooMuch.body, /Es können höchstens 35,00 € erstattet werden/);
  assert.equal((await paymentRow(payment.id)).refunded_cents, 0);

  const partial = await cashier.post(refundPath, { refundAmount: '12,50', refundReason: 'Gebühr ermäßigt' });
  assert.equal(partial.statusCode, 303);
  assert.equal(partial.headers.location, detailPath(payment.id));
  assert.deepEqual(await paymentRow(payment.id), { status: 'partially_refunded', received_cents: 3500, refunded_cents: 1250, needs_review: null, method: 'creditcard' });
  const shown = await cashier.get(detailPath(payment.id));
  assert.match(shown.body, /12,50 € erstattet\./, 'flash');
  assert.match(shown.body, /Gebühr ermäßigt/);
  assert.match(shown.body, /Noch erstattbar: 22,50 €/);
  const testkasse = await t.services.db.selectFrom('testkasse_transactions').select('refunded_cents').where('id', '=', payment.providerRef as string).executeTakeFirstOrThrow();
  assert.equal(testkasse.refunded_cents, 1250, 'the provider refunded it');
  const audited = await lastAudit('payment.refund');
  assert.equal(audited?.actor_id, kasse.userId);
  const note = await t.services.db.selectFrom('case_events').select(['kind', 'body', 'visible_to_citizen']).where('case_id', '=', kase.id).where('kind', '=', 'payment').executeTakeFirstOrThrow();
  assert.equal(note.visible_to_citizen, true);
  assert.equal(note.body, `Wir haben Ihnen 12,50 € erstattet (Kassenzeichen ${payment.kassenzeichen}). Grund: Gebühr ermäßigt`);
  const mail = await t.services.db.selectFrom('mails').select(['to_address', 'template', 'text_body']).where('tenant_id', '=', tenantId).where('template', '=', 'payment.refunded').executeTakeFirstOrThrow();
  assert.equal(mail.to_address, 'erika@example.org', 'and by mail');
  assert.match(mail.text_body, /Gebühr ermäßigt/);

  const rest = await cashier.post(refundPath, { refundAmount: '22,5', refundReason: 'Antrag zurückgenommen' });
  assert.equal(rest.statusCode, 303);
  assert.deepEqual(await paymentRow(payment.id), { status: 'refunded', received_cents: 3500, refunded_cents: 3500, needs_review: null, method: 'creditcard' });
  const done = await cashier.get(detailPath(payment.id));
  assert.doesNotMatch(done.body, /name="refundAmount"/, 'nothing left to refund');
  const again = await cashier.post(refundPath, { refundAmount: '1', refundReason: 'noch einmal' });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Nur bezahlte Zahlungen können erstattet werden/);
});

test('a refund the provider refuses changes nothing and says so', async () => {
  const payment = await payOnline(t, await startPayment(t, tenantId, 900));
  await t.services.db.updateTable('testkasse_transactions').set({ status: 'failed' }).where('id', '=', payment.providerRef as string).execute();
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  await cashier.get(detailPath(payment.id));
  const refused = await cashier.post(`${detailPath(payment.id)}/erstattung`, { refundAmount: '9', refundReason: 'Storno' });
  assert.equal(refused.statusCode, 502);
  assert.match(refused.body, /Der Zahlungsdienst hat die Erstattung nicht ausgeführt; es wurde nichts erstattet/);
  assert.equal((await paymentRow(payment.id)).refunded_cents, 0);
});

test('a transfer to an invoice is booked by hand: part payment flagged, the rest settles it, audited', async () => {
  const invoice = await startPayment(t, tenantId, 2000, { invoice: true });
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const bookPath = `${detailPath(invoice.id)}/eingang`;
  await cashier.get(detailPath(invoice.id));

  const bad = await cashier.post(bookPath, { bookAmount: 'zwölf', bookNote: '' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#field-bookAmount"/);
  assert.match(bad.body, /href="#field-bookNote"/);

  assert.equal((await cashier.post(bookPath, { bookAmount: '12,50', bookNote: 'Bareinzahlung Quittung 17' })).statusCode, 303);
  assert.deepEqual(await paymentRow(invoice.id), { status: 'pending', received_cents: 1250, refunded_cents: 0, needs_review: 'partial: 750 open', method: null });
  assert.match((await cashier.get(detailPath(invoice.id))).body, /offen sind noch 7,50 €/);

  assert.equal((await cashier.post(bookPath, { bookAmount: '7,50', bookNote: 'Überweisung vom 3.3.' })).statusCode, 303);
  assert.deepEqual(await paymentRow(invoice.id), { status: 'paid', received_cents: 2000, refunded_cents: 0, needs_review: null, method: 'transfer' });
  const shown = await cashier.get(detailPath(invoice.id));
  assert.match(shown.body, /Die Rechnung ist damit bezahlt/);
  assert.match(shown.body, /Bareinzahlung Quittung 17/, 'the note is in the history');
  assert.ok(shown.body.includes(`<td class="kern-table__cell">${kasse.displayName}</td>`), 'the history names who booked it');
  const audited = await lastAudit('payment.book');
  assert.deepEqual(audited?.details, { amountCents: 750, becamePaid: true });

  const closed = await cashier.post(bookPath, { bookAmount: '1', bookNote: 'noch was' });
  assert.equal(closed.statusCode, 409);
  assert.match(closed.body, /nicht mehr offen/);

  const online = await startPayment(t, tenantId, 500);
  await cashier.get(detailPath(online.id));
  assert.equal((await cashier.post(`${detailPath(online.id)}/eingang`, { bookAmount: '5', bookNote: 'x' })).statusCode, 409, 'only invoices are booked by hand');
});
