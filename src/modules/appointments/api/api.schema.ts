/**
 * Request schemas of the public appointment API (zod) and the conversion of
 * a failed parse into field errors. Handlers parse with these themselves, so
 * every malformed request gets a 400 naming its fields instead of the
 * generic error page.
 */
import { z } from 'zod';
import { daysBetween, isIsoDay } from '../../../core/time/berlin.ts';
import { isFieldMessage, type FieldError } from './errors.ts';

/** Days one slots request may span. */
export const MAX_SLOT_DAYS = 62;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const requiredOr = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : message);

const locationRef = z
  .string({ error: requiredOr('invalid') })
  .regex(/^[A-Za-z0-9-]{1,60}$/, 'invalid')
  .transform((s) => s.toLowerCase());
const day = z.string({ error: requiredOr('day') }).refine(isIsoDay, 'day');
const variant = z.enum(['onsite', 'phone', 'video'], { error: 'invalid' });

export const slotsQuery = z
  .object({
    location: locationRef,
    services: z.string({ error: requiredOr('services') }).max(1000, 'too-long'),
    from: day,
    to: day,
    variant: variant.optional(),
  })
  .superRefine((q, ctx) => {
    const span = daysBetween(q.from, q.to);
    if (span < 0 || span + 1 > MAX_SLOT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'range' });
  });
export type SlotsQuery = z.infer<typeof slotsQuery>;

const serviceLine = z.strictObject(
  {
    id: z
      .string({ error: requiredOr('invalid') })
      .regex(UUID, 'invalid')
      .transform((s) => s.toLowerCase()),
    count: z.number({ error: 'invalid' }).int('invalid').min(1, 'invalid').max(10, 'too-many').default(1),
  },
  { error: 'invalid' },
);

export const bookingBody = z.strictObject(
  {
    location: locationRef,
    services: z
      .array(serviceLine, { error: requiredOr('none-chosen') })
      .min(1, 'none-chosen')
      .max(10, 'invalid')
      .refine((lines) => new Set(lines.map((l) => l.id)).size === lines.length, 'invalid'),
    start: z.string({ error: requiredOr('instant') }).pipe(z.iso.datetime({ offset: true, error: 'instant' })),
    name: z
      .string({ error: requiredOr('invalid') })
      .trim()
      .min(1, 'required')
      .max(200, 'too-long')
      .regex(/^[^\p{Cc}]*$/u, 'invalid'),
    email: z
      .string({ error: requiredOr('email') })
      .trim()
      .min(1, 'required')
      .max(254, 'too-long')
      .pipe(z.email({ error: 'email' })),
    phone: z
      .string({ error: 'phone' })
      .trim()
      .max(40, 'too-long')
      .regex(/^[0-9 +()/-]*$/, 'phone')
      .nullish(),
    /** For the office, e.g. "I come with a wheelchair"; line breaks allowed. */
    note: z
      .string({ error: 'invalid' })
      .trim()
      .max(1000, 'too-long')
      .regex(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, 'invalid')
      .nullish(),
    /** The citizen saw and accepted that the appointment is personal (as on the website's details page); recorded as consent on confirmation. */
    termsAccepted: z.literal(true, { error: 'terms' }),
    variant: variant.nullish(),
    reminder: z.boolean({ error: 'invalid' }).nullish(),
    locale: z.enum(['de', 'en'], { error: 'invalid' }).nullish(),
    /** The ALTCHA payload: base64 JSON of { challenge, solution }. */
    altcha: z.string({ error: 'invalid' }).max(20_000, 'too-long').nullish(),
  },
  { error: 'invalid' },
);
export type BookingBody = z.infer<typeof bookingBody>;

export const bookingParams = z.object({ id: z.string().regex(UUID, 'invalid') });

/** Idempotency-Key header: any visible ASCII, long enough to be a random id. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/** The manage token as the engine issues it (see booking.service.ts tokensOf). */
export const BEARER = /^Bearer\s+([A-Za-z0-9_-]{32})\s*$/i;

export type Parsed<T> = { ok: true; data: T } | { ok: false; fields: FieldError[] };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: FieldError['message']): void => {
    if (seen.has(field)) return;
    seen.add(field);
    fields.push({ field, message });
  };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
      for (const key of issue.keys) add(`${prefix}${key}`, 'unknown');
      continue;
    }
    add(issue.path.length ? issue.path.join('.') : 'body', isFieldMessage(issue.message) ? issue.message : 'invalid');
  }
  return { ok: false, fields };
}
