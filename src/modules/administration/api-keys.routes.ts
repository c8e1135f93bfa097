/**
 * API-Schlüssel: admins create keys for machine clients (export API, Open311),
 * see which are in use and revoke them. A new key is shown once, on the page
 * answering the POST, and never stored in plain text, so it is not put in a
 * flash cookie or behind a redirect either.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createApiKey, isApiScope, listApiKeys, normaliseApiKeyName, revokeApiKey } from '../../core/auth/api-keys.ts';
import { requireAccess } from '../../core/auth/policy.ts';
import { formValues, type FieldError } from '../../core/http/validation.ts';
import type { Translate } from '../../core/i18n/i18n.ts';
import type { Services } from '../../core/services.ts';
import { breadcrumbs, pageTitle, staffActor } from './shared.ts';
import { API_KEYS_PATH, ApiKeyCreatedPage, ApiKeysPage, NewApiKeyPage } from './views/api-keys.tsx';

const keyParams = z.object({ id: z.uuid() });

/** The checked boxes of a group: absent, one value or several. */
function checkedValues(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const value = (body as Record<string, unknown>)[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Every problem of the form at once (createApiKey reports only the first), in the order of the fields. */
function formErrors(t: Translate, name: string, scopes: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (name.trim() === '') errors.push({ field: 'name', message: t('validation.required') });
  else if (!normaliseApiKeyName(name)) errors.push({ field: 'name', message: t('admin.apiKeys.error.name') });
  if (scopes.length === 0) errors.push({ field: 'scopes', message: t('admin.apiKeys.error.scopes') });
  else if (!scopes.every(isApiScope)) errors.push({ field: 'scopes', message: t('validation.choose') });
  return errors;
}

export function apiKeyRoutes(app: FastifyInstance, services: Services): void {
  async function renderNew(request: FastifyRequest, reply: FastifyReply, status: number, errors: FieldError[], values: { name?: string; scopes: string[] }) {
    const t = request.t;
    return reply.page({
      title: pageTitle(t, t('admin.apiKeys.new'), errors),
      breadcrumbs: breadcrumbs(t, { label: t('admin.apiKeys.title'), href: API_KEYS_PATH }, { label: t('admin.apiKeys.new') }),
      body: NewApiKeyPage({ t, locale: request.locale, csrfToken: reply.csrfToken(), errors, values }),
      status,
    });
  }

  app.get('/api-schluessel', async (request, reply) => {
    requireAccess(staffActor(request), 'users.manage', { tenantId: request.tenant.id });
    const t = request.t;
    const keys = await listApiKeys(services.db, request.tenant.id);
    return reply.page({
      title: t('admin.apiKeys.title'),
      breadcrumbs: breadcrumbs(t, { label: t('admin.apiKeys.title') }),
      body: ApiKeysPage({ t, locale: request.locale, keys, csrfToken: reply.csrfToken() }),
    });
  });

  app.get('/api-schluessel/neu', async (request, reply) => {
    requireAccess(staffActor(request), 'users.manage', { tenantId: request.tenant.id });
    return renderNew(request, reply, 200, [], { scopes: [] });
  });

  app.post('/api-schluessel/neu', async (request, reply) => {
    const actor = staffActor(request);
    requireAccess(actor, 'users.manage', { tenantId: request.tenant.id });
    const t = request.t;
    const name = formValues(request.body).name ?? '';
    const scopes = checkedValues(request.body, 'scopes');
    const errors = formErrors(t, name, scopes);
    if (errors.length > 0) return renderNew(request, reply, 422, errors, { name, scopes });
    const result = await createApiKey(services.db, { tenantId: request.tenant.id, name, scopes, actorLabel: actor.displayName, actorId: actor.userId });
    if (!result.ok) return renderNew(request, reply, 422, [{ field: result.reason === 'invalid-name' ? 'name' : 'scopes', message: t('validation.invalid') }], { name, scopes });
    return reply.page({
      title: t('admin.apiKeys.created.title'),
      breadcrumbs: breadcrumbs(t, { label: t('admin.apiKeys.title'), href: API_KEYS_PATH }, { label: t('admin.apiKeys.created.title') }),
      body: ApiKeyCreatedPage({ t, locale: request.locale, name: name.trim(), apiKey: result.key, scopes }),
    });
  });

  app.post<{ Params: z.infer<typeof keyParams> }>('/api-schluessel/:id/widerrufen', { schema: { params: keyParams } }, async (request, reply) => {
    const actor = staffActor(request);
    requireAccess(actor, 'users.manage', { tenantId: request.tenant.id });
    const result = await revokeApiKey(services.db, request.tenant.id, request.params.id, { actorLabel: actor.displayName, actorId: actor.userId });
    if (!result.ok) return reply.callNotFound();
    reply.flash('success', request.t('admin.apiKeys.revokedFlash', { name: result.name }));
    return reply.redirect(API_KEYS_PATH, 303);
  });
}
