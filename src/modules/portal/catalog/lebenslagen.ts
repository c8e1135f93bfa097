/**
 * Lebenslagen: the life situations citizens look for services by. A static
 * list in code (the same for every municipality); services name theirs by
 * slug. `keywords` let the search map "Umzug" or "umziehen" to the situation.
 */
import type { Locale } from '../../../core/i18n/i18n.ts';

export interface Lebenslage {
  slug: string;
  de: string;
  en: string;
  descriptionDe: string;
  descriptionEn: string;
  /** Folded words (lower case, no umlauts) that point to this situation in a search. */
  keywords: readonly string[];
}

export const LEBENSLAGEN: readonly Lebenslage[] = [
  { slug: 'umzug', de: 'Umzug', en: 'Moving house', descriptionDe: 'An-, Um- und Abmelden, Bescheinigungen für Vermieter und Arbeitgeber.', descriptionEn: 'Registering, moving within town or abroad, certificates for landlords and employers.', keywords: ['umzug', 'umziehen', 'wohnungswechsel', 'zuzug', 'wegzug', 'wohnsitz', 'wohnung'] },
  { slug: 'geburt', de: 'Geburt', en: 'Birth', descriptionDe: 'Geburtsurkunden und alles, was nach der Geburt eines Kindes zu erledigen ist.', descriptionEn: 'Birth certificates and what to do after a child is born.', keywords: ['geburt', 'baby', 'kind', 'neugeboren'] },
  { slug: 'heirat', de: 'Heirat und Partnerschaft', en: 'Marriage and partnership', descriptionDe: 'Eheurkunden und Nachweise rund um Ehe und Lebenspartnerschaft.', descriptionEn: 'Marriage certificates and proof of marriage or civil partnership.', keywords: ['heirat', 'hochzeit', 'ehe', 'heiraten', 'trauung', 'lebenspartnerschaft'] },
  { slug: 'todesfall', de: 'Todesfall', en: 'Death of a relative', descriptionDe: 'Sterbeurkunden und was Angehörige nach einem Todesfall erledigen müssen.', descriptionEn: 'Death certificates and what relatives need to arrange.', keywords: ['todesfall', 'tod', 'sterbefall', 'gestorben', 'beerdigung', 'bestattung', 'trauerfall'] },
  { slug: 'gewerbe', de: 'Gewerbe und Selbstständigkeit', en: 'Business and self-employment', descriptionDe: 'Gewerbe anmelden, ummelden und abmelden.', descriptionEn: 'Registering, changing and deregistering a business.', keywords: ['gewerbe', 'firma', 'selbststandig', 'selbststandigkeit', 'unternehmen', 'existenzgrundung', 'betrieb', 'gewerbeschein'] },
  { slug: 'wahlen', de: 'Wahlen', en: 'Elections', descriptionDe: 'Briefwahl beantragen und Informationen zur Stimmabgabe.', descriptionEn: 'Applying for a postal vote and how to vote.', keywords: ['wahl', 'wahlen', 'wahlschein', 'briefwahl', 'abstimmung', 'stimmabgabe'] },
  { slug: 'abfall', de: 'Abfall und Sperrmüll', en: 'Waste and bulky waste', descriptionDe: 'Sperrmüll anmelden und Abfuhr bestellen.', descriptionEn: 'Ordering a bulky waste collection.', keywords: ['abfall', 'mull', 'sperrmull', 'entsorgung', 'abfuhr', 'entrumpelung'] },
  { slug: 'haustiere', de: 'Haustiere', en: 'Pets', descriptionDe: 'Hunde anmelden und abmelden, Hundesteuer.', descriptionEn: 'Registering a dog and dog tax.', keywords: ['haustier', 'hund', 'hunde', 'hundesteuer', 'tier'] },
  { slug: 'ausweise-dokumente', de: 'Ausweise und Dokumente', en: 'ID documents and certificates', descriptionDe: 'Personalausweis, Reisepass, Bescheinigungen und Auskünfte.', descriptionEn: 'ID card, passport, certificates and register information.', keywords: ['ausweis', 'dokument', 'dokumente', 'pass', 'bescheinigung', 'urkunde', 'nachweis', 'verloren', 'gestohlen'] },
  { slug: 'garten-wasser', de: 'Haus, Garten und Wasser', en: 'Home, garden and water', descriptionDe: 'Gartenwasserzähler und Anliegen rund um das Grundstück.', descriptionEn: 'Garden water meters and matters around your property.', keywords: ['garten', 'wasser', 'wasserzahler', 'gartenwasser', 'grundstuck', 'abwasser'] },
];

export function findLebenslage(slug: string): Lebenslage | undefined {
  return LEBENSLAGEN.find((l) => l.slug === slug);
}

export const lebenslageLabel = (lage: Lebenslage, locale: Locale): string => (locale === 'en' ? lage.en : lage.de);
export const lebenslageDescription = (lage: Lebenslage, locale: Locale): string => (locale === 'en' ? lage.descriptionEn : lage.descriptionDe);

/** The same folding as portal_catalog_fold() in SQL, for matching search words to Lebenslagen in code. */
export function fold(value: string): string {
  return value
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u');
}

/** Lebenslagen a search points to: a query word equals, or starts, one of their keywords. */
export function lebenslagenForWords(words: readonly string[]): string[] {
  return LEBENSLAGEN.filter((lage) => words.some((w) => w.length >= 3 && lage.keywords.some((k) => k === w || (w.length >= 4 && k.startsWith(w))))).map((l) => l.slug);
}
