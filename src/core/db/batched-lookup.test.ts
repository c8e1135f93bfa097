import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { batchedLookup } from './batched-lookup.ts';

test('a lone key goes at once; keys asked for while a lookup runs go together in the next one', async () => {
  const batches: string[][] = [];
  const lookup = batchedLookup<string, number>(async (keys) => {
    batches.push([...keys]);
    await sleep(20);
    return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.length]));
  });
  const first = lookup.get('a');
  await sleep(1);
  const rest = ['bb', 'ccc', 'bb', 'missing'].map((k) => lookup.get(k));
  assert.equal(await first, 1);
  assert.deepEqual(await Promise.all(rest), [2, 3, 2, undefined]);
  assert.deepEqual(batches, [['a'], ['bb', 'ccc', 'missing']], 'two statements for five lookups, each key once');
});

test('a failed lookup fails the keys of its batch only; the next batch runs', async () => {
  let calls = 0;
  const lookup = batchedLookup<string, string>(async (keys) => {
    calls++;
    await sleep(5);
    if (calls === 1) throw new Error('connection lost');
    return new Map(keys.map((k) => [k, k.toUpperCase()]));
  });
  const failing = lookup.get('x');
  await sleep(1);
  const later = lookup.get('y');
  await assert.rejects(failing, /connection lost/);
  assert.equal(await later, 'Y');
});

test('batches are capped', async () => {
  const sizes: number[] = [];
  const lookup = batchedLookup<number, number>(
    async (keys) => {
      sizes.push(keys.length);
      await sleep(2);
      return new Map(keys.map((k) => [k, k]));
    },
    { maxBatch: 3 },
  );
  const blocker = lookup.get(0);
  await sleep(0);
  const values = await Promise.all(Array.from({ length: 7 }, (_, i) => lookup.get(i + 1)));
  await blocker;
  assert.deepEqual(values, [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(sizes, [1, 3, 3, 1]);
});
