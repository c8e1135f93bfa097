/**
 * The pending TOTP secret travels in a hidden form field between showing it
 * and confirming it (no server-side state, no extra table). An HMAC binds it
 * to tenant, user and issue time, so nobody can submit a secret of their own
 * choosing or reuse a set-up form of another account, and it expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const VALID_MS = 30 * 60_000;

interface Owner {
  tenantId: string;
  userId: string;
}

function mac(key: string, owner: Owner, secret: string, issuedAt: number): string {
  return createHmac('sha256', key).update(`totp-setup\n${owner.tenantId}\n${owner.userId}\n${secret}\n${issuedAt}`).digest('base64url');
}

export function signSetupToken(key: string, owner: Owner, secret: string, issuedAt: number): string {
  return `${secret}.${issuedAt}.${mac(key, owner, secret, issuedAt)}`;
}

/** The secret inside a valid, unexpired token of this owner, else null. */
export function openSetupToken(key: string, owner: Owner, token: string | undefined, now: number): string | null {
  const match = /^([A-Z2-7]{32})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return null;
  const [, secret = '', issued = '', given = ''] = match;
  const issuedAt = Number(issued);
  if (issuedAt > now || now - issuedAt > VALID_MS) return null;
  const expected = Buffer.from(mac(key, owner, secret, issuedAt));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? secret : null;
}

/** Groups of four, as authenticator apps show keys, so it can be typed without losing one's place. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}
