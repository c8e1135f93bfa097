/**
 * Drill 2 — PostgreSQL restarts under load.
 *
 * The app runs against a PostgreSQL server it does not own (DATABASE_URL).
 * Under a steady mix of reads and writes the server is stopped (fast
 * shutdown: connections are terminated), stays down for a few seconds and
 * starts again. Proves: readiness turns 503 while the database is gone and
 * 200 again by itself; no request hangs (every one is answered within the
 * client's 35 s); what the app answers during the outage is 503 (the
 * database is unavailable — not a 500 bug page, not a dropped connection);
 * afterwards writes succeed and the background workers (pg-boss, the mail
 * worker) pick up new work again.
 */
import { rmSync } from 'node:fs';
import { startApp, type AppProcess } from '../bench/harness/app.ts';
import { histogram, request } from '../bench/harness/http.ts';
import { startPostgres } from '../bench/harness/postgres.ts';
import { startSmtpServer, type TestSmtpServer } from '../src/core/mail/smtp-test-server.ts';
import { bookAppointment, freeSlots, reportProblem, SlotPool } from './support/citizen.ts';
import { acknowledgedWrites, readActions, writeActions } from './support/mix.ts';
import { sleep, waitFor, type Drill } from './support/result.ts';
import { Stream, statusesByKind } from './support/stream.ts';
import { APP_DATABASE, copyTemplate } from './support/template.ts';
import { findMissing, mailsTo, openDatabase } from './support/verify.ts';

const CLIENT_TIMEOUT_MS = 35_000;
/** Readiness must be green again this soon after PostgreSQL accepts connections. */
const RECOVERY_BOUND_MS = 15_000;
/** A mail queued after the recovery must have left within this. */
const MAIL_BOUND_MS = 30_000;

export const postgresRestartDrill: Drill = {
  name: 'postgres-restart',
  title: 'PostgreSQL restart under load: 503 while down, recovers by itself, nothing hangs',
  async run(ctx, rec) {
    const dir = ctx.dir('postgres-restart');
    copyTemplate(ctx.template, dir);
    const fixtures = ctx.template.fixtures;
    const pg = await startPostgres({ dir });
    let smtp: TestSmtpServer | null = null;
    let app: AppProcess | null = null;
    let stream: Stream | null = null;
    let sampling = true;
    try {
      smtp = await startSmtpServer();
      app = await startApp({ databaseUrl: pg.adminUrl(APP_DATABASE), dataDir: dir, env: { SMTP_URL: smtp.url } });
      const base = app.url;
      const slots = new SlotPool(await freeSlots(base, fixtures.location, fixtures.serviceId));

      // Readiness, sampled every 100 ms for the whole drill.
      const readiness: { at: number; status: number }[] = [];
      const sampler = (async () => {
        while (sampling) {
          const res = await request(`${base}/readyz`, { timeoutMs: 5_000 });
          readiness.push({ at: Date.now(), status: res.status });
          await sleep(100);
        }
      })();

      stream = new Stream([...readActions(() => base, CLIENT_TIMEOUT_MS, 4), ...writeActions(() => base, fixtures, slots, CLIENT_TIMEOUT_MS, { application: 1, booking: 2, report: 2 })], ctx.short ? 10 : 15);
      stream.start();
      await sleep(ctx.short ? 3_000 : 15_000);
      const downMs = ctx.short ? 3_000 : 8_000;
      ctx.log(`postgres-restart: stopping PostgreSQL for ${downMs} ms under load`);
      const stoppedAt = Date.now();
      await pg.restart({ downMs });
      const upAt = Date.now();
      ctx.log(`postgres-restart: PostgreSQL is back after ${upAt - stoppedAt} ms; waiting for readiness`);
      const green = await waitFor(async () => readiness.find((s) => s.at > upAt && s.status === 200), RECOVERY_BOUND_MS + 5_000, 100);
      await sleep(ctx.short ? 3_000 : 10_000);
      await stream.stop();
      sampling = false;
      await sampler;

      const during = readiness.filter((s) => s.at >= stoppedAt && s.at <= upAt);
      rec.check('readiness 503 while PostgreSQL is down', during.some((s) => s.status === 503), `readiness during the outage: ${JSON.stringify(histogram(during.map((s) => s.status)))}`);
      rec.metric('recoveryMs', green ? green.at - upAt : null);
      rec.check('readiness 200 again by itself', green !== undefined && green.at - upAt <= RECOVERY_BOUND_MS, green ? `200 ${green.at - upAt} ms after PostgreSQL was back (bound ${RECOVERY_BOUND_MS} ms)` : `still not 200 ${RECOVERY_BOUND_MS + 5_000} ms after PostgreSQL was back`);

      // A SIGTERM here came from outside the drill (nothing in it signals the app before the end): on a shared machine, another session's stale pid.
      const signalled = /"signal":"SIGTERM","msg":"shutting down"/.test(app.output());
      rec.check('the app stays up through the outage', !app.hasExited(), app.hasExited() ? `the app exited (code ${await app.exited})${signalled ? ' after a SIGTERM from outside the drill' : ''}: ${lastLines(app.output(), signalled ? 3 : 12)}` : `pid ${app.pid} still serving`);
      const records = stream.records;
      rec.metric('statuses', statusesByKind(records));
      rec.metric('skippedArrivals', stream.skipped);
      const unanswered = records.filter((r) => r.outcome.status === -1);
      const longest = Math.max(0, ...records.map((r) => r.endedAt - r.startedAt));
      rec.check('no request hangs', unanswered.length === 0, `${records.length} actions, ${unanswered.length} without an answer after ${CLIENT_TIMEOUT_MS / 1000} s; longest action ${longest} ms`);
      const outage = records.filter((r) => r.endedAt >= stoppedAt && r.startedAt <= (green?.at ?? Date.now()));
      const bad = records.filter((r) => !expected(r.kind, r.outcome.status, r.outcome.acknowledged));
      rec.check(
        'errors during the outage are 503',
        bad.length === 0,
        bad.length === 0
          ? `${outage.length} actions overlapped the outage: ${JSON.stringify(histogram(outage.map((r) => r.outcome.status)))}`
          : `${bad.length} answered otherwise: ${JSON.stringify(statusesByKind(bad))}; ${serverErrorsIn(app.output())}`,
      );

      // After the recovery: writes, and the workers (a new booking's confirmation mail goes out through pg-boss and the mail worker).
      const email = `drill-after-restart-${process.pid}@example.org`;
      const slot = slots.next();
      const booking = slot ? await bookAppointment(base, slot, fixtures, { email }) : null;
      const report = await reportProblem(base, fixtures.open311Keys);
      rec.check('writes succeed after recovery', (booking?.acknowledged ?? false) && report.acknowledged, `booking ${booking?.status ?? 'no slot'}, report ${report.status}`);
      const server = smtp;
      const delivered = await waitFor(async () => (server.messages.some((m) => m.envelopeTo.includes(email)) ? Date.now() : undefined), MAIL_BOUND_MS, 250);
      const handle = openDatabase(pg.adminUrl(APP_DATABASE));
      try {
        const rows = await mailsTo(handle, [email]);
        rec.check('jobs and mail work after recovery', delivered !== undefined, delivered !== undefined ? `the booking's confirmation mail was delivered (outbox: ${rows.map((r) => r.status).join(', ')})` : `not delivered within ${MAIL_BOUND_MS} ms (outbox: ${JSON.stringify(rows)})`);
        const acked = acknowledgedWrites(records);
        const missing = await findMissing(handle, fixtures.tenantId, acked);
        const lost = missing.applications.missing.length + missing.bookings.missing.length + missing.reports.missing.length;
        rec.check('every acknowledged write present', lost === 0, `${missing.applications.checked} applications, ${missing.bookings.checked} bookings, ${missing.reports.checked} reports checked; ${lost} missing`);
      } finally {
        await handle.close();
      }
    } finally {
      sampling = false;
      await stream?.stop();
      await app?.stop();
      await smtp?.stop();
      await pg.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** What a citizen may see from each action while the database comes and goes: its normal answer, or 503. */
function expected(kind: string, status: number, acknowledged: boolean): boolean {
  if (status === 503) return true;
  if (kind === 'application') return acknowledged;
  if (kind === 'booking') return status === 201 || status === 200 || status === 409;
  if (kind === 'report') return status === 200 || status === 201;
  return status === 200;
}

/** The app's own words for its server errors (log lines at level error), to say where a 500 came from. */
function serverErrorsIn(output: string): string {
  // Request errors only: the job queue's complaints while the database is away are expected.
  const lines = output.split('\n').filter((line) => line.includes('"level":50') && !line.includes('"msg":"job queue error"'));
  const messages = new Map<string, number>();
  for (const line of lines) {
    try {
      const entry = JSON.parse(line) as { msg?: string; err?: { message?: string; code?: string }; code?: string; errorName?: string; url?: string; req?: { url?: string } };
      const key = `${entry.msg ?? ''} ${entry.err?.code ?? entry.code ?? ''} ${entry.err?.message ?? entry.errorName ?? ''}`.trim();
      messages.set(key, (messages.get(key) ?? 0) + 1);
    } catch {
      // not JSON
    }
  }
  return messages.size ? `app errors: ${[...messages].slice(0, 6).map(([k, n]) => `${n}× ${k}`).join('; ')}` : 'no error lines in the app log';
}

/** The last lines of the app's output, for a drill that saw it die. */
function lastLines(output: string, n: number): string {
  return output.trim().split('\n').slice(-n).join(' | ').slice(-3000);
}
