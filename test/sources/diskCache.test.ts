/**
 * The on-disk object cache: through the S3 backend against s3rver (counting the GETs s3rver serves),
 * and directly for restart behaviour (recency from mtimes, stale temp files) and verification (size,
 * MD5 ETags) of what the disk holds.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.ts';
import {
  DiskCache,
  type ObjectInfo,
  type ObjectStoreOperation,
} from '../../src/sources/objectstore/index.ts';
import { cachedS3Store, s3rverStoreOptions, startS3Server } from '../support/s3Server.ts';

const BUCKET = 'cache-test';

function bytesOf(seed: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed * 13 + i) % 256);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

let cacheDir: string;
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'labgraph-diskcache-'));
});
afterEach(() => rm(cacheDir, { recursive: true, force: true }));

describe('disk cache through the S3 backend (s3rver)', () => {
  let server: Awaited<ReturnType<typeof startS3Server>>;
  beforeAll(async () => {
    server = await startS3Server({ buckets: [BUCKET] });
    await server.putObjects([
      { bucket: BUCKET, key: 'a.hdf5', body: bytesOf(1, 1000) },
      { bucket: BUCKET, key: 'b.hdf5', body: bytesOf(2, 1000) },
      { bucket: BUCKET, key: 'c.hdf5', body: bytesOf(3, 1000) },
      { bucket: BUCKET, key: 'big.hdf5', body: bytesOf(4, 5000) },
    ]);
  });
  afterAll(() => server?.stop());

  /** A store over the shared cache directory, counting the requests it makes. */
  function storeWithCounter(maxBytes?: number) {
    const requests: ObjectStoreOperation[] = [];
    const store = cachedS3Store(
      { ...s3rverStoreOptions(server.endpoint), onRequest: (op) => requests.push(op) },
      cacheDir,
      maxBytes,
    );
    const gets = () => requests.filter((op) => op === 'get').length;
    return { store, requests, gets };
  }

  it('serves a second get of the same bucket/key/etag without a GET', async () => {
    const { store, requests, gets } = storeWithCounter();
    const first = await store.get(BUCKET, 'a.hdf5');
    expect(requests).toEqual(['head', 'get']);
    const second = await store.get(BUCKET, 'a.hdf5');
    expect(gets()).toBe(1);
    expect(requests).toEqual(['head', 'get']); // the HEAD is cached too (listing TTL)
    expect(sameBytes(second.bytes, first.bytes)).toBe(true);
    expect(second.info).toEqual(first.info);
  });

  it('keeps objects across restarts: a new process with the same directory makes no GET', async () => {
    await storeWithCounter().store.get(BUCKET, 'a.hdf5');
    const restarted = storeWithCounter();
    const { bytes } = await restarted.store.get(BUCKET, 'a.hdf5');
    expect(restarted.gets()).toBe(0);
    expect(sameBytes(bytes, bytesOf(1, 1000))).toBe(true);
  });

  it('fetches again when the object changed (new etag)', async () => {
    await server.putObjects([{ bucket: BUCKET, key: 'changing.hdf5', body: bytesOf(5, 100) }]);
    const first = storeWithCounter();
    const before = await first.store.get(BUCKET, 'changing.hdf5');
    await server.putObjects([{ bucket: BUCKET, key: 'changing.hdf5', body: bytesOf(6, 100) }]);
    const { store, gets } = storeWithCounter(); // past the HEAD cache
    const after = await store.get(BUCKET, 'changing.hdf5');
    expect(gets()).toBe(1);
    expect(after.info.etag).not.toBe(before.info.etag);
    expect(sameBytes(after.bytes, bytesOf(6, 100))).toBe(true);
    await store.get(BUCKET, 'changing.hdf5');
    expect(gets()).toBe(1);
  });

  it('s3rver gives plain-MD5 ETags, as S3 does for single-part uploads', async () => {
    const { info } = await storeWithCounter().store.get(BUCKET, 'a.hdf5');
    expect(info.etag).toBe(createHash('md5').update(bytesOf(1, 1000)).digest('hex'));
  });

  it('re-downloads a truncated entry (after a restart too) and serves the real bytes', async () => {
    await storeWithCounter().store.get(BUCKET, 'a.hdf5');
    const [entry] = await cacheFiles();
    await truncate(join(cacheDir, entry ?? ''), 600);
    const restarted = storeWithCounter();
    const { bytes } = await restarted.store.get(BUCKET, 'a.hdf5');
    expect(sameBytes(bytes, bytesOf(1, 1000))).toBe(true);
    expect(restarted.gets()).toBe(1);
    // The entry was replaced by a good one: the next process is served from disk again.
    expect((await readFile(join(cacheDir, entry ?? ''))).byteLength).toBe(1000);
    const again = storeWithCounter();
    expect(sameBytes((await again.store.get(BUCKET, 'a.hdf5')).bytes, bytesOf(1, 1000))).toBe(true);
    expect(again.gets()).toBe(0);
  });

  it('re-downloads an entry with 8 changed bytes (same size: the MD5 ETag tells)', async () => {
    await storeWithCounter().store.get(BUCKET, 'b.hdf5');
    const [entry] = await cacheFiles();
    const path = join(cacheDir, entry ?? '');
    const altered = await readFile(path);
    for (let i = 100; i < 108; i++) altered[i] = (altered[i] ?? 0) ^ 0xff;
    await writeFile(path, altered);
    const restarted = storeWithCounter();
    const { bytes } = await restarted.store.get(BUCKET, 'b.hdf5');
    expect(sameBytes(bytes, bytesOf(2, 1000))).toBe(true);
    expect(restarted.gets()).toBe(1);
  });

  it('shares one download between concurrent gets of the same object', async () => {
    const { store, gets } = storeWithCounter();
    const results = await Promise.all(Array.from({ length: 8 }, () => store.get(BUCKET, 'b.hdf5')));
    expect(gets()).toBe(1);
    for (const { bytes } of results) expect(sameBytes(bytes, bytesOf(2, 1000))).toBe(true);
  });

  it('evicts the least recently used file beyond the size cap', async () => {
    const { store, gets } = storeWithCounter(2500); // room for two 1000-byte objects
    await store.get(BUCKET, 'a.hdf5');
    await store.get(BUCKET, 'b.hdf5');
    await store.get(BUCKET, 'a.hdf5'); // a is now more recent than b
    await store.get(BUCKET, 'c.hdf5'); // 3000 bytes > cap: b goes
    expect(gets()).toBe(3);
    await store.get(BUCKET, 'a.hdf5');
    await store.get(BUCKET, 'c.hdf5');
    expect(gets()).toBe(3);
    await store.get(BUCKET, 'b.hdf5');
    expect(gets()).toBe(4);
    expect(await cacheFiles()).toHaveLength(2);
  });

  it('returns but does not keep an object larger than the whole cap', async () => {
    const { store, gets } = storeWithCounter(2500);
    expect((await store.get(BUCKET, 'big.hdf5')).bytes.byteLength).toBe(5000);
    await store.get(BUCKET, 'big.hdf5');
    expect(gets()).toBe(2);
    expect(await cacheFiles()).toHaveLength(0);
  });

  it('leaves only complete entries behind (temp file + rename)', async () => {
    const { store } = storeWithCounter();
    await Promise.all(['a.hdf5', 'b.hdf5', 'c.hdf5'].map((key) => store.get(BUCKET, key)));
    const names = await readdir(cacheDir);
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{64}\.obj$/);
  });
});

describe('DiskCache on its own', () => {
  const info = (key: string, etag: string, size = 100): ObjectInfo => ({
    bucket: 'b',
    key,
    size,
    etag,
    lastModified: null,
    uri: `s3://b/${key}`,
  });

  /** A fetch that counts its calls and answers with `etag`'s bytes. */
  function counter() {
    let calls = 0;
    const fetch =
      (expected: ObjectInfo, etag = expected.etag) =>
      async () => {
        calls += 1;
        return {
          info: { ...expected, etag },
          bytes: bytesOf(etag.length + expected.key.length, expected.size),
        };
      };
    return { fetch, calls: () => calls };
  }

  it('does not cache a failed fetch, and a later call fetches again', async () => {
    const cache = new DiskCache({ directory: cacheDir, maxBytes: 1_000_000 });
    const wanted = info('x', 'v1');
    await expect(
      cache.getOrFetch(wanted, async () => {
        throw new Error('upstream down');
      }),
    ).rejects.toThrow('upstream down');
    const { fetch, calls } = counter();
    await cache.getOrFetch(wanted, fetch(wanted));
    expect(calls()).toBe(1);
  });

  it('stores bytes under the etag the upstream reported when it differs from the expected one', async () => {
    const cache = new DiskCache({ directory: cacheDir, maxBytes: 1_000_000 });
    const { fetch, calls } = counter();
    const got = await cache.getOrFetch(info('x', 'v1'), fetch(info('x', 'v1'), 'v2'));
    expect(got.info.etag).toBe('v2');
    await cache.getOrFetch(info('x', 'v2'), fetch(info('x', 'v2')));
    expect(calls()).toBe(1);
    await cache.getOrFetch(info('x', 'v1'), fetch(info('x', 'v1')));
    expect(calls()).toBe(2);
  });

  it('checks a multipart ETag (not a digest) by size: a short entry is fetched again', async () => {
    const cache = new DiskCache({ directory: cacheDir, maxBytes: 1_000_000 });
    const wanted = info('multi', '9b2cf535f27731c974343645a3985328-2', 100);
    const { fetch, calls } = counter();
    await cache.getOrFetch(wanted, fetch(wanted));
    const [entry] = await cacheFiles();
    await truncate(join(cacheDir, entry ?? ''), 40);
    const again = await new DiskCache({ directory: cacheDir, maxBytes: 1_000_000 }).getOrFetch(
      wanted,
      fetch(wanted),
    );
    expect(again.bytes.byteLength).toBe(100);
    expect(calls()).toBe(2);
  });

  it('fails a download shorter than the size the upstream announced, and keeps nothing', async () => {
    const cache = new DiskCache({ directory: cacheDir, maxBytes: 1_000_000 });
    const wanted = info('short', 'e', 100);
    const error = await cache
      .getOrFetch(wanted, async () => ({ info: wanted, bytes: bytesOf(1, 60) }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/delivered 60 of 100 bytes/);
    expect(await cacheFiles()).toEqual([]);
  });

  it('serves but does not keep a download whose bytes do not match its MD5 ETag', async () => {
    const cache = new DiskCache({ directory: cacheDir, maxBytes: 1_000_000 });
    const wanted = info('kms', createHash('md5').update('other content').digest('hex'), 100);
    const { fetch, calls } = counter();
    expect((await cache.getOrFetch(wanted, fetch(wanted))).bytes.byteLength).toBe(100);
    expect(await cacheFiles()).toEqual([]);
    await cache.getOrFetch(wanted, fetch(wanted));
    expect(calls()).toBe(2);
  });

  it('after a restart, evicts by the recency recorded in file mtimes', async () => {
    const first = new DiskCache({ directory: cacheDir, maxBytes: 1_000_000 });
    const { fetch } = counter();
    const fileOf = new Map<string, string>();
    for (const key of ['old', 'mid', 'new']) {
      const before = new Set(await cacheFiles());
      await first.getOrFetch(info(key, 'e'), fetch(info(key, 'e')));
      fileOf.set(key, (await cacheFiles()).find((name) => !before.has(name)) ?? '');
    }
    // Make the recency explicit: writes within one clock tick share an mtime.
    for (const [key, seconds] of [
      ['old', 1_000],
      ['mid', 2_000],
      ['new', 3_000],
    ] as const) {
      await utimes(join(cacheDir, fileOf.get(key) ?? ''), seconds, seconds);
    }

    const restarted = new DiskCache({ directory: cacheDir, maxBytes: 250 }); // room for two
    const again = counter();
    await restarted.getOrFetch(info('new', 'e'), again.fetch(info('new', 'e')));
    expect(again.calls()).toBe(0);
    const left = await cacheFiles();
    expect(left).not.toContain(fileOf.get('old'));
    expect(left).toContain(fileOf.get('mid'));
    expect(left).toContain(fileOf.get('new'));
  });

  it('removes temp files left by a crashed writer, but not fresh ones', async () => {
    const stale = join(cacheDir, 'abc.obj.123.deadbeef.tmp');
    const fresh = join(cacheDir, 'def.obj.456.cafebabe.tmp');
    await writeFile(stale, 'partial');
    await writeFile(fresh, 'in progress');
    await utimes(stale, new Date(0), new Date(0));
    const cache = new DiskCache({ directory: cacheDir, maxBytes: 1_000_000 });
    const { fetch } = counter();
    await cache.getOrFetch(info('x', 'e'), fetch(info('x', 'e')));
    const names = await readdir(cacheDir);
    expect(names).not.toContain('abc.obj.123.deadbeef.tmp');
    expect(names).toContain('def.obj.456.cafebabe.tmp');
  });
});

async function cacheFiles(): Promise<string[]> {
  return (await readdir(cacheDir)).filter((name) => name.endsWith('.obj'));
}
