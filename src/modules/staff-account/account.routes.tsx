/**
 * "Mein Konto" for signed-in staff (mounted under /verwaltung behind the
 * staff guard): overview and password change. The TOTP set-up lives in
 * sign-in.routes.tsx because sessions still signing in need it too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../core/services.ts';
import type { FieldError } from '../../core/http/validation.ts';
import { ForbiddenError, type StaffActor } from '../../core/auth/policy.ts';
import type { SessionState } from '../../core/auth/staff-auth.ts';
import { passwordProblem } from '../../core/auth/passwords.ts';
import type { Translate } from '../../core/i18n/i18n.ts';
import { unitNames } from './account.service.ts';
import { stringField, STAFF_HOME } from './return-path.ts';
import { sessionCookie } from './session-cookie.ts';
import { ACCOUNT_PATH } from './sign-in.routes.tsx';
import { AccountOverview, PasswordForm } from './views/account.tsx';

/** The guard already admitted only signed-in staff; this narrows the types (and denies if that ever changes). */
function signedIn(request: FastifyRequest): { actor: StaffActor; session: SessionState } {
  if (!request.staff || !request.staffSession) throw new ForbiddenError();
  return { actor: request.staff, session: request.staffSession };
}

/** Checks that need no database; the service checks the current password (and the rules again). */
function passwordFormErrors(t: Translate, input: { current: string; next: string; repeat: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.current === '') errors.push({ field: 'current', message: t('validation.required') });
  const problem = input.next === '' ? null : passwordProblem(input.next);
  if (input.next === '') errors.push({ field: 'next', message: t('validation.required') });
  else if (problem) errors.push({ field: 'next', message: t(problem === 'too-short' ? 'account.password.tooShort' : 'account.password.tooLong') });
  else if (input.repeat === '') errors.push({ field: 'repeat', message: t('validation.required') });
  else if (input.repeat !== input.next) errors.push({ field: 'repeat', message: t('account.password.mismatch') });
  return errors;
}

export function accountRoutes(app: FastifyInstance, services: Services): void {
  const cookie = sessionCookie(services.config.secureCookies);

  const crumbs = (t: Translate, current: string) => [
    { label: t('staff.area'), href: STAFF_HOME },
    { label: t('account.title'), href: ACCOUNT_PATH },
    { label: current },
  ];

  function renderPassword(request: FastifyRequest, reply: FastifyReply, errors: FieldError[], status = 200) {
    const t = request.t;
    const title = t('account.password.title');
    return reply.page({ title, status, breadcrumbs: crumbs(t, title), body: <PasswordForm t={t} csrfToken={reply.csrfToken()} errors={errors} /> });
  }

  app.get('/konto', async (request, reply) => {
    const t = request.t;
    const { actor, session } = signedIn(request);
    const units = await unitNames(services.db, actor.tenantId, actor.roles.flatMap((r) => (r.unitId ? [r.unitId] : [])));
    const roles = actor.roles
      .map((r) => {
        const role = t(`account.role.${r.role}`);
        const unit = r.unitId ? units.get(r.unitId) : undefined;
        return unit ? t('account.role.withUnit', { role, unit }) : role;
      })
      // The database returns roles in no particular order; the page should not reshuffle between visits.
      .sort((a, b) => a.localeCompare(b, request.locale));
    const title = t('account.title');
    return reply.page({
      title,
      breadcrumbs: [{ label: t('staff.area'), href: STAFF_HOME }, { label: title }],
      body: <AccountOverview t={t} name={actor.displayName} email={session.email} roles={roles} totpEnabled={session.totpEnabled} />,
    });
  });

  app.get('/konto/passwort', async (request, reply) => renderPassword(request, reply, []));

  // Limited per IP: a stolen session must not become a way to guess the current password.
  app.post('/konto/passwort', { config: { rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const t = request.t;
    const { actor } = signedIn(request);
    const input = {
      current: stringField(request.body, 'current') ?? '',
      next: stringField(request.body, 'next') ?? '',
      repeat: stringField(request.body, 'repeat') ?? '',
    };
    const errors = passwordFormErrors(t, input);
    if (errors.length > 0) return renderPassword(request, reply, errors, 422);
    const result = await services.staffAuth.changePassword(actor, cookie.read(request) ?? '', input.current, input.next);
    if (!result.ok) {
      const error =
        result.reason === 'wrong-password'
          ? { field: 'current', message: t('account.password.wrong') }
          : { field: 'next', message: t(result.reason === 'too-short' ? 'account.password.tooShort' : 'account.password.tooLong') };
      return renderPassword(request, reply, [error], 422);
    }
    reply.flash('success', t('account.password.changed'));
    return reply.redirect(ACCOUNT_PATH, 303);
  });
}
