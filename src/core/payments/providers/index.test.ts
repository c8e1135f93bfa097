import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config/config.ts';
import { createTenantService } from '../../tenancy/tenants.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.ts';
import { startXBezahldiensteStandIn, type XBezahldiensteStandIn } from '../../../../test/support/standins/xbezahldienste-server.ts';
import { ProviderError, type CreatePaymentInput } from '../provider.ts';
import { createProviderRegistry } from './index.ts';

let database: TestDatabase;
let platform: XBezahldiensteStandIn;
let tenantId: string;

before(async () => {
  database = await createTestDatabase();
  platform = await startXBezahldiensteStandIn();
  const tenants = createTenantService(database.db);
  const tenant = await tenants.bySlug('musterstadt');
  assert.ok(tenant);
  tenantId = tenant.id;
  const { baseUrl, originatorId, endPointId, clientId } = platform.adapterOptions;
  await tenants.setSetting(tenantId, 'payments.provider', 'xbezahldienste');
  for (const [key, value] of Object.entries({ baseUrl, originatorId, endPointId, clientId })) await tenants.setSetting(tenantId, `payments.xbezahldienste.${key}`, value);
});

beforeEach(() => platform.heal());

after(async () => {
  await platform.stop();
  await database.drop();
});

function registry(options: { timeoutMs?: number; coolDownMs?: number } = {}) {
  const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789', XBEZAHLDIENSTE_CLIENT_SECRET: platform.adapterOptions.clientSecret, DATA_DIR: '/tmp/rathaus-registry-test' });
  return createProviderRegistry({
    db: database.db,
    config,
    tenants: createTenantService(database.db),
    baseUrl: async () => 'http://localhost:3000',
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.coolDownMs ? { breaker: { coolDownMs: options.coolDownMs } } : {}),
  });
}

function input(): CreatePaymentInput {
  return {
    paymentId: randomUUID(),
    kassenzeichen: '5.0100.000001',
    amountCents: 1000,
    currency: 'EUR',
    purpose: 'Melderegisterauskunft',
    items: [{ description: 'Melderegisterauskunft', quantity: 1, unitCents: 1000 }],
    returnUrl: 'http://localhost:3000/zahlung/x/rueckkehr',
    cancelUrl: 'http://localhost:3000/zahlung/x/abbruch',
    notifyUrl: 'http://localhost:3000/zahlung/rueckmeldung/xbezahldienste',
    expiresInMinutes: 30,
    locale: 'de',
  };
}

const apiCalls = () => platform.requests().filter((r) => r.path.startsWith('/xbezahldienste/')).length;

test('the adapter is kept between calls, so its access token is reused', async () => {
  const provider = registry();
  const tokensBefore = platform.requests().filter((r) => r.path.endsWith('/auth/token')).length;
  await (await provider(tenantId, 'xbezahldienste')).createPayment(input());
  await (await provider(tenantId, 'xbezahldienste')).createPayment(input());
  assert.equal(platform.requests().filter((r) => r.path.endsWith('/auth/token')).length - tokensBefore, 1);
});

test('a failing platform is left alone after three failures: citizens get a retryable error at once, no request reaches it', async () => {
  const provider = registry({ coolDownMs: 60_000 });
  await (await provider(tenantId, 'xbezahldienste')).createPayment(input());
  platform.failNext(100, 500);
  for (let i = 0; i < 3; i++) await assert.rejects((await provider(tenantId, 'xbezahldienste')).createPayment(input()), (e: unknown) => e instanceof ProviderError && e.retryable && e.httpStatus === 500);
  const calls = apiCalls();
  for (let i = 0; i < 10; i++) {
    const started = Date.now();
    await assert.rejects((await provider(tenantId, 'xbezahldienste')).createPayment(input()), (e: unknown) => e instanceof ProviderError && e.retryable && /not called after 3 failures/.test(e.message));
    assert.ok(Date.now() - started < 100, 'fails at once');
  }
  assert.equal(apiCalls(), calls, 'the platform saw none of the ten');
});

test('a hanging platform costs three timeouts, then fails fast; after the cool-down and healing, payments work again', { timeout: 20_000 }, async () => {
  const provider = registry({ timeoutMs: 300, coolDownMs: 1_000 });
  await (await provider(tenantId, 'xbezahldienste')).createPayment(input());
  platform.hangNext(100);
  for (let i = 0; i < 3; i++) await assert.rejects((await provider(tenantId, 'xbezahldienste')).createPayment(input()), /timed out after 300 ms/);
  const started = Date.now();
  await assert.rejects((await provider(tenantId, 'xbezahldienste')).createPayment(input()), /not called after 3 failures/);
  assert.ok(Date.now() - started < 100);
  const hungCalls = platform.requests().filter((r) => r.fault === 'hang').length;
  assert.equal(hungCalls, 3, 'only the three calls that found out reached the platform');
  platform.heal();
  await new Promise((resolve) => setTimeout(resolve, 1_050));
  const created = await (await provider(tenantId, 'xbezahldienste')).createPayment(input());
  assert.match(created.providerRef, /^tx/);
});
