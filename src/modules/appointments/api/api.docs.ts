/**
 * The OpenAPI description of the public appointment API (merged into
 * /api/openapi.json through the module manifest's `apiDocs`).
 */
import type { OpenApiContribution } from '../../../core/http/openapi.ts';
import { MAX_SLOT_DAYS } from './api.schema.ts';
import { errorCatalog } from './errors.ts';

const TAG = 'Termine';
const json = (schema: unknown, example?: unknown) => ({ 'application/json': { schema, ...(example === undefined ? {} : { example }) } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

type Alternative = { start: string; end: string; free: number };

const error = (description: string, code: string, message: string, fields?: { field: string; code: string; message: string }[], alternatives?: Alternative[]) => ({
  description,
  content: json(ref('AppointmentApiError'), { error: { status: Number(description.slice(0, 3)), code, message, requestId: '0b9f3c2e-5d1a-4c8e-9f7b-2a6d8e1c4b3a', ...(fields ? { fields } : {}), ...(alternatives ? { alternatives } : {}) } }),
});

const rateLimited = error('429 Too many requests from this IP address; see the Retry-After header', 'rate-limited', 'Too many requests. Please wait a moment.');
const invalid = (fields: { field: string; code: string; message: string }[]) => error('400 Malformed request: the fields that are wrong are listed', 'invalid-request', 'The request is incomplete or malformed.', fields);
const manageToken = {
  name: 'Authorization',
  in: 'header',
  required: true,
  description: 'Bearer <manageToken>: the secret `manageToken` returned when the booking was made (also part of the manage link in the citizen’s e-mails). Whoever holds it can read and cancel the booking: keep it like a password, send it only in this header, never in a URL.',
  schema: { type: 'string', pattern: '^Bearer [A-Za-z0-9_-]{32}$' },
};
const bookingId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const EXAMPLE_LOCATION = '3f2b8c1e-7a4d-4e2f-9b6a-1c5d8e7f0a21';
const EXAMPLE_SERVICE = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

export const appointmentApiDocs: OpenApiContribution = {
  tags: [
    {
      name: TAG,
      description: [
        'Terminbuchung for a municipality’s website widget or app. Public: no API key. Every request addresses one municipality through the host name.',
        '',
        '**Flow:** `GET /locations` → `GET /slots` → (when `captchaRequired`: `GET /challenge`, solve it) → `POST /bookings`. The booking is `pending` until the citizen clicks the link in the confirmation e-mail; unconfirmed bookings expire (`confirmBy`). `GET`/`DELETE /bookings/{id}` with the returned `manageToken` show and cancel it.',
        '',
        '**CORS:** every origin may call every endpoint (GET, POST, DELETE) without credentials; no cookies are used, so a page on another site can do nothing an ordinary HTTP client could not.',
        '',
        '**Limits:** per client IP address: 120 reads per minute for locations and slots, 30 challenges per minute, 20 booking attempts per 10 minutes, 60 manage requests per minute (429 with Retry-After). A proxy that forwards many citizens should pass their addresses in X-Forwarded-For to an installation configured with TRUST_PROXY=true. One e-mail address may hold at most the municipality’s limit of upcoming appointments (422 `limit-reached`).',
        '',
        '**Idempotency:** send an `Idempotency-Key` header (a random UUID per booking attempt) with `POST /bookings`. Repeating the same request with the same key returns the booking the first one made (200) instead of booking again, also when the first answer was lost. The key is bound to the request’s content: the same key with other data is a different request.',
        '',
        `**Errors** have the shape \`{ "error": { status, code, message, requestId, fields?, alternatives? } }\`; a 409 \`slot-taken\` lists in \`alternatives\` other free times of the same day for the same visit (as \`GET /slots\` would), so a client can offer or try one without asking again; \`message\` is German when Accept-Language prefers German, English otherwise. Codes: ${errorCatalog()
          .map((e) => `\`${e.code}\``)
          .join(', ')}.`,
      ].join('\n'),
    },
  ],
  schemas: {
    AppointmentApiError: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['status', 'code', 'message', 'requestId'],
          properties: {
            status: { type: 'integer' },
            code: { type: 'string', enum: errorCatalog().map((e) => e.code) },
            message: { type: 'string', description: 'For people: German or English after Accept-Language' },
            requestId: { type: 'string' },
            fields: {
              type: 'array',
              description: 'Validation errors per field (dotted path into the body or query, e.g. `services.0.count`)',
              items: { type: 'object', required: ['field', 'code', 'message'], properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
            },
            alternatives: {
              type: 'array',
              maxItems: 5,
              description:
                'Only with 409 `slot-taken`: up to five other free start times of the same day for the same visit, earliest first, as `GET /slots` lists them (empty when the day is fully booked). Like the slot list it is a snapshot at most about a second old: booking one can still be answered with 409.',
              items: {
                type: 'object',
                required: ['start', 'end', 'free'],
                properties: { start: { type: 'string', format: 'date-time', description: 'Send this value as `start` to book' }, end: { type: 'string', format: 'date-time' }, free: { type: 'integer', minimum: 1 } },
              },
            },
          },
        },
      },
    },
    AppointmentService: {
      type: 'object',
      required: ['id', 'slug', 'title', 'minutes', 'maxQuantity', 'variants'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        slug: { type: 'string', examples: ['personalausweis'] },
        title: { type: 'string', examples: ['Personalausweis beantragen'] },
        minutes: { type: 'integer', description: 'Minutes per person' },
        maxQuantity: { type: 'integer', description: 'Persons (or items) one booking may include' },
        variants: { type: 'array', items: { type: 'string', enum: ['onsite', 'phone', 'video'] }, description: 'On site, by phone, by video (video only where the municipality runs a video server)' },
      },
    },
    AppointmentLocation: {
      type: 'object',
      required: ['id', 'slug', 'name', 'address', 'slotMinutes', 'bookFromDays', 'bookUntilDays', 'services'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        slug: { type: 'string', examples: ['buergerbuero'] },
        name: { type: 'string', examples: ['Bürgerbüro im Rathaus'] },
        address: { type: 'string' },
        slotMinutes: { type: 'integer', enum: [5, 10, 15, 20, 30], description: 'Length of one slot of the time grid' },
        bookFromDays: { type: 'integer', description: 'Earliest bookable day, in days from today (Berlin)' },
        bookUntilDays: { type: 'integer', description: 'Latest bookable day, in days from today (Berlin)' },
        services: { type: 'array', items: ref('AppointmentService') },
      },
    },
    AppointmentSlots: {
      type: 'object',
      required: ['location', 'minutes', 'window', 'from', 'to', 'slots'],
      properties: {
        location: { type: 'object', required: ['id', 'slug', 'name'], properties: { id: { type: 'string', format: 'uuid' }, slug: { type: 'string' }, name: { type: 'string' } } },
        minutes: { type: 'integer', description: 'Length of the visit: all services times their counts' },
        window: { type: 'object', required: ['first', 'last'], description: 'The days bookable online today', properties: { first: { type: 'string', format: 'date' }, last: { type: 'string', format: 'date' } } },
        from: { type: 'string', format: 'date', description: 'The asked range, clamped to the window (from > to: nothing bookable in the range)' },
        to: { type: 'string', format: 'date' },
        slots: {
          type: 'array',
          items: {
            type: 'object',
            required: ['start', 'end', 'free'],
            properties: {
              start: { type: 'string', format: 'date-time', description: 'Send this value as `start` to book' },
              end: { type: 'string', format: 'date-time' },
              free: { type: 'integer', minimum: 1, description: 'How many more visits of this length can start here (online contingent)' },
            },
          },
        },
      },
    },
    AppointmentBookingRequest: {
      type: 'object',
      additionalProperties: false,
      required: ['location', 'services', 'start', 'name', 'email', 'termsAccepted'],
      properties: {
        location: { type: 'string', description: 'Location id or slug' },
        services: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          items: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string', format: 'uuid' }, count: { type: 'integer', minimum: 1, maximum: 10, default: 1, description: 'Persons; at most the service’s maxQuantity' } } },
        },
        start: { type: 'string', format: 'date-time', description: 'A `start` from GET /slots (ISO 8601 with offset, seconds included)' },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        email: { type: 'string', format: 'email', maxLength: 254, description: 'The confirmation link goes here; the per-person limit counts by this address' },
        phone: { type: ['string', 'null'], maxLength: 40, pattern: '^[0-9 +()/-]*$', description: 'Required for a phone appointment (the office calls this number)' },
        note: { type: ['string', 'null'], maxLength: 1000, description: 'For the office, e.g. "Ich komme mit Rollstuhl"' },
        termsAccepted: {
          const: true,
          description:
            'Show the citizen, as the website does, that the appointment is personal (passing it on or selling it is not allowed; name and e-mail address cannot be changed after confirmation) and link the municipality’s privacy notice (/datenschutz); send true only when they accepted. It is recorded as consent (with the privacy notice’s version) when the booking is confirmed.',
        },
        variant: { type: ['string', 'null'], enum: ['onsite', 'phone', 'video', null], description: 'Default: onsite when all services allow it, else the first variant they share' },
        reminder: { type: ['boolean', 'null'], default: false, description: 'Send a reminder e-mail before the appointment' },
        locale: { type: ['string', 'null'], enum: ['de', 'en', null], default: 'de', description: 'Language of the e-mails' },
        altcha: { type: ['string', 'null'], description: 'Required when GET /locations says captchaRequired: the solved challenge of GET /challenge as base64 JSON `{ "challenge": { "parameters", "signature" }, "solution": { "counter", "derivedKey" } }` (what the ALTCHA widget and altcha-lib’s solveChallenge produce). Each solution is accepted once.' },
      },
    },
    AppointmentBookingCreated: {
      type: 'object',
      required: ['id', 'reference', 'status', 'start', 'end', 'confirmBy', 'manageToken'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        reference: { type: 'string', examples: ['TB-7K3QX-4'], description: 'Booking number the citizen quotes' },
        status: { type: 'string', enum: ['pending', 'confirmed', 'cancelled', 'expired', 'attended', 'no_show'], description: 'pending for a new booking; a repeated request (same Idempotency-Key) returns the current status' },
        start: { type: 'string', format: 'date-time' },
        end: { type: 'string', format: 'date-time' },
        confirmBy: { type: ['string', 'null'], format: 'date-time', description: 'The citizen must click the e-mail link before this instant, else the booking expires' },
        manageToken: { type: 'string', description: 'Bearer secret for GET/DELETE /bookings/{id}. Store it safely (like a password); it is not shown again.' },
      },
    },
    AppointmentBooking: {
      type: 'object',
      required: ['id', 'reference', 'status', 'start', 'end', 'confirmBy', 'cancellableUntil', 'variant', 'location', 'services', 'name', 'email'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        reference: { type: 'string' },
        status: { type: 'string', enum: ['pending', 'confirmed', 'cancelled', 'expired', 'attended', 'no_show'] },
        start: { type: 'string', format: 'date-time' },
        end: { type: 'string', format: 'date-time' },
        confirmBy: { type: ['string', 'null'], format: 'date-time' },
        cancellableUntil: { type: ['string', 'null'], format: 'date-time', description: 'A confirmed appointment can be cancelled online until then' },
        variant: { type: 'string', enum: ['onsite', 'phone', 'video'] },
        location: { type: ['object', 'null'], properties: { id: { type: 'string', format: 'uuid' }, slug: { type: 'string' }, name: { type: 'string' }, address: { type: 'string' } } },
        services: { type: 'array', items: { type: 'object', required: ['id', 'title', 'count', 'minutes'], properties: { id: { type: 'string', format: 'uuid' }, title: { type: 'string' }, count: { type: 'integer' }, minutes: { type: 'integer' } } } },
        name: { type: ['string', 'null'] },
        email: { type: ['string', 'null'] },
      },
    },
  },
  paths: {
    '/api/v1/appointments/locations': {
      get: {
        tags: [TAG],
        summary: 'Locations (Standorte) with their bookable services',
        security: [],
        responses: {
          '200': {
            description: 'Active locations; `captchaRequired` says whether POST /bookings needs a solved ALTCHA challenge',
            content: json(
              { type: 'object', required: ['captchaRequired', 'locations'], properties: { captchaRequired: { type: 'boolean' }, locations: { type: 'array', items: ref('AppointmentLocation') } } },
              {
                captchaRequired: true,
                locations: [
                  {
                    id: EXAMPLE_LOCATION,
                    slug: 'buergerbuero',
                    name: 'Bürgerbüro im Rathaus',
                    address: 'Marktplatz 1, 32999 Musterstadt',
                    slotMinutes: 10,
                    bookFromDays: 1,
                    bookUntilDays: 60,
                    services: [{ id: EXAMPLE_SERVICE, slug: 'personalausweis', title: 'Personalausweis beantragen', minutes: 20, maxQuantity: 5, variants: ['onsite'] }],
                  },
                ],
              },
            ),
          },
          '429': rateLimited,
        },
      },
    },
    '/api/v1/appointments/slots': {
      get: {
        tags: [TAG],
        summary: 'Free start times for a visit (online contingent)',
        description: `Start times where the whole visit fits, between \`from\` and \`to\` (at most ${MAX_SLOT_DAYS} days per request), clamped to the location's booking window. The list may be up to about a second old (it is answered from a short-lived cache, so that many citizens waiting for a release do not slow down the booking); \`POST /bookings\` decides, and answers 409 with the current alternatives when a time is gone.`,
        security: [],
        parameters: [
          { name: 'location', in: 'query', required: true, schema: { type: 'string' }, description: 'Location id or slug' },
          { name: 'services', in: 'query', required: true, schema: { type: 'string' }, description: 'Comma-separated service ids, each optionally with `:count` (persons), e.g. `<id>:2,<id>`', example: `${EXAMPLE_SERVICE}:2` },
          { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' }, example: '2027-01-12' },
          { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' }, example: '2027-01-18' },
          { name: 'variant', in: 'query', required: false, schema: { type: 'string', enum: ['onsite', 'phone', 'video'] } },
        ],
        responses: {
          '200': {
            description: 'The free start times',
            content: json(ref('AppointmentSlots'), {
              location: { id: EXAMPLE_LOCATION, slug: 'buergerbuero', name: 'Bürgerbüro im Rathaus' },
              minutes: 40,
              window: { first: '2027-01-12', last: '2027-03-12' },
              from: '2027-01-12',
              to: '2027-01-18',
              slots: [{ start: '2027-01-12T07:00:00.000Z', end: '2027-01-12T07:40:00.000Z', free: 2 }],
            }),
          },
          '400': invalid([{ field: 'to', code: 'range', message: 'Invalid range: "to" must not be before "from", and at most 62 days.' }]),
          '404': error('404 No such active location', 'location-not-found', 'No such location (or it offers no online appointments).'),
          '429': rateLimited,
        },
      },
    },
    '/api/v1/appointments/challenge': {
      get: {
        tags: [TAG],
        summary: 'A fresh ALTCHA challenge (proof of work) for POST /bookings',
        description: 'Solve it with the ALTCHA widget or altcha-lib (PBKDF2/SHA-256; about 1–2 s of CPU) and send the result as `altcha`. Valid for 10 minutes, usable once.',
        security: [],
        responses: {
          '200': {
            description: 'A signed challenge',
            content: json({ type: 'object', required: ['parameters', 'signature'], properties: { parameters: { type: 'object', additionalProperties: true }, signature: { type: 'string' } } }),
          },
          '404': error('404 This municipality does not ask for a challenge', 'captcha-disabled', 'This municipality does not require an anti-bot challenge for bookings.'),
          '429': rateLimited,
        },
      },
    },
    '/api/v1/appointments/bookings': {
      post: {
        tags: [TAG],
        summary: 'Book a time (pending until the citizen confirms by e-mail)',
        description: 'Reserves the capacity, stores the details and sends the confirmation e-mail, in one request. Capacity is never sold twice: of several clients racing for the last place, one gets 201 and the others 409.',
        security: [],
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 8, maxLength: 200 }, description: 'A random id per booking attempt (e.g. a UUID); a repeat with the same key and content returns the first booking' }],
        requestBody: {
          required: true,
          content: json(ref('AppointmentBookingRequest'), { location: 'buergerbuero', services: [{ id: EXAMPLE_SERVICE, count: 2 }], start: '2027-01-12T07:00:00.000Z', name: 'Erika Mustermann', email: 'erika@example.org', reminder: true, termsAccepted: true, altcha: 'eyJjaGFsbGVuZ2UiOnsi…' }),
        },
        responses: {
          '201': {
            description: 'Booked; the confirmation e-mail is on its way',
            headers: { Location: { schema: { type: 'string' }, description: 'The booking’s URL (needs the manage token)' } },
            content: json(ref('AppointmentBookingCreated'), { id: '6d0e3a52-8f1b-4c7e-a9d2-5b4f1e8c7a30', reference: 'TB-7K3QX-4', status: 'pending', start: '2027-01-12T07:00:00.000Z', end: '2027-01-12T07:40:00.000Z', confirmBy: '2027-01-11T08:00:00.000Z', manageToken: 'q8Xv0bN2kR5tY7wZ1cE4gH6jL9mP3sA_' }),
          },
          '200': { description: 'A repeat of an earlier request (same Idempotency-Key and content): that booking, in its current status', content: json(ref('AppointmentBookingCreated')) },
          '400': invalid([{ field: 'email', code: 'email', message: 'Not a valid e-mail address.' }]),
          '403': error('403 The municipality asks for a solved ALTCHA challenge and `altcha` is missing, invalid, expired or already used', 'captcha-required', 'Solve the anti-bot challenge (ALTCHA) again: it is missing, invalid, expired or already used.', [{ field: 'altcha', code: 'required', message: 'Missing.' }]),
          '404': error('404 No such active location', 'location-not-found', 'No such location (or it offers no online appointments).'),
          '409': error(
            '409 The time was taken in the meantime (`slot-taken`, with `alternatives`: other free times of that day); or `idempotency-key-reused` / `try-again`',
            'slot-taken',
            'This time has just been taken. Please choose another one.',
            undefined,
            [{ start: '2027-01-12T07:40:00.000Z', end: '2027-01-12T08:20:00.000Z', free: 1 }],
          ),
          '415': error('415 The body must be application/json', 'unsupported-media-type', 'Send the request body as application/json.'),
          '422': error('422 `limit-reached`: the e-mail address holds the maximum of upcoming appointments; or `not-bookable`: the start is not bookable for this visit', 'limit-reached', 'This e-mail address already holds as many upcoming appointments as one person may have at once.', [{ field: 'email', code: 'invalid', message: 'Invalid value.' }]),
          '429': rateLimited,
        },
      },
    },
    '/api/v1/appointments/bookings/{id}': {
      get: {
        tags: [TAG],
        summary: 'One booking, with its manage token',
        security: [],
        parameters: [bookingId, manageToken],
        responses: {
          '200': { description: 'The booking', content: json(ref('AppointmentBooking')) },
          '401': error('401 No manage token in the Authorization header', 'unauthorized', 'This request needs the booking’s manage token (Authorization: Bearer …).'),
          '404': error('404 No such booking, or the token belongs to another one', 'not-found', 'No such booking, or the token does not belong to it.'),
          '429': rateLimited,
        },
      },
      delete: {
        tags: [TAG],
        summary: 'Cancel a booking (as the citizen)',
        description: 'A confirmed appointment can be cancelled until `cancellableUntil`; its time becomes bookable again after the location’s release delay. A pending booking is cancelled at once.',
        security: [],
        parameters: [bookingId, manageToken],
        responses: {
          '204': { description: 'Cancelled; the citizen gets the cancellation with a calendar CANCEL' },
          '401': error('401 No manage token in the Authorization header', 'unauthorized', 'This request needs the booking’s manage token (Authorization: Bearer …).'),
          '404': error('404 No such booking, or the token belongs to another one', 'not-found', 'No such booking, or the token does not belong to it.'),
          '409': error('409 `too-late` (inside the location’s cancellation period) or `not-cancellable` (already cancelled, expired or past)', 'too-late', 'The appointment can no longer be cancelled online. Please contact the office.'),
          '429': rateLimited,
        },
      },
    },
    '/api/v1/appointments/bookings/{id}/cancel': {
      post: {
        tags: [TAG],
        summary: 'Cancel a booking (for clients that cannot send DELETE)',
        description: 'Same as DELETE /bookings/{id}; answers with the cancelled booking. Send no body.',
        security: [],
        parameters: [bookingId, manageToken],
        responses: {
          '200': { description: 'Cancelled', content: json(ref('AppointmentBooking')) },
          '401': error('401 No manage token in the Authorization header', 'unauthorized', 'This request needs the booking’s manage token (Authorization: Bearer …).'),
          '404': error('404 No such booking, or the token belongs to another one', 'not-found', 'No such booking, or the token does not belong to it.'),
          '409': error('409 `too-late` or `not-cancellable`', 'not-cancellable', 'This appointment is no longer active and cannot be cancelled.'),
          '429': rateLimited,
        },
      },
    },
  },
};
