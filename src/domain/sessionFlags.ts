/**
 * Session flags and keywords (reference §6). Flags combine what the task file, its performance table,
 * the tracked-session entry and the subject's genotype say; tracked `session_kwargs` override any
 * detection. A flag nothing can decide is null (unknown), never a guessed false.
 */
import type { ColumnTable } from './columns.ts';
import { assessBehavior, isFirstBlockAud } from './performance.ts';
import type { TaskFileData } from './taskFile.ts';
import { isOptoFile } from './trialsOpto.ts';

export type Flag = boolean | null;

export interface TrackedFlagInput {
  isEphys: boolean;
  isSync: boolean;
  /** `DynamicRouting`, `TempletonPilotSession`, … */
  project: string;
  /** Tracked-session kwargs (`is_task: false`, `is_video: false`, `is_production: true`, `rig: NP3`…). */
  sessionKwargs?: Readonly<Record<string, unknown>>;
}

export interface SessionFlagInput {
  /** The decoded task file; null when the session has no readable task file; omitted when not looked for. */
  task?: TaskFileData | null;
  /** computePerformance of the session's trials, when there are any. */
  performance?: ColumnTable | null;
  /** The tracked-session entry; null when the session is not tracked; omitted when unknown. */
  tracked?: TrackedFlagInput | null;
  /** Subject genotype (`wt/wt`, `VGAT-ChR2-YFP/wt`…); null or omitted when unknown. */
  genotype?: string | null;
  /** Whether the subject has a sheet in the training spreadsheets (decides Templeton when nothing else does). */
  subjectInTrainingSheets?: boolean | null;
}

export interface SessionFlags {
  isTask: Flag;
  isSync: Flag;
  isVideo: Flag;
  isEphys: Flag;
  isSorted: Flag;
  isAnnotated: Flag;
  isTraining: Flag;
  isHab: Flag;
  /** Genotype contains `wt/wt`; true when the genotype is unknown (as the reference assumes). */
  isWildtype: boolean;
  /** Opto during task trials in a non-wild-type subject. */
  isOpto: Flag;
  /** Opto during task trials in a wild-type subject. */
  isOptoControl: Flag;
  isTempleton: Flag;
  isContextNaive: Flag;
  isProduction: boolean;
  isLateAutorewards: Flag;
  isFirstBlockAud: Flag;
  isFirstBlockVis: Flag;
  isEngaged: Flag;
  isGoodBehavior: Flag;
  isDeepInsertion: Flag;
  isInjectionPerturbation: Flag;
  isInjectionControl: Flag;
  isStage5Passed: Flag;
  isNaive: Flag;
  isPhotodiode: Flag;
}

/** Kleene AND: false if any is false, else null if any is unknown, else true. */
function and(...xs: Flag[]): Flag {
  if (xs.includes(false)) return false;
  return xs.includes(null) ? null : true;
}
const not = (x: Flag): Flag => (x === null ? null : !x);

/** A boolean session kwarg, if set. */
function kwarg(kwargs: Readonly<Record<string, unknown>>, name: string): boolean | undefined {
  const v = kwargs[name];
  return typeof v === 'boolean' ? v : undefined;
}

/** Templeton by project name: `templeton` → true, `dynamicrouting` → false, otherwise undecided. */
function templetonByProject(project: string | undefined): boolean | undefined {
  const p = (project ?? '').toLowerCase();
  if (p.includes('templeton')) return true;
  if (p.includes('dynamicrouting')) return false;
  return undefined;
}

export function computeSessionFlags(input: SessionFlagInput): SessionFlags {
  const tracked = input.tracked;
  const kw = tracked?.sessionKwargs ?? {};
  const task = input.task;

  const isTask = kwarg(kw, 'is_task') ?? (task === undefined ? null : task !== null);
  const isSync = kwarg(kw, 'is_sync') ?? (tracked ? tracked.isSync : null);
  const isEphys = kwarg(kw, 'is_ephys') ?? (tracked ? tracked.isEphys : null);
  const isVideo = kwarg(kw, 'is_video') ?? (isSync === false ? false : isEphys);
  // Whether a session is sorted from its assets is Session.isSorted (src/services/session.ts), the one
  // definition; here only the tracked kwarg speaks (a session without ephys has no units or CCF).
  const isSorted = kwarg(kw, 'is_sorted') ?? and(isEphys, null);
  const isAnnotated = kwarg(kw, 'is_annotated') ?? and(isEphys, null);

  const genotype = input.genotype ?? null;
  const isWildtype =
    genotype === null || genotype.trim() === '' ? true : genotype.toLowerCase().includes('wt/wt');
  const taskData = isTask === false ? null : (task ?? null);
  const taskOpto: Flag = taskData !== null ? isOptoFile(taskData.opto) : isTask === false ? false : null;
  const isOpto = kwarg(kw, 'is_opto') ?? kwarg(kw, 'is_opto_perturbation') ?? and(taskOpto, !isWildtype);
  const isOptoControl = kwarg(kw, 'is_opto_control') ?? and(taskOpto, isWildtype);

  const rigValue = typeof kw.rig === 'string' ? kw.rig : (taskData?.rigName ?? null);
  const rigHas = (s: string): Flag => (rigValue === null ? null : rigValue.toUpperCase().includes(s));
  const rigIsRecordingRig: Flag = rigValue === null ? null : rigHas('NP') === true || rigHas('OG') === true;
  const isTraining = kwarg(kw, 'is_training') ?? and(isTask, not(isEphys), not(rigIsRecordingRig));
  const isHab = kwarg(kw, 'is_hab') ?? and(isTask, not(isEphys), rigHas('NP'), not(isOpto));

  const byTaskVersion =
    taskData === null ? undefined : (taskData.taskVersion ?? '').toLowerCase().includes('templeton');
  const bySheets = input.subjectInTrainingSheets == null ? undefined : !input.subjectInTrainingSheets;
  const isTempleton =
    kwarg(kw, 'is_templeton') ?? templetonByProject(tracked?.project) ?? bySheets ?? byTaskVersion ?? null;
  const isContextNaive = kwarg(kw, 'is_context_naive') ?? isTempleton;

  const firstBlockAud = taskData === null ? null : isFirstBlockAud(taskData);
  const firstRewarded = taskData?.blockStimRewarded[0];
  const behavior =
    input.performance == null
      ? null
      : assessBehavior(input.performance, { isTempleton: isTempleton === true });

  return {
    isTask,
    isSync,
    isVideo,
    isEphys,
    isSorted,
    isAnnotated,
    isTraining,
    isHab,
    isWildtype,
    isOpto,
    isOptoControl,
    isTempleton,
    isContextNaive,
    isProduction: kwarg(kw, 'is_production') ?? true,
    isLateAutorewards:
      kwarg(kw, 'is_late_autorewards') ?? (taskData === null ? null : taskData.autoRewardOnsetFrame === 60),
    isFirstBlockAud: kwarg(kw, 'is_first_block_aud') ?? firstBlockAud,
    isFirstBlockVis:
      kwarg(kw, 'is_first_block_vis') ?? (firstRewarded === undefined ? null : firstRewarded.includes('vis')),
    isEngaged: kwarg(kw, 'is_engaged') ?? behavior?.isEngaged ?? null,
    isGoodBehavior: kwarg(kw, 'is_good_behavior') ?? behavior?.isGoodBehavior ?? null,
    isDeepInsertion: kwarg(kw, 'is_deep_insertion') ?? null,
    isInjectionPerturbation: kwarg(kw, 'is_injection_perturbation') ?? null,
    isInjectionControl: kwarg(kw, 'is_injection_control') ?? null,
    isStage5Passed: kwarg(kw, 'is_stage_5_passed') ?? null,
    isNaive: kwarg(kw, 'is_naive') ?? null,
    isPhotodiode: kwarg(kw, 'is_photodiode') ?? null,
  };
}

/**
 * The session's type, first match of: templeton, context_naive, muscimol_perturbation, muscimol_control,
 * opto_perturbation, opto_control, habituation, training, brainwide_survey (an ephys session with none
 * of the others); null when none applies.
 */
export function sessionType(flags: SessionFlags): string | null {
  const types: [string, Flag][] = [
    ['templeton', flags.isTempleton],
    ['context_naive', flags.isContextNaive],
    ['muscimol_perturbation', flags.isInjectionPerturbation],
    ['muscimol_control', flags.isInjectionControl],
    ['opto_perturbation', flags.isOpto],
    ['opto_control', flags.isOptoControl],
    ['habituation', flags.isHab],
    ['training', flags.isTraining],
    ['brainwide_survey', flags.isEphys],
  ];
  return types.find(([, flag]) => flag === true)?.[0] ?? null;
}

export interface KeywordContext {
  /** Issue URLs of the tracked entry. */
  issues?: readonly string[];
  /** Tags of the session's epochs (computeEpochs), added in order. */
  epochTags?: readonly string[];
  /** `day` of the tracked entry (experiment day), as `day_<n>`. */
  experimentDay?: number | null;
}

/** NWB keywords in the current reference's order and words; no duplicates. */
export function computeKeywords(flags: SessionFlags, ctx: KeywordContext = {}): string[] {
  const words: string[] = [];
  const add = (word: string, when: Flag | undefined = true) => {
    if (when === true && !words.includes(word)) words.push(word);
  };
  const either = (flag: Flag, yes: string, no: string) => {
    if (flag !== null) add(flag ? yes : no);
  };
  add('issues', (ctx.issues?.length ?? 0) > 0);
  add('task', flags.isTask);
  add('sync', flags.isSync);
  add('video', flags.isVideo);
  add('ephys', flags.isEphys);
  add('deep_insertions', flags.isDeepInsertion);
  add('units', flags.isSorted);
  add('ccf', flags.isAnnotated);
  add('training', flags.isTraining);
  add('hab', flags.isHab);
  add('dynamic_routing', not(flags.isTempleton));
  either(flags.isProduction, 'prod', 'dev');
  add('context_naive', flags.isContextNaive);
  add('stage_5_passed', flags.isStage5Passed);
  either(flags.isFirstBlockAud, 'first_block_aud', 'first_block_vis');
  either(flags.isLateAutorewards, 'late_autorewards', 'early_autorewards');
  either(flags.isGoodBehavior, 'good_behavior', 'bad_behavior');
  add('no_photodiode', not(flags.isPhotodiode));
  for (const tag of ctx.epochTags ?? []) add(tag);
  if (ctx.experimentDay != null) add(`day_${ctx.experimentDay}`);
  const type = sessionType(flags);
  if (type !== null) add(type);
  return words;
}
