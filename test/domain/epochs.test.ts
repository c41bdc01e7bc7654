import { beforeEach, describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../src/domain/columns.ts';
import { column, numericColumn, rowObjects } from '../../src/domain/columns.ts';
import { computeEpochs, dropTrialsInInvalidTimes, overlaps, scriptName } from '../../src/domain/epochs.ts';
import { numpySum } from '../../src/domain/timeBases.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { firstTrialOpto, workedExampleTaskData } from '../support/workedExample.ts';

const FILE = 's3://bucket/Data/674723/DynamicRouting1_674723_20231016_162009.hdf5';
const opto = firstTrialOpto();

describe('computeEpochs (no sync: one epoch for the task file)', () => {
  it('spans 0 to Σ frameIntervals (numpy pairwise sum) and names the script', () => {
    const data = workedExampleTaskData();
    const epochs = computeEpochs(data, { stimFileName: FILE });
    expect(rowObjects(epochs)).toEqual([
      {
        start_time: 0,
        stop_time: numpySum(data.frameIntervals),
        script_name: 'DynamicRouting1',
        tags: ['task', 'rewards'],
        interval_names: ['trials', 'performance'],
        notes: '',
      },
    ]);
    expect(numericColumn(epochs, 'stop_time')[0]).toBeCloseTo(1000 / 60, 10);
    expect(column(epochs, 'tags')?.kind).toBe('stringList');
  });

  it('tags opto as perturbation or control by genotype, and omits rewards when there were none', () => {
    const data = { ...workedExampleTaskData(), opto, rewardFrames: [] };
    const tags = (isWildtype?: boolean | null) =>
      rowObjects(computeEpochs(data, { stimFileName: FILE, isWildtype }))[0]?.tags;
    expect(tags(false)).toEqual(['task', 'opto_perturbation']);
    expect(tags(true)).toEqual(['task', 'opto_control']);
    // An unknown genotype counts as wild type, as in the reference.
    expect(tags(null)).toEqual(['task', 'opto_control']);
  });

  it('notes invalid times that overlap the epoch (stop −1 = session end)', () => {
    const epochs = computeEpochs(workedExampleTaskData(), {
      stimFileName: 'DynamicRouting1_674723_20231016_162009.hdf5',
      invalidTimes: [
        { startTime: 10, stopTime: -1, reason: 'sound amplifier off' },
        { startTime: 100, stopTime: 200, reason: 'after the session' },
      ],
      timingIssues: true,
    });
    const [row] = rowObjects(epochs);
    expect(row?.tags).toEqual(['task', 'rewards', 'timing_issues', 'invalid_times']);
    expect(row?.notes).toMatch(/^includes invalid times: 10-16\.6+\d* s \(sound amplifier off\)$/);
  });

  it('takes the script name from a path, a name or a Windows path', () => {
    expect(scriptName(FILE)).toBe('DynamicRouting1');
    expect(scriptName('RFMapping_674723_20231016_162009.hdf5')).toBe('RFMapping');
    expect(scriptName('\\\\allen\\data\\OptoTagging_674723_20231016_162009.hdf5')).toBe('OptoTagging');
  });
});

describe('dropTrialsInInvalidTimes (§4.4)', () => {
  // Computed for each test (not when tests are collected, nor once in beforeAll) so that mutation
  // testing sees which test depends on it.
  let trials: ColumnTable;
  beforeEach(() => {
    trials = computeTrials(workedExampleTaskData());
  });

  it('drops trials that overlap an invalid interval (open overlap)', () => {
    // Trial 2 spans (206/60, 300/60] = (3.43, 5.0]; an interval ending exactly at its start does not overlap.
    const kept = dropTrialsInInvalidTimes(trials, [{ startTime: 3.5, stopTime: 3.6, reason: 'x' }], 16.7);
    expect(Array.from(numericColumn(kept, 'trial_index'))).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9]);
    expect(overlaps(1, 2, 2, 3)).toBe(false);
    expect(overlaps(1, 2, 1.5, 3)).toBe(true);
  });

  it('resolves stop −1 to the session end and keeps everything without invalid times', () => {
    const kept = dropTrialsInInvalidTimes(trials, [{ startTime: 9, stopTime: -1, reason: 'x' }], 16.7);
    expect(Array.from(numericColumn(kept, 'trial_index'))).toEqual([0, 1, 2, 3, 4]);
    expect(dropTrialsInInvalidTimes(trials, [], 16.7)).toBe(trials);
  });
});
