/**
 * Admins set up the Mängelmelder under /verwaltung/maengel/einrichtung:
 * categories (names, unit, deadline in working days, order, active) and
 * their extra questions, contractors, and response templates. All behind
 * `reports.configure`; every change audited (setup.service.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../../core/auth/policy.ts';
import { staffOf } from '../../../core/http/context.ts';
import { formValues, parseForm, type FieldError } from '../../../core/http/validation.ts';
import type { NavEntry } from '../../../core/module.ts';
import type { Services } from '../../../core/services.ts';
import { reportsOf } from '../instance.ts';
import type { Category } from '../reports.service.ts';
import type { CategoryAttribute } from '../schema.ts';
import { attributeOf, attributeSchema, categorySchema, changeAttribute, contractorSchema, newAttributeSchema, newCategorySchema, saveCategory, saveContractor, saveTemplate, templateSchema, valuesText } from './setup.service.ts';
import { allUnits } from './staff.service.ts';
import { AttributeFormPage, CategoryFormPage, categoryPath, ContractorFormPage, SetupOverview, TemplateFormPage } from './views/setup.tsx';
import { SETUP_PATH, trail } from './views/shared.tsx';
import { titled } from '../../../core/ui/components.tsx';

export const setupNavigation: NavEntry[] = [{ labelKey: 'reportsStaff.setup.nav', href: SETUP_PATH, permission: 'reports.configure', order: 64 }];

const BASE = '/maengel/einrichtung';
const idParams = z.object({ id: z.uuid() });
const attributeParams = z.object({ id: z.uuid(), code: z.string().max(40).regex(/^[a-z0-9]+([_-][a-z0-9]+)*$/) });
type IdRequest = FastifyRequest<{ Params: z.infer<typeof idParams> }>;
type AttributeRequest = FastifyRequest<{ Params: z.infer<typeof attributeParams> }>;

type State = { errors: FieldError[]; values: Record<string, string> };
const empty = (): State => ({ errors: [], values: {} });

function categoryValues(c: Category): Record<string, string> {
  return {
    nameDe: c.name.de,
    nameEn: c.name.en,
    descriptionDe: c.description.de,
    descriptionEn: c.description.en,
    group: c.group,
    keywords: c.keywords,
    unit: c.unitId,
    deadlineDays: String(c.deadlineDays),
    position: String(c.position),
    ...(c.active ? { active: '1' } : {}),
  };
}

function attributeValues(a: CategoryAttribute): Record<string, string> {
  return {
    datatype: a.datatype,
    ...(a.required ? { required: '1' } : {}),
    order: String(a.order),
    descriptionDe: a.description.de,
    descriptionEn: a.description.en,
    hintDe: a.hint?.de ?? '',
    hintEn: a.hint?.en ?? '',
    values: valuesText(a.values),
  };
}

export function setupRoutes(app: FastifyInstance, services: Services): void {
  const db = services.db;
  const reports = reportsOf(services);

  function admin(request: FastifyRequest) {
    const actor = staffOf(request);
    requireAccess(actor, 'reports.configure', { tenantId: actor.tenantId });
    return actor;
  }

  const crumbs = (request: FastifyRequest, ...rest: { label: string; href?: string }[]) => trail(request.t, { label: request.t('reportsStaff.setup.title'), href: SETUP_PATH }, ...rest);

  function saved(request: FastifyRequest, reply: FastifyReply, href: string) {
    reply.flash('success', request.t('reportsStaff.setup.saved'));
    return reply.redirect(href, 303);
  }

  async function categoryOr404(request: IdRequest, reply: FastifyReply): Promise<Category | null> {
    const category = await reports.category(staffOf(request).tenantId, { id: request.params.id });
    if (!category) await reply.errorPage(404, '404');
    return category;
  }

  app.get(BASE, async (request, reply) => {
    const actor = admin(request);
    const t = request.t;
    const [categories, units, contractors, templates] = await Promise.all([
      reports.categories(actor.tenantId, { includeInactive: true }),
      allUnits(services, actor.tenantId),
      db.selectFrom('report_contractors').select(['id', 'name', 'email', 'active']).where('tenant_id', '=', actor.tenantId).orderBy('name').execute(),
      db.selectFrom('report_templates').select(['id', 'title', 'body']).where('tenant_id', '=', actor.tenantId).orderBy('position').orderBy('title').execute(),
    ]);
    return reply.page({
      title: t('reportsStaff.setup.title'),
      breadcrumbs: trail(t, { label: t('reportsStaff.setup.title') }),
      body: SetupOverview({ t, locale: request.locale, categories, units, contractors, templates }),
    });
  });

  // ------------------------------------------------------------ categories

  async function renderCategory(request: FastifyRequest, reply: FastifyReply, category: Category | null, state: State, status = 200) {
    const t = request.t;
    const title = category ? t('reportsStaff.setup.editCategory', { name: category.name[request.locale] }) : t('reportsStaff.setup.newCategory');
    return reply.page({
      title: titled(t, title, state.errors),
      status,
      breadcrumbs: crumbs(request, { label: title }),
      body: CategoryFormPage({ t, locale: request.locale, category, units: await allUnits(services, staffOf(request).tenantId), csrfToken: reply.csrfToken(), errors: state.errors, values: state.values }),
    });
  }

  app.get(`${BASE}/kategorien/neu`, async (request, reply) => {
    admin(request);
    return renderCategory(request, reply, null, { errors: [], values: { active: '1' } });
  });

  app.post(`${BASE}/kategorien/neu`, async (request, reply) => {
    const actor = admin(request);
    const parsed = parseForm(newCategorySchema, request.body, request.t);
    if (!parsed.ok) return renderCategory(request, reply, null, parsed, 422);
    const outcome = await saveCategory(services, actor, null, parsed.data);
    if (outcome.ok) return saved(request, reply, categoryPath(outcome.id));
    const error = outcome.reason === 'code-taken' ? { field: 'code', message: request.t('reportsStaff.setup.error.codeTaken') } : { field: 'unit', message: request.t('validation.choose') };
    return renderCategory(request, reply, null, { errors: [error], values: formValues(request.body) }, 422);
  });

  app.get(`${BASE}/kategorien/:id`, { schema: { params: idParams } }, async (request, reply) => {
    admin(request);
    const category = await categoryOr404(request as IdRequest, reply);
    if (!category) return reply;
    return renderCategory(request, reply, category, { errors: [], values: categoryValues(category) });
  });

  app.post(`${BASE}/kategorien/:id`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const category = await categoryOr404(request as IdRequest, reply);
    if (!category) return reply;
    const parsed = parseForm(categorySchema, request.body, request.t);
    if (!parsed.ok) return renderCategory(request, reply, category, parsed, 422);
    const outcome = await saveCategory(services, actor, category.id, parsed.data);
    if (outcome.ok) return saved(request, reply, categoryPath(category.id));
    if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
    return renderCategory(request, reply, category, { errors: [{ field: 'unit', message: request.t('validation.choose') }], values: formValues(request.body) }, 422);
  });

  // ------------------------------------------------------------ questions of a category

  async function renderAttribute(request: FastifyRequest, reply: FastifyReply, category: Category, attribute: CategoryAttribute | null, state: State, status = 200) {
    const t = request.t;
    const title = attribute ? t('reportsStaff.setup.editQuestion', { code: attribute.code }) : t('reportsStaff.setup.newQuestionFor', { name: category.name[request.locale] });
    return reply.page({
      title: titled(t, title, state.errors),
      status,
      breadcrumbs: crumbs(request, { label: category.name[request.locale], href: categoryPath(category.id) }, { label: title }),
      body: AttributeFormPage({ t, locale: request.locale, category, attribute, csrfToken: reply.csrfToken(), errors: state.errors, values: state.values }),
    });
  }

  const ATTRIBUTE_REASON: Record<string, { field: string; key: string }> = {
    'code-taken': { field: 'code', key: 'reportsStaff.setup.error.attributeTaken' },
    'attribute-not-found': { field: 'code', key: 'reportsStaff.setup.error.attributeGone' },
  };

  app.get(`${BASE}/kategorien/:id/fragen/neu`, { schema: { params: idParams } }, async (request, reply) => {
    admin(request);
    const category = await categoryOr404(request as IdRequest, reply);
    if (!category) return reply;
    return renderAttribute(request, reply, category, null, { errors: [], values: { order: String(category.attributes.length + 1) } });
  });

  app.post(`${BASE}/kategorien/:id/fragen/neu`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const category = await categoryOr404(request as IdRequest, reply);
    if (!category) return reply;
    const parsed = parseForm(newAttributeSchema, request.body, request.t);
    if (!parsed.ok) return renderAttribute(request, reply, category, null, parsed, 422);
    const built = attributeOf(parsed.data);
    if (!built.attribute) return renderAttribute(request, reply, category, null, { errors: [{ field: 'values', message: request.t(built.problem as string) }], values: formValues(request.body) }, 422);
    const outcome = await changeAttribute(services, actor, category.id, { kind: 'add', attribute: built.attribute });
    if (outcome.ok) return saved(request, reply, categoryPath(category.id));
    if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
    const problem = ATTRIBUTE_REASON[outcome.reason] as { field: string; key: string };
    return renderAttribute(request, reply, category, null, { errors: [{ field: problem.field, message: request.t(problem.key) }], values: formValues(request.body) }, 422);
  });

  async function attributeOr404(request: AttributeRequest, reply: FastifyReply): Promise<{ category: Category; attribute: CategoryAttribute } | null> {
    const category = await reports.category(staffOf(request).tenantId, { id: request.params.id });
    const attribute = category?.attributes.find((a) => a.code === request.params.code);
    if (!category || !attribute) {
      await reply.errorPage(404, '404');
      return null;
    }
    return { category, attribute };
  }

  app.get(`${BASE}/kategorien/:id/fragen/:code`, { schema: { params: attributeParams } }, async (request, reply) => {
    admin(request);
    const found = await attributeOr404(request as AttributeRequest, reply);
    if (!found) return reply;
    return renderAttribute(request, reply, found.category, found.attribute, { errors: [], values: attributeValues(found.attribute) });
  });

  app.post(`${BASE}/kategorien/:id/fragen/:code`, { schema: { params: attributeParams } }, async (request, reply) => {
    const actor = admin(request);
    const found = await attributeOr404(request as AttributeRequest, reply);
    if (!found) return reply;
    const parsed = parseForm(attributeSchema, request.body, request.t);
    if (!parsed.ok) return renderAttribute(request, reply, found.category, found.attribute, parsed, 422);
    const built = attributeOf({ ...parsed.data, code: found.attribute.code });
    if (!built.attribute) return renderAttribute(request, reply, found.category, found.attribute, { errors: [{ field: 'values', message: request.t(built.problem as string) }], values: formValues(request.body) }, 422);
    const outcome = await changeAttribute(services, actor, found.category.id, { kind: 'update', attribute: built.attribute });
    if (!outcome.ok) return reply.errorPage(404, '404');
    return saved(request, reply, categoryPath(found.category.id));
  });

  app.post(`${BASE}/kategorien/:id/fragen/:code/loeschen`, { schema: { params: attributeParams } }, async (request, reply) => {
    const actor = admin(request);
    const { id, code } = (request as AttributeRequest).params;
    const outcome = await changeAttribute(services, actor, id, { kind: 'remove', code });
    if (!outcome.ok) return reply.errorPage(404, '404');
    reply.flash('success', request.t('reportsStaff.setup.questionRemoved'));
    return reply.redirect(categoryPath(id), 303);
  });

  // ------------------------------------------------------------ contractors

  async function contractorOf(tenantId: string, id: string) {
    return db.selectFrom('report_contractors').select(['id', 'name', 'email', 'active']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  function renderContractor(request: FastifyRequest, reply: FastifyReply, contractor: { id: string; name: string } | null, state: State, status = 200) {
    const t = request.t;
    const title = contractor ? t('reportsStaff.setup.editContractor', { name: contractor.name }) : t('reportsStaff.setup.newContractor');
    return reply.page({ title: titled(t, title, state.errors), status, breadcrumbs: crumbs(request, { label: title }), body: ContractorFormPage({ t, contractor, csrfToken: reply.csrfToken(), errors: state.errors, values: state.values }) });
  }

  app.get(`${BASE}/auftragnehmer/neu`, async (request, reply) => {
    admin(request);
    return renderContractor(request, reply, null, { errors: [], values: { active: '1' } });
  });

  app.post(`${BASE}/auftragnehmer/neu`, async (request, reply) => {
    const actor = admin(request);
    const parsed = parseForm(contractorSchema, request.body, request.t);
    if (!parsed.ok) return renderContractor(request, reply, null, parsed, 422);
    await saveContractor(services, actor, null, parsed.data);
    return saved(request, reply, SETUP_PATH);
  });

  app.get(`${BASE}/auftragnehmer/:id`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const contractor = await contractorOf(actor.tenantId, (request as IdRequest).params.id);
    if (!contractor) return reply.errorPage(404, '404');
    return renderContractor(request, reply, contractor, { errors: [], values: { name: contractor.name, email: contractor.email, ...(contractor.active ? { active: '1' } : {}) } });
  });

  app.post(`${BASE}/auftragnehmer/:id`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const contractor = await contractorOf(actor.tenantId, (request as IdRequest).params.id);
    if (!contractor) return reply.errorPage(404, '404');
    const parsed = parseForm(contractorSchema, request.body, request.t);
    if (!parsed.ok) return renderContractor(request, reply, contractor, parsed, 422);
    const outcome = await saveContractor(services, actor, contractor.id, parsed.data);
    if (!outcome.ok) return reply.errorPage(404, '404');
    return saved(request, reply, SETUP_PATH);
  });

  // ------------------------------------------------------------ response templates

  async function templateOf(tenantId: string, id: string) {
    return db.selectFrom('report_templates').select(['id', 'title', 'body', 'position']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  function renderTemplate(request: FastifyRequest, reply: FastifyReply, template: { id: string; title: string } | null, state: State, status = 200) {
    const t = request.t;
    const title = template ? t('reportsStaff.setup.editTemplate', { title: template.title }) : t('reportsStaff.setup.newTemplate');
    return reply.page({ title: titled(t, title, state.errors), status, breadcrumbs: crumbs(request, { label: title }), body: TemplateFormPage({ t, template, csrfToken: reply.csrfToken(), errors: state.errors, values: state.values }) });
  }

  app.get(`${BASE}/vorlagen/neu`, async (request, reply) => {
    admin(request);
    return renderTemplate(request, reply, null, empty());
  });

  app.post(`${BASE}/vorlagen/neu`, async (request, reply) => {
    const actor = admin(request);
    const parsed = parseForm(templateSchema, request.body, request.t);
    if (!parsed.ok) return renderTemplate(request, reply, null, parsed, 422);
    await saveTemplate(services, actor, null, parsed.data);
    return saved(request, reply, SETUP_PATH);
  });

  app.get(`${BASE}/vorlagen/:id`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const template = await templateOf(actor.tenantId, (request as IdRequest).params.id);
    if (!template) return reply.errorPage(404, '404');
    return renderTemplate(request, reply, template, { errors: [], values: { title: template.title, body: template.body, position: String(template.position) } });
  });

  app.post(`${BASE}/vorlagen/:id`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const template = await templateOf(actor.tenantId, (request as IdRequest).params.id);
    if (!template) return reply.errorPage(404, '404');
    const parsed = parseForm(templateSchema, request.body, request.t);
    if (!parsed.ok) return renderTemplate(request, reply, template, parsed, 422);
    const outcome = await saveTemplate(services, actor, template.id, parsed.data);
    if (!outcome.ok) return reply.errorPage(404, '404');
    return saved(request, reply, SETUP_PATH);
  });

  app.post(`${BASE}/vorlagen/:id/loeschen`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const outcome = await saveTemplate(services, actor, (request as IdRequest).params.id, null);
    if (!outcome.ok) return reply.errorPage(404, '404');
    reply.flash('success', request.t('reportsStaff.setup.templateRemoved'));
    return reply.redirect(SETUP_PATH, 303);
  });
}
