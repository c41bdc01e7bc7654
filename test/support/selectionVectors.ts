/**
 * The selection algorithm's published test vectors (README "Selections" lists the same): seed,
 * candidates, count → ids. Computed with pure-rand 8.4's xoroshiro128plus and uniformInt, and
 * reproduced by examples/labgraph_selection.py (test/domain/selectionPython.test.ts runs it).
 */
const TEN = Array.from({ length: 10 }, (_, i) => `id${i}`);
const HUNDRED = Array.from({ length: 100 }, (_, i) => `s${String(i).padStart(3, '0')}`);
const SESSIONS = [
  '676909_2023-12-13',
  '700001_2024-03-04',
  '676909_2023-12-14',
  '700001_2024-03-04_1',
  '620263_2022-07-26',
];

export const VECTOR_INPUTS = { TEN, HUNDRED, SESSIONS };

export const SELECTION_VECTORS: [
  seed: number,
  candidates: readonly string[],
  count: number,
  ids: string[],
][] = [
  [42, TEN, 10, ['id5', 'id4', 'id9', 'id7', 'id6', 'id2', 'id1', 'id3', 'id0', 'id8']],
  [7, TEN, 3, ['id0', 'id1', 'id9']],
  [0, SESSIONS, 2, ['676909_2023-12-14', '700001_2024-03-04_1']],
  [4294967295, TEN, 4, ['id8', 'id3', 'id9', 'id6']],
  [7, HUNDRED, 10, ['s040', 's019', 's059', 's098', 's075', 's021', 's068', 's015', 's048', 's023']],
  [123456789, HUNDRED, 5, ['s058', 's057', 's032', 's071', 's039']],
];
