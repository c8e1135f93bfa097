import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { countHit, createRateCounter, purgeExpiredRateLimits, rateLimitStore, type RateCounter } from './rate-limit-store.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => db.drop());

const MINUTE = 60_000;

async function appWithStore(counter: RateCounter, prefix: string) {
  const app = Fastify();
  await app.register(rateLimit, { global: false, store: rateLimitStore(counter, prefix), keyGenerator: (r) => r.ip });
  app.post('/a', { config: { rateLimit: { max: 2, timeWindow: '1 minute' } } }, async () => 'a');
  app.post('/b', { config: { rateLimit: { max: 2, timeWindow: '1 minute' } } }, async () => 'b');
  await app.ready();
  return app;
}

async function sharedHits(prefix: string): Promise<Array<{ key: string; hits: number }>> {
  const result = await db.pool.query<{ key: string; hits: number }>('select key, hits from rate_limits where key like $1 order by key', [`${prefix}%`]);
  return result.rows;
}

test('each route counts on its own, and its hits reach the shared table', async () => {
  const counter = createRateCounter(db.pool);
  const prefix = `t${Math.random()}`;
  const app = await appWithStore(counter, prefix);
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'POST', url: '/a' })).statusCode);
  assert.deepEqual(statuses, [200, 200, 429]);
  assert.equal((await app.inject({ method: 'POST', url: '/b' })).statusCode, 200, 'another route has its own budget');
  await counter.flush();
  assert.deepEqual(await sharedHits(prefix), [
    { key: `${prefix}:POST:/a:127.0.0.1`, hits: 3 },
    { key: `${prefix}:POST:/b:127.0.0.1`, hits: 1 },
  ]);
  await app.close();
  await counter.close();
});

test('instances share their counts through the table: each learns the others’ hits with its next flush', async () => {
  const key = `shared${Math.random()}`;
  const [a, b] = [createRateCounter(db.pool), createRateCounter(db.pool)];
  a.hit(key, MINUTE);
  assert.equal(a.hit(key, MINUTE).current, 2);
  await a.flush();
  assert.equal(b.hit(key, MINUTE).current, 1, 'a new key starts from 0 until its first flush');
  b.hit(key, MINUTE);
  await b.flush();
  assert.equal(b.hit(key, MINUTE).current, 5, 'after its flush b counts a’s two hits too');
  assert.equal(a.hit(key, MINUTE).current, 3, 'a has not flushed since');
  await a.flush();
  assert.equal(a.hit(key, MINUTE).current, 6, 'after its flush a counts the two hits b had sent (its third is not sent yet)');
  await Promise.all([a.flush(), b.flush()]);
  assert.deepEqual(await sharedHits(key), [{ key, hits: 7 }], 'every hit of both instances is in the table once');
  await Promise.all([a.close(), b.close()]);
});

test('the flush runs by itself and the window comes from the shared row', async () => {
  const key = `timer${Math.random()}`;
  const counter = createRateCounter(db.pool, { flushMs: 20 });
  counter.hit(key, MINUTE);
  for (let i = 0; i < 100 && (await sharedHits(key)).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(await sharedHits(key), [{ key, hits: 1 }], 'sent without an explicit flush');
  // Another instance's window that ends in 5 s: this instance takes it over.
  await db.pool.query("update rate_limits set hits = 10, reset_at = now() + interval '5 seconds' where key = $1", [key]);
  counter.hit(key, MINUTE);
  await counter.flush();
  const { current, ttl } = counter.hit(key, MINUTE);
  assert.equal(current, 12);
  assert.ok(ttl <= 5_000 && ttl > 3_000, `the shared window's end (ttl ${ttl} ms)`);
  await counter.close();
});

test('a request is decided without waiting for the database; hits are kept while it fails and sent when it is back', async () => {
  const key = `outage${Math.random()}`;
  let down = true;
  let attempts = 0;
  const flaky = {
    query: (text: string, values: unknown[]) => {
      if (down) {
        attempts += 1;
        return Promise.reject(new Error('connection refused'));
      }
      return db.pool.query(text, values);
    },
  } as unknown as pg.Pool;
  const errors: Error[] = [];
  const counter = createRateCounter(flaky);
  counter.reportErrorsTo((e) => errors.push(e));
  for (let i = 1; i <= 3; i++) assert.equal(counter.hit(key, MINUTE).current, i, 'counted locally while the database is away');
  await counter.flush();
  assert.equal(attempts, 1);
  assert.equal(errors.length, 1, 'the failure is reported');
  assert.equal(counter.hit(key, MINUTE).current, 4, 'the unsent hits still count');
  down = false;
  await counter.flush();
  assert.deepEqual(await sharedHits(key), [{ key, hits: 4 }], 'every hit arrives once when the database is back');
  await counter.close();
});

test('a request never waits for a slow flush', async () => {
  const key = `slow${Math.random()}`;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = { query: () => gate.then(() => ({ rows: [] })) } as unknown as pg.Pool;
  const counter = createRateCounter(slow);
  counter.hit(key, MINUTE);
  const flushing = counter.flush();
  const started = performance.now();
  assert.equal(counter.hit(key, MINUTE).current, 2, 'counts the hit in flight and the new one');
  assert.ok(performance.now() - started < 50);
  release();
  await flushing;
  await counter.close();
});

test('memory is bounded: beyond maxKeys the oldest sent keys are dropped', async () => {
  const counter = createRateCounter(db.pool, { maxKeys: 10 });
  const prefix = `many${Math.random()}`;
  for (let i = 0; i < 10; i++) counter.hit(`${prefix}:${i}`, MINUTE);
  await counter.flush();
  for (let i = 10; i < 15; i++) counter.hit(`${prefix}:${i}`, MINUTE);
  assert.ok(counter.size() <= 10, `${counter.size()} keys held`);
  await counter.flush();
  assert.equal((await sharedHits(prefix)).length, 15, 'dropped keys had been sent before');
  await counter.close();
});

test('named budgets count in the table at once; expired counters are purged', async () => {
  const key = `budget${Math.random()}`;
  assert.equal(await countHit(db.pool, key, MINUTE), 1);
  assert.equal(await countHit(db.pool, key, MINUTE), 2);
  await db.pool.query("update rate_limits set reset_at = now() - interval '1 second' where key = $1", [`budget:${key}`]);
  assert.ok((await purgeExpiredRateLimits(db.pool)) >= 1);
  assert.equal(await countHit(db.pool, key, MINUTE), 1, 'a new window after the purge');
});
