/**
 * Demo council of a demo municipality: the content of seed/council-content.ts
 * written through the same pieces the Ratsbüro uses (file store with SHA-512
 * and pdftotext, file links, markPublished), with real PDFs rendered by the
 * module's document layouts. `created`/`modified` are the seed time (stamped
 * by the database): honest for data that enters the system now.
 */
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db, Executor } from '../src/core/db/database.ts';
import type { FileStore } from '../src/core/files/file-store.ts';
import { berlinDay } from '../src/core/time/berlin.ts';
import { linkCouncilFile, markPublished, storeCouncilFile } from '../src/modules/council/council.service.ts';
import { renderCouncilDocument } from '../src/modules/council/documents/council-pdf.ts';
import { renderInvitation } from '../src/modules/council/documents/invitation-pdf.ts';
import { renderMinutes } from '../src/modules/council/documents/minutes-pdf.ts';
import { extractPdfText, type PdfTextResult } from '../src/modules/council/documents/pdf-text.ts';
import { demoCouncil, type DemoCouncil, type DemoDocument, type DemoMeeting } from './council-content.ts';

const PDF = 'application/pdf';
const PDFTOTEXT_INSTALLED = existsSync('/usr/bin/pdftotext');
const DAY_MS = 86_400_000;

interface SeedTenant {
  id: string;
  slug: 'musterstadt' | 'beispielhausen';
  name: string;
  ags: string;
  invitationDays: number;
  passwordHash: string;
}

function lookup<T>(map: Map<string, T>, key: string, what: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`council seed: unknown ${what} ${key}`);
  return value;
}

function personName(p: DemoCouncil['persons'][number]): string {
  return [...(p.title ?? []), p.givenName, p.familyName].join(' ');
}

/** A rendered demo PDF and its text, read back with pdftotext like every uploaded file. */
interface Prepared {
  content: Buffer;
  extracted: PdfTextResult;
}

/**
 * Renders and reads back all documents before the transaction, a few at a
 * time: rendering runs in this process while pdftotext runs in its own, so
 * two cores are both busy (the seed builds ~300 PDFs).
 */
async function prepareAll(jobs: Map<string, () => Promise<Buffer>>, concurrency = 3): Promise<Map<string, Prepared>> {
  const out = new Map<string, Prepared>();
  const queue = [...jobs];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [key, render] = next;
      const content = await render();
      out.set(key, { content, extracted: await extractPdfText(content) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

async function storeDocument(tx: Executor, files: FileStore, tenant: SeedTenant, bodyId: string, doc: DemoDocument, prepared: Prepared, published: boolean): Promise<string> {
  const stored = await storeCouncilFile(tx, files, tenant.id, bodyId, { content: prepared.content, extracted: prepared.extracted, fileName: doc.fileName, name: doc.name, mimeType: PDF, date: doc.date, published });
  // Without poppler-utils (pdftotext) the demo still starts, only its PDFs' text is not searchable; with it, every document must read back.
  if (stored.textStatus !== 'ok' && PDFTOTEXT_INSTALLED) throw new Error(`council seed: no text in ${doc.fileName} (${stored.textStatus})`);
  return stored.id;
}

function renderDocument(tenant: SeedTenant, doc: DemoDocument, reference: string | undefined, paperType: string | undefined, isPublic: boolean): Promise<Buffer> {
  return renderCouncilDocument(
    {
      issuer: { name: tenant.name },
      title: doc.title,
      ...(reference ? { reference: `Drucksache ${reference}` } : {}),
      meta: [...(paperType ? [{ label: 'Art', value: paperType }] : []), { label: 'Datum', value: doc.date.split('-').reverse().join('.') }],
      sections: doc.sections,
      ...(isPublic ? {} : { publicLabel: 'nicht öffentlich' }),
    },
    { creationDate: new Date(`${doc.date}T08:00:00Z`) },
  );
}

/** Seeds the council of one demo tenant; returns counts for the log. */
export async function seedCouncil(db: Db, files: FileStore, tenant: SeedTenant, now: Date): Promise<{ papers: number; meetings: number; files: number }> {
  const today = berlinDay(now);
  const content = demoCouncil(tenant.slug, today);
  let fileCount = 0;

  // Render and read every PDF first (pure work), so the transaction only writes.
  const jobs = new Map<string, () => Promise<Buffer>>();
  for (const paper of content.papers) {
    jobs.set(`${paper.key}/main`, () => renderDocument(tenant, paper.main, paper.reference, paper.paperType, paper.public));
    paper.auxiliary.forEach((doc, i) => jobs.set(`${paper.key}/aux/${i}`, () => renderDocument(tenant, doc, paper.reference, undefined, paper.public)));
  }
  for (const meeting of content.meetings) {
    const documents = meetingDocuments(tenant, content, meeting, now);
    if (documents.invitation) jobs.set(`${meeting.key}/invitation`, documents.invitation);
    if (documents.minutes) jobs.set(`${meeting.key}/minutes`, documents.minutes);
  }
  const prepared = await prepareAll(jobs);
  const preparedOf = (key: string): Prepared => lookup(prepared, key, 'document');

  await db.transaction().execute(async (tx) => {
    const body = await tx
      .insertInto('council_bodies')
      .values({ tenant_id: tenant.id, name: content.body.name, short_name: content.body.shortName, classification: content.body.classification, website: content.body.website ?? null, ags: tenant.ags, oparl_since: now })
      .returning('id')
      .executeTakeFirstOrThrow();

    const locations = new Map<string, string>();
    for (const l of content.locations) {
      const row = await tx
        .insertInto('council_locations')
        .values({
          tenant_id: tenant.id,
          body_id: body.id,
          description: l.description,
          street_address: l.streetAddress,
          room: l.room ?? null,
          postal_code: l.postalCode,
          locality: l.locality,
          geojson: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [l.lon, l.lat] }, properties: { name: l.description } }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      locations.set(l.key, row.id);
    }
    const firstLocation = content.locations[0];
    if (firstLocation) await tx.updateTable('council_bodies').set({ location_id: lookup(locations, firstLocation.key, 'location') }).where('tenant_id', '=', tenant.id).where('id', '=', body.id).execute();

    await tx.insertInto('council_legislative_terms').values({ tenant_id: tenant.id, body_id: body.id, name: content.term.name, start_date: content.term.startDate, end_date: content.term.endDate }).execute();

    const organizations = new Map<string, string>();
    for (const [position, o] of content.organizations.entries()) {
      const row = await tx
        .insertInto('council_organizations')
        .values({
          tenant_id: tenant.id,
          body_id: body.id,
          name: o.name,
          short_name: o.shortName,
          organization_type: o.organizationType,
          classification: o.classification,
          post: o.post ?? [],
          start_date: o.startDate ?? null,
          location_id: o.locationKey ? lookup(locations, o.locationKey, 'location') : null,
          position,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      organizations.set(o.key, row.id);
    }

    const persons = new Map<string, string>();
    for (const p of content.persons) {
      let accountId: string | null = null;
      if (p.accountEmail) {
        const account = await tx
          .insertInto('staff_users')
          .values({ tenant_id: tenant.id, email: p.accountEmail, display_name: `${p.givenName} ${p.familyName}`, password_hash: tenant.passwordHash })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.insertInto('staff_roles').values({ tenant_id: tenant.id, user_id: account.id, role: 'mandatstraeger', unit_id: null }).execute();
        accountId = account.id;
      }
      const row = await tx
        .insertInto('council_persons')
        .values({
          tenant_id: tenant.id,
          body_id: body.id,
          name: personName(p),
          family_name: p.familyName,
          given_name: p.givenName,
          form_of_address: p.formOfAddress,
          title: p.title ?? [],
          gender: p.gender ?? null,
          status: p.status,
          life: p.life ?? null,
          life_source: p.lifeSource ?? null,
          account_id: accountId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      persons.set(p.key, row.id);
    }

    for (const m of content.memberships) {
      await tx
        .insertInto('council_memberships')
        .values({
          tenant_id: tenant.id,
          person_id: lookup(persons, m.personKey, 'person'),
          organization_id: lookup(organizations, m.organizationKey, 'organization'),
          role: m.role,
          voting_right: m.votingRight,
          start_date: m.startDate,
          end_date: m.endDate ?? null,
          on_behalf_of: m.onBehalfOfKey ? lookup(organizations, m.onBehalfOfKey, 'organization') : null,
        })
        .execute();
    }

    const papers = new Map<string, string>();
    for (const paper of content.papers) {
      const row = await tx
        .insertInto('council_papers')
        .values({ tenant_id: tenant.id, body_id: body.id, name: paper.name, reference: paper.reference, date: paper.date, paper_type: paper.paperType, public: paper.public })
        .returning('id')
        .executeTakeFirstOrThrow();
      papers.set(paper.key, row.id);
      await linkCouncilFile(tx, tenant.id, await storeDocument(tx, files, tenant, body.id, paper.main, preparedOf(`${paper.key}/main`), true), 'paper_main', { paperId: row.id });
      fileCount += 1;
      for (const [i, doc] of paper.auxiliary.entries()) {
        await linkCouncilFile(tx, tenant.id, await storeDocument(tx, files, tenant, body.id, doc, preparedOf(`${paper.key}/aux/${i}`), true), 'paper_aux', { paperId: row.id }, i);
        fileCount += 1;
      }
      const originators = [
        ...paper.originatorPersonKeys.map((k, position) => ({ person_id: lookup(persons, k, 'person'), organization_id: null, kind: 'originator' as const, position })),
        ...paper.originatorOrganizationKeys.map((k, position) => ({ person_id: null, organization_id: lookup(organizations, k, 'organization'), kind: 'originator' as const, position })),
        ...paper.underDirectionOfKeys.map((k, position) => ({ person_id: null, organization_id: lookup(organizations, k, 'organization'), kind: 'direction' as const, position })),
      ];
      if (originators.length) await tx.insertInto('council_paper_originators').values(originators.map((o) => ({ tenant_id: tenant.id, paper_id: row.id, ...o }))).execute();
      for (const key of paper.locationKeys) await tx.insertInto('council_paper_locations').values({ tenant_id: tenant.id, paper_id: row.id, location_id: lookup(locations, key, 'location') }).execute();
    }
    for (const paper of content.papers) {
      for (const other of paper.relatedPaperKeys) {
        await tx
          .insertInto('council_paper_relations')
          .values({ tenant_id: tenant.id, paper_id: lookup(papers, paper.key, 'paper'), other_paper_id: lookup(papers, other, 'paper'), kind: 'related' })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }

    const consultationPosition = new Map<string, number>();
    for (const meeting of content.meetings) {
      fileCount += await seedMeeting(tx, files, tenant, body.id, content, meeting, { locations, organizations, persons, papers, consultationPosition }, now, prepared);
    }
    // Statistics for the rows just written: without them the planner may pick a plan for the
    // visibility views that takes minutes instead of 100 ms (seen once in a loaded test run).
    await sql`analyze council_papers, council_agenda_items, council_consultations, council_files, council_file_links, council_meetings`.execute(tx);
    await markPublished(tx, tenant.id);
  });
  return { papers: content.papers.length, meetings: content.meetings.length, files: fileCount };
}

interface Keys {
  locations: Map<string, string>;
  organizations: Map<string, string>;
  persons: Map<string, string>;
  papers: Map<string, string>;
  consultationPosition: Map<string, number>;
}

/** When the demo meeting's invitation went out (null: not yet invited, or cancelled before). */
function invitationSentAtOf(tenant: SeedTenant, meeting: DemoMeeting, now: Date): Date | null {
  const invited = meeting.state !== 'terminiert' && !meeting.cancelled;
  return invited ? new Date(Math.min(now.getTime(), new Date(meeting.start).getTime() - tenant.invitationDays * DAY_MS)) : null;
}

/** The invitation (once sent) and the minutes (once held) of a demo meeting, as render jobs. */
function meetingDocuments(tenant: SeedTenant, content: DemoCouncil, meeting: DemoMeeting, now: Date): { invitation?: () => Promise<Buffer>; minutes?: () => Promise<Buffer> } {
  const start = new Date(meeting.start);
  const location = content.locations.find((l) => l.key === meeting.locationKey);
  const invitationSentAt = invitationSentAtOf(tenant, meeting, now);
  const organization = content.organizations.find((o) => o.key === meeting.organizationKeys[0]);
  const placeText = location ? [location.description, location.room, location.streetAddress, `${location.postalCode} ${location.locality}`].filter(Boolean).join(', ') : '';
  const chairMembership = content.memberships.find((m) => m.organizationKey === meeting.organizationKeys[0] && /^Vorsitz/.test(m.role));
  const chair = chairMembership ? content.persons.find((p) => p.key === chairMembership.personKey) : undefined;
  const byKey = new Map(content.persons.map((p) => [p.key, p]));
  return {
    ...(invitationSentAt
      ? {
          invitation: () =>
            renderInvitation(
              {
                issuer: { name: tenant.name },
                organizationName: organization?.name ?? meeting.name,
                meetingName: meeting.name,
                start,
                end: new Date(meeting.end),
                location: placeText,
                ...(chair ? { chair: personName(chair) } : {}),
                invitationDate: berlinDay(invitationSentAt),
                agenda: meeting.agenda.map((i) => ({ number: i.number, name: i.name, public: i.public, ...(i.paperKey ? { paperReference: content.papers.find((p) => p.key === i.paperKey)?.reference ?? '' } : {}) })),
                variant: 'public',
              },
              { creationDate: invitationSentAt },
            ),
        }
      : {}),
    ...(meeting.state === 'durchgeführt'
      ? {
          minutes: () =>
            renderMinutes(
              {
                issuer: { name: tenant.name },
                organizationName: organization?.name ?? meeting.name,
                meetingName: meeting.name,
                start,
                end: new Date(meeting.end),
                location: placeText,
                ...(chair ? { chair: personName(chair) } : {}),
                participants: meeting.participantKeys.map((k) => ({ name: personName(lookup(byKey, k, 'person')) })),
                agenda: meeting.agenda.map((i) => ({ number: i.number, name: i.name, public: i.public, ...(i.result ? { result: i.result } : {}), ...(i.resolutionText ? { resolutionText: i.resolutionText } : {}) })),
                minutesDate: berlinDay(new Date(start.getTime() + 14 * DAY_MS)),
                variant: 'public',
              },
              { creationDate: start },
            ),
        }
      : {}),
  };
}

async function seedMeeting(tx: Executor, files: FileStore, tenant: SeedTenant, bodyId: string, content: DemoCouncil, meeting: DemoMeeting, keys: Keys, now: Date, prepared: Map<string, Prepared>): Promise<number> {
  const start = new Date(meeting.start);
  const invitationSentAt = invitationSentAtOf(tenant, meeting, now);
  const row = await tx
    .insertInto('council_meetings')
    .values({
      tenant_id: tenant.id,
      body_id: bodyId,
      name: meeting.name,
      meeting_state: meeting.state,
      cancelled: meeting.cancelled,
      start_at: start,
      end_at: new Date(meeting.end),
      location_id: lookup(keys.locations, meeting.locationKey, 'location'),
      // Invitations of the demo's past and near meetings went out; later ones are not scheduled yet (the Ratsbüro decides).
      invitation_due_at: invitationSentAt,
      invitation_sent_at: invitationSentAt,
      minutes_published_at: meeting.state === 'durchgeführt' ? new Date(Math.min(now.getTime(), start.getTime() + 14 * DAY_MS)) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const organizationIds = meeting.organizationKeys.map((k) => lookup(keys.organizations, k, 'organization'));
  await tx.insertInto('council_meeting_organizations').values(organizationIds.map((organization_id, position) => ({ tenant_id: tenant.id, meeting_id: row.id, organization_id, position }))).execute();
  if (meeting.participantKeys.length) {
    await tx.insertInto('council_meeting_participants').values(meeting.participantKeys.map((k) => ({ tenant_id: tenant.id, meeting_id: row.id, person_id: lookup(keys.persons, k, 'person') }))).execute();
  }

  for (const [index, item] of meeting.agenda.entries()) {
    const top = await tx
      .insertInto('council_agenda_items')
      .values({ tenant_id: tenant.id, meeting_id: row.id, position: index + 1, number: item.number, name: item.name, public: item.public, result: item.result ?? null, resolution_text: item.resolutionText ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (item.paperKey) {
      const paperId = lookup(keys.papers, item.paperKey, 'paper');
      const position = keys.consultationPosition.get(paperId) ?? 0;
      keys.consultationPosition.set(paperId, position + 1);
      const consultation = await tx
        .insertInto('council_consultations')
        .values({ tenant_id: tenant.id, paper_id: paperId, agenda_item_id: top.id, meeting_id: row.id, role: item.consultationRole ?? null, authoritative: item.authoritative ?? null, position })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('council_consultation_organizations').values({ tenant_id: tenant.id, consultation_id: consultation.id, organization_id: organizationIds[0] as string, position: 0 }).execute();
    }
  }

  let stored = 0;
  if (invitationSentAt) {
    const pdf = lookup(prepared, `${meeting.key}/invitation`, 'invitation');
    const file = await storeCouncilFile(tx, files, tenant.id, bodyId, { content: pdf.content, extracted: pdf.extracted, fileName: `Einladung-${berlinDay(start)}.pdf`, name: `Einladung ${meeting.name}`, mimeType: PDF, date: berlinDay(invitationSentAt), published: true });
    await linkCouncilFile(tx, tenant.id, file.id, 'meeting_invitation', { meetingId: row.id });
    stored += 1;
    // Every member of the Gremien on the meeting day was invited.
    const day = berlinDay(start);
    const invitedPersons = new Set(
      content.memberships
        .filter((m) => meeting.organizationKeys.includes(m.organizationKey) && m.startDate <= day && (!m.endDate || m.endDate >= day))
        .map((m) => lookup(keys.persons, m.personKey, 'person')),
    );
    if (invitedPersons.size) {
      await tx.insertInto('council_invitations').values([...invitedPersons].map((person_id) => ({ tenant_id: tenant.id, meeting_id: row.id, person_id, kind: 'invitation' as const, sent_at: invitationSentAt }))).execute();
    }
  }
  if (meeting.state === 'durchgeführt') {
    const pdf = lookup(prepared, `${meeting.key}/minutes`, 'minutes');
    const file = await storeCouncilFile(tx, files, tenant.id, bodyId, { content: pdf.content, extracted: pdf.extracted, fileName: `Niederschrift-${berlinDay(start)}.pdf`, name: `Niederschrift ${meeting.name}`, mimeType: PDF, date: berlinDay(start), published: true });
    await linkCouncilFile(tx, tenant.id, file.id, 'meeting_results', { meetingId: row.id });
    stored += 1;
  }
  return stored;
}
