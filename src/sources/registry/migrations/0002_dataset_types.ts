/**
 * Dataset types and data formats (Alyx's DatasetType and DataFormat): reference data that decides
 * what a registered file is. A type's name is unique and so is its filename pattern, compared
 * case-insensitively (Alyx stores patterns lower-cased; we keep the writer's spelling and index the
 * lower case); a blank pattern is stored as null and many types may have none. A format's name is
 * unique, its extension is `.<no dots>` (Alyx's `^\.[^.]+$`) and unique case-insensitively, so the
 * format of a file is never ambiguous.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dataset_types')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('filename_pattern', 'text', (c) => c.check(sql`btrim(filename_pattern) <> ''`))
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dataset_types_filename_pattern_ci')
    .on('dataset_types')
    .unique()
    .expression(sql`lower(filename_pattern)`)
    .execute();

  await db.schema
    .createTable('data_formats')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('file_extension', 'text', (c) => c.notNull().check(sql`file_extension ~ '^\\.[^.]+$'`))
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('data_formats_file_extension_ci')
    .on('data_formats')
    .unique()
    .expression(sql`lower(file_extension)`)
    .execute();
}
