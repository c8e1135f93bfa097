/**
 * The payment core every module uses. A module asks for a payment of a
 * "payable" (its own key, e.g. `portal-draft:<id>`); we create it with a
 * Kassenzeichen, hand it to the tenant's provider and redirect the citizen.
 * What happens then arrives by three paths — the citizen's return, the
 * provider's signed callback, the status poller — and all of them end in
 * `applyReport`, which locks the payment row, checks amount and currency,
 * moves the state machine (state.ts) and records an event. Because the lock
 * serialises them and the state machine ignores repeats and stale reports, a
 * callback replayed five times books once, and a late success after a
 * failure still counts.
 *
 * When a payment becomes paid, a `payments.settled` job is enqueued in the
 * same transaction; its worker (and, for speed, the citizen's return) calls
 * the module's payable handler (e.g. "submit the application"), which must
 * be idempotent.
 */
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db, Executor, Tx } from '../db/database.ts';
import type { JobQueue } from '../jobs/jobs.ts';
import type { TenantService } from '../tenancy/tenants.ts';
import { audit } from '../audit/audit.ts';
import { queueMail } from '../mail/outbox.ts';
import { formatEuro } from '../i18n/money.ts';
import { requireAccess, type StaffActor } from '../auth/policy.ts';
import { formatKassenzeichen, type KassenzeichenScheme } from './kassenzeichen.ts';
import { ProviderError, type PaymentProvider, type ProviderStatus, type StatusReport } from './provider.ts';
import type { PaymentItem, PaymentProviderId, PaymentsTable, PaymentStatus } from './schema.ts';
import { afterRefund, applyReport as transition, isOpen } from './state.ts';
import { dateTimeFormat } from '../i18n/intl-formats.ts';

export const SETTLED_QUEUE = 'payments.settled';
export const POLL_QUEUE = 'payments.poll';

export interface Payment {
  id: string;
  tenantId: string;
  payable: string;
  caseId: string | null;
  kassenzeichen: string;
  purpose: string;
  items: PaymentItem[];
  amountCents: number;
  currency: string;
  provider: PaymentProviderId;
  providerRef: string | null;
  status: PaymentStatus;
  method: string | null;
  receivedCents: number;
  refundedCents: number;
  paidAt: Date | null;
  expiresAt: Date;
  returnPath: string;
  haushaltsstelle: string;
  produktkonto: string;
  locale: 'de' | 'en';
  needsReview: string | null;
  createdAt: Date;
}

export interface PaymentEvent {
  at: Date;
  source: string;
  fromStatus: string | null;
  toStatus: string | null;
  amountCents: number | null;
  detail: string | null;
}

export interface StartInput {
  payable: string;
  purpose: string;
  items: PaymentItem[];
  /** Our own page the citizen comes back to (a path on this host). */
  returnPath: string;
  locale: 'de' | 'en';
  payerEmail?: string;
  payerName?: string;
  haushaltsstelle?: string;
  produktkonto?: string;
  caseId?: string;
  /** 'invoice': Rechnung/Überweisung instead of the tenant's online provider. */
  method?: 'online' | 'invoice';
}

export interface PaymentServiceDeps {
  db: Db;
  jobs: JobQueue;
  tenants: TenantService;
  /** The provider a tenant uses for a provider id (testkasse, xbezahldienste, invoice). */
  provider(tenantId: string, id: PaymentProviderId): Promise<PaymentProvider>;
  /** Absolute URL on the tenant's host for a path. */
  urlFor(tenantId: string, path: string): Promise<string>;
  now?: () => Date;
}

type PaymentRow = Omit<Selectable<PaymentsTable>, 'payer_email' | 'updated_at' | 'redirect_url'>;

function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    payable: r.payable,
    caseId: r.case_id,
    kassenzeichen: r.kassenzeichen,
    purpose: r.purpose,
    items: r.items,
    amountCents: r.amount_cents,
    currency: r.currency,
    provider: r.provider,
    providerRef: r.provider_ref,
    status: r.status,
    method: r.method,
    receivedCents: r.received_cents,
    refundedCents: r.refunded_cents,
    paidAt: r.paid_at,
    expiresAt: r.expires_at,
    returnPath: r.return_path,
    haushaltsstelle: r.haushaltsstelle,
    produktkonto: r.produktkonto,
    locale: r.locale,
    needsReview: r.needs_review,
    createdAt: r.created_at,
  };
}

const PAYMENT_COLUMNS = [
  'id', 'tenant_id', 'payable', 'case_id', 'kassenzeichen', 'purpose', 'items', 'amount_cents', 'currency', 'provider', 'provider_ref', 'status', 'method',
  'received_cents', 'refunded_cents', 'paid_at', 'expires_at', 'return_path', 'haushaltsstelle', 'produktkonto', 'locale', 'needs_review', 'created_at',
] as const;

/** A path on our own host: starts with one slash, no scheme, no protocol-relative `//`, no backslash tricks. */
export function isOwnPath(path: string): boolean {
  return /^\/(?![/\\])[^\s\\]*$/.test(path) && path.length <= 500;
}

export type StartOutcome = { ok: true; payment: Payment; redirectUrl: string | null } | { ok: false; reason: 'provider-unavailable' | 'provider-refused'; message: string; payment: Payment };

export function createPaymentService(deps: PaymentServiceDeps) {
  const { db, jobs, tenants } = deps;
  const now = deps.now ?? (() => new Date());

  async function load(executor: Executor, tenantId: string, id: string, lock = false): Promise<Payment | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    let q = executor.selectFrom('payments').select(PAYMENT_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? toPayment(row) : null;
  }

  async function event(executor: Executor, p: { tenantId: string; id: string }, e: { source: PaymentEvent['source']; from?: string | null; to?: string | null; amountCents?: number | null; detail?: string | null; actorId?: string | null }) {
    await executor
      .insertInto('payment_events')
      .values({
        tenant_id: p.tenantId,
        payment_id: p.id,
        source: e.source as 'citizen',
        from_status: e.from ?? null,
        to_status: e.to ?? null,
        amount_cents: e.amountCents ?? null,
        detail: e.detail ?? null,
        actor_id: e.actorId ?? null,
      })
      .execute();
  }

  /** The next Kassenzeichen of the tenant for the current year (a row lock on the counter serialises instances). */
  async function nextKassenzeichen(tx: Tx, tenantId: string): Promise<string> {
    const prefix = await tenants.getSetting<string>(tenantId, 'payments.kassenzeichenPrefix', tx);
    const year = Number(dateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(now()));
    const row = await tx
      .insertInto('payment_counters')
      .values({ tenant_id: tenantId, year, last_sequence: 1 })
      .onConflict((oc) => oc.columns(['tenant_id', 'year']).doUpdateSet({ last_sequence: sql`payment_counters.last_sequence + 1` }))
      .returning('last_sequence')
      .executeTakeFirstOrThrow();
    const scheme: KassenzeichenScheme = { prefix };
    return formatKassenzeichen(scheme, year, row.last_sequence);
  }

  /**
   * Creates a payment and, for online payment, the transaction at the
   * provider. The row exists before the provider is asked, so an unreachable
   * provider leaves a failed attempt on record instead of nothing.
   */
  async function start(tenantId: string, input: StartInput): Promise<StartOutcome> {
    if (!isOwnPath(input.returnPath)) throw new Error(`return path must be a path on our host: ${input.returnPath}`);
    const amountCents = input.items.reduce((sum, item) => sum + item.quantity * item.unitCents, 0);
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new Error('a payment needs a positive amount in cents');
    const providerId: PaymentProviderId = input.method === 'invoice' ? 'invoice' : await tenants.getSetting<PaymentProviderId>(tenantId, 'payments.provider');
    const expiryMinutes = providerId === 'invoice' ? 60 * 24 * (await tenants.getSetting<number>(tenantId, 'payments.invoiceDueDays')) : await tenants.getSetting<number>(tenantId, 'payments.expiryMinutes');
    const open = await db.selectFrom('payments').select(['id', 'redirect_url']).where('tenant_id', '=', tenantId).where('payable', '=', input.payable).where('status', 'in', ['initial', 'pending']).executeTakeFirst();
    if (open) return openAttempt(tenantId, open.id);
    let created: Payment;
    try {
      created = await db.transaction().execute(async (tx) => {
      const kassenzeichen = await nextKassenzeichen(tx, tenantId);
      const row = await tx
        .insertInto('payments')
        .values({
          tenant_id: tenantId,
          payable: input.payable,
          case_id: input.caseId ?? null,
          kassenzeichen,
          purpose: input.purpose.slice(0, 140),
          items: JSON.stringify(input.items),
          amount_cents: amountCents,
          provider: providerId,
          provider_ref: null,
          expires_at: new Date(now().getTime() + expiryMinutes * 60_000),
          return_path: input.returnPath,
          haushaltsstelle: input.haushaltsstelle ?? '',
          produktkonto: input.produktkonto ?? '',
          locale: input.locale,
          payer_email: input.payerEmail ?? null,
          needs_review: null,
          updated_at: now(),
        })
        .returning(PAYMENT_COLUMNS)
        .executeTakeFirstOrThrow();
      await event(tx, { tenantId, id: row.id }, { source: 'citizen', to: 'initial', amountCents, detail: providerId });
      return toPayment(row);
    });
    } catch (error) {
      // A concurrent request (second click, second tab) opened the attempt first: continue with that one.
      if ((error as { constraint?: string }).constraint !== 'payments_one_open') throw error;
      const other = await db.selectFrom('payments').select('id').where('tenant_id', '=', tenantId).where('payable', '=', input.payable).where('status', 'in', ['initial', 'pending']).executeTakeFirst();
      if (!other) throw error;
      return openAttempt(tenantId, other.id);
    }
    const provider = await deps.provider(tenantId, providerId);
    try {
      const base = await deps.urlFor(tenantId, '');
      const made = await provider.createPayment({
        paymentId: created.id,
        kassenzeichen: created.kassenzeichen,
        amountCents,
        currency: 'EUR',
        purpose: `${created.kassenzeichen} ${input.purpose}`.slice(0, 140),
        items: input.items,
        returnUrl: `${base}/zahlung/${created.id}/rueckkehr`,
        cancelUrl: `${base}/zahlung/${created.id}/abbruch`,
        notifyUrl: `${base}/zahlung/rueckmeldung/${providerId}`,
        expiresInMinutes: Math.round((created.expiresAt.getTime() - now().getTime()) / 60_000),
        locale: input.locale,
        ...(input.payerEmail || input.payerName ? { payer: { ...(input.payerName ? { name: input.payerName } : {}), ...(input.payerEmail ? { email: input.payerEmail } : {}) } } : {}),
      });
      if (made.redirectUrl && !/^https?:\/\//.test(made.redirectUrl)) throw new ProviderError('provider returned a redirect that is not http(s)', false);
      const payment = await db.transaction().execute(async (tx) => {
        await tx.updateTable('payments').set({ provider_ref: made.providerRef, redirect_url: made.redirectUrl ?? null, status: 'pending', updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', created.id).execute();
        await event(tx, created, { source: 'system', from: 'initial', to: 'pending', detail: `${providerId} ${made.providerRef}` });
        return (await load(tx, tenantId, created.id)) as Payment;
      });
      return { ok: true, payment, redirectUrl: made.redirectUrl ?? null };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      const payment = await db.transaction().execute(async (tx) => {
        await tx.updateTable('payments').set({ status: 'failed', updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', created.id).execute();
        await event(tx, created, { source: 'system', from: 'initial', to: 'failed', detail: `provider error: ${error.message}`.slice(0, 1000) });
        return (await load(tx, tenantId, created.id)) as Payment;
      });
      return { ok: false, reason: error.retryable ? 'provider-unavailable' : 'provider-refused', message: error.message, payment };
    }
  }

  /** The live attempt of a payable, with its provider page (null while another request is still creating it). */
  async function openAttempt(tenantId: string, id: string): Promise<StartOutcome> {
    const row = await db.selectFrom('payments').select('redirect_url').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    const payment = (await load(db, tenantId, id)) as Payment;
    return { ok: true, payment, redirectUrl: row?.redirect_url ?? null };
  }

  /**
   * Applies what the provider says about a payment. Locks the row, so
   * concurrent callbacks, returns and polls are serialised. A "paid" whose
   * amount or currency differs from ours is not booked: the payment is
   * flagged for staff. Returns the payment after the change and whether it
   * became paid just now.
   */
  async function applyReport(tenantId: string, paymentId: string, report: Pick<StatusReport, 'status' | 'amountCents' | 'currency'> & Partial<StatusReport>, source: 'callback' | 'poll' | 'citizen' | 'system'): Promise<{ payment: Payment; becamePaid: boolean } | null> {
    return db.transaction().execute(async (tx) => {
      const p = await load(tx, tenantId, paymentId, true);
      if (!p) return null;
      if (report.status === 'paid' && (report.amountCents !== p.amountCents || report.currency !== p.currency)) {
        const review = `amount-mismatch: provider ${report.amountCents} ${report.currency}, ours ${p.amountCents} ${p.currency}`;
        if (p.needsReview !== review) {
          await tx.updateTable('payments').set({ needs_review: review, updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', p.id).execute();
          await event(tx, p, { source, from: p.status, to: p.status, amountCents: report.amountCents, detail: review });
        }
        return { payment: (await load(tx, tenantId, p.id)) as Payment, becamePaid: false };
      }
      const step = transition(p.status, report.status);
      if (!step.change) return { payment: p, becamePaid: false };
      const becamePaid = step.to === 'paid';
      await tx
        .updateTable('payments')
        .set({
          status: step.to,
          ...(becamePaid ? { paid_at: report.paidAt ?? now(), received_cents: p.amountCents, method: report.method ?? p.method } : {}),
          updated_at: now(),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', p.id)
        .execute();
      await event(tx, p, { source, from: p.status, to: step.to, amountCents: becamePaid ? p.amountCents : null, detail: report.detail ?? report.method ?? null });
      if (becamePaid) {
        // Paid twice for the same thing (an earlier attempt succeeded late): staff must refund one.
        const other = await tx
          .selectFrom('payments')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('payable', '=', p.payable)
          .where('id', '<>', p.id)
          .where('status', 'in', ['paid', 'partially_refunded'])
          .executeTakeFirst();
        if (other) await tx.updateTable('payments').set({ needs_review: `paid-twice: also ${other.id}` }).where('tenant_id', '=', tenantId).where('id', '=', p.id).execute();
        await jobs.send(tx, SETTLED_QUEUE, { tenantId, paymentId: p.id });
      }
      return { payment: (await load(tx, tenantId, p.id)) as Payment, becamePaid };
    });
  }

  /** Asks the provider for the status and applies it. Outcomes: the payment, or null if unknown; throws ProviderError when the provider cannot answer. */
  async function refresh(tenantId: string, paymentId: string, source: 'poll' | 'citizen' | 'callback' | 'system') {
    const p = await load(db, tenantId, paymentId);
    if (!p) return null;
    if (!p.providerRef || p.provider === 'invoice') return { payment: p, becamePaid: false };
    const provider = await deps.provider(tenantId, p.provider);
    const report = await provider.getStatus(p.providerRef);
    return applyReport(tenantId, p.id, report, source);
  }

  /**
   * A callback from a provider (raw body). Every callback is logged; one with
   * a bad signature or for an unknown transaction is rejected. A valid one is
   * only a hint: the status comes from the provider's status query, so a
   * forged or replayed body cannot book anything.
   */
  async function handleCallback(tenantId: string, providerId: PaymentProviderId, request: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer }): Promise<'applied' | 'rejected' | 'unknown' | 'unavailable'> {
    const provider = await deps.provider(tenantId, providerId);
    const verified = provider.verifyCallback(request);
    const bodySha = createHash('sha256').update(request.rawBody).digest('hex');
    const log = (verifiedFlag: boolean, paymentId: string | null, outcome: string) =>
      db.insertInto('payment_callbacks').values({ tenant_id: tenantId, provider: providerId, body_sha256: bodySha, verified: verifiedFlag, payment_id: paymentId, outcome }).execute();
    if (!verified) {
      await log(false, null, 'bad-signature');
      return 'rejected';
    }
    const row = await db.selectFrom('payments').select('id').where('tenant_id', '=', tenantId).where('provider', '=', providerId).where('provider_ref', '=', verified.providerRef).executeTakeFirst();
    if (!row) {
      await log(true, null, 'unknown-transaction');
      return 'unknown';
    }
    try {
      const result = await refresh(tenantId, row.id, 'callback');
      await log(true, row.id, result?.becamePaid ? 'paid' : `status ${result?.payment.status ?? '?'}`);
      return 'applied';
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      await log(true, row.id, `provider unavailable: ${error.message}`.slice(0, 200));
      return 'unavailable';
    }
  }

  /** Open online payments older than a minute: ask their provider. Returns how many changed. */
  async function pollOpen(limit = 50): Promise<number> {
    const rows = await db
      .selectFrom('payments')
      .select(['tenant_id', 'id'])
      .where('status', 'in', ['initial', 'pending'])
      .where('provider', '<>', 'invoice')
      .where('provider_ref', 'is not', null)
      .where('updated_at', '<', new Date(now().getTime() - 60_000))
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    let changed = 0;
    for (const r of rows) {
      try {
        const before = await load(db, r.tenant_id, r.id);
        const result = await refresh(r.tenant_id, r.id, 'poll');
        if (result && before && result.payment.status !== before.status) changed++;
        else await db.updateTable('payments').set({ updated_at: now() }).where('tenant_id', '=', r.tenant_id).where('id', '=', r.id).execute();
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
      }
    }
    return changed;
  }

  /**
   * Abandoned online payments past their expiry: one last status query (a
   * success still counts), otherwise expired. Invoices do not expire here —
   * an unpaid invoice is overdue, a matter for the Kasse.
   */
  async function expireAbandoned(limit = 100): Promise<number> {
    const rows = await db
      .selectFrom('payments')
      .select(['tenant_id', 'id', 'provider_ref'])
      .where('status', 'in', ['initial', 'pending'])
      .where('provider', '<>', 'invoice')
      .where('expires_at', '<', now())
      .limit(limit)
      .execute();
    let expired = 0;
    for (const r of rows) {
      let report: ProviderStatus | null = null;
      if (r.provider_ref) {
        try {
          const result = await refresh(r.tenant_id, r.id, 'system');
          report = result?.payment.status === 'paid' ? 'paid' : null;
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
        }
      }
      if (report === 'paid') continue;
      const result = await applyReport(r.tenant_id, r.id, { status: 'expired', amountCents: 0, currency: 'EUR', detail: 'abgelaufen' }, 'system');
      if (result && result.payment.status === 'expired') expired++;
    }
    return expired;
  }

  /** Links a payment to the Vorgang it paid for (once the Vorgang exists). True if it was linked just now, false if it already was. */
  async function linkCase(executor: Executor, tenantId: string, paymentId: string, caseId: string): Promise<boolean> {
    const linked = await executor.updateTable('payments').set({ case_id: caseId }).where('tenant_id', '=', tenantId).where('id', '=', paymentId).where('case_id', 'is', null).returning('id').executeTakeFirst();
    return linked !== undefined;
  }

  /** Marks a payment for the Kasse to look at, with the reason (shown on its page), and records it in the history. */
  async function flagForReview(tenantId: string, paymentId: string, reason: string): Promise<void> {
    await db.transaction().execute(async (tx) => {
      const p = await load(tx, tenantId, paymentId, true);
      if (!p || p.needsReview === reason) return;
      await tx.updateTable('payments').set({ needs_review: reason, updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', paymentId).execute();
      await event(tx, p, { source: 'system', from: p.status, to: p.status, detail: reason });
    });
  }

  /**
   * Staff refund, full or partial, with a reason: asks the provider (invoice
   * payments are paid back by the Kasse outside; we record it), then books it.
   * Outcomes: ok, not-found, not-paid, too-much, not-positive, provider-error.
   */
  async function refund(actor: StaffActor, paymentId: string, amountCents: number, reason: string): Promise<{ ok: true; payment: Payment } | { ok: false; reason: 'not-found' | 'not-paid' | 'too-much' | 'not-positive' | 'provider-error'; message?: string }> {
    requireAccess(actor, 'payments.refund', { tenantId: actor.tenantId });
    const p = await load(db, actor.tenantId, paymentId);
    if (!p) return { ok: false, reason: 'not-found' };
    if (p.status !== 'paid' && p.status !== 'partially_refunded') return { ok: false, reason: 'not-paid' };
    const check = afterRefund(p.receivedCents, p.refundedCents, amountCents);
    if (!check.ok) return { ok: false, reason: check.reason };
    let refundRef: string | null = null;
    let refundStatus: 'refunded' | 'pending' | 'failed' = 'refunded';
    if (p.provider !== 'invoice' && p.providerRef) {
      try {
        const provider = await deps.provider(actor.tenantId, p.provider);
        const result = await provider.refund(p.providerRef, amountCents, reason);
        refundRef = result.refundRef;
        refundStatus = result.status;
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        return { ok: false, reason: 'provider-error', message: error.message };
      }
      if (refundStatus === 'failed') return { ok: false, reason: 'provider-error', message: 'refund refused by provider' };
    }
    const payment = await db.transaction().execute(async (tx) => {
      const locked = (await load(tx, actor.tenantId, paymentId, true)) as Payment;
      const again = afterRefund(locked.receivedCents, locked.refundedCents, amountCents);
      if (!again.ok) throw new Error('refund raced with another refund');
      await tx.updateTable('payments').set({ status: again.status, refunded_cents: again.refundedCents, updated_at: now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', paymentId).execute();
      await tx.insertInto('payment_refunds').values({ tenant_id: actor.tenantId, payment_id: paymentId, amount_cents: amountCents, reason, refund_ref: refundRef, status: refundStatus, staff_id: actor.userId }).execute();
      await event(tx, locked, { source: 'staff', from: locked.status, to: again.status, amountCents: -amountCents, detail: reason, actorId: actor.userId });
      await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'payment.refund', objectType: 'payment', objectId: paymentId, details: { amountCents, refundRef } });
      // The citizen is told, in the same transaction (outbox): amount, Kassenzeichen, reason.
      const payer = await tx.selectFrom('payments').select('payer_email').where('tenant_id', '=', actor.tenantId).where('id', '=', paymentId).executeTakeFirst();
      const tenant = (await tenants.all()).find((x) => x.id === actor.tenantId);
      if (payer?.payer_email && tenant) {
        const amount = formatEuro(amountCents, locked.locale);
        await queueMail(tx, jobs, {
          tenantId: actor.tenantId,
          ...(locked.caseId ? { caseId: locked.caseId } : {}),
          to: payer.payer_email,
          locale: locked.locale,
          template: 'payment.refunded',
          params: { tenantName: tenant.name, kassenzeichen: locked.kassenzeichen, amount, reason, purpose: locked.purpose, contactUrl: await deps.urlFor(actor.tenantId, '/kontakt') },
        });
      }
      return (await load(tx, actor.tenantId, paymentId)) as Payment;
    });
    return { ok: true, payment };
  }

  /**
   * A bank transfer matched to an invoice payment (CAMT.053 import or a
   * clerk's manual booking): adds to what was received; the payment is paid
   * once the full amount is in. Partial and over-payments are flagged.
   */
  async function bookTransfer(tx: Tx, tenantId: string, paymentId: string, amountCents: number, detail: string, actorId: string | null): Promise<{ payment: Payment; becamePaid: boolean }> {
    const p = (await load(tx, tenantId, paymentId, true)) as Payment;
    const received = p.receivedCents + amountCents;
    const full = received >= p.amountCents;
    const to: PaymentStatus = full ? 'paid' : p.status;
    const review = received > p.amountCents ? `overpaid: ${received - p.amountCents}` : received < p.amountCents ? `partial: ${p.amountCents - received} open` : null;
    const becamePaid = full && p.status !== 'paid';
    await tx
      .updateTable('payments')
      .set({ received_cents: received, status: to, needs_review: review, ...(becamePaid ? { paid_at: now(), method: 'transfer' } : {}), updated_at: now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', paymentId)
      .execute();
    await event(tx, p, { source: 'bank', from: p.status, to, amountCents, detail, actorId });
    if (becamePaid) await jobs.send(tx, SETTLED_QUEUE, { tenantId, paymentId });
    return { payment: (await load(tx, tenantId, paymentId)) as Payment, becamePaid };
  }

  async function get(tenantId: string, id: string): Promise<Payment | null> {
    return load(db, tenantId, id);
  }

  async function history(tenantId: string, id: string): Promise<PaymentEvent[]> {
    const rows = await db.selectFrom('payment_events').select(['at', 'source', 'from_status', 'to_status', 'amount_cents', 'detail']).where('tenant_id', '=', tenantId).where('payment_id', '=', id).orderBy('id').execute();
    return rows.map((r) => ({ at: r.at, source: r.source, fromStatus: r.from_status, toStatus: r.to_status, amountCents: r.amount_cents, detail: r.detail }));
  }

  async function forPayable(tenantId: string, payable: string): Promise<Payment[]> {
    const rows = await db.selectFrom('payments').select(PAYMENT_COLUMNS).where('tenant_id', '=', tenantId).where('payable', '=', payable).orderBy('created_at', 'desc').execute();
    return rows.map(toPayment);
  }

  async function forCase(tenantId: string, caseId: string): Promise<Payment[]> {
    const rows = await db.selectFrom('payments').select(PAYMENT_COLUMNS).where('tenant_id', '=', tenantId).where('case_id', '=', caseId).orderBy('created_at', 'desc').execute();
    return rows.map(toPayment);
  }

  return { start, applyReport, refresh, handleCallback, pollOpen, expireAbandoned, linkCase, flagForReview, refund, bookTransfer, get, history, forPayable, forCase, isOpen };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
