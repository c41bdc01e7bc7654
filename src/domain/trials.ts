/**
 * The trials table of one DynamicRouting1 task file without sync (reference §4): every column of the
 * current npc_sessions table in its order, timed from the task's own frame clock.
 */
import { type Column, type ColumnTable, TRIAL_COLUMN_DESCRIPTIONS as DESC, isAllNaN } from './columns.ts';

import type { TaskFileData, TaskFileOpto } from './taskFile.ts';
import { noSyncTimeBases, TaskDataError, type TimeBases, timeAt } from './timeBases.ts';

export { TaskDataError } from './timeBases.ts';

const SECONDS = 's';

/** Per-trial arrays of a task file sliced to N = trialEndFrame.length, with the derived per-trial facts. */
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

/** The trials table; throws TaskDataError when the file's arrays are inconsistent or a frame is out of range. */
export function computeTrials(data: TaskFileData): ColumnTable {
  const t = trialFacts(data);
  const bases = noSyncTimeBases(data.frameIntervals);
  const columns: Column[] = [
    ...timeColumns(data, t, bases),
    ...parameterColumns(data, t),
    ...optoParameterColumns(data.opto, t),
    ...outcomeColumns(data, t, bases),
  ];
  return {
    rowCount: t.n,
    // All-NaN float columns are dropped, as the reference does (opto_* without opto, timeout_* without
    // repeats…). An empty table keeps its columns so its shape stays known.
    columns: columns.filter((c) => !(t.n > 0 && c.kind === 'float' && isAllNaN(c.values))),
  };
}

/** Slices and classifies the per-trial arrays (shared by the trials table and legacy performance). */
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
  const isCatch = stim.map((s) => s === 'catch');
  const isGo = stim.map((s, i) => s === rewardedStim[i]);
  const isNogo = stim.map((s, i) => s !== rewardedStim[i] && s !== 'catch' && !s.includes('+'));
  const { scheduled, awarded } = autoRewards(data, n, stimStartFrame, indexInBlock);
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
    isCatch,
    isGo,
    isNogo,
    isTarget: stim.map((s) => targets.has(s)),
    autoRewardScheduled: scheduled,
    autoRewarded: awarded,
  };
}

function firstN<T>(values: readonly T[], n: number, name: string): T[] {
  if (values.length < n) {
    throw new TaskDataError(`${name} has ${values.length} values for ${n} trials (trialEndFrame)`);
  }
  return values.slice(0, n);
}

/** Counter that restarts at 0 on every change of block. */
function indexWithinBlocks(blockIndex: readonly number[]): number[] {
  let count = 0;
  return blockIndex.map((b, i) => {
    count = i === 0 || b !== blockIndex[i - 1] ? 0 : count + 1;
    return count;
  });
}

/**
 * Non-contingent rewards (§4.2). Files with trialAutoRewardScheduled store both arrays; when either is
 * shorter than N, or in old files where trialAutoRewarded meant "scheduled", the awarded flag is
 * reconstructed: scheduled ∧ a solenoid trigger at stim onset + autoRewardOnsetFrame.
 */
function autoRewards(
  data: TaskFileData,
  n: number,
  stimStartFrame: readonly number[],
  indexInBlock: readonly number[],
): { scheduled: boolean[]; awarded: boolean[] } {
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

const at = (base: Float64Array, frames: readonly number[]) =>
  Float64Array.from(frames, (f) => timeAt(base, f));

function floatColumn(name: keyof typeof DESC, values: Float64Array | number[], unit?: string): Column {
  return unit === undefined
    ? { name, kind: 'float', values, description: DESC[name] }
    : { name, kind: 'float', values, description: DESC[name], unit };
}
const boolColumn = (name: keyof typeof DESC, values: boolean[]): Column => ({
  name,
  kind: 'bool',
  values,
  description: DESC[name],
});

function timeColumns(data: TaskFileData, t: TrialFacts, { input, flip, display }: TimeBases): Column[] {
  const s = t.stimStartFrame;
  const [rwStart, rwStop] = data.responseWindow;
  const endFrames = firstN(data.trialEndFrame, t.n, 'trialEndFrame');
  const quiescentStart = at(
    flip,
    s.map((f) => f - data.quiescentFrames),
  );
  const soundDur = firstN(data.trialSoundDur, t.n, 'trialSoundDur');
  const visFrames = firstN(data.trialVisStimFrames, t.n, 'trialVisStimFrames');
  const stimStart = new Float64Array(t.n).fill(Number.NaN);
  const stimStop = new Float64Array(t.n).fill(Number.NaN);
  for (let i = 0; i < t.n; i++) {
    const onset = s[i] as number;
    if (t.isVisStim[i] || t.isCatch[i]) {
      stimStart[i] = timeAt(display, onset);
      stimStop[i] = timeAt(display, onset + (visFrames[i] as number));
    }
    // Auditory wins for multimodal stimuli; without sync the sound starts at the flip of the onset frame.
    if (t.isAudStim[i]) {
      stimStart[i] = timeAt(flip, onset);
      stimStop[i] = (stimStart[i] as number) + (soundDur[i] as number);
    }
  }
  const opto = optoTimes(data.opto, t, flip);
  const timeoutStartFrame = s.map((f, k) => (k < t.n - 1 && t.isRepeat[k + 1] ? f + rwStop + 1 : Number.NaN));
  const timeoutStopFrame = timeoutStartFrame.map((f) => f + data.incorrectTimeoutFrames);
  const postStartFrame = timeoutStopFrame.map((f, k) => (Number.isNaN(f) ? (s[k] as number) + rwStop : f));
  const responseTime = at(input, firstN(data.trialResponseFrame, t.n, 'trialResponseFrame'));
  const stopTime = at(flip, endFrames);
  return [
    floatColumn('start_time', quiescentStart, SECONDS),
    floatColumn('stop_time', stopTime, SECONDS),
    floatColumn('quiescent_start_time', quiescentStart, SECONDS),
    floatColumn(
      'quiescent_stop_time',
      at(
        input,
        s.map((f) => f - 1),
      ),
      SECONDS,
    ),
    floatColumn('stim_start_time', stimStart, SECONDS),
    floatColumn('stim_stop_time', stimStop, SECONDS),
    floatColumn('opto_start_time', opto.start, SECONDS),
    floatColumn('opto_stop_time', opto.stop, SECONDS),
    floatColumn(
      'response_window_start_time',
      at(
        input,
        s.map((f) => f + rwStart),
      ),
      SECONDS,
    ),
    floatColumn(
      'response_window_stop_time',
      at(
        flip,
        s.map((f) => f + rwStop),
      ),
      SECONDS,
    ),
    floatColumn('task_control_response_time', responseTime, SECONDS),
    // Without sync there are no lick-sensor edges: the response is the task's own.
    floatColumn('response_time', responseTime, SECONDS),
    floatColumn('reward_time', rewardTimes(data, t, flip, quiescentStart, stopTime), SECONDS),
    floatColumn('timeout_start_time', at(input, timeoutStartFrame), SECONDS),
    floatColumn('timeout_stop_time', at(display, timeoutStopFrame), SECONDS),
    floatColumn('post_response_window_start_time', at(display, postStartFrame), SECONDS),
    floatColumn(
      'post_response_window_stop_time',
      at(
        display,
        postStartFrame.map((f) => f + data.postResponseWindowFrames),
      ),
      SECONDS,
    ),
  ];
}

/**
 * reward_time (§4.3): flip times of the solenoid triggers inside the session's trials, assigned one per
 * rewarded trial when they line up with the rewarded trials; otherwise each rewarded trial takes the
 * first trigger strictly inside it (NaN when there is none, where the reference would fail).
 */
export function rewardTimes(
  data: TaskFileData,
  t: TrialFacts,
  flip: Float64Array,
  startTime: Float64Array,
  stopTime: Float64Array,
): Float64Array {
  const out = new Float64Array(t.n).fill(Number.NaN);
  if (t.n === 0) return out;
  const first = startTime[0] as number;
  const last = stopTime[t.n - 1] as number;
  const times = data.rewardFrames.map((f) => timeAt(flip, f)).filter((r) => first <= r && r <= last);
  const trialOf = times.map((r) => countAtOrBelow(startTime, r) - 1);
  const rewarded = firstN(data.trialRewarded, t.n, 'trialRewarded');
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

/** A file is opto iff trialOptoOnsetFrame holds a finite value. */
export function isOptoFile(opto: TaskFileOpto | null): opto is TaskFileOpto {
  if (opto === null) return false;
  return opto.trialOptoOnsetFrame.some((f) => Number.isFinite(f));
}

function optoTimes(opto: TaskFileOpto | null, t: TrialFacts, flip: Float64Array) {
  if (!isOptoFile(opto)) {
    const nan = new Float64Array(t.n).fill(Number.NaN);
    return { start: nan, stop: nan };
  }
  const onset = firstN(opto.trialOptoOnsetFrame, t.n, 'trialOptoOnsetFrame');
  // Onset frames are relative to stim onset (unlike OptoTagging, where they are absolute).
  const start = at(
    flip,
    t.stimStartFrame.map((s, i) => s + (onset[i] as number)),
  );
  const duration = firstN(opto.trialOptoDur, t.n, 'trialOptoDur');
  return { start, stop: start.map((v, i) => v + (duration[i] as number)) };
}

function rewardedModality(rewardedStim: string): string {
  if (rewardedStim.includes('vis')) return 'vis';
  if (rewardedStim.includes('sound') || rewardedStim.includes('aud')) return 'aud';
  return rewardedStim.replace(/[0-9]/g, '');
}

function parameterColumns(data: TaskFileData, t: TrialFacts): Column[] {
  const phase =
    data.trialGratingPhase.length === 0
      ? new Array<number>(t.n).fill(0)
      : firstN(data.trialGratingPhase, t.n, 'trialGratingPhase');
  return [
    { name: 'stim_name', kind: 'string', values: t.stim, description: DESC.stim_name },
    floatColumn(
      'grating_phase',
      phase.map((p, i) => (t.isVisStim[i] ? p : Number.NaN)),
      'cycles',
    ),
    { name: 'block_index', kind: 'int', values: t.blockIndex, description: DESC.block_index },
    {
      name: 'rewarded_modality',
      kind: 'string',
      values: t.rewardedStim.map(rewardedModality),
      description: DESC.rewarded_modality,
    },
    {
      name: 'trial_index',
      kind: 'int',
      values: t.stim.map((_, i) => i),
      description: DESC.trial_index,
    },
    floatColumn('trial_index_in_block', t.indexInBlock),
  ];
}

/** The opto parameter columns that the task file alone can give (power and bregma need rig calibration). */
function optoParameterColumns(opto: TaskFileOpto | null, t: TrialFacts): Column[] {
  if (!isOptoFile(opto)) return [];
  const onset = firstN(opto.trialOptoOnsetFrame, t.n, 'trialOptoOnsetFrame');
  const duration = firstN(opto.trialOptoDur, t.n, 'trialOptoDur');
  const voltage = firstN(opto.trialOptoVoltage, t.n, 'trialOptoVoltage');
  const devices = opto.trialOptoDevice === null ? null : firstN(opto.trialOptoDevice, t.n, 'trialOptoDevice');
  const labels = optoLabels(opto, t.n);
  const columns: Column[] = [
    floatColumn(
      'opto_wavelength',
      // Files without trialOptoDevice predate 2023-08 and used the 488 nm laser.
      devices === null ? new Array<number>(t.n).fill(488) : devices.map(wavelengthOf),
      'nm',
    ),
    floatColumn('opto_duration', duration, SECONDS),
  ];
  if (labels !== null) {
    columns.push({ name: 'opto_label', kind: 'string', values: labels, description: DESC.opto_label });
  }
  // Distinct waveforms named in order of first appearance; like the reference, not comparable across sessions.
  const waveforms: string[] = [];
  const stimNames = onset.map((o, i) => {
    if (!Number.isFinite(o)) return '';
    const key = JSON.stringify([o, duration[i], voltage[i], devices?.[i] ?? null]);
    if (!waveforms.includes(key)) waveforms.push(key);
    const label = labels?.[i] ?? '';
    return `opto${waveforms.indexOf(key)}${label === '' ? '' : `_${label}`}`;
  });
  columns.push({
    name: 'opto_stim_name',
    kind: 'string',
    values: stimNames,
    description: DESC.opto_stim_name,
  });
  return columns;
}

/** `laser_488` → 488; `led_1`/`led_2` → 470 (behaviour-box cannula tests); list reprs use the first device. */
export function wavelengthOf(device: string): number {
  const first = device.replace(/[[\]'"\s]/g, '').split(',')[0] ?? '';
  if (first === '') return Number.NaN;
  if (first === 'led_1' || first === 'led_2') return 470;
  const value = Number(first.split('_').at(-1));
  return Number.isInteger(value) && value > 300 && value < 1000 ? value : Number.NaN;
}

/** Galvo sessions only: the target label per trial ('' without opto); single letters name probes. */
function optoLabels(opto: TaskFileOpto, n: number): string[] | null {
  if (opto.trialGalvoX === null || opto.trialGalvoY === null) return null;
  if (opto.trialOptoLabel === null) {
    const x = firstN(opto.trialGalvoX, n, 'trialGalvoX');
    const y = firstN(opto.trialGalvoY, n, 'trialGalvoY');
    const seen: string[] = [];
    return x.map((xi, i) => {
      const yi = y[i] as number;
      if (Number.isNaN(xi) || Number.isNaN(yi)) return '';
      const key = `${xi},${yi}`;
      if (!seen.includes(key)) seen.push(key);
      return `unlabeled${seen.indexOf(key)}`;
    });
  }
  const labels = firstN(opto.trialOptoLabel, n, 'trialOptoLabel').map((l) => (l === 'no opto' ? '' : l));
  const present = labels.filter((l) => l !== '');
  const probes = present.length > 0 && present.every((l) => /^[A-Fa-f]$/.test(l));
  return probes ? labels.map((l) => (l === '' ? '' : `probe${l.toUpperCase()}`)) : labels;
}

/** Length of the run of consecutive repeats ending at each trial (0 when not a repeat). */
function repeatRuns(isRepeat: readonly boolean[]): number[] {
  let run = 0;
  return isRepeat.map((r) => {
    run = r ? run + 1 : 0;
    return run;
  });
}

function outcomeColumns(data: TaskFileData, t: TrialFacts, bases: TimeBases): Column[] {
  const resp = firstN(data.trialResponse, t.n, 'trialResponse');
  const rewarded = firstN(data.trialRewarded, t.n, 'trialRewarded');
  const isHit = resp.map((r, i) => r && (t.isGo[i] as boolean));
  const isMiss = resp.map((r, i) => !r && (t.isGo[i] as boolean));
  const isFa = resp.map((r, i) => r && (t.isNogo[i] as boolean));
  const isCr = resp.map((r, i) => !r && (t.isNogo[i] as boolean));
  const nInstruction = data.newBlockGoTrials + data.newBlockNogoTrials + data.newBlockCatchTrials;
  const visStimNames = new Set(t.stim.filter((_, i) => t.isVisStim[i]));
  const audStimNames = new Set(t.stim.filter((_, i) => t.isAudStim[i]));
  const isAudTarget = t.isTarget.map((x, i) => x && (t.isAudStim[i] as boolean));
  const isVisTarget = t.isTarget.map((x, i) => x && (t.isVisStim[i] as boolean));
  const isAudNontarget = t.isTarget.map((x, i) => !x && (t.isAudStim[i] as boolean));
  const isVisNontarget = t.isTarget.map((x, i) => !x && (t.isVisStim[i] as boolean));
  const optoStart = optoTimes(data.opto, t, bases.flip).start;
  const galvo = isOptoFile(data.opto) && data.opto.trialGalvoX !== null && data.opto.trialGalvoY !== null;
  return [
    floatColumn('repeat_index', repeatRuns(t.isRepeat)),
    boolColumn('is_response', resp),
    boolColumn('is_go', t.isGo),
    boolColumn('is_nogo', t.isNogo),
    boolColumn('is_hit', isHit),
    boolColumn('is_miss', isMiss),
    boolColumn('is_false_alarm', isFa),
    boolColumn('is_correct_reject', isCr),
    boolColumn(
      'is_correct',
      resp.map((r, i) => (isHit[i] as boolean) || (isCr[i] as boolean) || ((t.isCatch[i] as boolean) && !r)),
    ),
    boolColumn(
      'is_incorrect',
      resp.map((r, i) => (isMiss[i] as boolean) || (isFa[i] as boolean) || ((t.isCatch[i] as boolean) && r)),
    ),
    boolColumn('is_rewarded', rewarded),
    boolColumn('is_noncontingent_reward', t.autoRewarded),
    boolColumn(
      'is_contingent_reward',
      rewarded.map((r, i) => r && !t.autoRewarded[i]),
    ),
    boolColumn('is_reward_scheduled', t.autoRewardScheduled),
    boolColumn(
      'is_instruction',
      t.indexInBlock.map((k) => k < nInstruction),
    ),
    boolColumn('is_aud_stim', t.isAudStim),
    boolColumn('is_vis_stim', t.isVisStim),
    boolColumn('is_catch', t.isCatch),
    boolColumn('is_target', t.isTarget),
    boolColumn('is_aud_target', isAudTarget),
    boolColumn('is_vis_target', isVisTarget),
    boolColumn(
      'is_nontarget',
      isAudNontarget.map((a, i) => a || (isVisNontarget[i] as boolean)),
    ),
    boolColumn('is_aud_nontarget', isAudNontarget),
    boolColumn('is_vis_nontarget', isVisNontarget),
    boolColumn(
      'is_vis_rewarded',
      t.rewardedStim.map((r) => visStimNames.has(r)),
    ),
    boolColumn(
      'is_aud_rewarded',
      t.rewardedStim.map((r) => audStimNames.has(r)),
    ),
    boolColumn(
      'is_block_switch',
      t.indexInBlock.map((k, i) => k === 0 && t.blockIndex[i] !== 0),
    ),
    boolColumn('is_repeat', t.isRepeat),
    boolColumn(
      'is_opto',
      Array.from(optoStart, (v) => !Number.isNaN(v)),
    ),
    // The reference computes `len(locations) > 1` under this (inverted) name; one location per trial here.
    ...(galvo ? [boolColumn('is_single_opto_location', new Array<boolean>(t.n).fill(false))] : []),
    // Without sync response_time is task_control_response_time, so the two never disagree.
    boolColumn('is_task_control_correct', new Array<boolean>(t.n).fill(false)),
  ];
}
