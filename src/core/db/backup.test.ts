/**
 * Backup under concurrent writes, restore into a brand-new embedded server,
 * and refusal of non-empty targets and damaged archives.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import tar from 'tar-stream';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { migrations } from '../../../migrations/index.ts';
import { BackupError, createBackup, restoreBackup } from './backup.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { provideTemplateFiles } from '../../../test/support/template-files.ts';

const SKIPPED = ['rate_limits', 'schema_migrations_lock'];
const TRICKY_TEXT = 'Grüße aus Köln\tmit Tab\nneue Zeile\r\nund \\ Backslash, \\N kein NULL, „Anführung“ 🏛';

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function publicTables(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const result = await c.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by 1",
    );
    return result.rows.map((r) => r.name);
  });
}

/** Every backed-up table as sorted row texts; text form compares types like jsonb, arrays and timestamps exactly. */
async function dumpTables(url: string): Promise<Record<string, string[]>> {
  const tables = (await publicTables(url)).filter((t) => !SKIPPED.includes(t));
  return withClient(url, async (c) => {
    await c.query("set timezone = 'UTC'");
    const dump: Record<string, string[]> = {};
    for (const table of tables) {
      const id = pg.escapeIdentifier(table);
      // Generated columns are not data of the backup: the target server derives them itself (a tsvector of
      // PostgreSQL 15's German stemmer may differ from 18's), so only stored data is compared.
      const columns = await c.query<{ name: string }>(
        "select column_name as name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position",
        [table],
      );
      const list = columns.rows.map((col) => `t.${pg.escapeIdentifier(col.name)}`).join(', ');
      const result = await c.query<{ r: string }>(`select row(${list})::text as r from ${id} t order by row(${list})::text collate "C"`);
      dump[table] = result.rows.map((row) => row.r);
    }
    return dump;
  });
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/**
 * Rewrites a backup entry by entry (test data is small enough to hold in
 * memory); `rechecksum` makes the manifest match the changed table data.
 */
async function rewriteArchive(
  inFile: string,
  outFile: string,
  change: (name: string, data: Buffer) => Buffer,
  options: { rechecksum?: boolean } = {},
): Promise<void> {
  const extract = tar.extract();
  const entries: { name: string; data: Buffer }[] = [];
  extract.end(gunzipSync(readFileSync(inFile)));
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(Buffer.from(chunk as Uint8Array));
    entries.push({ name: entry.header.name, data: change(entry.header.name, Buffer.concat(chunks)) });
  }
  const [manifestEntry] = entries;
  if (options.rechecksum && manifestEntry) {
    const manifest = JSON.parse(manifestEntry.data.toString('utf8')) as { tables: { name: string; sha256: string; bytes: number }[] };
    for (const table of manifest.tables) {
      const data = entries.find((e) => e.name === `tables/${table.name}.copy`)?.data ?? Buffer.alloc(0);
      table.sha256 = createHash('sha256').update(data).digest('hex');
      table.bytes = data.length;
    }
    manifestEntry.data = Buffer.from(JSON.stringify(manifest));
  }
  const pack = tar.pack();
  for (const entry of entries) pack.entry({ name: entry.name }, entry.data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
  writeFileSync(outFile, gzipSync(Buffer.concat(chunks)));
}

async function expectRefusal(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof BackupError, `expected a BackupError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

describe('backup and restore', () => {
  let source: TestDatabase;
  let fresh: EmbeddedServer | undefined;
  let tmp: string;
  let serverDir: string;
  let filesDir: string;
  let tenantId: string;
  const fileContents = new Map<string, Buffer>();

  async function createFreshDatabase(): Promise<string> {
    assert.ok(fresh);
    const name = `restore_${randomBytes(4).toString('hex')}`;
    await withClient(fresh.urlFor('postgres'), (c) => c.query(`create database ${name}`));
    return fresh.urlFor(name);
  }

  async function storeFile(content: Buffer): Promise<string> {
    const key = randomUUID();
    mkdirSync(path.join(filesDir, tenantId), { recursive: true });
    writeFileSync(path.join(filesDir, tenantId, key), content);
    fileContents.set(`${tenantId}/${key}`, content);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const row = await source.pool.query<{ id: string }>(
      `insert into files (tenant_id, storage_key, filename, mime_type, size, sha256)
       values ($1, $2, $3, 'application/octet-stream', $4, $5) returning id`,
      [tenantId, key, `Bescheid Müller\t${key}.pdf`, content.length, sha256],
    );
    return row.rows[0]?.id ?? '';
  }

  async function addSampleData(): Promise<void> {
    const q = source.pool.query.bind(source.pool);
    tenantId = (await q<{ id: string }>('select id from tenants order by slug limit 1')).rows[0]?.id ?? '';
    const unitId = (await q<{ id: string }>('select id from org_units where tenant_id = $1 limit 1', [tenantId])).rows[0]?.id;
    const caseRow = await q<{ id: string }>(
      `insert into cases (tenant_id, reference, type, status, unit_id, subject, data, contact, access_salt, access_token_hash)
       values ($1, 'BK-2026-0001', 'kontakt', 'eingegangen', $2, $3, $4, $5, 'salt', 'hash') returning id`,
      [tenantId, unitId, TRICKY_TEXT, JSON.stringify({ text: TRICKY_TEXT, list: [1, 'zwei', null], nested: { ä: true } }), JSON.stringify({ name: 'Jürgen Weiß' })],
    );
    const caseId = caseRow.rows[0]?.id;
    await q(
      `insert into case_events (tenant_id, case_id, kind, actor_type, body) values
       ($1, $2, 'created', 'citizen', $3), ($1, $2, 'note', 'staff', null), ($1, $2, 'status', 'system', '')`,
      [tenantId, caseId, TRICKY_TEXT],
    );
    const fileId = await storeFile(Buffer.concat([randomBytes(300_000), Buffer.from(TRICKY_TEXT)]));
    await storeFile(Buffer.alloc(0));
    await q("insert into case_documents (tenant_id, case_id, file_id, source) values ($1, $2, $3, 'citizen')", [tenantId, caseId, fileId]);
    const draft = await q<{ id: string }>(
      `insert into portal_drafts (tenant_id, service_slug, form_id, form_version, answers, expires_at)
       values ($1, 'meldebescheinigung', 'meldebescheinigung', 2, $2, now() + interval '30 days') returning id`,
      [tenantId, JSON.stringify({ nachname: TRICKY_TEXT })],
    );
    await q("insert into api_keys (tenant_id, name, key_prefix, key_hash, scopes, created_by_label) values ($1, $2, 'rh_abcde', $3, '{applications:read}', 'test')", [tenantId, `Fachverfahren ${TRICKY_TEXT.slice(0, 40)}`, 'f'.repeat(64)]);
    const district = await q<{ id: string }>('select id from portal_pickup_districts where tenant_id = $1 limit 1', [tenantId]);
    await q("insert into portal_pickup_bookings (tenant_id, district_id, day, capacity, booked) values ($1, $2, '2027-03-02', 6, 2)", [tenantId, district.rows[0]?.id]);
    const draftFile = await storeFile(Buffer.from('%PDF-1.4 Entwurf'));
    await q('insert into portal_draft_files (tenant_id, draft_id, file_id, field_id) values ($1, $2, $3, $4)', [tenantId, draft.rows[0]?.id, draftFile, 'nachweis']);
    // Four-eyes release, payments and fee exemptions: every table of the schema carries a row, so a forgotten one in the backup shows.
    const staff = await q<{ id: string }>('select id from staff_users where tenant_id = $1 order by email limit 2', [tenantId]);
    const [requester, approver] = staff.rows.map((r) => r.id);
    await q("insert into portal_approvals (tenant_id, case_id, file_id, requested_by, decided_by, decided_at, decision, note) values ($1, $2, $3, $4, $5, now(), 'declined', $6)", [tenantId, caseId, fileId, requester, approver, TRICKY_TEXT.slice(0, 200)]);
    await q('insert into payment_counters (tenant_id, year, last_sequence) values ($1, 2026, 7)', [tenantId]);
    const payment = await q<{ id: string }>(
      `insert into payments (tenant_id, payable, case_id, kassenzeichen, purpose, items, amount_cents, provider, provider_ref, status, received_cents, paid_at, expires_at, return_path, updated_at)
       values ($1, 'portal-case:x', $2, '51.2026.000007.3', $3, $4, 1999, 'testkasse', 'ref-1', 'paid', 1999, now(), now() + interval '1 hour', '/leistungen', now()) returning id`,
      [tenantId, caseId, TRICKY_TEXT.slice(0, 100), JSON.stringify([{ description: TRICKY_TEXT.slice(0, 40), quantity: 1, unitCents: 1999 }])],
    );
    const paymentId = payment.rows[0]?.id;
    await q("insert into payment_events (tenant_id, payment_id, source, from_status, to_status, amount_cents, detail) values ($1, $2, 'callback', 'pending', 'paid', 1999, $3)", [tenantId, paymentId, TRICKY_TEXT.slice(0, 100)]);
    await q("insert into payment_refunds (tenant_id, payment_id, amount_cents, reason, status, staff_id) values ($1, $2, 1, $3, 'refunded', $4)", [tenantId, paymentId, TRICKY_TEXT.slice(0, 100), requester]);
    await q("insert into payment_callbacks (tenant_id, provider, body_sha256, verified, payment_id, outcome) values ($1, 'testkasse', $2, true, $3, 'paid')", [tenantId, 'a'.repeat(64), paymentId]);
    const bankImport = await q<{ id: string }>("insert into payment_bank_imports (tenant_id, filename, sha256, uploaded_by, summary) values ($1, 'auszug.xml', $2, $3, '{\"matched\": 1}') returning id", [tenantId, 'b'.repeat(64), requester]);
    await q("insert into payment_bank_credits (tenant_id, import_id, dedup_key, booking_date, amount_cents, remittance, outcome, kassenzeichen, payment_id) values ($1, $2, 'camt:x', '2026-11-30', 1999, $3, 'matched', '51.2026.000007.3', $4)", [tenantId, bankImport.rows[0]?.id, TRICKY_TEXT.slice(0, 100), paymentId]);
    await q("insert into portal_fee_exemptions (tenant_id, case_id, reason, proof_file_id, fee_cents, status, decided_by, decided_at, decision_note, payment_id) values ($1, $2, $3, $4, 1999, 'refused', $5, now(), $3, $6)", [tenantId, caseId, TRICKY_TEXT.slice(0, 200), fileId, approver, paymentId]);
    await q("insert into testkasse_transactions (merchant, reference, amount_cents, currency, purpose, return_url, cancel_url, notify_url, expires_at) values ($1, 'r1', 1999, 'EUR', 'x', 'http://a/', 'http://a/', 'http://a/', now())", [tenantId]);
    await q(
      `insert into mails (tenant_id, case_id, to_address, subject, text_body, html_body, template, locale, calendar_method, calendar)
       values ($1, $2, 'buerger@example.org', $3, $3, '<p>\\N</p>', 'case-created', 'de', 'REQUEST', $4)`,
      [tenantId, caseId, TRICKY_TEXT, 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Termin\\, B\u00fcrgerb\u00fcro\r\nEND:VCALENDAR\r\n'],
    );
    // Terminbuchung: a booking with its services, slot counter and claim; a closure; a spent ALTCHA challenge.
    const location = await q<{ id: string }>('select id from appt_locations where tenant_id = $1 limit 1', [tenantId]);
    const locationId = location.rows[0]?.id;
    const bookedService = await q<{ service_id: string }>('select service_id from appt_services where tenant_id = $1 and location_id = $2 limit 1', [tenantId, locationId]);
    await q("insert into appt_closures (tenant_id, location_id, day, reason) values ($1, $2, '2027-02-15', $3)", [tenantId, locationId, TRICKY_TEXT.slice(0, 100)]);
    await q("insert into appt_slots (tenant_id, location_id, starts_at, capacity, capacity_online, capacity_phone, claimed, claimed_online) values ($1, $2, '2027-02-16 08:00+01', 3, 2, 1, 1, 1)", [tenantId, locationId]);
    const booking = await q<{ id: string }>(
      `insert into appt_bookings (tenant_id, location_id, reference, status, channel, starts_at, ends_at, name, email, email_key, note, token_salt, manage_token_hash, confirm_token_hash, case_id, confirmed_at)
       values ($1, $2, 'TB-ABCDE-F', 'confirmed', 'online', '2027-02-16 08:00+01', '2027-02-16 08:10+01', $3, 'b@example.org', 'b@example.org', $3, 'salt', $4, $5, $6, now()) returning id`,
      [tenantId, locationId, TRICKY_TEXT.slice(0, 150), 'c'.repeat(64), 'd'.repeat(64), caseId],
    );
    await q('insert into appt_booking_services (tenant_id, booking_id, service_id, quantity, minutes) values ($1, $2, $3, 1, 10)', [tenantId, booking.rows[0]?.id, bookedService.rows[0]?.service_id]);
    await q("insert into appt_claims (tenant_id, booking_id, location_id, starts_at, channel) values ($1, $2, $3, '2027-02-16 08:00+01', 'online')", [tenantId, booking.rows[0]?.id, locationId]);
    await q("insert into altcha_spent (challenge_id, expires_at) values ('0123456789abcdef0123', now() + interval '10 minutes')");
    // Mängelmelder: a report with photo, timeline, follower and contractor order; a draft with a photo; a complaint.
    const category = await q<{ id: string }>("select id from report_categories where tenant_id = $1 and code = 'schlagloch'", [tenantId]);
    const contractor = await q<{ id: string }>('select id from report_contractors where tenant_id = $1 limit 1', [tenantId]);
    const report = await q<{ id: string }>(
      `insert into reports (tenant_id, case_id, reference, category_id, lat, lng, address, description, attributes, source, publication, token)
       values ($1, $2, 'MM-ABCDE-F', $3, 51.94, 9.08, $4, $4, $5, 'web', 'published', 'tokentokentokentoken') returning id`,
      [tenantId, caseId, category.rows[0]?.id, TRICKY_TEXT.slice(0, 200), JSON.stringify({ gefahr: 'ja' })],
    );
    const reportId = report.rows[0]?.id;
    await q('insert into report_photos (tenant_id, report_id, file_id, position, width, height) values ($1, $2, $3, 0, 640, 480)', [tenantId, reportId, await storeFile(randomBytes(2_000))]);
    await q("insert into report_updates (tenant_id, report_id, state, body, kind) values ($1, $2, 'in_progress', $3, 'state')", [tenantId, reportId, TRICKY_TEXT.slice(0, 200)]);
    await q("insert into report_subscriptions (tenant_id, report_id, email, email_key, token_hash, privacy_version) values ($1, $2, 'folgt@example.org', $3, $4, '2026-01')", [tenantId, reportId, 'e'.repeat(64), '1'.repeat(64)]);
    await q("insert into report_orders (tenant_id, report_id, contractor_id, token_hash, instructions, created_by_label) values ($1, $2, $3, $4, $5, 'Bauhof')", [tenantId, reportId, contractor.rows[0]?.id, '2'.repeat(64), TRICKY_TEXT.slice(0, 200)]);
    const reportDraft = await q<{ id: string }>("insert into report_drafts (tenant_id, browser_hash, data, expires_at) values ($1, $2, $3, now() + interval '1 day') returning id", [tenantId, '3'.repeat(64), JSON.stringify({ description: TRICKY_TEXT })]);
    await q('insert into report_draft_photos (tenant_id, draft_id, file_id, position, width, height) values ($1, $2, $3, 0, 10, 10)', [tenantId, reportDraft.rows[0]?.id, await storeFile(randomBytes(500))]);
    await q("insert into complaints (tenant_id, case_id, ack_due_at, answer_due_at) values ($1, $2, now() + interval '3 days', now() + interval '15 days')", [tenantId, caseId]);
    // Ratsinformation: the demo council (with its PDFs) is seeded; the member area's notes and answers are not.
    const councilFile = await q<{ id: string }>('select id from council_files where tenant_id = $1 limit 1', [tenantId]);
    const member = await q<{ id: string }>('select id from council_persons where tenant_id = $1 limit 1', [tenantId]);
    const meeting = await q<{ id: string }>('select id from council_meetings where tenant_id = $1 limit 1', [tenantId]);
    await q('insert into council_notes (tenant_id, file_id, author_id, page, quote, body) values ($1, $2, $3, 2, $4, $4)', [tenantId, councilFile.rows[0]?.id, member.rows[0]?.id, TRICKY_TEXT.slice(0, 200)]);
    await q("insert into council_rsvps (tenant_id, meeting_id, person_id, status, note) values ($1, $2, $3, 'absent', $4)", [tenantId, meeting.rows[0]?.id, member.rows[0]?.id, TRICKY_TEXT.slice(0, 200)]);
    await q(
      `insert into audit_log (tenant_id, actor_label, action, object_type, object_id, details)
       values ($1, 'System', 'case.created', 'case', $2, $3)`,
      [tenantId, caseId, JSON.stringify({ why: TRICKY_TEXT })],
    );
    await q("insert into tenant_settings (tenant_id, key, value) values ($1, 'backup.test', $2)", [tenantId, JSON.stringify('Öffnungszeiten\n')]);
    await q("insert into rate_limits (key, hits, reset_at) values ('ephemeral', 1, now())");
  }

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'rathaus-backup-test-'));
    filesDir = path.join(tmp, 'files');
    // The seeded demo documents (council PDFs) are part of the store, like in every installation.
    provideTemplateFiles(tmp);
    for (const key of existsSync(filesDir) ? listFiles(filesDir) : []) fileContents.set(key, readFileSync(path.join(filesDir, key)));
    source = await createTestDatabase();
    await addSampleData();
    // Its own temp dir, laid out like the test harness's: initdb runs as another user when tests run as root.
    serverDir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-backup-server-'));
    fresh = await startEmbeddedPostgres(path.join(serverDir, 'postgres'), { persistent: false });
  });

  after(async () => {
    await fresh?.stop();
    await source?.drop();
    rmSync(tmp, { recursive: true, force: true });
    if (serverDir) rmSync(serverDir, { recursive: true, force: true });
  });

  test('a backup taken while the app writes is one point in time', async () => {
    const pairs = async (): Promise<number> =>
      Number((await source.pool.query<{ n: string }>("select count(*) as n from audit_log where action = 'test.pair'")).rows[0]?.n);
    let stop = false;
    // Each pair commits an audit row and a setting together: a consistent backup has both or neither.
    const pairWriter = (async () => {
      for (let i = 0; !stop; i += 1) {
        const client = await source.pool.connect();
        try {
          await client.query('begin');
          await client.query("insert into audit_log (tenant_id, actor_label, action, object_id) values ($1, 'Test', 'test.pair', $2)", [tenantId, String(i)]);
          await client.query('insert into tenant_settings (tenant_id, key, value) values ($1, $2, $3)', [tenantId, `pair.${i}`, JSON.stringify(i)]);
          await client.query('commit');
        } finally {
          client.release();
        }
      }
    })();
    const auditWriter = (async () => {
      while (!stop) await source.pool.query("insert into audit_log (tenant_id, actor_label, action) values ($1, 'Test', 'test.noise')", [tenantId]);
    })();
    const backupFile = path.join(tmp, 'busy.tar.gz');
    try {
      while ((await pairs()) < 20) await new Promise((resolve) => setTimeout(resolve, 10));
      const before = await pairs();
      const messages: string[] = [];
      const summary = await createBackup({ databaseUrl: source.url, filesDir, outFile: backupFile, onProgress: (m) => messages.push(m) });
      const afterBackup = await pairs();
      assert.ok(messages.some((m) => m.startsWith('Table audit_log')));
      assert.equal(summary.files, fileContents.size, 'the demo council\'s PDFs, two case files, one application draft file, a report photo and a report draft photo');
      assert.ok(fileContents.size > 5, 'the demo documents are in the store');
      assert.deepEqual(summary.migrations, Object.keys(migrations).sort());
      assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith('busy')), ['busy.tar.gz']);

      const target = await createFreshDatabase();
      await restoreBackup({ databaseUrl: target, filesDir: path.join(tmp, 'files-busy'), inFile: backupFile });
      await withClient(target, async (c) => {
        const audit = await c.query<{ object_id: string }>("select object_id from audit_log where action = 'test.pair' order by 1");
        const settings = await c.query<{ key: string }>("select substr(key, 6) as key from tenant_settings where key like 'pair.%' order by 1");
        assert.deepEqual(audit.rows.map((r) => r.object_id), settings.rows.map((r) => r.key));
        assert.ok(afterBackup > before, 'the app kept writing during the backup');
        assert.ok(audit.rows.length >= before && audit.rows.length <= afterBackup, 'the snapshot lies within the backup run');
      });
    } finally {
      stop = true;
      await Promise.all([pairWriter, auditWriter]);
    }
    assert.ok((await pairs()) > 20);
  });

  test('restore into a fresh server brings back every row and every file', async () => {
    const backupFile = path.join(tmp, 'quiet.tar.gz');
    const backup = await createBackup({ databaseUrl: source.url, filesDir, outFile: backupFile });
    const target = await createFreshDatabase();
    const restoredFiles = path.join(tmp, 'files-restored');
    const messages: string[] = [];
    const restored = await restoreBackup({ databaseUrl: target, filesDir: restoredFiles, inFile: backupFile, onProgress: (m) => messages.push(m) });

    assert.deepEqual(restored, backup);
    assert.ok(messages.some((m) => m.startsWith('Restore complete')));
    const [expected, actual] = [await dumpTables(source.url), await dumpTables(target)];
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
    for (const table of Object.keys(expected)) {
      assert.deepEqual(actual[table], expected[table], `table ${table}`);
      if (table !== 'case_documents' && table !== 'consents' && table !== 'sessions') assert.ok((expected[table]?.length ?? 0) > 0, `table ${table} has test data`);
    }
    assert.ok(expected.cases?.some((row) => row.includes('\\\\N kein NULL')), 'tricky text is in the comparison');
    assert.deepEqual(await withClient(target, async (c) => (await c.query('select * from rate_limits')).rows), []);

    assert.deepEqual(listFiles(restoredFiles).sort(), [...fileContents.keys()].sort());
    for (const [key, content] of fileContents) assert.ok(readFileSync(path.join(restoredFiles, key)).equals(content), key);

    // Identity sequences continue after the restored ids instead of colliding with them.
    await withClient(target, async (c) => {
      const inserted = await c.query<{ id: string }>(
        "insert into audit_log (tenant_id, actor_label, action) values ($1, 'Test', 'after.restore') returning id",
        [tenantId],
      );
      const max = await c.query<{ max: string }>("select max(id) as max from audit_log where action <> 'after.restore'");
      assert.ok(Number(inserted.rows[0]?.id) > Number(max.rows[0]?.max));
    });
  });

  test('restore refuses a database that already has tables', async () => {
    const backupFile = path.join(tmp, 'quiet.tar.gz');
    const before = await dumpTables(source.url);
    await expectRefusal(restoreBackup({ databaseUrl: source.url, filesDir: path.join(tmp, 'files-x'), inFile: backupFile }), /is not empty/);
    assert.deepEqual(await dumpTables(source.url), before);
  });

  test('a damaged archive is refused and leaves the target empty', async () => {
    const backupFile = path.join(tmp, 'quiet.tar.gz');
    const target = await createFreshDatabase();
    const targetFiles = path.join(tmp, 'files-damaged');
    const attempt = (inFile: string) => restoreBackup({ databaseUrl: target, filesDir: targetFiles, inFile });
    const assertUntouched = async () => {
      assert.deepEqual(await publicTables(target), []);
      assert.deepEqual(listFiles(targetFiles), []);
    };
    mkdirSync(targetFiles);

    const flipped = path.join(tmp, 'flipped.tar.gz');
    await rewriteArchive(backupFile, flipped, (name, data) => {
      if (name !== 'tables/cases.copy') return data;
      const copy = Buffer.from(data);
      const at = copy.indexOf('Köln');
      copy[at] = 'k'.charCodeAt(0);
      return copy;
    });
    await expectRefusal(attempt(flipped), /table cases does not match its checksum/);
    await assertUntouched();

    const badFile = path.join(tmp, 'bad-file.tar.gz');
    await rewriteArchive(backupFile, badFile, (name, data) => (name.startsWith('files/') && data.length > 0 ? Buffer.from(data.reverse()) : data));
    await expectRefusal(attempt(badFile), /does not match its checksum/);
    await assertUntouched();

    const truncated = path.join(tmp, 'truncated.tar.gz');
    const whole = readFileSync(backupFile);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expectRefusal(attempt(truncated), /damaged or incomplete/);
    await assertUntouched();

    // Intact archive, but data the schema rejects mid-COPY: the whole restore rolls back.
    const rejected = path.join(tmp, 'rejected.tar.gz');
    await rewriteArchive(backupFile, rejected, (name, data) => (name === 'tables/cases.copy' ? Buffer.from(data.toString('utf8').replace('\tde\t', '\txx\t')) : data), {
      rechecksum: true,
    });
    await expectRefusal(attempt(rejected), /^Restore failed: .*violates check constraint/);
    await assertUntouched();

    const newer = path.join(tmp, 'newer.tar.gz');
    await rewriteArchive(backupFile, newer, (name, data) => {
      if (name !== 'manifest.json') return data;
      const manifest = JSON.parse(data.toString('utf8')) as { migrations: string[] };
      manifest.migrations.push('9999_future');
      return Buffer.from(JSON.stringify(manifest));
    });
    await expectRefusal(attempt(newer), /newer version of Rathaus/);
    await assertUntouched();
  });
});
