/**
 * A small pool of HDF5 worker threads (h5Worker.ts) sharing one queue. Each worker reads one file at
 * a time; a file that makes the HDF5 library loop holds only its own worker until its timeout, when
 * that worker is terminated and a fresh one boots in its place while the others keep serving. A
 * WebAssembly trap, a crash or running out of the worker's heap likewise replaces only that worker.
 *
 * A hand-written pool rather than piscina: our worker is TypeScript booted through tsx from an eval
 * bootstrap, a trapped module must be replaced after an *answered* request (piscina only replaces a
 * worker that throws or is aborted), and the leak tests pin a request to each worker. Around 150
 * lines of worker_threads cover all three; piscina would need them wrapped anyway.
 *
 * Workers start on demand and are unref'd while idle, so an idle pool never holds the process open.
 */
import { Worker } from 'node:worker_threads';
import type { H5Request, H5Response } from './h5Protocol.ts';

/** The worker's request timed out: it was terminated and is being replaced. */
export class ReadTimeout extends Error {}

/** The worker died while reading (e.g. out of heap): the file it was reading is the likely cause. */
export class WorkerCrashed extends Error {}

/** Loading tsx and the 4 MB h5wasm module takes well under a second; this only catches a broken setup. */
const BOOT_TIMEOUT_MS = 60_000;

/**
 * The JS heap of one worker. Decoded datasets are capped (limits.ts) far below this; it bounds what
 * the caps cannot see (variable-length strings) — past it the worker dies and the read fails alone.
 */
const WORKER_HEAP_MB = 512;

interface Job {
  make: (id: number) => H5Request;
  transfer: ArrayBuffer[];
  timeoutMs: number;
  /** Run on this slot only (leak checks ask every worker). */
  slot: number | null;
  resolve: (response: H5Response) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  index: number;
  worker: Worker | null;
  ready: boolean;
  active: { job: Job; id: number; timer: NodeJS.Timeout } | null;
}

export class H5WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 0;

  constructor(readonly size: number) {
    this.slots = Array.from({ length: size }, (_, index) => ({
      index,
      worker: null,
      ready: false,
      active: null,
    }));
  }

  request(make: Job['make'], transfer: ArrayBuffer[], timeoutMs: number, slot: number | null = null) {
    return new Promise<H5Response>((resolve, reject) => {
      this.queue.push({ make, transfer, timeoutMs, slot, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker; reads still running or queued fail. */
  async close(): Promise<void> {
    const closed = new Error('the task-file reader was closed');
    const workers = this.slots.map((slot) => slot.worker);
    for (const slot of this.slots) {
      const active = slot.active;
      slot.active = null;
      if (active) {
        clearTimeout(active.timer);
        active.job.reject(closed);
      }
      this.stop(slot);
    }
    for (const job of this.queue.splice(0)) job.reject(closed);
    await Promise.all(workers.map((worker) => worker?.terminate()));
  }

  /** Gives every idle slot the first queued job it may run, starting workers as needed. */
  private pump(): void {
    for (const slot of this.slots) {
      if (slot.active !== null) continue;
      const next = this.queue.findIndex((job) => job.slot === null || job.slot === slot.index);
      if (next < 0) {
        slot.worker?.unref();
        continue;
      }
      const worker = slot.worker ?? this.start(slot);
      worker.ref();
      if (!slot.ready) continue; // resumed by the worker's `ready` message
      const [job] = this.queue.splice(next, 1) as [Job];
      this.run(slot, worker, job);
    }
  }

  private run(slot: Slot, worker: Worker, job: Job): void {
    this.nextId += 1;
    const id = this.nextId;
    const timer = setTimeout(() => {
      if (slot.active?.id !== id) return;
      slot.active = null;
      this.stop(slot);
      job.reject(new ReadTimeout());
      this.pump();
    }, job.timeoutMs);
    slot.active = { job, id, timer };
    worker.postMessage(job.make(id), job.transfer);
  }

  private start(slot: Slot): Worker {
    // The worker is TypeScript: it registers tsx's loader first (as bin/labgraph.js does).
    const bootstrap = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
        .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./h5Worker.ts', import.meta.url).href)}); })
        .catch((error) => parentPort.postMessage({ bootError: String(error && error.stack || error) }));
    `;
    const worker = new Worker(bootstrap, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    slot.worker = worker;
    slot.ready = false;
    const current = () => slot.worker === worker;
    const bootTimer = setTimeout(() => {
      if (current() && !slot.ready) {
        this.fail(slot, new Error(`the HDF5 worker did not start within ${BOOT_TIMEOUT_MS / 1000} s`));
      }
    }, BOOT_TIMEOUT_MS);
    bootTimer.unref();
    worker.on('message', (message: H5Response | { ready: true } | { bootError: string }) => {
      if (!current()) return;
      if ('ready' in message) {
        clearTimeout(bootTimer);
        slot.ready = true;
        this.pump();
      } else if ('bootError' in message) {
        this.fail(slot, new Error(`the HDF5 worker could not start: ${message.bootError}`));
      } else {
        this.answer(slot, message);
      }
    });
    worker.on('error', (error) => {
      if (current()) this.fail(slot, new WorkerCrashed(error.message, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (current()) this.fail(slot, new WorkerCrashed(`the HDF5 worker exited with code ${code}`));
    });
    return worker;
  }

  private answer(slot: Slot, response: H5Response): void {
    const active = slot.active;
    if (active?.id !== response.id) return;
    clearTimeout(active.timer);
    slot.active = null;
    // After a WebAssembly trap the module's memory cannot be trusted, and a grown heap never shrinks:
    // start afresh next time.
    if ((!response.ok && response.trapped) || response.retire) this.stop(slot);
    active.job.resolve(response);
    this.pump();
  }

  /**
   * The slot's worker died or could not start. Its running job fails; when it was still booting, so
   * do the jobs only it could run, or every queued job when no worker of the pool is up (a broken
   * setup must not leave requests waiting forever).
   */
  private fail(slot: Slot, error: unknown): void {
    const active = slot.active;
    slot.active = null;
    this.stop(slot);
    if (active) {
      clearTimeout(active.timer);
      active.job.reject(error);
    } else {
      const anyReady = this.slots.some((other) => other.ready);
      const failing = this.queue.filter((job) => job.slot === slot.index || (!anyReady && job.slot === null));
      for (const job of failing) {
        this.queue.splice(this.queue.indexOf(job), 1);
        job.reject(error);
      }
    }
    this.pump();
  }

  private stop(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = null;
    slot.ready = false;
    if (worker) void worker.terminate();
  }
}
