/**
 * The citizen's report journey under /maengelmelder/melden, after the GOV.UK
 * pattern and without JavaScript: category → place → ("Ist es dieses?") →
 * description and the category's questions → photos → contact → check →
 * sent. Answers live in a draft bound to this browser (draft.ts); every step
 * checks its answers with the report service's own rules (`validate`), so the
 * web form says exactly what Open311 and the staff form would say.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadSharp } from '../../../../core/files/sharp.ts';
import { z } from 'zod';
import type { Services } from '../../../../core/services.ts';
import { readForm, MAX_UPLOAD_BYTES } from '../../../../core/http/forms.ts';
import type { FieldError } from '../../../../core/http/validation.ts';
import { checkPhoto, type PhotoProblem } from '../../../../core/files/uploads.ts';
import { trusted, type SummaryRow } from '../../../../core/ui/components.tsx';
import { reportsOf } from '../../instance.ts';
import { describeAnswer } from '../../model/attributes.ts';
import { parseCoordinate } from '../../model/geo.ts';
import { DESCRIPTION_MAX, MAX_PHOTOS, type Category, type ReportInput, type ReportProblem } from '../../reports.service.ts';
import { mapAssets, mapSettingsOf, ReportMap, setMapCsp } from '../map.tsx';
import { createDraftStore, DRAFT_COOKIE, DRAFT_HOURS, DRAFT_PATH, draftCookieValue, parseDraftCookie, submissionKey, type Draft, type DraftData, type DraftKey } from './draft.ts';
import { attributeField, CategoryPage, CheckPage, ContactPage, DetailsPage, DuplicatesPage, journeyAssets, JOURNEY, LocationPage, PhotosPage, SentPage, type LocationValues, type StepProblem } from './views.tsx';

const pageLimit = { rateLimit: { max: 300, timeWindow: '10 minutes' } };
const stepLimit = { rateLimit: { max: 120, timeWindow: '10 minutes' } };
const photoLimit = { rateLimit: { max: 40, timeWindow: '10 minutes' } };
const submitLimit = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

const stepQuery = z.object({ pruefen: z.literal('1').optional() });
const thumbnailParams = z.object({ position: z.enum(['0', '1', '2']) });
const returnField = z.literal('1').optional().catch(undefined);

const categoryBody = z.object({ kategorie: z.string().max(64).optional().catch(undefined), pruefen: returnField });
const locationBody = z.object({ adresse: z.string().max(2000).optional().catch(undefined), lat: z.string().max(40).optional().catch(undefined), lng: z.string().max(40).optional().catch(undefined), pruefen: returnField });
const contactBody = z.object({ name: z.string().max(2000).optional().catch(undefined), email: z.string().max(2000).optional().catch(undefined), datenschutz: z.literal('yes').optional().catch(undefined), pruefen: returnField });
const removeBody = z.object({ position: z.enum(['0', '1', '2']), pruefen: returnField });

/** Where the citizen fixes a problem the service found. */
function stepOf(field: ReportProblem['field']): string {
  if (field === 'category') return JOURNEY;
  if (field === 'location' || field === 'lat' || field === 'address') return `${JOURNEY}/ort`;
  if (field === 'description' || field.startsWith('attribute.')) return `${JOURNEY}/beschreibung`;
  if (field === 'photos') return `${JOURNEY}/fotos`;
  return `${JOURNEY}/kontakt`;
}

/** The form field a problem of the service belongs to on its step's page. */
function formFieldOf(field: ReportProblem['field']): string {
  if (field === 'category') return 'kategorie';
  if (field === 'location' || field === 'lat' || field === 'address') return 'adresse';
  if (field === 'description') return 'beschreibung';
  if (field.startsWith('attribute.')) return attributeField(field.slice('attribute.'.length));
  if (field === 'photos') return 'fotos';
  return field;
}

const withCheck = (path: string, check: boolean): string => (check ? `${path}?pruefen=1` : path);

const coordinateText = (n: number): string => n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');

/** A file name as shown in a message: short, and never empty. */
const shownName = (name: string, fallback: string): string => (name.trim() ? (name.length > 60 ? `${name.slice(0, 57)}…` : name) : fallback);

const PHOTO_MESSAGE: Record<PhotoProblem, string> = {
  empty: 'reports.journey.photos.error.empty',
  'too-large': 'reports.journey.photos.error.tooLarge',
  'type-not-allowed': 'reports.journey.photos.error.type',
  unreadable: 'reports.journey.photos.error.unreadable',
};

export function journeyRoutes(app: FastifyInstance, services: Services): void {
  const reports = reportsOf(services);
  const drafts = createDraftStore(services);
  const db = services.db;
  const maxMb = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);

  const crumbs = (request: FastifyRequest, here: string) => [
    { label: request.t('nav.start'), href: '/' },
    { label: request.t('reports.nav'), href: '/maengelmelder' },
    { label: here },
  ];

  function keyOf(request: FastifyRequest): DraftKey | null {
    const raw = request.cookies[DRAFT_COOKIE];
    if (!raw) return null;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid ? parseDraftCookie(unsigned.value) : null;
  }

  const currentDraft = (request: FastifyRequest): Promise<Draft | null> => drafts.find(request.tenant.id, keyOf(request));

  function setDraftCookie(reply: FastifyReply, key: DraftKey): void {
    reply.setCookie(DRAFT_COOKIE, draftCookieValue(key), { path: DRAFT_PATH, httpOnly: true, secure: services.config.secureCookies, sameSite: 'lax', signed: true, maxAge: DRAFT_HOURS * 3600 });
  }

  /** No draft: the report went out already (show it), or it expired (say so), or there never was one. */
  async function restart(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (!keyOf(request)) return reply.redirect(JOURNEY, 303);
    if (await sentFrom(request)) return reply.redirect(`${JOURNEY}/gesendet`, 303);
    return reply.flash('info', request.t('reports.journey.expired')).redirect(JOURNEY, 303);
  }

  /** The first step whose required answer is missing, or null when category, place and description are there. */
  function missingStep(data: DraftData, upTo: 'location' | 'description' | 'all'): string | null {
    if (!data.categoryId) return JOURNEY;
    if (upTo === 'location') return null;
    if (data.lat === undefined && !data.address) return `${JOURNEY}/ort`;
    if (upTo === 'description') return null;
    if (!data.description) return `${JOURNEY}/beschreibung`;
    return null;
  }

  async function categoryOf(request: FastifyRequest, data: DraftData): Promise<Category | null> {
    const found = data.categoryId ? await reports.category(request.tenant.id, { id: data.categoryId }) : null;
    return found?.active ? found : null;
  }

  /** The draft as the service's input (the one intake path). */
  function inputOf(request: FastifyRequest, draft: Draft): ReportInput {
    const d = draft.data;
    return {
      categoryId: d.categoryId ?? '',
      lat: d.lat ?? null,
      lng: d.lng ?? null,
      address: d.address ?? '',
      description: d.description ?? '',
      attributes: d.attributes ?? {},
      storedPhotos: draft.photos.map((p) => ({ fileId: p.fileId, width: p.width, height: p.height })),
      ...(d.name ? { name: d.name } : {}),
      ...(d.email ? { email: d.email } : {}),
      // The consent given on the contact step, with the notice version the citizen saw there.
      ...((d.name || d.email) && d.consentVersion ? { consent: { kind: 'privacy', version: d.consentVersion } } : {}),
      locale: request.locale,
      source: 'web',
      idempotencyKey: submissionKey(draft.id),
    };
  }

  /** The service's problems with some fields, as messages at the fields of this step. */
  function fieldErrors(request: FastifyRequest, problems: readonly ReportProblem[], fields: (field: ReportProblem['field']) => boolean): FieldError[] {
    const errors: FieldError[] = [];
    for (const p of problems) {
      if (!fields(p.field)) continue;
      const field = formFieldOf(p.field);
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: request.t(p.messageKey, p.params) });
    }
    return errors;
  }

  const titleOf = (request: FastifyRequest, key: string, failed: boolean) => (failed ? `${request.t('ui.field.errorPrefix')} ` : '') + request.t(key);

  // ---------------------------------------------------------------- 1. category

  async function renderCategory(request: FastifyRequest, reply: FastifyReply, value: string | undefined, errors: FieldError[], check: boolean, status = 200) {
    const categories = await reports.categories(request.tenant.id);
    const t = request.t;
    if (categories.length === 0) {
      return reply.page({ title: t('reports.journey.title'), breadcrumbs: crumbs(request, t('reports.journey.title')), body: <p class="kern-body" safe>{t('reports.journey.noCategories')}</p> });
    }
    return reply.page({
      title: titleOf(request, 'reports.journey.category.title', errors.length > 0),
      breadcrumbs: crumbs(request, t('reports.journey.title')),
      status,
      head: journeyAssets(),
      body: CategoryPage({ t, locale: request.locale, csrfToken: reply.csrfToken(), categories, ...(value ? { value } : {}), errors, check }),
    });
  }

  app.get(JOURNEY, { schema: { querystring: stepQuery }, config: pageLimit }, async (request, reply) => {
    const { pruefen } = request.query as z.infer<typeof stepQuery>;
    const draft = await currentDraft(request);
    return renderCategory(request, reply, draft?.data.categoryId, [], pruefen === '1' && draft !== null);
  });

  app.post(JOURNEY, { config: stepLimit }, async (request, reply) => {
    const body = categoryBody.safeParse(request.body ?? {});
    const form = body.success ? body.data : { kategorie: undefined, pruefen: undefined };
    const check = form.pruefen === '1';
    const category = form.kategorie ? await reports.category(request.tenant.id, { id: form.kategorie }) : null;
    if (!category?.active) return renderCategory(request, reply, undefined, [{ field: 'kategorie', message: request.t('reports.problem.category') }], check, 422);
    let draft = await currentDraft(request);
    if (!draft) {
      const created = await drafts.create(request.tenant.id, { categoryId: category.id });
      setDraftCookie(reply, created.key);
      draft = created.draft;
    } else if (draft.data.categoryId !== category.id) {
      // Another category has other questions: the old answers do not apply.
      const { attributes: _dropped, ...rest } = draft.data;
      await drafts.save(request.tenant.id, draft.id, { ...rest, categoryId: category.id });
      if (check) return reply.redirect(`${JOURNEY}/beschreibung?pruefen=1`, 303);
    }
    return reply.redirect(check ? `${JOURNEY}/pruefen` : `${JOURNEY}/ort`, 303);
  });

  // ---------------------------------------------------------------- 2. location

  async function renderLocation(request: FastifyRequest, reply: FastifyReply, values: LocationValues, errors: FieldError[], check: boolean, status = 200) {
    const t = request.t;
    const { tileUrl, attribution, bounds } = await mapSettingsOf(services, request.tenant.id);
    const lat = Number(values.lat);
    const lng = Number(values.lng);
    const centre = values.lat !== '' && values.lng !== '' && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null;
    const map = ReportMap({ t, mode: 'pick', tileUrl, attribution, bounds, centre, latInput: 'report-lat', lngInput: 'report-lng', addressInput: 'field-adresse' });
    if (tileUrl) setMapCsp(reply, tileUrl);
    return reply.page({
      title: titleOf(request, 'reports.journey.location.title', errors.length > 0),
      breadcrumbs: crumbs(request, t('reports.journey.title')),
      status,
      head: (
        <>
          {tileUrl ? mapAssets() : ''}
          {journeyAssets()}
        </>
      ),
      body: LocationPage({ t, csrfToken: reply.csrfToken(), values, errors, check, backHref: check ? `${JOURNEY}/pruefen` : JOURNEY, map }),
    });
  }

  app.get(`${JOURNEY}/ort`, { schema: { querystring: stepQuery }, config: pageLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const missing = missingStep(draft.data, 'location');
    if (missing) return reply.redirect(missing, 303);
    const d = draft.data;
    const values = { address: d.address ?? '', lat: d.lat === undefined ? '' : coordinateText(d.lat), lng: d.lng === undefined ? '' : coordinateText(d.lng) };
    return renderLocation(request, reply, values, [], (request.query as z.infer<typeof stepQuery>).pruefen === '1');
  });

  app.post(`${JOURNEY}/ort`, { config: stepLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const parsed = locationBody.safeParse(request.body ?? {});
    const form = parsed.success ? parsed.data : {};
    const check = form.pruefen === '1';
    const values = { address: form.adresse ?? '', lat: (form.lat ?? '').trim(), lng: (form.lng ?? '').trim() };
    const hasPoint = values.lat !== '' || values.lng !== '';
    // A coordinate that is not a number is treated like one outside the town: the service refuses it with its message.
    const lat = hasPoint ? (parseCoordinate(values.lat, 'lat') ?? Number.NaN) : null;
    const lng = hasPoint ? (parseCoordinate(values.lng, 'lng') ?? Number.NaN) : null;
    // The service checks a whole report; this step looks only at its own fields' problems.
    const checked = await reports.validate(request.tenant, { categoryId: draft.data.categoryId ?? '', lat, lng, address: values.address, description: '-', locale: request.locale, source: 'web' });
    const errors = fieldErrors(request, checked.problems, (f) => f === 'location' || f === 'lat' || f === 'address');
    if (errors.length) return renderLocation(request, reply, values, errors, check, 422);
    const { lat: _lat, lng: _lng, ...rest } = draft.data;
    const point = checked.point;
    await drafts.save(request.tenant.id, draft.id, { ...rest, address: checked.address, ...(point ? { lat: point.lat, lng: point.lng } : {}) });
    if (check) return reply.redirect(`${JOURNEY}/pruefen`, 303);
    if (point && draft.data.categoryId && (await reports.nearbyOpen(request.tenant.id, draft.data.categoryId, point)).length > 0) return reply.redirect(`${JOURNEY}/aehnliche`, 303);
    return reply.redirect(`${JOURNEY}/beschreibung`, 303);
  });

  // ---------------------------------------------------------------- 3. "Ist es dieses?"

  app.get(`${JOURNEY}/aehnliche`, { config: pageLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const missing = missingStep(draft.data, 'description');
    if (missing) return reply.redirect(missing, 303);
    const d = draft.data;
    const nearby = d.categoryId && d.lat !== undefined && d.lng !== undefined ? await reports.nearbyOpen(request.tenant.id, d.categoryId, { lat: d.lat, lng: d.lng }) : [];
    if (nearby.length === 0) return reply.redirect(`${JOURNEY}/beschreibung`, 303);
    const t = request.t;
    return reply.page({
      title: t('reports.journey.duplicates.title'),
      breadcrumbs: crumbs(request, t('reports.journey.title')),
      head: journeyAssets(),
      body: DuplicatesPage({ t, locale: request.locale, reports: nearby, continueHref: `${JOURNEY}/beschreibung`, backHref: `${JOURNEY}/ort` }),
    });
  });

  // ---------------------------------------------------------------- 4. description and questions

  async function renderDetails(request: FastifyRequest, reply: FastifyReply, category: Category, description: string, answers: Record<string, string | string[]>, errors: FieldError[], check: boolean, status = 200) {
    const t = request.t;
    return reply.page({
      title: titleOf(request, 'reports.journey.details.title', errors.length > 0),
      breadcrumbs: crumbs(request, t('reports.journey.title')),
      status,
      head: journeyAssets(),
      body: DetailsPage({ t, locale: request.locale, csrfToken: reply.csrfToken(), category, description, answers, errors, check, backHref: check ? `${JOURNEY}/pruefen` : `${JOURNEY}/ort`, maxLength: DESCRIPTION_MAX }),
    });
  }

  app.get(`${JOURNEY}/beschreibung`, { schema: { querystring: stepQuery }, config: pageLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const missing = missingStep(draft.data, 'description');
    const category = await categoryOf(request, draft.data);
    if (missing || !category) return reply.redirect(missing ?? JOURNEY, 303);
    return renderDetails(request, reply, category, draft.data.description ?? '', draft.data.attributes ?? {}, [], (request.query as z.infer<typeof stepQuery>).pruefen === '1');
  });

  app.post(`${JOURNEY}/beschreibung`, { config: stepLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const category = await categoryOf(request, draft.data);
    if (!category) return reply.redirect(JOURNEY, 303);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (value: unknown): string | string[] | undefined => (typeof value === 'string' ? value : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
    const description = typeof body.beschreibung === 'string' ? body.beschreibung : '';
    const raw: Record<string, string | string[]> = {};
    for (const a of category.attributes) {
      const value = text(body[attributeField(a.code)]);
      if (value !== undefined) raw[a.code] = value;
    }
    const check = body.pruefen === '1';
    const checked = await reports.validate(request.tenant, { categoryId: category.id, address: draft.data.address || '-', description, attributes: raw, locale: request.locale, source: 'web' });
    const errors = fieldErrors(request, checked.problems, (f) => f === 'description' || f.startsWith('attribute.'));
    if (errors.length) return renderDetails(request, reply, category, description, raw, errors, check, 422);
    await drafts.save(request.tenant.id, draft.id, { ...draft.data, description: checked.description, attributes: checked.answers });
    return reply.redirect(check ? `${JOURNEY}/pruefen` : `${JOURNEY}/fotos`, 303);
  });

  // ---------------------------------------------------------------- 5. photos

  async function renderPhotos(request: FastifyRequest, reply: FastifyReply, draft: Draft, errors: FieldError[], check: boolean, status = 200) {
    const t = request.t;
    return reply.page({
      title: titleOf(request, 'reports.journey.photos.title', errors.length > 0),
      breadcrumbs: crumbs(request, t('reports.journey.title')),
      status,
      head: journeyAssets(),
      body: PhotosPage({ t, csrfToken: reply.csrfToken(), photos: draft.photos, errors, max: MAX_PHOTOS, maxMb, check, backHref: check ? `${JOURNEY}/pruefen` : `${JOURNEY}/beschreibung` }),
    });
  }

  app.get(`${JOURNEY}/fotos`, { schema: { querystring: stepQuery }, config: pageLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const missing = missingStep(draft.data, 'all');
    if (missing) return reply.redirect(missing, 303);
    return renderPhotos(request, reply, draft, [], (request.query as z.infer<typeof stepQuery>).pruefen === '1');
  });

  /**
   * Each photo is checked (content type, strict decoding, size, pixel count)
   * and re-encoded without metadata as soon as it arrives; accepted ones are
   * kept with the draft at once, so a refused file costs nothing else.
   */
  app.post(`${JOURNEY}/fotos`, { config: photoLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const t = request.t;
    const form = await readForm(request, MAX_PHOTOS);
    if (!form.ok && form.reason === 'csrf') return reply.errorPage(403, 'csrf');
    const fields = form.ok ? form.fields : {};
    const check = fields.pruefen === '1';
    const errors: FieldError[] = [];
    if (!form.ok) errors.push({ field: 'fotos', message: t('reports.journey.photos.error.form') });
    let count = draft.photos.length;
    let added = 0;
    for (const part of form.ok ? form.files.filter((f) => f.field === 'fotos') : []) {
      const name = shownName(part.filename, t('reports.journey.photos.input'));
      if (count >= MAX_PHOTOS) {
        errors.push({ field: 'fotos', message: t('reports.journey.photos.error.tooMany', { name, max: MAX_PHOTOS }) });
        continue;
      }
      if (part.truncated) {
        errors.push({ field: 'fotos', message: t('reports.journey.photos.error.tooLarge', { name, mb: maxMb }) });
        continue;
      }
      const checked = await checkPhoto(part.buffer, part.filename, { maxBytes: MAX_UPLOAD_BYTES });
      if (!checked.ok) {
        errors.push({ field: 'fotos', message: t(PHOTO_MESSAGE[checked.problem], { name, mb: maxMb }) });
        continue;
      }
      const outcome = await drafts.addPhoto(request.tenant.id, draft.id, checked.photo);
      if (outcome === 'gone') return restart(request, reply);
      if (outcome === 'full') {
        errors.push({ field: 'fotos', message: t('reports.journey.photos.error.tooMany', { name, max: MAX_PHOTOS }) });
        continue;
      }
      count++;
      added++;
    }
    if (form.ok && form.tooManyFiles) errors.push({ field: 'fotos', message: t('reports.journey.photos.error.tooManyFiles', { max: MAX_PHOTOS }) });
    const action = fields.aktion === 'weiter' ? 'weiter' : 'hochladen';
    if (action === 'hochladen' && form.ok && form.files.length === 0 && errors.length === 0) errors.push({ field: 'fotos', message: t('reports.journey.photos.error.none') });
    if (errors.length) {
      const fresh = await currentDraft(request);
      if (!fresh) return restart(request, reply);
      return renderPhotos(request, reply, fresh, errors, check, 422);
    }
    if (added) reply.flash('success', added === 1 ? t('reports.journey.photos.added') : t('reports.journey.photos.addedMany', { n: added }));
    if (action === 'weiter') return reply.redirect(check ? `${JOURNEY}/pruefen` : `${JOURNEY}/kontakt`, 303);
    return reply.redirect(withCheck(`${JOURNEY}/fotos`, check), 303);
  });

  /** A preview of an accepted photo, for the browser that uploaded it only (found through its draft cookie). */
  app.get(`${JOURNEY}/fotos/:position`, { schema: { params: thumbnailParams }, config: pageLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    const position = Number((request.params as z.infer<typeof thumbnailParams>).position);
    const photo = draft?.photos.find((p) => p.position === position);
    const file = photo ? await services.files.read(db, request.tenant.id, photo.fileId) : null;
    if (!file) return reply.errorPage(404, '404');
    const preview = await (await loadSharp())(file.content).resize({ width: 480, height: 480, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(preview);
  });

  app.post(`${JOURNEY}/fotos/entfernen`, { config: stepLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const parsed = removeBody.safeParse(request.body ?? {});
    if (!parsed.success) return reply.redirect(`${JOURNEY}/fotos`, 303);
    await drafts.removePhoto(request.tenant.id, draft.id, Number(parsed.data.position));
    return reply.flash('success', request.t('reports.journey.photos.removed')).redirect(withCheck(`${JOURNEY}/fotos`, parsed.data.pruefen === '1'), 303);
  });

  // ---------------------------------------------------------------- 6. contact

  async function renderContact(request: FastifyRequest, reply: FastifyReply, values: { name: string; email: string; privacy: boolean }, errors: FieldError[], check: boolean, status = 200) {
    const t = request.t;
    return reply.page({
      title: titleOf(request, 'reports.journey.contact.title', errors.length > 0),
      breadcrumbs: crumbs(request, t('reports.journey.title')),
      status,
      head: journeyAssets(),
      body: ContactPage({ t, csrfToken: reply.csrfToken(), values, errors, check, backHref: check ? `${JOURNEY}/pruefen` : `${JOURNEY}/fotos` }),
    });
  }

  app.get(`${JOURNEY}/kontakt`, { schema: { querystring: stepQuery }, config: pageLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const missing = missingStep(draft.data, 'all');
    if (missing) return reply.redirect(missing, 303);
    const d = draft.data;
    return renderContact(request, reply, { name: d.name ?? '', email: d.email ?? '', privacy: Boolean(d.consentVersion) }, [], (request.query as z.infer<typeof stepQuery>).pruefen === '1');
  });

  app.post(`${JOURNEY}/kontakt`, { config: stepLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const parsed = contactBody.safeParse(request.body ?? {});
    const form = parsed.success ? parsed.data : {};
    const check = form.pruefen === '1';
    const values = { name: (form.name ?? '').trim(), email: (form.email ?? '').trim(), privacy: form.datenschutz === 'yes' };
    const checked = await reports.validate(request.tenant, { categoryId: draft.data.categoryId ?? '', address: '-', description: '-', name: values.name, email: values.email, locale: request.locale, source: 'web' });
    const errors = fieldErrors(request, checked.problems, (f) => f === 'name' || f === 'email');
    // Name or e-mail address are personal data: kept only with the citizen's consent to the privacy notice.
    if ((values.name || values.email) && !values.privacy) errors.push({ field: 'datenschutz', message: request.t('reports.journey.contact.privacyError') });
    if (errors.length) return renderContact(request, reply, values, errors, check, 422);
    const { name: _n, email: _e, consentVersion: _c, ...rest } = draft.data;
    const version = values.name || values.email ? await services.tenants.getSetting<string>(request.tenant.id, 'privacy.noticeVersion') : null;
    await drafts.save(request.tenant.id, draft.id, { ...rest, ...(values.name ? { name: values.name } : {}), ...(values.email ? { email: values.email } : {}), ...(version ? { consentVersion: version } : {}) });
    return reply.redirect(`${JOURNEY}/pruefen`, 303);
  });

  // ---------------------------------------------------------------- 7. check and send

  async function renderCheck(request: FastifyRequest, reply: FastifyReply, draft: Draft, category: Category, problems: readonly ReportProblem[], status = 200) {
    const t = request.t;
    const locale = request.locale;
    const d = draft.data;
    const change = (path: string) => `${path}?pruefen=1`;
    const place = [d.address ?? '', d.lat !== undefined && d.lng !== undefined ? t('reports.journey.check.point', { lat: coordinateText(d.lat), lng: coordinateText(d.lng) }) : ''].filter(Boolean).join(' · ');
    const reportRows: SummaryRow[] = [
      { key: t('reports.field.category'), value: category.name[locale], changeHref: change(JOURNEY) },
      { key: t('reports.journey.check.place'), value: place, changeHref: change(`${JOURNEY}/ort`) },
      { key: t('reports.journey.check.description'), value: trusted(<span class="rathaus-prewrap" safe>{d.description ?? ''}</span>), changeHref: change(`${JOURNEY}/beschreibung`) },
      ...category.attributes.map((a) => {
        const answer = d.attributes?.[a.code];
        return { key: a.description[locale], value: answer === undefined ? t('reports.journey.check.notAnswered') : describeAnswer(a, answer, locale), changeHref: change(`${JOURNEY}/beschreibung`) };
      }),
      { key: t('reports.journey.check.photos'), value: draft.photos.length ? t('reports.journey.check.photoCount', { n: draft.photos.length }) : t('reports.journey.check.noPhotos'), changeHref: change(`${JOURNEY}/fotos`) },
    ];
    const contactRows: SummaryRow[] = [
      { key: t('reports.journey.check.name'), value: d.name || t('reports.journey.check.none'), changeHref: change(`${JOURNEY}/kontakt`) },
      { key: t('reports.journey.check.email'), value: d.email || t('reports.journey.check.none'), changeHref: change(`${JOURNEY}/kontakt`) },
    ];
    const stepProblems: StepProblem[] = problems.map((p) => ({ message: t(p.messageKey, p.params), href: change(stepOf(p.field)) }));
    const review = await services.tenants.getSetting<boolean>(request.tenant.id, 'reports.reviewBeforePublish');
    return reply.page({
      title: titleOf(request, 'reports.journey.check.title', problems.length > 0),
      breadcrumbs: crumbs(request, t('reports.journey.title')),
      status,
      head: journeyAssets(),
      body: CheckPage({ t, csrfToken: reply.csrfToken(), reportRows, contactRows, problems: stepProblems, review }),
    });
  }

  app.get(`${JOURNEY}/pruefen`, { config: pageLimit }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return restart(request, reply);
    const missing = missingStep(draft.data, 'all');
    const category = await categoryOf(request, draft.data);
    if (missing || !category) return reply.redirect(missing ?? JOURNEY, 303);
    const checked = await reports.validate(request.tenant, inputOf(request, draft));
    return renderCheck(request, reply, draft, category, checked.problems);
  });

  /** The report sent from this browser's (now gone) draft, if any. */
  async function sentFrom(request: FastifyRequest) {
    const key = keyOf(request);
    if (!key) return null;
    return db
      .selectFrom('cases as k')
      .innerJoin('reports as r', (j) => j.onRef('r.tenant_id', '=', 'k.tenant_id').onRef('r.case_id', '=', 'k.id'))
      .innerJoin('report_categories as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.category_id'))
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.id', '=', 'k.unit_id'))
      .select(['k.id as case_id', 'k.contact', 'r.reference', 'r.publication', 'c.deadline_days', 'u.name as unit_name'])
      .where('k.tenant_id', '=', request.tenant.id)
      .where('k.idempotency_key', '=', submissionKey(key.draftId))
      .executeTakeFirst();
  }

  app.post(`${JOURNEY}/absenden`, { config: { ...submitLimit, concurrency: 'submit' } }, async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) {
      // A second click on "absenden" (or a reload) after the report went out: restart shows it, and sends nothing again.
      return restart(request, reply);
    }
    const category = await categoryOf(request, draft.data);
    const result = await reports.submit(request.tenant, inputOf(request, draft));
    if (!result.ok) {
      if (!category) return reply.redirect(JOURNEY, 303);
      return renderCheck(request, reply, draft, category, result.problems, 422);
    }
    await drafts.discard(request.tenant.id, draft.id);
    return reply.redirect(`${JOURNEY}/gesendet`, 303);
  });

  app.get(`${JOURNEY}/gesendet`, { config: pageLimit }, async (request, reply) => {
    const sent = await sentFrom(request);
    if (!sent) return reply.redirect(JOURNEY, 303);
    const t = request.t;
    const withEmail = Boolean(sent.contact.email);
    const accessToken = withEmail ? null : await services.cases.accessTokenOf(db, request.tenant.id, sent.case_id);
    return reply.page({
      title: t('reports.journey.sent.title'),
      breadcrumbs: crumbs(request, t('reports.journey.sent.title')),
      head: journeyAssets(),
      body: SentPage({
        t,
        reference: sent.reference,
        unitName: sent.unit_name,
        deadlineDays: sent.deadline_days,
        withEmail,
        statusHref: accessToken ? `/maengelmelder/status/${accessToken}` : null,
        publicHref: `/maengelmelder/meldung/${sent.reference}`,
        published: sent.publication === 'published',
      }),
    });
  });
}
