/**
 * Epoch tags and notes, invalid-time trial dropping with several intervals, and auto-reward flags when
 * the file's arrays are too short, longer than the trials, or absent (old files).
 */
import { describe, expect, it } from 'vitest';
import { boolColumn, numericColumn, rowObjects } from '../../src/domain/columns.ts';
import { computeEpochs, dropTrialsInInvalidTimes, overlaps } from '../../src/domain/epochs.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

const T = true;
const F = false;
const withData = (patch: Partial<TaskFileData>): TaskFileData => ({ ...workedExampleTaskData(), ...patch });
const FILE = 'DynamicRouting1_674723_20231016_162009.hdf5';

describe('epochs', () => {
  it('intervals that only touch do not overlap, from either side', () => {
    expect([
      overlaps(2, 3, 1, 2),
      overlaps(1, 2, 2, 3),
      overlaps(1, 3, 2, 2.5),
      overlaps(2, 2.5, 1, 3),
    ]).toEqual([false, false, true, true]);
  });

  it('solenoid triggers all at frame 0 are no rewards', () => {
    const [row] = rowObjects(computeEpochs(withData({ rewardFrames: [0, 0] }), { stimFileName: FILE }));
    expect(row?.tags).toEqual(['task']);
  });

  it('notes every overlapping invalid interval, separated by "; "', () => {
    const [row] = rowObjects(
      computeEpochs(workedExampleTaskData(), {
        stimFileName: FILE,
        invalidTimes: [
          { startTime: 1, stopTime: 2, reason: 'a' },
          { startTime: 100, stopTime: 200, reason: 'after the session' },
          { startTime: 3, stopTime: 4.5, reason: 'b' },
        ],
      }),
    );
    expect(row?.notes).toBe('includes invalid times: 1-2 s (a); 3-4.5 s (b)');
    expect(row?.tags).toEqual(['task', 'rewards', 'invalid_times']);
  });

  it('drops a trial that overlaps any one of several invalid intervals', () => {
    const trials = computeTrials(workedExampleTaskData());
    // Trial k spans ((100k + 6)/60, (100k + 100)/60]: trial 1 ≈ (1.77, 3.33], trial 7 ≈ (11.77, 13.33].
    const kept = dropTrialsInInvalidTimes(
      trials,
      [
        { startTime: 2, stopTime: 2.5, reason: 'x' },
        { startTime: 12, stopTime: 12.5, reason: 'y' },
      ],
      1000 / 60,
    );
    expect(Array.from(numericColumn(kept, 'trial_index'))).toEqual([0, 2, 3, 4, 5, 6, 8, 9]);
    expect(dropTrialsInInvalidTimes(trials, [], 1000 / 60)).toBe(trials);
  });
});

describe('auto-reward flags', () => {
  const flags = (patch: Partial<TaskFileData>) => {
    const trials = computeTrials(withData(patch));
    return [boolColumn(trials, 'is_reward_scheduled'), boolColumn(trials, 'is_noncontingent_reward')];
  };
  // Reconstructed: the first trial of each block is scheduled; awarded when a trigger falls at stim
  // onset + autoRewardOnsetFrame (35 + 6 = 41 and 535 + 6 = 541 in the worked example).
  const reconstructed = [
    [T, F, F, F, F, T, F, F, F, F],
    [T, F, F, F, F, T, F, F, F, F],
  ];

  it('stored arrays are used as stored, cut to the trials', () => {
    const scheduled = [F, T, F, F, F, F, T, F, F, F, T];
    const awarded = [F, F, F, F, F, F, T, F, F, F, T];
    expect(flags({ trialAutoRewardScheduled: scheduled, trialAutoRewarded: awarded })).toEqual([
      scheduled.slice(0, 10),
      awarded.slice(0, 10),
    ]);
  });

  it('both arrays short: both reconstructed', () => {
    expect(
      flags({ trialAutoRewardScheduled: Array(9).fill(F), trialAutoRewarded: Array(9).fill(F) }),
    ).toEqual(reconstructed);
  });

  it('a short trialAutoRewarded is rebuilt from the STORED scheduled flags, which keep auto-rewards after misses', () => {
    // Trial 3 was scheduled mid-block (the task's auto-reward after consecutive misses): the stored
    // flags keep it, and its trigger at 335 + 6 = 341 makes it awarded.
    const scheduled = [T, F, F, T, F, T, F, F, F, F];
    const patch = {
      trialAutoRewardScheduled: scheduled,
      trialAutoRewarded: Array(9).fill(F),
      rewardFrames: [41, 341, 350, 541, 847],
    };
    expect(flags(patch)).toEqual([scheduled, [T, F, F, T, F, T, F, F, F, F]]);
  });

  it('a short trialAutoRewardScheduled is reconstructed alone; the stored awarded flags stand', () => {
    // Trial 5 was scheduled but the subject licked first: the stored flags say it was not auto-rewarded.
    const awarded = [T, F, F, F, F, F, F, F, F, F];
    expect(flags({ trialAutoRewardScheduled: Array(9).fill(F), trialAutoRewarded: awarded })).toEqual([
      reconstructed[0],
      awarded,
    ]);
  });

  it('old files: trialAutoRewarded means scheduled; awarded needs the trigger', () => {
    const scheduled = [T, F, F, T, F, T, F, F, F, F];
    expect(flags({ trialAutoRewardScheduled: null, trialAutoRewarded: scheduled })).toEqual([
      scheduled,
      [T, F, F, F, F, T, F, F, F, F],
    ]);
    expect(() =>
      computeTrials(withData({ trialAutoRewardScheduled: null, trialAutoRewarded: Array(9).fill(F) })),
    ).toThrow('trialAutoRewarded has 9 values for 10 trials (trialEndFrame)');
  });
});
