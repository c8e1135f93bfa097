/**
 * Texts of the Open311 server: error descriptions ("shown to the user", says
 * the spec), notices and the discovery document. The API answers in German,
 * the municipality's language; English is kept beside it like everywhere.
 * The report problems themselves come from the shared catalogue
 * (reports.problem.*, reports.attribute.*), so web form and API say the same.
 */
import { buildCatalog, createTranslator, defineMessages } from '../../../core/i18n/i18n.ts';

export const open311Messages = defineMessages(
  {
    'open311.error.notFound': 'Diese Adresse gibt es in der Open311-Schnittstelle nicht. Angeboten werden discovery, services, services/{service_code}, requests, requests/{service_request_id} und tokens/{token}, jeweils mit der Endung .xml oder .json.',
    'open311.error.method': 'Diese Methode wird hier nicht angeboten. Meldungen reichen Sie mit POST an requests.xml oder requests.json ein.',
    'open311.error.jurisdiction': 'Unbekannte jurisdiction_id. Diese Schnittstelle gehört zu {tenant}; lassen Sie jurisdiction_id weg oder geben Sie „{expected}“ an.',
    'open311.error.serviceMissing': 'Bitte geben Sie service_code an (siehe services.xml oder services.json).',
    'open311.error.serviceUnknown': 'Diesen service_code gibt es nicht. Die angebotenen Kategorien stehen in services.xml bzw. services.json.',
    'open311.error.requestUnknown': 'Eine öffentliche Meldung mit dieser service_request_id gibt es nicht.',
    'open311.error.tokenUnknown': 'Diesen token gibt es nicht.',
    'open311.error.apiKeyMissing': 'Zum Einreichen einer Meldung ist ein api_key nötig. Einen Schlüssel vergibt {tenant}.',
    'open311.error.apiKeyInvalid': 'Der api_key ist ungültig, widerrufen oder nicht für Open311-Meldungen (open311:write) freigegeben.',
    'open311.error.date': '{field} ist kein gültiger Zeitpunkt. Erwartet wird Datum, Uhrzeit und Zeitzone nach W3C, z. B. 2026-04-01T00:00:00Z oder 2026-04-01T08:00:00+02:00.',
    'open311.error.dateOrder': 'end_date liegt vor start_date.',
    'open311.error.status': 'status darf nur open und closed enthalten (mehrere durch Komma getrennt).',
    'open311.error.coordinates': 'lat und long müssen Dezimalzahlen im WGS84-System sein, z. B. lat=51.9402&long=9.0871.',
    'open311.error.mediaUrl': 'media_url muss eine http- oder https-Adresse mit höchstens {max} Zeichen sein.',
    'open311.error.body': 'Die Anfrage konnte nicht gelesen werden. Bitte senden Sie die Felder als application/x-www-form-urlencoded in UTF-8.',
    'open311.error.tooLarge': 'Die Anfrage ist zu groß.',
    'open311.error.rateLimited': 'Zu viele Meldungen in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
    'open311.error.general': 'Die Anfrage konnte nicht bearbeitet werden. Bitte versuchen Sie es später erneut (Anfrage-ID {requestId}).',
    'open311.error.field': '{field}: {message}',
    'open311.field.location': 'lat/long oder address_string',
    'open311.field.name': 'first_name/last_name',
    'open311.notice.created': 'Die Meldung {id} ist eingegangen. Zuständig ist {unit}; angestrebt ist die Erledigung bis {date}.',
    'open311.notice.createdNoDate': 'Die Meldung {id} ist eingegangen. Zuständig ist {unit}.',
    'open311.notice.review': 'Die Meldung ist eingegangen. Sie wird geprüft, bevor Beschreibung und Fotos öffentlich erscheinen; danach nennt tokens/{token} ihre service_request_id.',
    'open311.notice.open': 'Zuständig ist {unit}; angestrebt ist die Erledigung bis {date}.',
    'open311.notice.openNoDate': 'Zuständig ist {unit}.',
    'open311.notice.pending': 'Die Meldung wird geprüft, bevor Beschreibung und Fotos öffentlich erscheinen.',
    'open311.status.reason': '{state}: {reason}',
    'open311.status.merged': '{state} (mit einer anderen Meldung zusammengeführt)',
    'open311.discovery.keyService': 'API-Schlüssel zum Einreichen von Meldungen vergibt {tenant}: in der Verwaltung unter „API-Schlüssel“ mit der Berechtigung open311:write. Lesen (GET) geht ohne Schlüssel.',
  },
  {
    'open311.error.notFound': 'This address does not exist in the Open311 API. Offered are discovery, services, services/{service_code}, requests, requests/{service_request_id} and tokens/{token}, each with the suffix .xml or .json.',
    'open311.error.method': 'This method is not offered here. Submit service requests with POST to requests.xml or requests.json.',
    'open311.error.jurisdiction': 'Unknown jurisdiction_id. This endpoint belongs to {tenant}; leave jurisdiction_id out or send "{expected}".',
    'open311.error.serviceMissing': 'Please send service_code (see services.xml or services.json).',
    'open311.error.serviceUnknown': 'This service_code does not exist. The categories offered are listed in services.xml or services.json.',
    'open311.error.requestUnknown': 'There is no public service request with this service_request_id.',
    'open311.error.tokenUnknown': 'This token does not exist.',
    'open311.error.apiKeyMissing': 'Submitting a service request needs an api_key. Keys are issued by {tenant}.',
    'open311.error.apiKeyInvalid': 'The api_key is invalid, revoked or not allowed to submit Open311 requests (open311:write).',
    'open311.error.date': '{field} is not a valid point in time. Expected date, time and time zone (W3C), e.g. 2026-04-01T00:00:00Z or 2026-04-01T08:00:00+02:00.',
    'open311.error.dateOrder': 'end_date is before start_date.',
    'open311.error.status': 'status may only contain open and closed (several separated by commas).',
    'open311.error.coordinates': 'lat and long must be decimal WGS84 coordinates, e.g. lat=51.9402&long=9.0871.',
    'open311.error.mediaUrl': 'media_url must be an http or https address of at most {max} characters.',
    'open311.error.body': 'The request could not be read. Please send the fields as application/x-www-form-urlencoded in UTF-8.',
    'open311.error.tooLarge': 'The request is too large.',
    'open311.error.rateLimited': 'Too many service requests in a short time. Please wait a moment and try again.',
    'open311.error.general': 'The request could not be handled. Please try again later (request id {requestId}).',
    'open311.error.field': '{field}: {message}',
    'open311.field.location': 'lat/long or address_string',
    'open311.field.name': 'first_name/last_name',
    'open311.notice.created': 'Service request {id} has been received. {unit} is responsible; it aims to fix it by {date}.',
    'open311.notice.createdNoDate': 'Service request {id} has been received. {unit} is responsible.',
    'open311.notice.review': 'The service request has been received. It is reviewed before its description and photos are published; then tokens/{token} gives its service_request_id.',
    'open311.notice.open': '{unit} is responsible; it aims to fix it by {date}.',
    'open311.notice.openNoDate': '{unit} is responsible.',
    'open311.notice.pending': 'The service request is reviewed before its description and photos are published.',
    'open311.status.reason': '{state}: {reason}',
    'open311.status.merged': '{state} (merged with another service request)',
    'open311.discovery.keyService': 'API keys for submitting service requests are issued by {tenant}: in the back office under "API-Schlüssel" with the permission open311:write. Reading (GET) needs no key.',
  },
);

/**
 * The API's own texts, German. A catalogue of their own, so the Open311
 * server does not depend on the module manifest listing this bundle.
 */
export const open311Text = createTranslator(buildCatalog([open311Messages]), 'de');
