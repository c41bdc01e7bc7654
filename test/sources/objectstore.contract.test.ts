/**
 * One contract for every object-store backend: the S3 backend against s3rver on loopback and the
 * local backend on a temp directory, both holding the same objects, each composed with its caching
 * decorators as the gateway composes it (sources/index.ts).
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadUserInputError, ObjectNotFoundError, UpstreamError } from '../../src/errors.ts';
import {
  createLocalObjectStore,
  createS3ObjectStore,
  type ObjectStore,
  type ObjectStoreOperation,
  parseS3Uri,
  withObjectStoreCache,
} from '../../src/sources/objectstore/index.ts';
import {
  cachedS3Store,
  s3rverClientOptions,
  s3rverStoreOptions,
  startS3Server,
  type TestObject,
} from '../support/s3Server.ts';

const BUCKET = 'lab-data';
const OTHER_BUCKET = 'other-bucket';
const TASK_KEY = 'Data/366122/DynamicRouting1_366122_20230505_134550.hdf5';
const UNICODE_KEY = 'notes/ünïcode file (1).txt';
const MANY = 1005; // more than one 1000-key page

function bytesOf(seed: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7) % 256);
}

const FIXTURE: TestObject[] = [
  { bucket: BUCKET, key: TASK_KEY, body: bytesOf(1, 40_000) },
  { bucket: BUCKET, key: 'Data/366122/Spontaneous_366122_20230505_133000.hdf5', body: bytesOf(2, 1_000) },
  { bucket: BUCKET, key: 'Data/366122/DynamicRouting1_366122_20230505_120000.hdf5', body: new Uint8Array(0) },
  { bucket: BUCKET, key: 'Data/366122/nested/deeper.txt', body: 'deep' },
  // s3rver 3.7 (unlike S3) reports a common prefix only when some object sits directly below it, so
  // every folder the one-level listings below expect holds a file of its own.
  { bucket: BUCKET, key: 'Data/README.txt', body: 'readme' },
  { bucket: BUCKET, key: 'Data/3661220/other-subject.txt', body: 'other' },
  { bucket: BUCKET, key: UNICODE_KEY, body: 'unicode' },
  { bucket: OTHER_BUCKET, key: 'only.txt', body: 'only' },
  ...Array.from({ length: MANY }, (_, i) => ({
    bucket: BUCKET,
    key: `many/key-${String(i).padStart(4, '0')}`,
    body: String(i),
  })),
];

const SECRET = 'sEcReT-not-to-be-logged';

interface Harness {
  /** A fresh store (empty listing cache) over the shared content. */
  makeStore(onRequest?: (op: ObjectStoreOperation) => void): ObjectStore;
  /** Adds or overwrites objects. */
  put(objects: TestObject[]): Promise<void>;
  /** A store whose upstream is gone (stopped server, removed directory). */
  makeUnavailableStore(): Promise<ObjectStore>;
  close(): Promise<void>;
}

async function s3Harness(): Promise<Harness> {
  const server = await startS3Server({ buckets: [BUCKET, OTHER_BUCKET] });
  await server.putObjects(FIXTURE);
  const cacheDir = await mkdtemp(join(tmpdir(), 'labgraph-objcache-'));
  let stopped: Awaited<ReturnType<typeof startS3Server>> | null = null;
  return {
    makeStore: (onRequest) =>
      cachedS3Store(
        { ...s3rverStoreOptions(server.endpoint), ...(onRequest ? { onRequest } : {}) },
        cacheDir,
      ),
    put: (objects) => server.putObjects(objects),
    async makeUnavailableStore() {
      stopped = await startS3Server({ buckets: [BUCKET] });
      await stopped.stop();
      return cachedS3Store(
        {
          ...s3rverStoreOptions(stopped.endpoint),
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: SECRET },
          maxAttempts: 2,
        },
        cacheDir,
      );
    },
    async close() {
      await server.stop();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

async function localHarness(): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'labgraph-localstore-'));
  const put = async (objects: TestObject[]) => {
    for (const object of objects) {
      const path = join(root, object.bucket, object.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, object.body);
    }
  };
  await put(FIXTURE);
  return {
    makeStore: () => withObjectStoreCache(createLocalObjectStore({ root })),
    put,
    async makeUnavailableStore() {
      const gone = await mkdtemp(join(tmpdir(), 'labgraph-gone-'));
      await rm(gone, { recursive: true });
      return withObjectStoreCache(createLocalObjectStore({ root: gone }));
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
}

const backends: [string, () => Promise<Harness>][] = [
  ['s3 (s3rver)', s3Harness],
  ['local directory', localHarness],
];

describe.each(backends)('object store contract: %s', (_name, makeHarness) => {
  let harness: Harness;
  let store: ObjectStore;

  beforeAll(async () => {
    harness = await makeHarness();
    store = harness.makeStore();
  });
  afterAll(() => harness?.close());

  it('lists a prefix recursively, sorted by key, with sizes, etags and s3 URIs', async () => {
    const listing = await store.list(BUCKET, 'Data/366122/');
    expect(listing.map((o) => o.key)).toEqual([
      'Data/366122/DynamicRouting1_366122_20230505_120000.hdf5',
      TASK_KEY,
      'Data/366122/Spontaneous_366122_20230505_133000.hdf5',
      'Data/366122/nested/deeper.txt',
    ]);
    expect(listing.map((o) => o.size)).toEqual([0, 40_000, 1_000, 4]);
    for (const object of listing) {
      expect(object.bucket).toBe(BUCKET);
      expect(object.uri).toBe(`s3://${BUCKET}/${object.key}`);
      expect(object.etag).toMatch(/^[^"]+$/);
      expect(object.lastModified).toBeInstanceOf(Date);
    }
  });

  it('treats the prefix as a string prefix, not a folder', async () => {
    const keys = (await store.list(BUCKET, 'Data/366122')).map((o) => o.key);
    expect(keys).toContain('Data/3661220/other-subject.txt');
    expect(keys).toHaveLength(5);
    expect((await store.list(BUCKET, 'Data/366122/Dyn')).map((o) => o.key)).toHaveLength(2);
  });

  it(`returns all ${MANY} keys of a prefix (more than one page), in order`, async () => {
    const listing = await store.list(BUCKET, 'many/');
    expect(listing).toHaveLength(MANY);
    expect(listing[0]?.key).toBe('many/key-0000');
    expect(listing.at(-1)?.key).toBe(`many/key-${MANY - 1}`);
    const keys = listing.map((o) => o.key);
    expect([...keys].sort()).toEqual(keys);
  });

  it('lists one level of a folder: sub-folder names and the files directly in it', async () => {
    const level = await store.listFolder(BUCKET, 'Data/366122');
    expect(level.folders).toEqual(['nested']);
    expect(level.files.map((o) => o.key)).toEqual([
      'Data/366122/DynamicRouting1_366122_20230505_120000.hdf5',
      TASK_KEY,
      'Data/366122/Spontaneous_366122_20230505_133000.hdf5',
    ]);
    expect(level.files[1]?.size).toBe(40_000);
    // A folder, not a string prefix: the sibling 3661220/ is not inside 366122/.
    const data = await store.listFolder(BUCKET, 'Data/');
    expect(data.folders).toEqual(['366122', '3661220']);
    expect(data.files.map((o) => o.key)).toEqual(['Data/README.txt']);
    const root = await store.listFolder(BUCKET, '');
    expect(root.folders).toEqual(['Data', 'many', 'notes']);
    expect(root.files).toEqual([]);
    expect((await store.listFolder(BUCKET, 'many/')).files).toHaveLength(MANY);
    expect(await store.listFolder(BUCKET, 'Data/999999')).toEqual({ folders: [], files: [] });
    expect(await store.listFolder('no-such-bucket', 'x')).toEqual({ folders: [], files: [] });
  });

  it('lists nothing for an unknown prefix or bucket', async () => {
    expect(await store.list(BUCKET, 'Data/999999/')).toEqual([]);
    expect(await store.list('no-such-bucket', '')).toEqual([]);
  });

  it('heads a present object like the listing describes it, and null when absent', async () => {
    const head = await store.head(BUCKET, TASK_KEY);
    const listed = (await store.list(BUCKET, TASK_KEY))[0];
    expect(head).toMatchObject({
      bucket: BUCKET,
      key: TASK_KEY,
      size: 40_000,
      uri: `s3://${BUCKET}/${TASK_KEY}`,
    });
    expect(head?.etag).toBe(listed?.etag);
    expect(await store.head(BUCKET, 'Data/366122/missing.hdf5')).toBeNull();
    expect(await store.head(BUCKET, 'Data/366122/')).toBeNull();
    expect(await store.head('no-such-bucket', TASK_KEY)).toBeNull();
  });

  it('gets the exact bytes with the head info', async () => {
    const { info, bytes } = await store.get(BUCKET, TASK_KEY);
    expect(Buffer.from(bytes).equals(Buffer.from(bytesOf(1, 40_000)))).toBe(true);
    expect(info).toEqual(await store.head(BUCKET, TASK_KEY));
    const empty = await store.get(BUCKET, 'Data/366122/DynamicRouting1_366122_20230505_120000.hdf5');
    expect(empty.bytes.byteLength).toBe(0);
  });

  it('handles keys with spaces and non-ASCII characters', async () => {
    expect((await store.list(BUCKET, 'notes/')).map((o) => o.key)).toEqual([UNICODE_KEY]);
    expect((await store.head(BUCKET, UNICODE_KEY))?.size).toBe(7);
    expect(Buffer.from((await store.get(BUCKET, UNICODE_KEY)).bytes).toString()).toBe('unicode');
  });

  it('throws ObjectNotFoundError when getting an absent object', async () => {
    await expect(store.get(BUCKET, 'Data/366122/missing.hdf5')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.get('no-such-bucket', 'x')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('tells whether anything exists under a prefix', async () => {
    expect(await store.exists(BUCKET, 'Data/366122/')).toBe(true);
    expect(await store.exists(BUCKET, TASK_KEY)).toBe(true);
    expect(await store.exists(OTHER_BUCKET, '')).toBe(true);
    expect(await store.exists(BUCKET, 'Data/999999/')).toBe(false);
    expect(await store.exists('no-such-bucket', '')).toBe(false);
  });

  it('reports a new etag after an object is rewritten', async () => {
    const key = 'rewrite/object.bin';
    await harness.put([{ bucket: BUCKET, key, body: bytesOf(5, 100) }]);
    const before = await store.head(BUCKET, key);
    // A different size: the local ETag is size+mtime, and two same-size writes within the file
    // system's timestamp granularity (a few ms) are indistinguishable by design (see localBackend.ts).
    await harness.put([{ bucket: BUCKET, key, body: bytesOf(6, 101) }]);
    expect(await store.head(BUCKET, key)).toEqual(before); // heads are cached (~10 min)
    const fresh = harness.makeStore();
    const after = await fresh.head(BUCKET, key);
    expect(before?.etag).toBeTruthy();
    expect(after?.etag).not.toBe(before?.etag);
    expect(Buffer.from((await fresh.get(BUCKET, key)).bytes).equals(Buffer.from(bytesOf(6, 101)))).toBe(true);
  });

  it.each([
    ['list', (s: ObjectStore) => s.list(BUCKET, '../')],
    ['list (nested ..)', (s: ObjectStore) => s.list(BUCKET, 'Data/../../other-bucket/')],
    ['head', (s: ObjectStore) => s.head(BUCKET, '../other-bucket/only.txt')],
    ['get', (s: ObjectStore) => s.get(BUCKET, 'Data/../../../etc/passwd')],
    ['exists', (s: ObjectStore) => s.exists(BUCKET, 'Data/..')],
    ['bucket ..', (s: ObjectStore) => s.head('..', 'etc/passwd')],
    ['bucket with /', (s: ObjectStore) => s.list('lab-data/../other-bucket', '')],
  ])('rejects path traversal: %s', async (_op, call) => {
    await expect(call(store)).rejects.toBeInstanceOf(BadUserInputError);
  });

  it.each([
    ['list', (s: ObjectStore) => s.list(BUCKET, 'Data/')],
    ['head', (s: ObjectStore) => s.head(BUCKET, TASK_KEY)],
    ['get', (s: ObjectStore) => s.get(BUCKET, TASK_KEY)],
    ['exists', (s: ObjectStore) => s.exists(BUCKET, 'Data/')],
  ])(
    'fails with UpstreamError(objectstore, UNAVAILABLE) when the upstream is down: %s',
    async (_op, call) => {
      const down = await harness.makeUnavailableStore();
      const error = await call(down).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ source: 'objectstore', kind: 'UNAVAILABLE' });
      expect((error as Error).message).toContain(`s3://${BUCKET}/`);
      expect((error as Error).message).not.toContain(SECRET);
    },
  );

  it('describes itself without secrets', () => {
    expect(store.describe()).toMatch(/S3|local directory/);
    expect(store.describe()).not.toContain('S3RVER');
  });
});

describe('s3 backend specifics (s3rver)', () => {
  let server: Awaited<ReturnType<typeof startS3Server>>;
  let cacheDir: string;
  beforeAll(async () => {
    server = await startS3Server({ buckets: [BUCKET] });
    await server.putObjects(FIXTURE.filter((o) => o.bucket === BUCKET));
    cacheDir = await mkdtemp(join(tmpdir(), 'labgraph-objcache-'));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it(`pages through ${MANY} keys with 2 list requests, then serves the listing from its cache`, async () => {
    const requests: ObjectStoreOperation[] = [];
    const store = cachedS3Store(
      { ...s3rverStoreOptions(server.endpoint), onRequest: (op) => requests.push(op) },
      cacheDir,
    );
    expect(await store.list(BUCKET, 'many/')).toHaveLength(MANY);
    expect(requests).toEqual(['list', 'list']);
    expect(await store.list(BUCKET, 'many/')).toHaveLength(MANY);
    expect(requests).toHaveLength(2);
  });

  it('maps rejected credentials to UNAVAILABLE with an access-denied hint and no secret', async () => {
    const store = createS3ObjectStore({
      ...s3rverStoreOptions(server.endpoint),
      credentials: { accessKeyId: 'WRONG', secretAccessKey: SECRET },
      maxAttempts: 1,
    });
    for (const call of [() => store.list(BUCKET, ''), () => store.head(BUCKET, TASK_KEY)]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ source: 'objectstore', kind: 'UNAVAILABLE' });
      expect((error as Error).message).toMatch(/access denied/);
      expect((error as Error).message).not.toContain(SECRET);
    }
  });

  it('maps an endpoint that never answers to TIMEOUT', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const store = createS3ObjectStore({
        ...s3rverClientOptions(`http://127.0.0.1:${port}`),
        requestTimeoutMs: 200,
        maxAttempts: 2,
      });
      await expect(store.head(BUCKET, TASK_KEY)).rejects.toMatchObject({
        source: 'objectstore',
        kind: 'TIMEOUT',
      });
      expect(sockets.length).toBe(2); // the SDK retried once, as maxAttempts says
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('describes the endpoint without user info', () => {
    const store = createS3ObjectStore({
      endpoint: 'http://user:pass@127.0.0.1:9/',
      region: 'us-west-2',
      forcePathStyle: true,
      maxAttempts: 1,
      requestTimeoutMs: 1_000,
    });
    expect(store.describe()).toContain('http://127.0.0.1:9');
    expect(store.describe()).not.toContain('pass');
  });
});

describe('local backend: links never lead out of the root', () => {
  let root: string;
  let outside: string;
  let store: ObjectStore;
  const folder = 'Data/366122/';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'labgraph-linkroot-'));
    outside = await mkdtemp(join(tmpdir(), 'labgraph-outside-'));
    await writeFile(join(outside, 'secret.hdf5'), 'outside the root');
    const dir = join(root, BUCKET, folder);
    await mkdir(join(root, OTHER_BUCKET), { recursive: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'real.hdf5'), 'inside');
    await writeFile(join(root, OTHER_BUCKET, 'neighbour.hdf5'), 'inside too');
    await symlink('/etc/passwd', join(dir, 'passwd.hdf5'));
    await symlink(join(outside, 'secret.hdf5'), join(dir, 'secret.hdf5'));
    await symlink(outside, join(dir, 'linked-folder'));
    await symlink(outside, join(root, BUCKET, 'Data', '999999'));
    await symlink(outside, join(root, 'linked-bucket'));
    await symlink(join(dir, 'real.hdf5'), join(dir, 'alias.hdf5'));
    await symlink(join(root, OTHER_BUCKET, 'neighbour.hdf5'), join(dir, 'neighbour.hdf5'));
    await symlink(join(dir, 'loop-b'), join(dir, 'loop-a'));
    await symlink(join(dir, 'loop-a'), join(dir, 'loop-b'));
    store = withObjectStoreCache(createLocalObjectStore({ root }));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('lists only files that resolve inside the root (no /etc/passwd size or mtime)', async () => {
    const listing = await store.list(BUCKET, folder);
    expect(listing.map((o) => o.key)).toEqual([
      `${folder}alias.hdf5`,
      `${folder}neighbour.hdf5`,
      `${folder}real.hdf5`,
    ]);
    expect(await store.list(BUCKET, `${folder}linked-folder/`)).toEqual([]);
    expect(await store.list(BUCKET, 'Data/999999/')).toEqual([]);
    expect(await store.list('linked-bucket', '')).toEqual([]);
    expect(await store.exists('linked-bucket', '')).toBe(false);
  });

  it.each(['passwd.hdf5', 'secret.hdf5', 'linked-folder/secret.hdf5', 'loop-a'])(
    'neither heads nor gets %s',
    async (name) => {
      expect(await store.head(BUCKET, `${folder}${name}`)).toBeNull();
      await expect(store.get(BUCKET, `${folder}${name}`)).rejects.toBeInstanceOf(ObjectNotFoundError);
    },
  );

  it('serves nothing through a bucket or folder linked outside the root', async () => {
    expect(await store.head('linked-bucket', 'secret.hdf5')).toBeNull();
    await expect(store.get('linked-bucket', 'secret.hdf5')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.get(BUCKET, 'Data/999999/secret.hdf5')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('follows links that stay inside the root', async () => {
    expect(Buffer.from((await store.get(BUCKET, `${folder}alias.hdf5`)).bytes).toString()).toBe('inside');
    expect((await store.head(BUCKET, `${folder}neighbour.hdf5`))?.size).toBe(10);
  });

  it('accepts a root that is itself a link', async () => {
    const linkedRoot = join(outside, 'root-link');
    await symlink(root, linkedRoot);
    const viaLink = createLocalObjectStore({ root: linkedRoot });
    expect((await viaLink.list(BUCKET, folder)).map((o) => o.key)).toHaveLength(3);
    expect(await viaLink.head(BUCKET, `${folder}secret.hdf5`)).toBeNull();
  });
});

describe('parseS3Uri', () => {
  it.each([
    ['s3://aind-scratch-data/dynamic-routing/x.hdf5', 'aind-scratch-data', 'dynamic-routing/x.hdf5'],
    ['s3://bucket', 'bucket', ''],
    ['s3://bucket/', 'bucket', ''],
    [' s3://bucket/a b/c ', 'bucket', 'a b/c'],
  ])('%s', (uri, bucket, key) => {
    expect(parseS3Uri(uri)).toEqual({ bucket, key });
  });

  it.each(['https://bucket/key', '/data/x.hdf5', 's3:/bucket/key', 's3:///key', 's3://bucket/../x'])(
    'rejects %s',
    (uri) => {
      expect(() => parseS3Uri(uri)).toThrow(BadUserInputError);
    },
  );

  it('lists what it accepts', () => {
    expect(() => parseS3Uri('gs://x/y')).toThrow(/Accepted: s3:\/\/<bucket>\/<key>/);
  });
});
