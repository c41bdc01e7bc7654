/**
 * Per-trial facts of a task file (reference §4.2): the per-trial arrays sliced to the trial count
 * N = trialEndFrame.length, blocks, and the stimulus classification the trials table and the legacy
 * performance table share.
 */

import { TaskDataError } from '../errors.ts';
import { firstN, type TaskFileData } from './taskFile.ts';
import { autoRewards } from './trialsAutoRewards.ts';

export interface TrialFacts {
  n: number;
  stimStartFrame: number[];
  stim: string[];
  blockIndex: number[];
  /** blockStimRewarded of each trial's block. */
  rewardedStim: string[];
  indexInBlock: number[];
  isRepeat: boolean[];
  isVisStim: boolean[];
  isAudStim: boolean[];
  isCatch: boolean[];
  isGo: boolean[];
  isNogo: boolean[];
  isTarget: boolean[];
  autoRewardScheduled: boolean[];
  autoRewarded: boolean[];
}

/** Slices and classifies the per-trial arrays; throws TaskDataError when they are inconsistent. */
export function trialFacts(data: TaskFileData): TrialFacts {
  const n = data.trialEndFrame.length;
  const stimStartFrame = firstN(data.trialStimStartFrame, n, 'trialStimStartFrame');
  const stim = firstN(data.trialStim, n, 'trialStim');
  const blockIndex = firstN(data.trialBlock, n, 'trialBlock').map((b) => {
    if (!Number.isInteger(b) || b < 1 || b > data.blockStimRewarded.length) {
      throw new TaskDataError(
        `trialBlock ${b} is not a 1-based block of the ${data.blockStimRewarded.length} in blockStimRewarded`,
      );
    }
    return b - 1;
  });
  const rewardedStim = blockIndex.map((b) => data.blockStimRewarded[b] as string);
  const indexInBlock = indexWithinBlocks(blockIndex);
  const isRepeat = firstN(data.trialRepeat, n, 'trialRepeat');

  const visStims = new Set(stim.filter((s) => s.toLowerCase().includes('vis')));
  const audStims = new Set(stim.filter((s) => s.toLowerCase().includes('sound')));
  const targets = new Set(data.blockStimRewarded);
  const { scheduled, awarded } = autoRewards(data, stimStartFrame, indexInBlock);
  return {
    n,
    stimStartFrame,
    stim,
    blockIndex,
    rewardedStim,
    indexInBlock,
    isRepeat,
    isVisStim: stim.map((s) => visStims.has(s)),
    isAudStim: stim.map((s) => audStims.has(s)),
    isCatch: stim.map((s) => s === 'catch'),
    isGo: stim.map((s, i) => s === rewardedStim[i]),
    isNogo: stim.map((s, i) => s !== rewardedStim[i] && s !== 'catch' && !s.includes('+')),
    isTarget: stim.map((s) => targets.has(s)),
    autoRewardScheduled: scheduled,
    autoRewarded: awarded,
  };
}

/** Counter that restarts at 0 on every change of block. */
function indexWithinBlocks(blockIndex: readonly number[]): number[] {
  let count = 0;
  return blockIndex.map((b, i) => {
    count = i === 0 || b !== blockIndex[i - 1] ? 0 : count + 1;
    return count;
  });
}
