/** Runs the ordered migrations; a lock in PostgreSQL keeps two instances from migrating at once. */
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../../migrations/index.ts';
import type { Db } from './database.ts';

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export const latestMigration = Object.keys(migrations).sort().at(-1) ?? '';
