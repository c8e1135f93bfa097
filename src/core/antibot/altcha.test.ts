import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createAntibot, type Antibot, type AntibotDeps } from './altcha.ts';

const SECRET = 'test-secret-0123456789abcdef';
// Far below production cost, so a solve takes milliseconds.
const FAST = { cost: 10, counterRange: [5, 30] as [number, number] };

let database: TestDatabase;
let clock: Date;

function antibot(overrides: Partial<AntibotDeps> = {}): Antibot {
  return createAntibot({ db: database.db, secret: SECRET, now: () => clock, ...FAST, ...overrides });
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

/** What the widget submits: base64 JSON of the signed challenge and the solution. */
async function solve(challenge: Challenge): Promise<{ challenge: Challenge; solution: { counter: number; derivedKey: string } }> {
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution, 'the solver found the counter');
  return { challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution };
}

async function solvedPayload(bot: Antibot): Promise<string> {
  return encode(await solve(await bot.challenge()));
}

async function spentCount(): Promise<number> {
  const row = await database.db.selectFrom('altcha_spent').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

before(async () => {
  database = await createTestDatabase();
});

beforeEach(async () => {
  clock = new Date();
  await database.db.deleteFrom('altcha_spent').execute();
});

after(async () => {
  await database.drop();
});

test('a challenge is signed, PBKDF2, expires after the ttl and carries a replay id', async () => {
  clock = new Date('2030-01-01T10:00:00Z');
  const challenge = await antibot({ cost: 2_000, ttlMinutes: 10 }).challenge();
  const p = challenge.parameters;
  assert.equal(p.algorithm, 'PBKDF2/SHA-256');
  assert.equal(p.cost, 2_000);
  assert.equal(p.expiresAt, Date.parse('2030-01-01T10:10:00Z') / 1000);
  assert.match(String(p.data?.challengeId), /^[0-9a-f-]{36}$/);
  assert.match(challenge.signature ?? '', /^[0-9a-f]{64}$/);
  assert.ok(p.keySignature, 'the key signature lets verification skip PBKDF2');
  // JSON-serialisable: it is inlined in the page.
  assert.deepEqual(JSON.parse(JSON.stringify(challenge)), challenge);
});

test('a solved challenge verifies once; the same payload again is a replay', async () => {
  const bot = antibot();
  const payload = await solvedPayload(bot);
  assert.equal(await bot.verify(payload), 'verified');
  assert.equal(await bot.verify(payload), 'replayed');
  assert.equal(await spentCount(), 1);
});

test('concurrent submissions of one payload: exactly one is verified', async () => {
  const bot = antibot();
  const payload = await solvedPayload(bot);
  const results = await Promise.all(Array.from({ length: 8 }, () => bot.verify(payload)));
  assert.equal(results.filter((r) => r === 'verified').length, 1);
  assert.equal(results.filter((r) => r === 'replayed').length, 7);
});

test('two app instances share the spent list; another secret refuses the payload', async () => {
  const [a, b] = [antibot(), antibot()];
  const payload = await solvedPayload(a);
  assert.equal(await antibot({ secret: 'another-secret-0123456789' }).verify(payload), 'invalid');
  const [first, second] = await Promise.all([a.verify(payload), b.verify(payload)]);
  assert.deepEqual([first, second].sort(), ['replayed', 'verified']);
});

test('after the ttl the payload is expired and nothing is spent', async () => {
  const bot = antibot({ ttlMinutes: 10 });
  const payload = await solvedPayload(bot);
  clock = new Date(clock.getTime() + 10 * 60_000 + 1_000);
  assert.equal(await bot.verify(payload), 'expired');
  assert.equal(await spentCount(), 0);
});

test('a challenge expired by the system clock is expired too', async () => {
  clock = new Date(Date.now() - 60 * 60_000);
  const payload = await solvedPayload(antibot({ ttlMinutes: 10 }));
  assert.equal(await antibot({ now: () => new Date(Date.now() - 55 * 60_000) }).verify(payload), 'expired');
});

test('tampered payloads are invalid', async () => {
  const bot = antibot();
  const solved = await solve(await bot.challenge());
  const variants: Record<string, (p: typeof solved) => void> = {
    'lower cost': (p) => (p.challenge.parameters.cost = 1),
    'later expiry': (p) => (p.challenge.parameters.expiresAt = (p.challenge.parameters.expiresAt ?? 0) + 3600),
    'fresh replay id': (p) => (p.challenge.parameters.data = { challengeId: '00000000-0000-4000-8000-000000000000' }),
    'other signature': (p) => (p.challenge.signature = '0'.repeat(64)),
    'no signature': (p) => delete p.challenge.signature,
    'wrong key': (p) => (p.solution.derivedKey = '00'.repeat(32)),
    'key in upper case': (p) => (p.solution.derivedKey = p.solution.derivedKey.toUpperCase()),
    'key not hex': (p) => (p.solution.derivedKey = 'zz'),
    'negative counter': (p) => (p.solution.counter = -1),
    'counter as string': (p) => ((p.solution as { counter: unknown }).counter = '7'),
  };
  for (const [name, tamper] of Object.entries(variants)) {
    const copy = structuredClone(solved);
    tamper(copy);
    assert.equal(await bot.verify(encode(copy)), 'invalid', name);
  }
  assert.equal(await spentCount(), 0);
  assert.equal(await bot.verify(encode(solved)), 'verified', 'the untampered payload still works');
});

test('an unsigned or foreign-algorithm challenge is invalid', async () => {
  const bot = antibot();
  const solved = await solve(await bot.challenge());
  const sha = structuredClone(solved);
  sha.challenge.parameters.algorithm = 'SHA-256';
  assert.equal(await bot.verify(encode(sha)), 'invalid');
  const noData = structuredClone(solved);
  delete noData.challenge.parameters.data;
  assert.equal(await bot.verify(encode(noData)), 'invalid');
});

test('garbage is invalid and never throws', async () => {
  const bot = antibot();
  const garbage = [
    'not base64 at all!',
    '%%%',
    encode('just a string'),
    encode([1, 2, 3]),
    encode(null),
    encode({}),
    encode({ challenge: null, solution: null }),
    encode({ challenge: { parameters: {} }, solution: {} }),
    encode({ challenge: null, solution: null, test: true }), // the widget's test mode
    Buffer.from('{"challenge":').toString('base64'),
    Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64'),
    'A'.repeat(30_000),
    encode({ challenge: { parameters: { algorithm: 'PBKDF2/SHA-256', expiresAt: 1e12, data: { challengeId: 'x'.repeat(20) } }, signature: 'a'.repeat(64) }, solution: { counter: 1, derivedKey: 'ab' } }),
  ];
  for (const payload of garbage) {
    assert.equal(await bot.verify(payload), 'invalid', payload.slice(0, 40));
  }
});

test('no payload is missing, not invalid', async () => {
  const bot = antibot();
  for (const payload of [undefined, null, '', '   ']) {
    assert.equal(await bot.verify(payload), 'missing');
  }
  assert.equal(await bot.verify(42 as unknown as string), 'missing');
});

test('prune deletes only rows whose expiry has passed', async () => {
  const t = clock.getTime();
  await database.db
    .insertInto('altcha_spent')
    .values([
      { challenge_id: 'expired-aaaaaaaaaaaaaaa', expires_at: new Date(t - 60_000) },
      { challenge_id: 'expired-bbbbbbbbbbbbbbb', expires_at: new Date(t - 1) },
      { challenge_id: 'current-ccccccccccccccc', expires_at: new Date(t + 60_000) },
    ])
    .execute();
  assert.equal(await antibot().prune(), 2);
  const left = await database.db.selectFrom('altcha_spent').select('challenge_id').execute();
  assert.deepEqual(left.map((r) => r.challenge_id), ['current-ccccccccccccccc']);
  assert.equal(await antibot().prune(), 0);
});

test('a replay stays refused until the challenge has expired, then pruning cannot revive it', async () => {
  const bot = antibot({ ttlMinutes: 10 });
  const payload = await solvedPayload(bot);
  assert.equal(await bot.verify(payload), 'verified');
  clock = new Date(clock.getTime() + 5 * 60_000);
  assert.equal(await bot.prune(), 0);
  assert.equal(await bot.verify(payload), 'replayed');
  clock = new Date(clock.getTime() + 6 * 60_000);
  assert.equal(await bot.prune(), 1);
  assert.equal(await bot.verify(payload), 'expired');
});

test('misconfiguration fails when the app starts', () => {
  assert.throws(() => createAntibot({ db: database.db, secret: 'short' }), /secret/);
  assert.throws(() => createAntibot({ db: database.db, secret: SECRET, cost: 0 }), /cost/);
  assert.throws(() => createAntibot({ db: database.db, secret: SECRET, counterRange: [10, 5] }), /counterRange/);
  assert.throws(() => createAntibot({ db: database.db, secret: SECRET, ttlMinutes: 0 }), /ttlMinutes/);
});
