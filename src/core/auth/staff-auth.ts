/**
 * Staff authentication: Argon2id passwords, optional (in production
 * mandatory) TOTP second factor, server-side sessions in PostgreSQL with idle
 * and absolute timeouts, and a per-account lock after repeated failures
 * (on top of the per-IP rate limit of the login route).
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { Config } from '../config/config.ts';
import type { Db, Executor } from '../db/database.ts';
import type { StaffRole } from '../db/tables.ts';
import type { TenantService } from '../tenancy/tenants.ts';
import { audit } from '../audit/audit.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import type { StaffActor } from './policy.ts';

const FAILURE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_ACCOUNT = 5;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Roles that always need a second factor, whatever REQUIRE_TOTP says. */
export const SECOND_FACTOR_ROLES: ReadonlySet<StaffRole> = new Set<StaffRole>(['mandatstraeger']);

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

// A real hash to verify against when the e-mail is unknown, so response time does not reveal which accounts exist.
const dummyHash = hashPassword(randomBytes(16).toString('hex'));

export interface SessionState {
  actor: StaffActor;
  secondFactorPending: boolean;
  totpEnabled: boolean;
  email: string;
}

function totpFor(secret: string, label: string, issuer: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/**
 * Grants a tenant-wide role to the active account with this e-mail, inside
 * the caller's transaction (e.g. the Ratsbüro linking a council member's
 * login). Idempotent. null: no such account.
 */
export async function grantRoleByEmail(executor: Executor, tenantId: string, email: string, role: StaffRole): Promise<{ userId: string; granted: boolean } | null> {
  const account = await executor.selectFrom('staff_users').select('id').where('tenant_id', '=', tenantId).where(sql<string>`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!account) return null;
  const has = await executor.selectFrom('staff_roles').select('role').where('tenant_id', '=', tenantId).where('user_id', '=', account.id).where('role', '=', role).where('unit_id', 'is', null).executeTakeFirst();
  if (has) return { userId: account.id, granted: false };
  await executor.insertInto('staff_roles').values({ tenant_id: tenantId, user_id: account.id, role, unit_id: null }).execute();
  return { userId: account.id, granted: true };
}

export function createStaffAuth(deps: { db: Db; tenants: TenantService; config: Config; now?: () => Date }) {
  const { db, tenants, config } = deps;
  const now = deps.now ?? (() => new Date());

  async function recentFailures(tenantId: string, email: string, action = 'auth.login.failed'): Promise<number> {
    const row = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('action', '=', action)
      .where(sql<string>`details->>'email'`, '=', email)
      .where('at', '>', new Date(now().getTime() - FAILURE_WINDOW_MINUTES * 60_000))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function rolesOf(tenantId: string, userId: string) {
    return db.selectFrom('staff_roles').select(['role', 'unit_id']).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  }

  async function createSession(tenantId: string, userId: string, secondFactorPending: boolean): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const hours = await tenants.getSetting<number>(tenantId, 'session.absoluteHours');
    await db
      .insertInto('sessions')
      .values({ id_hash: hashToken(token), tenant_id: tenantId, user_id: userId, second_factor_pending: secondFactorPending, created_at: now(), last_seen_at: now(), expires_at: new Date(now().getTime() + hours * 3_600_000) })
      .execute();
    return token;
  }

  /**
   * Checks e-mail and password. Outcomes: `ok` with a new session token (which
   * may still need the second factor), `invalid`, `locked`.
   */
  async function login(tenantId: string, emailInput: string, password: string): Promise<{ ok: true; token: string; secondFactor: 'required' | 'setup' | 'none' } | { ok: false; reason: 'invalid' | 'locked' }> {
    const email = emailInput.trim().toLowerCase();
    if ((await recentFailures(tenantId, email)) >= MAX_FAILURES_PER_ACCOUNT) {
      await audit(db, { tenantId, actorId: null, actorLabel: email, action: 'auth.login.locked', details: { email } });
      return { ok: false, reason: 'locked' };
    }
    const user = await db
      .selectFrom('staff_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(sql<string>`lower(email)`, '=', email)
      .where('active', '=', true)
      .executeTakeFirst();
    const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
    if (!user || !valid) {
      await audit(db, { tenantId, actorId: user?.id ?? null, actorLabel: email, action: 'auth.login.failed', details: { email } });
      return { ok: false, reason: 'invalid' };
    }
    // Council members read non-public documents: their second factor is mandatory everywhere, not only in production.
    const needsSecondFactor = config.requireTotp || (await rolesOf(tenantId, user.id)).some((r) => SECOND_FACTOR_ROLES.has(r.role as StaffRole));
    const secondFactor = user.totp_enabled ? 'required' : needsSecondFactor ? 'setup' : 'none';
    const token = await createSession(tenantId, user.id, secondFactor !== 'none');
    await audit(db, { tenantId, actorId: user.id, actorLabel: user.display_name, action: secondFactor === 'none' ? 'auth.login' : 'auth.login.password-ok', details: { secondFactor } });
    return { ok: true, token, secondFactor };
  }

  /** The session behind a cookie token, or null when unknown, idle too long or expired. */
  async function session(tenantId: string, token: string | undefined): Promise<SessionState | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('staff_users as u', (j) => j.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.user_id'))
      .select(['s.id_hash', 's.user_id', 's.second_factor_pending', 's.last_seen_at', 's.expires_at', 'u.display_name', 'u.email', 'u.totp_enabled', 'u.active'])
      .where('s.id_hash', '=', hashToken(token))
      .where('s.tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!row || !row.active) return null;
    const idleMinutes = await tenants.getSetting<number>(tenantId, 'session.idleMinutes');
    const current = now().getTime();
    if (row.expires_at.getTime() <= current || row.last_seen_at.getTime() + idleMinutes * 60_000 <= current) {
      await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
      return null;
    }
    if (current - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
      await db.updateTable('sessions').set({ last_seen_at: now() }).where('id_hash', '=', row.id_hash).execute();
    }
    const roles = await rolesOf(tenantId, row.user_id);
    return {
      actor: { kind: 'staff', tenantId, userId: row.user_id, displayName: row.display_name, roles: roles.map((r) => ({ role: r.role as StaffRole, unitId: r.unit_id })) },
      secondFactorPending: row.second_factor_pending,
      totpEnabled: row.totp_enabled,
      email: row.email,
    };
  }

  async function logout(tenantId: string, token: string | undefined, actor: StaffActor | null): Promise<void> {
    if (!token) return;
    await db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).where('tenant_id', '=', tenantId).execute();
    if (actor) await audit(db, { tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'auth.logout' });
  }

  /** Second step of the login. Outcomes: ok (new session token: the id changes on privilege change), invalid. */
  async function verifySecondFactor(tenantId: string, token: string, code: string): Promise<{ ok: true; token: string } | { ok: false; reason: 'invalid' }> {
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('staff_users as u', (j) => j.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.user_id'))
      .select(['s.id_hash', 's.user_id', 'u.totp_secret', 'u.email', 'u.display_name'])
      .where('s.id_hash', '=', hashToken(token))
      .where('s.tenant_id', '=', tenantId)
      .where('s.second_factor_pending', '=', true)
      .executeTakeFirst();
    if (!row?.totp_secret) return { ok: false, reason: 'invalid' };
    // Six digits are guessable with enough tries: the account locks like the password step does.
    if ((await recentFailures(tenantId, row.email.toLowerCase(), 'auth.totp.failed')) >= MAX_FAILURES_PER_ACCOUNT) return { ok: false, reason: 'invalid' };
    const tenant = (await tenants.all()).find((t) => t.id === tenantId);
    const delta = totpFor(row.totp_secret, row.email, tenant?.name ?? 'Rathaus').validate({ token: code.replace(/\s/g, ''), window: 1 });
    if (delta === null) {
      await audit(db, { tenantId, actorId: row.user_id, actorLabel: row.display_name, action: 'auth.totp.failed', details: { email: row.email.toLowerCase() } });
      return { ok: false, reason: 'invalid' };
    }
    await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
    const fresh = await createSession(tenantId, row.user_id, false);
    await audit(db, { tenantId, actorId: row.user_id, actorLabel: row.display_name, action: 'auth.login', details: { secondFactor: 'totp' } });
    return { ok: true, token: fresh };
  }

  /** A new TOTP secret for the set-up page (not active until confirmed with a code). */
  function newTotpSecret(): string {
    return new OTPAuth.Secret({ size: 20 }).base32;
  }

  function totpUri(secret: string, email: string, issuer: string): string {
    return totpFor(secret, email, issuer).toString();
  }

  /**
   * Activates TOTP after the user proved the authenticator works. The current
   * session is replaced by a new, fully signed-in one (its id changes with the
   * privilege); the user's other sessions end, so a session that only passed
   * the password step elsewhere gains nothing. Outcomes: ok (new token), invalid, locked.
   */
  async function enableTotp(actor: StaffActor, email: string, issuer: string, secret: string, code: string): Promise<{ ok: true; token: string } | { ok: false; reason: 'invalid' | 'locked' }> {
    if ((await recentFailures(actor.tenantId, email.toLowerCase(), 'auth.totp.failed')) >= MAX_FAILURES_PER_ACCOUNT) return { ok: false, reason: 'locked' };
    if (!/^[A-Z2-7]{32}$/.test(secret) || totpFor(secret, email, issuer).validate({ token: code.replace(/\s/g, ''), window: 1 }) === null) {
      await audit(db, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'auth.totp.failed', details: { email: email.toLowerCase() } });
      return { ok: false, reason: 'invalid' };
    }
    const token = await db.transaction().execute(async (tx) => {
      await tx.updateTable('staff_users').set({ totp_secret: secret, totp_enabled: true }).where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).execute();
      await tx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId).execute();
      const fresh = randomBytes(32).toString('base64url');
      const hours = await tenants.getSetting<number>(actor.tenantId, 'session.absoluteHours', tx);
      await tx
        .insertInto('sessions')
        .values({ id_hash: hashToken(fresh), tenant_id: actor.tenantId, user_id: actor.userId, second_factor_pending: false, created_at: now(), last_seen_at: now(), expires_at: new Date(now().getTime() + hours * 3_600_000) })
        .execute();
      await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'auth.totp.enabled' });
      return fresh;
    });
    return { ok: true, token };
  }

  /** Outcomes: ok (other sessions of the user end), wrong-password, too-short, too-long. */
  async function changePassword(actor: StaffActor, currentToken: string, current: string, next: string): Promise<{ ok: true } | { ok: false; reason: 'wrong-password' | 'too-short' | 'too-long' }> {
    const user = await db.selectFrom('staff_users').select('password_hash').where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(user.password_hash, current))) return { ok: false, reason: 'wrong-password' };
    const problem = passwordProblem(next);
    if (problem) return { ok: false, reason: problem };
    const hash = await hashPassword(next);
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('staff_users').set({ password_hash: hash, password_changed_at: now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).execute();
      await tx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId).where('id_hash', '<>', hashToken(currentToken)).execute();
      await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'auth.password.changed' });
    });
    return { ok: true };
  }

  /** Creates a staff account (CLI, admin page). Outcomes: ok, exists, weak-password, unknown-unit. */
  async function createUser(input: { tenantId: string; email: string; displayName: string; password: string; role: StaffRole; unitSlug?: string; actorLabel: string }): Promise<{ ok: true; id: string } | { ok: false; reason: 'exists' | 'weak-password' | 'unknown-unit' | 'unit-required' }> {
    if (passwordProblem(input.password)) return { ok: false, reason: 'weak-password' };
    if (input.role === 'sachbearbeitung' && !input.unitSlug) return { ok: false, reason: 'unit-required' };
    const unit = input.unitSlug ? await db.selectFrom('org_units').select('id').where('tenant_id', '=', input.tenantId).where('slug', '=', input.unitSlug).executeTakeFirst() : null;
    if (input.unitSlug && !unit) return { ok: false, reason: 'unknown-unit' };
    const hash = await hashPassword(input.password);
    try {
      return await db.transaction().execute(async (tx) => {
        const user = await tx.insertInto('staff_users').values({ tenant_id: input.tenantId, email: input.email.trim(), display_name: input.displayName, password_hash: hash }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('staff_roles').values({ tenant_id: input.tenantId, user_id: user.id, role: input.role, unit_id: input.role === 'sachbearbeitung' ? (unit?.id ?? null) : null }).execute();
        await audit(tx, { tenantId: input.tenantId, actorId: null, actorLabel: input.actorLabel, action: 'staff.create', objectType: 'staff_user', objectId: user.id, details: { role: input.role } });
        return { ok: true as const, id: user.id };
      });
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'staff_users_email') return { ok: false, reason: 'exists' };
      throw error;
    }
  }

  async function purgeExpiredSessions(): Promise<number> {
    const result = await db.deleteFrom('sessions').where('expires_at', '<', now()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  return { login, session, logout, verifySecondFactor, newTotpSecret, totpUri, enableTotp, changePassword, createUser, purgeExpiredSessions };
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;
