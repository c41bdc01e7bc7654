/** Reference §8.2: the acceptance case, reproduced to 1e-9. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  boolColumn,
  type ColumnTable,
  column,
  numericColumn,
  stringColumn,
} from '../../src/domain/columns.ts';
import { computePerformance } from '../../src/domain/performance.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

const TOL = 1e-9;
const K = Array.from({ length: 10 }, (_, k) => k);
const nan = Number.NaN;

function expectClose(actual: ArrayLike<number>, expected: readonly number[]) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (Number.isNaN(e)) expect(a, `index ${i}`).toBeNaN();
    else expect(Math.abs(a - e), `index ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(TOL);
  });
}

const indicesWhere = (table: ColumnTable, name: string) =>
  boolColumn(table, name).flatMap((v, i) => (v ? [i] : []));

describe('worked example (§8.2): trials', () => {
  // Computed for each test (not when tests are collected, nor once in beforeAll) so that mutation
  // testing sees which test depends on it.
  let trials: ColumnTable;
  beforeEach(() => {
    trials = computeTrials(workedExampleTaskData());
  });
  const times = (name: string) => numericColumn(trials, name);

  it('has 10 rows', () => {
    expect(trials.rowCount).toBe(10);
  });

  it.each([
    ['start_time', (k: number) => (100 * k + 6) / 60],
    ['quiescent_start_time', (k: number) => (100 * k + 6) / 60],
    ['quiescent_stop_time', (k: number) => (100 * k + 34) / 60],
    ['stim_start_time', (k: number) => (100 * k + 36) / 60],
    ['stim_stop_time', (k: number) => (k === 4 ? 7.266666666666667 : (100 * k + 66) / 60)],
    ['response_window_start_time', (k: number) => (100 * k + 41) / 60],
    ['response_window_stop_time', (k: number) => (100 * k + 96) / 60],
    ['stop_time', (k: number) => (100 * k + 100) / 60],
    ['post_response_window_stop_time', (k: number) => (100 * k + 100) / 60],
  ])('%s', (name, expected) => {
    expectClose(times(name), K.map(expected));
  });

  it('response_time and reward_time', () => {
    expectClose(times('response_time'), [
      0.75,
      nan,
      4.25,
      5.833333333333333,
      nan,
      9.25,
      nan,
      12.75,
      14.116666666666667,
      15.716666666666667,
    ]);
    expectClose(times('task_control_response_time'), times('response_time') as number[]);
    expectClose(times('reward_time'), [
      0.7,
      nan,
      nan,
      5.85,
      nan,
      9.033333333333333,
      nan,
      nan,
      14.133333333333333,
      nan,
    ]);
  });

  it('drops the all-NaN timeout and opto columns', () => {
    for (const name of ['timeout_start_time', 'timeout_stop_time', 'opto_start_time', 'opto_stop_time']) {
      expect(column(trials, name)).toBeUndefined();
    }
  });

  it('rewarded_modality and block columns', () => {
    expect(stringColumn(trials, 'rewarded_modality')).toEqual([
      ...Array(5).fill('vis'),
      ...Array(5).fill('aud'),
    ]);
    expect(numericColumn(trials, 'block_index')).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(numericColumn(trials, 'trial_index_in_block'))).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
  });

  it.each([
    ['is_go', [0, 3, 5, 8]],
    ['is_nogo', [1, 2, 6, 7, 9]],
    ['is_hit', [0, 3, 5, 8]],
    ['is_miss', []],
    ['is_false_alarm', [2, 7, 9]],
    ['is_correct_reject', [1, 6]],
    ['is_correct', [0, 1, 3, 4, 5, 6, 8]],
    ['is_contingent_reward', [3, 8]],
    ['is_noncontingent_reward', [0, 5]],
    ['is_reward_scheduled', [0, 5]],
    ['is_instruction', [0, 5]],
    ['is_block_switch', [5]],
    ['is_vis_target', [0, 3, 6, 9]],
    ['is_aud_target', [2, 5, 8]],
    ['is_vis_nontarget', [1]],
    ['is_aud_nontarget', [7]],
  ])('%s = %j', (name, expected) => {
    expect(indicesWhere(trials, name)).toEqual(expected);
  });
});

describe('worked example (§8.2): performance', () => {
  const data = workedExampleTaskData();
  // Computed for each test (not when tests are collected, nor once in beforeAll) so that mutation
  // testing sees which test depends on it.
  let perf: ColumnTable;
  beforeEach(() => {
    perf = computePerformance(computeTrials(data), data);
  });
  const get = (name: string) => numericColumn(perf, name);
  const d = 0.6744897501960817;

  it('has one row per block', () => {
    expect(perf.rowCount).toBe(2);
    expect(Array.from(get('block_index'))).toEqual([0, 1]);
  });

  it.each([
    ['n_trials', [5, 5]],
    ['n_responses', [3, 4]],
    ['n_hits', [2, 2]],
    ['n_contingent_rewards', [1, 1]],
    ['hit_rate', [1, 1]],
    ['false_alarm_rate', [0.5, 0.6666666666666666]],
    ['catch_response_rate', [0, nan]],
    ['cross_modality_dprime', [d, d]],
    ['signed_cross_modality_dprime', [d, -d]],
    ['vis_dprime', [d, nan]],
    ['aud_dprime', [nan, d]],
    ['vis_target_response_rate', [1, 0.5]],
    ['vis_nontarget_response_rate', [0, nan]],
    ['aud_target_response_rate', [1, 1]],
    ['aud_nontarget_response_rate', [nan, 1]],
    ['start_time', [0.1, 8.433333333333334]],
    ['stop_time', [8.333333333333334, 16.666666666666668]],
  ])('%s = %j', (name, expected) => {
    expectClose(get(name), expected);
  });

  it('rewarded_modality and is_first_block_aud', () => {
    expect(stringColumn(perf, 'rewarded_modality')).toEqual(['vis', 'aud']);
    expect(boolColumn(perf, 'is_first_block_aud')).toEqual([false, false]);
  });

  it('keeps the reference column order', () => {
    expect(perf.columns.map((c) => c.name)).toEqual([
      'start_time',
      'stop_time',
      'block_index',
      'n_trials',
      'n_responses',
      'n_hits',
      'n_contingent_rewards',
      'hit_rate',
      'false_alarm_rate',
      'catch_response_rate',
      'rewarded_modality',
      'is_first_block_aud',
      'cross_modality_dprime',
      'signed_cross_modality_dprime',
      'vis_dprime',
      'aud_dprime',
      'vis_target_response_rate',
      'vis_nontarget_response_rate',
      'aud_target_response_rate',
      'aud_nontarget_response_rate',
    ]);
  });
});
