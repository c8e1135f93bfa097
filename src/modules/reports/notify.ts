/**
 * Who hears about a change of a report: the reporter (if they left an
 * e-mail address; with their own status link and, once closed, the reopen
 * offer) and everybody who confirmed they follow it (with the public link
 * and an unsubscribe link). Mails are queued in the caller's transaction.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../../core/db/database.ts';
import type { JobQueue } from '../../core/jobs/jobs.ts';
import type { CaseService } from '../../core/cases/case-service.ts';
import type { Translate } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/i18n.ts';
import { queueMail } from '../../core/mail/outbox.ts';
import type { Tenant } from '../../core/tenancy/tenants.ts';
import { stateLabelKey } from './model/states.ts';
import { placeOf } from './reports.service.ts';
import type { ReportState } from './schema.ts';
import { dateTimeFormat } from '../../core/i18n/intl-formats.ts';

export interface NotifyDeps {
  jobs: JobQueue;
  cases: CaseService;
  secret: string;
  baseUrl(tenantId: string): Promise<string>;
  translators: Record<Locale, Translate>;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A follower's address as a key (unique per report), comparable without storing it twice in clear. */
export function followerKey(secret: string, tenantId: string, email: string): string {
  return createHmac('sha256', secret).update(`report-follower:${tenantId}:${email.trim().toLowerCase()}`).digest('hex');
}

const unsubscribeMac = (secret: string, subscriptionId: string): string => createHmac('sha256', secret).update(`report-unsubscribe:${subscriptionId}`).digest('base64url').slice(0, 32);

/** The unsubscribe token of a subscription ("<id>.<mac>"): derived, so every mail can carry it without storing it. */
export function unsubscribeToken(secret: string, subscriptionId: string): string {
  return `${subscriptionId}.${unsubscribeMac(secret, subscriptionId)}`;
}

/** The subscription an unsubscribe token belongs to, or null when it was not made by us. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const [, id, mac] = match as unknown as [string, string, string];
  return timingSafeEqual(Buffer.from(mac), Buffer.from(unsubscribeMac(secret, id))) ? id : null;
}

const formatDate = (date: Date, locale: Locale): string => dateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);

/**
 * Mails the reporter and the followers about a report's new state or public
 * comment. `toReporter: false` e.g. when the reporter caused the change.
 */
export async function notifyReportChange(
  tx: Tx,
  deps: NotifyDeps,
  tenant: Tenant,
  reportId: string,
  change: { state: ReportState; message?: string | null; toReporter?: boolean },
): Promise<number> {
  const report = await tx
    .selectFrom('reports as r')
    .innerJoin('report_categories as c', (j) => j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.category_id'))
    .innerJoin('cases as k', (j) => j.onRef('k.tenant_id', '=', 'r.tenant_id').onRef('k.id', '=', 'r.case_id'))
    .select(['r.id', 'r.reference', 'r.case_id', 'r.address', 'r.lat', 'r.lng', 'r.reopen_until', 'r.publication', 'c.name_de', 'c.name_en', 'k.contact', 'k.locale', 'k.anonymised_at'])
    .where('r.tenant_id', '=', tenant.id)
    .where('r.id', '=', reportId)
    .executeTakeFirstOrThrow();
  const place = placeOf(report.address, report.lat !== null && report.lng !== null ? { lat: report.lat, lng: report.lng } : null);
  const base = await deps.baseUrl(tenant.id);
  const message = change.message?.trim() || undefined;
  let sent = 0;
  const email = report.contact.email;
  if (change.toReporter !== false && email && !report.anonymised_at) {
    const token = await deps.cases.accessTokenOf(tx, tenant.id, report.case_id);
    if (token) {
      const locale = report.locale;
      await queueMail(tx, deps.jobs, {
        tenantId: tenant.id,
        caseId: report.case_id,
        to: email,
        locale,
        template: 'report.status',
        params: {
          tenantName: tenant.name,
          reference: report.reference,
          category: locale === 'de' ? report.name_de : report.name_en,
          place,
          stateLabel: deps.translators[locale](stateLabelKey(change.state)),
          message,
          statusUrl: `${base}/maengelmelder/status/${token}`,
          reopenUntil: report.reopen_until ? formatDate(report.reopen_until, locale) : undefined,
        },
      });
      sent++;
    }
  }
  // Followers only learn what is public anyway: while a report waits for review its link shows no details.
  const followers = await tx
    .selectFrom('report_subscriptions')
    .select(['id', 'email', 'locale'])
    .where('tenant_id', '=', tenant.id)
    .where('report_id', '=', reportId)
    .where('confirmed_at', 'is not', null)
    .execute();
  for (const follower of followers) {
    await queueMail(tx, deps.jobs, {
      tenantId: tenant.id,
      caseId: report.case_id,
      to: follower.email,
      locale: follower.locale,
      template: 'report.status',
      params: {
        tenantName: tenant.name,
        reference: report.reference,
        category: follower.locale === 'de' ? report.name_de : report.name_en,
        place,
        stateLabel: deps.translators[follower.locale](stateLabelKey(change.state)),
        message: report.publication === 'published' ? message : undefined,
        statusUrl: `${base}/maengelmelder/meldung/${report.reference}`,
        unsubscribeUrl: `${base}/maengelmelder/abo/${unsubscribeToken(deps.secret, follower.id)}/abbestellen`,
      },
    });
    sent++;
  }
  return sent;
}
