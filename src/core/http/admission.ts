/**
 * Admission for a group of routes (load shedding, core/http/load-shedding.ts):
 * at most `max` requests at a time, more wait first come first served, and
 * beyond the waiting places a request is refused at once.
 *
 * The waiting places are either a fixed number or sized to a wait budget:
 * as many as the group completes in `budgetMs` at the rate it is completing
 * requests now (Little's law: a request at the end of the queue then waits
 * about the budget). A fixed short queue refuses work on every hiccup of a
 * few hundred milliseconds (a garbage collection, a checkpoint) although the
 * instance keeps up on average; a queue sized to the budget rides those out,
 * and in a real overload it still refuses the excess at once instead of
 * letting everyone wait.
 */

export interface AdmissionOptions {
  /** Requests running at once. */
  max: number;
  /** Waiting places: a number, or sized to a wait budget at the current completion rate (bounded by min and max). */
  queue: number | { budgetMs: number; min: number; max: number };
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface Admission {
  /** Resolves true once admitted (call `release` when done), false when refused. */
  enter(): Promise<boolean>;
  release(): void;
  /** Waiting places now. */
  queueLimit(): number;
  readonly active: number;
  readonly waiting: number;
}

/** Time constant of the completion-rate average (ms). */
const RATE_WINDOW_MS = 1000;

export function admission(options: AdmissionOptions): Admission {
  const now = options.now ?? (() => performance.now());
  let active = 0;
  const waiting: Array<() => void> = [];
  // Completions per ms, exponentially averaged over RATE_WINDOW_MS.
  let rate = 0;
  let rateAt = now();

  function decayedRate(at: number): number {
    return rate * Math.exp(-(at - rateAt) / RATE_WINDOW_MS);
  }

  function queueLimit(): number {
    const queue = options.queue;
    if (typeof queue === 'number') return queue;
    const byRate = Math.floor(decayedRate(now()) * queue.budgetMs);
    return Math.min(queue.max, Math.max(queue.min, byRate));
  }

  return {
    async enter() {
      if (active < options.max) {
        active += 1;
        return true;
      }
      if (waiting.length >= queueLimit()) return false;
      await new Promise<void>((resolve) => waiting.push(resolve));
      return true;
    },
    release() {
      const at = now();
      rate = decayedRate(at) + 1 / RATE_WINDOW_MS;
      rateAt = at;
      const next = waiting.shift();
      // The place goes to the next in the queue (active stays as it is).
      if (next) next();
      else active -= 1;
    },
    queueLimit,
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
