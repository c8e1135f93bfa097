import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { batchedLookup } from './batched-lookup.ts';

/** A promise the test settles itself: a statement "under way" for exactly as long as the test needs, whatever the timers of a busy machine do. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

test('a lone key goes at once; keys asked for while a lookup runs go together in the next one', async () => {
  const batches: string[][] = [];
  const firstStatement = gate();
  const lookup = batchedLookup<string, number>(async (keys) => {
    batches.push([...keys]);
    if (batches.length === 1) await firstStatement.opened;
    return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.length]));
  });
  const first = lookup.get('a');
  await sleep(1);
  assert.deepEqual(batches, [['a']], 'the lone key went at once');
  const rest = ['bb', 'ccc', 'bb', 'missing'].map((k) => lookup.get(k));
  firstStatement.open();
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
  const firstStatement = gate();
  const lookup = batchedLookup<number, number>(
    async (keys) => {
      sizes.push(keys.length);
      if (sizes.length === 1) await firstStatement.opened;
      return new Map(keys.map((k) => [k, k]));
    },
    { maxBatch: 3 },
  );
  const blocker = lookup.get(0);
  const pending = Array.from({ length: 7 }, (_, i) => lookup.get(i + 1));
  firstStatement.open();
  await blocker;
  assert.deepEqual(await Promise.all(pending), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(sizes, [1, 3, 3, 1]);
});
