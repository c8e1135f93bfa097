/** Cross-cutting HTTP behaviour of the composition root: errors, headers, cookies, limits, operations endpoints. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp, redactUrl, serializeError } from './app.tsx';
import { modules } from './modules/index.ts';
import type { RathausModule } from './core/module.ts';
import { createTestApp, TestBrowser, type TestApp } from '../test/support/app.ts';
import { staffBrowser } from '../test/support/staff.ts';

let t: TestApp;
let app: FastifyInstance;
const logged: string[] = [];

const failing: RathausModule = {
  name: 'failing',
  publicRoutes: (scope) => {
    scope.get('/kaputt', async () => {
      throw new Error('INTERNAL-DETAIL-4711 at /srv/secret/path.ts:12');
    });
  },
};

before(async () => {
  t = await createTestApp();
  const stream = { write: (line: string) => logged.push(line) };
  app = await buildApp(t.services, [...modules, failing], { log: { level: 'info', stream } });
  await app.ready();
});
after(async () => {
  await app.close();
  await t.close();
});

test('an unexpected error is a friendly German 500 page with the request id, never a stack trace', async () => {
  const res = await app.inject({ url: '/kaputt', headers: { host: 'localhost' } });
  assert.equal(res.statusCode, 500);
  assert.match(res.body, /Es ist ein Fehler aufgetreten/);
  const id = /<code>([0-9a-f-]{36})<\/code>/.exec(res.body)?.[1];
  assert.ok(id, 'request id shown');
  assert.doesNotMatch(res.body, /INTERNAL-DETAIL-4711|secret\/path/);
  assert.ok(logged.some((line) => line.includes(id) && line.includes('INTERNAL-DETAIL-4711')), 'the log has the details under the same id');
});

test('logs carry no query strings, no client IPs and no status-link tokens', async () => {
  const before = logged.length;
  await app.inject({ url: '/vorgang/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA?email=max%40example.org', headers: { host: 'localhost' }, remoteAddress: '198.51.100.23' });
  const requestLines = logged.slice(before).map((line) => JSON.parse(line) as { msg: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number });
  assert.equal(requestLines.length, 1, 'one log line per request');
  assert.deepEqual([requestLines[0]?.msg, requestLines[0]?.req, requestLines[0]?.res?.statusCode], ['request completed', { method: 'GET', url: '/vorgang/[redacted]', host: 'localhost' }, 404]);
  assert.equal(typeof requestLines[0]?.responseTime, 'number');
  const text = logged.join('\n');
  assert.doesNotMatch(text, /AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/);
  assert.doesNotMatch(text, /max%40example\.org|max@example\.org/);
  assert.doesNotMatch(text, /198\.51\.100\.23/);
  assert.equal(redactUrl('/vorgang/secret-token/antwort?x=1'), '/vorgang/[redacted]/antwort');
  assert.equal(redactUrl('/termine/bestaetigen/secret-token'), '/termine/bestaetigen/[redacted]');
  assert.equal(redactUrl('/maengelmelder/status/secret-token'), '/maengelmelder/status/[redacted]');
  assert.equal(redactUrl('/maengelmelder/auftrag/secret-token/antwort'), '/maengelmelder/auftrag/[redacted]/antwort');
  // A database error's detail quotes the row: it never reaches the log.
  const pgError = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505', constraint: 'x', table: 'appt_bookings', detail: 'Key (email)=(erika@example.org) already exists.' });
  const line = JSON.stringify(serializeError(pgError));
  assert.ok(!line.includes('erika@example.org'));
  assert.match(line, /"constraint":"x"/);
  assert.equal(redactUrl('/termine/buchung/secret-token/absagen'), '/termine/buchung/[redacted]/absagen');
});

test('a request slower than LOG_SLOW_REQUEST_MS is logged as a warning, the others at info', async () => {
  const lines: string[] = [];
  const slow: RathausModule = {
    name: 'slow',
    publicRoutes: (scope) => {
      scope.get('/langsam', async () => {
        await new Promise((resolve) => setTimeout(resolve, 120));
        return 'fertig';
      });
    },
  };
  const services = { ...t.services, config: { ...t.services.config, slowRequestMs: 100 } };
  const slowApp = await buildApp(services, [...modules, slow], { log: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
  try {
    assert.equal((await slowApp.inject({ url: '/healthz', headers: { host: 'localhost' } })).statusCode, 200);
    assert.equal((await slowApp.inject({ url: '/langsam?email=max%40example.org', headers: { host: 'localhost' } })).statusCode, 200);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; req?: { url: string }; responseTime: number });
    assert.deepEqual(logged.map((l) => l.req?.url), ['/healthz', '/langsam'], 'one line per request');
    // The rule itself, for each line: a busy machine may make even /healthz slow.
    for (const line of logged) {
      const slowOne = line.responseTime >= 100;
      assert.deepEqual([line.level, line.msg], slowOne ? [40, 'slow request completed'] : [30, 'request completed'], `${line.req?.url} after ${line.responseTime} ms`);
    }
    assert.equal(logged[1]?.level, 40, 'the request that took 120 ms is a warning');
  } finally {
    await slowApp.close();
  }
});

test('security headers on every page; pages are never cached', async () => {
  const res = await app.inject({ url: '/kontakt', headers: { host: 'localhost' } });
  const csp = String(res.headers['content-security-policy']);
  for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "form-action 'self'"]) assert.ok(csp.includes(directive), directive);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS on plain http');
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-rathaus-csrf='));
  assert.ok(cookie);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /Secure/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(cookie, /Domain=/);
});

test('HSTS is sent when the public URL is https', async () => {
  const https = await createTestApp({ env: { PUBLIC_URL: 'https://rathaus.example.org' } });
  try {
    const res = await https.app.inject({ url: '/', headers: { host: 'localhost' } });
    assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
  } finally {
    await https.close();
  }
});

test('oversized and malformed bodies get a clear answer, not a 500', async () => {
  const browser = new TestBrowser(app);
  await browser.get('/barriere-melden');
  const huge = await browser.post('/barriere-melden', { description: 'x'.repeat(300 * 1024), privacy: 'yes' });
  assert.equal(huge.statusCode, 413);
  assert.match(huge.body, /zu groß/);
  const broken = await app.inject({ method: 'POST', url: '/kontakt', headers: { host: 'localhost', 'content-type': 'multipart/form-data; boundary=xyz', cookie: browser.cookieHeader() }, payload: '--xyz\r\nbroken' });
  assert.ok([400, 403, 422].includes(broken.statusCode), `got ${broken.statusCode}`);
  const json = await app.inject({ method: 'POST', url: '/barriere-melden', headers: { host: 'localhost', 'content-type': 'application/json' }, payload: '{"description":' });
  assert.ok(json.statusCode < 500, `got ${json.statusCode}`);
});

test('a state change from a cross-site page is refused even with a valid token', async () => {
  const browser = new TestBrowser(app);
  await browser.get('/barriere-melden');
  const res = await app.inject({
    method: 'POST',
    url: '/barriere-melden',
    headers: { host: 'localhost', cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    payload: new URLSearchParams({ _csrf: browser.csrf(), description: 'x', privacy: 'yes' }).toString(),
  });
  assert.equal(res.statusCode, 403);
});

test('metrics: localhost or admins only; health endpoints public', async () => {
  assert.equal((await app.inject({ url: '/metrics', headers: { host: 'localhost' }, remoteAddress: '127.0.0.1' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/metrics', headers: { host: 'localhost' }, remoteAddress: '203.0.113.9' })).statusCode, 404);
  const clerk = await staffBrowser(t, 'buergerbuero@musterstadt.example');
  assert.equal((await app.inject({ url: '/metrics', headers: { host: 'localhost', cookie: clerk.cookieHeader() }, remoteAddress: '203.0.113.9' })).statusCode, 404);
  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  const res = await app.inject({ url: '/metrics', headers: { host: 'localhost', cookie: admin.cookieHeader() }, remoteAddress: '203.0.113.9' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /rathaus_http_request_duration_seconds/);
  assert.equal((await app.inject({ url: '/healthz', remoteAddress: '203.0.113.9' })).statusCode, 200);
});

test('too many submissions from one address get the 429 page with Retry-After', async () => {
  const browser = new TestBrowser(app);
  await browser.get('/barriere-melden');
  const token = browser.csrf();
  let last = 0;
  let res;
  for (let i = 0; i < 25 && last !== 429; i++) {
    res = await app.inject({
      method: 'POST',
      url: '/barriere-melden',
      remoteAddress: '192.0.2.77',
      headers: { host: 'localhost', cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, description: '' }).toString(),
    });
    last = res.statusCode;
  }
  assert.equal(last, 429);
  assert.match(res?.body ?? '', /Zu viele Anfragen/);
  assert.ok(res?.headers['retry-after']);
});
