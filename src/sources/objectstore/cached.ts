/**
 * The object store's caching, as decorators over an uncached backend (the pattern of the CodeOcean and
 * DocDB sources):
 * - `withObjectStoreCache`: listings, heads and existence answers, kept for the `objectstoreListing`
 *   TTL of src/cache.ts (~10 min, as the reference caches S3 listings). Failed calls are not cached.
 * - `withDiskCache`: object bytes, kept on disk by bucket/key/ETag (diskCache.ts), for backends whose
 *   bytes are remote (S3). The ETag comes from the caller's listing entry or from a (cached) HEAD.
 * Compose them as `withDiskCache(withObjectStoreCache(backend), diskCache)`, so that the HEAD which
 * finds a download's ETag is itself cached.
 */

import { type Caches, createCaches } from '../../cache/caches.ts';
import { CACHE_TTL_MS } from '../../cache.ts';
import { ObjectNotFoundError } from '../../errors.ts';
import type { DiskCache } from './diskCache.ts';
import { assertSafeObjectPath, formatS3Uri } from './s3Uri.ts';
import type { FolderListing, ObjectInfo, ObjectStore } from './types.ts';

/** The cache holds objects only; `null` (an absent object) is boxed. */
interface Box<T> {
  value: T;
}

export function withObjectStoreCache(
  store: ObjectStore,
  ttlMs: number = CACHE_TTL_MS.objectstoreListing,
  caches: Caches = createCaches(),
): ObjectStore {
  const listings = caches.ttl<ObjectInfo[]>('objectstoreListing', 'objectstore.listings', ttlMs);
  const folders = caches.ttl<FolderListing>('objectstoreListing', 'objectstore.folders', ttlMs);
  const heads = caches.ttl<Box<ObjectInfo | null>>('objectstoreListing', 'objectstore.heads', ttlMs);
  const existence = caches.ttl<Box<boolean>>('objectstoreListing', 'objectstore.exists', ttlMs);
  const keyOf = (bucket: string, path: string) => {
    assertSafeObjectPath(bucket, path); // before a bad path could become a cache key
    return `${bucket}\u0000${path}`;
  };
  return {
    kind: store.kind,
    describe: () => `${store.describe()}; listings and heads cached ${Math.round(ttlMs / 1000)} s`,
    list: async (bucket, prefix) =>
      listings.getOrLoad(keyOf(bucket, prefix), () => store.list(bucket, prefix)),
    listFolder: async (bucket, prefix) =>
      folders.getOrLoad(keyOf(bucket, prefix), () => store.listFolder(bucket, prefix)),
    head: async (bucket, key) =>
      (await heads.getOrLoad(keyOf(bucket, key), async () => ({ value: await store.head(bucket, key) })))
        .value,
    get: (bucket, key, listed) => store.get(bucket, key, listed),
    exists: async (bucket, prefix) =>
      (
        await existence.getOrLoad(keyOf(bucket, prefix), async () => ({
          value: await store.exists(bucket, prefix),
        }))
      ).value,
  };
}

export function withDiskCache(store: ObjectStore, diskCache: DiskCache): ObjectStore {
  return {
    kind: store.kind,
    describe: () => `${store.describe()}; ${diskCache.describe()}`,
    list: (bucket, prefix) => store.list(bucket, prefix),
    listFolder: (bucket, prefix) => store.listFolder(bucket, prefix),
    head: (bucket, key) => store.head(bucket, key),
    async get(bucket, key, listed) {
      // The ETag says whether the disk already holds these bytes: from the listing when the caller
      // has it, else from a HEAD (a HEAD is not a download).
      const expected =
        listed?.bucket === bucket && listed.key === key ? listed : await store.head(bucket, key);
      if (!expected) throw new ObjectNotFoundError(formatS3Uri(bucket, key));
      return diskCache.getOrFetch(expected, () => store.get(bucket, key));
    },
    exists: (bucket, prefix) => store.exists(bucket, prefix),
  };
}
