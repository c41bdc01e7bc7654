/**
 * A loopback server speaking enough of the MongoDB wire protocol for the OFFICIAL driver to run end
 * to end (no MongoDB exists on this machine): the legacy OP_QUERY `isMaster` handshake (answered
 * with OP_REPLY) and OP_MSG (section kinds 0 and 1, checksumPresent, framing across TCP chunks) for
 * hello/isMaster, ping, buildInfo, endSessions, find, getMore, killCursors, aggregate, count and insert.
 * Queries are evaluated by mingo (the embedded backend's evaluator). Anything else gets an
 * `{ok: 0, errmsg, code}` reply, so a command the driver needs but we lack shows up as a clear failure.
 *
 * The default batch size is small so getMore is exercised; `requests` logs every command seen.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Aggregator } from 'mingo';
import { BSON, type Document } from 'mongodb';
import { evaluateFind } from '../../src/sources/docdb/embeddedBackend.ts';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 1 << 1;
const HEADER_BYTES = 16;

/** MongoDB 7.0's wire version; driver 7 refuses servers below wire version 9. */
export const WIRE_VERSION = 21;

export interface WireRequest {
  opCode: 'OP_MSG' | 'OP_QUERY';
  command: string;
  database: string;
  /** The collection a find/getMore/aggregate/count/insert addressed. */
  collection?: string;
}

export interface MongoWireServerOptions {
  /** `{ [database]: { [collection]: documents } }`; documents are deep-copied in. */
  databases?: Record<string, Record<string, readonly Document[]>>;
  /** Documents per batch when the client names none (real servers: 101). */
  defaultBatchSize?: number;
}

export interface MongoWireServer {
  port: number;
  /** `mongodb://127.0.0.1:<port>/?directConnection=true` */
  uri: string;
  readonly requests: readonly WireRequest[];
  /** How many times `command` was received (any database). */
  count(command: string): number;
  /** While true, every command except the handshake/heartbeat goes unanswered. */
  setHang(hang: boolean): void;
  stop(): Promise<void>;
}

const HANDSHAKE = new Set(['hello', 'ismaster', 'isMaster']);

class CommandError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly codeName: string,
  ) {
    super(message);
  }
}

interface OpenCursor {
  namespace: string;
  remaining: Document[];
}

function readCString(buffer: Buffer, offset: number): { value: string; next: number } {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new CommandError('unterminated cstring', 22, 'InvalidBSON');
  return { value: buffer.toString('utf8', offset, end), next: end + 1 };
}

/** Parses an OP_MSG body: one kind-0 document, plus kind-1 document sequences merged in by identifier. */
export function parseOpMsg(message: Buffer): { flags: number; body: Document } {
  const flags = message.readUInt32LE(HEADER_BYTES);
  const end = message.length - (flags & CHECKSUM_PRESENT ? 4 : 0);
  let offset = HEADER_BYTES + 4;
  let body: Document | undefined;
  const sequences: Record<string, Document[]> = {};
  while (offset < end) {
    const kind = message[offset];
    offset += 1;
    const size = message.readInt32LE(offset);
    if (kind === 0) {
      body = BSON.deserialize(message.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const sectionEnd = offset + size;
      const { value: identifier, next } = readCString(message, offset + 4);
      const documents: Document[] = [];
      for (let at = next; at < sectionEnd; ) {
        const length = message.readInt32LE(at);
        documents.push(BSON.deserialize(message.subarray(at, at + length)));
        at += length;
      }
      sequences[identifier] = documents;
      offset = sectionEnd;
    } else {
      throw new CommandError(`unknown OP_MSG section kind ${kind}`, 9, 'FailedToParse');
    }
  }
  if (!body) throw new CommandError('OP_MSG without a kind-0 section', 9, 'FailedToParse');
  return { flags, body: { ...body, ...sequences } };
}

/** Parses an OP_QUERY on `<db>.$cmd`: returns the database and the command document. */
export function parseOpQuery(message: Buffer): { database: string; body: Document } {
  const { value: namespace, next } = readCString(message, HEADER_BYTES + 4);
  const queryAt = next + 8; // numberToSkip, numberToReturn
  const length = message.readInt32LE(queryAt);
  const query = BSON.deserialize(message.subarray(queryAt, queryAt + length));
  const body = query.$query && typeof query.$query === 'object' ? (query.$query as Document) : query;
  return { database: namespace.split('.')[0] ?? 'admin', body };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(HEADER_BYTES);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

export function encodeOpMsg(requestId: number, responseTo: number, body: Document): Buffer {
  const document = Buffer.from(BSON.serialize(body));
  const flagsAndKind = Buffer.from([0, 0, 0, 0, 0]);
  const length = HEADER_BYTES + flagsAndKind.length + document.length;
  return Buffer.concat([header(length, requestId, responseTo, OP_MSG), flagsAndKind, document]);
}

function encodeOpReply(requestId: number, responseTo: number, body: Document): Buffer {
  const document = Buffer.from(BSON.serialize(body));
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  const length = HEADER_BYTES + fields.length + document.length;
  return Buffer.concat([header(length, requestId, responseTo, OP_REPLY), fields, document]);
}

const asNumber = (value: unknown): number =>
  typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number(String(value));

export async function startMongoWireServer(options: MongoWireServerOptions = {}): Promise<MongoWireServer> {
  const defaultBatchSize = options.defaultBatchSize ?? 5;
  const databases = new Map<string, Map<string, Document[]>>();
  for (const [database, collections] of Object.entries(options.databases ?? {})) {
    databases.set(
      database,
      new Map(Object.entries(collections).map(([name, docs]) => [name, structuredClone([...docs])])),
    );
  }
  const documentsOf = (database: string, collection: string): Document[] => {
    const collections = databases.get(database) ?? new Map<string, Document[]>();
    databases.set(database, collections);
    const documents = collections.get(collection) ?? [];
    collections.set(collection, documents);
    return documents;
  };

  const requests: WireRequest[] = [];
  const cursors = new Map<number, OpenCursor>();
  const sockets = new Set<Socket>();
  let nextCursorId = 1;
  let nextRequestId = 1;
  let nextConnectionId = 1;
  let hang = false;

  /** Returns the first batch and registers a cursor for the rest (id 0 when nothing is left). */
  function openCursor(namespace: string, results: Document[], batchSize: number) {
    const firstBatch = results.slice(0, batchSize);
    let id = 0;
    if (results.length > batchSize) {
      id = nextCursorId++;
      cursors.set(id, { namespace, remaining: results.slice(batchSize) });
    }
    return { cursor: { firstBatch, id: BSON.Long.fromNumber(id), ns: namespace }, ok: 1 };
  }

  const batchSizeOf = (value: unknown) => (typeof value === 'number' && value > 0 ? value : defaultBatchSize);

  function helloReply(connectionId: number): Document {
    return {
      helloOk: true,
      ismaster: true,
      isWritablePrimary: true,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId,
      minWireVersion: 0,
      maxWireVersion: WIRE_VERSION,
      readOnly: false,
      ok: 1,
    };
  }

  function run(command: string, database: string, body: Document, connectionId: number): Document {
    const collection = typeof body[command] === 'string' ? (body[command] as string) : undefined;
    const namespace = `${database}.${collection ?? ''}`;
    switch (command) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return helloReply(connectionId);
      case 'ping':
      case 'endSessions':
        return { ok: 1 };
      case 'buildInfo':
      case 'buildinfo':
        return { version: '7.0.0', versionArray: [7, 0, 0, 0], maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 };
      case 'find': {
        const limit = Math.abs(asNumber(body.limit ?? 0));
        const results = evaluateFind(documentsOf(database, collection ?? ''), {
          filter: (body.filter as Document | undefined) ?? {},
          projection: body.projection as Document | undefined,
          sort: (body.sort as Document | undefined) ?? {},
          skip: asNumber(body.skip ?? 0),
          limit,
        });
        const batchSize = body.singleBatch ? results.length : batchSizeOf(body.batchSize);
        return openCursor(namespace, results, Math.max(batchSize, 1));
      }
      case 'getMore': {
        const id = asNumber(body.getMore);
        const cursor = cursors.get(id);
        if (!cursor) throw new CommandError(`cursor id ${id} not found`, 43, 'CursorNotFound');
        const nextBatch = cursor.remaining.splice(0, batchSizeOf(body.batchSize));
        if (cursor.remaining.length === 0) cursors.delete(id);
        const nextId = cursors.has(id) ? id : 0;
        return { cursor: { nextBatch, id: BSON.Long.fromNumber(nextId), ns: cursor.namespace }, ok: 1 };
      }
      case 'killCursors': {
        const ids = ((body.cursors as unknown[] | undefined) ?? []).map(asNumber);
        const killed = ids.filter((id) => cursors.delete(id));
        const notFound = ids.filter((id) => !killed.includes(id));
        const asLongs = (list: number[]) => list.map((id) => BSON.Long.fromNumber(id));
        return {
          cursorsKilled: asLongs(killed),
          cursorsNotFound: asLongs(notFound),
          cursorsAlive: [],
          cursorsUnknown: [],
          ok: 1,
        };
      }
      case 'aggregate': {
        const pipeline = (body.pipeline as Document[] | undefined) ?? [];
        const results = new Aggregator(pipeline).run(documentsOf(database, collection ?? '')) as Document[];
        const batchSize = batchSizeOf((body.cursor as Document | undefined)?.batchSize);
        return openCursor(namespace, results, batchSize);
      }
      case 'count': {
        const results = evaluateFind(documentsOf(database, collection ?? ''), {
          filter: (body.query as Document | undefined) ?? {},
          projection: undefined,
          sort: {},
          skip: asNumber(body.skip ?? 0),
          limit: asNumber(body.limit ?? 0),
        });
        return { n: results.length, ok: 1 };
      }
      case 'insert': {
        const documents = (body.documents as Document[] | undefined) ?? [];
        documentsOf(database, collection ?? '').push(...documents.map((d) => structuredClone(d)));
        return { n: documents.length, ok: 1 };
      }
      default:
        throw new CommandError(`no such command: '${command}'`, 59, 'CommandNotFound');
    }
  }

  function answer(command: string, database: string, body: Document, connectionId: number): Document {
    try {
      return run(command, database, body, connectionId);
    } catch (error) {
      if (error instanceof CommandError)
        return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName };
      return {
        ok: 0,
        errmsg: error instanceof Error ? error.message : String(error),
        code: 2,
        codeName: 'BadValue',
      };
    }
  }

  function handle(socket: Socket, message: Buffer, connectionId: number) {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    let parsed: { database: string; body: Document; flags: number };
    if (opCode === OP_MSG) {
      const { flags, body } = parseOpMsg(message);
      parsed = { database: typeof body.$db === 'string' ? body.$db : 'admin', body, flags };
    } else if (opCode === OP_QUERY) {
      parsed = { ...parseOpQuery(message), flags: 0 };
    } else {
      socket.destroy(new Error(`unsupported opCode ${opCode}`));
      return;
    }
    const command = Object.keys(parsed.body)[0] ?? '';
    const collection =
      typeof parsed.body[command] === 'string' ? (parsed.body[command] as string) : undefined;
    requests.push({
      opCode: opCode === OP_MSG ? 'OP_MSG' : 'OP_QUERY',
      command,
      database: parsed.database,
      ...(collection ? { collection } : {}),
    });
    if (hang && !HANDSHAKE.has(command)) return;
    const reply = answer(command, parsed.database, parsed.body, connectionId);
    if (parsed.flags & MORE_TO_COME) return; // the client asked for no reply
    socket.write(
      opCode === OP_MSG
        ? encodeOpMsg(nextRequestId++, requestId, reply)
        : encodeOpReply(nextRequestId++, requestId, reply),
    );
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const connectionId = nextConnectionId++;
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      // One chunk may hold part of a message, or several messages.
      while (pending.length >= 4) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        try {
          handle(socket, message, connectionId);
        } catch (error) {
          socket.destroy(error instanceof Error ? error : new Error(String(error)));
          return;
        }
      }
    });
    socket.on('error', () => {}); // client resets are normal (driver close, tests)
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('wire server: no port');
  const port = address.port;

  return {
    port,
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    requests,
    count: (command) => requests.filter((r) => r.command === command).length,
    setHang(value) {
      hang = value;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
