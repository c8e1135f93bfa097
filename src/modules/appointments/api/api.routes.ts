/**
 * The public appointment API (/api/v1/appointments) for a town's CMS widget
 * and apps: Standorte with their services, free start times, booking (the
 * citizen confirms by the e-mail link, as on the website), and reading or
 * cancelling one booking with its manage token. No API key: the per-IP rate
 * limits, the tenant's ALTCHA setting, the per-person limit and the e-mail
 * confirmation protect it, as they protect the HTML journey.
 *
 * CORS: every origin may call every endpoint (GET, POST, DELETE), without
 * credentials. That is safe because nothing here rides on ambient authority:
 * no cookie is read, the only secret is the manage token the caller sends
 * itself, so a foreign page can do no more than any HTTP client could.
 *
 * Every outcome of the engine maps to a 2xx or 4xx; malformed input is a 400
 * naming its fields (errors.ts). Personal data travels only in bodies and
 * the Authorization header, never in URLs, and is not logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApptVariant } from '../../../core/db/tables.ts';
import type { Services } from '../../../core/services.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import type { StartTime } from '../model/schedule.ts';
import { berlinDay } from '../../../core/time/berlin.ts';
import { appointmentReadsOf, appointmentsOf } from '../booking/instance.ts';
import { bookingWindow, findLocation, parseVisitParam, visitOf, type Location, type Visit, type VisitProblem } from '../booking/locations.ts';
import { BEARER, IDEMPOTENCY_KEY, bookingBody, bookingParams, parseWith, slotsQuery } from './api.schema.ts';
import { createApiBooking } from './book-via-api.ts';
import { sendApiError, type AlternativeStart, type FieldError } from './errors.ts';
import { isDatabaseUnavailable, OverloadedError, RETRY_AFTER_SECONDS } from '../../../core/http/load-shedding.ts';

const MINUTE = 60_000;
/** Free times offered with a 409 `slot-taken`. */
const ALTERNATIVES = 5;

/** Per client IP, counted in PostgreSQL so that all instances share them. */
const limits = {
  read: { rateLimit: { max: 120, timeWindow: '1 minute' } },
  challenge: { rateLimit: { max: 30, timeWindow: '1 minute' } },
  book: { rateLimit: { max: 20, timeWindow: '10 minutes' } },
  manage: { rateLimit: { max: 60, timeWindow: '1 minute' } },
};

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'location, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset',
  // Helmet's default (same-origin) would stop other sites' widgets from reading the answers.
  'cross-origin-resource-policy': 'cross-origin',
};

const visitField = (problem: VisitProblem): FieldError => ({ field: 'services', message: problem === 'none-chosen' ? 'none-chosen' : problem === 'too-many' ? 'too-many' : 'unknown-service' });

/** Video appointments only where the tenant has a video server, as on the website. */
const offered = (variants: readonly ApptVariant[], video: boolean): ApptVariant[] => variants.filter((v) => v !== 'video' || video);

/** The variant the client asked for, or the first one the visit allows (on site when possible). */
function chooseVariant(visit: Visit, asked: ApptVariant | null | undefined, video: boolean): ApptVariant | null {
  const variants = offered(visit.variants, video);
  const variant = asked ?? (variants.includes('onsite') ? 'onsite' : variants[0]);
  return variant && variants.includes(variant) ? variant : null;
}

function publicLocation(l: Location, video: boolean) {
  return {
    id: l.id,
    slug: l.slug,
    name: l.name,
    address: l.address,
    slotMinutes: l.slotMinutes,
    bookFromDays: l.bookFromDays,
    bookUntilDays: l.bookUntilDays,
    services: l.services.map((s) => ({ id: s.id, slug: s.slug, title: s.title, minutes: s.minutes, maxQuantity: s.maxQuantity, variants: offered(s.variants, video) })).filter((s) => s.variants.length > 0),
  };
}

export async function appointmentApiRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (api) => routes(api, services), { prefix: '/v1/appointments' });
}

function routes(api: FastifyInstance, services: Services): void {
  const { db } = services;
  const appointments = appointmentsOf(services);
  // Standorte, settings and free times from the module's read cache (read-model.ts): a storm of reads and losing attempts stays off the database.
  const read = appointmentReadsOf(services);
  const bookViaApi = createApiBooking(services);
  const captchaOn = (tenantId: string): Promise<boolean> => read.setting<boolean>(tenantId, 'appointments.captcha');
  const videoOn = async (tenantId: string): Promise<boolean> => (await read.setting<string>(tenantId, 'appointments.videoBaseUrl')) !== '';

  /**
   * The other free start times of the same day for this visit, earliest
   * first (offered with a 409): as the engine read them when it refused the
   * time, else from the calendar's cache.
   */
  async function alternatives(tenant: { bundesland: string }, location: Location, visit: Visit, taken: Date, known?: StartTime[]): Promise<AlternativeStart[]> {
    const day = berlinDay(taken);
    const starts = known ?? (await read.starts({ location, bundesland: tenant.bundesland as Bundesland, visit, contingent: 'online', from: day, to: day, now: services.now() }));
    const length = visit.slots * location.slotMinutes * MINUTE;
    return starts
      .filter((s) => s.startsAt.getTime() !== taken.getTime())
      .slice(0, ALTERNATIVES)
      .map((s) => ({ start: s.startsAt.toISOString(), end: new Date(s.startsAt.getTime() + length).toISOString(), free: s.free }));
  }

  api.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(CORS_HEADERS);
    return payload;
  });

  api.setNotFoundHandler(async (_request, reply) => sendApiError(reply, 404, 'route-not-found'));

  api.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429) return sendApiError(reply, 429, 'rate-limited');
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendApiError(reply, 400, 'invalid-json');
    if (status === 415) return sendApiError(reply, 415, 'unsupported-media-type');
    if (status === 413) return sendApiError(reply, 413, 'payload-too-large');
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, status }, 'client error');
      return sendApiError(reply, 400, 'invalid-request');
    }
    if (isDatabaseUnavailable(error)) {
      // A database restart or an exhausted pool: "come back shortly", as on every other route (core/http/load-shedding.ts).
      if (!(error instanceof OverloadedError)) request.log.warn({ errorName: error.name, code: error.code }, 'appointment API: database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendApiError(reply, 503, 'unavailable');
    }
    // Not the whole error: a PostgreSQL error's `detail` can quote the row, i.e. the citizen's name and e-mail.
    request.log.error({ errorName: error.name, code: error.code, constraint: (error as { constraint?: string }).constraint, stack: error.stack }, 'unhandled error in the appointment API');
    return sendApiError(reply, 500, 'internal');
  });

  // CORS preflight for POST with JSON and for the Authorization header.
  api.options('/*', async (_request, reply) =>
    reply
      .code(204)
      .headers({ 'access-control-allow-methods': 'GET, POST, DELETE', 'access-control-allow-headers': 'authorization, content-type, idempotency-key, accept-language', 'access-control-max-age': '600' })
      .send(),
  );

  api.get('/locations', { config: { csrf: false, ...limits.read } }, async (request, reply) => {
    const locations = await read.locations(request.tenant.id);
    const video = await videoOn(request.tenant.id);
    return reply.header('cache-control', 'public, max-age=60').send({ captchaRequired: await captchaOn(request.tenant.id), locations: locations.map((l) => publicLocation(l, video)) });
  });

  api.get('/slots', { config: { csrf: false, ...limits.read } }, async (request, reply) => {
    const parsed = parseWith(slotsQuery, request.query);
    if (!parsed.ok) return sendApiError(reply, 400, 'invalid-request', parsed.fields);
    const q = parsed.data;
    const location = await read.location(request.tenant.id, q.location);
    if (!location) return sendApiError(reply, 404, 'location-not-found');
    const lines = parseVisitParam(q.services);
    if (!lines) return sendApiError(reply, 400, 'invalid-request', [{ field: 'services', message: 'services' }]);
    const chosen = visitOf(location, lines);
    if (!chosen.ok) return sendApiError(reply, 400, 'invalid-request', [visitField(chosen.problem)]);
    const { visit } = chosen;
    if (q.variant && !chooseVariant(visit, q.variant, await videoOn(request.tenant.id))) return sendApiError(reply, 400, 'variant-not-offered', [{ field: 'variant', message: 'invalid' }]);
    const now = services.now();
    const window = bookingWindow(location, berlinDay(now));
    const from = q.from > window.first ? q.from : window.first;
    const to = q.to < window.last ? q.to : window.last;
    const askedAt = performance.now() - reply.elapsedTime;
    const starts = from <= to ? await read.starts({ location, bundesland: request.tenant.bundesland as Bundesland, visit, contingent: 'online', from, to, now, askedAt }) : [];
    const length = visit.slots * location.slotMinutes * MINUTE;
    return reply.send({
      location: { id: location.id, slug: location.slug, name: location.name },
      minutes: visit.minutes,
      window,
      from,
      to,
      slots: starts.map((s) => ({ start: s.startsAt.toISOString(), end: new Date(s.startsAt.getTime() + length).toISOString(), free: s.free })),
    });
  });

  api.get('/challenge', { config: { csrf: false, ...limits.challenge } }, async (request, reply) => {
    if (!(await captchaOn(request.tenant.id))) return sendApiError(reply, 404, 'captcha-disabled');
    return reply.send(await services.antibot.challenge());
  });

  api.post('/bookings', { config: { csrf: false, ...limits.book } }, async (request, reply) => {
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) return sendApiError(reply, 415, 'unsupported-media-type');
    const parsed = parseWith(bookingBody, request.body);
    if (!parsed.ok) return sendApiError(reply, 400, 'invalid-request', parsed.fields);
    const body = parsed.data;
    const keyHeader = request.headers['idempotency-key'];
    if (keyHeader !== undefined && (typeof keyHeader !== 'string' || !IDEMPOTENCY_KEY.test(keyHeader))) {
      return sendApiError(reply, 400, 'invalid-request', [{ field: 'Idempotency-Key', message: 'idempotency-key' }]);
    }
    const tenant = request.tenant;
    const location = await read.location(tenant.id, body.location);
    if (!location) return sendApiError(reply, 404, 'location-not-found');
    const chosen = visitOf(
      location,
      body.services.map((s) => ({ serviceId: s.id, quantity: s.count })),
    );
    if (!chosen.ok) return sendApiError(reply, 400, 'invalid-request', [visitField(chosen.problem)]);
    const variant = chooseVariant(chosen.visit, body.variant, await videoOn(tenant.id));
    if (!variant) return sendApiError(reply, 400, 'variant-not-offered', [{ field: 'variant', message: 'invalid' }]);
    // The office calls back for a phone appointment, as on the website.
    if (variant === 'phone' && !body.phone) return sendApiError(reply, 400, 'invalid-request', [{ field: 'phone', message: 'required' }]);

    const outcome = await bookViaApi({
      tenant,
      location,
      visit: chosen.visit,
      variant,
      startsAt: new Date(body.start),
      details: { name: body.name, email: body.email, phone: body.phone || null, note: body.note || null, reminder: body.reminder ?? false, locale: body.locale ?? 'de' },
      idempotencyKey: keyHeader ?? null,
      captchaRequired: await captchaOn(tenant.id),
      verifyHuman: async () => (await services.antibot.verify(body.altcha)) === 'verified',
    });
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'captcha':
          return sendApiError(reply, 403, 'captcha-required', [{ field: 'altcha', message: body.altcha ? 'invalid' : 'required' }]);
        case 'taken':
          return sendApiError(reply, 409, 'slot-taken', [], { alternatives: await alternatives(tenant, location, chosen.visit, new Date(body.start), outcome.alternatives) });
        case 'not-bookable':
          return sendApiError(reply, 422, 'not-bookable', [{ field: 'start', message: 'invalid' }]);
        case 'variant':
          return sendApiError(reply, 400, 'variant-not-offered', [{ field: 'variant', message: 'invalid' }]);
        case 'limit':
          return sendApiError(reply, 422, 'limit-reached', [{ field: 'email', message: 'invalid' }]);
        case 'key-reused':
          return sendApiError(reply, 409, 'idempotency-key-reused');
        case 'try-again':
          return sendApiError(reply, 409, 'try-again');
      }
    }
    const bookingUrl = `/api/v1/appointments/bookings/${outcome.bookingId}`;
    if (outcome.created) {
      const b = outcome.booking;
      return reply
        .code(201)
        .header('location', bookingUrl)
        .send({ id: outcome.bookingId, reference: b.reference, status: 'pending', start: b.startsAt.toISOString(), end: b.endsAt.toISOString(), confirmBy: b.confirmBy.toISOString(), manageToken: b.manageToken });
    }
    // A repeat: the earlier request's booking as it is now.
    const row = await db
      .selectFrom('appt_bookings')
      .select(['id', 'reference', 'status', 'starts_at', 'ends_at', 'confirm_expires_at', 'token_salt'])
      .where('tenant_id', '=', tenant.id)
      .where('id', '=', outcome.bookingId)
      .executeTakeFirstOrThrow();
    return reply
      .code(200)
      .header('location', bookingUrl)
      .send({
        id: row.id,
        reference: row.reference,
        status: row.status,
        start: row.starts_at.toISOString(),
        end: row.ends_at.toISOString(),
        confirmBy: row.confirm_expires_at?.toISOString() ?? null,
        manageToken: appointments.tokensOf(row).manage,
      });
  });

  /** The booking the Authorization header's manage token opens, if it is the one in the path; else the reply is sent. */
  async function authorized(request: FastifyRequest, reply: FastifyReply) {
    const params = parseWith(bookingParams, request.params);
    if (!params.ok) {
      await sendApiError(reply, 404, 'not-found');
      return null;
    }
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) {
      reply.header('www-authenticate', 'Bearer realm="appointments"');
      await sendApiError(reply, 401, 'unauthorized');
      return null;
    }
    const row = await appointments.byManageToken(request.tenant.id, token);
    if (!row || row.id !== params.data.id.toLowerCase()) {
      await sendApiError(reply, 404, 'not-found');
      return null;
    }
    return row;
  }

  async function bookingView(tenantId: string, row: NonNullable<Awaited<ReturnType<typeof appointments.byManageToken>>>) {
    const location = await findLocation(db, tenantId, row.location_id, { includeInactive: true });
    const lines = await appointments.serviceLines(tenantId, row.id);
    const cancelUntilHours = location?.cancelUntilHours ?? 0;
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      start: row.starts_at.toISOString(),
      end: row.ends_at.toISOString(),
      confirmBy: row.status === 'pending' ? (row.confirm_expires_at?.toISOString() ?? null) : null,
      cancellableUntil: row.status === 'confirmed' ? new Date(row.starts_at.getTime() - cancelUntilHours * 60 * MINUTE).toISOString() : null,
      variant: row.variant,
      location: location ? { id: location.id, slug: location.slug, name: location.name, address: location.address } : null,
      services: lines.map((l) => ({ id: l.service_id, title: l.title, count: l.quantity, minutes: l.minutes })),
      name: row.name,
      email: row.email,
    };
  }

  api.get('/bookings/:id', { config: { csrf: false, ...limits.manage } }, async (request, reply) => {
    const row = await authorized(request, reply);
    if (!row) return reply;
    return reply.send(await bookingView(request.tenant.id, row));
  });

  async function cancelAsCitizen(request: FastifyRequest, reply: FastifyReply): Promise<{ id: string } | null> {
    const row = await authorized(request, reply);
    if (!row) return null;
    const result = await appointments.cancel(request.tenant.id, row.id, { kind: 'citizen' });
    if (result.ok) return { id: row.id };
    await sendApiError(reply, result.reason === 'not-found' ? 404 : 409, result.reason);
    return null;
  }

  api.delete('/bookings/:id', { config: { csrf: false, ...limits.manage } }, async (request, reply) => {
    const done = await cancelAsCitizen(request, reply);
    return done ? reply.code(204).send() : reply;
  });

  // For clients that cannot send DELETE (some CMS proxies); answers with the cancelled booking.
  api.post('/bookings/:id/cancel', { config: { csrf: false, ...limits.manage } }, async (request, reply) => {
    const done = await cancelAsCitizen(request, reply);
    if (!done) return reply;
    const row = await appointments.byManageToken(request.tenant.id, BEARER.exec(request.headers.authorization ?? '')?.[1] ?? '');
    return row ? reply.send(await bookingView(request.tenant.id, row)) : sendApiError(reply, 404, 'not-found');
  });
}
