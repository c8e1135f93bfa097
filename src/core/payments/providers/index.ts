/**
 * Which provider serves a tenant: the built-in Test-Kasse, XBezahldienste
 * (ids from the tenant's settings, secrets from the environment), or the
 * invoice pseudo-provider for Rechnung/Überweisung.
 */
import { createHmac } from 'node:crypto';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { TenantService } from '../../tenancy/tenants.ts';
import { ProviderError, type PaymentProvider } from '../provider.ts';
import type { PaymentProviderId } from '../schema.ts';
import { createTestkasseProvider, invoiceProvider } from './testkasse.ts';
import { createXBezahldiensteProvider } from './xbezahldienste.ts';

/** The Test-Kasse's signing key, derived from the session secret (every instance derives the same). */
export function testkasseSecret(config: Pick<Config, 'sessionSecret'>): string {
  return createHmac('sha256', config.sessionSecret).update('testkasse-callback').digest('base64url');
}

export function createProviderRegistry(deps: { db: Db; config: Config; tenants: TenantService; baseUrl(tenantId: string): Promise<string> }) {
  return async function provider(tenantId: string, id: PaymentProviderId): Promise<PaymentProvider> {
    if (id === 'invoice') return invoiceProvider;
    if (id === 'testkasse') return createTestkasseProvider({ db: deps.db, merchant: tenantId, baseUrl: await deps.baseUrl(tenantId), secret: testkasseSecret(deps.config) });
    const setting = (key: string) => deps.tenants.getSetting<string>(tenantId, `payments.xbezahldienste.${key}`);
    const [baseUrl, originatorId, endPointId, clientId] = await Promise.all([setting('baseUrl'), setting('originatorId'), setting('endPointId'), setting('clientId')]);
    const { clientSecret, callbackSecret, extensions } = deps.config.xbezahldienste;
    if (!baseUrl || !originatorId || !endPointId || !clientId || !clientSecret) throw new ProviderError('XBezahldienste is not configured for this municipality', false);
    return createXBezahldiensteProvider({ baseUrl, originatorId, endPointId, clientId, clientSecret, extensions, ...(callbackSecret ? { callbackSecret } : {}) });
  };
}
