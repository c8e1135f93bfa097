import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPhases } from './cold-start.ts';

test('the start is broken down from the app log lines', () => {
  const output = [
    'not json',
    JSON.stringify({ level: 30, time: 1_000_700, msg: 'embedded PostgreSQL ready', ms: 450 }),
    JSON.stringify({ level: 30, time: 1_001_500, msg: 'Rathaus is ready', ms: 900 }),
  ].join('\n');
  assert.deepEqual(startPhases(output, 1_000_000, 1_001_620), { loadMs: 600, embeddedPostgresMs: 450, runtimeMs: 900, firstAnswerMs: 120 });
  assert.equal(startPhases('{"msg":"something else"}', 0, 1), null);
});
