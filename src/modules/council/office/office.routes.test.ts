/**
 * The Sitzungsdienst over HTTP (app.inject): a Ratsbüro clerk creates a paper
 * with a PDF, builds an agenda with a public and a non-public item, invites,
 * records a result and publishes the minutes; the public views reflect it
 * with a later `modified`. Access, bad input and non-PDF uploads are refused
 * cleanly (403/400/404/422, never 500).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import { councilToday } from '../council.service.ts';
import { createOfficeFixture, officeActorFor, testPdf, type OfficeFixture } from './test-fixtures.ts';

const O = '/verwaltung/sitzungsdienst';
let t: TestApp;
let clock = new Date('2025-03-03T08:00:00Z');
let fx: OfficeFixture;
let clerk: TestBrowser;

before(async () => {
  t = await createTestApp({ now: () => clock });
  fx = await createOfficeFixture(t.services, await officeActorFor(t.services, 'ratsbuero@musterstadt.example'));
  clerk = await staffBrowser(t, 'ratsbuero@musterstadt.example');
});
after(async () => t.close());

const PAST = '2020-01-01T00:00:00+01:00';

/** Moves the stamps of the given rows into the past (triggers off), so a later change is visible without waiting a second. */
async function age(table: string, ids: string[]): Promise<void> {
  await t.services.db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`update ${sql.table(table)} set modified = ${PAST} where id = any(${ids}::uuid[])`.execute(tx);
  });
}

function idFrom(location: string | undefined, pattern: RegExp): string {
  const match = pattern.exec(location ?? '');
  assert.ok(match?.[1], `redirect ${location} matches ${pattern}`);
  return match[1];
}

describe('the Ratsbüro prepares, invites, records and publishes', () => {
  let paperId = '';
  let meetingId = '';
  const reference = `2027/${Math.floor(Math.random() * 900 + 100)}`;

  test('creates a public paper with its PDF in one form', async () => {
    assert.equal((await clerk.get(`${O}/vorlagen/neu`)).statusCode, 200);
    const response = await clerk.postMultipart(`${O}/vorlagen/neu`, { name: `Sanierung Hallenbad ${fx.tag}`, aktenzeichen: reference, typ: 'Beschlussvorlage', datum: '2025-02-20', oeffentlich: '1', freigeben: '1', urheber_gremien: fx.factionId }, [{ field: 'datei', filename: 'hallenbad.pdf', content: await testPdf('Chlorgasanlage'), type: 'application/pdf' }]);
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    paperId = idFrom(response.headers.location as string, /vorlagen\/([0-9a-f-]{36})$/);
    const row = await t.services.db.selectFrom('council_public_papers').select(['reference', 'public']).where('id', '=', paperId).executeTakeFirstOrThrow();
    assert.equal(row.reference, reference);
    const file = await t.services.db
      .selectFrom('council_public_files as f')
      .innerJoin('council_file_links as l', (j) => j.onRef('l.file_id', '=', 'f.id').onRef('l.tenant_id', '=', 'f.tenant_id'))
      .select(['f.text', 'l.role'])
      .where('l.paper_id', '=', paperId)
      .executeTakeFirstOrThrow();
    assert.equal(file.role, 'paper_main');
    assert.match(file.text ?? '', /Chlorgasanlage/);
    const page = await clerk.get(`${O}/vorlagen/${paperId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /hallenbad/);
  });

  test('a non-PDF upload is refused with a clear message and nothing is written', async () => {
    const count = async () => Number((await t.services.db.selectFrom('council_files').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await clerk.get(`${O}/vorlagen/neu`);
    const response = await clerk.postMultipart(`${O}/vorlagen/neu`, { name: 'Getarnt', aktenzeichen: `${reference}-X`, typ: 'Vorlage', oeffentlich: '1' }, [{ field: 'datei', filename: 'vorlage.pdf', content: Buffer.from('MZ\x90\x00 this is an exe'), type: 'application/pdf' }]);
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /Die Datei ist kein PDF/);
    assert.match(response.body, /href="#field-datei"/);
    assert.equal(await count(), before);
    assert.equal((await t.services.db.selectFrom('council_papers').select('id').where('reference', '=', `${reference}-X`).execute()).length, 0);
    // The same on the paper page (an additional file).
    await clerk.get(`${O}/vorlagen/${paperId}`);
    const aux = await clerk.postMultipart(`${O}/vorlagen/${paperId}/dateien`, { rolle: 'paper_aux' }, [{ field: 'datei', filename: 'bild.pdf', content: Buffer.from('\x89PNG\r\n\x1a\n'), type: 'application/pdf' }]);
    assert.equal(aux.statusCode, 422);
    assert.match(aux.body, /Die Datei ist kein PDF/);
    assert.equal(await count(), before);
  });

  test('creates a meeting and builds its agenda with a public and a non-public item', async () => {
    await clerk.get(`${O}/sitzungen/neu`);
    const created = await clerk.post(`${O}/sitzungen/neu`, { name: `3. Sitzung ${fx.tag}`, gremium1: fx.gremiumId, tag: '2025-03-27', beginn: '17:30', ende: '20:00', ort: fx.locationId });
    assert.equal(created.statusCode, 303, created.body.slice(0, 300));
    meetingId = idFrom(created.headers.location as string, /sitzungen\/([0-9a-f-]{36})$/);
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    const first = await clerk.post(`${O}/sitzungen/${meetingId}/tagesordnung`, { name: `Hallenbad ${fx.tag}`, teil: 'oeffentlich', vorlage: paperId, rolle: 'Entscheidung', abschliessend: '1' });
    assert.equal(first.statusCode, 303);
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    const second = await clerk.post(`${O}/sitzungen/${meetingId}/tagesordnung`, { name: `Grundstücksverkauf Geheimweg ${fx.tag}`, teil: 'nichtoeffentlich', vorlage: '', rolle: 'Entscheidung' });
    assert.equal(second.statusCode, 303);
    const page = await clerk.get(`${O}/sitzungen/${meetingId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ö 1 Hallenbad/);
    assert.match(page.body, /N 1 Grundstücksverkauf Geheimweg/);
    const consultation = await t.services.db.selectFrom('council_consultations').select(['meeting_id', 'authoritative', 'role', 'id']).where('paper_id', '=', paperId).executeTakeFirstOrThrow();
    assert.equal(consultation.meeting_id, meetingId);
    assert.equal(consultation.authoritative, true);
    const orgs = await t.services.db.selectFrom('council_consultation_organizations').select('organization_id').where('consultation_id', '=', consultation.id).execute();
    assert.deepEqual(orgs.map((o) => o.organization_id), [fx.gremiumId]);
    // An empty name shows the error summary and the field, 422.
    const bad = await clerk.post(`${O}/sitzungen/${meetingId}/tagesordnung`, { name: '  ', teil: 'oeffentlich' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#field-name"/);
  });

  test('sends the invitation: one mail per member of the Gremium, with the agenda', async () => {
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    const sent = await clerk.post(`${O}/sitzungen/${meetingId}/einladung`, { aktion: 'jetzt' });
    assert.equal(sent.statusCode, 303);
    const addresses = [...fx.members, fx.formerMember, fx.outsider].map((m) => m.email);
    const mails = await t.services.db.selectFrom('mails').select(['to_address', 'subject', 'text_body']).where('to_address', 'in', addresses).execute();
    assert.deepEqual(mails.map((m) => m.to_address).sort(), fx.members.map((m) => m.email).sort(), 'members only: not the former member, not the other Gremium');
    for (const mail of mails) {
      assert.match(mail.subject, new RegExp(`Einladung: 3. Sitzung ${fx.tag}`));
      assert.match(mail.text_body, new RegExp(`Ö 1  Hallenbad ${fx.tag} \\(Drucksache ${reference.replace('/', '\\/')}\\)`));
      assert.match(mail.text_body, new RegExp(`N 1  Grundstücksverkauf Geheimweg ${fx.tag}`));
    }
    const page = await clerk.get(`${O}/sitzungen/${meetingId}`);
    assert.match(page.body, /eingeladen am/);
    assert.match(page.body, /Nachtrag senden/);
  });

  test('records the result, marks the meeting held and publishes the minutes; the public views follow', async () => {
    const detail = await t.services.db.selectFrom('council_agenda_items').select(['id', 'public']).where('meeting_id', '=', meetingId).where('deleted_at', 'is', null).orderBy('position').execute();
    const publicItem = detail.find((i) => i.public)?.id as string;
    await age('council_meetings', [meetingId]);
    await age('council_agenda_items', detail.map((i) => i.id));

    clock = new Date('2025-03-27T20:00:00Z');
    // The session would have expired over three weeks: sign in again on the meeting evening.
    clerk = await staffBrowser(t, 'ratsbuero@musterstadt.example');
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    const result = await clerk.post(`${O}/tops/${publicItem}/ergebnis`, { [`ergebnis-${publicItem}`]: 'einstimmig beschlossen', [`beschluss-${publicItem}`]: 'Der Rat beschließt die Sanierung.' });
    assert.equal(result.statusCode, 303);
    const members = fx.members.map((m) => m.id);
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    assert.equal((await clerk.post(`${O}/sitzungen/${meetingId}/anwesenheit`, { personen: members })).statusCode, 303);
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    assert.equal((await clerk.post(`${O}/sitzungen/${meetingId}/durchgefuehrt`, {})).statusCode, 303);
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    assert.equal((await clerk.post(`${O}/sitzungen/${meetingId}/niederschrift`, {})).statusCode, 303);

    const meeting = await t.services.db.selectFrom('council_public_meetings').select(['meeting_state', 'modified', 'minutes_published_at']).where('id', '=', meetingId).executeTakeFirstOrThrow();
    assert.equal(meeting.meeting_state, 'durchgeführt');
    assert.ok(meeting.minutes_published_at);
    assert.ok(meeting.modified.getTime() > new Date(PAST).getTime(), 'meeting modified increased');
    const items = await t.services.db.selectFrom('council_public_agenda_items').select(['id', 'result', 'resolution_text', 'modified', 'oparl_order']).where('meeting_id', '=', meetingId).execute();
    assert.equal(items.length, 1, 'only the public TOP is public');
    assert.equal(items[0]?.result, 'einstimmig beschlossen');
    assert.ok((items[0]?.modified.getTime() ?? 0) > new Date(PAST).getTime(), 'TOP modified increased');
    const minutes = await t.services.db
      .selectFrom('council_public_files as f')
      .innerJoin('council_file_links as l', (j) => j.onRef('l.file_id', '=', 'f.id').onRef('l.tenant_id', '=', 'f.tenant_id'))
      .select(['f.text', 'l.role'])
      .where('l.meeting_id', '=', meetingId)
      .execute();
    const results = minutes.find((m) => m.role === 'meeting_results');
    assert.ok(results, 'the minutes are public');
    assert.match(results.text ?? '', /einstimmig beschlossen/);
    assert.doesNotMatch(results.text ?? '', /Geheimweg/, 'non-public items without names');
    assert.doesNotMatch(results.text ?? '', /Albers/, 'participants are not published without the switch');
    assert.ok(minutes.some((m) => m.role === 'meeting_invitation'));
  });

  test('attaches a PDF to a TOP and releases and withdraws single files', async () => {
    const item = await t.services.db.selectFrom('council_agenda_items').select('id').where('meeting_id', '=', meetingId).where('public', '=', true).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    const upload = await clerk.postMultipart(`${O}/tops/${item.id}/dateien`, { rolle: 'agenda_aux', freigeben: '1' }, [{ field: `datei-${item.id}`, filename: 'lageplan.pdf', content: await testPdf('Lageplan'), type: 'application/pdf' }]);
    assert.equal(upload.statusCode, 303, upload.body.slice(0, 300));
    const file = await t.services.db.selectFrom('council_file_links').select('file_id').where('agenda_item_id', '=', item.id).where('role', '=', 'agenda_aux').executeTakeFirstOrThrow();
    const isPublic = async () => (await t.services.db.selectFrom('council_public_files').select('id').where('id', '=', file.file_id).execute()).length === 1;
    assert.equal(await isPublic(), true);
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    const withdraw = await clerk.post(`${O}/dateien/${file.file_id}/freigabe`, { freigegeben: '0', zurueck: `${O}/sitzungen/${meetingId}` });
    assert.equal(withdraw.statusCode, 303);
    assert.equal(withdraw.headers.location, `${O}/sitzungen/${meetingId}`);
    assert.equal(await isPublic(), false);
    // The office still reads it; a return address elsewhere is not followed.
    assert.equal((await clerk.get(`${O}/dateien/${file.file_id}`)).headers['content-type'], 'application/pdf');
    await clerk.get(`${O}/sitzungen/${meetingId}`);
    const again = await clerk.post(`${O}/dateien/${file.file_id}/freigabe`, { freigegeben: '1', zurueck: 'https://example.org/' });
    assert.equal(again.headers.location, O);
    assert.equal(await isPublic(), true);
  });

  test('every office page kind renders', async () => {
    const person = fx.members[0]?.id as string;
    for (const path of ['', '/sitzungen', '/sitzungen?zeit=vergangen', '/vorlagen', '/vorlagen?q=Hallenbad&typ=Beschlussvorlage&ohne-datei=1', '/personen', '/personen?q=Albers', `/personen/${person}`, '/personen/neu', '/gremien', '/gremien?typ=Fraktion', `/gremien/${fx.gremiumId}`, '/gremien/neu', '/wahlperioden', '/orte', `/orte/${fx.locationId}`, `/sitzungen/${meetingId}/bearbeiten`]) {
      const response = await clerk.get(`${O}${path}`);
      assert.equal(response.statusCode, 200, `${path}: ${response.statusCode}`);
    }
  });
});

describe('master data over HTTP', () => {
  test('a person with a membership on behalf of a Fraktion, which is ended later', async () => {
    await clerk.get(`${O}/personen/neu`);
    const created = await clerk.post(`${O}/personen/neu`, { titel: 'Dr.', vorname: 'Eva', nachname: `Ernst${fx.tag}`, email: `eva.${fx.tag}@rat.example`, telefon: '05231 123', kontakt_veroeffentlichen: '1' });
    assert.equal(created.statusCode, 303, created.body.slice(0, 300));
    const id = idFrom(created.headers.location as string, /personen\/([0-9a-f-]{36})$/);
    await clerk.get(`${O}/personen/${id}`);
    const added = await clerk.post(`${O}/personen/${id}/mitgliedschaften`, { gremium: fx.gremiumId, rolle: 'Vorsitz', stimmrecht: '1', fraktion: fx.factionId, von: '2024-01-01' });
    assert.equal(added.statusCode, 303);
    const ms = await t.services.db.selectFrom('council_memberships').select(['id', 'on_behalf_of', 'role']).where('person_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(ms.on_behalf_of, fx.factionId);
    await clerk.get(`${O}/personen/${id}`);
    assert.equal((await clerk.post(`${O}/mitgliedschaften/${ms.id}/beenden`, { zurueck: `${O}/personen/${id}` })).statusCode, 303);
    const ended = await t.services.db.selectFrom('council_memberships').select('end_date').where('id', '=', ms.id).executeTakeFirstOrThrow();
    assert.equal(ended.end_date, councilToday(clock), 'ended today (Berlin)');
    const person = await t.services.db.selectFrom('council_persons').select(['name', 'publish_contact']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(person.name, `Dr. Eva Ernst${fx.tag}`);
    assert.equal(person.publish_contact, true);
  });

  test('a person is linked to a staff account for the member area, once', async () => {
    await clerk.get(`${O}/personen/neu`);
    const unknown = await clerk.post(`${O}/personen/neu`, { vorname: 'Fritz', nachname: `Fink${fx.tag}`, konto: 'niemand@musterstadt.example' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /kein Verwaltungskonto/);
    const linked = await clerk.post(`${O}/personen/neu`, { vorname: 'Fritz', nachname: `Fink${fx.tag}`, konto: 'buergerbuero2@musterstadt.example' });
    assert.equal(linked.statusCode, 303);
    const roles = await t.services.db
      .selectFrom('staff_roles as r')
      .innerJoin('staff_users as u', (j) => j.onRef('u.id', '=', 'r.user_id').onRef('u.tenant_id', '=', 'r.tenant_id'))
      .select('r.role')
      .where('u.email', '=', 'buergerbuero2@musterstadt.example')
      .execute();
    assert.ok(roles.some((r) => r.role === 'mandatstraeger'), 'the account may now open the member area');
    await clerk.get(`${O}/personen/neu`);
    const twice = await clerk.post(`${O}/personen/neu`, { vorname: 'Greta', nachname: `Graf${fx.tag}`, konto: 'buergerbuero2@musterstadt.example' });
    assert.equal(twice.statusCode, 422);
    assert.match(twice.body, /gehört schon zu einer anderen Person/);
  });

  test('a location with coordinates becomes a GeoJSON Feature [lon, lat]; half a pair is an error', async () => {
    await clerk.get(`${O}/orte`);
    const half = await clerk.post(`${O}/orte`, { bezeichnung: 'Bürgerhaus', breite: '51,95' });
    assert.equal(half.statusCode, 422);
    assert.match(half.body, /href="#field-laenge"/);
    const ok = await clerk.post(`${O}/orte`, { bezeichnung: `Bürgerhaus ${fx.tag}`, plz: '32756', breite: '51,95', laenge: '9,1' });
    assert.equal(ok.statusCode, 303);
    const row = await t.services.db.selectFrom('council_locations').select('geojson').where('description', '=', `Bürgerhaus ${fx.tag}`).executeTakeFirstOrThrow();
    assert.deepEqual(row.geojson?.geometry, { type: 'Point', coordinates: [9.1, 51.95] });
  });
});

describe('access and bad input', () => {
  test('a clerk without the ratsbuero role gets 403 on pages and commands', async () => {
    const other = await staffBrowser(t, 'buergerbuero@musterstadt.example');
    assert.equal((await other.get(O)).statusCode, 403);
    assert.equal((await other.get(`${O}/vorlagen`)).statusCode, 403);
    await other.get('/verwaltung');
    const post = await other.post(`${O}/orte`, { bezeichnung: 'Nein' });
    assert.equal(post.statusCode, 403);
  });

  test('invalid ids answer 400, unknown ids 404, never 500', async () => {
    assert.equal((await clerk.get(`${O}/sitzungen/nicht-eine-id`)).statusCode, 400);
    assert.equal((await clerk.get(`${O}/sitzungen/${crypto.randomUUID()}`)).statusCode, 404);
    assert.equal((await clerk.get(`${O}/vorlagen/${crypto.randomUUID()}`)).statusCode, 404);
    assert.equal((await clerk.get(`${O}/personen/${crypto.randomUUID()}`)).statusCode, 404);
    assert.equal((await clerk.get(`${O}/dateien/${crypto.randomUUID()}`)).statusCode, 404);
    assert.equal((await clerk.get(`${O}/vorlagen?typ=Unsinn`)).statusCode, 400);
    await clerk.get(O);
    assert.equal((await clerk.post(`${O}/tops/${crypto.randomUUID()}/entfernen`, {})).statusCode, 404);
    assert.equal((await clerk.post(`${O}/tops/${crypto.randomUUID()}/verschieben`, { richtung: 'seitwärts' })).statusCode, 400);
    assert.equal((await clerk.post(`${O}/sitzungen/${crypto.randomUUID()}/einladung`, { aktion: 'jetzt' })).statusCode, 404);
    const badMeeting = await clerk.post(`${O}/sitzungen/neu`, { name: 'X', gremium1: 'kaputt', tag: '2027-02-30', beginn: '25:00' });
    assert.equal(badMeeting.statusCode, 422);
    assert.match(badMeeting.body, /href="#field-tag"/);
    assert.match(badMeeting.body, /href="#field-beginn"/);
    // No CSRF token: refused.
    assert.equal((await clerk.post(`${O}/orte`, { bezeichnung: 'Ohne Token' }, { csrf: null })).statusCode, 403);
  });
});
