/**
 * DocDB through the official `mongodb` driver (MongoDB, or AWS DocumentDB behind an SSH tunnel as
 * the reference does: `directConnection=true`, `authSource=admin`, `retryWrites=false`).
 * The client connects lazily, so a DocDB outage never stops the gateway from starting; each failing
 * call becomes an UpstreamError naming `docdb`. The connection string can carry a password: it is
 * never put in a message (driver messages are scrubbed too, and driver errors are not attached).
 */
import {
  type Document,
  MongoClient,
  type MongoClientOptions,
  MongoNetworkTimeoutError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { currentSignal } from '../../cancellation.ts';
import { ConfigError, UpstreamError } from '../../errors.ts';
import { observeUpstream } from '../../metrics.ts';
import { publicAddress, redactCredentialsOf } from '../../redact.ts';
import { toMongoFilter, toMongoFind } from './filter.ts';
import { AIND_STORE, parseDocDbRecords } from './record.ts';
import type { DocDbCommonOptions, DocDbOperation, DocDbSource } from './types.ts';

export interface MongoDocDbTimeouts {
  /** How long to look for a reachable server before failing a call (UNAVAILABLE). */
  serverSelectionTimeoutMS?: number;
  /** How long a socket may wait for an answer before the call fails (TIMEOUT). */
  socketTimeoutMS?: number;
  connectTimeoutMS?: number;
  /**
   * Deadline of one operation including the driver's own retry (client-side operation timeout).
   * Without it a hung server costs socketTimeoutMS twice: the driver retries a read once.
   */
  timeoutMS?: number;
}

export const DEFAULT_MONGO_TIMEOUTS: MongoDocDbTimeouts = {
  serverSelectionTimeoutMS: 5_000,
  socketTimeoutMS: 30_000,
  connectTimeoutMS: 5_000,
};

export interface MongoDocDbOptions extends DocDbCommonOptions {
  /** `mongodb://user:password@host:27017/?authSource=admin&directConnection=true…` */
  uri: string;
  database?: string;
  collection?: string;
  timeouts?: MongoDocDbTimeouts;
  /** Documents per batch (find and each getMore); the server's default when omitted. */
  batchSize?: number;
}

/** Replaces the connection string's credentials wherever they appear in `text`. */
export const redactCredentials = redactCredentialsOf;

function classify(error: unknown): 'TIMEOUT' | 'UNAVAILABLE' {
  if (error instanceof MongoNetworkTimeoutError || error instanceof MongoOperationTimeoutError)
    return 'TIMEOUT';
  // 50 = MaxTimeMSExpired
  if (error instanceof MongoServerError && error.code === 50) return 'TIMEOUT';
  return 'UNAVAILABLE';
}

const COMMAND_OPERATIONS: Record<string, DocDbOperation> = {
  find: 'find',
  getMore: 'getMore',
  aggregate: 'count',
  count: 'count',
};

/** The driver's `signal` option for the requests the call is made for (src/cancellation.ts). */
function cancellable(): { signal?: AbortSignal } {
  const signal = currentSignal();
  return signal ? { signal } : {};
}

/** A driver document as plain JSON (Date → ISO string, ObjectId → hex), like the other backends give. */
const toPlainJson = (document: Document): unknown => JSON.parse(JSON.stringify(document));

export function createMongoDocDb(options: MongoDocDbOptions): DocDbSource {
  const database = options.database ?? AIND_STORE.database;
  const collectionName = options.collection ?? AIND_STORE.collection;
  const timeouts = { ...DEFAULT_MONGO_TIMEOUTS, ...options.timeouts };
  const clientOptions: MongoClientOptions = {
    ...timeouts,
    appName: 'labgraph',
    // Command events feed labgraph_upstream_* (every command sent, the driver's own retries included).
    monitorCommands: true,
  };
  const measure = (commandName: string, durationMs: number, failure?: Error) => {
    const operation = COMMAND_OPERATIONS[commandName];
    if (!operation) return;
    const kind = failure ? (classify(failure) === 'TIMEOUT' ? 'timeout' : 'error') : undefined;
    observeUpstream({ source: 'docdb', backend: 'mongodb', operation }, durationMs / 1000, kind);
  };
  const createClient = (): MongoClient => {
    const created = new MongoClient(options.uri, clientOptions);
    created.on('commandSucceeded', (event) => measure(event.commandName, event.duration));
    created.on('commandFailed', (event) => measure(event.commandName, event.duration, event.failure));
    if (options.onRequest) {
      const onRequest = options.onRequest;
      created.on('commandStarted', (event) => {
        const operation = COMMAND_OPERATIONS[event.commandName];
        if (operation) onRequest(operation);
      });
    }
    return created;
  };
  let client: MongoClient | null;
  try {
    client = createClient();
  } catch (error) {
    const message =
      error instanceof Error ? redactCredentials(error.message, options.uri) : 'unknown problem';
    throw new ConfigError('DOCDB_URI', `not a usable MongoDB connection string: ${message}`);
  }
  /**
   * After a failed first connect the driver closes its client for good (MongoTopologyClosedError on
   * every later call), so a failed call drops the client and the next call connects afresh.
   */
  const collection = () => {
    client ??= createClient();
    return client.db(database).collection(collectionName);
  };
  const discardClient = () => {
    const failed = client;
    client = null;
    void failed?.close().catch(() => undefined);
  };

  /** Runs a driver call, turning any failure into a scrubbed UpstreamError naming docdb. */
  async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      // Abandoned by every request it was for: the driver closed the cursor's connection.
      const cancel = currentSignal();
      if (cancel?.aborted) throw cancel.reason;
      const kind = classify(error);
      if (error instanceof MongoServerSelectionError || error instanceof MongoTopologyClosedError)
        discardClient();
      const detail =
        error instanceof Error
          ? `${error.name}: ${redactCredentials(error.message, options.uri)}`
          : 'unknown error';
      throw new UpstreamError('docdb', kind, `docdb: ${operation} failed (${kind.toLowerCase()}): ${detail}`);
    }
  }

  return {
    kind: 'mongodb',
    describe: () => `DocDB MongoDB ${publicAddress(options.uri)} ${database}.${collectionName}`,
    async find(query) {
      const find = toMongoFind(query);
      const documents = await call('find records', () =>
        collection()
          .find(find.filter, {
            sort: find.sort,
            skip: find.skip,
            limit: find.limit,
            ...(find.projection ? { projection: find.projection } : {}),
            ...(options.batchSize ? { batchSize: options.batchSize } : {}),
            ...cancellable(),
          })
          .toArray(),
      );
      return parseDocDbRecords(documents.map(toPlainJson), query.projection, options.onMalformedRecord, {
        database,
        collection: collectionName,
      });
    },
    count(filter) {
      const mongoFilter = toMongoFilter(filter);
      return call('count records', () => collection().countDocuments(mongoFilter, cancellable()));
    },
    async close() {
      await client?.close();
      client = null;
    },
  };
}
