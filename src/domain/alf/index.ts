/**
 * ALF: the names ONE and Alyx give sessions, datasets and revisions, and the rules that pick a
 * dataset's type, format and revision. Pure (no I/O). '' means "none" for lab, collection, revision,
 * namespace and timescale. Parsers return `{ value }` or `{ problem: { code, message, candidates? } }`
 * whose code is a registry userError code; builders throw AlfNameError (a bug, not user input).
 *
 *   parseSessionPath('x/Subjects/676909/2023-12-13/001') → { root:'', lab:'x', subject, date, number: 1 }
 *   parseExperimentRef('2018-07-13_1_flowers')           → { lab:'', subject:'flowers', date, number: 1 }
 *   buildSessionPath({ lab, subject, date, number })     → 'lab/Subjects/676909/2023-12-13/001'
 *   parseRelativePath('alf/probe01/#2024-01-01#/spikes.times.npy')
 *                                                        → { collection:'alf/probe01', revision:'2024-01-01', fileName }
 *   buildRelativePath({ collection, revision, fileName }) → 'alf/#rev#/file.npy'
 *   parseFolderParts('lab/Subjects/s/2020-01-01/001/coll/#rev#') → session parts + collection + revision
 *   parseFileName('_ibl_wheel.timestamps_bpod.raw.v12.npy') → { namespace, object, attribute, timescale, extras, extension } | null
 *   toAlf(object, attribute, extension, { namespace, timescale, extras }) → file name
 *   compareRevisions(a, b), lastRevisionAtOrBefore(revisions, R) → ONE's "last before" revision
 *   nextRevision(rev, reserved, alpha = 'a')              → rev + first free letter, REVISION_EXHAUSTED past z/Z
 *   autoRevision({ requested, history (newest first), today }) → { revision, rule, moved } (§ table in autoRevision.ts)
 *   matchDatasetType(fileName, types) / datasetTypeMatcher(types)(fileName) → the one type
 *                                                          (NO_DATASET_TYPE, AMBIGUOUS_DATASET_TYPE + candidates)
 *   dataFormatFor(fileName, formats)                     → the one format (UNKNOWN_EXTENSION, AMBIGUOUS_DATA_FORMAT)
 *   filenamePatternProblem(pattern), FILE_EXTENSION_RE   → checks for the reference-data upserts
 */
export {
  type AutoRevision,
  type AutoRevisionInput,
  type AutoRevisionRule,
  autoRevision,
  type RevisionState,
} from './autoRevision.ts';
export {
  type DataFormatRule,
  type DatasetTypeRule,
  dataFormatFor,
  datasetTypeMatcher,
  FILE_EXTENSION_RE,
  filenamePatternProblem,
  isBlankPattern,
  matchDatasetType,
} from './datasetTypes.ts';
export {
  type AlfFileName,
  extensionOf,
  objectAttributeOf,
  parseFileName,
  type ToAlfOptions,
  toAlf,
} from './fileName.ts';
export {
  AlfNameError,
  type AlfOutcome,
  type AlfProblem,
  type AlfProblemCode,
  alfProblem,
  unwrapAlf,
} from './problems.ts';
export {
  ACCEPTED_RELATIVE_PATH,
  type AlfDatasetPath,
  type AlfRelativePath,
  buildRelativePath,
  parseFolderParts,
  parseRelativePath,
} from './relativePath.ts';
export { compareRevisions, lastRevisionAtOrBefore, nextRevision } from './revisions.ts';
export {
  ACCEPTED_SESSION_PATH,
  type AlfSessionPath,
  buildSessionPath,
  isIsoDate,
  type LocatedSessionPath,
  parseExperimentRef,
  parseSessionPath,
} from './sessionPath.ts';
