/**
 * Property tests over simulated task files: whatever the seed and profile, the trials and performance
 * tables keep the task's invariants, and the legacy and current performance tables agree where the
 * reference says they should.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLab } from '../../fixtures/generator/lab.ts';
import { simulateTaskFile, type TaskProfile } from '../../fixtures/generator/taskSimulator.ts';
import {
  boolColumn,
  type ColumnTable,
  column,
  numericColumn,
  stringColumn,
} from '../../src/domain/columns.ts';
import { computeLegacyPerformance } from '../../src/domain/legacyPerformance.ts';
import { computePerformance } from '../../src/domain/performance.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { computeTrials } from '../../src/domain/trials.ts';

const profileArb: fc.Arbitrary<TaskProfile> = fc.record({
  seed: fc.integer(),
  subject: fc.constant('676909'),
  startTime: fc.constantFrom('20230301_120000', '20231016_162009', '20240401_130000'),
  durationMinutes: fc.integer({ min: 3, max: 12 }),
  performer: fc.constantFrom('good', 'poor', 'disengaged'),
  opto: fc.boolean(),
  incorrect: fc.constantFrom('none', 'repeats', 'timeouts'),
  autoRewardDataset: fc.boolean(),
  autoRewardOnset: fc.constantFrom('early', 'late'),
  firstBlock: fc.constantFrom('vis', 'aud'),
  taskVersion: fc.constant('stage 5 ori AMN moving timeouts'),
  rigName: fc.constantFrom('B2', 'NP3'),
  manualRewards: fc.integer({ min: 0, max: 3 }),
});

const RUNS = { numRuns: 60 };

function simulate(profile: TaskProfile) {
  const data = simulateTaskFile(profile);
  const trials = computeTrials(data);
  return { data, trials, performance: computePerformance(trials, data) };
}

const bools = (t: ColumnTable, name: string) => boolColumn(t, name);
const nums = (t: ColumnTable, name: string) => Array.from(numericColumn(t, name));

describe('simulated task files: trials', () => {
  it('each non-catch trial has exactly one outcome; catch trials none; never both GO and NOGO', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const { trials } = simulate(profile);
        const outcomes = ['is_hit', 'is_miss', 'is_false_alarm', 'is_correct_reject'].map((n) =>
          bools(trials, n),
        );
        const isCatch = bools(trials, 'is_catch');
        const go = bools(trials, 'is_go');
        const nogo = bools(trials, 'is_nogo');
        const correct = bools(trials, 'is_correct');
        const incorrect = bools(trials, 'is_incorrect');
        for (let i = 0; i < trials.rowCount; i++) {
          const n = outcomes.filter((o) => o[i]).length;
          expect(n).toBe(isCatch[i] ? 0 : 1);
          expect(go[i] && nogo[i]).toBe(false);
          expect(correct[i]).not.toBe(incorrect[i]);
        }
      }),
      RUNS,
    );
  });

  it('array lengths follow the task: N trials, one more start (cut-off trial), trialRepeat N+1', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const { data, trials } = simulate(profile);
        const n = data.trialEndFrame.length;
        expect(trials.rowCount).toBe(n);
        expect(n).toBeGreaterThan(0);
        expect(data.trialStartFrame.length - n).toBeGreaterThanOrEqual(0);
        expect(data.trialStartFrame.length - n).toBeLessThanOrEqual(1);
        expect(data.trialStimStartFrame.length - n).toBeLessThanOrEqual(1);
        expect(data.trialRepeat).toHaveLength(n + 1);
        expect(data.trialRepeat[0]).toBe(false);
        const blocks = new Set(nums(trials, 'block_index'));
        expect(blocks.size).toBeLessThanOrEqual(data.blockStimRewarded.length);
      }),
      RUNS,
    );
  });

  it('times are monotone within and across trials', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const { trials } = simulate(profile);
        const start = nums(trials, 'start_time');
        const stimStart = nums(trials, 'stim_start_time');
        const stop = nums(trials, 'stop_time');
        const rwStart = nums(trials, 'response_window_start_time');
        const rwStop = nums(trials, 'response_window_stop_time');
        const response = nums(trials, 'response_time');
        const resp = bools(trials, 'is_response');
        for (let k = 0; k < trials.rowCount; k++) {
          expect(start[k]).toBeLessThanOrEqual(stimStart[k] as number);
          expect(stimStart[k]).toBeLessThanOrEqual(stop[k] as number);
          if (k + 1 < trials.rowCount) expect(stop[k]).toBeLessThan(start[k + 1] as number);
          expect(Number.isNaN(response[k])).toBe(!resp[k]);
          if (resp[k]) {
            expect(response[k]).toBeGreaterThanOrEqual(rwStart[k] as number);
            expect(response[k]).toBeLessThan(rwStop[k] as number);
          }
        }
      }),
      RUNS,
    );
  });

  it('every rewarded trial has a reward time inside it, and only those', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const { trials } = simulate(profile);
        const rewarded = bools(trials, 'is_rewarded');
        const reward = column(trials, 'reward_time') === undefined ? null : nums(trials, 'reward_time');
        const start = nums(trials, 'start_time');
        const stop = nums(trials, 'stop_time');
        for (let k = 0; k < trials.rowCount; k++) {
          const r = reward?.[k] ?? Number.NaN;
          expect(Number.isNaN(r)).toBe(!rewarded[k]);
          if (rewarded[k]) {
            expect(r).toBeGreaterThan(start[k] as number);
            expect(r).toBeLessThan(stop[k] as number);
          }
        }
      }),
      RUNS,
    );
  });

  it('the quiescent interval before each stimulus has no licks; violations are licks', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const { data } = simulate(profile);
        const licks = data.lickFrames;
        expect([...licks].sort((a, b) => a - b)).toEqual(licks);
        for (let k = 0; k < data.trialEndFrame.length; k++) {
          const s = data.trialStimStartFrame[k] as number;
          expect(licks.some((l) => l >= s - data.quiescentFrames && l < s)).toBe(false);
        }
        const lickSet = new Set(licks);
        expect(data.quiescentViolationFrames.every((v) => lickSet.has(v))).toBe(true);
      }),
      RUNS,
    );
  });

  it('instruction trials open each block; repeats follow false alarms; optional columns appear as they should', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const { data, trials } = simulate(profile);
        const inBlock = nums(trials, 'trial_index_in_block');
        const instruction = bools(trials, 'is_instruction');
        const scheduled = bools(trials, 'is_reward_scheduled');
        const repeat = bools(trials, 'is_repeat');
        const fa = bools(trials, 'is_false_alarm');
        const stim = stringColumn(trials, 'stim_name');
        for (let k = 0; k < trials.rowCount; k++) {
          expect(instruction[k]).toBe((inBlock[k] as number) < 5);
          expect(scheduled[k]).toBe(instruction[k]);
          if (repeat[k]) {
            expect(fa[k - 1]).toBe(true);
            expect(stim[k]).toBe(stim[k - 1]);
          }
        }
        if (profile.incorrect === 'none') expect(repeat.some(Boolean)).toBe(false);
        const repeatFollows = repeat.slice(1).some(Boolean);
        expect(column(trials, 'timeout_start_time') !== undefined).toBe(repeatFollows);
        const optoTrials = data.opto?.trialOptoOnsetFrame.some(Number.isFinite) ?? false;
        expect(column(trials, 'opto_start_time') !== undefined).toBe(optoTrials);
        expect(bools(trials, 'is_opto').some(Boolean)).toBe(optoTrials);
        if (!profile.opto) expect(trials.columns.some((c) => c.name.startsWith('opto_'))).toBe(false);
      }),
      RUNS,
    );
  });

  it('every frame index the file holds is one of its frames (0 … frameIntervals.length)', () => {
    const check = (data: TaskFileData) => {
      const lastFrame = data.frameIntervals.length;
      const events = {
        lickFrames: data.lickFrames,
        rewardFrames: data.rewardFrames,
        quiescentViolationFrames: data.quiescentViolationFrames,
        trialStartFrame: data.trialStartFrame,
        trialStimStartFrame: data.trialStimStartFrame,
        trialEndFrame: data.trialEndFrame,
      };
      for (const [name, frames] of Object.entries(events)) {
        const outside = frames.filter((f) => !(f >= 0 && f <= lastFrame));
        expect({ name, outside }).toEqual({ name, outside: [] });
      }
    };
    fc.assert(
      fc.property(profileArb, (profile) => check(simulateTaskFile(profile))),
      RUNS,
    );
    // Every task file of the fixture lab, too (one of them once had a lick past its last frame).
    for (const session of buildLab().sessions) if (session.task) check(simulateTaskFile(session.task));
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        expect(simulateTaskFile(profile)).toEqual(simulateTaskFile(profile));
      }),
      { numRuns: 10 },
    );
  });
});

describe('simulated task files: performance', () => {
  it('one row per block; n_trials sums to N; rates are rates', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const { trials, performance } = simulate(profile);
        const blocks = [...new Set(nums(trials, 'block_index'))].sort((a, b) => a - b);
        expect(performance.rowCount).toBe(blocks.length);
        expect(nums(performance, 'block_index')).toEqual(blocks);
        expect(nums(performance, 'n_trials').reduce((a, b) => a + b, 0)).toBe(trials.rowCount);
        for (const name of [
          'hit_rate',
          'false_alarm_rate',
          'catch_response_rate',
          'vis_target_response_rate',
        ]) {
          for (const r of nums(performance, name)) if (!Number.isNaN(r)) expect(r >= 0 && r <= 1).toBe(true);
        }
        const first = profile.firstBlock === 'aud';
        expect(performance.columns.find((c) => c.name === 'is_first_block_aud')?.values).toEqual(
          blocks.map(() => first),
        );
      }),
      RUNS,
    );
  });

  it('legacy and current agree on the shared counts, and on rates when nothing is repeated', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const { data, trials, performance } = simulate(profile);
        const legacy = computeLegacyPerformance(data, trials);
        expect(legacy.rowCount).toBe(performance.rowCount);
        for (const name of [
          'block_index',
          'n_trials',
          'n_responses',
          'n_contingent_rewards',
          'start_time',
          'stop_time',
        ]) {
          expect(nums(legacy, name)).toEqual(nums(performance, name));
        }
        expect(
          stringColumn(legacy, 'rewarded_modality').map((m) => (m.includes('vis') ? 'vis' : 'aud')),
        ).toEqual(stringColumn(performance, 'rewarded_modality'));
        // Legacy hits leave out trials with a scheduled auto-reward.
        const hits = bools(trials, 'is_hit');
        const scheduled = bools(trials, 'is_reward_scheduled');
        const blockOf = nums(trials, 'block_index');
        const current = nums(performance, 'n_hits');
        const legacyHits = nums(legacy, 'n_hits');
        const repeats = bools(trials, 'is_repeat').some(Boolean);
        nums(performance, 'block_index').forEach((b, row) => {
          const scheduledHits = hits.filter((h, i) => h && scheduled[i] && blockOf[i] === b).length;
          if (!repeats) expect(legacyHits[row]).toBe((current[row] as number) - scheduledHits);
        });
        if (!repeats) {
          for (const name of [
            'false_alarm_rate',
            'catch_response_rate',
            'vis_target_response_rate',
            'vis_nontarget_response_rate',
            'aud_target_response_rate',
            'aud_nontarget_response_rate',
          ]) {
            expect(nums(legacy, name)).toEqual(nums(performance, name));
          }
        }
        // Signed d′ carries the block's sign in both tables.
        const sign = stringColumn(performance, 'rewarded_modality').map((m) => (m === 'vis' ? 1 : -1));
        nums(performance, 'signed_cross_modality_dprime').forEach((v, i) => {
          expect(v).toBe((sign[i] as number) * (nums(performance, 'cross_modality_dprime')[i] as number));
        });
        nums(legacy, 'signed_cross_modal_dprime').forEach((v, i) => {
          expect(v).toBe((sign[i] as number) * (nums(legacy, 'cross_modal_dprime')[i] as number));
        });
      }),
      RUNS,
    );
  });
});

describe('the benchmark-sized session', () => {
  it('an hour of task: ~216,000 frames, ~530 trials, six blocks, a well-behaved mouse', () => {
    const profile: TaskProfile = {
      seed: 20231213,
      subject: '676909',
      startTime: '20231213_134340',
      durationMinutes: 60,
      performer: 'good',
      opto: true,
      incorrect: 'timeouts',
      autoRewardDataset: true,
      autoRewardOnset: 'early',
      firstBlock: 'vis',
      taskVersion: 'stage 5 ori AMN moving timeouts',
      rigName: 'NP3',
    };
    const { data, trials, performance } = simulate(profile);
    expect(data.frameIntervals.length + 1).toBe(216_000);
    expect(trials.rowCount).toBeGreaterThan(450);
    expect(trials.rowCount).toBeLessThan(600);
    expect(performance.rowCount).toBe(6);
    expect(nums(performance, 'cross_modality_dprime').every((d) => d > 1)).toBe(true);
  });
});
