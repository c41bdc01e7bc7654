/**
 * Manifests exported from a stored selection (slapp's segmentation manifest, made a pure function of
 * its inputs): one entry per selected session in selection order, each naming its input file, that
 * file's frame count and `nbinned = floor(frameCount / binSize)`. The bytes served are canonical
 * JSON, so the same content always gives the same bytes, the same SHA-256 and the same id.
 */
import { canonicalJson, sha256Hex } from './canonicalJson.ts';
import { type UserError, type UserErrorCode, userError } from './registryRules.ts';

export type ManifestFormat = 'JSONL' | 'SEGMENTATION_V1';

/** slapp's segmentation_manifest default. */
export const DEFAULT_BIN_SIZE = 115;

export interface ManifestEntry {
  sessionId: string;
  /** `<lab>/Subjects/<MID>/<YYYY-MM-DD>/<NNN>` when the registry holds the subject, else null. */
  alfPath: string | null;
  /** The registered dataset used as input (null: the session's task file). */
  datasetId: string | null;
  /** The dataset revision the last-before rule resolved (null without a dataset). */
  resolvedRevision: string | null;
  /** `s3://bucket/key` of the input file. */
  inputUri: string;
  frameCount: number;
  nbinned: number;
}

/** Per-entry failures an export reports (kept in the manifest under allowPartial). */
export type ManifestProblemCode = Extract<
  UserErrorCode,
  | 'MISSING_RECORDS'
  | 'INPUT_FILE_NOT_FOUND'
  | 'AMBIGUOUS_INPUT_FILE'
  | 'FRAME_COUNT_MISMATCH'
  | 'INPUT_FILE_UNREADABLE'
>;

export interface ManifestProblem {
  code: ManifestProblemCode;
  /** The session ids concerned (MISSING_RECORDS lists every one). */
  sessionIds: string[];
  message: string;
}

export const manifestProblem = (
  code: ManifestProblemCode,
  sessionIds: string[],
  message: string,
): ManifestProblem => ({ code, sessionIds, message });

/** One session's problem; the message starts with its id. */
export const sessionProblem = (code: ManifestProblemCode, sessionId: string, message: string) =>
  manifestProblem(code, [sessionId], `${sessionId}: ${message}`);

/** MISSING_RECORDS: selected sessions no source knows any more, every one listed. */
export const missingRecords = (sessionIds: string[]): ManifestProblem =>
  manifestProblem(
    'MISSING_RECORDS',
    sessionIds,
    `no source knows ${sessionIds.length} selected session(s) any more: ${sessionIds.join(', ')}`,
  );

/** F frames are stored as F − 1 `frameIntervals` (the task file's display flips). */
export const frameCountOfIntervals = (intervals: number): number => intervals + 1;

export const binCount = (frameCount: number, binSize: number): number => Math.floor(frameCount / binSize);

/** An input file as read: its URI, its frame count (frameIntervals + 1) and its own `lastFrame`. */
export interface FramedFile {
  uri: string;
  frameCount: number;
  /** The file's recorded last frame index (F − 1), null when it has none. */
  lastFrame: number | null;
}

/**
 * FRAME_COUNT_MISMATCH, slapp's check that the movie's frames equal the frame count recorded for
 * the experiment (h5 `data` vs LIMS `movie_number_of_frames`): the input's frames (frameIntervals + 1)
 * must equal every recorded count of the session that labgraph holds — the file's own `lastFrame` + 1,
 * and, when the input is a registered dataset, the frame count of the session's task file (the
 * rig's record of the session; `record` is null when the session has no single readable one).
 */
export function frameCountMismatch(
  sessionId: string,
  input: FramedFile,
  record: FramedFile | null,
): ManifestProblem | null {
  if (input.lastFrame !== null && input.lastFrame + 1 !== input.frameCount) {
    return sessionProblem(
      'FRAME_COUNT_MISMATCH',
      sessionId,
      `${input.uri} holds ${input.frameCount} frames (frameIntervals + 1) but its lastFrame says ${input.lastFrame + 1}`,
    );
  }
  if (record !== null && record.uri !== input.uri && record.frameCount !== input.frameCount) {
    return sessionProblem(
      'FRAME_COUNT_MISMATCH',
      sessionId,
      `${input.uri} holds ${input.frameCount} frames but the session's task file ${record.uri} holds ${record.frameCount}`,
    );
  }
  return null;
}

export function checkBinSize(binSize: number): UserError | null {
  return Number.isInteger(binSize) && binSize > 0
    ? null
    : userError(
        'BIN_SIZE_NOT_POSITIVE',
        'binSize',
        `binSize is ${binSize}; give a whole number of frames > 0`,
      );
}

/** A problem as the export's userErrors report it. */
export const problemAsUserError = (problem: ManifestProblem): UserError =>
  userError(problem.code, 'selectionId', problem.message);

/** The file extension GET /manifests/<id>.<ext> serves a format under. */
export const MANIFEST_EXTENSIONS: Record<ManifestFormat, 'jsonl' | 'json'> = {
  JSONL: 'jsonl',
  SEGMENTATION_V1: 'json',
};

export const MANIFEST_CONTENT_TYPES: Record<ManifestFormat, string> = {
  JSONL: 'application/x-ndjson; charset=utf-8',
  SEGMENTATION_V1: 'application/json; charset=utf-8',
};

/**
 * The served bytes' lines. JSONL: one canonical JSON object per entry. SEGMENTATION_V1: slapp's
 * `{"manifest": [{experiment_id, nbinned, input_video}]}` (no per-entry `log_level`), canonical.
 */
export function* manifestLines(format: ManifestFormat, entries: readonly ManifestEntry[]): Generator<string> {
  if (format === 'JSONL') {
    for (const entry of entries) yield `${canonicalJson({ ...entry })}\n`;
    return;
  }
  yield '{"manifest":[';
  for (const [index, entry] of entries.entries()) {
    const item = { experiment_id: entry.sessionId, input_video: entry.inputUri, nbinned: entry.nbinned };
    yield `${index > 0 ? ',' : ''}${canonicalJson(item)}`;
  }
  yield ']}\n';
}

export const manifestBody = (format: ManifestFormat, entries: readonly ManifestEntry[]): string =>
  [...manifestLines(format, entries)].join('');

export interface ManifestContent {
  selectionId: number;
  format: ManifestFormat;
  binSize: number;
  /** Canonical JSON of the dataset asked for, or null (the task file). */
  dataset: string | null;
  entries: readonly ManifestEntry[];
  problems: readonly ManifestProblem[];
}

/** `mf-` + the first 24 hex digits of the SHA-256 of the content's canonical JSON. */
export function manifestId(content: ManifestContent): string {
  const { selectionId, format, binSize, dataset, entries, problems } = content;
  const canonical = canonicalJson({
    selectionId,
    format,
    binSize,
    dataset,
    entries: entries.map((entry) => ({ ...entry })),
    problems: problems.map((problem) => ({ ...problem })),
  });
  return `mf-${sha256Hex(canonical).slice(0, 24)}`;
}
