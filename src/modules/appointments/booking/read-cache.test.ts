import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadCache } from './read-cache.ts';

function fakeClock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('concurrent readers of a missing key share one load; the value is kept for the time to live', async () => {
  const clock = fakeClock();
  const cache = createReadCache({ ttlMs: 1000, clock: clock.now });
  let loads = 0;
  const load = async () => ++loads;
  const values = await Promise.all(Array.from({ length: 50 }, () => cache.get('a', load)));
  assert.deepEqual(new Set(values), new Set([1]));
  assert.equal(loads, 1);
  clock.advance(999);
  assert.equal(await cache.get('a', load), 1);
  clock.advance(1);
  assert.equal(await cache.get('a', load), 2, 'reloaded once the time to live has passed');
});

test('invalidation by prefix, by the time a load started, and by what the value says', async () => {
  const clock = fakeClock();
  const cache = createReadCache({ ttlMs: 10_000, clock: clock.now });
  await cache.get('t1:l1:x', async () => ['08:00', '08:10']);
  await cache.get('t1:l2:x', async () => ['08:00']);
  clock.advance(100);
  await cache.get('t1:l1:y', async () => ['09:00']);
  cache.invalidate('t1:l1:', 50);
  assert.equal(await cache.get('t1:l1:x', async () => ['fresh']).then((v) => v[0]), 'fresh', 'loaded before the write: dropped');
  assert.equal(await cache.get('t1:l1:y', async () => ['fresh']).then((v) => v[0]), '09:00', 'loaded after the write: kept');
  assert.equal(await cache.get('t1:l2:x', async () => ['fresh']).then((v) => v[0]), '08:00', 'another prefix: kept');
  clock.advance(100);
  cache.invalidate('t1:', Number.POSITIVE_INFINITY, (value) => (value as string[]).includes('08:00'));
  assert.equal(await cache.get('t1:l2:x', async () => ['fresh']).then((v) => v[0]), 'fresh', 'its value offers the full time: dropped');
  assert.equal(await cache.get('t1:l1:y', async () => ['fresh']).then((v) => v[0]), '09:00', 'its value does not: kept');
});

test('a failed load is not kept; without a time to live nothing is cached; the size is bounded', async () => {
  const cache = createReadCache({ ttlMs: 1000, maxEntries: 3 });
  await assert.rejects(cache.get('k', async () => Promise.reject(new Error('down'))));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await cache.get('k', async () => 'up'), 'up');
  for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, async () => key);
  assert.equal(cache.size(), 3);
  const off = createReadCache({ ttlMs: 0 });
  let loads = 0;
  await off.get('k', async () => ++loads);
  await off.get('k', async () => ++loads);
  assert.equal(loads, 2);
  assert.equal(off.size(), 0);
});

test('with notBefore only a load that started then or later is shared', async () => {
  const clock = fakeClock();
  const cache = createReadCache({ ttlMs: 1000, clock: clock.now });
  let loads = 0;
  const load = async () => ++loads;
  await cache.get('k', load);
  clock.advance(10);
  assert.equal(await cache.get('k', load, undefined, 5), 2, 'the kept value was loaded before: loaded again');
  const [a, b] = await Promise.all([cache.get('k', load, undefined, 10), cache.get('k', load, undefined, 8)]);
  assert.deepEqual([a, b, loads], [2, 2, 2], 'a load that began at 10 serves whoever came in by then');
});

test('readers who need a newer load than the one under way share the next one: one load at a time, not one each', async () => {
  const clock = fakeClock();
  const cache = createReadCache({ ttlMs: 1000, clock: clock.now });
  const gates: (() => void)[] = [];
  let loads = 0;
  const load = () => {
    loads += 1;
    const n = loads;
    return new Promise<number>((resolve) => gates.push(() => resolve(n)));
  };
  const first = cache.get('k', load);
  clock.advance(5);
  // Ten readers come in while the first load runs; each needs a load that began after it came in.
  const later = Array.from({ length: 10 }, (_, i) => {
    clock.advance(1);
    return cache.get('k', load, undefined, 5 + i + 1);
  });
  assert.equal(loads, 1, 'nothing more starts while the first load runs');
  gates[0]?.();
  assert.equal(await first, 1);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(loads, 2, 'the next load began when the first ended');
  gates[1]?.();
  assert.deepEqual(new Set(await Promise.all(later)), new Set([2]), 'and served all ten');
  assert.equal(loads, 2);
});
