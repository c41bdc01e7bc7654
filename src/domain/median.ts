/**
 * np.median of a float64 array by selection rather than a sort (a session has up to ~10⁶ frame
 * intervals), to exactly the value np.median gives.
 */

/**
 * np.median of a 1-D array: NaN when empty or when any value is NaN, mean of the middle pair when even.
 * The middle values are found by selection, not by sorting all of a session's frame intervals: one
 * pass counts the values per bucket of their sort keys' top 16 bits, a second copies out the few
 * buckets holding the middle ranks, and quickselect finishes among those. They are the values a full
 * sort would put there, zero signs included.
 */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const a = values instanceof Float64Array ? values : Float64Array.from(values);
  const counts = new Uint32Array(BUCKETS);
  const bits = highWords(a);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(a[i] as number)) return Number.NaN;
    (counts[bucketOf(bits[2 * i + 1] as number)] as number)++;
  }
  const mid = n >> 1;
  const lowRank = n % 2 === 1 ? mid : mid - 1;
  // The buckets [first, last] hold the ranks lowRank and mid; `below` values sort before them.
  let below = 0;
  let first = 0;
  while (below + (counts[first] as number) <= lowRank) below += counts[first++] as number;
  let last = first;
  let through = below + (counts[first] as number);
  while (through <= mid) through += counts[++last] as number;
  const candidates = new Float64Array(through - below);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const bucket = bucketOf(bits[2 * i + 1] as number);
    if (bucket >= first && bucket <= last) candidates[m++] = a[i] as number;
  }
  const k = mid - below;
  const upper = selectInPlace(candidates, k);
  if (n % 2 === 1) return upper;
  // Selection leaves the k smallest candidates in [0, k): the largest of them is the lower middle.
  let lower = candidates[0] as number;
  for (let i = 1; i < k; i++) if (before(lower, candidates[i] as number)) lower = candidates[i] as number;
  return (lower + upper) / 2;
}

const BUCKETS = 1 << 16;

/** The 32-bit words of a float64 array; the high word of value i is at 2i + 1 (little-endian). */
function highWords(a: Float64Array): Uint32Array {
  if (!LITTLE_ENDIAN) throw new Error('median assumes a little-endian platform');
  return new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The top 16 bits of a float64's sort key, from its high word: negatives have every bit flipped and
 * the rest their sign bit set, so keys order as the numbers do, with −0 before +0.
 */
const bucketOf = (high: number): number => ((high & 0x80000000 ? ~high : high | 0x80000000) >>> 16) & 0xffff;

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
