/**
 * Vorgangstypen. A module declares each type it creates once: its reference
 * prefix, label, which setting holds its retention period and due time, and
 * how its submitted data reads for a clerk. Core then handles every type alike.
 */
import type { Executor } from '../db/database.ts';
import type { Locale, Translate } from '../i18n/i18n.ts';

export interface DataRow {
  label: string;
  value: string;
}

export interface CaseType {
  type: string;
  /** Two capital letters; the start of every reference of this type. */
  prefix: string;
  labelKey: string;
  /** A label per language, for types generated from data (e.g. one per online form); wins over labelKey. */
  labels?: { de: string; en: string };
  /** Setting (days after closing) after which personal data is anonymised. */
  retentionSetting: string;
  /**
   * A period for this particular case (e.g. the one its service sets), in days
   * after closing; null falls back to `retentionSetting`.
   */
  retentionDays?(tx: Executor, c: { tenantId: string; data: Record<string, unknown> }): Promise<number | null>;
  /**
   * Whether the case may move to `toStatus` now: null, or the i18n key of the
   * reason it may not (e.g. a four-eyes release is still missing). Runs inside
   * the status change's transaction, on the locked case.
   */
  statusBlocker?(tx: Executor, c: { tenantId: string; id: string; data: Record<string, unknown> }, toStatus: string): Promise<string | null>;
  /**
   * Removes the personal data the module keeps about the case in its own
   * tables; runs in the anonymisation's transaction. `removeFile` deletes a
   * stored file (row and content) that the module's tables point to.
   */
  anonymise?(tx: Executor, c: { tenantId: string; id: string }, helpers: { removeFile(fileId: string): Promise<void> }): Promise<void>;
  /** Setting (days) for the answer deadline, if the type has one. */
  dueSetting?: string;
  /** The submitted data as label/value rows for the staff and status pages. */
  describe(data: Record<string, unknown>, t: Translate, locale: Locale): DataRow[];
  /** Type-specific work on the case screen (e.g. "Bescheid erstellen"): links to the module's own staff pages. */
  staffLinks?(
    caseView: { id: string; tenantId: string; status: string; closed: boolean; data: Record<string, unknown> },
    t: Translate,
    db: Executor,
  ): Promise<{ label: string; href: string }[]> | { label: string; href: string }[];
}

/** The display name of a case type in a language. */
export function caseTypeLabel(type: CaseType, t: Translate, locale: Locale): string {
  return type.labels ? type.labels[locale] : t(type.labelKey);
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
