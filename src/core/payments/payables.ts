/**
 * What a paid payment means to the module that asked for it. A module
 * declares a handler per payable prefix (e.g. `portal-draft:`); when a payment
 * becomes paid, the `payments.settled` job — and, for speed, the citizen's
 * return — calls it. Handlers must be idempotent: both paths may run, and a
 * job may be retried.
 */
import type { Services } from '../services.ts';
import type { Payment } from './payment-service.ts';

export interface PayableHandler {
  /** Start of the payable keys this handler owns, e.g. "portal-draft:". */
  prefix: string;
  /** The payment is paid: do what was paid for (and link the Vorgang). */
  onPaid(services: Services, payment: Payment): Promise<void>;
}

const handlers = new Map<string, PayableHandler>();

export function registerPayables(list: readonly PayableHandler[]): void {
  for (const h of list) handlers.set(h.prefix, h);
}

export function payableHandler(payable: string): PayableHandler | undefined {
  for (const [prefix, handler] of handlers) if (payable.startsWith(prefix)) return handler;
  return undefined;
}

/** Runs the handler of a paid payment (no-op for other statuses or payables without a handler). */
export async function settle(services: Services, payment: Payment): Promise<void> {
  if (payment.status !== 'paid' && payment.status !== 'partially_refunded' && payment.status !== 'refunded') return;
  await payableHandler(payment.payable)?.onPaid(services, payment);
}
