/**
 * Dataset types and data formats: the admin upserts, the reads, and the classification of a file
 * (which type and format a relative path is) that dataset registration calls. The ALF rules are
 * src/domain/alf/; this module brings the registry's reference data to them.
 */
import {
  type AlfOutcome,
  type AlfRelativePath,
  dataFormatFor,
  datasetTypeMatcher,
  FILE_EXTENSION_RE,
  filenamePatternProblem,
  isBlankPattern,
  parseRelativePath,
} from '../domain/alf/index.ts';
import { referenceNameProblem, type UserError, userError } from '../domain/registryRules.ts';
import type { Caller } from '../sources/identity/index.ts';
import type {
  DataFormatRecord,
  DatasetTypeRecord,
  RegistryReader,
  RegistrySource,
} from '../sources/registry/index.ts';
import { type MutationOutcome, problems, type RegistryServiceDeps, runMutation } from './registryWrites.ts';

export interface UpsertDatasetTypeInput {
  name: string;
  filenamePattern?: string | null;
  description?: string | null;
  idempotencyKey?: string | null;
}

export interface UpsertDataFormatInput {
  name: string;
  fileExtension: string;
  description?: string | null;
  idempotencyKey?: string | null;
}

const sameText = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();

/** Creates or updates a dataset type by name; its pattern must be a glob no other type has. */
export async function upsertDatasetType(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: UpsertDatasetTypeInput,
): Promise<MutationOutcome<{ name: string }>> {
  const pattern = isBlankPattern(input.filenamePattern ?? null) ? null : input.filenamePattern!.trim();
  const patternProblem = pattern === null ? null : filenamePatternProblem(pattern);
  const early = problems(
    referenceNameProblem(input.name, 'name'),
    patternProblem === null
      ? null
      : userError(
          'INVALID_VALUE',
          'filenamePattern',
          `${patternProblem}; accepted: a glob such as *.hdf5 or _ibl_trials.*`,
        ),
  );
  if (early.length > 0) return { userErrors: early };
  const normalized = { ...input, filenamePattern: pattern, description: input.description ?? null };
  return runMutation<typeof normalized, { name: string }>(
    deps,
    { operation: 'upsertDatasetType', caller, input: normalized },
    async (tx) => {
      // A read for the message; the unique index decides (a concurrent writer's row makes the insert
      // fail, the unit of work reruns, and this read then sees it).
      const holder =
        pattern === null
          ? undefined
          : (await tx.datasetTypes()).find(
              (t) => t.name !== input.name && sameText(t.filenamePattern, pattern),
            );
      if (holder) {
        return {
          rollback: [
            userError(
              'FILENAME_PATTERN_TAKEN',
              'filenamePattern',
              `dataset type '${holder.name}' already has the filename pattern '${holder.filenamePattern}'`,
            ),
          ],
        };
      }
      const row = await tx.upsertDatasetType(
        { name: input.name, filenamePattern: pattern, description: normalized.description },
        caller.user,
      );
      return { commit: { name: row.name } };
    },
  );
}

/** Creates or updates a data format by name; its extension must be `.<no dots>` and no other format's. */
export async function upsertDataFormat(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: UpsertDataFormatInput,
): Promise<MutationOutcome<{ name: string }>> {
  const extension = input.fileExtension.trim();
  const early: UserError[] = problems(
    referenceNameProblem(input.name, 'name'),
    FILE_EXTENSION_RE.test(extension)
      ? null
      : userError(
          'INVALID_VALUE',
          'fileExtension',
          `'${extension.slice(0, 32)}' is not a file extension; accepted: a dot then no other dot, space or slash, e.g. .npy`,
        ),
  );
  if (early.length > 0) return { userErrors: early };
  const normalized = { ...input, fileExtension: extension, description: input.description ?? null };
  return runMutation<typeof normalized, { name: string }>(
    deps,
    { operation: 'upsertDataFormat', caller, input: normalized },
    async (tx) => {
      const holder = (await tx.dataFormats()).find(
        (f) => f.name !== input.name && sameText(f.fileExtension, extension),
      );
      if (holder) {
        return {
          rollback: [
            userError(
              'FILE_EXTENSION_TAKEN',
              'fileExtension',
              `data format '${holder.name}' already has the extension '${holder.fileExtension}'`,
            ),
          ],
        };
      }
      const row = await tx.upsertDataFormat(
        { name: input.name, fileExtension: extension, description: normalized.description },
        caller.user,
      );
      return { commit: { name: row.name } };
    },
  );
}

type Registry = () => Promise<RegistrySource>;

/** Every dataset type, by name. */
export const allDatasetTypes = async (registry: Registry) => (await registry()).datasetTypes();
/** Every data format, by name. */
export const allDataFormats = async (registry: Registry) => (await registry()).dataFormats();

/** Batch read for the loaders: dataset types by name, in key order (null when unknown). */
export async function datasetTypesByName(registry: Registry, names: readonly string[]) {
  const rows = await (await registry()).datasetTypes(names);
  return names.map((name) => rows.find((row) => row.name === name) ?? null);
}

/** Batch read for the loaders: data formats by name, in key order (null when unknown). */
export async function dataFormatsByName(registry: Registry, names: readonly string[]) {
  const rows = await (await registry()).dataFormats(names);
  return names.map((name) => rows.find((row) => row.name === name) ?? null);
}

/** What a registered file is: where it sits below the session, its dataset type and its format. */
export interface DatasetFileClass {
  path: AlfRelativePath;
  datasetType: DatasetTypeRecord;
  dataFormat: DataFormatRecord;
}

/**
 * Loads the types and formats once (inside a write's transaction when given its writer) and returns
 * a classifier for many files: INVALID_ALF_PATH, then UNKNOWN_EXTENSION / AMBIGUOUS_DATA_FORMAT, then
 * NO_DATASET_TYPE / AMBIGUOUS_DATASET_TYPE (with the candidates) — the first problem of a file.
 */
export async function datasetFileClassifier(
  registry: RegistryReader,
): Promise<(relativePath: string) => AlfOutcome<DatasetFileClass>> {
  const [types, formats] = await Promise.all([registry.datasetTypes(), registry.dataFormats()]);
  const typeOf = datasetTypeMatcher(types);
  return (relativePath) => {
    const path = parseRelativePath(relativePath);
    if ('problem' in path) return path;
    const format = dataFormatFor(path.value.fileName, formats);
    if ('problem' in format) return format;
    const type = typeOf(path.value.fileName);
    if ('problem' in type) return type;
    return { value: { path: path.value, datasetType: type.value, dataFormat: format.value } };
  };
}

/** One file's classification (for many files, build one datasetFileClassifier instead). */
export async function classifyDatasetFile(
  registry: RegistryReader,
  relativePath: string,
): Promise<AlfOutcome<DatasetFileClass>> {
  return (await datasetFileClassifier(registry))(relativePath);
}
