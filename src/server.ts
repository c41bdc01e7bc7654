/**
 * createGateway(config) → the gateway, wiring only: services, then one Yoga app whose plugins are the
 * routes (/healthz, /readyz, /metrics, exports, the dashboard at /), protection (body limit, trusted
 * documents, query limits, introspection switch, request time limit, idle write timeout), request
 * logging and metrics; then a node HTTP server in front of it. `fetch` answers a request in-process
 * exactly as over HTTP, minus the socket.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga } from 'graphql-yoga';
import { createGatewayCaches } from './cache/gatewayCaches.ts';
import type { CacheObserver } from './cache.ts';
import { type Config, PROJECT_ROOT } from './config.ts';
import { createRequestContext, type GatewayServices, type RequestContext } from './context.ts';
import { createLogger, type Logger, requestScope, yogaLogBridge } from './logger.ts';
import { cacheLookupMetrics } from './metrics.ts';
import { bodyLimit } from './protection/bodyLimit.ts';
import { disableIntrospection } from './protection/introspection.ts';
import { queryLimitPlugins } from './protection/queryLimits.ts';
import { queryStringJson } from './protection/queryStringParams.ts';
import { requireReadScope } from './protection/readAuth.ts';
import { hasReadableTarget, refuseUnreadableTarget } from './protection/requestTarget.ts';
import { requestTimeout } from './protection/requestTimeout.ts';
import { loadTrustedDocuments, trustedDocuments } from './protection/trustedDocuments.ts';
import { idleWriteTimeout, type NodeServerContext } from './protection/writeTimeout.ts';
import { maskError } from './resolvers/errors.ts';
import { schema as plainSchema, subgraphSchema } from './resolvers/schema.ts';
import { createDashboard, type Dashboard } from './routes/dashboard.ts';
import { errorBodies } from './routes/errorBodies.ts';
import { GRAPHQL_PATH, routePlugins } from './routes/index.ts';
import { requestLogging } from './routes/requestLogging.ts';
import { requestMetrics } from './routes/requestMetrics.ts';
import { requestAuth } from './services/auth.ts';
import { createBehaviourService } from './services/behaviour.ts';
import { createSessionCatalog } from './services/catalog.ts';
import { createRegistrySubjectIndex } from './services/registrySubjectIndex.ts';
import { createWriteSide } from './services/writeSide.ts';
import { createSources, logBackends, type SourceOverrides } from './sources/index.ts';
import { closeTaskFileReader } from './sources/taskfile/index.ts';

export const GRAPHIQL_OPERATION = path.join(PROJECT_ROOT, 'schema', 'operations', 'recentSessions.graphql');

export interface Gateway {
  services: GatewayServices;
  server: Server;
  /** The dashboard served at / (null when LABGRAPH_DASHBOARD=false). */
  dashboard: Dashboard | null;
  /** One request answered in-process (no socket), through every plugin the HTTP server uses. */
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
  /** Loads every source (rejects with the reason when one cannot be loaded). */
  load(): Promise<void>;
  /** Starts listening; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  sources?: SourceOverrides;
  /** Told of every cache lookup, by cache name (`response`, `codeocean.assets`…): metrics, tests. */
  cacheObserver?: CacheObserver;
  /** The write side's clock ("today" of the automatic-revision rule); tests fix it. Default: the system clock. */
  clock?: () => Date;
}

export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  const logger = options.logger ?? createLogger(config.logLevel);
  // LABGRAPH_FEDERATION=true: the same graph as a Federation v2 subgraph (src/resolvers/federation.ts).
  const schema = config.federation ? subgraphSchema() : plainSchema;
  const gatewayCaches = createGatewayCaches(config, logger, {
    schema,
    readScope: async (request) => {
      if (config.readAuth === 'open') return 'open';
      const auth = requestAuth(writeSide.identity, request.headers.get('authorization'));
      return auth.require('read').then(
        () => 'read',
        () => null,
      );
    },
    degraded: () => catalog.degradedSources().length > 0,
    incomplete: (context) => (context as RequestContext).outages.sources.size > 0,
    rereadRegistry: () => {
      catalog.registryChanged();
      registrySubjects.changed();
    },
  });
  const { caches, responseCache, invalidation } = gatewayCaches;
  caches.observe(cacheLookupMetrics);
  if (options.cacheObserver) caches.observe(options.cacheObserver);
  const sources = createSources(config, options.sources, caches);
  const writeSide = createWriteSide(
    config,
    logger,
    (touched) => invalidation.registryChanged(touched),
    options.clock,
  );
  const catalog = createSessionCatalog(sources, config, logger, writeSide.registry, (changed) => {
    void invalidation.catalogChanged(changed);
  });
  const registrySubjects = createRegistrySubjectIndex(writeSide.registry, () => catalog.snapshot());
  const behaviour = createBehaviourService({
    objectStore: sources.objectStore,
    taskFiles: config.taskFiles,
    derivedCacheMaxBytes: config.derivedCacheMaxBytes,
    caches,
  });
  const services: GatewayServices = {
    config,
    logger,
    sources,
    catalog,
    behaviour,
    caches,
    registry: writeSide.registry,
    registryIfOpen: writeSide.registryIfOpen,
    registrySubjects,
    identity: writeSide.identity,
    registryDeps: writeSide.registryDeps,
  };

  const dashboard = config.dashboard ? createDashboard() : null;

  const yoga = createYoga<NodeServerContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    // bodyLimit (below) already holds every body to LABGRAPH_MAX_BODY_BYTES and hands on the bytes it
    // read; Yoga's own limit would pipe them through a second stream on every request.
    maxRequestBodySize: false,
    context: ({ request }) => ({
      ...createRequestContext(services, request.headers.get('authorization'), request.signal),
      logger: requestScope.getStore()?.logger ?? logger,
    }),
    maskedErrors: { maskError },
    // Yoga's default reflects any origin with credentials: any web page could read the gateway through
    // a lab member's browser. Only the origins LABGRAPH_CORS_ORIGINS lists may; none by default.
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: true } : false,
    plugins: [
      requestLogging(logger),
      errorBodies(),
      requestMetrics(GRAPHQL_PATH),
      bodyLimit(config.maxBodyBytes),
      idleWriteTimeout(config.writeIdleTimeoutMs),
      queryStringJson(GRAPHQL_PATH),
      ...routePlugins(services, dashboard),
      trustedDocuments(loadTrustedDocuments(config.persistedOperations.dir), {
        only: config.persistedOperations.only,
      }),
      // Suggestions ("Did you mean …?") would reveal the schema that the introspection switch hides.
      ...queryLimitPlugins({ limits: config.queryLimits, blockFieldSuggestions: !config.introspection }),
      ...(config.introspection ? [] : [disableIntrospection()]),
      requestTimeout(config.requestTimeoutMs),
      ...(config.readAuth === 'token' ? [requireReadScope()] : []),
      // A hit is served before parsing, so the cache checks the read scope itself (readScope above).
      ...(responseCache ? [responseCache.plugin()] : []),
    ],
    graphiql: config.graphiql
      ? { title: 'labgraph', defaultQuery: readFileSync(GRAPHIQL_OPERATION, 'utf8') }
      : false,
    // Yoga's default GraphiQL page loads its code from a CDN; labs often run offline or firewalled,
    // so serve the bundled build instead.
    renderGraphiQL,
    logging: yogaLogBridge(logger),
  });

  const server = createServer((req, res) => {
    if (!hasReadableTarget(req)) return refuseUnreadableTarget(res);
    yoga(req, res, { req, res });
  });

  return {
    services,
    server,
    dashboard,
    fetch: async (input, init) =>
      typeof input === 'string' ? yoga.fetch(input, init ?? {}, {}) : yoga.fetch(input, {}),
    async load() {
      logBackends(sources, logger);
      // The registry opens (and migrates) while the upstreams are read; the catalog joins it last.
      // The upstreams are read once Redis is reached (or found down): replicas share what they cached.
      const upstreamsRead = (async () => {
        await caches.shared?.settled();
        return catalog.load();
      })();
      const [, snapshot] = await Promise.all([writeSide.load(), upstreamsRead]);
      for (const warning of snapshot.warnings) logger.warn({ source: 'tracked' }, warning);
      logger.info(
        { sessions: snapshot.sessions.length, subjects: snapshot.subjects.length },
        `catalog loaded: ${snapshot.sessions.length} sessions of ${snapshot.subjects.length} subjects`,
      );
    },
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([sources.close(), closeTaskFileReader(), writeSide.close(), gatewayCaches.close()]);
    },
  };
}
