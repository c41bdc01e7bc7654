/**
 * The gateway's write side, assembled from config: the registry (opened, migrated and — when empty —
 * seeded on first use), the identity source for bearer tokens, and what the registry mutations need.
 * The startup log names the registry backend and where tokens come from, never a credential.
 */
import { type Config, GATEWAY_VERSION } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createIdentity, type IdentitySource, lazyIdentity } from '../sources/identity/index.ts';
import { openRegistry, type RegistrySource } from '../sources/registry/index.ts';
import { seedIfEmpty } from './registrySeed.ts';
import type { RegistryServiceDeps } from './registryWrites.ts';

export interface WriteSide {
  registry(): Promise<RegistrySource>;
  /** The registry when it is open (or opening), else null; never opens it. */
  registryIfOpen(): Promise<RegistrySource | null>;
  identity: IdentitySource;
  registryDeps(): Promise<RegistryServiceDeps>;
  /** Opens the registry and the identity source now, logging what they use. */
  load(): Promise<void>;
  close(): Promise<void>;
}

export function createWriteSide(
  config: Config,
  logger: Logger,
  onCommitted: RegistryServiceDeps['onCommitted'],
  clock?: () => Date,
): WriteSide {
  let opened: Promise<RegistrySource> | null = null;
  const registry = () => {
    opened ??= (async () => {
      const source = await openRegistry(config.registry);
      logger.info({ source: 'registry' }, `registry: ${source.describe()}`);
      if (
        config.registrySeedFile &&
        (await seedIfEmpty(source, config.registrySeedFile, config.labTimeZone))
      ) {
        logger.info({ source: 'registry' }, `registry was empty: loaded the seed ${config.registrySeedFile}`);
      }
      return source;
    })();
    opened.catch(() => {
      opened = null;
    });
    return opened;
  };
  const identity = lazyIdentity(async () => {
    const source = await createIdentity(config.identity);
    logger.info(
      { source: 'identity' },
      `auth: ${source.describe()}; reads ${config.readAuth === 'token' ? 'need a token' : 'are open'}`,
    );
    return source;
  });
  const registryDeps = async (): Promise<RegistryServiceDeps> => ({
    registry: await registry(),
    zone: config.labTimeZone,
    maxWeightG: config.maxWeightG,
    onCommitted,
    gatewayVersion: GATEWAY_VERSION,
    ...(clock ? { now: clock } : {}),
  });
  return {
    registry,
    registryIfOpen: () => (opened ? opened.catch(() => null) : Promise.resolve(null)),
    identity,
    registryDeps,
    async load() {
      await Promise.all([registry(), identity.ready()]);
    },
    async close() {
      const source = opened ? await opened.catch(() => null) : null;
      await source?.close();
    },
  };
}
