/**
 * A report taken by phone or at the counter (/verwaltung/maengel/neu). First
 * the category (its questions differ), then place, description, answers and
 * the caller's contact; it goes through the same intake as the web form.
 */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { Button, CheckboxGroup, CsrfField, ErrorSummary, RadioGroup, Select, SummaryList, TextInput, Textarea, type FieldError } from '../../../../core/ui/components.tsx';
import type { Category } from '../../reports.service.ts';
import type { CategoryAttribute } from '../../schema.ts';
import { NEW_PATH } from './shared.tsx';

/** Form field of a category question. */
export const attributeField = (code: string): string => `attr-${code}`;

export interface NewReportProps {
  t: Translate;
  locale: Locale;
  categories: Category[];
  category: Category | null;
  csrfToken: string;
  errors: FieldError[];
  values: Record<string, string | string[]>;
}

const text = (values: NewReportProps['values'], name: string): string => {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

function AttributeInput({ t, locale, def, values, error }: { t: Translate; locale: Locale; def: CategoryAttribute; values: NewReportProps['values']; error?: string }): JSX.Element {
  const name = attributeField(def.code);
  const label = def.description[locale];
  const hint = def.hint?.[locale];
  const common = { t, name, label, required: def.required, ...(hint ? { hint } : {}), ...(error ? { error } : {}) };
  const options = (def.values ?? []).map((v) => ({ value: v.key, label: v.name[locale] }));
  switch (def.datatype) {
    case 'singlevaluelist':
      return <RadioGroup {...common} options={options} value={text(values, name)} />;
    case 'multivaluelist': {
      const v = values[name];
      return <CheckboxGroup {...common} options={options} values={Array.isArray(v) ? v : v ? [v] : []} />;
    }
    case 'text':
      return <Textarea {...common} rows={3} maxlength={2000} value={text(values, name)} />;
    case 'number':
      return <TextInput {...common} inputmode="decimal" value={text(values, name)} />;
    case 'datetime':
      return <TextInput {...common} hint={hint ?? t('reportsStaff.new.dateHint')} value={text(values, name)} />;
    default:
      return <TextInput {...common} maxlength={200} value={text(values, name)} />;
  }
}

function CategoryStep(p: NewReportProps): JSX.Element {
  const { t, locale } = p;
  const error = p.errors.find((e) => e.field === 'kategorie')?.message;
  return (
    <form method="get" action={NEW_PATH}>
      <Select t={t} name="kategorie" label={t('reports.field.category')} required error={error} options={p.categories.map((c) => ({ value: c.id, label: c.group ? `${c.group}: ${c.name[locale]}` : c.name[locale] }))} />
      <Button label={t('reportsStaff.new.next')} />
    </form>
  );
}

function DetailsStep(p: NewReportProps & { category: Category }): JSX.Element {
  const { t, locale, category } = p;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  return (
    <>
      <SummaryList t={t} rows={[{ key: t('reports.field.category'), value: category.name[locale], changeHref: NEW_PATH, changeLabel: t('reportsStaff.new.changeCategory') }]} />
      <form method="post" action={NEW_PATH} novalidate>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="kategorie" value={category.id} />
        <h2 class="kern-heading-medium" safe>
          {t('reportsStaff.section.place')}
        </h2>
        <TextInput t={t} name="address" label={t('reportsStaff.field.address')} hint={t('reportsStaff.new.addressHint')} maxlength={300} value={text(p.values, 'address')} error={error('address') ?? error('location')} />
        <TextInput t={t} name="lat" label={t('reportsStaff.new.lat')} hint={t('reportsStaff.new.latHint')} inputmode="decimal" maxlength={20} value={text(p.values, 'lat')} error={error('lat')} />
        <TextInput t={t} name="lng" label={t('reportsStaff.new.lng')} inputmode="decimal" maxlength={20} value={text(p.values, 'lng')} error={error('lng')} />
        <h2 class="kern-heading-medium" safe>
          {t('reportsStaff.section.description')}
        </h2>
        <Textarea t={t} name="description" label={t('reportsStaff.new.description')} required rows={5} maxlength={4000} value={text(p.values, 'description')} error={error('description')} />
        {category.attributes.map((def) => (
          <AttributeInput t={t} locale={locale} def={def} values={p.values} error={error(attributeField(def.code))} />
        ))}
        <h2 class="kern-heading-medium" safe>
          {t('reportsStaff.section.reporter')}
        </h2>
        <p class="kern-hint" safe>
          {t('reportsStaff.new.contactHint')}
        </p>
        <TextInput t={t} name="name" label={t('reportsStaff.field.name')} autocomplete="off" maxlength={120} value={text(p.values, 'name')} error={error('name')} />
        <TextInput t={t} name="email" type="email" label={t('reportsStaff.field.email')} autocomplete="off" spellcheck={false} maxlength={254} value={text(p.values, 'email')} error={error('email')} />
        <TextInput t={t} name="phone" type="tel" label={t('reports.field.phone')} autocomplete="off" maxlength={40} value={text(p.values, 'phone')} error={error('phone')} />
        <RadioGroup
          t={t}
          name="locale"
          label={t('reportsStaff.field.language')}
          inline
          value={text(p.values, 'locale') || 'de'}
          options={[
            { value: 'de', label: t('reportsStaff.language.de') },
            { value: 'en', label: t('reportsStaff.language.en') },
          ]}
        />
        <Button label={t('reportsStaff.new.submit')} />
      </form>
    </>
  );
}

export function NewReportPage(p: NewReportProps): JSX.Element {
  const { t } = p;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reportsStaff.new.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reportsStaff.new.lead')}
      </p>
      {p.category ? <DetailsStep {...p} category={p.category} /> : <CategoryStep {...p} />}
    </>
  );
}
