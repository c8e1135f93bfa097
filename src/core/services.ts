/**
 * The composition of core services. Tests build the same object with their own
 * database and settings; there is no DI framework, just this function.
 */
import type { Config } from './config/config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { JobQueue } from './jobs/jobs.ts';
import { createTenantService, type Tenant } from './tenancy/tenants.ts';
import { createFileStore } from './files/file-store.ts';
import { createCaseService } from './cases/case-service.ts';
import { createStaffAuth } from './auth/staff-auth.ts';
import { statusLabelKey } from './cases/statuses.ts';
import { buildCatalog, createTranslator, type Catalog, type Locale } from './i18n/i18n.ts';
import path from 'node:path';
import { createPaymentService } from './payments/payment-service.ts';
import { createProviderRegistry } from './payments/providers/index.ts';
import { createAntibot } from './antibot/altcha.ts';
import { createPageCache } from './http/page-cache.ts';
import { createRateCounter } from './http/rate-limit-store.ts';

export interface ServiceDeps {
  config: Config;
  database: DatabaseHandle;
  jobs: JobQueue;
  catalog: Catalog;
  now?: () => Date;
}

/** Base URL of a tenant: the configured public URL for the default tenant, its own host name otherwise. */
export function tenantBaseUrl(config: Config, tenant: Tenant): string {
  if (tenant.isDefault || tenant.hostnames.length === 0) return config.publicUrl;
  const url = new URL(config.publicUrl);
  url.hostname = tenant.hostnames[0] as string;
  return url.toString().replace(/\/$/, '');
}

export function createServices(deps: ServiceDeps) {
  const { config, database, jobs, catalog } = deps;
  const db = database.db;
  const tenants = createTenantService(db);
  const files = createFileStore(path.join(config.dataDir, 'files'));
  const translators = { de: createTranslator(catalog, 'de'), en: createTranslator(catalog, 'en') };
  const cases = createCaseService({
    db,
    jobs,
    tenants,
    files,
    linkSecret: config.sessionSecret,
    statusUrl: (tenant, token) => `${tenantBaseUrl(config, tenant)}/vorgang/${token}`,
    statusLabel: (status: string, locale: Locale) => translators[locale](statusLabelKey(status)),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const staffAuth = createStaffAuth({ db, tenants, config, ...(deps.now ? { now: deps.now } : {}) });
  const baseUrlOf = async (tenantId: string): Promise<string> => {
    const tenant = (await tenants.all()).find((t) => t.id === tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    return tenantBaseUrl(config, tenant);
  };
  const payments = createPaymentService({
    db,
    jobs,
    tenants,
    provider: createProviderRegistry({ db, config, tenants, baseUrl: baseUrlOf }),
    urlFor: async (tenantId, urlPath) => `${await baseUrlOf(tenantId)}${urlPath}`,
    ...(deps.now ? { now: deps.now } : {}),
  });
  /** The clock every service uses (tests pass their own). */
  const now = deps.now ?? (() => new Date());
  // Keys derived from the session secret with their own labels (see antibot/altcha.ts).
  const antibot = createAntibot({ db, secret: config.sessionSecret, now });
  // Anonymous public reads (catalogue, Open311, OParl) are served from here for a few seconds; writers invalidate their tag.
  const pageCache = createPageCache({ enabled: config.pageCache });
  // Rate-limit hits are counted in memory and shared with the other instances through the database every 200 ms.
  const rateCounter = createRateCounter(database.pool);
  return { config, db, pool: database.pool, jobs, catalog, tenants, files, cases, staffAuth, translators, payments, now, baseUrlOf, antibot, pageCache, rateCounter };
}

export type Services = ReturnType<typeof createServices>;

export { buildCatalog };
