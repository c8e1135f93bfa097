/**
 * A small in-process cache with a time to live, for the read side of the
 * appointment module (issue 8: a slot-release storm must not make every
 * calendar read and every losing booking attempt re-read the same rows).
 *
 * - One load per key at a time: concurrent readers of a missing key share
 *   the same promise, so 200 clients polling one day cause one query. A
 *   reader who needs a load that began after it came in (`notBefore`) while
 *   an older one is under way waits for the next load, which begins when the
 *   running one ends and is shared by everyone who came in meanwhile: a
 *   stream of such readers causes one load at a time, not one each.
 * - Invalidation by key prefix and by age: `invalidate(prefix, before)`
 *   drops the entries whose load *started* before `before` (performance.now()
 *   time). A write that committed at T invalidates with `before = now`, so an
 *   entry loaded from an older snapshot is never served again, while one
 *   started after the commit (it already sees the write) can stay.
 * - A failed load is not kept.
 *
 * It holds derived, public data only (opening hours, free places, settings),
 * never personal data.
 */
interface Entry<V> {
  startedAt: number;
  value: Promise<V>;
  /** The load that follows this one (while it runs), for readers who came in after it began. */
  next?: Promise<V>;
  /** The value once loaded (when: `at`), with how long it is kept. */
  loaded?: { value: V; ttlMs: number; at: number };
}

/** What `revise` is shown of an entry. */
export interface EntryState {
  /** When its load started, and (once loaded) when it finished, in the cache's clock. */
  startedAt: number;
  loadedAt?: number;
  value?: unknown;
}

export interface ReadCache {
  /**
   * The cached value of `key`, or the result of `load` (kept for `ttlMs`, or
   * for what `ttlOf` says of the value). With `notBefore`, only a load that
   * started then or later will do (it may still be running, and is shared).
   */
  get<V>(key: string, load: () => Promise<V>, ttlOf?: (value: V) => number, notBefore?: number): Promise<V>;
  /**
   * Drops the entries whose key starts with `prefix` (or that `prefix`
   * matches) and whose load started before `before` (default: all of them) —
   * with `stale`, only those whose loaded value it calls stale (and those
   * still loading).
   */
  invalidate(prefix: string | ((key: string) => boolean), before?: number, stale?: (value: unknown) => boolean): void;
  /** For each entry under `prefix`: keep it, drop it, or replace its value (it keeps its times). */
  revise(prefix: string, decide: (entry: EntryState, key: string) => 'keep' | 'drop' | { value: unknown }): void;
  readonly ttlMs: number;
  size(): number;
}

export function createReadCache(options: { ttlMs: number; maxEntries?: number; clock?: () => number }): ReadCache {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? 1000;
  const clock = options.clock ?? (() => performance.now());
  const entries = new Map<string, Entry<unknown>>();

  function get<V>(key: string, load: () => Promise<V>, ttlOf?: (value: V) => number, notBefore = Number.NEGATIVE_INFINITY): Promise<V> {
    if (ttlMs <= 0) return load();
    const at = clock();
    const hit = entries.get(key) as Entry<V> | undefined;
    if (hit && hit.startedAt >= notBefore && at - hit.startedAt < (hit.loaded?.ttlMs ?? ttlMs)) return hit.value;
    if (hit && !hit.loaded && at - hit.startedAt < ttlMs) {
      // Under way, but begun before this reader came in: the next load, once this one has ended.
      if (!hit.next) {
        const ended = hit.value.then(
          () => undefined,
          () => undefined,
        );
        hit.next = ended.then(() => start(key, load, ttlOf));
      }
      return hit.next;
    }
    return start(key, load, ttlOf);
  }

  /** Begins a load of `key` now; it replaces the entry there. */
  function start<V>(key: string, load: () => Promise<V>, ttlOf?: (value: V) => number): Promise<V> {
    const at = clock();
    entries.delete(key);
    // The oldest entry goes first (a Map keeps insertion order); keys come from requests, so the size is bounded.
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    const entry: Entry<V> = { startedAt: at, value: load() };
    entries.set(key, entry);
    entry.value.then(
      (value) => {
        entry.loaded = { value, ttlMs: ttlOf ? Math.min(ttlMs, ttlOf(value)) : ttlMs, at: clock() };
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return entry.value;
  }

  function invalidate(prefix: string | ((key: string) => boolean), before = Number.POSITIVE_INFINITY, stale?: (value: unknown) => boolean): void {
    const matches = typeof prefix === 'string' ? (key: string) => key.startsWith(prefix) : prefix;
    for (const [key, entry] of entries) {
      if (!matches(key) || entry.startedAt >= before) continue;
      if (!stale || !entry.loaded || stale(entry.loaded.value)) entries.delete(key);
    }
  }

  function revise(prefix: string, decide: (entry: EntryState, key: string) => 'keep' | 'drop' | { value: unknown }): void {
    for (const [key, entry] of entries) {
      if (!key.startsWith(prefix)) continue;
      const verdict = decide({ startedAt: entry.startedAt, ...(entry.loaded ? { loadedAt: entry.loaded.at, value: entry.loaded.value } : {}) }, key);
      if (verdict === 'drop') entries.delete(key);
      else if (verdict !== 'keep' && entry.loaded) {
        entry.loaded = { ...entry.loaded, value: verdict.value };
        entry.value = Promise.resolve(verdict.value);
      }
    }
  }

  return { get, invalidate, revise, ttlMs, size: () => entries.size };
}
