/**
 * The payment part of a Vorgang, as staff and the citizen see it: amount,
 * Kassenzeichen, status, method, when paid, refunds. Staff get a link to the
 * payment's page in the Kasse's back office.
 */
import { formatDate, type Locale, type Translate } from '../i18n/i18n.ts';
import { SummaryList } from '../ui/components.tsx';
import { formatEuro } from '../i18n/money.ts';
import type { Payment } from './payment-service.ts';


export function PaymentSummary(p: { t: Translate; locale: Locale; payments: readonly Payment[]; staffHref?: (id: string) => string }): JSX.Element {
  const { t, locale } = p;
  // Failed and abandoned attempts stay in the Kasse's records; the Vorgang shows what counts.
  const shown = p.payments.filter((x) => !['failed', 'cancelled', 'expired', 'initial'].includes(x.status));
  if (shown.length === 0) return <></>;
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('payment.section')}
      </h2>
      {shown.map((payment) => (
        <section class="rathaus-payment" aria-label={`${t('payment.section')} ${payment.kassenzeichen}`}>
          <SummaryList
            t={t}
            rows={[
              { key: t('payment.amount'), value: formatEuro(payment.amountCents, locale) },
              { key: t('payment.status'), value: t(`payment.status.${payment.status}`) },
              { key: t('payment.kassenzeichen'), value: payment.kassenzeichen },
              { key: t('payment.method'), value: payment.method ? t(`payment.method.${payment.method}`) : t(`payment.provider.${payment.provider}`) },
              ...(payment.paidAt ? [{ key: t('payment.paidAt'), value: formatDate(payment.paidAt, locale) }] : []),
              ...(payment.refundedCents > 0 ? [{ key: t('payment.refunded'), value: formatEuro(payment.refundedCents, locale) }] : []),
              ...(p.staffHref && payment.needsReview ? [{ key: t('payment.review'), value: payment.needsReview }] : []),
            ]}
          />
          {p.staffHref ? (
            <p class="kern-body">
              <a class="kern-link" href={p.staffHref(payment.id)} safe>
                {`${t('payment.section')} ${payment.kassenzeichen}`}
              </a>
            </p>
          ) : (
            ''
          )}
        </section>
      ))}
    </>
  );
}
