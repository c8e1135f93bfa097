/**
 * The citizen's booking journey, after the GOV.UK pattern and without
 * JavaScript: concerns and persons → Standort → (how: on site, phone, video)
 * → a month of days with free times → a time (POST: the time is held) →
 * details → check → submit (pending; the e-mail link confirms) → confirmed.
 * Choices before the hold travel in the query string (they are not personal);
 * the hold is bound to this browser by a signed cookie. The secret links of
 * the mails lead to pages with a button: only a POST changes anything, so a
 * mail scanner that opens links confirms or cancels nothing.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import type { ApptVariant } from '../../../core/db/tables.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { addDays, berlinDay, isIsoDay } from '../../../core/time/berlin.ts';
import { fields, parseForm, type FieldError } from '../../../core/http/validation.ts';
import { countHit } from '../../../core/http/rate-limit-store.ts';
import { AltchaWidget, altchaScripts } from '../../../core/antibot/widget.tsx';
import { InsetText, type SummaryRow } from '../../../core/ui/components.tsx';
import { buildIcalEvent } from '../../../core/ical/ical.ts';
import { appointmentReadsOf, appointmentsOf } from '../booking/instance.ts';
import { bookingWindow, findLocation, parseVisitParam, visitOf, visitParam, type Location, type Visit, type VisitLine } from '../booking/locations.ts';
import { hashToken } from '../booking/booking.service.ts';
import { servicesText, videoUrl } from '../booking/notifications.ts';
import { formatClock, formatIsoDay, formatWhen } from '../format.ts';
import { CancelPage, ChoicePage, CheckPage, ConfirmPage, DetailsForm, ManagePage, MessagePage, MonthCalendar, SentPage, ServicesForm, TimesForm, type ServiceChoice } from './views.tsx';
import { OfflineAppointments } from './offline.tsx';

const HOLD_COOKIE = 'rathaus-termin';
const VARIANTS: readonly ApptVariant[] = ['onsite', 'phone', 'video'];
/** Holds without a solved proof of work, per IP and hour (no-JS visitors and bots). */
const UNVERIFIED_HOLDS_PER_HOUR = 6;
/** Holds per browser and hour, whatever the proof. */
const HOLDS_PER_SESSION_HOUR = 12;

const pageLimit = { rateLimit: { max: 300, timeWindow: '10 minutes' } };
const holdLimit = { rateLimit: { max: 30, timeWindow: '10 minutes' } };
const submitLimit = { rateLimit: { max: 20, timeWindow: '10 minutes' } };
const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });

interface Journey {
  lines: VisitLine[];
  location: Location;
  visit: Visit;
  variant: ApptVariant;
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
  return search.toString();
}

export function journeyRoutes(app: FastifyInstance, services: Services): void {
  const appointments = appointmentsOf(services);
  // Standorte, settings and free times from the module's read cache (read-model.ts); the hold decides on fresh rows.
  const read = appointmentReadsOf(services);
  const secure = services.config.secureCookies;
  const db = services.db;

  const crumbs = (request: FastifyRequest, here?: string) => [{ label: request.t('nav.start'), href: '/' }, { label: request.t('appointments.title'), ...(here ? { href: '/termine' } : {}) }, ...(here ? [{ label: here }] : [])];
  const bundesland = (request: FastifyRequest) => request.tenant.bundesland as Bundesland;

  async function captchaOn(tenantId: string): Promise<boolean> {
    return read.setting<boolean>(tenantId, 'appointments.captcha');
  }

  /** The widget and its scripts when the tenant uses ALTCHA; nothing otherwise. */
  async function antibot(request: FastifyRequest): Promise<{ widget: JSX.Element; head?: JSX.Element }> {
    if (!(await captchaOn(request.tenant.id))) return { widget: '' };
    const challenge = await services.antibot.challenge();
    return { widget: AltchaWidget({ t: request.t, locale: request.locale, challenge, noscriptHint: request.t('appt.antibot.hint'), auto: 'onfocus' }), head: altchaScripts() };
  }

  /** Every service bookable somewhere, once (the longest duration and the largest number of persons). */
  function serviceChoices(locations: readonly Location[]): ServiceChoice[] {
    const byId = new Map<string, ServiceChoice>();
    for (const l of locations) {
      for (const s of l.services) {
        const known = byId.get(s.id);
        byId.set(s.id, known ? { ...known, minutes: Math.max(known.minutes, s.minutes), maxQuantity: Math.max(known.maxQuantity, s.maxQuantity) } : { id: s.id, title: s.title, minutes: s.minutes, maxQuantity: s.maxQuantity });
      }
    }
    return [...byId.values()];
  }

  async function renderServices(request: FastifyRequest, reply: FastifyReply, counts: Record<string, number>, errors: FieldError[], status = 200) {
    const locations = await read.locations(request.tenant.id);
    if (locations.length === 0) {
      return reply.page({ title: request.t('appointments.title'), breadcrumbs: crumbs(request), body: await OfflineAppointments({ request, db }) });
    }
    return reply.page({
      title: (errors.length ? `${request.t('ui.field.errorPrefix')} ` : '') + request.t('appt.services.title'),
      breadcrumbs: crumbs(request),
      status,
      body: (
        <>
          {ServicesForm({ t: request.t, services: serviceChoices(locations), counts, errors })}
          <p class="kern-body">
            <a class="kern-link" href="/termine/andere-stellen" safe>
              {request.t('appt.otherWays')}
            </a>
          </p>
        </>
      ),
    });
  }

  app.get('/termine', { config: pageLimit }, async (request, reply) => {
    // Preselected concerns (from a service page or "Ändern" on the check page) are shown, not yet submitted.
    const lines = linesOf(request.query as Record<string, unknown>) ?? [];
    return renderServices(request, reply, Object.fromEntries(lines.map((l) => [l.serviceId, l.quantity])), []);
  });

  app.get('/termine/andere-stellen', { config: pageLimit }, async (request, reply) =>
    reply.page({ title: request.t('appointments.title'), breadcrumbs: crumbs(request, request.t('appt.otherWays')), body: await OfflineAppointments({ request, db }) }),
  );

  app.get('/termine/leistung/:slug', { schema: { params: z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) }) }, config: pageLimit }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const locations = await read.locations(request.tenant.id);
    const service = locations.flatMap((l) => l.services).find((s) => s.slug === slug);
    if (!service) return reply.redirect('/termine/andere-stellen', 303);
    return reply.redirect(`/termine?${query({ [`anzahl-${service.id}`]: '1' })}`, 303);
  });

  /** Reads the choice of concerns from the query: either the services form's fields or the compact `leistungen` value. */
  function linesOf(q: Record<string, unknown>): VisitLine[] | null {
    if (typeof q.leistungen === 'string') return parseVisitParam(q.leistungen);
    const lines: VisitLine[] = [];
    for (const [key, value] of Object.entries(q)) {
      const match = /^anzahl-([0-9a-f-]{36})$/.exec(key);
      if (!match) continue;
      if (typeof value !== 'string' || !/^\d{1,2}$/.test(value)) return null;
      lines.push({ serviceId: match[1] as string, quantity: Number(value) });
    }
    return lines;
  }

  /** The Standorte that offer the whole visit. */
  function offering(locations: readonly Location[], lines: VisitLine[]): { location: Location; visit: Visit }[] {
    return locations.flatMap((location) => {
      const v = visitOf(location, lines);
      return v.ok ? [{ location, visit: v.visit }] : [];
    });
  }

  async function variantsAt(tenantId: string, visit: Visit): Promise<ApptVariant[]> {
    const videoBase = await read.setting<string>(tenantId, 'appointments.videoBaseUrl');
    return visit.variants.filter((v) => v !== 'video' || videoBase !== '');
  }

  app.get('/termine/standort', { config: pageLimit }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const lines = linesOf(q);
    const t = request.t;
    const counts = Object.fromEntries((lines ?? []).map((l) => [l.serviceId, l.quantity]));
    const chosen = (lines ?? []).filter((l) => l.quantity > 0);
    const locations = await read.locations(request.tenant.id);
    const firstField = `anzahl-${serviceChoices(locations)[0]?.id ?? ''}`;
    if (!lines || chosen.length === 0) return renderServices(request, reply, counts, [{ field: firstField, message: t('appt.services.error.none') }], 422);
    const choices = serviceChoices(locations);
    const tooMany = chosen.find((l) => !choices.some((c) => c.id === l.serviceId && l.quantity <= c.maxQuantity));
    if (tooMany) return renderServices(request, reply, counts, [{ field: `anzahl-${tooMany.serviceId}`, message: t('appt.services.error.tooMany') }], 422);
    const options = offering(locations, chosen);
    if (options.length === 0) return renderServices(request, reply, counts, [{ field: firstField, message: t('appt.services.error.nowhere') }], 422);
    const leistungen = visitParam(chosen);
    if (options.length === 1) return reply.redirect(`/termine/art?${query({ leistungen, standort: options[0]?.location.slug })}`, 303);
    const selected = typeof q.standort === 'string' ? q.standort : undefined;
    return reply.page({
      title: t('appt.location.title'),
      breadcrumbs: crumbs(request, t('appt.location.title')),
      body: ChoicePage({
        t,
        title: t('appt.location.title'),
        action: '/termine/art',
        hidden: { leistungen },
        name: 'standort',
        options: options.map((o) => ({ value: o.location.slug, label: o.location.name, hint: o.location.address })),
        backHref: `/termine?${query({ leistungen })}`,
        ...(selected === '' ? { error: t('appt.location.error') } : {}),
      }),
    });
  });

  /** Resolves the query of the later steps; null when something is missing or wrong. */
  async function journeyOf(request: FastifyRequest, q: Record<string, unknown>, options: { needVariant: boolean }): Promise<Journey | 'no-location' | null> {
    const lines = typeof q.leistungen === 'string' ? parseVisitParam(q.leistungen) : null;
    if (!lines || typeof q.standort !== 'string' || q.standort.length > 60) return null;
    const location = await read.location(request.tenant.id, q.standort);
    if (!location) return 'no-location';
    const v = visitOf(location, lines);
    if (!v.ok) return null;
    const variants = await variantsAt(request.tenant.id, v.visit);
    const variant = typeof q.art === 'string' && (VARIANTS as readonly string[]).includes(q.art) ? (q.art as ApptVariant) : variants.length === 1 ? variants[0] : undefined;
    if (!variant) return options.needVariant ? null : { lines, location, visit: v.visit, variant: 'onsite' };
    if (!variants.includes(variant)) return null;
    return { lines, location, visit: v.visit, variant };
  }

  const journeyQuery = (j: Journey, extra: Record<string, string | undefined> = {}) => query({ leistungen: visitParam(j.lines), standort: j.location.slug, art: j.variant, ...extra });

  app.get('/termine/art', { config: pageLimit }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const t = request.t;
    if (q.standort === undefined || q.standort === '') {
      const back = typeof q.leistungen === 'string' ? `/termine/standort?${query({ leistungen: q.leistungen, standort: '' })}` : '/termine';
      return reply.redirect(back, 303);
    }
    const j = await journeyOf(request, q, { needVariant: false });
    if (j === 'no-location') return reply.errorPage(404, '404');
    if (!j) return reply.redirect('/termine', 303);
    const variants = await variantsAt(request.tenant.id, j.visit);
    if (variants.length === 1) return reply.redirect(`/termine/kalender?${journeyQuery({ ...j, variant: variants[0] as ApptVariant })}`, 303);
    const invalid = q.art !== undefined;
    return reply.page({
      title: t('appt.variant.title'),
      breadcrumbs: crumbs(request, t('appt.variant.title')),
      status: invalid ? 422 : 200,
      body: ChoicePage({
        t,
        title: t('appt.variant.title'),
        action: '/termine/kalender',
        hidden: { leistungen: visitParam(j.lines), standort: j.location.slug },
        name: 'art',
        options: variants.map((v) => ({ value: v, label: t(`appointments.variant.${v}`), ...(v === 'video' ? { hint: t('appt.variant.hint.video') } : v === 'phone' ? { hint: t('appt.variant.hint.phone') } : {}) })),
        backHref: `/termine?${query({ leistungen: visitParam(j.lines) })}`,
        ...(invalid ? { error: t('appt.variant.error') } : {}),
      }),
    });
  });

  /** Free start times per day in a month, within the booking window (staff-free contingent: online). */
  async function month(request: FastifyRequest, j: Journey, requested: string | undefined, hrefs: { month(m: string): string; day(d: string): string }) {
    const today = berlinDay(services.now());
    const window = bookingWindow(j.location, today);
    const firstMonth = `${window.first.slice(0, 7)}-01`;
    const lastMonth = `${window.last.slice(0, 7)}-01`;
    let monthStart = requested && /^\d{4}-\d{2}$/.test(requested) ? `${requested}-01` : null;
    if (monthStart && (!isIsoDay(monthStart) || monthStart < firstMonth || monthStart > lastMonth)) monthStart = null;
    const all = await read.starts({ location: j.location, bundesland: bundesland(request), visit: j.visit, contingent: 'online', from: window.first, to: window.last, now: services.now() });
    const freeByDay = new Map<string, number>();
    for (const s of all) freeByDay.set(s.day, (freeByDay.get(s.day) ?? 0) + 1);
    const firstFree = all[0]?.day ?? null;
    const shown = monthStart ?? (firstFree ? `${firstFree.slice(0, 7)}-01` : firstMonth);
    const prev = addDays(shown, -1).slice(0, 7);
    const next = addDays(shown, 32).slice(0, 7);
    return {
      firstFree,
      shown,
      view: {
        month: shown,
        freeByDay,
        prevHref: `${prev}-01` >= firstMonth ? hrefs.month(prev) : null,
        nextHref: `${next}-01` <= lastMonth ? hrefs.month(next) : null,
        dayHref: hrefs.day,
      },
    };
  }

  function calendarBody(request: FastifyRequest, j: Journey, m: Awaited<ReturnType<typeof month>>, title: string, lead?: string) {
    const t = request.t;
    const notThisMonth = m.firstFree && m.firstFree.slice(0, 7) !== berlinDay(services.now()).slice(0, 7);
    return (
      <>
        <h1 class="kern-heading-large" safe>
          {title}
        </h1>
        <p class="kern-body" safe>
          {lead ?? t('appt.calendar.lead', { services: servicesText(j.visit.lines.map((l) => ({ title: l.service.title, quantity: l.quantity })), request.locale), minutes: String(j.visit.slots * j.location.slotMinutes), location: j.location.name })}
        </p>
        {m.firstFree ? (
          notThisMonth ? (
            <InsetText>
              <span safe>{t('appt.calendar.next', { day: formatIsoDay(m.firstFree, request.locale) })}</span>
            </InsetText>
          ) : (
            ''
          )
        ) : (
          <InsetText>
            <span safe>{t('appt.calendar.noneAtAll')}</span>
          </InsetText>
        )}
        {MonthCalendar({ t, locale: request.locale, view: m.view })}
        <p class="kern-body" safe>
          {t('appt.calendar.zone')}
        </p>
      </>
    );
  }

  app.get('/termine/kalender', { config: pageLimit }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const j = await journeyOf(request, q, { needVariant: true });
    if (j === 'no-location') return reply.errorPage(404, '404');
    if (!j) {
      if (typeof q.leistungen === 'string' && typeof q.standort === 'string') return reply.redirect(`/termine/art?${query({ leistungen: q.leistungen, standort: q.standort, art: '' })}`, 303);
      return reply.redirect('/termine', 303);
    }
    const m = await month(request, j, typeof q.monat === 'string' ? q.monat : undefined, {
      month: (mo) => `/termine/kalender?${journeyQuery(j, { monat: mo })}`,
      day: (d) => `/termine/zeit?${journeyQuery(j, { tag: d })}`,
    });
    return reply.page({ title: request.t('appt.calendar.title'), breadcrumbs: crumbs(request, request.t('appt.calendar.title')), body: calendarBody(request, j, m, request.t('appt.calendar.title')) });
  });

  async function timesOf(request: FastifyRequest, j: Journey, day: string, contingent: 'online' = 'online') {
    const window = bookingWindow(j.location, berlinDay(services.now()));
    if (day < window.first || day > window.last) return [];
    const starts = await read.starts({ location: j.location, bundesland: bundesland(request), visit: j.visit, contingent, from: day, to: day, now: services.now() });
    return starts.map((s) => ({ value: s.startsAt.toISOString(), time: s.time }));
  }

  async function renderTimes(request: FastifyRequest, reply: FastifyReply, j: Journey, day: string, error?: string, status = 200) {
    const bot = await antibot(request);
    return reply.page({
      title: (error ? `${request.t('ui.field.errorPrefix')} ` : '') + request.t('appt.times.title'),
      breadcrumbs: crumbs(request, request.t('appt.times.title')),
      status,
      ...(bot.head ? { head: bot.head } : {}),
      body: TimesForm({
        t: request.t,
        locale: request.locale,
        day,
        action: '/termine/reservieren',
        csrfToken: reply.csrfToken(),
        hidden: { leistungen: visitParam(j.lines), standort: j.location.slug, art: j.variant, tag: day },
        times: await timesOf(request, j, day),
        error,
        buttonLabel: request.t('appt.times.reserve'),
        otherDayHref: `/termine/kalender?${journeyQuery(j, { monat: day.slice(0, 7) })}`,
        antibot: bot.widget,
        note: request.t('appt.times.holdNote', { minutes: String(j.location.holdMinutes) }),
      }),
    });
  }

  app.get('/termine/zeit', { config: pageLimit }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const j = await journeyOf(request, q, { needVariant: true });
    if (j === 'no-location') return reply.errorPage(404, '404');
    if (!j || !isIsoDay(q.tag)) return reply.redirect('/termine', 303);
    return renderTimes(request, reply, j, q.tag);
  });

  function readHold(request: FastifyRequest): { bookingId: string; holder: string } | null {
    const raw = request.cookies[HOLD_COOKIE];
    if (!raw) return null;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return null;
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(unsigned.value);
    return match ? { bookingId: match[1] as string, holder: match[2] as string } : null;
  }

  /** The browser's holder secret: kept across holds, so the per-session budget counts them all. */
  function holderOf(request: FastifyRequest): string {
    return readHold(request)?.holder ?? randomBytes(32).toString('base64url');
  }

  app.post('/termine/reservieren', { config: holdLimit }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const t = request.t;
    const j = await journeyOf(request, body, { needVariant: true });
    if (j === 'no-location') return reply.errorPage(404, '404');
    if (!j || !isIsoDay(body.tag)) return reply.redirect('/termine', 303);
    const day = body.tag;
    const start = typeof body.start === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(body.start) ? new Date(body.start) : null;
    if (!start || Number.isNaN(start.getTime())) return renderTimes(request, reply, j, day, t('appt.times.error'), 422);
    const holder = holderOf(request);
    let verified = false;
    if (await captchaOn(request.tenant.id)) {
      verified = (await services.antibot.verify(typeof body.altcha === 'string' ? body.altcha : undefined)) === 'verified';
      if (!verified && (await countHit(services.pool, `appt-unverified:${request.tenant.id}:${request.ip}`, 3_600_000)) > UNVERIFIED_HOLDS_PER_HOUR) {
        return reply.page({ title: t('appt.times.title'), status: 429, breadcrumbs: crumbs(request, t('appt.times.title')), body: MessagePage({ title: t('appt.times.title'), text: t('appt.antibot.tooMany') }) });
      }
    }
    if ((await countHit(services.pool, `appt-session:${hashToken(holder)}`, 3_600_000)) > HOLDS_PER_SESSION_HOUR) return reply.errorPage(429, '429');
    const held = await appointments.hold(request.tenant, { location: j.location, visit: j.visit, variant: j.variant, startsAt: start, holder, verifiedHuman: verified });
    if (!held.ok) {
      const message = held.reason === 'taken' ? t('appt.times.taken') : t('appt.times.notBookable');
      return renderTimes(request, reply, j, day, message, 409);
    }
    reply.setCookie(HOLD_COOKIE, `${held.id}.${holder}`, { path: '/termine', httpOnly: true, secure, sameSite: 'lax', signed: true, maxAge: 2 * 3600 });
    return reply.redirect('/termine/reservierung', 303);
  });

  /** The browser's live hold with its Standort, or null (expired, given back, or none). */
  async function currentHold(request: FastifyRequest) {
    const cookie = readHold(request);
    if (!cookie) return null;
    const booking = await appointments.heldBy(request.tenant.id, cookie.bookingId, cookie.holder);
    if (!booking) return null;
    const location = await findLocation(db, request.tenant.id, booking.location_id);
    if (!location) return null;
    return { cookie, booking, location };
  }

  /** The browser's booking once submitted (pending or already confirmed), for a repeated submit. */
  async function submittedBooking(request: FastifyRequest) {
    const cookie = readHold(request);
    if (!cookie) return undefined;
    return db.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', request.tenant.id).where('id', '=', cookie.bookingId).where('holder_hash', '=', hashToken(cookie.holder)).where('status', 'in', ['pending', 'confirmed']).executeTakeFirst();
  }

  async function expiredPage(request: FastifyRequest, reply: FastifyReply) {
    const t = request.t;
    // A second click on "absenden" (or a reload) after the booking went out: show where it stands, not an error.
    if (request.method === 'POST' && (await submittedBooking(request))) return reply.redirect('/termine/reservierung/gesendet', 303);
    return reply.page({ title: t('appt.expired.title'), status: 410, breadcrumbs: crumbs(request, t('appt.expired.title')), body: MessagePage({ title: t('appt.expired.title'), text: t('appt.expired.text'), link: { href: '/termine', label: t('appt.expired.again') } }) });
  }

  const detailsSchema = z.object({
    name: fields.requiredText(200),
    email: fields.email(),
    phone: fields.optionalText(40).pipe(z.string().regex(/^[0-9+()\/\-\s]*$/, 'validation.phone')),
    note: fields.optionalText(1000),
    reminder: z.literal('1').optional(),
    terms: z.literal('1', { error: 'appt.details.termsError' }),
  });

  async function renderDetails(request: FastifyRequest, reply: FastifyReply, hold: NonNullable<Awaited<ReturnType<typeof currentHold>>>, values: Record<string, string>, errors: FieldError[], status = 200, flash?: string) {
    const t = request.t;
    const [reminderHours, retentionDays] = await Promise.all([services.tenants.getSetting<number>(request.tenant.id, 'appointments.reminderHours'), services.tenants.getSetting<number>(request.tenant.id, 'appointments.retentionDays')]);
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('appt.details.title'),
      breadcrumbs: crumbs(request, t('appt.details.title')),
      status,
      body: DetailsForm({
        t,
        csrfToken: reply.csrfToken(),
        heldText: t('appt.details.held', { when: formatWhen(hold.booking.starts_at, request.locale), until: formatClock(hold.booking.hold_expires_at as Date, request.locale) }),
        values,
        errors,
        reminderHours,
        retentionDays,
        phoneRequired: hold.booking.variant === 'phone',
        flash,
      }),
    });
  }

  /** What the citizen entered before (after "Ändern" on the check page), else the defaults. */
  function savedValues(b: { name: string | null; email: string | null; phone: string | null; note: string | null; reminder: boolean }): Record<string, string> {
    return b.email ? { name: b.name ?? '', email: b.email, phone: b.phone ?? '', note: b.note ?? '', reminder: b.reminder ? '1' : '', terms: '1' } : { reminder: '1' };
  }

  app.get('/termine/reservierung', { config: pageLimit }, async (request, reply) => {
    const hold = await currentHold(request);
    if (!hold) return expiredPage(request, reply);
    const values = savedValues(hold.booking);
    return renderDetails(request, reply, hold, values, []);
  });

  app.post('/termine/reservierung', { config: submitLimit }, async (request, reply) => {
    const hold = await currentHold(request);
    if (!hold) return expiredPage(request, reply);
    const form = parseForm(detailsSchema, request.body, request.t);
    if (!form.ok) return renderDetails(request, reply, hold, form.values, form.errors.map((e) => (e.field === 'terms' ? { ...e, message: request.t('appt.details.termsError') } : e)), 422);
    if (hold.booking.variant === 'phone' && !form.data.phone) return renderDetails(request, reply, hold, request.body as Record<string, string>, [{ field: 'phone', message: request.t('validation.required') }], 422);
    const saved = await appointments.saveDetails(request.tenant.id, hold.booking.id, hold.cookie.holder, {
      name: form.data.name,
      email: form.data.email,
      phone: form.data.phone || null,
      note: form.data.note || null,
      reminder: form.data.reminder === '1',
      locale: request.locale,
    });
    if (!saved.ok) return expiredPage(request, reply);
    return reply.redirect('/termine/reservierung/pruefen', 303);
  });

  app.post('/termine/reservierung/verlaengern', { config: submitLimit }, async (request, reply) => {
    const hold = await currentHold(request);
    if (!hold) return expiredPage(request, reply);
    const until = await appointments.extendHold(request.tenant.id, hold.booking.id, hold.cookie.holder, hold.location);
    const values = savedValues(hold.booking);
    const refreshed = until ? { ...hold, booking: { ...hold.booking, hold_expires_at: until } } : hold;
    return renderDetails(request, reply, refreshed, values, [], 200, until ? request.t('appt.details.extended', { until: formatClock(until, request.locale) }) : request.t('appt.details.notExtended'));
  });

  async function summaryRows(request: FastifyRequest, booking: { id: string; starts_at: Date; variant: ApptVariant; location_id: string }, location: Location, withChange: boolean): Promise<SummaryRow[]> {
    const t = request.t;
    const lines = await appointments.serviceLines(request.tenant.id, booking.id);
    return [
      { key: t('appt.check.when'), value: formatWhen(booking.starts_at, request.locale) },
      { key: t('appt.check.where'), value: location.address ? `${location.name}, ${location.address}` : location.name },
      { key: t('appt.check.what'), value: servicesText(lines, request.locale), ...(withChange ? { changeHref: '/termine' } : {}) },
      { key: t('appt.check.variant'), value: t(`appointments.variant.${booking.variant}`) },
    ];
  }

  async function renderCheck(request: FastifyRequest, reply: FastifyReply, hold: NonNullable<Awaited<ReturnType<typeof currentHold>>>, error?: string, status = 200) {
    const t = request.t;
    const b = hold.booking;
    const reminderHours = await services.tenants.getSetting<number>(request.tenant.id, 'appointments.reminderHours');
    const bot = await antibot(request);
    const rows: SummaryRow[] = [
      ...(await summaryRows(request, b, hold.location, true)),
      { key: t('appt.check.name'), value: b.name ?? '', changeHref: '/termine/reservierung' },
      { key: t('appt.check.email'), value: b.email ?? '', changeHref: '/termine/reservierung' },
      ...(b.phone ? [{ key: t('appt.check.phone'), value: b.phone, changeHref: '/termine/reservierung' }] : []),
      ...(b.note ? [{ key: t('appt.check.note'), value: b.note, changeHref: '/termine/reservierung' }] : []),
      { key: t('appt.check.reminder'), value: b.reminder ? t('appt.check.reminderYes', { hours: String(reminderHours) }) : t('appt.check.reminderNo'), changeHref: '/termine/reservierung' },
    ];
    return reply.page({
      title: (error ? `${t('ui.field.errorPrefix')} ` : '') + t('appt.check.title'),
      breadcrumbs: crumbs(request, t('appt.check.title')),
      status,
      ...(bot.head ? { head: bot.head } : {}),
      body: CheckPage({ t, csrfToken: reply.csrfToken(), rows, antibot: bot.widget, error }),
    });
  }

  app.get('/termine/reservierung/pruefen', { config: pageLimit }, async (request, reply) => {
    const hold = await currentHold(request);
    if (!hold) return expiredPage(request, reply);
    if (!hold.booking.email) return reply.redirect('/termine/reservierung', 303);
    return renderCheck(request, reply, hold);
  });

  app.post('/termine/reservierung/absenden', { config: submitLimit }, async (request, reply) => {
    const t = request.t;
    const hold = await currentHold(request);
    if (!hold) return expiredPage(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (await captchaOn(request.tenant.id)) {
      const verified = (await services.antibot.verify(typeof body.altcha === 'string' ? body.altcha : undefined)) === 'verified';
      if (!verified && !hold.booking.verified_human && (await countHit(services.pool, `appt-unverified-submit:${request.tenant.id}:${request.ip}`, 3_600_000)) > UNVERIFIED_HOLDS_PER_HOUR) {
        return reply.page({ title: t('appt.check.title'), status: 429, breadcrumbs: crumbs(request, t('appt.check.title')), body: MessagePage({ title: t('appt.check.title'), text: t('appt.antibot.tooMany') }) });
      }
    }
    const result = await appointments.submit(request.tenant.id, hold.booking.id, hold.cookie.holder, hold.location);
    if (!result.ok) {
      if (result.reason === 'expired') return expiredPage(request, reply);
      if (result.reason === 'incomplete') return reply.redirect('/termine/reservierung', 303);
      const max = await services.tenants.getSetting<number>(request.tenant.id, 'appointments.maxActivePerPerson');
      return renderCheck(request, reply, hold, t('appt.limit', { max: String(max) }), 422);
    }
    // The cookie now names a pending booking: the "sent" page reads it once, then it is gone.
    return reply.redirect('/termine/reservierung/gesendet', 303);
  });

  app.get('/termine/reservierung/gesendet', { config: pageLimit }, async (request, reply) => {
    const t = request.t;
    const booking = await submittedBooking(request);
    if (!booking) return reply.redirect('/termine', 303);
    const until = booking.confirm_expires_at ? formatClock(booking.confirm_expires_at, request.locale) : '';
    return reply.page({ title: t('appt.sent.title'), breadcrumbs: crumbs(request, t('appt.sent.title')), body: SentPage({ t, reference: booking.reference, text: t('appt.sent.text', { email: booking.email ?? '', until }) }) });
  });

  // ------------------------------------------------------------------ e-mail links

  app.get('/termine/bestaetigen/:token', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const row = await db.selectFrom('appt_bookings').selectAll().where('tenant_id', '=', request.tenant.id).where('confirm_token_hash', '=', hashToken(token)).where('anonymised_at', 'is', null).executeTakeFirst();
    if (!row) return reply.page({ title: t('appt.confirm.title'), status: 404, body: MessagePage({ title: t('appt.confirm.title'), text: t('appt.confirm.expired'), link: { href: '/termine', label: t('appt.expired.again') } }) });
    if (row.status === 'confirmed' || row.status === 'attended' || row.status === 'no_show') return reply.redirect(`/termine/buchung/${appointments.tokensOf(row).manage}`, 303);
    if (row.status !== 'pending' || !row.confirm_expires_at || row.confirm_expires_at <= services.now()) {
      const text = row.status === 'cancelled' ? t('appt.confirm.cancelled') : t('appt.confirm.expired');
      return reply.page({ title: t('appt.confirm.title'), status: 410, body: MessagePage({ title: t('appt.confirm.title'), text, link: { href: '/termine', label: t('appt.expired.again') } }) });
    }
    const location = await findLocation(db, request.tenant.id, row.location_id, { includeInactive: true });
    if (!location) return reply.errorPage(404, '404');
    return reply.page({ title: t('appt.confirm.title'), breadcrumbs: crumbs(request, t('appt.confirm.title')), body: ConfirmPage({ t, csrfToken: reply.csrfToken(), action: `/termine/bestaetigen/${token}`, rows: await summaryRows(request, row, location, false) }) });
  });

  app.post('/termine/bestaetigen/:token', { schema: { params: tokenParams }, config: submitLimit }, async (request, reply) => {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const t = request.t;
    const result = await appointments.confirm(request.tenant, token);
    if (!result.ok) {
      const text = result.reason === 'cancelled' ? t('appt.confirm.cancelled') : t('appt.confirm.expired');
      return reply.page({ title: t('appt.confirm.title'), status: result.reason === 'not-found' ? 404 : 410, body: MessagePage({ title: t('appt.confirm.title'), text, link: { href: '/termine', label: t('appt.expired.again') } }) });
    }
    reply.clearCookie(HOLD_COOKIE, { path: '/termine' });
    return reply.flash('success', t('appt.confirmed.flash')).redirect(`/termine/buchung/${result.manageToken}`, 303);
  });

  async function managed(request: FastifyRequest) {
    const { token } = request.params as z.infer<typeof tokenParams>;
    const booking = await appointments.byManageToken(request.tenant.id, token);
    if (!booking) return null;
    const location = await findLocation(db, request.tenant.id, booking.location_id, { includeInactive: true });
    if (!location) return null;
    const changeable = booking.status === 'confirmed' && booking.starts_at.getTime() - location.cancelUntilHours * 3_600_000 > services.now().getTime();
    return { token, booking, location, changeable, base: `/termine/buchung/${token}` };
  }

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    const t = request.t;
    return reply.page({ title: t('appt.manage.title'), status: 404, body: MessagePage({ title: t('appt.manage.title'), text: t('appt.notFound'), link: { href: '/termine', label: t('appointments.title') } }) });
  }

  app.get('/termine/buchung/:token', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const m = await managed(request);
    if (!m) return notFound(request, reply);
    const t = request.t;
    const { booking, location } = m;
    const lines = await appointments.serviceLines(request.tenant.id, booking.id);
    const videoBase = await services.tenants.getSetting<string>(request.tenant.id, 'appointments.videoBaseUrl');
    const rows: SummaryRow[] = [
      ...(await summaryRows(request, booking, location, false)),
      { key: t('appt.manage.status'), value: t(`appt.manage.status.${booking.status}`) },
      ...(booking.name ? [{ key: t('appt.check.name'), value: booking.name }] : []),
    ];
    const tooLate = booking.status === 'confirmed' && !m.changeable ? t('appt.manage.tooLate', { hours: String(location.cancelUntilHours) }) : null;
    return reply.page({
      title: t('appt.manage.title'),
      breadcrumbs: crumbs(request, t('appt.manage.title')),
      body: ManagePage({
        t,
        reference: booking.reference,
        rows,
        bring: booking.status === 'confirmed' ? [...new Set(lines.flatMap((l) => l.required_documents))] : [],
        directions: booking.variant === 'onsite' ? location.directions : '',
        videoUrl: booking.status === 'confirmed' && booking.variant === 'video' ? videoUrl(videoBase, booking.video_room) : undefined,
        base: m.base,
        canChange: m.changeable,
        tooLateText: tooLate,
        icsAvailable: booking.status === 'confirmed',
      }),
    });
  });

  app.get('/termine/buchung/:token/termin.ics', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const m = await managed(request);
    if (!m || m.booking.status !== 'confirmed') return notFound(request, reply);
    const b = await appointments.bookingForMail(db, request.tenant.id, m.booking.id);
    const host = new URL(await services.baseUrlOf(request.tenant.id)).hostname;
    const ics = buildIcalEvent({
      method: 'PUBLISH',
      prodId: `-//${request.tenant.name}//Rathaus Terminbuchung//DE`,
      uid: `${b.reference}@${host}`,
      sequence: b.icsSequence,
      dtstamp: services.now(),
      start: b.startsAt,
      end: b.endsAt,
      summary: `Termin ${b.locationName}: ${servicesText(b.services, 'de')}`,
      location: b.address ? `${b.locationName}, ${b.address}` : b.locationName,
      description: `Buchungsnummer: ${b.reference}`,
      organizer: { name: `${request.tenant.name}, ${b.organizer.name}`, email: b.organizer.email ?? request.tenant.contact.email ?? `noreply@${host.includes('.') ? host : `${host}.invalid`}` },
      status: 'CONFIRMED',
      alarmMinutesBefore: 60,
    });
    return reply.header('content-type', 'text/calendar; charset=utf-8; method=PUBLISH').header('content-disposition', 'attachment; filename="termin.ics"').send(ics);
  });

  app.get('/termine/buchung/:token/absagen', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const m = await managed(request);
    if (!m) return notFound(request, reply);
    const t = request.t;
    if (!m.changeable) return reply.redirect(m.base, 303);
    return reply.page({ title: t('appt.cancel.title'), breadcrumbs: crumbs(request, t('appt.cancel.title')), body: CancelPage({ t, csrfToken: reply.csrfToken(), action: `${m.base}/absagen`, backHref: m.base, rows: await summaryRows(request, m.booking, m.location, false) }) });
  });

  app.post('/termine/buchung/:token/absagen', { schema: { params: tokenParams }, config: submitLimit }, async (request, reply) => {
    const m = await managed(request);
    if (!m) return notFound(request, reply);
    const t = request.t;
    if (m.booking.status === 'cancelled') return reply.flash('success', t('appt.cancel.done')).redirect(m.base, 303);
    const result = await appointments.cancel(request.tenant.id, m.booking.id, { kind: 'citizen' });
    if (!result.ok) return reply.flash('error', result.reason === 'too-late' ? t('appt.manage.tooLate', { hours: String(m.location.cancelUntilHours) }) : t('appt.cancel.notPossible')).redirect(m.base, 303);
    return reply.flash('success', t('appt.cancel.done')).redirect(m.base, 303);
  });

  /** The visit of an existing booking at its Standort today (its services may have changed). */
  async function visitOfBooking(tenantId: string, bookingId: string, location: Location): Promise<Journey | null> {
    const lines = await appointments.serviceLines(tenantId, bookingId);
    const v = visitOf(location, lines.map((l) => ({ serviceId: l.service_id, quantity: l.quantity })));
    const row = await db.selectFrom('appt_bookings').select('variant').where('tenant_id', '=', tenantId).where('id', '=', bookingId).executeTakeFirstOrThrow();
    return v.ok ? { lines: lines.map((l) => ({ serviceId: l.service_id, quantity: l.quantity })), location, visit: v.visit, variant: row.variant } : null;
  }

  async function renderReschedule(request: FastifyRequest, reply: FastifyReply, m: NonNullable<Awaited<ReturnType<typeof managed>>>, j: Journey, day: string | null, error?: string, status = 200) {
    const t = request.t;
    if (!day) {
      const q = request.query as Record<string, unknown>;
      const mo = await month(request, j, typeof q.monat === 'string' ? q.monat : undefined, { month: (x) => `${m.base}/verschieben?${query({ monat: x })}`, day: (d) => `${m.base}/verschieben?${query({ tag: d })}` });
      return reply.page({ title: t('appt.reschedule.title'), breadcrumbs: crumbs(request, t('appt.reschedule.title')), body: calendarBody(request, j, mo, t('appt.reschedule.title'), t('appt.reschedule.lead')) });
    }
    return reply.page({
      title: (error ? `${t('ui.field.errorPrefix')} ` : '') + t('appt.reschedule.title'),
      breadcrumbs: crumbs(request, t('appt.reschedule.title')),
      status,
      body: TimesForm({
        t,
        locale: request.locale,
        day,
        action: `${m.base}/verschieben`,
        csrfToken: reply.csrfToken(),
        hidden: { tag: day },
        times: (await timesOf(request, j, day)).filter((x) => x.value !== m.booking.starts_at.toISOString()),
        error,
        buttonLabel: t('appt.reschedule.button'),
        otherDayHref: `${m.base}/verschieben?${query({ monat: day.slice(0, 7) })}`,
        antibot: '',
      }),
    });
  }

  app.get('/termine/buchung/:token/verschieben', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => {
    const m = await managed(request);
    if (!m) return notFound(request, reply);
    if (!m.changeable) return reply.redirect(m.base, 303);
    const j = await visitOfBooking(request.tenant.id, m.booking.id, m.location);
    if (!j) return reply.page({ title: request.t('appt.reschedule.title'), body: MessagePage({ title: request.t('appt.reschedule.title'), text: request.t('appt.reschedule.unavailable') }) });
    const q = request.query as Record<string, unknown>;
    return renderReschedule(request, reply, m, j, isIsoDay(q.tag) ? q.tag : null);
  });

  app.post('/termine/buchung/:token/verschieben', { schema: { params: tokenParams }, config: submitLimit }, async (request, reply) => {
    const m = await managed(request);
    if (!m) return notFound(request, reply);
    const t = request.t;
    if (!m.changeable) return reply.flash('error', t('appt.manage.tooLate', { hours: String(m.location.cancelUntilHours) })).redirect(m.base, 303);
    const j = await visitOfBooking(request.tenant.id, m.booking.id, m.location);
    if (!j) return reply.redirect(m.base, 303);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const day = isIsoDay(body.tag) ? body.tag : null;
    if (!day) return reply.redirect(`${m.base}/verschieben`, 303);
    const start = typeof body.start === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(body.start) ? new Date(body.start) : null;
    if (!start) return renderReschedule(request, reply, m, j, day, t('appt.times.error'), 422);
    const result = await appointments.reschedule(request.tenant, m.booking.id, m.location, start, { kind: 'citizen' });
    if (!result.ok) {
      if (result.reason === 'not-found' || result.reason === 'too-late') return reply.redirect(m.base, 303);
      return renderReschedule(request, reply, m, j, day, result.reason === 'taken' ? t('appt.times.taken') : t('appt.times.notBookable'), 409);
    }
    return reply.flash('success', t('appt.reschedule.done')).redirect(m.base, 303);
  });
}
