/**
 * The process-wide services, built once at startup (src/server.ts): the sources, the session catalog
 * and the behaviour service. Every request's loaders are made from them (src/loaders/).
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Sources } from '../sources/index.ts';
import type { BehaviourService } from './behaviour.ts';
import type { SessionCatalog } from './catalog.ts';

export interface GatewayServices {
  config: Config;
  logger: Logger;
  sources: Sources;
  catalog: SessionCatalog;
  /** Task files → trials, performance, epochs; derived tables cached by ETag for the process. */
  behaviour: BehaviourService;
}
