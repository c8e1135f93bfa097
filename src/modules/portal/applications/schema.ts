/** Tables of online applications (see migrations/0004_portal_applications.ts). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PortalDraftsTable {
  tenant_id: string;
  id: Generated<string>;
  service_slug: string;
  form_id: string;
  form_version: number;
  answers: JSONColumnType<Record<string, unknown>, string, string>;
  locale: 'de' | 'en';
  privacy_version: string | null;
  privacy_consented_at: NullableTimestamp;
  resume_email: string | null;
  resume_token_hash: string | null;
  case_id: string | null;
  /** A claimed Gebührenbefreiung: its reason (null: none claimed). See migrations/0009_fee_exemptions.ts. */
  exemption_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface PortalDraftFilesTable {
  tenant_id: string;
  draft_id: string;
  file_id: string;
  field_id: string;
}

export interface PortalPickupDistrictsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  streets: ColumnType<string[], string[] | undefined, string[]>;
  is_default: Generated<boolean>;
  pickup_weekdays: ColumnType<number[], number[], number[]>;
  daily_capacity: number;
  lead_days: Generated<number>;
  horizon_days: Generated<number>;
}

export interface PortalPickupBookingsTable {
  tenant_id: string;
  district_id: string;
  day: ColumnType<string, string, string>;
  capacity: number;
  booked: number;
}

/** A request to release a Bescheid under four-eyes approval (see migrations/0007_service_processing.ts). */
export interface PortalApprovalsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  file_id: string;
  requested_by: string;
  requested_at: Generated<Date>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision: 'approved' | 'declined' | null;
  note: string | null;
}

/** A claimed Gebührenbefreiung of one Vorgang and the clerk's decision (see migrations/0009_fee_exemptions.ts). */
export interface PortalFeeExemptionsTable {
  tenant_id: string;
  case_id: string;
  reason: string;
  proof_file_id: string | null;
  fee_cents: number;
  requested_at: Generated<Date>;
  status: Generated<'requested' | 'granted' | 'refused'>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  /** The invoice that followed a refusal. */
  payment_id: string | null;
}
