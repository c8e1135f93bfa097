/**
 * Beschwerdemanagement over HTTP against the seeded Musterstadt (NW, complaints
 * go to the Hauptamt): the citizen's journey with both deadlines in working
 * days, anonymous complaints, validation, and the back office — overdue
 * flags on a movable clock, acknowledge, answer-and-close, forward, and the
 * unit boundary.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';

let t: TestApp;
// A Friday before the Ascension and Whit Monday holidays of 2027 (NW: 6 and 17 May).
let clock = new Date('2027-04-30T10:00:00Z');

before(async () => {
  t = await createTestApp({ now: () => clock });
});
after(async () => t.close());

const LETTER = 'Am 28. April wurde ich im Bürgerbüro unfreundlich behandelt.\nIch bitte um eine Stellungnahme.';

/** Goes through form → check → send as a citizen; returns the confirmation page and the case. */
async function complain(form: Record<string, string>): Promise<{ page: string; reference: string; caseId: string }> {
  const citizen = new TestBrowser(t.app);
  const start = await citizen.get('/beschwerde');
  assert.equal(start.statusCode, 200);
  const submission = /name="submission" value="([0-9a-f-]{36})"/.exec(start.body)?.[1] as string;
  const check = await citizen.post('/beschwerde', { submission, ...form });
  assert.equal(check.statusCode, 200, check.body.slice(0, 2000));
  assert.match(check.body, /Prüfen Sie Ihre Angaben/);
  const sent = await citizen.post('/beschwerde/absenden', { submission, ...form, aktion: 'absenden' });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, '/beschwerde/bestaetigung');
  const confirmation = await citizen.get('/beschwerde/bestaetigung');
  const reference = /class="rathaus-panel__reference">([A-Z0-9-]+)</.exec(confirmation.body)?.[1] as string;
  assert.match(reference, /^BS-[0-9A-Z]{5}-[0-9A-Z]$/);
  const row = await t.services.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
  return { page: confirmation.body, reference, caseId: row.id };
}

const complaintRow = (caseId: string) => t.services.db.selectFrom('complaints').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
const mailsOf = (caseId: string) => t.services.db.selectFrom('mails').select(['template', 'to_address', 'text_body']).where('case_id', '=', caseId).orderBy('created_at').execute();

test('a complaint opens a Vorgang at the complaints unit with both deadlines in working days (weekend and holidays skipped)', async () => {
  clock = new Date('2027-04-30T10:00:00Z');
  const { page, caseId } = await complain({ topic: 'complaint', unit: 'buergerbuero', text: LETTER, name: 'Paula Petenti', email: 'paula.petenti@example.org', privacy: 'yes' });
  // Friday + 3 working days = Wednesday 5 May; + 15 = Tuesday 25 May (6 and 17 May are holidays in NW). End of day, Berlin.
  const row = await complaintRow(caseId);
  assert.equal(row.ack_due_at.toISOString(), '2027-05-05T21:59:00.000Z');
  assert.equal(row.answer_due_at.toISOString(), '2027-05-25T21:59:00.000Z');
  assert.equal(row.acknowledged_at, null);
  const kase = await t.services.db
    .selectFrom('cases as c')
    .innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .select(['c.type', 'c.status', 'c.subject', 'c.data', 'c.contact', 'c.due_at', 'u.slug'])
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
  assert.equal(kase.type, 'complaint');
  assert.equal(kase.slug, 'hauptamt');
  assert.equal(kase.status, 'received');
  assert.equal(kase.due_at?.toISOString(), '2027-05-25T21:59:00.000Z');
  assert.equal(kase.subject, 'Beschwerde: Bürgerbüro');
  assert.deepEqual(kase.data, { topic: 'Beschwerde', topicCode: 'complaint', text: LETTER, unit: 'Bürgerbüro', unitSlug: 'buergerbuero' });
  assert.deepEqual(kase.contact, { name: 'Paula Petenti', email: 'paula.petenti@example.org' });
  const consent = await t.services.db.selectFrom('consents').select(['kind']).where('case_id', '=', caseId).execute();
  assert.deepEqual(consent, [{ kind: 'privacy' }]);
  const mails = await mailsOf(caseId);
  assert.deepEqual(mails.map((m) => [m.template, m.to_address]), [['case.received', 'paula.petenti@example.org']]);
  assert.match(page, /Ihre Nachricht ist eingegangen/);
  assert.match(page, /bis zum 05\.05\.2027/);
  assert.match(page, /bis spätestens 25\.05\.2027/);
});

test('an anonymous suggestion needs no consent and sends no mail; a repeated send creates nothing new', async () => {
  const before = Number((await t.services.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const { page, caseId, reference } = await complain({ topic: 'suggestion', unit: '', text: 'Bitte mehr Bänke am Marktplatz.' });
  assert.match(page, /keine E-Mail-Adresse angegeben/);
  assert.deepEqual(await mailsOf(caseId), []);
  assert.deepEqual(await t.services.db.selectFrom('consents').select('kind').where('case_id', '=', caseId).execute(), []);
  const kase = await t.services.db.selectFrom('cases').select(['subject', 'contact']).where('id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(kase.subject, 'Anregung');
  assert.deepEqual(kase.contact, {});

  // The same submission key again (double click, reload): the same reference, no second complaint.
  const submission = (await t.services.db.selectFrom('cases').select('idempotency_key').where('id', '=', caseId).executeTakeFirstOrThrow()).idempotency_key?.replace('complaint:', '') as string;
  const again = new TestBrowser(t.app);
  await again.get('/beschwerde');
  assert.equal((await again.post('/beschwerde/absenden', { submission, topic: 'suggestion', unit: '', text: 'Bitte mehr Bänke am Marktplatz.', aktion: 'absenden' })).statusCode, 303);
  assert.match((await again.get('/beschwerde/bestaetigung')).body, new RegExp(reference));
  const after = Number((await t.services.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  assert.equal(after, before + 1);
});

test('invalid answers re-render the form with an error summary and keep what was typed', async () => {
  const citizen = new TestBrowser(t.app);
  await citizen.get('/beschwerde?lang=de');
  const long = 'x'.repeat(4001);
  const res = await citizen.post('/beschwerde', { topic: '', unit: 'gibt-es-nicht', text: long, name: 'Karl Kläger', email: 'karl@example', privacy: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /<title>Fehler:/);
  const summary = /id="error-summary"[\s\S]*?<\/ul>/.exec(res.body)?.[0] ?? '';
  assert.deepEqual([...summary.matchAll(/href="#field-([a-z]+)"/g)].map((m) => m[1]), ['topic', 'unit', 'text', 'email', 'privacy']);
  assert.match(res.body, /Ihre Eingabe ist zu lang/);
  assert.match(res.body, /Datenschutzhinweise gelesen haben/);
  // What was typed is still there.
  assert.ok(res.body.includes(`>${long}</textarea>`));
  assert.match(res.body, /name="name" type="text" value="Karl Kläger"/);
  assert.match(res.body, /value="karl@example"/);
  // Nothing was stored.
  assert.equal((await t.services.db.selectFrom('cases').select('id').where(sql<boolean>`contact->>'name' = ${'Karl Kläger'}`).execute()).length, 0);

  // "Angaben ändern" on the check page brings the form back filled in, without errors.
  const ok = { topic: 'praise', unit: '', text: 'Danke für den schnellen Termin!', name: '', email: '', privacy: '' };
  assert.equal((await citizen.post('/beschwerde', ok)).statusCode, 200);
  const change = await citizen.post('/beschwerde/absenden', { ...ok, aktion: 'aendern' });
  assert.equal(change.statusCode, 200);
  assert.doesNotMatch(change.body, /id="error-summary"/);
  assert.match(change.body, /value="praise" checked/);
  assert.match(change.body, />Danke für den schnellen Termin!<\/textarea>/);
  // Without the CSRF token nothing is accepted.
  assert.equal((await citizen.post('/beschwerde/absenden', { ...ok, aktion: 'absenden' }, { csrf: null })).statusCode, 403);
});

test('staff: the list flags an overdue acknowledgement; acknowledging mails the citizen; answering closes and mails', async () => {
  clock = new Date('2027-06-07T08:00:00Z'); // Monday
  const { caseId, reference } = await complain({ topic: 'complaint', unit: 'ordnungsamt', text: 'Der Parkausweis kam nie an.', name: '', email: 'bernd.beschwerde@example.org', privacy: 'yes' });
  const row = await complaintRow(caseId);
  assert.equal(row.ack_due_at.toISOString(), '2027-06-10T21:59:00.000Z');

  const clerk = await staffBrowser(t, 'hauptamt@musterstadt.example');
  const listRow = async (browser: TestBrowser) => {
    const list = await browser.get('/verwaltung/beschwerden');
    assert.equal(list.statusCode, 200);
    return new RegExp(`<tr class="kern-table__row">(?:(?!</tr>).)*${reference}(?:(?!</tr>).)*</tr>`, 's').exec(list.body)?.[0] ?? '';
  };
  const fresh = await listRow(clerk);
  assert.match(fresh, /fällig am 10\.06\.2027/);
  assert.doesNotMatch(fresh, /überfällig/);

  // Friday: the acknowledgement (due Thursday) is overdue, the answer is not.
  clock = new Date('2027-06-11T09:00:00Z');
  const late = await listRow(await staffBrowser(t, 'hauptamt@musterstadt.example'));
  assert.match(late, /<strong class="rathaus-overdue">überfällig seit 10\.06\.2027<\/strong>/);
  assert.equal((late.match(/überfällig/g) ?? []).length, 1);
  const unacknowledged = await (await staffBrowser(t, 'hauptamt@musterstadt.example')).get('/verwaltung/beschwerden?stand=unacknowledged');
  assert.match(unacknowledged.body, new RegExp(reference));

  const desk = await staffBrowser(t, 'hauptamt@musterstadt.example');
  const page = await desk.get(`/verwaltung/beschwerden/${caseId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Der Parkausweis kam nie an\./);
  assert.match(page.body, /bernd\.beschwerde@example\.org/);
  // The prefilled acknowledgement names the answer deadline (the case's received date is the database's clock, not the test's).
  assert.match(page.body, /<textarea[^>]*name="message"[^>]*>Vielen Dank für Ihre Nachricht vom [0-9.]+\. [^<]*bis spätestens 28\.06\.2027\.<\/textarea>/);
  const empty = await desk.post(`/verwaltung/beschwerden/${caseId}/eingang`, { message: '  ' });
  assert.equal(empty.statusCode, 422);
  const ack = await desk.post(`/verwaltung/beschwerden/${caseId}/eingang`, { message: 'Wir kümmern uns darum.' });
  assert.equal(ack.statusCode, 303);
  const acknowledged = await complaintRow(caseId);
  assert.equal(acknowledged.acknowledged_at?.toISOString(), '2027-06-11T09:00:00.000Z');
  const afterAck = await t.services.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(afterAck.status, 'in_progress');
  let mails = await mailsOf(caseId);
  assert.deepEqual(mails.map((m) => m.template), ['case.received', 'case.message']);
  assert.match(mails[1]?.text_body ?? '', /Wir kümmern uns darum\./);
  assert.match(mails[1]?.text_body ?? '', /\/vorgang\/[A-Za-z0-9_-]{32}/);
  const audit = await t.services.db.selectFrom('audit_log').select('action').where('object_id', '=', caseId).execute();
  assert.ok(audit.some((a) => a.action === 'complaint.acknowledge'));
  assert.match((await listRow(desk)), /am 11\.06\.2027 \(nach der Frist\)/);
  // A second acknowledgement is refused.
  await desk.get(`/verwaltung/beschwerden/${caseId}`);
  assert.equal((await desk.post(`/verwaltung/beschwerden/${caseId}/eingang`, { message: 'Nochmal.' })).statusCode, 422);

  await desk.get(`/verwaltung/beschwerden/${caseId}`);
  assert.equal((await desk.post(`/verwaltung/beschwerden/${caseId}/antwort`, { answer: '' })).statusCode, 422);
  const answered = await desk.post(`/verwaltung/beschwerden/${caseId}/antwort`, { answer: 'Der Ausweis wurde neu versandt.' });
  assert.equal(answered.statusCode, 303);
  const closed = await t.services.db.selectFrom('cases').select(['status', 'closed_at', 'retention_until']).where('id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(closed.status, 'completed');
  assert.ok(closed.closed_at && closed.retention_until);
  assert.equal((await complaintRow(caseId)).answered_at?.toISOString(), '2027-06-11T09:00:00.000Z');
  mails = await mailsOf(caseId);
  assert.deepEqual(mails.map((m) => m.template), ['case.received', 'case.message', 'case.status']);
  assert.match(mails[2]?.text_body ?? '', /Der Ausweis wurde neu versandt\./);
  assert.match(mails[2]?.text_body ?? '', /Erledigt/);
  const answeredList = await desk.get('/verwaltung/beschwerden?stand=answered');
  assert.match(answeredList.body, new RegExp(reference));
  assert.doesNotMatch((await desk.get('/verwaltung/beschwerden')).body, new RegExp(reference));
});

test('staff: an anonymous complaint is acknowledged without mail; another unit\'s clerk gets 403; forwarding hands it over', async () => {
  clock = new Date('2027-06-14T08:00:00Z');
  const { caseId, reference } = await complain({ topic: 'complaint', unit: '', text: 'Der Spielplatz ist seit Wochen gesperrt.' });
  const bauhof = await staffBrowser(t, 'bauhof@musterstadt.example');
  assert.equal((await bauhof.get(`/verwaltung/beschwerden/${caseId}`)).statusCode, 403);
  assert.doesNotMatch((await bauhof.get('/verwaltung/beschwerden?stand=all')).body, new RegExp(reference));
  await bauhof.get('/verwaltung/beschwerden');
  assert.equal((await bauhof.post(`/verwaltung/beschwerden/${caseId}/eingang`, { message: 'x' })).statusCode, 403);
  assert.equal((await complaintRow(caseId)).acknowledged_at, null);
  // Anonymous visitors are sent to the login.
  const visitor = await new TestBrowser(t.app).get(`/verwaltung/beschwerden/${caseId}`);
  assert.equal(visitor.statusCode, 303);

  const clerk = await staffBrowser(t, 'hauptamt@musterstadt.example');
  const page = await clerk.get(`/verwaltung/beschwerden/${caseId}`);
  assert.match(page.body, /Anonym \(keine Kontaktdaten\)/);
  assert.equal((await clerk.post(`/verwaltung/beschwerden/${caseId}/eingang`, {})).statusCode, 303);
  assert.ok((await complaintRow(caseId)).acknowledged_at);
  assert.deepEqual(await mailsOf(caseId), []);
  const note = await t.services.db.selectFrom('case_events').select(['kind', 'visible_to_citizen']).where('case_id', '=', caseId).where('kind', '=', 'note').executeTakeFirstOrThrow();
  assert.equal(note.visible_to_citizen, false);

  const bauhofUnit = await t.services.db.selectFrom('org_units').select('id').where('slug', '=', 'bauhof').where('tenant_id', '=', (await t.services.tenants.bySlug('musterstadt'))?.id as string).executeTakeFirstOrThrow();
  await clerk.get(`/verwaltung/beschwerden/${caseId}`);
  const forwarded = await clerk.post(`/verwaltung/beschwerden/${caseId}/weiterleiten`, { unit: bauhofUnit.id, forwardNote: 'Spielplatz' });
  assert.equal(forwarded.statusCode, 303);
  assert.equal((await clerk.get(`/verwaltung/beschwerden/${caseId}`)).statusCode, 403);
  assert.equal((await bauhof.get(`/verwaltung/beschwerden/${caseId}`)).statusCode, 200);
  // Not a complaint: a 404, not somebody else's page.
  assert.equal((await clerk.get('/verwaltung/beschwerden/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  assert.equal((await clerk.get('/verwaltung/beschwerden/kein-vorgang')).statusCode, 400);
});
