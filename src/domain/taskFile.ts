/**
 * What the behaviour domain needs from one `DynamicRouting1_<MID>_<YYYYMMDD>_<HHMMSS>.hdf5` task file,
 * already decoded: vlen strings as strings, enum(int8) booleans as booleans, `None` (f8 NaN) as null
 * for scalars and NaN inside numeric arrays. The HDF5 reader (src/sources/taskfile) produces it; the
 * pure functions in src/domain (trials, performance, epochs, flags) consume it.
 *
 * Per-trial arrays are exactly N = trialEndFrame.length long: the reader slices the longer ones.
 * `trialRepeat` is the exception: kept as stored (N+1, with the task's leading dummy) so the
 * domain applies the reference rule (is_repeat = trialRepeat[:N]) itself.
 */
import { TaskDataError } from '../errors.ts';

export interface TaskFileData {
  /** s between display flips, length F−1 (F frames). */
  frameIntervals: Float64Array;
  /**
   * The task's own record of its last frame index, F−1 (`lastFrame`, written by newer task versions);
   * null when the file has none. A file whose lastFrame disagrees with frameIntervals is
   * inconsistent (a manifest reports FRAME_COUNT_MISMATCH).
   */
  lastFrame: number | null;
  /** `YYYYMMDD_HHMMSS`, Pacific local time of frame 0; null when the file stores None. */
  startTime: string | null;
  subjectName: string | null;
  rigName: string | null;
  computerName: string | null;
  taskVersion: string | null;

  // ---- per trial, length N ----
  trialStartFrame: number[];
  trialStimStartFrame: number[];
  trialEndFrame: number[];
  trialStim: string[];
  /** 1-based block number of each trial. */
  trialBlock: number[];
  trialResponse: boolean[];
  /** Frame of the first response lick; NaN when there was none. */
  trialResponseFrame: number[];
  trialRewarded: boolean[];
  /** null in files older than 2023-06-14 (the dataset is absent). May be shorter than N. */
  trialAutoRewardScheduled: boolean[] | null;
  /** May be shorter than N in files that have trialAutoRewardScheduled. */
  trialAutoRewarded: boolean[];
  /** Stored length (N+1 with the leading dummy `false`), not sliced. */
  trialRepeat: boolean[];
  /** Frames the visual stimulus was shown (0 on non-visual trials). */
  trialVisStimFrames: number[];
  /** Seconds of sound (0 on non-auditory trials). */
  trialSoundDur: number[];
  /** Grating phase (column 0 when stored 2-D); NaN on non-visual trials. */
  trialGratingPhase: number[];

  // ---- per block, length B ----
  /** Rewarded stimulus per block: `vis1`, `sound1`, or `none` in unrewarded versions. */
  blockStimRewarded: string[];
  /** Stimuli presented per block (B rows). */
  blockStim: string[][];

  // ---- events ----
  /** Every solenoid trigger, including manual rewards. */
  rewardFrames: number[];
  rewardSize: number[];
  lickFrames: number[];
  quiescentViolationFrames: number[];

  // ---- scalar parameters ----
  /** [start, stop) of the response window in frames after stim onset, e.g. [6, 60]. */
  responseWindow: [number, number];
  quiescentFrames: number;
  postResponseWindowFrames: number;
  newBlockAutoRewards: number;
  newBlockGoTrials: number;
  /** 0 when absent (old files). */
  newBlockNogoTrials: number;
  /** 0 when absent (old files). */
  newBlockCatchTrials: number;
  /** 60 ("late") or 6 ("early") frames after stim onset. */
  autoRewardOnsetFrame: number;
  incorrectTrialRepeats: number;
  incorrectTimeoutFrames: number;

  // ---- optogenetics: null when the file has no opto (empty arrays) ----
  opto: TaskFileOpto | null;
}

export interface TaskFileOpto {
  /** Frames relative to stim onset; NaN = no opto on that trial. Length N. */
  trialOptoOnsetFrame: number[];
  /** Seconds; NaN when absent. Length N. */
  trialOptoDur: number[];
  /** Volts; NaN when absent. Length N. */
  trialOptoVoltage: number[];
  /** e.g. `no opto`, a location label; null when the dataset is absent. Length N. */
  trialOptoLabel: string[] | null;
  /** e.g. `laser_488`; null when absent. Length N. */
  trialOptoDevice: string[] | null;
  /** Galvo X/Y voltage per trial when present (2024-03-29+). */
  trialGalvoX: number[] | null;
  trialGalvoY: number[] | null;
}

/** The first n values of a per-trial array (the task stores some longer than the trial count). */
export function firstN<T>(values: readonly T[], n: number, name: string): T[] {
  if (values.length < n) {
    throw new TaskDataError(`${name} has ${values.length} values for ${n} trials (trialEndFrame)`);
  }
  return values.slice(0, n);
}
