/**
 * Internationalisation. German is the primary language; English covers all
 * chrome. Each area of the code declares its own messages with
 * `defineMessages` (German and English side by side, the English object must
 * carry exactly the German keys) and the app merges them into one catalog.
 */
import { dateTimeFormat } from './intl-formats.ts';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';

export type MessageParams = Record<string, string | number>;
export type Translate = (key: string, params?: MessageParams) => string;

export interface MessageBundle {
  de: Record<string, string>;
  en: Record<string, string>;
}

/** Declares messages of one area; the type forces English to match German key for key. */
export function defineMessages<const D extends Record<string, string>>(
  de: D,
  en: { [K in keyof D]: string },
): MessageBundle {
  return { de, en: en as Record<string, string> };
}

export interface Catalog {
  de: Map<string, string>;
  en: Map<string, string>;
}

export function buildCatalog(bundles: readonly MessageBundle[]): Catalog {
  const catalog: Catalog = { de: new Map(), en: new Map() };
  for (const bundle of bundles) {
    for (const locale of LOCALES) {
      for (const [key, value] of Object.entries(bundle[locale])) {
        if (catalog[locale].has(key)) throw new Error(`i18n: duplicate message key "${key}"`);
        catalog[locale].set(key, value);
      }
    }
  }
  return catalog;
}

/** Replaces `{name}` placeholders; unknown placeholders stay visible so they are noticed. */
function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export class MissingMessageError extends Error {}

/**
 * A translator for one locale. An unknown key is a programming error: it throws
 * so tests catch it, rather than showing a raw key to a citizen.
 */
export function createTranslator(catalog: Catalog, locale: Locale): Translate {
  const messages = catalog[locale];
  return (key, params) => {
    const template = messages.get(key);
    if (template === undefined) throw new MissingMessageError(`i18n: no message "${key}" for locale ${locale}`);
    return interpolate(template, params);
  };
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const dateFormats = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Formats an instant in the municipality's time zone (always Europe/Berlin). */
export function formatDate(value: Date, locale: Locale, style: keyof typeof dateFormats = 'dateTime'): string {
  return dateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    ...dateFormats[style],
    timeZone: 'Europe/Berlin',
  }).format(value);
}
