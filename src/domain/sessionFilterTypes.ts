/**
 * The shapes a session filter works with: the input (as `sessions(filter:)` takes it), the catalog's
 * facts about a session, the costly facts looked up from upstreams, and the compiled filter.
 */
import type { VideoProcessing } from './derivedAssets.ts';
import type { Flag, SessionFlags } from './sessionFlags.ts';
import type { DayBounds } from './sessionOrder.ts';

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
  isVideo?: boolean | null;
  isTempleton?: boolean | null;
  isFirstBlockAud?: boolean | null;
  isLateAutorewards?: boolean | null;
  isEngaged?: boolean | null;
  isGoodBehavior?: boolean | null;
  isWildtype?: boolean | null;
  isOptoControl?: boolean | null;
  isContextNaive?: boolean | null;
  isProduction?: boolean | null;
  isNaive?: boolean | null;
  isStage5Passed?: boolean | null;
  isDlcSide?: boolean | null;
  isDlcEye?: boolean | null;
  isDlcFace?: boolean | null;
  isFacemap?: boolean | null;
  /** Any DeepLabCut result (side, eye or face camera). */
  isDlc?: boolean | null;
  isAnnotated?: boolean | null;
  isSurfaceChannels?: boolean | null;
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

/**
 * Session flags decided by Session's flag rules (task file, genotype, tracked kwargs), each filtered
 * as Session's field of the same name.
 */
export const BEHAVIOUR_FLAGS = [
  'isTask',
  'isOpto',
  'isTraining',
  'isHab',
  'isVideo',
  'isTempleton',
  'isFirstBlockAud',
  'isLateAutorewards',
  'isEngaged',
  'isGoodBehavior',
  'isWildtype',
  'isOptoControl',
  'isContextNaive',
  'isProduction',
  'isNaive',
  'isStage5Passed',
] as const satisfies readonly (keyof SessionFlags & keyof SessionFilterInput)[];
export type BehaviourFlag = (typeof BEHAVIOUR_FLAGS)[number];

/** Flags from the session's derived assets (video processing), each as Session's field of that name. */
export const VIDEO_FLAGS = {
  isDlcSide: ['dlcSide'],
  isDlcEye: ['dlcEye'],
  isDlcFace: ['dlcFace'],
  isFacemap: ['facemap'],
  isDlc: ['dlcSide', 'dlcEye', 'dlcFace'],
} as const satisfies Partial<Record<keyof SessionFilterInput, readonly VideoProcessing[]>>;

/** Every Boolean filter decided as Session's flag field of the same name (besides isEphys, isSync, isUploaded, isSorted). */
export const FLAG_FILTERS = [
  ...BEHAVIOUR_FLAGS,
  ...(Object.keys(VIDEO_FLAGS) as (keyof typeof VIDEO_FLAGS)[]),
  'isAnnotated',
  'isSurfaceChannels',
] as const;
export type FlagFilter = (typeof FLAG_FILTERS)[number];

/** What the task file (and the flags computed from it) says, for the behaviour checks. */
export interface BehaviourFilterFacts extends Readonly<Record<BehaviourFlag, Flag>> {
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
  /** Session.isSurfaceChannels (the catalog's same-day sessions: no I/O). */
  surfaceChannels?: boolean | null;
  /** Which video processing ran, from the session's derived assets (CodeOcean). */
  videoProcessing?: Readonly<Record<VideoProcessing, boolean>> | null;
  /** Session.isAnnotated (CodeOcean, then DocDB for the derived assets). */
  isAnnotated?: boolean | null;
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
   * Checks needing upstream facts, cheapest first (surfaceChannels, registration, datasets, genotype,
   * isUploaded, isSorted, videoProcessing, isAnnotated, behaviour), so each stage narrows the sessions
   * the next, dearer one reads. Empty when the catalog decides everything.
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
