import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalog, createTranslator } from '../i18n/i18n.ts';
import {
  Button,
  ButtonLink,
  Checkbox,
  CheckboxGroup,
  CsrfField,
  DataTable,
  DateInput,
  Details,
  ErrorSummary,
  FileInput,
  InsetText,
  Pagination,
  Panel,
  RadioGroup,
  Select,
  StatusTag,
  SummaryList,
  Textarea,
  TextInput,
  Timeline,
  WarningText,
  pageWindow,
  trusted,
} from './components.tsx';
import { uiMessages } from './messages.ts';

const t = createTranslator(buildCatalog([uiMessages]), 'de');
const en = createTranslator(buildCatalog([uiMessages]), 'en');
const HOSTILE = '<script>alert(1)</script>';
const ESCAPED = '&lt;script>alert(1)&lt;/script>';

async function html(element: JSX.Element): Promise<string> {
  return await element;
}

/** The opening tag of the element with this id. */
function tagWithId(markup: string, id: string): string {
  return markup.match(new RegExp(`<[a-z]+\\s[^>]*\\bid="${id}"[^>]*>`))?.[0] ?? '';
}

/**
 * No element was injected: outside quoted attribute values (where `"` is
 * always escaped, so a value cannot end early) there is no script or style.
 */
function assertNoMarkupInjection(markup: string): void {
  const outsideAttributes = markup.replace(/="[^"]*"/g, '=""');
  assert.doesNotMatch(outsideAttributes, /<script/);
  assert.doesNotMatch(outsideAttributes, /\sstyle=/);
}

describe('ErrorSummary', () => {
  it('renders nothing without errors', async () => {
    assert.equal(await html(<ErrorSummary t={t} errors={[]} />), '');
  });

  it('is a focusable danger alert linking to each field', async () => {
    const out = await html(
      <ErrorSummary
        t={t}
        errors={[
          { field: 'email', message: 'Geben Sie Ihre E-Mail-Adresse an' },
          { field: 'geburtsdatum', message: 'Das Datum liegt in der Zukunft' },
        ]}
      />,
    );
    assert.match(tagWithId(out, 'error-summary'), /class="kern-alert kern-alert--danger[^"]*"/);
    assert.match(tagWithId(out, 'error-summary'), /tabindex="-1"/);
    assert.match(out, /role="alert"/);
    assert.match(out, /<h2[^>]*>Es gibt ein Problem<\/h2>/);
    assert.match(out, /<a class="kern-link" href="#field-email">Geben Sie Ihre E-Mail-Adresse an<\/a>/);
    assert.match(out, /href="#field-geburtsdatum"/);
    assert.match(await html(<ErrorSummary t={en} errors={[{ field: 'a', message: 'b' }]} />), /There is a problem/);
  });

  it('escapes messages and field names', async () => {
    const out = await html(<ErrorSummary t={t} errors={[{ field: '"><script>alert(1)</script>', message: HOSTILE }]} />);
    assertNoMarkupInjection(out);
    assert.ok(out.includes(ESCAPED));
  });
});

describe('TextInput', () => {
  it('wires label, hint and error to the input', async () => {
    const out = await html(
      <TextInput t={t} name="email" label="E-Mail-Adresse" hint="Wir schicken die Bestätigung dorthin." error="Geben Sie eine E-Mail-Adresse an" type="email" autocomplete="email" required />,
    );
    const input = tagWithId(out, 'field-email');
    assert.match(input, /^<input /);
    assert.match(input, /type="email"/);
    assert.match(input, /autocomplete="email"/);
    assert.match(input, /aria-describedby="field-email-hint field-email-error"/);
    assert.match(input, /aria-invalid="true"/);
    assert.match(out, /<label class="kern-label" for="field-email">E-Mail-Adresse<span[^>]*> \(Pflichtfeld\)<\/span><\/label>/);
    assert.match(tagWithId(out, 'field-email-hint'), /class="kern-hint"/);
    assert.match(out, /<p class="kern-error" id="field-email-error">.*<span class="kern-sr-only">Fehler: <\/span>Geben Sie eine E-Mail-Adresse an<\/span><\/p>/);
    assert.ok(out.indexOf('field-email-error"') < out.indexOf('<input'), 'error above the input');
    assert.match(out, /class="kern-form-input kern-form-input--error"/);
  });

  it('has no error or hint wiring when there is none', async () => {
    const out = await html(<TextInput t={t} name="name" label="Name" />);
    const input = tagWithId(out, 'field-name');
    assert.doesNotMatch(input, /aria-describedby|aria-invalid/);
    assert.doesNotMatch(out, /kern-error|kern-hint|Pflichtfeld/);
    assert.match(input, /type="text"/);
  });

  it('escapes value, label, hint and error', async () => {
    const out = await html(<TextInput t={t} name="q" label={HOSTILE} hint={HOSTILE} error={HOSTILE} value={'"><script>alert(1)</script>'} />);
    assertNoMarkupInjection(out);
    assert.ok(out.includes('value="&#34;><script>alert(1)</script>"'), 'quote escaped, value stays inside the attribute');
    assert.equal(out.split(ESCAPED).length - 1, 3);
  });
});

describe('Textarea, DateInput, FileInput, Select', () => {
  it('Textarea escapes its content and wires the error', async () => {
    const out = await html(<Textarea t={t} name="anliegen" label="Ihr Anliegen" value={`</textarea>${HOSTILE}`} error="Zu lang" />);
    assertNoMarkupInjection(out);
    assert.match(out, /<textarea[^>]*id="field-anliegen"[^>]*aria-describedby="field-anliegen-error"[^>]*>&lt;\/textarea>&lt;script>/);
  });

  it('DateInput is a native date input with min/max', async () => {
    const out = await html(<DateInput t={t} name="termin" label="Datum" value="2025-03-30" min="2025-01-01" hint="z. B. 30.03.2025" />);
    const input = tagWithId(out, 'field-termin');
    assert.match(input, /type="date"/);
    assert.match(input, /value="2025-03-30"/);
    assert.match(input, /min="2025-01-01"/);
    assert.match(input, /aria-describedby="field-termin-hint"/);
  });

  it('FileInput passes accept and multiple', async () => {
    const out = await html(<FileInput t={t} name="foto" label="Foto" accept="image/jpeg,image/png" multiple error="Datei zu groß" />);
    const input = tagWithId(out, 'field-foto');
    assert.match(input, /type="file"/);
    assert.match(input, /accept="image\/jpeg,image\/png"/);
    assert.match(input, /multiple/);
    assert.match(input, /aria-invalid="true"/);
  });

  it('Select marks the chosen option and escapes labels', async () => {
    const out = await html(
      <Select
        t={t}
        name="amt"
        label="Amt"
        value="b"
        options={[
          { value: 'a', label: 'Bürgeramt' },
          { value: 'b', label: HOSTILE },
        ]}
      />,
    );
    assertNoMarkupInjection(out);
    assert.match(out, /<option value="">Bitte auswählen<\/option>/);
    assert.match(out, /<option value="b" selected>&lt;script>/);
    assert.match(out, /<option value="a">Bürgeramt<\/option>/);
    assert.match(tagWithId(out, 'field-amt'), /^<select class="kern-form-input__select"/);
  });
});

describe('RadioGroup, CheckboxGroup, Checkbox', () => {
  const options = [
    { value: 'ja', label: 'Ja' },
    { value: 'nein', label: 'Nein', hint: 'Dann brauchen wir eine Vollmacht.' },
  ];

  it('puts radios in a fieldset with legend; the first radio carries the field id', async () => {
    const out = await html(<RadioGroup t={t} name="selbst" label="Beantragen Sie für sich selbst?" options={options} value="nein" error="Wählen Sie Ja oder Nein" required inline />);
    assert.match(out, /^<fieldset class="kern-fieldset kern-fieldset--error"[^>]*aria-describedby="field-selbst-error"/);
    assert.match(out, /<legend class="kern-label">Beantragen Sie für sich selbst\?<span[^>]*> \(Pflichtfeld\)<\/span><\/legend>/);
    assert.match(tagWithId(out, 'field-selbst'), /type="radio" value="ja"/);
    assert.match(tagWithId(out, 'field-selbst-2'), /value="nein" checked aria-describedby="field-selbst-2-hint"/);
    assert.match(out, /kern-fieldset__body--horizontal/);
    assert.equal(out.match(/checked/g)?.length, 1);
  });

  it('checks every selected checkbox', async () => {
    const out = await html(<CheckboxGroup t={t} name="kanal" label="Benachrichtigung" options={options} values={['ja', 'nein']} />);
    assert.equal(out.match(/type="checkbox"/g)?.length, 2);
    assert.equal(out.match(/ checked/g)?.length, 2);
    assert.match(out, /<fieldset/);
  });

  it('single checkbox wires its error and hint', async () => {
    const out = await html(<Checkbox t={t} name="datenschutz" label="Ich habe die Datenschutzhinweise gelesen." hint="Pflicht für den Antrag" error="Bestätigen Sie die Datenschutzhinweise" required />);
    const input = tagWithId(out, 'field-datenschutz');
    assert.match(input, /type="checkbox" value="1"/);
    assert.match(input, /aria-describedby="field-datenschutz-hint field-datenschutz-error"/);
    assert.ok(out.indexOf('field-datenschutz-error"') < out.indexOf('<input'));
  });
});

describe('buttons and hidden fields', () => {
  it('Button defaults to a primary submit button with KERN classes', async () => {
    assert.equal(await html(<Button label="Antrag absenden" />), '<button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">Antrag absenden</span></button>');
    const danger = await html(<Button variant="danger" type="submit" name="aktion" value="loeschen" label={HOSTILE} />);
    assert.match(danger, /class="kern-btn kern-btn--primary rathaus-btn--danger"/);
    assert.match(danger, /name="aktion" value="loeschen"/);
    assertNoMarkupInjection(danger);
  });

  it('Button accepts markup children', async () => {
    assert.match(await html(<Button variant="secondary">Zurück</Button>), /kern-btn--secondary[^>]*><span class="kern-label">Zurück<\/span>/);
  });

  it('ButtonLink is a link styled as a button', async () => {
    assert.equal(await html(<ButtonLink href="/antrag/start" variant="primary" label="Jetzt starten" />), '<a class="kern-btn kern-btn--primary" href="/antrag/start"><span class="kern-label">Jetzt starten</span></a>');
  });

  it('CsrfField is a hidden _csrf input with an escaped value', async () => {
    assert.equal(await html(<CsrfField token="abc" />), '<input type="hidden" name="_csrf" value="abc"/>');
    assertNoMarkupInjection(await html(<CsrfField token={'"><script>alert(1)</script>'} />));
  });
});

describe('content components', () => {
  it('Panel shows title and the big reference number', async () => {
    const out = await html(<Panel title="Antrag eingegangen" referenceLabel="Ihre Vorgangsnummer" reference="MB-7K3QX-4" />);
    assert.match(out, /<h1 class="rathaus-panel__title">Antrag eingegangen<\/h1>/);
    assert.match(out, /<strong class="rathaus-panel__reference">MB-7K3QX-4<\/strong>/);
    assert.match(await html(<Panel title="x" headingLevel={2} />), /<h2/);
    assertNoMarkupInjection(await html(<Panel title={HOSTILE} reference={HOSTILE} referenceLabel={HOSTILE} />));
  });

  it('SummaryList renders a dl with change links naming the row for screen readers', async () => {
    const out = await html(
      <SummaryList
        t={t}
        rows={[
          { key: 'Name', value: 'Kim Muster', changeHref: '/antrag/name' },
          { key: 'Anschrift', value: `Hauptstraße 1\n12345 Musterstadt ${HOSTILE}` },
          { key: 'Status', value: trusted(<StatusTag label="Neu" tone="info" />) },
        ]}
      />,
    );
    assert.match(out, /^<dl class="kern-description-list rathaus-summary-list">/);
    assert.match(out, /<dt class="kern-description-list-item__key">Name<\/dt><dd[^>]*>Kim Muster<\/dd>/);
    assert.match(out, /<a class="kern-link" href="\/antrag\/name">Ändern<span class="kern-sr-only"> Name<\/span><\/a>/);
    assert.ok(out.includes(`Hauptstraße 1\n12345 Musterstadt ${ESCAPED}`));
    assert.match(out, /<span class="kern-badge kern-badge--info">/);
    assertNoMarkupInjection(out);
  });

  it('StatusTag always carries its text; colour only reinforces it', async () => {
    for (const tone of ['neutral', 'info', 'success', 'warning', 'danger'] as const) {
      const out = await html(<StatusTag label="In Bearbeitung" tone={tone} />);
      assert.match(out, /<span class="kern-label">In Bearbeitung<\/span>/, tone);
    }
    assert.match(await html(<StatusTag label="x" tone="danger" />), /kern-badge--danger/);
    assertNoMarkupInjection(await html(<StatusTag label={HOSTILE} tone="info" />));
  });

  it('DataTable has a caption, column headers with scope and escapes string cells', async () => {
    const out = await html(
      <DataTable
        caption="Offene Vorgänge"
        head={['Nummer', 'Status']}
        rows={[
          ['MB-7K3QX-4', trusted(<a href="/verwaltung/vorgaenge/1">Öffnen</a>)],
          [HOSTILE, 'Neu'],
        ]}
        rowHeaders
      />,
    );
    assert.match(out, /role="region" aria-labelledby="table-offene-vorga-nge" tabindex="0"/);
    assert.match(out, /<caption class="kern-title" id="table-offene-vorga-nge">Offene Vorgänge<\/caption>/);
    assert.equal(out.match(/<th class="kern-table__header" scope="col">/g)?.length, 2);
    assert.match(out, /<th class="kern-table__header" scope="row">MB-7K3QX-4<\/th><td class="kern-table__cell"><a href="\/verwaltung\/vorgaenge\/1">Öffnen<\/a><\/td>/);
    assert.ok(out.includes(ESCAPED));
    assertNoMarkupInjection(out);
  });

  it('Pagination marks the current page and links neighbours', async () => {
    const out = await html(<Pagination t={t} page={5} pageCount={10} hrefFor={(p) => `/vorgaenge?seite=${p}`} />);
    assert.match(out, /<nav class="rathaus-pagination" aria-label="Seiten">/);
    assert.match(out, /href="\/vorgaenge\?seite=5" aria-current="page" aria-label="Seite 5 von 10">5</);
    assert.match(out, /href="\/vorgaenge\?seite=4" rel="prev"/);
    assert.match(out, /href="\/vorgaenge\?seite=6" rel="next"/);
    assert.equal(out.match(/aria-current/g)?.length, 1);
    assert.equal(await html(<Pagination t={t} page={1} pageCount={1} hrefFor={() => '/'} />), '');
    const first = await html(<Pagination t={t} page={1} pageCount={3} hrefFor={(p) => `?p=${p}`} />);
    assert.doesNotMatch(first, /rel="prev"/);
  });

  it('pageWindow keeps first, last and neighbours, filling single gaps', () => {
    assert.deepEqual(pageWindow(5, 10), [1, null, 4, 5, 6, null, 10]);
    assert.deepEqual(pageWindow(1, 3), [1, 2, 3]);
    assert.deepEqual(pageWindow(3, 5), [1, 2, 3, 4, 5]);
    assert.deepEqual(pageWindow(1, 1), [1]);
  });

  it('Timeline is an ordered list with machine-readable times', async () => {
    const out = await html(
      <Timeline
        items={[
          { when: '30.03.2025, 10:15', datetime: '2025-03-30T08:15:00.000Z', title: 'In Bearbeitung', body: HOSTILE },
          { when: '29.03.2025, 09:00', title: 'Eingegangen' },
        ]}
      />,
    );
    assert.match(out, /^<ol class="rathaus-timeline">/);
    assert.equal(out.match(/<li/g)?.length, 2);
    assert.match(out, /<time datetime="2025-03-30T08:15:00.000Z">30.03.2025, 10:15<\/time>/);
    assertNoMarkupInjection(out);
  });

  it('InsetText, WarningText and Details render their content', async () => {
    assert.match(await html(<InsetText>Bearbeitungszeit: 5 Tage</InsetText>), /<div class="rathaus-inset">Bearbeitungszeit: 5 Tage<\/div>/);
    const warning = await html(<WarningText t={t}>Falsche Angaben sind strafbar.</WarningText>);
    assert.match(warning, /<span class="kern-sr-only">Warnung: <\/span>Falsche Angaben sind strafbar./);
    const details = await html(<Details summary={HOSTILE}>Inhalt</Details>);
    assert.match(details, /^<details class="kern-accordion rathaus-details"><summary class="kern-accordion__header">/);
    assertNoMarkupInjection(details);
  });
});
