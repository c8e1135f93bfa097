import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTAGE_LOG_INTERVAL_MS, queueErrorLog } from './jobs.ts';
import { recordingLogger } from './test-helpers.ts';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 (Queue: mail.send, Worker: 1)'), { code: 'ECONNREFUSED' });
const shuttingDown = () => Object.assign(new Error('the database system is shutting down (Queue: mail.sweep, Worker: 2)'), { code: '57P03' });

test('a database outage is one warning per interval, with the count left out, not an error per queue and poll', () => {
  let t = 0;
  const logger = recordingLogger();
  const log = queueErrorLog(logger, () => t);
  log(shuttingDown());
  for (let i = 0; i < 40; i++) log(refused());
  t += OUTAGE_LOG_INTERVAL_MS;
  log(refused());
  assert.deepEqual(logger.entries.map((e) => [e.level, e.msg, (e.obj as { suppressed?: number }).suppressed]), [
    ['warn', 'job queue: database unavailable, retrying', 0],
    ['warn', 'job queue: database unavailable, retrying', 40],
  ]);
});

test('any other job queue error stays an error, every time', () => {
  const logger = recordingLogger();
  const log = queueErrorLog(logger, () => 0);
  log(new Error('column "x" does not exist'));
  log(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
  assert.deepEqual(logger.entries.map((e) => [e.level, e.msg]), [
    ['error', 'job queue error'],
    ['error', 'job queue error'],
  ]);
});
