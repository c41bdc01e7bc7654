/**
 * The flag columns of the trials table (reference §4.2): what was presented (target, modality, catch,
 * repeat, opto), how the subject responded (hit, miss, false alarm…) and how it was rewarded.
 */
import type { TableValues } from './columnRegistry.ts';
import { firstN, type TaskFileData } from './taskFile.ts';
import type { TRIAL_COLUMNS } from './trialColumns.ts';
import type { TrialFacts } from './trialsFacts.ts';
import { isGalvoFile } from './trialsOpto.ts';

const and = (a: readonly boolean[], b: readonly boolean[]) => a.map((x, i) => x && b[i] === true);
const andNot = (a: readonly boolean[], b: readonly boolean[]) => a.map((x, i) => x && b[i] !== true);
const or = (...flags: readonly (readonly boolean[])[]) =>
  (flags[0] ?? []).map((_, i) => flags.some((f) => f[i] === true));

/** Outcome and stimulus flags; `optoStart` is opto_start_time (NaN on trials without opto). */
export function outcomeValues(
  data: TaskFileData,
  t: TrialFacts,
  optoStart: Float64Array,
): TableValues<typeof TRIAL_COLUMNS> {
  const resp = firstN(data.trialResponse, t.n, 'trialResponse');
  const rewarded = firstN(data.trialRewarded, t.n, 'trialRewarded');
  const isHit = and(resp, t.isGo);
  const isMiss = andNot(t.isGo, resp);
  const isFa = and(resp, t.isNogo);
  const isCr = andNot(t.isNogo, resp);
  const nInstruction = data.newBlockGoTrials + data.newBlockNogoTrials + data.newBlockCatchTrials;
  const visStimNames = new Set(t.stim.filter((_, i) => t.isVisStim[i]));
  const audStimNames = new Set(t.stim.filter((_, i) => t.isAudStim[i]));
  const isAudNontarget = andNot(t.isAudStim, t.isTarget);
  const isVisNontarget = andNot(t.isVisStim, t.isTarget);
  return {
    repeat_index: repeatRuns(t.isRepeat),
    is_response: resp,
    is_go: t.isGo,
    is_nogo: t.isNogo,
    is_hit: isHit,
    is_miss: isMiss,
    is_false_alarm: isFa,
    is_correct_reject: isCr,
    is_correct: or(isHit, isCr, andNot(t.isCatch, resp)),
    is_incorrect: or(isMiss, isFa, and(t.isCatch, resp)),
    is_rewarded: rewarded,
    is_noncontingent_reward: t.autoRewarded,
    is_contingent_reward: andNot(rewarded, t.autoRewarded),
    is_reward_scheduled: t.autoRewardScheduled,
    is_instruction: t.indexInBlock.map((k) => k < nInstruction),
    is_aud_stim: t.isAudStim,
    is_vis_stim: t.isVisStim,
    is_catch: t.isCatch,
    is_target: t.isTarget,
    is_aud_target: and(t.isTarget, t.isAudStim),
    is_vis_target: and(t.isTarget, t.isVisStim),
    is_nontarget: or(isAudNontarget, isVisNontarget),
    is_aud_nontarget: isAudNontarget,
    is_vis_nontarget: isVisNontarget,
    is_vis_rewarded: t.rewardedStim.map((r) => visStimNames.has(r)),
    is_aud_rewarded: t.rewardedStim.map((r) => audStimNames.has(r)),
    is_block_switch: t.indexInBlock.map((k, i) => k === 0 && t.blockIndex[i] !== 0),
    is_repeat: t.isRepeat,
    is_opto: Array.from(optoStart, (v) => !Number.isNaN(v)),
    // The reference computes `len(locations) > 1` under this (inverted) name; one location per trial here.
    ...(isGalvoFile(data.opto) ? { is_single_opto_location: new Array<boolean>(t.n).fill(false) } : {}),
    // Without sync response_time is task_control_response_time, so the two never disagree.
    is_task_control_correct: new Array<boolean>(t.n).fill(false),
  };
}

/** Length of the run of consecutive repeats ending at each trial (0 when not a repeat). */
function repeatRuns(isRepeat: readonly boolean[]): number[] {
  let run = 0;
  return isRepeat.map((r) => {
    run = r ? run + 1 : 0;
    return run;
  });
}
