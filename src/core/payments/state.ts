/**
 * The payment state machine, as a pure function so every path (return of the
 * citizen, provider callback, status poller, expiry, staff) goes through the
 * same rules:
 *
 *   initial → pending → paid | failed | cancelled | expired
 *   failed | cancelled | expired → paid   (the provider reports success late)
 *   paid → partially_refunded → refunded  (refunds, by staff)
 *
 * A report that would move backwards (pending after paid, failed after paid)
 * is ignored: providers deliver callbacks out of order, and "paid" is the only
 * outcome that carries money. Repeating the current status changes nothing,
 * which makes every path idempotent.
 */
import type { PaymentStatus } from './schema.ts';
import type { ProviderStatus } from './provider.ts';

export type Transition = { change: true; to: PaymentStatus } | { change: false; reason: 'same' | 'stale' | 'final' };

const SETTLED: readonly PaymentStatus[] = ['paid', 'refunded', 'partially_refunded'];

export const isSettled = (status: PaymentStatus): boolean => SETTLED.includes(status);
export const isOpen = (status: PaymentStatus): boolean => status === 'initial' || status === 'pending';

/** What a status reported by the provider does to a payment in `current`. */
export function applyReport(current: PaymentStatus, reported: ProviderStatus): Transition {
  if (current === reported) return { change: false, reason: 'same' };
  if (isSettled(current)) return { change: false, reason: 'final' };
  switch (reported) {
    case 'paid':
      return { change: true, to: 'paid' };
    case 'pending':
      // Only the start of a transaction moves to pending; a late "pending" after an outcome is stale.
      return current === 'initial' ? { change: true, to: 'pending' } : { change: false, reason: 'stale' };
    case 'failed':
    case 'cancelled':
    case 'expired':
      // An outcome replaces "still open"; between two negative outcomes the first one stands.
      return isOpen(current) ? { change: true, to: reported } : { change: false, reason: 'stale' };
  }
}

/** The status after refunding `refundCents` more of a payment that received `receivedCents` and had `refundedCents` refunded. */
export function afterRefund(receivedCents: number, refundedCents: number, refundCents: number): { ok: true; status: PaymentStatus; refundedCents: number } | { ok: false; reason: 'not-positive' | 'too-much' } {
  if (!Number.isSafeInteger(refundCents) || refundCents <= 0) return { ok: false, reason: 'not-positive' };
  const total = refundedCents + refundCents;
  if (total > receivedCents) return { ok: false, reason: 'too-much' };
  return { ok: true, status: total === receivedCents ? 'refunded' : 'partially_refunded', refundedCents: total };
}
