/**
 * `npm start`: the Rathaus server. Starts (or connects to) PostgreSQL,
 * migrates, seeds the demo on an empty database, and serves HTTP. SIGTERM and
 * SIGINT finish in-flight requests, stop the workers and stop the embedded
 * database cleanly.
 */
import pino from 'pino';
import { loadConfig, ConfigError } from './core/config/config.ts';
import { startRuntime } from './core/runtime.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  const started = Date.now();
  const runtime = await startRuntime(config, logger);
  const app = runtime.app;
  if (!app) throw new Error('no HTTP app');
  await app.listen({ port: config.port, host: config.host, backlog: config.listenBacklog });
  logger.info({ url: config.publicUrl, ms: Date.now() - started, database: runtime.database.embedded ? 'embedded' : 'external' }, 'Rathaus is ready');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({}, 'shutdown took too long, exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await runtime.stop();
      logger.info({}, 'stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main();
