/**
 * The file sweep (src/core/files/orphans.ts) asks, for each batch of content
 * on disk, which storage keys still have a row: an index lookup per key
 * instead of a scan of the tenant's files. A storage key is a random UUID
 * written once, so it is also unique per tenant.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index files_storage_key on files (tenant_id, storage_key)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
