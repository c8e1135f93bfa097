/**
 * Booking attempts per time (set of slots) in this process, at most as many
 * at once as the time has places (issue 8, slot-release storm). At a release
 * hundreds of citizens try the same few earliest times at once; without the
 * gate every one of them reads the counters and sends a claim, and all but
 * the capacity's worth lose after a round trip to PostgreSQL each. Behind
 * the gate the first attempts read and claim; the ones waiting behind them
 * find the time full from what the last claim said (the read model's
 * `knownFull`) and are answered without a statement. Attempts on different
 * times do not wait for each other, and other instances are not affected:
 * the claim in the database stays the authority, the gate only saves work.
 */
export interface ClaimGate {
  /**
   * Runs `work` once fewer than `concurrency` earlier runs with the same key
   * are under way (first come, first served). For a time with room for k
   * citizens, k attempts may claim at once; the next waits for one of them.
   */
  run<T>(key: string, work: () => Promise<T>, concurrency?: number): Promise<T>;
  /** Keys with attempts running or waiting (for tests). */
  readonly size: number;
}

export function createClaimGate(): ClaimGate {
  const keys = new Map<string, { active: number; waiting: (() => void)[] }>();
  return {
    async run<T>(key: string, work: () => Promise<T>, concurrency = 1): Promise<T> {
      let state = keys.get(key);
      if (!state) {
        state = { active: 0, waiting: [] };
        keys.set(key, state);
      }
      const here = state;
      if (here.active >= Math.max(1, concurrency)) await new Promise<void>((resolve) => here.waiting.push(resolve));
      else here.active += 1;
      try {
        return await work();
      } finally {
        const next = here.waiting.shift();
        // The place goes to the next in line (active stays), or is given back.
        if (next) next();
        else if (--here.active === 0) keys.delete(key);
      }
    },
    get size() {
      return keys.size;
    },
  };
}
