/**
 * The Vorgang engine. Every module creates and advances its cases through
 * these commands; each command authorizes first, runs in one transaction,
 * writes the history event, the audit entry and any citizen mail together,
 * and returns a named outcome instead of throwing for expected failures.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { prepared, type Db, type Executor, type Tx } from '../db/database.ts';
import type { CaseContact, CaseEventKind } from '../db/tables.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { JobQueue } from '../jobs/jobs.ts';
import { queueMail } from '../mail/outbox.ts';
import { audit } from '../audit/audit.ts';
import { requireAccess, workUnits, type Actor, type CaseResource, type StaffActor } from '../auth/policy.ts';
import type { FileStore, StoredFile } from '../files/file-store.ts';
import type { CheckedUpload } from '../files/uploads.ts';
import { settingValue, type Tenant, type TenantService } from '../tenancy/tenants.ts';
import { caseType } from './case-types.ts';
import { generateReference } from './reference.ts';
import { isClosed, type CaseStatus } from './statuses.ts';

export interface CaseServiceDeps {
  db: Db;
  jobs: JobQueue;
  tenants: TenantService;
  files: FileStore;
  /** Key for the secret status links (derived per case, so every mail can carry the same link). */
  linkSecret: string;
  /** Absolute URL of the citizen's status page for a case. */
  statusUrl(tenant: Tenant, accessToken: string): string;
  /** Status label in a locale (for mails). */
  statusLabel(status: string, locale: Locale): string;
  now?: () => Date;
}

export interface CaseSummary {
  id: string;
  reference: string;
  type: string;
  status: string;
  subject: string;
  unitId: string;
  unitName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  contactName: string | null;
  createdAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
}

export interface CaseEvent {
  id: string;
  kind: CaseEventKind;
  actorType: 'citizen' | 'staff' | 'system';
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  body: string | null;
  visibleToCitizen: boolean;
  createdAt: Date;
  documents: StoredFileRef[];
}

export interface StoredFileRef {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
}

export interface CaseDetail extends CaseSummary {
  data: Record<string, unknown>;
  contact: CaseContact;
  locale: Locale;
  events: CaseEvent[];
  documents: (StoredFileRef & { source: string })[];
  retentionUntil: Date | null;
}

export interface CaseFilters {
  unitId?: string;
  type?: string;
  status?: string;
  assignee?: 'me' | 'none';
  overdue?: boolean;
  q?: string;
  page?: number;
}

export const PAGE_SIZE = 25;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The status link token is derived from a per-case salt, so every later mail
 * can carry the same link without storing the token; only its hash is stored
 * for the lookup. A new salt revokes a leaked link.
 */
function accessTokenFor(secret: string, caseId: string, salt: string): string {
  return createHmac('sha256', secret).update(`status-link:${caseId}:${salt}`).digest('base64url').slice(0, 32);
}

const DAY_MS = 86_400_000;

export function createCaseService(deps: CaseServiceDeps) {
  const { db, jobs, tenants, files } = deps;
  const now = deps.now ?? (() => new Date());

  function resourceOf(row: { tenant_id: string; id: string; unit_id: string; assignee_id: string | null }): CaseResource {
    return { tenantId: row.tenant_id, id: row.id, unitId: row.unit_id, assigneeId: row.assignee_id };
  }

  async function loadForUpdate(tx: Tx, tenantId: string, caseId: string) {
    return tx.selectFrom('cases').selectAll().where('tenant_id', '=', tenantId).where('id', '=', caseId).forUpdate().executeTakeFirst();
  }

  type NewEvent = {
    kind: CaseEventKind;
    actor: Actor | 'system';
    fromStatus?: string | null;
    toStatus?: string | null;
    body?: string | null;
    visibleToCitizen: boolean;
  };

  /** The row of a new case event (addEvent, and the first event that createCase writes with its case). */
  function eventRow(tenantId: string, caseId: string, event: NewEvent) {
    return {
      tenant_id: tenantId,
      case_id: caseId,
      kind: event.kind,
      actor_type: event.actor === 'system' ? 'system' : event.actor.kind === 'staff' ? 'staff' : 'citizen',
      actor_id: event.actor !== 'system' && event.actor.kind === 'staff' ? event.actor.userId : null,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      body: event.body ?? null,
      visible_to_citizen: event.visibleToCitizen,
    } as const;
  }

  async function addEvent(tx: Executor, tenantId: string, caseId: string, event: NewEvent): Promise<string> {
    const row = await tx.insertInto('case_events').values(eventRow(tenantId, caseId, event)).returning('id').modifyEnd(prepared).executeTakeFirstOrThrow();
    return row.id;
  }

  async function attach(tx: Tx, tenantId: string, caseId: string, eventId: string | null, uploads: readonly CheckedUpload[], source: 'citizen' | 'staff' | 'system'): Promise<StoredFile[]> {
    const stored: StoredFile[] = [];
    for (const upload of uploads) {
      const file = await files.put(tx, tenantId, upload);
      await tx.insertInto('case_documents').values({ tenant_id: tenantId, case_id: caseId, file_id: file.id, event_id: eventId, source }).execute();
      stored.push(file);
    }
    return stored;
  }

  async function staffAudit(tx: Executor, actor: StaffActor, action: string, caseId: string, details: Record<string, unknown> = {}): Promise<void> {
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action, objectType: 'case', objectId: caseId, details });
  }

  async function mailCitizen(
    tx: Tx,
    tenant: Tenant,
    row: { id: string; contact: CaseContact; locale: Locale; reference: string; access_salt: string },
    mail:
      | { template: 'case.status'; statusLabel: (locale: Locale) => string; message?: string }
      | { template: 'case.message'; message: string }
      | { template: 'case.question'; message: string },
  ): Promise<void> {
    if (!row.contact.email) return;
    const statusUrl = deps.statusUrl(tenant, accessTokenFor(deps.linkSecret, row.id, row.access_salt));
    const base = { tenantId: tenant.id, caseId: row.id, to: row.contact.email, locale: row.locale };
    if (mail.template === 'case.status') {
      await queueMail(tx, jobs, {
        ...base,
        template: 'case.status',
        params: { tenantName: tenant.name, reference: row.reference, statusLabel: mail.statusLabel(row.locale), statusUrl, ...(mail.message ? { message: mail.message } : {}) },
      });
    } else {
      await queueMail(tx, jobs, { ...base, template: mail.template, params: { tenantName: tenant.name, reference: row.reference, message: mail.message, statusUrl } });
    }
  }

  /**
   * Creates a Vorgang with its first event, consent record, attachments and the
   * receipt mail, all in one transaction.
   * Outcomes: `created`; `duplicate` (same idempotency key: the earlier case).
   */
  async function createCase(
    tenant: Tenant,
    input: {
      type: string;
      unitId: string;
      subject: string;
      data: Record<string, unknown>;
      contact: CaseContact;
      locale: Locale;
      consent?: { kind: string; version: string };
      idempotencyKey?: string;
      attachments?: readonly CheckedUpload[];
      /** Files already in the file store (uploaded earlier, e.g. with a draft) that become documents of the case. */
      existingFileIds?: readonly string[];
      /** Module work that must commit or fail with the case (e.g. claiming capacity); throwing rolls everything back. */
      onCreate?: (tx: Tx, caseId: string) => Promise<void>;
      /** false: the module sends its own receipt (e.g. an appointment confirmation), so no generic one. */
      receiptMail?: boolean;
      /** A reference the module already gave the citizen (e.g. a booking number); must carry the type's prefix. */
      reference?: string;
      /** A deadline the module computed (e.g. in working days); wins over the type's `dueSetting`. */
      dueAt?: Date;
    },
  ): Promise<{ ok: true; outcome: 'created' | 'duplicate'; id: string; reference: string; accessToken: string | null }> {
    const type = caseType(input.type);
    // One round trip for everything read before the transaction: an earlier case with the same key, the deadline setting, the unit's name.
    const before = await sql<{ existing_id: string | null; existing_reference: string | null; due_setting: { v: unknown } | null; unit_name: string | null }>`${prepared}
      select e.id as existing_id, e.reference as existing_reference,
             (select jsonb_build_object('v', s.value) from tenant_settings s where s.tenant_id = ${tenant.id} and s.key = ${type.dueSetting ?? ''}) as due_setting,
             (select u.name from org_units u where u.tenant_id = ${tenant.id} and u.id = ${input.unitId}) as unit_name
      from (select 1) as one
      left join cases e on e.tenant_id = ${tenant.id} and e.idempotency_key = ${input.idempotencyKey ?? null}`.execute(db);
    const found = before.rows[0];
    if (found?.existing_id && found.existing_reference) return { ok: true, outcome: 'duplicate', id: found.existing_id, reference: found.existing_reference, accessToken: null };
    if (found?.unit_name == null) throw new Error(`case: no organisational unit ${input.unitId} in tenant ${tenant.id}`);
    const unit = { name: found.unit_name };
    const dueDays = type.dueSetting ? settingValue<number>(type.dueSetting, found.due_setting === null ? undefined : found.due_setting.v) : null;
    for (let attempt = 0; ; attempt++) {
      const caseId = randomUUID();
      const salt = randomBytes(12).toString('base64url');
      const accessToken = accessTokenFor(deps.linkSecret, caseId, salt);
      if (input.reference !== undefined && !input.reference.startsWith(`${type.prefix}-`)) throw new Error(`case reference ${input.reference} lacks prefix ${type.prefix}`);
      const reference = input.reference ?? generateReference(type.prefix);
      try {
        const id = await db.transaction().execute(async (tx) => {
          // The case, its first event and the consent record in one statement (one round trip on the busiest write path).
          const withCase = tx.with('new_case', (w) =>
            w.insertInto('cases').values({
              tenant_id: tenant.id,
              id: caseId,
              reference,
              type: type.type,
              status: 'received',
              unit_id: input.unitId,
              subject: input.subject,
              data: JSON.stringify(input.data),
              contact: JSON.stringify(input.contact),
              locale: input.locale,
              access_salt: salt,
              access_token_hash: hashToken(accessToken),
              idempotency_key: input.idempotencyKey ?? null,
              due_at: input.dueAt ?? (dueDays ? new Date(now().getTime() + dueDays * DAY_MS) : null),
            }),
          );
          const created = eventRow(tenant.id, caseId, { kind: 'created', actor: 'system', toStatus: 'received', visibleToCitizen: true });
          const { consent } = input;
          const { id: eventId } = consent
            ? await withCase
                .with('new_consent', (w) => w.insertInto('consents').values({ tenant_id: tenant.id, case_id: caseId, kind: consent.kind, version: consent.version }))
                .insertInto('case_events')
                .values(created)
                .returning('id')
                .modifyEnd(prepared)
                .executeTakeFirstOrThrow()
            : await withCase.insertInto('case_events').values(created).returning('id').modifyEnd(prepared).executeTakeFirstOrThrow();
          if (input.attachments?.length) await attach(tx, tenant.id, caseId, eventId, input.attachments, 'citizen');
          if (input.onCreate) await input.onCreate(tx, caseId);
          for (const fileId of input.existingFileIds ?? []) {
            await tx.insertInto('case_documents').values({ tenant_id: tenant.id, case_id: caseId, file_id: fileId, event_id: eventId, source: 'citizen' }).execute();
          }
          if (input.contact.email && input.receiptMail !== false) {
            await queueMail(tx, jobs, {
              tenantId: tenant.id,
              caseId,
              to: input.contact.email,
              locale: input.locale,
              template: 'case.received',
              params: { tenantName: tenant.name, reference, subject: input.subject, unitName: unit.name, statusUrl: deps.statusUrl(tenant, accessToken) },
            });
          }
          return caseId;
        });
        return { ok: true, outcome: 'created', id, reference, accessToken };
      } catch (error) {
        const constraint = (error as { constraint?: string }).constraint;
        if (constraint === 'cases_tenant_id_idempotency_key_key' && input.idempotencyKey) {
          const existing = await db.selectFrom('cases').select(['id', 'reference']).where('tenant_id', '=', tenant.id).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow();
          return { ok: true, outcome: 'duplicate', id: existing.id, reference: existing.reference, accessToken: null };
        }
        if (constraint === 'cases_tenant_id_reference_key' && attempt < 5 && input.reference === undefined) continue;
        throw error;
      }
    }
  }

  /**
   * The secret status-link token of a case, for a module that mails its own
   * link (e.g. a report's status page); null once the case is anonymised.
   */
  async function accessTokenOf(executor: Executor, tenantId: string, caseId: string): Promise<string | null> {
    const row = await executor.selectFrom('cases').select(['access_salt', 'anonymised_at']).where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
    return row && !row.anonymised_at ? accessTokenFor(deps.linkSecret, caseId, row.access_salt) : null;
  }

  /** The case a secret status link points to, or null. */
  async function findByAccessToken(tenantId: string, token: string): Promise<{ id: string } | null> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
    const row = await db.selectFrom('cases').select('id').where('tenant_id', '=', tenantId).where('access_token_hash', '=', hashToken(token)).where('anonymised_at', 'is', null).executeTakeFirst();
    return row ?? null;
  }

  async function getCase(actor: Actor, caseId: string): Promise<CaseDetail | null> {
    const row = await db
      .selectFrom('cases as c')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.unit_id'))
      .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.id', '=', 'c.assignee_id'))
      .selectAll('c')
      .select(['u.name as unit_name', 's.display_name as assignee_name'])
      .where('c.tenant_id', '=', actor.tenantId)
      .where('c.id', '=', caseId)
      .executeTakeFirst();
    if (!row) return null;
    requireAccess(actor, 'case.view', resourceOf(row));
    const citizenView = actor.kind !== 'staff';
    let eventsQuery = db
      .selectFrom('case_events as e')
      .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'e.tenant_id').onRef('s.id', '=', 'e.actor_id'))
      .selectAll('e')
      .select('s.display_name as actor_name')
      .where('e.tenant_id', '=', actor.tenantId)
      .where('e.case_id', '=', caseId)
      .orderBy('e.created_at')
      .orderBy('e.id');
    if (citizenView) eventsQuery = eventsQuery.where('e.visible_to_citizen', '=', true);
    const events = await eventsQuery.execute();
    const documents = await db
      .selectFrom('case_documents as d')
      .innerJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'd.tenant_id').onRef('f.id', '=', 'd.file_id'))
      .select(['f.id', 'f.filename', 'f.mime_type', 'f.size', 'd.source', 'd.event_id'])
      .where('d.tenant_id', '=', actor.tenantId)
      .where('d.case_id', '=', caseId)
      .orderBy('d.created_at')
      .execute();
    const visibleEventIds = new Set(events.map((e) => e.id));
    const docs = documents
      .filter((d) => !citizenView || (d.event_id !== null && visibleEventIds.has(d.event_id)))
      .map((d) => ({ id: d.id, filename: d.filename, mimeType: d.mime_type, size: d.size, source: d.source, eventId: d.event_id }));
    return {
      id: row.id,
      reference: row.reference,
      type: row.type,
      status: row.status,
      subject: row.subject,
      unitId: row.unit_id,
      unitName: row.unit_name,
      assigneeId: row.assignee_id,
      assigneeName: citizenView ? null : row.assignee_name,
      contactName: row.contact.name ?? null,
      createdAt: row.created_at,
      dueAt: row.due_at,
      closedAt: row.closed_at,
      data: row.data,
      contact: row.contact,
      locale: row.locale,
      retentionUntil: row.retention_until,
      documents: docs,
      events: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        actorType: e.actor_type,
        actorName: citizenView ? null : e.actor_name,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        body: e.body,
        visibleToCitizen: e.visible_to_citizen,
        createdAt: e.created_at,
        documents: docs.filter((d) => d.eventId === e.id),
      })),
    };
  }

  async function listCases(actor: StaffActor, filters: CaseFilters): Promise<{ cases: CaseSummary[]; total: number; page: number; pageCount: number }> {
    requireAccess(actor, 'inbox.view', { tenantId: actor.tenantId });
    const units = workUnits(actor);
    let query = db
      .selectFrom('cases as c')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.unit_id'))
      .leftJoin('staff_users as s', (j) => j.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.id', '=', 'c.assignee_id'))
      .where('c.tenant_id', '=', actor.tenantId)
      .where('c.anonymised_at', 'is', null);
    if (units) query = query.where((eb) => eb.or([eb('c.unit_id', 'in', units.length ? units : ['00000000-0000-0000-0000-000000000000']), eb('c.assignee_id', '=', actor.userId)]));
    if (filters.unitId) query = query.where('c.unit_id', '=', filters.unitId);
    if (filters.type) query = query.where('c.type', '=', filters.type);
    if (filters.status === 'open') query = query.where('c.closed_at', 'is', null);
    else if (filters.status) query = query.where('c.status', '=', filters.status);
    if (filters.assignee === 'me') query = query.where('c.assignee_id', '=', actor.userId);
    if (filters.assignee === 'none') query = query.where('c.assignee_id', 'is', null);
    if (filters.overdue) query = query.where('c.due_at', '<', now()).where('c.closed_at', 'is', null);
    if (filters.q) {
      const q = filters.q.trim();
      const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('c.reference', 'ilike', pattern),
          eb(sql<string>`c.contact->>'name'`, 'ilike', pattern),
          eb('c.subject', 'ilike', pattern),
        ]),
      );
    }
    const totalRow = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const total = Number(totalRow.n);
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(Math.max(1, filters.page ?? 1), pageCount);
    const rows = await query
      .select(['c.id', 'c.reference', 'c.type', 'c.status', 'c.subject', 'c.unit_id', 'u.name as unit_name', 'c.assignee_id', 's.display_name as assignee_name', 'c.contact', 'c.created_at', 'c.due_at', 'c.closed_at'])
      .orderBy(sql`c.closed_at is not null`)
      .orderBy(sql`c.due_at asc nulls last`)
      .orderBy('c.created_at', 'desc')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute();
    return {
      total,
      page,
      pageCount,
      cases: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        type: r.type,
        status: r.status,
        subject: r.subject,
        unitId: r.unit_id,
        unitName: r.unit_name,
        assigneeId: r.assignee_id,
        assigneeName: r.assignee_name,
        contactName: r.contact.name ?? null,
        createdAt: r.created_at,
        dueAt: r.due_at,
        closedAt: r.closed_at,
      })),
    };
  }

  /** `messageKey`: the i18n key of a reason a module gave (outcome "blocked"). */
  type StaffOutcome<R extends string> = { ok: true } | { ok: false; reason: R; messageKey?: string };

  /** Days after closing until anonymisation: the case type's own period for this case, else the tenant setting. */
  async function retentionDaysOf(tx: Executor, row: { tenant_id: string; type: string; data: Record<string, unknown> }): Promise<number> {
    const type = caseType(row.type);
    const own = type.retentionDays ? await type.retentionDays(tx, { tenantId: row.tenant_id, data: row.data }) : null;
    return own ?? (await tenants.getSetting<number>(row.tenant_id, type.retentionSetting, tx));
  }

  /**
   * Module-specific work on a case (e.g. a four-eyes release of the portal):
   * runs `work` on the locked case after checking edit access, in one
   * transaction with the history event and the audit entry it returns.
   * Outcomes: ok, not-found, or the module's own reasons.
   */
  function workOnCase<R extends string>(
    actor: StaffActor,
    caseId: string,
    work: (tx: Tx, c: { id: string; status: string; closed: boolean; unitId: string; data: Record<string, unknown> }) => Promise<
      | {
          ok: true;
          event: { kind: CaseEventKind; body: string | null; visibleToCitizen: boolean };
          audit: { action: string; details?: Record<string, unknown> };
          /** The case status that follows from the module's own state (e.g. a report was fixed); closing sets the retention date. Mails nobody. */
          status?: CaseStatus;
          /**
           * Case fields that follow from the module's change (e.g. a report moved to another category: its
           * deadline, subject and data, and the category's unit, which hands the case over like forwardCase).
           */
          caseUpdate?: { unitId?: string; dueAt?: Date | null; subject?: string; data?: Record<string, unknown> };
        }
      | { ok: false; reason: R; messageKey?: string }
    >,
  ) {
    return withEditableCase<R>(actor, caseId, async (tx, row) => {
      const result = await work(tx, { id: row.id, status: row.status, closed: row.closed_at !== null, unitId: row.unit_id, data: row.data });
      if (!result.ok) return result;
      if (result.status && result.status !== row.status) {
        const closing = isClosed(result.status);
        const retentionDays = closing ? await retentionDaysOf(tx, row) : 0;
        await tx
          .updateTable('cases')
          .set({ status: result.status, closed_at: closing ? now() : null, retention_until: closing ? new Date(now().getTime() + retentionDays * DAY_MS) : null })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', caseId)
          .execute();
        await addEvent(tx, actor.tenantId, caseId, { kind: 'status', actor, fromStatus: row.status, toStatus: result.status, body: null, visibleToCitizen: true });
      }
      await addEvent(tx, actor.tenantId, caseId, { kind: result.event.kind, actor, body: result.event.body, visibleToCitizen: result.event.visibleToCitizen });
      const update = result.caseUpdate;
      if (update) {
        const handOver = update.unitId !== undefined && update.unitId !== row.unit_id;
        const unit = handOver ? await tx.selectFrom('org_units').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', update.unitId as string).executeTakeFirst() : undefined;
        if (handOver && !unit) throw new Error(`workOnCase: unknown unit ${update.unitId}`);
        await tx
          .updateTable('cases')
          .set({
            ...(update.dueAt !== undefined ? { due_at: update.dueAt } : {}),
            ...(update.subject !== undefined ? { subject: update.subject } : {}),
            ...(update.data !== undefined ? { data: JSON.stringify(update.data) } : {}),
            ...(handOver ? { unit_id: update.unitId as string, assignee_id: null } : {}),
          })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', caseId)
          .execute();
        if (handOver && unit) {
          await addEvent(tx, actor.tenantId, caseId, { kind: 'forwarded', actor, body: unit.name, visibleToCitizen: false });
          await staffAudit(tx, actor, 'case.forward', caseId, { from: row.unit_id, to: update.unitId });
        }
      }
      await staffAudit(tx, actor, result.audit.action, caseId, result.audit.details ?? {});
      return { ok: true };
    });
  }

  /** Runs a staff command on one locked case after checking edit access. */
  async function withEditableCase<R extends string>(
    actor: StaffActor,
    caseId: string,
    work: (tx: Tx, row: NonNullable<Awaited<ReturnType<typeof loadForUpdate>>>, tenant: Tenant) => Promise<StaffOutcome<R>>,
  ): Promise<StaffOutcome<R | 'not-found'>> {
    const tenant = (await tenants.all()).find((t) => t.id === actor.tenantId);
    if (!tenant) return { ok: false, reason: 'not-found' };
    return db.transaction().execute(async (tx) => {
      const row = await loadForUpdate(tx, actor.tenantId, caseId);
      if (!row || row.anonymised_at) return { ok: false, reason: 'not-found' as const };
      requireAccess(actor, 'case.edit', resourceOf(row));
      const result = await work(tx, row, tenant);
      if (result.ok) await tx.updateTable('cases').set({ updated_at: now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', caseId).execute();
      return result;
    });
  }

  /** Assign to a staff member of the case's unit, or to nobody. Outcomes: ok, not-found, assignee-invalid. */
  function assignCase(actor: StaffActor, caseId: string, assigneeId: string | null) {
    return withEditableCase<'assignee-invalid'>(actor, caseId, async (tx, row) => {
      if (assigneeId) {
        const eligible = await tx
          .selectFrom('staff_roles')
          .innerJoin('staff_users', (j) => j.onRef('staff_users.tenant_id', '=', 'staff_roles.tenant_id').onRef('staff_users.id', '=', 'staff_roles.user_id'))
          .select('staff_users.display_name')
          .where('staff_roles.tenant_id', '=', actor.tenantId)
          .where('staff_roles.user_id', '=', assigneeId)
          .where('staff_users.active', '=', true)
          .where((eb) => eb.or([eb('staff_roles.unit_id', '=', row.unit_id), eb('staff_roles.role', '=', 'admin')]))
          .executeTakeFirst();
        if (!eligible) return { ok: false, reason: 'assignee-invalid' };
      }
      await tx.updateTable('cases').set({ assignee_id: assigneeId }).where('tenant_id', '=', actor.tenantId).where('id', '=', caseId).execute();
      await addEvent(tx, actor.tenantId, caseId, { kind: 'assigned', actor, body: assigneeId, visibleToCitizen: false });
      await staffAudit(tx, actor, assigneeId === actor.userId ? 'case.claim' : 'case.assign', caseId, { assigneeId });
      return { ok: true };
    });
  }

  /**
   * Moves the case to a new status, optionally with a message to the citizen
   * (mailed and shown on the status page). Closing sets the retention date.
   * Outcomes: ok, not-found, unchanged.
   */
  function changeStatus(actor: StaffActor, caseId: string, toStatus: CaseStatus, message?: string) {
    return withEditableCase<'unchanged' | 'blocked'>(actor, caseId, async (tx, row, tenant) => {
      if (row.status === toStatus) return { ok: false, reason: 'unchanged' };
      const type = caseType(row.type);
      const blocker = type.statusBlocker ? await type.statusBlocker(tx, { tenantId: actor.tenantId, id: caseId, data: row.data }, toStatus) : null;
      if (blocker) return { ok: false, reason: 'blocked', messageKey: blocker };
      const closing = isClosed(toStatus);
      const retentionDays = closing ? await retentionDaysOf(tx, row) : 0;
      await tx
        .updateTable('cases')
        .set({
          status: toStatus,
          closed_at: closing ? now() : null,
          retention_until: closing ? new Date(now().getTime() + retentionDays * DAY_MS) : null,
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', caseId)
        .execute();
      await addEvent(tx, actor.tenantId, caseId, { kind: 'status', actor, fromStatus: row.status, toStatus, body: message || null, visibleToCitizen: true });
      await staffAudit(tx, actor, 'case.status', caseId, { from: row.status, to: toStatus, withMessage: Boolean(message) });
      if (toStatus === 'awaiting_citizen' && message) await mailCitizen(tx, tenant, row, { template: 'case.question', message });
      else await mailCitizen(tx, tenant, row, { template: 'case.status', statusLabel: (locale) => deps.statusLabel(toStatus, locale), ...(message ? { message } : {}) });
      return { ok: true };
    });
  }

  /**
   * Rückfrage: asks the citizen for information or a document. The case waits
   * for the citizen (the question is the status message); the mail links to
   * the status page where the answer and uploads land on the case. A further
   * question while waiting is a message with the same mail.
   * Outcomes: ok, not-found, closed, no-contact (no e-mail address to ask).
   */
  function askCitizen(actor: StaffActor, caseId: string, question: string) {
    return withEditableCase<'closed' | 'no-contact'>(actor, caseId, async (tx, row, tenant) => {
      if (row.closed_at) return { ok: false, reason: 'closed' };
      if (!row.contact.email) return { ok: false, reason: 'no-contact' };
      if (row.status === 'awaiting_citizen') {
        await addEvent(tx, actor.tenantId, caseId, { kind: 'message_to_citizen', actor, body: question, visibleToCitizen: true });
      } else {
        await tx.updateTable('cases').set({ status: 'awaiting_citizen' }).where('tenant_id', '=', actor.tenantId).where('id', '=', caseId).execute();
        await addEvent(tx, actor.tenantId, caseId, { kind: 'status', actor, fromStatus: row.status, toStatus: 'awaiting_citizen', body: question, visibleToCitizen: true });
      }
      await staffAudit(tx, actor, 'case.question', caseId, { from: row.status });
      await mailCitizen(tx, tenant, row, { template: 'case.question', message: question });
      return { ok: true };
    });
  }

  /**
   * An event written by the system on behalf of another core service (e.g. a
   * payment was booked), without a staff actor. Mails nobody.
   */
  async function recordSystemEvent(executor: Executor, tenantId: string, caseId: string, event: { kind: CaseEventKind; body: string; visibleToCitizen: boolean }): Promise<void> {
    await addEvent(executor, tenantId, caseId, { kind: event.kind, actor: 'system', body: event.body, visibleToCitizen: event.visibleToCitizen });
    await executor.updateTable('cases').set({ updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', caseId).execute();
  }

  /**
   * Moves a case to a status on behalf of a module's own state machine (e.g. an
   * appointment was attended or cancelled), inside the module's transaction.
   * Writes the history event; mails nobody (the module tells the citizen).
   * Closing sets the retention date. No-op when the case already has the status.
   */
  async function setStatusBySystem(tx: Tx, tenantId: string, caseId: string, toStatus: CaseStatus, body: string | null, options: { dueAt?: Date | null } = {}): Promise<void> {
    const row = await loadForUpdate(tx, tenantId, caseId);
    if (!row || row.anonymised_at || row.status === toStatus) return;
    const closing = isClosed(toStatus);
    const retentionDays = closing ? await retentionDaysOf(tx, row) : 0;
    await tx
      .updateTable('cases')
      .set({ status: toStatus, updated_at: now(), closed_at: closing ? now() : null, retention_until: closing ? new Date(now().getTime() + retentionDays * DAY_MS) : null, ...(options.dueAt !== undefined ? { due_at: options.dueAt } : {}) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', caseId)
      .execute();
    await addEvent(tx, tenantId, caseId, { kind: 'status', actor: 'system', fromStatus: row.status, toStatus, body, visibleToCitizen: true });
  }

  /** An internal note: never shown to the citizen. */
  function addNote(actor: StaffActor, caseId: string, body: string) {
    return withEditableCase<never>(actor, caseId, async (tx) => {
      await addEvent(tx, actor.tenantId, caseId, { kind: 'note', actor, body, visibleToCitizen: false });
      await staffAudit(tx, actor, 'case.note', caseId);
      return { ok: true };
    });
  }

  /** A message to the citizen, by mail and on the status page, with optional documents. */
  function messageCitizen(actor: StaffActor, caseId: string, body: string, attachments: readonly CheckedUpload[] = []) {
    return withEditableCase<'no-contact'>(actor, caseId, async (tx, row, tenant) => {
      const eventId = await addEvent(tx, actor.tenantId, caseId, { kind: 'message_to_citizen', actor, body, visibleToCitizen: true });
      if (attachments.length) await attach(tx, actor.tenantId, caseId, eventId, attachments, 'staff');
      await staffAudit(tx, actor, 'case.message', caseId, { attachments: attachments.length });
      await mailCitizen(tx, tenant, row, { template: 'case.message', message: body });
      return { ok: true };
    });
  }

  /**
   * Adds a document produced by staff (e.g. a Bescheid as PDF) to the case
   * file, optionally visible to the citizen. Outcomes: ok, not-found.
   */
  function addDocument(actor: StaffActor, caseId: string, file: CheckedUpload, options: { visibleToCitizen: boolean; note: string }) {
    return withEditableCase<never>(actor, caseId, async (tx) => {
      const eventId = await addEvent(tx, actor.tenantId, caseId, { kind: 'document', actor, body: options.note, visibleToCitizen: options.visibleToCitizen });
      const [stored] = await attach(tx, actor.tenantId, caseId, eventId, [file], 'staff');
      await staffAudit(tx, actor, 'case.document', caseId, { fileId: stored?.id, visibleToCitizen: options.visibleToCitizen });
      return { ok: true };
    });
  }

  /** Hands the case to another unit (and clears the assignee). Outcomes: ok, not-found, unit-invalid, unchanged. */
  function forwardCase(actor: StaffActor, caseId: string, unitId: string, note?: string) {
    return withEditableCase<'unit-invalid' | 'unchanged'>(actor, caseId, async (tx, row) => {
      if (row.unit_id === unitId) return { ok: false, reason: 'unchanged' };
      const unit = await tx.selectFrom('org_units').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', unitId).executeTakeFirst();
      if (!unit) return { ok: false, reason: 'unit-invalid' };
      await tx.updateTable('cases').set({ unit_id: unitId, assignee_id: null }).where('tenant_id', '=', actor.tenantId).where('id', '=', caseId).execute();
      await addEvent(tx, actor.tenantId, caseId, { kind: 'forwarded', actor, body: note ? `${unit.name}: ${note}` : unit.name, visibleToCitizen: false });
      await staffAudit(tx, actor, 'case.forward', caseId, { from: row.unit_id, to: unitId });
      return { ok: true };
    });
  }

  /**
   * The citizen answers through the status link. A case waiting for the
   * citizen goes back to "in progress". Outcomes: ok, not-found, closed.
   */
  async function replyAsCitizen(actor: Actor, caseId: string, body: string, attachments: readonly CheckedUpload[] = []): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'closed' }> {
    return db.transaction().execute(async (tx) => {
      const row = await loadForUpdate(tx, actor.tenantId, caseId);
      if (!row || row.anonymised_at) return { ok: false, reason: 'not-found' as const };
      requireAccess(actor, 'case.reply', resourceOf(row));
      if (row.closed_at) return { ok: false, reason: 'closed' as const };
      const eventId = await addEvent(tx, actor.tenantId, caseId, { kind: 'message_from_citizen', actor, body, visibleToCitizen: true });
      if (attachments.length) await attach(tx, actor.tenantId, caseId, eventId, attachments, 'citizen');
      if (row.status === 'awaiting_citizen') {
        await tx.updateTable('cases').set({ status: 'in_progress' }).where('tenant_id', '=', actor.tenantId).where('id', '=', caseId).execute();
        await addEvent(tx, actor.tenantId, caseId, { kind: 'status', actor: 'system', fromStatus: row.status, toStatus: 'in_progress', visibleToCitizen: true });
      }
      await tx.updateTable('cases').set({ updated_at: now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', caseId).execute();
      return { ok: true as const };
    });
  }

  /** A document of a case, if the actor may see the case (and, for citizens, the document is on a visible event). */
  async function getDocument(actor: Actor, caseId: string, fileId: string) {
    const detail = await getCase(actor, caseId);
    if (!detail || !detail.documents.some((d) => d.id === fileId)) return null;
    return files.read(db, actor.tenantId, fileId);
  }

  /**
   * Retention: anonymises closed cases whose retention date has passed —
   * contact data, submitted data, message texts and documents are removed;
   * reference, type, unit, status and dates stay for statistics.
   */
  async function anonymiseExpired(limit = 100): Promise<number> {
    const due = await db.selectFrom('cases').select(['tenant_id', 'id', 'type']).where('retention_until', '<', now()).where('anonymised_at', 'is', null).limit(limit).execute();
    for (const c of due) {
      await db.transaction().execute(async (tx) => {
        await caseType(c.type).anonymise?.(tx, { tenantId: c.tenant_id, id: c.id }, { removeFile: (fileId) => files.remove(tx, c.tenant_id, fileId) });
        const docs = await tx.selectFrom('case_documents').select('file_id').where('tenant_id', '=', c.tenant_id).where('case_id', '=', c.id).execute();
        await tx.deleteFrom('case_documents').where('tenant_id', '=', c.tenant_id).where('case_id', '=', c.id).execute();
        for (const d of docs) await files.remove(tx, c.tenant_id, d.file_id);
        await tx.updateTable('case_events').set({ body: null }).where('tenant_id', '=', c.tenant_id).where('case_id', '=', c.id).execute();
        await tx.updateTable('mails').set({ to_address: 'anonymisiert', text_body: '', html_body: '', subject: '' }).where('tenant_id', '=', c.tenant_id).where('case_id', '=', c.id).execute();
        await tx
          .updateTable('cases')
          .set({ contact: JSON.stringify({}), data: JSON.stringify({}), subject: '', anonymised_at: now(), access_salt: randomBytes(12).toString('base64url'), access_token_hash: randomBytes(32).toString('hex') })
          .where('tenant_id', '=', c.tenant_id)
          .where('id', '=', c.id)
          .execute();
        await audit(tx, { tenantId: c.tenant_id, actorId: null, actorLabel: 'system', action: 'case.anonymise', objectType: 'case', objectId: c.id });
      });
    }
    return due.length;
  }

  return { createCase, accessTokenOf, findByAccessToken, getCase, listCases, assignCase, changeStatus, addNote, messageCitizen, addDocument, forwardCase, replyAsCitizen, getDocument, anonymiseExpired, workOnCase, askCitizen, recordSystemEvent, setStatusBySystem };
}

export type CaseService = ReturnType<typeof createCaseService>;
