/**
 * Leistungskatalog: reading services (A–Z, by Lebenslage, one by slug),
 * searching them (German full text, typo-tolerant trigrams, synonyms,
 * Lebenslagen) and the Redaktion's edit command. Every query is scoped by
 * tenant. No HTTP here.
 */
import { sql } from 'kysely';
import { audit } from '../../../core/audit/audit.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import { prepared, type Db } from '../../../core/db/database.ts';
import { fold, lebenslagenForWords } from './lebenslagen.ts';
import { requireCatalogEditor } from './permissions.ts';
import type { Fee, OnlineMode } from './schema.ts';

export type { Fee, OnlineMode } from './schema.ts';

/** The responsible Organisationseinheit as a citizen needs it. */
export interface CatalogUnit {
  id: string;
  slug: string;
  name: string;
  address: string | null;
  openingHours: string | null;
  email: string | null;
  phone: string | null;
}

/** One service with everything its information page and the application journey need. */
export interface CatalogService {
  id: string;
  slug: string;
  title: string;
  shortDescription: string;
  longDescription: string;
  requirements: string;
  requiredDocuments: string[];
  /** Empty: the service is free of charge (gebührenfrei). */
  fees: Fee[];
  feeExemptions: string;
  processingTime: string;
  deadlines: string;
  legalBasis: string;
  onlineMode: OnlineMode;
  /** 14-digit LeiKa key, only where confirmed. */
  leikaKey: string | null;
  /** The online form; null when the service cannot be applied for online. */
  formId: string | null;
  categories: string[];
  synonyms: string[];
  active: boolean;
  position: number;
  unit: CatalogUnit;
  /** Shortcuts to `unit.id` / `unit.name` for the application journey. */
  unitId: string;
  unitName: string;
  /** Days until an unsent draft of this service is deleted (set by administrators). */
  draftRetentionDays: number;
  updatedAt: Date;
}

/** A line in a list of services. */
export interface CatalogServiceSummary {
  slug: string;
  title: string;
  shortDescription: string;
  feeBased: boolean;
  onlineMode: OnlineMode;
  formId: string | null;
  categories: string[];
  active: boolean;
}

export const isFeeBased = (service: { fees: readonly Fee[] }): boolean => service.fees.some((f) => f.amountCents > 0);

const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });
const byTitle = (a: { title: string }, b: { title: string }): number => collator.compare(a.title, b.title);

interface SummaryRow {
  slug: string;
  title: string;
  short_description: string;
  fees: Fee[];
  online_mode: OnlineMode;
  form_id: string | null;
  categories: string[];
  active: boolean;
}

function toSummary(row: SummaryRow): CatalogServiceSummary {
  return {
    slug: row.slug,
    title: row.title,
    shortDescription: row.short_description,
    feeBased: isFeeBased(row),
    onlineMode: row.online_mode,
    formId: row.form_id,
    categories: row.categories,
    active: row.active,
  };
}

const summaryColumns = ['slug', 'title', 'short_description', 'fees', 'online_mode', 'form_id', 'categories', 'active'] as const;

/** Services A–Z (German collation: "Ä" sorts with "A"); active only unless the Redaktion asks for all. */
export async function listServices(db: Db, tenantId: string, options: { category?: string; includeInactive?: boolean } = {}): Promise<CatalogServiceSummary[]> {
  let query = db.selectFrom('portal_services').select(summaryColumns).where('tenant_id', '=', tenantId);
  if (!options.includeInactive) query = query.where('active', '=', true);
  if (options.category) query = query.where(sql<boolean>`categories @> array[${options.category}]::text[]`);
  const rows = await query.execute();
  return rows.map(toSummary).sort(byTitle);
}

/** Longest query we look at; the rest of a pasted text adds nothing but cost. */
const MAX_QUERY = 200;
const MAX_WORDS = 8;
/** pg_trgm word_similarity from which a title or synonym counts as a (mistyped) match. */
const TYPO_THRESHOLD = 0.55;
const SUGGEST_THRESHOLD = 0.3;

export interface SearchHit extends CatalogServiceSummary {
  score: number;
}

function searchWords(query: string): string[] {
  const words = fold(query.slice(0, MAX_QUERY)).split(/[^a-z0-9]+/).filter((w) => w.length >= 2);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

interface SearchRow extends SummaryRow {
  ts: number;
  sim: number;
  in_category: boolean;
  exact: boolean;
}

async function rankedCandidates(db: Db, tenantId: string, query: string, threshold: number): Promise<SearchHit[]> {
  const words = searchWords(query);
  if (words.length === 0) return [];
  // Words are [a-z0-9]+ only, so they are safe tsquery syntax; longer ones also match as prefixes ("Melde" → Meldebescheinigung).
  const tsquery = words.map((w) => (w.length >= 4 ? `${w}:*` : w)).join(' | ');
  const trigramWords = words.filter((w) => w.length >= 4);
  const categories = lebenslagenForWords(words);
  const result = await sql<SearchRow>`
    select s.slug, s.title, s.short_description, s.fees, s.online_mode, s.form_id, s.categories, s.active,
      ts_rank(s.search_vector, q.tsq)::float8 as ts,
      coalesce((select max(word_similarity(w, s.search_text)) from unnest(q.words) as w), 0)::float8 as sim,
      (s.categories && q.cats) as in_category,
      (portal_catalog_fold(s.title) = q.whole) as exact
    from portal_services s,
      (select to_tsquery('german', ${tsquery}) as tsq, ${trigramWords}::text[] as words, ${categories}::text[] as cats, portal_catalog_fold(${words.join(' ')}) as whole) q
    where s.tenant_id = ${tenantId} and s.active
      and (s.search_vector @@ q.tsq
        or s.categories && q.cats
        or exists (select 1 from unnest(q.words) as w where word_similarity(w, s.search_text) >= ${threshold}))
  `.execute(db);
  return result.rows
    .map((row) => {
      const typo = row.sim >= threshold ? row.sim : 0;
      const score = (row.exact ? 10 : 0) + row.ts * 4 + typo * 2 + (row.in_category ? 0.5 : 0);
      return { ...toSummary(row), score };
    })
    .sort((a, b) => b.score - a.score || byTitle(a, b));
}

/**
 * Ranked search over the active services of a tenant. Finds by title,
 * synonyms and description (German stemming, umlauts optional), tolerates
 * a typo per word, and brings in the services of a Lebenslage the query
 * names ("Umzug"). A blank or symbol-only query finds nothing.
 */
export async function searchServices(db: Db, tenantId: string, query: string): Promise<SearchHit[]> {
  return rankedCandidates(db, tenantId, query, TYPO_THRESHOLD);
}

/** "Meinten Sie …?": looser trigram matches for a search that found nothing. */
export async function suggestServices(db: Db, tenantId: string, query: string): Promise<SearchHit[]> {
  return (await rankedCandidates(db, tenantId, query, SUGGEST_THRESHOLD)).slice(0, 3);
}

/** One service with its responsible unit; inactive services only when asked (Redaktion). */
export async function getService(db: Db, tenantId: string, slug: string, options: { includeInactive?: boolean } = {}): Promise<CatalogService | null> {
  let query = db
    .selectFrom('portal_services as s')
    .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.unit_id'))
    .select([
      's.id', 's.slug', 's.title', 's.short_description', 's.long_description', 's.requirements', 's.required_documents', 's.fees', 's.fee_exemptions',
      's.processing_time', 's.deadlines', 's.legal_basis', 's.online_mode', 's.leika_key', 's.form_id', 's.categories', 's.synonyms', 's.active',
      's.position', 's.updated_at', 's.draft_retention_days', 'u.id as unit_id', 'u.slug as unit_slug', 'u.name as unit_name', 'u.address as unit_address',
      'u.opening_hours as unit_opening_hours', 'u.email as unit_email', 'u.phone as unit_phone',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.slug', '=', slug);
  if (!options.includeInactive) query = query.where('s.active', '=', true);
  // Read with every step of every application (and every submit of a burst): prepared.
  const r = await query.modifyEnd(prepared).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    shortDescription: r.short_description,
    longDescription: r.long_description,
    requirements: r.requirements,
    requiredDocuments: r.required_documents,
    fees: r.fees,
    feeExemptions: r.fee_exemptions,
    processingTime: r.processing_time,
    deadlines: r.deadlines,
    legalBasis: r.legal_basis,
    onlineMode: r.online_mode,
    leikaKey: r.leika_key,
    formId: r.form_id,
    categories: r.categories,
    synonyms: r.synonyms,
    active: r.active,
    position: r.position,
    unit: { id: r.unit_id, slug: r.unit_slug, name: r.unit_name, address: r.unit_address, openingHours: r.unit_opening_hours, email: r.unit_email, phone: r.unit_phone },
    unitId: r.unit_id,
    unitName: r.unit_name,
    draftRetentionDays: r.draft_retention_days,
    updatedAt: r.updated_at,
  };
}

/** The units a service can be assigned to (for the Redaktion's form). */
export async function listUnits(db: Db, tenantId: string): Promise<{ id: string; name: string }[]> {
  const rows = await db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}

/** What the Redaktion may change. Slug and form are fixed: the application journey and links depend on them. */
export interface ServiceUpdate {
  title: string;
  shortDescription: string;
  longDescription: string;
  requirements: string;
  requiredDocuments: string[];
  fees: Fee[];
  feeExemptions: string;
  processingTime: string;
  deadlines: string;
  legalBasis: string;
  unitId: string;
  onlineMode: OnlineMode;
  leikaKey: string | null;
  categories: string[];
  synonyms: string[];
  active: boolean;
}

export type UpdateServiceResult = { ok: true; changed: string[] } | { ok: false; reason: 'not-found' | 'unknown-unit' };

const comparable = (value: unknown): string => JSON.stringify(value);

/**
 * Saves the Redaktion's changes to one service.
 * Outcomes: ok (with the names of the changed fields; audited as
 * `catalog.update` in the same transaction), not-found, unknown-unit (the
 * unit is not one of this tenant's). Throws ForbiddenError for anyone but
 * Redaktion and admins.
 */
export async function updateService(db: Db, actor: StaffActor, slug: string, input: ServiceUpdate): Promise<UpdateServiceResult> {
  requireCatalogEditor(actor, actor.tenantId);
  const tenantId = actor.tenantId;
  return db.transaction().execute(async (tx) => {
    const unit = await tx.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('id', '=', input.unitId).executeTakeFirst();
    const current = await tx.selectFrom('portal_services').selectAll().where('tenant_id', '=', tenantId).where('slug', '=', slug).forUpdate().executeTakeFirst();
    if (!current) return { ok: false, reason: 'not-found' } as const;
    if (!unit) return { ok: false, reason: 'unknown-unit' } as const;
    const next = {
      title: input.title,
      short_description: input.shortDescription,
      long_description: input.longDescription,
      requirements: input.requirements,
      required_documents: input.requiredDocuments,
      fees: input.fees,
      fee_exemptions: input.feeExemptions,
      processing_time: input.processingTime,
      deadlines: input.deadlines,
      legal_basis: input.legalBasis,
      unit_id: input.unitId,
      online_mode: input.onlineMode,
      leika_key: input.leikaKey,
      categories: input.categories,
      synonyms: input.synonyms,
      active: input.active,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => comparable(current[key]) !== comparable(next[key]));
    await tx
      .updateTable('portal_services')
      .set({ ...next, fees: JSON.stringify(next.fees), updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', current.id)
      .execute();
    await audit(tx, { tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'catalog.update', objectType: 'portal_service', objectId: slug, details: { slug, changed } });
    return { ok: true, changed };
  });
}
