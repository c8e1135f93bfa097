/**
 * One payment for the Kasse: everything we recorded, what needs a look and
 * why, the history, refunds, provider callbacks and bank credits; with the
 * actions reconcile, refund and (invoices) book a transfer.
 */
import { formatDate, type Locale, type Translate } from '../../../../core/i18n/i18n.ts';
import type { Payment } from '../../../../core/payments/payment-service.ts';
import { Button, CsrfField, DataTable, ErrorSummary, InsetText, SummaryList, Textarea, TextInput, trusted, WarningText, type FieldError, type SummaryRow } from '../../../../core/ui/components.tsx';
import { csvAmount, formatEuro } from '../format.ts';
import { methodLabel, parseReview, providerLabel, sourceLabel, statusLabel } from '../labels.ts';
import { openCents, refundableCents, isOpenPayment, type PaymentFile } from '../staff.service.ts';
import { CreditTable, Link, paymentPath, StatusCell } from './shared.tsx';

export interface Reconciliation {
  before: Payment;
  after: Payment;
}

export interface PaymentDetailProps {
  t: Translate;
  locale: Locale;
  file: PaymentFile;
  csrfToken: string;
  allowed: { refund: boolean; book: boolean };
  errors: FieldError[];
  values: Record<string, string>;
  reconciliation: Reconciliation | null;
}

function money(cents: number, currency: string, locale: Locale): string {
  return currency === 'EUR' ? formatEuro(cents, locale) : `${csvAmount(cents)} ${currency}`;
}

function ReviewNotice({ t, locale, payment }: { t: Translate; locale: Locale; payment: Payment }): JSX.Element {
  if (!payment.needsReview) return '';
  const note = parseReview(payment.needsReview);
  const text =
    note.kind === 'amount-mismatch'
      ? t('kasse.review.amountMismatch', { provider: money(note.providerCents, note.providerCurrency, locale), ours: formatEuro(note.oursCents, locale) })
      : note.kind === 'paid-twice'
        ? t('kasse.review.paidTwice')
        : note.kind === 'partial'
          ? t('kasse.review.partial', { open: formatEuro(note.openCents, locale) })
          : note.kind === 'overpaid'
            ? t('kasse.review.overpaid', { excess: formatEuro(note.excessCents, locale) })
            : t('kasse.review.other', { text: note.text });
  return (
    <section aria-labelledby="kasse-review">
      <h2 class="kern-heading-medium" id="kasse-review" safe>
        {t('kasse.review.heading')}
      </h2>
      <WarningText t={t}>
        <span safe>{text}</span>
      </WarningText>
      {note.kind === 'paid-twice' ? (
        <p class="kern-body">
          <Link href={paymentPath(note.otherPaymentId)} text={t('kasse.review.otherPayment')} />
        </p>
      ) : (
        ''
      )}
    </section>
  );
}

function ReconciliationResult({ t, locale, result }: { t: Translate; locale: Locale; result: Reconciliation | null }): JSX.Element {
  if (!result) return '';
  const { before, after } = result;
  const changed = before.status !== after.status || before.receivedCents !== after.receivedCents;
  const flagged = after.needsReview !== null && after.needsReview !== before.needsReview;
  const yesNo = (value: boolean) => t(value ? 'kasse.yes' : 'kasse.no');
  return (
    <section aria-labelledby="kasse-reconciled">
      <h2 class="kern-heading-medium" id="kasse-reconciled" safe>
        {t('kasse.reconcile.result.heading')}
      </h2>
      <p class="kern-body" role="status" safe>
        {t(flagged ? 'kasse.reconcile.result.review' : changed ? 'kasse.reconcile.result.changed' : 'kasse.reconcile.result.same')}
      </p>
      <DataTable
        caption={t('kasse.reconcile.result.caption')}
        captionHidden
        id="kasse-reconcile-table"
        rowHeaders
        head={[t('kasse.reconcile.result.col.what'), t('kasse.reconcile.result.col.before'), t('kasse.reconcile.result.col.after')]}
        rows={[
          [t('kasse.field.status'), statusLabel(t, before.status), statusLabel(t, after.status)],
          [t('kasse.field.received'), formatEuro(before.receivedCents, locale), formatEuro(after.receivedCents, locale)],
          [t('kasse.field.method'), methodLabel(t, before.method), methodLabel(t, after.method)],
          [t('kasse.review.heading'), yesNo(before.needsReview !== null), yesNo(after.needsReview !== null)],
        ]}
      />
    </section>
  );
}

function facts(t: Translate, locale: Locale, file: PaymentFile): SummaryRow[] {
  const p = file.payment;
  const none = t('kasse.none');
  return [
    { key: t('kasse.field.kassenzeichen'), value: p.kassenzeichen },
    { key: t('kasse.field.status'), value: trusted(<StatusCell t={t} status={p.status} review={p.needsReview !== null} />) },
    { key: t('kasse.field.purpose'), value: p.purpose },
    { key: t('kasse.field.amount'), value: formatEuro(p.amountCents, locale) },
    { key: t('kasse.field.received'), value: formatEuro(p.receivedCents, locale) },
    { key: t('kasse.field.refunded'), value: formatEuro(p.refundedCents, locale) },
    {
      key: t('kasse.field.items'),
      value: trusted(
        <ul class="kern-list">
          {p.items.map((item) => (
            <li safe>{t('kasse.item', { description: item.description, quantity: item.quantity, unit: formatEuro(item.unitCents, locale) })}</li>
          ))}
        </ul>,
      ),
    },
    { key: t('kasse.field.case'), value: p.caseId ? trusted(<Link href={`/verwaltung/vorgaenge/${p.caseId}`} text={file.caseReference ?? p.caseId} />) : none },
    { key: t('kasse.field.provider'), value: providerLabel(t, p.provider) },
    { key: t('kasse.field.method'), value: methodLabel(t, p.method) },
    { key: t('kasse.field.providerRef'), value: p.providerRef ?? none },
    { key: t('kasse.field.haushaltsstelle'), value: p.haushaltsstelle || none },
    { key: t('kasse.field.produktkonto'), value: p.produktkonto || none },
    { key: t('kasse.field.created'), value: formatDate(p.createdAt, locale) },
    { key: t('kasse.field.paid'), value: p.paidAt ? formatDate(p.paidAt, locale) : none },
    { key: t(p.provider === 'invoice' ? 'kasse.field.due' : 'kasse.field.expires'), value: formatDate(p.expiresAt, locale, p.provider === 'invoice' ? 'date' : 'dateTime') },
    { key: t('kasse.field.locale'), value: t(`kasse.locale.${p.locale}`) },
    { key: t('kasse.field.payable'), value: trusted(<code safe>{p.payable}</code>) },
  ];
}

function ReconcileSection({ t, payment, csrfToken }: { t: Translate; payment: Payment; csrfToken: string }): JSX.Element {
  const explanation = payment.provider === 'invoice' ? t('kasse.reconcile.invoice') : !payment.providerRef ? t('kasse.reconcile.noRef') : null;
  return (
    <section aria-labelledby="field-reconcile">
      <h2 class="kern-heading-medium" id="field-reconcile" tabindex="-1" safe>
        {t('kasse.reconcile.heading')}
      </h2>
      {explanation ? (
        <p class="kern-body" safe>
          {explanation}
        </p>
      ) : (
        <>
          <p class="kern-body" safe>
            {t('kasse.reconcile.lead')}
          </p>
          <form method="post" action={`${paymentPath(payment.id)}/abgleich`}>
            <CsrfField token={csrfToken} />
            <Button variant="secondary" label={t('kasse.reconcile.button')} />
          </form>
        </>
      )}
    </section>
  );
}

function RefundSection({ t, locale, payment, csrfToken, errors, values }: { t: Translate; locale: Locale; payment: Payment; csrfToken: string; errors: FieldError[]; values: Record<string, string> }): JSX.Element {
  const max = formatEuro(refundableCents(payment), locale);
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <section aria-labelledby="kasse-refund">
      <h2 class="kern-heading-medium" id="kasse-refund" safe>
        {t('kasse.refund.heading')}
      </h2>
      <p class="kern-body" safe>
        {t('kasse.refund.lead', { amount: max })}
      </p>
      {payment.provider === 'invoice' ? (
        <InsetText>
          <span safe>{t('kasse.refund.invoiceNote')}</span>
        </InsetText>
      ) : (
        ''
      )}
      <form method="post" action={`${paymentPath(payment.id)}/erstattung`} novalidate>
        <CsrfField token={csrfToken} />
        <TextInput t={t} name="refundAmount" label={t('kasse.refund.amount')} hint={t('kasse.refund.amountHint', { max })} required inputmode="decimal" spellcheck={false} maxlength={12} value={values.refundAmount ?? ''} error={error('refundAmount')} />
        <Textarea t={t} name="refundReason" label={t('kasse.refund.reason')} hint={t('kasse.refund.reasonHint')} required rows={3} maxlength={500} value={values.refundReason ?? ''} error={error('refundReason')} />
        <Button label={t('kasse.refund.submit')} />
      </form>
    </section>
  );
}

function BookSection({ t, locale, payment, csrfToken, errors, values }: { t: Translate; locale: Locale; payment: Payment; csrfToken: string; errors: FieldError[]; values: Record<string, string> }): JSX.Element {
  const open = formatEuro(openCents(payment), locale);
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <section aria-labelledby="kasse-book">
      <h2 class="kern-heading-medium" id="kasse-book" safe>
        {t('kasse.book.heading')}
      </h2>
      <p class="kern-body" safe>
        {t('kasse.book.lead', { open })}
      </p>
      <form method="post" action={`${paymentPath(payment.id)}/eingang`} novalidate>
        <CsrfField token={csrfToken} />
        <TextInput t={t} name="bookAmount" label={t('kasse.book.amount')} hint={t('kasse.book.amountHint', { open })} required inputmode="decimal" spellcheck={false} maxlength={12} value={values.bookAmount ?? ''} error={error('bookAmount')} />
        <TextInput t={t} name="bookNote" label={t('kasse.book.note')} hint={t('kasse.book.noteHint')} required maxlength={300} value={values.bookNote ?? ''} error={error('bookNote')} />
        <Button label={t('kasse.book.submit')} />
      </form>
    </section>
  );
}

function History({ t, locale, file }: { t: Translate; locale: Locale; file: PaymentFile }): JSX.Element {
  const change = (from: string | null, to: string | null): string => {
    if (to === null) return t('kasse.none');
    if (from === null) return statusLabel(t, to);
    return from === to ? t('kasse.change.same', { status: statusLabel(t, to) }) : t('kasse.change', { from: statusLabel(t, from), to: statusLabel(t, to) });
  };
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('kasse.events.heading')}
      </h2>
      <DataTable
        caption={t('kasse.events.caption')}
        captionHidden
        id="kasse-events"
        head={[t('kasse.events.col.at'), t('kasse.events.col.source'), t('kasse.events.col.change'), t('kasse.events.col.amount'), t('kasse.events.col.detail'), t('kasse.events.col.by')]}
        rows={file.events.map((e) => [
          formatDate(e.at, locale),
          sourceLabel(t, e.source),
          change(e.fromStatus, e.toStatus),
          e.amountCents === null ? t('kasse.none') : formatEuro(e.amountCents, locale),
          e.detail ?? t('kasse.none'),
          e.staffName ?? t('kasse.none'),
        ])}
      />
    </>
  );
}

function Refunds({ t, locale, file }: { t: Translate; locale: Locale; file: PaymentFile }): JSX.Element {
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('kasse.refunds.heading')}
      </h2>
      {file.refunds.length === 0 ? (
        <p class="kern-body" safe>
          {t('kasse.refunds.empty')}
        </p>
      ) : (
        <DataTable
          caption={t('kasse.refunds.caption')}
          captionHidden
          id="kasse-refunds"
          head={[t('kasse.refunds.col.at'), t('kasse.refunds.col.amount'), t('kasse.refunds.col.reason'), t('kasse.refunds.col.status'), t('kasse.refunds.col.ref'), t('kasse.refunds.col.by')]}
          rows={file.refunds.map((r) => [formatDate(r.at, locale), formatEuro(r.amountCents, locale), r.reason, t(`kasse.refundStatus.${r.status}`), r.refundRef ?? t('kasse.none'), r.staffName ?? t('kasse.none')])}
        />
      )}
    </>
  );
}

function Callbacks({ t, locale, file }: { t: Translate; locale: Locale; file: PaymentFile }): JSX.Element {
  if (file.payment.provider === 'invoice') return '';
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('kasse.callbacks.heading')}
      </h2>
      {file.callbacks.length === 0 ? (
        <p class="kern-body" safe>
          {t('kasse.callbacks.empty')}
        </p>
      ) : (
        <DataTable
          caption={t('kasse.callbacks.caption')}
          captionHidden
          id="kasse-callbacks"
          head={[t('kasse.callbacks.col.at'), t('kasse.callbacks.col.verified'), t('kasse.callbacks.col.outcome')]}
          rows={file.callbacks.map((c) => [formatDate(c.receivedAt, locale), t(c.verified ? 'kasse.yes' : 'kasse.no'), c.outcome])}
        />
      )}
    </>
  );
}

export function PaymentDetailPage(p: PaymentDetailProps): JSX.Element {
  const { t, locale, file } = p;
  const payment = file.payment;
  const canRefund = p.allowed.refund && refundableCents(payment) > 0;
  const canBook = p.allowed.book && payment.provider === 'invoice' && isOpenPayment(payment);
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('kasse.detail.title', { kassenzeichen: payment.kassenzeichen })}
      </h1>
      <ReconciliationResult t={t} locale={locale} result={p.reconciliation} />
      <ReviewNotice t={t} locale={locale} payment={payment} />
      <SummaryList t={t} rows={facts(t, locale, file)} />
      <ReconcileSection t={t} payment={payment} csrfToken={p.csrfToken} />
      {canRefund ? <RefundSection t={t} locale={locale} payment={payment} csrfToken={p.csrfToken} errors={p.errors} values={p.values} /> : ''}
      {canBook ? <BookSection t={t} locale={locale} payment={payment} csrfToken={p.csrfToken} errors={p.errors} values={p.values} /> : ''}
      <History t={t} locale={locale} file={file} />
      <Refunds t={t} locale={locale} file={file} />
      <Callbacks t={t} locale={locale} file={file} />
      {file.credits.length > 0 ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('kasse.paymentCredits.heading')}
          </h2>
          <CreditTable t={t} locale={locale} caption={t('kasse.paymentCredits.caption')} captionHidden id="kasse-payment-credits" credits={file.credits} />
        </>
      ) : (
        ''
      )}
    </>
  );
}
