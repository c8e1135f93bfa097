/**
 * The Open311 GeoReport v2 server at /open311/v2/ (docs/reports/open311.md):
 * discovery, services, service definitions, requests (GET and POST),
 * single requests and tokens, each as .xml and .json, per municipality
 * (resolved by host like every page).
 *
 * Reading goes only through the report service's public projections, so no
 * reporter data can leave here. Writing goes through the same `submit` as
 * the web form (validation, routing to the unit, review, receipt mail), with
 * an API key holding `open311:write`. Every failure, including unknown
 * paths, malformed bodies and rate limits, is an Open311 error document;
 * never an HTML page, never a 500.
 *
 * No cookies: the POST is authenticated by its api_key alone, so it opts out
 * of the CSRF check (`csrf: false`), and CORS is open for reading.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiKeyFromParameter, authenticateApiKey, hasApiScope } from '../../../core/auth/api-keys.ts';
import { countHit } from '../../../core/http/rate-limit-store.ts';
import type { Services } from '../../../core/services.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { reportsOf } from '../instance.ts';
import type { PublicFilters, ReportProblem } from '../reports.service.ts';
import { CONTENT_TYPE, fields, list, render, renderErrors, w3c, type Format, type Open311Error, type Value } from './format.ts';
import { open311Text } from './messages.ts';
import { attributesOf, commaList, coordinatesOf, dateParam, formatOfUrl, MAX_REQUESTS, MEDIA_URL_MAX, mediaUrlOf, requestWindow, single, splitFile, statusFilter, type Params } from './params.ts';
import { definitionOf, discoveryOf, formatDay, requestOf, serviceOf } from './resources.ts';
import { isDatabaseUnavailable, OverloadedError, RETRY_AFTER_SECONDS } from '../../../core/http/load-shedding.ts';

const PREFIX = '/open311/v2';

/** Per client address on the route (shared by all instances through PostgreSQL) … */
const POST_LIMIT = { max: 60, timeWindow: '1 minute' };
/** … and per API key, counted once the key is known, so a client cannot multiply its budget with made-up keys. */
const KEY_LIMIT = { max: 300, windowMs: 10 * 60_000 };

const REFERENCE = /^[A-Z]{2}-[0-9A-Z]{5}-[0-9A-Z]$/;
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
const SERVICE_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A failure the handlers throw; the scope's error handler writes it in the request's format. */
class Open311Failure extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    readonly descriptions: readonly string[],
  ) {
    super(descriptions.join(' '));
  }
}

const fail = (status: Open311Failure['status'], description: string): Open311Failure => new Open311Failure(status, [description]);

function sendDocument(reply: FastifyReply, format: Format, root: string, value: Value, cacheControl: string): FastifyReply {
  return reply.code(200).type(CONTENT_TYPE[format]).header('cache-control', cacheControl).send(render(format, root, value));
}

function sendErrors(reply: FastifyReply, format: Format, status: number, errors: readonly Open311Error[]): FastifyReply {
  return reply.code(status).type(CONTENT_TYPE[format]).header('cache-control', 'no-store').send(renderErrors(format, errors));
}

const notFoundPath = (): Open311Failure => fail(404, open311Text('open311.error.notFound'));

/** The resource and format of `:file`, or a 404 (unknown suffix, no suffix). */
function fileOf(file: string): { name: string; format: Format } {
  const split = splitFile(file);
  if (!split) throw notFoundPath();
  return split;
}

/** Where a report problem's field comes from in Open311 terms. */
function parameterOf(field: ReportProblem['field']): string {
  if (field.startsWith('attribute.')) return `attribute[${field.slice('attribute.'.length)}]`;
  const names: Partial<Record<ReportProblem['field'], string>> = {
    category: 'service_code',
    location: open311Text('open311.field.location'),
    lat: 'lat/long',
    address: 'address_string',
    name: open311Text('open311.field.name'),
    photos: 'media_url',
  };
  return names[field] ?? field;
}

export function open311Routes(app: FastifyInstance, services: Services): void {
  void app.register(async (scope) => routes(scope, services), { prefix: PREFIX });
}

function routes(api: FastifyInstance, services: Services): void {
  const reports = reportsOf(services);
  const de = services.translators.de;

  /** jurisdiction_id may be left out (one endpoint per municipality); if sent, it must name this one: slug or a host name. */
  async function checkJurisdiction(tenant: Tenant, params: Params): Promise<void> {
    const given = single(params.jurisdiction_id)?.toLowerCase().replace(/^www\./, '');
    if (given === undefined) return;
    const baseHost = new URL(await services.baseUrlOf(tenant.id)).hostname;
    if (given === tenant.slug || given === baseHost || tenant.hostnames.includes(given)) return;
    throw fail(404, open311Text('open311.error.jurisdiction', { tenant: tenant.name, expected: tenant.hostnames[0] ?? tenant.slug }));
  }

  const reviewed = (tenantId: string): Promise<boolean> => services.tenants.getSetting<boolean>(tenantId, 'reports.reviewBeforePublish');

  api.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      // Anyone may read: no cookie is used, so a foreign page learns nothing it could not fetch itself.
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-expose-headers', 'x-open311-window');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
    return payload;
  });

  api.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const format = formatOfUrl(request.url);
    if (error instanceof Open311Failure) return sendErrors(reply, format, error.status, error.descriptions.map((description) => ({ code: error.status, description })));
    const status = error.statusCode ?? 500;
    if (status === 429) return sendErrors(reply, format, 429, [{ code: 429, description: open311Text('open311.error.rateLimited') }]);
    if (status === 413) return sendErrors(reply, format, 400, [{ code: 400, description: open311Text('open311.error.tooLarge') }]);
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, status }, 'open311: unreadable request');
      return sendErrors(reply, format, 400, [{ code: 400, description: open311Text('open311.error.body') }]);
    }
    if (isDatabaseUnavailable(error)) {
      // Overload or a database restart: HTTP's "come back shortly", as on every other route (core/http/load-shedding.ts).
      if (!(error instanceof OverloadedError)) request.log.warn({ errorName: error.name, code: error.code }, 'open311: database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendErrors(reply, format, 503, [{ code: 503, description: open311Text('open311.error.general', { requestId: request.id }) }]);
    }
    // The spec's answer to "backend down" is a 400 general error; the log keeps what identifies the fault, not the data.
    request.log.error({ errorName: error.name, code: error.code, stack: error.stack }, 'open311: unhandled error');
    return sendErrors(reply, format, 400, [{ code: 400, description: open311Text('open311.error.general', { requestId: request.id }) }]);
  });

  // Discovery, service list and the request list are the same for every client: served from the page cache for a few seconds;
  // the request list (up to 1000 requests by the spec's default) is built a few at a time.
  api.get('/:file', { config: { cache: { ttlSeconds: 10 }, heavy: true } }, async (request, reply) => {
    const { name, format } = fileOf((request.params as { file: string }).file);
    await checkJurisdiction(request.tenant, request.query as Params);
    if (name === 'discovery') return discovery(request, reply, format);
    if (name === 'services') return serviceList(request, reply, format);
    if (name === 'requests') return requestList(request, reply, format);
    throw notFoundPath();
  });

  api.get('/services/:file', async (request, reply) => {
    const { name, format } = fileOf((request.params as { file: string }).file);
    await checkJurisdiction(request.tenant, request.query as Params);
    const code = name.toLowerCase();
    const category = SERVICE_CODE.test(code) ? await reports.category(request.tenant.id, { code }) : null;
    if (!category?.active) throw fail(404, open311Text('open311.error.serviceUnknown'));
    return sendDocument(reply, format, 'service_definition', definitionOf(category), 'public, max-age=300');
  });

  api.get('/requests/:file', async (request, reply) => {
    const { name, format } = fileOf((request.params as { file: string }).file);
    await checkJurisdiction(request.tenant, request.query as Params);
    const reference = name.toUpperCase();
    const report = REFERENCE.test(reference) ? await reports.getPublic(request.tenant.id, reference) : null;
    if (!report) throw fail(404, open311Text('open311.error.requestUnknown'));
    const baseUrl = await services.baseUrlOf(request.tenant.id);
    return sendDocument(reply, format, 'service_requests', list('request', [requestOf(report, baseUrl, de)]), 'public, max-age=30');
  });

  api.get('/tokens/:file', async (request, reply) => {
    const { name: token, format } = fileOf((request.params as { file: string }).file);
    await checkJurisdiction(request.tenant, request.query as Params);
    // Only the reference and whether it is public: the token row is read for nothing else.
    const row = TOKEN.test(token)
      ? await services.db.selectFrom('reports').select(['reference', 'publication']).where('tenant_id', '=', request.tenant.id).where('token', '=', token).executeTakeFirst()
      : undefined;
    if (!row) throw fail(404, open311Text('open311.error.tokenUnknown'));
    // Before a clerk released the report its id is not public yet: the element carries the token alone (docs/reports/open311.md).
    const element = row.publication === 'published' ? fields({ service_request_id: row.reference, token }) : fields({ token });
    return sendDocument(reply, format, 'service_requests', list('request', [element]), 'no-store');
  });

  api.post('/:file', { config: { csrf: false, rateLimit: POST_LIMIT } }, async (request, reply) => {
    const { name, format } = fileOf((request.params as { file: string }).file);
    if (name !== 'requests') throw fail(404, open311Text('open311.error.method'));
    return createRequest(request, reply, format);
  });

  // Anything else under the prefix, in any method: an Open311 404, not the site's HTML page.
  for (const path of ['/', '/*']) {
    api.all(path, { config: { csrf: false } }, async () => {
      throw notFoundPath();
    });
  }

  async function discovery(request: FastifyRequest, reply: FastifyReply, format: Format): Promise<FastifyReply> {
    const tenant = request.tenant;
    const categories = await reports.categories(tenant.id, { includeInactive: true });
    const latest = categories.reduce<Date | null>((max, c) => (!max || c.updatedAt > max ? c.updatedAt : max), null);
    const details = [tenant.contact.email, tenant.contact.phone, tenant.contact.address].filter((x): x is string => Boolean(x));
    const document = discoveryOf({
      tenantName: tenant.name,
      contact: details.length ? `${tenant.name}, ${details.join(', ')}` : tenant.name,
      baseUrl: await services.baseUrlOf(tenant.id),
      changeset: latest ? w3c(latest) : w3c(new Date(0)),
      production: services.config.env === 'production',
    });
    return sendDocument(reply, format, 'discovery', document, 'public, max-age=300');
  }

  async function serviceList(request: FastifyRequest, reply: FastifyReply, format: Format): Promise<FastifyReply> {
    const [categories, review] = await Promise.all([reports.categories(request.tenant.id), reviewed(request.tenant.id)]);
    return sendDocument(reply, format, 'services', list('service', categories.map((c) => serviceOf(c, review))), 'public, max-age=300');
  }

  /** The public filters of a GET requests query, or the Open311 error it deserves. */
  async function filtersOf(tenant: Tenant, query: Params): Promise<{ filters: PublicFilters; window: string | null }> {
    const ids = commaList(query.service_request_id);
    if (ids.length > 0) {
      // The spec: service_request_id overrides every other argument.
      const references = [...new Set(ids.map((id) => id.toUpperCase()).filter((id) => REFERENCE.test(id)))].slice(0, MAX_REQUESTS);
      return { filters: { references, limit: MAX_REQUESTS }, window: null };
    }
    const problems: string[] = [];
    const start = dateParam(query.start_date);
    if (!start.ok) problems.push(open311Text('open311.error.date', { field: 'start_date' }));
    const end = dateParam(query.end_date);
    if (!end.ok) problems.push(open311Text('open311.error.date', { field: 'end_date' }));
    const status = statusFilter(query.status);
    if (!status.ok) problems.push(open311Text('open311.error.status'));
    if (!start.ok || !end.ok || !status.ok) throw new Open311Failure(400, problems);
    const window = requestWindow(start.date, end.date, services.now());
    if (!window.ok) throw fail(400, open311Text('open311.error.dateOrder'));
    const filters: PublicFilters = { from: window.from, limit: MAX_REQUESTS };
    if (window.to) filters.to = window.to;
    if (status.status) filters.state = status.status;
    const codes = commaList(query.service_code).map((c) => c.toLowerCase());
    if (codes.length > 0) {
      const categories = await reports.categories(tenant.id, { includeInactive: true });
      filters.categoryIds = categories.filter((c) => codes.includes(c.code)).map((c) => c.id);
    }
    return { filters, window: `${w3c(window.from)}/${window.to ? w3c(window.to) : ''}` };
  }

  async function requestList(request: FastifyRequest, reply: FastifyReply, format: Format): Promise<FastifyReply> {
    const tenant = request.tenant;
    const { filters, window } = await filtersOf(tenant, request.query as Params);
    const [found, baseUrl] = await Promise.all([reports.pagePublic(tenant.id, filters), services.baseUrlOf(tenant.id)]);
    // The span actually served (after defaults and clipping), for clients that page through time.
    if (window) reply.header('x-open311-window', window);
    return sendDocument(reply, format, 'service_requests', list('request', found.map((r) => requestOf(r, baseUrl, de))), 'public, max-age=30');
  }

  /** POST requests: authenticate the key, read the form leniently, submit like the web form. */
  async function createRequest(request: FastifyRequest, reply: FastifyReply, format: Format): Promise<FastifyReply> {
    const tenant = request.tenant;
    const params = await paramsOf(request);
    await checkJurisdiction(tenant, params);
    const presented = apiKeyFromParameter(params.api_key);
    if (!presented) throw fail(403, open311Text('open311.error.apiKeyMissing', { tenant: tenant.name }));
    const principal = await authenticateApiKey(services.db, tenant.id, presented, services.now());
    if (!principal || !hasApiScope(principal, 'open311:write')) throw fail(403, open311Text('open311.error.apiKeyInvalid'));
    if ((await countHit(services.pool, `open311:${principal.id}`, KEY_LIMIT.windowMs)) > KEY_LIMIT.max) throw fail(429, open311Text('open311.error.rateLimited'));

    const code = single(params.service_code)?.toLowerCase();
    if (!code) throw fail(400, open311Text('open311.error.serviceMissing'));
    const category = SERVICE_CODE.test(code) ? await reports.category(tenant.id, { code }) : null;
    if (!category?.active) throw fail(404, open311Text('open311.error.serviceUnknown'));

    const problems: string[] = [];
    const point = coordinatesOf(params);
    if (!point.ok) problems.push(open311Text('open311.error.coordinates'));
    const media = mediaUrlOf(params.media_url);
    if (!media.ok) problems.push(open311Text('open311.error.mediaUrl', { max: MEDIA_URL_MAX }));
    if (!point.ok || !media.ok) throw new Open311Failure(400, problems);

    const name = [single(params.first_name), single(params.last_name)].filter(Boolean).join(' ');
    const email = single(params.email);
    const phone = single(params.phone);
    const outcome = await reports.submit(tenant, {
      categoryId: category.id,
      lat: point.lat,
      lng: point.lng,
      address: single(params.address_string) ?? single(params.address_id) ?? '',
      // The spec makes description optional, the web form does not: the category names the problem then.
      description: descriptionOf(params.description) || category.name.de,
      attributes: attributesOf(params),
      ...(name ? { name } : {}),
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      ...(media.url ? { mediaLink: media.url } : {}),
      locale: 'de',
      source: 'open311',
      apiKeyId: principal.id,
    });
    if (!outcome.ok) {
      throw new Open311Failure(
        400,
        outcome.problems.map((p) => open311Text('open311.error.field', { field: parameterOf(p.field), message: de(p.messageKey, p.params) })),
      );
    }
    let element: Value;
    if (outcome.publication === 'published') {
      const report = await reports.getPublic(tenant.id, outcome.reference);
      const unit = report?.unitName ?? '';
      const notice = report?.dueAt
        ? open311Text('open311.notice.created', { id: outcome.reference, unit, date: formatDay(report.dueAt) })
        : open311Text('open311.notice.createdNoDate', { id: outcome.reference, unit });
      element = fields({ service_request_id: outcome.reference, service_notice: notice });
    } else {
      // Review before publishing (a `batch` service): the id becomes public only with the report; until then the token stands for it.
      element = fields({ token: outcome.token, service_notice: open311Text('open311.notice.review', { token: outcome.token }) });
    }
    return sendDocument(reply, format, 'service_requests', list('request', [element]), 'no-store');
  }
}

/** The description as sent (line breaks kept), or '' when absent. */
function descriptionOf(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? '' : value;
  if (Array.isArray(value)) return descriptionOf(value[0]);
  return '';
}

/**
 * Query and body together (the api_key may be in either; the body wins).
 * Form-encoded as the spec says; also read: a form labelled text/plain, a
 * JSON object, multipart fields (files are ignored: media come as media_url).
 */
async function paramsOf(request: FastifyRequest): Promise<Params> {
  const params: Params = { ...(request.query as Params) };
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        part.file.resume();
        continue;
      }
      if (typeof part.value !== 'string') continue;
      const existing = params[part.fieldname];
      params[part.fieldname] = existing === undefined ? part.value : [...(Array.isArray(existing) ? existing : [existing]), part.value];
    }
    return params;
  }
  const body = request.body;
  if (typeof body === 'string') {
    // A form sent with a wrong content type (text/plain) is still a form.
    for (const [key, value] of new URLSearchParams(body)) {
      const existing = params[key];
      params[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
  } else if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(params, body);
  return params;
}
