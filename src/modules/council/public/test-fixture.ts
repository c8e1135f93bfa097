/**
 * A small council for the public portal's tests (and the member search
 * tests): two Gremien and a Fraktion, persons, three meetings (next, held,
 * cancelled), public papers with real PDFs, and a non-public paper, TOP and
 * files that carry a canary string which must never reach a public channel.
 * Works beside the demo council of the test template (reuses its Body).
 */
import { randomBytes } from 'node:crypto';
import type { Db, Executor } from '../../../core/db/database.ts';
import type { FileStore } from '../../../core/files/file-store.ts';
import { addDays, berlinInstant } from '../../../core/time/berlin.ts';
import { bodyOf, linkCouncilFile, markPublished, storeCouncilFile } from '../council.service.ts';
import { renderCouncilDocument } from '../documents/council-pdf.ts';
import type { FileRole } from '../schema.ts';

export interface CouncilFixture {
  canary: string;
  /** A word that occurs only inside the main PDF of the cycling paper. */
  pdfOnlyWord: string;
  bodyId: string;
  rat: string;
  bauausschuss: string;
  fraktion: string;
  anna: string;
  bernd: string;
  /** Contact data of Bernd, who did not consent to publishing it. */
  berndEmail: string;
  nextMeeting: string;
  heldMeeting: string;
  cancelledMeeting: string;
  cyclingPaper: string;
  playgroundPaper: string;
  secretPaper: string;
  cyclingMainFile: string;
  cyclingDraftFile: string;
  secretFile: string;
  secretTopFile: string;
  invitationFile: string;
  publicTop: string;
  secretTop: string;
}

async function pdf(title: string, paragraphs: string[], publicLabel?: string): Promise<Buffer> {
  return renderCouncilDocument({ issuer: { name: 'Stadt Musterstadt' }, title, sections: [{ heading: 'Sachverhalt', paragraphs }], ...(publicLabel ? { publicLabel } : {}) }, { creationDate: new Date('2031-01-01T08:00:00Z') });
}

async function addFile(tx: Executor, files: FileStore, tenantId: string, bodyId: string, input: { name: string; content: Buffer; published: boolean; role: FileRole; parent: { paperId?: string; meetingId?: string; agendaItemId?: string } }): Promise<string> {
  const stored = await storeCouncilFile(tx, files, tenantId, bodyId, { content: input.content, fileName: `${input.name.replace(/[^A-Za-z0-9]+/g, '-')}.pdf`, name: input.name, mimeType: 'application/pdf', date: '2031-04-01', published: input.published });
  if (stored.textStatus !== 'ok') throw new Error(`fixture: no text in ${input.name}`);
  await linkCouncilFile(tx, tenantId, stored.id, input.role, input.parent);
  return stored.id;
}

/** Creates the fixture council; `today` (Berlin day) anchors the meetings. */
export async function createCouncilFixture(db: Db, files: FileStore, tenantId: string, today: string): Promise<CouncilFixture> {
  const canary = `KANARIE-NOE-${randomBytes(4).toString('hex').toUpperCase()}`;
  const pdfOnlyWord = 'Quellbrunnenpfad';
  const berndEmail = `bernd.${randomBytes(3).toString('hex')}@example.org`;
  const [cyclingMain, cyclingDraft, playgroundMain, secretMain, secretTopPdf, invitation] = await Promise.all([
    pdf('Radverkehrskonzept 2031', [`Das Konzept sieht neue Fahrradabstellanlagen am ${pdfOnlyWord} vor.`, 'Die Bebauungspläne der Innenstadt werden angepasst.']),
    pdf(`Entwurf ${canary}`, [`Unveröffentlichter Entwurf ${canary}.`]),
    pdf('Spielplätze im Stadtgebiet', ['Die Fraktion beantragt die Sanierung der Spielplätze.']),
    pdf(`Grundstücksverkauf ${canary}`, [`Vertraulicher Kaufpreis ${canary} für das Grundstück.`], 'nicht öffentlich'),
    pdf(`Anlage ${canary}`, [`Vertrauliche Anlage ${canary}.`], 'nicht öffentlich'),
    pdf('Einladung Bauausschuss', ['Hiermit lade ich Sie zur Sitzung des Bauausschusses ein.']),
  ]);

  return db.transaction().execute(async (tx) => {
    const body = (await bodyOf(tx, tenantId)) ?? (await tx.insertInto('council_bodies').values({ tenant_id: tenantId, name: 'Rat der Stadt Musterstadt' }).returning('id').executeTakeFirstOrThrow());
    const bodyId = body.id;
    const location = await tx.insertInto('council_locations').values({ tenant_id: tenantId, body_id: bodyId, description: 'Ratssaal', street_address: 'Marktplatz 1', postal_code: '32999', locality: 'Musterstadt' }).returning('id').executeTakeFirstOrThrow();
    const org = async (name: string, type: 'Gremium' | 'Fraktion') =>
      (await tx.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name, organization_type: type }).returning('id').executeTakeFirstOrThrow()).id;
    const rat = await org('Rat (Test)', 'Gremium');
    const bauausschuss = await org('Bauausschuss (Test)', 'Gremium');
    const fraktion = await org('Fraktion Grüne Mitte (Test)', 'Fraktion');
    const person = async (given: string, family: string, publish: boolean, email: string) =>
      (await tx.insertInto('council_persons').values({ tenant_id: tenantId, body_id: bodyId, name: `${given} ${family}`, given_name: given, family_name: family, email: [email], publish_contact: publish }).returning('id').executeTakeFirstOrThrow()).id;
    const anna = await person('Anna', 'Testrat', true, 'anna.testrat@example.org');
    const bernd = await person('Bernd', 'Testausschuss', false, berndEmail);
    await tx
      .insertInto('council_memberships')
      .values([
        { tenant_id: tenantId, person_id: anna, organization_id: rat, role: 'Vorsitzende', on_behalf_of: fraktion, start_date: '2030-01-01' },
        { tenant_id: tenantId, person_id: anna, organization_id: fraktion, role: 'Mitglied', start_date: '2030-01-01' },
        { tenant_id: tenantId, person_id: bernd, organization_id: bauausschuss, role: 'Mitglied', start_date: '2030-01-01' },
        { tenant_id: tenantId, person_id: bernd, organization_id: rat, role: 'Mitglied', start_date: '2028-01-01', end_date: '2029-12-31' },
      ])
      .execute();

    const meeting = async (name: string, day: string, org: string, state: 'terminiert' | 'eingeladen' | 'durchgeführt', cancelled = false) => {
      const row = await tx
        .insertInto('council_meetings')
        .values({ tenant_id: tenantId, body_id: bodyId, name, start_at: berlinInstant(day, '17:00') as Date, end_at: berlinInstant(day, '19:30') as Date, meeting_state: state, cancelled, location_id: location.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('council_meeting_organizations').values({ tenant_id: tenantId, meeting_id: row.id, organization_id: org }).execute();
      return row.id;
    };
    const nextMeeting = await meeting('3. Sitzung des Bauausschusses (Test)', addDays(today, 3), bauausschuss, 'eingeladen');
    const cancelledMeeting = await meeting('Sondersitzung des Rates (Test)', addDays(today, 1), rat, 'terminiert', true);
    const heldMeeting = await meeting('12. Sitzung des Rates (Test)', addDays(today, -10), rat, 'durchgeführt');

    const paper = async (name: string, reference: string, type: string, isPublic: boolean, date: string) =>
      (await tx.insertInto('council_papers').values({ tenant_id: tenantId, body_id: bodyId, name, reference, paper_type: type, public: isPublic, date }).returning('id').executeTakeFirstOrThrow()).id;
    const suffix = randomBytes(2).toString('hex');
    const cyclingPaper = await paper('Radverkehrskonzept 2031', `T-${suffix}/001`, 'Beschlussvorlage', true, addDays(today, -5));
    const playgroundPaper = await paper('Sanierung der Spielplätze', `T-${suffix}/002`, 'Antrag', true, addDays(today, -20));
    const secretPaper = await paper(`Grundstücksverkauf ${canary}`, `T-${suffix}/003`, 'Beschlussvorlage', false, addDays(today, -2));
    await tx.insertInto('council_paper_originators').values({ tenant_id: tenantId, paper_id: playgroundPaper, organization_id: fraktion, kind: 'originator' }).execute();
    await tx.insertInto('council_paper_originators').values({ tenant_id: tenantId, paper_id: cyclingPaper, person_id: anna, kind: 'originator' }).execute();
    await tx.insertInto('council_paper_relations').values({ tenant_id: tenantId, paper_id: cyclingPaper, other_paper_id: playgroundPaper, kind: 'related' }).execute();

    const top = async (meetingId: string, position: number, number: string, name: string, isPublic: boolean, extra: { result?: string; resolution_text?: string } = {}) =>
      (await tx.insertInto('council_agenda_items').values({ tenant_id: tenantId, meeting_id: meetingId, position, number, name, public: isPublic, ...extra }).returning('id').executeTakeFirstOrThrow()).id;
    const publicTop = await top(nextMeeting, 1, 'Ö 1', 'Radverkehrskonzept 2031', true);
    const secretTop = await top(nextMeeting, 2, 'N 1', `Grundstücksverkauf ${canary}`, false);
    await top(nextMeeting, 3, 'Ö 2', 'Mitteilungen der Verwaltung', true);
    const heldTop = await top(heldMeeting, 1, 'Ö 1', 'Sanierung der Spielplätze', true, { result: 'einstimmig beschlossen', resolution_text: 'Der Rat beschließt die Sanierung.' });

    const consult = async (paperId: string, meetingId: string, agendaItemId: string, org: string, role: string) => {
      const row = await tx.insertInto('council_consultations').values({ tenant_id: tenantId, paper_id: paperId, meeting_id: meetingId, agenda_item_id: agendaItemId, role, authoritative: role === 'Entscheidung' }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('council_consultation_organizations').values({ tenant_id: tenantId, consultation_id: row.id, organization_id: org }).execute();
    };
    await consult(cyclingPaper, nextMeeting, publicTop, bauausschuss, 'Vorberatung');
    await consult(secretPaper, nextMeeting, secretTop, bauausschuss, 'Entscheidung');
    await consult(playgroundPaper, heldMeeting, heldTop, rat, 'Entscheidung');

    const cyclingMainFile = await addFile(tx, files, tenantId, bodyId, { name: 'Radverkehrskonzept 2031', content: cyclingMain, published: true, role: 'paper_main', parent: { paperId: cyclingPaper } });
    const cyclingDraftFile = await addFile(tx, files, tenantId, bodyId, { name: `Entwurf ${canary}`, content: cyclingDraft, published: false, role: 'paper_aux', parent: { paperId: cyclingPaper } });
    await addFile(tx, files, tenantId, bodyId, { name: 'Antrag Spielplätze', content: playgroundMain, published: true, role: 'paper_main', parent: { paperId: playgroundPaper } });
    const secretFile = await addFile(tx, files, tenantId, bodyId, { name: `Grundstücksverkauf ${canary}`, content: secretMain, published: true, role: 'paper_main', parent: { paperId: secretPaper } });
    const secretTopFile = await addFile(tx, files, tenantId, bodyId, { name: `Anlage ${canary}`, content: secretTopPdf, published: true, role: 'agenda_aux', parent: { agendaItemId: secretTop } });
    const invitationFile = await addFile(tx, files, tenantId, bodyId, { name: 'Einladung Bauausschuss', content: invitation, published: true, role: 'meeting_invitation', parent: { meetingId: nextMeeting } });
    await markPublished(tx, tenantId);
    return {
      canary,
      pdfOnlyWord,
      bodyId,
      rat,
      bauausschuss,
      fraktion,
      anna,
      bernd,
      berndEmail,
      nextMeeting,
      heldMeeting,
      cancelledMeeting,
      cyclingPaper,
      playgroundPaper,
      secretPaper,
      cyclingMainFile,
      cyclingDraftFile,
      secretFile,
      secretTopFile,
      invitationFile,
      publicTop,
      secretTop,
    };
  });
}
