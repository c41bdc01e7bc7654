import { describe, expect, it } from 'vitest';
import { numericColumn, stringColumn } from '../../src/domain/columns.ts';
import { computeLegacyPerformance } from '../../src/domain/legacyPerformance.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

const nan = Number.NaN;
const legacyOf = (data: TaskFileData) => computeLegacyPerformance(data, computeTrials(data));
const withData = (patch: Partial<TaskFileData>): TaskFileData => ({ ...workedExampleTaskData(), ...patch });
const values = (data: TaskFileData, name: string) => Array.from(numericColumn(legacyOf(data), name));

describe('computeLegacyPerformance (DRAU, reference §5.2)', () => {
  it('keeps the legacy columns, with vis1/sound1 block names', () => {
    const legacy = legacyOf(workedExampleTaskData());
    expect(legacy.columns.map((c) => c.name)).toEqual([
      'start_time',
      'stop_time',
      'block_index',
      'rewarded_modality',
      'cross_modal_dprime',
      'signed_cross_modal_dprime',
      'same_modal_dprime',
      'nonrewarded_modal_dprime',
      'vis_intra_dprime',
      'aud_intra_dprime',
      'n_trials',
      'n_responses',
      'n_hits',
      'n_contingent_rewards',
      'hit_rate',
      'false_alarm_rate',
      'catch_response_rate',
      'vis_target_response_rate',
      'vis_nontarget_response_rate',
      'aud_target_response_rate',
      'aud_nontarget_response_rate',
    ]);
    expect(stringColumn(legacy, 'rewarded_modality')).toEqual(['vis1', 'sound1']);
  });

  it('leaves auto-reward trials out of GO and hits', () => {
    // Block 0: GO = {3} (0 had a scheduled auto-reward); block 1: GO = {8}.
    expect(values(workedExampleTaskData(), 'n_hits')).toEqual([1, 1]);
    expect(values(workedExampleTaskData(), 'hit_rate')).toEqual([1, 1]);
  });

  it('computes the worked example by the DRAU definitions', () => {
    const d = workedExampleTaskData();
    // Block 0: HR 1/1; other-modal GO {2} FA 1/1; same-modal {1} FA 0/1; no other-modal NOGO.
    // Block 1: HR 1/1; other-modal GO {6, 9} FA 1/2; same-modal {7} FA 1/1.
    expect(values(d, 'cross_modal_dprime')).toEqual([0, 0]);
    expect(values(d, 'same_modal_dprime')).toEqual([0, 0]);
    expect(values(d, 'nonrewarded_modal_dprime')).toEqual([nan, nan]);
    expect(values(d, 'vis_intra_dprime')).toEqual([0, nan]);
    expect(values(d, 'aud_intra_dprime')).toEqual([nan, 0]);
    expect(values(d, 'false_alarm_rate')).toEqual([0.5, 2 / 3]);
    expect(values(d, 'catch_response_rate')).toEqual([0, nan]);
    expect(values(d, 'vis_target_response_rate')).toEqual([1, 0.5]);
    expect(values(d, 'aud_target_response_rate')).toEqual([1, 1]);
    expect(values(d, 'aud_nontarget_response_rate')).toEqual([nan, 1]);
    expect(values(d, 'n_trials')).toEqual([5, 5]);
    expect(values(d, 'n_contingent_rewards')).toEqual([1, 1]);
  });

  it('gives d′ values away from the 1/(2N) corner and signs cross-modal d′ by block', () => {
    // Block 0 gets two more vis1 hits: HR stays 1 with nGo 3 → 1 − 1/6.
    const d = withData({
      trialStim: ['vis1', 'vis1', 'sound1', 'vis1', 'vis1', 'sound1', 'vis1', 'sound2', 'sound1', 'vis1'],
      trialResponse: [true, true, true, true, true, true, false, true, true, true],
    });
    const cross = values(d, 'cross_modal_dprime');
    // d′(1 − 1/6, 1 − 1/2): Φ⁻¹(5/6) − 0.
    expect(cross[0]).toBeCloseTo(0.9674215661017014, 14);
    expect(values(d, 'signed_cross_modal_dprime')).toEqual([cross[0], -(cross[1] as number)]);
  });

  it('excludes repeats from the DRAU values but not from the counts', () => {
    const repeat = Array<boolean>(11).fill(false);
    repeat[7] = true;
    const d = withData({ trialRepeat: repeat });
    expect(values(d, 'false_alarm_rate')[1]).toBe(0.5);
    expect(values(d, 'same_modal_dprime')[1]).toBeNaN();
    expect(values(d, 'n_trials')[1]).toBe(5);
    expect(values(d, 'n_responses')[1]).toBe(4);
  });

  it('treats vis1 and sound1 as the other GO stimuli in `distract` task versions', () => {
    const sameContext = { blockStimRewarded: ['vis1', 'vis1'] };
    expect(values(withData(sameContext), 'cross_modal_dprime')[0]).toBeNaN();
    const distract = withData({ ...sameContext, taskVersion: 'stage 5 distract' });
    expect(values(distract, 'cross_modal_dprime')[0]).toBe(0);
  });
});
