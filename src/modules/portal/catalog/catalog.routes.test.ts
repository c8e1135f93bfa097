/** The catalogue pages over HTTP: A–Z, Lebenslagen, search, information pages, tenant isolation, the Redaktion's editing. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { catalogApp, staffOn } from './test-helpers.ts';

let t: TestApp;
let app: FastifyInstance;

before(async () => {
  t = await createTestApp();
  app = await catalogApp(t);
});
after(async () => {
  await app.close();
  await t.close();
});

const get = (url: string, host = 'localhost') => app.inject({ method: 'GET', url, headers: { host } });
const h1Count = (body: string): number => (body.match(/<h1[\s>]/g) ?? []).length;
/** Text outside attribute values, where markup would be live. */
const outsideAttributes = (body: string): string => body.replace(/="[^"]*"/g, '=""');

describe('public pages', () => {
  test('A–Z: letter index, every active service grouped by letter, fee marker, Lebenslagen, search form', async () => {
    const res = await get('/leistungen');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    assert.match(res.body, /<nav aria-label="Anfangsbuchstaben">/);
    assert.match(res.body, /href="#buchstabe-m"/);
    assert.match(res.body, /<h3 class="kern-heading-small" id="buchstabe-m">M<\/h3>/);
    assert.match(res.body, /href="\/leistungen\/meldebescheinigung">Meldebescheinigung<\/a>/);
    assert.match(res.body, /Führungszeugnis<\/a> <span class="kern-body--bold" aria-hidden="true">€<\/span><span class="kern-sr-only">\(gebührenpflichtig\)<\/span>/);
    assert.doesNotMatch(res.body, /Briefwahl \(Antrag auf Wahlschein und Briefwahlunterlagen\)<\/a> <span class="kern-body--bold"/, 'free services carry no marker');
    assert.match(res.body, /href="\/leistungen\/lebenslage\/umzug"/);
    assert.match(res.body, /<form method="get" action="\/leistungen\/suche" role="search"/);
    // Ä sorts with A: the letters come in order with no duplicates.
    const letters = [...res.body.matchAll(/id="buchstabe-([a-z]+)"/g)].map((m) => m[1]);
    assert.deepEqual(letters, [...new Set(letters)].sort());
    assert.match(res.body, /<title>Leistungen – Stadt Musterstadt<\/title>/);
  });

  test('a Lebenslage lists its services only; an unknown one is 404', async () => {
    const res = await get('/leistungen/lebenslage/gewerbe');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    for (const slug of ['gewerbeanmeldung', 'gewerbeummeldung', 'gewerbeabmeldung']) assert.match(res.body, new RegExp(`href="/leistungen/${slug}"`));
    assert.doesNotMatch(res.body, /href="\/leistungen\/meldebescheinigung"/);
    assert.match(res.body, /aria-current="page">Gewerbe und Selbstständigkeit</);
    assert.equal((await get('/leistungen/lebenslage/mond')).statusCode, 404);
  });

  test('search shows ranked results, with synonyms and typos', async () => {
    const res = await get('/leistungen/suche?q=Meldebeschenigung');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Ergebnisse für „Meldebeschenigung“/);
    assert.match(res.body, /href="\/leistungen\/meldebescheinigung"/);
    const synonym = await get(`/leistungen/suche?q=${encodeURIComponent('Personalausweis verloren')}`);
    assert.ok(synonym.body.indexOf('href="/leistungen/personalausweis"') > 0);
    const redirected = await get('/leistungen?q=Umzug');
    assert.equal(redirected.statusCode, 303);
    assert.equal(redirected.headers.location, '/leistungen/suche?q=Umzug');
  });

  test('nothing found: a helpful page with suggestions, Lebenslagen and contact', async () => {
    const res = await get('/leistungen/suche?q=Mledebschnigung');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Zu „Mledebschnigung“ haben wir keine Leistung gefunden/);
    assert.match(res.body, /Meinten Sie vielleicht/);
    assert.match(res.body, /href="\/leistungen\/meldebescheinigung"/);
    assert.match(res.body, /href="\/leistungen\/lebenslage\/umzug"/);
    assert.match(res.body, /href="\/kontakt"/);
    const blank = await get('/leistungen/suche?q=');
    assert.equal(blank.statusCode, 200);
    assert.match(blank.body, /Bitte geben Sie ein, was Sie suchen/);
  });

  test('empty and hostile queries never fail and are shown escaped', async () => {
    for (const q of ['', '%', "'", '<script>alert(1)</script>', 'x'.repeat(500), '%00', "' OR 1=1 --", '{{7*7}}']) {
      const res = await get(`/leistungen/suche?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, q.slice(0, 30));
      assert.doesNotMatch(outsideAttributes(res.body), /<script>alert/);
    }
    const repeated = await get('/leistungen/suche?q=Hund&q=Katze');
    assert.equal(repeated.statusCode, 200);
    const script = await get(`/leistungen/suche?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.match(script.body, /„&lt;script>alert\(1\)&lt;\/script>“/);
  });

  test('information page: every section, fees in euros, unit, online button', async () => {
    const res = await get('/leistungen/fuehrungszeugnis');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    for (const heading of ['Beschreibung', 'Voraussetzungen', 'Erforderliche Unterlagen', 'Kosten', 'Bearbeitungsdauer', 'Rechtsgrundlage', 'Zuständige Stelle']) assert.match(res.body, new RegExp(`<h2 class="kern-heading-medium" id="[a-z]+">${heading}</h2>`), heading);
    assert.match(res.body, /13,00 €/);
    assert.match(res.body, /Diese Leistung ist gebührenpflichtig/);
    assert.match(res.body, /JVKostG/);
    assert.match(res.body, /Bürgerbüro/);
    assert.match(res.body, /Marktplatz 1/);
    assert.match(res.body, /Mo–Fr 8:00–12:30 Uhr/);
    assert.match(res.body, /href="mailto:buergerbuero@musterstadt.example"/);
    assert.match(res.body, /<a class="kern-btn kern-btn--primary" href="\/leistungen\/fuehrungszeugnis\/antrag"><span class="kern-label">Antrag online stellen<\/span><\/a>/);
    assert.match(res.body, /href="\/termine\/leistung\/[a-z-]+"/, 'online or in person: appointment offered too');
    assert.match(res.body, /<nav class="rathaus-breadcrumbs"[\s\S]*href="\/leistungen"[\s\S]*aria-current="page">Führungszeugnis</);
    assert.doesNotMatch(res.body, /LeiKa-Schlüssel/, 'no key, no section');
  });

  test('free services say gebührenfrei; per-copy fees say so; visit-only services offer an appointment', async () => {
    const free = await get('/leistungen/briefwahl');
    assert.match(free.body, /Diese Leistung ist gebührenfrei/);
    assert.doesNotMatch(free.body, /€/);
    const urkunde = await get('/leistungen/geburtsurkunde');
    assert.match(urkunde.body, /12,00 €/);
    assert.match(urkunde.body, /6,00 € je weiteres Exemplar/);
    const ausweis = await get('/leistungen/personalausweis');
    assert.match(ausweis.body, /46,00 €/);
    assert.match(ausweis.body, /27,60 €/);
    assert.match(ausweis.body, /<a class="kern-btn kern-btn--primary" href="\/termine\/leistung\/personalausweis"><span class="kern-label">Termin vereinbaren<\/span><\/a>/);
    assert.doesNotMatch(ausweis.body, /\/antrag"/);
  });

  test('English chrome, German content marked as such', async () => {
    const res = await get('/leistungen/meldebescheinigung?lang=en');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="en"/);
    assert.match(res.body, /Apply online/);
    assert.match(res.body, /Service descriptions are available in German only/);
    assert.match(res.body, /<div lang="de">/);
  });

  test('tenant isolation: another town’s service is 404, its list is its own', async () => {
    assert.equal((await get('/leistungen/gartenwasserzaehler', 'musterstadt.localhost')).statusCode, 200);
    assert.equal((await get('/leistungen/gartenwasserzaehler', 'beispielhausen.localhost')).statusCode, 404);
    const list = await get('/leistungen', 'beispielhausen.localhost');
    assert.doesNotMatch(list.body, /gartenwasserzaehler|wohnungsgeberbestaetigung/);
    assert.match(list.body, /href="\/leistungen\/meldebescheinigung"/);
    const search = await get('/leistungen/suche?q=Gartenwasserz%C3%A4hler', 'beispielhausen.localhost');
    assert.doesNotMatch(search.body, /href="\/leistungen\/gartenwasserzaehler"/);
    const page = await get('/leistungen/meldebescheinigung', 'beispielhausen.localhost');
    assert.match(page.body, /Einwohnermeldeamt/);
    assert.match(page.body, /8,00 €/);
  });

  test('unknown services and odd slugs are 404 or 400, never 500', async () => {
    assert.equal((await get('/leistungen/gibt-es-nicht')).statusCode, 404);
    assert.equal((await get(`/leistungen/${'a'.repeat(150)}`)).statusCode, 400);
    assert.equal((await get('/leistungen/%3Cscript%3E')).statusCode, 404);
  });
});

describe('Redaktion back office', () => {
  test('the list is for Redaktion and admins; others get 403; anonymous visitors are sent to log in', async () => {
    const redaktion = await staffOn(t, app, 'hauptamt@musterstadt.example');
    const list = await redaktion.get('/verwaltung/leistungen');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /href="\/verwaltung\/leistungen\/meldebescheinigung"/);
    const admin = await staffOn(t, app, 'admin@musterstadt.example');
    assert.equal((await admin.get('/verwaltung/leistungen/sperrmuell')).statusCode, 200);
    const clerk = await staffOn(t, app, 'bauhof@musterstadt.example');
    assert.equal((await clerk.get('/verwaltung/leistungen')).statusCode, 403);
    assert.equal((await clerk.get('/verwaltung/leistungen/sperrmuell')).statusCode, 403);
    const anonymous = await get('/verwaltung/leistungen');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/verwaltung\/anmelden/);
  });

  test('a clerk cannot save either', async () => {
    const clerk = await staffOn(t, app, 'bauhof@musterstadt.example');
    await clerk.get('/verwaltung'); // any staff page for a CSRF token
    const res = await clerk.post('/verwaltung/leistungen/sperrmuell', { title: 'Gekapert' });
    assert.equal(res.statusCode, 403);
    const row = await t.services.db.selectFrom('portal_services').select('title').where('slug', '=', 'sperrmuell').executeTakeFirstOrThrow();
    assert.notEqual(row.title, 'Gekapert');
  });

  /** The edit form as the browser would send it back, with changes. */
  function formOf(body: string, changes: Record<string, string | string[]>): Record<string, string | string[]> {
    const form: Record<string, string | string[]> = {};
    for (const m of body.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
      const tag = m[0];
      const name = m[1] as string;
      if (name === '_csrf') continue;
      const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
      if (/type="(radio|checkbox)"/.test(tag)) {
        if (!/\schecked/.test(tag)) continue;
        form[name] = name === 'categories' ? [...((form[name] as string[] | undefined) ?? []), value] : value;
      } else form[name] = value;
    }
    for (const m of body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) form[m[1] as string] = m[2] as string;
    for (const m of body.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) form[m[1] as string] = /<option value="([^"]*)" selected/.exec(m[2] as string)?.[1] ?? '';
    const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    for (const [k, v] of Object.entries(form)) form[k] = Array.isArray(v) ? v.map(decode) : decode(v);
    return { ...form, ...changes };
  }

  test('Redaktion edits texts, fees and availability: 303 + flash, audit, visible in the portal', async () => {
    const browser = await staffOn(t, app, 'hauptamt@musterstadt.example');
    const edit = await browser.get('/verwaltung/leistungen/gartenwasserzaehler');
    assert.equal(edit.statusCode, 200);
    assert.equal(h1Count(edit.body), 1);
    assert.match(edit.body, /value="30,00"/);
    const form = formOf(edit.body, {
      shortDescription: 'Neu: Gartenwasser sparen.',
      'fee-0-amount': '35,50',
      'fee-1-label': 'Austausch des Zählers',
      'fee-1-amount': '20',
      'fee-1-per': 'unit',
    });
    const saved = await browser.post('/verwaltung/leistungen/gartenwasserzaehler', form);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 3000));
    assert.equal(saved.headers.location, '/verwaltung/leistungen');
    const list = await browser.get('/verwaltung/leistungen');
    assert.match(list.body, /wurde gespeichert/);
    const page = await get('/leistungen/gartenwasserzaehler');
    assert.match(page.body, /Neu: Gartenwasser sparen\./);
    assert.match(page.body, /35,50 €/);
    assert.match(page.body, /20,00 € je Stück/);
    const entry = await t.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'catalog.update').where('object_id', '=', 'gartenwasserzaehler').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.actor_label, 'Hanna Hoffmann');
    assert.deepEqual((entry.details as { changed: string[] }).changed.sort(), ['fees', 'short_description']);
  });

  test('hiding a service removes it from the portal', async () => {
    const browser = await staffOn(t, app, 'hauptamt@musterstadt.example');
    const edit = await browser.get('/verwaltung/leistungen/eheurkunde');
    const res = await browser.post('/verwaltung/leistungen/eheurkunde', formOf(edit.body, { active: 'no' }));
    assert.equal(res.statusCode, 303);
    assert.equal((await get('/leistungen/eheurkunde')).statusCode, 404);
    assert.doesNotMatch((await get('/leistungen')).body, /href="\/leistungen\/eheurkunde"/);
    const list = await browser.get('/verwaltung/leistungen');
    assert.match(list.body, /Ausgeblendet/);
    const back = await browser.get('/verwaltung/leistungen/eheurkunde');
    assert.equal((await browser.post('/verwaltung/leistungen/eheurkunde', formOf(back.body, { active: 'yes' }))).statusCode, 303);
    assert.equal((await get('/leistungen/eheurkunde')).statusCode, 200);
  });

  test('invalid input: 422 with an error summary linking each field, typed values kept, nothing saved', async () => {
    const browser = await staffOn(t, app, 'hauptamt@musterstadt.example');
    const edit = await browser.get('/verwaltung/leistungen/sperrmuell');
    const res = await browser.post(
      '/verwaltung/leistungen/sperrmuell',
      formOf(edit.body, { title: '', 'fee-0-amount': 'zwölf', 'fee-1-amount': '5', leikaKey: '12345', onlineMode: 'teleport', shortDescription: '<script>alert(1)</script>' }),
    );
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /id="error-summary"/);
    for (const field of ['title', 'fee-0-amount', 'fee-1-label', 'leikaKey', 'onlineMode']) assert.match(res.body, new RegExp(`href="#field-${field}"`), field);
    assert.match(res.body, /value="zwölf"/);
    assert.match(res.body, />&lt;script>alert\(1\)&lt;\/script><\/textarea>/);
    assert.match(res.body, /name="feeRows" value="4"/, 'typed rows kept in place, trailing blanks replaced by two spare rows');
    assert.doesNotMatch(outsideAttributes(res.body), /<script>alert/);
    assert.match(res.body, /<title>Fehler: /);
    const row = await t.services.db.selectFrom('portal_services').select(['title', 'short_description']).where('slug', '=', 'sperrmuell').executeTakeFirstOrThrow();
    assert.equal(row.title, 'Sperrmüllkarte');
  });

  test('a unit of another tenant or a missing CSRF token is refused', async () => {
    const browser = await staffOn(t, app, 'hauptamt@musterstadt.example');
    const edit = await browser.get('/verwaltung/leistungen/sperrmuell');
    const foreign = await t.services.db.selectFrom('org_units').innerJoin('tenants', 'tenants.id', 'org_units.tenant_id').select('org_units.id').where('tenants.slug', '=', 'beispielhausen').executeTakeFirstOrThrow();
    const res = await browser.post('/verwaltung/leistungen/sperrmuell', formOf(edit.body, { unitId: foreign.id }));
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /href="#field-unitId"/);
    const noCsrf = await browser.post('/verwaltung/leistungen/sperrmuell', formOf(edit.body, {}), { csrf: null });
    assert.equal(noCsrf.statusCode, 403);
  });

  test('Redaktion of one town cannot reach another town’s services', async () => {
    const browser = await staffOn(t, app, 'hauptamt@musterstadt.example');
    assert.equal((await browser.get('/verwaltung/leistungen/wohnungsgeberbestaetigung')).statusCode, 200);
    const other = await staffOn(t, app, 'geschaeftsleitung@beispielhausen.example', 'beispielhausen.localhost');
    assert.equal((await other.get('/verwaltung/leistungen/wohnungsgeberbestaetigung')).statusCode, 404);
    assert.equal((await other.get('/verwaltung/leistungen/meldebescheinigung')).statusCode, 200);
  });
});

test('the TestBrowser helper keeps working for anonymous pages', async () => {
  const browser = new TestBrowser(app);
  assert.equal((await browser.get('/leistungen')).statusCode, 200);
});
