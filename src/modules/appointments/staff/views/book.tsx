/**
 * The steps of booking on behalf (see book-journey.ts): each is one form
 * posting to the same address with the earlier answers in hidden fields.
 * "Weiter" is always the first button of a form, so Enter moves on.
 */
import type { Children } from '@kitajs/html';
import type { ApptVariant } from '../../../../core/db/tables.ts';
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { addDays, berlinDay } from '../../../../core/time/berlin.ts';
import { Button, ButtonGroup, Checkbox, CsrfField, DateInput, ErrorSummary, InsetText, Panel, RadioGroup, Select, SummaryList, Textarea, TextInput, type FieldError, type SummaryRow } from '../../../../core/ui/components.tsx';
import type { Location, Visit } from '../../booking/locations.ts';
import type { StartTime } from '../../model/schedule.ts';
import { formatClock, formatIsoDay, formatWhen } from '../../format.ts';
import { carriedFields, quantityField, WAYS, type Draft, type Step, type Way } from '../book-journey.ts';
import { bookingPath, bookPath, dayPath, Link, NamedButton } from './shared.tsx';

interface StepProps {
  t: Translate;
  locale: Locale;
  location: Location;
  draft: Draft;
  csrfToken: string;
  errors: readonly FieldError[];
}

const errorOf = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

function Carry({ draft, shown }: { draft: Draft; shown: Step | null }): JSX.Element {
  return (
    <>
      {carriedFields(draft, shown).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

function StepForm({ location, draft, csrfToken, step, children }: { location: Location; draft: Draft; csrfToken: string; step: Step; children?: Children }): JSX.Element {
  return (
    <form method="post" action={bookPath(location.slug)} novalidate>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="schritt" value={step} />
      <Carry draft={draft} shown={step === 'pruefen' ? null : step} />
      {children}
    </form>
  );
}

function Heading({ t, location, title, step }: { t: Translate; location: Location; title: string; step: number }): JSX.Element {
  return (
    <>
      <p class="kern-body" safe>
        {t('apptStaff.book.caption', { location: location.name, step, of: 4 })}
      </p>
      <h1 class="kern-heading-large" safe>
        {title}
      </h1>
    </>
  );
}

export function ServicesStep(p: StepProps & { variants: readonly ApptVariant[] }): JSX.Element {
  const { t, location, draft, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <Heading t={t} location={location} title={t('apptStaff.book.services.title')} step={1} />
      <StepForm location={location} draft={draft} csrfToken={p.csrfToken} step="anliegen">
        <fieldset class="kern-fieldset">
          <legend class="kern-label" safe>
            {t('apptStaff.book.services.legend')}
          </legend>
          <div class="kern-hint" safe>
            {t('apptStaff.book.services.hint')}
          </div>
          <div class="kern-fieldset__body">
            {location.services.map((s, index) => (
              <Select
                t={t}
                name={quantityField(s.id)}
                label={s.title}
                hint={t('apptStaff.book.services.minutes', { minutes: s.minutes })}
                placeholder={false}
                value={String(draft.quantities.get(s.id) ?? 0)}
                error={index === 0 ? errorOf(errors, quantityField(s.id)) : undefined}
                options={Array.from({ length: s.maxQuantity + 1 }, (_, n) => ({ value: String(n), label: n === 0 ? t('apptStaff.book.services.none') : t('apptStaff.book.services.persons', { count: n }) }))}
              />
            ))}
          </div>
        </fieldset>
        {p.variants.length > 1 ? (
          <RadioGroup t={t} name="art" label={t('apptStaff.book.variant')} required value={draft.variant} error={errorOf(errors, 'art')} options={p.variants.map((v) => ({ value: v, label: t(`appointments.variant.${v}`) }))} />
        ) : (
          <input type="hidden" name="art" value={p.variants[0] ?? 'onsite'} />
        )}
        <RadioGroup t={t} name="weg" label={t('apptStaff.book.way')} hint={t('apptStaff.book.wayHint')} required value={draft.way} error={errorOf(errors, 'weg')} options={WAYS.map((w) => ({ value: w, label: t(`apptStaff.way.${w}`) }))} />
        <ButtonGroup>
          <Button name="aktion" value="weiter" label={t('apptStaff.book.next')} />
        </ButtonGroup>
      </StepForm>
    </>
  );
}

/** `shownDay` is the (valid) day whose times are listed; the date field keeps what was typed. */
export function TimeStep(p: StepProps & { visit: Visit; way: Way; shownDay: string; starts: readonly StartTime[]; today: string; lastDay: string }): JSX.Element {
  const { t, locale, location, draft, errors } = p;
  const previous = addDays(p.shownDay, -1);
  const next = addDays(p.shownDay, 1);
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <Heading t={t} location={location} title={t('apptStaff.book.time.title')} step={2} />
      <p class="kern-body" safe>
        {t('apptStaff.book.time.lead', { minutes: p.visit.slots * location.slotMinutes, contingent: t(`apptStaff.contingent.${p.way === 'telefon' ? 'phone' : 'internal'}`) })}
      </p>
      <StepForm location={location} draft={draft} csrfToken={p.csrfToken} step="zeit">
        <div class="rathaus-filters">
          <DateInput t={t} name="tag" label={t('apptStaff.book.time.day')} value={draft.day} min={p.today} max={p.lastDay} error={errorOf(errors, 'tag')} />
          <ButtonGroup>
            <Button variant="secondary" name="aktion" value="tag" label={t('apptStaff.book.time.showDay')} />
            {previous >= p.today ? (
              <NamedButton variant="tertiary" name="aktion" value={`tag-${previous}`} label={t('apptStaff.day.previous')} accessibleName={`${t('apptStaff.day.previous')}: ${formatIsoDay(previous, locale)}`} />
            ) : (
              ''
            )}
            {next <= p.lastDay ? (
              <NamedButton variant="tertiary" name="aktion" value={`tag-${next}`} label={t('apptStaff.day.next')} accessibleName={`${t('apptStaff.day.next')}: ${formatIsoDay(next, locale)}`} />
            ) : (
              ''
            )}
          </ButtonGroup>
        </div>
      </StepForm>
      {p.starts.length === 0 ? (
        <>
          <p class="kern-body" role="status" safe>
            {t('apptStaff.book.time.none', { day: formatIsoDay(p.shownDay, locale) })}
          </p>
          <StepForm location={location} draft={draft} csrfToken={p.csrfToken} step="zeit">
            <input type="hidden" name="tag" value={p.shownDay} />
            <ButtonGroup>
              <Button variant="secondary" name="aktion" value="zurueck" label={t('apptStaff.book.back')} />
            </ButtonGroup>
          </StepForm>
        </>
      ) : (
        <StepForm location={location} draft={draft} csrfToken={p.csrfToken} step="zeit">
          <input type="hidden" name="tag" value={p.shownDay} />
          <RadioGroup
            t={t}
            name="zeit"
            label={t('apptStaff.book.time.times', { day: formatIsoDay(p.shownDay, locale) })}
            required
            inline
            value={draft.time}
            error={errorOf(errors, 'zeit')}
            options={p.starts.map((s) => ({ value: s.time, label: formatClock(s.startsAt, locale) }))}
          />
          <ButtonGroup>
            <Button name="aktion" value="weiter" label={t('apptStaff.book.next')} />
            <Button variant="secondary" name="aktion" value="zurueck" label={t('apptStaff.book.back')} />
          </ButtonGroup>
        </StepForm>
      )}
    </>
  );
}

export function PersonStep(p: StepProps & { limit: number }): JSX.Element {
  const { t, location, draft, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <Heading t={t} location={location} title={t('apptStaff.book.person.title')} step={3} />
      <StepForm location={location} draft={draft} csrfToken={p.csrfToken} step="person">
        <TextInput t={t} name="name" label={t('apptStaff.field.name')} required value={draft.name} autocomplete="off" maxlength={200} error={errorOf(errors, 'name')} />
        <TextInput t={t} name="email" type="email" label={t('apptStaff.field.emailOptional')} hint={t('apptStaff.book.person.emailHint')} value={draft.email} autocomplete="off" spellcheck={false} error={errorOf(errors, 'email')} />
        <TextInput t={t} name="telefon" type="tel" label={t('apptStaff.field.phoneOptional')} value={draft.phone} autocomplete="off" error={errorOf(errors, 'telefon')} />
        <Textarea t={t} name="hinweis" label={t('apptStaff.field.noteOptional')} hint={t('apptStaff.book.person.noteHint')} value={draft.note} rows={3} maxlength={1000} error={errorOf(errors, 'hinweis')} />
        <RadioGroup t={t} name="sprache" label={t('apptStaff.field.locale')} hint={t('apptStaff.book.person.localeHint')} inline value={draft.locale} error={errorOf(errors, 'sprache')} options={[{ value: 'de', label: t('apptStaff.locale.de') }, { value: 'en', label: t('apptStaff.locale.en') }]} />
        <Checkbox t={t} name="erinnerung" label={t('apptStaff.book.person.reminder')} hint={t('apptStaff.book.person.reminderHint')} checked={draft.reminder} error={errorOf(errors, 'erinnerung')} />
        <Checkbox t={t} name="obergrenze" label={t('apptStaff.book.person.override')} hint={t('apptStaff.book.person.overrideHint', { limit: p.limit })} checked={draft.override} error={errorOf(errors, 'obergrenze')} />
        <ButtonGroup>
          <Button name="aktion" value="weiter" label={t('apptStaff.book.next')} />
          <Button variant="secondary" name="aktion" value="zurueck" label={t('apptStaff.book.back')} />
        </ButtonGroup>
      </StepForm>
    </>
  );
}

export interface CheckStepProps extends StepProps {
  visit: Visit;
  way: Way;
  variant: ApptVariant;
  startsAt: Date;
  endsAt: Date;
}

function ChangeButton({ step, label }: { step: Step; label: string }): JSX.Element {
  return <Button variant="tertiary" name="aktion" value={`aendern-${step}`} label={label} />;
}

export function CheckStep(p: CheckStepProps): JSX.Element {
  const { t, locale, location, draft, errors } = p;
  const none = '–';
  const services: SummaryRow[] = [
    { key: t('apptStaff.field.location'), value: location.name },
    { key: t('apptStaff.field.services'), value: p.visit.lines.map((l) => (l.quantity > 1 ? t('apptStaff.serviceWithPersons', { title: l.service.title, count: l.quantity }) : l.service.title)).join(', ') },
    { key: t('apptStaff.field.variant'), value: t(`appointments.variant.${p.variant}`) },
    { key: t('apptStaff.book.way'), value: t(`apptStaff.way.${p.way}`) },
  ];
  const time: SummaryRow[] = [{ key: t('apptStaff.field.when'), value: `${formatWhen(p.startsAt, locale)} – ${formatClock(p.endsAt, locale)}` }];
  const person: SummaryRow[] = [
    { key: t('apptStaff.field.name'), value: draft.name },
    { key: t('apptStaff.field.email'), value: draft.email || none },
    { key: t('apptStaff.field.phone'), value: draft.phone || none },
    { key: t('apptStaff.field.note'), value: draft.note || none },
    { key: t('apptStaff.field.locale'), value: t(`apptStaff.locale.${draft.locale === 'en' ? 'en' : 'de'}`) },
    { key: t('apptStaff.field.reminder'), value: draft.reminder ? t('apptStaff.yes') : t('apptStaff.no') },
    ...(draft.override ? [{ key: t('apptStaff.book.person.override'), value: t('apptStaff.yes') }] : []),
  ];
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <Heading t={t} location={location} title={t('apptStaff.book.check.title')} step={4} />
      <StepForm location={location} draft={draft} csrfToken={p.csrfToken} step="pruefen">
        <h2 class="kern-heading-medium" safe>
          {t('apptStaff.book.check.services')}
        </h2>
        <SummaryList t={t} rows={services} />
        <ChangeButton step="anliegen" label={t('apptStaff.book.check.changeServices')} />
        <h2 class="kern-heading-medium" safe>
          {t('apptStaff.book.check.time')}
        </h2>
        <SummaryList t={t} rows={time} />
        <ChangeButton step="zeit" label={t('apptStaff.book.check.changeTime')} />
        <h2 class="kern-heading-medium" safe>
          {t('apptStaff.book.check.person')}
        </h2>
        <SummaryList t={t} rows={person} />
        <ChangeButton step="person" label={t('apptStaff.book.check.changePerson')} />
        <InsetText>
          <p class="kern-body" safe>
            {draft.email ? t('apptStaff.book.check.mail', { email: draft.email }) : t('apptStaff.book.check.noMail')}
          </p>
        </InsetText>
        <ButtonGroup>
          <Button name="aktion" value="buchen" label={t('apptStaff.book.check.submit')} />
        </ButtonGroup>
      </StepForm>
    </>
  );
}

export interface BookedPageProps {
  t: Translate;
  locale: Locale;
  reference: string;
  id: string;
  startsAt: Date;
  location: Location;
  name: string;
  mailed: boolean;
}

export function BookedPage({ t, locale, reference, id, startsAt, location, name, mailed }: BookedPageProps): JSX.Element {
  return (
    <>
      <Panel title={t('apptStaff.book.done.title')} reference={reference} referenceLabel={t('apptStaff.book.done.reference')}>
        <p safe>{t('apptStaff.book.done.when', { name, when: formatWhen(startsAt, locale), location: location.name })}</p>
      </Panel>
      <h2 class="kern-heading-medium" safe>
        {t('apptStaff.book.done.next')}
      </h2>
      <p class="kern-body" safe>
        {mailed ? t('apptStaff.book.done.mailed') : t('apptStaff.book.done.notMailed', { reference })}
      </p>
      <ul class="kern-list">
        <li>
          <Link href={bookingPath(id)} text={t('apptStaff.book.done.open')} srText={reference} />
        </li>
        <li>
          <Link href={dayPath(location.slug, berlinDay(startsAt))} text={t('apptStaff.book.done.day')} />
        </li>
        <li>
          <Link href={bookPath(location.slug)} text={t('apptStaff.book.done.another')} />
        </li>
      </ul>
    </>
  );
}
