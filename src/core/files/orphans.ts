/**
 * The orphan sweep: removes file-store content that no row in `files` points
 * at. Such content is left behind by design — `remove` inside a transaction
 * deletes only the row, and a `put` whose transaction rolls back (or whose
 * process dies) leaves its content — and may hold personal data that
 * retention meant to delete.
 *
 * Content younger than `olderThanMs` is never touched: it may belong to a
 * `put` whose transaction has not committed yet. Only `<uuid>` and
 * `<uuid>.tmp` files in `<uuid>` tenant directories are considered; anything
 * else under the root is not ours to delete.
 */
import type { Dir } from 'node:fs';
import { lstat, opendir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';

/** Longer than any transaction that writes a file stays open. */
export const ORPHAN_MIN_AGE_MS = 60 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;
// One query per this many candidates: memory stays flat however many files a tenant has.
const BATCH_SIZE = 1_000;

export interface SweepResult {
  /** Content files without a row. */
  orphans: number;
  /** Temp files of writes that never finished. */
  temporary: number;
}

export async function sweepOrphans(db: Db, root: string, options: { olderThanMs?: number } = {}): Promise<SweepResult> {
  const cutoff = Date.now() - (options.olderThanMs ?? ORPHAN_MIN_AGE_MS);
  const result: SweepResult = { orphans: 0, temporary: 0 };
  const tenants = await openDirectory(root);
  if (!tenants) return result;
  for await (const entry of tenants) {
    if (entry.isDirectory() && UUID.test(entry.name)) await sweepTenant(db, path.join(root, entry.name), entry.name, cutoff, result);
  }
  return result;
}

async function sweepTenant(db: Db, dir: string, tenantId: string, cutoff: number, result: SweepResult): Promise<void> {
  const entries = await openDirectory(dir);
  if (!entries) return;
  let candidates: string[] = [];
  for await (const entry of entries) {
    if (!entry.isFile()) continue;
    const isTemp = TEMP.test(entry.name);
    if (!isTemp && !UUID.test(entry.name)) continue;
    if (!(await modifiedBefore(path.join(dir, entry.name), cutoff))) continue;
    if (isTemp) {
      if (await removeFile(path.join(dir, entry.name))) result.temporary++;
      continue;
    }
    candidates.push(entry.name);
    if (candidates.length < BATCH_SIZE) continue;
    result.orphans += await removeUnreferenced(db, dir, tenantId, candidates);
    candidates = [];
  }
  if (candidates.length > 0) result.orphans += await removeUnreferenced(db, dir, tenantId, candidates);
}

async function removeUnreferenced(db: Db, dir: string, tenantId: string, keys: string[]): Promise<number> {
  const rows = await db.selectFrom('files').select('storage_key').where('tenant_id', '=', tenantId).where('storage_key', 'in', keys).execute();
  const referenced = new Set(rows.map((row) => row.storage_key));
  let removed = 0;
  for (const key of keys) {
    if (!referenced.has(key) && (await removeFile(path.join(dir, key)))) removed++;
  }
  return removed;
}

/** Null when the directory does not exist (no file stored yet, or removed meanwhile). */
async function openDirectory(dir: string): Promise<Dir | null> {
  try {
    return await opendir(dir);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function modifiedBefore(file: string, cutoff: number): Promise<boolean> {
  try {
    return (await lstat(file)).mtimeMs <= cutoff;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** False when it was already gone. */
async function removeFile(file: string): Promise<boolean> {
  try {
    await rm(file);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
