/**
 * Which errors mean "the database is not reachable right now" (503 with
 * Retry-After, the request can be repeated) and which are bugs (500). The
 * behaviour on the real app under a full pool is in page-cache.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { isDatabaseUnavailable } from './load-shedding.ts';

test('a connect to a Unix socket that is not there (PostgreSQL restarting) counts as an outage', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-nosocket-'));
  const client = new pg.Client({ connectionString: `postgres://x:y@127.0.0.1:5/db?host=${encodeURIComponent(dir)}` });
  client.on('error', () => {});
  try {
    const error = await client.connect().then(() => null, (e: unknown) => e as { code?: unknown; syscall?: unknown; message?: string });
    assert.ok(error, 'connect failed');
    assert.equal(error.code, 'ENOENT');
    assert.ok(isDatabaseUnavailable(error));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('database outages are recognised as such (503), bugs are not', () => {
  assert.ok(isDatabaseUnavailable({ message: 'timeout exceeded when trying to connect' }));
  assert.ok(isDatabaseUnavailable({ message: 'x', code: 'ECONNREFUSED' }));
  assert.ok(isDatabaseUnavailable({ message: 'terminating connection due to administrator command', code: '57P01' }));
  assert.ok(isDatabaseUnavailable({ message: 'Connection terminated unexpectedly' }));
  // The embedded server's socket file is gone while it restarts; a missing file elsewhere is not an outage.
  assert.ok(isDatabaseUnavailable({ message: 'connect ENOENT /data/postgres/.s.PGSQL.5432', code: 'ENOENT', syscall: 'connect' }));
  assert.ok(!isDatabaseUnavailable({ message: "ENOENT: no such file or directory, open '/data/files/ab/cd'", code: 'ENOENT', syscall: 'open' }));
  assert.ok(!isDatabaseUnavailable({ message: 'duplicate key value violates unique constraint', code: '23505' }));
  assert.ok(!isDatabaseUnavailable({ message: "Cannot read properties of undefined (reading 'x')" }));
});
