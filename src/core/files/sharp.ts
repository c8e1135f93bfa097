/**
 * sharp (image decoding and re-encoding), loaded on the first image instead
 * of at start: it is one of the heaviest packages a cold start would load,
 * and only uploads and thumbnails need it.
 */
import type Sharp from 'sharp';

let loaded: typeof Sharp | undefined;

export async function loadSharp(): Promise<typeof Sharp> {
  loaded ??= (await import('sharp')).default;
  return loaded;
}
