/** Form schemas of the Beschwerdemanagement (messages are i18n keys). */
import { z } from 'zod';
import type { Translate } from '../../../core/i18n/i18n.ts';
import { fields, formValues, parseForm, type FieldError } from '../../../core/http/validation.ts';
import { COMPLAINT_FILTERS, COMPLAINT_TOPICS, TEXT_MAX, type ComplaintInput } from './complaints.service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A text as the browser counted it for `maxlength`: line breaks are one character, not CRLF's two. */
const message = (max: number) =>
  z
    .string({ error: 'validation.required' })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(1, 'validation.required').max(max, 'validation.tooLong'));

const complaintForm = z.object({
  topic: z.enum(COMPLAINT_TOPICS, { error: 'validation.choose' }),
  unit: z
    .string()
    .optional()
    .transform((s) => s ?? ''),
  text: message(TEXT_MAX),
  name: fields.optionalText(120),
  email: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.union([z.literal(''), z.email('validation.email').max(254, 'validation.tooLong')])),
  // A tampered or missing key only loses the double-submit protection.
  submission: z
    .string()
    .optional()
    .transform((s) => (s && UUID.test(s) ? s : undefined)),
});

/** The order of the fields on the page, so the error summary reads top to bottom. */
const FIELD_ORDER = ['topic', 'unit', 'text', 'name', 'email', 'privacy'];

export type ComplaintFormResult = { ok: true; data: ComplaintInput; values: Record<string, string> } | { ok: false; errors: FieldError[]; values: Record<string, string> };

/**
 * The citizen's form: topic, optional office (one of `unitSlugs`), text,
 * optional name and address. The privacy notice must be confirmed as soon
 * as a name or an address is given; anonymous messages need no consent.
 */
export function readComplaintForm(body: unknown, t: Translate, unitSlugs: readonly string[]): ComplaintFormResult {
  const values = formValues(body);
  const parsed = parseForm(complaintForm, body, t);
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
  const unit = values.unit ?? '';
  if (unit && !unitSlugs.includes(unit) && !errors.some((e) => e.field === 'unit')) errors.push({ field: 'unit', message: t('validation.choose') });
  const givesContact = (values.name ?? '').trim() !== '' || (values.email ?? '').trim() !== '';
  if (givesContact && values.privacy !== 'yes') errors.push({ field: 'privacy', message: t('validation.consent') });
  if (!parsed.ok || errors.length) {
    const rank = (field: string) => (FIELD_ORDER.indexOf(field) + 1 || FIELD_ORDER.length + 1);
    return { ok: false, errors: errors.sort((a, b) => rank(a.field) - rank(b.field)), values };
  }
  return { ok: true, data: parsed.data, values };
}

export const acknowledgeForm = z.object({ message: z.string().optional().transform((s) => (s ?? '').replace(/\r\n?/g, '\n').trim()).pipe(z.string().max(5000, 'validation.tooLong')) });
export const answerForm = z.object({ answer: message(5000) });
export const forwardForm = z.object({ unit: z.uuid({ error: 'validation.choose' }), forwardNote: fields.optionalText(500) });

export const listQuery = z.object({
  stand: z.enum(COMPLAINT_FILTERS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  lang: z.string().optional(),
});
export const caseParams = z.object({ caseId: z.uuid() });
