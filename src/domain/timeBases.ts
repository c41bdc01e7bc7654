/**
 * Frame → time lookups for a task file without sync (reference §4.1), reproduced bit-for-bit: the
 * running sum is sequential float64 like `np.cumsum`, the session length is `np.sum` (numpy's pairwise
 * summation), and indexing follows numpy (negative indices wrap, past-the-end is an error).
 *
 * The clocks are not materialised: a trials table looks up a few thousand of a session's up to 864,000
 * frames, so one pass keeps the running sum at every 32nd frame and a lookup adds the few intervals
 * since — in the same order as np.cumsum, hence to the same bits. The appended last flip (it needs the
 * median of all the interval differences) is computed only when a lookup reaches it.
 */
import { TaskDataError } from '../errors.ts';
import { median } from './median.ts';

/** One clock of a task file: seconds from frame 0 for each frame index 0…F−1 (F frames). */
export interface FrameClock {
  /** F, the number of frames (frameIntervals.length + 1). */
  readonly length: number;
  /**
   * The time of `frame` with numpy's indexing: NaN frame → NaN; a non-integral frame is an error;
   * negative frames count from the end; frames past the end are an error.
   */
  at(frame: number): number;
  /** `at(frame + offset)` for each frame. */
  atEach(frames: ArrayLike<number>, offset?: number): Float64Array;
}

/** The no-sync clocks of one task file. */
export interface TimeBases {
  /** Start of frame k, when the task read its inputs (licks): [0, C0 … C(n−1)]. */
  input: FrameClock;
  /** Flip of frame k: [C0 … C(n−1), C(n−1) + median(diff(frameIntervals))]. */
  flip: FrameClock;
  /** Display time of frame k; without sync the same as `flip`. Audio and opto onsets also use it. */
  display: FrameClock;
}

/** The no-sync time bases of one task file. */
export function noSyncTimeBases(frameIntervals: ArrayLike<number>): TimeBases {
  if (frameIntervals.length === 0) {
    throw new TaskDataError('frameIntervals is empty: the task recorded no frames');
  }
  const sums = new RunningSums(frameIntervals);
  const flip = new Clock(sums, 'flip');
  return { input: new Clock(sums, 'input'), flip, display: flip };
}

/** Frames between two kept running sums. */
const STEP = 32;

/** np.cumsum of the frame intervals, C(k) = F0 + … + Fk added in order, kept at every STEP-th k. */
class RunningSums {
  readonly count: number;
  /** kept[b] = the sum of the first b·STEP intervals. */
  private readonly kept: Float64Array;
  private readonly last: number;
  private tail: number | undefined;

  constructor(private readonly intervals: ArrayLike<number>) {
    const n = intervals.length;
    this.count = n;
    this.kept = new Float64Array(Math.ceil(n / STEP));
    let acc = 0;
    for (let i = 0; i < n; i++) {
      if (i % STEP === 0) this.kept[i / STEP] = acc;
      acc += intervals[i] as number;
    }
    this.last = acc;
  }

  /** C(k) for 0 ≤ k < count: the kept sum before k's block plus the intervals since, in order. */
  through(k: number): number {
    const block = Math.floor(k / STEP);
    let acc = this.kept[block] as number;
    for (let i = block * STEP; i <= k; i++) acc += this.intervals[i] as number;
    return acc;
  }

  /** C(n−1) + the median of the interval *differences* (≈0), as the reference appends it. */
  lastFlip(): number {
    this.tail ??= this.last + median(diff(this.intervals));
    return this.tail;
  }
}

class Clock implements FrameClock {
  readonly length: number;

  constructor(
    private readonly sums: RunningSums,
    private readonly kind: 'input' | 'flip',
  ) {
    this.length = sums.count + 1;
  }

  at(frame: number): number {
    if (Number.isNaN(frame)) return Number.NaN;
    if (!Number.isInteger(frame)) throw new TaskDataError(`frame index ${frame} is not an integer`);
    const index = frame < 0 ? this.length + frame : frame;
    if (index < 0 || index >= this.length) {
      throw new TaskDataError(`frame index ${frame} is outside the ${this.length} recorded frames`);
    }
    if (this.kind === 'input') return index === 0 ? 0 : this.sums.through(index - 1);
    return index === this.sums.count ? this.sums.lastFlip() : this.sums.through(index);
  }

  atEach(frames: ArrayLike<number>, offset = 0): Float64Array {
    const out = new Float64Array(frames.length);
    for (let i = 0; i < out.length; i++) out[i] = this.at((frames[i] as number) + offset);
    return out;
  }
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
    // Eight running sums in plain locals (no array per block: a session has thousands of blocks).
    let r0 = a[start] as number;
    let r1 = a[start + 1] as number;
    let r2 = a[start + 2] as number;
    let r3 = a[start + 3] as number;
    let r4 = a[start + 4] as number;
    let r5 = a[start + 5] as number;
    let r6 = a[start + 6] as number;
    let r7 = a[start + 7] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const k = start + i;
      r0 += a[k] as number;
      r1 += a[k + 1] as number;
      r2 += a[k + 2] as number;
      r3 += a[k + 3] as number;
      r4 += a[k + 4] as number;
      r5 += a[k + 5] as number;
      r6 += a[k + 6] as number;
      r7 += a[k + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** Session length without sync: Σ frameIntervals as np.sum computes it. */
export function sessionDuration(frameIntervals: ArrayLike<number>): number {
  return numpySum(frameIntervals);
}
