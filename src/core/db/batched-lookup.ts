/**
 * Many lookups of the same kind in one statement: while one statement is
 * under way, the keys asked for meanwhile wait and go together in the next
 * (no timer: an idle instance sends a lone key at once). For a lookup a
 * crowd needs at the same moment — every refused booking attempt of a slot
 * release checks its Idempotency-Key — where one statement per request would
 * queue hundreds of them for the connection pool, each with its own round
 * trip.
 */
export interface BatchedLookup<K, V> {
  get(key: K): Promise<V | undefined>;
}

export function batchedLookup<K, V>(load: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>, options: { maxBatch?: number } = {}): BatchedLookup<K, V> {
  const maxBatch = options.maxBatch ?? 500;
  let waiting: { key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[] = [];
  let running = false;

  async function pump(): Promise<void> {
    running = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch);
        waiting = waiting.slice(batch.length);
        try {
          const found = await load([...new Set(batch.map((w) => w.key))]);
          for (const w of batch) w.resolve(found.get(w.key));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    get(key: K): Promise<V | undefined> {
      return new Promise((resolve, reject) => {
        waiting.push({ key, resolve, reject });
        if (!running) void pump();
      });
    },
  };
}
