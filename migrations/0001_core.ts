/**
 * Core platform tables: tenants, organisation, staff, sessions, the Vorgang
 * engine, files, mail outbox, audit log, rate-limit counters.
 * Every tenant-owned table carries tenant_id, and every key includes it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9-]{2,40}$'),
  name text not null,
  ags char(8) not null check (ags ~ '^[0-9]{8}$'),
  bundesland char(2) not null,
  hostnames text[] not null default '{}',
  is_default boolean not null default false,
  contact jsonb not null default '{}',
  branding jsonb not null default '{}',
  imprint text not null default '',
  privacy text not null default '',
  accessibility text not null default '',
  created_at timestamptz not null default now()
);
create unique index tenants_one_default on tenants (is_default) where is_default;

create table tenant_settings (
  tenant_id uuid not null references tenants(id) on delete cascade,
  key text not null,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, key)
);

create table org_units (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  slug text not null,
  name text not null,
  email text,
  phone text,
  address text,
  opening_hours text,
  primary key (tenant_id, id),
  unique (tenant_id, slug)
);

create table staff_users (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null,
  display_name text not null,
  password_hash text not null,
  totp_secret text,
  totp_enabled boolean not null default false,
  active boolean not null default true,
  password_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index staff_users_email on staff_users (tenant_id, lower(email));

create table staff_roles (
  tenant_id uuid not null,
  user_id uuid not null,
  role text not null check (role in ('admin', 'sachbearbeitung', 'redaktion')),
  unit_id uuid,
  foreign key (tenant_id, user_id) references staff_users(tenant_id, id) on delete cascade,
  foreign key (tenant_id, unit_id) references org_units(tenant_id, id) on delete cascade,
  check ((role = 'sachbearbeitung') = (unit_id is not null))
);
create unique index staff_roles_unique on staff_roles (tenant_id, user_id, role, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'));

create table sessions (
  id_hash text primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null,
  second_factor_pending boolean not null default false,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  foreign key (tenant_id, user_id) references staff_users(tenant_id, id) on delete cascade
);
create index sessions_expiry on sessions (expires_at);

create table files (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  storage_key text not null,
  filename text not null,
  mime_type text not null,
  size integer not null check (size >= 0),
  sha256 text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);

create table cases (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  reference text not null,
  type text not null,
  status text not null,
  unit_id uuid not null,
  assignee_id uuid,
  subject text not null,
  data jsonb not null default '{}',
  contact jsonb not null default '{}',
  locale text not null default 'de' check (locale in ('de', 'en')),
  access_salt text not null,
  access_token_hash text not null,
  idempotency_key text,
  due_at timestamptz,
  retention_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  anonymised_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, reference),
  unique (tenant_id, idempotency_key),
  foreign key (tenant_id, unit_id) references org_units(tenant_id, id),
  foreign key (tenant_id, assignee_id) references staff_users(tenant_id, id) on delete set null
);
create unique index cases_access on cases (tenant_id, access_token_hash);
create index cases_inbox on cases (tenant_id, unit_id, status, created_at desc);
create index cases_assignee on cases (tenant_id, assignee_id) where assignee_id is not null;
create index cases_retention on cases (retention_until) where retention_until is not null and anonymised_at is null;

create table case_events (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  kind text not null check (kind in ('created', 'status', 'note', 'message_to_citizen', 'message_from_citizen', 'assigned', 'forwarded', 'document')),
  actor_type text not null check (actor_type in ('citizen', 'staff', 'system')),
  actor_id uuid,
  from_status text,
  to_status text,
  body text,
  visible_to_citizen boolean not null default false,
  created_at timestamptz not null default clock_timestamp(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id) on delete cascade
);
create index case_events_case on case_events (tenant_id, case_id, created_at);

create table case_documents (
  tenant_id uuid not null,
  case_id uuid not null,
  file_id uuid not null,
  event_id uuid,
  source text not null check (source in ('citizen', 'staff', 'system')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, case_id, file_id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id) on delete cascade,
  foreign key (tenant_id, file_id) references files(tenant_id, id) on delete cascade
);

create table consents (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  kind text not null,
  version text not null,
  given_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id) on delete cascade
);

create table mails (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  case_id uuid,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  template text not null,
  locale text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'held', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id) on delete set null
);
create index mails_status on mails (tenant_id, status, created_at desc);
-- The recovery sweep looks across tenants for mail still waiting.
create index mails_queued on mails (created_at) where status = 'queued';

create table audit_log (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id bigint generated always as identity,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_label text not null,
  action text not null,
  object_type text,
  object_id text,
  details jsonb not null default '{}',
  primary key (tenant_id, id)
);
create index audit_log_tenant on audit_log (tenant_id, at desc);
create index audit_log_object on audit_log (tenant_id, object_type, object_id);

create table rate_limits (
  key text primary key,
  hits integer not null,
  reset_at timestamptz not null
);
create index rate_limits_reset on rate_limits (reset_at);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
