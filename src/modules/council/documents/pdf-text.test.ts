import { test } from 'node:test';
import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import { renderCouncilDocument } from './council-pdf.ts';
import { extractPdfText, normalizeText, PDF_TEXT_LIMITS } from './pdf-text.ts';
import { poppler } from './pdf-test-support.ts';

/** A plain (untagged) PDF with pdfkit's own options, e.g. encryption. */
function plainPdf(text: string, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({ pdfVersion: '1.7', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text(text);
  doc.end();
  return done;
}

const paragraphs = Array.from({ length: 80 }, (_, i) => `Zeile ${i + 1} mit Straßenausbaubeiträgen und Grünflächenpflege.`);
const longPdf = renderCouncilDocument({ issuer: { name: 'Gemeinde Beispielhausen' }, title: 'Bericht', sections: [{ heading: 'Inhalt', paragraphs }] });

test('text and page count of a rendered PDF, whitespace normalised, no form feeds', async () => {
  const result = await extractPdfText(await longPdf);
  assert.ok(result.ok);
  assert.ok(result.pages >= 2);
  assert.equal(result.pages, Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', ['-'], await longPdf))?.[1]));
  assert.doesNotMatch(result.text, /\f|\r|[ \t]{2,}|\n{3,}/);
  assert.ok(result.text.includes('Zeile 80 mit Straßenausbaubeiträgen und Grünflächenpflege.'));
  assert.ok(result.text.includes(`Seite ${result.pages} von ${result.pages}`));
});

test('anything that is not a PDF is refused before poppler runs', async () => {
  assert.deepEqual(await extractPdfText(Buffer.from('PK\u0003\u0004 a zip file')), { ok: false, reason: 'not-pdf' });
  assert.deepEqual(await extractPdfText(Buffer.alloc(0)), { ok: false, reason: 'not-pdf' });
});

test('a broken PDF fails, an encrypted one is reported as such, a copy-restricted one is read', async () => {
  assert.deepEqual(await extractPdfText(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF')), { ok: false, reason: 'failed' });
  const locked = await plainPdf('Geheimer Inhalt', { userPassword: 'ratsbuero', ownerPassword: 'eigentuemer' });
  assert.deepEqual(await extractPdfText(locked), { ok: false, reason: 'encrypted' });
  const restricted = await plainPdf('Öffentlicher Inhalt', { ownerPassword: 'eigentuemer', permissions: { copying: false } });
  assert.deepEqual(await extractPdfText(restricted), { ok: true, text: 'Öffentlicher Inhalt', pages: 1 });
});

test('a tool that runs too long is killed and reported as a timeout', async () => {
  assert.deepEqual(await extractPdfText(await longPdf, { ...PDF_TEXT_LIMITS, timeoutMs: 1 }), { ok: false, reason: 'timeout' });
});

test('output and text are capped', async () => {
  const byBytes = await extractPdfText(await longPdf, { ...PDF_TEXT_LIMITS, maxOutputBytes: 300 });
  assert.ok(byBytes.ok);
  assert.ok(byBytes.text.length <= 300 && byBytes.text.length > 100, String(byBytes.text.length));
  const complete = await extractPdfText(await longPdf);
  assert.ok(complete.ok);
  assert.equal(byBytes.pages, complete.pages, 'a cut output still reports every page (from pdfinfo)');
  const byChars = await extractPdfText(await longPdf, { ...PDF_TEXT_LIMITS, maxTextChars: 50 });
  assert.ok(byChars.ok);
  assert.equal(byChars.text.length, 50);
});

test('normalizeText drops control characters and never splits a surrogate pair', () => {
  assert.equal(normalizeText('a\u0000b\fc \t d\r\n\n\n\ne\f'), 'ab\nc d\n\ne');
  assert.equal(normalizeText('ab😀cd', 3), 'ab');
  assert.equal(normalizeText('ab😀cd', 4), 'ab😀');
});
