import { describe, expect, it } from 'vitest';
import { simulateTaskFile, type TaskProfile } from '../../fixtures/generator/taskSimulator.ts';
import { computePerformance } from '../../src/domain/performance.ts';
import {
  computeKeywords,
  computeSessionFlags,
  type SessionFlagInput,
  type SessionFlags,
  sessionType,
} from '../../src/domain/sessionFlags.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { firstTrialOpto, workedExampleTaskData } from '../support/workedExample.ts';

const behaviorBox = { isEphys: false, isSync: false, project: 'DynamicRouting' };
const ephys = { isEphys: true, isSync: true, project: 'DynamicRouting' };
const withTask = (patch: Partial<TaskFileData> = {}): TaskFileData => ({
  ...workedExampleTaskData(),
  ...patch,
});
const optoData = firstTrialOpto();

describe('computeSessionFlags', () => {
  it('knows nothing when given nothing', () => {
    const flags = computeSessionFlags({});
    expect(flags).toMatchObject({
      isTask: null,
      isSync: null,
      isEphys: null,
      isVideo: null,
      isTraining: null,
      isHab: null,
      isOptoControl: null,
      isTempleton: null,
      isLateAutorewards: null,
      isEngaged: null,
      isGoodBehavior: null,
      // Defaults the reference assumes.
      isWildtype: true,
      isProduction: true,
      // An unknown genotype counts as wild type, and a wild-type subject is never an opto perturbation.
      isOpto: false,
    });
  });

  it('a behaviour-box training session', () => {
    const task = withTask({ rigName: 'B3' });
    const flags = computeSessionFlags({ task, tracked: behaviorBox, genotype: 'wt/wt' });
    expect(flags).toMatchObject({
      isTask: true,
      isSync: false,
      isEphys: false,
      isVideo: false,
      isTraining: true,
      isHab: false,
      isOpto: false,
      isOptoControl: false,
      isTempleton: false,
      isContextNaive: false,
      isLateAutorewards: false,
      isFirstBlockAud: false,
      isFirstBlockVis: true,
    });
  });

  it('a habituation session on an NP rig; opto makes it not a hab', () => {
    const hab = { task: withTask({ rigName: 'NP3' }), tracked: { ...behaviorBox, isSync: true } };
    expect(computeSessionFlags(hab)).toMatchObject({ isHab: true, isTraining: false });
    const opto = { ...hab, task: withTask({ rigName: 'NP3', opto: optoData }), genotype: 'VGAT-ChR2-YFP/wt' };
    expect(computeSessionFlags(opto)).toMatchObject({ isHab: false, isOpto: true, isOptoControl: false });
  });

  it('opto in a wild-type (or unknown-genotype) subject is an opto control', () => {
    const input: SessionFlagInput = { task: withTask({ opto: optoData }), tracked: ephys, genotype: 'wt/wt' };
    expect(computeSessionFlags(input)).toMatchObject({
      isOpto: false,
      isOptoControl: true,
      isWildtype: true,
    });
    expect(computeSessionFlags({ ...input, genotype: null })).toMatchObject({ isOptoControl: true });
  });

  it('no readable task file: task flags are false, task-derived facts unknown', () => {
    const flags = computeSessionFlags({ task: null, tracked: ephys });
    expect(flags).toMatchObject({
      isTask: false,
      isTraining: false,
      isHab: false,
      isOpto: false,
      isLateAutorewards: null,
      isFirstBlockAud: null,
      isVideo: true,
    });
  });

  it('session kwargs override detection', () => {
    const flags = computeSessionFlags({
      task: withTask(),
      tracked: {
        ...ephys,
        sessionKwargs: { is_task: false, is_video: false, is_production: false, is_context_naive: true },
      },
    });
    expect(flags).toMatchObject({ isTask: false, isVideo: false, isProduction: false, isContextNaive: true });
    expect(flags.isLateAutorewards).toBeNull();
  });

  it('decides Templeton from the project, then the sheets, then the task version', () => {
    const templeton = (input: SessionFlagInput) => computeSessionFlags(input).isTempleton;
    expect(templeton({ tracked: { ...ephys, project: 'TempletonPilotSession' } })).toBe(true);
    expect(
      templeton({ tracked: { ...ephys, project: 'DynamicRouting' }, subjectInTrainingSheets: false }),
    ).toBe(false);
    expect(templeton({ tracked: { ...ephys, project: 'Other' }, subjectInTrainingSheets: false })).toBe(true);
    expect(templeton({ task: withTask({ taskVersion: 'templeton stage 5 ori AMN' }) })).toBe(true);
    expect(
      computeSessionFlags({ tracked: { ...ephys, project: 'TempletonPilotSession' } }).isContextNaive,
    ).toBe(true);
  });

  it('derives late auto-rewards, first block, engagement and good behaviour from the task', () => {
    const profile: TaskProfile = {
      seed: 3,
      subject: '676909',
      startTime: '20231213_134340',
      durationMinutes: 60,
      performer: 'good',
      opto: false,
      incorrect: 'none',
      autoRewardDataset: true,
      autoRewardOnset: 'late',
      firstBlock: 'aud',
      taskVersion: 'stage 5 ori AMN moving',
      rigName: 'NP3',
    };
    const task = simulateTaskFile(profile);
    const performance = computePerformance(computeTrials(task), task);
    const flags = computeSessionFlags({ task, performance, tracked: ephys });
    expect(flags).toMatchObject({
      isLateAutorewards: true,
      isFirstBlockAud: true,
      isFirstBlockVis: false,
      isEngaged: true,
      isGoodBehavior: true,
    });
    const lazy = simulateTaskFile({ ...profile, performer: 'disengaged' });
    const lazyFlags = computeSessionFlags({
      task: lazy,
      performance: computePerformance(computeTrials(lazy), lazy),
      tracked: ephys,
    });
    expect(lazyFlags).toMatchObject({ isEngaged: false, isGoodBehavior: false });
  });

  it('sorted / annotated: the tracked kwargs say, else false without ephys and unknown with it', () => {
    const withKwargs = { ...ephys, sessionKwargs: { is_sorted: true, is_annotated: false } };
    expect(computeSessionFlags({ tracked: withKwargs })).toMatchObject({
      isSorted: true,
      isAnnotated: false,
    });
    expect(computeSessionFlags({ tracked: behaviorBox })).toMatchObject({
      isSorted: false,
      isAnnotated: false,
    });
    expect(computeSessionFlags({ tracked: ephys })).toMatchObject({ isSorted: null, isAnnotated: null });
  });
});

describe('computeKeywords', () => {
  const flags = (patch: Partial<SessionFlags>): SessionFlags => ({ ...computeSessionFlags({}), ...patch });

  it('a training session', () => {
    const f = computeSessionFlags({ task: withTask({ rigName: 'B3' }), tracked: behaviorBox });
    expect(computeKeywords(f, { epochTags: ['task', 'rewards'] })).toEqual([
      'task',
      'training',
      'dynamic_routing',
      'prod',
      'first_block_vis',
      'early_autorewards',
      'rewards',
    ]);
  });

  it('an ephys session with everything', () => {
    const f = flags({
      isTask: true,
      isSync: true,
      isVideo: true,
      isEphys: true,
      isDeepInsertion: true,
      isSorted: true,
      isAnnotated: true,
      isTempleton: false,
      isContextNaive: false,
      isStage5Passed: true,
      isFirstBlockAud: true,
      isLateAutorewards: true,
      isGoodBehavior: false,
      isPhotodiode: false,
      isOpto: false,
      isOptoControl: false,
      isHab: false,
      isTraining: false,
    });
    expect(
      computeKeywords(f, {
        issues: ['https://github.com/x/y/issues/1'],
        epochTags: ['task'],
        experimentDay: 2,
      }),
    ).toEqual([
      'issues',
      'task',
      'sync',
      'video',
      'ephys',
      'deep_insertions',
      'units',
      'ccf',
      'dynamic_routing',
      'prod',
      'stage_5_passed',
      'first_block_aud',
      'late_autorewards',
      'bad_behavior',
      'no_photodiode',
      'day_2',
      'brainwide_survey',
    ]);
  });

  it('Templeton sessions are context naive, never dynamic_routing; dev when not production', () => {
    const f = flags({ isTempleton: true, isContextNaive: true, isEphys: true, isProduction: false });
    expect(computeKeywords(f)).toEqual(['ephys', 'dev', 'context_naive', 'templeton']);
  });

  it.each([
    [{ isTempleton: true, isEphys: true }, 'templeton'],
    [{ isContextNaive: true, isEphys: true }, 'context_naive'],
    [{ isInjectionPerturbation: true, isEphys: true }, 'muscimol_perturbation'],
    [{ isInjectionControl: true, isEphys: true }, 'muscimol_control'],
    [{ isOpto: true, isEphys: true }, 'opto_perturbation'],
    [{ isOptoControl: true }, 'opto_control'],
    [{ isHab: true }, 'habituation'],
    [{ isTraining: true }, 'training'],
    [{ isEphys: true }, 'brainwide_survey'],
    [{}, null],
  ] as [Partial<SessionFlags>, string | null][])('session type of %j is %s', (patch, expected) => {
    expect(sessionType(flags(patch))).toBe(expected);
  });
});
