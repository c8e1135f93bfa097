/** Pieces the payment pages share: links, status tags, the table of bank credits. */
import { formatDate, type Locale, type Translate } from '../../../../core/i18n/i18n.ts';
import type { PaymentStatus } from '../../../../core/payments/schema.ts';
import { DataTable, StatusTag, trusted, type Content } from '../../../../core/ui/components.tsx';
import { formatEuro } from '../format.ts';
import { outcomeLabel, STATUS_TONE, statusLabel } from '../labels.ts';
import type { CreditRow } from '../staff.service.ts';

export const PAYMENTS_PATH = '/verwaltung/zahlungen';
export const paymentPath = (id: string): string => `${PAYMENTS_PATH}/${id}`;
export const STATEMENT_PATH = `${PAYMENTS_PATH}/kontoauszug`;
export const UNRESOLVED_PATH = `${STATEMENT_PATH}/klaeren`;
export const creditPath = (id: string): string => `${UNRESOLVED_PATH}/${id}`;
export const importPath = (id: string): string => `${STATEMENT_PATH}/${id}`;
export const EXPORT_PATH = `${PAYMENTS_PATH}/export`;

export function StatusCell({ t, status, review }: { t: Translate; status: PaymentStatus; review?: boolean }): JSX.Element {
  return (
    <>
      <StatusTag label={statusLabel(t, status)} tone={STATUS_TONE[status]} />
      {review ? (
        <>
          {' '}
          <StatusTag label={t('kasse.reviewTag')} tone="danger" />
        </>
      ) : (
        ''
      )}
    </>
  );
}

export function Link({ href, text }: { href: string; text: string }): JSX.Element {
  return (
    <a class="kern-link" href={href} safe>
      {text}
    </a>
  );
}

/** A bank's calendar day (YYYY-MM-DD) in the reader's format, without a time-zone shift. */
export function bankDay(day: string, locale: Locale): string {
  return formatDate(new Date(`${day}T12:00:00Z`), locale, 'date');
}

/** Bank credits with their decision; `action` adds a last column (e.g. the link to resolve one). */
export function CreditTable(props: { t: Translate; locale: Locale; caption: string; captionHidden?: boolean; id: string; credits: readonly CreditRow[]; action?: (credit: CreditRow) => Content }): JSX.Element {
  const { t, locale } = props;
  const head = [t('kasse.credit.col.date'), t('kasse.credit.col.amount'), t('kasse.credit.col.debtor'), t('kasse.credit.col.remittance'), t('kasse.credit.col.kassenzeichen'), t('kasse.credit.col.outcome')];
  const rows = props.credits.map((c): Content[] => [
    bankDay(c.bookingDate, locale),
    formatEuro(c.amountCents, locale),
    c.debtorName || t('kasse.none'),
    c.remittance || t('kasse.none'),
    c.kassenzeichen && c.paymentId ? trusted(<Link href={paymentPath(c.paymentId)} text={c.kassenzeichen} />) : (c.kassenzeichen ?? t('kasse.none')),
    c.resolvedAt ? `${outcomeLabel(t, c.outcome)} (${t('kasse.credit.resolved')})` : outcomeLabel(t, c.outcome),
    ...(props.action ? [props.action(c)] : []),
  ]);
  return <DataTable caption={props.caption} captionHidden={props.captionHidden} id={props.id} head={props.action ? [...head, t('kasse.credit.col.action')] : head} rows={rows} />;
}
