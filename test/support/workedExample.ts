/**
 * The worked acceptance case of reference §8.2 as decoded task data: 10 trials in two blocks (vis1 then
 * sound1) on a 1000-frame clock at exactly 1/60 s. Other helpers' tests reuse it.
 */
import type { TaskFileData } from '../../src/domain/taskFile.ts';

const N = 10;
const range = (n: number) => Array.from({ length: n }, (_, k) => k);
const STIMS = ['vis1', 'vis2', 'sound1', 'vis1', 'catch', 'sound1', 'vis1', 'sound2', 'sound1', 'vis1'];
const T = true;
const F = false;

export function workedExampleTaskData(): TaskFileData {
  return {
    frameIntervals: new Float64Array(1000).fill(1 / 60),
    startTime: '20231016_162009',
    subjectName: '674723',
    rigName: 'B3',
    computerName: null,
    taskVersion: 'stage 5 ori AMN moving',
    trialStartFrame: range(N).map((k) => 100 * k),
    trialStimStartFrame: range(N).map((k) => 100 * k + 35),
    trialEndFrame: range(N).map((k) => 100 * k + 99),
    trialStim: [...STIMS],
    trialBlock: [1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
    trialResponse: [T, F, T, T, F, T, F, T, T, T],
    trialResponseFrame: [45, Number.NaN, 255, 350, Number.NaN, 555, Number.NaN, 765, 847, 943],
    trialRewarded: [T, F, F, T, F, T, F, F, T, F],
    trialAutoRewardScheduled: range(N).map((k) => k === 0 || k === 5),
    trialAutoRewarded: range(N).map((k) => k === 0 || k === 5),
    trialRepeat: new Array<boolean>(N + 1).fill(false),
    trialVisStimFrames: STIMS.map((s) => (s.startsWith('vis') ? 30 : 0)),
    trialSoundDur: STIMS.map((s) => (s.startsWith('sound') ? 0.5 : 0)),
    trialGratingPhase: STIMS.map((s, k) => (s.startsWith('vis') ? (k % 2) * 0.5 : Number.NaN)),
    blockStimRewarded: ['vis1', 'sound1'],
    blockStim: [
      ['vis1', 'vis2', 'sound1', 'sound2'],
      ['vis1', 'vis2', 'sound1', 'sound2'],
    ],
    rewardFrames: [41, 350, 541, 847],
    rewardSize: [0.005, 0.005, 0.005, 0.005],
    lickFrames: [45, 255, 350, 555, 765, 847, 943],
    quiescentViolationFrames: [],
    responseWindow: [6, 60],
    quiescentFrames: 30,
    postResponseWindowFrames: 4,
    newBlockAutoRewards: 1,
    newBlockGoTrials: 1,
    newBlockNogoTrials: 0,
    newBlockCatchTrials: 0,
    autoRewardOnsetFrame: 6,
    incorrectTrialRepeats: 0,
    incorrectTimeoutFrames: 0,
    opto: null,
  };
}
