/**
 * The Bürgerbüro's appointment pages (/verwaltung/termine…): the Standorte
 * one manages, a day per counter with arrival and no-show, the week, one
 * booking (move, cancel), booking on behalf of callers and visitors,
 * closing a day, and statistics. Routes parse, authorize through
 * staff.service.ts and render; every change is a call of the booking
 * engine, which audits it.
 */
import { appointmentsOf } from '../booking/instance.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApptVariant } from '../../../core/db/tables.ts';
import { z } from 'zod';
import { staffOf } from '../../../core/http/context.ts';
import { formValues } from '../../../core/http/validation.ts';
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { NavEntry } from '../../../core/module.ts';
import type { Services } from '../../../core/services.ts';
import { addDays, berlinDay, berlinInstant, isIsoDay, isoWeekday, mondayOf } from '../../../core/time/berlin.ts';
import { titled, type FieldError } from '../../../core/ui/components.tsx';
import type { Breadcrumb } from '../../../core/ui/layout.tsx';
import { availableStarts } from '../booking/availability.ts';
import { bookingWindow, type Location, type Visit } from '../booking/locations.ts';
import { formatClock, formatIsoDay } from '../format.ts';
import type { StartTime } from '../model/schedule.ts';
import { channelOf, checkDay, checkPerson, checkServices, emptyDraft, offeredVariants, readJourney, STEPS, type Draft, type Step, type Way } from './book-journey.ts';
import { appointmentFigures } from './statistics.service.ts';
import { affectedByClosure, bookedWithKey, bookingFile, bundeslandOf, closureOf, dayPlan, managedLocation, visibleLocations, weekPlan, type BookingFile } from './staff.service.ts';
import { BookingPage, CancelPage, MovePage } from './views/booking.tsx';
import { BookedPage, CheckStep, PersonStep, ServicesStep, TimeStep } from './views/book.tsx';
import { CloseConfirm, CloseForm, CloseResult, REASON_MAX } from './views/close-day.tsx';
import { DayPage } from './views/day.tsx';
import { LocationsPage } from './views/locations.tsx';
import { bookingPath, closePath, dayPath, ProblemPage, STAFF_PATH, weekPath } from './views/shared.tsx';
import { StatisticsPage } from './views/statistics.tsx';
import { WeekPage } from './views/week.tsx';

export { appointmentStaffMessages } from './messages.ts';

export const appointmentStaffNavigation: NavEntry[] = [{ labelKey: 'apptStaff.nav', href: STAFF_PATH, permission: 'appointments.view', order: 20 }];

const slug = z.string().max(60).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
/** Days in paths are checked in the handler, so a day that does not exist (2027-02-30) gets its own message. */
const dayText = z.string().max(40);
const locationParams = z.object({ location: slug });
const dayParams = z.object({ location: slug, day: dayText });
const weekParams = z.object({ location: slug, monday: dayText });
const idParams = z.object({ id: z.uuid() });
const dayQuery = z.object({ tag: dayText.default('') });
const statsQuery = z.object({ standort: z.union([z.literal(''), slug]).default(''), von: dayText.default(''), bis: dayText.default('') });
const closeResultQuery = z.object({ tag: dayText, abgesagt: z.coerce.number().int().min(0).max(1_000_000) });

const visitForm = z.object({ zurueck: z.enum(['tag', 'buchung']).default('buchung') });
const cancelForm = z.object({ nachricht: z.string().max(20_000).default('') });
const moveForm = z.object({ tag: dayText.default(''), zeit: z.string().max(10).default('') });
const closeForm = z.object({ aktion: z.enum(['pruefen', 'schliessen', 'aendern']), tag: dayText.default(''), grund: z.string().max(20_000).default('') });

const CANCEL_MESSAGE_MAX = 2000;
/** Statistics cover at most this many days (the schedule is computed slot by slot). */
const STATS_MAX_DAYS = 400;

type LocationParams = { Params: z.infer<typeof locationParams> };
type IdParams = { Params: z.infer<typeof idParams> };


function trail(t: Translate, ...rest: Breadcrumb[]): Breadcrumb[] {
  return [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('apptStaff.title'), href: STAFF_PATH }, ...rest];
}

export async function appointmentStaffRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const engine = appointmentsOf(services);
  const today = (): string => berlinDay(services.now());

  function locationCrumb(location: Location): Breadcrumb {
    return { label: location.name, href: dayPath(location.slug, today()) };
  }

  function problem(request: FastifyRequest, reply: FastifyReply, status: number, title: string, text: string, links: { href: string; text: string }[]) {
    return reply.page({ title, status, breadcrumbs: trail(request.t, { label: title }), body: ProblemPage({ title, text, links }) });
  }

  function badDay(request: FastifyRequest, reply: FastifyReply, location: Location, day: string) {
    const t = request.t;
    return problem(request, reply, 400, t('apptStaff.error.dayTitle'), t('apptStaff.error.dayText', { day }), [{ href: dayPath(location.slug, today()), text: t('apptStaff.error.toToday') }]);
  }

  async function locationOf(request: FastifyRequest, location: string): Promise<Location | null> {
    return managedLocation(services, staffOf(request), location);
  }

  async function fileOf(request: FastifyRequest, id: string): Promise<BookingFile | null> {
    return bookingFile(services, staffOf(request), id);
  }

  // ------------------------------------------------------------ Standorte

  app.get('/termine', async (request, reply) => {
    const t = request.t;
    const actor = staffOf(request);
    const locations = await visibleLocations(services, actor);
    const units = await services.db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).execute();
    return reply.page({
      title: t('apptStaff.title'),
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('apptStaff.title') }],
      body: LocationsPage({ t, locale: request.locale, locations: locations.map((l) => ({ ...l, unitName: units.find((u) => u.id === l.unitId)?.name ?? '' })), today: today(), monday: mondayOf(today()) }),
    });
  });

  app.get<LocationParams>('/termine/:location', { schema: { params: locationParams } }, async (request, reply) => {
    const location = await locationOf(request, request.params.location);
    if (!location) return reply.errorPage(404, '404');
    return reply.redirect(dayPath(location.slug, today()), 303);
  });

  // ------------------------------------------------------------ day and week

  async function renderDay(request: FastifyRequest, reply: FastifyReply, location: Location, day: string, picker?: { value: string; errors: FieldError[] }) {
    const t = request.t;
    const plan = await dayPlan(services, location, day);
    const errors = picker?.errors ?? [];
    return reply.page({
      title: titled(t, t('apptStaff.day.title', { location: location.name, day: formatIsoDay(day, request.locale) }), errors),
      status: errors.length ? 422 : 200,
      breadcrumbs: trail(t, { label: location.name }),
      body: DayPage({ t, locale: request.locale, location, plan, today: today(), csrfToken: reply.csrfToken(), errors, ...(picker ? { pickerValue: picker.value } : {}) }),
    });
  }

  app.get<LocationParams & { Querystring: z.infer<typeof dayQuery> }>('/termine/:location/tag', { schema: { params: locationParams, querystring: dayQuery } }, async (request, reply) => {
    const location = await locationOf(request, request.params.location);
    if (!location) return reply.errorPage(404, '404');
    const day = request.query.tag.trim();
    if (isIsoDay(day)) return reply.redirect(dayPath(location.slug, day), 303);
    return renderDay(request, reply, location, today(), { value: day, errors: [{ field: 'tag', message: request.t(day ? 'apptStaff.error.day' : 'apptStaff.error.dayMissing') }] });
  });

  app.get<{ Params: z.infer<typeof dayParams> }>('/termine/:location/tag/:day', { schema: { params: dayParams } }, async (request, reply) => {
    const location = await locationOf(request, request.params.location);
    if (!location) return reply.errorPage(404, '404');
    if (!isIsoDay(request.params.day)) return badDay(request, reply, location, request.params.day);
    return renderDay(request, reply, location, request.params.day);
  });

  app.get<{ Params: z.infer<typeof weekParams> }>('/termine/:location/woche/:monday', { schema: { params: weekParams } }, async (request, reply) => {
    const t = request.t;
    const location = await locationOf(request, request.params.location);
    if (!location) return reply.errorPage(404, '404');
    const day = request.params.monday;
    if (!isIsoDay(day)) return badDay(request, reply, location, day);
    if (isoWeekday(day) !== 1) return reply.redirect(weekPath(location.slug, mondayOf(day)), 303);
    const days = await weekPlan(services, location, day);
    return reply.page({
      title: t('apptStaff.week.pageTitle', { location: location.name, from: formatIsoDay(day, request.locale) }),
      breadcrumbs: trail(t, locationCrumb(location), { label: t('apptStaff.nav.week') }),
      body: WeekPage({ t, locale: request.locale, location, monday: day, today: today(), days }),
    });
  });

  // ------------------------------------------------------------ one booking

  app.get<IdParams>('/termine/buchung/:id', { schema: { params: idParams } }, async (request, reply) => {
    const t = request.t;
    const booking = await fileOf(request, request.params.id);
    if (!booking) return reply.errorPage(404, '404');
    return reply.page({
      title: t('apptStaff.booking.title', { reference: booking.reference }),
      breadcrumbs: trail(t, locationCrumb(booking.location), { label: booking.reference }),
      body: BookingPage({ t, locale: request.locale, booking, csrfToken: reply.csrfToken() }),
    });
  });

  for (const [path, outcome] of [
    ['ankunft', 'attended'],
    ['nicht-erschienen', 'no_show'],
  ] as const) {
    app.post<IdParams>(`/termine/buchung/:id/${path}`, { schema: { params: idParams } }, async (request, reply) => {
      const t = request.t;
      const booking = await fileOf(request, request.params.id);
      if (!booking) return reply.errorPage(404, '404');
      const form = visitForm.safeParse(formValues(request.body));
      if (!form.success) return reply.errorPage(400, '400');
      const back = form.data.zurueck === 'tag' ? dayPath(booking.location.slug, berlinDay(booking.startsAt)) : bookingPath(booking.id);
      const result = await engine.recordVisit(staffOf(request), booking.id, outcome);
      const when = formatClock(booking.startsAt, request.locale);
      if (result.ok) {
        reply.flash('success', t(outcome === 'attended' ? 'apptStaff.visit.checkedIn' : 'apptStaff.visit.noShow', { reference: booking.reference, time: when }));
        return reply.redirect(back, 303);
      }
      if (result.reason === 'not-found') return reply.errorPage(404, '404');
      const text = result.reason === 'too-early' ? t(outcome === 'attended' ? 'apptStaff.visit.tooEarlyCheckIn' : 'apptStaff.visit.tooEarlyNoShow', { time: when, day: formatIsoDay(berlinDay(booking.startsAt), request.locale) }) : t('apptStaff.visit.wrongStatus', { status: t(`apptStaff.status.${booking.status}`) });
      return problem(request, reply, 409, t('apptStaff.visit.refused', { reference: booking.reference }), text, [{ href: back, text: t('apptStaff.back') }]);
    });
  }

  function notConfirmed(request: FastifyRequest, reply: FastifyReply, booking: BookingFile) {
    const t = request.t;
    return problem(request, reply, 409, t('apptStaff.booking.notActive', { reference: booking.reference }), t('apptStaff.booking.noActions', { status: t(`apptStaff.status.${booking.status}`) }), [{ href: bookingPath(booking.id), text: t('apptStaff.back') }]);
  }

  function renderCancel(request: FastifyRequest, reply: FastifyReply, booking: BookingFile, message = '', errors: FieldError[] = []) {
    const t = request.t;
    return reply.page({
      title: titled(t, t('apptStaff.cancel.title', { reference: booking.reference }), errors),
      status: errors.length ? 422 : 200,
      breadcrumbs: trail(t, locationCrumb(booking.location), { label: booking.reference, href: bookingPath(booking.id) }, { label: t('apptStaff.booking.cancel') }),
      body: CancelPage({ t, locale: request.locale, booking, csrfToken: reply.csrfToken(), message, errors }),
    });
  }

  app.get<IdParams>('/termine/buchung/:id/absagen', { schema: { params: idParams } }, async (request, reply) => {
    const booking = await fileOf(request, request.params.id);
    if (!booking) return reply.errorPage(404, '404');
    if (booking.status !== 'confirmed') return notConfirmed(request, reply, booking);
    return renderCancel(request, reply, booking);
  });

  app.post<IdParams>('/termine/buchung/:id/absagen', { schema: { params: idParams } }, async (request, reply) => {
    const t = request.t;
    const booking = await fileOf(request, request.params.id);
    if (!booking) return reply.errorPage(404, '404');
    const form = cancelForm.safeParse(formValues(request.body));
    if (!form.success) return reply.errorPage(400, '400');
    const message = form.data.nachricht.trim();
    if (booking.status !== 'confirmed') return notConfirmed(request, reply, booking);
    if (message.length > CANCEL_MESSAGE_MAX) return renderCancel(request, reply, booking, message, [{ field: 'nachricht', message: t('apptStaff.cancel.tooLong', { max: CANCEL_MESSAGE_MAX }) }]);
    const result = await engine.cancel(booking.location.tenantId, booking.id, { kind: 'staff', actor: staffOf(request), reason: message || null });
    if (!result.ok) {
      if (result.reason === 'not-found') return reply.errorPage(404, '404');
      return notConfirmed(request, reply, (await fileOf(request, booking.id)) ?? booking);
    }
    reply.flash('success', t(booking.email ? 'apptStaff.cancel.doneMailed' : 'apptStaff.cancel.done', { reference: booking.reference }));
    return reply.redirect(bookingPath(booking.id), 303);
  });

  /** The last day staff may book or move to (the Standort's horizon; from today on). */
  const lastDay = (location: Location): string => bookingWindow(location, today()).last;

  /** A day whose times can be listed: the one asked for, or the nearest in the window (today when it is no day). */
  function clampDay(day: string, location: Location): string {
    if (!isIsoDay(day) || day < today()) return today();
    return day > lastDay(location) ? lastDay(location) : day;
  }

  async function startsFor(location: Location, visit: Visit, contingent: 'online' | 'phone' | 'internal', day: string): Promise<StartTime[]> {
    return availableStarts(services.db, { location, bundesland: await bundeslandOf(services, location.tenantId), visit, contingent, from: day, to: day, now: services.now() });
  }

  async function renderMove(request: FastifyRequest, reply: FastifyReply, booking: BookingFile, day: string, errors: FieldError[] = [], status = 200) {
    const t = request.t;
    const visit: Visit = { lines: [], minutes: booking.slots * booking.location.slotMinutes, slots: booking.slots, variants: [booking.variant] };
    const shownDay = clampDay(day, booking.location);
    const starts = await startsFor(booking.location, visit, booking.contingent, shownDay);
    return reply.page({
      title: titled(t, t('apptStaff.move.title', { reference: booking.reference }), errors),
      status: errors.length ? status : 200,
      breadcrumbs: trail(t, locationCrumb(booking.location), { label: booking.reference, href: bookingPath(booking.id) }, { label: t('apptStaff.booking.move') }),
      body: MovePage({ t, locale: request.locale, booking, csrfToken: reply.csrfToken(), day, shownDay, today: today(), lastDay: lastDay(booking.location), starts, errors }),
    });
  }

  app.get<IdParams & { Querystring: z.infer<typeof dayQuery> }>('/termine/buchung/:id/verlegen', { schema: { params: idParams, querystring: dayQuery } }, async (request, reply) => {
    const booking = await fileOf(request, request.params.id);
    if (!booking) return reply.errorPage(404, '404');
    if (booking.status !== 'confirmed') return notConfirmed(request, reply, booking);
    const own = berlinDay(booking.startsAt);
    const day = request.query.tag.trim() || (own >= today() ? own : today());
    const dayError = checkDay(request.t, day, today(), lastDay(booking.location));
    return renderMove(request, reply, booking, day, dayError ? [dayError] : [], 422);
  });

  app.post<IdParams>('/termine/buchung/:id/verlegen', { schema: { params: idParams } }, async (request, reply) => {
    const t = request.t;
    const booking = await fileOf(request, request.params.id);
    if (!booking) return reply.errorPage(404, '404');
    const form = moveForm.safeParse(formValues(request.body));
    if (!form.success) return reply.errorPage(400, '400');
    if (booking.status !== 'confirmed') return notConfirmed(request, reply, booking);
    const { tag: day, zeit: time } = form.data;
    const dayError = checkDay(t, day, today(), lastDay(booking.location));
    if (dayError) return renderMove(request, reply, booking, day, [dayError], 422);
    const startsAt = /^\d{2}:\d{2}$/.test(time) ? berlinInstant(day, time) : null;
    if (!startsAt) return renderMove(request, reply, booking, day, [{ field: 'zeit', message: t('apptStaff.error.time') }], 422);
    const result = await engine.reschedule(request.tenant, booking.id, booking.location, startsAt, { kind: 'staff', actor: staffOf(request) });
    if (result.ok) {
      reply.flash('success', t(booking.email ? 'apptStaff.move.doneMailed' : 'apptStaff.move.done', { reference: booking.reference, when: `${formatIsoDay(day, request.locale)}, ${formatClock(startsAt, request.locale)}` }));
      return reply.redirect(bookingPath(booking.id), 303);
    }
    if (result.reason === 'not-found') return notConfirmed(request, reply, (await fileOf(request, booking.id)) ?? booking);
    return renderMove(request, reply, booking, day, [{ field: 'zeit', message: t(result.reason === 'taken' ? 'apptStaff.error.taken' : 'apptStaff.error.notBookable') }], 409);
  });

  // ------------------------------------------------------------ book on behalf

  async function bookableLocation(request: FastifyRequest, reply: FastifyReply, slugValue: string): Promise<Location | null> {
    const t = request.t;
    const location = await locationOf(request, slugValue);
    if (!location) {
      await reply.errorPage(404, '404');
      return null;
    }
    const active = location.active ? await managedLocation(services, staffOf(request), location.slug, { bookable: true }) : null;
    if (!active) {
      await problem(request, reply, 409, t('apptStaff.book.inactiveTitle'), t('apptStaff.book.inactive', { location: location.name }), [{ href: dayPath(location.slug, today()), text: t('apptStaff.nav.day') }]);
      return null;
    }
    return active;
  }

  interface Checked {
    visit: Visit;
    way: Way;
    variant: ApptVariant;
    startsAt: Date;
    locale: 'de' | 'en';
  }

  /**
   * Checks the answers of the steps up to `upTo`. The first step with a
   * problem is returned with its errors; with none, the parsed answers.
   */
  async function evaluate(t: Translate, location: Location, draft: Draft, upTo: Step): Promise<{ ok: true; checked: Partial<Checked> } | { ok: false; step: Step; errors: FieldError[] }> {
    const answers = checkServices(t, location, draft);
    if (!answers.ok) return { ok: false, step: 'anliegen', errors: answers.errors };
    const checked: Partial<Checked> = { visit: answers.visit, way: answers.way, variant: answers.variant };
    if (upTo === 'anliegen') return { ok: true, checked };
    const dayError = checkDay(t, draft.day, today(), lastDay(location));
    if (dayError) return { ok: false, step: 'zeit', errors: [dayError] };
    if (!draft.time) return { ok: false, step: 'zeit', errors: [{ field: 'zeit', message: t('apptStaff.error.timeMissing') }] };
    const free = await startsFor(location, answers.visit, channelOf(answers.way), draft.day);
    const start = free.find((s) => s.time === draft.time);
    if (!start) return { ok: false, step: 'zeit', errors: [{ field: 'zeit', message: t('apptStaff.error.taken') }] };
    checked.startsAt = start.startsAt;
    if (upTo === 'zeit') return { ok: true, checked };
    const person = checkPerson(t, draft);
    if (!person.ok) return { ok: false, step: 'person', errors: person.errors };
    checked.locale = person.locale;
    return { ok: true, checked };
  }

  async function showStep(request: FastifyRequest, reply: FastifyReply, location: Location, draft: Draft, step: Step, errors: FieldError[] = [], status = 200) {
    const t = request.t;
    const locale = request.locale;
    const csrfToken = reply.csrfToken();
    const common = { t, locale, location, draft, csrfToken, errors };
    let body: JSX.Element;
    let title: string;
    if (step === 'anliegen') {
      title = t('apptStaff.book.services.title');
      body = ServicesStep({ ...common, variants: offeredVariants(location) });
    } else if (step === 'person') {
      title = t('apptStaff.book.person.title');
      body = PersonStep({ ...common, limit: await services.tenants.getSetting<number>(location.tenantId, 'appointments.maxActivePerPerson') });
    } else {
      const parts = checkServices(t, location, draft);
      if (!parts.ok) return showStep(request, reply, location, draft, 'anliegen', parts.errors, 422);
      if (step === 'zeit') {
        title = t('apptStaff.book.time.title');
        const shownDay = clampDay(draft.day, location);
        const starts = await startsFor(location, parts.visit, channelOf(parts.way), shownDay);
        body = TimeStep({ ...common, visit: parts.visit, way: parts.way, shownDay, starts, today: today(), lastDay: lastDay(location) });
      } else {
        const all = await evaluate(t, location, draft, 'person');
        if (!all.ok) return showStep(request, reply, location, draft, all.step, all.errors, 422);
        const startsAt = all.checked.startsAt as Date;
        title = t('apptStaff.book.check.title');
        body = CheckStep({ ...common, visit: parts.visit, way: parts.way, variant: parts.variant, startsAt, endsAt: new Date(startsAt.getTime() + parts.visit.slots * location.slotMinutes * 60_000) });
      }
    }
    return reply.page({
      title: titled(t, `${title} – ${t('apptStaff.nav.book')}`, errors),
      status: errors.length ? status : 200,
      breadcrumbs: trail(t, locationCrumb(location), { label: t('apptStaff.nav.book') }),
      body,
    });
  }

  app.get<LocationParams>('/termine/:location/buchen', { schema: { params: locationParams } }, async (request, reply) => {
    const location = await bookableLocation(request, reply, request.params.location);
    if (!location) return reply;
    return showStep(request, reply, location, emptyDraft(today()), 'anliegen');
  });

  app.post<LocationParams>('/termine/:location/buchen', { schema: { params: locationParams } }, async (request, reply) => {
    const t = request.t;
    const location = await bookableLocation(request, reply, request.params.location);
    if (!location) return reply;
    const journey = readJourney(formValues(request.body));
    if (!journey) return reply.errorPage(400, '400');
    const { draft, step, action } = journey;
    const index = STEPS.indexOf(step);

    if (action.kind === 'back') return showStep(request, reply, location, draft, STEPS[Math.max(0, index - 1)] as Step);
    if (action.kind === 'change') return showStep(request, reply, location, draft, action.step);
    if (action.kind === 'day') {
      const day = action.day ?? draft.day;
      const moved = { ...draft, day, time: '' };
      const dayError = checkDay(t, day, today(), lastDay(location));
      return showStep(request, reply, location, moved, 'zeit', dayError ? [dayError] : [], 422);
    }
    if (action.kind === 'next') {
      const upTo = step === 'pruefen' ? 'person' : step;
      const result = await evaluate(t, location, draft, upTo);
      if (!result.ok) return showStep(request, reply, location, draft, result.step, result.errors, 422);
      // Onwards to the first step still unanswered; after a change from the check page that is the check page again.
      const rest = await evaluate(t, location, draft, 'person');
      return showStep(request, reply, location, draft, rest.ok ? 'pruefen' : rest.step);
    }
    // The same form sent twice (a second click, or two at once): whatever fails after the first one booked, show that booking.
    const bookedBefore = async () => {
      const id = await bookedWithKey(services, location, draft.key);
      return id ? reply.redirect(`${bookingPath(id)}/gebucht`, 303) : null;
    };
    const earlier = await bookedBefore();
    if (earlier) return earlier;
    const result = await evaluate(t, location, draft, 'person');
    if (!result.ok) return (await bookedBefore()) ?? showStep(request, reply, location, draft, result.step, result.errors, 422);
    const c = result.checked as Checked;
    let outcome: Awaited<ReturnType<typeof engine.bookOnBehalf>>;
    try {
      outcome = await engine.bookOnBehalf(staffOf(request), {
        location,
        visit: c.visit,
        variant: c.variant,
        startsAt: c.startsAt,
        channel: channelOf(c.way),
        name: draft.name,
        email: draft.email || null,
        phone: draft.phone || null,
        note: draft.note || null,
        reminder: draft.reminder,
        locale: c.locale,
        overrideLimit: draft.override,
        idempotencyKey: draft.key,
      });
    } catch (error) {
      // Two sends at the same moment race on the idempotency key's unique index, which bookOnBehalf does not catch.
      if ((error as { constraint?: string }).constraint !== 'appt_bookings_tenant_id_idempotency_key_key') throw error;
      return (await bookedBefore()) ?? reply.errorPage(409, '400');
    }
    if (outcome.ok) return reply.redirect(`${bookingPath(outcome.id)}/gebucht`, 303);
    const twin = await bookedBefore();
    if (twin) return twin;
    if (outcome.reason === 'limit') {
      const limit = await services.tenants.getSetting<number>(location.tenantId, 'appointments.maxActivePerPerson');
      return showStep(request, reply, location, draft, 'person', [{ field: 'obergrenze', message: t('apptStaff.book.error.limit', { limit }) }], 409);
    }
    if (outcome.reason === 'variant') return showStep(request, reply, location, draft, 'anliegen', [{ field: 'art', message: t('apptStaff.book.error.variant') }], 422);
    return showStep(request, reply, location, { ...draft, time: '' }, 'zeit', [{ field: 'zeit', message: t(outcome.reason === 'taken' ? 'apptStaff.error.taken' : 'apptStaff.error.notBookable') }], 409);
  });

  app.get<IdParams>('/termine/buchung/:id/gebucht', { schema: { params: idParams } }, async (request, reply) => {
    const t = request.t;
    const booking = await fileOf(request, request.params.id);
    if (!booking) return reply.errorPage(404, '404');
    return reply.page({
      title: t('apptStaff.book.done.title'),
      breadcrumbs: trail(t, locationCrumb(booking.location), { label: booking.reference }),
      body: BookedPage({ t, locale: request.locale, reference: booking.reference, id: booking.id, startsAt: booking.startsAt, location: booking.location, name: booking.name ?? '', mailed: Boolean(booking.email) }),
    });
  });

  // ------------------------------------------------------------ close a day

  function renderCloseForm(request: FastifyRequest, reply: FastifyReply, location: Location, day: string, reason: string, errors: FieldError[] = []) {
    const t = request.t;
    return reply.page({
      title: titled(t, t('apptStaff.close.title', { location: location.name }), errors),
      status: errors.length ? 422 : 200,
      breadcrumbs: trail(t, locationCrumb(location), { label: t('apptStaff.nav.close') }),
      body: CloseForm({ t, location, csrfToken: reply.csrfToken(), day, reason, today: today(), errors }),
    });
  }

  app.get<LocationParams>('/termine/:location/schliessen', { schema: { params: locationParams } }, async (request, reply) => {
    const location = await locationOf(request, request.params.location);
    if (!location) return reply.errorPage(404, '404');
    return renderCloseForm(request, reply, location, today(), '');
  });

  app.post<LocationParams>('/termine/:location/schliessen', { schema: { params: locationParams } }, async (request, reply) => {
    const t = request.t;
    const location = await locationOf(request, request.params.location);
    if (!location) return reply.errorPage(404, '404');
    const form = closeForm.safeParse(formValues(request.body));
    if (!form.success) return reply.errorPage(400, '400');
    const day = form.data.tag.trim();
    const reason = form.data.grund.trim();
    if (form.data.aktion === 'aendern') return renderCloseForm(request, reply, location, day, reason);
    const errors: FieldError[] = [];
    if (!isIsoDay(day)) errors.push({ field: 'tag', message: t(day ? 'apptStaff.error.day' : 'apptStaff.error.dayMissing') });
    else if (day < today()) errors.push({ field: 'tag', message: t('apptStaff.close.error.past') });
    if (!reason) errors.push({ field: 'grund', message: t('apptStaff.close.error.reason') });
    else if (reason.length > REASON_MAX) errors.push({ field: 'grund', message: t('apptStaff.close.error.reasonLong', { max: REASON_MAX }) });
    if (errors.length) return renderCloseForm(request, reply, location, day, reason, errors);
    if (form.data.aktion === 'pruefen') {
      return reply.page({
        title: t('apptStaff.close.confirmTitle', { day: formatIsoDay(day, request.locale) }),
        breadcrumbs: trail(t, locationCrumb(location), { label: t('apptStaff.nav.close') }),
        body: CloseConfirm({ t, locale: request.locale, location, csrfToken: reply.csrfToken(), day, reason, affected: await affectedByClosure(services, location, day), alreadyClosed: await closureOf(services, location, day) }),
      });
    }
    const closed = await engine.closeDay(staffOf(request), location, day, reason);
    if (!closed.ok) return renderCloseForm(request, reply, location, day, reason, [{ field: 'tag', message: t('apptStaff.close.error.past') }]);
    const { cancelled } = closed;
    return reply.redirect(`${closePath(location.slug)}/ergebnis?tag=${day}&abgesagt=${cancelled}`, 303);
  });

  app.get<LocationParams & { Querystring: z.infer<typeof closeResultQuery> }>('/termine/:location/schliessen/ergebnis', { schema: { params: locationParams, querystring: closeResultQuery } }, async (request, reply) => {
    const t = request.t;
    const location = await locationOf(request, request.params.location);
    if (!location) return reply.errorPage(404, '404');
    const day = request.query.tag;
    if (!isIsoDay(day)) return badDay(request, reply, location, day);
    return reply.page({
      title: t('apptStaff.close.doneTitle', { day: formatIsoDay(day, request.locale) }),
      breadcrumbs: trail(t, locationCrumb(location), { label: t('apptStaff.nav.close') }),
      body: CloseResult({ t, locale: request.locale, location, day, cancelled: request.query.abgesagt }),
    });
  });

  // ------------------------------------------------------------ statistics

  app.get<{ Querystring: z.infer<typeof statsQuery> }>('/termine/statistik', { schema: { querystring: statsQuery } }, async (request, reply) => {
    const t = request.t;
    const actor = staffOf(request);
    const locations = await visibleLocations(services, actor);
    const q = request.query;
    const values = { standort: q.standort || (locations[0]?.slug ?? ''), von: q.von.trim() || addDays(today(), -30), bis: q.bis.trim() || addDays(today(), 30) };
    const errors: FieldError[] = [];
    const location = values.standort ? await managedLocation(services, actor, values.standort) : null;
    if (values.standort && !location) errors.push({ field: 'standort', message: t('apptStaff.stats.error.location') });
    for (const field of ['von', 'bis'] as const) if (!isIsoDay(values[field])) errors.push({ field, message: t('apptStaff.error.day') });
    if (errors.length === 0 && values.von > values.bis) errors.push({ field: 'bis', message: t('apptStaff.stats.error.order') });
    if (errors.length === 0 && addDays(values.von, STATS_MAX_DAYS) < values.bis) errors.push({ field: 'bis', message: t('apptStaff.stats.error.long', { days: STATS_MAX_DAYS }) });
    const figures = errors.length === 0 && location ? await appointmentFigures(services, location, values.von, values.bis) : null;
    return reply.page({
      title: titled(t, t('apptStaff.stats.title'), errors),
      status: errors.length ? 422 : 200,
      breadcrumbs: trail(t, { label: t('apptStaff.stats.title') }),
      body: StatisticsPage({ t, locale: request.locale, locations, location, values, errors, figures }),
    });
  });
}
