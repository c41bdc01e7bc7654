/**
 * The one home for caching. Every cache in labgraph is made here, with the TTL its source calls for
 * (the reference systems use ~10 min for CodeOcean and S3 listings and 12 h for DocDB). Derived
 * tables keyed by an object's ETag never go stale, so they only have a size bound.
 */
import { LRUCache } from 'lru-cache';

export type CachePolicy = 'codeocean' | 'docdb' | 'objectstoreListing' | 'tracked' | 'derivedByEtag';

const MINUTE = 60_000;

export const CACHE_TTL_MS: Record<CachePolicy, number> = {
  codeocean: 10 * MINUTE,
  docdb: 12 * 60 * MINUTE,
  objectstoreListing: 10 * MINUTE,
  tracked: 10 * MINUTE,
  derivedByEtag: 0, // 0 = no expiry: content at a given ETag never changes
};

const MAX_ENTRIES: Record<CachePolicy, number> = {
  codeocean: 20_000,
  docdb: 20_000,
  objectstoreListing: 5_000,
  tracked: 100,
  // A one-hour task file decodes to ~2 MB; 64 sessions bound this cache near 128 MB.
  derivedByEtag: 64,
};

export interface TtlCache<V extends {}> {
  /** Returns the cached value, or runs `load` once (concurrent callers share the same promise). */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V>;
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
  return {
    getOrLoad(key, load) {
      const hit = lru.get(key);
      if (hit) return hit;
      const pending = load();
      lru.set(key, pending);
      pending.catch(() => {
        if (lru.get(key) === pending) lru.delete(key);
      });
      return pending;
    },
    delete: (key) => void lru.delete(key),
    clear: () => lru.clear(),
    get size() {
      return lru.size;
    },
  };
}
