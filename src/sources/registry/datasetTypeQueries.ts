/**
 * Dataset types and data formats: reference data keyed by name. An upsert is one
 * `INSERT … ON CONFLICT (name) DO UPDATE`; a pattern or extension another row holds (compared
 * case-insensitively) breaks a unique index, which the service reports before it gets there.
 */
import type { Kysely } from 'kysely';
import type { RegistryTables } from './tables.ts';
import type { DataFormatInput, DataFormatRecord, DatasetTypeInput, DatasetTypeRecord } from './types.ts';

type Db = Kysely<RegistryTables>;

const TYPE_COLUMNS = [
  'name',
  'filename_pattern as filenamePattern',
  'description',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;
const FORMAT_COLUMNS = [
  'name',
  'file_extension as fileExtension',
  'description',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;

export function datasetTypeQueries(db: Db) {
  return {
    datasetTypes(names?: readonly string[]): Promise<DatasetTypeRecord[]> {
      let query = db.selectFrom('dataset_types').select(TYPE_COLUMNS).orderBy('name');
      if (names) query = query.where('name', 'in', [...names]);
      return query.execute();
    },

    dataFormats(names?: readonly string[]): Promise<DataFormatRecord[]> {
      let query = db.selectFrom('data_formats').select(FORMAT_COLUMNS).orderBy('name');
      if (names) query = query.where('name', 'in', [...names]);
      return query.execute();
    },

    upsertDatasetType: (input: DatasetTypeInput, createdBy: string): Promise<DatasetTypeRecord> =>
      db
        .insertInto('dataset_types')
        .values({
          name: input.name,
          filename_pattern: input.filenamePattern,
          description: input.description,
          created_by: createdBy,
        })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet((eb) => ({
            filename_pattern: eb.ref('excluded.filename_pattern'),
            description: eb.ref('excluded.description'),
          })),
        )
        .returning(TYPE_COLUMNS)
        .executeTakeFirstOrThrow(),

    upsertDataFormat: (input: DataFormatInput, createdBy: string): Promise<DataFormatRecord> =>
      db
        .insertInto('data_formats')
        .values({
          name: input.name,
          file_extension: input.fileExtension,
          description: input.description,
          created_by: createdBy,
        })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet((eb) => ({
            file_extension: eb.ref('excluded.file_extension'),
            description: eb.ref('excluded.description'),
          })),
        )
        .returning(FORMAT_COLUMNS)
        .executeTakeFirstOrThrow(),
  };
}
