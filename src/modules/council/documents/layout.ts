/**
 * The page layout shared by the council's documents (Vorlagen, Einladungen,
 * Niederschriften and the cover of combined PDFs): letterhead, H1 title, a
 * shaded box of key facts, headings, paragraphs and tables, with a running
 * header and footer, page numbers and an optional stamp such as
 * "nicht öffentlich" on every page.
 *
 * It follows the rules of core/pdf/pdf.ts (tagged PDF/UA, Noto Sans embedded
 * as a subset, every painted thing either tagged content or an artifact, text
 * wrapped line by line so a long cell continues on the next page), but core's
 * renderer only knows label/value forms; council documents are running text
 * and agenda tables, so the blocks differ. The text helpers at the end repeat
 * core's private ones (wrapping, control-character stripping, XMP escaping).
 *
 * Council documents are official German documents (Amtssprache Deutsch),
 * so their fixed wording is German only.
 */
import { createRequire } from 'node:module';
import { loadPdfKit, pdfKit } from '../../../core/pdf/pdfkit.ts';
import { notoSans, type FontWeight } from '../../../core/pdf/fonts.ts';
import { collect, fitLine, oneLine, plain, wrapText, type DocumentOptions, type PdfDoc, type StructElement, type StructOptions } from '../../../core/pdf/text.ts';

export { plain, oneLine };

export interface LayoutMeta {
  /** Document title: PDF metadata, H1 is written separately. */
  title: string;
  author: string;
  subject?: string;
  /** Left part of the running footer on every page (e.g. "Drucksache 2026/014"). */
  footer?: string;
  /** Stamped in the top right corner of every page (e.g. "nicht öffentlich"). */
  stamp?: string;
  creationDate: Date;
}

export interface TableColumn {
  header: string;
  /** Share of the content width; the shares of a table add up to 1. */
  share: number;
  weight?: FontWeight;
}

export interface FactRow {
  label: string;
  value: string;
}

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
  stamp: '#9b1c1c',
};

interface TextStyle {
  weight: FontWeight;
  size: number;
  color: string;
  lineHeight: number;
}

const STYLE = {
  issuer: { weight: 'bold', size: 15, color: COLOR.accent, lineHeight: 19 },
  issuerDetail: { weight: 'regular', size: 9, color: COLOR.muted, lineHeight: 12 },
  title: { weight: 'bold', size: 16, color: COLOR.text, lineHeight: 21 },
  h2: { weight: 'bold', size: 12, color: COLOR.accent, lineHeight: 16 },
  h3: { weight: 'bold', size: 10.5, color: COLOR.text, lineHeight: 14.5 },
  label: { weight: 'bold', size: 9.5, color: COLOR.muted, lineHeight: 14 },
  value: { weight: 'regular', size: 10, color: COLOR.text, lineHeight: 14 },
  body: { weight: 'regular', size: 10, color: COLOR.text, lineHeight: 14.5 },
  tableHeader: { weight: 'bold', size: 9, color: COLOR.muted, lineHeight: 13 },
  cell: { weight: 'regular', size: 10, color: COLOR.text, lineHeight: 14 },
  furniture: { weight: 'regular', size: 8, color: COLOR.muted, lineHeight: 11 },
  stamp: { weight: 'bold', size: 9, color: COLOR.stamp, lineHeight: 12 },
} satisfies Record<string, TextStyle>;

/** How a non-public item or document is marked: the stamp, and the stand-in for a withheld name. */
export const NON_PUBLIC = 'nicht öffentlich';

const LABEL_WIDTH = Math.round(CONTENT_WIDTH * 0.3);
const COLUMN_GAP = 12;


/** One column of a block drawn line by line; several columns flow side by side. */
interface Column {
  lines: string[];
  style: TextStyle;
  x: number;
  width: number;
  type: string;
  element: StructElement;
}

export class CouncilLayout {
  private y = PAGE.top;
  private readonly doc: PdfDoc;
  private readonly meta: LayoutMeta;
  private readonly root: StructElement;
  private readonly parents: StructElement[] = [];
  private readonly done: Promise<Buffer>;

  /** A new document (loads pdfkit on first use). */
  static async create(meta: LayoutMeta): Promise<CouncilLayout> {
    await loadPdfKit();
    return new CouncilLayout(meta);
  }

  private constructor(meta: LayoutMeta) {
    this.meta = meta;
    this.doc = createDocument(meta);
    this.done = collect(this.doc);
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.parents.push(this.root);
  }

  /** Issuer name (and an optional line beside it, e.g. the reference), then a rule. */
  letterhead(issuer: string, detail?: string): void {
    this.y = 46;
    const nameWidth = detail ? CONTENT_WIDTH * 0.6 : CONTENT_WIDTH;
    const columns = [this.column('P', plain(issuer), STYLE.issuer, PAGE.left, nameWidth)];
    if (detail) {
      const width = CONTENT_WIDTH * 0.37;
      columns.push(this.column('P', plain(detail), STYLE.issuerDetail, PAGE.left + CONTENT_WIDTH - width, width));
    }
    this.flow(columns, 4, 8);
    this.artifact('Layout', () => this.rule(this.y, 1.5, COLOR.accent));
  }

  title(text: string): void {
    this.y += 20;
    this.flow([this.column('H1', plain(text), STYLE.title, PAGE.left, CONTENT_WIDTH)], 0, 0);
  }

  /** Key facts as a two-column table in a shaded box (the box is drawn when it fits on the page). */
  facts(rows: FactRow[]): void {
    if (rows.length === 0) return;
    this.y += 14;
    const inset = 10;
    const table = this.open('Table');
    const prepared = rows.map((row) => this.factColumns(table, row, inset));
    const height = prepared.reduce((sum, columns) => sum + Math.max(...columns.map(linesHeight)) + 3, 2 * inset);
    if (this.y + height <= MAX_Y) {
      this.artifact('Layout', () => {
        this.doc.rect(PAGE.left, this.y, CONTENT_WIDTH, height).fill(COLOR.box);
        this.doc.rect(PAGE.left, this.y, 3, height).fill(COLOR.accent);
      });
    }
    this.y += inset;
    for (const columns of prepared) this.flow(columns, 1, 2);
    this.y += inset;
    this.close(table);
  }

  /** Label/value rows without a box, separated by thin rules (e.g. result and resolution of an agenda item). */
  rows(rows: FactRow[]): void {
    if (rows.length === 0) return;
    this.y += 4;
    const table = this.open('Table');
    for (const row of rows) {
      this.flow(this.factColumns(table, row, 0), 4, 4);
      this.artifact('Layout', () => this.rule(this.y, 0.5, COLOR.rule));
    }
    this.close(table);
  }

  /** A heading kept together with the first lines after it. */
  heading(level: 2 | 3, text: string): void {
    const style = level === 2 ? STYLE.h2 : STYLE.h3;
    this.y += level === 2 ? 18 : 12;
    const column = this.column(`H${level}`, plain(text), style, PAGE.left, CONTENT_WIDTH);
    this.ensureSpace(linesHeight(column) + 6 + 2 * STYLE.body.lineHeight);
    this.flow([column], 0, 3);
    if (level === 2) this.artifact('Layout', () => this.rule(this.y, 0.75, COLOR.accent));
  }

  paragraph(text: string): void {
    this.y += 7;
    this.flow([this.column('P', plain(text), STYLE.body, PAGE.left, CONTENT_WIDTH)], 0, 0);
  }

  /**
   * A table with a header row (TH, scope Column) and one TR of TDs per row; a
   * tall row continues on the next page. Compact rows suit long lists (who attended).
   */
  table(columns: TableColumn[], rows: string[][], options: { compact?: boolean } = {}): void {
    const padding = options.compact ? 1.5 : 4;
    this.y += 6;
    const table = this.open('Table');
    const header = this.doc.struct('TR');
    table.add(header);
    this.flow(this.rowColumns(header, columns, columns.map((column) => column.header), 'TH'), 3, 3);
    this.artifact('Layout', () => this.rule(this.y, 0.75, COLOR.muted));
    for (const cells of rows) {
      const tr = this.doc.struct('TR');
      table.add(tr);
      this.flow(this.rowColumns(tr, columns, cells, 'TD'), padding, padding);
      this.artifact('Layout', () => this.rule(this.y, 0.5, COLOR.rule));
    }
    this.close(table);
  }

  /** Groups what `write` adds in one Sect structure element. */
  section(write: () => void): void {
    const element = this.open('Sect');
    write();
    this.close(element);
  }

  /** Vertical space in points. */
  space(points: number): void {
    this.y += points;
  }

  finish(): Promise<Buffer> {
    this.root.end();
    this.pageFurniture();
    this.doc.end();
    return this.done;
  }

  private factColumns(table: StructElement, row: FactRow, inset: number): Column[] {
    const tr = this.doc.struct('TR');
    table.add(tr);
    return [
      this.column('TH', plain(row.label), STYLE.label, PAGE.left + inset, LABEL_WIDTH - COLUMN_GAP - inset, tr, { scope: 'Row' }),
      this.column('TD', plain(row.value), STYLE.value, PAGE.left + LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH - inset, tr),
    ];
  }

  private rowColumns(tr: StructElement, columns: TableColumn[], cells: string[], type: 'TH' | 'TD'): Column[] {
    let x = PAGE.left;
    return columns.map((column, index) => {
      const width = CONTENT_WIDTH * column.share;
      const style = type === 'TH' ? STYLE.tableHeader : { ...STYLE.cell, weight: column.weight ?? STYLE.cell.weight };
      const options: StructOptions = type === 'TH' ? { scope: 'Column' } : {};
      const cell = this.column(type, plain(cells[index] ?? ''), style, x, width - COLUMN_GAP, tr, options);
      x += width;
      return cell;
    });
  }

  private open(type: string): StructElement {
    const element = this.doc.struct(type);
    this.parent().add(element);
    this.parents.push(element);
    return element;
  }

  private close(element: StructElement): void {
    if (this.parents.pop() !== element) throw new Error('council layout: structure elements closed out of order');
    element.end();
  }

  private parent(): StructElement {
    return this.parents.at(-1) ?? this.root;
  }

  /** Creates the structure element for one column and wraps its text to the column width. */
  private column(type: string, text: string, style: TextStyle, x: number, width: number, parent = this.parent(), options: StructOptions = {}): Column {
    const element = this.doc.struct(type, options);
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
    for (;;) {
      const space = MAX_Y - this.y - paddingTop - paddingBottom;
      let used = 0;
      columns.forEach((column, index) => {
        const start = drawn[index] ?? 0;
        const count = Math.max(0, Math.min(column.lines.length - start, Math.floor(space / column.style.lineHeight)));
        if (count > 0) this.drawContent(column, column.lines.slice(start, start + count), this.y + paddingTop);
        drawn[index] = start + count;
        used = Math.max(used, count * column.style.lineHeight);
      });
      this.y += paddingTop + used + paddingBottom;
      if (columns.every((column, index) => (drawn[index] ?? 0) >= column.lines.length)) break;
      this.newPage();
    }
    for (const column of columns) column.element.end();
  }

  private drawContent(column: Column, lines: string[], top: number): void {
    if (lines.every((line) => line.trim() === '')) return;
    const content = this.doc.markStructureContent(column.type);
    this.drawLines(column, lines, top);
    this.doc.endMarkedContent();
    column.element.add(content);
  }

  private drawLines(column: Column, lines: string[], top: number): void {
    const doc = this.doc;
    this.useStyle(column.style);
    const offset = (column.style.lineHeight - doc.currentLineHeight()) / 2;
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      // Keep one trailing space where the line broke at a space, so text extraction and screen readers see separate words.
      doc.text(line.replace(/\s+$/, ' '), column.x, top + index * column.style.lineHeight + offset, { lineBreak: false });
    });
  }

  private ensureSpace(height: number): void {
    if (this.y + height > MAX_Y) this.newPage();
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Running header (from page 2), footer with page x of y, and the stamp: pagination artifacts. */
  private pageFurniture(): void {
    const { start, count } = this.doc.bufferedPageRange();
    for (let index = 0; index < count; index++) {
      this.doc.switchToPage(start + index);
      this.artifact('Pagination', () => {
        if (index > 0) this.runningHeader();
        this.runningFooter(index + 1, count);
        if (this.meta.stamp) this.stamp(this.meta.stamp);
      });
    }
  }

  private runningHeader(): void {
    this.useStyle(STYLE.furniture);
    const author = fitLine(this.doc, oneLine(this.meta.author), CONTENT_WIDTH * 0.4);
    const title = fitLine(this.doc, oneLine(this.meta.title), CONTENT_WIDTH * 0.56);
    this.doc.text(author, PAGE.left, 40, { lineBreak: false });
    this.doc.text(title, PAGE.left + CONTENT_WIDTH - this.doc.widthOfString(title), 40, { lineBreak: false });
    this.rule(54, 0.5, COLOR.rule);
  }

  private runningFooter(page: number, pages: number): void {
    const y = PAGE.height - PAGE.bottom + 26;
    this.rule(y - 8, 0.5, COLOR.rule);
    this.useStyle(STYLE.furniture);
    if (this.meta.footer) this.doc.text(fitLine(this.doc, oneLine(this.meta.footer), CONTENT_WIDTH * 0.6), PAGE.left, y, { lineBreak: false });
    const pageOf = `Seite ${page} von ${pages}`;
    this.doc.text(pageOf, PAGE.left + CONTENT_WIDTH - this.doc.widthOfString(pageOf), y, { lineBreak: false });
  }

  /** A framed stamp in the top margin, right-aligned, above the running header. */
  private stamp(text: string): void {
    this.useStyle(STYLE.stamp);
    const label = fitLine(this.doc, oneLine(text).toUpperCase(), CONTENT_WIDTH * 0.5);
    const width = this.doc.widthOfString(label);
    const x = PAGE.left + CONTENT_WIDTH - width;
    this.doc.rect(x - 5, 17, width + 10, 16).lineWidth(1).strokeColor(COLOR.stamp).stroke();
    this.doc.text(label, x, 19.5, { lineBreak: false });
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
}

function createDocument(meta: LayoutMeta): PdfDoc {
  const options: DocumentOptions = {
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    lang: 'de-DE',
    displayTitle: true,
    bufferPages: true,
    font: null,
    info: {
      Title: oneLine(meta.title),
      Author: oneLine(meta.author),
      Subject: oneLine(meta.subject ?? meta.title),
      Creator: 'Rathaus',
      CreationDate: meta.creationDate,
    },
  };
  const PDFDocument = pdfKit();
  const doc = new PDFDocument(options as PDFKit.PDFDocumentOptions);
  for (const weight of ['regular', 'bold'] as const) doc.registerFont(weight, fontFace(weight));
  escapeXmpInfo(doc);
  return doc;
}

/** The parts of a fontkit font we use; pdfkit takes such an object wherever it takes font bytes. */
interface FontFace {
  layout: (text: string) => unknown;
  characterSet: number[];
  glyphForCodePoint: (codePoint: number) => unknown;
}

// Required on the first document, not at start (like pdfkit itself: core/pdf/pdfkit.ts).
let fontkit: { create: (buffer: Buffer) => FontFace } | undefined;
const loadFontkit = () => (fontkit ??= createRequire(import.meta.url)('fontkit') as { create: (buffer: Buffer) => FontFace });
const faces = new Map<FontWeight, FontFace>();

/**
 * Noto Sans parsed once per process. Given bytes, pdfkit parses the font
 * again for every document (about 55 ms, most of a council document's render
 * time); given the parsed font (PDFFontFactory.open accepts any object with
 * `layout`), it only subsets it.
 *
 * The parsed font caches one glyph object per glyph id, with the characters
 * it was first looked up for, and pdfkit builds the ToUnicode map (what text
 * extraction and search read) from those. A glyph first reached as the
 * component of a composite (the A inside Ä) would be cached without
 * characters and stay unsearchable in every later document; so every glyph
 * of the character map is looked up by its character first, once — except
 * the ligatures' presentation forms (U+FB00–FB4F): ligature glyphs must keep
 * the letters the layout made them from ("ff", not "ﬀ"), or "öffentlich"
 * would not be found.
 */
function fontFace(weight: FontWeight): PDFKit.Mixins.PDFFontSource {
  let face = faces.get(weight);
  if (!face) {
    face = loadFontkit().create(notoSans(weight));
    for (const codePoint of face.characterSet) {
      if (codePoint < 0xfb00 || codePoint > 0xfb4f) face.glyphForCodePoint(codePoint);
    }
    faces.set(weight, face);
  }
  return face as unknown as PDFKit.Mixins.PDFFontSource;
}

/**
 * pdfkit copies Title/Author/Subject into the XMP metadata without XML
 * escaping (see core/pdf/pdf.ts); escaping in the subset hook fixes the XMP
 * without touching the Info strings, which are already written then.
 */
function escapeXmpInfo(doc: PdfDoc): void {
  const endSubset = doc.endSubset.bind(doc);
  doc.endSubset = () => {
    const info = doc.info;
    for (const key of ['Title', 'Author', 'Subject', 'Creator', 'Keywords'] as const) {
      const value = info[key];
      if (typeof value === 'string') info[key] = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    }
    endSubset();
  };
}




function linesHeight(column: Column): number {
  return column.lines.length * column.style.lineHeight;
}





