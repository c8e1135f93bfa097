import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalog, createTranslator, type Locale } from '../../../core/i18n/i18n.ts';
import { uiMessages } from '../../../core/ui/messages.ts';
import { formDefinitions, formMessages, formVersions, parsePage, renderPage, sampleAnswers, visiblePages, type Answers, type FormDefinition, type FormError } from './engine.ts';

const catalog = buildCatalog([uiMessages, formMessages]);
const translators = { de: createTranslator(catalog, 'de'), en: createTranslator(catalog, 'en') };
const TODAY = '2026-03-25';
const HOSTILE = '<script>alert(1)</script>';

async function render(def: FormDefinition, pageId: string, answers: Answers, errors: readonly FormError[] = [], locale: Locale = 'de', extra: Partial<Parameters<typeof renderPage>[2]> = {}): Promise<string> {
  return await renderPage(def, pageId, { t: translators[locale], locale, answers, errors, csrfToken: 'tok-123', action: `/antrag/${def.id}/seite/${pageId}`, backHref: '/zurueck', today: TODAY, ...extra });
}

const ids = (html: string): string[] => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string);
const links = (html: string): string[] => [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1] as string);
const outsideAttributes = (html: string): string => html.replace(/="[^"]*"/g, '=""');

function assertSound(html: string, label: string): void {
  assert.equal((html.match(/<h1[\s>]/g) ?? []).length, 1, `${label}: exactly one h1`);
  const all = ids(html);
  assert.equal(new Set(all).size, all.length, `${label}: duplicate id ${all.find((id, i) => all.indexOf(id) !== i)}`);
  for (const target of links(html)) assert.ok(all.includes(target), `${label}: error link #${target} has no target`);
  assert.match(html, /<form method="post" action="[^"]+" enctype="multipart\/form-data" novalidate>/);
  assert.match(html, /<input type="hidden" name="_csrf" value="tok-123"\/?>/);
  assert.doesNotMatch(outsideAttributes(html), /<script/);
}

const dog = formDefinitions.get('hundeanmeldung') as FormDefinition;

describe('renderPage', () => {
  it('renders every page of every form version, in German and English, soundly', async () => {
    for (const def of [...formVersions.values()].flat()) {
      const answers = def.version === (formDefinitions.get(def.id) as FormDefinition).version ? sampleAnswers(def.id, TODAY) : {};
      for (const page of visiblePages(def, answers)) {
        for (const locale of ['de', 'en'] as const) {
          const html = await render(def, page.id, answers, [], locale);
          assertSound(html, `${def.id}@${def.version}/${page.id}/${locale}`);
          assert.ok(html.includes(`>${escapeText(page.title[locale])}</h1>`), `${def.id}/${page.id}: title in the h1`);
          assert.ok(html.includes(escapeText(def.title[locale])), 'caption with the form title');
        }
      }
    }
  });

  it('links every error of an empty page to its field, on every page of every form', async () => {
    for (const def of formDefinitions.values()) {
      const answers = sampleAnswers(def.id, TODAY);
      for (const page of visiblePages(def, answers)) {
        const result = parsePage(def, page.id, {}, {}, 'de', { today: TODAY });
        const html = await render(def, page.id, result.answers, result.errors);
        assertSound(html, `${def.id}/${page.id}`);
        assert.equal(links(html).length, result.errors.length, `${def.id}/${page.id}: one summary link per error`);
        if (result.errors.length > 0) assert.match(html, /id="error-summary"/);
      }
    }
  });

  it('leaves out summary links to fields that are not on the page', async () => {
    const html = await render(dog, 'hund', {}, [{ field: 'iban', message: 'anderswo' }]);
    assert.doesNotMatch(html, /error-summary/);
  });

  it('escapes hostile answers everywhere they are shown', async () => {
    const answers: Answers = { ...sampleAnswers('hundeanmeldung', TODAY), hundName: HOSTILE, rasse: '"><img src=x onerror=alert(1)>', weitereHunde: [{ name: `</textarea>${HOSTILE}` }] };
    for (const page of ['hund', 'weitere-hunde']) {
      const html = await render(dog, page, answers, [{ field: 'hundName', message: HOSTILE }]);
      assertSound(html, page);
      assert.doesNotMatch(outsideAttributes(html), /<img/);
    }
    const sterbe = formDefinitions.get('sterbeurkunde') as FormDefinition;
    const textarea = await render(sterbe, 'interesse', { ...sampleAnswers('sterbeurkunde', TODAY), interesse: `</textarea>${HOSTILE}` });
    assertSound(textarea, 'textarea');
    assert.match(textarea, /&lt;\/textarea>&lt;script>|&lt;\/textarea&gt;&lt;script&gt;/);
    const hund = await render(dog, 'hund', answers);
    // Inside a quoted attribute '<' is inert and '"' is escaped, so the value cannot break out.
    assert.match(hund, /value="(&lt;|<)script(&gt;|>)alert\(1\)(&lt;|<)\/script(&gt;|>)"/);
    assert.match(hund, /value="&#34;><img src=x onerror=alert\(1\)>"|value="&quot;/);
  });

  it('shows only the fields that apply: no hidden inputs for inactive conditions', async () => {
    const meldung = formDefinitions.get('meldebescheinigung') as FormDefinition;
    assert.doesNotMatch(await render(meldung, 'art', {}), /zusatzdaten/);
    assert.throws(() => renderPage(meldung, 'gibt-es-nicht', { t: translators.de, locale: 'de', answers: {}, errors: [], csrfToken: 'x', action: '/' }));
  });

  it('has add and remove buttons for groups that work without JavaScript, "Weiter" being the default button', async () => {
    const html = await render(dog, 'weitere-hunde', { weitereHunde: [{ name: 'Luna' }, { name: 'Rex' }] });
    assert.match(html, /name="repeat-remove" value="weitereHunde:0"/);
    assert.match(html, /name="repeat-remove" value="weitereHunde:1"/);
    assert.match(html, /name="repeat-add" value="weitereHunde"/);
    assert.match(html, /Hund 2 entfernen/);
    assert.match(html, /name="weitereHunde-1-name"[^>]*value="Rex"|value="Rex"[^>]*name="weitereHunde-1-name"/);
    const firstSubmit = /<button[^>]*type="submit"[^>]*>/.exec(html)?.[0] ?? '';
    assert.match(firstSubmit, /value="continue"/, 'pressing Enter must not remove an item');
    const empty = await render(dog, 'weitere-hunde', {});
    assert.match(empty, /Noch keine Einträge/);
    assert.doesNotMatch(empty, /repeat-remove/);
  });

  it('lists uploaded files with a remove button and hides the input once the maximum is reached', async () => {
    const fz = formDefinitions.get('fuehrungszeugnis') as FormDefinition;
    const one = await render(fz, 'identitaet', { ausweis: [{ fileId: 'abc-1', filename: '<b>ausweis</b>.pdf', size: 204_800 }] });
    assert.match(one, /name="remove-file" value="abc-1"/);
    assert.match(one, /&lt;b>ausweis&lt;\/b>\.pdf|&lt;b&gt;ausweis&lt;\/b&gt;\.pdf/);
    assert.match(one, /200 KB/);
    assert.match(one, /type="file"/);
    assertSound(one, 'one file');
    const full = await render(fz, 'identitaet', {}, [], 'de', { files: [
      { fileId: 'a', fieldId: 'ausweis', filename: 'vorne.jpg', size: 1000 },
      { fileId: 'b', fieldId: 'ausweis', filename: 'hinten.jpg', size: 1000 },
    ] });
    assert.doesNotMatch(full, /type="file"/);
    assert.match(full, /vorne\.jpg[\s\S]*hinten\.jpg/);
  });

  it('explains why a field is asked in a disclosure, with the legal basis', async () => {
    const html = await render(formDefinitions.get('fuehrungszeugnis') as FormDefinition, 'art', {});
    assert.match(html, /<details[^>]*>[\s\S]*Warum fragen wir das\?[\s\S]*§ 30a Abs\. 2 BZRG/);
  });

  it('bounds date inputs by the rules and can offer the journey’s dates as choices', async () => {
    const sperr = formDefinitions.get('sperrmuell') as FormDefinition;
    const html = await render(sperr, 'termin', {});
    assert.match(html, /type="date"[^>]*min="2026-03-26"[^>]*max="2026-06-23"/);
    const offered = await render(sperr, 'termin', {}, [], 'de', { dateChoices: { wunschtermin: [{ value: '2026-03-30', label: 'Montag, 30. März 2026' }, { value: '2026-04-01', label: 'Mittwoch, 1. April 2026' }] } });
    assert.doesNotMatch(offered, /type="date"/);
    assert.match(offered, /type="radio" value="2026-03-30"|value="2026-03-30"/);
    assert.match(offered, /Montag, 30\. März 2026/);
  });

  it('shows an IBAN grouped and the back link', async () => {
    const html = await render(dog, 'sepa', sampleAnswers('hundeanmeldung', TODAY));
    assert.match(html, /value="DE89 3704 0044 0532 0130 00"/);
    assert.match(html, /href="\/zurueck"[^>]*>[\s\S]*Zurück/);
    assert.match(html, /Weiter/);
  });
});

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&#34;');
}
