import { test } from 'node:test';
import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import { PDFDict, PDFDocument as PdfLibDocument, PDFHexString, PDFName, PDFRef, PDFString, PDFArray } from 'pdf-lib';
import { combinePdfs, UNAVAILABLE } from './combine-pdf.ts';
import { renderCouncilDocument } from './council-pdf.ts';
import { renderInvitation } from './invitation-pdf.ts';
import { extractPdfText } from './pdf-text.ts';
import { assertInOrder, assertTagged, poppler, squash, structureText, structureTypes } from './pdf-test-support.ts';

const issuer = { name: 'Stadt Musterstadt' };
const vorlage = await renderCouncilDocument({ issuer, title: 'Sanierung der Turnhalle Lindenhof', reference: 'Drucksache 2026/101', sections: [{ heading: 'Sachverhalt', paragraphs: ['Die Hallendecke der Turnhalle ist durchfeuchtet; Prallschutzwände fehlen.'] }] });
const anlage = await renderCouncilDocument({
  issuer,
  title: 'Anlage 1: Kostenschätzung',
  sections: [{ heading: 'Kosten', paragraphs: Array.from({ length: 60 }, (_, i) => `Position ${i + 1}: Trockenbauarbeiten, 1.${i}00 €`) }],
});
const einladung = await renderInvitation({ issuer, organizationName: 'Rat der Stadt Musterstadt', meetingName: '12. Sitzung des Rates', start: new Date('2026-12-10T17:00:00Z'), location: 'Ratssaal', invitationDate: '2026-11-26', agenda: [{ number: 'Ö 1', name: 'Eröffnung', public: true }] });

/** An untagged PDF with a standard font, as many uploads are. */
async function untagged(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ pdfVersion: '1.4' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text(text);
  doc.end();
  return done;
}

async function encrypted(): Promise<Buffer> {
  const doc = new PDFDocument({ userPassword: 'geheim', ownerPassword: 'x' } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text('verschlüsselt');
  doc.end();
  return done;
}

async function pageCount(pdf: Buffer): Promise<number> {
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  return result.pages;
}

/** Outline entries: title and the 1-based page each opens. */
async function outline(pdf: Buffer): Promise<{ title: string; page: number }[]> {
  const doc = await PdfLibDocument.load(pdf);
  const pages = doc.getPages().map((page) => page.ref.toString());
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const entries: { title: string; page: number }[] = [];
  let ref = root?.get(PDFName.of('First'));
  while (ref instanceof PDFRef) {
    const item = doc.context.lookup(ref, PDFDict);
    const title = item.lookup(PDFName.of('Title'), PDFString, PDFHexString).decodeText();
    const target = item.lookup(PDFName.of('Dest'), PDFArray).get(0);
    entries.push({ title, page: pages.indexOf(String(target)) + 1 });
    ref = item.get(PDFName.of('Next'));
  }
  return entries;
}

test('the combined PDF has a cover with contents, then every page of every part, and a bookmark per part', async () => {
  const parts = [
    { title: 'Vorlage 2026/101', content: vorlage },
    { title: 'Anlage 1: Kostenschätzung', content: anlage },
    { title: 'Einladung zur 12. Sitzung', content: einladung },
  ];
  const sizes = await Promise.all(parts.map((part) => pageCount(part.content)));
  assert.deepEqual(sizes.map((size) => size > 0), [true, true, true]);
  assert.ok((sizes[1] ?? 0) > 1, 'one part has several pages');
  const combined = await combinePdfs(parts, { title: 'Drucksache 2026/101 mit Anlagen', lines: ['Zusammenstellung aller öffentlichen Dokumente.'], issuer: 'Stadt Musterstadt' });
  const result = await extractPdfText(combined);
  assert.ok(result.ok);
  assert.equal(result.pages, 1 + sizes.reduce((a, b) => a + b, 0));
  const starts = [2, 2 + (sizes[0] ?? 0), 2 + (sizes[0] ?? 0) + (sizes[1] ?? 0)];
  assertInOrder(structureText(combined), ['Drucksache 2026/101 mit Anlagen', 'Zusammenstellung aller öffentlichen Dokumente.', 'Inhalt', ...parts.flatMap((part, i) => [String(i + 1), part.title, String(starts[i])])]);
  assertInOrder(squash(result.text), ['Sanierung der Turnhalle Lindenhof', 'Prallschutzwände', 'Position 60: Trockenbauarbeiten', 'Einladung: 12. Sitzung des Rates']);
  assert.deepEqual(await outline(combined), parts.map((part, i) => ({ title: part.title, page: starts[i] })));
  assert.match(combined.toString('latin1'), /\/PageMode \/UseOutlines/);
});

test("the parts' structure is kept: one Part per tagged part under the cover's Document", async () => {
  const combined = await combinePdfs([{ title: 'Vorlage', content: vorlage }, { title: 'Einladung', content: einladung }], { title: 'Mappe', lines: [] });
  assertTagged(combined);
  const types = structureTypes(combined);
  assert.equal(types[0], 'Document');
  assert.equal(types.filter((type) => type === 'Document').length, 1);
  assert.equal(types.filter((type) => type === 'Part').length, 2);
  assert.equal(types.filter((type) => type === 'H1').length, 3, 'the cover and both parts');
  const spoken = structureText(combined);
  assertInOrder(spoken, ['Mappe', 'Inhalt', 'Sanierung der Turnhalle Lindenhof', 'Prallschutzwände fehlen.', 'Einladung: 12. Sitzung des Rates', 'Eröffnung']);
  assert.doesNotMatch(spoken, /Seite \d+ von/, 'page furniture stays out of the structure');
  poppler('pdftotext', ['-', '-'], combined);
});

test('a part that is not a readable PDF is skipped and marked on the cover; an untagged one is included', async () => {
  const parts = [
    { title: 'Vorlage', content: vorlage },
    { title: 'Foto der Ortsbesichtigung', content: Buffer.from('\u00ff\u00d8\u00ff\u00e0 not a pdf', 'latin1') },
    { title: 'Abgebrochener Upload', content: vorlage.subarray(0, Math.floor(vorlage.length / 3)) },
    { title: 'Geschütztes Gutachten', content: await encrypted() },
    { title: 'Eingescanntes Schreiben', content: await untagged('Schreiben des Heimatvereins vom 3. Mai') },
  ];
  const combined = await combinePdfs(parts, { title: 'Mappe', lines: ['Stand: 03.12.2026'] });
  const result = await extractPdfText(combined);
  assert.ok(result.ok);
  assert.equal(result.pages, 1 + 1 + 1);
  assertInOrder(structureText(combined), ['1', 'Vorlage', '2', '2', 'Foto der Ortsbesichtigung', UNAVAILABLE, '3', 'Abgebrochener Upload', UNAVAILABLE, '4', 'Geschütztes Gutachten', UNAVAILABLE, '5', 'Eingescanntes Schreiben', '3']);
  assert.ok(result.text.includes('Schreiben des Heimatvereins vom 3. Mai'));
  assert.deepEqual(await outline(combined), [{ title: 'Vorlage', page: 2 }, { title: 'Eingescanntes Schreiben', page: 3 }]);
  assert.equal(structureTypes(combined).filter((type) => type === 'Part').length, 1, 'the untagged part adds no structure');
});

test('a long table of contents pushes the start pages back', async () => {
  const parts = Array.from({ length: 45 }, (_, i) => ({ title: `Anlage ${i + 1}: Stellungnahme Träger öffentlicher Belange`, content: vorlage }));
  const combined = await combinePdfs(parts, { title: 'Bebauungsplan Nr. 23, alle Stellungnahmen', lines: [] });
  const pages = await pageCount(combined);
  const coverPages = pages - parts.length;
  assert.ok(coverPages >= 2, `cover has ${coverPages} pages`);
  const entries = await outline(combined);
  assert.equal(entries.length, 45);
  assert.deepEqual(entries.map((entry) => entry.page), parts.map((_, i) => coverPages + 1 + i));
  assertInOrder(structureText(combined), ['Anlage 45: Stellungnahme Träger öffentlicher Belange', String(coverPages + 45)]);
});

test('nothing to combine still gives a cover', async () => {
  const combined = await combinePdfs([{ title: 'Leer', content: Buffer.alloc(0) }], { title: 'Mappe', lines: [] });
  assert.equal(await pageCount(combined), 1);
  assert.deepEqual(await outline(combined), []);
});
