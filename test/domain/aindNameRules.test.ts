/**
 * AIND session names at their edges: a tail without a platform is no name (the scan moves on to the
 * next), where a name sits inside a path, the accepted form in errors, and the derived-process part of
 * an asset name (separators, `to_`, a bare creation datetime, names not starting with the session).
 */
import { describe, expect, it } from 'vitest';
import {
  derivedProcessOf,
  isSortedAssetName,
  locateAindSessionName,
  parseAindSessionName,
} from '../../src/domain/aindSessionName.ts';

const now = new Date('2025-06-01T00:00:00Z');
const S = 'ecephys_676909_2023-12-13_13-43-40';

describe('finding the name', () => {
  it('a tail without a platform before it is not a name', () => {
    expect(parseAindSessionName('_676909_2023-12-13_13-43-40', now)).toBeNull();
  });

  it('after a tail without a platform, the next name is found', () => {
    expect(
      parseAindSessionName('_676909_2023-12-13_13-43-40/behavior_676909_2023-12-14_13-43-40', now),
    ).toEqual({
      id: 'behavior_676909_2023-12-14_13-43-40',
      platform: 'behavior',
      subject: '676909',
      date: '2023-12-14',
      time: '13:43:40',
      datetime: '2023-12-14 13:43:40',
    });
  });

  it('reports where the name sits in a path', () => {
    const located = locateAindSessionName(`path/${S}_sorted`, now);
    expect(
      located !== null && 'found' in located ? [located.found.index, located.found.length] : null,
    ).toEqual([5, S.length]);
  });

  it('names the accepted form when a name has a year out of range', () => {
    expect(() => parseAindSessionName('ecephys_676909_2015-12-13_13-43-40', now)).toThrow(
      'Cannot read AIND session name "ecephys_676909_2015-12-13_13-43-40": year 2015 is outside 2016–2025. Accepted: {platform}_{MID}_{YYYY-MM-DD}_{HH-MM-SS}, e.g. ecephys_676909_2023-12-13_13-43-40 (year 2016 to this year)',
    );
  });
});

describe('derivedProcessOf / isSortedAssetName', () => {
  it.each<[string, string | null, boolean]>([
    [S, null, false],
    [`${S}X`, null, false],
    [`${S}X_y`, null, false],
    [`${S}_sorted_2024-03-01_16-02-45`, 'sorted', true],
    [`${S}__sorted`, 'sorted', false],
    [`${S}_nwb_to_x_2024-03-01_16-02-45`, 'nwb_to_x', false],
    [`${S}_to_dlc_side_2024-03-01_16-02-45`, 'dlc_side', false],
    [`${S}_2024-03-01_16-02-45`, 'derived', false],
    [`pre/${S}_sorted_2024-03-01_16-02-45`, null, false],
    ['ecephys_676909_2023-12-13_13-43-41_sorted', null, false],
  ])('%s → %j (sorted: %s)', (asset, process, sorted) => {
    expect(derivedProcessOf(asset, S)).toBe(process);
    expect(isSortedAssetName(asset, S)).toBe(sorted);
  });

  it('names without the AIND shape compare as written', () => {
    expect(derivedProcessOf('foo_bar_nwb', 'foo_bar')).toBe('nwb');
    expect(derivedProcessOf('foo_barnwb', 'foo_bar')).toBeNull();
    expect(derivedProcessOf('baz', 'foo_bar')).toBeNull();
    expect(derivedProcessOf(`${S}_sorted`, 'foo_bar')).toBeNull();
  });
});
