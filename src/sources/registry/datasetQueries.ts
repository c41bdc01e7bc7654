/**
 * Datasets, their file records and tags. A dataset is unique on (session, collection, revision,
 * name) by constraint: `insertDataset` is one INSERT … ON CONFLICT DO NOTHING, so two writers of the
 * same file get one row and the loser reads the winner's. Reads aggregate tags and file records in
 * the same statement (one query per batch, whatever the number of datasets).
 */
import { type Kysely, sql } from 'kysely';
import type { RegistryTables } from './tables.ts';
import type {
  DatasetInput,
  DatasetKey,
  DatasetPatch,
  DatasetRecord,
  DatasetSelector,
  RevisionState,
  TagInput,
  TagRecord,
} from './types.ts';

type Db = Kysely<RegistryTables>;

const TAG_COLUMNS = [
  'name',
  'protected',
  'description',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;

/** Whether the dataset in scope (`d`) carries a protected tag. */
const isProtected = sql<boolean>`exists (select 1 from dataset_tags dt join tags t on t.name = dt.tag
  where dt.dataset_id = d.id and t.protected)`;

export function datasetQueries(db: Db) {
  const select = () =>
    db
      .selectFrom('datasets as d')
      .innerJoin('sessions as s', 's.id', 'd.session_id')
      .select([
        'd.id',
        'd.session_id as sessionId',
        'd.collection',
        'd.revision',
        'd.name',
        'd.dataset_type as datasetType',
        'd.data_format as dataFormat',
        'd.file_size as fileSize',
        'd.hash',
        'd.version',
        'd.is_default as isDefault',
        'd.qc',
        'd.created_at as createdAt',
        'd.created_by as createdBy',
        'd.updated_at as updatedAt',
        sql<DatasetRecord['session']>`jsonb_build_object('subjectMid', s.subject_mid,
          'date', to_char(s.date, 'YYYY-MM-DD'), 'number', s.number)`.as('session'),
        sql<DatasetRecord['tags']>`coalesce((select jsonb_agg(jsonb_build_object('name', t.name,
          'protected', t.protected) order by t.name) from dataset_tags dt join tags t on t.name = dt.tag
          where dt.dataset_id = d.id), '[]'::jsonb)`.as('tags'),
        isProtected.as('protected'),
        sql<DatasetRecord['fileRecords']>`coalesce((select jsonb_agg(jsonb_build_object(
          'repository', f.repository, 'relativePath', f.relative_path, 'exists', f.exists,
          'dataUrl', r.data_url) order by f.repository) from file_records f
          join data_repositories r on r.name = f.repository where f.dataset_id = d.id), '[]'::jsonb)`.as(
          'fileRecords',
        ),
      ]);

  const datasets = async (selector: DatasetSelector): Promise<DatasetRecord[]> => {
    if (selector.ids?.length === 0 || selector.sessions?.length === 0) return [];
    let query = select();
    if (selector.ids) query = query.where('d.id', 'in', [...selector.ids]);
    const { sessions } = selector;
    if (sessions) {
      query = query.where((eb) =>
        eb(
          eb.refTuple('s.subject_mid', 's.date', 's.number'),
          'in',
          sessions.map((k) => eb.tuple(k.subjectMid, sql<string>`${k.date}::date`, k.number)),
        ),
      );
    }
    const rows = await query
      .orderBy('s.subject_mid')
      .orderBy('s.date')
      .orderBy('s.number')
      .orderBy('d.collection')
      .orderBy('d.name')
      .orderBy('d.revision')
      .execute();
    return rows as DatasetRecord[];
  };

  const fileRecordHolder = async (repository: string, relativePath: string): Promise<number | null> => {
    const row = await db
      .selectFrom('file_records')
      .select('dataset_id')
      .where('repository', '=', repository)
      .where('relative_path', '=', relativePath)
      .executeTakeFirst();
    return row?.dataset_id ?? null;
  };

  return {
    datasets,

    async datasetByKey(key: DatasetKey): Promise<DatasetRecord | null> {
      const row = await select()
        .where('d.session_id', '=', key.sessionId)
        .where('d.collection', '=', key.collection)
        .where('d.revision', '=', key.revision)
        .where('d.name', '=', key.name)
        .executeTakeFirst();
      return (row as DatasetRecord | undefined) ?? null;
    },

    async revisionsOf(key: Omit<DatasetKey, 'revision'>): Promise<RevisionState[]> {
      const rows = await db
        .selectFrom('datasets as d')
        .select(['d.revision', isProtected.as('protected')])
        .where('d.session_id', '=', key.sessionId)
        .where('d.collection', '=', key.collection)
        .where('d.name', '=', key.name)
        // Alyx lists revisions newest first by creation, the original ('') last.
        .orderBy(sql`d.revision = ''`)
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .execute();
      return rows;
    },

    tags: (): Promise<TagRecord[]> => db.selectFrom('tags').select(TAG_COLUMNS).orderBy('name').execute(),

    async insertDataset(input: DatasetInput, createdBy: string): Promise<number | null> {
      const row = await db
        .insertInto('datasets')
        .values({
          session_id: input.sessionId,
          collection: input.collection,
          revision: input.revision,
          name: input.name,
          dataset_type: input.datasetType,
          data_format: input.dataFormat,
          file_size: input.fileSize,
          hash: input.hash,
          version: input.version,
          is_default: input.isDefault,
          qc: input.qc,
          created_by: createdBy,
          updated_at: new Date(),
        })
        .onConflict((conflict) =>
          conflict.columns(['session_id', 'collection', 'revision', 'name']).doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async patchDataset(id: number, patch: DatasetPatch): Promise<void> {
      await db
        .updateTable('datasets')
        .set({
          ...(patch.fileSize === undefined ? {} : { file_size: patch.fileSize }),
          ...(patch.hash === undefined ? {} : { hash: patch.hash }),
          ...(patch.version === undefined ? {} : { version: patch.version }),
          ...(patch.qc === undefined ? {} : { qc: patch.qc }),
          ...(patch.isDefault === undefined ? {} : { is_default: patch.isDefault }),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
    },

    async clearDefaultExcept(id: number): Promise<void> {
      await sql`update datasets o set is_default = false, updated_at = now()
        from datasets d
        where d.id = ${id} and o.session_id = d.session_id and o.collection = d.collection
          and o.name = d.name and o.id <> d.id and o.is_default`.execute(db);
    },

    fileRecordHolder,

    async putFileRecord(
      record: { datasetId: number; repository: string; relativePath: string; exists: boolean },
      createdBy: string,
    ): Promise<'written' | 'conflict'> {
      const holder = await fileRecordHolder(record.repository, record.relativePath);
      if (holder !== null && holder !== record.datasetId) return 'conflict';
      await db
        .insertInto('file_records')
        .values({
          dataset_id: record.datasetId,
          repository: record.repository,
          relative_path: record.relativePath,
          exists: record.exists,
          created_by: createdBy,
        })
        .onConflict((conflict) =>
          conflict.columns(['dataset_id', 'repository']).doUpdateSet((eb) => ({
            relative_path: eb.ref('excluded.relative_path'),
            exists: eb.ref('excluded.exists'),
          })),
        )
        .execute();
      return 'written';
    },

    async resetFileRecords(datasetId: number): Promise<void> {
      await db
        .updateTable('file_records')
        .set({ exists: false })
        .where('dataset_id', '=', datasetId)
        .execute();
    },

    async markFileRecords(
      repository: string,
      datasetIds: readonly number[],
      exists: boolean,
    ): Promise<number[]> {
      if (datasetIds.length === 0) return [];
      const rows = await db
        .updateTable('file_records')
        .set({ exists })
        .where('repository', '=', repository)
        .where('dataset_id', 'in', [...datasetIds])
        .returning('dataset_id')
        .execute();
      return rows.map((row) => row.dataset_id);
    },

    upsertTag: (input: TagInput, createdBy: string): Promise<TagRecord> =>
      db
        .insertInto('tags')
        .values({ ...input, created_by: createdBy })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet((eb) => ({
            protected: eb.ref('excluded.protected'),
            description: eb.ref('excluded.description'),
          })),
        )
        .returning(TAG_COLUMNS)
        .executeTakeFirstOrThrow(),

    async tagDatasets(datasetIds: readonly number[], tags: readonly string[]): Promise<void> {
      if (datasetIds.length === 0 || tags.length === 0) return;
      await db
        .insertInto('dataset_tags')
        .values(datasetIds.flatMap((id) => [...new Set(tags)].map((tag) => ({ dataset_id: id, tag }))))
        .onConflict((conflict) => conflict.columns(['dataset_id', 'tag']).doNothing())
        .execute();
    },

    async unTagDatasets(datasetIds: readonly number[], tags: readonly string[]): Promise<void> {
      if (datasetIds.length === 0 || tags.length === 0) return;
      await db
        .deleteFrom('dataset_tags')
        .where('dataset_id', 'in', [...datasetIds])
        .where('tag', 'in', [...tags])
        .execute();
    },

    async deleteDatasets(datasetIds: readonly number[]): Promise<void> {
      if (datasetIds.length === 0) return;
      await db
        .deleteFrom('datasets')
        .where('id', 'in', [...datasetIds])
        .execute();
    },
  };
}
