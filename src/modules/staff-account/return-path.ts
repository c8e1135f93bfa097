/**
 * The `weiter` parameter of the login: where to send a staff member after
 * signing in. Only paths inside the back office are accepted, so a crafted
 * link can never turn the login into an open redirect to another site.
 */
const MAX_LENGTH = 512;

export const STAFF_HOME = '/verwaltung';

/** The path if it is a safe back-office path, else null. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return null;
  // Printable ASCII only: no whitespace or control characters that browsers strip, and nothing a header cannot carry.
  if (!/^[\x21-\x7e]+$/.test(value)) return null;
  // Browsers read `//host` and `\\host` (also after the first segment, once normalised) as another origin.
  if (value.includes('//') || value.includes('\\')) return null;
  return /^\/verwaltung(?:[/?#]|$)/.test(value) ? value : null;
}

/** Appends `weiter` to a step of the login, so the destination survives the second factor. */
export function withReturnPath(path: string, returnPath: string | null): string {
  return returnPath ? `${path}?weiter=${encodeURIComponent(returnPath)}` : path;
}

/** Reads one string field of a parsed query string or form body. */
export function stringField(source: unknown, name: string): string | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
