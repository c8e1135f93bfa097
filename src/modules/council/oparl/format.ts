/**
 * OParl 1.1 output formats (spec 2-04): dates `yyyy-mm-dd`, instants
 * `yyyy-mm-ddThh:mm:ss±hh:mm` in the municipality's zone (never `Z`, never
 * fractions), and objects without null / "" / [] for optional keys.
 */
import { berlinDay, berlinOffsetMinutes, berlinTime } from '../../../core/time/berlin.ts';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
export const ERROR_TYPE = 'https://schema.oparl.org/1.1/Error';

export type OParlType = 'System' | 'Body' | 'LegislativeTerm' | 'Organization' | 'Person' | 'Membership' | 'Meeting' | 'AgendaItem' | 'Paper' | 'Consultation' | 'File' | 'Location';

export const typeUrl = (type: OParlType): string => `${OPARL_VERSION}${type}`;

const pad = (n: number): string => String(n).padStart(2, '0');

/** An instant as OParl wants it, in Europe/Berlin with its offset at that instant (+01:00 or +02:00). */
export function toOParlDateTime(instant: Date): string {
  const whole = new Date(Math.floor(instant.getTime() / 1000) * 1000);
  const offset = berlinOffsetMinutes(whole);
  const seconds = whole.getTime() / 1000;
  // berlinTime gives HH:MM; the seconds are the same in every zone with whole-minute offsets.
  const ss = pad(((seconds % 60) + 60) % 60);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${berlinDay(whole)}T${berlinTime(whole)}:${ss}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

/**
 * Leaves out optional keys whose value says nothing (undefined, null, "", []):
 * spec 2-04 discourages them. Mandatory arrays are passed in `keep`.
 */
export function compact(obj: JsonObject, keep: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) {
    if (keep.includes(key)) {
      out[key] = value;
      continue;
    }
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

/** A non-empty string or undefined (for optional fields). */
export const opt = (value: string | null | undefined): string | undefined => (value === null || value === undefined || value === '' ? undefined : value);

export const optTime = (value: Date | null | undefined): string | undefined => (value ? toOParlDateTime(value) : undefined);

/** The stamp trio every object carries (embedded ones too). */
export function stamps(type: OParlType, id: string, created: Date, modified: Date): { id: string; type: string; created: string; modified: string } {
  return { id, type: typeUrl(type), created: toOParlDateTime(created), modified: toOParlDateTime(modified) };
}

/** A deleted or depublished object (spec 2-08): nothing but id, type, created, modified and deleted. */
export function tombstone(type: OParlType, id: string, created: Date, modified: Date): JsonObject {
  return { ...stamps(type, id, created, modified), deleted: true };
}
