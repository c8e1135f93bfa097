/** Pieces the appointment staff pages share: paths, labels, status tags, the Standort's sub-navigation. */
import type { ApptStatus } from '../../../../core/db/tables.ts';
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { StatusTag, type Tone } from '../../../../core/ui/components.tsx';
import { formatClock } from '../../format.ts';
import type { ServiceLine } from '../staff.service.ts';
import { numberFormat } from '../../../../core/i18n/intl-formats.ts';

export const STAFF_PATH = '/verwaltung/termine';
export const STATS_PATH = `${STAFF_PATH}/statistik`;
export const dayPath = (slug: string, day: string): string => `${STAFF_PATH}/${slug}/tag/${day}`;
export const weekPath = (slug: string, monday: string): string => `${STAFF_PATH}/${slug}/woche/${monday}`;
export const bookPath = (slug: string): string => `${STAFF_PATH}/${slug}/buchen`;
export const closePath = (slug: string): string => `${STAFF_PATH}/${slug}/schliessen`;
export const bookingPath = (id: string): string => `${STAFF_PATH}/buchung/${id}`;
export const casePath = (caseId: string): string => `/verwaltung/vorgaenge/${caseId}`;

const STATUS_TONE: Record<ApptStatus, Tone> = {
  held: 'neutral',
  pending: 'neutral',
  confirmed: 'info',
  attended: 'success',
  no_show: 'warning',
  cancelled: 'neutral',
  expired: 'neutral',
};

export function BookingStatus({ t, status }: { t: Translate; status: ApptStatus }): JSX.Element {
  return <StatusTag label={t(`apptStaff.status.${status}`)} tone={STATUS_TONE[status]} />;
}

/** "09:00–09:20" in Berlin time. */
export function timeRange(startsAt: Date, endsAt: Date, locale: Locale): string {
  return `${formatClock(startsAt, locale)}–${formatClock(endsAt, locale)}`;
}

/** "Personalausweis (2 Personen), Meldebescheinigung" */
export function servicesLabel(t: Translate, lines: readonly ServiceLine[]): string {
  return lines.map((l) => (l.quantity > 1 ? t('apptStaff.serviceWithPersons', { title: l.title, count: l.quantity }) : l.title)).join(', ');
}

/** A percentage of two counts, or "–" without a base. */
export function percent(part: number, whole: number, locale: Locale): string {
  if (whole <= 0) return '–';
  return numberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(part / whole);
}

export function Link({ href, text, srText }: { href: string; text: string; srText?: string }): JSX.Element {
  return (
    <a class="kern-link" href={href}>
      <span safe>{text}</span>
      {srText ? (
        <span class="kern-sr-only" safe>
          {` ${srText}`}
        </span>
      ) : (
        ''
      )}
    </a>
  );
}

/**
 * A KERN button whose accessible name says more than its visible label
 * (which of several identical buttons it is). Not with a visually hidden
 * span: KERN styles a button containing `.kern-sr-only` as an icon button.
 * The name starts with the visible label (WCAG 2.5.3).
 */
export function NamedButton({ label, name, value, variant, accessibleName }: { label: string; name?: string; value?: string; variant: 'secondary' | 'tertiary'; accessibleName: string }): JSX.Element {
  return (
    <button class={`kern-btn kern-btn--${variant}`} type="submit" name={name} value={value} aria-label={accessibleName}>
      <span class="kern-label" safe>
        {label}
      </span>
    </button>
  );
}

/** What one can do at a Standort: day, week, book on behalf, close a day. */
export function LocationLinks({ t, slug, day, monday }: { t: Translate; slug: string; day: string; monday: string }): JSX.Element {
  return (
    <nav aria-label={t('apptStaff.locationNav')}>
      <ul class="kern-list">
        <li>
          <Link href={dayPath(slug, day)} text={t('apptStaff.nav.day')} />
        </li>
        <li>
          <Link href={weekPath(slug, monday)} text={t('apptStaff.nav.week')} />
        </li>
        <li>
          <Link href={bookPath(slug)} text={t('apptStaff.nav.book')} />
        </li>
        <li>
          <Link href={closePath(slug)} text={t('apptStaff.nav.close')} />
        </li>
      </ul>
    </nav>
  );
}

/** A short page for a request that cannot be served (bad day, booking in the wrong state …). */
export function ProblemPage({ title, text, links }: { title: string; text: string; links: readonly { href: string; text: string }[] }): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {title}
      </h1>
      <p class="kern-body" safe>
        {text}
      </p>
      <ul class="kern-list">
        {links.map((l) => (
          <li>
            <Link href={l.href} text={l.text} />
          </li>
        ))}
      </ul>
    </>
  );
}
