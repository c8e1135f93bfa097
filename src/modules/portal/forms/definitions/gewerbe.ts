/**
 * Gewerbeanzeigen (§ 14 GewO) with the fields of the official forms of the
 * Gewerbeanzeigeverordnung: GewA 1 (Anmeldung), GewA 2 (Ummeldung) and
 * GewA 3 (Abmeldung). One person per application (Einzelunternehmen or the
 * person signing for a company); further partners file their own.
 */
import type { FieldDef, FormEntry, FormPage } from '../types.ts';
import { addDays } from '../checks.ts';
import { birthDate, birthName, birthPlace, contactPage, familyName, givenName, homeAddress, l, option, phone, sampleFile, yesNo, SAMPLE_ADDRESS } from './common.ts';

const why14 = l(
  'Die Angaben sind für die Gewerbeanzeige vorgeschrieben (§ 14 Gewerbeordnung und Vordruck der Gewerbeanzeigeverordnung). Die Gewerbebehörde gibt sie an die Stellen weiter, die sie brauchen, etwa Finanzamt, Kammern und Berufsgenossenschaft (§ 14 Abs. 8 GewO).',
  'These details are required for the trade notification (section 14 Trade Regulation Act and the official form). The trade office passes them on to the bodies that need them, e.g. tax office, chambers and accident insurance (section 14(8) GewO).',
);

const personPage: FormPage = {
  id: 'person',
  title: l('Angaben zur Person', 'About you'),
  intro: l('Bei einer Gesellschaft: die Angaben der Person, die die Anzeige erstattet (Geschäftsführung oder Gesellschafterin/Gesellschafter).', 'For a company: the details of the person making the notification (managing director or partner).'),
  fields: [
    familyName('nachname', { why: why14 }),
    birthName(),
    givenName(),
    {
      id: 'geschlecht',
      kind: 'radio',
      label: l('Geschlecht', 'Gender'),
      required: true,
      inline: true,
      options: [option('weiblich', 'weiblich', 'female'), option('maennlich', 'männlich', 'male'), option('divers', 'divers', 'diverse'), option('ohne-angabe', 'ohne Angabe', 'not specified')],
      why: why14,
    },
    birthDate(),
    birthPlace(),
    { id: 'staatsangehoerigkeit', kind: 'text', label: l('Staatsangehörigkeit(en)', 'Nationality'), required: true, maxLength: 100, why: why14 },
    homeAddress(),
  ],
};

const RECHTSFORMEN = [
  option('einzelunternehmen', 'Einzelunternehmen', 'Sole proprietorship'),
  option('gbr', 'Gesellschaft bürgerlichen Rechts (GbR)', 'Civil-law partnership (GbR)'),
  option('ohg', 'Offene Handelsgesellschaft (OHG)', 'General partnership (OHG)'),
  option('kg', 'Kommanditgesellschaft (KG, auch GmbH & Co. KG)', 'Limited partnership (KG)'),
  option('gmbh', 'GmbH', 'Limited company (GmbH)'),
  option('ug', 'UG (haftungsbeschränkt)', 'Mini-GmbH (UG)'),
  option('ag', 'Aktiengesellschaft (AG)', 'Public limited company (AG)'),
  option('eg', 'Eingetragene Genossenschaft (eG)', 'Registered cooperative (eG)'),
  option('ev', 'Eingetragener Verein (e. V.)', 'Registered association (e. V.)'),
  option('sonstige', 'Andere Rechtsform', 'Other legal form'),
];
const REGISTERED = ['ohg', 'kg', 'gmbh', 'ug', 'ag', 'eg', 'ev'];

const betriebFields = (addressLabel = l('Anschrift der Betriebsstätte', 'Address of the business premises')): FieldDef[] => [
  { id: 'betriebName', kind: 'text', label: l('Name des Geschäfts oder Firma (optional)', 'Trading name or company (optional)'), hint: l('Wie er auf Schild, Briefkopf oder im Handelsregister steht', 'As on the sign, letterhead or in the commercial register'), required: false, maxLength: 150, autocomplete: 'organization' },
  { id: 'betriebsstaette', kind: 'address', label: addressLabel, required: true, withAddition: true, autofill: 'off', why: why14 },
];

const registerPage: FormPage = {
  id: 'register',
  title: l('Registereintrag', 'Register entry'),
  showIf: { field: 'rechtsform', in: REGISTERED },
  fields: [
    { id: 'firma', kind: 'text', label: l('Firma wie im Register eingetragen', 'Company name as registered'), required: true, maxLength: 200 },
    {
      id: 'registerart',
      kind: 'select',
      label: l('Register', 'Register'),
      required: true,
      options: [option('HRA', 'Handelsregister A (HRA)', 'Commercial register A (HRA)'), option('HRB', 'Handelsregister B (HRB)', 'Commercial register B (HRB)'), option('GnR', 'Genossenschaftsregister (GnR)', 'Register of cooperatives (GnR)'), option('VR', 'Vereinsregister (VR)', 'Register of associations (VR)')],
    },
    { id: 'registergericht', kind: 'text', label: l('Registergericht', 'Registry court'), hint: l('Zum Beispiel „Amtsgericht Lemgo“', 'For example “Amtsgericht Lemgo”'), required: true, maxLength: 100 },
    { id: 'registernummer', kind: 'text', label: l('Registernummer', 'Register number'), required: true, maxLength: 20, width: 'width-4', pattern: { regex: /^\d{1,7}(\s?[A-Z]{1,3})?$/, message: l('Die Registernummer besteht aus Ziffern, eventuell mit Zusatz, zum Beispiel 12345 oder 1234 B.', 'The register number consists of digits, perhaps with a suffix, for example 12345 or 1234 B.') }, uppercase: true },
  ],
};

export const gewerbeanmeldung: FormEntry = {
  versions: [
    {
      id: 'gewerbeanmeldung',
      version: 1,
      prefix: 'GA',
      title: l('Gewerbe anmelden (GewA 1)', 'Register a business (GewA 1)'),
      pages: [
        personPage,
        contactPage(),
        {
          id: 'rechtsform',
          title: l('Rechtsform', 'Legal form'),
          fields: [{ id: 'rechtsform', kind: 'radio', label: l('In welcher Rechtsform betreiben Sie das Gewerbe?', 'What is the legal form of the business?'), required: true, options: RECHTSFORMEN, why: why14 }],
        },
        registerPage,
        {
          id: 'betrieb',
          title: l('Betriebsstätte', 'Business premises'),
          fields: [
            ...betriebFields(),
            phone('betriebTelefon', { label: l('Telefon der Betriebsstätte (optional)', 'Telephone of the premises (optional)'), hint: undefined, autocomplete: 'off' }),
            {
              id: 'niederlassung',
              kind: 'radio',
              label: l('Die Anmeldung gilt für eine …', 'The registration is for a …'),
              required: true,
              options: [option('hauptniederlassung', 'Hauptniederlassung', 'Head office'), option('zweigniederlassung', 'Zweigniederlassung', 'Branch'), option('unselbststaendige-zweigstelle', 'Unselbstständige Zweigstelle', 'Dependent branch office')],
              why: why14,
            },
          ],
        },
        {
          id: 'taetigkeit',
          title: l('Tätigkeit', 'Activity'),
          fields: [
            {
              id: 'taetigkeit',
              kind: 'textarea',
              label: l('Welche Tätigkeit melden Sie an?', 'Which activity are you registering?'),
              hint: l('Bitte genau beschreiben, zum Beispiel „Einzelhandel mit Fahrrädern und Zubehör, Reparatur von Fahrrädern“ statt „Handel“.', 'Please be precise, for example “retail of bicycles and accessories, bicycle repair” rather than “trade”.'),
              required: true,
              maxLength: 1000,
              rows: 4,
              why: l('Aus der Beschreibung ergibt sich, welche Kammer zuständig ist und ob die Tätigkeit eine Erlaubnis braucht.', 'The description determines the responsible chamber and whether a licence is required.'),
            },
            { id: 'beginn', kind: 'date', label: l('Beginn der Tätigkeit', 'Start of the activity'), required: true, rules: { maxYearsAgo: 1, maxDaysAhead: 365 }, why: l('Die Anzeige ist gleichzeitig mit dem Beginn des Betriebs zu erstatten (§ 14 Abs. 1 GewO).', 'The notification is due when the business starts (section 14(1) GewO).') },
            {
              id: 'bereich',
              kind: 'checkboxes',
              label: l('Art des Betriebs', 'Type of business'),
              required: true,
              options: [option('industrie', 'Industrie', 'Industry'), option('handwerk', 'Handwerk', 'Craft'), option('handel', 'Handel', 'Trade'), option('sonstiges', 'Sonstiges (z. B. Dienstleistung)', 'Other (e.g. services)')],
              why: why14,
            },
            yesNo('nebenerwerb', l('Betreiben Sie das Gewerbe im Nebenerwerb?', 'Is this a secondary occupation?'), { why: why14 }),
          ],
        },
        {
          id: 'beschaeftigte',
          title: l('Beschäftigte', 'Employees'),
          fields: [
            { id: 'beschaeftigteVollzeit', kind: 'number', label: l('Vollzeitbeschäftigte bei Beginn (ohne Inhaber)', 'Full-time employees at the start (excluding owners)'), required: true, min: 0, max: 100000, why: why14 },
            { id: 'beschaeftigteTeilzeit', kind: 'number', label: l('Teilzeitbeschäftigte bei Beginn', 'Part-time employees at the start'), required: true, min: 0, max: 100000 },
          ],
        },
        {
          id: 'anlass',
          title: l('Anlass der Anmeldung', 'Reason for the registration'),
          fields: [
            {
              id: 'grund',
              kind: 'radio',
              label: l('Warum melden Sie an?', 'Why are you registering?'),
              required: true,
              options: [
                option('neuerrichtung', 'Neuerrichtung oder Neugründung', 'New business'),
                option('uebernahme', 'Übernahme (Kauf, Pacht, Erbfolge)', 'Takeover (purchase, lease, inheritance)'),
                option('zuzug', 'Verlegung aus einem anderen Ort', 'Relocation from another municipality'),
                option('rechtsformwechsel', 'Wechsel der Rechtsform', 'Change of legal form'),
                option('gesellschaftereintritt', 'Eintritt als Gesellschafterin oder Gesellschafter', 'Joining as a partner'),
              ],
              why: why14,
            },
          ],
        },
        {
          id: 'uebernahme',
          title: l('Übernahme', 'Takeover'),
          showIf: { field: 'grund', equals: 'uebernahme' },
          fields: [
            { id: 'vorgaenger', kind: 'text', label: l('Name der bisherigen Gewerbetreibenden oder Firma', 'Name of the previous owner or company'), required: true, maxLength: 150 },
            { id: 'uebernahmeArt', kind: 'radio', label: l('Art der Übernahme', 'Type of takeover'), required: true, inline: true, options: [option('kauf', 'Kauf', 'Purchase'), option('pacht', 'Pacht', 'Lease'), option('erbfolge', 'Erbfolge', 'Inheritance')] },
          ],
        },
        {
          id: 'erlaubnis',
          title: l('Erlaubnis und Handwerksrolle', 'Licence and crafts register'),
          fields: [
            yesNo('erlaubnispflichtig', l('Brauchen Sie für die Tätigkeit eine Erlaubnis?', 'Does the activity require a licence?'), {
              hint: l('Zum Beispiel als Makler, Bewachungsunternehmen, Gaststätte mit Alkoholausschank oder Versicherungsvermittler', 'For example estate agents, security firms, bars serving alcohol or insurance brokers'),
              why: l('Erlaubnispflichtige Tätigkeiten dürfen erst mit der Erlaubnis ausgeübt werden (z. B. §§ 34a, 34c, 34d GewO).', 'Licensed activities may only start once the licence has been granted (e.g. sections 34a, 34c, 34d GewO).'),
            }),
            yesNo('handwerksrolle', l('Sind Sie in die Handwerksrolle eingetragen?', 'Are you entered in the crafts register?'), {
              required: false,
              hint: l('Nur für zulassungspflichtige Handwerke', 'Only for crafts that require admission'),
            }),
          ],
        },
        {
          id: 'erlaubnis-nachweis',
          title: l('Erlaubnis', 'Licence'),
          showIf: { field: 'erlaubnispflichtig', equals: 'ja' },
          fields: [
            { id: 'erlaubnisBehoerde', kind: 'text', label: l('Welche Behörde hat die Erlaubnis erteilt?', 'Which authority granted the licence?'), required: true, maxLength: 150 },
            { id: 'erlaubnisDatum', kind: 'date', label: l('Datum der Erlaubnis', 'Date of the licence'), required: true, rules: { notFuture: true, maxYearsAgo: 60 } },
            { id: 'erlaubnisDatei', kind: 'file', label: l('Kopie der Erlaubnis', 'Copy of the licence'), required: true, accept: ['pdf', 'jpeg', 'png'], maxFiles: 3 },
          ],
        },
      ],
      staffSummary: ['rechtsform', 'betriebName', 'beginn'],
      contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
    },
  ],
  sample: (today) => ({
    nachname: 'Krüger',
    vorname: 'Jana',
    geschlecht: 'weiblich',
    geburtsdatum: '1988-05-09',
    geburtsort: 'Lemgo',
    staatsangehoerigkeit: 'deutsch',
    anschrift: SAMPLE_ADDRESS,
    email: 'jana.krueger@example.org',
    rechtsform: 'ug',
    firma: 'Radwerk Blomberg UG (haftungsbeschränkt)',
    registerart: 'HRB',
    registergericht: 'Amtsgericht Lemgo',
    registernummer: '12345',
    betriebName: 'Radwerk Blomberg',
    betriebsstaette: { street: 'Langer Steinweg', houseNumber: '10', plz: '32825', city: 'Blomberg' },
    niederlassung: 'hauptniederlassung',
    taetigkeit: 'Einzelhandel mit Fahrrädern und Zubehör, Reparatur von Fahrrädern',
    beginn: addDays(today, 14),
    bereich: ['handwerk', 'handel'],
    nebenerwerb: 'nein',
    beschaeftigteVollzeit: '1',
    beschaeftigteTeilzeit: '2',
    grund: 'uebernahme',
    vorgaenger: 'Zweirad Meier e. K.',
    uebernahmeArt: 'kauf',
    erlaubnispflichtig: 'nein',
    handwerksrolle: 'nein',
  }),
};

export const gewerbeummeldung: FormEntry = {
  versions: [
    {
      id: 'gewerbeummeldung',
      version: 1,
      prefix: 'GM',
      title: l('Gewerbe ummelden (GewA 2)', 'Change a business registration (GewA 2)'),
      pages: [
        personPage,
        contactPage(),
        { id: 'betrieb', title: l('Bisheriger Betrieb', 'Current business'), fields: betriebFields(l('Bisherige Anschrift der Betriebsstätte', 'Current address of the premises')) },
        {
          id: 'aenderung',
          title: l('Was ändert sich?', 'What is changing?'),
          fields: [
            {
              id: 'aenderung',
              kind: 'checkboxes',
              label: l('Was ändert sich?', 'What is changing?'),
              required: true,
              options: [
                option('verlegung', 'Verlegung der Betriebsstätte innerhalb der Stadt', 'Moving the premises within the town', l('Bei Umzug in eine andere Gemeinde melden Sie hier ab und dort neu an.', 'When moving to another municipality, deregister here and register there.')),
                option('taetigkeit', 'Wechsel oder Erweiterung der Tätigkeit', 'Change or extension of the activity'),
              ],
              why: l('Eine Anzeige ist auch nötig, wenn der Betrieb verlegt oder die Tätigkeit gewechselt oder ausgedehnt wird (§ 14 Abs. 1 Satz 2 GewO).', 'A notification is also required when the business moves or its activity changes or extends (section 14(1) GewO).'),
            },
            { id: 'datum', kind: 'date', label: l('Ab wann gilt die Änderung?', 'From when does the change apply?'), required: true, rules: { maxYearsAgo: 1, maxDaysAhead: 365 } },
          ],
        },
        {
          id: 'neue-betriebsstaette',
          title: l('Neue Betriebsstätte', 'New premises'),
          showIf: { field: 'aenderung', equals: 'verlegung' },
          fields: [{ id: 'neueBetriebsstaette', kind: 'address', label: l('Neue Anschrift der Betriebsstätte', 'New address of the premises'), required: true, withAddition: true, autofill: 'off', why: why14 }],
        },
        {
          id: 'neue-taetigkeit',
          title: l('Tätigkeit', 'Activity'),
          showIf: { field: 'aenderung', equals: 'taetigkeit' },
          fields: [
            { id: 'bisherigeTaetigkeit', kind: 'textarea', label: l('Bisherige Tätigkeit', 'Previous activity'), required: true, maxLength: 1000, rows: 3 },
            { id: 'neueTaetigkeit', kind: 'textarea', label: l('Tätigkeit nach der Änderung', 'Activity after the change'), hint: l('Die vollständige Tätigkeit, so genau wie möglich', 'The complete activity, as precisely as possible'), required: true, maxLength: 1000, rows: 3, why: why14 },
          ],
        },
      ],
      staffSummary: ['aenderung', 'datum'],
      contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
    },
  ],
  sample: (today) => ({
    nachname: 'Krüger',
    vorname: 'Jana',
    geschlecht: 'weiblich',
    geburtsdatum: '1988-05-09',
    geburtsort: 'Lemgo',
    staatsangehoerigkeit: 'deutsch',
    anschrift: SAMPLE_ADDRESS,
    email: 'jana.krueger@example.org',
    betriebName: 'Radwerk Blomberg',
    betriebsstaette: { street: 'Langer Steinweg', houseNumber: '10', plz: '32825', city: 'Blomberg' },
    aenderung: ['verlegung', 'taetigkeit'],
    datum: addDays(today, 30),
    neueBetriebsstaette: { street: 'Industriestraße', houseNumber: '5', plz: '32825', city: 'Blomberg', addition: 'Halle 2' },
    bisherigeTaetigkeit: 'Einzelhandel mit Fahrrädern und Zubehör, Reparatur von Fahrrädern',
    neueTaetigkeit: 'Einzelhandel mit Fahrrädern, E-Bikes und Zubehör, Reparatur von Fahrrädern, Verleih von E-Bikes',
  }),
};

export const gewerbeabmeldung: FormEntry = {
  versions: [
    {
      id: 'gewerbeabmeldung',
      version: 1,
      prefix: 'GE',
      title: l('Gewerbe abmelden (GewA 3)', 'Deregister a business (GewA 3)'),
      pages: [
        personPage,
        contactPage(),
        { id: 'betrieb', title: l('Betrieb', 'Business'), fields: [...betriebFields(), { id: 'taetigkeit', kind: 'textarea', label: l('Abgemeldete Tätigkeit', 'Activity being deregistered'), required: true, maxLength: 1000, rows: 3 }] },
        {
          id: 'aufgabe',
          title: l('Aufgabe des Betriebs', 'Closing the business'),
          fields: [
            { id: 'datum', kind: 'date', label: l('Datum der Betriebsaufgabe', 'Date of closure'), required: true, rules: { maxYearsAgo: 2, maxDaysAhead: 90 }, why: l('Die Aufgabe des Betriebs ist anzuzeigen (§ 14 Abs. 1 Satz 2 Nr. 3 GewO).', 'Closing a business must be notified (section 14(1) GewO).') },
            { id: 'umfang', kind: 'radio', label: l('Geben Sie den Betrieb ganz auf?', 'Are you closing the whole business?'), required: true, options: [option('vollstaendig', 'Ja, vollständig', 'Yes, completely'), option('teilweise', 'Nein, nur eine Tätigkeit oder Betriebsstätte', 'No, only one activity or site')] },
            {
              id: 'grund',
              kind: 'radio',
              label: l('Grund der Abmeldung', 'Reason for deregistration'),
              required: true,
              options: [
                option('wirtschaftlich', 'Wirtschaftliche Gründe', 'Economic reasons'),
                option('alter-gesundheit', 'Alter oder Gesundheit', 'Age or health'),
                option('uebergabe', 'Übergabe an eine Nachfolgerin oder einen Nachfolger (Verkauf, Verpachtung, Erbfolge)', 'Handing over to a successor (sale, lease, inheritance)'),
                option('verlegung', 'Verlegung in eine andere Gemeinde', 'Relocation to another municipality'),
                option('rechtsformwechsel', 'Wechsel der Rechtsform', 'Change of legal form'),
                option('insolvenz', 'Insolvenz', 'Insolvency'),
                option('sonstige', 'Sonstiger Grund', 'Other reason'),
              ],
              why: why14,
            },
          ],
        },
        {
          id: 'nachfolge',
          title: l('Nachfolge', 'Successor'),
          showIf: { field: 'grund', equals: 'uebergabe' },
          fields: [{ id: 'nachfolger', kind: 'text', label: l('Name der Nachfolgerin, des Nachfolgers oder der Firma', 'Name of the successor or company'), required: true, maxLength: 150 }],
        },
        {
          id: 'unterlagen',
          title: l('Unterlagen', 'Documents'),
          fields: [{ id: 'unterlagen', kind: 'file', label: l('Weitere Unterlagen (optional)', 'Further documents (optional)'), hint: l('Zum Beispiel Vollmacht, wenn Sie für eine andere Person abmelden', 'For example a power of attorney if you deregister for someone else'), required: false, accept: ['pdf', 'jpeg', 'png'], maxFiles: 5 }],
        },
      ],
      staffSummary: ['datum', 'grund'],
      contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
    },
  ],
  sample: (today) => ({
    nachname: 'Meier',
    vorname: 'Klaus',
    geschlecht: 'maennlich',
    geburtsdatum: '1956-12-01',
    geburtsort: 'Blomberg',
    staatsangehoerigkeit: 'deutsch',
    anschrift: SAMPLE_ADDRESS,
    email: 'klaus.meier@example.org',
    betriebName: 'Zweirad Meier e. K.',
    betriebsstaette: { street: 'Langer Steinweg', houseNumber: '10', plz: '32825', city: 'Blomberg' },
    taetigkeit: 'Einzelhandel mit Fahrrädern und Zubehör',
    datum: addDays(today, 14),
    umfang: 'vollstaendig',
    grund: 'uebergabe',
    nachfolger: 'Radwerk Blomberg UG (haftungsbeschränkt)',
    unterlagen: [sampleFile(4, 'kaufvertrag-auszug.pdf')],
  }),
};
