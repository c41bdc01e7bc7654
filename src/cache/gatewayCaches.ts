/**
 * A gateway's caches, assembled from config: the shared Redis when LABGRAPH_REDIS_URL is set, the
 * source and derived-table caches over it, the response cache (in Redis or in memory), and the
 * invalidation that keeps them true after writes and catalog rebuilds.
 */
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type Caches, createCaches } from './caches.ts';
import { createInvalidation, type Invalidation } from './invalidation.ts';
import { connectRedis } from './redis.ts';
import { createResponseCache, type ResponseCache } from './responseCache.ts';
import { responseTtlsByType } from './responseTtls.ts';
import { sharedResponseStore } from './sharedResponses.ts';

export interface GatewayCaches {
  caches: Caches;
  /** Null when LABGRAPH_RESPONSE_CACHE=false. */
  responseCache: ResponseCache | null;
  invalidation: Invalidation;
  close(): Promise<void>;
}

export interface GatewayCacheDeps {
  schema: GraphQLSchema;
  /** The caller's read scope from the request (null: may not read). */
  readScope(request: Request): Promise<string | null>;
  /** True while the catalog stands in for a source that is down. */
  degraded(): boolean;
  /** Whether a request's answer stood in for an outage (from its context). */
  incomplete(context: unknown): boolean;
  /** Makes the catalog re-read the registry. */
  rereadRegistry(): void;
}

export function createGatewayCaches(config: Config, logger: Logger, deps: GatewayCacheDeps): GatewayCaches {
  const shared = config.redis ? connectRedis(config.redis, logger) : null;
  const caches = createCaches(shared);
  const ttlByType = responseTtlsByType(deps.schema);
  const responseCache = config.responseCache.enabled
    ? createResponseCache({
        schema: deps.schema,
        defaultTtlMs: config.catalog.refreshMs,
        ttlByType,
        maxEntries: config.responseCache.maxEntries,
        readScope: deps.readScope,
        degraded: deps.degraded,
        incomplete: deps.incomplete,
        observer: caches.observers,
        ...(shared
          ? {
              store: sharedResponseStore(shared, {
                maxEntries: config.responseCache.maxEntries,
                // An entity's index outlives every response it lists.
                indexTtlMs: Math.max(config.catalog.refreshMs, ...Object.values(ttlByType)),
                logger,
              }),
            }
          : {}),
      })
    : null;
  const invalidation = createInvalidation({
    responseCache,
    shared,
    rereadRegistry: deps.rereadRegistry,
    logger,
  });
  return { caches, responseCache, invalidation, close: async () => shared?.close() };
}
