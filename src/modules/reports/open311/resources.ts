/**
 * What the Open311 documents say, built from the report service's public
 * views only: categories become services, public reports become requests.
 * Nothing here sees the reporter: the projections carry no personal data.
 */
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { Category, PublicReport } from '../reports.service.ts';
import { open311Status, stateLabelKey } from '../model/states.ts';
import { fields, list, w3c, type Fields, type Value } from './format.ts';
import { open311Text } from './messages.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
export const FORMATS = ['text/xml', 'application/json'] as const;

/** A category as a service. With review before publishing it is `batch`: a POST answers with a token. */
export function serviceOf(category: Category, reviewed: boolean): Fields {
  return fields({
    service_code: category.code,
    service_name: category.name.de,
    description: category.description.de || null,
    metadata: category.attributes.length > 0,
    type: reviewed ? 'batch' : 'realtime',
    keywords: category.keywords || null,
    group: category.group || null,
  });
}

const LIST_TYPES = new Set(['singlevaluelist', 'multivaluelist']);

/**
 * A category's extra questions. `order` is renumbered 1, 2, 3 … in the
 * configured order, because the spec requires it to be unique and positive
 * and the configuration does not enforce that.
 */
export function definitionOf(category: Category): Fields {
  return fields({
    service_code: category.code,
    attributes: list(
      'attribute',
      category.attributes.map((a, index) =>
        fields({
          variable: true,
          code: a.code,
          datatype: a.datatype,
          required: a.required,
          datatype_description: a.hint?.de || null,
          order: index + 1,
          description: a.description.de,
          values: LIST_TYPES.has(a.datatype) ? list('value', (a.values ?? []).map((v) => fields({ key: v.key, name: v.name.de }))) : undefined,
        }),
      ),
    ),
  });
}

function statusNotes(report: PublicReport, t: Translate): string {
  const state = t(stateLabelKey(report.state));
  if (report.duplicateOf) return open311Text('open311.status.merged', { state });
  if (report.stateReason) return open311Text('open311.status.reason', { state, reason: report.stateReason });
  return state;
}

/** One formatter for all rows: building an Intl formatter per request element costs more than the whole query. */
const dayFormat = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' });

/** A due date as the notices name it (the municipality's calendar day, like the web pages). */
export const formatDay = (date: Date): string => dayFormat.format(date);

function noticeOf(report: PublicReport): string | null {
  if (report.publication === 'pending') return open311Text('open311.notice.pending');
  if (open311Status(report.state) === 'closed') return null;
  return report.dueAt ? open311Text('open311.notice.open', { unit: report.unitName, date: formatDay(report.dueAt) }) : open311Text('open311.notice.openNoDate', { unit: report.unitName });
}

/**
 * A report as an Open311 request. While a report waits for review its
 * description and photos stay out (the report service already withholds
 * them; checked again here because this is where they would leave).
 */
export function requestOf(report: PublicReport, baseUrl: string, t: Translate): Fields {
  const pending = report.publication !== 'published';
  const closed = open311Status(report.state) === 'closed';
  const photo = pending ? undefined : report.photos[0];
  return fields({
    service_request_id: report.reference,
    status: open311Status(report.state),
    status_notes: statusNotes(report, t),
    service_name: report.categoryName.de,
    service_code: report.categoryCode,
    description: pending ? null : report.description,
    agency_responsible: report.unitName,
    service_notice: noticeOf(report),
    requested_datetime: w3c(report.requestedAt),
    updated_datetime: w3c(closed && report.closedAt ? report.closedAt : report.updatedAt),
    expected_datetime: report.dueAt ? w3c(report.dueAt) : null,
    address: report.address || null,
    address_id: null,
    zipcode: null,
    lat: report.lat,
    long: report.lng,
    media_url: photo ? `${baseUrl}/maengelmelder/foto/${photo.id}` : null,
  });
}

export interface DiscoveryInput {
  tenantName: string;
  contact: string;
  baseUrl: string;
  changeset: string;
  production: boolean;
}

export function discoveryOf(input: DiscoveryInput): Value {
  return fields({
    changeset: input.changeset,
    contact: input.contact,
    key_service: open311Text('open311.discovery.keyService', { tenant: input.tenantName }),
    endpoints: list('endpoint', [
      fields({
        specification: SPECIFICATION,
        url: `${input.baseUrl}/open311/v2`,
        changeset: input.changeset,
        type: input.production ? 'production' : 'test',
        formats: list('format', [...FORMATS]),
      }),
    ]),
  });
}
