/**
 * Form and content building blocks, following the GOV.UK Design System
 * patterns (error summary, hint and error wiring, check-your-answers, panel)
 * on KERN UX classes wherever KERN has the component.
 *
 * Escaping: every `string` prop is data and gets escaped here. Markup is only
 * accepted as component children (checked by xss-scan at the call site) or
 * wrapped explicitly with `trusted()`.
 */
import { escapeHtml, type Children } from '@kitajs/html';
import type { Translate } from '../i18n/i18n.ts';

/** Markup the caller vouches for (already escaped, e.g. rendered JSX). */
export interface TrustedHtml {
  readonly trustedHtml: JSX.Element;
}

export function trusted(html: JSX.Element): TrustedHtml {
  return { trustedHtml: html };
}

/** Text or trusted markup: strings are escaped, `trusted()` markup is not. */
export type Content = string | TrustedHtml;

function render(content: Content): JSX.Element {
  return typeof content === 'string' ? escapeHtml(content) : content.trustedHtml;
}

export const fieldId = (name: string): string => `field-${name}`;

function classes(...names: (string | false | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const value = ids.filter(Boolean).join(' ');
  return value === '' ? undefined : value;
}

// ---------------------------------------------------------------- errors

export interface FieldError {
  field: string;
  message: string;
}

/**
 * GOV.UK error summary: focused on load by app.js, links jump to the fields
 * (or to `href`, e.g. the page of a journey where the problem is fixed).
 */
export function ErrorSummary({ t, errors }: { t: Translate; errors: readonly (FieldError & { href?: string })[] }): JSX.Element {
  if (errors.length === 0) return '';
  return (
    <div class="kern-alert kern-alert--danger rathaus-error-summary" id="error-summary" tabindex="-1">
      <div role="alert">
        <div class="kern-alert__header">
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <h2 class="kern-title" safe>
            {t('ui.errorSummary.title')}
          </h2>
        </div>
        <div class="kern-alert__body">
          <ul class="kern-list rathaus-error-summary__list">
            {errors.map((error) => (
              <li>
                <a class="kern-link" href={error.href ?? `#${fieldId(error.field)}`} safe>
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------- field parts

interface FieldBase {
  t: Translate;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

function RequiredMark({ t, required }: { t: Translate; required?: boolean }): JSX.Element {
  if (!required) return '';
  return (
    <span class="kern-label__optional" safe>
      {' ' + t('ui.field.required')}
    </span>
  );
}

function Hint({ id, hint }: { id: string; hint?: string }): JSX.Element {
  if (!hint) return '';
  return (
    <div class="kern-hint" id={id} safe>
      {hint}
    </div>
  );
}

/** GOV.UK: a page shown again with errors says so first in its title ("Fehler: …"). */
export function titled(t: Translate, title: string, errors: readonly unknown[]): string {
  return errors.length > 0 ? `${t('ui.field.errorPrefix')} ${title}` : title;
}

/** The error repeated at the field, above the input, with a hidden prefix for screen readers. */
export function FieldErrorMessage({ t, id, error }: { t: Translate; id: string; error?: string }): JSX.Element {
  if (!error) return '';
  return (
    <p class="kern-error" id={id}>
      <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
      <span class="kern-body">
        <span class="kern-sr-only" safe>
          {t('ui.field.errorPrefix') + ' '}
        </span>
        {escapeHtml(error)}
      </span>
    </p>
  );
}

function ids(name: string, hint?: string, error?: string) {
  const id = fieldId(name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return { id, hintId, errorId, describedBy: describedBy(hint && hintId, error && errorId) };
}

function Label({ t, id, label, required }: { t: Translate; id: string; label: string; required?: boolean }) {
  return (
    <label class="kern-label" for={id}>
      {escapeHtml(label)}
      <RequiredMark t={t} required={required} />
    </label>
  );
}

// ---------------------------------------------------------------- text inputs

export interface TextInputProps extends FieldBase {
  value?: string;
  type?: 'text' | 'email' | 'tel' | 'url' | 'number' | 'password' | 'search';
  autocomplete?: string;
  inputmode?: 'none' | 'text' | 'decimal' | 'numeric' | 'tel' | 'search' | 'email' | 'url';
  spellcheck?: boolean;
  maxlength?: number;
  /** KERN's fixed widths for short values (postcode: 'width-4'). */
  width?: 'width-2' | 'width-4';
}

export function TextInput(props: TextInputProps): JSX.Element {
  const f = ids(props.name, props.hint, props.error);
  return (
    <div class={classes('kern-form-input', props.error && 'kern-form-input--error')}>
      <Label t={props.t} id={f.id} label={props.label} required={props.required} />
      <Hint id={f.hintId} hint={props.hint} />
      <FieldErrorMessage t={props.t} id={f.errorId} error={props.error} />
      <input
        class={classes(
          'kern-form-input__input',
          props.width && `kern-form-input__input--${props.width}`,
          props.error && 'kern-form-input__input--error',
        )}
        id={f.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        spellcheck={props.spellcheck === undefined ? undefined : String(props.spellcheck)}
        maxlength={props.maxlength}
        aria-describedby={f.describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

export interface DateInputProps extends FieldBase {
  /** ISO date `YYYY-MM-DD`. */
  value?: string;
  min?: string;
  max?: string;
  autocomplete?: string;
}

export function DateInput(props: DateInputProps): JSX.Element {
  const f = ids(props.name, props.hint, props.error);
  return (
    <div class={classes('kern-form-input', props.error && 'kern-form-input--error')}>
      <Label t={props.t} id={f.id} label={props.label} required={props.required} />
      <Hint id={f.hintId} hint={props.hint} />
      <FieldErrorMessage t={props.t} id={f.errorId} error={props.error} />
      <input
        class={classes('kern-form-input__input', 'rathaus-input--date', props.error && 'kern-form-input__input--error')}
        id={f.id}
        name={props.name}
        type="date"
        value={props.value}
        min={props.min}
        max={props.max}
        autocomplete={props.autocomplete}
        aria-describedby={f.describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

export interface TextareaProps extends FieldBase {
  value?: string;
  rows?: number;
  maxlength?: number;
  spellcheck?: boolean;
}

export function Textarea(props: TextareaProps): JSX.Element {
  const f = ids(props.name, props.hint, props.error);
  return (
    <div class={classes('kern-form-input', props.error && 'kern-form-input--error')}>
      <Label t={props.t} id={f.id} label={props.label} required={props.required} />
      <Hint id={f.hintId} hint={props.hint} />
      <FieldErrorMessage t={props.t} id={f.errorId} error={props.error} />
      <textarea
        class={classes('kern-form-input__input', props.error && 'kern-form-input__input--error')}
        id={f.id}
        name={props.name}
        rows={String(props.rows ?? 5)}
        maxlength={props.maxlength}
        spellcheck={props.spellcheck === undefined ? undefined : String(props.spellcheck)}
        aria-describedby={f.describedBy}
        aria-invalid={props.error ? 'true' : undefined}
        safe
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export interface FileInputProps extends FieldBase {
  /** e.g. `image/jpeg,image/png,application/pdf` */
  accept?: string;
  multiple?: boolean;
}

export function FileInput(props: FileInputProps): JSX.Element {
  const f = ids(props.name, props.hint, props.error);
  return (
    <div class={classes('kern-form-input', props.error && 'kern-form-input--error')}>
      <Label t={props.t} id={f.id} label={props.label} required={props.required} />
      <Hint id={f.hintId} hint={props.hint} />
      <FieldErrorMessage t={props.t} id={f.errorId} error={props.error} />
      <input
        class={classes('kern-form-input__input', props.error && 'kern-form-input__input--error')}
        id={f.id}
        name={props.name}
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        aria-describedby={f.describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

// ---------------------------------------------------------------- choices

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export interface SelectProps extends FieldBase {
  value?: string;
  options: readonly Option[];
  autocomplete?: string;
  /** Adds a first, empty option ("Bitte auswählen"); default true. */
  placeholder?: boolean;
}

export function Select(props: SelectProps): JSX.Element {
  const f = ids(props.name, props.hint, props.error);
  return (
    <div class={classes('kern-form-input', props.error && 'kern-form-input--error')}>
      <Label t={props.t} id={f.id} label={props.label} required={props.required} />
      <Hint id={f.hintId} hint={props.hint} />
      <FieldErrorMessage t={props.t} id={f.errorId} error={props.error} />
      <div class="kern-form-input__select-wrapper">
        <select
          class={classes('kern-form-input__select', props.error && 'kern-form-input__select--error')}
          id={f.id}
          name={props.name}
          autocomplete={props.autocomplete}
          aria-describedby={f.describedBy}
          aria-invalid={props.error ? 'true' : undefined}
        >
          {props.placeholder === false ? (
            ''
          ) : (
            <option value="" safe>
              {props.t('ui.field.selectPlaceholder')}
            </option>
          )}
          {props.options.map((option) => (
            <option value={option.value} selected={option.value === props.value} safe>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

interface ChoiceGroupProps extends FieldBase {
  options: readonly Option[];
  /** Lays the options out in a row (short answers like Ja/Nein). */
  inline?: boolean;
}

/**
 * A fieldset of radios or checkboxes. The first input carries `field-<name>`
 * so the error summary link lands on it (as GOV.UK does).
 */
function ChoiceGroup(props: ChoiceGroupProps & { kind: 'radio' | 'checkbox'; isChecked: (value: string) => boolean }) {
  const f = ids(props.name, props.hint, props.error);
  const inputClass = props.kind === 'radio' ? 'kern-form-check__radio' : 'kern-form-check__checkbox';
  return (
    <fieldset
      class={classes('kern-fieldset', props.error && 'kern-fieldset--error')}
      id={`${f.id}-fieldset`}
      aria-describedby={f.describedBy}
    >
      <legend class="kern-label">
        {escapeHtml(props.label)}
        <RequiredMark t={props.t} required={props.required} />
      </legend>
      <Hint id={f.hintId} hint={props.hint} />
      <FieldErrorMessage t={props.t} id={f.errorId} error={props.error} />
      <div class={classes('kern-fieldset__body', props.inline && 'kern-fieldset__body--horizontal')}>
        {props.options.map((option, index) => {
          const id = index === 0 ? f.id : `${f.id}-${index + 1}`;
          const optionHintId = `${id}-hint`;
          return (
            <div class="kern-form-check">
              <input
                class={classes(inputClass, props.error && `${inputClass}--error`)}
                id={id}
                name={props.name}
                type={props.kind}
                value={option.value}
                checked={props.isChecked(option.value)}
                aria-describedby={option.hint ? optionHintId : undefined}
              />
              <label class="kern-label" for={id} safe>
                {option.label}
              </label>
              <Hint id={optionHintId} hint={option.hint} />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export interface RadioGroupProps extends ChoiceGroupProps {
  value?: string;
}

export function RadioGroup(props: RadioGroupProps): JSX.Element {
  return <ChoiceGroup {...props} kind="radio" isChecked={(value) => value === props.value} />;
}

export interface CheckboxGroupProps extends ChoiceGroupProps {
  values?: readonly string[];
}

export function CheckboxGroup(props: CheckboxGroupProps): JSX.Element {
  return <ChoiceGroup {...props} kind="checkbox" isChecked={(value) => props.values?.includes(value) ?? false} />;
}

export interface CheckboxProps extends FieldBase {
  /** Submitted value when checked; default "1". */
  value?: string;
  checked?: boolean;
}

/** A single checkbox (consent, confirmation); for several options use CheckboxGroup. */
export function Checkbox(props: CheckboxProps): JSX.Element {
  const f = ids(props.name, props.hint, props.error);
  return (
    <div class={classes('kern-form-check', 'rathaus-check', props.error && 'kern-form-check--error')}>
      <FieldErrorMessage t={props.t} id={f.errorId} error={props.error} />
      <input
        class={classes('kern-form-check__checkbox', props.error && 'kern-form-check__checkbox--error')}
        id={f.id}
        name={props.name}
        type="checkbox"
        value={props.value ?? '1'}
        checked={props.checked}
        aria-describedby={f.describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      />
      <Label t={props.t} id={f.id} label={props.label} required={props.required} />
      <Hint id={f.hintId} hint={props.hint} />
    </div>
  );
}

// ---------------------------------------------------------------- buttons

export type ButtonVariant = 'primary' | 'secondary' | 'tertiary' | 'danger';

const buttonClass = (variant: ButtonVariant = 'primary'): string =>
  variant === 'danger' ? 'kern-btn kern-btn--primary rathaus-btn--danger' : `kern-btn kern-btn--${variant}`;

export interface ButtonProps {
  variant?: ButtonVariant;
  type?: 'submit' | 'button' | 'reset';
  name?: string;
  value?: string;
  /** Plain text label (escaped); use children for markup. */
  label?: string;
  /** Skip client-side validation, e.g. for "Zurück" or "Entwurf speichern". */
  formnovalidate?: boolean;
  children?: Children;
}

export function Button(props: ButtonProps): JSX.Element {
  return (
    <button
      class={buttonClass(props.variant)}
      type={props.type ?? 'submit'}
      name={props.name}
      value={props.value}
      formnovalidate={props.formnovalidate}
    >
      <span class="kern-label">{props.label === undefined ? props.children : escapeHtml(props.label)}</span>
    </button>
  );
}

export interface ButtonLinkProps {
  href: string;
  variant?: ButtonVariant;
  label?: string;
  children?: Children;
}

export function ButtonLink(props: ButtonLinkProps): JSX.Element {
  return (
    <a class={buttonClass(props.variant ?? 'secondary')} href={props.href}>
      <span class="kern-label">{props.label === undefined ? props.children : escapeHtml(props.label)}</span>
    </a>
  );
}

/** Groups buttons in a row that wraps on small screens. */
export function ButtonGroup({ children }: { children?: Children }): JSX.Element {
  return <div class="kern-btn-wrapper rathaus-button-group">{children}</div>;
}

export function CsrfField({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />;
}

// ---------------------------------------------------------------- content

export interface PanelProps {
  title: string;
  /** The big reference number (Aktenzeichen / Vorgangsnummer). */
  reference?: string;
  referenceLabel?: string;
  /** The panel title is usually the page's only h1 on a confirmation page. */
  headingLevel?: 1 | 2;
  children?: Children;
}

/** GOV.UK confirmation panel. */
export function Panel(props: PanelProps): JSX.Element {
  const hasBody = props.children !== undefined;
  const title =
    props.headingLevel === 2 ? (
      <h2 class="rathaus-panel__title" safe>
        {props.title}
      </h2>
    ) : (
      <h1 class="rathaus-panel__title" safe>
        {props.title}
      </h1>
    );
  return (
    <div class="rathaus-panel">
      {title}
      {props.reference === undefined ? (
        ''
      ) : (
        <p class="rathaus-panel__body">
          {props.referenceLabel === undefined ? '' : <span safe>{props.referenceLabel}</span>}
          <strong class="rathaus-panel__reference" safe>
            {props.reference}
          </strong>
        </p>
      )}
      {hasBody ? <div class="rathaus-panel__body">{props.children}</div> : ''}
    </div>
  );
}

export interface SummaryRow {
  key: string;
  value: Content;
  changeHref?: string;
  /** Visible link text; defaults to "Ändern". The key is appended for screen readers. */
  changeLabel?: string;
}

/** Check-your-answers list on KERN's description list. */
export function SummaryList({ t, rows }: { t: Translate; rows: readonly SummaryRow[] }): JSX.Element {
  return (
    <dl class="kern-description-list rathaus-summary-list">
      {rows.map((row) => {
        const value = render(row.value);
        return (
          <div class="kern-description-list-item rathaus-summary-list__row">
            <dt class="kern-description-list-item__key" safe>
              {row.key}
            </dt>
            <dd class="kern-description-list-item__value rathaus-summary-list__value">{value}</dd>
            {row.changeHref === undefined ? (
              ''
            ) : (
              <dd class="rathaus-summary-list__actions">
                <a class="kern-link" href={row.changeHref}>
                  {escapeHtml(row.changeLabel ?? t('ui.summaryList.change'))}
                  <span class="kern-sr-only" safe>
                    {' ' + row.key}
                  </span>
                </a>
              </dd>
            )}
          </div>
        );
      })}
    </dl>
  );
}

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** Status badge: the text carries the meaning, colour and icon only reinforce it. */
export function StatusTag({ label, tone }: { label: string; tone: Tone }): JSX.Element {
  if (tone === 'neutral') {
    return (
      <span class="kern-badge rathaus-badge--neutral">
        <span class="kern-label" safe>
          {label}
        </span>
      </span>
    );
  }
  return (
    <span class={`kern-badge kern-badge--${tone}`}>
      <span class={`kern-icon kern-icon--${tone}`} aria-hidden="true"></span>
      <span class="kern-label" safe>
        {label}
      </span>
    </span>
  );
}

export interface DataTableProps {
  caption: string;
  head: readonly string[];
  /** Cells: strings are escaped; links, tags etc. go in via `trusted(<a …/>)`. */
  rows: readonly (readonly Content[])[];
  /** Render the first cell of each row as its row header. */
  rowHeaders?: boolean;
  /** Id of the caption; defaults to one derived from the caption text. */
  id?: string;
  captionHidden?: boolean;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Responsive table: scrolls sideways in a keyboard-focusable, labelled region on narrow screens. */
export function DataTable(props: DataTableProps): JSX.Element {
  const captionId = props.id ?? `table-${slug(props.caption) || 'data'}`;
  return (
    <div class="kern-table-responsive rathaus-table" role="region" aria-labelledby={captionId} tabindex="0">
      <table class="kern-table kern-table--striped">
        <caption class={classes('kern-title', props.captionHidden && 'kern-sr-only')} id={captionId} safe>
          {props.caption}
        </caption>
        <thead>
          <tr class="kern-table__row">
            {props.head.map((heading) => (
              <th class="kern-table__header" scope="col" safe>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {props.rows.map((row) => (
            <tr class="kern-table__row">
              {row.map((cell, index) => {
                const content = render(cell);
                return props.rowHeaders && index === 0 ? (
                  <th class="kern-table__header" scope="row">
                    {content}
                  </th>
                ) : (
                  <td class="kern-table__cell">{content}</td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Page numbers to show: first, last, current ±1, with gaps as null. */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1]);
  const pages = [...wanted].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  const result: (number | null)[] = [];
  for (const p of pages) {
    const previous = result.at(-1);
    if (typeof previous === 'number' && p - previous === 2) result.push(p - 1);
    else if (typeof previous === 'number' && p - previous > 2) result.push(null);
    result.push(p);
  }
  return result;
}

export interface PaginationProps {
  t: Translate;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
}

export function Pagination({ t, page, pageCount, hrefFor }: PaginationProps): JSX.Element {
  if (pageCount <= 1) return '';
  return (
    <nav class="rathaus-pagination" aria-label={t('ui.pagination.label')}>
      <ul class="rathaus-pagination__list">
        {page > 1 ? (
          <li class="rathaus-pagination__item rathaus-pagination__item--prev">
            <a class="rathaus-pagination__link" href={hrefFor(page - 1)} rel="prev">
              <span class="kern-icon kern-icon--chevron-left" aria-hidden="true"></span>
              <span safe>{t('ui.pagination.previous')}</span>
            </a>
          </li>
        ) : (
          ''
        )}
        {pageWindow(page, pageCount).map((p) =>
          p === null ? (
            <li class="rathaus-pagination__item rathaus-pagination__item--gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li class="rathaus-pagination__item">
              <a
                class="rathaus-pagination__link"
                href={hrefFor(p)}
                aria-current={p === page ? 'page' : undefined}
                aria-label={p === page ? t('ui.pagination.pageOf', { page: p, count: pageCount }) : t('ui.pagination.page', { page: p })}
              >
                {p}
              </a>
            </li>
          ),
        )}
        {page < pageCount ? (
          <li class="rathaus-pagination__item rathaus-pagination__item--next">
            <a class="rathaus-pagination__link" href={hrefFor(page + 1)} rel="next">
              <span safe>{t('ui.pagination.next')}</span>
              <span class="kern-icon kern-icon--chevron-right" aria-hidden="true"></span>
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

export interface TimelineItem {
  /** Display text of the moment, already formatted (formatDate). */
  when: string;
  /** Machine-readable instant for `<time datetime>`, e.g. toISOString(). */
  datetime?: string;
  title: string;
  body?: string;
}

/** Status history of a Vorgang, in the order given (usually newest first). */
export function Timeline({ items }: { items: readonly TimelineItem[] }): JSX.Element {
  return (
    <ol class="rathaus-timeline">
      {items.map((item) => (
        <li class="rathaus-timeline__item">
          <p class="rathaus-timeline__title" safe>
            {item.title}
          </p>
          <p class="rathaus-timeline__when">
            <time datetime={item.datetime} safe>
              {item.when}
            </time>
          </p>
          {item.body === undefined ? (
            ''
          ) : (
            <p class="rathaus-timeline__body" safe>
              {item.body}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

export function InsetText({ children }: { children?: Children }): JSX.Element {
  return <div class="rathaus-inset">{children}</div>;
}

export function WarningText({ t, children }: { t: Translate; children?: Children }): JSX.Element {
  return (
    <div class="rathaus-warning">
      <span class="rathaus-warning__icon" aria-hidden="true">
        !
      </span>
      <strong class="rathaus-warning__text">
        <span class="kern-sr-only" safe>
          {t('ui.warning.prefix') + ' '}
        </span>
        {children}
      </strong>
    </div>
  );
}

/** Native disclosure on KERN's accordion styles; works without JavaScript. */
export function Details({ summary, open, children }: { summary: string; open?: boolean; children?: Children }): JSX.Element {
  return (
    <details class="kern-accordion rathaus-details" open={open}>
      <summary class="kern-accordion__header">
        <span class="kern-title" safe>
          {summary}
        </span>
      </summary>
      <div class="kern-accordion__body">{children}</div>
    </details>
  );
}

/** Plain text with blank lines as paragraphs and single line breaks kept (addresses, legal texts); always escaped. */
export function Paragraphs({ text }: { text: string }): JSX.Element {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter((p) => p.trim() !== '')
        .map((paragraph) => (
          <p class="kern-body">
            {paragraph.split('\n').map((line, i) => (
              <>
                {i > 0 ? <br /> : ''}
                <span safe>{line}</span>
              </>
            ))}
          </p>
        ))}
    </>
  );
}
