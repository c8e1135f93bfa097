/**
 * Delivers the outbox (outbox.ts) over SMTP.
 *
 * Delivery is at-least-once with duplicates made unlikely and recognisable:
 * the mail row is locked while it is sent (a second worker skips it), its
 * status is checked first (a sent or held mail is never sent again), and the
 * Message-ID is derived from the mail id, so if a crash falls between the SMTP
 * server's "250 OK" and our commit, the resend carries the same Message-ID.
 *
 * Without SMTP configured, mail is `held`: the demo works offline, and staff
 * read held mail in the back office (Postausgang).
 */
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { JobContext, JobLogger, JobQueue, WorkOptions } from '../jobs/jobs.ts';
import { MAIL_SEND_QUEUE, MAIL_SWEEP_QUEUE, type MailSendJob } from './outbox.ts';

export interface MailWorkerOptions {
  db: Db;
  jobs: JobQueue;
  /** Absent: mail is held instead of sent. */
  smtpUrl?: string | undefined;
  /** `Name <address>`; the tenant's name replaces the display name. */
  mailFrom: string;
  logger: JobLogger;
  /** Polling of the send queue (tests poll faster). */
  work?: WorkOptions;
  /** Queued mail older than this is re-enqueued by the sweep. */
  sweepAfterMs?: number;
}

export interface MailWorker {
  /** Re-enqueues stale queued mail; returns how many mails it looked at. */
  sweep(): Promise<number>;
  /** Closes the SMTP connections. Call after `jobs.stop()`, which waits for running sends. */
  close(): Promise<void>;
}

const SWEEP_BATCH = 1000;
const LAST_ERROR_MAX = 500;

type Transport = ReturnType<typeof createTransport>;

function createTransport(smtpUrl: string) {
  return nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    // nodemailer's defaults (2 min connect, 10 min socket) would let one dead server stall the queue.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dnsTimeout: 10_000,
  });
}

function parseSender(mailFrom: string): { address: string; domain: string } {
  const [first] = addressparser(mailFrom, { flatten: true });
  const address = first?.address ?? '';
  const domain = address.split('@')[1];
  if (!domain) throw new Error(`mail: MAIL_FROM has no usable address: ${mailFrom}`);
  return { address, domain };
}

interface SmtpFailure {
  /** What the SMTP server or the connection said; kept in `last_error` for staff. */
  detail: string;
  /** Codes only: a server's reply can quote the recipient, which must not reach the logs. */
  summary: string;
  /** The server refused the recipient for good (5xx); retrying cannot help. */
  permanent: boolean;
}

function describeFailure(error: unknown): SmtpFailure {
  if (!(error instanceof Error)) return { detail: String(error).slice(0, LAST_ERROR_MAX), summary: 'unknown error', permanent: false };
  const { code, responseCode } = error as Error & { code?: unknown; responseCode?: unknown };
  const codeText = typeof code === 'string' ? code : 'unknown error';
  const reply = typeof responseCode === 'number' ? responseCode : undefined;
  return {
    detail: `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`.slice(0, LAST_ERROR_MAX),
    summary: reply === undefined ? codeText : `${codeText} ${reply}`,
    permanent: code === 'EENVELOPE' && reply !== undefined && reply >= 500 && reply < 600,
  };
}

class MailDeliveryError extends Error {}

type Outcome = { kind: 'done' } | { kind: 'retry'; error: MailDeliveryError };

export async function registerMailWorker(opts: MailWorkerOptions): Promise<MailWorker> {
  const { db, jobs, logger } = opts;
  const sender = parseSender(opts.mailFrom);
  const transport: Transport | undefined = opts.smtpUrl ? createTransport(opts.smtpUrl) : undefined;
  const sweepAfterMs = opts.sweepAfterMs ?? 2 * 60_000;

  async function deliver(job: MailSendJob, context: JobContext): Promise<void> {
    const outcome = await db.transaction().execute(async (tx): Promise<Outcome> => {
      const mail = await tx
        .selectFrom('mails')
        .innerJoin('tenants', 'tenants.id', 'mails.tenant_id')
        .select(['mails.id', 'mails.status', 'mails.to_address', 'mails.subject', 'mails.text_body', 'mails.html_body', 'mails.calendar', 'mails.calendar_method', 'tenants.name as tenant_name'])
        .where('mails.tenant_id', '=', job.tenantId)
        .where('mails.id', '=', job.mailId)
        .forUpdate('mails')
        .skipLocked()
        .executeTakeFirst();
      // Gone (deleted with its tenant), locked (another worker is sending it right now) or already settled.
      if (!mail || mail.status !== 'queued') return { kind: 'done' };
      const row = tx.updateTable('mails').where('tenant_id', '=', job.tenantId).where('id', '=', job.mailId);

      if (!transport) {
        await row.set({ status: 'held' }).execute();
        logger.info({ mailId: mail.id }, 'mail held: no SMTP server configured');
        return { kind: 'done' };
      }

      try {
        await transport.sendMail({
          from: { name: mail.tenant_name, address: sender.address },
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text_body,
          html: mail.html_body,
          messageId: `<${mail.id}@${sender.domain}>`,
          // iMIP (RFC 6047): nodemailer sends it as a text/calendar alternative and as an .ics attachment.
          ...(mail.calendar && mail.calendar_method ? { icalEvent: { method: mail.calendar_method, filename: 'termin.ics', content: mail.calendar } } : {}),
          // RFC 3834: tells out-of-office responders not to answer a no-reply sender.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        const failure = describeFailure(error);
        const final = failure.permanent || context.retryCount >= context.retryLimit;
        await row
          .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: failure.detail, status: final ? 'failed' : 'queued' }))
          .execute();
        const log = final ? logger.error : (logger.warn ?? logger.info);
        log.call(logger, { mailId: mail.id, attempt: context.retryCount + 1, final, reason: failure.summary }, 'mail delivery failed');
        return final ? { kind: 'done' } : { kind: 'retry', error: new MailDeliveryError(`mail ${mail.id}: delivery failed (${failure.summary})`) };
      }

      await row
        .set((eb) => ({ attempts: eb('attempts', '+', 1), status: 'sent', sent_at: sql<Date>`now()`, last_error: null }))
        .execute();
      logger.info({ mailId: mail.id }, 'mail sent');
      return { kind: 'done' };
    });
    // Thrown only after the commit, so the attempt is recorded; pg-boss then retries with backoff.
    if (outcome.kind === 'retry') throw outcome.error;
  }

  async function sweep(): Promise<number> {
    const stale = await db
      .selectFrom('mails')
      .select(['tenant_id', 'id'])
      .where('status', '=', 'queued')
      .where('created_at', '<', sql<Date>`now() - ${sweepAfterMs} * interval '1 millisecond'`)
      .orderBy('created_at')
      .limit(SWEEP_BATCH)
      .execute();
    // The singletonKey makes this a no-op for mail whose job is still waiting or running.
    for (const mail of stale) {
      const job: MailSendJob = { tenantId: mail.tenant_id, mailId: mail.id };
      await jobs.send(db, MAIL_SEND_QUEUE, job, { singletonKey: mail.id });
    }
    return stale.length;
  }

  await jobs.work<MailSendJob>(MAIL_SEND_QUEUE, deliver, opts.work);
  await jobs.work(MAIL_SWEEP_QUEUE, async () => {
    await sweep();
  });
  await jobs.schedule(MAIL_SWEEP_QUEUE, '* * * * *');
  if (jobs.workersEnabled) {
    // Mail queued before a crash, or restored from a backup without its job, goes out now rather than in a minute.
    try {
      await sweep();
    } catch (error) {
      logger.error({ err: error }, 'mail sweep at start failed');
    }
  }

  return {
    sweep,
    async close() {
      transport?.close();
    },
  };
}
