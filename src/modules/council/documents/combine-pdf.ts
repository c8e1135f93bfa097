/**
 * One PDF out of several (all documents of a paper or of a meeting): a cover
 * page with a table of contents (each part's title and start page), then the
 * parts' pages, with one bookmark per part. Merged with pdf-lib.
 *
 * The parts' accessibility survives: each tagged part's structure tree is
 * carried over below a Part element of the cover's Document (keys of the
 * parent tree shifted so marked content still finds its element). A part
 * whose structure cannot be carried over keeps its pages, untagged.
 *
 * Parts come from uploads: one that is not a readable PDF (garbage,
 * truncated, encrypted, no pages) is left out and listed on the cover as
 * "nicht verfügbar" — combining never fails because of one bad file.
 */
import type * as PdfLib from 'pdf-lib';
import type { CouncilPdfOptions } from './council-pdf.ts';
import { CouncilLayout } from './layout.ts';

export interface CombinePart {
  title: string;
  content: Buffer;
}

export interface CombineCover {
  title: string;
  lines: string[];
  /** Letterhead of the cover, e.g. "Stadt Musterstadt". */
  issuer?: string;
}

export const UNAVAILABLE = 'nicht verfügbar';

// pdf-lib is loaded on the first combined PDF, not at start (it costs a third of a second of every cold start).
type PDFArray = PdfLib.PDFArray;
type PDFDict = PdfLib.PDFDict;
type PDFDocument = PdfLib.PDFDocument;
type PDFName = PdfLib.PDFName;
type PDFNumber = PdfLib.PDFNumber;
type PDFPage = PdfLib.PDFPage;
type PDFRef = PdfLib.PDFRef;
type PDFObject = PdfLib.PDFObject;
type PDFObjectCopier = PdfLib.PDFObjectCopier;
let PDFArray: typeof PdfLib.PDFArray;
let PDFDict: typeof PdfLib.PDFDict;
let PDFDocument: typeof PdfLib.PDFDocument;
let PDFHexString: typeof PdfLib.PDFHexString;
let PDFName: typeof PdfLib.PDFName;
let PDFNumber: typeof PdfLib.PDFNumber;
let PDFObjectCopier: typeof PdfLib.PDFObjectCopier;
let PDFPage: typeof PdfLib.PDFPage;
let PDFPageLeaf: typeof PdfLib.PDFPageLeaf;
let PDFRef: typeof PdfLib.PDFRef;
let PDFString: typeof PdfLib.PDFString;

async function loadPdfLib(): Promise<void> {
  if (PDFDocument) return;
  ({ PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFPage, PDFPageLeaf, PDFRef, PDFString } = await import('pdf-lib'));
}

interface LoadedPart {
  title: string;
  doc: PDFDocument | null;
}

export async function combinePdfs(parts: CombinePart[], cover: CombineCover, options: CouncilPdfOptions = {}): Promise<Buffer> {
  await loadPdfLib();
  const loaded = await Promise.all(parts.map(async (part): Promise<LoadedPart> => ({ title: part.title, doc: await loadPart(part.content) })));
  const coverBytes = await renderCoverFitting(loaded, cover, options.creationDate ?? new Date());
  const out = await PDFDocument.load(coverBytes, { updateMetadata: false });
  const structure = StructureMerger.from(out);
  const bookmarks: { title: string; page: PDFRef }[] = [];
  for (const part of loaded) {
    if (!part.doc) continue;
    const firstPage = copyPart(out, part.doc, part.title, structure);
    bookmarks.push({ title: part.title, page: firstPage });
  }
  structure?.finish();
  addOutline(out, bookmarks);
  // Without object streams the catalog stays readable to simple tools and old viewers.
  return Buffer.from(await out.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

async function loadPart(content: Buffer): Promise<PDFDocument | null> {
  if (!content.subarray(0, 1024).includes('%PDF-', 0, 'latin1')) return null;
  try {
    // Encrypted files throw here (ignoreEncryption is off): we could not read their content anyway.
    const doc = await PDFDocument.load(content, { updateMetadata: false, throwOnInvalidObject: true });
    return doc.getPageCount() > 0 ? doc : null;
  } catch {
    return null;
  }
}

/** The table of contents needs the cover's own page count; render until the assumed count is the real one. */
async function renderCoverFitting(parts: LoadedPart[], cover: CombineCover, creationDate: Date): Promise<Buffer> {
  let coverPages = 1;
  for (let attempt = 0; ; attempt++) {
    const bytes = await renderCover(parts, cover, coverPages, creationDate);
    const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
    if (pages === coverPages || attempt >= 3) return bytes;
    coverPages = pages;
  }
}

async function renderCover(parts: LoadedPart[], cover: CombineCover, coverPages: number, creationDate: Date): Promise<Buffer> {
  const layout = await CouncilLayout.create({ title: cover.title, author: cover.issuer ?? cover.title, footer: cover.title, creationDate });
  if (cover.issuer) layout.letterhead(cover.issuer);
  layout.title(cover.title);
  for (const line of cover.lines) layout.paragraph(line);
  layout.heading(2, 'Inhalt');
  let next = coverPages + 1;
  const rows = parts.map((part, index) => {
    if (!part.doc) return [String(index + 1), part.title, UNAVAILABLE];
    const start = next;
    next += part.doc.getPageCount();
    return [String(index + 1), part.title, String(start)];
  });
  layout.table(
    [
      { header: 'Nr.', share: 0.1 },
      { header: 'Dokument', share: 0.68 },
      { header: 'Seite', share: 0.22 },
    ],
    rows,
  );
  if (parts.some((part) => !part.doc)) {
    layout.paragraph(`Als „${UNAVAILABLE}“ markierte Dokumente konnten nicht gelesen werden und fehlen in dieser Zusammenstellung. Sie können einzeln abgerufen werden.`);
  }
  return layout.finish();
}

/** Appends all pages of `part` to `out` and carries its structure tree over; returns the first page's reference. */
function copyPart(out: PDFDocument, part: PDFDocument, title: string, structure: StructureMerger | null): PDFRef {
  const copier = PDFObjectCopier.for(part.context, out.context);
  // Copying the pages by reference (not pdf-lib's copyPages) lets the same copier map the
  // structure elements' /Pg references onto the copied pages instead of copying pages twice.
  const pageRefs = part.getPages().map((page) => {
    const ref = copier.copy(page.ref);
    const node = ref instanceof PDFRef ? out.context.lookup(ref) : undefined;
    if (!(ref instanceof PDFRef) || !(node instanceof PDFPageLeaf)) throw new Error('combine: page did not copy');
    out.addPage(PDFPage.of(node, ref, out));
    return ref;
  });
  if (!structure || !structure.carryOver(part, copier, pageRefs, title)) stripStructParents(out, pageRefs);
  const first = pageRefs[0];
  if (!first) throw new Error('combine: part without pages');
  return first;
}

/** Pages whose structure was not carried over must not point into the combined parent tree. */
function stripStructParents(out: PDFDocument, pageRefs: PDFRef[]): void {
  for (const ref of pageRefs) {
    const page = out.context.lookup(ref, PDFDict);
    page.delete(PDFName.of('StructParents'));
    for (const annotation of annotations(out, page)) annotation.delete(PDFName.of('StructParent'));
  }
}

function annotations(out: PDFDocument, page: PDFDict): PDFDict[] {
  const annots = page.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (!annots) return [];
  return annots.asArray().flatMap((entry) => {
    const annotation = out.context.lookup(entry);
    return annotation instanceof PDFDict ? [annotation] : [];
  });
}

/** One entry per part, each opening the part's first page. Viewers show the outline panel on opening. */
function addOutline(out: PDFDocument, bookmarks: { title: string; page: PDFRef }[]): void {
  if (bookmarks.length === 0) return;
  const context = out.context;
  const outlineRef = context.nextRef();
  const refs = bookmarks.map(() => context.nextRef());
  bookmarks.forEach((bookmark, index) => {
    const item = context.obj({});
    item.set(PDFName.of('Title'), PDFHexString.fromText(bookmark.title));
    item.set(PDFName.of('Parent'), outlineRef);
    item.set(PDFName.of('Dest'), context.obj([bookmark.page, PDFName.of('Fit')]));
    const previous = refs[index - 1];
    const next = refs[index + 1];
    if (previous) item.set(PDFName.of('Prev'), previous);
    if (next) item.set(PDFName.of('Next'), next);
    const ref = refs[index];
    if (ref) context.assign(ref, item);
  });
  const outline = context.obj({});
  outline.set(PDFName.of('Type'), PDFName.of('Outlines'));
  const first = refs[0];
  const last = refs.at(-1);
  if (first && last) {
    outline.set(PDFName.of('First'), first);
    outline.set(PDFName.of('Last'), last);
  }
  outline.set(PDFName.of('Count'), PDFNumber.of(refs.length));
  context.assign(outlineRef, outline);
  out.catalog.set(PDFName.of('Outlines'), outlineRef);
  out.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/**
 * Grafts the parts' structure trees into the cover's: the cover's Document
 * element gets one Part element per tagged part (titled, with the part's
 * language), holding the part's top-level elements (a part's own Document
 * wrapper is dissolved). Parent-tree keys of each part are shifted past the
 * keys in use, on its pages, annotations and in the combined parent tree.
 */
class StructureMerger {
  private readonly out: PDFDocument;
  private readonly root: PDFDict;
  private readonly document: PDFDict;
  private readonly documentRef: PDFRef;
  private readonly entries: [number, PDFObject][];
  private nextKey: number;

  private constructor(out: PDFDocument, root: PDFDict, documentRef: PDFRef, document: PDFDict, entries: [number, PDFObject][]) {
    this.out = out;
    this.root = root;
    this.documentRef = documentRef;
    this.document = document;
    this.entries = entries;
    this.nextKey = entries.reduce((max, [key]) => Math.max(max, key + 1), 0);
  }

  /** The merger for a tagged cover (always ours); null if the cover were untagged. */
  static from(out: PDFDocument): StructureMerger | null {
    const root = out.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    const kids = root ? kidsOf(root) : [];
    const documentRef = kids[0];
    if (!root || kids.length !== 1 || !(documentRef instanceof PDFRef)) return null;
    const document = out.context.lookup(documentRef, PDFDict);
    const parentTree = root.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
    return new StructureMerger(out, root, documentRef, document, parentTree ? numberTreeEntries(out, parentTree) : []);
  }

  /** Carries a part's structure over; false (and nothing referenced from the tree) if the part is untagged or unusual. */
  carryOver(part: PDFDocument, copier: PDFObjectCopier, pageRefs: PDFRef[], title: string): boolean {
    const partRoot = part.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    if (!partRoot) return false;
    try {
      const elements = topLevelElements(part, partRoot);
      const partTree = partRoot.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
      const partEntries = partTree ? numberTreeEntries(part, partTree) : [];
      this.mergeRoleMap(part, partRoot, copier);
      const offset = this.nextKey;
      const context = this.out.context;
      const partElementRef = context.nextRef();
      const children = elements.map((ref) => {
        // Without its /P the element does not lead the copier up into the part's whole tree.
        part.context.lookup(ref, PDFDict).delete(PDFName.of('P'));
        const copied = copier.copy(ref) as PDFRef;
        context.lookup(copied, PDFDict).set(PDFName.of('P'), partElementRef);
        return copied;
      });
      const partElement = context.obj({ Type: 'StructElem', S: 'Part', K: children });
      partElement.set(PDFName.of('P'), this.documentRef);
      partElement.set(PDFName.of('T'), PDFHexString.fromText(title));
      const lang = part.catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString);
      if (lang) partElement.set(PDFName.of('Lang'), PDFHexString.fromText(lang.decodeText()));
      context.assign(partElementRef, partElement);
      for (const [key, value] of partEntries) this.entries.push([key + offset, copier.copy(value)]);
      this.shiftKeys(pageRefs, offset);
      this.nextKey = offset + partEntries.reduce((max, [key]) => Math.max(max, key + 1), 0);
      this.documentKids().push(partElementRef);
      return true;
    } catch {
      return false;
    }
  }

  /** Writes the combined parent tree (one flat number tree) and the next free key. */
  finish(): void {
    const nums = this.out.context.obj([]);
    for (const [key, value] of [...this.entries].sort((a, b) => a[0] - b[0])) {
      nums.push(PDFNumber.of(key));
      nums.push(value);
    }
    const tree = this.out.context.obj({});
    tree.set(PDFName.of('Nums'), nums);
    this.root.set(PDFName.of('ParentTree'), this.out.context.register(tree));
    this.root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(this.nextKey));
  }

  private documentKids(): PDFArray {
    const kids = this.document.get(PDFName.of('K'));
    const resolved = kids instanceof PDFRef ? this.out.context.lookup(kids) : kids;
    if (resolved instanceof PDFArray) return resolved;
    const array = this.out.context.obj(kids ? [kids] : []);
    this.document.set(PDFName.of('K'), array);
    return array;
  }

  private shiftKeys(pageRefs: PDFRef[], offset: number): void {
    for (const ref of pageRefs) {
      const page = this.out.context.lookup(ref, PDFDict);
      shiftNumber(page, 'StructParents', offset);
      for (const annotation of annotations(this.out, page)) shiftNumber(annotation, 'StructParent', offset);
    }
  }

  /** Custom structure types of a part keep their meaning; a clash with another meaning makes the part untagged. */
  private mergeRoleMap(part: PDFDocument, partRoot: PDFDict, copier: PDFObjectCopier): void {
    const roles = partRoot.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
    if (!roles) return;
    let target = this.root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
    if (!target) {
      target = this.out.context.obj({});
      this.root.set(PDFName.of('RoleMap'), target);
    }
    for (const [key, value] of roles.entries()) {
      const existing = target.get(key);
      const mapped = part.context.lookup(value);
      if (existing && existing.toString() !== mapped?.toString()) throw new Error('combine: conflicting role maps');
      if (!existing) target.set(key, copier.copy(value));
    }
  }
}

function shiftNumber(dict: PDFDict, key: string, offset: number): void {
  const value = dict.get(PDFName.of(key));
  if (value instanceof PDFNumber) dict.set(PDFName.of(key), PDFNumber.of(value.asNumber() + offset));
}

/** The /K entries of a dictionary as a list (K may be one object or an array). */
function kidsOf(dict: PDFDict): PDFObject[] {
  const kids = dict.get(PDFName.of('K'));
  if (!kids) return [];
  const resolved = kids instanceof PDFRef ? dict.context.lookup(kids) : kids;
  if (resolved instanceof PDFArray) return resolved.asArray();
  return [kids];
}

/** The part's top-level structure elements, with a Document wrapper dissolved; throws on forms we do not carry over. */
function topLevelElements(part: PDFDocument, partRoot: PDFDict): PDFRef[] {
  const refs: PDFRef[] = [];
  for (const kid of kidsOf(partRoot)) {
    if (!(kid instanceof PDFRef)) throw new Error('combine: inline structure element');
    const element = part.context.lookup(kid, PDFDict);
    const type = element.lookupMaybe(PDFName.of('S'), PDFName);
    const children = kidsOf(element);
    if (type === PDFName.of('Document') && children.length > 0 && children.every((child) => child instanceof PDFRef && isStructElement(part, child))) {
      refs.push(...(children as PDFRef[]));
    } else {
      refs.push(kid);
    }
  }
  return refs;
}

function isStructElement(part: PDFDocument, ref: PDFRef): boolean {
  const dict = part.context.lookup(ref);
  return dict instanceof PDFDict && dict.get(PDFName.of('S')) instanceof PDFName;
}

/** All key/value pairs of a number tree (/Nums, and /Kids recursively, depth-limited against cycles). */
function numberTreeEntries(doc: PDFDocument, node: PDFDict, depth = 0): [number, PDFObject][] {
  if (depth > 32) throw new Error('combine: number tree too deep');
  const entries: [number, PDFObject][] = [];
  const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
  if (nums) {
    for (let index = 0; index + 1 < nums.size(); index += 2) {
      const key = nums.lookup(index);
      const value = nums.get(index + 1);
      if (key instanceof PDFNumber && value) entries.push([key.asNumber(), value]);
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (const kid of kids?.asArray() ?? []) {
    const child = doc.context.lookup(kid);
    if (child instanceof PDFDict) entries.push(...numberTreeEntries(doc, child, depth + 1));
  }
  return entries;
}
