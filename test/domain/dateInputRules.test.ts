/**
 * Date and datetime filter inputs, the boundaries of each rule: which label an error names, times
 * glued to the date or without seconds, the last valid hour/minute/second, separators named in the
 * error, input length and quoting limits, and inclusive ranges whose start may equal their end.
 */
import { describe, expect, it } from 'vitest';
import {
  checkInputLength,
  compileDateRange,
  MAX_INPUT_LENGTH,
  parseDateInput,
  parseDatetimeInput,
  quoteInput,
  timeProblem,
} from '../../src/domain/dateInput.ts';
import { BadUserInputError } from '../../src/errors.ts';

const now = new Date('2024-06-01T12:00:00Z');

describe('parseDatetimeInput / parseDateInput', () => {
  it.each<[string, string]>([
    ['2023-12-13', '2023-12-13 00:00:00'],
    ['20231213134340', '2023-12-13 13:43:40'],
    ['session 20231213134340', '2023-12-13 13:43:40'],
    ['676909_2023-12-13_134340', '2023-12-13 13:43:40'],
    ['2023-12-13 13:43', '2023-12-13 13:43:00'],
    ['x2023-12-13T13:43:40Z', '2023-12-13 13:43:40'],
    ['2023-12-13 23:59:59', '2023-12-13 23:59:59'],
  ])('%j → %s', (input, expected) => {
    expect(parseDatetimeInput(input, now)).toBe(expected);
    expect(parseDateInput(input, now)).toBe(expected.slice(0, 10));
  });

  it.each<[string, string]>([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['2023_12_13', '"2023_12_13" separates the date with "_"; use "-", "/" or nothing'],
    ['2023-12_13', '"2023-12_13" separates the date with "_"; use "-", "/" or nothing'],
    ['2023/12_13', '"2023/12_13" separates the date with "_"; use "-", "/" or nothing'],
    ['202312_13', '"202312_13" separates the date with "_"; use "-", "/" or nothing'],
    ['2023_1213', '"2023_1213" separates the date with "_"; use "-", "/" or nothing'],
    ['2023-02-30 10:00:00', '2023-02-30 is not a calendar date: February 2023 has 28 days'],
    ['2023-13-01 10:00:00', 'month 13 is not a month (01–12)'],
    ['2023-12-13 24:00:00', 'hour 24 is not an hour (00–23)'],
    ['2023-12-13_25-00-00', 'hour 25 is not an hour (00–23)'],
    ['2023-12-13 13:43:60', 'second 60 is not a second (00–59)'],
  ])('%j is refused: %s', (input, problem) => {
    expect(() => parseDatetimeInput(input, now)).toThrow(
      `Cannot read datetime ${JSON.stringify(input)}: ${problem}.`,
    );
    expect(() => parseDateInput(input, now)).toThrow(
      `Cannot read date ${JSON.stringify(input)}: ${problem}.`,
    );
    expect(() => parseDateInput(input, now)).toThrow(BadUserInputError);
  });
});

describe('timeProblem', () => {
  it.each<[number, number, number, string | null]>([
    [0, 0, 0, null],
    [23, 59, 59, null],
    [24, 0, 0, 'hour 24 is not an hour (00–23)'],
    [0, 60, 0, 'minute 60 is not a minute (00–59)'],
    [0, 0, 60, 'second 60 is not a second (00–59)'],
  ])('%i:%i:%i → %s', (h, m, s, problem) => {
    expect(timeProblem(h, m, s)).toBe(problem);
  });
});

describe('input limits', () => {
  it('accepts exactly MAX_INPUT_LENGTH characters, refuses one more and names the field', () => {
    expect(() => checkInputLength('subject', 'x'.repeat(MAX_INPUT_LENGTH), ['a'])).not.toThrow();
    expect(() => checkInputLength('subject', 'x'.repeat(MAX_INPUT_LENGTH + 1), ['a'])).toThrow(
      `subject "${'x'.repeat(200)}…" is ${MAX_INPUT_LENGTH + 1} characters long; at most ${MAX_INPUT_LENGTH} are accepted. Accepted: a`,
    );
  });

  it('quotes up to 200 characters whole, longer inputs cut with an ellipsis', () => {
    expect(quoteInput('a"b')).toBe('"a\\"b"');
    expect(quoteInput('y'.repeat(200))).toBe(`"${'y'.repeat(200)}"`);
    expect(quoteInput('y'.repeat(201))).toBe(`"${'y'.repeat(200)}…"`);
  });
});

describe('compileDateRange', () => {
  it('a start equal to the end is one whole day, both ends included', () => {
    const inRange = compileDateRange({ start: '2023-12-13', end: '2023-12-13' }, now);
    expect(
      ['2023-12-12 23:59:59', '2023-12-13 00:00:00', '2023-12-13 23:59:59', '2023-12-14 00:00:00'].map(
        inRange,
      ),
    ).toEqual([false, true, true, false]);
  });

  it('a start and end at the same second is that one second', () => {
    const inRange = compileDateRange({ start: '2023-12-13 12:00:00', end: '2023-12-13 12:00:00' }, now);
    expect(['2023-12-13 11:59:59', '2023-12-13 12:00:00', '2023-12-13 12:00:01'].map(inRange)).toEqual([
      false,
      true,
      false,
    ]);
  });

  it.each<[{ start?: string | null; end?: string | null }, string[], boolean[]]>([
    [
      { start: '2023-12-13 12:00:00' },
      ['2023-12-13 11:59:59', '2023-12-13 12:00:00', '2030-01-01'],
      [false, true, true],
    ],
    [
      { end: '2023-12-13 12:00:00' },
      ['2016-01-01 00:00:00', '2023-12-13 12:00:00', '2023-12-13 12:00:01'],
      [true, true, false],
    ],
    [{ start: null, end: '' }, ['2016-01-01', '2030-12-31 23:59:59'], [true, true]],
  ])('open ends: %j', (range, values, expected) => {
    expect(values.map(compileDateRange(range, now))).toEqual(expected);
  });

  it.each<[{ start?: string; end?: string }, string]>([
    [
      { start: '2023-12-14', end: '2023-12-13' },
      'startDate "2023-12-14" is after endDate "2023-12-13" (2023-12-14 00:00:00 > 2023-12-13 23:59:59).',
    ],
    [
      { start: '2023-12-13 12:00:01', end: '2023-12-13 12:00:00' },
      'startDate "2023-12-13 12:00:01" is after endDate "2023-12-13 12:00:00" (2023-12-13 12:00:01 > 2023-12-13 12:00:00).',
    ],
    [{ start: 'nope' }, 'Cannot read startDate "nope": no date found (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD).'],
    [{ end: 'nope' }, 'Cannot read endDate "nope": no date found (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD).'],
  ])('refuses %j', (range, message) => {
    expect(() => compileDateRange(range, now)).toThrow(message);
  });

  it('refuses a session value that is not a datetime (a programming error, not user input)', () => {
    const inRange = compileDateRange({ start: '2023-12-13' }, now);
    expect(() => inRange('garbage')).toThrow(
      new RangeError('not a session datetime (YYYY-MM-DD[ HH:MM:SS]): "garbage"'),
    );
  });
});
