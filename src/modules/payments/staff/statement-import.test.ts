/**
 * Kontoauszug import over HTTP: an exact transfer settles its invoice, a part
 * payment is booked and flagged, unknown or missing Kassenzeichen wait in
 * "Zu klären"; the same file is refused the second time, the same bookings
 * in another file are not booked twice; a hostile or broken file leaves
 * nothing behind. Then a clerk resolves the credits by hand.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { TestApp, TestBrowser } from '../../../../test/support/app.ts';
import { buildCamt053, STADTKASSE_IBAN } from '../../../../test/support/camt053.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import { formatKassenzeichen } from '../../../core/payments/kassenzeichen.ts';
import { browserFor, kasseTestApp, KASSE_EMAIL, startPayment } from './test-helpers.ts';

let t: TestApp;
let app: FastifyInstance;
let tenantId: string;
let kasse: StaffActor;

before(async () => {
  ({ t, app, tenantId, kasse } = await kasseTestApp());
});
after(async () => t.close());

const IMPORT = '/verwaltung/zahlungen/kontoauszug';
const UNRESOLVED = `${IMPORT}/klaeren`;

async function upload(browser: TestBrowser, content: string | Buffer, filename = 'auszug.xml') {
  await browser.get(IMPORT);
  return browser.postMultipart(IMPORT, {}, [{ field: 'statement', filename, content: Buffer.isBuffer(content) ? content : Buffer.from(content), type: 'application/xml' }]);
}

async function payment(id: string) {
  return t.services.db.selectFrom('payments').select(['status', 'received_cents', 'needs_review', 'method']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
}

async function counts() {
  const db = t.services.db;
  const [imports, credits, audits] = await Promise.all([
    db.selectFrom('payment_bank_imports').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow(),
    db.selectFrom('payment_bank_credits').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow(),
    db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('action', '=', 'payment.import').executeTakeFirstOrThrow(),
  ]);
  return { imports: Number(imports.n), credits: Number(credits.n), audits: Number(audits.n) };
}

async function creditOf(remittancePart: string) {
  return t.services.db.selectFrom('payment_bank_credits').selectAll().where('tenant_id', '=', tenantId).where('remittance', 'like', `%${remittancePart}%`).executeTakeFirstOrThrow();
}

/** A valid Kassenzeichen of the scheme that belongs to no payment. */
const STRANGER = formatKassenzeichen({ prefix: '51' }, 2025, 4711);

let exact: Awaited<ReturnType<typeof startPayment>>;
let partial: Awaited<ReturnType<typeof startPayment>>;
let waiting: Awaited<ReturnType<typeof startPayment>>;
let firstFile: string;

test('an import settles exact transfers, books and flags part payments, and lists the rest to resolve', async () => {
  exact = await startPayment(t, tenantId, 3500, { invoice: true, purpose: 'Sondernutzung Marktplatz' });
  partial = await startPayment(t, tenantId, 5000, { invoice: true });
  waiting = await startPayment(t, tenantId, 1999, { invoice: true });
  firstFile = buildCamt053({
    iban: STADTKASSE_IBAN,
    date: '2026-03-02',
    entries: [
      { amountCents: 3500, remittance: `Kassenzeichen ${exact.kassenzeichen} Erika Mustermann`, debtorName: 'Erika Mustermann', debtorIban: 'DE90430609678214790100', accountServicerRef: '2026030200415273' },
      { amountCents: 2000, remittance: `KZ ${partial.kassenzeichen.replaceAll('.', ' ')} erste Rate`, debtorName: 'Hans Beispiel' },
      { amountCents: 4200, remittance: `Kassenzeichen ${STRANGER}`, debtorName: 'Fremde Firma GmbH' },
      { amountCents: 1000, remittance: 'Spende Stadtfest', debtorName: 'Anna Anonym' },
      { amountCents: 1290, creditDebit: 'DBIT', bookingText: 'ABSCHLUSS' },
    ],
  });
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const form = await cashier.get(IMPORT);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  assert.match(form.body, /Höchstens 20 MB/);

  const response = await upload(cashier, firstFile, 'camt053_2026-03-02.xml');
  assert.equal(response.statusCode, 303);
  const resultPath = String(response.headers.location);
  assert.match(resultPath, /^\/verwaltung\/zahlungen\/kontoauszug\/[0-9a-f-]{36}$/);

  assert.deepEqual(await payment(exact.id), { status: 'paid', received_cents: 3500, needs_review: null, method: 'transfer' });
  assert.deepEqual(await payment(partial.id), { status: 'pending', received_cents: 2000, needs_review: 'partial: 3000 open', method: null });
  assert.deepEqual(await payment(waiting.id), { status: 'pending', received_cents: 0, needs_review: null, method: null });
  const booked = await t.services.db.selectFrom('payment_events').select(['source', 'amount_cents', 'detail', 'actor_id']).where('payment_id', '=', exact.id).where('source', '=', 'bank').executeTakeFirstOrThrow();
  assert.equal(booked.amount_cents, 3500);
  assert.match(booked.detail ?? '', /^CAMT\.053 2026-03-02 Kassenzeichen /);
  assert.equal(booked.actor_id, kasse.userId);

  const credits = await t.services.db.selectFrom('payment_bank_credits').select(['outcome', 'amount_cents', 'kassenzeichen', 'payment_id', 'booking_date']).where('tenant_id', '=', tenantId).orderBy('amount_cents').execute();
  assert.deepEqual(
    credits.map((c) => [c.outcome, c.amount_cents, c.kassenzeichen, c.payment_id]),
    [
      ['no-reference', 1000, null, null],
      ['partial', 2000, partial.kassenzeichen, partial.id],
      ['matched', 3500, exact.kassenzeichen, exact.id],
      ['unknown-reference', 4200, STRANGER, null],
    ],
    'one row per credit; the fee (a debit) is not a credit',
  );
  const stored = await t.services.db.selectFrom('payment_bank_imports').select(['filename', 'summary', 'uploaded_by']).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  assert.equal(stored.filename, 'camt053_2026-03-02.xml');
  assert.deepEqual(stored.summary, { matched: 1, partial: 1, 'unknown-reference': 1, 'no-reference': 1, ignored: 1 });
  const audited = await t.services.db.selectFrom('audit_log').select(['actor_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'payment.import').executeTakeFirstOrThrow();
  assert.equal(audited.actor_id, kasse.userId);

  const result = await cashier.get(resultPath);
  assert.equal(result.statusCode, 200);
  assert.match(result.body, /Der Kontoauszug wurde eingelesen\./, 'flash');
  assert.match(result.body, /<th class="kern-table__header" scope="row">Rechnung bezahlt: Betrag passt<\/th><td class="kern-table__cell">1<\/td>/);
  assert.match(result.body, /Teilzahlung: Rest noch offen/);
  assert.match(result.body, /Kassenzeichen ohne offene Rechnung/);
  assert.match(result.body, /Kein Kassenzeichen gefunden/);
  assert.match(result.body, /Keine Gutschrift \(Lastschrift, Gebühr, vorgemerkt oder Storno\)/);
  assert.match(result.body, /Erika Mustermann/);
  assert.match(result.body, /35,00 €/);
  assert.match(result.body, new RegExp(`href="${UNRESOLVED}"`));

  const list = await cashier.get(UNRESOLVED);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Fremde Firma GmbH/);
  assert.match(list.body, /Anna Anonym/);
  assert.match(list.body, /Hans Beispiel/, 'a part payment needs a person too');
  assert.doesNotMatch(list.body, /Erika Mustermann/, 'an exact match needs nobody');

  const history = await cashier.get(IMPORT);
  assert.match(history.body, /camt053_2026-03-02\.xml/);
});

test('the same file is refused the second time; the same bookings in another file are not booked again', async () => {
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const before = await counts();
  const again = await upload(cashier, firstFile, 'nochmal.xml');
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Diese Datei wurde bereits am .* eingelesen/);
  assert.match(again.body, /href="#field-statement"/);
  assert.deepEqual(await counts(), before);

  // The month statement repeats a booking of the day (same bank reference) and adds one for the waiting invoice.
  const month = buildCamt053({
    iban: STADTKASSE_IBAN,
    date: '2026-03-02',
    statementId: 'MONAT-2026-03',
    entries: [
      { amountCents: 3500, remittance: `Kassenzeichen ${exact.kassenzeichen} Erika Mustermann`, debtorName: 'Erika Mustermann', debtorIban: 'DE90430609678214790100', accountServicerRef: '2026030200415273' },
      { amountCents: 1999, remittance: `Kassenzeichen ${waiting.kassenzeichen}`, debtorName: 'Paula Pünktlich', accountServicerRef: '2026030399990001' },
    ],
  });
  const response = await upload(cashier, month, 'monat.xml');
  assert.equal(response.statusCode, 303);
  assert.deepEqual(await payment(exact.id), { status: 'paid', received_cents: 3500, needs_review: null, method: 'transfer' }, 'not booked twice');
  assert.deepEqual(await payment(waiting.id), { status: 'paid', received_cents: 1999, needs_review: null, method: 'transfer' });
  const summary = await t.services.db.selectFrom('payment_bank_imports').select('summary').where('tenant_id', '=', tenantId).where('filename', '=', 'monat.xml').executeTakeFirstOrThrow();
  assert.deepEqual(summary.summary, { duplicate: 1, matched: 1 });
  const result = await cashier.get(String(response.headers.location));
  assert.match(result.body, /Schon früher eingelesen/);
});

test('hostile, broken or missing files are refused with a clear message and leave nothing behind', async () => {
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const before = await counts();
  const doctype = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n${buildCamt053({ iban: STADTKASSE_IBAN, entries: [{ amountCents: 3500, remittance: `KZ ${waiting.kassenzeichen}` }] }).replace(/^<\?xml[^>]*>\n/, '')}`;
  const hostile = await upload(cashier, doctype);
  assert.equal(hostile.statusCode, 422);
  assert.match(hostile.body, /DOCTYPE-Angabe und wird aus Sicherheitsgründen nicht eingelesen/);
  assert.match(hostile.body, /href="#field-statement"/);
  assert.match(hostile.body, /<title>Fehler:/);

  const notXml = await upload(cashier, 'Buchungstag;Betrag\n02.03.2026;35,00\n', 'auszug.csv');
  assert.equal(notXml.statusCode, 422);
  assert.match(notXml.body, /kein lesbares XML-Dokument|kein Kontoauszug im Format CAMT\.053/);

  const pain = '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>';
  assert.match((await upload(cashier, pain)).body, /kein Kontoauszug im Format CAMT\.053/);

  const empty = await upload(cashier, Buffer.alloc(0));
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Die ausgewählte Datei ist leer/);

  await cashier.get(IMPORT);
  const none = await cashier.postMultipart(IMPORT, {}, [{ field: 'statement', filename: '', content: Buffer.alloc(0) }]);
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Bitte wählen Sie die Datei mit dem Kontoauszug aus/);

  await cashier.get(IMPORT);
  const forged = await cashier.postMultipart(IMPORT, {}, [{ field: 'statement', filename: 'a.xml', content: Buffer.from(firstFile) }], { csrf: 'forged' });
  assert.equal(forged.statusCode, 403);

  const clerk = await browserFor(t, app, 'buergerbuero@musterstadt.example');
  await clerk.get('/verwaltung');
  assert.equal((await clerk.postMultipart(IMPORT, {}, [{ field: 'statement', filename: 'a.xml', content: Buffer.from(firstFile) }])).statusCode, 403);
  assert.deepEqual(await counts(), before, 'nothing stored, nothing audited');
});

test('a statement above the shared 10 MB upload limit is read; one above 20 MB is refused', async () => {
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const invoice = await startPayment(t, tenantId, 1234, { invoice: true });
  const file = buildCamt053({ iban: STADTKASSE_IBAN, date: '2026-03-04', statementId: 'GROSS-1', entries: [{ amountCents: 1234, remittance: `KZ ${invoice.kassenzeichen}`, debtorName: 'Groß' }] });
  const padded = file.replace('<BkToCstmrStmt>', `<!-- ${'x'.repeat(12 * 1024 * 1024)} --><BkToCstmrStmt>`);
  const big = await upload(cashier, padded, 'gross.xml');
  assert.equal(big.statusCode, 303);
  assert.equal((await payment(invoice.id)).status, 'paid');

  const before = await counts();
  const huge = await upload(cashier, Buffer.alloc(21 * 1024 * 1024, 'a'), 'riesig.xml');
  assert.equal(huge.statusCode, 413);
  assert.match(huge.body, /Die Datei ist größer als 20 MB/);
  assert.deepEqual(await counts(), before);
});

test('a clerk assigns an unknown credit by Kassenzeichen or marks a credit as done; both are audited', async () => {
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const stranger = await creditOf('Kassenzeichen 51.2025');
  const donation = await creditOf('Spende Stadtfest');
  const rate = await creditOf('erste Rate');
  const target = await startPayment(t, tenantId, 4200, { invoice: true });

  const page = await cashier.get(`${UNRESOLVED}/${stranger.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Einer Zahlung zuordnen/);
  assert.match(page.body, /Fremde Firma GmbH/);

  const invalid = await cashier.post(`${UNRESOLVED}/${stranger.id}/zuordnen`, { kassenzeichen: '51.2026.000001.0', assignNote: '' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /Bitte geben Sie ein gültiges Kassenzeichen an, zum Beispiel 51\.\d{4}\.000123\.\d/);
  const closed = await cashier.post(`${UNRESOLVED}/${stranger.id}/zuordnen`, { kassenzeichen: exact.kassenzeichen, assignNote: '' });
  assert.equal(closed.statusCode, 422);
  assert.match(closed.body, /keine offene Zahlung/);

  const typed = target.kassenzeichen.replaceAll('.', ' ');
  const assigned = await cashier.post(`${UNRESOLVED}/${stranger.id}/zuordnen`, { kassenzeichen: typed, assignNote: 'Firma hat altes Kassenzeichen verwendet' });
  assert.equal(assigned.statusCode, 303);
  assert.equal(assigned.headers.location, UNRESOLVED);
  assert.deepEqual(await payment(target.id), { status: 'paid', received_cents: 4200, needs_review: null, method: 'transfer' });
  const resolved = await creditOf('Kassenzeichen 51.2025');
  assert.equal(resolved.payment_id, target.id);
  assert.equal(resolved.kassenzeichen, target.kassenzeichen);
  assert.equal(resolved.resolved_by, kasse.userId);
  assert.equal(resolved.resolution, 'Firma hat altes Kassenzeichen verwendet');
  const list = await cashier.get(UNRESOLVED);
  assert.match(list.body, new RegExp(`Gutschrift dem Kassenzeichen ${target.kassenzeichen.replaceAll('.', '\\.')} zugeordnet`));
  assert.doesNotMatch(list.body, /Fremde Firma GmbH/);
  const twice = await cashier.post(`${UNRESOLVED}/${stranger.id}/zuordnen`, { kassenzeichen: target.kassenzeichen, assignNote: '' });
  assert.equal(twice.statusCode, 409);

  // A part payment is booked already: only "erledigt" is offered, and assigning it again is refused.
  const ratePage = await cashier.get(`${UNRESOLVED}/${rate.id}`);
  assert.match(ratePage.body, /schon auf das Kassenzeichen/);
  assert.doesNotMatch(ratePage.body, /name="kassenzeichen"/);
  assert.equal((await cashier.post(`${UNRESOLVED}/${rate.id}/zuordnen`, { kassenzeichen: partial.kassenzeichen })).statusCode, 409);

  await cashier.get(`${UNRESOLVED}/${donation.id}`);
  const noNote = await cashier.post(`${UNRESOLVED}/${donation.id}/erledigt`, { resolution: '  ' });
  assert.equal(noNote.statusCode, 422);
  assert.match(noNote.body, /Bitte beschreiben Sie, was geschehen ist/);
  assert.equal((await cashier.post(`${UNRESOLVED}/${donation.id}/erledigt`, { resolution: 'Spende, an Kulturamt weitergeleitet' })).statusCode, 303);
  const done = await creditOf('Spende Stadtfest');
  assert.equal(done.resolution, 'Spende, an Kulturamt weitergeleitet');
  assert.ok(done.resolved_at);
  await cashier.get(UNRESOLVED);
  assert.equal((await cashier.post(`${UNRESOLVED}/${donation.id}/erledigt`, { resolution: 'noch einmal' })).statusCode, 409);
  const shown = await cashier.get(`${UNRESOLVED}/${donation.id}`);
  assert.match(shown.body, /Spende, an Kulturamt weitergeleitet/);
  assert.doesNotMatch(shown.body, /name="resolution"/);

  const audits = await t.services.db.selectFrom('audit_log').select(['action', 'object_id']).where('tenant_id', '=', tenantId).where('action', 'like', 'payment.credit.%').orderBy('id').execute();
  assert.deepEqual(audits, [
    { action: 'payment.credit.assign', object_id: stranger.id },
    { action: 'payment.credit.resolve', object_id: donation.id },
  ]);
  assert.equal((await cashier.get(`${UNRESOLVED}/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
});
