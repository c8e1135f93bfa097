/** Kontaktformular: topics a citizen chooses, each routed to an Organisationseinheit. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table contact_topics (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  slug text not null,
  label_de text not null,
  label_en text not null,
  unit_id uuid not null,
  position integer not null default 0,
  active boolean not null default true,
  primary key (tenant_id, id),
  unique (tenant_id, slug),
  foreign key (tenant_id, unit_id) references org_units(tenant_id, id)
);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
