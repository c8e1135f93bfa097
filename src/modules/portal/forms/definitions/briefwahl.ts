/** Antrag auf Wahlschein und Briefwahlunterlagen (§§ 25–28 BWO; Kommunalwahlordnung des Landes). */
import type { FormEntry } from '../types.ts';
import { birthDate, contactPage, familyName, givenName, homeAddress, l, option, SAMPLE_ADDRESS } from './common.ts';

const whyIdentity = l(
  'Mit Familienname, Vornamen, Geburtsdatum und Wohnanschrift finden wir Sie im Wählerverzeichnis (§ 27 Bundeswahlordnung; für Kommunalwahlen die Kommunalwahlordnung des Landes).',
  'We need your surname, first names, date of birth and address to find you in the electoral register (section 27 Federal Electoral Regulations; for local elections the state’s regulations).',
);

export const briefwahl: FormEntry = {
  versions: [
    {
      id: 'briefwahl',
      version: 1,
      prefix: 'BW',
      title: l('Briefwahl beantragen (Wahlschein)', 'Apply for a postal vote (polling card)'),
      pages: [
        {
          id: 'wahl',
          title: l('Wahl', 'Election'),
          intro: l('Sie können den Wahlschein bis Freitag vor der Wahl, 18 Uhr, beantragen. Beantragen Sie ihn möglichst früh, damit die Unterlagen rechtzeitig bei Ihnen ankommen.', 'You can apply until 6 pm on the Friday before the election. Apply early so the documents reach you in time.'),
          fields: [
            {
              id: 'wahl',
              kind: 'select',
              label: l('Für welche Wahl beantragen Sie Briefwahl?', 'Which election do you want to vote by post in?'),
              hint: l('Die Wahl steht oben auf Ihrer Wahlbenachrichtigung.', 'The election is printed at the top of your poll card.'),
              required: true,
              options: [
                option('bundestagswahl', 'Bundestagswahl', 'Federal election'),
                option('europawahl', 'Europawahl', 'European election'),
                option('landtagswahl', 'Landtagswahl', 'State election'),
                option('kommunalwahl', 'Kommunalwahl (Rat, Bürgermeister, Kreistag)', 'Local election (council, mayor, district)'),
                option('buergerentscheid', 'Bürgerentscheid', 'Local referendum'),
              ],
              why: l('Ein Wahlschein gilt nur für die Wahl, für die er erteilt wurde (§§ 25 ff. Bundeswahlordnung; bei Kommunalwahlen die Kommunalwahlordnung des Landes).', 'A polling card is valid only for the election it was issued for (sections 25 ff. Federal Electoral Regulations; for local elections the state’s regulations).'),
            },
          ],
        },
        {
          id: 'person',
          title: l('Ihre Angaben wie auf der Wahlbenachrichtigung', 'Your details as on the poll card'),
          fields: [familyName('nachname', { why: whyIdentity }), givenName('vorname', { why: whyIdentity }), birthDate('geburtsdatum', { rules: { notFuture: true, maxYearsAgo: 125, minAgeYears: 16 }, why: whyIdentity }), homeAddress('anschrift', { why: whyIdentity })],
        },
        {
          id: 'wahlbenachrichtigung',
          title: l('Angaben aus der Wahlbenachrichtigung', 'Details from the poll card'),
          intro: l('Beides steht oben rechts auf Ihrer Wahlbenachrichtigung. Wenn Sie sie nicht zur Hand haben, lassen Sie die Felder leer.', 'Both are printed at the top right of your poll card. Leave them empty if you do not have it at hand.'),
          fields: [
            { id: 'waehlerverzeichnisNr', kind: 'text', label: l('Nummer im Wählerverzeichnis (optional)', 'Number in the electoral register (optional)'), required: false, maxLength: 8, inputmode: 'numeric', width: 'width-4', pattern: { regex: /^\d{1,6}$/, message: l('Die Nummer im Wählerverzeichnis besteht aus bis zu 6 Ziffern.', 'The number in the electoral register has up to 6 digits.') } },
            { id: 'wahlbezirk', kind: 'text', label: l('Wahlbezirk (optional)', 'Polling district (optional)'), required: false, maxLength: 60, width: 'width-4' },
          ],
        },
        {
          id: 'versand',
          title: l('Versand der Briefwahlunterlagen', 'Sending the postal vote documents'),
          fields: [
            {
              id: 'versand',
              kind: 'radio',
              label: l('Wohin sollen wir die Unterlagen schicken?', 'Where should we send the documents?'),
              required: true,
              options: [
                option('wohnanschrift', 'An meine Wohnanschrift', 'To my home address'),
                option('andere', 'An eine andere Anschrift, zum Beispiel Urlaubsort', 'To another address, for example where I am on holiday'),
                option('abholung', 'Ich hole die Unterlagen im Wahlamt ab', 'I will collect them at the elections office'),
              ],
              why: l('Die Unterlagen können an eine andere Anschrift geschickt werden, wenn Sie das angeben (§§ 27, 28 BWO).', 'The documents can be sent to another address if you say so (sections 27, 28 BWO).'),
            },
          ],
        },
        {
          id: 'versandadresse',
          title: l('Versandanschrift', 'Delivery address'),
          showIf: { field: 'versand', equals: 'andere' },
          intro: l('Für den Versand ins Ausland wenden Sie sich bitte an das Wahlamt.', 'For delivery abroad please contact the elections office.'),
          fields: [
            { id: 'versandName', kind: 'text', label: l('Bei (c/o, optional)', 'Care of (c/o, optional)'), required: false, maxLength: 100 },
            { id: 'versandanschrift', kind: 'address', label: l('Anschrift in Deutschland', 'Address in Germany'), required: true, withAddition: true, autofill: 'shipping' },
          ],
        },
        contactPage(),
        {
          id: 'erklaerung',
          title: l('Erklärung', 'Declaration'),
          fields: [
            {
              id: 'selbst',
              kind: 'checkbox',
              label: l('Ich beantrage den Wahlschein für mich selbst.', 'I am applying for my own polling card.'),
              required: true,
              why: l('Für eine andere Person dürfen Sie den Wahlschein nur mit schriftlicher Vollmacht beantragen; das ist online nicht möglich (§ 27 BWO).', 'You may apply for someone else only with a written power of attorney, which is not possible online (section 27 BWO).'),
            },
          ],
        },
      ],
      staffSummary: ['wahl', 'versand'],
      contact: { givenName: 'vorname', familyName: 'nachname', email: 'email', phone: 'telefon' },
    },
  ],
  sample: () => ({
    wahl: 'kommunalwahl',
    nachname: 'Mustermann',
    vorname: 'Erika',
    geburtsdatum: '1985-03-27',
    anschrift: SAMPLE_ADDRESS,
    waehlerverzeichnisNr: '1234',
    wahlbezirk: '012',
    versand: 'andere',
    versandName: 'Pension Seeblick',
    versandanschrift: { street: 'Strandweg', houseNumber: '7', plz: '18225', city: 'Kühlungsborn' },
    email: 'erika.mustermann@example.org',
    selbst: true,
  }),
};
