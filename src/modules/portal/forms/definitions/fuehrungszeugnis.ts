/**
 * Führungszeugnis (§§ 30, 30a BZRG): the application is made at the
 * Meldebehörde, which checks the identity and forwards it electronically to
 * the Bundesamt für Justiz; the Bundesamt issues the certificate.
 */
import type { FormEntry } from '../types.ts';
import { birthDate, birthPlace, contactPage, familyName, givenName, homeAddress, l, option, sampleFile, SAMPLE_ADDRESS } from './common.ts';

const whyBzrg = l(
  'Das Bundesamt für Justiz findet Sie im Bundeszentralregister anhand von Geburtsname, Familienname, Vornamen, Geburtsdatum und Geburtsort (§ 30 Bundeszentralregistergesetz).',
  'The Federal Office of Justice finds you in the central criminal register by name at birth, surname, first names, date and place of birth (section 30 Federal Central Criminal Register Act, BZRG).',
);

export const fuehrungszeugnis: FormEntry = {
  versions: [
    {
      id: 'fuehrungszeugnis',
      version: 1,
      prefix: 'FZ',
      title: l('Führungszeugnis beantragen', 'Apply for a certificate of good conduct'),
      pages: [
        {
          id: 'art',
          title: l('Art des Führungszeugnisses', 'Type of certificate'),
          intro: l(
            'Wir prüfen Ihren Antrag und leiten ihn elektronisch an das Bundesamt für Justiz weiter, das das Führungszeugnis ausstellt und verschickt. Mit einem Personalausweis mit Online-Ausweisfunktion können Sie es auch direkt im Online-Portal des Bundesamts für Justiz beantragen.',
            'We check your application and forward it electronically to the Federal Office of Justice, which issues and sends the certificate. With an identity card with online function you can also apply directly on the Federal Office of Justice’s portal.',
          ),
          fields: [
            {
              id: 'empfaenger',
              kind: 'radio',
              label: l('Wer soll das Führungszeugnis erhalten?', 'Who should receive the certificate?'),
              required: true,
              options: [
                option('privat', 'Ich selbst (Privatführungszeugnis)', 'Me (private certificate)', l('Zum Beispiel für Arbeitgeber oder Vereine', 'For example for an employer or a club')),
                option('behoerde', 'Eine Behörde (Behördenführungszeugnis)', 'An authority (certificate for an authority)', l('Wird direkt an die Behörde geschickt, zum Beispiel für eine Gewerbeerlaubnis', 'Sent directly to the authority, for example for a trade licence')),
              ],
              why: l('Ein Führungszeugnis zur Vorlage bei einer Behörde wird der Behörde unmittelbar übersandt (§ 30 Abs. 5 BZRG).', 'A certificate for an authority is sent directly to it (section 30(5) BZRG).'),
            },
            {
              id: 'umfang',
              kind: 'radio',
              label: l('Benötigen Sie ein erweitertes Führungszeugnis?', 'Do you need an extended certificate?'),
              required: true,
              options: [
                option('einfach', 'Nein, ein einfaches Führungszeugnis', 'No, a standard certificate'),
                option('erweitert', 'Ja, ein erweitertes Führungszeugnis', 'Yes, an extended certificate', l('Nur für Tätigkeiten mit Kindern und Jugendlichen; Sie brauchen eine schriftliche Aufforderung.', 'Only for work with children and young people; you need a written request.')),
              ],
              why: l('Ein erweitertes Führungszeugnis wird nur erteilt, wenn eine Stelle es schriftlich verlangt und bestätigt, dass die Voraussetzungen vorliegen (§ 30a Abs. 2 BZRG).', 'An extended certificate is only issued if a body requests it in writing and confirms the conditions are met (section 30a(2) BZRG).'),
            },
          ],
        },
        {
          id: 'person',
          title: l('Angaben zu Ihrer Person', 'About you'),
          fields: [
            familyName('nachname', { why: whyBzrg }),
            { id: 'geburtsname', kind: 'text', label: l('Geburtsname', 'Name at birth'), hint: l('Auch wenn er Ihrem Familiennamen entspricht', 'Even if it is the same as your surname'), required: true, maxLength: 100, why: whyBzrg },
            givenName('vorname', { why: whyBzrg }),
            birthDate('geburtsdatum', { rules: { notFuture: true, maxYearsAgo: 125, minAgeYears: 14 }, why: l('Ein Führungszeugnis erhält, wer mindestens 14 Jahre alt ist (§ 30 Abs. 1 BZRG).', 'A certificate can be issued from the age of 14 (section 30(1) BZRG).') }),
            birthPlace('geburtsort', { why: whyBzrg }),
            { id: 'staatsangehoerigkeit', kind: 'text', label: l('Staatsangehörigkeit(en)', 'Nationality'), required: true, maxLength: 100 },
            homeAddress(),
          ],
        },
        {
          id: 'zweck',
          title: l('Verwendungszweck', 'Purpose'),
          fields: [
            { id: 'verwendungszweck', kind: 'text', label: l('Wofür benötigen Sie das Führungszeugnis?', 'What do you need the certificate for?'), hint: l('Zum Beispiel „Einstellung als Erzieherin“ oder „Übungsleiter im Sportverein“', 'For example “employment as a nursery teacher” or “sports club coach”'), required: true, maxLength: 200 },
          ],
        },
        {
          id: 'behoerde',
          title: l('Empfangende Behörde', 'Receiving authority'),
          showIf: { field: 'empfaenger', equals: 'behoerde' },
          fields: [
            { id: 'behoerdeName', kind: 'text', label: l('Name der Behörde', 'Name of the authority'), required: true, maxLength: 150 },
            { id: 'behoerdeAnschrift', kind: 'address', label: l('Anschrift der Behörde', 'Address of the authority'), required: true, withAddition: true, autofill: 'off' },
            { id: 'aktenzeichen', kind: 'text', label: l('Aktenzeichen der Behörde (optional)', 'Authority’s reference (optional)'), required: false, maxLength: 60 },
          ],
        },
        {
          id: 'aufforderung',
          title: l('Aufforderung für das erweiterte Führungszeugnis', 'Request for the extended certificate'),
          showIf: { field: 'umfang', equals: 'erweitert' },
          fields: [
            {
              id: 'aufforderung',
              kind: 'file',
              label: l('Schriftliche Aufforderung der Stelle', 'Written request from the organisation'),
              hint: l('Die Stelle bestätigt darin, dass die Voraussetzungen nach § 30a Abs. 1 BZRG vorliegen.', 'In it the organisation confirms that the conditions of section 30a(1) BZRG are met.'),
              required: true,
              accept: ['pdf', 'jpeg', 'png'],
              maxFiles: 2,
              why: l('Ohne diese Bestätigung darf kein erweitertes Führungszeugnis erteilt werden (§ 30a Abs. 2 BZRG).', 'Without it no extended certificate may be issued (section 30a(2) BZRG).'),
            },
          ],
        },
        {
          id: 'identitaet',
          title: l('Nachweis Ihrer Identität', 'Proof of identity'),
          fields: [
            {
              id: 'ausweis',
              kind: 'file',
              label: l('Personalausweis oder Reisepass (Vorder- und Rückseite)', 'Identity card or passport (front and back)'),
              hint: l('Sie dürfen Daten schwärzen, die wir nicht brauchen: Zugangsnummer und Seriennummer.', 'You may black out data we do not need: the access number and serial number.'),
              required: true,
              accept: ['pdf', 'jpeg', 'png'],
              maxFiles: 2,
              why: l('Wer ein Führungszeugnis beantragt, muss seine Identität nachweisen (§ 30 Abs. 2 BZRG). Die Kopie löschen wir nach der Weiterleitung.', 'Applicants must prove their identity (section 30(2) BZRG). We delete the copy once the application has been forwarded.'),
            },
          ],
        },
        contactPage(),
      ],
      staffSummary: ['empfaenger', 'umfang', 'verwendungszweck'],
      contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
    },
  ],
  sample: () => ({
    empfaenger: 'privat',
    umfang: 'erweitert',
    nachname: 'Becker',
    geburtsname: 'Wagner',
    vorname: 'Laura',
    geburtsdatum: '1994-08-15',
    geburtsort: 'Detmold',
    staatsangehoerigkeit: 'deutsch',
    anschrift: SAMPLE_ADDRESS,
    verwendungszweck: 'Einstellung als Erzieherin in der Kita Sonnenschein',
    aufforderung: [sampleFile(1, 'aufforderung-kita.pdf')],
    ausweis: [sampleFile(2, 'personalausweis.pdf')],
    email: 'laura.becker@example.org',
  }),
};
