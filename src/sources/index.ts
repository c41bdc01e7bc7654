/**
 * Builds every source from the config: the one place that picks a backend per source. The rest of
 * the gateway only sees the source interfaces.
 */

import { type Caches, createCaches } from '../cache/caches.ts';
import { CACHE_TTL_MS } from '../cache.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type CodeOceanSource, createCodeOceanSource, withCodeOceanCache } from './codeocean/index.ts';
import {
  createEmbeddedDocDb,
  createMongoDocDb,
  createRestDocDb,
  type DocDbSource,
  withDocDbCache,
} from './docdb/index.ts';
import {
  createLocalObjectStore,
  createS3ObjectStore,
  DiskCache,
  type ObjectStore,
  parseS3Uri,
  withDiskCache,
  withObjectStoreCache,
} from './objectstore/index.ts';
import { configureTaskFileReader } from './taskfile/index.ts';
import { createTrackedSource, s3GlobLister, type TrackedSessionsSource } from './tracked/index.ts';
import type { RetryPolicy } from './upstreamHttp.ts';

export interface Sources {
  tracked: TrackedSessionsSource;
  codeocean: CodeOceanSource;
  docdb: DocDbSource;
  objectStore: ObjectStore;
  close(): Promise<void>;
}

/** Replacements for tests (e.g. a request-counting object store); anything not given is built from config. */
export interface SourceOverrides {
  objectStore?: ObjectStore;
  codeocean?: CodeOceanSource;
  docdb?: DocDbSource;
}

export function retryPolicyOf(config: Config): RetryPolicy {
  const { upstream } = config;
  return {
    retries: upstream.retries,
    minDelayMs: upstream.minRetryDelayMs,
    maxDelayMs: upstream.maxRetryDelayMs,
    attemptTimeoutMs: upstream.attemptTimeoutMs,
    deadlineMs: upstream.timeoutMs,
    maxBodyBytes: upstream.maxBodyBytes,
  };
}

/** The configured backend behind the listing/head cache, plus the disk cache for S3's bytes. */
export function createObjectStore(config: Config, caches: Caches = createCaches()): ObjectStore {
  const store = config.objectStore;
  const ttlMs = CACHE_TTL_MS.objectstoreListing;
  if (store.backend === 'local') {
    return withObjectStoreCache(createLocalObjectStore({ root: store.root }), ttlMs, caches);
  }
  const s3 = createS3ObjectStore({
    region: store.region,
    endpoint: store.endpoint,
    forcePathStyle: store.forcePathStyle,
    requestTimeoutMs: config.upstream.attemptTimeoutMs,
    maxAttempts: config.upstream.retries + 1,
  });
  const diskCache = new DiskCache({
    directory: config.objectCache.dir,
    maxBytes: config.objectCache.maxBytes,
  });
  return withDiskCache(withObjectStoreCache(s3, ttlMs, caches), diskCache);
}

export function createDocDb(config: Config): DocDbSource {
  const docdb = config.docdb;
  switch (docdb.backend) {
    case 'mongodb':
      return createMongoDocDb({
        uri: docdb.uri,
        database: docdb.database,
        collection: docdb.collection,
        timeouts: {
          serverSelectionTimeoutMS: config.upstream.attemptTimeoutMs,
          connectTimeoutMS: config.upstream.attemptTimeoutMs,
          socketTimeoutMS: config.upstream.timeoutMs,
        },
      });
    case 'rest':
      return createRestDocDb({
        baseUrl: docdb.baseUrl,
        database: docdb.database,
        collection: docdb.collection,
        maxPages: docdb.maxPages,
        policy: retryPolicyOf(config),
      });
    case 'embedded':
      return lazyDocDb(`embedded: ${docdb.files.join(', ')}`, () =>
        createEmbeddedDocDb({ files: docdb.files }),
      );
  }
}

/** The embedded store reads its files asynchronously; this defers that to the first use. */
function lazyDocDb(description: string, create: () => Promise<DocDbSource>): DocDbSource {
  let source: Promise<DocDbSource> | null = null;
  const ready = () => {
    source ??= create();
    return source;
  };
  return {
    kind: 'embedded',
    describe: () => description,
    find: async (query) => (await ready()).find(query),
    count: async (filter) => (await ready()).count(filter),
    close: async () => (source ? (await source).close() : undefined),
  };
}

/** The sources, their answers kept in `caches` (memory, and Redis when configured). */
export function createSources(
  config: Config,
  overrides: SourceOverrides = {},
  caches: Caches = createCaches(),
): Sources {
  configureTaskFileReader(config.taskFileReader); // the HDF5 worker pool is process-wide
  const objectStore = overrides.objectStore ?? createObjectStore(config, caches);
  const codeocean =
    overrides.codeocean ??
    withCodeOceanCache(
      createCodeOceanSource(config.codeocean, { policy: retryPolicyOf(config) }),
      CACHE_TTL_MS.codeocean,
      caches,
    );
  const docdb = withDocDbCache(overrides.docdb ?? createDocDb(config), CACHE_TTL_MS.docdb, caches);
  const readBytes = async (uri: string) => {
    const { bucket, key } = parseS3Uri(uri);
    return (await objectStore.get(bucket, key)).bytes;
  };
  const tracked = createTrackedSource({
    yaml: config.tracked.yaml,
    workbooks: config.tracked.workbooks,
    workbookLimits: config.tracked.workbookLimits,
    readBytes,
    listUris: s3GlobLister((bucket, prefix) => objectStore.list(bucket, prefix)),
  });
  return {
    tracked,
    codeocean,
    docdb,
    objectStore,
    close: () => docdb.close(),
  };
}

/** Logs one line per source: which backend it uses and where its data comes from (never secrets). */
export function logBackends(sources: Sources, logger: Logger): void {
  logger.info({ source: 'tracked' }, `tracked sessions: ${sources.tracked.describe()}`);
  logger.info({ source: 'codeocean' }, `codeocean: ${sources.codeocean.describe()}`);
  logger.info({ source: 'docdb' }, `docdb: ${sources.docdb.describe()}`);
  logger.info({ source: 'objectstore' }, `object store: ${sources.objectStore.describe()}`);
}
