/**
 * The file store: content on local disk under `<root>/<tenant_id>/<key>`,
 * metadata in the `files` table.
 *
 * A committed row never points at missing content: `put` writes the content
 * (temp file + rename) before it inserts the row, and `remove` inside a
 * transaction deletes only the row, so a rollback brings back a row whose
 * content is still there. Content without a row — from a removal that
 * committed, a `put` whose transaction rolled back, or a process that died
 * mid-write — is deleted by the orphan sweep (orphans.ts, every half hour,
 * for content older than an hour): within about an hour and a half. This
 * holds as long as no transaction that writes a file stays open for an hour.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db, Executor } from '../db/database.ts';
import { sweepOrphans } from './orphans.ts';

export interface StoredFile {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
}

export function createFileStore(root: string) {
  const location = (tenantId: string, key: string): string => {
    if (!/^[0-9a-f-]{36}$/.test(tenantId) || !/^[0-9a-f-]{36}$/.test(key)) throw new Error('invalid file location');
    return path.join(root, tenantId, key);
  };

  async function put(executor: Executor, tenantId: string, file: { buffer: Buffer; filename: string; mimeType: string }): Promise<StoredFile> {
    const key = randomUUID();
    const target = location(tenantId, key);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(`${target}.tmp`, file.buffer, { mode: 0o600 });
    await rename(`${target}.tmp`, target);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const row = await executor
      .insertInto('files')
      .values({ tenant_id: tenantId, storage_key: key, filename: file.filename, mime_type: file.mimeType, size: file.buffer.length, sha256 })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    return { id: row.id, filename: file.filename, mimeType: file.mimeType, size: file.buffer.length, sha256 };
  }

  async function read(executor: Executor, tenantId: string, fileId: string): Promise<(StoredFile & { content: Buffer }) | null> {
    const row = await executor.selectFrom('files').selectAll().where('tenant_id', '=', tenantId).where('id', '=', fileId).executeTakeFirst();
    if (!row) return null;
    const content = await readFile(location(tenantId, row.storage_key));
    return { id: row.id, filename: row.filename, mimeType: row.mime_type, size: row.size, sha256: row.sha256, content };
  }

  /**
   * Deletes the row, and the content at once when `executor` is not a
   * transaction. Inside one the content stays for the sweep: the transaction
   * may still roll back and bring the row back.
   */
  async function remove(executor: Executor, tenantId: string, fileId: string): Promise<void> {
    const row = await executor.deleteFrom('files').where('tenant_id', '=', tenantId).where('id', '=', fileId).returning('storage_key').executeTakeFirst();
    if (row && !executor.isTransaction) await rm(location(tenantId, row.storage_key), { force: true });
  }

  return { root, put, read, remove, sweepOrphans: (db: Db, options: { olderThanMs?: number } = {}) => sweepOrphans(db, root, options) };
}

export type FileStore = ReturnType<typeof createFileStore>;
