/**
 * Production bundle: our own code in one ESM file (fast cold start, no
 * TypeScript compiler at runtime); packages stay external and load from
 * node_modules.
 */
import { build } from 'esbuild';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();
await build({
  entryPoints: { server: path.join(root, 'src/server.ts'), cli: path.join(root, 'src/cli.ts') },
  outdir: path.join(root, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: '@kitajs/html',
  sourcemap: true,
  logLevel: 'warning',
  // Bundled code lives in dist/, one level below the root like src/, so import.meta.dirname-relative paths still hold.
  define: {},
});
console.log(`built dist/ in ${Date.now() - started} ms`);
