import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_SESSION_REF_FORMS,
  extractSubject,
  parseSessionRef,
  sessionIdOf,
  tryParseSessionRef,
} from '../../src/domain/sessionRef.ts';
import { BadUserInputError } from '../../src/errors.ts';

/** Fixed clock: the latest acceptable year is 2025. */
const NOW = new Date('2025-06-15T12:00:00Z');

describe('parseSessionRef: reference examples (acceptance cases)', () => {
  it.each([
    // npc-tracked-sessions-and-behavior.md §2
    ['670243_20230505', '670243_2023-05-05'],
    ['670243 2023-05-05', '670243_2023-05-05'],
    ['2023-05-05 670243', '670243_2023-05-05'],
    ['DynamicRouting1_670243_20230505_134550', '670243_2023-05-05'],
    ['s3://bucket/Data/670243/DynamicRouting1_670243_20230505_134550.hdf5', '670243_2023-05-05'],
    ['366122_20210601_1', '366122_2021-06-01_1'],
    ['366122_20220425_150237_2', '366122_2022-04-25_2'],
    // npc_session doctests
    ['DRPilot_366122_20220425', '366122_2022-04-25'],
    ['0123456789_366122_20220425', '366122_2022-04-25'],
    ['366122_2022-04-25', '366122_2022-04-25'],
    ['2022-04-25_12:00:00_366122', '366122_2022-04-25'],
    ['366122_2022-04-25_1', '366122_2022-04-25_1'],
    ['366122_2022-04-25_0', '366122_2022-04-25'],
    ['366122_2021-06-01_10:12:03_3', '366122_2021-06-01_3'],
    ['2021-06-01_10:12:03_366122', '366122_2021-06-01'],
    ['366122_20210601_101203', '366122_2021-06-01'],
    ['DRPilot_366122_20210601', '366122_2021-06-01'],
    // tracked_sessions.yaml entries (§1.1)
    [
      '//allen/programs/mindscope/workgroups/dynamicrouting/PilotEphys/Task 2 pilot/DRpilot_644867_20230221',
      '644867_2023-02-21',
    ],
    ['//allen/.../Task 2 pilot/DRpilot_667252_20230925', '667252_2023-09-25'],
    ['//allen/.../Task 2 pilot/DRpilot_708019_20240322', '708019_2024-03-22'],
    [
      '//allen/programs/mindscope/workgroups/templeton/TTOC/pilot recordings/2022-09-20_13-21-35_628801',
      '628801_2022-09-20',
    ],
    [
      '//allen/programs/mindscope/workgroups/dynamicrouting/DynamicRoutingTask/Data/677352/DynamicRouting1_677352_20231013_155330.hdf5',
      '677352_2023-10-13',
    ],
    // a training-sheet row: `${MID} ${start time}` (§1.2)
    ['366122 2023-01-30 12:56:27', '366122_2023-01-30'],
    // a cloud path (§1.3)
    ['s3://aind-ephys-data/ecephys_668759_2023-07-11_13-07-32', '668759_2023-07-11'],
  ])('%s → %s', (input, id) => {
    expect(parseSessionRef(input, NOW).id).toBe(id);
  });
});

describe('parseSessionRef: forms, orders and separators', () => {
  it.each([
    ['MID_YYYY-MM-DD', '670243_2023-05-05', '670243_2023-05-05'],
    ['MID_YYYY/MM/DD', '670243_2023/05/05', '670243_2023-05-05'],
    ['slash path of the date', '670243/2023/05/05', '670243_2023-05-05'],
    ['separators independent (-/)', '670243_2023-05/05', '670243_2023-05-05'],
    ['separators independent (-, none)', '670243_2023-0505', '670243_2023-05-05'],
    ['date first, underscore', '20230505_676909', '676909_2023-05-05'],
    ['date first, space', '2023/05/05 676909', '676909_2023-05-05'],
    ['datetime with T', '2023-05-05T13:45:50 670243', '670243_2023-05-05'],
    ['datetime with dots', '670243 2023-05-05_13.45.50', '670243_2023-05-05'],
    ['surrounded by whitespace', '  670243_20230505  ', '670243_2023-05-05'],
    ['inside a sentence', 'session of 670243 on 2023-05-05 (good one)', '670243_2023-05-05'],
    [
      'Windows UNC backslashes',
      '\\\\allen\\programs\\Task 2 pilot\\DRpilot_644867_20230221',
      '644867_2023-02-21',
    ],
    [
      'Windows drive path',
      'C:\\Users\\svc\\Data\\670243\\DynamicRouting1_670243_20230505_134550.hdf5',
      '670243_2023-05-05',
    ],
    ['file URI', 'file:///data/670243/DynamicRouting1_670243_20230505_134550.hdf5', '670243_2023-05-05'],
    ['stim file with idx', 'DynamicRouting1_670243_20230505_134550_2', '670243_2023-05-05_2'],
    ['7-digit subject first', '1234567_20230505', '1234567_2023-05-05'],
    ['7-digit subject last', '20230505 7654321', '7654321_2023-05-05'],
    ['7-digit subject in a stim name', 'DynamicRouting1_1234567_20230505_134550.hdf5', '1234567_2023-05-05'],
    // A time is never carved out of a longer digit run: date first, then a 7-digit MID.
    ['date first, space, 7-digit MID', '2025-01-17 1012345', '1012345_2025-01-17'],
    ['date first, slashes and underscore, 7-digit MID', '2025/01/17_1012345', '1012345_2025-01-17'],
    ['compact date first, 7-digit MID', '20250117_1012345', '1012345_2025-01-17'],
    ['date first, dot, 7-digit MID', '2025-01-17.1012345', '1012345_2025-01-17'],
    ['date first, 7-digit MID and idx', '2025-01-17_1012345_2', '1012345_2025-01-17_2'],
    ['datetime first, then a 7-digit MID', '2025-01-17_10:12:34_1012345', '1012345_2025-01-17'],
    ['compact datetime first, then a 7-digit MID', '20250117_101234_1012345', '1012345_2025-01-17'],
    ['idx _12', '670243_20230505_12', '670243_2023-05-05_12'],
    ['idx _01 is 1', '670243_2023-05-05_01', '670243_2023-05-05_1'],
    ['idx after a date-first ref', '2023-05-05_670243_3', '670243_2023-05-05_3'],
    ['an extension hides an idx', '670243_20230505_1.hdf5', '670243_2023-05-05'],
    ['a trailing underscore is not an idx', '670243_20230505_', '670243_2023-05-05'],
    ['an idx not at the very end is ignored', '670243_20230505_1/notes', '670243_2023-05-05'],
    [
      'multiple dates: first DATETIME wins over an earlier bare date',
      's3://bucket/2024-01-01/DynamicRouting1_670243_20230505_134550.hdf5',
      '670243_2023-05-05',
    ],
    [
      'multiple datetimes: the first one wins',
      '/data/670243_2023-05-05_10-00-00/copied_2024-01-01_09-00-00',
      '670243_2023-05-05',
    ],
    ['multiple bare dates: the first one wins', 'backup 2024-01-01/670243_2023-05-05', '670243_2024-01-01'],
    ['a second subject-shaped run: the first wins', '670243_20230505_676909', '670243_2023-05-05'],
    [
      'a bare 6-digit run after a date may be the MID, so an invalid "time" there is no error',
      '670243_20230505_240000',
      '670243_2023-05-05',
    ],
    ['Feb 29 on a leap year', '670243_20240229', '670243_2024-02-29'],
    ['Feb 29 on 2020', '670243_2020-02-29', '670243_2020-02-29'],
    ['first valid year 2016', '670243_20160101', '670243_2016-01-01'],
    ['the current year', '670243_2025-12-31', '670243_2025-12-31'],
    ['day 31 in a 31-day month', '670243_2023-01-31', '670243_2023-01-31'],
  ])('%s: %s → %s', (_what, input, id) => {
    expect(parseSessionRef(input, NOW).id).toBe(id);
  });

  it('returns the key pieces alongside the id', () => {
    expect(parseSessionRef('366122_2021-06-01_10:12:03_3', NOW)).toEqual({
      subject: '366122',
      date: '2021-06-01',
      idx: 3,
      id: '366122_2021-06-01_3',
      aind: null,
    });
  });
});

describe('parseSessionRef: AIND session and derived asset names', () => {
  it.each([
    ['ecephys_676909_2023-12-13_13-43-40', '676909_2023-12-13', 'ecephys_676909_2023-12-13_13-43-40'],
    [
      'ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45',
      '676909_2023-12-13',
      'ecephys_676909_2023-12-13_13-43-40',
    ],
    [
      'ecephys_676909_2023-12-13_13-43-40_sorted_2023-12-17_03-16-51',
      '676909_2023-12-13',
      'ecephys_676909_2023-12-13_13-43-40',
    ],
    [
      'ecephys_686740_2023_10_26_12_29_08_to_dlc_side',
      '686740_2023-10-26',
      'ecephys_686740_2023-10-26_12-29-08',
    ],
    [
      'data/ecephys_686740_2023_10_26_12_29_08_to_dlc_side',
      '686740_2023-10-26',
      'ecephys_686740_2023-10-26_12-29-08',
    ],
    [
      'data\\ecephys_686740_2023_10_26_12_29_08_to_dlc_side',
      '686740_2023-10-26',
      'ecephys_686740_2023-10-26_12-29-08',
    ],
    [
      'prefix_ecephys_366122_2021-06-01_10-12-03_sorted',
      '366122_2021-06-01',
      'ecephys_366122_2021-06-01_10-12-03',
    ],
    [
      's3://aind-ephys-data/ecephys_668759_2023-07-11_13-07-32',
      '668759_2023-07-11',
      'ecephys_668759_2023-07-11_13-07-32',
    ],
    [
      'multiplane-ophys_676909_2023-12-13_13-43-40',
      '676909_2023-12-13',
      'multiplane-ophys_676909_2023-12-13_13-43-40',
    ],
    ['SmartSPIM_1234567_2024-01-02_03-04-05', '1234567_2024-01-02', 'SmartSPIM_1234567_2024-01-02_03-04-05'],
    [
      'behavior_676909_2023/12/13_13:43:40.123456',
      '676909_2023-12-13',
      'behavior_676909_2023-12-13_13-43-40',
    ],
    [
      'ecephys_676909_2023-12-13_13.43.40_neuroglancer-state_2024-05-06_07-08-09',
      '676909_2023-12-13',
      'ecephys_676909_2023-12-13_13-43-40',
    ],
    // AIND names carry no session index: a trailing `_1` does not become idx 1.
    ['ecephys_676909_2023-12-13_13-43-40_1', '676909_2023-12-13', 'ecephys_676909_2023-12-13_13-43-40'],
  ])('%s → %s (aind %s)', (input, id, aindId) => {
    const ref = parseSessionRef(input, NOW);
    expect(ref.id).toBe(id);
    expect(ref.idx).toBe(0);
    expect(ref.aind?.id).toBe(aindId);
  });

  it('exposes the AIND view of the session', () => {
    expect(parseSessionRef('ecephys_676909_2023-12-13_13-43-40', NOW).aind).toEqual({
      id: 'ecephys_676909_2023-12-13_13-43-40',
      platform: 'ecephys',
      subject: '676909',
      date: '2023-12-13',
      time: '13:43:40',
      datetime: '2023-12-13 13:43:40',
    });
  });

  it.each([
    ['no platform before the subject', '366122_2021-06-01_10-12-03_sorted', '366122_2021-06-01'],
    ['a stim file has no date separators', 'DynamicRouting1_670243_20230505_134550', '670243_2023-05-05'],
    ['no time', 'ecephys_676909_2023-12-13', '676909_2023-12-13'],
  ])('not an AIND name (%s): %s → %s, aind null', (_why, input, id) => {
    const ref = parseSessionRef(input, NOW);
    expect(ref.id).toBe(id);
    expect(ref.aind).toBeNull();
  });
});

describe('parseSessionRef: invalid input says what was wrong', () => {
  it.each([
    ['empty', '', 'it is empty'],
    ['blank', '   ', 'it is empty'],
    ['month 13 (reference example)', '366122_2022-13-25', 'month 13 is not a month'],
    ['month 13 without separators', '670243_20231325', 'month 13 is not a month'],
    ['month 00', '670243_2023-00-10', 'month 00 is not a month'],
    ['day 32', '670243_2023-05-32', 'day 32 is not a day'],
    ['day 00', '670243_20230500', 'day 00 is not a day'],
    ['Feb 29 on a non-leap year', '670243_20230229', 'February 2023 has 28 days'],
    ['Apr 31', '670243_2023-04-31', 'April 2023 has 30 days'],
    ['year 2015', '670243_20150601', 'year 2015 is outside 2016–2025'],
    ['year 2014', '670243_2014-01-01', 'year 2014 is outside 2016–2025'],
    ['next year', '670243_20260101', 'year 2026 is outside 2016–2025'],
    ['year 2030 (beyond the date pattern)', '670243_2030-01-01', 'year 2030 is outside 2016–2025'],
    ['underscores in a non-AIND date', '670243_2023_05_05', 'separates the date with "_"'],
    ['dots in a date', '670243 2023.05.05', 'separates the date with "."'],
    ['day-first date', '13/12/2023 670243', 'no date found'],
    ['no date at all', '670243', 'no date found'],
    ['words', 'yesterday’s session', 'no date found'],
    ['reference error example', '3661_12345678_1', 'no date found'],
    ['no subject', '20230505', 'no subject ID found'],
    ['5-digit subject', '12345_20230505', '12345 has 5 digits'],
    ['8-digit subject', '12345678_20230505', '12345678 has 8 digits'],
    ['subject touching other digits', 'x670243123_20230505', 'no subject ID found'],
    // The reference deletes dates and would read 123456 here; we blank them so digits cannot fuse.
    ['digits on both sides of a date never fuse into a subject', '12320230505456', 'no subject ID found'],
    ['hour 24', '2023-05-05_24-00-00_670243', 'hour 24 is not an hour'],
    ['minute 60', '670243_2023-05-05_13:60:00', 'minute 60 is not a minute'],
    ['second 60', '670243_2023-05-05 13:59:60', 'second 60 is not a second'],
    ['AIND name with year 2015', 'ecephys_676909_2015-12-13_13-43-40', 'year 2015 is outside 2016–2025'],
    ['AIND name with next year', 'ecephys_676909_2026-01-01_00-00-00', 'year 2026 is outside 2016–2025'],
    ['AIND name with Feb 30', 'ecephys_676909_2023_02_30_13_43_40', 'February 2023 has 28 days'],
    ['AIND-like name with hour 24', 'ecephys_676909_2023-12-13_24-43-40', 'hour 24 is not an hour'],
    ['an absurd idx', '670243_20230505_99999999999999999999', 'index at the end is too large'],
  ])('%s: %j → %s', (_what, input, problem) => {
    expect(() => parseSessionRef(input, NOW)).toThrow(BadUserInputError);
    expect(() => parseSessionRef(input, NOW)).toThrow(problem);
    expect(tryParseSessionRef(input, NOW)).toBeNull();
  });

  it('quotes the input and lists the accepted forms', () => {
    const error = catchError(() => parseSessionRef('not-a-session', NOW));
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error.message).toContain('"not-a-session"');
    expect((error as BadUserInputError).accepted).toEqual(ACCEPTED_SESSION_REF_FORMS);
    for (const form of ACCEPTED_SESSION_REF_FORMS) expect(error.message).toContain(form);
  });

  it('names every documented form in ACCEPTED_SESSION_REF_FORMS', () => {
    const all = ACCEPTED_SESSION_REF_FORMS.join('\n');
    for (const piece of [
      'MID_YYYY-MM-DD[_idx]',
      'any order',
      'DynamicRouting1_MID_YYYYMMDD_HHMMSS',
      's3://',
      'AIND',
    ]) {
      expect(all).toContain(piece);
    }
  });

  it('keeps a huge input out of the message', () => {
    const error = catchError(() => parseSessionRef('x'.repeat(5000), NOW));
    expect(error.message.length).toBeLessThan(2000);
  });

  it('uses the real clock by default: this year is accepted, next year is not', () => {
    const thisYear = new Date().getUTCFullYear();
    expect(parseSessionRef(`670243_${thisYear}-01-01`).date).toBe(`${thisYear}-01-01`);
    // 2029 is the last year the date pattern matches; beyond it the near-miss explanation applies.
    expect(() => parseSessionRef(`670243_${thisYear + 1}-12-31`)).toThrow(`year ${thisYear + 1} is outside`);
  });
});

describe('tryParseSessionRef', () => {
  it.each([
    ['670243_20230505', '670243_2023-05-05'],
    ['ecephys_676909_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45', '676909_2023-12-13'],
  ])('%s → %s', (input, id) => {
    expect(tryParseSessionRef(input, NOW)?.id).toBe(id);
  });
});

describe('sessionIdOf', () => {
  it.each([
    [{ subject: '670243', date: '2023-05-05', idx: 0 }, '670243_2023-05-05'],
    [{ subject: '670243', date: '2023-05-05', idx: 1 }, '670243_2023-05-05_1'],
    [{ subject: '1234567', date: '2016-01-01', idx: 12 }, '1234567_2016-01-01_12'],
  ])('%j → %s', (key, id) => {
    expect(sessionIdOf(key)).toBe(id);
  });

  it('round-trips through parseSessionRef', () => {
    const key = { subject: '366122', date: '2022-04-25', idx: 2 };
    const ref = parseSessionRef(sessionIdOf(key), NOW);
    expect({ subject: ref.subject, date: ref.date, idx: ref.idx }).toEqual(key);
  });
});

describe('extractSubject', () => {
  it.each([
    ['366122_2021-06-01_10:12:03_3', '366122'],
    ['366122_20210601_101203', '366122'],
    ['366122_20210601', '366122'],
    ['0123456789', null],
    ['20231213', null],
    ['12345', null],
    ['1234567', '1234567'],
    ['DynamicRouting1_670243_20230505_134550.hdf5', '670243'],
    ['2022-09-20_13-21-35_628801', '628801'],
    ['ecephys_686740_2023_10_26_12_29_08_to_dlc_side', '686740'],
    ['ecephys_676909_2015-12-13_13-43-40', '676909'],
    ['1332563048_717439_20240222.beh.mp4', '717439'],
  ])('%s → %s', (input, subject) => {
    expect(extractSubject(input)).toBe(subject);
  });
});

describe('parseSessionRef: any order and separator (property)', () => {
  // MIDs starting 3–9 cannot be read as a time (hour ≥ 30), like every real labtracks MID.
  const subject = fc
    .tuple(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{5,6}$/))
    .map(([first, rest]) => `${first}${rest}`);
  const day = fc
    .integer({ min: Date.UTC(2016, 0, 1), max: Date.UTC(2025, 5, 15) })
    .map((ms) => new Date(ms).toISOString().slice(0, 10));
  const dateSep = fc.constantFrom('', '-', '/');
  const joiner = fc.constantFrom('_', ' ', '/', '__', ' - ');

  it('finds the same key wherever the pieces sit', () => {
    fc.assert(
      fc.property(
        subject,
        day,
        dateSep,
        dateSep,
        joiner,
        fc.boolean(),
        fc.nat({ max: 20 }),
        fc.constantFrom('', 'DRpilot_', 's3://bucket/Data/x/', '//allen/a b/'),
        (mid, isoDay, sep1, sep2, join, subjectFirst, idx, prefix) => {
          const [y, m, d] = isoDay.split('-');
          const date = `${y}${sep1}${m}${sep2}${d}`;
          const body = subjectFirst ? `${mid}${join}${date}` : `${date}${join}${mid}`;
          const input = `${prefix}${body}${idx === 0 ? '' : `_${idx}`}`;
          const ref = parseSessionRef(input, NOW);
          expect(ref).toMatchObject({ subject: mid, date: isoDay, idx, aind: null });
          expect(ref.id).toBe(sessionIdOf({ subject: mid, date: isoDay, idx }));
        },
      ),
      { seed: 20240229, numRuns: 300 },
    );
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}

describe('parsing time stays linear in the input length (issue 9 #1)', () => {
  // Pieces that made the old unanchored AIND pattern backtrack: long runs of platform-like text,
  // digits, dates and separators. Each string is far over the old ~100 ms mark; 100 of them would have
  // taken minutes. No timing is asserted: the test's own timeout is the generous overall bound.
  const piece = fc.constantFrom(
    'a',
    ' ',
    '1',
    '_',
    '-',
    '/',
    '676909',
    '_676909_',
    '2023-12-13',
    '13-43-40',
    'ecephys',
  );
  const longText = fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.integer({ min: 20_000, max: 60_000 }))
    .map(([pieces, length]) => pieces.join('').repeat(Math.ceil(length / pieces.join('').length)));

  it('scans ~100 long adversarial strings quickly', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(longText, (text) => {
        tryParseSessionRef(text, NOW);
        extractSubject(text);
      }),
      { numRuns: 100, seed: 9_001 },
    );
  });

  it('refuses a reference over the length limit with the limit in the message', () => {
    const long = `${'x'.repeat(2000)}_676909_2023-12-13`;
    expect(() => parseSessionRef(long, NOW)).toThrow(BadUserInputError);
    expect(() => parseSessionRef(long, NOW)).toThrow(/at most 1024/);
    expect(parseSessionRef(`${'x'.repeat(900)}_676909_2023-12-13`, NOW).id).toBe('676909_2023-12-13');
  });
});

describe('ALF session paths (issue 10): NNN is the session number, idx + 1', () => {
  it.each([
    ['dynamic-routing/Subjects/676909/2023-12-13/002', '676909_2023-12-13_1'],
    ['dynamic-routing/Subjects/676909/2023-12-13/001', '676909_2023-12-13'],
    ['/data/Subjects/676909/2023-12-13/003/alf/trials.table.pqt', '676909_2023-12-13_2'],
    ['676909/2023-12-13/010', '676909_2023-12-13_9'],
    ['C:\\data\\Subjects\\676909\\2023-12-13\\002', '676909_2023-12-13_1'],
  ])('%s → %s', (input, id) => {
    expect(parseSessionRef(input, new Date('2025-01-01T00:00:00Z')).id).toBe(id);
  });

  it('refuses folder 000', () => {
    expect(() => parseSessionRef('676909/2023-12-13/000', new Date('2025-01-01T00:00:00Z'))).toThrow(
      /numbered from 001/,
    );
  });
});
