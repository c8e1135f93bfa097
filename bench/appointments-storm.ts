/**
 * Benchmark (issue 5): a slot-release storm on the public appointment API.
 *
 * A Saturday of the demo Bürgerbüro (one online counter, 09–12: few places)
 * is closed; many clients poll its free times. At the release moment the
 * closure is lifted (staff reopen the day) and every client tries to book at
 * once: pick one of the earliest free times, POST, on 409 look again and
 * retry, until booked, sold out or out of attempts. Reported: attempts,
 * booked vs capacity, overbooking (must be 0, checked in the database too),
 * status codes, latency percentiles and throughput, and the same client
 * load's throughput against a bare Fastify hello-world on this machine.
 *
 * Run: node --import tsx bench/appointments-storm.ts [options]   (see bench/README.md)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectDatabase, ensureDatabase, withDatabase, type DatabaseHandle } from '../src/core/db/database.ts';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '../src/core/db/embedded.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { installJobSchema } from '../src/core/jobs/jobs.ts';
import { createTenantService } from '../src/core/tenancy/tenants.ts';
import { addDays, berlinDay, isoWeekday } from '../src/core/time/berlin.ts';
import type { Bundesland } from '../src/core/time/holidays.ts';
import { availableStarts } from '../src/modules/appointments/booking/availability.ts';
import { bookingWindow, findLocation, visitOf, type Location } from '../src/modules/appointments/booking/locations.ts';
import { seedDemo } from '../seed/demo.ts';
import { createFileStore } from '../src/core/files/file-store.ts';

const root = path.resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    instances: { type: 'string', default: '1' },
    day: { type: 'string', default: 'saturday' },
    'wait-ms': { type: 'string', default: '3000' },
    'poll-ms': { type: 'string', default: '1000' },
    pick: { type: 'string', default: '3' },
    'max-attempts': { type: 'string', default: '8' },
    'hello-seconds': { type: 'string', default: '5' },
    'log-level': { type: 'string', default: 'info' },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`node --import tsx bench/appointments-storm.ts [options]
  --clients N         concurrent clients (default 200)
  --instances N       app server processes sharing the database; clients alternate (default 1)
  --day saturday|weekday   the released day: Saturday (1 online counter) or a weekday (2)
  --wait-ms MS        polling before the release (default 3000)
  --poll-ms MS        poll interval before the release, with jitter (default 1000)
  --pick N            each client picks among the N earliest free times (default 3)
  --max-attempts N    booking attempts per client (default 8)
  --hello-seconds S   length of the hello-world run (default 5)
  --log-level LEVEL   the app's LOG_LEVEL (default info, as in production)
  --json FILE         also write the result as JSON to FILE
DATABASE_URL=postgres://… uses that server (a database rathaus_bench_<random> is created and dropped) instead of an embedded one.`);
  process.exit(0);
}

const int = (name: keyof typeof args): number => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const options = {
  clients: int('clients'),
  instances: int('instances'),
  waitMs: int('wait-ms'),
  pollMs: int('poll-ms'),
  pick: int('pick'),
  maxAttempts: int('max-attempts'),
  helloSeconds: int('hello-seconds'),
  day: args.day === 'weekday' ? ('weekday' as const) : ('saturday' as const),
  logLevel: String(args['log-level']),
};

// ---------------------------------------------------------------- processes

const children: ChildProcess[] = [];
let postgres: EmbeddedServer | null = null;
let workDir: string | null = null;
/** Drops the benchmark database on a server we did not start. */
let dropDatabase: (() => Promise<void>) | null = null;

interface Started {
  url: URL;
  child: ChildProcess;
  output: () => string;
}

async function spawnServer(argv: string[], env: NodeJS.ProcessEnv, readyPath: string, port: number): Promise<Started> {
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const chunks: string[] = [];
  let kept = 0;
  // Keep the start of the output for diagnostics; drain the rest (request logs at level info).
  const keep = (chunk: Buffer) => {
    if (kept < 200_000) {
      chunks.push(chunk.toString('utf8'));
      kept += chunk.length;
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = new URL(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited before it was ready:\n${chunks.join('')}`);
    const ok = await fetch(new URL(readyPath, url), { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { url, child, output: () => chunks.join('') };
    if (Date.now() > deadline) throw new Error(`server not ready after 60 s:\n${chunks.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startApp(databaseUrl: string, secret: string, index: number): Promise<Started> {
  const port = await freePort();
  const dataDir = path.join(workDir as string, `app-${index}`);
  return spawnServer(
    ['--import', 'tsx', 'src/server.ts'],
    {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      DATA_DIR: dataDir,
      SESSION_SECRET: secret,
      SEED: 'none',
      LOG_LEVEL: options.logLevel,
      // Behind a load balancer: each simulated citizen has their own address (X-Forwarded-For), so the per-IP limits apply per citizen.
      TRUST_PROXY: 'true',
    },
    '/readyz',
    port,
  );
}

async function startHello(): Promise<Started> {
  const port = await freePort();
  const code = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: ${port}, host: '127.0.0.1' });`;
  return spawnServer(['--input-type=module', '-e', code], { ...process.env }, '/', port);
}

async function cleanup(): Promise<void> {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  }
  await dropDatabase?.();
  dropDatabase = null;
  await postgres?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- HTTP client

interface Sample {
  kind: 'poll' | 'slots' | 'book' | 'hello';
  status: number;
  ms: number;
  at: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function request(url: URL, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
    });
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
    if (body) req.write(body);
    req.end();
  });
}

// ---------------------------------------------------------------- the storm

interface StormSetup {
  location: Location;
  service: string;
  day: string;
  capacity: number;
  release(): Promise<void>;
}

async function runStorm(apps: Started[], setup: StormSetup): Promise<{ samples: Sample[]; releaseAt: number; end: number; lastBooked: number; clientsBooked: number; clientsGaveUp: number }> {
  const samples: Sample[] = [];
  const slotsPath = `/api/v1/appointments/slots?location=${setup.location.slug}&services=${setup.service}&from=${setup.day}&to=${setup.day}`;
  let releaseAt = Number.POSITIVE_INFINITY;
  let lastBooked = 0;
  let clientsBooked = 0;
  let clientsGaveUp = 0;

  async function client(i: number): Promise<void> {
    const app = apps[i % apps.length] as Started;
    const headers = { 'x-forwarded-for': `198.18.${i >> 8}.${i & 255}`, accept: 'application/json' };
    let lastAskedAt = 0;
    const slots = async (kind: 'poll' | 'slots'): Promise<string[]> => {
      lastAskedAt = performance.now();
      const res = await request(new URL(slotsPath, app.url), 'GET', headers);
      samples.push({ kind: performance.now() >= releaseAt && kind === 'poll' ? 'slots' : kind, status: res.status, ms: res.ms, at: performance.now() });
      if (res.status !== 200) return [];
      return (JSON.parse(res.body) as { slots: { start: string }[] }).slots.map((s) => s.start);
    };
    // Before the release: poll with jitter until times appear.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * options.pollMs));
    let free = await slots('poll');
    while (free.length === 0) {
      // Asked after the release and nothing free: sold out before this client got a look.
      if (lastAskedAt >= releaseAt) {
        clientsGaveUp++;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs * (0.5 + Math.random())));
      free = await slots('poll');
    }
    // The storm: no think time.
    for (let attempt = 0; attempt < options.maxAttempts && free.length > 0; attempt++) {
      const start = free[Math.floor(Math.random() * Math.min(options.pick, free.length))] as string;
      const body = JSON.stringify({ location: setup.location.slug, services: [{ id: setup.service, count: 1 }], start, name: `Bench Person ${i}`, email: `bench-${i}@example.org`, termsAccepted: true });
      const res = await request(new URL('/api/v1/appointments/bookings', app.url), 'POST', { ...headers, 'content-type': 'application/json', 'idempotency-key': `bench-${i}-${attempt}` }, body);
      const at = performance.now();
      samples.push({ kind: 'book', status: res.status, ms: res.ms, at });
      if (res.status === 201) {
        clientsBooked++;
        lastBooked = Math.max(lastBooked, at);
        return;
      }
      if (res.status !== 409) break;
      free = await slots('slots');
    }
    clientsGaveUp++;
  }

  const running = Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  await new Promise((resolve) => setTimeout(resolve, options.waitMs));
  await setup.release();
  releaseAt = performance.now();
  await running;
  return { samples, releaseAt, end: performance.now(), lastBooked, clientsBooked, clientsGaveUp };
}

async function runHello(hello: Started, clients: number, seconds: number): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const stopAt = performance.now() + seconds * 1000;
  const url = new URL('/', hello.url);
  // Warm-up, then the measured closed loop with the same number of clients.
  await Promise.all(Array.from({ length: Math.min(clients, 50) }, () => request(url, 'GET', {})));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < stopAt) {
        const res = await request(url, 'GET', { accept: 'application/json' });
        samples.push({ kind: 'hello', status: res.status, ms: res.ms, at: performance.now() });
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------- numbers

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number) : 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { count: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(at(1)) };
}

const histogram = (samples: Sample[]) => samples.reduce<Record<string, number>>((h, s) => ({ ...h, [String(s.status)]: (h[String(s.status)] ?? 0) + 1 }), {});

// ---------------------------------------------------------------- main

async function prepare(databaseUrl: string): Promise<{ handle: DatabaseHandle; setup: StormSetup }> {
  await ensureDatabase(databaseUrl);
  const handle = connectDatabase(databaseUrl, { max: 4 });
  await migrateToLatest(handle.db);
  // Council demo PDFs go to a store of their own: the storm does not read them.
  await seedDemo(handle.db, createFileStore(path.join(workDir as string, 'seed-files')));
  await installJobSchema(databaseUrl);
  const tenants = createTenantService(handle.db);
  const tenant = await tenants.bySlug('musterstadt');
  if (!tenant) throw new Error('demo tenant missing');
  // The setting exists for exactly this: a load test cannot solve a proof of work per request.
  await tenants.setSetting(tenant.id, 'appointments.captcha', false);
  const location = await findLocation(handle.db, tenant.id, 'buergerbuero');
  const service = location?.services.find((s) => s.slug === 'meldebescheinigung')?.id;
  if (!location || !service) throw new Error('demo Bürgerbüro missing');
  const visit = visitOf(location, [{ serviceId: service, quantity: 1 }]);
  if (!visit.ok) throw new Error('demo service not bookable');
  const now = new Date();
  const window = bookingWindow(location, berlinDay(now));
  for (let day = window.first; day <= window.last; day = addDays(day, 1)) {
    const wanted = options.day === 'saturday' ? isoWeekday(day) === 6 : isoWeekday(day) <= 5;
    if (!wanted) continue;
    const starts = await availableStarts(handle.db, { location, bundesland: tenant.bundesland as Bundesland, visit: visit.visit, contingent: 'online', from: day, to: day, now });
    const capacity = starts.reduce((sum, s) => sum + s.free, 0);
    if (capacity === 0) continue;
    await handle.db.insertInto('appt_closures').values({ tenant_id: tenant.id, location_id: location.id, day, reason: 'Termine werden gleich freigeschaltet.' }).execute();
    const release = async () => {
      await handle.db.deleteFrom('appt_closures').where('tenant_id', '=', tenant.id).where('location_id', '=', location.id).where('day', '=', day).execute();
    };
    return { handle, setup: { location, service, day, capacity, release } };
  }
  throw new Error('no bookable day in the booking window');
}

async function checkDatabase(handle: DatabaseHandle, setup: StormSetup) {
  const row = await sql<{ claimed: number; capacity: number; over: number; mismatched: number; pending: number }>`
    with live as (
      select starts_at, count(*)::int as n from appt_claims
      where location_id = ${setup.location.id} and released_at is null and channel = 'online' group by starts_at)
    select coalesce(sum(s.claimed_online), 0)::int as claimed,
           coalesce(sum(s.capacity_online), 0)::int as capacity,
           count(*) filter (where s.claimed_online > s.capacity_online)::int as over,
           count(*) filter (where s.claimed_online <> coalesce(live.n, 0))::int as mismatched,
           (select count(*)::int from appt_bookings b where b.location_id = ${setup.location.id} and b.status = 'pending'
              and b.starts_at >= (${setup.day}::date)::timestamp at time zone 'Europe/Berlin'
              and b.starts_at < (${setup.day}::date + 1)::timestamp at time zone 'Europe/Berlin') as pending
    from appt_slots s left join live using (starts_at)
    where s.location_id = ${setup.location.id}
      and s.starts_at >= (${setup.day}::date)::timestamp at time zone 'Europe/Berlin'
      and s.starts_at < (${setup.day}::date + 1)::timestamp at time zone 'Europe/Berlin'`.execute(handle.db);
  return row.rows[0] as { claimed: number; capacity: number; over: number; mismatched: number; pending: number };
}

async function main(): Promise<void> {
  // Other work on the machine skews every number here; the result records how busy it was.
  const loadBefore = os.loadavg()[0] ?? 0;
  workDir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-bench-'));
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    postgres = await startEmbeddedPostgres(path.join(workDir, 'postgres'), { persistent: false });
    adminUrl = postgres.urlFor('postgres');
  }
  const name = `rathaus_bench_${randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(adminUrl, name);
  if (!postgres) {
    const admin = adminUrl;
    dropDatabase = async () => {
      const handle = connectDatabase(withDatabase(admin, 'postgres'), { max: 1 });
      await sql.raw(`drop database if exists ${name} with (force)`).execute(handle.db);
      await handle.close();
    };
  }
  console.error(`preparing ${name} …`);
  const { handle, setup } = await prepare(databaseUrl);
  const secret = randomBytes(36).toString('base64url');
  const apps = await Promise.all(Array.from({ length: options.instances }, (_, i) => startApp(databaseUrl, secret, i)));
  const hello = await startHello();
  console.error(`storm: ${options.clients} clients, ${options.instances} instance(s), ${setup.day} (${setup.capacity} places) released after ${options.waitMs} ms …`);
  // Warm-up of the app (JIT, pools, caches) on another location, outside the measurement.
  await Promise.all(Array.from({ length: 50 }, (_, i) => request(new URL('/api/v1/appointments/locations', (apps[i % apps.length] as Started).url), 'GET', { 'x-forwarded-for': `203.0.113.${i}` })));

  const storm = await runStorm(apps, setup);
  const helloRun = await runHello(hello, options.clients, options.helloSeconds);
  const database = await checkDatabase(handle, setup);
  const pgVersion = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(handle.db)).rows[0]?.v ?? '?';
  await handle.close();

  const stormSamples = storm.samples.filter((s) => s.at >= storm.releaseAt || s.kind === 'book');
  const stormSeconds = (storm.end - storm.releaseAt) / 1000;
  const booked = storm.samples.filter((s) => s.kind === 'book' && s.status === 201).length;
  const stormRps = stormSamples.length / stormSeconds;
  const helloRps = helloRun.samples.length / helloRun.seconds;
  const result = {
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?', node: process.version, postgres: pgVersion, platform: `${os.platform()} ${os.release()}`, loadAverageBefore: Math.round(loadBefore * 100) / 100 },
    options,
    day: setup.day,
    capacity: setup.capacity,
    attempts: storm.samples.filter((s) => s.kind === 'book').length,
    booked,
    overbooked: Math.max(0, booked - setup.capacity) + database.over,
    database,
    clients: { booked: storm.clientsBooked, gaveUpOrSoldOut: storm.clientsGaveUp },
    statuses: { beforeRelease: histogram(storm.samples.filter((s) => s.kind === 'poll')), slots: histogram(storm.samples.filter((s) => s.kind === 'slots')), bookings: histogram(storm.samples.filter((s) => s.kind === 'book')) },
    latencyMs: { bookings: percentiles(storm.samples.filter((s) => s.kind === 'book').map((s) => s.ms)), slotsDuringStorm: percentiles(storm.samples.filter((s) => s.kind === 'slots').map((s) => s.ms)), allDuringStorm: percentiles(stormSamples.map((s) => s.ms)), hello: percentiles(helloRun.samples.map((s) => s.ms)) },
    storm: { seconds: Math.round(stormSeconds * 100) / 100, soldOutAfterSeconds: storm.lastBooked ? Math.round(((storm.lastBooked - storm.releaseAt) / 1000) * 100) / 100 : null, requests: stormSamples.length, requestsPerSecond: Math.round(stormRps) },
    hello: { seconds: Math.round(helloRun.seconds * 100) / 100, requests: helloRun.samples.length, requestsPerSecond: Math.round(helloRps), statuses: histogram(helloRun.samples) },
    ratio: Math.round((stormRps / helloRps) * 1000) / 1000,
  };

  const l = result.latencyMs;
  const rows: [string, string][] = [
    ['machine', `${result.machine.cpus} × ${result.machine.cpu}, Node ${result.machine.node}, PostgreSQL ${result.machine.postgres}, load average ${result.machine.loadAverageBefore} before`],
    ['clients / instances', `${options.clients} / ${options.instances} (app LOG_LEVEL=${options.logLevel})`],
    ['released day', `${setup.day}: ${setup.capacity} places`],
    ['booking attempts', String(result.attempts)],
    ['booked / capacity', `${booked} / ${setup.capacity}`],
    ['overbooked', `${result.overbooked} (database: ${database.claimed} claimed of ${database.capacity}, ${database.over} slots over, ${database.mismatched} counters ≠ claims, ${database.pending} pending)`],
    ['bookings by status', JSON.stringify(result.statuses.bookings)],
    ['slot reads by status', `${JSON.stringify(result.statuses.slots)} (storm), ${JSON.stringify(result.statuses.beforeRelease)} (before)`],
    ['booking latency ms', `p50 ${l.bookings.p50}  p95 ${l.bookings.p95}  p99 ${l.bookings.p99}  max ${l.bookings.max}`],
    ['slot read latency ms', `p50 ${l.slotsDuringStorm.p50}  p95 ${l.slotsDuringStorm.p95}  p99 ${l.slotsDuringStorm.p99}  max ${l.slotsDuringStorm.max}`],
    ['storm', `${result.storm.requests} requests in ${result.storm.seconds} s = ${result.storm.requestsPerSecond} req/s; sold out after ${result.storm.soldOutAfterSeconds ?? '–'} s`],
    ['hello-world', `${result.hello.requestsPerSecond} req/s (p50 ${l.hello.p50} ms, p99 ${l.hello.p99} ms), same ${options.clients} clients`],
    ['storm / hello-world', `${(result.ratio * 100).toFixed(1)} %`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'));
  console.log(JSON.stringify(result, null, 2));
  if (args.json) writeFileSync(String(args.json), `${JSON.stringify(result, null, 2)}\n`);
  if (result.overbooked > 0 || database.mismatched > 0) process.exitCode = 1;
}

process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  agent.destroy();
  await cleanup();
}
