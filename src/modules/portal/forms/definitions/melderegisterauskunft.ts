/** Einfache Melderegisterauskunft (§ 44 BMG). */
import type { FormEntry } from '../types.ts';
import { birthDate, contactPage, familyName, givenName, l, option, yesNo } from './common.ts';

export const melderegisterauskunft: FormEntry = {
  versions: [
    {
      id: 'melderegisterauskunft',
      version: 1,
      prefix: 'MR',
      title: l('Einfache Melderegisterauskunft', 'Simple information from the population register'),
      pages: [
        {
          id: 'antragsteller',
          title: l('Wer fragt an?', 'Who is asking?'),
          intro: l('Die Auskunft enthält Familienname, Vornamen, Doktorgrad und die derzeitigen Anschriften der gesuchten Person – oder dass sie verstorben ist.', 'The information contains the surname, first names, doctoral degree and current addresses of the person – or that they have died.'),
          fields: [
            { id: 'antragstellerName', kind: 'text', label: l('Ihr Name oder Name Ihrer Firma', 'Your name or your company’s name'), required: true, maxLength: 150, autocomplete: 'name' },
            { id: 'antragstellerAnschrift', kind: 'address', label: l('Ihre Anschrift', 'Your address'), required: true, withAddition: true, autofill: 'home' },
            { id: 'aktenzeichen', kind: 'text', label: l('Ihr Aktenzeichen (optional)', 'Your reference (optional)'), required: false, maxLength: 60 },
          ],
        },
        {
          id: 'gesuchte-person',
          title: l('Gesuchte Person', 'Person you are looking for'),
          intro: l('Wir können nur Auskunft geben, wenn wir die Person anhand Ihrer Angaben eindeutig finden. Geben Sie deshalb möglichst das Geburtsdatum oder eine frühere Anschrift an.', 'We can only answer if your details identify the person beyond doubt, so please give the date of birth or a previous address if you can.'),
          fields: [
            familyName('gesuchtNachname', { autocomplete: 'off' }),
            givenName('gesuchtVorname', { hint: undefined, autocomplete: 'off' }),
            birthDate('gesuchtGeburtsdatum', { label: l('Geburtsdatum (optional)', 'Date of birth (optional)'), required: false, autocomplete: 'off' }),
            {
              id: 'letzteAnschrift',
              kind: 'address',
              label: l('Letzte bekannte Anschrift', 'Last known address'),
              required: true,
              autofill: 'off',
              why: l('Die Person muss anhand der Angaben im Antrag eindeutig bestimmt werden können (§ 44 Abs. 3 Nr. 1 Bundesmeldegesetz).', 'The person must be identifiable beyond doubt from the details in the request (section 44(3) no. 1 Federal Registration Act).'),
            },
          ],
        },
        {
          id: 'zweck',
          title: l('Zweck der Auskunft', 'Purpose of the request'),
          fields: [
            yesNo('gewerblich', l('Verwenden Sie die Auskunft für gewerbliche Zwecke?', 'Will you use the information for commercial purposes?'), {
              hint: l('Zum Beispiel Inkasso, Vertragsabwicklung oder Vermietung', 'For example debt collection, contract handling or letting'),
              why: l('Wer die Auskunft für gewerbliche Zwecke verlangt, muss das angeben (§ 44 Abs. 1 Satz 2 BMG).', 'Anyone requesting the information for commercial purposes must say so (section 44(1) BMG).'),
            }),
            {
              id: 'keineWerbung',
              kind: 'checkbox',
              label: l('Ich verwende die Daten nicht für Werbung oder Adresshandel.', 'I will not use the data for advertising or address trading.'),
              required: true,
              why: l('Für Werbung und Adresshandel darf die Auskunft nur mit Einwilligung der gesuchten Person verwendet werden (§ 44 Abs. 3 Nr. 2 BMG).', 'The data may only be used for advertising or address trading with the person’s consent (section 44(3) no. 2 BMG).'),
            },
          ],
        },
        {
          id: 'gewerblicher-zweck',
          title: l('Gewerblicher Zweck', 'Commercial purpose'),
          showIf: { field: 'gewerblich', equals: 'ja' },
          fields: [
            { id: 'zweckBeschreibung', kind: 'textarea', label: l('Wofür verwenden Sie die Daten?', 'What will you use the data for?'), required: true, maxLength: 1000, rows: 3 },
          ],
        },
        {
          id: 'zustellung',
          title: l('Zustellung der Auskunft', 'Delivery'),
          fields: [
            {
              id: 'zustellung',
              kind: 'radio',
              label: l('Wie möchten Sie die Auskunft erhalten?', 'How would you like to receive the information?'),
              required: true,
              options: [option('post', 'Per Post an meine Anschrift', 'By post to my address'), option('email', 'Als PDF per E-Mail', 'As a PDF by email')],
            },
          ],
        },
        contactPage(),
      ],
      staffSummary: ['gewerblich', 'aktenzeichen'],
      contact: { name: 'antragstellerName', email: 'email', phone: 'telefon' },
    },
  ],
  sample: () => ({
    antragstellerName: 'Stadtwerke Musterstadt GmbH',
    antragstellerAnschrift: { street: 'Werkstraße', houseNumber: '3', plz: '32825', city: 'Blomberg' },
    aktenzeichen: 'KD-4711',
    gesuchtNachname: 'Schmidt',
    gesuchtVorname: 'Thomas',
    gesuchtGeburtsdatum: '1979-02-11',
    letzteAnschrift: { street: 'Bahnhofstraße', houseNumber: '22', plz: '32825', city: 'Blomberg' },
    gewerblich: 'ja',
    zweckBeschreibung: 'Zustellung der Schlussrechnung nach Auszug',
    keineWerbung: true,
    zustellung: 'email',
    email: 'forderungen@stadtwerke-musterstadt.example',
  }),
};
