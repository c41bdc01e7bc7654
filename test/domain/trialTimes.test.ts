/**
 * The trials table's time columns frame by frame (reference §4.2–4.3), on the worked example: which
 * frame and which clock (input, flip, display) each column reads, stimulus on- and offsets per
 * modality, timeouts after repeated trials, and reward times — aligned with the rewarded trials, or
 * else the first trigger strictly inside each. The clocks come from noSyncTimeBases (tested on its own).
 */
import { describe, expect, it } from 'vitest';
import { numericColumn } from '../../src/domain/columns.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { type FrameClock, noSyncTimeBases } from '../../src/domain/timeBases.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

const nan = Number.NaN;
const withData = (patch: Partial<TaskFileData>): TaskFileData => ({ ...workedExampleTaskData(), ...patch });
const column = (data: TaskFileData, name: string) => Array.from(numericColumn(computeTrials(data), name));
const example = workedExampleTaskData();
const { input, flip, display } = noSyncTimeBases(example.frameIntervals);
const at = (clock: FrameClock, frame: number) => clock.at(frame);
const s = example.trialStimStartFrame;
const ends = example.trialEndFrame;

describe('time columns read the right frame on the right clock', () => {
  it.each<[string, (k: number) => number]>([
    ['start_time', (k) => at(flip, s[k]! - 30)],
    ['quiescent_start_time', (k) => at(flip, s[k]! - 30)],
    ['quiescent_stop_time', (k) => at(input, s[k]! - 1)],
    ['stop_time', (k) => at(flip, ends[k]!)],
    ['response_window_start_time', (k) => at(input, s[k]! + 6)],
    ['response_window_stop_time', (k) => at(flip, s[k]! + 60)],
    // No repeats: the post-response window opens at the end of the response window.
    ['post_response_window_start_time', (k) => at(display, s[k]! + 60)],
    ['post_response_window_stop_time', (k) => at(display, s[k]! + 60 + 4)],
    [
      'response_time',
      (k) => (Number.isNaN(example.trialResponseFrame[k]) ? nan : at(input, example.trialResponseFrame[k]!)),
    ],
    [
      'task_control_response_time',
      (k) => (Number.isNaN(example.trialResponseFrame[k]) ? nan : at(input, example.trialResponseFrame[k]!)),
    ],
  ])('%s', (name, expected) => {
    expect(column(example, name)).toEqual(s.map((_, k) => expected(k)));
  });

  it('stimulus times: display for visual and catch trials, flip + sound duration for auditory', () => {
    const stim = [
      'vis1',
      'catch',
      'sound1',
      'vis2+sound2',
      'vis1',
      'sound1',
      'vis1',
      'sound2',
      'sound1',
      'vis1',
    ];
    const data = withData({
      trialStim: stim,
      trialVisStimFrames: stim.map((x) => (x.includes('vis') ? 30 + (x.length % 3) : 0)),
      trialSoundDur: stim.map((x, k) => (x.includes('sound') ? 0.25 * (1 + (k % 2)) : 0)),
    });
    const expected = stim.map((x, k) => {
      const onset = s[k]!;
      if (x.includes('sound')) {
        const start = at(flip, onset);
        return [start, start + data.trialSoundDur[k]!];
      }
      return [at(display, onset), at(display, onset + data.trialVisStimFrames[k]!)];
    });
    expect(column(data, 'stim_start_time')).toEqual(expected.map(([start]) => start));
    expect(column(data, 'stim_stop_time')).toEqual(expected.map(([, stop]) => stop));
  });

  it('a trial whose stimulus is none of visual, auditory or catch has no stimulus times', () => {
    const stim = [...example.trialStim];
    stim[4] = 'none';
    const data = withData({ trialStim: stim });
    expect([column(data, 'stim_start_time')[4], column(data, 'stim_stop_time')[4]]).toEqual([nan, nan]);
  });

  it('a trial followed by its repeat has a timeout; the post-response window follows it', () => {
    // trialRepeat[k] marks trial k as a repeat (the stored array keeps the task's leading dummy).
    const repeat = Array.from({ length: 11 }, (_, k) => k === 3 || k === 7);
    const data = withData({ trialRepeat: repeat, incorrectTimeoutFrames: 10 });
    const timedOut = (k: number) => k === 2 || k === 6;
    expect(column(data, 'timeout_start_time')).toEqual(
      s.map((f, k) => (timedOut(k) ? at(input, f + 61) : nan)),
    );
    expect(column(data, 'timeout_stop_time')).toEqual(
      s.map((f, k) => (timedOut(k) ? at(display, f + 71) : nan)),
    );
    expect(column(data, 'post_response_window_start_time')).toEqual(
      s.map((f, k) => at(display, timedOut(k) ? f + 71 : f + 60)),
    );
    expect(column(data, 'post_response_window_stop_time')).toEqual(
      s.map((f, k) => at(display, (timedOut(k) ? f + 71 : f + 60) + 4)),
    );
  });

  it('the last trial has no timeout: nothing repeats it', () => {
    const repeat = Array.from({ length: 11 }, (_, k) => k === 9 || k === 10);
    const data = withData({ trialRepeat: repeat, incorrectTimeoutFrames: 10 });
    expect(column(data, 'timeout_start_time')).toEqual(s.map((f, k) => (k === 8 ? at(input, f + 61) : nan)));
  });

  it.each([
    'trialResponseFrame',
    'trialSoundDur',
    'trialVisStimFrames',
    'trialRewarded',
    'trialStimStartFrame',
    'trialStim',
    'trialRepeat',
  ] as const)('a short %s is named in the error', (name) => {
    const short = (example[name] as unknown[]).slice(0, 9);
    expect(() => computeTrials(withData({ [name]: short }))).toThrow(
      `${name} has 9 values for 10 trials (trialEndFrame)`,
    );
  });
});

describe('reward_time', () => {
  const rewardTimes = (patch: Partial<TaskFileData>) => column(withData(patch), 'reward_time');
  const rewardedAt = (frames: Record<number, number>) =>
    s.map((_, k) => (frames[k] === undefined ? nan : at(flip, frames[k]!)));

  it.each<[string, Partial<TaskFileData>, Record<number, number>]>([
    ['the worked example: one trigger per rewarded trial', {}, { 0: 41, 3: 350, 5: 541, 8: 847 }],
    [
      'aligned triggers are assigned in order even between a trial’s end and the next start',
      { rewardFrames: [41, 402, 541, 847] },
      { 0: 41, 3: 402, 5: 541, 8: 847 },
    ],
    [
      'a trigger exactly at the first start and one exactly at the last stop count',
      {
        rewardFrames: [5, 350, 541, 999],
        trialRewarded: [true, false, false, true, false, true, false, false, false, true],
      },
      { 0: 5, 3: 350, 5: 541, 9: 999 },
    ],
    [
      'triggers outside the session are ignored',
      { rewardFrames: [2, 41, 350, 541, 847, 1000] },
      { 0: 41, 3: 350, 5: 541, 8: 847 },
    ],
    [
      'a manual reward in an unrewarded trial: each rewarded trial takes the first trigger inside it',
      { rewardFrames: [41, 60, 150, 350, 541, 847] },
      { 0: 41, 3: 350, 5: 541, 8: 847 },
    ],
    [
      'not aligned, a rewarded trial without a trigger inside it is NaN',
      { rewardFrames: [41, 150, 402, 541, 847] },
      { 0: 41, 5: 541, 8: 847 },
    ],
    [
      'a trigger before the session does not break the alignment of the others',
      { rewardFrames: [2, 41, 402, 541, 847] },
      { 0: 41, 3: 402, 5: 541, 8: 847 },
    ],
    [
      'as many triggers as rewarded trials but in other trials: not aligned',
      { rewardFrames: [41, 150, 541, 847] },
      { 0: 41, 5: 541, 8: 847 },
    ],
    [
      'not aligned, a trigger exactly at a trial’s start or stop is not inside it',
      { rewardFrames: [5, 99, 150, 350, 541, 847] },
      { 3: 350, 5: 541, 8: 847 },
    ],
    [
      'too few triggers: the ones inside rewarded trials still count',
      { rewardFrames: [350, 847] },
      { 3: 350, 8: 847 },
    ],
  ])('%s', (_name, patch, frames) => {
    expect(rewardTimes(patch)).toEqual(rewardedAt(frames));
  });
});
