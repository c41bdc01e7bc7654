import { describe, expect, it } from 'vitest';
import {
  afterDeathProblem,
  alfSessionPath,
  DEFAULT_MAX_WEIGHT_G,
  deathBeforeBirthProblem,
  midProblem,
  roundSignificant,
  sessionNumberProblem,
  sessionTimeProblems,
  USER_ERROR_CODES,
  unknownNamesProblem,
  volumeProblem,
  weightProblem,
} from '../../src/domain/registryRules.ts';

const LA = 'America/Los_Angeles';
const codeOf = (error: { code: string } | null) => error?.code ?? null;

describe('roundSignificant (4 s.f., as ONE before posting)', () => {
  it.each([
    [35.10000000235, 35.1],
    [21.456, 21.46],
    [0.000123456, 0.0001235],
    [123456, 123500],
    [1.2345, 1.234], // the double nearest 1.2345 is just below it, as in Python's round()
    [2.5, 2.5],
    [0, 0],
  ])('%d → %d', (value, rounded) => {
    expect(roundSignificant(value)).toBe(rounded);
  });
});

describe('registry rules', () => {
  it.each([
    [1, null],
    [999, null],
    [0, 'INVALID_SESSION_NUMBER'],
    [1000, 'INVALID_SESSION_NUMBER'],
    [1.5, 'INVALID_SESSION_NUMBER'],
    [-3, 'INVALID_SESSION_NUMBER'],
  ])('session number %d → %s', (number, code) => {
    expect(codeOf(sessionNumberProblem(number))).toBe(code);
  });

  it.each([
    ['676909', null],
    ['1234567', null],
    ['12345', 'INVALID_MID'],
    ['12345678', 'INVALID_MID'],
    ['67690a', 'INVALID_MID'],
  ])('MID %s → %s', (mid, code) => {
    expect(codeOf(midProblem(mid, 'mid'))).toBe(code);
  });

  it.each([
    // 13:43 PST on the session date
    ['2023-12-13', '2023-12-13T21:43:40Z', null, []],
    // 20:00 PST on the 13th is already the 14th in UTC: still the 13th in the lab
    ['2023-12-13', '2023-12-14T04:00:00Z', null, []],
    ['2023-12-14', '2023-12-14T04:00:00Z', null, ['START_TIME_DATE_MISMATCH']],
    ['2023-12-13', '2023-12-13T21:43:40Z', '2023-12-13T21:43:40Z', ['END_BEFORE_START']],
    [
      '2023-12-12',
      '2023-12-13T21:43:40Z',
      '2023-12-13T20:00:00Z',
      ['START_TIME_DATE_MISMATCH', 'END_BEFORE_START'],
    ],
    ['2023-12-13', '2023-12-13T21:43:40Z', '2023-12-14T21:43:40Z', []],
  ])('session on %s starting %s, ending %s → %j', (date, start, end, codes) => {
    const problems = sessionTimeProblems(
      { date, startTime: new Date(start), endTime: end ? new Date(end) : null },
      LA,
    );
    expect(problems.map((problem) => problem.code)).toEqual(codes);
  });

  it.each([
    [25, 'mouse', null],
    [60, 'mouse', null],
    [60.01, 'mouse', 'IMPLAUSIBLE_WEIGHT'],
    [60.01, 'Mouse', 'IMPLAUSIBLE_WEIGHT'],
    [300, 'rat', null],
    [0, 'mouse', 'NON_POSITIVE_WEIGHT'],
    [-2, 'mouse', 'NON_POSITIVE_WEIGHT'],
    [Number.NaN, 'mouse', 'NON_POSITIVE_WEIGHT'],
  ])('weight %d g of a %s → %s', (grams, species, code) => {
    expect(codeOf(weightProblem(grams, species, DEFAULT_MAX_WEIGHT_G))).toBe(code);
  });

  it.each([
    [1.2, false, null],
    [null, true, null],
    [1.2, true, null],
    [null, false, 'VOLUME_REQUIRED'],
    [0, false, 'NON_POSITIVE_VOLUME'],
    [0, true, 'NON_POSITIVE_VOLUME'],
    [-1, false, 'NON_POSITIVE_VOLUME'],
  ])('volume %s mL, adlib %s → %s', (volume, adlib, code) => {
    expect(codeOf(volumeProblem(volume, adlib))).toBe(code);
  });

  it.each([
    ['2024-01-10T20:00:00Z', null, null],
    ['2024-01-10T20:00:00Z', '2024-01-10', null],
    // 23:00 PST on the death date is the next day in UTC, still the death date in the lab
    ['2024-01-11T07:00:00Z', '2024-01-10', null],
    ['2024-01-11T09:00:00Z', '2024-01-10', 'AFTER_DEATH_DATE'],
  ])('a record at %s for a subject dead on %s → %s', (at, death, code) => {
    expect(codeOf(afterDeathProblem(new Date(at), death, LA, 'dateTime'))).toBe(code);
  });

  it('checks death against birth, lists unknown names at once, and builds ALF paths', () => {
    expect(codeOf(deathBeforeBirthProblem('2024-01-02', '2024-01-01'))).toBe('DEATH_BEFORE_BIRTH');
    expect(deathBeforeBirthProblem('2024-01-02', '2024-01-02')).toBeNull();
    expect(deathBeforeBirthProblem(null, '2024-01-01')).toBeNull();
    expect(unknownNamesProblem('USER_NOT_FOUND', 'users', 'users', ['zed', 'amy'])).toEqual({
      code: 'USER_NOT_FOUND',
      field: ['users'],
      message: 'unknown users: zed, amy',
    });
    expect(unknownNamesProblem('USER_NOT_FOUND', 'users', 'users', [])).toBeNull();
    expect(alfSessionPath('dynamic-routing', '676909', '2023-12-13', 2)).toBe(
      'dynamic-routing/Subjects/676909/2023-12-13/002',
    );
    expect(new Set(USER_ERROR_CODES).size).toBe(USER_ERROR_CODES.length);
    for (const code of USER_ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});
