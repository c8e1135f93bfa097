/** Tables of the Leistungskatalog (see migrations/0003_portal_catalog.ts). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export type OnlineMode = 'online' | 'online_and_visit' | 'visit';

/** When a fee-based service is paid: not online, optionally, before the application is sent, or later by invoice. */
export type PaymentPolicy = 'none' | 'optional' | 'required' | 'deferred';
export const PAYMENT_POLICIES: readonly PaymentPolicy[] = ['none', 'optional', 'required', 'deferred'];

/**
 * One fee line of a service, in integer cents. `per`: charged per copy, per
 * copy after the first ("jedes weitere Exemplar"), or per unit; absent = once.
 */
export interface Fee {
  label: string;
  amountCents: number;
  per?: 'copy' | 'additional-copy' | 'unit';
  note?: string;
}

type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface PortalServicesTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  title: string;
  short_description: Generated<string>;
  long_description: Generated<string>;
  requirements: Generated<string>;
  required_documents: TextArray;
  fees: JSONColumnType<Fee[], string | undefined, string>;
  fee_exemptions: Generated<string>;
  processing_time: Generated<string>;
  deadlines: Generated<string>;
  legal_basis: Generated<string>;
  unit_id: string;
  online_mode: OnlineMode;
  leika_key: string | null;
  form_id: string | null;
  categories: TextArray;
  synonyms: TextArray;
  active: Generated<boolean>;
  position: Generated<number>;
  four_eyes: Generated<boolean>;
  fee_exemption: Generated<boolean>;
  draft_retention_days: Generated<number>;
  /** Null: the tenant's default (setting cases.applicationRetentionDays). */
  case_retention_days: number | null;
  payment_policy: Generated<PaymentPolicy>;
  haushaltsstelle: Generated<string>;
  produktkonto: Generated<string>;
  /** Maintained by the trigger portal_services_index; never written by the app. */
  search_text: ColumnType<string, never, never>;
  search_vector: ColumnType<string, never, never>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
