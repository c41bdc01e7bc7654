/**
 * The CodeOcean source: one interface over the CodeOcean v1 REST API (`httpClient.ts`) and the
 * embedded fixtures (`embeddedBackend.ts`). It knows nothing about GraphQL; it finds data assets and
 * computations and returns them in a typed model (camelCase, `created` as a Date).
 */

export type DataAssetType = 'dataset' | 'result' | 'combined' | 'model';

/** Where an asset's files live: `s3://{bucket}/{prefix}` for origin `aws`. */
export interface SourceBucket {
  origin: 'aws' | 'gcp' | 'local';
  bucket: string;
  prefix: string;
  /** Kept on external storage (raw data in an AIND bucket) rather than CodeOcean's own bucket. */
  external: boolean;
}

/** How a result asset was made (results only). */
export interface Provenance {
  capsule: string | null;
  computation: string | null;
  /** Ids of the input data assets (for a sorting result: the raw asset). */
  dataAssets: string[];
  commit: string | null;
  runScript: string | null;
  dockerImage: string | null;
}

export interface DataAsset {
  /** CodeOcean UUID (dashed, lowercase). */
  id: string;
  name: string;
  /** Creation time (CodeOcean sends epoch seconds). */
  created: Date;
  type: DataAssetType;
  /** `draft`, `ready` or `failed` (kept as a string: newer servers may add states). */
  state: string;
  mount: string;
  /** Null when never used (CodeOcean sends 0). */
  lastUsed: Date | null;
  /** Number of files, when reported. */
  files: number | null;
  /** Bytes, when reported. */
  size: number | null;
  description: string;
  tags: string[];
  /** Keys seen at AIND: `data level` (`raw data`/`derived`), `experiment type`, `subject id`. */
  customMetadata: Record<string, string | number>;
  provenance: Provenance | null;
  sourceBucket: SourceBucket | null;
  failureReason: string | null;
}

export type ComputationState = 'initializing' | 'running' | 'finalizing' | 'completed' | 'failed';

export interface Computation {
  id: string;
  created: Date;
  /** e.g. `Run With Parameters 4689084`. */
  name: string;
  /** Seconds. */
  runTime: number;
  state: ComputationState;
  /** `succeeded`, `failed` or `stopped` once finished. */
  endStatus: string | null;
  exitCode: number | null;
  hasResults: boolean | null;
  dataAssets: { id: string; mount: string }[];
  /** Positional and named parameters, as `{name, paramName, value}`. */
  parameters: { name: string | null; paramName: string | null; value: string }[];
}

/** Search parameters (see reference §3.3); `query` uses CodeOcean's query syntax (`searchQuery.ts`). */
export interface DataAssetSearch {
  query?: string;
  type?: DataAssetType;
  /** Default `created` ascending: offset paging needs a stable order. */
  sortField?: 'created' | 'name' | 'size' | 'type';
  sortOrder?: 'asc' | 'desc';
  /** Default false, as aind-session always sends. */
  archived?: boolean;
  origin?: 'internal' | 'external';
}

/** What the gateway asks of CodeOcean: no wider than its callers (the catalog, the loaders). */
export interface CodeOceanSource {
  readonly kind: 'http' | 'embedded';
  /** Where the data comes from, for the startup log; never the token. */
  describe(): string;
  /** `GET data_assets/{id}`; null when it does not exist (404). */
  getDataAsset(id: string): Promise<DataAsset | null>;
  /** Batch helper for DataLoaders: one GET per distinct id, concurrency-limited; same order as `ids`. */
  getDataAssets(ids: readonly string[]): Promise<(DataAsset | null)[]>;
  /**
   * All assets of each subject: bulk searches (two per 100 subjects: names containing any of them, and
   * `subject id` metadata equal to any of them; see `subjectSearches`), each asset then kept for the
   * subject its parsed AIND session name (or else its `subject id` custom metadata) names — never on a
   * mere mention. The same assets a free-text search per subject finds. Sorted by `created`,
   * de-duplicated. Keyed by subject id.
   */
  getSubjectsDataAssets(subjectIds: readonly string[]): Promise<Map<string, DataAsset[]>>;
  /** `GET capsules/{id}/computations`, sorted by `created`; [] for an unknown capsule. */
  listCapsuleComputations(capsuleId: string): Promise<Computation[]>;
  /** Batch helper: one `GET computations/{id}` per distinct id, concurrency-limited; null when absent. */
  getComputations(ids: readonly string[]): Promise<(Computation | null)[]>;
}

/**
 * A backend as built (HTTP client or embedded fixtures): the source plus its paged search, which
 * the source's own methods use and the backend contract tests exercise; the gateway never calls it.
 */
export interface CodeOceanBackend extends CodeOceanSource {
  /** Every matching asset: all pages (offset/limit until `has_more` is false), de-duplicated by id. */
  searchDataAssets(search: DataAssetSearch): Promise<DataAsset[]>;
}

/** Logical upstream operations, as reported to `onRequest` (tests count these, never time). */
export type CodeOceanOperation = 'search' | 'getDataAsset' | 'listCapsuleComputations' | 'getComputation';

export interface CodeOceanRequestEvent {
  operation: CodeOceanOperation;
  /** The API path asked for, e.g. `data_assets/search` (never the token). */
  path: string;
}
