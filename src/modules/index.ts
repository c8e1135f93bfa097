/**
 * Every capability of Rathaus. Adding one = adding its folder and one line here.
 */
import type { RathausModule } from '../core/module.ts';
import { siteModule } from './site/module.ts';
import { operationsModule } from './operations/module.ts';

export const modules: readonly RathausModule[] = [operationsModule, siteModule];
