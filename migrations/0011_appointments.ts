/**
 * Terminbuchung. The model follows Munich's open-source ZMS (eappointment):
 * Standorte with a slot grid, bookable services per Standort with a duration
 * per person, weekly opening hours with validity periods (a break is the gap
 * between two windows of a day), closures, and capacity per time window as
 * the number of counters, of which a part is the contingent for online and a
 * part for phone bookings (staff may fill all counters).
 *
 * Double booking is impossible by construction: every slot a booking uses has
 * a counter row with CHECK (claimed <= capacity) per contingent; a booking
 * takes its consecutive slot rows in one transaction, in starts_at order, with
 * a conditional UPDATE. Each row of `appt_claims` is one booking's use of one
 * slot; while its `released_at` is null it is counted in the slot row. A
 * cancelled or moved booking's claims are released after a delay
 * (`release_after`), so a freed time cannot be handed over at a known moment.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table appt_locations (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60),
  name text not null check (length(name) between 1 and 120),
  address text not null default '' check (length(address) <= 300),
  directions text not null default '' check (length(directions) <= 2000),
  unit_id uuid not null,
  slot_minutes smallint not null default 10 check (slot_minutes in (5, 10, 15, 20, 30)),
  book_from_days smallint not null default 1 check (book_from_days between 0 and 60),
  book_until_days smallint not null default 60 check (book_until_days between 1 and 365),
  hold_minutes smallint not null default 15 check (hold_minutes between 5 and 60),
  confirm_minutes smallint not null default 60 check (confirm_minutes between 15 and 1440),
  release_delay_minutes smallint not null default 30 check (release_delay_minutes between 0 and 1440),
  cancel_until_hours smallint not null default 2 check (cancel_until_hours between 0 and 168),
  active boolean not null default true,
  position integer not null default 0,
  primary key (tenant_id, id),
  unique (tenant_id, slug),
  check (book_until_days >= book_from_days),
  foreign key (tenant_id, unit_id) references org_units(tenant_id, id)
);

-- A catalogue service bookable at a Standort (ZMS: requestrelation).
create table appt_services (
  tenant_id uuid not null,
  location_id uuid not null,
  service_id uuid not null,
  minutes smallint not null check (minutes between 5 and 240),
  max_quantity smallint not null default 1 check (max_quantity between 1 and 10),
  variants text[] not null default '{onsite}' check (cardinality(variants) > 0 and variants <@ array['onsite', 'phone', 'video']),
  active boolean not null default true,
  position integer not null default 0,
  primary key (tenant_id, location_id, service_id),
  foreign key (tenant_id, location_id) references appt_locations(tenant_id, id) on delete cascade,
  foreign key (tenant_id, service_id) references portal_services(tenant_id, id)
);

create table appt_opening_hours (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  location_id uuid not null,
  weekday smallint not null check (weekday between 1 and 7),
  starts time not null,
  ends time not null,
  valid_from date not null,
  valid_until date,
  counters smallint not null check (counters between 1 and 50),
  online smallint not null check (online >= 0),
  phone smallint not null check (phone >= 0),
  primary key (tenant_id, id),
  check (ends > starts),
  check (valid_until is null or valid_until >= valid_from),
  check (online + phone <= counters),
  foreign key (tenant_id, location_id) references appt_locations(tenant_id, id) on delete cascade
);
create index appt_opening_hours_location on appt_opening_hours (tenant_id, location_id);

create table appt_closures (
  tenant_id uuid not null,
  location_id uuid not null,
  day date not null,
  reason text not null check (length(reason) between 1 and 200),
  created_at timestamptz not null default now(),
  primary key (tenant_id, location_id, day),
  foreign key (tenant_id, location_id) references appt_locations(tenant_id, id) on delete cascade
);

-- Counter rows, created when a slot is first claimed; capacity follows the opening hours at that time.
create table appt_slots (
  tenant_id uuid not null,
  location_id uuid not null,
  starts_at timestamptz not null,
  capacity smallint not null check (capacity >= 0),
  capacity_online smallint not null check (capacity_online >= 0),
  capacity_phone smallint not null check (capacity_phone >= 0),
  claimed smallint not null default 0,
  claimed_online smallint not null default 0,
  claimed_phone smallint not null default 0,
  primary key (tenant_id, location_id, starts_at),
  check (claimed between 0 and capacity),
  check (claimed_online between 0 and capacity_online),
  check (claimed_phone between 0 and capacity_phone),
  check (claimed_online + claimed_phone <= claimed),
  foreign key (tenant_id, location_id) references appt_locations(tenant_id, id) on delete cascade
);

create table appt_bookings (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  location_id uuid not null,
  reference text not null,
  status text not null check (status in ('held', 'pending', 'confirmed', 'cancelled', 'expired', 'attended', 'no_show')),
  channel text not null check (channel in ('online', 'phone', 'internal')),
  variant text not null default 'onsite' check (variant in ('onsite', 'phone', 'video')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- who holds it before it is submitted: the hash of the browser's booking cookie (online) or null
  holder_hash text,
  hold_expires_at timestamptz,
  confirm_expires_at timestamptz,
  name text check (length(name) <= 200),
  email text check (length(email) <= 254),
  email_key text check (length(email_key) <= 254),
  phone text check (length(phone) <= 40),
  note text check (length(note) <= 1000),
  locale text not null default 'de' check (locale in ('de', 'en')),
  reminder boolean not null default false,
  reminded_at timestamptz,
  token_salt text not null,
  manage_token_hash text not null,
  confirm_token_hash text,
  ics_sequence integer not null default 0,
  video_room text,
  case_id uuid,
  idempotency_key text check (length(idempotency_key) <= 100),
  verified_human boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  submitted_at timestamptz,
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by text check (cancelled_by in ('citizen', 'staff', 'system')),
  cancel_reason text check (length(cancel_reason) <= 2000),
  checked_in_at timestamptz,
  anonymised_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, reference),
  unique (manage_token_hash),
  unique (confirm_token_hash),
  unique (tenant_id, idempotency_key),
  check (ends_at > starts_at),
  check (status <> 'held' or hold_expires_at is not null),
  check (status <> 'pending' or (confirm_expires_at is not null and email is not null)),
  check (status not in ('confirmed', 'attended', 'no_show') or name is not null),
  foreign key (tenant_id, location_id) references appt_locations(tenant_id, id),
  foreign key (tenant_id, case_id) references cases(tenant_id, id)
);
create index appt_bookings_day on appt_bookings (tenant_id, location_id, starts_at);
create index appt_bookings_held on appt_bookings (hold_expires_at) where status = 'held';
create index appt_bookings_pending on appt_bookings (confirm_expires_at) where status = 'pending';
create index appt_bookings_person on appt_bookings (tenant_id, email_key) where status in ('pending', 'confirmed');
create index appt_bookings_reminder on appt_bookings (starts_at) where status = 'confirmed' and reminder and reminded_at is null;
create index appt_bookings_case on appt_bookings (tenant_id, case_id);

create table appt_booking_services (
  tenant_id uuid not null,
  booking_id uuid not null,
  service_id uuid not null,
  quantity smallint not null check (quantity between 1 and 10),
  minutes smallint not null check (minutes > 0),
  primary key (tenant_id, booking_id, service_id),
  foreign key (tenant_id, booking_id) references appt_bookings(tenant_id, id) on delete cascade,
  foreign key (tenant_id, service_id) references portal_services(tenant_id, id)
);

create table appt_claims (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  booking_id uuid not null,
  location_id uuid not null,
  starts_at timestamptz not null,
  channel text not null check (channel in ('online', 'phone', 'internal')),
  release_after timestamptz,
  released_at timestamptz,
  primary key (tenant_id, id),
  check (released_at is null or release_after is not null),
  foreign key (tenant_id, booking_id) references appt_bookings(tenant_id, id),
  foreign key (tenant_id, location_id, starts_at) references appt_slots(tenant_id, location_id, starts_at)
);
create index appt_claims_live on appt_claims (tenant_id, location_id, starts_at) where released_at is null;
create index appt_claims_booking on appt_claims (tenant_id, booking_id);
create index appt_claims_due on appt_claims (release_after) where released_at is null and release_after is not null;
-- Name and e-mail are frozen once confirmed (change = cancel and rebook); only anonymisation clears them.
create function appt_bookings_freeze_person() returns trigger
language plpgsql set search_path = public, pg_catalog as $$
begin
  if old.status in ('confirmed', 'attended', 'no_show') and new.anonymised_at is null
     and (new.name is distinct from old.name or new.email is distinct from old.email) then
    raise exception 'name and e-mail of a confirmed appointment cannot change' using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger appt_bookings_freeze_person before update of name, email on appt_bookings
for each row execute function appt_bookings_freeze_person();


-- A moved appointment is an event of its Vorgang (visible to the citizen).
alter table case_events drop constraint case_events_kind_check;
alter table case_events add constraint case_events_kind_check check (kind in (
  'created', 'status', 'note', 'message_to_citizen', 'message_from_citizen', 'assigned', 'forwarded', 'document',
  'approval_requested', 'approved', 'approval_declined', 'approval_withdrawn', 'payment',
  'fee_exemption_granted', 'fee_exemption_refused', 'appointment_moved'
));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
