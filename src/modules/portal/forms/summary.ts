/**
 * Answers as people read them (check-your-answers, staff view, PDF, mails)
 * and as machines read them (JSON export). Both show only what applies to
 * the answers given: hidden fields never appear.
 */
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { formatDateGerman, formatIban, maskIban, parseDate } from './checks.ts';
import { fileRefsOf, repeatInputName, repeatItemsOf } from './fields.ts';
import { formText } from './messages.ts';
import { isEmptyAnswer, resolve } from './navigation.ts';
import type { AnswerValue, Answers, FieldDef, FormDefinition, OptionDef, RepeatItem, SubField } from './types.ts';
import { numberFormat } from '../../../core/i18n/intl-formats.ts';

export interface SummaryRowData {
  /** The field id, or `group-0-sub` for a sub-field of a repeatable group. */
  fieldId: string;
  label: string;
  /** Display text (plain text, escape when rendering). */
  value: string;
}

export interface SummarySection {
  pageId: string;
  pageTitle: string;
  rows: SummaryRowData[];
}

export interface SummaryOptions {
  /** Mask IBANs except the last four characters (for e-mails). Staff and PDF show them in full. */
  maskIban?: boolean;
}

function optionLabel(options: readonly OptionDef[], value: string, locale: Locale): string {
  return options.find((o) => o.value === value)?.label[locale] ?? value;
}

function formatNumber(value: string, locale: Locale): string {
  const number = Number(value);
  if (!Number.isFinite(number)) return value;
  return numberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 }).format(number);
}

/** Display text of one stored answer ('' when there is none). */
export function displayValue(field: SubField | FieldDef, value: AnswerValue | undefined, locale: Locale, options: SummaryOptions = {}, t: Translate = formText(locale)): string {
  if (isEmptyAnswer(value)) return '';
  switch (field.kind) {
    case 'checkbox':
      return value === true ? t('forms.summary.yes') : '';
    case 'checkboxes':
      return Array.isArray(value) ? (value as unknown[]).filter((v): v is string => typeof v === 'string').map((v) => optionLabel(field.options, v, locale)).join(', ') : '';
    case 'select':
    case 'radio':
      return typeof value === 'string' ? optionLabel(field.options, value, locale) : '';
    case 'date': {
      if (typeof value !== 'string') return '';
      const iso = parseDate(value);
      return iso ? formatDateGerman(iso) : value;
    }
    case 'number':
      return typeof value === 'string' ? formatNumber(value, locale) + (field.unit ? ` ${field.unit[locale]}` : '') : '';
    case 'iban':
      return typeof value === 'string' ? (options.maskIban ? maskIban(value) : formatIban(value)) : '';
    case 'address': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return '';
      const a = value as unknown as Record<string, unknown>;
      const text = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
      return [`${text('street')} ${text('houseNumber')}`.trim(), text('addition'), `${text('plz')} ${text('city')}`.trim()].filter((s) => s !== '').join(', ');
    }
    case 'file':
      return fileRefsOf(value).map((f) => f.filename).join(', ');
    case 'repeat':
      return String(repeatItemsOf(value).length);
    default:
      return typeof value === 'string' ? value : '';
  }
}

function repeatRows(field: Extract<FieldDef, { kind: 'repeat' }>, items: RepeatItem[], locale: Locale, options: SummaryOptions, t: Translate): SummaryRowData[] {
  if (items.length === 0) return [{ fieldId: field.id, label: field.label[locale], value: t('forms.summary.notProvided') }];
  return items.flatMap((item, index) =>
    field.fields.map((sub) => ({
      fieldId: repeatInputName(field.id, index, sub.id),
      label: t('forms.summary.itemField', { item: field.itemLabel[locale], number: index + 1, field: sub.label[locale] }),
      value: displayValue(sub, item[sub.id], locale, options, t) || t('forms.summary.notProvided'),
    })),
  );
}

/** One section per visible page, one row per visible field (sub-fields of groups: one row each). */
export function summary(def: FormDefinition, answers: Answers, locale: Locale, options: SummaryOptions = {}): SummarySection[] {
  const t = formText(locale);
  const resolved = resolve(def, answers);
  return resolved.pages
    .map(({ page, fields }) => ({
      pageId: page.id,
      pageTitle: page.title[locale],
      rows: fields.flatMap((field): SummaryRowData[] => {
        const value = resolved.answers[field.id];
        if (field.kind === 'repeat') return repeatRows(field, repeatItemsOf(value), locale, options, t);
        const text = displayValue(field, value, locale, options, t);
        return [{ fieldId: field.id, label: field.label[locale], value: text === '' ? (field.kind === 'checkbox' ? t('forms.summary.no') : t('forms.summary.notProvided')) : text }];
      }),
    }))
    .filter((section) => section.rows.length > 0);
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function exportScalar(field: SubField, value: AnswerValue | undefined): JsonValue | undefined {
  if (isEmptyAnswer(value)) return undefined;
  switch (field.kind) {
    case 'number': {
      const number = typeof value === 'string' ? Number(value) : NaN;
      return Number.isFinite(number) ? number : typeof value === 'string' ? value : undefined;
    }
    case 'checkbox':
      return value === true;
    case 'date':
      return typeof value === 'string' ? (parseDate(value) ?? value) : undefined;
    case 'checkboxes':
      return Array.isArray(value) ? (value as unknown[]).filter((v): v is string => typeof v === 'string') : undefined;
    case 'address': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && v !== '') out[k] = v;
      return out;
    }
    default:
      return typeof value === 'string' ? value : undefined;
  }
}

export interface FormExport {
  form: string;
  version: number;
  answers: Record<string, JsonValue>;
}

/** Answers keyed by field id with typed values (numbers as numbers, dates ISO, IBAN compact); hidden fields left out. */
export function exportJson(def: FormDefinition, answers: Answers): FormExport {
  const resolved = resolve(def, answers);
  const out: Record<string, JsonValue> = {};
  for (const { fields } of resolved.pages) {
    for (const field of fields) {
      const value = resolved.answers[field.id];
      if (field.kind === 'file') {
        const refs = fileRefsOf(value);
        if (refs.length > 0) out[field.id] = refs.map((r) => ({ fileId: r.fileId, filename: r.filename, size: r.size }));
      } else if (field.kind === 'repeat') {
        const items = repeatItemsOf(value).map((item) => {
          const o: Record<string, JsonValue> = {};
          for (const sub of field.fields) {
            const v = exportScalar(sub, item[sub.id]);
            if (v !== undefined) o[sub.id] = v;
          }
          return o;
        });
        if (items.length > 0) out[field.id] = items;
      } else {
        const v = exportScalar(field, value);
        if (v !== undefined) out[field.id] = v;
      }
    }
  }
  return { form: def.id, version: def.version, answers: out };
}

const findField = (def: FormDefinition, id: string): FieldDef | undefined => def.pages.flatMap((p) => p.fields).find((f) => f.id === id);

function textAnswer(def: FormDefinition, answers: Answers, id: string | undefined): string | undefined {
  if (!id) return undefined;
  const value = answers[id];
  return typeof value === 'string' && value !== '' && findField(def, id) ? value : undefined;
}

/** The applicant's contact data as declared by `def.contact` (for the Vorgang and the receipt mail). */
export function contactOf(def: FormDefinition, answers: Answers): { name?: string; email?: string; phone?: string } {
  const visible = resolve(def, answers).answers;
  const c = def.contact ?? {};
  const name = textAnswer(def, visible, c.name) ?? ([textAnswer(def, visible, c.givenName), textAnswer(def, visible, c.familyName)].filter(Boolean).join(' ') || undefined);
  const email = textAnswer(def, visible, c.email);
  const phone = textAnswer(def, visible, c.phone);
  return { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

/** One line for the staff inbox, e.g. "Erweiterte Meldebescheinigung · 2". */
export function staffSummaryLine(def: FormDefinition, answers: Answers, locale: Locale): string {
  const visible = resolve(def, answers).answers;
  return (def.staffSummary ?? [])
    .map((id) => {
      const field = findField(def, id);
      return field ? displayValue(field, visible[id], locale) : '';
    })
    .filter((s) => s !== '')
    .join(' · ');
}

/** Number of fee units (e.g. copies), 1 when the form declares none or the answer is missing. */
export function feeQuantity(def: FormDefinition, answers: Answers): number {
  if (!def.feeQuantityField) return 1;
  const value = resolve(def, answers).answers[def.feeQuantityField];
  const number = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(number) && number > 0 ? number : 1;
}
