/** Einstellungen: every declared tenant setting, changed one at a time, each change audited. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAccess } from '../../core/auth/policy.ts';
import { formValues } from '../../core/http/validation.ts';
import type { Services } from '../../core/services.ts';
import { settingDefinition, settingDefinitions, type SettingDefinition } from '../../core/tenancy/settings.ts';
import type { FieldError } from '../../core/ui/components.tsx';
import { changeSetting } from './commands/change-setting.ts';
import { hasAdminMessage } from './messages.ts';
import { storedSettings } from './queries.ts';
import { breadcrumbs, pageTitle, staffActor } from './shared.ts';
import { settingField, SettingsPage, type SettingView, type SettingsPageProps } from './views/settings.tsx';

const PATH = '/verwaltung/einstellungen';

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function kindOf(def: SettingDefinition): SettingView['kind'] {
  if (typeof def.defaultValue === 'number') return 'number';
  if (typeof def.defaultValue === 'boolean') return 'boolean';
  return 'text';
}

/** Settings declared by modules may lack a German description here; they show their declared text. */
function describe(request: FastifyRequest, def: SettingDefinition): string {
  const key = `admin.setting.${def.key}`;
  return hasAdminMessage(key) ? request.t(key) : def.description;
}

export function settingsRoutes(app: FastifyInstance, services: Services): void {
  async function render(request: FastifyRequest, reply: FastifyReply, status: number, errors: FieldError[], failed?: SettingsPageProps['failed']) {
    const t = request.t;
    const stored = await storedSettings(services.db, request.tenant.id);
    const settings = settingDefinitions().map((def): SettingView => {
      // A stored value the schema no longer accepts falls back to the default, as getSetting does.
      const parsed = stored.has(def.key) ? def.schema.safeParse(stored.get(def.key)) : null;
      const value = parsed?.success ? parsed.data : def.defaultValue;
      return { key: def.key, description: describe(request, def), current: display(value), defaultValue: display(def.defaultValue), usesDefault: !parsed?.success, kind: kindOf(def) };
    });
    return reply.page({
      title: pageTitle(t, t('admin.settings.title'), errors),
      breadcrumbs: breadcrumbs(t, { label: t('admin.settings.title') }),
      body: SettingsPage({ t, tenant: request.tenant, settings, csrfToken: reply.csrfToken(), errors, ...(failed ? { failed } : {}) }),
      status,
    });
  }

  app.get('/einstellungen', async (request, reply) => {
    requireAccess(staffActor(request), 'settings.edit', { tenantId: request.tenant.id });
    return render(request, reply, 200, []);
  });

  app.post('/einstellungen', async (request, reply) => {
    const actor = staffActor(request);
    requireAccess(actor, 'settings.edit', { tenantId: request.tenant.id });
    const t = request.t;
    const form = formValues(request.body);
    const key = form.key ?? '';
    const raw = form.value ?? '';
    const result = await changeSetting(services, actor, { key, raw });
    if (result.ok) {
      reply.flash('success', t('admin.settings.saved', { key }));
      return reply.redirect(PATH, 303);
    }
    if (result.reason === 'unknown-setting') return render(request, reply, 422, [{ field: 'settings', message: t('admin.settings.unknown') }]);
    const description = settingDefinition(key);
    const message = t('admin.settings.invalid', { description: description ? describe(request, description) : key });
    return render(request, reply, 422, [{ field: settingField(key), message }], { key, value: raw, message });
  });
}
