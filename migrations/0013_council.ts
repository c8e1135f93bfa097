/**
 * Ratsinformationssystem: OParl 1.1's data model, so the OParl API is a view
 * of these tables (see docs/council/research-notes.md §7).
 *
 * Rules the database enforces, so no code path can forget them:
 * - `created`/`modified` of every OParl object are stamped by a trigger with
 *   whole seconds of clock_timestamp(): client values are ignored, `created`
 *   never changes, a save that changes nothing keeps `modified`, and
 *   `modified` never goes backwards. Whole seconds make the emitted value equal
 *   the stored one, so inclusive `modified_since` filters are exact.
 * - Objects are never deleted: `deleted_at` marks a tombstone, a hard DELETE
 *   raises. Join tables (not OParl objects) may be deleted; their triggers bump
 *   the objects that embed or list them.
 * - A change to an embedded object bumps `modified` of everything it is
 *   embedded in (OParl 1.1 §2-08: Meeting › AgendaItem › File, Paper ›
 *   Consultation, Person › Membership, Body › LegislativeTerm, …). Children
 *   bump parents only on a real change; parents touch children only when the
 *   children's visibility changes; a pure touch never propagates upwards, so
 *   the trigger graph terminates.
 * - What is public is defined once, in the `council_public_*` views; the
 *   public portal and OParl read only through them. Non-public objects are
 *   never in them. `first_published_at` (set by council_mark_published, which
 *   every write path calls) tells a tombstone (once public, now gone) from an
 *   object that never existed publicly (404).
 * - Who of the council members may read a non-public file is one function,
 *   council_member_may_read_file (§7.7): an active membership in a Gremium that
 *   holds the meeting or consults the paper. Fraktionen grant nothing.
 *
 * Ids are UUIDv7 (time-ordered) from rathaus_uuidv7(), which also works on
 * PostgreSQL < 18: list order by id is stable and roughly creation order.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function rathaus_uuidv7() returns uuid language sql volatile as $f$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$f$;

alter table staff_roles drop constraint staff_roles_role_check;
alter table staff_roles add constraint staff_roles_role_check check (role in ('admin', 'sachbearbeitung', 'redaktion', 'kasse', 'ratsbuero', 'mandatstraeger'));

-- ---------------------------------------------------------------- stamping
create function council_stamp() returns trigger language plpgsql as $f$
begin
  if tg_op = 'INSERT' then
    new.created := date_trunc('second', clock_timestamp());
    new.modified := new.created;
    if new.deleted_at is not null then new.deleted_at := new.created; end if;
    return new;
  end if;
  new.created := old.created;
  if (to_jsonb(new) - 'modified') is distinct from (to_jsonb(old) - 'modified') or new.modified is distinct from old.modified then
    new.modified := greatest(date_trunc('second', clock_timestamp()), old.modified);
  else
    new.modified := old.modified;
  end if;
  -- The tombstone's modified is the moment of deletion (OParl 2-08).
  if new.deleted_at is not null and old.deleted_at is null then new.deleted_at := new.modified; end if;
  return new;
end $f$;

create function council_forbid_delete() returns trigger language plpgsql as $f$
begin
  raise exception 'hard delete of % is not allowed: set deleted_at (OParl tombstone)', tg_table_name;
end $f$;

create function council_touch(tbl text, t uuid, ids uuid[]) returns void language plpgsql as $f$
begin
  if pg_trigger_depth() > 8 then raise exception 'council_touch: trigger recursion too deep (%)', tbl; end if;
  ids := array(select distinct x from unnest(ids) x where x is not null);
  if cardinality(ids) = 0 then return; end if;
  execute format('update %I set modified = clock_timestamp() where tenant_id = $1 and id = any($2)', tbl) using t, ids;
end $f$;

-- ---------------------------------------------------------------- objects
create table council_bodies (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  name text not null check (length(name) between 1 and 200),
  short_name text check (length(short_name) <= 60),
  website text check (website ~ '^https?://'),
  license text check (license ~ '^https?://'),
  license_valid_since timestamptz,
  oparl_since timestamptz,
  ags char(8),
  rgs char(12),
  equivalent text[] not null default '{}',
  contact_email text,
  contact_name text,
  classification text,
  location_id uuid,
  primary key (tenant_id, id)
);
create unique index council_bodies_one_per_tenant on council_bodies (tenant_id) where deleted_at is null;

create table council_locations (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  body_id uuid not null,
  description text check (length(description) <= 500),
  street_address text check (length(street_address) <= 200),
  room text check (length(room) <= 100),
  postal_code text check (postal_code ~ '^[0-9]{5}$'),
  sub_locality text check (length(sub_locality) <= 100),
  locality text check (length(locality) <= 100),
  -- GeoJSON Feature, [lon, lat] (OParl: "muss ein vollständiges Feature-Objekt")
  geojson jsonb check (geojson is null or (geojson->>'type' = 'Feature' and geojson ? 'geometry')),
  -- body_id has no foreign key on purpose: the Body points at its Location, and a cycle of
  -- foreign keys would have no order in which a backup can be restored (one Body per tenant anyway).
  primary key (tenant_id, id)
);
alter table council_bodies add foreign key (tenant_id, location_id) references council_locations(tenant_id, id);

create table council_legislative_terms (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  body_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  start_date date,
  end_date date,
  check (end_date is null or start_date is null or end_date >= start_date),
  primary key (tenant_id, id),
  foreign key (tenant_id, body_id) references council_bodies(tenant_id, id)
);

create table council_organizations (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  body_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  short_name text check (length(short_name) <= 60),
  organization_type text not null check (organization_type in ('Gremium', 'Partei', 'Fraktion', 'Verwaltungsbereich', 'externes Gremium', 'Institution', 'Sonstiges')),
  classification text check (length(classification) <= 100),
  post text[] not null default '{}',
  sub_organization_of uuid,
  start_date date,
  end_date date,
  website text check (website ~ '^https?://'),
  location_id uuid,
  -- display order in lists (Rat first, then Ausschüsse …)
  position integer not null default 0,
  primary key (tenant_id, id),
  foreign key (tenant_id, body_id) references council_bodies(tenant_id, id),
  foreign key (tenant_id, sub_organization_of) references council_organizations(tenant_id, id),
  foreign key (tenant_id, location_id) references council_locations(tenant_id, id)
);

create table council_persons (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  body_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  family_name text check (length(family_name) <= 100),
  given_name text check (length(given_name) <= 100),
  form_of_address text check (length(form_of_address) <= 40),
  affix text check (length(affix) <= 100),
  title text[] not null default '{}',
  gender text check (gender ~ '^[a-z]+$'),
  -- Contact data is published only with the person's recorded consent (OParl spec 1-06).
  phone text[] not null default '{}',
  email text[] not null default '{}',
  publish_contact boolean not null default false,
  location_id uuid,
  status text[] not null default '{}',
  life text check (length(life) <= 1000),
  life_source text check (length(life_source) <= 300),
  -- The member's login (role mandatstraeger) for the member area; never published.
  account_id uuid,
  primary key (tenant_id, id),
  foreign key (tenant_id, body_id) references council_bodies(tenant_id, id),
  foreign key (tenant_id, location_id) references council_locations(tenant_id, id),
  foreign key (tenant_id, account_id) references staff_users(tenant_id, id) on delete set null
);
create unique index council_persons_account on council_persons (tenant_id, account_id) where account_id is not null and deleted_at is null;

create table council_memberships (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  person_id uuid not null,
  organization_id uuid not null,
  role text check (length(role) <= 100),
  voting_right boolean,
  start_date date,
  end_date date,
  on_behalf_of uuid,
  check (end_date is null or start_date is null or end_date >= start_date),
  primary key (tenant_id, id),
  foreign key (tenant_id, person_id) references council_persons(tenant_id, id),
  foreign key (tenant_id, organization_id) references council_organizations(tenant_id, id),
  foreign key (tenant_id, on_behalf_of) references council_organizations(tenant_id, id)
);
create index council_memberships_person on council_memberships (tenant_id, person_id);
create index council_memberships_organization on council_memberships (tenant_id, organization_id);

create table council_meetings (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  body_id uuid not null,
  name text not null check (length(name) between 1 and 300),
  meeting_state text not null default 'terminiert' check (meeting_state in ('terminiert', 'eingeladen', 'durchgeführt')),
  cancelled boolean not null default false,
  start_at timestamptz not null,
  end_at timestamptz,
  location_id uuid,
  -- Sitzungsdienst: when the invitation mails went out, and when they are due (legal deadline).
  invitation_sent_at timestamptz,
  invitation_due_at timestamptz,
  minutes_published_at timestamptz,
  -- Attendance lists are personal data: published only when the Ratsbüro says so (spec 1-06).
  publish_participants boolean not null default false,
  check (end_at is null or end_at >= start_at),
  primary key (tenant_id, id),
  foreign key (tenant_id, body_id) references council_bodies(tenant_id, id),
  foreign key (tenant_id, location_id) references council_locations(tenant_id, id)
);
create index council_meetings_start on council_meetings (tenant_id, start_at);

create table council_meeting_organizations (
  tenant_id uuid not null,
  meeting_id uuid not null,
  organization_id uuid not null,
  position integer not null default 0,
  primary key (tenant_id, meeting_id, organization_id),
  foreign key (tenant_id, meeting_id) references council_meetings(tenant_id, id),
  foreign key (tenant_id, organization_id) references council_organizations(tenant_id, id)
);
create index council_meeting_organizations_org on council_meeting_organizations (tenant_id, organization_id);

create table council_meeting_participants (
  tenant_id uuid not null,
  meeting_id uuid not null,
  person_id uuid not null,
  primary key (tenant_id, meeting_id, person_id),
  foreign key (tenant_id, meeting_id) references council_meetings(tenant_id, id),
  foreign key (tenant_id, person_id) references council_persons(tenant_id, id)
);

create table council_agenda_items (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  meeting_id uuid not null,
  -- Internal order including non-public items; OParl's order counts visible items only (view).
  position integer not null,
  number text check (length(number) <= 20),
  name text not null check (length(name) between 1 and 500),
  public boolean not null default true,
  result text check (length(result) <= 200),
  resolution_text text check (length(resolution_text) <= 20000),
  start_at timestamptz,
  end_at timestamptz,
  first_published_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, meeting_id) references council_meetings(tenant_id, id)
);
create index council_agenda_items_meeting on council_agenda_items (tenant_id, meeting_id, position);

create table council_papers (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  body_id uuid not null,
  name text not null check (length(name) between 1 and 500),
  reference text check (length(reference) <= 60),
  date date,
  paper_type text not null check (length(paper_type) between 1 and 60),
  public boolean not null default true,
  first_published_at timestamptz,
  search tsvector generated always as (
    setweight(to_tsvector('german', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(reference, '')), 'A') ||
    setweight(to_tsvector('german', coalesce(paper_type, '')), 'C')) stored,
  primary key (tenant_id, id),
  foreign key (tenant_id, body_id) references council_bodies(tenant_id, id)
);
create unique index council_papers_reference on council_papers (tenant_id, reference) where deleted_at is null and reference is not null;
create index council_papers_search on council_papers using gin (search);
create index council_papers_date on council_papers (tenant_id, date);

-- 'related' is symmetric in meaning (stored once per direction the Ratsbüro entered); 'sub': other is subordinate to paper.
create table council_paper_relations (
  tenant_id uuid not null,
  paper_id uuid not null,
  other_paper_id uuid not null,
  kind text not null check (kind in ('related', 'sub')),
  check (paper_id <> other_paper_id),
  primary key (tenant_id, paper_id, other_paper_id, kind),
  foreign key (tenant_id, paper_id) references council_papers(tenant_id, id),
  foreign key (tenant_id, other_paper_id) references council_papers(tenant_id, id)
);

create table council_paper_originators (
  tenant_id uuid not null,
  paper_id uuid not null,
  person_id uuid,
  organization_id uuid,
  -- 'originator' (Urheber) or 'direction' (underDirectionOf: federführendes Amt)
  kind text not null default 'originator' check (kind in ('originator', 'direction')),
  position integer not null default 0,
  check (num_nonnulls(person_id, organization_id) = 1 and (kind = 'originator' or person_id is null)),
  foreign key (tenant_id, paper_id) references council_papers(tenant_id, id),
  foreign key (tenant_id, person_id) references council_persons(tenant_id, id),
  foreign key (tenant_id, organization_id) references council_organizations(tenant_id, id)
);
create unique index council_paper_originators_unique on council_paper_originators (tenant_id, paper_id, kind, coalesce(person_id, organization_id));

create table council_paper_locations (
  tenant_id uuid not null,
  paper_id uuid not null,
  location_id uuid not null,
  primary key (tenant_id, paper_id, location_id),
  foreign key (tenant_id, paper_id) references council_papers(tenant_id, id),
  foreign key (tenant_id, location_id) references council_locations(tenant_id, id)
);

create table council_consultations (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  paper_id uuid not null,
  agenda_item_id uuid,
  meeting_id uuid,
  authoritative boolean,
  role text check (length(role) <= 100),
  position integer not null default 0,
  first_published_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, paper_id) references council_papers(tenant_id, id),
  foreign key (tenant_id, agenda_item_id) references council_agenda_items(tenant_id, id),
  foreign key (tenant_id, meeting_id) references council_meetings(tenant_id, id)
);
create index council_consultations_paper on council_consultations (tenant_id, paper_id);
create index council_consultations_meeting on council_consultations (tenant_id, meeting_id);
create unique index council_consultations_agenda_item on council_consultations (tenant_id, agenda_item_id) where agenda_item_id is not null and deleted_at is null;

create table council_consultation_organizations (
  tenant_id uuid not null,
  consultation_id uuid not null,
  organization_id uuid not null,
  position integer not null default 0,
  primary key (tenant_id, consultation_id, organization_id),
  foreign key (tenant_id, consultation_id) references council_consultations(tenant_id, id),
  foreign key (tenant_id, organization_id) references council_organizations(tenant_id, id)
);

create table council_files (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default rathaus_uuidv7(),
  created timestamptz not null,
  modified timestamptz not null,
  deleted_at timestamptz,
  body_id uuid not null,
  -- The bytes live in the file store (core files table); OParl wants SHA-512, core keeps SHA-256.
  stored_file_id uuid not null,
  name text not null check (length(name) between 1 and 300),
  file_name text not null check (length(file_name) between 1 and 200 and file_name !~ '[/\\\\]'),
  mime_type text not null,
  size bigint not null check (size >= 0),
  sha512 char(128) not null check (sha512 ~ '^[0-9a-f]{128}$'),
  date date,
  -- Plain text for search and OParl's File.text (pdftotext); text_status says why it may be empty.
  text text,
  text_status text not null default 'pending' check (text_status in ('pending', 'ok', 'empty', 'failed')),
  page_count integer,
  master_file_id uuid,
  file_license text check (file_license ~ '^https?://'),
  -- Ratsbüro's release; a file is public only if released and every parent it hangs on is public.
  published boolean not null default false,
  first_published_at timestamptz,
  -- Kept by a trigger, not a generated column: PostgreSQL recomputes generated columns on every
  -- update, and files are touched often (modified bumps) while their text never changes.
  search tsvector,
  primary key (tenant_id, id),
  unique (tenant_id, stored_file_id),
  foreign key (tenant_id, body_id) references council_bodies(tenant_id, id),
  foreign key (tenant_id, stored_file_id) references files(tenant_id, id),
  foreign key (tenant_id, master_file_id) references council_files(tenant_id, id)
);
create index council_files_search on council_files using gin (search);

create function council_file_search() returns trigger language plpgsql as $f$
begin
  if tg_op = 'INSERT' or new.text is distinct from old.text or new.name is distinct from old.name then
    -- the index input is capped: a tsvector cannot exceed 1 MB; the stored text stays complete
    new.search := setweight(to_tsvector('german', coalesce(new.name, '')), 'A') || setweight(to_tsvector('german', left(coalesce(new.text, ''), 300000)), 'B');
  else
    new.search := old.search;
  end if;
  return new;
end $f$;
create trigger council_files_search before insert or update on council_files for each row execute function council_file_search();

create table council_file_links (
  tenant_id uuid not null,
  file_id uuid not null,
  role text not null check (role in ('paper_main', 'paper_aux', 'meeting_invitation', 'meeting_results', 'meeting_verbatim', 'meeting_aux', 'agenda_resolution', 'agenda_aux')),
  paper_id uuid,
  meeting_id uuid,
  agenda_item_id uuid,
  position integer not null default 0,
  check (num_nonnulls(paper_id, meeting_id, agenda_item_id) = 1),
  check ((role like 'paper\\_%') = (paper_id is not null) and (role like 'meeting\\_%') = (meeting_id is not null) and (role like 'agenda\\_%') = (agenda_item_id is not null)),
  foreign key (tenant_id, file_id) references council_files(tenant_id, id),
  foreign key (tenant_id, paper_id) references council_papers(tenant_id, id),
  foreign key (tenant_id, meeting_id) references council_meetings(tenant_id, id),
  foreign key (tenant_id, agenda_item_id) references council_agenda_items(tenant_id, id)
);
create unique index council_file_links_unique on council_file_links (tenant_id, file_id, coalesce(paper_id, meeting_id, agenda_item_id));
create unique index council_file_links_main on council_file_links (tenant_id, paper_id) where role = 'paper_main';
create unique index council_file_links_meeting_single on council_file_links (tenant_id, meeting_id, role) where role in ('meeting_invitation', 'meeting_results', 'meeting_verbatim');
create unique index council_file_links_resolution on council_file_links (tenant_id, agenda_item_id) where role = 'agenda_resolution';
create index council_file_links_paper on council_file_links (tenant_id, paper_id) where paper_id is not null;
create index council_file_links_meeting on council_file_links (tenant_id, meeting_id) where meeting_id is not null;
create index council_file_links_agenda on council_file_links (tenant_id, agenda_item_id) where agenda_item_id is not null;

-- ---------------------------------------------------------------- member area (not OParl)
-- Private notes and highlights of a member on a document, kept apart from the official PDF.
-- shared_with_faction: visible to the faction's members who may read the file themselves.
create table council_notes (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  file_id uuid not null,
  author_id uuid not null,
  shared_with_faction uuid,
  page integer check (page between 1 and 10000),
  quote text check (length(quote) <= 2000),
  body text not null default '' check (length(body) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, file_id) references council_files(tenant_id, id),
  foreign key (tenant_id, author_id) references council_persons(tenant_id, id),
  foreign key (tenant_id, shared_with_faction) references council_organizations(tenant_id, id)
);
create index council_notes_file on council_notes (tenant_id, file_id);

-- A member's answer to an invitation (Zusage / Absage with reason).
create table council_rsvps (
  tenant_id uuid not null,
  meeting_id uuid not null,
  person_id uuid not null,
  status text not null check (status in ('attending', 'absent')),
  note text not null default '' check (length(note) <= 500),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, meeting_id, person_id),
  foreign key (tenant_id, meeting_id) references council_meetings(tenant_id, id),
  foreign key (tenant_id, person_id) references council_persons(tenant_id, id)
);

-- Invitation mails per member and meeting (one each; a re-send after agenda changes is a new row with kind 'update').
create table council_invitations (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  meeting_id uuid not null,
  person_id uuid not null,
  kind text not null default 'invitation' check (kind in ('invitation', 'update', 'cancellation')),
  sent_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, meeting_id) references council_meetings(tenant_id, id),
  foreign key (tenant_id, person_id) references council_persons(tenant_id, id)
);
create index council_invitations_meeting on council_invitations (tenant_id, meeting_id);
`.execute(db);

  // Stamping, no hard deletes: every OParl object table.
  for (const table of ['council_bodies', 'council_locations', 'council_legislative_terms', 'council_organizations', 'council_persons', 'council_memberships', 'council_meetings', 'council_agenda_items', 'council_papers', 'council_consultations', 'council_files']) {
    await sql.raw(`
create trigger ${table}_stamp before insert or update on ${table} for each row execute function council_stamp();
create trigger ${table}_no_delete before delete on ${table} for each row execute function council_forbid_delete();
`).execute(db);
  }

  await sql`
-- ---------------------------------------------------------------- embedding: who bumps whom
-- Three kinds of edges, chosen so the graph is acyclic:
--  (1) an embedded object whose modified changed bumps what embeds it (its modified is part of the parent's output);
--  (2) a real change of a link bumps the object that lists the link as a URL (Organization.membership, AgendaItem.consultation);
--  (3) a visibility change of a parent touches the children that appear or disappear with it (their tombstone time).
create function council_stamp_moved(o jsonb, n jsonb) returns boolean language sql immutable as $f$
  select o is null or (o->>'modified') is distinct from (n->>'modified')
$f$;

create function council_bump_from_term() returns trigger language plpgsql as $f$
begin
  if council_stamp_moved(case when tg_op = 'INSERT' then null else to_jsonb(old) end, to_jsonb(new)) then
    perform council_touch('council_bodies', new.tenant_id, array[new.body_id]);
  end if;
  return null;
end $f$;
create trigger council_legislative_terms_bump after insert or update on council_legislative_terms for each row execute function council_bump_from_term();

create function council_bump_from_location() returns trigger language plpgsql as $f$
begin
  if council_stamp_moved(to_jsonb(old), to_jsonb(new)) then
    perform council_touch('council_bodies', new.tenant_id, array(select id from council_bodies where tenant_id = new.tenant_id and location_id = new.id));
    perform council_touch('council_organizations', new.tenant_id, array(select id from council_organizations where tenant_id = new.tenant_id and location_id = new.id));
    perform council_touch('council_meetings', new.tenant_id, array(select id from council_meetings where tenant_id = new.tenant_id and location_id = new.id));
    perform council_touch('council_persons', new.tenant_id, array(select id from council_persons where tenant_id = new.tenant_id and location_id = new.id));
    perform council_touch('council_papers', new.tenant_id, array(select paper_id from council_paper_locations where tenant_id = new.tenant_id and location_id = new.id));
  end if;
  return null;
end $f$;
create trigger council_locations_bump after update on council_locations for each row execute function council_bump_from_location();

create function council_bump_from_membership() returns trigger language plpgsql as $f$
begin
  if council_stamp_moved(case when tg_op = 'INSERT' then null else to_jsonb(old) end, to_jsonb(new)) then
    perform council_touch('council_persons', new.tenant_id, array[new.person_id, case when tg_op = 'UPDATE' then old.person_id end]);
  end if;
  if tg_op = 'INSERT' or old.organization_id <> new.organization_id or (old.deleted_at is null) <> (new.deleted_at is null) then
    perform council_touch('council_organizations', new.tenant_id, array[new.organization_id, case when tg_op = 'UPDATE' then old.organization_id end]);
  end if;
  return null;
end $f$;
create trigger council_memberships_bump after insert or update on council_memberships for each row execute function council_bump_from_membership();

create function council_bump_from_meeting() returns trigger language plpgsql as $f$
begin
  if (old.deleted_at is null) <> (new.deleted_at is null) then
    perform council_touch('council_files', new.tenant_id, array(select file_id from council_file_links where tenant_id = new.tenant_id and meeting_id = new.id));
    perform council_touch('council_agenda_items', new.tenant_id, array(select id from council_agenda_items where tenant_id = new.tenant_id and meeting_id = new.id));
    perform council_touch('council_consultations', new.tenant_id, array(select id from council_consultations where tenant_id = new.tenant_id and meeting_id = new.id));
  end if;
  return null;
end $f$;
create trigger council_meetings_bump after update on council_meetings for each row execute function council_bump_from_meeting();

create function council_bump_from_agenda_item() returns trigger language plpgsql as $f$
begin
  if council_stamp_moved(case when tg_op = 'INSERT' then null else to_jsonb(old) end, to_jsonb(new)) then
    perform council_touch('council_meetings', new.tenant_id, array[new.meeting_id, case when tg_op = 'UPDATE' then old.meeting_id end]);
  end if;
  if tg_op = 'INSERT' or old.public <> new.public or (old.deleted_at is null) <> (new.deleted_at is null) or old.position <> new.position or old.meeting_id <> new.meeting_id then
    -- siblings' visible order may shift; the TOP's files and its consultation's agendaItem link appear or disappear
    perform council_touch('council_agenda_items', new.tenant_id, array(select id from council_agenda_items where tenant_id = new.tenant_id and meeting_id = new.meeting_id and id <> new.id and deleted_at is null));
    if tg_op = 'UPDATE' then
      perform council_touch('council_files', new.tenant_id, array(select file_id from council_file_links where tenant_id = new.tenant_id and agenda_item_id = new.id));
      perform council_touch('council_consultations', new.tenant_id, array(select id from council_consultations where tenant_id = new.tenant_id and agenda_item_id = new.id));
    end if;
  end if;
  return null;
end $f$;
create trigger council_agenda_items_bump after insert or update on council_agenda_items for each row execute function council_bump_from_agenda_item();

create function council_bump_from_paper() returns trigger language plpgsql as $f$
begin
  if old.public <> new.public or (old.deleted_at is null) <> (new.deleted_at is null) then
    perform council_touch('council_files', new.tenant_id, array(select file_id from council_file_links where tenant_id = new.tenant_id and paper_id = new.id));
    perform council_touch('council_consultations', new.tenant_id, array(select id from council_consultations where tenant_id = new.tenant_id and paper_id = new.id));
    perform council_touch('council_papers', new.tenant_id, array(
      select other_paper_id from council_paper_relations where tenant_id = new.tenant_id and paper_id = new.id
      union select paper_id from council_paper_relations where tenant_id = new.tenant_id and other_paper_id = new.id));
  end if;
  return null;
end $f$;
create trigger council_papers_bump after update on council_papers for each row execute function council_bump_from_paper();

create function council_bump_from_consultation() returns trigger language plpgsql as $f$
begin
  if council_stamp_moved(case when tg_op = 'INSERT' then null else to_jsonb(old) end, to_jsonb(new)) then
    perform council_touch('council_papers', new.tenant_id, array[new.paper_id, case when tg_op = 'UPDATE' then old.paper_id end]);
  end if;
  if tg_op = 'INSERT' or old.agenda_item_id is distinct from new.agenda_item_id or (old.deleted_at is null) <> (new.deleted_at is null) then
    perform council_touch('council_agenda_items', new.tenant_id, array[new.agenda_item_id, case when tg_op = 'UPDATE' then old.agenda_item_id end]);
  end if;
  return null;
end $f$;
create trigger council_consultations_bump after insert or update on council_consultations for each row execute function council_bump_from_consultation();

create function council_touch_file_parents(t uuid, p_file uuid) returns void language plpgsql as $f$
begin
  perform council_touch('council_papers', t, array(select paper_id from council_file_links where tenant_id = t and file_id = p_file));
  perform council_touch('council_agenda_items', t, array(select agenda_item_id from council_file_links where tenant_id = t and file_id = p_file));
  perform council_touch('council_meetings', t, array(select meeting_id from council_file_links where tenant_id = t and file_id = p_file));
end $f$;

create function council_bump_from_file() returns trigger language plpgsql as $f$
begin
  if council_stamp_moved(to_jsonb(old), to_jsonb(new)) then
    perform council_touch_file_parents(new.tenant_id, new.id);
  end if;
  return null;
end $f$;
create trigger council_files_bump after update on council_files for each row execute function council_bump_from_file();

create function council_touch_link(t uuid, p_file uuid, p_paper uuid, p_meeting uuid, p_agenda_item uuid) returns void language plpgsql as $f$
begin
  -- the file's standalone back-references change, and so does the parent's embedded list
  perform council_touch('council_files', t, array[p_file]);
  perform council_touch('council_papers', t, array[p_paper]);
  perform council_touch('council_agenda_items', t, array[p_agenda_item]);
  perform council_touch('council_meetings', t, array[p_meeting]);
end $f$;

create function council_bump_from_file_link() returns trigger language plpgsql as $f$
begin
  if tg_op <> 'DELETE' then perform council_touch_link(new.tenant_id, new.file_id, new.paper_id, new.meeting_id, new.agenda_item_id); end if;
  if tg_op <> 'INSERT' then perform council_touch_link(old.tenant_id, old.file_id, old.paper_id, old.meeting_id, old.agenda_item_id); end if;
  return null;
end $f$;
create trigger council_file_links_bump after insert or update or delete on council_file_links for each row execute function council_bump_from_file_link();

create function council_bump_meeting_join() returns trigger language plpgsql as $f$
begin
  if tg_op <> 'DELETE' then perform council_touch('council_meetings', new.tenant_id, array[new.meeting_id]); end if;
  if tg_op <> 'INSERT' then perform council_touch('council_meetings', old.tenant_id, array[old.meeting_id]); end if;
  return null;
end $f$;
create trigger council_meeting_organizations_bump after insert or update or delete on council_meeting_organizations for each row execute function council_bump_meeting_join();
create trigger council_meeting_participants_bump after insert or update or delete on council_meeting_participants for each row execute function council_bump_meeting_join();

create function council_bump_paper_join() returns trigger language plpgsql as $f$
begin
  if tg_op <> 'DELETE' then perform council_touch('council_papers', new.tenant_id, array[new.paper_id]); end if;
  if tg_op <> 'INSERT' then perform council_touch('council_papers', old.tenant_id, array[old.paper_id]); end if;
  return null;
end $f$;
create trigger council_paper_originators_bump after insert or update or delete on council_paper_originators for each row execute function council_bump_paper_join();
create trigger council_paper_locations_bump after insert or update or delete on council_paper_locations for each row execute function council_bump_paper_join();

create function council_bump_paper_relation() returns trigger language plpgsql as $f$
begin
  if tg_op <> 'DELETE' then perform council_touch('council_papers', new.tenant_id, array[new.paper_id, new.other_paper_id]); end if;
  if tg_op <> 'INSERT' then perform council_touch('council_papers', old.tenant_id, array[old.paper_id, old.other_paper_id]); end if;
  return null;
end $f$;
create trigger council_paper_relations_bump after insert or update or delete on council_paper_relations for each row execute function council_bump_paper_relation();

-- The consultation's organization list is its content: bump it (which bumps the paper that embeds it).
create function council_bump_consultation_join() returns trigger language plpgsql as $f$
begin
  if tg_op <> 'DELETE' then perform council_touch('council_consultations', new.tenant_id, array[new.consultation_id]); end if;
  if tg_op <> 'INSERT' then perform council_touch('council_consultations', old.tenant_id, array[old.consultation_id]); end if;
  return null;
end $f$;
create trigger council_consultation_organizations_bump after insert or update or delete on council_consultation_organizations for each row execute function council_bump_consultation_join();

-- ---------------------------------------------------------------- what is public (the only source for portal and OParl)
create view council_public_meetings as
  select m.* from council_meetings m where m.deleted_at is null;

create view council_public_agenda_items as
  select a.*, (row_number() over (partition by a.tenant_id, a.meeting_id order by a.position, a.id) - 1)::integer as oparl_order
  from council_agenda_items a
  join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id and m.deleted_at is null
  where a.public and a.deleted_at is null;

create view council_public_papers as
  select p.* from council_papers p where p.public and p.deleted_at is null;

create view council_public_consultations as
  select c.* from council_consultations c
  join council_papers p on p.tenant_id = c.tenant_id and p.id = c.paper_id and p.public and p.deleted_at is null
  where c.deleted_at is null;

-- Released, not deleted, hanging on at least one parent, and every parent public.
create view council_public_files as
  select f.* from council_files f
  where f.published and f.deleted_at is null
    and exists (select 1 from council_file_links l where l.tenant_id = f.tenant_id and l.file_id = f.id)
    and not exists (
      select 1 from council_file_links l
      left join council_papers p on p.tenant_id = l.tenant_id and p.id = l.paper_id
      left join council_agenda_items a on a.tenant_id = l.tenant_id and a.id = l.agenda_item_id
      left join council_meetings am on am.tenant_id = a.tenant_id and am.id = a.meeting_id
      left join council_meetings m on m.tenant_id = l.tenant_id and m.id = l.meeting_id
      where l.tenant_id = f.tenant_id and l.file_id = f.id
        and ((l.paper_id is not null and (not p.public or p.deleted_at is not null))
          or (l.agenda_item_id is not null and (not a.public or a.deleted_at is not null or am.deleted_at is not null))
          or (l.meeting_id is not null and m.deleted_at is not null)));

/** Records the first moment an object became public, so it later leaves a tombstone instead of vanishing (404). */
create function council_mark_published(t uuid) returns void language sql as $f$
  -- Each view is evaluated once (materialized), not once per candidate row.
  with visible as materialized (select id from council_public_papers where tenant_id = t)
  update council_papers set first_published_at = clock_timestamp()
    where tenant_id = t and first_published_at is null and id in (select id from visible);
  with visible as materialized (select id from council_public_agenda_items where tenant_id = t)
  update council_agenda_items set first_published_at = clock_timestamp()
    where tenant_id = t and first_published_at is null and id in (select id from visible);
  with visible as materialized (select id from council_public_consultations where tenant_id = t)
  update council_consultations set first_published_at = clock_timestamp()
    where tenant_id = t and first_published_at is null and id in (select id from visible);
  with visible as materialized (select id from council_public_files where tenant_id = t)
  update council_files set first_published_at = clock_timestamp()
    where tenant_id = t and first_published_at is null and id in (select id from visible);
$f$;

-- ---------------------------------------------------------------- members: one access rule (research notes §7.7)
/** Gremien (not Fraktionen) the person belongs to on the given day (deputies included, former members not). */
create function council_member_committees(p_tenant uuid, p_person uuid, p_on date) returns setof uuid language sql stable as $f$
  select ms.organization_id
  from council_memberships ms
  join council_organizations o on o.tenant_id = ms.tenant_id and o.id = ms.organization_id
  where ms.tenant_id = p_tenant and ms.person_id = p_person
    and ms.deleted_at is null and o.deleted_at is null
    and o.organization_type = 'Gremium'
    and (ms.start_date is null or ms.start_date <= p_on)
    and (ms.end_date is null or ms.end_date >= p_on)
$f$;

/** Gremien a file belongs to: the meeting's (meeting and TOP files), or those consulting the paper (paper files). */
create function council_file_committees(p_tenant uuid, p_file uuid) returns setof uuid language sql stable as $f$
  select mo.organization_id
  from council_file_links l
  left join council_agenda_items a on a.tenant_id = l.tenant_id and a.id = l.agenda_item_id
  join council_meeting_organizations mo on mo.tenant_id = l.tenant_id and mo.meeting_id = coalesce(l.meeting_id, a.meeting_id)
  where l.tenant_id = p_tenant and l.file_id = p_file
  union
  select coalesce(co.organization_id, mo.organization_id)
  from council_file_links l
  join council_consultations c on c.tenant_id = l.tenant_id and c.paper_id = l.paper_id and c.deleted_at is null
  left join council_consultation_organizations co on co.tenant_id = c.tenant_id and co.consultation_id = c.id
  left join council_meeting_organizations mo on mo.tenant_id = c.tenant_id and mo.meeting_id = c.meeting_id
  where l.tenant_id = p_tenant and l.file_id = p_file
$f$;

create function council_member_may_read_file(p_tenant uuid, p_person uuid, p_file uuid, p_on date) returns boolean language sql stable as $f$
  select exists (
    -- only what the Ratsbüro released: a draft being prepared is not the members' yet
    select 1 from council_files f where f.tenant_id = p_tenant and f.id = p_file and f.deleted_at is null and f.published
      and exists (select 1 from council_file_committees(p_tenant, p_file) fc(id) join council_member_committees(p_tenant, p_person, p_on) mc(id) using (id)))
$f$;

/** A meeting's non-public part (titles included) is for the members of the Gremien holding it. */
create function council_member_may_see_meeting(p_tenant uuid, p_person uuid, p_meeting uuid, p_on date) returns boolean language sql stable as $f$
  select exists (
    select 1 from council_meeting_organizations mo
    join council_member_committees(p_tenant, p_person, p_on) mc(id) on mc.id = mo.organization_id
    where mo.tenant_id = p_tenant and mo.meeting_id = p_meeting)
$f$;

`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
