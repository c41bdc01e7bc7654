/** The stimulus and block columns of the trials table: rewarded modality names, grating phase, indices. */
import { describe, expect, it } from 'vitest';
import { numericColumn, stringColumn } from '../../src/domain/columns.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

const nan = Number.NaN;
const withData = (patch: Partial<TaskFileData>): TaskFileData => ({ ...workedExampleTaskData(), ...patch });

describe('trial parameters', () => {
  it.each<[string, string]>([
    ['vis1', 'vis'],
    ['visual', 'vis'],
    ['sound1', 'aud'],
    ['auditory2', 'aud'],
    ['none', 'none'],
    ['none3', 'none'],
  ])('rewarded stimulus %s → rewarded_modality %s', (rewarded, modality) => {
    const trials = computeTrials(withData({ blockStimRewarded: [rewarded, 'sound1'] }));
    expect(stringColumn(trials, 'rewarded_modality').slice(0, 5)).toEqual(Array(5).fill(modality));
  });

  it('trial_index counts every trial; trial_index_in_block restarts per block', () => {
    const trials = computeTrials(workedExampleTaskData());
    expect(Array.from(numericColumn(trials, 'trial_index'))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(numericColumn(trials, 'trial_index_in_block'))).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect(Array.from(numericColumn(trials, 'block_index'))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('a block number repeated after another block starts a new run of trial_index_in_block', () => {
    const trials = computeTrials(withData({ trialBlock: [1, 1, 2, 2, 1, 1, 2, 2, 2, 2] }));
    expect(Array.from(numericColumn(trials, 'trial_index_in_block'))).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 2, 3]);
  });

  it('grating phase: visual trials only; a file without the dataset reads 0', () => {
    const stim = workedExampleTaskData().trialStim;
    const phase = (data: TaskFileData) => Array.from(numericColumn(computeTrials(data), 'grating_phase'));
    expect(phase(withData({ trialGratingPhase: [] }))).toEqual(
      stim.map((s) => (s.includes('vis') ? 0 : nan)),
    );
    expect(phase(withData({ trialGratingPhase: stim.map((_, k) => k / 10) }))).toEqual(
      stim.map((s, k) => (s.includes('vis') ? k / 10 : nan)),
    );
    expect(() => computeTrials(withData({ trialGratingPhase: [0.5] }))).toThrow(
      'trialGratingPhase has 1 values for 10 trials (trialEndFrame)',
    );
  });

  it('a block number outside blockStimRewarded is named', () => {
    expect(() => computeTrials(withData({ trialBlock: [1, 1, 1, 1, 1, 3, 3, 3, 3, 3] }))).toThrow(
      'trialBlock 3 is not a 1-based block of the 2 in blockStimRewarded',
    );
  });
});
