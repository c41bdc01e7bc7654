/**
 * Per-request context: the sources' clients and one DataLoader set built from them, so a list of N
 * parents costs one upstream request per source per level. Loaders live for one request only. The
 * caller's identity is read from the Authorization header on first need. The upstream calls the
 * loaders make obey the request's cancellation: `cancel` (its deadline, src/protection/requestTimeout.ts)
 * or the client going away aborts them (src/cancellation.ts).
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
  /** Aborts the upstream calls made for this request (that no other request still waits for). */
  cancel(reason: unknown): void;
}

export function createRequestContext(
  services: GatewayServices,
  authorization: string | null = null,
  clientGone?: AbortSignal,
): RequestContext {
  const outages = createOutageLog();
  const cancellation = new AbortController();
  const cancel = (reason: unknown) => {
    if (!cancellation.signal.aborted) cancellation.abort(reason);
  };
  clientGone?.addEventListener('abort', () => cancel(clientGone.reason), { once: true });
  return {
    config: services.config,
    logger: services.logger,
    catalog: services.catalog,
    loaders: createLoaders(services, outages, cancellation.signal),
    outages,
    auth: requestAuth(services.identity, authorization),
    registryDeps: services.registryDeps,
    cancel,
  };
}
