/**
 * Invitations to council meetings: the invitation PDF (public version, linked
 * as meeting_invitation and released), the mails to every member of the
 * meeting's Gremien, the schedule at the legal deadline (Ladungsfrist) and the
 * job that sends what is due, the Nachtrag after agenda changes and the
 * cancellation. Sending is exactly once: the meeting row is claimed with a
 * conditional update (invitation_sent_at still null) in the same transaction
 * that queues the mails, so two instances or a retried job cannot send twice.
 */
import { sql } from 'kysely';
import type { Executor, Tx } from '../../../core/db/database.ts';
import { audit } from '../../../core/audit/audit.ts';
import type { JobLogger, QueueDefinition } from '../../../core/jobs/jobs.ts';
import { queueMail } from '../../../core/mail/outbox.ts';
import type { Services } from '../../../core/services.ts';
import { berlinDay } from '../../../core/time/berlin.ts';
import { linkCouncilFile, markPublished, storeCouncilFile } from '../council.service.ts';
import { renderInvitation } from '../documents/invitation-pdf.ts';
import { germanLongDate, germanTime } from '../documents/german-dates.ts';
import { ensureBody, invitationDays, invitationDeadline, meetingFacts, retireMeetingFiles, type MeetingFacts, type OfficeActor, type Outcome } from './sitzungsdienst.service.ts';

export const INVITATION_QUEUE = 'council.invitations';

/** Member area and public page of a meeting (paths owned by the member and public faces). */
export const memberMeetingPath = (id: string): string => `/verwaltung/mandat/sitzungen/${id}`;
export const publicMeetingPath = (id: string): string => `/ratsinfo/sitzungen/${id}`;

export interface Invitee {
  personId: string;
  name: string;
  email: string;
}

/**
 * Everybody with an active membership on the day the mail goes out in one
 * of the meeting's Gremien and an e-mail address: the person's own, else
 * their member account's. Fraktionen invite nobody.
 */
export async function invitees(db: Executor, tenantId: string, meetingId: string, day: string): Promise<Invitee[]> {
  const rows = await db
    .selectFrom('council_meeting_organizations as mo')
    .innerJoin('council_organizations as o', (j) => j.onRef('o.tenant_id', '=', 'mo.tenant_id').onRef('o.id', '=', 'mo.organization_id'))
    .innerJoin('council_memberships as ms', (j) => j.onRef('ms.tenant_id', '=', 'mo.tenant_id').onRef('ms.organization_id', '=', 'mo.organization_id'))
    .innerJoin('council_persons as p', (j) => j.onRef('p.tenant_id', '=', 'ms.tenant_id').onRef('p.id', '=', 'ms.person_id'))
    .leftJoin('staff_users as u', (j) => j.onRef('u.tenant_id', '=', 'p.tenant_id').onRef('u.id', '=', 'p.account_id'))
    .select(['p.id', 'p.name', 'p.family_name', sql<string | null>`coalesce(p.email[1], u.email)`.as('email')])
    .where('mo.tenant_id', '=', tenantId)
    .where('mo.meeting_id', '=', meetingId)
    .where('o.organization_type', '=', 'Gremium')
    .where('o.deleted_at', 'is', null)
    .where('ms.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('ms.start_date', 'is', null), eb('ms.start_date', '<=', day)]))
    .where((eb) => eb.or([eb('ms.end_date', 'is', null), eb('ms.end_date', '>=', day)]))
    .orderBy('p.family_name')
    .orderBy('p.name')
    .execute();
  const seen = new Map<string, Invitee>();
  for (const r of rows) if (r.email && !seen.has(r.id)) seen.set(r.id, { personId: r.id, name: r.name, email: r.email.trim() });
  return [...seen.values()];
}

/** "Ö 1  Haushaltssatzung 2027 (Drucksache 2026/014)": one line of the agenda in a mail. */
export function agendaLine(item: MeetingFacts['agenda'][number]): string {
  return `${item.number}  ${item.name}${item.paperReference ? ` (Drucksache ${item.paperReference})` : ''}`;
}

function when(facts: MeetingFacts): string {
  return `${germanLongDate(facts.start)}, ${germanTime(facts.start)} Uhr`;
}

async function tenantNameOf(services: Services, tenantId: string): Promise<string> {
  return (await services.tenants.all()).find((t) => t.id === tenantId)?.name ?? '';
}

/** Renders the public invitation and links it (released) as the meeting's invitation; an older one becomes a tombstone. */
async function storeInvitationPdf(tx: Tx, services: Services, tenantId: string, facts: MeetingFacts): Promise<string> {
  const now = services.now();
  const tenantName = await tenantNameOf(services, tenantId);
  const pdf = await renderInvitation(
    {
      issuer: { name: tenantName },
      organizationName: facts.organizations.map((o) => o.name).join(', '),
      meetingName: facts.name,
      start: facts.start,
      ...(facts.end ? { end: facts.end } : {}),
      location: facts.location,
      invitationDate: berlinDay(now),
      agenda: facts.agenda.map((i) => ({ number: i.number, name: i.name, public: i.public, ...(i.paperReference ? { paperReference: i.paperReference } : {}) })),
      variant: 'public',
    },
    { creationDate: now },
  );
  await retireMeetingFiles(tx, tenantId, facts.id, 'meeting_invitation');
  const bodyId = await ensureBody(tx, services, tenantId);
  const stored = await storeCouncilFile(tx, services.files, tenantId, bodyId, { content: pdf, fileName: `Einladung-${berlinDay(facts.start)}.pdf`, name: `Einladung: ${facts.name}`, mimeType: 'application/pdf', date: berlinDay(now), published: true });
  await linkCouncilFile(tx, tenantId, stored.id, 'meeting_invitation', { meetingId: facts.id });
  return stored.id;
}

async function mailAll(tx: Tx, services: Services, tenantId: string, facts: MeetingFacts, kind: 'invitation' | 'update'): Promise<number> {
  const base = await services.baseUrlOf(tenantId);
  const tenantName = await tenantNameOf(services, tenantId);
  const people = await invitees(tx, tenantId, facts.id, berlinDay(services.now()));
  for (const person of people) {
    await queueMail(tx, services.jobs, {
      tenantId,
      to: person.email,
      locale: 'de',
      template: kind === 'invitation' ? 'council.invitation' : 'council.update',
      params: {
        tenantName,
        meetingName: facts.name,
        organizationName: facts.organizations.map((o) => o.name).join(', '),
        when: when(facts),
        location: facts.location,
        publicAgenda: facts.agenda.filter((i) => i.public).map(agendaLine),
        nonPublicAgenda: facts.agenda.filter((i) => !i.public).map(agendaLine),
        memberUrl: `${base}${memberMeetingPath(facts.id)}`,
        meetingUrl: `${base}${publicMeetingPath(facts.id)}`,
      },
    });
    await tx.insertInto('council_invitations').values({ tenant_id: tenantId, meeting_id: facts.id, person_id: person.personId, kind }).execute();
  }
  return people.length;
}

export type SendProblem = 'not-found' | 'cancelled' | 'already-sent' | 'no-agenda' | 'not-sent' | 'held';

/**
 * Sends the invitation now: claims the meeting (only one caller wins), makes
 * the PDF, queues one mail per member and sets the state 'eingeladen'.
 */
export async function sendInvitations(services: Services, actor: OfficeActor, meetingId: string): Promise<Outcome<{ sent: number }, SendProblem>> {
  return services.db.transaction().execute(async (tx) => {
    const facts = await meetingFacts(tx, actor.tenantId, meetingId);
    if (!facts) return { ok: false, reason: 'not-found' } as const;
    if (facts.cancelled) return { ok: false, reason: 'cancelled' } as const;
    if (facts.agenda.length === 0) return { ok: false, reason: 'no-agenda' } as const;
    const claimed = await tx
      .updateTable('council_meetings')
      .set({ invitation_sent_at: services.now(), meeting_state: sql<'eingeladen'>`case when meeting_state = 'terminiert' then 'eingeladen' else meeting_state end` })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', meetingId)
      .where('invitation_sent_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return { ok: false, reason: 'already-sent' } as const;
    await storeInvitationPdf(tx, services, actor.tenantId, facts);
    const sent = await mailAll(tx, services, actor.tenantId, facts, 'invitation');
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'council.invitation.send', objectType: 'council_meeting', objectId: meetingId, details: { recipients: sent } });
    await markPublished(tx, actor.tenantId);
    return { ok: true, sent } as const;
  });
}

/** Schedules the invitation for the legal deadline; the job sends it then (at its next run if the deadline has already passed). */
export async function scheduleInvitations(services: Services, actor: OfficeActor, meetingId: string): Promise<Outcome<{ dueAt: Date }, SendProblem>> {
  return services.db.transaction().execute(async (tx) => {
    const meeting = await tx.selectFrom('council_meetings').select(['id', 'start_at', 'cancelled', 'invitation_sent_at']).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!meeting) return { ok: false, reason: 'not-found' } as const;
    if (meeting.cancelled) return { ok: false, reason: 'cancelled' } as const;
    if (meeting.invitation_sent_at) return { ok: false, reason: 'already-sent' } as const;
    const dueAt = invitationDeadline(meeting.start_at, await invitationDays(services, actor.tenantId, tx));
    await tx.updateTable('council_meetings').set({ invitation_due_at: dueAt }).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).execute();
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'council.invitation.schedule', objectType: 'council_meeting', objectId: meetingId, details: { dueAt: dueAt.toISOString() } });
    await markPublished(tx, actor.tenantId);
    return { ok: true, dueAt } as const;
  });
}

export async function unscheduleInvitations(services: Services, actor: OfficeActor, meetingId: string): Promise<Outcome<object, 'not-found' | 'already-sent'>> {
  return services.db.transaction().execute(async (tx) => {
    const row = await tx.updateTable('council_meetings').set({ invitation_due_at: null }).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).where('invitation_sent_at', 'is', null).returning('id').executeTakeFirst();
    if (!row) return { ok: false, reason: 'not-found' } as const;
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'council.invitation.unschedule', objectType: 'council_meeting', objectId: meetingId });
    await markPublished(tx, actor.tenantId);
    return { ok: true } as const;
  });
}

/** Nachtrag: the new agenda to everybody, and a new invitation PDF. */
export async function sendAgendaUpdate(services: Services, actor: OfficeActor, meetingId: string): Promise<Outcome<{ sent: number }, SendProblem>> {
  return services.db.transaction().execute(async (tx) => {
    // Lock the meeting so a Nachtrag and a cancellation do not cross.
    const meeting = await tx.selectFrom('council_meetings').select(['invitation_sent_at', 'cancelled', 'meeting_state']).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
    if (!meeting) return { ok: false, reason: 'not-found' } as const;
    if (meeting.cancelled) return { ok: false, reason: 'cancelled' } as const;
    if (!meeting.invitation_sent_at) return { ok: false, reason: 'not-sent' } as const;
    if (meeting.meeting_state === 'durchgeführt') return { ok: false, reason: 'held' } as const;
    const facts = await meetingFacts(tx, actor.tenantId, meetingId);
    if (!facts) return { ok: false, reason: 'not-found' } as const;
    await storeInvitationPdf(tx, services, actor.tenantId, facts);
    const sent = await mailAll(tx, services, actor.tenantId, facts, 'update');
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'council.invitation.update', objectType: 'council_meeting', objectId: meetingId, details: { recipients: sent } });
    await markPublished(tx, actor.tenantId);
    return { ok: true, sent } as const;
  });
}

/** Cancels a meeting; everybody who got an invitation gets the cancellation. */
export async function cancelMeeting(services: Services, actor: OfficeActor, meetingId: string): Promise<Outcome<{ sent: number }, 'not-found' | 'cancelled' | 'held'>> {
  return services.db.transaction().execute(async (tx) => {
    const meeting = await tx.selectFrom('council_meetings').select(['cancelled', 'meeting_state']).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
    if (!meeting) return { ok: false, reason: 'not-found' } as const;
    if (meeting.cancelled) return { ok: false, reason: 'cancelled' } as const;
    if (meeting.meeting_state === 'durchgeführt') return { ok: false, reason: 'held' } as const;
    await tx.updateTable('council_meetings').set({ cancelled: true, invitation_due_at: null }).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).execute();
    const facts = await meetingFacts(tx, actor.tenantId, meetingId);
    if (!facts) return { ok: false, reason: 'not-found' } as const;
    const invited = await tx
      .selectFrom('council_invitations as i')
      .innerJoin('council_persons as p', (j) => j.onRef('p.tenant_id', '=', 'i.tenant_id').onRef('p.id', '=', 'i.person_id'))
      .leftJoin('staff_users as u', (j) => j.onRef('u.tenant_id', '=', 'p.tenant_id').onRef('u.id', '=', 'p.account_id'))
      .select(['p.id', sql<string | null>`coalesce(p.email[1], u.email)`.as('email')])
      .distinct()
      .where('i.tenant_id', '=', actor.tenantId)
      .where('i.meeting_id', '=', meetingId)
      .where('i.kind', '=', 'invitation')
      .execute();
    const base = await services.baseUrlOf(actor.tenantId);
    const tenantName = await tenantNameOf(services, actor.tenantId);
    let sent = 0;
    for (const person of invited) {
      if (!person.email) continue;
      await queueMail(tx, services.jobs, {
        tenantId: actor.tenantId,
        to: person.email.trim(),
        locale: 'de',
        template: 'council.cancellation',
        params: { tenantName, meetingName: facts.name, organizationName: facts.organizations.map((o) => o.name).join(', '), when: when(facts), location: facts.location, meetingUrl: `${base}${publicMeetingPath(meetingId)}` },
      });
      await tx.insertInto('council_invitations').values({ tenant_id: actor.tenantId, meeting_id: meetingId, person_id: person.id, kind: 'cancellation' }).execute();
      sent++;
    }
    await audit(tx, { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.displayName, action: 'council.meeting.cancel', objectType: 'council_meeting', objectId: meetingId, details: { recipients: sent } });
    await markPublished(tx, actor.tenantId);
    return { ok: true, sent } as const;
  });
}

/** Sends every scheduled invitation whose time has come (all tenants). Returns how many meetings were sent. */
export async function sendDueInvitations(services: Services, logger?: JobLogger): Promise<number> {
  const due = await services.db
    .selectFrom('council_meetings')
    .select(['tenant_id', 'id'])
    .where('invitation_due_at', '<=', services.now())
    .where('invitation_sent_at', 'is', null)
    .where('cancelled', '=', false)
    .where('deleted_at', 'is', null)
    .execute();
  let sent = 0;
  for (const meeting of due) {
    const result = await sendInvitations(services, { tenantId: meeting.tenant_id, userId: null, displayName: 'Sitzungsdienst (automatisch)' }, meeting.id);
    if (result.ok) sent++;
    else if (result.reason !== 'already-sent') logger?.info({ meetingId: meeting.id, reason: result.reason }, 'council: scheduled invitation not sent');
  }
  return sent;
}

export const councilOfficeJobs: { queues: QueueDefinition[]; register(services: Services, logger: JobLogger): Promise<void> } = {
  queues: [{ name: INVITATION_QUEUE, policy: 'exclusive', retryLimit: 2, retryDelay: 60 }],
  register: async (services, logger) => {
    await services.jobs.work(INVITATION_QUEUE, async () => {
      const sent = await sendDueInvitations(services, logger);
      if (sent) logger.info({ sent }, 'council: scheduled invitations sent');
    });
    // Every five minutes: the deadline is a day, so a few minutes late is still on time.
    await services.jobs.schedule(INVITATION_QUEUE, '*/5 * * * *');
  },
};
