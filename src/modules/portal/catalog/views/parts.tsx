/** Pieces the catalogue pages share: the € marker, service lists, search form, Lebenslagen tiles, paragraphs. */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { Button, StatusTag, TextInput, type Tone } from '../../../../core/ui/components.tsx';
import type { CatalogServiceSummary, OnlineMode } from '../catalog.service.ts';
import { LEBENSLAGEN, lebenslageDescription, lebenslageLabel } from '../lebenslagen.ts';

export const servicePath = (slug: string): string => `/leistungen/${encodeURIComponent(slug)}`;
export const lebenslagePath = (slug: string): string => `/leistungen/lebenslage/${encodeURIComponent(slug)}`;

/** "€" for the eye, "gebührenpflichtig" for screen readers: never the symbol alone. */
export function FeeMarker({ t }: { t: Translate }): JSX.Element {
  return (
    <>
      {' '}
      <span class="kern-body--bold" aria-hidden="true">
        €
      </span>
      <span class="kern-sr-only" safe>
        {`(${t('catalog.fee.marker')})`}
      </span>
    </>
  );
}

const modeTone: Record<OnlineMode, Tone> = { online: 'info', online_and_visit: 'info', visit: 'neutral' };

export function ModeTag({ t, mode }: { t: Translate; mode: OnlineMode }): JSX.Element {
  return <StatusTag label={t(`catalog.mode.${mode}`)} tone={modeTone[mode]} />;
}

export function ServiceList({ t, services }: { t: Translate; services: readonly CatalogServiceSummary[] }): JSX.Element {
  return (
    <ul class="kern-list">
      {services.map((s) => (
        <li>
          <p class="kern-body">
            <a class="kern-link" href={servicePath(s.slug)} safe>
              {s.title}
            </a>
            {s.feeBased ? <FeeMarker t={t} /> : ''} <ModeTag t={t} mode={s.onlineMode} />
          </p>
          <p class="kern-body kern-body--small" safe>
            {s.shortDescription}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function FeeLegend({ t }: { t: Translate }): JSX.Element {
  return (
    <p class="kern-body kern-body--small" safe>
      {t('catalog.fee.legend')}
    </p>
  );
}

export function SearchForm({ t, query }: { t: Translate; query: string }): JSX.Element {
  return (
    <form method="get" action="/leistungen/suche" role="search" novalidate>
      <TextInput t={t} name="q" type="search" label={t('catalog.search.label')} hint={t('catalog.search.hint')} value={query} maxlength={200} spellcheck={true} />
      <Button label={t('catalog.search.submit')} />
    </form>
  );
}

/** Lebenslagen as tiles; `headingLevel` keeps the page's heading order intact. */
export function LebenslagenTiles({ locale, headingLevel }: { locale: Locale; headingLevel: 3 | 4 }): JSX.Element {
  return (
    <ul class="rathaus-tiles">
      {LEBENSLAGEN.map((lage) => {
        const link = (
          <a class="kern-link" href={lebenslagePath(lage.slug)} safe>
            {lebenslageLabel(lage, locale)}
          </a>
        );
        return (
          <li class="rathaus-tile">
            {headingLevel === 3 ? <h3 class="kern-heading-small">{link}</h3> : <h4 class="kern-heading-small">{link}</h4>}
            <p class="kern-body" safe>
              {lebenslageDescription(lage, locale)}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

