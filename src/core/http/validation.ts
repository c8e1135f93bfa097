/**
 * Form validation with zod. Schemas use i18n keys as messages
 * (`validation.required` …); a failed parse becomes a list of
 * `{ field, message }` for the error summary and the fields.
 */
import { z } from 'zod';
import type { Translate } from '../i18n/i18n.ts';

export interface FieldError {
  field: string;
  message: string;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldError[]; values: Record<string, string> };

/** Flattens a parsed form body to strings (for re-rendering what the user typed). */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') values[key] = value;
      else if (Array.isArray(value) && typeof value[0] === 'string') values[key] = value[0];
    }
  }
  return values;
}

export function parseForm<S extends z.ZodType>(schema: S, body: unknown, t: Translate): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (seen.has(field)) continue;
    seen.add(field);
    const key = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
    errors.push({ field, message: t(key) });
  }
  return { ok: false, errors, values: formValues(body) };
}

/** Common field schemas with localized messages. */
export const fields = {
  requiredText: (max: number) =>
    z
      .string({ error: 'validation.required' })
      .transform((s) => s.trim())
      .pipe(z.string().min(1, 'validation.required').max(max, 'validation.tooLong')),
  optionalText: (max: number) =>
    z
      .string()
      .optional()
      .transform((s) => (s ?? '').trim())
      .pipe(z.string().max(max, 'validation.tooLong')),
  email: () =>
    z
      .string({ error: 'validation.required' })
      .transform((s) => s.trim())
      .pipe(z.string().min(1, 'validation.required').max(254, 'validation.tooLong').pipe(z.email('validation.email'))),
  checkbox: (message: string) => z.literal(['yes', 'on', 'true'], { error: message }),
};
