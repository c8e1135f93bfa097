/** Search, lists and the edit command of the Leistungskatalog against the seeded demo database. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import { ForbiddenError } from '../../../core/auth/policy.ts';
import { getService, listServices, searchServices, suggestServices, updateService, type ServiceUpdate } from './catalog.service.ts';
import { formatEuro, parseEuro } from '../../../core/i18n/money.ts';

let t: TestApp;
let musterstadt: string;
let beispielhausen: string;

before(async () => {
  t = await createTestApp();
  musterstadt = (await t.services.tenants.bySlug('musterstadt'))?.id as string;
  beispielhausen = (await t.services.tenants.bySlug('beispielhausen'))?.id as string;
});
after(async () => t.close());

const slugs = async (query: string, tenantId = musterstadt): Promise<string[]> => (await searchServices(t.services.db, tenantId, query)).map((h) => h.slug);

describe('search', () => {
  test('finds by exact title, first', async () => {
    assert.equal((await slugs('Meldebescheinigung'))[0], 'meldebescheinigung');
    assert.equal((await slugs('Führungszeugnis'))[0], 'fuehrungszeugnis');
    assert.equal((await slugs('Gewerbeanmeldung'))[0], 'gewerbeanmeldung');
  });

  test('finds by synonym', async () => {
    assert.equal((await slugs('Wohnsitzbescheinigung'))[0], 'meldebescheinigung');
    assert.equal((await slugs('Meldenachweis'))[0], 'meldebescheinigung');
    assert.equal((await slugs('Heiratsurkunde'))[0], 'eheurkunde');
    assert.equal((await slugs('Wahlschein'))[0], 'briefwahl');
    assert.ok((await slugs('Gewerbeschein')).includes('gewerbeanmeldung'));
    assert.equal((await slugs('Personalausweis verloren'))[0], 'personalausweis');
  });

  test('tolerates one typo per word', async () => {
    assert.equal((await slugs('Meldebeschenigung'))[0], 'meldebescheinigung');
    assert.equal((await slugs('Fürungszeugnis'))[0], 'fuehrungszeugnis');
    assert.equal((await slugs('Sperrmül'))[0], 'sperrmuell');
    assert.equal((await slugs('Gewerbeanmeldnug'))[0], 'gewerbeanmeldung');
  });

  test('umlauts are optional: ü, ue and u find the same', async () => {
    for (const q of ['Führungszeugnis', 'Fuehrungszeugnis', 'Fuhrungszeugnis', 'FÜHRUNGSZEUGNIS']) assert.equal((await slugs(q))[0], 'fuehrungszeugnis', q);
    for (const q of ['Sperrmüll', 'Sperrmuell', 'sperrmull']) assert.equal((await slugs(q))[0], 'sperrmuell', q);
  });

  test('a Lebenslage word brings its services', async () => {
    const umzug = await slugs('Umzug');
    for (const slug of ['meldebescheinigung', 'abmeldung-ausland', 'wohnungsgeberbestaetigung', 'anmeldung-wohnsitz']) assert.ok(umzug.includes(slug), slug);
    assert.ok(!umzug.includes('briefwahl'));
    const hund = await slugs('Hund');
    assert.equal(hund[0], 'hundeanmeldung');
  });

  test('German stemming finds inflected words in descriptions', async () => {
    assert.ok((await slugs('Möbel')).includes('sperrmuell'));
    assert.ok((await slugs('Abwassergebühren')).includes('gartenwasserzaehler'));
  });

  test('blank, symbol-only and hostile queries find nothing and never fail', async () => {
    for (const q of ['', '   ', '%', '_', "'", '"', "'; drop table portal_services; --", '<script>alert(1)</script>', '\\', ':*', '!!!', '&|!()', 'x'.repeat(500), 'ä'.repeat(500), '\u0000abc']) {
      const hits = await searchServices(t.services.db, musterstadt, q);
      assert.ok(Array.isArray(hits), q.slice(0, 20));
    }
    assert.deepEqual(await slugs(''), []);
    assert.deepEqual(await slugs('%'), []);
    assert.deepEqual(await slugs("'"), []);
    const count = await t.services.db.selectFrom('portal_services').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.ok(count.n > 0, 'table intact');
  });

  test('a long query with a real word in it still works', async () => {
    assert.equal((await slugs(`Meldebescheinigung ${'bitte '.repeat(100)}`))[0], 'meldebescheinigung');
  });

  test('suggestions for a badly mistyped word', async () => {
    assert.deepEqual(await slugs('Mledebschnigung'), []);
    const suggested = (await suggestServices(t.services.db, musterstadt, 'Mledebschnigung')).map((h) => h.slug);
    assert.ok(suggested.includes('meldebescheinigung'), suggested.join(','));
  });

  test('searches one tenant only; inactive services are not found', async () => {
    assert.ok((await slugs('Gartenwasserzähler')).includes('gartenwasserzaehler'));
    assert.deepEqual(await slugs('Gartenwasserzähler', beispielhausen), []);
    await t.services.db.updateTable('portal_services').set({ active: false }).where('tenant_id', '=', musterstadt).where('slug', '=', 'eheurkunde').execute();
    try {
      assert.ok(!(await slugs('Eheurkunde')).includes('eheurkunde'));
      assert.equal(await getService(t.services.db, musterstadt, 'eheurkunde'), null);
      assert.ok(await getService(t.services.db, musterstadt, 'eheurkunde', { includeInactive: true }));
    } finally {
      await t.services.db.updateTable('portal_services').set({ active: true }).where('tenant_id', '=', musterstadt).where('slug', '=', 'eheurkunde').execute();
    }
  });
});

describe('lists and details', () => {
  test('A–Z in German order, by Lebenslage, per tenant', async () => {
    const all = await listServices(t.services.db, musterstadt);
    assert.ok(all.length >= 18);
    const titles = all.map((s) => s.title);
    assert.deepEqual(titles, [...titles].sort((a, b) => a.localeCompare(b, 'de')));
    const online = all.filter((s) => s.formId !== null && s.onlineMode !== 'visit');
    assert.ok(online.length >= 15, `${online.length} online services`);
    const beispiel = await listServices(t.services.db, beispielhausen);
    assert.ok(beispiel.length >= 8);
    assert.notDeepEqual(beispiel.map((s) => s.slug), all.map((s) => s.slug));
    const todesfall = await listServices(t.services.db, musterstadt, { category: 'todesfall' });
    assert.deepEqual(todesfall.map((s) => s.slug), ['sterbeurkunde']);
  });

  test('a service carries its unit, fees and form', async () => {
    const s = await getService(t.services.db, musterstadt, 'fuehrungszeugnis');
    assert.ok(s);
    assert.equal(s.unit.name, 'Bürgerbüro');
    assert.equal(s.unitName, 'Bürgerbüro');
    assert.ok(s.unit.openingHours);
    assert.deepEqual(s.fees.map((f) => f.amountCents), [1300]);
    assert.equal(s.formId, 'fuehrungszeugnis');
    assert.equal(s.leikaKey, null);
    const ausweis = await getService(t.services.db, musterstadt, 'personalausweis');
    assert.equal(ausweis?.formId, null);
    assert.equal(ausweis?.onlineMode, 'visit');
  });

  test('money formatting and parsing', () => {
    assert.equal(formatEuro(1300, 'de'), '13,00 €');
    assert.equal(formatEuro(2760, 'de'), '27,60 €');
    assert.equal(parseEuro('12,5'), 1250);
    assert.equal(parseEuro('12.50'), 1250);
    assert.equal(parseEuro('13'), 1300);
    assert.equal(parseEuro('13 €'), 1300);
    for (const bad of ['', 'abc', '-5', '1,234', '12,345', '1e3']) assert.equal(parseEuro(bad), null, bad);
  });
});

describe('updateService', () => {
  const actorFor = async (email: string): Promise<StaffActor> => {
    const login = await t.services.staffAuth.login(musterstadt, email, 'Rathaus-Demo-2026');
    assert.ok(login.ok);
    const state = await t.services.staffAuth.session(musterstadt, login.token);
    assert.ok(state);
    return state.actor;
  };

  const updateFrom = async (slug: string, change: Partial<ServiceUpdate>): Promise<ServiceUpdate> => {
    const s = await getService(t.services.db, musterstadt, slug, { includeInactive: true });
    assert.ok(s);
    return {
      title: s.title, shortDescription: s.shortDescription, longDescription: s.longDescription, requirements: s.requirements, requiredDocuments: s.requiredDocuments,
      fees: s.fees, feeExemptions: s.feeExemptions, processingTime: s.processingTime, deadlines: s.deadlines, legalBasis: s.legalBasis, unitId: s.unit.id,
      onlineMode: s.onlineMode, leikaKey: s.leikaKey, categories: s.categories, synonyms: s.synonyms, active: s.active, ...change,
    };
  };

  test('the Redaktion changes a service; the search index follows; audited in the same transaction', async () => {
    const actor = await actorFor('hauptamt@musterstadt.example');
    const result = await updateService(t.services.db, actor, 'gartenwasserzaehler', await updateFrom('gartenwasserzaehler', { synonyms: ['Gartenwasseruhr', 'Beregnungszähler'] }));
    assert.deepEqual(result, { ok: true, changed: ['synonyms'] });
    assert.equal((await slugs('Beregnungszähler'))[0], 'gartenwasserzaehler');
    const entry = await t.services.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', musterstadt).where('action', '=', 'catalog.update').where('object_id', '=', 'gartenwasserzaehler').executeTakeFirstOrThrow();
    assert.deepEqual(entry.details, { slug: 'gartenwasserzaehler', changed: ['synonyms'] });
  });

  test('others are refused; a unit of another tenant is refused', async () => {
    const clerk = await actorFor('bauhof@musterstadt.example');
    await assert.rejects(updateService(t.services.db, clerk, 'sperrmuell', await updateFrom('sperrmuell', { title: 'X' })), ForbiddenError);
    const foreignUnit = await t.services.db.selectFrom('org_units').select('id').where('tenant_id', '=', beispielhausen).executeTakeFirstOrThrow();
    const editor = await actorFor('hauptamt@musterstadt.example');
    assert.deepEqual(await updateService(t.services.db, editor, 'sperrmuell', await updateFrom('sperrmuell', { unitId: foreignUnit.id })), { ok: false, reason: 'unknown-unit' });
    assert.deepEqual(await updateService(t.services.db, editor, 'gibt-es-nicht', await updateFrom('sperrmuell', {})), { ok: false, reason: 'not-found' });
  });
});
