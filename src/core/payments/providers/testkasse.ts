/**
 * Test-Kasse: the built-in sandbox payment provider for the demo and the
 * tests, clearly marked as test mode on every page it shows. It behaves like a
 * real provider: a transaction is created by an API call, the citizen is
 * redirected to its hosted payment page (src/modules/payments/testkasse/),
 * the outcome comes back as a signed callback to the notify URL and can be
 * queried at any time. "Notify late" keeps the transaction pending until the
 * settle job marks it paid and sends the callback minutes later.
 *
 * Its state lives in its own table (testkasse_transactions), so several app
 * instances share it. No card data is ever entered: the hosted page only
 * offers a choice of method and outcome.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { ProviderError, type CreatePaymentInput, type PaymentProvider, type ProviderStatus, type StatusReport } from '../provider.ts';

export const TESTKASSE_SIGNATURE_HEADER = 'x-testkasse-signature';
export const TESTKASSE_PATH = '/testkasse';

export const callbackBody = z.object({ transaction: z.uuid(), status: z.enum(['pending', 'paid', 'failed', 'cancelled', 'expired']) });

/** The HMAC the Test-Kasse puts on its callbacks: sha256=<hex> over the raw body. */
export function signTestkasse(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface TestkasseOptions {
  db: Db;
  /** The merchant: our tenant id. */
  merchant: string;
  /** Base URL of the Test-Kasse pages (this app's host). */
  baseUrl: string;
  secret: string;
}

export function createTestkasseProvider(options: TestkasseOptions): PaymentProvider {
  const { db, merchant } = options;

  async function find(providerRef: string) {
    if (!/^[0-9a-f-]{36}$/.test(providerRef)) throw new ProviderError('Test-Kasse: unknown transaction', false, 404);
    const row = await db.selectFrom('testkasse_transactions').selectAll().where('id', '=', providerRef).where('merchant', '=', merchant).executeTakeFirst();
    if (!row) throw new ProviderError('Test-Kasse: unknown transaction', false, 404);
    return row;
  }

  return {
    id: 'testkasse',
    redirects: true,

    async createPayment(input: CreatePaymentInput) {
      if (input.currency !== 'EUR' || !Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw new ProviderError('Test-Kasse: invalid amount', false, 400);
      const row = await db
        .insertInto('testkasse_transactions')
        .values({
          merchant,
          reference: input.paymentId,
          amount_cents: input.amountCents,
          currency: input.currency,
          purpose: input.purpose,
          return_url: input.returnUrl,
          cancel_url: input.cancelUrl,
          notify_url: input.notifyUrl,
          expires_at: new Date(Date.now() + input.expiresInMinutes * 60_000),
        })
        .onConflict((oc) => oc.columns(['merchant', 'reference']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw new ProviderError('Test-Kasse: duplicate reference', false, 409);
      return { providerRef: row.id, redirectUrl: `${options.baseUrl}${TESTKASSE_PATH}/${row.id}` };
    },

    async getStatus(providerRef: string): Promise<StatusReport> {
      const row = await find(providerRef);
      const expired = row.status === 'pending' && row.expires_at.getTime() < Date.now();
      return {
        providerRef,
        status: (expired ? 'expired' : row.status) as ProviderStatus,
        amountCents: row.amount_cents,
        currency: row.currency,
        ...(row.method ? { method: row.method as StatusReport['method'] } : {}),
        ...(row.paid_at ? { paidAt: row.paid_at } : {}),
      };
    },

    async refund(providerRef: string, amountCents: number) {
      const row = await find(providerRef);
      if (row.status !== 'paid') throw new ProviderError('Test-Kasse: only paid transactions can be refunded', false, 409);
      const updated = await db
        .updateTable('testkasse_transactions')
        .set((eb) => ({ refunded_cents: eb('refunded_cents', '+', amountCents) }))
        .where('id', '=', providerRef)
        .where((eb) => eb(eb('refunded_cents', '+', amountCents), '<=', eb.ref('amount_cents')))
        .returning('id')
        .executeTakeFirst();
      if (!updated) throw new ProviderError('Test-Kasse: refund exceeds the amount', false, 409);
      return { refundRef: `${providerRef}-r${Date.now()}`, status: 'refunded' as const };
    },

    verifyCallback(request) {
      const header = request.headers[TESTKASSE_SIGNATURE_HEADER];
      if (typeof header !== 'string') return null;
      const expected = Buffer.from(signTestkasse(options.secret, request.rawBody));
      const given = Buffer.from(header);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.rawBody.toString('utf8'));
      } catch {
        return null;
      }
      const body = callbackBody.safeParse(parsed);
      return body.success ? { providerRef: body.data.transaction, status: body.data.status } : null;
    },
  };
}

/** Rechnung/Überweisung: no provider to ask; the money arrives on the bank statement (CAMT.053). */
export const invoiceProvider: PaymentProvider = {
  id: 'invoice',
  redirects: false,
  async createPayment(input) {
    return { providerRef: `invoice-${input.paymentId}` };
  },
  async getStatus() {
    throw new ProviderError('invoice payments have no provider status', false);
  },
  async refund() {
    return { refundRef: 'manual', status: 'refunded' as const };
  },
  verifyCallback() {
    return null;
  },
};
