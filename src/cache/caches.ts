/**
 * The caches of one gateway, made in one place: every cache is process memory (src/cache.ts) in front
 * of Redis when LABGRAPH_REDIS_URL is set, so replicas share what any of them loaded. A lookup asks
 * memory, then Redis, then the source; what the source answers is written to both. While Redis is
 * unreachable the Redis step answers "nothing" at once and the cache works from memory alone.
 *
 * Values cross to Redis with Node's structured serializer (v8.serialize: plain objects, arrays, typed
 * arrays, Dates, Maps); a cache whose values hold class instances gives a codec. Observers are told of
 * every lookup (hit or miss, by cache name) — the metrics count them.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import {
  CACHE_TTL_MS,
  type CacheObserver,
  type CachePolicy,
  createByteBoundedCache,
  createCache,
  type TtlCache,
} from '../cache.ts';
import { whenAllAborted, withSignal } from '../cancellation.ts';
import type { SharedRedis } from './redis.ts';

export interface Codec<V> {
  encode(value: V): Buffer;
  decode(stored: Buffer): V;
}

/** Node's structured serializer: what comes back is typed by the cache that stored it. */
function structured<V>(): Codec<V> {
  return { encode: (value) => serialize(value), decode: (stored) => deserialize(stored) as V };
}

/** Derived tables are kept in Redis a week past their last write: an ETag's content never changes. */
const DERIVED_TTL_MS = 7 * 24 * 60 * 60_000;
/** Longer keys (DocDB queries as JSON) are stored under their SHA-256. */
const MAX_PLAIN_KEY = 200;

/** A cache that can also load many keys in one call of the source (the misses only). */
export interface BatchCache<V extends {}> extends TtlCache<V> {
  /** Values of `keys` in order: from memory, then Redis (one MGET), then ONE `fetchMissing` call. */
  getMany(
    keys: readonly string[],
    fetchMissing: (missing: string[]) => Promise<Map<string, V>>,
  ): Promise<V[]>;
}

export interface Caches {
  /** A cache with its source policy's TTL (or `ttlMs`), named for its keys in Redis and the metrics. */
  ttl<V extends {}>(policy: CachePolicy, name: string, ttlMs?: number): BatchCache<V>;
  /** Values derived from content at an ETag: bounded in bytes in memory, no TTL. */
  derived<V extends {}>(
    name: string,
    maxBytes: number,
    sizeOf: (value: V) => number,
    codec?: Codec<V>,
  ): TtlCache<V>;
  observe(observer: CacheObserver): void;
  /** Tells every observer (for caches made elsewhere, e.g. the response cache). */
  readonly observers: CacheObserver;
  /** The shared Redis, when configured. */
  readonly shared: SharedRedis | null;
}

export function createCaches(shared: SharedRedis | null = null): Caches {
  const observers: CacheObserver[] = [];
  const hit = (name: string) => {
    for (const observer of observers) observer.hit(name);
  };
  const miss = (name: string) => {
    for (const observer of observers) observer.miss(name);
  };

  function layered<V extends {}>(
    local: TtlCache<V>,
    name: string,
    redisTtlMs: number,
    codec: Codec<V>,
  ): BatchCache<V> {
    const redisKey = (key: string) => {
      const plain = key.length > MAX_PLAIN_KEY ? createHash('sha256').update(key).digest('hex') : key;
      return `${shared?.prefix}${name}:${plain}`;
    };
    const decoded = (stored: Buffer | null | undefined): V | undefined => {
      if (!stored) return undefined;
      try {
        return codec.decode(stored);
      } catch {
        return undefined; // written by another version: load it afresh
      }
    };
    const store = (key: string, value: V) => {
      if (!shared?.up) return;
      void shared.run((redis) => redis.set(redisKey(key), codec.encode(value), 'PX', redisTtlMs));
    };
    const fromSharedOrLoad = async (key: string, load: () => Promise<V>): Promise<V> => {
      const stored = decoded(
        shared ? await shared.run((redis) => redis.getBuffer(redisKey(key))) : undefined,
      );
      if (stored !== undefined) {
        hit(name);
        return stored;
      }
      miss(name);
      const value = await load();
      store(key, value);
      return value;
    };

    /**
     * Memory's answer; `load` (called synchronously on a miss, with the shared load's signal)
     * otherwise. Counts memory's hits (joining a load in flight is one).
     */
    const getOrLoadLocally = (key: string, load: (signal: AbortSignal) => Promise<V>): Promise<V> => {
      let missedLocally = false;
      const value = local.getOrLoad(key, (signal) => {
        missedLocally = true;
        return load(signal);
      });
      if (!missedLocally) hit(name);
      return value;
    };
    /** Redis's answers for `keys` (one MGET), then one `fetchMissing` call for the rest. */
    const loadMissing = async (
      keys: string[],
      fetchMissing: (missing: string[]) => Promise<Map<string, V>>,
    ): Promise<Map<string, V>> => {
      const stored = shared
        ? await shared.run((redis) => redis.mgetBuffer(...keys.map(redisKey)))
        : undefined;
      const found = new Map<string, V>();
      const absent: string[] = [];
      keys.forEach((key, i) => {
        const value = decoded(stored?.[i]);
        if (value === undefined) {
          absent.push(key);
          miss(name);
        } else {
          found.set(key, value);
          hit(name);
        }
      });
      if (absent.length > 0) {
        const fetched = await fetchMissing(absent);
        for (const key of absent) {
          const value = fetched.get(key) as V;
          found.set(key, value);
          store(key, value);
        }
      }
      return found;
    };

    return {
      getOrLoad: (key, load) => getOrLoadLocally(key, (signal) => fromSharedOrLoad(key, () => load(signal))),
      async getMany(keys, fetchMissing) {
        const distinct = [...new Set(keys)];
        const missing: string[] = [];
        const signals: AbortSignal[] = [];
        let release!: (found: Promise<Map<string, V>>) => void;
        const batch = new Promise<Map<string, V>>((resolve) => {
          release = resolve;
        });
        // Memory's loads run synchronously, so the misses are all known before the batch starts.
        const values = distinct.map((key) =>
          getOrLoadLocally(key, (signal) => {
            missing.push(key);
            signals.push(signal);
            return batch.then((found) => found.get(key) as V);
          }),
        );
        // The one upstream call serves every missing key: it is aborted once all of their loads are.
        release(
          missing.length > 0
            ? withSignal(whenAllAborted(signals), () => loadMissing(missing, fetchMissing))
            : Promise.resolve(new Map()),
        );
        const byKey = new Map((await Promise.all(values)).map((value, i) => [distinct[i] as string, value]));
        return keys.map((key) => byKey.get(key) as V);
      },
      delete: (key) => local.delete(key),
      clear: () => local.clear(),
      get size() {
        return local.size;
      },
    };
  }

  return {
    ttl: <V extends {}>(policy: CachePolicy, name: string, ttlMs = CACHE_TTL_MS[policy]) =>
      layered<V>(createCache<V>(policy, ttlMs), name, Math.max(ttlMs, 1), structured<V>()),
    derived: <V extends {}>(
      name: string,
      maxBytes: number,
      sizeOf: (value: V) => number,
      codec: Codec<V> = structured<V>(),
    ) => layered<V>(createByteBoundedCache<V>(maxBytes, sizeOf), name, DERIVED_TTL_MS, codec),
    observe: (observer) => void observers.push(observer),
    observers: { hit, miss },
    shared,
  };
}
