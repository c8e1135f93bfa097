/**
 * Upload checks. The declared type and file name are never trusted: the type
 * is read from the content (magic bytes), images are decoded and re-encoded
 * (which drops EXIF/GPS and anything hidden after the image data), and PDFs
 * with active content are refused.
 */
import { fileTypeFromBuffer } from 'file-type';
import { loadSharp } from './sharp.ts';

export type UploadKind = 'pdf' | 'jpeg' | 'png';

const MIME: Record<UploadKind, string> = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' };
const EXTENSION: Record<UploadKind, string> = { pdf: 'pdf', jpeg: 'jpg', png: 'png' };

export type UploadProblem = 'empty' | 'too-large' | 'type-not-allowed' | 'unreadable';

export interface CheckedUpload {
  buffer: Buffer;
  mimeType: string;
  filename: string;
}

/** Keeps a readable, safe file name: letters, digits, umlauts, dot, dash, underscore. */
export function safeFilename(name: string, extension: string): string {
  const base = name
    .replace(/\.[^.]*$/, '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${base || 'datei'}.${extension}`;
}

const ACTIVE_PDF_CONTENT = /\/(JavaScript|JS|Launch|EmbeddedFile|OpenAction\s*<<[^>]*\/JS)\b/;

export async function checkUpload(
  buffer: Buffer,
  originalName: string,
  options: { allowed: readonly UploadKind[]; maxBytes: number },
): Promise<{ ok: true; file: CheckedUpload } | { ok: false; problem: UploadProblem }> {
  if (buffer.length === 0) return { ok: false, problem: 'empty' };
  if (buffer.length > options.maxBytes) return { ok: false, problem: 'too-large' };
  const detected = await fileTypeFromBuffer(buffer);
  const kind = (Object.keys(MIME) as UploadKind[]).find((k) => MIME[k] === detected?.mime);
  if (!kind || !options.allowed.includes(kind)) return { ok: false, problem: 'type-not-allowed' };
  const filename = safeFilename(originalName, EXTENSION[kind]);
  if (kind === 'pdf') {
    if (ACTIVE_PDF_CONTENT.test(buffer.toString('latin1'))) return { ok: false, problem: 'type-not-allowed' };
    if (!buffer.subarray(-1024).toString('latin1').includes('%%EOF')) return { ok: false, problem: 'unreadable' };
    return { ok: true, file: { buffer, mimeType: MIME.pdf, filename } };
  }
  try {
    // limitInputPixels guards against decompression bombs; rotate() applies the EXIF orientation before it is dropped.
    const image = (await loadSharp())(buffer, { limitInputPixels: 40_000_000, failOn: 'error' }).rotate();
    const reencoded = kind === 'jpeg' ? await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer() : await image.png().toBuffer();
    return { ok: true, file: { buffer: reencoded, mimeType: MIME[kind], filename } };
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
}

export type PhotoProblem = UploadProblem;

export interface CheckedPhoto extends CheckedUpload {
  width: number;
  height: number;
}

/** Longest side of a stored photo: enough to see a pothole, small enough for a phone on mobile data. */
export const PHOTO_MAX_SIDE = 2048;

/**
 * A photo for publication (e.g. a Mängelmeldung): JPEG, PNG or WebP by
 * content, decoded strictly (a truncated file is refused, not half shown),
 * turned upright by its EXIF orientation, scaled down to PHOTO_MAX_SIDE and
 * re-encoded as JPEG without any metadata: no EXIF, no GPS, no camera serial,
 * nothing hidden after the image data. The original bytes are never kept.
 */
export async function checkPhoto(buffer: Buffer, originalName: string, options: { maxBytes: number }): Promise<{ ok: true; photo: CheckedPhoto } | { ok: false; problem: PhotoProblem }> {
  if (buffer.length === 0) return { ok: false, problem: 'empty' };
  if (buffer.length > options.maxBytes) return { ok: false, problem: 'too-large' };
  const detected = await fileTypeFromBuffer(buffer);
  if (!detected || !['image/jpeg', 'image/png', 'image/webp'].includes(detected.mime)) return { ok: false, problem: 'type-not-allowed' };
  try {
    const { data, info } = await (await loadSharp())(buffer, { limitInputPixels: 40_000_000, failOn: 'truncated' })
      .rotate()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, photo: { buffer: data, mimeType: 'image/jpeg', filename: safeFilename(originalName, 'jpg'), width: info.width, height: info.height } };
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
}
