/**
 * The OParl API as built, over app.inject: tombstones after depublication and
 * deletion, a never-public canary that no response reveals, filters and
 * limits (and their 400s), CORS/OPTIONS/HEAD/405/404 Error objects, no
 * cookies, validators, tenant isolation, and `modified` moving when an
 * embedded object changes. (The spec-level crawl is test/e2e/oparl-conformance.test.ts.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { bodyOf, linkCouncilFile, markPublished, storeCouncilFile } from '../council.service.ts';
import { renderCouncilDocument } from '../documents/council-pdf.ts';

const P = '/oparl/v1.1';
const CANARY = `KANARIE-NOE-${randomBytes(6).toString('hex')}`;
const PAST = '2020-01-01T00:00:00+01:00';

let t: TestApp;
let tenant: Tenant;
let base: string;
let bodyId: string;
let pdf: Buffer;

/** Fixture ids */
const ids = {
  rat: '',
  person: '',
  membership: '',
  meeting: '',
  topA: '',
  topB: '',
  topSecret: '',
  paper: '',
  paperGone: '',
  paperSecret: '',
  consultation: '',
  mainFile: '',
  auxFile: '',
  goneFile: '',
  secretFile: '',
  meetingAux: '',
};

function get(url: string, headers: Record<string, string> = {}, host = 'localhost'): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers: { host, ...headers } });
}

async function json(url: string): Promise<Record<string, unknown>> {
  const response = await get(url);
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  return response.json() as Record<string, unknown>;
}

const idOf = (segment: string, id: string): string => `${base}${P}/${segment}/${id}`;
const list = (name: string): string => `${P}/body/${bodyId}/${name}`;

/** All items of a list, following links.next. */
async function walk(url: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let next: string | undefined = url;
  for (let guard = 0; next && guard < 100; guard++) {
    const page = (await json(next.replace(base, ''))) as { data: Array<Record<string, unknown>>; links: { next?: string } };
    items.push(...page.data);
    next = page.links.next;
  }
  return items;
}

async function file(name: string, published = true): Promise<string> {
  return t.services.db.transaction().execute(async (tx) => (await storeCouncilFile(tx, t.services.files, tenant.id, bodyId, { content: pdf, fileName: `${name}.pdf`, name, mimeType: 'application/pdf', date: '2027-01-15', published })).id);
}

/** Moves stamps into the past without triggers, so a later bump is visible without waiting a second. */
async function age(table: string, id: string): Promise<void> {
  await t.services.db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`update ${sql.table(table)} set created = ${PAST}, modified = ${PAST} where tenant_id = ${tenant.id} and id = ${id}`.execute(tx);
  });
}

before(async () => {
  t = await createTestApp();
  tenant = (await t.services.tenants.all()).find((x) => x.isDefault) as Tenant;
  base = await t.services.baseUrlOf(tenant.id);
  const db = t.services.db;
  bodyId = (await bodyOf(db, tenant.id))?.id ?? (await db.insertInto('council_bodies').values({ tenant_id: tenant.id, name: 'Rat der Stadt Musterstadt' }).returning('id').executeTakeFirstOrThrow()).id;
  pdf = await renderCouncilDocument({ issuer: { name: 'Stadt' }, title: 'Testvorlage', sections: [{ heading: 'Sachverhalt', paragraphs: ['Ein Radweg.'] }] }, { creationDate: new Date('2027-01-01T00:00:00Z') });

  ids.mainFile = await file('Vorlage Radweg');
  ids.auxFile = await file('Anlage Lageplan');
  ids.goneFile = await file('Anlage zurückgezogen');
  ids.secretFile = await file(`${CANARY} Anlage`);
  ids.meetingAux = await file('Sitzungsanlage');

  await db.transaction().execute(async (tx) => {
    const t0 = tenant.id;
    ids.rat = (await tx.insertInto('council_organizations').values({ tenant_id: t0, body_id: bodyId, name: 'Testrat', organization_type: 'Gremium', classification: 'Parlament' }).returning('id').executeTakeFirstOrThrow()).id;
    ids.person = (await tx.insertInto('council_persons').values({ tenant_id: t0, body_id: bodyId, name: 'Erika Test', email: ['erika@example.org'], publish_contact: false }).returning('id').executeTakeFirstOrThrow()).id;
    ids.membership = (await tx.insertInto('council_memberships').values({ tenant_id: t0, person_id: ids.person, organization_id: ids.rat, role: 'Mitglied', voting_right: true, start_date: '2024-11-01' }).returning('id').executeTakeFirstOrThrow()).id;
    ids.meeting = (await tx.insertInto('council_meetings').values({ tenant_id: t0, body_id: bodyId, name: 'Testsitzung', start_at: new Date('2027-02-10T17:00:00Z'), meeting_state: 'eingeladen' }).returning('id').executeTakeFirstOrThrow()).id;
    await tx.insertInto('council_meeting_organizations').values({ tenant_id: t0, meeting_id: ids.meeting, organization_id: ids.rat, position: 0 }).execute();
    const top = async (position: number, name: string, isPublic: boolean) =>
      (await tx.insertInto('council_agenda_items').values({ tenant_id: t0, meeting_id: ids.meeting, position, number: String(position + 1), name, public: isPublic }).returning('id').executeTakeFirstOrThrow()).id;
    ids.topA = await top(0, 'Radweg Hauptstraße', true);
    ids.topSecret = await top(1, `${CANARY} Grundstücksangelegenheit`, false);
    ids.topB = await top(2, 'Verschiedenes', true);
    const paper = async (name: string, isPublic: boolean, reference: string) =>
      (await tx.insertInto('council_papers').values({ tenant_id: t0, body_id: bodyId, name, reference, paper_type: 'Beschlussvorlage', date: '2027-01-15', public: isPublic }).returning('id').executeTakeFirstOrThrow()).id;
    ids.paper = await paper('Radweg Hauptstraße', true, 'T-2027/001');
    ids.paperGone = await paper('Zurückgezogene Vorlage', true, 'T-2027/002');
    ids.paperSecret = await paper(`${CANARY} Vorlage`, false, 'T-2027/003');
    ids.consultation = (await tx.insertInto('council_consultations').values({ tenant_id: t0, paper_id: ids.paper, agenda_item_id: ids.topA, meeting_id: ids.meeting, authoritative: true, role: 'Entscheidung' }).returning('id').executeTakeFirstOrThrow()).id;
    await tx.insertInto('council_consultation_organizations').values({ tenant_id: t0, consultation_id: ids.consultation, organization_id: ids.rat }).execute();
    await tx.insertInto('council_consultations').values({ tenant_id: t0, paper_id: ids.paperSecret, agenda_item_id: ids.topSecret, meeting_id: ids.meeting, role: 'Entscheidung' }).execute();
    await linkCouncilFile(tx, t0, ids.mainFile, 'paper_main', { paperId: ids.paper });
    await linkCouncilFile(tx, t0, ids.auxFile, 'paper_aux', { paperId: ids.paper });
    await linkCouncilFile(tx, t0, ids.goneFile, 'agenda_aux', { agendaItemId: ids.topA });
    await linkCouncilFile(tx, t0, ids.secretFile, 'paper_main', { paperId: ids.paperSecret });
    await linkCouncilFile(tx, t0, ids.meetingAux, 'meeting_aux', { meetingId: ids.meeting });
    await markPublished(tx, t0);
  });
});

after(() => t.close());

describe('objects', () => {
  test('System: entry point with version, licence, body list and vendor; JSON, CORS, caching, no cookie (not even with ?lang=)', async () => {
    const response = await get(`${P}/system?lang=en`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['cache-control'], 'public, max-age=60');
    assert.equal(response.headers['set-cookie'], undefined);
    assert.ok(response.headers.etag);
    const system = response.json() as Record<string, string>;
    assert.equal(system.id, `${base}${P}/system`);
    assert.equal(system.type, 'https://schema.oparl.org/1.1/System');
    assert.equal(system.oparlVersion, 'https://schema.oparl.org/1.1/');
    assert.equal(system.license, await t.services.tenants.getSetting(tenant.id, 'council.license'));
    assert.equal(system.body, `${base}${P}/bodies`);
    assert.match(system.vendor ?? '', /^https?:\/\//);
    const bodies = (await json(`${P}/bodies`)) as { data: Array<Record<string, unknown>> };
    const body = bodies.data.find((b) => b.id === idOf('body', bodyId));
    assert.ok(body, 'the Body is in System.body');
    for (const key of ['organization', 'person', 'meeting', 'paper', 'agendaItem', 'consultation', 'file', 'locationList', 'legislativeTermList', 'membership']) {
      assert.match(String(body[key]), new RegExp(`^${base}${P}/body/${bodyId}/`), key);
      const page = (await json(String(body[key]).replace(base, ''))) as Record<string, unknown>;
      assert.ok(Array.isArray(page.data) && typeof page.pagination === 'object' && typeof page.links === 'object', key);
    }
    assert.ok(Array.isArray(body.legislativeTerm), 'legislativeTerm is mandatory');
    const omitted = (await json(`${P}/body/${bodyId}?omit_internal=true`)) as Record<string, unknown>;
    assert.equal(omitted.legislativeTerm, undefined);
  });

  test('Paper: mainFile embedded once (never in auxiliaryFile), consultation embedded without back-reference, web link to the portal', async () => {
    const paper = await json(`${P}/paper/${ids.paper}`);
    assert.equal(paper.id, idOf('paper', ids.paper));
    assert.equal(paper.web, `${base}/ratsinfo/vorlagen/${ids.paper}`);
    const main = paper.mainFile as Record<string, unknown>;
    assert.equal(main.id, idOf('file', ids.mainFile));
    assert.equal(main.accessUrl, `${base}${P}/file/${ids.mainFile}/content`);
    assert.equal(main.downloadUrl, `${base}${P}/file/${ids.mainFile}/download`);
    assert.equal(main.sha512Checksum, createHash('sha512').update(pdf).digest('hex'));
    assert.equal(main.size, pdf.length);
    assert.equal(main.paper, undefined, 'embedded File has no back-reference');
    assert.ok(typeof main.created === 'string' && typeof main.modified === 'string');
    const aux = paper.auxiliaryFile as Array<Record<string, unknown>>;
    assert.deepEqual(
      aux.map((f) => f.id),
      [idOf('file', ids.auxFile)],
    );
    const [consultation] = paper.consultation as Array<Record<string, unknown>>;
    assert.equal(consultation?.id, idOf('consultation', ids.consultation));
    assert.equal(consultation?.paper, undefined);
    assert.equal(consultation?.agendaItem, idOf('agenda-item', ids.topA));
    assert.equal(consultation?.meeting, idOf('meeting', ids.meeting));
    assert.deepEqual(consultation?.organization, [idOf('organization', ids.rat)]);
    const standalone = await json(`${P}/consultation/${ids.consultation}`);
    assert.equal(standalone.paper, idOf('paper', ids.paper));
    const fileAlone = await json(`${P}/file/${ids.mainFile}`);
    assert.deepEqual(fileAlone.paper, [idOf('paper', ids.paper)]);
    const slim = await json(`${P}/paper/${ids.paper}?omit_internal=true`);
    assert.equal(slim.auxiliaryFile, undefined, 'omit_internal drops the internal list');
    assert.equal((slim.mainFile as Record<string, unknown>).id, idOf('file', ids.mainFile), 'but not mainFile');
  });

  test('Meeting: public TOPs only, order 0..n-1 gap-free, files two levels deep, no participants without publication', async () => {
    const meeting = await json(`${P}/meeting/${ids.meeting}`);
    const items = meeting.agendaItem as Array<Record<string, unknown>>;
    assert.deepEqual(
      items.map((i) => i.id),
      [idOf('agenda-item', ids.topA), idOf('agenda-item', ids.topB)],
    );
    assert.deepEqual(
      items.map((i) => i.order),
      [0, 1],
    );
    assert.equal(items[0]?.meeting, undefined, 'embedded AgendaItem has no back-reference');
    assert.equal((items[0]?.auxiliaryFile as Array<Record<string, unknown>>)[0]?.id, idOf('file', ids.goneFile));
    assert.equal((meeting.auxiliaryFile as Array<Record<string, unknown>>)[0]?.id, idOf('file', ids.meetingAux));
    assert.deepEqual(meeting.organization, [idOf('organization', ids.rat)]);
    assert.equal(meeting.participant, undefined);
    assert.equal(meeting.web, `${base}/ratsinfo/sitzungen/${ids.meeting}`);
    const top = await json(`${P}/agenda-item/${ids.topB}`);
    assert.equal(top.meeting, idOf('meeting', ids.meeting));
    assert.equal(top.order, 1);
  });

  test('Person: contact data only with consent; Organization: classification as data, membership URLs', async () => {
    const person = await json(`${P}/person/${ids.person}`);
    assert.equal(person.email, undefined);
    assert.equal((person.membership as Array<Record<string, unknown>>)[0]?.person, undefined);
    const org = await json(`${P}/organization/${ids.rat}`);
    assert.equal(org.classification, 'Parlament');
    assert.deepEqual(org.membership, [idOf('membership', ids.membership)]);
    const meetings = (await json(`${P}/organization/${ids.rat}/meetings`)) as { data: Array<Record<string, unknown>> };
    assert.deepEqual(
      meetings.data.map((m) => m.id),
      [idOf('meeting', ids.meeting)],
    );
    const consultations = (await json(`${P}/organization/${ids.rat}/consultations`)) as { data: Array<Record<string, unknown>> };
    assert.deepEqual(
      consultations.data.map((c) => c.id),
      [idOf('consultation', ids.consultation)],
    );
    await t.services.db.updateTable('council_persons').set({ publish_contact: true }).where('tenant_id', '=', tenant.id).where('id', '=', ids.person).execute();
    assert.deepEqual((await json(`${P}/person/${ids.person}`)).email, ['erika@example.org']);
    await t.services.db.updateTable('council_persons').set({ publish_contact: false }).where('tenant_id', '=', tenant.id).where('id', '=', ids.person).execute();
  });

  test('file bytes: accessUrl inline in a sandbox, downloadUrl as attachment with the file name; sizes and checksums match', async () => {
    const content = await get(`${P}/file/${ids.mainFile}/content`);
    assert.equal(content.statusCode, 200);
    assert.equal(content.headers['content-type'], 'application/pdf');
    assert.match(String(content.headers['content-disposition']), /^inline; filename="Vorlage Radweg\.pdf"/);
    assert.match(String(content.headers['content-security-policy']), /sandbox/);
    assert.equal(Number(content.headers['content-length']), pdf.length);
    assert.ok(content.rawPayload.equals(pdf));
    const download = await get(`${P}/file/${ids.mainFile}/download`);
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="Vorlage Radweg\.pdf"/);
    assert.equal(download.headers['set-cookie'], undefined);
  });

  test('answers do not depend on cookies (a session cookie or the locale cookie change nothing)', async () => {
    for (const url of [`${P}/system`, `${P}/paper/${ids.paper}`, `${P}/meeting/${ids.meeting}`, `${list('papers')}?limit=5`, `${P}/nichts`]) {
      const plain = await get(url);
      const withCookies = await get(url, { cookie: 'rathaus-session=abcdefghijklmnopqrstuvwxyz012345; rathaus-lang=en' });
      assert.equal(withCookies.statusCode, plain.statusCode, url);
      assert.equal(withCookies.body, plain.body, url);
      assert.equal(withCookies.headers['set-cookie'], undefined, url);
    }
  });

  test('ETag: a repeated GET with If-None-Match gets 304', async () => {
    const first = await get(`${P}/paper/${ids.paper}`);
    const again = await get(`${P}/paper/${ids.paper}`, { 'if-none-match': String(first.headers.etag) });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  test('another tenant does not see these objects', async () => {
    const other = (await t.services.tenants.all()).find((x) => !x.isDefault) as Tenant;
    const response = await get(`${P}/paper/${ids.paper}`, {}, other.hostnames[0]);
    assert.equal(response.statusCode, 404);
    assert.equal((await get(`${P}/file/${ids.mainFile}/content`, {}, other.hostnames[0])).statusCode, 404);
  });
});

describe('lists', () => {
  test('limit pages through a list by keyset; links keep filters, limit and omit_internal; elementsPerPage is the real page size', async () => {
    const all = await walk(`${list('papers')}?limit=1000`);
    const paged = await walk(`${list('papers')}?limit=7&omit_internal=true&created_since=2000-01-01T00%3A00%3A00%2B01%3A00`);
    assert.deepEqual(
      paged.map((p) => p.id),
      all.map((p) => p.id),
    );
    assert.ok(paged.every((p) => p.auxiliaryFile === undefined));
    const first = (await json(`${list('papers')}?limit=1&created_since=2000-01-01T00:00:00 01:00&foo=bar`)) as { data: unknown[]; pagination: Record<string, number>; links: Record<string, string> };
    assert.equal(first.data.length, 1);
    assert.equal(first.pagination.elementsPerPage, 1);
    assert.equal(first.pagination.totalElements, all.length);
    assert.equal(first.links.first, `${base}${list('papers')}?created_since=2000-01-01T00%3A00%3A00%2B01%3A00&limit=1`);
    assert.match(first.links.next ?? '', /^.*\?after=[0-9a-f-]{36}&created_since=2000-01-01T00%3A00%3A00%2B01%3A00&limit=1$/);
    const clamped = (await json(`${list('papers')}?limit=5000`)) as { pagination: Record<string, number>; links: Record<string, string> };
    assert.equal(clamped.pagination.elementsPerPage, 1000);
    assert.match(clamped.links.self ?? '', /limit=1000/);
    const plain = (await json(list('papers'))) as { pagination: Record<string, number>; links: Record<string, string> };
    assert.equal(plain.pagination.elementsPerPage, 100);
    if (all.length <= 100) assert.equal(plain.links.next, undefined);
  });

  test('filters are inclusive on both ends and accept Z and fractions', async () => {
    const paper = await json(`${P}/paper/${ids.paper}`);
    const modified = String(paper.modified);
    const enc = encodeURIComponent(modified);
    const has = async (query: string) => (await walk(`${list('papers')}?limit=1000&${query}`)).some((p) => p.id === paper.id);
    assert.equal(await has(`modified_since=${enc}`), true);
    assert.equal(await has(`modified_until=${enc}`), true);
    assert.equal(await has(`created_since=${encodeURIComponent(String(paper.created))}&created_until=${encodeURIComponent(String(paper.created))}`), true);
    const after = new Date(Date.parse(modified) + 1000).toISOString();
    assert.equal(await has(`modified_since=${after}`), false, 'Z form, one second later');
    assert.equal(await has(`modified_until=${new Date(Date.parse(modified) - 500).toISOString()}`), false, 'fractions');
    assert.equal(await has('created_since=2999-01-01T00:00:00%2B01:00'), false);
  });

  test('bad parameters are 400 Error objects with CORS', async () => {
    for (const query of ['limit=0', 'limit=-3', 'limit=2.5', 'limit=zehn', 'modified_since=gestern', 'created_until=2027-02-30T00:00:00Z', 'after=xyz']) {
      const response = await get(`${list('papers')}?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.headers['access-control-allow-origin'], '*');
      const error = response.json() as Record<string, string>;
      assert.equal(error.type, 'https://schema.oparl.org/1.1/Error');
      assert.ok(error.message && error.debug);
    }
  });
});

describe('HTTP', () => {
  test('OPTIONS preflight, HEAD, 405 for writes, 404 Error objects for unknown URLs', async () => {
    const options = await t.app.inject({ method: 'OPTIONS', url: `${P}/system`, headers: { host: 'localhost', origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    assert.equal(options.statusCode, 204);
    assert.equal(options.headers['access-control-allow-origin'], '*');
    assert.equal(options.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS');
    const head = await t.app.inject({ method: 'HEAD', url: `${P}/paper/${ids.paper}`, headers: { host: 'localhost' } });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['access-control-allow-origin'], '*');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
      const response = await t.app.inject({ method, url: `${P}/paper/${ids.paper}`, headers: { host: 'localhost', 'content-type': 'application/json' }, payload: '{}' });
      assert.equal(response.statusCode, 405, method);
      assert.equal(response.headers['access-control-allow-origin'], '*');
      assert.equal((response.json() as Record<string, string>).type, 'https://schema.oparl.org/1.1/Error');
    }
    for (const url of [`${P}/nichts`, `${P}/paper/kein-uuid`, `${P}/paper/00000000-0000-7000-8000-000000000000`, `${P}/body/${bodyId}/nichts`, `${P}/file/${ids.mainFile}/x`, '/oparl', `${P}/PAPER/${ids.paper}`]) {
      const response = await get(url);
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.headers['content-type'], 'application/json; charset=utf-8', url);
      assert.equal(response.headers['access-control-allow-origin'], '*', url);
      assert.equal((response.json() as Record<string, string>).type, 'https://schema.oparl.org/1.1/Error', url);
    }
  });
});

describe('changes', () => {
  test('a changed TOP result shows in the meeting with a newer modified', async () => {
    await age('council_meetings', ids.meeting);
    await age('council_agenda_items', ids.topA);
    const before = await json(`${P}/meeting/${ids.meeting}`);
    assert.equal(before.modified, '2020-01-01T00:00:00+01:00');
    await t.services.db.transaction().execute(async (tx) => {
      await tx.updateTable('council_agenda_items').set({ result: 'Einstimmig beschlossen' }).where('tenant_id', '=', tenant.id).where('id', '=', ids.topA).execute();
      await markPublished(tx, tenant.id);
    });
    const after = await json(`${P}/meeting/${ids.meeting}`);
    assert.ok(Date.parse(String(after.modified)) > Date.parse(String(before.modified)));
    const top = (after.agendaItem as Array<Record<string, unknown>>)[0];
    assert.equal(top?.result, 'Einstimmig beschlossen');
    assert.ok(Date.parse(String(top?.modified)) > Date.parse(PAST));
    const since = encodeURIComponent(String(after.modified));
    const changed = await walk(`${list('meetings')}?modified_since=${since}`);
    assert.ok(changed.some((m) => m.id === after.id));
  });

  test('depublished and deleted objects become tombstones: only with modified_since in lists, 200 standalone, 410 on the bytes', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    await t.services.db.transaction().execute(async (tx) => {
      const t0 = tenant.id;
      await tx.updateTable('council_papers').set({ public: false }).where('tenant_id', '=', t0).where('id', '=', ids.paperGone).execute();
      await tx.updateTable('council_agenda_items').set({ public: false }).where('tenant_id', '=', t0).where('id', '=', ids.topB).execute();
      await tx.updateTable('council_files').set({ published: false }).where('tenant_id', '=', t0).where('id', '=', ids.goneFile).execute();
      await tx.updateTable('council_memberships').set({ deleted_at: new Date() }).where('tenant_id', '=', t0).where('id', '=', ids.membership).execute();
      await markPublished(tx, t0);
    });
    const cases: Array<[string, string, string]> = [
      ['papers', 'paper', ids.paperGone],
      ['agenda-items', 'agenda-item', ids.topB],
      ['files', 'file', ids.goneFile],
      ['memberships', 'membership', ids.membership],
    ];
    for (const [name, segment, id] of cases) {
      const url = idOf(segment, id);
      const without = await walk(`${list(name)}?limit=1000`);
      assert.ok(!without.some((o) => o.id === url), `${name}: no tombstone without modified_since`);
      const withSince = await walk(`${list(name)}?limit=1000&modified_since=${encodeURIComponent(start)}`);
      const stone = withSince.find((o) => o.id === url);
      assert.ok(stone, `${name}: tombstone with modified_since`);
      assert.deepEqual(Object.keys(stone).sort(), ['created', 'deleted', 'id', 'modified', 'type']);
      assert.equal(stone.deleted, true);
      const alone = await get(`${P}/${segment}/${id}`);
      assert.equal(alone.statusCode, 200);
      assert.deepEqual(alone.json(), stone);
      // created filters apply to tombstones too
      const notCreatedYet = await walk(`${list(name)}?modified_since=${encodeURIComponent(start)}&created_since=2999-01-01T00:00:00Z`);
      assert.equal(notCreatedYet.length, 0);
    }
    const bytes = await get(`${P}/file/${ids.goneFile}/content`);
    assert.equal(bytes.statusCode, 410);
    assert.equal((bytes.json() as Record<string, string>).type, 'https://schema.oparl.org/1.1/Error');
    assert.equal((await get(`${P}/file/${ids.goneFile}/download`)).statusCode, 410);
    // Embedded lists never hold the gone objects; the visible order closes the gap.
    const meeting = await json(`${P}/meeting/${ids.meeting}`);
    const items = meeting.agendaItem as Array<Record<string, unknown>>;
    assert.deepEqual(
      items.map((i) => i.id),
      [idOf('agenda-item', ids.topA)],
    );
    assert.equal(items[0]?.auxiliaryFile, undefined);
    const person = await json(`${P}/person/${ids.person}`);
    assert.equal(person.membership, undefined);
    assert.equal((await json(`${P}/organization/${ids.rat}`)).membership, undefined);
  });

  test(`the never-public canary is in no response, and its ids are 404`, async () => {
    const seen: string[] = [];
    const lists = ['organizations', 'persons', 'meetings', 'papers', 'agenda-items', 'consultations', 'files', 'locations', 'legislative-terms', 'memberships'];
    for (const name of lists) {
      for (const query of ['limit=1000', 'limit=1000&modified_since=2000-01-01T00:00:00Z']) {
        const items = await walk(`${list(name)}?${query}`);
        const text = JSON.stringify(items);
        assert.ok(!text.includes(CANARY), `${name}?${query} reveals the canary`);
        seen.push(...items.map((i) => String(i.id)));
      }
    }
    // List items are the standalone representations, so the meetings and papers above were read in full.
    for (const [segment, id] of [
      ['paper', ids.paperSecret],
      ['agenda-item', ids.topSecret],
      ['file', ids.secretFile],
    ] as const) {
      const response = await get(`${P}/${segment}/${id}`);
      assert.equal(response.statusCode, 404, segment);
      assert.ok(!response.body.includes(CANARY));
      assert.ok(!seen.includes(idOf(segment, id)));
    }
    assert.equal((await get(`${P}/file/${ids.secretFile}/content`)).statusCode, 404);
    assert.equal((await get(`${P}/file/${ids.secretFile}/download`)).statusCode, 404);
  });
});
