/**
 * The caches' config: the GraphQL response cache (LABGRAPH_RESPONSE_CACHE*) and the shared Redis that
 * replicas keep their caches in (LABGRAPH_REDIS_URL, LABGRAPH_REDIS_PREFIX). Without a Redis URL every
 * cache lives in process memory.
 */
import { boolean, type Env, integer, read, url } from './configBase.ts';
import { ConfigError } from './errors.ts';

export interface CacheConfig {
  responseCache: {
    /** Whether query responses are cached at all (LABGRAPH_RESPONSE_CACHE, default true). */
    enabled: boolean;
    /** Responses kept in process memory (LRU); Redis keeps them by TTL only. */
    maxEntries: number;
  };
  /** Redis shared by the replicas, or null: every cache in process memory. */
  redis: { url: string; prefix: string } | null;
}

export function cacheConfig(env: Env): CacheConfig {
  const redisUrl = read(env, 'LABGRAPH_REDIS_URL');
  if (redisUrl !== undefined) url(env, 'LABGRAPH_REDIS_URL', ['redis:', 'rediss:']);
  const prefix = read(env, 'LABGRAPH_REDIS_PREFIX') ?? 'labgraph:';
  if (!/^[\w:.-]{1,64}$/.test(prefix)) {
    throw new ConfigError('LABGRAPH_REDIS_PREFIX', `expected 1–64 letters, digits, '_', ':', '.' or '-'`);
  }
  return {
    responseCache: {
      enabled: boolean(env, 'LABGRAPH_RESPONSE_CACHE', true),
      maxEntries: integer(env, 'LABGRAPH_RESPONSE_CACHE_MAX_ENTRIES', 1000, 1, 1_000_000),
    },
    // Kept as written for the client (it may carry a password); it is never logged.
    redis: redisUrl === undefined ? null : { url: redisUrl, prefix },
  };
}
