/** Redaktion back office: the list of services and the edit form. */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../../core/http/validation.ts';
import { Button, ButtonGroup, ButtonLink, CheckboxGroup, CsrfField, DataTable, ErrorSummary, RadioGroup, Select, StatusTag, TextInput, Textarea, trusted } from '../../../../core/ui/components.tsx';
import type { CatalogService, CatalogServiceSummary } from '../catalog.service.ts';
import { feeField, type EditFormState } from '../forms.ts';
import { LEBENSLAGEN, lebenslageLabel } from '../lebenslagen.ts';
import type { ProcessingFormState } from '../processing.ts';
import { PAYMENT_POLICIES } from '../schema.ts';
import { servicePath } from './parts.tsx';

export const staffServicePath = (slug: string): string => `/verwaltung/leistungen/${encodeURIComponent(slug)}`;

export function StaffListPage({ t, services }: { t: Translate; services: readonly CatalogServiceSummary[] }): JSX.Element {
  const rows = services.map((s) => [
    trusted(
      <a class="kern-link" href={staffServicePath(s.slug)}>
        <span safe>{s.title}</span>
        <span class="kern-sr-only" safe>
          {` – ${t('catalog.staff.edit')}`}
        </span>
      </a>,
    ),
    t(`catalog.mode.${s.onlineMode}`),
    s.feeBased ? `€ ${t('catalog.staff.feeBased')}` : t('catalog.staff.free'),
    trusted(<StatusTag label={s.active ? t('catalog.staff.active') : t('catalog.staff.inactive')} tone={s.active ? 'success' : 'neutral'} />),
  ]);
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {t('catalog.staff.title')}
      </h1>
      <p class="kern-body" safe>
        {t('catalog.staff.lead')}
      </p>
      <DataTable caption={t('catalog.staff.table')} head={[t('catalog.staff.col.title'), t('catalog.staff.col.mode'), t('catalog.staff.col.fees'), t('catalog.staff.col.status')]} rows={rows} rowHeaders id="leistungen" />
    </>
  );
}

export interface EditPageProps {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  service: CatalogService;
  units: readonly { id: string; name: string }[];
  state: EditFormState;
  errors: readonly FieldError[];
  /** The administrators' procedure page of the service; null for the Redaktion. */
  processingHref: string | null;
}

const errorFor = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

function FeeRows({ t, state, errors }: Pick<EditPageProps, 't' | 'state' | 'errors'>): JSX.Element {
  const perOptions = [
    { value: 'copy', label: t('catalog.staff.fees.perCopy') },
    { value: 'additional-copy', label: t('catalog.staff.fees.perAdditionalCopy') },
    { value: 'unit', label: t('catalog.staff.fees.perUnit') },
  ];
  return (
    <>
      <input type="hidden" name="feeRows" value={String(state.fees.length)} />
      {state.fees.map((fee, i) => (
        <fieldset class="kern-fieldset">
          <legend class="kern-label" safe>
            {t('catalog.staff.fees.row', { number: i + 1 })}
          </legend>
          <div class="kern-fieldset__body">
            <TextInput t={t} name={feeField(i, 'label')} label={t('catalog.staff.fees.label')} value={fee.label} maxlength={200} error={errorFor(errors, feeField(i, 'label'))} />
            <TextInput t={t} name={feeField(i, 'amount')} label={t('catalog.staff.fees.amount')} hint={t('catalog.staff.fees.amountHint')} value={fee.amount} inputmode="decimal" width="width-4" error={errorFor(errors, feeField(i, 'amount'))} />
            <Select t={t} name={feeField(i, 'per')} label={t('catalog.staff.fees.per')} options={[{ value: '', label: t('catalog.staff.fees.perOnce') }, ...perOptions]} placeholder={false} value={fee.per} />
            <TextInput t={t} name={feeField(i, 'note')} label={t('catalog.staff.fees.note')} value={fee.note} maxlength={500} error={errorFor(errors, feeField(i, 'note'))} />
          </div>
        </fieldset>
      ))}
    </>
  );
}

export function EditPage(p: EditPageProps): JSX.Element {
  const { t, state, errors } = p;
  const text = state.text;
  const e = (field: string) => errorFor(errors, field);
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-x-large" safe>
        {t('catalog.staff.editTitle', { title: p.service.title })}
      </h1>
      <p class="kern-body">
        <a class="kern-link" href={servicePath(p.service.slug)} safe>
          {t('catalog.staff.editLead', { path: servicePath(p.service.slug) })}
        </a>
      </p>
      {p.processingHref ? (
        <p class="kern-body">
          <a class="kern-link" href={p.processingHref} safe>
            {t('catalog.processing.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="post" action={staffServicePath(p.service.slug)} novalidate>
        <CsrfField token={p.csrfToken} />
        <h2 class="kern-heading-medium" safe>
          {t('catalog.staff.section.texts')}
        </h2>
        <TextInput t={t} name="title" label={t('catalog.staff.field.title')} required value={text.title} maxlength={200} error={e('title')} />
        <Textarea t={t} name="shortDescription" label={t('catalog.staff.field.shortDescription')} hint={t('catalog.staff.field.shortDescriptionHint')} required rows={3} maxlength={500} value={text.shortDescription} error={e('shortDescription')} />
        <Textarea t={t} name="longDescription" label={t('catalog.staff.field.longDescription')} hint={t('catalog.staff.field.longDescriptionHint')} rows={10} maxlength={10000} value={text.longDescription} error={e('longDescription')} />
        <Textarea t={t} name="requirements" label={t('catalog.staff.field.requirements')} rows={4} maxlength={5000} value={text.requirements} error={e('requirements')} />
        <Textarea t={t} name="requiredDocuments" label={t('catalog.staff.field.requiredDocuments')} hint={t('catalog.staff.field.linesHint')} rows={5} value={text.requiredDocuments} error={e('requiredDocuments')} />
        <Textarea t={t} name="processingTime" label={t('catalog.staff.field.processingTime')} rows={2} maxlength={1000} value={text.processingTime} error={e('processingTime')} />
        <Textarea t={t} name="deadlines" label={t('catalog.staff.field.deadlines')} rows={2} maxlength={2000} value={text.deadlines} error={e('deadlines')} />
        <Textarea t={t} name="legalBasis" label={t('catalog.staff.field.legalBasis')} rows={2} maxlength={2000} value={text.legalBasis} error={e('legalBasis')} />
        <h2 class="kern-heading-medium" safe>
          {t('catalog.staff.section.fees')}
        </h2>
        <p class="kern-body" safe>
          {t('catalog.staff.fees.hint')}
        </p>
        <FeeRows t={t} state={state} errors={errors} />
        <Textarea t={t} name="feeExemptions" label={t('catalog.staff.field.feeExemptions')} rows={3} maxlength={2000} value={text.feeExemptions} error={e('feeExemptions')} />
        <h2 class="kern-heading-medium" safe>
          {t('catalog.staff.section.availability')}
        </h2>
        <Select t={t} name="unitId" label={t('catalog.staff.field.unit')} required options={p.units.map((u) => ({ value: u.id, label: u.name }))} value={state.unitId} error={e('unitId')} />
        <RadioGroup
          t={t}
          name="onlineMode"
          label={t('catalog.staff.field.onlineMode')}
          required
          options={(['online', 'online_and_visit', 'visit'] as const).map((mode) => ({ value: mode, label: t(`catalog.mode.${mode}`), hint: t(`catalog.mode.${mode}Text`) }))}
          value={state.onlineMode}
          error={e('onlineMode')}
        />
        <RadioGroup
          t={t}
          name="active"
          label={t('catalog.staff.field.active')}
          required
          options={[
            { value: 'yes', label: t('catalog.staff.field.activeYes') },
            { value: 'no', label: t('catalog.staff.field.activeNo') },
          ]}
          value={state.active}
          error={e('active')}
        />
        <h2 class="kern-heading-medium" safe>
          {t('catalog.staff.section.search')}
        </h2>
        <CheckboxGroup t={t} name="categories" label={t('catalog.staff.field.categories')} options={LEBENSLAGEN.map((l) => ({ value: l.slug, label: lebenslageLabel(l, p.locale) }))} values={state.categories} error={e('categories')} />
        <Textarea t={t} name="synonyms" label={t('catalog.staff.field.synonyms')} hint={t('catalog.staff.field.synonymsHint')} rows={5} value={text.synonyms} error={e('synonyms')} />
        <TextInput t={t} name="leikaKey" label={t('catalog.staff.field.leikaKey')} hint={t('catalog.staff.field.leikaKeyHint')} inputmode="numeric" maxlength={20} spellcheck={false} value={text.leikaKey} error={e('leikaKey')} />
        <ButtonGroup>
          <Button label={t('catalog.staff.save')} />
          <ButtonLink href="/verwaltung/leistungen" variant="tertiary" label={t('catalog.staff.cancel')} />
        </ButtonGroup>
      </form>
    </>
  );
}

export interface ProcessingPageProps {
  t: Translate;
  csrfToken: string;
  service: CatalogService;
  state: ProcessingFormState;
  errors: readonly FieldError[];
  /** The tenant's default retention after closing (days), shown when the service sets none. */
  defaultCaseRetentionDays: number;
}

export const staffProcessingPath = (slug: string): string => `${staffServicePath(slug)}/verfahren`;

/** Administrators: four-eyes release, retention, payment policy and booking targets of one service. */
export function ProcessingPage(p: ProcessingPageProps): JSX.Element {
  const { t, state, errors } = p;
  const e = (field: string) => errorFor(errors, field);
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-x-large" safe>
        {t('catalog.processing.title', { title: p.service.title })}
      </h1>
      <p class="kern-body" safe>
        {t('catalog.processing.lead')}
      </p>
      <form method="post" action={staffProcessingPath(p.service.slug)} novalidate>
        <CsrfField token={p.csrfToken} />
        <h2 class="kern-heading-medium" safe>
          {t('catalog.processing.section.approval')}
        </h2>
        <RadioGroup
          t={t}
          name="fourEyes"
          label={t('catalog.processing.field.fourEyes')}
          hint={t('catalog.processing.field.fourEyesHint')}
          value={state.fourEyes}
          error={e('fourEyes')}
          options={[
            { value: 'no', label: t('catalog.processing.field.fourEyesNo') },
            { value: 'yes', label: t('catalog.processing.field.fourEyesYes') },
          ]}
        />
        <h2 class="kern-heading-medium" safe>
          {t('catalog.processing.section.retention')}
        </h2>
        <TextInput t={t} name="draftRetentionDays" label={t('catalog.processing.field.draftDays')} hint={t('catalog.processing.field.draftDaysHint')} inputmode="numeric" width="width-4" required value={state.draftRetentionDays} error={e('draftRetentionDays')} />
        <TextInput
          t={t}
          name="caseRetentionDays"
          label={t('catalog.processing.field.caseDays')}
          hint={t('catalog.processing.field.caseDaysHint', { days: String(p.defaultCaseRetentionDays) })}
          inputmode="numeric"
          width="width-4"
          value={state.caseRetentionDays}
          error={e('caseRetentionDays')}
        />
        <h2 class="kern-heading-medium" safe>
          {t('catalog.processing.section.payment')}
        </h2>
        <RadioGroup
          t={t}
          name="paymentPolicy"
          label={t('catalog.processing.field.paymentPolicy')}
          hint={t('catalog.processing.field.paymentPolicyHint')}
          value={state.paymentPolicy}
          error={e('paymentPolicy')}
          options={PAYMENT_POLICIES.map((policy) => ({ value: policy, label: t(`catalog.processing.policy.${policy}`) }))}
        />
        <RadioGroup
          t={t}
          name="feeExemption"
          label={t('catalog.processing.field.feeExemption')}
          hint={t('catalog.processing.field.feeExemptionHint')}
          value={state.feeExemption}
          error={e('feeExemption')}
          options={[
            { value: 'no', label: t('catalog.processing.field.feeExemptionNo') },
            { value: 'yes', label: t('catalog.processing.field.feeExemptionYes') },
          ]}
        />
        <TextInput t={t} name="haushaltsstelle" label={t('catalog.processing.field.haushaltsstelle')} hint={t('catalog.processing.field.bookingHint')} maxlength={60} value={state.haushaltsstelle} error={e('haushaltsstelle')} />
        <TextInput t={t} name="produktkonto" label={t('catalog.processing.field.produktkonto')} hint={t('catalog.processing.field.bookingHint')} maxlength={60} value={state.produktkonto} error={e('produktkonto')} />
        <ButtonGroup>
          <Button label={t('catalog.staff.save')} />
          <ButtonLink href={staffServicePath(p.service.slug)} label={t('catalog.processing.back')} />
        </ButtonGroup>
      </form>
    </>
  );
}
