/** Pieces the Mängelmelder's staff pages share: paths, state tags, deadlines, the place with its map link. */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { formatDate } from '../../../../core/i18n/i18n.ts';
import type { Bundesland } from '../../../../core/time/holidays.ts';
import { workingDaysBetween } from '../../../../core/time/working-days.ts';
import { StatusTag } from '../../../../core/ui/components.tsx';
import type { Breadcrumb } from '../../../../core/ui/layout.tsx';
import { STATE_TONE, stateLabelKey } from '../../model/states.ts';
import type { ReportPublication, ReportState } from '../../schema.ts';

export const QUEUE_PATH = '/verwaltung/maengel';
export const SETUP_PATH = `${QUEUE_PATH}/einrichtung`;
export const NEW_PATH = `${QUEUE_PATH}/neu`;
export const reportPath = (id: string): string => `${QUEUE_PATH}/${id}`;
export const photoPath = (reportId: string, photoId: string): string => `${QUEUE_PATH}/${reportId}/fotos/${photoId}`;
export const casePath = (caseId: string): string => `/verwaltung/vorgaenge/${caseId}`;
/** The staff pages' own script and stylesheet (served by contractorRoutes under /assets/). */
export const STAFF_ASSETS = '/assets/maengelmelder-verwaltung';

/** Same-origin script and styles of the report pages (strict CSP: files only). */
export function staffHead(): JSX.Element {
  return (
    <>
      <link rel="stylesheet" href={`${STAFF_ASSETS}/report-staff.css`} />
      <script src={`${STAFF_ASSETS}/report-staff.js`} defer></script>
    </>
  );
}

export function trail(t: Translate, ...rest: Breadcrumb[]): Breadcrumb[] {
  return [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('reportsStaff.title'), href: QUEUE_PATH }, ...rest];
}


export function StateTag({ t, state }: { t: Translate; state: ReportState }): JSX.Element {
  return <StatusTag label={t(stateLabelKey(state))} tone={STATE_TONE[state]} />;
}

export function PublicationTag({ t, publication }: { t: Translate; publication: ReportPublication }): JSX.Element {
  const tone = publication === 'published' ? 'success' : publication === 'pending' ? 'warning' : 'neutral';
  return <StatusTag label={t(`reportsStaff.publication.${publication}`)} tone={tone} />;
}

export interface Deadline {
  overdue: boolean;
  /** "noch 3 Arbeitstage", "seit 2 Arbeitstagen überfällig", "heute fällig". */
  text: string;
}

/** Working days left or overdue; nothing once the report is closed. */
export function deadlineOf(t: Translate, dueAt: Date | null, closedAt: Date | null, now: Date, land: string): Deadline | null {
  if (!dueAt || closedAt) return null;
  const bundesland = land as Bundesland;
  if (dueAt > now) {
    const left = workingDaysBetween(now, dueAt, bundesland);
    return { overdue: false, text: left === 0 ? t('reportsStaff.deadline.today') : t(left === 1 ? 'reportsStaff.deadline.leftOne' : 'reportsStaff.deadline.left', { n: left }) };
  }
  const late = workingDaysBetween(dueAt, now, bundesland);
  return { overdue: true, text: late === 0 ? t('reportsStaff.deadline.overdueToday') : t(late === 1 ? 'reportsStaff.deadline.overdueOne' : 'reportsStaff.deadline.overdue', { n: late }) };
}

/** The deadline cell: date, and when overdue a tag with icon and text (never colour alone). */
export function DeadlineCell({ t, locale, dueAt, deadline }: { t: Translate; locale: Locale; dueAt: Date | null; deadline: Deadline | null }): JSX.Element {
  if (!dueAt) return <span safe>{t('reportsStaff.none')}</span>;
  return (
    <span class={deadline?.overdue ? 'rathaus-overdue' : ''}>
      <span safe>{formatDate(dueAt, locale, 'date')}</span>
      {deadline?.overdue ? (
        <>
          {' '}
          <StatusTag label={t('reportsStaff.overdue')} tone="danger" />
        </>
      ) : (
        ''
      )}
      {deadline ? (
        <span class="rathaus-report-deadline" safe>
          {deadline.text}
        </span>
      ) : (
        ''
      )}
    </span>
  );
}

/** An OpenStreetMap link to a point (opens the public map; nothing is fetched by us). */
export function osmHref(lat: number, lng: number): string {
  const la = lat.toFixed(6);
  const lo = lng.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=18/${la}/${lo}`;
}

export function coordinates(lat: number, lng: number): string {
  return `${lat.toFixed(6)}, ${lng.toFixed(6)}`;
}

/** Place as staff read it: the address, else the coordinates. */
export function placeText(t: Translate, address: string, lat: number | null, lng: number | null): string {
  if (address) return address;
  if (lat !== null && lng !== null) return coordinates(lat, lng);
  return t('reportsStaff.none');
}

