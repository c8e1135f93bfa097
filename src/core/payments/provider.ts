/**
 * The payment port: what the payment core asks of a payment provider. Each
 * adapter (XBezahldienste, the built-in Test-Kasse, Rechnung/Überweisung)
 * implements it; the core owns the state machine, idempotency and what the
 * Vorgang shows. Card data never reaches us: every online method is a
 * redirect to the provider's hosted page, and we learn the outcome from a
 * signed callback and from status queries.
 *
 * Amounts are integer cents, currency is always EUR.
 */

/** What the provider says about one payment transaction. */
export type ProviderStatus = 'pending' | 'paid' | 'failed' | 'cancelled' | 'expired';

/** Payment methods the citizen may choose on the provider's page. */
export type PaymentMethod = 'creditcard' | 'paypal' | 'wero' | 'directdebit' | 'invoice' | 'other';

export interface CreatePaymentInput {
  /** Our id of the payment (uuid); providers echo it back as the merchant reference. */
  paymentId: string;
  /** Kassenzeichen of the payment (the municipal cash office's reference). */
  kassenzeichen: string;
  amountCents: number;
  currency: 'EUR';
  /** Verwendungszweck, shown to the citizen and on the bank statement (≤ 140 chars). */
  purpose: string;
  /** Line items (e.g. "Meldebescheinigung, 2 Exemplare"). */
  items: { description: string; quantity: number; unitCents: number }[];
  /** Where the provider sends the citizen after paying (success and failure alike; we query the status). */
  returnUrl: string;
  /** Where the provider sends the citizen who cancels. */
  cancelUrl: string;
  /** Where the provider posts its signed status callback. */
  notifyUrl: string;
  /** Minutes until an unpaid transaction expires at the provider. */
  expiresInMinutes: number;
  locale: 'de' | 'en';
  /** Optional payer data the provider may prefill (never card data). */
  payer?: { name?: string; email?: string };
}

export interface CreatedPayment {
  /** The provider's id of the transaction. */
  providerRef: string;
  /** The hosted payment page to redirect the citizen to (absent for invoice payments). */
  redirectUrl?: string;
}

export interface StatusReport {
  providerRef: string;
  status: ProviderStatus;
  /** The amount the provider holds for this transaction; checked against ours. */
  amountCents: number;
  currency: string;
  method?: PaymentMethod;
  /** When the provider booked the payment (status paid). */
  paidAt?: Date;
  /** The provider's own words for a failure, for staff only. */
  detail?: string;
}

export interface RefundResult {
  refundRef: string;
  status: 'refunded' | 'pending' | 'failed';
  detail?: string;
}

/** A failure talking to the provider: unreachable, timed out, or an error answer. `retryable` says whether trying again later may help. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface PaymentProvider {
  /** Stable id stored with each payment ("xbezahldienste", "testkasse", "invoice"). */
  readonly id: string;
  /** True when the citizen is redirected to a hosted page; false for invoice. */
  readonly redirects: boolean;
  /** Creates the transaction at the provider. Throws ProviderError. */
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Asks the provider for the current status. Throws ProviderError. */
  getStatus(providerRef: string): Promise<StatusReport>;
  /** Refunds all or part of a paid transaction. Throws ProviderError. */
  refund(providerRef: string, amountCents: number, reason: string): Promise<RefundResult>;
  /**
   * Checks a callback the provider posted to `notifyUrl` (raw body and
   * headers, before any parsing). Returns the transaction it is about and
   * the status it announces, or null when the signature or format is wrong.
   * The core treats a callback only as a hint and confirms it with getStatus.
   */
  verifyCallback(request: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer }): { providerRef: string; status?: ProviderStatus } | null;
}
