/**
 * The embedded backend: a directory laid out like S3, `<root>/<bucket>/<key>` (the fixtures, or a
 * mounted copy of a bucket). Listings are recursive like S3 listings without a delimiter.
 *
 * ETag = `<size hex>-<mtime ns hex>`, derived from `stat` rather than a content hash: listing a
 * subject's folder must not read every multi-megabyte HDF5 in it. The ETag keys derived-table caches,
 * so it only has to change with content, and a rewrite changes the size or the mtime. The one blind
 * spot: two same-size writes within one file-system timestamp tick (a few ms) keep one ETag, which
 * regenerated fixtures and copied buckets never do.
 *
 * There is no disk cache here: the objects already are local files, a copy would only double the disk
 * use and add a write to every first read.
 */
import type { BigIntStats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { createCache, type TtlCache } from '../../cache.ts';
import { BadUserInputError, ObjectNotFoundError, UpstreamError } from '../../errors.ts';
import { assertSafeObjectPath, formatS3Uri } from './s3Uri.ts';
import { compareByKey, type ObjectInfo, type ObjectStore } from './types.ts';

export interface LocalObjectStoreOptions {
  /** Directory holding one sub-directory per bucket. */
  root: string;
  /** Listing cache TTL; default the `objectstoreListing` policy of src/cache.ts (10 min). */
  listingTtlMs?: number;
}

export function createLocalObjectStore(options: LocalObjectStoreOptions): ObjectStore {
  const root = resolve(options.root);
  const listings: TtlCache<ObjectInfo[]> = createCache('objectstoreListing', options.listingTtlMs);

  /** The file path of a key, refusing anything that would land outside the bucket's directory. */
  function pathOf(bucket: string, key: string): string {
    assertSafeObjectPath(bucket, key);
    const bucketDir = join(root, bucket);
    // join, not resolve: a key starting with '/' is a name inside the bucket, not an absolute path.
    const path = join(bucketDir, key);
    if (path !== bucketDir && !path.startsWith(bucketDir + sep)) {
      throw new BadUserInputError(`object key ${JSON.stringify(key)} leaves bucket ${bucket}`);
    }
    return path;
  }

  /** A missing root is a misconfiguration (or an unmounted volume), not an empty store. */
  async function assertRootReadable(operation: string, bucket: string, key: string): Promise<void> {
    const info = await stat(root).catch((error: unknown) => {
      throw unavailable(operation, bucket, key, error);
    });
    if (!info.isDirectory()) throw unavailable(operation, bucket, key, new Error('not a directory'));
  }

  function unavailable(operation: string, bucket: string, key: string, error: unknown): UpstreamError {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'error';
    return new UpstreamError(
      'objectstore',
      'UNAVAILABLE',
      `objectstore: ${operation} ${formatS3Uri(bucket, key)} failed: local directory ${root} is not readable (${code})`,
      { cause: error },
    );
  }

  function info(bucket: string, key: string, stats: BigIntStats): ObjectInfo {
    return {
      bucket,
      key,
      size: Number(stats.size),
      etag: `${stats.size.toString(16)}-${stats.mtimeNs.toString(16)}`,
      lastModified: new Date(Number(stats.mtimeMs)),
      uri: formatS3Uri(bucket, key),
    };
  }

  async function list(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    await assertRootReadable('list', bucket, prefix);
    // Walk only the deepest directory the prefix names, then filter by the full prefix.
    const dirKey = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const start = pathOf(bucket, dirKey);
    const bucketDir = join(root, bucket);
    let entries: Awaited<ReturnType<typeof walk>>;
    try {
      entries = await walk(start);
    } catch (error) {
      if (isMissing(error)) return [];
      throw unavailable('list', bucket, prefix, error);
    }
    const objects: ObjectInfo[] = [];
    for (const path of entries) {
      const key = relative(bucketDir, path).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const stats = await stat(path, { bigint: true }).catch(() => null);
      if (stats?.isFile()) objects.push(info(bucket, key, stats));
    }
    return objects.sort(compareByKey);
  }

  async function head(bucket: string, key: string): Promise<ObjectInfo | null> {
    const path = pathOf(bucket, key);
    await assertRootReadable('head', bucket, key);
    if (key === '' || key.endsWith('/')) return null;
    try {
      const stats = await stat(path, { bigint: true });
      return stats.isFile() ? info(bucket, key, stats) : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw unavailable('head', bucket, key, error);
    }
  }

  async function cachedList(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    assertSafeObjectPath(bucket, prefix);
    return listings.getOrLoad(`${bucket}\u0000${prefix}`, () => list(bucket, prefix));
  }

  return {
    kind: 'local',
    describe: () => `local directory ${root} (laid out as <bucket>/<key>; no disk cache needed)`,
    list: cachedList,
    head,
    async get(bucket, key) {
      const path = pathOf(bucket, key);
      await assertRootReadable('get', bucket, key);
      if (key === '' || key.endsWith('/')) throw new ObjectNotFoundError(formatS3Uri(bucket, key));
      // Stat and read through one handle, so info and bytes describe the same file.
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if (isMissing(error)) throw new ObjectNotFoundError(formatS3Uri(bucket, key));
        throw unavailable('get', bucket, key, error);
      }
      try {
        const stats = await handle.stat({ bigint: true });
        if (!stats.isFile()) throw new ObjectNotFoundError(formatS3Uri(bucket, key));
        const bytes = await handle.readFile();
        return {
          info: info(bucket, key, stats),
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
        };
      } catch (error) {
        if (error instanceof ObjectNotFoundError) throw error;
        throw unavailable('get', bucket, key, error);
      } finally {
        await handle.close();
      }
    },
    async exists(bucket, prefix) {
      return (await cachedList(bucket, prefix)).length > 0;
    },
  };
}

/** Every file path below `dir` (following the directory tree, not symlinked directories). */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
}

function isMissing(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
