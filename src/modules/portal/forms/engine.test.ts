import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { contactOf, exportJson, feeQuantity, firstPage, formDefinitions, formVersions, getForm, nextPage, pageFormBody, parsePage, previousPage, sampleAnswers, staffSummaryLine, summary, validateAll, visiblePages, type Answers, type Condition, type FieldDef, type FormDefinition } from './engine.ts';
import { errorTargets } from './render-page.tsx';
import { inputNames, repeatInputName } from './fields.ts';
import { resolve } from './navigation.ts';

const TODAY = '2026-03-25'; // a Wednesday
const opts = { today: TODAY };
const l = (de: string, en = de) => ({ de, en });

/** A small form exercising every engine feature. */
const fixture: FormDefinition = {
  id: 'fixture',
  version: 1,
  prefix: 'TX',
  title: l('Testformular', 'Test form'),
  pages: [
    {
      id: 'start',
      title: l('Start'),
      fields: [
        { id: 'name', kind: 'text', label: l('Name'), required: true, maxLength: 20 },
        { id: 'art', kind: 'radio', label: l('Art'), required: true, options: [{ value: 'a', label: l('Variante A') }, { value: 'b', label: l('Variante B') }] },
        { id: 'iban', kind: 'iban', label: l('IBAN'), required: false },
        { id: 'anzahl', kind: 'number', label: l('Anzahl'), required: false, min: 1, max: 5, unit: l('Stück', 'pieces') },
        { id: 'datum', kind: 'date', label: l('Datum'), required: false, rules: { past: true } },
        { id: 'ok', kind: 'checkbox', label: l('Einverstanden'), required: false },
        { id: 'tags', kind: 'checkboxes', label: l('Tags'), required: false, options: [{ value: 'x', label: l('Ix') }, { value: 'y', label: l('Ypsilon') }] },
        { id: 'wahl', kind: 'select', label: l('Wahl'), required: false, options: [{ value: 'eins', label: l('Eins') }, { value: 'zwei', label: l('Zwei') }] },
      ],
    },
    {
      id: 'extra',
      title: l('Extra'),
      showIf: { field: 'art', equals: 'b' },
      fields: [
        { id: 'adresse', kind: 'address', label: l('Adresse'), required: true, withAddition: true },
        { id: 'notiz', kind: 'textarea', label: l('Notiz'), required: false, showIf: { field: 'ok', equals: true } },
      ],
    },
    {
      id: 'personen',
      title: l('Personen'),
      fields: [
        {
          id: 'personen',
          kind: 'repeat',
          label: l('Personen'),
          required: true,
          minItems: 1,
          maxItems: 3,
          itemLabel: l('Person'),
          addLabel: l('Weitere Person'),
          fields: [
            { id: 'vorname', kind: 'text', label: l('Vorname'), required: true },
            { id: 'geboren', kind: 'date', label: l('Geboren'), required: false },
          ],
        },
      ],
    },
    { id: 'dateien', title: l('Dateien'), fields: [{ id: 'belege', kind: 'file', label: l('Belege'), required: true, accept: ['pdf'], maxFiles: 2 }] },
  ],
  staffSummary: ['art', 'anzahl'],
  contact: { name: 'name' },
  feeQuantityField: 'anzahl',
};

const fieldsOf = (errors: readonly { field: string }[]) => errors.map((e) => e.field);
const allDefinitions = (): FormDefinition[] => [...formVersions.values()].flat();

describe('parsePage', () => {
  it('reports every required field of an empty page and keeps nothing', () => {
    const result = parsePage(fixture, 'start', {}, {}, 'de', opts);
    assert.equal(result.action, 'continue');
    assert.deepEqual(fieldsOf(result.errors), ['name', 'art']);
    assert.deepEqual(result.answers, {});
    assert.match(result.errors[0]?.message ?? '', /Name/);
  });

  it('normalises valid input: trimmed text, compact IBAN, numbers, ISO dates, checkbox, option order', () => {
    const result = parsePage(fixture, 'start', { name: '  Erika  ', art: 'b', iban: 'de89 3704 0044 0532 0130 00', anzahl: ' 3 ', datum: '01.02.2020', ok: 'yes', tags: ['y', 'x', 'y', 'evil'], wahl: 'zwei' }, {}, 'de', opts);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.answers, { name: 'Erika', art: 'b', iban: 'DE89370400440532013000', anzahl: '3', datum: '2020-02-01', ok: true, tags: ['x', 'y'], wahl: 'zwei' });
  });

  it('puts clear messages on the right field: IBAN checksum, number range, date in the past, unknown option', () => {
    const result = parsePage(fixture, 'start', { name: 'E', art: 'c', iban: 'DE88 3704 0044 0532 0130 00', anzahl: '9', datum: '2030-01-01', wahl: 'drei' }, {}, 'de', opts);
    const byField = new Map(result.errors.map((e) => [e.field, e.message]));
    assert.match(byField.get('art') ?? '', /angebotenen Möglichkeiten/);
    assert.match(byField.get('iban') ?? '', /Prüfziffer/);
    assert.match(byField.get('anzahl') ?? '', /höchstens 5/);
    assert.match(byField.get('datum') ?? '', /Vergangenheit/);
    assert.match(byField.get('wahl') ?? '', /angebotenen/);
    assert.equal(result.answers.iban, 'DE88370400440532013000', 'what was typed is kept to show again');
  });

  it('speaks English when asked', () => {
    const result = parsePage(fixture, 'start', { art: 'a' }, {}, 'en', opts);
    assert.equal(result.errors[0]?.message, 'Please fill in “Name”.');
  });

  it('survives hostile input: 10 MB strings, script tags, arrays, objects, prototype keys', () => {
    const huge = 'A'.repeat(10 * 1024 * 1024);
    const input = { name: huge, art: ['b', 'a'], iban: { $ne: 1 }, anzahl: ['x', 2], tags: 'x', ['__proto__']: 'polluted', constructor: 'x', unknown: 'ignored', datum: null } as Record<string, unknown>;
    const result = parsePage(fixture, 'start', input, {}, 'de', opts);
    const byField = new Map(result.errors.map((e) => [e.field, e.message]));
    assert.match(byField.get('name') ?? '', /höchstens 20 Zeichen/);
    assert.ok(String(result.answers.name).length <= 20_000, 'an overlong value is capped, not stored whole');
    assert.equal(result.answers.art, 'b', 'an array counts by its first string');
    assert.equal(result.answers.iban, undefined);
    assert.deepEqual(result.answers.tags, ['x']);
    assert.ok(!('unknown' in result.answers));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);

    const script = parsePage(fixture, 'start', { name: '<script>x</script>', art: 'a' }, {}, 'de', opts);
    assert.equal(script.answers.name, '<script>x</script>', 'kept as text; escaping is the renderer’s job');
  });

  it('never throws and always reports the required fields, whatever the body (property)', () => {
    const names = ['name', 'art', 'iban', 'anzahl', 'datum', 'ok', 'tags', 'wahl', 'repeat-add', 'repeat-remove', 'remove-file', 'adresse-plz', 'personen-0-vorname', 'personen-5-vorname'];
    const value = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.array(fc.string(), { maxLength: 4 }), fc.integer(), fc.constant(null), fc.object({ maxDepth: 1 }), fc.constant('<script>alert(1)</script>'));
    const body = fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string()), value, { maxKeys: 12 });
    fc.assert(
      fc.property(body, fc.constantFrom('start', 'extra', 'personen', 'dateien', 'nope'), (input, pageId) => {
        const result = parsePage(fixture, pageId, input, { art: 'b' }, 'de', opts);
        assert.ok(Array.isArray(result.errors));
        for (const e of result.errors) assert.ok(typeof e.message === 'string' && e.message.length > 0);
        JSON.stringify(result.answers);
        if (pageId === 'start' && result.action === 'continue' && typeof input.name !== 'string' && !Array.isArray(input.name)) assert.ok(fieldsOf(result.errors).includes('name'));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on any page of any service form, and empty pages report every required field (property)', () => {
    for (const def of allDefinitions()) {
      const answers = sampleAnswers(def.id, TODAY);
      for (const page of visiblePages(def, answers)) {
        fc.assert(
          fc.property(fc.dictionary(fc.string().map((k) => `x${k}`), fc.oneof(fc.string(), fc.array(fc.string())), { maxKeys: 5 }), (junk) => {
            const stripped: Answers = {};
            const result = parsePage(def, page.id, junk, stripped, 'de', opts);
            const reported = new Set(fieldsOf(result.errors));
            for (const field of resolve(def, {}).pages.find((p) => p.page.id === page.id)?.fields ?? []) {
              if (!field.required) continue;
              const expected = field.kind === 'address' ? `${field.id}-street` : field.kind === 'repeat' ? repeatInputName(field.id, 0, field.fields.find((f) => f.required)?.id ?? '') : field.id;
              assert.ok(reported.has(expected), `${def.id}/${page.id}: ${expected} not reported`);
            }
          }),
          { numRuns: 10 },
        );
      }
    }
  });

  it('checks the German address part by part, the error on the part (adresse-plz)', () => {
    const result = parsePage(fixture, 'extra', { 'adresse-street': 'Lindenstraße', 'adresse-houseNumber': 'vier', 'adresse-plz': '3282', 'adresse-city': '' }, { art: 'b' }, 'de', opts);
    assert.deepEqual(fieldsOf(result.errors), ['adresse-houseNumber', 'adresse-plz', 'adresse-city']);
    const unknownRegion = parsePage(fixture, 'extra', { 'adresse-street': 'A', 'adresse-houseNumber': '1', 'adresse-plz': '05123', 'adresse-city': 'X' }, { art: 'b' }, 'de', opts);
    assert.match(unknownRegion.errors[0]?.message ?? '', /gibt es in Deutschland nicht/);
    const ok = parsePage(fixture, 'extra', { 'adresse-street': 'Lindenstraße', 'adresse-houseNumber': '4a', 'adresse-plz': '32 825', 'adresse-city': 'Blomberg', 'adresse-addition': 'c/o Meier' }, { art: 'b' }, 'de', opts);
    assert.deepEqual(ok.errors, []);
    assert.deepEqual(ok.answers.adresse, { street: 'Lindenstraße', houseNumber: '4a', plz: '32825', city: 'Blomberg', addition: 'c/o Meier' });
  });
});

describe('conditions', () => {
  const base: Answers = { name: 'E', art: 'b', ok: true, adresse: { street: 'A', houseNumber: '1', plz: '32825', city: 'B' }, notiz: 'Hallo', personen: [{ vorname: 'X' }], belege: [{ fileId: 'f1', filename: 'a.pdf', size: 10 }] };

  it('skips pages whose condition does not hold, both ways', () => {
    assert.equal(firstPage(fixture, {}), 'start');
    assert.equal(nextPage(fixture, 'start', { art: 'a' }), 'personen');
    assert.equal(nextPage(fixture, 'start', { art: 'b' }), 'extra');
    assert.equal(previousPage(fixture, 'personen', { art: 'a' }), 'start');
    assert.equal(previousPage(fixture, 'personen', { art: 'b' }), 'extra');
    assert.equal(previousPage(fixture, 'start', {}), null);
    assert.equal(nextPage(fixture, 'dateien', base), null);
  });

  it('drops answers of fields and pages that became hidden', () => {
    const toA = parsePage(fixture, 'start', { name: 'E', art: 'a', ok: 'yes' }, base, 'de', opts);
    assert.equal(toA.answers.adresse, undefined);
    assert.equal(toA.answers.notiz, undefined);
    assert.deepEqual(toA.answers.personen, [{ vorname: 'X' }], 'answers of other visible pages stay');
    const noOk = parsePage(fixture, 'start', { name: 'E', art: 'b' }, base, 'de', opts);
    assert.deepEqual(noOk.answers.adresse, base.adresse);
    assert.equal(noOk.answers.notiz, undefined, 'the field hidden by the unticked checkbox is dropped');
  });

  it('supports in / notEmpty / all / any / not on every kind of answer', () => {
    const def = (showIf: Condition): FormDefinition => ({ ...fixture, pages: [fixture.pages[0] as FormDefinition['pages'][number], { id: 'x', title: l('X'), showIf, fields: [] }] });
    const visible = (c: Condition, a: Answers) => visiblePages(def(c), a).some((p) => p.id === 'x');
    assert.ok(visible({ field: 'art', in: ['a', 'b'] }, { art: 'a' }));
    assert.ok(!visible({ field: 'art', in: ['b'] }, { art: 'a' }));
    assert.ok(visible({ field: 'tags', equals: 'y' }, { tags: ['x', 'y'] }));
    assert.ok(visible({ field: 'tags', in: ['y', 'z'] }, { tags: ['y'] }));
    assert.ok(!visible({ field: 'tags', notEmpty: true }, { tags: [] }));
    assert.ok(visible({ all: [{ field: 'art', equals: 'a' }, { not: { field: 'ok', equals: true } }] }, { art: 'a' }));
    assert.ok(visible({ any: [{ field: 'art', equals: 'b' }, { field: 'name', notEmpty: true }] }, { name: 'E' }));
  });
});

describe('repeatable groups without JavaScript', () => {
  it('shows one item at first, adds and removes with submit buttons, keeping what was typed', () => {
    const add = parsePage(fixture, 'personen', { 'personen-0-vorname': 'Anna', 'repeat-add': 'personen' }, {}, 'de', opts);
    assert.equal(add.action, 'repeat-add');
    assert.deepEqual(add.errors, [], 'no validation on add');
    assert.deepEqual(add.answers.personen, [{ vorname: 'Anna' }, {}]);

    const second = parsePage(fixture, 'personen', { 'personen-0-vorname': 'Anna', 'personen-1-vorname': 'Ben', 'repeat-add': 'personen' }, add.answers, 'de', opts);
    assert.deepEqual(second.answers.personen, [{ vorname: 'Anna' }, { vorname: 'Ben' }, {}]);

    const full = parsePage(fixture, 'personen', { 'personen-0-vorname': 'A', 'personen-1-vorname': 'B', 'personen-2-vorname': 'C', 'repeat-add': 'personen' }, second.answers, 'de', opts);
    assert.equal((full.answers.personen as unknown[]).length, 3, 'never more than maxItems');

    const removed = parsePage(fixture, 'personen', { 'personen-0-vorname': 'A', 'personen-1-vorname': 'B', 'personen-2-vorname': 'C', 'repeat-remove': 'personen:1' }, full.answers, 'de', opts);
    assert.equal(removed.action, 'repeat-remove');
    assert.deepEqual(removed.answers.personen, [{ vorname: 'A' }, { vorname: 'C' }]);

    const last = parsePage(fixture, 'personen', { 'personen-0-vorname': 'A', 'repeat-remove': 'personen:0' }, { personen: [{ vorname: 'A' }] }, 'de', opts);
    assert.deepEqual(last.answers.personen, [{ vorname: 'A' }], 'never fewer than minItems');
  });

  it('on "Weiter" drops empty extra items and reports errors with the item’s input name', () => {
    const stored: Answers = { personen: [{ vorname: 'A' }, {}, {}] };
    const dropped = parsePage(fixture, 'personen', { 'personen-0-vorname': 'A', 'personen-1-vorname': ' ', 'personen-2-vorname': 'C' }, stored, 'de', opts);
    assert.deepEqual(dropped.errors, []);
    assert.deepEqual(dropped.answers.personen, [{ vorname: 'A' }, { vorname: 'C' }]);
    const invalid = parsePage(fixture, 'personen', { 'personen-0-vorname': 'A', 'personen-1-geboren': '31.02.2000' }, { personen: [{}, {}] }, 'de', opts);
    assert.deepEqual(fieldsOf(invalid.errors), ['personen-1-vorname', 'personen-1-geboren']);
    assert.match(invalid.errors[0]?.message ?? '', /Person 2: Vorname/);
  });

  it('ignores add/remove values that name nothing on the page', () => {
    for (const value of ['nope', 'personen:99', '__proto__:0', 'personen:-1']) {
      const result = parsePage(fixture, 'personen', { 'personen-0-vorname': 'A', 'repeat-remove': value, 'repeat-add': value }, {}, 'de', opts);
      assert.equal(result.action, 'continue', value);
      assert.deepEqual(result.answers.personen, [{ vorname: 'A' }]);
    }
  });
});

describe('file fields', () => {
  const files = [
    { fileId: 'f1', filename: 'rechnung.pdf', size: 2048 },
    { fileId: 'f2', filename: 'beleg.pdf', size: 4096 },
  ];

  it('requires at least one file and at most maxFiles', () => {
    assert.deepEqual(fieldsOf(parsePage(fixture, 'dateien', {}, {}, 'de', opts).errors), ['belege']);
    assert.deepEqual(parsePage(fixture, 'dateien', {}, { belege: files }, 'de', opts).errors, []);
    const tooMany = parsePage(fixture, 'dateien', {}, { belege: [...files, { fileId: 'f3', filename: 'c.pdf', size: 1 }] }, 'de', opts);
    assert.match(tooMany.errors[0]?.message ?? '', /höchstens 2 Dateien/);
  });

  it('removes a listed file with the remove button and tells the journey which', () => {
    const result = parsePage(fixture, 'dateien', { 'remove-file': 'f1' }, { belege: files }, 'de', opts);
    assert.equal(result.action, 'remove-file');
    assert.equal(result.removedFileId, 'f1');
    assert.deepEqual(result.answers.belege, [files[1]]);
    const foreign = parsePage(fixture, 'dateien', { 'remove-file': 'someone-elses' }, { belege: files }, 'de', opts);
    assert.equal(foreign.action, 'continue');
    assert.equal(foreign.removedFileId, undefined);
  });
});

describe('validateAll', () => {
  it('names the page of every problem, in page order', () => {
    const errors = validateAll(fixture, { art: 'b', personen: [{}] }, 'de', opts);
    assert.deepEqual(
      errors.map((e) => `${e.pageId}:${e.field}`),
      ['start:name', 'extra:adresse-street', 'extra:adresse-houseNumber', 'extra:adresse-plz', 'extra:adresse-city', 'personen:personen-0-vorname', 'dateien:belege'],
    );
  });

  it('catches stored answers that were never valid or were tampered with', () => {
    const errors = validateAll(fixture, { name: 'E', art: 'zzz', iban: 'DE00', anzahl: 'NaN', personen: 'x' as unknown as Answers[string], belege: [{ fileId: 1 }] as unknown as Answers[string] }, 'de', opts);
    assert.deepEqual(
      errors.map((e) => e.field),
      ['art', 'iban', 'anzahl', 'personen-0-vorname', 'belege'],
    );
  });
});

describe('every service form', () => {
  it('walks page by page with its sample answers, without an error, and passes validateAll', () => {
    let branching = 0;
    for (const def of formDefinitions.values()) {
      const sample = sampleAnswers(def.id, TODAY);
      let answers: Answers = {};
      let pageId: string | null = firstPage(def, answers);
      const seen: string[] = [];
      while (pageId) {
        seen.push(pageId);
        // The journey stores uploads and adds them to the answers before the page is read.
        for (const field of def.pages.find((p) => p.id === pageId)?.fields ?? []) if (field.kind === 'file' && sample[field.id]) answers = { ...answers, [field.id]: sample[field.id] as Answers[string] };
        const result = parsePage(def, pageId, pageFormBody(def, pageId, sample), answers, 'de', opts);
        assert.deepEqual(result.errors, [], `${def.id}/${pageId}`);
        answers = result.answers;
        pageId = nextPage(def, pageId, answers);
        assert.ok(seen.length <= def.pages.length, `${def.id}: no loop`);
      }
      assert.deepEqual(answers, resolve(def, sample).answers, `${def.id}: the walk reproduces the sample`);
      assert.deepEqual(Object.keys(sample).sort(), Object.keys(answers).sort(), `${def.id}: every sample answer is asked for`);
      assert.deepEqual(validateAll(def, answers, 'de', opts), [], def.id);
      assert.deepEqual(validateAll(def, answers, 'en', opts), [], def.id);
      if (seen.some((p) => def.pages.find((page) => page.id === p)?.showIf)) branching++;
      const sections = summary(def, answers, 'de');
      assert.ok(sections.every((s) => s.rows.every((r) => r.value !== '')), def.id);
      const json = exportJson(def, answers);
      assert.equal(json.form, def.id);
      assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
      assert.ok(contactOf(def, answers).email, `${def.id}: contact e-mail`);
      assert.ok(staffSummaryLine(def, answers, 'de').length > 0, def.id);
    }
    assert.ok(branching >= 10, `most samples take a conditional page (${branching})`);
  });

  it('has sound definitions: unique ids and prefixes, url-safe pages, conditions on earlier pages only, both languages', () => {
    const prefixes = new Map<string, string>();
    for (const def of formDefinitions.values()) {
      assert.match(def.prefix, /^[A-Z]{2}$/);
      assert.ok(!['KF', 'BM'].includes(def.prefix), `${def.id}: prefix taken by the contact module`);
      assert.equal(prefixes.get(def.prefix) ?? def.id, def.id, `prefix ${def.prefix} used twice`);
      prefixes.set(def.prefix, def.id);
    }
    for (const def of allDefinitions()) {
      const names = new Set<string>();
      const earlier = new Set<string>();
      const fieldIds = new Set<string>();
      const texts: { de: string; en: string }[] = [def.title];
      const conditionFields = (c: Condition): string[] => ('all' in c ? c.all.flatMap(conditionFields) : 'any' in c ? c.any.flatMap(conditionFields) : 'not' in c ? conditionFields(c.not) : [c.field]);
      assert.equal(new Set(def.pages.map((p) => p.id)).size, def.pages.length, `${def.id}: page ids`);
      for (const page of def.pages) {
        assert.match(page.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${def.id}: page id ${page.id}`);
        texts.push(page.title);
        if (page.showIf) for (const f of conditionFields(page.showIf)) assert.ok(earlier.has(f), `${def.id}/${page.id}: condition on ${f}, not on an earlier page`);
        for (const field of page.fields) {
          assert.match(field.id, /^[a-z][a-zA-Z0-9]*$/, `${def.id}: field id ${field.id}`);
          assert.ok(!fieldIds.has(field.id), `${def.id}: field ${field.id} twice`);
          fieldIds.add(field.id);
          if (field.showIf) for (const f of conditionFields(field.showIf)) assert.ok(earlier.has(f), `${def.id}/${field.id}: condition on ${f}, not on an earlier page`);
          const subs: FieldDef[] = field.kind === 'repeat' ? [...field.fields] : [field];
          for (const sub of subs) {
            texts.push(sub.label);
            if (sub.hint) texts.push(sub.hint);
            if (sub.why) texts.push(sub.why);
            if ('options' in sub) {
              assert.equal(new Set(sub.options.map((o) => o.value)).size, sub.options.length, `${def.id}/${sub.id}: options`);
              texts.push(...sub.options.map((o) => o.label));
            }
            const bases = field.kind === 'repeat' ? [repeatInputName(field.id, 0, sub.id)] : [sub.id];
            for (const n of sub.kind === 'file' || sub.kind === 'repeat' ? bases : inputNames(sub, bases[0] as string)) {
              assert.ok(!names.has(n), `${def.id}: input name ${n} twice`);
              names.add(n);
            }
          }
        }
        for (const field of page.fields) earlier.add(field.id);
      }
      for (const text of texts) assert.ok(text.de.trim() !== '' && text.en.trim() !== '', `${def.id}: missing translation`);
      for (const id of [...(def.staffSummary ?? []), ...Object.values(def.contact ?? {}), ...(def.feeQuantityField ? [def.feeQuantityField] : [])]) assert.ok(fieldIds.has(id), `${def.id}: unknown field ${id}`);
    }
  });

  it('offers the fifteen services of the issue', () => {
    assert.deepEqual([...formDefinitions.keys()].sort(), [
      'abmeldung-ausland',
      'briefwahl',
      'eheurkunde',
      'fuehrungszeugnis',
      'gartenwasserzaehler',
      'geburtsurkunde',
      'gewerbeabmeldung',
      'gewerbeanmeldung',
      'gewerbeummeldung',
      'hundeanmeldung',
      'meldebescheinigung',
      'melderegisterauskunft',
      'sperrmuell',
      'sterbeurkunde',
      'wohnungsgeberbestaetigung',
    ]);
  });
});

describe('specific rules of the service forms', () => {
  it('Sperrmüll: the Wunschtermin must be a future weekday', () => {
    const def = getForm('sperrmuell') as FormDefinition;
    const answers = sampleAnswers('sperrmuell', TODAY);
    const at = (date: string) => parsePage(def, 'termin', { wunschtermin: date }, answers, 'de', opts).errors.map((e) => e.message);
    assert.deepEqual(at('2026-03-30'), []);
    assert.match(at('2026-03-28').join(), /Werktag/);
    assert.match(at(TODAY).join(), /Zukunft/);
    assert.match(at('2026-03-01').join(), /Zukunft/);
  });

  it('Hundeanmeldung: the chip number has 15 digits (spaces allowed), the dangerous-dog page appears on "ja"', () => {
    const def = getForm('hundeanmeldung') as FormDefinition;
    const answers = sampleAnswers('hundeanmeldung', TODAY);
    const body = pageFormBody(def, 'hund', answers);
    assert.deepEqual(parsePage(def, 'hund', { ...body, chipnummer: '276 0981 0654 3210' }, answers, 'de', opts).errors, []);
    assert.match(parsePage(def, 'hund', { ...body, chipnummer: '27609810654321' }, answers, 'de', opts).errors[0]?.message ?? '', /15 Ziffern/);
    assert.equal(nextPage(def, 'gefaehrlichkeit', { ...answers, gefaehrlich: 'ja' }), 'gefaehrlicher-hund');
    assert.equal(nextPage(def, 'gefaehrlichkeit', answers), 'weitere-hunde');
  });

  it('Urkunden: siblings and others must state their interest; the fee counts copies', () => {
    const def = getForm('sterbeurkunde') as FormDefinition;
    const answers = sampleAnswers('sterbeurkunde', TODAY);
    assert.ok(visiblePages(def, answers).some((p) => p.id === 'interesse'));
    assert.ok(!visiblePages(def, { ...answers, beziehung: 'abkoemmling' }).some((p) => p.id === 'interesse'));
    assert.equal(feeQuantity(def, answers), 3);
    assert.equal(feeQuantity(getForm('briefwahl') as FormDefinition, {}), 1);
  });

  it('Führungszeugnis: younger than 14 is refused', () => {
    const def = getForm('fuehrungszeugnis') as FormDefinition;
    const answers = sampleAnswers('fuehrungszeugnis', TODAY);
    const errors = parsePage(def, 'person', { ...pageFormBody(def, 'person', answers), geburtsdatum: '2015-01-01' }, answers, 'de', opts).errors;
    assert.match(errors[0]?.message ?? '', /jünger als 14/);
  });
});

describe('summary and export', () => {
  const answers: Answers = { name: 'Erika', art: 'b', iban: 'DE89370400440532013000', anzahl: '2', datum: '2020-02-01', ok: true, tags: ['x', 'y'], adresse: { street: 'Lindenstraße', houseNumber: '4a', plz: '32825', city: 'Blomberg', addition: 'c/o Meier' }, personen: [{ vorname: 'Anna', geboren: '2001-12-24' }, { vorname: 'Ben' }], belege: [{ fileId: 'f1', filename: 'a.pdf', size: 1 }, { fileId: 'f2', filename: 'b.pdf', size: 2 }] };

  it('formats dates, options, IBAN, numbers with unit, addresses, groups and files for people', () => {
    const rows = new Map(summary(fixture, answers, 'de').flatMap((s) => s.rows.map((r) => [r.fieldId, r.value])));
    assert.equal(rows.get('datum'), '01.02.2020');
    assert.equal(rows.get('art'), 'Variante B');
    assert.equal(rows.get('iban'), 'DE89 3704 0044 0532 0130 00');
    assert.equal(rows.get('anzahl'), '2 Stück');
    assert.equal(rows.get('ok'), 'Ja');
    assert.equal(rows.get('tags'), 'Ix, Ypsilon');
    assert.equal(rows.get('wahl'), 'Keine Angabe');
    assert.equal(rows.get('adresse'), 'Lindenstraße 4a, c/o Meier, 32825 Blomberg');
    assert.equal(rows.get('personen-0-geboren'), '24.12.2001');
    assert.equal(rows.get('personen-1-geboren'), 'Keine Angabe');
    assert.equal(rows.get('belege'), 'a.pdf, b.pdf');
    const labels = summary(fixture, answers, 'en').flatMap((s) => s.rows.map((r) => r.label));
    assert.ok(labels.includes('Person 2: Vorname'));
    const masked = summary(fixture, answers, 'de', { maskIban: true }).flatMap((s) => s.rows).find((r) => r.fieldId === 'iban');
    assert.equal(masked?.value, 'DE•• •••• •••• •••• ••30 00');
  });

  it('leaves hidden pages out of the summary and the export', () => {
    const hidden = { ...answers, art: 'a' };
    assert.ok(!summary(fixture, hidden, 'de').some((s) => s.pageId === 'extra'));
    assert.equal(exportJson(fixture, hidden).answers.adresse, undefined);
  });

  it('exports typed values keyed by field id', () => {
    const json = exportJson(fixture, answers);
    assert.deepEqual(json, {
      form: 'fixture',
      version: 1,
      answers: {
        name: 'Erika',
        art: 'b',
        iban: 'DE89370400440532013000',
        anzahl: 2,
        datum: '2020-02-01',
        ok: true,
        tags: ['x', 'y'],
        adresse: { street: 'Lindenstraße', houseNumber: '4a', plz: '32825', city: 'Blomberg', addition: 'c/o Meier' },
        personen: [{ vorname: 'Anna', geboren: '2001-12-24' }, { vorname: 'Ben' }],
        belege: [
          { fileId: 'f1', filename: 'a.pdf', size: 1 },
          { fileId: 'f2', filename: 'b.pdf', size: 2 },
        ],
      },
    });
    assert.equal(contactOf(fixture, answers).name, 'Erika');
    assert.equal(staffSummaryLine(fixture, answers, 'de'), 'Variante B · 2 Stück');
  });
});

describe('versions', () => {
  it('keeps an old version loadable next to the current one', () => {
    const v1 = getForm('meldebescheinigung', 1);
    const v2 = getForm('meldebescheinigung', 2);
    assert.ok(v1 && v2);
    assert.equal(getForm('meldebescheinigung'), v2);
    assert.equal(formDefinitions.get('meldebescheinigung')?.version, 2);
    assert.equal(getForm('meldebescheinigung', 3), undefined);
    assert.equal(getForm('gibt-es-nicht'), undefined);
    assert.ok(!v1.pages.some((p) => p.id === 'zustellung'));
    assert.equal(v1.prefix, v2.prefix);
  });

  it('an application made with version 1 is still checked, summarised and exported with version 1', () => {
    const v1 = getForm('meldebescheinigung', 1) as FormDefinition;
    const old: Answers = { nachname: 'Mustermann', vorname: 'Erika', geburtsdatum: '1985-03-27', anschrift: { street: 'Lindenstraße', houseNumber: '4a', plz: '32825', city: 'Blomberg' }, art: 'einfach', anzahl: '1', email: 'erika@example.org' };
    assert.deepEqual(validateAll(v1, old, 'de', opts), []);
    assert.ok(validateAll(getForm('meldebescheinigung') as FormDefinition, old, 'de', opts).some((e) => e.pageId === 'zustellung'), 'the current version asks for more');
    assert.equal(exportJson(v1, old).version, 1);
    assert.deepEqual(
      summary(v1, old, 'de').map((s) => s.pageId),
      ['person', 'art', 'kontakt'],
    );
  });
});

describe('error targets', () => {
  it('exist for every error parsePage can produce on a page (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('name', 'art', 'iban', 'anzahl', 'datum', 'adresse-plz', 'adresse-street', 'personen-0-vorname', 'personen-1-geboren'), fc.string(), { maxKeys: 6 }), fc.constantFrom('start', 'extra', 'personen', 'dateien'), (input, pageId) => {
        const result = parsePage(fixture, pageId, input, { art: 'b', personen: [{}, {}] }, 'de', opts);
        const fields = resolve(fixture, result.answers).pages.find((p) => p.page.id === pageId)?.fields ?? [];
        const targets = errorTargets(fields, result.answers);
        for (const e of result.errors) assert.ok(targets.has(e.field), `${pageId}: ${e.field}`);
      }),
      { numRuns: 300 },
    );
  });
});
