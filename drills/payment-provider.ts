/**
 * Drill 5 — the payment platform fails, then hangs, then heals.
 *
 * Musterstadt takes fees through XBezahldienste, here the stand-in platform
 * (test/support/standins/xbezahldienste-server.ts, running in the drill
 * process). Citizens send an application with a fee (Meldebescheinigung):
 * the declaration starts the payment at the platform and sends them there.
 * The platform first answers 500, then accepts connections and never
 * answers. Proves: citizens get a clear page ("payment service cannot be
 * reached right now, your details are saved, try again in a few minutes")
 * within a bound — the platform call has a deadline, and after a few
 * failures the circuit breaker stops calling it for a cool-down; nothing
 * piles up (the app's open connections to the platform stay bounded and go
 * back to none); and once the platform heals, the same citizens can pay.
 */
import { rmSync } from 'node:fs';
import { startApp, type AppProcess } from '../bench/harness/app.ts';
import { request } from '../bench/harness/http.ts';
import { startPostgres } from '../bench/harness/postgres.ts';
import { createTenantService } from '../src/core/tenancy/tenants.ts';
import { DEFAULT_COOL_DOWN_MS, DEFAULT_MAX_CONCURRENT } from '../src/core/payments/providers/circuit-breaker.ts';
import { startXBezahldiensteStandIn, type XBezahldiensteStandIn } from '../test/support/standins/xbezahldienste-server.ts';
import { applyOnline, submitApplication, type JourneyOutcome } from './support/citizen.ts';
import { sleep, waitFor, type Drill } from './support/result.ts';
import { connectionsTo, metricValue } from './support/sockets.ts';
import { APP_DATABASE, copyTemplate } from './support/template.ts';
import { openDatabase } from './support/verify.ts';

const SLUG = 'meldebescheinigung';
/** The adapter's deadline is 10 s for token and call together; the rest is the app's own work on a busy machine. */
const FAIL_BOUND_MS = 12_000;
const UNAVAILABLE = 'Der Zahlungsdienst ist gerade nicht erreichbar';

interface Attempt {
  phase: 'failing' | 'hanging';
  startedAt: number;
  outcome: JourneyOutcome;
}

export const paymentProviderDrill: Drill = {
  name: 'payment-provider',
  title: 'payment platform answers 500, then hangs: citizens told quickly, nothing piles up, works after healing',
  async run(ctx, rec) {
    const dir = ctx.dir('payment-provider');
    copyTemplate(ctx.template, dir);
    const fixtures = ctx.template.fixtures;
    const pg = await startPostgres({ dir });
    let platform: XBezahldiensteStandIn | null = null;
    let app: AppProcess | null = null;
    try {
      platform = await startXBezahldiensteStandIn();
      const standIn = platform;
      const port = Number(new URL(standIn.origin).port);
      const handle = openDatabase(pg.adminUrl(APP_DATABASE));
      try {
        const tenants = createTenantService(handle.db);
        const { baseUrl, originatorId, endPointId, clientId } = standIn.adapterOptions;
        await tenants.setSetting(fixtures.tenantId, 'payments.provider', 'xbezahldienste');
        for (const [key, value] of Object.entries({ baseUrl, originatorId, endPointId, clientId })) await tenants.setSetting(fixtures.tenantId, `payments.xbezahldienste.${key}`, value);
      } finally {
        await handle.close();
      }
      app = await startApp({
        databaseUrl: pg.adminUrl(APP_DATABASE),
        dataDir: dir,
        env: { XBEZAHLDIENSTE_CLIENT_SECRET: standIn.adapterOptions.clientSecret, XBEZAHLDIENSTE_CALLBACK_SECRET: standIn.adapterOptions.callbackSecret },
      });
      const base = app.url;
      const handles = async () => metricValue((await request(`${base}/metrics`, { timeoutMs: 5_000 })).body, 'rathaus_nodejs_active_handles_total');

      const healthy = await applyOnline(base, SLUG);
      rec.check('payment starts while the platform is healthy', healthy.toPayment, `declaration → ${healthy.status} ${healthy.location.slice(0, 80)}`);
      const handlesBefore = await handles();

      // Failing, then hanging: two 500s, then every request is accepted and never answered.
      standIn.failNext(2, 500);
      standIn.hangNext(100_000);
      const faultAt = Date.now();
      const apiCallsBefore = standIn.requests().length;
      ctx.log('payment-provider: platform answers 500, then hangs; citizens keep coming');
      const attempts: Attempt[] = [];
      const running: Promise<void>[] = [];
      let maxSockets = 0;
      const phaseMs = ctx.short ? 14_000 : 40_000;
      const everyMs = 500;
      for (let i = 0; Date.now() - faultAt < phaseMs; i++) {
        const phase = i < 2 ? 'failing' : 'hanging';
        const startedAt = Date.now();
        running.push(applyOnline(base, SLUG, { timeoutMs: 35_000 }).then((outcome) => void attempts.push({ phase, startedAt, outcome })));
        maxSockets = Math.max(maxSockets, connectionsTo(port));
        // The first two go alone, so they meet the two 500s.
        if (i < 2) await running[running.length - 1];
        else await sleep(everyMs);
      }
      await Promise.all(running);
      const faultEnd = Date.now();
      const socketsAfter = await waitFor(async () => (connectionsTo(port) <= 1 ? connectionsTo(port) : undefined), 5_000, 200);
      const handlesAfter = await handles();

      const submitted = attempts.filter((a) => a.outcome.step === 'submit');
      const told = submitted.filter((a) => a.outcome.status === 503 && a.outcome.body.includes(UNAVAILABLE));
      const slowest = Math.max(0, ...submitted.map((a) => a.outcome.submitMs));
      const byPhase = (phase: Attempt['phase']) => submitted.filter((a) => a.phase === phase);
      rec.metric('submitMs', submitted.map((a) => Math.round(a.outcome.submitMs)));
      rec.check(
        'citizens told "payment unavailable"',
        submitted.length === attempts.length && told.length === submitted.length && byPhase('failing').length === 2,
        `${told.length} of ${attempts.length} got the 503 page with "${UNAVAILABLE} …" (${byPhase('failing').length} during the 500s, ${byPhase('hanging').length} while it hung)${told.length < submitted.length ? `; others: ${submitted.filter((a) => !told.includes(a)).map((a) => `${a.outcome.status} ${a.outcome.location}`).slice(0, 3).join('; ')}` : ''}`,
      );
      rec.check('within the bound', slowest <= FAIL_BOUND_MS, `slowest submit ${Math.round(slowest)} ms (bound ${FAIL_BOUND_MS} ms); during the 500s: ${byPhase('failing').map((a) => Math.round(a.outcome.submitMs)).join(', ')} ms; fast (< 1 s) answers while it hung: ${byPhase('hanging').filter((a) => a.outcome.submitMs < 1_000).length} of ${byPhase('hanging').length}`);
      const platformCalls = standIn.requests().length - apiCallsBefore;
      rec.metric('platformCalls', platformCalls);
      rec.metric('activeHandles', { before: handlesBefore, after: handlesAfter });
      rec.check(
        'nothing piles up',
        maxSockets <= DEFAULT_MAX_CONCURRENT + 1 && platformCalls <= DEFAULT_MAX_CONCURRENT + 2 + Math.ceil((faultEnd - faultAt) / DEFAULT_COOL_DOWN_MS) && socketsAfter !== undefined,
        `${attempts.length} payment starts reached the platform ${platformCalls} times (bulkhead ${DEFAULT_MAX_CONCURRENT}, then the circuit breaker); at most ${maxSockets} open connections to it, ${socketsAfter ?? connectionsTo(port)} afterwards; active handles ${handlesBefore} before, ${handlesAfter} after`,
      );

      // Heals: within one cool-down the breaker lets a trial through, and the citizens who were turned away can pay.
      standIn.heal();
      const healedAt = Date.now();
      ctx.log('payment-provider: platform healed; citizens try again');
      const retrying = told.slice(0, 3);
      const first = retrying[0] ?? { outcome: await applyOnline(base, SLUG) };
      const recovered = await waitFor(async () => {
        const again = await submitApplication(first.outcome.browser, SLUG);
        return again.toPayment ? again : undefined;
      }, DEFAULT_COOL_DOWN_MS + 15_000, 1_000);
      const others = await Promise.all(retrying.slice(1).map((a) => submitApplication(a.outcome.browser, SLUG)));
      rec.metric('recoveryMs', recovered ? Date.now() - healedAt : null);
      rec.check(
        'payments work again after healing',
        recovered !== undefined && others.every((o) => o.toPayment),
        recovered ? `a turned-away citizen was sent to the platform ${Date.now() - healedAt} ms after it healed (cool-down ${DEFAULT_COOL_DOWN_MS} ms); ${others.filter((o) => o.toPayment).length} of ${others.length} more too` : `still failing ${DEFAULT_COOL_DOWN_MS + 15_000} ms after healing`,
      );
    } finally {
      await app?.stop();
      await platform?.stop();
      await pg.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
