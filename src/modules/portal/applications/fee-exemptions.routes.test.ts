/**
 * Gebührenbefreiung: the citizen claims an exemption with a reason and a
 * proof instead of paying online (only where an administrator allows it, and
 * only while a fee is due); the clerk grants it (nothing to pay) or refuses
 * it with a reason, which creates an invoice with Kassenzeichen and tells the
 * citizen. The Vorgang cannot be completed while the claim is open.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import { fillForm, journeyPath, testPng } from './test-journey.ts';
import { getForm, type FormDefinition } from '../forms/engine.ts';

let t: TestApp;
let musterstadt: string;
before(async () => {
  t = await createTestApp();
  musterstadt = (await t.services.tenants.bySlug('musterstadt'))?.id as string;
});
after(async () => t.close());

const SLUG = 'sterbeurkunde';
const base = journeyPath(SLUG);
/** An executable renamed to .pdf: refused by content, whatever the name says. */
const FAKE_PDF = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

/** Staff act from a page (for its CSRF token), as in the browser. */
async function postFrom(browser: TestBrowser, page: string, path: string, body: Record<string, string>) {
  await browser.get(page);
  return browser.post(path, body);
}

/** A citizen with complete answers, on check-your-answers. */
async function atCheckPage(slug = SLUG): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app);
  const path = journeyPath(slug);
  await browser.get(path);
  assert.equal((await browser.post(path, {})).statusCode, 303);
  await browser.get(`${path}/datenschutz`);
  assert.equal((await browser.post(`${path}/datenschutz`, { privacy: 'yes' })).statusCode, 303);
  await fillForm(browser, slug, getForm(slug) as FormDefinition);
  assert.equal((await browser.get(`${path}/pruefen`)).statusCode, 200);
  return browser;
}

/** Claims the exemption (reason and a PNG proof) and sends the application without paying; returns the Vorgang. */
async function applyWithExemption(reason: string) {
  const citizen = await atCheckPage();
  await citizen.get(`${base}/gebuehren`);
  assert.equal((await citizen.postMultipart(`${base}/gebuehren`, { claim: 'ja', reason }, [{ field: 'nachweis', filename: 'rentenantrag.png', content: await testPng(), type: 'image/png' }])).statusCode, 303);
  await citizen.get(`${base}/erklaerung`);
  const sent = await citizen.post(`${base}/erklaerung`, { declaration: 'yes' });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `${base}/bestaetigung`, 'no payment: straight to the confirmation');
  const done = await citizen.get(`${base}/bestaetigung`);
  assert.match(done.body, /Sie haben eine Befreiung von der Gebühr \(24,00\s€\) beantragt/, 'the confirmation says what happens with the fee');
  const reference = /class="rathaus-panel__reference">([A-Z0-9-]+)</.exec(done.body)?.[1] as string;
  const pdf = await citizen.get(`${base}/bestaetigung/eingangsbestaetigung.pdf`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-pdf-'));
  writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
  const text = execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  rmSync(dir, { recursive: true, force: true });
  assert.match(text, /Gebührenbefreiung beantragt \(mit Nachweis\)/, 'the PDF receipt records the claim');
  const row = await t.services.db.selectFrom('cases').select(['id', 'status', 'data']).where('reference', '=', reference).executeTakeFirstOrThrow();
  return { citizen, reference, caseId: row.id };
}

test('the exemption page is offered only where the service allows it; the answers of a claim are checked and nothing valid is lost', async () => {
  // Gewerbeanmeldung has a fee but no exemption: the check page leads to the declaration, the exemption page redirects there.
  const trade = await atCheckPage('gewerbeanmeldung');
  assert.match(trade.lastBody, new RegExp(`href="${journeyPath('gewerbeanmeldung')}/erklaerung"`));
  const away = await trade.get(`${journeyPath('gewerbeanmeldung')}/gebuehren`);
  assert.equal(away.statusCode, 303);
  assert.equal(away.headers.location, `${journeyPath('gewerbeanmeldung')}/erklaerung`);

  const citizen = await atCheckPage();
  assert.match(citizen.lastBody, new RegExp(`href="${base}/gebuehren"`), 'check-your-answers leads to the exemption question');
  const page = await citizen.get(`${base}/gebuehren`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Möchten Sie eine Befreiung von der Gebühr beantragen\?/);
  assert.match(page.body, /Rentenversicherung werden Sterbeurkunden in der Regel gebührenfrei/, 'the grounds from the catalogue are shown');
  assert.match(page.body, /enctype="multipart\/form-data"/);

  const nothing = await citizen.postMultipart(`${base}/gebuehren`, {});
  assert.equal(nothing.statusCode, 422);
  assert.match(nothing.body, /href="#field-claim"/);

  const empty = await citizen.postMultipart(`${base}/gebuehren`, { claim: 'ja', reason: '' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /href="#field-reason"/);
  assert.match(empty.body, /href="#field-nachweis"/);
  assert.match(empty.body, /Bitte laden Sie einen Nachweis für die Befreiung hoch/);

  const hostile = await citizen.postMultipart(`${base}/gebuehren`, { claim: 'ja', reason: '<script>alert(1)</script> für die Rente' }, [{ field: 'nachweis', filename: 'nachweis.pdf', content: FAKE_PDF, type: 'application/pdf' }]);
  assert.equal(hostile.statusCode, 422, 'an executable named .pdf is refused by its content');
  assert.match(hostile.body, /href="#field-nachweis"/);
  assert.doesNotMatch(hostile.body, /href="#field-reason"/, 'the reason was fine');
  assert.doesNotMatch(hostile.body, /<script>alert/, 'the typed reason is shown again, escaped');
  assert.match(hostile.body, /&lt;script>alert\(1\)&lt;\/script> für die Rente/);

  const proofOnly = await citizen.postMultipart(`${base}/gebuehren`, { claim: 'ja', reason: '' }, [{ field: 'nachweis', filename: 'rentenantrag.png', content: await testPng(), type: 'image/png' }]);
  assert.equal(proofOnly.statusCode, 422);
  assert.match(proofOnly.body, /href="#field-reason"/);
  assert.doesNotMatch(proofOnly.body, /href="#field-nachweis"/, 'the proof was fine');
  assert.match(proofOnly.body, /Hochgeladener Nachweis: rentenantrag\.png/, 'the valid proof is kept');

  const tooLong = await citizen.postMultipart(`${base}/gebuehren`, { claim: 'ja', reason: 'x'.repeat(2001) });
  assert.equal(tooLong.statusCode, 422);
  assert.match(tooLong.body, /href="#field-reason"/);

  const claimed = await citizen.postMultipart(`${base}/gebuehren`, { claim: 'ja', reason: 'Für den Rentenantrag bei der Deutschen Rentenversicherung.' });
  assert.equal(claimed.statusCode, 303, 'the kept proof and a reason make the claim');
  const declaration = await citizen.get(`${base}/erklaerung`);
  assert.match(declaration.body, /Sie beantragen eine Gebührenbefreiung: Sie bezahlen jetzt nichts/);
  assert.match(declaration.body, />Antrag absenden</, 'no "und bezahlen"');
  assert.match((await citizen.get(`${base}/gebuehren`)).body, /value="ja"[^>]*checked/, 'the answer is shown when the citizen comes back to change it');

  // Changing the mind: "nein" withdraws the claim and deletes the proof; the fee is paid online again.
  const draft = await t.services.db.selectFrom('portal_drafts').select(['id', 'exemption_reason']).where('tenant_id', '=', musterstadt).where('exemption_reason', '=', 'Für den Rentenantrag bei der Deutschen Rentenversicherung.').executeTakeFirstOrThrow();
  assert.equal((await citizen.postMultipart(`${base}/gebuehren`, { claim: 'nein' })).statusCode, 303);
  const after = await t.services.db.selectFrom('portal_drafts').select('exemption_reason').where('id', '=', draft.id).executeTakeFirstOrThrow();
  assert.equal(after.exemption_reason, null);
  const proofs = await t.services.db.selectFrom('portal_draft_files').select('file_id').where('draft_id', '=', draft.id).where('field_id', '=', '_gebuehrenbefreiung').execute();
  assert.equal(proofs.length, 0, 'the proof is deleted with the claim');
  await citizen.get(`${base}/erklaerung`);
  const pay = await citizen.post(`${base}/erklaerung`, { declaration: 'yes' });
  assert.equal(pay.statusCode, 303);
  assert.match(String(pay.headers.location), /\/testkasse\//, 'without a claim the fee is paid online');
});

test('a refused exemption blocks completion until decided, then invoices the fee and tells the citizen', async () => {
  const { reference, caseId } = await applyWithExemption('Für den Rentenantrag.');
  const exemption = await t.services.db.selectFrom('portal_fee_exemptions').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(exemption.status, 'requested');
  assert.equal(exemption.reason, 'Für den Rentenantrag.');
  assert.equal(exemption.fee_cents, 2400, 'the fee of the two copies the sample answers ask for');
  assert.ok(exemption.proof_file_id, 'the proof is linked');
  const doc = await t.services.db.selectFrom('case_documents').select('file_id').where('case_id', '=', caseId).where('file_id', '=', exemption.proof_file_id as string).executeTakeFirst();
  assert.ok(doc, 'the proof is one of the Vorgang\'s documents');
  assert.equal((await t.services.db.selectFrom('payments').select('id').where('case_id', '=', caseId).execute()).length, 0, 'nothing was charged');

  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  const casePage = await clerk.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.match(casePage.body, new RegExp(`href="/verwaltung/antraege/${caseId}/gebuehrenbefreiung"[^>]*>Über Gebührenbefreiung entscheiden`));
  const page = await clerk.get(`/verwaltung/antraege/${caseId}/gebuehrenbefreiung`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Für den Rentenantrag\./);
  assert.match(page.body, /24,00\s€/);
  assert.match(page.body, /rentenantrag\.png/);

  // Open claim: no completion, neither by dispatch nor by the status form.
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await postFrom(clerk, `/verwaltung/antraege/${caseId}/bescheid`, `/verwaltung/antraege/${caseId}/bescheid`, { text: 'Die Sterbeurkunde wird erteilt.', visible: 'yes' })).statusCode, 303);
  assert.equal((await postFrom(clerk, `/verwaltung/antraege/${caseId}/versand`, `/verwaltung/antraege/${caseId}/versand`, { date: today })).statusCode, 409, 'no dispatch while the claim is open');
  const statusForm = await postFrom(clerk, `/verwaltung/vorgaenge/${caseId}`, `/verwaltung/vorgaenge/${caseId}/status`, { status: 'completed', statusMessage: '' });
  assert.equal(statusForm.statusCode, 422);
  assert.match(statusForm.body, /Über die beantragte Gebührenbefreiung ist noch nicht entschieden/);

  // A refusal needs a reason; a viewer outside the unit cannot decide.
  assert.equal((await postFrom(clerk, `/verwaltung/antraege/${caseId}/gebuehrenbefreiung`, `/verwaltung/antraege/${caseId}/gebuehrenbefreiung/entscheiden`, { decision: 'refused', note: '' })).statusCode, 422);
  assert.equal((await postFrom(clerk, `/verwaltung/antraege/${caseId}/gebuehrenbefreiung`, `/verwaltung/antraege/${caseId}/gebuehrenbefreiung/entscheiden`, { decision: 'vielleicht', note: '' })).statusCode, 422);
  const other = await staffBrowser(t, 'bauhof@musterstadt.example');
  assert.equal((await postFrom(other, '/verwaltung', `/verwaltung/antraege/${caseId}/gebuehrenbefreiung/entscheiden`, { decision: 'granted', note: '' })).statusCode, 403, 'another unit may not work on the Vorgang');

  const refused = await postFrom(clerk, `/verwaltung/antraege/${caseId}/gebuehrenbefreiung`, `/verwaltung/antraege/${caseId}/gebuehrenbefreiung/entscheiden`, { decision: 'refused', note: 'Der Nachweis betrifft eine andere Person.' });
  assert.equal(refused.statusCode, 303);
  const decided = await t.services.db.selectFrom('portal_fee_exemptions').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(decided.status, 'refused');
  assert.ok(decided.payment_id, 'the refusal is invoiced');
  const invoice = await t.services.db.selectFrom('payments').select(['provider', 'amount_cents', 'kassenzeichen', 'status', 'payable']).where('id', '=', decided.payment_id as string).executeTakeFirstOrThrow();
  assert.deepEqual({ provider: invoice.provider, amount: invoice.amount_cents, status: invoice.status, payable: invoice.payable }, { provider: 'invoice', amount: 2400, status: 'pending', payable: `portal-case:${caseId}` });
  const mail = await t.services.db.selectFrom('mails').select(['to_address', 'text_body']).where('case_id', '=', caseId).where('template', '=', 'case.message').executeTakeFirstOrThrow();
  assert.match(mail.text_body, /Ihr Antrag auf Gebührenbefreiung zum Vorgang .* wurde abgelehnt: Der Nachweis betrifft eine andere Person\./);
  assert.ok(mail.text_body.includes(invoice.kassenzeichen), 'the mail names the Kassenzeichen');
  assert.match(mail.text_body, /24,00\s€/);
  assert.match(mail.text_body, /IBAN DE\d{2}( \d{4}){4} \d{2}/);
  const events = await t.services.db.selectFrom('case_events').select(['kind', 'visible_to_citizen']).where('case_id', '=', caseId).orderBy('created_at').execute();
  assert.ok(events.some((e) => e.kind === 'fee_exemption_refused' && !e.visible_to_citizen), 'the decision is in the history (internal)');
  assert.ok(events.some((e) => e.kind === 'message_to_citizen' && e.visible_to_citizen), 'the message is on the status page');
  const audit = await t.services.db.selectFrom('audit_log').select('action').where('tenant_id', '=', musterstadt).where('object_id', '=', caseId).execute();
  assert.ok(audit.some((a) => a.action === 'case.fee_exemption.refuse'));

  // Decided once; now the Vorgang can be completed, and the invoice shows on it.
  const again = await postFrom(clerk, `/verwaltung/antraege/${caseId}/gebuehrenbefreiung`, `/verwaltung/antraege/${caseId}/gebuehrenbefreiung/entscheiden`, { decision: 'granted', note: '' });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /bereits entschieden/);
  assert.match((await clerk.get(`/verwaltung/vorgaenge/${caseId}`)).body, new RegExp(invoice.kassenzeichen.replace(/\./g, '\\.')));
  assert.equal((await postFrom(clerk, `/verwaltung/antraege/${caseId}/versand`, `/verwaltung/antraege/${caseId}/versand`, { date: today })).statusCode, 303, 'dispatch after the decision');
  assert.ok(reference);
});

test('a granted exemption costs nothing, tells the citizen, and its reason is anonymised with the Vorgang', async () => {
  const { caseId } = await applyWithExemption('Für die Witwenrente.');
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  await clerk.get(`/verwaltung/antraege/${caseId}/gebuehrenbefreiung`);
  assert.equal((await clerk.post(`/verwaltung/antraege/${caseId}/gebuehrenbefreiung/entscheiden`, { decision: 'granted', note: '' })).statusCode, 303);
  const row = await t.services.db.selectFrom('portal_fee_exemptions').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(row.status, 'granted');
  assert.equal(row.payment_id, null);
  assert.equal((await t.services.db.selectFrom('payments').select('id').where('case_id', '=', caseId).execute()).length, 0, 'no invoice');
  const mail = await t.services.db.selectFrom('mails').select('text_body').where('case_id', '=', caseId).where('template', '=', 'case.message').executeTakeFirstOrThrow();
  assert.match(mail.text_body, /wurde entsprochen\. Für diesen Antrag fallen keine Gebühren an\./);
  const page = await clerk.get(`/verwaltung/antraege/${caseId}/gebuehrenbefreiung`);
  assert.match(page.body, /gewährt von/);
  assert.doesNotMatch(page.body, /name="decision"/, 'nothing left to decide');

  const today = new Date().toISOString().slice(0, 10);
  await clerk.get(`/verwaltung/antraege/${caseId}/bescheid`);
  assert.equal((await clerk.post(`/verwaltung/antraege/${caseId}/bescheid`, { text: 'Die Sterbeurkunde wird erteilt.', visible: 'yes' })).statusCode, 303);
  await clerk.get(`/verwaltung/antraege/${caseId}/versand`);
  assert.equal((await clerk.post(`/verwaltung/antraege/${caseId}/versand`, { date: today })).statusCode, 303);
  await t.services.db.updateTable('cases').set({ retention_until: new Date(Date.now() - 1000) }).where('id', '=', caseId).execute();
  await t.services.cases.anonymiseExpired();
  const anonymised = await t.services.db.selectFrom('portal_fee_exemptions').select(['reason', 'proof_file_id', 'status']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
  assert.deepEqual(anonymised, { reason: '', proof_file_id: null, status: 'granted' }, 'the reason and the proof are gone; the decision stays for the statistics');
});

test('administrators switch the exemption on and off per service', async () => {
  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  const page = await admin.get('/verwaltung/leistungen/gewerbeanmeldung/verfahren');
  assert.match(page.body, /name="feeExemption"/);
  const on = await admin.post('/verwaltung/leistungen/gewerbeanmeldung/verfahren', { fourEyes: 'no', draftRetentionDays: '30', caseRetentionDays: '', paymentPolicy: 'required', feeExemption: 'yes', haushaltsstelle: '', produktkonto: '' });
  assert.equal(on.statusCode, 303);
  const citizen = await atCheckPage('gewerbeanmeldung');
  assert.match(citizen.lastBody, new RegExp(`href="${journeyPath('gewerbeanmeldung')}/gebuehren"`));
  await admin.get('/verwaltung/leistungen/gewerbeanmeldung/verfahren');
  const bad = await admin.post('/verwaltung/leistungen/gewerbeanmeldung/verfahren', { fourEyes: 'no', draftRetentionDays: '30', caseRetentionDays: '', paymentPolicy: 'required', feeExemption: 'egal', haushaltsstelle: '', produktkonto: '' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#field-feeExemption"/);
  assert.equal((await admin.post('/verwaltung/leistungen/gewerbeanmeldung/verfahren', { fourEyes: 'no', draftRetentionDays: '30', caseRetentionDays: '', paymentPolicy: 'required', feeExemption: 'no', haushaltsstelle: '', produktkonto: '' })).statusCode, 303);
});
