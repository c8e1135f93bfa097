/**
 * Wohnungsgeberbestätigung (§ 19 BMG), elektronisch an die Meldebehörde
 * (§ 19 Abs. 4 BMG): the landlord confirms the move; the fields are those of
 * § 19 Abs. 3 BMG.
 */
import type { FormEntry } from '../types.ts';
import { addDays } from '../checks.ts';
import { email, familyName, givenName, l, option, phone } from './common.ts';

const why19 = l(
  'Die Bestätigung muss diese Angaben enthalten (§ 19 Abs. 3 Bundesmeldegesetz).',
  'The confirmation must contain these details (section 19(3) Federal Registration Act).',
);

export const wohnungsgeberbestaetigung: FormEntry = {
  versions: [
    {
      id: 'wohnungsgeberbestaetigung',
      version: 1,
      prefix: 'WG',
      title: l('Wohnungsgeberbestätigung', 'Landlord’s confirmation of residence'),
      pages: [
        {
          id: 'wohnungsgeber',
          title: l('Angaben zum Wohnungsgeber', 'About the landlord'),
          intro: l(
            'Wohnungsgeber ist, wer die Wohnung zur Verfügung stellt: die Eigentümerin, der Eigentümer, eine beauftragte Hausverwaltung oder bei Untervermietung die Hauptmieterin oder der Hauptmieter.',
            'The landlord is whoever provides the home: the owner, a property manager acting for them or, when subletting, the main tenant.',
          ),
          fields: [
            {
              id: 'rolle',
              kind: 'radio',
              label: l('Wer stellt die Wohnung zur Verfügung?', 'Who provides the home?'),
              required: true,
              options: [
                option('eigentuemer', 'Ich bin Eigentümerin oder Eigentümer', 'I am the owner'),
                option('beauftragt', 'Ich bin von der Eigentümerin oder dem Eigentümer beauftragt (z. B. Hausverwaltung)', 'I act for the owner (e.g. property management)'),
                option('hauptmieter', 'Ich vermiete als Hauptmieterin oder Hauptmieter unter', 'I sublet as the main tenant'),
              ],
            },
            { id: 'wohnungsgeberName', kind: 'text', label: l('Name oder Firma des Wohnungsgebers', 'Name or company of the landlord'), required: true, maxLength: 150, autocomplete: 'name', why: why19 },
            { id: 'wohnungsgeberAnschrift', kind: 'address', label: l('Anschrift des Wohnungsgebers', 'Address of the landlord'), required: true, withAddition: true, autofill: 'home', why: why19 },
          ],
        },
        {
          id: 'eigentuemer',
          title: l('Eigentümerin oder Eigentümer', 'Owner'),
          showIf: { not: { field: 'rolle', equals: 'eigentuemer' } },
          fields: [
            {
              id: 'eigentuemerName',
              kind: 'text',
              label: l('Name der Eigentümerin oder des Eigentümers', 'Name of the owner'),
              required: true,
              maxLength: 150,
              why: l('Ist der Wohnungsgeber nicht selbst Eigentümer, muss die Bestätigung auch den Namen des Eigentümers enthalten (§ 19 Abs. 3 Nr. 1 BMG).', 'If the landlord is not the owner, the confirmation must also name the owner (section 19(3) no. 1 BMG).'),
            },
          ],
        },
        {
          id: 'vorgang',
          title: l('Einzug oder Auszug', 'Moving in or out'),
          fields: [
            { id: 'vorgang', kind: 'radio', label: l('Was bestätigen Sie?', 'What are you confirming?'), required: true, options: [option('einzug', 'Einzug', 'Moving in'), option('auszug', 'Auszug (nur bei Wegzug ins Ausland)', 'Moving out (only when moving abroad)')], why: why19 },
            { id: 'datum', kind: 'date', label: l('Datum des Einzugs oder Auszugs', 'Date of moving in or out'), required: true, rules: { maxYearsAgo: 1, maxDaysAhead: 90 }, why: why19 },
          ],
        },
        {
          id: 'wohnung',
          title: l('Die Wohnung', 'The home'),
          fields: [
            {
              id: 'wohnungsanschrift',
              kind: 'address',
              label: l('Anschrift der Wohnung', 'Address of the home'),
              hint: l('Im Adresszusatz zum Beispiel Stockwerk oder Lage („2. OG links“)', 'Use address line 2 for the floor or position (“2nd floor left”)'),
              required: true,
              withAddition: true,
              autofill: 'off',
              why: why19,
            },
          ],
        },
        {
          id: 'personen',
          title: l('Meldepflichtige Personen', 'People moving'),
          fields: [
            {
              id: 'personen',
              kind: 'repeat',
              label: l('Wer zieht ein oder aus?', 'Who is moving in or out?'),
              hint: l('Alle Personen, die in die Wohnung einziehen oder aus ihr ausziehen, auch Kinder.', 'Everyone moving in or out, children included.'),
              required: true,
              minItems: 1,
              maxItems: 12,
              itemLabel: l('Person', 'Person'),
              addLabel: l('Weitere Person hinzufügen', 'Add another person'),
              fields: [familyName(), givenName('vorname', { hint: l('Alle Vornamen', 'All first names') })],
              why: why19,
            },
          ],
        },
        {
          id: 'kontakt',
          title: l('Ihre Kontaktdaten', 'Your contact details'),
          intro: l('Wir schicken Ihnen das Zuordnungsmerkmal, das Sie an die einziehenden Personen weitergeben. Sie nennen es bei der Anmeldung.', 'We send you a reference code to pass on to the people moving in; they quote it when they register.'),
          fields: [email(), phone()],
        },
        {
          id: 'erklaerung',
          title: l('Bestätigung', 'Declaration'),
          fields: [
            {
              id: 'richtigkeit',
              kind: 'checkbox',
              label: l('Ich bestätige, dass die Angaben richtig sind und die genannten Personen tatsächlich einziehen oder ausgezogen sind.', 'I confirm that the details are correct and the people named are really moving in or have moved out.'),
              required: true,
              why: l(
                'Eine Wohnungsgeberbestätigung für einen Einzug, der nicht stattfindet, ist verboten und kann mit einer Geldbuße bis zu 50.000 Euro geahndet werden (§ 19 Abs. 6, § 54 BMG).',
                'Confirming a move that does not happen is prohibited and can be fined up to 50,000 euros (sections 19(6) and 54 BMG).',
              ),
            },
          ],
        },
      ],
      staffSummary: ['vorgang', 'datum', 'wohnungsanschrift'],
      contact: { name: 'wohnungsgeberName', email: 'email', phone: 'telefon' },
    },
  ],
  sample: (today) => ({
    rolle: 'beauftragt',
    wohnungsgeberName: 'Hausverwaltung Lippe GmbH',
    wohnungsgeberAnschrift: { street: 'Neue Torstraße', houseNumber: '12', plz: '32825', city: 'Blomberg' },
    eigentuemerName: 'Friedrich Krüger',
    vorgang: 'einzug',
    datum: addDays(today, -3),
    wohnungsanschrift: { street: 'Lindenstraße', houseNumber: '4a', plz: '32825', city: 'Blomberg', addition: '2. OG links' },
    personen: [
      { nachname: 'Schneider', vorname: 'Jonas' },
      { nachname: 'Schneider', vorname: 'Mia Sophie' },
    ],
    email: 'vermietung@hausverwaltung-lippe.example',
    richtigkeit: true,
  }),
};
