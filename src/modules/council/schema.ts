/** Tables of the Ratsinformationssystem (see migrations/0013_council.ts). */
import type { ColumnType, Generated } from 'kysely';

/** Stamped by the database: never written by code (values sent are ignored). */
type Stamp = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** `date` columns come back as 'yyyy-mm-dd' strings (see core/db/database.ts). */
type DateString = ColumnType<string | null, string | null | undefined, string | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

interface OParlObject {
  tenant_id: string;
  id: Generated<string>;
  created: Stamp;
  modified: Stamp;
  deleted_at: NullableTimestamp;
}

export type OrganizationType = 'Gremium' | 'Partei' | 'Fraktion' | 'Verwaltungsbereich' | 'externes Gremium' | 'Institution' | 'Sonstiges';
export type MeetingState = 'terminiert' | 'eingeladen' | 'durchgeführt';
export type FileRole = 'paper_main' | 'paper_aux' | 'meeting_invitation' | 'meeting_results' | 'meeting_verbatim' | 'meeting_aux' | 'agenda_resolution' | 'agenda_aux';
export type TextStatus = 'pending' | 'ok' | 'empty' | 'failed';

export interface GeoJsonFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: string; coordinates: unknown };
  properties?: Record<string, unknown>;
}

export interface CouncilBodiesTable extends OParlObject {
  name: string;
  short_name: string | null;
  website: string | null;
  license: string | null;
  license_valid_since: NullableTimestamp;
  oparl_since: NullableTimestamp;
  ags: string | null;
  rgs: string | null;
  equivalent: TextArray;
  contact_email: string | null;
  contact_name: string | null;
  classification: string | null;
  location_id: string | null;
}

export interface CouncilLocationsTable extends OParlObject {
  body_id: string;
  description: string | null;
  street_address: string | null;
  room: string | null;
  postal_code: string | null;
  sub_locality: string | null;
  locality: string | null;
  geojson: ColumnType<GeoJsonFeature | null, string | null | undefined, string | null>;
}

export interface CouncilLegislativeTermsTable extends OParlObject {
  body_id: string;
  name: string;
  start_date: DateString;
  end_date: DateString;
}

export interface CouncilOrganizationsTable extends OParlObject {
  body_id: string;
  name: string;
  short_name: string | null;
  organization_type: OrganizationType;
  classification: string | null;
  post: TextArray;
  sub_organization_of: string | null;
  start_date: DateString;
  end_date: DateString;
  website: string | null;
  location_id: string | null;
  position: Generated<number>;
}

export interface CouncilPersonsTable extends OParlObject {
  body_id: string;
  name: string;
  family_name: string | null;
  given_name: string | null;
  form_of_address: string | null;
  affix: string | null;
  title: TextArray;
  gender: string | null;
  phone: TextArray;
  email: TextArray;
  publish_contact: Generated<boolean>;
  location_id: string | null;
  status: TextArray;
  life: string | null;
  life_source: string | null;
  account_id: string | null;
}

export interface CouncilMembershipsTable extends OParlObject {
  person_id: string;
  organization_id: string;
  role: string | null;
  voting_right: boolean | null;
  start_date: DateString;
  end_date: DateString;
  on_behalf_of: string | null;
}

export interface CouncilMeetingsTable extends OParlObject {
  body_id: string;
  name: string;
  meeting_state: Generated<MeetingState>;
  cancelled: Generated<boolean>;
  start_at: Timestamp;
  end_at: NullableTimestamp;
  location_id: string | null;
  invitation_sent_at: NullableTimestamp;
  invitation_due_at: NullableTimestamp;
  minutes_published_at: NullableTimestamp;
  publish_participants: Generated<boolean>;
}

export interface CouncilMeetingOrganizationsTable {
  tenant_id: string;
  meeting_id: string;
  organization_id: string;
  position: Generated<number>;
}

export interface CouncilMeetingParticipantsTable {
  tenant_id: string;
  meeting_id: string;
  person_id: string;
}

export interface CouncilAgendaItemsTable extends OParlObject {
  meeting_id: string;
  position: number;
  number: string | null;
  name: string;
  public: Generated<boolean>;
  result: string | null;
  resolution_text: string | null;
  start_at: NullableTimestamp;
  end_at: NullableTimestamp;
  first_published_at: NullableTimestamp;
}

export interface CouncilPapersTable extends OParlObject {
  body_id: string;
  name: string;
  reference: string | null;
  date: DateString;
  paper_type: string;
  public: Generated<boolean>;
  first_published_at: NullableTimestamp;
  search: ColumnType<string, never, never>;
}

export interface CouncilPaperRelationsTable {
  tenant_id: string;
  paper_id: string;
  other_paper_id: string;
  kind: 'related' | 'sub';
}

export interface CouncilPaperOriginatorsTable {
  tenant_id: string;
  paper_id: string;
  person_id: string | null;
  organization_id: string | null;
  kind: Generated<'originator' | 'direction'>;
  position: Generated<number>;
}

export interface CouncilPaperLocationsTable {
  tenant_id: string;
  paper_id: string;
  location_id: string;
}

export interface CouncilConsultationsTable extends OParlObject {
  paper_id: string;
  agenda_item_id: string | null;
  meeting_id: string | null;
  authoritative: boolean | null;
  role: string | null;
  position: Generated<number>;
  first_published_at: NullableTimestamp;
}

export interface CouncilConsultationOrganizationsTable {
  tenant_id: string;
  consultation_id: string;
  organization_id: string;
  position: Generated<number>;
}

export interface CouncilFilesTable extends OParlObject {
  body_id: string;
  stored_file_id: string;
  name: string;
  file_name: string;
  mime_type: string;
  size: ColumnType<number, number, number>;
  sha512: string;
  date: DateString;
  text: string | null;
  text_status: Generated<TextStatus>;
  page_count: number | null;
  master_file_id: string | null;
  file_license: string | null;
  published: Generated<boolean>;
  first_published_at: NullableTimestamp;
  search: ColumnType<string, never, never>;
}

export interface CouncilFileLinksTable {
  tenant_id: string;
  file_id: string;
  role: FileRole;
  paper_id: string | null;
  meeting_id: string | null;
  agenda_item_id: string | null;
  position: Generated<number>;
}

export interface CouncilNotesTable {
  tenant_id: string;
  id: Generated<string>;
  file_id: string;
  author_id: string;
  shared_with_faction: string | null;
  page: number | null;
  quote: string | null;
  body: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CouncilRsvpsTable {
  tenant_id: string;
  meeting_id: string;
  person_id: string;
  status: 'attending' | 'absent';
  note: Generated<string>;
  updated_at: Generated<Date>;
}

export interface CouncilInvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  meeting_id: string;
  person_id: string;
  kind: Generated<'invitation' | 'update' | 'cancellation'>;
  sent_at: Generated<Date>;
}

type PublicView<T> = T;

export interface CouncilTables {
  council_bodies: CouncilBodiesTable;
  council_locations: CouncilLocationsTable;
  council_legislative_terms: CouncilLegislativeTermsTable;
  council_organizations: CouncilOrganizationsTable;
  council_persons: CouncilPersonsTable;
  council_memberships: CouncilMembershipsTable;
  council_meetings: CouncilMeetingsTable;
  council_meeting_organizations: CouncilMeetingOrganizationsTable;
  council_meeting_participants: CouncilMeetingParticipantsTable;
  council_agenda_items: CouncilAgendaItemsTable;
  council_papers: CouncilPapersTable;
  council_paper_relations: CouncilPaperRelationsTable;
  council_paper_originators: CouncilPaperOriginatorsTable;
  council_paper_locations: CouncilPaperLocationsTable;
  council_consultations: CouncilConsultationsTable;
  council_consultation_organizations: CouncilConsultationOrganizationsTable;
  council_files: CouncilFilesTable;
  council_file_links: CouncilFileLinksTable;
  council_notes: CouncilNotesTable;
  council_rsvps: CouncilRsvpsTable;
  council_invitations: CouncilInvitationsTable;
  /** Views: what is public (the only source for the public portal and OParl). */
  council_public_meetings: PublicView<CouncilMeetingsTable>;
  council_public_agenda_items: PublicView<CouncilAgendaItemsTable & { oparl_order: number }>;
  council_public_papers: PublicView<CouncilPapersTable>;
  council_public_consultations: PublicView<CouncilConsultationsTable>;
  council_public_files: PublicView<CouncilFilesTable>;
}
