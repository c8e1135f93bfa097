/**
 * Reading and validating one field from the raw form body. The same code
 * checks a page on "Weiter" and the whole application on submit (stored
 * answers are turned back into the form body they came from), so both can
 * never disagree.
 */
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { addDays, checkGermanIban, checkPlz, emailValid, houseNumberValid, isWeekday, minusYears, parseDate, phoneValid, type IsoDate } from './checks.ts';
import type { AddressField, AddressValue, AnswerValue, DateField, FieldDef, FileField, FileRef, FormError, FormInput, NumberField, OptionDef, RepeatField, RepeatItem, ScalarAnswer, SubField } from './types.ts';

/** Nothing longer is ever read: a 10 MB string costs no more than a long answer. */
export const RAW_CAP = 20_000;
const MAX_VALUES = 200;
export const DEFAULT_TEXT_MAX = 200;
export const DEFAULT_TEXTAREA_MAX = 2000;
const ADDRESS_PART_MAX = { street: 100, houseNumber: 20, plz: 10, city: 80, addition: 100 } as const;

export interface FieldContext {
  locale: Locale;
  t: Translate;
  today: IsoDate;
}

// ---------------------------------------------------------------- raw input

function rawValue(input: FormInput, name: string): unknown {
  return Object.hasOwn(input, name) ? input[name] : undefined;
}

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function clean(value: string, multiline: boolean): string {
  const capped = value.slice(0, RAW_CAP).normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '');
  return (multiline ? capped : capped.replace(/\s/g, ' ')).trim();
}

/** The first string sent under this name, cleaned and trimmed; '' for anything else. */
export function readString(input: FormInput, name: string, multiline = false): string {
  const value = rawValue(input, name);
  if (typeof value === 'string') return clean(value, multiline);
  if (Array.isArray(value)) {
    const first: unknown = value.find((v) => typeof v === 'string');
    return typeof first === 'string' ? clean(first, multiline) : '';
  }
  return '';
}

export function readStrings(input: FormInput, name: string): string[] {
  const value = rawValue(input, name);
  const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value.slice(0, MAX_VALUES) : [];
  return list.filter((v): v is string => typeof v === 'string').map((v) => clean(v, false)).filter((v) => v !== '');
}

// ---------------------------------------------------------------- names

export const ADDRESS_PARTS = ['street', 'houseNumber', 'plz', 'city', 'addition'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

/** Input name of an address part: `anschrift-plz`. */
export const addressPartName = (base: string, part: AddressPart): string => `${base}-${part}`;

/** Input name of a sub-field in item `index` of a repeatable group: `personen-0-vorname`. */
export const repeatInputName = (groupId: string, index: number, subId: string): string => `${groupId}-${index}-${subId}`;

/** Every raw input name a sub-field reads (address: its parts). */
export function inputNames(field: SubField, base: string): string[] {
  return field.kind === 'address' ? ADDRESS_PARTS.map((part) => addressPartName(base, part)) : [base];
}

// ---------------------------------------------------------------- helpers

export interface ParsedValue<V> {
  /** undefined: no answer (the key is removed). */
  value: V | undefined;
  errors: FormError[];
}

const ok = <V>(value: V): ParsedValue<V> => ({ value, errors: [] });
const fail = <V>(value: V, field: string, message: string): ParsedValue<V> => ({ value, errors: [{ field, message }] });
/** No answer, no problem. */
const NONE: ParsedValue<never> = { value: undefined, errors: [] };
/** No answer, and one was needed (or the one given cannot be kept). */
const missing = (field: string, message: string): ParsedValue<never> => ({ value: undefined, errors: [{ field, message }] });

function requiredMessage(field: FieldDef, label: string, ctx: FieldContext): string {
  if (field.requiredMessage) return field.requiredMessage[ctx.locale];
  switch (field.kind) {
    case 'select':
    case 'radio':
    case 'checkboxes':
      return ctx.t('forms.error.requiredChoice', { label });
    case 'checkbox':
      return ctx.t('forms.error.requiredCheckbox', { label });
    case 'file':
      return ctx.t('forms.error.requiredFile', { label });
    default:
      return ctx.t('forms.error.required', { label });
  }
}

const optionValues = (options: readonly OptionDef[]): Set<string> => new Set(options.map((o) => o.value));
const TRUE_VALUES = new Set(['yes', 'on', 'true', '1']);

// ---------------------------------------------------------------- scalar fields

/**
 * Reads and checks one field. `name` is its input name (the field id, or
 * `group-0-sub` inside a repeatable group); `label` names it in messages.
 * On an error the value is still returned where it helps re-rendering what
 * was typed (it stays invalid, so the final check catches it again).
 */
export function parseScalar(field: SubField, name: string, label: string, input: FormInput, ctx: FieldContext): ParsedValue<ScalarAnswer> {
  switch (field.kind) {
    case 'checkbox': {
      const checked = TRUE_VALUES.has(readString(input, name).toLowerCase());
      if (!checked) return field.required ? missing(name, requiredMessage(field, label, ctx)) : NONE;
      return ok(true);
    }
    case 'checkboxes': {
      const allowed = optionValues(field.options);
      const chosen = [...new Set(readStrings(input, name))].filter((v) => allowed.has(v));
      const ordered = field.options.map((o) => o.value).filter((v) => chosen.includes(v));
      if (ordered.length === 0) return field.required ? missing(name, requiredMessage(field, label, ctx)) : NONE;
      return ok(ordered);
    }
    case 'address':
      return parseAddress(field, name, input, ctx);
    default:
      return parseText(field, name, label, input, ctx);
  }
}

type TextLike = Exclude<SubField, { kind: 'checkbox' | 'checkboxes' | 'address' }>;

function parseText(field: TextLike, name: string, label: string, input: FormInput, ctx: FieldContext): ParsedValue<string> {
  const raw = readString(input, name, field.kind === 'textarea');
  if (raw === '') return field.required ? missing(name, requiredMessage(field, label, ctx)) : NONE;
  switch (field.kind) {
    case 'text': {
      const compact = field.stripSpaces ? raw.replace(/\s+/g, '') : raw;
      const value = field.uppercase ? compact.toUpperCase() : compact;
      const max = field.maxLength ?? DEFAULT_TEXT_MAX;
      if (value.length > max) return fail(value, name, ctx.t('forms.error.tooLong', { label, max }));
      if (field.minLength !== undefined && value.length < field.minLength) return fail(value, name, ctx.t('forms.error.tooShort', { label, min: field.minLength }));
      if (field.pattern && !field.pattern.regex.test(value)) return fail(value, name, field.pattern.message[ctx.locale]);
      return ok(value);
    }
    case 'textarea': {
      const max = field.maxLength ?? DEFAULT_TEXTAREA_MAX;
      if (raw.length > max) return fail(raw, name, ctx.t('forms.error.tooLong', { label, max }));
      return ok(raw);
    }
    case 'email': {
      const value = raw.replace(/\s/g, '');
      if (value.length > 254) return fail(value.slice(0, 300), name, ctx.t('forms.error.tooLong', { label, max: 254 }));
      return emailValid(value) ? ok(value) : fail(value, name, ctx.t('forms.error.email'));
    }
    case 'phone':
      if (raw.length > 40) return fail(raw.slice(0, 100), name, ctx.t('forms.error.tooLong', { label, max: 40 }));
      return phoneValid(raw) ? ok(raw.replace(/\s+/g, ' ')) : fail(raw, name, ctx.t('forms.error.phone'));
    case 'number':
      return parseNumber(field, name, label, raw, ctx);
    case 'date':
      return parseDateField(field, name, label, raw, ctx);
    case 'select':
    case 'radio':
      return optionValues(field.options).has(raw) ? ok(raw) : missing(name, ctx.t('forms.error.invalidChoice', { label }));
    case 'iban': {
      const { iban, problem } = checkGermanIban(raw);
      if (problem === 'format') return fail(iban.slice(0, 60), name, ctx.t('forms.error.ibanFormat'));
      if (problem === 'checksum') return fail(iban, name, ctx.t('forms.error.ibanChecksum'));
      return ok(iban);
    }
  }
}

function parseNumber(field: NumberField, name: string, label: string, raw: string, ctx: FieldContext): ParsedValue<string> {
  const compact = raw.replace(/\s/g, '');
  const integer = field.integer ?? true;
  const shape = integer ? /^[+-]?\d{1,12}$/ : /^[+-]?\d{1,12}(?:[.,]\d{1,2})?$/;
  if (!shape.test(compact)) return fail(compact.slice(0, 40), name, ctx.t(integer ? 'forms.error.integer' : 'forms.error.number', { label }));
  const number = Number(compact.replace(',', '.'));
  if (field.min !== undefined && number < field.min) return fail(compact, name, ctx.t('forms.error.numberMin', { label, min: field.min }));
  if (field.max !== undefined && number > field.max) return fail(compact, name, ctx.t('forms.error.numberMax', { label, max: field.max }));
  return ok(String(number));
}

function parseDateField(field: DateField, name: string, label: string, raw: string, ctx: FieldContext): ParsedValue<string> {
  const date = parseDate(raw);
  if (!date) return fail(raw.slice(0, 40), name, ctx.t('forms.error.date', { label }));
  const rules = field.rules ?? {};
  const { today } = ctx;
  const problem = (key: string, params: Record<string, string | number> = {}) => fail(date, name, ctx.t(key, { label, ...params }));
  if (rules.past && date >= today) return problem('forms.error.datePast');
  if (rules.notFuture && date > today) return problem('forms.error.dateNotFuture');
  if (rules.future && date <= today) return problem('forms.error.dateFuture');
  if (rules.notPast && date < today) return problem('forms.error.dateNotPast');
  if (rules.minAgeYears !== undefined && date > minusYears(today, rules.minAgeYears)) return problem('forms.error.dateMinAge', { years: rules.minAgeYears });
  if (rules.maxYearsAgo !== undefined && date < minusYears(today, rules.maxYearsAgo)) return problem('forms.error.dateTooOld', { years: rules.maxYearsAgo });
  if (rules.maxDaysAhead !== undefined && date > addDays(today, rules.maxDaysAhead)) return problem('forms.error.dateTooFar', { days: rules.maxDaysAhead });
  if (rules.weekdaysOnly && !isWeekday(date)) return problem('forms.error.dateWeekday');
  return ok(date);
}

function parseAddress(field: AddressField, name: string, input: FormInput, ctx: FieldContext): ParsedValue<AddressValue> {
  const parts = {
    street: readString(input, addressPartName(name, 'street')),
    houseNumber: readString(input, addressPartName(name, 'houseNumber')),
    plz: readString(input, addressPartName(name, 'plz')).replace(/\s+/g, ''),
    city: readString(input, addressPartName(name, 'city')),
    addition: field.withAddition ? readString(input, addressPartName(name, 'addition')) : '',
  };
  const empty = Object.values(parts).every((v) => v === '');
  if (empty && !field.required) return NONE;
  const errors: FormError[] = [];
  const add = (part: AddressPart, message: string) => errors.push({ field: addressPartName(name, part), message });
  for (const part of ADDRESS_PARTS) {
    const max = ADDRESS_PART_MAX[part];
    if (parts[part].length > max) {
      add(part, ctx.t('forms.error.addressTooLong', { max }));
      parts[part] = parts[part].slice(0, max + 100);
    }
  }
  const failed = (part: AddressPart) => errors.some((e) => e.field === addressPartName(name, part));
  if (parts.street === '') add('street', ctx.t('forms.error.street'));
  if (parts.houseNumber === '') add('houseNumber', ctx.t('forms.error.houseNumber'));
  else if (!failed('houseNumber') && !houseNumberValid(parts.houseNumber)) add('houseNumber', ctx.t('forms.error.houseNumberFormat'));
  if (parts.plz === '') add('plz', ctx.t('forms.error.plz'));
  else if (!failed('plz')) {
    const { problem } = checkPlz(parts.plz);
    if (problem) add('plz', ctx.t(problem === 'format' ? 'forms.error.plzFormat' : 'forms.error.plzUnknown'));
  }
  if (parts.city === '') add('city', ctx.t('forms.error.city'));
  // Keep the order of the inputs, so the error summary reads top to bottom.
  errors.sort((a, b) => ADDRESS_PARTS.findIndex((p) => a.field.endsWith(`-${p}`)) - ADDRESS_PARTS.findIndex((p) => b.field.endsWith(`-${p}`)));
  const value: AddressValue = { street: parts.street, houseNumber: parts.houseNumber, plz: parts.plz, city: parts.city };
  if (parts.addition !== '') value.addition = parts.addition;
  return { value, errors };
}

// ---------------------------------------------------------------- files

export function isFileRef(value: unknown): value is FileRef {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.fileId === 'string' && typeof v.filename === 'string' && typeof v.size === 'number';
}

export function fileRefsOf(value: AnswerValue | undefined): FileRef[] {
  return Array.isArray(value) ? (value as unknown[]).filter(isFileRef) : [];
}

/** Files are stored by the journey; here only their number counts. */
export function checkFiles(field: FileField, refs: readonly FileRef[], label: string, ctx: FieldContext): FormError[] {
  if (refs.length === 0 && field.required) return [{ field: field.id, message: requiredMessage(field, label, ctx) }];
  if (refs.length > field.maxFiles) return [{ field: field.id, message: ctx.t('forms.error.fileTooMany', { label, max: field.maxFiles }) }];
  return [];
}

// ---------------------------------------------------------------- repeatable groups

export function repeatItemsOf(value: AnswerValue | undefined): RepeatItem[] {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).filter((item): item is RepeatItem => !!item && typeof item === 'object' && !Array.isArray(item) && !isFileRef(item));
}

/**
 * How many items the page shows: what is stored, at least `minItems`. When
 * reading a body, items the body carries beyond that count too (a second
 * tab, a test posting a whole page), never more than `maxItems`.
 */
export function repeatItemCount(field: RepeatField, stored: AnswerValue | undefined, input?: FormInput): number {
  let count = Math.max(field.minItems, repeatItemsOf(stored).length);
  if (input) while (count < field.maxItems && !itemIsEmpty(field, count, input)) count++;
  return Math.min(field.maxItems, count);
}

export function itemLabel(field: RepeatField, index: number, ctx: FieldContext): string {
  return ctx.t('forms.repeat.item', { item: field.itemLabel[ctx.locale], number: index + 1 });
}

function itemIsEmpty(field: RepeatField, index: number, input: FormInput): boolean {
  return field.fields.every((sub) => inputNames(sub, repeatInputName(field.id, index, sub.id)).every((n) => readStrings(input, n).length === 0));
}

/**
 * Reads a repeatable group. On "Weiter" (`dropEmpty`) items left completely
 * empty are dropped (an "add" clicked by mistake) and the rest renumbered;
 * fewer than `minItems` are padded with empty items that then get errors.
 */
export function parseRepeat(field: RepeatField, stored: AnswerValue | undefined, input: FormInput, ctx: FieldContext, options: { validate: boolean; dropEmpty: boolean }): ParsedValue<RepeatItem[]> {
  const count = repeatItemCount(field, stored, input);
  let indices = Array.from({ length: count }, (_, i) => i);
  if (options.dropEmpty) {
    indices = indices.filter((i) => !itemIsEmpty(field, i, input));
    while (indices.length < field.minItems) indices.push(-1);
  }
  const items: RepeatItem[] = [];
  const errors: FormError[] = [];
  indices.forEach((from, to) => {
    const remapped: Record<string, unknown> = {};
    for (const sub of field.fields) {
      const source = inputNames(sub, repeatInputName(field.id, from, sub.id));
      const target = inputNames(sub, repeatInputName(field.id, to, sub.id));
      source.forEach((n, k) => {
        if (from >= 0 && Object.hasOwn(input, n)) remapped[target[k] as string] = input[n];
      });
    }
    const item: RepeatItem = {};
    for (const sub of field.fields) {
      const label = ctx.t('forms.summary.itemField', { item: field.itemLabel[ctx.locale], number: to + 1, field: sub.label[ctx.locale] });
      const parsed = parseScalar(sub, repeatInputName(field.id, to, sub.id), label, remapped, ctx);
      if (parsed.value !== undefined) item[sub.id] = parsed.value;
      if (options.validate) errors.push(...parsed.errors);
    }
    items.push(item);
  });
  if (options.validate && items.length > field.maxItems) errors.push({ field: field.id, message: ctx.t('forms.error.repeatMax', { max: field.maxItems }) });
  if (options.validate && field.required && items.length === 0) errors.push({ field: field.id, message: ctx.t('forms.error.repeatMin', { min: Math.max(1, field.minItems) }) });
  return { value: items.length > 0 ? items : undefined, errors };
}

// ---------------------------------------------------------------- stored answers → form body

function scalarToInput(field: SubField, base: string, value: unknown, out: Record<string, string | string[]>): void {
  if (value === undefined || value === null) return;
  switch (field.kind) {
    case 'checkbox':
      if (value === true) out[base] = 'yes';
      return;
    case 'checkboxes':
      if (Array.isArray(value)) out[base] = value.filter((v): v is string => typeof v === 'string');
      return;
    case 'address': {
      if (typeof value !== 'object' || Array.isArray(value)) return;
      const address = value as Record<string, unknown>;
      for (const part of ADDRESS_PARTS) {
        const partValue = address[part];
        if (typeof partValue === 'string') out[addressPartName(base, part)] = partValue;
      }
      return;
    }
    default:
      if (typeof value === 'string') out[base] = value;
  }
}

/** The form body that would produce these stored answers (for re-validation and re-rendering). */
export function fieldToInput(field: FieldDef, value: AnswerValue | undefined, out: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  if (field.kind === 'file') return out;
  if (field.kind === 'repeat') {
    repeatItemsOf(value).forEach((item, index) => {
      for (const sub of field.fields) scalarToInput(sub, repeatInputName(field.id, index, sub.id), item[sub.id], out);
    });
    return out;
  }
  scalarToInput(field, field.id, value, out);
  return out;
}
