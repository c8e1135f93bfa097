/** Tables of the payment core (see migrations/0008_payments.ts). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const PAYMENT_STATUSES = ['initial', 'pending', 'paid', 'failed', 'cancelled', 'expired', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type PaymentProviderId = 'testkasse' | 'xbezahldienste' | 'invoice';

export interface PaymentItem {
  description: string;
  quantity: number;
  unitCents: number;
}

export interface PaymentCountersTable {
  tenant_id: string;
  year: number;
  last_sequence: Generated<number>;
}

export interface PaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  payable: string;
  case_id: string | null;
  kassenzeichen: string;
  purpose: string;
  items: JSONColumnType<PaymentItem[], string, string>;
  amount_cents: number;
  currency: Generated<'EUR'>;
  provider: PaymentProviderId;
  provider_ref: string | null;
  /** The provider's hosted page for this attempt (so a repeated click lands on the same one). */
  redirect_url: string | null;
  status: Generated<PaymentStatus>;
  method: string | null;
  received_cents: Generated<number>;
  refunded_cents: Generated<number>;
  paid_at: NullableTimestamp;
  expires_at: Timestamp;
  return_path: string;
  haushaltsstelle: Generated<string>;
  produktkonto: Generated<string>;
  locale: Generated<'de' | 'en'>;
  payer_email: string | null;
  /** Why staff must look at it (amount mismatch, paid twice, …); null when all is well. */
  needs_review: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PaymentEventsTable {
  tenant_id: string;
  id: Generated<string>;
  payment_id: string;
  at: Generated<Date>;
  source: 'citizen' | 'callback' | 'poll' | 'staff' | 'system' | 'bank';
  from_status: string | null;
  to_status: string | null;
  amount_cents: number | null;
  detail: string | null;
  actor_id: string | null;
}

export interface PaymentRefundsTable {
  tenant_id: string;
  id: Generated<string>;
  payment_id: string;
  amount_cents: number;
  reason: string;
  refund_ref: string | null;
  status: 'refunded' | 'pending' | 'failed';
  staff_id: string;
  created_at: Generated<Date>;
}

export interface PaymentCallbacksTable {
  id: Generated<string>;
  tenant_id: string | null;
  provider: string;
  received_at: Generated<Date>;
  body_sha256: string;
  verified: boolean;
  payment_id: string | null;
  outcome: string;
}

export interface PaymentBankImportsTable {
  tenant_id: string;
  id: Generated<string>;
  filename: string;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
  summary: JSONColumnType<Record<string, number>, string | undefined, string>;
}

export interface PaymentBankCreditsTable {
  tenant_id: string;
  id: Generated<string>;
  import_id: string;
  dedup_key: string;
  booking_date: ColumnType<string, string, string>;
  amount_cents: number;
  remittance: Generated<string>;
  debtor_name: Generated<string>;
  debtor_iban: Generated<string>;
  outcome: string;
  kassenzeichen: string | null;
  payment_id: string | null;
  resolved_by: string | null;
  resolved_at: NullableTimestamp;
  resolution: string | null;
}

export interface TestkasseTransactionsTable {
  id: Generated<string>;
  merchant: string;
  reference: string;
  amount_cents: number;
  currency: string;
  purpose: string;
  return_url: string;
  cancel_url: string;
  notify_url: string;
  status: Generated<'pending' | 'paid' | 'failed' | 'cancelled' | 'expired'>;
  method: string | null;
  refunded_cents: Generated<number>;
  paid_at: NullableTimestamp;
  /** "Notify late": when the settle job marks it paid. */
  settles_at: NullableTimestamp;
  expires_at: Timestamp;
  created_at: Generated<Date>;
}
