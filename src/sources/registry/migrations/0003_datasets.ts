/**
 * Datasets (ONE/Alyx): one file of a session, keyed by (session, collection, revision, name) — Alyx
 * enforces that key only through get-or-create, we by a unique constraint. Their file records (one
 * per data repository, unique on (repository, relative path) as in Alyx), tags (a protected tag
 * protects every dataset carrying it) and the dataset↔tag links. `''` means "no collection" and "no
 * revision", as in ONE. The dataset type and data format are names classified at registration
 * (they do not depend on the dataset-type tables, so this migration stands on its own).
 */
import { type Kysely, sql } from 'kysely';

/** Alyx's QC values: NOT_SET 0 < PASS 10 < WARNING 30 < FAIL 40 < CRITICAL 50. */
const QC_VALUES = sql`qc in (0, 10, 30, 40, 50)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('collection', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('revision', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`name <> ''`))
    .addColumn('dataset_type', 'text', (c) => c.notNull())
    .addColumn('data_format', 'text', (c) => c.notNull())
    .addColumn('file_size', 'bigint', (c) => c.notNull().check(sql`file_size >= 0`))
    // Alyx: hash ≤ 64 characters (md5 hex, or a SHA-256).
    .addColumn('hash', 'text', (c) => c.check(sql`char_length(hash) <= 64`))
    .addColumn('version', 'text')
    .addColumn('is_default', 'boolean', (c) => c.notNull())
    .addColumn('qc', 'integer', (c) => c.notNull().defaultTo(0).check(QC_VALUES))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('datasets_session_collection_revision_name', [
      'session_id',
      'collection',
      'revision',
      'name',
    ])
    .execute();
  // At most one default revision of a file (Alyx clears the flag on siblings; we also forbid two).
  await db.schema
    .createIndex('datasets_one_default')
    .on('datasets')
    .columns(['session_id', 'collection', 'name'])
    .unique()
    .where(sql.ref('is_default'), '=', true)
    .execute();
  await db.schema.createIndex('datasets_type').on('datasets').columns(['dataset_type']).execute();

  await db.schema
    .createTable('file_records')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('dataset_id', 'integer', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('repository', 'text', (c) => c.notNull().references('data_repositories.name'))
    .addColumn('relative_path', 'text', (c) => c.notNull().check(sql`relative_path <> ''`))
    .addColumn('exists', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('file_records_repository_path', ['repository', 'relative_path'])
    .addUniqueConstraint('file_records_dataset_repository', ['dataset_id', 'repository'])
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('protected', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dataset_tags')
    .addColumn('dataset_id', 'integer', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull().references('tags.name'))
    .addPrimaryKeyConstraint('dataset_tags_pk', ['dataset_id', 'tag'])
    .execute();
}
