/** Zu klären: bank credits a person has to resolve, and the page to resolve one. */
import { formatDate, type Locale, type Translate } from '../../../../core/i18n/i18n.ts';
import { Button, CsrfField, ErrorSummary, InsetText, SummaryList, Textarea, TextInput, trusted, type FieldError } from '../../../../core/ui/components.tsx';
import { formatEuro } from '../format.ts';
import { outcomeLabel } from '../labels.ts';
import type { CreditFile, CreditRow } from '../staff.service.ts';
import { bankDay, creditPath, CreditTable, importPath, Link, paymentPath } from './shared.tsx';

export function UnresolvedCreditsPage({ t, locale, credits }: { t: Translate; locale: Locale; credits: readonly CreditRow[] }): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('kasse.open.title')}
      </h1>
      <p class="kern-body" safe>
        {t('kasse.open.lead')}
      </p>
      {credits.length === 0 ? (
        <p class="kern-body" role="status" safe>
          {t('kasse.open.empty')}
        </p>
      ) : (
        <CreditTable
          t={t}
          locale={locale}
          caption={t('kasse.open.caption')}
          captionHidden
          id="kasse-unresolved"
          credits={credits}
          action={(c) =>
            trusted(
              <a class="kern-link" href={creditPath(c.id)}>
                <span safe>{t('kasse.open.action')}</span>
                <span class="kern-sr-only" safe>{` ${t('kasse.open.actionFor', { date: bankDay(c.bookingDate, locale), amount: formatEuro(c.amountCents, locale) })}`}</span>
              </a>,
            )
          }
        />
      )}
    </>
  );
}

export interface CreditPageProps {
  t: Translate;
  locale: Locale;
  file: CreditFile;
  csrfToken: string;
  example: string;
  errors: FieldError[];
  values: Record<string, string>;
}

export function CreditPage(p: CreditPageProps): JSX.Element {
  const { t, locale, file } = p;
  const c = file.credit;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  const none = t('kasse.none');
  const rows = [
    { key: t('kasse.credit.col.date'), value: bankDay(c.bookingDate, locale) },
    { key: t('kasse.credit.col.amount'), value: formatEuro(c.amountCents, locale) },
    { key: t('kasse.credit.col.debtor'), value: c.debtorName || none },
    { key: t('kasse.credit.iban'), value: c.debtorIban || none },
    { key: t('kasse.credit.col.remittance'), value: c.remittance || none },
    { key: t('kasse.credit.col.outcome'), value: outcomeLabel(t, c.outcome) },
    { key: t('kasse.credit.col.kassenzeichen'), value: c.kassenzeichen ?? none },
    { key: t('kasse.resolve.payment'), value: file.payment ? trusted(<Link href={paymentPath(file.payment.id)} text={file.payment.kassenzeichen} />) : none },
    { key: t('kasse.resolve.import'), value: trusted(<Link href={importPath(c.importId)} text={t('kasse.resolve.importLink', { date: formatDate(file.importedAt, locale) })} />) },
    ...(c.resolvedAt
      ? [
          { key: t('kasse.credit.resolved'), value: t('kasse.resolve.resolvedInfo', { date: formatDate(c.resolvedAt, locale), name: c.resolvedBy ?? none }) },
          { key: t('kasse.resolve.resolution'), value: c.resolution ?? none },
        ]
      : []),
  ];
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('kasse.resolve.title')}
      </h1>
      <SummaryList t={t} rows={rows} />
      {c.resolvedAt ? '' : file.payment ? (
        <InsetText>
          <span safe>{t('kasse.resolve.booked', { kassenzeichen: file.payment.kassenzeichen })}</span>
        </InsetText>
      ) : (
        <section aria-labelledby="kasse-assign">
          <h2 class="kern-heading-medium" id="kasse-assign" safe>
            {t('kasse.resolve.assign.heading')}
          </h2>
          <p class="kern-body" safe>
            {t('kasse.resolve.assign.lead', { amount: formatEuro(c.amountCents, locale) })}
          </p>
          <form method="post" action={`${creditPath(c.id)}/zuordnen`} novalidate>
            <CsrfField token={p.csrfToken} />
            <TextInput
              t={t}
              name="kassenzeichen"
              label={t('kasse.resolve.assign.kassenzeichen')}
              hint={t('kasse.resolve.assign.kassenzeichenHint', { example: p.example })}
              required
              spellcheck={false}
              maxlength={40}
              value={p.values.kassenzeichen ?? ''}
              error={error('kassenzeichen')}
            />
            <TextInput t={t} name="assignNote" label={t('kasse.resolve.assign.note')} maxlength={500} value={p.values.assignNote ?? ''} error={error('assignNote')} />
            <Button label={t('kasse.resolve.assign.submit')} />
          </form>
        </section>
      )}
      {c.resolvedAt ? (
        ''
      ) : (
        <section aria-labelledby="kasse-done">
          <h2 class="kern-heading-medium" id="kasse-done" safe>
            {t('kasse.resolve.done.heading')}
          </h2>
          <p class="kern-body" safe>
            {t('kasse.resolve.done.lead')}
          </p>
          <form method="post" action={`${creditPath(c.id)}/erledigt`} novalidate>
            <CsrfField token={p.csrfToken} />
            <Textarea t={t} name="resolution" label={t('kasse.resolve.done.note')} required rows={3} maxlength={500} value={p.values.resolution ?? ''} error={error('resolution')} />
            <Button variant="secondary" label={t('kasse.resolve.done.submit')} />
          </form>
        </section>
      )}
    </>
  );
}
