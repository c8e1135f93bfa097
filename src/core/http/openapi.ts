/**
 * The OpenAPI 3.1 description of all machine APIs, assembled from what each
 * module declares next to its routes (`apiDocs` in the module manifest) and
 * served at /api/openapi.json.
 */
import type { RathausModule } from '../module.ts';

export interface OpenApiContribution {
  tags?: { name: string; description: string }[];
  paths: Record<string, unknown>;
  schemas?: Record<string, unknown>;
}

export function buildOpenApi(modules: readonly RathausModule[], serverUrl: string, version: string): Record<string, unknown> {
  const docs = modules.flatMap((m) => (m.apiDocs ? [m.apiDocs] : []));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rathaus API',
      version,
      description: 'Machine interfaces of Rathaus. Every request addresses one municipality through the host name. Authenticated endpoints take an API key created by an administrator (Verwaltung → API-Schlüssel) or with `npm run cli -- apikey:create`.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: serverUrl }],
    tags: docs.flatMap((d) => d.tags ?? []),
    paths: Object.assign({}, ...docs.map((d) => d.paths)),
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key (rh_…), also accepted in the X-API-Key header' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['status', 'code', 'message'], properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } } } },
        },
        ...Object.assign({}, ...docs.map((d) => d.schemas ?? {})),
      },
    },
  };
}
