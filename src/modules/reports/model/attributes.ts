/**
 * A category's extra questions (Open311 attributes): checking answers the
 * same way for the web form and for Open311 POSTs.
 */
import type { AttributeAnswers, CategoryAttribute } from '../schema.ts';

export interface AttributeProblem {
  code: string;
  /** i18n key (reports.attribute.*) */
  messageKey: 'reports.attribute.required' | 'reports.attribute.notInList' | 'reports.attribute.number' | 'reports.attribute.datetime' | 'reports.attribute.tooLong' | 'reports.attribute.single';
}

const MAX_TEXT = { string: 200, text: 2000 } as const;

/** W3C-DTF/ISO 8601 date or date-time (with a zone when a time is given). */
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Keeps only answers to the category's variable questions, trimmed; empty
 * answers count as absent (Open311: an empty parameter is an absent one).
 */
export function checkAttributes(definitions: readonly CategoryAttribute[], raw: Record<string, string | string[] | undefined>): { answers: AttributeAnswers; problems: AttributeProblem[] } {
  const answers: AttributeAnswers = {};
  const problems: AttributeProblem[] = [];
  for (const def of [...definitions].sort((a, b) => a.order - b.order)) {
    const value = raw[def.code];
    const values = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) {
      if (def.required) problems.push({ code: def.code, messageKey: 'reports.attribute.required' });
      continue;
    }
    switch (def.datatype) {
      case 'singlevaluelist':
      case 'multivaluelist': {
        const keys = new Set((def.values ?? []).map((v) => v.key));
        if (values.some((v) => !keys.has(v))) problems.push({ code: def.code, messageKey: 'reports.attribute.notInList' });
        else if (def.datatype === 'singlevaluelist' && values.length > 1) problems.push({ code: def.code, messageKey: 'reports.attribute.single' });
        else answers[def.code] = def.datatype === 'multivaluelist' ? [...new Set(values)] : (values[0] as string);
        break;
      }
      case 'number': {
        const text = (values[0] as string).replace(',', '.');
        if (values.length > 1 || !/^-?\d{1,12}(\.\d{1,6})?$/.test(text)) problems.push({ code: def.code, messageKey: 'reports.attribute.number' });
        else answers[def.code] = text;
        break;
      }
      case 'datetime': {
        const text = values[0] as string;
        if (values.length > 1 || !DATETIME.test(text) || Number.isNaN(Date.parse(text))) problems.push({ code: def.code, messageKey: 'reports.attribute.datetime' });
        else answers[def.code] = text;
        break;
      }
      case 'string':
      case 'text': {
        const text = values.join(' ');
        if (text.length > MAX_TEXT[def.datatype]) problems.push({ code: def.code, messageKey: 'reports.attribute.tooLong' });
        else answers[def.code] = text;
        break;
      }
    }
  }
  return { answers, problems };
}

/** An answer as people read it (list keys become their names). */
export function describeAnswer(def: CategoryAttribute, answer: string | string[], locale: 'de' | 'en'): string {
  const values = Array.isArray(answer) ? answer : [answer];
  if (def.datatype === 'singlevaluelist' || def.datatype === 'multivaluelist') {
    return values.map((v) => def.values?.find((x) => x.key === v)?.name[locale] ?? v).join(', ');
  }
  return values.join(', ');
}
