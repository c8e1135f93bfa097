/**
 * The Redaktion's edit form: field names, what the page shows after a failed
 * save, and parsing the posted body into a ServiceUpdate. Fee lines are a
 * repeatable group (fee-0-label, fee-0-amount, …) so the page works without
 * JavaScript.
 */
import { z } from 'zod';
import { fields } from '../../../core/http/validation.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import type { Translate } from '../../../core/i18n/i18n.ts';
import { centsToInput, parseEuro } from '../../../core/i18n/money.ts';
import { LEBENSLAGEN } from './lebenslagen.ts';
import type { CatalogService, ServiceUpdate } from './catalog.service.ts';
import type { Fee } from './schema.ts';

export const MAX_FEE_ROWS = 12;
const MAX_LINES = 30;
/** Blank fee rows offered below the existing ones. */
const SPARE_FEE_ROWS = 2;

export interface FeeRowInput {
  label: string;
  amount: string;
  per: string;
  note: string;
}

/** What the edit form shows: stored values, or what was typed before a failed save. */
export interface EditFormState {
  text: Record<TextField, string>;
  unitId: string;
  onlineMode: string;
  active: string;
  categories: string[];
  fees: FeeRowInput[];
}

const TEXT_FIELDS = ['title', 'shortDescription', 'longDescription', 'requirements', 'requiredDocuments', 'feeExemptions', 'processingTime', 'deadlines', 'legalBasis', 'synonyms', 'leikaKey'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export const feeField = (index: number, part: keyof FeeRowInput): string => `fee-${index}-${part}`;

const blankFee = (): FeeRowInput => ({ label: '', amount: '', per: '', note: '' });

function withSpareRows(rows: FeeRowInput[]): FeeRowInput[] {
  const filled = rows.filter((r) => r.label.trim() !== '' || r.amount.trim() !== '' || r.note.trim() !== '');
  const spare = Math.max(0, Math.min(SPARE_FEE_ROWS, MAX_FEE_ROWS - filled.length));
  return [...filled, ...Array.from({ length: spare }, blankFee)];
}

export function stateFromService(service: CatalogService): EditFormState {
  return {
    text: {
      title: service.title,
      shortDescription: service.shortDescription,
      longDescription: service.longDescription,
      requirements: service.requirements,
      requiredDocuments: service.requiredDocuments.join('\n'),
      feeExemptions: service.feeExemptions,
      processingTime: service.processingTime,
      deadlines: service.deadlines,
      legalBasis: service.legalBasis,
      synonyms: service.synonyms.join('\n'),
      leikaKey: service.leikaKey ?? '',
    },
    unitId: service.unit.id,
    onlineMode: service.onlineMode,
    active: service.active ? 'yes' : 'no',
    categories: service.categories,
    fees: withSpareRows(service.fees.map((f) => ({ label: f.label, amount: centsToInput(f.amountCents), per: f.per ?? '', note: f.note ?? '' }))),
  };
}

function str(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

function list(body: Record<string, unknown>, key: string): string[] {
  const value = body[key];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export function stateFromBody(raw: unknown): EditFormState {
  const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, str(body, f)])) as Record<TextField, string>;
  const rowCount = Math.min(MAX_FEE_ROWS, Math.max(0, Number.parseInt(str(body, 'feeRows'), 10) || 0));
  const fees = Array.from({ length: rowCount }, (_, i) => ({ label: str(body, feeField(i, 'label')), amount: str(body, feeField(i, 'amount')), per: str(body, feeField(i, 'per')), note: str(body, feeField(i, 'note')) }));
  return { text, unitId: str(body, 'unitId'), onlineMode: str(body, 'onlineMode'), active: str(body, 'active'), categories: list(body, 'categories'), fees };
}

/** Keeps the typed rows (and their positions, which the error links point to) when the form is shown again. */
export function stateForRedisplay(state: EditFormState): EditFormState {
  const isBlank = (r: FeeRowInput): boolean => r.label.trim() === '' && r.amount.trim() === '' && r.note.trim() === '';
  const rows = [...state.fees];
  while (rows.length > 0 && isBlank(rows[rows.length - 1] as FeeRowInput)) rows.pop();
  const spare = Math.max(0, Math.min(SPARE_FEE_ROWS, MAX_FEE_ROWS - rows.length));
  return { ...state, fees: [...rows, ...Array.from({ length: spare }, blankFee)] };
}

const lines = (max: number) =>
  z
    .string()
    .max(max * 200, 'validation.tooLong')
    .transform((s) => s.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''))
    .pipe(z.array(z.string().max(300, 'validation.tooLong')).max(max, 'catalog.error.lines'));

const schema = z.object({
  title: fields.requiredText(200),
  shortDescription: fields.requiredText(500),
  longDescription: fields.optionalText(10_000),
  requirements: fields.optionalText(5000),
  requiredDocuments: lines(MAX_LINES),
  feeExemptions: fields.optionalText(2000),
  processingTime: fields.optionalText(1000),
  deadlines: fields.optionalText(2000),
  legalBasis: fields.optionalText(2000),
  synonyms: lines(MAX_LINES),
  leikaKey: z
    .string()
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(z.union([z.literal(''), z.string().regex(/^[0-9]{14}$/, 'catalog.error.leikaKey')])),
  unitId: z.uuid('catalog.error.unit'),
  onlineMode: z.enum(['online', 'online_and_visit', 'visit'], { error: 'validation.choose' }),
  active: z.enum(['yes', 'no'], { error: 'validation.choose' }),
  categories: z.array(z.enum(LEBENSLAGEN.map((l) => l.slug) as [string, ...string[]], { error: 'validation.choose' })).max(LEBENSLAGEN.length),
});

export type ParsedEdit = { ok: true; update: ServiceUpdate } | { ok: false; errors: FieldError[] };

function parseFees(rows: readonly FeeRowInput[], t: Translate): { fees: Fee[]; errors: FieldError[] } {
  const fees: Fee[] = [];
  const errors: FieldError[] = [];
  rows.forEach((row, i) => {
    const label = row.label.trim();
    const amount = row.amount.trim();
    const note = row.note.trim();
    if (label === '' && amount === '' && note === '') return;
    if (label === '' || label.length > 200) errors.push({ field: feeField(i, 'label'), message: t(label === '' ? 'catalog.error.feeLabel' : 'validation.tooLong') });
    const cents = parseEuro(amount);
    if (cents === null) errors.push({ field: feeField(i, 'amount'), message: t('catalog.error.amount') });
    if (note.length > 500) errors.push({ field: feeField(i, 'note'), message: t('validation.tooLong') });
    const per = row.per === 'copy' || row.per === 'additional-copy' || row.per === 'unit' ? row.per : undefined;
    if (cents !== null) fees.push({ label, amountCents: cents, ...(per ? { per } : {}), ...(note ? { note } : {}) });
  });
  return { fees, errors };
}

/** Validates the posted edit form. Messages are translated here; each error names its field for the summary link. */
export function parseEditForm(state: EditFormState, t: Translate): ParsedEdit {
  const result = schema.safeParse({ ...state.text, unitId: state.unitId, onlineMode: state.onlineMode, active: state.active, categories: state.categories });
  const errors: FieldError[] = [];
  if (!result.success) {
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? 'title');
      if (seen.has(field)) continue;
      seen.add(field);
      const key = issue.message.startsWith('validation.') || issue.message.startsWith('catalog.') ? issue.message : 'validation.invalid';
      errors.push({ field, message: t(key, { max: MAX_LINES }) });
    }
  }
  const fees = parseFees(state.fees, t);
  errors.push(...fees.errors);
  if (!result.success || errors.length > 0) return { ok: false, errors };
  const d = result.data;
  return {
    ok: true,
    update: {
      title: d.title,
      shortDescription: d.shortDescription,
      longDescription: d.longDescription,
      requirements: d.requirements,
      requiredDocuments: d.requiredDocuments,
      fees: fees.fees,
      feeExemptions: d.feeExemptions,
      processingTime: d.processingTime,
      deadlines: d.deadlines,
      legalBasis: d.legalBasis,
      unitId: d.unitId,
      onlineMode: d.onlineMode,
      leikaKey: d.leikaKey === '' ? null : d.leikaKey,
      categories: [...new Set(d.categories)],
      synonyms: d.synonyms,
      active: d.active === 'yes',
    },
  };
}
