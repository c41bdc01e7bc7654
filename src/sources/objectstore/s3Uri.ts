/**
 * `s3://bucket/key` URIs and the rules every object location must follow in labgraph, whichever
 * backend serves it.
 */
import { BadUserInputError } from '../../errors.ts';

const ACCEPTED_URI = ['s3://<bucket>/<key>'];
const ACCEPTED_LOCATION = [
  "a bucket name of letters, digits, '.', '-' or '_'",
  "a key of '/'-separated names, none of them '..'",
];

// Lenient on purpose: legacy buckets may hold upper case and '_', which current S3 rules forbid.
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

export function formatS3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** Splits `s3://bucket/key` (key may be empty or a prefix). Throws BadUserInputError otherwise. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/s.exec(uri.trim());
  const bucket = match?.[1];
  if (!bucket || !BUCKET_NAME.test(bucket)) {
    throw new BadUserInputError(`not an S3 URI: ${JSON.stringify(uri)}`, ACCEPTED_URI);
  }
  const key = match[2] ?? '';
  assertSafeObjectPath(bucket, key);
  return { bucket, key };
}

/**
 * Rejects bucket names that are not names and keys with `..` segments. The local backend maps keys to
 * paths, where `..` would escape the root; S3 rejects them too, because HTTP clients normalise `..`
 * in URL paths and would silently address a different key. Both backends behave the same.
 */
export function assertSafeObjectPath(bucket: string, keyOrPrefix: string): void {
  if (!BUCKET_NAME.test(bucket)) {
    throw new BadUserInputError(`invalid bucket name ${JSON.stringify(bucket)}`, ACCEPTED_LOCATION);
  }
  if (keyOrPrefix.includes('\0') || keyOrPrefix.split('/').includes('..')) {
    throw new BadUserInputError(
      `invalid object key ${JSON.stringify(keyOrPrefix)} in bucket ${bucket}`,
      ACCEPTED_LOCATION,
    );
  }
}
