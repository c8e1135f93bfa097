/**
 * A complete app on its own database clone, for HTTP-level tests with
 * `app.inject`. Workers run (mail is held unless an SMTP URL is given).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/core/config/config.ts';
import { startRuntime, type Runtime } from '../../src/core/runtime.ts';
import type { Services } from '../../src/core/services.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { provideTemplateFiles } from './template-files.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  runtime: Runtime;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

const silentLogger = { info() {}, warn() {}, error() {} };

export async function createTestApp(options: { env?: Record<string, string>; now?: () => Date; logger?: typeof silentLogger } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rathaus-app-'));
  provideTemplateFiles(dataDir);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    // Tests check behaviour, not load shedding (page-cache.test.ts sets its own bounds): on a busy
    // machine a query may wait a second for a connection, which is no reason to answer 503 here.
    OVERLOAD_MAX_DB_WAIT_MS: '10000',
    ...options.env,
  });
  const logger = options.logger ?? silentLogger;
  const runtime = await startRuntime(config, logger, {
    database: { handle: database, url: database.url, embedded: null, close: async () => {} },
    seed: false,
    ...(options.now ? { now: options.now } : {}),
  });
  if (!runtime.app) throw new Error('no app');
  await runtime.app.ready();
  return {
    app: runtime.app,
    services: runtime.services,
    runtime,
    database,
    config,
    close: async () => {
      await runtime.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny browser for inject(): keeps cookies, reads the CSRF token from the last page. */
export class TestBrowser {
  private cookies = new Map<string, string>();
  lastBody = '';

  constructor(
    private readonly app: FastifyInstance,
    private readonly host = 'localhost',
  ) {}

  private store(response: LightMyRequestResponse): void {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { host: this.host, cookie: this.cookieHeader() } });
    this.store(response);
    this.lastBody = response.body;
    return response;
  }

  csrf(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastBody);
    if (!match?.[1]) throw new Error('no CSRF token on the last page');
    return match[1];
  }

  /** POSTs a urlencoded form; `_csrf` is taken from the last page unless given. */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    const token = options.csrf === undefined ? this.csrf() : options.csrf;
    if (token !== null) body.set('_csrf', token);
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { host: this.host, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.store(response);
    this.lastBody = response.body;
    return response;
  }

  /** POSTs multipart/form-data (fields and files). */
  async postMultipart(url: string, fields: Record<string, string | string[]>, files: { field: string; filename: string; content: Buffer; type?: string }[] = [], options: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const boundary = `----rathaus${Math.random().toString(16).slice(2)}`;
    const chunks: Buffer[] = [];
    const token = options.csrf === undefined ? this.csrf() : options.csrf;
    const all = token !== null ? { ...fields, _csrf: token } : fields;
    for (const [k, v] of Object.entries(all)) {
      for (const value of Array.isArray(v) ? v : [v]) chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${value}\r\n`));
    }
    for (const f of files) {
      chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\ncontent-type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
      chunks.push(f.content, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { host: this.host, cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(chunks),
    });
    this.store(response);
    this.lastBody = response.body;
    return response;
  }
}
