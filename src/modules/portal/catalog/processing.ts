/**
 * How a service is processed, set by administrators (not the Redaktion, whose
 * job is the texts): four-eyes release of Bescheide, retention of drafts and
 * of completed Vorgänge, the payment policy for fee-based services, whether
 * citizens may claim a Gebührenbefreiung online (with proof), and the
 * booking targets (Haushaltsstelle, Produktkonto) the finance export needs.
 * Changes are audited with the fields that changed.
 */
import { z } from 'zod';
import { audit } from '../../../core/audit/audit.ts';
import { requireAccess, type StaffActor } from '../../../core/auth/policy.ts';
import type { Db, Executor } from '../../../core/db/database.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import type { Translate } from '../../../core/i18n/i18n.ts';
import { PAYMENT_POLICIES, type PaymentPolicy } from './schema.ts';

export interface ServiceProcessing {
  fourEyes: boolean;
  /** Days until an unsent draft is deleted with its files. */
  draftRetentionDays: number;
  /** Days after closing until the Vorgang is anonymised; null: the tenant's default. */
  caseRetentionDays: number | null;
  paymentPolicy: PaymentPolicy;
  /** Citizens may claim an exemption from the fee (reason and proof) instead of paying; a clerk decides. */
  feeExemption: boolean;
  haushaltsstelle: string;
  produktkonto: string;
}

/** The processing settings of one service of a tenant, or null. */
export async function getProcessing(db: Executor, tenantId: string, slug: string): Promise<ServiceProcessing | null> {
  const r = await db
    .selectFrom('portal_services')
    .select(['four_eyes', 'draft_retention_days', 'case_retention_days', 'payment_policy', 'fee_exemption', 'haushaltsstelle', 'produktkonto'])
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!r) return null;
  return {
    fourEyes: r.four_eyes,
    draftRetentionDays: r.draft_retention_days,
    caseRetentionDays: r.case_retention_days,
    paymentPolicy: r.payment_policy,
    feeExemption: r.fee_exemption,
    haushaltsstelle: r.haushaltsstelle,
    produktkonto: r.produktkonto,
  };
}

/** What the form shows: stored values, or what was typed before a failed save. */
export type ProcessingFormState = Record<'fourEyes' | 'draftRetentionDays' | 'caseRetentionDays' | 'paymentPolicy' | 'feeExemption' | 'haushaltsstelle' | 'produktkonto', string>;

export function stateFromProcessing(p: ServiceProcessing): ProcessingFormState {
  return {
    fourEyes: p.fourEyes ? 'yes' : 'no',
    draftRetentionDays: String(p.draftRetentionDays),
    caseRetentionDays: p.caseRetentionDays === null ? '' : String(p.caseRetentionDays),
    paymentPolicy: p.paymentPolicy,
    feeExemption: p.feeExemption ? 'yes' : 'no',
    haushaltsstelle: p.haushaltsstelle,
    produktkonto: p.produktkonto,
  };
}

export function processingStateFromBody(raw: unknown): ProcessingFormState {
  const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const str = (key: string): string => {
    const v = body[key];
    return typeof v === 'string' ? v.trim() : '';
  };
  return {
    fourEyes: str('fourEyes'),
    draftRetentionDays: str('draftRetentionDays'),
    caseRetentionDays: str('caseRetentionDays'),
    paymentPolicy: str('paymentPolicy'),
    feeExemption: str('feeExemption'),
    haushaltsstelle: str('haushaltsstelle'),
    produktkonto: str('produktkonto'),
  };
}

const BOOKING_TARGET = /^[0-9A-Za-z.\-/ ]{0,60}$/;

const schema = z.object({
  fourEyes: z.enum(['yes', 'no']),
  draftRetentionDays: z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(1).max(365)),
  caseRetentionDays: z.union([z.literal('').transform(() => null), z.string().regex(/^\d{1,5}$/).transform(Number).pipe(z.number().int().min(30).max(36500))]),
  paymentPolicy: z.enum(PAYMENT_POLICIES as [PaymentPolicy, ...PaymentPolicy[]]),
  feeExemption: z.enum(['yes', 'no']),
  haushaltsstelle: z.string().regex(BOOKING_TARGET),
  produktkonto: z.string().regex(BOOKING_TARGET),
});

/** One message per field, saying what is expected (zod's own wording is not for citizens or clerks). */
const FIELD_ERRORS: Record<keyof ProcessingFormState, string> = {
  fourEyes: 'catalog.processing.error.fourEyes',
  draftRetentionDays: 'catalog.processing.error.draftDays',
  caseRetentionDays: 'catalog.processing.error.caseDays',
  paymentPolicy: 'catalog.processing.error.paymentPolicy',
  feeExemption: 'catalog.processing.error.feeExemption',
  haushaltsstelle: 'catalog.processing.error.bookingTarget',
  produktkonto: 'catalog.processing.error.bookingTarget',
};

export function parseProcessingForm(state: ProcessingFormState, t: Translate): { ok: true; value: ServiceProcessing } | { ok: false; errors: FieldError[] } {
  const parsed = schema.safeParse(state);
  if (parsed.success) return { ok: true, value: { ...parsed.data, fourEyes: parsed.data.fourEyes === 'yes', feeExemption: parsed.data.feeExemption === 'yes' } };
  const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))].filter((f): f is keyof ProcessingFormState => f in FIELD_ERRORS);
  return { ok: false, errors: fields.map((field) => ({ field, message: t(FIELD_ERRORS[field]) })) };
}

/** Saves the settings. Admins only (`catalog.configure`). Outcomes: ok with changed fields, not-found. */
export async function updateProcessing(db: Db, actor: StaffActor, slug: string, value: ServiceProcessing): Promise<{ ok: true; changed: string[] } | { ok: false; reason: 'not-found' }> {
  requireAccess(actor, 'catalog.configure', { tenantId: actor.tenantId });
  return db.transaction().execute(async (tx) => {
    const current = await getProcessing(tx, actor.tenantId, slug);
    if (!current) return { ok: false, reason: 'not-found' } as const;
    const changed = (Object.keys(value) as (keyof ServiceProcessing)[]).filter((k) => current[k] !== value[k]);
    await tx
      .updateTable('portal_services')
      .set({
        four_eyes: value.fourEyes,
        draft_retention_days: value.draftRetentionDays,
        case_retention_days: value.caseRetentionDays,
        payment_policy: value.paymentPolicy,
        fee_exemption: value.feeExemption,
        haushaltsstelle: value.haushaltsstelle,
        produktkonto: value.produktkonto,
        updated_at: new Date(),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('slug', '=', slug)
      .execute();
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'catalog.processing', objectType: 'portal_service', objectId: slug, details: { changed, ...Object.fromEntries(changed.map((k) => [k, value[k]])) } });
    return { ok: true, changed };
  });
}
