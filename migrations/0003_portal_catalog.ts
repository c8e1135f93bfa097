/**
 * Leistungskatalog: the services a municipality offers, with everything a
 * citizen needs to know before applying (requirements, documents, fees,
 * responsible unit), and a search index maintained by a trigger.
 *
 * Search: German full text over a folded text (lower case, no diacritics,
 * "ue" = "ü" = "u") so "Fuehrungszeugnis" finds "Führungszeugnis", plus
 * pg_trgm on title and synonyms for typos ("Meldebeschenigung").
 * unaccent is not immutable, so the folded columns are kept by a trigger
 * rather than as generated columns.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create extension if not exists pg_trgm with schema public;
create extension if not exists unaccent with schema public;

-- Fixed search_path: pg_dump restores with an empty one, and the trigger below runs during the restore.
create function portal_catalog_fold(value text) returns text
language sql stable parallel safe set search_path = public, pg_catalog as $$
  select replace(replace(replace(lower(unaccent(coalesce(value, ''))), 'ae', 'a'), 'oe', 'o'), 'ue', 'u')
$$;

create table portal_services (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  title text not null check (length(title) between 1 and 200),
  short_description text not null default '',
  long_description text not null default '',
  requirements text not null default '',
  required_documents text[] not null default '{}',
  fees jsonb not null default '[]' check (jsonb_typeof(fees) = 'array'),
  fee_exemptions text not null default '',
  processing_time text not null default '',
  deadlines text not null default '',
  legal_basis text not null default '',
  unit_id uuid not null,
  online_mode text not null check (online_mode in ('online', 'online_and_visit', 'visit')),
  leika_key text check (leika_key ~ '^[0-9]{14}$'),
  form_id text,
  categories text[] not null default '{}',
  synonyms text[] not null default '{}',
  active boolean not null default true,
  position integer not null default 0,
  search_text text not null default '',
  search_vector tsvector not null default ''::tsvector,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, slug),
  foreign key (tenant_id, unit_id) references org_units(tenant_id, id)
);
create index portal_services_search on portal_services using gin (search_vector);
create index portal_services_trgm on portal_services using gin (search_text gin_trgm_ops);
create index portal_services_categories on portal_services using gin (categories);

create function portal_services_index() returns trigger
language plpgsql set search_path = public, pg_catalog as $$
declare
  synonyms text := array_to_string(new.synonyms, ' ');
begin
  new.search_text := portal_catalog_fold(new.title || ' ' || synonyms);
  new.search_vector :=
    setweight(to_tsvector('german', portal_catalog_fold(new.title)), 'A') ||
    setweight(to_tsvector('german', portal_catalog_fold(synonyms)), 'A') ||
    setweight(to_tsvector('german', portal_catalog_fold(new.short_description)), 'B') ||
    setweight(to_tsvector('german', portal_catalog_fold(new.long_description)), 'C');
  return new;
end
$$;

create trigger portal_services_index
before insert or update of title, synonyms, short_description, long_description on portal_services
for each row execute function portal_services_index();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
