/**
 * Submitting an application: the draft becomes a Vorgang in the service's
 * unit, with the answers (and the form version they were given in), the fee
 * lines, a claimed Gebührenbefreiung with its proof, the privacy consent and
 * the uploaded files; the receipt mail goes out
 * in the same transaction. The draft's id is the idempotency key, so a
 * repeated submit returns the same Vorgang.
 */
import type { Services } from '../../../core/services.ts';
import type { Tx } from '../../../core/db/database.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import { renderDocumentPdf } from '../../../core/pdf/pdf.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { contactOf, getForm, pruneAnswers, summary, type Answers, type FormDefinition } from '../forms/engine.ts';
import { EXEMPTION_PROOF_FIELD, type Draft, type DraftStore } from './drafts.service.ts';
import { exemptionOffered, recordClaim } from './fee-exemptions.service.ts';
import { claimDay, districtFor } from './pickup.service.ts';
import { feeLines, totalCents } from './fees.ts';

/** The Vorgangstyp of applications made with this form. */
export const applicationCaseType = (formId: string): string => `antrag.${formId}`;

/** The files the final answers still reference (a file on a page that became hidden is not part of the application). */
export function referencedFileIds(form: FormDefinition, answers: Answers): string[] {
  const ids: string[] = [];
  for (const field of form.pages.flatMap((p) => p.fields)) {
    const value = answers[field.id];
    if (field.kind !== 'file' || !Array.isArray(value)) continue;
    for (const ref of value) if (ref && typeof ref === 'object' && 'fileId' in ref && typeof ref.fileId === 'string') ids.push(ref.fileId);
  }
  return ids;
}

/** The Sperrmüll pickup date field of a form and where its street comes from, if the form has one. */
export function pickupField(form: FormDefinition): { fieldId: string; pageId: string } | null {
  for (const page of form.pages) {
    const field = page.fields.find((f) => f.kind === 'date' && 'dateSource' in f && f.dateSource === 'sperrmuell');
    if (field) return { fieldId: field.id, pageId: page.id };
  }
  return null;
}

/** The street of the pickup address (the form's first address field). */
export function pickupStreet(form: FormDefinition, answers: Answers): string {
  const address = form.pages.flatMap((p) => p.fields).find((f) => f.kind === 'address');
  const value = address ? answers[address.id] : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) && 'street' in value ? String(value.street) : '';
}

/**
 * Throws DayFullError (and nothing is saved) when the chosen pickup day filled
 * up meanwhile.
 */
export async function submitApplication(
  services: Services,
  drafts: DraftStore,
  tenant: Tenant,
  service: CatalogService,
  form: FormDefinition,
  draft: Draft,
  /**
   * More work that must commit with the Vorgang (linking the payment that paid
   * for it). Given when the fee was paid online: a claimed exemption then does
   * not go with the application.
   */
  paid?: (tx: Tx, caseId: string) => Promise<void>,
): Promise<{ caseId: string; reference: string }> {
  const answers = pruneAnswers(form, draft.answers);
  // Files matter only to a form that asks for them or a claimed exemption (its proof); other drafts skip the lookup.
  const mayHaveFiles = draft.exemptionReason !== null || form.pages.some((p) => p.fields.some((f) => f.kind === 'file'));
  const draftFiles = mayHaveFiles ? await drafts.filesOf(tenant.id, draft.id) : [];
  const uploaded = new Set(draftFiles.map((f) => f.fileId));
  const feeCents = totalCents(service, { form, answers });
  // A claimed Gebührenbefreiung goes with the Vorgang (with its proof) only while the service allows it and a fee is due.
  const claim = !paid && draft.exemptionReason !== null && (await exemptionOffered(services.db, tenant.id, service, { form, answers })) ? { reason: draft.exemptionReason, proofFileId: draftFiles.find((f) => f.fieldId === EXEMPTION_PROOF_FIELD)?.fileId ?? null, feeCents } : null;
  const kept = [...referencedFileIds(form, answers).filter((id) => uploaded.has(id)), ...(claim?.proofFileId ? [claim.proofFileId] : [])];
  const pickup = pickupField(form);
  const pickupDay = pickup && typeof answers[pickup.fieldId] === 'string' ? (answers[pickup.fieldId] as string) : null;
  const district = pickupDay ? await districtFor(services.db, tenant.id, pickupStreet(form, answers)) : null;
  const created = await services.cases.createCase(tenant, {
    type: applicationCaseType(form.id),
    unitId: service.unitId,
    subject: service.title,
    data: {
      service: service.slug,
      form: form.id,
      formVersion: form.version,
      answers,
      fees: { lines: service.fees, totalCents: feeCents, ...(claim ? { exemptionClaimed: true } : {}) },
    },
    contact: contactOf(form, answers),
    locale: draft.locale,
    ...(draft.privacyVersion ? { consent: { kind: 'privacy', version: draft.privacyVersion } } : {}),
    idempotencyKey: `draft:${draft.id}`,
    existingFileIds: kept,
    onCreate: async (tx, caseId) => {
      if (district && pickupDay) await claimDay(tx, tenant.id, district, pickupDay);
      if (claim) await recordClaim(tx, tenant.id, caseId, claim);
      if (paid) await paid(tx, caseId);
      // The draft becomes "sent" with the Vorgang, in the same transaction.
      await drafts.markSubmitted(tenant.id, draft.id, caseId, kept, tx);
    },
  });
  // Sent before (a repeated submit found the Vorgang by the draft's key): the draft is marked now if that did not happen then.
  if (created.outcome === 'duplicate') await drafts.markSubmitted(tenant.id, draft.id, created.id, kept);
  return { caseId: created.id, reference: created.reference };
}

/** The PDF receipt: every answer, grouped by form page, tagged for screen readers. */
export async function receiptPdf(
  tenant: Tenant,
  service: CatalogService,
  row: { reference: string; created_at: Date; data: Record<string, unknown> },
  locale: Locale,
  t: Translate,
): Promise<Buffer | null> {
  const form = getForm(String(row.data.form), Number(row.data.formVersion));
  if (!form) return null;
  const answers = (row.data.answers ?? {}) as Answers;
  const fees = feeLines(service, { form, answers }, locale);
  const exemptionClaimed = (row.data.fees as { exemptionClaimed?: boolean } | undefined)?.exemptionClaimed === true;
  return renderDocumentPdf({
    locale,
    issuer: { name: tenant.name, ...(tenant.contact.address ? { address: tenant.contact.address } : {}), ...(tenant.contact.email ? { contact: tenant.contact.email } : {}) },
    title: t('apply.pdf.title', { service: service.title }),
    reference: { label: t('apply.done.reference'), value: row.reference },
    meta: [
      { label: t('apply.pdf.submitted'), value: formatDate(row.created_at, locale) },
      { label: t('apply.pdf.form'), value: `${form.title[locale]} (${form.id}, v${form.version})` },
    ],
    intro: t('apply.pdf.intro'),
    sections: [
      ...summary(form, answers, locale).map((section) => ({ heading: section.pageTitle, rows: section.rows.map((r) => ({ label: r.label, value: r.value || '–' })) })),
      ...(fees.length
        ? [{ heading: t('apply.start.costs'), rows: [...fees.map((f) => ({ label: f.label, value: f.amount })), ...(exemptionClaimed ? [{ label: t('apply.exemption.heading'), value: t('apply.pdf.exemptionClaimed') }] : [])] }]
        : []),
    ],
    footer: t('apply.pdf.footer'),
  });
}
