/**
 * pdfkit, loaded on the first PDF instead of at start: PDF libraries are a
 * large part of what a cold start spends loading, and most requests never
 * render a PDF. `await loadPdfKit()` before `pdfKit()`.
 */
import type PDFKitDocument from 'pdfkit';

let loaded: typeof PDFKitDocument | undefined;

export async function loadPdfKit(): Promise<typeof PDFKitDocument> {
  loaded ??= (await import('pdfkit')).default;
  return loaded;
}

/** The PDFDocument class; only after `loadPdfKit()` resolved. */
export function pdfKit(): typeof PDFKitDocument {
  if (!loaded) throw new Error('pdfkit is not loaded yet: await loadPdfKit() first');
  return loaded;
}
