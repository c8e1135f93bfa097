/** Abmeldung bei Wegzug ins Ausland (§ 17 Abs. 2 BMG). */
import type { FormEntry } from '../types.ts';
import { addDays } from '../checks.ts';
import { birthDate, birthName, contactPage, familyName, givenName, homeAddress, l, option, SAMPLE_ADDRESS } from './common.ts';

const why17 = l(
  'Wer aus einer Wohnung auszieht und keine neue Wohnung in Deutschland bezieht, muss sich innerhalb von zwei Wochen nach dem Auszug abmelden; frühestens eine Woche vor dem Auszug (§ 17 Abs. 2 Bundesmeldegesetz).',
  'If you move out and do not take up a new home in Germany, you must deregister within two weeks after moving out, at the earliest one week before (section 17(2) Federal Registration Act).',
);

export const abmeldungAusland: FormEntry = {
  versions: [
    {
      id: 'abmeldung-ausland',
      version: 1,
      prefix: 'AA',
      title: l('Abmeldung ins Ausland', 'Deregistration when moving abroad'),
      pages: [
        {
          id: 'person',
          title: l('Angaben zu Ihrer Person', 'About you'),
          fields: [familyName(), birthName(), givenName(), birthDate()],
        },
        {
          id: 'bisherige-wohnung',
          title: l('Ihre bisherige Wohnung', 'Your current home'),
          fields: [
            homeAddress('anschrift', { label: l('Anschrift der Wohnung, aus der Sie ausziehen', 'Address of the home you are leaving') }),
            {
              id: 'wohnungsstatus',
              kind: 'radio',
              label: l('Was war diese Wohnung für Sie?', 'What was this home for you?'),
              required: true,
              options: [option('hauptwohnung', 'Hauptwohnung (oder einzige Wohnung)', 'Main (or only) residence'), option('nebenwohnung', 'Nebenwohnung', 'Secondary residence')],
            },
            {
              id: 'auszugsdatum',
              kind: 'date',
              label: l('Datum des Auszugs', 'Date of moving out'),
              required: true,
              rules: { maxDaysAhead: 7, maxYearsAgo: 1 },
              why: why17,
            },
          ],
        },
        {
          id: 'neue-anschrift',
          title: l('Ihre neue Anschrift im Ausland', 'Your new address abroad'),
          fields: [
            { id: 'zuzugsstaat', kind: 'text', label: l('Staat', 'Country'), required: true, maxLength: 80, autocomplete: 'country-name' },
            {
              id: 'auslandsanschrift',
              kind: 'textarea',
              label: l('Anschrift im Ausland (optional)', 'Address abroad (optional)'),
              hint: l('So, wie sie auf einem Brief stehen würde. Wenn Sie sie noch nicht kennen, lassen Sie das Feld leer.', 'As it would appear on a letter. Leave empty if you do not know it yet.'),
              required: false,
              maxLength: 500,
              rows: 4,
              why: l('Die Anschrift im Ausland wird im Melderegister gespeichert, wenn sie bekannt ist (§ 3 Abs. 1 Nr. 12 BMG). Behörden können Sie so auch nach dem Wegzug erreichen.', 'The address abroad is stored in the register if known (section 3(1) no. 12 BMG), so authorities can reach you after you have left.'),
            },
          ],
        },
        {
          id: 'mitziehende',
          title: l('Weitere Personen', 'Other people moving with you'),
          intro: l('Ziehen Familienangehörige aus derselben Wohnung mit ins Ausland, können Sie sie hier mit abmelden.', 'If family members from the same home are moving abroad with you, you can deregister them here too.'),
          fields: [
            {
              id: 'personen',
              kind: 'repeat',
              label: l('Mitziehende Personen', 'People moving with you'),
              hint: l('Lassen Sie die Liste leer, wenn Sie allein ausziehen.', 'Leave the list empty if you move alone.'),
              required: false,
              minItems: 0,
              maxItems: 9,
              itemLabel: l('Person', 'Person'),
              addLabel: l('Person hinzufügen', 'Add a person'),
              fields: [familyName(), givenName(), birthDate()],
              why: l('Familienangehörige können gemeinsam abgemeldet werden, wenn sie aus derselben Wohnung ausziehen (§ 17 Abs. 2 BMG).', 'Family members moving out of the same home may be deregistered together (section 17(2) BMG).'),
            },
          ],
        },
        {
          id: 'versand',
          title: l('Abmeldebestätigung', 'Confirmation of deregistration'),
          fields: [
            {
              id: 'versand',
              kind: 'radio',
              label: l('Wohin sollen wir die Abmeldebestätigung schicken?', 'Where should we send the confirmation?'),
              required: true,
              options: [
                option('email', 'Als PDF an meine E-Mail-Adresse', 'As a PDF to my email address'),
                option('post-inland', 'Per Post an eine Anschrift in Deutschland', 'By post to an address in Germany'),
              ],
            },
          ],
        },
        {
          id: 'versandadresse',
          title: l('Versandanschrift in Deutschland', 'Delivery address in Germany'),
          showIf: { field: 'versand', equals: 'post-inland' },
          fields: [
            { id: 'versandName', kind: 'text', label: l('Empfänger (c/o)', 'Recipient (c/o)'), required: true, maxLength: 100 },
            { id: 'versandanschrift', kind: 'address', label: l('Anschrift', 'Address'), required: true, withAddition: true, autofill: 'shipping' },
          ],
        },
        contactPage(),
      ],
      staffSummary: ['zuzugsstaat', 'auszugsdatum'],
      contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
    },
  ],
  sample: (today) => ({
    nachname: 'Yılmaz',
    vorname: 'Deniz',
    geburtsdatum: '1990-11-02',
    anschrift: SAMPLE_ADDRESS,
    wohnungsstatus: 'hauptwohnung',
    auszugsdatum: addDays(today, 3),
    zuzugsstaat: 'Niederlande',
    auslandsanschrift: 'Keizersgracht 12\n1015 CS Amsterdam',
    personen: [{ nachname: 'Yılmaz', vorname: 'Ela', geburtsdatum: '2018-06-14' }],
    versand: 'post-inland',
    versandName: 'Familie Yılmaz',
    versandanschrift: { street: 'Mittelstraße', houseNumber: '17', plz: '32825', city: 'Blomberg' },
    email: 'deniz.yilmaz@example.org',
  }),
};
