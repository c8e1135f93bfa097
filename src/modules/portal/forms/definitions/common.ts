/** Building blocks shared by the service forms: names, birth data, addresses, contact. */
import type { AddressField, DateField, EmailField, FieldDef, FileRef, Localized, OptionDef, PhoneField, RadioField, TextField } from '../types.ts';

export const l = (de: string, en: string): Localized => ({ de, en });

export const option = (value: string, de: string, en: string, hint?: Localized): OptionDef => (hint ? { value, label: l(de, en), hint } : { value, label: l(de, en) });

export const YES_NO: readonly OptionDef[] = [option('ja', 'Ja', 'Yes'), option('nein', 'Nein', 'No')];

export function yesNo(id: string, label: Localized, extra: Partial<RadioField> = {}): RadioField {
  return { id, kind: 'radio', label, required: true, options: YES_NO, inline: true, ...extra };
}

export function givenName(id = 'vorname', extra: Partial<TextField> = {}): TextField {
  return { id, kind: 'text', label: l('Vorname(n)', 'First name(s)'), hint: l('Alle Vornamen wie im Ausweis', 'All first names as in your identity card'), required: true, maxLength: 100, autocomplete: 'given-name', ...extra };
}

export function familyName(id = 'nachname', extra: Partial<TextField> = {}): TextField {
  return { id, kind: 'text', label: l('Familienname', 'Surname'), required: true, maxLength: 100, autocomplete: 'family-name', ...extra };
}

export function birthName(id = 'geburtsname', extra: Partial<TextField> = {}): TextField {
  return { id, kind: 'text', label: l('Geburtsname', 'Name at birth'), hint: l('Nur wenn er sich von Ihrem heutigen Familiennamen unterscheidet', 'Only if it differs from your current surname'), required: false, maxLength: 100, ...extra };
}

export function birthDate(id = 'geburtsdatum', extra: Partial<DateField> = {}): DateField {
  return { id, kind: 'date', label: l('Geburtsdatum', 'Date of birth'), required: true, rules: { notFuture: true, maxYearsAgo: 125 }, autocomplete: 'bday', ...extra };
}

export function birthPlace(id = 'geburtsort', extra: Partial<TextField> = {}): TextField {
  return { id, kind: 'text', label: l('Geburtsort', 'Place of birth'), hint: l('Bei Geburt im Ausland auch den Staat, zum Beispiel „Krakau, Polen“', 'If born abroad, add the country, for example “Kraków, Poland”'), required: true, maxLength: 100, ...extra };
}

export function homeAddress(id = 'anschrift', extra: Partial<AddressField> = {}): AddressField {
  return { id, kind: 'address', label: l('Ihre Wohnanschrift', 'Your home address'), required: true, withAddition: true, autofill: 'home', ...extra };
}

export function email(id = 'email', extra: Partial<EmailField> = {}): EmailField {
  return {
    id,
    kind: 'email',
    label: l('E-Mail-Adresse', 'Email address'),
    hint: l('An diese Adresse schicken wir die Eingangsbestätigung und Nachrichten zum Bearbeitungsstand.', 'We send the confirmation of receipt and status updates to this address.'),
    required: true,
    ...extra,
  };
}

export function phone(id = 'telefon', extra: Partial<PhoneField> = {}): PhoneField {
  return {
    id,
    kind: 'phone',
    label: l('Telefonnummer (optional)', 'Telephone number (optional)'),
    hint: l('Für Rückfragen, falls etwas unklar ist', 'In case we have a question'),
    required: false,
    ...extra,
  };
}

/** The usual last page: how we reach the applicant. */
export function contactPage(intro?: Localized) {
  return {
    id: 'kontakt',
    title: l('Kontaktdaten', 'Contact details'),
    ...(intro ? { intro } : {}),
    fields: [email(), phone()] as FieldDef[],
  };
}

/** A stand-in upload for sample answers (the journey stores real files). */
export function sampleFile(n: number, filename: string): FileRef {
  return { fileId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, filename, size: 48_213 };
}

export const SAMPLE_ADDRESS = { street: 'Lindenstraße', houseNumber: '4a', plz: '32825', city: 'Blomberg' };
