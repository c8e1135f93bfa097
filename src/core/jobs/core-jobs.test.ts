import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coreJobQueues } from './core-jobs.ts';
import { DEFAULT_MAIL_RETRY_DELAY_SECONDS, MAIL_SEND_QUEUE } from '../mail/outbox.ts';
import type { QueueDefinition } from './jobs.ts';

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

