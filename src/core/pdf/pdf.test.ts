import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { renderDocumentPdf, type DocumentPdfInput } from './pdf.ts';

// Poppler reads the PDFs back the way a viewer and a screen reader would. CI installs it (Debian: poppler-utils).
for (const tool of ['pdftotext', 'pdfinfo', 'pdftoppm']) {
  if (!existsSync(`/usr/bin/${tool}`)) throw new Error(`pdf tests need /usr/bin/${tool}: apt-get install -y poppler-utils`);
}

const CREATED = new Date('2026-03-14T09:42:00Z');

/** 5,000 characters: unique words (so order can be checked), umlauts, €, quotes, one unbreakable 300-character token, a hard line break. */
const LONG_VALUE = (() => {
  const words = Array.from({ length: 600 }, (_, i) => `W${String(i).padStart(4, '0')}-Straße „Größe“ 9,99 €`).join(' ');
  const token = `https://example.org/${'x'.repeat(280)}`;
  return `${words.slice(0, 2400)}\nZweiter Absatz: ${token} ${words.slice(2400)}`.slice(0, 5000);
})();

const RECEIPT: DocumentPdfInput = {
  locale: 'de',
  issuer: { name: 'Stadt Müllheim an der Weißach', address: 'Bürgerbüro · Rathausplatz 1 · 79379 Müllheim', contact: 'buergerbuero@muellheim.example · 07631 801-0' },
  title: 'Eingangsbestätigung: Antrag auf Meldebescheinigung',
  reference: { label: 'Vorgangsnummer', value: 'KF-7K3PQ-X' },
  meta: [
    { label: 'Eingegangen am', value: '14.03.2026, 10:42 Uhr' },
    { label: 'Formularversion', value: '3' },
  ],
  intro: 'Vielen Dank. Wir haben Ihren Antrag erhalten und bearbeiten ihn so schnell wie möglich. Unten finden Sie Ihre Angaben.',
  sections: [
    {
      heading: 'Angaben zur Person',
      rows: [
        { label: 'Name', value: 'Jürgen Weiß' },
        { label: 'Begründung', value: LONG_VALUE },
        { label: 'Gebühr', value: '12,50 € (in bar)' },
      ],
    },
    {
      heading: 'Weitere Angaben',
      rows: Array.from({ length: 60 }, (_, i) => ({ label: `Frage ${i + 1}: Größe des Grundstücks`, value: `Antwort ${i + 1} – „${i * 7} m²“, Gebühr ${i},00 €` })),
    },
  ],
  footer: 'Dieses Dokument wurde maschinell erstellt und ist ohne Unterschrift gültig.',
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-pdf-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function save(pdf: Buffer, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return file;
}

/** Runs a poppler tool and insists it complained about nothing. */
function poppler(tool: string, args: string[]): string {
  const result = spawnSync(`/usr/bin/${tool}`, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `${tool} failed: ${result.stderr}`);
  assert.equal(result.stderr, '', `${tool} reported problems`);
  return result.stdout;
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const noSpace = (text: string): string => text.replace(/\s+/g, '');

interface StructNode {
  type: string;
  text: string;
  children: StructNode[];
}

/** Parses `pdfinfo -struct-text`: the logical structure and the text a screen reader gets (artifacts excluded). */
function parseStructure(output: string): StructNode {
  const root: StructNode = { type: 'root', text: '', children: [] };
  const stack: { indent: number; node: StructNode }[] = [{ indent: -1, node: root }];
  for (const line of output.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (content === '' || content.startsWith('/')) continue;
    while ((stack.at(-1)?.indent ?? -1) >= indent) stack.pop();
    const parent = stack.at(-1)?.node ?? root;
    if (content.startsWith('"')) {
      parent.text += content.slice(1, -1);
      continue;
    }
    const node: StructNode = { type: content.replace(/[: ].*$/, ''), text: '', children: [] };
    parent.children.push(node);
    stack.push({ indent, node });
  }
  return root;
}

function find(node: StructNode, type: string): StructNode[] {
  return node.children.flatMap((child) => (child.type === type ? [child] : find(child, type)));
}

function tableRows(table: StructNode): [string, string][] {
  return find(table, 'TR').map((tr) => {
    assert.deepEqual(tr.children.map((cell) => cell.type), ['TH', 'TD']);
    return [squash(tr.children[0]?.text ?? ''), squash(tr.children[1]?.text ?? '')];
  });
}

/** Inflated page content streams (pdfkit starts each with its page transform). */
function contentStreams(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const match of raw.matchAll(/stream\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf('\nendstream', start);
    try {
      const text = inflateSync(pdf.subarray(start, end)).toString('latin1');
      if (text.startsWith('1 0 0 -1 0 ')) streams.push(text);
    } catch {
      // not a Flate stream (metadata)
    }
  }
  return streams;
}

/** Painting operators found outside any marked-content sequence: untagged content, forbidden by PDF/UA. */
function untaggedPainting(stream: string): string[] {
  const tokens = stream
    .replace(/<<[\s\S]*?>>/g, ' ')
    .replace(/<[0-9a-fA-F\s]*>/g, ' ')
    .replace(/\((?:\\.|[^\\)])*\)/g, ' ')
    .split(/[\s[\]]+/);
  const painting = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'Do', 'sh']);
  let depth = 0;
  const found: string[] = [];
  for (const token of tokens) {
    if (token === 'BDC' || token === 'BMC') depth++;
    else if (token === 'EMC') depth--;
    else if (depth === 0 && painting.has(token)) found.push(token);
  }
  assert.equal(depth, 0, 'marked content left open');
  return found;
}

const receipt = await renderDocumentPdf(RECEIPT, { creationDate: CREATED });
const receiptFile = save(receipt, 'receipt.pdf');
const raw = receipt.toString('latin1');

test('the output is one complete PDF', () => {
  assert.equal(receipt.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(receipt.toString('latin1').trimEnd().slice(-5), '%%EOF');
  const info = poppler('pdfinfo', [receiptFile]);
  assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  assert.ok(pages > 1, `expected several pages, got ${pages}`);
});

test('it is tagged, declares its language, title and PDF/UA conformance', () => {
  assert.match(raw, /\/MarkInfo \d+ 0 R/);
  assert.match(raw, /<<\n\/Marked true\n>>/);
  assert.match(raw, /\/StructTreeRoot \d+ 0 R/);
  assert.match(raw, /\/Lang \(de-DE\)/);
  assert.match(raw, /\/DisplayDocTitle true/);
  assert.match(raw, /<pdfuaid:part>1<\/pdfuaid:part>/);
  for (const type of ['Document', 'H1', 'H2', 'Sect', 'Table', 'TR', 'TH', 'TD', 'P']) assert.match(raw, new RegExp(`/S /${type}\\n`), type);
  assert.match(raw, /\/Scope \/Row/);
  const info = poppler('pdfinfo', ['-isodates', receiptFile]);
  assert.match(info, /Tagged:\s+yes/);
  assert.match(info, /Title:\s+Eingangsbestätigung: Antrag auf Meldebescheinigung/);
  assert.match(info, /Author:\s+Stadt Müllheim an der Weißach/);
  assert.match(info, /Subject:\s+Vorgangsnummer KF-7K3PQ-X/);
  assert.match(info, /Creator:\s+Rathaus/);
  assert.match(info, /CreationDate:\s+2026-03-14T09:42:00Z/);
});

test('Noto Sans is embedded and no standard font is used', () => {
  assert.match(raw, /\/FontFile[23] \d+ 0 R/);
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSans-Bold/);
  assert.doesNotMatch(raw, /\/BaseFont \/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/);
  assert.doesNotMatch(raw, /\/Subtype \/Type1/);
  const fonts = poppler('pdffonts', [receiptFile]);
  for (const line of fonts.split('\n').slice(2).filter(Boolean)) assert.match(line, /NotoSans.*\byes\s+yes\s+yes\b/, line);
});

test('every label and value is in the visible text, the long value complete and in order', () => {
  const text = poppler('pdftotext', ['-enc', 'UTF-8', receiptFile, '-']);
  const flat = squash(text);
  const expected = [RECEIPT.issuer.name, RECEIPT.title, 'Vorgangsnummer', 'KF-7K3PQ-X', RECEIPT.intro ?? '', RECEIPT.footer ?? ''];
  for (const row of RECEIPT.meta ?? []) expected.push(row.label, row.value);
  for (const section of RECEIPT.sections) {
    expected.push(section.heading);
    for (const row of section.rows) if (row.value !== LONG_VALUE) expected.push(row.label, row.value);
  }
  for (const item of expected) assert.ok(flat.includes(squash(item)), `missing in text: ${item}`);
  // Page furniture sits between the pages of the long value in the visible text, so check its words in order.
  const stripped = noSpace(text);
  let position = 0;
  for (const word of LONG_VALUE.split(/\s+/)) {
    const found = stripped.indexOf(word, position);
    assert.ok(found >= 0, `long value lost or reordered at "${word}"`);
    position = found + word.length;
  }
  assert.match(flat, /Seite 1 von \d+/);
});

test('the structure tree holds every answer as TH/TD, complete, and no page furniture', () => {
  const output = poppler('pdfinfo', ['-struct-text', receiptFile]);
  const tree = parseStructure(output);
  const [document] = tree.children;
  assert.equal(document?.type, 'Document');
  assert.deepEqual(document.children.map((node) => node.type), ['P', 'P', 'H1', 'Table', 'P', 'Sect', 'Sect', 'P']);
  assert.equal(squash(find(document, 'H1')[0]?.text ?? ''), RECEIPT.title);
  assert.deepEqual(find(document, 'H2').map((node) => node.text), RECEIPT.sections.map((section) => section.heading));

  const [keyFacts, ...sectionTables] = find(document, 'Table');
  assert.ok(keyFacts);
  assert.deepEqual(tableRows(keyFacts), [['Vorgangsnummer', 'KF-7K3PQ-X'], ...(RECEIPT.meta ?? []).map((row): [string, string] => [row.label, row.value])]);
  assert.equal(sectionTables.length, RECEIPT.sections.length);
  RECEIPT.sections.forEach((section, index) => {
    const table = sectionTables[index];
    assert.ok(table);
    assert.deepEqual(tableRows(table), section.rows.map((row): [string, string] => [squash(row.label), squash(row.value)]));
  });
  assert.doesNotMatch(output, /Seite \d+ von|Fortsetzung/);
});

test('everything painted is either tagged content or an artifact', () => {
  const streams = contentStreams(receipt);
  assert.ok(streams.length > 1);
  for (const [index, stream] of streams.entries()) {
    assert.deepEqual(untaggedPainting(stream), [], `page ${index + 1}`);
    assert.match(stream, /\/Artifact <<\n\/Type \/Pagination\n>> BDC/, `page ${index + 1} has no pagination artifact`);
  }
});

test('a fixed creation date gives byte-identical output', async () => {
  const again = await renderDocumentPdf(RECEIPT, { creationDate: CREATED });
  assert.ok(again.equals(receipt));
});

test('English documents are tagged en-GB and number pages in English', async () => {
  const pdf = await renderDocumentPdf({ ...RECEIPT, locale: 'en', sections: RECEIPT.sections.slice(1) }, { creationDate: CREATED });
  assert.match(pdf.toString('latin1'), /\/Lang \(en-GB\)/);
  assert.match(squash(poppler('pdftotext', ['-enc', 'UTF-8', save(pdf, 'en.pdf'), '-'])), /Page 1 of \d+/);
});

test('values are shown as plain text, never interpreted', async () => {
  const tricky = ['<b>fett</b> & {{name}}', ') Tj (%%EOF', '\\) \\\\ (', 'Tab\tgetrennt', 'Null\u0000byte'];
  const pdf = await renderDocumentPdf(
    { locale: 'de', issuer: { name: 'Gemeinde A & B <Ost>' }, title: 'Straßen & Plätze <Sondernutzung>', sections: [{ heading: 'Angaben', rows: tricky.map((value, i) => ({ label: `Feld ${i}`, value })) }] },
    { creationDate: CREATED },
  );
  const file = save(pdf, 'tricky.pdf');
  const text = squash(poppler('pdftotext', ['-enc', 'UTF-8', file, '-']));
  for (const value of ['<b>fett</b> & {{name}}', ') Tj (%%EOF', '\\) \\\\ (', 'Tab getrennt', 'Nullbyte']) assert.ok(text.includes(value), value);
  // pdfkit copies the title into XMP unescaped; the XMP must stay well-formed XML.
  const xmp = pdf.toString('utf8');
  assert.ok(xmp.includes('<rdf:li xml:lang="x-default">Straßen &amp; Plätze &lt;Sondernutzung&gt;</rdf:li>'));
  assert.ok(!/<rdf:li[^>]*>[^<]*&(?!amp;|lt;|gt;)/.test(xmp));
  assert.match(poppler('pdfinfo', [file]), /Title:\s+Straßen & Plätze <Sondernutzung>/);
});

test('a minimal document renders on one page', async () => {
  const pdf = await renderDocumentPdf({ locale: 'de', issuer: { name: 'Gemeinde Kleinort' }, title: 'Bestätigung', sections: [{ heading: 'Keine Angaben', rows: [] }] });
  const file = save(pdf, 'minimal.pdf');
  assert.match(poppler('pdfinfo', [file]), /Pages:\s+1\n/);
  const document = parseStructure(poppler('pdfinfo', ['-struct-text', file])).children[0];
  assert.deepEqual(document?.children.map((node) => node.type), ['P', 'H1', 'Sect']);
  assert.deepEqual(document.children[2]?.children.map((node) => node.type), ['H2'], 'no empty table');
});

test('page 1 renders as an image', () => {
  poppler('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', receiptFile, path.join(dir, 'page')]);
  assert.ok(existsSync(path.join(dir, 'page-1.png')) || existsSync(path.join(dir, 'page-01.png')));
});
