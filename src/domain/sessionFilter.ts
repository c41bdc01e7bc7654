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
import {
  compileKwargMatcher,
  readDprimeThreshold,
  readLab,
  readPiece,
  readSessionNumber,
} from './sessionFilterValues.ts';
import type { Flag } from './sessionFlags.ts';
import type { DayBounds } from './sessionOrder.ts';
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
  /** ONE's `lab`: the registry's lab of the session (else of its subject), any case. */
  lab?: string | null;
  /** ONE's `task_protocol`: a piece of the registry's task protocol, any case. */
  taskProtocol?: string | null;
  /** A piece of the task version (the training sheet's, else the task file's), any case. */
  taskVersion?: string | null;
  /** ONE's `number`: the ALF session number, idx + 1. */
  number?: number | null;
  hasIssues?: boolean | null;
  /** `key` or `key=value` of the tracked session_kwargs. */
  sessionKwarg?: string | null;
  /** ONE's `performance_gte`: the session's mean cross-modality d′ is at least this. */
  crossModalityDprimeAtLeast?: number | null;
  /** Any of these filters (OR), ANDed with the conditions beside it. */
  anyOf?: readonly SessionFilterInput[] | null;
  /** Dataset types that must all be registered for the session and exist in a repository (ONE's `datasets`). */
  hasDataset?: readonly string[] | null;
  /** Alyx's QC number: the session's datasets (of the hasDataset types, if given) have QC at most this. */
  datasetQcAtMost?: number | null;
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
  /** Which session of the subject that day (the ALF number is idx + 1). */
  idx: number;
  /** The tracked entry lists issues. */
  hasIssues: boolean;
  /** The tracked entry's session_kwargs (empty when none or untracked). */
  sessionKwargs: Readonly<Record<string, unknown>>;
  /** The training sheet's task version; null when the sheets do not give one. */
  taskVersion: string | null;
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
  /** `taskVersion` written in the task file. */
  taskVersion: string | null;
  /** Mean of the blocks' cross-modality d′ (meanCrossModalityDprime); null when no block has one. */
  crossModalityDprime: number | null;
}

/** What the registry holds about the session: its lab (else its subject's) and task protocol. */
export interface RegistrationFilterFacts {
  lab: string | null;
  taskProtocol: string | null;
}

/** One registered dataset of a session, as the session filter sees it. */
export interface DatasetFilterFact {
  datasetType: string;
  qc: number;
  /** A file record says the bytes are in some repository. */
  exists: boolean;
}

/** Facts that cost an upstream read; each is looked up only when a check needs it. */
export interface CostlyFacts {
  /** Null when the registry knows neither the session nor its subject. */
  registration?: RegistrationFilterFacts | null;
  /** The session's registered datasets (one registry query for all sessions). */
  datasets?: readonly DatasetFilterFact[] | null;
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
   * Checks needing upstream facts, cheapest first (registration, datasets, genotype, isUploaded,
   * isSorted, behaviour), so each stage narrows the sessions the next, dearer one reads. Empty when the
   * catalog decides everything.
   */
  costly: CostlyCheck[];
  /** `anyOf`: a session must pass at least one of these (each a whole filter); empty when not given. */
  anyOf: CompiledSessionFilter[];
  /**
   * The days a matching session's date lies within (from `date`, `startDate`, `endDate`), or null
   * when the filter names none: lists cut their date-ordered candidates to these days first.
   */
  days: DayBounds | null;
}

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

/** lab and taskProtocol: the registry's facts, one query for all the sessions left. */
function registrationCheck(filter: SessionFilterInput): CostlyCheck | null {
  const lab = filter.lab == null ? null : readLab(filter.lab);
  const protocol = filter.taskProtocol == null ? null : readPiece('taskProtocol', filter.taskProtocol);
  if (lab === null && protocol === null) return null;
  return {
    fact: 'registration',
    appliesTo: () => true,
    matches: (_s, { registration }) =>
      (lab === null || registration?.lab?.toLowerCase() === lab) &&
      (protocol === null || (registration?.taskProtocol?.toLowerCase().includes(protocol) ?? false)),
  };
}

function compileCostlyChecks(
  filter: SessionFilterInput,
  rigMatches: ((rig: string) => boolean) | null,
  taskVersion: string | null,
): CostlyCheck[] {
  const checks: CostlyCheck[] = [];
  const always = () => true;
  const registration = registrationCheck(filter);
  if (registration !== null) checks.push(registration);
  const datasets = datasetCheck(filter);
  if (datasets)
    checks.push({
      fact: 'datasets',
      appliesTo: always,
      matches: (_s, facts) => datasets(facts.datasets ?? []),
    });
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
  const dprime =
    filter.crossModalityDprimeAtLeast == null ? null : readDprimeThreshold(filter.crossModalityDprimeAtLeast);
  if (
    flags.length > 0 ||
    keyword !== null ||
    rigMatches !== null ||
    taskVersion !== null ||
    dprime !== null
  ) {
    const needsTask = flags.length > 0 || keyword !== null || dprime !== null;
    const fromFile = (sheetValue: string | null, wanted: unknown) => wanted !== null && sheetValue === null;
    checks.push({
      fact: 'behaviour',
      appliesTo: (s) => needsTask || fromFile(s.rig, rigMatches) || fromFile(s.taskVersion, taskVersion),
      matches: (s, { behaviour }) => {
        if (!behaviour) return false;
        if (rigMatches !== null && s.rig === null) {
          if (behaviour.rigName === null || !rigMatches(behaviour.rigName)) return false;
        }
        if (taskVersion !== null && s.taskVersion === null) {
          if (!(behaviour.taskVersion?.toLowerCase().includes(taskVersion) ?? false)) return false;
        }
        return (
          flags.every((flag) => behaviour[flag] === filter[flag]) &&
          (keyword === null || behaviour.keywords.some((k) => k.toLowerCase() === keyword)) &&
          (dprime === null ||
            (behaviour.crossModalityDprime !== null && behaviour.crossModalityDprime >= dprime))
        );
      },
    });
  }
  return checks;
}

const DATASET_TYPE_FORMS = ['dataset type names as registered, e.g. trials.table or behavior.hdf5'];

/**
 * ONE's `datasets` search term and `dataset_qc_lte`: every listed type has a registered dataset that
 * exists (and whose QC is at most the limit, when given); with a QC limit alone, some dataset has
 * QC at most the limit. Null when the filter asks neither.
 */
function datasetCheck(
  filter: SessionFilterInput,
): ((datasets: readonly DatasetFilterFact[]) => boolean) | null {
  const types = filter.hasDataset?.length
    ? [...new Set(filter.hasDataset.map((type) => readToken('hasDataset', type, /\S/, DATASET_TYPE_FORMS)))]
    : null;
  const qcAtMost = filter.datasetQcAtMost ?? null;
  if (types === null && qcAtMost === null) return null;
  const qcOk = (d: DatasetFilterFact) => qcAtMost === null || d.qc <= qcAtMost;
  if (types === null) return (datasets) => datasets.some(qcOk);
  return (datasets) =>
    types.every((type) => datasets.some((d) => d.datasetType === type && d.exists && qcOk(d)));
}
