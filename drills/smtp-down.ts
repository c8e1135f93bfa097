/**
 * Drill 3 — the mail server is down for a while.
 *
 * A real SMTP server (smtp-server, src/core/mail/smtp-test-server.ts) is
 * stopped; citizens book appointments and send applications, each of which
 * queues a mail (booking confirmation, receipt) in the outbox in the same
 * transaction. Proves: the mails wait in the outbox (status queued, the
 * failed attempts recorded), and once the server listens again on the same
 * port every one of them is delivered, exactly once (counted by Message-ID,
 * which is derived from the outbox id).
 *
 * The app runs with MAIL_RETRY_DELAY_SECONDS=1 (first retry after 1–2 s,
 * doubling): with the production default (30 s, doubling) the drill would
 * wait a minute or more for the first retry after the server is back. The
 * schedule's shape — pg-boss retries with exponential backoff and jitter —
 * is the same.
 */
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { startApp, type AppProcess } from '../bench/harness/app.ts';
import { startPostgres } from '../bench/harness/postgres.ts';
import { freePort } from '../src/core/db/embedded.ts';
import { header, startSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../src/core/mail/smtp-test-server.ts';
import { applyOnline, bookAppointment, freeSlots, SlotPool } from './support/citizen.ts';
import { APPLICATION_SLUG } from './support/mix.ts';
import { sleep, waitFor, type Drill } from './support/result.ts';
import { APP_DATABASE, copyTemplate } from './support/template.ts';
import { openDatabase, type MailRow } from './support/verify.ts';

/** All mails out this soon after the server is back (the retry delays reached while it was down are a few seconds). */
const DELIVERY_BOUND_MS = 60_000;

/** Outbox id → how many messages carried its Message-ID (`<id@domain>`). */
function deliveriesById(messages: readonly ReceivedMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const id = /^<([0-9a-f-]{36})@/.exec(header(m.raw, 'message-id') ?? '')?.[1];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export const smtpDownDrill: Drill = {
  name: 'smtp-down',
  title: 'SMTP server down: mails wait in the outbox, delivered once it is back, none twice',
  async run(ctx, rec) {
    const dir = ctx.dir('smtp-down');
    copyTemplate(ctx.template, dir);
    const fixtures = ctx.template.fixtures;
    const pg = await startPostgres({ dir });
    const port = await freePort();
    const servers: TestSmtpServer[] = [];
    let app: AppProcess | null = null;
    const handle = openDatabase(pg.adminUrl(APP_DATABASE));
    try {
      servers.push(await startSmtpServer({ port }));
      app = await startApp({ databaseUrl: pg.adminUrl(APP_DATABASE), dataDir: dir, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_RETRY_DELAY_SECONDS: '1' } });
      const base = app.url;
      const slots = new SlotPool(await freeSlots(base, fixtures.location, fixtures.serviceId));
      const outbox = async (since: Date): Promise<MailRow[]> => (await sql<MailRow>`select id, status, attempts, last_error from mails where created_at >= ${since} order by created_at`.execute(handle.db)).rows;

      // Up: a mail goes straight out.
      const warmSlot = slots.next() as string;
      const warmStart = new Date();
      const warm = await bookAppointment(base, warmSlot, fixtures);
      const first = servers[0] as TestSmtpServer;
      const warmDelivered = await waitFor(async () => (first.messages.length > 0 ? true : undefined), 20_000, 200);
      rec.check('mail delivered while the server is up', warm.acknowledged && warmDelivered === true, `booking ${warm.status}; ${first.messages.length} message(s) received; outbox ${JSON.stringify((await outbox(warmStart)).map((r) => r.status))}`);

      // Down.
      await first.stop();
      const downAt = new Date();
      ctx.log('smtp-down: SMTP server stopped; queueing mails');
      const bookings = ctx.short ? 8 : 30;
      const applications = ctx.short ? 2 : 8;
      const results = await Promise.all([
        ...Array.from({ length: bookings }, async () => {
          const slot = slots.next();
          return slot ? (await bookAppointment(base, slot, fixtures)).acknowledged : false;
        }),
        ...Array.from({ length: applications }, async () => (await applyOnline(base, APPLICATION_SLUG)).acknowledged),
      ]);
      const accepted = results.filter(Boolean).length;
      rec.check('citizens served while SMTP is down', accepted === results.length, `${accepted} of ${results.length} bookings and applications acknowledged`);

      // The worker tries, fails (connection refused) and leaves each mail queued for a retry.
      const waiting = await waitFor(async () => {
        const rows = await outbox(downAt);
        return rows.length >= results.length && rows.every((r) => r.attempts >= 1) ? rows : undefined;
      }, 20_000, 250);
      const rows = waiting ?? (await outbox(downAt));
      const queuedIds = rows.map((r) => r.id);
      rec.check(
        'mails wait in the outbox',
        waiting !== undefined && rows.every((r) => r.status === 'queued' && r.last_error !== null),
        `${rows.length} mails: ${JSON.stringify(countBy(rows.map((r) => r.status)))}, attempts ≥ 1: ${rows.filter((r) => r.attempts >= 1).length}; last error: ${(rows.find((r) => r.last_error)?.last_error ?? '–').slice(0, 80)}`,
      );
      // Down a little longer: the retries back off while nobody answers.
      await sleep(ctx.short ? 3_000 : 20_000);
      const beforeUp = await outbox(downAt);
      rec.metric('attemptsWhileDown', countBy(beforeUp.map((r) => String(r.attempts))));
      rec.check('none sent while down', beforeUp.every((r) => r.status === 'queued'), `statuses ${JSON.stringify(countBy(beforeUp.map((r) => r.status)))}, attempts per mail ${JSON.stringify(countBy(beforeUp.map((r) => String(r.attempts))))}`);

      // Up again, same port.
      servers.push(await startSmtpServer({ port }));
      const upAt = Date.now();
      ctx.log(`smtp-down: SMTP server back after ${upAt - downAt.getTime()} ms; waiting for the outbox to drain`);
      const drained = await waitFor(async () => {
        const now = await outbox(downAt);
        return now.every((r) => r.status !== 'queued') ? now : undefined;
      }, DELIVERY_BOUND_MS, 250);
      const drainedAt = Date.now();
      rec.metric('drainMs', drained ? drainedAt - upAt : null);
      const after = drained ?? (await outbox(downAt));
      rec.check('all delivered after the server is back', drained !== undefined && after.every((r) => r.status === 'sent'), `${after.filter((r) => r.status === 'sent').length} of ${after.length} sent ${drained ? `${drainedAt - upAt} ms after the server was back` : `(not within ${DELIVERY_BOUND_MS} ms)`}; ${JSON.stringify(countBy(after.map((r) => r.status)))}`);

      // Late duplicates would arrive within a poll or two.
      await sleep(3_000);
      const received = deliveriesById(servers.flatMap((s) => s.messages));
      const twice = queuedIds.filter((id) => (received.get(id) ?? 0) > 1);
      const never = queuedIds.filter((id) => (received.get(id) ?? 0) === 0);
      rec.check('every mail exactly once', queuedIds.length > 0 && twice.length === 0 && never.length === 0, `${queuedIds.length} outbox mails: ${queuedIds.length - twice.length - never.length} received once, ${twice.length} more than once, ${never.length} never; ${servers.reduce((n, s) => n + s.messages.length, 0)} messages in all`);
    } finally {
      await handle.close();
      await app?.stop();
      for (const server of servers) await server.stop().catch(() => undefined);
      await pg.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function countBy(values: string[]): { [value: string]: number } {
  const out: { [value: string]: number } = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
