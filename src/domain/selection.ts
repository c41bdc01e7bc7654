/**
 * Reproducible selections (slapp's select_data, made reproducible in any language): for each query,
 * its candidate ids sorted, a FRESH generator seeded with the selection's seed (slapp's rule: a query's
 * picks never depend on the queries before it), and the first `count` items of a partial Fisher–Yates
 * shuffle; the picks of all queries concatenated in query order, optionally without repeats.
 *
 * The algorithm is named and versioned (SELECTION_ALGORITHM) and stored with every selection; a
 * different generator or draw rule gets a new name, never a silent change. Exactly, for seed s
 * (0 ≤ s < 2^32), sorted candidates a[0..n) and a count k ≤ n:
 *
 *   rng = pure-rand's xoroshiro128plus(s)            (64-bit words s0 = 0xFFFFFFFF_00000000 | ~s,
 *                                                     s1 = s << 32; see the README for the step)
 *   for i in 0 .. k-1:  j = i + uniformInt(rng, 0, n-1-i);  swap a[i], a[j]
 *   picks = a[0..k)
 *
 * `uniformInt(rng, 0, m-1)` is pure-rand's uniform distribution: v = next() + 2^31 (next() is a
 * signed 32-bit int, so v is in [0, 2^32)); if m > 2 and v ≥ floor(2^32 / m) · m, draw again
 * (rejection, no bias); the result is v mod m. Every step draws, including the last when m = 1.
 * numpy's `choice` (PCG64) cannot be reproduced this way, so results differ from slapp's.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { type UserError, userError } from './registryRules.ts';

/** The generator and draw rule above. The reference proposal's xoshiro128** is not in pure-rand. */
export const SELECTION_ALGORITHM = 'v1-xoroshiro128plus-fisheryates';
export const DEFAULT_SEED = 42;
export const MAX_SEED = 0xffff_ffff;

export type SelectionUnit = 'SESSION' | 'SUBJECT';

/** Ids sorted by UTF-16 code unit (Python's `sorted` on these ASCII ids), without repeats. */
export function sortedCandidates(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The first `count` items of a partial Fisher–Yates shuffle of the sorted candidates, with a fresh
 * generator seeded with `seed`. The caller checks 0 ≤ count ≤ candidates and the seed's range.
 */
export function drawSample(candidates: readonly string[], count: number, seed: number): string[] {
  const items = sortedCandidates(candidates);
  if (!Number.isInteger(count) || count < 0 || count > items.length) {
    throw new RangeError(`cannot draw ${count} of ${items.length} candidates`);
  }
  const rng = xoroshiro128plus(seed);
  for (let i = 0; i < count; i++) {
    const j = i + uniformInt(rng, 0, items.length - 1 - i);
    const picked = items[j] as string;
    items[j] = items[i] as string;
    items[i] = picked;
  }
  return items.slice(0, count);
}

export interface SelectionQueryDraw {
  candidateIds: readonly string[];
  count: number;
}

export interface SelectionResult {
  /** Per query, in query order: its sorted candidates and its picks. */
  queries: { candidateIds: string[]; selectedIds: string[] }[];
  /** The picks concatenated in query order (without repeats when deduplicated). */
  selectedIds: string[];
}

/** Runs every query with its own fresh generator and concatenates; `dedupe` skips ids already taken. */
export function runSelection(
  queries: readonly SelectionQueryDraw[],
  seed: number,
  dedupe: boolean,
): SelectionResult {
  const drawn = queries.map((query) => ({
    candidateIds: sortedCandidates(query.candidateIds),
    selectedIds: drawSample(query.candidateIds, query.count, seed),
  }));
  const all = drawn.flatMap((query) => query.selectedIds);
  return { queries: drawn, selectedIds: dedupe ? [...new Set(all)] : all };
}

/** The checks that need no data: at least one query, whole counts ≥ 0, a uint32 seed. */
export function checkSelectionShape(input: {
  seed: number;
  queries: readonly { count: number }[];
}): UserError[] {
  const errors: UserError[] = [];
  if (input.queries.length === 0) {
    errors.push(userError('EMPTY_QUERIES', 'queries', 'give at least one query ({ label, filter, count })'));
  }
  input.queries.forEach((query, index) => {
    if (query.count < 0) {
      errors.push(
        userError(
          'NEGATIVE_COUNT',
          `queries.${index}.count`,
          `count is ${query.count}; a count must be a whole number ≥ 0`,
        ),
      );
    }
  });
  if (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > MAX_SEED) {
    errors.push(
      userError(
        'SEED_OUT_OF_RANGE',
        'seed',
        `seed ${input.seed} is not an unsigned 32-bit integer; give a whole number from 0 to ${MAX_SEED}`,
      ),
    );
  }
  return errors;
}

/** SAMPLE_LARGER_THAN_POPULATION for each query whose count exceeds its candidates. */
export function checkPopulations(queries: readonly SelectionQueryDraw[]): UserError[] {
  return queries.flatMap((query, index) => {
    const population = new Set(query.candidateIds).size;
    return query.count > population
      ? [
          userError(
            'SAMPLE_LARGER_THAN_POPULATION',
            `queries.${index}.count`,
            `count ${query.count} is larger than the ${population} candidates the filter matches; ask for at most ${population}`,
          ),
        ]
      : [];
  });
}

/** How one query's candidates and picks would change if it were re-run on today's data. */
export interface QueryDrift {
  addedCandidateIds: string[];
  removedCandidateIds: string[];
  /** What the query would pick today; null when today's candidates are fewer than its count. */
  selectedIdsNow: string[] | null;
  selectedChanged: boolean;
}

export function queryDrift(
  stored: { candidateIds: readonly string[]; selectedIds: readonly string[]; count: number },
  candidatesNow: readonly string[],
  seed: number,
): QueryDrift {
  const then = new Set(stored.candidateIds);
  const now = sortedCandidates(candidatesNow);
  const nowSet = new Set(now);
  const selectedIdsNow = stored.count <= now.length ? drawSample(now, stored.count, seed) : null;
  return {
    addedCandidateIds: now.filter((id) => !then.has(id)),
    removedCandidateIds: sortedCandidates(stored.candidateIds).filter((id) => !nowSet.has(id)),
    selectedIdsNow,
    selectedChanged:
      selectedIdsNow === null ||
      selectedIdsNow.length !== stored.selectedIds.length ||
      selectedIdsNow.some((id, i) => id !== stored.selectedIds[i]),
  };
}
