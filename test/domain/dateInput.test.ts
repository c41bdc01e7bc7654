import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_DATE_FORMS,
  compileDateRange,
  parseDateInput,
  parseDatetimeInput,
} from '../../src/domain/dateInput.ts';
import { BadUserInputError } from '../../src/errors.ts';

const NOW = new Date('2025-06-15T12:00:00Z');

describe('parseDateInput / parseDatetimeInput: the reference table (aind §2.3)', () => {
  it.each([
    ['2023-12-13', '2023-12-13', '2023-12-13 00:00:00'],
    ['2023-12-13_13-43-40', '2023-12-13', '2023-12-13 13:43:40'],
    ['2023-12-13 13:43:40', '2023-12-13', '2023-12-13 13:43:40'],
    ['2023-12-13T13:43:40', '2023-12-13', '2023-12-13 13:43:40'],
    ['20231213', '2023-12-13', '2023-12-13 00:00:00'],
    ['20231213_134340', '2023-12-13', '2023-12-13 13:43:40'],
    ['2023/12/13', '2023-12-13', '2023-12-13 00:00:00'],
    // time zone and fraction dropped: session datetimes are naive lab-local times
    ['2023-12-13T13:43:40.123456+00:00', '2023-12-13', '2023-12-13 13:43:40'],
    ['ecephys_676909_2023-12-13_13-43-40', '2023-12-13', '2023-12-13 13:43:40'],
    // npc_session doctests
    ['2022-04-25', '2022-04-25', '2022-04-25 00:00:00'],
    ['366122_20220425_150237_2', '2022-04-25', '2022-04-25 15:02:37'],
    ['2021-06-01_10:12:03', '2021-06-01', '2021-06-01 10:12:03'],
    ['2021-06-01_10-00-00', '2021-06-01', '2021-06-01 10:00:00'],
  ])('%s → %s / %s', (input, date, datetime) => {
    expect(parseDateInput(input, NOW)).toBe(date);
    expect(parseDatetimeInput(input, NOW)).toBe(datetime);
  });

  it.each([
    // Reference quirk 8: DatetimeRecord('20231213134340') silently drops the time (→ 00:00:00) because
    // the pattern wants a non-digit between date and time. We DELIBERATELY read a time glued to the
    // date, since a user who typed it meant it; a start filter at midnight would include sessions
    // the user excluded.
    ['20231213134340', '2023-12-13 13:43:40'],
    // The reference also turns a time without seconds into midnight; we read it as HH:MM:00.
    ['2023-12-13_13:43', '2023-12-13 13:43:00'],
    ['2023-12-13 09:05', '2023-12-13 09:05:00'],
  ])('deliberate deviation from the reference: %s → %s', (input, datetime) => {
    expect(parseDatetimeInput(input, NOW)).toBe(datetime);
    expect(parseDateInput(input, NOW)).toBe(datetime.slice(0, 10));
  });

  it.each([
    ['HH-MM without seconds stays a date (could be anything)', 'ecephys_626791_2022-08-15_00-00_dlc_eye'],
    ['a digit before the date: not a glued time', '120231213134340'],
    ['more than six glued digits: not a time', '202312131343401'],
  ])('%s: %s → midnight', (_why, input) => {
    expect(parseDatetimeInput(input, NOW)).toBe(`${parseDateInput(input, NOW)} 00:00:00`);
  });

  it.each([
    ['underscore separators', '2023_12_13', 'separates the date with "_"'],
    ['day first', '13/12/2023', 'no date found'],
    ['empty', '', 'it is empty'],
    ['blank', '  ', 'it is empty'],
    ['year 2014', '2014-01-01', 'year 2014 is outside 2016–2025'],
    ['year 2015', '2015-12-31', 'year 2015 is outside 2016–2025'],
    ['next year', '2026-01-01', 'year 2026 is outside 2016–2025'],
    ['month 13', '2023-13-01', 'month 13 is not a month'],
    ['day 32', '2023-01-32', 'day 32 is not a day'],
    ['Feb 29 on a non-leap year', '2023-02-29', 'February 2023 has 28 days'],
    ['hour 24', '2023-12-13 24:00:00', 'hour 24 is not an hour'],
    ['hour 25 glued', '20231213250000', 'hour 25 is not an hour'],
    ['minute 60', '2023-12-13T13:60:00', 'minute 60 is not a minute'],
    ['minute 60 without seconds', '2023-12-13 13:60', 'minute 60 is not a minute'],
    ['second 60', '2023-12-13 13:59:60', 'second 60 is not a second'],
    ['words', 'last tuesday', 'no date found'],
  ])('rejects %s: %j (%s)', (_what, input, problem) => {
    for (const parse of [parseDateInput, parseDatetimeInput]) {
      expect(() => parse(input, NOW)).toThrow(BadUserInputError);
      expect(() => parse(input, NOW)).toThrow(problem);
    }
  });

  it('quotes the input and lists the accepted forms', () => {
    let error: unknown;
    try {
      parseDateInput('2023-13-01', NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).message).toContain('"2023-13-01"');
    expect((error as BadUserInputError).accepted).toEqual(ACCEPTED_DATE_FORMS);
  });

  it('accepts Feb 29 on leap years and the first and last valid years', () => {
    expect(parseDateInput('2024-02-29', NOW)).toBe('2024-02-29');
    expect(parseDateInput('2016-01-01', NOW)).toBe('2016-01-01');
    expect(parseDateInput('2025-12-31', NOW)).toBe('2025-12-31');
  });
});

describe('compileDateRange: inclusive at both ends', () => {
  const sessions = [
    '2023-12-12 23:59:59',
    '2023-12-13 00:00:00',
    '2023-12-13 13:43:40',
    '2023-12-14 00:00:00',
    '2023-12-14 23:59:59',
    '2023-12-15 00:00:00',
  ];
  const kept = (range: { start?: string; end?: string }) => sessions.filter(compileDateRange(range, NOW));

  it.each([
    [{ start: '2023-12-13', end: '2023-12-14' }, sessions.slice(1, 5)],
    [{ start: '2023-12-13', end: '2023-12-13' }, sessions.slice(1, 3)],
    [{ start: '2023-12-13 13:43:40', end: '2023-12-14 00:00:00' }, sessions.slice(2, 4)],
    [{ start: '2023-12-13T13:43:40', end: '2023-12-14T23:59:59' }, sessions.slice(2, 5)],
    [{ start: '20231213_134340' }, sessions.slice(2)],
    [{ end: '2023/12/13' }, sessions.slice(0, 3)],
    [{ start: 'ecephys_676909_2023-12-13_13-43-40' }, sessions.slice(2)],
    [{}, sessions],
    [{ start: '', end: '  ' }, sessions],
  ])('%j keeps %j', (range, expected) => {
    expect(kept(range)).toEqual(expected);
  });

  it('includes a session exactly at the start and every session on the end day', () => {
    const inRange = compileDateRange({ start: '2023-12-13 13:43:40', end: '2023-12-14' }, NOW);
    expect(inRange('2023-12-13 13:43:40')).toBe(true);
    expect(inRange('2023-12-14 00:00:00')).toBe(true);
    expect(inRange('2023-12-14 18:30:00')).toBe(true);
  });

  it('does NOT reproduce the reference get_sessions bounds, which are exclusive (aind §2.4, quirk 1)', () => {
    // Reference: skip when session.dt <= start or session.dt >= end, so end_date='2023-12-14' drops
    // every session on 12-14 and a session at exactly the start is dropped. DESIGN.md: inclusive.
    const referenceExclusive = (dt: string, start: string, end: string) => dt > start && dt < end;
    const start = '2023-12-13 13:43:40';
    const end = '2023-12-14';
    const ours = compileDateRange({ start, end }, NOW);
    expect(referenceExclusive('2023-12-13 13:43:40', start, '2023-12-14 00:00:00')).toBe(false);
    expect(ours('2023-12-13 13:43:40')).toBe(true);
    expect(referenceExclusive('2023-12-14 10:00:00', start, '2023-12-14 00:00:00')).toBe(false);
    expect(ours('2023-12-14 10:00:00')).toBe(true);
  });

  it.each([
    [{ start: '2023-12-13', end: '2023-12-13' }, '2023-12-13', true],
    [{ start: '2023-12-13 12:00:00' }, '2023-12-13', true],
    [{ end: '2023-12-13 08:00:00' }, '2023-12-13', true],
    [{ start: '2023-12-14' }, '2023-12-13', false],
    [{ end: '2023-12-12 23:59:59' }, '2023-12-13', false],
  ])(
    '%j: a session known only by its day (%s) is in range when the day overlaps → %s',
    (range, day, inRange) => {
      expect(compileDateRange(range, NOW)(day)).toBe(inRange);
    },
  );

  it('accepts ISO values with a T', () => {
    expect(compileDateRange({ start: '2023-12-13' }, NOW)('2023-12-13T00:00:00')).toBe(true);
  });

  it.each([
    [{ start: '2023-12-14', end: '2023-12-13' }, 'is after endDate'],
    [{ start: '2023-12-13 12:00:01', end: '2023-12-13 12:00:00' }, 'is after endDate'],
    [{ start: '2023-13-01' }, 'Cannot read startDate "2023-13-01": month 13 is not a month'],
    [{ end: '2014-01-01' }, 'Cannot read endDate "2014-01-01": year 2014 is outside 2016–2025'],
  ])('rejects %j', (range, message) => {
    expect(() => compileDateRange(range, NOW)).toThrow(BadUserInputError);
    expect(() => compileDateRange(range, NOW)).toThrow(message);
  });

  it('allows a start with a time on the same day as a date-only end', () => {
    expect(
      compileDateRange({ start: '2023-12-13 12:00:00', end: '2023-12-13' }, NOW)('2023-12-13 20:00:00'),
    ).toBe(true);
  });

  it('refuses to compare a value that is not a session datetime', () => {
    expect(() => compileDateRange({}, NOW)('yesterday')).toThrow(RangeError);
  });
});
