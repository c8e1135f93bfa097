/**
 * The only place that reads the environment. Every setting is declared once,
 * validated at start (a wrong value stops the process with a clear message),
 * and has a development default; settings that must not default in
 * production fail fast there.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LISTEN_BACKLOG: z.coerce.number().int().min(1).max(65535).default(4096),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('Rathaus <no-reply@rathaus.localhost>'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_SLOW_REQUEST_MS: z.coerce.number().int().min(1).default(3000),
  SEED: z.enum(['demo', 'none']).default('demo'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  REQUIRE_TOTP: z.enum(['true', 'false']).optional(),
  XBEZAHLDIENSTE_CLIENT_SECRET: z.string().min(1).optional(),
  XBEZAHLDIENSTE_CALLBACK_SECRET: z.string().min(16, 'XBEZAHLDIENSTE_CALLBACK_SECRET must be at least 16 characters').optional(),
  XBEZAHLDIENSTE_EXTENSIONS: z.enum(['true', 'false']).default('false'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(500).default(20),
  OVERLOAD_MAX_DB_QUEUE: z.coerce.number().int().min(1).optional(),
  OVERLOAD_MAX_DB_WAIT_MS: z.coerce.number().int().min(1).default(1000),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).optional(),
  PAGE_CACHE: z.enum(['on', 'off']).optional(),
  MAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /**
   * Connections the kernel queues before the app accepts them (capped by
   * net.core.somaxconn). Node's default of 511 overflows when a crowd
   * connects at once (a slot release): the kernel drops the SYNs and clients
   * retry after 1, 3, 7 s.
   */
  listenBacklog: number;
  dataDir: string;
  /** Absent: the app starts its own embedded PostgreSQL server in `dataDir/postgres`. */
  databaseUrl: string | undefined;
  publicUrl: string;
  /** Absent: mail stays in the outbox and is readable in the back office (Postausgang). */
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionSecret: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** A request answered after this long is logged as a warning ("slow request"), so it shows at LOG_LEVEL=warn. */
  slowRequestMs: number;
  seed: 'demo' | 'none';
  trustProxy: boolean;
  /** Staff must use a second factor (TOTP). Always on in production. */
  requireTotp: boolean;
  /** Cookies get `Secure` and the `__Host-` prefix (https, or a localhost name browsers treat as secure). */
  secureCookies: boolean;
  /** XBezahldienste credentials (the per-tenant ids are tenant settings). */
  xbezahldienste: { clientSecret: string | undefined; callbackSecret: string | undefined; extensions: boolean };
  /** Connections per instance (PostgreSQL's max_connections must cover all instances plus the job workers). */
  databasePoolMax: number;
  /** Load shedding backstop: queries waiting for a connection before new requests get 503 (default 20 × pool). */
  maxPoolWaiting: number;
  /** Load shedding: how long the oldest query may wait for a connection before new requests get 503. */
  maxPoolWaitMs: number;
  /** Load shedding: mean event loop delay in ms before new requests get 503; 0 = off (the default in tests, where PDF rendering in the test process would trip it). */
  maxEventLoopDelayMs: number;
  /** Anonymous public reads served from a short per-instance cache (core/http/page-cache.ts); off by default in tests, which change data behind the app's back. */
  pageCache: boolean;
  /** Seconds before the first retry of a failed mail (doubling after that); absent: the default, 30. */
  mailRetryDelaySeconds: number | undefined;
}

export class ConfigError extends Error {}

function loadOrCreateSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (VAR= in an env file) means "not set", not "invalid".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dataDir = path.resolve(e.DATA_DIR);
  if (production && !e.SESSION_SECRET) throw new ConfigError('SESSION_SECRET is required in production');
  if (production && !e.PUBLIC_URL) throw new ConfigError('PUBLIC_URL is required in production');
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const publicHost = new URL(publicUrl);
  if (production && publicHost.protocol !== 'https:' && !isLocalHost(publicHost.hostname)) {
    throw new ConfigError('PUBLIC_URL must use https in production');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    listenBacklog: e.LISTEN_BACKLOG,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET ?? loadOrCreateSessionSecret(dataDir),
    logLevel: e.LOG_LEVEL,
    slowRequestMs: e.LOG_SLOW_REQUEST_MS,
    seed: e.SEED,
    trustProxy: e.TRUST_PROXY === 'true',
    requireTotp: production || e.REQUIRE_TOTP === 'true',
    secureCookies: publicHost.protocol === 'https:' || isLocalHost(publicHost.hostname),
    xbezahldienste: { clientSecret: e.XBEZAHLDIENSTE_CLIENT_SECRET, callbackSecret: e.XBEZAHLDIENSTE_CALLBACK_SECRET, extensions: e.XBEZAHLDIENSTE_EXTENSIONS === 'true' },
    databasePoolMax: e.DATABASE_POOL_MAX,
    maxPoolWaiting: e.OVERLOAD_MAX_DB_QUEUE ?? 20 * e.DATABASE_POOL_MAX,
    maxPoolWaitMs: e.OVERLOAD_MAX_DB_WAIT_MS,
    maxEventLoopDelayMs: e.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS ?? (e.NODE_ENV === 'test' ? 0 : 500),
    pageCache: (e.PAGE_CACHE ?? (e.NODE_ENV === 'test' ? 'off' : 'on')) === 'on',
    mailRetryDelaySeconds: e.MAIL_RETRY_DELAY_SECONDS,
  };
}
