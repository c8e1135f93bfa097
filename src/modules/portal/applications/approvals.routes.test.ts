/**
 * Back-office rules per service: the administrators' procedure page, the
 * four-eyes release of a Bescheid (blocking dispatch until a second person
 * released it, refused for the requester in code and in the database), the
 * Rückfrage with its upload link, and retention periods per service for
 * drafts and completed Vorgänge.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import { applyOnline, journeyPath, testPng } from './test-journey.ts';

let t: TestApp;
let musterstadt: string;
before(async () => {
  t = await createTestApp();
  musterstadt = (await t.services.tenants.bySlug('musterstadt'))?.id as string;
});
after(async () => t.close());

const DAY_MS = 86_400_000;

async function caseOf(reference: string) {
  return t.services.db.selectFrom('cases').select(['id', 'tenant_id', 'unit_id', 'status', 'retention_until', 'closed_at']).where('reference', '=', reference).executeTakeFirstOrThrow();
}

async function setProcessing(slug: string, values: Record<string, string>) {
  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  await admin.get(`/verwaltung/leistungen/${slug}/verfahren`);
  const current = {
    fourEyes: /name="fourEyes"[^>]*value="yes"[^>]*checked/.test(admin.lastBody) ? 'yes' : 'no',
    draftRetentionDays: /name="draftRetentionDays"[^>]*value="(\d*)"/.exec(admin.lastBody)?.[1] ?? '30',
    caseRetentionDays: /name="caseRetentionDays"[^>]*value="(\d*)"/.exec(admin.lastBody)?.[1] ?? '',
    paymentPolicy: 'required',
    feeExemption: /name="feeExemption"[^>]*value="yes"[^>]*checked/.test(admin.lastBody) ? 'yes' : 'no',
    haushaltsstelle: '',
    produktkonto: '',
  };
  return admin.post(`/verwaltung/leistungen/${slug}/verfahren`, { ...current, ...values });
}

test('only administrators set the procedure of a service; bad values are refused field by field', async () => {
  const redaktion = await staffBrowser(t, 'hauptamt@musterstadt.example');
  assert.equal((await redaktion.get('/verwaltung/leistungen/meldebescheinigung/verfahren')).statusCode, 403, 'the Redaktion edits texts, not the procedure');
  assert.doesNotMatch((await redaktion.get('/verwaltung/leistungen/meldebescheinigung')).body, /\/verfahren"/);

  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  assert.match((await admin.get('/verwaltung/leistungen/meldebescheinigung')).body, /href="\/verwaltung\/leistungen\/meldebescheinigung\/verfahren"/);
  const page = await admin.get('/verwaltung/leistungen/meldebescheinigung/verfahren');
  assert.equal(page.statusCode, 200);
  const bad = await admin.post('/verwaltung/leistungen/meldebescheinigung/verfahren', {
    fourEyes: 'vielleicht',
    draftRetentionDays: '0',
    caseRetentionDays: '10',
    paymentPolicy: 'bar',
    haushaltsstelle: '<script>',
    produktkonto: '1.1.1',
  });
  assert.equal(bad.statusCode, 422);
  for (const field of ['fourEyes', 'draftRetentionDays', 'caseRetentionDays', 'paymentPolicy', 'haushaltsstelle']) assert.match(bad.body, new RegExp(`href="#field-${field}"`), `error for ${field}`);
  assert.doesNotMatch(bad.body, /href="#field-produktkonto"/);
  assert.match(bad.body, /name="haushaltsstelle"[^>]*value="<script>"/, 'what was typed is shown again (inside a quoted attribute, where < is inert)');
  assert.match(bad.body, /ganze Zahl von 30 bis 36500/);

  const ok = await admin.post('/verwaltung/leistungen/meldebescheinigung/verfahren', {
    fourEyes: 'no',
    draftRetentionDays: '14',
    caseRetentionDays: '',
    paymentPolicy: 'required',
    feeExemption: 'yes',
    haushaltsstelle: '1.1.2.01',
    produktkonto: '431100',
  });
  assert.equal(ok.statusCode, 303);
  const row = await t.services.db.selectFrom('portal_services').select(['draft_retention_days', 'case_retention_days', 'haushaltsstelle', 'produktkonto']).where('tenant_id', '=', musterstadt).where('slug', '=', 'meldebescheinigung').executeTakeFirstOrThrow();
  assert.deepEqual(row, { draft_retention_days: 14, case_retention_days: null, haushaltsstelle: '1.1.2.01', produktkonto: '431100' });
  const audit = await t.services.db.selectFrom('audit_log').select(['details']).where('tenant_id', '=', musterstadt).where('action', '=', 'catalog.processing').orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.deepEqual((audit.details as { changed: string[] }).changed.sort(), ['draftRetentionDays', 'haushaltsstelle', 'produktkonto']);

  // The citizen is told the service's period, and the draft expires after it.
  const citizen = new TestBrowser(t.app);
  assert.match((await citizen.get(journeyPath('meldebescheinigung'))).body, /innerhalb von 14 Tagen/);
  await citizen.post(journeyPath('meldebescheinigung'), {});
  assert.match((await citizen.get(`${journeyPath('meldebescheinigung')}/datenschutz`)).body, /nach 14 Tagen/);
  const draft = await t.services.db.selectFrom('portal_drafts').select(['expires_at', 'created_at']).where('tenant_id', '=', musterstadt).where('service_slug', '=', 'meldebescheinigung').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const days = (draft.expires_at.getTime() - draft.created_at.getTime()) / DAY_MS;
  assert.ok(Math.abs(days - 14) < 0.01, `draft expires after ${days} days`);
  await setProcessing('meldebescheinigung', { draftRetentionDays: '30' });
});

test('four eyes: dispatch waits for the release of a second person; the requester cannot release, not even in the database', async () => {
  assert.equal((await setProcessing('melderegisterauskunft', { fourEyes: 'yes' })).statusCode, 303);
  const { reference } = await applyOnline(t, 'melderegisterauskunft');
  const c = await caseOf(reference);
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  const colleague = await staffBrowser(t, 'buergerbuero2@musterstadt.example');
  const approvalPage = `/verwaltung/antraege/${c.id}/freigabe`;

  assert.match((await clerk.get(`/verwaltung/vorgaenge/${c.id}`)).body, new RegExp(`href="${approvalPage}"`), 'the case screen links the release');
  // Nothing to release yet.
  await clerk.get(approvalPage);
  assert.equal((await clerk.post(`${approvalPage}/anfordern`, {})).statusCode, 409);

  await clerk.get(`/verwaltung/antraege/${c.id}/bescheid`);
  assert.equal((await clerk.post(`/verwaltung/antraege/${c.id}/bescheid`, { text: 'Die Auskunft wird erteilt.', visible: 'yes' })).statusCode, 303);
  const today = new Date().toISOString().slice(0, 10);
  const dispatch = await clerk.get(`/verwaltung/antraege/${c.id}/versand`);
  assert.match(dispatch.body, /noch nicht freigegeben/);
  const refused = await clerk.post(`/verwaltung/antraege/${c.id}/versand`, { date: today });
  assert.equal(refused.statusCode, 409, 'no dispatch before the release');
  assert.match(refused.body, /noch nicht freigegeben/);
  // Nor through the generic status form.
  await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  assert.equal((await clerk.post(`/verwaltung/vorgaenge/${c.id}/status`, { status: 'completed', statusMessage: '' })).statusCode, 422);
  assert.equal((await caseOf(reference)).status !== 'completed', true);

  await clerk.get(approvalPage);
  assert.equal((await clerk.post(`${approvalPage}/anfordern`, {})).statusCode, 303);
  await clerk.get(approvalPage);
  assert.equal((await clerk.post(`${approvalPage}/anfordern`, {})).statusCode, 409, 'asked once');
  const ownDecision = await clerk.post(`${approvalPage}/entscheiden`, { decision: 'approved', note: '' });
  assert.equal(ownDecision.statusCode, 409);
  assert.match(ownDecision.body, /eine andere Person/);

  // The database itself refuses a release by the requester.
  const pending = await t.services.db.selectFrom('portal_approvals').select(['id', 'requested_by']).where('case_id', '=', c.id).where('decision', 'is', null).executeTakeFirstOrThrow();
  await assert.rejects(
    sql`update portal_approvals set decision = 'approved', decided_by = requested_by, decided_at = now() where id = ${pending.id}`.execute(t.services.db),
    /check constraint/,
  );

  // The colleague finds it in the list, refuses once with a reason, and the clerk asks again after a new Bescheid.
  const list = await colleague.get('/verwaltung/freigaben');
  assert.match(list.body, new RegExp(reference));
  assert.doesNotMatch((await clerk.get('/verwaltung/freigaben')).body, new RegExp(reference), 'one\'s own requests are not in one\'s list');
  await colleague.get(approvalPage);
  assert.equal((await colleague.post(`${approvalPage}/entscheiden`, { decision: 'declined', note: '' })).statusCode, 422, 'refusing needs a reason');
  assert.equal((await colleague.post(`${approvalPage}/entscheiden`, { decision: 'declined', note: 'Adresse im Bescheid prüfen.' })).statusCode, 303);
  assert.equal((await clerk.post(`/verwaltung/antraege/${c.id}/versand`, { date: today })).statusCode, 409, 'a refused Bescheid cannot go out');
  await clerk.get(`/verwaltung/antraege/${c.id}/bescheid`);
  assert.equal((await clerk.post(`/verwaltung/antraege/${c.id}/bescheid`, { text: 'Die Auskunft wird erteilt (korrigiert).', visible: 'yes' })).statusCode, 303);
  await clerk.get(approvalPage);
  assert.equal((await clerk.post(`${approvalPage}/anfordern`, {})).statusCode, 303);
  await colleague.get(approvalPage);
  assert.equal((await colleague.post(`${approvalPage}/entscheiden`, { decision: 'approved', note: '' })).statusCode, 303);

  await clerk.get(`/verwaltung/antraege/${c.id}/versand`);
  assert.equal((await clerk.post(`/verwaltung/antraege/${c.id}/versand`, { date: today })).statusCode, 303);
  assert.equal((await caseOf(reference)).status, 'completed');
  const events = await t.services.db.selectFrom('case_events').select(['kind', 'visible_to_citizen']).where('case_id', '=', c.id).orderBy('created_at').execute();
  const kinds = events.map((e) => e.kind);
  assert.deepEqual(kinds.filter((k) => k.startsWith('approv')), ['approval_requested', 'approval_declined', 'approval_requested', 'approved']);
  assert.ok(events.filter((e) => e.kind.startsWith('approv')).every((e) => !e.visible_to_citizen), 'the release is internal');
  const audits = await t.services.db.selectFrom('audit_log').select('action').where('object_id', '=', c.id).where('action', 'like', 'case.approval.%').execute();
  assert.deepEqual(audits.map((a) => a.action).sort(), ['case.approval.approve', 'case.approval.decline', 'case.approval.request', 'case.approval.request']);
  await setProcessing('melderegisterauskunft', { fourEyes: 'no' });
});

test('Rückfrage: the citizen is asked by mail with an upload link, answers with a document, and the case goes on', async () => {
  const { reference } = await applyOnline(t, 'meldebescheinigung');
  const c = await caseOf(reference);
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  assert.equal((await clerk.post(`/verwaltung/vorgaenge/${c.id}/rueckfrage`, { question: '   ' })).statusCode, 422);
  assert.equal((await clerk.post(`/verwaltung/vorgaenge/${c.id}/rueckfrage`, { question: 'Bitte laden Sie Ihren Mietvertrag hoch.' })).statusCode, 303);
  assert.equal((await caseOf(reference)).status, 'awaiting_citizen');
  const mail = await t.services.db.selectFrom('mails').select(['subject', 'text_body']).where('case_id', '=', c.id).where('template', '=', 'case.question').executeTakeFirstOrThrow();
  assert.match(mail.subject, /Rückfrage/);
  assert.match(mail.text_body, /Mietvertrag/);
  assert.match(mail.text_body, /Unterlagen hochladen/);
  const statusPath = /(\/vorgang\/[A-Za-z0-9_-]{32})/.exec(mail.text_body)?.[1] as string;

  const citizen = new TestBrowser(t.app);
  const page = await citizen.get(statusPath);
  assert.match(page.body, /Wir haben eine Rückfrage an Sie/);
  assert.match(page.body, /Bitte laden Sie Ihren Mietvertrag hoch\./);
  const answered = await citizen.postMultipart(`${statusPath}/antwort`, { message: 'Anbei der Mietvertrag.' }, [{ field: 'attachment', filename: 'mietvertrag.png', content: await testPng(), type: 'image/png' }]);
  assert.equal(answered.statusCode, 303);
  assert.equal((await caseOf(reference)).status, 'in_progress', 'the answer puts the case back into progress');
  const detail = await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
  assert.match(detail.body, /Anbei der Mietvertrag\./);
  assert.match(detail.body, /mietvertrag\.png/, 'the document lands on the case');
  assert.doesNotMatch((await citizen.get(statusPath)).body, /Wir haben eine Rückfrage an Sie/, 'no open question any more');
});

test('retention: a completed application is anonymised after its service\'s period, else after the tenant default', async () => {
  assert.equal((await setProcessing('hundeanmeldung', { caseRetentionDays: '90' })).statusCode, 303);
  const periodOf = async (slug: string): Promise<number> => {
    const { reference } = await applyOnline(t, slug);
    const c = await caseOf(reference);
    // The clerk of the service's unit (every demo unit has one at <unit>@musterstadt.example).
    const { unit } = await t.services.db.selectFrom('org_units').select('slug as unit').where('tenant_id', '=', musterstadt).where('id', '=', c.unit_id).executeTakeFirstOrThrow();
    const clerk = await staffBrowser(t, `${unit}@musterstadt.example`);
    await clerk.get(`/verwaltung/vorgaenge/${c.id}`);
    assert.equal((await clerk.post(`/verwaltung/vorgaenge/${c.id}/status`, { status: 'completed', statusMessage: '' })).statusCode, 303);
    const closed = await caseOf(reference);
    return Math.round(((closed.retention_until as Date).getTime() - (closed.closed_at as Date).getTime()) / DAY_MS);
  };
  assert.equal(await periodOf('hundeanmeldung'), 90);
  assert.equal(await periodOf('meldebescheinigung'), 730, 'the tenant default for applications');
});
