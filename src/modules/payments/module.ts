/**
 * ePayment pages and background work around the payment core
 * (src/core/payments): the return/cancel/callback endpoints providers use,
 * the built-in Test-Kasse, the status poller and expiry, the settlement of
 * paid payments, the nightly finance export, and the Stadtkasse's back
 * office (staff/).
 */
import type { RathausModule } from '../../core/module.ts';
import { POLL_QUEUE, SETTLED_QUEUE } from '../../core/payments/payment-service.ts';
import { settle } from '../../core/payments/payables.ts';
import { paymentMessages } from './messages.ts';
import { paymentPublicRoutes } from './public.routes.ts';
import { paymentStaffMessages, paymentsStaffNavigation, staffPaymentRoutes } from './staff/staff.routes.tsx';
import { exportFinanceDays, FINANCE_EXPORT_CRON, FINANCE_EXPORT_QUEUE } from './staff/finance-export-job.ts';
import { registerTestkasseJobs, TESTKASSE_NOTIFY_QUEUE, TESTKASSE_SETTLE_QUEUE, testkasseRoutes } from './testkasse/testkasse.routes.tsx';

export const paymentsModule: RathausModule = {
  name: 'payments',
  messages: [paymentMessages, paymentStaffMessages],
  navigation: { staff: paymentsStaffNavigation },
  staffRoutes: staffPaymentRoutes,
  publicRoutes: (app, services) => {
    paymentPublicRoutes(app, services);
    testkasseRoutes(app, services);
  },
  jobs: {
    queues: [
      { name: SETTLED_QUEUE, retryLimit: 20, retryDelay: 30, retryBackoff: true },
      { name: POLL_QUEUE, policy: 'exclusive', retryLimit: 1 },
      { name: FINANCE_EXPORT_QUEUE, policy: 'exclusive', retryLimit: 5, retryDelay: 300 },
      { name: TESTKASSE_SETTLE_QUEUE, retryLimit: 5 },
      { name: TESTKASSE_NOTIFY_QUEUE, retryLimit: 10, retryDelay: 5, retryBackoff: true },
    ],
    register: async (services, logger) => {
      await services.jobs.work<{ tenantId: string; paymentId: string }>(SETTLED_QUEUE, async ({ tenantId, paymentId }) => {
        const payment = await services.payments.get(tenantId, paymentId);
        if (payment) await settle(services, payment);
      });
      await services.jobs.work(POLL_QUEUE, async () => {
        const changed = await services.payments.pollOpen();
        const expired = await services.payments.expireAbandoned();
        if (changed || expired) logger.info({ changed, expired }, 'payments: open payments checked');
      });
      await services.jobs.schedule(POLL_QUEUE, '* * * * *');
      await services.jobs.work(FINANCE_EXPORT_QUEUE, async () => {
        const written = await exportFinanceDays(services);
        if (written.length) logger.info({ files: written.map((w) => `${w.tenant}/${w.day}`) }, 'payments: finance export written');
      });
      await services.jobs.schedule(FINANCE_EXPORT_QUEUE, FINANCE_EXPORT_CRON);
      await registerTestkasseJobs(services, logger);
    },
  },
};
