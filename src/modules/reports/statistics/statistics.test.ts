/**
 * Mängelmelder statistics against the seeded Musterstadt: reports submitted
 * through the one intake path on a controlled clock, some closed within and
 * some after their deadline (tables updated directly), then the figures
 * computed exactly — per Berlin month, median and 90th percentile, share
 * within the deadline, feedback, channels, districts — the unit scope of a
 * clerk, the page (SVG charts, map and tables), the CSV, and who may see it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { staffBrowser } from '../../../../test/support/staff.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { reportsOf } from '../instance.ts';
import type { ReportSource } from '../schema.ts';
import { reportFigures } from './statistics.service.ts';

let t: TestApp;
let tenant: Tenant;
let clock = new Date('2030-01-07T09:00:00Z');
const ids = new Map<string, string>();
const PAGE = '/verwaltung/maengel/statistik?von=2030-01&bis=2030-03';

interface Seed {
  name: string;
  at: string;
  category: string;
  point?: [number, number];
  source?: ReportSource;
  closeAfterDays?: number;
  score?: number;
  of?: Tenant;
}

async function seed(s: Seed): Promise<void> {
  const of = s.of ?? tenant;
  clock = new Date(s.at);
  const reports = reportsOf(t.services);
  const category = await reports.category(of.id, { code: s.category });
  assert.ok(category);
  const result = await reports.submit(of, {
    categoryId: category.id,
    ...(s.point ? { lat: s.point[0], lng: s.point[1] } : { address: 'Marktplatz 1' }),
    description: `Meldung ${s.name}`,
    locale: 'de',
    source: s.source ?? 'web',
  });
  assert.ok(result.ok, JSON.stringify(result));
  ids.set(s.name, result.id);
  if (s.closeAfterDays !== undefined) {
    await t.services.db
      .updateTable('reports')
      .set({ state: 'fixed', closed_at: sql<Date>`requested_at + ${s.closeAfterDays} * interval '1 day'`, feedback_score: s.score ?? null })
      .where('id', '=', result.id)
      .execute();
  }
}

before(async () => {
  t = await createTestApp({ now: () => clock });
  const all = await t.services.tenants.all();
  tenant = all.find((x) => x.slug === 'musterstadt') as Tenant;
  const other = all.find((x) => x.slug === 'beispielhausen') as Tenant;
  // Schlagloch (Bauhof, 5 working days), Sonstiges (Ordnungsamt, 10 working days).
  await seed({ name: 'A', at: '2030-01-07T09:00:00Z', category: 'schlagloch', point: [51.94, 9.09], closeAfterDays: 2, score: 5 });
  await seed({ name: 'B', at: '2030-01-08T09:00:00Z', category: 'schlagloch', point: [51.96, 9.05], closeAfterDays: 10, score: 2 });
  // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin: a February report.
  await seed({ name: 'C', at: '2030-01-31T23:30:00Z', category: 'sonstiges' });
  await seed({ name: 'D', at: '2030-02-04T09:00:00Z', category: 'schlagloch', point: [51.92, 9.1] });
  await seed({ name: 'E', at: '2030-02-05T09:00:00Z', category: 'sonstiges', point: [51.945, 9.08], source: 'staff', closeAfterDays: 4, score: 4 });
  await seed({ name: 'F', at: '2030-03-01T09:00:00Z', category: 'schlagloch', point: [51.94, 9.12], source: 'open311', closeAfterDays: 6 });
  // Outside the period (31 December, 23:30 in Berlin) and in another municipality: never counted.
  await seed({ name: 'G', at: '2029-12-31T22:30:00Z', category: 'schlagloch', point: [51.94, 9.09], closeAfterDays: 1, score: 1 });
  await seed({ name: 'H', at: '2030-02-10T09:00:00Z', category: 'schlagloch', point: [48.81, 13.55], of: other });
  clock = new Date('2030-03-15T10:00:00Z');
});
after(async () => t.close());

/** The cells of a table's row, found by its row header, inside the table with the given id. */
function row(body: string, tableId: string, header: string): string[] {
  const table = new RegExp(`aria-labelledby="${tableId}"[\\s\\S]*?</table>`).exec(body)?.[0];
  assert.ok(table, `table ${tableId}`);
  const cells = new RegExp(`<th class="kern-table__header" scope="row">${header}</th>(.*?)</tr>`).exec(table)?.[1];
  assert.ok(cells, `row ${header} in ${tableId}`);
  return [...cells.matchAll(/<td class="kern-table__cell">(.*?)<\/td>/g)].map((m) => m[1] ?? '');
}

/** The value of an overview row. */
function overview(body: string, key: string): string {
  return new RegExp(`<dt class="kern-description-list-item__key">${key}</dt><dd[^>]*>(.*?)</dd>`).exec(body)?.[1] ?? '';
}

test('the figures: per Berlin month, median and 90th percentile, share within the deadline, feedback, channels, districts', async () => {
  const areas = await reportsOf(t.services).areas(tenant.id);
  const figures = await reportFigures(t.services.db, { tenantId: tenant.id, from: '2030-01', to: '2030-03', unitIds: null, categoryId: null, now: clock }, await reportsOf(t.services).boundsOf(tenant.id));
  const schlagloch = (await reportsOf(t.services).category(tenant.id, { code: 'schlagloch' }))?.id as string;
  const sonstiges = (await reportsOf(t.services).category(tenant.id, { code: 'sonstiges' }))?.id as string;
  const perMonth = (month: string, categoryId: string) => figures.perMonth.find((m) => m.month === month && m.categoryId === categoryId)?.count ?? 0;
  assert.deepEqual(figures.months, ['2030-01', '2030-02', '2030-03']);
  assert.deepEqual([perMonth('2030-01', schlagloch), perMonth('2030-02', schlagloch), perMonth('2030-03', schlagloch)], [2, 1, 1]);
  assert.deepEqual([perMonth('2030-01', sonstiges), perMonth('2030-02', sonstiges), perMonth('2030-03', sonstiges)], [0, 2, 0]);
  // Closed: A 2, B 10, E 4, F 6 days. Median 5; 90th percentile 6 + 0.7 · (10 − 6) = 8.8.
  const { total } = figures;
  assert.deepEqual({ ...total, medianDays: null, p90Days: null }, { received: 6, closed: 4, open: 2, overdue: 2, medianDays: null, p90Days: null, closedWithDeadline: 4, closedInTime: 3, withoutPoint: 1 });
  assert.equal(total.medianDays, 5);
  assert.ok(Math.abs((total.p90Days ?? 0) - 8.8) < 1e-9);
  const pothole = figures.perCategory.find((c) => c.categoryId === schlagloch);
  assert.equal(pothole?.received, 4);
  assert.equal(pothole?.medianDays, 6);
  assert.ok(Math.abs((pothole?.p90Days ?? 0) - 9.2) < 1e-9);
  // B (due 15 January, closed on the 18th) was late; A and F were in time.
  assert.deepEqual([pothole?.closedInTime, pothole?.closedWithDeadline], [2, 3]);
  assert.deepEqual(figures.feedback, { count: 3, average: 11 / 3, distribution: [{ score: 1, count: 0 }, { score: 2, count: 1 }, { score: 3, count: 0 }, { score: 4, count: 1 }, { score: 5, count: 1 }] });
  assert.deepEqual(figures.sources, [{ source: 'web', count: 4 }, { source: 'open311', count: 1 }, { source: 'staff', count: 1 }]);
  const inArea: Record<string, number> = { altstadt: 2, nord: 1, sued: 1, ost: 1 };
  const openInArea: Record<string, number> = { sued: 1 };
  assert.deepEqual(figures.areas.map((a) => [a.slug, a.total, a.open]), areas.map((a) => [a.slug, inArea[a.slug], openInArea[a.slug] ?? 0]));
  assert.deepEqual(figures.map.perState.filter((s) => s.count).map((s) => [s.state, s.count]), [['received', 1], ['fixed', 4]]);
});

test('the page shows the figures in tables beside SVG charts and the dot map; the CSV has the same numbers', async () => {
  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  const res = await admin.get(PAGE);
  assert.equal(res.statusCode, 200);
  const body = res.body;
  assert.equal(overview(body, 'Eingegangen'), '6');
  assert.equal(overview(body, 'Davon überfällig'), '2');
  assert.equal(overview(body, 'Bearbeitungszeit \\(Median\\)'), '5 Tage');
  assert.equal(overview(body, 'Fristgerecht abgeschlossen'), '75 % (3 von 4)');
  assert.equal(overview(body, 'Zufriedenheit \\(Durchschnitt\\)'), '3,7 von 5 (3 Bewertungen)');
  assert.deepEqual(row(body, 'stats-months-table', 'Januar 2030'), ['2', '0', '2']);
  assert.deepEqual(row(body, 'stats-months-table', 'Februar 2030'), ['1', '2', '3']);
  assert.deepEqual(row(body, 'stats-months-table', 'März 2030'), ['1', '0', '1']);
  assert.deepEqual(row(body, 'stats-months-table', 'Gesamt'), ['4', '2', '6']);
  assert.deepEqual(row(body, 'stats-processing-table', 'Straßenschaden / Schlagloch'), ['4', '3', '1', '1', '6 Tage', '9,2 Tage', '67 % (2 von 3)']);
  assert.deepEqual(row(body, 'stats-processing-table', 'Sonstiges'), ['2', '1', '1', '1', '4 Tage', '4 Tage', '100 % (1 von 1)']);
  assert.deepEqual(row(body, 'stats-processing-table', 'Gesamt'), ['6', '4', '2', '2', '5 Tage', '8,8 Tage', '75 % (3 von 4)']);
  assert.deepEqual(row(body, 'stats-feedback-table', '2 – unzufrieden'), ['1', '33 % (1 von 3)']);
  assert.deepEqual(row(body, 'stats-sources-table', 'Open311-Schnittstelle'), ['1', '17 % (1 von 6)']);
  assert.deepEqual(row(body, 'stats-areas-table', 'Altstadt'), ['2', '0']);
  assert.deepEqual(row(body, 'stats-areas-table', 'Musterstadt-Süd'), ['1', '1']);
  assert.deepEqual(row(body, 'stats-areas-table', 'Ohne Kartenpunkt \\(nur Adresse\\)'), ['1', '–']);
  // The charts are images with a title and a description; the map's marks have a shape per state.
  for (const id of ['stats-months', 'stats-in-time', 'stats-feedback', 'stats-sources', 'stats-map']) {
    assert.match(body, new RegExp(`<svg[^>]*role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc"`), id);
  }
  const map = /<svg[^>]*aria-labelledby="stats-map-title"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
  assert.equal((map.match(/<circle /g) ?? []).length, 1, 'one received report on the map');
  assert.equal((map.match(/<polygon points=/g) ?? []).length, 4, 'four fixed ones (triangles)');
  assert.match(body, /Eingegangen: 1/);
  assert.match(body, /Erledigt: 4/);
  assert.doesNotMatch(body, /style=/);

  const csv = await admin.get(`/verwaltung/maengel/statistik/zahlen.csv?von=2030-01&bis=2030-03`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(csv.body, /\r\n2030-02;1;2;3\r\n/);
  assert.match(csv.body, /\r\nGesamt;6;4;2;2;5;8,8;4;3\r\n/);
  assert.match(csv.body, /\r\nAltstadt;2;0\r\n/);
});

test('a clerk sees only the reports of their units; filters by category and unit', async () => {
  const bauhof = await staffBrowser(t, 'bauhof@musterstadt.example');
  const own = await bauhof.get(PAGE);
  assert.equal(own.statusCode, 200);
  assert.equal(overview(own.body, 'Eingegangen'), '4');
  assert.deepEqual(row(own.body, 'stats-months-table', 'Februar 2030'), ['1', '1']);
  assert.doesNotMatch(own.body, />Sonstiges<\/th>/);

  const ordnungsamt = await staffBrowser(t, 'ordnungsamt@musterstadt.example');
  const theirs = await ordnungsamt.get(PAGE);
  assert.equal(overview(theirs.body, 'Eingegangen'), '2');
  assert.equal(overview(theirs.body, 'Bearbeitungszeit \\(Median\\)'), '4 Tage');

  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  const byCategory = await admin.get(`${PAGE}&kategorie=sonstiges`);
  assert.equal(overview(byCategory.body, 'Eingegangen'), '2');
  const bauhofUnit = await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenant.id).where('slug', '=', 'bauhof').executeTakeFirstOrThrow();
  const byUnit = await admin.get(`${PAGE}&einheit=${bauhofUnit.id}`);
  assert.equal(overview(byUnit.body, 'Eingegangen'), '4');
  // Another unit's figures are not the Ordnungsamt clerk's to see.
  assert.equal((await ordnungsamt.get(`${PAGE}&einheit=${bauhofUnit.id}`)).statusCode, 403);
  assert.equal((await ordnungsamt.get(`/verwaltung/maengel/statistik/zahlen.csv?von=2030-01&bis=2030-03&einheit=${bauhofUnit.id}`)).statusCode, 403);
});

test('who may see it, and bad filters', async () => {
  assert.equal((await new TestBrowser(t.app).get(PAGE)).statusCode, 303);
  const kasse = await staffBrowser(t, 'kasse@musterstadt.example');
  assert.equal((await kasse.get(PAGE)).statusCode, 403);
  const admin = await staffBrowser(t, 'admin@musterstadt.example');
  const reversed = await admin.get('/verwaltung/maengel/statistik?von=2030-03&bis=2030-01');
  assert.equal(reversed.statusCode, 422);
  assert.match(reversed.body, /href="#field-von"/);
  assert.equal((await admin.get('/verwaltung/maengel/statistik?von=2030-13')).statusCode, 400);
  assert.equal((await admin.get('/verwaltung/maengel/statistik?kategorie=gibt-es-nicht')).statusCode, 400);
  // Without a period: the last twelve months up to the clock's month, which hold the seeded reports.
  const current = await admin.get('/verwaltung/maengel/statistik');
  assert.equal(current.statusCode, 200);
  assert.match(current.body, /April 2029 bis März 2030/);
  assert.equal(overview(current.body, 'Eingegangen'), '7');
});
