import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import type { Tx } from '../db/database.ts';
import { createFileStore, type FileStore, type StoredFile } from './file-store.ts';

let database: TestDatabase;
let tenantId: string;
let root: string;
let files: FileStore;

before(async () => {
  database = await createTestDatabase();
  tenantId = (await database.db.selectFrom('tenants').select('id').orderBy('slug').limit(1).executeTakeFirstOrThrow()).id;
  root = mkdtempSync(path.join(os.tmpdir(), 'rathaus-files-'));
  files = createFileStore(root);
});

after(async () => {
  await database.drop();
  rmSync(root, { recursive: true, force: true });
});

const TWO_HOURS_AGO = new Date(Date.now() - 2 * 60 * 60_000);

class Rollback extends Error {}

/** Runs `fn` in a transaction that is then rolled back. */
async function rolledBack(fn: (tx: Tx) => Promise<void>): Promise<void> {
  await assert.rejects(
    database.db.transaction().execute(async (tx) => {
      await fn(tx);
      throw new Rollback();
    }),
    Rollback,
  );
}

async function store(text: string): Promise<StoredFile> {
  return files.put(database.db, tenantId, { buffer: Buffer.from(text), filename: 'a.txt', mimeType: 'text/plain' });
}

async function contentPath(fileId: string): Promise<string> {
  const row = await database.db.selectFrom('files').select('storage_key').where('tenant_id', '=', tenantId).where('id', '=', fileId).executeTakeFirstOrThrow();
  return path.join(root, tenantId, row.storage_key);
}

test('a removal inside a transaction that rolls back leaves row and content readable', async () => {
  const file = await store('keep me');
  const location = await contentPath(file.id);
  await rolledBack(async (tx) => {
    await files.remove(tx, tenantId, file.id);
    assert.equal(await files.read(tx, tenantId, file.id), null, 'the row is gone inside the transaction');
  });
  assert.ok(existsSync(location), 'the content is still on disk');
  const read = await files.read(database.db, tenantId, file.id);
  assert.equal(read?.content.toString(), 'keep me');
  utimesSync(location, TWO_HOURS_AGO, TWO_HOURS_AGO);
  await files.sweepOrphans(database.db);
  assert.equal((await files.read(database.db, tenantId, file.id))?.content.toString(), 'keep me', 'the sweep leaves content that has a row');
});

test('a removal inside a committed transaction leaves the content to the sweep', async () => {
  const file = await store('delete me later');
  const location = await contentPath(file.id);
  await database.db.transaction().execute((tx) => files.remove(tx, tenantId, file.id));
  assert.equal(await files.read(database.db, tenantId, file.id), null, 'the row is gone');
  assert.ok(existsSync(location), 'the content waits for the sweep');
  utimesSync(location, TWO_HOURS_AGO, TWO_HOURS_AGO);
  const result = await files.sweepOrphans(database.db);
  assert.equal(existsSync(location), false, 'the sweep deleted the content');
  assert.ok(result.orphans >= 1);
});

test('a removal outside a transaction deletes the content at once', async () => {
  const file = await store('delete me now');
  const location = await contentPath(file.id);
  await files.remove(database.db, tenantId, file.id);
  assert.equal(await files.read(database.db, tenantId, file.id), null);
  assert.equal(existsSync(location), false);
});

test('removing a file that does not exist does nothing', async () => {
  await files.remove(database.db, tenantId, crypto.randomUUID());
  await database.db.transaction().execute((tx) => files.remove(tx, tenantId, crypto.randomUUID()));
});
