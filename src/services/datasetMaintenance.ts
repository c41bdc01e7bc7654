/**
 * What happens to registered datasets after registration: their bytes arrive (markDatasetsExist, for
 * clients that register with `exists: false` and upload after), tags come and go (a protected tag
 * protects), and datasets are patched or deleted. As Alyx's ProtectedError: a protected dataset is
 * never patched or deleted, and its protected tags never removed, unless an admin passes `force`
 * (the resolver checks the admin scope before calling).
 */
import { fileRecordPath, type Qc, readQc } from '../domain/datasetRules.ts';
import {
  referenceNameProblem,
  type UserError,
  unknownNamesProblem,
  userError,
} from '../domain/registryRules.ts';
import type { Caller } from '../sources/identity/index.ts';
import type { DatasetRecord, RegistryWriter } from '../sources/registry/index.ts';
import { datasetsByNodeId } from './datasets.ts';
import { type MutationOutcome, problems, type RegistryServiceDeps, runMutation } from './registryWrites.ts';

/** The result every dataset mutation stores: the datasets' row ids, in input order. */
export type DatasetIds = { datasetIds: number[] };

interface DatasetsInput {
  datasets: string[];
  idempotencyKey?: string | null;
}

export const MAX_DATASETS_PER_CALL = 1000;

function listProblem(ids: readonly string[]): UserError | null {
  return ids.length === 0 || ids.length > MAX_DATASETS_PER_CALL
    ? userError(
        'INVALID_VALUE',
        'datasets',
        `give 1–${MAX_DATASETS_PER_CALL} dataset ids (got ${ids.length})`,
      )
    : null;
}

/** The datasets these ids name, in order without repeats, or DATASET_NOT_FOUND listing every unknown id. */
async function namedDatasets(
  tx: RegistryWriter,
  ids: readonly string[],
): Promise<DatasetRecord[] | UserError> {
  const unique = [...new Set(ids)];
  const rows = await datasetsByNodeId(async () => tx, unique);
  const unknown = unique.filter((_, i) => rows[i] === null);
  if (unknown.length > 0) {
    return userError(
      'DATASET_NOT_FOUND',
      'datasets',
      `no registered dataset has the id ${unknown.map((id) => `'${id.slice(0, 200)}'`).join(', ')}`,
    );
  }
  return rows as DatasetRecord[];
}

function protectedProblem(rows: readonly DatasetRecord[], force: boolean, what: string): UserError | null {
  const locked = force ? [] : rows.filter((row) => row.protected);
  if (locked.length === 0) return null;
  return userError(
    'PROTECTED',
    'datasets',
    `${locked.length} dataset(s) are protected and cannot be ${what}: ${locked.map((r) => fileRecordPath({ ...r.session, ...r })).join(', ')} (an admin may pass force: true)`,
  );
}

/** Runs a dataset mutation: check the list, find the datasets, then `act` on them inside the write. */
function onDatasets<I extends DatasetsInput>(
  deps: RegistryServiceDeps,
  caller: Caller,
  operation: string,
  input: I,
  act: (tx: RegistryWriter, rows: DatasetRecord[]) => Promise<UserError[]>,
): Promise<MutationOutcome<DatasetIds>> {
  const early = listProblem(input.datasets);
  if (early) return Promise.resolve({ userErrors: [early] });
  return runMutation<I, DatasetIds>(deps, { operation, caller, input }, async (tx) => {
    const rows = await namedDatasets(tx, input.datasets);
    if (!Array.isArray(rows)) return { rollback: [rows] };
    const refused = await act(tx, rows);
    return refused.length > 0 ? { rollback: refused } : { commit: { datasetIds: rows.map((row) => row.id) } };
  });
}

export interface MarkExistInput extends DatasetsInput {
  repository: string;
  exists?: boolean | null;
}

/** Sets `exists` on the datasets' file records in a repository, creating a record where none is. */
export function markDatasetsExist(deps: RegistryServiceDeps, caller: Caller, input: MarkExistInput) {
  return onDatasets(deps, caller, 'markDatasetsExist', input, async (tx, rows) => {
    if ((await tx.missing('data_repositories', [input.repository])).length > 0) {
      return [
        userError(
          'REPOSITORY_NOT_FOUND',
          'repository',
          `the registry holds no data repository '${input.repository.slice(0, 100)}'`,
        ),
      ];
    }
    for (const row of rows) {
      const relativePath = fileRecordPath({ ...row.session, ...row });
      const put = await tx.putFileRecord(
        { datasetId: row.id, repository: input.repository, relativePath, exists: input.exists ?? true },
        caller.user,
      );
      if (put === 'conflict') {
        return [
          userError(
            'FILE_RECORD_CONFLICT',
            'datasets',
            `another dataset has a file record at '${relativePath}' in '${input.repository}'`,
          ),
        ];
      }
    }
    return [];
  });
}

export interface TagDatasetsInput extends DatasetsInput {
  tags: string[];
  force?: boolean | null;
}

async function unknownTags(tx: RegistryWriter, tags: readonly string[]): Promise<UserError[]> {
  return problems(
    tags.length === 0 ? userError('INVALID_VALUE', 'tags', 'give at least one tag') : null,
    unknownNamesProblem('TAG_NOT_FOUND', 'tags', 'tags', await tx.missing('tags', tags)),
  );
}

export function tagDatasets(deps: RegistryServiceDeps, caller: Caller, input: TagDatasetsInput) {
  return onDatasets(deps, caller, 'tagDatasets', input, async (tx, rows) => {
    const refused = await unknownTags(tx, input.tags);
    if (refused.length === 0)
      await tx.tagDatasets(
        rows.map((row) => row.id),
        input.tags,
      );
    return refused;
  });
}

/** Removing a protected tag unprotects: refused on a protected dataset unless forced. */
export function untagDatasets(deps: RegistryServiceDeps, caller: Caller, input: TagDatasetsInput) {
  return onDatasets(deps, caller, 'untagDatasets', input, async (tx, rows) => {
    const refused = await unknownTags(tx, input.tags);
    if (refused.length > 0) return refused;
    const removed = new Set(input.tags);
    const losing = rows.filter((row) => row.tags.some((tag) => tag.protected && removed.has(tag.name)));
    const locked = protectedProblem(losing, input.force ?? false, 'untagged from a protected tag');
    if (locked) return [locked];
    await tx.unTagDatasets(
      rows.map((row) => row.id),
      input.tags,
    );
    return [];
  });
}

export interface DeleteDatasetsInput extends DatasetsInput {
  force?: boolean | null;
}

export function deleteDatasets(deps: RegistryServiceDeps, caller: Caller, input: DeleteDatasetsInput) {
  return onDatasets(deps, caller, 'deleteDatasets', input, async (tx, rows) => {
    const locked = protectedProblem(rows, input.force ?? false, 'deleted');
    if (locked) return [locked];
    await tx.deleteDatasets(rows.map((row) => row.id));
    return [];
  });
}

export interface UpdateDatasetsInput extends DatasetsInput {
  qc?: string | null;
  version?: string | null;
  default?: boolean | null;
  force?: boolean | null;
}

/** Patches QC, version or the default flag (`default: true` clears it on the file's other revisions). */
export function updateDatasets(deps: RegistryServiceDeps, caller: Caller, input: UpdateDatasetsInput) {
  const qc = input.qc == null ? null : readQc(input.qc, 'qc');
  if (qc !== null && typeof qc === 'object') return Promise.resolve({ userErrors: [qc] });
  return onDatasets(deps, caller, 'updateDatasets', input, async (tx, rows) => {
    const locked = protectedProblem(rows, input.force ?? false, 'patched');
    if (locked) return [locked];
    for (const row of rows) {
      if (input.default === true) await tx.clearDefaultExcept(row.id);
      await tx.patchDataset(row.id, {
        ...(qc === null ? {} : { qc: qc as Qc }),
        ...(input.version === undefined ? {} : { version: input.version }),
        ...(input.default == null ? {} : { isDefault: input.default }),
      });
    }
    return [];
  });
}

export interface UpsertTagInput {
  name: string;
  protected?: boolean | null;
  description?: string | null;
  idempotencyKey?: string | null;
}

export async function upsertTag(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: UpsertTagInput,
): Promise<MutationOutcome<{ name: string }>> {
  const early = referenceNameProblem(input.name, 'name');
  if (early) return { userErrors: [early] };
  return runMutation<UpsertTagInput, { name: string }>(
    deps,
    { operation: 'upsertTag', caller, input },
    async (tx) => {
      const tag = await tx.upsertTag(
        {
          name: input.name.trim(),
          protected: input.protected ?? false,
          description: input.description ?? null,
        },
        caller.user,
      );
      return { commit: { name: tag.name } };
    },
  );
}
