/**
 * s3rver on 127.0.0.1 (ephemeral port, temp directory) for the object-store contract tests. Objects
 * are put through the real SDK, so the tests also show that s3rver and @aws-sdk/client-s3 agree.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  createS3ObjectStore,
  DiskCache,
  type ObjectStore,
  type S3ObjectStoreOptions,
  withDiskCache,
  withObjectStoreCache,
} from '../../src/sources/objectstore/index.ts';

/** s3rver accepts only these (it verifies signatures against them). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const S3RVER_REGION = 'us-east-1';

export interface TestObject {
  bucket: string;
  key: string;
  body: Uint8Array | string;
}

export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  createBucket(name: string): Promise<void>;
  /** Puts objects with a few requests in flight at once (listing tests need >1000 keys). */
  putObjects(objects: readonly TestObject[]): Promise<void>;
  stop(): Promise<void>;
}

/** The part of s3rver's (untyped) API used here. */
interface S3rver {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
}) => S3rver;

const require = createRequire(import.meta.url);
// s3rver ships no type declarations; load it through require and describe what we use above.
const S3rverClass = require('s3rver') as S3rverConstructor;

/**
 * s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17) no
 * longer provides: every truncated listing (more than 1000 keys, or any MaxKeys below the count)
 * fails with HTTP 500 InternalError. The token only has to round-trip through the client, so in this
 * test process the 'des' algorithm alone becomes a pass-through cipher. Real S3 is unaffected.
 */
function letS3rverMakeContinuationTokens(): void {
  const crypto = require('node:crypto') as typeof import('node:crypto');
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return; // DES available (or already shimmed)
  } catch {}
  const passThrough = {
    update: (data: Buffer | string, encoding?: BufferEncoding) =>
      typeof data === 'string' ? Buffer.from(data, encoding) : data,
    final: () => Buffer.alloc(0),
  };
  const { createCipheriv, createDecipheriv } = crypto;
  const shim = <F extends (algorithm: string, ...rest: never[]) => unknown>(original: F): F =>
    ((algorithm: string, ...rest: never[]) =>
      algorithm === 'des' ? passThrough : original.call(crypto, algorithm, ...rest)) as F;
  crypto.createCipheriv = shim(createCipheriv);
  crypto.createDecipheriv = shim(createDecipheriv);
}

/** Options for createS3ObjectStore (and any S3Client) that address this server. */
export function s3rverClientOptions(endpoint: string) {
  return { endpoint, region: S3RVER_REGION, forcePathStyle: true, credentials: S3RVER_CREDENTIALS };
}

/** Options for createS3ObjectStore addressing this server, with production-like retries and timeouts. */
export function s3rverStoreOptions(endpoint: string): S3ObjectStoreOptions {
  return { ...s3rverClientOptions(endpoint), maxAttempts: 3, requestTimeoutMs: 10_000 };
}

/**
 * An S3 store composed as the gateway composes it (sources/index.ts): listings and heads cached,
 * bytes in a disk cache at `cacheDir`.
 */
export function cachedS3Store(
  options: S3ObjectStoreOptions,
  cacheDir: string,
  maxBytes = 2 * 1024 ** 3,
): ObjectStore {
  const diskCache = new DiskCache({ directory: cacheDir, maxBytes });
  return withDiskCache(withObjectStoreCache(createS3ObjectStore(options)), diskCache);
}

export async function startS3Server(options: { buckets?: string[] } = {}): Promise<S3TestServer> {
  letS3rverMakeContinuationTokens();
  const directory = await mkdtemp(join(tmpdir(), 'labgraph-s3rver-'));
  const server = new S3rverClass({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    ...s3rverClientOptions(endpoint),
    // Since SDK 3.729 a PutObject with a streamed body sends its CRC32 as an aws-chunked trailer;
    // s3rver does not decode that and stores the chunk framing as content (checked: +45 bytes on a
    // 200 kB stream). Buffer bodies carry the checksum in a header and are fine, but stay safe.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  let stopped = false;

  return {
    endpoint,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async putObjects(objects) {
      const queue = [...objects];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          await client.send(new PutObjectCommand({ Bucket: next.bucket, Key: next.key, Body: next.body }));
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
