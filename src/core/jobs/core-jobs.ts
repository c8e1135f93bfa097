/**
 * The platform's background jobs: mail delivery (with its recovery sweep),
 * retention (anonymising Vorgänge whose period has passed, and mails that
 * belong to none), maintenance
 * (expired sessions, rate-limit counters and spent ALTCHA challenges) and
 * the file sweep (stored content that no row points at any more).
 */
import type { Services } from '../services.ts';
import type { JobLogger, QueueDefinition } from './jobs.ts';
import { anonymiseUnlinkedMails, mailQueues, UNLINKED_MAIL_RETENTION_DAYS, type MailRetryOptions } from '../mail/outbox.ts';
import { registerMailWorker, type MailWorker } from '../mail/worker.ts';
import { purgeExpiredRateLimits } from '../http/rate-limit-store.ts';

export const RETENTION_QUEUE = 'cases.retention';
export const MAINTENANCE_QUEUE = 'maintenance.purge';
export const FILE_SWEEP_QUEUE = 'files.sweep';

/** The platform's queues; `mailRetry` shortens the mail retry schedule (MAIL_RETRY_DELAY_SECONDS). */
export function coreJobQueues(options: { mailRetry?: MailRetryOptions } = {}): (string | QueueDefinition)[] {
  return [
    ...mailQueues(options.mailRetry),
    { name: RETENTION_QUEUE, policy: 'exclusive', retryLimit: 3, retryDelay: 300 },
    { name: MAINTENANCE_QUEUE, policy: 'exclusive', retryLimit: 0 },
    { name: FILE_SWEEP_QUEUE, policy: 'exclusive', retryLimit: 0 },
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
  await jobs.work(FILE_SWEEP_QUEUE, async () => {
    const { orphans, temporary } = await services.files.sweepOrphans(services.db);
    if (orphans || temporary) logger.info({ orphans, temporary }, 'file sweep: content without a row deleted');
  });
  // Nightly at 02:15 Berlin time; maintenance every ten minutes. The file sweep
  // every half hour: with its one-hour minimum age, orphaned content is gone
  // within about an hour and a half (the promise in file-store.ts).
  await jobs.schedule(RETENTION_QUEUE, '15 2 * * *');
  await jobs.schedule(MAINTENANCE_QUEUE, '*/10 * * * *');
  await jobs.schedule(FILE_SWEEP_QUEUE, '5,35 * * * *');
  return mail;
}
