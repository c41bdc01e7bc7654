/**
 * Builds every source from the config: the one place that picks a backend per source. The rest of
 * the gateway only sees the source interfaces.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import {
  createLocalObjectStore,
  createS3ObjectStore,
  DiskCache,
  type ObjectStore,
  parseS3Uri,
} from './objectstore/index.ts';
import { createTrackedSource, s3GlobLister, type TrackedSessionsSource } from './tracked/index.ts';

export interface Sources {
  tracked: TrackedSessionsSource;
  objectStore: ObjectStore;
  close(): Promise<void>;
}

export interface SourceOverrides {
  objectStore?: ObjectStore;
}

export function createObjectStore(config: Config): ObjectStore {
  const store = config.objectStore;
  if (store.backend === 'local') return createLocalObjectStore({ root: store.root });
  return createS3ObjectStore({
    region: store.region,
    endpoint: store.endpoint,
    forcePathStyle: store.forcePathStyle,
    requestTimeoutMs: config.upstream.attemptTimeoutMs,
    maxAttempts: config.upstream.retries + 1,
    diskCache: new DiskCache({ directory: config.objectCache.dir, maxBytes: config.objectCache.maxBytes }),
  });
}

export function createSources(config: Config, overrides: SourceOverrides = {}): Sources {
  const objectStore = overrides.objectStore ?? createObjectStore(config);
  const readBytes = async (uri: string) => {
    const { bucket, key } = parseS3Uri(uri);
    return (await objectStore.get(bucket, key)).bytes;
  };
  const tracked = createTrackedSource({
    yaml: config.tracked.yaml,
    workbooks: config.tracked.workbooks,
    readBytes,
  });
  return {
    tracked,
    objectStore,
    close: async () => {},
  };
}

/** Logs one line per source: which backend it uses and where its data comes from. */
export function logBackends(sources: Sources, logger: Logger): void {
  logger.info({ source: 'tracked' }, `tracked sessions: ${sources.tracked.describe()}`);
  logger.info({ source: 'objectstore' }, `object store: ${sources.objectStore.describe()}`);
}
