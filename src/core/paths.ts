/**
 * Where the project's files are at run time. Code runs from `src/…` (tests,
 * `npm run dev`) and from the bundle `dist/server.js` (`npm start`), so a path
 * relative to `import.meta.dirname` differs between the two; the project root
 * (the folder with package.json) does not.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

let root: string | undefined;

export function projectRoot(): string {
  if (root) return root;
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  root = dir;
  return dir;
}

/** A path below the project root, e.g. `fromRoot('src/modules/x/assets')`. */
export function fromRoot(...parts: string[]): string {
  return path.join(projectRoot(), ...parts);
}
