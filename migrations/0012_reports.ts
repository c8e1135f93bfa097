/**
 * Mängelmelder and Beschwerdemanagement.
 *
 * A report (Mängelmeldung) is a Vorgang of type `report`; this module keeps
 * what is special about it: category, location, the public description and
 * photos, its public state and timeline, subscriptions, contractor orders.
 * The public timeline (`report_updates`) is separate from the case history on
 * purpose: the history is the clerk's record and is emptied when the case is
 * anonymised, while the public record of a published report stays.
 *
 * Photos are stored only as re-encoded JPEGs (no EXIF/GPS); a redaction
 * replaces the stored file, so no unredacted original is kept.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table report_categories (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  code text not null check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(code) <= 40),
  name_de text not null check (length(name_de) between 1 and 100),
  name_en text not null check (length(name_en) between 1 and 100),
  description_de text not null default '' check (length(description_de) <= 500),
  description_en text not null default '' check (length(description_en) <= 500),
  group_name text not null default '' check (length(group_name) <= 60),
  keywords text not null default '' check (length(keywords) <= 300),
  unit_id uuid not null,
  deadline_days smallint not null default 10 check (deadline_days between 1 and 120),
  -- Extra questions in Open311's attribute model: [{code, datatype, required, order, description:{de,en}, values:[{key, name:{de,en}}]}]
  attributes jsonb not null default '[]' check (jsonb_typeof(attributes) = 'array'),
  active boolean not null default true,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, code),
  foreign key (tenant_id, unit_id) references org_units(tenant_id, id)
);

-- Districts for the public area filter, as rectangles (WGS84).
create table report_areas (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60),
  name text not null check (length(name) between 1 and 100),
  min_lat double precision not null, min_lng double precision not null,
  max_lat double precision not null, max_lng double precision not null,
  position integer not null default 0,
  primary key (tenant_id, id),
  unique (tenant_id, slug),
  check (min_lat < max_lat and min_lng < max_lng)
);

create table reports (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  -- The Vorgang's reference; Open311's service_request_id.
  reference text not null,
  category_id uuid not null,
  state text not null default 'received' check (state in ('received', 'in_progress', 'fixed', 'referred', 'rejected')),
  -- Public reason for 'referred' (to whom) and 'rejected' (why).
  state_reason text check (length(state_reason) <= 1000),
  lat double precision check (lat between -90 and 90),
  lng double precision check (lng between -180 and 180),
  address text not null default '' check (length(address) <= 300),
  description text not null check (length(description) between 1 and 4000),
  -- The text shown publicly when a clerk shortened or redacted it; null: the description as sent.
  public_description text check (length(public_description) <= 4000),
  attributes jsonb not null default '{}' check (jsonb_typeof(attributes) = 'object'),
  source text not null check (source in ('web', 'open311', 'staff')),
  api_key_id uuid,
  -- An external media link sent through Open311 (never fetched; shown to staff only).
  media_link text check (length(media_link) <= 2000),
  -- Publication: 'published' = description and photos are public; 'pending' = waits for a clerk (review mode);
  -- 'hidden' = nothing of the report is public.
  publication text not null check (publication in ('published', 'pending', 'hidden')),
  duplicate_of uuid,
  -- Open311 token (batch services) and reporter lookups: hashes only.
  token text not null check (token ~ '^[A-Za-z0-9_-]{16,64}$'),
  reporter_key text check (reporter_key ~ '^[0-9a-f]{64}$'),
  reopen_count smallint not null default 0,
  reopen_until timestamptz,
  feedback_score smallint check (feedback_score between 1 and 5),
  feedback_at timestamptz,
  requested_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  due_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, case_id),
  unique (tenant_id, reference),
  unique (tenant_id, token),
  foreign key (tenant_id, case_id) references cases(tenant_id, id),
  foreign key (tenant_id, category_id) references report_categories(tenant_id, id),
  foreign key (tenant_id, duplicate_of) references reports(tenant_id, id),
  check ((lat is null) = (lng is null)),
  check (lat is not null or length(address) > 0),
  check ((state in ('fixed', 'referred', 'rejected')) = (closed_at is not null))
);
create index reports_public on reports (tenant_id, requested_at desc) where publication <> 'hidden' and duplicate_of is null;
create index reports_open_near on reports (tenant_id, category_id, lat, lng) where closed_at is null;
create index reports_reporter on reports (tenant_id, reporter_key) where reporter_key is not null;
-- Statistics read a period of one tenant's reports without touching the table (many tenants on one server).
create index reports_statistics on reports (tenant_id, requested_at) include (category_id, case_id, state, closed_at, due_at, source, feedback_score, lat, lng);

create table report_photos (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  report_id uuid not null,
  file_id uuid not null,
  position smallint not null check (position between 0 and 9),
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  -- A clerk may withhold a single photo (e.g. a face that cannot be blacked out well).
  published boolean not null default true,
  redacted_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, report_id, position),
  unique (tenant_id, file_id),
  foreign key (tenant_id, report_id) references reports(tenant_id, id) on delete cascade,
  foreign key (tenant_id, file_id) references files(tenant_id, id)
);

-- The public timeline: state changes and public comments. Contains no personal data of the reporter.
create table report_updates (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  report_id uuid not null,
  state text check (state in ('received', 'in_progress', 'fixed', 'referred', 'rejected')),
  body text check (length(body) <= 4000),
  kind text not null check (kind in ('created', 'state', 'comment', 'reopened', 'merged')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, report_id) references reports(tenant_id, id) on delete cascade
);
create index report_updates_report on report_updates (tenant_id, report_id, created_at);

-- People who follow a report ("Ist es dieses?"): double opt-in, unsubscribe by link.
create table report_subscriptions (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  report_id uuid not null,
  email text not null check (length(email) <= 254),
  email_key text not null check (email_key ~ '^[0-9a-f]{64}$'),
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  locale text not null default 'de' check (locale in ('de', 'en')),
  -- The privacy notice version the follower accepted (null: added by staff when merging a duplicate of their own report).
  privacy_version text check (length(privacy_version) <= 40),
  confirmed_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, report_id, email_key),
  unique (tenant_id, token_hash),
  foreign key (tenant_id, report_id) references reports(tenant_id, id) on delete cascade
);

create table report_contractors (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 120),
  email text not null check (length(email) between 3 and 254),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);

-- An order to an external contractor: a mail with a response link (token hash stored).
create table report_orders (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  report_id uuid not null,
  contractor_id uuid not null,
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  instructions text not null default '' check (length(instructions) <= 4000),
  created_by_label text not null,
  created_at timestamptz not null default now(),
  responded_at timestamptz,
  outcome text check (outcome in ('done', 'not_possible')),
  response text check (length(response) <= 4000),
  revoked_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, token_hash),
  foreign key (tenant_id, report_id) references reports(tenant_id, id) on delete cascade,
  foreign key (tenant_id, contractor_id) references report_contractors(tenant_id, id)
);

create table report_templates (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  title text not null check (length(title) between 1 and 120),
  body text not null check (length(body) between 1 and 4000),
  position integer not null default 0,
  primary key (tenant_id, id)
);

-- A report being written in the browser (no JavaScript needed): answers and uploaded photos survive
-- every round trip, so a bad photo never costs the citizen what they typed.
create table report_drafts (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  browser_hash text not null check (browser_hash ~ '^[0-9a-f]{64}$'),
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (tenant_id, id),
  unique (tenant_id, browser_hash)
);
create table report_draft_photos (
  tenant_id uuid not null,
  draft_id uuid not null,
  file_id uuid not null,
  position smallint not null check (position between 0 and 9),
  width integer not null,
  height integer not null,
  primary key (tenant_id, draft_id, position),
  unique (tenant_id, file_id),
  foreign key (tenant_id, draft_id) references report_drafts(tenant_id, id) on delete cascade,
  foreign key (tenant_id, file_id) references files(tenant_id, id)
);

-- Beschwerden: the acknowledgement and answer deadlines of a complaint Vorgang.
create table complaints (
  tenant_id uuid not null,
  case_id uuid not null,
  ack_due_at timestamptz not null,
  acknowledged_at timestamptz,
  answer_due_at timestamptz not null,
  answered_at timestamptz,
  primary key (tenant_id, case_id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id)
);

alter table case_events drop constraint case_events_kind_check;
alter table case_events add constraint case_events_kind_check check (kind in (
  'created', 'status', 'note', 'message_to_citizen', 'message_from_citizen', 'assigned', 'forwarded', 'document',
  'approval_requested', 'approved', 'approval_declined', 'approval_withdrawn', 'payment',
  'fee_exemption_granted', 'fee_exemption_refused', 'appointment_moved',
  'report_updated', 'report_order', 'report_reopened', 'report_feedback'
));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
