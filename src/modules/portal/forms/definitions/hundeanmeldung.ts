/**
 * Hundeanmeldung for the Hundesteuer (Hundesteuersatzung of the town; for
 * dangerous dogs the Landeshundegesetz), with an optional SEPA mandate.
 */
import type { FormEntry } from '../types.ts';
import { addDays } from '../checks.ts';
import { birthDate, contactPage, familyName, givenName, homeAddress, l, option, yesNo } from './common.ts';

const whySteuer = l('Die Hundesteuer richtet sich nach Zahl und Art der Hunde im Haushalt (Hundesteuersatzung der Stadt).', 'The dog tax depends on the number and kind of dogs in the household (the town’s dog tax statute).');

export const hundeanmeldung: FormEntry = {
  versions: [
    {
      id: 'hundeanmeldung',
      version: 1,
      prefix: 'HA',
      title: l('Hund anmelden (Hundesteuer)', 'Register a dog (dog tax)'),
      pages: [
        {
          id: 'halter',
          title: l('Halterin oder Halter', 'Owner'),
          fields: [familyName(), givenName('vorname', { hint: undefined }), birthDate(), homeAddress()],
        },
        {
          id: 'hund',
          title: l('Ihr Hund', 'Your dog'),
          fields: [
            { id: 'hundName', kind: 'text', label: l('Name des Hundes', 'Dog’s name'), required: true, maxLength: 60 },
            { id: 'rasse', kind: 'text', label: l('Rasse oder Mischling aus …', 'Breed or cross of …'), hint: l('Zum Beispiel „Labrador Retriever“ oder „Mischling (Schäferhund/Collie)“', 'For example “Labrador Retriever” or “cross (shepherd/collie)”'), required: true, maxLength: 100, why: whySteuer },
            { id: 'geschlecht', kind: 'radio', label: l('Geschlecht', 'Sex'), required: true, inline: true, options: [option('ruede', 'Rüde', 'Male'), option('huendin', 'Hündin', 'Female')] },
            { id: 'wurfdatum', kind: 'date', label: l('Geburtsdatum (Wurfdatum)', 'Date of birth'), hint: l('Wenn Sie es nicht genau wissen, den 1. des Monats', 'If you do not know the exact day, use the 1st of the month'), required: true, rules: { notFuture: true, maxYearsAgo: 30 } },
            { id: 'farbe', kind: 'text', label: l('Fellfarbe', 'Coat colour'), required: false, maxLength: 60 },
            {
              id: 'chipnummer',
              kind: 'text',
              label: l('Chipnummer (Transpondernummer)', 'Microchip number'),
              hint: l('15 Ziffern, steht im Heimtierausweis', '15 digits, see the pet passport'),
              required: true,
              stripSpaces: true,
              inputmode: 'numeric',
              maxLength: 30,
              pattern: { regex: /^\d{15}$/, message: l('Die Chipnummer besteht aus genau 15 Ziffern.', 'The microchip number has exactly 15 digits.') },
              why: l('Mit der Chipnummer lässt sich der Hund eindeutig zuordnen, etwa wenn er entläuft.', 'The microchip identifies the dog, for example if it runs away.'),
            },
            { id: 'haltungSeit', kind: 'date', label: l('Seit wann halten Sie den Hund?', 'Since when have you kept the dog?'), hint: l('Bei Zuzug: das Datum des Einzugs', 'If you moved here: the date you moved in'), required: true, rules: { maxYearsAgo: 5, maxDaysAhead: 30 }, why: l('Die Steuerpflicht beginnt mit dem Monat, in dem Sie den Hund aufnehmen.', 'The tax is due from the month you take the dog in.') },
          ],
        },
        {
          id: 'gefaehrlichkeit',
          title: l('Gefährliche Hunde', 'Dangerous dogs'),
          fields: [
            yesNo('gefaehrlich', l('Gilt Ihr Hund als gefährlich?', 'Is your dog classed as dangerous?'), {
              hint: l('Wegen seiner Rasse nach dem Landeshundegesetz oder weil die Ordnungsbehörde ihn als gefährlich eingestuft hat', 'Because of its breed under the state dog law, or because the public order office has classed it as dangerous'),
              why: l('Für gefährliche Hunde gilt ein höherer Steuersatz, und Sie brauchen eine Erlaubnis nach dem Landeshundegesetz.', 'A higher tax rate applies to dangerous dogs, and you need a permit under the state dog law.'),
            }),
          ],
        },
        {
          id: 'gefaehrlicher-hund',
          title: l('Erlaubnis und Versicherung', 'Permit and insurance'),
          showIf: { field: 'gefaehrlich', equals: 'ja' },
          fields: [
            { id: 'erlaubnis', kind: 'file', label: l('Erlaubnis zur Haltung nach dem Landeshundegesetz', 'Permit to keep the dog under the state dog law'), required: true, accept: ['pdf', 'jpeg', 'png'], maxFiles: 2 },
            { id: 'versicherer', kind: 'text', label: l('Haftpflichtversicherung', 'Liability insurer'), required: true, maxLength: 100 },
            { id: 'versicherungsnummer', kind: 'text', label: l('Versicherungsnummer', 'Policy number'), required: true, maxLength: 40 },
          ],
        },
        {
          id: 'weitere-hunde',
          title: l('Weitere Hunde im Haushalt', 'Other dogs in the household'),
          fields: [
            {
              id: 'weitereHunde',
              kind: 'repeat',
              label: l('Hunde, die bereits angemeldet sind', 'Dogs that are already registered'),
              hint: l('Lassen Sie die Liste leer, wenn dies Ihr einziger Hund ist.', 'Leave the list empty if this is your only dog.'),
              required: false,
              minItems: 0,
              maxItems: 5,
              itemLabel: l('Hund', 'Dog'),
              addLabel: l('Weiteren Hund hinzufügen', 'Add another dog'),
              fields: [
                { id: 'name', kind: 'text', label: l('Name', 'Name'), required: true, maxLength: 60 },
                { id: 'steuermarke', kind: 'text', label: l('Nummer der Steuermarke (optional)', 'Tax tag number (optional)'), required: false, maxLength: 20, width: 'width-4' },
              ],
              why: whySteuer,
            },
          ],
        },
        {
          id: 'zahlung',
          title: l('Zahlung der Hundesteuer', 'Paying the dog tax'),
          fields: [
            {
              id: 'zahlungsart',
              kind: 'radio',
              label: l('Wie möchten Sie die Hundesteuer zahlen?', 'How would you like to pay the dog tax?'),
              required: true,
              options: [option('lastschrift', 'Per Lastschrift (SEPA-Lastschriftmandat)', 'By direct debit (SEPA mandate)'), option('ueberweisung', 'Per Überweisung nach Steuerbescheid', 'By bank transfer after the tax notice')],
            },
          ],
        },
        {
          id: 'sepa',
          title: l('SEPA-Lastschriftmandat', 'SEPA direct debit mandate'),
          showIf: { field: 'zahlungsart', equals: 'lastschrift' },
          intro: l('Die Stadt zieht die Hundesteuer zu den Fälligkeitsterminen von diesem Konto ein. Gläubiger-Identifikationsnummer und Mandatsreferenz teilen wir Ihnen mit dem Steuerbescheid mit.', 'The town collects the dog tax from this account on the due dates. You receive our creditor identifier and the mandate reference with the tax notice.'),
          fields: [
            { id: 'kontoinhaber', kind: 'text', label: l('Kontoinhaberin oder Kontoinhaber', 'Account holder'), required: true, maxLength: 100 },
            { id: 'iban', kind: 'iban', label: l('IBAN', 'IBAN'), required: true, why: l('Für den Einzug der Hundesteuer per Lastschrift.', 'To collect the dog tax by direct debit.') },
            {
              id: 'mandat',
              kind: 'checkbox',
              label: l('Ich ermächtige die Stadt, die Hundesteuer von meinem Konto mittels Lastschrift einzuziehen, und weise mein Kreditinstitut an, die Lastschriften einzulösen.', 'I authorise the town to collect the dog tax from my account by direct debit and instruct my bank to honour the debits.'),
              hint: l('Sie können innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten Betrages verlangen. Es gelten die mit Ihrem Kreditinstitut vereinbarten Bedingungen.', 'You may request a refund within eight weeks of the debit date, under the terms agreed with your bank.'),
              required: true,
            },
          ],
        },
        contactPage(),
      ],
      staffSummary: ['rasse', 'gefaehrlich', 'haltungSeit'],
      contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
    },
  ],
  sample: (today) => ({
    nachname: 'Schulz',
    vorname: 'Anna',
    geburtsdatum: '1979-07-21',
    anschrift: { street: 'Wiesenweg', houseNumber: '15', plz: '21244', city: 'Buchholz in der Nordheide' },
    hundName: 'Bruno',
    rasse: 'Labrador Retriever',
    geschlecht: 'ruede',
    wurfdatum: '2023-04-01',
    farbe: 'schokobraun',
    chipnummer: '276098106543210',
    haltungSeit: addDays(today, -10),
    gefaehrlich: 'nein',
    weitereHunde: [{ name: 'Luna', steuermarke: '0815' }],
    zahlungsart: 'lastschrift',
    kontoinhaber: 'Anna Schulz',
    iban: 'DE89370400440532013000',
    mandat: true,
    email: 'anna.schulz@example.org',
  }),
};
