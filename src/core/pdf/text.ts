/**
 * Text handling shared by every PDF layout (core documents, council
 * documents): plain text from user input, line breaking with the current
 * font, collecting pdfkit's stream into one buffer, and the pdfkit types
 * its typings still lack.
 */
export type PdfDoc = PDFKit.PDFDocument;
export type StructElement = PDFKit.PDFStructureElement;

/** pdfkit 0.20 supports these; @types/pdfkit 0.17 does not know them yet. */
export interface StructOptions extends PDFKit.Mixins.StructureElementOptions {
  scope?: 'Row' | 'Column' | 'Both';
}
export interface DocumentOptions extends Omit<PDFKit.PDFDocumentOptions, 'subset' | 'font'> {
  subset?: PDFKit.Mixins.PDFSubsets | 'PDF/UA';
  /** null: load no default font (pdfkit would load Helvetica). */
  font?: string | null;
}

/**
 * Values are shown, never interpreted: line breaks stay, tabs become spaces,
 * control and invisible formatting characters are dropped.
 */
export function plain(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD]/g, '');
}

export function oneLine(text: string): string {
  return plain(text).replace(/\s*\n\s*/g, ' ');
}

/**
 * Greedy line breaking with the current font: breaks at spaces and after a
 * hyphen or slash inside a word; a word wider than the column is split
 * between characters. Empty lines (blank lines in the value) are kept.
 */
export function wrapText(doc: PdfDoc, text: string, width: number): string[] {
  const paragraphs = text.split('\n');
  return paragraphs.flatMap((paragraph, index) => {
    const lines = wrapParagraph(doc, paragraph, width);
    // A hard line break reads as a space, not as two words run together.
    if (index < paragraphs.length - 1) lines.push(`${lines.pop() ?? ''} `);
    return lines;
  });
}

function wrapParagraph(doc: PdfDoc, paragraph: string, width: number): string[] {
  const tokens = paragraph.match(/\S+?(?:[-/](?=\S)|\s+|$)|\s+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (fits(doc, line + token, width)) {
      line += token;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const piece of splitToken(doc, token, width)) {
      if (line !== '') lines.push(line);
      line = piece;
    }
  }
  lines.push(line);
  return lines;
}

function splitToken(doc: PdfDoc, token: string, width: number): string[] {
  if (fits(doc, token, width)) return [token];
  const pieces: string[] = [];
  let piece = '';
  for (const char of token) {
    if (piece !== '' && !fits(doc, piece + char, width)) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  pieces.push(piece);
  return pieces;
}

function fits(doc: PdfDoc, text: string, width: number): boolean {
  return doc.widthOfString(text.trimEnd()) <= width;
}

export function fitLine(doc: PdfDoc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && doc.widthOfString(`${chars.join('').trimEnd()}…`) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

export function collect(doc: PdfDoc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
