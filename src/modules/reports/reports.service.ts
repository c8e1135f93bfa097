/**
 * The Mängelmelder's domain core: categories, taking in a report (one path
 * for the web form, Open311 and staff), and the public view of reports.
 *
 * Privacy is structural: the public projections below select only public
 * columns (never the case's contact, never the reporter key), so no page or
 * API built on them can leak a reporter's name or e-mail address.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../../core/db/database.ts';
import type { JobQueue } from '../../core/jobs/jobs.ts';
import type { CaseService } from '../../core/cases/case-service.ts';
import type { FileStore } from '../../core/files/file-store.ts';
import type { CheckedPhoto } from '../../core/files/uploads.ts';
import type { Locale } from '../../core/i18n/i18n.ts';
import { queueMail } from '../../core/mail/outbox.ts';
import type { Tenant, TenantService } from '../../core/tenancy/tenants.ts';
import type { Bundesland } from '../../core/time/holidays.ts';
import { workingDaysDeadline } from '../../core/time/working-days.ts';
import { checkAttributes, type AttributeProblem } from './model/attributes.ts';
import { boxAround, distanceMetres, inBounds, parseBounds, type Bounds, type LatLng } from './model/geo.ts';
import { isClosedState } from './model/states.ts';
import type { AttributeAnswers, CategoryAttribute, ReportPublication, ReportSource, ReportState } from './schema.ts';

export const REPORT_CASE_TYPE = 'report';
export const REPORT_PREFIX = 'MM';
export const DESCRIPTION_MAX = 4000;
export const MAX_PHOTOS = 3;

export interface Category {
  id: string;
  code: string;
  name: { de: string; en: string };
  description: { de: string; en: string };
  group: string;
  keywords: string;
  unitId: string;
  deadlineDays: number;
  attributes: CategoryAttribute[];
  active: boolean;
  position: number;
  updatedAt: Date;
}

export interface Area {
  id: string;
  slug: string;
  name: string;
  bounds: Bounds;
}

/** What a report needs, from whichever channel. Photos arrive checked and re-encoded. */
export interface ReportInput {
  categoryId: string;
  lat?: number | null;
  lng?: number | null;
  address?: string;
  description: string;
  attributes?: Record<string, string | string[] | undefined>;
  /** New photos, or photos already in the file store (uploaded in an earlier step of the web form). */
  photos?: readonly CheckedPhoto[];
  storedPhotos?: readonly { fileId: string; width: number; height: number }[];
  name?: string;
  email?: string;
  phone?: string;
  locale: Locale;
  source: ReportSource;
  apiKeyId?: string;
  mediaLink?: string;
  consent?: { kind: string; version: string };
  idempotencyKey?: string;
}

/** A problem with the input; `messageKey` is an i18n key, `field` the input it concerns. */
export interface ReportProblem {
  field: 'category' | 'location' | 'lat' | 'address' | 'description' | 'email' | 'name' | 'phone' | 'photos' | `attribute.${string}`;
  messageKey: string;
  params?: Record<string, string | number>;
}

export type SubmitOutcome =
  | { ok: true; outcome: 'created' | 'duplicate'; id: string; reference: string; token: string; caseId: string; accessToken: string | null; publication: ReportPublication }
  | { ok: false; reason: 'invalid'; problems: ReportProblem[] };

/** A report as anybody may see it. No personal data: see the module header. */
export interface PublicReport {
  id: string;
  reference: string;
  categoryId: string;
  categoryCode: string;
  categoryName: { de: string; en: string };
  state: ReportState;
  stateReason: string | null;
  lat: number | null;
  lng: number | null;
  address: string;
  /** null while the report waits for review (or when a clerk withheld the text). */
  description: string | null;
  publication: 'published' | 'pending';
  duplicateOf: string | null;
  requestedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  dueAt: Date | null;
  unitName: string;
  photos: { id: string; width: number; height: number }[];
}

export interface PublicUpdate {
  state: ReportState | null;
  body: string | null;
  kind: string;
  createdAt: Date;
}

export interface PublicFilters {
  categoryId?: string;
  /** A state, or 'open' / 'closed'. */
  state?: ReportState | 'open' | 'closed';
  bounds?: Bounds;
  from?: Date;
  to?: Date;
  references?: readonly string[];
  categoryIds?: readonly string[];
  limit?: number;
  offset?: number;
  /** Newest first (default) or by last change (for feeds and Open311 clients that poll). */
  order?: 'requested' | 'updated';
}

export interface ReportServiceDeps {
  db: Db;
  jobs: JobQueue;
  tenants: TenantService;
  cases: CaseService;
  files: FileStore;
  secret: string;
  baseUrl(tenantId: string): Promise<string>;
  now?: () => Date;
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** The key "Meine Meldungen" finds a reporter's reports by: keyed hash of the normalised address, never the address. */
export function reporterKey(secret: string, tenantId: string, email: string): string {
  return createHmac('sha256', secret).update(`reporter:${tenantId}:${email.trim().toLowerCase()}`).digest('hex');
}

export function createReportService(deps: ReportServiceDeps) {
  const { db, tenants, cases, files } = deps;
  const now = deps.now ?? (() => new Date());

  function toCategory(row: {
    id: string;
    code: string;
    name_de: string;
    name_en: string;
    description_de: string;
    description_en: string;
    group_name: string;
    keywords: string;
    unit_id: string;
    deadline_days: number;
    attributes: CategoryAttribute[];
    active: boolean;
    position: number;
    updated_at: Date;
  }): Category {
    return {
      id: row.id,
      code: row.code,
      name: { de: row.name_de, en: row.name_en },
      description: { de: row.description_de, en: row.description_en },
      group: row.group_name,
      keywords: row.keywords,
      unitId: row.unit_id,
      deadlineDays: row.deadline_days,
      attributes: [...row.attributes].sort((a, b) => a.order - b.order),
      active: row.active,
      position: row.position,
      updatedAt: row.updated_at,
    };
  }

  async function categories(tenantId: string, options: { includeInactive?: boolean } = {}): Promise<Category[]> {
    let query = db.selectFrom('report_categories').selectAll().where('tenant_id', '=', tenantId);
    if (!options.includeInactive) query = query.where('active', '=', true);
    const rows = await query.orderBy('position').orderBy('name_de').execute();
    return rows.map(toCategory);
  }

  async function category(tenantId: string, by: { id?: string; code?: string }, executor: Executor = db): Promise<Category | null> {
    let query = executor.selectFrom('report_categories').selectAll().where('tenant_id', '=', tenantId);
    if (by.id !== undefined) {
      if (!/^[0-9a-f-]{36}$/i.test(by.id)) return null;
      query = query.where('id', '=', by.id);
    } else if (by.code !== undefined) query = query.where('code', '=', by.code);
    else return null;
    const row = await query.executeTakeFirst();
    return row ? toCategory(row) : null;
  }

  async function areas(tenantId: string): Promise<Area[]> {
    const rows = await db.selectFrom('report_areas').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, bounds: { minLat: r.min_lat, minLng: r.min_lng, maxLat: r.max_lat, maxLng: r.max_lng } }));
  }

  /** The municipality's area (reports.bounds): a point outside it is refused. */
  async function boundsOf(tenantId: string): Promise<Bounds> {
    const value = await tenants.getSetting<string>(tenantId, 'reports.bounds');
    return parseBounds(value) ?? { minLat: 47.2, minLng: 5.8, maxLat: 55.1, maxLng: 15.1 };
  }

  /** Checks a report against its category and the tenant's rules; the same rules for every channel. */
  async function validate(tenant: Tenant, input: ReportInput): Promise<{ problems: ReportProblem[]; category: Category | null; answers: AttributeAnswers; point: LatLng | null; address: string; description: string }> {
    const problems: ReportProblem[] = [];
    const found = await category(tenant.id, { id: input.categoryId });
    const active = found?.active ? found : null;
    if (!active) problems.push({ field: 'category', messageKey: 'reports.problem.category' });
    const address = (input.address ?? '').trim().replace(/\s+/g, ' ');
    const hasPoint = input.lat !== undefined && input.lat !== null && input.lng !== undefined && input.lng !== null;
    let point: LatLng | null = null;
    if (hasPoint) {
      point = { lat: input.lat as number, lng: input.lng as number };
      if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng) || !inBounds(point, await boundsOf(tenant.id))) {
        problems.push({ field: 'lat', messageKey: 'reports.problem.outside', params: { tenant: tenant.name } });
        point = null;
      }
    } else if (!address) {
      problems.push({ field: 'location', messageKey: 'reports.problem.location' });
    }
    if (address.length > 300) problems.push({ field: 'address', messageKey: 'reports.problem.addressLong' });
    const description = input.description.replace(/\r\n/g, '\n').trim();
    if (!description) problems.push({ field: 'description', messageKey: 'reports.problem.description' });
    else if (description.length > DESCRIPTION_MAX) problems.push({ field: 'description', messageKey: 'reports.problem.descriptionLong', params: { max: DESCRIPTION_MAX } });
    const email = input.email?.trim() ?? '';
    if (email && (email.length > 254 || !EMAIL.test(email))) problems.push({ field: 'email', messageKey: 'reports.problem.email' });
    if ((input.name?.trim().length ?? 0) > 120) problems.push({ field: 'name', messageKey: 'reports.problem.nameLong' });
    if ((input.phone?.trim().length ?? 0) > 40) problems.push({ field: 'phone', messageKey: 'reports.problem.phoneLong' });
    if ((input.photos?.length ?? 0) + (input.storedPhotos?.length ?? 0) > MAX_PHOTOS) problems.push({ field: 'photos', messageKey: 'reports.problem.photoCount', params: { max: MAX_PHOTOS } });
    let answers: AttributeAnswers = {};
    if (active) {
      const checked = checkAttributes(active.attributes, input.attributes ?? {});
      answers = checked.answers;
      problems.push(...checked.problems.map((p: AttributeProblem): ReportProblem => ({ field: `attribute.${p.code}`, messageKey: p.messageKey })));
    }
    return { problems, category: active, answers, point, address, description };
  }

  /**
   * Takes in a report: validates it, opens the Vorgang at the category's unit
   * with a deadline in working days, stores location, photos and the first
   * public update, and mails the receipt — all in one transaction.
   * Outcomes: created; duplicate (same idempotency key); invalid (with problems).
   */
  async function submit(tenant: Tenant, input: ReportInput): Promise<SubmitOutcome> {
    const checked = await validate(tenant, input);
    if (checked.problems.length || !checked.category) return { ok: false, reason: 'invalid', problems: checked.problems };
    const cat = checked.category;
    const review = await tenants.getSetting<boolean>(tenant.id, 'reports.reviewBeforePublish');
    const publication: ReportPublication = review ? 'pending' : 'published';
    const token = randomBytes(18).toString('base64url');
    const email = input.email?.trim() || null;
    const name = input.name?.trim() || null;
    const place = placeOf(checked.address, checked.point);
    const dueAt = workingDaysDeadline(now(), cat.deadlineDays, tenant.bundesland as Bundesland);
    let reportId = '';
    let reference = '';
    const created = await cases.createCase(tenant, {
      type: REPORT_CASE_TYPE,
      unitId: cat.unitId,
      subject: `${cat.name.de}: ${place}`.slice(0, 200),
      data: { category: cat.name.de, categoryCode: cat.code, place, source: input.source, ...(input.phone?.trim() ? { phone: input.phone.trim() } : {}) },
      contact: { ...(name ? { name } : {}), ...(email ? { email } : {}) },
      locale: input.locale,
      ...(input.consent ? { consent: input.consent } : {}),
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      receiptMail: false,
      dueAt,
      onCreate: async (tx, caseId) => {
        const row = await tx.selectFrom('cases').select('reference').where('tenant_id', '=', tenant.id).where('id', '=', caseId).executeTakeFirstOrThrow();
        reference = row.reference;
        const inserted = await tx
          .insertInto('reports')
          .values({
            tenant_id: tenant.id,
            case_id: caseId,
            reference,
            category_id: cat.id,
            lat: checked.point?.lat ?? null,
            lng: checked.point?.lng ?? null,
            address: checked.address,
            description: checked.description,
            public_description: null,
            state_reason: null,
            attributes: JSON.stringify(checked.answers),
            source: input.source,
            api_key_id: input.apiKeyId ?? null,
            media_link: input.mediaLink?.trim() || null,
            publication,
            duplicate_of: null,
            token,
            reporter_key: email ? reporterKey(deps.secret, tenant.id, email) : null,
            feedback_score: null,
            requested_at: now(),
            updated_at: now(),
            due_at: dueAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        reportId = inserted.id;
        let position = 0;
        for (const photo of input.photos ?? []) {
          const file = await files.put(tx, tenant.id, photo);
          await tx.insertInto('report_photos').values({ tenant_id: tenant.id, report_id: reportId, file_id: file.id, position: position++, width: photo.width, height: photo.height }).execute();
        }
        for (const photo of input.storedPhotos ?? []) {
          await tx.insertInto('report_photos').values({ tenant_id: tenant.id, report_id: reportId, file_id: photo.fileId, position: position++, width: photo.width, height: photo.height }).execute();
        }
        await tx.insertInto('report_updates').values({ tenant_id: tenant.id, report_id: reportId, state: 'received', body: null, kind: 'created', created_at: now() }).execute();
      },
    });
    if (created.outcome === 'duplicate') {
      const existing = await db.selectFrom('reports').select(['id', 'reference', 'token', 'publication']).where('tenant_id', '=', tenant.id).where('case_id', '=', created.id).executeTakeFirstOrThrow();
      return { ok: true, outcome: 'duplicate', id: existing.id, reference: existing.reference, token: existing.token, caseId: created.id, accessToken: null, publication: existing.publication };
    }
    if (email && created.accessToken) {
      await queueMail(db, deps.jobs, {
        tenantId: tenant.id,
        caseId: created.id,
        to: email,
        locale: input.locale,
        template: 'report.received',
        params: { tenantName: tenant.name, reference, category: cat.name[input.locale], place, statusUrl: await statusUrl(tenant.id, created.accessToken), pendingReview: publication === 'pending' },
      });
    }
    return { ok: true, outcome: 'created', id: reportId, reference, token, caseId: created.id, accessToken: created.accessToken, publication };
  }

  async function statusUrl(tenantId: string, accessToken: string): Promise<string> {
    return `${await deps.baseUrl(tenantId)}/maengelmelder/status/${accessToken}`;
  }

  async function publicUrl(tenantId: string, reference: string): Promise<string> {
    return `${await deps.baseUrl(tenantId)}/maengelmelder/meldung/${reference}`;
  }

  /** The public projection: only these columns ever leave for a public page or API. */
  function publicQuery(executor: Executor, tenantId: string) {
    return executor
      .selectFrom('reports as r')
      .innerJoin('report_categories as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.category_id'))
      .innerJoin('cases as k', (j) => j.onRef('k.tenant_id', '=', 'r.tenant_id').onRef('k.id', '=', 'r.case_id'))
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.id', '=', 'k.unit_id'))
      .select([
        'r.id',
        'r.reference',
        'r.category_id',
        'c.code as category_code',
        'c.name_de',
        'c.name_en',
        'r.state',
        'r.state_reason',
        'r.lat',
        'r.lng',
        'r.address',
        'r.description',
        'r.public_description',
        'r.publication',
        'r.duplicate_of',
        'r.requested_at',
        'r.updated_at',
        'r.closed_at',
        'r.due_at',
        'u.name as unit_name',
      ])
      .where('r.tenant_id', '=', tenantId)
      .where('r.publication', '<>', 'hidden');
  }

  type PublicRow = Awaited<ReturnType<ReturnType<typeof publicQuery>['executeTakeFirstOrThrow']>>;

  async function withPhotos(tenantId: string, rows: PublicRow[]): Promise<PublicReport[]> {
    const published = rows.filter((r) => r.publication === 'published').map((r) => r.id);
    const photos = published.length
      ? await db.selectFrom('report_photos').select(['id', 'report_id', 'width', 'height']).where('tenant_id', '=', tenantId).where('report_id', 'in', published).where('published', '=', true).orderBy('position').execute()
      : [];
    const photosOf = new Map<string, { id: string; width: number; height: number }[]>();
    for (const p of photos) photosOf.set(p.report_id, [...(photosOf.get(p.report_id) ?? []), { id: p.id, width: p.width, height: p.height }]);
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      categoryId: r.category_id,
      categoryCode: r.category_code,
      categoryName: { de: r.name_de, en: r.name_en },
      state: r.state,
      stateReason: r.state_reason,
      lat: r.lat,
      lng: r.lng,
      address: r.address,
      description: r.publication === 'published' ? (r.public_description ?? r.description) : null,
      publication: r.publication === 'published' ? 'published' : 'pending',
      duplicateOf: r.duplicate_of,
      requestedAt: r.requested_at,
      updatedAt: r.updated_at,
      closedAt: r.closed_at,
      dueAt: r.due_at,
      unitName: r.unit_name,
      photos: photosOf.get(r.id) ?? [],
    }));
  }

  function filteredPublic(tenantId: string, filters: PublicFilters) {
    let query = publicQuery(db, tenantId);
    if (filters.references) {
      query = filters.references.length ? query.where('r.reference', 'in', filters.references) : query.where(sql<boolean>`false`);
      return query;
    }
    query = query.where('r.duplicate_of', 'is', null);
    if (filters.categoryId) query = query.where('r.category_id', '=', filters.categoryId);
    if (filters.categoryIds) query = filters.categoryIds.length ? query.where('r.category_id', 'in', filters.categoryIds) : query.where(sql<boolean>`false`);
    if (filters.state === 'open') query = query.where('r.closed_at', 'is', null);
    else if (filters.state === 'closed') query = query.where('r.closed_at', 'is not', null);
    else if (filters.state) query = query.where('r.state', '=', filters.state);
    if (filters.bounds) {
      const b = filters.bounds;
      query = query.where('r.lat', '>=', b.minLat).where('r.lat', '<=', b.maxLat).where('r.lng', '>=', b.minLng).where('r.lng', '<=', b.maxLng);
    }
    if (filters.from) query = query.where('r.requested_at', '>=', filters.from);
    if (filters.to) query = query.where('r.requested_at', '<=', filters.to);
    return query;
  }

  /** One page of published (or pending-review) reports, without counting them all (for APIs that need no total). */
  async function pagePublic(tenantId: string, filters: PublicFilters = {}): Promise<PublicReport[]> {
    const orderColumn = filters.order === 'updated' ? 'r.updated_at' : 'r.requested_at';
    const rows = await filteredPublic(tenantId, filters)
      .orderBy(orderColumn, 'desc')
      .orderBy('r.id')
      .limit(Math.min(filters.limit ?? 50, 1000))
      .offset(filters.offset ?? 0)
      .execute();
    return withPhotos(tenantId, rows);
  }

  /** Published (or pending-review) reports, filtered, with their total; duplicates merged into another are left out unless asked for by reference. */
  async function listPublic(tenantId: string, filters: PublicFilters = {}): Promise<{ reports: PublicReport[]; total: number }> {
    const [count, reports] = await Promise.all([
      filteredPublic(tenantId, filters).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      pagePublic(tenantId, filters),
    ]);
    return { reports, total: Number(count.n) };
  }

  async function getPublic(tenantId: string, reference: string): Promise<(PublicReport & { updates: PublicUpdate[]; attributes: AttributeAnswers; categoryAttributes: CategoryAttribute[] }) | null> {
    if (!/^[A-Z]{2}-[0-9A-Z]{5}-[0-9A-Z]$/.test(reference)) return null;
    const row = await publicQuery(db, tenantId).select(['r.attributes', 'c.attributes as category_attributes']).where('r.reference', '=', reference).executeTakeFirst();
    if (!row) return null;
    const [report] = await withPhotos(tenantId, [row]);
    const updates = await db.selectFrom('report_updates').select(['state', 'body', 'kind', 'created_at']).where('tenant_id', '=', tenantId).where('report_id', '=', row.id).orderBy('created_at').orderBy('id').execute();
    return {
      ...(report as PublicReport),
      attributes: row.publication === 'published' ? row.attributes : {},
      categoryAttributes: row.category_attributes,
      updates: updates.map((u) => ({ state: u.state, body: row.publication === 'published' || u.kind !== 'comment' ? u.body : null, kind: u.kind, createdAt: u.created_at })),
    };
  }

  /** A photo as the public may see it: only when the photo and its report are published. */
  async function publicPhoto(tenantId: string, photoId: string) {
    if (!/^[0-9a-f-]{36}$/i.test(photoId)) return null;
    const row = await db
      .selectFrom('report_photos as p')
      .innerJoin('reports as r', (j) => j.onRef('r.tenant_id', '=', 'p.tenant_id').onRef('r.id', '=', 'p.report_id'))
      .select(['p.file_id'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.id', '=', photoId)
      .where('p.published', '=', true)
      .where('r.publication', '=', 'published')
      .executeTakeFirst();
    return row ? files.read(db, tenantId, row.file_id) : null;
  }

  /** Open reports of the same category near a point, for "Ist es dieses?". */
  async function nearbyOpen(tenantId: string, categoryId: string, point: LatLng, radiusMetres?: number): Promise<(PublicReport & { distance: number })[]> {
    const radius = radiusMetres ?? (await tenants.getSetting<number>(tenantId, 'reports.duplicateRadiusMetres'));
    const box = boxAround(point, radius);
    const rows = await publicQuery(db, tenantId)
      .where('r.category_id', '=', categoryId)
      .where('r.closed_at', 'is', null)
      .where('r.duplicate_of', 'is', null)
      .where('r.lat', '>=', box.minLat)
      .where('r.lat', '<=', box.maxLat)
      .where('r.lng', '>=', box.minLng)
      .where('r.lng', '<=', box.maxLng)
      .limit(20)
      .execute();
    const reports = await withPhotos(tenantId, rows);
    return reports
      .map((r) => ({ ...r, distance: distanceMetres(point, { lat: r.lat as number, lng: r.lng as number }) }))
      .filter((r) => r.distance <= radius)
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 5);
  }

  /**
   * The reporter's own view through the secret status link: their report as
   * sent (also before review), its timeline, and what they may do now.
   */
  async function forReporter(tenantId: string, accessToken: string) {
    const found = await cases.findByAccessToken(tenantId, accessToken);
    if (!found) return null;
    const row = await db
      .selectFrom('reports as r')
      .innerJoin('report_categories as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.category_id'))
      .select(['r.id', 'r.reference', 'r.state', 'r.state_reason', 'r.lat', 'r.lng', 'r.address', 'r.description', 'r.publication', 'r.requested_at', 'r.closed_at', 'r.reopen_until', 'r.reopen_count', 'r.feedback_score', 'r.case_id', 'c.name_de', 'c.name_en'])
      .where('r.tenant_id', '=', tenantId)
      .where('r.case_id', '=', found.id)
      .executeTakeFirst();
    if (!row) return null;
    const photos = await db.selectFrom('report_photos').select(['id', 'width', 'height', 'published']).where('tenant_id', '=', tenantId).where('report_id', '=', row.id).orderBy('position').execute();
    const updates = await db.selectFrom('report_updates').select(['state', 'body', 'kind', 'created_at']).where('tenant_id', '=', tenantId).where('report_id', '=', row.id).orderBy('created_at').orderBy('id').execute();
    const closed = isClosedState(row.state);
    return {
      id: row.id,
      caseId: row.case_id,
      reference: row.reference,
      categoryName: { de: row.name_de, en: row.name_en },
      state: row.state,
      stateReason: row.state_reason,
      lat: row.lat,
      lng: row.lng,
      address: row.address,
      description: row.description,
      publication: row.publication,
      requestedAt: row.requested_at,
      closedAt: row.closed_at,
      reopenUntil: row.reopen_until,
      canReopen: closed && row.reopen_until !== null && row.reopen_until > now(),
      canGiveFeedback: closed && row.feedback_score === null,
      feedbackScore: row.feedback_score,
      photos: photos.map((p) => ({ id: p.id, width: p.width, height: p.height, published: p.published })),
      updates: updates.map((u) => ({ state: u.state, body: u.body, kind: u.kind, createdAt: u.created_at })),
    };
  }

  /** A photo of the reporter's own report (also unpublished ones), through their status link. */
  async function reporterPhoto(tenantId: string, accessToken: string, photoId: string) {
    const report = await forReporter(tenantId, accessToken);
    const photo = report?.photos.find((p) => p.id === photoId);
    if (!photo) return null;
    const row = await db.selectFrom('report_photos').select('file_id').where('tenant_id', '=', tenantId).where('id', '=', photo.id).executeTakeFirstOrThrow();
    return files.read(db, tenantId, row.file_id);
  }

  return { categories, category, areas, boundsOf, validate, submit, listPublic, pagePublic, getPublic, publicPhoto, nearbyOpen, forReporter, reporterPhoto, statusUrl, publicUrl };
}

export type ReportService = ReturnType<typeof createReportService>;

/**
 * Retention (the case type's anonymise hook, in its transaction): the
 * reporter's traces go; a published report stays public with its published
 * photos; everything unpublished is deleted, files included.
 */
export async function anonymiseReport(tx: Executor, tenantId: string, caseId: string, removeFile: (fileId: string) => Promise<void>): Promise<void> {
  const report = await tx.selectFrom('reports').select(['id', 'publication']).where('tenant_id', '=', tenantId).where('case_id', '=', caseId).executeTakeFirst();
  if (!report) return;
  const published = report.publication === 'published';
  let photos = tx.selectFrom('report_photos').select(['id', 'file_id']).where('tenant_id', '=', tenantId).where('report_id', '=', report.id);
  if (published) photos = photos.where('published', '=', false);
  for (const photo of await photos.execute()) {
    await tx.deleteFrom('report_photos').where('tenant_id', '=', tenantId).where('id', '=', photo.id).execute();
    await removeFile(photo.file_id);
  }
  await tx.deleteFrom('report_subscriptions').where('tenant_id', '=', tenantId).where('report_id', '=', report.id).execute();
  await tx
    .updateTable('reports')
    .set({ reporter_key: null, media_link: null, ...(published ? {} : { description: '–', public_description: null, attributes: JSON.stringify({}) }) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', report.id)
    .execute();
}

/** How a report's place reads in lists and mails: the address, else the coordinates. */
export function placeOf(address: string, point: LatLng | null): string {
  if (address) return address;
  if (point) return `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`;
  return '';
}

/** For tests and the staff pages: lock a report row inside a transaction. */
export async function lockReport(tx: Tx, tenantId: string, reportId: string) {
  return tx.selectFrom('reports').selectAll().where('tenant_id', '=', tenantId).where('id', '=', reportId).forUpdate().executeTakeFirst();
}
