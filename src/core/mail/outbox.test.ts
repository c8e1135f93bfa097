import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createJobQueue, type JobQueue } from '../jobs/jobs.ts';
import { recordingLogger, waitFor } from '../jobs/test-helpers.ts';
import { anonymiseUnlinkedMails, mailQueues, queueMail, MAIL_SEND_QUEUE, type QueueMailInput } from './outbox.ts';
import { header, part, startSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';
import { registerMailWorker, type MailWorker } from './worker.ts';

let database: TestDatabase;
let smtp: TestSmtpServer;
let jobs: JobQueue;
let worker: MailWorker;
let tenant: { id: string; name: string };

before(async () => {
  database = await createTestDatabase();
  tenant = await database.db.selectFrom('tenants').select(['id', 'name']).orderBy('slug').limit(1).executeTakeFirstOrThrow();
  smtp = await startSmtpServer();
  const logger = recordingLogger();
  jobs = createJobQueue({ databaseUrl: database.url, logger, queues: mailQueues({ retryDelay: 1, retryBackoff: false }) });
  await jobs.start();
  worker = await registerMailWorker({
    db: database.db,
    jobs,
    smtpUrl: smtp.url,
    mailFrom: 'Rathaus <no-reply@rathaus.example>',
    logger,
    work: { pollingIntervalSeconds: 0.5 },
  });
});

after(async () => {
  await jobs.stop();
  await worker.close();
  await smtp.stop();
  await database.drop();
});

function receivedMail(reference: string): QueueMailInput {
  return {
    tenantId: tenant.id,
    caseId: null,
    to: 'buerger@example.org',
    locale: 'de',
    template: 'case.received',
    params: { tenantName: tenant.name, reference, subject: 'Meldebescheinigung', unitName: 'Bürgerbüro', statusUrl: `https://musterstadt.example/status/${reference}` },
  };
}

async function jobsFor(mailId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${MAIL_SEND_QUEUE} and singleton_key = ${mailId}`.execute(database.db);
  return rows[0]?.n ?? 0;
}

const delivered = (mailId: string) => smtp.messages.filter((m) => header(m.raw, 'Message-ID') === `<${mailId}@rathaus.example>`);

test('mail row and job roll back together with the business transaction', async () => {
  let mailId = '';
  await assert.rejects(
    database.db.transaction().execute(async (tx) => {
      mailId = await queueMail(tx, jobs, receivedMail('MB-AAAAA-A'));
      throw new Error('case could not be saved');
    }),
    /case could not be saved/,
  );
  assert.notEqual(mailId, '');
  const row = await database.db.selectFrom('mails').select('id').where('id', '=', mailId).executeTakeFirst();
  assert.equal(row, undefined);
  assert.equal(await jobsFor(mailId), 0);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(delivered(mailId).length, 0);
});

test('mail row and job commit together and the mail is delivered exactly once', async () => {
  const mailId = await database.db.transaction().execute((tx) => queueMail(tx, jobs, receivedMail('MB-BBBBB-B')));
  const queued = await database.db.selectFrom('mails').selectAll().where('id', '=', mailId).executeTakeFirstOrThrow();
  assert.equal(queued.tenant_id, tenant.id);
  assert.equal(queued.template, 'case.received');
  assert.match(queued.subject, /MB-BBBBB-B/);

  const sent = await waitFor('the mail to be sent', async () => {
    const row = await database.db.selectFrom('mails').selectAll().where('id', '=', mailId).executeTakeFirstOrThrow();
    return row.status === 'sent' ? row : undefined;
  });
  assert.ok(sent.sent_at instanceof Date);
  assert.equal(sent.attempts, 1);
  assert.equal(sent.last_error, null);
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const messages = delivered(mailId);
  assert.equal(messages.length, 1);
  const [message] = messages;
  assert.ok(message);
  assert.deepEqual(message.envelopeTo, ['buerger@example.org']);
  assert.equal(message.envelopeFrom, 'no-reply@rathaus.example');
  assert.match(header(message.raw, 'From') ?? '', new RegExp(`${tenant.name}.*<no-reply@rathaus\\.example>`));
  assert.equal(header(message.raw, 'Auto-Submitted'), 'auto-generated');
  assert.match(header(message.raw, 'Content-Type') ?? '', /multipart\/alternative/);
  assert.match(part(message.raw, 'text/plain') ?? '', /Vorgangsnummer: MB-BBBBB-B/);
  assert.match(part(message.raw, 'text/html') ?? '', /<strong>MB-BBBBB-B<\/strong>/);
  assert.match(part(message.raw, 'text/html') ?? '', /<html lang="de">/);
});

test('given the plain database, queueMail opens its own transaction', async () => {
  const mailId = await queueMail(database.db, jobs, receivedMail('MB-CCCCC-C'));
  assert.equal(await jobsFor(mailId), 1);
  await waitFor('delivery', async () => delivered(mailId).length === 1);
});

test('a recipient that is not one plain address is refused before anything is stored', async () => {
  const before = await database.db.selectFrom('mails').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  for (const to of ['a@example.org, b@example.org', 'a@example.org\r\nBcc: c@example.org', 'not-an-address']) {
    await assert.rejects(queueMail(database.db, jobs, { ...receivedMail('MB-DDDDD-D'), to }), /plain e-mail address/);
  }
  const afterwards = await database.db.selectFrom('mails').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  assert.equal(afterwards.n, before.n);
});

test('template and params must match (compile time)', async () => {
  const input = receivedMail('MB-EEEEE-E');
  // @ts-expect-error: case.message params lack `message`
  const wrong: QueueMailInput = { ...input, template: 'case.message' };
  assert.equal(wrong.template, 'case.message');
});

test('a delivered mail without a Vorgang loses recipient and text after the retention period; queued ones and case mails are kept', async () => {
  const input = (to: string): QueueMailInput => ({ tenantId: tenant.id, to, locale: 'de', template: 'report.mine', params: { tenantName: tenant.name, listUrl: 'https://musterstadt.example/maengelmelder/meine/x', expiresAt: '01.01.2027' } });
  const old = await queueMail(database.db, jobs, input('alt.unlinked@example.org'));
  // Still waiting for delivery (a row without a job, so no worker can send it during the test).
  const queued = (
    await database.db
      .insertInto('mails')
      .values({ tenant_id: tenant.id, case_id: null, to_address: 'wartet.unlinked@example.org', subject: 's', text_body: 't', html_body: 'h', template: 'report.mine', locale: 'de', status: 'queued', created_at: new Date('2026-01-01T00:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await database.db.updateTable('mails').set({ status: 'sent', created_at: new Date('2026-01-01T00:00:00Z') }).where('id', '=', old).execute();
  assert.ok((await anonymiseUnlinkedMails(database.db, new Date('2026-06-01T00:00:00Z'))) >= 1);
  const rows = await database.db.selectFrom('mails').select(['id', 'to_address', 'text_body']).where('id', 'in', [old, queued]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  assert.equal(byId.get(old)?.to_address, 'anonymisiert');
  assert.equal(byId.get(old)?.text_body, '');
  assert.equal(byId.get(queued)?.to_address, 'wartet.unlinked@example.org');
});
