import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../test/support/app.ts';
import { staffBrowser } from '../../../test/support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

/** Submits a contact message as a citizen and returns its reference, case id and status link path. */
async function submit(topic: string, email: string, host = 'localhost'): Promise<{ reference: string; id: string; statusPath: string }> {
  const citizen = new TestBrowser(t.app, host);
  await citizen.get('/kontakt');
  const res = await citizen.postMultipart('/kontakt', { topic, name: 'Max Bürger', email, message: `Anliegen von ${email}`, privacy: 'yes', submission: crypto.randomUUID() });
  assert.equal(res.statusCode, 303);
  const confirmation = await citizen.get('/kontakt/bestaetigung');
  const reference = /class="rathaus-panel__reference">([A-Z0-9-]+)</.exec(confirmation.body)?.[1] as string;
  const row = await t.services.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
  const mail = await t.services.db.selectFrom('mails').select('text_body').where('case_id', '=', row.id).where('template', '=', 'case.received').executeTakeFirstOrThrow();
  const statusPath = /https?:\/\/[^/\s]+(\/vorgang\/[A-Za-z0-9_-]{32})/.exec(mail.text_body)?.[1] as string;
  assert.ok(statusPath, 'status link in the receipt mail');
  return { reference, id: row.id, statusPath };
}

test('the case lands in the right unit inbox; other units and other tenants cannot see it', async () => {
  const c = await submit('melde-pass', 'inbox-a@example.org');
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  const inbox = await clerk.get('/verwaltung');
  assert.equal(inbox.statusCode, 200);
  assert.match(inbox.body, new RegExp(c.reference));

  const bauhof = await staffBrowser(t, 'bauhof@musterstadt.example');
  assert.doesNotMatch((await bauhof.get('/verwaltung')).body, new RegExp(c.reference));
  assert.doesNotMatch((await bauhof.get(`/verwaltung?q=${c.reference}`)).body, new RegExp(`href="/verwaltung/vorgaenge/${c.id}"`));
  assert.equal((await bauhof.get(`/verwaltung/vorgaenge/${c.id}`)).statusCode, 403);

  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  assert.match((await admin.get('/verwaltung')).body, new RegExp(c.reference));

  // Tenant isolation: Beispielhausen's admin sees nothing of Musterstadt, by list, search, URL or file.
  const foreign = await staffBrowser(t, 'admin@beispielhausen.example', 'beispielhausen.localhost');
  const foreignSearch = await foreign.get(`/verwaltung?q=${c.reference}`);
  assert.doesNotMatch(foreignSearch.body, new RegExp(`href="/verwaltung/vorgaenge/${c.id}"`));
  assert.match(foreignSearch.body, /Keine Vorgänge gefunden/);
  assert.equal((await foreign.get(`/verwaltung/vorgaenge/${c.id}`)).statusCode, 404);
  assert.equal((await new TestBrowser(t.app, 'beispielhausen.localhost').get(c.statusPath)).statusCode, 404);
  // A Musterstadt session cookie is worthless on the other tenant's host.
  const crossHost = new TestBrowser(t.app, 'beispielhausen.localhost');
  crossHost.setCookie('__Host-rathaus-session', (clerk.cookieHeader().match(/__Host-rathaus-session=([^;]+)/) ?? [])[1] as string);
  assert.equal((await crossHost.get('/verwaltung')).statusCode, 303);
});

test('clerk claims, replies and closes; the citizen gets each mail and sees the history and can reply before closing', async () => {
  const c = await submit('melde-pass', 'journey@example.org');
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  const detail = await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  assert.equal(detail.statusCode, 200);
  assert.match(detail.body, /Anliegen von journey@example.org/);

  assert.equal((await clerk.post(`/verwaltung/vorgaenge/${c.id}/zuweisen`, { assignee: 'me' })).statusCode, 303);
  await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  assert.match(clerk.lastBody, /Birgit Brandt/);
  assert.equal((await clerk.postMultipart(`/verwaltung/vorgaenge/${c.id}/nachricht`, { message: 'Bitte senden Sie uns eine Kopie Ihres Ausweises.' })).statusCode, 303);
  await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  assert.equal((await clerk.post(`/verwaltung/vorgaenge/${c.id}/status`, { status: 'awaiting_citizen', statusMessage: '' })).statusCode, 303);

  const citizen = new TestBrowser(t.app);
  const page = await citizen.get(c.statusPath);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(c.reference));
  assert.match(page.body, /Bitte senden Sie uns eine Kopie Ihres Ausweises\./);
  assert.match(page.body, /Rückfrage an Sie/);
  const citizenToken = citizen.csrf();
  const reply = await citizen.postMultipart(`${c.statusPath}/antwort`, { message: 'Hier ist die Kopie.' });
  assert.equal(reply.statusCode, 303);
  const row = await t.services.db.selectFrom('cases').select('status').where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'in_progress', 'a reply ends the waiting state');

  await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  assert.match(clerk.lastBody, /Hier ist die Kopie\./);
  await clerk.post(`/verwaltung/vorgaenge/${c.id}/notiz`, { note: 'INTERN-NOTIZ-KANARIE' });
  await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  assert.match(clerk.lastBody, /INTERN-NOTIZ-KANARIE/);
  assert.equal((await clerk.post(`/verwaltung/vorgaenge/${c.id}/status`, { status: 'completed', statusMessage: 'Erledigt, vielen Dank.' })).statusCode, 303);

  const mails = await t.services.db.selectFrom('mails').select(['template', 'text_body']).where('case_id', '=', c.id).orderBy('created_at').execute();
  assert.deepEqual(mails.map((m) => m.template), ['case.received', 'case.message', 'case.status', 'case.status']);
  assert.match(mails[3]?.text_body ?? '', /Erledigt/);
  for (const m of mails) assert.ok(m.text_body.includes(c.statusPath), 'every mail carries the same status link');

  const final = await citizen.get(c.statusPath);
  assert.match(final.body, /Erledigt, vielen Dank\./);
  assert.doesNotMatch(final.body, /INTERN-NOTIZ-KANARIE/, 'internal notes never reach the citizen');
  assert.doesNotMatch(final.body, /Birgit Brandt/, 'staff names are not shown to citizens');
  assert.doesNotMatch(final.body, /action="[^"]*\/antwort"/, 'no reply form on a closed case');
  const late = await citizen.postMultipart(`${c.statusPath}/antwort`, { message: 'Noch etwas' }, [], { csrf: citizenToken });
  assert.equal(late.statusCode, 409);

  const audit = await t.services.db.selectFrom('audit_log').select('action').where('object_id', '=', c.id).orderBy('id').execute();
  assert.deepEqual(audit.map((a) => a.action), ['case.claim', 'case.message', 'case.status', 'case.note', 'case.status']);
});

test('invalid staff input is a 422 with an error summary; forwarding moves the case', async () => {
  const c = await submit('melde-pass', 'forward@example.org');
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  const bad = await clerk.post(`/verwaltung/vorgaenge/${c.id}/status`, { status: 'erfunden' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="error-summary"/);
  const empty = await clerk.post(`/verwaltung/vorgaenge/${c.id}/notiz`, { note: '   ' });
  assert.equal(empty.statusCode, 422);
  const ordnungsamt = await t.services.db.selectFrom('org_units').select('id').where('slug', '=', 'ordnungsamt').where('tenant_id', '=', t.services.db.selectFrom('tenants').select('id').where('slug', '=', 'musterstadt')).executeTakeFirstOrThrow();
  const fwd = await clerk.post(`/verwaltung/vorgaenge/${c.id}/weiterleiten`, { unit: ordnungsamt.id, forwardNote: 'Zuständigkeit Ordnungsamt' });
  assert.equal(fwd.statusCode, 303);
  assert.equal((await clerk.get(`/verwaltung/vorgaenge/${c.id}`)).statusCode, 403, 'after forwarding the Bürgerbüro no longer sees it');
  const oa = await staffBrowser(t, 'ordnungsamt@musterstadt.example');
  assert.match((await oa.get('/verwaltung')).body, new RegExp(c.reference));
  assert.equal((await oa.get('/verwaltung/vorgaenge/not-a-uuid')).statusCode, 400);
});

test('staff pages need a login; the inbox filter rejects nonsense without a 500', async () => {
  const anonymous = new TestBrowser(t.app);
  const res = await anonymous.get('/verwaltung');
  assert.equal(res.statusCode, 303);
  assert.match(String(res.headers.location), /^\/verwaltung\/anmelden\?weiter=/);
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  assert.equal((await clerk.get('/verwaltung?status=quatsch')).statusCode, 400);
  assert.equal((await clerk.get('/verwaltung?page=999999999')).statusCode, 400);
  assert.equal((await clerk.get('/verwaltung?status=all&overdue=1&q=%25_')).statusCode, 200);
});
