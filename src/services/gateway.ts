/**
 * The process-wide services, built once at startup (src/server.ts): the sources, the session catalog
 * and the behaviour service. Every request's loaders are made from them (src/loaders/).
 */
import type { Caches } from '../cache/caches.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { IdentitySource } from '../sources/identity/index.ts';
import type { Sources } from '../sources/index.ts';
import type { RegistrySource } from '../sources/registry/index.ts';
import type { BehaviourService } from './behaviour.ts';
import type { SessionCatalog } from './catalog.ts';
import type { RegistrySubjectIndex } from './registrySubjectIndex.ts';
import type { RegistryServiceDeps } from './registryWrites.ts';

export interface GatewayServices {
  config: Config;
  logger: Logger;
  sources: Sources;
  catalog: SessionCatalog;
  /** Every cache of the process (memory, and Redis when configured): `observe` counts their lookups. */
  caches: Caches;
  /** Task files → trials, performance, epochs; derived tables cached by ETag for the process. */
  behaviour: BehaviourService;
  /** Our read-write registry, opened (and migrated, and seeded when empty) on first use. */
  registry: () => Promise<RegistrySource>;
  /** The registry when it is open, else null (for /metrics: looking never opens it). */
  registryIfOpen: () => Promise<RegistrySource | null>;
  /** The registry's subject records, read once per catalog snapshot and registry change. */
  registrySubjects: RegistrySubjectIndex;
  /** Checks bearer tokens (tokens file and/or JWTs). */
  identity: IdentitySource;
  /** What the registry mutations need: the registry, the lab time zone, the weight limits. */
  registryDeps: () => Promise<RegistryServiceDeps>;
}
