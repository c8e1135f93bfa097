/**
 * Consistent online backup and restore without pg_dump (the embedded server
 * ships none): every table of schema `public` is copied from one snapshot in
 * COPY text format, together with the file store content the snapshot
 * references, into one `.tar.gz`. Restore rebuilds the schema with the app's
 * own migrations and loads data, schema and files all-or-nothing.
 *
 * Archive layout, in this order:
 *   manifest.json            format, versions, migrations, per-table columns/rows/sha256
 *   tables/<name>.copy       COPY text format, tables in foreign-key dependency order
 *   files/<tenant>/<key>     file store content
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import tar from 'tar-stream';
import { z } from 'zod';
import { migrations } from '../../../migrations/index.ts';

export interface BackupSummary {
  tables: number;
  rows: number;
  files: number;
  /** Uncompressed payload: table data plus file content. */
  bytes: number;
  migrations: string[];
}

export class BackupError extends Error {
  override name = 'BackupError';
}

type Progress = (message: string) => void;

const FORMAT = 'rathaus-backup';
const FORMAT_VERSION = 1;
const MANIFEST_ENTRY = 'manifest.json';
const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;
const FILE_PROGRESS_EVERY = 100;
/** Ephemeral state that must not come back after a restore. */
const SKIPPED_TABLES = new Set(['schema_migrations_lock', 'rate_limits']);
const MIGRATION_TABLE = 'schema_migrations';

/*
 * COPY text output depends on these settings (dates, intervals, floats,
 * bytea); fixing them on both sides makes an archive load identically on any
 * server from PostgreSQL 15 on, whatever its configuration.
 */
const SESSION_SETTINGS = [
  "set client_encoding = 'UTF8'",
  "set datestyle = 'ISO, YMD'",
  "set timezone = 'UTC'",
  "set intervalstyle = 'postgres'",
  'set extra_float_digits = 1',
  "set bytea_output = 'hex'",
  // Backups of large installations run for a long time; the app's own timeouts do not apply.
  'set statement_timeout = 0',
  'set idle_in_transaction_session_timeout = 0',
];

const TABLE_NAME = /^[a-z_][a-z0-9_$]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Keys become path segments on restore: nothing that could climb out of filesDir.
const STORAGE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

const tableManifestSchema = z.object({
  name: z.string().regex(TABLE_NAME),
  columns: z.array(z.string().min(1)).min(1),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  created_at: z.string(),
  server_version: z.string(),
  copy_format: z.literal('text'),
  migrations: z.array(z.string()),
  tables: z.array(tableManifestSchema),
  files: z.object({
    count: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    /** Rows whose content was deleted between the snapshot and the file copy. */
    missing: z.array(z.object({ tenant_id: z.string(), storage_key: z.string() })),
  }),
});

type Manifest = z.infer<typeof manifestSchema>;
type TableManifest = z.infer<typeof tableManifestSchema>;

interface FileRef {
  tenant_id: string;
  storage_key: string;
  sha256: string;
  size: number;
}

const quote = (name: string): string => pg.escapeIdentifier(name);
const columnList = (columns: string[]): string => columns.map(quote).join(', ');
const fileEntryName = (f: { tenant_id: string; storage_key: string }): string => `files/${f.tenant_id}/${f.storage_key}`;
const tableEntryName = (table: string): string => `tables/${table}.copy`;

function assertSafeFileRef(f: { tenant_id: string; storage_key: string }): void {
  if (!UUID.test(f.tenant_id) || !STORAGE_KEY.test(f.storage_key)) {
    throw new BackupError(`The files table has a row with an unusable location: ${JSON.stringify(fileEntryName(f))}.`);
  }
}

async function connect(databaseUrl: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: applicationName });
  // A connection error surfaces through the pending query; without a listener it would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(`Cannot connect to the database: ${errorMessage(error)}`, { cause: error });
  }
  for (const statement of SESSION_SETTINGS) await client.query(statement);
  return client;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A pass-through that hashes and counts what flows through it. */
function digestStream(): { stream: Transform; sha256: () => string; bytes: () => number } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex'), bytes: () => bytes };
}

async function fileSha256(file: string): Promise<string> {
  const digest = digestStream();
  await pipeline(createReadStream(file), digest.stream, new PassThrough().resume());
  return digest.sha256();
}

// ---------------------------------------------------------------- catalog

interface TableInfo {
  name: string;
  columns: string[];
}

/** Base tables of `public` with their storable columns (generated columns are recomputed, not copied). */
async function listTables(client: pg.Client): Promise<TableInfo[]> {
  const result = await client.query<{ name: string; columns: string[] }>(`
    select c.relname as name,
           array_agg(a.attname::text order by a.attnum) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where n.nspname = 'public' and c.relkind = 'r'
     group by c.relname`);
  return result.rows;
}

/**
 * Parents before children, so a restore never needs to defer or disable
 * foreign keys. Self-references are fine within one COPY (checks run at
 * statement end); tables in a cycle keep name order and rely on deferrable constraints.
 */
async function dependencyOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const edges = await client.query<{ child: string; parent: string }>(`
    select distinct child.relname as child, parent.relname as parent
      from pg_constraint con
      join pg_class child on child.oid = con.conrelid
      join pg_class parent on parent.oid = con.confrelid
      join pg_namespace cn on cn.oid = child.relnamespace
      join pg_namespace pn on pn.oid = parent.relnamespace
     where con.contype = 'f' and cn.nspname = 'public' and pn.nspname = 'public'`);
  const wanted = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges.rows) {
    if (child !== parent && wanted.has(parent)) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const remaining = new Set([...tables].sort());
  while (remaining.size > 0) {
    const ready = [...remaining].filter((t) => [...(parents.get(t) ?? [])].every((p) => !remaining.has(p)));
    const next = ready.length > 0 ? ready : [...remaining].slice(0, 1);
    for (const t of next) {
      ordered.push(t);
      remaining.delete(t);
    }
  }
  return ordered;
}

// ---------------------------------------------------------------- backup

interface SpooledTable extends TableManifest {
  spoolFile: string;
}

export async function createBackup(opts: {
  databaseUrl: string;
  filesDir: string;
  outFile: string;
  onProgress?: (message: string) => void;
}): Promise<BackupSummary> {
  const progress: Progress = opts.onProgress ?? (() => {});
  const outFile = path.resolve(opts.outFile);
  const partial = `${outFile}.partial`;
  await mkdir(path.dirname(outFile), { recursive: true });
  // Table data is spooled beside the target: the manifest (first entry) needs every checksum, tar needs sizes up front.
  const spoolDir = await mkdtemp(`${outFile}.spool-`);
  try {
    const summary = await backupInto(opts.databaseUrl, opts.filesDir, partial, spoolDir, progress);
    await syncFile(partial);
    await rename(partial, outFile);
    await syncFile(path.dirname(outFile));
    progress(`Backup complete: ${summary.tables} tables, ${summary.rows} rows, ${summary.files} files → ${outFile}`);
    return summary;
  } catch (error) {
    await rm(partial, { force: true });
    throw asBackupError(error, 'Backup failed');
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
}

async function backupInto(databaseUrl: string, filesDir: string, partial: string, spoolDir: string, progress: Progress): Promise<BackupSummary> {
  const client = await connect(databaseUrl, 'rathaus-backup');
  try {
    const snapshot = await readSnapshot(client, spoolDir, progress);
    const files = await checkFiles(client, filesDir, snapshot.fileListFile, progress);
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      created_at: new Date().toISOString(),
      server_version: snapshot.serverVersion,
      copy_format: 'text',
      migrations: snapshot.migrations,
      tables: snapshot.tables.map(({ spoolFile: _spool, ...table }) => table),
      files: { count: files.count, bytes: files.bytes, missing: files.missing },
    };
    await writeArchive(partial, manifest, snapshot.tables, filesDir, snapshot.fileListFile, files.missingKeys, progress);
    return summarise(manifest.tables, manifest.migrations, files.count, files.bytes);
  } finally {
    await client.end().catch(() => {});
  }
}

function summarise(tables: TableManifest[], migrationNames: string[], files: number, fileBytes: number): BackupSummary {
  return {
    tables: tables.length,
    rows: tables.reduce((sum, t) => sum + t.rows, 0),
    files,
    bytes: tables.reduce((sum, t) => sum + t.bytes, 0) + fileBytes,
    migrations: migrationNames,
  };
}

function asBackupError(error: unknown, prefix: string): BackupError {
  if (error instanceof BackupError) return error;
  return new BackupError(`${prefix}: ${errorMessage(error)}`, { cause: error });
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Everything that must come from one point in time: table data and the list of referenced files. */
async function readSnapshot(client: pg.Client, spoolDir: string, progress: Progress) {
  await client.query('begin isolation level repeatable read read only');
  try {
    const serverVersion = (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?';
    const all = (await listTables(client)).filter((t) => !SKIPPED_TABLES.has(t.name));
    // Like pg_dump: no DDL may drop or rewrite a table between discovery and its COPY.
    if (all.length > 0) await client.query(`lock table ${all.map((t) => `public.${quote(t.name)}`).join(', ')} in access share mode`);
    const byName = new Map(all.map((t) => [t.name, t]));
    const order = await dependencyOrder(client, all.map((t) => t.name));
    const migrationNames = byName.has(MIGRATION_TABLE)
      ? (await client.query<{ name: string }>(`select name from ${quote(MIGRATION_TABLE)} order by name`)).rows.map((r) => r.name)
      : [];
    const tables: SpooledTable[] = [];
    for (const [index, name] of order.entries()) {
      const info = byName.get(name);
      if (!info) continue;
      const table = await spoolTable(client, info, path.join(spoolDir, `${index}.copy`));
      tables.push(table);
      progress(`Table ${name}: ${table.rows} rows`);
    }
    const fileListFile = path.join(spoolDir, 'files.jsonl');
    if (byName.has('files')) await spoolFileList(client, fileListFile);
    await client.query('commit');
    return { serverVersion, migrations: migrationNames, tables, fileListFile };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

async function spoolTable(client: pg.Client, table: TableInfo, spoolFile: string): Promise<SpooledTable> {
  const copy = client.query(copyTo(`copy public.${quote(table.name)} (${columnList(table.columns)}) to stdout`));
  const digest = digestStream();
  await pipeline(copy, digest.stream, createWriteStream(spoolFile));
  return { name: table.name, columns: table.columns, rows: copy.rowCount, bytes: digest.bytes(), sha256: digest.sha256(), spoolFile };
}

/** Streams the snapshot's file rows to disk (a cursor keeps memory flat for any number of files). */
async function spoolFileList(client: pg.Client, listFile: string): Promise<void> {
  await client.query(`declare backup_files no scroll cursor for
    select tenant_id::text as tenant_id, storage_key, sha256, size from files order by tenant_id, storage_key`);
  const out = createWriteStream(listFile);
  try {
    for (;;) {
      const batch = await client.query<FileRef>('fetch 1000 from backup_files');
      if (batch.rows.length === 0) break;
      for (const row of batch.rows) {
        assertSafeFileRef(row);
        if (!out.write(`${JSON.stringify(row)}\n`)) await new Promise((resolve) => out.once('drain', resolve));
      }
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  await client.query('close backup_files');
}

async function* readFileList(listFile: string): AsyncGenerator<FileRef> {
  if (!(await stat(listFile).then(() => true, () => false))) return;
  const lines = createInterface({ input: createReadStream(listFile), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line) yield JSON.parse(line) as FileRef;
  }
}

/**
 * Before the manifest is written: every referenced file must exist with its
 * recorded size. A file whose row was deleted after the snapshot (retention
 * running meanwhile) is recorded as missing; any other gap is a damaged store.
 */
async function checkFiles(client: pg.Client, filesDir: string, listFile: string, progress: Progress) {
  let count = 0;
  let bytes = 0;
  const missing: { tenant_id: string; storage_key: string }[] = [];
  const missingKeys = new Set<string>();
  for await (const file of readFileList(listFile)) {
    const location = path.join(filesDir, file.tenant_id, file.storage_key);
    const info = await stat(location).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!info) {
      const still = await client.query('select 1 from files where tenant_id = $1 and storage_key = $2', [file.tenant_id, file.storage_key]);
      if (still.rowCount !== 0) {
        throw new BackupError(`File ${location} is missing, but the files table still references it. The file store is damaged (or a deletion was in progress: run the backup again).`);
      }
      progress(`File ${fileEntryName(file)} was deleted after the snapshot; recorded as missing`);
      missing.push({ tenant_id: file.tenant_id, storage_key: file.storage_key });
      missingKeys.add(fileEntryName(file));
      continue;
    }
    if (info.size !== file.size) {
      throw new BackupError(`File ${location} has ${info.size} bytes, but the files table records ${file.size}. The file store is damaged.`);
    }
    count += 1;
    bytes += file.size;
  }
  return { count, bytes, missing, missingKeys };
}

async function writeArchive(
  partial: string,
  manifest: Manifest,
  tables: SpooledTable[],
  filesDir: string,
  listFile: string,
  missingKeys: Set<string>,
  progress: Progress,
): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, createGzip(), createWriteStream(partial, { mode: 0o600 }));
  // Keeps a write error from going unhandled while entries are still being added; it is rethrown below.
  written.catch(() => {});
  const mtime = new Date(manifest.created_at);
  try {
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
    await addEntry(pack, { name: MANIFEST_ENTRY, size: manifestBytes.length, mtime }, bufferStream(manifestBytes));
    for (const table of tables) {
      await addEntry(pack, { name: tableEntryName(table.name), size: table.bytes, mtime }, createReadStream(table.spoolFile));
    }
    let done = 0;
    for await (const file of readFileList(listFile)) {
      if (missingKeys.has(fileEntryName(file))) continue;
      const digest = digestStream();
      const location = path.join(filesDir, file.tenant_id, file.storage_key);
      await addEntry(pack, { name: fileEntryName(file), size: file.size, mtime }, createReadStream(location), digest.stream);
      if (digest.sha256() !== file.sha256) {
        throw new BackupError(`File ${location} does not match the checksum recorded in the files table. The file store is damaged.`);
      }
      done += 1;
      if (done % FILE_PROGRESS_EVERY === 0 || done === manifest.files.count) progress(`Files: ${done}/${manifest.files.count}`);
    }
    pack.finalize();
  } catch (error) {
    pack.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  await written;
}

function bufferStream(buffer: Buffer): Readable {
  const stream = new PassThrough();
  stream.end(buffer);
  return stream;
}

async function addEntry(pack: tar.Pack, header: Pick<tar.Header, 'name' | 'size' | 'mtime'>, content: Readable, through: Transform = new PassThrough()): Promise<void> {
  await pipeline(content, through, pack.entry(header));
}

// ---------------------------------------------------------------- restore

export async function restoreBackup(opts: {
  databaseUrl: string;
  filesDir: string;
  inFile: string;
  onProgress?: (message: string) => void;
}): Promise<BackupSummary> {
  const progress: Progress = opts.onProgress ?? (() => {});
  const filesDir = path.resolve(opts.filesDir);
  await stat(opts.inFile).catch((error: unknown) => {
    throw new BackupError(`Cannot read the backup file ${opts.inFile}: ${errorMessage(error)}`, { cause: error });
  });
  const extract = tar.extract();
  const extracted = pipeline(createReadStream(opts.inFile), createGunzip(), extract);
  // Consumed below; the handler only keeps an early failure from counting as unhandled.
  extracted.catch(() => {});
  const entries = extract[Symbol.asyncIterator]();
  let client: pg.Client | undefined;
  let stagingDir: string | undefined;
  try {
    const manifest = await readManifest(entries);
    const lastMigration = checkMigrations(manifest.migrations);
    client = await connect(opts.databaseUrl, 'rathaus-restore');
    await client.query('begin');
    await assertEmpty(client);
    progress(`Creating the schema (migrations up to ${lastMigration})`);
    await migrateTo(client, lastMigration);
    await client.query('set constraints all deferred');
    await client.query(`delete from ${quote(MIGRATION_TABLE)}`);
    await loadTables(client, manifest, entries, progress);
    await checkLoadedMigrations(client, manifest.migrations);
    await resetSequences(client);
    await mkdir(filesDir, { recursive: true });
    stagingDir = await mkdtemp(path.join(filesDir, '.restore-'));
    const staged = await stageFiles(client, manifest, entries, filesDir, stagingDir, progress);
    await extracted;
    await client.query('commit');
    await moveStagedFiles(staged, filesDir);
    const summary = summarise(manifest.tables, manifest.migrations, manifest.files.count, manifest.files.bytes);
    progress(`Restore complete: ${summary.tables} tables, ${summary.rows} rows, ${summary.files} files`);
    return summary;
  } catch (error) {
    await client?.query('rollback').catch(() => {});
    extract.destroy();
    if (isArchiveDamage(error)) {
      throw new BackupError(`The backup archive is damaged or incomplete: ${errorMessage(error)}`, { cause: error });
    }
    throw asBackupError(error, 'Restore failed');
  } finally {
    await client?.end().catch(() => {});
    if (stagingDir) await rm(stagingDir, { recursive: true, force: true });
  }
}

/**
 * Errors raised by gunzip (codes Z_*) or by tar-stream's parser; anything
 * else (a database error, say) travels through the same streams and must
 * not be blamed on the archive.
 */
function isArchiveDamage(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof BackupError) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return true;
  return /^(Invalid tar header|Invalid header|Unexpected end of data|Header exceeds max size)/.test(error.message);
}

/** An archive entry as the extract stream hands it out. */
type Entry = tar.ExtractEvents['entry'][1];
type Entries = AsyncIterator<Entry>;

async function nextEntry(entries: Entries, expected: string): Promise<Entry> {
  const next = await entries.next();
  if (next.done) throw new BackupError(`The backup archive is incomplete: ${expected} is missing.`);
  return next.value;
}

async function readManifest(entries: Entries): Promise<Manifest> {
  const entry = await nextEntry(entries, MANIFEST_ENTRY);
  if (entry.header.name !== MANIFEST_ENTRY || entry.header.size > MANIFEST_MAX_BYTES) {
    entry.resume();
    throw new BackupError('This is not a Rathaus backup: the archive does not start with manifest.json.');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(Buffer.from(chunk as Uint8Array));
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new BackupError('The backup manifest is not valid JSON.', { cause: error });
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const format = (parsed as { format?: unknown; version?: unknown } | null) ?? {};
    if (format.format === FORMAT && format.version !== FORMAT_VERSION) {
      throw new BackupError(`This backup has format version ${String(format.version)}; this version of Rathaus reads version ${FORMAT_VERSION}.`);
    }
    throw new BackupError(`The backup manifest is invalid: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The schema is rebuilt by this code's migrations, so they must be exactly the backup's. */
function checkMigrations(backupMigrations: string[]): string {
  const known = Object.keys(migrations).sort();
  const unknown = backupMigrations.filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    throw new BackupError(`The backup was made by a newer version of Rathaus (unknown migrations: ${unknown.join(', ')}). Update Rathaus before restoring it.`);
  }
  const last = backupMigrations.at(-1);
  if (!last) throw new BackupError('The backup records no migrations; it cannot be restored.');
  const expected = known.slice(0, known.indexOf(last) + 1);
  if (expected.join('\n') !== [...backupMigrations].sort().join('\n')) {
    throw new BackupError(`The backup's migrations (${backupMigrations.join(', ')}) do not match this version's sequence up to ${last}.`);
  }
  return last;
}

async function assertEmpty(client: pg.Client): Promise<void> {
  const found = await client.query<{ name: string }>(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1 limit 5`);
  if (found.rows.length > 0) {
    const database = (await client.query<{ db: string }>('select current_database() as db')).rows[0]?.db ?? '?';
    throw new BackupError(
      `Database "${database}" is not empty (it has tables: ${found.rows.map((r) => r.name).join(', ')}…). Restore only into an empty database; existing data is never overwritten.`,
    );
  }
}

/**
 * Runs the migrations on the restore's own connection, inside its open
 * transaction, so a failed restore rolls the schema back too.
 */
async function migrateTo(client: pg.Client, lastMigration: string): Promise<void> {
  const pool: PostgresPool = {
    options: {},
    connect: async () => Object.assign(client, { release: () => {} }),
    end: async () => {},
  };
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: 'schema_migrations_lock',
    disableTransactions: true,
  });
  const result = await migrator.migrateTo(lastMigration);
  await db.destroy();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new BackupError(`Migration ${failed?.migrationName ?? '?'} failed while creating the schema: ${errorMessage(result.error)}`, {
      cause: result.error,
    });
  }
}

async function loadTables(client: pg.Client, manifest: Manifest, entries: Entries, progress: Progress): Promise<void> {
  const current = new Map((await listTables(client)).map((t) => [t.name, new Set(t.columns)]));
  for (const table of manifest.tables) {
    const name = tableEntryName(table.name);
    const columns = current.get(table.name);
    if (!columns) throw new BackupError(`The backup has table ${table.name}, which the schema of ${manifest.migrations.at(-1)} does not have.`);
    const unknownColumns = table.columns.filter((c) => !columns.has(c));
    if (unknownColumns.length > 0) throw new BackupError(`Table ${table.name} has no column(s) ${unknownColumns.join(', ')} from the backup.`);
    const entry = await nextEntry(entries, name);
    if (entry.header.name !== name) {
      entry.resume();
      throw new BackupError(`The backup archive is out of order: expected ${name}, found ${entry.header.name}.`);
    }
    const digest = digestStream();
    // Rows come back exactly as they were: triggers that derive columns (search vectors, timestamps) would
    // recompute them, possibly differently on another server version. Foreign keys stay checked (they are not
    // user triggers). The restore created these tables in this transaction, so it owns them.
    await client.query(`alter table public.${quote(table.name)} disable trigger user`);
    const copy = client.query(copyFrom(`copy public.${quote(table.name)} (${columnList(table.columns)}) from stdin`));
    await pipeline(entry, digest.stream, copy);
    await client.query(`alter table public.${quote(table.name)} enable trigger user`);
    if (digest.bytes() !== table.bytes || digest.sha256() !== table.sha256) {
      throw new BackupError(`The data of table ${table.name} does not match its checksum: the backup is damaged.`);
    }
    if (copy.rowCount !== table.rows) {
      throw new BackupError(`Table ${table.name}: loaded ${copy.rowCount} rows, the backup lists ${table.rows}.`);
    }
    progress(`Table ${table.name}: ${table.rows} rows`);
  }
}

async function checkLoadedMigrations(client: pg.Client, expected: string[]): Promise<void> {
  const loaded = (await client.query<{ name: string }>(`select name from ${quote(MIGRATION_TABLE)} order by name`)).rows.map((r) => r.name);
  if (loaded.join('\n') !== [...expected].sort().join('\n')) {
    throw new BackupError('The restored migration history does not match the backup manifest.');
  }
}

/** Serial and identity sequences would otherwise hand out ids that the restored rows already use. */
async function resetSequences(client: pg.Client): Promise<void> {
  const owned = await client.query<{ sequence: string; table_name: string; column_name: string }>(`
    select s.oid::regclass::text as sequence, t.relname as table_name, a.attname as column_name
      from pg_class s
      join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass
                      and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
      join pg_class t on t.oid = d.refobjid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relkind = 'S' and n.nspname = 'public'`);
  for (const row of owned.rows) {
    await client.query(
      `select setval($1::regclass, max_value) from (select max(${quote(row.column_name)}) as max_value from public.${quote(row.table_name)}) m where max_value is not null`,
      [row.sequence],
    );
  }
}

interface StagedFile {
  staged: string;
  target: string;
}

/**
 * Writes the archive's files to a staging directory inside filesDir and
 * verifies them against the restored files table, all before the database
 * commits; moving them into place afterwards is a rename each.
 */
async function stageFiles(
  client: pg.Client,
  manifest: Manifest,
  entries: Entries,
  filesDir: string,
  stagingDir: string,
  progress: Progress,
): Promise<StagedFile[]> {
  const expected = await expectedFiles(client, manifest);
  const staged: StagedFile[] = [];
  let done = 0;
  for (;;) {
    const next = await entries.next();
    if (next.done) break;
    const entry = next.value;
    const file = expected.get(entry.header.name);
    if (!file) {
      entry.resume();
      throw new BackupError(`The backup archive has an unexpected entry ${entry.header.name}.`);
    }
    expected.delete(entry.header.name);
    const stagedPath = path.join(stagingDir, String(done));
    const digest = digestStream();
    await pipeline(entry, digest.stream, createWriteStream(stagedPath, { mode: 0o600 }));
    if (digest.sha256() !== file.sha256 || digest.bytes() !== file.size) {
      throw new BackupError(`File ${entry.header.name} does not match its checksum: the backup is damaged.`);
    }
    const target = path.join(filesDir, file.tenant_id, file.storage_key);
    if (await sameContentExists(target, file.sha256)) await rm(stagedPath);
    else staged.push({ staged: stagedPath, target });
    done += 1;
    if (done % FILE_PROGRESS_EVERY === 0 || done === manifest.files.count) progress(`Files: ${done}/${manifest.files.count}`);
  }
  if (expected.size > 0 || done !== manifest.files.count) {
    throw new BackupError(`The backup archive is incomplete: ${expected.size} file(s) are missing, e.g. ${[...expected.keys()][0] ?? '?'}.`);
  }
  return staged;
}

/** The restored files table says which content the archive must carry. */
async function expectedFiles(client: pg.Client, manifest: Manifest): Promise<Map<string, FileRef>> {
  const expected = new Map<string, FileRef>();
  if (!manifest.tables.some((t) => t.name === 'files')) return expected;
  const rows = await client.query<FileRef>('select tenant_id::text as tenant_id, storage_key, sha256, size from files');
  const missing = new Set(manifest.files.missing.map(fileEntryName));
  for (const row of rows.rows) {
    assertSafeFileRef(row);
    if (!missing.has(fileEntryName(row))) expected.set(fileEntryName(row), row);
  }
  return expected;
}

/** A file already in place is fine if identical; anything else would be overwritten, which a restore never does. */
async function sameContentExists(target: string, sha256: string): Promise<boolean> {
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) return false;
  if ((await fileSha256(target)) === sha256) return true;
  throw new BackupError(`${target} already exists with different content. Restore into an empty files directory.`);
}

async function moveStagedFiles(staged: StagedFile[], filesDir: string): Promise<void> {
  const dirs = new Set(staged.map((f) => path.dirname(f.target)));
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  for (const file of staged) await rename(file.staged, file.target);
  if (staged.length > 0) await syncFile(filesDir);
}
