import { describe, expect, it } from 'vitest';
import { isProbeAlignmentOf, videoProcessingOf } from '../../src/domain/derivedAssets.ts';

describe('videoProcessingOf', () => {
  it.each<[string, string | null]>([
    ['dlc_side', 'dlcSide'],
    ['DLC_Eye', 'dlcEye'],
    ['dlc_face', 'dlcFace'],
    ['dlc_side_v2', 'dlcSide'],
    ['dlc_sideways', null],
    ['facemap', 'facemap'],
    ['facemap_2024', 'facemap'],
    ['nwb', null],
    ['sorted', null],
    ['ibl-converted', null],
    ['derived', null],
  ])('%s → %s', (process, kind) => {
    expect(videoProcessingOf(process)).toBe(kind);
  });
});

describe('isProbeAlignmentOf', () => {
  const session = 'ecephys_676909_2023-12-13_13-43-40';
  it.each<[string, boolean]>([
    [`Probe Alignment for ${session}_ProbeA`, true],
    [`Probe Alignment for ProbeA of ${session}`, true],
    [`Probe Alignment for ecephys_676909_2023-12-14_12-43-11_ProbeA`, false],
    [`probe alignment for ${session}_ProbeA`, false],
    [`Spike sorting ${session}`, false],
  ])('%s → %s', (name, expected) => {
    expect(isProbeAlignmentOf(name, session)).toBe(expected);
  });
});
