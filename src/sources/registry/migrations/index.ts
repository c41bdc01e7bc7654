/**
 * The registry's migrations, in order. Listed statically (not read from a directory) so that they
 * work the same under tsx, vitest and any bundler; Kysely's Migrator applies the missing ones in
 * name order inside a lock, on PostgreSQL and PGlite alike.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial.ts';
import * as datasetTypes from './0002_dataset_types.ts';
import * as datasets from './0003_datasets.ts';
import * as selections from './0004_selections.ts';
import * as manifests from './0005_manifests.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_dataset_types': datasetTypes,
  '0003_datasets': datasets,
  '0004_selections': selections,
  '0005_manifests': manifests,
};

export const registryMigrations: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
