/**
 * Which of a session's datasets a read returns (ONE's list_datasets): exact collection, a file-name
 * glob (fnmatch-style, case-insensitive, as ONE's wildcards and dataset-type patterns), dataset type,
 * QC at most a level, only default revisions, only datasets present in a repository. With a revision
 * R, each file (collection, name) keeps only its last revision ≤ R (ONE's "last before" rule),
 * chosen among the datasets the other conditions keep.
 */
import picomatch from 'picomatch';
import { BadUserInputError } from '../errors.ts';
import { lastRevisionAtOrBefore } from './alf/index.ts';

export interface DatasetFilterInput {
  collection?: string | null;
  revision?: string | null;
  /** A glob on the file name: `*` any text, `?` one character, `[abc]` a class. */
  name?: string | null;
  datasetType?: string | null;
  /** Alyx's QC number: keep datasets whose QC is at most this. */
  qcAtMost?: number | null;
  defaultOnly?: boolean | null;
  /** Keep datasets with a file record that exists in this repository. */
  existsIn?: string | null;
}

export interface FilterableDataset {
  collection: string;
  revision: string;
  name: string;
  datasetType: string;
  qc: number;
  isDefault: boolean;
  fileRecords: readonly { repository: string; exists: boolean }[];
}

const MAX_GLOB_LENGTH = 256;

/** A case-insensitive fnmatch-style glob on file names (no braces or extglobs, as fnmatch). */
export function fileNameGlob(pattern: string): (name: string) => boolean {
  if (pattern.length > MAX_GLOB_LENGTH || pattern.includes('/')) {
    throw new BadUserInputError(`name ${JSON.stringify(pattern.slice(0, 40))} is not a file-name glob`, [
      `a glob of at most ${MAX_GLOB_LENGTH} characters on the file name (no /): * any text, ? one character, [abc] a class, e.g. *trials*`,
    ]);
  }
  return picomatch(pattern, { nocase: true, dot: true, nobrace: true, noextglob: true, posix: true });
}

export function filterDatasets<T extends FilterableDataset>(
  datasets: readonly T[],
  filter: DatasetFilterInput | null | undefined,
): T[] {
  if (!filter) return [...datasets];
  const nameMatches = filter.name == null ? null : fileNameGlob(filter.name);
  const kept = datasets.filter(
    (d) =>
      (filter.collection == null || d.collection === filter.collection) &&
      (nameMatches === null || nameMatches(d.name)) &&
      (filter.datasetType == null || d.datasetType === filter.datasetType) &&
      (filter.qcAtMost == null || d.qc <= filter.qcAtMost) &&
      (!filter.defaultOnly || d.isDefault) &&
      (filter.existsIn == null || d.fileRecords.some((r) => r.repository === filter.existsIn && r.exists)),
  );
  const wanted = filter.revision;
  if (wanted == null) return kept;
  const revisionsOfFile = new Map<string, string[]>();
  const fileOf = (d: T) => `${d.collection}\u0000${d.name}`;
  for (const d of kept)
    revisionsOfFile.set(fileOf(d), [...(revisionsOfFile.get(fileOf(d)) ?? []), d.revision]);
  return kept.filter(
    (d) => lastRevisionAtOrBefore(revisionsOfFile.get(fileOf(d)) ?? [], wanted) === d.revision,
  );
}

/** ONE's list_collections / list_revisions: the distinct values, sorted ('' = none, first). */
export const distinctSorted = (values: Iterable<string>): string[] =>
  [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
