/**
 * Opens the registry database on either backend and brings its schema up to date. Both backends
 * answer through Kysely with the same value types: `date` columns as `YYYY-MM-DD` strings (never a
 * Date at local midnight), `bigint` results (counts) as numbers, timestamps as Dates.
 *
 * PGlite goes through `kysely-pglite-dialect` (maintained, no dependencies), which declares support
 * for PGlite up to 0.4 — hence PGlite is pinned to 0.4.x. PGlite has one connection: the dialect
 * queues transactions, so on PGlite writers run one at a time (on PostgreSQL they run concurrently
 * and the constraints and advisory locks keep them apart).
 */
import { mkdir } from 'node:fs/promises';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { type Dialect, type Driver, Kysely, type LogEvent, Migrator, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { observeUpstream } from '../../metrics.ts';
import { registryMigrations } from './migrations/index.ts';
import type { RegistryTables } from './tables.ts';

export type RegistryBackend = 'postgres' | 'pglite';

/** How the registry's connections are used right now (for /metrics). */
export interface ConnectionUse {
  /** Most connections the pool opens. */
  max: number;
  /** Connections open now, idle or busy. */
  open: number;
  idle: number;
  /** Queries or transactions waiting for a connection. */
  waiting: number;
}

export interface RegistryDatabase {
  readonly db: Kysely<RegistryTables>;
  readonly backend: RegistryBackend;
  /** Where the data lives, safe to log (no credentials). */
  readonly description: string;
  connections(): ConnectionUse;
}

const QUERY_OPERATIONS: Record<string, string> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
};

/** Kysely's query log → labgraph_upstream_* for source `registry` (statements, transaction control as `other`). */
function queryMetrics(backend: RegistryBackend) {
  return (event: LogEvent) => {
    const operation = QUERY_OPERATIONS[event.query.query.kind] ?? 'other';
    const failure = event.level === 'error' ? 'error' : undefined;
    observeUpstream({ source: 'registry', backend, operation }, event.queryDurationMillis / 1000, failure);
  };
}

/** `postgres://user:secret@host/db` → `postgres://[redacted]@host/db`; anything unparsable is hidden whole. */
export function redactPostgresUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const hadCredentials = url.username !== '' || url.password !== '';
    url.username = '';
    url.password = '';
    url.search = '';
    const text = url.href;
    return hadCredentials ? text.replace('//', '//[redacted]@') : text;
  } catch {
    return '[unparsable PostgreSQL URL]';
  }
}

const DATE_OID = 1082;
const INT8_OID = 20;

/** pg's parsers, except dates stay strings and int8 becomes a number. */
function pgTypeParsers(): pg.CustomTypesConfig {
  const overrides = new pg.TypeOverrides();
  overrides.setTypeParser(DATE_OID, (value: string) => value);
  overrides.setTypeParser(INT8_OID, (value: string) => Number(value));
  return overrides;
}

export function openPostgres(url: string, poolSize = 10): RegistryDatabase {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypeParsers() });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return {
    db: new Kysely<RegistryTables>({ dialect: new PostgresDialect({ pool }), log: queryMetrics('postgres') }),
    backend: 'postgres',
    description: `PostgreSQL at ${redactPostgresUrl(url)}`,
    connections: () => ({
      max: poolSize,
      open: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
  };
}

/** PGlite persisted in `dataDir`, or in memory when it is undefined (tests). */
export async function openPglite(dataDir: string | undefined): Promise<RegistryDatabase> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [pgliteTypes.DATE]: (value: string) => value, [pgliteTypes.INT8]: Number },
  });
  const use = { busy: 0, waiting: 0 };
  return {
    db: new Kysely<RegistryTables>({
      dialect: countingConnections(new PGliteDialect(client), use),
      log: queryMetrics('pglite'),
    }),
    backend: 'pglite',
    description: dataDir ? `PGlite (embedded) in ${dataDir}` : 'PGlite (embedded) in memory',
    // PGlite is one connection in this process, always open: busy while a query or transaction holds
    // it, and everything else queues behind it (the dialect serialises them).
    connections: () => ({ max: 1, open: 1, idle: 1 - use.busy, waiting: use.waiting }),
  };
}

/** A dialect whose driver counts connections held and acquisitions waiting (PGlite's has no pool to ask). */
function countingConnections(dialect: Dialect, use: { busy: number; waiting: number }): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      return {
        init: () => driver.init(),
        async acquireConnection() {
          use.waiting++;
          try {
            const connection = await driver.acquireConnection();
            use.busy++;
            return connection;
          } finally {
            use.waiting--;
          }
        },
        releaseConnection(connection) {
          use.busy--;
          return driver.releaseConnection(connection);
        },
        beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
        commitTransaction: (connection) => driver.commitTransaction(connection),
        rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
        destroy: () => driver.destroy(),
      };
    },
  };
}

/** Applies the missing migrations; a failed one stops startup with the migration's name. */
export async function migrateToLatest(db: Kysely<RegistryTables>): Promise<string[]> {
  // Features add their migrations independently (0002, 0003… may land in either order on a
  // registry that already ran the other): each stands alone, so the order they ran in does not matter.
  // Kysely looks for its bookkeeping tables in every schema unless told which one: a second
  // registry on the same server (another schema on the search path) would make it skip creating
  // them here and then fail to find them. Name the schema the registry lives in.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({
    db,
    provider: registryMigrations,
    allowUnorderedMigrations: true,
    migrationTableSchema: rows[0]?.schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`registry migration ${failed?.migrationName ?? '(setup)'} failed: ${detail}`, {
      cause: error,
    });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
