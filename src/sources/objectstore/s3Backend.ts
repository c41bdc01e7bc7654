/**
 * The S3 backend: `@aws-sdk/client-s3` with the standard credential chain (env, shared config/SSO,
 * container and instance roles), the SDK's own standard-mode retries, and a per-request timeout.
 * Works with any S3-compatible endpoint (`AWS_ENDPOINT_URL_S3`, s3rver in tests). It caches nothing:
 * listings, heads and downloaded bytes are cached by the decorators of cached.ts.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { currentSignal } from '../../cancellation.ts';
import { ObjectNotFoundError, UpstreamError } from '../../errors.ts';
import { startUpstreamRequest } from '../../metrics.ts';
import { publicAddress } from '../../redact.ts';
import { assertSafeObjectPath, formatS3Uri } from './s3Uri.ts';
import {
  asFolderPrefix,
  compareByKey,
  type FolderListing,
  type ObjectInfo,
  type ObjectStore,
  type ObjectStoreOperation,
} from './types.ts';

export interface S3ObjectStoreOptions {
  /** AWS region; default: the SDK's resolution (`AWS_REGION`, shared config). */
  region?: string;
  /** S3-compatible endpoint URL; default: the SDK's resolution (`AWS_ENDPOINT_URL_S3`, else AWS). */
  endpoint?: string;
  /** Path-style addressing (`<endpoint>/<bucket>/<key>`), needed by most non-AWS endpoints. */
  forcePathStyle?: boolean;
  /** Attempts per request including the first (SDK standard retry mode). */
  maxAttempts: number;
  /** Time limit until response headers, and idle limit while reading a body, per attempt. */
  requestTimeoutMs: number;
  /** Explicit credentials (tests, s3rver); default: the standard credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Called once per HTTP attempt (retries included), so tests can count upstream requests. */
  onRequest?: (operation: ObjectStoreOperation) => void;
}

const MAX_CONNECT_TIMEOUT_MS = 5_000;

const OPERATION_OF_COMMAND: Record<string, ObjectStoreOperation> = {
  ListObjectsV2Command: 'list',
  HeadObjectCommand: 'head',
  GetObjectCommand: 'get',
};

export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const client = new S3Client(clientConfig(options));
  measureAttempts(client);
  const { onRequest } = options;
  if (onRequest) {
    // The deserialize step runs inside the retry loop, so this sees every attempt.
    client.middlewareStack.add(
      (next, context) => (args) => {
        const operation = context.commandName ? OPERATION_OF_COMMAND[context.commandName] : undefined;
        if (operation) onRequest(operation);
        return next(args);
      },
      { step: 'deserialize', name: 'labgraphCountRequests' },
    );
  }

  async function listPage(
    bucket: string,
    prefix: string,
    token: string | undefined,
    maxKeys?: number,
    delimiter?: '/',
  ) {
    try {
      return await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ContinuationToken: token,
          MaxKeys: maxKeys,
          Delimiter: delimiter,
        }),
        cancellable(),
      );
    } catch (error) {
      rethrowIfCancelled();
      if (errorName(error) === 'NoSuchBucket') return null; // a missing bucket holds nothing
      throw toUpstreamError(error, 'list', bucket, prefix);
    }
  }

  async function listAll(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const objects: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput | null = await listPage(bucket, prefix, token);
      if (!page) return [];
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        objects.push(objectInfo(bucket, item.Key, item.Size, item.ETag, item.LastModified));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects.sort(compareByKey);
  }

  async function listFolder(bucket: string, prefix: string): Promise<FolderListing> {
    const folder = asFolderPrefix(prefix);
    const folders: string[] = [];
    const files: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput | null = await listPage(bucket, folder, token, undefined, '/');
      if (!page) return { folders: [], files: [] };
      for (const common of page.CommonPrefixes ?? []) {
        const name = common.Prefix?.slice(folder.length).replace(/\/$/, '');
        if (name) folders.push(name);
      }
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined || item.Key === folder) continue; // a folder's own marker object
        files.push(objectInfo(bucket, item.Key, item.Size, item.ETag, item.LastModified));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return { folders: folders.sort(), files: files.sort(compareByKey) };
  }

  async function head(bucket: string, key: string): Promise<ObjectInfo | null> {
    assertSafeObjectPath(bucket, key);
    if (key === '') return null;
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), cancellable());
      return objectInfo(bucket, key, out.ContentLength, out.ETag, out.LastModified);
    } catch (error) {
      rethrowIfCancelled();
      if (isAbsent(error)) return null;
      throw toUpstreamError(error, 'head', bucket, key);
    }
  }

  async function download(bucket: string, key: string) {
    assertSafeObjectPath(bucket, key);
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), cancellable());
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
      // The size the upstream announced, so a short body can be told from the object (diskCache.ts).
      const size = out.ContentLength ?? bytes.byteLength;
      return { info: objectInfo(bucket, key, size, out.ETag, out.LastModified), bytes };
    } catch (error) {
      rethrowIfCancelled();
      if (isAbsent(error)) throw new ObjectNotFoundError(formatS3Uri(bucket, key));
      throw toUpstreamError(error, 'get', bucket, key);
    }
  }

  return {
    kind: 's3',
    describe() {
      const endpoint = options.endpoint
        ? publicAddress(options.endpoint)
        : 'the SDK default endpoint (AWS_ENDPOINT_URL_S3 if set)';
      const region = options.region ?? 'region from the AWS environment';
      const style = options.forcePathStyle ? ', path-style' : '';
      return `S3 at ${endpoint} (${region}${style})`;
    },
    async list(bucket, prefix) {
      assertSafeObjectPath(bucket, prefix);
      return listAll(bucket, prefix);
    },
    async listFolder(bucket, prefix) {
      assertSafeObjectPath(bucket, prefix);
      return listFolder(bucket, prefix);
    },
    head,
    get: (bucket, key) => download(bucket, key),
    async exists(bucket, prefix) {
      assertSafeObjectPath(bucket, prefix);
      const page = await listPage(bucket, prefix, undefined, 1);
      return (page?.KeyCount ?? page?.Contents?.length ?? 0) > 0;
    },
  };
}

/** The SDK's abort option for the requests the call is made for (src/cancellation.ts): it closes the connection. */
function cancellable(): { abortSignal?: AbortSignal } {
  const signal = currentSignal();
  return signal ? { abortSignal: signal } : {};
}

/** A call its requests abandoned fails with their reason, not as an S3 failure. */
function rethrowIfCancelled(): void {
  const signal = currentSignal();
  if (signal?.aborted) throw signal.reason;
}

/**
 * labgraph_upstream_* for every HTTP attempt the SDK makes: the deserialize step runs inside its
 * retry loop, so a second attempt of one command is a retry. An absent object (404) is an answer.
 */
function measureAttempts(client: S3Client): void {
  const attemptsOf = new WeakMap<object, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName ? OPERATION_OF_COMMAND[context.commandName] : undefined;
      if (!operation) return next(args);
      const attempt = (attemptsOf.get(context) ?? 0) + 1;
      attemptsOf.set(context, attempt);
      const end = startUpstreamRequest({ source: 'objectstore', backend: 's3', operation }, attempt > 1);
      try {
        const output = await next(args);
        end();
        return output;
      } catch (error) {
        end(
          isAbsent(error)
            ? undefined
            : currentSignal()?.aborted
              ? 'cancelled'
              : isTimeout(error)
                ? 'timeout'
                : 'error',
        );
        throw error;
      }
    },
    { step: 'deserialize', name: 'labgraphMeasureAttempts' },
  );
}

function clientConfig(options: S3ObjectStoreOptions): S3ClientConfig {
  const requestTimeout = options.requestTimeoutMs;
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    retryMode: 'standard',
    maxAttempts: options.maxAttempts,
    requestHandler: {
      connectionTimeout: Math.min(requestTimeout, MAX_CONNECT_TIMEOUT_MS),
      requestTimeout,
      // Without this the SDK only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
      // requestTimeout ends when headers arrive; this bounds a body that stalls mid-download.
      socketTimeout: requestTimeout,
    },
    // We only read, so request checksums never apply; response checksums are validated when S3
    // sends them (SDK default). s3rver sends none, so validation is simply skipped there.
  };
}

function objectInfo(
  bucket: string,
  key: string,
  size: number | undefined,
  etag: string | undefined,
  lastModified: Date | undefined,
): ObjectInfo {
  return {
    bucket,
    key,
    size: size ?? 0,
    etag: (etag ?? '').replace(/^"|"$/g, ''),
    lastModified: lastModified ?? null,
    uri: formatS3Uri(bucket, key),
  };
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The SDK's `$metadata` of a failed call (HTTP status, attempts made), or {} for other errors. */
function sdkMetadata(error: unknown): { httpStatusCode?: unknown; attempts?: unknown } {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return {};
  const metadata = error.$metadata;
  return typeof metadata === 'object' && metadata !== null ? metadata : {};
}

function httpStatus(error: unknown): number | undefined {
  const status = sdkMetadata(error).httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function attemptsText(error: unknown): string {
  const attempts = sdkMetadata(error).attempts;
  return typeof attempts === 'number' ? `${attempts} attempt(s)` : '';
}

function isAbsent(error: unknown): boolean {
  const name = errorName(error);
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket' || httpStatus(error) === 404;
}

function isTimeout(error: unknown): boolean {
  const name = errorName(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return name === 'TimeoutError' || name === 'RequestTimeout' || code === 'ETIMEDOUT';
}

/**
 * Names the operation and the location, plus the error's name/status and a hint: never the SDK's
 * message verbatim, which can echo request details.
 */
function toUpstreamError(
  error: unknown,
  operation: ObjectStoreOperation,
  bucket: string,
  keyOrPrefix: string,
) {
  const where = formatS3Uri(bucket, keyOrPrefix);
  const status = httpStatus(error);
  const name = errorName(error) ?? 'error';
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const cause = [name, code, status ? `HTTP ${status}` : '', attemptsText(error)].filter(Boolean).join(', ');
  if (isTimeout(error)) {
    return new UpstreamError(
      'objectstore',
      'TIMEOUT',
      `objectstore: ${operation} ${where} timed out (${cause})`,
      {
        cause: error,
      },
    );
  }
  return new UpstreamError(
    'objectstore',
    'UNAVAILABLE',
    `objectstore: ${operation} ${where} failed (${cause})${hintFor(error, status)}`,
    { cause: error },
  );
}

function hintFor(error: unknown, status: number | undefined): string {
  const name = errorName(error) ?? '';
  if (status === 403 || name === 'AccessDenied' || name === 'InvalidAccessKeyId' || name === 'Forbidden') {
    return ': access denied; check the AWS credentials in use (AWS_PROFILE / AWS_ACCESS_KEY_ID) and that they may read this bucket';
  }
  if (name === 'CredentialsProviderError') {
    return ': no AWS credentials found; configure a profile, environment variables or an instance role';
  }
  if (/region is missing/i.test(error instanceof Error ? error.message : '')) {
    return ': no AWS region configured; set AWS_REGION';
  }
  return '';
}
