/**
 * The selection algorithm's published test vectors (README "Selections": the same table) and its
 * rules: fresh generator per query, order independence, de-duplication, and the shape checks.
 * examples/labgraph_selection.py reimplements the draw in Python; the e2e suite checks it agrees.
 */
import { describe, expect, it } from 'vitest';
import {
  checkPopulations,
  checkSelectionShape,
  drawSample,
  queryDrift,
  runSelection,
  SELECTION_ALGORITHM,
  sortedCandidates,
} from '../../src/domain/selection.ts';
import { SELECTION_VECTORS, VECTOR_INPUTS } from '../support/selectionVectors.ts';

const { TEN, HUNDRED } = VECTOR_INPUTS;

describe(`selection algorithm ${SELECTION_ALGORITHM}`, () => {
  it.each(SELECTION_VECTORS)('seed %i: draws the published ids', (seed, candidates, count, expected) => {
    expect(drawSample(candidates, count, seed)).toEqual(expected);
  });

  it('does not depend on the order the candidates come in (they are sorted first)', () => {
    const reversed = [...HUNDRED].reverse();
    expect(drawSample(reversed, 10, 7)).toEqual(drawSample(HUNDRED, 10, 7));
    expect(sortedCandidates(['b', 'B', 'a', 'b'])).toEqual(['B', 'a', 'b']);
  });

  it('takes a prefix of the same shuffle for smaller counts, and nothing for 0', () => {
    const all = drawSample(HUNDRED, 100, 9);
    expect(drawSample(HUNDRED, 7, 9)).toEqual(all.slice(0, 7));
    expect(new Set(all).size).toBe(100);
    expect(drawSample(HUNDRED, 0, 9)).toEqual([]);
  });

  it('gives other picks for another seed', () => {
    expect(drawSample(HUNDRED, 10, 8)).not.toEqual(drawSample(HUNDRED, 10, 7));
  });

  it('refuses counts it cannot draw', () => {
    expect(() => drawSample(TEN, 11, 1)).toThrow(RangeError);
    expect(() => drawSample(TEN, -1, 1)).toThrow(RangeError);
  });
});

describe('runSelection', () => {
  const opto = { candidateIds: HUNDRED.slice(0, 40), count: 3 };
  const training = { candidateIds: HUNDRED.slice(30), count: 2 };

  it('gives every query a fresh generator: permuting queries permutes only the concatenation', () => {
    const forward = runSelection([opto, training], 7, false);
    const backward = runSelection([training, opto], 7, false);
    expect(forward.queries[0]).toEqual(backward.queries[1]);
    expect(forward.queries[1]).toEqual(backward.queries[0]);
    expect(forward.selectedIds).toEqual([
      ...drawSample(opto.candidateIds, 3, 7),
      ...drawSample(training.candidateIds, 2, 7),
    ]);
    expect(backward.selectedIds).toEqual([
      ...forward.queries[1]!.selectedIds,
      ...forward.queries[0]!.selectedIds,
    ]);
  });

  it('keeps repeats unless asked to de-duplicate, which keeps the first occurrence', () => {
    const same = { candidateIds: TEN, count: 3 };
    const twice = runSelection([same, same], 5, false);
    expect(twice.selectedIds).toHaveLength(6);
    const once = runSelection([same, same], 5, true);
    expect(once.selectedIds).toEqual(twice.selectedIds.slice(0, 3));
    expect(once.queries[1]!.selectedIds).toEqual(twice.queries[1]!.selectedIds);
  });
});

describe('selection checks', () => {
  it('EMPTY_QUERIES, NEGATIVE_COUNT per query and SEED_OUT_OF_RANGE', () => {
    const codes = (seed: number, counts: number[]) =>
      checkSelectionShape({ seed, queries: counts.map((count) => ({ count })) }).map((e) => [
        e.code,
        e.field?.join('.'),
      ]);
    expect(codes(42, [])).toEqual([['EMPTY_QUERIES', 'queries']]);
    expect(codes(42, [1, -2])).toEqual([['NEGATIVE_COUNT', 'queries.1.count']]);
    expect(codes(-1, [1])).toEqual([['SEED_OUT_OF_RANGE', 'seed']]);
    expect(codes(2 ** 32, [1])).toEqual([['SEED_OUT_OF_RANGE', 'seed']]);
    expect(codes(1.5, [1])).toEqual([['SEED_OUT_OF_RANGE', 'seed']]);
    expect(codes(2 ** 32 - 1, [0])).toEqual([]);
  });

  it('SAMPLE_LARGER_THAN_POPULATION names the count and the candidates', () => {
    const [error] = checkPopulations([
      { candidateIds: TEN, count: 10 },
      { candidateIds: ['a', 'b', 'a'], count: 3 },
    ]);
    expect(error?.code).toBe('SAMPLE_LARGER_THAN_POPULATION');
    expect(error?.field).toEqual(['queries', '1', 'count']);
    expect(error?.message).toContain('count 3 is larger than the 2 candidates');
  });
});

describe('queryDrift', () => {
  it('lists added and removed candidates and what the query would pick today', () => {
    const stored = { candidateIds: TEN, count: 3, selectedIds: drawSample(TEN, 3, 7) };
    expect(queryDrift(stored, [...TEN].reverse(), 7)).toEqual({
      addedCandidateIds: [],
      removedCandidateIds: [],
      selectedIdsNow: stored.selectedIds,
      selectedChanged: false,
    });
    const grown = queryDrift(stored, [...TEN, 'id10'], 7);
    expect(grown.addedCandidateIds).toEqual(['id10']);
    expect(grown.selectedIdsNow).toEqual(drawSample([...TEN, 'id10'], 3, 7));
    expect(grown.selectedChanged).toBe(grown.selectedIdsNow?.join() !== stored.selectedIds.join());
    const shrunk = queryDrift(stored, ['id0', 'id1'], 7);
    expect(shrunk.removedCandidateIds).toHaveLength(8);
    expect(shrunk.selectedIdsNow).toBeNull();
    expect(shrunk.selectedChanged).toBe(true);
  });
});
