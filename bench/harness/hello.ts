/**
 * The A1 anchor: a bare Fastify hello-world (logger off, no plugins) in its
 * own process, so it competes for the same cores as the app would. Its
 * throughput under the same load generator is what the app is compared to.
 *
 * `/bytes/<n>` answers n random bytes, made once (random: the same bytes on
 * the wire whatever the client accepts). The read path measures it with the
 * size each endpoint puts on the wire: what the machine and the client
 * manage for answers that big when the server does nothing else — the
 * ceiling of that endpoint on this machine.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/core/db/embedded.ts';
import { killOnExit, onExit } from './cleanup.ts';
import { request } from './http.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface HelloServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startHello(): Promise<HelloServer> {
  const port = await freePort();
  const code = `import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const bodies = new Map();
app.get('/bytes/:n', async (request, reply) => {
  const n = Math.min(Number(request.params.n) || 0, 16 * 1024 * 1024);
  if (!bodies.has(n)) bodies.set(n, (await import('node:crypto')).randomBytes(n));
  return reply.type('application/octet-stream').send(bodies.get(n));
});
await app.listen({ port: ${port}, host: '127.0.0.1' });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const pid = child.pid ?? 0;
  const unkill = killOnExit(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    unregister();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    unkill();
  };
  const unregister = onExit(stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hello-world exited before it was ready:\n${stderr}`);
    if ((await request(`${url}/`, { timeoutMs: 1_000 })).status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hello-world not ready after 30 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, pid, stop };
}
