/**
 * Export API for online applications (/api/v1/applications): each submission
 * as JSON with the answers keyed by the form's field ids, for the Fachverfahren
 * that processes it. Needs an API key with the scope `applications:read`.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import { apiError, requireApiScope } from '../../../core/http/api-auth.ts';
import type { OpenApiContribution } from '../../../core/http/openapi.ts';
import { exportJson, getForm, type Answers } from '../forms/engine.ts';

const PAGE_SIZE = 100;
const listQuery = z.object({
  service: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
  status: z.string().regex(/^[a-z_]{1,30}$/).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});
const referenceParams = z.object({ reference: z.string().regex(/^[A-Z]{2}-[A-Z2-9]{5}-[A-Z2-9]$/) });

export function applicationApiRoutes(app: FastifyInstance, services: Services): void {
  const auth = requireApiScope(services.db, 'applications:read');

  app.get('/v1/applications', { config: { csrf: false }, preHandler: auth, schema: { querystring: listQuery } }, async (request, reply) => {
    const q = request.query as z.infer<typeof listQuery>;
    const page = q.page ?? 1;
    let query = services.db
      .selectFrom('cases')
      .select(['id', 'reference', 'status', 'created_at', 'closed_at', 'data'])
      .where('tenant_id', '=', request.tenant.id)
      .where('type', 'like', 'antrag.%')
      .where('anonymised_at', 'is', null);
    if (q.service) query = query.where(sql<string>`data->>'service'`, '=', q.service);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.since) query = query.where('created_at', '>=', new Date(q.since));
    if (q.until) query = query.where('created_at', '<', new Date(q.until));
    const rows = await query.orderBy('created_at').orderBy('id').limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE).execute();
    return reply.header('cache-control', 'no-store').send({
      items: rows.slice(0, PAGE_SIZE).map((r) => ({
        reference: r.reference,
        service: r.data.service,
        form: r.data.form,
        formVersion: r.data.formVersion,
        status: r.status,
        createdAt: r.created_at.toISOString(),
        closedAt: r.closed_at?.toISOString() ?? null,
      })),
      page,
      nextPage: rows.length > PAGE_SIZE ? page + 1 : null,
    });
  });

  app.get('/v1/applications/:reference', { config: { csrf: false }, preHandler: auth, schema: { params: referenceParams } }, async (request, reply) => {
    const { reference } = request.params as z.infer<typeof referenceParams>;
    const row = await services.db
      .selectFrom('cases as c')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.unit_id'))
      .select(['c.id', 'c.reference', 'c.status', 'c.created_at', 'c.closed_at', 'c.data', 'c.contact', 'c.locale', 'u.slug as unit'])
      .where('c.tenant_id', '=', request.tenant.id)
      .where('c.reference', '=', reference)
      .where('c.type', 'like', 'antrag.%')
      .where('c.anonymised_at', 'is', null)
      .executeTakeFirst();
    if (!row) return apiError(reply, 404, 'not-found', `No application ${reference}.`);
    const form = getForm(String(row.data.form), Number(row.data.formVersion));
    if (!form) return apiError(reply, 500, 'form-missing', 'The form version of this application is not available.');
    const documents = await services.db
      .selectFrom('case_documents as d')
      .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'd.tenant_id').onRef('f.id', '=', 'd.file_id'))
      .select(['f.id', 'f.filename', 'f.mime_type', 'f.size', 'f.sha256', 'd.source'])
      .where('d.tenant_id', '=', request.tenant.id)
      .where('d.case_id', '=', row.id)
      .execute();
    return reply.header('cache-control', 'no-store').send({
      reference: row.reference,
      service: row.data.service,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      closedAt: row.closed_at?.toISOString() ?? null,
      unit: row.unit,
      locale: row.locale,
      contact: row.contact,
      fees: row.data.fees ?? null,
      submission: exportJson(form, (row.data.answers ?? {}) as Answers),
      documents: documents.map((d) => ({ id: d.id, filename: d.filename, mimeType: d.mime_type, size: d.size, sha256: d.sha256, source: d.source })),
    });
  });
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export const applicationApiDocs: OpenApiContribution = {
  tags: [{ name: 'Anträge', description: 'Online applications (Bürgerserviceportal): export for the processing systems' }],
  schemas: {
    ApplicationSummary: {
      type: 'object',
      required: ['reference', 'service', 'form', 'formVersion', 'status', 'createdAt', 'closedAt'],
      properties: {
        reference: { type: 'string', examples: ['MB-7K3QX-4'] },
        service: { type: 'string', examples: ['meldebescheinigung'] },
        form: { type: 'string' },
        formVersion: { type: 'integer' },
        status: { type: 'string', enum: ['received', 'in_progress', 'awaiting_citizen', 'completed', 'rejected'] },
        createdAt: { type: 'string', format: 'date-time' },
        closedAt: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    Application: {
      type: 'object',
      required: ['reference', 'service', 'status', 'createdAt', 'submission', 'documents'],
      properties: {
        reference: { type: 'string' },
        service: { type: 'string' },
        status: { type: 'string' },
        createdAt: { type: 'string', format: 'date-time' },
        closedAt: { type: ['string', 'null'], format: 'date-time' },
        unit: { type: 'string', description: 'Slug of the responsible Organisationseinheit' },
        locale: { type: 'string', enum: ['de', 'en'] },
        contact: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } } },
        fees: { type: ['object', 'null'] },
        submission: {
          type: 'object',
          required: ['form', 'version', 'answers'],
          description: 'The answers keyed by the field ids of the form version the citizen used',
          properties: { form: { type: 'string' }, version: { type: 'integer' }, answers: { type: 'object', additionalProperties: true } },
        },
        documents: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, filename: { type: 'string' }, mimeType: { type: 'string' }, size: { type: 'integer' }, sha256: { type: 'string' }, source: { type: 'string' } } } },
      },
    },
  },
  paths: {
    '/api/v1/applications': {
      get: {
        tags: ['Anträge'],
        summary: 'List applications (oldest first, 100 per page)',
        security: [{ apiKey: [] }],
        parameters: [
          { name: 'service', in: 'query', schema: { type: 'string' }, description: 'Service slug, e.g. meldebescheinigung' },
          { name: 'status', in: 'query', schema: { type: 'string' } },
          { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Received at or after' },
          { name: 'until', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Received before' },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': { description: 'A page of applications', content: { 'application/json': { schema: { type: 'object', required: ['items', 'page', 'nextPage'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ApplicationSummary' } }, page: { type: 'integer' }, nextPage: { type: ['integer', 'null'] } } } } } },
          '400': errorResponse('Invalid query parameter'),
          '401': errorResponse('Missing or invalid API key'),
          '403': errorResponse('The key lacks the scope applications:read'),
        },
      },
    },
    '/api/v1/applications/{reference}': {
      get: {
        tags: ['Anträge'],
        summary: 'One application with all answers',
        security: [{ apiKey: [] }],
        parameters: [{ name: 'reference', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Z]{2}-[A-Z2-9]{5}-[A-Z2-9]$' } }],
        responses: {
          '200': { description: 'The application', content: { 'application/json': { schema: { $ref: '#/components/schemas/Application' } } } },
          '401': errorResponse('Missing or invalid API key'),
          '403': errorResponse('The key lacks the scope applications:read'),
          '404': errorResponse('No such application in this municipality'),
        },
      },
    },
  },
};
