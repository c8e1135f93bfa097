import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ASSET_DIR, installedVersion, staleAssets } from './sync-assets.ts';

test('the served ALTCHA files are exact copies of the installed package', () => {
  assert.deepEqual(staleAssets(), [], 'run: node src/core/antibot/sync-assets.ts --write');
});

test('the assets README names the installed version', () => {
  const readme = readFileSync(path.join(ASSET_DIR, 'README.md'), 'utf8');
  assert.ok(readme.includes(`\`altcha\` ${installedVersion()}`), `update the version in ${path.relative(process.cwd(), ASSET_DIR)}/README.md`);
});

test('the setup module registers the worker of the algorithm our challenges use', () => {
  const setup = readFileSync(path.join(ASSET_DIR, 'altcha-setup.js'), 'utf8');
  assert.match(setup, /import '\.\/altcha\.min\.js';/);
  assert.match(setup, /'PBKDF2\/SHA-256'/);
  assert.match(setup, /new Worker\(workerUrl\)/);
});
