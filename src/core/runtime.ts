/**
 * Starting and stopping the whole system, shared by the server, the CLI and
 * the tests: database (embedded or external), migrations, demo seed, job
 * queue and workers, services, and the HTTP app.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.ts';
import { connectDatabase, ensureDatabase, type DatabaseHandle } from './db/database.ts';
import { attachEmbeddedPostgres, startEmbeddedPostgres, type EmbeddedServer } from './db/embedded.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createJobQueue, type JobQueue } from './jobs/jobs.ts';
import { buildCatalog, type MessageBundle } from './i18n/i18n.ts';
import { createServices, type Services } from './services.ts';
import { registerCaseTypes, caseTypes } from './cases/case-types.ts';
import { registerSettings, settingDefinition } from './tenancy/settings.ts';
import { registerPayables } from './payments/payables.ts';
import { coreMessages } from './messages.ts';
import { uiMessages } from './ui/messages.ts';
import { antibotMessages } from './antibot/messages.ts';
import { registerCoreJobs, coreJobQueues } from './jobs/core-jobs.ts';
import { modules } from '../modules/index.ts';
import { seedDemo } from '../../seed/demo.ts';
import { createFileStore } from './files/file-store.ts';
import { buildApp } from '../app.tsx';

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

let registered = false;
/** Module case types and settings join the core registries once per process. */
export function registerModules(): void {
  if (registered) return;
  registered = true;
  for (const m of modules) {
    if (m.caseTypes) registerCaseTypes(m.caseTypes.filter((t) => !caseTypes().some((c) => c.type === t.type)));
    if (m.settings) registerSettings(m.settings.filter((s) => !settingDefinition(s.key)));
    if (m.payables) registerPayables(m.payables);
  }
}

export function messageCatalog() {
  const bundles: MessageBundle[] = [coreMessages, uiMessages, antibotMessages, ...modules.flatMap((m) => m.messages ?? [])];
  return buildCatalog(bundles);
}

export interface Database {
  handle: DatabaseHandle;
  url: string;
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded server in DATA_DIR/postgres. Migrates. */
export async function openDatabase(config: Config, logger: Logger, options: { migrate?: boolean; attach?: boolean } = {}): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    const started = Date.now();
    const dir = path.join(config.dataDir, 'postgres');
    // The CLI joins the server a running app owns; the app itself always owns its server.
    embedded = options.attach ? await attachEmbeddedPostgres(dir) : await startEmbeddedPostgres(dir);
    url = embedded.urlFor('rathaus');
    logger.info({ ms: Date.now() - started }, 'embedded PostgreSQL ready');
  }
  await ensureDatabase(url);
  const handle = connectDatabase(url, { max: config.databasePoolMax, onError: (error) => logger.warn({ err: error.message }, 'database connection error') });
  if (options.migrate !== false) {
    const applied = await migrateToLatest(handle.db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  return {
    handle,
    url,
    embedded,
    close: async () => {
      await handle.close();
      await embedded?.stop();
    },
  };
}

export interface Runtime {
  services: Services;
  app: FastifyInstance | null;
  database: Database;
  jobs: JobQueue;
  stop(): Promise<void>;
}

/**
 * Boots everything. `http: false` for the CLI; `workers: false` for processes
 * that only enqueue. Stop order: HTTP (finish in-flight requests), jobs,
 * database, embedded server.
 */
export async function startRuntime(config: Config, logger: Logger, options: { http?: boolean; workers?: boolean; seed?: boolean; database?: Database; now?: () => Date } = {}): Promise<Runtime> {
  registerModules();
  const database = options.database ?? (await openDatabase(config, logger));
  if (options.seed !== false && config.seed === 'demo') {
    if (await seedDemo(database.handle.db, createFileStore(path.join(config.dataDir, 'files')))) logger.info({}, 'demo data seeded (Musterstadt, Beispielhausen)');
  }
  const queues = [...coreJobQueues(config.mailRetryDelaySeconds ? { mailRetry: { retryDelay: config.mailRetryDelaySeconds } } : {}), ...modules.flatMap((m) => m.jobs?.queues ?? [])];
  const jobs = createJobQueue({ databaseUrl: database.url, logger, queues, workersEnabled: options.workers ?? true });
  const services = createServices({ config, database: database.handle, jobs, catalog: messageCatalog(), ...(options.now ? { now: options.now } : {}) });
  // The job queue starts (mostly waiting for the database) while the app is built (mostly CPU): a shorter cold start.
  const workersReady = (async () => {
    await jobs.start();
    const mailWorker = await registerCoreJobs(services, logger);
    for (const m of modules) await m.jobs?.register(services, logger);
    return mailWorker;
  })();
  let app: FastifyInstance | null = null;
  try {
    app = options.http === false ? null : await buildApp(services, modules);
  } catch (error) {
    await workersReady.then((worker) => worker.close(), () => {});
    await jobs.stop({ graceful: false, timeoutMs: 1_000 }).catch(() => {});
    throw error;
  }
  const mailWorker = await workersReady.catch(async (error: unknown) => {
    await app?.close();
    throw error;
  });
  return {
    services,
    app,
    database,
    jobs,
    stop: async () => {
      if (app) await app.close();
      await jobs.stop({ graceful: true, timeoutMs: 10_000 });
      await mailWorker.close();
      if (!options.database) await database.close();
    },
  };
}
