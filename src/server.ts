/**
 * createGateway(config) → the HTTP server: GraphQL (Yoga) at /graphql with GraphiQL, /healthz (the
 * process is alive) and /readyz (every source loaded). Nothing listens until `listen()`.
 * Protection (src/protection/): a body-size limit before anything is parsed, query limits checked
 * before execution, the introspection switch, and a per-request time limit on execution.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga } from 'graphql-yoga';
import { type Config, PROJECT_ROOT } from './config.ts';
import { createRequestContext, type GatewayServices } from './context.ts';
import { createLogger, type Logger } from './logger.ts';
import { readBodyWithin, refuseTooLarge } from './protection/bodyLimit.ts';
import { disableIntrospection } from './protection/introspection.ts';
import { queryLimitPlugins } from './protection/queryLimits.ts';
import { requestTimeout } from './protection/requestTimeout.ts';
import { maskError } from './resolvers/errors.ts';
import { schema } from './resolvers/schema.ts';
import { handleRoute } from './routes/index.ts';
import { createBehaviourService } from './services/behaviour.ts';
import { createSessionCatalog } from './services/catalog.ts';
import { createSources, logBackends, type SourceOverrides } from './sources/index.ts';
import { closeTaskFileReader } from './sources/taskfile/index.ts';

export const GRAPHIQL_OPERATION = path.join(PROJECT_ROOT, 'schema', 'operations', 'recentSessions.graphql');

export interface Gateway {
  services: GatewayServices;
  server: Server;
  /** Loads every source (rejects with the reason when one cannot be loaded). */
  load(): Promise<void>;
  /** Starts listening; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  sources?: SourceOverrides;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  const logger = options.logger ?? createLogger(config.logLevel);
  const sources = createSources(config, options.sources);
  const catalog = createSessionCatalog(sources, config, logger);
  const behaviour = createBehaviourService({ objectStore: sources.objectStore, taskFiles: config.taskFiles });
  const services: GatewayServices = { config, logger, sources, catalog, behaviour };

  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    context: () => createRequestContext(services),
    maskedErrors: { maskError },
    plugins: [
      // Suggestions ("Did you mean …?") would reveal the schema that the introspection switch hides.
      ...queryLimitPlugins({ limits: config.queryLimits, blockFieldSuggestions: !config.introspection }),
      ...(config.introspection ? [] : [disableIntrospection()]),
      requestTimeout(config.requestTimeoutMs),
    ],
    graphiql: config.graphiql
      ? { title: 'labgraph', defaultQuery: readFileSync(GRAPHIQL_OPERATION, 'utf8') }
      : false,
    // Yoga's default GraphiQL page loads its code from a CDN; labs often run offline or firewalled,
    // so serve the bundled build instead.
    renderGraphiQL,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
  });

  /** Routes, else GraphQL; a body is read (within the size limit) before either sees the request. */
  async function serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const body = await readBodyWithin(req, config.maxBodyBytes);
      if (body === null) return refuseTooLarge(res, config.maxBodyBytes);
      // Yoga's node adapter takes a body already read from `req.body`, as behind a body parser.
      Object.assign(req, { body });
    }
    if (await handleRoute(req, res, pathname, services)) return;
    await yoga(req, res, { req, res });
  }

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (pathname === '/readyz') {
      // Ready once the catalog loaded; sources it had to do without are listed, not fatal.
      return catalog.isLoaded
        ? sendJson(res, 200, { status: 'ready', degraded: catalog.degradedSources() })
        : sendJson(res, 503, { status: 'loading', detail: 'sources are still loading' });
    }
    serve(req, res, pathname).catch((error: unknown) => {
      logger.error({ err: error }, 'route failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Unexpected error.' });
      else res.destroy();
    });
  });

  return {
    services,
    server,
    async load() {
      logBackends(sources, logger);
      const snapshot = await catalog.load();
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
      await Promise.all([sources.close(), closeTaskFileReader()]);
    },
  };
}
