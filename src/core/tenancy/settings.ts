/**
 * Tenant settings: every key is declared here (or by a module) with a schema
 * and a default, so the CLI, the back office and the code agree on what a
 * valid value is. Values live in `tenant_settings` as JSON.
 */
import { z } from 'zod';

export interface SettingDefinition<T = unknown> {
  key: string;
  description: string;
  schema: z.ZodType<T>;
  defaultValue: T;
}

function define<T>(key: string, description: string, schema: z.ZodType<T>, defaultValue: T): SettingDefinition<T> {
  return { key, description, schema, defaultValue };
}

export const coreSettings = [
  define('branding.primaryColor', 'Brand colour of the header (hex, e.g. #00507a); must give white text AA contrast', z.string().regex(/^#[0-9a-fA-F]{6}$/), '#00507a'),
  define('privacy.noticeVersion', 'Version label of the current privacy notice; recorded with every consent', z.string().min(1).max(40), '2026-01'),
  define('cases.contactRetentionDays', 'Days after closing until a contact/barrier Vorgang is anonymised', z.coerce.number().int().min(30).max(3650), 365),
  define('cases.contactDueDays', 'Working target in days to answer a contact request (deadline shown in the inbox)', z.coerce.number().int().min(1).max(90), 10),
  define('session.idleMinutes', 'Staff session idle timeout in minutes', z.coerce.number().int().min(5).max(240), 30),
  define('session.absoluteHours', 'Staff session absolute lifetime in hours', z.coerce.number().int().min(1).max(24), 10),
  define('payments.provider', 'Online payment provider: testkasse (built-in sandbox, clearly marked as test mode) or xbezahldienste', z.enum(['testkasse', 'xbezahldienste']), 'testkasse'),
  define('payments.kassenzeichenPrefix', 'Prefix of Kassenzeichen (digits, groups joined by dots, at most 8 digits), e.g. 51', z.string().regex(/^\d+(\.\d+)*$/).refine((v) => v.replace(/\./g, '').length <= 8), '51'),
  define('payments.expiryMinutes', 'Minutes until an abandoned online payment expires', z.coerce.number().int().min(10).max(1440), 60),
  define('payments.invoiceDueDays', 'Days to pay an invoice (Rechnung/Überweisung)', z.coerce.number().int().min(7).max(90), 14),
  define('payments.recipient', 'Payee shown on invoices (Zahlungsempfänger)', z.string().max(140), ''),
  define('payments.iban', 'IBAN of the municipal cash office shown on invoices', z.union([z.literal(''), z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/)]), ''),
  define('payments.bic', 'BIC of the municipal cash office', z.union([z.literal(''), z.string().regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/)]), ''),
  define('payments.testkasseLateSeconds', 'Test-Kasse: seconds until a "notify late" payment settles and its callback is sent', z.coerce.number().int().min(1).max(3600), 120),
  define('payments.xbezahldienste.baseUrl', 'XBezahldienste: base URL of the payment platform (empty: not configured)', z.union([z.literal(''), z.url({ protocol: /^https?$/ })]), ''),
  define('payments.xbezahldienste.originatorId', 'XBezahldienste: originator id (Bewirtschafter)', z.string().max(36), ''),
  define('payments.xbezahldienste.endPointId', 'XBezahldienste: endpoint id (Bewirtschafter-Endpunkt)', z.string().max(36), ''),
  define('payments.xbezahldienste.clientId', 'XBezahldienste: OAuth client id (the secret comes from XBEZAHLDIENSTE_CLIENT_SECRET)', z.string().max(200), ''),
  define('mail.replyTo', 'Reply-To address for citizen mail (empty: none)', z.union([z.literal(''), z.email()]), ''),
] as const satisfies readonly SettingDefinition<never>[] | readonly SettingDefinition[];

export type CoreSettingKey = (typeof coreSettings)[number]['key'];

const registry = new Map<string, SettingDefinition>(coreSettings.map((d) => [d.key, d as SettingDefinition]));

/** Modules add their settings once at start-up. */
export function registerSettings(definitions: readonly SettingDefinition[]): void {
  for (const d of definitions) {
    if (registry.has(d.key)) throw new Error(`setting ${d.key} declared twice`);
    registry.set(d.key, d);
  }
}

export function settingDefinitions(): SettingDefinition[] {
  return [...registry.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function settingDefinition(key: string): SettingDefinition | undefined {
  return registry.get(key);
}

/** Parses a raw value (from the CLI or a form) for a key; returns the typed value or an error text. */
export function parseSettingValue(key: string, raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const def = registry.get(key);
  if (!def) return { ok: false, error: `unknown setting "${key}"` };
  let candidate: unknown = raw;
  if (raw === 'true' || raw === 'false') candidate = raw === 'true';
  const result = def.schema.safeParse(candidate);
  if (result.success) return { ok: true, value: result.data };
  const retry = def.schema.safeParse(raw);
  if (retry.success) return { ok: true, value: retry.data };
  return { ok: false, error: result.error.issues.map((i) => i.message).join('; ') };
}
