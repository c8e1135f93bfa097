/**
 * Sperrmüll pickup days: Abfuhrbezirke with their pickup weekdays and a daily
 * capacity, and per day the number of pickups already booked. A booking is an
 * atomic conditional increment, so a full day can never be overbooked.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table portal_pickup_districts (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  streets text[] not null default '{}',
  is_default boolean not null default false,
  pickup_weekdays smallint[] not null check (pickup_weekdays <@ array[1,2,3,4,5,6]::smallint[] and cardinality(pickup_weekdays) > 0),
  daily_capacity integer not null check (daily_capacity > 0),
  lead_days integer not null default 3 check (lead_days >= 1),
  horizon_days integer not null default 60 check (horizon_days between 7 and 365),
  primary key (tenant_id, id),
  unique (tenant_id, name)
);
create unique index portal_pickup_one_default on portal_pickup_districts (tenant_id) where is_default;

create table portal_pickup_bookings (
  tenant_id uuid not null,
  district_id uuid not null,
  day date not null,
  capacity integer not null check (capacity > 0),
  booked integer not null check (booked >= 0 and booked <= capacity),
  primary key (tenant_id, district_id, day),
  foreign key (tenant_id, district_id) references portal_pickup_districts(tenant_id, id) on delete cascade
);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
