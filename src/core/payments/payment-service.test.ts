/**
 * The payment core against a real database and the built-in Test-Kasse,
 * through the HTTP endpoints providers use: callbacks replayed, out of order,
 * forged; a late success after a failure; expiry of abandoned payments;
 * refunds; an amount that does not match; and the application journey's
 * cancel/failure/retry paths with nothing lost.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';
import { staffBrowser } from '../../../test/support/staff.ts';
import { signTestkasse, TESTKASSE_SIGNATURE_HEADER } from './providers/testkasse.ts';
import { testkasseSecret } from './providers/index.ts';
import { journeyPath, payAtTestkasse, pathOf, fillForm } from '../../modules/portal/applications/test-journey.ts';
import { getForm, type FormDefinition } from '../../modules/portal/forms/engine.ts';
import type { StaffActor } from '../auth/policy.ts';

let t: TestApp;
let tenantId: string;
before(async () => {
  t = await createTestApp();
  tenantId = (await t.services.tenants.bySlug('musterstadt'))?.id as string;
});
after(async () => t.close());

const items = [{ description: 'Sterbeurkunde', quantity: 2, unitCents: 1200 }];

async function startPayment(payable: string) {
  const started = await t.services.payments.start(tenantId, { payable, purpose: 'Sterbeurkunde', items, returnPath: '/leistungen', locale: 'de' });
  assert.ok(started.ok && started.redirectUrl);
  return started;
}

/** The Test-Kasse decides (as its hosted page would) without the browser. */
async function decide(providerRef: string, status: 'paid' | 'failed' | 'cancelled') {
  await t.services.db.updateTable('testkasse_transactions').set({ status, method: 'creditcard', ...(status === 'paid' ? { paid_at: new Date() } : {}) }).where('id', '=', providerRef).execute();
}

async function callback(body: object, signature?: string) {
  const raw = JSON.stringify(body);
  return t.app.inject({
    method: 'POST',
    url: '/zahlung/rueckmeldung/testkasse',
    headers: { host: 'localhost', 'content-type': 'application/json', [TESTKASSE_SIGNATURE_HEADER]: signature ?? signTestkasse(testkasseSecret(t.config), raw) },
    payload: raw,
  });
}

async function events(paymentId: string) {
  return t.services.db.selectFrom('payment_events').select(['to_status', 'source']).where('payment_id', '=', paymentId).orderBy('id').execute();
}

test('a callback replayed five times books once; the Kassenzeichen carries a valid check digit', async () => {
  const { payment } = await startPayment('test:replay');
  assert.match(payment.kassenzeichen, /^51\.\d{4}\.\d{6}\.\d$/);
  await decide(payment.providerRef as string, 'paid');
  const body = { transaction: payment.providerRef, status: 'paid' };
  const answers = await Promise.all([1, 2, 3, 4, 5].map(() => callback(body)));
  for (const a of answers) assert.equal(a.statusCode, 200);
  const paid = (await events(payment.id)).filter((e) => e.to_status === 'paid');
  assert.equal(paid.length, 1, 'one booking');
  const row = await t.services.payments.get(tenantId, payment.id);
  assert.equal(row?.status, 'paid');
  assert.equal(row?.receivedCents, 2400);
  const logged = await t.services.db.selectFrom('payment_callbacks').select('verified').where('payment_id', '=', payment.id).execute();
  assert.equal(logged.length, 5, 'every callback is logged');
});

test('a bad signature, a tampered body or an unknown transaction is rejected and logged; nothing is booked', async () => {
  const { payment } = await startPayment('test:forged');
  await decide(payment.providerRef as string, 'paid');
  const body = { transaction: payment.providerRef, status: 'paid' };
  assert.equal((await callback(body, 'sha256=00')).statusCode, 401);
  assert.equal((await callback(body, signTestkasse('wrong-secret', JSON.stringify(body)))).statusCode, 401);
  const tampered = await t.app.inject({ method: 'POST', url: '/zahlung/rueckmeldung/testkasse', headers: { host: 'localhost', 'content-type': 'application/json', [TESTKASSE_SIGNATURE_HEADER]: signTestkasse(testkasseSecret(t.config), JSON.stringify(body)) }, payload: JSON.stringify({ ...body, status: 'failed' }) });
  assert.equal(tampered.statusCode, 401);
  assert.equal((await callback({ transaction: '00000000-0000-4000-8000-000000000000', status: 'paid' })).statusCode, 404);
  assert.equal((await t.app.inject({ method: 'POST', url: '/zahlung/rueckmeldung/paypal', headers: { host: 'localhost' }, payload: '{}' })).statusCode, 400, 'unknown provider');
  assert.equal((await t.services.payments.get(tenantId, payment.id))?.status, 'pending', 'forged callbacks book nothing');
  const rejected = await t.services.db.selectFrom('payment_callbacks').select(['outcome']).where('verified', '=', false).execute();
  assert.ok(rejected.filter((r) => r.outcome === 'bad-signature').length >= 3);
});

test('out of order and late: "failed" then "paid" ends paid; a stale "pending" or "failed" after "paid" changes nothing', async () => {
  const { payment } = await startPayment('test:order');
  const ref = payment.providerRef as string;
  await t.services.payments.applyReport(tenantId, payment.id, { status: 'failed', amountCents: 2400, currency: 'EUR' }, 'callback');
  assert.equal((await t.services.payments.get(tenantId, payment.id))?.status, 'failed');
  await decide(ref, 'paid');
  assert.equal((await callback({ transaction: ref, status: 'paid' })).statusCode, 200);
  assert.equal((await t.services.payments.get(tenantId, payment.id))?.status, 'paid', 'a late success counts');
  await t.services.payments.applyReport(tenantId, payment.id, { status: 'pending', amountCents: 2400, currency: 'EUR' }, 'callback');
  await t.services.payments.applyReport(tenantId, payment.id, { status: 'failed', amountCents: 2400, currency: 'EUR' }, 'callback');
  assert.equal((await t.services.payments.get(tenantId, payment.id))?.status, 'paid');
  assert.deepEqual((await events(payment.id)).map((e) => e.to_status), ['initial', 'pending', 'failed', 'paid']);
});

test('a "paid" with another amount is not booked but flagged for the Kasse', async () => {
  const { payment } = await startPayment('test:amount');
  await t.services.payments.applyReport(tenantId, payment.id, { status: 'paid', amountCents: 1200, currency: 'EUR' }, 'callback');
  const row = await t.services.payments.get(tenantId, payment.id);
  assert.equal(row?.status, 'pending');
  assert.match(row?.needsReview ?? '', /amount-mismatch/);
});

test('abandoned payments expire; a success found at the last status query still counts', async () => {
  const abandoned = (await startPayment('test:abandoned')).payment;
  const lateButPaid = (await startPayment('test:abandoned-paid')).payment;
  await decide(lateButPaid.providerRef as string, 'paid');
  await t.services.db.updateTable('payments').set({ expires_at: new Date(Date.now() - 1000) }).where('id', 'in', [abandoned.id, lateButPaid.id]).execute();
  await t.services.payments.expireAbandoned();
  assert.equal((await t.services.payments.get(tenantId, abandoned.id))?.status, 'expired');
  assert.equal((await t.services.payments.get(tenantId, lateButPaid.id))?.status, 'paid');
});

test('the poller finds out what the provider knows', async () => {
  const { payment } = await startPayment('test:poll');
  await decide(payment.providerRef as string, 'paid');
  await t.services.db.updateTable('payments').set({ updated_at: new Date(Date.now() - 120_000) }).where('id', '=', payment.id).execute();
  assert.ok((await t.services.payments.pollOpen()) >= 1);
  assert.equal((await t.services.payments.get(tenantId, payment.id))?.status, 'paid');
});

test('refunds, partial then full, by the Kasse with a reason; never more than was paid; the citizen is told', async () => {
  const started = await t.services.payments.start(tenantId, { payable: 'test:refund', purpose: 'Sterbeurkunde', items, returnPath: '/leistungen', locale: 'de', payerEmail: 'zahler@example.org' });
  assert.ok(started.ok);
  const { payment } = started;
  await decide(payment.providerRef as string, 'paid');
  await t.services.payments.refresh(tenantId, payment.id, 'poll');
  const kasse = await t.services.db
    .selectFrom('staff_users')
    .innerJoin('staff_roles', (j) => j.onRef('staff_roles.user_id', '=', 'staff_users.id').onRef('staff_roles.tenant_id', '=', 'staff_users.tenant_id'))
    .select(['staff_users.id', 'staff_users.display_name'])
    .where('staff_users.tenant_id', '=', tenantId)
    .where('staff_roles.role', '=', 'kasse')
    .executeTakeFirstOrThrow();
  const actor: StaffActor = { kind: 'staff', tenantId, userId: kasse.id, displayName: kasse.display_name, roles: [{ role: 'kasse', unitId: null }] };
  const clerk: StaffActor = { ...actor, roles: [{ role: 'sachbearbeitung', unitId: '00000000-0000-0000-0000-000000000000' }] };
  await assert.rejects(t.services.payments.refund(clerk, payment.id, 100, 'x'), /forbidden/);
  assert.deepEqual(await t.services.payments.refund(actor, payment.id, 2401, 'zu viel'), { ok: false, reason: 'too-much' });
  const partial = await t.services.payments.refund(actor, payment.id, 1200, 'Ein Exemplar nicht ausstellbar');
  assert.ok(partial.ok && partial.payment.status === 'partially_refunded' && partial.payment.refundedCents === 1200);
  const full = await t.services.payments.refund(actor, payment.id, 1200, 'Antrag zurückgenommen');
  assert.ok(full.ok && full.payment.status === 'refunded');
  const atProvider = await t.services.db.selectFrom('testkasse_transactions').select('refunded_cents').where('id', '=', payment.providerRef as string).executeTakeFirstOrThrow();
  assert.equal(atProvider.refunded_cents, 2400, 'the provider paid it back');
  assert.deepEqual(await t.services.payments.refund(actor, payment.id, 1, 'noch mehr'), { ok: false, reason: 'not-paid' });
  const mails = await t.services.db.selectFrom('mails').select(['to_address', 'subject', 'text_body']).where('template', '=', 'payment.refunded').where('to_address', '=', 'zahler@example.org').orderBy('created_at').execute();
  assert.equal(mails.length, 2, 'the citizen is told of each refund');
  assert.match(mails[0]?.text_body ?? '', /Ein Exemplar nicht ausstellbar/);
  assert.match(mails[0]?.subject ?? '', /12,00\s€/);
});

/** An application of a fee-based service up to the declaration (Sterbeurkunde, two copies from the sample). */
async function toDeclaration(slug: string) {
  const browser = new TestBrowser(t.app);
  const base = journeyPath(slug);
  await browser.get(base);
  await browser.post(base, {});
  await browser.get(`${base}/datenschutz`);
  await browser.post(`${base}/datenschutz`, { privacy: 'yes' });
  await fillForm(browser, slug, getForm(slug) as FormDefinition);
  await browser.get(`${base}/erklaerung`);
  return { browser, base };
}

test('journey: cancel and failure return to a page that offers another try; nothing is lost; then paid → Vorgang with "bezahlt"', async () => {
  const { browser, base } = await toDeclaration('sterbeurkunde');
  assert.match(browser.lastBody, /Antrag absenden und bezahlen/);
  let sent = await browser.post(`${base}/erklaerung`, { declaration: 'yes' });
  assert.match(String(sent.headers.location), /\/testkasse\//);
  let back = await payAtTestkasse(browser, String(sent.headers.location), 'cancelled');
  assert.equal(back.statusCode, 200);
  assert.match(back.body, /Sie haben die Zahlung abgebrochen/);
  assert.match(back.body, /Erneut bezahlen/);
  assert.equal(await t.services.db.selectFrom('cases').select('id').where('type', '=', 'antrag.sterbeurkunde').executeTakeFirst(), undefined, 'nothing sent yet');

  sent = await browser.post(`${base}/zahlung`, {});
  back = await payAtTestkasse(browser, String(sent.headers.location), 'failed');
  assert.match(back.body, /Die Zahlung ist fehlgeschlagen/);
  // The answers are still there.
  assert.equal((await browser.get(`${base}/pruefen`)).statusCode, 200);

  await browser.get(`${base}/zahlung`);
  sent = await browser.post(`${base}/zahlung`, {});
  const location = String(sent.headers.location);
  assert.match(location, /\/testkasse\//);
  back = await payAtTestkasse(browser, location, 'paid', 'wero');
  assert.equal(back.statusCode, 303);
  const done = await browser.get(`${base}/bestaetigung`);
  assert.match(done.body, /Die Gebühr von 24,00\s€ ist bezahlt \(Wero\)/);
  const row = await t.services.db.selectFrom('cases').select(['id', 'reference']).where('type', '=', 'antrag.sterbeurkunde').executeTakeFirstOrThrow();
  const payments = await t.services.payments.forCase(tenantId, row.id);
  assert.equal(payments.length, 1);
  assert.equal(payments[0]?.status, 'paid');
  assert.equal(payments[0]?.amountCents, 2400, 'three copies: the first 12 €, two more at 6 €');
  const attempts = await t.services.db.selectFrom('payments').select('status').where('payable', '=', payments[0]?.payable as string).orderBy('created_at').execute();
  assert.deepEqual(attempts.map((a) => a.status), ['cancelled', 'failed', 'paid']);
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  const caseView = await clerk.get(`/verwaltung/vorgaenge/${row.id}`);
  assert.match(caseView.body, /bezahlt/);
  assert.match(caseView.body, /24,00\s€/);
  assert.match(caseView.body, new RegExp(payments[0]?.kassenzeichen.replace(/\./g, '\\.') as string));
});

test('journey: the confirmation arrives late — the application is sent by the settle job, even without the citizen', async () => {
  const { browser, base } = await toDeclaration('geburtsurkunde');
  const sent = await browser.post(`${base}/erklaerung`, { declaration: 'yes' });
  const back = await payAtTestkasse(browser, String(sent.headers.location), 'late');
  assert.match(back.body, /Ihre Zahlung wird noch bestätigt/);
  const payment = (await t.services.db.selectFrom('payments').select(['id', 'provider_ref', 'payable']).where('payable', 'like', 'portal-draft:%').orderBy('created_at', 'desc').executeTakeFirstOrThrow());
  // The Test-Kasse settles later and calls back (what its settle job does), the settle job runs the portal's handler.
  await decide(payment.provider_ref as string, 'paid');
  assert.equal((await callback({ transaction: payment.provider_ref, status: 'paid' })).statusCode, 200);
  const { settle } = await import('./payables.ts');
  await settle(t.services, (await t.services.payments.get(tenantId, payment.id))!);
  const linked = await t.services.payments.get(tenantId, payment.id);
  assert.ok(linked?.caseId, 'the application was sent');
  const mail = await t.services.db.selectFrom('mails').select('template').where('case_id', '=', linked.caseId as string).where('template', '=', 'case.received').executeTakeFirst();
  assert.ok(mail, 'with its receipt mail');
  // Running the handler again (job retry, citizen's return) sends nothing twice.
  await settle(t.services, linked);
  const cases = await t.services.db.selectFrom('cases').select('id').where('idempotency_key', '=', `draft:${payment.payable.slice('portal-draft:'.length)}`).execute();
  assert.equal(cases.length, 1);
  const paymentEvents = await t.services.db.selectFrom('case_events').select('id').where('case_id', '=', linked.caseId as string).where('kind', '=', 'payment').execute();
  assert.equal(paymentEvents.length, 1);
  assert.equal((await browser.get(`${base}/zahlung`)).statusCode, 303, 'the citizen\'s page now leads to the confirmation');
  assert.equal(pathOf('http://localhost/x?y=1'), '/x?y=1');
});

test('deferred payment: the application goes in with an invoice (Kassenzeichen, bank account, due date)', async () => {
  const { browser, base } = await toDeclaration('gartenwasserzaehler');
  assert.match(browser.lastBody, /Rechnung mit Kassenzeichen/);
  const sent = await browser.post(`${base}/erklaerung`, { declaration: 'yes' });
  assert.equal(String(sent.headers.location), `${base}/bestaetigung`);
  const done = await browser.get(`${base}/bestaetigung`);
  assert.match(done.body, /Bitte überweisen Sie die Gebühr/);
  assert.match(done.body, /DE20 4765 0130 0000 1234 56/);
  const kz = /51\.\d{4}\.\d{6}\.\d/.exec(done.body)?.[0];
  assert.ok(kz, 'the Kassenzeichen is shown');
  const payment = await t.services.db.selectFrom('payments').select(['status', 'provider', 'case_id']).where('kassenzeichen', '=', kz).executeTakeFirstOrThrow();
  assert.deepEqual({ status: payment.status, provider: payment.provider }, { status: 'pending', provider: 'invoice' });
  assert.ok(payment.case_id);
});
