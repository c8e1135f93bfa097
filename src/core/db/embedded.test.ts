/**
 * The embedded server's connection: through its Unix socket when the data
 * directory allows one, over loopback TCP otherwise and for tools.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { withDatabase } from './database.ts';
import { socketDirectory, startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';

async function serverAddress(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    const result = await client.query<{ address: string | null }>('select inet_server_addr()::text as address');
    return result.rows[0]?.address ?? null;
  } finally {
    await client.end();
  }
}

test('the socket lives in the data directory unless its path is too long or would need quoting', () => {
  assert.equal(socketDirectory('/var/lib/rathaus/postgres', 54321), '/var/lib/rathaus/postgres');
  const long = `/srv/${'x'.repeat(120)}/postgres`;
  assert.equal(socketDirectory(long, 54321), null);
  // 107 bytes is the longest socket path Linux takes: `/<d>/.s.PGSQL.54321` with a directory of 92 bytes fits, 93 not.
  assert.equal(socketDirectory(`/${'d'.repeat(91)}`, 54321), `/${'d'.repeat(91)}`);
  assert.equal(socketDirectory(`/${'d'.repeat(92)}`, 54321), null);
  assert.equal(socketDirectory('/home/anna/Mein Rathaus/postgres', 54321), null);
  assert.equal(socketDirectory("/srv/it's/postgres", 54321), null);
});

// The suite's second run (TEST_DATABASE_URL, another PostgreSQL version) would only start the same embedded server again.
const onAnotherServer = process.env.TEST_DATABASE_URL ? 'starts the embedded server only; covered by the run without TEST_DATABASE_URL' : false;
let tmp = '';
let server: EmbeddedServer | undefined;

before(async () => {
  if (onAnotherServer) return;
  tmp = mkdtempSync(path.join(os.tmpdir(), 'rathaus-embedded-test-'));
  server = await startEmbeddedPostgres(path.join(tmp, 'postgres'), { persistent: false });
});

after(async () => {
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the app connects through the Unix socket; TCP on loopback stays open', { skip: onAnotherServer }, async () => {
  assert.ok(server);
  const url = server.urlFor('postgres');
  assert.match(url, /\?host=%2F/);
  // inet_server_addr() is null on a Unix-socket connection.
  assert.equal(await serverAddress(url), null);
  assert.equal(await serverAddress(url.replace(/\?.*$/, '')), '127.0.0.1/32');
  // Another database on the same server keeps the socket.
  assert.match(withDatabase(url, 'rathaus_x'), /\/rathaus_x\?host=%2F/);
});
