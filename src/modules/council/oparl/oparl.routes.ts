/**
 * The read-only OParl 1.1 API of a tenant's council at /oparl/v1.1
 * (docs/council/oparl.md): System, the Body and its ten lists, every object
 * by id, the Organization's meeting and consultation lists, and the file
 * bytes (accessUrl inline, downloadUrl attachment).
 *
 * Stateless and anonymous (spec 2-03, 1-01): nothing here reads the session,
 * and no response sets a cookie. Every JSON answer — Error objects included
 * — carries `Access-Control-Allow-Origin: *` (spec 2-06). Anything under
 * /oparl that is not an OParl URL gets an OParl Error object, never the
 * site's HTML page.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Executor } from '../../../core/db/database.ts';
import { contentDisposition, INLINE_VIEW_HEADERS, INLINE_VIEWABLE } from '../../../core/files/download.ts';
import type { Services } from '../../../core/services.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { councilFileAccess, councilToday } from '../council.service.ts';
import { ERROR_TYPE, OPARL_VERSION, stamps, tombstone, type JsonObject, type OParlType } from './format.ts';
import { findOne, listPage, type ListScope } from './index-query.ts';
import { loadObjects, type RenderContext } from './objects.ts';
import { isUuid, listLinks, parseListQuery, type ListQuery } from './params.ts';
import { BODY_LIST_SEGMENTS, LIST_ITEM_SEGMENT, OBJECT_SEGMENTS, OPARL_PREFIX, oparlUrls, type BodyListSegment, type ObjectSegment } from './urls.ts';
import { isDatabaseUnavailable, OverloadedError, RETRY_AFTER_SECONDS } from '../../../core/http/load-shedding.ts';

/** Where the software comes from (publiccode.yml `url`): System.vendor and System.product. */
export const RATHAUS_VENDOR_URL = 'https://example.org/rathaus';
export const RATHAUS_PRODUCT_URL = 'https://example.org/rathaus/rathaus';

const TYPE_OF: Record<ObjectSegment, OParlType> = {
  body: 'Body',
  organization: 'Organization',
  person: 'Person',
  membership: 'Membership',
  meeting: 'Meeting',
  'agenda-item': 'AgendaItem',
  paper: 'Paper',
  consultation: 'Consultation',
  file: 'File',
  location: 'Location',
  'legislative-term': 'LegislativeTerm',
};

const CACHE = 'public, max-age=60';
const JSON_TYPE = 'application/json; charset=utf-8';

/** A failure the handlers throw; the scope's error handler answers with an OParl Error object. */
class OParlFailure extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 410,
    readonly userMessage: string,
    readonly debug: string,
  ) {
    super(debug);
  }
}

const notFound = (debug: string): OParlFailure => new OParlFailure(404, 'Das angeforderte Objekt existiert nicht.', debug);

/** OParl objects and lists are the same for every client: served from the page cache for a few seconds (core/http/page-cache.ts). */
const OPARL_CACHE = { cache: { ttlSeconds: 10 } };
/** Lists embed their objects (papers with consultations and files): a few at a time per instance. */
const OPARL_LIST = { ...OPARL_CACHE, heavy: true };

function sendError(reply: FastifyReply, status: number, message: string, debug: string): FastifyReply {
  if (status === 405) reply.header('allow', 'GET, HEAD, OPTIONS');
  return reply.code(status).type(JSON_TYPE).header('cache-control', 'no-store').send(JSON.stringify({ type: ERROR_TYPE, message, debug }));
}

/** JSON with a validator: a client that sends the ETag back gets 304 without the body. */
function sendJson(request: FastifyRequest, reply: FastifyReply, value: unknown, lastModified?: Date): FastifyReply {
  const body = JSON.stringify(value);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', CACHE);
  if (lastModified) reply.header('last-modified', lastModified.toUTCString());
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.code(200).type(JSON_TYPE).send(body);
}

export function oparlRoutes(app: FastifyInstance, services: Services): void {
  void app.register(async (scope) => routes(scope, services));
}

function routes(api: FastifyInstance, services: Services): void {
  /**
   * Every answer reads one snapshot (repeatable read, read only): the index of a page and its objects agree even
   * while the Ratsbüro edits. Small queries need no parallel workers, whose start-up costs more than the query.
   */
  function snapshot<T>(work: (db: Executor) => Promise<T>): Promise<T> {
    return services.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => {
        await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
        return work(tx);
      });
  }

  api.addHook('onSend', async (request, reply, payload) => {
    // CORS on every answer, errors included (spec 2-06); reading is anonymous, so nothing is exposed a page could not fetch itself.
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    // Stateless (spec 2-03): not even the app's ?lang= locale cookie.
    reply.removeHeader('set-cookie');
    return payload;
  });

  api.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof OParlFailure) return sendError(reply, error.status, error.userMessage, error.debug);
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return sendError(reply, 405, 'Die OParl-Schnittstelle kann nur gelesen werden (GET).', `method ${request.method} not allowed`);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, 400, 'Die Anfrage ist ungültig.', error.message);
    if (isDatabaseUnavailable(error)) {
      // Overload or a database restart: come back shortly, like every other route (core/http/load-shedding.ts).
      if (!(error instanceof OverloadedError)) request.log.warn({ err: error }, 'oparl: database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendError(reply, 503, 'Der Dienst ist gerade ausgelastet. Bitte versuchen Sie es in wenigen Sekunden noch einmal.', `request ${request.id}`);
    }
    request.log.error({ err: error }, 'oparl: unhandled error');
    return sendError(reply, 500, 'Ein interner Fehler ist aufgetreten.', `request ${request.id}`);
  });

  async function contextOf(db: Executor, tenant: Tenant, omitInternal: boolean): Promise<RenderContext> {
    const [base, license] = await Promise.all([services.baseUrlOf(tenant.id), services.tenants.getSetting<string>(tenant.id, 'council.license')]);
    return { db, tenantId: tenant.id, urls: oparlUrls(base), omitInternal, systemLicense: license };
  }

  function listQuery(request: FastifyRequest): ListQuery {
    const parsed = parseListQuery((request.query ?? {}) as Record<string, unknown>);
    if (!parsed.ok) throw new OParlFailure(400, parsed.message, parsed.debug);
    return parsed.value;
  }

  function objectJson(segment: ObjectSegment, row: { id: string; created: Date; modified: Date; live: boolean }, ctx: RenderContext, loaded: Map<string, JsonObject>): JsonObject | undefined {
    if (!row.live) return tombstone(TYPE_OF[segment], ctx.urls.object(segment, row.id), row.created, row.modified);
    return loaded.get(row.id);
  }

  /** One page of a list: index rows in id order, then the live objects of the page in a few batched queries. */
  async function sendList(request: FastifyRequest, reply: FastifyReply, segment: ObjectSegment, scope: ListScope, listUrl: (ctx: RenderContext) => string, owner?: { segment: ObjectSegment; id: string }): Promise<FastifyReply> {
    const query = listQuery(request);
    const answer = await snapshot(async (db) => {
      if (owner) await requireLive(db, request.tenant, owner.segment, owner.id);
      const ctx = await contextOf(db, request.tenant, query.omitInternal);
      const page = await listPage(db, segment, request.tenant.id, scope, query);
      const loaded = await loadObjects(
        ctx,
        segment,
        page.rows.filter((r) => r.live).map((r) => r.id),
      );
      return {
        data: page.rows.map((r) => objectJson(segment, r, ctx, loaded)).filter((o): o is JsonObject => o !== undefined),
        pagination: { totalElements: page.total, elementsPerPage: query.limit },
        links: listLinks(listUrl(ctx), query, page.nextAfter),
      };
    });
    return sendJson(request, reply, answer);
  }

  /** The tenant's live Body or Organization that owns a list, or a 404. */
  async function requireLive(db: Executor, tenant: Tenant, segment: ObjectSegment, id: string): Promise<void> {
    const row = isUuid(id) ? await findOne(db, segment, tenant.id, id) : null;
    if (!row?.live) throw notFound(`No OParl ${segment} ${id}`);
  }

  // ---------------------------------------------------------------- System
  api.get(`${OPARL_PREFIX}/system`, { config: OPARL_CACHE }, async (request, reply) => {
    const { system, createdAt } = await snapshot(async (db) => {
      const ctx = await contextOf(db, request.tenant, false);
      const stamp = await db
        .selectFrom('council_bodies')
        .select((eb) => [eb.fn.min('created').as('created')])
        .where('tenant_id', '=', request.tenant.id)
        .executeTakeFirst();
      // The System has no row of its own: it came into being with the first Body (or the tenant).
      const created = stamp?.created ?? (await db.selectFrom('tenants').select('created_at').where('id', '=', request.tenant.id).executeTakeFirstOrThrow()).created_at;
      const at = new Date(created);
      return {
        createdAt: at,
        system: {
          ...stamps('System', ctx.urls.system, at, at),
          oparlVersion: OPARL_VERSION,
          license: ctx.systemLicense,
          body: ctx.urls.bodies,
          name: `Ratsinformationssystem ${request.tenant.name}`,
          website: ctx.urls.web.portal,
          vendor: RATHAUS_VENDOR_URL,
          product: RATHAUS_PRODUCT_URL,
          web: ctx.urls.web.portal,
        },
      };
    });
    return sendJson(request, reply, system, createdAt);
  });

  // ---------------------------------------------------------------- System.body
  api.get(`${OPARL_PREFIX}/bodies`, { config: OPARL_CACHE }, async (request, reply) => sendList(request, reply, 'body', { kind: 'tenant' }, (ctx) => ctx.urls.bodies));

  // ---------------------------------------------------------------- the Body's ten lists
  api.get<{ Params: { id: string; list: string } }>(`${OPARL_PREFIX}/body/:id/:list`, { config: OPARL_LIST }, async (request, reply) => {
    const { id, list } = request.params;
    if (!(BODY_LIST_SEGMENTS as readonly string[]).includes(list)) throw notFound(`No OParl list ${list}`);
    const segment = LIST_ITEM_SEGMENT[list as BodyListSegment];
    return sendList(request, reply, segment, { kind: 'tenant' }, (ctx) => ctx.urls.bodyList(id, list as BodyListSegment), { segment: 'body', id });
  });

  // ---------------------------------------------------------------- Organization.meeting / .consultation
  api.get<{ Params: { id: string; list: string } }>(`${OPARL_PREFIX}/organization/:id/:list`, { config: OPARL_LIST }, async (request, reply) => {
    const { id, list } = request.params;
    if (list !== 'meetings' && list !== 'consultations') throw notFound(`No OParl list ${list}`);
    return sendList(request, reply, list === 'meetings' ? 'meeting' : 'consultation', { kind: 'organization', organizationId: id }, (ctx) => ctx.urls.organizationList(id, list), { segment: 'organization', id });
  });

  // ---------------------------------------------------------------- objects
  api.get<{ Params: { segment: string; id: string } }>(`${OPARL_PREFIX}/:segment/:id`, { config: OPARL_CACHE }, async (request, reply) => {
    const { segment, id } = request.params;
    if (!(OBJECT_SEGMENTS as readonly string[]).includes(segment) || !isUuid(id)) throw notFound(`No OParl object at ${request.url.split('?')[0] ?? ''}`);
    const seg = segment as ObjectSegment;
    const omitInternal = (request.query as Record<string, unknown> | undefined)?.omit_internal === 'true';
    const found = await snapshot(async (db) => {
      const row = await findOne(db, seg, request.tenant.id, id);
      if (!row) return null;
      const ctx = await contextOf(db, request.tenant, omitInternal);
      const loaded = row.live ? await loadObjects(ctx, seg, [id]) : new Map<string, JsonObject>();
      const json = objectJson(seg, row, ctx, loaded);
      return json ? { json, modified: row.modified } : null;
    });
    if (!found) throw notFound(`No OParl ${seg} ${id}`);
    return sendJson(request, reply, found.json, found.modified);
  });

  // ---------------------------------------------------------------- file bytes
  async function sendFile(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, disposition: 'inline' | 'attachment'): Promise<FastifyReply> {
    const { id } = request.params;
    const tenantId = request.tenant.id;
    const found = await snapshot(async (db) => {
      const access = isUuid(id) ? await councilFileAccess(db, tenantId, id, { kind: 'public' }, councilToday(services.now())) : 'none';
      if (access !== 'public') return { access, row: undefined, stored: null };
      const row = await db.selectFrom('council_public_files').select(['stored_file_id', 'file_name', 'mime_type', 'sha512', 'modified']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return { access, row, stored: row ? await services.files.read(db, tenantId, row.stored_file_id) : null };
    });
    if (found.access === 'gone') throw new OParlFailure(410, 'Diese Datei ist nicht mehr veröffentlicht.', `file ${id} was depublished or deleted`);
    const { row, stored } = found;
    if (!row || !stored) throw notFound(`No OParl file ${id}`);
    const etag = `"${row.sha512.slice(0, 32)}"`;
    reply.header('etag', etag).header('last-modified', row.modified.toUTCString()).header('cache-control', CACHE);
    if (disposition === 'attachment') {
      // downloadUrl: `attachment` first, with the file name (spec 2-07).
      reply.header('content-disposition', contentDisposition(row.file_name, 'attachment'));
    } else if (INLINE_VIEWABLE.has(row.mime_type)) {
      // accessUrl must never say attachment; shown in a sandbox so a hostile PDF cannot act in our origin.
      reply.header('content-disposition', contentDisposition(row.file_name, 'inline'));
    }
    for (const [name, value] of Object.entries(INLINE_VIEW_HEADERS)) reply.header(name, value);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.code(200).header('content-type', row.mime_type).header('content-length', String(stored.content.length)).send(stored.content);
  }

  api.get<{ Params: { id: string } }>(`${OPARL_PREFIX}/file/:id/content`, async (request, reply) => sendFile(request, reply, 'inline'));
  api.get<{ Params: { id: string } }>(`${OPARL_PREFIX}/file/:id/download`, async (request, reply) => sendFile(request, reply, 'attachment'));

  // ---------------------------------------------------------------- everything else under /oparl
  for (const path of ['/oparl', '/oparl/*']) {
    api.all(path, { config: { csrf: false } }, async (request, reply) => {
      if (request.method === 'OPTIONS') {
        // CORS preflight: reading only, from anywhere.
        return reply
          .code(204)
          .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
          .header('access-control-allow-headers', 'accept, if-none-match, if-modified-since')
          .header('access-control-max-age', '86400')
          .header('cache-control', 'no-store')
          .send();
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new OParlFailure(405, 'Die OParl-Schnittstelle kann nur gelesen werden (GET).', `method ${request.method} not allowed`);
      }
      throw notFound(`No OParl object at ${request.url.split('?')[0] ?? ''}`);
    });
  }
}
