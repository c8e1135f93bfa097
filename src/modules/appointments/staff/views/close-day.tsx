/**
 * Closing a Standort for a day (illness, strike, works meeting): the day and
 * the reason, then a confirmation that says how many appointments will be
 * cancelled and what their citizens are told, then the result.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { Button, ButtonGroup, ButtonLink, CsrfField, DateInput, ErrorSummary, Panel, SummaryList, Textarea, WarningText, type FieldError } from '../../../../core/ui/components.tsx';
import type { Location } from '../../booking/locations.ts';
import { formatIsoDay } from '../../format.ts';
import { closePath, dayPath, Link } from './shared.tsx';

export const REASON_MAX = 200;

export interface CloseFormProps {
  t: Translate;
  location: Location;
  csrfToken: string;
  day: string;
  reason: string;
  today: string;
  errors: readonly FieldError[];
}

export function CloseForm({ t, location, csrfToken, day, reason, today, errors }: CloseFormProps): JSX.Element {
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.close.title', { location: location.name })}
      </h1>
      <p class="kern-body" safe>
        {t('apptStaff.close.lead')}
      </p>
      <form method="post" action={closePath(location.slug)} novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="aktion" value="pruefen" />
        <DateInput t={t} name="tag" label={t('apptStaff.close.day')} required value={day} min={today} error={errors.find((e) => e.field === 'tag')?.message} />
        <Textarea t={t} name="grund" label={t('apptStaff.close.reason')} hint={t('apptStaff.close.reasonHint', { max: REASON_MAX })} required rows={3} maxlength={REASON_MAX} value={reason} error={errors.find((e) => e.field === 'grund')?.message} />
        <ButtonGroup>
          <Button label={t('apptStaff.close.check')} />
        </ButtonGroup>
      </form>
    </>
  );
}

export interface CloseConfirmProps {
  t: Translate;
  locale: Locale;
  location: Location;
  csrfToken: string;
  day: string;
  reason: string;
  affected: number;
  alreadyClosed: string | null;
}

export function CloseConfirm({ t, locale, location, csrfToken, day, reason, affected, alreadyClosed }: CloseConfirmProps): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('apptStaff.close.confirmTitle', { day: formatIsoDay(day, locale) })}
      </h1>
      <SummaryList
        t={t}
        rows={[
          { key: t('apptStaff.field.location'), value: location.name },
          { key: t('apptStaff.close.day'), value: formatIsoDay(day, locale) },
          { key: t('apptStaff.close.reason'), value: reason },
        ]}
      />
      {alreadyClosed !== null ? (
        <p class="kern-body" safe>
          {t('apptStaff.close.already', { reason: alreadyClosed })}
        </p>
      ) : (
        ''
      )}
      <WarningText t={t}>
        <span safe>{affected === 0 ? t('apptStaff.close.affectedNone') : t('apptStaff.close.affected', { count: affected })}</span>
      </WarningText>
      <form method="post" action={closePath(location.slug)}>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="tag" value={day} />
        <input type="hidden" name="grund" value={reason} />
        <ButtonGroup>
          <Button variant="danger" name="aktion" value="schliessen" label={t('apptStaff.close.submit', { count: affected })} />
          <Button variant="secondary" name="aktion" value="aendern" label={t('apptStaff.close.change')} />
        </ButtonGroup>
      </form>
    </>
  );
}

export function CloseResult({ t, locale, location, day, cancelled }: { t: Translate; locale: Locale; location: Location; day: string; cancelled: number }): JSX.Element {
  return (
    <>
      <Panel title={t('apptStaff.close.doneTitle', { day: formatIsoDay(day, locale) })}>
        <p safe>{cancelled === 0 ? t('apptStaff.close.doneNone') : t('apptStaff.close.done', { count: cancelled })}</p>
      </Panel>
      <p class="kern-body">
        <Link href={dayPath(location.slug, day)} text={t('apptStaff.close.toDay', { day: formatIsoDay(day, locale) })} />
      </p>
      <ButtonGroup>
        <ButtonLink href={closePath(location.slug)} label={t('apptStaff.close.another')} />
      </ButtonGroup>
    </>
  );
}
