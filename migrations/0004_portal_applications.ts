/**
 * Online applications (Anträge): drafts the citizen fills page by page and can
 * resume later by e-mail link. A submitted application becomes a Vorgang; the
 * draft keeps the case id so a repeated submit returns the same Vorgang.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table portal_drafts (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  service_slug text not null,
  form_id text not null,
  form_version integer not null,
  answers jsonb not null default '{}',
  locale text not null default 'de' check (locale in ('de', 'en')),
  privacy_version text,
  privacy_consented_at timestamptz,
  resume_email text,
  resume_token_hash text,
  case_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id) on delete set null
);
create unique index portal_drafts_resume on portal_drafts (tenant_id, resume_token_hash) where resume_token_hash is not null;
create index portal_drafts_expiry on portal_drafts (expires_at);

create table portal_draft_files (
  tenant_id uuid not null,
  draft_id uuid not null,
  file_id uuid not null,
  field_id text not null,
  primary key (tenant_id, draft_id, file_id),
  foreign key (tenant_id, draft_id) references portal_drafts(tenant_id, id) on delete cascade,
  foreign key (tenant_id, file_id) references files(tenant_id, id) on delete cascade
);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
