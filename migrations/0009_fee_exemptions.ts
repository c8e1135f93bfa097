/**
 * Gebührenbefreiung: where an administrator allows it for a service, the
 * citizen may claim an exemption from its fee with a reason and a proof
 * document instead of paying online. The claim travels with the draft
 * (reason; the proof is a draft file under the reserved field id
 * `_gebuehrenbefreiung`) and becomes one row per Vorgang; a clerk grants or
 * refuses it, and a refusal is followed by an invoice (`payment_id`).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table portal_services add column fee_exemption boolean not null default false;

alter table portal_drafts add column exemption_reason text check (char_length(exemption_reason) <= 2000);

create table portal_fee_exemptions (
  tenant_id uuid not null,
  case_id uuid not null,
  reason text not null check (char_length(reason) <= 2000),
  -- The proof, one of the Vorgang's documents; gone when the Vorgang is anonymised.
  proof_file_id uuid,
  fee_cents integer not null check (fee_cents > 0),
  requested_at timestamptz not null default now(),
  status text not null default 'requested' check (status in ('requested', 'granted', 'refused')),
  decided_by uuid,
  decided_at timestamptz,
  decision_note text check (char_length(decision_note) <= 2000),
  payment_id uuid,
  primary key (tenant_id, case_id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id) on delete cascade,
  foreign key (tenant_id, proof_file_id) references files(tenant_id, id) on delete set null (proof_file_id),
  foreign key (tenant_id, decided_by) references staff_users(tenant_id, id),
  foreign key (tenant_id, payment_id) references payments(tenant_id, id),
  check ((status = 'requested') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  -- A refusal says why; only a refused claim is invoiced.
  check (status <> 'refused' or decision_note is not null),
  check (payment_id is null or status = 'refused')
);

alter table case_events drop constraint case_events_kind_check;
alter table case_events add constraint case_events_kind_check check (kind in (
  'created', 'status', 'note', 'message_to_citizen', 'message_from_citizen', 'assigned', 'forwarded', 'document',
  'approval_requested', 'approved', 'approval_declined', 'approval_withdrawn', 'payment',
  'fee_exemption_granted', 'fee_exemption_refused'
));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
