/**
 * What a change drops, here and on every replica. A registry write committed on one replica makes
 * every replica's catalog re-read the registry and drops the cached responses holding what it touched;
 * with Redis the message goes to the others on a pub/sub channel (a replica that was cut off from
 * Redis re-reads the registry when it is back, having possibly missed messages). A catalog rebuild is
 * each replica's own: it drops what it found changed, locally and in the shared store.
 */
import { randomUUID } from 'node:crypto';
import type { EntityRef } from '../cache.ts';
import type { Logger } from '../logger.ts';
import type { SharedRedis } from './redis.ts';
import type { ResponseCache } from './responseCache.ts';

const CHANNEL = 'invalidate';

interface Message {
  from: string;
  entities: EntityRef[] | null;
}

export interface Invalidation {
  /**
   * A registry write committed here (touched null: anything may have changed). Resolves once the
   * shared store dropped what it touched and the other replicas were told, so the mutation's answer
   * leaves after them.
   */
  registryChanged(touched: readonly EntityRef[] | null): Promise<void>;
  /** This replica's catalog rebuild found these changed. */
  catalogChanged(touched: readonly EntityRef[]): Promise<void>;
}

export interface InvalidationDeps {
  responseCache: ResponseCache | null;
  shared: SharedRedis | null;
  /** Makes the catalog re-read the registry's sessions and subjects on its next use. */
  rereadRegistry(): void;
  logger: Logger;
}

export function createInvalidation(deps: InvalidationDeps): Invalidation {
  const { responseCache, shared, logger } = deps;
  const replica = randomUUID();

  const dropResponses = async (entities: readonly EntityRef[] | null) => {
    await responseCache?.invalidate(entities).catch((error: unknown) => {
      logger.error({ err: error }, 'response cache invalidation failed');
    });
  };

  shared?.subscribe(CHANNEL, (raw) => {
    let message: Message;
    try {
      message = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (message.from === replica) return;
    deps.rereadRegistry();
    void dropResponses(message.entities);
  });
  shared?.onRecovered(() => deps.rereadRegistry());

  return {
    async registryChanged(touched) {
      deps.rereadRegistry();
      await dropResponses(touched);
      const message: Message = { from: replica, entities: touched === null ? null : [...touched] };
      await shared?.publish(CHANNEL, JSON.stringify(message));
    },
    catalogChanged: dropResponses,
  };
}
