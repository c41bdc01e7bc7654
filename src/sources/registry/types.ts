/**
 * The registry source: what the lab registers through labgraph (reference data, subjects, sessions,
 * weighings, water administrations), on PostgreSQL or embedded PGlite behind this one interface.
 * It knows nothing about GraphQL or the mutation rules: services check the rules inside `write`
 * and decide whether the transaction commits.
 */
import type { ConnectionUse, RegistryBackend } from './connect.ts';
import type { JsonValue } from './tables.ts';

export type { JsonValue };

interface Audit {
  createdAt: Date;
  createdBy: string;
}

export interface UserRecord extends Audit {
  username: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}
export type UserInput = Omit<UserRecord, keyof Audit>;

export interface LabRecord extends Audit {
  name: string;
  institution: string | null;
  timezone: string | null;
}
export type LabInput = Omit<LabRecord, keyof Audit>;

/** Projects, procedures and water types: a unique name and a description. */
export interface NamedRecord extends Audit {
  name: string;
  description: string | null;
}
export type NamedInput = Omit<NamedRecord, keyof Audit>;
export type NamedKind = 'projects' | 'procedures' | 'water_types';

export interface DataRepositoryRecord extends Audit {
  name: string;
  dataUrl: string | null;
}
export type DataRepositoryInput = Omit<DataRepositoryRecord, keyof Audit>;

/** What kind of dataset a file is (Alyx's DatasetType), decided by its file name. */
export interface DatasetTypeRecord extends Audit {
  name: string;
  /** Glob matched case-insensitively against file names; null: match on `object.attribute`. */
  filenamePattern: string | null;
  description: string | null;
}
export type DatasetTypeInput = Omit<DatasetTypeRecord, keyof Audit>;

/** A file format (Alyx's DataFormat), decided by the file's extension. */
export interface DataFormatRecord extends Audit {
  name: string;
  /** `.npy` */
  fileExtension: string;
  description: string | null;
}
export type DataFormatInput = Omit<DataFormatRecord, keyof Audit>;

/** Reference tables whose rows other rows point at by name. */
export type ReferenceKind = 'users' | 'labs' | NamedKind | 'data_repositories' | 'tags';

export type Sex = 'M' | 'F' | 'U';

export interface SubjectRecord extends Audit {
  mid: string;
  lab: string;
  responsibleUser: string;
  sex: Sex;
  species: string;
  /** `YYYY-MM-DD`. */
  birthDate: string | null;
  deathDate: string | null;
  strain: string | null;
  genotype: string | null;
  projects: string[];
}
export type SubjectInput = Omit<SubjectRecord, keyof Audit>;

export interface SessionRecord extends Audit {
  /** The registry's row id (internal; the graph names sessions by subject, date and number). */
  id: number;
  subjectMid: string;
  /** `YYYY-MM-DD` in the lab's time zone. */
  date: string;
  /** 1–999, the ALF folder number. */
  number: number;
  lab: string;
  startTime: Date;
  endTime: Date | null;
  type: string;
  taskProtocol: string | null;
  location: string | null;
  nTrials: number | null;
  nCorrectTrials: number | null;
  json: JsonValue | null;
  users: string[];
  projects: string[];
  procedures: string[];
  updatedAt: Date;
}
export type SessionInput = Omit<SessionRecord, keyof Audit | 'id' | 'updatedAt'>;

export interface WeighingRecord extends Audit {
  id: number;
  subjectMid: string;
  dateTime: Date;
  weightG: number;
  username: string;
}
export type WeighingInput = Omit<WeighingRecord, keyof Audit | 'id'>;

export interface WaterAdministrationRecord extends Audit {
  id: number;
  subjectMid: string;
  dateTime: Date;
  /** Null only for ad-lib water. */
  volumeMl: number | null;
  waterType: string;
  adlib: boolean;
  sessionId: number | null;
  username: string;
}
export type WaterAdministrationInput = Omit<WaterAdministrationRecord, keyof Audit | 'id'>;

export interface SelectionQueryRecord {
  label: string | null;
  /** Canonical JSON of the query's SessionFilter. */
  filter: string;
  filterSha256: string;
  count: number;
  /** Sorted; the full snapshot the picks were drawn from. */
  candidateIds: string[];
  selectedIds: string[];
}

export interface SelectionRecord extends Audit {
  id: number;
  gatewayVersion: string;
  algorithm: string;
  seed: number;
  unit: 'SESSION' | 'SUBJECT';
  dedupe: boolean;
  comment: string;
  selectedIds: string[];
  queries: SelectionQueryRecord[];
}
export type SelectionInput = Omit<SelectionRecord, keyof Audit | 'id'>;

/** Inclusive bounds on createdAt; `label` matches any query's label. */
export interface SelectionListFilter {
  createdBy?: string | null;
  label?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface ManifestRecord extends Audit {
  id: string;
  sha256: string;
  selectionId: number;
  format: 'JSONL' | 'SEGMENTATION_V1';
  binSize: number;
  dataset: string | null;
  entries: string;
  problems: string;
  gatewayVersion: string;
}
export type ManifestInput = Omit<ManifestRecord, keyof Audit>;

/** Alyx's QC values, in order: NOT_SET 0 < PASS 10 < WARNING 30 < FAIL 40 < CRITICAL 50. */
export type QcValue = 0 | 10 | 30 | 40 | 50;

export interface FileRecordRecord {
  repository: string;
  /** `<MID>/<YYYY-MM-DD>/<NNN>/[<collection>/][#<revision>#/]<name>`. */
  relativePath: string;
  exists: boolean;
  /** The repository's `dataUrl` (the record's URI is it joined with the relative path). */
  dataUrl: string | null;
}

export interface TagRecord extends Audit {
  name: string;
  protected: boolean;
  description: string | null;
}
export type TagInput = Omit<TagRecord, keyof Audit>;

/** The key of a dataset: its session's row id and (collection, revision, name), `''` for none. */
export interface DatasetKey {
  sessionId: number;
  collection: string;
  revision: string;
  name: string;
}

/** A session by its natural key (subject, date, number). */
export interface SessionKey {
  subjectMid: string;
  date: string;
  number: number;
}

export interface DatasetRecord extends Audit, DatasetKey {
  id: number;
  /** The session's natural key, joined in. */
  session: SessionKey;
  datasetType: string;
  dataFormat: string;
  fileSize: number;
  hash: string | null;
  version: string | null;
  isDefault: boolean;
  qc: QcValue;
  updatedAt: Date;
  /** Sorted by name. */
  tags: { name: string; protected: boolean }[];
  /** True when any of its tags is protected. */
  protected: boolean;
  /** Sorted by repository. */
  fileRecords: FileRecordRecord[];
}

export type DatasetInput = Omit<
  DatasetRecord,
  keyof Audit | 'id' | 'session' | 'updatedAt' | 'tags' | 'protected' | 'fileRecords'
>;
/** What a re-registration may change on an existing dataset. */
export type DatasetPatch = Partial<Pick<DatasetRecord, 'fileSize' | 'hash' | 'version' | 'qc' | 'isDefault'>>;

/** Which datasets to read; each given condition narrows (AND). */
export interface DatasetSelector {
  ids?: readonly number[];
  /** Datasets of these sessions. */
  sessions?: readonly SessionKey[];
}

/** One revision of a file (same session, collection and name), for the automatic-revision rule. */
export interface RevisionState {
  revision: string;
  protected: boolean;
}

/** Inclusive bounds on a record's time. */
export interface TimeRange {
  from?: Date;
  to?: Date;
}

/** Reads, usable on their own or inside a write transaction. */
export interface RegistryReader {
  users(): Promise<UserRecord[]>;
  labs(): Promise<LabRecord[]>;
  named(kind: NamedKind): Promise<NamedRecord[]>;
  dataRepositories(): Promise<DataRepositoryRecord[]>;
  /** Dataset types by name (all when `names` is omitted). */
  datasetTypes(names?: readonly string[]): Promise<DatasetTypeRecord[]>;
  /** Data formats by name (all when `names` is omitted). */
  dataFormats(names?: readonly string[]): Promise<DataFormatRecord[]>;
  /** The names in `names` that `kind` does not hold, in input order without repeats. */
  missing(kind: ReferenceKind, names: readonly string[]): Promise<string[]>;
  subjects(mids?: readonly string[]): Promise<SubjectRecord[]>;
  /** Sessions of these subjects (all sessions when omitted), by subject, date and number. */
  sessions(filter?: { subjectMids?: readonly string[]; ids?: readonly number[] }): Promise<SessionRecord[]>;
  sessionByKey(subjectMid: string, date: string, number: number): Promise<SessionRecord | null>;
  /** Newest first (then highest id). */
  weighings(subjectMids: readonly string[], range?: TimeRange): Promise<WeighingRecord[]>;
  /** The newest weighing of each subject that has one. */
  latestWeighings(subjectMids: readonly string[]): Promise<WeighingRecord[]>;
  /** Newest first (then highest id). */
  waterAdministrations(
    subjectMids: readonly string[],
    range?: TimeRange,
  ): Promise<WaterAdministrationRecord[]>;
  /** Stored selections by id (missing ids are left out), in id order. */
  selections(ids: readonly number[]): Promise<SelectionRecord[]>;
  /** Newest first (then highest id). */
  listSelections(filter: SelectionListFilter): Promise<SelectionRecord[]>;
  manifest(id: string): Promise<ManifestRecord | null>;

  /** Datasets with their tags and file records, by session, collection, name, revision. */
  datasets(selector: DatasetSelector): Promise<DatasetRecord[]>;
  /** A dataset by its key (session row id, collection, revision, name), or null. */
  datasetByKey(key: DatasetKey): Promise<DatasetRecord | null>;
  /** Every revision of one file, newest first (by creation), the original `''` last. */
  revisionsOf(key: Omit<DatasetKey, 'revision'>): Promise<RevisionState[]>;
  tags(): Promise<TagRecord[]>;
  /** The dataset that has a file record at (repository, relative path), or null. */
  fileRecordHolder(repository: string, relativePath: string): Promise<number | null>;
}

/** Writes inside one transaction; `createdBy` is the authenticated caller. */
export interface RegistryWriter extends RegistryReader {
  upsertUser(input: UserInput, createdBy: string): Promise<UserRecord>;
  upsertLab(input: LabInput, createdBy: string): Promise<LabRecord>;
  upsertNamed(kind: NamedKind, input: NamedInput, createdBy: string): Promise<NamedRecord>;
  upsertDataRepository(input: DataRepositoryInput, createdBy: string): Promise<DataRepositoryRecord>;
  /** By name; a pattern another type holds (case-insensitively) violates a unique index. */
  upsertDatasetType(input: DatasetTypeInput, createdBy: string): Promise<DatasetTypeRecord>;
  /** By name; an extension another format holds (case-insensitively) violates a unique index. */
  upsertDataFormat(input: DataFormatInput, createdBy: string): Promise<DataFormatRecord>;
  /** Inserts a new subject; null when the MID is already registered (the database decides). */
  insertSubject(input: SubjectInput, createdBy: string): Promise<SubjectRecord | null>;
  /**
   * Serialises writers of one key (e.g. a subject and day) until the transaction ends, so that
   * "max + 1" and "no identical record within 60 s" see every earlier writer's rows.
   */
  lock(scope: string): Promise<void>;
  /** The next free session number of a subject and day: max + 1, or 1. Call after `lock`. */
  nextSessionNumber(subjectMid: string, date: string): Promise<number>;
  /** Upsert on (subject, date, number); replaces the session's users, projects and procedures. */
  upsertSession(
    input: SessionInput,
    createdBy: string,
  ): Promise<{ session: SessionRecord; created: boolean }>;
  insertWeighing(input: WeighingInput, createdBy: string): Promise<WeighingRecord>;
  insertWaterAdministration(
    input: WaterAdministrationInput,
    createdBy: string,
  ): Promise<WaterAdministrationRecord>;
  /** Inserts a dataset unless its key exists (the database decides); its id, or null. */
  insertDataset(input: DatasetInput, createdBy: string): Promise<number | null>;
  patchDataset(id: number, patch: DatasetPatch): Promise<void>;
  /** Clears the default flag of the file's other revisions (same session, collection, name). */
  clearDefaultExcept(id: number): Promise<void>;
  /**
   * Puts the dataset's file record in `repository` at `relativePath` with `exists`. `conflict`
   * when another dataset holds that (repository, relative path); nothing is written then.
   */
  putFileRecord(
    record: { datasetId: number; repository: string; relativePath: string; exists: boolean },
    createdBy: string,
  ): Promise<'written' | 'conflict'>;
  /** Sets `exists` false on every file record of the dataset (its bytes changed). */
  resetFileRecords(datasetId: number): Promise<void>;
  /** Sets `exists` on the datasets' records in `repository`; the ids that have one there. */
  markFileRecords(repository: string, datasetIds: readonly number[], exists: boolean): Promise<number[]>;
  upsertTag(input: TagInput, createdBy: string): Promise<TagRecord>;
  /** Links each dataset to each tag (existing links are kept). */
  tagDatasets(datasetIds: readonly number[], tags: readonly string[]): Promise<void>;
  unTagDatasets(datasetIds: readonly number[], tags: readonly string[]): Promise<void>;
  /** Deletes the datasets with their file records and tag links. */
  deleteDatasets(datasetIds: readonly number[]): Promise<void>;
  /** Ids of identical records (subject, time, value, user) written in the last `seconds`. */
  recentDuplicates(
    kind: 'weighings' | 'water_administrations',
    record: { subjectMid: string; dateTime: Date; value: number | null; username: string },
    seconds: number,
  ): Promise<number[]>;
  insertSelection(input: SelectionInput, createdBy: string): Promise<SelectionRecord>;
  /** The updated selection, or null when no selection has this id. */
  updateSelectionComment(id: number, comment: string): Promise<SelectionRecord | null>;
  /** Inserts the manifest unless one with its id (content hash) exists; the stored row either way. */
  insertManifest(input: ManifestInput, createdBy: string): Promise<ManifestRecord>;
}

/** Identifies a write for replay: (key, caller) is unique; the hash covers operation and input. */
export interface IdempotencyClaim {
  key: string;
  inputSha256: string;
}

/** What a unit of work decides: commit with a JSON result, or roll everything back. */
export type WorkOutcome<T extends JsonValue, R> = { commit: T } | { rollback: R };

export type WriteResult<T extends JsonValue, R> =
  | { status: 'committed'; value: T }
  /** The idempotency key was seen with the same input: the stored result, nothing written. */
  | { status: 'replayed'; value: T }
  | { status: 'rolledBack'; reason: R }
  /** The idempotency key was seen with a different input: nothing written. */
  | { status: 'keyReused' };

export interface RegistrySource extends RegistryReader {
  readonly kind: RegistryBackend;
  describe(): string;
  /** Connection-pool use now (PGlite: its one connection, busy or idle, and the queue behind it). */
  connections(): ConnectionUse;
  /**
   * Runs `work` in one transaction together with the idempotency record (when a claim is given):
   * the write and its record commit together or not at all. Transient conflicts (serialisation
   * failures, deadlocks, a lost race on a unique key) rerun `work` a bounded number of times.
   */
  write<T extends JsonValue, R>(
    caller: string,
    claim: IdempotencyClaim | null,
    work: (tx: RegistryWriter) => Promise<WorkOutcome<T, R>>,
  ): Promise<WriteResult<T, R>>;
  /** True when no reference data has been loaded yet (the seed runs then). */
  isEmpty(): Promise<boolean>;
  close(): Promise<void>;
}
