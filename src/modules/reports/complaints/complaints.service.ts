/**
 * Beschwerdemanagement: taking in a complaint (or suggestion, or praise) as a
 * Vorgang at the unit named by `complaints.unit`, with two deadlines in
 * working days — the acknowledgement (Eingangsbestätigung) and the answer —
 * and the clerk's commands on it. Every command runs through the case
 * service's `workOnCase`, so authorization, the history event, the audit
 * entry, the status and the citizen's mail commit together. No HTTP here.
 */
import type { Executor, Tx } from '../../../core/db/database.ts';
import { requireAccess, workUnits, type StaffActor } from '../../../core/auth/policy.ts';
import type { CaseDetail } from '../../../core/cases/case-service.ts';
import { statusLabelKey } from '../../../core/cases/statuses.ts';
import type { Locale } from '../../../core/i18n/i18n.ts';
import { queueMail } from '../../../core/mail/outbox.ts';
import type { Services } from '../../../core/services.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import type { Bundesland } from '../../../core/time/holidays.ts';
import { workingDaysDeadline } from '../../../core/time/working-days.ts';
import { COMPLAINT_CASE_TYPE } from './complaint-type.ts';

export const COMPLAINT_TOPICS = ['complaint', 'suggestion', 'praise'] as const;
export type ComplaintTopic = (typeof COMPLAINT_TOPICS)[number];
export const TEXT_MAX = 4000;
export const PAGE_SIZE = 25;

/** German labels stored with the Vorgang (the record reads the same for every clerk, like a report's category). */
const TOPIC_LABEL_DE: Record<ComplaintTopic, string> = { complaint: 'Beschwerde', suggestion: 'Anregung', praise: 'Lob' };

export const isComplaintTopic = (value: unknown): value is ComplaintTopic => typeof value === 'string' && (COMPLAINT_TOPICS as readonly string[]).includes(value);

export interface UnitChoice {
  id: string;
  slug: string;
  name: string;
}

export interface ComplaintInput {
  topic: ComplaintTopic;
  /** Slug of the unit the complaint is about; '' = "weiß ich nicht". */
  unit: string;
  text: string;
  name: string;
  email: string;
  /** Browser-side key of this submission (a repeated submit creates nothing new). */
  submission?: string | undefined;
}

export interface Deadlines {
  ackDueAt: Date;
  answerDueAt: Date;
}

/** The tenant's units, offered as "which office is it about". */
export async function complaintUnits(db: Executor, tenantId: string): Promise<UnitChoice[]> {
  return db.selectFrom('org_units').select(['id', 'slug', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

/** Both deadlines of a complaint received at `from`, in working days of the tenant's Bundesland. */
export async function complaintDeadlines(services: Services, tenant: Tenant, from: Date): Promise<Deadlines & { ackDays: number; answerDays: number }> {
  const [ackDays, answerDays] = await Promise.all([services.tenants.getSetting<number>(tenant.id, 'complaints.ackDays'), services.tenants.getSetting<number>(tenant.id, 'complaints.answerDays')]);
  const land = tenant.bundesland as Bundesland;
  return { ackDays, answerDays, ackDueAt: workingDaysDeadline(from, ackDays, land), answerDueAt: workingDaysDeadline(from, answerDays, land) };
}

/**
 * The unit that receives complaints: the one named by `complaints.unit`; if
 * that slug names no unit (a setting out of step with the units), the unit
 * the complaint is about, else the first unit — a complaint is never lost.
 */
async function receivingUnit(services: Services, tenantId: string, units: readonly UnitChoice[], about: UnitChoice | undefined): Promise<UnitChoice | undefined> {
  const slug = await services.tenants.getSetting<string>(tenantId, 'complaints.unit');
  return units.find((u) => u.slug === slug) ?? about ?? units[0];
}

export type SubmitOutcome = { ok: true; reference: string; withEmail: boolean; deadlines: Deadlines } | { ok: false; reason: 'unit-invalid' | 'no-unit' };

/**
 * Opens the complaint's Vorgang with both deadlines (the answer deadline is
 * the Vorgang's due date) and the generic receipt mail when an address was
 * given. Outcomes: ok (also for a repeated submission, with the first
 * case's reference), unit-invalid (the office named is not the tenant's),
 * no-unit (the tenant has no units at all).
 */
export async function submitComplaint(services: Services, tenant: Tenant, locale: Locale, input: ComplaintInput): Promise<SubmitOutcome> {
  const units = await complaintUnits(services.db, tenant.id);
  const about = input.unit ? units.find((u) => u.slug === input.unit) : undefined;
  if (input.unit && !about) return { ok: false, reason: 'unit-invalid' };
  const receiver = await receivingUnit(services, tenant.id, units, about);
  if (!receiver) return { ok: false, reason: 'no-unit' };
  const deadlines = await complaintDeadlines(services, tenant, services.now());
  const name = input.name.trim();
  const email = input.email.trim();
  const topic = TOPIC_LABEL_DE[input.topic];
  const consent = name || email ? { kind: 'privacy', version: await services.tenants.getSetting<string>(tenant.id, 'privacy.noticeVersion') } : undefined;
  const created = await services.cases.createCase(tenant, {
    type: COMPLAINT_CASE_TYPE,
    unitId: receiver.id,
    subject: about ? `${topic}: ${about.name}` : topic,
    data: { topic, topicCode: input.topic, text: input.text, ...(about ? { unit: about.name, unitSlug: about.slug } : {}) },
    contact: { ...(name ? { name } : {}), ...(email ? { email } : {}) },
    locale,
    ...(consent ? { consent } : {}),
    ...(input.submission ? { idempotencyKey: `complaint:${input.submission}` } : {}),
    dueAt: deadlines.answerDueAt,
    onCreate: async (tx, caseId) => {
      await tx.insertInto('complaints').values({ tenant_id: tenant.id, case_id: caseId, ack_due_at: deadlines.ackDueAt, answer_due_at: deadlines.answerDueAt }).execute();
    },
  });
  if (created.outcome === 'duplicate') {
    const row = await services.db.selectFrom('complaints').select(['ack_due_at', 'answer_due_at']).where('tenant_id', '=', tenant.id).where('case_id', '=', created.id).executeTakeFirstOrThrow();
    return { ok: true, reference: created.reference, withEmail: Boolean(email), deadlines: { ackDueAt: row.ack_due_at, answerDueAt: row.answer_due_at } };
  }
  return { ok: true, reference: created.reference, withEmail: Boolean(email), deadlines: { ackDueAt: deadlines.ackDueAt, answerDueAt: deadlines.answerDueAt } };
}

// ---------------------------------------------------------------- back office

/** open: not closed; unacknowledged / acknowledged: open and receipt (not) confirmed; answered: closed. */
export const COMPLAINT_FILTERS = ['open', 'unacknowledged', 'acknowledged', 'answered', 'all'] as const;
export type ComplaintFilter = (typeof COMPLAINT_FILTERS)[number];

export interface ComplaintSummary {
  caseId: string;
  reference: string;
  subject: string;
  unitName: string;
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  ackDueAt: Date;
  acknowledgedAt: Date | null;
  answerDueAt: Date;
  answeredAt: Date | null;
}

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

/** Complaints a staff member may work on — the inbox's scope: their units and cases assigned to them; admins all. */
export async function listComplaints(services: Services, actor: StaffActor, options: { filter: ComplaintFilter; page: number }): Promise<{ items: ComplaintSummary[]; total: number; page: number; pageCount: number }> {
  requireAccess(actor, 'inbox.view', { tenantId: actor.tenantId });
  const units = workUnits(actor);
  let query = services.db
    .selectFrom('complaints as q')
    .innerJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'q.tenant_id').onRef('c.id', '=', 'q.case_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.unit_id'))
    .where('q.tenant_id', '=', actor.tenantId)
    .where('c.anonymised_at', 'is', null);
  if (units) query = query.where((eb) => eb.or([eb('c.unit_id', 'in', units.length ? units : [NO_UNIT]), eb('c.assignee_id', '=', actor.userId)]));
  if (options.filter === 'open') query = query.where('c.closed_at', 'is', null);
  else if (options.filter === 'unacknowledged') query = query.where('c.closed_at', 'is', null).where('q.acknowledged_at', 'is', null);
  else if (options.filter === 'acknowledged') query = query.where('c.closed_at', 'is', null).where('q.acknowledged_at', 'is not', null);
  else if (options.filter === 'answered') query = query.where('c.closed_at', 'is not', null);
  const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page), pageCount);
  const rows = await query
    .select(['c.id', 'c.reference', 'c.subject', 'c.status', 'c.created_at', 'c.closed_at', 'u.name as unit_name', 'q.ack_due_at', 'q.acknowledged_at', 'q.answer_due_at', 'q.answered_at'])
    // Open first; among them the next deadline that is still to be met first.
    .orderBy((eb) => eb.case().when('c.closed_at', 'is', null).then(0).else(1).end())
    .orderBy((eb) => eb.case().when('q.acknowledged_at', 'is', null).then(eb.ref('q.ack_due_at')).else(eb.ref('q.answer_due_at')).end())
    .orderBy('c.created_at', 'desc')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return {
    total,
    page,
    pageCount,
    items: rows.map((r) => ({
      caseId: r.id,
      reference: r.reference,
      subject: r.subject,
      unitName: r.unit_name,
      status: r.status,
      createdAt: r.created_at,
      closedAt: r.closed_at,
      ackDueAt: r.ack_due_at,
      acknowledgedAt: r.acknowledged_at,
      answerDueAt: r.answer_due_at,
      answeredAt: r.answered_at,
    })),
  };
}

export interface ComplaintDetail {
  detail: CaseDetail;
  topic: ComplaintTopic | null;
  ackDueAt: Date;
  acknowledgedAt: Date | null;
  answerDueAt: Date;
  answeredAt: Date | null;
}

/** One complaint with its case, if the staff member may see the case (else ForbiddenError); null if there is no such complaint. */
export async function getComplaint(services: Services, actor: StaffActor, caseId: string): Promise<ComplaintDetail | null> {
  const detail = await services.cases.getCase(actor, caseId);
  if (!detail || detail.type !== COMPLAINT_CASE_TYPE) return null;
  const row = await services.db.selectFrom('complaints').selectAll().where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).executeTakeFirst();
  if (!row) return null;
  return { detail, topic: isComplaintTopic(detail.data.topicCode) ? detail.data.topicCode : null, ackDueAt: row.ack_due_at, acknowledgedAt: row.acknowledged_at, answerDueAt: row.answer_due_at, answeredAt: row.answered_at };
}

/** Mails the citizen of a case (if there is an address) inside the command's transaction; true when a mail was queued. */
async function mailCitizen(services: Services, tx: Tx, tenantId: string, caseId: string, mail: { template: 'case.message'; message: string } | { template: 'case.status'; status: string; message: string }): Promise<boolean> {
  const row = await tx.selectFrom('cases').select(['reference', 'contact', 'locale']).where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirstOrThrow();
  const tenant = (await services.tenants.all()).find((t) => t.id === tenantId);
  const token = await services.cases.accessTokenOf(tx, tenantId, caseId);
  if (!row.contact.email || !tenant || !token) return false;
  const statusUrl = `${await services.baseUrlOf(tenantId)}/vorgang/${token}`;
  const base = { tenantId, caseId, to: row.contact.email, locale: row.locale };
  if (mail.template === 'case.message') {
    await queueMail(tx, services.jobs, { ...base, template: 'case.message', params: { tenantName: tenant.name, reference: row.reference, message: mail.message, statusUrl } });
  } else {
    const statusLabel = services.translators[row.locale](statusLabelKey(mail.status));
    await queueMail(tx, services.jobs, { ...base, template: 'case.status', params: { tenantName: tenant.name, reference: row.reference, statusLabel, message: mail.message, statusUrl } });
  }
  return true;
}

async function lockComplaint(tx: Tx, tenantId: string, caseId: string) {
  return tx.selectFrom('complaints').selectAll().where('tenant_id', '=', tenantId).where('case_id', '=', caseId).forUpdate().executeTakeFirst();
}

/**
 * Eingangsbestätigung: mails `message` to the citizen (shown on their status
 * page too), or — without an address — records the acknowledgement with
 * `note`; sets acknowledged_at and moves a new case to "in Bearbeitung".
 * Outcomes: ok, not-found, closed, already (acknowledged before).
 */
export function acknowledgeComplaint(services: Services, actor: StaffActor, caseId: string, texts: { message: string; note: string }) {
  return services.cases.workOnCase<'not-found' | 'closed' | 'already'>(actor, caseId, async (tx, c) => {
    const row = await lockComplaint(tx, actor.tenantId, caseId);
    if (!row) return { ok: false, reason: 'not-found' };
    if (c.closed) return { ok: false, reason: 'closed' };
    if (row.acknowledged_at) return { ok: false, reason: 'already' };
    await tx.updateTable('complaints').set({ acknowledged_at: services.now() }).where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).execute();
    const mailed = texts.message ? await mailCitizen(services, tx, actor.tenantId, caseId, { template: 'case.message', message: texts.message }) : false;
    return {
      ok: true,
      ...(c.status === 'received' ? { status: 'in_progress' as const } : {}),
      event: mailed ? { kind: 'message_to_citizen' as const, body: texts.message, visibleToCitizen: true } : { kind: 'note' as const, body: texts.note, visibleToCitizen: false },
      audit: { action: 'complaint.acknowledge', details: { mailed } },
    };
  });
}

/**
 * The final answer: mailed with the status "Erledigt" (or, without an
 * address, kept in the file as an internal note); closes the Vorgang as
 * completed and sets answered_at — and acknowledged_at if receipt was never
 * confirmed, since the answer confirms it. Outcomes: ok, not-found, closed.
 */
export function answerComplaint(services: Services, actor: StaffActor, caseId: string, answer: string) {
  return services.cases.workOnCase<'not-found' | 'closed'>(actor, caseId, async (tx, c) => {
    const row = await lockComplaint(tx, actor.tenantId, caseId);
    if (!row) return { ok: false, reason: 'not-found' };
    if (c.closed) return { ok: false, reason: 'closed' };
    const now = services.now();
    await tx.updateTable('complaints').set({ answered_at: now, acknowledged_at: row.acknowledged_at ?? now }).where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).execute();
    const mailed = await mailCitizen(services, tx, actor.tenantId, caseId, { template: 'case.status', status: 'completed', message: answer });
    return {
      ok: true,
      status: 'completed' as const,
      event: mailed ? { kind: 'message_to_citizen' as const, body: answer, visibleToCitizen: true } : { kind: 'note' as const, body: answer, visibleToCitizen: false },
      audit: { action: 'complaint.answer', details: { mailed } },
    };
  });
}
