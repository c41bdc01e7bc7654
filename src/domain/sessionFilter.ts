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
import type { Flag } from './sessionFlags.ts';
import { extractSubject } from './sessionRef.ts';

export interface SessionFilterInput {
  subject?: string | null;
  subjects?: readonly string[] | null;
  project?: string | null;
  date?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  /** AIND platform as in session names (`ecephys`, `behavior`), case-insensitive. */
  platform?: string | null;
  /** Any of these tracked-sheet platforms (`ephys`, `behavior_with_sync`, `behavior`, `training_sheet`). */
  trackedPlatform?: readonly string[] | null;
  isEphys?: boolean | null;
  isSync?: boolean | null;
  isUploaded?: boolean | null;
  isSorted?: boolean | null;
  isTask?: boolean | null;
  isOpto?: boolean | null;
  isTraining?: boolean | null;
  isHab?: boolean | null;
  keyword?: string | null;
  rig?: string | null;
  genotypeContains?: string | null;
}

/** The catalog's facts about a session (no I/O); a fact a session does not have is null. */
export interface FilterableSession {
  subject: string;
  date: string;
  /** `YYYY-MM-DD HH:MM:SS` when the start time is known, else `YYYY-MM-DD`. */
  datetime: string;
  project: string | null;
  /** Platforms of the session's AIND names (`ecephys`, `behavior`…); empty when never uploaded. */
  aindPlatforms: readonly string[];
  trackedPlatform: string | null;
  isEphys: boolean | null;
  isSync: boolean | null;
  /** The rig the tracked sheets give (session_kwargs `rig`, else the training-sheet row); null when they do not. */
  rig: string | null;
}

/** What the task file (and the flags computed from it) says, for the behaviour checks. */
export interface BehaviourFilterFacts {
  isTask: Flag;
  isOpto: Flag;
  isTraining: Flag;
  isHab: Flag;
  keywords: readonly string[];
  /** `rigName` written in the task file. */
  rigName: string | null;
}

/** Facts that cost an upstream read; each is looked up only when a check needs it. */
export interface CostlyFacts {
  /** The subject's genotype as Subject.genotype gives it (DocDB, else the training sheet). */
  genotype?: string | null;
  isUploaded?: boolean | null;
  isSorted?: boolean | null;
  /** Null when the task file cannot be read. */
  behaviour?: BehaviourFilterFacts | null;
}

export type CostlyFact = keyof CostlyFacts;

export interface CostlyCheck {
  fact: CostlyFact;
  /** Whether this session needs the fact looked up (the catalog may already have decided). */
  appliesTo(session: FilterableSession): boolean;
  /** Whether the session passes, given the fact (absent or null = unknown = no match). */
  matches(session: FilterableSession, facts: CostlyFacts): boolean;
}

export interface CompiledSessionFilter {
  /** The conditions the catalog's facts decide; a session failing them needs no lookup. */
  matchesCatalog(session: FilterableSession): boolean;
  /**
   * Checks needing upstream facts, cheapest first (genotype, isUploaded, isSorted, behaviour), so each
   * stage narrows the sessions the next, dearer one reads. Empty when the catalog decides everything.
   */
  costly: CostlyCheck[];
}

const SUBJECT_FORMS = ['a LabTracks MID of 6 or 7 digits, e.g. 676909'];
export const PLATFORM_FORMS = [
  'an AIND platform as written in session names, e.g. ecephys, behavior, multiplane-ophys (no "_", "/" or "\\")',
];
export const KEYWORD_FORMS = [
  'one keyword as Session.keywords lists it: letters, digits and "_", e.g. opto_perturbation, training, hab, ephys, good_behavior, day_2',
];
export const RIG_FORMS = [
  'a rig name as the task or the training sheet writes it, e.g. NP3, NP.3, B2, D2, BEH.E, BEH.D-Box2, 342_BEHDEV.B-2_240401 (letters, digits, ".", "-", "_")',
  'a rig without a computer index (BEH.B, BEHNSB.D) matches every rig of that cluster',
];
const PROJECT_FORMS = ['a project name as the tracked sheets write it, e.g. DynamicRouting'];
const GENOTYPE_FORMS = ['a non-empty piece of a genotype, e.g. Pvalb, VGAT-ChR2, wt/wt'];

/** A subject filter value → the MID it names, or BAD_USER_INPUT. */
export function readSubject(input: string): string {
  checkInputLength('subject', input, SUBJECT_FORMS);
  const subject = /^\s*\d{6,7}\s*$/.test(input) ? input.trim() : extractSubject(input);
  if (!subject)
    throw new BadUserInputError(`subject ${quoteInput(input)} is not a subject id`, SUBJECT_FORMS);
  return subject;
}

/** A trimmed value matching `shape`, or BAD_USER_INPUT naming the filter field and the accepted forms. */
export function readToken(field: string, input: string, shape: RegExp, accepted: readonly string[]): string {
  checkInputLength(field, input, accepted);
  const value = input.trim();
  if (!shape.test(value))
    throw new BadUserInputError(`${field} ${quoteInput(input)} cannot be read`, accepted);
  return value;
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

/** Flags the behaviour check compares; each as Session's field of the same name. */
const BEHAVIOUR_FLAGS = ['isTask', 'isOpto', 'isTraining', 'isHab'] as const;

export function compileSessionFilter(
  filter: SessionFilterInput | null | undefined,
  now: Date = new Date(),
): CompiledSessionFilter {
  if (!filter) return { matchesCatalog: () => true, costly: [] };
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
    (rigMatches === null || s.rig === null || rigMatches(s.rig));

  return { matchesCatalog, costly: compileCostlyChecks(filter, rigMatches) };
}

function compileCostlyChecks(
  filter: SessionFilterInput,
  rigMatches: ((rig: string) => boolean) | null,
): CostlyCheck[] {
  const checks: CostlyCheck[] = [];
  const always = () => true;
  if (filter.genotypeContains != null) {
    const piece = readToken('genotypeContains', filter.genotypeContains, /\S/, GENOTYPE_FORMS).toLowerCase();
    checks.push({
      fact: 'genotype',
      appliesTo: always,
      matches: (_s, { genotype }) => genotype?.toLowerCase().includes(piece) ?? false,
    });
  }
  for (const fact of ['isUploaded', 'isSorted'] as const) {
    const wanted = filter[fact];
    if (wanted == null) continue;
    checks.push({ fact, appliesTo: always, matches: (_s, facts) => facts[fact] === wanted });
  }
  const flags = BEHAVIOUR_FLAGS.filter((flag) => filter[flag] != null);
  const keyword =
    filter.keyword == null
      ? null
      : readToken('keyword', filter.keyword, /^[A-Za-z0-9_]+$/, KEYWORD_FORMS).toLowerCase();
  if (flags.length > 0 || keyword !== null || rigMatches !== null) {
    const needsTask = flags.length > 0 || keyword !== null;
    checks.push({
      fact: 'behaviour',
      appliesTo: (s) => needsTask || s.rig === null,
      matches: (s, { behaviour }) => {
        if (!behaviour) return false;
        if (rigMatches !== null && s.rig === null) {
          if (behaviour.rigName === null || !rigMatches(behaviour.rigName)) return false;
        }
        return (
          flags.every((flag) => behaviour[flag] === filter[flag]) &&
          (keyword === null || behaviour.keywords.some((k) => k.toLowerCase() === keyword))
        );
      },
    });
  }
  return checks;
}
