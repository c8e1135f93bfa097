/**
 * Personenstandsurkunden from the Standesamt (§§ 55–62 PStG): Geburts-, Ehe-
 * und Sterbeurkunde share one shape – which document and how many copies,
 * the register entry, the applicant's relation to it (§ 62 PStG) and, where
 * needed, the interest that entitles them.
 */
import type { FieldDef, FormDefinition, FormEntry, Localized, OptionDef } from '../types.ts';
import { addDays } from '../checks.ts';
import { birthDate, contactPage, familyName, givenName, homeAddress, l, option, sampleFile, SAMPLE_ADDRESS } from './common.ts';

type Kind = 'geburt' | 'ehe' | 'sterbe';

const URKUNDE: Record<Kind, { id: string; prefix: string; title: Localized; name: Localized; register: Localized }> = {
  geburt: { id: 'geburtsurkunde', prefix: 'GU', title: l('Geburtsurkunde beantragen', 'Apply for a birth certificate'), name: l('Geburtsurkunde', 'Birth certificate'), register: l('Geburtenregister', 'birth register') },
  ehe: { id: 'eheurkunde', prefix: 'EU', title: l('Eheurkunde beantragen', 'Apply for a marriage certificate'), name: l('Eheurkunde', 'Marriage certificate'), register: l('Eheregister', 'marriage register') },
  sterbe: { id: 'sterbeurkunde', prefix: 'SU', title: l('Sterbeurkunde beantragen', 'Apply for a death certificate'), name: l('Sterbeurkunde', 'Death certificate'), register: l('Sterberegister', 'death register') },
};

const whyEntry = l('Mit diesen Angaben finden wir den Eintrag im Personenstandsregister unseres Standesamts.', 'With these details we find the entry in our register office’s civil status register.');

function entryFields(kind: Kind): FieldDef[] {
  const registerNumber: FieldDef = { id: 'registernummer', kind: 'text', label: l('Registernummer (optional)', 'Register number (optional)'), hint: l('Steht auf einer früheren Urkunde, zum Beispiel „G 123/1985“', 'Printed on an earlier certificate, for example “G 123/1985”'), required: false, maxLength: 30 };
  switch (kind) {
    case 'geburt':
      return [
        familyName('nachname', { label: l('Heutiger Familienname', 'Current surname'), why: whyEntry }),
        { id: 'geburtsname', kind: 'text', label: l('Familienname bei Geburt', 'Surname at birth'), required: true, maxLength: 100, why: whyEntry },
        givenName('vorname', { why: whyEntry }),
        birthDate('geburtsdatum', { why: whyEntry }),
        { id: 'geburtsort', kind: 'text', label: l('Geburtsort', 'Place of birth'), hint: l('Eine Geburtsurkunde stellt das Standesamt des Geburtsorts aus.', 'Birth certificates are issued by the register office of the place of birth.'), required: true, maxLength: 100 },
        registerNumber,
      ];
    case 'ehe':
      return [
        familyName('ehegatte1Nachname', { label: l('Ehegatte 1: Familienname', 'Spouse 1: surname') }),
        givenName('ehegatte1Vorname', { label: l('Ehegatte 1: Vorname(n)', 'Spouse 1: first name(s)'), hint: undefined, autocomplete: undefined }),
        familyName('ehegatte2Nachname', { label: l('Ehegatte 2: Familienname', 'Spouse 2: surname'), autocomplete: undefined }),
        givenName('ehegatte2Vorname', { label: l('Ehegatte 2: Vorname(n)', 'Spouse 2: first name(s)'), hint: undefined, autocomplete: undefined }),
        { id: 'eheschliessungsdatum', kind: 'date', label: l('Datum der Eheschließung', 'Date of marriage'), required: true, rules: { notFuture: true, maxYearsAgo: 110 }, why: whyEntry },
        registerNumber,
      ];
    case 'sterbe':
      return [
        familyName('nachname', { label: l('Familienname der verstorbenen Person', 'Surname of the deceased'), autocomplete: undefined, why: whyEntry }),
        givenName('vorname', { label: l('Vorname(n) der verstorbenen Person', 'First name(s) of the deceased'), hint: undefined, autocomplete: undefined }),
        birthDate('geburtsdatum', { label: l('Geburtsdatum (optional)', 'Date of birth (optional)'), required: false, autocomplete: undefined }),
        { id: 'sterbedatum', kind: 'date', label: l('Sterbedatum', 'Date of death'), required: true, rules: { notFuture: true, maxYearsAgo: 110 }, why: whyEntry },
        { id: 'sterbeort', kind: 'text', label: l('Sterbeort', 'Place of death'), hint: l('Eine Sterbeurkunde stellt das Standesamt des Sterbeorts aus.', 'Death certificates are issued by the register office of the place of death.'), required: true, maxLength: 100 },
        registerNumber,
      ];
  }
}

function relationOptions(kind: Kind): OptionDef[] {
  const self = kind === 'geburt' ? [option('selbst', 'Die Urkunde betrifft mich selbst', 'The certificate is about me')] : kind === 'ehe' ? [option('selbst', 'Ich bin einer der Ehegatten', 'I am one of the spouses')] : [];
  return [
    ...self,
    option('ehegatte', 'Ehegatte oder eingetragener Lebenspartner', 'Spouse or registered partner'),
    option('vorfahre', 'Vorfahre (Eltern, Großeltern)', 'Ancestor (parent, grandparent)'),
    option('abkoemmling', 'Abkömmling (Kind, Enkelkind)', 'Descendant (child, grandchild)'),
    ...(kind === 'ehe' ? [] : [option('geschwister', 'Geschwister', 'Sibling')]),
    option('andere', 'Andere Person oder Stelle', 'Another person or organisation', l('Zum Beispiel Nachlassgericht, Rechtsanwalt oder Erbenermittler', 'For example probate court, lawyer or heir hunter')),
  ];
}

function urkundeForm(kind: Kind): FormDefinition {
  const u = URKUNDE[kind];
  return {
    id: u.id,
    version: 1,
    prefix: u.prefix,
    title: u.title,
    pages: [
      {
        id: 'urkunde',
        title: l('Urkunde', 'Certificate'),
        fields: [
          {
            id: 'urkundenart',
            kind: 'radio',
            label: l('Welche Urkunde benötigen Sie?', 'Which document do you need?'),
            required: true,
            options: [
              { value: 'urkunde', label: u.name },
              option('registerausdruck', 'Beglaubigter Registerausdruck', 'Certified copy of the register entry', l('Enthält den Eintrag mit allen Hinweisen, zum Beispiel für Namensänderungen', 'Contains the entry with all annotations, for example for name changes')),
              option('international', 'Internationale (mehrsprachige) Urkunde', 'International (multilingual) certificate', l('Für Behörden im Ausland', 'For authorities abroad')),
            ],
            why: l('Das Standesamt stellt Urkunden und beglaubigte Registerausdrucke aus (§ 55 Personenstandsgesetz).', 'The register office issues certificates and certified register copies (section 55 Civil Status Act, PStG).'),
          },
          { id: 'anzahl', kind: 'number', label: l('Anzahl der Exemplare', 'Number of copies'), hint: l('Die Gebühr fällt für jedes Exemplar an.', 'The fee is charged per copy.'), required: true, min: 1, max: 10 },
          {
            id: 'zweck',
            kind: 'select',
            label: l('Wofür benötigen Sie die Urkunde?', 'What do you need the certificate for?'),
            required: true,
            options: [
              option('rente', 'Rente oder Versorgung', 'Pension'),
              option('eheschliessung', 'Eheschließung', 'Marriage'),
              option('familienkasse', 'Kindergeld, Elterngeld, Krankenkasse', 'Child benefit, parental allowance, health insurance'),
              option('nachlass', 'Nachlass oder Erbschein', 'Estate or certificate of inheritance'),
              option('ausland', 'Vorlage im Ausland', 'For use abroad'),
              option('familienforschung', 'Familienforschung', 'Family history research'),
              option('sonstiges', 'Sonstiges', 'Other'),
            ],
            why: l('Der Zweck hilft uns, die passende Urkundenart zu prüfen. Er bestimmt auch, ob die Ausstellung gebührenfrei ist (zum Beispiel für Rentenangelegenheiten).', 'The purpose helps us check the right kind of document and whether it is free of charge (e.g. for pension matters).'),
          },
        ],
      },
      { id: 'eintrag', title: l('Angaben zum Eintrag', 'Details of the register entry'), fields: entryFields(kind) },
      {
        id: 'berechtigung',
        title: l('Ihre Berechtigung', 'Your entitlement'),
        fields: [
          {
            id: 'beziehung',
            kind: 'radio',
            label: l('In welcher Beziehung stehen Sie zu der Person im Eintrag?', 'How are you related to the person in the entry?'),
            required: true,
            options: relationOptions(kind),
            why: l(
              'Urkunden erhalten die Personen, auf die sich der Eintrag bezieht, ihre Ehegatten, Lebenspartner, Vorfahren und Abkömmlinge. Andere Personen müssen ein rechtliches Interesse glaubhaft machen; Geschwister beim Geburten- oder Sterberegister ein berechtigtes Interesse (§ 62 Abs. 1 PStG).',
              'Certificates are issued to the people the entry is about, their spouses, partners, ancestors and descendants. Others must show a legal interest; siblings need a legitimate interest for birth and death entries (section 62(1) PStG).',
            ),
          },
        ],
      },
      {
        id: 'interesse',
        title: l('Ihr Interesse an der Urkunde', 'Your interest in the certificate'),
        showIf: { field: 'beziehung', in: ['geschwister', 'andere'] },
        fields: [
          { id: 'interesse', kind: 'textarea', label: l('Warum benötigen Sie die Urkunde?', 'Why do you need the certificate?'), hint: l('Beschreiben Sie Ihr rechtliches oder berechtigtes Interesse, zum Beispiel ein laufendes Nachlassverfahren mit Aktenzeichen.', 'Describe your legal or legitimate interest, for example pending probate proceedings with their reference.'), required: true, maxLength: 2000 },
          { id: 'nachweis', kind: 'file', label: l('Nachweise (optional)', 'Evidence (optional)'), hint: l('Zum Beispiel Schreiben des Nachlassgerichts oder Vollmacht', 'For example a letter from the probate court or a power of attorney'), required: false, accept: ['pdf', 'jpeg', 'png'], maxFiles: 3 },
        ],
      },
      {
        id: 'antragsteller',
        title: l('Angaben zu Ihrer Person', 'About you'),
        intro: l('Die Urkunde schicken wir per Post an diese Anschrift.', 'We send the certificate by post to this address.'),
        fields: [familyName('antragstellerNachname'), givenName('antragstellerVorname'), birthDate('antragstellerGeburtsdatum', { rules: { notFuture: true, maxYearsAgo: 125, minAgeYears: 16 }, why: l('Urkunden beantragen können Personen ab 16 Jahren (§ 62 Abs. 1 PStG).', 'Applicants must be at least 16 (section 62(1) PStG).') }), homeAddress()],
      },
      contactPage(),
    ],
    staffSummary: ['urkundenart', 'anzahl', 'zweck'],
    contact: { givenName: 'antragstellerVorname', familyName: 'antragstellerNachname', email: 'email', phone: 'telefon' },
    feeQuantityField: 'anzahl',
  };
}

const applicant = { antragstellerVorname: 'Erika', antragstellerNachname: 'Mustermann', antragstellerGeburtsdatum: '1985-03-27', anschrift: SAMPLE_ADDRESS, email: 'erika.mustermann@example.org' };

export const geburtsurkunde: FormEntry = {
  versions: [urkundeForm('geburt')],
  sample: () => ({ urkundenart: 'urkunde', anzahl: '2', zweck: 'eheschliessung', nachname: 'Mustermann', vorname: 'Erika', geburtsname: 'Gabler', geburtsdatum: '1985-03-27', geburtsort: 'Blomberg', beziehung: 'selbst', ...applicant }),
};

export const eheurkunde: FormEntry = {
  versions: [urkundeForm('ehe')],
  sample: () => ({
    urkundenart: 'international',
    anzahl: '1',
    zweck: 'ausland',
    ehegatte1Nachname: 'Mustermann',
    ehegatte1Vorname: 'Erika',
    ehegatte2Nachname: 'Mustermann',
    ehegatte2Vorname: 'Max',
    eheschliessungsdatum: '2012-06-16',
    beziehung: 'selbst',
    ...applicant,
  }),
};

export const sterbeurkunde: FormEntry = {
  versions: [urkundeForm('sterbe')],
  sample: (today) => ({
    ...applicant,
    urkundenart: 'urkunde',
    anzahl: '3',
    zweck: 'nachlass',
    nachname: 'Gabler',
    vorname: 'Heinrich',
    sterbedatum: addDays(today, -60),
    sterbeort: 'Blomberg',
    beziehung: 'geschwister',
    interesse: 'Ich bin der Bruder des Verstorbenen und kümmere mich um die Abmeldung von Rente und Versicherungen.',
    nachweis: [sampleFile(3, 'vollmacht.pdf')],
  }),
};
