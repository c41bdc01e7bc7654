/**
 * The embedded backend: a directory laid out like S3, `<root>/<bucket>/<key>` (the fixtures, or a
 * mounted copy of a bucket). Listings are recursive like S3 listings without a delimiter. It caches
 * nothing: listings and heads are cached by `withObjectStoreCache` (cached.ts), and there is no disk
 * cache because the objects already are local files.
 *
 * ETag = `<size hex>-<mtime ns hex>`, derived from `stat` rather than a content hash: listing a
 * subject's folder must not read every multi-megabyte HDF5 in it. The ETag keys derived-table caches,
 * so it only has to change with content, and a rewrite changes the size or the mtime. The one blind
 * spot: two same-size writes within one file-system timestamp tick (a few ms) keep one ETag, which
 * regenerated fixtures and copied buckets never do.
 *
 * Symbolic links are followed only while they stay inside the root: every path is resolved
 * (`realpath`) before it is listed, described or read, and anything that resolves outside the root
 * (the root's own real path) is treated as absent. A symlinked file inside a folder is listed when its
 * target is a file inside the root; symlinked folders are not descended into by listings.
 */
import type { BigIntStats, Dirent } from 'node:fs';
import { constants } from 'node:fs';
import { open, opendir, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { BadUserInputError, ObjectNotFoundError, UpstreamError } from '../../errors.ts';
import { assertSafeObjectPath, formatS3Uri } from './s3Uri.ts';
import {
  asFolderPrefix,
  compareByKey,
  type FolderListing,
  type ObjectInfo,
  type ObjectStore,
} from './types.ts';

export interface LocalObjectStoreOptions {
  /** Directory holding one sub-directory per bucket (it may itself be a symlink). */
  root: string;
}

export function createLocalObjectStore(options: LocalObjectStoreOptions): ObjectStore {
  const root = resolve(options.root);

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

  /**
   * The root's real path. A missing root is a misconfiguration (or an unmounted volume), not an
   * empty store.
   */
  async function realRoot(operation: string, bucket: string, key: string): Promise<string> {
    let real: string;
    let isDirectory: boolean;
    try {
      real = await realpath(root);
      isDirectory = (await stat(real)).isDirectory();
    } catch (error) {
      throw unavailable(operation, bucket, key, error);
    }
    if (!isDirectory) throw unavailable(operation, bucket, key, new Error('not a directory'));
    return real;
  }

  /** `path` after resolving every link, or null when it is absent or resolves outside `inside`. */
  async function resolveInside(path: string, inside: string): Promise<string | null> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      if (isMissing(error) || isLinkLoop(error)) return null;
      throw error;
    }
    return real === inside || real.startsWith(inside + sep) ? real : null;
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

  /** The real path of a key's file, or null when absent, not a file's name, or outside the root. */
  async function fileOf(operation: string, bucket: string, key: string): Promise<string | null> {
    const path = pathOf(bucket, key);
    const rootReal = await realRoot(operation, bucket, key);
    if (key === '' || key.endsWith('/')) return null;
    try {
      return await resolveInside(path, rootReal);
    } catch (error) {
      throw unavailable(operation, bucket, key, error);
    }
  }

  async function list(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const rootReal = await realRoot('list', bucket, prefix);
    // Walk only the deepest directory the prefix names, then filter by the full prefix.
    const dirKey = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    let start: string | null;
    let entries: string[];
    try {
      start = await resolveInside(pathOf(bucket, dirKey), rootReal);
      if (start === null) return [];
      entries = await walk(start);
    } catch (error) {
      if (error instanceof BadUserInputError) throw error;
      if (isMissing(error)) return [];
      throw unavailable('list', bucket, prefix, error);
    }
    const objects: ObjectInfo[] = [];
    for (const path of entries) {
      const key = dirKey + relative(start, path).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const real = await resolveInside(path, rootReal).catch(() => null);
      if (real === null) continue;
      const stats = await stat(real, { bigint: true }).catch(() => null);
      if (stats?.isFile()) objects.push(info(bucket, key, stats));
    }
    return objects.sort(compareByKey);
  }

  async function listFolder(bucket: string, prefix: string): Promise<FolderListing> {
    const folder = asFolderPrefix(prefix);
    const rootReal = await realRoot('list', bucket, folder);
    let dir: string | null;
    let entries: Dirent[];
    try {
      dir = await resolveInside(pathOf(bucket, folder), rootReal);
      if (dir === null) return { folders: [], files: [] };
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (error instanceof BadUserInputError) throw error;
      if (isMissing(error)) return { folders: [], files: [] };
      throw unavailable('list', bucket, folder, error);
    }
    const folders: string[] = [];
    const files: ObjectInfo[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      // As in S3, a folder exists only while it holds an object; symlinked folders are not followed.
      if (entry.isDirectory()) {
        if (await holdsAFile(path)) folders.push(entry.name);
        continue;
      }
      const real = await resolveInside(path, rootReal).catch(() => null);
      const stats = real === null ? null : await stat(real, { bigint: true }).catch(() => null);
      if (stats?.isFile()) files.push(info(bucket, folder + entry.name, stats));
    }
    return { folders: folders.sort(), files: files.sort(compareByKey) };
  }

  async function head(bucket: string, key: string): Promise<ObjectInfo | null> {
    const real = await fileOf('head', bucket, key);
    if (real === null) return null;
    try {
      const stats = await stat(real, { bigint: true });
      return stats.isFile() ? info(bucket, key, stats) : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw unavailable('head', bucket, key, error);
    }
  }

  async function get(bucket: string, key: string) {
    const real = await fileOf('get', bucket, key);
    if (real === null) throw new ObjectNotFoundError(formatS3Uri(bucket, key));
    // Stat and read through one handle, so info and bytes describe the same file. O_NOFOLLOW: the
    // resolved path must not have become a link since it was checked.
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isMissing(error) || isLinkLoop(error)) throw new ObjectNotFoundError(formatS3Uri(bucket, key));
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
  }

  return {
    kind: 'local',
    describe: () => `local directory ${root} (laid out as <bucket>/<key>; no disk cache needed)`,
    list: async (bucket, prefix) => {
      assertSafeObjectPath(bucket, prefix);
      return list(bucket, prefix);
    },
    listFolder: async (bucket, prefix) => {
      assertSafeObjectPath(bucket, prefix);
      return listFolder(bucket, prefix);
    },
    head,
    get,
    async exists(bucket, prefix) {
      assertSafeObjectPath(bucket, prefix);
      return (await list(bucket, prefix)).length > 0;
    },
  };
}

/** Whether any non-directory entry lies below `dir`; stops at the first one (no full walk). */
async function holdsAFile(dir: string): Promise<boolean> {
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for await (const entry of await opendir(next)) {
      if (!entry.isDirectory()) return true;
      pending.push(join(next, entry.name));
    }
  }
  return false;
}

/** Every non-directory path below `dir` (symlinked directories are not descended into). */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
}

function errorCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A link cycle (ELOOP), or O_NOFOLLOW meeting a link: nothing servable there. */
function isLinkLoop(error: unknown): boolean {
  return errorCode(error) === 'ELOOP';
}
