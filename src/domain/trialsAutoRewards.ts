/** Non-contingent (auto) rewards of the trials: which were scheduled and which were awarded (§4.2). */
import { firstN, type TaskFileData } from './taskFile.ts';

/**
 * Files with trialAutoRewardScheduled store both arrays, and each one shorter than N is replaced on its
 * own, as the task's analysis (and so npc_sessions) does: a short scheduled array by the block-start
 * rule (index in block < newBlockAutoRewards), a short awarded array by scheduled ∧ a solenoid trigger
 * at stim onset + autoRewardOnsetFrame. A stored scheduled array is kept even when the awarded one is
 * rebuilt: the task also schedules auto-rewards after consecutive misses, which the block-start rule
 * does not know. In old files trialAutoRewarded meant "scheduled", and the awarded flag is rebuilt.
 */
export function autoRewards(
  data: TaskFileData,
  stimStartFrame: readonly number[],
  indexInBlock: readonly number[],
): { scheduled: boolean[]; awarded: boolean[] } {
  const n = stimStartFrame.length;
  const rewardFrames = new Set(data.rewardFrames);
  const awardedFrom = (scheduled: boolean[]) =>
    scheduled.map(
      (sch, i) => sch && rewardFrames.has((stimStartFrame[i] as number) + data.autoRewardOnsetFrame),
    );
  const stored = data.trialAutoRewardScheduled;
  if (stored !== null) {
    const scheduled =
      stored.length >= n ? stored.slice(0, n) : indexInBlock.map((k) => k < data.newBlockAutoRewards);
    const awarded =
      data.trialAutoRewarded.length >= n ? data.trialAutoRewarded.slice(0, n) : awardedFrom(scheduled);
    return { scheduled, awarded };
  }
  const scheduled = firstN(data.trialAutoRewarded, n, 'trialAutoRewarded');
  return { scheduled, awarded: awardedFrom(scheduled) };
}
