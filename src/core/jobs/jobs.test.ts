import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createJobQueue, installJobSchema, type JobQueue } from './jobs.ts';
import { recordingLogger, waitFor } from './test-helpers.ts';

const FAST = { pollingIntervalSeconds: 0.5 };
const QUEUES = ['test.tx', 'test.shared', 'test.burst', { name: 'test.retry', retryLimit: 2, retryDelay: 0 }, 'test.cli'];

let database: TestDatabase;
const running: JobQueue[] = [];

async function startQueue(workersEnabled = true): Promise<JobQueue> {
  const jobs = createJobQueue({ databaseUrl: database.url, logger: recordingLogger(), queues: QUEUES, workersEnabled });
  await jobs.start();
  running.push(jobs);
  return jobs;
}

async function jobCount(queue: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${queue}`.execute(database.db);
  return rows[0]?.n ?? 0;
}

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  for (const jobs of running) await jobs.stop({ graceful: false });
  await database.drop();
});

test('a job sent inside a transaction commits and rolls back with it', async () => {
  const jobs = await startQueue();
  const seen: string[] = [];
  await jobs.work<{ label: string }>('test.tx', async (data) => {
    seen.push(data.label);
  }, FAST);

  await assert.rejects(
    database.db.transaction().execute(async (tx) => {
      await jobs.send(tx, 'test.tx', { label: 'rolled back' });
      throw new Error('business rule failed');
    }),
    /business rule failed/,
  );
  await database.db.transaction().execute(async (tx) => {
    await jobs.send(tx, 'test.tx', { label: 'committed' });
  });

  await waitFor('the committed job', async () => seen.includes('committed'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.deepEqual(seen, ['committed']);
  assert.equal(await jobCount('test.tx'), 1);
});

test('two instances share a queue: every job runs exactly once', async () => {
  const [a, b] = [await startQueue(), await startQueue()];
  const runs = new Map<number, number>();
  const byInstance = { a: 0, b: 0 };
  const handler = (instance: 'a' | 'b') => async (data: { n: number }) => {
    byInstance[instance]++;
    runs.set(data.n, (runs.get(data.n) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  await a.work('test.shared', handler('a'), FAST);
  await b.work('test.shared', handler('b'), FAST);

  await database.db.transaction().execute(async (tx) => {
    for (let n = 0; n < 60; n++) await a.send(tx, 'test.shared', { n });
  });
  await waitFor('all 60 jobs', async () => runs.size === 60, 20_000);
  await new Promise((resolve) => setTimeout(resolve, 1000));

  assert.equal(runs.size, 60);
  assert.ok([...runs.values()].every((count) => count === 1), 'a job ran twice');
  assert.equal(byInstance.a + byInstance.b, 60);
});

test('a backlog is worked off without waiting a poll interval per batch', async () => {
  const jobs = await startQueue();
  let done = 0;
  await database.db.transaction().execute(async (tx) => {
    for (let n = 0; n < 100; n++) await jobs.send(tx, 'test.burst', { n });
  });
  const started = Date.now();
  // Default polling (2 s): 20 batches of 5 would take 40 s if every batch waited for the next poll.
  await jobs.work('test.burst', async () => {
    done++;
  });
  await waitFor('the backlog', async () => done === 100, 20_000);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 8000, `took ${elapsed} ms`);
});

test('a failing job is retried and the handler learns which attempt it is', async () => {
  const jobs = await startQueue();
  const attempts: { retryCount: number; retryLimit: number }[] = [];
  await jobs.work('test.retry', async (_data, job) => {
    attempts.push({ retryCount: job.retryCount, retryLimit: job.retryLimit });
    if (job.retryCount < 1) throw new Error('transient');
  }, FAST);
  await jobs.send(database.db, 'test.retry', {});
  await waitFor('the second attempt', async () => attempts.length === 2);
  assert.deepEqual(attempts, [
    { retryCount: 0, retryLimit: 2 },
    { retryCount: 1, retryLimit: 2 },
  ]);
});

test('an enqueue-only instance sends but does not work; a worker instance picks the job up', async () => {
  const cli = await startQueue(false);
  let ran = 0;
  await cli.work('test.cli', async () => {
    ran++;
  }, FAST);
  await cli.send(database.db, 'test.cli', {});
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.equal(ran, 0);

  const worker = await startQueue();
  const seen: number[] = [];
  await worker.work('test.cli', async () => {
    seen.push(1);
  }, FAST);
  await waitFor('the CLI job', async () => seen.length === 1);
  assert.equal(ran, 0);
});

test('send before start is refused', async () => {
  const jobs = createJobQueue({ databaseUrl: database.url, logger: recordingLogger(), queues: [] });
  await assert.rejects(jobs.send(database.db, 'test.tx', {}), /before start/);
});

test('installJobSchema prepares an empty database', async () => {
  const empty = await createTestDatabase({ empty: true });
  try {
    await installJobSchema(empty.url);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'pgboss'`.execute(empty.db);
    assert.ok((rows[0]?.n ?? 0) > 0);
    // Idempotent: a second run finds the schema current.
    await installJobSchema(empty.url);
  } finally {
    await empty.drop();
  }
});

test('active jobs are found by queue and id through an index of their own, on every partition, also after pg-boss rebuilt its table', async () => {
  const partialIndexes = async (): Promise<{ table: string; index: string }[]> => {
    const { rows } = await sql<{ table: string; index: string }>`select tablename as table, indexname as index from pg_indexes where schemaname = 'pgboss' and indexdef like '%(name, id) WHERE (state = ''active''::pgboss.job_state)' order by 1`.execute(database.db);
    return rows;
  };
  const indexed = async (): Promise<string[]> => (await partialIndexes()).map((r) => r.table);
  // The template database was prepared by installJobSchema: the parent and pg-boss's common partition have it.
  assert.deepEqual(await indexed(), ['job', 'job_common']);
  // Many finished jobs and a few running ones: completing those must not read the finished ones.
  await sql`insert into pgboss.job (id, name, data, state, completed_on) select gen_random_uuid(), 'test.shared', '{}'::jsonb, 'completed', now() from generate_series(1, 20000)`.execute(database.db);
  await sql`insert into pgboss.job (id, name, data, state, started_on) select gen_random_uuid(), 'test.shared', '{}'::jsonb, 'active', now() from generate_series(1, 5)`.execute(database.db);
  await sql`analyze pgboss.job_common`.execute(database.db);
  const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from pgboss.job where name = 'test.shared' and state = 'active' and id = any(array[gen_random_uuid(), gen_random_uuid()])`.execute(database.db);
  const onPartition = (await partialIndexes()).find((r) => r.table === 'job_common')?.index ?? '(none)';
  assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), new RegExp(`Index (Only )?Scan using ${onPartition} on job_common`), 'the lookup uses the index');
  await sql`delete from pgboss.job where name = 'test.shared'`.execute(database.db);
  // A pg-boss migration that rebuilds the job table drops it: the next start makes it again.
  await sql`drop index pgboss.rathaus_job_active`.execute(database.db);
  assert.deepEqual(await indexed(), []);
  await startQueue(false);
  assert.deepEqual(await indexed(), ['job', 'job_common']);
  // Present: a start leaves it alone.
  await startQueue(false);
  assert.deepEqual(await indexed(), ['job', 'job_common']);
});
