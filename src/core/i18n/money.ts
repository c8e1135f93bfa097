/** Money: integer cents in, "12,00 €" out (de-DE; en-GB keeps the euro sign). */
import type { Locale } from './i18n.ts';

const formats = {
  de: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};

export function formatEuro(cents: number, locale: Locale): string {
  // Intl puts a no-break space before "€" in German; a plain space reads and searches the same for everyone.
  return formats[locale].format(cents / 100).replace(/\u00a0/g, ' ');
}

/** "12" · "12,5" · "12,50" · "12.50" → 1250; anything else → null. */
export function parseEuro(input: string): number | null {
  const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(input.trim().replace(/\s*€$/, ''));
  if (!match) return null;
  const euros = Number(match[1]);
  const cents = match[2] === undefined ? 0 : Number(match[2].padEnd(2, '0'));
  return euros * 100 + cents;
}

/** Cents as the editor types them: 1250 → "12,50". */
export function centsToInput(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}
