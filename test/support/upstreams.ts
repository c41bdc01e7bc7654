/**
 * The real upstreams of an end-to-end test, over loopback: the CodeOcean API test server and DocDB
 * (the MongoDB wire-protocol server that the official driver talks to, or the REST gateway stand-in),
 * both serving the committed fixtures. `env()` is what `startGateway(env)` needs to use them, and
 * `counts()` reads the requests each server received since the last `resetCounts()`, so tests can
 * bound what one GraphQL request costs upstream.
 */
import { readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ExecutionResult } from 'graphql';
import type { Document } from 'mongodb';
import { pino } from 'pino';
import type { Env } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import { loadJsonLines } from '../../src/sources/docdb/embeddedBackend.ts';
import { type CodeOceanTestServer, startCodeOceanServer } from './codeOceanServer.ts';
import { type DocDbRestServer, startDocDbRestServer } from './docdbRestServer.ts';
import { type MongoWireServer, startMongoWireServer } from './mongoWireServer.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures', import.meta.url));
export const DOCDB_FIXTURE = fileURLToPath(
  new URL('../../fixtures/docdb/data_assets.jsonl', import.meta.url),
);
export const DOCDB_DATABASE = 'metadata_index';
export const DOCDB_COLLECTION = 'data_assets';
/** Shaped like a real CodeOcean token, so tests can look for it in everything the gateway says. */
export const TEST_TOKEN = 'cop_secret_e2e_0123456789abcdef';

export interface UpstreamsOptions {
  token?: string;
  /** Which DocDB backend the gateway uses. Default `mongodb` (the official driver). */
  docdb?: 'mongodb' | 'rest';
  /** Documents per wire-protocol batch when the driver names none (real servers: 101). Default 101. */
  mongoBatchSize?: number;
  /** Records per REST answer at most (the gateway's payload cap). Default 1000. */
  restMaxPageSize?: number;
  /** Turns the wire server's URI into the DOCDB_URI given to the gateway (e.g. to add credentials). */
  mongoUri?: (uri: string) => string;
  /** Puts a TCP switch between the gateway and the wire server, starting in this state. */
  mongoSwitch?: 'on' | 'off';
}

/** Upstream requests received since the last reset. */
export interface UpstreamCounts {
  /** `POST data_assets/search` pages. */
  searches: number;
  /** Each search page asked for, in order received. */
  searchPages: { query: string; offset: number }[];
  /** `GET data_assets/{id}`. */
  assetGets: number;
  /** The asset ids fetched one by one, in order received. */
  assetIds: string[];
  /** CodeOcean requests on any route. */
  codeocean: number;
  /** Mongo `find` commands, or REST `find` pages. */
  finds: number;
  /** Mongo `getMore` commands (0 for REST). */
  getMores: number;
}

export interface Upstreams {
  codeocean: CodeOceanTestServer;
  /** Present when `docdb` is `mongodb`. */
  mongo: MongoWireServer | null;
  /** Present when `docdb` is `rest`. */
  rest: DocDbRestServer | null;
  /** Present when `mongoSwitch` was asked for: takes DocDB away and back at the same address. */
  mongoSwitch: TcpSwitch | null;
  /** The DocDB documents both servers hold (the committed fixture file). */
  documents: readonly Document[];
  token: string;
  /** The URI the gateway gets as DOCDB_URI. */
  docdbUri: string;
  /** Env for `startGateway`: the HTTP CodeOcean backend and the DocDB backend, plus `overrides`. */
  env(overrides?: Env): Env;
  resetCounts(): void;
  counts(): UpstreamCounts;
  stop(): Promise<void>;
}

/** Short deadlines so outage tests finish quickly; tests override them where it matters. */
export const FAST_UPSTREAM_ENV: Env = {
  LABGRAPH_UPSTREAM_TIMEOUT_MS: '4000',
  LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS: '2000',
  LABGRAPH_UPSTREAM_RETRIES: '1',
};

function searchPageOf(body: unknown): { query: string; offset: number } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return { query: String(fields.query ?? ''), offset: Number(fields.offset ?? 0) };
}

export async function startUpstreams(options: UpstreamsOptions = {}): Promise<Upstreams> {
  const token = options.token ?? TEST_TOKEN;
  const documents = await loadJsonLines([DOCDB_FIXTURE]);
  const databases = { [DOCDB_DATABASE]: { [DOCDB_COLLECTION]: documents } };
  const codeocean = await startCodeOceanServer({ token, fixturesDir: FIXTURES_DIR });
  const backend = options.docdb ?? 'mongodb';
  const mongo =
    backend === 'mongodb'
      ? await startMongoWireServer({ databases, defaultBatchSize: options.mongoBatchSize ?? 101 })
      : null;
  const rest =
    backend === 'rest'
      ? await startDocDbRestServer({ databases, maxPageSize: options.restMaxPageSize ?? 1000 })
      : null;
  const mongoSwitch =
    mongo && options.mongoSwitch ? await startTcpSwitch(mongo.port, options.mongoSwitch === 'on') : null;
  const mongoUri = mongoSwitch
    ? `mongodb://127.0.0.1:${mongoSwitch.port}/?directConnection=true`
    : mongo?.uri;
  const docdbUri = mongoUri ? (options.mongoUri ?? ((uri) => uri))(mongoUri) : (rest?.baseUrl ?? '');

  // The DocDB servers keep every request; a reset remembers where counting starts.
  let mongoFrom = 0;
  let restFrom = 0;
  const resetCounts = () => {
    codeocean.resetRequests();
    mongoFrom = mongo?.requests.length ?? 0;
    restFrom = rest?.requests.length ?? 0;
  };

  return {
    codeocean,
    mongo,
    rest,
    mongoSwitch,
    documents,
    token,
    docdbUri,
    env: (overrides = {}) => ({
      CODE_OCEAN_API_TOKEN: token,
      CODE_OCEAN_DOMAIN: codeocean.url,
      DOCDB_URI: docdbUri,
      LABGRAPH_DOCDB_DATABASE: DOCDB_DATABASE,
      LABGRAPH_DOCDB_COLLECTION: DOCDB_COLLECTION,
      ...FAST_UPSTREAM_ENV,
      ...overrides,
    }),
    resetCounts,
    counts() {
      const searches = codeocean.requests.filter((r) => r.route === 'search');
      const gets = codeocean.requests.filter((r) => r.route === 'getDataAsset');
      const wire = mongo?.requests.slice(mongoFrom) ?? [];
      const restFinds = rest?.requests.slice(restFrom).filter((r) => r.endpoint === 'find') ?? [];
      return {
        searches: searches.length,
        searchPages: searches.map((r) => searchPageOf(r.body)),
        assetGets: gets.length,
        assetIds: gets.map((r) => decodeURIComponent(r.path.split('/').at(-1) ?? '')),
        codeocean: codeocean.requests.length,
        finds: mongo ? wire.filter((r) => r.command === 'find').length : restFinds.length,
        getMores: wire.filter((r) => r.command === 'getMore').length,
      };
    },
    async stop() {
      await Promise.allSettled([codeocean.stop(), mongoSwitch?.stop(), mongo?.stop(), rest?.stop()]);
    },
  };
}

/** The done-when operation (schema/operations/fiftySessions.graphql). */
export const FIFTY_SESSIONS = readFileSync(
  fileURLToPath(new URL('../../schema/operations/fiftySessions.graphql', import.meta.url)),
  'utf8',
);

export interface FiftySessionsNode {
  id: string;
  name: string | null;
  startTime: string | null;
  knownTo: ('TRACKED' | 'CODEOCEAN' | 'DOCDB')[];
  subject: { id: string; genotype: string | null };
  rawDataAsset: { id: string; name: string } | null;
  sortedDataAssets: { id: string; name: string }[] | null;
  sorters: string[] | null;
}

export interface FiftySessionsData {
  sessions: { totalCount: number; edges: { node: FiftySessionsNode }[] };
}

export interface GraphQLResponse<T> {
  status: number;
  /** The body as sent, for checks on what the gateway says (e.g. that no secret appears). */
  text: string;
  body: ExecutionResult<T>;
}

/**
 * POSTs one operation over HTTP. The request is aborted at `deadlineMs`, so a gateway that does not
 * answer in time fails the test with an AbortError instead of hanging it.
 */
/** What postGraphQL needs of a gateway (test/support/gateway.ts): in-process or over HTTP alike. */
export interface GraphQLTarget {
  url: string;
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export async function postGraphQL<T>(
  gateway: GraphQLTarget,
  query: string,
  options: { variables?: Record<string, unknown>; deadlineMs?: number } = {},
): Promise<GraphQLResponse<T>> {
  const response = await gateway.fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables: options.variables }),
    signal: AbortSignal.timeout(options.deadlineMs ?? 20_000),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as ExecutionResult<T> };
}

/** A logger that keeps every line (no redaction: the code itself must never log a secret). */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

export interface TcpSwitch {
  /** `127.0.0.1:<port>`: give this address to the client instead of the target's. */
  port: number;
  /** On: connections are relayed to the target. Off: open relays are cut and new connections reset. */
  set(on: boolean): void;
  stop(): Promise<void>;
}

/**
 * A loopback TCP relay in front of a server, switchable off and on, so a test can take an upstream
 * away and bring it back at the SAME address (a stopped test server cannot come back on its port).
 */
export async function startTcpSwitch(targetPort: number, on = true): Promise<TcpSwitch> {
  let relaying = on;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // resets are the point of this relay
  };
  const server = createServer((client) => {
    track(client);
    if (!relaying) return void client.destroy();
    const target = connect(targetPort, '127.0.0.1');
    track(target);
    target.on('close', () => client.destroy());
    client.on('close', () => target.destroy());
    client.pipe(target).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('tcp switch: no port');
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: address.port,
    set(value) {
      relaying = value;
      if (!value) cutAll();
    },
    async stop() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
