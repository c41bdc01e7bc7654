/**
 * A small typed layer over h5wasm for reading HDF5 bytes. The HDF5 work happens in a worker thread
 * (h5Worker.ts), one file at a time: a corrupt file can make the HDF5 library loop forever or trap,
 * and only a worker can be abandoned (terminated after `timeoutMs`) and replaced without taking the
 * gateway with it. The worker reads the requested datasets in one go; callers then inspect them
 * synchronously through `H5File`, and everything that goes wrong becomes an InvalidDataError that
 * names the object's URI.
 */
import { Worker } from 'node:worker_threads';
import { InvalidDataError } from '../../errors.ts';
import type { H5Data, H5Entry, H5Request, H5Response } from './h5Worker.ts';

export type { H5Data } from './h5Worker.ts';

export interface H5ReadOptions {
  /** Give up on a file (and replace the worker) after this long. Default 20 s. */
  timeoutMs?: number;
}

export const DEFAULT_READ_TIMEOUT_MS = 20_000;

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
  const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  // A copy of our own to transfer (`Buffer#slice` would be a view of the caller's, maybe pooled, memory).
  const copy = new Uint8Array(bytes);
  let response: H5Response;
  try {
    response = await reader.request(
      (id) => ({ type: 'read', id, bytes: copy.buffer, names: [...names] }),
      [copy.buffer],
      timeoutMs,
    );
  } catch (error) {
    if (!(error instanceof ReadTimeout)) throw error;
    throw new InvalidDataError(
      uri,
      `${uri}: reading did not finish within ${timeoutMs / 1000} s (the HDF5 library may be looping on a corrupt file)`,
    );
  }
  if (!response.ok) {
    const where = response.path === null ? 'not a readable HDF5 file' : `cannot read "${response.path}"`;
    throw new InvalidDataError(uri, `${uri}: ${where} (${hdf5Reason(response.message)})`);
  }
  if (!('entries' in response)) throw new Error('HDF5 worker answered a read without entries');
  return read(new H5File(uri, response.entries));
}

/** Files the worker's in-memory file system still holds for reads (leak tests expect none). */
export async function scratchFiles(): Promise<string[]> {
  const response = await reader.request((id) => ({ type: 'scratch', id }), [], DEFAULT_READ_TIMEOUT_MS);
  return response.ok && 'scratch' in response ? response.scratch : [];
}

/** Stops the worker (it is restarted by the next read). For shutdown and tests. */
export function closeH5Reader(): Promise<void> {
  return reader.close();
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

class ReadTimeout extends Error {}

/** Loading tsx and the 4 MB h5wasm module takes well under a second; this only catches a broken setup. */
const BOOT_TIMEOUT_MS = 60_000;

interface Job {
  make: (id: number) => H5Request;
  transfer: ArrayBuffer[];
  timeoutMs: number;
  resolve: (response: H5Response) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs requests one at a time on a single worker. The worker is started on demand, kept out of the
 * way of process exit while idle (unref), and replaced after a timeout, a trap or a crash.
 */
class H5WorkerClient {
  private worker: Worker | null = null;
  private ready = false;
  private readonly queue: Job[] = [];
  private active: { job: Job; id: number; timer: NodeJS.Timeout } | null = null;
  private nextId = 0;

  request(make: Job['make'], transfer: ArrayBuffer[], timeoutMs: number): Promise<H5Response> {
    return new Promise((resolve, reject) => {
      this.queue.push({ make, transfer, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker; reads still running or queued fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    const closed = new Error('the task-file reader was closed');
    const active = this.active;
    this.active = null;
    if (active) clearTimeout(active.timer);
    this.stop();
    for (const job of [...(active ? [active.job] : []), ...this.queue.splice(0)]) job.reject(closed);
    await worker?.terminate();
  }

  private pump(): void {
    if (this.active !== null || this.queue.length === 0) {
      if (this.active === null) this.worker?.unref();
      return;
    }
    const worker = this.worker ?? this.start();
    worker.ref();
    if (!this.ready) return; // resumed by the worker's `ready` message
    const job = this.queue.shift() as Job;
    this.nextId += 1;
    const id = this.nextId;
    const timer = setTimeout(() => {
      this.finish(id);
      this.stop();
      job.reject(new ReadTimeout());
      this.pump();
    }, job.timeoutMs);
    this.active = { job, id, timer };
    worker.postMessage(job.make(id), job.transfer);
  }

  private start(): Worker {
    // The worker is TypeScript: it registers tsx's loader first (as bin/labgraph.js does).
    const bootstrap = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
        .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./h5Worker.ts', import.meta.url).href)}); })
        .catch((error) => parentPort.postMessage({ bootError: String(error && error.stack || error) }));
    `;
    const worker = new Worker(bootstrap, { eval: true });
    this.worker = worker;
    this.ready = false;
    const bootTimer = setTimeout(() => {
      if (worker === this.worker && !this.ready) {
        this.fail(new Error(`the HDF5 worker did not start within ${BOOT_TIMEOUT_MS / 1000} s`));
      }
    }, BOOT_TIMEOUT_MS);
    bootTimer.unref();
    worker.on('message', (message: H5Response | { ready: true } | { bootError: string }) => {
      if (worker !== this.worker) return;
      if ('ready' in message) {
        clearTimeout(bootTimer);
        this.ready = true;
        this.pump();
      } else if ('bootError' in message) {
        this.fail(new Error(`the HDF5 worker could not start: ${message.bootError}`));
      } else {
        this.answer(message);
      }
    });
    worker.on('error', (error) => {
      if (worker === this.worker) this.fail(error);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker) this.fail(new Error(`the HDF5 worker exited with code ${code}`));
    });
    return worker;
  }

  private answer(response: H5Response): void {
    const active = this.finish(response.id);
    if (active === null) return;
    // After a WebAssembly trap the module's memory cannot be trusted: start afresh next time.
    if (!response.ok && response.trapped) this.stop();
    active.resolve(response);
    this.pump();
  }

  /** The worker died or could not start: the running job fails (queued ones get a new worker). */
  private fail(error: unknown): void {
    const active = this.active;
    this.active = null;
    if (active) clearTimeout(active.timer);
    this.stop();
    if (active) active.job.reject(error);
    else for (const job of this.queue.splice(0)) job.reject(error);
    this.pump();
  }

  private finish(id: number): Job | null {
    if (this.active?.id !== id) return null;
    const { job, timer } = this.active;
    clearTimeout(timer);
    this.active = null;
    return job;
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    if (worker) void worker.terminate();
  }
}

const reader = new H5WorkerClient();
