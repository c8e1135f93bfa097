/**
 * Official documents as PDF (receipts, confirmations): one sober A4 layout for
 * every module — letterhead, title, reference box, intro, the answers grouped
 * by form page, closing note — rendered with pdfkit.
 *
 * Why it looks the way it does:
 * - Accessible by construction (PDF/UA-1 identifier, tagged, document language,
 *   DisplayDocTitle). Every painted thing is either tagged content in the
 *   structure tree (Document › H1, Table › TR › TH/TD, P, Sect › H2 + Table) or
 *   an Artifact (running header/footer, page numbers, rules, box backgrounds),
 *   so screen readers read the document once, in order, without page furniture.
 * - Text is laid out line by line here, not by pdfkit's wrapper or `doc.table()`:
 *   pdfkit clamps a table row to one page and would cut a long answer off. We
 *   wrap each cell ourselves and continue both columns on the next page; a cell
 *   split over pages stays one TH/TD element (one marked-content piece per page).
 * - Noto Sans (see fonts.ts) is embedded as a subset, so umlauts, ß, € and
 *   typographic quotes render; no standard-14 font is ever loaded.
 *   Characters Noto Sans lacks (emoji, CJK) render as empty boxes.
 * - Values are plain text: only line breaks are honoured, control characters
 *   are dropped, nothing is interpreted.
 * - Page numbers need the page count, so pages stay buffered until the end
 *   (a few KB each); the PDF itself is collected from pdfkit's stream.
 */
import { loadPdfKit, pdfKit } from './pdfkit.ts';
import { buildCatalog, createTranslator, defineMessages, type Translate } from '../i18n/i18n.ts';
import { notoSans, type FontWeight } from './fonts.ts';
import { collect, fitLine, oneLine, plain, wrapText, type DocumentOptions, type PdfDoc, type StructElement, type StructOptions } from './text.ts';

export interface PdfRow {
  label: string;
  value: string;
}

export interface PdfSection {
  heading: string;
  rows: PdfRow[];
}

export interface DocumentPdfInput {
  locale: 'de' | 'en';
  /** The municipality issuing the document. */
  issuer: { name: string; address?: string; contact?: string };
  title: string;
  /** The Vorgangsnummer, shown prominently and on every page. */
  reference?: { label: string; value: string };
  meta?: PdfRow[];
  intro?: string;
  sections: PdfSection[];
  /** Closing note, e.g. "Dieses Dokument wurde maschinell erstellt." Tagged content, read by screen readers. */
  footer?: string;
}

export interface RenderPdfOptions {
  /** Fixes the CreationDate (and with it the file ID) so tests get stable output. */
  creationDate?: Date;
}

const messages = defineMessages(
  { 'pdf.pageOf': 'Seite {page} von {pages}', 'pdf.continued': '{label} (Fortsetzung)' },
  { 'pdf.pageOf': 'Page {page} of {pages}', 'pdf.continued': '{label} (continued)' },
);
const catalog = buildCatalog([messages]);

/** A4 in points; the top and bottom margins leave room for the running header and footer. */
const PAGE = { width: 595.28, height: 841.89, top: 78, bottom: 72, left: 62, right: 56 };
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const MAX_Y = PAGE.height - PAGE.bottom;

const COLOR = {
  text: '#1b1f24',
  muted: '#555e6b',
  accent: '#1d4f91',
  rule: '#c5ccd6',
  box: '#eef2f7',
};

interface TextStyle {
  weight: FontWeight;
  size: number;
  color: string;
  lineHeight: number;
}

const STYLE = {
  issuer: { weight: 'bold', size: 15, color: COLOR.accent, lineHeight: 19 },
  issuerDetails: { weight: 'regular', size: 8.5, color: COLOR.muted, lineHeight: 12 },
  title: { weight: 'bold', size: 17, color: COLOR.text, lineHeight: 22 },
  referenceLabel: { weight: 'regular', size: 8.5, color: COLOR.muted, lineHeight: 12 },
  referenceValue: { weight: 'bold', size: 14, color: COLOR.text, lineHeight: 18 },
  heading: { weight: 'bold', size: 12, color: COLOR.accent, lineHeight: 16 },
  label: { weight: 'bold', size: 9.5, color: COLOR.muted, lineHeight: 14 },
  value: { weight: 'regular', size: 10, color: COLOR.text, lineHeight: 14 },
  body: { weight: 'regular', size: 10, color: COLOR.text, lineHeight: 14.5 },
  note: { weight: 'regular', size: 8.5, color: COLOR.muted, lineHeight: 12 },
  furniture: { weight: 'regular', size: 8, color: COLOR.muted, lineHeight: 11 },
} satisfies Record<string, TextStyle>;

/** The label column of every label/value table; the value takes the rest. */
const LABEL_WIDTH = Math.round(CONTENT_WIDTH * 0.36);
const COLUMN_GAP = 14;
const ROW_PADDING = 5;


/** One column of a block drawn line by line; several columns flow side by side. */
interface Column {
  lines: string[];
  style: TextStyle;
  x: number;
  width: number;
  align?: 'left' | 'right';
  type: string;
  element: StructElement;
  /** Shown (as an artifact) on pages where other columns of the block continue and this one has ended. */
  continued?: string;
}

export async function renderDocumentPdf(input: DocumentPdfInput, options: RenderPdfOptions = {}): Promise<Buffer> {
  await loadPdfKit();
  const doc = createDocument(input, options.creationDate ?? new Date());
  const done = collect(doc);
  new DocumentWriter(doc, input).write();
  doc.end();
  return done;
}

function createDocument(input: DocumentPdfInput, creationDate: Date): PdfDoc {
  const options: DocumentOptions = {
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    lang: input.locale === 'de' ? 'de-DE' : 'en-GB',
    displayTitle: true,
    bufferPages: true,
    font: null,
    info: {
      Title: oneLine(input.title),
      Author: oneLine(input.issuer.name),
      Subject: input.reference ? oneLine(`${input.reference.label} ${input.reference.value}`) : oneLine(input.title),
      Creator: 'Rathaus',
      CreationDate: creationDate,
    },
  };
  const PDFDocument = pdfKit();
  const doc = new PDFDocument(options as PDFKit.PDFDocumentOptions);
  for (const weight of ['regular', 'bold'] as const) doc.registerFont(weight, notoSans(weight));
  escapeXmpInfo(doc);
  return doc;
}

/**
 * pdfkit copies Title/Author/Subject into the XMP metadata without XML
 * escaping, so a title like "Straßen & Plätze" makes the XMP (which PDF/UA
 * requires) malformed. The Info dictionary is already written when the subset
 * hook runs, so escaping there fixes the XMP without touching the Info strings.
 */
function escapeXmpInfo(doc: PdfDoc): void {
  const endSubset = doc.endSubset.bind(doc);
  doc.endSubset = () => {
    const info = doc.info;
    for (const key of ['Title', 'Author', 'Subject', 'Creator', 'Keywords'] as const) {
      const value = info[key];
      if (typeof value === 'string') info[key] = escapeXml(value);
    }
    endSubset();
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}




class DocumentWriter {
  private y = PAGE.top;
  private readonly doc: PdfDoc;
  private readonly input: DocumentPdfInput;
  private readonly root: StructElement;
  private readonly t: Translate;

  constructor(doc: PdfDoc, input: DocumentPdfInput) {
    this.doc = doc;
    this.input = input;
    this.t = createTranslator(catalog, input.locale);
    this.root = this.struct('Document');
    doc.addStructure(this.root);
  }

  write(): void {
    this.letterhead();
    this.block('H1', plain(this.input.title), STYLE.title, 22);
    this.referenceBox();
    if (this.input.intro) this.block('P', plain(this.input.intro), STYLE.body, 14);
    for (const section of this.input.sections) this.section(section);
    if (this.input.footer) this.block('P', plain(this.input.footer), STYLE.note, 26);
    this.root.end();
    this.pageFurniture();
  }

  private letterhead(): void {
    this.y = 46;
    const issuer = this.input.issuer;
    const details = [issuer.address, issuer.contact].filter((part): part is string => Boolean(part)).map(plain).join('\n');
    const nameWidth = details ? CONTENT_WIDTH * 0.55 : CONTENT_WIDTH;
    const columns = [this.column('P', plain(issuer.name), STYLE.issuer, PAGE.left, nameWidth)];
    if (details) {
      const width = CONTENT_WIDTH * 0.42;
      columns.push({ ...this.column('P', details, STYLE.issuerDetails, PAGE.left + CONTENT_WIDTH - width, width), align: 'right' });
    }
    this.flow(columns, 0, 10);
    this.artifact('Layout', () => this.rule(this.y, 1.5, COLOR.accent));
  }

  /** Vorgangsnummer and meta rows in a shaded box: the facts a caller asks for first. */
  private referenceBox(): void {
    const { reference, meta = [] } = this.input;
    if (!reference && meta.length === 0) return;
    this.y += 14;
    const table = this.struct('Table');
    this.root.add(table);
    const inset = 12;
    const referenceColumns = reference ? this.referenceColumns(table, reference, inset) : null;
    const rows = meta.map((row) => this.rowColumns(table, row, inset));
    const height = this.boxHeight(referenceColumns, rows, inset);
    if (this.y + height <= MAX_Y) {
      this.artifact('Layout', () => {
        this.doc.rect(PAGE.left, this.y, CONTENT_WIDTH, height).fill(COLOR.box);
        this.doc.rect(PAGE.left, this.y, 3, height).fill(COLOR.accent);
      });
    }
    this.y += inset;
    if (referenceColumns) {
      for (const column of referenceColumns) this.flow([column], 0, referenceGap(column));
    }
    for (const columns of rows) this.flow(columns, 1, 1);
    this.y += inset - 1;
    table.end();
  }

  private referenceColumns(table: StructElement, reference: { label: string; value: string }, inset: number): Column[] {
    const row = this.struct('TR');
    table.add(row);
    const x = PAGE.left + inset;
    const width = CONTENT_WIDTH - 2 * inset;
    return [
      this.column('TH', plain(reference.label), STYLE.referenceLabel, x, width, row, { scope: 'Row' }),
      this.column('TD', plain(reference.value), STYLE.referenceValue, x, width, row),
    ];
  }

  private boxHeight(referenceColumns: Column[] | null, rows: Column[][], inset: number): number {
    let height = 2 * inset - 1;
    for (const column of referenceColumns ?? []) height += linesHeight(column) + referenceGap(column);
    for (const columns of rows) height += Math.max(...columns.map(linesHeight)) + 2;
    return height;
  }

  private section(section: PdfSection): void {
    const sect = this.struct('Sect');
    this.root.add(sect);
    const heading = this.column('H2', plain(section.heading), STYLE.heading, PAGE.left, CONTENT_WIDTH, sect);
    this.y += 20;
    // Keep the heading with its first row.
    this.ensureSpace(linesHeight(heading) + 6 + 2 * STYLE.value.lineHeight + 2 * ROW_PADDING);
    this.flow([heading], 0, 4);
    this.artifact('Layout', () => this.rule(this.y, 0.75, COLOR.accent));
    if (section.rows.length > 0) this.rowsTable(sect, section.rows);
    sect.end();
  }

  private rowsTable(parent: StructElement, rows: PdfRow[]): void {
    const table = this.struct('Table');
    parent.add(table);
    for (const row of rows) {
      this.flow(this.rowColumns(table, row, 0), ROW_PADDING, ROW_PADDING);
      this.artifact('Layout', () => this.rule(this.y, 0.5, COLOR.rule));
    }
    table.end();
  }

  /** Values line up in every table; `inset` pulls the label in from the left and the value from the right edge. */
  private rowColumns(table: StructElement, row: PdfRow, inset: number): Column[] {
    const tr = this.struct('TR');
    table.add(tr);
    const label = plain(row.label);
    return [
      { ...this.column('TH', label, STYLE.label, PAGE.left + inset, LABEL_WIDTH - COLUMN_GAP - inset, tr, { scope: 'Row' }), continued: label.replace(/\s+/g, ' ') },
      this.column('TD', plain(row.value), STYLE.value, PAGE.left + LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH - inset, tr),
    ];
  }

  private block(type: string, text: string, style: TextStyle, spaceBefore: number): void {
    this.y += spaceBefore;
    this.flow([this.column(type, text, style, PAGE.left, CONTENT_WIDTH)], 0, 0);
  }

  /** Creates the structure element for one column and wraps its text to the column width. */
  private column(type: string, text: string, style: TextStyle, x: number, width: number, parent = this.root, options: StructOptions = {}): Column {
    const element = this.struct(type, options);
    parent.add(element);
    this.useStyle(style);
    return { lines: wrapText(this.doc, text, width), style, x, width, type, element };
  }

  /**
   * Draws columns side by side from the current position, continuing all of
   * them on a new page when they do not fit. Each page's part of a column is
   * one marked-content sequence belonging to the column's structure element.
   */
  private flow(columns: Column[], paddingTop: number, paddingBottom: number): void {
    const minimum = Math.max(...columns.map((column) => Math.min(column.lines.length, 2) * column.style.lineHeight));
    this.ensureSpace(paddingTop + minimum + paddingBottom);
    const drawn = columns.map(() => 0);
    for (let page = 0; ; page++) {
      const space = MAX_Y - this.y - paddingTop - paddingBottom;
      let used = 0;
      columns.forEach((column, index) => {
        const start = drawn[index] ?? 0;
        const count = Math.max(0, Math.min(column.lines.length - start, Math.floor(space / column.style.lineHeight)));
        let height = count * column.style.lineHeight;
        if (count > 0) this.drawContent(column, column.lines.slice(start, start + count), this.y + paddingTop);
        else if (page > 0 && column.continued) height = this.drawContinued(column, column.continued, this.y + paddingTop);
        drawn[index] = start + count;
        used = Math.max(used, height);
      });
      this.y += paddingTop + used + paddingBottom;
      if (columns.every((column, index) => (drawn[index] ?? 0) >= column.lines.length)) break;
      this.newPage();
    }
    columns.forEach((column) => column.element.end());
  }

  private drawContent(column: Column, lines: string[], top: number): void {
    if (lines.every((line) => line.trim() === '')) return;
    const content = this.doc.markStructureContent(column.type);
    this.drawLines(column, lines, top);
    this.doc.endMarkedContent();
    column.element.add(content);
  }

  /** Repeats a row's label beside a value continued from the previous page; decoration, so an artifact. Returns its height. */
  private drawContinued(column: Column, label: string, top: number): number {
    const style: TextStyle = { ...column.style, weight: 'regular' };
    this.useStyle(style);
    const lines = wrapText(this.doc, this.t('pdf.continued', { label }), column.width).slice(0, 2);
    this.artifact('Layout', () => this.drawLines({ ...column, style }, lines, top));
    return lines.length * style.lineHeight;
  }

  private drawLines(column: Column, lines: string[], top: number): void {
    const doc = this.doc;
    this.useStyle(column.style);
    const offset = (column.style.lineHeight - doc.currentLineHeight()) / 2;
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      // Keep one trailing space where the line broke at a space, so text extraction and screen readers see separate words.
      const shown = line.replace(/\s+$/, ' ');
      const x = column.align === 'right' ? column.x + column.width - doc.widthOfString(shown.trimEnd()) : column.x;
      doc.text(shown, x, top + index * column.style.lineHeight + offset, { lineBreak: false });
    });
  }

  private ensureSpace(height: number): void {
    if (this.y + height > MAX_Y) this.newPage();
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Running header (from page 2), footer with reference and page x of y: pagination artifacts. */
  private pageFurniture(): void {
    const { start, count } = this.doc.bufferedPageRange();
    for (let index = 0; index < count; index++) {
      this.doc.switchToPage(start + index);
      this.artifact('Pagination', () => {
        if (index > 0) this.runningHeader();
        this.runningFooter(index + 1, count);
      });
    }
  }

  private runningHeader(): void {
    this.useStyle(STYLE.furniture);
    const issuer = fitLine(this.doc, oneLine(this.input.issuer.name), CONTENT_WIDTH * 0.4);
    const title = fitLine(this.doc, oneLine(this.input.title), CONTENT_WIDTH * 0.56);
    this.doc.text(issuer, PAGE.left, 40, { lineBreak: false });
    this.doc.text(title, PAGE.left + CONTENT_WIDTH - this.doc.widthOfString(title), 40, { lineBreak: false });
    this.rule(54, 0.5, COLOR.rule);
  }

  private runningFooter(page: number, pages: number): void {
    const y = PAGE.height - PAGE.bottom + 26;
    this.rule(y - 8, 0.5, COLOR.rule);
    this.useStyle(STYLE.furniture);
    const reference = this.input.reference;
    if (reference) {
      const text = fitLine(this.doc, oneLine(`${reference.label}: ${reference.value}`), CONTENT_WIDTH * 0.6);
      this.doc.text(text, PAGE.left, y, { lineBreak: false });
    }
    const pageOf = this.t('pdf.pageOf', { page, pages });
    this.doc.text(pageOf, PAGE.left + CONTENT_WIDTH - this.doc.widthOfString(pageOf), y, { lineBreak: false });
  }

  private artifact(type: 'Layout' | 'Pagination', draw: () => void): void {
    this.doc.markContent('Artifact', { type });
    this.doc.save();
    draw();
    this.doc.restore();
    this.doc.endMarkedContent();
  }

  private rule(y: number, width: number, color: string): void {
    this.doc.moveTo(PAGE.left, y).lineTo(PAGE.left + CONTENT_WIDTH, y).lineWidth(width).strokeColor(color).stroke();
  }

  private useStyle(style: TextStyle): void {
    this.doc.font(style.weight).fontSize(style.size).fillColor(style.color);
  }

  private struct(type: string, options: StructOptions = {}): StructElement {
    return this.doc.struct(type, options);
  }
}

/** The reference's label sits tight above its value; the value keeps a gap to the meta rows. */
function referenceGap(column: Column): number {
  return column.type === 'TH' ? 1 : 8;
}

function linesHeight(column: Column): number {
  return column.lines.length * column.style.lineHeight;
}





