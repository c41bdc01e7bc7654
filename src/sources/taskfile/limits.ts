/**
 * What a real task file can hold, so that a hostile or broken file is refused from its dataset
 * metadata (shape, element size, chunk shape) before a byte is decompressed: a 2.4 MB file whose
 * gzip-compressed `frameIntervals` declares 200 M float64s must cost nothing to refuse.
 *
 * Derivation, from the task's own file format (DynamicRouting1's `frameIntervals` and trial arrays):
 * - The task draws one frame per event-loop iteration at 60 Hz (frame intervals ≈ 1/60 s; 217,261
 *   frames ↔ 3,647 s) and a session lasts about an hour (stage 5: six blocks of 36,000 frames).
 *   We accept sessions of up to MAX_SESSION_HOURS = 4, four times the usual length:
 *   4 h × 3,600 s × 60 Hz = 864,000 frames. Per-frame arrays (`frameIntervals`) and event-frame
 *   arrays (licks, rewards, quiescent violations: at most one event per frame) hold at most that.
 * - A trial lasts at least its quiescent period plus its response window (90 + 60 frames = 2.5 s);
 *   allowing one trial per second gives 4 × 3,600 = 14,400 trials (real sessions: ~550 per hour).
 *   Per-trial and per-block arrays may be 2-D ((N, 2) sound frequencies, galvo pairs…): up to
 *   VALUES_PER_TRIAL values per trial.
 * - Scalars and parameters (`responseWindow`, `startTime`, `rigName`…) hold a handful of values.
 * Bytes: numbers take 8 bytes each (i8/f8); strings up to 64 bytes per value in per-trial arrays
 * (`vis1+sound1`, `laser_488`) and 1 KiB in parameters. A chunk is never larger than its dataset's
 * byte cap, because decompressing a chunk allocates all of it, whatever the dataset's shape.
 * The file itself: the datasets read take at most ~20 MB at these caps, and the task saves a few more
 * per-frame arrays we do not read; 256 MiB is several times what such a file can legitimately hold,
 * and it is checked against the listing's size before the object is downloaded.
 */

export const FRAME_RATE_HZ = 60;
export const MAX_SESSION_HOURS = 4;
export const MAX_FRAMES = MAX_SESSION_HOURS * 3_600 * FRAME_RATE_HZ;
export const MAX_TRIALS = MAX_SESSION_HOURS * 3_600;
const VALUES_PER_TRIAL = 8;
export const MAX_TASK_FILE_BYTES = 256 * 1024 ** 2;
const MAX_PARAMETER_VALUES = 16;

/** The most a dataset may hold: values (the product of its shape) and bytes (values × element size). */
export interface DatasetLimit {
  /** What the limit is derived from, for the error message. */
  reason: string;
  maxValues: number;
  maxBytes: number;
}

export const PER_FRAME_LIMIT: DatasetLimit = {
  reason: `${MAX_SESSION_HOURS} h at ${FRAME_RATE_HZ} Hz`,
  maxValues: MAX_FRAMES,
  maxBytes: MAX_FRAMES * 8,
};

export const PER_TRIAL_LIMIT: DatasetLimit = {
  reason: `${MAX_TRIALS} trials of up to ${VALUES_PER_TRIAL} values`,
  maxValues: MAX_TRIALS * VALUES_PER_TRIAL,
  maxBytes: MAX_TRIALS * VALUES_PER_TRIAL * 64,
};

export const PARAMETER_LIMIT: DatasetLimit = {
  reason: 'a task parameter',
  maxValues: MAX_PARAMETER_VALUES,
  maxBytes: MAX_PARAMETER_VALUES * 1024,
};

/**
 * Whether a dataset of `shape` and `elementBytes` per value, stored in chunks of `chunks` (null when
 * contiguous), fits `limit`; otherwise the reason it does not, for an InvalidDataError.
 */
export function exceedsLimit(
  shape: readonly number[],
  elementBytes: number,
  chunks: readonly number[] | null,
  limit: DatasetLimit,
): string | null {
  const values = product(shape);
  const shapeText = `shape (${shape.join(', ')})`;
  if (values > limit.maxValues) {
    return `has ${shapeText}: ${values} values, more than the ${limit.maxValues} a task file holds (${limit.reason})`;
  }
  if (values * elementBytes > limit.maxBytes) {
    return `has ${shapeText} of ${elementBytes}-byte values: more than the ${limit.maxBytes} bytes a task file holds (${limit.reason})`;
  }
  const chunkBytes = chunks ? product(chunks) * elementBytes : 0;
  if (chunkBytes > Math.max(limit.maxBytes, elementBytes)) {
    return `is stored in chunks of (${chunks?.join(', ')}) values, ${chunkBytes} bytes each: more than the ${limit.maxBytes} bytes a task file holds (${limit.reason})`;
  }
  return null;
}

/** The product of the dimensions; Infinity beyond 2^53 instead of an inexact number. */
function product(dims: readonly number[]): number {
  let result = 1;
  for (const dim of dims) {
    result *= dim;
    if (!Number.isSafeInteger(result)) return Number.POSITIVE_INFINITY;
  }
  return result;
}

/** Why an object of `size` bytes is not read as a task file, or null when it may be. */
export function taskFileTooLarge(size: number): string | null {
  return size > MAX_TASK_FILE_BYTES
    ? `is ${size} bytes, more than the ${MAX_TASK_FILE_BYTES} a task file holds (${MAX_SESSION_HOURS} h at ${FRAME_RATE_HZ} Hz); not downloaded`
    : null;
}
