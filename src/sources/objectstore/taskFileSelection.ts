/**
 * Which objects of a subject's folder belong to one session, and which of them is the task file.
 * Pure: it works on a listing (from either backend) and never does I/O.
 *
 * Reference rules (npc_lims): per session, the files named `*_<MID>_<YYYYMMDD>_??????.hdf5`, plus
 * `*_test_*` files containing the MID; 0-byte objects are dropped; of the `DynamicRouting*` files only
 * the LARGEST is the task file. The others (Spontaneous*, SpontaneousRewards*, RFMapping*,
 * OptoTagging*…) are the session's other stim files, one epoch each.
 */
import { BadUserInputError } from '../../errors.ts';
import type { ObjectInfo } from './types.ts';

const SUBJECT_PLACEHOLDER = '{subject}';

const SUBJECT = /^[0-9]{6,7}$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export interface SessionDay {
  /** Labtracks MID, 6–7 digits. */
  subject: string;
  /** `YYYY-MM-DD`. */
  date: string;
}

export interface StimFile {
  info: ObjectInfo;
  /** The key's last path segment. */
  fileName: string;
  /** The name before its first `_`: `DynamicRouting1`, `Spontaneous`, `RFMapping`… */
  scriptName: string;
  /**
   * From the name's `YYYYMMDD_HHMMSS`: `YYYY-MM-DDTHH:MM:SS`, Pacific local time without an offset,
   * as the rig's clock wrote it. null when the six digits are not a valid time of day.
   */
  startTime: string | null;
  /** Named `…_test_…` (a test run kept by the reference rules). */
  isTest: boolean;
}

export interface SessionStimFiles {
  /** The largest non-empty `DynamicRouting*` file of the day, or null. */
  taskFile: StimFile | null;
  /** Other `DynamicRouting*` files exactly as large as `taskFile` (the key decided): a manifest calls that ambiguous. */
  tiedTaskFiles: StimFile[];
  /** The other stim files of the day (not the smaller DynamicRouting* ones), by start time then key. */
  otherStimFiles: StimFile[];
  /** Files that matched by name but hold 0 bytes (dropped); lets callers explain a missing task file. */
  emptyFiles: ObjectInfo[];
}

/**
 * The folder holding a subject's stim files, from a template with a `{subject}` placeholder (config:
 * LABGRAPH_TASK_PREFIX).
 */
export function taskFilePrefix(subject: string, template: string): string {
  assertSubject(subject);
  if (!template.includes(SUBJECT_PLACEHOLDER)) {
    throw new Error(`task-file prefix template ${JSON.stringify(template)} lacks ${SUBJECT_PLACEHOLDER}`);
  }
  return template.replaceAll(SUBJECT_PLACEHOLDER, subject);
}

/**
 * Picks one session's stim files out of a listing. With `folder`, only objects directly inside it
 * count (the reference globs one folder, not its sub-folders); without it, any key's file name does.
 */
export function selectSessionStimFiles(
  listing: readonly ObjectInfo[],
  session: SessionDay,
  options: { folder?: string } = {},
): SessionStimFiles {
  assertSubject(session.subject);
  const compactDate = compactIsoDate(session.date);
  const matchers = sessionFileMatchers(session.subject, compactDate);
  const matched: StimFile[] = [];
  const emptyFiles: ObjectInfo[] = [];
  for (const info of listing) {
    const fileName = fileNameIn(info.key, options.folder);
    if (fileName === null) continue;
    const stimFile = matchStimFile(info, fileName, matchers);
    if (!stimFile) continue;
    if (info.size === 0) emptyFiles.push(info);
    else matched.push(stimFile);
  }
  const taskFiles = matched.filter((file) => file.scriptName.startsWith('DynamicRouting'));
  // Largest wins; equal sizes go to the first key, so the choice never depends on listing order.
  const taskFile = taskFiles.reduce<StimFile | null>((best, file) => {
    if (best === null || file.info.size > best.info.size) return file;
    return file.info.size === best.info.size && file.info.key < best.info.key ? file : best;
  }, null);
  const tiedTaskFiles = taskFiles.filter(
    (file) => file !== taskFile && file.info.size === taskFile?.info.size,
  );
  const otherStimFiles = matched.filter((file) => !file.scriptName.startsWith('DynamicRouting'));
  return { taskFile, tiedTaskFiles, otherStimFiles: otherStimFiles.sort(byStartThenKey), emptyFiles };
}

interface SessionFileMatchers {
  /** `*_<MID>_<YYYYMMDD>_<HHMMSS>.hdf5` */
  plain: RegExp;
  /** `*_test_*` files: the MID anywhere as a whole number, the day's `_<YYYYMMDD>_<HHMMSS>.hdf5` at the end. */
  testMid: RegExp;
  testEnd: RegExp;
}

function sessionFileMatchers(subject: string, compactDate: string): SessionFileMatchers {
  // The reference glob's `??????` takes any six characters; real names always carry HHMMSS digits,
  // and the start time is needed to order epochs, so digits are required here.
  return {
    plain: new RegExp(`^.*_${subject}_${compactDate}_([0-9]{6})\\.hdf5$`),
    testMid: new RegExp(`(?<![0-9])${subject}(?![0-9])`),
    testEnd: new RegExp(`_${compactDate}_([0-9]{6})\\.hdf5$`),
  };
}

function matchStimFile(info: ObjectInfo, fileName: string, matchers: SessionFileMatchers): StimFile | null {
  if (fileName.startsWith('.')) return null; // like a glob, ignore hidden files
  const isTest = /_test_/i.test(fileName);
  const time =
    matchers.plain.exec(fileName)?.[1] ??
    (isTest && matchers.testMid.test(fileName) ? matchers.testEnd.exec(fileName)?.[1] : undefined);
  if (time === undefined) return null;
  const date = /_([0-9]{8})_[0-9]{6}\.hdf5$/.exec(fileName)?.[1] ?? '';
  return {
    info,
    fileName,
    scriptName: fileName.split('_')[0] ?? '',
    startTime: localStartTime(date, time),
    isTest,
  };
}

/** `YYYYMMDD`, `HHMMSS` → `YYYY-MM-DDTHH:MM:SS`, or null for an impossible time of day. */
function localStartTime(date: string, time: string): string | null {
  const [hh, mm, ss] = [time.slice(0, 2), time.slice(2, 4), time.slice(4, 6)];
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${hh}:${mm}:${ss}`;
}

function fileNameIn(key: string, folder: string | undefined): string | null {
  if (folder === undefined) return key.slice(key.lastIndexOf('/') + 1);
  const dir = folder === '' || folder.endsWith('/') ? folder : `${folder}/`;
  if (!key.startsWith(dir)) return null;
  const rest = key.slice(dir.length);
  return rest.includes('/') ? null : rest;
}

/** Unknown start times sort last. */
function byStartThenKey(a: StimFile, b: StimFile): number {
  return compare(a.startTime ?? '~', b.startTime ?? '~') || compare(a.info.key, b.info.key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compactIsoDate(date: string): string {
  const match = ISO_DATE.exec(date);
  if (!match) throw new BadUserInputError(`invalid session date ${JSON.stringify(date)}`, ['YYYY-MM-DD']);
  return `${match[1]}${match[2]}${match[3]}`;
}

function assertSubject(subject: string): void {
  if (!SUBJECT.test(subject)) {
    throw new BadUserInputError(`invalid subject ${JSON.stringify(subject)}`, [
      'a labtracks MID of 6–7 digits',
    ]);
  }
}
