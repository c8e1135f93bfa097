import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admission } from './admission.ts';

/** A clock the test moves by hand. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

test('runs max at once, lets a fixed number wait in order, refuses the rest at once', async () => {
  const gate = admission({ max: 2, queue: 1 });
  assert.equal(await gate.enter(), true);
  assert.equal(await gate.enter(), true);
  const order: string[] = [];
  const third = gate.enter().then((ok) => order.push(`third ${ok}`));
  assert.equal(await gate.enter(), false, 'the queue is full: refused without waiting');
  assert.equal(gate.waiting, 1);
  gate.release();
  await third;
  assert.deepEqual(order, ['third true']);
  assert.equal(gate.active, 2, 'the place went to the waiting request');
  gate.release();
  gate.release();
  assert.equal(gate.active, 0);
});

test('a queue sized to a wait budget grows with the completion rate and shrinks when completions stop', async () => {
  const c = clock();
  const gate = admission({ max: 1, queue: { budgetMs: 500, min: 2, max: 50 }, now: c.now });
  assert.equal(gate.queueLimit(), 2, 'no completions yet: the minimum');
  // 100 completions a second for three seconds.
  for (let i = 0; i < 300; i++) {
    assert.equal(await gate.enter(), true);
    c.advance(10);
    gate.release();
  }
  const limit = gate.queueLimit();
  assert.ok(limit >= 45 && limit <= 50, `about half a second of completions (100/s × 0.5 s), got ${limit}`);
  c.advance(5000);
  assert.equal(gate.queueLimit(), 2, 'nothing completed for seconds: back to the minimum');
});

test('the budget queue is bounded by its maximum however fast requests complete', async () => {
  const c = clock();
  const gate = admission({ max: 1, queue: { budgetMs: 500, min: 2, max: 5 }, now: c.now });
  for (let i = 0; i < 1000; i++) {
    await gate.enter();
    c.advance(1);
    gate.release();
  }
  assert.equal(gate.queueLimit(), 5);
  assert.equal(await gate.enter(), true);
  const waiting = Array.from({ length: 5 }, () => gate.enter());
  assert.equal(await gate.enter(), false, 'the sixth waiting request is refused');
  for (let i = 0; i < 6; i++) gate.release();
  assert.deepEqual(await Promise.all(waiting), [true, true, true, true, true]);
});
