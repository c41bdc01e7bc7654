/**
 * Epochs (reference §6): one row per stimulus file of the session. Without sync only the task file can
 * be placed on the session clock, so a training session has one epoch, from 0 to Σ frameIntervals.
 * Also the invalid-times rules shared with the trials table (§4.4).
 */
import { tableOfRows } from './columnRegistry.ts';
import { type ColumnTable, numericColumn, selectRows } from './columns.ts';
import { EPOCH_COLUMNS } from './epochColumns.ts';
import type { TaskFileData } from './taskFile.ts';
import { sessionDuration } from './timeBases.ts';
import { isOptoFile } from './trialsOpto.ts';

/** An interval to exclude, as tracked-session kwargs give it; stopTime −1 means the end of the session. */
export interface InvalidTime {
  startTime: number;
  stopTime: number;
  reason: string;
}

export interface EpochOptions {
  /** File name or path of the task file, e.g. `DynamicRouting1_676909_20231213_134340.hdf5`. */
  stimFileName: string;
  /** From the subject's genotype; the reference treats an unknown genotype as wild type. */
  isWildtype?: boolean | null;
  invalidTimes?: readonly InvalidTime[];
  /** Set when a timing check flagged the file (needs sync; never set without it). */
  timingIssues?: boolean;
}

/** Stem of a stim file name before its first underscore (`DynamicRouting1`). */
export function scriptName(stimFileName: string): string {
  const base = stimFileName.split(/[\\/]/).at(-1) ?? stimFileName;
  return (base.replace(/\.[^.]*$/, '').split('_')[0] ?? base) as string;
}

/** Invalid times with −1 stops resolved to the session end. */
export function resolveInvalidTimes(
  invalidTimes: readonly InvalidTime[],
  sessionStop: number,
): InvalidTime[] {
  return invalidTimes.map((t) => ({ ...t, stopTime: t.stopTime === -1 ? sessionStop : t.stopTime }));
}

/** Open-interval overlap, as the reference tests it: a.start < b.stop ∧ b.start < a.stop. */
export function overlaps(aStart: number, aStop: number, bStart: number, bStop: number): boolean {
  return aStart < bStop && bStart < aStop;
}

/** The task file's epoch table (one row without sync). */
export function computeEpochs(data: TaskFileData, opts: EpochOptions): ColumnTable {
  const stop = sessionDuration(data.frameIntervals);
  const invalid = resolveInvalidTimes(opts.invalidTimes ?? [], stop).filter((t) =>
    overlaps(0, stop, t.startTime, t.stopTime),
  );
  const tags = ['task'];
  if (isOptoFile(data.opto)) tags.push(opts.isWildtype === false ? 'opto_perturbation' : 'opto_control');
  if (data.rewardFrames.some((f) => f !== 0)) tags.push('rewards');
  if (opts.timingIssues === true) tags.push('timing_issues');
  if (invalid.length > 0) tags.push('invalid_times');
  const notes =
    invalid.length === 0
      ? ''
      : `includes invalid times: ${invalid.map((t) => `${t.startTime}-${t.stopTime} s (${t.reason})`).join('; ')}`;
  return tableOfRows(EPOCH_COLUMNS, [
    {
      start_time: 0,
      stop_time: stop,
      script_name: scriptName(opts.stimFileName),
      tags,
      interval_names: ['trials', 'performance'],
      notes,
    },
  ]);
}

/**
 * The trials a session keeps (§4.4): trials overlapping any invalid time are dropped. `sessionStop`
 * resolves stop −1 (without sync: Σ frameIntervals).
 */
export function dropTrialsInInvalidTimes(
  trials: ColumnTable,
  invalidTimes: readonly InvalidTime[],
  sessionStop: number,
): ColumnTable {
  if (invalidTimes.length === 0) return trials;
  const invalid = resolveInvalidTimes(invalidTimes, sessionStop);
  const start = numericColumn(trials, 'start_time');
  const stop = numericColumn(trials, 'stop_time');
  return selectRows(
    trials,
    (i) => !invalid.some((t) => overlaps(start[i] as number, stop[i] as number, t.startTime, t.stopTime)),
  );
}
