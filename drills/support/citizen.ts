/**
 * What citizens do, over plain HTTP against a running app: an online
 * application through the journey (cookie jar, CSRF token, multipart pages,
 * as a browser without JavaScript), an appointment booking through
 * /api/v1/appointments, a Mängelmelder report through Open311. Each call
 * returns what the citizen saw and, when the app acknowledged the write, the
 * key under which it must be found in the database afterwards.
 *
 * Every citizen has an address of their own (X-Forwarded-For; the app runs
 * with TRUST_PROXY=true), so the per-IP rate limits apply per citizen as
 * behind a real load balancer.
 */
import sharp from 'sharp';
import { cookiesOf, header, request, type Response } from '../../bench/harness/http.ts';
import { fileFields, firstPage, getForm, nextPage, pageFormBody, sampleAnswers, type FormDefinition } from '../../src/modules/portal/forms/engine.ts';

let ipCounter = 0;
/** A fresh client address per citizen (198.18.0.0/15 is reserved for benchmarks, RFC 2544). */
export function nextIp(): string {
  const n = ipCounter++;
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}

/** A cookie-keeping client for one citizen. */
export class Browser {
  readonly cookies: Record<string, string> = {};
  csrf = '';

  constructor(
    readonly base: string,
    readonly ip: string = nextIp(),
    readonly timeoutMs = 35_000,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    return { 'x-forwarded-for': this.ip, ...(cookie ? { cookie } : {}), ...extra };
  }

  private keep(res: Response): Response {
    Object.assign(this.cookies, cookiesOf(res));
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  async get(path: string): Promise<Response> {
    return this.keep(await request(`${this.base}${path}`, { headers: this.headers(), timeoutMs: this.timeoutMs }));
  }

  async post(path: string, form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...form, _csrf: this.csrf })) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    return this.keep(await request(`${this.base}${path}`, { method: 'POST', headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }), body: body.toString(), timeoutMs: this.timeoutMs }));
  }

  async postMultipart(path: string, fields: Record<string, string | string[]>, files: { field: string; filename: string; content: Buffer; type: string }[] = []): Promise<Response> {
    const boundary = `----drill${Math.random().toString(16).slice(2)}`;
    const chunks: Buffer[] = [];
    for (const [k, v] of Object.entries({ ...fields, _csrf: this.csrf })) {
      for (const value of Array.isArray(v) ? v : [v]) chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${value}\r\n`));
    }
    for (const f of files) {
      chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\ncontent-type: ${f.type}\r\n\r\n`), f.content, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return this.keep(await request(`${this.base}${path}`, { method: 'POST', headers: this.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }), body: Buffer.concat(chunks), timeoutMs: this.timeoutMs }));
  }
}

let png: Buffer | null = null;
async function testPng(): Promise<Buffer> {
  png ??= await sharp({ create: { width: 8, height: 8, channels: 3, background: '#246' } }).png().toBuffer();
  return png;
}

/** The draft id in the journey's signed cookie (`<uuid>.<signature>`). */
function draftIdOf(browser: Browser, slug: string): string | null {
  const raw = browser.cookies[`rathaus-antrag-${slug}`];
  if (!raw) return null;
  const value = decodeURIComponent(raw);
  return /^([0-9a-f-]{36})\./.exec(value)?.[1] ?? null;
}

export interface JourneyOutcome {
  /** The step that ended the journey ('submit' when it got that far). */
  step: string;
  /** Status of that step's answer (0 network error, -1 client timeout). */
  status: number;
  /** Where the final POST sent the citizen. */
  location: string;
  draftId: string | null;
  /** The submit POST answered with the success redirect to the confirmation. */
  acknowledged: boolean;
  /** The submit POST sent the citizen to the payment provider's page (services with a fee). */
  toPayment: boolean;
  /** Milliseconds of the submit POST alone. */
  submitMs: number;
  /** The final page (e.g. the declaration re-rendered with an error message). */
  body: string;
  /** The citizen's browser, to try the submit again later. */
  browser: Browser;
}

/**
 * Walks the journey of `slug` with the form's sample answers up to and
 * including the declaration POST (the submit). For a service with a fee the
 * submit starts the payment instead: `toPayment` says the citizen was sent
 * to the provider, and `body` holds the page when that failed.
 */
export async function applyOnline(base: string, slug: string, options: { ip?: string; timeoutMs?: number } = {}): Promise<JourneyOutcome> {
  const form = getForm(slug) as FormDefinition | undefined;
  if (!form) throw new Error(`no form for ${slug}`);
  const browser = new Browser(base, options.ip ?? nextIp(), options.timeoutMs ?? 35_000);
  const journey = `/leistungen/${slug}/antrag`;
  const fail = (step: string, res: Response): JourneyOutcome => ({ step, status: res.status, location: header(res, 'location') ?? '', draftId: draftIdOf(browser, slug), acknowledged: false, toPayment: false, submitMs: 0, body: res.body, browser });
  let res = await browser.get(journey);
  if (res.status !== 200) return fail('start page', res);
  res = await browser.post(journey, {});
  if (res.status !== 303) return fail('start', res);
  res = await browser.post(`${journey}/datenschutz`, { privacy: 'yes' });
  if (res.status !== 303) return fail('privacy', res);
  const answers = sampleAnswers(form.id);
  for (let page: string | null = firstPage(form, answers), guard = 0; page && guard < 40; page = nextPage(form, page, answers), guard++) {
    const files = await Promise.all(fileFields(form, page, answers).filter((f) => f.required).map(async (f) => ({ field: f.id, filename: 'nachweis.png', content: await testPng(), type: 'image/png' })));
    res = await browser.postMultipart(`${journey}/seite/${page}`, pageFormBody(form, page, answers), files);
    if (res.status !== 303) return fail(`page ${page}`, res);
  }
  return submitApplication(browser, slug);
}

/** The declaration POST of a journey whose answers are complete (again, after a failed payment start). */
export async function submitApplication(browser: Browser, slug: string): Promise<JourneyOutcome> {
  const journey = `/leistungen/${slug}/antrag`;
  const res = await browser.post(`${journey}/erklaerung`, { declaration: 'yes' });
  const location = header(res, 'location') ?? '';
  const acknowledged = res.status === 303 && location.endsWith(`${journey}/bestaetigung`);
  const toPayment = res.status === 303 && /^https?:\/\//.test(location) && !location.includes(journey);
  return { step: 'submit', status: res.status, location, draftId: draftIdOf(browser, slug), acknowledged, toPayment, submitMs: res.ms, body: res.body, browser };
}

export interface Slot {
  start: string;
  free: number;
}

/** Free online start times of a location for one service, over the next `days` days of its booking window. */
export async function freeSlots(base: string, location: string, serviceId: string, days = 60): Promise<Slot[]> {
  const today = new Date().toISOString().slice(0, 10);
  const until = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const res = await request(`${base}/api/v1/appointments/slots?location=${location}&services=${serviceId}&from=${today}&to=${until}`, { headers: { 'x-forwarded-for': nextIp(), accept: 'application/json' }, timeoutMs: 30_000 });
  if (res.status !== 200) throw new Error(`slots: ${res.status} ${res.body.slice(0, 200)}`);
  return (JSON.parse(res.body) as { slots: Slot[] }).slots.filter((s) => s.free > 0);
}

/** Hands out start times so that concurrent bookings rarely meet on one slot. */
export class SlotPool {
  private index = 0;
  constructor(private readonly slots: Slot[]) {}
  next(): string | null {
    while (this.index < this.slots.length) {
      const slot = this.slots[this.index] as Slot;
      if (slot.free > 0) {
        slot.free--;
        return slot.start;
      }
      this.index++;
    }
    return null;
  }}

export interface WriteOutcome {
  status: number;
  ms: number;
  /** The app acknowledged the write (2xx). */
  acknowledged: boolean;
  /** Database key of the acknowledged write (booking id, report reference). */
  id: string | null;
  error?: string;
}

let bookingCounter = 0;

/** Books one appointment (confirmation pending: the app queues the confirmation mail). */
export async function bookAppointment(base: string, slot: string, fixtures: { location: string; serviceId: string }, options: { ip?: string; timeoutMs?: number; email?: string } = {}): Promise<WriteOutcome> {
  const n = bookingCounter++;
  const body = JSON.stringify({ location: fixtures.location, services: [{ id: fixtures.serviceId, count: 1 }], start: slot, name: `Drill Person ${n}`, email: options.email ?? `drill-${process.pid}-${n}@example.org`, termsAccepted: true });
  const res = await request(`${base}/api/v1/appointments/bookings`, {
    method: 'POST',
    headers: { 'x-forwarded-for': options.ip ?? nextIp(), 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': `drill-${process.pid}-${n}` },
    body,
    timeoutMs: options.timeoutMs ?? 35_000,
  });
  const acknowledged = res.status === 201 || res.status === 200;
  let id: string | null = null;
  if (acknowledged) id = (JSON.parse(res.body) as { id: string }).id;
  return { status: res.status, ms: res.ms, acknowledged, id, ...(res.error ? { error: res.error } : {}) };
}

let reportCounter = 0;

/** Files one Mängelmelder report through Open311 (POST requests.json). */
export async function reportProblem(base: string, keys: readonly string[], options: { ip?: string; timeoutMs?: number } = {}): Promise<WriteOutcome> {
  const n = reportCounter++;
  const key = keys[n % keys.length] as string;
  const form = new URLSearchParams({ api_key: key, service_code: 'sonstiges', address_string: `Rathausplatz ${(n % 40) + 1}`, description: `Drill-Meldung ${process.pid}-${n}: Bank wackelt.` });
  const res = await request(`${base}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'x-forwarded-for': options.ip ?? nextIp(), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    timeoutMs: options.timeoutMs ?? 35_000,
  });
  const acknowledged = res.status >= 200 && res.status < 300;
  let id: string | null = null;
  if (acknowledged) id = (JSON.parse(res.body) as { service_request_id?: string }[])[0]?.service_request_id ?? null;
  return { status: res.status, ms: res.ms, acknowledged, id, ...(res.error ? { error: res.error } : {}) };
}
