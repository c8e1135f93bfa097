/**
 * The batched request log: lines reach standard output without an exit (the
 * timer), everything buffered is written when the process exits, and a
 * closed destination has written all it got.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const module = fileURLToPath(new URL('./log-destination.ts', import.meta.url));

/** Runs a script with the destination in a child process; resolves with its stdout and what it saw on the way. */
function run(script: string): Promise<{ stdout: string; seenBeforeExit: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { batchedStdout } from ${JSON.stringify(module)};\n${script}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let seenBeforeExit = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('MARK')) seenBeforeExit = stdout;
    });
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, seenBeforeExit }));
  });
}

test('lines are written within a moment without an exit, and the rest on process.exit', async () => {
  const { stdout, seenBeforeExit } = await run(`
    const log = batchedStdout({ flushMs: 50 });
    log.write('first\\n');
    await new Promise((r) => setTimeout(r, 400));
    process.stdout.write('MARK\\n');
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 3; i++) log.write('line ' + i + '\\n');
    process.exit(0);
  `);
  assert.ok(seenBeforeExit.startsWith('first\n'), `the first line came out before the mark, by the timer: ${JSON.stringify(seenBeforeExit)}`);
  assert.match(stdout, /line 0\nline 1\nline 2\n$/, 'what was buffered at process.exit is written');
});

test('close writes everything buffered, many lines in few writes', async () => {
  const { stdout } = await run(`
    const log = batchedStdout({ flushMs: 60_000 });
    for (let i = 0; i < 1000; i++) log.write(JSON.stringify({ n: i, msg: 'request completed' }) + '\\n');
    log.close();
  `);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1000);
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { n: number }).n), [...Array(1000).keys()]);
});
