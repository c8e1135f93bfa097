/**
 * Reads the upload of a bank statement. A CAMT.053 file is XML, which the
 * shared upload check (core/files/uploads.ts: PDF and images, re-encoded)
 * rightly refuses, and a month's statement can exceed the shared 10 MB
 * limit; so this reader takes one file of up to 20 MB as raw bytes and
 * leaves the content checks to the CAMT parser. The CSRF token travels in
 * the multipart body (the form puts it before the file) and is checked here,
 * as core/http/forms.ts does for other uploads.
 */
import type { FastifyRequest } from 'fastify';

export type StatementUpload =
  | { ok: true; filename: string; bytes: Buffer }
  | { ok: false; reason: 'csrf' | 'malformed' | 'missing' | 'empty' | 'too-large' };

export async function readStatementUpload(request: FastifyRequest, field: string, maxBytes: number): Promise<StatementUpload> {
  // A urlencoded post has passed the app's CSRF check already; it just carries no file.
  if (!request.isMultipart()) return { ok: false, reason: 'missing' };
  const fields = new Map<string, string>();
  let file: { filename: string; bytes: Buffer } | null = null;
  let tooLarge = false;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 12 } })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !fields.has(part.fieldname)) fields.set(part.fieldname, part.value);
        continue;
      }
      if (part.fieldname !== field) {
        part.file.resume();
        continue;
      }
      const bytes = await part.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') return null;
        throw error;
      });
      if (bytes === null || part.file.truncated) tooLarge = true;
      else if (part.filename || bytes.length > 0) file = { filename: part.filename, bytes };
    }
  } catch (error) {
    // The parser repeats the size error after the part; anything else means a broken body.
    if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE' || !tooLarge) {
      request.log.info({ code: (error as { code?: string }).code }, 'malformed bank statement upload');
      return { ok: false, reason: 'malformed' };
    }
  }
  if (!request.server.csrf.isValid(request, fields.get('_csrf'))) return { ok: false, reason: 'csrf' };
  if (tooLarge) return { ok: false, reason: 'too-large' };
  if (!file) return { ok: false, reason: 'missing' };
  if (file.bytes.length === 0) return { ok: false, reason: 'empty' };
  return { ok: true, ...file };
}
