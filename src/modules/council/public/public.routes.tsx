/**
 * The public Ratsinformationssystem under /ratsinfo: overview, meeting
 * calendar and pages, papers with their Beratungsfolge, Gremien and persons,
 * full-text search, RSS and iCal feeds, combined PDFs, "Dokument melden" —
 * and the one route that serves council file bytes to every face (public,
 * members, Ratsbüro), decided by councilFileAccess. Public data is read only
 * through the council_public_* views (public.service.ts, search service).
 */
import { COUNCIL_FILE_REPORT_CASE_TYPE } from '../file-report.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import { can } from '../../../core/auth/policy.ts';
import { contentDisposition, INLINE_VIEW_HEADERS, INLINE_VIEWABLE } from '../../../core/files/download.ts';
import { fields, parseForm, type FieldError } from '../../../core/http/validation.ts';
import { isIsoDay } from '../../../core/time/berlin.ts';
import type { Option } from '../../../core/ui/components.tsx';
import { auditNonPublicRead, councilFileAccess, councilToday, memberOf, type FileViewer } from '../council.service.ts';
import { combinePdfs } from '../documents/combine-pdf.ts';
import { MAX_QUERY_LENGTH, searchCouncil, type SearchFilters } from '../search/search.service.ts';
import { meetingSelection, paperSelection, paperVisibleTo } from './combined.ts';
import { renderMeetingsIcal, renderPapersRss } from './feeds.ts';
import { publicMessages } from './messages.ts';
import { publicCouncil } from './public.service.ts';
import {
  CalendarPage,
  MeetingPage,
  MessagePage,
  OrganizationPage,
  OrganizationsPage,
  OverviewPage,
  PaperPage,
  PapersPage,
  PersonPage,
  PersonsPage,
  REPORT_REASONS,
  ReportDone,
  ReportForm,
  SearchPage,
  type FilterOptions,
  type FilterState,
} from './views.tsx';

export const councilPublicMessages = publicMessages;

const pageLimit = { rateLimit: { max: 600, timeWindow: '10 minutes' } };
const fileLimit = { rateLimit: { max: 900, timeWindow: '10 minutes' } };
const combinedLimit = { rateLimit: { max: 60, timeWindow: '10 minutes' } };
const reportLimit = { rateLimit: { max: 10, timeWindow: '10 minutes' } };

const PAGE_SIZE = 20;
const PUBLIC_CACHE = 'public, max-age=300';
const PRIVATE_CACHE = 'private, no-store';
const REPORT_COOKIE = 'rathaus-council-report';

const idParams = z.object({ id: z.uuid() });
const fileParams = z.object({ fileId: z.uuid() });
const text = z.string().max(300).optional();
const filterQuery = z.object({ q: z.string().max(1000).optional(), art: text, gremium: text, urheber: text, von: text, bis: text, seite: z.string().regex(/^\d{1,4}$/).optional() });
const calendarQuery = z.object({ monat: text, gremium: text });

const reportForm = z.object({
  reason: z.enum(REPORT_REASONS, { error: 'validation.choose' }),
  text: fields.requiredText(2000),
  email: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.union([z.literal(''), z.email('validation.email').max(254, 'validation.tooLong')])),
});

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** Query strings parsed leniently: repeated keys take the first value; anything malformed is treated as absent. */
function parseQuery<S extends z.ZodObject>(schema: S, query: unknown): z.infer<S> | null {
  const flat = Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, firstOf(v)]));
  const parsed = schema.safeParse(flat);
  return parsed.success ? parsed.data : null;
}

function currentMonth(day: string): string {
  return day.slice(0, 7);
}

function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export async function councilPublicRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const db = services.db;
  const council = publicCouncil(db);
  const today = () => councilToday(services.now());

  const crumbs = (request: FastifyRequest, ...trail: { label: string; href?: string }[]) => [{ label: request.t('nav.start'), href: '/' }, { label: request.t('council.public.title'), href: '/ratsinfo' }, ...trail];
  const topCrumbs = (request: FastifyRequest) => [{ label: request.t('nav.start'), href: '/' }, { label: request.t('council.public.title') }];

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    const title = request.t('council.public.notFound.title');
    return reply.page({ title, status: 404, breadcrumbs: crumbs(request, { label: title }), body: MessagePage({ t: request.t, title, text: request.t('council.public.notFound.body') }) });
  }

  function gone(request: FastifyRequest, reply: FastifyReply) {
    const title = request.t('council.public.gone.title');
    return reply.page({ title, status: 410, breadcrumbs: crumbs(request, { label: title }), body: MessagePage({ t: request.t, title, text: request.t('council.public.gone.body') }) });
  }

  function idOf(request: FastifyRequest): string | null {
    const parsed = idParams.safeParse(request.params);
    return parsed.success ? parsed.data.id : null;
  }

  /** Who asks: the Ratsbüro, a council member (second factor passed), or the public. */
  async function viewerOf(request: FastifyRequest): Promise<FileViewer> {
    const staff = request.staff;
    if (staff && can(staff, 'council.manage', { tenantId: request.tenant.id })) return { kind: 'office', actor: staff };
    // A session from before the role was granted may lack the second factor every member must have passed.
    const member = request.staffSession?.totpEnabled ? await memberOf(db, staff, today()) : null;
    return member ? { kind: 'member', member } : { kind: 'public' };
  }

  async function gremiumOptions(tenantId: string): Promise<Option[]> {
    const orgs = await council.organizations(tenantId);
    return orgs.filter((o) => o.organization_type === 'Gremium').map((o) => ({ value: o.id, label: o.name }));
  }

  async function filterOptions(tenantId: string): Promise<FilterOptions> {
    const [types, organizations, originators] = await Promise.all([council.paperTypes(tenantId), gremiumOptions(tenantId), council.originators(tenantId)]);
    return { types: types.map((x) => ({ value: x, label: x })), organizations, originators: originators.map((o) => ({ value: o.id, label: o.name })) };
  }

  /** The filter fields of the paper list and the search: unknown values are reported, never passed on. */
  function readFilters(request: FastifyRequest, options: FilterOptions) {
    const q = parseQuery(filterQuery, request.query) ?? {};
    const t = request.t;
    const values: FilterState = { q: q.q ?? '', art: '', gremium: '', urheber: '', von: '', bis: '' };
    const filters: SearchFilters = { page: Number(q.seite ?? '1') || 1, pageSize: PAGE_SIZE };
    const errors: FieldError[] = [];
    const pick = (field: 'art' | 'gremium' | 'urheber', list: Option[], apply: (v: string) => void) => {
      const value = q[field];
      if (!value) return;
      if (list.some((o) => o.value === value)) {
        values[field] = value;
        apply(value);
      } else errors.push({ field, message: t('council.public.filter.invalid') });
    };
    pick('art', options.types, (v) => (filters.paperType = v));
    pick('gremium', options.organizations, (v) => (filters.organizationId = v));
    pick('urheber', options.originators, (v) => (filters.originatorId = v));
    for (const field of ['von', 'bis'] as const) {
      const value = q[field];
      if (!value) continue;
      if (isIsoDay(value)) {
        values[field] = value;
        if (field === 'von') filters.dateFrom = value;
        else filters.dateTo = value;
      } else errors.push({ field, message: t('council.public.filter.invalidDate') });
    }
    const hrefFor = (base: string) => (page: number) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(values)) if (value) search.set(key, value);
      if (page > 1) search.set('seite', String(page));
      const s = search.toString();
      return s ? `${base}?${s}` : base;
    };
    return { values, filters, errors, hrefFor };
  }

  // ------------------------------------------------------------ overview

  app.get('/ratsinfo', { config: pageLimit }, async (request, reply) => {
    const tenantId = request.tenant.id;
    const [upcoming, papers] = await Promise.all([council.upcomingMeetings(tenantId, services.now(), 6), council.newestPapers(tenantId, 5)]);
    const next = upcoming.find((m) => !m.cancelled) ?? null;
    return reply.page({
      title: request.t('council.public.title'),
      breadcrumbs: topCrumbs(request),
      body: OverviewPage({ t: request.t, locale: request.locale, next, upcoming: upcoming.filter((m) => m !== next), papers }),
    });
  });

  // ------------------------------------------------------------ meetings

  app.get('/ratsinfo/sitzungen', { config: pageLimit }, async (request, reply) => {
    const t = request.t;
    const q = parseQuery(calendarQuery, request.query) ?? {};
    const organizations = await gremiumOptions(request.tenant.id);
    const errors: FieldError[] = [];
    let month = currentMonth(today());
    if (q.monat) {
      if (/^\d{4}-(0[1-9]|1[0-2])$/.test(q.monat) && q.monat >= '1990-01' && q.monat <= '2199-12') month = q.monat;
      else errors.push({ field: 'monat', message: t('council.public.filter.invalidDate') });
    }
    let organizationId = '';
    if (q.gremium) {
      if (organizations.some((o) => o.value === q.gremium)) organizationId = q.gremium;
      else errors.push({ field: 'gremium', message: t('council.public.filter.invalid') });
    }
    const meetings = await council.meetingsOfMonth(request.tenant.id, month, organizationId || undefined);
    const title = t('council.public.calendar.title');
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + title,
      status: errors.length ? 400 : 200,
      breadcrumbs: crumbs(request, { label: title }),
      body: CalendarPage({ t, locale: request.locale, month, previous: shiftMonth(month, -1), next: shiftMonth(month, 1), organizationId, organizations, meetings, errors }),
    });
  });

  async function sendIcal(request: FastifyRequest, reply: FastifyReply, organization: { id: string; name: string } | null) {
    const meetings = await council.allMeetings(request.tenant.id, organization?.id);
    const baseUrl = await services.baseUrlOf(request.tenant.id);
    const body = renderMeetingsIcal(
      { name: organization ? `${organization.name} – ${request.tenant.name}` : `${request.t('council.public.title')} ${request.tenant.name}`, prodId: '-//Rathaus//Ratsinformation//DE', uidDomain: new URL(baseUrl).hostname, baseUrl, cancelledLabel: request.t('council.cancelled') },
      meetings,
    );
    return reply.type('text/calendar; charset=utf-8').header('cache-control', PUBLIC_CACHE).header('content-disposition', contentDisposition('sitzungen.ics', 'inline')).send(body);
  }

  app.get('/ratsinfo/sitzungen.ics', { config: pageLimit }, async (request, reply) => sendIcal(request, reply, null));

  app.get('/ratsinfo/gremien/:id/sitzungen.ics', { config: pageLimit }, async (request, reply) => {
    const id = idOf(request);
    const organization = id ? await council.organization(request.tenant.id, id) : undefined;
    if (!organization) return notFound(request, reply);
    return sendIcal(request, reply, organization);
  });

  app.get('/ratsinfo/sitzungen/:id', { config: pageLimit }, async (request, reply) => {
    const id = idOf(request);
    const meeting = id ? await council.meeting(request.tenant.id, id) : null;
    if (!meeting) return notFound(request, reply);
    const [agenda, files] = await Promise.all([council.agendaOf(request.tenant.id, meeting.id), council.meetingFiles(request.tenant.id, meeting.id)]);
    return reply.page({
      title: meeting.name,
      breadcrumbs: crumbs(request, { label: request.t('council.public.calendar.title'), href: '/ratsinfo/sitzungen' }, { label: meeting.name }),
      body: MeetingPage({ t: request.t, locale: request.locale, meeting, agenda, files }),
    });
  });

  // ------------------------------------------------------------ papers and search

  app.get('/ratsinfo/vorlagen', { config: pageLimit }, async (request, reply) => {
    const t = request.t;
    const options = await filterOptions(request.tenant.id);
    const { values, filters, errors, hrefFor } = readFilters(request, options);
    const result = await searchCouncil(db, request.tenant.id, '', filters, { kind: 'public' });
    const title = t('council.public.papers.title');
    const list = result.ok ? result : { hits: [], total: 0, page: 1, pageCount: 1 };
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + title,
      status: errors.length ? 400 : 200,
      breadcrumbs: crumbs(request, { label: title }),
      body: PapersPage({ t, locale: request.locale, values: { ...values, q: '' }, options, errors, papers: list.hits, total: list.total, page: list.page, pageCount: list.pageCount, hrefFor: hrefFor('/ratsinfo/vorlagen') }),
    });
  });

  app.get('/ratsinfo/vorlagen.rss', { config: pageLimit }, async (request, reply) => {
    const papers = await council.newestPapers(request.tenant.id, 50);
    const baseUrl = await services.baseUrlOf(request.tenant.id);
    const body = renderPapersRss(
      { title: `${request.t('council.public.newestPapers')} – ${request.tenant.name}`, description: request.t('council.public.intro'), link: `${baseUrl}/ratsinfo/vorlagen`, self: `${baseUrl}/ratsinfo/vorlagen.rss`, language: request.locale, baseUrl },
      papers,
    );
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', PUBLIC_CACHE).send(body);
  });

  app.get('/ratsinfo/suche', { config: pageLimit }, async (request, reply) => {
    const t = request.t;
    const options = await filterOptions(request.tenant.id);
    const { values, filters, errors, hrefFor } = readFilters(request, options);
    const query = values.q.trim();
    if (query.length > MAX_QUERY_LENGTH) errors.unshift({ field: 'q', message: t('council.public.search.tooLong', { max: MAX_QUERY_LENGTH }) });
    const hasFilter = Boolean(filters.paperType || filters.organizationId || filters.originatorId || filters.dateFrom || filters.dateTo);
    const searched = errors.length === 0 && (query !== '' || hasFilter);
    const result = searched ? await searchCouncil(db, request.tenant.id, query, filters, { kind: 'public' }) : null;
    const list = result?.ok ? result : { hits: [], total: 0, page: 1, pageCount: 1 };
    const title = t('council.public.search.title');
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + title,
      status: errors.length ? 400 : 200,
      breadcrumbs: crumbs(request, { label: title }),
      body: SearchPage({ t, locale: request.locale, values: { ...values, q: query.slice(0, MAX_QUERY_LENGTH) }, options, errors, searched, hits: list.hits, total: list.total, page: list.page, pageCount: list.pageCount, hrefFor: hrefFor('/ratsinfo/suche') }),
    });
  });

  app.get('/ratsinfo/vorlagen/:id', { config: pageLimit }, async (request, reply) => {
    const id = idOf(request);
    const paper = id ? await council.paper(request.tenant.id, id) : null;
    if (!paper) return notFound(request, reply);
    const title = paper.reference ? `${paper.reference}: ${paper.name}` : paper.name;
    return reply.page({
      title,
      breadcrumbs: crumbs(request, { label: request.t('council.public.papers.title'), href: '/ratsinfo/vorlagen' }, { label: paper.reference ?? paper.name }),
      body: PaperPage({ t: request.t, locale: request.locale, paper }),
    });
  });

  // ------------------------------------------------------------ combined PDFs

  async function sendCombined(request: FastifyRequest, reply: FastifyReply, viewer: FileViewer, title: string, fileName: string, selection: { parts: { title: string; content: Buffer }[]; nonPublicFileIds: string[] }) {
    const t = request.t;
    const pdf = await combinePdfs(selection.parts, {
      title,
      issuer: request.tenant.name,
      lines: [viewer.kind === 'public' ? t('council.public.combined.cover') : t('council.public.combined.coverMember')],
    });
    const actor = request.staff;
    if (viewer.kind === 'member' && actor) {
      for (const fileId of selection.nonPublicFileIds) await auditNonPublicRead(db, request.tenant.id, actor, fileId, 'combined');
    }
    return reply
      .type('application/pdf')
      .headers(INLINE_VIEW_HEADERS)
      .header('content-disposition', contentDisposition(fileName, 'inline'))
      .header('cache-control', viewer.kind === 'public' ? PUBLIC_CACHE : PRIVATE_CACHE)
      .send(pdf);
  }

  app.get('/ratsinfo/vorlagen/:id/gesamt.pdf', { config: combinedLimit }, async (request, reply) => {
    const id = idOf(request);
    if (!id) return notFound(request, reply);
    const viewer = await viewerOf(request);
    const paper = await paperVisibleTo(db, request.tenant.id, id, viewer, today());
    if (!paper) return notFound(request, reply);
    const selection = await paperSelection(db, services.files, request.tenant.id, id, viewer, today());
    const title = paper.reference ? `${paper.reference}: ${paper.name}` : paper.name;
    return sendCombined(request, reply, viewer, title, `${(paper.reference ?? 'vorlage').replace(/[^A-Za-z0-9._-]+/g, '-')}-gesamt.pdf`, selection);
  });

  app.get('/ratsinfo/sitzungen/:id/gesamt.pdf', { config: combinedLimit }, async (request, reply) => {
    const id = idOf(request);
    const meeting = id ? await council.meeting(request.tenant.id, id) : null;
    if (!meeting) return notFound(request, reply);
    const viewer = await viewerOf(request);
    const selection = await meetingSelection(db, services.files, request.tenant.id, meeting.id, viewer, today());
    return sendCombined(request, reply, viewer, meeting.name, `sitzung-${meeting.startAt.toISOString().slice(0, 10)}-gesamt.pdf`, selection);
  });

  // ------------------------------------------------------------ Gremien and persons

  app.get('/ratsinfo/gremien', { config: pageLimit }, async (request, reply) => {
    const title = request.t('council.public.organizations.title');
    return reply.page({ title, breadcrumbs: crumbs(request, { label: title }), body: OrganizationsPage({ t: request.t, organizations: await council.organizations(request.tenant.id) }) });
  });

  app.get('/ratsinfo/gremien/:id', { config: pageLimit }, async (request, reply) => {
    const id = idOf(request);
    const tenantId = request.tenant.id;
    const organization = id ? await council.organization(tenantId, id) : undefined;
    if (!organization) return notFound(request, reply);
    const day = today();
    const [members, upcoming, past] = await Promise.all([
      council.membersOf(tenantId, organization.id),
      council.upcomingMeetings(tenantId, services.now(), 10, organization.id),
      council.pastMeetings(tenantId, services.now(), 10, organization.id),
    ]);
    const isFormer = (m: { end_date: string | null }) => m.end_date !== null && m.end_date < day;
    const started = (m: { start_date: string | null }) => m.start_date === null || m.start_date <= day;
    return reply.page({
      title: organization.name,
      breadcrumbs: crumbs(request, { label: request.t('council.public.organizations.title'), href: '/ratsinfo/gremien' }, { label: organization.name }),
      body: OrganizationPage({ t: request.t, locale: request.locale, organization, current: members.filter((m) => !isFormer(m) && started(m)), former: members.filter(isFormer), upcoming, past }),
    });
  });

  app.get('/ratsinfo/personen', { config: pageLimit }, async (request, reply) => {
    const title = request.t('council.public.persons.title');
    return reply.page({ title, breadcrumbs: crumbs(request, { label: title }), body: PersonsPage({ t: request.t, persons: await council.persons(request.tenant.id) }) });
  });

  app.get('/ratsinfo/personen/:id', { config: pageLimit }, async (request, reply) => {
    const id = idOf(request);
    const person = id ? await council.person(request.tenant.id, id) : null;
    if (!person) return notFound(request, reply);
    const day = today();
    const isFormer = (m: { end_date: string | null }) => m.end_date !== null && m.end_date < day;
    return reply.page({
      title: person.name,
      breadcrumbs: crumbs(request, { label: request.t('council.public.persons.title'), href: '/ratsinfo/personen' }, { label: person.name }),
      body: PersonPage({ t: request.t, locale: request.locale, person, current: person.memberships.filter((m) => !isFormer(m)), former: person.memberships.filter(isFormer) }),
    });
  });

  // ------------------------------------------------------------ council files (every face)

  /** The file if this viewer may read it; otherwise the reply was sent (404, or 410 once public and now gone). */
  async function readableFile(request: FastifyRequest, reply: FastifyReply) {
    const parsed = fileParams.safeParse(request.params);
    if (!parsed.success) return { ok: false as const, sent: await notFound(request, reply) };
    const viewer = await viewerOf(request);
    const access = await councilFileAccess(db, request.tenant.id, parsed.data.fileId, viewer, today());
    if (access === 'gone') return { ok: false as const, sent: await gone(request, reply) };
    if (access === 'none') return { ok: false as const, sent: await notFound(request, reply) };
    const row = await council.fileRow(request.tenant.id, parsed.data.fileId);
    if (!row) return { ok: false as const, sent: await notFound(request, reply) };
    return { ok: true as const, access, viewer, row };
  }

  async function sendFile(request: FastifyRequest, reply: FastifyReply, disposition: 'inline' | 'attachment') {
    const found = await readableFile(request, reply);
    if (!found.ok) return found.sent;
    const stored = await services.files.read(db, request.tenant.id, found.row.stored_file_id);
    if (!stored) return notFound(request, reply);
    if (found.access === 'member' && request.staff) await auditNonPublicRead(db, request.tenant.id, request.staff, found.row.id, disposition === 'inline' ? 'view' : 'download');
    const inline = disposition === 'inline' && INLINE_VIEWABLE.has(found.row.mime_type);
    return reply
      .type(found.row.mime_type)
      .headers(INLINE_VIEW_HEADERS)
      .header('content-disposition', contentDisposition(found.row.file_name, inline ? 'inline' : 'attachment'))
      .header('cache-control', found.access === 'public' ? PUBLIC_CACHE : PRIVATE_CACHE)
      .send(stored.content);
  }

  app.get('/ratsinfo/dokumente/:fileId', { config: fileLimit }, async (request, reply) => sendFile(request, reply, 'inline'));
  app.get('/ratsinfo/dokumente/:fileId/download', { config: fileLimit }, async (request, reply) => sendFile(request, reply, 'attachment'));

  // ------------------------------------------------------------ "Dokument melden"

  function renderReport(request: FastifyRequest, reply: FastifyReply, file: { id: string; name: string }, values: Record<string, string>, errors: FieldError[], status = 200) {
    const t = request.t;
    const title = t('council.public.report.title');
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + title,
      status,
      breadcrumbs: crumbs(request, { label: title }),
      body: ReportForm({ t, fileId: file.id, fileName: file.name, csrfToken: reply.csrfToken(), values, errors }),
    });
  }

  async function officeUnitId(tenantId: string): Promise<string | null> {
    const slug = await services.tenants.getSetting<string>(tenantId, 'council.officeUnit');
    const unit = await db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();
    return unit?.id ?? null;
  }

  app.get('/ratsinfo/dokumente/:fileId/melden', { config: pageLimit }, async (request, reply) => {
    const found = await readableFile(request, reply);
    if (!found.ok) return found.sent;
    return renderReport(request, reply, found.row, {}, []);
  });

  app.post('/ratsinfo/dokumente/:fileId/melden', { config: reportLimit }, async (request, reply) => {
    if (request.isMultipart()) return reply.errorPage(403, 'csrf');
    const found = await readableFile(request, reply);
    if (!found.ok) return found.sent;
    const form = parseForm(reportForm, request.body, request.t);
    if (!form.ok) return renderReport(request, reply, found.row, form.values, form.errors, 422);
    const unitId = await officeUnitId(request.tenant.id);
    if (!unitId) {
      request.log.error({ setting: 'council.officeUnit' }, 'council office unit not found');
      return reply.errorPage(503, '503');
    }
    const version = await services.tenants.getSetting<string>(request.tenant.id, 'privacy.noticeVersion');
    const created = await services.cases.createCase(request.tenant, {
      type: COUNCIL_FILE_REPORT_CASE_TYPE,
      unitId,
      subject: request.t('council.public.report.subject', { name: found.row.name }).slice(0, 200),
      data: { fileId: found.row.id, fileName: found.row.name, reason: form.data.reason, text: form.data.text },
      contact: form.data.email ? { email: form.data.email } : {},
      locale: request.locale,
      consent: { kind: 'privacy', version },
    });
    reply.setCookie(REPORT_COOKIE, JSON.stringify({ reference: created.reference, withEmail: Boolean(form.data.email) }), { path: '/ratsinfo', httpOnly: true, secure: services.config.secureCookies, sameSite: 'lax', signed: true, maxAge: 3600 });
    return reply.redirect(`/ratsinfo/dokumente/${found.row.id}/melden/bestaetigung`, 303);
  });

  app.get('/ratsinfo/dokumente/:fileId/melden/bestaetigung', { config: pageLimit }, async (request, reply) => {
    const parsed = fileParams.safeParse(request.params);
    if (!parsed.success) return notFound(request, reply);
    const raw = request.cookies[REPORT_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    let state: { reference: string; withEmail: boolean } | null = null;
    try {
      state = unsigned?.valid && unsigned.value ? (JSON.parse(unsigned.value) as { reference: string; withEmail: boolean }) : null;
    } catch {
      state = null;
    }
    if (!state) return reply.redirect(`/ratsinfo/dokumente/${parsed.data.fileId}/melden`, 303);
    const title = request.t('council.public.report.done');
    return reply.page({ title, breadcrumbs: crumbs(request, { label: title }), body: ReportDone({ t: request.t, reference: state.reference, withEmail: state.withEmail }) });
  });
}
