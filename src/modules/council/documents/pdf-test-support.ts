/**
 * Test helpers: poppler reads generated PDFs back the way a viewer and a
 * screen reader would (CI installs poppler-utils; scripts/test.ts does too).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

for (const tool of ['pdftotext', 'pdfinfo']) {
  if (!existsSync(`/usr/bin/${tool}`)) throw new Error(`council PDF tests need /usr/bin/${tool}: apt-get install -y poppler-utils`);
}

/** Runs a poppler tool on a PDF given on stdin and insists it complained about nothing. */
export function poppler(tool: 'pdftotext' | 'pdfinfo', args: string[], pdf: Buffer): string {
  const result = spawnSync(`/usr/bin/${tool}`, args, { input: pdf, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, `${tool} failed: ${result.stderr.toString()}`);
  assert.equal(result.stderr.toString(), '', `${tool} reported problems`);
  return result.stdout.toString('utf8');
}

/** The text a screen reader gets: the structure tree's content, artifacts excluded. */
export function structureText(pdf: Buffer): string {
  return squash(
    poppler('pdfinfo', ['-struct-text', '-'], pdf)
      .split('\n')
      .filter((line) => line.trim().startsWith('"'))
      .map((line) => line.trim().slice(1, -1))
      .join(' '),
  );
}

/** Structure element types in document order (`pdfinfo -struct`), e.g. ['Document', 'P', 'H1', …]. */
export function structureTypes(pdf: Buffer): string[] {
  return poppler('pdfinfo', ['-struct', '-'], pdf)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[A-Z][A-Za-z0-9]*\b/.test(line))
    .map((line) => line.replace(/[: ].*$/, ''));
}

export const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Asserts that the strings occur in `text` in the given order. */
export function assertInOrder(text: string, parts: string[]): void {
  let position = 0;
  for (const part of parts) {
    const found = text.indexOf(part, position);
    assert.ok(found >= 0, `"${part}" missing or out of order`);
    position = found + part.length;
  }
}

/** The marks of a tagged, accessible PDF as pdfkit writes them. */
export function assertTagged(pdf: Buffer): void {
  const raw = pdf.toString('latin1');
  assert.match(raw, /\/StructTreeRoot \d+ 0 R/);
  assert.match(raw, /\/Lang \(de-DE\)/);
  assert.match(raw, /\/Marked true/);
  assert.match(raw, /\/DisplayDocTitle true/);
  assert.match(poppler('pdfinfo', ['-'], pdf), /Tagged:\s+yes/);
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
  assert.doesNotMatch(raw, /\/BaseFont \/(Helvetica|Times|Courier)/);
}
