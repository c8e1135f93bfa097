/**
 * Where the app's request log goes: standard output, written in batches.
 *
 * One line per request at thousands of requests a second is thousands of
 * write(2) calls, and pino's default (synchronous) destination blocks the
 * event loop whenever the reader of the pipe (journald, a container runtime,
 * a supervising process) falls behind — measured in issue 8's read path as
 * about a tenth of the app's CPU time, partly spent sleeping in a full pipe.
 * Here lines are collected and written when 4 KB have gathered or a quarter
 * of a second has passed, whichever comes first, without blocking; on exit
 * (normal or through process.exit) pino flushes what is left. A kill -9
 * loses at most the last quarter second of request lines; the lines of the
 * start and of the shutdown come from the process's own logger
 * (src/server.ts), which stays synchronous.
 */
import pino from 'pino';

export interface LogDestination {
  write(line: string): void;
  /** Writes what is buffered and stops the timer (the app closes). */
  close(): void;
}

export function batchedStdout(options: { minLength?: number; flushMs?: number } = {}): LogDestination {
  const stream = pino.destination({ dest: 1, sync: false, minLength: options.minLength ?? 4096 });
  const timer = setInterval(() => {
    try {
      stream.flush();
    } catch {
      // A destroyed stream (standard output gone) throws here: losing log lines must never take the app down.
    }
  }, options.flushMs ?? 250);
  timer.unref();
  return {
    write: (line) => {
      stream.write(line);
    },
    close: () => {
      clearInterval(timer);
      try {
        stream.flushSync();
      } catch {
        // Not ready yet or already closed: nothing buffered to lose.
      }
    },
  };
}
