import { beforeEach, describe, expect, it } from 'vitest';
import {
  boolColumn,
  type ColumnTable,
  column,
  numericColumn,
  rowObjects,
  selectRows,
  stringColumn,
} from '../../src/domain/columns.ts';
import { median } from '../../src/domain/median.ts';
import type { TaskFileData, TaskFileOpto } from '../../src/domain/taskFile.ts';
import { noSyncTimeBases, numpySum, sessionDuration } from '../../src/domain/timeBases.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { wavelengthOf } from '../../src/domain/trialsOpto.ts';
import { TaskDataError } from '../../src/errors.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

const nan = Number.NaN;
const withData = (patch: Partial<TaskFileData>): TaskFileData => ({ ...workedExampleTaskData(), ...patch });
const times = (data: TaskFileData, name: string) => Array.from(numericColumn(computeTrials(data), name));

describe('time bases (§4.1)', () => {
  const f = Float64Array.from([0.1, 0.2, 0.4, 0.7]);
  const bases = noSyncTimeBases(f);

  it('input time is [0, C…] and flip is [C…, C_last + median(diff(F))]', () => {
    const c = [0.1, 0.1 + 0.2, 0.1 + 0.2 + 0.4, 0.1 + 0.2 + 0.4 + 0.7];
    expect([0, 1, 2, 3, 4].map((k) => bases.input.at(k))).toEqual([0, ...c]);
    expect([0, 1, 2, 3].map((k) => bases.flip.at(k))).toEqual(c);
    // diff = [0.1, 0.2, 0.3] (as floats); the median of the differences, not of the intervals.
    expect(bases.flip.at(4)).toBe((c[3] as number) + median([0.2 - 0.1, 0.4 - 0.2, 0.7 - 0.4]));
    expect(bases.display).toBe(bases.flip);
  });

  it('the running sum is sequential (np.cumsum), the total pairwise (np.sum)', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => 1 / 60 + ((i * 7919) % 13) * 1e-5);
    let acc = 0;
    for (const x of xs) acc += x;
    expect(noSyncTimeBases(xs).flip.at(999)).toBe(acc);
    // Pairwise summation of 1000 values: two halves of 496 and 504, each in blocks of ≤128.
    expect(numpySum(xs)).toBe(sessionDuration(xs));
    expect(numpySum([1, 2, 3])).toBe(6);
    expect(numpySum([])).toBe(0);
  });

  it('median follows numpy (mean of the middle pair; NaN poisons; empty is NaN)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, nan, 2])).toBeNaN();
    expect(median([])).toBeNaN();
  });

  it('indexes like numpy: NaN → NaN, negative wraps, past the end and fractions throw', () => {
    expect(bases.flip.at(nan)).toBeNaN();
    expect(bases.flip.at(-1)).toBe(bases.flip.at(4));
    expect(bases.flip.at(-5)).toBe(bases.flip.at(0));
    expect(() => bases.flip.at(-6)).toThrow(TaskDataError);
    expect(() => bases.flip.at(5)).toThrow(/outside the 5 recorded frames/);
    expect(() => bases.flip.at(1.5)).toThrow(/not an integer/);
    expect(bases.flip.at(2.0)).toBe(bases.flip.at(2));
  });

  it('rejects a file without frames', () => {
    expect(() => noSyncTimeBases(new Float64Array(0))).toThrow(TaskDataError);
  });
});

describe('computeTrials: timing edge rules', () => {
  it('a NaN response frame gives NaN times; a fractional one is an error', () => {
    expect(times(workedExampleTaskData(), 'response_time')[1]).toBeNaN();
    const frames = [...workedExampleTaskData().trialResponseFrame];
    frames[0] = 45.5;
    expect(() => computeTrials(withData({ trialResponseFrame: frames }))).toThrow(TaskDataError);
  });

  it('negative frames wrap to the end of the session (numpy indexing)', () => {
    // s − quiescentFrames = 35 − 40 = −5 on trial 0 → the 5th-last flip.
    const data = withData({ quiescentFrames: 40 });
    const flip = noSyncTimeBases(data.frameIntervals).flip;
    expect(times(data, 'start_time')[0]).toBe(flip.at(flip.length - 5));
  });

  it('a frame past the end of the recording is an error', () => {
    const end = [...workedExampleTaskData().trialEndFrame];
    end[9] = 1001;
    expect(() => computeTrials(withData({ trialEndFrame: end }))).toThrow(/outside the 1001 recorded frames/);
  });

  it('slices longer per-trial arrays to N and rejects shorter ones', () => {
    const d = workedExampleTaskData();
    const longer = withData({
      trialStartFrame: [...d.trialStartFrame, 1000],
      trialStimStartFrame: [...d.trialStimStartFrame, 990],
      trialStim: [...d.trialStim, 'vis1'],
      trialRepeat: [...d.trialRepeat, false],
    });
    expect(rowObjects(computeTrials(longer))).toEqual(rowObjects(computeTrials(d)));
    expect(() => computeTrials(withData({ trialStim: d.trialStim.slice(0, 9) }))).toThrow(
      /trialStim has 9 values for 10 trials/,
    );
  });

  it('rejects block numbers that are not 1-based blocks of blockStimRewarded', () => {
    expect(() => computeTrials(withData({ trialBlock: [0, 1, 1, 1, 1, 2, 2, 2, 2, 2] }))).toThrow(
      TaskDataError,
    );
    expect(() => computeTrials(withData({ trialBlock: [1, 1, 1, 1, 1, 3, 3, 3, 3, 3] }))).toThrow(
      TaskDataError,
    );
  });

  it('catch stim stops when it starts; multimodal stimuli are timed as sound and are non-targets of both', () => {
    const stim = [...workedExampleTaskData().trialStim];
    stim[1] = 'vis1+sound1';
    const data = withData({
      trialStim: stim,
      trialSoundDur: workedExampleTaskData().trialSoundDur.map((d, k) => (k === 1 ? 0.5 : d)),
    });
    const trials = computeTrials(data);
    const start = numericColumn(trials, 'stim_start_time');
    const stop = numericColumn(trials, 'stim_stop_time');
    expect(stop[4]).toBe(start[4]);
    expect(stop[1]).toBe((start[1] as number) + 0.5);
    expect(boolColumn(trials, 'is_nogo')[1]).toBe(false);
    expect(boolColumn(trials, 'is_vis_nontarget')[1]).toBe(true);
    expect(boolColumn(trials, 'is_aud_nontarget')[1]).toBe(true);
    expect(boolColumn(trials, 'is_nontarget')[1]).toBe(true);
    expect(boolColumn(trials, 'is_correct')[1]).toBe(false);
  });

  it('grating_phase is NaN on non-visual trials', () => {
    const phase = times(workedExampleTaskData(), 'grating_phase');
    expect(phase[0]).toBe(0);
    expect(phase[1]).toBe(0.5);
    expect(phase[2]).toBeNaN();
    expect(phase[4]).toBeNaN();
  });
});

describe('computeTrials: timeouts and repeats', () => {
  // Trial 2 (FA to sound1 in the vis block) is repeated by trial 3, with a 10-frame timeout.
  const repeat = Array<boolean>(11).fill(false);
  repeat[3] = true;
  repeat[4] = true;
  const data = withData({ trialRepeat: repeat, incorrectTimeoutFrames: 10, incorrectTrialRepeats: 3 });
  // Computed for each test (not when tests are collected, nor once in beforeAll) so that mutation
  // testing sees which test depends on it.
  let trials: ColumnTable;
  beforeEach(() => {
    trials = computeTrials(data);
  });
  const { input, flip } = noSyncTimeBases(data.frameIntervals);

  it('times a timeout after trial k iff trial k+1 is a repeat', () => {
    const start = Array.from(numericColumn(trials, 'timeout_start_time'));
    const stop = Array.from(numericColumn(trials, 'timeout_stop_time'));
    // t0 = s + rw[1] + 1 = 235 + 61 = 296 for trial 2; 335 + 61 = 396 for trial 3.
    expect(start[2]).toBe(input.at(296));
    expect(stop[2]).toBe(flip.at(306));
    expect(start[3]).toBe(input.at(396));
    expect(start.filter((v) => !Number.isNaN(v))).toHaveLength(2);
  });

  it('the post-response window starts after the timeout', () => {
    const post = numericColumn(trials, 'post_response_window_start_time');
    expect(post[2]).toBe(flip.at(306));
    expect(post[0]).toBe(flip.at(95));
    expect(numericColumn(trials, 'post_response_window_stop_time')[2]).toBe(flip.at(310));
  });

  it('repeat_index counts the run of repeats; is_repeat is trialRepeat[:N]', () => {
    expect(Array.from(numericColumn(trials, 'repeat_index'))).toEqual([0, 0, 0, 1, 2, 0, 0, 0, 0, 0]);
    expect(boolColumn(trials, 'is_repeat')).toEqual(repeat.slice(0, 10));
  });
});

describe('computeTrials: reward_time (§4.3)', () => {
  it('assigns rewards in order when they line up with the rewarded trials', () => {
    expect(times(workedExampleTaskData(), 'reward_time')[3]).toBeCloseTo(5.85, 12);
  });

  it('ignores solenoid triggers before the first trial or after the last', () => {
    const data = withData({ rewardFrames: [2, 41, 350, 541, 847, 1000] });
    expect(times(data, 'reward_time')).toEqual(times(workedExampleTaskData(), 'reward_time'));
  });

  it('falls back to the first trigger strictly inside each rewarded trial', () => {
    // A manual reward at frame 102 (after trial 0 ends, before trial 1's quiescent interval) and a
    // second trigger inside trial 8 break the one-per-trial match.
    const data = withData({ rewardFrames: [41, 102, 350, 541, 847, 860] });
    const flip = noSyncTimeBases(data.frameIntervals).flip;
    const reward = times(data, 'reward_time');
    expect(reward[0]).toBe(flip.at(41));
    expect(reward[3]).toBe(flip.at(350));
    expect(reward[8]).toBe(flip.at(847));
    expect(reward[1]).toBeNaN();
    expect(reward.filter((r) => !Number.isNaN(r))).toHaveLength(4);
  });

  it('leaves a rewarded trial without any trigger inside it NaN (where the reference fails)', () => {
    const reward = times(withData({ rewardFrames: [41, 350, 541] }), 'reward_time');
    expect(reward[8]).toBeNaN();
    expect(reward[5]).toBe(noSyncTimeBases(workedExampleTaskData().frameIntervals).flip.at(541));
  });

  it('drops reward_time when nothing was rewarded', () => {
    const data = withData({ rewardFrames: [], trialRewarded: Array(10).fill(false) });
    expect(column(computeTrials(data), 'reward_time')).toBeUndefined();
  });
});

describe('computeTrials: auto-rewards (§4.2)', () => {
  const flags = (data: TaskFileData) => {
    const t = computeTrials(data);
    const where = (name: string) => boolColumn(t, name).flatMap((v, i) => (v ? [i] : []));
    return {
      scheduled: where('is_reward_scheduled'),
      noncontingent: where('is_noncontingent_reward'),
      contingent: where('is_contingent_reward'),
    };
  };

  it('takes both datasets as stored when they cover every trial', () => {
    // Scheduled on trial 5 but the subject responded first: not auto-rewarded.
    const awarded = Array<boolean>(10).fill(false);
    awarded[0] = true;
    expect(flags(withData({ trialAutoRewarded: awarded }))).toEqual({
      scheduled: [0, 5],
      noncontingent: [0],
      contingent: [3, 5, 8],
    });
  });

  it('reconstructs from block position and reward frames when a dataset is shorter than N', () => {
    const short = withData({ trialAutoRewardScheduled: [true], trialAutoRewarded: [true] });
    expect(flags(short)).toEqual({ scheduled: [0, 5], noncontingent: [0, 5], contingent: [3, 8] });
    // No trigger at s + autoRewardOnsetFrame on trial 5 → not awarded.
    const missing = withData({ trialAutoRewarded: [true], rewardFrames: [41, 350, 555, 847] });
    expect(flags(missing).noncontingent).toEqual([0]);
  });

  it('reads old files (no trialAutoRewardScheduled): trialAutoRewarded meant "scheduled"', () => {
    const old = withData({ trialAutoRewardScheduled: null });
    expect(flags(old)).toEqual({ scheduled: [0, 5], noncontingent: [0, 5], contingent: [3, 8] });
    // Late auto-rewards (s + 60) with triggers at the response frames instead: contingent rewards.
    const late = withData({ trialAutoRewardScheduled: null, autoRewardOnsetFrame: 60 });
    expect(flags(late)).toEqual({ scheduled: [0, 5], noncontingent: [], contingent: [0, 3, 5, 8] });
  });

  it('is_go includes auto-reward trials', () => {
    expect(boolColumn(computeTrials(workedExampleTaskData()), 'is_go')[0]).toBe(true);
  });
});

describe('computeTrials: opto', () => {
  const opto = (patch: Partial<TaskFileOpto> = {}): TaskFileOpto => ({
    trialOptoOnsetFrame: [nan, 0, nan, nan, 6, nan, 0, nan, nan, nan],
    trialOptoDur: [nan, 1, nan, nan, 0.5, nan, 1, nan, nan, nan],
    trialOptoVoltage: [nan, 5, nan, nan, 2.5, nan, 5, nan, nan, nan],
    trialOptoLabel: null,
    trialOptoDevice: null,
    trialGalvoX: null,
    trialGalvoY: null,
    ...patch,
  });

  it('has no opto columns without opto, or when no trial had opto', () => {
    for (const data of [
      workedExampleTaskData(),
      withData({ opto: opto({ trialOptoOnsetFrame: Array(10).fill(nan) }) }),
    ]) {
      const names = computeTrials(data).columns.map((c) => c.name);
      expect(names.filter((n) => n.startsWith('opto_'))).toEqual([]);
      expect(boolColumn(computeTrials(data), 'is_opto').some(Boolean)).toBe(false);
    }
  });

  it('times opto onsets relative to stim onset and adds the file-only opto columns', () => {
    const data = withData({ opto: opto() });
    const trials = computeTrials(data);
    const flip = noSyncTimeBases(data.frameIntervals).flip;
    const start = numericColumn(trials, 'opto_start_time');
    expect(start[1]).toBe(flip.at(135));
    expect(start[4]).toBe(flip.at(441));
    expect(numericColumn(trials, 'opto_stop_time')[4]).toBe(flip.at(441) + 0.5);
    expect(boolColumn(trials, 'is_opto').flatMap((v, i) => (v ? [i] : []))).toEqual([1, 4, 6]);
    // Older files without trialOptoDevice used the 488 nm laser.
    expect(Array.from(numericColumn(trials, 'opto_wavelength'))).toEqual(Array(10).fill(488));
    expect(stringColumn(trials, 'opto_stim_name')).toEqual([
      '',
      'opto0',
      '',
      '',
      'opto1',
      '',
      'opto0',
      '',
      '',
      '',
    ]);
    const names = trials.columns.map((c) => c.name);
    expect(names.slice(names.indexOf('trial_index_in_block') + 1, names.indexOf('repeat_index'))).toEqual([
      'opto_wavelength',
      'opto_duration',
      'opto_stim_name',
    ]);
    expect(column(trials, 'is_single_opto_location')).toBeUndefined();
  });

  it('galvo sessions get labels (probe letters expanded) and is_single_opto_location', () => {
    const labels = [
      'no opto',
      'A',
      'no opto',
      'no opto',
      'c',
      'no opto',
      'A',
      'no opto',
      'no opto',
      'no opto',
    ];
    const galvo = [nan, 1, nan, nan, 2, nan, 1, nan, nan, nan];
    const data = withData({
      opto: opto({
        trialOptoLabel: labels,
        trialGalvoX: galvo,
        trialGalvoY: galvo,
        trialOptoDevice: labels.map((l) => (l === 'no opto' ? '' : "['laser_633']")),
      }),
    });
    const trials = computeTrials(data);
    expect(stringColumn(trials, 'opto_label')[1]).toBe('probeA');
    expect(stringColumn(trials, 'opto_label')[4]).toBe('probeC');
    expect(stringColumn(trials, 'opto_label')[0]).toBe('');
    expect(stringColumn(trials, 'opto_stim_name')[4]).toBe('opto1_probeC');
    expect(numericColumn(trials, 'opto_wavelength')[1]).toBe(633);
    expect(numericColumn(trials, 'opto_wavelength')[0]).toBeNaN();
    expect(boolColumn(trials, 'is_single_opto_location')).toEqual(Array(10).fill(false));
  });

  it('galvo sessions without labels name locations by first appearance', () => {
    const data = withData({
      opto: opto({
        trialGalvoX: [nan, 1, nan, nan, 2, nan, 1, nan, nan, nan],
        trialGalvoY: Array(10).fill(0),
      }),
    });
    expect(stringColumn(computeTrials(data), 'opto_label').filter((l) => l !== '')).toEqual([
      'unlabeled0',
      'unlabeled1',
      'unlabeled0',
    ]);
  });

  it('parses wavelengths from device names', () => {
    expect(wavelengthOf('laser_488')).toBe(488);
    expect(wavelengthOf("['laser_488', 'laser_633']")).toBe(488);
    expect(wavelengthOf('led_1')).toBe(470);
    expect(wavelengthOf('')).toBeNaN();
    expect(wavelengthOf('galvo')).toBeNaN();
  });
});

describe('column tables', () => {
  // Computed for each test (not when tests are collected, nor once in beforeAll) so that mutation
  // testing sees which test depends on it.
  let trials: ColumnTable;
  beforeEach(() => {
    trials = computeTrials(workedExampleTaskData());
  });

  it('keeps the reference column order and kinds', () => {
    const names = trials.columns.map((c) => c.name);
    expect(names.slice(0, 4)).toEqual([
      'start_time',
      'stop_time',
      'quiescent_start_time',
      'quiescent_stop_time',
    ]);
    expect(names.at(-1)).toBe('is_task_control_correct');
    expect(column(trials, 'block_index')?.kind).toBe('int');
    expect(column(trials, 'trial_index_in_block')?.kind).toBe('int');
    expect(column(trials, 'repeat_index')?.kind).toBe('int');
    expect(column(trials, 'start_time')).toMatchObject({ kind: 'float', unit: 's' });
    for (const c of trials.columns) expect(c.description.length).toBeGreaterThan(10);
  });

  it('keeps the columns of an empty table', () => {
    const empty = withData({
      trialEndFrame: [],
      trialStartFrame: [],
      trialStimStartFrame: [],
      trialStim: [],
      trialBlock: [],
      trialResponse: [],
      trialResponseFrame: [],
      trialRewarded: [],
      trialAutoRewardScheduled: [],
      trialAutoRewarded: [],
      trialRepeat: [false],
    });
    const t = computeTrials(empty);
    expect(t.rowCount).toBe(0);
    expect(column(t, 'start_time')?.values).toHaveLength(0);
  });

  it('gives rows as objects, NaN as null on request', () => {
    const rows = rowObjects(trials, { nanAsNull: true });
    expect(rows[1]?.response_time).toBeNull();
    expect(rowObjects(trials)[1]?.response_time).toBeNaN();
    expect(rows[0]?.response_time).toBeCloseTo(0.75, 12);
  });

  it('selects rows across every column', () => {
    const odd = selectRows(trials, (i) => i % 2 === 1);
    expect(odd.rowCount).toBe(5);
    expect(numericColumn(odd, 'trial_index')).toEqual([1, 3, 5, 7, 9]);
    expect(rowObjects(odd)[0]).toMatchObject({ trial_index: 1, stim_name: 'vis2', is_nogo: true });
  });
});
