/**
 * Sperrmüllkarte: pickup of bulky waste with a preferred date. The journey
 * offers only days with capacity left in the Abfuhrbezirk (`dateSource`);
 * the definition itself requires a future weekday within 90 days.
 */
import type { FormEntry } from '../types.ts';
import { addDays, isWeekday } from '../checks.ts';
import { email, l, option, phone } from './common.ts';

/** The first weekday at least a week ahead (sample answers). */
function nextPickupDay(today: string): string {
  let day = addDays(today, 7);
  while (!isWeekday(day)) day = addDays(day, 1);
  return day;
}

export const sperrmuell: FormEntry = {
  versions: [
    {
      id: 'sperrmuell',
      version: 1,
      prefix: 'SP',
      title: l('Sperrmüll anmelden (Sperrmüllkarte)', 'Book a bulky waste collection'),
      pages: [
        {
          id: 'abholadresse',
          title: l('Abholadresse', 'Collection address'),
          intro: l('Wir holen Sperrmüll nur im Stadtgebiet ab, an der Grundstücksgrenze zur Straße.', 'We collect bulky waste only within the town, at the property line by the road.'),
          fields: [
            {
              id: 'abholadresse',
              kind: 'address',
              label: l('Wo sollen wir den Sperrmüll abholen?', 'Where should we collect it?'),
              required: true,
              withAddition: true,
              autofill: 'home',
              why: l('Aus der Adresse ergibt sich Ihr Abfuhrbezirk und damit die möglichen Abholtage.', 'The address determines your collection district and so the possible collection days.'),
            },
          ],
        },
        {
          id: 'gegenstaende',
          title: l('Was wird abgeholt?', 'What should be collected?'),
          fields: [
            {
              id: 'gegenstaende',
              kind: 'checkboxes',
              label: l('Welche Gegenstände stellen Sie heraus?', 'What will you put out?'),
              hint: l('Kein Sperrmüll sind zum Beispiel Bauschutt, Farben, Autoreifen und Gelbe-Sack-Abfälle.', 'Not bulky waste: rubble, paint, car tyres and packaging waste, for example.'),
              required: true,
              options: [
                option('moebel', 'Möbel (Schränke, Tische, Stühle, Sofas)', 'Furniture (cupboards, tables, chairs, sofas)'),
                option('matratzen', 'Matratzen und Lattenroste', 'Mattresses and slatted frames'),
                option('teppiche', 'Teppiche und Bodenbeläge (gerollt)', 'Carpets and floor coverings (rolled)'),
                option('gartenmoebel', 'Gartenmöbel und Kinderspielgeräte', 'Garden furniture and children’s play equipment'),
                option('elektro-gross', 'Elektrogroßgeräte (Kühlschrank, Waschmaschine, Herd)', 'Large electrical appliances (fridge, washing machine, cooker)'),
                option('sonstiges', 'Sonstiges', 'Other'),
              ],
            },
            { id: 'volumen', kind: 'number', label: l('Ungefähre Menge', 'Approximate volume'), hint: l('In Kubikmetern; ein Kleiderschrank sind etwa 2 m³. Höchstens 5 m³ je Abholung.', 'In cubic metres; a wardrobe is about 2 m³. At most 5 m³ per collection.'), required: true, min: 1, max: 5, unit: l('m³', 'm³') },
            { id: 'beschreibung', kind: 'textarea', label: l('Was genau? (optional)', 'What exactly? (optional)'), hint: l('Zum Beispiel „1 Sofa, 2 Stühle, 1 Matratze“', 'For example “1 sofa, 2 chairs, 1 mattress”'), required: false, maxLength: 500, rows: 3 },
          ],
        },
        {
          id: 'elektro',
          title: l('Elektrogroßgeräte', 'Large electrical appliances'),
          showIf: { field: 'gegenstaende', equals: 'elektro-gross' },
          intro: l('Elektrogeräte holt ein eigenes Fahrzeug ab. Bitte geben Sie an, wie viele es sind.', 'Electrical appliances are collected by a separate vehicle. Please tell us how many.'),
          fields: [
            { id: 'kuehlgeraete', kind: 'number', label: l('Kühl- und Gefriergeräte', 'Fridges and freezers'), required: true, min: 0, max: 5, width: 'width-2' },
            { id: 'grossgeraete', kind: 'number', label: l('Andere Großgeräte (Waschmaschine, Trockner, Herd)', 'Other large appliances (washing machine, dryer, cooker)'), required: true, min: 0, max: 5, width: 'width-2' },
          ],
        },
        {
          id: 'termin',
          title: l('Wunschtermin', 'Preferred date'),
          fields: [
            {
              id: 'wunschtermin',
              kind: 'date',
              dateSource: 'sperrmuell',
              label: l('Wann sollen wir abholen?', 'When should we collect?'),
              hint: l('Abholung montags bis freitags. Stellen Sie die Sachen am Vorabend ab 18 Uhr heraus.', 'Collections Monday to Friday. Put items out from 6 pm the evening before.'),
              required: true,
              rules: { future: true, weekdaysOnly: true, maxDaysAhead: 90 },
            },
            { id: 'standort', kind: 'text', label: l('Wo stehen die Sachen? (optional)', 'Where will the items be? (optional)'), hint: l('Zum Beispiel „neben der Garageneinfahrt“', 'For example “next to the garage entrance”'), required: false, maxLength: 200 },
          ],
        },
        {
          id: 'kontakt',
          title: l('Kontaktdaten', 'Contact details'),
          fields: [
            { id: 'name', kind: 'text', label: l('Ihr Name', 'Your name'), required: true, maxLength: 150, autocomplete: 'name' },
            email(),
            phone('telefon', { hint: l('Falls das Abfuhrteam Sie am Abholtag erreichen muss', 'In case the collection team needs to reach you on the day') }),
          ],
        },
      ],
      staffSummary: ['wunschtermin', 'volumen', 'gegenstaende'],
      contact: { name: 'name', email: 'email', phone: 'telefon' },
    },
  ],
  sample: (today) => ({
    abholadresse: { street: 'Kirchplatz', houseNumber: '3', plz: '59368', city: 'Werne' },
    gegenstaende: ['moebel', 'elektro-gross'],
    volumen: '3',
    beschreibung: '1 Sofa, 2 Stühle, 1 Kleiderschrank (zerlegt)',
    kuehlgeraete: '1',
    grossgeraete: '0',
    wunschtermin: nextPickupDay(today),
    standort: 'Neben der Garageneinfahrt',
    name: 'Max Mustermann',
    email: 'max.mustermann@example.org',
  }),
};
