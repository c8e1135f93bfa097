/**
 * Blacking out parts of a photo (faces, number plates). Rectangles come in
 * percent of the image's width and height, so the form works the same for
 * any displayed size and without JavaScript. The result is a new JPEG
 * without metadata; the caller replaces the stored file with it.
 */
import { loadSharp } from '../../../core/files/sharp.ts';

/** A rectangle in percent of the image: left, top, width, height (0–100). */
export interface Rectangle {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Rows of rectangle fields the form offers (blank rows are ignored). */
export const RECTANGLE_ROWS = 6;

export type RectangleProblem = { row: number; field: 'x' | 'y' | 'w' | 'h'; messageKey: string };

const PERCENT = /^\d{1,3}([.,]\d{1,3})?$/;

/**
 * Reads rows `x1,y1,w1,h1 … xN,…` of the form. A row with all four fields
 * empty is skipped; a partly filled or out-of-range row is a problem.
 */
export function parseRectangles(values: Record<string, string | undefined>, rows = RECTANGLE_ROWS): { rectangles: Rectangle[]; problems: RectangleProblem[] } {
  const rectangles: Rectangle[] = [];
  const problems: RectangleProblem[] = [];
  for (let row = 1; row <= rows; row++) {
    const raw = { x: values[`x${row}`]?.trim() ?? '', y: values[`y${row}`]?.trim() ?? '', w: values[`w${row}`]?.trim() ?? '', h: values[`h${row}`]?.trim() ?? '' };
    if (Object.values(raw).every((v) => v === '')) continue;
    const parsed: Partial<Rectangle> = {};
    let rowOk = true;
    for (const field of ['x', 'y', 'w', 'h'] as const) {
      const text = raw[field];
      const n = PERCENT.test(text) ? Number(text.replace(',', '.')) : Number.NaN;
      const max = 100;
      const min = field === 'w' || field === 'h' ? 0.1 : 0;
      if (!Number.isFinite(n) || n < min || n > max) {
        problems.push({ row, field, messageKey: text === '' ? 'reportsStaff.redact.error.missing' : 'reportsStaff.redact.error.range' });
        rowOk = false;
        break;
      }
      parsed[field] = n;
    }
    if (!rowOk) continue;
    const r = parsed as Rectangle;
    // A rectangle reaching over the edge is cut at the edge rather than refused.
    rectangles.push({ x: r.x, y: r.y, w: Math.min(r.w, 100 - r.x), h: Math.min(r.h, 100 - r.y) });
  }
  return { rectangles: rectangles.filter((r) => r.w > 0 && r.h > 0), problems };
}

/** Pixel box of a percent rectangle, rounded outwards so the whole area is covered. */
function pixelBox(r: Rectangle, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const left = Math.max(0, Math.floor((r.x / 100) * width));
  const top = Math.max(0, Math.floor((r.y / 100) * height));
  const right = Math.min(width, Math.ceil(((r.x + r.w) / 100) * width));
  const bottom = Math.min(height, Math.ceil(((r.y + r.h) / 100) * height));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** Burns black rectangles into the image; a new JPEG without metadata, or null when the image cannot be read. */
export async function burnRectangles(buffer: Buffer, rectangles: readonly Rectangle[]): Promise<{ buffer: Buffer; width: number; height: number } | null> {
  try {
    const image = (await loadSharp())(buffer, { failOn: 'truncated', limitInputPixels: 40_000_000 });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) return null;
    const { width, height } = meta;
    const layers = rectangles.map((r) => {
      const box = pixelBox(r, width, height);
      return { input: { create: { width: box.width, height: box.height, channels: 3 as const, background: '#000000' } }, left: box.left, top: box.top };
    });
    const out = await image.composite(layers).flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    return { buffer: out.data, width: out.info.width, height: out.info.height };
  } catch {
    return null;
  }
}
