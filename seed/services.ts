/**
 * The demo Leistungskatalog: realistic German service descriptions for the two
 * demo municipalities. Musterstadt (NRW) offers every service, Beispielhausen
 * (Bayern) a different subset. Amounts set by federal law are stated with their
 * source; amounts that each municipality or Land sets itself are demo values
 * and say so. LeiKa keys stay empty: none could be confirmed from a reliable
 * source, and an invented key would mislead other systems.
 */
import type { Executor } from '../src/core/db/database.ts';
import type { Fee, OnlineMode, PaymentPolicy } from '../src/modules/portal/catalog/schema.ts';

type DemoTenantSlug = 'musterstadt' | 'beispielhausen';

interface DemoService {
  slug: string;
  title: string;
  short: string;
  long: string;
  requirements: string;
  documents: string[];
  fees: Fee[];
  feeExemptions?: string;
  processingTime: string;
  deadlines?: string;
  legalBasis: string;
  onlineMode: OnlineMode;
  /** false: information only, no online form. */
  online: boolean;
  categories: string[];
  synonyms: string[];
  /** Responsible unit per tenant; a tenant missing here does not offer the service. */
  units: Partial<Record<DemoTenantSlug, string>>;
  /** Fees that differ in a tenant (each municipality sets its own). */
  feesBy?: Partial<Record<DemoTenantSlug, Fee[]>>;
  /** How fees are paid (default: online before sending). */
  paymentPolicy?: PaymentPolicy;
  /** A Gebührenbefreiung can be claimed online, with proof (the town itself decides). */
  feeExemption?: boolean;
}

const DEMO = 'Demowert: die Höhe legt jede Kommune in ihrer Gebührensatzung fest.';

const services: DemoService[] = [
  {
    slug: 'meldebescheinigung',
    feeExemption: true,
    title: 'Meldebescheinigung',
    short: 'Bescheinigung über Ihre aktuelle Anschrift – einfach oder erweitert, per Post zu Ihnen nach Hause.',
    long: [
      'Mit einer Meldebescheinigung weisen Sie nach, dass und wo Sie gemeldet sind, zum Beispiel gegenüber Arbeitgebern, Banken, Schulen oder Behörden im Ausland.',
      'Die einfache Meldebescheinigung enthält Ihren Familiennamen, Ihre Vornamen, einen Doktorgrad und Ihre derzeitigen Anschriften. Die erweiterte Meldebescheinigung enthält zusätzlich weitere Daten aus dem Melderegister, etwa Geburtsdatum und Geburtsort, Staatsangehörigkeiten, frühere Anschriften oder das Einzugsdatum. Bitte wählen Sie im Antrag die Art aus, die von Ihnen verlangt wird.',
      'Die Bescheinigung wird nur für Sie selbst oder für Personen ausgestellt, die mit Ihnen in derselben Wohnung gemeldet sind und Sie dazu bevollmächtigt haben.',
    ].join('\n\n'),
    requirements: 'Sie sind in der Stadt mit Haupt- oder Nebenwohnung gemeldet. Für den Online-Antrag brauchen Sie eine E-Mail-Adresse; die Bescheinigung wird an Ihre Meldeanschrift geschickt.',
    documents: ['Keine Unterlagen nötig, wenn Sie die Bescheinigung für sich selbst beantragen', 'Bei Beantragung für eine andere Person: Vollmacht dieser Person (PDF oder Foto)'],
    fees: [
      { label: 'Einfache Meldebescheinigung', amountCents: 500, note: DEMO },
      { label: 'Erweiterte Meldebescheinigung', amountCents: 1000, note: DEMO },
    ],
    feeExemptions: 'Gebührenfrei ist die Bescheinigung in der Regel, wenn sie für Zwecke der Rente, des Kindergelds oder der Sozialhilfe verlangt wird. Bitte geben Sie den Zweck im Antrag an.',
    processingTime: 'In der Regel 3 bis 5 Arbeitstage, dazu der Postweg.',
    legalBasis: '§ 18 Bundesmeldegesetz (BMG); Gebühr nach der Verwaltungsgebührensatzung der Kommune.',
    onlineMode: 'online',
    online: true,
    categories: ['umzug', 'ausweise-dokumente'],
    synonyms: ['Wohnsitzbescheinigung', 'Meldenachweis', 'Meldebestätigung', 'Aufenthaltsbescheinigung', 'Anmeldebestätigung'],
    units: { musterstadt: 'buergerbuero', beispielhausen: 'einwohnermeldeamt' },
    feesBy: {
      beispielhausen: [
        { label: 'Einfache Meldebescheinigung', amountCents: 800, note: DEMO },
        { label: 'Erweiterte Meldebescheinigung', amountCents: 1200, note: DEMO },
      ],
    },
  },
  {
    slug: 'anmeldung-wohnsitz',
    title: 'Wohnsitz anmelden',
    short: 'Nach dem Einzug in eine neue Wohnung melden Sie sich innerhalb von zwei Wochen persönlich an.',
    long: [
      'Wer in eine Wohnung einzieht, muss sich bei der Meldebehörde anmelden. Das gilt für den Zuzug aus einer anderen Gemeinde ebenso wie für einen Umzug innerhalb der Stadt.',
      'Die Anmeldung erledigen Sie persönlich im Bürgerbüro. Bitte buchen Sie dafür einen Termin. Sie können eine andere Person mit einer schriftlichen Vollmacht schicken.',
    ].join('\n\n'),
    requirements: 'Sie sind in eine Wohnung in der Stadt eingezogen.',
    documents: ['Personalausweis oder Reisepass aller Personen, die angemeldet werden', 'Wohnungsgeberbestätigung des Vermieters oder der Vermieterin', 'Bei Kindern: Geburtsurkunde, wenn sie zum ersten Mal angemeldet werden'],
    fees: [],
    processingTime: 'Sofort bei Ihrem Termin.',
    deadlines: 'Innerhalb von zwei Wochen nach dem Einzug.',
    legalBasis: '§ 17 Absatz 1 Bundesmeldegesetz (BMG)',
    onlineMode: 'visit',
    online: false,
    categories: ['umzug'],
    synonyms: ['Anmeldung', 'Ummeldung', 'Umzug melden', 'Adressänderung', 'Zuzug', 'Wohnung anmelden'],
    units: { musterstadt: 'buergerbuero', beispielhausen: 'einwohnermeldeamt' },
  },
  {
    slug: 'abmeldung-ausland',
    title: 'Abmeldung ins Ausland',
    short: 'Wenn Sie ins Ausland ziehen und in Deutschland keine Wohnung behalten, melden Sie sich ab – auch online.',
    long: [
      'Ziehen Sie ins Ausland und behalten in Deutschland keine Wohnung, müssen Sie sich bei der Meldebehörde abmelden. Ziehen Sie innerhalb Deutschlands um, ist keine Abmeldung nötig: Sie melden sich dann nur am neuen Wohnort an.',
      'Die Abmeldung können Sie frühestens eine Woche vor dem Auszug vornehmen. Nach der Bearbeitung erhalten Sie eine Abmeldebestätigung, die Sie zum Beispiel für Versicherungen, Banken oder Behörden im Ausland brauchen.',
      'Sie können mehrere Personen abmelden, die mit Ihnen zusammen ausziehen.',
    ].join('\n\n'),
    requirements: 'Sie ziehen aus Ihrer Wohnung in der Stadt aus und beziehen keine neue Wohnung in Deutschland.',
    documents: ['Kopie oder Foto des Personalausweises oder Reisepasses aller Personen, die abgemeldet werden'],
    fees: [],
    processingTime: 'In der Regel 3 Arbeitstage. Die Abmeldebestätigung kommt per Post oder, wenn Sie das wünschen, per E-Mail.',
    deadlines: 'Innerhalb von zwei Wochen nach dem Auszug; frühestens eine Woche vorher.',
    legalBasis: '§ 17 Absatz 2 Bundesmeldegesetz (BMG)',
    onlineMode: 'online',
    online: true,
    categories: ['umzug'],
    synonyms: ['Wegzug ins Ausland', 'Auswandern', 'Abmeldung', 'Abmeldebescheinigung', 'Wohnsitz abmelden'],
    units: { musterstadt: 'buergerbuero', beispielhausen: 'einwohnermeldeamt' },
  },
  {
    slug: 'wohnungsgeberbestaetigung',
    title: 'Wohnungsgeberbestätigung',
    short: 'Als Vermieterin oder Vermieter bestätigen Sie den Einzug Ihrer Mieterinnen und Mieter – direkt online an das Bürgerbüro.',
    long: [
      'Wer eine Wohnung bezieht, braucht für die Anmeldung eine Bestätigung des Wohnungsgebers. Wohnungsgeber ist, wer die Wohnung zur Verfügung stellt: die Vermieterin oder der Vermieter oder eine von ihnen beauftragte Person, etwa die Hausverwaltung.',
      'Mit diesem Online-Dienst senden Sie die Bestätigung direkt an das Bürgerbüro. Sie erhalten ein Zuordnungsmerkmal, das Sie Ihren Mieterinnen und Mietern geben; diese nennen es bei der Anmeldung.',
      'Es ist verboten, eine Wohnanschrift für eine Anmeldung anzubieten oder zur Verfügung zu stellen, wenn dort niemand tatsächlich einzieht.',
    ].join('\n\n'),
    requirements: 'Sie sind Eigentümerin oder Eigentümer der Wohnung oder von ihnen mit der Vermietung beauftragt.',
    documents: ['Bei Hausverwaltungen: Nachweis der Beauftragung (auf Nachfrage)'],
    fees: [],
    processingTime: 'Die Bestätigung liegt dem Bürgerbüro sofort nach dem Absenden vor.',
    deadlines: 'Innerhalb von zwei Wochen nach dem Einzug.',
    legalBasis: '§ 19 Bundesmeldegesetz (BMG)',
    onlineMode: 'online',
    online: true,
    categories: ['umzug'],
    synonyms: ['Vermieterbescheinigung', 'Vermieterbestätigung', 'Einzugsbestätigung', 'Wohnungsgeberbescheinigung'],
    units: { musterstadt: 'buergerbuero' },
  },
  {
    slug: 'briefwahl',
    title: 'Briefwahl (Antrag auf Wahlschein und Briefwahlunterlagen)',
    short: 'Beantragen Sie Ihren Wahlschein und die Briefwahlunterlagen online, wenn Sie nicht im Wahllokal wählen möchten.',
    long: [
      'Mit einem Wahlschein können Sie per Briefwahl oder in einem beliebigen Wahllokal Ihres Wahlkreises wählen. Die Briefwahlunterlagen schicken wir Ihnen an Ihre Meldeanschrift oder an eine andere Anschrift, die Sie angeben, zum Beispiel Ihren Urlaubsort.',
      'Halten Sie für den Antrag Ihre Wahlbenachrichtigung bereit: Wir fragen nach der Nummer im Wählerverzeichnis und nach Ihrem Wahlbezirk, so wie sie dort stehen.',
      'Den roten Wahlbrief senden Sie so rechtzeitig zurück, dass er spätestens am Wahltag um 18 Uhr beim Wahlamt eingeht. Innerhalb Deutschlands ist der Versand mit der Deutschen Post kostenfrei.',
    ].join('\n\n'),
    requirements: 'Sie sind wahlberechtigt und im Wählerverzeichnis der Stadt eingetragen. Den Antrag stellen Sie für sich selbst; für eine andere Person nur mit deren schriftlicher Vollmacht.',
    documents: ['Ihre Wahlbenachrichtigung (die Angaben daraus)'],
    fees: [],
    processingTime: 'Die Unterlagen werden verschickt, sobald die Stimmzettel gedruckt sind, meist etwa vier Wochen vor der Wahl.',
    deadlines: 'Bei Bundestags- und Europawahlen bis zum zweiten Tag vor der Wahl, 18 Uhr. Bei plötzlicher Erkrankung sind Ausnahmen bis zum Wahltag möglich; bitte rufen Sie dann das Wahlamt an.',
    legalBasis: 'Bundeswahlordnung (BWO), Europawahlordnung (EuWO); bei Kommunalwahlen die Kommunalwahlordnung des Landes.',
    onlineMode: 'online',
    online: true,
    categories: ['wahlen'],
    synonyms: ['Wahlschein', 'Briefwahlunterlagen', 'Briefwahlantrag', 'Wahl per Post', 'Stimmzettel'],
    units: { musterstadt: 'hauptamt', beispielhausen: 'geschaeftsleitung' },
  },
  {
    slug: 'fuehrungszeugnis',
    title: 'Führungszeugnis',
    short: 'Beantragen Sie ein Führungszeugnis für private Zwecke oder zur Vorlage bei einer Behörde; wir leiten den Antrag an das Bundesamt für Justiz weiter.',
    long: [
      'Das Führungszeugnis ist ein Auszug aus dem Bundeszentralregister. Es wird vom Bundesamt für Justiz ausgestellt; die Stadt nimmt Ihren Antrag an und leitet ihn weiter.',
      'Es gibt das private Führungszeugnis (Belegart N), das Ihnen zugeschickt wird, und das Führungszeugnis zur Vorlage bei einer Behörde (Belegart O), das direkt an die Behörde geht. Ein erweitertes Führungszeugnis brauchen Sie, wenn Sie beruflich oder ehrenamtlich mit Kindern und Jugendlichen arbeiten; dafür ist eine schriftliche Aufforderung der Stelle nötig, die es verlangt.',
      'Online beantragen Sie mit der Online-Ausweisfunktion Ihres Personalausweises. Ohne Online-Ausweis kommen Sie bitte mit Termin ins Bürgerbüro.',
    ].join('\n\n'),
    requirements: 'Sie sind mindestens 14 Jahre alt. Sie stellen den Antrag selbst; eine Vertretung durch Bevollmächtigte ist nicht möglich.',
    documents: ['Personalausweis mit Online-Ausweisfunktion (online) oder Personalausweis bzw. Reisepass (vor Ort)', 'Beim erweiterten Führungszeugnis: die schriftliche Aufforderung der anfordernden Stelle', 'Bei Belegart O: Anschrift der Behörde und Aktenzeichen oder Verwendungszweck'],
    fees: [{ label: 'Führungszeugnis (auch erweitert oder europäisch)', amountCents: 1300 }],
    feeExemptions: 'Für ehrenamtliche Tätigkeiten in gemeinnützigen Einrichtungen kann eine Befreiung von der Gebühr beantragt werden; darüber entscheidet das Bundesamt für Justiz. Bitte legen Sie eine Bestätigung der Einrichtung bei.',
    processingTime: 'Das Bundesamt für Justiz verschickt das Führungszeugnis meist innerhalb von ein bis zwei Wochen.',
    legalBasis: '§§ 30, 30a Bundeszentralregistergesetz (BZRG); Gebühr nach Nr. 1130 des Kostenverzeichnisses zum Justizverwaltungskostengesetz (JVKostG).',
    onlineMode: 'online_and_visit',
    online: true,
    categories: ['ausweise-dokumente'],
    synonyms: ['Polizeiliches Führungszeugnis', 'Erweitertes Führungszeugnis', 'Auszug aus dem Bundeszentralregister', 'Strafregisterauszug', 'Leumundszeugnis'],
    units: { musterstadt: 'buergerbuero', beispielhausen: 'einwohnermeldeamt' },
  },
  {
    slug: 'geburtsurkunde',
    feeExemption: true,
    title: 'Geburtsurkunde',
    short: 'Bestellen Sie eine Geburtsurkunde aus dem Geburtenregister der Stadt; sie kommt per Post.',
    long: [
      'Eine Geburtsurkunde stellt das Standesamt aus, in dessen Bezirk die Geburt beurkundet wurde. Sie brauchen sie zum Beispiel für die Eheschließung, für Rentenangelegenheiten oder für einen ersten Ausweis.',
      'Auf Wunsch erhalten Sie eine internationale (mehrsprachige) Geburtsurkunde. Geben Sie bitte an, wie viele Exemplare Sie brauchen.',
    ].join('\n\n'),
    requirements: 'Die Geburt wurde im Standesamt der Stadt beurkundet. Eine Urkunde erhalten die Person selbst, ihre Eltern, Ehegatten, Lebenspartner, Kinder und Enkel sowie Personen mit rechtlichem Interesse.',
    documents: ['Kopie oder Foto Ihres Personalausweises', 'Wenn Sie die Urkunde für jemand anderen beantragen: Nachweis Ihres rechtlichen Interesses oder eine Vollmacht'],
    fees: [
      { label: 'Erstes Exemplar', amountCents: 1200, note: DEMO },
      { label: 'Jedes weitere Exemplar derselben Urkunde', amountCents: 600, per: 'additional-copy', note: DEMO },
    ],
    feeExemptions: 'Für bestimmte Zwecke, etwa Kindergeld, Elterngeld oder Mutterschaftsgeld, werden Geburtsurkunden in der Regel gebührenfrei ausgestellt. Bitte geben Sie den Zweck im Antrag an.',
    processingTime: 'In der Regel 3 bis 5 Arbeitstage, dazu der Postweg.',
    legalBasis: '§§ 55, 62 Personenstandsgesetz (PStG); Gebühr nach dem Gebührenrecht des Landes.',
    onlineMode: 'online',
    online: true,
    categories: ['geburt', 'ausweise-dokumente'],
    synonyms: ['Geburtsschein', 'Geburtsnachweis', 'Geburtenregister', 'Personenstandsurkunde'],
    units: { musterstadt: 'buergerbuero' },
  },
  {
    slug: 'eheurkunde',
    title: 'Eheurkunde',
    short: 'Bestellen Sie eine Eheurkunde, wenn Ihre Ehe im Standesamt der Stadt geschlossen wurde.',
    long: [
      'Die Eheurkunde weist die Eheschließung nach, zum Beispiel für die Namensänderung bei Banken und Versicherungen, für Rentenangelegenheiten oder Behörden im Ausland.',
      'Sie erhalten die Urkunde von dem Standesamt, bei dem die Ehe geschlossen wurde. Auf Wunsch gibt es eine internationale (mehrsprachige) Eheurkunde.',
    ].join('\n\n'),
    requirements: 'Die Ehe wurde im Standesamt der Stadt geschlossen. Eine Urkunde erhalten die Ehegatten, ihre Eltern, Kinder und Enkel sowie Personen mit rechtlichem Interesse.',
    documents: ['Kopie oder Foto Ihres Personalausweises'],
    fees: [
      { label: 'Erstes Exemplar', amountCents: 1200, note: DEMO },
      { label: 'Jedes weitere Exemplar derselben Urkunde', amountCents: 600, per: 'additional-copy', note: DEMO },
    ],
    processingTime: 'In der Regel 3 bis 5 Arbeitstage, dazu der Postweg.',
    legalBasis: '§§ 55, 62 Personenstandsgesetz (PStG); Gebühr nach dem Gebührenrecht des Landes.',
    onlineMode: 'online',
    online: true,
    categories: ['heirat', 'ausweise-dokumente'],
    synonyms: ['Heiratsurkunde', 'Trauschein', 'Heiratsnachweis', 'Personenstandsurkunde'],
    units: { musterstadt: 'buergerbuero' },
  },
  {
    slug: 'sterbeurkunde',
    feeExemption: true,
    title: 'Sterbeurkunde',
    short: 'Bestellen Sie Sterbeurkunden für Versicherungen, Banken, Rententräger und den Nachlass.',
    long: [
      'Nach einem Todesfall brauchen Angehörige meist mehrere Sterbeurkunden, etwa für die Rentenversicherung, Krankenkasse, Banken, Versicherungen und das Nachlassgericht. Bestellen Sie am besten gleich die Zahl, die Sie brauchen: weitere Exemplare sind günstiger.',
      'Die Urkunde stellt das Standesamt aus, in dessen Bezirk die Person gestorben ist.',
    ].join('\n\n'),
    requirements: 'Der Sterbefall wurde im Standesamt der Stadt beurkundet. Eine Urkunde erhalten Ehegatten, Lebenspartner, Eltern, Kinder und Enkel der verstorbenen Person sowie Personen mit rechtlichem Interesse, zum Beispiel Bestattungsunternehmen im Auftrag der Familie.',
    documents: ['Kopie oder Foto Ihres Personalausweises', 'Falls Sie nicht zur Familie gehören: Nachweis Ihres rechtlichen Interesses oder eine Vollmacht'],
    fees: [
      { label: 'Erstes Exemplar', amountCents: 1200, note: DEMO },
      { label: 'Jedes weitere Exemplar derselben Urkunde', amountCents: 600, per: 'additional-copy', note: DEMO },
    ],
    feeExemptions: 'Für Zwecke der Rentenversicherung werden Sterbeurkunden in der Regel gebührenfrei ausgestellt. Bitte geben Sie den Zweck im Antrag an.',
    processingTime: 'In der Regel 2 bis 3 Arbeitstage, dazu der Postweg.',
    legalBasis: '§§ 55, 62 Personenstandsgesetz (PStG); Gebühr nach dem Gebührenrecht des Landes.',
    onlineMode: 'online',
    online: true,
    categories: ['todesfall'],
    synonyms: ['Todesurkunde', 'Sterbefallurkunde', 'Sterbenachweis', 'Personenstandsurkunde'],
    units: { musterstadt: 'buergerbuero' },
  },
  {
    slug: 'melderegisterauskunft',
    title: 'Melderegisterauskunft',
    short: 'Sie suchen die aktuelle Anschrift einer Person? Stellen Sie eine einfache Melderegisterauskunft online.',
    long: [
      'Mit einer einfachen Melderegisterauskunft erfahren Sie Vor- und Familiennamen, Doktorgrad und die derzeitigen Anschriften einer Person, die in der Stadt gemeldet ist oder war. Dafür müssen Sie die Person anhand Ihrer Angaben eindeutig bestimmen können, zum Beispiel mit Name und Geburtsdatum oder früherer Anschrift.',
      'Eine erweiterte Auskunft gibt es nur, wenn Sie ein berechtigtes Interesse glaubhaft machen. Hat die Person eine Auskunftssperre, erhalten Sie keine Auskunft.',
      'Wenn Sie die Daten für gewerbliche Zwecke verwenden, müssen Sie den Zweck angeben. Für Werbung und Adresshandel dürfen Daten nur mit Einwilligung der Person verwendet werden.',
    ].join('\n\n'),
    requirements: 'Sie kennen Namen und mindestens ein weiteres Merkmal der gesuchten Person (Geburtsdatum oder frühere Anschrift).',
    documents: ['Bei einer erweiterten Auskunft: Nachweis des berechtigten Interesses, zum Beispiel ein Titel oder eine offene Forderung'],
    fees: [{ label: 'Einfache Melderegisterauskunft', amountCents: 1000, note: DEMO }],
    feeExemptions: 'Auch wenn die Person nicht gefunden wird oder eine Auskunftssperre besteht, wird die Gebühr erhoben.',
    processingTime: 'In der Regel 2 bis 5 Arbeitstage.',
    legalBasis: '§§ 44, 45 Bundesmeldegesetz (BMG)',
    onlineMode: 'online',
    online: true,
    categories: ['ausweise-dokumente'],
    synonyms: ['Adressauskunft', 'Meldeauskunft', 'Einwohnermeldeauskunft', 'Anschrift ermitteln', 'Aufenthaltsermittlung'],
    units: { musterstadt: 'buergerbuero', beispielhausen: 'einwohnermeldeamt' },
  },
  {
    slug: 'gewerbeanmeldung',
    title: 'Gewerbeanmeldung',
    short: 'Melden Sie Ihr neues Gewerbe online an (Formular GewA 1) – ohne Ausdruck, ohne Behördengang.',
    long: [
      'Wer ein stehendes Gewerbe, eine Zweigniederlassung oder eine unselbstständige Zweigstelle eröffnet, muss das gleichzeitig bei der Gemeinde anzeigen, in der der Betrieb liegt. Das gilt auch für Nebenerwerb und Online-Handel.',
      'Ihre Anmeldung landet direkt bei der Gewerbestelle. Nach der Prüfung erhalten Sie die Empfangsbestätigung (den „Gewerbeschein“) per Post. Die Gewerbestelle informiert unter anderem das Finanzamt, die IHK oder Handwerkskammer und die Berufsgenossenschaft.',
      'Freie Berufe (zum Beispiel Ärztinnen, Anwälte, Künstlerinnen) und Land- und Forstwirtschaft sind keine Gewerbe. Für manche Tätigkeiten brauchen Sie zusätzlich eine Erlaubnis, etwa für Gaststätten, Bewachung oder Finanzvermittlung.',
    ].join('\n\n'),
    requirements: 'Sie sind volljährig und geschäftsfähig (oder haben die nötige Genehmigung). Bei erlaubnispflichtigen Tätigkeiten liegt die Erlaubnis vor oder ist beantragt.',
    documents: ['Kopie oder Foto des Personalausweises oder Reisepasses', 'Bei Eintragung im Handels-, Genossenschafts- oder Vereinsregister: Registerauszug', 'Bei erlaubnispflichtigen Tätigkeiten: die Erlaubnis', 'Bei Handwerk: Eintragung in die Handwerksrolle', 'Für ausländische Staatsangehörige außerhalb der EU: Aufenthaltstitel, der die selbstständige Tätigkeit erlaubt'],
    fees: [{ label: 'Gewerbeanmeldung', amountCents: 2600, note: DEMO }],
    processingTime: 'In der Regel 5 Arbeitstage.',
    deadlines: 'Gleichzeitig mit dem Beginn der Tätigkeit.',
    legalBasis: '§ 14 Gewerbeordnung (GewO); Formular nach Anlage 1 der Gewerbeanzeigeverordnung (GewA 1).',
    onlineMode: 'online',
    online: true,
    categories: ['gewerbe'],
    synonyms: ['Gewerbe anmelden', 'Gewerbeschein', 'Gewerbeanzeige', 'GewA 1', 'Firma gründen', 'Selbstständig machen', 'Existenzgründung'],
    units: { musterstadt: 'ordnungsamt', beispielhausen: 'ordnungsamt' },
    feesBy: { beispielhausen: [{ label: 'Gewerbeanmeldung', amountCents: 3000, note: DEMO }] },
  },
  {
    slug: 'gewerbeummeldung',
    title: 'Gewerbeummeldung',
    short: 'Ändert sich Ihr Betrieb – neue Anschrift in der Stadt, neue Tätigkeit, neuer Name? Melden Sie die Änderung online (GewA 2).',
    long: [
      'Eine Ummeldung ist nötig, wenn Sie Ihren Betrieb innerhalb der Stadt verlegen, wenn Sie die Tätigkeit wechseln oder um Waren oder Leistungen erweitern, die nicht geschäftsüblich sind, oder wenn sich der Name des Betriebs ändert.',
      'Verlegen Sie den Betrieb in eine andere Gemeinde, melden Sie ihn hier ab und am neuen Ort an.',
    ].join('\n\n'),
    requirements: 'Ihr Gewerbe ist in der Stadt angemeldet.',
    documents: ['Kopie oder Foto des Personalausweises oder Reisepasses', 'Bei neuer erlaubnispflichtiger Tätigkeit: die Erlaubnis', 'Bei Namensänderung im Register: aktueller Registerauszug'],
    fees: [{ label: 'Gewerbeummeldung', amountCents: 2000, note: DEMO }],
    processingTime: 'In der Regel 5 Arbeitstage.',
    deadlines: 'Gleichzeitig mit der Änderung.',
    legalBasis: '§ 14 Gewerbeordnung (GewO); Formular nach Anlage 2 der Gewerbeanzeigeverordnung (GewA 2).',
    onlineMode: 'online',
    online: true,
    categories: ['gewerbe'],
    synonyms: ['Gewerbe ummelden', 'GewA 2', 'Gewerbe ändern', 'Betriebsverlegung', 'Tätigkeit erweitern'],
    units: { musterstadt: 'ordnungsamt' },
  },
  {
    slug: 'gewerbeabmeldung',
    title: 'Gewerbeabmeldung',
    short: 'Geben Sie Ihr Gewerbe auf oder verlegen es in eine andere Gemeinde, melden Sie es online ab (GewA 3).',
    long: [
      'Wenn Sie Ihren Betrieb ganz aufgeben, verkaufen, verpachten oder in eine andere Gemeinde verlegen, melden Sie das Gewerbe bei der Stadt ab. Die Gewerbestelle informiert unter anderem das Finanzamt und die Kammern.',
      'Ist die Firma im Handelsregister eingetragen, denken Sie bitte auch an die Löschung beim Registergericht.',
    ].join('\n\n'),
    requirements: 'Ihr Gewerbe ist in der Stadt angemeldet.',
    documents: ['Kopie oder Foto des Personalausweises oder Reisepasses', 'Bei Abmeldung durch eine beauftragte Person: Vollmacht'],
    fees: [],
    processingTime: 'In der Regel 5 Arbeitstage.',
    deadlines: 'Gleichzeitig mit der Aufgabe des Betriebs.',
    legalBasis: '§ 14 Gewerbeordnung (GewO); Formular nach Anlage 3 der Gewerbeanzeigeverordnung (GewA 3).',
    onlineMode: 'online',
    online: true,
    categories: ['gewerbe'],
    synonyms: ['Gewerbe abmelden', 'GewA 3', 'Betriebsaufgabe', 'Gewerbe aufgeben', 'Firma schließen'],
    units: { musterstadt: 'ordnungsamt', beispielhausen: 'ordnungsamt' },
    feesBy: { beispielhausen: [{ label: 'Gewerbeabmeldung', amountCents: 1500, note: DEMO }] },
  },
  {
    slug: 'sperrmuell',
    title: 'Sperrmüllkarte',
    short: 'Bestellen Sie die Abholung von Sperrmüll online und wählen Sie einen Wunschtermin in Ihrem Abfuhrbezirk.',
    long: [
      'Sperrmüll sind Gegenstände aus dem Haushalt, die auch zerkleinert nicht in die Restmülltonne passen, zum Beispiel Möbel, Matratzen, Teppiche oder Fahrräder. Elektrogeräte, Bauschutt, Autoreifen und Sonderabfall gehören nicht dazu.',
      'Mit der Sperrmüllkarte bestellen Sie eine Abholung von bis zu 3 Kubikmetern. Sie wählen einen Wunschtermin aus den Tagen, die für Ihren Abfuhrbezirk angeboten werden; ist ein Tag ausgebucht, wählen Sie bitte einen anderen. Stellen Sie den Sperrmüll am Abholtag bis 6 Uhr gut sichtbar an den Straßenrand.',
    ].join('\n\n'),
    requirements: 'Sie wohnen in der Stadt, und der Sperrmüll stammt aus einem privaten Haushalt.',
    documents: [],
    fees: [{ label: 'Sperrmüllabfuhr (bis 3 m³)', amountCents: 2500, per: 'unit', note: DEMO }],
    processingTime: 'Die Bestätigung mit Abholtermin kommt per E-Mail, meist am nächsten Arbeitstag.',
    deadlines: 'Bestellen Sie spätestens eine Woche vor dem Wunschtermin.',
    legalBasis: 'Abfallsatzung und Abfallgebührensatzung der Kommune; Kreislaufwirtschaftsgesetz (KrWG).',
    onlineMode: 'online',
    online: true,
    categories: ['abfall', 'umzug'],
    synonyms: ['Sperrmüll anmelden', 'Sperrgut', 'Sperrmüllabholung', 'Möbel entsorgen', 'Entrümpelung'],
    units: { musterstadt: 'bauhof', beispielhausen: 'bauhof' },
    feesBy: { beispielhausen: [] },
  },
  {
    slug: 'gartenwasserzaehler',
    title: 'Gartenwasserzähler',
    // The Stadtwerke bill the acceptance with the water bill: an invoice with Kassenzeichen.
    paymentPolicy: 'deferred',
    short: 'Wasser für den Garten fließt nicht in den Kanal: Mit einem geeichten Zwischenzähler sparen Sie Abwassergebühren.',
    long: [
      'Die Abwassergebühr richtet sich in der Regel nach der bezogenen Frischwassermenge. Wasser, das nachweislich zum Gießen im Garten verbraucht wird, gelangt nicht in den Kanal und kann auf Antrag abgezogen werden.',
      'Lassen Sie dafür einen geeichten Gartenwasserzähler fest installieren, zum Beispiel von einem Installationsbetrieb. Nach Ihrem Antrag nimmt der Bauhof den Zähler ab und verplombt ihn. Den Zählerstand melden Sie einmal im Jahr mit der Ablesekarte.',
      'Zähler müssen nach sechs Jahren geeicht oder ausgetauscht werden.',
    ].join('\n\n'),
    requirements: 'Sie sind Eigentümerin oder Eigentümer des Grundstücks oder von ihnen bevollmächtigt. Der Zähler ist geeicht und fest installiert.',
    documents: ['Foto des eingebauten Zählers mit Zählernummer und Eichjahr', 'Rechnung oder Einbaubestätigung des Installationsbetriebs (wenn vorhanden)'],
    fees: [{ label: 'Abnahme und Verplombung', amountCents: 3000, note: DEMO }],
    processingTime: 'Der Bauhof meldet sich innerhalb von zwei Wochen für einen Abnahmetermin.',
    deadlines: 'Abgezogen wird die Wassermenge ab der Abnahme des Zählers.',
    legalBasis: 'Abwassergebührensatzung der Kommune; Mess- und Eichgesetz (MessEG).',
    onlineMode: 'online',
    online: true,
    categories: ['garten-wasser'],
    synonyms: ['Gartenwasseruhr', 'Zwischenzähler', 'Wasserzähler Garten', 'Abwassergebühr sparen', 'Gartenzähler'],
    units: { musterstadt: 'bauhof' },
  },
  {
    slug: 'hundeanmeldung',
    title: 'Hundeanmeldung',
    short: 'Melden Sie Ihren Hund zur Hundesteuer an; die Hundesteuermarke kommt per Post.',
    long: [
      'Wer in der Gemeinde einen Hund hält, muss ihn zur Hundesteuer anmelden. Das gilt auch, wenn Sie mit Ihrem Hund zuziehen oder ein Hund bei Ihnen geboren wurde und älter als drei Monate ist.',
      'Nach der Anmeldung erhalten Sie einen Steuerbescheid und eine Hundesteuermarke, die Ihr Hund außerhalb der Wohnung sichtbar tragen soll. Die Höhe der Steuer legt die Hundesteuersatzung fest; für bestimmte Hunde, zum Beispiel Blindenführhunde, gibt es Befreiungen.',
      'Für Hunde bestimmter Rassen und große Hunde gelten zusätzliche Pflichten, etwa eine Haftpflichtversicherung oder ein Sachkundenachweis.',
    ].join('\n\n'),
    requirements: 'Sie halten einen Hund, der älter als drei Monate ist, und wohnen in der Gemeinde.',
    documents: ['Nachweis der Hundehaftpflichtversicherung (wenn vorhanden)', 'Bei Steuerbefreiung: Nachweis, zum Beispiel Schwerbehindertenausweis mit Merkzeichen oder Prüfungszeugnis'],
    fees: [],
    feeExemptions: 'Die Anmeldung selbst ist gebührenfrei. Für den Hund wird jährlich Hundesteuer nach der Hundesteuersatzung erhoben.',
    processingTime: 'Bescheid und Hundesteuermarke kommen in der Regel innerhalb von zwei Wochen per Post.',
    deadlines: 'In der Regel innerhalb von zwei Wochen nach Beginn der Haltung oder dem Zuzug (siehe Hundesteuersatzung).',
    legalBasis: 'Hundesteuersatzung der Kommune auf Grundlage des Kommunalabgabengesetzes des Landes.',
    onlineMode: 'online',
    online: true,
    categories: ['haustiere'],
    synonyms: ['Hund anmelden', 'Hundesteuer', 'Hundemarke', 'Hundesteuermarke'],
    units: { musterstadt: 'hauptamt', beispielhausen: 'geschaeftsleitung' },
  },
  {
    slug: 'personalausweis',
    title: 'Personalausweis beantragen',
    short: 'Den Personalausweis beantragen Sie persönlich im Bürgerbüro. Buchen Sie dafür einen Termin.',
    long: [
      'Jede Person ab 16 Jahren, die in Deutschland gemeldet ist, muss einen gültigen Personalausweis oder Reisepass besitzen. Den Antrag stellen Sie persönlich, weil Fingerabdrücke genommen werden und Ihre Unterschrift erfasst wird.',
      'Ist Ihr Ausweis verloren gegangen oder gestohlen worden, melden Sie das bitte sofort im Bürgerbüro oder bei der Polizei. Die Online-Ausweisfunktion sperren Sie über den Sperrnotruf.',
      'Der neue Ausweis liegt etwa drei bis vier Wochen nach dem Antrag zur Abholung bereit. Bis dahin kann Ihnen ein vorläufiger Personalausweis ausgestellt werden.',
    ].join('\n\n'),
    requirements: 'Sie sind Deutsche oder Deutscher und in der Stadt gemeldet. Bei Personen unter 16 Jahren stimmen die Sorgeberechtigten zu.',
    documents: ['Bisheriger Personalausweis oder Reisepass; bei Erstausstellung die Geburtsurkunde', 'Ein aktuelles biometrisches Passfoto (digital vom Fotostudio oder im Bürgerbüro aufgenommen)', 'Bei Verlust: die Verlustanzeige'],
    fees: [
      { label: 'Personalausweis ab 24 Jahren', amountCents: 4600 },
      { label: 'Personalausweis unter 24 Jahren', amountCents: 2760 },
      { label: 'Vorläufiger Personalausweis', amountCents: 1000 },
    ],
    feeExemptions: 'Die Gebühren gelten seit dem 7. Februar 2026. Bei Bedürftigkeit kann die Gebühr ermäßigt werden oder entfallen.',
    processingTime: 'Etwa drei bis vier Wochen bis zur Abholung.',
    legalBasis: 'Personalausweisgesetz (PAuswG) und die dazugehörigen Verordnungen des Bundes.',
    onlineMode: 'visit',
    online: false,
    categories: ['ausweise-dokumente'],
    synonyms: ['Perso', 'Ausweis beantragen', 'Personalausweis verloren', 'Ausweis gestohlen', 'Verlustanzeige', 'Personalausweis abgelaufen', 'Ausweis verlängern'],
    units: { musterstadt: 'buergerbuero', beispielhausen: 'einwohnermeldeamt' },
  },
  {
    slug: 'reisepass',
    title: 'Reisepass beantragen',
    short: 'Den Reisepass beantragen Sie persönlich. Im Expressverfahren ist er in wenigen Tagen da.',
    long: [
      'Für Reisen in viele Länder außerhalb der Europäischen Union brauchen Sie einen Reisepass. Den Antrag stellen Sie persönlich, weil Fingerabdrücke genommen werden.',
      'Der Reisepass ist für Personen ab 24 Jahren zehn Jahre gültig, für jüngere Personen sechs Jahre. Für Vielreisende gibt es einen Pass mit 48 Seiten. Wenn es eilt, können Sie das Expressverfahren wählen oder einen vorläufigen Reisepass beantragen.',
    ].join('\n\n'),
    requirements: 'Sie sind Deutsche oder Deutscher und in der Stadt gemeldet. Bei Minderjährigen stimmen alle Sorgeberechtigten zu.',
    documents: ['Bisheriger Reisepass oder Personalausweis; bei Erstausstellung die Geburtsurkunde', 'Ein aktuelles biometrisches Passfoto', 'Bei Minderjährigen: Zustimmung und Ausweise aller Sorgeberechtigten'],
    fees: [
      { label: 'Reisepass ab 24 Jahren', amountCents: 7000 },
      { label: 'Reisepass unter 24 Jahren', amountCents: 3750 },
      { label: 'Zuschlag für 48 Seiten', amountCents: 2200 },
      { label: 'Zuschlag Expressverfahren', amountCents: 3200 },
      { label: 'Vorläufiger Reisepass', amountCents: 2600 },
    ],
    processingTime: 'Etwa drei bis vier Wochen, im Expressverfahren wenige Arbeitstage.',
    legalBasis: 'Passgesetz (PassG); Gebühren nach § 15 Passverordnung (PassV).',
    onlineMode: 'visit',
    online: false,
    categories: ['ausweise-dokumente'],
    synonyms: ['Pass', 'Reisepass verloren', 'Expresspass', 'Pass beantragen', 'Reisedokument'],
    units: { musterstadt: 'buergerbuero', beispielhausen: 'einwohnermeldeamt' },
  },
];

/** Beispielhausen is a Gemeinde with an Einwohnermeldeamt: the same texts in its words. */
function localise(text: string, tenantSlug: string): string {
  if (tenantSlug !== 'beispielhausen') return text;
  return text.replace(/\bder Stadt\b/g, 'der Gemeinde').replace(/\bdie Stadt\b/g, 'die Gemeinde').replace(/\bdas Bürgerbüro\b/g, 'das Einwohnermeldeamt').replace(/\bim Bürgerbüro\b/g, 'im Einwohnermeldeamt').replace(/\bins Bürgerbüro\b/g, 'ins Einwohnermeldeamt');
}

/** Seeds the services a demo municipality offers, with their responsible units. */
export async function seedServices(db: Executor, tenantId: string, tenantSlug: string): Promise<number> {
  const units = await db.selectFrom('org_units').select(['id', 'slug']).where('tenant_id', '=', tenantId).execute();
  const unitId = new Map(units.map((u) => [u.slug, u.id]));
  const offered = services.filter((s) => s.units[tenantSlug as DemoTenantSlug]);
  if (offered.length === 0) return 0;
  const rows = offered.map((s, index) => {
    const unitSlug = s.units[tenantSlug as DemoTenantSlug] as string;
    const id = unitId.get(unitSlug);
    if (!id) throw new Error(`demo seed: unknown unit ${unitSlug} for ${tenantSlug}`);
    const fees = s.feesBy?.[tenantSlug as DemoTenantSlug] ?? s.fees;
    return {
      tenant_id: tenantId,
      slug: s.slug,
      title: s.title,
      short_description: localise(s.short, tenantSlug),
      long_description: localise(s.long, tenantSlug),
      requirements: localise(s.requirements, tenantSlug),
      required_documents: s.documents.map((d) => localise(d, tenantSlug)),
      fees: JSON.stringify(fees),
      fee_exemptions: localise(s.feeExemptions ?? '', tenantSlug),
      processing_time: localise(s.processingTime, tenantSlug),
      deadlines: localise(s.deadlines ?? '', tenantSlug),
      legal_basis: s.legalBasis,
      unit_id: id,
      online_mode: s.onlineMode,
      leika_key: null,
      form_id: s.online ? s.slug : null,
      categories: s.categories,
      synonyms: s.synonyms,
      position: index,
      payment_policy: s.paymentPolicy ?? 'required',
      fee_exemption: s.feeExemption ?? false,
    };
  });
  await db.insertInto('portal_services').values(rows).execute();
  return rows.length;
}
