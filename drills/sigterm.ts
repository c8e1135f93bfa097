/**
 * Drill 4 — SIGTERM under load.
 *
 * About fifty clients keep the app busy — page renders (past the page cache),
 * API reads, reports, bookings, and a few slow uploads whose bodies trickle
 * in over two seconds — when the app gets SIGTERM, as from systemd, Docker
 * or Kubernetes. The app owns its embedded PostgreSQL, as by default.
 * Proves: every request already in flight completes with its normal answer;
 * requests after the signal are refused cleanly (connection refused, or 503
 * on a connection that was still open) — never left hanging, never cut off
 * mid-response; the process exits 0 within its shutdown bound; and the
 * embedded database was shut down cleanly (no crash recovery at next start).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startApp, type AppProcess } from '../bench/harness/app.ts';
import { freeSlots, nextIp, SlotPool } from './support/citizen.ts';
import { probe, type ProbeOptions, type ProbeResult } from './support/probe.ts';
import { sleep, type Drill } from './support/result.ts';
import { copyTemplate, stopLeftoverPostgres } from './support/template.ts';

/** server.ts forces an exit (code 1) after 25 s. */
const SHUTDOWN_BOUND_MS = 25_000;
/** A request sent this shortly before the signal may reach a server that is already closing: then 503 or refused is fine too. */
const RACE_MS = 100;
const CLIENT_TIMEOUT_MS = 35_000;

interface Kind {
  name: string;
  clients: number;
  /** Statuses that count as this request's normal answer. */
  normal: number[];
  request(): { path: string } & Omit<ProbeOptions, 'timeoutMs' | 'agent'>;
}

interface Sample extends ProbeResult {
  kind: string;
  normal: boolean;
}

export const sigtermDrill: Drill = {
  name: 'sigterm',
  title: 'SIGTERM under load: in-flight requests finish, new ones are refused cleanly, clean exit',
  async run(ctx, rec) {
    const dir = ctx.dir('sigterm');
    copyTemplate(ctx.template, dir);
    const fixtures = ctx.template.fixtures;
    let app: AppProcess | null = null;
    let stopAt = Number.POSITIVE_INFINITY;
    try {
      app = await startApp({ dataDir: dir });
      const base = app.url;
      const slots = new SlotPool(await freeSlots(base, fixtures.location, fixtures.serviceId));
      const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      let n = 0;
      const report = () => Buffer.from(new URLSearchParams({ api_key: fixtures.open311Keys[n++ % fixtures.open311Keys.length] as string, service_code: 'sonstiges', address_string: 'Marktplatz 1', description: `Drill SIGTERM ${n}: Laterne flackert.` }).toString());
      const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      const kinds: Kind[] = [
        // ?lang= bypasses the page cache: a real render each time.
        { name: 'page /leistungen', clients: 10, normal: [200], request: () => ({ path: '/leistungen?lang=de' }) },
        { name: 'page service', clients: 10, normal: [200], request: () => ({ path: '/leistungen/meldebescheinigung?lang=de' }) },
        { name: 'api slots', clients: 5, normal: [200], request: () => ({ path: `/api/v1/appointments/slots?location=${fixtures.location}&services=${fixtures.serviceId}&from=${day}&to=${day}` }) },
        { name: 'open311 list', clients: 5, normal: [200], request: () => ({ path: '/open311/v2/requests.json' }) },
        { name: 'report', clients: 8, normal: [200], request: () => ({ path: '/open311/v2/requests.json', method: 'POST', headers: form, body: report() }) },
        {
          name: 'booking',
          clients: 6,
          normal: [201, 409],
          request: () => ({
            path: '/api/v1/appointments/bookings',
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: Buffer.from(JSON.stringify({ location: fixtures.location, services: [{ id: fixtures.serviceId, count: 1 }], start: slots.next(), name: 'Drill Person', email: `drill-sigterm-${n++}@example.org`, termsAccepted: true })),
          }),
        },
        { name: 'slow upload', clients: 6, normal: [200], request: () => ({ path: '/open311/v2/requests.json', method: 'POST', headers: form, body: report(), trickle: { chunks: 8, ms: 2_000 } }) },
      ];

      const samples: Sample[] = [];
      const client = async (kind: Kind, index: number) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        // Staggered starts: the slow uploads spread evenly over their two seconds, so some are always mid-body.
        await sleep(kind.name === 'slow upload' ? (index * 2_000) / kind.clients : Math.random() * 500);
        try {
          while (Date.now() < stopAt) {
            const { path: target, ...options } = kind.request();
            const result = await probe(`${base}${target}`, { ...options, headers: { 'x-forwarded-for': nextIp(), ...options.headers }, timeoutMs: CLIENT_TIMEOUT_MS, agent });
            samples.push({ ...result, kind: kind.name, normal: kind.normal.includes(result.status) && result.ending === 'complete' });
            // Refused: the server is gone; a real client would back off too.
            if (result.ending === 'refused') await sleep(100);
          }
        } finally {
          agent.destroy();
        }
      };
      const clients = Promise.all(kinds.flatMap((kind) => Array.from({ length: kind.clients }, (_, i) => client(kind, i))));
      rec.metric('clients', kinds.reduce((sum, k) => sum + k.clients, 0));

      await sleep(ctx.short ? 3_000 : 15_000);
      const signalAt = Date.now();
      ctx.log('sigterm: sending SIGTERM under load');
      app.signal('SIGTERM');
      const code = await Promise.race([app.exited, sleep(SHUTDOWN_BOUND_MS + 5_000).then(() => 'hung' as const)]);
      const exitedAt = Date.now();
      stopAt = exitedAt + 1_500;
      await clients;

      const shutdownMs = exitedAt - signalAt;
      rec.metric('shutdownMs', shutdownMs);
      rec.check('process exits 0 within the bound', code === 0 && shutdownMs <= SHUTDOWN_BOUND_MS, `exit ${code} after ${shutdownMs} ms (bound ${SHUTDOWN_BOUND_MS} ms)`);

      const inFlight = samples.filter((s) => s.startedAt < signalAt - RACE_MS && s.endedAt >= signalAt);
      const inFlightBad = inFlight.filter((s) => !s.normal);
      const slowInFlight = inFlight.filter((s) => s.kind === 'slow upload').length;
      rec.check(
        'in-flight requests complete normally',
        inFlight.length > 0 && slowInFlight > 0 && inFlightBad.length === 0,
        `${inFlight.length} in flight at the signal (${slowInFlight} slow uploads): ${summary(inFlight)}${inFlightBad.length ? `; NOT NORMAL: ${describe(inFlightBad)}` : ''}`,
      );

      const later = samples.filter((s) => s.startedAt >= signalAt - RACE_MS);
      const clean = (s: Sample) => s.normal || (s.ending === 'complete' && s.status === 503) || s.ending === 'refused' || s.ending === 'reset-before-answer';
      const unclean = later.filter((s) => !clean(s));
      rec.check('new requests refused cleanly', later.length > 0 && unclean.length === 0, `${later.length} sent after the signal: ${summary(later)}${unclean.length ? `; UNCLEAN: ${describe(unclean)}` : ''}`);
      const before = samples.filter((s) => s.endedAt < signalAt);
      const beforeBad = before.filter((s) => !s.normal);
      rec.check('normal answers before the signal', beforeBad.length === 0, `${before.length} answers${beforeBad.length ? `; NOT NORMAL: ${describe(beforeBad)}` : ''}`);

      const pidFile = path.join(dir, 'postgres', 'postmaster.pid');
      const serverLog = readLog(path.join(dir, 'postgres', 'server.log'));
      const shutDown = serverLog.lastIndexOf('database system is shut down') > serverLog.lastIndexOf('database system is ready to accept connections');
      rec.check('embedded PostgreSQL stopped cleanly', !existsSync(pidFile) && shutDown && app.output().includes('stopped cleanly'), `postmaster.pid ${existsSync(pidFile) ? 'still there' : 'gone'}; server.log ${shutDown ? 'ends with "database system is shut down"' : `tail: ${serverLog.slice(-300).replace(/\s+/g, ' ')}`}; app log ${app.output().includes('stopped cleanly') ? 'says "stopped cleanly"' : 'lacks "stopped cleanly"'}`);
      app = null;
    } finally {
      stopAt = 0;
      await app?.stop();
      await stopLeftoverPostgres(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function summary(samples: readonly Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    const key = s.ending === 'complete' ? String(s.status) : s.ending;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, v]) => `${k}: ${v}`).join(', ');
}

function describe(samples: readonly Sample[]): string {
  return samples
    .slice(0, 5)
    .map((s) => `${s.kind} ${s.ending} ${s.status}${s.error ? ` (${s.error})` : ''}`)
    .join('; ');
}
