import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { councilToday } from '../council.service.ts';
import { extractPdfText } from '../documents/pdf-text.ts';
import { searchCouncil } from '../search/search.service.ts';
import { hashPassword } from '../../../core/auth/passwords.ts';
import { DEMO_PASSWORD } from '../../../../seed/demo.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import { memberBrowser } from '../member/test-helpers.ts';
import { createCouncilFixture, type CouncilFixture } from './test-fixture.ts';

// Far after the demo council's year, so the fixture's meetings are the next ones and its papers the newest.
const clock = new Date('2031-05-06T08:00:00Z');
let t: TestApp;
let musterstadt: Tenant;
let fx: CouncilFixture;

before(async () => {
  t = await createTestApp({ now: () => clock });
  musterstadt = (await t.services.tenants.all()).find((x) => x.slug === 'musterstadt') as Tenant;
  fx = await createCouncilFixture(t.services.db, t.services.files, musterstadt.id, councilToday(clock));
});
after(() => t.close());

const get = (url: string, host = 'localhost') => t.app.inject({ method: 'GET', url, headers: { host } });

const decode = (html: string): string =>
  html
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The page without the visitor's own query echoed back (search box value, language and paging links). */
function withoutEcho(html: string): string {
  return html.replace(/value="[^"]*"/g, '').replace(/href="[^"]*[?&](q|lang)=[^"]*"/g, '');
}

function assertNoCanary(text: string, where: string) {
  assert.ok(!withoutEcho(text).toLowerCase().includes(fx.canary.toLowerCase()), `${where} leaks the canary`);
}

test('overview: the next meeting is prominent (cancelled ones are not "next"), newest papers, search box and feed links', async () => {
  const res = await get('/ratsinfo');
  assert.equal(res.statusCode, 200);
  const html = decode(res.body);
  const nextBlock = html.slice(html.indexOf('Nächste Sitzung'), html.indexOf('Weitere Sitzungen') > 0 ? html.indexOf('Weitere Sitzungen') : undefined);
  assert.match(nextBlock, /3\. Sitzung des Bauausschusses \(Test\)/);
  assert.doesNotMatch(nextBlock, /Sondersitzung/);
  assert.match(html, new RegExp(`href="/ratsinfo/sitzungen/${fx.nextMeeting}"`));
  assert.match(html, /Radverkehrskonzept 2031/);
  assert.match(html, /action="\/ratsinfo\/suche"/);
  assert.match(html, /href="\/ratsinfo\/sitzungen\.ics"/);
  assert.match(html, /href="\/ratsinfo\/vorlagen\.rss"/);
  assert.equal((html.match(/<h1/g) ?? []).length, 1);
  assertNoCanary(html, 'overview');
});

test('calendar: month navigation, Gremium filter, cancelled meetings marked, bad input handled', async () => {
  const month = councilToday(clock).slice(0, 7);
  const res = await get(`/ratsinfo/sitzungen?monat=${month}`);
  assert.equal(res.statusCode, 200);
  const html = decode(res.body);
  assert.match(html, /Sondersitzung des Rates \(Test\)/);
  assert.match(html, /abgesagt/);
  assert.match(html, /monat=2031-06/);
  const filtered = decode((await get(`/ratsinfo/sitzungen?monat=${month}&gremium=${fx.bauausschuss}`)).body);
  assert.match(filtered, /3\. Sitzung des Bauausschusses/);
  assert.doesNotMatch(filtered, /Sondersitzung/);
  const empty = decode((await get('/ratsinfo/sitzungen?monat=2031-09')).body);
  assert.doesNotMatch(empty, /Bauausschusses \(Test\)/);
  const bad = await get('/ratsinfo/sitzungen?monat=2031-13&gremium=nope');
  assert.equal(bad.statusCode, 400);
  assert.match(decode(bad.body), /error-summary/);
});

test('meeting page: agenda in order, non-public item only as number and "nicht öffentlich", documents, combined PDF link', async () => {
  const res = await get(`/ratsinfo/sitzungen/${fx.nextMeeting}`);
  assert.equal(res.statusCode, 200);
  const html = decode(res.body);
  const first = html.indexOf('Ö 1 Radverkehrskonzept 2031');
  const hidden = html.indexOf('N 1 nicht öffentlich');
  const last = html.indexOf('Ö 2 Mitteilungen der Verwaltung');
  assert.ok(first > 0 && hidden > first && last > hidden, 'agenda order with the non-public item in place');
  assert.match(html, new RegExp(`href="/ratsinfo/vorlagen/${fx.cyclingPaper}"`));
  assert.match(html, new RegExp(`href="/ratsinfo/dokumente/${fx.invitationFile}"`));
  assert.match(html, new RegExp(`href="/ratsinfo/sitzungen/${fx.nextMeeting}/gesamt\\.pdf"`));
  assert.match(html, /Ratssaal, Marktplatz 1, 32999 Musterstadt/);
  assert.match(html, /19:00|17:00/);
  assertNoCanary(html, 'meeting page');
  assert.doesNotMatch(html, new RegExp(fx.secretTopFile));

  const held = decode((await get(`/ratsinfo/sitzungen/${fx.heldMeeting}`)).body);
  assert.match(held, /einstimmig beschlossen/);
  assert.match(held, /Der Rat beschließt die Sanierung\./);
  const cancelled = decode((await get(`/ratsinfo/sitzungen/${fx.cancelledMeeting}`)).body);
  assert.match(cancelled, /Diese Sitzung wurde abgesagt\./);
});

test('paper page: facts, originators, files, Beratungsfolge and related papers; the list filters and pages', async () => {
  const res = await get(`/ratsinfo/vorlagen/${fx.cyclingPaper}`);
  assert.equal(res.statusCode, 200);
  const html = decode(res.body);
  assert.match(html, /Beschlussvorlage/);
  assert.match(html, /Anna Testrat/);
  assert.match(html, new RegExp(`href="/ratsinfo/dokumente/${fx.cyclingMainFile}"`));
  assert.match(html, /Beratungsfolge/);
  assert.match(html, /Bauausschuss \(Test\)/);
  assert.match(html, /Vorberatung/);
  assert.match(html, new RegExp(`href="/ratsinfo/vorlagen/${fx.playgroundPaper}"`));
  assert.match(html, /gesamt\.pdf/);
  assertNoCanary(html, 'paper page (unreleased attachment)');

  const list = decode((await get(`/ratsinfo/vorlagen?art=Antrag&urheber=${fx.fraktion}`)).body);
  assert.match(list, /Sanierung der Spielplätze/);
  assert.doesNotMatch(list, /Radverkehrskonzept 2031/);
  const byOrg = decode((await get(`/ratsinfo/vorlagen?gremium=${fx.bauausschuss}`)).body);
  assert.match(byOrg, /Radverkehrskonzept 2031/);
  assert.doesNotMatch(byOrg, /Sanierung der Spielplätze/);
  assertNoCanary(byOrg, 'paper list');
  const beyond = decode((await get('/ratsinfo/vorlagen?seite=999')).body);
  assert.match(beyond, /[1-9]\d* Vorlagen/);
  const bad = await get('/ratsinfo/vorlagen?art=Unsinn&von=gestern');
  assert.equal(bad.statusCode, 400);
});

test('Gremium and person pages: members with role and faction, meetings, iCal; contact only with consent', async () => {
  const org = decode((await get(`/ratsinfo/gremien/${fx.rat}`)).body);
  assert.match(org, /Anna Testrat/);
  assert.match(org, /Vorsitzende/);
  assert.match(org, /Fraktion Grüne Mitte \(Test\)/);
  assert.match(org, /Ehemalige Mitglieder[\s\S]*Bernd Testausschuss/);
  assert.match(org, new RegExp(`/ratsinfo/gremien/${fx.rat}/sitzungen\\.ics`));
  assert.match(org, /12\. Sitzung des Rates \(Test\)/);
  const list = decode((await get('/ratsinfo/gremien')).body);
  assert.match(list, /Bauausschuss \(Test\)/);
  const anna = decode((await get(`/ratsinfo/personen/${fx.anna}`)).body);
  assert.match(anna, /anna\.testrat@example\.org/);
  const bernd = decode((await get(`/ratsinfo/personen/${fx.bernd}`)).body);
  assert.match(bernd, /Bauausschuss \(Test\)/);
  assert.match(bernd, /Frühere Mitgliedschaften/);
  assert.ok(!bernd.includes(fx.berndEmail), 'contact data without consent');
  assert.match(decode((await get('/ratsinfo/personen')).body), /Bernd Testausschuss/);
});

test('search: a word only inside a PDF, plural stemming, compound prefix, filters, snippets escaped and marked', async () => {
  const pdfOnly = decode((await get(`/ratsinfo/suche?q=${fx.pdfOnlyWord}`)).body);
  assert.match(pdfOnly, new RegExp(`href="/ratsinfo/vorlagen/${fx.cyclingPaper}"`));
  assert.match(pdfOnly, new RegExp(`<mark>${fx.pdfOnlyWord}</mark>`));
  const plural = (await get('/ratsinfo/suche?q=Bebauungsplan')).body;
  assert.match(plural, new RegExp(`href="/ratsinfo/vorlagen/${fx.cyclingPaper}"`));
  const compound = (await get('/ratsinfo/suche?q=Radverkehr')).body;
  assert.match(compound, new RegExp(`href="/ratsinfo/vorlagen/${fx.cyclingPaper}"`));
  const filtered = (await get(`/ratsinfo/suche?q=Radverkehr&art=Antrag`)).body;
  assert.doesNotMatch(filtered, new RegExp(`href="/ratsinfo/vorlagen/${fx.cyclingPaper}"`));
  const phrase = (await get(`/ratsinfo/suche?q=${encodeURIComponent('"Sanierung der Spielplätze" -Radverkehr')}`)).body;
  assert.match(phrase, new RegExp(`href="/ratsinfo/vorlagen/${fx.playgroundPaper}"`));
  const xss = await get(`/ratsinfo/suche?q=${encodeURIComponent('<script>alert(1)</script>')}`);
  assert.equal(xss.statusCode, 200);
  assert.doesNotMatch(withoutEcho(xss.body), /<script>alert/);
  assert.match(xss.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"|value="<script>alert\(1\)<\/script>"/);
  for (const odd of ['die', "a:b & c'|!(", '""', '-', 'Radverkehr:*', '\u0001']) {
    assert.equal((await get(`/ratsinfo/suche?q=${encodeURIComponent(odd)}`)).statusCode, 200, odd);
  }
  const none = decode((await get('/ratsinfo/suche?q=Zzzyxquatsch')).body);
  assert.match(none, /Keine Vorlage passt/);
  const empty = decode((await get('/ratsinfo/suche')).body);
  assert.match(empty, /Geben Sie einen Suchbegriff ein/);
  const tooLong = await get(`/ratsinfo/suche?q=${'a'.repeat(300)}`);
  assert.equal(tooLong.statusCode, 400);
  assert.match(decode(tooLong.body), /höchstens 200 Zeichen/);
});

test('canary: the non-public paper, TOP and files reach no public page, search, feed, calendar or combined PDF', async () => {
  const pages = [
    '/ratsinfo',
    '/ratsinfo/sitzungen',
    `/ratsinfo/sitzungen/${fx.nextMeeting}`,
    '/ratsinfo/vorlagen',
    `/ratsinfo/vorlagen/${fx.cyclingPaper}`,
    `/ratsinfo/gremien/${fx.bauausschuss}`,
    `/ratsinfo/suche?q=${fx.canary}`,
    '/ratsinfo/suche?q=Grundst%C3%BCcksverkauf',
    '/ratsinfo/suche?q=Kaufpreis',
    `/ratsinfo/suche?q=Entwurf`,
    `/ratsinfo/suche?gremium=${fx.bauausschuss}`,
    '/ratsinfo/vorlagen.rss',
    '/ratsinfo/sitzungen.ics',
    `/ratsinfo/gremien/${fx.bauausschuss}/sitzungen.ics`,
  ];
  for (const url of pages) {
    const res = await get(url);
    assert.equal(res.statusCode, 200, url);
    assertNoCanary(decode(res.body), url);
    assert.ok(!res.body.includes(fx.secretPaper), `${url} links the secret paper`);
  }
  for (const url of [`/ratsinfo/sitzungen/${fx.nextMeeting}/gesamt.pdf`, `/ratsinfo/vorlagen/${fx.cyclingPaper}/gesamt.pdf`]) {
    const res = await get(url);
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    const text = await extractPdfText(res.rawPayload);
    assert.ok(text.ok, url);
    assertNoCanary(text.text, url);
    assert.match(text.text.replace(/\s+/g, ' '), /Radverkehrskonzept 2031/);
  }
  for (const fileId of [fx.secretFile, fx.secretTopFile, fx.cyclingDraftFile]) {
    for (const suffix of ['', '/download', '/melden']) {
      const res = await get(`/ratsinfo/dokumente/${fileId}${suffix}`);
      assert.equal(res.statusCode, 404, `${fileId}${suffix}`);
      assertNoCanary(decode(res.body), 'file 404');
    }
  }
  assert.equal((await get(`/ratsinfo/vorlagen/${fx.secretPaper}`)).statusCode, 404);
  assert.equal((await get(`/ratsinfo/vorlagen/${fx.secretPaper}/gesamt.pdf`)).statusCode, 404);
});

test('feeds: RSS 2.0 well-formed with escaped titles; iCal with stable UIDs and cancelled meetings as CANCELLED', async () => {
  const rss = await get('/ratsinfo/vorlagen.rss');
  assert.match(String(rss.headers['content-type']), /application\/rss\+xml/);
  assert.match(rss.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<rss version="2\.0"/);
  assert.match(rss.body, new RegExp(`<link>http[^<]*/ratsinfo/vorlagen/${fx.cyclingPaper}</link>`));
  assert.doesNotMatch(rss.body.replace(/^<\?xml[^>]*\?>/, '').replace(/<\/?[a-zA-Z:]+[^>]*>/g, ''), /[<>]/);
  const ics = await get('/ratsinfo/sitzungen.ics');
  assert.match(String(ics.headers['content-type']), /text\/calendar/);
  assert.match(ics.body, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics.body, new RegExp(`UID:council-meeting-${fx.nextMeeting}@`));
  const cancelled = ics.body.split('BEGIN:VEVENT').find((e) => e.includes(fx.cancelledMeeting)) ?? '';
  assert.match(cancelled, /STATUS:CANCELLED/);
  const again = await get('/ratsinfo/sitzungen.ics');
  assert.equal(again.body, ics.body, 'stable output');
  const perOrg = (await get(`/ratsinfo/gremien/${fx.rat}/sitzungen.ics`)).body;
  assert.doesNotMatch(perOrg, new RegExp(fx.nextMeeting));
  assert.match(perOrg, new RegExp(fx.heldMeeting));
});

test('files: inline and download with sandbox headers and public caching; 410 once depublished; invalid ids are 404', async () => {
  const inline = await get(`/ratsinfo/dokumente/${fx.cyclingMainFile}`);
  assert.equal(inline.statusCode, 200);
  assert.equal(inline.headers['content-type'], 'application/pdf');
  assert.match(String(inline.headers['content-disposition']), /^inline/);
  assert.match(String(inline.headers['content-security-policy']), /sandbox/);
  assert.equal(inline.headers['cache-control'], 'public, max-age=300');
  const download = await get(`/ratsinfo/dokumente/${fx.cyclingMainFile}/download`);
  assert.match(String(download.headers['content-disposition']), /^attachment/);
  assert.equal(download.rawPayload.subarray(0, 5).toString(), '%PDF-');

  await t.services.db.updateTable('council_files').set({ published: false }).where('tenant_id', '=', musterstadt.id).where('id', '=', fx.invitationFile).execute();
  const goneFile = await get(`/ratsinfo/dokumente/${fx.invitationFile}`);
  assert.equal(goneFile.statusCode, 410);
  assert.match(decode(goneFile.body), /nicht mehr verfügbar/);

  for (const url of ['/ratsinfo/sitzungen/nope', '/ratsinfo/vorlagen/123', '/ratsinfo/gremien/%27', '/ratsinfo/personen/00000000-0000-0000-0000-000000000000', '/ratsinfo/dokumente/x', '/ratsinfo/dokumente/00000000-0000-4000-8000-000000000000/download', '/ratsinfo/sitzungen/abc/gesamt.pdf', '/ratsinfo/gremien/abc/sitzungen.ics']) {
    const res = await get(url);
    assert.equal(res.statusCode, 404, url);
  }
  // Another tenant sees nothing of Musterstadt's council.
  const other = await get('/ratsinfo', 'beispielhausen.localhost');
  assert.equal(other.statusCode, 200);
  assert.doesNotMatch(decode(other.body), /\(Test\)|Radverkehrskonzept 2031/);
  assert.equal((await get(`/ratsinfo/vorlagen/${fx.cyclingPaper}`, 'beispielhausen.localhost')).statusCode, 404);
  assert.equal((await get(`/ratsinfo/dokumente/${fx.cyclingMainFile}`, 'beispielhausen.localhost')).statusCode, 404);
});

test('"Dokument melden": errors re-render the form, success creates a Vorgang in the Ratsbüro\'s inbox', async () => {
  const browser = new TestBrowser(t.app);
  const url = `/ratsinfo/dokumente/${fx.cyclingMainFile}/melden`;
  const form = await browser.get(url);
  assert.equal(form.statusCode, 200);
  assert.match(decode(form.body), /Radverkehrskonzept 2031/);
  const invalid = await browser.post(url, { reason: 'weird', text: ' ', email: 'keine-adresse' });
  assert.equal(invalid.statusCode, 422);
  const errors = decode(invalid.body);
  assert.match(errors, /error-summary/);
  assert.match(errors, /href="#field-reason"/);
  assert.match(errors, /href="#field-text"/);
  assert.match(errors, /href="#field-email"/);
  assert.equal((await browser.post(url, { reason: 'privacy', text: 'x' }, { csrf: 'wrong' })).statusCode, 403);
  await browser.get(url);
  const ok = await browser.post(url, { reason: 'privacy', text: 'Auf Seite 2 steht eine private Telefonnummer.', email: 'melder@example.org' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, `${url}/bestaetigung`);
  const done = await browser.get(`${url}/bestaetigung`);
  assert.equal(done.statusCode, 200);
  const reference = /class="rathaus-panel__reference"[^>]*>([^<]+)</.exec(done.body)?.[1];
  assert.ok(reference?.startsWith('RI-'), 'reference number shown');
  const kase = await t.services.db
    .selectFrom('cases')
    .innerJoin('org_units', (j) => j.onRef('org_units.tenant_id', '=', 'cases.tenant_id').onRef('org_units.id', '=', 'cases.unit_id'))
    .select(['cases.type', 'cases.data', 'org_units.slug'])
    .where('cases.tenant_id', '=', musterstadt.id)
    .where('cases.reference', '=', reference as string)
    .executeTakeFirstOrThrow();
  assert.equal(kase.type, 'council-file-report');
  assert.equal(kase.slug, 'ratsbuero');
  assert.deepEqual(kase.data, { fileId: fx.cyclingMainFile, fileName: 'Radverkehrskonzept 2031', reason: 'privacy', text: 'Auf Seite 2 steht eine private Telefonnummer.' });
});

test('English pages and one h1 per page kind', async () => {
  for (const url of ['/ratsinfo', '/ratsinfo/sitzungen', `/ratsinfo/sitzungen/${fx.nextMeeting}`, '/ratsinfo/vorlagen', `/ratsinfo/vorlagen/${fx.cyclingPaper}`, '/ratsinfo/gremien', `/ratsinfo/gremien/${fx.rat}`, '/ratsinfo/personen', `/ratsinfo/personen/${fx.anna}`, '/ratsinfo/suche?q=Radverkehr']) {
    const res = await get(`${url}${url.includes('?') ? '&' : '?'}lang=en`);
    assert.equal(res.statusCode, 200, url);
    assert.equal((res.body.match(/<h1/g) ?? []).length, 1, url);
    assert.match(res.body, /<html[^>]*lang="en"/, url);
  }
});

test('search service, member view: non-public papers and files of the member\'s Gremien are found, others never', async () => {
  const db = t.services.db;
  const today = councilToday(clock);
  const asMember = (personId: string, committeeIds: string[]) => ({ kind: 'member' as const, member: { personId, name: 'x', committeeIds, factionIds: [] }, today });
  const hitsFor = async (query: string, viewer: Parameters<typeof searchCouncil>[4]) => {
    const result = await searchCouncil(db, musterstadt.id, query, {}, viewer);
    assert.ok(result.ok);
    return result.hits;
  };
  // Bernd sits in the Bauausschuss, which decides the secret paper: he finds it by its PDF text, with its file.
  const bernd = await hitsFor('Kaufpreis', asMember(fx.bernd, [fx.bauausschuss]));
  const secret = bernd.find((h) => h.paperId === fx.secretPaper);
  assert.ok(secret, 'member finds the non-public paper of his Gremium');
  assert.equal(secret.public, false);
  assert.deepEqual(
    secret.files.map((f) => f.id),
    [fx.secretFile],
  );
  assert.match(secret.safeSnippet, /<mark>Kaufpreis<\/mark>/);
  // Public hits stay in the member's results.
  assert.ok((await hitsFor(fx.pdfOnlyWord, asMember(fx.bernd, [fx.bauausschuss]))).some((h) => h.paperId === fx.cyclingPaper));
  // Anna sits in the Rat only (her Fraktion grants nothing): nothing of the canary, whatever she searches.
  for (const query of ['Kaufpreis', fx.canary, 'Grundstücksverkauf', 'Entwurf', '']) {
    const hits = await hitsFor(query, asMember(fx.anna, [fx.rat]));
    assert.ok(!hits.some((h) => h.paperId === fx.secretPaper), `member of another Gremium finds the secret paper by "${query}"`);
    assert.ok(!JSON.stringify(hits).includes(fx.canary), `canary in a member's results for "${query}"`);
    const anonymous = await hitsFor(query, { kind: 'public' });
    assert.ok(!JSON.stringify(anonymous).includes(fx.canary), `canary in public results for "${query}"`);
  }
});

test('file route and combined PDFs for members and the Ratsbüro: own Gremium only, private caching, audited', async () => {
  const db = t.services.db;
  const tenantId = musterstadt.id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const account = async (email: string, personId: string) => {
    const user = await db.insertInto('staff_users').values({ tenant_id: tenantId, email, display_name: email, password_hash: passwordHash }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('staff_roles').values({ tenant_id: tenantId, user_id: user.id, role: 'mandatstraeger', unit_id: null }).execute();
    await db.updateTable('council_persons').set({ account_id: user.id }).where('tenant_id', '=', tenantId).where('id', '=', personId).execute();
    return user.id;
  };
  const berndUser = await account('bernd.test@musterstadt.example', fx.bernd);
  await account('anna.test@musterstadt.example', fx.anna);
  const bernd = await memberBrowser(t, 'bernd.test@musterstadt.example');
  const anna = await memberBrowser(t, 'anna.test@musterstadt.example');

  const own = await bernd.get(`/ratsinfo/dokumente/${fx.secretFile}`);
  assert.equal(own.statusCode, 200);
  assert.equal(own.headers['cache-control'], 'private, no-store');
  assert.equal((await bernd.get(`/ratsinfo/dokumente/${fx.secretTopFile}/download`)).statusCode, 200);
  const audited = await db.selectFrom('audit_log').select(['object_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'council.file.read').where('actor_id', '=', berndUser).execute();
  assert.deepEqual(audited.map((a) => a.object_id).sort(), [fx.secretFile, fx.secretTopFile].sort());
  assert.equal((await anna.get(`/ratsinfo/dokumente/${fx.secretFile}`)).statusCode, 404);
  assert.equal((await anna.get(`/ratsinfo/dokumente/${fx.cyclingMainFile}`)).statusCode, 200);

  const memberPdf = await bernd.get(`/ratsinfo/sitzungen/${fx.nextMeeting}/gesamt.pdf`);
  assert.equal(memberPdf.statusCode, 200);
  assert.equal(memberPdf.headers['cache-control'], 'private, no-store');
  const memberText = await extractPdfText(memberPdf.rawPayload);
  assert.ok(memberText.ok && memberText.text.includes(fx.canary), 'the member version holds the non-public files');
  const annaPdf = await anna.get(`/ratsinfo/sitzungen/${fx.nextMeeting}/gesamt.pdf`);
  const annaText = await extractPdfText(annaPdf.rawPayload);
  assert.ok(annaText.ok && !annaText.text.includes(fx.canary), 'a member of another Gremium gets the public version');
  assert.equal((await anna.get(`/ratsinfo/vorlagen/${fx.secretPaper}/gesamt.pdf`)).statusCode, 404);
  assert.equal((await bernd.get(`/ratsinfo/vorlagen/${fx.secretPaper}/gesamt.pdf`)).statusCode, 200);

  // The Ratsbüro reads everything of its tenant, also the unreleased draft.
  const office = await staffBrowser(t, 'ratsbuero@musterstadt.example');
  const draft = await office.get(`/ratsinfo/dokumente/${fx.cyclingDraftFile}`);
  assert.equal(draft.statusCode, 200);
  assert.equal(draft.headers['cache-control'], 'private, no-store');
});
