/**
 * The citizen's pages: the form, check-your-answers (the answers travel in
 * hidden fields, so nothing is stored before the citizen sends), and the
 * confirmation with the reference and the deadlines.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { formatDate } from '../../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../../core/http/validation.ts';
import { Button, ButtonGroup, Checkbox, CsrfField, ErrorSummary, InsetText, Panel, RadioGroup, Select, SummaryList, TextInput, Textarea, trusted } from '../../../../core/ui/components.tsx';
import { COMPLAINT_TOPICS, TEXT_MAX, type UnitChoice } from '../complaints.service.ts';

const errorFor = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

export interface ComplaintFormProps {
  t: Translate;
  csrfToken: string;
  units: readonly UnitChoice[];
  values: Record<string, string>;
  errors: readonly FieldError[];
  submission: string;
  ackDays: number;
  answerDays: number;
}

export function ComplaintForm(p: ComplaintFormProps): JSX.Element {
  const { t, values, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('complaints.heading')}
      </h1>
      <p class="kern-body" safe>
        {t('complaints.lead')}
      </p>
      <p class="kern-body" safe>
        {t('complaints.deadlines', { ackDays: p.ackDays, answerDays: p.answerDays })}
      </p>
      <InsetText>
        <p class="kern-body">
          <span safe>{t('complaints.notHere')}</span>{' '}
          <a class="kern-link" href="/maengelmelder" safe>
            {t('complaints.notHereLink')}
          </a>
        </p>
      </InsetText>
      <form method="post" action="/beschwerde" novalidate>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="submission" value={p.submission} />
        <RadioGroup
          t={t}
          name="topic"
          label={t('complaints.topic')}
          required
          value={values.topic ?? ''}
          error={errorFor(errors, 'topic')}
          options={COMPLAINT_TOPICS.map((topic) => ({ value: topic, label: t(`complaints.topic.${topic}`), hint: t(`complaints.topic.${topic}Hint`) }))}
        />
        <Select
          t={t}
          name="unit"
          label={t('complaints.unit')}
          hint={t('complaints.unitHint')}
          placeholder={false}
          value={values.unit ?? ''}
          error={errorFor(errors, 'unit')}
          options={[{ value: '', label: t('complaints.unit.unknown') }, ...p.units.map((u) => ({ value: u.slug, label: u.name }))]}
        />
        <Textarea t={t} name="text" label={t('complaints.text')} hint={t('complaints.textHint', { max: TEXT_MAX })} required rows={10} maxlength={TEXT_MAX} value={values.text ?? ''} error={errorFor(errors, 'text')} />
        <h2 class="kern-heading-medium" safe>
          {t('complaints.contactHeading')}
        </h2>
        <p class="kern-body" safe>
          {t('complaints.contactLead')}
        </p>
        <TextInput t={t} name="name" label={t('complaints.name')} autocomplete="name" maxlength={120} value={values.name ?? ''} error={errorFor(errors, 'name')} />
        <TextInput t={t} name="email" type="email" label={t('complaints.email')} hint={t('complaints.emailHint')} autocomplete="email" spellcheck={false} maxlength={254} value={values.email ?? ''} error={errorFor(errors, 'email')} />
        <p class="kern-body">
          <a class="kern-link" href="/datenschutz" safe>
            {t('complaints.privacyLink')}
          </a>
        </p>
        <Checkbox t={t} name="privacy" value="yes" label={t('complaints.privacy')} hint={t('complaints.privacyHint')} checked={values.privacy === 'yes'} error={errorFor(errors, 'privacy')} />
        <Button label={t('complaints.continue')} />
      </form>
    </>
  );
}

/** The answers as hidden fields: the check page posts them on, unchanged. */
function Carried({ values }: { values: Record<string, string> }): JSX.Element {
  return (
    <>
      {['topic', 'unit', 'text', 'name', 'email', 'privacy', 'submission'].map((name) => (
        <input type="hidden" name={name} value={values[name] ?? ''} />
      ))}
    </>
  );
}

export interface CheckPageProps {
  t: Translate;
  csrfToken: string;
  values: Record<string, string>;
  unitName: string | null;
}

export function CheckPage(p: CheckPageProps): JSX.Element {
  const { t, values } = p;
  const none = t('complaints.check.none');
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('complaints.check.title')}
      </h1>
      <p class="kern-body" safe>
        {t('complaints.check.lead')}
      </p>
      <SummaryList
        t={t}
        rows={[
          { key: t('complaints.topic'), value: t(`complaints.topic.${values.topic ?? 'complaint'}`) },
          { key: t('complaints.field.unit'), value: p.unitName ?? t('complaints.unit.unknown') },
          { key: t('complaints.text'), value: trusted(<span class="rathaus-prewrap" safe>{values.text ?? ''}</span>) },
          { key: t('complaints.field.name'), value: values.name || none },
          { key: t('complaints.field.email'), value: values.email || none },
        ]}
      />
      {values.email ? (
        ''
      ) : (
        <InsetText>
          <p class="kern-body" safe>
            {t('complaints.check.anonymous')}
          </p>
        </InsetText>
      )}
      <form method="post" action="/beschwerde/absenden" novalidate>
        <CsrfField token={p.csrfToken} />
        <Carried values={values} />
        <ButtonGroup>
          <Button name="aktion" value="absenden" label={t('complaints.submit')} />
          <Button variant="secondary" name="aktion" value="aendern" label={t('complaints.check.change')} />
        </ButtonGroup>
      </form>
    </>
  );
}

export interface ConfirmationProps {
  t: Translate;
  locale: Locale;
  reference: string;
  withEmail: boolean;
  ackDueAt: Date;
  answerDueAt: Date;
}

export function ComplaintConfirmation(p: ConfirmationProps): JSX.Element {
  const { t } = p;
  return (
    <>
      <Panel title={t('complaints.confirmation.title')} reference={p.reference} referenceLabel={t('complaints.confirmation.reference')} />
      <h2 class="kern-heading-medium" safe>
        {t('complaints.confirmation.next')}
      </h2>
      {p.withEmail ? (
        <>
          <p class="kern-body" safe>
            {t('complaints.confirmation.mail')}
          </p>
          <p class="kern-body" safe>
            {t('complaints.confirmation.ack', { date: formatDate(p.ackDueAt, p.locale, 'date') })}
          </p>
          <p class="kern-body" safe>
            {t('complaints.confirmation.answer', { date: formatDate(p.answerDueAt, p.locale, 'date') })}
          </p>
        </>
      ) : (
        <p class="kern-body" safe>
          {t('complaints.confirmation.anonymous')}
        </p>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/" safe>
          {t('complaints.confirmation.home')}
        </a>
      </p>
    </>
  );
}
