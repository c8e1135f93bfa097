import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createJobQueue, type JobQueue } from '../jobs/jobs.ts';
import { recordingLogger, waitFor } from '../jobs/test-helpers.ts';
import { mailQueues, queueMail, MAIL_SEND_QUEUE, type MailRetryOptions, type QueueMailInput } from './outbox.ts';
import { freePort, header, startSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';
import { registerMailWorker, type MailWorker } from './worker.ts';

const MAIL_FROM = 'Rathaus <no-reply@rathaus.example>';

let database: TestDatabase;
let tenant: { id: string; name: string };
/** Everything a test started, stopped again in afterEach in reverse order. */
let cleanup: (() => Promise<void>)[] = [];
let logs = recordingLogger();

before(async () => {
  database = await createTestDatabase();
  tenant = await database.db.selectFrom('tenants').select(['id', 'name']).orderBy('slug').limit(1).executeTakeFirstOrThrow();
});

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
  logs = recordingLogger();
});

after(async () => {
  await database.drop();
});

async function startJobs(options: { workersEnabled?: boolean; retry?: MailRetryOptions } = {}): Promise<JobQueue> {
  const jobs = createJobQueue({
    databaseUrl: database.url,
    logger: logs,
    queues: mailQueues(options.retry ?? { retryDelay: 1, retryBackoff: false }),
    workersEnabled: options.workersEnabled ?? true,
  });
  await jobs.start();
  cleanup.push(() => jobs.stop({ timeoutMs: 5000 }));
  return jobs;
}

async function startWorker(jobs: JobQueue, smtpUrl?: string): Promise<MailWorker> {
  const worker = await registerMailWorker({ db: database.db, jobs, smtpUrl, mailFrom: MAIL_FROM, logger: logs, work: { pollingIntervalSeconds: 0.5 } });
  // Runs after jobs.stop() (cleanup runs in reverse), as in the server.
  cleanup.splice(cleanup.length - 1, 0, () => worker.close());
  return worker;
}

async function startSmtp(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const smtp = await startSmtpServer(options);
  cleanup.unshift(() => smtp.stop());
  return smtp;
}

function statusMail(to = 'buerger@example.org'): QueueMailInput {
  return {
    tenantId: tenant.id,
    caseId: null,
    to,
    locale: 'en',
    template: 'case.status',
    params: { tenantName: tenant.name, reference: 'MB-7K3QX-4', statusLabel: 'Completed', statusUrl: 'https://musterstadt.example/status/x' },
  };
}

async function mailRow(mailId: string) {
  return database.db.selectFrom('mails').selectAll().where('id', '=', mailId).executeTakeFirstOrThrow();
}

const withId = (smtp: TestSmtpServer, mailId: string) => smtp.messages.filter((m) => header(m.raw, 'Message-ID') === `<${mailId}@rathaus.example>`);

test('mail queued while no worker runs (a crash after commit) is delivered once a worker starts', async () => {
  const smtp = await startSmtp();
  const enqueueOnly = await startJobs({ workersEnabled: false });
  const mailId = await queueMail(database.db, enqueueOnly, statusMail());
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal((await mailRow(mailId)).status, 'queued');

  const jobs = await startJobs();
  await startWorker(jobs, smtp.url);
  await waitFor('delivery', async () => (await mailRow(mailId)).status === 'sent');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(withId(smtp, mailId).length, 1);
});

test('queued mail whose job was lost (restored backup) is re-enqueued by the sweep at start', async () => {
  const smtp = await startSmtp();
  const enqueueOnly = await startJobs({ workersEnabled: false });
  const mailId = await queueMail(database.db, enqueueOnly, statusMail());
  await sql`delete from pgboss.job where name = ${MAIL_SEND_QUEUE} and singleton_key = ${mailId}`.execute(database.db);
  await database.db.updateTable('mails').set({ created_at: sql<Date>`now() - interval '3 minutes'` }).where('id', '=', mailId).execute();

  const jobs = await startJobs();
  await startWorker(jobs, smtp.url);
  await waitFor('delivery', async () => (await mailRow(mailId)).status === 'sent');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(withId(smtp, mailId).length, 1);
});

test('the sweep never doubles a job that is still waiting', async () => {
  const enqueueOnly = await startJobs({ workersEnabled: false });
  const mailId = await queueMail(database.db, enqueueOnly, statusMail());
  await database.db.updateTable('mails').set({ created_at: sql<Date>`now() - interval '3 minutes'` }).where('id', '=', mailId).execute();
  // A worker-less registration still gives us the sweep function without delivering anything.
  const worker = await startWorker(enqueueOnly, undefined);
  assert.ok((await worker.sweep()) >= 1);
  await worker.sweep();
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${MAIL_SEND_QUEUE} and singleton_key = ${mailId}`.execute(database.db);
  assert.equal(rows[0]?.n, 1);
  // Leave nothing queued for the following tests' workers.
  await database.db.updateTable('mails').set({ status: 'failed' }).where('id', '=', mailId).execute();
});

test('SMTP server down: attempts grow; server back on the same port: delivered exactly once', async () => {
  const port = await freePort();
  const jobs = await startJobs();
  await startWorker(jobs, `smtp://127.0.0.1:${port}`);
  const mailId = await queueMail(database.db, jobs, statusMail());

  const failing = await waitFor('two failed attempts', async () => {
    const row = await mailRow(mailId);
    return row.attempts >= 2 ? row : undefined;
  });
  assert.equal(failing.status, 'queued');
  assert.match(failing.last_error ?? '', /ECONNREFUSED|ECONNECTION/);
  assert.doesNotMatch(failing.last_error ?? '', /buerger@example\.org/);
  assert.ok(logs.entries.some((entry) => entry.level === 'warn' && entry.msg === 'mail delivery failed'));

  const smtp = await startSmtp({ port });
  const sent = await waitFor('delivery after the server came back', async () => {
    const row = await mailRow(mailId);
    return row.status === 'sent' ? row : undefined;
  });
  assert.ok(sent.attempts >= 3);
  assert.equal(sent.last_error, null);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(withId(smtp, mailId).length, 1);
  assert.equal((await mailRow(mailId)).status, 'sent');
});

test('after the last retry the mail is marked failed', async () => {
  const port = await freePort();
  const jobs = await startJobs({ retry: { retryLimit: 1, retryDelay: 1, retryBackoff: false } });
  await startWorker(jobs, `smtp://127.0.0.1:${port}`);
  const mailId = await queueMail(database.db, jobs, statusMail());
  const failed = await waitFor('the mail to fail', async () => {
    const row = await mailRow(mailId);
    return row.status === 'failed' ? row : undefined;
  });
  assert.equal(failed.attempts, 2);
  assert.ok(failed.last_error);
});

test('a recipient the server refuses for good (5xx) fails at once, without retries', async () => {
  const smtp = await startSmtp({ rejectRecipients: /^unknown@/ });
  const jobs = await startJobs();
  await startWorker(jobs, smtp.url);
  const mailId = await queueMail(database.db, jobs, statusMail('unknown@example.org'));
  const failed = await waitFor('the mail to fail', async () => {
    const row = await mailRow(mailId);
    return row.status === 'failed' ? row : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal((await mailRow(mailId)).attempts, 1);
  assert.match(failed.last_error ?? '', /EENVELOPE.*550/);
  assert.ok(logs.entries.some((entry) => entry.msg === 'mail delivery failed'));
  assert.ok(!JSON.stringify(logs.entries).includes('unknown@example.org'), 'recipient address in the logs');
  assert.equal(smtp.messages.length, 0);
});

test('without an SMTP server configured, mail is held and nothing is sent', async () => {
  const jobs = await startJobs();
  await startWorker(jobs, undefined);
  const mailId = await queueMail(database.db, jobs, statusMail());
  const held = await waitFor('the mail to be held', async () => {
    const row = await mailRow(mailId);
    return row.status === 'held' ? row : undefined;
  });
  assert.equal(held.sent_at, null);
  assert.equal(held.attempts, 0);
  assert.match(held.text_body, /Completed/);
});
