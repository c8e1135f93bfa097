/**
 * API keys: machine clients (the JSON export API, Open311 POST) authenticate
 * with a secret key that staff create per municipality. Only a SHA-256 hash of
 * the key is stored, plus its first characters so people can recognise it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table api_keys (
  tenant_id uuid not null references tenants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 100),
  key_prefix text not null check (char_length(key_prefix) between 1 and 16),
  key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null default '{}',
  created_at timestamptz not null default now(),
  created_by_label text not null,
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, key_hash)
);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
