/**
 * The platform's background jobs: mail delivery (with its recovery sweep),
 * retention (anonymising Vorgänge whose period has passed, and mails that
 * belong to none) and maintenance
 * (expired sessions, rate-limit counters and spent ALTCHA challenges).
 */
import type { Services } from '../services.ts';
import type { JobLogger, QueueDefinition } from './jobs.ts';
import { anonymiseUnlinkedMails, mailQueues, UNLINKED_MAIL_RETENTION_DAYS, type MailRetryOptions } from '../mail/outbox.ts';
import { registerMailWorker, type MailWorker } from '../mail/worker.ts';
import { purgeExpiredRateLimits } from '../http/rate-limit-store.ts';

export const RETENTION_QUEUE = 'cases.retention';
export const MAINTENANCE_QUEUE = 'maintenance.purge';

/** The platform's queues; `mailRetry` shortens the mail retry schedule (MAIL_RETRY_DELAY_SECONDS). */
export function coreJobQueues(options: { mailRetry?: MailRetryOptions } = {}): (string | QueueDefinition)[] {
  return [
    ...mailQueues(options.mailRetry),
    { name: RETENTION_QUEUE, policy: 'exclusive', retryLimit: 3, retryDelay: 300 },
    { name: MAINTENANCE_QUEUE, policy: 'exclusive', retryLimit: 0 },
  ];
}

export async function registerCoreJobs(services: Services, logger: JobLogger): Promise<MailWorker> {
  const { jobs } = services;
  const mail = await registerMailWorker({ db: services.db, jobs, smtpUrl: services.config.smtpUrl, mailFrom: services.config.mailFrom, logger });
  await jobs.work(RETENTION_QUEUE, async () => {
    let total = 0;
    for (let n = await services.cases.anonymiseExpired(); n > 0; n = await services.cases.anonymiseExpired()) total += n;
    if (total) logger.info({ anonymised: total }, 'retention: cases anonymised');
    const mails = await anonymiseUnlinkedMails(services.db, new Date(services.now().getTime() - UNLINKED_MAIL_RETENTION_DAYS * 86_400_000));
    if (mails) logger.info({ mails }, 'retention: mails without a Vorgang anonymised');
  });
  await jobs.work(MAINTENANCE_QUEUE, async () => {
    const sessions = await services.staffAuth.purgeExpiredSessions();
    const counters = await purgeExpiredRateLimits(services.pool);
    const challenges = await services.antibot.prune();
    if (sessions || counters || challenges) logger.info({ sessions, counters, challenges }, 'maintenance: expired rows purged');
  });
  // Nightly at 02:15 Berlin time; maintenance every ten minutes.
  await jobs.schedule(RETENTION_QUEUE, '15 2 * * *');
  await jobs.schedule(MAINTENANCE_QUEUE, '*/10 * * * *');
  return mail;
}
