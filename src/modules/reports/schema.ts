/** Tables of the Mängelmelder and Beschwerdemanagement (see migrations/0012_reports.ts). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T extends object> = JSONColumnType<T, T | string, T | string>;

/** The public state of a report; the last three close it. */
export type ReportState = 'received' | 'in_progress' | 'fixed' | 'referred' | 'rejected';
export type ReportPublication = 'published' | 'pending' | 'hidden';
export type ReportSource = 'web' | 'open311' | 'staff';

/** Open311's attribute datatypes. */
export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** An extra question of a category, in Open311's attribute model (German and English texts). */
export interface CategoryAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  order: number;
  description: { de: string; en: string };
  /** Help text (Open311 datatype_description). */
  hint?: { de: string; en: string };
  values?: { key: string; name: { de: string; en: string } }[];
}

export interface ReportCategoriesTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name_de: string;
  name_en: string;
  description_de: Generated<string>;
  description_en: Generated<string>;
  group_name: Generated<string>;
  keywords: Generated<string>;
  unit_id: string;
  deadline_days: Generated<number>;
  attributes: ColumnType<CategoryAttribute[], CategoryAttribute[] | string | undefined, CategoryAttribute[] | string>;
  active: Generated<boolean>;
  position: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ReportAreasTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  name: string;
  min_lat: number;
  min_lng: number;
  max_lat: number;
  max_lng: number;
  position: Generated<number>;
}

/** Answers to a category's extra questions: one value, or several for a multi-value list. */
export type AttributeAnswers = Record<string, string | string[]>;

export interface ReportsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  reference: string;
  category_id: string;
  state: Generated<ReportState>;
  state_reason: string | null;
  lat: number | null;
  lng: number | null;
  address: Generated<string>;
  description: string;
  public_description: string | null;
  attributes: ColumnType<AttributeAnswers, AttributeAnswers | string | undefined, AttributeAnswers | string>;
  source: ReportSource;
  api_key_id: string | null;
  media_link: string | null;
  publication: ReportPublication;
  duplicate_of: string | null;
  token: string;
  reporter_key: string | null;
  reopen_count: Generated<number>;
  reopen_until: NullableTimestamp;
  feedback_score: number | null;
  feedback_at: NullableTimestamp;
  requested_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: NullableTimestamp;
  due_at: NullableTimestamp;
}

export interface ReportPhotosTable {
  tenant_id: string;
  id: Generated<string>;
  report_id: string;
  file_id: string;
  position: number;
  width: number;
  height: number;
  published: Generated<boolean>;
  redacted_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export type ReportUpdateKind = 'created' | 'state' | 'comment' | 'reopened' | 'merged';

export interface ReportUpdatesTable {
  tenant_id: string;
  id: Generated<string>;
  report_id: string;
  state: ReportState | null;
  body: string | null;
  kind: ReportUpdateKind;
  created_at: Generated<Date>;
}

export interface ReportSubscriptionsTable {
  tenant_id: string;
  id: Generated<string>;
  report_id: string;
  email: string;
  email_key: string;
  token_hash: string;
  locale: Generated<'de' | 'en'>;
  privacy_version: ColumnType<string | null, string | null | undefined, string | null>;
  confirmed_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface ReportContractorsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  email: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ReportOrdersTable {
  tenant_id: string;
  id: Generated<string>;
  report_id: string;
  contractor_id: string;
  token_hash: string;
  instructions: Generated<string>;
  created_by_label: string;
  created_at: Generated<Date>;
  responded_at: NullableTimestamp;
  outcome: 'done' | 'not_possible' | null;
  response: string | null;
  revoked_at: NullableTimestamp;
}

export interface ReportTemplatesTable {
  tenant_id: string;
  id: Generated<string>;
  title: string;
  body: string;
  position: Generated<number>;
}

/** What a report being written holds between pages (checked on reading by public/journey/draft.ts). */
export interface ReportDraftData {
  categoryId?: string;
  lat?: number;
  lng?: number;
  address?: string;
  description?: string;
  attributes?: AttributeAnswers;
  name?: string;
  email?: string;
  /** The privacy notice version the citizen agreed to with their contact details. */
  consentVersion?: string;
}

export interface ReportDraftsTable {
  tenant_id: string;
  id: Generated<string>;
  browser_hash: string;
  data: Json<ReportDraftData>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface ReportDraftPhotosTable {
  tenant_id: string;
  draft_id: string;
  file_id: string;
  position: number;
  width: number;
  height: number;
}

export interface ComplaintsTable {
  tenant_id: string;
  case_id: string;
  ack_due_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  answer_due_at: Timestamp;
  answered_at: NullableTimestamp;
}
