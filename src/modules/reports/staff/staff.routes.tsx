/**
 * The Mängelmelder's back office (/verwaltung/maengel…): the queue with
 * filters and bulk actions, one report with every action a clerk takes
 * (state with a public comment, templates, category, unit, contractor
 * orders, publication and redaction, merging duplicates), reports taken by
 * phone, and the admins' set-up pages (setup.routes.tsx). Routes parse,
 * authorize (the queue through `reports.view`, a report through its
 * Vorgang's `case.view`/`case.edit`) and render; report-commands.ts does
 * the work.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ForbiddenError, requireAccess, workUnits, type StaffActor } from '../../../core/auth/policy.ts';
import { staffOf } from '../../../core/http/context.ts';
import { fields, formValues, parseForm, type FieldError } from '../../../core/http/validation.ts';
import type { NavEntry } from '../../../core/module.ts';
import type { Services } from '../../../core/services.ts';
import { reportsOf } from '../instance.ts';
import { parseCoordinate } from '../model/geo.ts';
import { NEEDS_REASON, REPORT_STATES } from '../model/states.ts';
import type { ReportProblem } from '../reports.service.ts';
import { caseIdOf, changeReportState, mergeReport, orderContractor, recategorise, redactPhoto, revokeOrder, setPhotoPublished, setPublicText, setPublication, type CommandOutcome } from './report-commands.ts';
import { parseRectangles } from './redact.ts';
import { setupNavigation, setupRoutes } from './setup.routes.tsx';
import { activeContractors, allUnits, listQueue, queueUnits, responseTemplates, staffPhoto, staffReport, type QueueFilters } from './staff.service.ts';
import { attributeField, NewReportPage } from './views/new-report.tsx';
import { BulkResultPage, QueuePage } from './views/queue.tsx';
import { PhotoDeletePage, ReportPage } from './views/report-page.tsx';
import { RedactPage } from './views/redact.tsx';
import { deadlineOf, QUEUE_PATH, reportPath, staffHead, trail } from './views/shared.tsx';
import { titled } from '../../../core/ui/components.tsx';

export { reportStaffMessages } from './messages.ts';
export { contractorRoutes } from './contractor.routes.tsx';

export const reportStaffNavigation: NavEntry[] = [{ labelKey: 'reportsStaff.nav', href: QUEUE_PATH, permission: 'reports.view', order: 30 }, ...setupNavigation];

const stateValues = ['open', 'closed', 'all', ...REPORT_STATES] as const;
const queueQuery = z.object({
  state: z.enum(stateValues).optional(),
  category: z.union([z.literal(''), z.uuid()]).optional(),
  unit: z.union([z.literal(''), z.uuid()]).optional(),
  overdue: z.literal('1').optional(),
  publication: z.enum(['', 'published', 'pending', 'hidden']).optional(),
  source: z.enum(['', 'web', 'open311', 'staff']).optional(),
  q: z.string().max(100).optional(),
  order: z.enum(['urgent', 'newest']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  lang: z.string().optional(),
});
type QueueQuery = z.infer<typeof queueQuery>;

const idParams = z.object({ id: z.uuid() });
const photoParams = z.object({ id: z.uuid(), photoId: z.uuid() });
const orderParams = z.object({ id: z.uuid(), orderId: z.uuid() });
const newQuery = z.object({ kategorie: z.string().max(40).optional(), lang: z.string().optional() });
type IdRequest = FastifyRequest<{ Params: z.infer<typeof idParams> }>;
type PhotoRequest = FastifyRequest<{ Params: z.infer<typeof photoParams> }>;

const stateForm = z.object({
  state: z.enum(REPORT_STATES, { error: 'validation.choose' }),
  template: z.string().max(40).optional(),
  comment: fields.optionalText(4000),
  note: fields.optionalText(4000),
  aktion: z.enum(['speichern', 'vorlage']).default('speichern'),
});
const publicationForm = z.object({ publication: z.enum(['published', 'hidden', 'pending'], { error: 'validation.choose' }) });
const publicTextForm = z.object({ publicDescription: fields.optionalText(4000) });
const categoryForm = z.object({ category: z.uuid({ error: 'validation.choose' }) });
const routeForm = z.object({ unit: z.uuid({ error: 'validation.choose' }), forwardNote: fields.optionalText(500) });
const orderForm = z.object({ contractor: z.uuid({ error: 'validation.choose' }), instructions: fields.optionalText(4000) });
const REFERENCE = /^MM-[0-9A-Z]{5}-[0-9A-Z]$/;
const photoPublishForm = z.object({ published: z.enum(['0', '1']), bestaetigt: z.literal('1').optional() });
const bulkForm = z.object({
  ids: z.union([z.uuid(), z.array(z.uuid()).max(100)]).optional(),
  aktion: z.enum(['stand', 'mir', 'weiterleiten']),
  bulkState: z.union([z.literal(''), z.enum(REPORT_STATES)]).optional(),
  bulkComment: fields.optionalText(4000),
  bulkUnit: z.union([z.literal(''), z.uuid()]).optional(),
  zurueck: z.string().max(1000).optional(),
});

const REASON_KEYS: Record<string, string> = {
  unchanged: 'reportsStaff.error.unchanged',
  'reason-missing': 'reportsStaff.error.reasonMissing',
  'category-invalid': 'reportsStaff.error.category',
  'contractor-invalid': 'reportsStaff.error.contractor',
  closed: 'reportsStaff.error.closedReport',
  'order-not-open': 'reportsStaff.error.orderNotOpen',
  unreadable: 'reportsStaff.error.photoUnreadable',
  'target-not-found': 'reportsStaff.error.targetNotFound',
  'target-self': 'reportsStaff.error.targetSelf',
  'target-merged': 'reportsStaff.error.targetMerged',
  'already-merged': 'reportsStaff.error.alreadyMerged',
  'unit-invalid': 'validation.choose',
  'assignee-invalid': 'reportsStaff.error.assign',
  confirm: 'reportsStaff.error.confirm',
};

/** The queue URL a bulk action returns to: only our own queue, never elsewhere. */
function safeBack(value: string | undefined): string {
  return value && /^\/verwaltung\/maengel(\?[^\s"'<>\\]*)?$/.test(value) ? value : QUEUE_PATH;
}

function filtersOf(q: QueueQuery): QueueFilters {
  const state = q.state ?? 'open';
  return {
    state: state === 'all' ? '' : state,
    ...(q.category ? { categoryId: q.category } : {}),
    ...(q.unit ? { unitId: q.unit } : {}),
    ...(q.overdue ? { overdue: true } : {}),
    ...(q.publication ? { publication: q.publication } : {}),
    ...(q.source ? { source: q.source } : {}),
    ...(q.q ? { q: q.q } : {}),
    order: q.order ?? 'urgent',
    page: q.page ?? 1,
  };
}

function queueHref(q: QueueQuery, page?: number): string {
  const params = new URLSearchParams();
  for (const key of ['state', 'category', 'unit', 'overdue', 'publication', 'source', 'q', 'order'] as const) {
    const value = q[key];
    if (value) params.set(key, value);
  }
  if (page) params.set('page', String(page));
  const query = params.toString();
  return query ? `${QUEUE_PATH}?${query}` : QUEUE_PATH;
}

/** Coordinates typed by a clerk: both or neither; a field that is wrong (or missing while the other is given) is named. */
function readPoint(latText: string, lngText: string): { lat: number | null; lng: number | null; errors: ('lat' | 'lng')[] } {
  const la = latText.trim();
  const lo = lngText.trim();
  if (!la && !lo) return { lat: null, lng: null, errors: [] };
  const lat = la ? parseCoordinate(la, 'lat') : null;
  const lng = lo ? parseCoordinate(lo, 'lng') : null;
  const errors = [...(lat === null ? (['lat'] as const) : []), ...(lng === null ? (['lng'] as const) : [])];
  return errors.length ? { lat: null, lng: null, errors } : { lat, lng, errors };
}

/** Whether the actor still sees a Vorgang of this unit after handing it over (forwarding clears the assignee). */
function seesUnit(actor: StaffActor, unitId: string): boolean {
  const units = workUnits(actor);
  return units === null || units.includes(unitId);
}

export async function reportStaffRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const reports = reportsOf(services);

  // ------------------------------------------------------------ queue

  async function renderQueue(request: FastifyRequest, reply: FastifyReply, q: QueueQuery, bulk: { errors: FieldError[]; values: Record<string, string>; selected: string[] } = { errors: [], values: {}, selected: [] }, status = 200) {
    const actor = staffOf(request);
    const t = request.t;
    const filters = filtersOf(q);
    const [result, units, every, categories] = await Promise.all([listQueue(services, actor, filters), queueUnits(services, actor), allUnits(services, actor.tenantId), reports.categories(actor.tenantId, { includeInactive: true })]);
    return reply.page({
      title: titled(t, t('reportsStaff.title'), bulk.errors),
      status,
      head: staffHead(),
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('reportsStaff.title') }],
      body: QueuePage({
        t,
        locale: request.locale,
        filters,
        categories,
        units,
        allUnits: every,
        result,
        now: services.now(),
        bundesland: request.tenant.bundesland,
        hrefFor: (page) => queueHref(q, page),
        back: queueHref(q, result.page > 1 ? result.page : undefined),
        csrfToken: reply.csrfToken(),
        bulk,
      }),
    });
  }

  app.get('/maengel', { schema: { querystring: queueQuery } }, async (request, reply) => renderQueue(request, reply, request.query as QueueQuery));

  app.post('/maengel/sammelaktion', async (request, reply) => {
    const actor = staffOf(request);
    requireAccess(actor, 'reports.view', { tenantId: actor.tenantId });
    const t = request.t;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = bulkForm.safeParse(body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const form = parsed.data;
    const back = safeBack(form.zurueck);
    const backQuery = queueQuery.safeParse(Object.fromEntries(new URL(back, 'http://localhost').searchParams));
    const q = backQuery.success ? backQuery.data : {};
    const ids = form.ids === undefined ? [] : Array.isArray(form.ids) ? [...new Set(form.ids)] : [form.ids];
    const values = formValues(body);
    const errors: FieldError[] = [];
    if (ids.length === 0) errors.push({ field: 'ids', message: t('reportsStaff.bulk.noneSelected') });
    if (form.aktion === 'stand') {
      if (!form.bulkState) errors.push({ field: 'bulkState', message: t('validation.choose') });
      else if (NEEDS_REASON.includes(form.bulkState) && !form.bulkComment) errors.push({ field: 'bulkComment', message: t('reportsStaff.error.reasonMissing') });
    }
    if (form.aktion === 'weiterleiten' && !form.bulkUnit) errors.push({ field: 'bulkUnit', message: t('validation.choose') });
    if (errors.length) return renderQueue(request, reply, q, { errors, values, selected: ids }, 422);

    const done: string[] = [];
    const failed: { reference: string; reason: string }[] = [];
    for (const id of ids) {
      const row = await services.db.selectFrom('reports').select(['reference', 'case_id']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) {
        failed.push({ reference: t('reportsStaff.bulk.unknown'), reason: t('reportsStaff.bulk.notFound') });
        continue;
      }
      try {
        let outcome: CommandOutcome<string>;
        if (form.aktion === 'stand') outcome = await changeReportState(services, request.tenant, actor, id, { state: form.bulkState as (typeof REPORT_STATES)[number], comment: form.bulkComment, note: '' });
        else if (form.aktion === 'mir') outcome = await services.cases.assignCase(actor, row.case_id, actor.userId);
        else outcome = await services.cases.forwardCase(actor, row.case_id, form.bulkUnit as string);
        if (outcome.ok) done.push(row.reference);
        else failed.push({ reference: row.reference, reason: t(outcome.reason === 'unchanged' ? 'reportsStaff.bulk.unchanged' : (REASON_KEYS[outcome.reason] ?? 'validation.invalid')) });
      } catch (error) {
        if (!(error instanceof ForbiddenError)) throw error;
        failed.push({ reference: row.reference, reason: t('reportsStaff.bulk.forbidden') });
      }
    }
    if (failed.length === 0) {
      reply.flash('success', t('reportsStaff.bulk.done', { n: done.length }));
      return reply.redirect(back, 303);
    }
    return reply.page({
      title: t('reportsStaff.bulk.resultTitle'),
      breadcrumbs: trail(t, { label: t('reportsStaff.bulk.resultTitle') }),
      body: BulkResultPage({ t, done, failed, back }),
    });
  });

  // ------------------------------------------------------------ a report taken by phone

  async function renderNew(request: FastifyRequest, reply: FastifyReply, categoryId: string | undefined, state: { errors: FieldError[]; values: Record<string, string | string[]> } = { errors: [], values: {} }, status = 200) {
    const actor = staffOf(request);
    requireAccess(actor, 'reports.view', { tenantId: actor.tenantId });
    const t = request.t;
    const categories = await reports.categories(actor.tenantId);
    const category = categoryId ? (categories.find((c) => c.id === categoryId) ?? null) : null;
    const errors = categoryId && !category ? [{ field: 'kategorie', message: t('reports.problem.category') }, ...state.errors] : state.errors;
    return reply.page({
      title: titled(t, t('reportsStaff.new.title'), errors),
      status: categoryId && !category ? 422 : status,
      breadcrumbs: trail(t, { label: t('reportsStaff.new.title') }),
      body: NewReportPage({ t, locale: request.locale, categories, category, csrfToken: reply.csrfToken(), errors, values: { schluessel: randomUUID(), ...state.values } }),
    });
  }

  app.get('/maengel/neu', { schema: { querystring: newQuery } }, async (request, reply) => renderNew(request, reply, (request.query as z.infer<typeof newQuery>).kategorie || undefined));

  app.post('/maengel/neu', async (request, reply) => {
    const actor = staffOf(request);
    requireAccess(actor, 'reports.view', { tenantId: actor.tenantId });
    const t = request.t;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') values[key] = value.slice(0, 5000);
      else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string').slice(0, 20);
    }
    const one = (name: string): string => {
      const v = values[name];
      return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    };
    const categoryId = one('kategorie');
    const category = await reports.category(actor.tenantId, { id: categoryId });
    if (!category?.active) return renderNew(request, reply, undefined, { errors: [{ field: 'kategorie', message: t('reports.problem.category') }], values: {} }, 422);
    const errors: FieldError[] = [];
    const point = readPoint(one('lat'), one('lng'));
    errors.push(...point.errors.map((field) => ({ field, message: t('reportsStaff.new.coordinateInvalid') })));
    const attributes: Record<string, string | string[]> = {};
    for (const def of category.attributes) {
      const v = values[attributeField(def.code)];
      if (v !== undefined) attributes[def.code] = v;
    }
    const key = one('schluessel');
    const result = await reports.submit(request.tenant, {
      categoryId: category.id,
      lat: point.lat,
      lng: point.lng,
      address: one('address'),
      description: one('description'),
      attributes,
      name: one('name'),
      email: one('email'),
      phone: one('phone'),
      locale: one('locale') === 'en' ? 'en' : 'de',
      source: 'staff',
      ...(/^[0-9a-f-]{36}$/.test(key) ? { idempotencyKey: `report-staff:${key}` } : {}),
    });
    if (!result.ok || errors.length) {
      const problems: ReportProblem[] = result.ok ? [] : result.problems;
      const fieldOf = (p: ReportProblem): string => (p.field.startsWith('attribute.') ? attributeField(p.field.slice('attribute.'.length)) : p.field === 'location' ? 'address' : p.field);
      for (const p of problems) if (!errors.some((e) => e.field === fieldOf(p))) errors.push({ field: fieldOf(p), message: t(p.messageKey, p.params) });
      return renderNew(request, reply, category.id, { errors, values }, 422);
    }
    const unit = await services.db.selectFrom('cases as k').innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.id', '=', 'k.unit_id')).select(['u.id', 'u.name']).where('k.tenant_id', '=', actor.tenantId).where('k.id', '=', result.caseId).executeTakeFirstOrThrow();
    if (seesUnit(actor, unit.id)) {
      reply.flash('success', t('reportsStaff.new.done', { reference: result.reference }));
      return reply.redirect(reportPath(result.id), 303);
    }
    reply.flash('success', t('reportsStaff.new.doneElsewhere', { reference: result.reference, unit: unit.name }));
    return reply.redirect(QUEUE_PATH, 303);
  });

  // ------------------------------------------------------------ one report

  async function renderReport(request: FastifyRequest, reply: FastifyReply, reportId: string, state: { errors: FieldError[]; values: Record<string, string> } = { errors: [], values: {} }, status = 200) {
    const actor = staffOf(request);
    const t = request.t;
    const report = await staffReport(services, actor, reportId);
    if (!report) return reply.errorPage(404, '404');
    const [categories, units, contractors, templates] = await Promise.all([reports.categories(actor.tenantId, { includeInactive: true }), allUnits(services, actor.tenantId), activeContractors(services, actor.tenantId), responseTemplates(services, actor.tenantId)]);
    const title = t('reportsStaff.report.title', { reference: report.reference });
    return reply.page({
      title: titled(t, title, state.errors),
      status,
      head: staffHead(),
      breadcrumbs: trail(t, { label: report.reference }),
      body: ReportPage({
        t,
        locale: request.locale,
        report,
        deadline: deadlineOf(t, report.dueAt, report.closedAt, services.now(), request.tenant.bundesland),
        categories: categories.filter((c) => c.active || c.id === report.category.id),
        units,
        contractors,
        templates,
        staffId: actor.userId,
        csrfToken: reply.csrfToken(),
        errors: state.errors,
        values: state.values,
      }),
    });
  }

  /** Maps an outcome to flash + 303 back to the report, or to the report page with the error at a field (422). */
  async function finish(request: FastifyRequest, reply: FastifyReply, reportId: string, outcome: CommandOutcome<string>, doneKey: string, errorField: string, values: Record<string, string>) {
    if (outcome.ok) {
      reply.flash('success', request.t(doneKey));
      return reply.redirect(reportPath(reportId), 303);
    }
    if (outcome.reason === 'not-found' || outcome.reason === 'photo-not-found') return reply.errorPage(404, '404');
    return renderReport(request, reply, reportId, { errors: [{ field: errorField, message: request.t(outcome.messageKey ?? REASON_KEYS[outcome.reason] ?? 'validation.invalid') }], values }, 422);
  }

  app.get('/maengel/:id', { schema: { params: idParams } }, async (request, reply) => renderReport(request, reply, (request as IdRequest).params.id));

  app.post('/maengel/:id/stand', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = (request as IdRequest).params;
    const t = request.t;
    const parsed = parseForm(stateForm, request.body, t);
    if (!parsed.ok) return renderReport(request, reply, id, parsed, 422);
    const form = parsed.data;
    const values = { state: form.state, comment: form.comment, note: form.note, template: form.template ?? '' };
    if (form.aktion === 'vorlage') {
      // Without JavaScript the chosen template is put into the comment on a round trip; nothing is saved yet.
      const templates = await responseTemplates(services, staffOf(request).tenantId);
      const chosen = templates.find((tpl) => tpl.id === form.template);
      if (!chosen) return renderReport(request, reply, id, { errors: [{ field: 'template', message: t('validation.choose') }], values }, 422);
      return renderReport(request, reply, id, { errors: [], values: { ...values, comment: chosen.body } });
    }
    const outcome = await changeReportState(services, request.tenant, staffOf(request), id, { state: form.state, comment: form.comment, note: form.note });
    return finish(request, reply, id, outcome, 'reportsStaff.done.state', 'comment', values);
  });

  app.post('/maengel/:id/zuweisen', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = (request as IdRequest).params;
    const actor = staffOf(request);
    const caseId = await caseIdOf(services, actor.tenantId, id);
    if (!caseId) return reply.errorPage(404, '404');
    return finish(request, reply, id, await services.cases.assignCase(actor, caseId, actor.userId), 'reportsStaff.done.assigned', 'state', {});
  });

  app.post('/maengel/:id/veroeffentlichung', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = (request as IdRequest).params;
    const parsed = parseForm(publicationForm, request.body, request.t);
    if (!parsed.ok) return renderReport(request, reply, id, parsed, 422);
    const outcome = await setPublication(services, staffOf(request), id, parsed.data.publication);
    return finish(request, reply, id, outcome, `reportsStaff.done.publication.${parsed.data.publication}`, 'publicDescription', {});
  });

  app.post('/maengel/:id/oeffentlicher-text', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = (request as IdRequest).params;
    const parsed = parseForm(publicTextForm, request.body, request.t);
    if (!parsed.ok) return renderReport(request, reply, id, parsed, 422);
    const outcome = await setPublicText(services, staffOf(request), id, parsed.data.publicDescription);
    return finish(request, reply, id, outcome, 'reportsStaff.done.publicText', 'publicDescription', { publicDescription: parsed.data.publicDescription });
  });

  /** The unit the report's Vorgang is with. */
  async function unitOfReport(tenantId: string, reportId: string): Promise<string | undefined> {
    const row = await services.db
      .selectFrom('reports as r')
      .innerJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.case_id'))
      .select('c.unit_id')
      .where('r.tenant_id', '=', tenantId)
      .where('r.id', '=', reportId)
      .executeTakeFirst();
    return row?.unit_id;
  }

  app.post('/maengel/:id/kategorie', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = (request as IdRequest).params;
    const t = request.t;
    const actor = staffOf(request);
    const parsed = parseForm(categoryForm, request.body, t);
    if (!parsed.ok) return renderReport(request, reply, id, parsed, 422);
    const before = await unitOfReport(actor.tenantId, id);
    const outcome = await recategorise(services, request.tenant, actor, id, parsed.data.category);
    if (!outcome.ok) return finish(request, reply, id, outcome, 'reportsStaff.done.category', 'category', { category: parsed.data.category });
    const unitId = await unitOfReport(actor.tenantId, id);
    const forwarded = unitId !== before;
    reply.flash('success', t(forwarded ? 'reportsStaff.done.categoryForwarded' : 'reportsStaff.done.category'));
    // Handed to a unit the clerk does not work in: the report is no longer theirs to see.
    return reply.redirect(forwarded && unitId && !seesUnit(actor, unitId) ? QUEUE_PATH : reportPath(id), 303);
  });

  app.post('/maengel/:id/weiterleiten', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = (request as IdRequest).params;
    const actor = staffOf(request);
    const parsed = parseForm(routeForm, request.body, request.t);
    if (!parsed.ok) return renderReport(request, reply, id, parsed, 422);
    const caseId = await caseIdOf(services, actor.tenantId, id);
    if (!caseId) return reply.errorPage(404, '404');
    const outcome = await services.cases.forwardCase(actor, caseId, parsed.data.unit, parsed.data.forwardNote || undefined);
    if (outcome.ok && !seesUnit(actor, parsed.data.unit)) {
      // After handing the report to another unit the clerk may no longer see it: back to the queue.
      reply.flash('success', request.t('reportsStaff.done.forwarded'));
      return reply.redirect(QUEUE_PATH, 303);
    }
    return finish(request, reply, id, outcome.ok || outcome.reason !== 'unchanged' ? outcome : { ok: false, reason: 'same-unit', messageKey: 'reportsStaff.error.sameUnit' }, 'reportsStaff.done.forwarded', 'unit', { unit: parsed.data.unit, forwardNote: parsed.data.forwardNote });
  });

  app.post('/maengel/:id/auftrag', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = (request as IdRequest).params;
    const parsed = parseForm(orderForm, request.body, request.t);
    if (!parsed.ok) return renderReport(request, reply, id, parsed, 422);
    const outcome = await orderContractor(services, request.tenant, staffOf(request), id, parsed.data.contractor, parsed.data.instructions);
    return finish(request, reply, id, outcome, 'reportsStaff.done.order', 'contractor', { contractor: parsed.data.contractor, instructions: parsed.data.instructions });
  });

  app.post('/maengel/:id/auftrag/:orderId/widerrufen', { schema: { params: orderParams } }, async (request, reply) => {
    const { id, orderId } = request.params as z.infer<typeof orderParams>;
    const outcome = await revokeOrder(services, staffOf(request), id, orderId);
    if (!outcome.ok && outcome.reason === 'order-not-open') {
      reply.flash('error', request.t('reportsStaff.error.orderNotOpen'));
      return reply.redirect(reportPath(id), 303);
    }
    return finish(request, reply, id, outcome, 'reportsStaff.done.orderRevoked', 'contractor', {});
  });

  app.post('/maengel/:id/zusammenfuehren', { schema: { params: idParams } }, async (request, reply) => {
    const { id } = (request as IdRequest).params;
    const given = formValues(request.body).duplicateOf ?? '';
    const reference = given.trim().toUpperCase();
    const problem = !reference ? 'validation.required' : !REFERENCE.test(reference) ? 'reportsStaff.error.referenceFormat' : null;
    if (problem) return renderReport(request, reply, id, { errors: [{ field: 'duplicateOf', message: request.t(problem) }], values: { duplicateOf: given } }, 422);
    const outcome = await mergeReport(services, request.tenant, staffOf(request), id, reference);
    return finish(request, reply, id, outcome, 'reportsStaff.done.merged', 'duplicateOf', { duplicateOf: given });
  });

  // ------------------------------------------------------------ photos

  app.get('/maengel/:id/fotos/:photoId', { schema: { params: photoParams } }, async (request, reply) => {
    const { id, photoId } = (request as PhotoRequest).params;
    const file = await staffPhoto(services, staffOf(request), id, photoId);
    if (!file) return reply.errorPage(404, '404');
    return reply.type(file.mimeType).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').header('content-disposition', 'inline').send(file.content);
  });

  app.post('/maengel/:id/fotos/:photoId/freigabe', { schema: { params: photoParams } }, async (request, reply) => {
    const { id, photoId } = (request as PhotoRequest).params;
    const parsed = photoPublishForm.safeParse(request.body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await setPhotoPublished(services, staffOf(request), id, photoId, parsed.data.published === '1', parsed.data.bestaetigt === '1');
    if (!outcome.ok && outcome.reason === 'confirm') return reply.redirect(`${reportPath(id)}/fotos/${photoId}/loeschen`, 303);
    if (!outcome.ok && outcome.reason === 'unchanged') return reply.redirect(reportPath(id), 303);
    const doneKey = outcome.ok && outcome.deleted ? 'reportsStaff.done.photoDeleted' : parsed.data.published === '1' ? 'reportsStaff.done.photoPublished' : 'reportsStaff.done.photoWithheld';
    return finish(request, reply, id, outcome, doneKey, 'state', {});
  });

  async function photoOfReport(request: PhotoRequest) {
    const report = await staffReport(services, staffOf(request), request.params.id);
    const photo = report?.photos.find((p) => p.id === request.params.photoId);
    return report && photo ? { report, photo } : null;
  }

  app.get('/maengel/:id/fotos/:photoId/loeschen', { schema: { params: photoParams } }, async (request, reply) => {
    const found = await photoOfReport(request as PhotoRequest);
    if (!found) return reply.errorPage(404, '404');
    const t = request.t;
    const n = found.photo.position + 1;
    if (!found.report.closedAt || !found.photo.published) return reply.redirect(reportPath(found.report.id), 303);
    return reply.page({
      title: t('reportsStaff.photoDelete.title', { n, reference: found.report.reference }),
      head: staffHead(),
      breadcrumbs: trail(t, { label: found.report.reference, href: reportPath(found.report.id) }, { label: t('reportsStaff.photoDelete.crumb', { n }) }),
      body: PhotoDeletePage({ t, report: found.report, photoId: found.photo.id, n, csrfToken: reply.csrfToken() }),
    });
  });

  async function renderRedact(request: PhotoRequest, reply: FastifyReply, state: { errors: FieldError[]; values: Record<string, string> } = { errors: [], values: {} }, status = 200) {
    const found = await photoOfReport(request);
    if (!found) return reply.errorPage(404, '404');
    const t = request.t;
    const n = found.photo.position + 1;
    return reply.page({
      title: titled(t, t('reportsStaff.redact.title', { n, reference: found.report.reference }), state.errors),
      status,
      head: staffHead(),
      breadcrumbs: trail(t, { label: found.report.reference, href: reportPath(found.report.id) }, { label: t('reportsStaff.redact.crumb', { n }) }),
      body: RedactPage({ t, reportId: found.report.id, reference: found.report.reference, photo: found.photo, csrfToken: reply.csrfToken(), errors: state.errors, values: state.values }),
    });
  }

  app.get('/maengel/:id/fotos/:photoId/schwaerzen', { schema: { params: photoParams } }, async (request, reply) => renderRedact(request as PhotoRequest, reply));

  app.post('/maengel/:id/fotos/:photoId/schwaerzen', { schema: { params: photoParams } }, async (request, reply) => {
    const req = request as PhotoRequest;
    const t = request.t;
    const values = formValues(request.body);
    const { rectangles, problems } = parseRectangles(values);
    const errors: FieldError[] = problems.map((p) => ({ field: `${p.field}${p.row}`, message: t(p.messageKey, { n: p.row }) }));
    if (!errors.length && rectangles.length === 0) errors.push({ field: 'x1', message: t('reportsStaff.redact.error.none') });
    if (errors.length) return renderRedact(req, reply, { errors, values }, 422);
    const outcome = await redactPhoto(services, staffOf(request), req.params.id, req.params.photoId, rectangles);
    if (!outcome.ok && outcome.reason === 'unreadable') return renderRedact(req, reply, { errors: [{ field: 'x1', message: t('reportsStaff.error.photoUnreadable') }], values }, 422);
    return finish(request, reply, req.params.id, outcome, 'reportsStaff.done.redacted', 'state', {});
  });

  setupRoutes(app, services);
}
