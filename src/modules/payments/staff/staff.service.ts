/**
 * The Stadtkasse's work on payments: the list and the file of one payment,
 * reconciliation with the provider, refunds, manual booking of a transfer,
 * the import of bank statements (CAMT.053) with the list of credits a person
 * has to resolve, and the booking records of a day for the finance system.
 *
 * Every function checks the staff member's permission first and reads only
 * the actor's tenant. Money moves through the payment core
 * (src/core/payments/payment-service.ts); this file adds the staff's view,
 * the transaction around an import, and the audit entries.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { audit } from '../../../core/audit/audit.ts';
import { requireAccess, type StaffActor } from '../../../core/auth/policy.ts';
import type { Db, Tx } from '../../../core/db/database.ts';
import { parseCamt053, statementTransactions, type Camt053Error } from '../../../core/payments/camt053.ts';
import { formatKassenzeichen, normalizeKassenzeichen, parseKassenzeichen, type KassenzeichenScheme } from '../../../core/payments/kassenzeichen.ts';
import { dedupKeys, matchCredits, type MatchDecision, type OpenItem } from '../../../core/payments/matching.ts';
import type { Payment } from '../../../core/payments/payment-service.ts';
import { ProviderError } from '../../../core/payments/provider.ts';
import type { PaymentProviderId, PaymentStatus } from '../../../core/payments/schema.ts';
import type { Services } from '../../../core/services.ts';
import { bookingsOf, bookingTotals, type Booking } from './finance-export.ts';
import { berlinDay, formatEuro } from './format.ts';
import { GROUP_STATUSES, REVIEW_OUTCOMES, type CreditOutcome, type StatusGroup } from './labels.ts';

export const PAGE_SIZE = 25;
/** Largest bank statement we accept (a busy month of a big city's account stays well below). */
export const CAMT_MAX_BYTES = 20 * 1024 * 1024;

const OPEN: readonly PaymentStatus[] = ['initial', 'pending'];
const REFUNDABLE: readonly PaymentStatus[] = ['paid', 'partially_refunded'];

/** Berlin midnight at the start of a YYYY-MM-DD day, as PostgreSQL computes it (DST-safe). */
const berlinStart = (day: string) => sql<Date>`(${day}::date)::timestamp at time zone 'Europe/Berlin'`;
const berlinEnd = (day: string) => sql<Date>`(${day}::date + 1)::timestamp at time zone 'Europe/Berlin'`;

async function schemeOf(services: Services, tenantId: string): Promise<KassenzeichenScheme> {
  return { prefix: await services.tenants.getSetting<string>(tenantId, 'payments.kassenzeichenPrefix') };
}

/** An example Kassenzeichen of the tenant's scheme for hints ("51.2026.000123.6" style). */
export async function exampleKassenzeichen(services: Services, tenantId: string): Promise<string> {
  return formatKassenzeichen(await schemeOf(services, tenantId), Number(berlinDay(new Date()).slice(0, 4)), 123);
}

// ---------------------------------------------------------------- list

export interface PaymentFilter {
  group?: StatusGroup | undefined;
  provider?: PaymentProviderId | undefined;
  /** Created on or after this Berlin day (YYYY-MM-DD). */
  from?: string | undefined;
  /** Created on or before this Berlin day. */
  to?: string | undefined;
  /** Kassenzeichen or its first digits, in any notation. */
  kassenzeichen?: string | undefined;
}

export interface PaymentListRow {
  id: string;
  kassenzeichen: string;
  caseId: string | null;
  caseReference: string | null;
  purpose: string;
  amountCents: number;
  status: PaymentStatus;
  provider: PaymentProviderId;
  needsReview: boolean;
  createdAt: Date;
  paidAt: Date | null;
}

export interface PaymentList {
  rows: PaymentListRow[];
  total: number;
  page: number;
  pageCount: number;
  /** Sums over all matching payments, in cents. */
  sums: { amountCents: number; receivedCents: number; refundedCents: number };
}

export async function listPayments(db: Db, actor: StaffActor, filter: PaymentFilter, page: number): Promise<PaymentList> {
  requireAccess(actor, 'payments.view', { tenantId: actor.tenantId });
  let query = db.selectFrom('payments as p').where('p.tenant_id', '=', actor.tenantId);
  if (filter.group === 'pruefen') query = query.where('p.needs_review', 'is not', null);
  else if (filter.group) query = query.where('p.status', 'in', GROUP_STATUSES[filter.group]);
  if (filter.provider) query = query.where('p.provider', '=', filter.provider);
  if (filter.from) query = query.where('p.created_at', '>=', berlinStart(filter.from));
  if (filter.to) query = query.where('p.created_at', '<', berlinEnd(filter.to));
  const digits = normalizeKassenzeichen(filter.kassenzeichen ?? '').replace(/\D/g, '');
  if (digits) query = query.where(sql<boolean>`starts_with(regexp_replace(p.kassenzeichen, '[^0-9]', '', 'g'), ${digits})`);
  const [rows, totals] = await Promise.all([
    query
      .leftJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.case_id'))
      .select(['p.id', 'p.kassenzeichen', 'p.case_id', 'c.reference', 'p.purpose', 'p.amount_cents', 'p.status', 'p.provider', 'p.needs_review', 'p.created_at', 'p.paid_at'])
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    // Sums in PostgreSQL as bigint, read as text: exact whatever the count.
    query
      .select([
        sql<string>`count(*)::text`.as('n'),
        sql<string>`coalesce(sum(p.amount_cents), 0)::text`.as('amount'),
        sql<string>`coalesce(sum(p.received_cents), 0)::text`.as('received'),
        sql<string>`coalesce(sum(p.refunded_cents), 0)::text`.as('refunded'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const total = Number(totals.n);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      kassenzeichen: r.kassenzeichen,
      caseId: r.case_id,
      caseReference: r.reference,
      purpose: r.purpose,
      amountCents: r.amount_cents,
      status: r.status,
      provider: r.provider,
      needsReview: r.needs_review !== null,
      createdAt: r.created_at,
      paidAt: r.paid_at,
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    sums: { amountCents: Number(totals.amount), receivedCents: Number(totals.received), refundedCents: Number(totals.refunded) },
  };
}

// ---------------------------------------------------------------- one payment

export interface PaymentEventRow {
  at: Date;
  source: string;
  fromStatus: string | null;
  toStatus: string | null;
  amountCents: number | null;
  detail: string | null;
  staffName: string | null;
}

export interface RefundRow {
  at: Date;
  amountCents: number;
  reason: string;
  refundRef: string | null;
  status: 'refunded' | 'pending' | 'failed';
  staffName: string | null;
}

export interface CallbackRow {
  receivedAt: Date;
  provider: string;
  verified: boolean;
  outcome: string;
}

export interface CreditRow {
  id: string;
  importId: string;
  bookingDate: string;
  amountCents: number;
  remittance: string;
  debtorName: string;
  outcome: string;
  kassenzeichen: string | null;
  paymentId: string | null;
  resolvedAt: Date | null;
}

export interface PaymentFile {
  payment: Payment;
  caseReference: string | null;
  events: PaymentEventRow[];
  refunds: RefundRow[];
  callbacks: CallbackRow[];
  credits: CreditRow[];
}

const CREDIT_COLUMNS = ['id', 'import_id', 'booking_date', 'amount_cents', 'remittance', 'debtor_name', 'outcome', 'kassenzeichen', 'payment_id', 'resolved_at'] as const;

function toCreditRow(r: { id: string; import_id: string; booking_date: string | Date; amount_cents: number; remittance: string; debtor_name: string; outcome: string; kassenzeichen: string | null; payment_id: string | null; resolved_at: Date | null }): CreditRow {
  return {
    id: r.id,
    importId: r.import_id,
    bookingDate: dayText(r.booking_date),
    amountCents: r.amount_cents,
    remittance: r.remittance,
    debtorName: r.debtor_name,
    outcome: r.outcome,
    kassenzeichen: r.kassenzeichen,
    paymentId: r.payment_id,
    resolvedAt: r.resolved_at,
  };
}

/** A `date` column as YYYY-MM-DD whether the driver hands over text or a Date (at local midnight). */
function dayText(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

export async function paymentFile(services: Services, actor: StaffActor, id: string): Promise<PaymentFile | null> {
  requireAccess(actor, 'payments.view', { tenantId: actor.tenantId });
  const { db } = services;
  const payment = await services.payments.get(actor.tenantId, id);
  if (!payment) return null;
  const [kase, events, refunds, callbacks, credits] = await Promise.all([
    payment.caseId ? db.selectFrom('cases').select('reference').where('tenant_id', '=', actor.tenantId).where('id', '=', payment.caseId).executeTakeFirst() : undefined,
    db
      .selectFrom('payment_events as e')
      .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'e.tenant_id').onRef('s.id', '=', 'e.actor_id'))
      .select(['e.at', 'e.source', 'e.from_status', 'e.to_status', 'e.amount_cents', 'e.detail', 's.display_name'])
      .where('e.tenant_id', '=', actor.tenantId)
      .where('e.payment_id', '=', id)
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('payment_refunds as r')
      .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'r.tenant_id').onRef('s.id', '=', 'r.staff_id'))
      .select(['r.created_at', 'r.amount_cents', 'r.reason', 'r.refund_ref', 'r.status', 's.display_name'])
      .where('r.tenant_id', '=', actor.tenantId)
      .where('r.payment_id', '=', id)
      .orderBy('r.created_at')
      .execute(),
    db
      .selectFrom('payment_callbacks')
      .select(['received_at', 'provider', 'verified', 'outcome'])
      .where('tenant_id', '=', actor.tenantId)
      .where('payment_id', '=', id)
      .orderBy('id')
      .execute(),
    db.selectFrom('payment_bank_credits').select(CREDIT_COLUMNS).where('tenant_id', '=', actor.tenantId).where('payment_id', '=', id).orderBy('booking_date').execute(),
  ]);
  return {
    payment,
    caseReference: kase?.reference ?? null,
    events: events.map((e) => ({ at: e.at, source: e.source, fromStatus: e.from_status, toStatus: e.to_status, amountCents: e.amount_cents, detail: e.detail, staffName: e.display_name })),
    refunds: refunds.map((r) => ({ at: r.created_at, amountCents: r.amount_cents, reason: r.reason, refundRef: r.refund_ref, status: r.status, staffName: r.display_name })),
    callbacks: callbacks.map((c) => ({ receivedAt: c.received_at, provider: c.provider, verified: c.verified, outcome: c.outcome })),
    credits: credits.map(toCreditRow),
  };
}

/** What may still be refunded, in cents. */
export const refundableCents = (p: Payment): number => (REFUNDABLE.includes(p.status) ? p.receivedCents - p.refundedCents : 0);
export const isOpenPayment = (p: Payment): boolean => OPEN.includes(p.status);
export const openCents = (p: Payment): number => Math.max(0, p.amountCents - p.receivedCents);

// ---------------------------------------------------------------- reconciliation

export type ReconcileOutcome =
  | { ok: true; before: Payment; after: Payment }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'no-provider' }
  | { ok: false; reason: 'unavailable' | 'refused'; message: string };

/**
 * Asks the provider for the payment's status and applies it (the payment
 * core's refresh). Returns our record before and after. Outcomes: ok,
 * not-found, no-provider (invoice, or never created there), unavailable
 * (try again later), refused (the provider answered with an error).
 */
export async function reconcilePayment(services: Services, actor: StaffActor, id: string): Promise<ReconcileOutcome> {
  requireAccess(actor, 'payments.view', { tenantId: actor.tenantId });
  const before = await services.payments.get(actor.tenantId, id);
  if (!before) return { ok: false, reason: 'not-found' };
  if (before.provider === 'invoice' || !before.providerRef) return { ok: false, reason: 'no-provider' };
  let after: Payment;
  try {
    const result = await services.payments.refresh(actor.tenantId, id, 'system');
    if (!result) return { ok: false, reason: 'not-found' };
    after = result.payment;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return { ok: false, reason: error.retryable ? 'unavailable' : 'refused', message: error.message };
  }
  await audit(services.db, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    actorLabel: actor.displayName,
    action: 'payment.reconcile',
    objectType: 'payment',
    objectId: id,
    details: { from: before.status, to: after.status, review: after.needsReview !== null },
  });
  return { ok: true, before, after };
}

// ---------------------------------------------------------------- refund

export type RefundOutcome = Awaited<ReturnType<Services['payments']['refund']>>;

/**
 * A refund through the payment core (provider first, then the booking, its
 * audit entry and the mail to the payer). When the payment belongs to a
 * Vorgang, the refund also appears on the citizen's status page, in the
 * citizen's language.
 */
export async function refundPayment(services: Services, actor: StaffActor, id: string, amountCents: number, reason: string): Promise<RefundOutcome> {
  const outcome = await services.payments.refund(actor, id, amountCents, reason);
  if (!outcome.ok || !outcome.payment.caseId) return outcome;
  const { payment } = outcome;
  const body = services.translators[payment.locale]('kasse.refund.citizenEvent', { amount: formatEuro(amountCents, payment.locale), kassenzeichen: payment.kassenzeichen, reason });
  await services.cases.recordSystemEvent(services.db, actor.tenantId, payment.caseId as string, { kind: 'payment', body, visibleToCitizen: true });
  return outcome;
}

// ---------------------------------------------------------------- manual booking

export type BookOutcome = { ok: true; payment: Payment; becamePaid: boolean } | { ok: false; reason: 'not-found' | 'not-open' | 'not-positive' };

/**
 * "Als bezahlt verbuchen": a transfer to an invoice that did not come in
 * through a bank statement (or a cash payment at the counter). Less than
 * open is a part payment, more an overpayment; both are flagged by the core.
 */
export async function bookManualTransfer(services: Services, actor: StaffActor, id: string, amountCents: number, note: string): Promise<BookOutcome> {
  requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return { ok: false, reason: 'not-positive' };
  return services.db.transaction().execute(async (tx): Promise<BookOutcome> => {
    const row = await tx.selectFrom('payments').select(['id', 'provider', 'status']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, reason: 'not-found' };
    if (row.provider !== 'invoice' || !OPEN.includes(row.status)) return { ok: false, reason: 'not-open' };
    const booked = await services.payments.bookTransfer(tx, actor.tenantId, id, amountCents, note, actor.userId);
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'payment.book', objectType: 'payment', objectId: id, details: { amountCents, becamePaid: booked.becamePaid } });
    return { ok: true, ...booked };
  });
}

// ---------------------------------------------------------------- bank statement import

export type ImportOutcome =
  | { ok: true; importId: string }
  | { ok: false; reason: 'duplicate'; importedAt: Date }
  | { ok: false; reason: Camt053Error; message: string };

export type ImportSummary = Partial<Record<CreditOutcome, number>>;

function summaryKey(decision: MatchDecision): CreditOutcome {
  return decision.outcome === 'ignored' && decision.reason === 'foreign-currency' ? 'foreign-currency' : decision.outcome;
}

function creditReference(decision: MatchDecision): string | null {
  switch (decision.outcome) {
    case 'matched':
    case 'partial':
    case 'over':
    case 'unknown-reference':
      return decision.kassenzeichen;
    case 'ambiguous':
      return decision.kassenzeichen.join(', ');
    default:
      return null;
  }
}

/**
 * Imports a bank statement: refuses a file imported before (its SHA-256),
 * parses it (hostile input: no DOCTYPE, size cap), matches the credits to
 * the open invoices by Kassenzeichen and, in one transaction, stores the
 * import with one row per credit and books what matched. Imports of a tenant
 * run one at a time (advisory lock), so two uploads cannot both book a
 * transfer or match against the same open amount.
 *
 * Outcomes: ok (the import's id), duplicate, or the parser's error.
 */
export async function importStatement(services: Services, actor: StaffActor, file: { filename: string; bytes: Buffer }): Promise<ImportOutcome> {
  requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
  const tenantId = actor.tenantId;
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const earlier = await importBySha(services.db, tenantId, sha256);
  if (earlier) return { ok: false, reason: 'duplicate', importedAt: earlier.uploaded_at };
  const parsed = parseCamt053(file.bytes, { maxBytes: CAMT_MAX_BYTES });
  if (!parsed.ok) return { ok: false, reason: parsed.error, message: parsed.message };
  const transactions = statementTransactions(parsed.statements);
  const scheme = await schemeOf(services, tenantId);
  const today = berlinDay(new Date());

  return services.db.transaction().execute(async (tx): Promise<ImportOutcome> => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`payments.import:${tenantId}`}, 0))`.execute(tx);
    const raced = await importBySha(tx, tenantId, sha256);
    if (raced) return { ok: false, reason: 'duplicate', importedAt: raced.uploaded_at };

    const open = await tx
      .selectFrom('payments')
      .select(['id', 'kassenzeichen', 'amount_cents', 'received_cents'])
      .where('tenant_id', '=', tenantId)
      .where('provider', '=', 'invoice')
      .where('status', 'in', OPEN)
      .forUpdate()
      .execute();
    const openItems: OpenItem[] = open.map((p) => ({ paymentId: p.id, kassenzeichen: p.kassenzeichen, openCents: Math.max(0, p.amount_cents - p.received_cents) }));
    const keys = dedupKeys(transactions);
    const known = keys.length === 0 ? [] : await tx.selectFrom('payment_bank_credits').select('dedup_key').where('tenant_id', '=', tenantId).where('dedup_key', 'in', keys).execute();
    const decisions = matchCredits(scheme, transactions, openItems, new Set(known.map((k) => k.dedup_key)));

    const summary: ImportSummary = {};
    for (const decision of decisions) summary[summaryKey(decision)] = (summary[summaryKey(decision)] ?? 0) + 1;
    const stored = await tx
      .insertInto('payment_bank_imports')
      .values({ tenant_id: tenantId, filename: cleanFilename(file.filename), sha256, uploaded_by: actor.userId, summary: JSON.stringify(summary) })
      .returning('id')
      .executeTakeFirstOrThrow();

    for (const decision of decisions) {
      if (decision.outcome === 'ignored' || decision.outcome === 'duplicate') continue;
      const t = decision.transaction;
      const bookingDate = t.bookingDate ?? t.valueDate ?? today;
      const remittance = [t.remittance, ...t.creditorReferences.filter((r) => !t.remittance.includes(r))].filter(Boolean).join('\n').slice(0, 1000);
      const applied = decision.outcome === 'matched' || decision.outcome === 'partial' || decision.outcome === 'over' ? decision : null;
      await tx
        .insertInto('payment_bank_credits')
        .values({
          tenant_id: tenantId,
          import_id: stored.id,
          dedup_key: decision.dedupKey,
          booking_date: bookingDate,
          amount_cents: t.amountCents,
          remittance,
          debtor_name: (t.debtorName ?? '').slice(0, 200),
          debtor_iban: t.debtorIban ?? '',
          outcome: decision.outcome,
          kassenzeichen: creditReference(decision),
          payment_id: applied?.paymentId ?? null,
          resolved_by: null,
          resolved_at: null,
          resolution: null,
        })
        .execute();
      // An over-payment of an invoice settled earlier in this run applies nothing: its credit waits in "Zu klären".
      if (applied && applied.appliedCents > 0) {
        await services.payments.bookTransfer(tx, tenantId, applied.paymentId, applied.appliedCents, transferDetail(bookingDate, remittance), actor.userId);
      }
    }
    await audit(tx, { tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'payment.import', objectType: 'payment_bank_import', objectId: stored.id, details: { sha256, summary } });
    return { ok: true, importId: stored.id };
  });
}

function transferDetail(bookingDate: string, remittance: string): string {
  return `CAMT.053 ${bookingDate} ${remittance.replace(/\s+/g, ' ')}`.trim().slice(0, 500);
}

/** Only the name, without any path a browser may have sent. */
function cleanFilename(filename: string): string {
  const name = filename.split(/[\\/]/).pop()?.trim() ?? '';
  return (name || 'kontoauszug.xml').slice(0, 200);
}

async function importBySha(executor: Db | Tx, tenantId: string, sha256: string) {
  return executor.selectFrom('payment_bank_imports').select(['id', 'uploaded_at']).where('tenant_id', '=', tenantId).where('sha256', '=', sha256).executeTakeFirst();
}

export interface ImportRow {
  id: string;
  filename: string;
  uploadedAt: Date;
  uploadedBy: string;
  summary: ImportSummary;
}

export async function recentImports(db: Db, actor: StaffActor, limit = 20): Promise<ImportRow[]> {
  requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
  const rows = await db
    .selectFrom('payment_bank_imports as i')
    .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'i.tenant_id').onRef('s.id', '=', 'i.uploaded_by'))
    .select(['i.id', 'i.filename', 'i.uploaded_at', 'i.summary', 's.display_name'])
    .where('i.tenant_id', '=', actor.tenantId)
    .orderBy('i.uploaded_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, uploadedAt: r.uploaded_at, uploadedBy: r.display_name ?? '', summary: r.summary }));
}

export async function importResult(db: Db, actor: StaffActor, importId: string): Promise<{ import: ImportRow; credits: CreditRow[] } | null> {
  requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
  const row = await db
    .selectFrom('payment_bank_imports as i')
    .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'i.tenant_id').onRef('s.id', '=', 'i.uploaded_by'))
    .select(['i.id', 'i.filename', 'i.uploaded_at', 'i.summary', 's.display_name'])
    .where('i.tenant_id', '=', actor.tenantId)
    .where('i.id', '=', importId)
    .executeTakeFirst();
  if (!row) return null;
  const credits = await db
    .selectFrom('payment_bank_credits')
    .select(CREDIT_COLUMNS)
    .where('tenant_id', '=', actor.tenantId)
    .where('import_id', '=', importId)
    .orderBy('booking_date')
    .orderBy('amount_cents', 'desc')
    .orderBy('id')
    .execute();
  return { import: { id: row.id, filename: row.filename, uploadedAt: row.uploaded_at, uploadedBy: row.display_name ?? '', summary: row.summary }, credits: credits.map(toCreditRow) };
}

// ---------------------------------------------------------------- credits to resolve

export async function unresolvedCredits(db: Db, actor: StaffActor): Promise<CreditRow[]> {
  requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
  const rows = await db
    .selectFrom('payment_bank_credits')
    .select(CREDIT_COLUMNS)
    .where('tenant_id', '=', actor.tenantId)
    .where('resolved_at', 'is', null)
    .where('outcome', 'in', REVIEW_OUTCOMES)
    .orderBy('booking_date')
    .orderBy('id')
    .execute();
  return rows.map(toCreditRow);
}

export interface CreditFile {
  credit: CreditRow & { debtorIban: string; resolution: string | null; resolvedBy: string | null };
  importedAt: Date;
  /** The payment the credit is booked to, if any. */
  payment: { id: string; kassenzeichen: string } | null;
}

export async function creditFile(db: Db, actor: StaffActor, creditId: string): Promise<CreditFile | null> {
  requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
  const row = await db
    .selectFrom('payment_bank_credits as c')
    .innerJoin('payment_bank_imports as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.id', '=', 'c.import_id'))
    .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.id', '=', 'c.resolved_by'))
    .leftJoin('payments as p', (j) => j.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.payment_id'))
    .select([
      'c.id',
      'c.import_id',
      'c.booking_date',
      'c.amount_cents',
      'c.remittance',
      'c.debtor_name',
      'c.debtor_iban',
      'c.outcome',
      'c.kassenzeichen',
      'c.payment_id',
      'c.resolved_at',
      'c.resolution',
      's.display_name',
      'i.uploaded_at',
      'p.kassenzeichen as payment_kassenzeichen',
    ])
    .where('c.tenant_id', '=', actor.tenantId)
    .where('c.id', '=', creditId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    credit: { ...toCreditRow(row), debtorIban: row.debtor_iban, resolution: row.resolution, resolvedBy: row.display_name },
    importedAt: row.uploaded_at,
    payment: row.payment_id && row.payment_kassenzeichen ? { id: row.payment_id, kassenzeichen: row.payment_kassenzeichen } : null,
  };
}

export type AssignOutcome = { ok: true; kassenzeichen: string; paymentId: string } | { ok: false; reason: 'not-found' | 'invalid-kassenzeichen' | 'no-payment' | 'resolved' | 'booked' };

/**
 * Books an unmatched credit to the open payment with the Kassenzeichen the
 * clerk found (its full amount; less or more than open is flagged by the
 * core) and marks the credit resolved. Outcomes: ok, not-found,
 * invalid-kassenzeichen, no-payment (none open with it), resolved (already),
 * booked (partial/over credits are booked already: mark them done instead).
 */
export async function assignCredit(services: Services, actor: StaffActor, creditId: string, kassenzeichenInput: string, note: string): Promise<AssignOutcome> {
  requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
  const parsed = parseKassenzeichen(await schemeOf(services, actor.tenantId), kassenzeichenInput);
  if (!parsed) return { ok: false, reason: 'invalid-kassenzeichen' };
  return services.db.transaction().execute(async (tx): Promise<AssignOutcome> => {
    const credit = await lockCredit(tx, actor.tenantId, creditId);
    if (!credit) return { ok: false, reason: 'not-found' };
    if (credit.resolved_at) return { ok: false, reason: 'resolved' };
    if (credit.payment_id) return { ok: false, reason: 'booked' };
    const payment = await tx
      .selectFrom('payments')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('kassenzeichen', '=', parsed.kassenzeichen)
      .where('status', 'in', OPEN)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!payment) return { ok: false, reason: 'no-payment' };
    const bookingDate = dayText(credit.booking_date);
    await services.payments.bookTransfer(tx, actor.tenantId, payment.id, credit.amount_cents, transferDetail(bookingDate, credit.remittance), actor.userId);
    await tx
      .updateTable('payment_bank_credits')
      .set({ payment_id: payment.id, kassenzeichen: parsed.kassenzeichen, resolved_by: actor.userId, resolved_at: new Date(), resolution: note || null })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', creditId)
      .execute();
    await audit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      actorLabel: actor.displayName,
      action: 'payment.credit.assign',
      objectType: 'payment_bank_credit',
      objectId: creditId,
      details: { paymentId: payment.id, amountCents: credit.amount_cents },
    });
    return { ok: true, kassenzeichen: parsed.kassenzeichen, paymentId: payment.id };
  });
}

/** Marks a credit resolved with the clerk's note of what happened. Outcomes: ok, not-found, resolved (already). */
export async function markCreditResolved(services: Services, actor: StaffActor, creditId: string, note: string): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'resolved' }> {
  requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
  return services.db.transaction().execute(async (tx): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'resolved' }> => {
    const credit = await lockCredit(tx, actor.tenantId, creditId);
    if (!credit) return { ok: false, reason: 'not-found' };
    if (credit.resolved_at) return { ok: false, reason: 'resolved' };
    await tx.updateTable('payment_bank_credits').set({ resolved_by: actor.userId, resolved_at: new Date(), resolution: note }).where('tenant_id', '=', actor.tenantId).where('id', '=', creditId).execute();
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'payment.credit.resolve', objectType: 'payment_bank_credit', objectId: creditId, details: { outcome: credit.outcome } });
    return { ok: true };
  });
}

async function lockCredit(tx: Tx, tenantId: string, creditId: string) {
  return tx
    .selectFrom('payment_bank_credits')
    .select(['id', 'booking_date', 'amount_cents', 'remittance', 'outcome', 'payment_id', 'resolved_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', creditId)
    .forUpdate()
    .executeTakeFirst();
}

// ---------------------------------------------------------------- finance export

/**
 * The booking records of one Berlin calendar day (see finance-export.ts),
 * in the order they happened. Every export is audited: the file is the
 * basis of the books.
 */
export async function dayBookings(db: Db, actor: StaffActor, day: string): Promise<Booking[]> {
  requireAccess(actor, 'payments.export', { tenantId: actor.tenantId });
  const bookings = await bookingsOfDay(db, actor.tenantId, day);
  await audit(db, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    actorLabel: actor.displayName,
    action: 'payment.export',
    details: { day, rows: bookings.length, ...bookingTotals(bookings) },
  });
  return bookings;
}

/** The booking records of a tenant's Berlin day, without access check or audit (the caller does both). */
export async function bookingsOfDay(db: Db, tenantId: string, day: string): Promise<Booking[]> {
  const rows = await db
    .selectFrom('payment_events as e')
    .innerJoin('payments as p', (j) => j.onRef('p.tenant_id', '=', 'e.tenant_id').onRef('p.id', '=', 'e.payment_id'))
    .leftJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.case_id'))
    .select(['e.id', 'e.at', 'e.source', 'e.from_status', 'e.to_status', 'e.amount_cents', 'p.kassenzeichen', 'p.haushaltsstelle', 'p.produktkonto', 'p.provider', 'p.method', 'p.purpose', 'c.reference'])
    .where('e.tenant_id', '=', tenantId)
    .where('e.at', '>=', berlinStart(day))
    .where('e.at', '<', berlinEnd(day))
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return bookingsOf(
    rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      source: r.source,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      amountCents: r.amount_cents,
      kassenzeichen: r.kassenzeichen,
      haushaltsstelle: r.haushaltsstelle,
      produktkonto: r.produktkonto,
      provider: r.provider,
      method: r.method,
      purpose: r.purpose,
      caseReference: r.reference,
    })),
  );
}
