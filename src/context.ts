/**
 * Per-request context: the sources' clients and one DataLoader set built from them, so a list of N
 * parents costs one upstream request per source per level. Loaders live for one request only.
 */
import type { Config } from './config.ts';
import { createLoaders, type Loaders } from './loaders/index.ts';
import type { Logger } from './logger.ts';
import type { SessionCatalog } from './services/catalog.ts';
import type { GatewayServices } from './services/gateway.ts';

export type { GatewayServices } from './services/gateway.ts';

export interface RequestContext {
  config: Config;
  logger: Logger;
  catalog: SessionCatalog;
  loaders: Loaders;
}

export function createRequestContext(services: GatewayServices): RequestContext {
  return {
    config: services.config,
    logger: services.logger,
    catalog: services.catalog,
    loaders: createLoaders(services),
  };
}
