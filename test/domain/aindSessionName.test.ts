import { describe, expect, it } from 'vitest';
import {
  derivedProcessOf,
  isSortedAssetName,
  parseAindSessionName,
} from '../../src/domain/aindSessionName.ts';
import { BadUserInputError } from '../../src/errors.ts';

const NOW = new Date('2025-06-15T12:00:00Z');
const SESSION = 'ecephys_676909_2023-12-13_13-43-40';

describe('parseAindSessionName', () => {
  it.each([
    // aind-session-codeocean-docdb.md §2.1–2.2 and npc_session doctests
    [SESSION, SESSION],
    ['ecephys_366122_2021-06-01_10-12-03_sorted', 'ecephys_366122_2021-06-01_10-12-03'],
    ['prefix_ecephys_366122_2021-06-01_10-12-03_sorted', 'ecephys_366122_2021-06-01_10-12-03'],
    ['ecephys_686740_2023_10_26_12_29_08_to_dlc_side', 'ecephys_686740_2023-10-26_12-29-08'],
    ['data/ecephys_686740_2023_10_26_12_29_08_to_dlc_side', 'ecephys_686740_2023-10-26_12-29-08'],
    ['data\\ecephys_686740_2023_10_26_12_29_08_to_dlc_side', 'ecephys_686740_2023-10-26_12-29-08'],
    [`${SESSION}_sorted_2024-03-01_16-02-45`, SESSION],
    [`${SESSION}_sorted_2023-12-17_03-16-51`, SESSION],
    [`${SESSION}_stitched_2024-03-01_16-02-45`, SESSION],
    [`${SESSION}_processed_2024-03-01_16-02-45`, SESSION],
    [`${SESSION}_neuroglancer-state_2024-03-01_16-02-45`, SESSION],
    [`${SESSION}_ibl-converted_2024-03-01_16-02-45`, SESSION],
    [`s3://aind-ephys-data/${SESSION}`, SESSION],
    [`s3://aind-ephys-data/${SESSION}/ecephys/ecephys_compressed`, SESSION],
    ['multiplane-ophys_676909_2023-12-13_13-43-40', 'multiplane-ophys_676909_2023-12-13_13-43-40'],
    ['single-plane-ophys_676909_2023-12-13_13-43-40', 'single-plane-ophys_676909_2023-12-13_13-43-40'],
    ['SmartSPIM_676909_2023-12-13_13-43-40', 'SmartSPIM_676909_2023-12-13_13-43-40'],
    ['behavior videos_676909_2023-12-13_13-43-40', 'behavior videos_676909_2023-12-13_13-43-40'],
    ['ecephys_1234567_2023-12-13_13-43-40', 'ecephys_1234567_2023-12-13_13-43-40'],
    ['ecephys_676909_2023/12/13_13:43:40', SESSION],
    ['ecephys_676909_2023-12-13_13.43.40', SESSION],
    ['ecephys_676909_2023-12-13_13_43_40', SESSION],
    ['ecephys_676909_2023-12-13_13-43-40.123456', SESSION],
    ['ecephys_676909_2016-01-01_00-00-00', 'ecephys_676909_2016-01-01_00-00-00'],
    ['ecephys_676909_2024-02-29_23-59-59', 'ecephys_676909_2024-02-29_23-59-59'],
  ])('%s → %s', (input, id) => {
    expect(parseAindSessionName(input, NOW)?.id).toBe(id);
  });

  it('returns every piece', () => {
    expect(parseAindSessionName('ecephys_686740_2023_10_26_12_29_08_to_dlc_side', NOW)).toEqual({
      id: 'ecephys_686740_2023-10-26_12-29-08',
      platform: 'ecephys',
      subject: '686740',
      date: '2023-10-26',
      time: '12:29:08',
      datetime: '2023-10-26 12:29:08',
    });
  });

  it.each([
    ['no platform', '366122_2021-06-01_10-12-03_sorted'],
    ['a stim file name', 'DynamicRouting1_670243_20230505_134550'],
    ['a plain session id', '670243_2023-05-05'],
    ['no time', 'ecephys_676909_2023-12-13'],
    ['time without seconds', 'ecephys_626791_2022-08-15_00-00_dlc_eye'],
    ['5-digit subject', 'ecephys_67690_2023-12-13_13-43-40'],
    ['8-digit subject', 'ecephys_67690912_2023-12-13_13-43-40'],
    ['hour 24', 'ecephys_676909_2023-12-13_24-43-40'],
    ['minute 60', 'ecephys_676909_2023-12-13_13-60-40'],
    ['month 13', 'ecephys_676909_2023-13-13_13-43-40'],
    ['year 2030 (outside the pattern)', 'ecephys_676909_2030-01-01_00-00-00'],
    ['empty', ''],
  ])('null when absent (%s): %j', (_why, input) => {
    expect(parseAindSessionName(input, NOW)).toBeNull();
  });

  it.each([
    ['year 2015', 'ecephys_676909_2015-12-13_13-43-40', 'year 2015 is outside 2016–2025'],
    ['year 2015, underscores', 'ecephys_676909_2015_12_13_13_43_40', 'year 2015 is outside 2016–2025'],
    ['next year', 'ecephys_676909_2026-01-01_00-00-00', 'year 2026 is outside 2016–2025'],
    ['Feb 29 on a non-leap year', 'ecephys_676909_2023-02-29_13-43-40', 'February 2023 has 28 days'],
    ['a derived name of an invalid session', 'ecephys_676909_2012-01-01_00-00-00_sorted', 'year 2012'],
  ])('throws for an AIND-shaped name with a bad date (%s)', (_why, input, problem) => {
    expect(() => parseAindSessionName(input, NOW)).toThrow(BadUserInputError);
    expect(() => parseAindSessionName(input, NOW)).toThrow(problem);
    expect(() => parseAindSessionName(input, NOW)).toThrow(JSON.stringify(input));
  });
});

describe('isSortedAssetName', () => {
  it.each([
    [`${SESSION}_sorted_2024-03-01_16-02-45`, SESSION, true],
    [`${SESSION}_sorted`, SESSION, true],
    [`${SESSION}_sorted-ks4_2024-03-01_16-02-45`, SESSION, true],
    ['ecephys_676909_2023_12_13_13_43_40_sorted_2024-03-01', SESSION, true],
    [`${SESSION}_sorted_2024-03-01_16-02-45`, 'ecephys_676909_2023_12_13_13_43_40', true],
    [SESSION, SESSION, false],
    [`${SESSION}_nwb_2024-03-01_16-02-45`, SESSION, false],
    [`${SESSION}_to_dlc_side`, SESSION, false],
    [`prefix_${SESSION}_sorted_2024-03-01_16-02-45`, SESSION, false],
    [`ecephys_676909_2023-12-13_13-43-41_sorted_2024-03-01_16-02-45`, SESSION, false],
    [`ecephys_676910_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45`, SESSION, false],
    ['ecephys_676909_2015-12-13_13-43-40_sorted', 'ecephys_676909_2015-12-13_13-43-40', true],
  ])('%s of %s → %s', (asset, session, sorted) => {
    expect(isSortedAssetName(asset, session)).toBe(sorted);
  });
});

describe('derivedProcessOf', () => {
  it.each([
    [`${SESSION}_sorted_2024-03-01_16-02-45`, 'sorted'],
    [`${SESSION}_sorted`, 'sorted'],
    [`${SESSION}_sorted-ks4_2024-03-01_16-02-45`, 'sorted-ks4'],
    [`${SESSION}_nwb_2024-03-01_16-02-45`, 'nwb'],
    [`${SESSION}_stitched_2024-03-01_16-02-45`, 'stitched'],
    [`${SESSION}_processed_2024-03-01_16-02-45`, 'processed'],
    [`${SESSION}_neuroglancer-state_2024-03-01_16-02-45`, 'neuroglancer-state'],
    [`${SESSION}_ibl-converted_2024-03-01_16-02-45`, 'ibl-converted'],
    [`${SESSION}_to_dlc_side`, 'dlc_side'],
    ['ecephys_676909_2023_12_13_13_43_40_to_dlc_eye', 'dlc_eye'],
    [`${SESSION}_dlc_face_2024-03-01_16-02-45`, 'dlc_face'],
    [`${SESSION}.nwb`, 'nwb'],
    [`${SESSION}_2024-03-01_16-02-45`, 'derived'],
    [SESSION, null],
    [`${SESSION}.123`, null],
    [`ecephys_676910_2023-12-13_13-43-40_sorted_2024-03-01_16-02-45`, null],
    [`prefix_${SESSION}_sorted`, null],
    ['something else entirely', null],
  ])('%s → %s', (asset, process) => {
    expect(derivedProcessOf(asset, SESSION)).toBe(process);
  });

  it('works with a session name written with underscores', () => {
    expect(
      derivedProcessOf(`${SESSION}_sorted_2024-03-01_16-02-45`, 'ecephys_676909_2023_12_13_13_43_40'),
    ).toBe('sorted');
  });

  it('falls back to a plain prefix for non-AIND session names', () => {
    expect(derivedProcessOf('DRpilot_644867_20230221_sorted', 'DRpilot_644867_20230221')).toBe('sorted');
    expect(derivedProcessOf('DRpilot_644867_20230221', 'DRpilot_644867_20230221')).toBeNull();
    expect(isSortedAssetName('DRpilot_644867_20230221_sorted', 'DRpilot_644867_20230221')).toBe(true);
  });
});
