/**
 * Images for the journey's tests (unit and browser): a phone photo with GPS
 * in its EXIF data, written byte by byte as a camera does, and hostile files.
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Degrees as EXIF's three rationals (degrees, minutes, seconds × 1000). */
function rationals(value: number): Buffer {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = Math.floor((abs - degrees) * 60);
  const seconds = Math.round(((abs - degrees) * 60 - minutes) * 60 * 1000);
  const buffer = Buffer.alloc(24);
  [degrees, 1, minutes, 1, seconds, 1000].forEach((n, i) => buffer.writeUInt32BE(n, i * 4));
  return buffer;
}

/** The APP1 segment: "Exif\0\0", a big-endian TIFF header, IFD0 pointing at a GPS IFD. */
export function gpsExifSegment(lat: number, lng: number): { segment: Buffer; latitudeBytes: Buffer } {
  const tiff = Buffer.alloc(140);
  tiff.write('MM', 0, 'ascii');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  // IFD0: one entry, the GPS IFD pointer (0x8825, LONG).
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x8825, 10);
  tiff.writeUInt16BE(4, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18);
  tiff.writeUInt32BE(0, 22);
  // GPS IFD at 26: version, latitude ref/value, longitude ref/value.
  const entries: [number, number, number, (at: number) => void][] = [
    [0x0000, 1, 4, (at) => tiff.set([2, 3, 0, 0], at)],
    [0x0001, 2, 2, (at) => tiff.write(lat >= 0 ? 'N' : 'S', at, 'ascii')],
    [0x0002, 5, 3, (at) => tiff.writeUInt32BE(92, at)],
    [0x0003, 2, 2, (at) => tiff.write(lng >= 0 ? 'E' : 'W', at, 'ascii')],
    [0x0004, 5, 3, (at) => tiff.writeUInt32BE(116, at)],
  ];
  tiff.writeUInt16BE(entries.length, 26);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 28 + i * 12;
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    value(at + 8);
  });
  tiff.writeUInt32BE(0, 28 + entries.length * 12);
  const latitudeBytes = rationals(lat);
  latitudeBytes.copy(tiff, 92);
  rationals(lng).copy(tiff, 116);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return { segment: Buffer.concat([header, payload]), latitudeBytes };
}

/** A JPEG as a phone writes it: the EXIF segment (with GPS) right after the start marker. */
export async function phonePhoto(lat: number, lng: number, colour = '#7a5230'): Promise<{ jpeg: Buffer; latitudeBytes: Buffer }> {
  const plain = await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } }).jpeg({ quality: 80 }).toBuffer();
  const { segment, latitudeBytes } = gpsExifSegment(lat, lng);
  return { jpeg: Buffer.concat([plain.subarray(0, 2), segment, plain.subarray(2)]), latitudeBytes };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A "pixel flood": a tiny PNG whose header claims 30000 × 30000 pixels (2.7 GB decoded). */
export function pixelFloodPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(30_000, 0);
  header.writeUInt32BE(30_000, 4);
  header.writeUInt8(8, 8);
  header.writeUInt8(2, 9);
  const rows = deflateSync(Buffer.alloc(4 * (1 + 30_000 * 3)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', rows), pngChunk('IEND', Buffer.alloc(0))]);
}

export const SVG_WITH_SCRIPT = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>');

export const PDF_NAMED_JPG = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
