/**
 * Errors of the public appointment API. The shape is the one every Rathaus
 * API uses (`{ error: { status, code, message, requestId } }`, see
 * core/http/api-auth.ts), plus `fields` for validation errors. Codes are
 * stable English machine words; the human message is German or English
 * after the Accept-Language header (English when neither is asked for, like
 * the other machine APIs), because a town's booking widget may show it to
 * the citizen as it is.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../../core/i18n/i18n.ts';

type Text = Record<Locale, string>;

const ERRORS = {
  'invalid-request': { de: 'Die Anfrage ist unvollständig oder fehlerhaft.', en: 'The request is incomplete or malformed.' },
  'invalid-json': { de: 'Der Inhalt der Anfrage ist kein gültiges JSON.', en: 'The request body is not valid JSON.' },
  'unsupported-media-type': { de: 'Bitte senden Sie den Inhalt als application/json.', en: 'Send the request body as application/json.' },
  'payload-too-large': { de: 'Die Anfrage ist zu groß.', en: 'The request is too large.' },
  'location-not-found': { de: 'Diesen Standort gibt es nicht (oder er bietet keine Online-Termine an).', en: 'No such location (or it offers no online appointments).' },
  'variant-not-offered': { de: 'Diese Terminart wird für die gewählten Leistungen nicht angeboten.', en: 'This kind of appointment is not offered for the chosen services.' },
  'not-bookable': { de: 'Zu dieser Zeit kann dieser Termin nicht gebucht werden (außerhalb des Buchungszeitraums, der Öffnungszeiten oder des Zeitrasters).', en: 'This time cannot be booked for this visit (outside the booking window, the opening hours or the slot grid).' },
  'slot-taken': { de: 'Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie eine andere Zeit.', en: 'This time has just been taken. Please choose another one.' },
  'limit-reached': { de: 'Mit dieser E-Mail-Adresse sind bereits so viele Termine gebucht, wie eine Person gleichzeitig haben kann.', en: 'This e-mail address already holds as many upcoming appointments as one person may have at once.' },
  'captcha-required': { de: 'Bitte lösen Sie die Sicherheitsaufgabe (ALTCHA) erneut; sie fehlt, ist ungültig, abgelaufen oder wurde schon verwendet.', en: 'Solve the anti-bot challenge (ALTCHA) again: it is missing, invalid, expired or already used.' },
  'captcha-disabled': { de: 'Diese Kommune verlangt keine Sicherheitsaufgabe für Terminbuchungen.', en: 'This municipality does not require an anti-bot challenge for bookings.' },
  'idempotency-key-reused': { de: 'Dieser Idempotency-Key gehört zu einem Versuch, der nicht abgeschlossen wurde. Bitte senden Sie die Anfrage mit einem neuen Schlüssel.', en: 'This Idempotency-Key belongs to an attempt that did not complete. Send the request again with a new key.' },
  'try-again': { de: 'Die Buchung konnte nicht abgeschlossen werden. Bitte versuchen Sie es erneut.', en: 'The booking could not be completed. Please try again.' },
  unauthorized: { de: 'Für diese Anfrage wird der Verwaltungsschlüssel der Buchung benötigt (Authorization: Bearer …).', en: 'This request needs the booking’s manage token (Authorization: Bearer …).' },
  'not-found': { de: 'Diese Buchung gibt es nicht, oder der Schlüssel passt nicht zu ihr.', en: 'No such booking, or the token does not belong to it.' },
  'too-late': { de: 'Der Termin kann online nicht mehr abgesagt werden. Bitte wenden Sie sich an die Verwaltung.', en: 'The appointment can no longer be cancelled online. Please contact the office.' },
  'not-cancellable': { de: 'Dieser Termin ist nicht mehr aktiv und kann nicht abgesagt werden.', en: 'This appointment is no longer active and cannot be cancelled.' },
  'rate-limited': { de: 'Zu viele Anfragen. Bitte warten Sie einen Moment.', en: 'Too many requests. Please wait a moment.' },
  'route-not-found': { de: 'Diese Adresse gibt es in der Termin-API nicht.', en: 'No such endpoint in the appointment API.' },
  unavailable: { de: 'Der Dienst ist gerade ausgelastet oder kurz nicht erreichbar. Bitte versuchen Sie es in wenigen Sekunden erneut.', en: 'The service is busy or briefly unreachable. Please try again in a few seconds.' },
  internal: { de: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.', en: 'An internal error occurred. Please try again later.' },
} satisfies Record<string, Text>;

export type ApiErrorCode = keyof typeof ERRORS;

/** Messages for field errors (`fields[].message`). */
const FIELD_MESSAGES = {
  required: { de: 'Angabe fehlt.', en: 'Missing.' },
  invalid: { de: 'Ungültiger Wert.', en: 'Invalid value.' },
  unknown: { de: 'Unbekanntes Feld.', en: 'Unknown field.' },
  'too-long': { de: 'Zu lang.', en: 'Too long.' },
  email: { de: 'Keine gültige E-Mail-Adresse.', en: 'Not a valid e-mail address.' },
  phone: { de: 'Keine gültige Telefonnummer (Ziffern, Leerzeichen, + / ( ) -).', en: 'Not a valid phone number (digits, spaces, + / ( ) -).' },
  day: { de: 'Kein gültiges Datum (JJJJ-MM-TT).', en: 'Not a valid date (YYYY-MM-DD).' },
  instant: { de: 'Kein gültiger Zeitpunkt (ISO 8601 mit Zeitzone, z. B. 2027-01-12T08:00:00+01:00).', en: 'Not a valid instant (ISO 8601 with offset, e.g. 2027-01-12T08:00:00+01:00).' },
  range: { de: 'Der Zeitraum ist ungültig: „to“ darf nicht vor „from“ liegen und höchstens 62 Tage umfassen.', en: 'Invalid range: "to" must not be before "from", and at most 62 days.' },
  services: { de: 'Leistungen als Liste von Kennungen mit Anzahl, z. B. „<id>:2,<id>“.', en: 'Services as a list of ids with counts, e.g. "<id>:2,<id>".' },
  'unknown-service': { de: 'Diese Leistung wird an diesem Standort nicht angeboten.', en: 'This service is not offered at this location.' },
  'too-many': { de: 'Für so viele Personen kann diese Leistung nicht gebucht werden.', en: 'This service cannot be booked for that many persons.' },
  'none-chosen': { de: 'Bitte wählen Sie mindestens eine Leistung.', en: 'Choose at least one service.' },
  terms: { de: 'Bestätigen Sie (true), dass der Termin personengebunden ist: Weitergabe und Verkauf sind nicht erlaubt; Name und E-Mail-Adresse lassen sich nach der Bestätigung nicht mehr ändern.', en: 'Confirm (true) that the appointment is personal: passing it on or selling it is not allowed; name and e-mail address cannot be changed after confirmation.' },
  'idempotency-key': { de: 'Idempotency-Key: 8 bis 200 sichtbare ASCII-Zeichen.', en: 'Idempotency-Key: 8 to 200 visible ASCII characters.' },
} satisfies Record<string, Text>;

export type FieldMessage = keyof typeof FIELD_MESSAGES;

export interface FieldError {
  field: string;
  message: FieldMessage;
}

export const isFieldMessage = (value: string): value is FieldMessage => Object.hasOwn(FIELD_MESSAGES, value);

/** German when the client prefers it (Accept-Language), English otherwise. */
export function apiLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'en';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((x) => (x.lang === 'de' || x.lang === 'en') && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang === 'de' ? 'de' : 'en';
}

/** A free start time offered with a 409 `slot-taken`, as in GET /slots. */
export interface AlternativeStart {
  start: string;
  end: string;
  free: number;
}

export function sendApiError(reply: FastifyReply, status: number, code: ApiErrorCode, fields: readonly FieldError[] = [], extra: { alternatives?: AlternativeStart[] } = {}): FastifyReply {
  const locale = apiLocale(reply.request);
  const body = {
    status,
    code,
    message: ERRORS[code][locale],
    requestId: reply.request.id,
    ...(fields.length ? { fields: fields.map((f) => ({ field: f.field, code: f.message, message: FIELD_MESSAGES[f.message][locale] })) } : {}),
    ...(extra.alternatives ? { alternatives: extra.alternatives } : {}),
  };
  return reply.code(status).header('cache-control', 'no-store').send({ error: body });
}

/** The codes with their English messages, for the OpenAPI description. */
export const errorCatalog = (): { code: string; message: string }[] => Object.entries(ERRORS).map(([code, text]) => ({ code, message: text.en }));
