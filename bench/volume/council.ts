/**
 * Ten years of Drucksachen before the demo council's current year: papers
 * (Beschlussvorlagen, Mitteilungen, Anträge and Anfragen of the Fraktionen)
 * with the federführende Verwaltungsbereich or the Fraktion as originator,
 * their Beratungsfolge (consultations in a Fachausschuss and, for decisions,
 * the Rat) and a main file each, then `council_mark_published` exactly as
 * every write path of the module calls it (council.service.ts markPublished).
 * Everything goes through the tables' triggers (stamping, bumping parents),
 * nothing is switched off.
 *
 * The bytes: council_files may not share a stored file (unique
 * stored_file_id), so every paper's main file has its own `files` row and
 * its own path in the file store. The content is one of ~20 demo PDFs,
 * hard-linked to the new path (a copy where links are impossible): the same
 * as storing a copy, without the disk. Name, date and file name are the
 * paper's; checksum, size, page count and text are the template's.
 *
 * The consultations name the Gremium but no meeting: the demo's meetings
 * cover the current year, and historical meetings are not part of this volume.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { FileStore } from '../../src/core/files/file-store.ts';
import { berlinDay } from '../../src/core/time/berlin.ts';
import { bodyOf, markPublished } from '../../src/modules/council/council.service.ts';
import { run, type SectionContext } from './common.ts';

const YEARS = 10;
const TEMPLATE_FILES = 20;

const TOPICS = [
  'Sanierung der Grundschule Am Wiesenweg',
  'Neubau einer Kindertagesstätte im Baugebiet Heidkamp',
  'Erneuerung der Brückenstraße',
  'Fortschreibung des Schulentwicklungsplans',
  'Haushaltssatzung und Haushaltsplan',
  'Jahresabschluss der Stadtwerke',
  'Änderung der Friedhofsgebührensatzung',
  'Bebauungsplan „Am Mühlenbach“',
  'Radverkehrskonzept für die Innenstadt',
  'Photovoltaik auf städtischen Dächern',
  'Feuerwehrbedarfsplan',
  'Anschaffung eines Löschfahrzeugs für die Löschgruppe Nord',
  'Spielplatzkonzept',
  'Straßenreinigungs- und Gebührensatzung',
  'Umgestaltung des Marktplatzes',
  'Sanierung des Hallenbads',
  'Bürgerbus Musterstadt',
  'Offener Ganztag an den Grundschulen',
  'Kommunale Wärmeplanung',
  'Hochwasserschutz am Mühlenbach',
  'Partnerschaftsjubiläum mit der Partnerstadt',
  'Vergabe der Kantinenbewirtschaftung im Schulzentrum',
  'Digitalisierung der Verwaltung',
  'Sportstättenentwicklungsplan',
  'Parkraumbewirtschaftung in der Innenstadt',
  'Ausbau der Kanalisation in der Altstadt',
  'Seniorenbeirat',
  'Jugendzentrum Nordring',
  'Städtebauförderung Innenstadt',
  'Wirtschaftsförderung und Citymanagement',
];

interface Template {
  storage_key: string;
  sha256: string;
  size: number;
  sha512: string;
  text: string | null;
  text_status: string;
  page_count: number | null;
}

/** Paper main files of the demo council to copy (the demo seed renders and reads them). */
async function templatesOf(ctx: SectionContext): Promise<Template[]> {
  const rows = await sql<Template>`
select f.storage_key, f.sha256, f.size, cf.sha512, cf.text, cf.text_status, cf.page_count
from council_files cf
join council_file_links l on l.tenant_id = cf.tenant_id and l.file_id = cf.id and l.role = 'paper_main'
join files f on f.tenant_id = cf.tenant_id and f.id = cf.stored_file_id
where cf.tenant_id = ${ctx.tenant.id}::uuid and cf.mime_type = 'application/pdf' and cf.deleted_at is null
order by cf.file_name limit ${TEMPLATE_FILES}::int`.execute(ctx.tx);
  return rows.rows;
}

/** Gives each new file its own path in the store, sharing the template's bytes. Returns the paths made (for clean-up). */
async function placeFiles(files: FileStore, tenantId: string, templates: readonly Template[], keys: readonly string[]): Promise<string[]> {
  const dir = path.join(files.root, tenantId);
  await mkdir(dir, { recursive: true });
  const made: string[] = [];
  for (let start = 0; start < keys.length; start += 200) {
    await Promise.all(
      keys.slice(start, start + 200).map(async (key, offset) => {
        const source = path.join(dir, (templates[(start + offset) % templates.length] as Template).storage_key);
        const target = path.join(dir, key);
        try {
          await link(source, target);
        } catch {
          await copyFile(source, target);
        }
        made.push(target);
      }),
    );
  }
  return made;
}

/** Next free Drucksache number per year (the demo's own papers keep theirs). */
async function sequenceBases(ctx: SectionContext, years: readonly number[]): Promise<{ year: number; base: number }[]> {
  const rows = await ctx.tx.selectFrom('council_papers').select('reference').where('tenant_id', '=', ctx.tenant.id).where('reference', 'is not', null).execute();
  return years.map((year) => {
    const taken = rows.map((r) => /^(\d{4})\/(\d+)$/.exec(r.reference ?? '')).filter((m) => m && Number(m[1]) === year).map((m) => Number((m as RegExpExecArray)[2]));
    return { year, base: taken.length ? Math.max(...taken) : 0 };
  });
}

/**
 * Adds `n` papers to the tenant's council (references `YYYY/NNN`, the
 * Musterstadt style). Returns rows written; `cleanup` removes the placed
 * files if the transaction does not commit.
 */
export async function seedCouncil(ctx: SectionContext, files: FileStore, n: number, placed: string[]): Promise<Record<string, number>> {
  const { tx, tenant, now } = ctx;
  const body = await bodyOf(tx, tenant.id);
  if (!body || n <= 0) return { councilPapers: 0 };
  const templates = await templatesOf(ctx);
  if (templates.length === 0) throw new Error(`volume seed: ${tenant.slug} has no demo council PDFs to reuse`);
  const orgs = await tx.selectFrom('council_organizations').select(['id', 'name', 'short_name', 'organization_type', 'classification']).where('tenant_id', '=', tenant.id).where('deleted_at', 'is', null).orderBy('position').execute();
  const rat = orgs.find((o) => o.organization_type === 'Gremium' && o.classification === 'Parlament') ?? orgs.find((o) => o.organization_type === 'Gremium');
  const committees = orgs.filter((o) => o.organization_type === 'Gremium' && o.id !== rat?.id);
  const factions = orgs.filter((o) => o.organization_type === 'Fraktion');
  const offices = orgs.filter((o) => o.organization_type === 'Verwaltungsbereich');
  if (!rat || committees.length === 0 || factions.length === 0) throw new Error(`volume seed: ${tenant.slug}'s council lacks Rat, Ausschüsse or Fraktionen`);

  const thisYear = Number(berlinDay(now).slice(0, 4));
  const years = Array.from({ length: YEARS }, (_, k) => thisYear - 1 - k);
  const bases = await sequenceBases(ctx, years);
  const perYear = Math.ceil(n / YEARS);
  const keys = Array.from({ length: n }, () => randomUUID());
  placed.push(...(await placeFiles(files, tenant.id, templates, keys)));

  await run(ctx, 'create vol_templates', sql`create temp table vol_templates on commit drop as select (row_number() over () - 1)::int as k, * from jsonb_to_recordset(${JSON.stringify(templates)}::jsonb) as x(
    storage_key text, sha256 text, size int, sha512 text, text text, text_status text, page_count int)`);
  await run(ctx, 'create vol_bases', sql`create temp table vol_bases on commit drop as select * from jsonb_to_recordset(${JSON.stringify(bases)}::jsonb) as x(year int, base int)`);

  const ids = (list: readonly { id: string }[]) => list.map((o) => o.id);
  const names = (list: readonly { name: string; short_name: string | null }[]) => list.map((o) => o.short_name ?? o.name);
  await run(ctx, 'create vol_paper', sql`
create temp table vol_paper on commit drop as
with b as (
  select i, md5('paper:' || ${tenant.id}::text || ':' || i) as m, md5('paper2:' || ${tenant.id}::text || ':' || i) as m2, (${keys}::text[])[i + 1] as storage_key
  from generate_series(0, ${n}::int - 1) as i
), r as materialized (
  select b.*, ('x' || substr(m, 1, 8))::bit(32)::bigint::float8 / 4294967296.0 as r_type, ('x' || substr(m, 9, 8))::bit(32)::bigint::float8 / 4294967296.0 as r_org,
         ('x' || substr(m, 17, 8))::bit(32)::bigint::float8 / 4294967296.0 as r_rat, ('x' || substr(m, 25, 8))::bit(32)::bigint::float8 / 4294967296.0 as r_public,
         ('x' || substr(m2, 1, 8))::bit(32)::bigint::float8 / 4294967296.0 as r_faction, ('x' || substr(m2, 9, 8))::bit(32)::bigint::float8 / 4294967296.0 as r_office,
         ${thisYear - 1}::int - i / ${perYear}::int as year, i % ${perYear}::int as k
  from b
), t as (
  select r.*, y.base + r.k + 1 as seq,
    case when r_type < 0.50 then 'Beschlussvorlage' when r_type < 0.70 then 'Mitteilung' when r_type < 0.85 then 'Antrag' else 'Anfrage' end as paper_type,
    (${TOPICS}::text[])[1 + (r.i * 7 + r.year) % ${TOPICS.length}::int] as topic,
    (${ids(committees)}::uuid[])[1 + floor(r_org * ${committees.length}::int)::int] as committee_id,
    (${ids(factions)}::uuid[])[1 + floor(r_faction * ${factions.length}::int)::int] as faction_id,
    (${names(factions)}::text[])[1 + floor(r_faction * ${factions.length}::int)::int] as faction_name,
    case when ${offices.length}::int > 0 then (${ids(offices)}::uuid[])[1 + floor(r_office * ${offices.length}::int)::int] end as office_id
  from r join vol_bases y on y.year = r.year
)
select t.i, rathaus_uuidv7() as id, rathaus_uuidv7() as file_id, gen_random_uuid() as stored_file_id, t.storage_key, t.year, t.seq, t.paper_type, t.committee_id, t.faction_id, t.office_id,
  t.year || '/' || lpad(t.seq::text, 3, '0') as reference,
  make_date(t.year, 1, 1) + (t.k * 364 / ${perYear}::int) as date,
  case t.paper_type
    when 'Antrag' then 'Antrag der Fraktion ' || t.faction_name || ': ' || t.topic
    when 'Anfrage' then 'Anfrage der Fraktion ' || t.faction_name || ' zum Stand: ' || t.topic
    when 'Mitteilung' then 'Sachstandsbericht: ' || t.topic
    else t.topic end as name,
  t.r_public >= 0.04 as public,
  -- Decisions of weight go from the Fachausschuss to the Rat.
  (t.paper_type = 'Beschlussvorlage' and t.r_rat < 0.6) or (t.paper_type = 'Antrag' and t.r_rat < 0.3) as to_rat,
  tp.sha256, tp.size, tp.sha512, tp.text, tp.text_status, tp.page_count
from t join vol_templates tp on tp.k = t.i % ${templates.length}::int`);

  const papers = await run(ctx, 'papers', sql`
insert into council_papers (tenant_id, id, body_id, name, reference, date, paper_type, public, first_published_at)
select ${tenant.id}::uuid, v.id, ${body.id}::uuid, v.name, v.reference, v.date, v.paper_type, v.public, case when v.public then clock_timestamp() end
from vol_paper v order by v.i`);

  const stored = await run(ctx, 'stored', sql`
insert into files (tenant_id, id, storage_key, filename, mime_type, size, sha256)
select ${tenant.id}::uuid, v.stored_file_id, v.storage_key, 'Vorlage-' || replace(v.reference, '/', '-') || '.pdf', 'application/pdf', v.size, v.sha256
from vol_paper v order by v.i`);

  const councilFiles = await run(ctx, 'councilFiles', sql`
insert into council_files (tenant_id, id, body_id, stored_file_id, name, file_name, mime_type, size, sha512, date, text, text_status, page_count, published, first_published_at)
select ${tenant.id}::uuid, v.file_id, ${body.id}::uuid, v.stored_file_id, v.paper_type || ' ' || v.reference, 'Vorlage-' || replace(v.reference, '/', '-') || '.pdf',
  'application/pdf', v.size, v.sha512, v.date, v.text, v.text_status, v.page_count, true, case when v.public then clock_timestamp() end
from vol_paper v order by v.i`);

  const links = await run(ctx, 'links', sql`
insert into council_file_links (tenant_id, file_id, role, paper_id, position)
select ${tenant.id}::uuid, v.file_id, 'paper_main', v.id, 0 from vol_paper v order by v.i`);

  const originators = await run(ctx, 'originators', sql`
insert into council_paper_originators (tenant_id, paper_id, person_id, organization_id, kind, position)
select ${tenant.id}::uuid, v.id, null,
  case when v.paper_type in ('Antrag', 'Anfrage') then v.faction_id else v.office_id end,
  case when v.paper_type in ('Antrag', 'Anfrage') then 'originator' else 'direction' end, 0
from vol_paper v
where (v.paper_type in ('Antrag', 'Anfrage') and v.faction_id is not null) or (v.paper_type not in ('Antrag', 'Anfrage') and v.office_id is not null)
order by v.i`);

  await run(ctx, 'create vol_consultation', sql`
create temp table vol_consultation on commit drop as
select rathaus_uuidv7() as id, v.id as paper_id, v.i, v.public, c.position, c.organization_id, c.role, c.role = 'Entscheidung' as authoritative
from vol_paper v cross join lateral (values
  (0, v.committee_id, case when v.paper_type in ('Mitteilung', 'Anfrage') then 'Kenntnisnahme' when v.to_rat then 'Vorberatung' else 'Entscheidung' end, true),
  (1, ${rat.id}::uuid, 'Entscheidung', v.to_rat)
) as c(position, organization_id, role, applies)
where c.applies`);
  const consultations = await run(ctx, 'consultations', sql`
insert into council_consultations (tenant_id, id, paper_id, role, authoritative, position, first_published_at)
select ${tenant.id}::uuid, c.id, c.paper_id, c.role, c.authoritative, c.position, case when c.public then clock_timestamp() end
from vol_consultation c order by c.i, c.position`);
  const consultationOrgs = await run(ctx, 'consultationOrgs', sql`
insert into council_consultation_organizations (tenant_id, consultation_id, organization_id, position)
select ${tenant.id}::uuid, c.id, c.organization_id, 0 from vol_consultation c order by c.i, c.position`);

  // The rows above that are public already carry first_published_at (the moment they became public: now, in this
  // transaction), so this finds nothing left to mark; it runs because every write path of the module ends with it.
  const marking = performance.now();
  await markPublished(tx, tenant.id);
  ctx.log(`  markPublished: ${((performance.now() - marking) / 1000).toFixed(1)} s`);
  await run(ctx, 'drop temp tables', sql`drop table vol_paper, vol_consultation, vol_templates, vol_bases`);
  return {
    councilPapers: papers,
    councilFiles: councilFiles,
    councilStoredFiles: stored,
    councilFileLinks: links,
    councilOriginators: originators,
    councilConsultations: consultations,
    councilConsultationOrganizations: consultationOrgs,
  };
}

/** Removes files placed for a council seed that did not commit. */
export async function removePlaced(placed: readonly string[]): Promise<void> {
  await Promise.all(placed.map((p) => rm(p, { force: true })));
}
