import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { API_SCOPES, apiKeyFromParameter, apiKeyFromRequest, authenticateApiKey, createApiKey, hasApiScope, listApiKeys, revokeApiKey } from './api-keys.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

let database: TestDatabase;
let musterstadt: string;
let beispielhausen: string;

before(async () => {
  database = await createTestDatabase();
  const tenants = await database.db.selectFrom('tenants').select(['id', 'slug']).execute();
  musterstadt = tenants.find((t) => t.slug === 'musterstadt')?.id ?? '';
  beispielhausen = tenants.find((t) => t.slug === 'beispielhausen')?.id ?? '';
  assert.ok(musterstadt && beispielhausen);
});

after(async () => {
  await database.drop();
});

async function newKey(tenantId: string, scopes: string[] = ['open311:write'], name = 'Testschlüssel'): Promise<{ id: string; key: string; prefix: string }> {
  const result = await createApiKey(database.db, { tenantId, name, scopes, actorLabel: 'Testlauf' });
  assert.ok(result.ok);
  return result;
}

describe('createApiKey / authenticateApiKey', () => {
  test('a new key is rh_ + 43 url-safe characters and authenticates in its own municipality only', async () => {
    const { id, key, prefix } = await newKey(musterstadt, ['applications:read', 'open311:write'], 'Export Landkreis');
    assert.match(key, /^rh_[A-Za-z0-9_-]{43}$/);
    assert.equal(prefix, key.slice(0, 8));
    assert.deepEqual(await authenticateApiKey(database.db, musterstadt, key), { id, name: 'Export Landkreis', scopes: ['applications:read', 'open311:write'] });
    assert.equal(await authenticateApiKey(database.db, beispielhausen, key), null, 'tenant isolation');
  });

  test('two keys are never the same', async () => {
    const a = await newKey(musterstadt);
    const b = await newKey(musterstadt);
    assert.notEqual(a.key, b.key);
  });

  test('wrong, garbage and empty values are null, never an error', async () => {
    const { key } = await newKey(musterstadt);
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    for (const presented of [undefined, null, '', ' ', 'rh_', key.slice(0, -1), `${key.slice(0, -1)}${last}`, `${key} `, `${key}x`, key.toUpperCase(), "rh_' or 1=1 --", '\u0000'.repeat(46), 'x'.repeat(100_000), 42, {}, [key]]) {
      assert.equal(await authenticateApiKey(database.db, musterstadt, presented), null, JSON.stringify(presented)?.slice(0, 60));
    }
  });

  test('scopes are kept in the declared order; unknown and missing scopes or a bad name are refused', async () => {
    const { key } = await newKey(musterstadt, ['open311:write', 'applications:read', 'open311:write']);
    assert.deepEqual((await authenticateApiKey(database.db, musterstadt, key))?.scopes, ['applications:read', 'open311:write']);
    const onlyOpen311 = await authenticateApiKey(database.db, musterstadt, (await newKey(musterstadt, ['open311:write'])).key);
    assert.ok(hasApiScope(onlyOpen311, 'open311:write'));
    assert.ok(!hasApiScope(onlyOpen311, 'applications:read'));
    assert.ok(!hasApiScope(null, 'open311:write'));
    const base = { tenantId: musterstadt, actorLabel: 'Testlauf' };
    assert.deepEqual(await createApiKey(database.db, { ...base, name: 'x', scopes: [] }), { ok: false, reason: 'no-scopes' });
    assert.deepEqual(await createApiKey(database.db, { ...base, name: 'x', scopes: ['admin:all'] }), { ok: false, reason: 'unknown-scope' });
    assert.deepEqual(await createApiKey(database.db, { ...base, name: '   ', scopes: ['open311:write'] }), { ok: false, reason: 'invalid-name' });
    assert.deepEqual(await createApiKey(database.db, { ...base, name: 'a'.repeat(101), scopes: ['open311:write'] }), { ok: false, reason: 'invalid-name' });
    assert.deepEqual(await createApiKey(database.db, { ...base, name: 'a\nb', scopes: ['open311:write'] }), { ok: false, reason: 'invalid-name' });
    assert.deepEqual(API_SCOPES.map((s) => s.scope), ['applications:read', 'open311:write']);
  });

  test('the plaintext is never stored: only its SHA-256 and the first 8 characters', async () => {
    const { id, key } = await newKey(musterstadt);
    const row = await database.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.key_prefix, key.slice(0, 8));
    assert.match(row.key_hash, /^[0-9a-f]{64}$/);
    const dump = await sql<{ dump: string }>`select string_agg(t::text, ' ') as dump from api_keys t`.execute(database.db);
    assert.ok(!dump.rows[0]?.dump.includes(key.slice(3)), 'no row holds the key');
    const auditDump = await sql<{ dump: string }>`select string_agg(t::text, ' ') as dump from audit_log t`.execute(database.db);
    assert.ok(!auditDump.rows[0]?.dump.includes(key.slice(3)), 'the audit log does not hold the key either');
  });

  test('creation and revocation are audited', async () => {
    const { id } = await newKey(musterstadt, ['open311:write'], 'Bauhof-App');
    const created = await database.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', musterstadt).where('action', '=', 'apikey.create').where('object_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(created.actor_label, 'Testlauf');
    assert.equal(created.object_type, 'api_key');
    assert.deepEqual(created.details.scopes, ['open311:write']);
    assert.deepEqual(await revokeApiKey(database.db, musterstadt, id, { actorLabel: 'Testlauf' }), { ok: true, name: 'Bauhof-App', alreadyRevoked: false });
    const revoked = await database.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', musterstadt).where('action', '=', 'apikey.revoke').where('object_id', '=', id).execute();
    assert.equal(revoked.length, 1);
  });

  test('a revoked key is refused; revoking again keeps the first time; another tenant cannot revoke it', async () => {
    const { id, key } = await newKey(musterstadt);
    assert.deepEqual(await revokeApiKey(database.db, beispielhausen, id, { actorLabel: 'Fremd' }), { ok: false, reason: 'not-found' });
    assert.ok(await authenticateApiKey(database.db, musterstadt, key));
    assert.ok((await revokeApiKey(database.db, musterstadt, id, { actorLabel: 'Testlauf' })).ok);
    assert.equal(await authenticateApiKey(database.db, musterstadt, key), null);
    const first = await database.db.selectFrom('api_keys').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(await revokeApiKey(database.db, musterstadt, id, { actorLabel: 'Testlauf' }), { ok: true, name: 'Testschlüssel', alreadyRevoked: true });
    const second = await database.db.selectFrom('api_keys').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(second.revoked_at, first.revoked_at);
    assert.deepEqual(await revokeApiKey(database.db, musterstadt, 'keine-uuid', { actorLabel: 'Testlauf' }), { ok: false, reason: 'not-found' });
  });

  test('last_used_at is recorded, but written at most once a minute', async () => {
    const { id, key } = await newKey(musterstadt);
    const lastUsed = async () => (await database.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
    assert.equal(await lastUsed(), null);
    const t0 = new Date('2026-03-02T10:00:00Z');
    await authenticateApiKey(database.db, musterstadt, key, t0);
    assert.deepEqual(await lastUsed(), t0);
    await authenticateApiKey(database.db, musterstadt, key, new Date(t0.getTime() + 30_000));
    assert.deepEqual(await lastUsed(), t0, 'not written again within the minute');
    const t1 = new Date(t0.getTime() + 61_000);
    await authenticateApiKey(database.db, musterstadt, key, t1);
    assert.deepEqual(await lastUsed(), t1);
  });

  test('listApiKeys shows the tenant’s keys with prefix, never the hash, active first', async () => {
    const { id: revokedId } = await newKey(beispielhausen, ['open311:write'], 'Alt');
    await revokeApiKey(database.db, beispielhausen, revokedId, { actorLabel: 'Testlauf' });
    const { id, prefix } = await newKey(beispielhausen, ['applications:read'], 'Neu');
    const keys = await listApiKeys(database.db, beispielhausen);
    assert.deepEqual(
      keys.map((k) => [k.id, k.name, k.prefix, k.scopes, k.revokedAt === null]),
      [
        [id, 'Neu', prefix, ['applications:read'], true],
        [revokedId, 'Alt', keys[1]?.prefix, ['open311:write'], false],
      ],
    );
    assert.ok(!('key_hash' in (keys[0] ?? {})) && !('hash' in (keys[0] ?? {})));
    assert.ok((await listApiKeys(database.db, musterstadt)).every((k) => k.id !== id));
  });
});

describe('reading the key from a request', () => {
  test('Authorization: Bearer and X-API-Key; nothing else', () => {
    assert.equal(apiKeyFromRequest({ headers: { authorization: 'Bearer rh_abc' } }), 'rh_abc');
    assert.equal(apiKeyFromRequest({ headers: { authorization: 'bearer   rh_abc ' } }), 'rh_abc');
    assert.equal(apiKeyFromRequest({ headers: { 'x-api-key': ' rh_abc ' } }), 'rh_abc');
    assert.equal(apiKeyFromRequest({ headers: { authorization: 'Bearer rh_a', 'x-api-key': 'rh_b' } }), 'rh_a');
    assert.equal(apiKeyFromRequest({ headers: { authorization: 'Basic dXNlcjpwdw==', 'x-api-key': 'rh_b' } }), 'rh_b');
    assert.equal(apiKeyFromRequest({ headers: { authorization: 'Bearer two words' } }), undefined);
    assert.equal(apiKeyFromRequest({ headers: { authorization: 'Bearer' } }), undefined);
    assert.equal(apiKeyFromRequest({ headers: {} }), undefined);
    assert.equal(apiKeyFromParameter('rh_abc'), 'rh_abc');
    assert.equal(apiKeyFromParameter(['rh_a', 'rh_b']), undefined);
    assert.equal(apiKeyFromParameter(''), undefined);
    assert.equal(apiKeyFromParameter(undefined), undefined);
  });
});

describe('CLI', () => {
  let dataDir: string;

  before(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-cli-'));
  });

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, NODE_ENV: 'development' } });

  test('apikey:create prints a working key as its last line; list and revoke work', async () => {
    const created = await cli('apikey:create', '--tenant', 'beispielhausen', '--name', 'Open311-Client', '--scope', 'open311:write');
    const key = created.stdout.trim().split('\n').at(-1) ?? '';
    assert.match(key, /^rh_[A-Za-z0-9_-]{43}$/);
    assert.match(created.stderr, /shown only this once/);
    const principal = await authenticateApiKey(database.db, beispielhausen, key);
    assert.deepEqual(principal?.scopes, ['open311:write']);
    assert.equal(principal?.name, 'Open311-Client');
    assert.equal(await authenticateApiKey(database.db, musterstadt, key), null);

    const listed = await cli('apikey:list', '--tenant', 'beispielhausen');
    assert.match(listed.stdout, new RegExp(`${principal?.id}\\t${key.slice(0, 8)}…\\tOpen311-Client\\topen311:write\\tactive`));
    assert.ok(!listed.stdout.includes(key), 'the list never shows the key');

    const revoked = await cli('apikey:revoke', '--tenant', 'beispielhausen', '--id', principal?.id ?? '');
    assert.match(revoked.stdout, /revoked API key "Open311-Client"/);
    assert.equal(await authenticateApiKey(database.db, beispielhausen, key), null);
    const entries = await database.db.selectFrom('audit_log').select(['action', 'actor_label']).where('object_id', '=', principal?.id ?? '').orderBy('id').execute();
    assert.deepEqual(entries, [
      { action: 'apikey.create', actor_label: 'cli' },
      { action: 'apikey.revoke', actor_label: 'cli' },
    ]);
  });

  test('without --scope the key gets every scope; bad input exits with 2 and a message', async () => {
    const created = await cli('apikey:create', '--tenant', 'musterstadt', '--name', 'Alles');
    const key = created.stdout.trim().split('\n').at(-1) ?? '';
    assert.deepEqual((await authenticateApiKey(database.db, musterstadt, key))?.scopes, API_SCOPES.map((s) => s.scope));
    const failures = [
      [['apikey:create', '--tenant', 'musterstadt'], /--name/],
      [['apikey:create', '--tenant', 'musterstadt', '--name', 'x', '--scope', 'alles:erlaubt'], /unknown scope/],
      [['apikey:create', '--tenant', 'nirgendwo', '--name', 'x'], /unknown tenant/],
      [['apikey:revoke', '--tenant', 'musterstadt', '--id', 'keine-uuid'], /no API key/],
    ] as const;
    await Promise.all(
      failures.map(([args, message]) =>
        assert.rejects(cli(...args), (error: { code?: number; stderr?: string }) => {
          assert.equal(error.code, 2, args.join(' '));
          assert.match(error.stderr ?? '', message);
          return true;
        }),
      ),
    );
  });
});
