/** Zahlungen: filterable list of all payments, with shortcuts to open items and the Kasse's other tasks. */
import { formatDate, type Locale, type Translate } from '../../../../core/i18n/i18n.ts';
import { Button, DataTable, DateInput, ErrorSummary, Pagination, Select, TextInput, trusted, type FieldError } from '../../../../core/ui/components.tsx';
import { formatEuro } from '../format.ts';
import { PROVIDERS, providerLabel, STATUS_GROUPS } from '../labels.ts';
import type { PaymentList } from '../staff.service.ts';
import { EXPORT_PATH, Link, PAYMENTS_PATH, paymentPath, STATEMENT_PATH, StatusCell, UNRESOLVED_PATH } from './shared.tsx';

export interface PaymentListValues {
  status: string;
  weg: string;
  von: string;
  bis: string;
  kz: string;
}

export interface PaymentListPageProps {
  t: Translate;
  locale: Locale;
  values: PaymentListValues;
  errors: FieldError[];
  /** Null when the filter has errors. */
  list: PaymentList | null;
  /** Shortcuts to the import, the credits to resolve and the export (only for those allowed). */
  canImport: boolean;
  canExport: boolean;
  hrefFor(page: number): string;
}

const OPEN_ITEMS_HREF = `${PAYMENTS_PATH}?status=offen&weg=invoice`;
const REVIEW_HREF = `${PAYMENTS_PATH}?status=pruefen`;

function Shortcuts(p: PaymentListPageProps): JSX.Element {
  const { t } = p;
  const links = [
    { href: OPEN_ITEMS_HREF, text: t('kasse.presets.openItems') },
    { href: REVIEW_HREF, text: t('kasse.presets.review') },
    ...(p.canImport
      ? [
          { href: UNRESOLVED_PATH, text: t('kasse.presets.unresolved') },
          { href: STATEMENT_PATH, text: t('kasse.presets.import') },
        ]
      : []),
    ...(p.canExport ? [{ href: EXPORT_PATH, text: t('kasse.presets.export') }] : []),
  ];
  return (
    <nav aria-labelledby="kasse-shortcuts">
      <h2 class="kern-heading-small" id="kasse-shortcuts" safe>
        {t('kasse.presets.heading')}
      </h2>
      <ul class="kern-list">
        {links.map((l) => (
          <li>
            <Link href={l.href} text={l.text} />
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Results({ t, locale, list, hrefFor }: { t: Translate; locale: Locale; list: PaymentList; hrefFor(page: number): string }): JSX.Element {
  if (list.total === 0) {
    return (
      <p class="kern-body" role="status" safe>
        {t('kasse.list.empty')}
      </p>
    );
  }
  const rows = list.rows.map((r) => [
    trusted(<Link href={paymentPath(r.id)} text={r.kassenzeichen} />),
    r.caseId ? trusted(<Link href={`/verwaltung/vorgaenge/${r.caseId}`} text={r.caseReference ?? t('kasse.none')} />) : t('kasse.none'),
    r.purpose,
    formatEuro(r.amountCents, locale),
    trusted(<StatusCell t={t} status={r.status} review={r.needsReview} />),
    providerLabel(t, r.provider),
    formatDate(r.createdAt, locale),
    r.paidAt ? formatDate(r.paidAt, locale) : t('kasse.none'),
  ]);
  return (
    <>
      <p class="kern-body" role="status" safe>
        {t('kasse.list.results', { count: list.total })}
      </p>
      <p class="kern-body" safe>
        {t('kasse.list.sum', {
          count: list.total,
          amount: formatEuro(list.sums.amountCents, locale),
          received: formatEuro(list.sums.receivedCents, locale),
          refunded: formatEuro(list.sums.refundedCents, locale),
        })}
      </p>
      <DataTable
        caption={t('kasse.list.caption')}
        captionHidden
        id="zahlungen"
        head={[t('kasse.col.kassenzeichen'), t('kasse.col.case'), t('kasse.col.purpose'), t('kasse.col.amount'), t('kasse.col.status'), t('kasse.col.provider'), t('kasse.col.created'), t('kasse.col.paid')]}
        rows={rows}
      />
      <Pagination t={t} page={list.page} pageCount={list.pageCount} hrefFor={hrefFor} />
    </>
  );
}

export function PaymentListPage(p: PaymentListPageProps): JSX.Element {
  const { t, values, errors } = p;
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('kasse.title')}
      </h1>
      <p class="kern-body" safe>
        {t('kasse.lead')}
      </p>
      <Shortcuts {...p} />
      <form method="get" action={PAYMENTS_PATH} class="rathaus-filters" aria-label={t('kasse.filter.heading')} novalidate>
        <div class="rathaus-filters__grid">
          <Select
            t={t}
            name="status"
            label={t('kasse.filter.status')}
            placeholder={false}
            value={values.status}
            options={[{ value: '', label: t('kasse.group.all') }, ...STATUS_GROUPS.map((g) => ({ value: g, label: t(`kasse.group.${g}`) }))]}
          />
          <Select t={t} name="weg" label={t('kasse.filter.provider')} placeholder={false} value={values.weg} options={[{ value: '', label: t('kasse.filter.allProviders') }, ...PROVIDERS.map((id) => ({ value: id, label: providerLabel(t, id) }))]} />
          <DateInput t={t} name="von" label={t('kasse.filter.from')} value={values.von} error={error('von')} />
          <DateInput t={t} name="bis" label={t('kasse.filter.to')} value={values.bis} error={error('bis')} />
          <TextInput t={t} name="kz" type="search" label={t('kasse.filter.kassenzeichen')} hint={t('kasse.filter.kassenzeichenHint')} value={values.kz} spellcheck={false} maxlength={40} />
        </div>
        <Button variant="secondary" label={t('kasse.filter.apply')} />
      </form>
      {p.list ? <Results t={t} locale={p.locale} list={p.list} hrefFor={p.hrefFor} /> : ''}
    </>
  );
}
