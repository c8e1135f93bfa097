import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClaimGate } from './claim-gate.ts';

test('attempts with the same key run one after another, in order; other keys do not wait', async () => {
  const gate = createClaimGate();
  const log: string[] = [];
  const attempt = (key: string, name: string, ms: number) =>
    gate.run(key, async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
      return name;
    });
  const results = await Promise.all([attempt('10:00', 'a', 30), attempt('10:00', 'b', 1), attempt('10:00', 'c', 1), attempt('10:10', 'x', 1)]);
  assert.deepEqual(results, ['a', 'b', 'c', 'x']);
  assert.deepEqual(log.filter((l) => !l.startsWith('x')), ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  assert.ok(log.indexOf('x end') < log.indexOf('a end'), 'another time is not held up');
  assert.equal(gate.size, 0, 'nothing is kept once every attempt finished');
});

test('a failing attempt lets the next one run and its error reaches only its caller', async () => {
  const gate = createClaimGate();
  const first = gate.run('k', async () => {
    await sleep(5);
    throw new Error('database gone');
  });
  const second = gate.run('k', async () => 'ran');
  await assert.rejects(first, /database gone/);
  assert.equal(await second, 'ran');
  assert.equal(gate.size, 0);
});

test('with a concurrency of k, k attempts of a key run at once and the next waits for one of them', async () => {
  const gate = createClaimGate();
  let running = 0;
  let most = 0;
  const attempt = () =>
    gate.run(
      '10:00',
      async () => {
        running++;
        most = Math.max(most, running);
        await sleep(5);
        running--;
      },
      2,
    );
  await Promise.all(Array.from({ length: 7 }, attempt));
  assert.equal(most, 2);
  assert.equal(gate.size, 0);
});

test('when a run leaves the key settled, everyone waiting starts at once instead of one after another', async () => {
  const gate = createClaimGate();
  let full = false;
  let running = 0;
  let most = 0;
  const attempt = (claims: boolean) =>
    gate.run(
      '10:00',
      async () => {
        running++;
        most = Math.max(most, running);
        await sleep(claims ? 10 : 5);
        if (claims) full = true;
        running--;
        return full;
      },
      1,
      () => full,
    );
  const results = await Promise.all([attempt(true), ...Array.from({ length: 8 }, () => attempt(false))]);
  assert.ok(results.every(Boolean));
  assert.equal(most, 8, 'the eight waiters ran side by side once the first run filled the time');
  assert.equal(gate.size, 0, 'nothing is kept once every attempt finished');
});
