/**
 * Fees of online applications, through the payment core. How a service is
 * paid is its payment policy (set by administrators):
 * - required: after the declaration the citizen pays online; the application
 *   is sent when the payment is paid — by the citizen's return, or by the
 *   callback or the poller if the citizen never comes back;
 * - optional: the citizen chooses online payment or an invoice;
 * - deferred: the application is sent at once with an invoice (Kassenzeichen,
 *   bank transfer, matched from the bank statement);
 * - none: no payment here; the fee notice comes with the decision.
 * The payable of an online payment is the draft (`portal-draft:<id>`), so the
 * payment exists before the Vorgang does.
 */
import type { Services } from '../../../core/services.ts';
import type { Payment } from '../../../core/payments/payment-service.ts';
import type { PayableHandler } from '../../../core/payments/payables.ts';
import type { PaymentItem } from '../../../core/payments/schema.ts';
import { formatDate, type Locale, type Translate } from '../../../core/i18n/i18n.ts';
import { getService, type CatalogService } from '../catalog/catalog.service.ts';
import { getProcessing, type ServiceProcessing } from '../catalog/processing.ts';
import type { PaymentPolicy } from '../catalog/schema.ts';
import { getForm, type FormDefinition } from '../forms/engine.ts';
import { createDraftStore, type Draft } from './drafts.service.ts';
import { formatEuro, lineCents, totalCents, type FeeBasis } from './fees.ts';
import { submitApplication } from './submit-application.ts';
import { DayFullError } from './pickup.service.ts';

export const draftPayable = (draftId: string): string => `portal-draft:${draftId}`;
export const casePayable = (caseId: string): string => `portal-case:${caseId}`;

/** The policy for a fee of `feeCents` under a service's processing settings: none when nothing is due. */
export function policyOf(processing: ServiceProcessing | null, feeCents: number): PaymentPolicy {
  return feeCents > 0 ? (processing?.paymentPolicy ?? 'none') : 'none';
}

/** The fee lines as payment items (integer cents per unit). */
export function paymentItems(service: CatalogService, basis: FeeBasis): PaymentItem[] {
  return service.fees
    .map((fee) => {
      const cents = lineCents(fee, basis);
      const quantity = fee.amountCents > 0 ? cents / fee.amountCents : 0;
      return { description: fee.label, quantity, unitCents: fee.amountCents };
    })
    .filter((item) => item.quantity > 0 && item.unitCents > 0);
}

async function booking(services: Services, tenantId: string, slug: string) {
  const processing = await getProcessing(services.db, tenantId, slug);
  return { haushaltsstelle: processing?.haushaltsstelle ?? '', produktkonto: processing?.produktkonto ?? '' };
}

/** Starts the online payment of a draft's fees; the citizen comes back to the journey's payment page. */
export async function startDraftPayment(services: Services, tenantId: string, service: CatalogService, form: FormDefinition, draft: Draft, locale: Locale) {
  const basis = { form, answers: draft.answers };
  const email = typeof draft.answers.email === 'string' ? draft.answers.email : undefined;
  return services.payments.start(tenantId, {
    payable: draftPayable(draft.id),
    purpose: service.title,
    items: paymentItems(service, basis),
    returnPath: `/leistungen/${service.slug}/antrag/zahlung`,
    locale,
    ...(email ? { payerEmail: email } : {}),
    ...(await booking(services, tenantId, service.slug)),
  });
}

/** The invoice of a sent application (deferred payment, or the citizen chose it). */
export async function startInvoice(services: Services, tenantId: string, service: CatalogService, form: FormDefinition, answers: Draft['answers'], caseId: string, locale: Locale) {
  const basis = { form, answers };
  const email = typeof answers.email === 'string' ? answers.email : undefined;
  const existing = (await services.payments.forPayable(tenantId, casePayable(caseId)))[0];
  if (existing) return existing;
  const started = await services.payments.start(tenantId, {
    payable: casePayable(caseId),
    caseId,
    method: 'invoice',
    purpose: service.title,
    items: paymentItems(service, basis),
    returnPath: `/leistungen/${service.slug}/antrag/bestaetigung`,
    locale,
    ...(email ? { payerEmail: email } : {}),
    ...(await booking(services, tenantId, service.slug)),
  });
  return started.payment;
}

/** Where and by when the citizen transfers an invoice's amount (the tenant's bank details). */
export async function invoiceDetails(services: Services, tenant: { id: string; name: string }, payment: Payment, locale: Locale): Promise<{ recipient: string; iban: string; bic: string; dueDate: string }> {
  const setting = (key: string) => services.tenants.getSetting<string>(tenant.id, `payments.${key}`);
  const [recipient, iban, bic] = await Promise.all([setting('recipient'), setting('iban'), setting('bic')]);
  return { recipient: recipient || tenant.name, iban: iban.replace(/(.{4})/g, '$1 ').trim(), bic, dueDate: formatDate(payment.expiresAt, locale, 'date') };
}

/** The line for the Vorgang's history (visible to the citizen). */
export function paidEventText(t: Translate, payment: Payment, locale: Locale): string {
  return t('payment.event.paid', { amount: formatEuro(payment.amountCents, locale), method: t(`payment.method.${payment.method ?? 'other'}`), kassenzeichen: payment.kassenzeichen });
}

/**
 * A draft's payment is paid: send the application (once — the draft id is the
 * case's idempotency key) and link the payment to the Vorgang, in the same
 * transaction as the Vorgang itself. A pickup day that filled up while the
 * citizen paid cannot be claimed: the payment is flagged for the Kasse.
 */
export const portalPayables: PayableHandler[] = [
  {
    prefix: 'portal-draft:',
    async onPaid(services, payment) {
      const draftId = payment.payable.slice('portal-draft:'.length);
      const drafts = createDraftStore(services.db, services.files);
      const draft = await drafts.getEvenIfExpired(payment.tenantId, draftId);
      const tenant = (await services.tenants.all()).find((x) => x.id === payment.tenantId);
      if (!draft || !tenant) {
        await flag(services, payment, 'application-missing: the draft was deleted before the payment arrived');
        return;
      }
      const t = services.translators[draft.locale];
      if (draft.caseId) {
        await linkAndNote(services, payment, draft.caseId, t, draft.locale);
        return;
      }
      const service = await getService(services.db, payment.tenantId, draft.serviceSlug, { includeInactive: true });
      const form = getForm(draft.formId, draft.formVersion);
      if (!service || !form) {
        await flag(services, payment, 'application-missing: service or form no longer exists');
        return;
      }
      if (totalCents(service, { form, answers: draft.answers }) !== payment.amountCents) await flag(services, payment, 'amount-differs: the answers changed after the payment started');
      try {
        await submitApplication(services, drafts, tenant, service, form, draft, async (tx, caseId) => {
          if (await services.payments.linkCase(tx, payment.tenantId, payment.id, caseId)) {
            await services.cases.recordSystemEvent(tx, payment.tenantId, caseId, { kind: 'payment', body: paidEventText(t, payment, draft.locale), visibleToCitizen: true });
          }
        });
      } catch (error) {
        if (!(error instanceof DayFullError)) throw error;
        await flag(services, payment, 'day-full: the pickup day filled up while the citizen paid; refund or agree another day');
      }
    },
  },
  {
    // Invoices: the Vorgang exists already; note the payment in its history.
    prefix: 'portal-case:',
    async onPaid(services, payment) {
      if (!payment.caseId) return;
      const row = await services.db.selectFrom('cases').select('locale').where('tenant_id', '=', payment.tenantId).where('id', '=', payment.caseId).executeTakeFirst();
      const locale = row?.locale ?? 'de';
      await linkAndNote(services, payment, payment.caseId, services.translators[locale], locale);
    },
  },
];

async function linkAndNote(services: Services, payment: Payment, caseId: string, t: Translate, locale: Locale): Promise<void> {
  await services.db.transaction().execute(async (tx) => {
    // Linking succeeds once: a retried job or a second path finds the payment linked and writes no second event.
    if (await services.payments.linkCase(tx, payment.tenantId, payment.id, caseId)) {
      await services.cases.recordSystemEvent(tx, payment.tenantId, caseId, { kind: 'payment', body: paidEventText(t, payment, locale), visibleToCitizen: true });
    }
  });
}

function flag(services: Services, payment: Payment, reason: string): Promise<void> {
  return services.payments.flagForReview(payment.tenantId, payment.id, reason);
}

export { formatEuro };
