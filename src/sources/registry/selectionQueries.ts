/**
 * Stored selections and manifests. Selections are written once (a row and one row per query) and only
 * their comment changes afterwards; triggers in the migrations refuse anything else. A manifest's id is
 * its content hash, so inserting the same content twice keeps the first row.
 */
import { type Kysely, sql } from 'kysely';
import type { RegistryTables } from './tables.ts';
import type {
  ManifestInput,
  ManifestRecord,
  SelectionInput,
  SelectionListFilter,
  SelectionQueryRecord,
  SelectionRecord,
} from './types.ts';

type Db = Kysely<RegistryTables>;

const SELECTION_COLUMNS = [
  'id',
  'created_at as createdAt',
  'created_by as createdBy',
  'gateway_version as gatewayVersion',
  'algorithm',
  'seed',
  'unit',
  'dedupe',
  'comment',
  'selected_ids as selectedIds',
] as const;

/** The queries of the selection in scope, in their order, as a JSON array. */
const QUERIES = sql<SelectionQueryRecord[]>`coalesce((select jsonb_agg(jsonb_build_object(
    'label', q.label, 'filter', q.filter, 'filterSha256', q.filter_sha256, 'count', q.count,
    'candidateIds', q.candidate_ids, 'selectedIds', q.selected_ids) order by q.position)
  from selection_queries q where q.selection_id = selections.id), '[]'::jsonb)`;

const MANIFEST_COLUMNS = [
  'id',
  'sha256',
  'selection_id as selectionId',
  'format',
  'bin_size as binSize',
  'dataset',
  'entries',
  'problems',
  'created_at as createdAt',
  'created_by as createdBy',
  'gateway_version as gatewayVersion',
] as const;

export function selectionQueries(db: Db) {
  const selectionsQuery = () =>
    db.selectFrom('selections').select(SELECTION_COLUMNS).select(QUERIES.as('queries'));
  const read = async (rows: Promise<Omit<SelectionRecord, 'selectedIds'>[]>) =>
    (await rows) as SelectionRecord[];

  const selections = (ids: readonly number[]): Promise<SelectionRecord[]> =>
    ids.length === 0
      ? Promise.resolve([])
      : read(
          selectionsQuery()
            .where('id', 'in', [...ids])
            .orderBy('id')
            .execute(),
        );

  return {
    selections,

    listSelections(filter: SelectionListFilter): Promise<SelectionRecord[]> {
      let query = selectionsQuery();
      if (filter.createdBy) query = query.where('created_by', '=', filter.createdBy);
      if (filter.from) query = query.where('created_at', '>=', filter.from);
      if (filter.to) query = query.where('created_at', '<=', filter.to);
      if (filter.label) {
        const label = filter.label;
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('selection_queries as q')
              .select('q.position')
              .whereRef('q.selection_id', '=', 'selections.id')
              .where('q.label', '=', label),
          ),
        );
      }
      return read(query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute());
    },

    async insertSelection(input: SelectionInput, createdBy: string): Promise<SelectionRecord> {
      const { id } = await db
        .insertInto('selections')
        .values({
          created_by: createdBy,
          gateway_version: input.gatewayVersion,
          algorithm: input.algorithm,
          seed: input.seed,
          unit: input.unit,
          dedupe: input.dedupe,
          comment: input.comment,
          selected_ids: JSON.stringify(input.selectedIds),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.queries.length > 0) {
        await db
          .insertInto('selection_queries')
          .values(
            input.queries.map((query, position) => ({
              selection_id: id,
              position,
              label: query.label,
              filter: query.filter,
              filter_sha256: query.filterSha256,
              count: query.count,
              candidate_ids: JSON.stringify(query.candidateIds),
              selected_ids: JSON.stringify(query.selectedIds),
            })),
          )
          .execute();
      }
      const [stored] = await selections([id]);
      if (!stored) throw new Error(`selection ${id} vanished inside its own transaction`);
      return stored;
    },

    async updateSelectionComment(id: number, comment: string): Promise<SelectionRecord | null> {
      const updated = await db
        .updateTable('selections')
        .set({ comment })
        .where('id', '=', id)
        .returning('id')
        .executeTakeFirst();
      return updated ? ((await selections([id]))[0] ?? null) : null;
    },

    async manifest(id: string): Promise<ManifestRecord | null> {
      const row = await db
        .selectFrom('manifests')
        .select(MANIFEST_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ?? null;
    },

    async insertManifest(input: ManifestInput, createdBy: string): Promise<ManifestRecord> {
      await db
        .insertInto('manifests')
        .values({
          id: input.id,
          sha256: input.sha256,
          selection_id: input.selectionId,
          format: input.format,
          bin_size: input.binSize,
          dataset: input.dataset,
          entries: input.entries,
          problems: input.problems,
          created_by: createdBy,
          gateway_version: input.gatewayVersion,
        })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute();
      return db
        .selectFrom('manifests')
        .select(MANIFEST_COLUMNS)
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
    },
  };
}
