/**
 * The database maintains OParl's created/modified (migration 0013): stamping,
 * no hard deletes, embedded objects bump their parents, visibility changes
 * touch the children that appear or disappear, and the public views never
 * show a non-public object.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.ts';

let database: TestDatabase;
let tenantId: string;
let bodyId: string;

const PAST = '2020-01-01T00:00:00+01:00';

/** Moves every council object's stamps into the past (triggers off), so a bump is visible without waiting. */
async function age(): Promise<void> {
  await database.db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    for (const table of ['council_bodies', 'council_locations', 'council_legislative_terms', 'council_organizations', 'council_persons', 'council_memberships', 'council_meetings', 'council_agenda_items', 'council_papers', 'council_consultations', 'council_files']) {
      await sql`update ${sql.table(table)} set created = ${PAST}, modified = ${PAST} where tenant_id = ${tenantId}`.execute(tx);
    }
  });
}

async function modifiedOf(table: string, id: string): Promise<Date> {
  const row = await sql<{ modified: Date }>`select modified from ${sql.table(table)} where tenant_id = ${tenantId} and id = ${id}`.execute(database.db);
  const value = row.rows[0]?.modified;
  assert.ok(value, `${table} ${id} exists`);
  return value;
}

const bumped = async (table: string, id: string): Promise<boolean> => (await modifiedOf(table, id)).getTime() > new Date(PAST).getTime();

async function storedFile(name: string): Promise<string> {
  const row = await database.db.insertInto('files').values({ tenant_id: tenantId, storage_key: crypto.randomUUID(), filename: name, mime_type: 'application/pdf', size: 1, sha256: 'x' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

async function councilFile(name: string, published = true): Promise<string> {
  const stored = await storedFile(name);
  const row = await database.db
    .insertInto('council_files')
    .values({ tenant_id: tenantId, body_id: bodyId, stored_file_id: stored, name, file_name: `${name}.pdf`, mime_type: 'application/pdf', size: 1, sha512: 'a'.repeat(128), published })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

before(async () => {
  database = await createTestDatabase();
  const tenant = await database.db.selectFrom('tenants').select('id').where('slug', '=', 'beispielhausen').executeTakeFirstOrThrow();
  tenantId = tenant.id;
  // A body of our own (the demo one may exist already); soft-delete others so the one-per-tenant index holds.
  await database.db.updateTable('council_bodies').set({ deleted_at: new Date() }).where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).execute();
  bodyId = (await database.db.insertInto('council_bodies').values({ tenant_id: tenantId, name: 'Gemeinderat Test' }).returning('id').executeTakeFirstOrThrow()).id;
});

after(async () => {
  await database.drop();
});

describe('stamping', () => {
  test('created/modified come from the database in whole seconds; client values are ignored; created never changes', async () => {
    const row = await sql<{ id: string; created: Date; modified: Date }>`
      insert into council_organizations (tenant_id, body_id, name, organization_type, created, modified)
      values (${tenantId}, ${bodyId}, 'Bauausschuss', 'Gremium', '2000-01-01', '2000-01-01') returning id, created, modified`.execute(database.db);
    const org = row.rows[0];
    assert.ok(org);
    assert.ok(org.created.getFullYear() >= 2026, 'client-sent created ignored');
    assert.equal(org.created.getMilliseconds(), 0);
    assert.equal(org.created.getTime(), org.modified.getTime());
    await sql`update council_organizations set created = '1999-01-01', name = 'Bauausschuss (neu)' where tenant_id = ${tenantId} and id = ${org.id}`.execute(database.db);
    const again = await database.db.selectFrom('council_organizations').select(['created', 'modified']).where('tenant_id', '=', tenantId).where('id', '=', org.id).executeTakeFirstOrThrow();
    assert.equal(again.created.getTime(), org.created.getTime());
  });

  test('a save that changes nothing keeps modified; a real change moves it; it never goes backwards', async () => {
    const org = (await database.db.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name: 'Finanzausschuss', organization_type: 'Gremium' }).returning('id').executeTakeFirstOrThrow()).id;
    await age();
    await sql`update council_organizations set name = name where tenant_id = ${tenantId} and id = ${org}`.execute(database.db);
    assert.equal(await bumped('council_organizations', org), false);
    await database.db.updateTable('council_organizations').set({ short_name: 'FA' }).where('tenant_id', '=', tenantId).where('id', '=', org).execute();
    assert.equal(await bumped('council_organizations', org), true);
  });

  test('hard deletes are refused; a soft delete stamps deleted_at = modified', async () => {
    const org = (await database.db.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name: 'Werkausschuss', organization_type: 'Gremium' }).returning('id').executeTakeFirstOrThrow()).id;
    await assert.rejects(database.db.deleteFrom('council_organizations').where('tenant_id', '=', tenantId).where('id', '=', org).execute(), /hard delete/);
    await database.db.updateTable('council_organizations').set({ deleted_at: '2001-01-01' }).where('tenant_id', '=', tenantId).where('id', '=', org).execute();
    const row = await database.db.selectFrom('council_organizations').select(['modified', 'deleted_at']).where('tenant_id', '=', tenantId).where('id', '=', org).executeTakeFirstOrThrow();
    assert.equal(row.deleted_at?.getTime(), row.modified.getTime());
  });
});

describe('embedding', () => {
  test('Meeting › AgendaItem › File: a change of the file bumps the TOP and the meeting', async () => {
    const meeting = (await database.db.insertInto('council_meetings').values({ tenant_id: tenantId, body_id: bodyId, name: 'Sitzung', start_at: new Date('2027-01-10T17:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    const top = (await database.db.insertInto('council_agenda_items').values({ tenant_id: tenantId, meeting_id: meeting, position: 1, name: 'Bebauungsplan' }).returning('id').executeTakeFirstOrThrow()).id;
    const file = await councilFile('Anlage');
    await database.db.insertInto('council_file_links').values({ tenant_id: tenantId, file_id: file, role: 'agenda_aux', agenda_item_id: top }).execute();
    await age();
    await database.db.updateTable('council_files').set({ name: 'Anlage 1' }).where('tenant_id', '=', tenantId).where('id', '=', file).execute();
    assert.equal(await bumped('council_agenda_items', top), true);
    assert.equal(await bumped('council_meetings', meeting), true);
  });

  test('Paper › Consultation: a new organization of the consultation bumps consultation and paper, not the TOP', async () => {
    const paper = (await database.db.insertInto('council_papers').values({ tenant_id: tenantId, body_id: bodyId, name: 'Vorlage', paper_type: 'Beschlussvorlage' }).returning('id').executeTakeFirstOrThrow()).id;
    const meeting = (await database.db.insertInto('council_meetings').values({ tenant_id: tenantId, body_id: bodyId, name: 'Sitzung 2', start_at: new Date('2027-02-10T17:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    const top = (await database.db.insertInto('council_agenda_items').values({ tenant_id: tenantId, meeting_id: meeting, position: 1, name: 'Vorlage' }).returning('id').executeTakeFirstOrThrow()).id;
    const consultation = (await database.db.insertInto('council_consultations').values({ tenant_id: tenantId, paper_id: paper, agenda_item_id: top, meeting_id: meeting }).returning('id').executeTakeFirstOrThrow()).id;
    const org = (await database.db.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name: 'Rat', organization_type: 'Gremium' }).returning('id').executeTakeFirstOrThrow()).id;
    await age();
    await database.db.insertInto('council_consultation_organizations').values({ tenant_id: tenantId, consultation_id: consultation, organization_id: org }).execute();
    assert.equal(await bumped('council_consultations', consultation), true);
    assert.equal(await bumped('council_papers', paper), true);
    assert.equal(await bumped('council_agenda_items', top), false, 'the TOP only links the consultation by URL');
  });

  test('Person › Membership and Body › LegislativeTerm', async () => {
    const person = (await database.db.insertInto('council_persons').values({ tenant_id: tenantId, body_id: bodyId, name: 'Erika Muster' }).returning('id').executeTakeFirstOrThrow()).id;
    const org = (await database.db.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name: 'Fraktion A', organization_type: 'Fraktion' }).returning('id').executeTakeFirstOrThrow()).id;
    const membership = (await database.db.insertInto('council_memberships').values({ tenant_id: tenantId, person_id: person, organization_id: org, role: 'Mitglied' }).returning('id').executeTakeFirstOrThrow()).id;
    const term = (await database.db.insertInto('council_legislative_terms').values({ tenant_id: tenantId, body_id: bodyId, name: 'Wahlperiode' }).returning('id').executeTakeFirstOrThrow()).id;
    await age();
    await database.db.updateTable('council_memberships').set({ end_date: '2027-12-31' }).where('tenant_id', '=', tenantId).where('id', '=', membership).execute();
    assert.equal(await bumped('council_persons', person), true);
    assert.equal(await bumped('council_organizations', org), false, 'the organization lists memberships by URL: only new/removed ones bump it');
    await database.db.updateTable('council_legislative_terms').set({ end_date: '2030-10-31' }).where('tenant_id', '=', tenantId).where('id', '=', term).execute();
    assert.equal(await bumped('council_bodies', bodyId), true);
  });
});

describe('visibility', () => {
  test('a paper turned non-public leaves the views; its files and consultations get a tombstone time; never-public objects never show', async () => {
    const paper = (await database.db.insertInto('council_papers').values({ tenant_id: tenantId, body_id: bodyId, name: 'Öffentliche Vorlage', paper_type: 'Mitteilung' }).returning('id').executeTakeFirstOrThrow()).id;
    const secret = (await database.db.insertInto('council_papers').values({ tenant_id: tenantId, body_id: bodyId, name: 'Grundstücksverkauf', paper_type: 'Beschlussvorlage', public: false }).returning('id').executeTakeFirstOrThrow()).id;
    const file = await councilFile('Mitteilung');
    const secretFile = await councilFile('Kaufvertrag');
    await database.db.insertInto('council_file_links').values([
      { tenant_id: tenantId, file_id: file, role: 'paper_main', paper_id: paper },
      { tenant_id: tenantId, file_id: secretFile, role: 'paper_main', paper_id: secret },
    ]).execute();
    const consultation = (await database.db.insertInto('council_consultations').values({ tenant_id: tenantId, paper_id: paper }).returning('id').executeTakeFirstOrThrow()).id;
    await sql`select council_mark_published(${tenantId})`.execute(database.db);

    const publicFiles = async () => (await database.db.selectFrom('council_public_files').select('id').where('tenant_id', '=', tenantId).execute()).map((r) => r.id);
    assert.ok((await publicFiles()).includes(file));
    assert.ok(!(await publicFiles()).includes(secretFile), 'a released file on a non-public paper is not public');
    const secretRow = await database.db.selectFrom('council_papers').select('first_published_at').where('tenant_id', '=', tenantId).where('id', '=', secret).executeTakeFirstOrThrow();
    assert.equal(secretRow.first_published_at, null);

    await age();
    await database.db.updateTable('council_papers').set({ public: false }).where('tenant_id', '=', tenantId).where('id', '=', paper).execute();
    assert.ok(!(await publicFiles()).includes(file));
    assert.equal(await bumped('council_files', file), true);
    assert.equal(await bumped('council_consultations', consultation), true);
    const publicPapers = await database.db.selectFrom('council_public_papers').select('id').where('tenant_id', '=', tenantId).execute();
    assert.ok(!publicPapers.some((p) => p.id === paper || p.id === secret));
  });

  test('OParl order counts the visible agenda items only, from 0 without gaps', async () => {
    const meeting = (await database.db.insertInto('council_meetings').values({ tenant_id: tenantId, body_id: bodyId, name: 'Sitzung 3', start_at: new Date('2027-03-10T17:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    await database.db.insertInto('council_agenda_items').values([
      { tenant_id: tenantId, meeting_id: meeting, position: 1, name: 'Eröffnung' },
      { tenant_id: tenantId, meeting_id: meeting, position: 2, name: 'Personalangelegenheit', public: false },
      { tenant_id: tenantId, meeting_id: meeting, position: 3, name: 'Mitteilungen' },
    ]).execute();
    const rows = await database.db.selectFrom('council_public_agenda_items').select(['name', 'oparl_order']).where('tenant_id', '=', tenantId).where('meeting_id', '=', meeting).orderBy('oparl_order').execute();
    assert.deepEqual(rows, [{ name: 'Eröffnung', oparl_order: 0 }, { name: 'Mitteilungen', oparl_order: 1 }]);
  });

  test('moving a TOP into the non-public part touches its siblings (their order changes)', async () => {
    const meeting = (await database.db.insertInto('council_meetings').values({ tenant_id: tenantId, body_id: bodyId, name: 'Sitzung 4', start_at: new Date('2027-04-10T17:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    const first = (await database.db.insertInto('council_agenda_items').values({ tenant_id: tenantId, meeting_id: meeting, position: 1, name: 'A' }).returning('id').executeTakeFirstOrThrow()).id;
    const second = (await database.db.insertInto('council_agenda_items').values({ tenant_id: tenantId, meeting_id: meeting, position: 2, name: 'B' }).returning('id').executeTakeFirstOrThrow()).id;
    await age();
    await database.db.updateTable('council_agenda_items').set({ public: false }).where('tenant_id', '=', tenantId).where('id', '=', first).execute();
    assert.equal(await bumped('council_agenda_items', second), true);
    assert.equal(await bumped('council_meetings', meeting), true);
  });
});

describe('member access', () => {
  test('a Gremium membership grants the Gremium\'s released non-public files; a Fraktion membership and an ended one do not', async () => {
    const committee = (await database.db.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name: 'Bauausschuss A', organization_type: 'Gremium' }).returning('id').executeTakeFirstOrThrow()).id;
    const other = (await database.db.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name: 'Sozialausschuss', organization_type: 'Gremium' }).returning('id').executeTakeFirstOrThrow()).id;
    const faction = (await database.db.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name: 'Fraktion B', organization_type: 'Fraktion' }).returning('id').executeTakeFirstOrThrow()).id;
    const person = async (name: string) => (await database.db.insertInto('council_persons').values({ tenant_id: tenantId, body_id: bodyId, name }).returning('id').executeTakeFirstOrThrow()).id;
    const [member, outsider, factionOnly, former] = [await person('Mitglied'), await person('Andere'), await person('Fraktion'), await person('Ehemalig')];
    await database.db.insertInto('council_memberships').values([
      { tenant_id: tenantId, person_id: member, organization_id: committee },
      { tenant_id: tenantId, person_id: outsider, organization_id: other },
      { tenant_id: tenantId, person_id: factionOnly, organization_id: faction },
      { tenant_id: tenantId, person_id: former, organization_id: committee, start_date: '2020-01-01', end_date: '2021-01-01' },
    ]).execute();
    const meeting = (await database.db.insertInto('council_meetings').values({ tenant_id: tenantId, body_id: bodyId, name: 'Bauausschuss', start_at: new Date('2027-05-10T17:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    await database.db.insertInto('council_meeting_organizations').values({ tenant_id: tenantId, meeting_id: meeting, organization_id: committee }).execute();
    const top = (await database.db.insertInto('council_agenda_items').values({ tenant_id: tenantId, meeting_id: meeting, position: 1, name: 'Grundstück', public: false }).returning('id').executeTakeFirstOrThrow()).id;
    // Released by the Ratsbüro, not public (its TOP is not): for the Gremium's members only.
    const file = await councilFile('Kaufvertrag TOP', true);
    const draft = await councilFile('Entwurf Kaufvertrag', false);
    await database.db.insertInto('council_file_links').values([
      { tenant_id: tenantId, file_id: file, role: 'agenda_aux', agenda_item_id: top },
      { tenant_id: tenantId, file_id: draft, role: 'agenda_resolution', agenda_item_id: top },
    ]).execute();
    const may = async (p: string, f = file) => (await sql<{ ok: boolean }>`select council_member_may_read_file(${tenantId}, ${p}, ${f}, '2027-05-01') as ok`.execute(database.db)).rows[0]?.ok;
    assert.equal(await may(member), true);
    assert.equal(await may(member, draft), false, 'a draft the Ratsbüro has not released is nobody\'s but the Ratsbüro\'s');
    const publicFiles = await database.db.selectFrom('council_public_files').select('id').where('tenant_id', '=', tenantId).execute();
    assert.ok(!publicFiles.some((f) => f.id === file || f.id === draft));
    assert.equal(await may(outsider), false);
    assert.equal(await may(factionOnly), false);
    assert.equal(await may(former), false);
  });
});
