/**
 * One page of an application as a complete form. Only fields that apply to
 * the current answers are rendered (conditions are decided on the server);
 * the buttons that add or remove group items and uploaded files are plain
 * submit buttons, so everything works without JavaScript.
 */
import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { Button, ButtonGroup, ButtonLink, Checkbox, CheckboxGroup, CsrfField, DateInput, Details, ErrorSummary, FileInput, RadioGroup, Select, TextInput, Textarea, fieldId, type Option } from '../../../core/ui/components.tsx';
import type { UploadKind } from '../../../core/files/uploads.ts';
import { addDays, formatIban, minusYears, todayInBerlin, type IsoDate } from './checks.ts';
import { ADDRESS_PARTS, addressPartName, fieldToInput, fileRefsOf, inputNames, itemLabel, repeatInputName, repeatItemCount, type AddressPart, type FieldContext } from './fields.ts';
import { formText } from './messages.ts';
import { getPage, resolve } from './navigation.ts';
import type { AddressField, Answers, DateField, FieldDef, FileField, FileRef, FormDefinition, FormError, OptionDef, RepeatField, SubField } from './types.ts';

export interface RenderPageOptions {
  /** The request's translator (for the shared components' texts). */
  t: Translate;
  locale: Locale;
  answers: Answers;
  /** Errors of this page (from parsePage, or validateAll filtered by pageId). */
  errors: readonly FormError[];
  csrfToken: string;
  /** The form's action URL. */
  action: string;
  backHref?: string;
  /** Uploaded files as the draft store lists them; when given they replace the lists in the answers. */
  files?: readonly { fileId: string; fieldId: string; filename: string; size: number }[];
  /** Text of the primary button; default "Weiter". */
  submitLabel?: string;
  /**
   * Dates the journey offers for a date field (e.g. Sperrmüll pickup days with
   * capacity left): rendered as radio buttons instead of a date input.
   */
  dateChoices?: Readonly<Record<string, readonly { value: IsoDate; label: string }[]>>;
  /** Today in Europe/Berlin, for the min/max hints of date inputs. */
  today?: IsoDate;
}

interface RenderContext {
  t: Translate;
  ft: Translate;
  locale: Locale;
  values: Record<string, string | string[]>;
  errors: readonly FormError[];
  answers: Answers;
  files: Map<string, FileRef[]> | null;
  dateChoices: RenderPageOptions['dateChoices'];
  today: IsoDate;
}

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const errorAt = (ctx: RenderContext, name: string): string | undefined => ctx.errors.find((e) => e.field === name)?.message;
const options = (list: readonly OptionDef[], locale: Locale): Option[] => list.map((o) => ({ value: o.value, label: o.label[locale], ...(o.hint ? { hint: o.hint[locale] } : {}) }));

const MIME: Record<UploadKind, string> = { pdf: 'application/pdf,.pdf', jpeg: 'image/jpeg,.jpg,.jpeg', png: 'image/png,.png' };
const KIND_NAME: Record<UploadKind, string> = { pdf: 'PDF', jpeg: 'JPG', png: 'PNG' };

function Why({ ctx, field }: { ctx: RenderContext; field: FieldDef | SubField }): JSX.Element {
  if (!field.why) return '';
  return (
    <Details summary={ctx.ft('forms.why')}>
      <p class="kern-body" safe>
        {field.why[ctx.locale]}
      </p>
    </Details>
  );
}

function dateBounds(field: DateField, today: IsoDate): { min?: string; max?: string } {
  const r = field.rules ?? {};
  const mins = [r.future ? addDays(today, 1) : undefined, r.notPast ? today : undefined, r.maxYearsAgo !== undefined ? minusYears(today, r.maxYearsAgo) : undefined].filter((d): d is string => !!d);
  const maxs = [r.past ? addDays(today, -1) : undefined, r.notFuture ? today : undefined, r.minAgeYears !== undefined ? minusYears(today, r.minAgeYears) : undefined, r.maxDaysAhead !== undefined ? addDays(today, r.maxDaysAhead) : undefined].filter((d): d is string => !!d);
  return { ...(mins.length ? { min: mins.sort().at(-1) } : {}), ...(maxs.length ? { max: maxs.sort()[0] } : {}) };
}

function AddressInputs({ ctx, field, name, label }: { ctx: RenderContext; field: AddressField; name: string; label: string }): JSX.Element {
  const section = field.autofill === 'shipping' ? 'shipping ' : '';
  const auto = (token: string): string => (field.autofill === 'off' ? 'off' : section + token);
  const parts: { part: AddressPart; token: string; width?: 'width-4'; inputmode?: 'numeric' }[] = [
    { part: 'street', token: 'address-line1' },
    { part: 'houseNumber', token: 'off', width: 'width-4' },
    { part: 'addition', token: 'address-line2' },
    { part: 'plz', token: 'postal-code', width: 'width-4', inputmode: 'numeric' },
    { part: 'city', token: 'address-level2' },
  ];
  return (
    <fieldset class="kern-fieldset" id={`${fieldId(name)}-fieldset`} aria-describedby={field.hint ? `${fieldId(name)}-hint` : undefined}>
      <legend class="kern-label" safe>
        {label}
      </legend>
      {field.hint ? (
        <div class="kern-hint" id={`${fieldId(name)}-hint`} safe>
          {field.hint[ctx.locale]}
        </div>
      ) : (
        ''
      )}
      <div class="kern-fieldset__body">
        {parts
          .filter((p) => p.part !== 'addition' || field.withAddition)
          .map((p) => {
            const partName = addressPartName(name, p.part);
            const isAddition = p.part === 'addition';
            return (
              <TextInput
                t={ctx.t}
                name={partName}
                label={ctx.ft(`forms.address.${p.part}`)}
                hint={isAddition ? ctx.ft('forms.address.additionHint') : undefined}
                required={!isAddition && field.required}
                value={first(ctx.values[partName])}
                error={errorAt(ctx, partName)}
                autocomplete={p.token === 'off' ? (field.autofill === 'off' ? 'off' : undefined) : auto(p.token)}
                width={p.width}
                inputmode={p.inputmode}
              />
            );
          })}
      </div>
    </fieldset>
  );
}

/** A field that is not a file upload or a group, under a given input name. */
function ScalarField({ ctx, field, name, label }: { ctx: RenderContext; field: SubField; name: string; label: string }): JSX.Element {
  const hint = field.hint?.[ctx.locale];
  const common = { t: ctx.t, name, label, hint, required: field.required, error: errorAt(ctx, name) };
  const value = first(ctx.values[name]);
  switch (field.kind) {
    case 'text':
      return <TextInput {...common} value={value} autocomplete={field.autocomplete} inputmode={field.inputmode} width={field.width} />;
    case 'email':
      return <TextInput {...common} type="email" value={value} autocomplete={field.autocomplete ?? 'email'} spellcheck={false} />;
    case 'phone':
      return <TextInput {...common} type="tel" value={value} autocomplete={field.autocomplete ?? 'tel'} />;
    case 'number':
      return <TextInput {...common} value={value} inputmode={field.integer === false ? 'decimal' : 'numeric'} width={field.width ?? 'width-4'} />;
    case 'iban':
      return <TextInput {...common} hint={hint ?? ctx.ft('forms.iban.hint')} value={/^DE\d{20}$/.test(value) ? formatIban(value) : value} spellcheck={false} autocomplete="off" />;
    case 'textarea':
      return <Textarea {...common} value={value} rows={field.rows ?? 5} />;
    case 'select':
      return <Select {...common} value={value} options={options(field.options, ctx.locale)} autocomplete={field.autocomplete} />;
    case 'radio':
      return <RadioGroup {...common} value={value} options={options(field.options, ctx.locale)} inline={field.inline} />;
    case 'checkbox':
      return <Checkbox {...common} value="yes" checked={value === 'yes'} />;
    case 'checkboxes': {
      const raw = ctx.values[name];
      return <CheckboxGroup {...common} values={Array.isArray(raw) ? raw : raw ? [raw] : []} options={options(field.options, ctx.locale)} />;
    }
    case 'address':
      return <AddressInputs ctx={ctx} field={field} name={name} label={label} />;
    case 'date': {
      const choices = ctx.dateChoices?.[name];
      if (choices) return <RadioGroup {...common} value={value} options={choices.map((c) => ({ value: c.value, label: c.label }))} />;
      const bounds = dateBounds(field, ctx.today);
      return <DateInput {...common} hint={hint ?? ctx.ft('forms.date.hint')} value={value} min={bounds.min} max={bounds.max} autocomplete={field.autocomplete} />;
    }
  }
}

function FileUpload({ ctx, field }: { ctx: RenderContext; field: FileField }): JSX.Element {
  const refs = ctx.files?.get(field.id) ?? fileRefsOf(ctx.answers[field.id]);
  const kinds = field.accept.map((k) => KIND_NAME[k]).join(', ');
  const rule = field.maxFiles === 1 ? ctx.ft('forms.file.acceptOne', { kinds }) : ctx.ft('forms.file.accept', { kinds, max: field.maxFiles });
  const error = errorAt(ctx, field.id);
  const full = refs.length >= field.maxFiles && !error;
  return (
    <div class="rathaus-upload">
      {refs.length === 0 ? (
        ''
      ) : (
        <div class="kern-form-input">
          <p class="kern-label" safe>
            {`${field.label[ctx.locale]}: ${ctx.ft('forms.file.uploaded')}`}
          </p>
          <ul class="kern-list">
            {refs.map((ref) => (
              <li>
                <span safe>{ref.filename}</span>{' '}
                <span safe>{`(${ctx.ft('forms.file.size', { size: Math.max(1, Math.round(ref.size / 1024)) })})`}</span>{' '}
                <Button variant="tertiary" name="remove-file" value={ref.fileId} formnovalidate>
                  <span safe>{ctx.ft('forms.file.remove')}</span>
                  <span class="kern-sr-only" safe>
                    {`: ${ref.filename}`}
                  </span>
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {full ? (
        ''
      ) : (
        <FileInput
          t={ctx.t}
          name={field.id}
          label={field.label[ctx.locale]}
          hint={[field.hint?.[ctx.locale], rule].filter(Boolean).join(' ')}
          required={field.required && refs.length === 0}
          error={error}
          accept={field.accept.map((k) => MIME[k]).join(',')}
          multiple={field.maxFiles - refs.length > 1}
        />
      )}
    </div>
  );
}

function RepeatGroup({ ctx, field }: { ctx: RenderContext; field: RepeatField }): JSX.Element {
  const count = repeatItemCount(field, ctx.answers[field.id]);
  const fctx: FieldContext = { locale: ctx.locale, t: ctx.ft, today: ctx.today };
  const groupError = errorAt(ctx, field.id);
  return (
    <fieldset class={groupError ? 'kern-fieldset kern-fieldset--error' : 'kern-fieldset'} id={fieldId(field.id)} tabindex="-1" aria-describedby={field.hint ? `${fieldId(field.id)}-hint` : undefined}>
      <legend class="kern-label" safe>
        {field.label[ctx.locale]}
      </legend>
      {field.hint ? (
        <div class="kern-hint" id={`${fieldId(field.id)}-hint`} safe>
          {field.hint[ctx.locale]}
        </div>
      ) : (
        ''
      )}
      {groupError ? (
        <p class="kern-error">
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <span class="kern-body" safe>
            {groupError}
          </span>
        </p>
      ) : (
        ''
      )}
      {count === 0 ? (
        <p class="kern-body" safe>
          {ctx.ft('forms.repeat.none')}
        </p>
      ) : (
        ''
      )}
      {Array.from({ length: count }, (_, index) => {
        const heading = itemLabel(field, index, fctx);
        return (
          <fieldset class="kern-fieldset rathaus-repeat__item">
            <legend class="kern-title" safe>
              {heading}
            </legend>
            <div class="kern-fieldset__body">
              {field.fields.map((sub) => (
                <>
                  <ScalarField ctx={ctx} field={sub} name={repeatInputName(field.id, index, sub.id)} label={sub.label[ctx.locale]} />
                  <Why ctx={ctx} field={sub} />
                </>
              ))}
            </div>
            {count > field.minItems ? (
              <Button variant="secondary" name="repeat-remove" value={`${field.id}:${index}`} formnovalidate label={ctx.ft('forms.repeat.remove', { item: field.itemLabel[ctx.locale], number: index + 1 })} />
            ) : (
              ''
            )}
          </fieldset>
        );
      })}
      {count < field.maxItems ? <Button variant="secondary" name="repeat-add" value={field.id} formnovalidate label={field.addLabel[ctx.locale]} /> : ''}
    </fieldset>
  );
}

function Field({ ctx, field }: { ctx: RenderContext; field: FieldDef }): JSX.Element {
  const body =
    field.kind === 'file' ? <FileUpload ctx={ctx} field={field} /> : field.kind === 'repeat' ? <RepeatGroup ctx={ctx} field={field} /> : <ScalarField ctx={ctx} field={field} name={field.id} label={field.label[ctx.locale]} />;
  return (
    <>
      {body}
      <Why ctx={ctx} field={field} />
    </>
  );
}

/** Ids (`field-<x>`) that exist on the rendered page, so every error summary link has a target. */
export function errorTargets(fields: readonly FieldDef[], answers: Answers, files?: Map<string, FileRef[]> | null): Set<string> {
  const targets = new Set<string>();
  for (const field of fields) {
    if (field.kind === 'repeat') {
      targets.add(field.id);
      const count = repeatItemCount(field, answers[field.id]);
      for (let i = 0; i < count; i++) for (const sub of field.fields) for (const n of inputNames(sub, repeatInputName(field.id, i, sub.id))) targets.add(n);
    } else if (field.kind === 'address') {
      for (const part of ADDRESS_PARTS) if (part !== 'addition' || field.withAddition) targets.add(addressPartName(field.id, part));
    } else if (field.kind === 'file') {
      const refs = files?.get(field.id) ?? fileRefsOf(answers[field.id]);
      if (refs.length < field.maxFiles) targets.add(field.id);
    } else targets.add(field.id);
  }
  return targets;
}

/**
 * The page `pageId` as a complete form: error summary, caption and the single
 * `<h1>`, intro, the fields that apply, "Weiter" and "Zurück". Throws for a
 * page the definition does not have (check with `isPageVisible` first).
 */
export function renderPage(def: FormDefinition, pageId: string, options: RenderPageOptions): JSX.Element {
  const page = getPage(def, pageId);
  if (!page) throw new Error(`form ${def.id} has no page "${pageId}"`);
  const resolved = resolve(def, options.answers);
  const fields = resolved.pages.find((p) => p.page.id === pageId)?.fields ?? [];
  // parsePage keeps what was typed (invalid values included), so this re-renders it.
  const pageAnswers = resolved.answers;
  const values: Record<string, string | string[]> = {};
  for (const field of fields) fieldToInput(field, pageAnswers[field.id], values);
  const files = options.files ? groupFiles(options.files) : null;
  const targets = errorTargets(fields, pageAnswers, files);
  const errors = options.errors.filter((e) => targets.has(e.field));
  const ctx: RenderContext = {
    t: options.t,
    ft: formText(options.locale),
    locale: options.locale,
    values,
    errors,
    answers: pageAnswers,
    files,
    dateChoices: options.dateChoices,
    today: options.today ?? todayInBerlin(),
  };
  const hasInnerButtons = fields.some((f) => f.kind === 'repeat' || f.kind === 'file');
  const submitLabel = options.submitLabel ?? ctx.ft('forms.continue');
  return (
    <>
      <ErrorSummary t={options.t} errors={errors} />
      <p class="kern-preline" safe>
        {def.title[options.locale]}
      </p>
      <h1 class="kern-heading-large" safe>
        {page.title[options.locale]}
      </h1>
      {page.intro ? (
        <p class="kern-body" safe>
          {page.intro[options.locale]}
        </p>
      ) : (
        ''
      )}
      <form method="post" action={options.action} enctype="multipart/form-data" novalidate>
        <CsrfField token={options.csrfToken} />
        {hasInnerButtons ? (
          // Enter in a text field presses the first submit button of the form: make that "Weiter", not "Entfernen".
          <button type="submit" class="kern-sr-only" name="action" value="continue" tabindex="-1" aria-hidden="true" safe>
            {submitLabel}
          </button>
        ) : (
          ''
        )}
        {fields.map((field) => (
          <Field ctx={ctx} field={field} />
        ))}
        <ButtonGroup>
          <Button name="action" value="continue" label={submitLabel} />
          {options.backHref ? <ButtonLink href={options.backHref} variant="secondary" label={ctx.ft('forms.back')} /> : ''}
        </ButtonGroup>
      </form>
    </>
  );
}

function groupFiles(files: NonNullable<RenderPageOptions['files']>): Map<string, FileRef[]> {
  const map = new Map<string, FileRef[]>();
  for (const f of files) map.set(f.fieldId, [...(map.get(f.fieldId) ?? []), { fileId: f.fileId, filename: f.filename, size: f.size }]);
  return map;
}
