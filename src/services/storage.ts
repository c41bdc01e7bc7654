/**
 * Reads of the object store by `s3://` URI, for the raw-data and asset-folder rules: whether a
 * prefix holds anything, one level of a folder, a small text object. Object stores have no batch read:
 * one call per URI (the loaders dedupe them per request).
 */
import { BadUserInputError, ObjectNotFoundError } from '../errors.ts';
import { type FolderListing, type ObjectStore, parseS3Uri } from '../sources/objectstore/index.ts';
import type { BehaviourService, TaskTables } from './behaviour.ts';

/** Splits `s3://bucket/prefix` (prefix may be empty). Non-S3 URIs (gs://, file://) are not ours to read. */
export function s3Location(uri: string): { bucket: string; key: string } | null {
  if (!uri.startsWith('s3://')) return null;
  const withKey = uri.includes('/', 5) ? uri : `${uri}/`;
  return parseS3Uri(withKey);
}

/** A small object as text; null when it does not exist. */
export async function readText(store: ObjectStore, bucket: string, key: string): Promise<string | null> {
  try {
    return new TextDecoder().decode((await store.get(bucket, key)).bytes);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return null;
    throw error;
  }
}

/** Whether anything exists under an `s3://bucket/prefix/` URI (false for other schemes). */
export async function prefixExists(store: ObjectStore, uri: string): Promise<boolean> {
  const location = s3Location(uri);
  return location ? store.exists(location.bucket, location.key) : false;
}

const EMPTY_FOLDER: FolderListing = { folders: [], files: [] };

/** One level of the folder at an `s3://bucket/prefix` URI (empty for other schemes). */
export async function folderAt(store: ObjectStore, uri: string): Promise<FolderListing> {
  const location = s3Location(uri);
  return location ? store.listFolder(location.bucket, location.key) : EMPTY_FOLDER;
}

/** The task file at an `s3://bucket/key` URI read with the task-file reader; null when absent (or not S3). */
export async function taskTablesAtUri(behaviour: BehaviourService, uri: string): Promise<TaskTables | null> {
  let location: { bucket: string; key: string } | null;
  try {
    location = s3Location(uri);
  } catch (error) {
    // A repository URL that names no valid bucket: no object can be there.
    if (error instanceof BadUserInputError) return null;
    throw error;
  }
  return location && location.key !== '' ? behaviour.taskTablesAt(location.bucket, location.key) : null;
}
