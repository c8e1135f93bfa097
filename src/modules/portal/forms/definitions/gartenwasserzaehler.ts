/**
 * Gartenwasserzähler: water used in the garden does not reach the sewer, so
 * with a registered, calibrated sub-meter it is left out of the
 * Schmutzwassergebühr (per the town's Abwassergebührensatzung).
 */
import type { FormEntry } from '../types.ts';
import { addDays } from '../checks.ts';
import { contactPage, familyName, givenName, homeAddress, l, sampleFile, yesNo } from './common.ts';

const whySatzung = l(
  'Die Wassermenge, die nachweislich nicht in die Kanalisation gelangt, wird auf Antrag von der Schmutzwassergebühr abgezogen. Nachweis ist ein geeichter, fest installierter Zwischenzähler (Abwassergebührensatzung der Stadt).',
  'Water shown not to reach the sewer is deducted from the wastewater fee on application. The proof is a calibrated, permanently installed sub-meter (the town’s wastewater fee statute).',
);

export const gartenwasserzaehler: FormEntry = {
  versions: [
    {
      id: 'gartenwasserzaehler',
      version: 1,
      prefix: 'GW',
      title: l('Gartenwasserzähler anmelden', 'Register a garden water meter'),
      pages: [
        {
          id: 'antragsteller',
          title: l('Angaben zu Ihrer Person', 'About you'),
          fields: [familyName(), givenName('vorname', { hint: undefined }), homeAddress('anschrift', { label: l('Ihre Anschrift', 'Your address') })],
        },
        {
          id: 'grundstueck',
          title: l('Grundstück', 'Property'),
          fields: [
            { id: 'grundstueck', kind: 'address', label: l('Anschrift des Grundstücks mit dem Gartenwasserzähler', 'Address of the property with the meter'), required: true, autofill: 'off', why: whySatzung },
            yesNo('eigentuemer', l('Sind Sie Eigentümerin oder Eigentümer des Grundstücks?', 'Do you own the property?'), { why: l('Gebührenpflichtig ist die Eigentümerin oder der Eigentümer; sie oder er muss zustimmen.', 'The owner pays the fee and must agree.') }),
          ],
        },
        {
          id: 'eigentuemer',
          title: l('Eigentümerin oder Eigentümer', 'Owner'),
          showIf: { field: 'eigentuemer', equals: 'nein' },
          fields: [
            { id: 'eigentuemerName', kind: 'text', label: l('Name der Eigentümerin oder des Eigentümers', 'Name of the owner'), required: true, maxLength: 150 },
            { id: 'eigentuemerAnschrift', kind: 'address', label: l('Anschrift der Eigentümerin oder des Eigentümers', 'Address of the owner'), required: true, withAddition: true, autofill: 'off' },
            { id: 'zustimmung', kind: 'checkbox', label: l('Die Eigentümerin oder der Eigentümer ist mit dem Antrag einverstanden.', 'The owner agrees to this application.'), required: true },
          ],
        },
        {
          id: 'zaehler',
          title: l('Zähler', 'Meter'),
          fields: [
            { id: 'zaehlernummer', kind: 'text', label: l('Zählernummer', 'Meter number'), hint: l('Steht auf dem Zähler, meist neben dem Zählwerk', 'Printed on the meter, usually next to the dial'), required: true, maxLength: 30, uppercase: true, pattern: { regex: /^[A-Z0-9][A-Z0-9 ./-]{2,29}$/, message: l('Die Zählernummer besteht aus Buchstaben und Ziffern.', 'The meter number consists of letters and digits.') }, why: whySatzung },
            { id: 'einbaudatum', kind: 'date', label: l('Einbaudatum', 'Installation date'), required: true, rules: { notFuture: true, maxYearsAgo: 6 } },
            { id: 'zaehlerstand', kind: 'number', label: l('Zählerstand beim Einbau', 'Meter reading at installation'), required: true, min: 0, max: 99999, integer: false, unit: l('m³', 'm³') },
            { id: 'eichjahr', kind: 'number', label: l('Eichung gültig bis (Jahr)', 'Calibration valid until (year)'), hint: l('Wasserzähler müssen alle sechs Jahre neu geeicht oder getauscht werden (Mess- und Eichverordnung).', 'Water meters must be recalibrated or replaced every six years (Measurement and Calibration Ordinance).'), required: true, min: 2020, max: 2045, width: 'width-4' },
            { id: 'installateur', kind: 'text', label: l('Einbau durch (Fachbetrieb, optional)', 'Installed by (company, optional)'), required: false, maxLength: 150 },
          ],
        },
        {
          id: 'foto',
          title: l('Foto des Zählers', 'Photo of the meter'),
          fields: [
            { id: 'foto', kind: 'file', label: l('Foto des eingebauten Zählers', 'Photo of the installed meter'), hint: l('Zählernummer und Zählerstand müssen lesbar sein.', 'The meter number and reading must be legible.'), required: true, accept: ['jpeg', 'png', 'pdf'], maxFiles: 3, why: l('Mit dem Foto können wir den Zähler ohne Termin vor Ort abnehmen.', 'The photo lets us approve the meter without a site visit.') },
          ],
        },
        contactPage(),
      ],
      staffSummary: ['zaehlernummer', 'einbaudatum'],
      contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
    },
  ],
  sample: (today) => ({
    nachname: 'Hoffmann',
    vorname: 'Peter',
    anschrift: { street: 'Gartenweg', houseNumber: '8', plz: '79539', city: 'Lörrach' },
    grundstueck: { street: 'Gartenweg', houseNumber: '8', plz: '79539', city: 'Lörrach' },
    eigentuemer: 'ja',
    zaehlernummer: 'GWZ-2024-118',
    einbaudatum: addDays(today, -20),
    zaehlerstand: '0.5',
    eichjahr: String(Number(today.slice(0, 4)) + 5),
    foto: [sampleFile(5, 'gartenwasserzaehler.jpg')],
    email: 'peter.hoffmann@example.org',
  }),
};
