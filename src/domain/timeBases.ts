/**
 * Frame → time lookups for a task file without sync (reference §4.1), reproduced bit-for-bit: the
 * running sum is sequential float64 like `np.cumsum`, the session length is `np.sum` (numpy's pairwise
 * summation), and indexing follows numpy (negative indices wrap, past-the-end is an error).
 */
import { TaskDataError } from '../errors.ts';

/** Seconds from frame 0 for each frame index (length F = frameIntervals.length + 1). */
export interface TimeBases {
  /** Start of frame k, when the task read its inputs (licks): [0, C0 … C(n−1)]. */
  input: Float64Array;
  /** Flip of frame k: [C0 … C(n−1), C(n−1) + median(diff(frameIntervals))]. */
  flip: Float64Array;
  /** Display time of frame k; without sync the same as `flip`. Audio and opto onsets also use it. */
  display: Float64Array;
}

/** Sequential running sum (np.cumsum). */
export function cumulativeSum(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i] as number;
    out[i] = acc;
  }
  return out;
}

/**
 * np.median of a 1-D array: NaN when empty or when any value is NaN, mean of the middle pair when even.
 * The middle values are found by selection (linear on average, a sort at worst), not by sorting all of
 * a session's frame intervals; they are the values a full sort would put there, zero signs included.
 */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const a = Float64Array.from(values);
  for (let i = 0; i < n; i++) if (Number.isNaN(a[i] as number)) return Number.NaN;
  const mid = n >> 1;
  const upper = selectInPlace(a, mid);
  if (n % 2 === 1) return upper;
  // Selection leaves the mid smallest values in a[0, mid): the largest of them is the lower middle.
  let lower = a[0] as number;
  for (let i = 1; i < mid; i++) if (before(lower, a[i] as number)) lower = a[i] as number;
  return (lower + upper) / 2;
}

/** Float64Array.prototype.sort's order without NaN: numeric, −0 before +0. */
const before = (x: number, y: number): boolean =>
  x < y || (x === 0 && y === 0 && Object.is(x, -0) && Object.is(y, 0));

/**
 * Reorders `a` so that a[k] holds the value sorted order puts there, smaller ones before it and larger
 * ones after (Hoare's quickselect, median-of-three pivots). Past about 2·log₂(n) rounds — inputs built
 * to defeat the pivots — the remaining range is sorted instead, so it never costs more than a sort.
 */
function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let rounds = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (hi > lo) {
    if (rounds-- === 0) {
      a.subarray(lo, hi + 1).sort();
      break;
    }
    const pivot = medianOfThree(a[lo] as number, a[lo + ((hi - lo) >> 1)] as number, a[hi] as number);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (before(a[i] as number, pivot)) i++;
      while (before(pivot, a[j] as number)) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    // Now a[lo, j] ≤ pivot ≤ a[i, hi], and anything between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

function medianOfThree(x: number, y: number, z: number): number {
  if (before(x, y)) return before(y, z) ? y : before(x, z) ? z : x;
  return before(x, z) ? x : before(y, z) ? z : y;
}

/** np.diff of a 1-D array. */
export function diff(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, values.length - 1));
  for (let i = 0; i < out.length; i++) out[i] = (values[i + 1] as number) - (values[i] as number);
  return out;
}

const PAIRWISE_BLOCK = 128;

/** np.sum of a contiguous float64 array: numpy's pairwise summation (8 accumulators, blocks of 128). */
export function numpySum(values: ArrayLike<number>): number {
  return pairwise(values, 0, values.length);
}

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= PAIRWISE_BLOCK) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0].map((_, j) => a[start + j] as number);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = (r[j] as number) + (a[start + i + j] as number);
    }
    const [r0, r1, r2, r3, r4, r5, r6, r7] = r as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** The no-sync time bases of one task file. */
export function noSyncTimeBases(frameIntervals: ArrayLike<number>): TimeBases {
  const n = frameIntervals.length;
  if (n === 0) throw new TaskDataError('frameIntervals is empty: the task recorded no frames');
  const c = cumulativeSum(frameIntervals);
  const input = new Float64Array(n + 1);
  input.set(c, 1);
  const flip = new Float64Array(n + 1);
  flip.set(c, 0);
  // The reference appends the median of the interval *differences* (≈0), not of the intervals.
  flip[n] = (c[n - 1] as number) + median(diff(frameIntervals));
  return { input, flip, display: flip };
}

/** Session length without sync: Σ frameIntervals as np.sum computes it. */
export function sessionDuration(frameIntervals: ArrayLike<number>): number {
  return numpySum(frameIntervals);
}

/**
 * `base[frame]` with numpy semantics: NaN frame → NaN; a non-integral frame is an error; negative
 * frames count from the end; frames past the end are an error.
 */
export function timeAt(base: Float64Array, frame: number): number {
  if (Number.isNaN(frame)) return Number.NaN;
  if (!Number.isInteger(frame)) throw new TaskDataError(`frame index ${frame} is not an integer`);
  const index = frame < 0 ? base.length + frame : frame;
  if (index < 0 || index >= base.length) {
    throw new TaskDataError(`frame index ${frame} is outside the ${base.length} recorded frames`);
  }
  return base[index] as number;
}

/** timeAt over many frames. */
export function timesAt(base: Float64Array, frames: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: frames.length }, (_, i) => timeAt(base, frames[i] as number));
}
