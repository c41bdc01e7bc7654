/**
 * The registry (ours, read-write): PostgreSQL through `pg` when LABGRAPH_REGISTRY_URL is set,
 * otherwise embedded PGlite persisted in LABGRAPH_REGISTRY_DIR. Opening it applies the migrations.
 */
import { migrateToLatest, openPglite, openPostgres, type RegistryDatabase } from './connect.ts';
import { createRegistrySource } from './registry.ts';
import type { RegistrySource } from './types.ts';

export type RegistryConfig =
  | { backend: 'postgres'; url: string }
  | { backend: 'pglite'; dir: string | undefined };

export async function openRegistry(config: RegistryConfig): Promise<RegistrySource> {
  const database: RegistryDatabase =
    config.backend === 'postgres' ? openPostgres(config.url) : await openPglite(config.dir);
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.db.destroy();
    throw error;
  }
  return createRegistrySource(database);
}

export { type RegistryBackend, redactPostgresUrl } from './connect.ts';
export type * from './types.ts';
