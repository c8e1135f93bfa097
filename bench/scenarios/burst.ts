/**
 * Application burst (Briefwahl): open-loop arrivals of submitted
 * applications — a steady rate, then a spike — as when a postal vote opens.
 * An "application" is the final submit of a filled draft (POST
 * /leistungen/briefwahl/antrag/erklaerung), the request that creates the
 * Vorgang.
 *
 * Preparation, and why not by HTTP: walking the journey for ~22,000 drafts
 * (start, consent, five form pages, declaration page: ~16 requests each)
 * would take longer than the burst on this kind of machine and would
 * measure the pages, not the submit. So the drafts are written straight into
 * portal_drafts — the same row the journey leaves behind: the form's sample
 * answers (validated with the form engine's validateAll), privacy consent
 * with the tenant's notice version — and each simulated citizen carries what
 * a browser would: the draft cookie signed with the app's session secret
 * (@fastify/cookie's signer, the harness gives the app a known secret) and a
 * CSRF browser secret with its token (the HMAC of src/core/http/csrf.ts).
 * One GET of the declaration page with such a cookie checks, before the
 * burst, that the app accepts both.
 *
 * Each citizen has its own X-Forwarded-For (the submit is limited to 30 per
 * address in 10 minutes). About 5 % of applications are sent twice at the
 * same moment (a double click). Afterwards the database must show exactly
 * one Vorgang per draft and a Vorgang for every accepted submit.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { sign } from '@fastify/cookie';
import { sql } from 'kysely';
import { createTenantService } from '../../src/core/tenancy/tenants.ts';
import { getForm, sampleAnswers, validateAll } from '../../src/modules/portal/forms/engine.ts';
import { BENCH_SESSION_SECRET } from '../harness/app.ts';
import { header, percentiles, request, type Percentiles } from '../harness/http.ts';
import { plannedArrivals, runOpenLoop, type Phase } from '../harness/open-loop.ts';
import { loadAverage } from '../harness/proc.ts';
import { citizenAddress, round, type ScenarioContext } from './context.ts';

const SLUG = 'briefwahl';
const SUBMIT_PATH = `/leistungen/${SLUG}/antrag/erklaerung`;
const DRAFT_COOKIE = `rathaus-antrag-${SLUG}`;
/** PUBLIC_URL is http://localhost:<port>, which the app treats as secure: the CSRF cookie has the __Host- prefix. */
const CSRF_COOKIE = '__Host-rathaus-csrf';

export interface BurstOptions {
  /**
   * Arrivals at a lower rate before the steady phase, reported on their own:
   * the app has just been started by the harness and its code is not yet
   * optimised by V8 (a portal at a real release has served for hours). Without it the first
   * seconds of the steady phase measure the JIT, not the steady rate.
   */
  warmUp?: { ratePerSecond: number; seconds: number };
  steady: { ratePerSecond: number; seconds: number };
  spike: { ratePerSecond: number; seconds: number };
  /** Share of applications sent twice at once. */
  duplicateShare: number;
  clientTimeoutMs: number;
}

/** Served = accepted (303 to the confirmation); shed = 503 with Retry-After; the rest is what must not happen. */
export interface Outcomes {
  served: number;
  shed: number;
  timeouts: number;
  networkErrors: number;
  rateLimited: number;
  /** Answers that are neither (other 3xx/4xx/5xx, 503 without Retry-After). */
  other: number;
  statuses: Record<string, number>;
  /** Network errors by message (e.g. ECONNRESET), to tell client limits from server behaviour. */
  networkErrorMessages: Record<string, number>;
}

export interface BurstResult {
  options: BurstOptions;
  loadBefore: number;
  drafts: number;
  duplicates: number;
  requests: number;
  preparation: { method: string; ms: number };
  /** The warm-up phase (results from before it was added have none). */
  warmUp?: { offeredPerSecond: number; achievedPerSecond: number; latencyMs: Percentiles; outcomes: Outcomes };
  steady: {
    offeredPerSecond: number;
    /** Accepted applications of the steady phase per second (see `achieved`: the phase length plus any backlog at its end). */
    achievedPerSecond: number;
    /** Latency from the planned send time (includes any client lag), ms. */
    latencyMs: Percentiles;
    outcomes: Outcomes;
  };
  spike: {
    offeredPerSecond: number;
    achievedPerSecond: number;
    latencyMs: Percentiles;
    /** How fast a shed request was answered. */
    shedLatencyMs: Percentiles;
    outcomes: Outcomes;
  };
  /** How far behind plan the load generator sent (large = the client machine was saturated too). */
  sendLagMs: Percentiles;
  appAlive: boolean;
  check: {
    /** Drafts with more than one Vorgang: must be 0. */
    duplicateCases: number;
    /** Accepted submits (303 to the confirmation) without their Vorgang: must be 0. */
    lost: number;
    /** Vorgänge created in this burst. */
    cases: number;
    /** Drafts whose every submit was refused (shed, timed out…): no Vorgang expected. */
    notAccepted: number;
  };
}

interface Shot {
  arrival: number;
  phase: number;
  duplicate: boolean;
  status: number;
  /** From the planned send time. */
  latency: number;
  /** performance.now() when the answer arrived. */
  at: number;
  retryAfter: boolean;
  location: string;
  error?: string;
}

function csrfPair(): { browserSecret: string; token: string } {
  const browserSecret = randomBytes(24).toString('base64url');
  return { browserSecret, token: createHmac('sha256', BENCH_SESSION_SECRET).update(`csrf:${browserSecret}`).digest('base64url') };
}

interface Citizen {
  draftId: string;
  cookie: string;
  body: string;
}

/** Complete, consented Briefwahl drafts, written in batches; marked by a per-run tag in an optional answer. */
async function prepareDrafts(ctx: ScenarioContext, count: number, tag: string): Promise<Citizen[]> {
  const db = ctx.database.db;
  const form = getForm(SLUG);
  if (!form) throw new Error('no Briefwahl form');
  const tenants = createTenantService(db);
  const privacyVersion = await tenants.getSetting<string>(ctx.tenantId, 'privacy.noticeVersion');
  const base = sampleAnswers(SLUG);
  const problems = validateAll(form, { ...base, wahlbezirk: tag, waehlerverzeichnisNr: '1' }, 'de');
  if (problems.length) throw new Error(`Briefwahl sample answers do not validate: ${JSON.stringify(problems)}`);
  const now = new Date();
  const expires = new Date(now.getTime() + 30 * 86_400_000);
  const citizens: Citizen[] = [];
  for (let from = 0; from < count; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - from) }, (_, k) => ({
      tenant_id: ctx.tenantId,
      service_slug: SLUG,
      form_id: form.id,
      form_version: form.version,
      locale: 'de' as const,
      // The number in the electoral register identifies the application among the Vorgänge afterwards.
      answers: JSON.stringify({ ...base, wahlbezirk: tag, waehlerverzeichnisNr: String(from + k + 1) }),
      privacy_version: privacyVersion,
      privacy_consented_at: now,
      expires_at: expires,
    }));
    const ids = await db.insertInto('portal_drafts').values(rows).returning('id').execute();
    for (const { id } of ids) {
      const { browserSecret, token } = csrfPair();
      citizens.push({
        draftId: id,
        cookie: `${DRAFT_COOKIE}=${encodeURIComponent(sign(id, BENCH_SESSION_SECRET))}; ${CSRF_COOKIE}=${browserSecret}`,
        body: new URLSearchParams({ _csrf: token, declaration: 'yes' }).toString(),
      });
    }
  }
  return citizens;
}

/** The app accepts our cookie and CSRF token: the declaration page renders for the draft, with our token in its form. */
async function checkCredentials(baseUrl: string, citizen: Citizen): Promise<void> {
  const res = await request(`${baseUrl}${SUBMIT_PATH}`, { headers: { cookie: citizen.cookie, 'x-forwarded-for': '192.0.2.1' } });
  if (res.status !== 200) throw new Error(`declaration page with a prepared draft: ${res.status} ${header(res, 'location') ?? ''} — the draft cookie is not accepted`);
  const token = new URLSearchParams(citizen.body).get('_csrf');
  if (!token || !res.body.includes(token)) throw new Error('the CSRF token the app renders differs from the one the benchmark computes');
}

function outcomesOf(shots: Shot[]): Outcomes {
  const o: Outcomes = { served: 0, shed: 0, timeouts: 0, networkErrors: 0, rateLimited: 0, other: 0, statuses: {}, networkErrorMessages: {} };
  for (const s of shots) {
    o.statuses[String(s.status)] = (o.statuses[String(s.status)] ?? 0) + 1;
    if (isAccepted(s)) o.served++;
    else if (s.status === 503 && s.retryAfter) o.shed++;
    else if (s.status === -1) o.timeouts++;
    else if (s.status === 0) {
      o.networkErrors++;
      const message = (s.error ?? 'unknown').slice(0, 80);
      o.networkErrorMessages[message] = (o.networkErrorMessages[message] ?? 0) + 1;
    }
    else if (s.status === 429) o.rateLimited++;
    else o.other++;
  }
  return o;
}

const isAccepted = (s: Pick<Shot, 'status' | 'location'>): boolean => s.status === 303 && s.location.endsWith('/bestaetigung');

/**
 * Accepted applications per second of a phase: accepted (first submits, not
 * the double clicks) ÷ (the phase's length + the backlog left at its end).
 * The backlog is how much longer the phase's last arrivals (the last 1 %)
 * waited than its first ones (the first 10 %), by median: an app that keeps
 * up answers the end of the phase like its beginning and is credited with
 * the whole offered rate; an app that falls behind is charged the time it
 * needed to catch up. (Medians, so one slow answer is not a backlog.)
 */
export function achieved(shots: readonly Pick<Shot, 'status' | 'location' | 'duplicate' | 'at' | 'latency'>[], phaseSeconds: number): number {
  const accepted = shots.filter((s) => isAccepted(s) && !s.duplicate).sort((x, y) => x.at - x.latency - (y.at - y.latency));
  if (accepted.length === 0) return 0;
  const medianOf = (part: typeof accepted) => percentiles(part.map((s) => s.latency)).p50;
  const first = medianOf(accepted.slice(0, Math.max(1, Math.ceil(accepted.length / 10))));
  const last = medianOf(accepted.slice(-Math.max(1, Math.ceil(accepted.length / 100))));
  const backlogMs = Math.max(0, last - first);
  return round(accepted.length / (phaseSeconds + backlogMs / 1000));
}

export async function runBurst(ctx: ScenarioContext, options: BurstOptions): Promise<BurstResult> {
  const phases: Phase[] = [
    ...(options.warmUp ? [{ name: 'warm-up', ...options.warmUp }] : []),
    { name: 'steady', ...options.steady },
    { name: 'spike', ...options.spike },
  ];
  const index = (name: string) => phases.findIndex((p) => p.name === name);
  const arrivals = plannedArrivals(phases);
  const tag = `bench-${randomBytes(4).toString('hex')}`;
  const prepStarted = Date.now();
  const citizens = await prepareDrafts(ctx, arrivals.length, tag);
  await checkCredentials(ctx.app.url, citizens[0] as Citizen);
  const prepMs = Date.now() - prepStarted;
  // Every 1/share-th application is double-clicked, spread evenly over all phases.
  const every = Math.max(1, Math.round(1 / options.duplicateShare));
  const isDuplicate = (i: number) => options.duplicateShare > 0 && i % every === Math.floor(every / 2);
  ctx.log(`burst: ${arrivals.length} applications (${citizens.length} drafts prepared in ${prepMs} ms), ${phases.map((p) => `${p.ratePerSecond}/s × ${p.seconds} s`).join(' then ')}`);

  const loadBefore = loadAverage();
  const send = async (i: number, planned: number, duplicate: boolean): Promise<Shot> => {
    const c = citizens[i] as Citizen;
    const res = await request(`${ctx.app.url}${SUBMIT_PATH}`, {
      method: 'POST',
      headers: { cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': citizenAddress(3 + (i >> 16), i & 0xffff) },
      body: c.body,
      timeoutMs: options.clientTimeoutMs,
    });
    const at = performance.now();
    return { arrival: i, phase: (arrivals[i] as { phase: number }).phase, duplicate, status: res.status, latency: at - planned, at, retryAfter: header(res, 'retry-after') !== undefined, location: header(res, 'location') ?? '', ...(res.error && res.status === 0 ? { error: res.error } : {}) };
  };
  const run = await runOpenLoop(arrivals, async (i, planned) => {
    const first = send(i, planned, false);
    if (!isDuplicate(i)) return [await first];
    return Promise.all([first, send(i, planned, true)]);
  });
  const shots = run.results.flat();
  const alive = !ctx.app.hasExited() && (await request(`${ctx.app.url}/healthz`, { timeoutMs: 5_000 })).status === 200;

  // The database's view: one Vorgang per draft, and one for every accepted submit.
  const db = ctx.database.db;
  const perDraft = await sql<{ nr: string; n: number }>`
    select data->'answers'->>'waehlerverzeichnisNr' as nr, count(*)::int as n from cases
    where tenant_id = ${ctx.tenantId} and data->'answers'->>'wahlbezirk' = ${tag}
    group by 1`.execute(db);
  const casesByNr = new Map(perDraft.rows.map((r) => [Number(r.nr), r.n]));
  const acceptedArrivals = new Set(shots.filter(isAccepted).map((s) => s.arrival));
  const lost = [...acceptedArrivals].filter((i) => !casesByNr.has(i + 1)).length;
  const duplicateCases = perDraft.rows.filter((r) => r.n > 1).length;

  const inPhase = (p: number) => shots.filter((s) => s.phase === p);
  const warmUpShots = inPhase(index('warm-up'));
  const steadyShots = inPhase(index('steady'));
  const spikeShots = inPhase(index('spike'));
  return {
    options,
    loadBefore,
    drafts: citizens.length,
    duplicates: shots.filter((s) => s.duplicate).length,
    requests: shots.length,
    preparation: { method: 'drafts written to portal_drafts, signed draft cookie + computed CSRF pair (see bench/scenarios/burst.ts)', ms: prepMs },
    ...(options.warmUp
      ? {
          warmUp: {
            offeredPerSecond: options.warmUp.ratePerSecond,
            achievedPerSecond: achieved(warmUpShots, options.warmUp.seconds),
            latencyMs: percentiles(warmUpShots.map((s) => s.latency)),
            outcomes: outcomesOf(warmUpShots),
          },
        }
      : {}),
    steady: {
      offeredPerSecond: options.steady.ratePerSecond,
      achievedPerSecond: achieved(steadyShots, options.steady.seconds),
      latencyMs: percentiles(steadyShots.map((s) => s.latency)),
      outcomes: outcomesOf(steadyShots),
    },
    spike: {
      offeredPerSecond: options.spike.ratePerSecond,
      achievedPerSecond: achieved(spikeShots, options.spike.seconds),
      latencyMs: percentiles(spikeShots.map((s) => s.latency)),
      shedLatencyMs: percentiles(spikeShots.filter((s) => s.status === 503 && s.retryAfter).map((s) => s.latency)),
      outcomes: outcomesOf(spikeShots),
    },
    sendLagMs: run.sendLagMs,
    appAlive: alive,
    check: { duplicateCases, lost, cases: perDraft.rows.reduce((sum, r) => sum + r.n, 0), notAccepted: arrivals.length - acceptedArrivals.size },
  };
}
