/**
 * The loopback MongoDB wire-protocol server, on its own: raw frames (OP_QUERY handshake → OP_REPLY,
 * OP_MSG section kinds 0 and 1, checksumPresent, messages split across and packed into TCP chunks,
 * error replies) and the official driver end to end (handshake, find + getMore, killCursors, aggregate).
 */
import { connect, type Socket } from 'node:net';
import { BSON, type Document, MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeOpMsg,
  type MongoWireServer,
  startMongoWireServer,
  WIRE_VERSION,
} from '../support/mongoWireServer.ts';

const DOCS = Array.from({ length: 12 }, (_, i) => ({
  _id: `id-${String(i).padStart(2, '0')}`,
  name: `asset_${i}`,
  group: i % 3,
}));

/** A raw client: sends bytes as given, reads whole reply frames. */
class RawClient {
  private pending = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawClient(socket);
  }

  async write(bytes: Buffer, chunkSize = bytes.length): Promise<void> {
    for (let at = 0; at < bytes.length; at += chunkSize) {
      await new Promise<void>((resolve) =>
        this.socket.write(bytes.subarray(at, at + chunkSize), () => resolve()),
      );
    }
  }

  /** The next reply frame: opCode and the BSON document it carries. */
  async reply(): Promise<{ opCode: number; responseTo: number; document: Document }> {
    while (this.pending.length < 4 || this.pending.length < this.pending.readInt32LE(0)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const length = this.pending.readInt32LE(0);
    const frame = this.pending.subarray(0, length);
    this.pending = this.pending.subarray(length);
    const opCode = frame.readInt32LE(12);
    // OP_MSG: flags(4) kind(1) doc; OP_REPLY: flags(4) cursorId(8) startingFrom(4) numberReturned(4) doc
    const documentAt = opCode === 2013 ? 21 : 36;
    return {
      opCode,
      responseTo: frame.readInt32LE(8),
      document: BSON.deserialize(frame.subarray(documentAt)),
    };
  }

  close() {
    this.socket.destroy();
  }
}

function opQuery(requestId: number, namespace: string, query: Document): Buffer {
  const ns = Buffer.from(`${namespace}\0`);
  const body = Buffer.concat([Buffer.alloc(4), ns, Buffer.alloc(8), Buffer.from(BSON.serialize(query))]);
  body.writeInt32LE(-1, 4 + ns.length + 4); // numberToReturn
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(2004, 12);
  return Buffer.concat([header, body]);
}

/** An OP_MSG with a kind-1 document sequence and (when asked) a trailing checksum. */
function opMsgWithSequence(
  requestId: number,
  body: Document,
  identifier: string,
  documents: Document[],
  checksum: boolean,
): Buffer {
  const kind0 = Buffer.concat([Buffer.from([0]), Buffer.from(BSON.serialize(body))]);
  const docs = Buffer.concat(documents.map((d) => Buffer.from(BSON.serialize(d))));
  const id = Buffer.from(`${identifier}\0`);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + id.length + docs.length);
  const kind1 = Buffer.concat([Buffer.from([1]), size, id, docs]);
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(checksum ? 1 : 0);
  const tail = checksum ? Buffer.from([0xde, 0xad, 0xbe, 0xef]) : Buffer.alloc(0); // not verified
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + flags.length + kind0.length + kind1.length + tail.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, flags, kind0, kind1, tail]);
}

describe('mongo wire server: raw frames', () => {
  let server: MongoWireServer;
  let client: RawClient;
  beforeAll(async () => {
    server = await startMongoWireServer({ databases: { metadata_index: { data_assets: DOCS } } });
  });
  afterAll(() => server.stop());
  afterEach(() => client?.close());

  it('answers the legacy OP_QUERY isMaster handshake with an OP_REPLY', async () => {
    client = await RawClient.open(server.port);
    await client.write(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    const reply = await client.reply();
    expect(reply.opCode).toBe(1);
    expect(reply.responseTo).toBe(7);
    expect(reply.document).toMatchObject({
      ismaster: true,
      helloOk: true,
      ok: 1,
      maxWireVersion: WIRE_VERSION,
    });
    expect(reply.document.maxWireVersion).toBeGreaterThanOrEqual(9); // driver 7's minimum
    expect(reply.document).toHaveProperty('maxBsonObjectSize');
    expect(reply.document).toHaveProperty('logicalSessionTimeoutMinutes');
  });

  it('reassembles a message split into 1-byte TCP writes', async () => {
    client = await RawClient.open(server.port);
    await client.write(encodeOpMsg(11, 0, { hello: 1, $db: 'admin' }), 1);
    const reply = await client.reply();
    expect(reply).toMatchObject({
      opCode: 2013,
      responseTo: 11,
      document: { isWritablePrimary: true, ok: 1 },
    });
  });

  it('answers each of several messages packed into one write', async () => {
    client = await RawClient.open(server.port);
    await client.write(
      Buffer.concat([
        encodeOpMsg(21, 0, { ping: 1, $db: 'admin' }),
        encodeOpMsg(22, 0, { buildInfo: 1, $db: 'admin' }),
      ]),
    );
    const first = await client.reply();
    const second = await client.reply();
    expect([first.responseTo, second.responseTo]).toEqual([21, 22]);
    expect(second.document).toMatchObject({ ok: 1, versionArray: [7, 0, 0, 0] });
  });

  it('reads kind-1 document sequences and skips a trailing checksum', async () => {
    client = await RawClient.open(server.port);
    const extra = [
      { _id: 'seq-1', name: 'from_sequence_1' },
      { _id: 'seq-2', name: 'from_sequence_2' },
    ];
    await client.write(
      opMsgWithSequence(31, { insert: 'scratch', $db: 'wire_test' }, 'documents', extra, true),
    );
    expect((await client.reply()).document).toMatchObject({ n: 2, ok: 1 });
    await client.write(
      encodeOpMsg(32, 0, { find: 'scratch', filter: { name: { $regex: '^from_seq' } }, $db: 'wire_test' }),
    );
    const found = (await client.reply()).document;
    expect(found.cursor.firstBatch.map((d: Document) => d._id)).toEqual(['seq-1', 'seq-2']);
  });

  it('replies {ok: 0, errmsg, code} to a command it does not know, and to an unknown cursor', async () => {
    client = await RawClient.open(server.port);
    await client.write(encodeOpMsg(41, 0, { saslStart: 1, $db: 'admin' }));
    expect((await client.reply()).document).toMatchObject({
      ok: 0,
      code: 59,
      errmsg: expect.stringContaining('saslStart'),
    });
    await client.write(
      encodeOpMsg(42, 0, {
        getMore: BSON.Long.fromNumber(999),
        collection: 'data_assets',
        $db: 'metadata_index',
      }),
    );
    expect((await client.reply()).document).toMatchObject({ ok: 0, code: 43, codeName: 'CursorNotFound' });
  });

  it('logs every command it receives', () => {
    expect(server.count('saslStart')).toBe(1);
    expect(server.requests.some((r) => r.opCode === 'OP_QUERY' && r.command === 'isMaster')).toBe(true);
    expect(server.requests.find((r) => r.command === 'find')).toMatchObject({
      database: 'wire_test',
      collection: 'scratch',
    });
  });
});

describe('mongo wire server: the official driver end to end', () => {
  let server: MongoWireServer;
  let client: MongoClient;
  beforeAll(async () => {
    server = await startMongoWireServer({
      databases: { metadata_index: { data_assets: DOCS } },
      defaultBatchSize: 5,
    });
    client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 2_000 });
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });
  const collection = () => client.db('metadata_index').collection('data_assets');

  it('connects (handshake), finds with sort/projection, and pages with getMore', async () => {
    const before = server.count('getMore');
    const docs = await collection()
      .find({}, { sort: { name: -1 }, projection: { name: 1 } })
      .toArray();
    expect(docs).toHaveLength(12);
    expect(docs[0]).toEqual({ _id: 'id-09', name: 'asset_9' }); // string order: asset_9 > asset_11
    expect(server.count('getMore') - before).toBe(2); // 5 + 5 + 2
  });

  it('honours skip and limit across batches', async () => {
    const docs = await collection()
      .find({}, { sort: { _id: 1 }, skip: 2, limit: 7 })
      .toArray();
    expect(docs.map((d) => d._id)).toEqual(DOCS.slice(2, 9).map((d) => d._id));
  });

  it('honours an explicit batchSize', async () => {
    const before = server.count('getMore');
    await collection().find({}, { batchSize: 4 }).toArray();
    expect(server.count('getMore') - before).toBe(2); // 4 + 4 + 4
  });

  it('kills a cursor closed before it is exhausted', async () => {
    const cursor = collection().find({});
    await cursor.next();
    await cursor.close();
    expect(server.count('killCursors')).toBeGreaterThanOrEqual(1);
  });

  it('counts through aggregate ($match + $group)', async () => {
    expect(await collection().countDocuments({ group: 1 })).toBe(4);
    expect(server.count('aggregate')).toBeGreaterThanOrEqual(1);
  });

  it('surfaces an error reply as a driver error', async () => {
    await expect(client.db('admin').command({ replSetGetStatus: 1 })).rejects.toThrow(/no such command/);
  });

  it('stop() ends the conversation: later calls fail', async () => {
    const other = await startMongoWireServer();
    // Long enough for the first ping on a loaded machine; the call after stop() waits this long to fail.
    const shortLived = new MongoClient(other.uri, { serverSelectionTimeoutMS: 3_000 });
    await shortLived.db('admin').command({ ping: 1 });
    await other.stop();
    await expect(shortLived.db('x').collection('y').findOne({})).rejects.toThrow();
    await shortLived.close();
  });
});
