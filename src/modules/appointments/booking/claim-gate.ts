/**
 * Booking attempts per time (set of slots) in this process, at most as many
 * at once as the time has places (issue 8, slot-release storm). At a release
 * hundreds of citizens try the same few earliest times at once; without the
 * gate every one of them reads the counters and sends a claim, and all but
 * the capacity's worth lose after a round trip to PostgreSQL each. Behind
 * the gate the first attempts read and claim; the ones waiting behind them
 * find the time full from what the last claim said (the read model's
 * `knownFull`) and are answered without a claim. Once an attempt leaves
 * the time settled (full), everyone still waiting is let through at once:
 * their refusals run side by side (their Idempotency-Key lookups share one
 * statement) instead of one after another, which in a storm made the last
 * of a few dozen waiters wait a second. Attempts on different
 * times do not wait for each other, and other instances are not affected:
 * the claim in the database stays the authority, the gate only saves work.
 */
export interface ClaimGate {
  /**
   * Runs `work` once fewer than `concurrency` earlier runs with the same key
   * are under way (first come, first served). For a time with room for k
   * citizens, k attempts may claim at once; the next waits for one of them.
   * When a run ends and `settled()` says the key needs no more turns (the
   * time is full), all waiting runs start at once.
   */
  run<T>(key: string, work: () => Promise<T>, concurrency?: number, settled?: () => boolean): Promise<T>;
  /** Keys with attempts running or waiting (for tests). */
  readonly size: number;
}

export function createClaimGate(): ClaimGate {
  /** A waiting run is woken with its turn (true: it takes the place of the run that ended) or without (false: the key is settled). */
  const keys = new Map<string, { active: number; waiting: ((turn: boolean) => void)[] }>();
  return {
    async run<T>(key: string, work: () => Promise<T>, concurrency = 1, settled?: () => boolean): Promise<T> {
      let state = keys.get(key);
      if (!state) {
        state = { active: 0, waiting: [] };
        keys.set(key, state);
      }
      const here = state;
      if (here.active >= Math.max(1, concurrency)) {
        const turn = await new Promise<boolean>((resolve) => here.waiting.push(resolve));
        // Let through without a place: runs beside the others, outside the count.
        if (!turn) return work();
      } else here.active += 1;
      try {
        return await work();
      } finally {
        if (here.waiting.length > 0 && settled?.()) for (const wake of here.waiting.splice(0)) wake(false);
        const next = here.waiting.shift();
        // The place goes to the next in line (active stays), or is given back.
        if (next) next(true);
        else if (--here.active === 0) keys.delete(key);
      }
    },
    get size() {
      return keys.size;
    },
  };
}
