/** Public list pages of the Leistungskatalog: A–Z with Lebenslagen, one Lebenslage, search results. */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import type { CatalogServiceSummary, SearchHit } from '../catalog.service.ts';
import { fold, LEBENSLAGEN, lebenslageDescription, lebenslageLabel, type Lebenslage } from '../lebenslagen.ts';
import { FeeLegend, LebenslagenTiles, SearchForm, ServiceList, servicePath, lebenslagePath } from './parts.tsx';

/** The letter a service is filed under: "Ärztliche …" under A; digits and symbols under "#". */
export function initialOf(title: string): string {
  const first = fold(title.trim()).charAt(0).toUpperCase();
  return /^[A-Z]$/.test(first) ? first : '#';
}

function byLetter(services: readonly CatalogServiceSummary[]): [string, CatalogServiceSummary[]][] {
  const groups = new Map<string, CatalogServiceSummary[]>();
  for (const s of services) {
    const letter = initialOf(s.title);
    groups.set(letter, [...(groups.get(letter) ?? []), s]);
  }
  return [...groups];
}

const letterId = (letter: string): string => `buchstabe-${letter === '#' ? 'sonstige' : letter.toLowerCase()}`;

export interface IndexPageProps {
  t: Translate;
  locale: Locale;
  services: readonly CatalogServiceSummary[];
}

export function IndexPage({ t, locale, services }: IndexPageProps): JSX.Element {
  const groups = byLetter(services);
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {t('catalog.heading')}
      </h1>
      <p class="kern-body kern-body--large" safe>
        {t('catalog.lead')}
      </p>
      <SearchForm t={t} query="" />
      <section aria-labelledby="lebenslagen">
        <h2 class="kern-heading-medium" id="lebenslagen" safe>
          {t('catalog.lebenslagen.heading')}
        </h2>
        <LebenslagenTiles locale={locale} headingLevel={3} />
      </section>
      <section aria-labelledby="a-z">
        <h2 class="kern-heading-medium" id="a-z" safe>
          {t('catalog.az.heading')}
        </h2>
        {groups.length === 0 ? (
          <p class="kern-body" safe>
            {t('catalog.az.empty')}
          </p>
        ) : (
          <>
            <nav aria-label={t('catalog.az.index')}>
              <ul class="kern-list kern-list--horizontal">
                {groups.map(([letter]) => (
                  <li>
                    <a class="kern-link" href={`#${letterId(letter)}`}>
                      <span aria-hidden="true" safe>
                        {letter}
                      </span>
                      <span class="kern-sr-only" safe>
                        {t('catalog.az.letter', { letter })}
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <FeeLegend t={t} />
            {groups.map(([letter, items]) => (
              <section aria-labelledby={letterId(letter)}>
                <h3 class="kern-heading-small" id={letterId(letter)} safe>
                  {letter}
                </h3>
                <ServiceList t={t} services={items} />
              </section>
            ))}
          </>
        )}
      </section>
    </>
  );
}

export function LebenslagePage({ t, locale, lage, services }: { t: Translate; locale: Locale; lage: Lebenslage; services: readonly CatalogServiceSummary[] }): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {lebenslageLabel(lage, locale)}
      </h1>
      <p class="kern-body kern-body--large" safe>
        {lebenslageDescription(lage, locale)}
      </p>
      {services.length === 0 ? (
        <p class="kern-body" safe>
          {t('catalog.lebenslage.none')}
        </p>
      ) : (
        <>
          <FeeLegend t={t} />
          <ServiceList t={t} services={services} />
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/leistungen#a-z" safe>
          {t('catalog.lebenslage.back')}
        </a>
      </p>
    </>
  );
}

export interface SearchPageProps {
  t: Translate;
  locale: Locale;
  query: string;
  hits: readonly SearchHit[];
  suggestions: readonly SearchHit[];
}

function NothingFound({ t, locale, query, suggestions }: Omit<SearchPageProps, 'hits'>): JSX.Element {
  return (
    <>
      <p class="kern-body" safe>
        {t('catalog.search.none', { query })}
      </p>
      {suggestions.length > 0 ? (
        <>
          <p class="kern-body" safe>
            {t('catalog.search.didYouMean')}
          </p>
          <ul class="kern-list">
            {suggestions.map((s) => (
              <li>
                <a class="kern-link" href={servicePath(s.slug)} safe>
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      <h3 class="kern-heading-small" safe>
        {t('catalog.search.tips')}
      </h3>
      <ul class="kern-list kern-list--bullet">
        <li safe>{t('catalog.search.tipSpelling')}</li>
        <li>
          <span safe>{t('catalog.search.tipLebenslagen')}</span>{' '}
          {LEBENSLAGEN.map((lage, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a class="kern-link" href={lebenslagePath(lage.slug)} safe>
                {lebenslageLabel(lage, locale)}
              </a>
            </>
          ))}
        </li>
        <li>
          <a class="kern-link" href="/leistungen#a-z" safe>
            {t('catalog.search.tipAll')}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/kontakt" safe>
            {t('catalog.search.tipContact')}
          </a>
        </li>
      </ul>
    </>
  );
}

export function SearchPage(props: SearchPageProps): JSX.Element {
  const { t, query, hits } = props;
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {t('catalog.search.title')}
      </h1>
      <SearchForm t={t} query={query} />
      {query === '' ? (
        <p class="kern-body" safe>
          {t('catalog.search.empty')}
        </p>
      ) : (
        <section aria-labelledby="ergebnisse">
          <h2 class="kern-heading-medium" id="ergebnisse" safe>
            {t('catalog.search.resultsFor', { query })}
          </h2>
          {hits.length === 0 ? (
            <NothingFound t={t} locale={props.locale} query={query} suggestions={props.suggestions} />
          ) : (
            <>
              <p class="kern-body" role="status" safe>
                {hits.length === 1 ? t('catalog.search.countOne') : t('catalog.search.count', { count: hits.length })}
              </p>
              <FeeLegend t={t} />
              <ServiceList t={t} services={hits} />
            </>
          )}
        </section>
      )}
    </>
  );
}
