/**
 * What citizens do around a report after sending it: follow a report
 * (double opt-in, unsubscribe by link), the reporter's "Nicht erledigt"
 * (reopen) and satisfaction feedback through their status link, and
 * "Meine Meldungen" (a signed, expiring link mailed to the address).
 *
 * Each command returns a named outcome; nothing here knows about HTTP.
 * Answers never reveal whether an address follows a report or has sent
 * reports: the routes say the same in every case.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Services } from '../../../../core/services.ts';
import type { Locale } from '../../../../core/i18n/i18n.ts';
import { formatDate } from '../../../../core/i18n/i18n.ts';
import { queueMail } from '../../../../core/mail/outbox.ts';
import { countHit } from '../../../../core/http/rate-limit-store.ts';
import type { Tenant } from '../../../../core/tenancy/tenants.ts';
import type { Bundesland } from '../../../../core/time/holidays.ts';
import { workingDaysDeadline } from '../../../../core/time/working-days.ts';
import { reportsOf, notifyDepsOf } from '../../instance.ts';
import { followerKey, hashToken, notifyReportChange, verifyUnsubscribeToken } from '../../notify.ts';
import { isClosedState } from '../../model/states.ts';
import { lockReport, placeOf, reporterKey } from '../../reports.service.ts';
import type { ReportState } from '../../schema.ts';

const HOUR_MS = 3_600_000;
/** How long a "Meine Meldungen" link works. */
export const MINE_LINK_MS = 24 * HOUR_MS;
/** Mails per address and hour (follow confirmations per report; "Meine Meldungen" links): nobody can flood an inbox. */
const MAILS_PER_ADDRESS_HOUR = 3;

/** The public timeline's text of a reopening: fixed, so nothing of the reporter's words becomes public. */

const FOLLOW_TOKEN = /^[A-Za-z0-9_-]{32}$/;
const MINE_TOKEN = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

const normalise = (email: string): string => email.trim().toLowerCase();


const mineMac = (secret: string, tenantId: string, key: string, expires: number): string =>
  createHmac('sha256', secret).update(`report-mine:${tenantId}:${key}:${expires}`).digest('base64url');

/** "<expiry in seconds, base 36>.<reporter key, base64url>.<HMAC>": bound to the tenant, not stored anywhere. */
export function mineToken(secret: string, tenantId: string, key: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${expires.toString(36)}.${Buffer.from(key, 'hex').toString('base64url')}.${mineMac(secret, tenantId, key, expires)}`;
}

export type MineTokenCheck = { ok: true; key: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a "Meine Meldungen" token: made by us for this tenant (checked first), and not expired. */
export function verifyMineToken(secret: string, tenantId: string, token: string, now: Date): MineTokenCheck {
  const match = MINE_TOKEN.exec(token);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, exp, keyPart, mac] = match as unknown as [string, string, string, string];
  const expires = parseInt(exp, 36);
  const key = Buffer.from(keyPart, 'base64url').toString('hex');
  if (!Number.isSafeInteger(expires) || key.length !== 64) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mineMac(secret, tenantId, key, expires));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(expires * 1000);
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, key, expiresAt };
}

export interface MineEntry {
  reference: string;
  categoryName: { de: string; en: string };
  place: string;
  state: ReportState;
  requestedAt: Date;
  /** The reporter's own page; null once the case was anonymised. */
  statusPath: string | null;
}

export function reporterCommands(services: Services) {
  const { db } = services;
  const reports = reportsOf(services);
  const secret = services.config.sessionSecret;
  const now = () => services.now();

  /** True while this address may still be mailed about `subject` this hour. */
  async function mailBudget(subject: string): Promise<boolean> {
    return (await countHit(services.pool, subject, HOUR_MS)) <= MAILS_PER_ADDRESS_HOUR;
  }

  /**
   * Somebody wants to follow a public report: stores (or refreshes) an
   * unconfirmed subscription and mails the confirmation link. An address that
   * already follows keeps its confirmation. Outcomes: ok (also when the
   * address was mailed too often this hour: nothing is sent), not-found.
   */
  async function follow(tenant: Tenant, reference: string, email: string, locale: Locale): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
    const report = await reports.getPublic(tenant.id, reference);
    if (!report) return { ok: false, reason: 'not-found' };
    const key = followerKey(secret, tenant.id, email);
    if (!(await mailBudget(`report-follow:${tenant.id}:${report.id}:${key}`))) return { ok: true };
    const token = randomBytes(24).toString('base64url');
    const at = now();
    const privacyVersion = await services.tenants.getSetting<string>(tenant.id, 'privacy.noticeVersion');
    const { case_id: caseId } = await db.selectFrom('reports').select('case_id').where('tenant_id', '=', tenant.id).where('id', '=', report.id).executeTakeFirstOrThrow();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('report_subscriptions')
        .values({ tenant_id: tenant.id, report_id: report.id, email: email.trim(), email_key: key, token_hash: hashToken(token), locale, privacy_version: privacyVersion, confirmed_at: null, created_at: at })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'report_id', 'email_key']).doUpdateSet({
            token_hash: hashToken(token),
            locale,
            privacy_version: privacyVersion,
            // An unconfirmed request starts its seven days again (the nightly tidy-up counts from here).
            created_at: sql<Date>`case when report_subscriptions.confirmed_at is null then ${at} else report_subscriptions.created_at end`,
          }),
        )
        .execute();
      // Linked to the Vorgang, so the follower's address leaves the outbox when the report's personal data is anonymised.
      await queueMail(tx, services.jobs, {
        tenantId: tenant.id,
        caseId,
        to: email.trim(),
        locale,
        template: 'report.subscribe',
        params: {
          tenantName: tenant.name,
          reference: report.reference,
          category: report.categoryName[locale],
          place: placeOf(report.address, report.lat !== null && report.lng !== null ? { lat: report.lat, lng: report.lng } : null),
          confirmUrl: `${await services.baseUrlOf(tenant.id)}/maengelmelder/abo/${token}`,
        },
      });
    });
    return { ok: true };
  }

  /** The report a confirmation link belongs to (for the page with the button), or null. */
  async function subscriptionOf(tenantId: string, token: string): Promise<{ reference: string; confirmed: boolean } | null> {
    if (!FOLLOW_TOKEN.test(token)) return null;
    const row = await db
      .selectFrom('report_subscriptions as s')
      .innerJoin('reports as r', (j) => j.onRef('r.tenant_id', '=', 's.tenant_id').onRef('r.id', '=', 's.report_id'))
      .select(['r.reference', 's.confirmed_at'])
      .where('s.tenant_id', '=', tenantId)
      .where('s.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    return row ? { reference: row.reference, confirmed: row.confirmed_at !== null } : null;
  }

  /** Double opt-in, second step. Outcomes: confirmed, already (confirmed before), not-found. */
  async function confirmFollow(tenantId: string, token: string): Promise<{ ok: true; outcome: 'confirmed' | 'already'; reference: string } | { ok: false; reason: 'not-found' }> {
    const found = await subscriptionOf(tenantId, token);
    if (!found) return { ok: false, reason: 'not-found' };
    const updated = await db
      .updateTable('report_subscriptions')
      .set({ confirmed_at: now() })
      .where('tenant_id', '=', tenantId)
      .where('token_hash', '=', hashToken(token))
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    return { ok: true, outcome: Number(updated.numUpdatedRows) > 0 ? 'confirmed' : 'already', reference: found.reference };
  }

  /** The report an unsubscribe link belongs to: invalid (not made by us), gone (already unsubscribed), or the report. */
  async function unsubscribeTarget(tenantId: string, token: string): Promise<{ ok: true; reference: string } | { ok: false; reason: 'invalid' | 'gone' }> {
    const id = verifyUnsubscribeToken(secret, token);
    if (!id) return { ok: false, reason: 'invalid' };
    const row = await db
      .selectFrom('report_subscriptions as s')
      .innerJoin('reports as r', (j) => j.onRef('r.tenant_id', '=', 's.tenant_id').onRef('r.id', '=', 's.report_id'))
      .select('r.reference')
      .where('s.tenant_id', '=', tenantId)
      .where('s.id', '=', id)
      .executeTakeFirst();
    return row ? { ok: true, reference: row.reference } : { ok: false, reason: 'gone' };
  }

  /** Deletes the subscription (the address with it). Outcomes: removed, gone (nothing left to remove), invalid. */
  async function unsubscribe(tenantId: string, token: string): Promise<{ ok: true; outcome: 'removed' | 'gone' } | { ok: false; reason: 'invalid' }> {
    const id = verifyUnsubscribeToken(secret, token);
    if (!id) return { ok: false, reason: 'invalid' };
    const deleted = await db.deleteFrom('report_subscriptions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return { ok: true, outcome: Number(deleted.numDeletedRows) > 0 ? 'removed' : 'gone' };
  }

  /** The report of a status link, locked for a change by the reporter. */
  async function reportOfCase(tenantId: string, accessToken: string): Promise<{ reportId: string } | null> {
    const found = await services.cases.findByAccessToken(tenantId, accessToken);
    if (!found) return null;
    const row = await db.selectFrom('reports').select('id').where('tenant_id', '=', tenantId).where('case_id', '=', found.id).executeTakeFirst();
    return row ? { reportId: row.id } : null;
  }

  /**
   * "Nicht erledigt": the reporter reopens their closed report within the
   * reopen period. The report goes back to in progress with a new deadline,
   * the Vorgang too; the reason stays in the case history (never public);
   * followers are told. Outcomes: ok, not-found, not-closed (e.g. reopened
   * already), period-over.
   */
  async function reopen(tenant: Tenant, accessToken: string, reason: string): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-closed' | 'period-over' }> {
    const target = await reportOfCase(tenant.id, accessToken);
    if (!target) return { ok: false, reason: 'not-found' };
    return db.transaction().execute(async (tx) => {
      const report = await lockReport(tx, tenant.id, target.reportId);
      if (!report) return { ok: false, reason: 'not-found' as const };
      if (!isClosedState(report.state)) return { ok: false, reason: 'not-closed' as const };
      const at = now();
      if (!report.reopen_until || report.reopen_until <= at) return { ok: false, reason: 'period-over' as const };
      const category = await tx.selectFrom('report_categories').select('deadline_days').where('tenant_id', '=', tenant.id).where('id', '=', report.category_id).executeTakeFirstOrThrow();
      const dueAt = workingDaysDeadline(at, category.deadline_days, tenant.bundesland as Bundesland);
      await tx
        .updateTable('reports')
        .set({ state: 'in_progress', state_reason: null, closed_at: null, reopen_until: null, reopen_count: sql<number>`reopen_count + 1`, due_at: dueAt, updated_at: at })
        .where('tenant_id', '=', tenant.id)
        .where('id', '=', report.id)
        .execute();
      await tx.insertInto('report_updates').values({ tenant_id: tenant.id, report_id: report.id, state: 'in_progress', body: null, kind: 'reopened', created_at: at }).execute();
      await services.cases.setStatusBySystem(tx, tenant.id, report.case_id, 'in_progress', null, { dueAt });
      await services.cases.recordSystemEvent(tx, tenant.id, report.case_id, { kind: 'report_reopened', body: reason, visibleToCitizen: true });
      // The reporter caused the change and sees it on their page: only the followers get a mail.
      await notifyReportChange(tx, notifyDepsOf(services), tenant, report.id, { state: 'in_progress', toReporter: false });
      return { ok: true as const };
    });
  }

  /** One satisfaction score (1–5) per closed report. Outcomes: ok, not-found, not-closed, already. */
  async function giveFeedback(tenant: Tenant, accessToken: string, score: number): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-closed' | 'already' }> {
    const target = await reportOfCase(tenant.id, accessToken);
    if (!target) return { ok: false, reason: 'not-found' };
    return db.transaction().execute(async (tx) => {
      const report = await lockReport(tx, tenant.id, target.reportId);
      if (!report) return { ok: false, reason: 'not-found' as const };
      if (report.feedback_score !== null) return { ok: false, reason: 'already' as const };
      if (!isClosedState(report.state)) return { ok: false, reason: 'not-closed' as const };
      await tx.updateTable('reports').set({ feedback_score: score, feedback_at: now() }).where('tenant_id', '=', tenant.id).where('id', '=', report.id).execute();
      await services.cases.recordSystemEvent(tx, tenant.id, report.case_id, { kind: 'report_feedback', body: `${score} / 5`, visibleToCitizen: true });
      return { ok: true as const };
    });
  }

  /**
   * "Meine Meldungen": mails a signed link to the address if (and only if)
   * reports were sent with it. The caller answers the same either way.
   */
  async function requestMine(tenant: Tenant, email: string, locale: Locale): Promise<void> {
    const key = reporterKey(secret, tenant.id, email);
    const any = await db.selectFrom('reports').select('id').where('tenant_id', '=', tenant.id).where('reporter_key', '=', key).limit(1).executeTakeFirst();
    if (!any || !(await mailBudget(`report-mine:${tenant.id}:${key}`))) return;
    const expiresAt = new Date(now().getTime() + MINE_LINK_MS);
    await queueMail(db, services.jobs, {
      tenantId: tenant.id,
      to: email.trim(),
      locale,
      template: 'report.mine',
      params: {
        tenantName: tenant.name,
        listUrl: `${await services.baseUrlOf(tenant.id)}/maengelmelder/meine/${mineToken(secret, tenant.id, key, expiresAt)}`,
        expiresAt: formatDate(expiresAt, locale),
      },
    });
  }

  /** The reports of a "Meine Meldungen" link, newest first. */
  async function listMine(tenantId: string, key: string): Promise<MineEntry[]> {
    const rows = await db
      .selectFrom('reports as r')
      .innerJoin('report_categories as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.category_id'))
      .select(['r.reference', 'r.case_id', 'r.address', 'r.lat', 'r.lng', 'r.state', 'r.requested_at', 'c.name_de', 'c.name_en'])
      .where('r.tenant_id', '=', tenantId)
      .where('r.reporter_key', '=', key)
      .orderBy('r.requested_at', 'desc')
      .limit(200)
      .execute();
    const entries: MineEntry[] = [];
    for (const r of rows) {
      const token = await services.cases.accessTokenOf(db, tenantId, r.case_id);
      entries.push({
        reference: r.reference,
        categoryName: { de: r.name_de, en: r.name_en },
        place: placeOf(r.address, r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null),
        state: r.state,
        requestedAt: r.requested_at,
        statusPath: token ? `/maengelmelder/status/${token}` : null,
      });
    }
    return entries;
  }

  /** The reference of a report merged into another (the original), if that one is public. */
  async function publicReferenceOf(tenantId: string, reportId: string): Promise<string | null> {
    const row = await db.selectFrom('reports').select('reference').where('tenant_id', '=', tenantId).where('id', '=', reportId).where('publication', '<>', 'hidden').executeTakeFirst();
    return row?.reference ?? null;
  }

  return { follow, subscriptionOf, confirmFollow, unsubscribeTarget, unsubscribe, reopen, giveFeedback, requestMine, listMine, publicReferenceOf, verifyMine: (tenantId: string, token: string) => verifyMineToken(secret, tenantId, token, now()) };
}

export type ReporterCommands = ReturnType<typeof reporterCommands>;
