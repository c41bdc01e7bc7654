/**
 * Frame → time lookups reproduce numpy bit for bit: np.sum's pairwise summation (its 8 accumulators,
 * blocks of 128 and halving split), np.cumsum, np.median, np.diff and numpy indexing. The sums below
 * were computed with numpy 2.4 (`np.sum` of the same float64 array).
 */
import { describe, expect, it } from 'vitest';
import { median } from '../../src/domain/median.ts';
import {
  diff,
  type FrameClock,
  noSyncTimeBases,
  numpySum,
  sessionDuration,
} from '../../src/domain/timeBases.ts';
import { TaskDataError } from '../../src/errors.ts';

const SCALES = [0.01, 0.1, 1, 10, 100];
/** Values spread over four decades so that the order of additions shows in the last bits. */
const spread = (n: number) =>
  Array.from({ length: n }, (_, i) => (((i * 7919) % 1000) / 997) * SCALES[i % 5]!);
const sequentialSum = (xs: number[]) => xs.reduce((acc, x) => acc + x, 0);
/** np.cumsum as numpy computes it: one running float64 sum, in order. */
const cumulativeSum = (xs: readonly number[]) => {
  let acc = 0;
  return xs.map((x) => {
    acc += x;
    return acc;
  });
};
/** Every time of a clock, frame 0 to F−1. */
const times = (clock: FrameClock) => Array.from({ length: clock.length }, (_, k) => clock.at(k));

describe('numpySum', () => {
  it.each([
    [0, 0],
    [1, 0],
    [7, 76.38640922768306],
    [8, 76.82071213640924],
    [9, 80.35130391173522],
    [15, 203.93284854563694],
    [16, 203.9407221664995],
    [17, 204.01133400200604],
    [127, 1382.2072718154463],
    [128, 1382.9224172517552],
    [129, 1389.2614343029086],
    [135, 1461.8006519558676],
    [255, 2809.015697091274],
    [256, 2809.019157472417],
    [257, 2809.0456369107324],
    [1000, 11113.465396188567],
    [4099, 45428.43881644935],
  ])('n = %i: np.sum = %f', (n, expected) => {
    const xs = spread(n);
    expect(numpySum(xs)).toBe(expected);
    expect(numpySum(Float64Array.from(xs))).toBe(expected);
    expect(sessionDuration(xs)).toBe(expected);
  });

  it('switches summation scheme exactly where numpy does (8 values: pairwise; 128: one block)', () => {
    // Cancelling magnitudes make the order of additions visible; sums printed by numpy.
    expect(numpySum([1e16, 1, -1e16, 1, 3, 1e-3, 7, 2.5])).toBe(12.501);
    const block = Array.from({ length: 128 }, (_, i) => (i === 0 ? 1e16 : i === 64 ? -1e16 : 1));
    expect(numpySum(block)).toBe(119);
    const split = Array.from({ length: 128 }, (_, i) => (i === 0 ? 1e16 : 1));
    expect(numpySum(split)).toBe(1.0000000000000112e16);
  });

  it('differs from a sequential sum where numpy does (the cases above are not trivially equal)', () => {
    expect(sequentialSum(spread(16))).not.toBe(numpySum(spread(16)));
    expect(sequentialSum(spread(1000))).not.toBe(numpySum(spread(1000)));
  });
});

describe('diff, median', () => {
  it.each<[number[], number[]]>([
    [[], []],
    [[5], []],
    [[1, 4], [3]],
    [
      [0.1, 0.3, 0.2, 1],
      [0.3 - 0.1, 0.2 - 0.3, 1 - 0.2],
    ],
  ])('diff(%j) = %j', (xs, expected) => {
    expect(Array.from(diff(xs))).toEqual(expected);
  });

  it.each<[number[], number]>([
    [[], Number.NaN],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[-5, 10], 2.5],
    [[10, -1, -20, 3, 2], 2],
    [[1, Number.NaN, 3], Number.NaN],
    [[Number.NaN], Number.NaN],
    [[0.1, 0.2], (0.1 + 0.2) / 2],
  ])('median(%j) = %f', (xs, expected) => {
    expect(median(xs)).toBe(expected);
  });

  it('median selects exactly the values a full sort would (zero signs too), on any input order', () => {
    const bySort = (values: readonly number[]) => {
      const sorted = Float64Array.from(values).sort();
      const mid = sorted.length >> 1;
      return sorted.length % 2 === 1
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    };
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const cases: number[][] = [
      [-0, 0],
      [0, -0],
      [0, -0, -0],
      [-0, 0, 0, 5],
      [1e308, -1e308, 5e-324],
    ];
    for (let c = 0; c < 600; c++) {
      // Many short arrays (every middle position), then longer ones.
      const n = c < 300 ? 1 + (c % 12) : 1 + Math.floor(random() * 300);
      const pool = [0, -0, 1, -1, 0.1, 2.5, 1 / 3, 1e-9];
      cases.push(
        Array.from({ length: n }, () =>
          random() < 0.5 ? (pool[Math.floor(random() * pool.length)] as number) : random() - 0.5,
        ),
      );
    }
    // Orders that defeat naive pivots: sorted, reversed, all equal, organ pipe, sawtooth.
    const n = 5001;
    cases.push(
      Array.from({ length: n }, (_, i) => i),
      Array.from({ length: n }, (_, i) => n - i),
      Array.from({ length: n }, () => 0.016),
      Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
      Array.from({ length: n }, (_, i) => i % 7),
    );
    // Long arrays, where the middle ranks are found by bucket first: frame-interval differences
    // (jitter around 0), one bucket holding everything, zeros of both signs in the middle, and the
    // two middle values in different buckets.
    const intervals = Array.from({ length: 40_001 }, () => 1 / 60 + (random() - 0.5) * 4e-4);
    cases.push(
      Array.from(diff(intervals)),
      Array.from({ length: 30_000 }, () => 1 + random() / 64),
      Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : random() - 0.5)),
      Array.from({ length: 30_000 }, (_, i) => (i < 15_000 ? -1 - random() : 1e-300 * random())),
    );
    for (const values of cases) {
      const copy = [...values];
      expect(Object.is(median(values), bySort(values)), JSON.stringify(values.slice(0, 8))).toBe(true);
      expect(values).toEqual(copy);
    }
  });
});

describe('noSyncTimeBases', () => {
  it('input is [0, C…], flip and display are [C…, C_last + median(diff)]', () => {
    const intervals = [0.016, 0.017, 0.019, 0.022, 0.026];
    const c = cumulativeSum(intervals);
    const bases = noSyncTimeBases(intervals);
    expect(times(bases.input)).toEqual([0, ...c]);
    const tail = (c[4] as number) + median(diff(intervals));
    expect(times(bases.flip)).toEqual([...c, tail]);
    // The median difference is 0.0025 s: the last flip comes after the last cumulative time.
    expect(tail - (c[4] as number)).toBeCloseTo(0.0025, 12);
    expect(bases.display).toBe(bases.flip);
  });

  it('every frame of a long session is the sequential running sum, to the bit', () => {
    // Spread magnitudes make every reordering of the additions show in the last bits.
    const intervals = spread(3001);
    const c = cumulativeSum(intervals);
    const { input, flip } = noSyncTimeBases(intervals);
    expect(input.length).toBe(3002);
    expect(times(input)).toEqual([0, ...c]);
    expect(times(flip).slice(0, -1)).toEqual(c);
    expect(flip.at(3001)).toBe((c[3000] as number) + median(diff(intervals)));
    expect(sequentialSum(intervals.slice(0, 2000))).toBe(c[1999]);
  });

  it('one interval: two frames', () => {
    const bases = noSyncTimeBases([0.5]);
    expect(times(bases.input)).toEqual([0, 0.5]);
    // median of no differences is NaN, as in numpy
    expect(times(bases.flip)).toEqual([0.5, Number.NaN]);
  });

  it('no intervals is an error', () => {
    expect(() => noSyncTimeBases([])).toThrow(
      new TaskDataError('frameIntervals is empty: the task recorded no frames'),
    );
  });
});

describe('clock lookups follow numpy indexing', () => {
  // input = [0, 1.5, 3, 4.5]
  const { input } = noSyncTimeBases([1.5, 1.5, 1.5]);

  it.each<[number, number]>([
    [0, 0],
    [3, 4.5],
    [-1, 4.5],
    [-4, 0],
    [Number.NaN, Number.NaN],
  ])('frame %f → %f', (frame, expected) => {
    expect(input.at(frame)).toBe(expected);
  });

  it.each<[number, string]>([
    [4, 'frame index 4 is outside the 4 recorded frames'],
    [-5, 'frame index -5 is outside the 4 recorded frames'],
    [1.5, 'frame index 1.5 is not an integer'],
    [Number.POSITIVE_INFINITY, 'frame index Infinity is not an integer'],
  ])('frame %f is an error', (frame, message) => {
    expect(() => input.at(frame)).toThrow(new TaskDataError(message));
    expect(() => input.at(frame)).toThrow(TaskDataError);
  });

  it('atEach maps every frame, shifted by the offset', () => {
    expect(Array.from(input.atEach([2, -2, Number.NaN, 0]))).toEqual([3, 3, Number.NaN, 0]);
    expect(Array.from(input.atEach([1, -3, Number.NaN], 1))).toEqual([3, 3, Number.NaN]);
    expect(input.atEach([])).toEqual(new Float64Array(0));
    expect(() => input.atEach([0, 9])).toThrow('frame index 9 is outside the 4 recorded frames');
  });
});
