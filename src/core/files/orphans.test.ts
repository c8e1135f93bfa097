import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createFileStore, type FileStore } from './file-store.ts';
import { ORPHAN_MIN_AGE_MS } from './orphans.ts';

let database: TestDatabase;
let tenantId: string;
let otherTenantId: string;
let root: string;
let files: FileStore;

before(async () => {
  database = await createTestDatabase();
  const tenants = await database.db.selectFrom('tenants').select('id').orderBy('slug').limit(2).execute();
  assert.equal(tenants.length, 2, 'the template has two tenants');
  [tenantId, otherTenantId] = tenants.map((t) => t.id) as [string, string];
});

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'rathaus-orphans-'));
  files = createFileStore(root);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

after(async () => {
  await database.drop();
});

const hoursAgo = (hours: number): Date => new Date(Date.now() - hours * 60 * 60_000);

function age(location: string, hours: number): void {
  utimesSync(location, hoursAgo(hours), hoursAgo(hours));
}

/** Content the store wrote inside a transaction that rolled back: a file without a row. */
async function orphanFromRolledBackPut(): Promise<string> {
  let location = '';
  await assert.rejects(
    database.db.transaction().execute(async (tx) => {
      const file = await files.put(tx, tenantId, { buffer: Buffer.from('personal data'), filename: 'a.txt', mimeType: 'text/plain' });
      const row = await tx.selectFrom('files').select('storage_key').where('tenant_id', '=', tenantId).where('id', '=', file.id).executeTakeFirstOrThrow();
      location = path.join(root, tenantId, row.storage_key);
      throw new Error('rollback');
    }),
    /rollback/,
  );
  assert.ok(existsSync(location), 'the rolled-back put left its content behind');
  return location;
}

test('content of a rolled-back put survives the sweep while fresh and is deleted once older than an hour', async () => {
  const location = await orphanFromRolledBackPut();
  assert.deepEqual(await files.sweepOrphans(database.db), { orphans: 0, temporary: 0 });
  assert.ok(existsSync(location), 'fresh content may belong to a transaction that is still open');
  utimesSync(location, new Date(Date.now() - ORPHAN_MIN_AGE_MS + 60_000), new Date(Date.now() - ORPHAN_MIN_AGE_MS + 60_000));
  await files.sweepOrphans(database.db);
  assert.ok(existsSync(location), '59 minutes is not old enough');
  age(location, 1.1);
  assert.deepEqual(await files.sweepOrphans(database.db), { orphans: 1, temporary: 0 });
  assert.equal(existsSync(location), false);
});

test('content with a row is never swept, however old', async () => {
  const file = await files.put(database.db, tenantId, { buffer: Buffer.from('kept'), filename: 'a.txt', mimeType: 'text/plain' });
  const [location] = readdirSync(path.join(root, tenantId)).map((name) => path.join(root, tenantId, name));
  assert.ok(location);
  age(location, 24 * 365);
  assert.deepEqual(await files.sweepOrphans(database.db, { olderThanMs: 0 }), { orphans: 0, temporary: 0 });
  assert.equal((await files.read(database.db, tenantId, file.id))?.content.toString(), 'kept');
});

test('a row of another tenant does not keep content: rows count only for their own tenant', async () => {
  const key = crypto.randomUUID();
  await database.db.insertInto('files').values({ tenant_id: otherTenantId, storage_key: key, filename: 'a.txt', mime_type: 'text/plain', size: 1, sha256: 'x' }).execute();
  mkdirSync(path.join(root, tenantId));
  const location = path.join(root, tenantId, key);
  writeFileSync(location, 'x');
  age(location, 2);
  assert.deepEqual(await files.sweepOrphans(database.db), { orphans: 1, temporary: 0 });
  assert.equal(existsSync(location), false);
});

test('stale temp files go; fresh ones stay', async () => {
  mkdirSync(path.join(root, tenantId));
  const stale = path.join(root, tenantId, `${crypto.randomUUID()}.tmp`);
  const fresh = path.join(root, tenantId, `${crypto.randomUUID()}.tmp`);
  writeFileSync(stale, 'half written');
  writeFileSync(fresh, 'being written');
  age(stale, 2);
  assert.deepEqual(await files.sweepOrphans(database.db), { orphans: 0, temporary: 1 });
  assert.equal(existsSync(stale), false);
  assert.ok(existsSync(fresh));
});

test('anything that is not <uuid> or <uuid>.tmp in a <uuid> tenant directory is left alone', async () => {
  const tenantDir = path.join(root, tenantId);
  const orphanKey = crypto.randomUUID();
  const strangers = [
    path.join(root, 'README'),
    path.join(root, 'not-a-tenant', crypto.randomUUID()),
    path.join(root, '.restore-abc', tenantId, crypto.randomUUID()),
    path.join(root, crypto.randomUUID().toUpperCase(), crypto.randomUUID()),
    path.join(tenantDir, 'notes.txt'),
    path.join(tenantDir, `${crypto.randomUUID()}.bak`),
    path.join(tenantDir, crypto.randomUUID().toUpperCase()),
    path.join(tenantDir, crypto.randomUUID(), crypto.randomUUID()),
  ];
  for (const file of strangers) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'not ours');
    age(file, 48);
  }
  const target = path.join(root, 'elsewhere');
  writeFileSync(target, 'linked');
  symlinkSync(target, path.join(tenantDir, crypto.randomUUID()));
  const orphan = path.join(tenantDir, orphanKey);
  writeFileSync(orphan, 'orphan');
  age(orphan, 48);

  assert.deepEqual(await files.sweepOrphans(database.db), { orphans: 1, temporary: 0 });
  assert.equal(existsSync(orphan), false, 'the orphan next to them went');
  for (const file of strangers) assert.ok(existsSync(file), `${path.relative(root, file)} is still there`);
  assert.ok(existsSync(target), 'the symlink target is untouched');
});

test('a root that does not exist yet is nothing to sweep', async () => {
  const missing = createFileStore(path.join(root, 'missing'));
  assert.deepEqual(await missing.sweepOrphans(database.db), { orphans: 0, temporary: 0 });
});

test('many files are checked in batches: only those without a row go', async () => {
  const tenantDir = path.join(root, tenantId);
  mkdirSync(tenantDir);
  const keys = Array.from({ length: 2_500 }, () => crypto.randomUUID());
  const referenced = new Set(keys.filter((_, i) => i % 7 === 0));
  for (const key of keys) {
    writeFileSync(path.join(tenantDir, key), key);
    age(path.join(tenantDir, key), 2);
  }
  await database.db
    .insertInto('files')
    .values([...referenced].map((key) => ({ tenant_id: tenantId, storage_key: key, filename: 'a.txt', mime_type: 'text/plain', size: 36, sha256: 'x' })))
    .execute();

  const result = await files.sweepOrphans(database.db);
  assert.deepEqual(result, { orphans: keys.length - referenced.size, temporary: 0 });
  assert.deepEqual(new Set(readdirSync(tenantDir)), referenced);
});
