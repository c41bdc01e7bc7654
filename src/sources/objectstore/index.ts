/**
 * The object-store source: S3 and local-directory backends behind one interface, caching decorators
 * (listings/heads, and object bytes on disk), plus the task-file rules.
 */
export { withDiskCache, withObjectStoreCache } from './cached.ts';
export { type CachedObject, DiskCache, type DiskCacheOptions } from './diskCache.ts';
export { KNOWN_DATA_BUCKETS } from './knownBuckets.ts';
export { createLocalObjectStore, type LocalObjectStoreOptions } from './localBackend.ts';
export { createS3ObjectStore, type S3ObjectStoreOptions } from './s3Backend.ts';
export { assertSafeObjectPath, formatS3Uri, parseS3Uri } from './s3Uri.ts';
export {
  type SessionDay,
  type SessionStimFiles,
  type StimFile,
  selectSessionStimFiles,
  taskFilePrefix,
} from './taskFileSelection.ts';
export type {
  FolderListing,
  ObjectInfo,
  ObjectStore,
  ObjectStoreKind,
  ObjectStoreOperation,
} from './types.ts';
