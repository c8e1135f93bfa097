/**
 * The admins' set-up of the Mängelmelder: categories with their extra
 * questions (Open311 attributes), contractors and response templates.
 * Every change is audited in its transaction.
 */
import { z } from 'zod';
import { audit } from '../../../core/audit/audit.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { Tx } from '../../../core/db/database.ts';
import { fields } from '../../../core/http/validation.ts';
import type { Services } from '../../../core/services.ts';
import type { AttributeDatatype, CategoryAttribute } from '../schema.ts';

export const DATATYPES: readonly AttributeDatatype[] = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];
const LIST_TYPES: readonly AttributeDatatype[] = ['singlevaluelist', 'multivaluelist'];
const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ATTRIBUTE_CODE = /^[a-z0-9]+([_-][a-z0-9]+)*$/;

const int = (min: number, max: number) =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .regex(/^\d{1,5}$/, 'validation.invalid')
    .transform(Number)
    .pipe(z.number().min(min, 'validation.invalid').max(max, 'validation.invalid'));

export const categorySchema = z.object({
  nameDe: fields.requiredText(100),
  nameEn: fields.requiredText(100),
  descriptionDe: fields.optionalText(500),
  descriptionEn: fields.optionalText(500),
  group: fields.optionalText(60),
  keywords: fields.optionalText(300),
  unit: z.uuid({ error: 'validation.choose' }),
  deadlineDays: int(1, 120),
  position: int(0, 9999),
  active: z.literal('1').optional(),
});
export const newCategorySchema = categorySchema.extend({
  code: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(40, 'validation.tooLong').regex(CODE, 'validation.invalid'),
});
export type CategoryForm = z.infer<typeof categorySchema> & { code?: string };

export const attributeSchema = z.object({
  datatype: z.enum(DATATYPES, { error: 'validation.choose' }),
  required: z.literal('1').optional(),
  order: int(0, 99),
  descriptionDe: fields.requiredText(300),
  descriptionEn: fields.requiredText(300),
  hintDe: fields.optionalText(300),
  hintEn: fields.optionalText(300),
  values: fields.optionalText(4000),
});
export const newAttributeSchema = attributeSchema.extend({
  code: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(40, 'validation.tooLong').regex(ATTRIBUTE_CODE, 'validation.invalid'),
});
export type AttributeForm = z.infer<typeof attributeSchema> & { code: string };

export const contractorSchema = z.object({ name: fields.requiredText(120), email: fields.email(), active: z.literal('1').optional() });
export const templateSchema = z.object({ title: fields.requiredText(120), body: fields.requiredText(4000), position: int(0, 9999) });

/**
 * Reads the answer options, one per line: "key=Name DE|Name EN" (the
 * English name may be left out; it then repeats the German one).
 */
export function parseValues(text: string): { values: NonNullable<CategoryAttribute['values']>; problem: string | null } {
  const values: NonNullable<CategoryAttribute['values']> = [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const line of lines) {
    const match = /^([^=]+)=([^|]+)(?:\|(.+))?$/.exec(line);
    const key = match?.[1]?.trim() ?? '';
    const de = match?.[2]?.trim() ?? '';
    const en = match?.[3]?.trim() || de;
    if (!match || !ATTRIBUTE_CODE.test(key) || key.length > 40 || !de || de.length > 100 || en.length > 100) return { values: [], problem: 'reportsStaff.setup.error.valueLine' };
    if (values.some((v) => v.key === key)) return { values: [], problem: 'reportsStaff.setup.error.valueDuplicate' };
    values.push({ key, name: { de, en } });
  }
  return { values, problem: null };
}

/** The options as the form shows them. */
export function valuesText(values: CategoryAttribute['values']): string {
  return (values ?? []).map((v) => `${v.key}=${v.name.de}|${v.name.en}`).join('\n');
}

/** Builds an attribute from the form; list types need options, other types take none. */
export function attributeOf(form: AttributeForm): { attribute: CategoryAttribute | null; problem: string | null } {
  const { values, problem } = parseValues(form.values);
  if (problem) return { attribute: null, problem };
  const isList = LIST_TYPES.includes(form.datatype);
  if (isList && values.length === 0) return { attribute: null, problem: 'reportsStaff.setup.error.valuesMissing' };
  if (!isList && values.length > 0) return { attribute: null, problem: 'reportsStaff.setup.error.valuesNotList' };
  return {
    attribute: {
      code: form.code,
      datatype: form.datatype,
      required: form.required === '1',
      order: form.order,
      description: { de: form.descriptionDe, en: form.descriptionEn },
      ...(form.hintDe || form.hintEn ? { hint: { de: form.hintDe || form.hintEn, en: form.hintEn || form.hintDe } } : {}),
      ...(isList ? { values } : {}),
    },
    problem: null,
  };
}

async function log(tx: Tx, actor: StaffActor, action: string, objectType: string, objectId: string, details: Record<string, unknown> = {}): Promise<void> {
  await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action, objectType, objectId, details });
}

async function unitExists(tx: Tx, tenantId: string, unitId: string): Promise<boolean> {
  return Boolean(await tx.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('id', '=', unitId).executeTakeFirst());
}

/** Outcomes: ok (+ id), unit-invalid, code-taken. */
export async function saveCategory(services: Services, actor: StaffActor, id: string | null, form: CategoryForm): Promise<{ ok: true; id: string } | { ok: false; reason: 'unit-invalid' | 'code-taken' | 'not-found' }> {
  return services.db.transaction().execute(async (tx) => {
    if (!(await unitExists(tx, actor.tenantId, form.unit))) return { ok: false, reason: 'unit-invalid' as const };
    const values = {
      name_de: form.nameDe,
      name_en: form.nameEn,
      description_de: form.descriptionDe,
      description_en: form.descriptionEn,
      group_name: form.group,
      keywords: form.keywords,
      unit_id: form.unit,
      deadline_days: form.deadlineDays,
      position: form.position,
      active: form.active === '1',
      updated_at: services.now(),
    };
    if (id === null) {
      const code = form.code ?? '';
      const taken = await tx.selectFrom('report_categories').select('id').where('tenant_id', '=', actor.tenantId).where('code', '=', code).executeTakeFirst();
      if (taken) return { ok: false, reason: 'code-taken' as const };
      const row = await tx.insertInto('report_categories').values({ tenant_id: actor.tenantId, code, attributes: JSON.stringify([]), ...values }).returning('id').executeTakeFirstOrThrow();
      await log(tx, actor, 'reports.category.create', 'report_category', row.id, { code });
      return { ok: true as const, id: row.id };
    }
    const updated = await tx.updateTable('report_categories').set(values).where('tenant_id', '=', actor.tenantId).where('id', '=', id).returning('id').executeTakeFirst();
    if (!updated) return { ok: false, reason: 'not-found' as const };
    await log(tx, actor, 'reports.category.update', 'report_category', id, { fields: Object.keys(values) });
    return { ok: true as const, id };
  });
}

/**
 * Adds, replaces (same code) or removes an extra question of a category.
 * Outcomes: ok, not-found, code-taken (adding a code that exists), attribute-not-found.
 */
export async function changeAttribute(
  services: Services,
  actor: StaffActor,
  categoryId: string,
  change: { kind: 'add'; attribute: CategoryAttribute } | { kind: 'update'; attribute: CategoryAttribute } | { kind: 'remove'; code: string },
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'code-taken' | 'attribute-not-found' }> {
  return services.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('report_categories').select(['id', 'attributes']).where('tenant_id', '=', actor.tenantId).where('id', '=', categoryId).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, reason: 'not-found' as const };
    const list = [...row.attributes];
    const code = change.kind === 'remove' ? change.code : change.attribute.code;
    const at = list.findIndex((a) => a.code === code);
    if (change.kind === 'add') {
      if (at >= 0) return { ok: false, reason: 'code-taken' as const };
      list.push(change.attribute);
    } else if (at < 0) {
      return { ok: false, reason: 'attribute-not-found' as const };
    } else if (change.kind === 'update') {
      list[at] = change.attribute;
    } else {
      list.splice(at, 1);
    }
    list.sort((a, b) => a.order - b.order);
    await tx.updateTable('report_categories').set({ attributes: JSON.stringify(list), updated_at: services.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', row.id).execute();
    await log(tx, actor, `reports.attribute.${change.kind}`, 'report_category', row.id, { code });
    return { ok: true as const };
  });
}

/** Outcomes: ok (+ id), not-found. */
export async function saveContractor(services: Services, actor: StaffActor, id: string | null, form: z.infer<typeof contractorSchema>): Promise<{ ok: true; id: string } | { ok: false; reason: 'not-found' }> {
  return services.db.transaction().execute(async (tx) => {
    const values = { name: form.name, email: form.email, active: form.active === '1' };
    if (id === null) {
      const row = await tx.insertInto('report_contractors').values({ tenant_id: actor.tenantId, ...values }).returning('id').executeTakeFirstOrThrow();
      await log(tx, actor, 'reports.contractor.create', 'report_contractor', row.id);
      return { ok: true as const, id: row.id };
    }
    const updated = await tx.updateTable('report_contractors').set(values).where('tenant_id', '=', actor.tenantId).where('id', '=', id).returning('id').executeTakeFirst();
    if (!updated) return { ok: false, reason: 'not-found' as const };
    await log(tx, actor, 'reports.contractor.update', 'report_contractor', id, { active: values.active });
    return { ok: true as const, id };
  });
}

/** Outcomes: ok (+ id), not-found. `form` null deletes the template. */
export async function saveTemplate(services: Services, actor: StaffActor, id: string | null, form: z.infer<typeof templateSchema> | null): Promise<{ ok: true; id: string } | { ok: false; reason: 'not-found' }> {
  return services.db.transaction().execute(async (tx) => {
    if (form === null) {
      const deleted = id ? await tx.deleteFrom('report_templates').where('tenant_id', '=', actor.tenantId).where('id', '=', id).returning('id').executeTakeFirst() : undefined;
      if (!deleted) return { ok: false, reason: 'not-found' as const };
      await log(tx, actor, 'reports.template.delete', 'report_template', deleted.id);
      return { ok: true as const, id: deleted.id };
    }
    if (id === null) {
      const row = await tx.insertInto('report_templates').values({ tenant_id: actor.tenantId, ...form }).returning('id').executeTakeFirstOrThrow();
      await log(tx, actor, 'reports.template.create', 'report_template', row.id);
      return { ok: true as const, id: row.id };
    }
    const updated = await tx.updateTable('report_templates').set(form).where('tenant_id', '=', actor.tenantId).where('id', '=', id).returning('id').executeTakeFirst();
    if (!updated) return { ok: false, reason: 'not-found' as const };
    await log(tx, actor, 'reports.template.update', 'report_template', id);
    return { ok: true as const, id };
  });
}
