import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { pgRateLimitStore, purgeExpiredRateLimits } from './rate-limit-store.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => db.drop());

async function appWithStore() {
  const app = Fastify();
  await app.register(rateLimit, { global: false, store: pgRateLimitStore(db.pool, `t${Math.random()}`), keyGenerator: (r) => r.ip });
  app.post('/a', { config: { rateLimit: { max: 2, timeWindow: '1 minute' } } }, async () => 'a');
  app.post('/b', { config: { rateLimit: { max: 2, timeWindow: '1 minute' } } }, async () => 'b');
  await app.ready();
  return app;
}

test('each route counts on its own; the limit holds across two app instances sharing the database', async () => {
  const one = await appWithStore();
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await one.inject({ method: 'POST', url: '/a' })).statusCode);
  assert.deepEqual(statuses, [200, 200, 429]);
  assert.equal((await one.inject({ method: 'POST', url: '/b' })).statusCode, 200, 'another route has its own budget');
  await one.close();
});

test('counters are shared by instances (no per-process memory) and expired ones are purged', async () => {
  const prefix = `shared${Math.random()}`;
  const make = async () => {
    const app = Fastify();
    await app.register(rateLimit, { global: false, store: pgRateLimitStore(db.pool, prefix), keyGenerator: (r) => r.ip });
    app.post('/x', { config: { rateLimit: { max: 3, timeWindow: '1 minute' } } }, async () => 'x');
    await app.ready();
    return app;
  };
  const [a, b] = [await make(), await make()];
  const codes = [];
  for (const app of [a, b, a, b]) codes.push((await app.inject({ method: 'POST', url: '/x' })).statusCode);
  assert.deepEqual(codes, [200, 200, 200, 429]);
  await db.pool.query("update rate_limits set reset_at = now() - interval '1 second' where key like $1", [`${prefix}%`]);
  assert.ok((await purgeExpiredRateLimits(db.pool)) >= 1);
  assert.equal((await a.inject({ method: 'POST', url: '/x' })).statusCode, 200);
  await a.close();
  await b.close();
});
