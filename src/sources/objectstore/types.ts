/**
 * The object-store source: one interface over S3 (any S3-compatible endpoint) and a local directory
 * laid out like S3 (`<root>/<bucket>/<key>`). It knows nothing about GraphQL or task files; it lists,
 * describes and fetches objects.
 */

/** One object, as a listing or a HEAD describes it. */
export interface ObjectInfo {
  bucket: string;
  key: string;
  /** Bytes. */
  size: number;
  /** Opaque version tag without surrounding quotes; changes whenever the content changes. */
  etag: string;
  lastModified: Date | null;
  /** `s3://<bucket>/<key>` for both backends, so that URIs users paste resolve either way. */
  uri: string;
}

export type ObjectStoreKind = 's3' | 'local';

/** One level of a folder, as S3 lists it with the delimiter `/`. */
export interface FolderListing {
  /** Names of the sub-folders directly inside (no slashes), sorted. */
  folders: string[];
  /** The objects directly inside (not in sub-folders), sorted by key. */
  files: ObjectInfo[];
}

/** Upstream operations, as counted by `onRequest` (tests count requests, never time). */
export type ObjectStoreOperation = 'list' | 'head' | 'get';

export interface ObjectStore {
  readonly kind: ObjectStoreKind;
  /** Describes where data comes from, for the startup log (never credentials). */
  describe(): string;
  /** Every object whose key starts with `prefix` (all pages), sorted by key. Missing bucket → []. */
  list(bucket: string, prefix: string): Promise<ObjectInfo[]>;
  /**
   * One level below the folder `prefix` (a trailing `/` is implied): sub-folder names and the files
   * directly in it. Real raw-data folders hold thousands of files, so layout questions ask for one
   * level (S3's delimiter listing), never every key. Missing bucket or folder → empty.
   */
  listFolder(bucket: string, prefix: string): Promise<FolderListing>;
  /** null when the object (or its bucket) is absent. */
  head(bucket: string, key: string): Promise<ObjectInfo | null>;
  /**
   * The whole object; served from the disk cache when bucket/key/etag were fetched before.
   * Throws ObjectNotFoundError when absent (callers normally list or head first). Pass the object's
   * listing entry as `listed` to skip the HEAD that otherwise finds its ETag (a stale entry is safe:
   * the cache files the bytes under the ETag the download reports).
   */
  get(bucket: string, key: string, listed?: ObjectInfo): Promise<{ info: ObjectInfo; bytes: Uint8Array }>;
  /** Whether any object's key starts with `prefix` (pass a trailing `/` to mean a folder). */
  exists(bucket: string, prefix: string): Promise<boolean>;
}

/** Keys sort by plain string comparison in both backends, so listings compare equal. */
export function compareByKey(a: ObjectInfo, b: ObjectInfo): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** A folder's listing prefix: `''` for a bucket's root, else the path with one trailing `/`. */
export function asFolderPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}
