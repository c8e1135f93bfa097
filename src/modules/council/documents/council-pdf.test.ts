import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCouncilDocument, type CouncilDocumentInput } from './council-pdf.ts';
import { extractPdfText } from './pdf-text.ts';
import { assertInOrder, assertTagged, poppler, squash, structureText, structureTypes } from './pdf-test-support.ts';

const CREATED = new Date('2026-11-20T08:00:00Z');

const VORLAGE: CouncilDocumentInput = {
  issuer: { name: 'Stadt Musterstadt' },
  title: 'Neubau eines Regenrückhaltebeckens am Mühlenbach',
  reference: 'Drucksache 2026/114',
  meta: [
    { label: 'Vorlagenart', value: 'Beschlussvorlage' },
    { label: 'Federführung', value: 'Fachbereich 3 – Stadtentwicklung und Bauen' },
  ],
  sections: [
    { heading: 'Sachverhalt', paragraphs: ['Bei Starkregen läuft der Mühlenbach über; die Keller in der Weißdornstraße standen 2025 dreimal unter Wasser.', 'Das Becken fasst 4.800 m³ und kostet 1.250.000 €.'] },
    { heading: 'Beschlussvorschlag', paragraphs: ['Der Rat beschließt den Bau gemäß Anlage 1 („Entwurfsplanung“).'] },
  ],
};

// First in this file: the parsed font is shared by the documents of a process.
test('every letter stays extractable when documents share the parsed font (A after Ä, ligatures as letters)', async () => {
  const first = await renderCouncilDocument({ issuer: { name: 'Öd' }, title: 'Änderung', sections: [{ heading: 'Ärger', paragraphs: ['Änderung'] }] });
  assert.ok((await extractPdfText(first)).ok);
  const second = await renderCouncilDocument({ issuer: { name: 'Stadt' }, title: 'Ausschuss', sections: [{ heading: 'Auftrag', paragraphs: ['Ausschuss, öffentlich, Grünflächenpflege, Einfluss'] }] });
  const result = await extractPdfText(second);
  assert.ok(result.ok);
  assertInOrder(squash(result.text), ['Ausschuss', 'Auftrag', 'Ausschuss, öffentlich, Grünflächenpflege, Einfluss']);
});

test('a council document carries its title, facts and sections as text, umlauts intact', async () => {
  const pdf = await renderCouncilDocument(VORLAGE, { creationDate: CREATED });
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  assert.equal(result.pages, 1);
  const text = squash(result.text);
  assertInOrder(text, ['Stadt Musterstadt', 'Drucksache 2026/114', VORLAGE.title, 'Vorlagenart', 'Beschlussvorlage', 'Sachverhalt', 'Weißdornstraße', '4.800 m³', '1.250.000 €', 'Beschlussvorschlag', '„Entwurfsplanung“', 'Seite 1 von 1']);
});

test('it is tagged: language, title, H1/H2/P in sections, furniture as artifacts', async () => {
  const pdf = await renderCouncilDocument(VORLAGE, { creationDate: CREATED });
  assertTagged(pdf);
  assert.match(poppler('pdfinfo', ['-'], pdf), /Title:\s+Neubau eines Regenrückhaltebeckens am Mühlenbach/);
  assert.deepEqual(structureTypes(pdf), ['Document', 'P', 'P', 'H1', 'Table', 'TR', 'TH', 'TD', 'TR', 'TH', 'TD', 'Sect', 'H2', 'P', 'P', 'Sect', 'H2', 'P']);
  const spoken = structureText(pdf);
  assert.ok(spoken.includes('Das Becken fasst 4.800 m³'));
  assert.doesNotMatch(spoken, /Seite 1 von/, 'page numbers are artifacts');
});

test('a non-public document is stamped on every page and says so in its tagged facts', async () => {
  const long = Array.from({ length: 70 }, (_, i) => `Absatz ${i + 1}: Der Kaufpreis für das Flurstück 345 beträgt 185 €/m².`);
  const pdf = await renderCouncilDocument({ ...VORLAGE, publicLabel: 'nicht öffentlich', sections: [{ heading: 'Sachverhalt', paragraphs: long }] }, { creationDate: CREATED });
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  assert.ok(result.pages >= 2, `expected several pages, got ${result.pages}`);
  assert.equal(result.text.match(/NICHT ÖFFENTLICH/g)?.length, result.pages);
  assertInOrder(squash(result.text), long.map((paragraph) => paragraph.slice(0, 12)));
  const spoken = structureText(pdf);
  assert.doesNotMatch(spoken, /NICHT ÖFFENTLICH/, 'the stamp is an artifact');
  assert.match(spoken, /Öffentlichkeit nicht öffentlich/);
});

test('the same input and creation date give the same bytes', async () => {
  const a = await renderCouncilDocument(VORLAGE, { creationDate: CREATED });
  const b = await renderCouncilDocument(VORLAGE, { creationDate: CREATED });
  assert.ok(a.equals(b));
});
