/**
 * Rules of registered datasets that need no I/O: Alyx's QC scale, the checks on a file's size and
 * hash, where a file record lives (Alyx's `relative_path`), and the readable global id of a dataset,
 * `<session id>/<relative path>` (e.g. `676909_2023-12-13/alf/#2024-05-01#/_ibl_trials.table.pqt`).
 */
import { buildRelativePath, parseRelativePath } from './alf/index.ts';
import { type UserError, userError } from './registryRules.ts';

/** Alyx's QC values, in order (ONE's QC enum): NOT_SET 0 < PASS 10 < WARNING 30 < FAIL 40 < CRITICAL 50. */
export const QC_VALUES = { NOT_SET: 0, PASS: 10, WARNING: 30, FAIL: 40, CRITICAL: 50 } as const;
export type QcName = keyof typeof QC_VALUES;
export type Qc = (typeof QC_VALUES)[QcName];
export const QC_NAMES = Object.keys(QC_VALUES) as QcName[];

export const qcName = (value: number): QcName =>
  QC_NAMES.find((name) => QC_VALUES[name] === value) ?? 'NOT_SET';

/** A QC given as a name (any case) or Alyx's number, or INVALID_QC naming what is accepted. */
export function readQc(text: string, field: string): Qc | UserError {
  const trimmed = text.trim();
  const byName = QC_VALUES[trimmed.toUpperCase() as QcName];
  if (byName !== undefined) return byName;
  const byValue = Object.values(QC_VALUES).find((value) => String(value) === trimmed);
  if (byValue !== undefined) return byValue;
  return userError(
    'INVALID_QC',
    field,
    `QC '${trimmed.slice(0, 40)}' is not one of ${QC_NAMES.join(', ')} (or ${Object.values(QC_VALUES).join(', ')})`,
  );
}

/** Alyx stores a hash of at most 64 characters (an md5 or SHA-256 in hex). */
export const MAX_HASH_LENGTH = 64;

export function fileSizeProblem(bytes: number, field: string): UserError | null {
  return Number.isSafeInteger(bytes) && bytes >= 0
    ? null
    : userError('INVALID_VALUE', field, `fileSize must be a whole number of bytes ≥ 0 (got ${bytes})`);
}

export function hashProblem(hash: string | null, field: string): UserError | null {
  if (hash === null) return null;
  if (hash.trim() === '' || hash.length > MAX_HASH_LENGTH || /\s/.test(hash)) {
    return userError(
      'INVALID_VALUE',
      field,
      `a hash is 1–${MAX_HASH_LENGTH} characters without spaces (an md5 or SHA-256 in hex), or null`,
    );
  }
  return null;
}

export interface DatasetPlace {
  subjectMid: string;
  date: string;
  /** The session number, 1–999. */
  number: number;
  collection: string;
  revision: string;
  name: string;
}

/** The path inside the session folder: `[<collection>/][#<revision>#/]<name>`. */
export const pathInSession = (d: Pick<DatasetPlace, 'collection' | 'revision' | 'name'>): string =>
  buildRelativePath({ collection: d.collection, revision: d.revision, fileName: d.name });

/** Alyx's file-record path: `<MID>/<YYYY-MM-DD>/<NNN>/` + the path inside the session (no lab). */
export const fileRecordPath = (d: DatasetPlace): string =>
  `${d.subjectMid}/${d.date}/${String(d.number).padStart(3, '0')}/${pathInSession(d)}`;

/** A file record's URI: the repository's URL joined with the relative path; null without a URL. */
export function fileRecordUri(dataUrl: string | null, relativePath: string): string | null {
  if (!dataUrl) return null;
  return `${dataUrl.endsWith('/') ? dataUrl : `${dataUrl}/`}${relativePath}`;
}

/** The graph's session id of a registry session: `<MID>_<date>`, `_<idx>` (= number − 1) after the first. */
export function sessionIdOfNumber(subjectMid: string, date: string, number: number): string {
  const base = `${subjectMid}_${date}`;
  return number === 1 ? base : `${base}_${number - 1}`;
}

/** A dataset's global id: `<session id>/<path in session>`. */
export const datasetNodeId = (d: DatasetPlace): string =>
  `${sessionIdOfNumber(d.subjectMid, d.date, d.number)}/${pathInSession(d)}`;

export const DATASET_ID_SHAPE = /^\d{6,7}_\d{4}-\d{2}-\d{2}(?:_\d+)?\/.+$/;
const DATASET_ID_RE = /^(\d{6,7})_(\d{4}-\d{2}-\d{2})(?:_(\d+))?\/(.+)$/;

export const DATASET_ID_FORM =
  'a dataset id <MID>_<YYYY-MM-DD>[_<idx>]/[<collection>/][#<revision>#/]<file>, e.g. 676909_2023-12-13/alf/_ibl_trials.table.pqt';

/** The place a dataset id names, or null when it is not one. */
export function parseDatasetNodeId(id: string): DatasetPlace | null {
  const match = DATASET_ID_RE.exec(id);
  if (!match) return null;
  const path = parseRelativePath(match[4]!);
  if ('problem' in path) return null;
  const idx = match[3] === undefined ? 0 : Number(match[3]);
  if (!Number.isSafeInteger(idx) || idx > 998) return null;
  return {
    subjectMid: match[1]!,
    date: match[2]!,
    number: idx + 1,
    collection: path.value.collection,
    revision: path.value.revision,
    name: path.value.fileName,
  };
}
