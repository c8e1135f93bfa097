import assert from 'node:assert/strict';
import { test } from 'node:test';
import { achieved } from './burst.ts';

/** Answers to arrivals every `gap` ms from `start`, each taking `latency(i)` ms. */
function answers(count: number, gap: number, latency: (i: number) => number, start = 1000) {
  return Array.from({ length: count }, (_, i) => ({ status: 303, location: '/leistungen/briefwahl/antrag/bestaetigung', duplicate: false, latency: latency(i), at: start + i * gap + latency(i) }));
}

test('an app that answers every arrival of a phase in its usual time is credited with the offered rate', () => {
  // 200/s for 60 s, 20 ms each; the last answer comes 15 ms after the phase ended.
  assert.equal(achieved(answers(12_000, 5, () => 20), 60), 200);
  // The very last answers much slower than the others: a few slow answers are not a backlog.
  assert.equal(achieved(answers(12_000, 5, (i) => (i >= 11_990 ? 3_000 : 20)), 60), 200);
  // The last 1 % waited 3 s longer than the first arrivals: those 3 s are charged.
  assert.equal(achieved(answers(12_000, 5, (i) => (i >= 11_800 ? 3_020 : 20)), 60), 190.5);
});

test('a backlog at the end of the phase is charged; refused and double-clicked submits do not count', () => {
  // Falls behind: each answer 1 ms later than the one before, so the last one waits 12 s.
  const behind = achieved(answers(12_000, 5, (i) => 20 + i), 60);
  assert.ok(behind < 185 && behind > 160, `got ${behind}`);
  const some = answers(12_000, 5, () => 20).map((a, i) => (i % 100 === 0 ? { ...a, status: 503, location: '' } : i % 100 === 1 ? { ...a, duplicate: true } : a));
  assert.equal(achieved(some, 60), 196);
  assert.equal(achieved([], 60), 0);
});
