/**
 * Which pages and fields apply to the current answers, and the way through
 * them. Conditions look at answers of earlier pages only, so the server
 * decides what to show and no JavaScript is needed.
 */
import type { AnswerValue, Answers, Condition, FieldDef, FormDefinition, FormPage } from './types.ts';

export function isEmptyAnswer(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

export function evaluate(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, answers));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, answers));
  if ('not' in condition) return !evaluate(condition.not, answers);
  const value = Object.hasOwn(answers, condition.field) ? answers[condition.field] : undefined;
  if ('notEmpty' in condition) return !isEmptyAnswer(value);
  if ('equals' in condition) {
    if (Array.isArray(value)) return (value as unknown[]).includes(condition.equals);
    return value === condition.equals;
  }
  if (Array.isArray(value)) return (value as unknown[]).some((v) => typeof v === 'string' && condition.in.includes(v));
  return typeof value === 'string' && condition.in.includes(value);
}

export interface VisiblePage {
  page: FormPage;
  fields: FieldDef[];
}

/**
 * Walks the pages in order, keeping only answers of fields that are visible
 * at that point; later conditions see only those. Returns the visible pages
 * with their visible fields, and the answers without hidden or unknown keys.
 */
export function resolve(def: FormDefinition, answers: Answers): { pages: VisiblePage[]; answers: Answers } {
  const kept: Answers = {};
  const pages: VisiblePage[] = [];
  for (const page of def.pages) {
    if (page.showIf && !evaluate(page.showIf, kept)) continue;
    const fields: FieldDef[] = [];
    for (const field of page.fields) {
      if (field.showIf && !evaluate(field.showIf, kept)) continue;
      fields.push(field);
      if (Object.hasOwn(answers, field.id)) kept[field.id] = answers[field.id] as AnswerValue;
    }
    pages.push({ page, fields });
  }
  return { pages, answers: kept };
}

/** Drops answers of fields that are hidden for these answers (and keys no field has). */
export function pruneAnswers(def: FormDefinition, answers: Answers): Answers {
  return resolve(def, answers).answers;
}

export function getPage(def: FormDefinition, pageId: string): FormPage | undefined {
  return def.pages.find((p) => p.id === pageId);
}

export function visiblePages(def: FormDefinition, answers: Answers): FormPage[] {
  return resolve(def, answers).pages.map((p) => p.page);
}

export function isPageVisible(def: FormDefinition, pageId: string, answers: Answers): boolean {
  return visiblePages(def, answers).some((p) => p.id === pageId);
}

/** The fields of a page that apply to these answers (empty for an unknown or hidden page). */
export function visibleFields(def: FormDefinition, pageId: string, answers: Answers): FieldDef[] {
  return resolve(def, answers).pages.find((p) => p.page.id === pageId)?.fields ?? [];
}

export function firstPage(def: FormDefinition, answers: Answers): string {
  const first = visiblePages(def, answers)[0] ?? def.pages[0];
  if (!first) throw new Error(`form ${def.id} has no pages`);
  return first.id;
}

/** The next visible page after `pageId` in definition order, or null: on to check-your-answers. */
export function nextPage(def: FormDefinition, pageId: string, answers: Answers): string | null {
  const position = def.pages.findIndex((p) => p.id === pageId);
  const visible = new Set(visiblePages(def, answers).map((p) => p.id));
  return def.pages.slice(position + 1).find((p) => visible.has(p.id))?.id ?? null;
}

/** The visible page before `pageId`, or null: back to the start of the journey. */
export function previousPage(def: FormDefinition, pageId: string, answers: Answers): string | null {
  const position = def.pages.findIndex((p) => p.id === pageId);
  if (position <= 0) return null;
  const visible = new Set(visiblePages(def, answers).map((p) => p.id));
  return def.pages.slice(0, position).reverse().find((p) => visible.has(p.id))?.id ?? null;
}

/** The first visible page that has no answer yet for a required field: where a returning citizen continues. */
export function firstUnansweredPage(def: FormDefinition, answers: Answers): string | null {
  for (const { page, fields } of resolve(def, answers).pages) {
    if (fields.some((f) => f.required && isEmptyAnswer(answers[f.id]))) return page.id;
  }
  return null;
}
