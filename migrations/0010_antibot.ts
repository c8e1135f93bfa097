/**
 * Platform additions for the appointment booking, both used by more than one
 * module later:
 * - ALTCHA proof-of-work solutions that were already accepted, so one solved
 *   challenge cannot be replayed (on another instance either). Rows are kept
 *   until the challenge would have expired anyway, then pruned.
 * - An iCalendar object on an outgoing mail (RFC 6047 iMIP): the method
 *   (REQUEST/CANCEL) and the calendar text, sent as text/calendar and as an
 *   .ics attachment, and kept with the mail as sent.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table altcha_spent (
  challenge_id text primary key check (length(challenge_id) between 16 and 100),
  expires_at timestamptz not null
);
create index altcha_spent_expires on altcha_spent (expires_at);

alter table mails
  add column calendar_method text check (calendar_method in ('REQUEST', 'CANCEL', 'PUBLISH')),
  add column calendar text,
  add constraint mails_calendar_complete check ((calendar is null) = (calendar_method is null));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
