/**
 * Drill 1 — kill -9 in the middle of a stream of writes.
 *
 * Citizens send applications (Briefwahl through the journey), book
 * appointments and file Mängelmelder reports at a steady rate; the app is
 * killed with SIGKILL (no shutdown code runs) and started again on the same
 * data. Proves: every write the app had acknowledged (2xx, or the journey's
 * redirect to the confirmation) is in the database afterwards — nothing was
 * acknowledged before it was committed — and the app is ready again within
 * seconds.
 *
 * Two rounds: against a PostgreSQL server of its own (DATABASE_URL), and with
 * the app's own embedded server, the default deployment. There the killed
 * app leaves its PostgreSQL running; the next start must adopt it (same
 * postmaster) instead of failing on the occupied data directory.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startApp, type AppOptions, type AppProcess } from '../bench/harness/app.ts';
import { startPostgres } from '../bench/harness/postgres.ts';
import { applyOnline, bookAppointment, freeSlots, reportProblem, SlotPool } from './support/citizen.ts';
import { acknowledgedWrites, APPLICATION_SLUG, writeActions } from './support/mix.ts';
import { sleep, type Drill, type DrillContext, type Recorder } from './support/result.ts';
import { Stream, statusesByKind } from './support/stream.ts';
import { APP_DATABASE, copyTemplate, stopLeftoverPostgres } from './support/template.ts';
import { embeddedUrl, findMissing, openDatabase } from './support/verify.ts';

/** "Ready again within seconds": generous, because the machine running CI is shared. */
const READY_BOUND_MS = 20_000;

function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function round(ctx: DrillContext, rec: Recorder, variant: 'external' | 'embedded'): Promise<void> {
  const dir = ctx.dir(`kill-${variant}`);
  copyTemplate(ctx.template, dir);
  const fixtures = ctx.template.fixtures;
  const pg = variant === 'external' ? await startPostgres({ dir }) : null;
  const appOptions: AppOptions = { dataDir: dir, ...(pg ? { databaseUrl: pg.adminUrl(APP_DATABASE) } : {}) };
  const label = (name: string) => `${variant}: ${name}`;
  let app: AppProcess | null = null;
  let stream: Stream | null = null;
  try {
    app = await startApp(appOptions);
    const first = app;
    ctx.log(`kill-9 (${variant}): app ready in ${first.readyAt - first.startedAt} ms; streaming writes`);
    const slots = new SlotPool(await freeSlots(first.url, fixtures.location, fixtures.serviceId));
    const writes = new Stream(writeActions(() => first.url, fixtures, slots, 35_000), ctx.short ? 12 : 16);
    stream = writes;
    writes.start();
    await sleep(ctx.short ? 4_000 : 25_000);
    // Aim: kill while several citizens wait for an answer (up to 3 s for that moment).
    const aimUntil = Date.now() + 3_000;
    while (writes.running < 3 && Date.now() < aimUntil) await sleep(2);
    const pgBefore = variant === 'embedded' ? postmasterPid(dir) : null;
    const inFlight = writes.running;
    const killedAt = Date.now();
    first.signal('SIGKILL');
    await first.exited;
    await writes.stop();
    const pgAfterKill = variant === 'embedded' ? postmasterPid(dir) : null;
    const before = writes.records;
    const acked = acknowledgedWrites(before);
    rec.metric(`${variant}.statuses`, statusesByKind(before));
    rec.metric(`${variant}.inFlightAtKill`, inFlight);
    // Cut off by the kill: the citizen got no answer, so the write may or may not have happened (both are fine).
    const cutOff = before.filter((r) => r.startedAt <= killedAt && !r.outcome.acknowledged && r.outcome.status === 0).length;
    rec.metric(`${variant}.cutOffByKill`, cutOff);
    rec.check(
      label('writes acknowledged before the kill'),
      acked.applications.length > 0 && acked.bookings.length > 0 && acked.reports.length > 0,
      `${acked.applications.length} applications, ${acked.bookings.length} bookings, ${acked.reports.length} reports; ${inFlight} actions in flight at the kill, ${cutOff} cut off without an answer`,
    );
    const serverErrors = before.filter((r) => r.endedAt < killedAt && r.outcome.status >= 500);
    rec.check(label('no 5xx before the kill'), serverErrors.length === 0, serverErrors.length ? `${serverErrors.length}: ${JSON.stringify(statusesByKind(serverErrors))}` : `${before.filter((r) => r.endedAt < killedAt).length} answers`);

    ctx.log(`kill-9 (${variant}): killed; restarting`);
    app = await startApp({ ...appOptions, port: first.port });
    const second = app;
    const readyMs = second.readyAt - second.startedAt;
    rec.metric(`${variant}.readyMs`, readyMs);
    rec.check(label('ready again after restart'), readyMs <= READY_BOUND_MS, `/readyz 200 after ${readyMs} ms from spawn (${second.readyAt - killedAt} ms after the kill; bound ${READY_BOUND_MS} ms)`);
    if (variant === 'embedded') {
      const pgNow = postmasterPid(dir);
      rec.check(label('embedded PostgreSQL adopted'), pgBefore !== null && pgAfterKill === pgBefore && pgNow === pgBefore, `postmaster ${pgBefore} before, ${pgAfterKill} after the kill, ${pgNow} after the restart`);
    }

    const handle = openDatabase(pg ? pg.adminUrl(APP_DATABASE) : embeddedUrl(dir));
    try {
      const missing = await findMissing(handle, fixtures.tenantId, acked);
      const lost = missing.applications.missing.length + missing.bookings.missing.length + missing.reports.missing.length;
      rec.check(
        label('every acknowledged write present'),
        lost === 0,
        lost === 0
          ? `${missing.applications.checked} applications (Vorgang per draft), ${missing.bookings.checked} bookings, ${missing.reports.checked} reports found`
          : `MISSING: applications ${JSON.stringify(missing.applications.missing)}, bookings ${JSON.stringify(missing.bookings.missing)}, reports ${JSON.stringify(missing.reports.missing)}`,
      );
    } finally {
      await handle.close();
    }

    const slot = slots.next();
    const [application, booking, report] = await Promise.all([
      applyOnline(second.url, APPLICATION_SLUG),
      slot ? bookAppointment(second.url, slot, fixtures) : Promise.resolve(null),
      reportProblem(second.url, fixtures.open311Keys),
    ]);
    rec.check(
      label('writes accepted after restart'),
      application.acknowledged && (booking?.acknowledged ?? false) && report.acknowledged,
      `application ${application.status} → ${application.location || application.step}, booking ${booking?.status ?? 'no slot'}, report ${report.status}`,
    );
    await second.stop();
    app = null;
  } finally {
    await stream?.stop();
    await app?.stop();
    await pg?.destroy();
    if (!pg) await stopLeftoverPostgres(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

export const killDrill: Drill = {
  name: 'kill-9',
  title: 'kill -9 mid-stream: nothing acknowledged is lost, ready again within seconds',
  async run(ctx, rec) {
    await round(ctx, rec, 'external');
    await round(ctx, rec, 'embedded');
  },
};
