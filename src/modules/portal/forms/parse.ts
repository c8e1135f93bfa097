/**
 * Server-side reading of one page ("Weiter", or one of the buttons that work
 * without JavaScript: add/remove an item of a group, remove an uploaded file)
 * and the final check of a whole application before it is submitted.
 */
import type { Locale } from '../../../core/i18n/i18n.ts';
import { todayInBerlin, type IsoDate } from './checks.ts';
import { checkFiles, fieldToInput, fileRefsOf, parseRepeat, parseScalar, readString, repeatItemCount, repeatItemsOf, type FieldContext } from './fields.ts';
import { formText } from './messages.ts';
import { pruneAnswers, resolve, visibleFields } from './navigation.ts';
import type { AnswerValue, Answers, FieldDef, FormDefinition, FormError, FormInput, PageAction, PageError, RepeatField } from './types.ts';

export interface ParseOptions {
  /** Today in Europe/Berlin (`YYYY-MM-DD`); tests pin it, the default is the real date. */
  today?: IsoDate;
}

export interface ParsePageResult {
  /** All answers with this page's merged in; answers of fields that are now hidden are removed. */
  answers: Answers;
  /** Only for "Weiter": the other actions keep what was typed and show the page again. */
  errors: FormError[];
  action: PageAction;
  /** For 'remove-file': the file the journey should delete from the store. */
  removedFileId?: string;
}

export function fieldContext(locale: Locale, options: ParseOptions = {}): FieldContext {
  return { locale, t: formText(locale), today: options.today ?? todayInBerlin() };
}

type Target = { action: 'continue' } | { action: 'repeat-add'; group: string } | { action: 'repeat-remove'; group: string; index: number } | { action: 'remove-file'; fileId: string };

/** Which button was pressed; a value that matches nothing on the page counts as "Weiter". */
function targetOf(input: FormInput, fields: readonly FieldDef[], answers: Answers): Target {
  const repeats = fields.filter((f): f is RepeatField => f.kind === 'repeat');
  const add = readString(input, 'repeat-add');
  if (add !== '' && repeats.some((f) => f.id === add)) return { action: 'repeat-add', group: add };
  const remove = /^([A-Za-z][A-Za-z0-9]*):(\d{1,3})$/.exec(readString(input, 'repeat-remove'));
  const group = remove ? repeats.find((f) => f.id === remove[1]) : undefined;
  if (remove && group && Number(remove[2]) < repeatItemCount(group, answers[group.id], input)) return { action: 'repeat-remove', group: group.id, index: Number(remove[2]) };
  const fileId = readString(input, 'remove-file');
  if (fileId !== '' && fields.some((f) => f.kind === 'file' && fileRefsOf(answers[f.id]).some((r) => r.fileId === fileId))) return { action: 'remove-file', fileId };
  return { action: 'continue' };
}

function setAnswer(answers: Answers, id: string, value: AnswerValue | undefined): void {
  if (value === undefined) delete answers[id];
  else answers[id] = value;
}

/** Reads one field of the page into `answers`; returns its errors. */
function readField(field: FieldDef, input: FormInput, answers: Answers, target: Target, ctx: FieldContext): FormError[] {
  const label = field.label[ctx.locale];
  const validate = target.action === 'continue';
  if (field.kind === 'file') {
    const refs = fileRefsOf(answers[field.id]).filter((r) => !(target.action === 'remove-file' && r.fileId === target.fileId));
    setAnswer(answers, field.id, refs.length > 0 ? refs : undefined);
    return validate ? checkFiles(field, refs, label, ctx) : [];
  }
  if (field.kind === 'repeat') {
    const parsed = parseRepeat(field, answers[field.id], input, ctx, { validate, dropEmpty: validate });
    const items = parsed.value ?? [];
    if (target.action === 'repeat-add' && target.group === field.id && items.length < field.maxItems) items.push({});
    if (target.action === 'repeat-remove' && target.group === field.id && items.length > field.minItems && target.index < items.length) items.splice(target.index, 1);
    // An empty item stays stored after "add", so the page shows (and reads back) one more.
    setAnswer(answers, field.id, items.length > 0 ? items : undefined);
    return parsed.errors;
  }
  const parsed = parseScalar(field, field.id, label, input, ctx);
  setAnswer(answers, field.id, parsed.value);
  return validate ? parsed.errors : [];
}

/**
 * Reads the raw form body of one page. Never throws on hostile input:
 * overlong strings are capped and reported, arrays where a string is expected
 * count by their first string, unknown keys are ignored. An unknown or hidden
 * page changes nothing (the journey answers such URLs with 404 or a redirect).
 */
export function parsePage(def: FormDefinition, pageId: string, input: FormInput, answers: Answers, locale: Locale, options: ParseOptions = {}): ParsePageResult {
  const ctx = fieldContext(locale, options);
  const safeInput: FormInput = input && typeof input === 'object' ? input : {};
  const current = pruneAnswers(def, answers);
  const fields = visibleFields(def, pageId, current);
  const target = targetOf(safeInput, fields, current);
  const next: Answers = { ...current };
  const errors: FormError[] = [];
  for (const field of fields) errors.push(...readField(field, safeInput, next, target, ctx));
  return {
    answers: pruneAnswers(def, next),
    errors,
    action: target.action,
    ...(target.action === 'remove-file' ? { removedFileId: target.fileId } : {}),
  };
}

/**
 * The final check before submission: every visible page, with the same rules
 * as on "Weiter". Each error names its page, so the journey can send the
 * citizen to the first page with a problem.
 */
export function validateAll(def: FormDefinition, answers: Answers, locale: Locale, options: ParseOptions = {}): PageError[] {
  const ctx = fieldContext(locale, options);
  const resolved = resolve(def, answers);
  const errors: PageError[] = [];
  for (const { page, fields } of resolved.pages) {
    const input: Record<string, string | string[]> = {};
    for (const field of fields) fieldToInput(field, resolved.answers[field.id], input);
    for (const field of fields) {
      const label = field.label[locale];
      let fieldErrors: FormError[];
      if (field.kind === 'file') fieldErrors = checkFiles(field, fileRefsOf(resolved.answers[field.id]), label, ctx);
      else if (field.kind === 'repeat') {
        // Stored items are checked as they are (nothing dropped), so the error names match the page.
        const stored = repeatItemsOf(resolved.answers[field.id]);
        fieldErrors = parseRepeat(field, stored, input, ctx, { validate: true, dropEmpty: false }).errors;
        if (stored.length < field.minItems && fieldErrors.length === 0) fieldErrors = [{ field: field.id, message: ctx.t('forms.error.repeatMin', { min: field.minItems }) }];
      } else fieldErrors = parseScalar(field, field.id, label, input, ctx).errors;
      errors.push(...fieldErrors.map((e) => ({ ...e, pageId: page.id })));
    }
  }
  return errors;
}
