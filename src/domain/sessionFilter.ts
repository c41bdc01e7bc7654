/**
 * Session filters as scientists ask for them, compiled once per query. Inputs are validated here
 * (bad dates, a date together with a range, unreadable subjects, rigs or keywords) so the user gets
 * one clear error before anything is fetched.
 *
 * A compiled filter has two parts: conditions on the catalog's own facts (tracked sheets, AIND names:
 * no I/O), and costly checks, cheapest first, that need facts from an upstream (DocDB, CodeOcean, task
 * files). Callers apply the catalog part to every session and look up costly facts only for the
 * survivors of the previous stage (src/services/sessionList.ts).
 *
 * A fact a session does not have (null, unknown) never matches a value: `isOpto: false` lists the
 * sessions known not to be opto, not those nobody can tell about.
 */
import { BadUserInputError } from '../errors.ts';
import {
  ACCEPTED_DATE_FORMS,
  checkInputLength,
  compileDateRange,
  parseDateInput,
  quoteInput,
} from './dateInput.ts';
import { normaliseRigName } from './rig.ts';
import { compileCostlyChecks } from './sessionFilterCostly.ts';
import type { CompiledSessionFilter, FilterableSession, SessionFilterInput } from './sessionFilterTypes.ts';
import { compileKwargMatcher, readPiece, readSessionNumber, readToken } from './sessionFilterValues.ts';
import { extractSubject } from './sessionRef.ts';

export type {
  BehaviourFilterFacts,
  BehaviourFlag,
  CompiledSessionFilter,
  CostlyCheck,
  CostlyFact,
  CostlyFacts,
  DatasetFilterFact,
  FilterableSession,
  RegistrationFilterFacts,
  SessionFilterInput,
} from './sessionFilterTypes.ts';
export { readToken } from './sessionFilterValues.ts';

/** anyOf nests at most this deep, and a filter holds at most MAX_ANY_OF_BRANCHES filters in all. */
export const MAX_ANY_OF_DEPTH = 4;
export const MAX_ANY_OF_BRANCHES = 50;
const ANY_OF_FORMS = [
  `anyOf: a non-empty list of SessionFilter, nested at most ${MAX_ANY_OF_DEPTH} deep, at most ${MAX_ANY_OF_BRANCHES} filters in all`,
];

const SUBJECT_FORMS = ['a LabTracks MID of 6 or 7 digits, e.g. 676909'];
export const PLATFORM_FORMS = [
  'an AIND platform as written in session names, e.g. ecephys, behavior, multiplane-ophys (no "_", "/" or "\\")',
];
export const RIG_FORMS = [
  'a rig name as the task or the training sheet writes it, e.g. NP3, NP.3, B2, D2, BEH.E, BEH.D-Box2, 342_BEHDEV.B-2_240401 (letters, digits, ".", "-", "_")',
  'a rig without a computer index (BEH.B, BEHNSB.D) matches every rig of that cluster',
];
const PROJECT_FORMS = ['a project name as the tracked sheets write it, e.g. DynamicRouting'];

/** A subject filter value → the MID it names, or BAD_USER_INPUT. */
export function readSubject(input: string): string {
  checkInputLength('subject', input, SUBJECT_FORMS);
  const subject = /^\s*\d{6,7}\s*$/.test(input) ? input.trim() : extractSubject(input);
  if (!subject)
    throw new BadUserInputError(`subject ${quoteInput(input)} is not a subject id`, SUBJECT_FORMS);
  return subject;
}

/**
 * A predicate over rig names: both sides compare in the lab's normal form when they have one
 * (`NP3` = `NP.3`, `D2` = `BEH.D-Box2`), else as written, ignoring case. A filter without a
 * computer index (`BEH.B` → `BEHDEV.B-UNKNOWN`) matches every computer of that cluster.
 */
export function compileRigMatcher(input: string): (rig: string) => boolean {
  const raw = readToken('rig', input, /^[A-Za-z0-9._-]+$/, RIG_FORMS).toUpperCase();
  const wanted = normaliseRigName(raw);
  const cluster = wanted?.endsWith('-UNKNOWN') ? wanted.slice(0, -'UNKNOWN'.length) : null;
  return (rig) => {
    const normal = normaliseRigName(rig);
    if (wanted === null || normal === null) return rig.trim().toUpperCase() === raw;
    return normal === wanted || (cluster !== null && normal.startsWith(cluster));
  };
}

/** Refuses an anyOf tree that is empty somewhere, too deep or too wide, before anything is compiled. */
function checkAnyOf(filter: SessionFilterInput): void {
  let branches = 0;
  const walk = (f: SessionFilterInput, depth: number): void => {
    if (f.anyOf == null) return;
    if (f.anyOf.length === 0)
      throw new BadUserInputError('anyOf is empty: it would match nothing', ANY_OF_FORMS);
    if (depth > MAX_ANY_OF_DEPTH)
      throw new BadUserInputError(`anyOf nests deeper than ${MAX_ANY_OF_DEPTH}`, ANY_OF_FORMS);
    branches += f.anyOf.length;
    if (branches > MAX_ANY_OF_BRANCHES) {
      throw new BadUserInputError(`anyOf holds more than ${MAX_ANY_OF_BRANCHES} filters`, ANY_OF_FORMS);
    }
    for (const branch of f.anyOf) walk(branch, depth + 1);
  };
  walk(filter, 1);
}

export function compileSessionFilter(
  filter: SessionFilterInput | null | undefined,
  now: Date = new Date(),
): CompiledSessionFilter {
  if (!filter) return { matchesCatalog: () => true, costly: [], anyOf: [], days: null };
  checkAnyOf(filter);
  return compileChecked(filter, now);
}

function compileChecked(filter: SessionFilterInput, now: Date): CompiledSessionFilter {
  const { date, startDate, endDate } = filter;
  if (date && (startDate || endDate)) {
    throw new BadUserInputError(
      'filter by a specific date or by a range (startDate/endDate), not both',
      ACCEPTED_DATE_FORMS,
    );
  }
  const subjects = new Set(
    [...(filter.subject ? [filter.subject] : []), ...(filter.subjects ?? [])].map(readSubject),
  );
  const day = date ? parseDateInput(date, now) : null;
  const inRange = startDate || endDate ? compileDateRange({ start: startDate, end: endDate }, now) : null;
  if (filter.project != null) checkInputLength('project', filter.project, PROJECT_FORMS);
  const project = filter.project?.trim().toLowerCase() || null;
  const platform =
    filter.platform == null
      ? null
      : readToken('platform', filter.platform, /^[^\\/_]+$/, PLATFORM_FORMS).toLowerCase();
  const trackedPlatforms = filter.trackedPlatform?.length ? new Set(filter.trackedPlatform) : null;
  const rigMatches = filter.rig == null ? null : compileRigMatcher(filter.rig);
  const number = filter.number == null ? null : readSessionNumber(filter.number);
  const kwargMatches = filter.sessionKwarg == null ? null : compileKwargMatcher(filter.sessionKwarg);
  const taskVersion = filter.taskVersion == null ? null : readPiece('taskVersion', filter.taskVersion);

  const matchesCatalog = (s: FilterableSession): boolean =>
    (subjects.size === 0 || subjects.has(s.subject)) &&
    (day === null || s.date === day) &&
    (inRange === null || inRange(s.datetime)) &&
    (project === null || s.project?.toLowerCase() === project) &&
    (platform === null || s.aindPlatforms.some((p) => p.toLowerCase() === platform)) &&
    (trackedPlatforms === null || (s.trackedPlatform !== null && trackedPlatforms.has(s.trackedPlatform))) &&
    (filter.isEphys == null || s.isEphys === filter.isEphys) &&
    (filter.isSync == null || s.isSync === filter.isSync) &&
    // The sheets' rig decides here; sessions they say nothing about are left to the task file.
    (rigMatches === null || s.rig === null || rigMatches(s.rig)) &&
    (number === null || s.idx + 1 === number) &&
    (filter.hasIssues == null || s.hasIssues === filter.hasIssues) &&
    (kwargMatches === null || kwargMatches(s.sessionKwargs)) &&
    // As the rig: the sheet's task version decides here, else the task file's.
    (taskVersion === null || s.taskVersion === null || s.taskVersion.toLowerCase().includes(taskVersion));

  return {
    matchesCatalog,
    costly: compileCostlyChecks(filter, rigMatches, taskVersion),
    anyOf: (filter.anyOf ?? []).map((branch) => compileChecked(branch, now)),
    days: day === null ? (inRange?.days ?? null) : { from: day, to: day },
  };
}
