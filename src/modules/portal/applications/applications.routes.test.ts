/**
 * The application journey over HTTP, for every online service of the demo
 * town: start → privacy → every page (answers from the form's sample) →
 * check → declaration → confirmation, receipt mail and PDF. Plus the failure
 * paths: validation, double submit, save and continue later, expiry.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import { fileFields, firstPage, getForm, nextPage, pageFormBody, sampleAnswers, type FormDefinition } from '../forms/engine.ts';
import { applyOnline, fillForm as fillFormOf, journeyPath, payAtTestkasse, testPng } from './test-journey.ts';
import { getService, listServices } from '../catalog/catalog.service.ts';

let t: TestApp;
let png: Buffer;
before(async () => {
  t = await createTestApp();
  png = await testPng();
});
after(async () => t.close());

const base = journeyPath;

const fillForm = (browser: TestBrowser, slug: string, form: FormDefinition) => fillFormOf(browser, slug, form);
const applyFor = (slug: string) => applyOnline(t, slug);

describe('every online service of Musterstadt can be applied for end to end', async () => {
  const services = await (async () => {
    const db = await createTestApp();
    const tenant = await db.services.tenants.bySlug('musterstadt');
    const list = tenant ? await listServices(db.services.db, tenant.id) : [];
    await db.close();
    return list;
  })();
  const online = services.filter((s) => s.formId && s.onlineMode !== 'visit');
  test('the demo town offers at least 15 services online', () => assert.ok(online.length >= 15, `only ${online.length}`));
  for (const service of online) {
    test(service.slug, async () => {
      const form = getForm(service.formId as string);
      assert.ok(form, `form ${service.formId}`);
      const browser = new TestBrowser(t.app);
      await browser.get(base(service.slug));
      assert.equal((await browser.post(base(service.slug), {})).statusCode, 303);
      await browser.get(`${base(service.slug)}/datenschutz`);
      assert.equal((await browser.post(`${base(service.slug)}/datenschutz`, { privacy: 'yes' })).statusCode, 303);
      await fillForm(browser, service.slug, form);
      const check = await browser.get(`${base(service.slug)}/pruefen`);
      assert.equal(check.statusCode, 200, 'check your answers');
      assert.match(check.body, /Prüfen Sie Ihre Angaben/);
      await browser.get(`${base(service.slug)}/erklaerung`);
      const sent = await browser.post(`${base(service.slug)}/erklaerung`, { declaration: 'yes' });
      assert.equal(sent.statusCode, 303);
      if (String(sent.headers.location).includes('/testkasse/')) await payAtTestkasse(browser, String(sent.headers.location), 'paid');
      const done = await browser.get(`${base(service.slug)}/bestaetigung`);
      const reference = /class="rathaus-panel__reference">([A-Z0-9-]+)</.exec(done.body)?.[1] as string;
      assert.match(reference, new RegExp(`^${form.prefix}-[A-HJ-NP-Y2-9]{5}-[A-HJ-NP-Y2-9]$`));
      const row = await t.services.db.selectFrom('cases').select(['id', 'type', 'data', 'contact', 'unit_id', 'tenant_id']).where('reference', '=', reference).executeTakeFirstOrThrow();
      assert.equal(row.type, `antrag.${form.id}`);
      assert.equal(row.data.formVersion, form.version, 'the form version is kept with the application');
      const full = await getService(t.services.db, row.tenant_id, service.slug);
      assert.equal(row.unit_id, full?.unitId, 'lands in the responsible unit');
      const pdf = await browser.get(`${base(service.slug)}/bestaetigung/eingangsbestaetigung.pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-');
    });
  }
});

test('Meldebescheinigung: receipt mail, readable answers for the clerk, tagged PDF with every answer', async () => {
  const { browser, reference } = await applyFor('meldebescheinigung');
  const row = await t.services.db.selectFrom('cases').select(['id', 'contact']).where('reference', '=', reference).executeTakeFirstOrThrow();
  const mail = await t.services.db.selectFrom('mails').select(['to_address', 'template', 'text_body']).where('case_id', '=', row.id).executeTakeFirstOrThrow();
  assert.equal(mail.template, 'case.received');
  assert.equal(mail.to_address, row.contact.email);
  assert.match(mail.text_body, new RegExp(reference));

  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  const detail = await clerk.get(`/verwaltung/vorgaenge/${row.id}`);
  assert.equal(detail.statusCode, 200);
  const sample = sampleAnswers('meldebescheinigung');
  for (const value of Object.values(sample)) if (typeof value === 'string' && value.length > 3 && !/^\d{4}-\d{2}-\d{2}$/.test(value)) assert.ok(detail.body.includes(value) || /^[a-z-]+$/.test(value), `clerk sees ${value}`);

  const pdf = await browser.get(`${base('meldebescheinigung')}/bestaetigung/eingangsbestaetigung.pdf`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-pdf-'));
  writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.ok(text.includes(reference));
  for (const value of Object.values(sample)) if (typeof value === 'string' && value.length > 3 && !/^\d{4}-\d{2}-\d{2}$/.test(value) && !/^[a-z-]+$/.test(value)) assert.ok(text.includes(value), `PDF contains ${value}`);
  assert.match(pdf.rawPayload.toString('latin1'), /\/StructTreeRoot/);
});

test('invalid answers: 422 with error summary on the field, typed values kept; hostile input harmless', async () => {
  const browser = new TestBrowser(t.app);
  await browser.get(base('briefwahl'));
  await browser.post(base('briefwahl'), {});
  await browser.get(`${base('briefwahl')}/datenschutz`);
  const noConsent = await browser.post(`${base('briefwahl')}/datenschutz`, {});
  assert.equal(noConsent.statusCode, 422);
  assert.match(noConsent.body, /href="#field-privacy"/);
  await browser.post(`${base('briefwahl')}/datenschutz`, { privacy: 'yes' });
  const form = getForm('briefwahl') as FormDefinition;
  const page = firstPage(form, {});
  await browser.get(`${base('briefwahl')}/seite/${page}`);
  const bad = await browser.postMultipart(`${base('briefwahl')}/seite/${page}`, { nachname: '<script>alert(1)</script>' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="error-summary"/);
  assert.doesNotMatch(bad.body.replace(/="[^"]*"/g, '=""'), /<script>alert/);
  const huge = await browser.postMultipart(`${base('briefwahl')}/seite/${page}`, { nachname: 'x'.repeat(200_000) });
  assert.ok(huge.statusCode === 422 || huge.statusCode === 413, `got ${huge.statusCode}`);
});

test('double submit (two clicks, retried POST) creates exactly one Vorgang', async () => {
  const started = new Date();
  const form = getForm('sperrmuell') as FormDefinition;
  const browser = new TestBrowser(t.app);
  await browser.get(base('sperrmuell'));
  await browser.post(base('sperrmuell'), {});
  await browser.get(`${base('sperrmuell')}/datenschutz`);
  await browser.post(`${base('sperrmuell')}/datenschutz`, { privacy: 'yes' });
  await fillForm(browser, 'sperrmuell', form);
  await browser.get(`${base('sperrmuell')}/erklaerung`);
  const token = browser.csrf();
  const results = await Promise.all([1, 2, 3].map(() => browser.post(`${base('sperrmuell')}/erklaerung`, { declaration: 'yes' }, { csrf: token })));
  for (const r of results) assert.equal(r.statusCode, 303);
  // The Sperrmüllkarte costs a fee: three clicks open one payment at the provider, paid once.
  const locations = new Set(results.map((r) => String(r.headers.location)).filter((l) => l.includes('/testkasse/')));
  assert.equal(locations.size, 1, `one payment attempt: ${[...locations].join(', ')}`);
  await payAtTestkasse(browser, [...locations][0] as string, 'paid');
  const again = await browser.post(`${base('sperrmuell')}/erklaerung`, { declaration: 'yes' }, { csrf: token });
  assert.equal(again.statusCode, 303);
  const done = await browser.get(`${base('sperrmuell')}/bestaetigung`);
  const reference = /class="rathaus-panel__reference">([A-Z0-9-]+)</.exec(done.body)?.[1] as string;
  const sample = sampleAnswers('sperrmuell');
  const email = Object.values(sample).find((v) => typeof v === 'string' && v.includes('@')) as string;
  const count = await t.services.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'antrag.sperrmuell').where('created_at', '>=', started).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1, `one Vorgang ${reference} for ${email}`);
});

test('save and continue later: the mailed link restores the draft in another browser', async () => {
  const browser = new TestBrowser(t.app);
  await browser.get(base('hundeanmeldung'));
  await browser.post(base('hundeanmeldung'), {});
  await browser.get(`${base('hundeanmeldung')}/datenschutz`);
  await browser.post(`${base('hundeanmeldung')}/datenschutz`, { privacy: 'yes' });
  const form = getForm('hundeanmeldung') as FormDefinition;
  const answers = sampleAnswers('hundeanmeldung');
  const page = firstPage(form, answers);
  await browser.get(`${base('hundeanmeldung')}/seite/${page}`);
  await browser.postMultipart(`${base('hundeanmeldung')}/seite/${page}`, pageFormBody(form, page, answers));
  await browser.get(`${base('hundeanmeldung')}/speichern`);
  const invalid = await browser.post(`${base('hundeanmeldung')}/speichern`, { email: 'kein-mail' });
  assert.equal(invalid.statusCode, 422);
  const saved = await browser.post(`${base('hundeanmeldung')}/speichern`, { email: 'spaeter@example.org' });
  assert.equal(saved.statusCode, 200);
  assert.match(saved.body, /gespeichert/);
  const mail = await t.services.db.selectFrom('mails').select(['text_body', 'template']).where('to_address', '=', 'spaeter@example.org').executeTakeFirstOrThrow();
  assert.equal(mail.template, 'draft.resume');
  const link = /(\/antrag\/fortsetzen\/[A-Za-z0-9_-]{32})/.exec(mail.text_body)?.[1] as string;
  assert.ok(link);
  assert.match(mail.text_body, /\d{2}\.\d{2}\.\d{4}/, 'the expiry date is stated');
  const other = new TestBrowser(t.app);
  const resumed = await other.get(link);
  assert.equal(resumed.statusCode, 303);
  const target = String(resumed.headers.location);
  assert.ok(target.startsWith(`${base('hundeanmeldung')}/seite/`), target);
  const restored = await other.get(target);
  assert.equal(restored.statusCode, 200);
  assert.equal((await new TestBrowser(t.app).get('/antrag/fortsetzen/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
});

test('a page without a draft, an unknown service and a visit-only service do not offer the journey', async () => {
  const browser = new TestBrowser(t.app);
  assert.equal((await browser.get(`${base('meldebescheinigung')}/pruefen`)).statusCode, 303);
  assert.equal((await browser.get(base('gibt-es-nicht'))).statusCode, 404);
  assert.equal((await browser.get(base('personalausweis'))).statusCode, 404);
});

test('the clerk creates the Bescheid as PDF, records the dispatch by post, and the citizen is told', async () => {
  const { browser, reference } = await applyFor('meldebescheinigung');
  const row = await t.services.db.selectFrom('cases').select(['id']).where('reference', '=', reference).executeTakeFirstOrThrow();

  const outsider = await staffBrowser(t, 'bauhof@musterstadt.example');
  assert.equal((await outsider.get(`/verwaltung/antraege/${row.id}/bescheid`)).statusCode, 403);

  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  const detail = await clerk.get(`/verwaltung/vorgaenge/${row.id}`);
  assert.match(detail.body, new RegExp(`href="/verwaltung/antraege/${row.id}/bescheid"`));
  await clerk.get(`/verwaltung/antraege/${row.id}/bescheid`);
  assert.equal((await clerk.post(`/verwaltung/antraege/${row.id}/bescheid`, { text: '  ' })).statusCode, 422);
  const created = await clerk.post(`/verwaltung/antraege/${row.id}/bescheid`, { text: 'Ihrem Antrag wird entsprochen. BESCHEID-KANARIE', visible: 'yes' });
  assert.equal(created.statusCode, 303);
  const doc = await t.services.db
    .selectFrom('case_documents as d')
    .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'd.tenant_id').onRef('f.id', '=', 'd.file_id'))
    .select(['f.id', 'f.mime_type', 'd.source'])
    .where('d.case_id', '=', row.id)
    .where('d.source', '=', 'staff')
    .executeTakeFirstOrThrow();
  assert.equal(doc.mime_type, 'application/pdf');
  const pdf = await clerk.get(`/verwaltung/vorgaenge/${row.id}/dokumente/${doc.id}`);
  assert.match(String(pdf.headers['content-disposition']), /^attachment;/);
  const view = await clerk.get(`/verwaltung/vorgaenge/${row.id}/dokumente/${doc.id}?ansicht=1`);
  assert.match(String(view.headers['content-disposition']), /^inline;/, 'staff read it in the browser');
  assert.match(String(view.headers['content-security-policy']), /^sandbox;/, 'in a sandbox');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-bescheid-'));
  writeFileSync(path.join(dir, 'b.pdf'), pdf.rawPayload);
  assert.match(execFileSync('pdftotext', [path.join(dir, 'b.pdf'), '-'], { encoding: 'utf8' }), /BESCHEID-KANARIE/);

  await clerk.get(`/verwaltung/antraege/${row.id}/versand`);
  assert.equal((await clerk.post(`/verwaltung/antraege/${row.id}/versand`, { date: '2999-01-01' })).statusCode, 422, 'no dispatch in the future');
  assert.equal((await clerk.post(`/verwaltung/antraege/${row.id}/versand`, { date: 'gestern' })).statusCode, 422);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await clerk.post(`/verwaltung/antraege/${row.id}/versand`, { date: today })).statusCode, 303);
  const closed = await t.services.db.selectFrom('cases').select(['status', 'closed_at']).where('id', '=', row.id).executeTakeFirstOrThrow();
  assert.equal(closed.status, 'completed');
  const mail = await t.services.db.selectFrom('mails').select('text_body').where('case_id', '=', row.id).where('template', '=', 'case.status').executeTakeFirstOrThrow();
  assert.match(mail.text_body, /per Post an Sie versandt/);
  const statusPath = /(\/vorgang\/[A-Za-z0-9_-]{32})/.exec(mail.text_body)?.[1] as string;
  const citizenView = await new TestBrowser(t.app).get(statusPath);
  assert.match(citizenView.body, /per Post an Sie versandt/);
  assert.match(citizenView.body, new RegExp(`/dokumente/${doc.id}`), 'the Bescheid is offered on the status page');
  assert.doesNotMatch((await clerk.get(`/verwaltung/vorgaenge/${row.id}`)).body, /\/bescheid"/, 'no processing links on a closed case');
});

test('hostile uploads on a form page: clear message on the field, nothing else lost, never a 500', async () => {
  const form = getForm('gartenwasserzaehler') as FormDefinition;
  const answers = sampleAnswers('gartenwasserzaehler');
  const browser = new TestBrowser(t.app);
  await browser.get(base('gartenwasserzaehler'));
  await browser.post(base('gartenwasserzaehler'), {});
  await browser.get(`${base('gartenwasserzaehler')}/datenschutz`);
  await browser.post(`${base('gartenwasserzaehler')}/datenschutz`, { privacy: 'yes' });
  // Answer the pages before the photo page.
  let page: string | null = firstPage(form, answers);
  while (page && !fileFields(form, page, answers).length) {
    await browser.get(`${base('gartenwasserzaehler')}/seite/${page}`);
    assert.equal((await browser.postMultipart(`${base('gartenwasserzaehler')}/seite/${page}`, pageFormBody(form, page, answers))).statusCode, 303);
    page = nextPage(form, page, answers);
  }
  assert.ok(page, 'the form has an upload page');
  const url = `${base('gartenwasserzaehler')}/seite/${page}`;
  const field = fileFields(form, page, answers)[0]!.id;
  const attempts: { name: string; file: { field: string; filename: string; content: Buffer; type: string }[]; message: RegExp }[] = [
    { name: 'executable named .pdf', file: [{ field, filename: 'zaehler.pdf', content: Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(4096, 7)]), type: 'application/pdf' }], message: /PDF, JPG oder PNG/ },
    { name: 'SVG with script', file: [{ field, filename: 'zaehler.svg', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), type: 'image/svg+xml' }], message: /PDF, JPG oder PNG/ },
    { name: 'truncated JPEG', file: [{ field, filename: 'zaehler.jpg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]), type: 'image/jpeg' }], message: /beschädigt|nicht gelesen/ },
    { name: 'zero bytes', file: [{ field, filename: 'leer.png', content: Buffer.alloc(0), type: 'image/png' }], message: /leer/ },
    { name: '100 files', file: Array.from({ length: 100 }, (_, i) => ({ field, filename: `f${i}.png`, content: png, type: 'image/png' })), message: /höchstens 3/ },
    { name: '11 MB', file: [{ field, filename: 'gross.png', content: Buffer.alloc(11 * 1024 * 1024, 1), type: 'image/png' }], message: /zu groß/ },
  ];
  for (const attempt of attempts) {
    await browser.get(url);
    const res = await browser.postMultipart(url, {}, attempt.file);
    assert.equal(res.statusCode, 422, attempt.name);
    assert.match(res.body, new RegExp(`href="#field-${field}"`), `${attempt.name}: error summary links the field`);
    assert.match(res.body, attempt.message, attempt.name);
  }
  const files = await t.services.db.selectFrom('portal_draft_files').select((eb) => eb.fn.countAll<number>().as('n')).where('field_id', '=', field).executeTakeFirstOrThrow();
  assert.ok(Number(files.n) <= 3, 'never more files than the field allows');
  const check = await browser.get(`${base('gartenwasserzaehler')}/pruefen`);
  assert.equal(check.statusCode, 303, 'the missing photo sends the citizen back to the upload page');
  const earlier = await browser.get(`${base('gartenwasserzaehler')}/seite/${firstPage(form, answers)}`);
  const firstValue = Object.values(pageFormBody(form, firstPage(form, answers), answers)).flat().find((v) => typeof v === 'string' && v.length > 3) as string;
  assert.ok(earlier.body.includes(firstValue), 'answers given before are kept');
});
