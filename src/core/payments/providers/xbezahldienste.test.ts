import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { ProviderError, type CreatePaymentInput, type PaymentProvider } from '../provider.ts';
import { amountToCents, centsToAmount, createXBezahldiensteProvider, type XBezahldiensteOptions } from './xbezahldienste.ts';
import { startXBezahldiensteStandIn, type XBezahldiensteStandIn } from '../../../../test/support/standins/xbezahldienste-server.ts';

interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

/** Our side of the callback: records what the platform posts to notifyUrl. */
async function startReceiver(): Promise<{ url: string; received: ReceivedCallback[]; close(): Promise<void> }> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zahlung/rueckmeldung`;
  return { url, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let platform: XBezahldiensteStandIn;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let counter = 0;

before(async () => {
  platform = await startXBezahldiensteStandIn();
  receiver = await startReceiver();
});

// A failed fault test must not leave 500s or hangs queued for the next one.
beforeEach(() => platform.heal());

after(async () => {
  await platform.stop();
  await receiver.close();
});

function provider(overrides: Partial<XBezahldiensteOptions> = {}): PaymentProvider {
  return createXBezahldiensteProvider({ ...platform.adapterOptions, extensions: true, timeoutMs: 2000, ...overrides });
}

function input(overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
  counter += 1;
  const amountCents = overrides.amountCents ?? 1999;
  return {
    paymentId: crypto.randomUUID(),
    kassenzeichen: `5.0100.${String(counter).padStart(6, '0')}`,
    amountCents,
    currency: 'EUR',
    purpose: 'Meldebescheinigung',
    items: [{ description: 'Meldebescheinigung', quantity: 1, unitCents: amountCents }],
    returnUrl: 'https://rathaus.example/zahlung/zurueck?p=1',
    cancelUrl: 'https://rathaus.example/zahlung/abgebrochen?p=1',
    notifyUrl: receiver.url,
    expiresInMinutes: 30,
    locale: 'de',
    ...overrides,
  };
}

/** The raw JSON body of the last create request the platform received. */
function lastCreateBody(): Record<string, unknown> {
  const request = platform.requests().filter((r) => r.method === 'POST' && /\/paymenttransaction\/[^/]+\/[^/]+$/.test(r.path)).at(-1);
  assert.ok(request, 'no create request reached the platform');
  return JSON.parse(request.body) as Record<string, unknown>;
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

test('a payment is created pending, paid at the platform, and then reported paid with its amount', async () => {
  const xb = provider();
  const created = await xb.createPayment(input({ amountCents: 2550, items: [{ description: 'Führungszeugnis', quantity: 1, unitCents: 2550 }] }));
  assert.match(created.providerRef, /^[\w-]+$/);
  assert.equal(created.redirectUrl, `${platform.origin}/paypage/${created.providerRef}`);

  const pending = await xb.getStatus(created.providerRef);
  assert.deepEqual(pending, { providerRef: created.providerRef, status: 'pending', amountCents: 2550, currency: 'EUR' });

  await platform.setOutcome(created.providerRef, 'paid', { method: 'PAYPAL', notify: false });
  const paid = await xb.getStatus(created.providerRef);
  assert.equal(paid.status, 'paid');
  assert.equal(paid.amountCents, 2550);
  assert.equal(paid.method, 'paypal');
  assert.ok(paid.paidAt instanceof Date && Math.abs(paid.paidAt.getTime() - Date.now()) < 10_000);
  assert.match(paid.detail ?? '', /reference KZ-/);
});

test('failed, cancelled and expired outcomes map onto the port statuses', async () => {
  const xb = provider();
  for (const [outcome, expected] of [['failed', 'failed'], ['cancelled', 'cancelled'], ['expired', 'failed']] as const) {
    const { providerRef } = await xb.createPayment(input());
    await platform.setOutcome(providerRef, outcome, { notify: false });
    assert.equal((await xb.getStatus(providerRef)).status, expected, outcome);
  }
});

test('amounts travel as exact decimal euros and come back as the same cents', async () => {
  const xb = provider();
  const expectations: [number, string][] = [[1, '0.01'], [10, '0.1'], [1999, '19.99'], [123456, '1234.56'], [99_999_900, '999999']];
  for (const [cents, decimal] of expectations) {
    const { providerRef } = await xb.createPayment(input({ amountCents: cents, items: [{ description: 'Gebühr', quantity: 1, unitCents: cents }] }));
    const raw = platform.requests().filter((r) => r.method === 'POST').at(-1)?.body ?? '';
    assert.ok(raw.includes(`"grosAmount":${decimal},`), `${cents} cents sent as ${raw}`);
    assert.ok(raw.includes(`"totalNetAmount":${decimal},`), `${cents} cents sent as ${raw}`);
    assert.equal((await xb.getStatus(providerRef)).amountCents, cents);
  }
});

test('several items with quantities add up to the gross amount the platform checks', async () => {
  const xb = provider();
  const { providerRef } = await xb.createPayment(input({
    amountCents: 3 * 1090 + 700,
    items: [{ description: 'Meldebescheinigung, 3 Exemplare', quantity: 3, unitCents: 1090 }, { description: 'Versand', quantity: 1, unitCents: 700 }],
  }));
  const body = lastCreateBody();
  assert.deepEqual((body.items as { totalNetAmount: number }[]).map((i) => i.totalNetAmount), [32.7, 7]);
  assert.equal((await xb.getStatus(providerRef)).amountCents, 3970);
});

test('cent conversion is exact for every amount the standard allows', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999 }), (cents) => {
    const text = JSON.stringify(centsToAmount(cents));
    const euros = Math.floor(cents / 100);
    const rest = String(cents % 100).padStart(2, '0').replace(/0+$/, '');
    assert.equal(text, rest ? `${euros}.${rest}` : String(euros));
    assert.equal(amountToCents(JSON.parse(text) as number), cents);
  }));
  for (const bad of [19.999, 0.001, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e21]) assert.equal(amountToCents(bad), null, String(bad));
  assert.throws(() => centsToAmount(1.5), ProviderError);
  assert.throws(() => centsToAmount(-1), ProviderError);
});

test('purpose and descriptions are fitted to the character sets and lengths of the standard', async () => {
  const xb = provider();
  await xb.createPayment(input({
    purpose: 'Gebühr für Übermittlung & „Auskunft“ <script> nach § 44 BMG – sehr langer Verwendungszweck',
    items: [{ description: 'Auskunft (§ 44 BMG) <b>', quantity: 1, unitCents: 1999 }],
  }));
  const body = lastCreateBody();
  assert.match(String(body.purpose), /^[\w\s-]{1,27}$/);
  assert.match(String(body.purpose), /^5 0100 \d{6} Gebuehr/);
  assert.match(String(body.description), /^Gebühr für Übermittlung/);
  assert.doesNotMatch(JSON.stringify(body), /<|>|§/);
});

test('without extensions the request carries only standard fields', async () => {
  const xb = provider({ extensions: false });
  await xb.createPayment(input());
  const body = lastCreateBody();
  assert.equal(body.redirectUrl, 'https://rathaus.example/zahlung/zurueck?p=1');
  assert.equal('notifyUrl' in body, false);
  assert.equal('cancelUrl' in body, false);
  assert.deepEqual((body.items as { bookingData: unknown }[])[0]?.bookingData, { kassenzeichen: `5.0100.${String(counter).padStart(6, '0')}` });
});

test('refunds: partial, then the rest, then nothing more; unpaid transactions are refused', async () => {
  const xb = provider();
  const { providerRef } = await xb.createPayment(input({ amountCents: 1999 }));
  const unpaid = await rejection(xb.refund(providerRef, 1999, 'Antrag zurückgenommen'));
  assert.equal(unpaid.retryable, false);
  assert.equal(unpaid.httpStatus, 409);

  await platform.setOutcome(providerRef, 'paid', { notify: false });
  const partial = await xb.refund(providerRef, 500, 'Teilerstattung');
  assert.equal(partial.status, 'refunded');
  const rest = await xb.refund(providerRef, 1499, 'Rest');
  assert.equal(rest.status, 'refunded');
  assert.notEqual(partial.refundRef, rest.refundRef);
  assert.deepEqual(platform.transaction(providerRef)?.refunds.map((r) => r.amountCents), [500, 1499]);

  const tooMuch = await rejection(xb.refund(providerRef, 1, 'zu viel'));
  assert.equal(tooMuch.retryable, false);
  assert.match(tooMuch.message, /exceeds the remaining 0/);

  const full = await xb.createPayment(input({ amountCents: 123456, items: [] }));
  await platform.setOutcome(full.providerRef, 'paid', { notify: false });
  assert.equal((await xb.refund(full.providerRef, 123456, 'Vollständige Erstattung')).status, 'refunded');
  assert.deepEqual(platform.transaction(full.providerRef)?.refunds.map((r) => r.amountCents), [123456]);
});

test('without extensions a refund fails at once and touches no platform', async () => {
  const xb = provider({ extensions: false });
  const before = platform.requests().length;
  const error = await rejection(xb.refund('tx-unknown', 100, 'x'));
  assert.equal(error.retryable, false);
  assert.match(error.message, /defines no refund/);
  assert.equal(platform.requests().length, before);
});

test('wrong credentials are a non-retryable error carrying the platform words', async () => {
  const error = await rejection(provider({ clientSecret: 'wrong' }).createPayment(input()));
  assert.equal(error.retryable, false);
  assert.equal(error.httpStatus, 401);
  assert.match(error.message, /invalid_client – client authentication failed/);
});

test('validation errors are non-retryable and carry the platform details', async () => {
  const xb = provider();
  const calc = await rejection(xb.createPayment(input({ amountCents: 2000, items: [{ description: 'Gebühr', quantity: 1, unitCents: 1999 }] })));
  assert.equal(calc.retryable, false);
  assert.equal(calc.httpStatus, 400);
  assert.match(calc.message, /CALCULATION_ERROR .*grosAmount 20 does not match the items/);

  const big = await rejection(xb.createPayment(input({ amountCents: 100_000_000, items: [] })));
  assert.equal(big.retryable, false);
  assert.match(big.message, /VALIDATION_ERROR/);
  assert.match(big.message, /grosAmount: /);

  const unknownEndpoint = await rejection(provider({ endPointId: '01001000' }).createPayment(input()));
  assert.equal(unknownEndpoint.httpStatus, 403);
  assert.match(unknownEndpoint.message, /NO_VALID_ORIGINATOR_OR_ENDPOINT/);

  const first = input();
  await xb.createPayment(first);
  const duplicate = await rejection(xb.createPayment(first));
  assert.equal(duplicate.retryable, false);
  assert.equal(duplicate.httpStatus, 409);
  assert.match(duplicate.message, /PAYMENT_EXISTS/);

  const unknown = await rejection(xb.getStatus('tx-does-not-exist'));
  assert.equal(unknown.retryable, false);
  assert.equal(unknown.httpStatus, 404);
});

test('ids that the standard forbids in paths are refused when the adapter is built', () => {
  assert.throws(() => provider({ originatorId: 'with space' }), /originatorId/);
  assert.throws(() => provider({ endPointId: 'x'.repeat(37) }), /endPointId/);
});

test('500s are retryable, a hanging platform fails within the timeout, and after healing it works again', { timeout: 10_000 }, async () => {
  const xb = provider({ timeoutMs: 300 });
  const { providerRef } = await xb.createPayment(input());

  platform.failNext(2, 503);
  for (let i = 0; i < 2; i += 1) {
    const error = await rejection(xb.getStatus(providerRef));
    assert.equal(error.retryable, true);
    assert.equal(error.httpStatus, 503);
  }

  platform.hangNext(1);
  const started = Date.now();
  const hung = await rejection(xb.getStatus(providerRef));
  const elapsed = Date.now() - started;
  assert.equal(hung.retryable, true);
  assert.match(hung.message, /timed out after 300 ms/);
  assert.ok(elapsed >= 250 && elapsed < 1500, `took ${elapsed} ms`);

  platform.hangNext(5);
  platform.heal();
  assert.equal((await xb.getStatus(providerRef)).status, 'pending');
});

test('a hanging token endpoint also fails within the timeout', { timeout: 10_000 }, async () => {
  const xb = provider({ timeoutMs: 300 });
  platform.hangNext(1);
  const started = Date.now();
  const error = await rejection(xb.createPayment(input()));
  assert.equal(error.retryable, true);
  assert.ok(Date.now() - started < 1500);
  platform.heal();
});

test('an unreachable platform is a retryable error', async () => {
  const error = await rejection(provider({ baseUrl: 'http://127.0.0.1:9/xbezahldienste/', tokenUrl: 'http://127.0.0.1:9/token' }).getStatus('tx1'));
  assert.equal(error.retryable, true);
});

test('a revoked token is renewed once, transparently', async () => {
  const xb = provider();
  const { providerRef } = await xb.createPayment(input());
  platform.revokeTokens();
  assert.equal((await xb.getStatus(providerRef)).status, 'pending');
});

test('malformed answers are ProviderErrors', async () => {
  const xb = provider();
  const { providerRef } = await xb.createPayment(input());
  platform.malformNext(1);
  const garbled = await rejection(xb.getStatus(providerRef));
  assert.equal(garbled.retryable, true);
  assert.match(garbled.message, /malformed answer \(not JSON\)/);

  const answering = (body: unknown): typeof fetch => async (url) =>
    String(url).endsWith('/auth/token')
      ? Response.json({ access_token: 't', expires_in: 60 })
      : new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const info = { transactionId: 'tx1', status: 'INITIAL' };
  const cases: [string, unknown, 'create' | 'status'][] = [
    ['no paymentInformation', { paymentRequest: {} }, 'status'],
    ['unknown status', { paymentRequest: { currency: 'EUR', grosAmount: 1 }, paymentInformation: { ...info, status: 'PAID' } }, 'status'],
    ['three decimals', { paymentRequest: { currency: 'EUR', grosAmount: 19.999 }, paymentInformation: info }, 'status'],
    ['amount as string', { paymentRequest: { currency: 'EUR', grosAmount: '19.99' }, paymentInformation: info }, 'status'],
    ['another transaction', { paymentRequest: { currency: 'EUR', grosAmount: 1 }, paymentInformation: { ...info, transactionId: 'tx2' } }, 'status'],
    ['no redirect', { paymentInformation: info }, 'create'],
    ['script redirect', { paymentInformation: { ...info, transactionRedirectUrl: 'javascript:alert(1)' } }, 'create'],
  ];
  for (const [name, body, operation] of cases) {
    const fake = provider({ fetch: answering(body) });
    const error = await rejection(operation === 'create' ? fake.createPayment(input()) : fake.getStatus('tx1'));
    assert.match(error.message, /malformed answer/, name);
  }
});

test('the signed callback of the platform is accepted; tampered, wrongly signed or unsigned ones are not', async () => {
  const xb = provider();
  const { providerRef } = await xb.createPayment(input());
  const sent = await platform.setOutcome(providerRef, 'paid');
  assert.equal(sent?.httpStatus, 204);
  const callback = receiver.received.at(-1);
  assert.ok(callback);

  assert.deepEqual(xb.verifyCallback(callback), { providerRef, status: 'paid' });
  assert.deepEqual(xb.verifyCallback({ headers: { 'X-XBezahldienste-Signature': [String(callback.headers['x-xbezahldienste-signature'])] }, rawBody: callback.rawBody }), { providerRef, status: 'paid' });

  const tampered = Buffer.from(callback.rawBody.toString('utf8').replace('"PAYED"', '"CANCELED"'));
  assert.equal(xb.verifyCallback({ headers: callback.headers, rawBody: tampered }), null);

  const otherSecret = `sha256=${createHmac('sha256', 'not-the-secret').update(callback.rawBody).digest('hex')}`;
  assert.equal(xb.verifyCallback({ headers: { 'x-xbezahldienste-signature': otherSecret }, rawBody: callback.rawBody }), null);
  assert.equal(xb.verifyCallback({ headers: { 'x-xbezahldienste-signature': 'sha256=abc' }, rawBody: callback.rawBody }), null);
  assert.equal(xb.verifyCallback({ headers: { 'x-xbezahldienste-signature': ['a', 'b'] }, rawBody: callback.rawBody }), null);
  assert.equal(xb.verifyCallback({ headers: {}, rawBody: callback.rawBody }), null);
  assert.equal(provider({ callbackSecret: undefined }).verifyCallback(callback), null);

  const sign = (body: string) => ({ 'x-xbezahldienste-signature': `sha256=${createHmac('sha256', platform.adapterOptions.callbackSecret).update(body).digest('hex')}` });
  for (const body of ['not json', '{}', JSON.stringify({ paymentInformation: { transactionId: providerRef, status: 'DONE' } })]) {
    assert.equal(xb.verifyCallback({ headers: sign(body), rawBody: Buffer.from(body) }), null, body);
  }
});

test('the hosted payment page takes the citizen back to cancelUrl and notifies us', async () => {
  const xb = provider();
  const { providerRef, redirectUrl } = await xb.createPayment(input({ amountCents: 1234, items: [{ description: 'Gebühr <Test>', quantity: 1, unitCents: 1234 }] }));
  assert.ok(redirectUrl);
  const pageResponse = await fetch(redirectUrl);
  assert.equal(pageResponse.status, 200);
  const html = await pageResponse.text();
  assert.match(html, /12,34 €/);
  assert.doesNotMatch(html, /<Test>/);

  const submitted = await fetch(redirectUrl, {
    method: 'POST',
    body: new URLSearchParams({ method: 'WERO', outcome: 'cancelled' }),
    redirect: 'manual',
  });
  assert.equal(submitted.status, 303);
  assert.equal(submitted.headers.get('location'), 'https://rathaus.example/zahlung/abgebrochen?p=1');

  const callback = await platform.waitForCallback(providerRef);
  assert.equal(callback.status, 'CANCELED');
  const received = receiver.received.find((r) => r.rawBody.toString('utf8') === callback.body);
  assert.ok(received);
  assert.deepEqual(xb.verifyCallback(received), { providerRef, status: 'cancelled' });
  assert.equal((await xb.getStatus(providerRef)).status, 'cancelled');
  assert.equal((await fetch(redirectUrl)).status, 409);
});

test('a late callback arrives after the status query already saw the payment', async () => {
  const xb = provider();
  const { providerRef } = await xb.createPayment(input());
  platform.holdCallbacks();
  assert.equal(await platform.setOutcome(providerRef, 'paid'), undefined);
  assert.equal(platform.callbacksSent().some((c) => c.transactionId === providerRef), false);
  assert.equal((await xb.getStatus(providerRef)).status, 'paid');

  const [late] = await platform.releaseCallbacks();
  assert.equal(late?.transactionId, providerRef);
  const received = receiver.received.find((r) => r.rawBody.toString('utf8') === late?.body);
  assert.ok(received);
  assert.deepEqual(xb.verifyCallback(received), { providerRef, status: 'paid' });
});
