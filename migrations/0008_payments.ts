/**
 * ePayment, once for every module (see src/core/payments/). A payment belongs
 * to a "payable" of a module (e.g. an application draft) and, once it exists,
 * to its Vorgang. Amounts are integer cents; every status change is an event;
 * every callback that reached us is logged, including rejected ones. Bank
 * statements (CAMT.053) are imported once (file hash) and every credit once
 * (dedup key). The Test-Kasse, our built-in sandbox provider, keeps its own
 * transactions like a real provider would.
 *
 * The Stadtkasse gets its own staff role: `kasse`.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table staff_roles drop constraint staff_roles_role_check;
alter table staff_roles add constraint staff_roles_role_check check (role in ('admin', 'sachbearbeitung', 'redaktion', 'kasse'));

create table payment_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  year integer not null check (year between 2000 and 2099),
  last_sequence integer not null default 0,
  primary key (tenant_id, year)
);

create table payments (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  payable text not null check (char_length(payable) between 1 and 200),
  case_id uuid,
  kassenzeichen text not null,
  purpose text not null check (char_length(purpose) between 1 and 140),
  items jsonb not null check (jsonb_typeof(items) = 'array'),
  amount_cents integer not null check (amount_cents > 0),
  currency text not null default 'EUR' check (currency = 'EUR'),
  provider text not null check (provider in ('testkasse', 'xbezahldienste', 'invoice')),
  provider_ref text,
  redirect_url text check (redirect_url ~ '^https?://'),
  status text not null default 'initial' check (status in ('initial', 'pending', 'paid', 'failed', 'cancelled', 'expired', 'refunded', 'partially_refunded')),
  method text,
  received_cents integer not null default 0 check (received_cents >= 0),
  refunded_cents integer not null default 0 check (refunded_cents >= 0),
  paid_at timestamptz,
  expires_at timestamptz not null,
  return_path text not null check (return_path like '/%' and return_path not like '//%' and position(chr(92) in return_path) = 0),
  haushaltsstelle text not null default '',
  produktkonto text not null default '',
  locale text not null default 'de' check (locale in ('de', 'en')),
  payer_email text,
  needs_review text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id) on delete set null,
  check (refunded_cents <= greatest(received_cents, amount_cents))
);
create unique index payments_provider_ref on payments (tenant_id, provider, provider_ref) where provider_ref is not null;
create index payments_payable on payments (tenant_id, payable);
-- One live attempt per payable: a double click cannot open two transactions at the provider.
create unique index payments_one_open on payments (tenant_id, payable) where status in ('initial', 'pending');
create index payments_case on payments (tenant_id, case_id);
create index payments_kassenzeichen on payments (tenant_id, kassenzeichen);
create index payments_open on payments (status, expires_at) where status in ('initial', 'pending');
create index payments_paid_at on payments (tenant_id, paid_at);

create table payment_events (
  tenant_id uuid not null,
  id bigint generated always as identity,
  payment_id uuid not null,
  at timestamptz not null default clock_timestamp(),
  source text not null check (source in ('citizen', 'callback', 'poll', 'staff', 'system', 'bank')),
  from_status text,
  to_status text,
  amount_cents integer,
  detail text,
  actor_id uuid,
  primary key (tenant_id, id),
  foreign key (tenant_id, payment_id) references payments(tenant_id, id) on delete cascade
);
create index payment_events_payment on payment_events (tenant_id, payment_id, id);
create index payment_events_day on payment_events (tenant_id, at);

create table payment_refunds (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  payment_id uuid not null,
  amount_cents integer not null check (amount_cents > 0),
  reason text not null check (char_length(reason) between 1 and 500),
  refund_ref text,
  status text not null check (status in ('refunded', 'pending', 'failed')),
  staff_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, payment_id) references payments(tenant_id, id) on delete cascade
);

create table payment_callbacks (
  id bigint generated always as identity primary key,
  tenant_id uuid references tenants(id) on delete cascade,
  provider text not null,
  received_at timestamptz not null default now(),
  body_sha256 text not null,
  verified boolean not null,
  payment_id uuid,
  outcome text not null
);
create index payment_callbacks_received on payment_callbacks (received_at);

create table payment_bank_imports (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  filename text not null,
  sha256 text not null,
  uploaded_by uuid not null,
  uploaded_at timestamptz not null default now(),
  summary jsonb not null default '{}',
  primary key (tenant_id, id),
  unique (tenant_id, sha256)
);

create table payment_bank_credits (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  import_id uuid not null,
  dedup_key text not null,
  booking_date date not null,
  amount_cents integer not null,
  remittance text not null default '',
  debtor_name text not null default '',
  debtor_iban text not null default '',
  outcome text not null,
  kassenzeichen text,
  payment_id uuid,
  resolved_by uuid,
  resolved_at timestamptz,
  resolution text,
  primary key (tenant_id, id),
  unique (tenant_id, dedup_key),
  foreign key (tenant_id, import_id) references payment_bank_imports(tenant_id, id) on delete cascade
);

create table testkasse_transactions (
  id uuid primary key default gen_random_uuid(),
  merchant text not null,
  reference text not null,
  amount_cents integer not null check (amount_cents > 0),
  currency text not null,
  purpose text not null,
  return_url text not null,
  cancel_url text not null,
  notify_url text not null,
  status text not null default 'pending' check (status in ('pending', 'paid', 'failed', 'cancelled', 'expired')),
  method text,
  refunded_cents integer not null default 0,
  paid_at timestamptz,
  settles_at timestamptz,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  unique (merchant, reference)
);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
