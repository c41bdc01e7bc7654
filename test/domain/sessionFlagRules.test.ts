/**
 * Session flags rule by rule: every tracked `session_kwargs` name overrides its own flag (true and
 * false; a non-boolean value is ignored), and the detections a kwarg stands in for — video, wild type,
 * opto without a task, the rig a session ran on, Templeton from the task version, good behaviour by
 * the Templeton rule — plus the keywords each flag adds.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../src/domain/columns.ts';
import {
  computeKeywords,
  computeSessionFlags,
  type SessionFlagInput,
  type SessionFlags,
} from '../../src/domain/sessionFlags.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { firstTrialOpto, workedExampleTaskData } from '../support/workedExample.ts';

const behaviorBox = { isEphys: false, isSync: false, project: 'DynamicRouting' };
const task = (patch: Partial<TaskFileData> = {}): TaskFileData => ({ ...workedExampleTaskData(), ...patch });
const withKwargs = (sessionKwargs: Record<string, unknown>, input: SessionFlagInput = {}): SessionFlags =>
  computeSessionFlags({ task: task(), ...input, tracked: { ...behaviorBox, sessionKwargs } });

describe('every session kwarg overrides its flag', () => {
  it.each<[string, keyof SessionFlags]>([
    ['is_task', 'isTask'],
    ['is_sync', 'isSync'],
    ['is_video', 'isVideo'],
    ['is_ephys', 'isEphys'],
    ['is_sorted', 'isSorted'],
    ['is_annotated', 'isAnnotated'],
    ['is_training', 'isTraining'],
    ['is_hab', 'isHab'],
    ['is_opto', 'isOpto'],
    ['is_opto_perturbation', 'isOpto'],
    ['is_opto_control', 'isOptoControl'],
    ['is_templeton', 'isTempleton'],
    ['is_context_naive', 'isContextNaive'],
    ['is_production', 'isProduction'],
    ['is_late_autorewards', 'isLateAutorewards'],
    ['is_first_block_aud', 'isFirstBlockAud'],
    ['is_first_block_vis', 'isFirstBlockVis'],
    ['is_engaged', 'isEngaged'],
    ['is_good_behavior', 'isGoodBehavior'],
    ['is_deep_insertion', 'isDeepInsertion'],
    ['is_injection_perturbation', 'isInjectionPerturbation'],
    ['is_injection_control', 'isInjectionControl'],
    ['is_stage_5_passed', 'isStage5Passed'],
    ['is_naive', 'isNaive'],
    ['is_photodiode', 'isPhotodiode'],
  ])('%s → %s', (kwarg, flag) => {
    expect(withKwargs({ [kwarg]: true })[flag]).toBe(true);
    expect(withKwargs({ [kwarg]: false })[flag]).toBe(false);
    // Not a boolean: ignored, the detection (or unknown) stands.
    expect(withKwargs({ [kwarg]: 'yes' })[flag]).toBe(withKwargs({})[flag]);
    expect(withKwargs({ [kwarg]: 1 })[flag]).toBe(withKwargs({})[flag]);
  });

  it('flags nothing detects are unknown (null) without their kwarg', () => {
    const flags = withKwargs({});
    expect([
      flags.isDeepInsertion,
      flags.isInjectionPerturbation,
      flags.isInjectionControl,
      flags.isStage5Passed,
      flags.isNaive,
      flags.isPhotodiode,
    ]).toEqual([null, null, null, null, null, null]);
  });
});

describe('detections', () => {
  it.each<[string, SessionFlagInput, boolean | null]>([
    ['no sync, no video', { tracked: { ...behaviorBox, isEphys: true } }, false],
    ['sync: video as ephys', { tracked: { ...behaviorBox, isSync: true, isEphys: true } }, true],
    ['sync without ephys: no video', { tracked: { ...behaviorBox, isSync: true } }, false],
    ['nothing known', {}, null],
  ])('isVideo: %s', (_name, input, expected) => {
    expect(computeSessionFlags(input).isVideo).toBe(expected);
  });

  it.each<[string | null | undefined, boolean]>([
    [null, true],
    [undefined, true],
    ['', true],
    ['   ', true],
    ['wt/wt', true],
    ['WT/WT', true],
    ['Sst-IRES-Cre/wt;Ai32/wt', false],
    ['VGAT-ChR2-YFP/wt', false],
  ])('isWildtype of genotype %j is %s', (genotype, expected) => {
    expect(computeSessionFlags({ genotype }).isWildtype).toBe(expected);
  });

  it('a session that is not a task has no opto, whatever its task file or genotype says', () => {
    const opto = task({ opto: firstTrialOpto() });
    const flags = computeSessionFlags({
      task: opto,
      genotype: 'VGAT-ChR2-YFP/wt',
      tracked: { ...behaviorBox, sessionKwargs: { is_task: false } },
    });
    expect([flags.isTask, flags.isOpto, flags.isOptoControl]).toEqual([false, false, false]);
    const wildtype = computeSessionFlags({
      task: null,
      genotype: 'wt/wt',
      tracked: { ...behaviorBox, sessionKwargs: { is_task: false } },
    });
    expect([wildtype.isOpto, wildtype.isOptoControl]).toEqual([false, false]);
    // Without a task file but not known to be no task: unknown.
    expect(computeSessionFlags({ genotype: 'wt/wt' }).isOptoControl).toBeNull();
  });

  it.each<
    [string, Record<string, unknown>, string | null, { isTraining: boolean | null; isHab: boolean | null }]
  >([
    ['a training box', {}, 'B2', { isTraining: true, isHab: false }],
    ['an ephys rig (NP)', {}, 'NP3', { isTraining: false, isHab: true }],
    ['an opto rig (OG)', {}, 'OG1', { isTraining: false, isHab: false }],
    ['lower-case rig names', {}, 'np.1', { isTraining: false, isHab: true }],
    ['the kwarg rig wins over the task file', { rig: 'NP3' }, 'B2', { isTraining: false, isHab: true }],
    ['a kwarg rig that is not a string is ignored', { rig: 3 }, 'NP3', { isTraining: false, isHab: true }],
    ['no rig anywhere: unknown', {}, null, { isTraining: null, isHab: null }],
  ])('the rig decides training and habituation: %s', (_name, sessionKwargs, rigName, expected) => {
    const flags = computeSessionFlags({
      task: task({ rigName }),
      tracked: { ...behaviorBox, sessionKwargs },
    });
    expect({ isTraining: flags.isTraining, isHab: flags.isHab }).toEqual(expected);
  });

  it.each<[string, SessionFlagInput, boolean | null]>([
    ['the project says so', { tracked: { ...behaviorBox, project: 'TempletonPilotSession' } }, true],
    ['a DynamicRouting project', { tracked: behaviorBox, subjectInTrainingSheets: false }, false],
    [
      'an unknown project, subject not in the sheets',
      { tracked: { ...behaviorBox, project: 'Other' }, subjectInTrainingSheets: false },
      true,
    ],
    ['the task version names it', { task: task({ taskVersion: 'Templeton stage 2' }) }, true],
    ['a task version that does not', { task: task({ taskVersion: 'stage 5' }) }, false],
    ['a task without a version', { task: task({ taskVersion: null }) }, false],
    ['no task file', { task: null }, null],
  ])('isTempleton: %s', (_name, input, expected) => {
    expect(computeSessionFlags(input).isTempleton).toBe(expected);
  });

  it('good behaviour uses the Templeton rule for Templeton sessions (4 good blocks of any modality)', () => {
    const rows = 4;
    const performance: ColumnTable = {
      rowCount: rows,
      columns: [
        { name: 'rewarded_modality', kind: 'string', values: Array(rows).fill('vis'), description: '' },
        { name: 'n_trials', kind: 'int', values: Array(rows).fill(20), description: '' },
        { name: 'n_contingent_rewards', kind: 'int', values: Array(rows).fill(10), description: '' },
        { name: 'cross_modality_dprime', kind: 'float', values: Array(rows).fill(1.5), description: '' },
      ],
    };
    const templeton = computeSessionFlags({ performance, tracked: { ...behaviorBox, project: 'Templeton' } });
    const dynamicRouting = computeSessionFlags({ performance, tracked: behaviorBox });
    expect([templeton.isGoodBehavior, templeton.isEngaged]).toEqual([true, true]);
    // Four visual blocks are not two of each modality.
    expect([dynamicRouting.isGoodBehavior, dynamicRouting.isEngaged]).toEqual([false, true]);
  });
});

describe('computeKeywords', () => {
  const none = computeSessionFlags({});
  const flags = (patch: Partial<SessionFlags>): SessionFlags => ({ ...none, ...patch });

  it.each<[string, Partial<SessionFlags>, string[]]>([
    ['nothing known', { isProduction: true }, ['prod']],
    ['habituation', { isHab: true, isProduction: false }, ['hab', 'dev', 'habituation']],
    ['good behaviour', { isGoodBehavior: true }, ['prod', 'good_behavior']],
    ['bad behaviour', { isGoodBehavior: false }, ['prod', 'bad_behavior']],
    ['late and early auto-rewards', { isLateAutorewards: false }, ['prod', 'early_autorewards']],
    ['first block', { isFirstBlockAud: false }, ['prod', 'first_block_vis']],
    ['no photodiode', { isPhotodiode: false }, ['prod', 'no_photodiode']],
    ['Templeton or not', { isTempleton: false }, ['dynamic_routing', 'prod']],
  ])('%s', (_name, patch, expected) => {
    expect(computeKeywords(flags(patch))).toEqual(expected);
  });
});
