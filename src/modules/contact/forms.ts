/** Form schemas of the contact module (messages are i18n keys). */
import { z } from 'zod';
import { fields } from '../../core/http/validation.ts';

export const contactForm = z.object({
  topic: z.string({ error: 'validation.choose' }).min(1, 'validation.choose').max(60),
  name: fields.requiredText(200),
  email: fields.email(),
  message: fields.requiredText(5000),
  privacy: fields.checkbox('validation.consent'),
  submission: z.uuid().optional(),
});

export const barrierForm = z.object({
  page: fields.optionalText(500),
  description: fields.requiredText(5000),
  name: fields.optionalText(200),
  email: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.union([z.literal(''), z.email('validation.email').max(254, 'validation.tooLong')])),
  privacy: fields.checkbox('validation.consent'),
  submission: z.uuid().optional(),
});

export type ContactInput = z.infer<typeof contactForm>;
export type BarrierInput = z.infer<typeof barrierForm>;
