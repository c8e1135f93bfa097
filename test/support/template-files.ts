/**
 * The demo documents (council PDFs) of the seeded template database live in a
 * file store that `npm test` fills once (scripts/test.ts). Every test app gets
 * its own DATA_DIR; it receives those files as hard links (copies across file
 * systems), so a database cloned from the template never points at missing
 * files, and a test that removes a file cannot touch the template's.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const TEMPLATE_FILES_ENV = 'TEST_TEMPLATE_FILES';

function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const source = path.join(from, entry);
    const target = path.join(to, entry);
    if (statSync(source).isDirectory()) linkTree(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/** Gives a test's DATA_DIR the template's file store (`<dataDir>/files`). */
export function provideTemplateFiles(dataDir: string): void {
  const from = process.env[TEMPLATE_FILES_ENV];
  if (!from || !existsSync(from)) return;
  linkTree(from, path.join(dataDir, 'files'));
}
