/**
 * What follows a clerk's decision on a Gebührenbefreiung (the decision itself
 * is `decideExemption` in fee-exemptions.service.ts): the invoice of a
 * refusal and the citizen's message. Its own file because it uses the
 * payment step, which the application submission (and with it the claim
 * service) is used by.
 */
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { Services } from '../../../core/services.ts';
import type { Locale } from '../../../core/i18n/i18n.ts';
import { formatEuro } from '../../../core/i18n/money.ts';
import { getService } from '../catalog/catalog.service.ts';
import { getForm, type Answers } from '../forms/engine.ts';
import { exemptionOf } from './fee-exemptions.service.ts';
import { totalCents } from './fees.ts';
import { invoiceDetails, startInvoice } from './payment-step.ts';

/**
 * After the decision: a refusal gets its invoice (once: a retry finds the
 * same one) and the citizen a message with amount, Kassenzeichen, bank
 * details and due date; a grant a message that nothing is due. Safe to run
 * again when it failed halfway (the page offers that while a refusal has no
 * invoice).
 */
export async function notifyDecision(services: Services, actor: StaffActor, caseId: string): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'no-claim' | 'undecided' }> {
  const detail = await services.cases.getCase(actor, caseId);
  if (!detail) return { ok: false, reason: 'not-found' };
  const state = await exemptionOf(services.db, actor.tenantId, caseId);
  if (!state) return { ok: false, reason: 'no-claim' };
  if (state.status === 'requested') return { ok: false, reason: 'undecided' };
  const locale: Locale = detail.locale;
  const t = services.translators[locale];
  if (state.status === 'granted') {
    await services.cases.messageCitizen(actor, caseId, t('process.exemption.mail.granted', { reference: detail.reference }));
    return { ok: true };
  }
  if (state.paymentId) return { ok: true };
  const slug = typeof detail.data.service === 'string' ? detail.data.service : '';
  const service = await getService(services.db, actor.tenantId, slug, { includeInactive: true });
  const form = getForm(String(detail.data.form ?? ''), Number(detail.data.formVersion));
  if (!service || !form) return { ok: false, reason: 'not-found' };
  const answers = (detail.data.answers ?? {}) as Answers;
  // The fee as it was when the claim was made: a later change of the fee table does not change this Vorgang's fee.
  const invoiced = totalCents(service, { form, answers }) === state.feeCents ? service : { ...service, fees: [{ label: t('process.exemption.feeLabel'), amountCents: state.feeCents }] };
  const payment = await startInvoice(services, actor.tenantId, invoiced, form, answers, caseId, locale);
  const tenant = (await services.tenants.all()).find((x) => x.id === actor.tenantId);
  if (!tenant) return { ok: false, reason: 'not-found' };
  const message = t('process.exemption.mail.refused', {
    reference: detail.reference,
    reason: state.decisionNote ?? '',
    amount: formatEuro(payment.amountCents, locale),
    kassenzeichen: payment.kassenzeichen,
    ...(await invoiceDetails(services, tenant, payment, locale)),
  });
  await services.cases.messageCitizen(actor, caseId, message);
  await services.db.updateTable('portal_fee_exemptions').set({ payment_id: payment.id }).where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).where('status', '=', 'refused').execute();
  return { ok: true };
}
