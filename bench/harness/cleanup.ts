/**
 * One place where everything a benchmark or drill starts (processes,
 * PostgreSQL servers, temp directories) registers how to stop it, so a
 * normal end, an error and Ctrl-C all leave the shared machine clean.
 *
 * Async cleanups run in reverse order of registration (last started, first
 * stopped) on `runCleanups()`, on SIGINT/SIGTERM, on an uncaught error, and
 * when the event loop drains. `process.exit()` skips async work, so process
 * ids registered with `killOnExit` are also sent SIGKILL synchronously then.
 */

type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];
const pids = new Set<number>();
let running: Promise<void> | null = null;
let installed = false;

/** Registers `fn` to run once at exit; returns a function that unregisters it (call it after stopping the thing yourself). */
export function onExit(fn: Cleanup): () => void {
  install();
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Last resort for a child process: SIGKILL in the synchronous 'exit' handler if it is still registered then. */
export function killOnExit(pid: number): () => void {
  install();
  pids.add(pid);
  return () => pids.delete(pid);
}

/** Runs every registered cleanup (newest first), each at most once; errors are logged, not thrown. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop() as Cleanup;
      try {
        await fn();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
  })().finally(() => {
    running = null;
  });
  return running;
}

function install(): void {
  if (installed) return;
  installed = true;
  const stopAndExit = (code: number) => () => {
    void runCleanups().finally(() => process.exit(code));
  };
  process.once('SIGINT', stopAndExit(130));
  process.once('SIGTERM', stopAndExit(143));
  process.on('uncaughtException', (error) => {
    console.error(error);
    stopAndExit(1)();
  });
  process.on('beforeExit', () => {
    if (cleanups.length > 0) void runCleanups();
  });
  process.on('exit', () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}
