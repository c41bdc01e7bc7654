/**
 * AIND session names (`ecephys_676909_2023-12-13_13-43-40`) and the derived asset names built on them
 * (`…_sorted_2024-03-01_16-02-45`, `…_to_dlc_side`). Rules from npc_session: the name may sit anywhere
 * in the text (leftmost wins); platform is any run without `/`, `\` or `_` (so `multiplane-ophys`,
 * `SmartSPIM`, even spaces); the date may use `-`, `/` or `_`, the time `-`, `:`, `.` or `_`, and
 * fractional seconds are allowed but dropped.
 */
import { BadUserInputError } from '../errors.ts';
import { checkedDate, quoteInput } from './dateInput.ts';

export interface AindSessionName {
  /** Normalised `{platform}_{subject}_{YYYY-MM-DD}_{HH-MM-SS}`. */
  id: string;
  platform: string;
  subject: string;
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM:SS` */
  time: string;
  /** `YYYY-MM-DD HH:MM:SS` (naive, lab-local). */
  datetime: string;
}

/**
 * Everything of an AIND name after its platform, from the `_` that ends the platform. Each attempt
 * reads a bounded number of characters, so scanning a text with it takes linear time; the platform
 * (an unbounded run) is found by walking back from the match instead of inside the pattern, where
 * `([^\\/_]+)_…` unanchored backtracks quadratically (issue 9: 99 kB took ~5 s).
 */
const AIND_TAIL_RE =
  /_(\d{6,7})_(20[12]\d)[-/_](0[1-9]|1[0-2])[-/_](0[1-9]|[12]\d|3[01])_([01]\d|2[0-3])[-:._]([0-5]\d)[-:._]([0-5]\d)(?:\.\d{1,6})?/g;
const PLATFORM_STOP = new Set(['\\', '/', '_']);

/** Where the platform run that ends just before `end` starts (it holds no `\\`, `/` or `_`). */
function platformStart(text: string, end: number): number {
  let start = end;
  while (start > 0 && !PLATFORM_STOP.has(text[start - 1]!)) start--;
  return start;
}

/**
 * The leftmost AIND name: the first tail preceded by a non-empty platform run. The whole run is the
 * platform (the leftmost start the old single pattern would have found). Linear: the tail scan moves
 * forward only, and each walk back stops at the `_` or separator where the previous run ended.
 */
function execAindName(text: string): { index: number; groups: string[]; length: number } | null {
  AIND_TAIL_RE.lastIndex = 0;
  for (let tail = AIND_TAIL_RE.exec(text); tail !== null; tail = AIND_TAIL_RE.exec(text)) {
    const start = platformStart(text, tail.index);
    if (start < tail.index) {
      return {
        index: start,
        groups: [text.slice(start, tail.index), ...tail.slice(1)],
        length: tail.index - start + tail[0].length,
      };
    }
    AIND_TAIL_RE.lastIndex = tail.index + 1;
  }
  return null;
}

/** An AIND name found in some text, with where it sits. */
export interface LocatedAindSessionName {
  name: AindSessionName;
  index: number;
  length: number;
}

/**
 * The leftmost AIND session name in `text`: found, null when there is none, or the reason a name that
 * has the AIND shape is not acceptable (year outside 2016…now, impossible calendar date).
 */
export function locateAindSessionName(
  text: string,
  now: Date,
): { found: LocatedAindSessionName } | { problem: string } | null {
  const match = execAindName(text);
  if (!match) return null;
  const [platform, subject, year, month, day, hour, minute, second] = match.groups;
  const date = checkedDate(year!, month!, day!, now);
  if (typeof date !== 'string') return date;
  const name: AindSessionName = {
    id: `${platform}_${subject}_${date}_${hour}-${minute}-${second}`,
    platform: platform!,
    subject: subject!,
    date,
    time: `${hour}:${minute}:${second}`,
    datetime: `${date} ${hour}:${minute}:${second}`,
  };
  return { found: { name, index: match.index, length: match.length } };
}

/**
 * Pass as `now` when reading names that come from upstream (CodeOcean assets, DocDB records): they
 * are facts, not user input, so any year is accepted; only their shape matters.
 */
export const ANY_YEAR_UPSTREAM = new Date(Date.UTC(9999, 0, 1));

/**
 * The AIND session name contained in `input` (a raw name, a derived asset name, a path…), or null when
 * there is none. Throws BadUserInputError when an AIND-shaped name has an invalid year or date.
 */
export function parseAindSessionName(input: string, now: Date = new Date()): AindSessionName | null {
  const located = locateAindSessionName(input, now);
  if (located === null) return null;
  if ('problem' in located) {
    throw new BadUserInputError(`Cannot read AIND session name ${quoteInput(input)}: ${located.problem}`, [
      '{platform}_{MID}_{YYYY-MM-DD}_{HH-MM-SS}, e.g. ecephys_676909_2023-12-13_13-43-40 (year 2016 to this year)',
    ]);
  }
  return located.found.name;
}

/**
 * What follows the session name at the start of `assetName`, or null when the asset name does not
 * start with that session. Both names are compared in normal form, so `…_2023_10_26_12_29_08_…` matches
 * session `…_2023-10-26_12-29-08`. Invalid years do not matter here: this only compares names.
 */
function suffixAfterSession(assetName: string, sessionName: string): string | null {
  const far = new Date(Date.UTC(9999, 0, 1));
  const asset = locateAindSessionName(assetName, far);
  const session = locateAindSessionName(sessionName, far);
  if (asset !== null && session !== null && 'found' in asset && 'found' in session) {
    if (asset.found.index !== 0 || asset.found.name.id !== session.found.name.id) return null;
    return assetName.slice(asset.found.length);
  }
  return assetName.startsWith(sessionName) ? assetName.slice(sessionName.length) : null;
}

/** True when the asset is a sorting result of the session: its name starts with `${session}_sorted`. */
export function isSortedAssetName(assetName: string, sessionName: string): boolean {
  return suffixAfterSession(assetName, sessionName)?.startsWith('_sorted') ?? false;
}

/** The trailing creation datetime of a derived name: `_2024-03-01_16-02-45`. */
const TRAILING_DATETIME_RE = /[_-]?20\d\d[-/_]\d\d[-/_]\d\d[-_T]\d\d[-:._]\d\d[-:._]\d\d(?:\.\d+)?$/;

/**
 * The process that derived `assetName` from the session: `sorted`, `sorted-ks4`, `nwb`, `dlc_side`
 * (from `…_to_dlc_side`), `neuroglancer-state`… Null for the raw name itself, and also when the asset
 * is not named after this session (check the session first if that distinction matters).
 * `derived` when only a creation datetime follows the session name.
 */
export function derivedProcessOf(assetName: string, sessionName: string): string | null {
  const suffix = suffixAfterSession(assetName, sessionName);
  if (suffix === null || suffix === '' || !/^[_.-]/.test(suffix)) return null;
  const process = suffix
    .replace(TRAILING_DATETIME_RE, '')
    .replace(/^[_.-]+/, '')
    .replace(/^to_/, '');
  return process === '' ? 'derived' : process;
}
