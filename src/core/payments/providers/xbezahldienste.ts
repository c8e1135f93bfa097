/**
 * XBezahldienste adapter: the payment port spoken to a public-sector payment
 * platform (ePayBL, pmPayment, GiroCheckout …) through the FITKO REST
 * standard XBezahldienste 1.0. What the standard defines and what is our own
 * extension ("Rathaus extension profile": cancel/notify URLs, signed
 * callbacks, refunds) is written down in docs/payments/xbezahldienste.md.
 *
 * Every operation runs under one deadline (default 10 s) covering the token
 * request and the API call, so a hanging platform fails fast and retryably.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  ProviderError,
  type CreatePaymentInput,
  type CreatedPayment,
  type PaymentMethod,
  type PaymentProvider,
  type ProviderStatus,
  type RefundResult,
  type StatusReport,
} from '../provider.ts';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` on callbacks (Rathaus extension). */
export const CALLBACK_SIGNATURE_HEADER = 'x-xbezahldienste-signature';

/** Key in each item's bookingData under which the Kassenzeichen travels. */
export const KASSENZEICHEN_BOOKING_KEY = 'kassenzeichen';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Renew tokens a little before the platform says they expire, so a request never carries a stale one. */
const TOKEN_EARLY_RENEWAL_S = 30;
const TOKEN_DEFAULT_LIFETIME_S = 300;
/** The standard's limit for grosAmount and item amounts (euros). */
const MAX_AMOUNT_CENTS = 999_999_00;

export interface XBezahldiensteOptions {
  /** The platform's XBezahldienste API root, e.g. `https://payment.example.de/api/xbezahldienste/`. */
  baseUrl: string;
  /** OAuth2 token endpoint (client credentials); defaults to `auth/token` under baseUrl. */
  tokenUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Path id of the calling online service ("Verfahren"), ≤ 36 chars of [A-Za-z0-9_-]. */
  originatorId: string;
  /** Path id of the responsible authority at the platform (e.g. the AGS), same format. */
  endPointId: string;
  /**
   * The platform implements the Rathaus extension profile: it accepts
   * `cancelUrl`/`notifyUrl` in the payment request and the refund endpoint.
   * Off by default because the standard defines neither and a strict
   * platform may reject unknown fields.
   */
  extensions?: boolean;
  /** Shared secret for the HMAC on callbacks; without it every callback is rejected. */
  callbackSecret?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const ID_PATTERN = /^[\w-]{1,36}$/;

const platformStatus = z.enum(['INITIAL', 'PAYED', 'FAILED', 'CANCELED']);
type PlatformStatus = z.infer<typeof platformStatus>;

const STATUS_MAP: Record<PlatformStatus, ProviderStatus> = {
  INITIAL: 'pending',
  PAYED: 'paid',
  FAILED: 'failed',
  CANCELED: 'cancelled',
};

/** Known method codes; anything else is informational only and becomes "other". */
const METHOD_MAP: Record<string, PaymentMethod> = {
  CREDITCARD: 'creditcard',
  PAYPAL: 'paypal',
  WERO: 'wero',
  DIRECTDEBIT: 'directdebit',
  INVOICE: 'invoice',
};

const paymentInformationSchema = z.object({
  transactionId: z.string().min(1),
  transactionRedirectUrl: z.string().nullish(),
  transactionReference: z.string().nullish(),
  transactionTimestamp: z.string().nullish(),
  paymentMethod: z.string().nullish(),
  paymentMethodDetail: z.string().nullish(),
  status: platformStatus,
  statusDetail: z.string().nullish(),
});

const createdAnswerSchema = z.object({
  paymentInformation: paymentInformationSchema.extend({ transactionRedirectUrl: z.string().min(1) }),
});

const statusAnswerSchema = z.object({
  paymentRequest: z.object({ currency: z.string().min(1), grosAmount: z.number() }),
  paymentInformation: paymentInformationSchema,
});

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

const refundAnswerSchema = z.object({
  refundId: z.string().min(1),
  status: z.enum(['REFUNDED', 'PENDING', 'FAILED']),
  statusDetail: z.string().nullish(),
});

const callbackSchema = z.object({
  paymentInformation: z.object({ transactionId: z.string().min(1), status: platformStatus }),
});

/** RFC 7807 problem as the standard uses it (functionalCode is XBezahldienste's own member). */
const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  functionalCode: z.string().optional(),
  errors: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional(),
});

/** OAuth2 error answer of the token endpoint (RFC 6749 §5.2). */
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * Integer cents as the standard's decimal euro amount. Built from the digits,
 * never by dividing, so 0.1 + 0.2 style errors cannot happen; the resulting
 * number serialises back to exactly these digits (≤ 8 significant digits).
 */
export function centsToAmount(cents: number): number {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new ProviderError(`xbezahldienste: invalid amount ${cents} cents`, false);
  const euros = Math.trunc(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return Number(`${euros}.${rest}`);
}

/** A decimal euro amount from the platform as integer cents; null when it is not a plain amount with at most two decimals. */
export function amountToCents(amount: number): number | null {
  if (!Number.isFinite(amount) || amount < 0) return null;
  // String() gives the shortest digits that round-trip, i.e. what the platform wrote.
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(amount));
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

const GERMAN_LETTERS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The standard's purpose (Buchungstext): ≤ 27 chars of [A-Za-z0-9_ -], no umlauts. */
function toPurpose(text: string): string {
  const ascii = text.replace(/[äöüÄÖÜß]/g, (c) => GERMAN_LETTERS[c] ?? '');
  return collapse(collapse(ascii.replace(/[^\w\s-]/g, ' ')).slice(0, 27)) || 'Zahlung';
}

/** The standard's description fields: ≤ max chars of letters (incl. Latin-1/Extended-A), digits, space, "-,.". */
function toDescription(text: string, max = 250): string {
  return collapse(collapse(text.replace(/[^\w\s\-,.\u00C0-\u017F]/g, ' ')).slice(0, max)) || 'Zahlung';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
    return value;
  }
  return undefined;
}

function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Timeouts, refused connections and resets: the platform may answer later. */
function transportError(error: unknown, what: string, timeoutMs: number): ProviderError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError(`xbezahldienste: ${what} timed out after ${timeoutMs} ms`, true);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`xbezahldienste: ${what} failed: ${message}${cause}`, true);
}

/** 5xx, 408 and 429 may heal; every other error answer needs a person (or different input). */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

function errorFromAnswer(what: string, answer: Answer): ProviderError {
  const parts: string[] = [];
  const problem = problemSchema.safeParse(answer.json);
  const oauth = oauthErrorSchema.safeParse(answer.json);
  if (problem.success && (problem.data.functionalCode || problem.data.title || problem.data.detail)) {
    const { functionalCode, title, detail, errors } = problem.data;
    if (functionalCode) parts.push(functionalCode);
    if (title) parts.push(title);
    if (detail) parts.push(detail);
    // Platforms often repeat the field errors in detail; say each only once.
    for (const item of errors?.slice(0, 5) ?? []) {
      if (!detail?.includes(item.message)) parts.push(item.path ? `${item.path}: ${item.message}` : item.message);
    }
  } else if (oauth.success) {
    parts.push(oauth.data.error);
    if (oauth.data.error_description) parts.push(oauth.data.error_description);
  } else if (answer.text.trim()) {
    parts.push(collapse(answer.text).slice(0, 200));
  }
  const said = parts.length ? ` – ${parts.join(' – ')}` : '';
  return new ProviderError(`xbezahldienste: ${what} failed with HTTP ${answer.status}${said}`, isRetryableStatus(answer.status), answer.status);
}

/** A 2xx answer we cannot read; retryable because it is usually a gateway hiccup, and giving up on a paid transaction would be worse. */
function malformed(what: string, answer: Answer, reason: string): ProviderError {
  return new ProviderError(`xbezahldienste: ${what}: malformed answer (${reason})`, true, answer.status);
}

function buildPaymentRequest(input: CreatePaymentInput, extensions: boolean): Record<string, unknown> {
  const bookingData = { [KASSENZEICHEN_BOOKING_KEY]: input.kassenzeichen };
  // Verwaltungsgebühren carry no VAT: net equals gross, tax is zero.
  const lines = input.items.length ? input.items : [{ description: input.purpose, quantity: 1, unitCents: input.amountCents }];
  const items = lines.map((line, index) => ({
    id: `pos-${index + 1}`,
    reference: `pos-${index + 1}`,
    description: toDescription(line.description),
    taxRate: 0,
    quantity: line.quantity,
    singleNetAmount: centsToAmount(line.unitCents),
    singleTaxAmount: 0,
    totalNetAmount: centsToAmount(line.unitCents * line.quantity),
    totalTaxAmount: 0,
    bookingData,
  }));
  const requestor = input.payer && (input.payer.name || input.payer.email)
    ? { ...(input.payer.name ? { name: input.payer.name } : {}), ...(input.payer.email ? { email: input.payer.email } : {}) }
    : undefined;
  return {
    requestId: input.paymentId,
    requestTimestamp: new Date().toISOString(),
    currency: input.currency,
    grosAmount: centsToAmount(input.amountCents),
    purpose: toPurpose(`${input.kassenzeichen} ${input.purpose}`),
    description: toDescription(input.purpose),
    redirectUrl: input.returnUrl,
    items,
    ...(requestor ? { requestor } : {}),
    ...(extensions ? { cancelUrl: input.cancelUrl, notifyUrl: input.notifyUrl } : {}),
  };
}

function toStatusReport(providerRef: string, answer: Answer): StatusReport {
  const parsed = statusAnswerSchema.safeParse(answer.json);
  if (!parsed.success) throw malformed('status query', answer, issuesOf(parsed.error));
  const { paymentRequest, paymentInformation: info } = parsed.data;
  const amountCents = amountToCents(paymentRequest.grosAmount);
  if (amountCents === null) throw malformed('status query', answer, `grosAmount ${paymentRequest.grosAmount} is not an amount in euros and cents`);
  if (info.transactionId !== providerRef) throw malformed('status query', answer, `answer is about transaction ${info.transactionId}`);
  const report: StatusReport = { providerRef, status: STATUS_MAP[info.status], amountCents, currency: paymentRequest.currency };
  if (info.paymentMethod) report.method = METHOD_MAP[info.paymentMethod.toUpperCase()] ?? 'other';
  const paidAt = info.transactionTimestamp ? new Date(info.transactionTimestamp) : undefined;
  if (info.status === 'PAYED' && paidAt && !Number.isNaN(paidAt.getTime())) report.paidAt = paidAt;
  const detail = [info.statusDetail, info.paymentMethodDetail, info.transactionReference && `reference ${info.transactionReference}`].filter(Boolean).join('; ');
  if (detail) report.detail = detail;
  return report;
}

export function createXBezahldiensteProvider(options: XBezahldiensteOptions): PaymentProvider {
  for (const [name, value] of [['originatorId', options.originatorId], ['endPointId', options.endPointId]] as const) {
    if (!ID_PATTERN.test(value)) throw new Error(`xbezahldienste: ${name} must be 1–36 characters of A–Z, a–z, 0–9, _ or -`);
  }
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const tokenUrl = new URL(options.tokenUrl ?? 'auth/token', base);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const extensions = options.extensions ?? false;
  const transactionsPath = `paymenttransaction/${encodeURIComponent(options.originatorId)}/${encodeURIComponent(options.endPointId)}`;
  let cachedToken: { value: string; expiresAt: number } | undefined;

  // Read lazily so tests (and instrumentation) that replace globalThis.fetch are honoured.
  const doFetch: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);

  async function exchange(what: string, url: URL, init: RequestInit, signal: AbortSignal): Promise<Answer> {
    try {
      const response = await doFetch(url, { ...init, signal });
      const text = await response.text();
      return { status: response.status, text, json: parseJson(text) };
    } catch (error) {
      throw transportError(error, what, timeoutMs);
    }
  }

  async function accessToken(signal: AbortSignal): Promise<{ value: string; fresh: boolean }> {
    if (cachedToken && cachedToken.expiresAt > Date.now()) return { value: cachedToken.value, fresh: false };
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret });
    const answer = await exchange('token request', tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    }, signal);
    if (answer.status < 200 || answer.status > 299) throw errorFromAnswer('token request', answer);
    const parsed = tokenAnswerSchema.safeParse(answer.json);
    if (!parsed.success) throw malformed('token request', answer, issuesOf(parsed.error));
    const lifetime = Math.max(0, (parsed.data.expires_in ?? TOKEN_DEFAULT_LIFETIME_S) - TOKEN_EARLY_RENEWAL_S);
    cachedToken = { value: parsed.data.access_token, expiresAt: Date.now() + lifetime * 1000 };
    return { value: parsed.data.access_token, fresh: true };
  }

  /** One API call under the operation's deadline; a cached token the platform rejects is renewed once. */
  async function api(what: string, signal: AbortSignal, method: 'GET' | 'POST', path: string, payload?: unknown): Promise<Answer> {
    const url = new URL(path, base);
    const send = (token: string) => exchange(what, url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json, application/problem+json',
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    }, signal);
    let token = await accessToken(signal);
    let answer = await send(token.value);
    if (answer.status === 401 && !token.fresh) {
      cachedToken = undefined;
      token = await accessToken(signal);
      answer = await send(token.value);
    }
    if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(what, answer);
    if (answer.json === undefined) throw malformed(what, answer, 'not JSON');
    return answer;
  }

  return {
    id: 'xbezahldienste',
    redirects: true,

    async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
      const signal = AbortSignal.timeout(timeoutMs);
      const answer = await api('create payment', signal, 'POST', transactionsPath, buildPaymentRequest(input, extensions));
      const parsed = createdAnswerSchema.safeParse(answer.json);
      if (!parsed.success) throw malformed('create payment', answer, issuesOf(parsed.error));
      const { transactionId, transactionRedirectUrl } = parsed.data.paymentInformation;
      // The citizen's browser goes there: only ever a web page, never javascript: or data:.
      if (!isHttpUrl(transactionRedirectUrl)) throw malformed('create payment', answer, 'transactionRedirectUrl is not an http(s) URL');
      return { providerRef: transactionId, redirectUrl: transactionRedirectUrl };
    },

    async getStatus(providerRef: string): Promise<StatusReport> {
      const signal = AbortSignal.timeout(timeoutMs);
      const answer = await api('status query', signal, 'GET', `${transactionsPath}/${encodeURIComponent(providerRef)}`);
      return toStatusReport(providerRef, answer);
    },

    async refund(providerRef: string, amountCents: number, reason: string): Promise<RefundResult> {
      if (!extensions) {
        throw new ProviderError('xbezahldienste: the standard defines no refund; refund through the cash office (HKR) by hand', false);
      }
      if (!Number.isSafeInteger(amountCents) || amountCents <= 0 || amountCents > MAX_AMOUNT_CENTS) {
        throw new ProviderError(`xbezahldienste: invalid refund amount ${amountCents} cents`, false);
      }
      const signal = AbortSignal.timeout(timeoutMs);
      const payload = { refundId: randomUUID(), currency: 'EUR', amount: centsToAmount(amountCents), reason: toDescription(reason) };
      const answer = await api('refund', signal, 'POST', `${transactionsPath}/${encodeURIComponent(providerRef)}/refund`, payload);
      const parsed = refundAnswerSchema.safeParse(answer.json);
      if (!parsed.success) throw malformed('refund', answer, issuesOf(parsed.error));
      const result: RefundResult = { refundRef: parsed.data.refundId, status: parsed.data.status === 'REFUNDED' ? 'refunded' : parsed.data.status === 'PENDING' ? 'pending' : 'failed' };
      if (parsed.data.statusDetail) result.detail = parsed.data.statusDetail;
      return result;
    },

    verifyCallback({ headers, rawBody }) {
      if (!options.callbackSecret) return null;
      const signature = /^sha256=([0-9a-f]{64})$/i.exec(headerValue(headers, CALLBACK_SIGNATURE_HEADER)?.trim() ?? '');
      if (!signature?.[1]) return null;
      const expected = createHmac('sha256', options.callbackSecret).update(rawBody).digest();
      if (!timingSafeEqual(expected, Buffer.from(signature[1], 'hex'))) return null;
      const parsed = callbackSchema.safeParse(parseJson(rawBody.toString('utf8')));
      if (!parsed.success) return null;
      return { providerRef: parsed.data.paymentInformation.transactionId, status: STATUS_MAP[parsed.data.paymentInformation.status] };
    },
  };
}
