import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerSecurityHeaders, securityHeaders } from './security-headers.ts';

const options = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], objectSrc: ["'none'"] } },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' as const },
  crossOriginEmbedderPolicy: false,
};

test('the headers are computed once from the helmet options', () => {
  const headers = securityHeaders(options);
  assert.equal(headers['content-security-policy'], "default-src 'self';script-src 'self';object-src 'none'");
  assert.equal(headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
  assert.equal(headers['referrer-policy'], 'no-referrer');
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['x-frame-options'], 'SAMEORIGIN');
  assert.equal(headers['cross-origin-embedder-policy'], undefined, 'switched off');
  assert.equal(securityHeaders({ ...options, hsts: false })['strict-transport-security'], undefined);
});

test('every answer carries them, also a 404, and a route may change one', async () => {
  const app = Fastify();
  registerSecurityHeaders(app, options);
  app.get('/karte', async (_request, reply) => reply.header('content-security-policy', "default-src 'self';img-src https://tile.example").send('map'));
  app.get('/', async () => 'ok');
  for (const url of ['/', '/gibt-es-nicht']) {
    const res = await app.inject(url);
    assert.equal(res.headers['content-security-policy'], "default-src 'self';script-src 'self';object-src 'none'", url);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
  }
  assert.match(String((await app.inject('/karte')).headers['content-security-policy']), /tile\.example/);
  await app.close();
});
