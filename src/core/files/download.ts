/** Download headers with an RFC 6266 file name; `attachment` unless a viewer is explicitly wanted. */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Types the browser may show inline: they were checked by content and images re-encoded on upload. */
export const INLINE_VIEWABLE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/**
 * Headers for showing a stored file in the browser: the document runs in a
 * sandbox with no scripts, forms or same-origin access, so even a hostile PDF
 * cannot act within our origin. (Chromium's PDF viewer renders under this
 * policy; checked with a screenshot.)
 */
export const INLINE_VIEW_HEADERS = { 'content-security-policy': "sandbox; default-src 'none'; img-src 'self' data:; frame-ancestors 'none'", 'x-content-type-options': 'nosniff' } as const;
