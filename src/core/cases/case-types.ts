/**
 * Vorgangstypen. A module declares each type it creates once: its reference
 * prefix, label, which setting holds its retention period and due time, and
 * how its submitted data reads for a clerk. Core then handles every type alike.
 */
import type { Translate } from '../i18n/i18n.ts';

export interface DataRow {
  label: string;
  value: string;
}

export interface CaseType {
  type: string;
  /** Two capital letters; the start of every reference of this type. */
  prefix: string;
  labelKey: string;
  /** Setting (days after closing) after which personal data is anonymised. */
  retentionSetting: string;
  /** Setting (days) for the answer deadline, if the type has one. */
  dueSetting?: string;
  /** The submitted data as label/value rows for the staff and status pages. */
  describe(data: Record<string, unknown>, t: Translate): DataRow[];
}

const registry = new Map<string, CaseType>();

export function registerCaseTypes(types: readonly CaseType[]): void {
  for (const type of types) {
    if (!/^[A-Z]{2}$/.test(type.prefix)) throw new Error(`case type ${type.type}: prefix must be two capital letters`);
    const clash = [...registry.values()].find((t) => t.prefix === type.prefix && t.type !== type.type);
    if (clash) throw new Error(`case type ${type.type}: prefix ${type.prefix} already used by ${clash.type}`);
    registry.set(type.type, type);
  }
}

export function caseType(type: string): CaseType {
  const found = registry.get(type);
  if (!found) throw new Error(`unknown case type ${type}`);
  return found;
}

export function caseTypes(): CaseType[] {
  return [...registry.values()];
}
