/**
 * The Redis that replicas share (LABGRAPH_REDIS_URL), through ioredis: one connection for commands,
 * one for the invalidation channel. Redis is a cache, never a dependency: while it cannot be reached
 * every command resolves to "nothing" at once (no offline queue, a short command timeout), callers use
 * process memory instead, and the change is logged once each way ("unreachable", "back"), not per
 * request. ioredis reconnects on its own; `onRecovered` handlers run when it is back.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';

/** A command taking longer than this counts as Redis being unreachable. */
const COMMAND_TIMEOUT_MS = 1_000;
const MAX_RECONNECT_DELAY_MS = 2_000;

export interface SharedRedis {
  /** Keys are written under this prefix (LABGRAPH_REDIS_PREFIX). */
  readonly prefix: string;
  /** Whether the last command (or connection attempt) reached Redis. */
  readonly up: boolean;
  /** Runs commands; undefined when Redis is unreachable or they failed (which marks it down). */
  run<T>(commands: (redis: Redis) => Promise<T>): Promise<T | undefined>;
  /** Resolves once Redis took the message (at once while it is unreachable: the message is lost). */
  publish(channel: string, message: string): Promise<void>;
  /** Messages on `channel` from any replica (this one's own included). */
  subscribe(channel: string, onMessage: (message: string) => void): void;
  /** Called each time Redis is reachable again after being down. */
  onRecovered(handler: () => void): void;
  /**
   * Resolves once the first connection attempt has succeeded or failed: startup waits for it, so the
   * catalog's first build reads what other replicas cached rather than racing the connection.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface RedisSettings {
  url: string;
  prefix: string;
}

export function connectRedis(settings: RedisSettings, logger: Logger): SharedRedis {
  const options: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: COMMAND_TIMEOUT_MS * 2,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  };
  const commands = new Redis(settings.url, options);
  // A subscriber may queue its SUBSCRIBE until connected: it is replayed on every reconnect.
  const subscriber = new Redis(settings.url, { ...options, enableOfflineQueue: true });
  const recovered: (() => void)[] = [];
  const channels = new Map<string, (message: string) => void>();
  let state: 'connecting' | 'up' | 'down' = 'connecting';
  let closing = false;
  let settle = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });

  const markDown = (error?: unknown) => {
    if (closing || state === 'down') return;
    state = 'down';
    settle();
    // Logged once per outage (and at startup if Redis is not there), never per request.
    logger.warn(
      { source: 'redis', reason: error instanceof Error ? error.message : 'connection closed' },
      'redis unreachable: caches fall back to process memory until it is back',
    );
  };
  const markUp = () => {
    if (state === 'up') return;
    const wasDown = state === 'down';
    state = 'up';
    settle();
    logger.info({ source: 'redis' }, wasDown ? 'redis is back: caches are shared again' : 'redis: connected');
    if (wasDown) for (const handler of recovered) handler();
  };

  commands.on('ready', markUp);
  commands.on('error', (error: unknown) => markDown(error));
  commands.on('close', () => markDown());
  subscriber.on('error', () => undefined); // its outage is the same one, logged by `commands`
  subscriber.on('message', (channel: string, message: string) => channels.get(channel)?.(message));

  return {
    prefix: settings.prefix,
    get up() {
      return state === 'up';
    },
    async run(work) {
      if (state !== 'up') return undefined;
      try {
        return await work(commands);
      } catch (error) {
        markDown(error);
        return undefined;
      }
    },
    async publish(channel, message) {
      if (state !== 'up') return;
      await commands.publish(settings.prefix + channel, message).catch(markDown);
    },
    subscribe(channel, onMessage) {
      channels.set(settings.prefix + channel, onMessage);
      subscriber.subscribe(settings.prefix + channel).catch(() => undefined);
    },
    onRecovered(handler) {
      recovered.push(handler);
    },
    settled: () => settled,
    async close() {
      closing = true;
      await Promise.all([commands.quit().catch(() => undefined), subscriber.quit().catch(() => undefined)]);
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
