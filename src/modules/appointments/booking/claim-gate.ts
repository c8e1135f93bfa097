/**
 * One booking attempt at a time per time (set of slots) in this process
 * (issue 8, slot-release storm). At a release hundreds of citizens try the
 * same few earliest times at once; without the gate every one of them reads
 * the counters and sends a claim, and all but the capacity's worth lose
 * after a round trip to PostgreSQL each. Behind the gate the first attempt
 * reads and claims; the ones waiting behind it find the time full from what
 * that claim said (the read model's `knownFull`) and are answered without a
 * statement. Attempts on different times do not wait for each other, and
 * other instances are not affected: the claim in the database stays the
 * authority, the gate only saves work.
 */
export interface ClaimGate {
  /** Runs `work` after every earlier `run` with the same key has finished (first come, first served). */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Keys with attempts running or waiting (for tests). */
  readonly size: number;
}

export function createClaimGate(): ClaimGate {
  const tails = new Map<string, Promise<void>>();
  return {
    async run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key);
      let done!: () => void;
      const mine = new Promise<void>((resolve) => (done = resolve));
      const tail = previous ? previous.then(() => mine) : mine;
      tails.set(key, tail);
      try {
        if (previous) await previous;
        return await work();
      } finally {
        done();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
    get size() {
      return tails.size;
    },
  };
}
