import { describe, expect, it } from 'vitest';
import {
  AlfNameError,
  autoRevision,
  compareRevisions,
  lastRevisionAtOrBefore,
  nextRevision,
  type RevisionState,
} from '../../src/domain/alf/index.ts';

const TODAY = '2026-11-30';
const F = false;
const T = true;
const history = (...entries: [string, boolean][]): RevisionState[] =>
  entries.map(([revision, isProtected]) => ({ revision, protected: isProtected }));
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

describe('revision order', () => {
  it('sorts lexicographically with the original first', () => {
    expect(['2024-01-02', '', '2024-01-01a', '2024-01-01', 'v2'].sort(compareRevisions)).toEqual([
      '',
      '2024-01-01',
      '2024-01-01a',
      '2024-01-02',
      'v2',
    ]);
  });

  it.each([
    ['2024-01-01', '2024-01-01'],
    ['2024-01-01b', '2024-01-01a'],
    ['2024-01-05', '2024-01-02'],
    ['2023-12-31', ''],
    ['zzz', 'v2'],
  ])('the last revision ≤ %s is %s', (wanted, expected) => {
    expect(lastRevisionAtOrBefore(['', '2024-01-01', '2024-01-01a', '2024-01-02', 'v2'], wanted)).toBe(
      expected,
    );
  });

  it('is null when every revision is after the one asked for', () => {
    expect(lastRevisionAtOrBefore(['2024-01-01', '2024-01-02'], '2023-01-01')).toBeNull();
    expect(lastRevisionAtOrBefore([], '2023-01-01')).toBeNull();
  });
});

describe("nextRevision (ONE's _next_revision)", () => {
  it.each([
    ['2020-01-01', [], 'a', '2020-01-01a'],
    ['2020-01-01', ['2020-01-01a', '2020-01-01b'], 'a', '2020-01-01c'],
    ['2020-01-01', ['2020-01-01b'], 'a', '2020-01-01a'],
    ['tag1', ['tag1'], 'a', 'tag1a'],
    ['2020-01-01', ['2020-01-01A'], 'A', '2020-01-01B'],
    ['2020-01-01', [], 'y', '2020-01-01y'],
  ])('%s reserved %j from %s → %s', (rev, reserved, alpha, expected) => {
    expect(nextRevision(rev, reserved, alpha)).toEqual({ value: expected });
  });

  it('is REVISION_EXHAUSTED past z and past Z', () => {
    const lower = nextRevision(
      'r',
      [...LETTERS].map((l) => `r${l}`),
    );
    expect(lower).toMatchObject({ problem: { code: 'REVISION_EXHAUSTED' } });
    expect(nextRevision('r', ['rz'], 'z')).toMatchObject({ problem: { code: 'REVISION_EXHAUSTED' } });
    expect(nextRevision('r', ['rZ'], 'Z')).toMatchObject({ problem: { code: 'REVISION_EXHAUSTED' } });
    // All lower-case taken does not spill into capitals.
    expect(
      nextRevision(
        'r',
        [...LETTERS].map((l) => `r${l}`),
        'A',
      ),
    ).toEqual({ value: 'rA' });
  });

  it.each(['', 'ab', '1', '#'])(
    'refuses alpha %j (one letter, as ONE refuses anything but one character)',
    (alpha) => {
      expect(() => nextRevision('r', [], alpha)).toThrow(AlfNameError);
    },
  );
});

describe('autoRevision: the table of reference §2, with today fixed', () => {
  // ONE's mocked test, row by row (the history is newest first; "…" holds an older protected revision).
  it.each([
    ['[{"":F}]', '', history(['', F]), '', 'NOT_PROTECTED'],
    [
      '[{"":F},{x:T}] (original newest and unprotected)',
      '',
      history(['', F], ['x', T]),
      '',
      'ORIGINAL_UNPROTECTED',
    ],
    ['[{today:F},…]', '', history([TODAY, F], ['', T]), TODAY, 'LATEST_UNPROTECTED'],
    ['[{today:T},…]', '', history([TODAY, T], ['', F]), `${TODAY}a`, 'CONTINUE_TODAY'],
    ['[{todaya:T},{today:T}]', '', history([`${TODAY}a`, T], [TODAY, T]), `${TODAY}b`, 'CONTINUE_TODAY'],
    ['[{x:F},{y:T}]', '', history(['x', F], ['y', T]), TODAY, 'LATEST_UNPROTECTED'],
    ['[{todayA:T},…]', '', history([`${TODAY}A`, T], ['', F]), `${TODAY}B`, 'CONTINUE_TODAY'],
  ])('mocked %s → %s', (_case, requested, past, revision, rule) => {
    expect(autoRevision({ requested, history: past, today: TODAY })).toEqual({
      value: { revision, rule, moved: revision !== requested },
    });
  });

  it.each([
    ['no earlier dataset', 'tag1', history(), 'tag1', 'NOT_PROTECTED'],
    ['#R#, R not protected', 'tag1', history(['tag1', F], ['', T]), 'tag1', 'REQUESTED_UNPROTECTED'],
    ['#R#, R protected', 'tag1', history(['tag1', T]), 'tag1a', 'REQUESTED_PROTECTED'],
    ['#R#, R and Ra protected', 'tag1', history(['tag1a', T], ['tag1', T]), 'tag1b', 'REQUESTED_PROTECTED'],
    [
      '#R#, R protected, Ra unprotected (patched in place)',
      'tag1',
      history(['tag1a', F], ['tag1', T]),
      'tag1a',
      'REQUESTED_PROTECTED',
    ],
    [
      'latest unprotected, a date',
      '',
      history(['2024-01-01_fix', F], ['', T]),
      '2024-01-01_fix',
      'LATEST_UNPROTECTED',
    ],
    ['latest unprotected, not a date', '', history(['v2', F], ['', T]), TODAY, 'LATEST_UNPROTECTED'],
    ['latest protected, another day', '', history(['2024-01-01', T], ['', F]), TODAY, 'TODAY'],
    [
      'latest protected, contains today, last char not a letter',
      '',
      history([`${TODAY}_1`, T]),
      `${TODAY}a`,
      'CONTINUE_TODAY',
    ],
    [
      'latest protected, today already protected too',
      '',
      history(['x', T], [TODAY, T]),
      `${TODAY}a`,
      'TODAY',
    ],
  ])('%s', (_case, requested, past, revision, rule) => {
    expect(autoRevision({ requested, history: past, today: TODAY })).toEqual({
      value: { revision, rule, moved: revision !== requested },
    });
  });

  it("follows ONE's live test: tag1, tag1a, today, todaya, todayb", () => {
    const states: RevisionState[] = [];
    const register = (requested: string) => {
      const outcome = autoRevision({ requested, history: states, today: TODAY });
      if ('problem' in outcome) throw new Error(outcome.problem.message);
      return outcome.value.revision;
    };
    const protect = (revision: string) => {
      const found = states.find((s) => s.revision === revision);
      if (found) found.protected = true;
      else states.unshift({ revision, protected: true });
    };
    expect(register('tag1')).toBe('tag1');
    protect('tag1');
    expect(register('tag1')).toBe('tag1a');
    // The original of the same file, protected, is registered again without a revision: today.
    states.push({ revision: '', protected: true });
    expect(register('')).toBe(TODAY);
    protect(TODAY);
    expect(register('')).toBe(`${TODAY}a`);
    protect(`${TODAY}a`);
    expect(register('')).toBe(`${TODAY}b`);
  });

  it('is REVISION_EXHAUSTED when the letters run out', () => {
    const all = [...LETTERS].map((l): [string, boolean] => [`${TODAY}${l}`, T]);
    expect(
      autoRevision({ requested: '', history: history([`${TODAY}z`, T], [TODAY, T]), today: TODAY }),
    ).toMatchObject({
      problem: { code: 'REVISION_EXHAUSTED' },
    });
    expect(
      autoRevision({ requested: TODAY, history: history(...all, [TODAY, T]), today: TODAY }),
    ).toMatchObject({
      problem: { code: 'REVISION_EXHAUSTED' },
    });
  });
});
