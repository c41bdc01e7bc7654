/**
 * Environment (+ an optional `.env` file) → typed config. Uses the names the lab already uses
 * (CODE_OCEAN_API_TOKEN, CODE_OCEAN_DOMAIN, DOCDB_URI, the standard AWS variables) plus LABGRAPH_*
 * for our own. With nothing set, every source uses its embedded backend on fixtures/.
 * A bad value stops startup with a ConfigError that names the variable.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type CacheConfig, cacheConfig } from './cacheConfig.ts';
import {
  boolean,
  DEFAULT_FIXTURES_DIR,
  type Env,
  integer,
  list,
  oneOf,
  PROJECT_ROOT,
  read,
  url,
} from './configBase.ts';
import { ConfigError } from './errors.ts';
import { type OpsConfig, opsConfig } from './opsConfig.ts';
import { DEFAULT_SORTING_PIPELINE_ID, normalizeAssetId } from './sources/codeocean/assetRules.ts';
import { resolveCodeOceanDomain, resolveCodeOceanToken } from './sources/codeocean/token.ts';
import { AIND_STORE } from './sources/docdb/record.ts';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_RETRY_POLICY } from './sources/upstreamHttp.ts';
import { type WriteSideConfig, writeSideConfig } from './writeSideConfig.ts';

export { DEFAULT_FIXTURES_DIR, type Env, GATEWAY_VERSION, PROJECT_ROOT } from './configBase.ts';
export { FIXTURE_TOKENS_FILE } from './writeSideConfig.ts';

export interface TrackedConfig {
  /** A file path or `s3://` URI. */
  yaml: string;
  /** File paths or `s3://` URIs, each may hold a `*` in its last segment. */
  workbooks: string[];
  /** Largest workbook file and most rows over its sheets; a larger workbook is refused unread. */
  workbookLimits: { maxBytes: number; maxRows: number };
}

export type CodeOceanConfig =
  | { backend: 'embedded'; file: string }
  | { backend: 'http'; domain: string; token: string; pageSize: number };

export type DocDbConfig =
  | { backend: 'embedded'; files: string[] }
  | { backend: 'mongodb'; uri: string; database: string; collection: string }
  | { backend: 'rest'; baseUrl: string; database: string; collection: string; maxPages: number };

export type ObjectStoreConfig =
  | { backend: 'local'; root: string }
  | { backend: 's3'; region: string | undefined; endpoint: string | undefined; forcePathStyle: boolean };

export interface CatalogConfig {
  /** DocDB projects whose sessions the catalog discovers beyond the tracked sheets ([] = all). */
  docdbProjects: string[];
  /** Subjects whose CodeOcean assets are searched beyond the tracked ones. */
  extraSubjects: string[];
  /** Age at which the catalog is rebuilt (in the background; requests keep the last snapshot). */
  refreshMs: number;
  /** Age at which a snapshot missing a source is rebuilt. */
  degradedRetryMs: number;
}

export interface UpstreamConfig {
  /** Deadline of one upstream call including retries. */
  timeoutMs: number;
  attemptTimeoutMs: number;
  retries: number;
  /** First backoff delay; doubles each retry, with jitter, up to maxRetryDelayMs. */
  minRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** Largest upstream response body read (CodeOcean, DocDB REST); larger fails the call. */
  maxBodyBytes: number;
}

/**
 * Limits on one GraphQL operation (graphql-armor), checked before anything executes. Defaults are
 * measured on this schema: see README "Limits and protection".
 */
export interface QueryLimits {
  /** Deepest field nesting (the deepest path that visits no type twice is 11 fields). */
  maxDepth: number;
  /** Aliased fields per operation (`__typename` aliases are free). */
  maxAliases: number;
  /** Lexical tokens in the query document. */
  maxTokens: number;
  /** armor's cost estimate (object 2, scalar 1, ×1.5 per level, × literal or variable `first`/`last`). */
  maxCost: number;
  /** Directives (`@include`, `@skip`…) per operation. */
  maxDirectives: number;
  /** Brackets (`{`, `[`, `(`) open at once in the document, checked before it is parsed. */
  maxNesting: number;
}

/** The HDF5 reader's pool (src/sources/taskfile): used as is until config is loaded (tests). */
export const DEFAULT_TASK_FILE_READER = { workers: 2, timeoutMs: 20_000 } as const;

export interface Config extends WriteSideConfig, CacheConfig, OpsConfig {
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  fixturesDir: string;
  graphiql: boolean;
  /** Serve the dashboard at / (built from web/ on first use, or at `serve` startup). */
  dashboard: boolean;
  introspection: boolean;
  maxPageSize: number;
  /** Time limit of one GraphQL request; fields still waiting then fail with UPSTREAM_TIMEOUT. */
  requestTimeoutMs: number;
  /** Largest request body accepted; larger ones are refused with 413 before they are parsed. */
  maxBodyBytes: number;
  /** A response whose reader takes nothing for this long is cut (its socket is closed). */
  writeIdleTimeoutMs: number;
  /** Origins other than the gateway's own whose pages may read its answers (CORS); none by default. */
  corsOrigins: string[];
  queryLimits: QueryLimits;
  upstream: UpstreamConfig;
  tracked: TrackedConfig;
  codeocean: CodeOceanConfig;
  docdb: DocDbConfig;
  objectStore: ObjectStoreConfig;
  taskFiles: { bucket: string; prefixTemplate: string };
  /** The CodeOcean pipeline whose runs are a session's spike sortings (Session.sortingComputations). */
  sortingPipelineId: string;
  catalog: CatalogConfig;
  objectCache: { dir: string; maxBytes: number };
  /** Bound of each cache of tables derived from task files (by ETag), in estimated bytes. */
  derivedCacheMaxBytes: number;
  /** HDF5 worker threads and the per-file time limit after which a worker is replaced. */
  taskFileReader: { workers: number; timeoutMs: number };
}

/** Reads `.env` from the working directory if present (Node's own loader; real env wins). */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

/** LABGRAPH_CORS_ORIGINS: comma-separated origins (`https://dash.lab.org`), each a bare scheme://host[:port]. */
function corsOrigins(env: Env): string[] {
  return list(read(env, 'LABGRAPH_CORS_ORIGINS') ?? '').map((origin) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {}
    if (
      !parsed ||
      !['http:', 'https:'].includes(parsed.protocol) ||
      parsed.origin !== origin.replace(/\/$/, '')
    )
      throw new ConfigError('LABGRAPH_CORS_ORIGINS', `'${origin}' is not an origin like https://host[:port]`);
    return parsed.origin;
  });
}

function trackedConfig(env: Env, fixturesDir: string): TrackedConfig {
  const yaml =
    read(env, 'LABGRAPH_TRACKED_YAML') ?? path.join(fixturesDir, 'tracked', 'tracked_sessions.yaml');
  const workbooks = list(
    read(env, 'LABGRAPH_TRACKED_WORKBOOKS') ??
      path.join(fixturesDir, 'tracked', 'DynamicRoutingTraining*.xlsx'),
  );
  if (!yaml.startsWith('s3://') && !yaml.endsWith('.yaml') && !yaml.endsWith('.yml')) {
    throw new ConfigError('LABGRAPH_TRACKED_YAML', `expected a .yaml file path or s3:// URI, got '${yaml}'`);
  }
  return {
    yaml,
    workbooks,
    workbookLimits: {
      maxBytes: integer(env, 'LABGRAPH_TRACKED_WORKBOOK_MAX_BYTES', 50 * 1024 ** 2, 1024, 2 * 1024 ** 3),
      maxRows: integer(env, 'LABGRAPH_TRACKED_WORKBOOK_MAX_ROWS', 200_000, 1, 100_000_000),
    },
  };
}

function sortingPipelineId(env: Env): string {
  const raw = read(env, 'LABGRAPH_SORTING_PIPELINE_ID');
  if (raw === undefined) return DEFAULT_SORTING_PIPELINE_ID;
  const id = normalizeAssetId(raw);
  if (id === null) {
    throw new ConfigError('LABGRAPH_SORTING_PIPELINE_ID', 'must be a CodeOcean pipeline id (a UUID)');
  }
  return id;
}

function codeOceanConfig(env: Env, fixturesDir: string): CodeOceanConfig {
  const token = resolveCodeOceanToken(env);
  const mode = oneOf(env, 'LABGRAPH_CODEOCEAN', ['auto', 'embedded', 'http'] as const, 'auto');
  if (mode === 'embedded' || (mode === 'auto' && !token)) {
    return { backend: 'embedded', file: path.join(fixturesDir, 'codeocean', 'data_assets.json') };
  }
  if (!token) throw new ConfigError('CODE_OCEAN_API_TOKEN', 'LABGRAPH_CODEOCEAN=http needs a token (cop_…)');
  return {
    backend: 'http',
    domain: resolveCodeOceanDomain(env),
    token,
    pageSize: integer(env, 'LABGRAPH_CODEOCEAN_PAGE_SIZE', 1000, 1, 1000),
  };
}

function docDbConfig(env: Env, fixturesDir: string): DocDbConfig {
  const raw = read(env, 'DOCDB_URI');
  const database = read(env, 'LABGRAPH_DOCDB_DATABASE') ?? AIND_STORE.database;
  const collection = read(env, 'LABGRAPH_DOCDB_COLLECTION') ?? AIND_STORE.collection;
  if (!raw) return { backend: 'embedded', files: [path.join(fixturesDir, 'docdb', 'data_assets.jsonl')] };
  // Mongo connection strings go to the driver as written: multi-host URIs are not WHATWG URLs.
  if (/^mongodb(\+srv)?:\/\//.test(raw)) return { backend: 'mongodb', uri: raw, database, collection };
  const gateway = url(env, 'DOCDB_URI', ['https:', 'http:', 'mongodb:', 'mongodb+srv:']);
  return {
    backend: 'rest',
    baseUrl: (gateway?.href ?? raw).replace(/\/$/, ''),
    database,
    collection,
    maxPages: integer(env, 'LABGRAPH_DOCDB_MAX_PAGES', 1000, 1, 1_000_000),
  };
}

function objectStoreConfig(env: Env, fixturesDir: string): ObjectStoreConfig {
  const endpoint =
    url(env, 'AWS_ENDPOINT_URL_S3', ['https:', 'http:'])?.href ?? read(env, 'AWS_ENDPOINT_URL');
  const awsConfigured = Boolean(endpoint || read(env, 'AWS_ACCESS_KEY_ID') || read(env, 'AWS_PROFILE'));
  const mode = oneOf(env, 'LABGRAPH_OBJECTSTORE', ['auto', 'local', 's3'] as const, 'auto');
  if (mode === 'local' || (mode === 'auto' && !awsConfigured)) {
    return { backend: 'local', root: read(env, 'LABGRAPH_S3_LOCAL_DIR') ?? path.join(fixturesDir, 's3') };
  }
  return {
    backend: 's3',
    region: read(env, 'AWS_REGION') ?? read(env, 'AWS_DEFAULT_REGION'),
    endpoint,
    forcePathStyle: boolean(env, 'LABGRAPH_S3_FORCE_PATH_STYLE', Boolean(endpoint)),
  };
}

/** The tracked sheets and upstream listings are re-read as often as the references cache them. */
const CATALOG_REFRESH_MS = 10 * 60_000;
/** A catalog missing a source retries it this soon. */
const DEGRADED_CATALOG_RETRY_MS = 30_000;

function catalogConfig(env: Env): CatalogConfig {
  const refreshMs = integer(env, 'LABGRAPH_CATALOG_REFRESH_MS', CATALOG_REFRESH_MS, 0, 24 * 60 * 60_000);
  return {
    docdbProjects: list(read(env, 'LABGRAPH_DOCDB_PROJECTS') ?? ''),
    extraSubjects: list(read(env, 'LABGRAPH_EXTRA_SUBJECTS') ?? '').map((id) => {
      if (!/^\d{6,7}$/.test(id))
        throw new ConfigError('LABGRAPH_EXTRA_SUBJECTS', `'${id}' is not a 6–7 digit MID`);
      return id;
    }),
    refreshMs,
    degradedRetryMs: Math.min(refreshMs, DEGRADED_CATALOG_RETRY_MS),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const fixturesDir = path.resolve(read(env, 'LABGRAPH_FIXTURES_DIR') ?? DEFAULT_FIXTURES_DIR);
  const production = read(env, 'NODE_ENV') === 'production';
  const timeoutMs = integer(env, 'LABGRAPH_UPSTREAM_TIMEOUT_MS', 15_000, 100, 600_000);
  return {
    host: read(env, 'LABGRAPH_HOST') ?? '127.0.0.1',
    port: integer(env, 'LABGRAPH_PORT', 4000, 0, 65_535),
    logLevel: oneOf(
      env,
      'LABGRAPH_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    fixturesDir,
    graphiql: boolean(env, 'LABGRAPH_GRAPHIQL', !production),
    dashboard: boolean(env, 'LABGRAPH_DASHBOARD', true),
    introspection: boolean(env, 'LABGRAPH_INTROSPECTION', !production),
    maxPageSize: integer(env, 'LABGRAPH_MAX_PAGE_SIZE', 100, 1, 10_000),
    requestTimeoutMs: integer(env, 'LABGRAPH_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    maxBodyBytes: integer(env, 'LABGRAPH_MAX_BODY_BYTES', 100_000, 1_000, 50_000_000),
    writeIdleTimeoutMs: integer(env, 'LABGRAPH_WRITE_IDLE_TIMEOUT_MS', 30_000, 100, 3_600_000),
    corsOrigins: corsOrigins(env),
    queryLimits: {
      maxDepth: integer(env, 'LABGRAPH_MAX_DEPTH', 12, 1, 100),
      maxAliases: integer(env, 'LABGRAPH_MAX_ALIASES', 30, 0, 10_000),
      maxTokens: integer(env, 'LABGRAPH_MAX_TOKENS', 5_000, 100, 1_000_000),
      maxCost: integer(env, 'LABGRAPH_MAX_COST', 250_000, 1, 1_000_000_000),
      maxDirectives: integer(env, 'LABGRAPH_MAX_DIRECTIVES', 50, 0, 10_000),
      maxNesting: integer(env, 'LABGRAPH_MAX_NESTING', 64, 4, 1_000),
    },
    upstream: {
      timeoutMs,
      attemptTimeoutMs: integer(
        env,
        'LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS',
        Math.min(timeoutMs, DEFAULT_RETRY_POLICY.attemptTimeoutMs),
        50,
        600_000,
      ),
      retries: integer(env, 'LABGRAPH_UPSTREAM_RETRIES', DEFAULT_RETRY_POLICY.retries, 0, 20),
      minRetryDelayMs: DEFAULT_RETRY_POLICY.minDelayMs,
      maxRetryDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs,
      maxBodyBytes: integer(
        env,
        'LABGRAPH_UPSTREAM_MAX_BODY_BYTES',
        DEFAULT_MAX_BODY_BYTES,
        1024,
        2 * 1024 ** 3,
      ),
    },
    tracked: trackedConfig(env, fixturesDir),
    codeocean: codeOceanConfig(env, fixturesDir),
    docdb: docDbConfig(env, fixturesDir),
    objectStore: objectStoreConfig(env, fixturesDir),
    taskFiles: {
      bucket: read(env, 'LABGRAPH_TASK_BUCKET') ?? 'aind-scratch-data',
      prefixTemplate:
        read(env, 'LABGRAPH_TASK_PREFIX') ?? 'dynamic-routing/DynamicRoutingTask/Data/{subject}/',
    },
    sortingPipelineId: sortingPipelineId(env),
    catalog: catalogConfig(env),
    objectCache: {
      dir: path.resolve(read(env, 'LABGRAPH_CACHE_DIR') ?? path.join(PROJECT_ROOT, '.cache', 'objects')),
      maxBytes: integer(env, 'LABGRAPH_CACHE_MAX_BYTES', 2 * 1024 ** 3, 1_000_000, Number.MAX_SAFE_INTEGER),
    },
    // A one-hour task file derives to ~10 MB of tables (estimated): 256 MiB keeps a few dozen sessions.
    derivedCacheMaxBytes: integer(
      env,
      'LABGRAPH_DERIVED_CACHE_MAX_BYTES',
      256 * 1024 ** 2,
      1_000_000,
      Number.MAX_SAFE_INTEGER,
    ),
    taskFileReader: {
      workers: integer(env, 'LABGRAPH_HDF5_WORKERS', DEFAULT_TASK_FILE_READER.workers, 1, 16),
      timeoutMs: integer(env, 'LABGRAPH_HDF5_TIMEOUT_MS', DEFAULT_TASK_FILE_READER.timeoutMs, 1_000, 600_000),
    },
    ...writeSideConfig(env),
    ...cacheConfig(env),
    ...opsConfig(env),
  };
}
