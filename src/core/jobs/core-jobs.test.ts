import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestApp } from '../../../test/support/app.ts';
import { coreJobQueues, FILE_SWEEP_QUEUE } from './core-jobs.ts';
import { DEFAULT_MAIL_RETRY_DELAY_SECONDS, MAIL_SEND_QUEUE } from '../mail/outbox.ts';
import type { QueueDefinition } from './jobs.ts';
import { waitFor } from './test-helpers.ts';

const mailQueue = (queues: (string | QueueDefinition)[]): QueueDefinition => {
  const found = queues.find((q): q is QueueDefinition => typeof q !== 'string' && q.name === MAIL_SEND_QUEUE);
  assert.ok(found, 'the mail send queue is one of the core queues');
  return found;
};

test('mail retries start after 30 s and back off to at most an hour by default', () => {
  const queue = mailQueue(coreJobQueues());
  assert.equal(queue.retryDelay, DEFAULT_MAIL_RETRY_DELAY_SECONDS);
  assert.equal(queue.retryDelay, 30);
  assert.equal(queue.retryBackoff, true);
  assert.equal(queue.retryDelayMax, 3600);
  assert.equal(queue.retryLimit, 10);
});

test('MAIL_RETRY_DELAY_SECONDS shortens the first retry and keeps the backoff', () => {
  const queue = mailQueue(coreJobQueues({ mailRetry: { retryDelay: 2 } }));
  assert.equal(queue.retryDelay, 2);
  assert.equal(queue.retryBackoff, true);
  assert.equal(queue.retryLimit, 10);
});

test('the file sweep is scheduled every half hour and deletes content without a row, logging the count', async () => {
  const logged: { obj?: object | undefined; msg?: string | undefined }[] = [];
  // createTestApp's logger type takes no arguments; optional parameters fit it.
  const logger = { info: (obj?: object, msg?: string) => logged.push({ obj, msg }), warn() {}, error() {} };
  const testApp = await createTestApp({ logger });
  try {
    const { services, database } = testApp;
    const schedule = await sql<{ cron: string }>`select cron from pgboss.schedule where name = ${FILE_SWEEP_QUEUE}`.execute(database.db);
    assert.deepEqual(schedule.rows, [{ cron: '5,35 * * * *' }]);

    const tenant = await database.db.selectFrom('tenants').select('id').orderBy('slug').limit(1).executeTakeFirstOrThrow();
    const orphan = path.join(services.files.root, tenant.id, randomUUID());
    mkdirSync(path.dirname(orphan), { recursive: true });
    writeFileSync(orphan, 'left behind');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    utimesSync(orphan, twoHoursAgo, twoHoursAgo);

    await services.jobs.send(services.db, FILE_SWEEP_QUEUE, {});
    await waitFor('the sweep to delete the orphan', async () => !existsSync(orphan));
    const entry = await waitFor('the sweep to log', async () => logged.find((e) => e.msg?.startsWith('file sweep')));
    assert.deepEqual(entry.obj, { orphans: 1, temporary: 0 });
  } finally {
    await testApp.close();
  }
});
