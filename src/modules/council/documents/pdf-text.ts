/**
 * The text of a PDF, for full-text search and OParl's File.text: poppler's
 * pdftotext (the PDF arrives on stdin, so no temporary file). The page count
 * comes from its page breaks, or from pdfinfo when the output had to be cut:
 * one process per file instead of two, since the demo seed alone extracts
 * ~300 PDFs. PDFs come from uploads, so every run is bounded: 20 s, then the
 * tool is killed; at most 8 MB of output is read; the text is capped at
 * 1,000,000 characters (PostgreSQL's tsvector would not take more anyway).
 */
import { spawn } from 'node:child_process';

export type PdfTextResult = { ok: true; text: string; pages: number } | { ok: false; reason: 'not-pdf' | 'encrypted' | 'failed' | 'timeout' };

export const PDF_TEXT_LIMITS = {
  timeoutMs: 20_000,
  maxOutputBytes: 8 * 1024 * 1024,
  maxTextChars: 1_000_000,
};

const PDFTOTEXT = '/usr/bin/pdftotext';
const PDFINFO = '/usr/bin/pdfinfo';
/** pdfinfo prints a few dozen lines; more is not a PDF's info. */
const INFO_OUTPUT_BYTES = 64 * 1024;

export async function extractPdfText(buffer: Buffer, limits = PDF_TEXT_LIMITS): Promise<PdfTextResult> {
  if (!looksLikePdf(buffer)) return { ok: false, reason: 'not-pdf' };
  const text = await runTool(PDFTOTEXT, ['-enc', 'UTF-8', '-', '-'], buffer, limits.timeoutMs, limits.maxOutputBytes);
  const failure = failureOf(text);
  if (failure) return failure;
  // pdftotext ends every page with a form feed, so a complete output counts its own pages; pdfinfo only when the output was cut.
  let pages = text.truncated ? 0 : (text.stdout.match(/\f/g) ?? []).length;
  if (pages === 0) {
    const info = await runTool(PDFINFO, ['-'], buffer, limits.timeoutMs, INFO_OUTPUT_BYTES);
    const infoFailure = failureOf(info);
    if (infoFailure) return infoFailure;
    pages = Number(/^Pages:\s+(\d+)\s*$/m.exec(info.stdout)?.[1]);
  }
  if (!Number.isInteger(pages) || pages < 1) return { ok: false, reason: 'failed' };
  return { ok: true, text: normalizeText(text.stdout, limits.maxTextChars), pages };
}

function failureOf(run: ToolRun): PdfTextResult | null {
  if (run.outcome === 'timeout') return { ok: false, reason: 'timeout' };
  if (run.outcome === 'failed') return { ok: false, reason: isPasswordProblem(run) ? 'encrypted' : 'failed' };
  return null;
}

/** A PDF header must appear within the first 1024 bytes (what readers accept). */
function looksLikePdf(buffer: Buffer): boolean {
  return buffer.subarray(0, 1024).includes('%PDF-', 0, 'latin1');
}

/** Poppler says "Incorrect password" for a PDF it cannot decrypt; exit code 3 is its permission error. */
function isPasswordProblem(run: ToolRun): boolean {
  return run.code === 3 || /password|encrypt/i.test(run.stderr);
}

/**
 * Whitespace as a search index and a reader want it: page breaks (form
 * feeds) and runs of blanks collapse, lines keep their breaks, at most one
 * empty line between paragraphs. NUL and other control characters go
 * (PostgreSQL text cannot hold NUL).
 */
export function normalizeText(raw: string, maxChars = PDF_TEXT_LIMITS.maxTextChars): string {
  const text = raw
    .replace(/\r\n?|\f/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/[ \t\u00A0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text.length <= maxChars) return text;
  // Never cut a character in half (a surrogate pair).
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return text.slice(0, cut);
}

interface ToolRun {
  outcome: 'ok' | 'failed' | 'timeout';
  code: number | null;
  stdout: string;
  stderr: string;
  /** The output reached the byte cap and the tool was stopped. */
  truncated: boolean;
}

function runTool(command: string, args: string[], input: Buffer, timeoutMs: number, maxOutputBytes: number): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let timedOut = false;
    let settled = false;
    const finish = (run: ToolRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = maxOutputBytes - size;
      stdout.push(chunk.subarray(0, room));
      size += Math.min(chunk.length, room);
      // Enough text for the cap: stop the tool instead of reading the rest.
      if (chunk.length >= room) {
        truncated = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.reduce((sum, part) => sum + part.length, 0) < 64 * 1024) stderr.push(chunk);
    });
    // The tool may exit before reading all of stdin (a broken file): that EPIPE is not our error.
    child.stdin.on('error', () => undefined);
    child.on('error', () => finish({ outcome: 'failed', code: null, stdout: '', stderr: 'could not start', truncated: false }));
    child.on('close', (code) => {
      const text = Buffer.concat(stdout).toString('utf8');
      const errors = Buffer.concat(stderr).toString('utf8');
      if (timedOut) finish({ outcome: 'timeout', code, stdout: '', stderr: errors, truncated });
      else if (truncated || code === 0) finish({ outcome: 'ok', code, stdout: text, stderr: errors, truncated });
      else finish({ outcome: 'failed', code, stdout: '', stderr: errors, truncated });
    });
    child.stdin.end(input);
  });
}
