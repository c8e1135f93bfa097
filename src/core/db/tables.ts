/**
 * Kysely's view of the tables (see migrations/). Column types mirror the SQL;
 * `Generated` marks columns with a database default. Core tables are declared
 * here; a module declares its own tables in its schema.ts and joins them to
 * `Database` below.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ContactTopicsTable } from '../../modules/contact/schema.ts';
import type { PortalApprovalsTable, PortalDraftFilesTable, PortalFeeExemptionsTable, PortalDraftsTable, PortalPickupBookingsTable, PortalPickupDistrictsTable } from '../../modules/portal/applications/schema.ts';
import type { PortalServicesTable } from '../../modules/portal/catalog/schema.ts';
import type {
  ComplaintsTable,
  ReportAreasTable,
  ReportCategoriesTable,
  ReportContractorsTable,
  ReportDraftPhotosTable,
  ReportDraftsTable,
  ReportOrdersTable,
  ReportPhotosTable,
  ReportsTable,
  ReportSubscriptionsTable,
  ReportTemplatesTable,
  ReportUpdatesTable,
} from '../../modules/reports/schema.ts';
import type { CouncilTables } from '../../modules/council/schema.ts';
import type {
  PaymentBankCreditsTable,
  PaymentBankImportsTable,
  PaymentCallbacksTable,
  PaymentCountersTable,
  PaymentEventsTable,
  PaymentRefundsTable,
  PaymentsTable,
  TestkasseTransactionsTable,
} from '../payments/schema.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;

export interface TenantContact {
  address?: string;
  phone?: string;
  email?: string;
  openingHours?: string;
  website?: string;
}

export interface TenantBranding {
  primaryColor?: string;
  logoFileId?: string;
}

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  ags: string;
  bundesland: string;
  hostnames: ColumnType<string[], string[] | undefined, string[]>;
  is_default: Generated<boolean>;
  contact: Json<TenantContact>;
  branding: Json<TenantBranding>;
  imprint: Generated<string>;
  privacy: Generated<string>;
  accessibility: Generated<string>;
  created_at: Generated<Date>;
}

export interface TenantSettingsTable {
  tenant_id: string;
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

export interface OrgUnitsTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  opening_hours: string | null;
}

export interface StaffUsersTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  active: Generated<boolean>;
  password_changed_at: Generated<Date>;
  created_at: Generated<Date>;
}

export type StaffRole = 'admin' | 'sachbearbeitung' | 'redaktion' | 'kasse' | 'ratsbuero' | 'mandatstraeger';

export interface StaffRolesTable {
  tenant_id: string;
  user_id: string;
  role: StaffRole;
  unit_id: string | null;
}

export interface SessionsTable {
  id_hash: string;
  tenant_id: string;
  user_id: string;
  second_factor_pending: Generated<boolean>;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface FilesTable {
  tenant_id: string;
  id: Generated<string>;
  storage_key: string;
  filename: string;
  mime_type: string;
  size: number;
  sha256: string;
  created_at: Generated<Date>;
}

export interface CaseContact {
  name?: string;
  email?: string;
  phone?: string;
}

export interface CasesTable {
  tenant_id: string;
  id: Generated<string>;
  reference: string;
  type: string;
  status: string;
  unit_id: string;
  assignee_id: string | null;
  subject: string;
  data: Json<Record<string, unknown>>;
  contact: Json<CaseContact>;
  locale: 'de' | 'en';
  access_salt: string;
  access_token_hash: string;
  idempotency_key: string | null;
  due_at: NullableTimestamp;
  retention_until: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: NullableTimestamp;
  anonymised_at: NullableTimestamp;
}

export type CaseEventKind =
  | 'created'
  | 'status'
  | 'note'
  | 'message_to_citizen'
  | 'message_from_citizen'
  | 'assigned'
  | 'forwarded'
  | 'document'
  | 'approval_requested'
  | 'approved'
  | 'approval_declined'
  | 'approval_withdrawn'
  | 'payment'
  | 'fee_exemption_granted'
  | 'fee_exemption_refused'
  | 'appointment_moved'
  | 'report_updated'
  | 'report_order'
  | 'report_reopened'
  | 'report_feedback';

export interface CaseEventsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  kind: CaseEventKind;
  actor_type: 'citizen' | 'staff' | 'system';
  actor_id: string | null;
  from_status: string | null;
  to_status: string | null;
  body: string | null;
  visible_to_citizen: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CaseDocumentsTable {
  tenant_id: string;
  case_id: string;
  file_id: string;
  event_id: string | null;
  source: 'citizen' | 'staff' | 'system';
  created_at: Generated<Date>;
}

export interface ConsentsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  kind: string;
  version: string;
  given_at: Generated<Date>;
}

export interface MailsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  template: string;
  locale: string;
  status: Generated<'queued' | 'sent' | 'held' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
  /** iCalendar object sent with the mail (iMIP): its METHOD and the text. */
  calendar_method: 'REQUEST' | 'CANCEL' | 'PUBLISH' | null;
  calendar: string | null;
}

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<number>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  details: Json<Record<string, unknown>>;
}

export interface RateLimitsTable {
  key: string;
  hits: number;
  reset_at: Timestamp;
}

export interface ApptLocationsTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  name: string;
  address: Generated<string>;
  directions: Generated<string>;
  unit_id: string;
  slot_minutes: Generated<number>;
  book_from_days: Generated<number>;
  book_until_days: Generated<number>;
  hold_minutes: Generated<number>;
  confirm_minutes: Generated<number>;
  release_delay_minutes: Generated<number>;
  cancel_until_hours: Generated<number>;
  active: Generated<boolean>;
  position: Generated<number>;
}

export type ApptVariant = 'onsite' | 'phone' | 'video';

export interface ApptServicesTable {
  tenant_id: string;
  location_id: string;
  service_id: string;
  minutes: number;
  max_quantity: Generated<number>;
  variants: ColumnType<ApptVariant[], ApptVariant[] | undefined, ApptVariant[]>;
  active: Generated<boolean>;
  position: Generated<number>;
}

export interface ApptOpeningHoursTable {
  tenant_id: string;
  id: Generated<string>;
  location_id: string;
  weekday: number;
  /** 'HH:MM:SS' */
  starts: string;
  ends: string;
  /** 'YYYY-MM-DD' (date columns are read as strings) */
  valid_from: string;
  valid_until: string | null;
  counters: number;
  online: number;
  phone: number;
}

export interface ApptClosuresTable {
  tenant_id: string;
  location_id: string;
  day: string;
  reason: string;
  created_at: Generated<Date>;
}

export interface ApptSlotsTable {
  tenant_id: string;
  location_id: string;
  starts_at: Timestamp;
  capacity: number;
  capacity_online: number;
  capacity_phone: number;
  claimed: Generated<number>;
  claimed_online: Generated<number>;
  claimed_phone: Generated<number>;
}

export type ApptStatus = 'held' | 'pending' | 'confirmed' | 'cancelled' | 'expired' | 'attended' | 'no_show';
export type ApptChannel = 'online' | 'phone' | 'internal';

export interface ApptBookingsTable {
  tenant_id: string;
  id: Generated<string>;
  location_id: string;
  reference: string;
  status: ApptStatus;
  channel: ApptChannel;
  variant: Generated<ApptVariant>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  holder_hash: string | null;
  hold_expires_at: NullableTimestamp;
  confirm_expires_at: NullableTimestamp;
  name: string | null;
  email: string | null;
  email_key: string | null;
  phone: string | null;
  note: string | null;
  locale: Generated<'de' | 'en'>;
  reminder: Generated<boolean>;
  reminded_at: NullableTimestamp;
  token_salt: string;
  manage_token_hash: string;
  confirm_token_hash: string | null;
  ics_sequence: Generated<number>;
  video_room: string | null;
  case_id: string | null;
  idempotency_key: string | null;
  verified_human: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  submitted_at: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  cancelled_by: 'citizen' | 'staff' | 'system' | null;
  cancel_reason: string | null;
  checked_in_at: NullableTimestamp;
  anonymised_at: NullableTimestamp;
}

export interface ApptBookingServicesTable {
  tenant_id: string;
  booking_id: string;
  service_id: string;
  quantity: number;
  minutes: number;
}

export interface ApptClaimsTable {
  tenant_id: string;
  id: Generated<string>;
  booking_id: string;
  location_id: string;
  starts_at: Timestamp;
  channel: ApptChannel;
  release_after: NullableTimestamp;
  released_at: NullableTimestamp;
}

export interface AltchaSpentTable {
  challenge_id: string;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  key_prefix: string;
  key_hash: string;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
  created_by_label: string;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}


export interface Database extends CouncilTables {
  tenants: TenantsTable;
  tenant_settings: TenantSettingsTable;
  org_units: OrgUnitsTable;
  staff_users: StaffUsersTable;
  staff_roles: StaffRolesTable;
  sessions: SessionsTable;
  files: FilesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_documents: CaseDocumentsTable;
  consents: ConsentsTable;
  mails: MailsTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
  api_keys: ApiKeysTable;
  altcha_spent: AltchaSpentTable;
  appt_locations: ApptLocationsTable;
  appt_services: ApptServicesTable;
  appt_opening_hours: ApptOpeningHoursTable;
  appt_closures: ApptClosuresTable;
  appt_slots: ApptSlotsTable;
  appt_bookings: ApptBookingsTable;
  appt_booking_services: ApptBookingServicesTable;
  appt_claims: ApptClaimsTable;
  contact_topics: ContactTopicsTable;
  portal_drafts: PortalDraftsTable;
  portal_draft_files: PortalDraftFilesTable;
  portal_pickup_districts: PortalPickupDistrictsTable;
  portal_pickup_bookings: PortalPickupBookingsTable;
  portal_services: PortalServicesTable;
  portal_approvals: PortalApprovalsTable;
  portal_fee_exemptions: PortalFeeExemptionsTable;
  payment_counters: PaymentCountersTable;
  payments: PaymentsTable;
  payment_events: PaymentEventsTable;
  payment_refunds: PaymentRefundsTable;
  payment_callbacks: PaymentCallbacksTable;
  payment_bank_imports: PaymentBankImportsTable;
  payment_bank_credits: PaymentBankCreditsTable;
  testkasse_transactions: TestkasseTransactionsTable;
  report_categories: ReportCategoriesTable;
  report_areas: ReportAreasTable;
  reports: ReportsTable;
  report_photos: ReportPhotosTable;
  report_updates: ReportUpdatesTable;
  report_subscriptions: ReportSubscriptionsTable;
  report_contractors: ReportContractorsTable;
  report_orders: ReportOrdersTable;
  report_templates: ReportTemplatesTable;
  report_drafts: ReportDraftsTable;
  report_draft_photos: ReportDraftPhotosTable;
  complaints: ComplaintsTable;
}
