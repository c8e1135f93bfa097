/**
 * How each service is processed, beyond its catalogue texts:
 * - four-eyes approval: a Bescheid goes out only after a second person
 *   released it (the database refuses an approval by the requester);
 * - retention per service: days until an unsent draft is deleted, and days
 *   after closing until the Vorgang is anonymised (null: the tenant default);
 * - payment: policy (none, optional, required before submission, deferred
 *   invoice) and the booking targets the finance export needs.
 * Case events gain the kinds these steps write into a Vorgang's history.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table portal_services
  add column four_eyes boolean not null default false,
  add column draft_retention_days integer not null default 30 check (draft_retention_days between 1 and 365),
  add column case_retention_days integer check (case_retention_days between 30 and 36500),
  add column payment_policy text not null default 'required' check (payment_policy in ('none', 'optional', 'required', 'deferred')),
  add column haushaltsstelle text not null default '' check (char_length(haushaltsstelle) <= 60),
  add column produktkonto text not null default '' check (char_length(produktkonto) <= 60);

create table portal_approvals (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  file_id uuid not null,
  requested_by uuid not null,
  requested_at timestamptz not null default now(),
  decided_by uuid,
  decided_at timestamptz,
  decision text check (decision in ('approved', 'declined')),
  note text check (char_length(note) <= 2000),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id) on delete cascade,
  foreign key (tenant_id, file_id) references files(tenant_id, id) on delete cascade,
  foreign key (tenant_id, requested_by) references staff_users(tenant_id, id),
  foreign key (tenant_id, decided_by) references staff_users(tenant_id, id),
  -- Four eyes, by construction: whoever asked for the release cannot give it.
  check (decided_by is null or decided_by <> requested_by),
  check ((decision is null) = (decided_by is null) and (decision is null) = (decided_at is null))
);
-- At most one open request per case.
create unique index portal_approvals_open on portal_approvals (tenant_id, case_id) where decision is null;

alter table case_events drop constraint case_events_kind_check;
alter table case_events add constraint case_events_kind_check check (kind in (
  'created', 'status', 'note', 'message_to_citizen', 'message_from_citizen', 'assigned', 'forwarded', 'document',
  'approval_requested', 'approved', 'approval_declined', 'approval_withdrawn', 'payment'
));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
