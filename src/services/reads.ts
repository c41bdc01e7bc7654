/**
 * The reads a request makes of the sources, each batched per request (src/loaders/ builds them as
 * DataLoaders). Services take this interface instead of importing the loaders, so imports point one
 * way: loaders → services. Each read is ONE source call per batch, named on its line.
 */
import type { BehaviourFilterFacts } from '../domain/sessionFilter.ts';
import type { Computation, DataAsset } from '../sources/codeocean/index.ts';
import type { DocDbRecord } from '../sources/docdb/index.ts';
import type { FolderListing, SessionStimFiles } from '../sources/objectstore/index.ts';
import type {
  DataFormatRecord,
  DatasetRecord,
  DatasetTypeRecord,
  SelectionRecord,
  SessionRecord,
  SubjectRecord,
  WaterAdministrationRecord,
  WeighingRecord,
} from '../sources/registry/index.ts';
import type { SessionTask, TaskTables } from './behaviour.ts';
import type { BehaviourFacts } from './behaviourFacts.ts';
import type { CatalogSession } from './catalog.ts';

/** The part of a DataLoader the services use. */
export interface BatchedRead<K, V> {
  load(key: K): Promise<V>;
  loadMany(keys: ArrayLike<K>): Promise<(V | Error)[]>;
}

/** What an asset's folder says about its run: the `output` text and whether `nwb/` holds a file. */
export interface AssetOutput {
  text: string | null;
  hasNwb: boolean;
}

export interface RequestReads {
  /** Every asset of a subject, oldest first: codeocean.getSubjectsDataAssets (bulk searches for a batch). */
  subjectAssets: BatchedRead<string, DataAsset[]>;
  /** Assets named after an AIND session name, oldest first: filtered from subjectAssets (no extra call). */
  assetsBySessionName: BatchedRead<string, DataAsset[]>;
  /** An asset by id: codeocean.getDataAssets. */
  asset: BatchedRead<string, DataAsset | null>;
  /** A capsule's or pipeline's runs, oldest first: codeocean.listCapsuleComputations (one per capsule). */
  capsuleComputations: BatchedRead<string, Computation[]>;
  /** A run by id: codeocean.getComputations. */
  computation: BatchedRead<string, Computation | null>;
  /** The newest DocDB record with exactly this name: docdb.find by names. */
  recordByName: BatchedRead<string, DocDbRecord | null>;
  /** The newest DocDB record linking a CodeOcean asset id: docdb.find by asset ids. */
  recordByAssetId: BatchedRead<string, DocDbRecord | null>;
  /** Every DocDB record of a subject, newest first: docdb.find by subject ids. */
  subjectRecords: BatchedRead<string, DocDbRecord[]>;
  /** The newest DocDB record of the subject that has a subject section: docdb.find by subject ids. */
  subjectRecord: BatchedRead<string, DocDbRecord | null>;
  /** The asset folder's `output` file and `nwb/` folder: objectStore.get and objectStore.exists. */
  assetOutput: BatchedRead<DataAsset, AssetOutput>;
  /** Whether anything exists under an `s3://bucket/prefix/` URI: objectStore.exists. */
  s3PrefixExists: BatchedRead<string, boolean>;
  /** One level of the folder at an `s3://bucket/prefix` URI: objectStore.listFolder (S3's delimiter listing). */
  s3Folder: BatchedRead<string, FolderListing>;
  /** The session's stim files: objectStore.list of the subject's task-file folder (one per subject). */
  stimFilesBySession: BatchedRead<CatalogSession, SessionStimFiles>;
  /** The session's task tables (null without a task file): objectStore.get, read and computed once per ETag. */
  taskBySession: BatchedRead<CatalogSession, SessionTask | null>;
  /**
   * The task-file reader's tables of the object at an `s3://` URI (null when it is absent): one
   * objectStore.head, then the behaviour service's read (downloaded and read once per ETag).
   */
  taskTablesByUri: BatchedRead<string, TaskTables | null>;
  /** Flags and keywords from the catalog, the subject and the task file (taskBySession, subjectRecord). */
  behaviourFactsBySession: BatchedRead<CatalogSession, BehaviourFacts>;
  /** What a session filter reads of the behaviour (behaviourFactsBySession and the task), kept per task-file ETag. */
  behaviourFilterFactsBySession: BatchedRead<CatalogSession, BehaviourFilterFacts | null>;
  /**
   * The registry's subject of this MID: registry.subjects() for every subject, once per catalog
   * snapshot and registry write (registrySubjectIndex.ts), not once per request.
   */
  registrySubject: BatchedRead<string, SubjectRecord | null>;
  /** The registry's sessions of a subject: registry.sessions by subject MIDs (one query per batch). */
  registrySessions: BatchedRead<string, SessionRecord[]>;
  /** A subject's weighings, newest first: registry.weighings (one query per batch). */
  weighings: BatchedRead<string, WeighingRecord[]>;
  /** A subject's newest weighing: registry.latestWeighings (one query per batch). */
  latestWeighing: BatchedRead<string, WeighingRecord | null>;
  /** A subject's water administrations, newest first: registry.waterAdministrations (one query per batch). */
  waterAdministrations: BatchedRead<string, WaterAdministrationRecord[]>;
  /** Registry sessions by row id (for a water record's session): registry.sessions by ids. */
  registrySessionById: BatchedRead<number, SessionRecord | null>;
  /** Dataset types by name: registry.datasetTypes by names (one query per batch). */
  datasetType: BatchedRead<string, DatasetTypeRecord | null>;
  /** Data formats by name: registry.dataFormats by names (one query per batch). */
  dataFormat: BatchedRead<string, DataFormatRecord | null>;
  /** Stored selections by row id: registry.selections (one query per batch). */
  selectionById: BatchedRead<number, SelectionRecord | null> & {
    prime(key: number, value: SelectionRecord): unknown;
  };
  /** A session's registered datasets: registry.datasets by session keys (one query per batch). */
  datasetsOfSession: BatchedRead<CatalogSession, DatasetRecord[]>;
  /** A dataset by registry row id (mutation results): registry.datasets by ids. */
  datasetById: BatchedRead<number, DatasetRecord | null>;
  /** A dataset by global id `<session id>/<path>`: registry.datasets by session keys. */
  datasetByNodeId: BatchedRead<string, DatasetRecord | null>;
}
