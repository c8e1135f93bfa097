/**
 * Background jobs, stored in PostgreSQL by pg-boss (schema `pgboss`).
 *
 * The one rule that matters: a job is enqueued through the caller's executor,
 * so it commits or rolls back together with the business change that caused
 * it (transactional outbox). Any number of app instances may work the same
 * queues; pg-boss claims each job with SKIP LOCKED.
 *
 * Lifecycle: `createJobQueue` → `start()` (installs/migrates the schema,
 * creates the queues) → `work`/`schedule` → … → `stop()`.
 */
import { CompiledQuery } from 'kysely';
import { PgBoss, type Db as BossDatabase, type JobWithMetadata, type JobResult, type Queue } from 'pg-boss';
import { markPrepared, type Executor } from '../db/database.ts';
import { isDatabaseUnavailable } from '../http/load-shedding.ts';

export interface JobLogger {
  error(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/** A queue and its retry behaviour. Delays are in seconds (pg-boss's unit). */
export type QueueDefinition = { name: string } & Pick<
  Queue,
  'policy' | 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'retryDelayMax' | 'expireInSeconds' | 'retentionSeconds' | 'deleteAfterSeconds'
>;

export interface SendOptions {
  /** At most one job per key is waiting or running on queues with the `exclusive` policy. */
  singletonKey?: string;
  /** A date, or a delay in seconds. */
  startAfter?: Date | number;
  retryLimit?: number;
}

export interface JobContext {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
  /** Aborted when the instance shuts down or the job's claim is lost. */
  signal: AbortSignal;
}

export type JobHandler<T extends object> = (data: T, job: JobContext) => Promise<void>;

export interface WorkOptions {
  /** Jobs fetched per poll; they run concurrently. */
  batchSize?: number;
  pollingIntervalSeconds?: number;
  /** Independent fetch loops for this queue in this process. */
  localConcurrency?: number;
}

export interface JobQueue {
  /** False for instances that only enqueue (the CLI): `work` and `schedule` are then no-ops. */
  readonly workersEnabled: boolean;
  /** Enqueue inside the caller's transaction (executor = Kysely transaction or db), so the job commits or rolls back with the business change. */
  send(executor: Executor, queue: string, data: object, options?: SendOptions): Promise<void>;
  work<T extends object>(queue: string, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /** Cron in Europe/Berlin; one job per occurrence across all instances. */
  schedule(queue: string, cron: string, data?: object): Promise<void>;
  start(): Promise<void>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export interface JobQueueOptions {
  databaseUrl: string;
  logger: JobLogger;
  queues: readonly (string | QueueDefinition)[];
  workersEnabled?: boolean;
  /** Connections of pg-boss's own pool (fetching, completing, maintenance). */
  maxConnections?: number;
}

const DEFAULT_WORK: Required<WorkOptions> = { batchSize: 5, pollingIntervalSeconds: 2, localConcurrency: 1 };

/**
 * Runs pg-boss's statements on the caller's connection, inside the caller's
 * transaction if it has one. `prepare`: as named prepared statements (a job
 * sent with every application: pg-boss's insert took PostgreSQL longer to
 * plan than to run).
 */
function onExecutor(executor: Executor, options: { prepare?: boolean } = {}): BossDatabase {
  return {
    async executeSql(text, values) {
      const result = await executor.executeQuery(CompiledQuery.raw(options.prepare ? markPrepared(text) : text, values ?? []));
      return { rows: [...result.rows] };
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** While the database is away, one line per this interval instead of one per queue and poll. */
export const OUTAGE_LOG_INTERVAL_MS = 10_000;

/**
 * What pg-boss's `error` events become in the log. A database restart makes
 * every queue's poll fail every couple of seconds until it is back: that is
 * an outage to note (warn, once per interval, with how many were left out),
 * not a flood of errors; anything else is an error.
 */
export function queueErrorLog(logger: JobLogger, now: () => number = Date.now): (error: Error & { code?: unknown }) => void {
  let quietUntil = 0;
  let suppressed = 0;
  return (error) => {
    if (!isDatabaseUnavailable(error)) {
      logger.error({ err: error }, 'job queue error');
      return;
    }
    if (now() < quietUntil) {
      suppressed++;
      return;
    }
    (logger.warn ?? logger.info).call(logger, { err: error, suppressed }, 'job queue: database unavailable, retrying');
    quietUntil = now() + OUTAGE_LOG_INTERVAL_MS;
    suppressed = 0;
  };
}

/**
 * An index pg-boss (12.x) does not make: completing or failing a batch of
 * jobs looks them up by queue and id among the active ones, and without it
 * PostgreSQL read the whole job table for every batch (completed jobs stay
 * there until deleteAfterSeconds, a week by default). In the application
 * burst that was 263–321 pages and 2–3 ms per completion, with 15,000 jobs
 * in the table; with it, 2 pages. Made on the partitioned parent, so every
 * queue's partition has it, new ones too; `if not exists` and the name
 * prefix keep it out of pg-boss's way, and a pg-boss migration that rebuilds
 * the table loses it only until the next start.
 */
const JOB_INDEXES = [{ name: 'rathaus_job_active', definition: `(name, id) where state = 'active'` }];

async function ensureJobIndexes(boss: PgBoss): Promise<void> {
  const db = boss.getDb();
  for (const index of JOB_INDEXES) {
    // Looked up first: CREATE INDEX locks the job table against writes even when the index is there.
    const found = await db.executeSql(`select to_regclass($1) is not null as present`, [`pgboss.${index.name}`]);
    if ((found.rows[0] as { present?: boolean } | undefined)?.present) continue;
    try {
      await db.executeSql(`create index if not exists ${index.name} on pgboss.job ${index.definition}`);
    } catch (error) {
      // Two instances starting at once: the other one made it (duplicate_table, or the catalog's unique_violation).
      const code = (error as { code?: unknown }).code;
      if (code !== '42P07' && code !== '23505') throw error;
    }
  }
}

export function createJobQueue(opts: JobQueueOptions): JobQueue {
  const workersEnabled = opts.workersEnabled ?? true;
  const { logger } = opts;
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    application_name: 'rathaus-jobs',
    max: opts.maxConnections ?? (workersEnabled ? 10 : 2),
    // Maintenance and cron run wherever workers run; an enqueue-only CLI stays out of them.
    supervise: workersEnabled,
    schedule: workersEnabled,
  });
  // Without a listener an `error` event would crash the process (EventEmitter semantics).
  boss.on('error', queueErrorLog(logger));
  boss.on('warning', (warning) => (logger.warn ?? logger.info).call(logger, { warning }, 'job queue warning'));
  let started = false;

  function assertStarted(action: string): void {
    if (!started) throw new Error(`jobs: ${action} before start()`);
  }

  return {
    workersEnabled,

    async start() {
      await boss.start();
      await ensureJobIndexes(boss);
      for (const entry of opts.queues) {
        const { name, policy, ...options } = typeof entry === 'string' ? { name: entry } : entry;
        await boss.createQueue(name, { policy, ...options });
        // createQueue leaves an existing queue alone; this keeps its retry settings in step with the code.
        if (Object.keys(options).length > 0) await boss.updateQueue(name, options);
      }
      started = true;
    },

    async stop(options = {}) {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? 30_000 });
    },

    async send(executor, queue, data, options = {}) {
      assertStarted('send');
      await boss.send(queue, data, { ...options, db: onExecutor(executor, { prepare: true }) });
    },

    async work<T extends object>(queue: string, handler: JobHandler<T>, options: WorkOptions = {}) {
      assertStarted('work');
      if (!workersEnabled) return;
      const { batchSize, pollingIntervalSeconds, localConcurrency } = { ...DEFAULT_WORK, ...options };
      const runOne = async (job: JobWithMetadata<T>): Promise<JobResult> => {
        try {
          await handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit, signal: job.signal });
          return { id: job.id, status: 'completed' };
        } catch (error) {
          const willRetry = job.retryCount < job.retryLimit;
          const log = willRetry ? (logger.warn ?? logger.info) : logger.error;
          log.call(logger, { err: error, queue, jobId: job.id, retryCount: job.retryCount, willRetry }, 'job failed');
          return { id: job.id, status: 'failed', output: { message: describeError(error) } };
        }
      };
      const workOptions = {
        batchSize,
        pollingIntervalSeconds,
        localConcurrency,
        // Keep fetching while batches come back full; otherwise every batch waits a full poll interval.
        burstWhenBatchFull: true,
        includeMetadata: true,
        // One job's failure must not fail (and retry) the others in its batch.
        perJobResults: true,
      } as const;
      await boss.work<T, JobResult[], typeof workOptions>(queue, workOptions, (jobs) => Promise.all(jobs.map(runOne)));
    },

    async schedule(queue, cron, data) {
      assertStarted('schedule');
      if (!workersEnabled) return;
      await boss.schedule(queue, cron, data ?? null, { tz: 'Europe/Berlin' });
    },
  };
}

/**
 * Creates or migrates the `pgboss` schema and stops again. Called when a
 * database is prepared, so the first app start does not race to install it.
 */
export async function installJobSchema(databaseUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: databaseUrl, supervise: false, schedule: false, max: 2 });
  let failure: unknown;
  boss.on('error', (error) => {
    failure = error;
  });
  await boss.start();
  try {
    await ensureJobIndexes(boss);
  } catch (error) {
    failure ??= error;
  }
  await boss.stop({ graceful: false });
  if (failure) throw failure;
}
