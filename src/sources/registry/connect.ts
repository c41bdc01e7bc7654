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
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { registryMigrations } from './migrations/index.ts';
import type { RegistryTables } from './tables.ts';

export type RegistryBackend = 'postgres' | 'pglite';

export interface RegistryDatabase {
  readonly db: Kysely<RegistryTables>;
  readonly backend: RegistryBackend;
  /** Where the data lives, safe to log (no credentials). */
  readonly description: string;
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
    db: new Kysely<RegistryTables>({ dialect: new PostgresDialect({ pool }) }),
    backend: 'postgres',
    description: `PostgreSQL at ${redactPostgresUrl(url)}`,
  };
}

/** PGlite persisted in `dataDir`, or in memory when it is undefined (tests). */
export async function openPglite(dataDir: string | undefined): Promise<RegistryDatabase> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [pgliteTypes.DATE]: (value: string) => value, [pgliteTypes.INT8]: Number },
  });
  return {
    db: new Kysely<RegistryTables>({ dialect: new PGliteDialect(client) }),
    backend: 'pglite',
    description: dataDir ? `PGlite (embedded) in ${dataDir}` : 'PGlite (embedded) in memory',
  };
}

/** Applies the missing migrations; a failed one stops startup with the migration's name. */
export async function migrateToLatest(db: Kysely<RegistryTables>): Promise<string[]> {
  // Features add their migrations independently (0002, 0003… may land in either order on a
  // registry that already ran the other): each stands alone, so the order they ran in does not matter.
  const migrator = new Migrator({ db, provider: registryMigrations, allowUnorderedMigrations: true });
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
