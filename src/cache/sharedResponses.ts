/**
 * Cached responses in Redis, shared by the replicas, for the response-cache plugin: each response
 * under `<prefix>response:<key>` with its TTL, and one set per entity (`Session:<id>`, and per type
 * `Session`) listing the responses that hold it, so an invalidation on any replica drops them for
 * all. (@envelop/response-cache-redis does the same with KEYS and unprefixed, never-expiring sets:
 * not fit for a shared production Redis.)
 *
 * While Redis is unreachable, responses are kept in process memory for at most OUTAGE_TTL_MS, since
 * other replicas' invalidations cannot reach this one then. Invalidations that could not reach Redis
 * leave stale entries there: when it is back, every shared response is dropped (a cold cache, never a
 * stale one).
 */
import { createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import type { Logger } from '../logger.ts';
import type { SharedRedis } from './redis.ts';
import type { ResponseStore } from './responseCache.ts';

/** How long a response kept in memory during a Redis outage may serve. */
export const OUTAGE_TTL_MS = 10_000;
const SCAN_BATCH = 500;

export function sharedResponseStore(
  shared: SharedRedis,
  options: { maxEntries: number; indexTtlMs: number; logger: Logger },
): ResponseStore {
  const responseKey = (id: string) => `${shared.prefix}response:${id}`;
  const entityKey = (entity: string) => `${shared.prefix}response-entity:${entity}`;
  const newMemory = () => createInMemoryCache({ max: options.maxEntries });
  let memory = newMemory();
  let missedInvalidations = false;

  shared.onRecovered(() => {
    memory = newMemory();
    if (!missedInvalidations) return;
    void dropSharedResponses().then((dropped) => {
      if (dropped === undefined) return;
      missedInvalidations = false;
      options.logger.info(
        { source: 'redis', dropped },
        'redis is back: dropped the shared responses that invalidations could not reach',
      );
    });
  });

  const dropSharedResponses = () =>
    shared.run(async (redis) => {
      let dropped = 0;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(
          cursor,
          'MATCH',
          `${shared.prefix}response*`,
          'COUNT',
          SCAN_BATCH,
        );
        cursor = next;
        if (keys.length > 0) dropped += await redis.unlink(...keys);
      } while (cursor !== '0');
      return dropped;
    });

  return {
    async get(id) {
      const stored = await shared.run((redis) => redis.get(responseKey(id)));
      if (stored === undefined) return memory.get(id);
      return stored === null ? null : JSON.parse(stored);
    },
    async set(id, result, entities, ttl) {
      const entityIds = [...entities].flatMap(({ typename, id: entity }) =>
        entity === undefined ? [typename] : [typename, `${typename}:${entity}`],
      );
      const written = await shared.run(async (redis) => {
        const batch = redis.multi().set(responseKey(id), JSON.stringify(result), 'PX', ttl);
        for (const entity of new Set(entityIds)) {
          batch.sadd(entityKey(entity), id).pexpire(entityKey(entity), options.indexTtlMs);
        }
        await batch.exec();
        return true;
      });
      if (!written) await memory.set(id, result, entities, Math.min(ttl, OUTAGE_TTL_MS));
    },
    async invalidate(entities) {
      const list = [...entities];
      await memory.invalidate(list);
      const done = await shared.run(async (redis) => {
        for (const { typename, id } of list) {
          const key = entityKey(id === undefined ? typename : `${typename}:${id}`);
          const responses = await redis.smembers(key);
          await redis.unlink(key, ...responses.map(responseKey));
        }
        return true;
      });
      if (!done) missedInvalidations = true;
    },
  };
}
