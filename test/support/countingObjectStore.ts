/**
 * Counts what the gateway asks of an object store: a decorator over a REAL store (local directory or
 * S3), recording every call, with an optional fault to inject per call. Tests assert on the counts.
 */
import type { ObjectStore } from '../../src/sources/objectstore/index.ts';

export interface StoreCall {
  operation: 'list' | 'listFolder' | 'head' | 'get' | 'exists';
  bucket: string;
  /** The key (head/get) or prefix (list/exists). */
  path: string;
}

export interface CountingObjectStore {
  store: ObjectStore;
  calls: StoreCall[];
  /** Calls of one operation whose key/prefix satisfies `match`. */
  count(operation: StoreCall['operation'], match?: (path: string) => boolean): number;
  /** Throw this error instead of calling the real store, for calls it returns an error for. */
  failWith: ((call: StoreCall) => Error | null) | null;
}

export function countingObjectStore(inner: ObjectStore): CountingObjectStore {
  const calls: StoreCall[] = [];
  const counting: CountingObjectStore = {
    calls,
    failWith: null,
    count: (operation, match = () => true) =>
      calls.filter((c) => c.operation === operation && match(c.path)).length,
    store: {
      kind: inner.kind,
      describe: () => `counting ${inner.describe()}`,
      list: (bucket, prefix) =>
        record({ operation: 'list', bucket, path: prefix }, () => inner.list(bucket, prefix)),
      listFolder: (bucket, prefix) =>
        record({ operation: 'listFolder', bucket, path: prefix }, () => inner.listFolder(bucket, prefix)),
      head: (bucket, key) => record({ operation: 'head', bucket, path: key }, () => inner.head(bucket, key)),
      get: (bucket, key) => record({ operation: 'get', bucket, path: key }, () => inner.get(bucket, key)),
      exists: (bucket, prefix) =>
        record({ operation: 'exists', bucket, path: prefix }, () => inner.exists(bucket, prefix)),
    },
  };
  async function record<T>(call: StoreCall, run: () => Promise<T>): Promise<T> {
    calls.push(call);
    const fault = counting.failWith?.(call) ?? null;
    if (fault) throw fault;
    return run();
  }
  return counting;
}
