/** Mitarbeitende: admins list, create and deactivate staff accounts of their municipality. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { passwordProblem } from '../../core/auth/passwords.ts';
import { requireAccess } from '../../core/auth/policy.ts';
import { fields, formValues, parseForm, type FieldError } from '../../core/http/validation.ts';
import type { Services } from '../../core/services.ts';
import { deactivateStaffUser } from './commands/deactivate-staff-user.ts';
import { listStaffUsers, listUnits } from './queries.ts';
import { breadcrumbs, pageTitle, staffActor } from './shared.ts';
import { NewStaffUserPage, STAFF_ROLES, StaffUsersPage } from './views/staff-users.tsx';

const PATH = '/verwaltung/mitarbeitende';
const FIELD_ORDER = ['displayName', 'email', 'password', 'role', 'unit'];
const userParams = z.object({ id: z.uuid() });

const newUserForm = z.object({
  displayName: fields.requiredText(200),
  email: fields.email(),
  role: z.enum(STAFF_ROLES, { error: 'validation.choose' }),
  unit: fields.optionalText(100),
});

/** The password is checked apart from the schema: its messages are this page's own, and it is never trimmed. */
function passwordError(password: string): string | null {
  if (password === '') return 'validation.required';
  const problem = passwordProblem(password);
  if (problem === 'too-short') return 'admin.users.error.passwordShort';
  if (problem === 'too-long') return 'admin.users.error.passwordLong';
  return null;
}

const byFieldOrder = (a: FieldError, b: FieldError): number => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field);

export function staffUserRoutes(app: FastifyInstance, services: Services): void {
  async function renderList(request: FastifyRequest, reply: FastifyReply, status: number, errors: FieldError[]) {
    const t = request.t;
    const users = await listStaffUsers(services.db, request.tenant.id);
    return reply.page({
      title: pageTitle(t, t('admin.users.title'), errors),
      breadcrumbs: breadcrumbs(t, { label: t('admin.users.title') }),
      body: StaffUsersPage({ t, users, currentUserId: staffActor(request).userId, csrfToken: reply.csrfToken(), errors }),
      status,
    });
  }

  async function renderNew(request: FastifyRequest, reply: FastifyReply, status: number, errors: FieldError[], values: Record<string, string>) {
    const t = request.t;
    const units = await listUnits(services.db, request.tenant.id);
    const { password: _password, ...safeValues } = values;
    return reply.page({
      title: pageTitle(t, t('admin.users.new'), errors),
      breadcrumbs: breadcrumbs(t, { label: t('admin.users.title'), href: PATH }, { label: t('admin.users.new') }),
      body: NewStaffUserPage({ t, units, csrfToken: reply.csrfToken(), errors, values: safeValues }),
      status,
    });
  }

  app.get('/mitarbeitende', async (request, reply) => {
    requireAccess(staffActor(request), 'users.manage', { tenantId: request.tenant.id });
    return renderList(request, reply, 200, []);
  });

  app.get('/mitarbeitende/neu', async (request, reply) => {
    requireAccess(staffActor(request), 'users.manage', { tenantId: request.tenant.id });
    return renderNew(request, reply, 200, [], {});
  });

  app.post('/mitarbeitende/neu', async (request, reply) => {
    const actor = staffActor(request);
    requireAccess(actor, 'users.manage', { tenantId: request.tenant.id });
    const t = request.t;
    const values = formValues(request.body);
    const parsed = parseForm(newUserForm, request.body, t);
    const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
    const password = values.password ?? '';
    const passwordKey = passwordError(password);
    if (passwordKey) errors.push({ field: 'password', message: t(passwordKey) });
    if (values.role === 'sachbearbeitung' && (values.unit ?? '').trim() === '') errors.push({ field: 'unit', message: t('admin.users.error.unitRequired') });
    if (!parsed.ok || errors.length > 0) return renderNew(request, reply, 422, errors.sort(byFieldOrder), values);

    const { displayName, email, role, unit } = parsed.data;
    const result = await services.staffAuth.createUser({
      tenantId: request.tenant.id,
      email,
      displayName,
      password,
      role,
      // Only case work is tied to a unit; a unit picked for another role is ignored rather than refused.
      unitSlug: role === 'sachbearbeitung' ? unit : undefined,
      actorLabel: actor.displayName,
    });
    if (result.ok) {
      reply.flash('success', t('admin.users.created', { name: displayName }));
      return reply.redirect(PATH, 303);
    }
    const failure: Record<typeof result.reason, FieldError> = {
      exists: { field: 'email', message: t('admin.users.error.exists') },
      'weak-password': { field: 'password', message: t('admin.users.error.passwordShort') },
      'unit-required': { field: 'unit', message: t('admin.users.error.unitRequired') },
      'unknown-unit': { field: 'unit', message: t('validation.choose') },
    };
    return renderNew(request, reply, 422, [failure[result.reason]], values);
  });

  app.post<{ Params: z.infer<typeof userParams> }>('/mitarbeitende/:id/deaktivieren', { schema: { params: userParams } }, async (request, reply) => {
    const actor = staffActor(request);
    requireAccess(actor, 'users.manage', { tenantId: request.tenant.id });
    const t = request.t;
    const result = await deactivateStaffUser(services.db, actor, request.params.id);
    if (result.ok) {
      reply.flash('success', t('admin.users.deactivated', { name: result.displayName }));
      return reply.redirect(PATH, 303);
    }
    if (result.reason === 'not-found') return reply.callNotFound();
    return renderList(request, reply, 422, [{ field: 'users', message: t('admin.users.cannotDeactivateSelf') }]);
  });
}
