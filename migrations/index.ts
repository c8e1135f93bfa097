/**
 * The ordered list of migrations. Listed statically (not read from disk) so the
 * production bundle carries them. Append only; never edit a landed migration.
 */
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_core.ts';
import * as m0002 from './0002_contact.ts';

export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_contact': m0002,
};
