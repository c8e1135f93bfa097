/**
 * The mail outbox. A mail is rendered when it is queued and stored in `mails`
 * together with its delivery job, in the caller's transaction: if the
 * business change rolls back, no mail goes out; once it commits, the mail is
 * delivered even if the process dies right afterwards (see worker.ts).
 * The stored row is what staff read in the Postausgang, exactly as sent.
 */
import { Transaction } from 'kysely';
import { prepared, type Executor, type Tx } from '../db/database.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { JobQueue, QueueDefinition } from '../jobs/jobs.ts';
import { renderMail, type MailTemplate, type MailTemplateParams } from './templates.ts';

export const MAIL_SEND_QUEUE = 'mail.send';
export const MAIL_SWEEP_QUEUE = 'mail.sweep';

export interface MailSendJob {
  tenantId: string;
  mailId: string;
}

export interface MailRetryOptions {
  retryLimit?: number;
  /** Seconds before the first retry; doubles with every retry when `retryBackoff` is on. */
  retryDelay?: number;
  retryBackoff?: boolean;
  retryDelayMax?: number;
}

/** Seconds before the first retry of a mail whose delivery failed (pg-boss doubles it for each further retry, with jitter). */
export const DEFAULT_MAIL_RETRY_DELAY_SECONDS = 30;


/**
 * The mail queues, for `createJobQueue({ queues })`. With the defaults a mail
 * is retried ten times over about four hours (30 s, then doubling with
 * jitter, at most an hour apart), which covers an SMTP outage or a
 * maintenance window; tests and drills pass shorter delays.
 */
export function mailQueues(retry: MailRetryOptions = {}): QueueDefinition[] {
  const retryBackoff = retry.retryBackoff ?? true;
  return [
    {
      name: MAIL_SEND_QUEUE,
      // One waiting-or-running job per mail (singletonKey = mail id): the recovery sweep cannot double it.
      policy: 'exclusive',
      retryLimit: retry.retryLimit ?? 10,
      retryDelay: retry.retryDelay ?? DEFAULT_MAIL_RETRY_DELAY_SECONDS,
      retryBackoff,
      ...(retryBackoff ? { retryDelayMax: retry.retryDelayMax ?? 3600 } : {}),
      // Longer than the SMTP timeouts together, so pg-boss never reclaims a send still in progress.
      expireInSeconds: 120,
    },
    // One sweep at a time across all instances; a missed one is simply done by the next.
    { name: MAIL_SWEEP_QUEUE, policy: 'exclusive', retryLimit: 0, expireInSeconds: 60 },
  ];
}

type MailInputFor<T extends MailTemplate> = {
  tenantId: string;
  caseId?: string | null;
  to: string;
  locale: Locale;
  template: T;
  params: MailTemplateParams[T];
  /** An iCalendar object sent with the mail (text/calendar part and .ics attachment); its METHOD must match. */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string };
};

/** One variant per template, so a template name with the wrong params does not compile. */
export type QueueMailInput = { [T in MailTemplate]: MailInputFor<T> }[MailTemplate];

const PLAIN_ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

async function insertMail(tx: Tx, jobs: JobQueue, input: QueueMailInput): Promise<string> {
  const mail = renderMail(input.template, input.locale, input.params);
  const row = await tx
    .insertInto('mails')
    .values({
      tenant_id: input.tenantId,
      case_id: input.caseId ?? null,
      to_address: input.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      template: input.template,
      locale: input.locale,
      calendar_method: input.calendar?.method ?? null,
      calendar: input.calendar?.content ?? null,
    })
    .returning('id')
    .modifyEnd(prepared)
    .executeTakeFirstOrThrow();
  const job: MailSendJob = { tenantId: input.tenantId, mailId: row.id };
  await jobs.send(tx, MAIL_SEND_QUEUE, job, { singletonKey: row.id });
  return row.id;
}

/**
 * Stores the rendered mail (status `queued`) and its delivery job. Pass the
 * business transaction; given the plain database, it opens its own so the
 * row and the job still commit together.
 */
export async function queueMail(executor: Executor, jobs: JobQueue, input: QueueMailInput): Promise<string> {
  // Only a single plain address: anything else is a bug upstream, not something to deliver.
  if (!PLAIN_ADDRESS.test(input.to)) throw new Error('mail: recipient is not a plain e-mail address');
  if (input.calendar && !input.calendar.content.includes(`\r\nMETHOD:${input.calendar.method}\r\n`)) throw new Error('mail: calendar METHOD does not match');
  if (executor instanceof Transaction) return insertMail(executor, jobs, input);
  return executor.transaction().execute((tx) => insertMail(tx, jobs, input));
}

/** Days a delivered mail that belongs to no Vorgang (resume links, "Meine Meldungen", follow requests) keeps its recipient and text. */
export const UNLINKED_MAIL_RETENTION_DAYS = 30;

/**
 * Retention for mails without a Vorgang: once delivered (kept in the outbox
 * without SMTP, or given up) and
 * older than the period, recipient and content are blanked; the row stays
 * for the outbox statistics. Mails of a Vorgang follow its retention instead.
 */
export async function anonymiseUnlinkedMails(executor: Executor, before: Date): Promise<number> {
  const result = await executor
    .updateTable('mails')
    .set({ to_address: 'anonymisiert', subject: '', text_body: '', html_body: '', calendar: null })
    .where('case_id', 'is', null)
    .where('status', 'in', ['sent', 'held', 'failed'])
    .where('created_at', '<', before)
    .where('to_address', '<>', 'anonymisiert')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
