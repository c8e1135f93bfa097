/** Helpers for tests that run real job queues. */
import type { JobLogger } from './jobs.ts';

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Keeps what was logged, so a failing test can show it and a passing one stays quiet. */
export function recordingLogger(): JobLogger & { entries: { level: string; obj: object; msg?: string | undefined }[] } {
  const entries: { level: string; obj: object; msg?: string | undefined }[] = [];
  return {
    entries,
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
    info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
  };
}
