/** The admins' set-up pages: overview, category (with its questions), question, contractor, template. */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { Button, ButtonLink, Checkbox, CsrfField, DataTable, ErrorSummary, Select, TextInput, Textarea, trusted, type FieldError } from '../../../../core/ui/components.tsx';
import type { Category } from '../../reports.service.ts';
import type { CategoryAttribute } from '../../schema.ts';
import { DATATYPES } from '../setup.service.ts';
import type { Option } from '../staff.service.ts';
import { SETUP_PATH } from './shared.tsx';

export const categoryPath = (id: string): string => `${SETUP_PATH}/kategorien/${id}`;
export const attributePath = (categoryId: string, code: string): string => `${categoryPath(categoryId)}/fragen/${code}`;
export const contractorPath = (id: string): string => `${SETUP_PATH}/auftragnehmer/${id}`;
export const templatePath = (id: string): string => `${SETUP_PATH}/vorlagen/${id}`;

interface FormState {
  t: Translate;
  csrfToken: string;
  errors: FieldError[];
  values: Record<string, string>;
}

const errorOf = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

function EditLink({ href, text, name }: { href: string; text: string; name: string }): JSX.Element {
  return (
    <a class="kern-link" href={href}>
      <span safe>{text}</span>
      <span class="kern-sr-only" safe>
        {` ${name}`}
      </span>
    </a>
  );
}

export interface SetupOverviewProps {
  t: Translate;
  locale: Locale;
  categories: Category[];
  units: Option[];
  contractors: { id: string; name: string; email: string; active: boolean }[];
  templates: { id: string; title: string; body: string }[];
}

export function SetupOverview(p: SetupOverviewProps): JSX.Element {
  const { t, locale } = p;
  const unitName = (id: string) => p.units.find((u) => u.id === id)?.name ?? '–';
  const yesNo = (v: boolean) => t(v ? 'reportsStaff.setup.yes' : 'reportsStaff.setup.no');
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('reportsStaff.setup.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reportsStaff.setup.lead')}
      </p>
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.setup.categories')}
      </h2>
      <p class="kern-body">
        <ButtonLink href={`${SETUP_PATH}/kategorien/neu`} label={t('reportsStaff.setup.newCategory')} />
      </p>
      <DataTable
        caption={t('reportsStaff.setup.categoriesCaption')}
        captionHidden
        head={[t('reportsStaff.setup.col.name'), t('reportsStaff.setup.col.code'), t('reportsStaff.setup.col.group'), t('reportsStaff.field.unit'), t('reportsStaff.setup.col.deadline'), t('reportsStaff.setup.col.questions'), t('reportsStaff.setup.col.active'), t('reportsStaff.setup.col.actions')]}
        rows={p.categories.map((c) => [
          c.name[locale],
          c.code,
          c.group || '–',
          unitName(c.unitId),
          t('reportsStaff.setup.days', { n: c.deadlineDays }),
          String(c.attributes.length),
          yesNo(c.active),
          trusted(<EditLink href={categoryPath(c.id)} text={t('reportsStaff.setup.edit')} name={c.name[locale]} />),
        ])}
      />
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.setup.contractors')}
      </h2>
      <p class="kern-body">
        <ButtonLink href={`${SETUP_PATH}/auftragnehmer/neu`} label={t('reportsStaff.setup.newContractor')} />
      </p>
      {p.contractors.length ? (
        <DataTable
          caption={t('reportsStaff.setup.contractorsCaption')}
          captionHidden
          head={[t('reportsStaff.setup.col.name'), t('reportsStaff.field.email'), t('reportsStaff.setup.col.active'), t('reportsStaff.setup.col.actions')]}
          rows={p.contractors.map((c) => [c.name, c.email, yesNo(c.active), trusted(<EditLink href={contractorPath(c.id)} text={t('reportsStaff.setup.edit')} name={c.name} />)])}
        />
      ) : (
        <p class="kern-body" safe>
          {t('reportsStaff.setup.noContractors')}
        </p>
      )}
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.setup.templates')}
      </h2>
      <p class="kern-body">
        <ButtonLink href={`${SETUP_PATH}/vorlagen/neu`} label={t('reportsStaff.setup.newTemplate')} />
      </p>
      {p.templates.length ? (
        <DataTable
          caption={t('reportsStaff.setup.templatesCaption')}
          captionHidden
          head={[t('reportsStaff.setup.col.title'), t('reportsStaff.setup.col.text'), t('reportsStaff.setup.col.actions')]}
          rows={p.templates.map((tpl) => [tpl.title, tpl.body.length > 120 ? `${tpl.body.slice(0, 117)}…` : tpl.body, trusted(<EditLink href={templatePath(tpl.id)} text={t('reportsStaff.setup.edit')} name={tpl.title} />)])}
        />
      ) : (
        <p class="kern-body" safe>
          {t('reportsStaff.setup.noTemplates')}
        </p>
      )}
    </>
  );
}

export interface CategoryFormProps extends FormState {
  locale: Locale;
  category: Category | null;
  units: Option[];
}

export function CategoryFormPage(p: CategoryFormProps): JSX.Element {
  const { t, category, values } = p;
  const err = (f: string) => errorOf(p.errors, f);
  const action = category ? categoryPath(category.id) : `${SETUP_PATH}/kategorien/neu`;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {category ? t('reportsStaff.setup.editCategory', { name: category.name[p.locale] }) : t('reportsStaff.setup.newCategory')}
      </h1>
      <form method="post" action={action} novalidate>
        <CsrfField token={p.csrfToken} />
        {category ? (
          <p class="kern-body" safe>
            {t('reportsStaff.setup.codeFixed', { code: category.code })}
          </p>
        ) : (
          <TextInput t={t} name="code" label={t('reportsStaff.setup.field.code')} hint={t('reportsStaff.setup.field.codeHint')} required maxlength={40} spellcheck={false} value={values.code ?? ''} error={err('code')} />
        )}
        <TextInput t={t} name="nameDe" label={t('reportsStaff.setup.field.nameDe')} required maxlength={100} value={values.nameDe ?? ''} error={err('nameDe')} />
        <TextInput t={t} name="nameEn" label={t('reportsStaff.setup.field.nameEn')} required maxlength={100} value={values.nameEn ?? ''} error={err('nameEn')} />
        <Textarea t={t} name="descriptionDe" label={t('reportsStaff.setup.field.descriptionDe')} rows={2} maxlength={500} value={values.descriptionDe ?? ''} error={err('descriptionDe')} />
        <Textarea t={t} name="descriptionEn" label={t('reportsStaff.setup.field.descriptionEn')} rows={2} maxlength={500} value={values.descriptionEn ?? ''} error={err('descriptionEn')} />
        <TextInput t={t} name="group" label={t('reportsStaff.setup.field.group')} hint={t('reportsStaff.setup.field.groupHint')} maxlength={60} value={values.group ?? ''} error={err('group')} />
        <TextInput t={t} name="keywords" label={t('reportsStaff.setup.field.keywords')} hint={t('reportsStaff.setup.field.keywordsHint')} maxlength={300} value={values.keywords ?? ''} error={err('keywords')} />
        <Select t={t} name="unit" label={t('reportsStaff.field.unit')} required value={values.unit ?? ''} error={err('unit')} options={p.units.map((u) => ({ value: u.id, label: u.name }))} />
        <TextInput t={t} name="deadlineDays" label={t('reportsStaff.setup.field.deadlineDays')} hint={t('reportsStaff.setup.field.deadlineDaysHint')} required inputmode="numeric" width="width-4" value={values.deadlineDays ?? '10'} error={err('deadlineDays')} />
        <TextInput t={t} name="position" label={t('reportsStaff.setup.field.position')} hint={t('reportsStaff.setup.field.positionHint')} inputmode="numeric" width="width-4" value={values.position ?? '0'} error={err('position')} />
        <Checkbox t={t} name="active" label={t('reportsStaff.setup.field.active')} hint={t('reportsStaff.setup.field.activeHint')} checked={values.active === '1'} />
        <Button label={t('reportsStaff.setup.save')} />
      </form>
      {category ? <AttributeList t={t} locale={p.locale} category={category} /> : ''}
      <p class="kern-body">
        <a class="kern-link" href={SETUP_PATH} safe>
          {t('reportsStaff.setup.back')}
        </a>
      </p>
    </>
  );
}

function AttributeList({ t, locale, category }: { t: Translate; locale: Locale; category: Category }): JSX.Element {
  return (
    <>
      <h2 class="kern-heading-medium" safe>
        {t('reportsStaff.setup.questions')}
      </h2>
      <p class="kern-body">
        <ButtonLink href={`${categoryPath(category.id)}/fragen/neu`} label={t('reportsStaff.setup.newQuestion')} />
      </p>
      {category.attributes.length ? (
        <DataTable
          caption={t('reportsStaff.setup.questionsCaption', { name: category.name[locale] })}
          captionHidden
          head={[t('reportsStaff.setup.col.question'), t('reportsStaff.setup.col.code'), t('reportsStaff.setup.col.datatype'), t('reportsStaff.setup.col.required'), t('reportsStaff.setup.col.actions')]}
          rows={category.attributes.map((a) => [
            a.description[locale],
            a.code,
            t(`reportsStaff.setup.datatype.${a.datatype}`),
            t(a.required ? 'reportsStaff.setup.yes' : 'reportsStaff.setup.no'),
            trusted(<EditLink href={attributePath(category.id, a.code)} text={t('reportsStaff.setup.edit')} name={a.description[locale]} />),
          ])}
        />
      ) : (
        <p class="kern-body" safe>
          {t('reportsStaff.setup.noQuestions')}
        </p>
      )}
    </>
  );
}

export interface AttributeFormProps extends FormState {
  locale: Locale;
  category: Category;
  attribute: CategoryAttribute | null;
}

export function AttributeFormPage(p: AttributeFormProps): JSX.Element {
  const { t, category, attribute, values } = p;
  const err = (f: string) => errorOf(p.errors, f);
  const action = attribute ? attributePath(category.id, attribute.code) : `${categoryPath(category.id)}/fragen/neu`;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {attribute ? t('reportsStaff.setup.editQuestion', { code: attribute.code }) : t('reportsStaff.setup.newQuestionFor', { name: category.name[p.locale] })}
      </h1>
      <form method="post" action={action} novalidate>
        <CsrfField token={p.csrfToken} />
        {attribute ? (
          <p class="kern-body" safe>
            {t('reportsStaff.setup.codeFixed', { code: attribute.code })}
          </p>
        ) : (
          <TextInput t={t} name="code" label={t('reportsStaff.setup.field.attributeCode')} hint={t('reportsStaff.setup.field.attributeCodeHint')} required maxlength={40} spellcheck={false} value={values.code ?? ''} error={err('code')} />
        )}
        <Select t={t} name="datatype" label={t('reportsStaff.setup.field.datatype')} required value={values.datatype ?? ''} error={err('datatype')} options={DATATYPES.map((d) => ({ value: d, label: t(`reportsStaff.setup.datatype.${d}`) }))} />
        <Checkbox t={t} name="required" label={t('reportsStaff.setup.field.required')} checked={values.required === '1'} />
        <TextInput t={t} name="order" label={t('reportsStaff.setup.field.order')} required inputmode="numeric" width="width-4" value={values.order ?? '1'} error={err('order')} />
        <TextInput t={t} name="descriptionDe" label={t('reportsStaff.setup.field.questionDe')} required maxlength={300} value={values.descriptionDe ?? ''} error={err('descriptionDe')} />
        <TextInput t={t} name="descriptionEn" label={t('reportsStaff.setup.field.questionEn')} required maxlength={300} value={values.descriptionEn ?? ''} error={err('descriptionEn')} />
        <TextInput t={t} name="hintDe" label={t('reportsStaff.setup.field.hintDe')} maxlength={300} value={values.hintDe ?? ''} error={err('hintDe')} />
        <TextInput t={t} name="hintEn" label={t('reportsStaff.setup.field.hintEn')} maxlength={300} value={values.hintEn ?? ''} error={err('hintEn')} />
        <Textarea t={t} name="values" label={t('reportsStaff.setup.field.values')} hint={t('reportsStaff.setup.field.valuesHint')} rows={6} maxlength={4000} spellcheck={false} value={values.values ?? ''} error={err('values')} />
        <Button label={t('reportsStaff.setup.save')} />
      </form>
      {attribute ? (
        <form method="post" action={`${attributePath(category.id, attribute.code)}/loeschen`}>
          <CsrfField token={p.csrfToken} />
          <Button variant="secondary" label={t('reportsStaff.setup.removeQuestion')} />
        </form>
      ) : (
        ''
      )}
      <p class="kern-body">
        <a class="kern-link" href={categoryPath(category.id)} safe>
          {t('reportsStaff.setup.backToCategory', { name: category.name[p.locale] })}
        </a>
      </p>
    </>
  );
}

export function ContractorFormPage(p: FormState & { contractor: { id: string; name: string } | null }): JSX.Element {
  const { t, values } = p;
  const err = (f: string) => errorOf(p.errors, f);
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {p.contractor ? t('reportsStaff.setup.editContractor', { name: p.contractor.name }) : t('reportsStaff.setup.newContractor')}
      </h1>
      <form method="post" action={p.contractor ? contractorPath(p.contractor.id) : `${SETUP_PATH}/auftragnehmer/neu`} novalidate>
        <CsrfField token={p.csrfToken} />
        <TextInput t={t} name="name" label={t('reportsStaff.setup.field.contractorName')} required maxlength={120} value={values.name ?? ''} error={err('name')} />
        <TextInput t={t} name="email" type="email" label={t('reportsStaff.field.email')} hint={t('reportsStaff.setup.field.contractorEmailHint')} required spellcheck={false} maxlength={254} value={values.email ?? ''} error={err('email')} />
        <Checkbox t={t} name="active" label={t('reportsStaff.setup.field.contractorActive')} checked={values.active === '1'} />
        <Button label={t('reportsStaff.setup.save')} />
      </form>
      <p class="kern-body">
        <a class="kern-link" href={SETUP_PATH} safe>
          {t('reportsStaff.setup.back')}
        </a>
      </p>
    </>
  );
}

export function TemplateFormPage(p: FormState & { template: { id: string; title: string } | null }): JSX.Element {
  const { t, values } = p;
  const err = (f: string) => errorOf(p.errors, f);
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {p.template ? t('reportsStaff.setup.editTemplate', { title: p.template.title }) : t('reportsStaff.setup.newTemplate')}
      </h1>
      <form method="post" action={p.template ? templatePath(p.template.id) : `${SETUP_PATH}/vorlagen/neu`} novalidate>
        <CsrfField token={p.csrfToken} />
        <TextInput t={t} name="title" label={t('reportsStaff.setup.field.templateTitle')} required maxlength={120} value={values.title ?? ''} error={err('title')} />
        <Textarea t={t} name="body" label={t('reportsStaff.setup.field.templateBody')} hint={t('reportsStaff.setup.field.templateBodyHint')} required rows={6} maxlength={4000} value={values.body ?? ''} error={err('body')} />
        <TextInput t={t} name="position" label={t('reportsStaff.setup.field.position')} inputmode="numeric" width="width-4" value={values.position ?? '0'} error={err('position')} />
        <Button label={t('reportsStaff.setup.save')} />
      </form>
      {p.template ? (
        <form method="post" action={`${templatePath(p.template.id)}/loeschen`}>
          <CsrfField token={p.csrfToken} />
          <Button variant="secondary" label={t('reportsStaff.setup.removeTemplate')} />
        </form>
      ) : (
        ''
      )}
      <p class="kern-body">
        <a class="kern-link" href={SETUP_PATH} safe>
          {t('reportsStaff.setup.back')}
        </a>
      </p>
    </>
  );
}
