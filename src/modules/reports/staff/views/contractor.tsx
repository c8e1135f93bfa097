/**
 * The contractor's page behind the link in the order mail: the order
 * (category, place, public description, instructions; nothing of the
 * reporter) and a form to answer with up to three photos.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { formatDate } from '../../../../core/i18n/i18n.ts';
import { Button, CsrfField, ErrorSummary, FileInput, Panel, Paragraphs, RadioGroup, SummaryList, Textarea, trusted, type FieldError } from '../../../../core/ui/components.tsx';
import { coordinates, osmHref } from './shared.tsx';

export interface ContractorOrder {
  reference: string;
  tenantName: string;
  contractorName: string;
  category: { de: string; en: string };
  address: string;
  lat: number | null;
  lng: number | null;
  description: string;
  instructions: string;
  createdAt: Date;
  respondedAt: Date | null;
  revokedAt: Date | null;
  outcome: 'done' | 'not_possible' | null;
}

export interface ContractorPageProps {
  t: Translate;
  locale: Locale;
  order: ContractorOrder;
  action: string;
  maxPhotos: number;
  csrfToken: string;
  errors: FieldError[];
  values: Record<string, string>;
}

function OrderDetails({ t, locale, order }: Pick<ContractorPageProps, 't' | 'locale' | 'order'>): JSX.Element {
  return (
    <>
      <SummaryList
        t={t}
        rows={[
          { key: t('reportsStaff.field.reference'), value: order.reference },
          { key: t('reports.field.category'), value: order.category[locale] },
          { key: t('reportsStaff.field.address'), value: order.address || t('reportsStaff.none') },
          {
            key: t('reportsStaff.field.coordinates'),
            value:
              order.lat !== null && order.lng !== null
                ? trusted(
                    <>
                      <span safe>{coordinates(order.lat, order.lng)}</span>{' '}
                      <a class="kern-link" href={osmHref(order.lat, order.lng)} rel="noreferrer noopener">
                        <span safe>{t('reportsStaff.osm')}</span>
                      </a>
                    </>,
                  )
                : t('reportsStaff.none'),
          },
          { key: t('reportsStaff.contractor.orderedAt'), value: formatDate(order.createdAt, locale) },
        ]}
      />
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.contractor.description')}
      </h2>
      <Paragraphs text={order.description} />
      {order.instructions ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('reportsStaff.contractor.instructions')}
          </h2>
          <Paragraphs text={order.instructions} />
        </>
      ) : (
        ''
      )}
    </>
  );
}

export function ContractorPage(p: ContractorPageProps): JSX.Element {
  const { t, order } = p;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reportsStaff.contractor.title', { reference: order.reference })}
      </h1>
      <p class="kern-body" safe>
        {t('reportsStaff.contractor.lead', { tenant: order.tenantName, contractor: order.contractorName })}
      </p>
      <OrderDetails t={t} locale={p.locale} order={order} />
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.contractor.answer')}
      </h2>
      <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
        <CsrfField token={p.csrfToken} />
        <RadioGroup
          t={t}
          name="outcome"
          label={t('reportsStaff.contractor.outcome')}
          required
          value={p.values.outcome ?? ''}
          error={error('outcome')}
          options={[
            { value: 'done', label: t('reportsStaff.contractor.done') },
            { value: 'not_possible', label: t('reportsStaff.contractor.notPossible') },
          ]}
        />
        <Textarea t={t} name="remark" label={t('reportsStaff.contractor.remark')} hint={t('reportsStaff.contractor.remarkHint')} rows={4} maxlength={4000} value={p.values.remark ?? ''} error={error('remark')} />
        <FileInput t={t} name="photos" label={t('reportsStaff.contractor.photos')} hint={t('reportsStaff.contractor.photosHint', { max: p.maxPhotos })} accept="image/jpeg,image/png,image/webp" multiple error={error('photos')} />
        <Button label={t('reportsStaff.contractor.submit')} />
      </form>
    </>
  );
}

/** An order that can no longer be answered: answered already, or withdrawn. */
export function ContractorClosedPage({ t, locale, order }: { t: Translate; locale: Locale; order: ContractorOrder }): JSX.Element {
  if (order.revokedAt) {
    return (
      <>
        <h1 class="kern-heading-large" safe>
          {t('reportsStaff.contractor.revokedTitle')}
        </h1>
        <p class="kern-body" safe>
          {t('reportsStaff.contractor.revokedText', { reference: order.reference, tenant: order.tenantName })}
        </p>
      </>
    );
  }
  return (
    <Panel title={t('reportsStaff.contractor.thanksTitle')} reference={order.reference} referenceLabel={t('reportsStaff.field.reference')}>
      <p safe>
        {t(order.outcome === 'done' ? 'reportsStaff.contractor.thanksDone' : 'reportsStaff.contractor.thanksNotPossible', { when: order.respondedAt ? formatDate(order.respondedAt, locale) : '' })}
      </p>
    </Panel>
  );
}
