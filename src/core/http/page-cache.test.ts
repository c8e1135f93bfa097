/**
 * The page cache and load shedding on the real app: anonymous catalogue pages
 * are served from the cache (with ETag/304), per tenant and language; staff
 * sessions and flash messages bypass it; a successful write drops the
 * tenant's entries; a cached page with a form gives every browser its own
 * CSRF token; and when the database pool's queue is full, new requests get a
 * quick 503 with Retry-After while health checks still answer.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { buildApp } from '../../app.tsx';
import { modules } from '../../modules/index.ts';
import type { RathausModule } from '../module.ts';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { preferredEncoding } from './page-cache.ts';

let t: TestApp;
let app: FastifyInstance;
let heavyStarted = 0;
let openHeavyGate = (): void => {};
const heavyGate = new Promise<void>((resolve) => (openHeavyGate = resolve));
let currentHeavyGate = heavyGate;
let slowRenders = 0;
let slowGate: Promise<void> | null = null;
let submitsStarted = 0;
let openSubmitGate = (): void => {};
const submitGate = new Promise<void>((resolve) => (openSubmitGate = resolve));

/** A cached page with a form, and the form's target (which checks the CSRF token like every POST). */
const formModule: RathausModule = {
  name: 'page-cache-test',
  publicRoutes: (scope) => {
    scope.get('/test-cache/form', { config: { cache: { ttlSeconds: 60 } } }, async (_request, reply) =>
      reply.page({ title: 'Formular', body: `<form method="post" action="/test-cache/form"><input type="hidden" name="_csrf" value="${reply.csrfToken()}"><button>Senden</button></form>` }),
    );
    scope.post('/test-cache/form', async (_request, reply) => reply.type('text/plain').send('ok'));
    scope.get('/test-cache/slow', { config: { cache: { ttlSeconds: 1 } } }, async (_request, reply) => {
      slowRenders += 1;
      const n = slowRenders;
      if (slowGate) await slowGate;
      return reply.type('text/plain').send(`render ${n}`);
    });
    scope.get('/test-submit', { config: { concurrency: 'submit' } }, async (_request, reply) => {
      submitsStarted += 1;
      await submitGate;
      return reply.type('text/plain').send('ok');
    });
    scope.get('/test-heavy', { config: { heavy: true } }, async (_request, reply) => {
      heavyStarted += 1;
      await currentHeavyGate;
      return reply.type('text/plain').send('ok');
    });
  },
};

before(async () => {
  t = await createTestApp({ env: { PAGE_CACHE: 'on', OVERLOAD_MAX_DB_QUEUE: '3', OVERLOAD_MAX_DB_WAIT_MS: '300' } });
  await t.services.tenants.all();
  app = await buildApp(t.services, [...modules, formModule]);
  await app.ready();
});

after(async () => {
  await app.close();
  await t.close();
});

const cookiesOf = (res: { headers: Record<string, unknown> }): string[] => {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
};
const tokenIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

test('a URL\'s first render is not kept, its second is; a render others waited for is kept at once', async () => {
  t.services.pageCache.clear();
  const { hits } = t.services.pageCache.stats();
  await app.inject({ url: '/leistungen?nur=einmal' });
  assert.equal(t.services.pageCache.stats().entries, 0, 'a URL asked for once takes no place');
  await app.inject({ url: '/leistungen?nur=einmal' });
  assert.equal(t.services.pageCache.stats().entries, 1, 'asked for again: kept');
  await app.inject({ url: '/leistungen?nur=einmal' });
  assert.equal(t.services.pageCache.stats().hits, hits + 1);
  // A crowd at once: one renders, the others wait for it and get that page.
  t.services.pageCache.clear();
  const crowd = await Promise.all(Array.from({ length: 5 }, () => app.inject({ url: '/leistungen?alle=zugleich' })));
  assert.equal(new Set(crowd.map((r) => r.body)).size, 1);
  assert.equal(t.services.pageCache.stats().entries, 1, 'a first render others waited for is kept');
});

test('anonymous catalogue pages come from the cache, with ETag and 304, per tenant and language', async () => {
  t.services.pageCache.clear();
  await app.inject({ url: '/leistungen' }); // a URL's first render is not kept
  const before = t.services.pageCache.stats();
  const first = await app.inject({ url: '/leistungen' });
  const second = await app.inject({ url: '/leistungen' });
  assert.equal(first.statusCode, 200);
  assert.equal(second.body, first.body);
  assert.equal(t.services.pageCache.stats().hits, before.hits + 1);
  const etag = String(second.headers.etag);
  assert.match(etag, /^".+"$/);
  assert.equal(second.headers['cache-control'], 'private, no-cache');
  assert.equal(cookiesOf(first).length + cookiesOf(second).length, 0, 'an anonymous catalogue page sets no cookie');
  assert.ok(second.headers['content-security-policy'], 'security headers are set on a cache hit too');
  const revalidated = await app.inject({ url: '/leistungen', headers: { 'if-none-match': etag } });
  assert.equal(revalidated.statusCode, 304);

  const other = await app.inject({ url: '/leistungen', headers: { host: 'beispielhausen.localhost' } });
  assert.notEqual(other.body, first.body, 'another tenant gets its own page');
  const english = await app.inject({ url: '/leistungen', headers: { cookie: 'rathaus-lang=en' } });
  assert.notEqual(english.body, first.body, 'another language gets its own page');
  assert.match(english.body, /<html lang="en"/);
});

test('a cached page goes out compressed to clients that accept it: Brotli or gzip, own ETag, Vary', async () => {
  t.services.pageCache.clear();
  const identity = await app.inject({ url: '/leistungen' });
  assert.equal(identity.statusCode, 200);
  assert.equal(identity.headers['content-encoding'], undefined);
  assert.equal(identity.headers.vary, 'Accept-Encoding');
  // The copies are made in the background: until then hits go out as they are.
  let br = await app.inject({ url: '/leistungen', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  for (let i = 0; i < 50 && br.headers['content-encoding'] !== 'br'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    br = await app.inject({ url: '/leistungen', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  }
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.equal(brotliDecompressSync(br.rawPayload).toString(), identity.body);
  assert.ok(br.rawPayload.length < identity.rawPayload.length / 3, `compressed ${br.rawPayload.length} of ${identity.rawPayload.length} bytes`);
  const gz = await app.inject({ url: '/leistungen', headers: { 'accept-encoding': 'br;q=0, gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.rawPayload).toString(), identity.body);
  const plain = await app.inject({ url: '/leistungen', headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body, identity.body);
  // Each representation has its own ETag, and revalidates against it.
  const tags = new Set([identity.headers.etag, br.headers.etag, gz.headers.etag]);
  assert.equal(tags.size, 3);
  const notModified = await app.inject({ url: '/leistungen', headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) } });
  assert.equal(notModified.statusCode, 304);
  const otherTag = await app.inject({ url: '/leistungen', headers: { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) } });
  assert.equal(otherTag.statusCode, 200);
  assert.equal(otherTag.headers['content-encoding'], 'gzip');
});

test('an expired page is served to others while one request renders its successor; a dropped one never', async () => {
  t.services.pageCache.clear();
  slowGate = null;
  const get = async () => (await app.inject({ url: '/test-cache/slow' })).body;
  await get(); // a URL's first render is not kept
  slowRenders = 0;
  assert.equal(await get(), 'render 1');
  assert.equal(await get(), 'render 1');
  await new Promise((resolve) => setTimeout(resolve, 1100));
  let open = (): void => {};
  slowGate = new Promise<void>((resolve) => (open = resolve));
  const renderer = get();
  while (slowRenders < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  // The successor is being rendered (and blocked): another reader gets the expired page at once.
  assert.equal(await get(), 'render 1');
  open();
  assert.equal(await renderer, 'render 2');
  assert.equal(await get(), 'render 2');
  assert.equal(slowRenders, 2);

  // Dropped (as a write drops its tenant's pages): a reader waits for the new render, never gets the old page.
  const tenant = await t.services.tenants.bySlug('musterstadt');
  assert.ok(tenant);
  t.services.pageCache.invalidate(tenant.id);
  slowGate = new Promise<void>((resolve) => (open = resolve));
  const first = get();
  while (slowRenders < 3) await new Promise((resolve) => setTimeout(resolve, 5));
  const second = get();
  open();
  assert.deepEqual(await Promise.all([first, second]), ['render 3', 'render 3']);
  slowGate = null;
});

test('Accept-Encoding: Brotli before gzip, q=0 refuses, identity otherwise', () => {
  assert.equal(preferredEncoding(undefined), null);
  assert.equal(preferredEncoding('gzip, deflate, br, zstd'), 'br');
  assert.equal(preferredEncoding('gzip'), 'gzip');
  assert.equal(preferredEncoding('GZIP;q=0.5, br;q=0'), 'gzip');
  assert.equal(preferredEncoding('br;q=0, gzip;q=0'), null);
  assert.equal(preferredEncoding('identity, deflate'), null);
  assert.equal(preferredEncoding('*'), null);
});

test('a staff session or a pending flash message bypasses the cache', async () => {
  t.services.pageCache.clear();
  await app.inject({ url: '/leistungen' });
  const { hits } = t.services.pageCache.stats();
  await app.inject({ url: '/leistungen', cookies: { 'rathaus-session': 'x', '__Host-rathaus-session': 'x' } });
  await app.inject({ url: '/leistungen', cookies: { 'rathaus-flash': 'x' } });
  assert.equal(t.services.pageCache.stats().hits, hits);
});

test('a successful write drops the tenant\'s cached pages; a refused one does not', async () => {
  t.services.pageCache.clear();
  await app.inject({ url: '/test-cache/form' }); // a URL's first render is not kept
  const page = await app.inject({ url: '/test-cache/form' });
  const csrf = cookiesOf(page).map((c) => c.split(';')[0]).join('; ');
  await app.inject({ url: '/leistungen' });
  await app.inject({ url: '/leistungen' });
  const refused = await app.inject({ method: 'POST', url: '/test-cache/form', payload: { _csrf: 'wrong' }, headers: { cookie: csrf } });
  assert.equal(refused.statusCode, 403);
  assert.ok(t.services.pageCache.stats().entries >= 2);
  const ok = await app.inject({ method: 'POST', url: '/test-cache/form', payload: { _csrf: tokenIn(page.body) }, headers: { cookie: csrf } });
  assert.equal(ok.statusCode, 200);
  assert.equal(t.services.pageCache.stats().entries, 0);
});

test('a cached page with a form gives every browser its own working CSRF token', async () => {
  t.services.pageCache.clear();
  await app.inject({ url: '/test-cache/form' }); // a URL's first render is not kept
  const { hits } = t.services.pageCache.stats();
  const a = await app.inject({ url: '/test-cache/form' });
  const b = await app.inject({ url: '/test-cache/form' });
  assert.equal(t.services.pageCache.stats().hits, hits + 1, 'the second browser got the cached page');
  assert.doesNotMatch(b.body, new RegExp(t.services.pageCache.csrfMarker));
  assert.equal(b.headers['cache-control'], 'no-store', 'a page with a personal token is not stored by the browser');
  const [tokenA, tokenB] = [tokenIn(a.body), tokenIn(b.body)];
  assert.ok(tokenA && tokenB && tokenA !== tokenB, 'tokens are per browser');
  const cookieA = cookiesOf(a).map((c) => c.split(';')[0]).join('; ');
  const cookieB = cookiesOf(b).map((c) => c.split(';')[0]).join('; ');
  assert.ok(cookieA && cookieB && cookieA !== cookieB);

  // Browser A comes back: same token, no new cookie.
  const again = await app.inject({ url: '/test-cache/form', headers: { cookie: cookieA } });
  assert.equal(tokenIn(again.body), tokenA);
  assert.equal(cookiesOf(again).length, 0);

  // Each token works with its own browser's cookie only.
  assert.equal((await app.inject({ method: 'POST', url: '/test-cache/form', payload: { _csrf: tokenB }, headers: { cookie: cookieA } })).statusCode, 403);
  assert.equal((await app.inject({ method: 'POST', url: '/test-cache/form', payload: { _csrf: tokenB }, headers: { cookie: cookieB } })).statusCode, 200);
});

/**
 * Takes every connection of the app's pool and queues `waiters` more connection
 * requests. The app's job workers share the pool (a scheduled job may be
 * running or queued), so connections are taken with a long connect timeout,
 * and the queue counts whatever else waits too. `release()` gives everything
 * back, whatever happened in the test.
 */
async function exhaustPool(pool: pg.Pool, waiters: number): Promise<{ release(): Promise<void> }> {
  const options = pool.options as { max: number; connectionTimeoutMillis?: number };
  const timeout = options.connectionTimeoutMillis;
  options.connectionTimeoutMillis = 120_000;
  const held: pg.PoolClient[] = [];
  const queued: Promise<pg.PoolClient>[] = [];
  const release = async (): Promise<void> => {
    for (const c of held) c.release();
    for (const r of await Promise.allSettled(queued)) if (r.status === 'fulfilled') r.value.release();
    options.connectionTimeoutMillis = timeout;
  };
  try {
    while (held.length < options.max) held.push(await pool.connect());
    for (let i = 0; i < waiters; i += 1) queued.push(pool.connect());
  } catch (error) {
    await release();
    throw error;
  }
  return { release };
}

test('with the database queue full, new requests get 503 with Retry-After at once; health checks still answer', async () => {
  t.services.pageCache.clear();
  const pool = t.services.pool;
  // Every connection taken, three requests waiting: the queue limit of this app is 3.
  const exhausted = await exhaustPool(pool, 3);
  try {
    assert.ok(pool.waitingCount >= 3);
    const started = Date.now();
    const page = await app.inject({ url: '/leistungen/briefwahl' });
    const api = await app.inject({ url: '/api/v1/appointments/locations' });
    const oparl = await app.inject({ url: '/oparl/v1.1/system' });
    const open311 = await app.inject({ url: '/open311/v2/services.json' });
    const open311Xml = await app.inject({ url: '/open311/v2/services.xml' });
    assert.ok(Date.now() - started < 2000, 'refused quickly, not after waiting');
    assert.equal(page.statusCode, 503);
    assert.equal(page.headers['retry-after'], '5');
    assert.match(page.body, /ausgelastet/);
    // Each API answers the refusal in its own format, with Retry-After.
    for (const res of [api, oparl, open311, open311Xml]) {
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.headers['retry-after'], '5');
    }
    assert.equal(JSON.parse(api.body).error.code, 'unavailable');
    assert.equal(JSON.parse(oparl.body).type, 'https://schema.oparl.org/1.1/Error');
    assert.match(String(oparl.headers['content-type']), /^application\/json/);
    assert.equal(JSON.parse(open311.body)[0].code, 503);
    assert.match(open311Xml.body, /<errors><error><code>503<\/code>/);
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
  } finally {
    await exhausted.release();
  }
  assert.equal((await app.inject({ url: '/leistungen/briefwahl' })).statusCode, 200);
});

test('when a query has waited longer than the bound for a connection, new requests get 503 at once', async () => {
  t.services.pageCache.clear();
  const pool = t.services.pool;
  const exhausted = await exhaustPool(pool, 1);
  try {
    await new Promise((resolve) => setTimeout(resolve, 400));
    // One query of the test waits (a job's query may wait too): the count limit (3) is not what refuses.
    assert.ok(pool.waitingCount >= 1);
    const page = await app.inject({ url: '/leistungen/briefwahl' });
    assert.equal(page.statusCode, 503);
    assert.equal(page.headers['retry-after'], '5');
  } finally {
    await exhausted.release();
  }
  assert.equal((await app.inject({ url: '/leistungen/briefwahl' })).statusCode, 200);
});

test('big lists run four at a time, sixteen wait, the next is refused at once; all waiting ones are served', async () => {
  const first = Array.from({ length: 20 }, () => app.inject({ url: '/test-heavy' }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(heavyStarted, 4, 'four run, sixteen wait');
  const refused = await app.inject({ url: '/test-heavy' });
  assert.equal(refused.statusCode, 503);
  assert.equal(refused.headers['retry-after'], '5');
  openHeavyGate();
  const answers = await Promise.all(first);
  assert.deepEqual([...new Set(answers.map((a) => a.statusCode))], [200]);
  assert.equal(heavyStarted, 20);
  assert.equal((await app.inject({ url: '/test-heavy' })).statusCode, 200, 'slots are given back');
});

test('submits run half the database pool at a time; before any completed, twice as many wait (the queue grows with the completion rate, core/http/admission.test.ts), the next is refused at once', async () => {
  const max = Math.max(2, Math.floor(t.services.config.databasePoolMax / 2));
  const first = Array.from({ length: 3 * max }, () => app.inject({ url: '/test-submit' }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(submitsStarted, max, `${max} run, ${2 * max} wait`);
  const refused = await app.inject({ url: '/test-submit' });
  assert.equal(refused.statusCode, 503);
  assert.equal(refused.headers['retry-after'], '5');
  assert.equal((await app.inject({ url: '/leistungen' })).statusCode, 200, 'other pages are served meanwhile');
  openSubmitGate();
  const answers = await Promise.all(first);
  assert.deepEqual([...new Set(answers.map((a) => a.statusCode))], [200]);
  assert.equal(submitsStarted, 3 * max);
});

test('big-list requests whose clients gave up while they waited give their slots back', async () => {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  let open = (): void => {};
  currentHeavyGate = new Promise<void>((resolve) => (open = resolve));
  const { default: http } = await import('node:http');
  // Four run and sixteen queue behind the closed gate; then every client hangs up.
  const clients = Array.from({ length: 20 }, () => http.get(`${address}/test-heavy`).on('error', () => {}));
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const client of clients) client.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
  open();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const timeout = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 3000).unref());
  const after = await Promise.race([Promise.all(Array.from({ length: 8 }, () => app.inject({ url: '/test-heavy' }))), timeout]);
  assert.notEqual(after, 'stuck', 'requests after the hang-ups got a slot');
  if (after !== 'stuck') assert.deepEqual([...new Set(after.map((a) => a.statusCode))], [200]);
});
