/**
 * Decodes a `DynamicRouting1_<MID>_<YYYYMMDD>_<HHMMSS>.hdf5` task file into TaskFileData, reading
 * only the datasets the behaviour domain needs (reference §3, §4.2, §9).
 *
 * N = trialEndFrame.size; per-trial arrays the task leaves longer are sliced to N, `trialRepeat`
 * is kept whole (leading dummy). Variants of older task versions are normalised: no
 * `trialAutoRewardScheduled` → null, no `newBlockNogoTrials`/`newBlockCatchTrials` → 0,
 * `quiescentMoveFrames` for `quiescentViolationFrames`. Anything unreadable → InvalidDataError.
 */
import type { TaskFileData, TaskFileOpto } from '../../domain/taskFile.ts';
import { InvalidDataError, TaskDataError } from '../../errors.ts';
import { TaskFileFields } from './fields.ts';
import { askWorker, type H5File, type H5ReadOptions, withH5File } from './h5.ts';
import type { TaskTablesResult } from './h5Protocol.ts';
import { type DatasetLimit, PARAMETER_LIMIT, PER_FRAME_LIMIT, PER_TRIAL_LIMIT } from './limits.ts';

/** The only datasets read (alternatives of older task versions included). */
export const TASK_FILE_DATASETS = [
  'frameIntervals',
  'lastFrame',
  'startTime',
  'subjectName',
  'rigName',
  'computerName',
  'taskVersion',
  'trialStartFrame',
  'trialStimStartFrame',
  'trialEndFrame',
  'trialStim',
  'trialBlock',
  'trialResponse',
  'trialResponseFrame',
  'trialRewarded',
  'trialAutoRewardScheduled',
  'trialAutoRewarded',
  'trialRepeat',
  'trialVisStimFrames',
  'trialSoundDur',
  'trialGratingPhase',
  'blockStimRewarded',
  'blockStim',
  'rewardFrames',
  'rewardSize',
  'lickFrames',
  'quiescentViolationFrames',
  'quiescentMoveFrames',
  'responseWindow',
  'quiescentFrames',
  'postResponseWindowFrames',
  'newBlockAutoRewards',
  'newBlockGoTrials',
  'newBlockNogoTrials',
  'newBlockCatchTrials',
  'autoRewardOnsetFrame',
  'incorrectTrialRepeats',
  'incorrectTimeoutFrames',
  'trialOptoOnsetFrame',
  'trialOptoDur',
  'trialOptoVoltage',
  'trialOptoLabel',
  'trialOptoDevice',
  'trialGalvoX',
  'trialGalvoY',
  'trialGalvoVoltage',
] as const;

/** One value per frame, or event frames (at most one per frame). */
const PER_FRAME = new Set<string>([
  'frameIntervals',
  'lickFrames',
  'rewardFrames',
  'rewardSize',
  'quiescentViolationFrames',
  'quiescentMoveFrames',
]);

/** How much each dataset may hold: per frame, per trial (and per block), or a task parameter. */
export const TASK_FILE_LIMITS: Record<string, DatasetLimit> = Object.fromEntries(
  TASK_FILE_DATASETS.map((name) => [
    name,
    PER_FRAME.has(name)
      ? PER_FRAME_LIMIT
      : name.startsWith('trial') || name.startsWith('block')
        ? PER_TRIAL_LIMIT
        : PARAMETER_LIMIT,
  ]),
);

/**
 * Reads task-file bytes; `uri` names the object in errors (e.g. `s3://bucket/key.hdf5`). Throws
 * InvalidDataError for anything that is not a readable task file.
 */
export async function readTaskFile(
  bytes: Uint8Array,
  uri: string,
  options: H5ReadOptions = {},
): Promise<TaskFileData> {
  return withH5File(bytes, uri, TASK_FILE_DATASETS, decodeTaskFile, {
    limits: TASK_FILE_LIMITS,
    ...options,
  });
}

/**
 * Reads task-file bytes and derives the file's trials and performance tables, all in an HDF5 worker
 * (off the event loop). InvalidDataError naming `uri` for anything that is not a valid task file.
 */
export async function readTaskTables(
  bytes: Uint8Array,
  uri: string,
  options: H5ReadOptions = {},
): Promise<TaskTablesResult> {
  const response = await askWorker(
    bytes,
    uri,
    (id, buffer) => ({ type: 'taskTables', id, bytes: buffer, uri }),
    options,
  );
  if ('invalid' in response) {
    const { taskDataError } = response;
    const cause = taskDataError === null ? undefined : new TaskDataError(taskDataError);
    throw new InvalidDataError(uri, response.invalid, { cause });
  }
  if (!('tables' in response)) throw new Error('HDF5 worker answered a task-table read without tables');
  return response.tables;
}

/** The task file's datasets, already read, as TaskFileData; InvalidDataError when they are not one. */
export function decodeTaskFile(file: H5File): TaskFileData {
  return decodeFields(new TaskFileFields(file));
}

function decodeFields(f: TaskFileFields): TaskFileData {
  const trialEndFrame = f.required('trialEndFrame', f.numbers('trialEndFrame', { integer: true }));
  const n = trialEndFrame.length;
  const frameIntervals = f.required('frameIntervals', f.float64('frameIntervals'));
  const perTrial = <T>(name: string, values: T[] | null): T[] => {
    const stored = f.required(name, values);
    if (stored.length < n) f.fail(name, `has ${stored.length} values for ${n} trials`);
    return stored.slice(0, n);
  };
  const frames = (name: string) => perTrial(name, f.numbers(name, { integer: true }));
  /** The auto-reward arrays may legitimately stop short of N (reference §4.2). */
  const upToN = <T>(values: T[] | null) => values?.slice(0, n) ?? null;

  const blockStimRewarded = f.required('blockStimRewarded', f.strings('blockStimRewarded'));
  const data: TaskFileData = {
    frameIntervals,
    lastFrame: f.scalarNumber('lastFrame', { integer: true }),
    startTime: f.scalarString('startTime'),
    subjectName: f.scalarString('subjectName'),
    rigName: f.scalarString('rigName'),
    computerName: f.scalarString('computerName'),
    taskVersion: f.scalarString('taskVersion'),

    trialStartFrame: frames('trialStartFrame'),
    trialStimStartFrame: frames('trialStimStartFrame'),
    trialEndFrame,
    trialStim: perTrial('trialStim', f.strings('trialStim')),
    trialBlock: frames('trialBlock'),
    trialResponse: perTrial('trialResponse', f.booleans('trialResponse')),
    trialResponseFrame: perTrial('trialResponseFrame', f.numbers('trialResponseFrame')),
    trialRewarded: perTrial('trialRewarded', f.booleans('trialRewarded')),
    trialAutoRewardScheduled: upToN(f.booleans('trialAutoRewardScheduled')),
    trialAutoRewarded: f.required('trialAutoRewarded', upToN(f.booleans('trialAutoRewarded'))),
    trialRepeat: repeats(f, n),
    trialVisStimFrames: frames('trialVisStimFrames'),
    trialSoundDur: perTrial('trialSoundDur', f.numbers('trialSoundDur')),
    trialGratingPhase: f.has('trialGratingPhase')
      ? perTrial('trialGratingPhase', f.firstColumn('trialGratingPhase'))
      : Array.from({ length: n }, () => Number.NaN),

    blockStimRewarded,
    blockStim: f.required('blockStim', f.stringRows('blockStim')),

    rewardFrames: f.required('rewardFrames', f.numbers('rewardFrames', { integer: true })),
    rewardSize: f.numbers('rewardSize') ?? [],
    lickFrames: f.required('lickFrames', f.numbers('lickFrames', { integer: true })),
    quiescentViolationFrames:
      f.numbers('quiescentViolationFrames', { integer: true }) ??
      f.numbers('quiescentMoveFrames', { integer: true }) ??
      [],

    responseWindow: responseWindow(f),
    quiescentFrames: scalar(f, 'quiescentFrames'),
    postResponseWindowFrames: scalar(f, 'postResponseWindowFrames'),
    newBlockAutoRewards: scalar(f, 'newBlockAutoRewards'),
    newBlockGoTrials: scalar(f, 'newBlockGoTrials'),
    newBlockNogoTrials: f.scalarNumber('newBlockNogoTrials', { integer: true }) ?? 0,
    newBlockCatchTrials: f.scalarNumber('newBlockCatchTrials', { integer: true }) ?? 0,
    autoRewardOnsetFrame: scalar(f, 'autoRewardOnsetFrame'),
    incorrectTrialRepeats: scalar(f, 'incorrectTrialRepeats'),
    incorrectTimeoutFrames: scalar(f, 'incorrectTimeoutFrames'),

    opto: opto(f, n),
  };
  checkFrames(f, data);
  checkBlocks(f, data);
  return data;
}

const scalar = (f: TaskFileFields, name: string) => f.required(name, f.scalarNumber(name, { integer: true }));

/** Kept as stored (N+1 with the leading dummy); files without repeats may lack it: all false. */
function repeats(f: TaskFileFields, n: number): boolean[] {
  const stored = f.booleans('trialRepeat');
  if (stored === null) return Array.from({ length: n + 1 }, () => false);
  if (stored.length < n) f.fail('trialRepeat', `has ${stored.length} values for ${n} trials`);
  return stored;
}

function responseWindow(f: TaskFileFields): [number, number] {
  const window = f.required('responseWindow', f.numbers('responseWindow', { integer: true }));
  const [start, stop] = window;
  if (window.length !== 2 || start === undefined || stop === undefined) {
    f.fail('responseWindow', `has ${window.length} values, expected [start, stop]`);
  }
  return [start, stop];
}

/** null unless trialOptoOnsetFrame holds at least one finite value (reference §4.2). */
function opto(f: TaskFileFields, n: number): TaskFileOpto | null {
  const onsets = f.firstColumn('trialOptoOnsetFrame');
  if (onsets === null || !onsets.slice(0, n).some(Number.isFinite)) return null;
  const perTrial = <T>(name: string, values: T[]): T[] => {
    if (values.length < n) f.fail(name, `has ${values.length} values for ${n} trials`);
    return values.slice(0, n);
  };
  const numbersOrNaN = (name: string) =>
    perTrial(name, f.firstColumn(name) ?? Array.from({ length: n }, () => Number.NaN));
  const stringsOrNull = (name: string) => {
    const values = f.strings(name, { firstColumn: true });
    return values === null ? null : perTrial(name, values);
  };
  const galvo = galvoVoltages(f, n);
  return {
    trialOptoOnsetFrame: perTrial('trialOptoOnsetFrame', onsets),
    trialOptoDur: numbersOrNaN('trialOptoDur'),
    trialOptoVoltage: numbersOrNaN('trialOptoVoltage'),
    trialOptoLabel: stringsOrNull('trialOptoLabel'),
    trialOptoDevice: stringsOrNull('trialOptoDevice'),
    trialGalvoX: galvo?.x ?? null,
    trialGalvoY: galvo?.y ?? null,
  };
}

/** trialGalvoX/Y (2024-03-29+), else the (N, 2) pairs of trialGalvoVoltage; null when neither. */
function galvoVoltages(f: TaskFileFields, n: number): { x: number[]; y: number[] } | null {
  const x = f.firstColumn('trialGalvoX');
  const y = f.firstColumn('trialGalvoY');
  if (x !== null && y !== null && x.length >= n && y.length >= n)
    return { x: x.slice(0, n), y: y.slice(0, n) };
  const pairs = f.pairs('trialGalvoVoltage');
  if (pairs === null || pairs.length < n) return null;
  return { x: pairs.slice(0, n).map((p) => p[0]), y: pairs.slice(0, n).map((p) => p[1]) };
}

/** Trial frames must lie inside the recording: the domain indexes frame times with them. */
function checkFrames(f: TaskFileFields, data: TaskFileData): void {
  const lastFrame = data.frameIntervals.length; // F frames ⇒ F−1 intervals ⇒ last index F−1
  for (const name of ['trialStartFrame', 'trialStimStartFrame', 'trialEndFrame'] as const) {
    const bad = data[name].find((frame) => frame < 0 || frame > lastFrame);
    if (bad !== undefined) f.fail(name, `refers to frame ${bad}, outside the file's frames 0–${lastFrame}`);
  }
}

/** Trial blocks are 1-based indexes into the per-block arrays. */
function checkBlocks(f: TaskFileFields, data: TaskFileData): void {
  const blocks = data.blockStimRewarded.length;
  const bad = data.trialBlock.find((block) => block < 1 || block > blocks);
  if (bad !== undefined)
    f.fail('trialBlock', `holds block ${bad} but blockStimRewarded has ${blocks} blocks`);
}
