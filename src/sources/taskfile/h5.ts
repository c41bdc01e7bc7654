/**
 * A small typed layer over h5wasm for reading HDF5 bytes. The HDF5 work happens in a pool of worker
 * threads (h5Pool.ts, h5Worker.ts), one file per worker at a time: a corrupt file can make the HDF5
 * library loop forever or trap, and only a worker can be abandoned (terminated after `timeoutMs`) and
 * replaced without taking the gateway, or the other files being read, with it. The worker reads the
 * requested datasets in one go; callers then inspect them synchronously through `H5File`, and
 * everything that goes wrong becomes an InvalidDataError that names the object's URI.
 */
import { DEFAULT_TASK_FILE_READER } from '../../config.ts';
import { InvalidDataError } from '../../errors.ts';
import { startUpstreamRequest, type UpstreamFailureKind } from '../../metrics.ts';
import { H5WorkerPool, ReadTimeout, WorkerCrashed } from './h5Pool.ts';
import type { H5Data, H5Entry, H5Request, H5Response } from './h5Protocol.ts';
import type { DatasetLimit } from './limits.ts';

export type { H5Data } from './h5Protocol.ts';

export interface H5ReadOptions {
  /** Give up on a file (and replace its worker) after this long. Default: the configured timeout. */
  timeoutMs?: number;
  /** Size limits by dataset name (limits.ts); a dataset without one gets the per-frame limit. */
  limits?: Readonly<Record<string, DatasetLimit>>;
}

export interface TaskFileReaderOptions {
  /** Worker threads reading files side by side (LABGRAPH_HDF5_WORKERS). */
  workers: number;
  /** Per-file time limit (LABGRAPH_HDF5_TIMEOUT_MS). */
  timeoutMs: number;
}

let settings: TaskFileReaderOptions = DEFAULT_TASK_FILE_READER;
let pool: H5WorkerPool | null = null;
const readers = () => {
  pool ??= new H5WorkerPool(settings.workers);
  return pool;
};

/**
 * Sets the pool size and per-file timeout (from config, at startup). A running pool of another size
 * is closed (its reads fail) and the next read starts the new one.
 */
export function configureH5Reader(options: TaskFileReaderOptions): void {
  settings = options;
  if (pool && pool.size !== options.workers) void closeH5Reader();
}

/** The requested datasets of one file, already read. */
export class H5File {
  constructor(
    readonly uri: string,
    private readonly entries: Record<string, H5Entry>,
  ) {}

  /** What is at `path`. */
  entryKind(path: string): 'absent' | 'group' | 'dataset' | 'other' {
    const entry = this.entry(path);
    if (entry.kind === 'absent' || entry.kind === 'group') return entry.kind;
    if (entry.kind === 'refused') return 'dataset';
    return entry.kind === 'link' ? 'other' : 'dataset';
  }

  /** The dataset's values, or null when nothing is at `path`; InvalidDataError when it is not a readable dataset. */
  read(path: string): H5Data | null {
    const entry = this.entry(path);
    switch (entry.kind) {
      case 'absent':
        return null;
      case 'group':
      case 'link':
        throw new InvalidDataError(this.uri, `${this.uri}: "${path}" is a ${entry.kind}, not a dataset`);
      case 'refused':
        throw new InvalidDataError(this.uri, `${this.uri}: dataset "${path}" ${entry.message}`);
      case 'error':
        throw new InvalidDataError(
          this.uri,
          `${this.uri}: cannot read "${path}" (${hdf5Reason(entry.message)})`,
        );
      default:
        return entry;
    }
  }

  private entry(path: string): H5Entry {
    const entry = this.entries[path];
    if (entry === undefined)
      throw new Error(`"${path}" was not among the datasets requested from ${this.uri}`);
    return entry;
  }
}

/**
 * Reads the datasets `names` of the HDF5 file in `bytes` and passes them to `read`. Bytes that are
 * not a readable HDF5 file, or a file the library cannot finish reading, give an InvalidDataError.
 */
export async function withH5File<T>(
  bytes: Uint8Array,
  uri: string,
  names: readonly string[],
  read: (file: H5File) => T,
  options: H5ReadOptions = {},
): Promise<T> {
  const limits = { ...options.limits };
  const response = await askWorker(
    bytes,
    uri,
    (id, buffer) => ({ type: 'read', id, bytes: buffer, names: [...names], limits }),
    options,
  );
  if (!('entries' in response)) throw new Error('HDF5 worker answered a read without entries');
  return read(new H5File(uri, response.entries));
}

/**
 * Sends the file in `bytes` to a worker with the request `make` builds, and returns the worker's
 * answer; a file the worker cannot open, finish or survive gives an InvalidDataError naming `uri`.
 */
export async function askWorker(
  bytes: Uint8Array,
  uri: string,
  make: (id: number, buffer: ArrayBuffer) => H5Request,
  options: H5ReadOptions = {},
): Promise<Extract<H5Response, { ok: true }>> {
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  // A copy of our own to transfer (`Buffer#slice` would be a view of the caller's, maybe pooled, memory).
  const copy = new Uint8Array(bytes);
  let response: H5Response;
  // Measured from the moment a worker takes the job (queueing is not the worker's time).
  let measured: ((failure?: UpstreamFailureKind) => void) | undefined;
  const dispatch = (id: number) => {
    const request = make(id, copy.buffer);
    measured = startUpstreamRequest({ source: 'taskfile', backend: 'workers', operation: request.type });
    return request;
  };
  try {
    response = await readers().request(dispatch, [copy.buffer], timeoutMs);
    measured?.();
  } catch (error) {
    measured?.(error instanceof ReadTimeout ? 'timeout' : 'error');
    if (error instanceof ReadTimeout) {
      throw new InvalidDataError(
        uri,
        `${uri}: reading did not finish within ${timeoutMs / 1000} s (the HDF5 library may be looping on a corrupt file)`,
      );
    }
    if (error instanceof WorkerCrashed) {
      throw new InvalidDataError(uri, `${uri}: the HDF5 reader failed on this file (${error.message})`, {
        cause: error,
      });
    }
    throw error;
  }
  if (!response.ok) {
    const where = response.path === null ? 'not a readable HDF5 file' : `cannot read "${response.path}"`;
    throw new InvalidDataError(uri, `${uri}: ${where} (${hdf5Reason(response.message)})`);
  }
  return response;
}

/** Files the workers' in-memory file systems still hold for reads (leak tests expect none). */
export async function scratchFiles(): Promise<string[]> {
  const all = readers();
  const responses = await Promise.all(
    Array.from({ length: all.size }, (_, slot) =>
      all.request((id) => ({ type: 'scratch', id }), [], settings.timeoutMs, slot),
    ),
  );
  return responses.flatMap((response) => (response.ok && 'scratch' in response ? response.scratch : []));
}

/** Stops the workers (they are restarted by the next read). For shutdown and tests. */
export async function closeH5Reader(): Promise<void> {
  const running = pool;
  pool = null;
  await running?.close();
}

/**
 * The innermost reason of an HDF5 error stack ("file signature not found", "truncated file: eof =
 * …"), or the first line of any other message.
 */
export function hdf5Reason(message: string): string {
  const lines = message.split('\n');
  const reasons = lines.map((line) => /\(\): (.+)$/.exec(line)?.[1]?.trim()).filter(Boolean);
  const minors = lines.map((line) => /^\s*minor: (.+)$/.exec(line)?.[1]?.trim()).filter(Boolean);
  const reason = reasons.at(-1) ?? minors.at(-1) ?? lines[0] ?? 'unknown error';
  return reason.length > 200 ? `${reason.slice(0, 200)}…` : reason;
}
