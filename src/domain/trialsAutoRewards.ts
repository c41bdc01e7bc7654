/** Non-contingent (auto) rewards of the trials: which were scheduled and which were awarded (§4.2). */
import { firstN, type TaskFileData } from './taskFile.ts';

/**
 * Files with trialAutoRewardScheduled store both arrays; when either is
 * shorter than N, or in old files where trialAutoRewarded meant "scheduled", the awarded flag is
 * reconstructed: scheduled ∧ a solenoid trigger at stim onset + autoRewardOnsetFrame.
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
    if (stored.length >= n && data.trialAutoRewarded.length >= n) {
      return { scheduled: stored.slice(0, n), awarded: data.trialAutoRewarded.slice(0, n) };
    }
    const scheduled = indexInBlock.map((k) => k < data.newBlockAutoRewards);
    return { scheduled, awarded: awardedFrom(scheduled) };
  }
  const scheduled = firstN(data.trialAutoRewarded, n, 'trialAutoRewarded');
  return { scheduled, awarded: awardedFrom(scheduled) };
}
