import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../provider.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const down = () => Promise.reject(new ProviderError('xbezahldienste: create payment failed with HTTP 500', true, 500));
const refused = () => Promise.reject(new ProviderError('xbezahldienste: create payment failed with HTTP 400', false, 400));

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

test('after three failures in a row the platform is not called for the cool-down, and callers fail at once, retryably', async () => {
  const time = clock();
  const breaker = createCircuitBreaker({ name: 'xbezahldienste test', now: time.now });
  for (let i = 0; i < 3; i++) await rejection(breaker.run(down));
  assert.equal(breaker.state(), 'open');
  let called = 0;
  const error = await rejection(breaker.run(async () => ++called));
  assert.equal(called, 0, 'the platform is left alone');
  assert.equal(error.retryable, true);
  assert.match(error.message, /not called after 3 failures in a row \(next attempt in about 15 s\)/);
  time.advance(14_000);
  await rejection(breaker.run(async () => ++called));
  assert.equal(called, 0);
});

test('a refused request (4xx) proves the platform is alive: it neither opens the circuit nor lets failures add up across it', async () => {
  const time = clock();
  const breaker = createCircuitBreaker({ name: 'x', now: time.now });
  await rejection(breaker.run(down));
  await rejection(breaker.run(down));
  await rejection(breaker.run(refused));
  await rejection(breaker.run(down));
  await rejection(breaker.run(down));
  assert.equal(breaker.state(), 'closed');
  for (let i = 0; i < 5; i++) await rejection(breaker.run(refused));
  assert.equal(breaker.state(), 'closed');
  assert.equal(await breaker.run(async () => 'ok'), 'ok');
});

test('after the cool-down one trial call goes through; while it runs others fail fast; its success closes the circuit', async () => {
  const time = clock();
  const breaker = createCircuitBreaker({ name: 'x', now: time.now, coolDownMs: 5_000 });
  for (let i = 0; i < 3; i++) await rejection(breaker.run(down));
  time.advance(5_000);
  assert.equal(breaker.state(), 'half-open');
  let release: (value: string) => void = () => {};
  const trial = breaker.run(() => new Promise<string>((resolve) => (release = resolve)));
  let others = 0;
  await rejection(breaker.run(async () => ++others));
  assert.equal(others, 0, 'only the trial reaches the platform');
  release('paid');
  assert.equal(await trial, 'paid');
  assert.equal(breaker.state(), 'closed');
  assert.equal(await breaker.run(async () => ++others), 1);
});

test('a failed trial opens the circuit for another cool-down', async () => {
  const time = clock();
  const breaker = createCircuitBreaker({ name: 'x', now: time.now, coolDownMs: 5_000 });
  for (let i = 0; i < 3; i++) await rejection(breaker.run(down));
  time.advance(5_000);
  await rejection(breaker.run(down));
  assert.equal(breaker.state(), 'open');
  time.advance(4_999);
  assert.equal(breaker.state(), 'open');
  time.advance(1);
  assert.equal(breaker.state(), 'half-open');
});

test('timeouts and unexpected errors count as failures too', async () => {
  const breaker = createCircuitBreaker({ name: 'x', failureThreshold: 2 });
  await rejection(breaker.run(() => Promise.reject(new ProviderError('xbezahldienste: create payment timed out after 10000 ms', true))));
  await assert.rejects(breaker.run(() => Promise.reject(new TypeError('fetch failed'))), TypeError);
  assert.equal(breaker.state(), 'open');
});

test('at most maxConcurrent calls wait on the platform; more fail at once instead of piling up', async () => {
  const breaker = createCircuitBreaker({ name: 'x', maxConcurrent: 2 });
  const releases: (() => void)[] = [];
  const slow = () => new Promise<string>((resolve) => releases.push(() => resolve('late')));
  const first = breaker.run(slow);
  const second = breaker.run(slow);
  const third = await rejection(breaker.run(slow));
  assert.match(third.message, /2 calls are already waiting/);
  assert.equal(third.retryable, true);
  assert.equal(releases.length, 2, 'the third call never started');
  for (const release of releases) release();
  assert.deepEqual(await Promise.all([first, second]), ['late', 'late']);
  assert.equal(await breaker.run(async () => 'free again'), 'free again');
  assert.equal(breaker.state(), 'closed', 'a refusal for concurrency is not a platform failure');
});
