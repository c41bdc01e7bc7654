/**
 * The DocDB source: one metadata record per data asset (AIND's `metadata_index.data_assets`).
 * Three backends sit behind one interface — the official MongoDB driver, the read-only REST gateway
 * and an in-memory store over JSON lines — and all of them take the same TYPED query: no user-supplied
 * operator, field name or regex ever reaches the database (filter.ts builds the one filter document).
 */
import type { DocDbRecord } from './record.ts';
import type { RecordSection } from './sections/index.ts';

/** Every clause narrows the result (they are ANDed); list clauses match any of their values. */
export interface RecordFilter {
  /** Exact record names (AIND asset names). */
  names?: readonly string[];
  /** Literal name prefix (regex metacharacters are escaped; the anchored regex can use the name index). */
  namePrefix?: string;
  /** LabTracks MIDs, matched in `subject.subject_id` or `data_description.subject_id`. */
  subjectIds?: readonly string[];
  /** CodeOcean data-asset UUIDs in `external_links` (both the dict and the legacy list format). */
  codeOceanAssetIds?: readonly string[];
  dataLevel?: 'raw' | 'derived';
  /** Modality abbreviation, e.g. `ecephys`, `behavior-videos`. */
  modality?: string;
  projectName?: string;
  /** Inclusive bounds on the record's `created` (second precision, UTC). */
  createdFrom?: Date;
  createdTo?: Date;
}

export type RecordSortField = 'created' | 'name';

export interface RecordQuery {
  filter: RecordFilter;
  /** Sections to fetch besides the top-level fields; omitted = everything. */
  projection?: readonly RecordSection[];
  /** Default `created` ascending (as the reference queries); ties broken by `_id` so paging is stable. */
  sort?: { field: RecordSortField; direction: 'asc' | 'desc' };
  limit?: number;
  skip?: number;
}

/** Upstream round trips, as reported to `onRequest` (tests and the gateway count them). */
export type DocDbOperation = 'find' | 'getMore' | 'count';

export type DocDbKind = 'mongodb' | 'rest' | 'embedded';

export interface DocDbSource {
  readonly kind: DocDbKind;
  /** Startup log line: host/db/collection or file; never credentials. */
  describe(): string;
  /** Records matching the query, every page/batch fetched. Malformed sections do not fail the query. */
  find(query: RecordQuery): Promise<DocDbRecord[]>;
  count(filter: RecordFilter): Promise<number>;
  close(): Promise<void>;
}

/** Options every backend takes. */
export interface DocDbCommonOptions {
  /** Called once per upstream round trip. */
  onRequest?: (operation: DocDbOperation) => void;
  /**
   * Called for a document that cannot be a record at all (not an object, or no string `name`); such
   * documents are left out of results. The message names the record's `_id` when it has one, never values.
   */
  onMalformedRecord?: (problem: string) => void;
}

export { RECORD_SECTIONS, type RecordSection } from './sections/index.ts';
export type { DocDbRecord };
