/**
 * The registry's tables as Kysely sees them (the migrations in ./migrations create them). Reference
 * data is keyed by its name, as in Alyx, so rows refer to users, labs, projects… by readable names.
 * Dates (`date`) come back as `YYYY-MM-DD` strings and timestamps as `Date`s on both backends
 * (see connect.ts), so nothing here depends on which backend answered.
 */
import type { ColumnType, Generated } from 'kysely';

/** A `timestamptz` column: written as a Date, read as a Date. */
type Timestamp = ColumnType<Date, Date, Date>;
/** A column the database fills (default now()) unless the writer gives a value. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** A `jsonb` column; the drivers parse it, and Kysely serialises what we write. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type Jsonb = ColumnType<JsonValue, string, string>;

interface Audited {
  created_at: CreatedAt;
  /** The authenticated caller that wrote the row. */
  created_by: string;
}

export interface UsersTable extends Audited {
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
}

export interface LabsTable extends Audited {
  name: string;
  institution: string | null;
  /** IANA zone of the lab, informative (naive times use LABGRAPH_TIMEZONE). */
  timezone: string | null;
}

export interface NamedReferenceTable extends Audited {
  name: string;
  description: string | null;
}

export interface DataRepositoriesTable extends Audited {
  name: string;
  data_url: string | null;
}

export interface DatasetTypesTable extends Audited {
  name: string;
  /** A glob matched case-insensitively against file names; null: match on `object.attribute`. */
  filename_pattern: string | null;
  description: string | null;
}

export interface DataFormatsTable extends Audited {
  name: string;
  /** `.npy`: a dot and no other dot; unique case-insensitively. */
  file_extension: string;
  description: string | null;
}

export interface SubjectsTable extends Audited {
  /** LabTracks MID, 6–7 digits. */
  mid: string;
  lab: string;
  responsible_user: string;
  sex: 'M' | 'F' | 'U';
  species: string;
  birth_date: string | null;
  death_date: string | null;
  strain: string | null;
  genotype: string | null;
}

export interface SubjectProjectsTable {
  subject_mid: string;
  project: string;
}

export interface SessionsTable extends Audited {
  id: Generated<number>;
  subject_mid: string;
  /** The session date (lab time zone), `YYYY-MM-DD`. */
  date: string;
  /** 1–999; the ALF folder `NNN`. */
  number: number;
  lab: string;
  start_time: Timestamp;
  end_time: Timestamp | null;
  type: string;
  task_protocol: string | null;
  location: string | null;
  n_trials: number | null;
  n_correct_trials: number | null;
  json: Jsonb | null;
  updated_at: Timestamp;
}

export interface SessionUsersTable {
  session_id: number;
  username: string;
}
export interface SessionProjectsTable {
  session_id: number;
  project: string;
}
export interface SessionProceduresTable {
  session_id: number;
  procedure: string;
}

export interface WeighingsTable extends Audited {
  id: Generated<number>;
  subject_mid: string;
  date_time: Timestamp;
  weight_g: number;
  username: string;
}

export interface WaterAdministrationsTable extends Audited {
  id: Generated<number>;
  subject_mid: string;
  date_time: Timestamp;
  /** Null only for ad-lib water. */
  volume_ml: number | null;
  water_type: string;
  adlib: boolean;
  session_id: number | null;
  username: string;
}

export interface DatasetsTable {
  id: Generated<number>;
  session_id: number;
  /** `''` when the file is in the session folder itself. */
  collection: string;
  /** `''` for the original (no `#revision#` folder). */
  revision: string;
  /** The ALF file name. */
  name: string;
  dataset_type: string;
  data_format: string;
  /** Bytes; `bigint`, read as a number (see connect.ts). */
  file_size: number;
  hash: string | null;
  version: string | null;
  is_default: boolean;
  /** Alyx's QC value: 0, 10, 30, 40 or 50. */
  qc: number;
  created_at: CreatedAt;
  created_by: string;
  updated_at: Timestamp;
}

export interface FileRecordsTable {
  id: Generated<number>;
  dataset_id: number;
  repository: string;
  /** `<MID>/<YYYY-MM-DD>/<NNN>/[<collection>/][#<revision>#/]<name>`, as Alyx's file records. */
  relative_path: string;
  exists: boolean;
  created_at: CreatedAt;
  created_by: string;
}

export interface TagsTable {
  name: string;
  protected: boolean;
  description: string | null;
  created_at: CreatedAt;
  created_by: string;
}

export interface DatasetTagsTable {
  dataset_id: number;
  tag: string;
}

export interface IdempotencyRecordsTable {
  caller: string;
  key: string;
  /** SHA-256 (hex) of the canonical JSON of the operation name and its input. */
  input_sha256: string;
  /** Null while the claiming transaction is still running (never visible after commit). */
  result: Jsonb | null;
  created_at: CreatedAt;
}

export interface SelectionsTable {
  id: Generated<number>;
  created_at: CreatedAt;
  created_by: string;
  gateway_version: string;
  /** The selection algorithm's versioned name (src/domain/selection.ts). */
  algorithm: string;
  /** uint32. */
  seed: number;
  unit: 'SESSION' | 'SUBJECT';
  dedupe: boolean;
  /** The only column that may change (a trigger refuses any other update). */
  comment: string;
  selected_ids: Jsonb;
}

export interface SelectionQueriesTable {
  selection_id: number;
  /** 0-based place of the query in the selection. */
  position: number;
  label: string | null;
  /** Canonical JSON of the SessionFilter, kept as text so its bytes never change. */
  filter: string;
  filter_sha256: string;
  count: number;
  candidate_ids: Jsonb;
  selected_ids: Jsonb;
}

export interface ManifestsTable {
  /** `mf-` + 24 hex digits of the content hash. */
  id: string;
  /** SHA-256 of the bytes GET /manifests/<id>.<ext> serves. */
  sha256: string;
  selection_id: number;
  format: 'JSONL' | 'SEGMENTATION_V1';
  bin_size: number;
  /** Canonical JSON of the dataset the entries name, or null for the task file. */
  dataset: string | null;
  /** Canonical JSON of the entries, in selection order. */
  entries: string;
  /** Canonical JSON of the per-entry problems kept under allowPartial. */
  problems: string;
  created_at: CreatedAt;
  created_by: string;
  gateway_version: string;
}

export interface RegistryTables {
  users: UsersTable;
  labs: LabsTable;
  projects: NamedReferenceTable;
  procedures: NamedReferenceTable;
  water_types: NamedReferenceTable;
  data_repositories: DataRepositoriesTable;
  dataset_types: DatasetTypesTable;
  data_formats: DataFormatsTable;
  subjects: SubjectsTable;
  subject_projects: SubjectProjectsTable;
  sessions: SessionsTable;
  session_users: SessionUsersTable;
  session_projects: SessionProjectsTable;
  session_procedures: SessionProceduresTable;
  weighings: WeighingsTable;
  water_administrations: WaterAdministrationsTable;
  datasets: DatasetsTable;
  file_records: FileRecordsTable;
  tags: TagsTable;
  dataset_tags: DatasetTagsTable;
  idempotency_records: IdempotencyRecordsTable;
  selections: SelectionsTable;
  selection_queries: SelectionQueriesTable;
  manifests: ManifestsTable;
}
