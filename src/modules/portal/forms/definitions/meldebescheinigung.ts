/**
 * Meldebescheinigung (§ 18 BMG). Version 1 was sent by post only; version 2
 * adds the choice of delivery (other address, collection) and the data an
 * erweiterte Meldebescheinigung should contain.
 */
import type { FormDefinition, FormEntry } from '../types.ts';
import { birthDate, contactPage, familyName, givenName, homeAddress, l, option, SAMPLE_ADDRESS } from './common.ts';

const why18 = l(
  'Die Meldebehörde stellt die Meldebescheinigung nur der Person selbst aus. Damit wir Sie im Melderegister eindeutig finden, brauchen wir Familienname, Vornamen, Geburtsdatum und Ihre derzeitige Anschrift (§ 18 Abs. 1 Bundesmeldegesetz).',
  'The registration office issues a certificate of registration only to the person concerned. To find you in the register we need your surname, first names, date of birth and current address (section 18(1) Federal Registration Act, BMG).',
);

const personPage = {
  id: 'person',
  title: l('Angaben zu Ihrer Person', 'About you'),
  intro: l('Bitte geben Sie Ihre Daten so an, wie sie im Melderegister stehen.', 'Please enter your details as they are registered.'),
  fields: [familyName('nachname', { why: why18 }), givenName('vorname', { why: why18 }), birthDate('geburtsdatum', { why: why18 }), homeAddress('anschrift', { why: why18 })],
};

const artField = {
  id: 'art',
  kind: 'radio',
  label: l('Welche Meldebescheinigung benötigen Sie?', 'Which certificate of registration do you need?'),
  required: true,
  options: [
    option('einfach', 'Einfache Meldebescheinigung', 'Simple certificate', l('Name, Geburtsdatum und Ihre Anschriften – reicht meist für Arbeitgeber, Banken und Vermieter.', 'Name, date of birth and your addresses – usually enough for employers, banks and landlords.')),
    option('erweitert', 'Erweiterte Meldebescheinigung', 'Extended certificate', l('Zusätzlich weitere gespeicherte Daten, zum Beispiel Staatsangehörigkeit, Familienstand oder frühere Anschriften.', 'Additional registered data, for example nationality, marital status or previous addresses.')),
  ],
  why: l(
    'Die einfache Meldebescheinigung enthält die Daten nach § 18 Abs. 1 BMG. Eine erweiterte Meldebescheinigung kann weitere Daten aus dem Melderegister enthalten (§ 18 Abs. 2 BMG).',
    'The simple certificate contains the data listed in section 18(1) BMG; an extended certificate may contain further registered data (section 18(2) BMG).',
  ),
} as const;

const anzahlField = {
  id: 'anzahl',
  kind: 'number',
  label: l('Anzahl der Exemplare', 'Number of copies'),
  hint: l('Die Gebühr fällt für jedes Exemplar an.', 'The fee is charged per copy.'),
  required: true,
  min: 1,
  max: 5,
} as const;

const v1: FormDefinition = {
  id: 'meldebescheinigung',
  version: 1,
  prefix: 'MB',
  title: l('Meldebescheinigung beantragen', 'Apply for a certificate of registration'),
  pages: [personPage, { id: 'art', title: l('Art der Meldebescheinigung', 'Type of certificate'), fields: [artField, anzahlField] }, contactPage()],
  staffSummary: ['art', 'anzahl'],
  contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
  feeQuantityField: 'anzahl',
};

const v2: FormDefinition = {
  ...v1,
  version: 2,
  pages: [
    personPage,
    { id: 'art', title: l('Art der Meldebescheinigung', 'Type of certificate'), fields: [artField] },
    {
      id: 'umfang',
      title: l('Inhalt der erweiterten Meldebescheinigung', 'Content of the extended certificate'),
      showIf: { field: 'art', equals: 'erweitert' },
      fields: [
        {
          id: 'zusatzdaten',
          kind: 'checkboxes',
          label: l('Welche Daten soll die Bescheinigung zusätzlich enthalten?', 'Which additional data should the certificate contain?'),
          hint: l('Wählen Sie nur, was die anfordernde Stelle verlangt.', 'Only choose what the requesting body asks for.'),
          required: true,
          options: [
            option('staatsangehoerigkeit', 'Staatsangehörigkeit(en)', 'Nationality'),
            option('familienstand', 'Familienstand', 'Marital status'),
            option('geburtsort', 'Geburtsort', 'Place of birth'),
            option('einzugsdatum', 'Einzugsdatum', 'Date of moving in'),
            option('fruehere-anschriften', 'Frühere Anschriften', 'Previous addresses'),
            option('religion', 'Zugehörigkeit zu einer Religionsgesellschaft', 'Religious affiliation'),
            option('gesetzliche-vertreter', 'Gesetzliche Vertreter', 'Legal representatives'),
          ],
          why: l('Die erweiterte Meldebescheinigung enthält nur die Daten, die Sie wählen (Datensparsamkeit, § 18 Abs. 2 Satz 2 BMG).', 'The extended certificate contains only the data you choose (data minimisation, section 18(2) BMG).'),
        },
      ],
    },
    {
      id: 'anzahl',
      title: l('Anzahl und Verwendungszweck', 'Copies and purpose'),
      fields: [
        anzahlField,
        { id: 'zweck', kind: 'text', label: l('Wofür benötigen Sie die Bescheinigung? (optional)', 'What do you need the certificate for? (optional)'), hint: l('Zum Beispiel „Vorlage beim Arbeitgeber“', 'For example “for my employer”'), required: false, maxLength: 200 },
      ],
    },
    {
      id: 'zustellung',
      title: l('Zustellung', 'Delivery'),
      fields: [
        {
          id: 'zustellung',
          kind: 'radio',
          label: l('Wie möchten Sie die Meldebescheinigung erhalten?', 'How would you like to receive the certificate?'),
          required: true,
          options: [
            option('post', 'Per Post an meine Wohnanschrift', 'By post to my home address'),
            option('post-andere', 'Per Post an eine andere Anschrift', 'By post to another address'),
            option('abholung', 'Ich hole sie im Bürgerbüro ab', 'I will collect it at the citizens’ office', l('Bitte bringen Sie Ihren Ausweis mit.', 'Please bring your identity card.')),
          ],
        },
      ],
    },
    {
      id: 'versandadresse',
      title: l('Versandanschrift', 'Delivery address'),
      showIf: { field: 'zustellung', equals: 'post-andere' },
      fields: [
        { id: 'versandName', kind: 'text', label: l('Empfänger (c/o), falls nicht Sie selbst (optional)', 'Recipient (c/o), if not you (optional)'), required: false, maxLength: 100 },
        { id: 'versandanschrift', kind: 'address', label: l('Anschrift in Deutschland', 'Address in Germany'), required: true, withAddition: true, autofill: 'shipping' },
      ],
    },
    contactPage(),
  ],
};

export const meldebescheinigung: FormEntry = {
  versions: [v1, v2],
  sample: () => ({
    nachname: 'Mustermann',
    vorname: 'Erika',
    geburtsdatum: '1985-03-27',
    anschrift: SAMPLE_ADDRESS,
    art: 'erweitert',
    zusatzdaten: ['staatsangehoerigkeit', 'familienstand'],
    anzahl: '2',
    zweck: 'Vorlage bei der Familienkasse',
    zustellung: 'post-andere',
    versandanschrift: { street: 'Am Markt', houseNumber: '1', plz: '32825', city: 'Blomberg', addition: 'Hinterhaus' },
    email: 'erika.mustermann@example.org',
  }),
};
