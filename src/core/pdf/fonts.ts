/**
 * The document fonts: KERN's Noto Sans, unpacked once per process from WOFF
 * into plain TrueType. fontkit can read WOFF1 itself, but it inflates a table
 * with a JavaScript inflater on every access — about two seconds for one
 * receipt; node:zlib does it once in milliseconds. (WOFF2 crashes fontkit.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const SOURCES = {
  regular: '@kern-ux/native/dist/fonts/noto-sans/NotoSans-Regular.woff',
  bold: '@kern-ux/native/dist/fonts/noto-sans/NotoSans-Bold.woff',
};
export type FontWeight = keyof typeof SOURCES;

const cache = new Map<FontWeight, Buffer>();

/** TrueType bytes of Noto Sans in the given weight. */
export function notoSans(weight: FontWeight): Buffer {
  let font = cache.get(weight);
  if (!font) {
    font = woffToSfnt(readFileSync(require.resolve(SOURCES[weight])));
    cache.set(weight, font);
  }
  return font;
}

interface Table {
  tag: number;
  checksum: number;
  data: Buffer;
}

/** Rebuilds the original sfnt (TrueType/OpenType) file from a WOFF 1.0 file (W3C WOFF spec, section 5). */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('fonts: not a WOFF 1.0 file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('fonts: corrupt WOFF table');
    tables.push({ tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data });
  }
  return writeSfnt(flavor, tables);
}

function writeSfnt(flavor: number, tables: Table[]): Buffer {
  const padded = (length: number): number => (length + 3) & ~3;
  const headerLength = 12 + tables.length * 16;
  const out = Buffer.alloc(headerLength + tables.reduce((sum, table) => sum + padded(table.data.length), 0));
  const entrySelector = Math.floor(Math.log2(tables.length));
  const searchRange = 2 ** entrySelector * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(tables.length, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(tables.length * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach((table, index) => {
    const record = 12 + index * 16;
    out.writeUInt32BE(table.tag, record);
    out.writeUInt32BE(table.checksum, record + 4);
    out.writeUInt32BE(offset, record + 8);
    out.writeUInt32BE(table.data.length, record + 12);
    table.data.copy(out, offset);
    offset += padded(table.data.length);
  });
  return out;
}
