/**
 * Booking on behalf of a caller or visitor, as a GOV.UK question journey
 * without JavaScript and without server-side state: each step is a form that
 * carries the earlier answers in hidden fields (POST only, so no personal
 * data ends up in a URL), and every request checks all of them again. The
 * idempotency key is made when the journey starts, so the final form sent
 * twice books once.
 *
 * Steps: anliegen (services and persons, type of appointment, how the
 * request came in) → zeit (day and free start time) → person → pruefen.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ApptVariant } from '../../../core/db/tables.ts';
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import { isIsoDay } from '../../../core/time/berlin.ts';
import { visitOf, type Location, type Visit, type VisitLine } from '../booking/locations.ts';

export const STEPS = ['anliegen', 'zeit', 'person', 'pruefen'] as const;
export type Step = (typeof STEPS)[number];

/** How the request reached the office ("Buchungsweg"); a phone call books in the phone contingent. */
export const WAYS = ['telefon', 'schriftlich', 'vor-ort'] as const;
export type Way = (typeof WAYS)[number];
export const channelOf = (way: Way): 'phone' | 'internal' => (way === 'telefon' ? 'phone' : 'internal');

const VARIANTS: readonly ApptVariant[] = ['onsite', 'phone', 'video'];

const QUANTITY_PREFIX = 'menge-';
const KEY = /^staff-[0-9a-f-]{36}$/;

const newJourneyKey = (): string => `staff-${randomUUID()}`;

/** Everything the journey has collected so far, as typed (strings), plus the parsed quantities. */
export interface Draft {
  key: string;
  quantities: Map<string, number>;
  way: string;
  variant: string;
  day: string;
  time: string;
  name: string;
  email: string;
  phone: string;
  note: string;
  reminder: boolean;
  override: boolean;
  locale: string;
}

export type Action = { kind: 'next' } | { kind: 'back' } | { kind: 'book' } | { kind: 'change'; step: Step } | { kind: 'day'; day: string | null };

/** Hidden and visible fields are strings; anything else, or an unknown action, is a tampered form (400). */
const bodySchema = z
  .object({
    schluessel: z.string().regex(KEY),
    schritt: z.enum(STEPS),
    aktion: z.string().regex(/^(weiter|zurueck|buchen|tag|aendern-(anliegen|zeit|person)|tag-\d{4}-\d{2}-\d{2})$/),
    weg: z.string().max(40).default(''),
    art: z.string().max(40).default(''),
    tag: z.string().max(40).default(''),
    zeit: z.string().max(40).default(''),
    name: z.string().max(20_000).default(''),
    email: z.string().max(20_000).default(''),
    telefon: z.string().max(20_000).default(''),
    hinweis: z.string().max(20_000).default(''),
    erinnerung: z.string().max(10).default(''),
    obergrenze: z.string().max(10).default(''),
    sprache: z.string().max(10).default(''),
  })
  .catchall(z.string().max(20_000));

export const emptyDraft = (day: string): Draft => ({
  key: newJourneyKey(),
  quantities: new Map(),
  way: '',
  variant: '',
  day,
  time: '',
  name: '',
  email: '',
  phone: '',
  note: '',
  reminder: false,
  override: false,
  locale: 'de',
});

/** Reads a posted journey form; null when it was not made by our pages. */
export function readJourney(values: Record<string, string>): { draft: Draft; step: Step; action: Action } | null {
  const parsed = bodySchema.safeParse(values);
  if (!parsed.success) return null;
  const v = parsed.data;
  const quantities = new Map<string, number>();
  for (const [field, raw] of Object.entries(values)) {
    if (!field.startsWith(QUANTITY_PREFIX)) continue;
    const id = field.slice(QUANTITY_PREFIX.length);
    if (!/^[0-9a-f-]{36}$/.test(id) || !/^\d{1,2}$/.test(raw)) return null;
    quantities.set(id, Number(raw));
  }
  const a = v.aktion;
  const action: Action =
    a === 'weiter' ? { kind: 'next' } : a === 'zurueck' ? { kind: 'back' } : a === 'buchen' ? { kind: 'book' } : a === 'tag' ? { kind: 'day', day: null } : a.startsWith('tag-') ? { kind: 'day', day: a.slice(4) } : { kind: 'change', step: a.slice('aendern-'.length) as Step };
  return {
    step: v.schritt,
    action,
    draft: {
      key: v.schluessel,
      quantities,
      way: v.weg,
      variant: v.art,
      day: v.tag.trim(),
      time: v.zeit,
      name: v.name.trim(),
      email: v.email.trim(),
      phone: v.telefon.trim(),
      note: v.hinweis.trim(),
      reminder: v.erinnerung === '1',
      override: v.obergrenze === '1',
      locale: v.sprache || 'de',
    },
  };
}

/** The hidden fields that carry a draft through a step that does not show them. */
export function carriedFields(draft: Draft, shown: Step | null): [string, string][] {
  const out: [string, string][] = [['schluessel', draft.key]];
  if (shown !== 'anliegen') {
    for (const [id, quantity] of draft.quantities) if (quantity > 0) out.push([`${QUANTITY_PREFIX}${id}`, String(quantity)]);
    out.push(['weg', draft.way], ['art', draft.variant]);
  }
  if (shown !== 'zeit') out.push(['tag', draft.day], ['zeit', draft.time]);
  if (shown !== 'person') {
    out.push(['name', draft.name], ['email', draft.email], ['telefon', draft.phone], ['hinweis', draft.note], ['sprache', draft.locale]);
    if (draft.reminder) out.push(['erinnerung', '1']);
    if (draft.override) out.push(['obergrenze', '1']);
  }
  return out;
}

/** Variants any of the Standort's services can be held in (the choice offered on the first step). */
export function offeredVariants(location: Location): ApptVariant[] {
  return VARIANTS.filter((v) => location.services.some((s) => s.variants.includes(v)));
}

export function quantityField(serviceId: string): string {
  return `${QUANTITY_PREFIX}${serviceId}`;
}

export type ServiceCheck = { ok: true; visit: Visit; way: Way; variant: ApptVariant } | { ok: false; errors: FieldError[] };

/** Step 1: what, how and by which way. */
export function checkServices(t: Translate, location: Location, draft: Draft): ServiceCheck {
  const errors: FieldError[] = [];
  const first = location.services[0];
  const lines: VisitLine[] = [...draft.quantities].map(([serviceId, quantity]) => ({ serviceId, quantity }));
  const result = visitOf(location, lines);
  if (!result.ok) errors.push({ field: first ? quantityField(first.id) : 'leistungen', message: t(`apptStaff.book.error.${result.problem}`) });
  const offered = offeredVariants(location);
  const variant = (offered.length === 1 ? offered[0] : offered.find((v) => v === draft.variant)) as ApptVariant | undefined;
  if (!variant) errors.push({ field: 'art', message: t('apptStaff.book.error.variant') });
  else if (result.ok && !result.visit.variants.includes(variant)) errors.push({ field: 'art', message: t('apptStaff.book.error.variantNotFor', { variant: t(`appointments.variant.${variant}`) }) });
  const way = WAYS.find((w) => w === draft.way);
  if (!way) errors.push({ field: 'weg', message: t('apptStaff.book.error.way') });
  if (errors.length || !result.ok || !variant || !way) return { ok: false, errors };
  return { ok: true, visit: result.visit, way, variant };
}

/** Step 2, the part that needs no database: a real day within the staff booking window. */
export function checkDay(t: Translate, day: string, today: string, lastDay: string): FieldError | null {
  if (!isIsoDay(day)) return { field: 'tag', message: t('apptStaff.error.day') };
  if (day < today) return { field: 'tag', message: t('apptStaff.book.error.past') };
  if (day > lastDay) return { field: 'tag', message: t('apptStaff.book.error.tooFar', { last: lastDay }) };
  return null;
}

const emailFormat = z.email();

/** Step 3: who the appointment is for. */
export function checkPerson(t: Translate, draft: Draft): { ok: true; locale: Locale } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!draft.name) errors.push({ field: 'name', message: t('apptStaff.book.error.name') });
  else if (draft.name.length > 200) errors.push({ field: 'name', message: t('apptStaff.book.error.nameLong') });
  if (draft.email.length > 254) errors.push({ field: 'email', message: t('validation.tooLong') });
  else if (draft.email && !emailFormat.safeParse(draft.email).success) errors.push({ field: 'email', message: t('validation.email') });
  if (draft.phone && (draft.phone.length > 40 || !/^[0-9+()/ .-]+$/.test(draft.phone))) errors.push({ field: 'telefon', message: t('apptStaff.book.error.phone') });
  if (draft.note.length > 1000) errors.push({ field: 'hinweis', message: t('apptStaff.book.error.note') });
  if (draft.reminder && !draft.email) errors.push({ field: 'erinnerung', message: t('apptStaff.book.error.reminder') });
  const locale = draft.locale === 'en' ? 'en' : draft.locale === 'de' ? 'de' : null;
  if (!locale) errors.push({ field: 'sprache', message: t('validation.invalid') });
  if (errors.length || !locale) return { ok: false, errors };
  return { ok: true, locale };
}
