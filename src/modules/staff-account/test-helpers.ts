/** Shared steps of the staff-account tests. */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import { DEMO_PASSWORD } from '../../../seed/demo.ts';
import type { TestApp, TestBrowser } from '../../../test/support/app.ts';

export { DEMO_PASSWORD };
export const SESSION_COOKIE = '__Host-rathaus-session';

/** Opens the login page (for the CSRF token) and posts the credentials. */
export async function signIn(browser: TestBrowser, email: string, password = DEMO_PASSWORD, returnPath?: string): Promise<LightMyRequestResponse> {
  const page = await browser.get(returnPath ? `/verwaltung/anmelden?weiter=${encodeURIComponent(returnPath)}` : '/verwaltung/anmelden');
  assert.equal(page.statusCode, 200, 'login page');
  return browser.post('/verwaltung/anmelden', { email, password, ...(returnPath ? { weiter: returnPath } : {}) });
}

export function sessionCookieOf(response: LightMyRequestResponse) {
  return response.cookies.find((c) => c.name === SESSION_COOKIE);
}

export function h1Count(body: string): number {
  return body.match(/<h1[\s>]/g)?.length ?? 0;
}

/** Fresh counters, so the per-IP login limit of one test does not spill into the next. */
export async function resetRateLimits(t: TestApp): Promise<void> {
  await t.services.rateCounter.flush();
  t.services.rateCounter.clear();
  await t.services.pool.query('delete from rate_limits');
}

export function totpFor(secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** A 6-digit code that is valid in none of the windows the server accepts (previous, current, next). */
export function wrongCode(secret: string): string {
  const totp = totpFor(secret);
  const now = Date.now();
  const valid = new Set([-1, 0, 1].map((step) => totp.generate({ timestamp: now + step * 30_000 })));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c)) ?? '444444';
}

/** Reads the secret from the set-up page's signed hidden field. */
export function setupSecret(body: string): string {
  const match = /name="setup" value="([A-Z2-7]{32})\./.exec(body);
  assert.ok(match?.[1], 'set-up page carries the pending secret');
  return match[1];
}
