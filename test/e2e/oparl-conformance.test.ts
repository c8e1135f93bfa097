/**
 * OParl 1.1 conformance of the whole API of a seeded tenant, checked by the
 * spec-only crawler in test/support/oparl (it imports nothing of the server):
 * a full crawl with every object validated against the official schema files
 * and the spec text, every file fetched, CORS/HEAD/OPTIONS/404; filters on
 * the main lists and limit; then changes
 * (depublication, deletion, a new TOP result, a moved location) checked as
 * tombstones and by an incremental `modified_since` sync that must equal a
 * fresh crawl. A never-public canary must appear nowhere.
 *
 * The demo council of the test template is crawled together with a small
 * fixture of our own that holds every kind of object and link the checks
 * need (participants, paper relations, originators, locations, a Fraktion).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../support/app.ts';
import { checkAbsent, checkFilters, checkLimit, checkTombstones, compareSync, crawlOParl, injectFetch, syncSince, type CrawlResult, type OParlFetch } from '../support/oparl/crawler.ts';
import { formatProblems } from '../support/oparl/problems.ts';
import type { Tenant } from '../../src/core/tenancy/tenants.ts';
import { bodyOf, linkCouncilFile, markPublished, storeCouncilFile } from '../../src/modules/council/council.service.ts';
import { renderCouncilDocument } from '../../src/modules/council/documents/council-pdf.ts';
import { toOParlDateTime } from '../../src/modules/council/oparl/format.ts';

const CANARY = `KANARIE-NOE-${randomBytes(6).toString('hex')}`;

let t: TestApp;
let tenant: Tenant;
let base: string;
let systemUrl: string;
let fetch: OParlFetch;
let first: CrawlResult;

const ids: Record<string, string> = {};
/** A fixture id (set in before()). */
function id(key: string): string {
  const value = ids[key];
  assert.ok(value, `fixture id ${key}`);
  return value;
}
const url = (segment: string, id: string): string => `${base}/oparl/v1.1/${segment}/${id}`;

/**
 * Lists whose filters are checked (each costs some forty requests; CI time is short): the big ones, a tiny one,
 * and an Organization list. The others are built by the same code.
 */
const FILTERED_LISTS = ['papers', 'meetings', 'agenda-items', 'files', 'memberships', 'legislative-terms'];

async function fixture(): Promise<void> {
  const db = t.services.db;
  const tid = tenant.id;
  const bodyId =
    (await bodyOf(db, tid))?.id ?? (await db.insertInto('council_bodies').values({ tenant_id: tid, name: 'Rat der Stadt Musterstadt', short_name: 'Musterstadt', classification: 'Stadt', ags: tenant.ags }).returning('id').executeTakeFirstOrThrow()).id;
  const pdf = await renderCouncilDocument({ issuer: { name: 'Stadt' }, title: 'Prüfdokument', sections: [{ heading: 'Inhalt', paragraphs: ['Ein Dokument für die OParl-Prüfung.'] }] }, { creationDate: new Date('2027-01-01T00:00:00Z') });
  const secretPdf = await renderCouncilDocument({ issuer: { name: 'Stadt' }, title: CANARY, sections: [{ heading: CANARY, paragraphs: [CANARY] }] }, { creationDate: new Date('2027-01-01T00:00:00Z') });

  await db.transaction().execute(async (tx) => {
    const file = async (name: string, content = pdf) => (await storeCouncilFile(tx, t.services.files, tid, bodyId, { content, fileName: `${name}.pdf`, name, mimeType: 'application/pdf', date: '2027-01-20', published: true })).id;
    ids.term = (await tx.insertInto('council_legislative_terms').values({ tenant_id: tid, body_id: bodyId, name: 'Prüfperiode', start_date: '2025-11-01', end_date: '2030-10-31' }).returning('id').executeTakeFirstOrThrow()).id;
    ids.location = (await tx
      .insertInto('council_locations')
      .values({ tenant_id: tid, body_id: bodyId, description: 'Prüfsaal', street_address: 'Marktplatz 1', postal_code: '12345', locality: 'Musterstadt', geojson: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [7.1, 51.2] }, properties: null }) })
      .returning('id')
      .executeTakeFirstOrThrow()).id;
    ids.home = (await tx.insertInto('council_locations').values({ tenant_id: tid, body_id: bodyId, street_address: `${CANARY} Privatweg 3`, locality: 'Musterstadt' }).returning('id').executeTakeFirstOrThrow()).id;
    const org = async (name: string, type: 'Gremium' | 'Fraktion', classification: string) =>
      (await tx.insertInto('council_organizations').values({ tenant_id: tid, body_id: bodyId, name, organization_type: type, classification, location_id: type === 'Gremium' ? id('location') : null }).returning('id').executeTakeFirstOrThrow()).id;
    ids.committee = await org('Prüfausschuss', 'Gremium', 'Ausschuss');
    ids.faction = await org('Prüffraktion', 'Fraktion', 'Fraktion');
    const person = async (name: string, consent: boolean, location: string) =>
      (await tx.insertInto('council_persons').values({ tenant_id: tid, body_id: bodyId, name, given_name: name.split(' ')[0], family_name: name.split(' ')[1], email: [`${name.split(' ')[0]?.toLowerCase()}@example.org`], publish_contact: consent, location_id: location, status: ['Ratsmitglied'] }).returning('id').executeTakeFirstOrThrow()).id;
    ids.personA = await person('Anna Prüf', true, id('location'));
    ids.personB = await person('Bert Prüf', false, id('home'));
    const membership = async (personId: string, orgId: string, role: string, onBehalfOf: string | null) =>
      (await tx.insertInto('council_memberships').values({ tenant_id: tid, person_id: personId, organization_id: orgId, role, voting_right: true, start_date: '2025-11-01', on_behalf_of: onBehalfOf }).returning('id').executeTakeFirstOrThrow()).id;
    ids.membershipA = await membership(id('personA'), id('committee'), 'Vorsitzende', id('faction'));
    ids.membershipB = await membership(id('personB'), id('committee'), 'Mitglied', id('faction'));
    ids.membershipF = await membership(id('personA'), id('faction'), 'Mitglied', null);

    ids.meeting = (await tx
      .insertInto('council_meetings')
      .values({ tenant_id: tid, body_id: bodyId, name: 'Prüfsitzung', start_at: new Date('2027-01-25T17:00:00Z'), end_at: new Date('2027-01-25T19:00:00Z'), meeting_state: 'durchgeführt', location_id: id('location'), publish_participants: true })
      .returning('id')
      .executeTakeFirstOrThrow()).id;
    await tx.insertInto('council_meeting_organizations').values({ tenant_id: tid, meeting_id: id('meeting'), organization_id: id('committee'), position: 0 }).execute();
    await tx.insertInto('council_meeting_participants').values([{ tenant_id: tid, meeting_id: id('meeting'), person_id: id('personA') }, { tenant_id: tid, meeting_id: id('meeting'), person_id: id('personB') }]).execute();
    const top = async (position: number, name: string, isPublic: boolean) =>
      (await tx.insertInto('council_agenda_items').values({ tenant_id: tid, meeting_id: id('meeting'), position, number: String(position + 1), name, public: isPublic, start_at: new Date('2027-01-25T17:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    ids.top1 = await top(0, 'Eröffnung', true);
    ids.top2 = await top(1, 'Prüfvorlage', true);
    ids.topSecret = await top(2, `${CANARY} Personalangelegenheit`, false);
    ids.top3 = await top(3, 'Verschiedenes', true);

    const paper = async (name: string, reference: string, isPublic: boolean) =>
      (await tx.insertInto('council_papers').values({ tenant_id: tid, body_id: bodyId, name, reference, paper_type: 'Beschlussvorlage', date: '2027-01-10', public: isPublic }).returning('id').executeTakeFirstOrThrow()).id;
    ids.paper = await paper('Prüfvorlage', 'PR-2027/001', true);
    ids.paperRelated = await paper('Prüfvorlage (Ergänzung)', 'PR-2027/002', true);
    ids.paperGone = await paper('Prüfvorlage (zurückgezogen)', 'PR-2027/003', true);
    ids.paperSecret = await paper(`${CANARY} Vorlage`, 'PR-2027/004', false);
    await tx.insertInto('council_paper_relations').values({ tenant_id: tid, paper_id: id('paper'), other_paper_id: id('paperRelated'), kind: 'sub' }).execute();
    await tx.insertInto('council_paper_relations').values({ tenant_id: tid, paper_id: id('paper'), other_paper_id: id('paperGone'), kind: 'related' }).execute();
    await tx.insertInto('council_paper_originators').values([
      { tenant_id: tid, paper_id: id('paper'), person_id: id('personA'), kind: 'originator' },
      { tenant_id: tid, paper_id: id('paper'), organization_id: id('faction'), kind: 'originator' },
      { tenant_id: tid, paper_id: id('paper'), organization_id: id('committee'), kind: 'direction' },
    ]).execute();
    await tx.insertInto('council_paper_locations').values({ tenant_id: tid, paper_id: id('paper'), location_id: id('location') }).execute();
    ids.consultation = (await tx.insertInto('council_consultations').values({ tenant_id: tid, paper_id: id('paper'), agenda_item_id: id('top2'), meeting_id: id('meeting'), authoritative: true, role: 'Entscheidung' }).returning('id').executeTakeFirstOrThrow()).id;
    await tx.insertInto('council_consultation_organizations').values({ tenant_id: tid, consultation_id: id('consultation'), organization_id: id('committee') }).execute();
    ids.consultationGone = (await tx.insertInto('council_consultations').values({ tenant_id: tid, paper_id: id('paperGone'), agenda_item_id: id('top3'), meeting_id: id('meeting'), role: 'Kenntnisnahme' }).returning('id').executeTakeFirstOrThrow()).id;
    await tx.insertInto('council_consultations').values({ tenant_id: tid, paper_id: id('paperSecret'), agenda_item_id: id('topSecret'), meeting_id: id('meeting'), role: 'Entscheidung' }).execute();

    for (const [key, name, role, parent] of [
      ['fileMain', 'Prüfvorlage', 'paper_main', { paperId: id('paper') }],
      ['fileAux', 'Prüfvorlage Anlage', 'paper_aux', { paperId: id('paper') }],
      ['fileRelated', 'Ergänzung', 'paper_main', { paperId: id('paperRelated') }],
      ['fileGonePaper', 'Zurückgezogen', 'paper_main', { paperId: id('paperGone') }],
      ['fileInvitation', 'Einladung', 'meeting_invitation', { meetingId: id('meeting') }],
      ['fileResults', 'Niederschrift', 'meeting_results', { meetingId: id('meeting') }],
      ['fileResolution', 'Beschluss', 'agenda_resolution', { agendaItemId: id('top2') }],
      ['fileTopAux', 'Tischvorlage', 'agenda_aux', { agendaItemId: id('top2') }],
    ] as const) {
      ids[key] = await file(name);
      await linkCouncilFile(tx, tid, id(key), role, parent);
    }
    ids.fileSecret = await file(`${CANARY} Anlage`, secretPdf);
    await linkCouncilFile(tx, tid, id('fileSecret'), 'paper_main', { paperId: id('paperSecret') });
    await markPublished(tx, tid);
  });
}

before(async () => {
  t = await createTestApp();
  tenant = (await t.services.tenants.all()).find((x) => x.isDefault) as Tenant;
  base = await t.services.baseUrlOf(tenant.id);
  systemUrl = `${base}/oparl/v1.1/system`;
  fetch = injectFetch(t.app);
  await fixture();
});

after(() => t.close());

test('a full crawl finds every object conformant, every file intact, and nothing of the canary', async () => {
  first = await crawlOParl({ fetch, systemUrl, limit: 50 });
  assert.deepEqual(first.problems, [], formatProblems(first.problems));
  // It really reached our fixture, all twelve types, and the Body's ten lists.
  assert.equal(new Set(first.types.values()).size, 12);
  for (const key of ['paper', 'meeting', 'top2', 'consultation', 'fileMain', 'fileTopAux', 'membershipB', 'location', 'term', 'faction']) {
    assert.ok([...first.objects.keys()].some((objectId) => objectId.endsWith(id(key))), `${key} crawled`);
  }
  const everything = JSON.stringify([...first.objects.values()]);
  assert.ok(!everything.includes(CANARY), 'the never-public canary leaked into the API');
  assert.ok(!first.objects.has(url('location', id('home'))), "a non-consenting person's address is no Location of the API");
  const absent = await checkAbsent(fetch, [url('paper', id('paperSecret')), url('agenda-item', id('topSecret')), url('file', id('fileSecret')), `${url('file', id('fileSecret'))}/content`, `${url('file', id('fileSecret'))}/download`, url('location', id('home'))]);
  assert.deepEqual(absent, [], formatProblems(absent));
});

test('filters on every list are inclusive and kept in the links; limit is exact, clamped and validated', async () => {
  assert.ok(first, 'runs after the crawl');
  const lists = [...first.lists.keys()].filter((list) => list.includes('/body/') && FILTERED_LISTS.some((name) => list.endsWith(`/${name}`)));
  const organizationMeetings = [...first.lists.keys()].find((list) => list.endsWith(`/organization/${id('committee')}/meetings`));
  assert.ok(organizationMeetings, "the committee's meeting list was crawled");
  lists.push(organizationMeetings);
  assert.equal(lists.length, FILTERED_LISTS.length + 1);
  const filters = await checkFilters(fetch, first, { lists });
  assert.deepEqual(filters, [], formatProblems(filters));
  const limit = await checkLimit(fetch, first);
  assert.deepEqual(limit, [], formatProblems(limit));
});

test('after changes: tombstones for what left, and a modified_since sync equals a fresh crawl', async () => {
  // Nothing was written since the first crawl (the filter and limit checks only read), so it is the "before".
  const before = first;
  assert.ok(before, 'runs after the crawl');
  // Whole seconds: everything stamped from now on is >= since.
  const since = toOParlDateTime(new Date());
  const db = t.services.db;
  const tid = tenant.id;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('council_papers').set({ public: false }).where('tenant_id', '=', tid).where('id', '=', id('paperGone')).execute();
    await tx.updateTable('council_files').set({ published: false }).where('tenant_id', '=', tid).where('id', '=', id('fileTopAux')).execute();
    await tx.updateTable('council_agenda_items').set({ public: false }).where('tenant_id', '=', tid).where('id', '=', id('top1')).execute();
    await tx.updateTable('council_memberships').set({ deleted_at: new Date() }).where('tenant_id', '=', tid).where('id', '=', id('membershipB')).execute();
    await tx.updateTable('council_agenda_items').set({ result: 'Einstimmig beschlossen', resolution_text: 'Der Ausschuss beschließt die Prüfvorlage.' }).where('tenant_id', '=', tid).where('id', '=', id('top2')).execute();
    await tx.updateTable('council_locations').set({ room: 'Raum 101' }).where('tenant_id', '=', tid).where('id', '=', id('location')).execute();
    await markPublished(tx, tid);
  });
  const gone = [url('paper', id('paperGone')), url('file', id('fileGonePaper')), url('consultation', id('consultationGone')), url('file', id('fileTopAux')), url('agenda-item', id('top1')), url('membership', id('membershipB'))];
  const tombstones = await checkTombstones(fetch, before, since, gone);
  assert.deepEqual(tombstones, [], formatProblems(tombstones));
  const sync = await syncSince(fetch, systemUrl, since, { limit: 50 });
  assert.deepEqual(sync.problems, [], formatProblems(sync.problems));
  for (const id of gone) assert.ok(sync.deleted.has(id), `the sync received the tombstone of ${id}`);
  const fresh = await crawlOParl({ fetch, systemUrl, limit: 1000, checkFiles: false });
  assert.deepEqual(fresh.problems, [], formatProblems(fresh.problems));
  const comparison = compareSync(before, sync, fresh, { strictModified: true });
  assert.deepEqual(comparison, [], formatProblems(comparison));
  const meeting = fresh.objects.get(url('meeting', id('meeting')));
  assert.ok(meeting && Date.parse(String(meeting.modified)) >= Date.parse(since));
  assert.ok(JSON.stringify(meeting).includes('Einstimmig beschlossen'));
});
