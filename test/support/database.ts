/**
 * Per-test-file databases: a fresh clone of the migrated, seeded template that
 * `npm test` prepared (scripts/test.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, withDatabase, type DatabaseHandle } from '../../src/core/db/database.ts';

export const TEMPLATE_DB = 'rathaus_template';

export function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests with `npm test`');
  return url;
}

export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new database cloned from the template, dropped again by `drop()`. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(options.empty ? `create database ${name}` : `create database ${name} template ${TEMPLATE_DB}`));
  const url = withDatabase(adminUrl(), name);
  const handle = connectDatabase(url);
  return {
    ...handle,
    url,
    name,
    drop: async () => {
      await handle.close();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
