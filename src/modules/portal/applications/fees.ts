/** Fees of a service for the answers given: integer cents, per copy where the service says so. */
import type { Locale } from '../../../core/i18n/i18n.ts';
import { formatEuro } from '../../../core/i18n/money.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { feeQuantity, type Answers, type FormDefinition } from '../forms/engine.ts';

/** What the fee depends on: the form (which answer counts copies) and the answers. */
export interface FeeBasis {
  form: FormDefinition;
  answers: Answers;
}

function quantity(basis: FeeBasis): number {
  return Math.max(1, Math.min(100, feeQuantity(basis.form, basis.answers)));
}


/** How often a fee line is charged for these answers. */
function times(fee: CatalogService['fees'][number], basis: FeeBasis): number {
  if (fee.per === 'copy' || fee.per === 'unit') return quantity(basis);
  if (fee.per === 'additional-copy') return quantity(basis) - 1;
  return 1;
}

export function lineCents(fee: CatalogService['fees'][number], basis: FeeBasis): number {
  return fee.amountCents * times(fee, basis);
}

export function totalCents(service: CatalogService, basis: FeeBasis): number {
  return service.fees.reduce((sum, fee) => sum + lineCents(fee, basis), 0);
}

export function feeLines(service: CatalogService, basis: FeeBasis, locale: Locale): { label: string; amount: string }[] {
  return service.fees
    .filter((fee) => times(fee, basis) > 0)
    .map((fee) => {
      const count = times(fee, basis);
      const label = count > 1 ? `${fee.label} (${count} × ${formatEuro(fee.amountCents, locale)})` : fee.label;
      return { label, amount: formatEuro(lineCents(fee, basis), locale) };
    });
}

export { formatEuro };
