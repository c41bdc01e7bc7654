/**
 * Which dataset type and data format a file is (ONE's get_dataset_type; Alyx resolving a format by
 * extension). A type's filename pattern is an fnmatch-style glob matched case-insensitively against
 * the file name (picomatch with brace and extglob syntax off, as fnmatch has neither); a blank
 * pattern matches when the type's name equals the file's `<object>.<attribute>` (the stem for a name
 * that is not ALF). Exactly one type must match; exactly one format must have the extension.
 */
import picomatch from 'picomatch';
import { extensionOf, objectAttributeOf } from './fileName.ts';
import { type AlfOutcome, alfProblem, quoted } from './problems.ts';

export interface DatasetTypeRule {
  name: string;
  /** A glob such as `*.hdf5`; null or blank: match on `<object>.<attribute>`. */
  filenamePattern: string | null;
}

export interface DataFormatRule {
  name: string;
  /** `.npy`: a dot, then no other dot. */
  fileExtension: string;
}

// posix: `[!x]` negates a class, as in fnmatch (picomatch otherwise reads it as an extglob).
const GLOB_OPTIONS = { nocase: true, dot: true, nobrace: true, noextglob: true, posix: true } as const;

export const isBlankPattern = (pattern: string | null): boolean => pattern === null || pattern.trim() === '';

/** Why a pattern cannot be used as a glob, or null when it can. */
export function filenamePatternProblem(pattern: string): string | null {
  if (pattern.includes('/')) return 'a filename pattern matches a file name, so it cannot contain /';
  try {
    picomatch.makeRe(pattern, GLOB_OPTIONS);
    return null;
  } catch (error) {
    return `it is not a glob pattern (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** A data format's extension is `.<something without dots>` (Alyx's `^\.[^.]+$`). */
export const FILE_EXTENSION_RE = /^\.[^./\\\s]+$/;

/** A classifier for one list of types: compile the patterns once, then match many files. */
export function datasetTypeMatcher<T extends DatasetTypeRule>(types: readonly T[]) {
  const tests = types.map((type) => {
    if (isBlankPattern(type.filenamePattern)) {
      return (fileName: string) => objectAttributeOf(fileName) === type.name;
    }
    return picomatch(type.filenamePattern!, GLOB_OPTIONS);
  });
  return (fileName: string): AlfOutcome<T> => {
    const matching = types.filter((_, i) => tests[i]!(fileName));
    if (matching.length === 1) return { value: matching[0]! };
    if (matching.length === 0) {
      return alfProblem(
        'NO_DATASET_TYPE',
        `no dataset type matches ${quoted(fileName)} (by filename pattern, or by <object>.<attribute> for types without one)`,
      );
    }
    const names = matching.map((type) => type.name);
    return alfProblem(
      'AMBIGUOUS_DATASET_TYPE',
      `${quoted(fileName)} matches ${names.length} dataset types: ${names.join(', ')} (exactly one must match)`,
      names,
    );
  };
}

/** The one dataset type `fileName` (a name, not a path) belongs to. */
export function matchDatasetType<T extends DatasetTypeRule>(
  fileName: string,
  types: readonly T[],
): AlfOutcome<T> {
  return datasetTypeMatcher(types)(fileName);
}

/** The one data format whose extension (case-insensitive) ends `fileName`. */
export function dataFormatFor<T extends DataFormatRule>(
  fileName: string,
  formats: readonly T[],
): AlfOutcome<T> {
  const extension = extensionOf(fileName).toLowerCase();
  const known = () => formats.map((f) => f.fileExtension).join(', ');
  if (extension === '')
    return alfProblem('UNKNOWN_EXTENSION', `${quoted(fileName)} has no extension; known: ${known()}`);
  const matching = formats.filter((f) => f.fileExtension.toLowerCase() === `.${extension}`);
  if (matching.length === 1) return { value: matching[0]! };
  if (matching.length === 0)
    return alfProblem(
      'UNKNOWN_EXTENSION',
      `no data format has the extension .${extension}; known: ${known()}`,
    );
  const names = matching.map((f) => f.name);
  return alfProblem(
    'AMBIGUOUS_DATA_FORMAT',
    `the extension .${extension} belongs to ${names.length} data formats: ${names.join(', ')}`,
    names,
  );
}
