/**
 * Statistics and CSV export over HTTP, against the seeded demo town: counts
 * per month (Berlin months), median processing time and the "fully online"
 * share; unit scoping (the Bauhof does not see the Bürgerbüro); the CSV file
 * (BOM, header, one row per application, defused formulas), its audit entry,
 * and the failure paths.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { sessionCookieName } from '../../../app.tsx';
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { CaseStatus } from '../../../core/cases/statuses.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { DEMO_PASSWORD } from '../../../../seed/demo.ts';
import { getService } from '../catalog/catalog.service.ts';
import { getForm, sampleAnswers, type Answers } from '../forms/engine.ts';
import { CSV_BOM } from './csv.ts';
import { closeStatisticsApp, statisticsApp } from './test-helpers.ts';

let t: TestApp;
let app: FastifyInstance;
let tenant: Tenant;
let clerk: StaffActor;
let unitId: string;
const references = new Map<string, string>();

const FORM_VERSION = getForm('meldebescheinigung')?.version ?? 0;
const DAY = 86_400_000;

async function browserFor(email: string): Promise<TestBrowser> {
  const login = await t.services.staffAuth.login(tenant.id, email, DEMO_PASSWORD);
  if (!login.ok) throw new Error(`login failed for ${email}`);
  const browser = new TestBrowser(app);
  browser.setCookie(sessionCookieName(t.config.secureCookies), login.token);
  return browser;
}

async function actorFor(email: string): Promise<StaffActor> {
  const user = await t.services.db.selectFrom('staff_users').select(['id', 'display_name']).where('tenant_id', '=', tenant.id).where('email', '=', email).executeTakeFirstOrThrow();
  const roles = await t.services.db.selectFrom('staff_roles').select(['role', 'unit_id']).where('tenant_id', '=', tenant.id).where('user_id', '=', user.id).execute();
  return { kind: 'staff', tenantId: tenant.id, userId: user.id, displayName: user.display_name, roles: roles.map((r) => ({ role: r.role, unitId: r.unit_id })) };
}

/**
 * An application submitted at `createdAt`; `steps` are what happened next
 * (status changes, a citizen's reply), `closedAfterDays` backdates the close.
 */
async function application(name: string, createdAt: string, options: { steps?: (CaseStatus | 'reply')[]; closedAfterDays?: number; answers?: Answers; formVersion?: number } = {}): Promise<void> {
  const created = await t.services.cases.createCase(tenant, {
    type: 'antrag.meldebescheinigung',
    unitId,
    subject: 'Meldebescheinigung',
    data: { service: 'meldebescheinigung', form: 'meldebescheinigung', formVersion: options.formVersion ?? FORM_VERSION, answers: options.answers ?? sampleAnswers('meldebescheinigung') },
    contact: { name: 'Erika Mustermann', email: 'erika.mustermann@example.org' },
    locale: 'de',
  });
  for (const step of options.steps ?? []) {
    if (step === 'reply') {
      assert.deepEqual(await t.services.cases.replyAsCitizen({ kind: 'citizen', tenantId: tenant.id, caseId: created.id }, created.id, 'Hier ist der Nachweis.'), { ok: true });
    } else {
      assert.deepEqual(await t.services.cases.changeStatus(clerk, created.id, step), { ok: true });
    }
  }
  const start = new Date(createdAt);
  await t.services.db
    .updateTable('cases')
    .set({ created_at: start, ...(options.closedAfterDays === undefined ? {} : { closed_at: new Date(start.getTime() + options.closedAfterDays * DAY) }) })
    .where('tenant_id', '=', tenant.id)
    .where('id', '=', created.id)
    .execute();
  references.set(name, created.reference);
}

before(async () => {
  t = await createTestApp();
  const found = await t.services.tenants.bySlug('musterstadt');
  assert.ok(found);
  tenant = found;
  const service = await getService(t.services.db, tenant.id, 'meldebescheinigung');
  assert.ok(service);
  unitId = service.unitId;
  clerk = await actorFor('buergerbuero@musterstadt.example');
  app = await statisticsApp(t);

  // 2021, far from the demo data. March: two closed (2 and 4 days), one of them after a Rückfrage.
  await application('march-online', '2021-03-05T09:00:00Z', { steps: ['in_progress', 'completed'], closedAfterDays: 2 });
  await application('march-rueckfrage', '2021-03-20T09:00:00Z', { steps: ['awaiting_citizen', 'reply', 'completed'], closedAfterDays: 4 });
  // 22:30 UTC on 31 March is 00:30 on 1 April in Berlin (summer time).
  await application('april-open', '2021-03-31T22:30:00Z');
  // May: closed after the citizen wrote, without a Rückfrage.
  await application('may-message', '2021-05-10T09:00:00Z', { steps: ['reply', 'rejected'], closedAfterDays: 1 });
  // June: hostile answers, and one made with the first form version.
  await application('june-hostile', '2021-06-01T09:00:00Z', { answers: { ...sampleAnswers('meldebescheinigung'), nachname: '=HYPERLINK("http://evil.example","Klick")', vorname: '+SUM(1;2)', zweck: '@Befehl; "zitiert"' } });
  await application('june-v1', '2021-06-02T09:00:00Z', { formVersion: 1, answers: { nachname: 'Altform', vorname: 'Otto', geburtsdatum: '1970-01-01', art: 'einfach', anzahl: '3', email: 'otto@example.org' } });
});

after(async () => {
  await closeStatisticsApp(t, app);
  await t.close();
});

/** The table row of a month as its cell texts. */
function monthRow(body: string, month: string): string[] {
  const row = new RegExp(`<tr class="kern-table__row"><th class="kern-table__header" scope="row">${month}</th>(.*?)</tr>`).exec(body)?.[1];
  assert.ok(row, `row ${month}`);
  return [...row.matchAll(/<td class="kern-table__cell">(.*?)<\/td>/g)].map((m) => m[1] ?? '');
}

test('the statistics page counts per Berlin month: received, closed, median days, share done fully online', async () => {
  const browser = await browserFor('buergerbuero@musterstadt.example');
  const res = await browser.get('/verwaltung/statistik?leistung=meldebescheinigung&jahr=2021');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(monthRow(res.body, 'März'), ['2', '2', '3 Tage', '50 % (1 von 2)']);
  assert.deepEqual(monthRow(res.body, 'April'), ['1', '0', '–', '–']);
  assert.deepEqual(monthRow(res.body, 'Mai'), ['1', '1', '1 Tag', '0 % (0 von 1)']);
  assert.deepEqual(monthRow(res.body, 'Juni'), ['2', '0', '–', '–']);
  assert.deepEqual(monthRow(res.body, 'Januar'), ['0', '0', '–', '–']);
  assert.deepEqual(monthRow(res.body, 'Gesamt 2021'), ['6', '3', '2 Tage', '33 % (1 von 3)']);
  assert.match(res.body, /Näherung/, 'the page says the online share is an approximation');
});

test('the chart is an accessible SVG with the figures, without inline styles', async () => {
  const browser = await browserFor('admin@musterstadt.example');
  const res = await browser.get('/verwaltung/statistik?leistung=meldebescheinigung&jahr=2021');
  const svg = /<svg[\s\S]*?<\/svg>/.exec(res.body)?.[0];
  assert.ok(svg, 'a chart');
  assert.match(svg, /role="img"/);
  assert.match(svg, /aria-labelledby="stats-chart-title"/);
  assert.match(svg, /<title id="stats-chart-title">Eingegangene Anträge je Monat 2021<\/title>/);
  assert.match(svg, /<desc id="stats-chart-desc">[^<]*6 Anträge im Jahr 2021, die meisten im März \(2\)/);
  assert.equal(svg.match(/<rect /g)?.length, 12, 'one bar per month');
  assert.doesNotMatch(res.body, /\sstyle=/, 'no style attributes (CSP)');
  assert.match(res.body, /Mit Administrationsrechten sehen Sie alle/);
  assert.deepEqual(monthRow(res.body, 'März'), ['2', '2', '3 Tage', '50 % (1 von 2)'], 'admins see every unit');
});

test('the Bauhof does not see the Bürgerbüro’s applications', async () => {
  const browser = await browserFor('bauhof@musterstadt.example');
  const one = await browser.get('/verwaltung/statistik?leistung=meldebescheinigung&jahr=2021');
  assert.equal(one.statusCode, 200);
  assert.match(one.body, /Im Jahr 2021 sind für diese Auswahl keine Anträge eingegangen\./);
  assert.doesNotMatch(one.body, /<svg/);
  const all = await browser.get('/verwaltung/statistik?jahr=2021');
  assert.match(all.body, /keine Anträge eingegangen/);
  const csv = await browser.get('/verwaltung/statistik/export.csv?service=meldebescheinigung&from=2021-01-01&to=2021-12-31');
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.body.trimEnd().split('\r\n').length, 1, 'only the header');
});

test('the page offers the catalogue’s online services, the year and the export form', async () => {
  const browser = await browserFor('buergerbuero@musterstadt.example');
  const res = await browser.get('/verwaltung/statistik');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<option value="meldebescheinigung"[^>]*>Meldebescheinigung<\/option>/);
  assert.match(res.body, /<form method="get" action="\/verwaltung\/statistik\/export.csv"/);
  assert.match(res.body, /name="from" type="date" value="\d{4}-01-01"/);
  assert.equal(res.body.match(/<h1[\s>]/g)?.length, 1);
  assert.equal(new Set(res.body.match(/id="[^"]+"/g)).size, res.body.match(/id="[^"]+"/g)?.length, 'ids are unique');
});

test('the CSV export has a BOM, the header and one row per application with its answers', async () => {
  const browser = await browserFor('buergerbuero@musterstadt.example');
  const res = await browser.get('/verwaltung/statistik/export.csv?service=meldebescheinigung&from=2021-01-01&to=2021-12-31');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="antraege-meldebescheinigung-2021-01-01-bis-2021-12-31.csv"/);
  assert.equal(res.headers['cache-control'], 'no-store');
  const text = res.rawPayload.toString('utf8');
  assert.ok(text.startsWith(CSV_BOM), 'UTF-8 BOM');
  assert.ok(text.endsWith('\r\n'));
  const lines = text.slice(1).trimEnd().split('\r\n');
  const head = (lines[0] ?? '').split(';');
  assert.deepEqual(head.slice(0, 7), ['Vorgangsnummer', 'Eingang', 'Status', 'Abschluss', 'Formularversion', 'nachname', 'vorname']);
  assert.ok(head.includes('anschrift.plz') && head.includes('zusatzdaten'));
  assert.equal(lines.length, 1 + references.size, 'one row per application');
  const rowOf = (name: string) => {
    const line = lines.find((l) => l.startsWith(`${references.get(name)};`));
    assert.ok(line, name);
    return line;
  };
  const online = rowOf('march-online').split(';');
  assert.equal(online[1], '05.03.2021 10:00');
  assert.equal(online[2], 'Erledigt');
  assert.equal(online[3], '07.03.2021 10:00');
  assert.equal(online[4], String(FORM_VERSION));
  assert.equal(online[head.indexOf('nachname')], 'Mustermann');
  assert.equal(online[head.indexOf('anschrift.plz')], '32825');
  assert.equal(rowOf('april-open').split(';')[1], '01.04.2021 00:30');
  assert.equal(rowOf('may-message').split(';')[2], 'Abgelehnt');
  const v1 = rowOf('june-v1').split(';');
  assert.equal(v1[4], '1');
  assert.equal(v1[head.indexOf('anzahl')], '3');
  assert.equal(v1[head.indexOf('zusatzdaten')], '');
});

test('cells that would run as formulas in Excel are defused', async () => {
  const browser = await browserFor('buergerbuero@musterstadt.example');
  const res = await browser.get('/verwaltung/statistik/export.csv?service=meldebescheinigung&from=2021-06-01&to=2021-06-01');
  const text = res.rawPayload.toString('utf8');
  assert.match(text, /;"'=HYPERLINK\(""http:\/\/evil\.example"",""Klick""\)";/);
  assert.match(text, /;"'\+SUM\(1;2\)";/);
  assert.match(text, /;"'@Befehl; ""zitiert""";/);
  assert.doesNotMatch(text, /;=|;\+|;@|;"=|;"\+|;"@/, 'no cell starts with a formula character');
});

test('the period is a range of Berlin days, both ends included', async () => {
  const browser = await browserFor('buergerbuero@musterstadt.example');
  const res = await browser.get('/verwaltung/statistik/export.csv?service=meldebescheinigung&from=2021-04-01&to=2021-04-01');
  const lines = res.rawPayload.toString('utf8').trimEnd().split('\r\n');
  assert.equal(lines.length, 2);
  assert.ok(lines[1]?.startsWith(`${references.get('april-open')};`));
});

test('every export is written to the audit log', async () => {
  const browser = await browserFor('buergerbuero@musterstadt.example');
  await browser.get('/verwaltung/statistik/export.csv?service=meldebescheinigung&from=2021-03-01&to=2021-03-31');
  const entry = await t.services.db
    .selectFrom('audit_log')
    .select(['actor_id', 'actor_label', 'details'])
    .where('tenant_id', '=', tenant.id)
    .where('action', '=', 'stats.export')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  assert.equal(entry.actor_id, clerk.userId);
  assert.deepEqual(entry.details, { service: 'meldebescheinigung', from: '2021-03-01', to: '2021-03-31', rows: 2 });
});

test('bad parameters are a 400 page, never a file', async () => {
  const browser = await browserFor('buergerbuero@musterstadt.example');
  for (const query of [
    'service=meldebescheinigung&from=2021-02-30&to=2021-03-01',
    'service=meldebescheinigung&from=2021-03-01&to=2021-02-01',
    'service=meldebescheinigung&from=01.03.2021&to=2021-03-31',
    'service=meldebescheinigung&from=2021-03-01',
    'from=2021-03-01&to=2021-03-31',
    'service=gibt-es-nicht&from=2021-03-01&to=2021-03-31',
    'service=%3Cscript%3E&from=2021-03-01&to=2021-03-31',
  ]) {
    const res = await browser.get(`/verwaltung/statistik/export.csv?${query}`);
    assert.equal(res.statusCode, 400, query);
    assert.match(String(res.headers['content-type']), /^text\/html/, query);
  }
  assert.equal((await browser.get('/verwaltung/statistik?jahr=zwanzig')).statusCode, 400);
  assert.equal((await browser.get('/verwaltung/statistik?leistung=gibt-es-nicht')).statusCode, 400);
});

test('without a staff login both pages send to the login', async () => {
  const anonymous = new TestBrowser(app);
  for (const url of ['/verwaltung/statistik', '/verwaltung/statistik/export.csv?service=meldebescheinigung&from=2021-01-01&to=2021-12-31']) {
    const res = await anonymous.get(url);
    assert.equal(res.statusCode, 303, url);
    assert.match(String(res.headers.location), /^\/verwaltung\/anmelden\?weiter=/);
  }
});
