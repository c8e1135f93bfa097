/**
 * Reference numbers (Aktenzeichen for citizens): PREFIX-XXXXX-C. The alphabet
 * leaves out 0/O, 1/I and Z (read as 2), so a number read over the phone is
 * unambiguous. It has 31 characters, a prime, so a weighted check character
 * (sum of position × value ≡ 0 mod 31 over all six characters) catches every
 * single mistyped character and every swap of two neighbours.
 */
import { randomInt } from 'node:crypto';

export const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXY23456789';
const N = REFERENCE_ALPHABET.length;
/** 6⁻¹ mod 31: the check character sits at position 6. */
const INVERSE_OF_SIX = 26;

function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const code = REFERENCE_ALPHABET.indexOf(body.charAt(i));
    if (code < 0) throw new Error(`invalid reference character ${body.charAt(i)}`);
    sum += (i + 1) * code;
  }
  return REFERENCE_ALPHABET.charAt((((N - (sum % N)) % N) * INVERSE_OF_SIX) % N);
}

export function generateReference(prefix: string, length = 5): string {
  let body = '';
  for (let i = 0; i < length; i++) body += REFERENCE_ALPHABET.charAt(randomInt(N));
  return `${prefix}-${body}-${checkCharacter(body)}`;
}

/** Normalises user input (case, spaces, hyphens) and verifies the check character. */
export function normaliseReference(input: string): string | null {
  const match = /^([A-Z]{2})([A-Z2-9]{5})([A-Z2-9])$/.exec(input.toUpperCase().replace(/[\s-]+/g, ''));
  if (!match) return null;
  const [, prefix, body, check] = match as unknown as [string, string, string, string];
  if ([...body, check].some((c) => !REFERENCE_ALPHABET.includes(c))) return null;
  return checkCharacter(body) === check ? `${prefix}-${body}-${check}` : null;
}
