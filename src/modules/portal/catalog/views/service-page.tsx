/** The information page of one service: what it is, what it needs and costs, who handles it, how to start. */
import type { Children } from '@kitajs/html';
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { ButtonGroup, ButtonLink, DataTable, InsetText, SummaryList, type SummaryRow } from '../../../../core/ui/components.tsx';
import { isFeeBased, type CatalogService, type Fee } from '../catalog.service.ts';
import { formatEuro } from '../../../../core/i18n/money.ts';
import { findLebenslage, lebenslageLabel } from '../lebenslagen.ts';
import { FeeMarker, ModeTag, lebenslagePath } from './parts.tsx';
import { Paragraphs } from '../../../../core/ui/components.tsx';

export const applicationPath = (slug: string): string => `/leistungen/${encodeURIComponent(slug)}/antrag`;
/** The Terminbuchung's entry for one service: straight to booking where it is bookable online, else the offices' contacts. */
export const appointmentPath = (slug: string): string => `/termine/leistung/${encodeURIComponent(slug)}`;

function amountText(t: Translate, locale: Locale, fee: Fee): string {
  const amount = formatEuro(fee.amountCents, locale);
  if (fee.per === 'copy') return `${amount} ${t('catalog.service.perCopy')}`;
  if (fee.per === 'additional-copy') return `${amount} ${t('catalog.service.perAdditionalCopy')}`;
  if (fee.per === 'unit') return `${amount} ${t('catalog.service.perUnit')}`;
  return amount;
}

function Fees({ t, locale, service }: { t: Translate; locale: Locale; service: CatalogService }): JSX.Element {
  if (!isFeeBased(service)) {
    return (
      <p class="kern-body" safe>
        {t('catalog.service.free')}
      </p>
    );
  }
  const withNotes = service.fees.some((f) => f.note);
  const head = [t('catalog.service.feeLabel'), t('catalog.service.feeAmount'), ...(withNotes ? [t('catalog.service.feeNote')] : [])];
  const rows = service.fees.map((f) => [f.label, amountText(t, locale, f), ...(withNotes ? [f.note ?? ''] : [])]);
  return (
    <>
      <p class="kern-body">
        <span safe>{t('catalog.service.feeBased')}</span>
        <FeeMarker t={t} />
      </p>
      <DataTable caption={t('catalog.service.feeTable')} captionHidden head={head} rows={rows} rowHeaders id="gebuehren" />
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children?: Children }): JSX.Element {
  return (
    <section aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id} safe>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Actions({ t, service }: { t: Translate; service: CatalogService }): JSX.Element {
  const canApply = service.formId !== null && service.onlineMode !== 'visit';
  const needsVisit = service.onlineMode !== 'online';
  if (!canApply && !needsVisit) return '';
  return (
    <ButtonGroup>
      {canApply ? <ButtonLink href={applicationPath(service.slug)} variant="primary" label={t('catalog.service.apply')} /> : ''}
      {needsVisit ? <ButtonLink href={appointmentPath(service.slug)} variant={canApply ? 'secondary' : 'primary'} label={t('catalog.service.appointment')} /> : ''}
    </ButtonGroup>
  );
}

function unitRows(t: Translate, service: CatalogService): SummaryRow[] {
  const u = service.unit;
  const rows: SummaryRow[] = [{ key: t('catalog.service.unit'), value: u.name }];
  if (u.address) rows.push({ key: t('catalog.service.address'), value: u.address });
  if (u.openingHours) rows.push({ key: t('catalog.service.openingHours'), value: u.openingHours });
  if (u.phone) rows.push({ key: t('catalog.service.phone'), value: u.phone });
  return rows;
}

export function ServicePage({ t, locale, service }: { t: Translate; locale: Locale; service: CatalogService }): JSX.Element {
  const lebenslagen = service.categories.map(findLebenslage).filter((l) => l !== undefined);
  const email = service.unit.email;
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {service.title}
      </h1>
      {locale === 'en' ? (
        <p class="kern-body kern-body--small" safe>
          {t('catalog.service.contentLanguage')}
        </p>
      ) : (
        ''
      )}
      <p class="kern-body kern-body--large" lang="de" safe>
        {service.shortDescription}
      </p>
      <p class="kern-body">
        <ModeTag t={t} mode={service.onlineMode} />{' '}
        <span safe>{t(`catalog.mode.${service.onlineMode}Text`)}</span>
      </p>
      <Actions t={t} service={service} />
      <div lang="de">
        {service.longDescription ? (
          <Section id="beschreibung" title={t('catalog.service.description')}>
            <Paragraphs text={service.longDescription} />
          </Section>
        ) : (
          ''
        )}
        {service.requirements ? (
          <Section id="voraussetzungen" title={t('catalog.service.requirements')}>
            <Paragraphs text={service.requirements} />
          </Section>
        ) : (
          ''
        )}
        <Section id="unterlagen" title={t('catalog.service.documents')}>
          {service.requiredDocuments.length === 0 ? (
            <p class="kern-body" safe>
              {t('catalog.service.noDocuments')}
            </p>
          ) : (
            <ul class="kern-list kern-list--bullet">
              {service.requiredDocuments.map((doc) => (
                <li safe>{doc}</li>
              ))}
            </ul>
          )}
        </Section>
        <Section id="kosten" title={t('catalog.service.fees')}>
          <Fees t={t} locale={locale} service={service} />
          {service.feeExemptions ? (
            <>
              <h3 class="kern-heading-small" safe>
                {t('catalog.service.feeExemptions')}
              </h3>
              <Paragraphs text={service.feeExemptions} />
            </>
          ) : (
            ''
          )}
        </Section>
        {service.processingTime ? (
          <Section id="bearbeitungsdauer" title={t('catalog.service.processingTime')}>
            <Paragraphs text={service.processingTime} />
          </Section>
        ) : (
          ''
        )}
        {service.deadlines ? (
          <Section id="fristen" title={t('catalog.service.deadlines')}>
            <Paragraphs text={service.deadlines} />
          </Section>
        ) : (
          ''
        )}
        {service.legalBasis ? (
          <Section id="rechtsgrundlage" title={t('catalog.service.legalBasis')}>
            <Paragraphs text={service.legalBasis} />
          </Section>
        ) : (
          ''
        )}
      </div>
      <Section id="zustaendig" title={t('catalog.service.unit')}>
        <SummaryList t={t} rows={unitRows(t, service)} />
        {email ? (
          <p class="kern-body">
            <span safe>{`${t('catalog.service.email')}: `}</span>
            <a class="kern-link" href={`mailto:${email}`} safe>
              {email}
            </a>
          </p>
        ) : (
          ''
        )}
      </Section>
      {service.leikaKey ? (
        <Section id="leika" title={t('catalog.service.leika')}>
          <InsetText>
            <p class="kern-body">
              <code safe>{service.leikaKey}</code>
            </p>
            <p class="kern-body kern-body--small" safe>
              {t('catalog.service.leikaHint')}
            </p>
          </InsetText>
        </Section>
      ) : (
        ''
      )}
      {lebenslagen.length > 0 ? (
        <Section id="lebenslagen" title={t('catalog.service.lebenslagen')}>
          <ul class="kern-list">
            {lebenslagen.map((lage) => (
              <li>
                <a class="kern-link" href={lebenslagePath(lage.slug)} safe>
                  {lebenslageLabel(lage, locale)}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      ) : (
        ''
      )}
    </>
  );
}
