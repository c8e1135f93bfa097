/**
 * The ALTCHA widget files we serve are copies from node_modules (they must be
 * same-origin static files for our CSP). This keeps the copies honest: the
 * test beside this file fails when they differ from the installed package,
 * so an upgrade cannot leave stale files behind.
 *
 * Usage: node src/core/antibot/sync-assets.ts [--write]
 *   without --write: lists differing files and exits 1 if there are any
 *   --write: copies the files from node_modules
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
export const ASSET_DIR = path.join(root, 'src/core/ui/assets/altcha');
const PACKAGE_DIR = path.join(root, 'node_modules/altcha');

/** Served file name -> path inside the altcha package. */
export const VENDORED_FILES: Readonly<Record<string, string>> = {
  'altcha.min.js': 'dist/external/altcha.min.js',
  'altcha.css': 'dist/external/altcha.css',
  'pbkdf2.js': 'dist/workers/pbkdf2.js',
  'LICENSE.txt': 'LICENSE.txt',
};

/** Files whose copy is missing or differs from the installed package. */
export function staleAssets(): string[] {
  return Object.entries(VENDORED_FILES)
    .filter(([copy, source]) => {
      const copyPath = path.join(ASSET_DIR, copy);
      return !existsSync(copyPath) || !readFileSync(copyPath).equals(readFileSync(path.join(PACKAGE_DIR, source)));
    })
    .map(([copy]) => copy);
}

export function installedVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

function main(): number {
  const stale = staleAssets();
  if (process.argv.includes('--write')) {
    for (const copy of stale) copyFileSync(path.join(PACKAGE_DIR, VENDORED_FILES[copy] as string), path.join(ASSET_DIR, copy));
    console.log(stale.length ? `copied from altcha ${installedVersion()}: ${stale.join(', ')}` : 'altcha assets are up to date');
    return 0;
  }
  if (stale.length === 0) return 0;
  console.error(`altcha assets differ from node_modules/altcha ${installedVersion()}: ${stale.join(', ')}\nrun: node src/core/antibot/sync-assets.ts --write`);
  return 1;
}

if (import.meta.main) process.exitCode = main();
