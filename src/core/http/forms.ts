/**
 * Reading multipart forms (forms with a file field). The body is parsed here,
 * in the handler, so the CSRF token inside it is verified here too.
 * Files are buffered up to the configured size limit; an over-long file is
 * reported per field instead of failing the whole request, so the citizen
 * keeps everything else they typed.
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Translate } from '../i18n/i18n.ts';
import { checkUpload, type CheckedUpload, type UploadKind } from '../files/uploads.ts';
import { parseForm, type FieldError } from './validation.ts';

/** Largest accepted upload; the multipart parser stops reading a file beyond it. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface UploadedPart {
  field: string;
  filename: string;
  buffer: Buffer;
  truncated: boolean;
}

/** Field values; a name sent several times (a group of checkboxes) keeps all its values in order. */
export type FormFields = Record<string, string | string[]>;

function addField(fields: FormFields, name: string, value: string): void {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

export type MultipartResult =
  | { ok: true; fields: FormFields; files: UploadedPart[]; tooManyFiles: boolean }
  | { ok: false; reason: 'csrf' | 'malformed' };

export async function readForm(request: FastifyRequest, maxFiles: number): Promise<MultipartResult> {
  const fields: FormFields = {};
  const files: UploadedPart[] = [];
  let tooManyFiles = false;
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') addField(fields, key, value);
      else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') addField(fields, key, item);
    }
    return { ok: true, fields, files, tooManyFiles };
  }
  // The file being read when the parser gives up on its size: reported as too large, not as a broken form.
  let pending: { field: string; filename: string } | null = null;
  try {
    for await (const part of request.parts()) {
      pending = null;
      if (part.type === 'file') {
        if (files.length >= maxFiles) {
          // Drain without buffering: beyond the limit nothing is kept, but the form still renders with a message.
          part.file.resume();
          if (part.filename) tooManyFiles = true;
          continue;
        }
        pending = { field: part.fieldname, filename: part.filename };
        const buffer = await part.toBuffer().catch((error: { code?: string }) => {
          if (error.code === 'FST_REQ_FILE_TOO_LARGE') return null;
          throw error;
        });
        // An empty file input is sent as a part with an empty name and no content: not an upload.
        if (!part.filename && (!buffer || buffer.length === 0)) continue;
        files.push({ field: part.fieldname, filename: part.filename, buffer: buffer ?? Buffer.alloc(0), truncated: buffer === null || part.file.truncated });
        pending = null;
      } else if (typeof part.value === 'string') {
        addField(fields, part.fieldname, part.value);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw error;
    // The parser also raises the size error once more after the part: the file is then already listed as truncated.
    if (code === 'FST_REQ_FILE_TOO_LARGE' && (pending || files.some((f) => f.truncated))) {
      if (pending) files.push({ ...pending, buffer: Buffer.alloc(0), truncated: true });
    } else {
      request.log.info({ code }, 'malformed multipart body');
      return { ok: false, reason: 'malformed' };
    }
  }
  const token = fields._csrf;
  if (!request.server.csrf.isValid(request, Array.isArray(token) ? token[0] : token)) return { ok: false, reason: 'csrf' };
  return { ok: true, fields, files, tooManyFiles };
}

/** Checks one uploaded part (content type, size, re-encoding) and turns a problem into a field error. */
export async function validateUpload(
  t: Translate,
  field: string,
  part: UploadedPart | undefined,
  options: { allowed?: readonly UploadKind[]; maxBytes?: number } = {},
): Promise<{ file?: CheckedUpload; error?: FieldError }> {
  if (!part) return {};
  const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  const max = Math.round(maxBytes / 1024 / 1024);
  if (part.truncated) return { error: { field, message: t('validation.file.tooLarge', { max }) } };
  const checked = await checkUpload(part.buffer, part.filename, { allowed: options.allowed ?? ['pdf', 'jpeg', 'png'], maxBytes });
  if (checked.ok) return { file: checked.file };
  const key = { empty: 'validation.file.empty', 'too-large': 'validation.file.tooLarge', 'type-not-allowed': 'validation.file.type', unreadable: 'validation.file.unreadable' }[checked.problem];
  return { error: { field, message: t(key, { max }) } };
}

export type UploadFormResult<T> =
  | { ok: false; reason: 'csrf' }
  | { ok: false; reason: 'invalid'; errors: FieldError[]; values: Record<string, string>; hadValidFile: boolean }
  | { ok: true; data: T; files: CheckedUpload[]; values: Record<string, string> };

/** The first value of each field, for forms that have no repeated names. */
function firstValues(fields: FormFields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
}

/**
 * Reads a form that may carry files (multipart or urlencoded), verifies CSRF,
 * validates the fields with the schema and every file by content. Field and
 * file problems are reported together, so one round trip shows them all.
 */
export async function readUploadForm<S extends z.ZodType>(
  request: FastifyRequest,
  schema: S,
  options: { fileField?: string; maxFiles?: number; allowed?: readonly UploadKind[] } = {},
): Promise<UploadFormResult<z.infer<S>>> {
  const fileField = options.fileField ?? 'attachment';
  const maxFiles = options.maxFiles ?? 1;
  const t = request.t;
  const form = await readForm(request, maxFiles);
  if (!form.ok) {
    if (form.reason === 'csrf') return { ok: false, reason: 'csrf' };
    return { ok: false, reason: 'invalid', errors: [{ field: fileField, message: t('validation.form') }], values: {}, hadValidFile: false };
  }
  const values = firstValues(form.fields);
  const parsed = parseForm(schema, values, t);
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
  const files: CheckedUpload[] = [];
  for (const part of form.files.filter((f) => f.field === fileField)) {
    const checked = await validateUpload(t, fileField, part, options.allowed ? { allowed: options.allowed } : {});
    if (checked.file) files.push(checked.file);
    if (checked.error && !errors.some((e) => e.field === fileField)) errors.push(checked.error);
  }
  if (form.tooManyFiles) errors.push({ field: fileField, message: t('validation.file.tooMany', { max: maxFiles }) });
  if (!parsed.ok || errors.length) return { ok: false, reason: 'invalid', errors, values, hadValidFile: files.length > 0 };
  return { ok: true, data: parsed.data, files, values };
}
