import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'kysely';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

async function openForm(): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app);
  const res = await browser.get('/kontakt');
  assert.equal(res.statusCode, 200);
  return browser;
}

function submissionOf(body: string): string {
  const match = /name="submission" value="([^"]+)"/.exec(body);
  assert.ok(match?.[1]);
  return match[1];
}

const valid = { topic: 'strassen-gruen', name: 'Erika Mustermann', email: 'erika@example.org', message: 'Die Laterne in der Lindenstraße 4 ist seit einer Woche defekt.', privacy: 'yes' };

test('a valid message becomes a Vorgang in the unit of its topic, with consent, receipt mail and confirmation', async () => {
  const browser = await openForm();
  const submission = submissionOf(browser.lastBody);
  const res = await browser.postMultipart('/kontakt', { ...valid, submission });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/kontakt/bestaetigung');
  const confirmation = await browser.get('/kontakt/bestaetigung');
  const reference = /class="rathaus-panel__reference">([A-Z0-9-]+)</.exec(confirmation.body)?.[1];
  assert.match(reference ?? '', /^KF-[A-HJ-NP-Y2-9]{5}-[A-HJ-NP-Y2-9]$/);
  const row = await t.services.db
    .selectFrom('cases')
    .innerJoin('org_units', (j) => j.onRef('org_units.tenant_id', '=', 'cases.tenant_id').onRef('org_units.id', '=', 'cases.unit_id'))
    .select(['cases.id', 'cases.status', 'cases.contact', 'org_units.slug', 'cases.tenant_id', 'cases.due_at'])
    .where('cases.reference', '=', reference as string)
    .executeTakeFirstOrThrow();
  assert.equal(row.slug, 'bauhof');
  assert.equal(row.status, 'received');
  assert.equal(row.contact.email, 'erika@example.org');
  assert.ok(row.due_at, 'contact requests get an answer deadline');
  const consent = await t.services.db.selectFrom('consents').selectAll().where('case_id', '=', row.id).executeTakeFirstOrThrow();
  assert.equal(consent.kind, 'privacy');
  assert.equal(consent.version, '2026-01');
  const mail = await t.services.db.selectFrom('mails').selectAll().where('case_id', '=', row.id).executeTakeFirstOrThrow();
  assert.equal(mail.to_address, 'erika@example.org');
  assert.equal(mail.template, 'case.received');
  assert.match(mail.text_body, new RegExp(reference as string));
  assert.match(mail.text_body, /\/vorgang\/[A-Za-z0-9_-]{32}/);
});

test('the same submission posted twice (double click, retried POST) creates exactly one Vorgang', async () => {
  const browser = await openForm();
  const submission = submissionOf(browser.lastBody);
  const csrf = browser.csrf();
  const [a, b] = await Promise.all([
    browser.postMultipart('/kontakt', { ...valid, email: 'twice@example.org', submission }, [], { csrf }),
    browser.postMultipart('/kontakt', { ...valid, email: 'twice@example.org', submission }, [], { csrf }),
  ]);
  assert.equal(a.statusCode, 303);
  assert.equal(b.statusCode, 303);
  const again = await browser.postMultipart('/kontakt', { ...valid, email: 'twice@example.org', submission }, [], { csrf });
  assert.equal(again.statusCode, 303);
  const rows = await t.services.db.selectFrom('cases').select('reference').where(sql<string>`contact->>'email'`, '=', 'twice@example.org').execute();
  assert.equal(rows.length, 1);
  const mails = await t.services.db.selectFrom('mails').select('id').where('to_address', '=', 'twice@example.org').execute();
  assert.equal(mails.length, 1);
});

test('an empty form gets 422 with an error summary naming every missing field, nothing created', async () => {
  const before = await t.services.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const browser = await openForm();
  const res = await browser.postMultipart('/kontakt', { name: 'Nur Name' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /id="error-summary"/);
  for (const field of ['topic', 'email', 'message', 'privacy']) assert.match(res.body, new RegExp(`href="#field-${field}"`), field);
  assert.match(res.body, /value="Nur Name"/, 'what was typed is kept');
  assert.match(res.body, /<title>Fehler: /);
  const after = await t.services.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(after.n, before.n);
});

test('hostile input is stored as text and rendered escaped; overlong input is refused', async () => {
  const browser = await openForm();
  const res = await browser.postMultipart('/kontakt', { ...valid, name: '<script>alert(1)</script>', message: 'x'.repeat(6000) });
  assert.equal(res.statusCode, 422);
  // Inside a quoted attribute '<' is inert; outside attributes it must never appear as markup.
  const outsideAttributes = res.body.replace(/="[^"]*"/g, '=""');
  assert.doesNotMatch(outsideAttributes, /<script>alert/);
  assert.match(res.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"|value="<script>alert\(1\)<\/script>"/);
  assert.match(res.body, /href="#field-message"/);
});

test('an executable disguised as PDF is refused at the field; a photo is re-encoded without EXIF', async () => {
  const browser = await openForm();
  const fake = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000, 1)]);
  const bad = await browser.postMultipart('/kontakt', { ...valid, submission: crypto.randomUUID() }, [{ field: 'attachment', filename: 'antrag.pdf', content: fake, type: 'application/pdf' }]);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#field-attachment"/);
  assert.match(bad.body, /PDF, JPG oder PNG/);
  assert.match(bad.body, /Erika Mustermann/, 'the rest of the form is kept');

  const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: 'GEHEIM-EXIF', Make: 'Phone' } } })
    .toBuffer();
  assert.ok(photo.includes(Buffer.from('GEHEIM-EXIF')));
  await browser.get('/kontakt');
  const ok = await browser.postMultipart('/kontakt', { ...valid, email: 'photo@example.org', submission: crypto.randomUUID() }, [{ field: 'attachment', filename: 'laterne.jpg', content: photo, type: 'image/jpeg' }]);
  assert.equal(ok.statusCode, 303);
  const c = await t.services.db.selectFrom('cases').select(['id', 'tenant_id']).where(sql<string>`contact->>'email'`, '=', 'photo@example.org').executeTakeFirstOrThrow();
  const doc = await t.services.db.selectFrom('case_documents').select('file_id').where('case_id', '=', c.id).executeTakeFirstOrThrow();
  const file = await t.services.files.read(t.services.db, c.tenant_id, doc.file_id);
  assert.equal(file?.mimeType, 'image/jpeg');
  assert.ok(file && !file.content.includes(Buffer.from('GEHEIM-EXIF')), 'metadata stripped');
});

test('more files than allowed are refused with a message, not a crash', async () => {
  const browser = await openForm();
  const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
  const files = Array.from({ length: 100 }, (_, i) => ({ field: 'attachment', filename: `f${i}.png`, content: png, type: 'image/png' }));
  const res = await browser.postMultipart('/kontakt', { ...valid, submission: crypto.randomUUID() }, files);
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /höchstens 1 Dateien|höchstens 1 Datei/);
});

test('a POST without CSRF token is refused with 403 and creates nothing', async () => {
  const browser = await openForm();
  const res = await browser.postMultipart('/kontakt', { ...valid, email: 'csrf@example.org' }, [], { csrf: null });
  assert.equal(res.statusCode, 403);
  const forged = await browser.postMultipart('/kontakt', { ...valid, email: 'csrf@example.org' }, [], { csrf: 'forged-token' });
  assert.equal(forged.statusCode, 403);
  const barrier = await browser.post('/barriere-melden', { description: 'x', privacy: 'yes' }, { csrf: null });
  assert.equal(barrier.statusCode, 403);
  const rows = await t.services.db.selectFrom('cases').select('id').where(sql<string>`contact->>'email'`, '=', 'csrf@example.org').execute();
  assert.equal(rows.length, 0);
});

test('Barriere melden works anonymously and lands with the accessibility unit', async () => {
  const browser = new TestBrowser(t.app);
  await browser.get('/barriere-melden');
  const res = await browser.post('/barriere-melden', { page: '/kontakt', description: 'Der Kontrast der Fußzeile ist zu gering.', privacy: 'yes', submission: crypto.randomUUID() });
  assert.equal(res.statusCode, 303);
  const confirmation = await browser.get('/barriere-melden/bestaetigung');
  const reference = /class="rathaus-panel__reference">([A-Z0-9-]+)</.exec(confirmation.body)?.[1] as string;
  assert.match(reference, /^BM-/);
  const row = await t.services.db
    .selectFrom('cases')
    .innerJoin('org_units', (j) => j.onRef('org_units.tenant_id', '=', 'cases.tenant_id').onRef('org_units.id', '=', 'cases.unit_id'))
    .select(['org_units.slug', 'cases.contact'])
    .where('cases.reference', '=', reference)
    .executeTakeFirstOrThrow();
  assert.equal(row.slug, 'hauptamt');
  assert.deepEqual(row.contact, {});
});
