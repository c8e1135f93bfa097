import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createCaseService } from './case-service.ts';
import type { JobQueue } from '../jobs/jobs.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import type { StaffActor } from '../auth/policy.ts';

let t: TestApp;
let tenant: Tenant;
let unitId: string;
let clerk: StaffActor;

before(async () => {
  t = await createTestApp();
  tenant = (await t.services.tenants.bySlug('musterstadt')) as Tenant;
  unitId = (await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenant.id).where('slug', '=', 'buergerbuero').executeTakeFirstOrThrow()).id;
  const user = await t.services.db.selectFrom('staff_users').select(['id', 'display_name']).where('email', '=', 'buergerbuero@musterstadt.example').executeTakeFirstOrThrow();
  clerk = { kind: 'staff', tenantId: tenant.id, userId: user.id, displayName: user.display_name, roles: [{ role: 'sachbearbeitung', unitId }] };
});
after(async () => t.close());

const input = (email: string) => ({ type: 'contact', unitId: '', subject: 'Test', data: { topicLabel: 'Test', message: 'Hallo' }, contact: { name: 'A', email }, locale: 'de' as const });

async function count(table: 'cases' | 'mails', email: string): Promise<number> {
  const column = table === 'cases' ? sql<string>`contact->>'email'` : sql<string>`to_address`;
  const row = await t.services.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', email).executeTakeFirstOrThrow();
  return Number(row.n);
}

test('Vorgang and receipt mail commit together: if the mail cannot be queued, no Vorgang exists either', async () => {
  // A job queue that dies while enqueueing, as a process would that crashes between the two inserts.
  const crashing: JobQueue = { ...t.services.jobs, send: async () => Promise.reject(new Error('simulated crash while enqueueing')) };
  const cases = createCaseService({ db: t.services.db, jobs: crashing, tenants: t.services.tenants, files: t.services.files, linkSecret: 'x'.repeat(40), statusUrl: () => 'http://localhost/vorgang/x', statusLabel: (s) => s });
  await assert.rejects(cases.createCase(tenant, { ...input('atomic@example.org'), unitId }), /simulated crash/);
  assert.equal(await count('cases', 'atomic@example.org'), 0);
  assert.equal(await count('mails', 'atomic@example.org'), 0);
});

test('after the commit both exist, and the delivery job is durable in PostgreSQL (a crash now loses nothing)', async () => {
  const created = await t.services.cases.createCase(tenant, { ...input('durable@example.org'), unitId });
  assert.equal(created.outcome, 'created');
  assert.equal(await count('cases', 'durable@example.org'), 1);
  const mail = await t.services.db.selectFrom('mails').select(['id', 'status']).where('to_address', '=', 'durable@example.org').executeTakeFirstOrThrow();
  const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'mail.send' and data->>'mailId' = ${mail.id}`.execute(t.services.db);
  const done = mail.status !== 'queued';
  assert.ok(done || (jobs.rows[0]?.n ?? 0) === 1, 'a queued mail always has its job');
});

test('status changes are recorded with history, audit and mail; closing sets the retention date', async () => {
  const created = await t.services.cases.createCase(tenant, { ...input('history@example.org'), unitId });
  assert.deepEqual(await t.services.cases.changeStatus(clerk, created.id, 'in_progress'), { ok: true });
  assert.deepEqual(await t.services.cases.changeStatus(clerk, created.id, 'in_progress'), { ok: false, reason: 'unchanged' });
  assert.deepEqual(await t.services.cases.changeStatus(clerk, created.id, 'completed', 'Fertig'), { ok: true });
  const row = await t.services.db.selectFrom('cases').select(['closed_at', 'retention_until']).where('id', '=', created.id).executeTakeFirstOrThrow();
  assert.ok(row.closed_at && row.retention_until);
  const days = (row.retention_until.getTime() - row.closed_at.getTime()) / 86_400_000;
  assert.equal(Math.round(days), 365);
  const detail = await t.services.cases.getCase(clerk, created.id);
  assert.deepEqual(detail?.events.map((e) => e.kind), ['created', 'status', 'status']);
});

test('retention: an expired closed Vorgang is anonymised — contact data, texts, mails and files gone, statistics kept', async () => {
  const created = await t.services.cases.createCase(tenant, { ...input('retention@example.org'), unitId, attachments: [{ buffer: Buffer.from('%PDF-1.4\n%%EOF\n'), filename: 'a.pdf', mimeType: 'application/pdf' }] });
  await t.services.cases.messageCitizen(clerk, created.id, 'PERSOENLICHE-NACHRICHT');
  await t.services.cases.changeStatus(clerk, created.id, 'completed');
  await t.services.db.updateTable('cases').set({ retention_until: new Date(Date.now() - 1000) }).where('id', '=', created.id).execute();
  const file = await t.services.db.selectFrom('case_documents').select('file_id').where('case_id', '=', created.id).executeTakeFirstOrThrow();
  assert.ok(await t.services.files.read(t.services.db, tenant.id, file.file_id));
  assert.ok((await t.services.cases.anonymiseExpired()) >= 1);
  const row = await t.services.db.selectFrom('cases').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
  assert.deepEqual(row.contact, {});
  assert.deepEqual(row.data, {});
  assert.ok(row.anonymised_at);
  assert.equal(row.status, 'completed');
  assert.equal(row.type, 'contact');
  const texts = await t.services.db.selectFrom('case_events').select('body').where('case_id', '=', created.id).execute();
  assert.ok(texts.every((e) => e.body === null));
  assert.equal(await count('mails', 'retention@example.org'), 0);
  assert.equal(await t.services.files.read(t.services.db, tenant.id, file.file_id), null);
  assert.equal(await t.services.cases.getCase(clerk, created.id).then((d) => d?.contact.email), undefined);
});
