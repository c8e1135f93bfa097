/**
 * What a clerk does to one report. Every command runs through the case
 * service's `workOnCase` (locks the Vorgang, checks `case.edit`, writes the
 * history event and the audit entry, moves the Vorgang's status with the
 * report's state), locks the report row, and mails the reporter and the
 * followers in the same transaction. Outcomes are named; a clerk without
 * access gets the policy's ForbiddenError (403).
 */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../../core/db/database.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { CaseEventKind } from '../../../core/db/tables.ts';
import type { CaseStatus } from '../../../core/cases/statuses.ts';
import { queueMail } from '../../../core/mail/outbox.ts';
import type { Services } from '../../../core/services.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { workingDaysDeadline } from '../../../core/time/working-days.ts';
import { notifyDepsOf, reportsOf } from '../instance.ts';
import { CASE_STATUS_OF, isClosedState, NEEDS_REASON, stateLabelKey } from '../model/states.ts';
import { followerKey, hashToken, notifyReportChange } from '../notify.ts';
import { lockReport, placeOf } from '../reports.service.ts';
import type { ReportPublication, ReportState } from '../schema.ts';
import { burnRectangles, type Rectangle } from './redact.ts';

const DAY_MS = 86_400_000;
/** report_photos.position is 0–9: a report holds at most ten photos (reporter's and contractors'). */
export const MAX_STORED_PHOTOS = 10;

type ReportRow = NonNullable<Awaited<ReturnType<typeof lockReport>>>;

type Done = {
  ok: true;
  event: { kind: CaseEventKind; body: string | null; visibleToCitizen: boolean };
  audit: { action: string; details?: Record<string, unknown> };
  status?: CaseStatus;
  caseUpdate?: { unitId?: string; dueAt?: Date | null; subject?: string; data?: Record<string, unknown> };
};
type Refused<R extends string> = { ok: false; reason: R };

export type CommandOutcome<R extends string> = { ok: true } | { ok: false; reason: R | 'not-found'; messageKey?: string };

/** The Vorgang of a report of this tenant, or null. */
export async function caseIdOf(services: Services, tenantId: string, reportId: string): Promise<string | null> {
  const row = await services.db.selectFrom('reports').select('case_id').where('tenant_id', '=', tenantId).where('id', '=', reportId).executeTakeFirst();
  return row?.case_id ?? null;
}

/** Runs `work` on the locked report inside workOnCase. */
async function onReport<R extends string>(services: Services, actor: StaffActor, reportId: string, work: (tx: Tx, report: ReportRow) => Promise<Done | Refused<R>>): Promise<CommandOutcome<R>> {
  const caseId = await caseIdOf(services, actor.tenantId, reportId);
  if (!caseId) return { ok: false, reason: 'not-found' };
  return services.cases.workOnCase<R | 'not-found'>(actor, caseId, async (tx) => {
    const report = await lockReport(tx, actor.tenantId, reportId);
    if (!report) return { ok: false, reason: 'not-found' };
    return work(tx, report);
  });
}

/** Stored texts (history, public reasons) are written in German, the language of the record. */
const de = (services: Services) => services.translators.de;

async function closingDates(services: Services, tenantId: string, executor: Tx): Promise<{ closed_at: Date; reopen_until: Date }> {
  const days = await services.tenants.getSetting<number>(tenantId, 'reports.reopenDays', executor);
  const now = services.now();
  return { closed_at: now, reopen_until: new Date(now.getTime() + days * DAY_MS) };
}

export interface StateChange {
  state: ReportState;
  /** Public: shown in the timeline, mailed to the reporter and the followers; the reason for referred/rejected. */
  comment: string;
  /** Internal: only in the case history. */
  note: string;
}

/**
 * Sets the report's state (or, with the same state, adds a public comment).
 * Closing sets closed_at and the reopen window; reopening clears them.
 * Outcomes: ok, not-found, reason-missing (referred/rejected need a public reason), unchanged.
 */
export function changeReportState(services: Services, tenant: Tenant, actor: StaffActor, reportId: string, change: StateChange): Promise<CommandOutcome<'reason-missing' | 'unchanged'>> {
  return onReport<'reason-missing' | 'unchanged'>(services, actor, reportId, async (tx, report) => {
    const comment = change.comment.trim();
    const note = change.note.trim();
    const changed = change.state !== report.state;
    if (!changed && !comment) return { ok: false, reason: 'unchanged' };
    if (changed && NEEDS_REASON.includes(change.state) && !comment) return { ok: false, reason: 'reason-missing' };
    const now = services.now();
    const closing = changed && isClosedState(change.state);
    const reopening = changed && isClosedState(report.state) && !isClosedState(change.state);
    await tx
      .updateTable('reports')
      .set({
        state: change.state,
        updated_at: now,
        ...(changed ? { state_reason: NEEDS_REASON.includes(change.state) ? comment : null } : {}),
        ...(closing ? await closingDates(services, actor.tenantId, tx) : {}),
        ...(reopening ? { closed_at: null, reopen_until: null } : {}),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', report.id)
      .execute();
    await tx
      .insertInto('report_updates')
      .values({ tenant_id: actor.tenantId, report_id: report.id, state: changed ? change.state : null, body: comment || null, kind: changed ? 'state' : 'comment', created_at: now })
      .execute();
    await notifyReportChange(tx, notifyDepsOf(services), tenant, report.id, { state: change.state, message: comment || null });
    const t = de(services);
    const lines = [
      changed ? t('reportsStaff.event.state', { from: t(stateLabelKey(report.state)), to: t(stateLabelKey(change.state)) }) : t('reportsStaff.event.comment'),
      ...(comment ? [t('reportsStaff.event.public', { text: comment })] : []),
      ...(note ? [t('reportsStaff.event.internal', { text: note })] : []),
    ];
    return {
      ok: true,
      event: { kind: 'report_updated', body: lines.join('\n'), visibleToCitizen: false },
      audit: { action: changed ? 'report.state' : 'report.comment', details: { reportId: report.id, from: report.state, to: change.state, comment: Boolean(comment), note: Boolean(note) } },
      ...(changed ? { status: CASE_STATUS_OF[change.state] } : {}),
    };
  });
}

/**
 * Puts the report into another category: the deadline is counted again
 * from the day it came in with the new category's working days. The unit
 * the new category belongs to is returned, so the caller can hand the
 * Vorgang over (forwardCase) when it differs.
 * Outcomes: ok (+ unitId), not-found, unchanged, category-invalid.
 */
export async function recategorise(services: Services, tenant: Tenant, actor: StaffActor, reportId: string, categoryId: string): Promise<CommandOutcome<'unchanged' | 'category-invalid'>> {
  return onReport<'unchanged' | 'category-invalid'>(services, actor, reportId, async (tx, report) => {
    if (report.category_id === categoryId) return { ok: false, reason: 'unchanged' };
    const category = await reportsOf(services).category(actor.tenantId, { id: categoryId }, tx);
    if (!category?.active) return { ok: false, reason: 'category-invalid' };
    const old = await reportsOf(services).category(actor.tenantId, { id: report.category_id }, tx);
    const dueAt = workingDaysDeadline(report.requested_at, category.deadlineDays, tenant.bundesland as Bundesland);
    await tx.updateTable('reports').set({ category_id: category.id, due_at: dueAt, updated_at: services.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', report.id).execute();
    const kase = await tx.selectFrom('cases').select(['data']).where('tenant_id', '=', actor.tenantId).where('id', '=', report.case_id).executeTakeFirstOrThrow();
    const place = placeOf(report.address, report.lat !== null && report.lng !== null ? { lat: report.lat, lng: report.lng } : null);
    return {
      ok: true,
      event: { kind: 'report_updated', body: de(services)('reportsStaff.event.category', { from: old?.name.de ?? '–', to: category.name.de }), visibleToCitizen: false },
      audit: { action: 'report.category', details: { reportId: report.id, from: report.category_id, to: category.id } },
      // The Vorgang carries the deadline (inbox, overdue lists), the category in its data and subject, and goes to the category's unit — in this transaction.
      caseUpdate: { dueAt, subject: `${category.name.de}: ${place}`.slice(0, 200), data: { ...kase.data, category: category.name.de, categoryCode: category.code }, unitId: category.unitId },
    };
  });
}

/** Publish, hide or put back into review. Outcomes: ok, not-found, unchanged. */
export function setPublication(services: Services, actor: StaffActor, reportId: string, publication: ReportPublication): Promise<CommandOutcome<'unchanged'>> {
  return onReport<'unchanged'>(services, actor, reportId, async (tx, report) => {
    if (report.publication === publication) return { ok: false, reason: 'unchanged' };
    await tx.updateTable('reports').set({ publication, updated_at: services.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', report.id).execute();
    const t = de(services);
    return {
      ok: true,
      event: { kind: 'report_updated', body: t('reportsStaff.event.publication', { value: t(`reportsStaff.publication.${publication}`) }), visibleToCitizen: false },
      audit: { action: 'report.publication', details: { reportId: report.id, from: report.publication, to: publication } },
    };
  });
}

/** The text shown publicly instead of the description as sent (null/empty: the original). Outcomes: ok, not-found, unchanged. */
export function setPublicText(services: Services, actor: StaffActor, reportId: string, text: string): Promise<CommandOutcome<'unchanged'>> {
  return onReport<'unchanged'>(services, actor, reportId, async (tx, report) => {
    const typed = text.replace(/\r\n/g, '\n').trim();
    // Empty, or the description unchanged: the public sees the description as sent.
    const value = typed && typed !== report.description ? typed : null;
    if (value === report.public_description) return { ok: false, reason: 'unchanged' };
    await tx.updateTable('reports').set({ public_description: value, updated_at: services.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', report.id).execute();
    return {
      ok: true,
      event: { kind: 'report_updated', body: de(services)(value === null ? 'reportsStaff.event.publicTextReset' : 'reportsStaff.event.publicText'), visibleToCitizen: false },
      audit: { action: 'report.publicText', details: { reportId: report.id, redacted: value !== null } },
    };
  });
}

async function photoOf(tx: Tx, tenantId: string, reportId: string, photoId: string) {
  return tx.selectFrom('report_photos').selectAll().where('tenant_id', '=', tenantId).where('report_id', '=', reportId).where('id', '=', photoId).forUpdate().executeTakeFirst();
}

/**
 * Publishes or withholds one photo. Photos of a closed report are kept only
 * while published: withholding one deletes it, which needs `confirmed`.
 * Outcomes: ok, not-found, photo-not-found, unchanged, confirm (deletion not confirmed).
 */
export function setPhotoPublished(services: Services, actor: StaffActor, reportId: string, photoId: string, published: boolean, confirmed: boolean): Promise<CommandOutcome<'photo-not-found' | 'unchanged' | 'confirm'> & { deleted?: boolean }> {
  let deleted = false;
  return onReport<'photo-not-found' | 'unchanged' | 'confirm'>(services, actor, reportId, async (tx, report) => {
    const photo = await photoOf(tx, actor.tenantId, report.id, photoId);
    if (!photo) return { ok: false, reason: 'photo-not-found' };
    if (photo.published === published) return { ok: false, reason: 'unchanged' };
    const t = de(services);
    if (!published && report.closed_at) {
      if (!confirmed) return { ok: false, reason: 'confirm' };
      await tx.deleteFrom('report_photos').where('tenant_id', '=', actor.tenantId).where('id', '=', photo.id).execute();
      await services.files.remove(tx, actor.tenantId, photo.file_id);
      deleted = true;
      return {
        ok: true,
        event: { kind: 'report_updated', body: t('reportsStaff.event.photoDeleted', { n: photo.position + 1 }), visibleToCitizen: false },
        audit: { action: 'report.photo.delete', details: { reportId: report.id, photoId: photo.id } },
      };
    }
    await tx.updateTable('report_photos').set({ published }).where('tenant_id', '=', actor.tenantId).where('id', '=', photo.id).execute();
    return {
      ok: true,
      event: { kind: 'report_updated', body: t(published ? 'reportsStaff.event.photoPublished' : 'reportsStaff.event.photoWithheld', { n: photo.position + 1 }), visibleToCitizen: false },
      audit: { action: published ? 'report.photo.publish' : 'report.photo.withhold', details: { reportId: report.id, photoId: photo.id } },
    };
  }).then((outcome) => (outcome.ok ? { ...outcome, deleted } : outcome));
}

/**
 * Blacks out areas of a photo (faces, number plates): the rectangles are
 * burnt into a new JPEG without metadata, the photo points at it, and the
 * previous file is deleted, so no unredacted copy remains.
 * Outcomes: ok, not-found, photo-not-found, unreadable.
 */
export function redactPhoto(services: Services, actor: StaffActor, reportId: string, photoId: string, rectangles: readonly Rectangle[]): Promise<CommandOutcome<'photo-not-found' | 'unreadable'>> {
  return onReport<'photo-not-found' | 'unreadable'>(services, actor, reportId, async (tx, report) => {
    const photo = await photoOf(tx, actor.tenantId, report.id, photoId);
    if (!photo) return { ok: false, reason: 'photo-not-found' };
    const file = await services.files.read(tx, actor.tenantId, photo.file_id);
    if (!file) return { ok: false, reason: 'unreadable' };
    const burnt = await burnRectangles(file.content, rectangles);
    if (!burnt) return { ok: false, reason: 'unreadable' };
    const stored = await services.files.put(tx, actor.tenantId, { buffer: burnt.buffer, filename: file.filename, mimeType: 'image/jpeg' });
    await tx
      .updateTable('report_photos')
      .set({ file_id: stored.id, width: burnt.width, height: burnt.height, redacted_at: services.now() })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', photo.id)
      .execute();
    await services.files.remove(tx, actor.tenantId, photo.file_id);
    return {
      ok: true,
      event: { kind: 'report_updated', body: de(services)('reportsStaff.event.photoRedacted', { n: photo.position + 1, count: rectangles.length }), visibleToCitizen: false },
      audit: { action: 'report.photo.redact', details: { reportId: report.id, photoId: photo.id, areas: rectangles.length } },
    };
  });
}

/**
 * An order to an external contractor: a mail with category, place,
 * coordinates, the public description and the instructions (never the
 * reporter's data) and a secret link to answer. A report still "received"
 * goes "in progress" (the reporter hears so).
 * Outcomes: ok, not-found, contractor-invalid, closed.
 */
export function orderContractor(services: Services, tenant: Tenant, actor: StaffActor, reportId: string, contractorId: string, instructions: string): Promise<CommandOutcome<'contractor-invalid' | 'closed'>> {
  return onReport<'contractor-invalid' | 'closed'>(services, actor, reportId, async (tx, report) => {
    if (report.closed_at) return { ok: false, reason: 'closed' };
    const contractor = await tx.selectFrom('report_contractors').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', contractorId).where('active', '=', true).executeTakeFirst();
    if (!contractor) return { ok: false, reason: 'contractor-invalid' };
    const category = await reportsOf(services).category(actor.tenantId, { id: report.category_id }, tx);
    const token = randomBytes(24).toString('base64url');
    const now = services.now();
    await tx
      .insertInto('report_orders')
      .values({ tenant_id: actor.tenantId, report_id: report.id, contractor_id: contractor.id, token_hash: hashToken(token), instructions: instructions.trim(), created_by_label: actor.displayName, created_at: now, responded_at: null, outcome: null, response: null, revoked_at: null })
      .execute();
    await queueMail(tx, services.jobs, {
      tenantId: actor.tenantId,
      caseId: report.case_id,
      to: contractor.email,
      locale: 'de',
      template: 'report.order',
      params: {
        tenantName: tenant.name,
        reference: report.reference,
        category: category?.name.de ?? '',
        place: contractorPlace(report),
        description: report.public_description ?? report.description,
        instructions: instructions.trim(),
        respondUrl: `${await services.baseUrlOf(actor.tenantId)}/maengelmelder/auftrag/${token}`,
      },
    });
    const starting = report.state === 'received';
    if (starting) {
      await tx.updateTable('reports').set({ state: 'in_progress', updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', report.id).execute();
      await tx.insertInto('report_updates').values({ tenant_id: actor.tenantId, report_id: report.id, state: 'in_progress', body: null, kind: 'state', created_at: now }).execute();
      await notifyReportChange(tx, notifyDepsOf(services), tenant, report.id, { state: 'in_progress' });
    }
    return {
      ok: true,
      event: { kind: 'report_order', body: de(services)('reportsStaff.event.order', { contractor: contractor.name, instructions: instructions.trim() || '–' }), visibleToCitizen: false },
      audit: { action: 'report.order', details: { reportId: report.id, contractorId: contractor.id } },
      ...(starting ? { status: CASE_STATUS_OF.in_progress } : {}),
    };
  });
}

/** The place as a contractor needs it: the address and, when known, the coordinates. */
function contractorPlace(report: { address: string; lat: number | null; lng: number | null }): string {
  const point = report.lat !== null && report.lng !== null ? `${report.lat.toFixed(6)}, ${report.lng.toFixed(6)}` : '';
  if (report.address && point) return `${report.address} (${point})`;
  return report.address || point;
}

/** Withdraws an order that was not answered yet: its link stops working. Outcomes: ok, not-found, order-not-open. */
export function revokeOrder(services: Services, actor: StaffActor, reportId: string, orderId: string): Promise<CommandOutcome<'order-not-open'>> {
  return onReport<'order-not-open'>(services, actor, reportId, async (tx, report) => {
    const order = await tx
      .selectFrom('report_orders as o')
      .innerJoin('report_contractors as c', (j) => j.onRef('c.tenant_id', '=', 'o.tenant_id').onRef('c.id', '=', 'o.contractor_id'))
      .select(['o.id', 'o.responded_at', 'o.revoked_at', 'c.name'])
      .where('o.tenant_id', '=', actor.tenantId)
      .where('o.report_id', '=', report.id)
      .where('o.id', '=', orderId)
      .forUpdate('o')
      .executeTakeFirst();
    if (!order || order.responded_at || order.revoked_at) return { ok: false, reason: 'order-not-open' };
    await tx.updateTable('report_orders').set({ revoked_at: services.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', order.id).execute();
    return {
      ok: true,
      event: { kind: 'report_order', body: de(services)('reportsStaff.event.orderRevoked', { contractor: order.name }), visibleToCitizen: false },
      audit: { action: 'report.order.revoke', details: { reportId: report.id, orderId: order.id } },
    };
  });
}


/** Adds a confirmed follower to a report; an address that already follows it keeps its subscription (confirmed now if it was not). */
async function addFollower(services: Services, tx: Tx, tenantId: string, reportId: string, follower: { email: string; locale: 'de' | 'en'; privacyVersion: string | null }): Promise<void> {
  const now = services.now();
  await tx
    .insertInto('report_subscriptions')
    .values({
      tenant_id: tenantId,
      report_id: reportId,
      email: follower.email,
      email_key: followerKey(services.config.sessionSecret, tenantId, follower.email),
      token_hash: hashToken(randomBytes(24).toString('base64url')),
      locale: follower.locale,
      privacy_version: follower.privacyVersion,
      confirmed_at: now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'report_id', 'email_key']).doUpdateSet({ confirmed_at: (eb) => eb.fn.coalesce('report_subscriptions.confirmed_at', eb.val(now)) }))
    .execute();
}

/**
 * Marks the report as a duplicate of another (by reference): it is closed as
 * "referred" with a public reason naming the original (the reporter hears
 * so), and its reporter (if they left an e-mail address) and its followers
 * follow the original from now on. Both timelines record the merge.
 * Outcomes: ok, not-found, target-not-found, target-self, target-merged, already-merged.
 */
export function mergeReport(services: Services, tenant: Tenant, actor: StaffActor, reportId: string, targetReference: string): Promise<CommandOutcome<'target-not-found' | 'target-self' | 'target-merged' | 'already-merged'>> {
  return onReport<'target-not-found' | 'target-self' | 'target-merged' | 'already-merged'>(services, actor, reportId, async (tx, report) => {
    if (report.duplicate_of) return { ok: false, reason: 'already-merged' };
    const target = await tx.selectFrom('reports').select(['id', 'reference', 'case_id', 'duplicate_of']).where('tenant_id', '=', actor.tenantId).where('reference', '=', targetReference).executeTakeFirst();
    if (!target) return { ok: false, reason: 'target-not-found' };
    if (target.id === report.id) return { ok: false, reason: 'target-self' };
    if (target.duplicate_of) return { ok: false, reason: 'target-merged' };
    const t = de(services);
    const now = services.now();
    const reason = t('reportsStaff.merge.reason', { reference: target.reference });
    await tx
      .updateTable('reports')
      .set({ duplicate_of: target.id, state: 'referred', state_reason: reason, updated_at: now, closed_at: report.closed_at ?? now, reopen_until: null })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', report.id)
      .execute();
    await tx.insertInto('report_updates').values({ tenant_id: actor.tenantId, report_id: report.id, state: 'referred', body: reason, kind: 'merged', created_at: now }).execute();
    await tx.insertInto('report_updates').values({ tenant_id: actor.tenantId, report_id: target.id, state: null, body: t('reportsStaff.merge.into', { reference: report.reference }), kind: 'merged', created_at: now }).execute();
    // The reporter and the followers hear about the merge on the duplicate, then follow the original.
    await notifyReportChange(tx, notifyDepsOf(services), tenant, report.id, { state: 'referred', message: reason });
    const kase = await tx.selectFrom('cases').select(['contact', 'locale', 'anonymised_at']).where('tenant_id', '=', actor.tenantId).where('id', '=', report.case_id).executeTakeFirstOrThrow();
    const original = await tx.selectFrom('cases').select('contact').where('tenant_id', '=', actor.tenantId).where('id', '=', target.case_id).executeTakeFirstOrThrow();
    const sameReporter = (original.contact.email ?? '').trim().toLowerCase() === (kase.contact.email ?? '').trim().toLowerCase();
    let moved = 0;
    // The original's own reporter hears about it anyway; as a follower they would get every mail twice.
    if (kase.contact.email && !kase.anonymised_at && !sameReporter) {
      // The reporter gave their address for news about this matter; following the original is that news (no privacy version: added by staff).
      await addFollower(services, tx, actor.tenantId, target.id, { email: kase.contact.email, locale: kase.locale, privacyVersion: null });
      moved++;
    }
    const followers = await tx.selectFrom('report_subscriptions').selectAll().where('tenant_id', '=', actor.tenantId).where('report_id', '=', report.id).where('confirmed_at', 'is not', null).execute();
    for (const follower of followers) {
      await addFollower(services, tx, actor.tenantId, target.id, { email: follower.email, locale: follower.locale, privacyVersion: follower.privacy_version });
      moved++;
    }
    await tx.deleteFrom('report_subscriptions').where('tenant_id', '=', actor.tenantId).where('report_id', '=', report.id).execute();
    await services.cases.recordSystemEvent(tx, actor.tenantId, target.case_id, { kind: 'report_updated', body: t('reportsStaff.merge.into', { reference: report.reference }), visibleToCitizen: false });
    return {
      ok: true,
      event: { kind: 'report_updated', body: reason, visibleToCitizen: false },
      audit: { action: 'report.merge', details: { reportId: report.id, into: target.id, followersMoved: moved } },
      status: CASE_STATUS_OF.referred,
    };
  });
}
