/**
 * The time columns of the trials table (reference §4.1–4.3): every event of a trial placed on the
 * task's own frame clock (input, flip and display times of frames) — no sync.
 */
import type { TableValues } from './columnRegistry.ts';
import { firstN, type TaskFileData } from './taskFile.ts';
import type { FrameClock, TimeBases } from './timeBases.ts';
import type { TRIAL_COLUMNS } from './trialColumns.ts';
import type { TrialFacts } from './trialsFacts.ts';

/** The time columns; `opto` is the opto onset and offset of each trial (NaN without opto). */
export function timeValues(
  data: TaskFileData,
  t: TrialFacts,
  { input, flip, display }: TimeBases,
  opto: { start: Float64Array; stop: Float64Array },
): TableValues<typeof TRIAL_COLUMNS> {
  const s = t.stimStartFrame;
  const [rwStart, rwStop] = data.responseWindow;
  const quiescentStart = flip.atEach(s, -data.quiescentFrames);
  const timeoutStartFrame = s.map((f, k) => (k < t.n - 1 && t.isRepeat[k + 1] ? f + rwStop + 1 : Number.NaN));
  const timeoutStopFrame = timeoutStartFrame.map((f) => f + data.incorrectTimeoutFrames);
  const postStartFrame = timeoutStopFrame.map((f, k) => (Number.isNaN(f) ? (s[k] as number) + rwStop : f));
  const responseTime = input.atEach(firstN(data.trialResponseFrame, t.n, 'trialResponseFrame'));
  const stopTime = flip.atEach(firstN(data.trialEndFrame, t.n, 'trialEndFrame'));
  const stim = stimTimes(data, t, flip, display);
  return {
    start_time: quiescentStart,
    stop_time: stopTime,
    quiescent_start_time: quiescentStart,
    quiescent_stop_time: input.atEach(s, -1),
    stim_start_time: stim.start,
    stim_stop_time: stim.stop,
    opto_start_time: opto.start,
    opto_stop_time: opto.stop,
    response_window_start_time: input.atEach(s, rwStart),
    response_window_stop_time: flip.atEach(s, rwStop),
    task_control_response_time: responseTime,
    // Without sync there are no lick-sensor edges: the response is the task's own.
    response_time: responseTime,
    reward_time: rewardTimes(data, flip, quiescentStart, stopTime),
    timeout_start_time: input.atEach(timeoutStartFrame),
    timeout_stop_time: display.atEach(timeoutStopFrame),
    post_response_window_start_time: display.atEach(postStartFrame),
    post_response_window_stop_time: display.atEach(postStartFrame, data.postResponseWindowFrames),
  };
}

/** Stimulus onset and offset: display times for visual (and catch) trials; audio wins for multimodal. */
function stimTimes(data: TaskFileData, t: TrialFacts, flip: FrameClock, display: FrameClock) {
  const soundDur = firstN(data.trialSoundDur, t.n, 'trialSoundDur');
  const visFrames = firstN(data.trialVisStimFrames, t.n, 'trialVisStimFrames');
  const start = new Float64Array(t.n).fill(Number.NaN);
  const stop = new Float64Array(t.n).fill(Number.NaN);
  for (let i = 0; i < t.n; i++) {
    const onset = t.stimStartFrame[i] as number;
    if (t.isVisStim[i] || t.isCatch[i]) {
      start[i] = display.at(onset);
      stop[i] = display.at(onset + (visFrames[i] as number));
    }
    // Without sync the sound starts at the flip of the onset frame.
    if (t.isAudStim[i]) {
      start[i] = flip.at(onset);
      stop[i] = (start[i] as number) + (soundDur[i] as number);
    }
  }
  return { start, stop };
}

/**
 * reward_time (§4.3): flip times of the solenoid triggers inside the session's trials, assigned one per
 * rewarded trial when they line up with the rewarded trials; otherwise each rewarded trial takes the
 * first trigger strictly inside it (NaN when there is none, where the reference would fail).
 */
export function rewardTimes(
  data: TaskFileData,
  flip: FrameClock,
  startTime: Float64Array,
  stopTime: Float64Array,
): Float64Array {
  const n = startTime.length;
  const out = new Float64Array(n).fill(Number.NaN);
  if (n === 0) return out;
  const first = startTime[0] as number;
  const last = stopTime[n - 1] as number;
  const times = Array.from(flip.atEach(data.rewardFrames)).filter((r) => first <= r && r <= last);
  const trialOf = times.map((r) => countAtOrBelow(startTime, r) - 1);
  const rewarded = firstN(data.trialRewarded, n, 'trialRewarded');
  const rewardedIdx = rewarded.flatMap((r, i) => (r ? [i] : []));
  if (rewardedIdx.length === trialOf.length && rewardedIdx.every((k, j) => k === trialOf[j])) {
    rewardedIdx.forEach((k, j) => {
      out[k] = times[j] as number;
    });
    return out;
  }
  for (const k of rewardedIdx) {
    const inside = times.find((r) => (startTime[k] as number) < r && r < (stopTime[k] as number));
    if (inside !== undefined) out[k] = inside;
  }
  return out;
}

/** #(sorted[i] ≤ x), i.e. np.searchsorted(sorted, x, side='right'). */
function countAtOrBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
