/**
 * Tenants (Kommunen): resolution by Host header and their settings.
 * Tenants change rarely, so they are cached per process for a few seconds;
 * every instance reloads on its own, which keeps processes stateless.
 */
import type { Db, Executor } from '../db/database.ts';
import type { TenantContact } from '../db/tables.ts';
import { settingDefinition, type CoreSettingKey } from './settings.ts';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  ags: string;
  bundesland: string;
  hostnames: string[];
  isDefault: boolean;
  contact: TenantContact;
  hasLogo: boolean;
  imprint: string;
  privacy: string;
  accessibility: string;
}

const CACHE_MS = 5_000;

/**
 * A setting's value from its stored row (`undefined`: none stored): the
 * stored value if it is valid, else the default. For a caller that read the
 * row together with other data in one statement.
 */
export function settingValue<T>(key: CoreSettingKey | string, stored: unknown): T {
  const def = settingDefinition(key);
  if (!def) throw new Error(`unknown setting ${key}`);
  if (stored === undefined) return def.defaultValue as T;
  const parsed = def.schema.safeParse(stored);
  return (parsed.success ? parsed.data : def.defaultValue) as T;
}

export function createTenantService(db: Db) {
  let cache: { at: number; tenants: Tenant[] } | null = null;

  async function all(): Promise<Tenant[]> {
    if (cache && Date.now() - cache.at < CACHE_MS) return cache.tenants;
    const rows = await db.selectFrom('tenants').selectAll().orderBy('slug').execute();
    const tenants = rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      ags: r.ags,
      bundesland: r.bundesland,
      hostnames: r.hostnames,
      isDefault: r.is_default,
      contact: r.contact,
      hasLogo: Boolean(r.branding.logoFileId),
      imprint: r.imprint,
      privacy: r.privacy,
      accessibility: r.accessibility,
    }));
    cache = { at: Date.now(), tenants };
    return tenants;
  }

  /** Host header → tenant: an exact hostname match, else the default tenant (single-city installs, localhost). */
  async function resolve(host: string | undefined): Promise<Tenant | null> {
    const tenants = await all();
    const name = (host ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    return tenants.find((t) => t.hostnames.includes(name)) ?? tenants.find((t) => t.isDefault) ?? null;
  }

  async function bySlug(slug: string): Promise<Tenant | null> {
    return (await all()).find((t) => t.slug === slug) ?? null;
  }

  async function getSetting<T>(tenantId: string, key: CoreSettingKey | string, executor: Executor = db): Promise<T> {
    const def = settingDefinition(key);
    if (!def) throw new Error(`unknown setting ${key}`);
    const row = await executor
      .selectFrom('tenant_settings')
      .select('value')
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .executeTakeFirst();
    return settingValue<T>(key, row ? row.value : undefined);
  }

  async function setSetting(tenantId: string, key: string, value: unknown, executor: Executor = db): Promise<void> {
    await executor
      .insertInto('tenant_settings')
      .values({ tenant_id: tenantId, key, value: JSON.stringify(value) })
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
      .execute();
  }

  return { all, resolve, bySlug, getSetting, setSetting, invalidate: () => (cache = null) };
}

export type TenantService = ReturnType<typeof createTenantService>;
