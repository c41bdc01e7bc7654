/**
 * The behaviour service (one per gateway process): lists a subject's stim files, downloads a task file
 * through the object store, and has an HDF5 worker read it and derive its tables (off the event loop).
 * Derived tables are cached by bucket/key/ETag in a cache bounded in bytes: content at one ETag never
 * changes, so a task file is downloaded, read and computed once per process while it stays cached —
 * and a broken one is diagnosed once too (its InvalidDataError is kept as the outcome). Sources know nothing of this; resolvers and the export
 * routes reach it through the per-request loaders (src/services/sessionBehaviour.ts).
 */
import { deserialize, serialize } from 'node:v8';
import { type Caches, type Codec, createCaches } from '../cache/caches.ts';
import { approximateBytes } from '../cache.ts';
import type { ColumnTable } from '../domain/columns.ts';
import { computeEpochs, dropTrialsInInvalidTimes, type InvalidTime } from '../domain/epochs.ts';
import { computeLegacyPerformance } from '../domain/legacyPerformance.ts';
import { computePerformance } from '../domain/performance.ts';
import type { BehaviourFilterFacts } from '../domain/sessionFilter.ts';
import type { TaskFileData } from '../domain/taskFile.ts';
import { sessionDuration } from '../domain/timeBases.ts';
import { InvalidDataError, TaskDataError } from '../errors.ts';
import {
  type ObjectInfo,
  type ObjectStore,
  type StimFile,
  taskFilePrefix,
} from '../sources/objectstore/index.ts';
import { readTaskTables, taskFileTooLarge } from '../sources/taskfile/index.ts';

/** One task file, read and computed as a whole (no session-specific filtering). */
export interface TaskTables {
  file: ObjectInfo;
  data: TaskFileData;
  trials: ColumnTable;
  performance: ColumnTable;
  legacyPerformance: ColumnTable;
}

/** What a session adds to its task file: the trials it keeps and the subject's genotype. */
export interface SessionTaskOptions {
  /** From tracked `session_kwargs.invalid_times`: trials overlapping them are dropped (§4.4). */
  invalidTimes: readonly InvalidTime[];
  /** From the subject's genotype; null when unknown. */
  isWildtype: boolean | null;
}

/** A session's behaviour tables: its task file's tables after the session's invalid times, plus epochs. */
export interface SessionTask {
  stimFile: StimFile;
  data: TaskFileData;
  trials: ColumnTable;
  performance: ColumnTable;
  legacyPerformance: ColumnTable;
  epochs: ColumnTable;
}

export interface BehaviourService {
  /** The folder holding a subject's stim files. */
  folderOf(subject: string): string;
  /** Every object in the subject's folder (one object-store listing). */
  listSubjectFolder(subject: string): Promise<ObjectInfo[]>;
  /** The task file read and computed; InvalidDataError naming its URI when it cannot be. */
  taskTables(file: ObjectInfo): Promise<TaskTables>;
  /** The session's view of its task file. */
  sessionTask(stimFile: StimFile, options: SessionTaskOptions): Promise<SessionTask>;
  /** The task file at `s3://bucket/key` read and computed (a HEAD first); null when absent. */
  taskTablesAt(bucket: string, key: string): Promise<TaskTables | null>;
  /**
   * What a session filter reads of a session's behaviour, derived from its task file and whatever else
   * `key` names (the task file's ETag among them), kept in a cache of its own: a few hundred bytes a
   * session, so a filter over a whole lab reads each task file once per process, however many
   * tables the byte bound of the table caches has evicted since.
   */
  filterFacts(key: string, derive: () => Promise<KeptFilterFacts>): Promise<KeptFilterFacts>;
}

/** A session's filter facts; null when its task file cannot be read (a property of the content at that ETag). */
export interface KeptFilterFacts {
  facts: BehaviourFilterFacts | null;
}

/** Bound of the filter-facts cache: ~300 bytes a session, so about 200,000 sessions. */
const FILTER_FACTS_MAX_BYTES = 64 * 1024 * 1024;

export interface BehaviourServiceOptions {
  objectStore: ObjectStore;
  taskFiles: { bucket: string; prefixTemplate: string };
  /** Bound of each derived-table cache, in (estimated) bytes (config.derivedCacheMaxBytes). */
  derivedCacheMaxBytes: number;
  /** Where derived tables are kept: memory, and Redis when configured (replicas then share them). */
  caches?: Caches;
}

/** An InvalidDataError is a property of the content at that ETag, so it is cached like a result. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: InvalidDataError };

export function createBehaviourService(options: BehaviourServiceOptions): BehaviourService {
  const { objectStore, taskFiles, derivedCacheMaxBytes, caches = createCaches() } = options;
  const tablesByEtag = caches.derived<Outcome<TaskTables>>(
    'behaviour.tables',
    derivedCacheMaxBytes,
    approximateBytes,
    outcomeCodec(),
  );
  const sessionTasksByEtag = caches.derived<Outcome<SessionTask>>(
    'behaviour.sessionTasks',
    derivedCacheMaxBytes,
    approximateBytes,
    outcomeCodec(),
  );

  const taskTables = async (file: ObjectInfo): Promise<TaskTables> =>
    unwrap(
      await tablesByEtag.getOrLoad(etagKey(file), () =>
        outcome(async () => {
          const tooLarge = taskFileTooLarge(file.size);
          if (tooLarge !== null) throw new InvalidDataError(file.uri, `${file.uri} ${tooLarge}`);
          const { bytes } = await objectStore.get(file.bucket, file.key, file);
          return { file, ...(await readTaskTables(bytes, file.uri)) };
        }),
      ),
    );

  const sessionTask = async (stimFile: StimFile, opts: SessionTaskOptions): Promise<SessionTask> => {
    const key = `${etagKey(stimFile.info)}|${JSON.stringify([opts.invalidTimes, opts.isWildtype])}`;
    return unwrap(
      await sessionTasksByEtag.getOrLoad(key, () =>
        outcome(async () => {
          const tables = await taskTables(stimFile.info);
          return computing(stimFile.info.uri, () => sessionView(stimFile, tables, opts));
        }),
      ),
    );
  };

  const filterFactsByKey = caches.derived<KeptFilterFacts>(
    'behaviour.filterFacts',
    FILTER_FACTS_MAX_BYTES,
    approximateBytes,
  );

  return {
    filterFacts: (key, derive) => filterFactsByKey.getOrLoad(key, derive),
    folderOf: (subject) => taskFilePrefix(subject, taskFiles.prefixTemplate),
    listSubjectFolder: (subject) =>
      objectStore.list(taskFiles.bucket, taskFilePrefix(subject, taskFiles.prefixTemplate)),
    taskTables,
    sessionTask,
    async taskTablesAt(bucket, key) {
      const info = await objectStore.head(bucket, key);
      return info === null ? null : taskTables(info);
    },
  };
}

function sessionView(stimFile: StimFile, tables: TaskTables, opts: SessionTaskOptions): SessionTask {
  const { data } = tables;
  const epochs = computeEpochs(data, {
    stimFileName: stimFile.fileName,
    isWildtype: opts.isWildtype,
    invalidTimes: opts.invalidTimes,
  });
  if (opts.invalidTimes.length === 0) return { stimFile, ...tables, epochs };
  const trials = dropTrialsInInvalidTimes(
    tables.trials,
    opts.invalidTimes,
    sessionDuration(data.frameIntervals),
  );
  return {
    stimFile,
    data,
    trials,
    performance: computePerformance(trials, data),
    legacyPerformance: computeLegacyPerformance(data, trials),
    epochs,
  };
}

/** Outcomes cross to Redis as plain values: a diagnosis as its URI and message. */
function outcomeCodec<T>(): Codec<Outcome<T>> {
  type Stored = { ok: true; value: T } | { ok: false; uri: string; message: string };
  return {
    encode: (outcome) =>
      serialize(
        outcome.ok
          ? outcome
          : ({ ok: false, uri: outcome.error.uri, message: outcome.error.message } satisfies Stored),
      ),
    decode: (bytes) => {
      const stored = deserialize(bytes) as Stored;
      return stored.ok ? stored : { ok: false, error: new InvalidDataError(stored.uri, stored.message) };
    },
  };
}

/** A task file's content: its location and ETag. */
export const etagKey = (file: ObjectInfo) => `${file.bucket}/${file.key}@${file.etag}`;

/** Domain errors say what is wrong with the data but not where it came from: name the object. */
function computing<T>(uri: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof TaskDataError) {
      throw new InvalidDataError(uri, `${uri}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

async function outcome<T>(load: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    if (error instanceof InvalidDataError) return { ok: false, error };
    throw error; // outages and bugs are not a property of the content: not cached
  }
}

function unwrap<T>(result: Outcome<T>): T {
  if (result.ok) return result.value;
  throw result.error;
}
