/**
 * The one home for caching. Every cache in labgraph is made here, with the TTL its source calls for
 * (the reference systems use ~10 min for CodeOcean and S3 listings and 12 h for DocDB). Derived
 * tables keyed by an object's ETag never go stale, so they only have a size bound, in bytes
 * (`createByteBoundedCache`; LABGRAPH_DERIVED_CACHE_MAX_BYTES). One value that is costly to rebuild
 * and must never make a request wait (the session catalog) is kept as a refreshing value:
 * stale-while-revalidate.
 */
import { LRUCache } from 'lru-cache';
import { SharedCalls, withSignal } from './cancellation.ts';

export type CachePolicy = 'codeocean' | 'codeoceanComputations' | 'docdb' | 'objectstoreListing';

/**
 * Something a write or a source refresh changed, named as the graph names it (`Session`, `Subject`,
 * `Dataset`…; the id as the graph shows it). Without an id: every entity of the type, and every list
 * that could hold one (what a creation changes).
 */
export interface EntityRef {
  typename: string;
  id?: string;
}

const MINUTE = 60_000;

export const CACHE_TTL_MS: Record<CachePolicy, number> = {
  codeocean: 10 * MINUTE,
  // Pipeline runs change state within minutes; aind-session re-checks sorting runs every 1–60 s.
  codeoceanComputations: MINUTE,
  docdb: 12 * 60 * MINUTE,
  objectstoreListing: 10 * MINUTE,
};

const MAX_ENTRIES: Record<CachePolicy, number> = {
  codeocean: 20_000,
  codeoceanComputations: 2_000,
  docdb: 20_000,
  objectstoreListing: 5_000,
};

/** Told of every lookup, by cache name (`response`, `codeocean`…): the metrics count them. */
export interface CacheObserver {
  hit(cache: string): void;
  miss(cache: string): void;
}

export interface TtlCache<V extends {}> {
  /**
   * Returns the cached value, or runs `load` once for concurrent callers. `load` gets the shared
   * call's signal (also the upstream clients' current signal while it runs): it aborts when every
   * caller waiting has gone.
   */
  getOrLoad(key: string, load: (signal: AbortSignal) => Promise<V>): Promise<V>;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}

/** A cache for one policy. Failed loads are not cached, so an outage is retried on the next request. */
export function createCache<V extends {}>(policy: CachePolicy, ttlMs = CACHE_TTL_MS[policy]): TtlCache<V> {
  const lru = new LRUCache<string, Promise<V>>({
    max: MAX_ENTRIES[policy],
    ...(ttlMs > 0 ? { ttl: ttlMs } : {}),
  });
  return pendingLoads(lru);
}

export interface RefreshingValue<V> {
  /**
   * The value. The first call awaits the first load (and rejects when it fails; the next call tries
   * again). After that it never waits: a value older than its max age starts one background refresh
   * (never two at once) and the current value is returned meanwhile.
   */
  get(): Promise<V>;
  /** The current value; null until the first load succeeded. */
  readonly current: V | null;
}

export interface RefreshingValueOptions<V> {
  /** How long a value serves before a refresh starts, counted from the start of its load. */
  maxAgeMs(value: V): number;
  /** A failed refresh: the previous value keeps serving and is retried after its max age. */
  onRefreshError(error: unknown): void;
  /** A refresh replaced the value (not called for the first load). */
  onRefreshed?(previous: V, next: V): void;
  now?: () => number;
}

export function createRefreshingValue<V>(
  load: () => Promise<V>,
  { maxAgeMs, onRefreshError, onRefreshed, now = Date.now }: RefreshingValueOptions<V>,
): RefreshingValue<V> {
  let current: V | null = null;
  let firstLoad: Promise<V> | null = null;
  let refreshing = false;
  let startedAt = 0;

  // A value shared by every request is loaded outside any request's cancellation.
  const detachedLoad = () => withSignal(null, load);
  const loadFirst = () => {
    startedAt = now();
    return detachedLoad()
      .then((value) => {
        current = value;
        return value;
      })
      .finally(() => {
        firstLoad = null;
      });
  };
  const refreshInBackground = () => {
    refreshing = true;
    startedAt = now();
    detachedLoad()
      .then((value) => {
        const previous = current;
        current = value;
        if (previous !== null) onRefreshed?.(previous, value);
      }, onRefreshError)
      .finally(() => {
        refreshing = false;
      });
  };

  return {
    get() {
      if (current === null) {
        firstLoad ??= loadFirst();
        return firstLoad;
      }
      if (!refreshing && now() - startedAt >= maxAgeMs(current)) refreshInBackground();
      return Promise.resolve(current);
    },
    get current() {
      return current;
    },
  };
}

/**
 * A cache bounded by the bytes its values take (lru-cache `maxSize` with a `sizeCalculation`), for
 * values derived from content that never changes (no TTL). A value weighs `sizeOf(value)` once it has
 * loaded (loads in flight are not in the LRU); a value larger than the whole bound is returned but not kept.
 */
export function createByteBoundedCache<V extends {}>(
  maxBytes: number,
  sizeOf: (value: V) => number,
): TtlCache<V> {
  const loadedSize = new WeakMap<Promise<V>, number>();
  const lru = new LRUCache<string, Promise<V>>({
    maxSize: maxBytes,
    sizeCalculation: (stored) => loadedSize.get(stored) ?? 1,
  });
  return pendingLoads(lru, (stored, value) => {
    loadedSize.set(stored, Math.max(1, Math.ceil(sizeOf(value))));
  });
}

/**
 * The TtlCache face of an lru-cache of loaded values. Concurrent callers share one load
 * (cancellation.ts: it is aborted only when every request waiting for it has gone), a failed load is
 * forgotten so the next call tries again, and a loaded value enters the LRU (its TTL counts from
 * then). Hits and misses are counted by the layer above (src/cache/caches.ts observers).
 */
function pendingLoads<V extends {}>(
  lru: LRUCache<string, Promise<V>>,
  beforeStore?: (stored: Promise<V>, value: V) => void,
): TtlCache<V> {
  const loads = new SharedCalls<V>();
  return {
    getOrLoad(key, load) {
      const hit = lru.get(key);
      if (hit) return hit;
      return loads.run(key, async (signal) => {
        const value = await load(signal);
        const stored = Promise.resolve(value);
        beforeStore?.(stored, value);
        lru.set(key, stored);
        return value;
      });
    },
    delete: (key) => void lru.delete(key),
    clear: () => lru.clear(),
    get size() {
      return lru.size;
    },
  };
}

/**
 * An estimate of the memory a plain value takes: typed arrays by their bytes, numbers 8, strings 2 per
 * character, plus a small overhead per array slot and object property. Shared parts count each time
 * they are reached (an over-estimate, which is the safe side for a bound).
 */
export function approximateBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 8;
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (typeof value === 'string') return 16 + 2 * value.length;
  if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
  if (value instanceof Error) return 256 + 2 * value.message.length;
  if (Array.isArray(value)) {
    let total = 16;
    for (const item of value) total += 8 + (typeof item === 'number' ? 0 : approximateBytes(item));
    return total;
  }
  if (typeof value === 'object') {
    let total = 32;
    for (const [key, item] of Object.entries(value)) total += 16 + 2 * key.length + approximateBytes(item);
    return total;
  }
  return 16;
}
