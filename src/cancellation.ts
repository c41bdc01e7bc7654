/**
 * Cancellation of upstream calls whose requests went away (their deadline passed or the client
 * disconnected). Each request's loaders run their batch functions under the request's AbortSignal
 * (`withSignal`); the upstream clients read it with `currentSignal()` and hand it to fetch, the S3
 * SDK's `abortSignal` and the Mongo driver's `signal`. It is an async-local scope rather than a
 * parameter of every source method because the caches between the loaders and the clients share one
 * upstream call among requests: `SharedCalls` gives each shared call a signal of its own, aborted
 * only when every request waiting for it has gone (a waiter without a signal, such as the catalog's
 * background refresh, keeps it alive for good).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<AbortSignal | null>();

/** Runs `work` with `signal` as the one upstream calls made by it obey (null: none, e.g. background work). */
export function withSignal<T>(signal: AbortSignal | null | undefined, work: () => T): T {
  return scope.run(signal ?? null, work);
}

/** The signal of the request(s) the upstream call being made is for; undefined when nothing can cancel it. */
export function currentSignal(): AbortSignal | undefined {
  return scope.getStore() ?? undefined;
}

/** What a waiter whose signal aborted is rejected with: the signal's reason. */
function reasonOf(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('cancelled');
}

/** A signal that aborts once every one of `signals` has (never, when one of them is missing). */
export function whenAllAborted(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  if (signals.length === 0 || signals.some((signal) => signal === undefined)) return undefined;
  const controller = new AbortController();
  let remaining = signals.length;
  for (const signal of signals as AbortSignal[]) {
    const gone = () => {
      remaining -= 1;
      if (remaining === 0) controller.abort(reasonOf(signal));
    };
    if (signal.aborted) gone();
    else signal.addEventListener('abort', gone, { once: true });
  }
  return controller.signal;
}

interface SharedCall<V> {
  promise: Promise<V>;
  controller: AbortController;
  /** Waiters whose signal has not aborted. */
  waiting: number;
  /** A waiter without a signal joined: the call is never aborted. */
  pinned: boolean;
}

/**
 * Calls shared by key among concurrent callers. The first caller starts the call under a signal of
 * its own; every caller (the first included) waits with its current signal, and stops waiting —
 * rejected with its signal's reason — when that aborts. When the last waiter stops, the call's
 * signal aborts and the key is forgotten, so the next caller starts afresh.
 */
export class SharedCalls<V> {
  private readonly inFlight = new Map<string, SharedCall<V>>();

  has(key: string): boolean {
    return this.inFlight.has(key);
  }

  run(key: string, start: (signal: AbortSignal) => Promise<V>): Promise<V> {
    let call = this.inFlight.get(key);
    if (!call) {
      const controller = new AbortController();
      const started: SharedCall<V> = {
        promise: withSignal(controller.signal, () => start(controller.signal)),
        controller,
        waiting: 0,
        pinned: false,
      };
      const settled = () => {
        if (this.inFlight.get(key) === started) this.inFlight.delete(key);
      };
      started.promise.then(settled, settled);
      this.inFlight.set(key, started);
      call = started;
    }
    return this.wait(key, call, currentSignal());
  }

  private wait(key: string, call: SharedCall<V>, signal: AbortSignal | undefined): Promise<V> {
    if (!signal) {
      call.pinned = true;
      return call.promise;
    }
    if (signal.aborted) return Promise.reject(reasonOf(signal));
    call.waiting += 1;
    return new Promise<V>((resolve, reject) => {
      const leave = () => {
        call.waiting -= 1;
        reject(reasonOf(signal));
        if (call.waiting === 0 && !call.pinned) {
          if (this.inFlight.get(key) === call) this.inFlight.delete(key);
          call.controller.abort(reasonOf(signal));
        }
      };
      signal.addEventListener('abort', leave, { once: true });
      call.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }
}
