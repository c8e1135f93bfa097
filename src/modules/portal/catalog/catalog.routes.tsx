/**
 * Leistungskatalog pages. Public: A–Z with Lebenslagen, one Lebenslage,
 * search, one information page per service. Staff (under /verwaltung, for
 * the Redaktion and admins): the list and the edit form, saved with an audit
 * entry, 303 + flash on success and 422 with an error summary otherwise.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, ForbiddenError, requireAccess, type StaffActor } from '../../../core/auth/policy.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import type { Services } from '../../../core/services.ts';
import type { Breadcrumb } from '../../../core/ui/layout.tsx';
import { getService, listServices, listUnits, searchServices, suggestServices, updateService, type CatalogService } from './catalog.service.ts';
import { parseEditForm, stateForRedisplay, stateFromBody, stateFromService, type EditFormState } from './forms.ts';
import { findLebenslage, lebenslageLabel } from './lebenslagen.ts';
import { requireCatalogEditor } from './permissions.ts';
import { IndexPage, LebenslagePage, SearchPage } from './views/catalog-pages.tsx';
import { ServicePage } from './views/service-page.tsx';
import { EditPage, ProcessingPage, staffProcessingPath, StaffListPage } from './views/staff-pages.tsx';
import { getProcessing, parseProcessingForm, processingStateFromBody, stateFromProcessing, updateProcessing, type ProcessingFormState } from './processing.ts';

// The portal module takes everything it mounts from this file.
export { catalogMessages } from './messages.ts';
export { catalogNavigation, catalogStartTile } from './navigation.ts';

const CATALOG_PATH = '/leistungen';
const STAFF_PATH = '/verwaltung/leistungen';
/** Longest search text shown back and searched; a longer paste is cut, never refused. */
const MAX_QUERY = 200;

const slugParams = z.object({ slug: z.string().min(1).max(80) });

/** `?q=` as one trimmed string, whatever was sent (missing, repeated, overlong). */
function queryText(request: FastifyRequest): string {
  const raw = (request.query as Record<string, unknown> | undefined)?.q;
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY) : '';
}

function catalogCrumbs(request: FastifyRequest, ...trail: Breadcrumb[]): Breadcrumb[] {
  const t = request.t;
  return [{ label: t('nav.start'), href: '/' }, { label: t('catalog.title'), href: CATALOG_PATH }, ...trail];
}

/** Catalogue pages are the same for every visitor: served from the page cache for a few seconds (core/http/page-cache.ts). */
const PUBLIC_CACHE = { cache: { ttlSeconds: 10 } };

export function catalogPublicRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  app.get(CATALOG_PATH, { config: PUBLIC_CACHE }, async (request, reply) => {
    const q = queryText(request);
    if (q !== '') return reply.redirect(`${CATALOG_PATH}/suche?q=${encodeURIComponent(q)}`, 303);
    const t = request.t;
    const list = await listServices(db, request.tenant.id);
    return reply.page({
      title: t('catalog.title'),
      breadcrumbs: [{ label: t('nav.start'), href: '/' }, { label: t('catalog.title') }],
      body: IndexPage({ t, locale: request.locale, services: list }),
    });
  });

  app.get(`${CATALOG_PATH}/suche`, { config: PUBLIC_CACHE }, async (request, reply) => {
    const t = request.t;
    const q = queryText(request);
    const hits = q === '' ? [] : await searchServices(db, request.tenant.id, q);
    const suggestions = q !== '' && hits.length === 0 ? await suggestServices(db, request.tenant.id, q) : [];
    return reply.page({
      title: q === '' ? t('catalog.search.title') : `${t('catalog.search.resultsFor', { query: q })} – ${t('catalog.search.title')}`,
      breadcrumbs: catalogCrumbs(request, { label: t('catalog.search.title') }),
      body: SearchPage({ t, locale: request.locale, query: q, hits, suggestions }),
    });
  });

  app.get(`${CATALOG_PATH}/lebenslage/:slug`, { schema: { params: slugParams }, config: PUBLIC_CACHE }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const lage = findLebenslage(slug);
    if (!lage) return reply.errorPage(404, '404');
    const t = request.t;
    const label = lebenslageLabel(lage, request.locale);
    const list = await listServices(db, request.tenant.id, { category: lage.slug });
    return reply.page({
      title: label,
      breadcrumbs: catalogCrumbs(request, { label }),
      body: LebenslagePage({ t, locale: request.locale, lage, services: list }),
    });
  });

  app.get(`${CATALOG_PATH}/:slug`, { schema: { params: slugParams }, config: PUBLIC_CACHE }, async (request, reply) => {
    const { slug } = request.params as z.infer<typeof slugParams>;
    const service = await getService(db, request.tenant.id, slug);
    if (!service) return reply.errorPage(404, '404');
    return reply.page({
      title: service.title,
      breadcrumbs: catalogCrumbs(request, { label: service.title }),
      body: ServicePage({ t: request.t, locale: request.locale, service }),
    });
  });
}

/** The logged-in staff member; the /verwaltung guard lets nobody else through. */
function editor(request: FastifyRequest): StaffActor {
  const actor = request.staff;
  if (!actor) throw new ForbiddenError();
  requireCatalogEditor(actor, request.tenant.id);
  return actor;
}

export function catalogStaffRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  const staffCrumbs = (request: FastifyRequest, ...trail: Breadcrumb[]): Breadcrumb[] => [{ label: request.t('staff.area'), href: '/verwaltung' }, ...trail];

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, service: CatalogService, state: EditFormState, errors: FieldError[], status: number) {
    const t = request.t;
    const title = t('catalog.staff.editTitle', { title: service.title });
    return reply.page({
      title: errors.length > 0 ? `${t('ui.field.errorPrefix')} ${title}` : title,
      breadcrumbs: staffCrumbs(request, { label: t('catalog.staff.title'), href: STAFF_PATH }, { label: service.title }),
      status,
      body: EditPage({
        t,
        locale: request.locale,
        csrfToken: reply.csrfToken(),
        service,
        units: await listUnits(db, request.tenant.id),
        state,
        errors,
        processingHref: request.staff && can(request.staff, 'catalog.configure', { tenantId: request.tenant.id }) ? staffProcessingPath(service.slug) : null,
      }),
    });
  }

  /** Administrators only: the policy layer decides (`catalog.configure`). */
  function administrator(request: FastifyRequest): StaffActor {
    const actor = request.staff;
    if (!actor) throw new ForbiddenError();
    requireAccess(actor, 'catalog.configure', { tenantId: request.tenant.id });
    return actor;
  }

  async function renderProcessing(request: FastifyRequest, reply: FastifyReply, service: CatalogService, state: ProcessingFormState, errors: FieldError[], status: number) {
    const t = request.t;
    const title = t('catalog.processing.title', { title: service.title });
    return reply.page({
      title: errors.length > 0 ? `${t('ui.field.errorPrefix')} ${title}` : title,
      breadcrumbs: staffCrumbs(request, { label: t('catalog.staff.title'), href: STAFF_PATH }, { label: service.title, href: `${STAFF_PATH}/${encodeURIComponent(service.slug)}` }, { label: t('catalog.processing.crumb') }),
      status,
      body: ProcessingPage({ t, csrfToken: reply.csrfToken(), service, state, errors, defaultCaseRetentionDays: await services.tenants.getSetting<number>(request.tenant.id, 'cases.applicationRetentionDays') }),
    });
  }

  app.get('/leistungen/:slug/verfahren', { schema: { params: slugParams } }, async (request, reply) => {
    administrator(request);
    const { slug } = request.params as z.infer<typeof slugParams>;
    const [service, processing] = await Promise.all([getService(db, request.tenant.id, slug, { includeInactive: true }), getProcessing(db, request.tenant.id, slug)]);
    if (!service || !processing) return reply.errorPage(404, '404');
    return renderProcessing(request, reply, service, stateFromProcessing(processing), [], 200);
  });

  app.post('/leistungen/:slug/verfahren', { schema: { params: slugParams } }, async (request, reply) => {
    const actor = administrator(request);
    const { slug } = request.params as z.infer<typeof slugParams>;
    const service = await getService(db, request.tenant.id, slug, { includeInactive: true });
    if (!service) return reply.errorPage(404, '404');
    const state = processingStateFromBody(request.body);
    const parsed = parseProcessingForm(state, request.t);
    if (!parsed.ok) return renderProcessing(request, reply, service, state, parsed.errors, 422);
    const result = await updateProcessing(db, actor, slug, parsed.value);
    if (!result.ok) return reply.errorPage(404, '404');
    reply.flash('success', request.t('catalog.processing.saved', { title: service.title }));
    return reply.redirect(`${STAFF_PATH}/${encodeURIComponent(slug)}`, 303);
  });

  app.get('/leistungen', async (request, reply) => {
    editor(request);
    const t = request.t;
    const list = await listServices(db, request.tenant.id, { includeInactive: true });
    return reply.page({
      title: t('catalog.staff.title'),
      breadcrumbs: staffCrumbs(request, { label: t('catalog.staff.title') }),
      body: StaffListPage({ t, services: list }),
    });
  });

  app.get('/leistungen/:slug', { schema: { params: slugParams } }, async (request, reply) => {
    editor(request);
    const { slug } = request.params as z.infer<typeof slugParams>;
    const service = await getService(db, request.tenant.id, slug, { includeInactive: true });
    if (!service) return reply.errorPage(404, '404');
    return renderEdit(request, reply, service, stateFromService(service), [], 200);
  });

  app.post('/leistungen/:slug', { schema: { params: slugParams } }, async (request, reply) => {
    const actor = editor(request);
    const t = request.t;
    const { slug } = request.params as z.infer<typeof slugParams>;
    const service = await getService(db, request.tenant.id, slug, { includeInactive: true });
    if (!service) return reply.errorPage(404, '404');
    const state = stateFromBody(request.body);
    const parsed = parseEditForm(state, t);
    if (!parsed.ok) return renderEdit(request, reply, service, stateForRedisplay(state), parsed.errors, 422);
    const result = await updateService(db, actor, slug, parsed.update);
    if (!result.ok && result.reason === 'not-found') return reply.errorPage(404, '404');
    if (!result.ok) return renderEdit(request, reply, service, stateForRedisplay(state), [{ field: 'unitId', message: t('catalog.error.unit') }], 422);
    reply.flash('success', t(result.changed.length > 0 ? 'catalog.staff.saved' : 'catalog.staff.unchanged', { title: parsed.update.title }));
    return reply.redirect(STAFF_PATH, 303);
  });
}
