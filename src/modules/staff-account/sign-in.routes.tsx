/**
 * Sign-in (password, then TOTP code or TOTP set-up) and sign-out. These are
 * public routes with full paths: the staff guard lets only fully signed-in
 * staff through, and these pages are the way there.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../core/services.ts';
import type { SessionState } from '../../core/auth/staff-auth.ts';
import { fields, parseForm, type FieldError } from '../../core/http/validation.ts';
import type { Translate } from '../../core/i18n/i18n.ts';
import { safeReturnPath, STAFF_HOME, stringField, withReturnPath } from './return-path.ts';
import { sessionCookie } from './session-cookie.ts';
import { openSetupToken, signSetupToken } from './setup-token.ts';
import { CodeForm, LoginForm } from './views/login.tsx';
import { TotpSetup } from './views/account.tsx';

export const LOGIN_PATH = '/verwaltung/anmelden';
export const CODE_PATH = '/verwaltung/anmelden/code';
export const SETUP_PATH = '/verwaltung/konto/zwei-faktor';
export const LOGOUT_PATH = '/verwaltung/abmelden';
export const ACCOUNT_PATH = '/verwaltung/konto';

/**
 * Per IP, against guessing across many accounts (the service locks a single
 * account after five failures). Counters live in PostgreSQL, so every
 * instance shares them.
 */
const perIpLimit = { rateLimit: { max: 10, timeWindow: '10 minutes' } };

const loginSchema = z.object({
  email: fields.email(),
  // Not trimmed: spaces are part of a password.
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(1024, 'validation.tooLong'),
});

/** Apps show codes as "123 456"; people type them that way. */
export function normalizeCode(raw: string | undefined): string {
  return (raw ?? '').replace(/[\s-]/g, '');
}

export function codeErrors(code: string, t: Translate): FieldError[] {
  if (code === '') return [{ field: 'code', message: t('validation.required') }];
  if (!/^\d{6}$/.test(code)) return [{ field: 'code', message: t('account.code.format') }];
  return [];
}

/** The next step of a session that waits for its second factor: the code, or the set-up when it has none yet. */
function pendingStep(session: SessionState): string {
  return session.totpEnabled ? CODE_PATH : SETUP_PATH;
}

/** Where a request for the code step must go instead, or null when it belongs there. */
function codeStepRedirect(request: FastifyRequest, returnPath: string | null): string | null {
  if (request.staff) return returnPath ?? STAFF_HOME;
  if (!request.staffSession) return withReturnPath(LOGIN_PATH, returnPath);
  if (!request.staffSession.totpEnabled) return withReturnPath(SETUP_PATH, returnPath);
  return null;
}

type SetupAccess = { ok: true; session: SessionState } | { ok: false; redirect: string };

/**
 * The set-up page serves signed-in staff and sessions that must set up TOTP
 * before they may enter. A session waiting for the code of an existing TOTP
 * has only proven the password: it must never replace the second factor.
 */
function setupAccess(request: FastifyRequest, returnPath: string | null): SetupAccess {
  const session = request.staffSession;
  if (!session) return { ok: false, redirect: withReturnPath(LOGIN_PATH, SETUP_PATH) };
  if (session.secondFactorPending && session.totpEnabled) return { ok: false, redirect: withReturnPath(CODE_PATH, returnPath) };
  return { ok: true, session };
}

export function signInRoutes(app: FastifyInstance, services: Services): void {
  const { staffAuth, config } = services;
  const cookie = sessionCookie(config.secureCookies);

  function renderLogin(request: FastifyRequest, reply: FastifyReply, state: { returnPath: string | null; email: string; errors: FieldError[] }, status = 200) {
    const t = request.t;
    return reply.page({ title: t('account.login.title'), status, body: <LoginForm t={t} csrfToken={reply.csrfToken()} {...state} /> });
  }

  function renderCode(request: FastifyRequest, reply: FastifyReply, state: { returnPath: string | null; errors: FieldError[] }, status = 200) {
    const t = request.t;
    return reply.page({ title: t('account.code.title'), status, body: <CodeForm t={t} csrfToken={reply.csrfToken()} tenantName={request.tenant.name} {...state} /> });
  }

  function renderSetup(request: FastifyRequest, reply: FastifyReply, session: SessionState, state: { secret: string; setupToken: string; returnPath: string | null; errors: FieldError[] }, status = 200) {
    const t = request.t;
    const signingIn = session.secondFactorPending;
    const title = t('account.setup.title');
    return reply.page({
      title,
      status,
      // A session still signing in cannot open the other back-office pages, so it gets no links to them.
      ...(signingIn ? {} : { breadcrumbs: [{ label: t('staff.area'), href: STAFF_HOME }, { label: t('account.title'), href: ACCOUNT_PATH }, { label: title }] }),
      body: (
        <TotpSetup
          t={t}
          csrfToken={reply.csrfToken()}
          signingIn={signingIn}
          totpEnabled={session.totpEnabled}
          uri={staffAuth.totpUri(state.secret, session.email, request.tenant.name)}
          {...state}
        />
      ),
    });
  }

  function freshSetup(session: SessionState) {
    const secret = staffAuth.newTotpSecret();
    return { secret, setupToken: signSetupToken(config.sessionSecret, session.actor, secret, Date.now()) };
  }

  app.get(LOGIN_PATH, async (request, reply) => {
    const returnPath = safeReturnPath(stringField(request.query, 'weiter'));
    if (request.staff) return reply.redirect(returnPath ?? STAFF_HOME, 303);
    if (request.staffSession) return reply.redirect(withReturnPath(pendingStep(request.staffSession), returnPath), 303);
    return renderLogin(request, reply, { returnPath, email: '', errors: [] });
  });

  app.post(LOGIN_PATH, { config: perIpLimit }, async (request, reply) => {
    const t = request.t;
    const returnPath = safeReturnPath(stringField(request.body, 'weiter'));
    const email = stringField(request.body, 'email') ?? '';
    const form = parseForm(loginSchema, request.body, t);
    if (!form.ok) return renderLogin(request, reply, { returnPath, email, errors: form.errors }, 422);
    const result = await staffAuth.login(request.tenant.id, form.data.email, form.data.password);
    if (!result.ok) {
      // One message for unknown e-mail and wrong password, so the form does not reveal who has an account.
      const message = t(result.reason === 'locked' ? 'account.login.locked' : 'account.login.invalid');
      return renderLogin(request, reply, { returnPath, email, errors: [{ field: 'email', message }] }, 422);
    }
    // A new sign-in replaces whatever session this browser held, so an old or planted token does not stay valid.
    await staffAuth.logout(request.tenant.id, cookie.read(request), null);
    cookie.set(reply, result.token);
    if (result.secondFactor === 'required') return reply.redirect(withReturnPath(CODE_PATH, returnPath), 303);
    if (result.secondFactor === 'setup') return reply.redirect(withReturnPath(SETUP_PATH, returnPath), 303);
    return reply.redirect(returnPath ?? STAFF_HOME, 303);
  });

  app.get(CODE_PATH, async (request, reply) => {
    const returnPath = safeReturnPath(stringField(request.query, 'weiter'));
    const elsewhere = codeStepRedirect(request, returnPath);
    if (elsewhere) return reply.redirect(elsewhere, 303);
    return renderCode(request, reply, { returnPath, errors: [] });
  });

  app.post(CODE_PATH, { config: perIpLimit }, async (request, reply) => {
    const returnPath = safeReturnPath(stringField(request.body, 'weiter'));
    const elsewhere = codeStepRedirect(request, returnPath);
    if (elsewhere) return reply.redirect(elsewhere, 303);
    const code = normalizeCode(stringField(request.body, 'code'));
    const errors = codeErrors(code, request.t);
    if (errors.length > 0) return renderCode(request, reply, { returnPath, errors }, 422);
    const result = await staffAuth.verifySecondFactor(request.tenant.id, cookie.read(request) ?? '', code);
    if (!result.ok) return renderCode(request, reply, { returnPath, errors: [{ field: 'code', message: request.t('account.code.invalid') }] }, 422);
    cookie.set(reply, result.token);
    return reply.redirect(returnPath ?? STAFF_HOME, 303);
  });

  app.get(SETUP_PATH, async (request, reply) => {
    const returnPath = safeReturnPath(stringField(request.query, 'weiter'));
    const access = setupAccess(request, returnPath);
    if (!access.ok) return reply.redirect(access.redirect, 303);
    return renderSetup(request, reply, access.session, { ...freshSetup(access.session), returnPath, errors: [] });
  });

  app.post(SETUP_PATH, { config: perIpLimit }, async (request, reply) => {
    const t = request.t;
    const returnPath = safeReturnPath(stringField(request.body, 'weiter'));
    const access = setupAccess(request, returnPath);
    if (!access.ok) return reply.redirect(access.redirect, 303);
    const { session } = access;
    const setupToken = stringField(request.body, 'setup');
    const secret = openSetupToken(config.sessionSecret, session.actor, setupToken, Date.now());
    if (!secret || !setupToken) {
      return renderSetup(request, reply, session, { ...freshSetup(session), returnPath, errors: [{ field: 'code', message: t('account.setup.expired') }] }, 422);
    }
    const code = normalizeCode(stringField(request.body, 'code'));
    const errors = codeErrors(code, t);
    if (errors.length > 0) return renderSetup(request, reply, session, { secret, setupToken, returnPath, errors }, 422);
    const result = await staffAuth.enableTotp(session.actor, session.email, request.tenant.name, secret, code);
    if (!result.ok) return renderSetup(request, reply, session, { secret, setupToken, returnPath, errors: [{ field: 'code', message: t('account.code.invalid') }] }, 422);
    // The session id changes with the privilege; the old cookie is dead now.
    cookie.set(reply, result.token);
    reply.flash('success', t('account.setup.done'));
    return reply.redirect(session.secondFactorPending ? (returnPath ?? STAFF_HOME) : ACCOUNT_PATH, 303);
  });

  // Public, not behind the staff guard: a session that is still signing in, or has just expired, must be able to leave cleanly.
  app.post(LOGOUT_PATH, async (request, reply) => {
    await staffAuth.logout(request.tenant.id, cookie.read(request), request.staffSession?.actor ?? null);
    cookie.clear(reply);
    // Council members may keep non-public documents for offline reading (service worker caches): they end with the session.
    reply.header('clear-site-data', '"cache", "storage"');
    reply.flash('success', request.t('account.logout.done'));
    return reply.redirect(LOGIN_PATH, 303);
  });
}
