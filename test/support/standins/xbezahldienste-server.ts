/**
 * A local stand-in for an XBezahldienste payment platform (ePayBL, pmPayment,
 * GiroCheckout …): a real HTTP server on 127.0.0.1 that speaks the FITKO REST
 * API as written down in docs/payments/xbezahldienste.md — OAuth2 client
 * credentials, create and query payment transactions, RFC 7807 problem
 * answers — plus the Rathaus extension profile (cancelUrl, notifyUrl with
 * HMAC-signed callbacks, refunds). It serves a hosted payment page where a
 * tester picks a method and an outcome, and gives tests a control API:
 * outcomes without a browser, 500s, hangs, garbled answers, late callbacks.
 *
 * It shares no code with the adapter on purpose: a bug in the adapter's
 * amount or signature handling must not be mirrored here.
 *
 *   const platform = await startXBezahldiensteStandIn();
 *   const provider = createXBezahldiensteProvider({ ...platform.adapterOptions, extensions: true });
 *   …
 *   await platform.stop();
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** Same header name and format the adapter checks: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const STANDIN_SIGNATURE_HEADER = 'x-xbezahldienste-signature';

export type PlatformStatus = 'INITIAL' | 'PAYED' | 'FAILED' | 'CANCELED';
/** Outcomes a tester can choose; "expired" becomes FAILED with a timeout detail, as the standard prescribes. */
export type StandInOutcome = 'paid' | 'failed' | 'cancelled' | 'expired';
export type StandInMethod = 'CREDITCARD' | 'PAYPAL' | 'WERO' | 'GIROPAY' | 'OTHER';

export interface StandInOptions {
  clientId?: string;
  clientSecret?: string;
  /** The originator/endpoint pairs this platform knows; others get 403 NO_VALID_ORIGINATOR_OR_ENDPOINT. */
  endpoints?: { originatorId: string; endPointId: string }[];
  callbackSecret?: string;
  /** Callback URL configured at the platform, used when a request carries no notifyUrl. */
  notifyUrl?: string;
  tokenLifetimeSeconds?: number;
}

export interface StandInRefund {
  refundId: string;
  amountCents: number;
  reason: string;
  at: Date;
}

export interface StandInTransaction {
  transactionId: string;
  originatorId: string;
  endPointId: string;
  /** The payment request exactly as the platform received it (parsed JSON). */
  request: Record<string, unknown>;
  amountCents: number;
  status: PlatformStatus;
  statusDetail?: string;
  paymentMethod?: StandInMethod;
  transactionReference?: string;
  paidAt?: Date;
  createdAt: Date;
  redirectUrl: string;
  cancelUrl?: string;
  notifyUrl?: string;
  refunds: StandInRefund[];
}

export interface SentCallback {
  transactionId: string;
  url: string;
  status: PlatformStatus;
  body: string;
  signature: string;
  at: Date;
  /** The receiver's HTTP status, or undefined when delivery failed (see error). */
  httpStatus?: number;
  error?: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  body: string;
  at: Date;
  /** The fault injected into this request, if any. */
  fault?: 'fail' | 'hang' | 'malformed';
}

export interface XBezahldiensteStandIn {
  /** API root, e.g. `http://127.0.0.1:PORT/xbezahldienste/`. */
  url: string;
  /** Origin of the server (hosted payment pages live at `/paypage/<transactionId>`). */
  origin: string;
  tokenUrl: string;
  /** Everything the adapter needs to talk to this stand-in (add `extensions`, `timeoutMs` as wanted). */
  adapterOptions: {
    baseUrl: string;
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
    originatorId: string;
    endPointId: string;
    callbackSecret: string;
  };
  stop(): Promise<void>;
  /**
   * Ends a transaction as if the citizen had used the payment page. Sends the
   * signed callback unless `notify: false`; resolves after delivery (or at
   * once when the callback is delayed or held). Throws for unknown or
   * already finished transactions.
   */
  setOutcome(transactionId: string, outcome: StandInOutcome, options?: { method?: StandInMethod; notify?: boolean; notifyDelayMs?: number }): Promise<SentCallback | undefined>;
  /** The next n API requests (token endpoint included) answer `status` with a problem body. */
  failNext(n: number, status?: number): void;
  /** The next n API requests are never answered (the connection stays open until heal or stop). */
  hangNext(n: number): void;
  /** The next n API requests answer 200 with a body that is not JSON. */
  malformNext(n: number): void;
  /** Drops pending faults and closes hung connections. */
  heal(): void;
  /** Invalidates every issued access token, as a platform restart would. */
  revokeTokens(): void;
  /** From now on callbacks are queued instead of sent. */
  holdCallbacks(): void;
  /** Sends all queued callbacks (and stops holding); resolves with their delivery records. */
  releaseCallbacks(): Promise<SentCallback[]>;
  /** Sends the callback for a transaction's current state again (duplicate delivery). */
  resendCallback(transactionId: string): Promise<SentCallback>;
  /** Resolves with the next callback delivered for the transaction (or one already delivered). */
  waitForCallback(transactionId: string, timeoutMs?: number): Promise<SentCallback>;
  transactions(): StandInTransaction[];
  transaction(transactionId: string): StandInTransaction | undefined;
  callbacksSent(): SentCallback[];
  requests(): LoggedRequest[];
}

const API_PREFIX = '/xbezahldienste/';
const MAX_BODY_BYTES = 1024 * 1024;
const CALLBACK_TIMEOUT_MS = 5000;

const ID = z.string().min(1).max(36).regex(/^[\w-]+$/, 'only A–Z, a–z, 0–9, _ and - allowed');
const TEXT = z.string().min(1).max(250).regex(/^[\w\s\-,.\u00C0-\u017F]+$/, 'characters outside the allowed set');
const AMOUNT = z.number().min(0).max(999999).refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most two decimals');
const URL_FIELD = z.string().min(1).max(2082).refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'not an http(s) URL');

const itemSchema = z.strictObject({
  id: ID,
  reference: ID.optional(),
  description: TEXT.optional(),
  taxRate: z.number().min(0).max(100).optional(),
  quantity: z.number().int().min(1).max(999999),
  singleNetAmount: AMOUNT,
  singleTaxAmount: AMOUNT.optional(),
  totalNetAmount: AMOUNT,
  totalTaxAmount: AMOUNT.optional(),
  bookingData: z.record(z.string(), z.string().max(250)).optional(),
});

const paymentRequestSchema = z.strictObject({
  requestId: ID,
  requestTimestamp: z.string().min(1),
  currency: z.string().length(3).regex(/^\w+$/),
  grosAmount: AMOUNT,
  purpose: z.string().min(1).max(27).regex(/^[\w\s-]+$/, 'characters outside the allowed set'),
  description: TEXT.optional(),
  redirectUrl: URL_FIELD,
  items: z.array(itemSchema).min(1).max(99),
  requestor: z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    email: z.string().optional(),
    address: z.record(z.string(), z.unknown()).optional(),
  }).optional(),
  // Rathaus extension profile.
  cancelUrl: URL_FIELD.optional(),
  notifyUrl: URL_FIELD.optional(),
});

const refundRequestSchema = z.strictObject({
  refundId: ID,
  currency: z.literal('EUR'),
  amount: AMOUNT.refine((n) => n > 0, 'must be positive'),
  reason: TEXT,
});

/** Independent of the adapter's conversion on purpose (see header). */
function toCents(amount: number): number {
  return Math.round(amount * 100);
}

function formatEuro(cents: number): string {
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')} €`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

type Fault = { kind: 'fail'; status: number } | { kind: 'hang' } | { kind: 'malformed' };

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly functionalCode: string,
    readonly detail?: string,
    readonly errors?: { path: string; message: string }[],
  ) {
    super(title);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpProblem(413, 'Payload Too Large', 'VALIDATION_ERROR'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': `${contentType}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendProblem(res: ServerResponse, problem: HttpProblem, extraHeaders: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
  sendJson(res, problem.status, {
    type: `https://docs.fitko.de/xbezahldienste/#${problem.functionalCode}`,
    status: problem.status,
    title: problem.title,
    ...(problem.detail ? { detail: problem.detail } : {}),
    functionalCode: problem.functionalCode,
    ...(problem.errors ? { errors: problem.errors } : {}),
  }, 'application/problem+json');
}

function zodProblem(error: z.ZodError, what: string): HttpProblem {
  const errors = error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
  return new HttpProblem(400, 'Bad Request', 'VALIDATION_ERROR', `${what} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}

function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'Bad Request', 'VALIDATION_ERROR', 'body is not valid JSON');
  }
}

export async function startXBezahldiensteStandIn(options: StandInOptions = {}): Promise<XBezahldiensteStandIn> {
  const clientId = options.clientId ?? 'rathaus-test-client';
  const clientSecret = options.clientSecret ?? 'rathaus-test-secret';
  const callbackSecret = options.callbackSecret ?? 'rathaus-test-callback-secret';
  const endpoints = options.endpoints ?? [{ originatorId: 'rathaus', endPointId: '09999999' }];
  const tokenLifetime = options.tokenLifetimeSeconds ?? 3600;

  const transactions = new Map<string, StandInTransaction>();
  const tokens = new Map<string, number>();
  const faults: Fault[] = [];
  const hung = new Set<ServerResponse>();
  const callbacks: SentCallback[] = [];
  const heldCallbacks: StandInTransaction[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const callbackWaiters: { transactionId: string; resolve: (sent: SentCallback) => void }[] = [];
  const requestLog: LoggedRequest[] = [];
  let holding = false;
  let origin = '';

  const knownEndpoint = (o: string, e: string) => endpoints.some((p) => p.originatorId === o && p.endPointId === e);

  function paymentTransactionJson(tx: StandInTransaction): Record<string, unknown> {
    const base = `${origin}${API_PREFIX}paymenttransaction/${tx.originatorId}/${tx.endPointId}/${tx.transactionId}`;
    return {
      paymentRequest: tx.request,
      paymentInformation: {
        transactionUrl: base,
        // The standard: the pay page link is only present while the transaction is INITIAL.
        ...(tx.status === 'INITIAL' ? { transactionRedirectUrl: `${origin}/paypage/${tx.transactionId}` } : {}),
        transactionId: tx.transactionId,
        ...(tx.transactionReference ? { transactionReference: tx.transactionReference } : {}),
        ...(tx.paidAt ? { transactionTimestamp: tx.paidAt.toISOString() } : {}),
        ...(tx.paymentMethod ? { paymentMethod: tx.paymentMethod } : {}),
        status: tx.status,
        ...(tx.statusDetail ? { statusDetail: tx.statusDetail } : {}),
      },
    };
  }

  // ---- callbacks -------------------------------------------------------

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
    return promise;
  }

  async function deliver(tx: StandInTransaction): Promise<SentCallback | undefined> {
    const url = tx.notifyUrl ?? options.notifyUrl;
    if (!url) return undefined;
    const body = JSON.stringify(paymentTransactionJson(tx));
    const signature = `sha256=${createHmac('sha256', callbackSecret).update(body).digest('hex')}`;
    const sent: SentCallback = { transactionId: tx.transactionId, url, status: tx.status, body, signature, at: new Date() };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [STANDIN_SIGNATURE_HEADER]: signature },
        body,
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      sent.httpStatus = response.status;
      await response.arrayBuffer();
    } catch (error) {
      sent.error = error instanceof Error ? error.message : String(error);
    }
    callbacks.push(sent);
    for (const waiter of callbackWaiters.filter((w) => w.transactionId === tx.transactionId)) {
      callbackWaiters.splice(callbackWaiters.indexOf(waiter), 1);
      waiter.resolve(sent);
    }
    return sent;
  }

  function notify(tx: StandInTransaction, delayMs = 0): Promise<SentCallback | undefined> {
    if (holding) {
      heldCallbacks.push(tx);
      return Promise.resolve(undefined);
    }
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void track(deliver(tx));
      }, delayMs);
      timers.add(timer);
      return Promise.resolve(undefined);
    }
    return track(deliver(tx));
  }

  function finish(tx: StandInTransaction, outcome: StandInOutcome, method: StandInMethod): void {
    if (tx.status !== 'INITIAL') throw new Error(`transaction ${tx.transactionId} is already ${tx.status}`);
    if (outcome === 'paid') {
      tx.status = 'PAYED';
      tx.paymentMethod = method;
      tx.paidAt = new Date();
      tx.transactionReference = `KZ-${tx.transactionId.slice(2, 12).toUpperCase()}`;
    } else if (outcome === 'cancelled') {
      tx.status = 'CANCELED';
    } else {
      tx.status = 'FAILED';
      tx.statusDetail = outcome === 'expired' ? 'Zeitueberschreitung' : 'Zahlung abgelehnt';
    }
  }

  // ---- API -------------------------------------------------------------

  function issueToken(raw: Buffer, req: IncomingMessage, res: ServerResponse): void {
    const type = req.headers['content-type'] ?? '';
    const fields: Record<string, string> = type.includes('application/json')
      ? z.record(z.string(), z.string()).catch({}).parse(parseJsonBody(raw))
      : Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    const [basicId, basicSecret] = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [];
    if (fields.grant_type !== 'client_credentials') {
      sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'only client_credentials is supported' });
      return;
    }
    const id = fields.client_id ?? basicId;
    const secret = fields.client_secret ?? basicSecret;
    if (id !== clientId || secret !== clientSecret) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, Date.now() + tokenLifetime * 1000);
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: tokenLifetime });
  }

  function requireToken(req: IncomingMessage): void {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const expiresAt = token ? tokens.get(token) : undefined;
    if (!expiresAt || expiresAt < Date.now()) {
      throw new HttpProblem(401, 'Unauthorized', 'FORBIDDEN', token ? 'access token invalid or expired' : 'access token missing');
    }
  }

  function requireEndpoint(originatorId: string, endPointId: string): void {
    if (!knownEndpoint(originatorId, endPointId)) {
      throw new HttpProblem(403, 'Forbidden', 'NO_VALID_ORIGINATOR_OR_ENDPOINT', `no authority configured for ${originatorId}/${endPointId}`);
    }
  }

  function findTransaction(originatorId: string, endPointId: string, transactionId: string): StandInTransaction {
    const tx = transactions.get(transactionId);
    if (!tx || tx.originatorId !== originatorId || tx.endPointId !== endPointId) {
      throw new HttpProblem(404, 'Not Found', 'UNSPECIFIED', `unknown transaction ${transactionId}`);
    }
    return tx;
  }

  function createTransaction(originatorId: string, endPointId: string, raw: Buffer, res: ServerResponse): void {
    const json = parseJsonBody(raw);
    const parsed = paymentRequestSchema.safeParse(json);
    if (!parsed.success) throw zodProblem(parsed.error, 'payment request');
    const request = parsed.data;
    if (request.currency !== 'EUR') throw new HttpProblem(400, 'Bad Request', 'VALIDATION_ERROR', `currency ${request.currency} is not supported`);
    let itemsCents = 0;
    for (const [index, item] of request.items.entries()) {
      const net = toCents(item.singleNetAmount) * item.quantity;
      const tax = toCents(item.singleTaxAmount ?? 0) * item.quantity;
      if (net !== toCents(item.totalNetAmount) || tax !== toCents(item.totalTaxAmount ?? 0)) {
        throw new HttpProblem(400, 'Bad Request', 'CALCULATION_ERROR', `item ${index + 1}: single amounts times quantity do not match the totals`);
      }
      itemsCents += net + tax;
    }
    if (itemsCents !== toCents(request.grosAmount)) {
      throw new HttpProblem(400, 'Bad Request', 'CALCULATION_ERROR', `grosAmount ${request.grosAmount} does not match the items (${itemsCents / 100})`);
    }
    const duplicate = [...transactions.values()].some((tx) => tx.originatorId === originatorId && tx.endPointId === endPointId && tx.request.requestId === request.requestId);
    if (duplicate) throw new HttpProblem(409, 'Conflict', 'PAYMENT_EXISTS', `a payment request with requestId ${request.requestId} already exists`);
    const tx: StandInTransaction = {
      transactionId: `tx${randomUUID().replaceAll('-', '')}`,
      originatorId,
      endPointId,
      request: json as Record<string, unknown>,
      amountCents: toCents(request.grosAmount),
      status: 'INITIAL',
      createdAt: new Date(),
      redirectUrl: request.redirectUrl,
      refunds: [],
      ...(request.cancelUrl ? { cancelUrl: request.cancelUrl } : {}),
      ...(request.notifyUrl ? { notifyUrl: request.notifyUrl } : {}),
    };
    transactions.set(tx.transactionId, tx);
    sendJson(res, 200, paymentTransactionJson(tx));
  }

  function refundTransaction(tx: StandInTransaction, raw: Buffer, res: ServerResponse): void {
    const parsed = refundRequestSchema.safeParse(parseJsonBody(raw));
    if (!parsed.success) throw zodProblem(parsed.error, 'refund request');
    const { refundId, amount, reason } = parsed.data;
    const answer = (refund: StandInRefund) => sendJson(res, 200, { refundId: refund.refundId, transactionId: tx.transactionId, amount: refund.amountCents / 100, status: 'REFUNDED' });
    const earlier = tx.refunds.find((r) => r.refundId === refundId);
    if (earlier) {
      if (earlier.amountCents !== toCents(amount)) throw new HttpProblem(409, 'Conflict', 'PAYMENT_EXISTS', `refund ${refundId} exists with another amount`);
      answer(earlier);
      return;
    }
    if (tx.status !== 'PAYED') throw new HttpProblem(409, 'Conflict', 'VALIDATION_ERROR', `transaction is ${tx.status}, only PAYED transactions can be refunded`);
    const refunded = tx.refunds.reduce((sum, r) => sum + r.amountCents, 0);
    if (refunded + toCents(amount) > tx.amountCents) {
      throw new HttpProblem(400, 'Bad Request', 'VALIDATION_ERROR', `refund of ${amount} exceeds the remaining ${(tx.amountCents - refunded) / 100}`);
    }
    const refund: StandInRefund = { refundId, amountCents: toCents(amount), reason, at: new Date() };
    tx.refunds.push(refund);
    answer(refund);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer): Promise<void> {
    const segments = path.slice(API_PREFIX.length).split('/').map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new HttpProblem(400, 'Bad Request', 'VALIDATION_ERROR', `malformed path segment ${segment}`);
      }
    });
    const method = req.method ?? 'GET';
    if (method === 'POST' && segments.join('/') === 'auth/token') return issueToken(raw, req, res);
    requireToken(req);
    const [resource, originatorId = '', endPointId = '', transactionId, action] = segments;
    if (resource === 'status' && method === 'GET' && segments.length === 3) {
      requireEndpoint(originatorId, endPointId);
      return sendJson(res, 200, { status: 200, title: 'OK' }, 'application/problem+json');
    }
    if (resource !== 'paymenttransaction' || segments.length < 3) throw new HttpProblem(404, 'Not Found', 'UNSPECIFIED', `no such resource ${path}`);
    requireEndpoint(originatorId, endPointId);
    if (segments.length === 3 && method === 'POST') return createTransaction(originatorId, endPointId, raw, res);
    if (segments.length === 4 && method === 'GET' && transactionId) {
      return sendJson(res, 200, paymentTransactionJson(findTransaction(originatorId, endPointId, transactionId)));
    }
    if (segments.length === 5 && method === 'POST' && transactionId && action === 'refund') {
      return refundTransaction(findTransaction(originatorId, endPointId, transactionId), raw, res);
    }
    throw new HttpProblem(405, 'Method Not Allowed', 'UNSPECIFIED', `${method} ${path} is not supported`);
  }

  // ---- hosted payment page ---------------------------------------------

  const METHODS: [StandInMethod, string][] = [['CREDITCARD', 'Kreditkarte'], ['PAYPAL', 'PayPal'], ['WERO', 'Wero'], ['GIROPAY', 'giropay'], ['OTHER', 'Andere Zahlart']];

  function page(title: string, content: string): string {
    return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Test-Bezahlplattform</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left}button{margin:.5rem .5rem 0 0;padding:.5rem 1rem}</style>
</head><body><p><strong>Test-Bezahlplattform (XBezahldienste-Stand-in)</strong> – hier wird kein echtes Geld bewegt.</p>${content}</body></html>`;
  }

  function sendHtml(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(html);
  }

  function payPage(tx: StandInTransaction): string {
    const request = tx.request as { purpose?: string; description?: string; items?: { description?: string; quantity?: number; totalNetAmount?: number; totalTaxAmount?: number }[] };
    const rows = (request.items ?? []).map((item) => `<tr><td>${escapeHtml(item.description ?? '')}</td><td>${escapeHtml(String(item.quantity ?? ''))}</td><td>${formatEuro(toCents((item.totalNetAmount ?? 0) + (item.totalTaxAmount ?? 0)))}</td></tr>`).join('');
    const methods = METHODS.map(([code, label], index) => `<div><input type="radio" id="method-${code}" name="method" value="${code}"${index === 0 ? ' checked' : ''}><label for="method-${code}">${escapeHtml(label)}</label></div>`).join('');
    return page('Bezahlen', `<h1>Bezahlen</h1>
<p>Verwendungszweck: <strong>${escapeHtml(request.purpose ?? '')}</strong></p>
${request.description ? `<p>${escapeHtml(request.description)}</p>` : ''}
<table><thead><tr><th>Position</th><th>Menge</th><th>Betrag</th></tr></thead><tbody>${rows}</tbody></table>
<p>Gesamtbetrag: <strong id="total">${formatEuro(tx.amountCents)}</strong></p>
<form method="post" action="/paypage/${escapeHtml(tx.transactionId)}">
<fieldset><legend>Zahlart</legend>${methods}</fieldset>
<button type="submit" name="outcome" value="paid">Bezahlen</button>
<button type="submit" name="outcome" value="failed">Zahlung scheitern lassen</button>
<button type="submit" name="outcome" value="cancelled">Abbrechen</button>
</form>`);
  }

  function handlePayPage(req: IncomingMessage, res: ServerResponse, transactionId: string, raw: Buffer): void {
    const tx = transactions.get(transactionId);
    if (!tx) return sendHtml(res, 404, page('Nicht gefunden', '<h1>Zahlung nicht gefunden</h1>'));
    if (tx.status !== 'INITIAL') {
      return sendHtml(res, 409, page('Abgeschlossen', `<h1>Diese Zahlung ist bereits abgeschlossen (${escapeHtml(tx.status)})</h1><p><a href="${escapeHtml(tx.redirectUrl)}">Zurück zum Online-Dienst</a></p>`));
    }
    if (req.method === 'GET') return sendHtml(res, 200, payPage(tx));
    const form = new URLSearchParams(raw.toString('utf8'));
    const outcome = z.enum(['paid', 'failed', 'cancelled', 'expired']).safeParse(form.get('outcome'));
    const method = z.enum(['CREDITCARD', 'PAYPAL', 'WERO', 'GIROPAY', 'OTHER']).catch('OTHER').parse(form.get('method'));
    if (!outcome.success) return sendHtml(res, 400, page('Fehler', '<h1>Ungültige Auswahl</h1>'));
    finish(tx, outcome.data, method);
    void notify(tx);
    // The standard has one return URL for every outcome; cancelUrl is our extension.
    const target = outcome.data === 'cancelled' ? (tx.cancelUrl ?? tx.redirectUrl) : tx.redirectUrl;
    res.writeHead(303, { location: target, 'cache-control': 'no-store' });
    res.end();
  }

  // ---- server ----------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const raw = await readBody(req);
    const entry: LoggedRequest = { method: req.method ?? 'GET', path, body: raw.toString('utf8'), at: new Date() };
    requestLog.push(entry);
    const payPageMatch = /^\/paypage\/([\w-]+)$/.exec(path);
    if (payPageMatch?.[1] && (req.method === 'GET' || req.method === 'POST')) return handlePayPage(req, res, payPageMatch[1], raw);
    if (!path.startsWith(API_PREFIX)) throw new HttpProblem(404, 'Not Found', 'UNSPECIFIED', `no such resource ${path}`);
    const fault = faults.shift();
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'hang') {
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return;
    }
    if (fault?.kind === 'fail') throw new HttpProblem(fault.status, fault.status >= 500 ? 'Internal Server Error' : 'Error', 'UNSPECIFIED', 'injected fault');
    if (fault?.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"paymentInformation": {"transactionId": "tx-trunc');
      return;
    }
    await handleApi(req, res, path, raw);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      const problem = error instanceof HttpProblem ? error : new HttpProblem(500, 'Internal Server Error', 'UNSPECIFIED', error instanceof Error ? error.message : String(error));
      sendProblem(res, problem, problem.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {});
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}${API_PREFIX}`;
  const firstEndpoint = endpoints[0];
  if (!firstEndpoint) throw new Error('stand-in needs at least one endpoint');

  function closeHung(): void {
    for (const res of hung) res.destroy();
    hung.clear();
  }

  function requireTransaction(transactionId: string): StandInTransaction {
    const tx = transactions.get(transactionId);
    if (!tx) throw new Error(`unknown transaction ${transactionId}`);
    return tx;
  }

  return {
    url,
    origin,
    tokenUrl: `${url}auth/token`,
    adapterOptions: {
      baseUrl: url,
      tokenUrl: `${url}auth/token`,
      clientId,
      clientSecret,
      originatorId: firstEndpoint.originatorId,
      endPointId: firstEndpoint.endPointId,
      callbackSecret,
    },

    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      closeHung();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },

    async setOutcome(transactionId, outcome, opts = {}) {
      const tx = requireTransaction(transactionId);
      finish(tx, outcome, opts.method ?? 'CREDITCARD');
      if (opts.notify === false) return undefined;
      return notify(tx, opts.notifyDelayMs);
    },

    failNext(n, status = 500) {
      for (let i = 0; i < n; i += 1) faults.push({ kind: 'fail', status });
    },
    hangNext(n) {
      for (let i = 0; i < n; i += 1) faults.push({ kind: 'hang' });
    },
    malformNext(n) {
      for (let i = 0; i < n; i += 1) faults.push({ kind: 'malformed' });
    },
    heal() {
      faults.length = 0;
      closeHung();
    },
    revokeTokens() {
      tokens.clear();
    },

    holdCallbacks() {
      holding = true;
    },
    async releaseCallbacks() {
      holding = false;
      const queued = heldCallbacks.splice(0);
      const sent = await Promise.all(queued.map((tx) => track(deliver(tx))));
      return sent.filter((s): s is SentCallback => s !== undefined);
    },
    async resendCallback(transactionId) {
      const sent = await track(deliver(requireTransaction(transactionId)));
      if (!sent) throw new Error(`transaction ${transactionId} has no notify URL`);
      return sent;
    },
    waitForCallback(transactionId, timeoutMs = 2000) {
      const earlier = callbacks.find((c) => c.transactionId === transactionId);
      if (earlier) return Promise.resolve(earlier);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          reject(new Error(`no callback for ${transactionId} within ${timeoutMs} ms`));
        }, timeoutMs);
        timers.add(timer);
        callbackWaiters.push({
          transactionId,
          resolve: (sent) => {
            clearTimeout(timer);
            timers.delete(timer);
            resolve(sent);
          },
        });
      });
    },

    transactions: () => [...transactions.values()],
    transaction: (transactionId) => transactions.get(transactionId),
    callbacksSent: () => [...callbacks],
    requests: () => [...requestLog],
  };
}
