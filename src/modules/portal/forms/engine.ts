/**
 * The form engine: declarative, versioned service forms (see types.ts) turned
 * into pages, server-side validation, check-your-answers, staff view, PDF
 * rows and JSON export. Pure functions without HTTP, so the journey routes,
 * jobs and tests use the same code.
 */
import { fieldToInput, repeatInputName } from './fields.ts';
import { resolve } from './navigation.ts';
import type { Answers, FileField, FormDefinition } from './types.ts';

export type * from './types.ts';
export { firstPage, firstUnansweredPage, getPage, isPageVisible, nextPage, previousPage, pruneAnswers, visibleFields, visiblePages } from './navigation.ts';
export { parsePage, validateAll, type ParseOptions, type ParsePageResult } from './parse.ts';
export { renderPage, type RenderPageOptions } from './render-page.tsx';
export { contactOf, displayValue, exportJson, feeQuantity, staffSummaryLine, summary, type FormExport, type JsonValue, type SummaryOptions, type SummaryRowData, type SummarySection } from './summary.ts';
export { formDefinitions, formVersions, getForm, sampleAnswers } from './registry.ts';
export { formMessages } from './messages.ts';
export { checkGermanIban, checkPlz, formatIban, maskIban, todayInBerlin } from './checks.ts';
export { repeatInputName };

/**
 * The form body a browser would send for this page with these answers: for
 * journey tests that post real pages, and for re-checking stored answers.
 */
export function pageFormBody(def: FormDefinition, pageId: string, answers: Answers): Record<string, string | string[]> {
  const resolved = resolve(def, answers);
  const body: Record<string, string | string[]> = {};
  for (const field of resolved.pages.find((p) => p.page.id === pageId)?.fields ?? []) fieldToInput(field, resolved.answers[field.id], body);
  return body;
}

/** The upload fields of a page that apply to these answers: which kinds and how many files the journey may accept for each. */
export function fileFields(def: FormDefinition, pageId: string, answers: Answers): FileField[] {
  const page = resolve(def, answers).pages.find((p) => p.page.id === pageId);
  return (page?.fields ?? []).filter((f): f is FileField => f.kind === 'file');
}
