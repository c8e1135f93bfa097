/**
 * Which provider serves a tenant: the built-in Test-Kasse, XBezahldienste
 * (ids from the tenant's settings, secrets from the environment), or the
 * invoice pseudo-provider for Rechnung/Überweisung.
 *
 * XBezahldienste adapters are kept per configuration (so the OAuth token is
 * reused instead of fetched for every call) and every call to a platform
 * goes through that platform's circuit breaker (circuit-breaker.ts): a
 * failing or hanging platform is left alone for a cool-down instead of
 * holding one request and one socket per citizen.
 */
import { createHmac } from 'node:crypto';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { TenantService } from '../../tenancy/tenants.ts';
import { ProviderError, type PaymentProvider } from '../provider.ts';
import type { PaymentProviderId } from '../schema.ts';
import { createTestkasseProvider, invoiceProvider } from './testkasse.ts';
import { createXBezahldiensteProvider, type XBezahldiensteOptions } from './xbezahldienste.ts';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';

/** The Test-Kasse's signing key, derived from the session secret (every instance derives the same). */
export function testkasseSecret(config: Pick<Config, 'sessionSecret'>): string {
  return createHmac('sha256', config.sessionSecret).update('testkasse-callback').digest('base64url');
}

/** The provider with its platform calls (create, status, refund) run through `breaker`; callback checks are local and stay direct. */
export function guarded(provider: PaymentProvider, breaker: CircuitBreaker): PaymentProvider {
  return {
    id: provider.id,
    redirects: provider.redirects,
    createPayment: (input) => breaker.run(() => provider.createPayment(input)),
    getStatus: (providerRef) => breaker.run(() => provider.getStatus(providerRef)),
    refund: (providerRef, amountCents, reason) => breaker.run(() => provider.refund(providerRef, amountCents, reason)),
    verifyCallback: (request) => provider.verifyCallback(request),
  };
}

export function createProviderRegistry(deps: { db: Db; config: Config; tenants: TenantService; baseUrl(tenantId: string): Promise<string>; breaker?: Omit<CircuitBreakerOptions, 'name'>; timeoutMs?: number }) {
  /** Adapter per complete configuration; breaker per platform (base URL), shared by the tenants that use it. */
  const adapters = new Map<string, PaymentProvider>();
  const breakers = new Map<string, CircuitBreaker>();

  function xbezahldienste(options: XBezahldiensteOptions): PaymentProvider {
    const key = JSON.stringify([options.baseUrl, options.originatorId, options.endPointId, options.clientId, options.clientSecret, options.extensions, options.callbackSecret ?? null]);
    let adapter = adapters.get(key);
    if (!adapter) {
      let breaker = breakers.get(options.baseUrl);
      if (!breaker) {
        breaker = createCircuitBreaker({ name: `xbezahldienste ${new URL(options.baseUrl).host}`, ...deps.breaker });
        breakers.set(options.baseUrl, breaker);
      }
      adapter = guarded(createXBezahldiensteProvider({ ...options, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) }), breaker);
      adapters.set(key, adapter);
    }
    return adapter;
  }

  return async function provider(tenantId: string, id: PaymentProviderId): Promise<PaymentProvider> {
    if (id === 'invoice') return invoiceProvider;
    if (id === 'testkasse') return createTestkasseProvider({ db: deps.db, merchant: tenantId, baseUrl: await deps.baseUrl(tenantId), secret: testkasseSecret(deps.config) });
    const setting = (key: string) => deps.tenants.getSetting<string>(tenantId, `payments.xbezahldienste.${key}`);
    const [baseUrl, originatorId, endPointId, clientId] = await Promise.all([setting('baseUrl'), setting('originatorId'), setting('endPointId'), setting('clientId')]);
    const { clientSecret, callbackSecret, extensions } = deps.config.xbezahldienste;
    if (!baseUrl || !originatorId || !endPointId || !clientId || !clientSecret) throw new ProviderError('XBezahldienste is not configured for this municipality', false);
    return xbezahldienste({ baseUrl, originatorId, endPointId, clientId, clientSecret, extensions, ...(callbackSecret ? { callbackSecret } : {}) });
  };
}
