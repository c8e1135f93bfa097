/**
 * Guards the calls to one payment platform, so a platform that fails or
 * hangs costs citizens seconds, not a pile-up: each call already has a
 * deadline (the adapter's timeout); on top of that
 * - after `failureThreshold` failures in a row the circuit opens: for
 *   `coolDownMs` no call is made, every caller gets a retryable
 *   ProviderError at once ("online payment unavailable, try later");
 * - then one trial call goes through (half-open); if it works the circuit
 *   closes, if not it stays open for another cool-down;
 * - at most `maxConcurrent` calls wait on the platform at a time; more fail
 *   at once instead of holding a socket and a request each.
 *
 * Only failures that say "the platform is in trouble" count (retryable
 * ProviderErrors: timeouts, refused connections, 5xx, unreadable answers);
 * a refusal of the request itself (4xx) proves the platform is alive.
 * The state lives in the process: each instance learns on its own, after
 * at most `failureThreshold` slow calls.
 */
import { ProviderError } from '../provider.ts';

export interface CircuitBreakerOptions {
  /** Name in the error messages (e.g. the platform's host). */
  name: string;
  failureThreshold?: number;
  coolDownMs?: number;
  maxConcurrent?: number;
  now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  run<T>(call: () => Promise<T>): Promise<T>;
  state(): CircuitState;
}

export const DEFAULT_FAILURE_THRESHOLD = 3;
export const DEFAULT_COOL_DOWN_MS = 15_000;
/** Payment starts take a fraction of a second: eight at a time is ample for one instance, and bounds what a hanging platform can hold. */
export const DEFAULT_MAX_CONCURRENT = 8;

const countsAsFailure = (error: unknown): boolean => !(error instanceof ProviderError) || error.retryable;

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
  const coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | null = null;
  let trialRunning = false;
  let running = 0;

  function state(): CircuitState {
    if (openedAt === null) return 'closed';
    return now() - openedAt >= coolDownMs ? 'half-open' : 'open';
  }

  return {
    state,
    async run<T>(call: () => Promise<T>): Promise<T> {
      const current = state();
      if (current === 'open' || (current === 'half-open' && trialRunning)) {
        const waitS = Math.max(1, Math.ceil((coolDownMs - (now() - (openedAt ?? now()))) / 1000));
        throw new ProviderError(`${options.name}: not called after ${failures} failures in a row (next attempt in about ${waitS} s)`, true);
      }
      if (running >= maxConcurrent) throw new ProviderError(`${options.name}: ${running} calls are already waiting for an answer`, true);
      const trial = current === 'half-open';
      if (trial) trialRunning = true;
      running++;
      try {
        const result = await call();
        failures = 0;
        openedAt = null;
        return result;
      } catch (error) {
        if (countsAsFailure(error)) {
          failures++;
          if (trial || failures >= threshold) openedAt = now();
        } else {
          failures = 0;
          openedAt = null;
        }
        throw error;
      } finally {
        running--;
        if (trial) trialRunning = false;
      }
    },
  };
}
