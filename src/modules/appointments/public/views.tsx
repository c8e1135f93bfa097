/**
 * The citizen's booking pages: pure functions from data to HTML. Every step
 * is a plain form (GET for choices that change nothing, POST with CSRF for
 * the hold, the submit, the confirmation and changes), so the journey works
 * without JavaScript; the ALTCHA widget is the only script and optional.
 */
import { escapeHtml } from '@kitajs/html';
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import type { ApptVariant } from '../../../core/db/tables.ts';
import {
  Button,
  ButtonGroup,
  ButtonLink,
  Checkbox,
  CsrfField,
  ErrorSummary,
  InsetText,
  Panel,
  RadioGroup,
  Select,
  SummaryList,
  TextInput,
  Textarea,
  trusted,
  WarningText,
  type FieldError,
  type SummaryRow,
} from '../../../core/ui/components.tsx';
import { addDays, isoWeekday } from '../../../core/time/berlin.ts';
import { formatIsoDay, formatMonth } from '../format.ts';
import { dateTimeFormat } from '../../../core/i18n/intl-formats.ts';

export interface ServiceChoice {
  id: string;
  title: string;
  minutes: number;
  maxQuantity: number;
}

const errorFor = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

export function ServicesForm(props: { t: Translate; services: readonly ServiceChoice[]; counts: Record<string, number>; errors: readonly FieldError[] }): JSX.Element {
  const { t } = props;
  return (
    <>
      <ErrorSummary t={t} errors={props.errors} />
      <h1 class="kern-heading-large" safe>
        {t('appt.services.title')}
      </h1>
      <p class="kern-body" safe>
        {t('appt.services.lead')}
      </p>
      <form method="get" action="/termine/standort" novalidate>
        <div id="field-leistungen">
          {props.services.map((s) => (
            <Select
              t={t}
              name={`anzahl-${s.id}`}
              label={t('appt.services.count', { service: s.title })}
              hint={t('appt.services.countHint', { minutes: String(s.minutes) })}
              placeholder={false}
              value={String(props.counts[s.id] ?? 0)}
              options={Array.from({ length: s.maxQuantity + 1 }, (_, n) => ({ value: String(n), label: n === 0 ? t('appt.services.none') : String(n) }))}
              {...(errorFor(props.errors, `anzahl-${s.id}`) ? { error: errorFor(props.errors, `anzahl-${s.id}`) as string } : {})}
            />
          ))}
        </div>
        <Button label={t('appt.continue')} />
      </form>
    </>
  );
}

export function ChoicePage(props: {
  t: Translate;
  title: string;
  action: string;
  hidden: Record<string, string>;
  name: string;
  options: { value: string; label: string; hint?: string }[];
  error?: string | undefined;
  backHref: string;
}): JSX.Element {
  const { t } = props;
  return (
    <>
      <ErrorSummary t={t} errors={props.error ? [{ field: props.name, message: props.error }] : []} />
      <form method="get" action={props.action} novalidate>
        {Object.entries(props.hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <RadioGroup t={t} name={props.name} label={props.title} options={props.options} {...(props.error ? { error: props.error } : {})} />
        <ButtonGroup>
          <Button label={t('appt.continue')} />
          <ButtonLink href={props.backHref} label={t('appt.back')} variant="tertiary" />
        </ButtonGroup>
      </form>
    </>
  );
}

export interface MonthView {
  month: string; // first day of the month
  freeByDay: Map<string, number>;
  prevHref: string | null;
  nextHref: string | null;
  dayHref(day: string): string;
}

/** A month as a table (weeks × Monday–Sunday); days with free times are links that say how many. */
export function MonthCalendar(props: { t: Translate; locale: Locale; view: MonthView }): JSX.Element {
  const { t, locale, view } = props;
  const first = view.month;
  const start = addDays(first, 1 - isoWeekday(first));
  const weeks: string[][] = [];
  for (let week = start; week.slice(0, 7) <= first.slice(0, 7); week = addDays(week, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(week, i)));
    if (weeks.length > 6) break;
  }
  const weekdayNames = Array.from({ length: 7 }, (_, i) => addDays('2027-01-04', i));
  return (
    <div class="rathaus-calendar">
      <table class="kern-table rathaus-calendar__table">
        <caption class="kern-title" safe>
          {formatMonth(first, locale)}
        </caption>
        <thead>
          <tr>
            {weekdayNames.map((d) => (
              <th scope="col">
                <abbr title={formatIsoDay(d, locale).split(',')[0] as string} safe>
                  {dateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`))}
                </abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((days) => (
            <tr>
              {days.map((day) => {
                if (day.slice(0, 7) !== first.slice(0, 7)) return <td class="rathaus-calendar__outside"></td>;
                const free = view.freeByDay.get(day) ?? 0;
                const label = formatIsoDay(day, locale);
                if (free === 0) {
                  return (
                    <td class="rathaus-calendar__day">
                      <span aria-hidden="true" safe>
                        {String(Number(day.slice(8)))}
                      </span>
                      <span class="kern-sr-only" safe>
                        {`${label}: ${t('appt.calendar.noFree')}`}
                      </span>
                    </td>
                  );
                }
                return (
                  <td class="rathaus-calendar__day rathaus-calendar__day--free">
                    <a class="kern-link rathaus-calendar__link" href={view.dayHref(day)}>
                      <span class="rathaus-calendar__number" aria-hidden="true" safe>
                        {String(Number(day.slice(8)))}
                      </span>
                      <span class="kern-sr-only" safe>
                        {label + ': '}
                      </span>
                      <span class="rathaus-calendar__free" safe>
                        {free === 1 ? t('appt.calendar.freeOne') : t('appt.calendar.freeCount', { count: String(free) })}
                      </span>
                    </a>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <ul class="rathaus-calendar__nav kern-list">
        {view.prevHref ? (
          <li>
            <a class="kern-link" href={view.prevHref} safe>
              {t('appt.calendar.prev')}
            </a>
          </li>
        ) : (
          ''
        )}
        {view.nextHref ? (
          <li>
            <a class="kern-link" href={view.nextHref} safe>
              {t('appt.calendar.nextMonth')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </div>
  );
}

export function TimesForm(props: {
  t: Translate;
  locale: Locale;
  day: string;
  action: string;
  csrfToken: string;
  hidden: Record<string, string>;
  times: { value: string; time: string }[];
  error?: string | undefined;
  buttonLabel: string;
  otherDayHref: string;
  antibot: JSX.Element;
  note?: string;
}): JSX.Element {
  const { t } = props;
  const legend = t('appt.times.legend', { day: formatIsoDay(props.day, props.locale) });
  // The ALTCHA widget, rendered by its component (which escapes what it embeds).
  const safeAntibot = props.antibot;
  return (
    <>
      <ErrorSummary t={t} errors={props.error ? [{ field: 'start', message: props.error }] : []} />
      <h1 class="kern-heading-large" safe>
        {t('appt.times.title')}
      </h1>
      {props.times.length === 0 ? (
        <p class="kern-body" safe>
          {t('appt.times.none')}
        </p>
      ) : (
        <form method="post" action={props.action} novalidate>
          <CsrfField token={props.csrfToken} />
          {Object.entries(props.hidden).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <RadioGroup t={t} name="start" label={legend} inline options={props.times.map((x) => ({ value: x.value, label: t('appt.times.option', { time: x.time }) }))} {...(props.error ? { error: props.error } : {})} />
          <p class="kern-body" safe>
            {t('appt.calendar.zone')}
          </p>
          {props.note ? (
            <p class="kern-body" safe>
              {props.note}
            </p>
          ) : (
            ''
          )}
          {safeAntibot}
          <Button label={props.buttonLabel} />
        </form>
      )}
      <p class="kern-body">
        <a class="kern-link" href={props.otherDayHref} safe>
          {t('appt.times.otherDay')}
        </a>
      </p>
    </>
  );
}

export interface DetailsValues {
  name?: string;
  email?: string;
  phone?: string;
  note?: string;
  reminder?: string;
  terms?: string;
}

export function DetailsForm(props: {
  t: Translate;
  csrfToken: string;
  heldText: string;
  values: DetailsValues;
  errors: readonly FieldError[];
  reminderHours: number;
  retentionDays: number;
  phoneRequired: boolean;
  flash?: string | undefined;
}): JSX.Element {
  const { t, values, errors } = props;
  const e = (f: string) => (errorFor(errors, f) ? { error: errorFor(errors, f) as string } : {});
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('appt.details.title')}
      </h1>
      <InsetText>
        <p class="kern-body" safe>
          {props.heldText}
        </p>
        {props.flash ? (
          <p class="kern-body" role="status" safe>
            {props.flash}
          </p>
        ) : (
          ''
        )}
        <form method="post" action="/termine/reservierung/verlaengern">
          <CsrfField token={props.csrfToken} />
          <Button variant="secondary" label={t('appt.details.extend')} />
        </form>
      </InsetText>
      <form method="post" action="/termine/reservierung" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput t={t} name="name" label={t('appt.details.name')} hint={t('appt.details.nameHint')} autocomplete="name" value={values.name ?? ''} maxlength={200} required {...e('name')} />
        <TextInput t={t} name="email" type="email" label={t('appt.details.email')} hint={t('appt.details.emailHint')} autocomplete="email" spellcheck={false} value={values.email ?? ''} maxlength={254} required {...e('email')} />
        <TextInput
          t={t}
          name="phone"
          type="tel"
          label={t(props.phoneRequired ? 'appt.details.phoneRequired' : 'appt.details.phone')}
          hint={t('appt.details.phoneHint')}
          autocomplete="tel"
          value={values.phone ?? ''}
          maxlength={40}
          required={props.phoneRequired}
          {...e('phone')}
        />
        <Textarea t={t} name="note" label={t('appt.details.note')} hint={t('appt.details.noteHint')} value={values.note ?? ''} rows={3} maxlength={1000} {...e('note')} />
        <Checkbox t={t} name="reminder" label={t('appt.details.reminder', { hours: String(props.reminderHours) })} checked={values.reminder === '1'} />
        <Checkbox t={t} name="terms" label={t('appt.details.terms')} checked={values.terms === '1'} required {...e('terms')} />
        <p class="kern-body">
          {escapeHtml(t('appt.details.privacy', { days: String(props.retentionDays) }) + ' ')}
          <a class="kern-link" href="/datenschutz" safe>
            {t('ui.footer.privacy')}
          </a>
        </p>
        <Button label={t('appt.continue')} />
      </form>
    </>
  );
}

export function CheckPage(props: { t: Translate; csrfToken: string; rows: SummaryRow[]; antibot: JSX.Element; error?: string | undefined }): JSX.Element {
  const { t } = props;
  const safeAntibot = props.antibot;
  return (
    <>
      <ErrorSummary t={t} errors={props.error ? [{ field: 'submit', message: props.error }] : []} />
      <h1 class="kern-heading-large" safe>
        {t('appt.check.title')}
      </h1>
      <SummaryList t={t} rows={props.rows} />
      <p class="kern-body" safe>
        {t('appt.check.next')}
      </p>
      <form method="post" action="/termine/reservierung/absenden" novalidate>
        <CsrfField token={props.csrfToken} />
        {safeAntibot}
        <span id="field-submit"></span>
        <Button label={t('appt.check.submit')} />
      </form>
    </>
  );
}

export function MessagePage(props: { title: string; text: string; link?: { href: string; label: string } }): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {props.title}
      </h1>
      <p class="kern-body" safe>
        {props.text}
      </p>
      {props.link ? <ButtonLink href={props.link.href} label={props.link.label} variant="primary" /> : ''}
    </>
  );
}

export function SentPage(props: { t: Translate; reference: string; text: string }): JSX.Element {
  const { t } = props;
  return (
    <>
      <Panel title={t('appt.sent.title')} reference={props.reference} referenceLabel={`${t('appt.reference')}: `} />
      <p class="kern-body" safe>
        {props.text}
      </p>
      <p class="kern-body" safe>
        {t('appt.sent.noMail')}
      </p>
    </>
  );
}

export function ConfirmPage(props: { t: Translate; csrfToken: string; action: string; rows: SummaryRow[] }): JSX.Element {
  const { t } = props;
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('appt.confirm.title')}
      </h1>
      <p class="kern-body" safe>
        {t('appt.confirm.lead')}
      </p>
      <SummaryList t={t} rows={props.rows} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <Button label={t('appt.confirm.button')} />
      </form>
    </>
  );
}

export function ManagePage(props: {
  t: Translate;
  reference: string;
  rows: SummaryRow[];
  bring: string[];
  directions: string;
  videoUrl: string | undefined;
  base: string;
  canChange: boolean;
  tooLateText: string | null;
  icsAvailable: boolean;
}): JSX.Element {
  const { t } = props;
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('appt.manage.title')}
      </h1>
      <SummaryList t={t} rows={[{ key: t('appt.reference'), value: props.reference }, ...props.rows]} />
      {props.videoUrl ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('appt.manage.video')}
          </h2>
          <p class="kern-body">
            <a class="kern-link" href={props.videoUrl} rel="noopener noreferrer" safe>
              {t('appt.manage.videoLink')}
            </a>
          </p>
        </>
      ) : (
        ''
      )}
      {props.bring.length ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('appt.manage.bring')}
          </h2>
          <ul class="kern-list">
            {props.bring.map((b) => (
              <li safe>{b}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {props.directions ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('appt.manage.directions')}
          </h2>
          <p class="kern-body" safe>
            {props.directions}
          </p>
        </>
      ) : (
        ''
      )}
      {props.icsAvailable ? (
        <p class="kern-body">
          <a class="kern-link" href={`${props.base}/termin.ics`} download="termin.ics" safe>
            {t('appt.manage.ics')}
          </a>
        </p>
      ) : (
        ''
      )}
      {props.canChange ? (
        <>
          <ButtonGroup>
            <ButtonLink href={`${props.base}/verschieben`} label={t('appt.manage.reschedule')} variant="secondary" />
            <ButtonLink href={`${props.base}/absagen`} label={t('appt.manage.cancel')} variant="secondary" />
          </ButtonGroup>
          <p class="kern-body" safe>
            {t('appt.manage.personal')}
          </p>
        </>
      ) : (
        ''
      )}
      {props.tooLateText ? <WarningText t={t}>{escapeHtml(props.tooLateText)}</WarningText> : ''}
    </>
  );
}

export function CancelPage(props: { t: Translate; csrfToken: string; action: string; backHref: string; rows: SummaryRow[] }): JSX.Element {
  const { t } = props;
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('appt.cancel.title')}
      </h1>
      <SummaryList t={t} rows={props.rows} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label" safe>
            {t('appt.cancel.question')}
          </legend>
          <ButtonGroup>
            <Button variant="danger" label={t('appt.cancel.button')} />
            <ButtonLink href={props.backHref} label={t('appt.cancel.keep')} variant="secondary" />
          </ButtonGroup>
        </fieldset>
      </form>
    </>
  );
}

export const variantLabelKey = (v: ApptVariant): string => `appointments.variant.${v}`;
export { trusted };
