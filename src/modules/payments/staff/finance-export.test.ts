/**
 * The Tagesexport reproduces exactly the bookings of one Berlin calendar day,
 * to the cent: payments spread over three days (around the switch to summer
 * time, with events right at midnight), then each day's file is read back;
 * the nightly job writes the same files for the finance system.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { TestApp } from '../../../../test/support/app.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import { csvAmount } from './format.ts';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bookingOf, bookingsOf, type DayEvent } from './finance-export.ts';
import { exportFinanceDays, financeExportDir } from './finance-export-job.ts';
import { browserFor, kasseTestApp, KASSE_EMAIL, payOnline, startPayment } from './test-helpers.ts';

let t: TestApp;
let app: FastifyInstance;
let tenantId: string;
let kasse: StaffActor;

before(async () => {
  ({ t, app, tenantId, kasse } = await kasseTestApp());
});
after(async () => t.close());

/** Gives a payment's events (in the order they were written) the instants given, and its creation the first. */
async function retime(paymentId: string, instants: string[]): Promise<void> {
  const events = await t.services.db.selectFrom('payment_events').select('id').where('tenant_id', '=', tenantId).where('payment_id', '=', paymentId).orderBy('id').execute();
  assert.equal(events.length, instants.length, `events of ${paymentId}`);
  for (const [index, event] of events.entries()) {
    await t.services.db.updateTable('payment_events').set({ at: new Date(instants[index] as string) }).where('tenant_id', '=', tenantId).where('id', '=', event.id).execute();
  }
  await t.services.db.updateTable('payments').set({ created_at: new Date(instants[0] as string) }).where('tenant_id', '=', tenantId).where('id', '=', paymentId).execute();
}

interface CsvRow {
  [column: string]: string;
}

function readCsv(body: string): { header: string[]; rows: CsvRow[] } {
  assert.ok(body.startsWith('\uFEFF'), 'UTF-8 with BOM');
  assert.ok(body.endsWith('\r\n'), 'CRLF line ends');
  const lines = body.slice(1).split('\r\n').slice(0, -1);
  const split = (line: string) => line.match(/("([^"]|"")*"|[^;]*)(;|$)/g)!.slice(0, -1).map((cell) => cell.replace(/;$/, '').replace(/^"(.*)"$/s, '$1').replaceAll('""', '"'));
  const header = split(lines[0]!);
  return { header, rows: lines.slice(1).map((line) => Object.fromEntries(split(line).map((cell, i) => [header[i]!, cell]))) };
}

/** "-12,50" → -1250, exactly. */
function cents(amount: string): number {
  const match = /^(-?)(\d+),(\d{2})$/.exec(amount);
  assert.ok(match, `amount ${amount} has a decimal comma and two decimals`);
  const value = Number(match[2]) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

test('booking records: what moves money is a booking, nothing else', () => {
  const base: DayEvent = { id: '1', at: new Date(), source: 'citizen', fromStatus: null, toStatus: 'initial', amountCents: 1000, kassenzeichen: 'K', haushaltsstelle: '', produktkonto: '', provider: 'testkasse', method: null, purpose: 'x', caseReference: null };
  assert.equal(bookingOf(base), null, 'an online attempt is no claim yet');
  assert.equal(bookingOf({ ...base, provider: 'invoice' })?.kind, 'due', 'an invoice is');
  const paidOnline = bookingsOf([base, { ...base, id: '2', source: 'callback', fromStatus: 'pending', toStatus: 'paid' }]);
  assert.deepEqual(paidOnline.map((b) => [b.id, b.kind, b.cents]), [['2-S', 'due', 1000], ['2', 'paid', 1000]], 'paid online: the claim and the receipt together');
  assert.deepEqual(bookingsOf([base, { ...base, id: '3', source: 'system', fromStatus: 'pending', toStatus: 'expired', amountCents: null }]), [], 'an abandoned attempt books nothing');
  const invoicePaid = bookingsOf([{ ...base, provider: 'invoice' }, { ...base, id: '4', provider: 'invoice', source: 'bank', fromStatus: 'pending', toStatus: 'paid', amountCents: 1000 }]);
  assert.deepEqual(invoicePaid.map((b) => [b.id, b.kind]), [['1', 'due'], ['4', 'transfer']], 'an invoice: Soll when issued, Ist when the transfer arrives');
  assert.equal(bookingOf({ ...base, source: 'system', fromStatus: 'initial', toStatus: 'pending', amountCents: null }), null);
  assert.equal(bookingOf({ ...base, source: 'callback', fromStatus: 'pending', toStatus: 'paid' })?.kind, 'paid');
  assert.equal(bookingOf({ ...base, source: 'callback', fromStatus: 'failed', toStatus: 'paid' })?.kind, 'paid', 'a late success counts');
  assert.equal(bookingOf({ ...base, source: 'callback', fromStatus: 'pending', toStatus: 'pending', amountCents: 990 }), null, 'a flagged amount mismatch books nothing');
  assert.equal(bookingOf({ ...base, source: 'bank', fromStatus: 'pending', toStatus: 'pending', amountCents: 400 })?.kind, 'transfer');
  assert.equal(bookingOf({ ...base, source: 'bank', fromStatus: 'pending', toStatus: 'paid', amountCents: 600 })?.cents, 600, 'the transfer that settles counts once, as a transfer');
  assert.equal(bookingOf({ ...base, source: 'staff', fromStatus: 'paid', toStatus: 'partially_refunded', amountCents: -250 })?.kind, 'refund');
  assert.equal(bookingOf({ ...base, source: 'system', fromStatus: 'pending', toStatus: 'expired', amountCents: null }), null);
  assert.equal(csvAmount(-1250), '-12,50');
  assert.equal(csvAmount(5), '0,05');
  assert.equal(csvAmount(123456789), '1234567,89');
});

test('the CSV of a day holds exactly that day’s bookings, and the sums match to the cent', async () => {
  const unit = await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  const tenant = (await t.services.tenants.bySlug('musterstadt'))!;
  const kase = await t.services.cases.createCase(tenant, { type: 'contact', unitId: unit.id, subject: 'Gebühr', data: {}, contact: { name: 'Erika Mustermann' }, locale: 'de' });

  // Day A: Saturday 2026-03-28 (CET, +01:00). Day B: Sunday 2026-03-29, clocks go forward at 02:00 (23 hours). Day C: Monday 2026-03-30 (CEST).
  const p1 = await payOnline(t, await startPayment(t, tenantId, 3500, { caseId: kase.id, purpose: 'Meldebescheinigung', haushaltsstelle: '1.1.2.01', produktkonto: '431100' }));
  await retime(p1.id, ['2026-03-28T09:00:00Z', '2026-03-28T09:00:01Z', '2026-03-28T09:05:00Z']);

  const p2 = await startPayment(t, tenantId, 2000, { invoice: true, purpose: '=HYPERLINK("http://evil.example")' });
  await t.services.db.transaction().execute((tx) => t.services.payments.bookTransfer(tx, tenantId, p2.id, 2000, 'CAMT.053 2026-03-29 KZ', null));
  // Created 23:30 on day A; paid 09:00 CEST on day B.
  await retime(p2.id, ['2026-03-28T22:30:00Z', '2026-03-28T22:30:01Z', '2026-03-29T07:00:00Z']);

  const p3 = await payOnline(t, await startPayment(t, tenantId, 1250, { purpose: 'Führungszeugnis' }));
  const refunded = await t.services.payments.refund(kasse, p3.id, 500, 'Teilerstattung');
  assert.equal(refunded.ok, true);
  // Created 00:15 CET on day B (still day A in UTC); refunded 23:50 CEST, the last minutes of day B.
  await retime(p3.id, ['2026-03-28T23:15:00Z', '2026-03-28T23:15:01Z', '2026-03-28T23:20:00Z', '2026-03-29T21:50:00Z']);

  const p4 = await startPayment(t, tenantId, 700, { purpose: 'Sterbeurkunde' });
  await t.services.payments.applyReport(tenantId, p4.id, { status: 'failed', amountCents: 0, currency: 'EUR' }, 'callback');
  await retime(p4.id, ['2026-03-28T11:00:00Z', '2026-03-28T11:00:01Z', '2026-03-28T11:10:00Z']);

  const p5 = await startPayment(t, tenantId, 3000, { invoice: true, purpose: 'Gewerbeanmeldung' });
  await t.services.db.transaction().execute((tx) => t.services.payments.bookTransfer(tx, tenantId, p5.id, 1000, 'erste Rate', null));
  await t.services.db.transaction().execute((tx) => t.services.payments.bookTransfer(tx, tenantId, p5.id, 2000, 'Rest', null));
  // The rest arrives exactly at midnight between day B and day C: it belongs to day C.
  await retime(p5.id, ['2026-03-28T07:00:00Z', '2026-03-28T07:00:01Z', '2026-03-28T14:00:00Z', '2026-03-29T22:00:00Z']);

  const cashier = await browserFor(t, app, KASSE_EMAIL);
  const form = await cashier.get('/verwaltung/zahlungen/export');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /action="\/verwaltung\/zahlungen\/export\.csv"/);

  const download = async (day: string) => {
    const response = await cashier.get(`/verwaltung/zahlungen/export.csv?tag=${day}`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(response.headers['content-disposition']), new RegExp(`attachment; filename="zahlungen-${day}\\.csv"`));
    return readCsv(response.body);
  };
  const sums = (rows: CsvRow[], kind: string) => rows.filter((r) => r.Buchungsart === kind).reduce((sum, r) => sum + cents(r['Betrag (EUR)']!), 0);
  const keyed = (rows: CsvRow[]) => rows.map((r) => [r.Buchungsart, r.Buchungstext, r.Kassenzeichen, r['Betrag (EUR)'], r.Datum]).sort((a, b) => String(a).localeCompare(String(b)));

  const dayA = await download('2026-03-28');
  assert.deepEqual(dayA.header, ['Buchungsnummer', 'Buchungsart', 'Buchungstext', 'Datum', 'Uhrzeit', 'Kassenzeichen', 'Haushaltsstelle', 'Produktkonto', 'Betrag (EUR)', 'Zahlungsweg', 'Zahlungsart', 'Vorgang', 'Verwendungszweck']);
  assert.deepEqual(
    keyed(dayA.rows),
    [
      ['Ist', 'Zahlungseingang', p1.kassenzeichen, '35,00', '28.03.2026'],
      ['Ist', 'Überweisung', p5.kassenzeichen, '10,00', '28.03.2026'],
      ['Soll', 'Sollstellung', p1.kassenzeichen, '35,00', '28.03.2026'],
      ['Soll', 'Sollstellung', p2.kassenzeichen, '20,00', '28.03.2026'],
      ['Soll', 'Sollstellung', p5.kassenzeichen, '30,00', '28.03.2026'],
    ].sort((a, b) => String(a).localeCompare(String(b))),
  );
  assert.equal(sums(dayA.rows, 'Soll'), 3500 + 2000 + 3000, 'the failed online attempt p4 is no claim');
  assert.equal(sums(dayA.rows, 'Ist'), 3500 + 1000);
  const paidRow = dayA.rows.find((r) => r.Buchungstext === 'Zahlungseingang')!;
  assert.deepEqual(
    [paidRow.Uhrzeit, paidRow.Haushaltsstelle, paidRow.Produktkonto, paidRow.Zahlungsweg, paidRow.Zahlungsart, paidRow.Vorgang, paidRow.Verwendungszweck],
    ['10:05:00', '1.1.2.01', '431100', 'Test-Kasse', 'Kreditkarte', kase.reference, 'Meldebescheinigung'],
  );
  assert.equal(dayA.rows.filter((r) => r.Kassenzeichen === p4.kassenzeichen).length, 0, 'a failed online attempt books nothing');
  const hostile = dayA.rows.find((r) => r.Kassenzeichen === p2.kassenzeichen)!;
  assert.equal(hostile.Verwendungszweck, `'=HYPERLINK("http://evil.example")`, 'a formula is defused');

  const dayB = await download('2026-03-29');
  assert.deepEqual(
    keyed(dayB.rows),
    [
      ['Ist', 'Erstattung', p3.kassenzeichen, '-5,00', '29.03.2026'],
      ['Ist', 'Überweisung', p2.kassenzeichen, '20,00', '29.03.2026'],
      ['Ist', 'Zahlungseingang', p3.kassenzeichen, '12,50', '29.03.2026'],
      ['Soll', 'Sollstellung', p3.kassenzeichen, '12,50', '29.03.2026'],
    ].sort((a, b) => String(a).localeCompare(String(b))),
  );
  assert.equal(sums(dayB.rows, 'Soll'), 1250);
  assert.equal(sums(dayB.rows, 'Ist'), 2000 + 1250 - 500);
  assert.equal(dayB.rows.find((r) => r.Buchungstext === 'Erstattung')?.Uhrzeit, '23:50:00');
  assert.equal(dayB.rows.find((r) => r.Kassenzeichen === p2.kassenzeichen && r.Buchungsart === 'Ist')?.Zahlungsart, 'Überweisung');

  const dayC = await download('2026-03-30');
  assert.deepEqual(keyed(dayC.rows), [['Ist', 'Überweisung', p5.kassenzeichen, '20,00', '30.03.2026']]);
  assert.equal((await download('2026-03-27')).rows.length, 0);

  const audits = await t.services.db.selectFrom('audit_log').select(['actor_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'payment.export').orderBy('id').execute();
  assert.equal(audits.length, 4);
  assert.deepEqual(audits[0]?.details, { day: '2026-03-28', rows: 5, dueCents: 8500, actualCents: 4500 });
  assert.equal(audits[0]?.actor_id, kasse.userId);
});

test('a missing or impossible day is asked again; others may not export', async () => {
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  for (const day of ['', '2026-02-30', 'gestern']) {
    const response = await cashier.get(`/verwaltung/zahlungen/export.csv?tag=${encodeURIComponent(day)}`);
    assert.equal(response.statusCode, 422, day);
    assert.match(response.body, /href="#field-tag"/);
    assert.match(response.body, /Bitte geben Sie einen gültigen Tag an/);
  }
  const clerk = await browserFor(t, app, 'buergerbuero@musterstadt.example');
  assert.equal((await clerk.get('/verwaltung/zahlungen/export.csv?tag=2026-03-28')).statusCode, 403);
});

test('every night the previous days are written as files for the finance system, once each, missed days caught up', async () => {
  // The payments above lie on 28–30 March 2026; the job runs at 03:00 German time on 2 April.
  const now = new Date('2026-04-02T01:00:00Z');
  const written = await exportFinanceDays(t.services, now);
  const ours = written.filter((w) => w.tenant === 'musterstadt');
  assert.deepEqual(ours.map((w) => w.day), ['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01'], 'from the day of the first payment up to yesterday, every day');
  const dir = financeExportDir(t.services.config.dataDir, 'musterstadt');
  const cashier = await browserFor(t, app, KASSE_EMAIL);
  for (const day of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']) {
    const file = readFileSync(path.join(dir, `zahlungen-${day}.csv`), 'utf8');
    const download = (await cashier.get(`/verwaltung/zahlungen/export.csv?tag=${day}`)).body;
    assert.equal(file, download, `the file of ${day} is the Stadtkasse's download of that day`);
  }
  assert.equal(readCsv(readFileSync(path.join(dir, 'zahlungen-2026-04-01.csv'), 'utf8')).rows.length, 0, 'a day without bookings has an empty file');
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.part')), [], 'no half-written file is left');

  assert.deepEqual((await exportFinanceDays(t.services, now)).filter((w) => w.tenant === 'musterstadt'), [], 'a day already written is not written again');
  rmSync(path.join(dir, 'zahlungen-2026-03-30.csv'));
  const caughtUp = (await exportFinanceDays(t.services, new Date('2026-04-03T01:00:00Z'))).filter((w) => w.tenant === 'musterstadt');
  assert.deepEqual(caughtUp.map((w) => w.day), ['2026-03-30', '2026-04-02'], 'a missing day is caught up with the new one');
  const audits = await t.services.db.selectFrom('audit_log').select(['actor_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'payment.export.scheduled').execute();
  assert.equal(audits.length, 7);
  assert.ok(audits.every((a) => a.actor_id === null), 'written by the system');
});
