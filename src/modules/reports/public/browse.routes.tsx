/**
 * The Mängelmelder's public pages (start page with the list and map of
 * reports, a report's page, its photos, following a report) and the
 * reporter's own loop (status page with "Nicht erledigt" and feedback,
 * "Meine Meldungen"). Public pages render only the public projection of the
 * report service; the secret-link pages sit under paths the log redacts.
 * Every page works without JavaScript; the map only enhances.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadSharp } from '../../../core/files/sharp.ts';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import { fields, parseForm, type FieldError } from '../../../core/http/validation.ts';
import { INLINE_VIEW_HEADERS } from '../../../core/files/download.ts';
import type { Option } from '../../../core/ui/components.tsx';
import { reportsOf } from '../instance.ts';
import { isReportState, stateLabelKey } from '../model/states.ts';
import { placeOf, type PublicFilters, type PublicReport } from '../reports.service.ts';
import { mapAssets, ReportMap, setMapCsp, type MapMarker } from './map.tsx';
import { browseMessages } from './browse/messages.ts';
import { reporterCommands } from './browse/reporter.service.ts';
import { ButtonPage, FollowForm, ListPage, MessagePage, MineForm, MineList, ReportPage, ReporterPage, type ListFilters } from './browse/views.tsx';

export const reportBrowseMessages = browseMessages;

const PAGE_SIZE = 20;
const THUMBNAIL_WIDTH = 320;

const pageLimit = { rateLimit: { max: 300, timeWindow: '10 minutes' } };
const photoLimit = { rateLimit: { max: 900, timeWindow: '10 minutes' } };
const followLimit = { rateLimit: { max: 10, timeWindow: '10 minutes' } };
const mineLimit = { rateLimit: { max: 5, timeWindow: '10 minutes' } };
const actionLimit = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

const listQuery = z.object({
  kategorie: z.string().max(60).optional(),
  status: z.string().max(20).optional(),
  gebiet: z.string().max(60).optional(),
  seite: z.string().regex(/^\d{1,4}$/).optional(),
});
const referenceParams = z.object({ reference: z.string().max(40) });
const photoParams = z.object({ id: z.string().max(64) });
const tokenParams = z.object({ token: z.string().max(200) });
const reporterPhotoParams = z.object({ token: z.string().max(200), id: z.string().max(64) });

const followForm = z.object({ email: fields.email(), privacy: fields.checkbox('validation.consent') });
const mineForm = z.object({ email: fields.email() });
const reopenForm = z.object({ grund: fields.requiredText(1000) });
const feedbackForm = z.object({ zufriedenheit: z.enum(['1', '2', '3', '4', '5'], { error: 'validation.choose' }) });

/**
 * The core CSRF check leaves multipart bodies to the upload form reader; none
 * of these forms is multipart, so such a body is refused before anything runs.
 */
async function plainFormOnly(request: FastifyRequest, reply: FastifyReply) {
  if (request.isMultipart()) return reply.errorPage(403, 'csrf');
}

export function reportBrowseRoutes(app: FastifyInstance, services: Services): void {
  const reports = reportsOf(services);
  const commands = reporterCommands(services);

  const crumbs = (request: FastifyRequest, here?: string) => [
    { label: request.t('nav.start'), href: '/' },
    { label: request.t('reports.browse.title'), ...(here ? { href: '/maengelmelder' } : {}) },
    ...(here ? [{ label: here }] : []),
  ];

  /** The tenant's tile server, or null when it shows no maps. */
  async function mapSettings(tenantId: string) {
    const tileUrl = await services.tenants.getSetting<string>(tenantId, 'reports.tileUrl');
    if (!tileUrl) return null;
    return { tileUrl, attribution: await services.tenants.getSetting<string>(tenantId, 'reports.tileAttribution'), bounds: await reports.boundsOf(tenantId) };
  }

  function markerOf(request: FastifyRequest, report: PublicReport): MapMarker | null {
    if (report.lat === null || report.lng === null) return null;
    const place = placeOf(report.address, { lat: report.lat, lng: report.lng });
    return {
      lat: report.lat,
      lng: report.lng,
      label: `${report.categoryName[request.locale]}: ${place} (${request.t(stateLabelKey(report.state))})`,
      href: `/maengelmelder/meldung/${report.reference}`,
      state: report.state,
    };
  }

  /** A show-mode map of these reports (and the CSP that lets its tiles load), or nothing. */
  async function mapOf(request: FastifyRequest, reply: FastifyReply, list: readonly PublicReport[], options: { centre?: boolean; label: string; small?: boolean }) {
    const settings = await mapSettings(request.tenant.id);
    const markers = list.map((r) => markerOf(request, r)).filter((m): m is MapMarker => m !== null);
    if (!settings || markers.length === 0) return null;
    setMapCsp(reply, settings.tileUrl);
    const first = markers[0] as MapMarker;
    return {
      head: mapAssets(),
      body: ReportMap({
        t: request.t,
        mode: 'show',
        markers,
        tileUrl: settings.tileUrl,
        attribution: settings.attribution,
        bounds: settings.bounds,
        label: options.label,
        ...(options.centre ? { centre: { lat: first.lat, lng: first.lng } } : {}),
        ...(options.small ? { class: 'rathaus-report-map--small' } : {}),
      }),
    };
  }

  function notFoundPage(request: FastifyRequest, reply: FastifyReply, title: string, text: string, links: { href: string; label: string }[] = []) {
    return reply.page({ title, status: 404, breadcrumbs: crumbs(request, title), body: MessagePage({ title, text, links }) });
  }

  const reportNotFound = (request: FastifyRequest, reply: FastifyReply) =>
    notFoundPage(request, reply, request.t('reports.browse.notFound.title'), request.t('reports.browse.notFound.body'), [{ href: '/maengelmelder', label: request.t('reports.browse.detail.back') }]);

  // ------------------------------------------------------------ start page with list and map

  app.get('/maengelmelder', { schema: { querystring: listQuery }, config: pageLimit }, async (request, reply) => {
    const q = request.query as z.infer<typeof listQuery>;
    const t = request.t;
    const tenantId = request.tenant.id;
    const [categories, areas] = await Promise.all([reports.categories(tenantId, { includeInactive: true }), reports.areas(tenantId)]);
    const errors: FieldError[] = [];
    const filters: PublicFilters = {};
    const shown: ListFilters = { kategorie: '', status: '', gebiet: '' };
    if (q.kategorie) {
      const category = categories.find((c) => c.code === q.kategorie);
      if (category) {
        filters.categoryId = category.id;
        shown.kategorie = category.code;
      } else errors.push({ field: 'kategorie', message: t('reports.browse.filter.unknown') });
    }
    if (q.status) {
      if (q.status === 'open' || q.status === 'closed' || isReportState(q.status)) {
        filters.state = q.status;
        shown.status = q.status;
      } else errors.push({ field: 'status', message: t('reports.browse.filter.unknown') });
    }
    if (q.gebiet) {
      const area = areas.find((a) => a.slug === q.gebiet);
      if (area) {
        filters.bounds = area.bounds;
        shown.gebiet = area.slug;
      } else errors.push({ field: 'gebiet', message: t('reports.browse.filter.unknown') });
    }
    const page = Math.max(1, Number(q.seite ?? '1'));
    const { reports: list, total } = await reports.listPublic(tenantId, { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const hrefFor = (p: number) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(shown)) if (value) search.set(key, value);
      if (p > 1) search.set('seite', String(p));
      const text = search.toString();
      return text ? `/maengelmelder?${text}` : '/maengelmelder';
    };
    const map = await mapOf(request, reply, list, { label: t('reports.browse.mapHeading') });
    const categoryOptions: Option[] = categories.filter((c) => c.active || c.code === shown.kategorie).map((c) => ({ value: c.code, label: c.name[request.locale] }));
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('reports.browse.title'),
      breadcrumbs: crumbs(request),
      status: errors.length ? 400 : 200,
      ...(map ? { head: map.head } : {}),
      body: ListPage({
        t,
        locale: request.locale,
        filters: shown,
        errors,
        categories: categoryOptions,
        areas: areas.map((a) => ({ value: a.slug, label: a.name })),
        reports: list,
        total,
        page,
        pageCount,
        hrefFor,
        ...(map ? { safeMap: map.body } : {}),
      }),
    });
  });

  // ------------------------------------------------------------ a report's public page and photos

  app.get('/maengelmelder/meldung/:reference', { schema: { params: referenceParams }, config: pageLimit }, async (request, reply) => {
    const { reference } = request.params as z.infer<typeof referenceParams>;
    const report = await reports.getPublic(request.tenant.id, reference);
    if (!report) return reportNotFound(request, reply);
    const originalReference = report.duplicateOf ? await commands.publicReferenceOf(request.tenant.id, report.duplicateOf) : null;
    const title = request.t('reports.browse.detail.title', { reference: report.reference });
    const map = await mapOf(request, reply, [report], { centre: true, small: true, label: request.t('reports.browse.detail.mapHeading') });
    return reply.page({
      title,
      breadcrumbs: crumbs(request, title),
      ...(map ? { head: map.head } : {}),
      body: ReportPage({ t: request.t, locale: request.locale, report, originalReference, ...(map ? { safeMap: map.body } : {}) }),
    });
  });

  /** Sends a stored photo: our re-encoded JPEG, never sniffed, never run as a document. */
  function sendPhoto(reply: FastifyReply, file: { mimeType: string; content: Buffer }, cache: string) {
    return reply.type(file.mimeType).headers(INLINE_VIEW_HEADERS).header('content-disposition', 'inline').header('cache-control', cache).send(file.content);
  }

  // Public photos may sit in caches for a few minutes; a photo withdrawn by a clerk is gone from here at once.
  const PUBLIC_PHOTO_CACHE = 'public, max-age=300';

  app.get('/maengelmelder/foto/:id', { schema: { params: photoParams }, config: photoLimit }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof photoParams>;
    const file = await reports.publicPhoto(request.tenant.id, id);
    if (!file) return reply.callNotFound();
    return sendPhoto(reply, file, PUBLIC_PHOTO_CACHE);
  });

  app.get('/maengelmelder/foto/:id/vorschau', { schema: { params: photoParams }, config: photoLimit }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof photoParams>;
    const file = await reports.publicPhoto(request.tenant.id, id);
    if (!file) return reply.callNotFound();
    const content = await (await loadSharp())(file.content).resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
    return sendPhoto(reply, { mimeType: 'image/jpeg', content }, PUBLIC_PHOTO_CACHE);
  });

  // ------------------------------------------------------------ following a report

  async function renderFollow(request: FastifyRequest, reply: FastifyReply, reference: string, values: Record<string, string>, errors: FieldError[], status = 200) {
    const t = request.t;
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('reports.browse.follow.title'),
      breadcrumbs: crumbs(request, t('reports.browse.follow.title')),
      status,
      body: FollowForm({ t, reference, csrfToken: reply.csrfToken(), values, errors }),
    });
  }

  app.get('/maengelmelder/meldung/:reference/folgen', { schema: { params: referenceParams }, config: pageLimit }, async (request, reply) => {
    const { reference } = request.params as z.infer<typeof referenceParams>;
    const report = await reports.getPublic(request.tenant.id, reference);
    if (!report) return reportNotFound(request, reply);
    return renderFollow(request, reply, report.reference, {}, []);
  });

  app.post('/maengelmelder/meldung/:reference/folgen', { schema: { params: referenceParams }, preHandler: plainFormOnly, config: followLimit }, async (request, reply) => {
    const { reference } = request.params as z.infer<typeof referenceParams>;
    const t = request.t;
    const report = await reports.getPublic(request.tenant.id, reference);
    if (!report) return reportNotFound(request, reply);
    const form = parseForm(followForm, request.body, t);
    if (!form.ok) return renderFollow(request, reply, report.reference, form.values, form.errors, 422);
    const result = await commands.follow(request.tenant, report.reference, form.data.email, request.locale);
    if (!result.ok) return reportNotFound(request, reply);
    // The same answer whether or not the address follows already: nobody learns who follows what.
    return reply.page({
      title: t('reports.browse.follow.sentTitle'),
      breadcrumbs: crumbs(request, t('reports.browse.follow.title')),
      body: MessagePage({ title: t('reports.browse.follow.sentTitle'), text: `${t('reports.browse.follow.sent', { reference: report.reference })} ${t('reports.browse.follow.spam')}`, links: [{ href: `/maengelmelder/meldung/${report.reference}`, label: t('reports.browse.detail.duplicateLink', { reference: report.reference }) }] }),
    });
  });

  const reportLink = (request: FastifyRequest, reference: string) => [{ href: `/maengelmelder/meldung/${reference}`, label: request.t('reports.browse.detail.duplicateLink', { reference }) }];

  const confirmInvalid = (request: FastifyRequest, reply: FastifyReply) =>
    notFoundPage(request, reply, request.t('reports.browse.confirm.title'), request.t('reports.browse.confirm.invalid'), [{ href: '/maengelmelder', label: request.t('reports.browse.detail.back') }]);

  app.get('/maengelmelder/abo/:token', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const found = await commands.subscriptionOf(request.tenant.id, token);
    if (!found) return confirmInvalid(request, reply);
    const title = t('reports.browse.confirm.title');
    if (found.confirmed) return reply.page({ title, breadcrumbs: crumbs(request, title), body: MessagePage({ title, text: t('reports.browse.confirm.already', { reference: found.reference }), links: reportLink(request, found.reference) }) });
    return reply.page({
      title,
      breadcrumbs: crumbs(request, title),
      body: ButtonPage({ title, text: t('reports.browse.confirm.lead', { reference: found.reference }), action: `/maengelmelder/abo/${token}`, csrfToken: reply.csrfToken(), button: t('reports.browse.confirm.submit') }),
    });
  });

  app.post('/maengelmelder/abo/:token', { schema: { params: tokenParams }, preHandler: plainFormOnly, config: actionLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const result = await commands.confirmFollow(request.tenant.id, token);
    if (!result.ok) return confirmInvalid(request, reply);
    const title = t('reports.browse.confirm.title');
    const text = t(result.outcome === 'confirmed' ? 'reports.browse.confirm.done' : 'reports.browse.confirm.already', { reference: result.reference });
    return reply.page({ title, breadcrumbs: crumbs(request, title), body: MessagePage({ title, text, links: reportLink(request, result.reference) }) });
  });

  const unsubscribeInvalid = (request: FastifyRequest, reply: FastifyReply) =>
    notFoundPage(request, reply, request.t('reports.browse.unsubscribe.title'), request.t('reports.browse.unsubscribe.invalid'));

  app.get('/maengelmelder/abo/:token/abbestellen', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const title = t('reports.browse.unsubscribe.title');
    const target = await commands.unsubscribeTarget(request.tenant.id, token);
    if (!target.ok && target.reason === 'invalid') return unsubscribeInvalid(request, reply);
    if (!target.ok) return reply.page({ title, breadcrumbs: crumbs(request, title), body: MessagePage({ title, text: t('reports.browse.unsubscribe.gone') }) });
    return reply.page({
      title,
      breadcrumbs: crumbs(request, title),
      body: ButtonPage({ title, text: t('reports.browse.unsubscribe.lead', { reference: target.reference }), action: `/maengelmelder/abo/${token}/abbestellen`, csrfToken: reply.csrfToken(), button: t('reports.browse.unsubscribe.submit') }),
    });
  });

  app.post('/maengelmelder/abo/:token/abbestellen', { schema: { params: tokenParams }, preHandler: plainFormOnly, config: actionLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const result = await commands.unsubscribe(request.tenant.id, token);
    if (!result.ok) return unsubscribeInvalid(request, reply);
    const title = t('reports.browse.unsubscribe.title');
    return reply.page({ title, breadcrumbs: crumbs(request, title), body: MessagePage({ title, text: t(result.outcome === 'removed' ? 'reports.browse.unsubscribe.done' : 'reports.browse.unsubscribe.gone') }) });
  });

  // ------------------------------------------------------------ the reporter's own page

  const statusNotFound = (request: FastifyRequest, reply: FastifyReply) =>
    notFoundPage(request, reply, request.t('reports.browse.notFound.title'), request.t('reports.browse.status.notFound'), [{ href: '/maengelmelder/meine', label: request.t('reports.browse.mine.title') }]);

  async function renderStatus(request: FastifyRequest, reply: FastifyReply, token: string, state: { errors: FieldError[]; values: Record<string, string> }, status = 200) {
    const report = await reports.forReporter(request.tenant.id, token);
    if (!report) return statusNotFound(request, reply);
    const t = request.t;
    const title = t('reports.browse.status.title', { reference: report.reference });
    return reply.page({
      title: (state.errors.length ? `${t('ui.field.errorPrefix')} ` : '') + title,
      breadcrumbs: crumbs(request, title),
      status,
      body: ReporterPage({ t, locale: request.locale, token, report, csrfToken: reply.csrfToken(), errors: state.errors, values: state.values }),
    });
  }

  app.get('/maengelmelder/status/:token', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    return renderStatus(request, reply, token, { errors: [], values: {} });
  });

  app.get('/maengelmelder/status/:token/foto/:id', { schema: { params: reporterPhotoParams }, config: photoLimit }, async (request, reply) => {
    const { token, id } = request.params as z.infer<typeof reporterPhotoParams>;
    const file = await reports.reporterPhoto(request.tenant.id, token, id);
    if (!file) return reply.callNotFound();
    return sendPhoto(reply, file, 'no-store');
  });

  app.post('/maengelmelder/status/:token/nicht-erledigt', { schema: { params: tokenParams }, preHandler: plainFormOnly, config: actionLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const form = parseForm(reopenForm, request.body, t);
    if (!form.ok) {
      const report = await reports.forReporter(request.tenant.id, token);
      if (!report) return statusNotFound(request, reply);
      if (report.canReopen) return renderStatus(request, reply, token, { errors: form.errors, values: form.values }, 422);
      // The form is only shown while reopening is possible; otherwise say why instead of an error on a missing field.
      reply.flash('info', t(report.closedAt ? 'reports.browse.reopen.over' : 'reports.browse.reopen.notClosed'));
      return reply.redirect(`/maengelmelder/status/${token}`, 303);
    }
    const result = await commands.reopen(request.tenant, token, form.data.grund);
    if (!result.ok && result.reason === 'not-found') return statusNotFound(request, reply);
    if (result.ok) reply.flash('success', t('reports.browse.reopen.done'));
    else reply.flash('info', t(result.reason === 'not-closed' ? 'reports.browse.reopen.notClosed' : 'reports.browse.reopen.over'));
    return reply.redirect(`/maengelmelder/status/${token}`, 303);
  });

  app.post('/maengelmelder/status/:token/bewertung', { schema: { params: tokenParams }, preHandler: plainFormOnly, config: actionLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const form = parseForm(feedbackForm, request.body, t);
    if (!form.ok) {
      const report = await reports.forReporter(request.tenant.id, token);
      if (!report) return statusNotFound(request, reply);
      if (report.canGiveFeedback) return renderStatus(request, reply, token, { errors: form.errors, values: form.values }, 422);
      reply.flash('info', t(report.feedbackScore !== null ? 'reports.browse.feedback.already' : 'reports.browse.feedback.notClosed'));
      return reply.redirect(`/maengelmelder/status/${token}`, 303);
    }
    const result = await commands.giveFeedback(request.tenant, token, Number(form.data.zufriedenheit));
    if (!result.ok && result.reason === 'not-found') return statusNotFound(request, reply);
    if (result.ok) reply.flash('success', t('reports.browse.feedback.done'));
    else reply.flash('info', t(result.reason === 'already' ? 'reports.browse.feedback.already' : 'reports.browse.feedback.notClosed'));
    return reply.redirect(`/maengelmelder/status/${token}`, 303);
  });

  // ------------------------------------------------------------ "Meine Meldungen"

  async function renderMine(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldError[], status = 200) {
    const t = request.t;
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('reports.browse.mine.title'),
      breadcrumbs: crumbs(request, t('reports.browse.mine.title')),
      status,
      body: MineForm({ t, csrfToken: reply.csrfToken(), values, errors }),
    });
  }

  app.get('/maengelmelder/meine', { config: pageLimit }, async (request, reply) => renderMine(request, reply, {}, []));

  app.post('/maengelmelder/meine', { preHandler: plainFormOnly, config: mineLimit }, async (request, reply) => {
    const t = request.t;
    const form = parseForm(mineForm, request.body, t);
    if (!form.ok) return renderMine(request, reply, form.values, form.errors, 422);
    await commands.requestMine(request.tenant, form.data.email, request.locale);
    const title = t('reports.browse.mine.sentTitle');
    return reply.page({ title, breadcrumbs: crumbs(request, t('reports.browse.mine.title')), body: MessagePage({ title, text: `${t('reports.browse.mine.sent')} ${t('reports.browse.follow.spam')}` }) });
  });

  app.get('/maengelmelder/meine/:token', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const checked = commands.verifyMine(request.tenant.id, token);
    if (!checked.ok) return notFoundPage(request, reply, t('reports.browse.mine.invalidTitle'), t('reports.browse.mine.invalid'), [{ href: '/maengelmelder/meine', label: t('reports.browse.mine.again') }]);
    const entries = await commands.listMine(request.tenant.id, checked.key);
    return reply.page({ title: t('reports.browse.mine.title'), breadcrumbs: crumbs(request, t('reports.browse.mine.title')), body: MineList({ t, locale: request.locale, entries, expiresAt: checked.expiresAt }) });
  });
}
