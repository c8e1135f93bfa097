/**
 * The vocabulary of declarative form definitions. A definition is plain data
 * (no functions), so it can be versioned, diffed in review and kept loadable
 * for as long as an application made with it is retained.
 */
import type { UploadKind } from '../../../core/files/uploads.ts';

export interface Localized {
  de: string;
  en: string;
}

/** Stored answers of one application, keyed by field id; JSON-serialisable. */
export type Answers = Record<string, AnswerValue>;

export interface AddressValue {
  street: string;
  houseNumber: string;
  plz: string;
  city: string;
  addition?: string;
}

/** An upload the journey stored; the engine only counts and lists it. */
export interface FileRef {
  fileId: string;
  filename: string;
  size: number;
}

/** Answers inside one item of a repeatable group (no nested groups or files). */
export type RepeatItem = Record<string, ScalarAnswer>;

/**
 * text/email/phone/select/radio/textarea/number/date/iban: string (number as
 * its normalised digits, date as ISO `YYYY-MM-DD`, IBAN compact upper case);
 * checkbox: boolean; checkboxes: string[]; address: AddressValue.
 */
export type ScalarAnswer = string | boolean | string[] | AddressValue;
export type AnswerValue = ScalarAnswer | FileRef[] | RepeatItem[];

/** Conditions on another field's answer (fields of earlier pages: the GOV.UK way, no JavaScript needed). */
export type Condition =
  | { field: string; equals: string | boolean }
  | { field: string; in: readonly string[] }
  | { field: string; notEmpty: true }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition };

export interface OptionDef {
  value: string;
  label: Localized;
  hint?: Localized;
}

interface FieldCommon {
  /** camelCase, unique in the definition; inputs are named after it, ids are `field-<id>`. */
  id: string;
  label: Localized;
  hint?: Localized;
  /** "Warum fragen wir das?": purpose and legal basis, shown in a disclosure. */
  why?: Localized;
  required: boolean;
  /** Replaces the generic "Bitte … an" message when the field is left empty. */
  requiredMessage?: Localized;
  showIf?: Condition;
}

export interface TextField extends FieldCommon {
  kind: 'text';
  minLength?: number;
  /** Default 200. */
  maxLength?: number;
  pattern?: { regex: RegExp; message: Localized };
  autocomplete?: string;
  inputmode?: 'text' | 'numeric' | 'decimal';
  width?: 'width-2' | 'width-4';
  /** Stored in upper case (e.g. Kennzeichen, Registernummern). */
  uppercase?: boolean;
  /** Spaces are removed before checking and storing (numbers people type in groups, e.g. a transponder code). */
  stripSpaces?: boolean;
}

export interface EmailField extends FieldCommon {
  kind: 'email';
  autocomplete?: string;
}

export interface PhoneField extends FieldCommon {
  kind: 'phone';
  autocomplete?: string;
}

export interface NumberField extends FieldCommon {
  kind: 'number';
  min?: number;
  max?: number;
  /** Whole numbers only (default true); otherwise up to two decimals, comma or point. */
  integer?: boolean;
  /** Shown after the value in summaries, e.g. "m³". */
  unit?: Localized;
  width?: 'width-2' | 'width-4';
}

export interface DateRules {
  /** Before today. */
  past?: boolean;
  /** After today. */
  future?: boolean;
  /** Today or earlier. */
  notFuture?: boolean;
  /** Today or later. */
  notPast?: boolean;
  /** A birth date of someone at least this old. */
  minAgeYears?: number;
  /** Plausibility: not more than this many years back. */
  maxYearsAgo?: number;
  /** Not more than this many days ahead. */
  maxDaysAhead?: number;
  /** Monday to Friday only. */
  weekdaysOnly?: boolean;
}

export interface DateField extends FieldCommon {
  kind: 'date';
  rules?: DateRules;
  autocomplete?: string;
  /**
   * The journey offers the dates itself (e.g. free pickup days of the
   * Abfuhrbezirk); the engine still validates the date rules.
   */
  dateSource?: 'sperrmuell';
}

export interface SelectField extends FieldCommon {
  kind: 'select';
  options: readonly OptionDef[];
  autocomplete?: string;
}

export interface RadioField extends FieldCommon {
  kind: 'radio';
  options: readonly OptionDef[];
  inline?: boolean;
}

/** One checkbox, e.g. a confirmation; `required` means it must be ticked. */
export interface CheckboxField extends FieldCommon {
  kind: 'checkbox';
}

export interface CheckboxesField extends FieldCommon {
  kind: 'checkboxes';
  options: readonly OptionDef[];
}

export interface TextareaField extends FieldCommon {
  kind: 'textarea';
  /** Default 2000. */
  maxLength?: number;
  rows?: number;
}

export interface AddressField extends FieldCommon {
  kind: 'address';
  /** Offer the optional line "Adresszusatz" (c/o, Gebäudeteil). */
  withAddition?: boolean;
  /** Browser autofill: the person's own address, a delivery address, or none (third-party addresses). */
  autofill?: 'home' | 'shipping' | 'off';
}

export interface IbanField extends FieldCommon {
  kind: 'iban';
}

export interface FileField extends FieldCommon {
  kind: 'file';
  accept: readonly UploadKind[];
  maxFiles: number;
}

export type SubField = TextField | EmailField | PhoneField | NumberField | DateField | SelectField | RadioField | CheckboxField | CheckboxesField | TextareaField | AddressField | IbanField;

export interface RepeatField extends FieldCommon {
  kind: 'repeat';
  /** Sub-fields of one item (their `showIf` is not supported). */
  fields: readonly SubField[];
  minItems: number;
  maxItems: number;
  /** "Person" → legend "Person 2", button "Person 2 entfernen". */
  itemLabel: Localized;
  /** "Weitere Person hinzufügen". */
  addLabel: Localized;
}

export type FieldDef = SubField | FileField | RepeatField;
export type FieldKind = FieldDef['kind'];

export interface FormPage {
  /** url-safe: lower case, digits, dashes. */
  id: string;
  title: Localized;
  intro?: Localized;
  fields: readonly FieldDef[];
  showIf?: Condition;
}

export interface FormDefinition {
  id: string;
  version: number;
  /** Two capital letters of the Vorgangsnummer, e.g. `MB` → MB-7K3QX-4. */
  prefix: string;
  title: Localized;
  pages: readonly FormPage[];
  /** Field ids whose answers make the one-line description in the staff inbox. */
  staffSummary?: readonly string[];
  /** Where the applicant's contact data is, for the Vorgang and the receipt mail. */
  contact?: { givenName?: string; familyName?: string; name?: string; email?: string; phone?: string };
  /** Field holding the number of units for a per-unit fee (e.g. copies of an Urkunde). */
  feeQuantityField?: string;
}

/** An error at one input: `field` is the id suffix (`field-<field>`), so error summary links land on it. */
export interface FormError {
  field: string;
  message: string;
}

export interface PageError extends FormError {
  pageId: string;
}

export type PageAction = 'continue' | 'repeat-add' | 'repeat-remove' | 'remove-file';

/** The raw form body: strings, or arrays of strings for repeated names; anything else is ignored. */
export type FormInput = Readonly<Record<string, unknown>>;

/** A form in the registry: every version ever published (oldest first) and valid sample answers for the current one. */
export interface FormEntry {
  versions: readonly FormDefinition[];
  /** Answers that pass `validateAll` on `today` (dates are relative to it). */
  sample: (today: string) => Answers;
}
