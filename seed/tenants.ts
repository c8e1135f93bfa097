/** The two demo municipalities: fictional, but shaped like real small German towns. */
import type { StaffRole, TenantBranding, TenantContact } from '../src/core/db/tables.ts';

export interface DemoTenant {
  slug: string;
  name: string;
  ags: string;
  bundesland: string;
  hostnames: string[];
  isDefault: boolean;
  contact: TenantContact;
  branding: TenantBranding;
  imprint: string;
  privacy: string;
  accessibility: string;
  units: { slug: string; name: string; email: string; phone: string; address: string; opening_hours: string }[];
  staff: { email: string; name: string; roles: { role: StaffRole; unit: string | null }[] }[];
  /** Tenant settings the demo sets (e.g. the Stadtkasse's bank account for invoices). */
  settings?: Record<string, unknown>;
  contactTopics: { slug: string; de: string; en: string; unit: string }[];
}

function privacyText(town: string, address: string, dpo: string): string {
  return [
    `Verantwortlich für die Verarbeitung Ihrer Daten ist die ${town}, ${address}.`,
    `Datenschutzbeauftragte: ${dpo}.`,
    'Wir verarbeiten die Angaben, die Sie in einem Formular machen, nur, um Ihr Anliegen zu bearbeiten (Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit dem jeweiligen Fachrecht). Eine Weitergabe an Dritte erfolgt nur, wenn das für die Bearbeitung nötig oder gesetzlich vorgeschrieben ist.',
    'Ihre Angaben werden gelöscht, sobald sie für die Bearbeitung nicht mehr gebraucht werden und keine Aufbewahrungsfrist mehr besteht. Für Kontaktanfragen beträgt die Frist ein Jahr nach Abschluss.',
    'Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch sowie das Recht, sich bei der Aufsichtsbehörde zu beschweren.',
    'Diese Website setzt nur technisch notwendige Cookies (Sitzung, Sprachwahl, Schutz vor Fälschung von Anfragen) und bindet keine Inhalte Dritter ein.',
  ].join('\n\n');
}

function accessibilityText(town: string, email: string): string {
  return [
    `Die ${town} ist bemüht, ihre Online-Dienste im Einklang mit dem Behindertengleichstellungsgesetz und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.`,
    'Stand der Vereinbarkeit: Diese Website ist mit den Anforderungen der BITV 2.0 und der WCAG 2.1 auf Stufe AA vereinbar. Jede Seite wird vor der Veröffentlichung automatisiert (axe-core) und mit der Tastatur geprüft.',
    `Barriere melden: Wenn Ihnen Mängel auffallen, nutzen Sie bitte das Formular „Barriere melden“ oder schreiben Sie an ${email}. Wir antworten innerhalb von zwei Wochen.`,
    'Schlichtungsverfahren: Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die Schlichtungsstelle nach dem Behindertengleichstellungsgesetz wenden.',
  ].join('\n\n');
}

export const musterstadt: DemoTenant = {
  slug: 'musterstadt',
  name: 'Stadt Musterstadt',
  ags: '05799001',
  bundesland: 'NW',
  hostnames: ['musterstadt.localhost'],
  isDefault: true,
  contact: {
    address: 'Rathaus, Marktplatz 1, 32999 Musterstadt',
    phone: '05231 99 77-0',
    email: 'info@musterstadt.example',
    openingHours: 'Mo–Fr 8:00–12:30 Uhr, Do 14:00–18:00 Uhr',
    website: 'https://www.musterstadt.example',
  },
  branding: { primaryColor: '#00507a' },
  // A fictional account (IBAN with a valid check sum) of the Stadtkasse.
  settings: { 'payments.recipient': 'Stadtkasse Musterstadt', 'payments.iban': 'DE20476501300000123456', 'payments.bic': 'WELADE3LXXX', 'payments.kassenzeichenPrefix': '51', 'appointments.videoBaseUrl': 'https://meet.musterstadt.example', 'reports.bounds': '51.900,9.020,51.985,9.160', 'council.officeUnit': 'ratsbuero', 'council.invitationDays': 7 },
  imprint: [
    'Stadt Musterstadt\nDer Bürgermeister\nMarktplatz 1\n32999 Musterstadt',
    'Telefon: 05231 99 77-0\nE-Mail: info@musterstadt.example',
    'Die Stadt Musterstadt ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den Bürgermeister.',
    'Umsatzsteuer-Identifikationsnummer: DE 999 999 999',
    'Dies ist eine Demonstrationsinstallation der Software Rathaus. Die Stadt Musterstadt ist frei erfunden.',
  ].join('\n\n'),
  privacy: privacyText('Stadt Musterstadt', 'Marktplatz 1, 32999 Musterstadt', 'datenschutz@musterstadt.example'),
  accessibility: accessibilityText('Stadt Musterstadt', 'barrierefreiheit@musterstadt.example'),
  units: [
    { slug: 'buergerbuero', name: 'Bürgerbüro', email: 'buergerbuero@musterstadt.example', phone: '05231 99 77-100', address: 'Rathaus, Erdgeschoss, Marktplatz 1', opening_hours: 'Mo–Fr 8:00–12:30 Uhr, Do 14:00–18:00 Uhr, Sa 9:00–12:00 Uhr' },
    { slug: 'ordnungsamt', name: 'Ordnungsamt', email: 'ordnungsamt@musterstadt.example', phone: '05231 99 77-300', address: 'Rathaus, 1. Obergeschoss, Zimmer 104', opening_hours: 'Mo–Fr 8:00–12:30 Uhr' },
    { slug: 'bauhof', name: 'Bauhof', email: 'bauhof@musterstadt.example', phone: '05231 99 77-600', address: 'Am Bauhof 3, 32999 Musterstadt', opening_hours: 'Mo–Do 7:00–15:30 Uhr, Fr 7:00–12:00 Uhr' },
    { slug: 'ratsbuero', name: 'Ratsbüro', email: 'ratsbuero@musterstadt.example', phone: '05231 99 77-010', address: 'Rathaus, 2. Obergeschoss, Zimmer 201', opening_hours: 'Mo–Fr 8:00–12:30 Uhr' },
    { slug: 'hauptamt', name: 'Hauptamt', email: 'hauptamt@musterstadt.example', phone: '05231 99 77-200', address: 'Rathaus, 2. Obergeschoss, Zimmer 210', opening_hours: 'Mo–Fr 8:00–12:30 Uhr' },
  ],
  staff: [
    { email: 'admin@musterstadt.example', name: 'Andrea Adler', roles: [{ role: 'admin', unit: null }] },
    { email: 'buergerbuero@musterstadt.example', name: 'Birgit Brandt', roles: [{ role: 'sachbearbeitung', unit: 'buergerbuero' }] },
    { email: 'buergerbuero2@musterstadt.example', name: 'Kemal Kaya', roles: [{ role: 'sachbearbeitung', unit: 'buergerbuero' }] },
    { email: 'kasse@musterstadt.example', name: 'Karla Kessler', roles: [{ role: 'kasse', unit: null }] },
    { email: 'ordnungsamt@musterstadt.example', name: 'Oliver Ostermann', roles: [{ role: 'sachbearbeitung', unit: 'ordnungsamt' }] },
    { email: 'bauhof@musterstadt.example', name: 'Bernd Bauer', roles: [{ role: 'sachbearbeitung', unit: 'bauhof' }] },
    { email: 'ratsbuero@musterstadt.example', name: 'Renate Richter', roles: [{ role: 'sachbearbeitung', unit: 'ratsbuero' }, { role: 'ratsbuero', unit: null }] },
    { email: 'hauptamt@musterstadt.example', name: 'Hanna Hoffmann', roles: [{ role: 'sachbearbeitung', unit: 'hauptamt' }, { role: 'redaktion', unit: null }] },
  ],
  contactTopics: [
    { slug: 'melde-pass', de: 'Meldewesen, Ausweise und Pässe', en: 'Registration, ID cards and passports', unit: 'buergerbuero' },
    { slug: 'ordnung', de: 'Ordnung, Verkehr und Gewerbe', en: 'Public order, traffic and trade', unit: 'ordnungsamt' },
    { slug: 'strassen-gruen', de: 'Straßen, Grünflächen und Spielplätze', en: 'Roads, green spaces and playgrounds', unit: 'bauhof' },
    { slug: 'rat', de: 'Rat und Ausschüsse', en: 'Council and committees', unit: 'ratsbuero' },
    { slug: 'barrierefreiheit', de: 'Barrierefreiheit dieser Website', en: 'Accessibility of this website', unit: 'hauptamt' },
    { slug: 'sonstiges', de: 'Sonstiges Anliegen', en: 'Other matter', unit: 'hauptamt' },
  ],
};

export const beispielhausen: DemoTenant = {
  slug: 'beispielhausen',
  name: 'Gemeinde Beispielhausen',
  ags: '09799002',
  bundesland: 'BY',
  hostnames: ['beispielhausen.localhost'],
  isDefault: false,
  contact: {
    address: 'Rathausplatz 2, 94999 Beispielhausen',
    phone: '08551 99 12-0',
    email: 'gemeinde@beispielhausen.example',
    openingHours: 'Mo–Fr 8:00–12:00 Uhr, Di 14:00–17:30 Uhr',
    website: 'https://www.beispielhausen.example',
  },
  branding: { primaryColor: '#2f5d1e' },
  settings: { 'payments.recipient': 'Gemeindekasse Beispielhausen', 'payments.iban': 'DE40700519950000987654', 'payments.bic': 'BYLADEM1ERD', 'payments.kassenzeichenPrefix': '62', 'reports.bounds': '48.780,13.500,48.840,13.600', 'reports.reviewBeforePublish': true, 'complaints.unit': 'geschaeftsleitung', 'council.officeUnit': 'geschaeftsleitung', 'council.invitationDays': 5 },
  imprint: [
    'Gemeinde Beispielhausen\nErste Bürgermeisterin\nRathausplatz 2\n94999 Beispielhausen',
    'Telefon: 08551 99 12-0\nE-Mail: gemeinde@beispielhausen.example',
    'Die Gemeinde Beispielhausen ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch die Erste Bürgermeisterin.',
    'Dies ist eine Demonstrationsinstallation der Software Rathaus. Die Gemeinde Beispielhausen ist frei erfunden.',
  ].join('\n\n'),
  privacy: privacyText('Gemeinde Beispielhausen', 'Rathausplatz 2, 94999 Beispielhausen', 'datenschutz@beispielhausen.example'),
  accessibility: accessibilityText('Gemeinde Beispielhausen', 'barrierefreiheit@beispielhausen.example'),
  units: [
    { slug: 'einwohnermeldeamt', name: 'Einwohnermeldeamt', email: 'meldeamt@beispielhausen.example', phone: '08551 99 12-20', address: 'Rathaus, Erdgeschoss', opening_hours: 'Mo–Fr 8:00–12:00 Uhr, Di 14:00–17:30 Uhr' },
    { slug: 'ordnungsamt', name: 'Ordnungsamt', email: 'ordnungsamt@beispielhausen.example', phone: '08551 99 12-30', address: 'Rathaus, 1. Stock', opening_hours: 'Mo–Fr 8:00–12:00 Uhr' },
    { slug: 'bauhof', name: 'Gemeindlicher Bauhof', email: 'bauhof@beispielhausen.example', phone: '08551 99 12-60', address: 'Gewerbering 7, 94999 Beispielhausen', opening_hours: 'Mo–Do 7:00–16:00 Uhr, Fr 7:00–12:00 Uhr' },
    { slug: 'geschaeftsleitung', name: 'Geschäftsleitung', email: 'geschaeftsleitung@beispielhausen.example', phone: '08551 99 12-10', address: 'Rathaus, 1. Stock', opening_hours: 'Mo–Fr 8:00–12:00 Uhr' },
  ],
  staff: [
    { email: 'admin@beispielhausen.example', name: 'Xaver Huber', roles: [{ role: 'admin', unit: null }] },
    { email: 'meldeamt@beispielhausen.example', name: 'Maria Gruber', roles: [{ role: 'sachbearbeitung', unit: 'einwohnermeldeamt' }] },
    { email: 'bauhof@beispielhausen.example', name: 'Josef Wimmer', roles: [{ role: 'sachbearbeitung', unit: 'bauhof' }] },
    { email: 'geschaeftsleitung@beispielhausen.example', name: 'Theresa Bauer', roles: [{ role: 'sachbearbeitung', unit: 'geschaeftsleitung' }, { role: 'redaktion', unit: null }, { role: 'ratsbuero', unit: null }] },
  ],
  contactTopics: [
    { slug: 'meldewesen', de: 'Meldewesen und Ausweise', en: 'Registration and ID documents', unit: 'einwohnermeldeamt' },
    { slug: 'ordnung', de: 'Öffentliche Ordnung und Gewerbe', en: 'Public order and trade', unit: 'ordnungsamt' },
    { slug: 'strassen', de: 'Gemeindestraßen, Winterdienst und Grünanlagen', en: 'Roads, winter service and parks', unit: 'bauhof' },
    { slug: 'barrierefreiheit', de: 'Barrierefreiheit dieser Website', en: 'Accessibility of this website', unit: 'geschaeftsleitung' },
    { slug: 'sonstiges', de: 'Sonstiges Anliegen', en: 'Other matter', unit: 'geschaeftsleitung' },
  ],
};
