/**
 * Acceptance (issue 5): two app server processes on one PostgreSQL database,
 * hundreds of parallel booking attempts through the public API on a few
 * slots. Exactly the capacity is sold, never more; the losers get 409, never
 * a 5xx; afterwards every slot counter equals its live claims.
 *
 * Both servers run the production entry point (src/server.ts) with the same
 * SESSION_SECRET, as instances behind a load balancer would. The per-IP rate
 * limits stay on: the servers trust the proxy header (TRUST_PROXY=true, as
 * behind a real load balancer) and every simulated citizen comes from their
 * own address in X-Forwarded-For.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.ts';
import { freePort } from '../../../core/db/embedded.ts';
import { createTenantService } from '../../../core/tenancy/tenants.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { addDays, berlinDay } from '../../../core/time/berlin.ts';
import { availableStarts } from '../booking/availability.ts';
import { bookingWindow, findLocation, visitOf, type Location } from '../booking/locations.ts';

const root = path.resolve(import.meta.dirname, '../../../..');
const ATTEMPTS = 300;
const CONCURRENCY = 60;
const STARTS = 3;

interface Instance {
  url: string;
  child: ChildProcess;
  output: string[];
  dataDir: string;
}

let database: TestDatabase;
let instances: Instance[] = [];
let location: Location;
let certificate: string;
let starts: { start: string; free: number }[] = [];

async function startInstance(secret: string): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-two-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    SESSION_SECRET: secret,
    SEED: 'none',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    // Correctness under a rush is checked here, not load shedding: a busy test machine is no overload.
    OVERLOAD_MAX_DB_WAIT_MS: '10000',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited before it was ready:\n${output.join('')}`);
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { url, child, output, dataDir };
    if (Date.now() > deadline) throw new Error(`server not ready:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) {
    const exited = new Promise((resolve) => instance.child.once('exit', resolve));
    instance.child.kill('SIGTERM');
    const timer = setTimeout(() => instance.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(instance.dataDir, { recursive: true, force: true });
}

before(async () => {
  database = await createTestDatabase();
  const tenants = createTenantService(database.db);
  const tenant = (await tenants.bySlug('musterstadt')) ?? assert.fail('demo tenant missing');
  await tenants.setSetting(tenant.id, 'appointments.captcha', false);
  await tenants.setSetting(tenant.id, 'appointments.maxActivePerPerson', 100);
  location = (await findLocation(database.db, tenant.id, 'buergerbuero')) ?? assert.fail('demo location missing');
  certificate = location.services.find((s) => s.slug === 'meldebescheinigung')?.id ?? assert.fail('demo service missing');
  const visit = visitOf(location, [{ serviceId: certificate, quantity: 1 }]);
  assert.ok(visit.ok);
  // The first bookable day (real clock: the servers use it) with a few untouched morning starts.
  const now = new Date();
  const window = bookingWindow(location, berlinDay(now));
  for (let day = window.first; day <= window.last && starts.length < STARTS; day = addDays(day, 1)) {
    const free = await availableStarts(database.db, { location, bundesland: tenant.bundesland as Bundesland, visit: visit.visit, contingent: 'online', from: day, to: day, now });
    const full = free.filter((s) => s.free >= 2);
    if (full.length >= STARTS) starts = full.slice(0, STARTS).map((s) => ({ start: s.startsAt.toISOString(), free: s.free }));
  }
  assert.equal(starts.length, STARTS, 'found bookable starts');
  const secret = randomBytes(36).toString('base64url');
  instances = await Promise.all([startInstance(secret), startInstance(secret)]);
});

after(async () => {
  await Promise.all(instances.map(stopInstance));
  await database?.drop();
});

test('two instances, 300 parallel attempts on 3 times: exactly the capacity is sold, losers get 409, no 5xx', { timeout: 60_000 }, async () => {
  const capacity = starts.reduce((sum, s) => sum + s.free, 0);
  const statuses: { status: number; code: string | null; instance: number }[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    for (let i = next++; i < ATTEMPTS; i = next++) {
      const instance = i % 2;
      const response = await fetch(`${(instances[instance] as Instance).url}/api/v1/appointments/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.${i >> 8}.${i & 255}`, 'idempotency-key': `storm-attempt-${i}` },
        body: JSON.stringify({ location: location.slug, services: [{ id: certificate, count: 1 }], start: (starts[i % STARTS] as { start: string }).start, name: `Person ${i}`, email: `person-${i}@example.org`, termsAccepted: true }),
      });
      const body = (await response.json()) as { error?: { code: string } };
      statuses.push({ status: response.status, code: body.error?.code ?? null, instance });
    }
  }
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1000;

  const histogram = statuses.reduce<Record<string, number>>((h, s) => ({ ...h, [s.status]: (h[s.status] ?? 0) + 1 }), {});
  const diagnostics = `${JSON.stringify(histogram)} in ${seconds.toFixed(1)} s\n${instances.map((x) => x.output.join('')).join('\n')}`;
  assert.equal(statuses.length, ATTEMPTS);
  assert.equal(statuses.filter((s) => s.status >= 500).length, 0, `no 5xx: ${diagnostics}`);
  assert.equal(histogram['201'], capacity, `exactly the capacity (${capacity}) is sold: ${diagnostics}`);
  assert.equal(histogram['409'], ATTEMPTS - capacity, `everyone else gets 409: ${diagnostics}`);
  assert.ok(statuses.filter((s) => s.status === 409).every((s) => s.code === 'slot-taken'));
  for (const i of [0, 1]) assert.equal(statuses.filter((s) => s.instance === i).length, ATTEMPTS / 2, 'both instances served');

  const slots = await database.db
    .selectFrom('appt_slots')
    .select(['starts_at', 'capacity_online', 'claimed_online', 'claimed'])
    .where('location_id', '=', location.id)
    .where(
      'starts_at',
      'in',
      starts.map((s) => new Date(s.start)),
    )
    .execute();
  assert.equal(slots.length, STARTS);
  for (const slot of slots) {
    assert.ok(slot.claimed_online <= slot.capacity_online, 'never more than the online capacity');
    assert.equal(slot.claimed_online, starts.find((s) => s.start === slot.starts_at.toISOString())?.free, 'every place of the slot is sold');
  }
  const mismatches = await sql<{ starts_at: Date }>`
    select s.starts_at from appt_slots s
    left join (select tenant_id, location_id, starts_at, count(*)::int as total, count(*) filter (where channel = 'online')::int as online
               from appt_claims where released_at is null group by 1, 2, 3) c using (tenant_id, location_id, starts_at)
    where s.claimed <> coalesce(c.total, 0) or s.claimed_online <> coalesce(c.online, 0) or s.claimed > s.capacity or s.claimed_online > s.capacity_online`.execute(database.db);
  assert.deepEqual(mismatches.rows, [], 'slot counters equal their live claims');
  const pending = await database.db.selectFrom('appt_bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('location_id', '=', location.id).where('status', '=', 'pending').executeTakeFirstOrThrow();
  assert.equal(Number(pending.n), capacity, 'one pending booking per sold place');
  const stray = await database.db.selectFrom('appt_bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('location_id', '=', location.id).where('status', '=', 'held').executeTakeFirstOrThrow();
  assert.equal(Number(stray.n), 0, 'no hold left behind');
});
