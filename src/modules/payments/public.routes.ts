/**
 * Where providers send the citizen and their callbacks. The return and
 * cancel URLs ask the provider for the status (the redirect itself proves
 * nothing) and send the citizen back to the module's own page, always a path
 * on our host. The callback route takes the raw body for the signature check
 * and answers like an API: 200 applied, 401 bad signature, 404 unknown
 * transaction, 503 provider not reachable (the provider retries).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../core/services.ts';
import { ProviderError } from '../../core/payments/provider.ts';
import { settle } from '../../core/payments/payables.ts';
import { isOwnPath } from '../../core/payments/payment-service.ts';

const paymentParams = z.object({ id: z.uuid() });
const providerParams = z.object({ provider: z.enum(['testkasse', 'xbezahldienste']) });

export function paymentPublicRoutes(app: FastifyInstance, services: Services): void {
  async function backToModule(tenantId: string, id: string): Promise<string | null> {
    try {
      const result = await services.payments.refresh(tenantId, id, 'citizen');
      if (!result) return null;
      // The module's page shows the outcome; running the handler here means a paid application is submitted before the citizen sees that page.
      if (result.payment.status === 'paid') await settle(services, result.payment);
      return result.payment.returnPath;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      // The provider is not answering: the module's page says the payment is still being confirmed; the poller will find out.
      const payment = await services.payments.get(tenantId, id);
      return payment?.returnPath ?? null;
    }
  }

  for (const kind of ['rueckkehr', 'abbruch'] as const) {
    app.get(`/zahlung/:id/${kind}`, { schema: { params: paymentParams } }, async (request, reply) => {
      const { id } = request.params as z.infer<typeof paymentParams>;
      const target = await backToModule(request.tenant.id, id);
      if (!target || !isOwnPath(target)) return reply.callNotFound();
      return reply.redirect(target, 303);
    });
  }

  void app.register(async (scope) => {
    // The signature covers the exact bytes the provider sent: keep them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/zahlung/rueckmeldung/:provider', { schema: { params: providerParams }, config: { csrf: false, rateLimit: { max: 600, timeWindow: '1 minute' } } }, async (request, reply) => {
      const { provider } = request.params as z.infer<typeof providerParams>;
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const outcome = await services.payments.handleCallback(request.tenant.id, provider, { headers: request.headers, rawBody });
      if (outcome === 'applied') {
        return reply.code(200).type('application/json').send({ ok: true });
      }
      if (outcome === 'rejected') {
        request.log.warn({ provider }, 'payment callback with a bad signature rejected');
        return reply.code(401).type('application/json').send({ error: 'bad signature' });
      }
      if (outcome === 'unknown') return reply.code(404).type('application/json').send({ error: 'unknown transaction' });
      return reply.code(503).header('retry-after', '60').type('application/json').send({ error: 'provider not reachable, retry later' });
    });
  });
}
