/**
 * Per-request context: the sources' clients and one DataLoader set built from them, so a list of N
 * parents costs one upstream request per source per level. Loaders live for one request only. The
 * caller's identity is read from the Authorization header on first need.
 */
import type { Config } from './config.ts';
import { createLoaders, type Loaders } from './loaders/index.ts';
import type { Logger } from './logger.ts';
import { type RequestAuth, requestAuth } from './services/auth.ts';
import type { SessionCatalog } from './services/catalog.ts';
import type { GatewayServices } from './services/gateway.ts';
import { createOutageLog, type OutageLog } from './services/partial.ts';
import type { RegistryServiceDeps } from './services/registryWrites.ts';

export type { GatewayServices } from './services/gateway.ts';

export interface RequestContext {
  config: Config;
  logger: Logger;
  catalog: SessionCatalog;
  loaders: Loaders;
  /** Who is calling (from the Authorization header, checked on first need). */
  auth: RequestAuth;
  registryDeps: () => Promise<RegistryServiceDeps>;
  /** Sources this request had to stand in for: its answer is then incomplete (and not cached). */
  outages: OutageLog;
}

export function createRequestContext(
  services: GatewayServices,
  authorization: string | null = null,
): RequestContext {
  const outages = createOutageLog();
  return {
    config: services.config,
    logger: services.logger,
    catalog: services.catalog,
    loaders: createLoaders(services, outages),
    outages,
    auth: requestAuth(services.identity, authorization),
    registryDeps: services.registryDeps,
  };
}
